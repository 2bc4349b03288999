//! [`HttpClient`]: one connection pool and TLS configuration that the clients of any number of
//! providers share, with core's safety rules applied by construction.

use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use url::Url;

use crate::builder::Customize;
use crate::error::{Error, TransportKind};

/// An HTTP client that provider clients share: one `reqwest::Client` for remote hosts and one
/// for loopback hosts (which never uses a proxy from the environment, so a plain-http request
/// and its credentials cannot reach one), each made when a client first needs it. Cheap to
/// clone: clones share the pools.
///
/// Whatever the application configures through [`HttpClientBuilder::reqwest`], no redirect is
/// followed. The connect timeout belongs to the shared client
/// ([`HttpClientBuilder::connect_timeout`]); every other setting of a provider client's
/// [`HttpConfig`](crate::HttpConfig) is applied per request, so clients that share a pool can
/// still have settings of their own.
#[derive(Clone)]
pub struct HttpClient {
    inner: Arc<Inner>,
}

struct Inner {
    customize: Option<Customize>,
    connect_timeout: Duration,
    remote: OnceLock<reqwest::Client>,
    loopback: OnceLock<reqwest::Client>,
}

impl HttpClient {
    /// A builder with the default connect timeout (10 s) and reqwest's defaults otherwise.
    pub fn builder() -> HttpClientBuilder {
        HttpClientBuilder {
            customize: None,
            connect_timeout: Duration::from_secs(10),
        }
    }

    /// A client with `customize` applied to its `reqwest::ClientBuilder` and this connect
    /// timeout: what a provider client builds for itself when it shares none.
    pub(crate) fn from_parts(customize: Option<Customize>, connect_timeout: Duration) -> Self {
        HttpClientBuilder {
            customize,
            connect_timeout,
        }
        .build()
    }

    /// The `reqwest::Client` for requests to `base`, made on first use.
    pub(crate) fn for_base(
        &self,
        provider: &'static str,
        base: &Url,
    ) -> Result<reqwest::Client, Error> {
        let loopback = crate::environment::is_loopback(base);
        let slot = if loopback {
            &self.inner.loopback
        } else {
            &self.inner.remote
        };
        if let Some(client) = slot.get() {
            return Ok(client.clone());
        }
        let made = self.make(loopback).map_err(|message| Error::Transport {
            provider,
            kind: TransportKind::Other,
            message,
        })?;
        // Two threads may both make one; the first stored is kept, the other dropped unused.
        Ok(slot.get_or_init(|| made).clone())
    }

    /// TLS on the chosen crypto backend, the application's settings, then core's rules, which
    /// therefore hold.
    fn make(&self, loopback: bool) -> Result<reqwest::Client, String> {
        let mut builder = crate::crypto::reqwest_builder().map_err(|e| e.to_string())?;
        if let Some(customize) = &self.inner.customize {
            builder = customize(builder);
        }
        builder = builder
            .connect_timeout(self.inner.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("paylinks/", env!("CARGO_PKG_VERSION")));
        if loopback {
            builder = builder.no_proxy();
        }
        builder.build().map_err(|e| e.to_string())
    }
}

impl fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpClient")
            .field("connect_timeout", &self.inner.connect_timeout)
            .field("reqwest", &self.inner.customize.as_ref().map(|_| ".."))
            .finish_non_exhaustive()
    }
}

/// Builds an [`HttpClient`].
#[must_use]
pub struct HttpClientBuilder {
    customize: Option<Customize>,
    connect_timeout: Duration,
}

impl HttpClientBuilder {
    /// How long to wait for a connection, for every client that shares this one.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Configures the underlying `reqwest::ClientBuilder`: proxies, root certificates, pool
    /// sizes. Core's rules are applied after it, so they hold whatever it sets: the connect
    /// timeout above, no redirects, no proxy for a loopback host, and paylinks' user agent.
    /// It runs once for each `reqwest::Client` made (remote and loopback), so it must give the
    /// same settings each time. With the `ring` feature alone, reqwest's TLS settings need more:
    /// see [`crate::crypto`].
    pub fn reqwest(
        mut self,
        customize: impl Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync + 'static,
    ) -> Self {
        self.customize = Some(Arc::new(customize));
        self
    }

    /// The client. Its `reqwest::Client`s are made when a provider client first needs them,
    /// so a setting reqwest refuses fails that provider client's `build`.
    pub fn build(self) -> HttpClient {
        HttpClient {
            inner: Arc::new(Inner {
                customize: self.customize,
                connect_timeout: self.connect_timeout,
                remote: OnceLock::new(),
                loopback: OnceLock::new(),
            }),
        }
    }
}

impl fmt::Debug for HttpClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpClientBuilder")
            .field("connect_timeout", &self.connect_timeout)
            .field("reqwest", &self.customize.as_ref().map(|_| ".."))
            .finish()
    }
}
