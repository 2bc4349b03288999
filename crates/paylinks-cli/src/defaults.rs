//! What `create` and `demo` fill in when a value is not given (listed under `create --help`).

use mesh_client::generated::{NetworkResponseWithIntegrations, NetworkType};
use paylinks_core::{Capabilities, NewPaymentLink, Support};
use paylinks_sandbox::Provider;
use time::{Duration, OffsetDateTime};

use crate::failure::Failure;
use crate::providers::{self, Destination, Source};

/// Txn lists no currencies; its documented examples are in EUR.
const TXN_CURRENCY: &str = "EUR";

/// How long a link lives when the provider requires an expiry and none is given.
const EXPIRY: Duration = Duration::hours(1);

/// The customer id used against the embedded sandbox when the provider requires one.
const SANDBOX_CUSTOMER: &str = "sandbox-customer";

/// The address the embedded sandbox's Mesh destination pays into: an EVM address no one holds
/// a key for. The sandbox moves no money.
const SANDBOX_ADDRESS: &str = "0x000000000000000000000000000000000000dEaD";

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

/// A Mesh destination from the networks the embedded sandbox lists: the first EVM network with
/// a token, else the first network with one, paying into [`SANDBOX_ADDRESS`].
pub(crate) async fn mesh_destination(source: &Source<'_>) -> Result<Destination, Failure> {
    let client = providers::mesh(source, &[])?;
    let networks = client
        .networks()
        .await
        .map_err(|e| Failure::from(e).during("listing the sandbox's networks for --to"))?
        .content
        .and_then(|c| c.networks)
        .unwrap_or_default();
    let usable = || networks.iter().filter_map(|n| Some((n, n.id?, token(n)?)));
    let chosen = usable()
        .find(|(n, ..)| n.network_type == Some(NetworkType::Evm))
        .or_else(|| usable().next());
    let Some((_, network, symbol)) = chosen else {
        return Err(Failure::usage(
            "--to",
            "the sandbox lists no Mesh network with a token; pass --to SYMBOL:NETWORK_ID:ADDRESS",
        ));
    };
    Ok(Destination {
        symbol,
        network,
        address: SANDBOX_ADDRESS.to_owned(),
    })
}

/// The first token a network can transfer: from `supportedTokens`, else `tokens`, else the
/// native coin.
fn token(network: &NetworkResponseWithIntegrations) -> Option<String> {
    let non_empty = |s: &String| !s.trim().is_empty();
    network
        .supported_tokens
        .iter()
        .flatten()
        .find(|s| non_empty(s))
        .cloned()
        .or_else(|| {
            network
                .tokens
                .iter()
                .flatten()
                .filter_map(|t| t.symbol.clone())
                .find(non_empty)
        })
        .or_else(|| network.native_symbol.clone().filter(non_empty))
}
