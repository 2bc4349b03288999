//! Webhooks in provider-neutral terms: the event, the error, and the two traits an application
//! routes `/webhooks/{provider}` to.
//!
//! Each provider crate has a `webhook` module with a verifier built from the provider's secret
//! (Mesh, Txn, Pay.io, P100). It takes the **raw** body bytes, exactly as received (never a
//! re-serialised JSON value: one changed byte breaks the signature), and the request headers,
//! and returns the provider's typed event, which converts into a [`PaymentEvent`].
//!
//! - [`WebhookVerifier`] is the synchronous, object-safe form, for providers whose webhooks
//!   carry a signature or token that can be checked on the spot: Mesh, Txn, Pay.io, P100.
//! - [`WebhookReceiver`] is the asynchronous form. Every `WebhookVerifier` is one, and so is
//!   Paywint's `Confirmer`: Paywint publishes no signature scheme, so its event is trusted
//!   only after reading the payment back through Paywint's API. An application that takes all
//!   five providers keeps one table of `Box<dyn WebhookReceiver>`:
//!
//! ```
//! use std::collections::HashMap;
//! use paylinks_core::webhook::{HeaderMap, PaymentEvent, WebhookError, WebhookReceiver};
//!
//! struct Router {
//!     receivers: HashMap<&'static str, Box<dyn WebhookReceiver>>,
//! }
//!
//! impl Router {
//!     fn add(&mut self, receiver: Box<dyn WebhookReceiver>) {
//!         self.receivers.insert(receiver.provider(), receiver);
//!     }
//!
//!     /// `POST /webhooks/{provider}`: `None` for a provider nobody configured (answer 404).
//!     async fn handle(
//!         &self,
//!         provider: &str,
//!         headers: &HeaderMap,
//!         body: &[u8],
//!     ) -> Option<Result<PaymentEvent, WebhookError>> {
//!         let receiver = self.receivers.get(provider)?;
//!         Some(receiver.receive(headers, body).await)
//!     }
//! }
//! ```
//!
//! A refused webhook is a [`WebhookError`]; answer it with a 4xx (401 for
//! [`WebhookError::is_authentication`]) and do nothing else. Providers retry, so de-duplicate
//! accepted events on [`PaymentEvent::event_id`].
//!
//! The helpers at the bottom of this module ([`counted`], [`header`], [`HmacKey`],
//! [`constant_time_eq`], [`check_timestamp`], [`json_body`], [`decode_json`], [`body_digest`])
//! are what the provider crates build their verifiers from; they are public so that a
//! verifier for a new provider needs nothing else.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use subtle::ConstantTimeEq as _;

pub use ::http::HeaderMap;

use crate::crypto::{digest, hmac};
use crate::error::Error;
use crate::link::LinkStatus;
use crate::outcome::PaymentOutcome;

/// How far a signed timestamp may be from now, either way, unless a verifier is told otherwise:
/// five minutes, Svix's default and Paywint's advice.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// At most this many characters of text taken from a request go into a [`WebhookError`].
pub const ERROR_TEXT_LEN: usize = 200;

/// A payment webhook, verified, in provider-neutral terms.
///
/// `raw` is the JSON the event was read from, exactly as the provider wrote it. It is kept as
/// [`RawValue`] rather than [`serde_json::Value`] because a `Value` re-reads numbers as `f64`
/// (Mesh's amounts are JSON numbers: `12345678901234567.89` would come back changed) and
/// reorders nothing but normalises everything; the raw text is what was signed, and any field
/// this type does not carry can still be read from it exactly
/// (`serde_json::from_str(event.raw.get())`).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PaymentEvent {
    /// The provider, in lowercase (`mesh`, `txn`, …).
    pub provider: &'static str,
    /// The key to de-duplicate deliveries on: the same for every retry of one event.
    ///
    /// The provider's own event id where it sends one (Mesh `EventId`, Txn `svix-id`, Paywint
    /// `id`); for providers that send none (Pay.io, P100) the SHA-256 of the raw body,
    /// `sha256:<hex>` (see [`body_digest`]), which a retry of the same body repeats.
    pub event_id: String,
    /// The id of the payment link the event concerns, as the provider crate's
    /// [`PaymentLink::id`](crate::PaymentLink::id), when the event says it.
    pub link_id: Option<String>,
    /// The provider's id of the payment itself (transfer, invoice, deposit), when it has one.
    pub payment_id: Option<String>,
    /// Your correlation key, when the event echoes it.
    pub reference: Option<String>,
    /// Where the link or payment stands, in core terms; final only where the provider says so.
    pub status: LinkStatus,
    /// The provider's own status word, as the provider crate reads it.
    pub provider_status: String,
    /// Paid in full, under- or overpaid, where the provider says it; `None` while unknown.
    pub outcome: Option<PaymentOutcome>,
    /// The amount the event reports, exact, when it reports one.
    pub amount: Option<Decimal>,
    /// The currency of `amount`, when known.
    pub currency: Option<String>,
    /// The JSON the event was read from, exactly as received.
    pub raw: Box<RawValue>,
}

impl PaymentEvent {
    /// An event with the given identity and status; everything else unknown.
    pub fn new(
        provider: &'static str,
        event_id: impl Into<String>,
        status: LinkStatus,
        provider_status: impl Into<String>,
        raw: Box<RawValue>,
    ) -> Self {
        PaymentEvent {
            provider,
            event_id: event_id.into(),
            link_id: None,
            payment_id: None,
            reference: None,
            status,
            provider_status: provider_status.into(),
            outcome: None,
            amount: None,
            currency: None,
            raw,
        }
    }

    /// Sets the link id.
    pub fn with_link_id(mut self, link_id: Option<String>) -> Self {
        self.link_id = link_id;
        self
    }

    /// Sets the payment id.
    pub fn with_payment_id(mut self, payment_id: Option<String>) -> Self {
        self.payment_id = payment_id;
        self
    }

    /// Sets the reference.
    pub fn with_reference(mut self, reference: Option<String>) -> Self {
        self.reference = reference;
        self
    }

    /// Sets the outcome.
    pub fn with_outcome(mut self, outcome: Option<PaymentOutcome>) -> Self {
        self.outcome = outcome;
        self
    }

    /// Sets the amount.
    pub fn with_amount(mut self, amount: Option<Decimal>) -> Self {
        self.amount = amount;
        self
    }

    /// Sets the currency.
    pub fn with_currency(mut self, currency: Option<String>) -> Self {
        self.currency = currency;
        self
    }
}

impl PartialEq for PaymentEvent {
    fn eq(&self, other: &Self) -> bool {
        self.provider == other.provider
            && self.event_id == other.event_id
            && self.link_id == other.link_id
            && self.payment_id == other.payment_id
            && self.reference == other.reference
            && self.status == other.status
            && self.provider_status == other.provider_status
            && self.outcome == other.outcome
            && self.amount == other.amount
            && self.amount.map(|a| a.scale()) == other.amount.map(|a| a.scale())
            && self.currency == other.currency
            && self.raw.get() == other.raw.get()
    }
}

/// Why a webhook was refused. Never contains a secret: at most the name of a header, a
/// bounded piece of the body's own text, or a provider error (which carries no credential).
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// A header the provider always sends is absent or empty.
    #[error("webhook header {header} is missing")]
    MissingHeader {
        /// The header's name, or the names looked for when a provider takes either
        /// (`svix-id (or webhook-id)`).
        header: &'static str,
    },
    /// A header is present but not in the provider's format (not Base64, not a number, sent
    /// twice, …).
    #[error("webhook header {header} is malformed: {reason}")]
    BadEncoding {
        /// The header's name.
        header: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The signature or token does not match the body and the configured secret.
    #[error("webhook signature in {header} does not match")]
    SignatureMismatch {
        /// The header that carried the signature or token.
        header: &'static str,
    },
    /// The signed timestamp is further from now than the tolerance.
    #[error(
        "webhook timestamp is {skew_seconds} s from now, more than the {tolerance_seconds} s tolerated"
    )]
    StaleTimestamp {
        /// Timestamp minus now, in seconds: negative for the past, positive for the future.
        skew_seconds: i64,
        /// The tolerance in force, in seconds.
        tolerance_seconds: u64,
    },
    /// The webhook names a signature algorithm other than the provider's.
    #[error("webhook algorithm {found:?} is not {expected}")]
    WrongAlgorithm {
        /// The algorithm the provider uses.
        expected: &'static str,
        /// What the header said (at most [`ERROR_TEXT_LEN`] characters).
        found: String,
    },
    /// The body is authentic (or, for Paywint, about to be checked) but not the JSON expected.
    #[error("webhook body is undecodable at {path}: {message}")]
    Undecodable {
        /// Where decoding stopped (`data.attributes.status`, `.` for the whole body).
        path: String,
        /// What went wrong (at most [`ERROR_TEXT_LEN`] characters).
        message: String,
    },
    /// The verifier could not be built: the secret or key is not in the provider's format.
    #[error("webhook verifier not configured: {reason}")]
    InvalidSecret {
        /// What is wrong; names the expected format, never shows the secret.
        reason: String,
    },
    /// The event could not be confirmed through the provider's API (Paywint): the call failed,
    /// or the API does not know the payment.
    #[error("webhook could not be confirmed with the provider: {0}")]
    Unconfirmed(Box<Error>),
}

impl WebhookError {
    /// The variant's stable snake_case name: `missing_header`, `bad_encoding`,
    /// `signature_mismatch`, `stale_timestamp`, `wrong_algorithm`, `undecodable`,
    /// `invalid_secret` or `unconfirmed`; the `result` label of a refused webhook in
    /// [`WEBHOOKS`](crate::telemetry::WEBHOOKS).
    pub fn name(&self) -> &'static str {
        match self {
            WebhookError::MissingHeader { .. } => "missing_header",
            WebhookError::BadEncoding { .. } => "bad_encoding",
            WebhookError::SignatureMismatch { .. } => "signature_mismatch",
            WebhookError::StaleTimestamp { .. } => "stale_timestamp",
            WebhookError::WrongAlgorithm { .. } => "wrong_algorithm",
            WebhookError::Undecodable { .. } => "undecodable",
            WebhookError::InvalidSecret { .. } => "invalid_secret",
            WebhookError::Unconfirmed(_) => "unconfirmed",
        }
    }

    /// Whether the request failed authentication (missing or wrong credential, signature,
    /// timestamp or algorithm): answer 401. Anything else is a bad request or, for
    /// [`Unconfirmed`](WebhookError::Unconfirmed) and
    /// [`InvalidSecret`](WebhookError::InvalidSecret), a fault on the receiving side.
    pub fn is_authentication(&self) -> bool {
        matches!(
            self,
            WebhookError::MissingHeader { .. }
                | WebhookError::BadEncoding { .. }
                | WebhookError::SignatureMismatch { .. }
                | WebhookError::StaleTimestamp { .. }
                | WebhookError::WrongAlgorithm { .. }
        )
    }
}

/// Checks a provider's webhook on the spot: signature or token, then the body.
///
/// Object safe: an application can hold `Box<dyn WebhookVerifier>` per provider. Mesh, Txn,
/// Pay.io and P100 implement it; Paywint cannot (no published signature), see
/// [`WebhookReceiver`].
pub trait WebhookVerifier: Send + Sync + fmt::Debug {
    /// The provider's name in lowercase (`mesh`, `txn`, `payio`, `p100`).
    fn provider(&self) -> &'static str;

    /// Verifies `body` (the raw bytes, as received) against `headers` and decodes it.
    fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<PaymentEvent, WebhookError>;
}

/// Implements [`WebhookVerifier`] for a provider crate's verifier: the crate's `PROVIDER`, and
/// its own typed `verify` (an inherent method returning an event that converts into a
/// [`PaymentEvent`]):
///
/// ```ignore
/// paylinks_core::webhook_verifier!(Verifier);
/// ```
// `crate::PROVIDER` is meant: the invoking crate's constant.
#[allow(clippy::crate_in_macro_def)]
#[macro_export]
macro_rules! webhook_verifier {
    ($verifier:ty) => {
        impl $crate::WebhookVerifier for $verifier {
            fn provider(&self) -> &'static str {
                crate::PROVIDER
            }

            fn verify(
                &self,
                headers: &$crate::webhook::HeaderMap,
                body: &[u8],
            ) -> Result<$crate::PaymentEvent, $crate::WebhookError> {
                <$verifier>::verify(self, headers, body).map($crate::PaymentEvent::from)
            }
        }
    };
}

impl<T: WebhookVerifier + ?Sized> WebhookVerifier for Box<T> {
    fn provider(&self) -> &'static str {
        (**self).provider()
    }

    fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<PaymentEvent, WebhookError> {
        (**self).verify(headers, body)
    }
}

impl<T: WebhookVerifier + ?Sized> WebhookVerifier for std::sync::Arc<T> {
    fn provider(&self) -> &'static str {
        (**self).provider()
    }

    fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<PaymentEvent, WebhookError> {
        (**self).verify(headers, body)
    }
}

/// Turns a webhook request into a trusted [`PaymentEvent`], possibly by asking the provider.
///
/// Every [`WebhookVerifier`] is a `WebhookReceiver` (it answers at once). Paywint's `Confirmer`
/// is one too: it parses the unsigned event and reads the payment back through Paywint's API,
/// trusting only the API. So one `Box<dyn WebhookReceiver>` per provider routes all five.
#[async_trait]
pub trait WebhookReceiver: Send + Sync + fmt::Debug {
    /// The provider's name in lowercase.
    fn provider(&self) -> &'static str;

    /// Authenticates and decodes one webhook request.
    async fn receive(&self, headers: &HeaderMap, body: &[u8])
    -> Result<PaymentEvent, WebhookError>;
}

#[async_trait]
impl<T: WebhookVerifier + ?Sized> WebhookReceiver for T {
    fn provider(&self) -> &'static str {
        WebhookVerifier::provider(self)
    }

    async fn receive(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<PaymentEvent, WebhookError> {
        self.verify(headers, body)
    }
}

// ---------------------------------------------------------------------------------------------
// Building blocks for verifiers.

/// `result`, as it is, once counted in [`WEBHOOKS`](crate::telemetry::WEBHOOKS) (with the
/// `metrics` feature) as `verified` or by the refusal's [`WebhookError::name`]. Each provider
/// crate's verifier passes its final result through it, once per webhook; so should a
/// verifier for a new provider.
pub fn counted<T>(
    provider: &'static str,
    result: Result<T, WebhookError>,
) -> Result<T, WebhookError> {
    crate::telemetry::webhook(provider, &result);
    result
}

/// `text`, cut to at most [`ERROR_TEXT_LEN`] characters (with `…` when cut).
pub fn bounded(text: &str) -> String {
    match text.char_indices().nth(ERROR_TEXT_LEN) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// The one value of header `name`, trimmed: missing or empty is
/// [`WebhookError::MissingHeader`]; sent twice or not visible ASCII is
/// [`WebhookError::BadEncoding`].
pub fn header<'a>(headers: &'a HeaderMap, name: &'static str) -> Result<&'a str, WebhookError> {
    let mut values = headers.get_all(name).iter();
    let value = values
        .next()
        .ok_or(WebhookError::MissingHeader { header: name })?;
    if values.next().is_some() {
        return Err(WebhookError::BadEncoding {
            header: name,
            reason: "sent more than once",
        });
    }
    let text = value
        .to_str()
        .map_err(|_| WebhookError::BadEncoding {
            header: name,
            reason: "not visible ASCII",
        })?
        .trim();
    if text.is_empty() {
        return Err(WebhookError::MissingHeader { header: name });
    }
    Ok(text)
}

/// Standard, padded Base64 `text` from header `name`, decoded.
pub fn base64_header(name: &'static str, text: &str) -> Result<Vec<u8>, WebhookError> {
    STANDARD
        .decode(text.trim())
        .map_err(|_| WebhookError::BadEncoding {
            header: name,
            reason: "not standard Base64",
        })
}

/// An HMAC-SHA256 key, parsed once. `Debug` shows nothing of it.
#[derive(Clone)]
pub struct HmacKey(hmac::Key);

impl HmacKey {
    /// A key from its bytes (for Mesh the UTF-8 of the secret, for Txn the decoded `whsec_`).
    pub fn new(key: &[u8]) -> Self {
        HmacKey(hmac::Key::new(hmac::HMAC_SHA256, key))
    }

    /// The HMAC-SHA256 of the concatenation of `parts`.
    pub fn sign(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut context = hmac::Context::with_key(&self.0);
        for part in parts {
            context.update(part);
        }
        let mut tag = [0; 32];
        tag.copy_from_slice(context.sign().as_ref());
        tag
    }

    /// Whether `tag` is the HMAC-SHA256 of the concatenation of `parts`, in constant time.
    pub fn verify(&self, parts: &[&[u8]], tag: &[u8]) -> bool {
        constant_time_eq(&self.sign(parts), tag)
    }
}

impl fmt::Debug for HmacKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HmacKey([REDACTED])")
    }
}

/// Whether `a` equals `b`, in time that depends on neither their contents nor their lengths:
/// both are hashed with SHA-256 and the digests compared in constant time.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let a = digest::digest(&digest::SHA256, a);
    let b = digest::digest(&digest::SHA256, b);
    a.as_ref().ct_eq(b.as_ref()).into()
}

/// `sha256:` and the lowercase hex SHA-256 of `body`: the de-duplication key for providers
/// that send no event id.
pub fn body_digest(body: &[u8]) -> String {
    let hash = digest::digest(&digest::SHA256, body);
    let mut text = String::with_capacity(7 + 64);
    text.push_str("sha256:");
    for byte in hash.as_ref() {
        text.push(char::from(b"0123456789abcdef"[usize::from(byte >> 4)]));
        text.push(char::from(b"0123456789abcdef"[usize::from(byte & 0xf)]));
    }
    text
}

/// Reads header `name`'s `text` as UNIX seconds (ASCII digits only) and checks it is within
/// `tolerance` of `now`, either way. Returns the timestamp.
pub fn check_timestamp(
    name: &'static str,
    text: &str,
    now: SystemTime,
    tolerance: Duration,
) -> Result<i64, WebhookError> {
    let bad = || WebhookError::BadEncoding {
        header: name,
        reason: "not UNIX seconds",
    };
    if text.is_empty() || text.len() > 18 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let timestamp: i64 = text.parse().map_err(|_| bad())?;
    let now = match now.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
    };
    let skew = timestamp.saturating_sub(now);
    if skew.unsigned_abs() > tolerance.as_secs() {
        return Err(WebhookError::StaleTimestamp {
            skew_seconds: skew,
            tolerance_seconds: tolerance.as_secs(),
        });
    }
    Ok(timestamp)
}

/// The body as one JSON value, its text kept exactly; anything else (empty, not UTF-8, not
/// JSON, trailing bytes) is [`WebhookError::Undecodable`] at `.`.
pub fn json_body(body: &[u8]) -> Result<Box<RawValue>, WebhookError> {
    serde_json::from_slice::<Box<RawValue>>(body).map_err(|e| WebhookError::Undecodable {
        path: ".".to_owned(),
        message: bounded(&e.to_string()),
    })
}

/// Decodes `raw` as `T`, naming the JSON path where it fails.
pub fn decode_json<T: DeserializeOwned>(raw: &RawValue) -> Result<T, WebhookError> {
    let mut de = serde_json::Deserializer::from_str(raw.get());
    serde_path_to_error::deserialize(&mut de).map_err(|e| WebhookError::Undecodable {
        path: bounded(&e.path().to_string()),
        message: bounded(&e.inner().to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::http::HeaderValue;

    #[test]
    fn header_refuses_missing_empty_repeated_and_non_ascii() {
        let mut headers = HeaderMap::new();
        assert!(matches!(
            header(&headers, "X-Sig"),
            Err(WebhookError::MissingHeader { header: "X-Sig" })
        ));
        headers.insert("x-sig", HeaderValue::from_static("  "));
        assert!(matches!(
            header(&headers, "X-Sig"),
            Err(WebhookError::MissingHeader { .. })
        ));
        headers.insert("x-sig", HeaderValue::from_static(" abc "));
        assert_eq!(header(&headers, "X-Sig").unwrap(), "abc");
        headers.append("x-sig", HeaderValue::from_static("def"));
        assert!(matches!(
            header(&headers, "X-Sig"),
            Err(WebhookError::BadEncoding {
                reason: "sent more than once",
                ..
            })
        ));
        headers.insert("x-sig", HeaderValue::from_bytes(b"caf\xc3\xa9").unwrap());
        assert!(matches!(
            header(&headers, "X-Sig"),
            Err(WebhookError::BadEncoding {
                reason: "not visible ASCII",
                ..
            })
        ));
    }

    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let key = HmacKey::new(b"Jefe");
        let tag = key.sign(&[b"what do ya want ", b"for nothing?"]);
        let hex: String = tag.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert!(key.verify(&[b"what do ya want for nothing?"], &tag));
        assert!(!key.verify(&[b"what do ya want for nothing!"], &tag));
        assert!(!key.verify(&[b"what do ya want for nothing?"], &tag[..31]));
        assert_eq!(format!("{key:?}"), "HmacKey([REDACTED])");
    }

    #[test]
    fn constant_time_eq_compares_contents_and_lengths() {
        assert!(constant_time_eq(b"token", b"token"));
        assert!(!constant_time_eq(b"token", b"tokeN"));
        assert!(!constant_time_eq(b"token", b"token "));
        assert!(constant_time_eq(b"", b""));
    }

    #[test]
    fn body_digest_is_sha256_hex() {
        assert_eq!(
            body_digest(b"abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn timestamps_within_tolerance_either_way() {
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let tol = DEFAULT_TOLERANCE;
        assert_eq!(
            check_timestamp("ts", "1700000300", now, tol).unwrap(),
            1_700_000_300
        );
        assert_eq!(
            check_timestamp("ts", "1699999700", now, tol).unwrap(),
            1_699_999_700
        );
        assert!(matches!(
            check_timestamp("ts", "1699999699", now, tol),
            Err(WebhookError::StaleTimestamp {
                skew_seconds: -301,
                tolerance_seconds: 300
            })
        ));
        assert!(matches!(
            check_timestamp("ts", "1700000301", now, tol),
            Err(WebhookError::StaleTimestamp {
                skew_seconds: 301,
                ..
            })
        ));
        for bad in [
            "",
            "-1",
            "+1700000000",
            "1.5",
            "17e8",
            "999999999999999999999",
            "x",
        ] {
            assert!(
                matches!(
                    check_timestamp("ts", bad, now, tol),
                    Err(WebhookError::BadEncoding { header: "ts", .. })
                ),
                "{bad}"
            );
        }
        // Far away in either direction saturates instead of overflowing.
        assert!(matches!(
            check_timestamp("ts", "999999999999999999", now, tol),
            Err(WebhookError::StaleTimestamp { .. })
        ));
        assert!(matches!(
            check_timestamp("ts", "0", UNIX_EPOCH - Duration::from_secs(10), tol),
            Ok(0)
        ));
    }

    #[test]
    fn bodies_that_are_not_one_json_value_are_undecodable() {
        for bad in [
            &b""[..],
            b"not json",
            b"{\"a\":1} trailing",
            b"{\"a\":\"\xff\"}",
            b"{\"a\":",
        ] {
            assert!(
                matches!(json_body(bad), Err(WebhookError::Undecodable { .. })),
                "{bad:?}"
            );
        }
        let deep = "[".repeat(100_000);
        assert!(json_body(deep.as_bytes()).is_err());
        let raw = json_body(b" {\"amount\": 100.50} ").unwrap();
        assert_eq!(raw.get(), "{\"amount\": 100.50}");
    }

    #[test]
    fn decode_errors_name_the_path_and_are_bounded() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Outer {
            data: Inner,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Inner {
            status: u8,
        }
        let long = "x".repeat(10_000);
        let raw = json_body(format!(r#"{{"data":{{"status":"{long}"}}}}"#).as_bytes()).unwrap();
        let Err(WebhookError::Undecodable { path, message }) = decode_json::<Outer>(&raw) else {
            panic!("expected Undecodable");
        };
        assert_eq!(path, "data.status");
        assert!(message.chars().count() <= ERROR_TEXT_LEN + 1, "{message}");
    }

    #[derive(Debug)]
    struct Fixed;

    impl WebhookVerifier for Fixed {
        fn provider(&self) -> &'static str {
            "fixed"
        }

        fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<PaymentEvent, WebhookError> {
            header(headers, "X-Token")?;
            Ok(PaymentEvent::new(
                "fixed",
                body_digest(body),
                LinkStatus::Pending,
                "pending",
                json_body(body)?,
            ))
        }
    }

    #[tokio::test]
    async fn every_verifier_is_a_receiver_also_boxed_or_shared() {
        let mut headers = HeaderMap::new();
        headers.insert("x-token", HeaderValue::from_static("t"));
        let receivers: Vec<Box<dyn WebhookReceiver>> = vec![
            Box::new(Fixed),
            Box::new(Box::new(Fixed) as Box<dyn WebhookVerifier>),
            Box::new(std::sync::Arc::new(Fixed)),
        ];
        for receiver in receivers {
            assert_eq!(receiver.provider(), "fixed");
            let event = receiver.receive(&headers, b"{}").await.unwrap();
            assert_eq!(event.status, LinkStatus::Pending);
            assert_eq!(event.raw.get(), "{}");
            assert!(matches!(
                receiver.receive(&HeaderMap::new(), b"{}").await,
                Err(WebhookError::MissingHeader { header: "X-Token" })
            ));
        }
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let e = WebhookError::StaleTimestamp {
            skew_seconds: -400,
            tolerance_seconds: 300,
        };
        assert_eq!(
            e.to_string(),
            "webhook timestamp is -400 s from now, more than the 300 s tolerated"
        );
        assert!(e.is_authentication());
        let e = WebhookError::Undecodable {
            path: ".".into(),
            message: "m".into(),
        };
        assert!(!e.is_authentication());
    }
}
