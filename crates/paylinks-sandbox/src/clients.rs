//! The five providers' clients, built from one [`Credentials`] value: the one place in the
//! workspace that calls each client crate's `Client::builder`, so that the CLI, the
//! cross-provider tests and the sandbox's own tests build clients the same way.
//!
//! Each function takes the environment (a sandbox's [`Sandbox::environment`], or any other)
//! and uses only its provider's fields of the credentials:
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! use paylinks_sandbox::{Provider, Sandbox, clients};
//!
//! let sandbox = Sandbox::start().await?;
//! for provider in Provider::ALL {
//!     let client = clients::client(
//!         provider,
//!         sandbox.environment(provider)?,
//!         sandbox.credentials(),
//!         &[sandbox.mesh_destination()],
//!     )?;
//!     assert_eq!(client.name(), provider.as_str());
//! }
//! # Ok(())
//! # }
//! ```

use paylinks_core::environment::BaseUrlError;
use paylinks_core::{
    ClientBuilder, Environment, Error, Hosts, HttpConfig, PaymentLinkProvider, WebhookError,
    WebhookReceiver,
};
use uuid::Uuid;

use crate::{Credentials, Provider, Sandbox, mesh};

/// A destination a Mesh payer may pay into: Mesh needs at least one to create a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeshDestination {
    /// The asset (`USDC`).
    pub symbol: String,
    /// Mesh's id of the network.
    pub network: Uuid,
    /// The receiving address on that network.
    pub address: String,
}

/// `provider`'s client as the core trait object, sending to `environment` with `provider`'s
/// credentials; `mesh_to` are the destinations Mesh's links offer (the other providers ignore
/// them).
pub fn client(
    provider: Provider,
    environment: Environment,
    credentials: &Credentials,
    mesh_to: &[MeshDestination],
) -> Result<Box<dyn PaymentLinkProvider>, Error> {
    client_with(
        provider,
        environment,
        credentials,
        mesh_to,
        HttpConfig::default(),
    )
}

/// [`client`], with its own timeouts, deadline, response limit and retries.
pub fn client_with(
    provider: Provider,
    environment: Environment,
    credentials: &Credentials,
    mesh_to: &[MeshDestination],
    http: HttpConfig,
) -> Result<Box<dyn PaymentLinkProvider>, Error> {
    Ok(match provider {
        Provider::Payio => Box::new(
            payio_builder(credentials)
                .environment(environment)
                .http_config(http)
                .build()?,
        ),
        Provider::Mesh => Box::new(
            mesh_builder(credentials, mesh_to)
                .environment(environment)
                .http_config(http)
                .build()?,
        ),
        Provider::Paywint => Box::new(
            paywint_builder(credentials)
                .environment(environment)
                .http_config(http)
                .build()?,
        ),
        Provider::P100 => Box::new(
            p100_builder(credentials)
                .environment(environment)
                .http_config(http)
                .build()?,
        ),
        Provider::Txn => Box::new(
            txn_builder(credentials)
                .environment(environment)
                .http_config(http)
                .build()?,
        ),
    })
}

/// What checks `provider`'s webhooks, built from the secrets in `credentials` (for a sandbox,
/// the ones it signs with): Mesh's and Txn's HMAC secrets, Pay.io's public key, P100's token;
/// for Paywint, which signs nothing, a receiver that reads the payment back through a client
/// sending to `environment`.
pub fn receiver(
    provider: Provider,
    environment: Environment,
    credentials: &Credentials,
) -> Result<Box<dyn WebhookReceiver>, ReceiverError> {
    Ok(match provider {
        Provider::Payio => Box::new(payio_client::webhook::Verifier::new(
            &credentials.payio_webhook_public_key_pem,
        )?),
        Provider::Mesh => Box::new(mesh_client::webhook::Verifier::new(
            credentials.mesh_webhook_secret.clone(),
        )?),
        Provider::Paywint => Box::new(paywint_client::webhook::Confirmer::new(paywint(
            environment,
            credentials,
        )?)),
        Provider::P100 => Box::new(p100_client::webhook::Verifier::new(
            credentials.p100_webhook_token.clone(),
        )?),
        Provider::Txn => Box::new(txn_client::webhook::Verifier::new(
            credentials.txn_webhook_secret.clone(),
        )?),
    })
}

/// Why [`receiver`] could not build a receiver.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReceiverError {
    /// A webhook secret or key is unusable.
    #[error(transparent)]
    Secret(#[from] WebhookError),
    /// Paywint's client could not be built.
    #[error(transparent)]
    Client(#[from] Error),
}

/// The hosts `provider` documents, for checking an [`Environment`] before building a client.
pub fn hosts(provider: Provider) -> Hosts {
    match provider {
        Provider::Payio => payio_client::HOSTS,
        Provider::Mesh => mesh_client::HOSTS,
        Provider::Paywint => paywint_client::HOSTS,
        Provider::P100 => p100_client::HOSTS,
        Provider::Txn => txn_client::HOSTS,
    }
}

/// Pay.io: the API key and the private key that signs every request.
pub fn payio(
    environment: Environment,
    credentials: &Credentials,
) -> Result<payio_client::Client, Error> {
    payio_builder(credentials).environment(environment).build()
}

fn payio_builder(credentials: &Credentials) -> ClientBuilder<payio_client::Credentials> {
    payio_client::Client::builder(payio_client::Credentials::new(
        credentials.payio_api_key.clone(),
        credentials.payio_private_key_pem.clone(),
    ))
}

/// Mesh: the client id and secret, and the destinations its links offer the payer.
pub fn mesh(
    environment: Environment,
    credentials: &Credentials,
    to: &[MeshDestination],
) -> Result<mesh_client::Client, Error> {
    mesh_builder(credentials, to)
        .environment(environment)
        .build()
}

fn mesh_builder(
    credentials: &Credentials,
    to: &[MeshDestination],
) -> ClientBuilder<mesh_client::Credentials> {
    let credentials = mesh_client::Credentials::new(
        credentials.mesh_client_id.clone(),
        credentials.mesh_client_secret.clone(),
    );
    let credentials = to.iter().fold(credentials, |credentials, to| {
        credentials.to_address(to.symbol.clone(), to.network, to.address.clone())
    });
    mesh_client::Client::builder(credentials)
}

/// Paywint: the API key and secret.
pub fn paywint(
    environment: Environment,
    credentials: &Credentials,
) -> Result<paywint_client::Client, Error> {
    paywint_builder(credentials)
        .environment(environment)
        .build()
}

fn paywint_builder(credentials: &Credentials) -> ClientBuilder<paywint_client::Credentials> {
    paywint_client::Client::builder(paywint_client::Credentials::new(
        credentials.paywint_api_key.clone(),
        credentials.paywint_api_secret.clone(),
    ))
}

/// P100: one API key.
pub fn p100(
    environment: Environment,
    credentials: &Credentials,
) -> Result<p100_client::Client, Error> {
    p100_builder(credentials).environment(environment).build()
}

fn p100_builder(credentials: &Credentials) -> ClientBuilder<p100_client::Credentials> {
    p100_client::Client::builder(p100_client::Credentials::new(
        credentials.p100_api_key.clone(),
    ))
}

/// Txn: one API key.
pub fn txn(
    environment: Environment,
    credentials: &Credentials,
) -> Result<txn_client::Client, Error> {
    txn_builder(credentials).environment(environment).build()
}

fn txn_builder(credentials: &Credentials) -> ClientBuilder<txn_client::Credentials> {
    txn_client::Client::builder(txn_client::Credentials::new(
        credentials.txn_api_key.clone(),
    ))
}

impl Sandbox {
    /// [`base_url`](Sandbox::base_url) as a client environment. It is refused only when the
    /// sandbox listens on an address other than loopback, which clients reach over https only.
    pub fn environment(&self, provider: Provider) -> Result<Environment, BaseUrlError> {
        Environment::custom(self.base_url(provider).as_str())
    }

    /// A destination the sandbox's Mesh takes, for a Mesh client pointed at it: the first EVM
    /// network it lists and that network's first token, paying into an address no one holds a
    /// key for (the sandbox moves no money).
    pub fn mesh_destination(&self) -> MeshDestination {
        let (network, symbol) = mesh::first_evm_token();
        MeshDestination {
            symbol: symbol.to_owned(),
            network,
            address: MESH_ADDRESS.to_owned(),
        }
    }
}

/// The address [`Sandbox::mesh_destination`] pays into: an EVM address no one holds a key for.
const MESH_ADDRESS: &str = "0x000000000000000000000000000000000000dEaD";
