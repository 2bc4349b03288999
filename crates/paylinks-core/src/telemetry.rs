//! What an operator sees of the clients: a `tracing` span for every operation sent, with
//! OpenTelemetry's HTTP client fields, and, with the `metrics` feature, four metrics recorded
//! through the [`metrics`](https://docs.rs/metrics) facade.
//!
//! Each operation sent ([`Call::send_keeping`], which every provider crate's calls go through)
//! is one span and one sample. A call of the application's that sends several operations shows
//! each: Pay.io's create after its currency lookup is a `currencies` and a `deposit_link`, and
//! Txn's create that went unanswered and was found again by its reference is a
//! `create_payment_link` with outcome `unconfirmed` and a `list_payment_links` with outcome
//! `ok`. Requests made with [`Call::execute`] directly, outside an operation, have only their
//! attempt spans.
//!
//! **The span**, at INFO, named `paylinks.operation`, around every attempt's DEBUG span
//! `paylinks.http`. Its fields follow OpenTelemetry's semantic conventions for HTTP client
//! spans, so `tracing-opentelemetry` exports it as a client span named for the operation with
//! no further set-up: `otel.name` (the operation's [`NAME`](crate::Operation::NAME)),
//! `otel.kind` (`client`), `http.request.method`, `server.address`, `server.port`,
//! `url.template` (the operation's path template, `/api/public/v1/payment_links/{id}`),
//! `http.response.status_code` (of the last response), `error.type` (the [`ErrorKind`]) and
//! `otel.status_code` (`ERROR` when the call failed), with `paylinks.provider`,
//! `paylinks.operation` and `paylinks.attempts` (the HTTP requests sent; 0 when the operation
//! was refused before sending). A span nothing records costs nothing.
//!
//! **The metrics** (the `metrics` feature of this crate, which every provider crate and the
//! `paylinks` crate pass on; without it, none of this is compiled in, and with it, nothing is
//! recorded until the application installs a recorder):
//!
//! | name | type | labels |
//! | --- | --- | --- |
//! | [`REQUESTS`] `paylinks_requests_total` | counter | `provider`, `operation`, `outcome`: `ok` or the [`ErrorKind`] |
//! | [`REQUEST_DURATION`] `paylinks_request_duration_seconds` | histogram | `provider`, `operation`: the whole operation, retries and pauses included |
//! | [`RETRIES`] `paylinks_retries_total` | counter | `provider`, `operation`, `reason`: `rate_limited`, `server_error` or `transport` |
//! | [`WEBHOOKS`] `paylinks_webhooks_total` | counter | `provider`, `result`: `verified` or the refusal's [`WebhookError::name`](crate::WebhookError::name) |
//!
//! Every label comes from a bounded set: the provider's name, the operation's name, a kind or a
//! reason; never an id, a reference, a URL or a secret.
//!
//! [`Call::send_keeping`]: crate::Call::send_keeping
//! [`Call::execute`]: crate::Call::execute
//! [`ErrorKind`]: crate::ErrorKind

use tracing::Span;
use tracing::field::Empty;

use crate::error::Error;
use crate::http::{Executor, Response};
use crate::operation::Operation;

/// The counter of operations sent, by `provider`, `operation` and `outcome`.
pub const REQUESTS: &str = "paylinks_requests_total";
/// The histogram of how long each operation took, in seconds, by `provider` and `operation`.
pub const REQUEST_DURATION: &str = "paylinks_request_duration_seconds";
/// The counter of requests sent again, by `provider`, `operation` and `reason`.
pub const RETRIES: &str = "paylinks_retries_total";
/// The counter of webhooks verified or refused, by `provider` and `result`.
pub const WEBHOOKS: &str = "paylinks_webhooks_total";

/// Gives the installed recorder each metric's description and unit (the `# HELP` line of a
/// Prometheus exporter); call it once, after installing the recorder.
#[cfg(feature = "metrics")]
pub fn describe() {
    use metrics::Unit;
    metrics::describe_counter!(
        REQUESTS,
        Unit::Count,
        "Operations sent to a payment-link provider, by outcome: ok or the error kind."
    );
    metrics::describe_histogram!(
        REQUEST_DURATION,
        Unit::Seconds,
        "How long an operation took, all its attempts and the pauses between them included."
    );
    metrics::describe_counter!(
        RETRIES,
        Unit::Count,
        "Requests sent again after a rate limit, a server error or a transport failure."
    );
    metrics::describe_counter!(
        WEBHOOKS,
        Unit::Count,
        "Webhooks received, by result: verified or why they were refused."
    );
}

/// One operation being sent: its span, what its attempts got, and, with `metrics`, its labels
/// and start.
pub(crate) struct Observed {
    span: Span,
    attempts: u32,
    status: Option<u16>,
    #[cfg(feature = "metrics")]
    provider: &'static str,
    #[cfg(feature = "metrics")]
    operation: &'static str,
    #[cfg(feature = "metrics")]
    started: std::time::Instant,
}

impl Observed {
    /// Starts observing one `O` sent through `executor`.
    pub(crate) fn start<O: Operation>(executor: &Executor) -> Self {
        let method = O::METHOD;
        let span = tracing::info_span!(
            "paylinks.operation",
            otel.name = O::NAME,
            otel.kind = "client",
            otel.status_code = Empty,
            http.request.method = method.as_str(),
            server.address = Empty,
            server.port = Empty,
            url.template = O::PATH,
            http.response.status_code = Empty,
            error.type = Empty,
            paylinks.provider = executor.provider(),
            paylinks.operation = O::NAME,
            paylinks.attempts = Empty,
        );
        if !span.is_disabled() {
            let base = executor.base_url();
            if let Some(host) = base.host_str() {
                span.record("server.address", host);
            }
            if let Some(port) = base.port_or_known_default() {
                span.record("server.port", port);
            }
        }
        Observed {
            span,
            attempts: 0,
            status: None,
            #[cfg(feature = "metrics")]
            provider: executor.provider(),
            #[cfg(feature = "metrics")]
            operation: O::NAME,
            #[cfg(feature = "metrics")]
            started: std::time::Instant::now(),
        }
    }

    /// The operation's span, to send it in.
    pub(crate) fn span(&self) -> &Span {
        &self.span
    }

    /// Notes one attempt and the status it got, if any.
    pub(crate) fn attempted(&mut self, outcome: &Result<Response, Error>) {
        self.attempts += 1;
        self.status = match outcome {
            Ok(response) => Some(response.status),
            Err(Error::Redirect { status, .. } | Error::Decode { status, .. }) => Some(*status),
            Err(_) => None,
        };
    }

    /// Notes that the request is sent again, for `reason`.
    #[cfg_attr(not(feature = "metrics"), allow(unused_variables))]
    pub(crate) fn retrying(&self, reason: &'static str) {
        #[cfg(feature = "metrics")]
        metrics::counter!(
            RETRIES,
            "provider" => self.provider,
            "operation" => self.operation,
            "reason" => reason,
        )
        .increment(1);
    }

    /// Records how the operation ended.
    pub(crate) fn finish<T>(self, outcome: &Result<T, Error>) {
        let span = &self.span;
        if !span.is_disabled() {
            span.record("paylinks.attempts", self.attempts);
            if let Some(status) = self.status {
                span.record("http.response.status_code", status);
            }
            if let Err(error) = outcome {
                span.record("error.type", error.kind().as_str());
                span.record("otel.status_code", "ERROR");
            }
        }
        #[cfg(feature = "metrics")]
        {
            let result = match outcome {
                Ok(_) => "ok",
                Err(error) => error.kind().as_str(),
            };
            metrics::counter!(
                REQUESTS,
                "provider" => self.provider,
                "operation" => self.operation,
                "outcome" => result,
            )
            .increment(1);
            metrics::histogram!(
                REQUEST_DURATION,
                "provider" => self.provider,
                "operation" => self.operation,
            )
            .record(self.started.elapsed());
        }
    }
}

/// Counts one webhook in [`WEBHOOKS`] (with the `metrics` feature): `verified`, or the name of
/// why it was refused.
#[cfg_attr(not(feature = "metrics"), allow(unused_variables))]
pub(crate) fn webhook<T>(provider: &'static str, result: &Result<T, crate::WebhookError>) {
    #[cfg(feature = "metrics")]
    {
        let result = match result {
            Ok(_) => "verified",
            Err(error) => error.name(),
        };
        metrics::counter!(WEBHOOKS, "provider" => provider, "result" => result).increment(1);
    }
}
