//! [`Client`] and its builder.

use paylinks_core::{Environment, Error, Executor, Hosts, HttpConfig};

use crate::PROVIDER;
use crate::auth::Credentials;

/// Paywint's documented hosts (the `servers` of its OpenAPI blocks).
pub const HOSTS: Hosts = Hosts {
    sandbox: Some("https://api.sandbox.paywint.com"),
    production: Some("https://api.paywint.com"),
};

/// A client for Paywint's Developer API (user-api). Cheap to clone: clones share one
/// connection pool.
#[derive(Debug, Clone)]
pub struct Client {
    pub(crate) executor: Executor,
    pub(crate) credentials: Credentials,
}

impl Client {
    /// Starts building a client that authenticates with `credentials`; the environment
    /// defaults to [`Environment::Sandbox`].
    pub fn builder(credentials: Credentials) -> ClientBuilder {
        ClientBuilder {
            credentials,
            environment: Environment::default(),
            http: HttpConfig::default(),
        }
    }
}

/// Builds a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    credentials: Credentials,
    environment: Environment,
    http: HttpConfig,
}

impl ClientBuilder {
    /// Where requests go: Paywint's sandbox (the default), production, or your own base URL.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// Timeouts, response limit and retries.
    pub fn http_config(mut self, http: HttpConfig) -> Self {
        self.http = http;
        self
    }

    /// The client.
    pub fn build(self) -> Result<Client, Error> {
        let base = self.environment.base_url(PROVIDER, HOSTS)?;
        Ok(Client {
            executor: Executor::new(PROVIDER, base, self.http)?,
            credentials: self.credentials,
        })
    }
}
