//! One async method per documented Txn payment-link call.
//!
//! Each method checks its input against the spec before any network I/O, sends the request
//! with `Authorization: Bearer …` and `Accept: application/vnd.api+json`, decodes a 2xx reply
//! as the documented JSON:API document, and maps anything else through [`crate::error`].

use paylinks_core::validate::{Checker, Validate};
use paylinks_core::{Error, Request, Response};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;

use crate::PROVIDER;
use crate::client::Client;
use crate::error;
use crate::generated::operations::{
    create_payment_link, expire_payment_link, get_payment_link, list_payment_links,
};
use crate::generated::{CreatePaymentLinkRequest, PaymentLinkDocument, PaymentLinkListDocument};

impl Client {
    /// `POST /api/public/v1/payment_links`: creates a payment link (Txn answers 201).
    ///
    /// An amount that is not positive is refused before sending (Txn's spec cannot say so: the
    /// amount is a string). A `reference` already used is refused with [`Error::Duplicate`]; an
    /// unsupported entry of `payCurrencies` with [`Error::Validation`]. The request is not retried once sent: Txn
    /// documents no idempotency key, only the uniqueness of `reference`.
    pub async fn create_payment_link(
        &self,
        body: &CreatePaymentLinkRequest,
    ) -> Result<PaymentLinkDocument, Error> {
        let mut checker = Checker::default();
        body.validate_at(&mut checker);
        checker.minimum(
            "data.attributes.amount",
            body.data.attributes.amount,
            Decimal::ZERO,
            true,
        );
        checker.finish().map_err(|e| Error::invalid(PROVIDER, e))?;
        let response = self
            .executor
            .execute(|| {
                let request = Request::new(create_payment_link::METHOD, create_payment_link::PATH)
                    .json(create_payment_link::CONTENT_TYPE, body)?
                    .accept(create_payment_link::ACCEPT);
                self.credentials.authorize(request)
            })
            .await?;
        let reference = body.data.attributes.reference.as_deref();
        decode(&response, reference)
    }

    /// `GET /api/public/v1/payment_links/{id}`: reads one payment link.
    pub async fn get_payment_link(&self, id: &str) -> Result<PaymentLinkDocument, Error> {
        let path = get_payment_link::path(id).map_err(|e| Error::invalid(PROVIDER, e))?;
        let response = self
            .executor
            .execute(|| {
                let request = Request::new(get_payment_link::METHOD, path.as_str())
                    .accept(get_payment_link::ACCEPT);
                self.credentials.authorize(request)
            })
            .await?;
        decode(&response, None)
    }

    /// `GET /api/public/v1/payment_links`: one page of payment links, filtered and ordered by
    /// `query`. The pagination `meta` and `links` are kept as raw JSON (Txn does not document
    /// them).
    pub async fn list_payment_links(
        &self,
        query: &list_payment_links::Query,
    ) -> Result<PaymentLinkListDocument, Error> {
        query.validate().map_err(|e| Error::invalid(PROVIDER, e))?;
        let pairs = query.to_pairs();
        let response = self
            .executor
            .execute(|| {
                let request = Request::new(list_payment_links::METHOD, list_payment_links::PATH)
                    .query(pairs.clone())
                    .accept(list_payment_links::ACCEPT);
                self.credentials.authorize(request)
            })
            .await?;
        decode(&response, None)
    }

    /// `POST /api/public/v1/payment_links/{id}/expiration`: expires a link now (no request
    /// body). Txn allows this only for links in status `created` or `pending`; the reply is
    /// the link with status `expired`.
    pub async fn expire_payment_link(&self, id: &str) -> Result<PaymentLinkDocument, Error> {
        let path = expire_payment_link::path(id).map_err(|e| Error::invalid(PROVIDER, e))?;
        let response = self
            .executor
            .execute(|| {
                let request = Request::new(expire_payment_link::METHOD, path.as_str())
                    .accept(expire_payment_link::ACCEPT);
                self.credentials.authorize(request)
            })
            .await?;
        decode(&response, None)
    }
}

/// A 2xx reply decoded as `T`; a 2xx JSON:API errors document, or any other status, mapped to
/// an error.
fn decode<T: DeserializeOwned>(response: &Response, reference: Option<&str>) -> Result<T, Error> {
    if !response.is_success() {
        return Err(error::from_response(response, reference));
    }
    response.decode().map_err(|decode_error| {
        if error::has_errors(response) {
            error::from_response(response, reference)
        } else {
            decode_error
        }
    })
}
