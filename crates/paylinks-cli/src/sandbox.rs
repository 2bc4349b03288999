//! `paylinks sandbox`: runs the simulator until Ctrl-C and prints how to point the other
//! commands at it.
//!
//! Everything printed is a shell comment or an `export` line, so the whole block can be pasted
//! into a shell. Pay.io's private key and its webhook public key are written to temporary files
//! (readable by the owner only) that are removed when the sandbox stops. With `--webhook-url`,
//! paying on a payer page delivers the provider's signed webhooks there.

use std::io::Write;
use std::process::ExitCode;

use paylinks::Provider;
use paylinks_sandbox::{Sandbox, SandboxBuilder, StartError};
use tempfile::NamedTempFile;

use crate::args::SandboxArgs;
use crate::failure::Failure;
use crate::output::{self, report};

/// `paylinks sandbox`.
pub(crate) async fn run(args: SandboxArgs) -> ExitCode {
    match serve(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => report(None, false, &failure),
    }
}

async fn serve(args: SandboxArgs) -> Result<(), Failure> {
    if !args.listen.ip().is_loopback() {
        return Err(Failure::usage(
            "--listen",
            format!(
                "{} is not a loopback address: the sandbox's credentials are published, so it \
                 listens on 127.0.0.1 or ::1 only",
                args.listen
            ),
        ));
    }
    // Installed before anything is printed, so a Ctrl-C right after the banner still stops
    // the sandbox cleanly.
    let mut stop =
        Stop::install().map_err(|e| Failure::Internal(format!("cannot listen for Ctrl-C: {e}")))?;
    let mut builder = Sandbox::builder()
        .listen(args.listen)
        .webhook_speedup(args.webhook_speedup);
    if let Some(links) = args.max_links {
        builder = builder.max_links(usize::try_from(links).unwrap_or(usize::MAX));
    }
    let sandbox = webhook_targets(builder, &args.webhook_urls)?
        .start()
        .await
        .map_err(|e| match e {
            StartError::Listen { .. } => Failure::usage("--listen", e.to_string()),
            other => Failure::Internal(format!("cannot start the sandbox: {other}")),
        })?;
    let (exports, key_files) = exports(&sandbox)?;
    output::stdout(&banner(&sandbox, &exports))?;

    let outcome = tokio::select! {
        () = stop.wait() => Ok(()),
        served = sandbox.wait() => served.map_err(|e| {
            Failure::Internal(format!("the sandbox stopped: {e}"))
        }),
    };
    output::stderr("# paylinks sandbox stopped");
    // The key files are dropped here, which removes them.
    drop(key_files);
    outcome
}

/// `--webhook-url`s on the builder: `URL` for every provider, `PROVIDER=URL` for one, with
/// `{provider}` replaced by the provider's name.
fn webhook_targets(
    mut builder: SandboxBuilder,
    given: &[String],
) -> Result<SandboxBuilder, Failure> {
    for text in given {
        let named = text
            .split_once('=')
            .and_then(|(name, url)| Some((name.parse::<Provider>().ok()?, url)));
        let (providers, url) = match named {
            Some((provider, url)) => (vec![provider], url),
            None => (Provider::ALL.to_vec(), text.as_str()),
        };
        for provider in providers {
            let url = url.replace("{provider}", provider.as_str());
            let url = url::Url::parse(&url)
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https"))
                .ok_or_else(|| {
                    Failure::usage("--webhook-url", format!("{url:?} is not an http(s) URL"))
                })?;
            builder = builder.webhook_url(provider.into(), url);
        }
    }
    Ok(builder)
}

/// An `export` line's variable and value.
type Export = (&'static str, String);

/// The `VARIABLE`, value pairs of every variable in `paylinks::VARIABLES`, with `sandbox`'s
/// credentials and webhook secrets, for the `--base-url` commands and `listen`; a key file's
/// variable names a temporary file holding the key (removed when the files are dropped).
/// Sandbox credentials are published and good for nothing else, so printing them is safe.
fn exports(sandbox: &Sandbox) -> Result<(Vec<Export>, Vec<NamedTempFile>), Failure> {
    let mut exports = Vec::new();
    let mut key_files = Vec::new();
    for variable in paylinks::VARIABLES {
        let Some(value) = paylinks::sandbox::published(sandbox.credentials(), variable.name) else {
            continue;
        };
        let value = if variable.holds == paylinks::Holds::PemFile {
            let file = key_file(variable.name, &value)?;
            let path = file.path().display().to_string();
            key_files.push(file);
            path
        } else {
            value
        };
        exports.push((variable.name, value));
    }
    Ok((exports, key_files))
}

/// Writes `contents` (a sandbox key, published with it) to a new temporary file, readable by
/// its owner only, named after `variable`.
fn key_file(variable: &str, contents: &str) -> Result<NamedTempFile, Failure> {
    let what = variable
        .trim_end_matches("_PATH")
        .to_ascii_lowercase()
        .replace('_', "-");
    let failed =
        |e: std::io::Error| Failure::Internal(format!("cannot write the {what} file: {e}"));
    let mut file = tempfile::Builder::new()
        .prefix(&format!("paylinks-{what}-"))
        .suffix(".pem")
        .tempfile()
        .map_err(failed)?;
    file.write_all(contents.as_bytes())
        .and_then(|()| file.flush())
        .map_err(failed)?;
    Ok(file)
}

/// The base URLs and the `export` lines.
fn banner(sandbox: &Sandbox, exports: &[Export]) -> String {
    let mut text = format!(
        "# paylinks sandbox listening on {} (Ctrl-C stops it)\n\
         # base URLs, one per provider (pass one as --base-url):\n",
        sandbox.addr()
    );
    for &provider in Provider::ALL {
        text.push_str(&format!(
            "#   {:<8} {}\n",
            provider.as_str(),
            sandbox.base_url(provider.into())
        ));
    }
    text.push_str(&format!(
        "# payer pages deliver signed webhooks where --webhook-url says; attempts: {}\n",
        sandbox.deliveries_url()
    ));
    text.push_str("# sandbox credentials (published, good for nothing else):\n");
    for (variable, value) in exports {
        text.push_str(&format!("export {variable}={}\n", shell_quote(value)));
    }
    text
}

/// `value` in single quotes, safe to paste into a POSIX shell.
fn shell_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

/// The signals that stop the sandbox (and `listen`): Ctrl-C, and on Unix also SIGTERM.
pub(crate) struct Stop {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Stop {
    /// Starts listening for the signals.
    #[cfg(unix)]
    pub(crate) fn install() -> std::io::Result<Stop> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Stop {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    /// Starts listening for Ctrl-C.
    #[cfg(not(unix))]
    pub(crate) fn install() -> std::io::Result<Stop> {
        Ok(Stop {})
    }

    /// Resolves when a signal arrives.
    #[cfg(unix)]
    pub(crate) async fn wait(&mut self) {
        tokio::select! {
            _ = self.interrupt.recv() => {},
            _ = self.terminate.recv() => {},
        }
    }

    /// Resolves when Ctrl-C is pressed (or cannot be listened for).
    #[cfg(not(unix))]
    pub(crate) async fn wait(&mut self) {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_for_a_posix_shell() {
        assert_eq!(shell_quote("txn_cmp_sandbox"), "'txn_cmp_sandbox'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
    }
}
