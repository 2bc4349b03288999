//! The Txn client and how it is built.

use paylinks_core::{Connect, Error, Executor, Hosts};

use crate::auth::Credentials;
use crate::{HOSTS, PROVIDER};

/// A client for Txn's payment-link API.
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
    /// Starts a client for Txn's sandbox (`https://api.sandbox.txn.io`). Txn documents no
    /// production host: give the one Txn gives you as
    /// [`Environment::Custom`](paylinks_core::Environment::Custom).
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
        self.check()?;
        Ok(Client {
            executor,
            credentials: self,
        })
    }
}
