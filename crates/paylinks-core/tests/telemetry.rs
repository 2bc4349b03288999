//! The metrics a call and a webhook record, seen by a debugging recorder installed for the
//! test's thread only (tests run side by side), with hand-written operations standing in for
//! generated ones. No label holds the secret, the id or the URL of a request.

mod common;

use std::collections::BTreeMap;

use common::{CreateThing, GetThing, ID, Key, SECRET, executor};
use httpmock::prelude::*;
use metrics_util::debugging::{DebugValue, DebuggingRecorder, Snapshotter};
use paylinks_core::webhook::{HeaderMap, counted, header, json_body};
use paylinks_core::{
    LinkStatus, PaymentEvent, WebhookError, WebhookReceiver, WebhookVerifier, telemetry,
};

/// A recorder for this thread only (tests run side by side), and what it shows.
fn recorder() -> (DebuggingRecorder, Snapshotter) {
    let recorder = DebuggingRecorder::new();
    let snapshotter = recorder.snapshotter();
    (recorder, snapshotter)
}

/// What was recorded since the last look: each metric as `name{label=value,…}` (labels
/// sorted) with its counter's value or its histogram's samples. Every label is checked to hold
/// no secret, id or URL.
fn recorded(snapshotter: &Snapshotter) -> BTreeMap<String, DebugValue> {
    let metrics = paylinks_testkit::metrics_by_key(snapshotter);
    for name in metrics.keys() {
        for forbidden in [SECRET, ID, "127.0.0.1", "http"] {
            assert!(!name.contains(forbidden), "{forbidden} in {name}");
        }
    }
    metrics
}

/// The counters of `recorded`, and the number of samples of each histogram (all of them
/// positive durations).
fn counts(recorded: &BTreeMap<String, DebugValue>) -> Vec<(&str, u64)> {
    recorded
        .iter()
        .map(|(name, value)| {
            let n = match value {
                DebugValue::Counter(n) => *n,
                DebugValue::Histogram(samples) => {
                    assert!(samples.iter().all(|s| s.0 > 0.0), "{name}: {samples:?}");
                    samples.len() as u64
                }
                DebugValue::Gauge(_) => panic!("no gauge is recorded: {name}"),
            };
            (name.as_str(), n)
        })
        .collect()
}

#[tokio::test]
async fn a_create_is_counted_once_by_provider_operation_and_outcome_and_timed() {
    let (recorder, snapshotter) = recorder();
    let _local = metrics::set_default_local_recorder(&recorder);
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/things");
            then.status(201).body(r#"{"id":"thing-4711"}"#);
        })
        .await;
    executor(&server.base_url())
        .send(&Key::new(), &CreateThing { name: "box" })
        .await
        .unwrap();
    assert_eq!(
        counts(&recorded(&snapshotter)),
        [
            (
                "paylinks_request_duration_seconds{operation=create_thing,provider=test}",
                1
            ),
            (
                "paylinks_requests_total{operation=create_thing,outcome=ok,provider=test}",
                1
            ),
        ]
    );
}

#[tokio::test]
async fn each_retry_is_counted_by_its_reason_and_the_call_once() {
    let (recorder, snapshotter) = recorder();
    let _local = metrics::set_default_local_recorder(&recorder);
    let server = MockServer::start_async().await;
    for (path, status) in [("/things/busy", 429), ("/things/down", 503)] {
        server
            .mock_async(|when, then| {
                when.path(path).header("x-attempt", "1");
                then.status(status).header("retry-after", "0");
            })
            .await;
        server
            .mock_async(|when, then| {
                when.path(path).header("x-attempt", "2");
                then.status(200).body("{}");
            })
            .await;
    }
    let executor = executor(&server.base_url());
    for id in ["busy", "down"] {
        executor.send(&Key::new(), &GetThing { id }).await.unwrap();
    }
    // Nothing listens there: the connection is refused, tried three times, and fails.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let nowhere = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let error = common::executor(&nowhere)
        .send(&Key::new(), &GetThing { id: ID })
        .await
        .unwrap_err();
    assert_eq!(error.kind(), "transport");
    assert_eq!(
        counts(&recorded(&snapshotter)),
        [
            (
                "paylinks_request_duration_seconds{operation=get_thing,provider=test}",
                3
            ),
            (
                "paylinks_requests_total{operation=get_thing,outcome=ok,provider=test}",
                2
            ),
            (
                "paylinks_requests_total{operation=get_thing,outcome=transport,provider=test}",
                1
            ),
            (
                "paylinks_retries_total{operation=get_thing,provider=test,reason=rate_limited}",
                1
            ),
            (
                "paylinks_retries_total{operation=get_thing,provider=test,reason=server_error}",
                1
            ),
            (
                "paylinks_retries_total{operation=get_thing,provider=test,reason=transport}",
                2
            ),
        ]
    );
}

#[tokio::test]
async fn a_failed_call_is_counted_by_its_error_kind() {
    let (recorder, snapshotter) = recorder();
    let _local = metrics::set_default_local_recorder(&recorder);
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path(format!("/things/{ID}"));
            then.status(404);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/things");
            then.status(503);
        })
        .await;
    let executor = executor(&server.base_url());
    let key = Key::new();
    let kinds = [
        executor.send(&key, &GetThing { id: ID }).await,
        // Refused before sending.
        executor.send(&key, &GetThing { id: ".." }).await,
        executor.send(&key, &CreateThing { name: "box" }).await,
    ]
    .map(|sent| sent.unwrap_err().kind().as_str());
    assert_eq!(kinds, ["not_found", "invalid_request", "unconfirmed"]);
    let recorded = recorded(&snapshotter);
    let requests: Vec<_> = counts(&recorded)
        .into_iter()
        .filter(|(name, _)| name.starts_with(telemetry::REQUESTS))
        .collect();
    assert_eq!(
        requests,
        [
            (
                "paylinks_requests_total{operation=create_thing,outcome=unconfirmed,provider=test}",
                1
            ),
            (
                "paylinks_requests_total{operation=get_thing,outcome=invalid_request,provider=test}",
                1
            ),
            (
                "paylinks_requests_total{operation=get_thing,outcome=not_found,provider=test}",
                1
            ),
        ]
    );
}

/// A verifier as a provider crate writes one: its result goes through [`counted`].
#[derive(Debug)]
struct Token;

impl WebhookVerifier for Token {
    fn provider(&self) -> &'static str {
        "test"
    }

    fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<PaymentEvent, WebhookError> {
        counted(
            "test",
            header(headers, "x-token").and_then(|token| {
                if token != SECRET {
                    return Err(WebhookError::SignatureMismatch { header: "x-token" });
                }
                let event = PaymentEvent::new(
                    "test",
                    "e1",
                    LinkStatus::Completed,
                    "paid",
                    json_body(body)?,
                );
                Ok(event.with_link_id(Some(ID.to_owned())))
            }),
        )
    }
}

#[tokio::test]
async fn each_webhook_is_counted_as_verified_or_by_why_it_was_refused() {
    let (recorder, snapshotter) = recorder();
    let _local = metrics::set_default_local_recorder(&recorder);
    let receiver: Box<dyn WebhookReceiver> = Box::new(Token);
    let mut signed = HeaderMap::new();
    signed.insert("x-token", SECRET.parse().unwrap());
    let mut forged = HeaderMap::new();
    forged.insert("x-token", "guess".parse().unwrap());
    let results = [
        receiver.receive(&signed, b"{}").await.map(|_| "verified"),
        receiver.receive(&signed, b"{}").await.map(|_| "verified"),
        receiver.receive(&forged, b"{}").await.map(|_| "verified"),
        receiver
            .receive(&HeaderMap::new(), b"{}")
            .await
            .map(|_| "verified"),
        receiver.receive(&signed, b"[").await.map(|_| "verified"),
    ]
    .map(|result| result.unwrap_or_else(|e| e.name()));
    assert_eq!(
        results,
        [
            "verified",
            "verified",
            "signature_mismatch",
            "missing_header",
            "undecodable"
        ]
    );
    assert_eq!(
        counts(&recorded(&snapshotter)),
        [
            (
                "paylinks_webhooks_total{provider=test,result=missing_header}",
                1
            ),
            (
                "paylinks_webhooks_total{provider=test,result=signature_mismatch}",
                1
            ),
            (
                "paylinks_webhooks_total{provider=test,result=undecodable}",
                1
            ),
            ("paylinks_webhooks_total{provider=test,result=verified}", 2),
        ]
    );
}

#[tokio::test]
async fn the_metrics_describe_themselves_to_the_recorder() {
    let (recorder, snapshotter) = recorder();
    let _local = metrics::set_default_local_recorder(&recorder);
    telemetry::describe();
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/things");
            then.status(201).body("{}");
        })
        .await;
    executor(&server.base_url())
        .send(&Key::new(), &CreateThing { name: "box" })
        .await
        .unwrap();
    let units: BTreeMap<String, (Option<metrics::Unit>, bool)> = snapshotter
        .snapshot()
        .into_vec()
        .into_iter()
        .map(|(key, unit, description, _)| {
            (key.key().name().to_owned(), (unit, description.is_some()))
        })
        .collect();
    assert_eq!(
        units,
        BTreeMap::from([
            (
                telemetry::REQUEST_DURATION.to_owned(),
                (Some(metrics::Unit::Seconds), true)
            ),
            (
                telemetry::REQUESTS.to_owned(),
                (Some(metrics::Unit::Count), true)
            ),
        ])
    );
}
