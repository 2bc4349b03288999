//! The `paylinks` command line. Its commands (`create`, `get`, `sandbox`, `demo`) are being
//! built on top of the provider clients; until then it says so instead of pretending.

use std::process::ExitCode;

#[allow(clippy::print_stderr)]
fn main() -> ExitCode {
    eprintln!(
        "paylinks: the CLI and its embedded sandbox are not built yet (see the open CLI issue)"
    );
    ExitCode::from(2)
}
