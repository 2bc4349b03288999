//! Typed async client for the Paywint Developer API (user-api): create a payment link, read
//! a payment, list the payments received.
//!
//! ```no_run
//! use paylinks_core::{Environment, NewPaymentLink, PaymentLinkProvider};
//! use paywint_client::{Client, Credentials};
//! use rust_decimal::Decimal;
//!
//! # async fn run() -> Result<(), paylinks_core::Error> {
//! let client = Client::builder(Credentials::new("your-api-key", "your-api-secret"))
//!     .environment(Environment::Sandbox)
//!     .build()?;
//! let new_link = NewPaymentLink::new(Decimal::new(15075, 2), "USD")
//!     .description("Payment for June invoice")
//!     .reference("INV-2025-0012");
//! let link = client.create_link(&new_link).await?;
//! println!("pay at {}", link.url.unwrap_or_default());
//!
//! let read = client.get_link(&link.id).await?;
//! println!("status: {}", read.status);
//! # Ok(())
//! # }
//! ```
//!
//! The same calls in Paywint's own terms, through the generated wire types:
//!
//! ```no_run
//! use paywint_client::generated::ExternalApiPaymentLinkCreateRequest;
//! use paywint_client::{Client, Credentials};
//! use rust_decimal::Decimal;
//!
//! # async fn run(client: Client) -> Result<(), paylinks_core::Error> {
//! let created = client
//!     .create_payment_link(
//!         &ExternalApiPaymentLinkCreateRequest::new(Decimal::new(15075, 2))
//!             .description("Payment for June invoice".into())
//!             .invoice_number("INV-2025-0012".into()),
//!     )
//!     .await?;
//! if let Some(data) = created.data {
//!     println!("{:?} {:?}", data.payment_id, data.payment_link);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # What Paywint leaves open, and what this crate does
//!
//! - **Credentials:** `X-Api-Key` and `X-Api-Secret` on every request; both are secrets.
//! - **Hosts:** sandbox `https://api.sandbox.paywint.com`, production `https://api.paywint.com`.
//! - **Amounts** are [`rust_decimal::Decimal`] and go on the wire as JSON numbers written
//!   digit for digit (`100.50` stays `100.50`). Paywint amounts are USD.
//! - **Errors:** FastAPI's 422 `{"detail":[{"loc":…,"msg":…}]}` becomes
//!   [`paylinks_core::Error::Validation`] with one field error per item, keyed by `loc` joined
//!   with `.` (`body.amount`). A reply with `"success": false`, even an HTTP 200, is
//!   [`paylinks_core::Error::Rejected`] with Paywint's message. See [`error`] for the rest.
//! - **Statuses:** Paywint publishes no status list; see [`link_status`] for the mapping.
//! - **Not modelled** (not documented): list of sent payments, checkout tokens, webhook
//!   signatures, rate limits, idempotency. A create is never retried once it may have reached
//!   Paywint.
//! - **Webhooks:** with no published signature, a webhook is parsed only as untrusted
//!   ([`webhook::parse_unverified`]) and confirmed by reading the payment back through the
//!   API ([`webhook::confirm`], or [`webhook::Confirmer`] as a
//!   [`WebhookReceiver`](paylinks_core::WebhookReceiver)); see [`webhook`].
//!
//! # Listing links
//!
//! [`list_links`](paylinks_core::PaymentLinkProvider::list_links) walks the payments received
//! (`POST /api/user-api/payment/list/payment-received`, [`Client::list_payments_received_stream`])
//! from `page_no` 1, `rows_per_page` being `page_size` rounded up to one of the sizes Paywint
//! takes (10, 20, 50, 100; 100 unless set, and for anything above). Each payment maps as a read
//! does (id, amount, currency, status, paid in full once `success`; no URL, no reference).
//! Paywint filters on neither creation time nor status: both are applied to what it lists
//! (`created_at`; a payment without one passes `created_since`), so they cost pages.
//!
//! Paywint documents no order for the list. Were it newest first, each payment received during
//! the walk would shift the list by one and bring back, at the top of the next page, a payment
//! the previous page held: so a payment whose id is among the last `rows_per_page` ids yielded
//! (one page's worth, the memory the walk keeps) is skipped. That covers up to a page of
//! payments received between two pages; more than that in one step, or an order that moves
//! payments further, can still yield a payment twice or pass one by, so key by id.

pub mod auth;
mod client;
pub mod error;
// Formatted by `cargo xtask codegen` (prettyplease), so that `cargo fmt` leaves it alone.
#[rustfmt::skip]
pub mod generated;
mod operations;
pub mod provider;
pub mod webhook;

pub use auth::{API_KEY_HEADER, API_SECRET_HEADER, Credentials};
pub use client::{Client, ClientBuilder};
pub use provider::link_status;

/// The provider's name, as [`paylinks_core::PaymentLinkProvider::name`] returns it.
pub const PROVIDER: &str = "paywint";

/// Paywint's documented hosts (the `servers` of its OpenAPI blocks).
pub const HOSTS: paylinks_core::Hosts = paylinks_core::Hosts {
    sandbox: Some("https://api.sandbox.paywint.com"),
    production: Some("https://api.paywint.com"),
};

/// The currency of every Paywint amount.
const CURRENCY: &str = "USD";

/// What Paywint honours of a [`NewPaymentLink`](paylinks_core::NewPaymentLink): USD amounts,
/// a `description` and a `reference` (sent as `invoice_number`); nothing else. It lists the
/// payments received.
pub const CAPABILITIES: paylinks_core::Capabilities = paylinks_core::Capabilities::minimal()
    .currencies(&[CURRENCY])
    .reference(paylinks_core::Support::Optional)
    .description(paylinks_core::Support::Optional)
    .listing(paylinks_core::Listing::All);
