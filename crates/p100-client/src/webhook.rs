//! Checking P100's webhooks and reading its payment-link events.
//!
//! P100 does not sign webhooks: it sends the secret **Webhook Security Token** it issued you
//! in the `Authorization` header of every call, and expects a 401 when it is missing or wrong
//! (<https://partner-api-docs.p100.io/webhooks-4456131f0>). It does not say whether the header
//! holds the bare token or `Bearer <token>`, so both are accepted; each is compared in
//! constant time. P100 retries four times (about 8, 16, 32 and 64 s apart) until it gets a
//! 200, and sends no event id: the de-duplication key is the SHA-256 of the body.
//!
//! The payment-link webhook's page could not be read, so its payload is an **Assumption**:
//! the shape of P100's documented deposit example,
//! `{"event_type": "payment_link.status_changed", "data": {"paymentLinkId", "status",
//! "amount", "currency", "reference"}}`, with `amount` a decimal string and the statuses
//! `pending`, `confirmed`, `failed` that P100 names as examples of webhook updates (read
//! without regard to case; anything else is kept). Only `event_type` and the `data` object
//! are required. The mapping to core terms is one function, `link_status`, in this module's
//! source; correct it there.
//!
//! ```
//! use p100_client::webhook::{PaymentLinkStatus, Verifier};
//! use paylinks_core::webhook::HeaderMap;
//! use paylinks_core::{PaymentEvent, SecretString};
//!
//! # fn main() -> Result<(), paylinks_core::WebhookError> {
//! // Once, at start-up: the Webhook Security Token P100 issued you.
//! let verifier = Verifier::new(SecretString::from("p100-webhook-security-token"))?;
//!
//! // Per request: the raw body bytes and the headers, as your web framework hands them over.
//! let body = br#"{"event_type":"payment_link.status_changed","data":{"paymentLinkId":"663318af-7ea1-4c5a-8545-e433a2d43d5c","status":"confirmed","amount":"123.45","currency":"EUR","reference":"example_ref_123"}}"#;
//! let mut headers = HeaderMap::new();
//! headers.insert("Authorization", "p100-webhook-security-token".parse().unwrap());
//!
//! let event = verifier.verify(&headers, body)?; // Err: answer 401 and stop
//! assert_eq!(event.data.status, Some(PaymentLinkStatus::Confirmed));
//! let event = PaymentEvent::from(event);
//! assert_eq!(event.amount.unwrap().to_string(), "123.45");
//! # Ok(())
//! # }
//! ```

use std::fmt;

use paylinks_core::webhook::{
    HeaderMap, body_digest, constant_time_eq, counted, decode_json, header, json_body,
};
use paylinks_core::{LinkStatus, PaymentEvent, PaymentOutcome, WebhookError};
use rust_decimal::Decimal;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::PROVIDER;

/// The header carrying the Webhook Security Token.
pub const AUTHORIZATION_HEADER: &str = "Authorization";

/// Checks P100 webhooks against the Webhook Security Token. `Debug` shows nothing of it.
#[derive(Clone)]
pub struct Verifier {
    token: SecretString,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("provider", &PROVIDER)
            .field("token", &"[REDACTED]")
            .finish()
    }
}

impl Verifier {
    /// A verifier for the Webhook Security Token (surrounding whitespace is ignored). An empty
    /// token is refused.
    pub fn new(token: impl Into<SecretString>) -> Result<Self, WebhookError> {
        let token = token.into();
        let trimmed = token.expose_secret().trim();
        if trimmed.is_empty() {
            return Err(WebhookError::InvalidSecret {
                reason: "the P100 Webhook Security Token is empty".to_owned(),
            });
        }
        Ok(Verifier {
            token: SecretString::from(trimmed),
        })
    }

    /// Checks `Authorization` (the bare token or `Bearer <token>`), then decodes the event.
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<P100Event, WebhookError> {
        counted(PROVIDER, self.check(headers, body))
    }

    /// [`verify`](Self::verify), not counted.
    fn check(&self, headers: &HeaderMap, body: &[u8]) -> Result<P100Event, WebhookError> {
        let value = header(headers, AUTHORIZATION_HEADER)?;
        let bearer = value
            .get(..7)
            .filter(|scheme| scheme.eq_ignore_ascii_case("bearer "))
            .map(|_| value[7..].trim_start());
        let token = self.token.expose_secret().as_bytes();
        // Both comparisons always run, so timing does not tell which form was sent.
        let bare_matches = constant_time_eq(value.as_bytes(), token);
        let bearer_matches = constant_time_eq(bearer.unwrap_or_default().as_bytes(), token);
        if !(bare_matches || bearer.is_some() && bearer_matches) {
            return Err(WebhookError::SignatureMismatch {
                header: AUTHORIZATION_HEADER,
            });
        }
        P100Event::decode(body)
    }
}

paylinks_core::webhook_verifier!(Verifier);

paylinks_core::open_enum! {
    /// The event's `event_type`.
    pub enum EventType {
        /// **Assumption:** a payment link's status changed (named after the documented
        /// `crypto_deposit.status_changed`).
        PaymentLinkStatusChanged = "payment_link.status_changed",
        /// A crypto deposit's status changed (documented example).
        CryptoDepositStatusChanged = "crypto_deposit.status_changed",
    }
}

paylinks_core::open_enum! {
    /// A payment link's status, as P100's docs name examples of webhook updates.
    pub enum PaymentLinkStatus {
        /// Not final.
        Pending = "pending",
        /// Paid.
        Confirmed = "confirmed",
        /// Failed.
        Failed = "failed",
    }
}

/// The event's `data` for a payment link. Every field is optional.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PaymentLinkData {
    /// The link's id, as `create_link` returned it.
    #[serde(default)]
    pub payment_link_id: Option<String>,
    /// The link's status.
    #[serde(default)]
    pub status: Option<PaymentLinkStatus>,
    /// The amount, exact (a decimal string).
    #[serde(default, with = "paylinks_core::money::string::option")]
    pub amount: Option<Decimal>,
    /// The currency (P100 links settle in EUR).
    #[serde(default)]
    pub currency: Option<String>,
    /// Your reference.
    #[serde(default)]
    pub reference: Option<String>,
}

/// One verified P100 webhook.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct P100Event {
    /// What happened.
    pub event_type: EventType,
    /// The payment link's fields (all `None` for another kind of event).
    pub data: PaymentLinkData,
    /// The SHA-256 of the body (`sha256:<hex>`): the de-duplication key.
    pub digest: String,
    /// The body, exactly as received.
    pub raw: Box<RawValue>,
}

#[derive(Deserialize)]
struct Wire {
    event_type: EventType,
    data: PaymentLinkData,
}

impl P100Event {
    /// Decodes a body already verified (see [`Verifier::verify`]); checks nothing itself.
    pub fn decode(body: &[u8]) -> Result<Self, WebhookError> {
        let raw = json_body(body)?;
        let wire: Wire = decode_json(&raw)?;
        Ok(P100Event {
            event_type: wire.event_type,
            data: wire.data,
            digest: body_digest(body),
            raw,
        })
    }
}

/// **Assumption:** a payment link's status in core terms: `confirmed` → `Completed` and paid,
/// `failed` → `Failed`, `pending` → `Pending`, anything else (or no status) → `Unknown` with
/// P100's word. Only for `payment_link.status_changed`; any other event is `Unknown`.
fn link_status(event: &P100Event) -> (LinkStatus, Option<PaymentOutcome>) {
    let word = event.data.status.as_ref().map(|s| s.as_str()).unwrap_or("");
    if event.event_type != EventType::PaymentLinkStatusChanged {
        return (LinkStatus::Unknown(word.to_owned()), None);
    }
    match &event.data.status {
        Some(PaymentLinkStatus::Confirmed) => (LinkStatus::Completed, Some(PaymentOutcome::Paid)),
        Some(PaymentLinkStatus::Failed) => (LinkStatus::Failed, None),
        Some(PaymentLinkStatus::Pending) => (LinkStatus::Pending, None),
        _ => (LinkStatus::Unknown(word.to_owned()), None),
    }
}

/// `event_id` is the body's SHA-256; `link_id` the `paymentLinkId`; `confirmed` is
/// `Completed` and paid, `failed` `Failed`, `pending` `Pending`, anything else (and any event
/// other than `payment_link.status_changed`) `Unknown` with no outcome.
impl From<P100Event> for PaymentEvent {
    fn from(event: P100Event) -> Self {
        let (status, outcome) = link_status(&event);
        let word = event
            .data
            .status
            .as_ref()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default();
        PaymentEvent::new(PROVIDER, event.digest, status, word, event.raw)
            .with_link_id(event.data.payment_link_id)
            .with_reference(event.data.reference)
            .with_outcome(outcome)
            .with_amount(event.data.amount)
            .with_currency(event.data.currency)
    }
}
