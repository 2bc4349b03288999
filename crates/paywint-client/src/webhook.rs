//! Paywint's payment webhooks: parsed, never trusted, confirmed through the API.
//!
//! Paywint posts `{"event", "id", "data", "eventGeneratedTime"}` to your webhook URL
//! (<https://docs.paywint.com/webhook>, <https://docs.paywint.com/webhook-response>) for
//! `payment.initiated`, `.processing`, `.success`, `.failed`, `.rejected`, `.retried`,
//! `.opened` and `.expired` (and, on developer.paywint.com, `.settling`, `.refunded`,
//! `.fee_refunded`). It retries a non-2xx answer twice (three tries in all) and asks you to
//! de-duplicate on the event `id`.
//!
//! **Paywint publishes no signature scheme** (its pages say one exists but never say which
//! header or algorithm), so anyone can post such a body. This module therefore:
//!
//! - parses the body only under a name that says so, [`parse_unverified`];
//! - confirms it with [`confirm`]: reads the payment back with
//!   [`Client::get_payment`] and builds the [`PaymentEvent`] **only from the API's answer**
//!   (status, amount, currency); nothing of the webhook is kept but its `id` (the
//!   de-duplication key) and the payment id that was asked about.
//!
//! Confirming is a network call, so Paywint does not implement the synchronous
//! [`WebhookVerifier`](paylinks_core::WebhookVerifier). It implements the asynchronous
//! [`WebhookReceiver`] through [`Confirmer`], so an application routes Paywint beside the
//! other four with one `Box<dyn WebhookReceiver>` per provider. Answer Paywint within its
//! five seconds: de-duplicate on the `id` first, and confirm in the background if your API
//! calls can be slow. A forged body costs you one `GET` to Paywint, nothing more.
//!
//! `data.amount` is documented two ways: an integer in the smallest unit (`599` is 5.99 USD,
//! docs.paywint.com) and a decimal string (`"100.00"`, developer.paywint.com). Both are read
//! exactly; a JSON number with a fraction or exponent is refused, since it is neither.
//!
//! ```no_run
//! use paylinks_core::webhook::HeaderMap;
//! use paylinks_core::{Environment, WebhookReceiver};
//! use paywint_client::webhook::{self, Confirmer};
//! use paywint_client::{Client, Credentials};
//!
//! # async fn run(headers: HeaderMap, body: Vec<u8>) -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::builder(Credentials::new("your-api-key", "your-api-secret"))
//!     .environment(Environment::Sandbox)
//!     .build()?;
//!
//! // Step by step: parse (untrusted), then confirm through the API.
//! let claimed = webhook::parse_unverified(&body)?;
//! println!("Paywint says {} for {}", claimed.event, claimed.data.payment_id);
//! let event = webhook::confirm(&client, &claimed).await?;
//! println!("the API says {} ({:?} {:?})", event.provider_status, event.amount, event.currency);
//!
//! // Or as one receiver, beside the other providers' verifiers.
//! let receiver: Box<dyn WebhookReceiver> = Box::new(Confirmer::new(client));
//! let event = receiver.receive(&headers, &body).await?;
//! # Ok(())
//! # }
//! ```

use async_trait::async_trait;
use paylinks_core::webhook::{HeaderMap, bounded, counted, decode_json, json_body};
use paylinks_core::{
    Error, PaymentEvent, PaymentLink, ProviderError, WebhookError, WebhookReceiver,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use crate::PROVIDER;
use crate::client::Client;
use crate::generated::ExternalApiPaymentRead;

paylinks_core::open_enum! {
    /// The webhook's `event`.
    pub enum EventKind {
        /// A payment was initiated.
        Initiated = "payment.initiated",
        /// A payment is being processed.
        Processing = "payment.processing",
        /// A payment succeeded.
        Success = "payment.success",
        /// A payment failed (`data.failed_reason` says why).
        Failed = "payment.failed",
        /// A payment was rejected.
        Rejected = "payment.rejected",
        /// A payment was retried under a new id (`data.retry_payment_id`).
        Retried = "payment.retried",
        /// The payment link was opened.
        Opened = "payment.opened",
        /// The payment link expired.
        Expired = "payment.expired",
        /// Settling (developer.paywint.com only).
        Settling = "payment.settling",
        /// Refunded (developer.paywint.com only).
        Refunded = "payment.refunded",
        /// The fee was refunded (developer.paywint.com only).
        FeeRefunded = "payment.fee_refunded",
    }
}

/// The webhook's `data`.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct PaymentData {
    /// The payment's id: what [`confirm`] reads back.
    pub payment_id: uuid::Uuid,
    /// The status Paywint claims (`opened`, `processing`, `success`, `failed`, …).
    #[serde(default)]
    pub status: Option<String>,
    /// The amount Paywint claims, exact, in major units (USD).
    #[serde(default, deserialize_with = "amount")]
    pub amount: Option<Decimal>,
    /// The currency, when sent (developer.paywint.com's form).
    #[serde(default)]
    pub currency: Option<String>,
    /// Why the payment failed (`payment.failed`).
    #[serde(default)]
    pub failed_reason: Option<String>,
    /// The new payment's id (`payment.retried`).
    #[serde(default)]
    pub retry_payment_id: Option<String>,
}

/// One Paywint webhook, **as claimed by whoever sent it**: nothing here is authenticated.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PaywintEvent {
    /// What happened.
    pub event: EventKind,
    /// The event's id (UUID v4): the de-duplication key.
    pub id: String,
    /// The payment it is about.
    pub data: PaymentData,
    /// When Paywint generated it, UNIX seconds with a fraction.
    pub event_generated_time: Option<f64>,
    /// The body, exactly as received.
    pub raw: Box<RawValue>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Wire {
    event: EventKind,
    id: String,
    data: PaymentData,
    #[serde(default)]
    event_generated_time: Option<f64>,
}

/// **Assumption:** the number of decimal places of Paywint's smallest unit. Paywint amounts
/// are USD ("the smallest currency unit (cents for USD)"), so an integer amount is cents.
const MINOR_UNIT_PLACES: u32 = 2;

/// `data.amount`: an integer of cents (`599` → 5.99) or a decimal string (`"100.00"`).
fn amount<'de, D: Deserializer<'de>>(de: D) -> Result<Option<Decimal>, D::Error> {
    use serde::de::Error as _;
    let Some(raw) = Option::<Box<RawValue>>::deserialize(de)? else {
        return Ok(None);
    };
    let text = raw.get();
    if text.starts_with('"') {
        #[derive(Deserialize)]
        struct Major(#[serde(with = "paylinks_core::money::string")] Decimal);
        return serde_json::from_str::<Major>(text)
            .map(|m| Some(m.0))
            .map_err(|e| D::Error::custom(bounded(&e.to_string())));
    }
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(D::Error::custom(format!(
            "an amount is an integer of cents or a decimal string, not {}",
            bounded(text)
        )));
    }
    let mut cents = Decimal::from_str_exact(text)
        .map_err(|e| D::Error::custom(format!("amount {}: {e}", bounded(text))))?;
    cents
        .set_scale(MINOR_UNIT_PLACES)
        .map_err(|e| D::Error::custom(e.to_string()))?;
    Ok(Some(cents))
}

/// Parses a Paywint webhook body **without authenticating it** (Paywint publishes no
/// signature). Use it to learn which payment to [`confirm`], never to act on.
///
/// A body it refuses is counted as a refused webhook (see [`counted`]); one it reads is
/// counted once [`confirm_payment`] has confirmed or refused it.
pub fn parse_unverified(body: &[u8]) -> Result<PaywintEvent, WebhookError> {
    let parsed = json_body(body).and_then(|raw| {
        let wire: Wire = decode_json(&raw)?;
        Ok(PaywintEvent {
            event: wire.event,
            id: wire.id,
            data: wire.data,
            event_generated_time: wire.event_generated_time,
            raw,
        })
    });
    match parsed {
        Ok(event) => Ok(event),
        refused => counted(PROVIDER, refused),
    }
}

/// A webhook confirmed through Paywint's API: the webhook's id, and the payment as the API
/// returned it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ConfirmedPayment {
    /// The webhook's `id`, for de-duplication (not trusted for anything else).
    pub event_id: String,
    /// What the webhook claimed happened (informational only).
    pub claimed: EventKind,
    /// The payment, as `GET /api/user-api/payment/get/{payment_id}` returned it.
    pub payment: ExternalApiPaymentRead,
    /// `payment` as JSON.
    pub raw: Box<RawValue>,
}

fn unconfirmed(message: String) -> WebhookError {
    WebhookError::Unconfirmed(Box::new(Error::NotFound(Box::new(ProviderError {
        provider: PROVIDER,
        status: 200,
        code: None,
        message: Some(message),
        fields: Vec::new(),
        body: Vec::new(),
    }))))
}

/// Reads the webhook's payment back through the API. A failed call, or an answer without
/// that payment, is [`WebhookError::Unconfirmed`]. Either way the webhook is counted (see
/// [`counted`]): this is where a Paywint webhook is verified.
pub async fn confirm_payment(
    client: &Client,
    event: &PaywintEvent,
) -> Result<ConfirmedPayment, WebhookError> {
    counted(PROVIDER, read_back(client, event).await)
}

/// [`confirm_payment`], not counted.
async fn read_back(
    client: &Client,
    event: &PaywintEvent,
) -> Result<ConfirmedPayment, WebhookError> {
    let payment_id = event.data.payment_id;
    let read = client
        .get_payment(&payment_id)
        .await
        .map_err(|e| WebhookError::Unconfirmed(Box::new(e)))?;
    let payment = read
        .data
        .ok_or_else(|| unconfirmed(format!("Paywint returned no payment {payment_id}")))?;
    if payment.payment_id != payment_id {
        return Err(unconfirmed(format!(
            "asked for payment {payment_id}, Paywint answered with {}",
            payment.payment_id
        )));
    }
    let raw = serde_json::value::to_raw_value(&payment)
        .map_err(|e| unconfirmed(format!("the payment could not be kept as JSON: {e}")))?;
    Ok(ConfirmedPayment {
        event_id: event.id.clone(),
        claimed: event.event.clone(),
        payment,
        raw,
    })
}

/// Reads the webhook's payment back through the API and returns the [`PaymentEvent`] the API
/// supports (see [`ConfirmedPayment`]'s conversion).
pub async fn confirm(client: &Client, event: &PaywintEvent) -> Result<PaymentEvent, WebhookError> {
    confirm_payment(client, event).await.map(PaymentEvent::from)
}

/// Everything from the API's answer: `status` mapped by [`link_status`](crate::link_status) (`success` is
/// `Completed` and paid, there being no partial payment of a Paywint link), `amount`,
/// `currency`; `link_id` and `payment_id` are the payment id (this crate's link id). Only
/// `event_id` comes from the webhook.
impl From<ConfirmedPayment> for PaymentEvent {
    fn from(confirmed: ConfirmedPayment) -> Self {
        let payment = confirmed.payment;
        // The same status and outcome a read of the payment gives.
        let read = PaymentLink::from(&payment);
        let id = payment.payment_id.to_string();
        PaymentEvent::new(
            PROVIDER,
            confirmed.event_id,
            read.status,
            payment.status,
            confirmed.raw,
        )
        .with_link_id(Some(id.clone()))
        .with_payment_id(Some(id))
        .with_outcome(read.outcome)
        .with_amount(Some(payment.amount))
        .with_currency(payment.currency)
    }
}

/// Paywint as a [`WebhookReceiver`]: parses the body ([`parse_unverified`]) and returns what
/// the API confirms ([`confirm`]). Headers are not read (Paywint signs nothing).
#[derive(Debug, Clone)]
pub struct Confirmer {
    client: Client,
}

impl Confirmer {
    /// A receiver that confirms through `client`.
    pub fn new(client: Client) -> Self {
        Confirmer { client }
    }
}

#[async_trait]
impl WebhookReceiver for Confirmer {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    async fn receive(
        &self,
        _headers: &HeaderMap,
        body: &[u8],
    ) -> Result<PaymentEvent, WebhookError> {
        let event = parse_unverified(body)?;
        confirm(&self.client, &event).await
    }
}
