//! Each provider's credentials and webhook secret, and the one table of environment variables
//! they are read from.

use std::env::VarError;
use std::fmt;

use crate::Provider;

/// What a variable is for: calling the provider's API, or checking its webhooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Purpose {
    /// The API credentials a client sends.
    Api,
    /// What checks a webhook delivery.
    Webhooks,
}

/// What a variable's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Holds {
    /// A value that is not secret (Mesh's client id).
    Text,
    /// A secret: never printed.
    Secret,
    /// The path of a PEM key file, read when the credentials are (a regular file of at most
    /// 64 KiB).
    PemFile,
}

/// One environment variable paylinks reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Variable {
    /// Its name (`TXN_API_KEY`).
    pub name: &'static str,
    /// The provider it belongs to.
    pub provider: Provider,
    /// What it is for.
    pub purpose: Purpose,
    /// What its value is.
    pub holds: Holds,
}

/// Pay.io's API key (`X-API-Key`).
pub const PAYIO_API_KEY: &str = "PAYIO_API_KEY";
/// The file holding Pay.io's PEM RSA private key, which signs every request.
pub const PAYIO_PRIVATE_KEY_PATH: &str = "PAYIO_PRIVATE_KEY_PATH";
/// Mesh's client id (`X-Client-Id`).
pub const MESH_CLIENT_ID: &str = "MESH_CLIENT_ID";
/// Mesh's client secret (`X-Client-Secret`).
pub const MESH_CLIENT_SECRET: &str = "MESH_CLIENT_SECRET";
/// Paywint's API key (`X-Api-Key`).
pub const PAYWINT_API_KEY: &str = "PAYWINT_API_KEY";
/// Paywint's API secret (`X-Api-Secret`).
pub const PAYWINT_API_SECRET: &str = "PAYWINT_API_SECRET";
/// P100's partner API key (`x-api-key`).
pub const P100_API_KEY: &str = "P100_API_KEY";
/// Txn's API key (a bearer token).
pub const TXN_API_KEY: &str = "TXN_API_KEY";
/// The file holding Pay.io's PEM public key, from its Merchant Console.
pub const PAYIO_WEBHOOK_PUBLIC_KEY_PATH: &str = "PAYIO_WEBHOOK_PUBLIC_KEY_PATH";
/// Mesh's webhook secret, shown when the callback URI was registered.
pub const MESH_WEBHOOK_SECRET: &str = "MESH_WEBHOOK_SECRET";
/// P100's Webhook Security Token.
pub const P100_WEBHOOK_TOKEN: &str = "P100_WEBHOOK_TOKEN";
/// Txn's endpoint signing secret, `whsec_…`.
pub const TXN_WEBHOOK_SECRET: &str = "TXN_WEBHOOK_SECRET";

/// Every variable paylinks reads, by provider, API credentials first. Paywint signs no
/// webhook: its events are confirmed by reading the payment back with its API credentials.
pub const VARIABLES: &[Variable] = &[
    variable(PAYIO_API_KEY, Provider::Payio, Purpose::Api, Holds::Secret),
    variable(
        PAYIO_PRIVATE_KEY_PATH,
        Provider::Payio,
        Purpose::Api,
        Holds::PemFile,
    ),
    variable(MESH_CLIENT_ID, Provider::Mesh, Purpose::Api, Holds::Text),
    variable(
        MESH_CLIENT_SECRET,
        Provider::Mesh,
        Purpose::Api,
        Holds::Secret,
    ),
    variable(
        PAYWINT_API_KEY,
        Provider::Paywint,
        Purpose::Api,
        Holds::Secret,
    ),
    variable(
        PAYWINT_API_SECRET,
        Provider::Paywint,
        Purpose::Api,
        Holds::Secret,
    ),
    variable(P100_API_KEY, Provider::P100, Purpose::Api, Holds::Secret),
    variable(TXN_API_KEY, Provider::Txn, Purpose::Api, Holds::Secret),
    variable(
        PAYIO_WEBHOOK_PUBLIC_KEY_PATH,
        Provider::Payio,
        Purpose::Webhooks,
        Holds::PemFile,
    ),
    variable(
        MESH_WEBHOOK_SECRET,
        Provider::Mesh,
        Purpose::Webhooks,
        Holds::Secret,
    ),
    variable(
        P100_WEBHOOK_TOKEN,
        Provider::P100,
        Purpose::Webhooks,
        Holds::Secret,
    ),
    variable(
        TXN_WEBHOOK_SECRET,
        Provider::Txn,
        Purpose::Webhooks,
        Holds::Secret,
    ),
];

const fn variable(
    name: &'static str,
    provider: Provider,
    purpose: Purpose,
    holds: Holds,
) -> Variable {
    Variable {
        name,
        provider,
        purpose,
        holds,
    }
}

/// Why credentials could not be had.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// A variable is unset, empty, not UTF-8, or names a key file that cannot be used. The
    /// problem never shows a secret.
    #[error("{variable} {problem}")]
    Variable {
        /// The variable's name.
        variable: &'static str,
        /// What is wrong with it (`is not set`).
        problem: String,
    },
    /// The provider's Cargo feature is off.
    #[error("{0} is not compiled in: enable paylinks' \"{0}\" feature")]
    NotCompiled(Provider),
}

/// One provider's API credentials, as its client crate takes them. `Debug` shows no secret.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Credentials {
    /// Pay.io: the API key and the private key that signs every request.
    #[cfg(feature = "payio")]
    Payio(payio_client::Credentials),
    /// Mesh: the client id and secret.
    #[cfg(feature = "mesh")]
    Mesh(mesh_client::Credentials),
    /// Paywint: the API key and secret.
    #[cfg(feature = "paywint")]
    Paywint(paywint_client::Credentials),
    /// P100: the partner API key.
    #[cfg(feature = "p100")]
    P100(p100_client::Credentials),
    /// Txn: the API key.
    #[cfg(feature = "txn")]
    Txn(txn_client::Credentials),
}

impl Credentials {
    /// `provider`'s API credentials from the environment, with the [`VARIABLES`] names; the
    /// first missing or unusable variable is named in the error.
    pub fn from_env(provider: Provider) -> Result<Self, CredentialsError> {
        Credentials::from_values(provider, &env_value)
    }

    /// `provider`'s API credentials with each variable's value from `value` (a key file's
    /// variable gives the key itself): the environment, or a sandbox's published values.
    pub(crate) fn from_values(
        provider: Provider,
        value: &Values<'_>,
    ) -> Result<Self, CredentialsError> {
        Ok(match provider {
            #[cfg(feature = "payio")]
            Provider::Payio => Credentials::Payio(payio_client::Credentials::new(
                value(PAYIO_API_KEY)?,
                value(PAYIO_PRIVATE_KEY_PATH)?,
            )),
            #[cfg(feature = "mesh")]
            Provider::Mesh => Credentials::Mesh(mesh_client::Credentials::new(
                value(MESH_CLIENT_ID)?,
                value(MESH_CLIENT_SECRET)?,
            )),
            #[cfg(feature = "paywint")]
            Provider::Paywint => Credentials::Paywint(paywint_credentials(value)?),
            #[cfg(feature = "p100")]
            Provider::P100 => {
                Credentials::P100(p100_client::Credentials::new(value(P100_API_KEY)?))
            }
            #[cfg(feature = "txn")]
            Provider::Txn => Credentials::Txn(txn_client::Credentials::new(value(TXN_API_KEY)?)),
            #[allow(unreachable_patterns)]
            other => return Err(CredentialsError::NotCompiled(other)),
        })
    }

    /// The provider these credentials are for.
    pub fn provider(&self) -> Provider {
        match *self {
            #[cfg(feature = "payio")]
            Credentials::Payio(_) => Provider::Payio,
            #[cfg(feature = "mesh")]
            Credentials::Mesh(_) => Provider::Mesh,
            #[cfg(feature = "paywint")]
            Credentials::Paywint(_) => Provider::Paywint,
            #[cfg(feature = "p100")]
            Credentials::P100(_) => Provider::P100,
            #[cfg(feature = "txn")]
            Credentials::Txn(_) => Provider::Txn,
        }
    }
}

/// What checks one provider's webhooks. `Debug` shows no secret.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum WebhookSecret {
    /// Pay.io: its PEM public key (RSA signatures).
    #[cfg(feature = "payio")]
    Payio(String),
    /// Mesh: the HMAC secret of `X-Mesh-Signature-256`.
    #[cfg(feature = "mesh")]
    Mesh(paylinks_core::SecretString),
    /// Paywint signs nothing: its API credentials, to read each payment back.
    #[cfg(feature = "paywint")]
    Paywint(paywint_client::Credentials),
    /// P100: the Webhook Security Token it sends in `Authorization`.
    #[cfg(feature = "p100")]
    P100(paylinks_core::SecretString),
    /// Txn: the Svix signing secret, `whsec_…`.
    #[cfg(feature = "txn")]
    Txn(paylinks_core::SecretString),
}

impl WebhookSecret {
    /// `provider`'s webhook secret from the environment, with the [`VARIABLES`] names
    /// (Paywint's API credentials for Paywint).
    pub fn from_env(provider: Provider) -> Result<Self, CredentialsError> {
        WebhookSecret::from_values(provider, &env_value)
    }

    /// `provider`'s webhook secret with each variable's value from `value`, as
    /// [`Credentials::from_values`] reads them.
    pub(crate) fn from_values(
        provider: Provider,
        value: &Values<'_>,
    ) -> Result<Self, CredentialsError> {
        Ok(match provider {
            #[cfg(feature = "payio")]
            Provider::Payio => WebhookSecret::Payio(value(PAYIO_WEBHOOK_PUBLIC_KEY_PATH)?),
            #[cfg(feature = "mesh")]
            Provider::Mesh => WebhookSecret::Mesh(value(MESH_WEBHOOK_SECRET)?.into()),
            #[cfg(feature = "paywint")]
            Provider::Paywint => WebhookSecret::Paywint(paywint_credentials(value)?),
            #[cfg(feature = "p100")]
            Provider::P100 => WebhookSecret::P100(value(P100_WEBHOOK_TOKEN)?.into()),
            #[cfg(feature = "txn")]
            Provider::Txn => WebhookSecret::Txn(value(TXN_WEBHOOK_SECRET)?.into()),
            #[allow(unreachable_patterns)]
            other => return Err(CredentialsError::NotCompiled(other)),
        })
    }

    /// The provider this secret is for.
    pub fn provider(&self) -> Provider {
        match *self {
            #[cfg(feature = "payio")]
            WebhookSecret::Payio(_) => Provider::Payio,
            #[cfg(feature = "mesh")]
            WebhookSecret::Mesh(_) => Provider::Mesh,
            #[cfg(feature = "paywint")]
            WebhookSecret::Paywint(_) => Provider::Paywint,
            #[cfg(feature = "p100")]
            WebhookSecret::P100(_) => Provider::P100,
            #[cfg(feature = "txn")]
            WebhookSecret::Txn(_) => Provider::Txn,
        }
    }

    /// The variable this provider's webhook secret is read from; `None` for Paywint, whose
    /// webhooks are confirmed with its API credentials.
    pub fn variable(provider: Provider) -> Option<&'static str> {
        VARIABLES
            .iter()
            .find(|v| v.provider == provider && v.purpose == Purpose::Webhooks)
            .map(|v| v.name)
    }
}

/// Where the variables' values come from: the value of the variable named, a key file's
/// variable giving the key itself.
pub(crate) type Values<'a> = dyn Fn(&'static str) -> Result<String, CredentialsError> + 'a;

/// Paywint's API credentials, which also confirm its webhooks.
#[cfg(feature = "paywint")]
fn paywint_credentials(
    value: &Values<'_>,
) -> Result<paywint_client::Credentials, CredentialsError> {
    Ok(paywint_client::Credentials::new(
        value(PAYWINT_API_KEY)?,
        value(PAYWINT_API_SECRET)?,
    ))
}

/// A variable's value from the environment, and for a [`Holds::PemFile`] variable the
/// contents of the file it names.
fn env_value(variable: &'static str) -> Result<String, CredentialsError> {
    let value = var(variable)?;
    let names_a_key_file = VARIABLES
        .iter()
        .any(|v| v.name == variable && v.holds == Holds::PemFile);
    if names_a_key_file {
        return key_file(variable, &value);
    }
    Ok(value)
}

fn problem(variable: &'static str, problem: impl fmt::Display) -> CredentialsError {
    CredentialsError::Variable {
        variable,
        problem: problem.to_string(),
    }
}

/// A variable's value; unset, empty or blank is an error naming the variable.
fn var(variable: &'static str) -> Result<String, CredentialsError> {
    match std::env::var(variable) {
        Ok(value) if !value.trim().is_empty() => Ok(value),
        Ok(_) => Err(problem(variable, "is empty")),
        Err(VarError::NotPresent) => Err(problem(variable, "is not set")),
        Err(VarError::NotUnicode(_)) => Err(problem(variable, "is not valid UTF-8")),
    }
}

/// The most of a key file that is read: a PEM key takes a few KiB.
const MAX_KEY_FILE: u64 = 64 * 1024;

/// The contents of the PEM key file at `path`, which `variable` names: a regular file of at
/// most [`MAX_KEY_FILE`] bytes of UTF-8, so that a path to a pipe or a device can neither hang
/// the caller nor fill its memory.
fn key_file(variable: &'static str, path: &str) -> Result<String, CredentialsError> {
    use std::io::Read;

    let unreadable = |e: std::io::Error| {
        problem(
            variable,
            format!("names a file that cannot be read ({path}: {e})"),
        )
    };
    if !std::fs::metadata(path).map_err(unreadable)?.is_file() {
        return Err(problem(
            variable,
            format!("names {path}, which is not a regular file"),
        ));
    }
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_KEY_FILE + 1).read_to_string(&mut text))
        .map_err(unreadable)?;
    if text.len() as u64 > MAX_KEY_FILE {
        return Err(problem(
            variable,
            format!(
                "names {path}, which is larger than the {} KiB a PEM key takes at most",
                MAX_KEY_FILE / 1024
            ),
        ));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_provider_has_api_variables_and_every_name_is_listed_once() {
        for &provider in Provider::ALL {
            assert!(
                VARIABLES
                    .iter()
                    .any(|v| v.provider == provider && v.purpose == Purpose::Api),
                "{provider}"
            );
        }
        let mut names: Vec<&str> = VARIABLES.iter().map(|v| v.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), VARIABLES.len());
        assert_eq!(
            WebhookSecret::variable(Provider::Txn),
            Some(TXN_WEBHOOK_SECRET)
        );
        assert_eq!(WebhookSecret::variable(Provider::Paywint), None);
    }
}
