//! Verifying Txn's webhooks (Svix-style signatures) and reading its invoice events.
//!
//! Txn has no payment-link webhook: a payment link emits the webhooks of the invoice (or
//! payout) it creates. Each delivery carries three headers
//! (<https://docs.txn.pro/api-basics/webhooks/verifying-webhooks>):
//!
//! - `svix-id`: the message id, the same when Txn resends it (the de-duplication key);
//! - `svix-timestamp`: UNIX seconds;
//! - `svix-signature`: a space-separated list of `v1,<Base64>` entries; one match suffices
//!   (there are several while a secret is being rotated), other versions are ignored.
//!
//! The same scheme under the Standard Webhooks names (<https://www.standardwebhooks.com>),
//! `webhook-id`, `webhook-timestamp` and `webhook-signature`, is accepted too, as Svix's own
//! libraries do: a delivery relayed through Standard Webhooks tooling carries those. A delivery
//! is read with one family, taken whole and never mixed: the `svix-*` one when any of its three
//! headers is present (even empty), else the `webhook-*` one. So with both families present
//! only the `svix-*` headers are checked, and a missing `svix-*` header is refused even when
//! the `webhook-*` set is complete; with neither, the error names `svix-id (or webhook-id)`.
//! (Svix's libraries instead fall back header by header.)
//!
//! The signed content is `{svix-id}.{svix-timestamp}.{raw body}`, HMAC-SHA256 keyed with the
//! Base64-decoded part of the `whsec_…` secret after its prefix. A timestamp more than
//! [`DEFAULT_TOLERANCE`] (five minutes, Svix's default: Txn's own value was not published)
//! from now, either way, is refused; [`Verifier::with_tolerance`] changes it.
//!
//! The body is the JSON:API invoice resource, `{data: {id, type: "invoices", attributes,
//! relationships}, included: [...]}` (<https://docs.txn.pro/invoices/invoice-webhooks>), with
//! no event name. The money status lives in `statusContext` (`full`, `underpaid`,
//! `overpaid`), final only once `status` is `completed`
//! (<https://docs.txn.io/invoices/invoice-status-flow>).
//!
//! ```
//! use std::time::{Duration, SystemTime, UNIX_EPOCH};
//! use paylinks_core::webhook::HeaderMap;
//! use paylinks_core::{PaymentEvent, PaymentOutcome, SecretString};
//! use txn_client::webhook::{InvoiceStatus, Verifier};
//!
//! # fn main() -> Result<(), paylinks_core::WebhookError> {
//! // Once, at start-up: the endpoint's signing secret from Txn's back office.
//! let verifier = Verifier::new(SecretString::from("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))?;
//!
//! // Per request: the raw body bytes and the headers, as your web framework hands them over.
//! let body = br#"{"data":{"id":"fe8ea84a-8490-4133-87e9-3209e6d1f7db","type":"invoices","attributes":{"status":"completed","statusContext":"underpaid","paymentStatus":"onTime","amountBilled":"100.00","billedCurrency":"EUR"}}}"#;
//! # let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
//! # let signature = verifier.sign("msg_2Lz8CfRpxZ7bIv5e", now, body);
//! let mut headers = HeaderMap::new();
//! headers.insert("svix-id", "msg_2Lz8CfRpxZ7bIv5e".parse().unwrap());
//! headers.insert("svix-timestamp", now.to_string().parse().unwrap());
//! headers.insert("svix-signature", signature.parse().unwrap());
//!
//! let event = verifier.verify(&headers, body)?; // Err: answer 401 and stop
//! assert_eq!(event.attributes.status, InvoiceStatus::Completed);
//!
//! let event = PaymentEvent::from(event);
//! assert_eq!(event.outcome, Some(PaymentOutcome::Underpaid));
//! assert_eq!(event.event_id, "msg_2Lz8CfRpxZ7bIv5e");
//! # Ok(())
//! # }
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use paylinks_core::webhook::{
    HeaderMap, HmacKey, check_timestamp, constant_time_eq, counted, decode_json, header, json_body,
};
use paylinks_core::{LinkStatus, PaymentEvent, PaymentOutcome, WebhookError};
use rust_decimal::Decimal;
use secrecy::zeroize::Zeroizing;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::value::RawValue;
use time::OffsetDateTime;

use crate::PROVIDER;

pub use paylinks_core::webhook::DEFAULT_TOLERANCE;

/// The header carrying the message id.
pub const ID_HEADER: &str = "svix-id";
/// The header carrying the UNIX-seconds timestamp.
pub const TIMESTAMP_HEADER: &str = "svix-timestamp";
/// The header carrying the `v1,<Base64>` signature list.
pub const SIGNATURE_HEADER: &str = "svix-signature";
/// [`ID_HEADER`] under its Standard Webhooks name.
pub const STANDARD_ID_HEADER: &str = "webhook-id";
/// [`TIMESTAMP_HEADER`] under its Standard Webhooks name.
pub const STANDARD_TIMESTAMP_HEADER: &str = "webhook-timestamp";
/// [`SIGNATURE_HEADER`] under its Standard Webhooks name.
pub const STANDARD_SIGNATURE_HEADER: &str = "webhook-signature";
/// The prefix of a Txn (Svix) signing secret.
pub const SECRET_PREFIX: &str = "whsec_";

/// One family's names for the message id, timestamp and signature headers.
struct Family {
    id: &'static str,
    timestamp: &'static str,
    signature: &'static str,
}

/// Svix's names, which Txn sends; read first.
const SVIX: Family = Family {
    id: ID_HEADER,
    timestamp: TIMESTAMP_HEADER,
    signature: SIGNATURE_HEADER,
};

/// The Standard Webhooks names, read when no Svix header is present.
const STANDARD_WEBHOOKS: Family = Family {
    id: STANDARD_ID_HEADER,
    timestamp: STANDARD_TIMESTAMP_HEADER,
    signature: STANDARD_SIGNATURE_HEADER,
};

/// The family a delivery is read with, whole: Svix's when any of its headers is present (even
/// empty), else the Standard Webhooks one when any of its headers is; with neither, a missing
/// header naming both message-id headers.
fn family(headers: &HeaderMap) -> Result<&'static Family, WebhookError> {
    [&SVIX, &STANDARD_WEBHOOKS]
        .into_iter()
        .find(|family| {
            [family.id, family.timestamp, family.signature]
                .iter()
                .any(|name| headers.contains_key(*name))
        })
        .ok_or(WebhookError::MissingHeader {
            header: "svix-id (or webhook-id)",
        })
}

/// Checks Txn webhooks against the endpoint's signing secret. `Debug` shows nothing of it.
#[derive(Clone)]
pub struct Verifier {
    key: HmacKey,
    tolerance: Duration,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("provider", &PROVIDER)
            .field("secret", &"[REDACTED]")
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

/// Who sent a delivery and when, once its signature checked out.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Delivery {
    /// `svix-id` (or `webhook-id`): the same across resends of one message.
    pub message_id: String,
    /// `svix-timestamp` (or `webhook-timestamp`), UNIX seconds.
    pub timestamp: i64,
}

impl Verifier {
    /// A verifier for a signing secret `whsec_<Base64>` (the prefix may be left out, as the
    /// Svix libraries allow). A secret that is empty or not Base64 after the prefix is refused.
    pub fn new(secret: impl Into<SecretString>) -> Result<Self, WebhookError> {
        let secret = secret.into();
        let text = secret.expose_secret().trim();
        let encoded = text.strip_prefix(SECRET_PREFIX).unwrap_or(text);
        let key =
            Zeroizing::new(
                STANDARD
                    .decode(encoded)
                    .map_err(|_| WebhookError::InvalidSecret {
                        reason: "a Txn signing secret is whsec_ followed by standard Base64"
                            .to_owned(),
                    })?,
            );
        if key.is_empty() {
            return Err(WebhookError::InvalidSecret {
                reason: "the Txn signing secret is empty".to_owned(),
            });
        }
        Ok(Verifier {
            key: HmacKey::new(&key),
            tolerance: DEFAULT_TOLERANCE,
        })
    }

    /// Sets how far the signed timestamp may be from now, either way (default five minutes).
    pub fn with_tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// The timestamp tolerance in force.
    pub fn tolerance(&self) -> Duration {
        self.tolerance
    }

    /// The `svix-signature` (or `webhook-signature`) value for this message: `v1,<Base64>`.
    /// For tests and local simulators; a receiver only needs [`verify`](Self::verify).
    pub fn sign(&self, message_id: &str, timestamp: i64, body: &[u8]) -> String {
        let timestamp = timestamp.to_string();
        let tag = self.key.sign(&signed_content(message_id, &timestamp, body));
        format!("v1,{}", STANDARD.encode(tag))
    }

    /// Checks the signature and the timestamp (against the system clock), then decodes the
    /// invoice event.
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<InvoiceEvent, WebhookError> {
        self.verify_at(headers, body, SystemTime::now())
    }

    /// [`verify`](Self::verify) with the given time as now.
    pub fn verify_at(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<InvoiceEvent, WebhookError> {
        let verified = self
            .authenticate(headers, body, now)
            .and_then(|delivery| InvoiceEvent::decode(delivery, body));
        counted(PROVIDER, verified)
    }

    /// Checks only the signature and the timestamp, whatever the body is (an invoice, a payout,
    /// anything Txn signs), read with one header family (see the [module](self) docs). Returns
    /// the message id and timestamp.
    pub fn authenticate_at(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<Delivery, WebhookError> {
        counted(PROVIDER, self.authenticate(headers, body, now))
    }

    /// [`authenticate_at`](Self::authenticate_at), not counted: [`verify_at`](Self::verify_at)
    /// counts the whole verification once.
    fn authenticate(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<Delivery, WebhookError> {
        let names = family(headers)?;
        let message_id = header(headers, names.id)?;
        let timestamp_text = header(headers, names.timestamp)?;
        let signatures = header(headers, names.signature)?;
        let timestamp = check_timestamp(names.timestamp, timestamp_text, now, self.tolerance)?;
        let expected = self
            .key
            .sign(&signed_content(message_id, timestamp_text, body));
        let mut versioned = false;
        let mut matched = false;
        for entry in signatures.split_ascii_whitespace() {
            let Some(("v1", encoded)) = entry.split_once(',') else {
                continue;
            };
            versioned = true;
            if let Ok(candidate) = STANDARD.decode(encoded) {
                matched |= constant_time_eq(&expected, &candidate);
            }
        }
        if !versioned {
            return Err(WebhookError::BadEncoding {
                header: names.signature,
                reason: "no v1,<Base64> entry",
            });
        }
        if !matched {
            return Err(WebhookError::SignatureMismatch {
                header: names.signature,
            });
        }
        Ok(Delivery {
            message_id: message_id.to_owned(),
            timestamp,
        })
    }
}

fn signed_content<'a>(message_id: &'a str, timestamp: &'a str, body: &'a [u8]) -> [&'a [u8]; 5] {
    [
        message_id.as_bytes(),
        b".",
        timestamp.as_bytes(),
        b".",
        body,
    ]
}

paylinks_core::webhook_verifier!(Verifier);

paylinks_core::open_enum! {
    /// An invoice's `status` (<https://docs.txn.io/invoices/invoice-status-flow>).
    pub enum InvoiceStatus {
        /// Waiting for the payment. Not final.
        Pending = "pending",
        /// No payment within 20 minutes. Not final: a late payment can still arrive.
        Expired = "expired",
        /// A payment arrived and is being processed. Not final.
        Processing = "processing",
        /// Paid (see `statusContext` for how much). Final.
        Completed = "completed",
        /// Held for compliance review. Not final.
        OnHold = "on_hold",
        /// No payment within 7 days. Final.
        Cancelled = "cancelled",
        /// Rejected. Final.
        Rejected = "rejected",
    }
}

paylinks_core::open_enum! {
    /// An invoice's `statusContext`: how much was paid.
    pub enum StatusContext {
        /// Nothing paid.
        Unpaid = "unpaid",
        /// Paid in full.
        Full = "full",
        /// Paid less than billed.
        Underpaid = "underpaid",
        /// Paid more than billed.
        Overpaid = "overpaid",
    }
}

paylinks_core::open_enum! {
    /// An invoice's `paymentStatus`: when the payment came.
    pub enum PaymentStatus {
        /// No payment yet.
        Expecting = "expecting",
        /// Paid before the invoice expired.
        OnTime = "onTime",
        /// Paid after it expired.
        Late = "late",
    }
}

/// An invoice's `attributes`, with Txn's names. Every field but `status` is optional, so a
/// payout or a future field set still decodes.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct InvoiceAttributes {
    /// Where the invoice stands.
    pub status: InvoiceStatus,
    /// How much was paid.
    #[serde(default)]
    pub status_context: Option<StatusContext>,
    /// When it was paid.
    #[serde(default)]
    pub payment_status: Option<PaymentStatus>,
    /// The amount billed, in `billed_currency`, exact.
    #[serde(default, with = "paylinks_core::money::string::option")]
    pub amount_billed: Option<Decimal>,
    /// The currency shown to the payer (`TRY`, `EUR`, …).
    #[serde(default)]
    pub billed_currency: Option<String>,
    /// The amount charged, in `charged_currency`, exact.
    #[serde(default, with = "paylinks_core::money::string::option")]
    pub amount_charged: Option<Decimal>,
    /// The cryptocurrency the payer pays in.
    #[serde(default)]
    pub charged_currency: Option<String>,
    /// The amount credited to your account, in `target_currency`, exact.
    #[serde(default, with = "paylinks_core::money::string::option")]
    pub target_amount: Option<Decimal>,
    /// Your account's currency.
    #[serde(default)]
    pub target_currency: Option<String>,
    /// Billed per charged unit, exact.
    #[serde(default, with = "paylinks_core::money::string::option")]
    pub exchange_rate: Option<Decimal>,
    /// Charged-to-target rate, exact.
    #[serde(default, with = "paylinks_core::money::string::option")]
    pub charged_target_rate: Option<Decimal>,
    /// The currency of `charged_target_rate`.
    #[serde(default)]
    pub charged_target_rate_currency: Option<String>,
    /// Your correlation key.
    #[serde(default)]
    pub reference: Option<String>,
    /// The payer's page.
    #[serde(default)]
    pub hosted_page_url: Option<String>,
    /// The network code (`ttrx:usdt`).
    #[serde(default)]
    pub network: Option<String>,
    /// The network's name (`Tron (TRC20)`).
    #[serde(default)]
    pub network_name: Option<String>,
    /// Where the payer goes after paying.
    #[serde(default)]
    pub success_redirect_url: Option<String>,
    /// Where the payer goes otherwise.
    #[serde(default)]
    pub unsuccess_redirect_url: Option<String>,
    /// When the invoice was created.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub created_at: Option<OffsetDateTime>,
    /// When it expires.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
}

/// One verified Txn webhook: the delivery and the invoice resource it carries.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct InvoiceEvent {
    /// `svix-id` (or `webhook-id`): the de-duplication key.
    pub message_id: String,
    /// `svix-timestamp` (or `webhook-timestamp`), UNIX seconds.
    pub timestamp: i64,
    /// `data.id`: the invoice's id.
    pub id: String,
    /// `data.type`: `invoices` (anything else is decoded, but never read as an invoice's
    /// status or outcome).
    pub resource_type: String,
    /// `data.attributes`.
    pub attributes: InvoiceAttributes,
    /// The payment link the invoice belongs to, when `data.relationships` names one.
    ///
    /// **Assumption** (Txn documents no link from an invoice to its payment link): the first
    /// relationship whose `data` is one resource identifier of type `paymentLinks` (or
    /// `payment_links`), whatever the relationship's name.
    pub payment_link_id: Option<String>,
    /// The body, exactly as received.
    pub raw: Box<RawValue>,
}

#[derive(Deserialize)]
struct Document {
    data: Resource,
}

#[derive(Deserialize)]
struct Resource {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    attributes: InvoiceAttributes,
    #[serde(default)]
    relationships: Option<BTreeMap<String, Box<RawValue>>>,
}

#[derive(Deserialize)]
struct Relationship {
    data: Identifier,
}

#[derive(Deserialize)]
struct Identifier {
    id: String,
    #[serde(rename = "type")]
    kind: String,
}

/// The resource types of a payment link: `paymentLinks` in Txn's replies, `payment_links` in
/// its requests.
const PAYMENT_LINK_TYPES: [&str; 2] = ["paymentLinks", "payment_links"];

/// **Assumption** (Txn documents no link from an invoice to its payment link): the invoice's
/// payment link is the first relationship whose `data` is one resource identifier of a
/// payment-link type ([`PAYMENT_LINK_TYPES`]), whatever the relationship's name. Relationships
/// of any other shape are skipped, never an error.
fn payment_link_id(relationships: Option<&BTreeMap<String, Box<RawValue>>>) -> Option<String> {
    relationships?.values().find_map(|raw| {
        let relationship: Relationship = serde_json::from_str(raw.get()).ok()?;
        PAYMENT_LINK_TYPES
            .contains(&relationship.data.kind.as_str())
            .then_some(relationship.data.id)
    })
}

impl InvoiceEvent {
    /// Decodes a body for an already authenticated delivery (see
    /// [`Verifier::authenticate_at`]); does not check anything itself.
    pub fn decode(delivery: Delivery, body: &[u8]) -> Result<Self, WebhookError> {
        let raw = json_body(body)?;
        let document: Document = decode_json(&raw)?;
        let resource = document.data;
        Ok(InvoiceEvent {
            message_id: delivery.message_id,
            timestamp: delivery.timestamp,
            payment_link_id: payment_link_id(resource.relationships.as_ref()),
            id: resource.id,
            resource_type: resource.kind,
            attributes: resource.attributes,
            raw,
        })
    }

    /// Whether the resource is an invoice (`data.type` is `invoices`).
    pub fn is_invoice(&self) -> bool {
        self.resource_type == "invoices"
    }
}

/// An invoice's status in core terms, final only where Txn's status flow says so:
/// `completed` → `Completed`; `cancelled` (nothing paid in 7 days) → `Expired`; `rejected` →
/// `Failed`; `pending`, `processing`, `on_hold` and `expired` (a late payment can still
/// arrive) → `Pending`; anything else → `Unknown` with Txn's word.
fn link_status(status: &InvoiceStatus) -> LinkStatus {
    match status {
        InvoiceStatus::Completed => LinkStatus::Completed,
        InvoiceStatus::Cancelled => LinkStatus::Expired,
        InvoiceStatus::Rejected => LinkStatus::Failed,
        InvoiceStatus::Pending
        | InvoiceStatus::Processing
        | InvoiceStatus::OnHold
        | InvoiceStatus::Expired => LinkStatus::Pending,
        other => LinkStatus::Unknown(other.as_str().to_owned()),
    }
}

/// The money outcome, only once the invoice is `completed`: `full` → paid, `underpaid`,
/// `overpaid`; anything else (not completed, `unpaid`, missing, unknown) → none.
pub(crate) fn outcome(attributes: &InvoiceAttributes) -> Option<PaymentOutcome> {
    if attributes.status != InvoiceStatus::Completed {
        return None;
    }
    match attributes.status_context.as_ref()? {
        StatusContext::Full => Some(PaymentOutcome::Paid),
        StatusContext::Underpaid => Some(PaymentOutcome::Underpaid),
        StatusContext::Overpaid => Some(PaymentOutcome::Overpaid),
        _ => None,
    }
}

/// `event_id` is `svix-id` (or `webhook-id`); `payment_id` the invoice id; `link_id` the
/// payment link when the relationships name it; `amount`/`currency` are
/// `amountBilled`/`billedCurrency`. A resource that is not an invoice gets `Unknown` status and
/// no outcome.
impl From<InvoiceEvent> for PaymentEvent {
    fn from(event: InvoiceEvent) -> Self {
        let invoice = event.is_invoice();
        let attributes = event.attributes;
        let status = if invoice {
            link_status(&attributes.status)
        } else {
            LinkStatus::Unknown(attributes.status.as_str().to_owned())
        };
        let outcome = if invoice { outcome(&attributes) } else { None };
        PaymentEvent::new(
            PROVIDER,
            event.message_id,
            status,
            attributes.status.as_str(),
            event.raw,
        )
        .with_link_id(event.payment_link_id)
        .with_payment_id(Some(event.id))
        .with_reference(attributes.reference)
        .with_outcome(outcome)
        .with_amount(attributes.amount_billed)
        .with_currency(attributes.billed_currency)
    }
}
