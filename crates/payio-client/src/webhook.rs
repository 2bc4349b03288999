//! Verifying Pay.io's event notifications.
//!
//! Pay.io signs each webhook with its own RSA key and sends three headers
//! (<https://docs.pay.io/api-reference/core-concepts/event-notifications-and-webhooks>):
//!
//! - `X-Signature`: standard Base64 of the signature;
//! - `X-Timestamp`: the UNIX time the event was sent;
//! - `X-Algorithm`: always `RSA-SHA256`; anything else is refused.
//!
//! The signed message is the **raw** body followed directly by the `X-Timestamp` text, with no
//! separator (Pay.io's Elixir example: `json_payload <> to_string(timestamp)`). It is verified
//! with Pay.io's public key from the Merchant Console, a PEM `PUBLIC KEY` (SPKI) or
//! `RSA PUBLIC KEY` (PKCS#1) of 2048 to 8192 bits, parsed once when the verifier is built.
//! A timestamp more than five minutes ([`DEFAULT_TOLERANCE`]) from now, either way, is
//! refused; [`Verifier::with_tolerance`] changes it.
//!
//! What Pay.io does not publish, and what this module assumes (each in one place, listed in
//! `openapi/README.md`):
//!
//! - **Assumption:** the signature is RSASSA-PKCS1-v1_5 with SHA-256 (the Elixir
//!   `:public_key` default) and `X-Timestamp` is in seconds.
//! - **Assumption:** the body is a JSON object; the event name, the deposit's id, status,
//!   amount, currency and reference are read where present ([`FIELDS`]) and never required.
//!   Only a body that is not a JSON object is undecodable; [`PayioEvent::raw`] keeps it all.
//! - **Assumption:** only the word `Processing` (deposit seen on chain) is read as a status
//!   ([`LinkStatus::Pending`]); every other word, `Confirmation` included, stays
//!   [`LinkStatus::Unknown`] with no outcome, because Pay.io's wire values are unpublished.
//! - Pay.io sends no event id, so the de-duplication key is the SHA-256 of the body
//!   ([`paylinks_core::webhook::body_digest`]).
//!
//! ```no_run
//! use paylinks_core::webhook::HeaderMap;
//! use paylinks_core::PaymentEvent;
//! use payio_client::webhook::Verifier;
//!
//! # fn handle(headers: &HeaderMap, body: &[u8]) -> Result<(), paylinks_core::WebhookError> {
//! // Once, at start-up: Pay.io's public key from the Merchant Console.
//! let pem = std::fs::read_to_string("payio_public_key.pem").expect("key file");
//! let verifier = Verifier::new(&pem)?;
//!
//! // Per request: the raw body bytes and the headers, as your web framework hands them over.
//! let event = verifier.verify(headers, body)?; // Err: answer 401 and stop
//! println!("{:?} {:?} {:?}", event.event, event.status, event.amount);
//! let event = PaymentEvent::from(event);
//! println!("de-duplicate on {}", event.event_id);
//! # Ok(())
//! # }
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::time::{Duration, SystemTime};

use paylinks_core::crypto::RsaVerifyingKey;
use paylinks_core::webhook::{
    HeaderMap, base64_header, body_digest, bounded, check_timestamp, counted, header, json_body,
};
use paylinks_core::{LinkStatus, PaymentEvent, WebhookError, pem};
use rust_decimal::Decimal;
use serde_json::value::RawValue;

use crate::PROVIDER;

pub use paylinks_core::webhook::DEFAULT_TOLERANCE;

/// The header carrying the signature.
pub const SIGNATURE_HEADER: &str = "X-Signature";
/// The header carrying the UNIX timestamp that is signed after the body.
pub const TIMESTAMP_HEADER: &str = "X-Timestamp";
/// The header naming the algorithm.
pub const ALGORITHM_HEADER: &str = "X-Algorithm";
/// The one algorithm Pay.io uses.
pub const ALGORITHM: &str = "RSA-SHA256";

/// Checks Pay.io webhooks against Pay.io's public key.
pub struct Verifier {
    key: RsaVerifyingKey,
    tolerance: Duration,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("provider", &PROVIDER)
            .field("key", &format_args!("RSA-{} public key", self.key.bits()))
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

fn invalid(reason: impl Into<String>) -> WebhookError {
    WebhookError::InvalidSecret {
        reason: reason.into(),
    }
}

impl Verifier {
    /// A verifier for Pay.io's public key: PEM `-----BEGIN PUBLIC KEY-----` (SPKI, what
    /// OpenSSL writes) or `-----BEGIN RSA PUBLIC KEY-----` (PKCS#1), RSA of 2048 to 8192 bits.
    pub fn new(public_key_pem: &str) -> Result<Self, WebhookError> {
        let block = pem::decode(public_key_pem).map_err(|e| invalid(e.to_string()))?;
        if !matches!(block.label.as_str(), "PUBLIC KEY" | "RSA PUBLIC KEY") {
            return Err(invalid(format!(
                "the PEM block is {}; expected Pay.io's public key, PUBLIC KEY or RSA PUBLIC KEY",
                bounded(&block.label)
            )));
        }
        let key = RsaVerifyingKey::from_der(&block.der).map_err(|e| invalid(e.to_string()))?;
        Ok(Verifier {
            key,
            tolerance: DEFAULT_TOLERANCE,
        })
    }

    /// Sets how far `X-Timestamp` may be from now, either way (default five minutes).
    pub fn with_tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// The timestamp tolerance in force.
    pub fn tolerance(&self) -> Duration {
        self.tolerance
    }

    /// Checks the algorithm, the timestamp (against the system clock) and the signature, then
    /// reads the event.
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<PayioEvent, WebhookError> {
        self.verify_at(headers, body, SystemTime::now())
    }

    /// [`verify`](Self::verify) with the given time as now.
    pub fn verify_at(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<PayioEvent, WebhookError> {
        counted(PROVIDER, self.check(headers, body, now))
    }

    /// [`verify_at`](Self::verify_at), not counted.
    fn check(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<PayioEvent, WebhookError> {
        let signature = header(headers, SIGNATURE_HEADER)?;
        let timestamp_text = header(headers, TIMESTAMP_HEADER)?;
        let algorithm = header(headers, ALGORITHM_HEADER)?;
        if !algorithm.eq_ignore_ascii_case(ALGORITHM) {
            return Err(WebhookError::WrongAlgorithm {
                expected: ALGORITHM,
                found: bounded(algorithm),
            });
        }
        let timestamp = check_timestamp(TIMESTAMP_HEADER, timestamp_text, now, self.tolerance)?;
        let signature = base64_header(SIGNATURE_HEADER, signature)?;
        let mut message = Vec::with_capacity(body.len() + timestamp_text.len());
        message.extend_from_slice(body);
        message.extend_from_slice(timestamp_text.as_bytes());
        if !self.key.verify(&message, &signature) {
            return Err(WebhookError::SignatureMismatch {
                header: SIGNATURE_HEADER,
            });
        }
        PayioEvent::decode(timestamp, body)
    }
}

paylinks_core::webhook_verifier!(Verifier);

/// One verified Pay.io event, read tolerantly: every field is optional (see [`FIELDS`]).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PayioEvent {
    /// `X-Timestamp`, UNIX seconds.
    pub timestamp: i64,
    /// The SHA-256 of the body (`sha256:<hex>`): the de-duplication key.
    pub digest: String,
    /// The event's name, where present.
    pub event: Option<String>,
    /// The deposit's (or transaction's) id, where present.
    pub id: Option<String>,
    /// Pay.io's status word, where present.
    pub status: Option<String>,
    /// The amount, exact, where present and readable as one.
    pub amount: Option<Decimal>,
    /// The currency, where present.
    pub currency: Option<String>,
    /// Your reference (`user_reference_id`), where present.
    pub reference: Option<String>,
    /// The body, exactly as received.
    pub raw: Box<RawValue>,
}

/// Where each field of a [`PayioEvent`] is looked for: the names tried in order, first in the
/// top-level object, then in each of `containers` that is an object.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Fields {
    /// Nested objects searched after the top level.
    pub containers: &'static [&'static str],
    /// The event's name.
    pub event: &'static [&'static str],
    /// The deposit's id.
    pub id: &'static [&'static str],
    /// The status word.
    pub status: &'static [&'static str],
    /// The amount (a JSON string or number).
    pub amount: &'static [&'static str],
    /// The currency.
    pub currency: &'static [&'static str],
    /// Your reference.
    pub reference: &'static [&'static str],
}

/// **Assumption** (Pay.io publishes no payload schema): the names under which a webhook's
/// fields are looked for. Correct it here when Pay.io documents its payload.
pub const FIELDS: Fields = Fields {
    containers: &["data", "deposit", "transaction"],
    event: &["event", "event_type", "type"],
    id: &["id", "deposit_id", "transaction_id"],
    status: &["status"],
    amount: &["amount"],
    currency: &["currency", "currency_code"],
    reference: &["reference", "user_reference_id"],
};

type Object = BTreeMap<String, Box<RawValue>>;

/// The first of `names` in any of `objects` whose value reads as `T`.
fn find<T>(objects: &[Object], names: &[&str], read: impl Fn(&RawValue) -> Option<T>) -> Option<T> {
    objects
        .iter()
        .flat_map(|object| names.iter().filter_map(|name| object.get(*name)))
        .find_map(|raw| read(raw))
}

fn text(raw: &RawValue) -> Option<String> {
    match serde_json::from_str::<serde_json::Value>(raw.get()).ok()? {
        serde_json::Value::String(s) => Some(s),
        // An id or reference written as a JSON number: its exact digits.
        serde_json::Value::Number(_) => Some(raw.get().to_owned()),
        _ => None,
    }
}

fn amount(raw: &RawValue) -> Option<Decimal> {
    #[derive(serde::Deserialize)]
    struct Amount(#[serde(with = "paylinks_core::money::string")] Decimal);
    serde_json::from_str::<Amount>(raw.get()).ok().map(|a| a.0)
}

impl PayioEvent {
    /// Reads a body already verified (see [`Verifier::verify`]); checks nothing itself. Only a
    /// body that is not a JSON object is refused.
    pub fn decode(timestamp: i64, body: &[u8]) -> Result<Self, WebhookError> {
        let raw = json_body(body)?;
        let top: Object =
            serde_json::from_str(raw.get()).map_err(|_| WebhookError::Undecodable {
                path: ".".to_owned(),
                message: "expected a JSON object".to_owned(),
            })?;
        let mut objects = vec![];
        for name in FIELDS.containers {
            if let Some(inner) = top
                .get(*name)
                .and_then(|raw| serde_json::from_str::<Object>(raw.get()).ok())
            {
                objects.push(inner);
            }
        }
        objects.insert(0, top);
        Ok(PayioEvent {
            timestamp,
            digest: body_digest(body),
            event: find(&objects, FIELDS.event, text),
            id: find(&objects, FIELDS.id, text),
            status: find(&objects, FIELDS.status, text),
            amount: find(&objects, FIELDS.amount, amount),
            currency: find(&objects, FIELDS.currency, text),
            reference: find(&objects, FIELDS.reference, text),
            raw,
        })
    }
}

/// **Assumption:** only `Processing` (a deposit seen on chain, not final) is read; every
/// other word stays `Unknown`, since Pay.io's wire values are unpublished. A listed deposit's
/// `merchant_status` is read the same way.
pub(crate) fn link_status(word: &str) -> LinkStatus {
    if word.eq_ignore_ascii_case("processing") {
        LinkStatus::Pending
    } else {
        LinkStatus::Unknown(word.to_owned())
    }
}

/// `event_id` is the body's SHA-256; `payment_id` the deposit id; `provider_status` the status
/// word, else the event name; no link id (Pay.io's link id is its URL, which events do not
/// carry) and no outcome.
impl From<PayioEvent> for PaymentEvent {
    fn from(event: PayioEvent) -> Self {
        let word = event
            .status
            .clone()
            .or_else(|| event.event.clone())
            .unwrap_or_default();
        PaymentEvent::new(PROVIDER, event.digest, link_status(&word), word, event.raw)
            .with_payment_id(event.id)
            .with_reference(event.reference)
            .with_amount(event.amount)
            .with_currency(event.currency)
    }
}
