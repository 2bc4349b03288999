//! Each provider's client, for the embedded sandbox (its base URL and credentials) or for a
//! host with credentials from the environment; `paylinks_sandbox::clients` builds them.

use std::env::VarError;
use std::io::Read;

use paylinks_core::{Environment, PaymentLinkProvider, SecretString};
use paylinks_sandbox::clients::{self, MeshDestination};
use paylinks_sandbox::{Credentials, Provider, Sandbox};
use secrecy::ExposeSecret;

use crate::failure::Failure;
use crate::receivers::{
    MESH_WEBHOOK_SECRET, P100_WEBHOOK_TOKEN, PAYIO_WEBHOOK_PUBLIC_KEY_PATH, TXN_WEBHOOK_SECRET,
};

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

/// The `VARIABLE`, value pairs that give the `--base-url` commands (and `listen`) `sandbox`'s
/// credentials and webhook secrets, with Pay.io's private key in the file at `payio_key_path`
/// and its webhook public key at `payio_webhook_key_path`. Sandbox credentials are published
/// and good for nothing else, so printing them is safe.
pub(crate) fn sandbox_variables(
    sandbox: &Sandbox,
    payio_key_path: &str,
    payio_webhook_key_path: &str,
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
        (
            PAYIO_WEBHOOK_PUBLIC_KEY_PATH,
            payio_webhook_key_path.to_owned(),
        ),
        (
            MESH_WEBHOOK_SECRET,
            given.mesh_webhook_secret.expose_secret().to_owned(),
        ),
        (
            P100_WEBHOOK_TOKEN,
            given.p100_webhook_token.expose_secret().to_owned(),
        ),
        (
            TXN_WEBHOOK_SECRET,
            given.txn_webhook_secret.expose_secret().to_owned(),
        ),
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

/// A Mesh destination from `--to SYMBOL:NETWORK_ID:ADDRESS`; the address may itself contain
/// colons.
pub(crate) fn destination(text: &str) -> Result<MeshDestination, Failure> {
    let bad = |why: &str| {
        Failure::usage(
            "--to",
            format!("{text:?} is not SYMBOL:NETWORK_ID:ADDRESS ({why})"),
        )
    };
    let mut parts = text.splitn(3, ':').map(str::trim);
    let (Some(symbol), Some(network), Some(address)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(bad("three parts separated by colons"));
    };
    if symbol.is_empty() || address.is_empty() {
        return Err(bad("the symbol and the address must not be empty"));
    }
    let network = uuid::Uuid::parse_str(network)
        .map_err(|_| bad("the network id is a UUID from Mesh's networks list"))?;
    Ok(MeshDestination {
        symbol: symbol.to_owned(),
        network,
        address: address.to_owned(),
    })
}

/// The client for `provider`, as a [`PaymentLinkProvider`]. `to` is Mesh's destinations
/// (needed to create a link, not to read one); it is ignored for the other providers.
pub(crate) fn client(
    provider: Provider,
    source: &Source<'_>,
    to: &[MeshDestination],
) -> Result<Box<dyn PaymentLinkProvider>, Failure> {
    let (environment, credentials) = target(provider, source)?;
    Ok(clients::client(provider, environment, &credentials, to)?)
}

/// Pay.io's own client, for the calls beyond the core trait (its currency list).
pub(crate) fn payio(source: &Source<'_>) -> Result<payio_client::Client, Failure> {
    let (environment, credentials) = target(Provider::Payio, source)?;
    Ok(clients::payio(environment, &credentials)?)
}

/// Paywint's own client, for the call beyond the core trait (reading a payment back).
pub(crate) fn paywint(source: &Source<'_>) -> Result<paywint_client::Client, Failure> {
    let (environment, credentials) = target(Provider::Paywint, source)?;
    Ok(clients::paywint(environment, &credentials)?)
}

/// Where `provider`'s client sends its requests and the credentials it sends: the embedded
/// sandbox's, or a host's with credentials from the environment.
fn target(provider: Provider, source: &Source<'_>) -> Result<(Environment, Credentials), Failure> {
    match source {
        Source::Sandbox(sandbox) => {
            let environment = sandbox.environment(provider).map_err(|e| {
                Failure::Internal(format!(
                    "the sandbox's base URL for {provider} is refused: {e}"
                ))
            })?;
            Ok((environment, sandbox.credentials().clone()))
        }
        Source::Host(environment) => Ok((environment.clone(), env_credentials(provider)?)),
    }
}

/// `provider`'s credentials from the environment, in the sandbox's [`Credentials`] shape
/// (the other providers' fields keep the sandbox's values, which no client built from it uses).
fn env_credentials(provider: Provider) -> Result<Credentials, Failure> {
    let mut given = Credentials::default();
    match provider {
        Provider::Payio => {
            given.payio_api_key = secret(PAYIO_API_KEY)?;
            given.payio_private_key_pem = file(PAYIO_PRIVATE_KEY_PATH)?;
        }
        Provider::Mesh => {
            given.mesh_client_id = var(MESH_CLIENT_ID)?;
            given.mesh_client_secret = secret(MESH_CLIENT_SECRET)?;
        }
        Provider::Paywint => {
            given.paywint_api_key = secret(PAYWINT_API_KEY)?;
            given.paywint_api_secret = secret(PAYWINT_API_SECRET)?;
        }
        Provider::P100 => given.p100_api_key = secret(P100_API_KEY)?,
        Provider::Txn => given.txn_api_key = secret(TXN_API_KEY)?,
    }
    Ok(given)
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
pub(crate) fn secret(variable: &'static str) -> Result<SecretString, Failure> {
    var(variable).map(SecretString::from)
}

/// The most of a key file that is read: a PEM key takes a few KiB.
const MAX_KEY_FILE: u64 = 64 * 1024;

/// The contents of the PEM key file a variable names (Pay.io's private key, its webhook public
/// key): a regular file of at most [`MAX_KEY_FILE`] bytes of UTF-8, so that a path to a pipe or
/// a device can neither hang the command nor fill its memory.
pub(crate) fn file(variable: &'static str) -> Result<SecretString, Failure> {
    let path = var(variable)?;
    let problem = |problem: String| Failure::Credentials { variable, problem };
    let unreadable =
        |e: std::io::Error| problem(format!("names a file that cannot be read ({path}: {e})"));
    if !std::fs::metadata(&path).map_err(unreadable)?.is_file() {
        return Err(problem(format!(
            "names {path}, which is not a regular file"
        )));
    }
    let mut text = String::new();
    std::fs::File::open(&path)
        .and_then(|file| file.take(MAX_KEY_FILE + 1).read_to_string(&mut text))
        .map_err(unreadable)?;
    if text.len() as u64 > MAX_KEY_FILE {
        return Err(problem(format!(
            "names {path}, which is larger than the {} KiB a PEM key takes at most",
            MAX_KEY_FILE / 1024
        )));
    }
    Ok(SecretString::from(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_read_symbol_network_and_an_address_with_colons() {
        let to = destination("USDC:e3c7fdd8-b1fc-4e51-85ae-bb276e075611:bc:1q:x").unwrap();
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
            assert_eq!(destination(bad).unwrap_err().kind(), "usage", "{bad}");
        }
    }
}
