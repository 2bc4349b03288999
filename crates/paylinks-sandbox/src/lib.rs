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
//! ```no_run
//! # async fn example() -> Result<(), paylinks_sandbox::StartError> {
//! use paylinks_sandbox::{Provider, Sandbox};
//!
//! let sandbox = Sandbox::start().await?;
//! let base_url = sandbox.base_url(Provider::Txn); // http://127.0.0.1:PORT/txn
//! let api_key = &sandbox.credentials().txn_api_key;
//! // build a txn_client::Client with `base_url` and `api_key`; the server stops on drop
//! # let _ = (base_url, api_key);
//! # Ok(())
//! # }
//! ```

mod clock;
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
mod wire;

pub use clock::Clock;
pub use credentials::Credentials;
pub use provider::{Provider, UnknownProvider};
pub use server::{Sandbox, SandboxBuilder, StartError};
