//! What `create` and `demo` fill in when a value is not given (listed under `create --help`).

use paylinks_core::{Capabilities, NewPaymentLink, Support};
use paylinks_sandbox::Provider;
use time::{Duration, OffsetDateTime};

use crate::failure::Failure;
use crate::providers::{self, Source};

/// Txn lists no currencies; its documented examples are in EUR.
const TXN_CURRENCY: &str = "EUR";

/// How long a link lives when the provider requires an expiry and none is given.
const EXPIRY: Duration = Duration::hours(1);

/// The customer id used against the embedded sandbox when the provider requires one.
const SANDBOX_CUSTOMER: &str = "sandbox-customer";

/// The currency when none is given: the first the provider's capabilities list; Txn, which
/// lists none, EUR; Pay.io, which lists none either, the first currency the merchant has
/// enabled.
pub(crate) async fn currency(
    provider: Provider,
    capabilities: &Capabilities,
    source: &Source<'_>,
) -> Result<String, Failure> {
    if let Some(first) = capabilities.currencies.and_then(|list| list.first()) {
        return Ok((*first).to_owned());
    }
    match provider {
        Provider::Payio => payio_currency(source).await,
        _ => Ok(TXN_CURRENCY.to_owned()),
    }
}

/// The first currency in Pay.io's list of the merchant's currencies: its code, or its id when
/// another enabled currency shares the code (the same token on another network).
async fn payio_currency(source: &Source<'_>) -> Result<String, Failure> {
    let client = providers::payio(source)?;
    let list = client
        .currencies()
        .await
        .map_err(|e| Failure::from(e).during("listing the merchant's currencies for --currency"))?
        .currencies
        .unwrap_or_default();
    let first = list.iter().find_map(|c| match (&c.currency_code, &c.id) {
        (Some(code), id) if !code.trim().is_empty() => Some((code.clone(), id.clone())),
        (_, Some(id)) => Some((id.clone(), None)),
        _ => None,
    });
    let Some((code, id)) = first else {
        return Err(Failure::usage(
            "--currency",
            "Pay.io lists no currency enabled for this merchant; pass one",
        ));
    };
    let shared = list
        .iter()
        .filter(|c| c.currency_code.as_deref() == Some(code.as_str()))
        .count()
        > 1;
    Ok(match id {
        Some(id) if shared => id,
        _ => code,
    })
}

/// Fills the fields the provider requires and the caller left out: an expiry an hour from now
/// on any host; a customer and a reference against the embedded sandbox only.
pub(crate) fn required_fields(
    mut link: NewPaymentLink,
    capabilities: &Capabilities,
    source: &Source<'_>,
) -> NewPaymentLink {
    if capabilities.expires_at == Support::Required && link.expires_at.is_none() {
        link = link.expires_at(in_an_hour());
    }
    if let Source::Sandbox(_) = source {
        if capabilities.customer == Support::Required && link.customer.is_none() {
            link = link.customer(SANDBOX_CUSTOMER);
        }
        if capabilities.reference == Support::Required && link.reference.is_none() {
            let random = uuid::Uuid::new_v4().simple().to_string();
            link = link.reference(format!("sandbox-{}", &random[..12]));
        }
    }
    link
}

/// Now plus [`EXPIRY`], to the second.
fn in_an_hour() -> OffsetDateTime {
    let at = OffsetDateTime::now_utc() + EXPIRY;
    at.replace_nanosecond(0).unwrap_or(at)
}
