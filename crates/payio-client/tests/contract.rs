//! Contract tests against an httpmock server on 127.0.0.1: the exact requests (method, path,
//! headers, body bytes, a signature that verifies with the merchant's public key), the decoded
//! responses, and every documented error.
//!
//! Fixtures: request and response bodies use the example values of Pay.io's docs as collected in
//! `openapi/payio.json` (from the doc pages `openapi/README.md` lists for Pay.io). The
//! deposit-link URL and the error messages are ours: Pay.io documents the shapes but shows no
//! values.

mod common;

use std::time::Duration;

use common::{API_KEY, PKCS8_PEM, key_fragments, verify_signed};
use futures_util::StreamExt;
use httpmock::prelude::*;
use payio_client::generated::{DepositRequest, LinkExternalWallet, ListTransactionsRequest};
use payio_client::{Client, Credentials};
use paylinks_core::{
    Environment, Error, HttpConfig, LinkFilter, LinkStatus, Listing, NewPaymentLink, PaymentLink,
    PaymentLinkProvider, PaymentOutcome,
};
use paylinks_testkit::{Recorded, Recorder};
use rust_decimal::Decimal;

const USDC_ID: &str = "c872e749-fd56-533e-b01f-de87ae38e7f1";
const SOL_ID: &str = "1270e0a2-593b-5272-8c0e-90ba5552d921";
const LINK_URL: &str = "https://pay.example/deposit/7f3c2a10-5d44-4b1e-9a6f-0e2b8c9d1a77";
/// A deposit-link reply: Pay.io answers with `{"link": …}` only (the URL is made up).
const DEPOSIT_LINK: &str = include_str!("fixtures/reply_deposit_link_200.json");

/// The currencies example from docs.pay.io/api-reference/core-concepts (SOL, cut off after
/// `network` there), plus USDC with the values of the deposit-address page.
const CURRENCIES: &str = include_str!("fixtures/reply_currencies_200.json");

/// The deposit-address example (docs.pay.io create-a-deposit-address / deposits-api).
const DEPOSIT_ADDRESS: &str = include_str!("fixtures/reply_deposit_address_200.json");

/// The transactions example (docs.pay.io get-a-list-of-user-transactions and pagination),
/// cut off after `merchant_status` as the docs are.
const TRANSACTIONS: &str = include_str!("fixtures/reply_transactions_200.json");

/// The 422 body: `Validation_Error_Response` {error, errors: {field: [msg]}} (seed 000).
const VALIDATION_422: &str = include_str!("fixtures/reply_validation_422.json");

fn config(retries: u32) -> HttpConfig {
    let mut config = HttpConfig::default();
    config.retries = retries;
    config.backoff = Duration::from_millis(1);
    config
}

fn client_with(server: &MockServer, retries: u32) -> Client {
    Client::builder(Credentials::new(API_KEY, PKCS8_PEM))
        .environment(Environment::custom(&server.base_url()).unwrap())
        .http_config(config(retries))
        .build()
        .unwrap()
}

fn client(server: &MockServer) -> Client {
    client_with(server, 0)
}

fn json_ok(then: httpmock::Then, body: &str) {
    then.status(200)
        .header("content-type", "application/json; charset=utf-8")
        .body(body);
}

/// Header names every signed request carries (host, user-agent and content-length come from
/// the HTTP stack).
fn expect_headers(req: &Recorded, with_body: bool) {
    let mut want = vec![
        "accept",
        "host",
        "user-agent",
        "x-api-key",
        "x-api-nonce",
        "x-api-signature",
    ];
    if with_body {
        want.extend(["content-length", "content-type"]);
    }
    want.sort_unstable();
    assert_eq!(req.header_names(), want);
}

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn currencies_sends_a_signed_get_without_body() {
    let server = MockServer::start_async().await;
    let seen = Recorder::default();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/merchant/currencies")
                .query_param_count(".*", ".*", 0)
                .header("x-api-key", API_KEY)
                .header("accept", "application/json")
                .header_exists("x-api-nonce")
                .header_exists("x-api-signature")
                .header_missing("content-type")
                .is_true(seen.matcher());
            json_ok(then, CURRENCIES);
        })
        .await;

    let currencies = client(&server).currencies().await.unwrap();
    mock.assert_async().await;
    let req = &seen.all()[0];
    verify_signed(req);
    expect_headers(req, false);
    assert!(req.body.is_empty());
    assert_eq!(req.query(), None);
    insta::assert_debug_snapshot!("currencies_response", currencies);
}

#[tokio::test]
async fn deposit_address_sends_the_documented_body() {
    let server = MockServer::start_async().await;
    let seen = Recorder::default();
    let body = r#"{"currency_id":"c872e749-fd56-533e-b01f-de87ae38e7f1","user_reference_id":"hub_player_2"}"#;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/user/deposit/address")
                .header("x-api-key", API_KEY)
                .header("content-type", "application/json")
                .header("accept", "application/json")
                .header_exists("x-api-nonce")
                .header_exists("x-api-signature")
                .body(body)
                .is_true(seen.matcher());
            json_ok(then, DEPOSIT_ADDRESS);
        })
        .await;

    let address = client(&server)
        .deposit_address(&DepositRequest::new(USDC_ID.into(), "hub_player_2".into()))
        .await
        .unwrap();
    mock.assert_async().await;
    let req = &seen.all()[0];
    verify_signed(req);
    expect_headers(req, true);
    insta::assert_snapshot!("deposit_address_request", req.body);
    insta::assert_debug_snapshot!("deposit_address_response", address);
}

#[tokio::test]
async fn deposit_link_sends_the_amount_as_an_exact_string() {
    let server = MockServer::start_async().await;
    let seen = Recorder::default();
    let body = r#"{"amount":"100.50","currency_id":"c872e749-fd56-533e-b01f-de87ae38e7f1","user_reference_id":"hub_player_2"}"#;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/user/deposit/link_external_wallet")
                .header("x-api-key", API_KEY)
                .header("content-type", "application/json")
                .header("accept", "application/json")
                .header_exists("x-api-nonce")
                .header_exists("x-api-signature")
                .body(body)
                .is_true(seen.matcher());
            json_ok(then, DEPOSIT_LINK);
        })
        .await;

    let link = client(&server)
        .deposit_link(&LinkExternalWallet::new(
            Decimal::new(10050, 2),
            USDC_ID.into(),
            "hub_player_2".into(),
        ))
        .await
        .unwrap();
    mock.assert_async().await;
    let req = &seen.all()[0];
    verify_signed(req);
    expect_headers(req, true);
    insta::assert_snapshot!("deposit_link_request", req.body);
    insta::assert_debug_snapshot!("deposit_link_response", link);
}

#[tokio::test]
async fn user_transactions_sends_the_documented_filters_and_decodes_the_page() {
    let server = MockServer::start_async().await;
    let seen = Recorder::default();
    let body = r#"{"first":5,"time_range":"today","transaction_types":["Deposit","Payout"],"user_reference_id":"hub_player_2"}"#;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/user/transactions")
                .header("x-api-key", API_KEY)
                .header("content-type", "application/json")
                .header("accept", "application/json")
                .body(body)
                .is_true(seen.matcher());
            json_ok(then, TRANSACTIONS);
        })
        .await;

    let page = client(&server)
        .user_transactions(
            &ListTransactionsRequest::new("hub_player_2".into())
                .first(5)
                .time_range("today".into())
                .transaction_types(vec!["Deposit".into(), "Payout".into()]),
        )
        .await
        .unwrap();
    mock.assert_async().await;
    let req = &seen.all()[0];
    verify_signed(req);
    expect_headers(req, true);
    insta::assert_snapshot!("user_transactions_request", req.body);
    insta::assert_debug_snapshot!("user_transactions_response", page);
    let node = page.edges.unwrap()[0].node.clone().unwrap();
    assert_eq!(node.amount, Some(Decimal::ONE));
    assert_eq!(node.amount_usd.unwrap().to_string(), "0.989822010805417845");
}

#[tokio::test]
async fn every_request_and_every_retry_gets_a_fresh_nonce_and_signature() {
    let server = MockServer::start_async().await;
    let seen = Recorder::default();
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/merchant/currencies")
                .is_true(seen.matcher());
            then.status(503).body("upstream down");
        })
        .await;

    // A GET is retried after a 503: three attempts, each signed anew.
    let client = client_with(&server, 2);
    let err = client.currencies().await.unwrap_err();
    assert_eq!(err.kind(), "unavailable");
    // And a second call.
    client.currencies().await.unwrap_err();

    let requests = seen.all();
    assert_eq!(requests.len(), 6);
    let mut nonces: Vec<String> = requests.iter().map(verify_signed).collect();
    let signatures: std::collections::HashSet<String> = requests
        .iter()
        .map(|r| r.header("x-api-signature")[0].to_owned())
        .collect();
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), 6, "every attempt has its own nonce");
    assert_eq!(signatures.len(), 6, "and so its own signature");
}

#[tokio::test]
async fn a_post_is_not_retried_after_a_5xx() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/user/deposit/link_external_wallet");
            then.status(503);
        })
        .await;
    let err = client_with(&server, 2)
        .deposit_link(&LinkExternalWallet::new(
            Decimal::ONE,
            USDC_ID.into(),
            "u1".into(),
        ))
        .await
        .unwrap_err();
    let cause = paylinks_testkit::unconfirmed(err, Some(("user_reference_id", "u1")));
    assert_eq!(cause.kind(), "unavailable");
    mock.assert_calls_async(1).await;
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// Sends a deposit link request to a server answering `status` with `body`.
async fn deposit_link_error(status: u16, content_type: &str, body: &str) -> Error {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/user/deposit/link_external_wallet");
            then.status(status)
                .header("content-type", content_type)
                .body(body);
        })
        .await;
    let err = client(&server)
        .deposit_link(&LinkExternalWallet::new(
            Decimal::new(10050, 2),
            USDC_ID.into(),
            "hub_player_2".into(),
        ))
        .await
        .unwrap_err();
    // A 5xx may have made the link: unconfirmed, with the refusal as its cause.
    match status {
        500.. => paylinks_testkit::unconfirmed(err, Some(("user_reference_id", "hub_player_2"))),
        _ => err,
    }
}

fn fields(err: &Error) -> Vec<(String, String)> {
    err.provider_error()
        .unwrap()
        .fields
        .iter()
        .map(|f| (f.field.clone(), f.message.clone()))
        .collect()
}

#[tokio::test]
async fn a_422_is_a_validation_error_with_its_field_errors() {
    let err = deposit_link_error(422, "application/json", VALIDATION_422).await;
    assert_eq!(err.kind(), "validation");
    let detail = err.provider_error().unwrap();
    assert_eq!(detail.provider, "payio");
    assert_eq!(detail.status, 422);
    assert_eq!(detail.code, None);
    assert_eq!(detail.message.as_deref(), Some("Validation failed"));
    assert_eq!(detail.body, VALIDATION_422.as_bytes());
    assert_eq!(
        fields(&err),
        [
            ("amount".into(), "must be greater than 0".into()),
            ("currency_id".into(), "is invalid".into()),
            ("currency_id".into(), "is not enabled".into()),
        ]
    );
    assert_eq!(
        err.to_string(),
        "validation failed: payio: HTTP 422: Validation failed (amount: must be greater than 0; \
         currency_id: is invalid; currency_id: is not enabled)"
    );
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn the_documented_auth_errors_map_by_status() {
    // Pay.io's 401/400 bodies were not captured; `{"error": "<type>"}` is assumed.
    for (status, message, kind) in [
        (401, "missing signature", "auth"),
        (401, "missing api key", "auth"),
        (401, "invalid api key", "auth"),
        (401, "nonce already used", "auth"),
        (400, "nonce too short", "validation"),
        (403, "forbidden", "auth"),
    ] {
        let body = format!(r#"{{"error":"{message}"}}"#);
        let err = deposit_link_error(status, "application/json", &body).await;
        assert_eq!(err.kind(), kind, "{status} {message}");
        let detail = err.provider_error().unwrap();
        assert_eq!(detail.status, status);
        assert_eq!(detail.message.as_deref(), Some(message));
        assert_eq!(detail.code, None);
        assert!(detail.fields.is_empty());
        assert!(!err.is_retryable());
    }
}

#[tokio::test]
async fn other_statuses_map_by_status_and_5xx_is_always_unavailable() {
    let err = deposit_link_error(404, "application/json", r#"{"error":"not found"}"#).await;
    assert_eq!(err.kind(), "not_found");
    let err = deposit_link_error(409, "application/json", r#"{"error":"conflict"}"#).await;
    assert_eq!(err.kind(), "duplicate");
    let err = deposit_link_error(418, "text/plain", "teapot").await;
    assert_eq!(err.kind(), "rejected");
    // A 500 whose body looks like a validation error is still unavailable.
    let err = deposit_link_error(500, "application/json", VALIDATION_422).await;
    assert_eq!(err.kind(), "unavailable");
    assert_eq!(fields(&err).len(), 3);
    assert!(err.is_retryable());
}

#[tokio::test]
async fn a_429_keeps_retry_after() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/user/deposit/address");
            then.status(429)
                .header("retry-after", "7")
                .body(r#"{"error":"slow down"}"#);
        })
        .await;
    let err = client(&server)
        .deposit_address(&DepositRequest::new(USDC_ID.into(), "u".into()))
        .await
        .unwrap_err();
    let Error::RateLimited {
        retry_after,
        detail,
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!(*retry_after, Some(Duration::from_secs(7)));
    assert_eq!(detail.message.as_deref(), Some("slow down"));
}

#[tokio::test]
async fn bodies_that_are_not_the_documented_json_never_panic() {
    let html = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";
    let err = deposit_link_error(502, "text/html", html).await;
    assert_eq!(err.kind(), "unavailable");
    let detail = err.provider_error().unwrap();
    assert_eq!((detail.status, detail.message.as_deref()), (502, None));
    assert_eq!(detail.body, html.as_bytes());

    let err = deposit_link_error(401, "application/json", "").await;
    assert_eq!(err.kind(), "auth");
    assert_eq!(err.provider_error().unwrap().message, None);

    let err = deposit_link_error(
        422,
        "application/json",
        r#"{"error":"Validation failed","errors":{"amo"#,
    )
    .await;
    assert_eq!(err.kind(), "validation");
    assert!(fields(&err).is_empty());

    // Unexpected shapes in an error body are tolerated.
    let err = deposit_link_error(
        422,
        "application/json",
        r#"{"error":{"detail":"odd"},"message":"Unprocessable","errors":{"amount":"is invalid","user":{"reference":["too long"]},"n":[1]}}"#,
    )
    .await;
    assert_eq!(
        err.provider_error().unwrap().message.as_deref(),
        Some("Unprocessable")
    );
    assert_eq!(
        fields(&err),
        [
            ("amount".into(), "is invalid".into()),
            ("n".into(), "1".into()),
            ("user.reference".into(), "too long".into()),
        ]
    );
}

#[tokio::test]
async fn a_2xx_body_that_does_not_decode_is_a_decode_error() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/user/deposit/link_external_wallet");
            then.status(200).body(r#"{"link":"https://pay.exa"#);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/user/transactions");
            then.status(200).body(
                r#"{"edges":[{"node":{"amount":"1.5x"}}],"page_info":{"has_next_page":false,"has_previous_page":false}}"#,
            );
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/merchant/currencies");
            then.status(200).body("");
        })
        .await;
    let client = client(&server);

    let err = client
        .deposit_link(&LinkExternalWallet::new(
            Decimal::ONE,
            USDC_ID.into(),
            "u".into(),
        ))
        .await
        .unwrap_err();
    // The link may exist although its URL is lost: unconfirmed, the decode error its cause.
    let err = paylinks_testkit::unconfirmed(err, Some(("user_reference_id", "u")));
    assert_eq!(err.kind(), "decode");

    let err = client
        .user_transactions(&ListTransactionsRequest::new("u".into()))
        .await
        .unwrap_err();
    let Error::Decode { status, path, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!((*status, path.as_str()), (200, "edges[0].node.amount"));

    let err = client.currencies().await.unwrap_err();
    assert_eq!(err.kind(), "decode");
}

#[tokio::test]
async fn unknown_fields_and_unknown_status_values_are_tolerated() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/user/transactions");
            json_ok(
                then,
                r#"{"edges":[{"cursor":"c1","node":{"merchant_status":"SomethingNew","status":"Weird","type":"Deposit","tx_hash":"0xabc","currency":{"code":"USDC","decimals":6}}}],"page_info":{"has_next_page":true,"has_previous_page":false,"end_cursor":null,"extra":1},"total_count":1,"next":"x"}"#,
            );
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/user/deposit/link_external_wallet");
            json_ok(
                then,
                &format!(r#"{{"link":"{LINK_URL}","expires_at":"later","id":7}}"#),
            );
        })
        .await;
    let client = client(&server);
    let page = client
        .user_transactions(
            &ListTransactionsRequest::new("u".into())
                .after("c0".into())
                .first(1),
        )
        .await
        .unwrap();
    let edge = &page.edges.unwrap()[0];
    assert_eq!(
        edge.node.as_ref().unwrap().merchant_status.as_deref(),
        Some("SomethingNew")
    );
    assert!(page.page_info.unwrap().has_next_page);
    let link = client
        .deposit_link(&LinkExternalWallet::new(
            Decimal::ONE,
            USDC_ID.into(),
            "u".into(),
        ))
        .await
        .unwrap();
    assert_eq!(link.link, LINK_URL);
}

#[tokio::test]
async fn a_non_positive_amount_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200);
        })
        .await;
    let client = client(&server);
    for amount in [Decimal::ZERO, Decimal::new(-1, 2)] {
        let err = client
            .deposit_link(&LinkExternalWallet::new(amount, USDC_ID.into(), "u".into()))
            .await
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "payio: invalid request: amount: must be greater than 0"
        );
    }
    mock.assert_calls_async(0).await;
}

/// What the sandbox refused unstated, the spec now states, so it is refused before anything is
/// sent: a blank user reference, an amount written in more than 28 characters, a negative
/// `first` or `last`, and a `time_range` Pay.io does not list.
#[tokio::test]
async fn rules_the_spec_states_for_the_sandbox_are_refused_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200);
        })
        .await;
    let client = client(&server);
    let long = "0.000000000000000000000000001".parse().unwrap();
    let err = client
        .deposit_link(&LinkExternalWallet::new(long, USDC_ID.into(), " ".into()))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "payio: invalid request: amount: must be at most 28 characters long; user_reference_id: \
         must not be empty or whitespace only"
    );
    let err = client
        .deposit_address(&DepositRequest::new(USDC_ID.into(), String::new()))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "payio: invalid request: user_reference_id: must not be empty or whitespace only"
    );
    let listing = ListTransactionsRequest::new("u".into())
        .first(-1)
        .last(-1)
        .time_range("someday".into());
    let err = client.user_transactions(&listing).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "payio: invalid request: first: must be at least 0; last: must be at least 0; \
         time_range: must be one of today, yesterday, this_week, this_month, last_month, \
         last_24hrs"
    );
    mock.assert_calls_async(0).await;
}

#[tokio::test]
async fn no_secret_in_client_debug_or_any_error() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.any_request();
            then.status(401).body(r#"{"error":"invalid api key"}"#);
        })
        .await;
    let client = client(&server);
    let mut texts = vec![format!("{client:?}")];
    let err = client.currencies().await.unwrap_err();
    texts.push(err.to_string());
    texts.push(format!("{err:?}"));
    // A transport error, from a port nothing listens on.
    let dead = Client::builder(Credentials::new(API_KEY, PKCS8_PEM))
        .environment(Environment::custom("http://127.0.0.1:9").unwrap())
        .http_config(config(0))
        .build()
        .unwrap();
    let err = dead.currencies().await.unwrap_err();
    assert_eq!(err.kind(), "transport");
    texts.push(err.to_string());
    texts.push(format!("{err:?}"));
    for text in &texts {
        assert!(!text.contains(API_KEY), "{text}");
        for fragment in key_fragments() {
            assert!(!text.contains(&fragment), "{text}");
        }
    }
    assert!(texts[0].contains("REDACTED"), "{}", texts[0]);
}

// ---------------------------------------------------------------------------------------------
// The provider trait
// ---------------------------------------------------------------------------------------------

fn provider(server: &MockServer) -> Box<dyn PaymentLinkProvider> {
    Box::new(client(server))
}

#[tokio::test]
async fn create_link_resolves_the_currency_code_once_and_returns_the_link_url() {
    let server = MockServer::start_async().await;
    let currencies = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/merchant/currencies");
            json_ok(then, CURRENCIES);
        })
        .await;
    let seen = Recorder::default();
    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/user/deposit/link_external_wallet")
                .header("x-api-key", API_KEY)
                .header("content-type", "application/json")
                .body(r#"{"amount":"100.50","currency_id":"c872e749-fd56-533e-b01f-de87ae38e7f1","user_reference_id":"hub_player_2"}"#)
                .is_true(seen.matcher());
            json_ok(then, DEPOSIT_LINK);
        })
        .await;

    let provider = provider(&server);
    assert_eq!(provider.name(), "payio");
    let new = NewPaymentLink::new(Decimal::new(10050, 2), "usdc").customer("hub_player_2");
    let first = provider.create_link(&new).await.unwrap();
    let second = provider.create_link(&new).await.unwrap();
    currencies.assert_calls_async(1).await;
    create.assert_calls_async(2).await;
    let nonces: Vec<String> = seen.all().iter().map(verify_signed).collect();
    assert_ne!(nonces[0], nonces[1]);

    assert_eq!(first, second);
    assert_eq!(first.provider, "payio");
    assert_eq!(first.id, LINK_URL);
    assert_eq!(first.url.as_deref(), Some(LINK_URL));
    assert_eq!(first.status, LinkStatus::Created);
    assert_eq!(first.amount.to_string(), "100.50");
    insta::assert_debug_snapshot!("create_link_payment_link", first);
}

#[tokio::test]
async fn create_link_sends_a_uuid_currency_as_given_without_the_lookup() {
    let server = MockServer::start_async().await;
    let currencies = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/merchant/currencies");
            json_ok(then, CURRENCIES);
        })
        .await;
    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/user/deposit/link_external_wallet")
                .body(r#"{"amount":"0.000000000000000001","currency_id":"1270e0a2-593b-5272-8c0e-90ba5552d921","user_reference_id":"c-9"}"#);
            json_ok(then, DEPOSIT_LINK);
        })
        .await;
    let link = provider(&server)
        .create_link(&NewPaymentLink::new(Decimal::new(1, 18), SOL_ID).customer("c-9"))
        .await
        .unwrap();
    assert_eq!(link.currency.as_deref(), Some(SOL_ID));
    currencies.assert_calls_async(0).await;
    create.assert_calls_async(1).await;
}

#[tokio::test]
async fn create_link_refuses_unknown_and_ambiguous_codes_before_creating() {
    let server = MockServer::start_async().await;
    let currencies = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/merchant/currencies");
            json_ok(
                then,
                r#"{"currencies":[{"id":"a1","currency_code":"USDC","network":"Base Chain"},{"id":"b2","currency_code":"USDC","network":"Solana"},{"id":"c3","currency_code":"SOL","network":"Solana"}]}"#,
            );
        })
        .await;
    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/user/deposit/link_external_wallet");
            then.status(200);
        })
        .await;
    let provider = provider(&server);

    let err = provider
        .create_link(&NewPaymentLink::new(Decimal::ONE, "EUR").customer("u"))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "payio: currency is not supported: currency EUR is not enabled for this merchant (enabled: SOL, USDC)"
    );
    let err = provider
        .create_link(&NewPaymentLink::new(Decimal::ONE, "USDC").customer("u"))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "payio: currency is not supported: currency USDC is enabled on several networks \
         (Base Chain: a1, Solana: b2); pass the currency_id of the one you mean"
    );
    currencies.assert_calls_async(1).await;
    create.assert_calls_async(0).await;
}

#[tokio::test]
async fn a_failed_currency_lookup_is_not_cached() {
    let server = MockServer::start_async().await;
    let failing = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/merchant/currencies");
            then.status(401).body(r#"{"error":"invalid api key"}"#);
        })
        .await;
    let provider = provider(&server);
    let new = NewPaymentLink::new(Decimal::ONE, "SOL").customer("u");
    let err = provider.create_link(&new).await.unwrap_err();
    assert_eq!(err.kind(), "auth");
    failing.delete_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/merchant/currencies");
            json_ok(then, CURRENCIES);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/user/deposit/link_external_wallet")
                .body(r#"{"amount":"1","currency_id":"1270e0a2-593b-5272-8c0e-90ba5552d921","user_reference_id":"u"}"#);
            json_ok(then, DEPOSIT_LINK);
        })
        .await;
    assert_eq!(provider.create_link(&new).await.unwrap().id, LINK_URL);
}

#[tokio::test]
async fn create_link_refuses_unsupported_missing_and_invalid_fields_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200);
        })
        .await;
    let provider = provider(&server);
    let base = || NewPaymentLink::new(Decimal::ONE, "USDC").customer("u");
    let expires = time::OffsetDateTime::UNIX_EPOCH;
    let url = url::Url::parse("https://shop.example/ok").unwrap();
    for (link, field) in [
        (base().reference("order-1"), "reference"),
        (base().description("tea"), "description"),
        (base().expires_at(expires), "expires_at"),
        (base().success_url(url.clone()), "success_url"),
        (base().failure_url(url), "failure_url"),
    ] {
        let err = provider.create_link(&link).await.unwrap_err();
        let Error::Unsupported { field: got, .. } = &err else {
            panic!("{err:?}");
        };
        assert_eq!(*got, field);
    }
    let err = provider
        .create_link(&NewPaymentLink::new(Decimal::ONE, "USDC"))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "payio: invalid request: customer: is required"
    );
    let err = provider
        .create_link(&NewPaymentLink::new(Decimal::ONE, "USDC").customer(" "))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "payio: invalid request: customer: must not be empty or whitespace only"
    );
    // A code or a UUID: anything else is refused before the currency list is fetched.
    for currency in ["", "US-DC", "c872e749-fd56-533e"] {
        let err = provider
            .create_link(&NewPaymentLink::new(Decimal::ONE, currency).customer("u"))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), "invalid_request", "{currency:?}");
        assert!(
            err.to_string()
                .starts_with("payio: invalid request: currency: must "),
            "{err}"
        );
    }
    let err = provider
        .create_link(&NewPaymentLink::new(Decimal::ZERO, "USDC").customer("u"))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "payio: invalid request: amount: must be greater than 0"
    );
    any.assert_calls_async(0).await;
}

#[tokio::test]
async fn get_link_is_unsupported_and_sends_nothing() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200);
        })
        .await;
    let provider = provider(&server);
    let err = provider.get_link(LINK_URL).await.unwrap_err();
    let Error::Unsupported {
        provider: name,
        field,
        reason,
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!((*name, *field), ("payio", "get_link"));
    assert!(reason.contains("no endpoint"), "{reason}");
    any.assert_calls_async(0).await;
}

#[test]
fn capabilities_say_customer_is_required_and_nothing_else_is_supported() {
    use paylinks_core::Support;
    let caps = payio_client::CAPABILITIES;
    assert_eq!(caps.currencies, None);
    assert!(
        caps.currency_ids,
        "a currency may be given by its Pay.io id"
    );
    assert_eq!(caps.customer, Support::Required);
    assert_eq!(caps.listing, paylinks_core::Listing::ByCustomer);
    for s in [
        caps.reference,
        caps.description,
        caps.expires_at,
        caps.success_url,
        caps.failure_url,
    ] {
        assert_eq!(s, Support::Unsupported);
    }
}

// ---------------------------------------------------------------------------------------------
// Listing links
// ---------------------------------------------------------------------------------------------

/// One deposit edge: its cursor `c<n>`, correlation key `key-<n>`, amount, status and time.
fn deposit(n: u32, amount: &str, status: &str, inserted_at: &str) -> String {
    format!(
        r#"{{"cursor":"c{n}","inserted_at":"{inserted_at}","node":{{"amount":"{amount}","correlation_key":"key-{n}","currency":{{"code":"USDC","id":"{USDC_ID}"}},"inserted_at":"{inserted_at}","merchant_status":"{status}"}}}}"#
    )
}

/// Serves three pages of two deposits at most of the end user `hub_player_2`, forward by
/// cursor, the last one short.
async fn serve_deposits(server: &MockServer) -> Vec<httpmock::Mock<'_>> {
    let user = r#""transaction_types":["Deposit"],"user_reference_id":"hub_player_2""#;
    let pages = [
        (
            format!(r#"{{"first":2,{user}}}"#),
            vec![
                deposit(1, "1.5", "Processing", "2026-05-01T10:00:00Z"),
                deposit(2, "2.000000", "Confirmation", "2026-05-02T10:00:00Z"),
            ],
            ("c2", true),
        ),
        (
            format!(r#"{{"after":"c2","first":2,{user}}}"#),
            vec![
                deposit(3, "3", "Processing", "2026-05-03T10:00:00Z"),
                deposit(4, "4", "", "2026-05-04T10:00:00Z"),
            ],
            ("c4", true),
        ),
        (
            format!(r#"{{"after":"c4","first":2,{user}}}"#),
            vec![deposit(5, "5", "processing", "2026-05-05T10:00:00Z")],
            ("c5", false),
        ),
    ];
    let mut mocks = Vec::new();
    for (body, edges, (end, more)) in pages {
        let reply = format!(
            r#"{{"edges":[{}],"page_info":{{"end_cursor":"{end}","has_next_page":{more},"has_previous_page":false}},"total_count":5}}"#,
            edges.join(",")
        );
        mocks.push(
            server
                .mock_async(|when, then| {
                    when.method(POST)
                        .path("/v1/user/transactions")
                        .header("x-api-key", API_KEY)
                        .body(body);
                    json_ok(then, &reply);
                })
                .await,
        );
    }
    mocks
}

/// `(id, amount, currency, status)` of each link.
fn summary(links: &[PaymentLink]) -> Vec<(String, String, Option<String>, LinkStatus)> {
    links
        .iter()
        .map(|l| {
            (
                l.id.clone(),
                l.amount.to_string(),
                l.currency.clone(),
                l.status.clone(),
            )
        })
        .collect()
}

#[tokio::test]
async fn list_links_without_a_customer_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200);
        })
        .await;
    let provider = provider(&server);
    assert_eq!(provider.capabilities().listing, Listing::ByCustomer);
    let results: Vec<_> = provider.list_links(&LinkFilter::new()).collect().await;
    let [Err(err)] = results.as_slice() else {
        panic!("{results:?}");
    };
    assert_eq!(
        err.to_string(),
        "payio: invalid request: customer: is required"
    );
    any.assert_calls_async(0).await;
}

#[tokio::test]
async fn list_links_walks_the_customers_deposits_by_cursor() {
    let server = MockServer::start_async().await;
    let mocks = serve_deposits(&server).await;
    let filter = LinkFilter::new().customer("hub_player_2").page_size(2);
    let links: Vec<PaymentLink> = provider(&server)
        .list_links(&filter)
        .map(Result::unwrap)
        .collect()
        .await;
    for mock in &mocks {
        mock.assert_calls_async(1).await;
    }
    let usdc = Some("USDC".to_owned());
    assert_eq!(
        summary(&links),
        [
            (
                "key-1".into(),
                "1.5".into(),
                usdc.clone(),
                LinkStatus::Pending
            ),
            (
                "key-2".into(),
                "2.000000".into(),
                usdc.clone(),
                LinkStatus::Unknown("Confirmation".into())
            ),
            (
                "key-3".into(),
                "3".into(),
                usdc.clone(),
                LinkStatus::Pending
            ),
            (
                "key-4".into(),
                "4".into(),
                usdc.clone(),
                LinkStatus::Unknown(String::new())
            ),
            ("key-5".into(), "5".into(), usdc, LinkStatus::Pending),
        ]
    );
    assert!(
        links
            .iter()
            .all(|l| l.outcome.is_none() && l.reference.is_none() && l.url.is_none())
    );
}

#[tokio::test]
async fn list_links_applies_created_since_and_the_status_to_the_deposits() {
    let server = MockServer::start_async().await;
    let mocks = serve_deposits(&server).await;
    let filter = LinkFilter::new()
        .customer("hub_player_2")
        .created_since(time::macros::datetime!(2026-05-02 00:00 UTC))
        .status(LinkStatus::Pending)
        .page_size(2);
    let links: Vec<PaymentLink> = client(&server)
        .list_links(&filter)
        .map(Result::unwrap)
        .collect()
        .await;
    for mock in &mocks {
        mock.assert_calls_async(1).await;
    }
    let ids: Vec<&str> = links.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["key-3", "key-5"]);
}

/// Pay.io's two explicit words on a deposit's end: a `completed_at` (null until it completed)
/// makes it completed and paid, a `failure_reason` (null unless it failed) failed, whatever
/// its `merchant_status`.
#[tokio::test]
async fn a_listed_deposit_is_final_only_where_pay_io_says_it_ended() {
    let server = MockServer::start_async().await;
    let with = |n, field: &str| {
        deposit(n, "7.25", "Processing", "2026-05-01T10:00:00Z").replace(
            r#""merchant_status""#,
            &format!(r#"{field},"merchant_status""#),
        )
    };
    let reply = format!(
        r#"{{"edges":[{},{},{}],"page_info":{{"end_cursor":"c3","has_next_page":false,"has_previous_page":false}}}}"#,
        with(1, r#""completed_at":"2026-05-01T10:05:00Z""#),
        with(2, r#""completed_at":null,"failure_reason":"expired""#),
        with(3, r#""completed_at":null"#),
    );
    server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/user/transactions");
            json_ok(then, &reply);
        })
        .await;
    let links: Vec<PaymentLink> = client(&server)
        .list_links(&LinkFilter::new().customer("hub_player_2"))
        .map(Result::unwrap)
        .collect()
        .await;
    let ends: Vec<(&str, LinkStatus, Option<PaymentOutcome>)> = links
        .iter()
        .map(|l| (l.id.as_str(), l.status.clone(), l.outcome))
        .collect();
    assert_eq!(
        ends,
        [
            ("key-1", LinkStatus::Completed, Some(PaymentOutcome::Paid)),
            ("key-2", LinkStatus::Failed, None),
            ("key-3", LinkStatus::Pending, None),
        ]
    );
}

#[tokio::test]
async fn a_deposit_without_a_correlation_key_ends_the_listing_with_a_decode_error() {
    let server = MockServer::start_async().await;
    let reply = format!(
        r#"{{"edges":[{},{},{}],"page_info":{{"end_cursor":"c3","has_next_page":false,"has_previous_page":false}}}}"#,
        deposit(1, "1", "Processing", "2026-05-01T10:00:00Z"),
        deposit(2, "2", "Processing", "2026-05-01T10:00:00Z")
            .replace(r#""correlation_key":"key-2","#, ""),
        deposit(3, "3", "Processing", "2026-05-01T10:00:00Z"),
    );
    server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/user/transactions");
            json_ok(then, &reply);
        })
        .await;
    let results: Vec<_> = client(&server)
        .list_links(&LinkFilter::new().customer("hub_player_2"))
        .collect()
        .await;
    let [Ok(first), Err(Error::Decode { path, .. })] = results.as_slice() else {
        panic!("{results:?}");
    };
    assert_eq!(
        (first.id.as_str(), path.as_str()),
        ("key-1", "edges[].node.correlation_key")
    );
}
