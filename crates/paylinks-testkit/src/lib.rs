//! Test helpers the paylinks crates share, as a dev-dependency only: this crate is never
//! published and no library depends on it, so a provider crate's tests can use it without
//! depending on another provider crate.
//!
//! [`Recorder`] keeps every request an `httpmock` mock is asked to match, so a contract test
//! can assert the exact wire text (method, path and query, headers, body) a client sent:
//!
//! ```no_run
//! use httpmock::prelude::*;
//! use paylinks_testkit::Recorder;
//!
//! # async fn example() {
//! let server = MockServer::start_async().await;
//! let seen = Recorder::default();
//! server
//!     .mock_async(|when, then| {
//!         when.method(GET).path("/links/1").is_true(seen.matcher());
//!         then.status(200);
//!     })
//!     .await;
//! // … the client under test sends its request to `server.base_url()` …
//! assert_eq!(seen.last().uri, "/links/1");
//! # }
//! ```
//!
//! [`uri_is`] takes only a request with one exact path and query.
//!
//! [`mismatch`] reads the [`Error::Mismatch`] a reply that contradicts the request makes,
//! [`unconfirmed`] the cause of an [`Error::Unconfirmed`], [`metrics_by_key`] what a
//! debugging metrics recorder holds, and [`link_summary`] the links a listing yielded.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use httpmock::HttpMockRequest;
use paylinks_core::{Error, LinkStatus, Mismatch, PaymentLink, PaymentOutcome};

/// Every request a mock was asked to match, in order. Clones share the list.
///
/// Attach it to a mock with `when.is_true(recorder.matcher())`: it always matches, so it never
/// changes which requests the mock takes.
#[derive(Debug, Clone, Default)]
pub struct Recorder(Arc<Mutex<Vec<Recorded>>>);

impl Recorder {
    /// A matcher for `When::is_true` that records the request and matches it.
    pub fn matcher(&self) -> impl Fn(&HttpMockRequest) -> bool + Send + Sync + 'static {
        let seen = Arc::clone(&self.0);
        move |request: &HttpMockRequest| {
            seen.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(Recorded::from(request));
            true
        }
    }

    /// Every request recorded so far, in order.
    pub fn all(&self) -> Vec<Recorded> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The last request recorded; panics when there is none, as a test then should.
    pub fn last(&self) -> Recorded {
        self.all().pop().expect("no request recorded")
    }
}

/// One request as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// The method: `POST`.
    pub method: String,
    /// The path and query, as sent: `/v1/links?page=2`.
    pub uri: String,
    /// Every header in the order received, names in lowercase.
    pub headers: Vec<(String, String)>,
    /// The body as text; empty when there is none.
    pub body: String,
}

impl Recorded {
    /// The path, without the query.
    pub fn path(&self) -> &str {
        self.uri.split_once('?').map_or(&self.uri, |(path, _)| path)
    }

    /// The query, when the request has one (without the `?`).
    pub fn query(&self) -> Option<&str> {
        self.uri.split_once('?').map(|(_, query)| query)
    }

    /// The values of header `name` (any case), in the order received.
    pub fn header(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The header names, sorted.
    pub fn header_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.headers.iter().map(|(n, _)| n.clone()).collect();
        names.sort();
        names
    }

    /// `name: value` lines, sorted, without `host` (its port changes from run to run): for
    /// snapshots of the exact headers.
    pub fn header_lines(&self) -> String {
        let mut headers: Vec<&(String, String)> = self
            .headers
            .iter()
            .filter(|(name, _)| name != "host")
            .collect();
        headers.sort();
        headers
            .iter()
            .map(|(name, value)| format!("{name}: {value}"))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl From<&HttpMockRequest> for Recorded {
    fn from(request: &HttpMockRequest) -> Self {
        Recorded {
            method: request.method_str().to_owned(),
            uri: request
                .uri()
                .path_and_query()
                .map(ToString::to_string)
                .unwrap_or_default(),
            headers: request
                .headers_vec()
                .iter()
                .map(|(name, value)| (name.to_ascii_lowercase(), value.clone()))
                .collect(),
            body: request.body_string(),
        }
    }
}

/// A matcher for `When::is_true` that takes only requests to `path_and_query` exactly (the
/// path, and the whole query in the order sent; `/v1/links` matches only a request without a
/// query): each page of a walk is then answered by the mock that names its exact query.
pub fn uri_is(
    path_and_query: impl Into<String>,
) -> impl Fn(&HttpMockRequest) -> bool + Send + Sync + 'static {
    let expected = path_and_query.into();
    move |request: &HttpMockRequest| Recorded::from(request).uri == expected
}

/// The whole request as text, for snapshots: `METHOD path?query`, the
/// [`header_lines`](Recorded::header_lines), a blank line, the body.
impl fmt::Display for Recorded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}\n{}\n\n{}",
            self.method,
            self.uri,
            self.header_lines(),
            self.body
        )
    }
}

/// The [`Mismatch`] in `error`, after asserting what it names: `field`, what was `asked` (`None`
/// for a rule every link keeps) and what was `answered`. Panics on any other error, as a test
/// then should.
#[track_caller]
pub fn mismatch<'e>(
    error: &'e Error,
    field: &str,
    asked: Option<&str>,
    answered: &str,
) -> &'e Mismatch {
    let Error::Mismatch(mismatch) = error else {
        panic!("not a mismatch: {error:?}")
    };
    assert_eq!(
        (
            mismatch.field,
            mismatch.asked.as_deref(),
            mismatch.answered.as_str()
        ),
        (field, asked, answered),
        "{error}"
    );
    mismatch
}

/// The cause of an [`Error::Unconfirmed`] (a create answered 5xx, or cut off after it was
/// sent), after checking the field and value it names to look the link up by. Panics on any
/// other error, as a test then should.
#[track_caller]
pub fn unconfirmed(error: Error, look_up_by: Option<(&str, &str)>) -> Error {
    let Error::Unconfirmed {
        look_up_by: named,
        cause,
        ..
    } = error
    else {
        panic!("not unconfirmed: {error:?}")
    };
    assert_eq!(
        named
            .as_ref()
            .map(|(field, value)| (*field, value.as_str())),
        look_up_by
    );
    *cause
}

/// What a `metrics-util` debugging recorder holds, each metric keyed
/// `name{label=value,…}` with its labels sorted, so a test can compare whole maps.
pub fn metrics_by_key(
    snapshotter: &metrics_util::debugging::Snapshotter,
) -> std::collections::BTreeMap<String, metrics_util::debugging::DebugValue> {
    snapshotter
        .snapshot()
        .into_vec()
        .into_iter()
        .map(|(key, _, _, value)| {
            let key = key.key();
            let mut labels: Vec<String> = key
                .labels()
                .map(|l| format!("{}={}", l.key(), l.value()))
                .collect();
            labels.sort();
            (format!("{}{{{}}}", key.name(), labels.join(",")), value)
        })
        .collect()
}

/// `(id, amount as written, status, outcome)` of each link, in order: what a listing test
/// holds against the links it expects.
pub fn link_summary(
    links: &[PaymentLink],
) -> Vec<(String, String, LinkStatus, Option<PaymentOutcome>)> {
    links
        .iter()
        .map(|link| {
            (
                link.id.clone(),
                link.amount.to_string(),
                link.status.clone(),
                link.outcome,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_reads_as_its_wire_text_without_the_host() {
        let headers = [
            ("x-api-key", "k"),
            ("host", "127.0.0.1:4242"),
            ("accept", "application/json"),
        ];
        let seen = Recorded {
            method: "POST".to_owned(),
            uri: "/v1/links?page=2".to_owned(),
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            body: r#"{"amount":"1.50"}"#.to_owned(),
        };
        assert_eq!((seen.path(), seen.query()), ("/v1/links", Some("page=2")));
        assert_eq!(seen.header("X-API-Key"), ["k"]);
        assert_eq!(seen.header_names(), ["accept", "host", "x-api-key"]);
        assert_eq!(
            seen.to_string(),
            "POST /v1/links?page=2\naccept: application/json\nx-api-key: k\n\n{\"amount\":\"1.50\"}"
        );
    }
}
