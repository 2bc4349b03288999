//! The executor against a local httpmock server: bodies, limits, retries, transport failures.

use std::time::Duration;

use httpmock::prelude::*;
use paylinks_core::{Error, Executor, HttpConfig, Method, Request, TransportKind};
use rust_decimal::Decimal;
use url::Url;

fn executor(server: &MockServer, config: HttpConfig) -> Executor {
    Executor::new("test", Url::parse(&server.base_url()).unwrap(), config).unwrap()
}

fn quick() -> HttpConfig {
    let mut config = HttpConfig::default();
    config.backoff = Duration::from_millis(1);
    config
}

#[derive(Debug, serde::Deserialize)]
struct Amounts {
    #[allow(dead_code)]
    items: Vec<Item>,
}

#[derive(Debug, serde::Deserialize)]
struct Item {
    #[serde(with = "paylinks_core::money::number")]
    amount: Decimal,
}

#[tokio::test]
async fn sends_query_and_headers_and_decodes_exact_amounts() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/base/items")
                .query_param("a", "1 2")
                .query_param("b", "x&y")
                .header("x-key", "k");
            then.status(200)
                .body(r#"{"items":[{"amount":12345678901234567.89}]}"#);
        })
        .await;
    let base = Url::parse(&format!("{}/base/", server.base_url())).unwrap();
    let exec = Executor::new("test", base, quick()).unwrap();
    let response = exec
        .execute(|| {
            Request::new("test", Method::GET, "/items")
                .query(vec![("a", "1 2".into()), ("b", "x&y".into())])
                .header("x-key", "k")
        })
        .await
        .unwrap();
    mock.assert_async().await;
    let decoded: Amounts = response.decode().unwrap();
    assert_eq!(decoded.items[0].amount.to_string(), "12345678901234567.89");
}

#[tokio::test]
async fn decode_errors_name_the_path_and_keep_a_snippet() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/bad");
            then.status(200)
                .body(r#"{"items":[{"amount":"1"},{"amount":"lots"}]}"#);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/html");
            then.status(502)
                .body("<html><body>Bad gateway</body></html>");
        })
        .await;
    let exec = executor(&server, quick());
    let response = exec
        .execute(|| Ok(Request::new("test", Method::POST, "/bad")))
        .await
        .unwrap();
    let err = response.decode::<Amounts>().unwrap_err();
    let Error::Decode {
        status,
        path,
        snippet,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!((*status, path.as_str()), (200, "items[1].amount"));
    assert!(snippet.contains("lots"));

    let response = exec
        .execute(|| Ok(Request::new("test", Method::POST, "/html")))
        .await
        .unwrap();
    assert_eq!(response.status, 502);
    let err = response.decode::<Amounts>().unwrap_err();
    assert_eq!(err.kind(), "decode");
    assert!(err.to_string().contains("Bad gateway"), "{err}");
}

#[tokio::test]
async fn an_empty_body_is_a_decode_error_not_a_panic() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/empty");
            then.status(200);
        })
        .await;
    let response = executor(&server, quick())
        .execute(|| Ok(Request::new("test", Method::GET, "/empty")))
        .await
        .unwrap();
    let err = response.decode::<Amounts>().unwrap_err();
    assert!(err.to_string().contains("EOF while parsing"), "{err}");
}

#[tokio::test]
async fn refuses_bodies_over_the_limit() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/huge");
            then.status(200).body("x".repeat(10_000));
        })
        .await;
    let mut config = quick();
    config.max_response_bytes = 4096;
    let err = executor(&server, config)
        .execute(|| Ok(Request::new("test", Method::GET, "/huge")))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "decode");
    assert!(err.to_string().contains("exceeds 4096 bytes"), "{err}");
}

#[tokio::test]
async fn retries_idempotent_requests_but_never_a_post_that_was_sent() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET).path("/flaky");
            then.status(503);
        })
        .await;
    let post = server
        .mock_async(|when, then| {
            when.method(POST).path("/flaky");
            then.status(503);
        })
        .await;
    let exec = executor(&server, quick());
    let response = exec
        .execute(|| Ok(Request::new("test", Method::GET, "/flaky")))
        .await
        .unwrap();
    assert_eq!(response.status, 503);
    assert_eq!(get.calls_async().await, 3);
    exec.execute(|| Ok(Request::new("test", Method::POST, "/flaky")))
        .await
        .unwrap();
    assert_eq!(post.calls_async().await, 1);
}

#[tokio::test]
async fn a_post_refused_with_429_is_tried_again_since_nothing_was_done() {
    let server = MockServer::start_async().await;
    let post = server
        .mock_async(|when, then| {
            when.method(POST).path("/busy");
            then.status(429).header("retry-after", "0");
        })
        .await;
    let response = executor(&server, quick())
        .execute(|| Ok(Request::new("test", Method::POST, "/busy")))
        .await
        .unwrap();
    assert_eq!(response.status, 429);
    assert_eq!(post.calls_async().await, 3);
}

#[tokio::test]
async fn rebuilds_the_request_for_each_attempt() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/flaky");
            then.status(500);
        })
        .await;
    let built = std::sync::atomic::AtomicUsize::new(0);
    executor(&server, quick())
        .execute(|| {
            built.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok(Request::new("test", Method::GET, "/flaky"))
        })
        .await
        .unwrap();
    assert_eq!(built.into_inner(), 3);
}

#[tokio::test]
async fn reports_timeouts_and_refused_connections_as_transport_errors() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/slow");
            then.status(200).delay(Duration::from_millis(500));
        })
        .await;
    let mut config = quick();
    config.timeout = Duration::from_millis(50);
    config.retries = 0;
    let err = executor(&server, config)
        .execute(|| Ok(Request::new("test", Method::POST, "/slow")))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::Timeout,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.is_retryable());

    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let exec = Executor::new(
        "test",
        Url::parse(&format!("http://127.0.0.1:{port}")).unwrap(),
        quick(),
    )
    .unwrap();
    let err = exec
        .execute(|| Ok(Request::new("test", Method::POST, "/x")))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::Connect,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn secret_headers_are_sent_but_never_printed() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.header("x-secret", "hunter2-secret");
            then.status(204);
        })
        .await;
    let secret = paylinks_core::SecretString::from("hunter2-secret");
    let request = Request::new("test", Method::GET, "/")
        .secret_header("x-secret", &secret)
        .unwrap();
    assert!(!format!("{request:?}").contains("hunter2"));
    executor(&server, quick())
        .execute(|| Ok(request.clone()))
        .await
        .unwrap();
    mock.assert_async().await;
}

#[test]
fn a_request_that_cannot_be_built_names_its_provider() {
    let request = || Request::new("test", Method::POST, "/");
    let header = request().header("x-key", "line\nbreak").unwrap_err();
    let secret = paylinks_core::SecretString::from("line\nbreak");
    let secret = request().secret_header("x-secret", &secret).unwrap_err();
    let unwritable = std::collections::BTreeMap::from([((1, 2), 3)]);
    let body = request().json("application/json", &unwritable).unwrap_err();
    assert_eq!(
        [header, secret, body].map(|e| e.to_string()),
        [
            "test: invalid request: x-key: must be a valid header value",
            "test: invalid request: x-secret: must be a valid header value",
            "test: invalid request: body: cannot be written: key must be a string",
        ]
    );
}

#[tokio::test]
async fn no_redirect_is_followed_so_credentials_never_reach_another_host() {
    let home = MockServer::start_async().await;
    let elsewhere = MockServer::start_async().await;
    let stranger = elsewhere
        .mock_async(|_, then| {
            then.status(201).body(r#"{"items":[]}"#);
        })
        .await;
    let secret = paylinks_core::SecretString::from("hunter2-secret");
    let exec = executor(&home, quick());
    for status in [301, 302, 303, 307, 308] {
        for method in [Method::GET, Method::POST] {
            let path = format!("/moved-{status}-{method}");
            let target = format!("{}/steal", elsewhere.base_url());
            let mock = home
                .mock_async(|when, then| {
                    when.path(path.as_str());
                    then.status(status).header("location", target.as_str());
                })
                .await;
            let err = exec
                .execute(|| {
                    Request::new("test", method.clone(), path.as_str())
                        .secret_header("x-api-key", &secret)?
                        .json("application/json", &serde_json::json!({"amount": "1"}))
                })
                .await
                .unwrap_err();
            let Error::Redirect {
                status: got,
                location,
                ..
            } = &err
            else {
                panic!("{status} {method}: {err:?}")
            };
            assert_eq!((*got, location.as_deref()), (status, Some(target.as_str())));
            assert_eq!(err.kind(), "redirect");
            assert!(!err.is_retryable());
            assert!(!format!("{err} {err:?}").contains("hunter2"));
            // Sent once to the configured host, never repeated, never sent on.
            assert_eq!(mock.calls_async().await, 1, "{status} {method}");
        }
    }
    assert_eq!(stranger.calls_async().await, 0);
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_is_returned_at_once_not_slept_through() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/busy");
            then.status(429).header("retry-after", "999999");
        })
        .await;
    let response = tokio::time::timeout(
        Duration::from_secs(20),
        executor(&server, quick()).execute(|| Ok(Request::new("test", Method::GET, "/busy"))),
    )
    .await
    .expect("the executor slept through a Retry-After beyond its cap")
    .unwrap();
    assert_eq!(response.status, 429);
    assert_eq!(response.retry_after(), Some(Duration::from_secs(999_999)));
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn retry_after_is_read_as_seconds_or_as_an_http_date() {
    let server = MockServer::start_async().await;
    let later = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(600));
    let future = server
        .mock_async(|when, then| {
            when.path("/future");
            then.status(429).header("retry-after", later.as_str());
        })
        .await;
    let past = server
        .mock_async(|when, then| {
            when.path("/past");
            then.status(503)
                .header("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT");
        })
        .await;
    let exec = executor(&server, quick());
    let response = exec
        .execute(|| Ok(Request::new("test", Method::GET, "/future")))
        .await
        .unwrap();
    let wait = response.retry_after().unwrap();
    assert!(
        wait > Duration::from_secs(590) && wait <= Duration::from_secs(600),
        "{wait:?}"
    );
    // Ten minutes is past the 60 s cap: returned, not retried.
    assert_eq!(future.calls_async().await, 1);

    let response = exec
        .execute(|| Ok(Request::new("test", Method::GET, "/past")))
        .await
        .unwrap();
    assert_eq!(response.retry_after(), Some(Duration::ZERO));
    // A date already past is no wait: retried after the backoff, as configured.
    assert_eq!(past.calls_async().await, 3);
}

#[tokio::test]
async fn a_call_ends_within_its_deadline_across_all_attempts() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/stalled");
            then.status(200).delay(Duration::from_secs(5));
        })
        .await;
    let mut config = quick();
    config.deadline = Duration::from_millis(300);
    let started = std::time::Instant::now();
    let err = executor(&server, config)
        .execute(|| Ok(Request::new("test", Method::GET, "/stalled")))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::Timeout,
                ..
            }
        ),
        "{err:?}"
    );
    // Three attempts of the 30 s timeout would take 90 s; the deadline ends it in one.
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(mock.calls_async().await, 1);
}

/// A deadline too far to count (`Duration::MAX`, "no deadline") is none: the call is made,
/// not a panic on `Instant` overflow.
#[tokio::test]
async fn a_deadline_of_duration_max_is_no_deadline() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/ok");
            then.status(200).body("{}");
        })
        .await;
    let mut config = quick();
    config.deadline = Duration::MAX;
    config.timeout = Duration::MAX;
    let exec = executor(&server, config);
    assert_eq!(exec.call().left(), Duration::MAX);
    let response = exec
        .execute(|| Ok(Request::new("test", Method::GET, "/ok")))
        .await
        .unwrap();
    assert_eq!(response.status, 200);
}
