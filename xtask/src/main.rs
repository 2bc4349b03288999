//! `cargo xtask`: the project's own automation.
//!
//! - `cargo xtask codegen` regenerates every provider crate's `src/generated.rs` from `openapi/`,
//!   and copies each spec byte for byte into `crates/paylinks-sandbox/openapi/`, which the
//!   sandbox embeds (a published crate can only embed files inside itself).
//! - `cargo xtask codegen --check` regenerates in memory, prints a unified diff for every stale
//!   file (generated code or spec copy) and exits non-zero if any is stale; CI runs it.
//! - `cargo xtask import <provider> --from FILE` derives `openapi/<provider>`'s spec from the
//!   provider's published document and `openapi/<provider>.overlay.yaml` (see [`xtask::import`]),
//!   prints what changed (as `spec-diff` does) and writes the spec.
//! - `cargo xtask spec-diff OLD NEW` prints what changed between two versions of a spec, each
//!   change classified as breaking, additive or patch, and the version bump (see
//!   [`xtask::spec_diff`]).
//! - `cargo xtask semver <provider> [--baseline-rev REV]` runs cargo-semver-checks on the
//!   provider's crate against the crate at REV (HEAD by default); `cargo xtask semver --fixtures`
//!   shows it agrees with `spec-diff` on the spec_diff fixtures (see [`xtask::semver`]).
//! - `cargo xtask bench [--quick] [--build | --build-all]` builds `paylinks-bench` in release
//!   mode, runs its scenarios, prints one table and writes `BENCHMARKS.md` (see [`xtask::bench`]);
//!   with `--listing`, only its section on `paylinks list` and `reconcile`, printed.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check]\n       cargo xtask import <provider> --from FILE\n       cargo xtask spec-diff OLD NEW\n       cargo xtask semver (<provider> [--baseline-rev REV] | --fixtures)\n       cargo xtask bench [--quick] [--build | --build-all | --listing]";

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
    let parse = |text: &str| {
        xtask::codegen::parse_spec(&imported.path.display().to_string(), text).unwrap_or_default()
    };
    print!(
        "{}",
        xtask::spec_diff::diff(&parse(&imported.old_text), &parse(&imported.new_text))
    );
    for note in &imported.notes {
        eprintln!("note: {note}");
    }
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
            "--listing" => options.listing_only = true,
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    match xtask::bench::run(root, options) {
        Ok(report) if options.listing_only => {
            println!("{report}");
            ExitCode::SUCCESS
        }
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

/// `cargo xtask spec-diff OLD NEW`: prints the changes and the verdict.
#[allow(clippy::print_stderr, clippy::print_stdout)]
fn spec_diff(old: &str, new: &str) -> ExitCode {
    let read = |file: &str| {
        std::fs::read_to_string(file)
            .map_err(|e| format!("{file}: {e}"))
            .and_then(|text| xtask::codegen::parse_spec(file, &text).map_err(|e| e.to_string()))
    };
    match (read(old), read(new)) {
        (Ok(old), Ok(new)) => {
            print!("{}", xtask::spec_diff::diff(&old, &new));
            ExitCode::SUCCESS
        }
        (Err(err), _) | (_, Err(err)) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask semver`: cargo-semver-checks on a provider's crate, or on the fixtures.
#[allow(clippy::print_stderr, clippy::print_stdout)]
fn semver(root: &std::path::Path, args: &[&str]) -> ExitCode {
    let result = match args {
        ["--fixtures"] => xtask::semver::check_fixtures(root).map(|agreements| {
            let mut all = true;
            for a in &agreements {
                let said = a
                    .spec_diff
                    .map_or("no change".to_owned(), |k| format!("{k:?}"));
                let found = if a.semver_checks.breaking {
                    "breaking"
                } else {
                    "not breaking"
                };
                let ok = match (a.agrees(), a.type_only) {
                    (true, false) => "agree",
                    (true, true) => {
                        "agree: a type change, which cargo-semver-checks does not compare"
                    }
                    (false, _) => "DISAGREE",
                };
                println!(
                    "{:<32} spec-diff: {said:<9}  cargo-semver-checks: {found:<12}  {ok}",
                    a.name
                );
                if !a.agrees() {
                    println!("{}", a.semver_checks.output);
                    all = false;
                }
            }
            all
        }),
        [provider, rest @ ..] if !provider.starts_with('-') => {
            let rev = match rest {
                [] => "HEAD",
                ["--baseline-rev", rev] => rev,
                _ => {
                    eprintln!("{USAGE}");
                    return ExitCode::from(2);
                }
            };
            let config = root
                .join("openapi")
                .join(format!("{provider}.codegen.toml"));
            std::fs::read_to_string(&config)
                .map_err(|e| format!("{}: {e}", config.display()))
                .and_then(|text| {
                    toml::from_str::<xtask::codegen::Config>(&text).map_err(|e| e.to_string())
                })
                .and_then(|config| xtask::semver::check_crate(root, &config.krate, rev))
                .map(|verdict| {
                    println!("{}", verdict.output);
                    !verdict.breaking
                })
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
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
        ["spec-diff", old, new] => return spec_diff(old, new),
        ["semver", rest @ ..] => return semver(&root, rest),
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
