//! Each provider's webhook receiver for `paylinks listen`, built from the environment: the
//! provider crate's own verifier for the four that sign or send a token, and for Paywint, which
//! signs nothing, its `Confirmer`, which reads each payment back through Paywint's API.

use paylinks_core::{SecretString, WebhookError, WebhookReceiver};
use paylinks_sandbox::Provider;
use secrecy::ExposeSecret;

use crate::args::Target;
use crate::commands;
use crate::failure::Failure;
use crate::providers::{self, Source};

/// Mesh's webhook secret, shown when the callback URI was registered.
pub(crate) const MESH_WEBHOOK_SECRET: &str = "MESH_WEBHOOK_SECRET";
/// Txn's endpoint signing secret, `whsec_…`.
pub(crate) const TXN_WEBHOOK_SECRET: &str = "TXN_WEBHOOK_SECRET";
/// The file holding Pay.io's PEM public key, from the Merchant Console.
pub(crate) const PAYIO_WEBHOOK_PUBLIC_KEY_PATH: &str = "PAYIO_WEBHOOK_PUBLIC_KEY_PATH";
/// P100's Webhook Security Token.
pub(crate) const P100_WEBHOOK_TOKEN: &str = "P100_WEBHOOK_TOKEN";

/// The variables that hold webhook secrets, which `listen` alone reads: a failure naming one
/// says so instead of pointing at `--env`.
pub(crate) const VARIABLES: [&str; 4] = [
    MESH_WEBHOOK_SECRET,
    TXN_WEBHOOK_SECRET,
    PAYIO_WEBHOOK_PUBLIC_KEY_PATH,
    P100_WEBHOOK_TOKEN,
];

/// `provider`'s receiver. `paywint` is where Paywint's payments are read back (`--base-url` or
/// `--env`, required for Paywint); the other providers check deliveries on the spot and take
/// neither flag.
pub(crate) fn receiver(
    provider: Provider,
    paywint: &Target,
) -> Result<Box<dyn WebhookReceiver>, Failure> {
    if provider != Provider::Paywint {
        let flag = match (&paywint.base_url, paywint.env) {
            (Some(_), _) => Some("--base-url"),
            (None, Some(_)) => Some("--env"),
            (None, None) => None,
        };
        if let Some(flag) = flag {
            return Err(Failure::usage(
                flag,
                format!(
                    "is for paywint only, which confirms events through its API; {provider} \
                     webhooks are verified with the secret alone"
                ),
            ));
        }
    }
    Ok(match provider {
        Provider::Mesh => Box::new(usable(
            MESH_WEBHOOK_SECRET,
            mesh_client::webhook::Verifier::new(providers::secret(MESH_WEBHOOK_SECRET)?),
        )?),
        Provider::Txn => Box::new(usable(
            TXN_WEBHOOK_SECRET,
            txn_client::webhook::Verifier::new(providers::secret(TXN_WEBHOOK_SECRET)?),
        )?),
        Provider::P100 => Box::new(usable(
            P100_WEBHOOK_TOKEN,
            p100_client::webhook::Verifier::new(providers::secret(P100_WEBHOOK_TOKEN)?),
        )?),
        Provider::Payio => {
            let pem: SecretString = providers::file(PAYIO_WEBHOOK_PUBLIC_KEY_PATH)?;
            Box::new(usable(
                PAYIO_WEBHOOK_PUBLIC_KEY_PATH,
                payio_client::webhook::Verifier::new(pem.expose_secret()),
            )?)
        }
        Provider::Paywint => {
            let environment = commands::given(paywint, Provider::Paywint)?.ok_or_else(|| {
                Failure::usage(
                    "--env",
                    "paywint signs nothing, so each event is confirmed by reading the payment \
                     back through Paywint's API: pass --env sandbox|production or --base-url URL",
                )
            })?;
            let client = providers::paywint(&Source::Host(environment))?;
            Box::new(paywint_client::webhook::Confirmer::new(client))
        }
    })
}

/// The verifier built from `variable`'s secret, or a credentials failure naming the variable
/// and saying what the secret should look like (never showing it).
fn usable<V>(variable: &'static str, built: Result<V, WebhookError>) -> Result<V, Failure> {
    built.map_err(|error| Failure::Credentials {
        variable,
        problem: match error {
            WebhookError::InvalidSecret { reason } => format!("is not usable: {reason}"),
            other => format!("is not usable: {other}"),
        },
    })
}
