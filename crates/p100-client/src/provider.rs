//! [`PaymentLinkProvider`] for P100.
//!
//! Field mapping:
//! - `amount` → `amount` (a JSON string); the currency must be EUR, because P100 links carry
//!   no currency and settle in EUR;
//! - `expires_at` → `expiresAt` and `reference` → `reference`, both required (the spec requires
//!   all three request fields);
//! - `customer`, `description`, `success_url`, `failure_url`: P100 has no such fields, so
//!   setting one is [`Error::Unsupported`].
//!
//! Status mapping: a new link is [`LinkStatus::Created`]. P100 has published no status values for
//! a payment link (the docs mention pending, confirmed and failed only as examples of webhook
//! updates), so every `status` read back is [`LinkStatus::Unknown`] with P100's word, and none
//! is ever reported as final. A details reply without a `status` is `Unknown("")`.

use paylinks_core::validate::{Rule, Violation};
use paylinks_core::{
    Capabilities, Error, LinkStatus, NewPaymentLink, PaymentLink, PaymentLinkProvider, Support,
};

use crate::client::{Client, PROVIDER};
use crate::generated::{GeneratePaymentLinkRequest, PaymentLinkDetails};

/// The one currency of a P100 payment link.
pub const CURRENCY: &str = "EUR";

/// What P100 payment links honour.
pub const CAPABILITIES: Capabilities = {
    let mut caps = Capabilities::minimal();
    caps.currencies = Some(&[CURRENCY]);
    caps.reference = Support::Required;
    caps.expires_at = Support::Required;
    caps
};

#[async_trait::async_trait]
impl PaymentLinkProvider for Client {
    fn name(&self) -> &'static str {
        PROVIDER
    }

    fn capabilities(&self) -> Capabilities {
        CAPABILITIES
    }

    async fn create_link(&self, link: &NewPaymentLink) -> Result<PaymentLink, Error> {
        CAPABILITIES.check(PROVIDER, link)?;
        // `check` already refused a link without these; this only keeps the code panic-free.
        let reference = link
            .reference
            .as_ref()
            .ok_or_else(|| required("reference"))?;
        let expires_at = link.expires_at.ok_or_else(|| required("expires_at"))?;
        let body = GeneratePaymentLinkRequest::new(link.amount, expires_at, reference.clone());
        let created = self.create_payment_link(&body).await?;
        Ok(PaymentLink::new(
            PROVIDER,
            created.payment_link_id.to_string(),
            created.amount.unwrap_or(link.amount),
            LinkStatus::Created,
        )
        .with_url(Some(created.url))
        .with_currency(Some(CURRENCY.to_owned()))
        .with_reference(Some(reference.clone()))
        .with_expires_at(created.expires_at.or(Some(expires_at))))
    }

    async fn get_link(&self, id: &str) -> Result<PaymentLink, Error> {
        let details = self.get_payment_link(id).await?;
        to_link(details)
    }
}

fn required(field: &str) -> Error {
    Error::InvalidRequest {
        provider: PROVIDER,
        violations: vec![Violation {
            field: field.to_owned(),
            rule: Rule::Required,
        }],
    }
}

/// A details reply as a [`PaymentLink`]; one without an amount cannot be one.
fn to_link(details: PaymentLinkDetails) -> Result<PaymentLink, Error> {
    let amount = details.amount.ok_or_else(|| Error::Decode {
        provider: PROVIDER,
        status: 200,
        path: "amount".to_owned(),
        message: "the payment link details carry no amount".to_owned(),
        snippet: String::new(),
    })?;
    Ok(PaymentLink::new(
        PROVIDER,
        details.payment_link_id.to_string(),
        amount,
        status(details.status.as_deref()),
    )
    .with_url(details.url)
    .with_currency(Some(CURRENCY.to_owned()))
    .with_reference(details.reference)
    .with_expires_at(details.expires_at))
}

/// P100's link status: undocumented, so always [`LinkStatus::Unknown`] with the raw value.
pub(crate) fn status(raw: Option<&str>) -> LinkStatus {
    LinkStatus::Unknown(raw.unwrap_or_default().to_owned())
}
