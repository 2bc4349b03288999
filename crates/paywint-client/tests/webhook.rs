//! Paywint webhooks: parsed as untrusted, confirmed by reading the payment back (httpmock on
//! 127.0.0.1 plays Paywint's API).
//!
//! The bodies are Paywint's documented examples (https://docs.paywint.com/webhook-response,
//! https://docs.paywint.com/webhook), byte for byte as the page shows them, and the
//! string-amount form of developer.paywint.com.

use httpmock::prelude::*;
use paylinks_core::webhook::HeaderMap;
use paylinks_core::{
    Environment, ErrorKind, HttpConfig, LinkStatus, PaymentEvent, PaymentOutcome, WebhookError,
    WebhookReceiver,
};
use paywint_client::webhook::{self, Confirmer, EventKind};
use paywint_client::{Client, Credentials};

const API_KEY: &str = "5b0c9a8e-2f41-4c7d-9e36-1a2b3c4d5e6f";
const API_SECRET: &str = "pw_test_secret_do_not_print_9F3k";

const SUCCESS: &str = include_str!("fixtures/webhook_success.json");

const FAILED: &str = r#"{
  "event": "payment.failed",
  "id": "77b568f8-cc38-4b5c-91aa-ac3c77020963",
  "data": {
    "payment_id": "ac4bedda-f370-4ac4-a61e-e1761a5a51b9",
    "status": "failed",
    "amount": 599,
    "failed_reason": "Transaction could not be processed. Try again later."
  },
  "eventGeneratedTime": 1756452659.868249
}"#;

const OPENED: &str = r#"{
  "event": "payment.opened",
  "id": "60a71435-d079-4126-81a2-1977bb70a306",
  "data": {
    "payment_id": "a5299046-1f62-4f78-8239-6e724d99c38b",
    "status": "opened",
    "amount": 599
  },
  "eventGeneratedTime": 1756717250.451172
}"#;

/// developer.paywint.com's form: a decimal string and a currency. The ids are made up.
const STRING_AMOUNT: &str = r#"{"event":"payment.success","id":"0d5e7a43-8f2b-4c1e-9a6d-3b7c5e1f2a90","data":{"payment_id":"b91a0f36-b10b-4a31-ae12-e8b4c5ee71f4","status":"success","amount":"100.00","currency":"USD"},"eventGeneratedTime":1718006400.0}"#;

const GET_SUCCESS_PATH: &str = "/api/user-api/payment/get/b91a0f36-b10b-4a31-ae12-e8b4c5ee71f4";

/// The get-payment reply for the success example's payment, shaped as the documented payment
/// object (the values other than the id, 5.99 and the status are the spec's examples).
fn payment_reply(status: &str, amount: &str) -> String {
    format!(
        r#"{{"success":true,"message":"Operation completed.","data":{{"payment_id":"b91a0f36-b10b-4a31-ae12-e8b4c5ee71f4","payer_id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","payer_name":"<string>","payee_id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","payee_name":"<string>","amount":{amount},"currency":"USD","description":"June invoice for services","payment_method":"WALLET","receiving_method":"WALLET","created_at":"2025-06-16T10:04:51.739761Z","payment_date":"2025-06-16T10:13:16.749655Z","status":"{status}"}},"queryGeneratedTime":1718006400}}"#
    )
}

fn client(server: &MockServer) -> Client {
    let mut config = HttpConfig::default();
    config.retries = 0;
    Client::builder(Credentials::new(API_KEY, API_SECRET))
        .environment(Environment::custom(&server.base_url()).unwrap())
        .http_config(config)
        .build()
        .unwrap()
}

#[test]
fn the_documented_examples_parse_with_exact_amounts() {
    let success = webhook::parse_unverified(SUCCESS.as_bytes()).unwrap();
    assert_eq!(success.event, EventKind::Success);
    assert_eq!(success.id, "99036bd3-a8b2-403c-867c-3d03dafbe4b7");
    assert_eq!(
        success.data.payment_id.to_string(),
        "b91a0f36-b10b-4a31-ae12-e8b4c5ee71f4"
    );
    assert_eq!(success.data.status.as_deref(), Some("success"));
    // 599 in the smallest unit is 5.99.
    assert_eq!(success.data.amount.unwrap().to_string(), "5.99");
    assert_eq!(success.event_generated_time, Some(1_756_451_608.069_325));
    assert_eq!(success.raw.get(), SUCCESS);

    let failed = webhook::parse_unverified(FAILED.as_bytes()).unwrap();
    assert_eq!(failed.event, EventKind::Failed);
    assert_eq!(
        failed.data.failed_reason.as_deref(),
        Some("Transaction could not be processed. Try again later.")
    );
    let opened = webhook::parse_unverified(OPENED.as_bytes()).unwrap();
    assert_eq!(opened.event, EventKind::Opened);

    let string = webhook::parse_unverified(STRING_AMOUNT.as_bytes()).unwrap();
    assert_eq!(string.data.amount.unwrap().to_string(), "100.00");
    assert_eq!(string.data.currency.as_deref(), Some("USD"));
}

#[test]
fn amounts_in_both_documented_forms_and_nothing_else() {
    let body = |amount: &str| {
        format!(
            r#"{{"event":"payment.success","id":"i","data":{{"payment_id":"b91a0f36-b10b-4a31-ae12-e8b4c5ee71f4","amount":{amount}}}}}"#
        )
    };
    for (wire, want) in [
        ("599", Some("5.99")),
        ("0", Some("0.00")),
        ("100000", Some("1000.00")),
        (
            "7922816251426433759354395033",
            Some("79228162514264337593543950.33"),
        ),
        ("\"100.00\"", Some("100.00")),
        ("\"0.000000000000000001\"", Some("0.000000000000000001")),
        ("null", None),
    ] {
        let event = webhook::parse_unverified(body(wire).as_bytes()).unwrap();
        assert_eq!(
            event.data.amount.map(|a| a.to_string()).as_deref(),
            want,
            "{wire}"
        );
    }
    for wire in [
        "5.99",
        "1e3",
        "\"1,000\"",
        "true",
        "[599]",
        "79228162514264337593543950336",
        "\"\"",
    ] {
        let err = webhook::parse_unverified(body(wire).as_bytes()).unwrap_err();
        let WebhookError::Undecodable { path, .. } = &err else {
            panic!("{wire}: {err:?}");
        };
        assert_eq!(path, "data.amount", "{wire}");
    }
}

#[test]
fn event_names_are_an_open_enum() {
    for (wire, want) in [
        ("payment.initiated", EventKind::Initiated),
        ("payment.processing", EventKind::Processing),
        ("payment.rejected", EventKind::Rejected),
        ("payment.retried", EventKind::Retried),
        ("payment.expired", EventKind::Expired),
        ("payment.settling", EventKind::Settling),
        ("payment.refunded", EventKind::Refunded),
        ("payment.fee_refunded", EventKind::FeeRefunded),
        (
            "payment.disputed",
            EventKind::Unknown("payment.disputed".into()),
        ),
    ] {
        let body = format!(
            r#"{{"event":"{wire}","id":"i","data":{{"payment_id":"b91a0f36-b10b-4a31-ae12-e8b4c5ee71f4","retry_payment_id":"r"}}}}"#
        );
        let event = webhook::parse_unverified(body.as_bytes()).unwrap();
        assert_eq!(event.event, want);
        assert_eq!(event.data.retry_payment_id.as_deref(), Some("r"));
    }
}

#[test]
fn garbage_is_refused_without_panicking() {
    let huge = "a".repeat(1 << 20);
    let bodies = [
        String::new(),
        "not json".to_owned(),
        "[]".to_owned(),
        "{}".to_owned(),
        r#"{"event":"payment.success","id":"i"}"#.to_owned(),
        r#"{"event":"payment.success","id":"i","data":{}}"#.to_owned(),
        r#"{"event":"payment.success","id":"i","data":{"payment_id":"not-a-uuid"}}"#.to_owned(),
        format!(r#"{{"event":"payment.success","id":"i","data":{{"payment_id":"{huge}"}}}}"#),
        r#"{"event":"payment.success","id":"i","data":{"payment_id":"b91a0f36-b10b-4a31-ae12-e8b4c5ee71f4"},"eventGeneratedTime":"soon"}"#.to_owned(),
        "{\"event\":".repeat(30_000),
    ];
    for body in &bodies {
        let err = webhook::parse_unverified(body.as_bytes()).unwrap_err();
        let WebhookError::Undecodable { path, message } = &err else {
            panic!("{body:.60}: {err:?}");
        };
        assert!(path.len() <= 210 && message.chars().count() <= 201, "{err}");
    }
}

#[tokio::test]
async fn confirm_trusts_only_the_api() {
    let server = MockServer::start_async().await;
    // The webhook claims success; the API says the payment is still processing.
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(GET_SUCCESS_PATH)
                .header("x-api-key", API_KEY)
                .header("x-api-secret", API_SECRET);
            then.status(200)
                .header("content-type", "application/json")
                .body(payment_reply("processing", "5.99"));
        })
        .await;
    let claimed = webhook::parse_unverified(SUCCESS.as_bytes()).unwrap();
    let event = webhook::confirm(&client(&server), &claimed).await.unwrap();
    mock.assert_async().await;
    assert_eq!(event.status, LinkStatus::Pending);
    assert_eq!(event.provider_status, "processing");
    assert_eq!(event.outcome, None);
    assert_eq!(event.event_id, "99036bd3-a8b2-403c-867c-3d03dafbe4b7");
    assert!(event.raw.get().contains(r#""status":"processing""#));
}

#[tokio::test]
async fn the_documented_success_example_confirmed_by_the_api() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path(GET_SUCCESS_PATH);
            then.status(200)
                .header("content-type", "application/json")
                .body(payment_reply("success", "5.99"));
        })
        .await;
    let claimed = webhook::parse_unverified(SUCCESS.as_bytes()).unwrap();
    let confirmed = webhook::confirm_payment(&client(&server), &claimed)
        .await
        .unwrap();
    assert_eq!(confirmed.claimed, EventKind::Success);
    assert_eq!(confirmed.payment.amount.to_string(), "5.99");
    let event = PaymentEvent::from(confirmed);
    assert_eq!(event.status, LinkStatus::Completed);
    assert_eq!(event.outcome, Some(PaymentOutcome::Paid));
    assert_eq!(event.amount.unwrap().to_string(), "5.99");
    insta::assert_debug_snapshot!("success_confirmed_payment_event", event);
}

#[tokio::test]
async fn a_payment_the_api_does_not_confirm_is_refused() {
    let server = MockServer::start_async().await;
    let claimed = webhook::parse_unverified(SUCCESS.as_bytes()).unwrap();

    // 404: Paywint does not know the payment (a forged webhook).
    let missing = server
        .mock_async(|when, then| {
            when.method(GET).path(GET_SUCCESS_PATH);
            then.status(404)
                .header("content-type", "application/json")
                .body(r#"{"detail":"Payment not found"}"#);
        })
        .await;
    let err = webhook::confirm(&client(&server), &claimed)
        .await
        .unwrap_err();
    let WebhookError::Unconfirmed(inner) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(inner.kind(), ErrorKind::NotFound);
    assert!(!err.is_authentication());
    missing.delete_async().await;

    // A success without a payment.
    let empty = server
        .mock_async(|when, then| {
            when.method(GET).path(GET_SUCCESS_PATH);
            then.status(200)
                .header("content-type", "application/json")
                .body(r#"{"success":true,"message":"ok","data":null}"#);
        })
        .await;
    let err = webhook::confirm(&client(&server), &claimed)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, WebhookError::Unconfirmed(inner) if inner.kind() == ErrorKind::NotFound),
        "{err:?}"
    );
    empty.delete_async().await;

    // Another payment than the one asked about.
    server
        .mock_async(|when, then| {
            when.method(GET).path(GET_SUCCESS_PATH);
            then.status(200)
                .header("content-type", "application/json")
                .body(payment_reply("success", "5.99").replace(
                    "b91a0f36-b10b-4a31-ae12-e8b4c5ee71f4",
                    "ac4bedda-f370-4ac4-a61e-e1761a5a51b9",
                ));
        })
        .await;
    let err = webhook::confirm(&client(&server), &claimed)
        .await
        .unwrap_err();
    assert!(matches!(err, WebhookError::Unconfirmed(_)), "{err:?}");
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains(API_SECRET), "{text}");
    }
}

#[tokio::test]
async fn the_confirmer_routes_beside_the_verifiers() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path(GET_SUCCESS_PATH);
            then.status(200)
                .header("content-type", "application/json")
                .body(payment_reply("success", "100.00"));
        })
        .await;
    let receiver: Box<dyn WebhookReceiver> = Box::new(Confirmer::new(client(&server)));
    assert_eq!(receiver.provider(), "paywint");
    // Headers are not read: Paywint signs nothing.
    let event = receiver
        .receive(&HeaderMap::new(), STRING_AMOUNT.as_bytes())
        .await
        .unwrap();
    assert_eq!(event.event_id, "0d5e7a43-8f2b-4c1e-9a6d-3b7c5e1f2a90");
    assert_eq!(event.amount.unwrap().to_string(), "100.00");
    assert_eq!(event.currency.as_deref(), Some("USD"));
    // A body that does not parse never reaches the API.
    let err = receiver
        .receive(&HeaderMap::new(), b"{\"event\":1}")
        .await
        .unwrap_err();
    assert!(matches!(err, WebhookError::Undecodable { .. }));
    let debug = format!("{receiver:?}");
    assert!(!debug.contains(API_SECRET), "{debug}");
}
