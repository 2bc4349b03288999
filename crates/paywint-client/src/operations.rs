//! One method per operation of `openapi/paywint.yaml`.
//!
//! Each checks its request against the spec's constraints before any network I/O, sends it
//! with both credential headers, and decodes the documented response. A reply whose body
//! says `"success": false` is an error ([`Error::Rejected`]) whatever its HTTP status.

use paylinks_core::validate::Validate;
use paylinks_core::{Error, Request, Response};
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::generated::operations::{create_payment_link, get_payment, list_payments_received};
use crate::generated::{
    ExternalApiPaymentLinkCreateRequest, ExternalPaginationRequest, PaymentLinkResponse,
    PaymentListResponse, PaymentResponse,
};
use crate::{PROVIDER, error};

impl Client {
    /// `POST /api/user-api/payment/create-payment-link`: opens a pending payment request and
    /// returns its `payment_id` and the `payment_link` to send to the payer.
    ///
    /// Refused before sending: `amount` ≤ 0, `description` over 255 characters,
    /// `invoice_number` over 20 characters.
    pub async fn create_payment_link(
        &self,
        body: &ExternalApiPaymentLinkCreateRequest,
    ) -> Result<PaymentLinkResponse, Error> {
        self.send_create_payment_link(body)
            .await
            .map(|(_, decoded)| decoded)
    }

    /// `GET /api/user-api/payment/get/{payment_id}`: reads one payment, its amount and status.
    pub async fn get_payment(&self, payment_id: &uuid::Uuid) -> Result<PaymentResponse, Error> {
        self.send_get_payment(payment_id)
            .await
            .map(|(_, decoded)| decoded)
    }

    /// `POST /api/user-api/payment/list/payment-received`: one page of the payments received.
    ///
    /// Refused before sending: `rows_per_page` other than 10, 20, 50 or 100; `page_no` < 1.
    pub async fn list_payments_received(
        &self,
        body: &ExternalPaginationRequest,
    ) -> Result<PaymentListResponse, Error> {
        use list_payments_received as op;
        body.validate().map_err(|e| Error::invalid(PROVIDER, e))?;
        let response = self
            .executor
            .execute(|| {
                Ok(self
                    .credentials
                    .apply(Request::new(op::METHOD, op::PATH))?
                    .json(op::CONTENT_TYPE, body)?
                    .accept(op::ACCEPT))
            })
            .await?;
        decode::<op::Response>(&response)
    }

    /// The create call, returning the raw response with the decoded body.
    pub(crate) async fn send_create_payment_link(
        &self,
        body: &ExternalApiPaymentLinkCreateRequest,
    ) -> Result<(Response, PaymentLinkResponse), Error> {
        use create_payment_link as op;
        body.validate().map_err(|e| Error::invalid(PROVIDER, e))?;
        let response = self
            .executor
            .execute(|| {
                Ok(self
                    .credentials
                    .apply(Request::new(op::METHOD, op::PATH))?
                    .json(op::CONTENT_TYPE, body)?
                    .accept(op::ACCEPT))
            })
            .await?;
        let decoded = decode::<op::Response>(&response)?;
        Ok((response, decoded))
    }

    /// The get call, returning the raw response with the decoded body.
    pub(crate) async fn send_get_payment(
        &self,
        payment_id: &uuid::Uuid,
    ) -> Result<(Response, PaymentResponse), Error> {
        use get_payment as op;
        let path = op::path(&payment_id.to_string()).map_err(|e| Error::invalid(PROVIDER, e))?;
        let response = self
            .executor
            .execute(|| {
                Ok(self
                    .credentials
                    .apply(Request::new(op::METHOD, path.as_str()))?
                    .accept(op::ACCEPT))
            })
            .await?;
        let decoded = decode::<op::Response>(&response)?;
        Ok((response, decoded))
    }
}

/// A 2xx body as `T`, unless it says `"success": false`; any other status as its error.
fn decode<T: DeserializeOwned>(response: &Response) -> Result<T, Error> {
    if !response.is_success() {
        return Err(error::from_response(response));
    }
    if let Some(refused) = error::refused_success(response) {
        return Err(refused);
    }
    response.decode()
}
