//! The one client builder: every provider crate's `Client::builder(credentials)` returns a
//! [`ClientBuilder`] over that crate's credentials.

use std::fmt;
use std::sync::Arc;

use crate::environment::{Environment, Hosts};
use crate::error::Error;
use crate::http::{Executor, HttpConfig};
use crate::http_client::HttpClient;

/// A provider crate's credentials, which know how to make that crate's client once core has
/// made its [`Executor`].
pub trait Connect: Sized {
    /// The client they make.
    type Client;
    /// The provider, in lowercase (`txn`, `mesh`, …).
    const PROVIDER: &'static str;
    /// The provider's documented hosts.
    const HOSTS: Hosts;

    /// Checks the credentials and makes the client that sends through `executor`.
    fn connect(self, executor: Executor) -> Result<Self::Client, Error>;
}

/// The application's own settings for the underlying `reqwest::ClientBuilder`.
pub(crate) type Customize =
    Arc<dyn Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync>;

/// Builds a provider's client: its credentials, then optionally the environment, the HTTP
/// settings, and either a shared [`HttpClient`] or the application's own `reqwest` settings
/// for a client of its own.
#[derive(Clone)]
pub struct ClientBuilder<C> {
    credentials: C,
    environment: Environment,
    http: HttpConfig,
    http_client: Option<HttpClient>,
    customize: Option<Customize>,
}

impl<C: Connect> ClientBuilder<C> {
    /// A builder for the provider's sandbox with the default HTTP settings.
    pub fn new(credentials: C) -> Self {
        ClientBuilder {
            credentials,
            environment: Environment::default(),
            http: HttpConfig::default(),
            http_client: None,
            customize: None,
        }
    }

    /// Where requests go (the provider's sandbox by default). A documented host the provider
    /// does not publish makes [`build`](Self::build) fail with [`Error::Unsupported`].
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// Timeouts, the call deadline, the response size limit and retries.
    pub fn http_config(mut self, config: HttpConfig) -> Self {
        self.http = config;
        self
    }

    /// Sends through `client`, sharing its connection pool and TLS configuration with every
    /// other client built on it (one pool for all five providers). Its connect timeout is used
    /// instead of [`HttpConfig::connect_timeout`]; configure `reqwest` on it, not here.
    pub fn http_client(mut self, client: HttpClient) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Configures the underlying `reqwest::ClientBuilder` of this client's own [`HttpClient`]:
    /// proxies, root certificates, pool sizes. Core's rules are applied after it, so they hold
    /// whatever it sets: the connect timeout of [`HttpConfig`], no redirects, and no proxy for
    /// a loopback host. With a shared [`http_client`](Self::http_client), `build` refuses it:
    /// configure the shared one instead.
    /// With the `ring` feature alone, reqwest's TLS settings need more: see [`crate::crypto`].
    pub fn reqwest(
        mut self,
        customize: impl Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync + 'static,
    ) -> Self {
        self.customize = Some(Arc::new(customize));
        self
    }

    /// Resolves the base URL, makes the executor and the client.
    pub fn build(self) -> Result<C::Client, Error> {
        let base = self.environment.base_url(C::PROVIDER, C::HOSTS)?;
        let http = match (self.http_client, self.customize) {
            (Some(_), Some(_)) => {
                return Err(Error::Unsupported {
                    provider: C::PROVIDER,
                    field: "reqwest",
                    reason: "the client shares an HttpClient: configure reqwest on that one"
                        .to_owned(),
                });
            }
            (Some(shared), None) => shared,
            (None, customize) => HttpClient::from_parts(customize, self.http.connect_timeout),
        };
        let executor = Executor::build(C::PROVIDER, base, self.http, &http)?;
        self.credentials.connect(executor)
    }
}

impl<C: fmt::Debug> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.credentials)
            .field("environment", &self.environment)
            .field("http", &self.http)
            .field("http_client", &self.http_client)
            .field("reqwest", &self.customize.as_ref().map(|_| ".."))
            .finish()
    }
}

/// Declares a provider crate's `Client` over its credentials type, which implements
/// [`Connector`](crate::Connector): the struct (the executor and the credentials, cheap to
/// clone), `ClientBuilder` (core's [`ClientBuilder`] over those credentials),
/// `Client::builder`, `Client::base_url`, and [`Connect`] for the credentials, naming the
/// crate's `PROVIDER` and `HOSTS` and running [`Connector::check`](crate::Connector::check)
/// before the client is made. The client's own doc comment comes first:
///
/// ```ignore
/// paylinks_core::client! {
///     /// A client for Txn's payment-link API.
///     crate::auth::Credentials
/// }
/// ```
// `crate::PROVIDER` is meant: the invoking crate's constant.
#[allow(clippy::crate_in_macro_def)]
#[macro_export]
macro_rules! client {
    ($(#[$meta:meta])* $credentials:ty) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        pub struct Client {
            pub(crate) executor: $crate::Executor,
            /// Shared by the copies [`with_http_config`](Client::with_http_config) makes.
            pub(crate) credentials: ::std::sync::Arc<$credentials>,
        }

        /// Builds a [`Client`]; see [`paylinks_core::ClientBuilder`].
        pub type ClientBuilder = $crate::ClientBuilder<$credentials>;

        impl Client {
            /// Starts building a client with `credentials`, for the provider's sandbox with the
            /// default HTTP settings unless changed. `build` checks the credentials.
            pub fn builder(credentials: $credentials) -> ClientBuilder {
                ClientBuilder::new(credentials)
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &$crate::Url {
                self.executor.base_url()
            }

            $crate::per_call_settings!();
        }

        impl $crate::Connect for $credentials {
            type Client = Client;
            const PROVIDER: &'static str = crate::PROVIDER;
            const HOSTS: $crate::Hosts = crate::HOSTS;

            fn connect(self, executor: $crate::Executor) -> Result<Client, $crate::Error> {
                $crate::Connector::check(&self)?;
                Ok(Client {
                    executor,
                    credentials: ::std::sync::Arc::new(self),
                })
            }
        }
    };
}

/// A provider crate's `Client` methods for settings per call: `with_http_config`,
/// `with_deadline` and `http_config`, over its `executor` field (the client must be `Clone`).
#[macro_export]
#[doc(hidden)]
macro_rules! per_call_settings {
    () => {
        /// A copy of this client whose calls use `config`: a checkout's create with a tight
        /// deadline, a reconciliation with a long one. The copy shares the connection pool and
        /// the credentials; unlike wrapping a call in a timeout, it keeps what makes a call
        /// safe (an `unconfirmed` error, a recovery by reference) within the deadline. The
        /// connect timeout is the pool's, fixed when the client was built.
        pub fn with_http_config(&self, config: $crate::HttpConfig) -> Self {
            Self {
                executor: self.executor.with_config(config),
                ..self.clone()
            }
        }

        /// [`with_http_config`](Self::with_http_config) with only the deadline changed.
        pub fn with_deadline(&self, deadline: ::std::time::Duration) -> Self {
            let mut config = *self.executor.config();
            config.deadline = deadline;
            self.with_http_config(config)
        }

        /// The settings this client's calls use.
        pub fn http_config(&self) -> &$crate::HttpConfig {
            self.executor.config()
        }
    };
}
