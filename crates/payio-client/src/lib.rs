//! Typed async client for the [Pay.io](https://docs.pay.io) payment gateway: Mesh-backed
//! deposit links, deposit addresses, the merchant's currencies and a user's transactions.
//!
//! ```no_run
//! use payio_client::{Client, Credentials};
//! use paylinks_core::{Environment, NewPaymentLink, PaymentLinkProvider};
//! use rust_decimal::Decimal;
//!
//! # async fn run() -> Result<(), paylinks_core::Error> {
//! let pem = std::fs::read_to_string("merchant_private_key.pem").expect("key file");
//! let client = Client::builder(Credentials::new("my-api-key", pem))
//!     .environment(Environment::Sandbox) // https://gateway.stage.pay.io
//!     .build()?;
//!
//! // Through the provider-neutral trait: `currency` is a code, looked up once per client.
//! let link = NewPaymentLink::new(Decimal::new(10050, 2), "USDC").customer("hub_player_2");
//! let created = client.create_link(&link).await?;
//! println!("send the user to {}", created.url.unwrap_or_default());
//!
//! // Or the operation itself, with Pay.io's own field names.
//! let raw = client
//!     .deposit_link(&payio_client::generated::LinkExternalWallet::new(
//!         Decimal::new(10050, 2),
//!         "c872e749-fd56-533e-b01f-de87ae38e7f1".into(),
//!         "hub_player_2".into(),
//!     ))
//!     .await?;
//! println!("{}", raw.link);
//! # Ok(())
//! # }
//! ```
//!
//! # Authentication
//!
//! Every request is signed: `X-API-Key`, a fresh UUID v4 `X-API-Nonce` per attempt, and
//! `X-API-Signature`, Base64 of an RSA-SHA256 (PKCS#1 v1.5) signature over
//! `METHOD + PATH + NONCE + QUERY + BODY` with the merchant's PEM RSA private key (PKCS#8 or
//! PKCS#1, parsed once when the client is built). See [`auth`].
//!
//! # Hosts
//!
//! [`Environment::Sandbox`](paylinks_core::Environment::Sandbox) is
//! `https://gateway.stage.pay.io`, the server in Pay.io's OpenAPI fragments; its guides say
//! `pgw.stage.pay.io`. Pay.io documents **no production host**:
//! [`Environment::Production`](paylinks_core::Environment::Production) is refused with
//! [`Error::Unsupported`](paylinks_core::Error::Unsupported); use
//! [`Environment::custom`](paylinks_core::Environment::custom) with the host Pay.io gives you.
//!
//! # As a payment-link provider
//!
//! See [`provider`] for the field mapping: `customer` is required (`user_reference_id`),
//! `currency` is a code or a Pay.io currency id, and nothing else is supported. The returned
//! link's id is its URL, because Pay.io returns nothing else, and `get_link` is unsupported
//! because Pay.io documents no way to read a link back.
//!
//! # Errors
//!
//! See [`error`] for how Pay.io's answers map to [`paylinks_core::Error`].
//!
//! # Webhooks
//!
//! [`webhook::Verifier`] checks Pay.io's `X-Signature` (RSA-SHA256 over the raw body followed
//! by `X-Timestamp`) with Pay.io's public key and reads the event tolerantly, since Pay.io
//! publishes no payload schema; see [`webhook`].
//!
//! # Listing links
//!
//! Pay.io lists transactions one end user at a time, so a listing is by customer
//! ([`Listing::ByCustomer`](paylinks_core::Listing::ByCustomer)):
//! [`list_links`](paylinks_core::PaymentLinkProvider::list_links) needs [`LinkFilter::customer`](paylinks_core::LinkFilter::customer) (without one
//! it yields [`Error::InvalidRequest`](paylinks_core::Error::InvalidRequest) naming `customer`, and sends nothing) and walks
//! `POST /v1/user/transactions` ([`Client::user_transactions_stream`]) for that
//! `user_reference_id`, `transaction_types: ["Deposit"]`, forward by cursor (`after`), `first`
//! being `page_size` (100 unless set).
//!
//! What is listed is deposits, not links: a deposit is tied to the end user, and Pay.io says
//! nothing that ties it to the deposit link it came through (a link's id here is its URL,
//! which no transaction carries). So each deposit is one [`PaymentLink`](paylinks_core::PaymentLink): its id is Pay.io's
//! `correlation_key`, its amount and currency (`currency.code`) the deposit's, its reference
//! `None` (a customer is all it can be matched on), no URL. Its status: [`LinkStatus::Failed`](paylinks_core::LinkStatus::Failed)
//! when it has a `failure_reason` (null unless it failed, Pay.io says); else
//! [`LinkStatus::Completed`](paylinks_core::LinkStatus::Completed) with the outcome [`PaymentOutcome::Paid`](paylinks_core::PaymentOutcome::Paid) when it has a
//! `completed_at` (null until it completed); else `merchant_status` read as webhooks read a
//! deposit's status (only `Processing`, pending, is known; every other word stays
//! [`LinkStatus::Unknown`](paylinks_core::LinkStatus::Unknown)), with no outcome. Paid means the deposit's own amount arrived:
//! whether it is what the link asked, Pay.io cannot say, so compare the amount (`paylinks
//! reconcile` reports a different one as a mismatch). `created_since` (against
//! `inserted_at`) and the status are applied to what is listed. A deposit without a
//! `correlation_key` or an `amount` cannot be reported, and ends the listing with
//! [`Error::Decode`](paylinks_core::Error::Decode).

pub mod auth;
mod client;
pub mod error;
// Formatted by `cargo xtask codegen` (prettyplease), so that `cargo fmt` leaves it alone.
#[rustfmt::skip]
pub mod generated;
mod operations;
pub mod provider;
pub mod webhook;

pub use auth::{Credentials, sign};
pub use client::{Client, ClientBuilder};

/// The provider's name, as [`paylinks_core::PaymentLinkProvider::name`] returns it.
pub const PROVIDER: &str = "payio";

/// Pay.io's documented hosts.
///
/// - Sandbox: `https://gateway.stage.pay.io`, the `servers` entry of the OpenAPI fragments on
///   every endpoint page. Pay.io's guides and try-it examples use `https://pgw.stage.pay.io`
///   instead; the two disagree and the spec keeps the former. Use
///   [`Environment::custom`](paylinks_core::Environment::custom) for the other one.
/// - Production: **not documented** (every page found shows only a `stage` host), so
///   [`Environment::Production`](paylinks_core::Environment::Production) is refused with
///   [`Error::Unsupported`](paylinks_core::Error::Unsupported); pass the host Pay.io gives you
///   with [`Environment::custom`](paylinks_core::Environment::custom).
pub const HOSTS: paylinks_core::Hosts = paylinks_core::Hosts {
    sandbox: Some("https://gateway.stage.pay.io"),
    production: None,
};

/// What Pay.io's deposit link honours of a [`NewPaymentLink`](paylinks_core::NewPaymentLink):
/// `customer` is **required** (`user_reference_id`); `reference`, `description`, `expires_at`,
/// `success_url` and `failure_url` are unsupported; `currency` is a code or Pay.io's id of a
/// currency (a UUID). It lists one customer's deposits at a time. See [`provider`] for the
/// whole mapping.
pub const CAPABILITIES: paylinks_core::Capabilities = paylinks_core::Capabilities::minimal()
    .currency_ids()
    .customer(paylinks_core::Support::Required)
    .listing(paylinks_core::Listing::ByCustomer);
