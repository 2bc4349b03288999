//! The Mesh client and how it is built.

use paylinks_core::{Connect, Error, Executor, Hosts};

use crate::auth::Credentials;
use crate::generated::TransferToAddressWithAmount;
use crate::{HOSTS, PROVIDER};

/// A Mesh integration-API client. Cheap to clone: clones share one connection pool.
///
/// `Debug` never shows the client secret.
#[derive(Debug, Clone)]
pub struct Client {
    pub(crate) executor: Executor,
    pub(crate) credentials: Credentials,
}

/// Builds a [`Client`]; see [`paylinks_core::ClientBuilder`].
pub type ClientBuilder = paylinks_core::ClientBuilder<Credentials>;

impl Client {
    /// Starts a client with these credentials. The environment defaults to
    /// [`Environment::Sandbox`](paylinks_core::Environment::Sandbox).
    ///
    /// [`build`](ClientBuilder::build) fails with [`Error::InvalidRequest`] when the client id,
    /// the secret, or a destination's symbol or address is blank.
    pub fn builder(credentials: Credentials) -> ClientBuilder {
        ClientBuilder::new(credentials)
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &url::Url {
        self.executor.base_url()
    }

    /// The destinations configured with [`Credentials::to_address`], in the order given; every
    /// payment link created through [`PaymentLinkProvider`](paylinks_core::PaymentLinkProvider)
    /// offers all of them to the payer.
    pub fn to_addresses(&self) -> &[TransferToAddressWithAmount] {
        self.credentials.to_addresses()
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
