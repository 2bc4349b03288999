//! The P100 client and its builder.

use paylinks_core::{Environment, Error, Executor, Hosts, HttpConfig, SecretString};

/// The provider's name, as [`paylinks_core`] reports it.
pub const PROVIDER: &str = "p100";

/// P100's documented hosts: staging (used for [`Environment::Sandbox`]) and production.
pub const HOSTS: Hosts = Hosts {
    sandbox: Some("https://partner-api-stage.p100.io"),
    production: Some("https://partner-api.p100.io"),
};

/// A client for the P100 Partner API's payment links.
///
/// Cheap to clone: clones share one connection pool. `Debug` never shows the API key.
#[derive(Debug, Clone)]
pub struct Client {
    pub(crate) executor: Executor,
    pub(crate) api_key: SecretString,
}

impl Client {
    /// Starts a client that authenticates with `api_key` (sent as `x-api-key`). Staging and
    /// production use different keys.
    pub fn builder(api_key: impl Into<SecretString>) -> ClientBuilder {
        ClientBuilder {
            api_key: api_key.into(),
            environment: Environment::default(),
            http_config: HttpConfig::default(),
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &url::Url {
        self.executor.base_url()
    }
}

/// Builds a [`Client`]: the API key, then optionally the environment and HTTP settings.
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    api_key: SecretString,
    environment: Environment,
    http_config: HttpConfig,
}

impl ClientBuilder {
    /// Where to send requests: [`Environment::Sandbox`] (P100 staging, the default),
    /// [`Environment::Production`] (calls accepted only from allowlisted IP addresses) or
    /// [`Environment::Custom`].
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// Timeouts, response limit and retries.
    pub fn http_config(mut self, http_config: HttpConfig) -> Self {
        self.http_config = http_config;
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let base = self.environment.base_url(PROVIDER, HOSTS)?;
        Ok(Client {
            executor: Executor::new(PROVIDER, base, self.http_config)?,
            api_key: self.api_key,
        })
    }
}
