//! The shared vocabulary of the paylinks clients.
//!
//! Provider crates (`payio-client`, `mesh-client`, `paywint-client`, `p100-client`,
//! `txn-client`) build on this crate; it knows no provider. An application that routes
//! between providers codes against [`PaymentLinkProvider`]:
//!
//! ```
//! use paylinks_core::{NewPaymentLink, PaymentLinkProvider};
//! use rust_decimal::Decimal;
//!
//! async fn pay(provider: &dyn PaymentLinkProvider) -> Result<String, paylinks_core::Error> {
//!     let link = NewPaymentLink::new(Decimal::new(10050, 2), "EUR").reference("order-42");
//!     let created = provider.create_link(&link).await?;
//!     Ok(created.url.unwrap_or_default())
//! }
//! ```

pub mod builder;
pub mod crypto;
pub mod environment;
pub mod error;
pub mod http;
pub mod http_client;
pub mod link;
pub mod listing;
pub mod money;
mod open_enum;
pub mod operation;
pub mod outcome;
pub mod paging;
pub mod pem;
pub mod provider;
pub mod telemetry;
pub mod validate;
pub mod webhook;
pub mod wire;

pub use builder::{ClientBuilder, Connect};
pub use environment::{BaseUrl, Environment, Hosts};
pub use error::{Error, ErrorKind, FieldError, Mismatch, ProviderError, TransportKind};
pub use http::{Call, Executor, HttpConfig, Request, Response};
pub use http_client::{HttpClient, HttpClientBuilder};
pub use link::{Capabilities, LinkStatus, Listing, NewPaymentLink, PaymentLink, Support};
pub use listing::LinkFilter;
pub use operation::{Connector, Operation};
pub use outcome::PaymentOutcome;
pub use paging::{Items, Paged};
pub use provider::PaymentLinkProvider;
pub use secrecy::SecretString;
pub use url::Url;
pub use webhook::{PaymentEvent, WebhookError, WebhookReceiver, WebhookVerifier};
pub use wire::Method;

#[doc(hidden)]
pub use serde as __serde;
