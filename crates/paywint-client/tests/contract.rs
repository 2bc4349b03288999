//! Contract tests: the exact requests paywint-client sends and what it makes of Paywint's
//! documented replies, against httpmock on 127.0.0.1.
//!
//! Fixtures are the examples of Paywint's create-payment-link page (seed 002 among the Paywint
//! sources in `openapi/README.md`: amount 150.75, "Payment for June invoice", "INV-2025-0012")
//! and of `openapi/paywint.yaml` (the payment object of the get-payment page). Paywint documents
//! no example `payment_link` URL, so the one used here is made up and marked as such.

use std::str::FromStr;
use std::time::Duration;

use futures_util::StreamExt;
use httpmock::prelude::*;
use httpmock::{Mock, When};
use paylinks_core::{
    Environment, Error, FieldError, HttpConfig, LinkFilter, LinkStatus, Listing, NewPaymentLink,
    PaymentLink, PaymentLinkProvider, PaymentOutcome,
};
use paylinks_testkit::{Recorder, link_summary};
use paywint_client::generated::{ExternalApiPaymentLinkCreateRequest, ExternalPaginationRequest};
use paywint_client::{Client, Credentials};
use rust_decimal::Decimal;

const API_KEY: &str = "5b0c9a8e-2f41-4c7d-9e36-1a2b3c4d5e6f";
const API_SECRET: &str = "pw_test_secret_do_not_print_9F3k";

const CREATE_PATH: &str = "/api/user-api/payment/create-payment-link";
const LIST_PATH: &str = "/api/user-api/payment/list/payment-received";
const PAYMENT_ID: &str = "d4211545-cfc9-4aa0-8fcc-e4c2639e8052";
const GET_PATH: &str = "/api/user-api/payment/get/d4211545-cfc9-4aa0-8fcc-e4c2639e8052";

/// The seed's example request, as the exact wire text.
const SEED_BODY: &str = r#"{"amount":150.75,"description":"Payment for June invoice","invoice_number":"INV-2025-0012"}"#;

/// A create reply shaped as the seed documents it (`success`, `message` and
/// `queryGeneratedTime` are the seed's examples). The URL is made up: Paywint shows none.
const CREATED: &str = include_str!("fixtures/reply_create_200.json");

/// The payment object of the get-payment page, with the spec's example values.
const PAYMENT: &str = include_str!("fixtures/payment.json");

fn payment_reply(payment: &str) -> String {
    format!(
        r#"{{"success":true,"message":"Operation completed.","data":{payment},"queryGeneratedTime":1718006400}}"#
    )
}

fn no_retries() -> HttpConfig {
    let mut config = HttpConfig::default();
    config.retries = 0;
    config
}

fn client_with(server: &MockServer, config: HttpConfig) -> Client {
    Client::builder(Credentials::new(API_KEY, API_SECRET))
        .environment(Environment::custom(&server.base_url()).unwrap())
        .http_config(config)
        .build()
        .unwrap()
}

fn client(server: &MockServer) -> Client {
    client_with(server, no_retries())
}

fn provider(server: &MockServer) -> Box<dyn PaymentLinkProvider> {
    Box::new(client(server))
}

fn seed_request() -> ExternalApiPaymentLinkCreateRequest {
    ExternalApiPaymentLinkCreateRequest::new(Decimal::from_str("150.75").unwrap())
        .description("Payment for June invoice".into())
        .invoice_number("INV-2025-0012".into())
}

fn seed_link() -> NewPaymentLink {
    NewPaymentLink::new(Decimal::from_str("150.75").unwrap(), "USD")
        .description("Payment for June invoice")
        .reference("INV-2025-0012")
}

/// The exact create request for `body`.
fn expect_create(when: When, body: &str) -> When {
    when.method(POST)
        .path(CREATE_PATH)
        .query_param_count(".*", ".*", 0)
        .header("x-api-key", API_KEY)
        .header("x-api-secret", API_SECRET)
        .header("content-type", "application/json")
        .header("accept", "application/json")
        .body(body)
}

fn expect_get(when: When) -> When {
    when.method(GET)
        .path(GET_PATH)
        .query_param_count(".*", ".*", 0)
        .header("x-api-key", API_KEY)
        .header("x-api-secret", API_SECRET)
        .header("accept", "application/json")
        .header_missing("content-type")
        .is_true(|req: &HttpMockRequest| req.body_ref().is_empty())
}

async fn reply_to_create<'a>(server: &'a MockServer, status: u16, body: &str) -> Mock<'a> {
    let body = body.to_owned();
    server
        .mock_async(|when, then| {
            expect_create(when, SEED_BODY);
            then.status(status)
                .header("content-type", "application/json")
                .body(body);
        })
        .await
}

async fn reply_to_get<'a>(server: &'a MockServer, status: u16, body: &str) -> Mock<'a> {
    let body = body.to_owned();
    server
        .mock_async(|when, then| {
            expect_get(when);
            then.status(status)
                .header("content-type", "application/json")
                .body(body);
        })
        .await
}

/// Neither the Display nor the Debug of an error may carry a credential.
fn assert_no_secret(err: &Error) {
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains(API_SECRET), "{text}");
        assert!(!text.contains(API_KEY), "{text}");
    }
}

fn field(field: &str, message: &str) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

// ---------------------------------------------------------------------------------------------
// The three operations: exact requests, decoded replies.

#[tokio::test]
async fn create_payment_link_sends_the_seed_example_exactly() {
    let server = MockServer::start_async().await;
    let recorder = Recorder::default();
    let mock = server
        .mock_async(|when, then| {
            expect_create(when, SEED_BODY).is_true(recorder.matcher());
            then.status(200)
                .header("content-type", "application/json")
                .body(CREATED);
        })
        .await;

    let created = client(&server)
        .create_payment_link(&seed_request())
        .await
        .unwrap();

    mock.assert_calls_async(1).await;
    insta::assert_snapshot!(
        "create_payment_link_wire_body",
        serde_json::to_string(&seed_request()).unwrap()
    );
    insta::assert_snapshot!("create_payment_link_request", recorder.last());
    insta::assert_debug_snapshot!("create_payment_link_response", created);
}

#[tokio::test]
async fn amounts_go_on_the_wire_digit_for_digit() {
    let server = MockServer::start_async().await;
    let mut mocks = Vec::new();
    for digits in ["100.50", "12345678901234567.89", "0.01", "150"] {
        let body = format!(r#"{{"amount":{digits}}}"#);
        mocks.push(
            server
                .mock_async(|when, then| {
                    expect_create(when, &body);
                    then.status(200).body(CREATED);
                })
                .await,
        );
        let request = ExternalApiPaymentLinkCreateRequest::new(Decimal::from_str(digits).unwrap());
        assert_eq!(serde_json::to_string(&request).unwrap(), body);
        client(&server).create_payment_link(&request).await.unwrap();
    }
    for mock in mocks {
        mock.assert_calls_async(1).await;
    }
}

#[tokio::test]
async fn get_payment_sends_the_exact_request_and_decodes_the_documented_payment() {
    let server = MockServer::start_async().await;
    let recorder = Recorder::default();
    let mock = server
        .mock_async(|when, then| {
            expect_get(when).is_true(recorder.matcher());
            then.status(200)
                .header("content-type", "application/json")
                .body(payment_reply(PAYMENT));
        })
        .await;

    let read = client(&server)
        .get_payment(&uuid::Uuid::parse_str(PAYMENT_ID).unwrap())
        .await
        .unwrap();

    mock.assert_calls_async(1).await;
    insta::assert_snapshot!("get_payment_request", recorder.last());
    let payment = read.data.as_ref().unwrap();
    assert_eq!(payment.amount.to_string(), "100");
    assert_eq!(payment.status, "success");
    insta::assert_debug_snapshot!("get_payment_response", read);
}

#[tokio::test]
async fn list_payments_received_sends_the_paging_body_and_decodes_the_page() {
    let server = MockServer::start_async().await;
    let recorder = Recorder::default();
    let reply = format!(
        r#"{{"success":true,"status_code":200,"message":"Success","records":[{PAYMENT}],"totalRecords":123,"queryGeneratedTime":1718006400}}"#
    );
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(LIST_PATH)
                .query_param_count(".*", ".*", 0)
                .header("x-api-key", API_KEY)
                .header("x-api-secret", API_SECRET)
                .header("content-type", "application/json")
                .header("accept", "application/json")
                .body(r#"{"rows_per_page":50,"page_no":1}"#)
                .is_true(recorder.matcher());
            then.status(200).body(reply);
        })
        .await;

    let body = ExternalPaginationRequest::new(50, 1);
    let page = client(&server).list_payments_received(&body).await.unwrap();

    mock.assert_calls_async(1).await;
    insta::assert_snapshot!(
        "list_payments_received_wire_body",
        serde_json::to_string(&body).unwrap()
    );
    insta::assert_snapshot!("list_payments_received_request", recorder.last());
    assert_eq!(page.total_records, Some(123));
    assert_eq!(page.records.as_ref().map(Vec::len), Some(1));
    insta::assert_debug_snapshot!("list_payments_received_response", page);
}

// ---------------------------------------------------------------------------------------------
// Refused before sending.

#[tokio::test]
async fn create_payment_link_refuses_what_the_spec_forbids_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body(CREATED);
        })
        .await;
    let client = client(&server);

    let cases = [
        (
            "0",
            None,
            None,
            "paywint: invalid request: amount: must be greater than 0",
        ),
        (
            "-150.75",
            None,
            None,
            "paywint: invalid request: amount: must be greater than 0",
        ),
        (
            "150.75",
            Some("x".repeat(256)),
            Some("INV-2025-0012-EXTRA-1".to_owned()),
            "paywint: invalid request: description: must be at most 255 characters long; \
             invoice_number: must be at most 20 characters long",
        ),
    ];
    for (amount, description, invoice_number, expected) in cases {
        let mut request =
            ExternalApiPaymentLinkCreateRequest::new(Decimal::from_str(amount).unwrap());
        request.description = description;
        request.invoice_number = invoice_number;
        let err = client.create_payment_link(&request).await.unwrap_err();
        assert_eq!(err.kind(), "invalid_request");
        assert_eq!(err.to_string(), expected);
    }
    // The limits themselves are allowed.
    let at_limits = ExternalApiPaymentLinkCreateRequest::new(Decimal::from_str("0.01").unwrap())
        .description("é".repeat(255))
        .invoice_number("INV-2025-0012-ABCDEF".to_owned());
    client.create_payment_link(&at_limits).await.unwrap();
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn list_payments_received_refuses_bad_paging_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body("{}");
        })
        .await;
    let err = client(&server)
        .list_payments_received(&ExternalPaginationRequest::new(15, 0))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "invalid_request");
    assert_eq!(
        err.to_string(),
        "paywint: invalid request: rows_per_page: must be one of 10, 20, 50, 100; \
         page_no: must be at least 1"
    );
    mock.assert_calls_async(0).await;
}

// ---------------------------------------------------------------------------------------------
// Documented error bodies.

#[tokio::test]
async fn fastapi_422_becomes_validation_with_field_errors_keyed_by_loc() {
    let server = MockServer::start_async().await;
    let body = include_str!("fixtures/reply_validation_422.json");
    let mock = reply_to_create(&server, 422, body).await;

    let err = client(&server)
        .create_payment_link(&seed_request())
        .await
        .unwrap_err();

    mock.assert_calls_async(1).await;
    assert_eq!(err.kind(), "validation");
    let detail = err.provider_error().unwrap();
    assert_eq!(detail.provider, "paywint");
    assert_eq!(detail.status, 422);
    assert_eq!(detail.code, None);
    assert_eq!(detail.message, None);
    assert_eq!(
        detail.fields,
        [
            field("body.amount", "Input should be greater than 0"),
            field("body.items.0.name", "Field required"),
        ]
    );
    assert_eq!(detail.body, body.as_bytes());
    assert_eq!(
        err.to_string(),
        "validation failed: paywint: HTTP 422 (body.amount: Input should be greater than 0; \
         body.items.0.name: Field required)"
    );
    assert!(!err.is_retryable());
    assert_no_secret(&err);
}

#[tokio::test]
async fn a_422_on_get_payment_names_the_path_parameter() {
    let server = MockServer::start_async().await;
    let body = r#"{"detail":[{"loc":["path","payment_id"],"msg":"Input should be a valid UUID","type":"uuid_parsing"}]}"#;
    reply_to_get(&server, 422, body).await;
    let err = client(&server)
        .get_payment(&uuid::Uuid::parse_str(PAYMENT_ID).unwrap())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "validation");
    assert_eq!(
        err.provider_error().unwrap().fields,
        [field("path.payment_id", "Input should be a valid UUID")]
    );
    assert_no_secret(&err);
}

#[tokio::test]
async fn success_false_with_http_200_is_rejected_not_a_link() {
    let server = MockServer::start_async().await;
    let body = r#"{"success":false,"message":"Unable to create payment link","data":null,"queryGeneratedTime":1718006400}"#;
    let mock = reply_to_create(&server, 200, body).await;

    for err in [
        client(&server)
            .create_payment_link(&seed_request())
            .await
            .unwrap_err(),
        provider(&server)
            .create_link(&seed_link())
            .await
            .unwrap_err(),
    ] {
        assert_eq!(err.kind(), "rejected");
        let detail = err.provider_error().unwrap();
        assert_eq!(detail.status, 200);
        assert_eq!(detail.code, None);
        assert_eq!(
            detail.message.as_deref(),
            Some("Unable to create payment link")
        );
        assert!(detail.fields.is_empty());
        assert_eq!(
            err.to_string(),
            "rejected: paywint: HTTP 200: Unable to create payment link"
        );
        assert_no_secret(&err);
    }
    mock.assert_calls_async(2).await;
}

#[tokio::test]
async fn success_false_is_rejected_on_get_and_list_too_even_with_odd_data() {
    let server = MockServer::start_async().await;
    reply_to_get(
        &server,
        200,
        r#"{"success":false,"message":"Payment not found","data":"nothing"}"#,
    )
    .await;
    server
        .mock_async(|when, then| {
            when.method(POST).path(LIST_PATH);
            then.status(200).body(
                r#"{"success":false,"status_code":400,"message":"Invalid page","records":null}"#,
            );
        })
        .await;
    let client = client(&server);
    let err = client
        .get_payment(&uuid::Uuid::parse_str(PAYMENT_ID).unwrap())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "rejected");
    assert_eq!(
        err.provider_error().unwrap().message.as_deref(),
        Some("Payment not found")
    );
    let err = client
        .list_payments_received(&ExternalPaginationRequest::new(10, 99))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "rejected");
    assert_eq!(
        err.provider_error().unwrap().message.as_deref(),
        Some("Invalid page")
    );
}

#[tokio::test]
async fn fastapi_detail_strings_and_statuses_map_by_status() {
    let server = MockServer::start_async().await;
    let cases: [(u16, &str, &str, Option<&str>); 6] = [
        (
            401,
            r#"{"detail":"Invalid API key"}"#,
            "auth",
            Some("Invalid API key"),
        ),
        (
            403,
            r#"{"detail":"Not authenticated"}"#,
            "auth",
            Some("Not authenticated"),
        ),
        (
            404,
            r#"{"detail":"Not Found"}"#,
            "not_found",
            Some("Not Found"),
        ),
        (
            400,
            r#"{"success":false,"message":"Bad request"}"#,
            "validation",
            Some("Bad request"),
        ),
        (
            429,
            r#"{"detail":"Too many requests"}"#,
            "rate_limited",
            Some("Too many requests"),
        ),
        (
            500,
            r#"{"detail":[{"loc":["body","amount"],"msg":"x","type":"y"}]}"#,
            "unavailable",
            None,
        ),
    ];
    for (status, body, kind, message) in cases {
        let mock = reply_to_create(&server, status, body).await;
        let err = client(&server)
            .create_payment_link(&seed_request())
            .await
            .unwrap_err();
        let err = match status {
            500.. => paylinks_testkit::unconfirmed(err, Some(("invoice_number", "INV-2025-0012"))),
            _ => err,
        };
        assert_eq!(err.kind(), kind, "{status}");
        let detail = err.provider_error().unwrap();
        assert_eq!(detail.status, status);
        assert_eq!(detail.message.as_deref(), message, "{status}");
        assert_eq!(detail.body, body.as_bytes());
        assert_no_secret(&err);
        mock.delete_async().await;
    }
}

#[tokio::test]
async fn rate_limit_keeps_retry_after() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            expect_get(when);
            then.status(429).header("retry-after", "7").body("");
        })
        .await;
    let err = client(&server)
        .get_payment(&uuid::Uuid::parse_str(PAYMENT_ID).unwrap())
        .await
        .unwrap_err();
    match &err {
        Error::RateLimited { retry_after, .. } => {
            assert_eq!(*retry_after, Some(Duration::from_secs(7)))
        }
        other => panic!("{other:?}"),
    }
    assert!(err.is_retryable());
}

// ---------------------------------------------------------------------------------------------
// Bodies that are not what Paywint documents: never a panic.

#[tokio::test]
async fn html_502_is_unavailable() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            expect_create(when, SEED_BODY);
            then.status(502)
                .header("content-type", "text/html")
                .body("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>");
        })
        .await;
    let err = client(&server)
        .create_payment_link(&seed_request())
        .await
        .unwrap_err();
    // It may have made the link: unconfirmed, with the refusal as its cause.
    let err = paylinks_testkit::unconfirmed(err, Some(("invoice_number", "INV-2025-0012")));
    assert_eq!(err.kind(), "unavailable");
    let detail = err.provider_error().unwrap();
    assert_eq!((detail.status, detail.message.as_deref()), (502, None));
    assert!(detail.fields.is_empty());
    assert!(err.is_retryable());
    assert_no_secret(&err);
}

#[tokio::test]
async fn a_create_is_never_repeated_after_a_5xx() {
    let server = MockServer::start_async().await;
    let mock = reply_to_create(&server, 503, "").await;
    let mut config = HttpConfig::default();
    config.retries = 3;
    config.backoff = Duration::from_millis(1);
    let err = client_with(&server, config)
        .create_payment_link(&seed_request())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "unconfirmed");
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn empty_bodies_map_by_status_or_fail_to_decode() {
    let server = MockServer::start_async().await;
    // An unreadable success may have made the link: unconfirmed.
    for (status, kind) in [(401, "auth"), (422, "validation"), (200, "unconfirmed")] {
        let mock = reply_to_create(&server, status, "").await;
        let err = client(&server)
            .create_payment_link(&seed_request())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), kind, "{status}");
        assert_no_secret(&err);
        mock.delete_async().await;
    }
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_with_a_path() {
    let server = MockServer::start_async().await;
    reply_to_get(&server, 200, &payment_reply(PAYMENT)[..120]).await;
    let err = client(&server)
        .get_payment(&uuid::Uuid::parse_str(PAYMENT_ID).unwrap())
        .await
        .unwrap_err();
    match &err {
        Error::Decode {
            provider,
            status,
            path,
            snippet,
            ..
        } => {
            assert_eq!((*provider, *status), ("paywint", 200));
            assert!(path.starts_with("data"), "{path}");
            assert!(snippet.starts_with(r#"{"success":true"#), "{snippet}");
        }
        other => panic!("{other:?}"),
    }
    assert_no_secret(&err);

    // A truncated error body still maps by its status.
    let server = MockServer::start_async().await;
    reply_to_create(&server, 422, r#"{"detail":[{"loc":["body","amo"#).await;
    let err = client(&server)
        .create_payment_link(&seed_request())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "validation");
    assert!(err.provider_error().unwrap().fields.is_empty());
}

#[tokio::test]
async fn unknown_statuses_and_extra_fields_are_tolerated() {
    let server = MockServer::start_async().await;
    let payment = PAYMENT
        .replace(r#""status":"success""#, r#""status":"refunded""#)
        .replace(
            r#""failure_reason""#,
            r#""new_field":{"nested":[1,2]},"failure_reason""#,
        );
    let reply = payment_reply(&payment).replace(
        r#""queryGeneratedTime""#,
        r#""trace_id":"abc","queryGeneratedTime""#,
    );
    reply_to_get(&server, 200, &reply).await;
    let link = provider(&server).get_link(PAYMENT_ID).await.unwrap();
    assert_eq!(link.status, LinkStatus::Unknown("refunded".into()));
    assert!(!link.status.is_terminal());

    // Unknown fields in a 422 item do not lose the field error.
    let server = MockServer::start_async().await;
    reply_to_create(
        &server,
        422,
        r#"{"detail":[{"loc":["body","amount"],"msg":"bad","type":"t","input":-1,"ctx":{"gt":0}},{"unexpected":true}]}"#,
    )
    .await;
    let err = client(&server)
        .create_payment_link(&seed_request())
        .await
        .unwrap_err();
    assert_eq!(
        err.provider_error().unwrap().fields,
        [field("body.amount", "bad")]
    );
}

// ---------------------------------------------------------------------------------------------
// Secrets.

#[tokio::test]
async fn debug_never_shows_a_credential() {
    let server = MockServer::start_async().await;
    let builder = Client::builder(Credentials::new(API_KEY, API_SECRET))
        .environment(Environment::custom(&server.base_url()).unwrap());
    let client = builder.clone().build().unwrap();
    for text in [
        format!("{client:?}"),
        format!("{builder:?}"),
        format!("{:?}", Credentials::new(API_KEY, API_SECRET)),
        format!("{:?}", provider(&server)),
    ] {
        assert!(!text.contains(API_SECRET), "{text}");
        assert!(!text.contains(API_KEY), "{text}");
        assert!(text.contains("REDACTED"), "{text}");
    }
}

#[tokio::test]
async fn transport_errors_carry_no_credential() {
    // Nothing listens on this port once the listener is dropped.
    let base = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let client = Client::builder(Credentials::new(API_KEY, API_SECRET))
        .environment(Environment::custom(&base).unwrap())
        .http_config(no_retries())
        .build()
        .unwrap();
    let err = client
        .create_payment_link(&seed_request())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "transport");
    assert_no_secret(&err);
}

// ---------------------------------------------------------------------------------------------
// Hosts.

#[test]
fn documented_hosts() {
    assert_eq!(
        paywint_client::HOSTS.sandbox,
        Some("https://api.sandbox.paywint.com")
    );
    assert_eq!(
        paywint_client::HOSTS.production,
        Some("https://api.paywint.com")
    );
    for env in [Environment::Sandbox, Environment::Production] {
        Client::builder(Credentials::new(API_KEY, API_SECRET))
            .environment(env)
            .build()
            .unwrap();
    }
}

// ---------------------------------------------------------------------------------------------
// PaymentLinkProvider, through a trait object.

#[tokio::test]
async fn provider_creates_and_reads_a_link() {
    let server = MockServer::start_async().await;
    let create = reply_to_create(&server, 200, CREATED).await;
    let get = reply_to_get(&server, 200, &payment_reply(PAYMENT)).await;
    let provider = provider(&server);

    assert_eq!(provider.name(), "paywint");
    insta::assert_debug_snapshot!("provider_capabilities", provider.capabilities());

    let link = provider.create_link(&seed_link()).await.unwrap();
    create.assert_calls_async(1).await;
    insta::assert_debug_snapshot!("provider_created_link", link);

    let read = provider.get_link(&link.id).await.unwrap();
    get.assert_calls_async(1).await;
    insta::assert_debug_snapshot!("provider_read_link", read);
    assert_eq!(read.status, LinkStatus::Completed);
}

#[tokio::test]
async fn provider_sends_only_what_was_set() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            expect_create(when, r#"{"amount":100.50}"#);
            then.status(200).body(CREATED);
        })
        .await;
    let link = NewPaymentLink::new(Decimal::from_str("100.50").unwrap(), "usd");
    let created = provider(&server).create_link(&link).await.unwrap();
    mock.assert_calls_async(1).await;
    assert_eq!(created.amount.to_string(), "100.50");
    assert_eq!(created.currency.as_deref(), Some("USD"));
}

#[tokio::test]
async fn provider_refuses_unsupported_fields_and_bad_input_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body(CREATED);
        })
        .await;
    let provider = provider(&server);
    let url = url_of("https://shop.example.com/done");
    let cases = [
        (seed_link().customer("cus_1"), "unsupported", "customer"),
        (
            seed_link().expires_at(time::OffsetDateTime::UNIX_EPOCH),
            "unsupported",
            "expires_at",
        ),
        (
            seed_link().success_url(url.clone()),
            "unsupported",
            "success_url",
        ),
        (seed_link().failure_url(url), "unsupported", "failure_url"),
        (
            NewPaymentLink::new(Decimal::from_str("150.75").unwrap(), "EUR"),
            "unsupported",
            "currency",
        ),
        (
            NewPaymentLink::new(Decimal::ZERO, "USD"),
            "invalid_request",
            "amount",
        ),
        (
            NewPaymentLink::new(Decimal::from_str("-1").unwrap(), "USD"),
            "invalid_request",
            "amount",
        ),
        (
            seed_link().reference("INV-2025-0012-TOO-LONG"),
            "invalid_request",
            "invoice_number",
        ),
        // Issue 11: an all-space reference was sent as the invoice number.
        (seed_link().reference("   "), "invalid_request", "reference"),
        (
            seed_link().description(""),
            "invalid_request",
            "description",
        ),
    ];
    for (link, kind, field) in cases {
        let err = provider.create_link(&link).await.unwrap_err();
        assert_eq!(err.kind(), kind, "{field}");
        match &err {
            Error::Unsupported { field: f, .. } => assert_eq!(*f, field),
            Error::InvalidRequest { violations, .. } => assert_eq!(violations[0].field, field),
            other => panic!("{other:?}"),
        }
    }
    let err = provider.get_link("not-a-uuid").await.unwrap_err();
    assert_eq!(err.kind(), "invalid_request");
    mock.assert_calls_async(0).await;
}

fn url_of(text: &str) -> url::Url {
    url::Url::parse(text).unwrap()
}

/// Issue 11: a payment read with a negative amount was taken as a good link.
#[tokio::test]
async fn provider_refuses_a_payment_read_with_a_negative_amount() {
    let server = MockServer::start_async().await;
    let reply = payment_reply(&PAYMENT.replace(r#""amount":100"#, r#""amount":-100"#));
    reply_to_get(&server, 200, &reply).await;
    let err = provider(&server).get_link(PAYMENT_ID).await.unwrap_err();
    let mismatch = paylinks_testkit::mismatch(&err, "amount", None, "-100");
    assert_eq!(mismatch.body, reply.as_bytes());
}

#[tokio::test]
async fn provider_maps_a_success_without_data() {
    let server = MockServer::start_async().await;
    reply_to_create(
        &server,
        200,
        r#"{"success":true,"message":"Operation completed.","data":null}"#,
    )
    .await;
    reply_to_get(
        &server,
        200,
        r#"{"success":true,"message":"No payment","data":null}"#,
    )
    .await;
    let provider = provider(&server);

    let err = provider.create_link(&seed_link()).await.unwrap_err();
    match &err {
        Error::Decode { path, status, .. } => assert_eq!((path.as_str(), *status), ("data", 200)),
        other => panic!("{other:?}"),
    }
    let err = provider.get_link(PAYMENT_ID).await.unwrap_err();
    assert_eq!(err.kind(), "not_found");
    assert_eq!(
        err.provider_error().unwrap().message.as_deref(),
        Some("No payment")
    );
}

#[test]
fn status_mapping() {
    use paywint_client::link_status;
    let cases = [
        ("success", LinkStatus::Completed),
        ("SUCCESS", LinkStatus::Completed),
        ("failed", LinkStatus::Failed),
        ("rejected", LinkStatus::Failed),
        ("expired", LinkStatus::Expired),
        ("initiated", LinkStatus::Pending),
        ("processing", LinkStatus::Pending),
        ("opened", LinkStatus::Pending),
        ("pending", LinkStatus::Pending),
        ("retried", LinkStatus::Unknown("retried".into())),
        ("created", LinkStatus::Unknown("created".into())),
        ("", LinkStatus::Unknown(String::new())),
    ];
    for (raw, status) in cases {
        assert_eq!(link_status(raw), status, "{raw}");
    }
}

// ---------------------------------------------------------------------------------------------
// Listing links.

/// The documented payment with another id, amount, status and creation time.
fn received(n: u32, amount: &str, status: &str, created_at: &str) -> String {
    PAYMENT
        .replace(PAYMENT_ID, &format!("00000000-0000-4000-8000-{n:012}"))
        .replace(r#""amount":100"#, &format!(r#""amount":{amount}"#))
        .replace(r#""status":"success""#, &format!(r#""status":"{status}""#))
        .replace("2025-06-16T10:04:51.739761Z", created_at)
}

/// Serves three pages of ten at most (the last one empty), 25 payments said in all: payment 3
/// comes back at the top of page 2, as a list newest first shifts when one is received.
async fn serve_received(server: &MockServer) -> Vec<Mock<'_>> {
    let pages = [
        (
            1,
            vec![
                received(1, "10.50", "success", "2026-05-02T00:00:00Z"),
                received(2, "20", "initiated", "2026-04-30T00:00:00Z"),
                received(3, "30.00", "failed", "2026-05-03T00:00:00Z"),
            ],
        ),
        (
            2,
            vec![
                received(3, "30.00", "failed", "2026-05-03T00:00:00Z"),
                received(4, "40", "processing", "2026-05-04T00:00:00Z"),
            ],
        ),
        (3, vec![]),
    ];
    let mut mocks = Vec::new();
    for (page_no, records) in pages {
        let reply = format!(
            r#"{{"success":true,"status_code":200,"message":"Success","records":[{}],"totalRecords":25}}"#,
            records.join(",")
        );
        mocks.push(
            server
                .mock_async(|when, then| {
                    when.method(POST)
                        .path(LIST_PATH)
                        .query_param_count(".*", ".*", 0)
                        .header("x-api-key", API_KEY)
                        .header("x-api-secret", API_SECRET)
                        .body(format!(r#"{{"rows_per_page":10,"page_no":{page_no}}}"#));
                    then.status(200).body(reply);
                })
                .await,
        );
    }
    mocks
}

fn payment_id(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

#[tokio::test]
async fn list_links_walks_the_pages_and_skips_a_payment_the_previous_page_held() {
    let server = MockServer::start_async().await;
    let mocks = serve_received(&server).await;
    let provider = provider(&server);
    assert_eq!(provider.capabilities().listing, Listing::All);
    // 7 per page is asked as 10, the next size Paywint takes.
    let links: Vec<PaymentLink> = provider
        .list_links(&LinkFilter::new().page_size(7))
        .map(Result::unwrap)
        .collect()
        .await;
    for mock in &mocks {
        mock.assert_calls_async(1).await;
    }
    assert_eq!(
        link_summary(&links),
        [
            (
                payment_id(1),
                "10.50".into(),
                LinkStatus::Completed,
                Some(PaymentOutcome::Paid)
            ),
            (payment_id(2), "20".into(), LinkStatus::Pending, None),
            (payment_id(3), "30.00".into(), LinkStatus::Failed, None),
            (payment_id(4), "40".into(), LinkStatus::Pending, None),
        ]
    );
    assert_eq!(links[0].currency.as_deref(), Some("USD"));
}

/// Without a page size, a walk asks for Paywint's largest page, 100 rows.
#[tokio::test]
async fn list_links_asks_for_100_rows_unless_told() {
    let server = MockServer::start_async().await;
    let largest = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(LIST_PATH)
                .body(r#"{"rows_per_page":100,"page_no":1}"#);
            then.status(200)
                .body(r#"{"success":true,"records":[],"totalRecords":0}"#);
        })
        .await;
    let links: Vec<_> = provider(&server)
        .list_links(&LinkFilter::new())
        .collect()
        .await;
    assert!(links.is_empty(), "{links:?}");
    largest.assert_calls_async(1).await;
}

#[tokio::test]
async fn list_links_applies_created_since_and_the_status_to_what_is_listed() {
    let server = MockServer::start_async().await;
    let mocks = serve_received(&server).await;
    let filter = LinkFilter::new()
        .created_since(time::macros::datetime!(2026-05-01 00:00 UTC))
        .status(LinkStatus::Pending)
        .page_size(10);
    let links: Vec<PaymentLink> = client(&server)
        .list_links(&filter)
        .map(Result::unwrap)
        .collect()
        .await;
    for mock in &mocks {
        mock.assert_calls_async(1).await;
    }
    assert_eq!(
        link_summary(&links),
        [(payment_id(4), "40".into(), LinkStatus::Pending, None)]
    );
}
