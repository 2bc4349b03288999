//! [`PaymentLinkProvider`] for Txn: the provider-neutral link ↔ Txn's JSON:API resource.
//!
//! A create reply whose `amount` (compared as a decimal) or `currency` (without regard to case)
//! is not the one asked, and a link read with a negative `amount`, is [`Error::Mismatch`]: the
//! link it describes is not the one asked for.

use std::sync::Arc;

use futures_util::StreamExt;
use futures_util::future::Either;
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
        let included = document.included.as_deref().unwrap_or_default();
        let outcome = child_invoice(&document.data, included).and_then(invoice_outcome);
        PaymentLink::from(&document.data).with_outcome(outcome)
    }
}

/// The child invoice `resource` names (`relationships.target`), when `included` carries it.
fn child_invoice<'a>(resource: &PaymentLinkResource, included: &'a [Value]) -> Option<&'a Value> {
    let target = resource
        .relationships
        .as_ref()?
        .target
        .as_ref()?
        .data
        .as_ref()?;
    if target.r#type != "invoices" {
        return None;
    }
    let text = |resource: &'a Value, key: &str| resource.get(key).and_then(Value::as_str);
    included.iter().find(|resource| {
        text(resource, "type") == Some("invoices") && text(resource, "id") == Some(&target.id)
    })
}

/// What an included invoice says of the money, as its webhook does.
fn invoice_outcome(invoice: &Value) -> Option<PaymentOutcome> {
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
    /// listed, a completed link's outcome from the child invoice the page carries or else read
    /// again: see the crate's docs, *Listing links*.
    fn list_links(&self, filter: &LinkFilter) -> Items<PaymentLink> {
        let mut query = list_payment_links::Query::new()
            .order(PaymentLinkOrder::CreatedAt)
            .order_type(OrderType::Asc);
        query.created_at_from = filter.created_since;
        query.per_page = filter.page_size.map(i64::from);
        let (client, filter) = (self.clone(), filter.clone());
        let pages = self.executor.pages(self.credentials.clone(), query);
        let links = pages.flat_map(move |page| {
            let page = match page {
                Ok(page) => page,
                Err(error) => return Either::Left(futures_util::stream::iter([Err(error)])),
            };
            let listing = Arc::new(Listed {
                client: client.clone(),
                filter: filter.clone(),
                included: page.rest.included.unwrap_or_default(),
            });
            let links = futures_util::stream::iter(page.items).filter_map(move |resource| {
                let listing = Arc::clone(&listing);
                async move { listing.link(&resource).await }
            });
            Either::Right(links)
        });
        // A failed read ends the listing, as a failed page does.
        paylinks_core::paging::until_error(links)
    }
}

/// What the links of one listed page are mapped with: the client (to read a link again), the
/// filter, and the resources the page carries in `included[]`.
struct Listed {
    client: Client,
    filter: LinkFilter,
    included: Vec<Value>,
}

impl Listed {
    /// One listed link in core terms, `None` when the filter leaves it out. A completed link
    /// (the payer started its child) takes its outcome from the child invoice the page
    /// carries, or else from reading the link again, which carries it.
    async fn link(&self, resource: &PaymentLinkResource) -> Option<Result<PaymentLink, Error>> {
        let link = PaymentLink::from(resource);
        if !self
            .filter
            .admits(&link.status, Some(resource.attributes.created_at))
        {
            return None;
        }
        if link.status != LinkStatus::Completed {
            return Some(link.check_listed());
        }
        match child_invoice(resource, &self.included) {
            Some(invoice) => Some(link.with_outcome(invoice_outcome(invoice)).check_listed()),
            None => Some(self.client.get_link(&resource.id).await),
        }
    }
}
