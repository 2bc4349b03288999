//! `cargo xtask`: the project's own automation.
//!
//! - `cargo xtask codegen` regenerates every provider crate's `src/generated.rs` from `openapi/`,
//!   and copies each spec byte for byte into `crates/paylinks-sandbox/openapi/`, which the
//!   sandbox embeds (a published crate can only embed files inside itself).
//! - `cargo xtask codegen --check` regenerates in memory, prints a unified diff for every stale
//!   file (generated code or spec copy) and exits non-zero if any is stale; CI runs it.

use std::path::PathBuf;
use std::process::ExitCode;

#[allow(clippy::print_stderr)]
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let check = match args.as_slice() {
        ["codegen"] => false,
        ["codegen", "--check"] => true,
        _ => {
            eprintln!("usage: cargo xtask codegen [--check]");
            return ExitCode::from(2);
        }
    };
    // `cargo run` sets CARGO_MANIFEST_DIR for the process: read it at run time, so a binary
    // built from another checkout never regenerates that checkout's files.
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    let root = manifest_dir.parent().map(PathBuf::from).unwrap_or_default();
    match xtask::codegen::run(&root, check) {
        Ok(report) => {
            eprint!("{report}");
            if report.is_clean() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
