//! [`PaymentLinkProvider`] for Txn: the provider-neutral link ↔ Txn's JSON:API resource.
//!
//! A create reply whose `amount` (compared as a decimal) or `currency` (without regard to case)
//! is not the one asked, and a link read with a negative `amount`, is [`Error::Mismatch`]: the
//! link it describes is not the one asked for.

use futures_util::StreamExt;
use paylinks_core::validate::Rule;
use paylinks_core::{
    Capabilities, Error, Items, LinkFilter, LinkStatus, NewPaymentLink, PaymentLink,
    PaymentLinkProvider, PaymentOutcome,
};
use serde::Deserialize;
use serde_json::Value;

use crate::client::Client;
use crate::generated::operations::list_payment_links;
use crate::generated::{
    CreatePaymentLinkAttributes, CreatePaymentLinkData, CreatePaymentLinkRequest, OrderType,
    PaymentLinkDocument, PaymentLinkOrder, PaymentLinkRequestType, PaymentLinkResource,
    PaymentLinkStatus, PaymentType,
};
use crate::webhook::{self, InvoiceAttributes};
use crate::{CAPABILITIES, PROVIDER};

/// The create request for a link: an `Invoice` payment link, with only the fields the link sets
/// (the expiry converted to UTC). Fails like [`Capabilities::check`] against
/// [`CAPABILITIES`], and when the expiry is past year 9999 in UTC; the spec's own constraints
/// are checked when the request is sent.
impl TryFrom<&NewPaymentLink> for CreatePaymentLinkRequest {
    type Error = Error;

    fn try_from(link: &NewPaymentLink) -> Result<Self, Error> {
        CAPABILITIES.check(PROVIDER, link)?;
        let invalid = |rule| Error::violation(PROVIDER, "expires_at", rule);
        let expires_at = link.expires_at.ok_or_else(|| invalid(Rule::Required))?;
        // Sent in UTC, the form Txn's examples use (`2026-06-01T23:00:00.000Z`).
        let expires_at = paylinks_core::wire::utc(expires_at).ok_or_else(|| {
            invalid(Rule::Serializable(
                "the year must be between 0000 and 9999 in UTC".to_owned(),
            ))
        })?;
        let mut attributes = CreatePaymentLinkAttributes::new(
            link.amount,
            link.currency.clone(),
            PaymentType::Invoice,
            expires_at,
        );
        attributes.reference = link.reference.clone();
        attributes.success_redirect_url = link.success_url.as_ref().map(ToString::to_string);
        attributes.unsuccess_redirect_url = link.failure_url.as_ref().map(ToString::to_string);
        Ok(CreatePaymentLinkRequest::new(CreatePaymentLinkData::new(
            PaymentLinkRequestType::PaymentLinks,
            attributes,
        )))
    }
}

/// Txn's link status in core terms. Txn documents `completed` (the end user started the child
/// invoice or payout) and `expired` as final, `created` and `pending` as not final; any other
/// value is [`LinkStatus::Unknown`] with Txn's word.
impl From<&PaymentLinkStatus> for LinkStatus {
    fn from(status: &PaymentLinkStatus) -> Self {
        match status {
            PaymentLinkStatus::Created => LinkStatus::Created,
            PaymentLinkStatus::Pending => LinkStatus::Pending,
            PaymentLinkStatus::Completed => LinkStatus::Completed,
            PaymentLinkStatus::Expired => LinkStatus::Expired,
            PaymentLinkStatus::Unknown(raw) => LinkStatus::Unknown(raw.clone()),
        }
    }
}

/// A Txn payment-link resource in core terms: `hostedPageUrl` is the link's URL.
impl From<&PaymentLinkResource> for PaymentLink {
    fn from(resource: &PaymentLinkResource) -> Self {
        let attributes = &resource.attributes;
        PaymentLink::new(
            PROVIDER,
            resource.id.clone(),
            attributes.amount,
            LinkStatus::from(&attributes.status),
        )
        .with_url(Some(attributes.hosted_page_url.clone()))
        .with_currency(Some(attributes.currency.clone()))
        .with_reference(attributes.reference.clone())
        .with_expires_at(Some(attributes.expires_at))
    }
}

/// A link document in core terms: the link, and the money outcome of its child invoice when
/// `included[]` carries the invoice that `relationships.target` names (see
/// [`webhook::InvoiceEvent`] for the mapping: paid, underpaid or overpaid once the invoice is
/// `completed`). A link whose child is a payout, or is not included, has no outcome.
impl From<&PaymentLinkDocument> for PaymentLink {
    fn from(document: &PaymentLinkDocument) -> Self {
        PaymentLink::from(&document.data).with_outcome(child_outcome(document))
    }
}

/// The outcome of the child invoice named by the link and carried in `included[]`.
fn child_outcome(document: &PaymentLinkDocument) -> Option<PaymentOutcome> {
    let relationships = document.data.relationships.as_ref()?;
    let target = relationships.target.as_ref()?.data.as_ref()?;
    if target.r#type != "invoices" {
        return None;
    }
    let text =
        |resource: &Value, key: &str| resource.get(key).and_then(Value::as_str).map(str::to_owned);
    let invoice = document.included.as_deref()?.iter().find(|resource| {
        text(resource, "type").as_deref() == Some("invoices")
            && text(resource, "id").as_deref() == Some(target.id.as_str())
    })?;
    let attributes = InvoiceAttributes::deserialize(invoice.get("attributes")?).ok()?;
    webhook::outcome(&attributes)
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

    /// Txn echoes the amount and currency: a reply with others is [`Error::Mismatch`].
    async fn create_link(&self, link: &NewPaymentLink) -> Result<PaymentLink, Error> {
        let request = CreatePaymentLinkRequest::try_from(link)?;
        let (response, document) = self.send_create_payment_link(&request).await?;
        let echoed = &document.data.attributes;
        link.check_echo(&response, Some(echoed.amount), Some(&echoed.currency))?;
        Ok(PaymentLink::from(&document))
    }

    /// A link read with a negative amount is [`Error::Mismatch`].
    async fn get_link(&self, id: &str) -> Result<PaymentLink, Error> {
        let (response, document) = self.send_get_payment_link(id).await?;
        PaymentLink::check_amount(&response, document.data.attributes.amount)?;
        Ok(PaymentLink::from(&document))
    }

    /// Oldest first, `created_since` and the page size sent, the status applied to what is
    /// listed, a completed link read again for its outcome: see the crate's docs, *Listing links*.
    fn list_links(&self, filter: &LinkFilter) -> Items<PaymentLink> {
        let mut query = list_payment_links::Query::new()
            .order(PaymentLinkOrder::CreatedAt)
            .order_type(OrderType::Asc);
        query.created_at_from = filter.created_since;
        query.per_page = filter.page_size.map(i64::from);
        let client = self.clone();
        let filter = filter.clone();
        let links = self
            .list_payment_links_stream(query)
            .filter_map(move |listed| {
                let client = client.clone();
                let filter = filter.clone();
                async move {
                    let resource = match listed {
                        Ok(resource) => resource,
                        Err(error) => return Some(Err(error)),
                    };
                    let link = PaymentLink::from(&resource);
                    if !filter.admits(&link.status, Some(resource.attributes.created_at)) {
                        return None;
                    }
                    if link.status != LinkStatus::Completed {
                        return Some(Ok(link));
                    }
                    Some(client.get_link(&resource.id).await)
                }
            });
        // A failed read ends the listing, as a failed page does.
        paylinks_core::paging::until_error(links)
    }
}
