//! Contract tests: the exact requests this crate sends to P100 and what it makes of P100's
//! replies, against an httpmock server on 127.0.0.1.

use std::time::Duration;

use futures_util::StreamExt;
use httpmock::prelude::*;
use p100_client::generated::GeneratePaymentLinkRequest;
use p100_client::{AccessDenied, Client, Credentials};
use paylinks_core::{
    Environment, Error, HttpConfig, LinkStatus, NewPaymentLink, PaymentLinkProvider, Support,
};
use paylinks_testkit::Recorder;
use rust_decimal::Decimal;
use time::macros::datetime;

const KEY: &str = "p100-test-key-7f3a9c1e-DO-NOT-LEAK";

/// The seed's example request (`seeds/003_2100b28432e8720e.txt`), as compact JSON.
const SEED_REQUEST: &str =
    r#"{"amount":"123.45","expiresAt":"2025-08-31T21:21:35.840Z","reference":"example_ref_123"}"#;

/// The seed's example 200 reply, byte for byte as documented.
const SEED_RESPONSE: &str = include_str!("fixtures/reply_create_200.json");

const LINK_ID: &str = "663318af-7ea1-4c5a-8545-e433a2d43d5c";

/// ASSUMED details reply (P100 did not publish it): the create fields plus reference and status.
const DETAILS_RESPONSE: &str = include_str!("fixtures/reply_details_200.json");

fn config(retries: u32) -> HttpConfig {
    let mut c = HttpConfig::default();
    c.retries = retries;
    c.backoff = Duration::from_millis(1);
    c.timeout = Duration::from_secs(5);
    c
}

fn client(server: &MockServer) -> Client {
    client_with(server, 0)
}

fn client_with(server: &MockServer, retries: u32) -> Client {
    Client::builder(Credentials::new(KEY))
        .environment(Environment::custom(&server.base_url()).unwrap())
        .http_config(config(retries))
        .build()
        .unwrap()
}

fn seed_body() -> GeneratePaymentLinkRequest {
    GeneratePaymentLinkRequest::new(
        Decimal::new(12345, 2),
        datetime!(2025-08-31 21:21:35.840 UTC),
        "example_ref_123".to_owned(),
    )
}

/// The seed's link in core terms, expiring in 2030 rather than the seed's 2025: the neutral
/// path refuses an expiry that is past.
fn seed_link() -> NewPaymentLink {
    NewPaymentLink::new(Decimal::new(12345, 2), "EUR")
        .reference("example_ref_123")
        .expires_at(FUTURE)
}

/// The expiry of [`seed_link`].
const FUTURE: time::OffsetDateTime = datetime!(2030-08-31 21:21:35.840 UTC);

// ---------------------------------------------------------------------------------------------
// Operations: exact requests, seed fixtures, decoded replies.

#[tokio::test]
async fn create_sends_the_seed_request_and_decodes_the_seed_reply() {
    let server = MockServer::start_async().await;
    let seen = Recorder::default();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/payment-link")
                .query_param_count(".*", ".*", 0)
                .header("x-api-key", KEY)
                .header_count("x-api-key", ".*", 1)
                .header("content-type", "application/json")
                .header("accept", "application/json")
                .header_prefix("user-agent", "paylinks/")
                .header_missing("authorization")
                .body(SEED_REQUEST)
                .is_true(seen.matcher());
            then.status(200)
                .header("content-type", "application/json")
                .body(SEED_RESPONSE);
        })
        .await;

    let created = client(&server)
        .create_payment_link(&seed_body())
        .await
        .unwrap();
    mock.assert_calls_async(1).await;

    let seen = seen.last();
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.uri, "/v1/payment-link");
    assert_eq!(seen.header("x-api-key"), [KEY]);
    assert_eq!(
        seen.header_names(),
        [
            "accept",
            "content-length",
            "content-type",
            "host",
            "user-agent",
            "x-api-key"
        ]
    );
    assert_eq!(seen.body, SEED_REQUEST);
    insta::assert_snapshot!("create_request_body", seen.body);

    assert_eq!(created.payment_link_id.to_string(), LINK_ID);
    assert_eq!(created.url, "https://p100-payment-link.io/123456789");
    assert_eq!(created.amount, Some(Decimal::new(12345, 2)));
    assert_eq!(
        created.expires_at,
        Some(datetime!(2025-08-31 21:21:35.840 UTC))
    );
    insta::assert_debug_snapshot!("create_response", created);
}

#[tokio::test]
async fn create_writes_any_offset_and_precision_in_the_documented_expiry_form() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/payment-link").body(
                r#"{"amount":"100.50","expiresAt":"2025-08-31T21:21:35.000Z","reference":"r-1"}"#,
            );
            then.status(200).body(SEED_RESPONSE);
        })
        .await;
    let body = GeneratePaymentLinkRequest::new(
        Decimal::new(10050, 2),
        datetime!(2025-09-01 00:21:35.000_999 +03:00),
        "r-1".to_owned(),
    );
    client(&server).create_payment_link(&body).await.unwrap();
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn get_sends_the_assumed_request_and_decodes_the_details() {
    let server = MockServer::start_async().await;
    let seen = Recorder::default();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/v1/payment-link/{LINK_ID}"))
                .query_param_count(".*", ".*", 0)
                .header("x-api-key", KEY)
                .header("accept", "application/json")
                .header_missing("content-type")
                .is_true(seen.matcher());
            then.status(200)
                .header("content-type", "application/json")
                .body(DETAILS_RESPONSE);
        })
        .await;

    let details = client(&server).get_payment_link(LINK_ID).await.unwrap();
    mock.assert_calls_async(1).await;

    let seen = seen.last();
    assert_eq!(seen.method, "GET");
    assert_eq!(seen.uri, format!("/v1/payment-link/{LINK_ID}"));
    assert_eq!(
        seen.header_names(),
        ["accept", "host", "user-agent", "x-api-key"]
    );
    assert_eq!(seen.body, "");

    assert_eq!(details.payment_link_id.to_string(), LINK_ID);
    assert_eq!(details.status.as_deref(), Some("pending"));
    assert_eq!(details.reference.as_deref(), Some("example_ref_123"));
    insta::assert_debug_snapshot!("get_response", details);
}

#[tokio::test]
async fn get_percent_encodes_the_id_into_one_path_segment() {
    let server = MockServer::start_async().await;
    let seen = Recorder::default();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).is_true(seen.matcher());
            then.status(404);
        })
        .await;
    let err = client(&server)
        .get_payment_link("../a/b?c=d#e f")
        .await
        .unwrap_err();
    mock.assert_calls_async(1).await;
    assert_eq!(
        seen.last().uri,
        "/v1/payment-link/..%2Fa%2Fb%3Fc%3Dd%23e%20f"
    );
    assert_eq!(err.kind(), "not_found");
    assert_eq!(err.provider_error().unwrap().status, 404);
}

#[tokio::test]
async fn invalid_requests_are_refused_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|_, then| {
            then.status(200).body(SEED_RESPONSE);
        })
        .await;
    let client = client(&server);

    for id in ["", ".", ".."] {
        let err = client.get_payment_link(id).await.unwrap_err();
        assert_eq!(err.kind(), "invalid_request", "{id:?}");
        assert_eq!(
            err.to_string(),
            "p100: invalid request: paymentLinkId: must be a non-empty path segment other than . and .."
        );
    }

    for amount in [Decimal::ZERO, Decimal::new(-1, 2)] {
        let mut body = seed_body();
        body.amount = amount;
        let err = client.create_payment_link(&body).await.unwrap_err();
        assert_eq!(
            err.to_string(),
            "p100: invalid request: amount: must be greater than 0"
        );
    }

    // The spec states what the sandbox refused unstated: a blank reference, and an amount
    // written in more than 28 characters.
    let mut body = seed_body();
    body.reference = " \t".to_owned();
    body.amount = "1234567890.123456789012345678".parse().unwrap();
    let err = client.create_payment_link(&body).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "p100: invalid request: amount: must be at most 28 characters long; reference: must not \
         be empty or whitespace only"
    );

    // The second is year 10000 once in UTC: it panicked before the check was overflow-safe.
    for expires_at in [
        datetime!(-0001-01-01 0:00 UTC),
        datetime!(9999-12-31 23:59:59 -23:59),
    ] {
        let mut body = seed_body();
        body.expires_at = expires_at;
        let err = client.create_payment_link(&body).await.unwrap_err();
        assert_eq!(err.kind(), "invalid_request");
        assert_eq!(
            err.to_string(),
            "p100: invalid request: expiresAt: cannot be written: the year must be between 0000 and 9999"
        );
    }

    let err = Client::builder(Credentials::new("bad\nkey"))
        .environment(Environment::custom(&server.base_url()).unwrap())
        .http_config(config(0))
        .build()
        .unwrap()
        .create_payment_link(&seed_body())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "p100: invalid request: x-api-key: must be a valid header value"
    );

    mock.assert_calls_async(0).await;
}

// ---------------------------------------------------------------------------------------------
// Error replies.

struct Case {
    status: u16,
    content_type: &'static str,
    body: &'static str,
    kind: &'static str,
    code: Option<&'static str>,
    message: Option<&'static str>,
    retryable: bool,
}

const fn case(
    status: u16,
    content_type: &'static str,
    body: &'static str,
    kind: &'static str,
    code: Option<&'static str>,
    message: Option<&'static str>,
    retryable: bool,
) -> Case {
    Case {
        status,
        content_type,
        body,
        kind,
        code,
        message,
        retryable,
    }
}

const JSON: &str = "application/json";
const TEXT: &str = "text/plain";
const HTML: &str = "text/html";

#[rustfmt::skip]
const CASES: &[Case] = &[
    // The documented 400 codes, in the assumed {code, message} body.
    case(400, JSON, include_str!("fixtures/reply_error_400.json"),
        "validation", Some("P403"), Some("Validation error"), false),
    case(400, JSON, r#"{"code":"P500","message":"Unknown exception"}"#,
        "rejected", Some("P500"), Some("Unknown exception"), false),
    case(400, JSON, r#"{"code":"P501","message":"Service temporarily unavailable"}"#,
        "unavailable", Some("P501"), Some("Service temporarily unavailable"), true),
    // The same codes in other shapes: the code is found as a word of the body.
    case(400, TEXT, "P501: Service temporarily unavailable",
        "unavailable", Some("P501"), Some("P501: Service temporarily unavailable"), true),
    case(400, JSON, r#"{"error":{"code":"P500","detail":"boom"}}"#,
        "rejected", Some("P500"), None, false),
    case(400, JSON, r#"{"code":"P403","message":"Validation error","extra":{"x":[1,2]}}"#,
        "validation", Some("P403"), Some("Validation error"), false),
    // An unknown code, no code, garbage: by status.
    case(400, JSON, r#"{"code":"P999","message":"Something new"}"#,
        "validation", Some("P999"), Some("Something new"), false),
    case(400, JSON, r#"{"message":"amount is invalid"}"#,
        "validation", None, Some("amount is invalid"), false),
    case(400, JSON, r#"{"code":"P403","mess"#, "validation", Some("P403"), None, false),
    case(400, JSON, "", "validation", None, None, false),
    // 401 Access Denied: the assumed {message} body, plain text, HTML.
    case(401, JSON, include_str!("fixtures/reply_denied_401.json"),
        "auth", Some("xo1"), Some("Access Denied. xo1: API key missing (no x-api-key header)"), false),
    case(401, JSON, r#"{"message":"Access Denied. xo2"}"#,
        "auth", Some("xo2"), Some("Access Denied. xo2: API key wrong"), false),
    case(401, JSON, r#"{"message":"Access Denied. xo3"}"#,
        "auth", Some("xo3"),
        Some("Access Denied. xo3: request from an IP address that is not on the allowlist"), false),
    case(401, TEXT, "Access Denied. xo1",
        "auth", Some("xo1"), Some("Access Denied. xo1: API key missing (no x-api-key header)"), false),
    case(401, TEXT, "Access Denied. xo2\n",
        "auth", Some("xo2"), Some("Access Denied. xo2: API key wrong"), false),
    case(401, TEXT, "Access Denied. xo3",
        "auth", Some("xo3"),
        Some("Access Denied. xo3: request from an IP address that is not on the allowlist"), false),
    case(401, JSON, r#""Access Denied. xo2""#,
        "auth", Some("xo2"), Some("Access Denied. xo2: API key wrong"), false),
    case(401, JSON, r#"{"error":"Unauthorized","detail":"Access Denied. xo3"}"#,
        "auth", Some("xo3"),
        Some("Access Denied. xo3: request from an IP address that is not on the allowlist"), false),
    case(401, HTML, "<html><body><h1>401</h1><p>Access Denied. xo2</p></body></html>",
        "auth", Some("xo2"), Some("Access Denied. xo2: API key wrong"), false),
    case(401, JSON, r#"{"message":"Access Denied."}"#,
        "auth", None, Some("Access Denied."), false),
    case(401, TEXT, "", "auth", None, None, false),
    case(403, TEXT, "Forbidden", "auth", None, Some("Forbidden"), false),
    // Others by status; 5xx always unavailable, whatever the body says.
    case(404, JSON, "", "not_found", None, None, false),
    case(429, JSON, r#"{"message":"Too many requests"}"#,
        "rate_limited", None, Some("Too many requests"), true),
    case(500, JSON, r#"{"code":"P500","message":"Unknown exception"}"#,
        "unavailable", Some("P500"), Some("Unknown exception"), true),
    case(502, HTML,
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center></body>\r\n</html>\r\n",
        "unavailable", None, None, true),
    case(503, TEXT, "", "unavailable", None, None, true),
    case(504, TEXT, "Gateway Timeout", "unavailable", None, Some("Gateway Timeout"), true),
    case(418, JSON, r#"{"code":"P403"}"#, "rejected", Some("P403"), None, false),
];

async fn run_case(case: &Case, create: bool) -> Error {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|_, then| {
            then.status(case.status)
                .header("content-type", case.content_type)
                .header("retry-after", "7")
                .body(case.body);
        })
        .await;
    let client = client(&server);
    let err = if create {
        let err = client.create_payment_link(&seed_body()).await.unwrap_err();
        // A create answered 5xx may have made the link: unconfirmed, the refusal its cause.
        match case.status {
            500.. => {
                paylinks_testkit::unconfirmed(err, Some(("reference", &seed_body().reference)))
            }
            _ => err,
        }
    } else {
        client.get_payment_link(LINK_ID).await.unwrap_err()
    };
    mock.assert_calls_async(1).await;
    err
}

#[tokio::test]
async fn error_replies_map_to_the_documented_errors() {
    let mut table = String::new();
    for case in CASES {
        for create in [true, false] {
            let err = run_case(case, create).await;
            let what = format!(
                "{} {} {:?} ({})",
                if create { "create" } else { "get" },
                case.status,
                case.body,
                err
            );
            assert_eq!(err.kind(), case.kind, "{what}");
            let detail = err.provider_error().expect(&what);
            assert_eq!(detail.provider, "p100", "{what}");
            assert_eq!(detail.status, case.status, "{what}");
            assert_eq!(detail.code.as_deref(), case.code, "{what}");
            assert_eq!(detail.message.as_deref(), case.message, "{what}");
            assert!(detail.fields.is_empty(), "{what}");
            assert_eq!(detail.body, case.body.as_bytes(), "{what}");
            assert_eq!(err.is_retryable(), case.retryable, "{what}");
            if let Error::RateLimited { retry_after, .. } = &err {
                assert_eq!(*retry_after, Some(Duration::from_secs(7)));
            }
            let display = err.to_string();
            assert!(!display.contains(KEY), "{display}");
            assert!(!format!("{err:?}").contains(KEY));
            if create {
                table.push_str(&format!(
                    "{} {:?}\n  => {display}\n",
                    case.status, case.body
                ));
            }
        }
    }
    insta::assert_snapshot!("error_mapping", table);
}

#[tokio::test]
async fn access_denied_names_its_cause() {
    let expected = [
        ("xo1", AccessDenied::KeyMissing),
        ("xo2", AccessDenied::KeyWrong),
        ("xo3", AccessDenied::IpNotAllowlisted),
    ];
    for (code, cause) in expected {
        let body: &'static str = Box::leak(format!("Access Denied. {code}").into_boxed_str());
        let err = run_case(&case(401, TEXT, body, "auth", None, None, false), true).await;
        assert_eq!(AccessDenied::of(&err), Some(cause));
        assert_eq!(cause.code(), code);
    }
    let err = run_case(
        &case(400, JSON, r#"{"code":"P403"}"#, "", None, None, false),
        true,
    )
    .await;
    assert_eq!(AccessDenied::of(&err), None);
}

// ---------------------------------------------------------------------------------------------
// Odd success replies: none panics.

#[tokio::test]
async fn odd_success_replies_are_decode_errors_or_tolerated() {
    let cases: &[(&str, Option<&str>)] = &[
        ("", Some(".")),
        (
            r#"{"paymentLinkId": "663318af-7ea1-4c5a-8545-e43"#,
            Some("paymentLinkId"),
        ),
        ("<html><body>Bad Gateway</body></html>", Some(".")),
        (r#"{"url": "https://p100-payment-link.io/1"}"#, Some(".")),
        (
            r#"{"paymentLinkId": "not-a-uuid", "url": "https://p100-payment-link.io/1"}"#,
            Some("paymentLinkId"),
        ),
        (
            r#"{"paymentLinkId": "663318af-7ea1-4c5a-8545-e433a2d43d5c", "url": "u", "amount": "12x"}"#,
            Some("amount"),
        ),
        (
            r#"{"paymentLinkId": "663318af-7ea1-4c5a-8545-e433a2d43d5c", "url": "u", "expiresAt": "tomorrow"}"#,
            Some("expiresAt"),
        ),
        // Unknown extra fields, a number amount and nulls are tolerated.
        (
            r#"{"paymentLinkId": "663318af-7ea1-4c5a-8545-e433a2d43d5c", "url": "u", "amount": 123.450, "expiresAt": null, "cryptoOptions": ["BTC"], "nested": {"a": 1}}"#,
            None,
        ),
    ];
    for (body, failing_path) in cases {
        let server = MockServer::start_async().await;
        server
            .mock_async(|_, then| {
                then.status(200).body(*body);
            })
            .await;
        let reference = seed_body().reference;
        // An unreadable success may have made the link: unconfirmed, the decode error its cause.
        let result = client(&server)
            .create_payment_link(&seed_body())
            .await
            .map_err(|e| paylinks_testkit::unconfirmed(e, Some(("reference", &reference))));
        match (failing_path, result) {
            (
                Some(path),
                Err(Error::Decode {
                    provider,
                    status,
                    path: got,
                    snippet,
                    ..
                }),
            ) => {
                assert_eq!(provider, "p100");
                assert_eq!(status, 200);
                assert!(got.starts_with(path), "{body}: {got}");
                assert_eq!(snippet, *body);
            }
            (None, Ok(created)) => {
                assert_eq!(created.url, "u");
                assert_eq!(created.amount, Some(Decimal::new(123450, 3)));
                assert_eq!(created.expires_at, None);
            }
            (expected, other) => panic!("{body}: expected {expected:?}, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn unknown_status_values_are_kept_and_never_final() {
    for raw in [
        "pending",
        "confirmed",
        "failed",
        "expired",
        "PAID",
        "SOMETHING_NEW",
        "",
    ] {
        let server = MockServer::start_async().await;
        let body = DETAILS_RESPONSE.replace(r#""pending""#, &format!("{raw:?}"));
        server
            .mock_async(|_, then| {
                then.status(200).body(body.as_str());
            })
            .await;
        let link = client(&server).get_link(LINK_ID).await.unwrap();
        assert_eq!(link.status, LinkStatus::Unknown(raw.to_owned()));
        assert!(!link.status.is_terminal());
    }
}

// ---------------------------------------------------------------------------------------------
// Retries: a create is never repeated once it may have reached P100; a read is.

#[tokio::test]
async fn a_create_is_never_retried_but_a_read_is() {
    let server = MockServer::start_async().await;
    let post = server
        .mock_async(|when, then| {
            when.method(POST);
            then.status(503);
        })
        .await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET);
            then.status(503);
        })
        .await;
    let client = client_with(&server, 2);
    let err = client.create_payment_link(&seed_body()).await.unwrap_err();
    let cause = paylinks_testkit::unconfirmed(err, Some(("reference", &seed_body().reference)));
    assert_eq!(cause.kind(), "unavailable");
    post.assert_calls_async(1).await;
    let err = client.get_payment_link(LINK_ID).await.unwrap_err();
    assert_eq!(err.kind(), "unavailable");
    get.assert_calls_async(3).await;
}

// ---------------------------------------------------------------------------------------------
// Secrets, hosts.

#[tokio::test]
async fn debug_and_errors_never_show_the_key() {
    let builder = Client::builder(Credentials::new(KEY));
    assert!(!format!("{builder:?}").contains(KEY));
    let client = builder.build().unwrap();
    let debug = format!("{client:?}");
    assert!(!debug.contains(KEY), "{debug}");
    assert!(debug.contains("REDACTED"), "{debug}");

    let boxed: Box<dyn PaymentLinkProvider> = Box::new(client);
    assert!(!format!("{boxed:?}").contains(KEY));

    // A transport error (nothing listens on the port) names no secret either.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let err = Client::builder(Credentials::new(KEY))
        .environment(Environment::custom(&closed).unwrap())
        .http_config(config(0))
        .build()
        .unwrap()
        .get_payment_link(LINK_ID)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "transport");
    assert!(!err.to_string().contains(KEY));
    assert!(!format!("{err:?}").contains(KEY));
}

#[test]
fn documented_hosts() {
    let sandbox = Client::builder(Credentials::new(KEY))
        .environment(Environment::Sandbox)
        .build()
        .unwrap();
    assert_eq!(
        sandbox.base_url().as_str(),
        "https://partner-api-stage.p100.io/"
    );
    let default = Client::builder(Credentials::new(KEY)).build().unwrap();
    assert_eq!(default.base_url(), sandbox.base_url());
    let production = Client::builder(Credentials::new(KEY))
        .environment(Environment::Production)
        .build()
        .unwrap();
    assert_eq!(
        production.base_url().as_str(),
        "https://partner-api.p100.io/"
    );
    assert_eq!(p100_client::API_KEY_HEADER, "x-api-key");
}

// ---------------------------------------------------------------------------------------------
// The provider-neutral trait.

#[tokio::test]
async fn provider_trait_creates_and_reads_a_link() {
    let server = MockServer::start_async().await;
    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/payment-link")
                .header("x-api-key", KEY)
                .body(SEED_REQUEST.replace("2025-08-31", "2030-08-31"));
            then.status(200).body(SEED_RESPONSE);
        })
        .await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/v1/payment-link/{LINK_ID}"))
                .header("x-api-key", KEY);
            then.status(200).body(DETAILS_RESPONSE);
        })
        .await;
    let provider: Box<dyn PaymentLinkProvider> = Box::new(client(&server));
    assert_eq!(provider.name(), "p100");

    let created = provider.create_link(&seed_link()).await.unwrap();
    create.assert_calls_async(1).await;
    assert_eq!(created.status, LinkStatus::Created);
    insta::assert_debug_snapshot!("provider_created", created);

    let read = provider.get_link(&created.id).await.unwrap();
    get.assert_calls_async(1).await;
    assert_eq!(read.status, LinkStatus::Unknown("pending".to_owned()));
    insta::assert_debug_snapshot!("provider_read", read);
}

#[tokio::test]
async fn provider_trait_refuses_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|_, then| {
            then.status(200).body(SEED_RESPONSE);
        })
        .await;
    let provider: Box<dyn PaymentLinkProvider> = Box::new(client(&server));

    let caps = provider.capabilities();
    assert_eq!(caps.currencies, Some(&["EUR"][..]));
    assert_eq!(caps.reference, Support::Required);
    assert_eq!(caps.expires_at, Support::Required);
    for unsupported in [
        caps.customer,
        caps.description,
        caps.success_url,
        caps.failure_url,
    ] {
        assert_eq!(unsupported, Support::Unsupported);
    }

    let url = url::Url::parse("https://shop.example.com/done").unwrap();
    let refused = [
        (
            seed_link().customer("c-1"),
            "unsupported",
            "p100: customer is not supported: p100 has no such field on a payment link",
        ),
        (
            seed_link().description("Order 42"),
            "unsupported",
            "p100: description is not supported: p100 has no such field on a payment link",
        ),
        (
            seed_link().success_url(url.clone()),
            "unsupported",
            "p100: success_url is not supported: p100 has no such field on a payment link",
        ),
        (
            seed_link().failure_url(url),
            "unsupported",
            "p100: failure_url is not supported: p100 has no such field on a payment link",
        ),
        (
            NewPaymentLink::new(Decimal::new(12345, 2), "USD")
                .reference("r")
                .expires_at(FUTURE),
            "unsupported",
            "p100: currency is not supported: p100 links are in EUR only, not USD",
        ),
        (
            NewPaymentLink::new(Decimal::new(12345, 2), "EUR"),
            "invalid_request",
            "p100: invalid request: reference: is required; expires_at: is required",
        ),
        // Issue 11: the seed's own expiry is now past, and a blank reference was sent.
        (
            seed_link().expires_at(datetime!(2025-08-31 21:21:35.840 UTC)),
            "invalid_request",
            "p100: invalid request: expires_at: must be in the future",
        ),
        (
            seed_link().reference(" "),
            "invalid_request",
            "p100: invalid request: reference: must not be empty or whitespace only",
        ),
        (
            NewPaymentLink::new(Decimal::ZERO, "EUR")
                .reference("r")
                .expires_at(FUTURE),
            "invalid_request",
            "p100: invalid request: amount: must be greater than 0",
        ),
        (
            NewPaymentLink::new(Decimal::new(-5, 0), "eur")
                .reference("r")
                .expires_at(FUTURE),
            "invalid_request",
            "p100: invalid request: amount: must be greater than 0",
        ),
    ];
    for (link, kind, message) in refused {
        let err = provider.create_link(&link).await.unwrap_err();
        assert_eq!(err.kind(), kind, "{link:?}");
        assert_eq!(err.to_string(), message);
    }
    let err = provider.get_link("").await.unwrap_err();
    assert_eq!(err.kind(), "invalid_request");

    mock.assert_calls_async(0).await;
}

/// Issue 11: a create answered with another amount, and a details reply with a negative one,
/// were taken as good links. The same amount written otherwise still matches.
#[tokio::test]
async fn provider_trait_refuses_a_reply_that_contradicts_the_request() {
    for (amount, expected) in [
        ("123.450", None),
        ("99999.99", Some("99999.99")),
        ("-123.45", Some("-123.45")),
    ] {
        let server = MockServer::start_async().await;
        let reply =
            SEED_RESPONSE.replace(r#""amount": "123.45""#, &format!(r#""amount": "{amount}""#));
        server
            .mock_async(|when, then| {
                when.method(POST).path("/v1/payment-link");
                then.status(200).body(&reply);
            })
            .await;
        let result = client(&server).create_link(&seed_link()).await;
        match (result, expected) {
            (Ok(link), None) => assert_eq!(link.amount, Decimal::new(12345, 2)),
            (Err(err), Some(answered)) => {
                let mismatch = paylinks_testkit::mismatch(&err, "amount", Some("123.45"), answered);
                assert_eq!(mismatch.body, reply.as_bytes());
            }
            (other, _) => panic!("{amount}: {other:?}"),
        }
    }

    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET);
            then.status(200)
                .body(DETAILS_RESPONSE.replace(r#""amount": "123.45""#, r#""amount": "-1""#));
        })
        .await;
    let err = client(&server).get_link(LINK_ID).await.unwrap_err();
    assert_eq!(err.kind(), "mismatch");
    assert!(
        err.to_string().starts_with(
            "p100: reply does not match: HTTP 200 says amount -1, which no link can have"
        ),
        "{err}"
    );
}

#[tokio::test]
async fn provider_trait_needs_an_amount_in_the_details() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|_, then| {
            then.status(200).body(
                r#"{"paymentLinkId":"663318af-7ea1-4c5a-8545-e433a2d43d5c","status":"pending"}"#,
            );
        })
        .await;
    let provider: Box<dyn PaymentLinkProvider> = Box::new(client(&server));
    let err = provider.get_link(LINK_ID).await.unwrap_err();
    assert_eq!(err.kind(), "decode");
    assert_eq!(
        err.to_string(),
        "p100: cannot decode HTTP 200 response at `amount`: the payment link details carry no amount; body: "
    );
}

#[tokio::test]
async fn provider_trait_lists_nothing_and_sends_nothing() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200);
        })
        .await;
    let provider: Box<dyn PaymentLinkProvider> = Box::new(client(&server));
    assert_eq!(
        provider.capabilities().listing,
        paylinks_core::Listing::Unsupported
    );
    let results: Vec<_> = provider
        .list_links(&paylinks_core::LinkFilter::new())
        .collect()
        .await;
    let [
        Err(Error::Unsupported {
            provider, field, ..
        }),
    ] = results.as_slice()
    else {
        panic!("{results:?}");
    };
    assert_eq!((*provider, *field), ("p100", "list_links"));
    any.assert_calls_async(0).await;
}
