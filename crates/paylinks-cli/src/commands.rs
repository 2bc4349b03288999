//! `paylinks create` and `paylinks get`: one provider, one link, printed as text or JSON.

use std::process::ExitCode;

use paylinks::{MeshDestination, NewPaymentLink, PaymentLink, Provider};
use rust_decimal::Decimal;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use url::Url;

use crate::args::{CreateArgs, GetArgs};
use crate::defaults;
use crate::failure::Failure;
use crate::output;
use crate::target::{Host, Source};

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
        .map(|text| instant("--expires-at", text))
        .transpose()?;
    let success_url = url_flag("--success-url", args.success_url.as_deref())?;
    let failure_url = url_flag("--failure-url", args.failure_url.as_deref())?;
    let mut to = args
        .to
        .iter()
        .map(|text| destination(text))
        .collect::<Result<Vec<_>, _>>()?;
    if !to.is_empty() && provider != Provider::Mesh {
        return Err(Failure::usage(
            "--to",
            format!("is for mesh only; {provider} takes no destination addresses"),
        ));
    }

    let host = Host::of(&args.target, provider).await?;
    let source = host.source();
    if provider == Provider::Mesh && to.is_empty() {
        let Source::Sandbox(sandbox) = source else {
            return Err(Failure::usage(
                "--to",
                "mesh needs at least one --to SYMBOL:NETWORK_ID:ADDRESS, the addresses the payer \
                 may pay into",
            ));
        };
        to = paylinks::sandbox::options(sandbox).mesh_to;
        for destination in &to {
            output::stderr(&format!(
                "paylinks: mesh: no --to: paying {} on the sandbox's network {} into {}",
                destination.symbol, destination.network, destination.address
            ));
        }
    }

    let (client, currency) =
        defaults::client_and_currency(provider, &source, to, args.currency).await?;
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
    let host = Host::of(&args.target, args.provider).await?;
    let client = host.source().client(args.provider)?;
    Ok(client.get_link(&args.id).await?)
}

/// An instant given as `flag`'s RFC 3339 value (`2026-06-01T23:00:00Z`); in UTC it must stay
/// within the years RFC 3339 writes, as every provider sends it.
pub(crate) fn instant(flag: &'static str, text: &str) -> Result<OffsetDateTime, Failure> {
    OffsetDateTime::parse(text, &Rfc3339)
        .ok()
        .filter(|at| paylinks_core::wire::utc(*at).is_some())
        .ok_or_else(|| {
            Failure::usage(
                flag,
                format!(
                    "{text:?} is not an RFC 3339 date-time in the years 0000 to 9999 \
                     (e.g. 2026-06-01T23:00:00Z)"
                ),
            )
        })
}

/// A Mesh destination from `--to SYMBOL:NETWORK_ID:ADDRESS`; the address may itself contain
/// colons.
fn destination(text: &str) -> Result<MeshDestination, Failure> {
    let bad = |why: &str| {
        Failure::usage(
            "--to",
            format!("{text:?} is not SYMBOL:NETWORK_ID:ADDRESS ({why})"),
        )
    };
    let mut parts = text.splitn(3, ':').map(str::trim);
    let (Some(symbol), Some(network), Some(address)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(bad("three parts separated by colons"));
    };
    if symbol.is_empty() || address.is_empty() {
        return Err(bad("the symbol and the address must not be empty"));
    }
    let network = uuid::Uuid::parse_str(network)
        .map_err(|_| bad("the network id is a UUID from Mesh's networks list"))?;
    Ok(MeshDestination::new(symbol, network, address))
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
        Err(failure) => output::report(Some(provider.as_str()), json, &failure),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_read_symbol_network_and_an_address_with_colons() {
        let to = destination("USDC:e3c7fdd8-b1fc-4e51-85ae-bb276e075611:bc:1q:x").unwrap();
        assert_eq!(to.symbol, "USDC");
        assert_eq!(
            to.network.to_string(),
            "e3c7fdd8-b1fc-4e51-85ae-bb276e075611"
        );
        assert_eq!(to.address, "bc:1q:x");
        for bad in [
            "USDC",
            "USDC:not-a-uuid:0xabc",
            ":e3c7fdd8-b1fc-4e51-85ae-bb276e075611:0x",
        ] {
            assert_eq!(destination(bad).unwrap_err().kind(), "usage", "{bad}");
        }
    }

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
