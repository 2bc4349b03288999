//! One method per operation of `openapi/paywint.yaml`.
//!
//! Each checks its request against the spec's constraints before any network I/O, sends it
//! with both credential headers, and decodes the documented response. A reply whose body
//! says `"success": false` is an error ([`Error::Rejected`]) whatever its HTTP status.

use paylinks_core::{Error, Items, Response};

use crate::client::Client;
use crate::generated::operations::{CreatePaymentLink, GetPayment, ListPaymentsReceived};
use crate::generated::{
    ExternalApiPaymentLinkCreateRequest, ExternalApiPaymentRead, ExternalPaginationRequest,
    PaymentLinkResponse, PaymentListResponse, PaymentResponse,
};

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
        let operation = ListPaymentsReceived::new(body);
        self.executor.send(&self.credentials, &operation).await
    }

    /// Every payment received, page after page, from `page_no`, `rows_per_page` at a time;
    /// see [`Executor::items`](paylinks_core::Executor::items). Paywint documents no order for
    /// the list: a payment received during the walk may shift it and be yielded twice, or
    /// shift another one twice.
    pub fn list_payments_received_stream(
        &self,
        body: ExternalPaginationRequest,
    ) -> Items<ExternalApiPaymentRead> {
        self.executor.items(self.credentials.clone(), body)
    }

    /// The create call, returning the raw response with the decoded body.
    pub(crate) async fn send_create_payment_link(
        &self,
        body: &ExternalApiPaymentLinkCreateRequest,
    ) -> Result<(Response, PaymentLinkResponse), Error> {
        let operation = CreatePaymentLink::new(body);
        self.executor
            .send_keeping(&self.credentials, &operation)
            .await
            .map_err(|e| e.look_up_by("invoice_number", body.invoice_number.as_deref()))
    }

    /// The get call, returning the raw response with the decoded body.
    pub(crate) async fn send_get_payment(
        &self,
        payment_id: &uuid::Uuid,
    ) -> Result<(Response, PaymentResponse), Error> {
        let payment_id = payment_id.to_string();
        let operation = GetPayment::new(&payment_id);
        self.executor
            .send_keeping(&self.credentials, &operation)
            .await
    }
}
