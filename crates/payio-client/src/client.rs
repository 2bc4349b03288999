//! The Pay.io client and how it is built.

use std::sync::Arc;

use paylinks_core::{Connect, Error, Executor, Hosts};
use tokio::sync::OnceCell;

use crate::auth::{Credentials, Keys};
use crate::generated::Currency;
use crate::{HOSTS, PROVIDER};

/// A Pay.io client. Cheap to clone: clones, and the copies
/// [`with_http_config`](Client::with_http_config) makes, share the HTTP connection pool, the
/// parsed key and the currency cache. `Debug` shows neither key.
#[derive(Debug, Clone)]
pub struct Client {
    pub(crate) executor: Executor,
    pub(crate) inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) keys: Keys,
    /// The merchant's currencies, fetched once on the first `create_link` that names a code.
    pub(crate) currencies: OnceCell<Vec<Currency>>,
}

/// Builds a [`Client`]; see [`paylinks_core::ClientBuilder`].
pub type ClientBuilder = paylinks_core::ClientBuilder<Credentials>;

impl Client {
    /// Starts building a client with these credentials; the sandbox host and default HTTP
    /// settings unless changed.
    ///
    /// [`build`](ClientBuilder::build) fails on an empty API key ([`Error::InvalidRequest`]
    /// naming `api_key`); on a private key that is not a PEM RSA key of 2048 to 8192 bits
    /// (with the `ring` feature alone, 2048, 3072 or 4096) in PKCS#8 or PKCS#1 form
    /// ([`Error::Unsupported`] naming `private_key`; the message never contains key material);
    /// on [`Environment::Production`](paylinks_core::Environment::Production)
    /// ([`Error::Unsupported`] naming `environment`).
    pub fn builder(credentials: Credentials) -> ClientBuilder {
        ClientBuilder::new(credentials)
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &url::Url {
        self.executor.base_url()
    }

    paylinks_core::per_call_settings!();
}

impl Connect for Credentials {
    type Client = Client;
    const PROVIDER: &'static str = PROVIDER;
    const HOSTS: Hosts = HOSTS;

    /// Checks the API key and parses the private key (once, here).
    fn connect(self, executor: Executor) -> Result<Client, Error> {
        Ok(Client {
            executor,
            inner: Arc::new(Inner {
                keys: Keys::parse(self)?,
                currencies: OnceCell::new(),
            }),
        })
    }
}

/// What a client shares with its copies connects as its keys do, so a stream that outlives
/// the call that started it can hold it (see [`Client::user_transactions_stream`]).
impl paylinks_core::Connector for Inner {
    fn authorize(&self, request: paylinks_core::Request) -> Result<paylinks_core::Request, Error> {
        self.keys.authorize(request)
    }

    fn refusal(&self, response: &paylinks_core::Response) -> Option<Error> {
        self.keys.refusal(response)
    }
}
