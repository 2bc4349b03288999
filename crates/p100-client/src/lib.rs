//! Typed async client for the [P100 Partner API](https://partner-api-docs.p100.io)'s payment
//! links: create a link for a EUR amount, send the customer to its page, read it back.
//!
//! ```no_run
//! use p100_client::{Client, Credentials};
//! use paylinks_core::{Environment, NewPaymentLink, PaymentLinkProvider};
//! use rust_decimal::Decimal;
//! use time::{Duration, OffsetDateTime};
//!
//! #[tokio::main]
//! async fn main() -> Result<(), paylinks_core::Error> {
//!     // Staging (https://partner-api-stage.p100.io) with the staging key.
//!     let client = Client::builder(Credentials::new("your-staging-api-key"))
//!         .environment(Environment::Sandbox)
//!         .build()?;
//!
//!     // Through the provider-neutral trait: P100 needs a reference and a future expiry, EUR
//!     // only.
//!     let link = NewPaymentLink::new(Decimal::new(12345, 2), "EUR")
//!         .reference("example_ref_123")
//!         .expires_at(OffsetDateTime::now_utc() + Duration::days(7));
//!     let created = client.create_link(&link).await?;
//!     println!("pay here: {}", created.url.unwrap_or_default());
//!
//!     // Or through P100's own call and wire types.
//!     let details = client.get_payment_link(&created.id).await?;
//!     println!("P100 says the link is {:?}", details.status);
//!     Ok(())
//! }
//! ```
//!
//! # What P100 documents, and what this crate assumes
//!
//! Only the create call is documented in detail. The details call's path
//! (`GET /v1/payment-link/{paymentLinkId}`) and body, the link status values and the JSON shape
//! of error bodies are assumptions, listed in `openapi/README.md`; the conservative choices made
//! on top of them are:
//!
//! - **Currency**: P100 sends no currency; links settle in EUR, so only `EUR` is accepted.
//! - **Status**: no status is ever reported as final; see [`provider`].
//! - **Errors**: `P403` is a validation error, `P500` a rejection (not retried), `P501`
//!   "temporarily unavailable" (retryable); 401 `Access Denied. xo1|xo2|xo3` is an
//!   authentication error whose code and message name the cause ([`AccessDenied`]). The body is
//!   read as JSON or as plain text; see [`error`] for the table.
//! - **Amount**: must be greater than zero, checked before sending (P100 publishes no bound).
//! - **Expiry**: written as `2025-08-31T21:21:35.840Z` (UTC, milliseconds), the documented form.
//! - **Hosts**: [`Environment::Sandbox`](paylinks_core::Environment::Sandbox) is staging
//!   (`https://partner-api-stage.p100.io`); production (`https://partner-api.p100.io`) accepts
//!   calls only from allowlisted IP addresses.
//! - **Retries**: P100 documents no idempotency, so a create is never repeated once it may have
//!   reached P100.
//!
//! Webhooks: P100 sends its Webhook Security Token in the `Authorization` header;
//! [`webhook::Verifier`] compares it in constant time and reads the payment-link event, whose
//! payload P100 never published (the assumed shape is in [`webhook`]).

pub mod auth;
mod client;
pub mod error;
// Formatted by `cargo xtask codegen` (prettyplease), so that `cargo fmt` leaves it alone.
#[rustfmt::skip]
pub mod generated;
mod operations;
pub mod provider;
pub mod webhook;

pub use auth::{API_KEY_HEADER, Credentials};
pub use client::{Client, ClientBuilder};
pub use error::AccessDenied;

/// The provider's name, as [`paylinks_core::PaymentLinkProvider::name`] returns it.
pub const PROVIDER: &str = "p100";

/// P100's documented hosts: staging (used for
/// [`Environment::Sandbox`](paylinks_core::Environment::Sandbox)) and production.
pub const HOSTS: paylinks_core::Hosts = paylinks_core::Hosts {
    sandbox: Some("https://partner-api-stage.p100.io"),
    production: Some("https://partner-api.p100.io"),
};

/// The one currency of a P100 payment link.
pub const CURRENCY: &str = "EUR";

/// What P100 payment links honour of a [`NewPaymentLink`](paylinks_core::NewPaymentLink):
/// EUR only, `reference` and `expires_at` **required**, nothing else.
pub const CAPABILITIES: paylinks_core::Capabilities = paylinks_core::Capabilities::minimal()
    .currencies(&[CURRENCY])
    .reference(paylinks_core::Support::Required)
    .expires_at(paylinks_core::Support::Required);
