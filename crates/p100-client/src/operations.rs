//! The two documented P100 payment-link calls, one method each.

use paylinks_core::validate::{Invalid, Rule, Violation};
use paylinks_core::{Error, Response, wire};

use crate::PROVIDER;
use crate::client::Client;
use crate::generated::operations::{CreatePaymentLink, GetPaymentLink};
use crate::generated::{
    GeneratePaymentLinkRequest, GeneratePaymentLinkResponse, PaymentLinkDetails,
};

impl Client {
    /// `POST /v1/payment-link`: creates a payment link for a EUR amount and returns its id and
    /// the payment page `url` to send the customer to.
    ///
    /// Checked before anything is sent: the spec's rules (an amount above zero, a reference that
    /// is not blank), and that `expiresAt` fits P100's documented form
    /// (`2025-08-31T21:21:35.840Z`: UTC, milliseconds; a finer expiry is truncated to the
    /// millisecond, so the link never lives longer than asked).
    ///
    /// P100 documents no idempotency key: the executor never repeats this call once it may
    /// have reached P100, and a timed-out call may still have created the link.
    pub async fn create_payment_link(
        &self,
        body: &GeneratePaymentLinkRequest,
    ) -> Result<GeneratePaymentLinkResponse, Error> {
        self.send_create_payment_link(body)
            .await
            .map(|(_, decoded)| decoded)
    }

    /// `GET /v1/payment-link/{paymentLinkId}`: reads a payment link by the `paymentLinkId`
    /// that [`create_payment_link`](Self::create_payment_link) returned.
    ///
    /// The path and the response body are assumptions (P100 did not publish them; see
    /// `openapi/README.md`). The id is percent-encoded into the path; an empty id, `.` or `..`
    /// is refused before sending.
    pub async fn get_payment_link(
        &self,
        payment_link_id: &str,
    ) -> Result<PaymentLinkDetails, Error> {
        self.send_get_payment_link(payment_link_id)
            .await
            .map(|(_, decoded)| decoded)
    }

    /// The create call, returning the raw response with the decoded body.
    pub(crate) async fn send_create_payment_link(
        &self,
        body: &GeneratePaymentLinkRequest,
    ) -> Result<(Response, GeneratePaymentLinkResponse), Error> {
        check_create(body).map_err(|e| Error::invalid(PROVIDER, e))?;
        let operation = CreatePaymentLink::new(body);
        self.executor
            .send_keeping(&self.credentials, &operation)
            .await
            .map_err(|e| e.look_up_by("reference", Some(&body.reference)))
    }

    /// The details call, returning the raw response with the decoded body.
    pub(crate) async fn send_get_payment_link(
        &self,
        payment_link_id: &str,
    ) -> Result<(Response, PaymentLinkDetails), Error> {
        let operation = GetPaymentLink::new(payment_link_id);
        self.executor
            .send_keeping(&self.credentials, &operation)
            .await
    }
}

/// This crate's own check on the create body, beside the spec's: the expiry must be writable
/// in P100's form (years 0000 to 9999 once in UTC).
fn check_create(body: &GeneratePaymentLinkRequest) -> Result<(), Invalid> {
    if wire::utc(body.expires_at).is_none() {
        return Err(Invalid(vec![Violation {
            field: "expiresAt".to_owned(),
            rule: Rule::Serializable("the year must be between 0000 and 9999".to_owned()),
        }]));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;
    use time::OffsetDateTime;
    use time::macros::datetime;

    fn body(expires_at: OffsetDateTime) -> GeneratePaymentLinkRequest {
        GeneratePaymentLinkRequest::new(
            Decimal::new(12345, 2),
            expires_at,
            "example_ref_123".to_owned(),
        )
    }

    #[test]
    fn writes_expiry_in_utc_with_milliseconds() {
        let cases = [
            (
                datetime!(2025-08-31 21:21:35.840 UTC),
                "2025-08-31T21:21:35.840Z",
            ),
            (
                datetime!(2025-08-31 21:21:35 UTC),
                "2025-08-31T21:21:35.000Z",
            ),
            (
                datetime!(2025-09-01 00:21:35.123_999_999 +03:00),
                "2025-08-31T21:21:35.123Z",
            ),
        ];
        for (at, wire) in cases {
            assert_eq!(
                serde_json::to_string(&body(at)).unwrap(),
                format!(
                    r#"{{"amount":"123.45","expiresAt":"{wire}","reference":"example_ref_123"}}"#
                )
            );
        }
    }
}
