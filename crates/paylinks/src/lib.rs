//! One entry point to the five payment-link clients, for applications that use several: pick
//! a provider by name, read its credentials from the environment, and get a
//! `Box<dyn PaymentLinkProvider>` (or a webhook receiver) whatever the provider.
//!
//! Each provider is a Cargo feature (`payio`, `mesh`, `paywint`, `p100`, `txn`; all on by
//! default), so a team that uses two compiles two. So is the crypto backend: `aws-lc-rs` (on by
//! default) or `ring`, passed on to every provider's crate (see
//! [`paylinks_core::crypto`]); with `default-features = false`, name one. The environment
//! variables are listed once, in [`VARIABLES`].
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! use paylinks::{Credentials, Decimal, Environment, NewPaymentLink, Options, Provider};
//!
//! let provider: Provider = "txn".parse()?; // from the application's configuration
//! let credentials = Credentials::from_env(provider)?; // TXN_API_KEY
//! let client = paylinks::client(credentials, Environment::Production, &Options::new())?;
//! let mut link = NewPaymentLink::new(Decimal::new(10050, 2), "EUR");
//! link.reference = Some("order-7".to_owned());
//! let created = client.create_link(&link).await?;
//! println!("{} {}", created.id, created.url.unwrap_or_default());
//! # Ok(())
//! # }
//! ```

// Without a provider feature the provider enums are empty: every builder is unreachable.
#![cfg_attr(
    not(any(
        feature = "payio",
        feature = "mesh",
        feature = "paywint",
        feature = "p100",
        feature = "txn"
    )),
    allow(unreachable_code, unused_variables, dead_code)
)]

mod clients;
mod credentials;
mod provider;
#[cfg(feature = "sandbox")]
pub mod sandbox;

pub use clients::{MeshDestination, Options, ReceiverError, build, client, hosts, receiver};
pub use credentials::{
    Credentials, CredentialsError, Holds, MESH_CLIENT_ID, MESH_CLIENT_SECRET, MESH_WEBHOOK_SECRET,
    P100_API_KEY, P100_WEBHOOK_TOKEN, PAYIO_API_KEY, PAYIO_PRIVATE_KEY_PATH,
    PAYIO_WEBHOOK_PUBLIC_KEY_PATH, PAYWINT_API_KEY, PAYWINT_API_SECRET, Purpose, TXN_API_KEY,
    TXN_WEBHOOK_SECRET, VARIABLES, Variable, WebhookSecret,
};
pub use paylinks_core::{
    Capabilities, Environment, Error, ErrorKind, HttpClient, HttpClientBuilder, HttpConfig, Items,
    LinkFilter, LinkStatus, Listing, NewPaymentLink, PaymentEvent, PaymentLink,
    PaymentLinkProvider, PaymentOutcome, SecretString, WebhookError, WebhookReceiver,
};
pub use rust_decimal::Decimal;

/// The provider crates, for their typed clients and credentials (`paylinks::txn::Credentials`)
/// without a dependency of their own to keep in step.
#[cfg(feature = "mesh")]
pub use mesh_client as mesh;
#[cfg(feature = "p100")]
pub use p100_client as p100;
#[cfg(feature = "payio")]
pub use payio_client as payio;
#[cfg(feature = "paywint")]
pub use paywint_client as paywint;
pub use provider::{Provider, UnknownProvider};
#[cfg(feature = "txn")]
pub use txn_client as txn;
