//! The one place that calls each provider crate's `Client::builder`: a client as
//! `Box<dyn PaymentLinkProvider>`, a webhook receiver as `Box<dyn WebhookReceiver>`, or a typed
//! client, from credentials, an environment and [`Options`].

use paylinks_core::{
    ClientBuilder, Connect, Environment, Error, Hosts, HttpClient, HttpConfig, PaymentLinkProvider,
    WebhookError, WebhookReceiver,
};
use uuid::Uuid;

use crate::{Credentials, Provider, WebhookSecret};

/// What a client is built with besides its credentials and environment.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Options {
    /// Timeouts, the call deadline, the response size limit and retries.
    pub http: HttpConfig,
    /// The HTTP client every client built with these options shares (one connection pool
    /// and TLS configuration for all providers); `None` gives each client its own.
    pub http_client: Option<HttpClient>,
    /// Where a Mesh payer may pay: Mesh needs at least one destination to create a link
    /// (not to read one). [`client`] adds them to Mesh's credentials; a typed Mesh client from
    /// [`build`] takes them on its credentials (`to_address`). The other providers ignore it.
    pub mesh_to: Vec<MeshDestination>,
}

impl Options {
    /// The default HTTP settings and no Mesh destination.
    pub fn new() -> Self {
        Options::default()
    }

    /// Sets the HTTP settings.
    pub fn http(mut self, http: HttpConfig) -> Self {
        self.http = http;
        self
    }

    /// Shares `client`'s connection pool among every client built with these options.
    pub fn http_client(mut self, client: HttpClient) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Adds a destination Mesh's links offer the payer.
    pub fn mesh_to(mut self, to: MeshDestination) -> Self {
        self.mesh_to.push(to);
        self
    }
}

/// A destination a Mesh payer may pay into.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MeshDestination {
    /// The asset (`USDC`).
    pub symbol: String,
    /// Mesh's id of the network.
    pub network: Uuid,
    /// The receiving address on that network.
    pub address: String,
}

impl MeshDestination {
    /// Pay `symbol` on Mesh's network `network` into `address`.
    pub fn new(symbol: impl Into<String>, network: Uuid, address: impl Into<String>) -> Self {
        MeshDestination {
            symbol: symbol.into(),
            network,
            address: address.into(),
        }
    }
}

/// A typed client for the provider whose credentials these are, sending to `environment`
/// with `options`' HTTP settings and shared client: `paylinks::build(txn_client::Credentials::new(key), …)`.
pub fn build<C: Connect>(
    credentials: C,
    environment: Environment,
    options: &Options,
) -> Result<C::Client, Error> {
    let mut builder = ClientBuilder::new(credentials)
        .environment(environment)
        .http_config(options.http);
    if let Some(shared) = &options.http_client {
        builder = builder.http_client(shared.clone());
    }
    builder.build()
}

/// The client for `credentials`' provider as the core trait object, sending to
/// `environment`; Mesh's offers the payer `options.mesh_to`.
pub fn client(
    credentials: Credentials,
    environment: Environment,
    options: &Options,
) -> Result<Box<dyn PaymentLinkProvider>, Error> {
    Ok(match credentials {
        #[cfg(feature = "payio")]
        Credentials::Payio(c) => Box::new(build(c, environment, options)?),
        #[cfg(feature = "mesh")]
        Credentials::Mesh(c) => {
            let c = options.mesh_to.iter().fold(c, |c, to| {
                c.to_address(to.symbol.clone(), to.network, to.address.clone())
            });
            Box::new(build(c, environment, options)?)
        }
        #[cfg(feature = "paywint")]
        Credentials::Paywint(c) => Box::new(build(c, environment, options)?),
        #[cfg(feature = "p100")]
        Credentials::P100(c) => Box::new(build(c, environment, options)?),
        #[cfg(feature = "txn")]
        Credentials::Txn(c) => Box::new(build(c, environment, options)?),
    })
}

/// What checks `secret`'s provider's webhooks: the provider crate's verifier, or for
/// Paywint, which signs nothing, its `Confirmer`, which reads each payment back through a
/// client sending to `environment` (required for Paywint, ignored by the others).
#[cfg_attr(not(feature = "paywint"), allow(unused_variables))]
pub fn receiver(
    secret: WebhookSecret,
    environment: Option<Environment>,
    options: &Options,
) -> Result<Box<dyn WebhookReceiver>, ReceiverError> {
    Ok(match secret {
        #[cfg(feature = "payio")]
        WebhookSecret::Payio(pem) => Box::new(payio_client::webhook::Verifier::new(&pem)?),
        #[cfg(feature = "mesh")]
        WebhookSecret::Mesh(secret) => Box::new(mesh_client::webhook::Verifier::new(secret)?),
        #[cfg(feature = "paywint")]
        WebhookSecret::Paywint(c) => {
            let environment = environment.ok_or(ReceiverError::NoEnvironment)?;
            Box::new(paywint_client::webhook::Confirmer::new(build(
                c,
                environment,
                options,
            )?))
        }
        #[cfg(feature = "p100")]
        WebhookSecret::P100(token) => Box::new(p100_client::webhook::Verifier::new(token)?),
        #[cfg(feature = "txn")]
        WebhookSecret::Txn(secret) => Box::new(txn_client::webhook::Verifier::new(secret)?),
    })
}

/// Why [`receiver`] could not build a receiver.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReceiverError {
    /// The webhook secret or key is unusable.
    #[error(transparent)]
    Secret(#[from] WebhookError),
    /// A client-side error: Paywint's client could not be built, or the provider's feature is
    /// off or its environment refused.
    #[error(transparent)]
    Client(#[from] Error),
    /// Paywint signs nothing, so its events are confirmed by reading the payment back: it
    /// needs the environment to read from.
    #[error(
        "paywint confirms each event by reading the payment back through its API: give the environment to read from"
    )]
    NoEnvironment,
}

/// The hosts `provider` documents, for checking an [`Environment`] before building a client;
/// [`Error::Unsupported`] when its feature is off.
pub fn hosts(provider: Provider) -> Result<Hosts, Error> {
    Ok(match provider {
        #[cfg(feature = "payio")]
        Provider::Payio => payio_client::HOSTS,
        #[cfg(feature = "mesh")]
        Provider::Mesh => mesh_client::HOSTS,
        #[cfg(feature = "paywint")]
        Provider::Paywint => paywint_client::HOSTS,
        #[cfg(feature = "p100")]
        Provider::P100 => p100_client::HOSTS,
        #[cfg(feature = "txn")]
        Provider::Txn => txn_client::HOSTS,
        #[allow(unreachable_patterns)]
        other => return Err(other.not_compiled()),
    })
}
