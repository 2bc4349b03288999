//! Typed async client for Txn's payment links (JSON:API over `application/vnd.api+json`).
//!
//! ```no_run
//! use paylinks_core::{Environment, NewPaymentLink, PaymentLinkProvider};
//! use rust_decimal::Decimal;
//! use time::{Duration, OffsetDateTime};
//! use txn_client::{Client, Credentials};
//!
//! #[tokio::main]
//! async fn main() -> Result<(), paylinks_core::Error> {
//!     let client = Client::builder(Credentials::new("txn_cmp_your_api_key"))
//!         .environment(Environment::Sandbox)
//!         .build()?;
//!     // Txn requires an expiry on every payment link, in the future.
//!     let link = NewPaymentLink::new(Decimal::new(10000, 2), "EUR")
//!         .reference("8c40d8b6-ccdf-4861-a6d6-6c3125ce3f31")
//!         .expires_at(OffsetDateTime::now_utc() + Duration::days(7));
//!     let created = client.create_link(&link).await?;
//!     println!("send the payer to {}", created.url.unwrap_or_default());
//!
//!     // The same link, read back through Txn's own API.
//!     let document = client.get_payment_link(&created.id).await?;
//!     println!("status: {}", document.data.attributes.status);
//!     Ok(())
//! }
//! ```
//!
//! # What it covers
//!
//! [`Client`] has one method per documented call: [`create_payment_link`](Client::create_payment_link)
//! (`POST /api/public/v1/payment_links`, 201), [`get_payment_link`](Client::get_payment_link),
//! [`list_payment_links`](Client::list_payment_links) (filters and paging in
//! [`generated::operations::list_payment_links::Query`]) and
//! [`expire_payment_link`](Client::expire_payment_link). It also implements
//! [`paylinks_core::PaymentLinkProvider`], creating `Invoice` links.
//!
//! # Choices made where Txn's docs are silent
//!
//! - **Hosts.** The sandbox is `https://api.sandbox.txn.io` (older docs show
//!   `api.sandbox.txn.pro`). Txn's production API host is not publicly documented, so
//!   [`Environment::Production`](paylinks_core::Environment::Production) is refused with
//!   [`Error::Unsupported`](paylinks_core::Error::Unsupported): pass the host Txn gives you as
//!   [`Environment::Custom`](paylinks_core::Environment::Custom).
//! - **Statuses.** `completed` and `expired` are final ([`LinkStatus::Completed`](paylinks_core::LinkStatus::Completed),
//!   [`LinkStatus::Expired`](paylinks_core::LinkStatus::Expired)); `created` and `pending` are not.
//!   A link's `completed` means the end user started the child invoice or payout, not that money
//!   arrived: the money status lives on the child. Any other status is
//!   [`LinkStatus::Unknown`](paylinks_core::LinkStatus::Unknown).
//! - **Errors.** See [`error`] for how JSON:API error documents map to
//!   [`paylinks_core::Error`].
//! - **Retries.** Create and expire are POSTs, retried only when the connection failed (so
//!   nothing was sent); Txn documents no idempotency key, only that `reference` is unique.
//! - **Webhooks.** Txn documents no payment-link webhooks (links emit their child invoice's or
//!   payout's). [`webhook::Verifier`] checks the Svix-style signature (`svix-id`,
//!   `svix-timestamp`, `svix-signature`, or the same under the Standard Webhooks names
//!   `webhook-*`) and decodes the invoice resource; see [`webhook`].
//!
//! # Listing links
//!
//! [`list_links`](paylinks_core::PaymentLinkProvider::list_links) walks `GET /api/public/v1/payment_links`
//! ([`Client::list_payment_links_stream`]) oldest first (`order=created_at&order_type=asc`), so
//! links created during the walk join its end instead of shifting the pages already read and
//! making it yield a link twice. `created_since` is sent as `created_at_from`, `page_size` as
//! `per_page` (100 unless set); the status filter is applied to what Txn lists.
//!
//! Each link maps as a read does: its id, `hostedPageUrl`, amount, currency, reference, expiry
//! and status. A link whose status is `completed` (the payer started the child) takes its
//! outcome from its child invoice: from the page's `included[]` when the page carries it (Txn
//! does not document whether a list does), else by reading the link itself
//! (`GET /api/public/v1/payment_links/{id}`, as [`get_link`](paylinks_core::PaymentLinkProvider::get_link)
//! does), one call per such link, when the stream reaches it. A link in any other status has no
//! outcome. The pages are walked with [`Executor::pages`](paylinks_core::Executor::pages),
//! which keeps what a page says besides its links.

// Formatted by `cargo xtask codegen` (prettyplease), so that `cargo fmt` leaves it alone.
#[rustfmt::skip]
pub mod generated;

mod auth;
mod client;
pub mod error;
mod operations;
mod provider;
pub mod webhook;

pub use auth::Credentials;
pub use client::{Client, ClientBuilder};

/// The provider's name, as [`paylinks_core::PaymentLinkProvider::name`] returns it.
pub const PROVIDER: &str = "txn";

/// Txn's documented API hosts: a sandbox only; no production host is public.
pub const HOSTS: paylinks_core::Hosts = paylinks_core::Hosts {
    sandbox: Some("https://api.sandbox.txn.io"),
    production: None,
};

/// What Txn honours of a [`NewPaymentLink`](paylinks_core::NewPaymentLink):
/// - any currency Txn accepts (its supported-currency list is not checked here);
/// - `reference`: optional (`reference`, unique per link);
/// - `expires_at`: **required** (`expires_at`);
/// - `success_url` → `successRedirectUrl`, `failure_url` → `unsuccessRedirectUrl`: optional;
/// - `customer`, `description`: unsupported (a payment link has no such attributes);
/// - listing: every link of the account, oldest first.
pub const CAPABILITIES: paylinks_core::Capabilities = paylinks_core::Capabilities::minimal()
    .reference(paylinks_core::Support::Optional)
    .expires_at(paylinks_core::Support::Required)
    .success_url(paylinks_core::Support::Optional)
    .failure_url(paylinks_core::Support::Optional)
    .listing(paylinks_core::Listing::All);
