//! A local, stateful simulator of the Pay.io, Mesh, Paywint, P100 and Txn payment-link APIs,
//! for tests and demos with no provider account: the way Stripe users run stripe-mock, but
//! holding state and following each provider's documented contract.
//!
//! One HTTP server on 127.0.0.1 serves the five APIs under their own prefixes (`/payio`,
//! `/mesh`, `/paywint`, `/p100`, `/txn`), so a client's base URL is
//! `http://127.0.0.1:PORT/<provider>`. The server is driven by the `openapi/` documents, which it
//! embeds: every request body and query is validated against its operation's schema, and a
//! violation gets the status and error body that provider documents. Credentials are checked as
//! each provider documents (Pay.io's RSA signatures included), links are kept in memory, and
//! every response is checked against its documented schema before it is sent.
//!
//! A client needs only [`Sandbox::base_url`] and [`Sandbox::credentials`] (and, to create a Mesh
//! link, [`Sandbox::mesh_destination`]) (fixed, published
//! values); the `paylinks` crate's `sandbox` feature builds each of the five clients from
//! them. By hand, Txn's list of links:
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! use paylinks_sandbox::{Provider, Sandbox};
//! use secrecy::ExposeSecret;
//!
//! let sandbox = Sandbox::start().await?; // the server stops when it is dropped
//! let base_url = sandbox.base_url(Provider::Txn); // http://127.0.0.1:PORT/txn
//! let api_key = sandbox.credentials().txn_api_key.expose_secret();
//! let links = reqwest::Client::new()
//!     .get(format!("{base_url}/api/public/v1/payment_links"))
//!     .bearer_auth(api_key)
//!     .send()
//!     .await?;
//! assert_eq!(links.status(), 200);
//! # Ok(())
//! # }
//! ```

mod clock;
mod context;
mod credentials;
mod mesh;
mod p100;
mod page;
mod payio;
mod paywint;
mod provider;
mod server;
mod spec;
mod store;
mod txn;
mod webhooks;
mod wire;

pub use clock::Clock;
pub use context::StartError;
pub use credentials::Credentials;
pub use provider::Provider;
pub use server::{MeshDestination, Sandbox, SandboxBuilder};
