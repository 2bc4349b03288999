//! One async method per documented Txn payment-link call, each a generated operation sent
//! through core's one generic call ([`paylinks_core::Executor::send`]).

use paylinks_core::validate::Checker;
use paylinks_core::{Error, Response};
use rust_decimal::Decimal;

use crate::PROVIDER;
use crate::client::Client;
use crate::error;
use crate::generated::operations::{
    CreatePaymentLink, ExpirePaymentLink, GetPaymentLink, ListPaymentLinks, list_payment_links,
};
use crate::generated::{CreatePaymentLinkRequest, PaymentLinkDocument, PaymentLinkListDocument};

impl Client {
    /// `POST /api/public/v1/payment_links`: creates a payment link (Txn answers 201).
    ///
    /// An amount that is not positive is refused before sending (Txn's spec cannot say so: the
    /// amount is a string). A `reference` already used is refused with [`Error::Duplicate`]; an
    /// unsupported entry of `payCurrencies` with [`Error::Validation`]. The request is not
    /// retried once sent: Txn documents no idempotency key, only the uniqueness of `reference`.
    pub async fn create_payment_link(
        &self,
        body: &CreatePaymentLinkRequest,
    ) -> Result<PaymentLinkDocument, Error> {
        self.send_create_payment_link(body)
            .await
            .map(|(_, decoded)| decoded)
    }

    /// `GET /api/public/v1/payment_links/{id}`: reads one payment link.
    pub async fn get_payment_link(&self, id: &str) -> Result<PaymentLinkDocument, Error> {
        self.send_get_payment_link(id)
            .await
            .map(|(_, decoded)| decoded)
    }

    /// The create call, returning the raw response with the decoded body.
    pub(crate) async fn send_create_payment_link(
        &self,
        body: &CreatePaymentLinkRequest,
    ) -> Result<(Response, PaymentLinkDocument), Error> {
        let attributes = &body.data.attributes;
        let mut positive = Checker::default();
        positive.minimum(
            "data.attributes.amount",
            attributes.amount,
            Decimal::ZERO,
            true,
        );
        positive.finish().map_err(|e| Error::invalid(PROVIDER, e))?;
        self.executor
            .send_keeping(&self.credentials, &CreatePaymentLink::new(body))
            .await
            .map_err(|e| error::naming_reference(e, attributes.reference.as_deref()))
    }

    /// The get call, returning the raw response with the decoded body.
    pub(crate) async fn send_get_payment_link(
        &self,
        id: &str,
    ) -> Result<(Response, PaymentLinkDocument), Error> {
        let operation = GetPaymentLink::new(id);
        self.executor
            .send_keeping(&self.credentials, &operation)
            .await
    }

    /// `GET /api/public/v1/payment_links`: one page of payment links, filtered and ordered by
    /// `query`. The pagination `meta` and `links` are kept as raw JSON (Txn does not document
    /// them).
    pub async fn list_payment_links(
        &self,
        query: &list_payment_links::Query,
    ) -> Result<PaymentLinkListDocument, Error> {
        let operation = ListPaymentLinks::new(query);
        self.executor.send(&self.credentials, &operation).await
    }

    /// `POST /api/public/v1/payment_links/{id}/expiration`: expires a link now (no request
    /// body). Txn allows this only for links in status `created` or `pending`; the reply is
    /// the link with status `expired`.
    pub async fn expire_payment_link(&self, id: &str) -> Result<PaymentLinkDocument, Error> {
        let operation = ExpirePaymentLink::new(id);
        self.executor.send(&self.credentials, &operation).await
    }
}
