//! [`Client`] and its builder.

use std::fmt;
use std::sync::Arc;

use paylinks_core::validate::{Rule, Violation};
use paylinks_core::{Environment, Error, Executor, Hosts, HttpConfig, Request, SecretString};
use secrecy::ExposeSecret;
use tokio::sync::OnceCell;

use crate::PROVIDER;
use crate::auth::{API_KEY_HEADER, Credentials, NONCE_HEADER, SIGNATURE_HEADER, Signer};
use crate::generated::Currency;

/// Pay.io's documented hosts.
///
/// - Sandbox: `https://gateway.stage.pay.io`, the `servers` entry of the OpenAPI fragments on
///   every endpoint page. Pay.io's guides and try-it examples use `https://pgw.stage.pay.io`
///   instead; the two disagree and the spec keeps the former. Use
///   [`Environment::custom`] for the other one.
/// - Production: **not documented** (every page found shows only a `stage` host), so
///   [`Environment::Production`] is refused with [`Error::Unsupported`]; pass the host Pay.io
///   gives you with [`Environment::custom`].
pub const HOSTS: Hosts = Hosts {
    sandbox: Some("https://gateway.stage.pay.io"),
    production: None,
};

/// A Pay.io client. Cheap to clone: clones share the HTTP connection pool, the parsed key and
/// the currency cache.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) executor: Executor,
    api_key: SecretString,
    signer: Signer,
    /// The merchant's currencies, fetched once on the first `create_link` that names a code.
    pub(crate) currencies: OnceCell<Vec<Currency>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("provider", &PROVIDER)
            .field("base_url", &self.inner.executor.base_url().as_str())
            .field("api_key", &self.inner.api_key)
            .field("signer", &self.inner.signer)
            .field(
                "currencies_cached",
                &self.inner.currencies.get().map(Vec::len),
            )
            .finish()
    }
}

impl Client {
    /// Starts building a client with these credentials; the sandbox host and default HTTP
    /// settings unless changed.
    pub fn builder(credentials: Credentials) -> ClientBuilder {
        ClientBuilder {
            credentials,
            environment: Environment::Sandbox,
            http_config: HttpConfig::default(),
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &url::Url {
        self.inner.executor.base_url()
    }

    /// Adds the three authentication headers to `request`: the API key, a fresh UUID v4 nonce
    /// and the signature over `METHOD + PATH + NONCE + QUERY + BODY`. Called once per attempt.
    pub(crate) fn sign(&self, request: Request) -> Result<Request, Error> {
        let nonce = uuid::Uuid::new_v4().to_string();
        let input = Signer::signing_input(
            request.method(),
            request.path(),
            &nonce,
            &request.query_string(),
            request.body_bytes(),
        );
        let signature = self.inner.signer.sign(&input)?;
        request
            .secret_header(API_KEY_HEADER, &self.inner.api_key)?
            .header(NONCE_HEADER, &nonce)?
            .header(SIGNATURE_HEADER, &signature)
    }
}

/// Builds a [`Client`]: [`Client::builder`], then [`environment`](Self::environment) and
/// [`http_config`](Self::http_config) as needed, then [`build`](Self::build).
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    credentials: Credentials,
    environment: Environment,
    http_config: HttpConfig,
}

impl ClientBuilder {
    /// Where to send requests: [`Environment::Sandbox`] (the default, Pay.io staging),
    /// [`Environment::Production`] (refused: not documented) or [`Environment::Custom`].
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// Timeouts, response limit and retries.
    pub fn http_config(mut self, config: HttpConfig) -> Self {
        self.http_config = config;
        self
    }

    /// Checks the credentials, parses the private key (once, here) and builds the client.
    ///
    /// Errors: an empty API key ([`Error::InvalidRequest`] naming `api_key`); a private key that
    /// is not a PEM RSA key of 2048 to 8192 bits in PKCS#8 or PKCS#1 form
    /// ([`Error::Unsupported`] naming `private_key`; the message never contains key material);
    /// [`Environment::Production`] ([`Error::Unsupported`] naming `environment`).
    pub fn build(self) -> Result<Client, Error> {
        if self.credentials.api_key.expose_secret().trim().is_empty() {
            return Err(Error::InvalidRequest {
                provider: PROVIDER,
                violations: vec![Violation {
                    field: "api_key".to_owned(),
                    rule: Rule::Required,
                }],
            });
        }
        let signer = Signer::from_secret_pem(&self.credentials.private_key_pem)?;
        let base = self.environment.base_url(PROVIDER, HOSTS)?;
        let executor = Executor::new(PROVIDER, base, self.http_config)?;
        Ok(Client {
            inner: Arc::new(Inner {
                executor,
                api_key: self.credentials.api_key,
                signer,
                currencies: OnceCell::new(),
            }),
        })
    }
}
