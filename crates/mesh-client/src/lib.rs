//! Typed async client for Mesh's integration API (meshconnect.com): Paylinks (hosted payment
//! links made through `POST /api/v1/linktoken`), the managed-transfers list and the networks
//! list, behind [`paylinks_core::PaymentLinkProvider`].
//!
//! ```no_run
//! use mesh_client::{Client, Credentials};
//! use paylinks_core::{Environment, NewPaymentLink, PaymentLinkProvider};
//! use rust_decimal::Decimal;
//!
//! # async fn example() -> Result<(), paylinks_core::Error> {
//! // Ethereum's network id in Mesh (see `Client::networks`).
//! let ethereum = uuid::Uuid::parse_str("e3c7fdd8-b1fc-4e51-85ae-bb276e075611").unwrap();
//! let credentials = Credentials::new("my-client-id", "my-client-secret")
//!     .to_address("USDC", ethereum, "0x00000000000000000000000");
//! let client = Client::builder(credentials)
//!     .environment(Environment::Sandbox)
//!     .build()?;
//!
//! // 10.50 USD from customer-42; Mesh requires a customer (its `userId`).
//! let link = NewPaymentLink::new(Decimal::new(1050, 2), "USD")
//!     .customer("customer-42")
//!     .reference("order-1001");
//! let created = client.create_link(&link).await?;
//! println!("pay here: {}", created.url.unwrap_or_default());
//!
//! // Later: the status of the transfer the payer made (NotFound until one is started).
//! let status = client.get_link(&created.id).await?.status;
//! println!("status: {status}");
//! # Ok(())
//! # }
//! ```
//!
//! # What the crate assumes
//!
//! Mesh's documentation leaves some of this open; each choice is the conservative one and
//! lives in one place:
//!
//! - Authentication is the two headers `X-Client-Id` and `X-Client-Secret` ([`auth`]).
//! - Hosts: sandbox `https://sandbox-integration-api.meshconnect.com`, production
//!   `https://integration-api.meshconnect.com` ([`HOSTS`]).
//! - Payment links are in USD only, need a customer id and at least one destination address
//!   configured on the builder; the link's id is the `transactionId` (your reference, or a
//!   fresh UUID v4). The payment link URL is read from `content.paymentLink` or the top-level
//!   `paymentLink`, whichever is present ([`provider`]).
//! - Mesh has no "read a payment link" call: [`get_link`](paylinks_core::PaymentLinkProvider::get_link)
//!   reads the transfers carrying the link's `transactionId` and returns
//!   [`Error::NotFound`](paylinks_core::Error::NotFound) until one exists ([`provider`]).
//! - Error envelopes `{status, message, displayMessage, errorType, errorHash}` map to typed
//!   errors; a 200 whose envelope status is not `ok` is an error too ([`error`]).
//! - Webhooks: [`webhook::Verifier`] checks `X-Mesh-Signature-256` (HMAC-SHA256 of the raw
//!   body, Base64) and decodes the transfer event; `TransferStatus` is read without regard to
//!   case ([`webhook`]).
//!
//! # Listing links
//!
//! [`list_links`](paylinks_core::PaymentLinkProvider::list_links) walks the same transfer list
//! ([`Client::transfers_stream`]) oldest first (`OrderBy=createdTimestamp&DescendingOrder=false`),
//! so transfers made during the walk join its end instead of shifting the offsets already read.
//! `created_since` is sent as `FromTimestamp` (Unix seconds, as Mesh's `createdTimestamp` is),
//! `page_size` as `Count` (100, Mesh's largest, unless set); the status filter is applied to
//! the links.
//!
//! A link is what Mesh lists of it: its transfers. Adjacent transfers that share a
//! `clientTransactionId` (the link's `transactionId`) make one [`PaymentLink`](paylinks_core::PaymentLink) whose id and
//! reference are that `clientTransactionId`, mapped as
//! [`get_link`](paylinks_core::PaymentLinkProvider::get_link) maps them (which transfer decides,
//! status, amount, currency, outcome; no URL). Transfers of one link that are not
//! adjacent in the list (a payer who retried after someone else paid) yield that link more than
//! once, each time as the transfers of its run say: key the links by id, the last one read
//! being the latest. A transfer without a `clientTransactionId` is tied to no link and skipped.
//! A link that has no transfer yet (no payment started) is not listed: Mesh cannot tell it
//! from an id it never issued.

pub mod auth;
mod client;
pub mod error;
// Formatted by `cargo xtask codegen` (prettyplease), so that `cargo fmt` leaves it alone.
#[rustfmt::skip]
pub mod generated;
mod operations;
pub mod provider;
pub mod webhook;

pub use auth::Credentials;
pub use client::{Client, ClientBuilder};

/// The provider's name, as [`paylinks_core::PaymentLinkProvider::name`] returns it.
pub const PROVIDER: &str = "mesh";

/// Mesh's documented hosts (<https://docs.meshconnect.com/manual> and the `servers` of Mesh's
/// OpenAPI document). Sandbox and production use different API keys.
pub const HOSTS: paylinks_core::Hosts = paylinks_core::Hosts {
    sandbox: Some("https://sandbox-integration-api.meshconnect.com"),
    production: Some("https://integration-api.meshconnect.com"),
};

/// The only currency of `amountInFiat`.
const USD: &str = "USD";

/// What [`Client`] honours of a [`NewPaymentLink`](paylinks_core::NewPaymentLink): USD only,
/// `customer` **required** (`userId`), `reference` (`transactionId`) and `description`
/// optional; `expires_at`, `success_url` and `failure_url` unsupported. It lists every link
/// that has a transfer. See [`provider`].
pub const CAPABILITIES: paylinks_core::Capabilities = paylinks_core::Capabilities::minimal()
    .currencies(&[USD])
    .reference(paylinks_core::Support::Optional)
    .customer(paylinks_core::Support::Required)
    .description(paylinks_core::Support::Optional)
    .listing(paylinks_core::Listing::All);
