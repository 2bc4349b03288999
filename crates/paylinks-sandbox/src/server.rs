//! [`Sandbox`]: the HTTP server, its start and its shutdown.

use std::net::{Ipv4Addr, SocketAddr};

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use paylinks_core::Environment;
use paylinks_core::environment::BaseUrlError;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use url::Url;
use uuid::Uuid;

use crate::context::{Context, StartError};
use crate::webhooks::{self, Targets, Webhooks};
use crate::{Clock, Credentials, Provider, mesh, p100, payio, paywint, txn};

/// A running sandbox. Dropping it stops the server.
#[derive(Debug)]
pub struct Sandbox {
    addr: SocketAddr,
    context: Context,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

/// Configures a [`Sandbox`]: the listen address, the accepted credentials and where each
/// provider's webhooks go.
#[derive(Debug, Clone)]
pub struct SandboxBuilder {
    listen: SocketAddr,
    credentials: Credentials,
    webhooks: Targets,
    max_links: Option<usize>,
}

impl Sandbox {
    /// Starts a sandbox on a free port of 127.0.0.1 with the default credentials.
    pub async fn start() -> Result<Sandbox, StartError> {
        Sandbox::builder().start().await
    }

    /// Starts configuring a sandbox: 127.0.0.1 on a free port, [`Credentials::default`].
    pub fn builder() -> SandboxBuilder {
        SandboxBuilder {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            credentials: Credentials::default(),
            webhooks: Targets::default(),
            max_links: None,
        }
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL of one provider's API: `http://127.0.0.1:PORT/<provider>` (loopback when
    /// the sandbox listens on every address).
    pub fn base_url(&self, provider: Provider) -> Url {
        self.url(provider.as_str())
    }

    /// The sandbox's own URL with `path`.
    fn url(&self, path: &str) -> Url {
        let mut url = Url::parse(&self.context.origin)
            .unwrap_or_else(|e| unreachable!("a socket address is a valid host: {e}"));
        url.set_path(path);
        url
    }

    /// The credentials the sandbox accepts.
    pub fn credentials(&self) -> &Credentials {
        &self.context.credentials
    }

    /// `http://127.0.0.1:PORT/_sandbox/deliveries`: every webhook delivery attempt so far, as
    /// a JSON array (provider, event id, link id, URL, attempt, time, status or error,
    /// delivered).
    pub fn deliveries_url(&self) -> Url {
        self.url("/_sandbox/deliveries")
    }

    /// The sandbox's clock; [`Clock::advance`] makes links expire without waiting.
    pub fn clock(&self) -> &Clock {
        &self.context.clock
    }

    /// Serves until the server fails; for a process that only runs the sandbox.
    pub async fn wait(mut self) -> std::io::Result<()> {
        match self.task.take() {
            Some(task) => task.await.unwrap_or_else(|e| Err(std::io::Error::other(e))),
            None => Ok(()),
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            // The server may already have stopped; then there is nothing to tell.
            let _ = shutdown.send(());
        }
    }
}

impl SandboxBuilder {
    /// The address to listen on; port 0 picks a free one.
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = addr;
        self
    }

    /// The credentials to accept instead of [`Credentials::default`].
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// Delivers `provider`'s webhooks to `url`, signed as the provider signs them with the
    /// sandbox's secrets ([`Credentials`]), when a payer pays or fails on a payer page.
    pub fn webhook_url(mut self, provider: Provider, url: Url) -> Self {
        self.webhooks.set(provider, url);
        self
    }

    /// Retries a refused webhook `speedup` times sooner than the provider documents (1 000 by
    /// default: Txn's five minutes become 300 ms).
    pub fn webhook_speedup(mut self, speedup: u32) -> Self {
        self.webhooks.speedup(speedup);
        self
    }

    /// Keeps at most `links` links per provider (at least one), forgetting the oldest when a
    /// new one is created: a bound on the memory of a long-running sandbox (about 3 KB a
    /// link). A forgotten link reads as not found. Unbounded by default.
    pub fn max_links(mut self, links: usize) -> Self {
        self.max_links = Some(links);
        self
    }

    /// Binds the address and starts serving on the current tokio runtime.
    pub async fn start(self) -> Result<Sandbox, StartError> {
        let listener =
            TcpListener::bind(self.listen)
                .await
                .map_err(|source| StartError::Listen {
                    addr: self.listen,
                    source,
                })?;
        let addr = listener.local_addr().map_err(|source| StartError::Listen {
            addr: self.listen,
            source,
        })?;
        let context = Context {
            credentials: self.credentials,
            clock: Clock::default(),
            origin: format!("http://{}", reachable(addr)),
            webhooks: Webhooks::new(self.webhooks).map_err(StartError::Webhooks)?,
            max_links: self.max_links,
        };
        let app = router(&context)?;
        let (shutdown, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    // A dropped sender stops the server as well.
                    let _ = stopped.await;
                })
                .await
        });
        tracing::info!(%addr, "paylinks sandbox listening");
        Ok(Sandbox {
            addr,
            context,
            shutdown: Some(shutdown),
            task: Some(task),
        })
    }
}

/// `addr`, with an unspecified IP (`0.0.0.0`, `::`) replaced by loopback, for URLs.
fn reachable(mut addr: SocketAddr) -> SocketAddr {
    if addr.ip().is_unspecified() {
        addr.set_ip(match addr {
            SocketAddr::V4(_) => Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    addr
}

/// The five APIs under their prefixes.
fn router(context: &Context) -> Result<Router, StartError> {
    Ok(Router::new()
        .nest("/payio", payio::router(context)?)
        .nest("/mesh", mesh::router(context))
        .nest("/paywint", paywint::router(context))
        .nest("/p100", p100::router(context))
        .nest("/txn", txn::router(context))
        .route(
            "/_sandbox/deliveries",
            get(webhooks::deliveries).with_state(context.webhooks.clone()),
        )
        .fallback(|| async {
            (
                StatusCode::NOT_FOUND,
                "no such route in the paylinks sandbox\n",
            )
        }))
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_loopback_when_listening_everywhere() {
        let any: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        assert_eq!(reachable(any).to_string(), "127.0.0.1:8080");
        let any6: SocketAddr = "[::]:8080".parse().unwrap();
        assert_eq!(reachable(any6).to_string(), "[::1]:8080");
        let one: SocketAddr = "10.0.0.2:80".parse().unwrap();
        assert_eq!(reachable(one), one);
    }
}
