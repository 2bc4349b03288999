//! Each provider's webhook receiver for `paylinks listen`, built by the `paylinks` crate from
//! the environment: the provider crate's own verifier for the four that sign or send a token,
//! and for Paywint, which signs nothing, its `Confirmer`, which reads each payment back through
//! Paywint's API.

use paylinks::{Provider, ReceiverError, WebhookError, WebhookReceiver, WebhookSecret};

use crate::args::Target;
use crate::failure::Failure;
use crate::target::given;

/// `provider`'s receiver. `paywint` is where Paywint's payments are read back (`--base-url` or
/// `--env`, required for Paywint); the other providers check deliveries on the spot and take
/// neither flag.
pub(crate) fn receiver(
    provider: Provider,
    paywint: &Target,
) -> Result<Box<dyn WebhookReceiver>, Failure> {
    let environment = if provider == Provider::Paywint {
        let environment = given(paywint, provider)?.ok_or_else(|| {
            Failure::usage(
                "--env",
                "paywint signs nothing, so each event is confirmed by reading the payment \
                 back through Paywint's API: pass --env sandbox|production or --base-url URL",
            )
        })?;
        Some(environment)
    } else {
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
        None
    };
    let secret = WebhookSecret::from_env(provider)?;
    paylinks::receiver(secret, environment, &paylinks::Options::new()).map_err(|error| {
        match (error, WebhookSecret::variable(provider)) {
            (ReceiverError::Secret(error), Some(variable)) => Failure::Credentials {
                variable,
                problem: match error {
                    WebhookError::InvalidSecret { reason } => format!("is not usable: {reason}"),
                    other => format!("is not usable: {other}"),
                },
            },
            (ReceiverError::Client(error), _) => error.into(),
            (other, _) => Failure::Internal(other.to_string()),
        }
    })
}
