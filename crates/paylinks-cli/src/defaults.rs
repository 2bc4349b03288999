//! What `create` and `demo` fill in when a value is not given (listed under `create --help`).

use paylinks::{Credentials, MeshDestination, Options, Provider};
use paylinks_core::{Capabilities, NewPaymentLink, PaymentLink, PaymentLinkProvider, Support};
use time::{Duration, OffsetDateTime};

use crate::failure::Failure;
use crate::target::Source;

/// The currency of a link whose provider lists none (Txn; its documented examples are in EUR).
const FALLBACK_CURRENCY: &str = "EUR";

/// How long a link lives when the provider requires an expiry and none is given.
const EXPIRY: Duration = Duration::hours(1);

/// The customer id used against the embedded sandbox when the provider requires one.
const SANDBOX_CUSTOMER: &str = "sandbox-customer";

/// A new link's client and its currency: `currency` when given, else the provider's default,
/// the first currency its capabilities list; Txn, which lists none, EUR; Pay.io, which lists
/// none either, the first currency the merchant has enabled, read through the same client
/// that then creates the link. Mesh's links offer the payer `to`.
pub(crate) async fn client_and_currency(
    provider: Provider,
    source: &Source<'_>,
    to: Vec<MeshDestination>,
    currency: Option<String>,
) -> Result<(Box<dyn PaymentLinkProvider>, Currency), Failure> {
    let (credentials, environment) = source.credentials(provider)?;
    let mut options = Options::new();
    options.mesh_to = to;
    match (credentials, currency) {
        (Credentials::Payio(keys), None) => {
            let client = paylinks::build(keys, environment, &options)?;
            let currency = payio_currency(&client).await?;
            Ok((Box::new(client), currency))
        }
        (credentials, currency) => {
            let client = paylinks::client(credentials, environment, &options)?;
            let sent = currency.unwrap_or_else(|| {
                let listed = client
                    .capabilities()
                    .currencies
                    .and_then(|list| list.first());
                listed.map_or(FALLBACK_CURRENCY, |first| *first).to_owned()
            });
            Ok((client, Currency { sent, shown: None }))
        }
    }
}

/// The currency a new link is created in.
pub(crate) struct Currency {
    /// What the link is created with.
    pub(crate) sent: String,
    /// What the created link reports instead, when the provider would echo an id the CLI chose
    /// (Pay.io's default is sent by id, so that the client need not list the currencies again).
    shown: Option<String>,
}

impl Currency {
    /// The created link, reporting the currency as the caller would have named it.
    pub(crate) fn report(self, created: PaymentLink) -> PaymentLink {
        match self.shown {
            Some(shown) => created.with_currency(Some(shown)),
            None => created,
        }
    }
}

/// The first currency in Pay.io's list of the merchant's currencies, sent by its id where it
/// has one; reported by its code, or by its id when another enabled currency shares the code
/// (the same token on another network).
async fn payio_currency(client: &payio_client::Client) -> Result<Currency, Failure> {
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
    let (sent, shown) = match id {
        Some(id) if shared => (id, None),
        Some(id) => (id, Some(code)),
        None => (code, None),
    };
    Ok(Currency { sent, shown })
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
