//! The `paylinks` command line: create and read payment links with Pay.io, Mesh, Paywint, P100
//! or Txn, or against the embedded sandbox that simulates all five; run that sandbox; demo it;
//! receive and verify a provider's webhooks (`listen`); list a provider's links and reconcile
//! them against a shop's orders.
//!
//! Exit codes follow the failure's kind (see `failure::exit_code` and `paylinks --help`);
//! `reconcile` exits `failure::DIFFERENCES` when it found differences.

mod args;
mod closed_stdout;
mod commands;
mod defaults;
mod demo;
mod failure;
mod list;
mod listen;
mod orders;
mod output;
mod progress;
mod receivers;
mod reconcile;
mod sandbox;
mod target;
mod verdict;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};

fn main() -> ExitCode {
    let raw: Vec<OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&raw) {
        Ok(cli) => cli,
        Err(error) => return clap_error(&error, args::wants_json(&raw)),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            let failure =
                failure::Failure::Internal(format!("cannot start the async runtime: {e}"));
            return output::report(None, false, &failure);
        }
    };
    runtime.block_on(async {
        match cli.command {
            Command::Create(args) => commands::create(args).await,
            Command::Get(args) => commands::get(args).await,
            Command::Sandbox(args) => sandbox::run(args).await,
            Command::Demo => demo::run().await,
            Command::Listen(args) => listen::run(args).await,
            Command::List(args) => list::run(args).await,
            Command::Reconcile(args) => reconcile::run(args).await,
        }
    })
}

/// Prints clap's message (help and version on stdout with exit 0; a usage error on stderr with
/// exit 2, and with `--json` its JSON object on stdout).
fn clap_error(error: &clap::Error, json: bool) -> ExitCode {
    // Nothing is left to report to when stdout or stderr is gone.
    let _ = error.print();
    if json && error.use_stderr() {
        let rendered = error.render().to_string();
        let first = rendered.lines().next().unwrap_or_default();
        let message = first.strip_prefix("error: ").unwrap_or(first);
        let _ = output::stdout(&format!("{}\n", output::usage_json(message)));
    }
    // clap's own codes: 0 for help and version, 2 for usage errors.
    ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2))
}
