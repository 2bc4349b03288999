//! The Txn client and its builder.

use paylinks_core::{Environment, Error, Executor, HttpConfig, SecretString};

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

/// Builds a [`Client`]: the API key, then optionally the environment and HTTP settings.
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    api_key: SecretString,
    environment: Environment,
    http: HttpConfig,
}

impl Client {
    /// Starts a client for the API key Txn issued (`txn_cmp_…`), sent as
    /// `Authorization: Bearer <api_key>`. The environment defaults to
    /// [`Environment::Sandbox`] (`https://api.sandbox.txn.io`).
    pub fn builder(api_key: impl Into<SecretString>) -> ClientBuilder {
        ClientBuilder {
            api_key: api_key.into(),
            environment: Environment::default(),
            http: HttpConfig::default(),
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &url::Url {
        self.executor.base_url()
    }
}

impl ClientBuilder {
    /// Where requests go. Txn documents only a sandbox host: [`Environment::Production`] makes
    /// [`build`](Self::build) fail with [`Error::Unsupported`]; give the production host Txn
    /// gives you with [`Environment::Custom`].
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// Timeouts, response size limit and retries.
    pub fn http_config(mut self, config: HttpConfig) -> Self {
        self.http = config;
        self
    }

    /// Builds the client: checks the API key and resolves the environment's base URL.
    pub fn build(self) -> Result<Client, Error> {
        let credentials = Credentials::new(&self.api_key)?;
        let base = self.environment.base_url(PROVIDER, HOSTS)?;
        let executor = Executor::new(PROVIDER, base, self.http)?;
        Ok(Client {
            executor,
            credentials,
        })
    }
}
