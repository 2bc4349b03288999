//! `paylinks listen`: a local webhook receiver, like the Stripe CLI's `listen`.
//!
//! It takes a POST on any path and hands the raw body and the headers to the provider's
//! receiver (see [`receivers`]); only a verified delivery gets a 2xx. A refused one gets a 4xx
//! and one line on stderr saying why. Each verified event is printed as one line on stdout and,
//! with `--forward-to`, re-posted with its raw body and headers to the application before the
//! provider is answered, with what the application answered (a 2xx only when it took the
//! event), so an application that is down or restarting is covered by the provider's own
//! retries instead of losing the event.

use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use paylinks_core::webhook::bounded;
use paylinks_core::{WebhookError, WebhookReceiver};
use tokio::net::TcpListener;
use tokio::sync::Notify;
use url::Url;

use crate::args::{ListenArgs, Target};
use crate::failure::Failure;
use crate::output::report;
use crate::sandbox::Stop;
use crate::{output, receivers};

/// Headers that describe one connection, not the delivery: not forwarded (the forward's own
/// connection sets its `Host` and `Content-Length`).
const HOP_BY_HOP: [&str; 10] = [
    "host",
    "content-length",
    "connection",
    "keep-alive",
    "proxy-connection",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

/// `paylinks listen`.
pub(crate) async fn run(args: ListenArgs) -> ExitCode {
    let (provider, json) = (args.provider, args.json);
    match listen(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => report(Some(provider.as_str()), json, &failure),
    }
}

/// Builds the receiver, binds, announces the address on stderr and serves until Ctrl-C (or
/// until stdout is gone), letting the deliveries being handled (and forwarded) finish.
async fn listen(args: ListenArgs) -> Result<(), Failure> {
    let forwarder = match args.forward_to.as_deref() {
        Some(url) => Some(Forwarder::new(
            forward_url(url)?,
            forward_timeout(&args.forward_timeout)?,
        )?),
        None => None,
    };
    let paywint = Target {
        base_url: args.base_url,
        env: args.env,
    };
    let receiver = receivers::receiver(args.provider, &paywint)?;
    let mut stop =
        Stop::install().map_err(|e| Failure::Internal(format!("cannot listen for Ctrl-C: {e}")))?;
    let socket = TcpListener::bind(args.listen).await.map_err(|e| {
        Failure::usage("--listen", format!("cannot listen on {}: {e}", args.listen))
    })?;
    let addr = socket
        .local_addr()
        .map_err(|e| Failure::Internal(format!("cannot read the address listened on: {e}")))?;
    let fatal = Arc::new(Fatal::default());
    let app = Router::new()
        .fallback(deliver)
        .with_state(Arc::new(Listener {
            receiver,
            json: args.json,
            forwarder,
            fatal: Arc::clone(&fatal),
        }));
    output::stderr(&format!(
        "paylinks listen: listening on http://{addr} for {} webhooks (Ctrl-C stops it)",
        args.provider
    ));
    let stopping = Arc::clone(&fatal);
    let served = axum::serve(socket, app)
        .with_graceful_shutdown(async move {
            tokio::select! {
                () = stop.wait() => {},
                () = stopping.notify.notified() => {},
            }
        })
        .await;
    output::stderr("paylinks listen: stopped");
    served.map_err(|e| Failure::Internal(format!("the listener stopped: {e}")))?;
    fatal.take().map_or(Ok(()), Err)
}

/// `--forward-to`: an http or https URL.
fn forward_url(text: &str) -> Result<Url, Failure> {
    let url = Url::parse(text)
        .map_err(|e| Failure::usage("--forward-to", format!("{text:?} is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Failure::usage(
            "--forward-to",
            "must be an http or https URL (your application's webhook endpoint)",
        ));
    }
    Ok(url)
}

/// `--forward-timeout`: whole milliseconds (`150ms`) or seconds (`2s`), more than zero.
fn forward_timeout(text: &str) -> Result<Duration, Failure> {
    let budget = match text.strip_suffix("ms") {
        Some(millis) => millis.parse().ok().map(Duration::from_millis),
        None => text
            .strip_suffix('s')
            .and_then(|secs| secs.parse().ok())
            .map(Duration::from_secs),
    };
    budget.filter(|budget| !budget.is_zero()).ok_or_else(|| {
        Failure::usage(
            "--forward-timeout",
            format!("{text:?} is not a duration in whole ms or s, more than zero (150ms, 2s)"),
        )
    })
}

/// What every delivery is handled with.
struct Listener {
    /// The provider's verifier (or Paywint's confirmer).
    receiver: Box<dyn WebhookReceiver>,
    /// `--json`.
    json: bool,
    /// `--forward-to`.
    forwarder: Option<Forwarder>,
    /// Set when stdout is gone, which stops the listener.
    fatal: Arc<Fatal>,
}

/// One request, on any path: verified, printed and forwarded, or refused.
async fn deliver(
    State(listener): State<Arc<Listener>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if method != Method::POST {
        let status = StatusCode::METHOD_NOT_ALLOWED;
        refused(&method, &uri, status, "only POST is taken");
        return (status, [(header::ALLOW, "POST")]).into_response();
    }
    let event = match listener.receiver.receive(&headers, &body).await {
        Ok(event) => event,
        Err(error) => {
            let status = refusal(&error);
            refused(&method, &uri, status, &error.to_string());
            return status.into_response();
        }
    };
    let line = if listener.json {
        format!("{}\n", output::event_json(&event))
    } else {
        output::event_text(&event)
    };
    if let Err(failure) = output::stdout(&line) {
        // Nobody reads the events any more: stop, and let the provider deliver this one again
        // to the next listener.
        listener.fatal.set(failure);
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    match &listener.forwarder {
        Some(forwarder) => forwarder
            .forward(&event.event_id, headers, body)
            .await
            .into_response(),
        None => StatusCode::OK.into_response(),
    }
}

/// The status a refused delivery gets: 400 for a body that does not decode, 401 for anything
/// else (a missing or wrong signature, token, timestamp or algorithm, or a Paywint payment the
/// API did not confirm).
fn refusal(error: &WebhookError) -> StatusCode {
    match error {
        WebhookError::Undecodable { .. } => StatusCode::BAD_REQUEST,
        _ => StatusCode::UNAUTHORIZED,
    }
}

/// The stderr line for a refused request: the method, the path (bounded, on one line), the
/// status and why.
fn refused(method: &Method, uri: &Uri, status: StatusCode, why: &str) {
    output::stderr(&format!(
        "paylinks listen: refused {method} {} ({}): {}",
        output::one_line(&bounded(uri.path())),
        status.as_u16(),
        output::one_line(why)
    ));
}

/// A failure met while serving that stops the listener, kept for the exit code.
#[derive(Default)]
struct Fatal {
    failure: Mutex<Option<Failure>>,
    notify: Notify,
}

impl Fatal {
    /// Keeps the first failure and stops the listener.
    fn set(&self, failure: Failure) {
        let mut kept = self.failure.lock().unwrap_or_else(PoisonError::into_inner);
        kept.get_or_insert(failure);
        self.notify.notify_one();
    }

    /// The failure kept, if any.
    fn take(&self) -> Option<Failure> {
        self.failure
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }
}

/// Re-posts verified deliveries to `--forward-to` and tells what to answer the provider.
struct Forwarder {
    client: reqwest::Client,
    url: Url,
    /// `--forward-timeout`: how long the application may take to answer.
    budget: Duration,
}

impl Forwarder {
    /// No redirect is followed and no proxy used: the deliveries carry the provider's
    /// signature or token, for the application's endpoint only. TLS runs on the crypto backend
    /// chosen by feature.
    fn new(url: Url, budget: Duration) -> Result<Forwarder, Failure> {
        let failed =
            |e: &dyn std::fmt::Display| Failure::Internal(format!("cannot start forwarding: {e}"));
        let client = paylinks_core::crypto::reqwest_builder()
            .map_err(|e| failed(&e))?
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .build()
            .map_err(|e| failed(&e))?;
        Ok(Forwarder {
            client,
            url,
            budget,
        })
    }

    /// Posts one delivery's raw body and headers to the application; the status to answer the
    /// provider with: the application's own 2xx, 502 when it could not be reached or answered
    /// anything else (its status would read as the listener's own refusal), 504 when it did
    /// not answer within the budget. A failure is one line on stderr naming the event (without
    /// the URL, which may carry credentials).
    async fn forward(&self, event_id: &str, mut headers: HeaderMap, body: Bytes) -> StatusCode {
        for name in HOP_BY_HOP {
            headers.remove(name);
        }
        let sent = self
            .client
            .post(self.url.clone())
            .headers(headers)
            .body(body)
            .send();
        let (status, problem) = match tokio::time::timeout(self.budget, sent).await {
            Ok(Ok(answer)) if answer.status().is_success() => return answer.status(),
            Ok(Ok(answer)) => (
                StatusCode::BAD_GATEWAY,
                format!("the application answered {}", answer.status()),
            ),
            Ok(Err(error)) => (StatusCode::BAD_GATEWAY, with_causes(&error.without_url())),
            Err(_) => (
                StatusCode::GATEWAY_TIMEOUT,
                format!(
                    "the application did not answer within {} ms (--forward-timeout)",
                    self.budget.as_millis()
                ),
            ),
        };
        output::stderr(&format!(
            "paylinks listen: forwarding event {} failed ({}): {}",
            output::one_line(event_id),
            status.as_u16(),
            output::one_line(&problem)
        ));
        status
    }
}

/// `error` and each error that caused it, `: `-separated (reqwest's own text alone says only
/// "error sending request").
fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(next) = cause {
        text.push_str(&format!(": {next}"));
        cause = next.source();
    }
    text
}
