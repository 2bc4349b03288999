//! [`Client`] and its builder.

use paylinks_core::validate::{Rule, Violation};
use paylinks_core::{Environment, Error, Executor, Hosts, HttpConfig, SecretString};
use secrecy::ExposeSecret;

use crate::PROVIDER;
use crate::auth::Credentials;
use crate::generated::TransferToAddressWithAmount;

/// Mesh's documented hosts (<https://docs.meshconnect.com/manual> and the `servers` of Mesh's
/// OpenAPI document). Sandbox and production use different API keys.
pub const HOSTS: Hosts = Hosts {
    sandbox: Some("https://sandbox-integration-api.meshconnect.com"),
    production: Some("https://integration-api.meshconnect.com"),
};

/// A Mesh integration-API client. Cheap to clone: clones share one connection pool.
///
/// `Debug` never shows the client secret.
#[derive(Debug, Clone)]
pub struct Client {
    pub(crate) executor: Executor,
    pub(crate) credentials: Credentials,
    pub(crate) to_addresses: Vec<TransferToAddressWithAmount>,
}

impl Client {
    /// Starts a client for the given client id and secret. The environment defaults to
    /// [`Environment::Sandbox`].
    pub fn builder(client_id: impl Into<String>, client_secret: SecretString) -> ClientBuilder {
        ClientBuilder {
            credentials: Credentials::new(client_id, client_secret),
            environment: Environment::default(),
            http: HttpConfig::default(),
            to_addresses: Vec::new(),
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &url::Url {
        self.executor.base_url()
    }

    /// The destinations configured with [`ClientBuilder::to_address`], in the order given; every
    /// payment link created through [`PaymentLinkProvider`](paylinks_core::PaymentLinkProvider)
    /// offers all of them to the payer.
    pub fn to_addresses(&self) -> &[TransferToAddressWithAmount] {
        &self.to_addresses
    }
}

/// Configures a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    credentials: Credentials,
    environment: Environment,
    http: HttpConfig,
    to_addresses: Vec<TransferToAddressWithAmount>,
}

impl ClientBuilder {
    /// Where to send requests: Mesh's sandbox (the default), production, or your own URL.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// Timeouts, response limit and retries.
    pub fn http_config(mut self, config: HttpConfig) -> Self {
        self.http = config;
        self
    }

    /// Adds a destination that payers of a payment link may pay into: the asset's `symbol`
    /// (`USDC`, `ETH`, …), Mesh's id of the network (see [`Client::networks`]) and your
    /// receiving `address` on it. Mesh needs at least one to create a payment link; call this
    /// once per asset and network you accept.
    pub fn to_address(
        mut self,
        symbol: impl Into<String>,
        network_id: uuid::Uuid,
        address: impl Into<String>,
    ) -> Self {
        self.to_addresses.push(
            TransferToAddressWithAmount::new()
                .network_id(network_id)
                .symbol(symbol.into())
                .address(address.into()),
        );
        self
    }

    /// Builds the client: checks the credentials and destinations are not empty and resolves
    /// the environment's base URL.
    pub fn build(self) -> Result<Client, Error> {
        let mut violations = Vec::new();
        let mut require = |field: String, empty: bool| {
            if empty {
                violations.push(Violation {
                    field,
                    rule: Rule::Required,
                });
            }
        };
        require(
            crate::auth::CLIENT_ID_HEADER.to_owned(),
            self.credentials.client_id().trim().is_empty(),
        );
        require(
            crate::auth::CLIENT_SECRET_HEADER.to_owned(),
            self.credentials.secret().expose_secret().trim().is_empty(),
        );
        for (i, to) in self.to_addresses.iter().enumerate() {
            let blank = |v: &Option<String>| v.as_deref().is_none_or(|v| v.trim().is_empty());
            require(format!("toAddresses[{i}].symbol"), blank(&to.symbol));
            require(format!("toAddresses[{i}].address"), blank(&to.address));
        }
        if !violations.is_empty() {
            return Err(Error::InvalidRequest {
                provider: PROVIDER,
                violations,
            });
        }
        let base = self.environment.base_url(PROVIDER, HOSTS)?;
        Ok(Client {
            executor: Executor::new(PROVIDER, base, self.http)?,
            credentials: self.credentials,
            to_addresses: self.to_addresses,
        })
    }
}
