//! Clients and receivers for a [`paylinks_sandbox::Sandbox`], with the credentials and webhook
//! secrets it publishes (feature `sandbox`, for the CLI and tests; a production build leaves
//! it off). The sandbox itself depends on no client crate: it is an independent oracle.

use paylinks_core::{Environment, Error, PaymentLinkProvider, WebhookReceiver};
use paylinks_sandbox::Sandbox;
use secrecy::ExposeSecret;

use crate::{Credentials, MeshDestination, Options, Provider, ReceiverError, WebhookSecret};

impl From<Provider> for paylinks_sandbox::Provider {
    fn from(provider: Provider) -> Self {
        match provider {
            Provider::Payio => paylinks_sandbox::Provider::Payio,
            Provider::Mesh => paylinks_sandbox::Provider::Mesh,
            Provider::Paywint => paylinks_sandbox::Provider::Paywint,
            Provider::P100 => paylinks_sandbox::Provider::P100,
            Provider::Txn => paylinks_sandbox::Provider::Txn,
        }
    }
}

/// `provider`'s API credentials as `sandbox` accepts them; [`CredentialsError::NotCompiled`]
/// when its feature is off.
///
/// [`CredentialsError::NotCompiled`]: crate::CredentialsError::NotCompiled
pub fn credentials(
    sandbox: &Sandbox,
    provider: Provider,
) -> Result<Credentials, crate::CredentialsError> {
    credentials_from(sandbox.credentials(), provider)
}

/// `provider`'s API credentials out of a sandbox credentials set that no running sandbox
/// need hold: [`paylinks_sandbox::Credentials::default`] (the published values) for a server
/// that checks none, or a copy with a secret changed, for a test of refused credentials.
pub fn credentials_from(
    given: &paylinks_sandbox::Credentials,
    provider: Provider,
) -> Result<Credentials, crate::CredentialsError> {
    Credentials::from_values(provider, &|variable| published_value(given, variable))
}

/// What checks the webhooks `sandbox` sends as `provider`: the secrets it signs with (for
/// Paywint, its API credentials).
pub fn webhook_secret(
    sandbox: &Sandbox,
    provider: Provider,
) -> Result<WebhookSecret, crate::CredentialsError> {
    WebhookSecret::from_values(provider, &|variable| {
        published_value(sandbox.credentials(), variable)
    })
}

/// [`published`] for a variable the credentials are read from.
fn published_value(
    given: &paylinks_sandbox::Credentials,
    variable: &'static str,
) -> Result<String, crate::CredentialsError> {
    published(given, variable).ok_or_else(|| crate::CredentialsError::Variable {
        variable,
        problem: "has no value the sandbox publishes".to_owned(),
    })
}

/// The value `given` publishes for the variable `name` of [`VARIABLES`](crate::VARIABLES): a
/// key or secret as its text, and for a [`Holds::PemFile`](crate::Holds::PemFile) variable the
/// PEM itself (the caller writes it to a file); `None` for a name not in the table. Sandbox
/// credentials are published and good for nothing else, so showing them is safe.
pub fn published(given: &paylinks_sandbox::Credentials, name: &str) -> Option<String> {
    let shown = |secret: &paylinks_core::SecretString| secret.expose_secret().to_owned();
    Some(match name {
        crate::PAYIO_API_KEY => shown(&given.payio_api_key),
        crate::PAYIO_PRIVATE_KEY_PATH => shown(&given.payio_private_key_pem),
        crate::MESH_CLIENT_ID => given.mesh_client_id.clone(),
        crate::MESH_CLIENT_SECRET => shown(&given.mesh_client_secret),
        crate::PAYWINT_API_KEY => shown(&given.paywint_api_key),
        crate::PAYWINT_API_SECRET => shown(&given.paywint_api_secret),
        crate::P100_API_KEY => shown(&given.p100_api_key),
        crate::TXN_API_KEY => shown(&given.txn_api_key),
        crate::PAYIO_WEBHOOK_PUBLIC_KEY_PATH => given.payio_webhook_public_key_pem.clone(),
        crate::MESH_WEBHOOK_SECRET => shown(&given.mesh_webhook_secret),
        crate::P100_WEBHOOK_TOKEN => shown(&given.p100_webhook_token),
        crate::TXN_WEBHOOK_SECRET => shown(&given.txn_webhook_secret),
        _ => return None,
    })
}

/// The sandbox's base URL for `provider` as a client environment.
pub fn environment(sandbox: &Sandbox, provider: Provider) -> Result<Environment, Error> {
    sandbox
        .environment(provider.into())
        .map_err(|e| Error::Unsupported {
            provider: provider.as_str(),
            field: "environment",
            reason: format!("the sandbox's base URL is refused: {e}"),
        })
}

/// Default options, with Mesh paying into the sandbox's own destination.
pub fn options(sandbox: &Sandbox) -> Options {
    let to = sandbox.mesh_destination();
    Options::new().mesh_to(MeshDestination::new(to.symbol, to.network, to.address))
}

/// `provider`'s client against `sandbox`, with its credentials and [`options`].
pub fn client(
    sandbox: &Sandbox,
    provider: Provider,
) -> Result<Box<dyn PaymentLinkProvider>, Error> {
    let credentials = credentials(sandbox, provider).map_err(|_| provider.not_compiled())?;
    crate::client(
        credentials,
        environment(sandbox, provider)?,
        &options(sandbox),
    )
}

/// `provider`'s webhook receiver for what `sandbox` sends.
pub fn receiver(
    sandbox: &Sandbox,
    provider: Provider,
) -> Result<Box<dyn WebhookReceiver>, ReceiverError> {
    let secret = webhook_secret(sandbox, provider).map_err(|_| provider.not_compiled())?;
    crate::receiver(
        secret,
        Some(environment(sandbox, provider)?),
        &options(sandbox),
    )
}
