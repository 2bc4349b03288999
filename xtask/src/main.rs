//! `cargo xtask`: the project's own automation.
//!
//! - `cargo xtask codegen` regenerates every provider crate's `src/generated.rs` from `openapi/`,
//!   and copies each spec byte for byte into `crates/paylinks-sandbox/openapi/`, which the
//!   sandbox embeds (a published crate can only embed files inside itself).
//! - `cargo xtask codegen --check` regenerates in memory, prints a unified diff for every stale
//!   file (generated code or spec copy) and exits non-zero if any is stale; CI runs it.
//! - `cargo xtask import <provider> --from FILE` derives `openapi/<provider>`'s spec from the
//!   provider's published document and `openapi/<provider>.overlay.yaml` (see [`xtask::import`]),
//!   prints what changed and writes the spec.
//! - `cargo xtask bench [--quick] [--build | --build-all]` builds `paylinks-bench` in release
//!   mode, runs its scenarios, prints one table and writes `BENCHMARKS.md` (see [`xtask::bench`]).

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check]\n       cargo xtask import <provider> --from FILE\n       cargo xtask bench [--quick] [--build | --build-all]";

/// `cargo xtask import`: derives the spec, prints what changed, writes it.
#[allow(clippy::print_stderr, clippy::print_stdout)]
fn import(root: &std::path::Path, provider: &str, from: &str) -> ExitCode {
    let imported = match xtask::import::import(root, provider, std::path::Path::new(from)) {
        Ok(imported) => imported,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    if imported.old_text == imported.new_text {
        eprintln!("unchanged: {}", imported.path.display());
        return ExitCode::SUCCESS;
    }
    if let Err(err) = std::fs::write(&imported.path, &imported.new_text) {
        eprintln!("error: {}: {err}", imported.path.display());
        return ExitCode::FAILURE;
    }
    eprintln!("wrote: {}", imported.path.display());
    ExitCode::SUCCESS
}

/// `cargo xtask bench`: prints the table and writes `BENCHMARKS.md`.
#[allow(clippy::print_stderr, clippy::print_stdout)]
fn bench(root: &std::path::Path, flags: &[&str]) -> ExitCode {
    let mut options = xtask::bench::Options::default();
    for flag in flags {
        match *flag {
            "--quick" => options.quick = true,
            "--build" => options.build = Some(options.build.unwrap_or(false)),
            "--build-all" => options.build = Some(true),
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    match xtask::bench::run(root, options) {
        Ok(report) => {
            println!("{report}");
            if let Err(err) = std::fs::write(root.join("BENCHMARKS.md"), &report) {
                eprintln!("error: writing BENCHMARKS.md: {err}");
                return ExitCode::FAILURE;
            }
            eprintln!("wrote {}", root.join("BENCHMARKS.md").display());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

#[allow(clippy::print_stderr)]
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    // `cargo run` sets CARGO_MANIFEST_DIR for the process: read it at run time, so a binary
    // built from another checkout never regenerates that checkout's files.
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    let root = manifest_dir.parent().map(PathBuf::from).unwrap_or_default();
    let check = match args.as_slice() {
        ["codegen"] => false,
        ["codegen", "--check"] => true,
        ["bench", flags @ ..] => return bench(&root, flags),
        ["import", provider, "--from", from] => return import(&root, provider, from),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
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
