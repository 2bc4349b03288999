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
