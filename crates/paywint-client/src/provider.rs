//! Paywint behind [`PaymentLinkProvider`].
//!
//! Field mapping of [`NewPaymentLink`]:
//!
//! | core field | Paywint | |
//! |---|---|---|
//! | `amount` | `amount` | a JSON number, digit for digit; must be > 0 |
//! | `currency` | — | Paywint amounts are USD; any other currency is refused |
//! | `description` | `description` | optional, ≤ 255 characters |
//! | `reference` | `invoice_number` | optional, ≤ 20 characters |
//! | `customer`, `expires_at`, `success_url`, `failure_url` | — | unsupported: refused, never dropped |
//!
//! A created link is [`LinkStatus::Created`] (Paywint: it "creates a new pending payment
//! request"); its id is Paywint's `payment_id` and its URL the `payment_link`. Reading it back
//! reads the payment (`GET /api/user-api/payment/get/{payment_id}`), mapped by [`link_status`].
//! Neither reply echoes `invoice_number`, and the payment object carries no link URL, so
//! `reference` and, on reads, `url` are `None`. The create reply echoes no amount either, so
//! there is nothing to hold against the request; a payment read with a negative amount is
//! [`Error::Mismatch`].

use std::collections::{HashSet, VecDeque};

use futures_util::StreamExt;
use paylinks_core::{
    Capabilities, Error, Items, LinkFilter, LinkStatus, NewPaymentLink, PaymentLink,
    PaymentLinkProvider, PaymentOutcome, ProviderError, error::snippet,
};

use crate::client::Client;
use crate::generated::{
    ExternalApiPaymentLinkCreateRequest, ExternalApiPaymentRead, ExternalPaginationRequest,
};
use crate::{CAPABILITIES, CURRENCY, PROVIDER};

/// The create request for a link: its amount, description and reference (as the invoice
/// number). Fails like [`Capabilities::check`] against [`CAPABILITIES`]; the spec's own
/// constraints are checked when the request is sent.
impl TryFrom<&NewPaymentLink> for ExternalApiPaymentLinkCreateRequest {
    type Error = Error;

    fn try_from(link: &NewPaymentLink) -> Result<Self, Error> {
        CAPABILITIES.check(PROVIDER, link)?;
        let mut body = ExternalApiPaymentLinkCreateRequest::new(link.amount);
        body.description = link.description.clone();
        body.invoice_number = link.reference.clone();
        Ok(body)
    }
}

/// A Paywint payment in core terms: its id, amount, currency and status (see [`link_status`]);
/// paid in full once its status is `success`.
impl From<&ExternalApiPaymentRead> for PaymentLink {
    fn from(payment: &ExternalApiPaymentRead) -> Self {
        let status = link_status(&payment.status);
        let outcome = (status == LinkStatus::Completed).then_some(PaymentOutcome::Paid);
        PaymentLink::new(
            PROVIDER,
            payment.payment_id.to_string(),
            payment.amount,
            status,
        )
        .with_currency(payment.currency.clone())
        .with_outcome(outcome)
    }
}

/// Maps a Paywint payment `status` to a [`LinkStatus`].
///
/// Paywint publishes no list of statuses. The only documented value is `success`; the webhook
/// event names (`payment.initiated`, `.processing`, `.success`, `.failed`, `.rejected`,
/// `.retried`, `.opened`, `.expired`) suggest the others. The mapping, compared without regard
/// to case:
///
/// - `success` → [`LinkStatus::Completed`]
/// - `failed`, `rejected` → [`LinkStatus::Failed`]
/// - `expired` → [`LinkStatus::Expired`]
/// - `initiated`, `processing`, `opened`, `pending` → [`LinkStatus::Pending`]
/// - anything else, `retried` included (Paywint retries under a new payment id), →
///   [`LinkStatus::Unknown`] with Paywint's word.
pub fn link_status(status: &str) -> LinkStatus {
    match status.trim().to_ascii_lowercase().as_str() {
        "success" => LinkStatus::Completed,
        "failed" | "rejected" => LinkStatus::Failed,
        "expired" => LinkStatus::Expired,
        "initiated" | "processing" | "opened" | "pending" => LinkStatus::Pending,
        _ => LinkStatus::Unknown(status.to_owned()),
    }
}

/// The page sizes Paywint takes for `rows_per_page`, smallest first.
const PAGE_SIZES: [u32; 4] = [10, 20, 50, 100];

/// The ids of the last payments a listing yielded, at most one page of them.
struct Recent {
    order: VecDeque<uuid::Uuid>,
    ids: HashSet<uuid::Uuid>,
    capacity: usize,
}

impl Recent {
    /// Whether `id` is new to the last `capacity` ids, remembering it (and forgetting the
    /// oldest one) when it is.
    fn admit(&mut self, id: uuid::Uuid) -> bool {
        if !self.ids.insert(id) {
            return false;
        }
        self.order.push_back(id);
        if self.order.len() > self.capacity
            && let Some(oldest) = self.order.pop_front()
        {
            self.ids.remove(&oldest);
        }
        true
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

    async fn create_link(&self, link: &NewPaymentLink) -> Result<PaymentLink, Error> {
        let body = ExternalApiPaymentLinkCreateRequest::try_from(link)?;
        let (response, created) = self.send_create_payment_link(&body).await?;
        let missing = |path: &str| Error::Decode {
            provider: PROVIDER,
            status: response.status,
            path: path.to_owned(),
            message: "missing from a successful create-payment-link response".to_owned(),
            snippet: snippet(&response.body),
        };
        let data = created.data.ok_or_else(|| missing("data"))?;
        let id = data.payment_id.ok_or_else(|| missing("data.payment_id"))?;
        let url = data
            .payment_link
            .ok_or_else(|| missing("data.payment_link"))?;
        Ok(
            PaymentLink::new(PROVIDER, id.to_string(), link.amount, LinkStatus::Created)
                .with_url(Some(url))
                .with_currency(Some(CURRENCY.to_owned())),
        )
    }

    /// The payments received, a repeat within a page's length skipped, both filters applied
    /// to what is listed: see the crate's docs, *Listing links*.
    fn list_links(&self, filter: &LinkFilter) -> Items<PaymentLink> {
        // The smallest size Paywint takes that holds the size asked; its largest unless set.
        let rows_per_page = filter
            .page_size
            .and_then(|asked| PAGE_SIZES.into_iter().find(|size| asked <= *size))
            .unwrap_or(100);
        let capacity = rows_per_page as usize;
        let mut recent = Recent {
            order: VecDeque::with_capacity(capacity + 1),
            ids: HashSet::with_capacity(capacity + 1),
            capacity,
        };
        let filter = filter.clone();
        let body = ExternalPaginationRequest::new(i64::from(rows_per_page), 1);
        let links = self
            .list_payments_received_stream(body)
            .filter_map(move |read| {
                let link = match read {
                    Ok(payment) if !recent.admit(payment.payment_id) => None,
                    Ok(payment) => {
                        let link = PaymentLink::from(&payment);
                        filter
                            .admits(&link.status, payment.created_at)
                            .then(|| link.check_listed())
                    }
                    Err(error) => Some(Err(error)),
                };
                futures_util::future::ready(link)
            });
        // A link that cannot be reported ends the listing, as a failed page does.
        paylinks_core::paging::until_error(links)
    }

    async fn get_link(&self, id: &str) -> Result<PaymentLink, Error> {
        let payment_id = uuid::Uuid::parse_str(id).map_err(|e| {
            Error::violation(
                PROVIDER,
                "payment_id",
                paylinks_core::validate::Rule::Serializable(format!(
                    "Paywint payment ids are UUIDs: {e}"
                )),
            )
        })?;
        let (response, read) = self.send_get_payment(&payment_id).await?;
        let Some(payment) = read.data else {
            // "The payment, when one was found": a success without one is a miss.
            return Err(Error::NotFound(Box::new(ProviderError {
                provider: PROVIDER,
                status: response.status,
                code: None,
                message: read.message,
                fields: Vec::new(),
                body: response.body,
            })));
        };
        PaymentLink::check_amount(&response, payment.amount)?;
        Ok(PaymentLink::from(&payment))
    }
}
