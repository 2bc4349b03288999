//! The P100 client and its builder.

use paylinks_core::{Connect, Error, Executor, Hosts};

use crate::auth::Credentials;
use crate::{HOSTS, PROVIDER};

/// A client for the P100 Partner API's payment links.
///
/// Cheap to clone: clones share one connection pool. `Debug` never shows the API key.
#[derive(Debug, Clone)]
pub struct Client {
    pub(crate) executor: Executor,
    pub(crate) credentials: Credentials,
}

/// Builds a [`Client`]; see [`paylinks_core::ClientBuilder`].
pub type ClientBuilder = paylinks_core::ClientBuilder<Credentials>;

impl Client {
    /// Starts a client that authenticates with `credentials` (sent as `x-api-key`); the
    /// environment defaults to P100 staging,
    /// [`Environment::Sandbox`](paylinks_core::Environment::Sandbox).
    pub fn builder(credentials: Credentials) -> ClientBuilder {
        ClientBuilder::new(credentials)
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &url::Url {
        self.executor.base_url()
    }
}

impl Connect for Credentials {
    type Client = Client;
    const PROVIDER: &'static str = PROVIDER;
    const HOSTS: Hosts = HOSTS;

    fn connect(self, executor: Executor) -> Result<Client, Error> {
        Ok(Client {
            executor,
            credentials: self,
        })
    }
}
