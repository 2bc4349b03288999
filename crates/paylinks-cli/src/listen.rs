//! `paylinks listen`: a local webhook receiver, like the Stripe CLI's `listen`.
//!
//! It takes a POST on any path and hands the raw body and the headers to the provider's
//! receiver (see [`receivers`]); only a verified delivery gets a 200. A refused one gets a 4xx
//! and one line on stderr saying why. Each verified event is printed as one line on stdout and,
//! with `--forward-to`, re-posted with its raw body and headers to the application by one
//! background task, in the order verified, so a slow application never delays the provider's
//! answer (Mesh wants it within 200 ms).

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
use tokio::sync::mpsc::{self, error::TrySendError};
use tokio::task::JoinHandle;
use url::Url;

use crate::args::{ListenArgs, Target};
use crate::failure::Failure;
use crate::output::report;
use crate::sandbox::Stop;
use crate::{output, receivers};

/// How long forwarding one delivery may take, and how long a stopping listener waits for the
/// deliveries still queued.
const FORWARD_TIMEOUT: Duration = Duration::from_secs(10);

/// How many verified deliveries may wait to be forwarded; past that, one is dropped with a
/// line on stderr rather than holding the provider's answer.
const FORWARD_QUEUE: usize = 256;

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
/// until stdout is gone), then lets queued forwards finish.
async fn listen(args: ListenArgs) -> Result<(), Failure> {
    let forward_to = args.forward_to.as_deref().map(forward_url).transpose()?;
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
    let (forwarder, forwarding) = match forward_to {
        Some(url) => {
            let (forwarder, task) = Forwarder::start(url)?;
            (Some(forwarder), Some(task))
        }
        None => (None, None),
    };
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
    // The server and with it the forwarder are gone: the task ends once the queue is empty.
    if let Some(task) = forwarding
        && tokio::time::timeout(FORWARD_TIMEOUT, task).await.is_err()
    {
        output::stderr("paylinks listen: stopped before every verified delivery was forwarded");
    }
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
    if let Some(forwarder) = &listener.forwarder {
        forwarder.send(Forward {
            event_id: event.event_id,
            headers,
            body,
        });
    }
    StatusCode::OK.into_response()
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

/// One verified delivery, as received.
struct Forward {
    /// The event's id, for the stderr line when forwarding fails.
    event_id: String,
    /// The request's headers.
    headers: HeaderMap,
    /// The raw body.
    body: Bytes,
}

/// Re-posts verified deliveries to `--forward-to`, one at a time, in the order verified.
struct Forwarder {
    queue: mpsc::Sender<Forward>,
}

impl Forwarder {
    /// The forwarder and its task, which ends once the forwarder is dropped and its queue is
    /// empty. No redirect is followed and no proxy used: the deliveries carry the provider's
    /// signature or token, for the application's endpoint only.
    fn start(url: Url) -> Result<(Forwarder, JoinHandle<()>), Failure> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .timeout(FORWARD_TIMEOUT)
            .build()
            .map_err(|e| Failure::Internal(format!("cannot start forwarding: {e}")))?;
        let (queue, mut waiting) = mpsc::channel(FORWARD_QUEUE);
        let task = tokio::spawn(async move {
            while let Some(delivery) = waiting.recv().await {
                forward(&client, &url, delivery).await;
            }
        });
        Ok((Forwarder { queue }, task))
    }

    /// Queues a delivery; when the queue is full, says on stderr that it is not forwarded.
    fn send(&self, delivery: Forward) {
        if let Err(TrySendError::Full(delivery) | TrySendError::Closed(delivery)) =
            self.queue.try_send(delivery)
        {
            output::stderr(&format!(
                "paylinks listen: event {} not forwarded: {FORWARD_QUEUE} deliveries are already \
                 waiting for the application",
                output::one_line(&delivery.event_id)
            ));
        }
    }
}

/// Posts one delivery's raw body and headers to `url`; a failure or a non-2xx answer is one
/// line on stderr (without the URL, which may carry credentials).
async fn forward(client: &reqwest::Client, url: &Url, delivery: Forward) {
    let Forward {
        event_id,
        mut headers,
        body,
    } = delivery;
    for name in HOP_BY_HOP {
        headers.remove(name);
    }
    let problem = match client
        .post(url.clone())
        .headers(headers)
        .body(body)
        .send()
        .await
    {
        Ok(answer) if answer.status().is_success() => return,
        Ok(answer) => format!("the application answered {}", answer.status()),
        Err(error) => with_causes(&error.without_url()),
    };
    output::stderr(&format!(
        "paylinks listen: forwarding event {} failed: {}",
        output::one_line(&event_id),
        output::one_line(&problem)
    ));
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
