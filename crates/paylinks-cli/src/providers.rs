//! Each provider's client, built for the embedded sandbox (its base URL and credentials) or
//! for a host with credentials from the environment; one function per provider.

use std::env::VarError;

use paylinks_core::{Environment, Hosts, PaymentLinkProvider, SecretString};
use paylinks_sandbox::{Provider, Sandbox};
use secrecy::ExposeSecret;

use crate::failure::Failure;

/// Pay.io's API key.
const PAYIO_API_KEY: &str = "PAYIO_API_KEY";
/// The file holding Pay.io's PEM RSA private key.
const PAYIO_PRIVATE_KEY_PATH: &str = "PAYIO_PRIVATE_KEY_PATH";
/// Mesh's client id.
const MESH_CLIENT_ID: &str = "MESH_CLIENT_ID";
/// Mesh's client secret.
const MESH_CLIENT_SECRET: &str = "MESH_CLIENT_SECRET";
/// Paywint's API key.
const PAYWINT_API_KEY: &str = "PAYWINT_API_KEY";
/// Paywint's API secret.
const PAYWINT_API_SECRET: &str = "PAYWINT_API_SECRET";
/// P100's API key.
const P100_API_KEY: &str = "P100_API_KEY";
/// Txn's API key.
const TXN_API_KEY: &str = "TXN_API_KEY";

/// The `VARIABLE`, value pairs that give the `--base-url` commands `sandbox`'s credentials,
/// with Pay.io's private key in the file at `payio_key_path`. Sandbox credentials are published
/// and good for nothing else, so printing them is safe.
pub(crate) fn sandbox_variables(
    sandbox: &Sandbox,
    payio_key_path: &str,
) -> Vec<(&'static str, String)> {
    let given = sandbox.credentials();
    vec![
        (
            PAYIO_API_KEY,
            given.payio_api_key.expose_secret().to_owned(),
        ),
        (PAYIO_PRIVATE_KEY_PATH, payio_key_path.to_owned()),
        (MESH_CLIENT_ID, given.mesh_client_id.clone()),
        (
            MESH_CLIENT_SECRET,
            given.mesh_client_secret.expose_secret().to_owned(),
        ),
        (
            PAYWINT_API_KEY,
            given.paywint_api_key.expose_secret().to_owned(),
        ),
        (
            PAYWINT_API_SECRET,
            given.paywint_api_secret.expose_secret().to_owned(),
        ),
        (P100_API_KEY, given.p100_api_key.expose_secret().to_owned()),
        (TXN_API_KEY, given.txn_api_key.expose_secret().to_owned()),
    ]
}

/// Where a client sends its requests, and where its credentials come from.
#[derive(Debug)]
pub(crate) enum Source<'a> {
    /// The embedded sandbox: its base URL for the provider and its credentials.
    Sandbox(&'a Sandbox),
    /// A documented or custom host, with credentials from the environment.
    Host(Environment),
}

/// A Mesh destination from `--to SYMBOL:NETWORK_ID:ADDRESS`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Destination {
    /// The asset (`USDC`).
    pub(crate) symbol: String,
    /// Mesh's id of the network.
    pub(crate) network: uuid::Uuid,
    /// The receiving address on that network.
    pub(crate) address: String,
}

impl Destination {
    /// Reads `SYMBOL:NETWORK_ID:ADDRESS`; the address may itself contain colons.
    pub(crate) fn parse(text: &str) -> Result<Self, Failure> {
        let bad = |why: &str| {
            Failure::usage(
                "--to",
                format!("{text:?} is not SYMBOL:NETWORK_ID:ADDRESS ({why})"),
            )
        };
        let mut parts = text.splitn(3, ':').map(str::trim);
        let (Some(symbol), Some(network), Some(address)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return Err(bad("three parts separated by colons"));
        };
        if symbol.is_empty() || address.is_empty() {
            return Err(bad("the symbol and the address must not be empty"));
        }
        let network = uuid::Uuid::parse_str(network)
            .map_err(|_| bad("the network id is a UUID from Mesh's networks list"))?;
        Ok(Destination {
            symbol: symbol.to_owned(),
            network,
            address: address.to_owned(),
        })
    }
}

/// The client for `provider`, as a [`PaymentLinkProvider`]. `to` is Mesh's destinations
/// (needed to create a link, not to read one); it is ignored for the other providers.
pub(crate) fn client(
    provider: Provider,
    source: &Source<'_>,
    to: &[Destination],
) -> Result<Box<dyn PaymentLinkProvider>, Failure> {
    Ok(match provider {
        Provider::Payio => Box::new(payio(source)?),
        Provider::Mesh => Box::new(mesh(source, to)?),
        Provider::Paywint => Box::new(paywint(source)?),
        Provider::P100 => Box::new(p100(source)?),
        Provider::Txn => Box::new(txn(source)?),
    })
}

/// The hosts `provider` documents.
pub(crate) fn hosts(provider: Provider) -> Hosts {
    match provider {
        Provider::Payio => payio_client::HOSTS,
        Provider::Mesh => mesh_client::client::HOSTS,
        Provider::Paywint => paywint_client::HOSTS,
        Provider::P100 => p100_client::HOSTS,
        Provider::Txn => txn_client::HOSTS,
    }
}

/// The sandbox's base URL for `provider`, as a client environment.
fn sandbox_environment(sandbox: &Sandbox, provider: Provider) -> Result<Environment, Failure> {
    Environment::custom(sandbox.base_url(provider).as_str()).map_err(|e| {
        Failure::Internal(format!(
            "the sandbox's base URL for {provider} is refused: {e}"
        ))
    })
}

/// A credential from the environment; unset or empty is a failure naming the variable.
fn var(variable: &'static str) -> Result<String, Failure> {
    let problem = match std::env::var(variable) {
        Ok(value) if !value.trim().is_empty() => return Ok(value),
        Ok(_) => "is empty",
        Err(VarError::NotPresent) => "is not set",
        Err(VarError::NotUnicode(_)) => "is not valid UTF-8",
    };
    Err(Failure::Credentials {
        variable,
        problem: problem.to_owned(),
    })
}

/// A secret credential from the environment.
fn secret(variable: &'static str) -> Result<SecretString, Failure> {
    var(variable).map(SecretString::from)
}

/// The contents of the file a variable names (Pay.io's private key).
fn file(variable: &'static str) -> Result<SecretString, Failure> {
    let path = var(variable)?;
    std::fs::read_to_string(&path)
        .map(SecretString::from)
        .map_err(|e| Failure::Credentials {
            variable,
            problem: format!("names a file that cannot be read ({path}: {e})"),
        })
}

/// Pay.io: API key and private key (signing every request).
pub(crate) fn payio(source: &Source<'_>) -> Result<payio_client::Client, Failure> {
    let (environment, credentials) = match source {
        Source::Sandbox(sandbox) => {
            let given = sandbox.credentials();
            (
                sandbox_environment(sandbox, Provider::Payio)?,
                payio_client::Credentials::new(
                    given.payio_api_key.clone(),
                    given.payio_private_key_pem.clone(),
                ),
            )
        }
        Source::Host(environment) => (
            environment.clone(),
            payio_client::Credentials::new(secret(PAYIO_API_KEY)?, file(PAYIO_PRIVATE_KEY_PATH)?),
        ),
    };
    Ok(payio_client::Client::builder(credentials)
        .environment(environment)
        .build()?)
}

/// Mesh: client id and secret, and the destinations a link offers the payer.
pub(crate) fn mesh(
    source: &Source<'_>,
    to: &[Destination],
) -> Result<mesh_client::Client, Failure> {
    let mut builder = match source {
        Source::Sandbox(sandbox) => {
            let given = sandbox.credentials();
            mesh_client::Client::builder(
                given.mesh_client_id.clone(),
                given.mesh_client_secret.clone(),
            )
            .environment(sandbox_environment(sandbox, Provider::Mesh)?)
        }
        Source::Host(environment) => {
            mesh_client::Client::builder(var(MESH_CLIENT_ID)?, secret(MESH_CLIENT_SECRET)?)
                .environment(environment.clone())
        }
    };
    for destination in to {
        builder = builder.to_address(
            destination.symbol.clone(),
            destination.network,
            destination.address.clone(),
        );
    }
    Ok(builder.build()?)
}

/// Paywint: API key and secret.
fn paywint(source: &Source<'_>) -> Result<paywint_client::Client, Failure> {
    let (environment, credentials) = match source {
        Source::Sandbox(sandbox) => {
            let given = sandbox.credentials();
            (
                sandbox_environment(sandbox, Provider::Paywint)?,
                paywint_client::Credentials::new(
                    given.paywint_api_key.clone(),
                    given.paywint_api_secret.clone(),
                ),
            )
        }
        Source::Host(environment) => (
            environment.clone(),
            paywint_client::Credentials::new(secret(PAYWINT_API_KEY)?, secret(PAYWINT_API_SECRET)?),
        ),
    };
    Ok(paywint_client::Client::builder(credentials)
        .environment(environment)
        .build()?)
}

/// P100: one API key.
fn p100(source: &Source<'_>) -> Result<p100_client::Client, Failure> {
    let (environment, api_key) = match source {
        Source::Sandbox(sandbox) => (
            sandbox_environment(sandbox, Provider::P100)?,
            sandbox.credentials().p100_api_key.clone(),
        ),
        Source::Host(environment) => (environment.clone(), secret(P100_API_KEY)?),
    };
    Ok(p100_client::Client::builder(api_key)
        .environment(environment)
        .build()?)
}

/// Txn: one API key.
fn txn(source: &Source<'_>) -> Result<txn_client::Client, Failure> {
    let (environment, api_key) = match source {
        Source::Sandbox(sandbox) => (
            sandbox_environment(sandbox, Provider::Txn)?,
            sandbox.credentials().txn_api_key.clone(),
        ),
        Source::Host(environment) => (environment.clone(), secret(TXN_API_KEY)?),
    };
    Ok(txn_client::Client::builder(api_key)
        .environment(environment)
        .build()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_read_symbol_network_and_an_address_with_colons() {
        let to = Destination::parse("USDC:e3c7fdd8-b1fc-4e51-85ae-bb276e075611:bc:1q:x").unwrap();
        assert_eq!(to.symbol, "USDC");
        assert_eq!(
            to.network.to_string(),
            "e3c7fdd8-b1fc-4e51-85ae-bb276e075611"
        );
        assert_eq!(to.address, "bc:1q:x");
        for bad in [
            "USDC",
            "USDC:not-a-uuid:0xabc",
            ":e3c7fdd8-b1fc-4e51-85ae-bb276e075611:0x",
        ] {
            assert_eq!(
                Destination::parse(bad).unwrap_err().kind(),
                "usage",
                "{bad}"
            );
        }
    }
}
