//! The two documented P100 payment-link calls, one method each.

use paylinks_core::validate::{Checker, Invalid, Rule, Validate, Violation};
use paylinks_core::{Error, Request};
use rust_decimal::Decimal;
use time::OffsetDateTime;

use crate::client::{Client, PROVIDER};
use crate::generated::operations::{create_payment_link as create, get_payment_link as get};
use crate::generated::{
    GeneratePaymentLinkRequest, GeneratePaymentLinkResponse, PaymentLinkDetails,
};
use crate::{auth, error};

impl Client {
    /// `POST /v1/payment-link`: creates a payment link for a EUR amount and returns its id and
    /// the payment page `url` to send the customer to.
    ///
    /// Checked before anything is sent: the amount must be greater than zero, and `expiresAt`
    /// must fit P100's documented form (`2025-08-31T21:21:35.840Z`: UTC, milliseconds; a finer
    /// expiry is truncated to the millisecond, so the link never lives longer than asked).
    ///
    /// P100 documents no idempotency key: the executor never repeats this call once it may
    /// have reached P100, and a timed-out call may still have created the link.
    pub async fn create_payment_link(
        &self,
        body: &GeneratePaymentLinkRequest,
    ) -> Result<GeneratePaymentLinkResponse, Error> {
        check_create(body).map_err(|e| Error::invalid(PROVIDER, e))?;
        let wire = WireCreateBody::new(body).map_err(|e| Error::invalid(PROVIDER, e))?;
        let response = self
            .executor
            .execute(|| {
                Ok(
                    auth::sign(Request::new(create::METHOD, create::PATH), &self.api_key)?
                        .json(create::CONTENT_TYPE, &wire)?
                        .accept(create::ACCEPT),
                )
            })
            .await?;
        if response.is_success() {
            response.decode::<create::Response>()
        } else {
            Err(error::from_response(&response))
        }
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
        let path = get::path(payment_link_id).map_err(|e| Error::invalid(PROVIDER, e))?;
        let response = self
            .executor
            .execute(|| {
                Ok(
                    auth::sign(Request::new(get::METHOD, path.as_str()), &self.api_key)?
                        .accept(get::ACCEPT),
                )
            })
            .await?;
        if response.is_success() {
            response.decode::<get::Response>()
        } else {
            Err(error::from_response(&response))
        }
    }
}

/// The spec's constraints on the create body, plus this crate's own: the amount of a payment
/// link must be greater than zero (P100 publishes no bound; a link for nothing or less is
/// refused here rather than by P100).
fn check_create(body: &GeneratePaymentLinkRequest) -> Result<(), Invalid> {
    let mut checker = Checker::default();
    body.validate_at(&mut checker);
    checker.minimum("amount", body.amount, Decimal::ZERO, true);
    checker.finish()
}

/// The create body exactly as P100 documents it on the wire.
///
/// The generated type writes `expiresAt` as RFC 3339 with as few fraction digits as the value
/// needs (`…35.84Z`) and in the caller's offset. P100's only example is JavaScript's
/// `toISOString()` form, UTC with exactly three fraction digits (`…35.840Z`), and its parser is
/// unknown, so the body is written in that form. Built by destructuring the generated type, so a
/// field added to the spec breaks the build here instead of being dropped.
#[derive(Debug, serde::Serialize)]
pub(crate) struct WireCreateBody<'a> {
    #[serde(with = "paylinks_core::money::string")]
    amount: Decimal,
    #[serde(rename = "expiresAt")]
    expires_at: String,
    reference: &'a str,
}

impl<'a> WireCreateBody<'a> {
    pub(crate) fn new(body: &'a GeneratePaymentLinkRequest) -> Result<Self, Invalid> {
        let GeneratePaymentLinkRequest {
            amount,
            expires_at,
            reference,
        } = body;
        Ok(WireCreateBody {
            amount: *amount,
            expires_at: iso_millis(*expires_at).ok_or_else(|| {
                Invalid(vec![Violation {
                    field: "expiresAt".to_owned(),
                    rule: Rule::Serializable("the year must be between 0000 and 9999".to_owned()),
                }])
            })?,
            reference,
        })
    }
}

/// `2025-08-31T21:21:35.840Z`: UTC, exactly three fraction digits (truncated), four-digit year.
fn iso_millis(at: OffsetDateTime) -> Option<String> {
    let utc = paylinks_core::wire::utc(at)?;
    Some(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second(),
        utc.millisecond()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn body(expires_at: OffsetDateTime) -> GeneratePaymentLinkRequest {
        GeneratePaymentLinkRequest {
            amount: Decimal::new(12345, 2),
            expires_at,
            reference: "example_ref_123".to_owned(),
        }
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
            assert_eq!(iso_millis(at).as_deref(), Some(wire));
        }
    }

    #[test]
    fn keeps_the_generated_field_names_and_order() {
        let body = body(datetime!(2025-08-31 21:21:35.840 UTC));
        let generated = serde_json::to_value(&body).unwrap();
        let wire = serde_json::to_string(&WireCreateBody::new(&body).unwrap()).unwrap();
        assert_eq!(
            wire,
            r#"{"amount":"123.45","expiresAt":"2025-08-31T21:21:35.840Z","reference":"example_ref_123"}"#
        );
        let wire: serde_json::Value = serde_json::from_str(&wire).unwrap();
        assert_eq!(
            generated.as_object().unwrap().keys().collect::<Vec<_>>(),
            wire.as_object().unwrap().keys().collect::<Vec<_>>()
        );
        // The same instant, so P100 reads the same expiry either way.
        let parsed: GeneratePaymentLinkRequest = serde_json::from_value(wire).unwrap();
        assert_eq!(parsed, body);
    }

    #[test]
    fn refuses_amounts_that_are_not_positive() {
        for cents in [0, -1] {
            let mut b = body(datetime!(2025-08-31 21:21:35.840 UTC));
            b.amount = Decimal::new(cents, 2);
            let err = check_create(&b).unwrap_err();
            assert_eq!(
                err.to_string(),
                "invalid request: amount: must be greater than 0"
            );
        }
    }
}
