//! `paylinks create` and `paylinks get`: one provider, one link, printed as text or JSON.

use std::process::ExitCode;

use paylinks_core::{Environment, NewPaymentLink, PaymentLink};
use paylinks_sandbox::{Provider, Sandbox};
use rust_decimal::Decimal;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use url::Url;

use crate::args::{CreateArgs, Env, GetArgs, Target};
use crate::defaults;
use crate::failure::Failure;
use crate::output;
use crate::providers::{self, Source};

/// Where a command's requests go: a host, or the embedded sandbox it started.
#[derive(Debug)]
enum Host {
    /// `--base-url` or `--env`.
    Given(Environment),
    /// Neither: the embedded sandbox, running until the command ends.
    Embedded(Box<Sandbox>),
}

impl Host {
    /// The host as a client source.
    fn source(&self) -> Source<'_> {
        match self {
            Host::Given(environment) => Source::Host(environment.clone()),
            Host::Embedded(sandbox) => Source::Sandbox(sandbox),
        }
    }
}

/// `--base-url`, `--env`, or else the embedded sandbox, started here and announced on stderr.
async fn host(target: &Target, provider: Provider) -> Result<Host, Failure> {
    if let Some(environment) = given(target, provider)? {
        return Ok(Host::Given(environment));
    }
    let sandbox = start_sandbox().await?;
    output::stderr(&format!(
        "paylinks: no --base-url or --env: using the embedded sandbox at {} (it stops when this \
         command exits)",
        sandbox.base_url(provider)
    ));
    Ok(Host::Embedded(Box::new(sandbox)))
}

/// The host `--base-url` or `--env` names for `provider`; `None` when neither is given. An
/// `--env` the provider documents no host for is a usage error.
pub(crate) fn given(target: &Target, provider: Provider) -> Result<Option<Environment>, Failure> {
    if let Some(url) = &target.base_url {
        return Environment::custom(url)
            .map(Some)
            .map_err(|e| Failure::usage("--base-url", e.to_string()));
    }
    let hosts = paylinks_sandbox::clients::hosts(provider);
    let (environment, documented, name) = match target.env {
        Some(Env::Sandbox) => (Environment::Sandbox, hosts.sandbox, "sandbox"),
        Some(Env::Production) => (Environment::Production, hosts.production, "production"),
        None => return Ok(None),
    };
    if documented.is_none() {
        return Err(Failure::usage(
            "--env",
            format!(
                "{provider} documents no {name} host; pass the host {provider} gives you as \
                 --base-url"
            ),
        ));
    }
    Ok(Some(environment))
}

/// Starts the embedded sandbox on a free loopback port.
pub(crate) async fn start_sandbox() -> Result<Sandbox, Failure> {
    Sandbox::start()
        .await
        .map_err(|e| Failure::Internal(format!("cannot start the embedded sandbox: {e}")))
}

/// `paylinks create`.
pub(crate) async fn create(args: CreateArgs) -> ExitCode {
    let (provider, json) = (args.provider, args.json);
    finish(provider, json, create_link(args).await)
}

/// `paylinks get`.
pub(crate) async fn get(args: GetArgs) -> ExitCode {
    let (provider, json) = (args.provider, args.json);
    finish(provider, json, get_link(args).await)
}

/// Reads the flags, picks the host and the defaults, and creates the link.
async fn create_link(args: CreateArgs) -> Result<PaymentLink, Failure> {
    let provider = args.provider;
    let amount = amount(&args.amount)?;
    let expires_at = args
        .expires_at
        .as_deref()
        .map(|text| {
            // In UTC it must stay within the years RFC 3339 writes, as every provider sends it.
            OffsetDateTime::parse(text, &Rfc3339)
                .ok()
                .filter(|at| paylinks_core::wire::utc(*at).is_some())
                .ok_or_else(|| {
                    Failure::usage(
                        "--expires-at",
                        format!(
                            "{text:?} is not an RFC 3339 date-time in the years 0000 to 9999 \
                             (e.g. 2026-06-01T23:00:00Z)"
                        ),
                    )
                })
        })
        .transpose()?;
    let success_url = url_flag("--success-url", args.success_url.as_deref())?;
    let failure_url = url_flag("--failure-url", args.failure_url.as_deref())?;
    let mut to = args
        .to
        .iter()
        .map(|text| providers::destination(text))
        .collect::<Result<Vec<_>, _>>()?;
    if !to.is_empty() && provider != Provider::Mesh {
        return Err(Failure::usage(
            "--to",
            format!("is for mesh only; {provider} takes no destination addresses"),
        ));
    }

    let host = host(&args.target, provider).await?;
    let source = host.source();
    if provider == Provider::Mesh && to.is_empty() {
        let Source::Sandbox(sandbox) = source else {
            return Err(Failure::usage(
                "--to",
                "mesh needs at least one --to SYMBOL:NETWORK_ID:ADDRESS, the addresses the payer \
                 may pay into",
            ));
        };
        let destination = sandbox.mesh_destination();
        output::stderr(&format!(
            "paylinks: mesh: no --to: paying {} on the sandbox's network {} into {}",
            destination.symbol, destination.network, destination.address
        ));
        to.push(destination);
    }

    let (client, currency) =
        defaults::client_and_currency(provider, &source, &to, args.currency).await?;
    let mut link = NewPaymentLink::new(amount, currency.sent.clone());
    link.reference = args.reference;
    link.customer = args.customer;
    link.description = args.description;
    link.expires_at = expires_at;
    link.success_url = success_url;
    link.failure_url = failure_url;
    let link = defaults::required_fields(link, &client.capabilities(), &source);
    Ok(currency.report(client.create_link(&link).await?))
}

/// Reads the link back.
async fn get_link(args: GetArgs) -> Result<PaymentLink, Failure> {
    let host = host(&args.target, args.provider).await?;
    let client = providers::client(args.provider, &host.source(), &[])?;
    Ok(client.get_link(&args.id).await?)
}

/// `--amount`: digits with an optional fraction and minus sign (`100.50`, `-1`), read exactly;
/// no exponent, separator or rounding. A negative amount is read so that the provider's client
/// refuses it as an invalid request.
fn amount(text: &str) -> Result<Decimal, Failure> {
    paylinks_core::money::parse_signed_plain(text).ok_or_else(|| {
        Failure::usage(
            "--amount",
            format!("{text:?} is not a decimal amount (e.g. 100.50)"),
        )
    })
}

/// A URL flag's value, when given.
fn url_flag(flag: &'static str, value: Option<&str>) -> Result<Option<Url>, Failure> {
    value
        .map(|text| {
            Url::parse(text)
                .map_err(|e| Failure::usage(flag, format!("{text:?} is not a URL: {e}")))
        })
        .transpose()
}

/// Prints the link, or reports the failure; the exit code. When the link cannot be printed,
/// the failure names it, so a link just made is not lost.
fn finish(provider: Provider, json: bool, result: Result<PaymentLink, Failure>) -> ExitCode {
    let printed = result.and_then(|link| {
        let text = if json {
            format!("{}\n", output::link_json(&link))
        } else {
            output::link_text(&link)
        };
        output::stdout(&text).map_err(|failure| {
            let url = link.url.as_deref().unwrap_or("no url");
            Failure::Internal(format!(
                "{}; the link is {} ({url})",
                output::describe(&failure),
                link.id
            ))
        })
    });
    match printed {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => report(Some(provider.as_str()), json, &failure),
    }
}

/// Reports a failure (one line on stderr; with `json`, the JSON object on stdout) and returns
/// its exit code.
pub(crate) fn report(provider: Option<&str>, json: bool, failure: &Failure) -> ExitCode {
    output::stderr(&output::error_line(provider, failure));
    if json {
        // The exit code and the stderr line already tell the failure when stdout is gone.
        let _ = output::stdout(&format!("{}\n", output::error_json(failure)));
    }
    ExitCode::from(failure.exit_code())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_plain_decimals_read_exactly() {
        for (text, exact) in [("100.50", "100.50"), ("-1", "-1"), ("0.000001", "0.000001")] {
            assert_eq!(amount(text).unwrap().to_string(), exact);
        }
        for bad in [
            "", "abc", "1e3", "1_000", ".5", "5.", "+5", " 5", "1.2.3", "١٢",
        ] {
            assert_eq!(amount(bad).unwrap_err().kind(), "usage", "{bad}");
        }
    }
}
