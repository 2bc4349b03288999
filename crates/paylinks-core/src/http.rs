//! The one HTTP executor every provider crate uses.
//!
//! Requests are data ([`Request`]); [`Executor::execute`] sends them through an
//! [`HttpClient`] (rustls; one pool that clients may share) with a timeout per request and a
//! deadline for the whole call ([`Call`]), retries only what is safe to repeat, reads at most
//! [`HttpConfig::max_response_bytes`] of a response, and logs each attempt in a `tracing` span
//! that never carries headers or bodies.
//!
//! Credentials go to the configured host only: no redirect is followed (a 3xx is
//! [`Error::Redirect`]), and proxies from the environment are never used for a loopback host.

use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, Instant};

use http::header::{self, HeaderMap, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde::de::DeserializeOwned;
use time::format_description::well_known::Rfc2822;
use tracing::Instrument;
use url::Url;

use crate::error::{Error, FieldError, ProviderError, TransportKind, snippet};
use crate::http_client::HttpClient;
use crate::telemetry::Observed;
use crate::validate::Rule;
use crate::wire::Method;

/// Timeouts, response limit and retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct HttpConfig {
    /// How long to wait for a connection, fixed when the client is built (its connection pool
    /// owns it): a client built on a shared [`HttpClient`] uses the shared
    /// one's ([`HttpClientBuilder::connect_timeout`](crate::http_client::HttpClientBuilder::connect_timeout)),
    /// and a copy made with `with_http_config` keeps its client's.
    pub connect_timeout: Duration,
    /// How long one attempt, response body included, may take.
    pub timeout: Duration,
    /// How long a whole call may take, all attempts and pauses between them included, and
    /// every request of a call that makes several (see [`Call`]).
    pub deadline: Duration,
    /// The largest response body read; a larger one is an error.
    pub max_response_bytes: usize,
    /// How many times a request that is safe to repeat is retried after a 429, a 5xx or a
    /// transport failure. A request that is not (a POST) is retried only when the provider
    /// did not act on it: a 429, or a connection that failed, so it was never sent.
    pub retries: u32,
    /// The first pause between retries; it doubles each time, and each pause is drawn at
    /// random between half of it and all of it, so clients that failed together do not
    /// retry together.
    pub backoff: Duration,
    /// The longest `Retry-After` obeyed. When the provider asks for a longer wait (or one past
    /// the [`deadline`](Self::deadline)), the call returns the response at once and the
    /// caller gets [`Error::RateLimited`] with the wait in it.
    pub max_retry_after: Duration,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            deadline: Duration::from_secs(60),
            max_response_bytes: 1 << 20,
            retries: 2,
            backoff: Duration::from_millis(200),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

/// One HTTP request, as data, for one provider (whom its errors name).
#[derive(Debug, Clone)]
pub struct Request {
    provider: &'static str,
    method: Method,
    path: String,
    query: Vec<(&'static str, String)>,
    headers: HeaderMap,
    body: Option<Vec<u8>>,
    idempotent: bool,
}

impl Request {
    /// A request to `provider` for `path` (relative to the base URL, starting with `/`). It
    /// counts as idempotent when its method is (GET, HEAD, PUT, DELETE, OPTIONS).
    pub fn new(provider: &'static str, method: Method, path: impl Into<String>) -> Self {
        Request {
            provider,
            idempotent: matches!(
                method,
                Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
            ),
            method,
            path: path.into(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
        }
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path, without base URL or query.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The body bytes, as they will be sent.
    pub fn body_bytes(&self) -> &[u8] {
        self.body.as_deref().unwrap_or_default()
    }

    /// Adds query parameters, in order.
    pub fn query(mut self, pairs: Vec<(&'static str, String)>) -> Self {
        self.query.extend(pairs);
        self
    }

    /// The query string exactly as it is sent (form-urlencoded, without `?`; empty when none).
    pub fn query_string(&self) -> String {
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in &self.query {
            out.append_pair(name, value);
        }
        out.finish()
    }

    /// Adds a header; a value that is not a valid header is an invalid request.
    pub fn header(mut self, name: &'static str, value: &str) -> Result<Self, Error> {
        let value = HeaderValue::from_str(value).map_err(|_| self.header_error(name))?;
        self.headers.append(name, value);
        Ok(self)
    }

    /// Adds a header holding a secret: marked sensitive, so it is never printed.
    pub fn secret_header(
        mut self,
        name: &'static str,
        value: &SecretString,
    ) -> Result<Self, Error> {
        let mut value =
            HeaderValue::from_str(value.expose_secret()).map_err(|_| self.header_error(name))?;
        value.set_sensitive(true);
        self.headers.append(name, value);
        Ok(self)
    }

    /// Sets the body to `value` as JSON (serde_json writes amounts digit for digit) with the
    /// given media type.
    pub fn json<T: Serialize>(
        mut self,
        media_type: &'static str,
        value: &T,
    ) -> Result<Self, Error> {
        let body = serde_json::to_vec(value).map_err(|e| {
            Error::violation(self.provider, "body", Rule::Serializable(e.to_string()))
        })?;
        self.headers
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
        self.body = Some(body);
        Ok(self)
    }

    /// Sets the body to `bytes`, sent as they are, with the given media type.
    pub fn body(mut self, media_type: &'static str, bytes: Vec<u8>) -> Self {
        self.headers
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
        self.body = Some(bytes);
        self
    }

    /// Says whether sending the request twice has the effect of sending it once; only then
    /// is it repeated after a failure that may have reached the provider.
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = idempotent;
        self
    }

    /// Sets the `Accept` header.
    pub fn accept(mut self, media_type: &'static str) -> Self {
        self.headers
            .insert(header::ACCEPT, HeaderValue::from_static(media_type));
        self
    }

    fn header_error(&self, name: &'static str) -> Error {
        Error::violation(self.provider, name, Rule::HeaderValue)
    }
}

/// A response: status, headers and the whole (bounded) body.
#[derive(Debug, Clone)]
pub struct Response {
    provider: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// The headers.
    pub headers: HeaderMap,
    /// The body as received.
    pub body: Vec<u8>,
}

impl Response {
    /// A response as `provider`'s executor would hand it over: for testing a [`Connector`]
    /// (its refusals) and the decoding of replies against recorded or generated replies, with
    /// no server.
    ///
    /// [`Connector`]: crate::Connector
    pub fn new(provider: &'static str, status: u16, headers: HeaderMap, body: Vec<u8>) -> Self {
        Response {
            provider,
            status,
            headers,
            body,
        }
    }

    /// The provider that sent it.
    pub fn provider(&self) -> &'static str {
        self.provider
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// Whether the body contains `needle` anywhere: a cheap test before parsing a success
    /// body a second time for an error member only some bodies have (`b"\"errors\""`).
    pub fn mentions(&self, needle: &[u8]) -> bool {
        memchr::memmem::find(&self.body, needle).is_some()
    }

    /// The reply read as the executor reads every one: the error `refusal` finds in it (a
    /// [`Connector`]'s refusal), or else the success body decoded as `T`. Public so that a
    /// recorded reply can be read the same way with no server.
    ///
    /// [`Connector`]: crate::Connector
    pub fn read<T: DeserializeOwned>(
        &self,
        refusal: impl FnOnce(&Self) -> Option<Error>,
    ) -> Result<T, Error> {
        match refusal(self) {
            Some(refused) => Err(refused),
            None => self.decode(),
        }
    }

    /// Decodes the body as `T`; a failure names the JSON path and keeps a snippet of the body.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|_| {
            let mut de = serde_json::Deserializer::from_slice(&self.body);
            let (path, message) = match serde_path_to_error::deserialize::<_, T>(&mut de) {
                Err(e) => (e.path().to_string(), e.into_inner().to_string()),
                Ok(_) => (
                    ".".to_owned(),
                    "the body does not match the documented response".to_owned(),
                ),
            };
            Error::Decode {
                provider: self.provider,
                status: self.status,
                path,
                message,
                snippet: snippet(&self.body),
            }
        })
    }

    /// The refusal as a [`ProviderError`], with what the provider's body said.
    pub fn refusal(
        &self,
        code: Option<String>,
        message: Option<String>,
        fields: Vec<FieldError>,
    ) -> ProviderError {
        ProviderError {
            provider: self.provider,
            status: self.status,
            code,
            message,
            fields,
            body: self.body.clone(),
        }
    }

    /// The wait the `Retry-After` header asks for, given as seconds or as an HTTP date in the
    /// form RFC 9110 has senders use (`Sun, 06 Nov 1994 08:49:37 GMT`, read as RFC 2822); a
    /// date already past is no wait.
    pub fn retry_after(&self) -> Option<Duration> {
        let value = self.headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
        if let Ok(seconds) = value.parse() {
            return Some(Duration::from_secs(seconds));
        }
        let date = time::OffsetDateTime::parse(value, &Rfc2822).ok()?;
        let wait = date - time::OffsetDateTime::now_utc();
        Some(Duration::try_from(wait).unwrap_or(Duration::ZERO))
    }

    /// The error for this refusal by status alone ([`Error::from_status`]).
    pub fn error(
        &self,
        code: Option<String>,
        message: Option<String>,
        fields: Vec<FieldError>,
    ) -> Error {
        Error::from_status(self.refusal(code, message, fields), self.retry_after())
    }
}

/// Sends [`Request`]s for one provider to one base URL.
#[derive(Debug, Clone)]
pub struct Executor {
    provider: &'static str,
    base: Url,
    http: reqwest::Client,
    config: HttpConfig,
}

impl Executor {
    /// An executor with an [`HttpClient`] of its own (`config`'s connect timeout, reqwest's
    /// defaults otherwise). It follows no redirect, and uses no proxy when `base` is a loopback
    /// address (a proxy from the environment would otherwise see a plain-http request and its
    /// credentials).
    pub fn new(provider: &'static str, base: Url, config: HttpConfig) -> Result<Self, Error> {
        let http = HttpClient::builder()
            .connect_timeout(config.connect_timeout)
            .build();
        Executor::build(provider, base, config, &http)
    }

    /// An executor sending through `http`, shared with other executors.
    pub(crate) fn build(
        provider: &'static str,
        base: Url,
        config: HttpConfig,
        http: &HttpClient,
    ) -> Result<Self, Error> {
        Ok(Executor {
            provider,
            http: http.for_base(provider, &base)?,
            base,
            config,
        })
    }

    /// This executor with other settings for the calls made through the copy; the connection
    /// pool is shared.
    pub fn with_config(&self, config: HttpConfig) -> Self {
        Executor {
            config,
            ..self.clone()
        }
    }

    /// The settings calls are made with.
    pub fn config(&self) -> &HttpConfig {
        &self.config
    }

    /// The provider this executor speaks for.
    pub fn provider(&self) -> &'static str {
        self.provider
    }

    /// The base URL requests are sent under.
    pub fn base_url(&self) -> &Url {
        &self.base
    }

    fn url(&self, request: &Request) -> Result<Url, Error> {
        let base = self.base.as_str().trim_end_matches('/');
        let mut url = Url::parse(&format!("{base}{}", request.path)).map_err(|e| {
            Error::violation(self.provider, "path", Rule::Serializable(e.to_string()))
        })?;
        let query = request.query_string();
        url.set_query((!query.is_empty()).then_some(query.as_str()));
        Ok(url)
    }

    /// One call of the application's, whose requests all end within one
    /// [`HttpConfig::deadline`] counted from now; see [`Call`].
    pub fn call(&self) -> Call<'_> {
        Call {
            executor: self,
            // A deadline too far to count (`Duration::MAX`) is none.
            ends: Instant::now().checked_add(self.config.deadline),
        }
    }

    /// Executes one request as a call of its own; see [`Call::execute`].
    pub async fn execute(
        &self,
        build: impl Fn() -> Result<Request, Error>,
    ) -> Result<Response, Error> {
        self.call().execute(build).await
    }

    /// Why (`rate_limited`, `server_error` or `transport`: the `reason` label of
    /// [`RETRIES`](crate::telemetry::RETRIES)) and after what pause to try `outcome`'s
    /// request again, or `None` to return it. A request that is not idempotent (a POST) is
    /// tried again only when the provider did not act on it: a 429, or a connection that
    /// failed, so it was never sent. A `Retry-After` beyond the cap is returned, not slept
    /// through.
    fn retry(
        &self,
        attempt: u32,
        idempotent: bool,
        outcome: &Result<Response, Error>,
    ) -> Option<(&'static str, Duration)> {
        if attempt >= self.config.retries {
            return None;
        }
        let backoff = jitter(
            self.config
                .backoff
                .saturating_mul(2u32.saturating_pow(attempt)),
        );
        match outcome {
            Ok(response) if response.status == 429 || (idempotent && response.status >= 500) => {
                let reason = if response.status == 429 {
                    "rate_limited"
                } else {
                    "server_error"
                };
                match response.retry_after() {
                    Some(wait) if wait > self.config.max_retry_after => None,
                    Some(wait) => Some((reason, wait.max(backoff))),
                    None => Some((reason, backoff)),
                }
            }
            Err(Error::Transport { kind, .. }) if idempotent || *kind == TransportKind::Connect => {
                Some(("transport", backoff))
            }
            _ => None,
        }
    }

    fn past_deadline(&self) -> Error {
        Error::Transport {
            provider: self.provider,
            kind: TransportKind::Timeout,
            message: format!(
                "no response within the call's deadline of {:?}",
                self.config.deadline
            ),
        }
    }

    async fn send_once(&self, request: Request, timeout: Duration) -> Result<Response, Error> {
        let url = self.url(&request)?;
        let mut builder = self
            .http
            .request(request.method, url)
            .timeout(timeout)
            .headers(request.headers);
        if let Some(body) = request.body {
            builder = builder.body(body);
        }
        let mut response = builder.send().await.map_err(|e| self.transport(&e))?;
        let status = response.status().as_u16();
        if response.status().is_redirection() {
            let location = response
                .headers()
                .get(header::LOCATION)
                .map(|l| snippet(l.as_bytes()));
            tracing::warn!(status, "redirect not followed");
            return Err(Error::Redirect {
                provider: self.provider,
                status,
                location,
            });
        }
        let headers = std::mem::take(response.headers_mut());
        let limit = self.config.max_response_bytes;
        let too_large = |len: usize| Error::Decode {
            provider: self.provider,
            status,
            path: ".".into(),
            message: format!("the response body exceeds {limit} bytes (at least {len})"),
            snippet: String::new(),
        };
        let announced = response
            .content_length()
            .and_then(|l| usize::try_from(l).ok());
        if let Some(len) = announced
            && len > limit
        {
            return Err(too_large(len));
        }
        let mut body = Vec::with_capacity(announced.unwrap_or(0));
        while let Some(chunk) = response.chunk().await.map_err(|e| self.transport(&e))? {
            if body.len() + chunk.len() > limit {
                return Err(too_large(body.len() + chunk.len()));
            }
            body.extend_from_slice(&chunk);
        }
        tracing::debug!(status, bytes = body.len(), "response");
        Ok(Response::new(self.provider, status, headers, body))
    }

    fn transport(&self, error: &reqwest::Error) -> Error {
        let kind = if error.is_connect() {
            TransportKind::Connect
        } else if error.is_timeout() {
            TransportKind::Timeout
        } else {
            TransportKind::Other
        };
        let mut message = error.to_string();
        let mut source = std::error::Error::source(error);
        while let Some(inner) = source {
            message.push_str(": ");
            message.push_str(&inner.to_string());
            source = inner.source();
        }
        Error::Transport {
            provider: self.provider,
            kind,
            message,
        }
    }
}

/// One call as the application sees it, which may take several requests (Pay.io's currency
/// lookup before its create, Txn's lookup by reference after a create that went unanswered):
/// every request made through it, and every retry and pause between them, ends within the one
/// deadline fixed when [`Executor::call`] made it. A request that would start past the
/// deadline is not sent.
#[derive(Debug, Clone, Copy)]
pub struct Call<'a> {
    executor: &'a Executor,
    ends: Option<Instant>,
}

impl<'a> Call<'a> {
    /// The executor the call's requests go through.
    pub fn executor(&self) -> &'a Executor {
        self.executor
    }

    /// The time left before the call's deadline.
    pub fn left(&self) -> Duration {
        self.ends.map_or(Duration::MAX, |ends| {
            ends.saturating_duration_since(Instant::now())
        })
    }

    /// Awaits `work` (waiting on another call's lookup, say) for at most what is left of the
    /// deadline; past it, the error a request past the deadline gets.
    pub async fn within<T>(
        &self,
        work: impl std::future::Future<Output = Result<T, Error>>,
    ) -> Result<T, Error> {
        tokio::time::timeout(self.left(), work)
            .await
            .unwrap_or_else(|_| Err(self.executor.past_deadline()))
    }

    /// Sends the request `build` makes, building it again for each attempt (so a signature
    /// or nonce is fresh every time), and returns the response whatever its status, except a
    /// redirect, which is [`Error::Redirect`]. Every attempt ends by the call's deadline.
    ///
    /// Each attempt has its DEBUG span. A request sent this way, outside an operation, has no
    /// INFO span and counts in no metric (see [`telemetry`](crate::telemetry)).
    pub async fn execute(
        &self,
        build: impl Fn() -> Result<Request, Error>,
    ) -> Result<Response, Error> {
        self.attempts(build, None).await
    }

    /// [`execute`](Self::execute), telling `observed` (when the request is an operation's)
    /// what each attempt got and why one is retried.
    pub(crate) async fn attempts(
        &self,
        build: impl Fn() -> Result<Request, Error>,
        mut observed: Option<&mut Observed>,
    ) -> Result<Response, Error> {
        let executor = self.executor;
        let mut attempt: u32 = 0;
        loop {
            let left = self.left();
            if left.is_zero() {
                return Err(executor.past_deadline());
            }
            let request = build()?;
            let idempotent = request.idempotent;
            let span = tracing::debug_span!(
                "paylinks.http",
                provider = executor.provider,
                method = %request.method,
                path = %request.path,
                attempt,
                status = tracing::field::Empty,
            );
            let send = executor.send_once(request, left.min(executor.config.timeout));
            let outcome = in_span(&span, send).await;
            if let Ok(response) = &outcome {
                span.record("status", response.status);
            }
            if let Some(observed) = observed.as_deref_mut() {
                observed.attempted(&outcome);
            }
            let Some((reason, pause)) = executor.retry(attempt, idempotent, &outcome) else {
                return outcome;
            };
            if pause >= self.left() {
                tracing::info!(parent: &span, reason, ?pause, "not retrying: past the deadline");
                return outcome;
            }
            tracing::info!(parent: &span, attempt, reason, ?pause, "retrying");
            if let Some(observed) = &observed {
                observed.retrying(reason);
            }
            tokio::time::sleep(pause).await;
            attempt += 1;
        }
    }
}

/// Awaits `work` inside `span`, or plainly when nothing records the span: entering a span on
/// every poll costs even then.
pub(crate) async fn in_span<T>(
    span: &tracing::Span,
    work: impl std::future::Future<Output = T>,
) -> T {
    if span.is_disabled() {
        work.await
    } else {
        work.instrument(span.clone()).await
    }
}

/// A pause drawn at random between half of `pause` and all of it.
fn jitter(pause: Duration) -> Duration {
    // `RandomState` is seeded from the OS per instance: enough randomness to spread retries.
    let random = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    let half = pause / 2;
    half + half.mul_f64((random >> 11) as f64 / (1u64 << 53) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_stays_between_half_and_all_of_the_pause() {
        let pause = Duration::from_millis(200);
        let drawn: Vec<Duration> = (0..200).map(|_| jitter(pause)).collect();
        assert!(drawn.iter().all(|d| *d >= pause / 2 && *d <= pause));
        // Not one value: the pauses are spread.
        assert!(drawn.iter().any(|d| *d != drawn[0]));
    }
}
