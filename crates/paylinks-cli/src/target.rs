//! Where a command's requests go and with which credentials: a host named by `--base-url` or
//! `--env`, with credentials from the environment (through the `paylinks` crate), or the
//! embedded sandbox, with the credentials it publishes.

use paylinks::{Credentials, Environment, Provider};
use paylinks_core::PaymentLinkProvider;
use paylinks_sandbox::Sandbox;

use crate::args::{Env, Target};
use crate::failure::Failure;
use crate::output;

/// Where a command's requests go, owning the embedded sandbox while the command runs.
#[derive(Debug)]
pub(crate) enum Host {
    /// `--base-url` or `--env`.
    Given(Environment),
    /// Neither: the embedded sandbox, running until the command ends.
    Embedded(Box<Sandbox>),
}

impl Host {
    /// `--base-url`, `--env`, or else the embedded sandbox, started here and announced on
    /// stderr.
    pub(crate) async fn of(target: &Target, provider: Provider) -> Result<Host, Failure> {
        if let Some(environment) = given(target, provider)? {
            return Ok(Host::Given(environment));
        }
        let sandbox = start_sandbox().await?;
        output::stderr(&format!(
            "paylinks: no --base-url or --env: using the embedded sandbox at {} (it stops when \
             this command exits)",
            sandbox.base_url(provider.into())
        ));
        Ok(Host::Embedded(Box::new(sandbox)))
    }

    /// The host as a client source.
    pub(crate) fn source(&self) -> Source<'_> {
        match self {
            Host::Given(environment) => Source::Given(environment.clone()),
            Host::Embedded(sandbox) => Source::Sandbox(sandbox),
        }
    }
}

/// Where a client sends its requests, and where its credentials come from.
#[derive(Debug)]
pub(crate) enum Source<'a> {
    /// The embedded sandbox: its base URL for the provider and its credentials.
    Sandbox(&'a Sandbox),
    /// A documented or custom host given by `--env` or `--base-url`, with credentials from the
    /// environment.
    Given(Environment),
}

impl Source<'_> {
    /// `provider`'s credentials and where to send them.
    pub(crate) fn credentials(
        &self,
        provider: Provider,
    ) -> Result<(Credentials, Environment), Failure> {
        match self {
            Source::Sandbox(sandbox) => Ok((
                paylinks::sandbox::credentials(sandbox, provider)?,
                paylinks::sandbox::environment(sandbox, provider)?,
            )),
            Source::Given(environment) => {
                Ok((Credentials::from_env(provider)?, environment.clone()))
            }
        }
    }

    /// A client of `provider` with its credentials, sending to this host.
    pub(crate) fn client(
        &self,
        provider: Provider,
    ) -> Result<Box<dyn PaymentLinkProvider>, Failure> {
        let (credentials, environment) = self.credentials(provider)?;
        Ok(paylinks::client(
            credentials,
            environment,
            &paylinks::Options::new(),
        )?)
    }
}

/// The host `--base-url` or `--env` names for `provider`; `None` when neither is given. An
/// `--env` the provider documents no host for is a usage error.
pub(crate) fn given(target: &Target, provider: Provider) -> Result<Option<Environment>, Failure> {
    if let Some(url) = &target.base_url {
        return Environment::custom(url)
            .map(Some)
            .map_err(|e| Failure::usage("--base-url", e.to_string()));
    }
    let hosts = paylinks::hosts(provider)?;
    let (environment, documented, name) = match target.env {
        Some(Env::Sandbox) => (Environment::Sandbox, hosts.sandbox, "sandbox"),
        Some(Env::Production) => (Environment::Production, hosts.production, "production"),
        None => return Ok(None),
    };
    if documented.is_none() {
        return Err(Failure::usage(
            "--env",
            format!(
                "{provider} documents no {name} host; pass the host {provider} gives you as \
                 --base-url"
            ),
        ));
    }
    Ok(Some(environment))
}

/// Starts the embedded sandbox on a free loopback port.
async fn start_sandbox() -> Result<Sandbox, Failure> {
    Sandbox::start()
        .await
        .map_err(|e| Failure::Internal(format!("cannot start the embedded sandbox: {e}")))
}
