//! [`PaymentLinkProvider`] for Pay.io: a payment link is a Mesh-backed deposit link.
//!
//! Field mapping of [`NewPaymentLink`] to `POST /v1/user/deposit/link_external_wallet`:
//!
//! | `NewPaymentLink` | Pay.io | |
//! |---|---|---|
//! | `amount` | `amount` | a JSON string, exact digits; must be > 0 |
//! | `currency` | `currency_id` | a code (`USDC`) is looked up in `GET /v1/merchant/currencies` by `currency_code` (case-insensitive; fetched once per client and cached); a value that parses as a UUID is sent as given |
//! | `customer` | `user_reference_id` | **required**: Pay.io ties every deposit to an end user |
//! | `reference`, `description`, `expires_at`, `success_url`, `failure_url` | — | unsupported: refused with [`Error::Unsupported`] before sending |
//!
//! A code that several enabled currencies share (the same token on two networks) is refused
//! as ambiguous, listing their ids and networks: pass the id of the one you mean.
//!
//! Pay.io answers with `{"link": "…"}` only. So the returned [`PaymentLink`] has the link URL
//! as **both its `id` and its `url`**, status [`LinkStatus::Created`], the amount and currency
//! as requested (a code in Pay.io's spelling, `USDC`; an id as given), and no reference or
//! expiry: with nothing echoed, nothing is held against the request.
//!
//! [`get_link`](PaymentLinkProvider::get_link) is [`Error::Unsupported`]: Pay.io documents
//! no endpoint that reads a deposit link back. The deposit it leads to shows up in
//! [`Client::user_transactions`] and in Pay.io's webhooks.

use async_trait::async_trait;
use futures_util::StreamExt;
use paylinks_core::validate::Rule;
use paylinks_core::{
    Call, Capabilities, Error, Items, LinkFilter, LinkStatus, NewPaymentLink, PaymentLink,
    PaymentLinkProvider, PaymentOutcome,
};

use crate::client::Client;
use crate::generated::operations::Currencies;
use crate::generated::{Currency, LinkExternalWallet, ListTransactionsRequest, TransactionEdge};
use crate::webhook::link_status;
use crate::{CAPABILITIES, PROVIDER};

impl Client {
    /// The merchant's currencies, fetched on first use as part of `call` and cached for the
    /// client's life (its clones share the cache). A failed fetch is not cached.
    async fn cached_currencies(&self, call: &Call<'_>) -> Result<&[Currency], Error> {
        let inner = &self.inner;
        // Another call may be fetching them: wait for it within this call's deadline.
        let fetched = inner.currencies.get_or_try_init(|| async {
            let listed = call.send(&inner.keys, &Currencies).await?;
            Ok::<_, Error>(listed.currencies.unwrap_or_default())
        });
        let list = call.within(fetched).await?;
        Ok(list)
    }

    /// The Pay.io `currency_id` for `currency` and the code to report: a UUID as given (and
    /// reported as given), else the enabled currency with that `currency_code` (reported with
    /// Pay.io's spelling of the code), looked up as part of `call`.
    pub(crate) async fn currency_id(
        &self,
        call: &Call<'_>,
        currency: &str,
    ) -> Result<(String, String), Error> {
        if uuid::Uuid::parse_str(currency).is_ok() {
            return Ok((currency.to_owned(), currency.to_owned()));
        }
        let list = self.cached_currencies(call).await?;
        let matches: Vec<&Currency> = list
            .iter()
            .filter(|c| {
                c.currency_code
                    .as_deref()
                    .is_some_and(|code| code.eq_ignore_ascii_case(currency))
            })
            .collect();
        let unsupported = |reason: String| Error::Unsupported {
            provider: PROVIDER,
            field: "currency",
            reason,
        };
        match matches.as_slice() {
            [one] => match (&one.id, &one.currency_code) {
                (Some(id), Some(code)) => Ok((id.clone(), code.clone())),
                _ => Err(unsupported(format!(
                    "payio lists currency {currency} without an id; pass its currency_id instead"
                ))),
            },
            [] => {
                let mut known: Vec<&str> = list
                    .iter()
                    .filter_map(|c| c.currency_code.as_deref())
                    .collect();
                known.sort_unstable();
                known.dedup();
                Err(unsupported(format!(
                    "currency {currency} is not enabled for this merchant (enabled: {})",
                    if known.is_empty() {
                        "none".to_owned()
                    } else {
                        known.join(", ")
                    }
                )))
            }
            several => Err(unsupported(format!(
                "currency {currency} is enabled on several networks ({}); pass the currency_id of the one you mean",
                several
                    .iter()
                    .map(|c| format!(
                        "{}: {}",
                        c.network.as_deref().unwrap_or("unknown network"),
                        c.id.as_deref().unwrap_or("no id")
                    ))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }
}

/// A listed deposit in core terms (see the crate's docs, *Listing links*); [`Error::Decode`]
/// naming the field when it has no `correlation_key` or no `amount`, [`Error::Mismatch`] when
/// its amount is negative.
fn deposit_link(edge: TransactionEdge) -> Result<PaymentLink, Error> {
    let node = edge.node.unwrap_or_default();
    let missing = |field: &str| Error::Decode {
        provider: PROVIDER,
        status: 200,
        path: format!("edges[].node.{field}"),
        message: "a listed deposit has no such field".to_owned(),
        snippet: String::new(),
    };
    let id = node
        .correlation_key
        .ok_or_else(|| missing("correlation_key"))?;
    let amount = node.amount.ok_or_else(|| missing("amount"))?;
    // Pay.io documents `failure_reason` as null unless the transaction failed and
    // `completed_at` as null until it completed: the two explicit words on a deposit's end.
    let (status, outcome) = if node.failure_reason.is_some() {
        (LinkStatus::Failed, None)
    } else if node.completed_at.is_some() {
        (LinkStatus::Completed, Some(PaymentOutcome::Paid))
    } else {
        let word = node.merchant_status.as_deref().unwrap_or_default();
        (link_status(word), None)
    };
    PaymentLink::new(PROVIDER, id, amount, status)
        .with_currency(node.currency.and_then(|currency| currency.code))
        .with_outcome(outcome)
        .check_listed()
}

#[async_trait]
impl PaymentLinkProvider for Client {
    fn name(&self) -> &'static str {
        PROVIDER
    }

    fn capabilities(&self) -> Capabilities {
        CAPABILITIES
    }

    paylinks_core::provider_settings!();

    async fn create_link(&self, link: &NewPaymentLink) -> Result<PaymentLink, Error> {
        // Refuses a missing or blank customer, a malformed currency, and so on (core's checks).
        CAPABILITIES.check(PROVIDER, link)?;
        crate::operations::check_positive("amount", link.amount)?;
        let user_reference_id = link.customer.clone().unwrap_or_default();
        // The currency lookup and the create are one call, with one deadline.
        let call = self.executor.call();
        let (currency_id, currency) = self.currency_id(&call, &link.currency).await?;
        let created = self
            .send_deposit_link(
                &call,
                &LinkExternalWallet::new(link.amount, currency_id, user_reference_id),
            )
            .await?;
        Ok(PaymentLink::new(
            PROVIDER,
            created.link.clone(),
            link.amount,
            LinkStatus::Created,
        )
        .with_url(Some(created.link))
        .with_currency(Some(currency)))
    }

    /// The customer's deposits, one link each: see the crate's docs, *Listing links*.
    fn list_links(&self, filter: &LinkFilter) -> Items<PaymentLink> {
        let Some(customer) = filter.customer.clone() else {
            let error = Error::violation(PROVIDER, "customer", Rule::Required);
            return Box::pin(futures_util::stream::iter([Err(error)]));
        };
        let mut body =
            ListTransactionsRequest::new(customer).transaction_types(vec!["Deposit".to_owned()]);
        body.first = filter.page_size.map(i64::from);
        let filter = filter.clone();
        let links = self.user_transactions_stream(body).filter_map(move |read| {
            let link = read.and_then(|edge| {
                let inserted_at = edge
                    .inserted_at
                    .or_else(|| edge.node.as_ref().and_then(|node| node.inserted_at));
                deposit_link(edge).map(|link| (link, inserted_at))
            });
            futures_util::future::ready(match link {
                Ok((link, inserted_at)) => {
                    filter.admits(&link.status, inserted_at).then_some(Ok(link))
                }
                Err(error) => Some(Err(error)),
            })
        });
        // A deposit that cannot be reported ends the listing, as an error of a page does.
        paylinks_core::paging::until_error(links)
    }

    async fn get_link(&self, _id: &str) -> Result<PaymentLink, Error> {
        Err(Error::Unsupported {
            provider: PROVIDER,
            field: "get_link",
            reason: "Pay.io documents no endpoint that reads a deposit link back (its create call \
                     returns only the link URL); follow the deposit with \
                     Client::user_transactions or Pay.io's webhooks"
                .to_owned(),
        })
    }
}
