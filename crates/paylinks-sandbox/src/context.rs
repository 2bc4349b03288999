//! What the server and the five simulators share: the [`Context`] every handler is given, and
//! [`StartError`], which building a simulator's router can fail with. Its own module, so that
//! the server imports the simulators and they import this, never the server.

use std::net::SocketAddr;

use crate::webhooks::Webhooks;
use crate::{Clock, Credentials, Provider};

/// Why the sandbox could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// The listen address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The HTTP client that delivers webhooks could not be made: its TLS set-up (the system's
    /// root certificates could not be read) or reqwest's build failed.
    #[error("cannot make the webhook client: {0}")]
    Webhooks(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// A configured credential cannot be used (the message never contains key material).
    #[error("sandbox credentials: {field}: {reason}")]
    Credentials {
        /// The field of [`Credentials`].
        field: &'static str,
        /// Why.
        reason: String,
    },
}

/// What every provider's handlers share: the accepted credentials, the clock, the server's
/// own address and the webhook deliveries.
#[derive(Debug, Clone)]
pub(crate) struct Context {
    pub(crate) credentials: Credentials,
    pub(crate) clock: Clock,
    /// `http://127.0.0.1:PORT`, for the payer-page URLs the sandbox hands out.
    pub(crate) origin: String,
    pub(crate) webhooks: Webhooks,
    /// The most links each provider keeps; beyond it, creating one forgets the oldest.
    pub(crate) max_links: Option<usize>,
}

impl Context {
    /// The sandbox's payer page for one link: `http://127.0.0.1:PORT/<provider>/pay/<id>`.
    pub(crate) fn page_url(&self, provider: Provider, id: &str) -> String {
        let id = paylinks_core::wire::escape_segment(id);
        format!("{}/{provider}/pay/{id}", self.origin)
    }
}
