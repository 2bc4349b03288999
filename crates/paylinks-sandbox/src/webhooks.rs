//! Webhook delivery: the events a payment on a payer page causes, signed as each provider
//! signs them (with the sandbox's own secrets, see [`Credentials`](crate::Credentials)),
//! posted to the URL configured for the provider, retried on any answer but 2xx on the
//! provider's schedule scaled down, and logged for `GET /_sandbox/deliveries`.
//!
//! The events of one payment are delivered in order, each until it is accepted or its
//! schedule runs out, so a receiver sees `pending` before `succeeded`.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use url::Url;

use crate::Provider;

/// One signed attempt: the headers to send and the body bytes, exactly as signed.
pub(crate) struct Signed {
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Vec<u8>,
}

/// One event to deliver. It is signed again for every attempt, because some providers sign
/// the time of sending (Txn, Pay.io) or give each try a new id (Mesh).
pub(crate) struct Outgoing {
    /// The provider's id for the event, the same across attempts.
    pub(crate) event_id: String,
    /// The link (or payment) the event is about.
    pub(crate) link_id: String,
    /// The attempt at UNIX time `now`.
    pub(crate) sign: Box<dyn Fn(OffsetDateTime) -> Signed + Send + Sync>,
}

/// Where each provider's webhooks go, and how much faster than documented they are retried.
#[derive(Debug, Clone)]
pub(crate) struct Targets {
    urls: Vec<(Provider, Url)>,
    /// Each documented delay is divided by this (1 000: five minutes become 300 ms).
    speedup: u32,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            urls: Vec::new(),
            speedup: 1000,
        }
    }
}

impl Targets {
    /// Sends `provider`'s webhooks to `url` (replacing an earlier URL for it).
    pub(crate) fn set(&mut self, provider: Provider, url: Url) {
        self.urls.retain(|(p, _)| *p != provider);
        self.urls.push((provider, url));
    }

    /// Divides every documented retry delay by `speedup` (at least 1).
    pub(crate) fn speedup(&mut self, speedup: u32) {
        self.speedup = speedup.max(1);
    }

    fn url(&self, provider: Provider) -> Option<&Url> {
        self.urls
            .iter()
            .find(|(p, _)| *p == provider)
            .map(|(_, u)| u)
    }
}

/// **Assumption** where the provider publishes none (Mesh, Pay.io): three attempts, at once,
/// after a minute and after five. The others as documented: Txn at
/// once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h; P100 at once, then 8, 16, 32 and 64 s;
/// Paywint at once, after a minute and after five.
fn schedule(provider: Provider) -> &'static [u64] {
    match provider {
        Provider::Txn => &[0, 5, 300, 1800, 7200, 18000, 36000, 36000],
        Provider::P100 => &[0, 8, 16, 32, 64],
        Provider::Payio | Provider::Mesh | Provider::Paywint => &[0, 60, 300],
    }
}

/// One attempt, as `GET /_sandbox/deliveries` lists it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Attempt {
    provider: &'static str,
    event_id: String,
    link_id: String,
    url: String,
    /// 1 for the first try.
    attempt: usize,
    /// When it was sent (RFC 3339, the machine's clock).
    at: String,
    /// The receiver's HTTP status, when it answered.
    status: Option<u16>,
    /// Why there was no answer (connection refused, timeout).
    error: Option<String>,
    /// Whether the receiver accepted it (2xx).
    delivered: bool,
}

/// The delivery engine: the targets, one HTTP client and the log of attempts.
#[derive(Clone)]
pub(crate) struct Webhooks {
    targets: Targets,
    http: reqwest::Client,
    log: Arc<Mutex<Vec<Attempt>>>,
}

impl std::fmt::Debug for Webhooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Webhooks")
            .field("targets", &self.targets)
            .finish_non_exhaustive()
    }
}

impl Webhooks {
    /// An engine for `targets`. Deliveries follow no redirect, use no proxy and give up on an
    /// attempt after 5 s (Paywint's documented answer time). TLS runs on the crypto backend
    /// chosen by feature.
    pub(crate) fn new(targets: Targets) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        let http = paylinks_core::crypto::reqwest_builder()?
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .timeout(Duration::from_secs(5))
            .build()?;
        Ok(Webhooks {
            targets,
            http,
            log: Arc::default(),
        })
    }

    /// Delivers `events` in order in the background, when a URL is configured for `provider`;
    /// how many will be sent.
    pub(crate) fn deliver(&self, provider: Provider, events: Vec<Outgoing>) -> usize {
        let Some(url) = self.targets.url(provider).cloned() else {
            return 0;
        };
        let count = events.len();
        let engine = self.clone();
        tokio::spawn(async move {
            for event in events {
                engine.deliver_one(provider, &url, &event).await;
            }
        });
        count
    }

    /// Tries `event` on `provider`'s schedule until it is accepted.
    async fn deliver_one(&self, provider: Provider, url: &Url, event: &Outgoing) {
        for (index, delay) in schedule(provider).iter().enumerate() {
            let wait = Duration::from_millis(delay * 1000 / u64::from(self.targets.speedup));
            tokio::time::sleep(wait).await;
            let now = OffsetDateTime::now_utc();
            let signed = (event.sign)(now);
            let mut request = self.http.post(url.clone()).body(signed.body);
            for (name, value) in &signed.headers {
                request = request.header(*name, value);
            }
            let (status, error) = match request.send().await {
                Ok(response) => (Some(response.status().as_u16()), None),
                Err(e) => (None, Some(without_url(&e))),
            };
            let delivered = status.is_some_and(|s| (200..300).contains(&s));
            tracing::info!(
                provider = provider.as_str(),
                event_id = %event.event_id,
                attempt = index + 1,
                ?status,
                delivered,
                "webhook delivery"
            );
            self.lock().push(Attempt {
                provider: provider.as_str(),
                event_id: event.event_id.clone(),
                link_id: event.link_id.clone(),
                url: url.to_string(),
                attempt: index + 1,
                at: now.format(&Rfc3339).unwrap_or_default(),
                status,
                error,
                delivered,
            });
            if delivered {
                return;
            }
        }
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Attempt>> {
        self.log.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Every attempt so far, oldest first.
    pub(crate) fn attempts(&self) -> Vec<Attempt> {
        self.lock().clone()
    }
}

/// A transport error in words, without the URL reqwest puts in its `Display`.
fn without_url(error: &reqwest::Error) -> String {
    let kind = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "could not connect"
    } else {
        "request failed"
    };
    kind.to_owned()
}

/// `GET /_sandbox/deliveries`: every attempt so far, oldest first.
pub(crate) async fn deliveries(State(webhooks): State<Webhooks>) -> Json<Vec<Attempt>> {
    Json(webhooks.attempts())
}
