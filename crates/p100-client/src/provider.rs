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
//! Replies: a create reply that echoes another amount than asked, and any negative amount in a
//! create or details reply, is [`Error::Mismatch`] (P100 echoes no currency).
//!
//! Status mapping: a new link is [`LinkStatus::Created`]. P100 has published no status values for
//! a payment link (the docs mention pending, confirmed and failed only as examples of webhook
//! updates), so every `status` read back is [`LinkStatus::Unknown`] with P100's word, and none
//! is ever reported as final. A details reply without a `status` is `Unknown("")`.

use paylinks_core::validate::Rule;
use paylinks_core::{
    Capabilities, Error, LinkStatus, NewPaymentLink, PaymentLink, PaymentLinkProvider,
};

use crate::client::Client;
use crate::generated::{GeneratePaymentLinkRequest, PaymentLinkDetails};
use crate::{CAPABILITIES, CURRENCY, PROVIDER};

/// The create request for a link: its amount, expiry and reference. Fails like
/// [`Capabilities::check`] against [`CAPABILITIES`] (both the reference and the expiry are
/// required).
impl TryFrom<&NewPaymentLink> for GeneratePaymentLinkRequest {
    type Error = Error;

    fn try_from(link: &NewPaymentLink) -> Result<Self, Error> {
        CAPABILITIES.check(PROVIDER, link)?;
        // `check` already refused a link without these; this only keeps the code panic-free.
        let reference = link
            .reference
            .as_ref()
            .ok_or_else(|| Error::violation(PROVIDER, "reference", Rule::Required))?;
        let expires_at = link
            .expires_at
            .ok_or_else(|| Error::violation(PROVIDER, "expires_at", Rule::Required))?;
        Ok(GeneratePaymentLinkRequest::new(
            link.amount,
            expires_at,
            reference.clone(),
        ))
    }
}

/// A details reply in core terms; one without an amount cannot be a link.
impl TryFrom<&PaymentLinkDetails> for PaymentLink {
    type Error = Error;

    fn try_from(details: &PaymentLinkDetails) -> Result<Self, Error> {
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
        .with_url(details.url.clone())
        .with_currency(Some(CURRENCY.to_owned()))
        .with_reference(details.reference.clone())
        .with_expires_at(details.expires_at))
    }
}

#[async_trait::async_trait]
impl PaymentLinkProvider for Client {
    fn name(&self) -> &'static str {
        PROVIDER
    }

    fn capabilities(&self) -> Capabilities {
        CAPABILITIES
    }

    paylinks_core::provider_settings!();

    /// P100 may echo the amount (never a currency): a reply with another is
    /// [`Error::Mismatch`].
    async fn create_link(&self, link: &NewPaymentLink) -> Result<PaymentLink, Error> {
        let body = GeneratePaymentLinkRequest::try_from(link)?;
        let (response, created) = self.send_create_payment_link(&body).await?;
        link.check_echo(&response, created.amount, None)?;
        Ok(PaymentLink::new(
            PROVIDER,
            created.payment_link_id.to_string(),
            created.amount.unwrap_or(link.amount),
            LinkStatus::Created,
        )
        .with_url(Some(created.url))
        .with_currency(Some(CURRENCY.to_owned()))
        .with_reference(Some(body.reference))
        .with_expires_at(created.expires_at.or(Some(body.expires_at))))
    }

    /// A link read with a negative amount is [`Error::Mismatch`].
    async fn get_link(&self, id: &str) -> Result<PaymentLink, Error> {
        let (response, details) = self.send_get_payment_link(id).await?;
        let link = PaymentLink::try_from(&details)?;
        PaymentLink::check_amount(&response, link.amount)?;
        Ok(link)
    }
}

/// P100's link status: undocumented, so always [`LinkStatus::Unknown`] with the raw value.
pub(crate) fn status(raw: Option<&str>) -> LinkStatus {
    LinkStatus::Unknown(raw.unwrap_or_default().to_owned())
}
