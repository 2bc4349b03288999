//! Verifying Mesh's transfer webhooks.
//!
//! Mesh signs every webhook with the secret shown once when the callback URI is registered
//! (dashboard: Account > API keys > Webhooks): the `X-Mesh-Signature-256` header is the
//! standard Base64 of HMAC-SHA256, keyed with the UTF-8 bytes of that secret, over the **raw**
//! request body. No timestamp is signed, so there is no replay window to check; Mesh retries
//! until it gets a 200 within 200 ms, with the same `EventId` and a new `Id` each try, so
//! de-duplicate on `EventId` ([`TransferEvent::event_id`], [`PaymentEvent::event_id`]).
//! Sources: <https://docs.meshconnect.com/resources/webhooks>,
//! <https://docs.meshconnect.com/testing/webhooks>.
//!
//! ```
//! use mesh_client::webhook::{TransferStatus, Verifier};
//! use paylinks_core::webhook::{HeaderMap, HmacKey};
//! use paylinks_core::{PaymentEvent, SecretString};
//!
//! # fn main() -> Result<(), paylinks_core::WebhookError> {
//! // Once, at start-up, from your configuration.
//! let verifier = Verifier::new(SecretString::from("my-mesh-webhook-secret"))?;
//!
//! // Per request: the raw body bytes and the headers, as your web framework hands them over.
//! let body = br#"{"EventId":"0f9d4b7e-8c1a-4a55-9f3e-2b6c7d8e9f01","TransferStatus":"Succeeded","TransactionId":"order-1001","DestinationAmount":10.50,"Token":"USDC"}"#;
//! # let signature = base64::Engine::encode(&base64::engine::general_purpose::STANDARD,
//! #     HmacKey::new(b"my-mesh-webhook-secret").sign(&[body]));
//! let mut headers = HeaderMap::new();
//! headers.insert("X-Mesh-Signature-256", signature.parse().unwrap());
//!
//! let event = verifier.verify(&headers, body)?; // Err: answer 401 and stop
//! assert_eq!(event.transfer_status, TransferStatus::Succeeded);
//!
//! // Or in provider-neutral terms.
//! let event = PaymentEvent::from(event);
//! assert_eq!(event.link_id.as_deref(), Some("order-1001"));
//! assert_eq!(event.amount.unwrap().to_string(), "10.50");
//! # Ok(())
//! # }
//! ```
//!
//! `Verifier` also implements [`WebhookVerifier`](paylinks_core::WebhookVerifier), so it can sit in an application's table
//! of `Box<dyn WebhookVerifier>` (or `Box<dyn WebhookReceiver>`) beside the other providers.
//!
//! [`WebhookReceiver`]: paylinks_core::WebhookReceiver

use std::fmt;

use paylinks_core::webhook::{
    HeaderMap, HmacKey, base64_header, counted, decode_json, header, json_body,
};
use paylinks_core::{LinkStatus, PaymentEvent, PaymentOutcome, WebhookError};
use rust_decimal::Decimal;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::PROVIDER;

/// A transfer's status: the one type the transfer list uses too, read without regard to ASCII
/// case (`mesh.codegen.toml`), since Mesh documents `pending | succeeded | failed` and its
/// example event sends `"Pending"`.
pub use crate::generated::TransferStatus;

/// The header carrying the signature.
pub const SIGNATURE_HEADER: &str = "X-Mesh-Signature-256";

/// Checks Mesh webhooks against the webhook secret. `Debug` shows nothing of the secret.
#[derive(Clone)]
pub struct Verifier {
    key: HmacKey,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("provider", &PROVIDER)
            .field("secret", &"[REDACTED]")
            .finish()
    }
}

impl Verifier {
    /// A verifier for the webhook secret Mesh showed when the callback URI was registered.
    /// An empty secret is refused.
    pub fn new(secret: impl Into<SecretString>) -> Result<Self, WebhookError> {
        let secret = secret.into();
        if secret.expose_secret().is_empty() {
            return Err(WebhookError::InvalidSecret {
                reason: "the Mesh webhook secret is empty".to_owned(),
            });
        }
        Ok(Verifier {
            key: HmacKey::new(secret.expose_secret().as_bytes()),
        })
    }

    /// Checks `X-Mesh-Signature-256` against the raw `body`, then decodes the transfer event.
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<TransferEvent, WebhookError> {
        counted(PROVIDER, self.check(headers, body))
    }

    /// [`verify`](Self::verify), not counted.
    fn check(&self, headers: &HeaderMap, body: &[u8]) -> Result<TransferEvent, WebhookError> {
        let signature = base64_header(SIGNATURE_HEADER, header(headers, SIGNATURE_HEADER)?)?;
        if !self.key.verify(&[body], &signature) {
            return Err(WebhookError::SignatureMismatch {
                header: SIGNATURE_HEADER,
            });
        }
        TransferEvent::decode(body)
    }
}

paylinks_core::webhook_verifier!(Verifier);

/// One transfer webhook, with Mesh's field names (PascalCase on the wire).
///
/// Only `EventId` and `TransferStatus` are required; every other field is optional because
/// Mesh marks most of them nullable and its sandbox leaves some out.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct TransferEvent {
    /// The event's id, the same across retries: the de-duplication key.
    pub event_id: String,
    /// This delivery's id, new for every try.
    #[serde(default)]
    pub id: Option<String>,
    /// When this delivery was sent (UNIX seconds in Mesh's example).
    #[serde(default)]
    pub sent_timestamp: Option<i64>,
    /// Mesh's id of the transfer.
    #[serde(default)]
    pub transfer_id: Option<String>,
    /// When the event happened (UNIX milliseconds in Mesh's example).
    #[serde(default)]
    pub timestamp: Option<i64>,
    /// The transfer's status at the time of the event.
    pub transfer_status: TransferStatus,
    /// Your `transactionId`: this crate's payment-link id.
    #[serde(default)]
    pub transaction_id: Option<String>,
    /// The blockchain transaction hash, once there is one.
    #[serde(default)]
    pub tx_hash: Option<String>,
    /// Your id of the paying user.
    #[serde(default)]
    pub user_id: Option<String>,
    /// The token transferred (`USDC`, …).
    #[serde(default)]
    pub token: Option<String>,
    /// The chain it moved on.
    #[serde(default)]
    pub chain: Option<String>,
    /// How much of the token left the source account, exact (a JSON number, read digit for
    /// digit).
    #[serde(default, with = "paylinks_core::money::number::option")]
    pub source_amount: Option<Decimal>,
    /// The account provider the payer sent from.
    #[serde(default)]
    pub source_account_provider: Option<String>,
    /// How much of the token reached the destination, exact.
    #[serde(default, with = "paylinks_core::money::number::option")]
    pub destination_amount: Option<Decimal>,
    /// The destination address.
    #[serde(default)]
    pub destination_address: Option<String>,
    /// The refund address, when one was given.
    #[serde(default)]
    pub refund_address: Option<String>,
    /// The source address (secondary source only).
    #[serde(default)]
    pub source_address: Option<String>,
    /// The kind of refund (secondary source only).
    #[serde(default)]
    pub refund_type: Option<String>,
    /// The body, exactly as received (JSON `null` when the event was deserialized directly
    /// instead of through [`TransferEvent::decode`] or [`Verifier::verify`]).
    #[serde(skip, default = "null")]
    pub raw: Box<RawValue>,
}

fn null() -> Box<RawValue> {
    RawValue::NULL.to_owned()
}

impl TransferEvent {
    /// Decodes a body **without** checking its signature; [`Verifier::verify`] is the way in
    /// for a request. For tests and replays of bodies already verified.
    pub fn decode(body: &[u8]) -> Result<Self, WebhookError> {
        let raw = json_body(body)?;
        let mut event: TransferEvent = decode_json(&raw)?;
        event.raw = raw;
        Ok(event)
    }
}

/// `event_id` is `EventId`; `link_id` and `reference` are `TransactionId` (this crate's link
/// id is the `transactionId`); `payment_id` is `TransferId`; `amount` is `DestinationAmount`
/// (what reached you) in `Token`; `status` is the transfer status mapped as `get_link` maps it
/// (see [`provider`](crate::provider)). Mesh reports no under- or overpayment, so the outcome
/// is [`PaymentOutcome::Paid`] for `succeeded` and unknown otherwise.
impl From<TransferEvent> for PaymentEvent {
    fn from(event: TransferEvent) -> Self {
        let outcome =
            (event.transfer_status == TransferStatus::Succeeded).then_some(PaymentOutcome::Paid);
        PaymentEvent::new(
            PROVIDER,
            event.event_id,
            LinkStatus::from(&event.transfer_status),
            event.transfer_status.as_str(),
            event.raw,
        )
        .with_link_id(event.transaction_id.clone())
        .with_reference(event.transaction_id)
        .with_payment_id(event.transfer_id)
        .with_outcome(outcome)
        .with_amount(event.destination_amount)
        .with_currency(event.token)
    }
}
