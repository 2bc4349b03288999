//! [`PaymentLinkProvider`] for Mesh Paylinks.
//!
//! # Creating a link
//!
//! [`create_link`](PaymentLinkProvider::create_link) sends `POST /api/v1/linktoken` with
//!
//! | `NewPaymentLink` | Mesh request |
//! |---|---|
//! | `customer` (required) | `userId` |
//! | `reference`, or a fresh UUID v4 | `transferOptions.transactionId` |
//! | `amount` (USD only, > 0) | `transferOptions.amountInFiat`, a JSON number written digit for digit |
//! | `description` | `transferOptions.description` (Mesh documents it for Binance Pay) |
//! | (fixed) | `transferOptions.transferType: "payment"`, `transferOptions.generatePayLink: true` |
//! | (from [`Credentials::to_address`](crate::Credentials::to_address)) | `transferOptions.toAddresses` |
//!
//! `expires_at`, `success_url` and `failure_url` are refused as unsupported: the link-token
//! request has no such fields. A non-USD currency is refused: Mesh documents `amountInFiat` in
//! US dollars and the link-token request has no currency field. An amount ≤ 0 is refused before
//! sending (Mesh publishes no minimum; a zero or negative payment link cannot be paid).
//!
//! The link's URL is `content.paymentLink`, or else the top-level `paymentLink` (Mesh's spec
//! and its Paylinks guide disagree on where it is). A reply with neither is
//! [`Error::Decode`] at `content.paymentLink`. The returned link's `id` and `reference` are
//! the `transactionId`, its status [`LinkStatus::Created`], its currency `USD`.
//!
//! # Reading a link
//!
//! Mesh has no call that reads a Paylink. [`get_link`](PaymentLinkProvider::get_link) lists
//! the transfers whose `clientTransactionId` is the link's id
//! (`GET /api/v1/transfers/managed/mesh?ClientTransactionId=<id>&Count=100`) and keeps only
//! those whose `clientTransactionId` really is the id.
//!
//! - **No transfer yet → [`Error::NotFound`].** Mesh cannot tell an unpaid link from an id it
//!   never issued, and the transfer list is the only thing it can be asked, so claiming
//!   `Created` could report a link that does not exist, with an amount we would have to make up.
//!   Treat `NotFound` for an id that `create_link` returned as "no payment started yet". The
//!   error's [`ProviderError`](paylinks_core::ProviderError) has the HTTP status of the list
//!   reply (200), no code, and a message saying so.
//! - Transfer status (Mesh's `TransferStatus`, read without regard to case because its webhook
//!   example capitalises it): `pending` → [`LinkStatus::Pending`], `succeeded` →
//!   [`LinkStatus::Completed`], `failed` → [`LinkStatus::Failed`], anything else (including
//!   the undocumented `RefundPending`/`RefundSucceeded` a secondary source mentions, or a
//!   missing status, as `""`) → [`LinkStatus::Unknown`] with Mesh's word.
//! - Several transfers for one id (Mesh's own example shows a failed and a succeeded one): an
//!   unknown status anywhere wins (nothing final is claimed that we cannot justify), then
//!   `succeeded`, then `pending`; the link is `Failed` only when every transfer failed. (A
//!   payer might still retry a failed Paylink; Mesh does not document whether it can.)
//! - `amount` is the deciding transfer's `amountInFiat` (a missing one is [`Error::Decode`],
//!   since Mesh's schema makes it non-nullable, a negative one [`Error::Mismatch`]); `currency` its `amountInFiatCurrencyCode`
//!   when present; `url` is `None` (the list does not carry the Paylink URL).

use async_trait::async_trait;
use futures_util::StreamExt;
use futures_util::stream::Fuse;
use paylinks_core::validate::{Checker, Rule};
use paylinks_core::{
    Capabilities, Error, Items, LinkFilter, LinkStatus, NewPaymentLink, PaymentLink,
    PaymentLinkProvider, PaymentOutcome,
};
use rust_decimal::Decimal;

use crate::client::Client;
use crate::generated::operations::transfers;
use crate::generated::{
    GetLinkTokenRequest, LinkTokenTransferOptions, TransferModel, TransferOrderByFields,
    TransferStatus, TransferType,
};
use time::OffsetDateTime;

use crate::{CAPABILITIES, PROVIDER, USD};

/// How many transfers one `get_link` reads (Mesh's maximum page size).
const TRANSFERS_PER_LINK: i32 = 100;

impl Client {
    /// The link-token request [`create_link`](PaymentLinkProvider::create_link) sends for
    /// `link` with `transaction_id`, after the capability and input checks.
    pub(crate) fn payment_link_request(
        &self,
        link: &NewPaymentLink,
        transaction_id: String,
    ) -> Result<GetLinkTokenRequest, Error> {
        CAPABILITIES.check(PROVIDER, link)?;
        let to_addresses = self.to_addresses();
        if to_addresses.is_empty() {
            return Err(Error::violation(
                PROVIDER,
                "transferOptions.toAddresses",
                Rule::MinItems(1),
            ));
        }
        let mut checker = Checker::default();
        checker.minimum("amount", link.amount, Decimal::ZERO, true);
        checker.finish().map_err(|e| Error::invalid(PROVIDER, e))?;
        let user_id = link.customer.clone().unwrap_or_default();
        let mut transfer_options = LinkTokenTransferOptions::new()
            .to_addresses(to_addresses.to_vec())
            .amount_in_fiat(link.amount)
            .transaction_id(transaction_id)
            .transfer_type(TransferType::Payment)
            .generate_pay_link(true);
        transfer_options.description = link.description.clone();
        Ok(GetLinkTokenRequest::new(user_id).transfer_options(transfer_options))
    }
}

/// A transfer's status as the link's (in the transfer list and in webhook events): `pending`,
/// `succeeded` (final) and `failed` (final), in any case; any other word is
/// [`LinkStatus::Unknown`], as Mesh sent it.
impl From<&TransferStatus> for LinkStatus {
    fn from(status: &TransferStatus) -> Self {
        match status {
            TransferStatus::Pending => LinkStatus::Pending,
            TransferStatus::Succeeded => LinkStatus::Completed,
            TransferStatus::Failed => LinkStatus::Failed,
            other => LinkStatus::Unknown(other.as_str().to_owned()),
        }
    }
}

/// The link's status from one transfer's status, unknown when the transfer has none.
fn link_status(status: Option<&TransferStatus>) -> LinkStatus {
    status.map_or(LinkStatus::Unknown(String::new()), LinkStatus::from)
}

/// The transfer that decides a link's status, and that status: unknown first, then
/// completed, then pending, then failed.
fn deciding(transfers: &[(usize, &TransferModel)]) -> Option<(usize, LinkStatus)> {
    let rank = |s: &LinkStatus| match s {
        LinkStatus::Unknown(_) => 0,
        LinkStatus::Completed => 1,
        LinkStatus::Pending => 2,
        _ => 3,
    };
    transfers
        .iter()
        .map(|(i, t)| (*i, link_status(t.status.as_ref())))
        .min_by_key(|(_, s)| rank(s))
}

/// The link `id` as its `transfers` say (each with its index in what was read): the deciding
/// transfer's status, amount and currency, paid in full once it succeeded (Mesh moves the
/// amount asked for). `None` without a transfer; the index of the deciding transfer when it has
/// no `amountInFiat`.
fn link_of(id: &str, transfers: &[(usize, &TransferModel)]) -> Option<Result<PaymentLink, usize>> {
    let (index, status) = deciding(transfers)?;
    let transfer = transfers.iter().find(|(i, _)| *i == index)?.1;
    let Some(amount) = transfer.amount_in_fiat else {
        return Some(Err(index));
    };
    let currency = transfer
        .amount_in_fiat_currency_code
        .clone()
        .filter(|c| !c.trim().is_empty());
    let outcome = (status == LinkStatus::Completed).then_some(PaymentOutcome::Paid);
    Some(Ok(PaymentLink::new(PROVIDER, id, amount, status)
        .with_outcome(outcome)
        .with_currency(currency)
        .with_reference(Some(id.to_owned()))))
}

/// Where a listing stands: the transfers still to read, and the first transfer of the next
/// link, read while looking for the end of the previous one.
struct Grouping {
    transfers: Fuse<Items<TransferModel>>,
    next: Option<TransferModel>,
    filter: LinkFilter,
}

impl Grouping {
    /// The next link the filter admits: the run of adjacent transfers that share a
    /// `clientTransactionId`, mapped as [`get_link`](PaymentLinkProvider::get_link) maps them.
    /// A transfer without one is tied to no link and skipped; an error ends the listing.
    async fn step(mut self) -> Option<(Result<PaymentLink, Error>, Option<Self>)> {
        loop {
            let mut group = Vec::new();
            if let Some(first) = self.next.take() {
                group.push(first);
            }
            while let Some(read) = self.transfers.next().await {
                let transfer = match read {
                    Ok(transfer) => transfer,
                    Err(error) => return Some((Err(error), None)),
                };
                let Some(id) = transfer.client_transaction_id.as_deref() else {
                    continue;
                };
                match group.first() {
                    Some(first) if first.client_transaction_id.as_deref() != Some(id) => {
                        self.next = Some(transfer);
                        break;
                    }
                    _ => group.push(transfer),
                }
            }
            let id = group.first()?.client_transaction_id.clone()?;
            let indexed: Vec<(usize, &TransferModel)> = group.iter().enumerate().collect();
            let link = match link_of(&id, &indexed)? {
                Ok(link) => link,
                Err(_) => {
                    let error = Error::Decode {
                        provider: PROVIDER,
                        status: 200,
                        path: "content.items[].amountInFiat".to_owned(),
                        message: format!(
                            "a transfer with clientTransactionId {id:?} has no amountInFiat"
                        ),
                        snippet: String::new(),
                    };
                    return Some((Err(error), None));
                }
            };
            if self.filter.admits(&link.status, None) {
                return Some(match link.check_listed() {
                    Ok(link) => (Ok(link), Some(self)),
                    Err(error) => (Err(error), None),
                });
            }
        }
    }
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
        let transaction_id = link
            .reference
            .clone()
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        let body = self.payment_link_request(link, transaction_id.clone())?;
        let (response, decoded) = self.link_token_response(&body).await?;
        let non_empty = |v: &Option<String>| v.clone().filter(|v| !v.trim().is_empty());
        let url = decoded
            .content
            .as_ref()
            .and_then(|c| non_empty(&c.payment_link))
            .or_else(|| non_empty(&decoded.payment_link))
            .ok_or_else(|| Error::Decode {
                provider: PROVIDER,
                status: response.status,
                path: "content.paymentLink".to_owned(),
                message: "the reply has no paymentLink (neither content.paymentLink nor a \
                          top-level paymentLink)"
                    .to_owned(),
                snippet: paylinks_core::error::snippet(&response.body),
            })?;
        Ok(PaymentLink::new(
            PROVIDER,
            transaction_id.clone(),
            link.amount,
            LinkStatus::Created,
        )
        .with_url(Some(url))
        .with_currency(Some(USD.to_owned()))
        .with_reference(Some(transaction_id)))
    }

    /// The transfers oldest first, one link per run of adjacent transfers of one
    /// `clientTransactionId`: see the crate's docs, *Listing links*.
    fn list_links(&self, filter: &LinkFilter) -> Items<PaymentLink> {
        let mut query = transfers::Query::new()
            .order_by(TransferOrderByFields::CreatedTimestamp)
            .descending_order(false);
        query.from_timestamp = filter.created_since.map(OffsetDateTime::unix_timestamp);
        query.count = filter
            .page_size
            .map(|size| i32::try_from(size).unwrap_or(i32::MAX));
        let grouping = Grouping {
            transfers: self.transfers_stream(query).fuse(),
            next: None,
            filter: filter.clone(),
        };
        let links = futures_util::stream::unfold(Some(grouping), |grouping| async move {
            grouping?.step().await
        });
        Box::pin(links)
    }

    async fn get_link(&self, id: &str) -> Result<PaymentLink, Error> {
        if id.is_empty() {
            // An empty ClientTransactionId would not filter at all.
            return Err(Error::violation(PROVIDER, "id", Rule::MinLength(1)));
        }
        let query = transfers::Query::new()
            .count(TRANSFERS_PER_LINK)
            .client_transaction_id(id.to_owned());
        let (response, page) = self.transfers_response(&query).await?;
        let items = page
            .content
            .as_ref()
            .and_then(|c| c.items.as_deref())
            .unwrap_or_default();
        let matching: Vec<(usize, &TransferModel)> = items
            .iter()
            .enumerate()
            .filter(|(_, t)| t.client_transaction_id.as_deref() == Some(id))
            .collect();
        let Some(link) = link_of(id, &matching) else {
            return Err(Error::NotFound(Box::new(response.refusal(
                None,
                Some(format!(
                    "Mesh has no transfer with clientTransactionId {id:?} yet: the link is \
                     unpaid, or was never created"
                )),
                Vec::new(),
            ))));
        };
        let link = link.map_err(|index| Error::Decode {
            provider: PROVIDER,
            status: response.status,
            path: format!("content.items[{index}].amountInFiat"),
            message: "the transfer has no amountInFiat".to_owned(),
            snippet: paylinks_core::error::snippet(&response.body),
        })?;
        PaymentLink::check_amount(&response, link.amount)?;
        Ok(link)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_statuses_case_insensitively_and_keeps_unknown_words() {
        let s = |v: &str| link_status(Some(&TransferStatus::from(v.to_owned())));
        assert_eq!(s("pending"), LinkStatus::Pending);
        assert_eq!(s("Succeeded"), LinkStatus::Completed);
        assert_eq!(s("failed"), LinkStatus::Failed);
        assert_eq!(
            s("RefundPending"),
            LinkStatus::Unknown("RefundPending".into())
        );
        assert_eq!(link_status(None), LinkStatus::Unknown(String::new()));
    }

    #[test]
    fn the_transfer_list_reads_a_status_in_any_case_as_webhook_events_do() {
        let read = |status: &str| {
            let transfer = serde_json::json!({
                "id": "8e25acb5-a9e2-4d00-8772-a255f010a2a9",
                "status": status,
            });
            serde_json::from_value::<TransferModel>(transfer)
                .unwrap()
                .status
        };
        assert_eq!(read("Succeeded"), Some(TransferStatus::Succeeded));
        assert_eq!(read("FAILED"), Some(TransferStatus::Failed));
        assert_eq!(read("pending"), Some(TransferStatus::Pending));
        assert_eq!(
            read("refundPending"),
            Some(TransferStatus::Unknown("refundPending".into()))
        );
        // Written back as Mesh's spec spells it.
        assert_eq!(TransferStatus::from("Succeeded").as_str(), "succeeded");
        // One type: a webhook event's status is the transfer list's.
        let event: crate::webhook::TransferStatus = read("Pending").unwrap();
        assert_eq!(event, crate::webhook::TransferStatus::Pending);
    }
}
