//! The simulated P100 API, through `p100-client` and through raw HTTP.

mod common;

use p100_client::{AccessDenied, Client};
use paylinks_core::{Error, LinkStatus, NewPaymentLink, PaymentLinkProvider};
use paylinks_sandbox::{Provider, Sandbox};
use rust_decimal::Decimal;
use secrecy::ExposeSecret;
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

const CREATE_PATH: &str = "/v1/payment-link";

fn client(sandbox: &Sandbox, api_key: &str) -> Client {
    let environment = paylinks::sandbox::environment(sandbox, paylinks::Provider::P100).unwrap();
    let credentials = p100_client::Credentials::new(api_key);
    paylinks::build(credentials, environment, &paylinks::Options::new()).unwrap()
}

fn good_client(sandbox: &Sandbox) -> Client {
    client(sandbox, sandbox.credentials().p100_api_key.expose_secret())
}

fn link(amount: &str, reference: &str) -> NewPaymentLink {
    NewPaymentLink::new(amount.parse::<Decimal>().unwrap(), "EUR")
        .reference(reference)
        .expires_at(OffsetDateTime::now_utc() + Duration::hours(1))
}

/// Sends a raw request, with `key` as `x-api-key` when given; returns the status and JSON body.
async fn raw(
    sandbox: &Sandbox,
    method: reqwest::Method,
    path: &str,
    key: Option<&str>,
    body: &str,
) -> (u16, Value) {
    let url = format!("{}{path}", sandbox.base_url(Provider::P100));
    let mut request = reqwest::Client::new()
        .request(method, url)
        .header("content-type", "application/json")
        .body(body.to_owned());
    if let Some(key) = key {
        request = request.header("x-api-key", key);
    }
    common::send_json(request).await
}

async fn raw_create(sandbox: &Sandbox, body: &str) -> (u16, Value) {
    let key = sandbox
        .credentials()
        .p100_api_key
        .expose_secret()
        .to_owned();
    raw(
        sandbox,
        reqwest::Method::POST,
        CREATE_PATH,
        Some(&key),
        body,
    )
    .await
}

#[tokio::test]
async fn a_created_link_reads_back_with_its_exact_amount_and_expiry() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = good_client(&sandbox);
    let expires_at = time::macros::datetime!(2099-08-31 23:21:35.84 +02:00);
    let created = client
        .create_link(&link("123.40", "example_ref_123").expires_at(expires_at))
        .await
        .unwrap();
    assert_eq!(created.amount.to_string(), "123.40");
    assert_eq!(created.status, LinkStatus::Created);
    assert_eq!(created.currency.as_deref(), Some("EUR"));
    assert_eq!(created.expires_at, Some(expires_at));
    let url = created.url.clone().unwrap();
    assert!(url.starts_with(&format!("http://{}/p100/pay/", sandbox.addr())));

    let read = client.get_link(&created.id).await.unwrap();
    assert_eq!(read.id, created.id);
    assert_eq!(read.amount.to_string(), "123.40");
    assert_eq!(read.reference.as_deref(), Some("example_ref_123"));
    assert_eq!(read.url, created.url);
    assert_eq!(read.expires_at, Some(expires_at));
    assert_eq!(read.status, LinkStatus::Unknown("pending".to_owned()));

    let key = sandbox
        .credentials()
        .p100_api_key
        .expose_secret()
        .to_owned();
    let (status, details) = raw(
        &sandbox,
        reqwest::Method::GET,
        &format!("{CREATE_PATH}/{}", created.id),
        Some(&key),
        "",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        details,
        json!({
            "paymentLinkId": created.id,
            "url": url,
            "amount": "123.40",
            "expiresAt": "2099-08-31T21:21:35.840Z",
            "reference": "example_ref_123",
            "status": "pending",
        })
    );

    let (status, page) = common::page(&url).await;
    assert_eq!(status, 200);
    assert!(page.contains("123.40 EUR, status pending"));
}

#[tokio::test]
async fn amounts_keep_every_digit_they_were_given() {
    let sandbox = Sandbox::start().await.unwrap();
    let (status, body) = raw_create(
        &sandbox,
        r#"{"amount":"12345678901234567.890","expiresAt":"2099-01-01T00:00:00Z","reference":"big"}"#,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["amount"], "12345678901234567.890");
    assert_eq!(body["expiresAt"], "2099-01-01T00:00:00.000Z");
}

#[tokio::test]
async fn paying_on_the_page_confirms_the_link() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = good_client(&sandbox);
    let created = client.create_link(&link("9.99", "paid")).await.unwrap();
    let (status, page) = common::pay(&created.url.clone().unwrap()).await;
    assert_eq!(status, 200);
    assert!(page.contains("status confirmed"));
    let details = client.get_payment_link(&created.id).await.unwrap();
    assert_eq!(details.status.as_deref(), Some("confirmed"));
    // Paid links do not expire.
    sandbox.clock().advance(Duration::hours(2));
    assert_eq!(
        client.get_link(&created.id).await.unwrap().status,
        LinkStatus::Unknown("confirmed".to_owned())
    );
}

#[tokio::test]
async fn an_unpaid_link_expires_on_the_sandbox_clock_and_cannot_be_paid() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = good_client(&sandbox);
    let created = client.create_link(&link("5", "late")).await.unwrap();
    sandbox.clock().advance(Duration::hours(2));
    let (_, page) = common::pay(&created.url.clone().unwrap()).await;
    assert!(page.contains("status expired"));
    assert_eq!(
        client.get_link(&created.id).await.unwrap().status,
        LinkStatus::Unknown("expired".to_owned())
    );
}

#[tokio::test]
async fn a_missing_or_wrong_key_is_the_documented_401_with_its_xo_code() {
    let sandbox = Sandbox::start().await.unwrap();
    let error = client(&sandbox, "p100_wrong_key")
        .create_link(&link("5", "a"))
        .await
        .unwrap_err();
    assert_eq!(AccessDenied::of(&error), Some(AccessDenied::KeyWrong));
    let Error::Authentication(detail) = &error else {
        panic!("expected Authentication, got {error:?}");
    };
    assert_eq!(detail.status, 401);
    assert_eq!(
        common::json(&detail.body),
        json!({"message":"Access Denied. xo2"})
    );

    let error = client(&sandbox, "")
        .get_link("663318af-7ea1-4c5a-8545-e433a2d43d5c")
        .await
        .unwrap_err();
    assert_eq!(AccessDenied::of(&error), Some(AccessDenied::KeyMissing));

    for method in [reqwest::Method::POST, reqwest::Method::GET] {
        let path = if method == reqwest::Method::POST {
            CREATE_PATH.to_owned()
        } else {
            format!("{CREATE_PATH}/663318af-7ea1-4c5a-8545-e433a2d43d5c")
        };
        let (status, body) = raw(&sandbox, method.clone(), &path, None, "{}").await;
        assert_eq!(
            (status, body),
            (401, json!({"message":"Access Denied. xo1"})),
            "{method}"
        );
        let (status, body) = raw(&sandbox, method.clone(), &path, Some("nope"), "{}").await;
        assert_eq!(
            (status, body),
            (401, json!({"message":"Access Denied. xo2"})),
            "{method}"
        );
    }
}

#[tokio::test]
async fn an_unknown_id_is_the_assumed_404_and_a_malformed_one_a_p403() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = good_client(&sandbox);
    let error = client
        .get_link("663318af-7ea1-4c5a-8545-e433a2d43d5c")
        .await
        .unwrap_err();
    let Error::NotFound(detail) = &error else {
        panic!("expected NotFound, got {error:?}");
    };
    assert_eq!(detail.status, 404);
    assert_eq!(
        common::json(&detail.body),
        json!({"message":"Payment link not found"})
    );

    let error = client.get_link("no-such-link").await.unwrap_err();
    let Error::Validation(detail) = &error else {
        panic!("expected Validation, got {error:?}");
    };
    assert_eq!(detail.code.as_deref(), Some("P403"));
    assert_eq!(
        common::json(&detail.body),
        json!({"code":"P403","message":"Validation error: paymentLinkId: \"no-such-link\" is not a \"uuid\""})
    );
}

#[tokio::test]
async fn a_body_that_breaks_the_schema_is_a_p403_naming_each_field() {
    let sandbox = Sandbox::start().await.unwrap();
    let cases = [
        (
            r#"{"amount":123.45,"expiresAt":"tomorrow"}"#,
            "Validation error: reference: required; amount: 123.45 is not of type \"string\"; expiresAt: \"tomorrow\" is not a \"date-time\"",
        ),
        ("", "Validation error: a request body is required"),
        ("<html>", "Validation error: the body is not valid JSON"),
        // The spec states the amount's form and a non-blank reference.
        (
            r#"{"amount":"-1","expiresAt":"2099-01-01T00:00:00.000Z","reference":" "}"#,
            "Validation error: amount: \"-1\" does not match \"^([0-9]*[1-9][0-9]*(\\.[0-9]+)?|[0-9]+\\.[0-9]*[1-9][0-9]*)$\"; reference: \" \" does not match \"\\S\"",
        ),
        (
            r#"{"amount":"1e3","expiresAt":"2099-01-01T00:00:00.000Z","reference":"r"}"#,
            "Validation error: amount: \"1e3\" does not match \"^([0-9]*[1-9][0-9]*(\\.[0-9]+)?|[0-9]+\\.[0-9]*[1-9][0-9]*)$\"",
        ),
        // A moment already past, which no schema keyword can refuse.
        (
            r#"{"amount":"0.01","expiresAt":"2000-01-01T00:00:00.000Z","reference":"r"}"#,
            "Validation error: expiresAt: must be in the future",
        ),
        (
            // A valid RFC 3339 date-time that is year 10000 in UTC.
            r#"{"amount":"1","expiresAt":"9999-12-31T23:59:59-23:59","reference":"r"}"#,
            "Validation error: expiresAt: must be an ISO 8601 date-time between the years 0000 and 9999 in UTC",
        ),
    ];
    for (body, message) in cases {
        assert_eq!(
            raw_create(&sandbox, body).await,
            (400, json!({"code":"P403","message":message})),
            "{body:?}"
        );
    }
}
