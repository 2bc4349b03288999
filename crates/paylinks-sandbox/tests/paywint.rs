//! The simulated Paywint API, through `paywint-client` and through raw HTTP.

mod common;

use paylinks_core::{Error, LinkStatus, NewPaymentLink, PaymentLinkProvider};
use paylinks_sandbox::{Provider, Sandbox};
use paywint_client::Client;
use paywint_client::generated::ExternalPaginationRequest;
use rust_decimal::Decimal;
use secrecy::ExposeSecret;
use serde_json::{Value, json};

const CREATE_PATH: &str = "/api/user-api/payment/create-payment-link";
const LIST_PATH: &str = "/api/user-api/payment/list/payment-received";

fn client(sandbox: &Sandbox, api_key: &str, api_secret: &str) -> Client {
    let environment = paylinks::sandbox::environment(sandbox, paylinks::Provider::Paywint).unwrap();
    let credentials = paywint_client::Credentials::new(api_key, api_secret);
    paylinks::build(credentials, environment, &paylinks::Options::new()).unwrap()
}

fn good_client(sandbox: &Sandbox) -> Client {
    let credentials = sandbox.credentials();
    client(
        sandbox,
        credentials.paywint_api_key.expose_secret(),
        credentials.paywint_api_secret.expose_secret(),
    )
}

fn link(amount: &str) -> NewPaymentLink {
    NewPaymentLink::new(amount.parse::<Decimal>().unwrap(), "USD")
        .description("Payment for June invoice")
        .reference("INV-2025-0012")
}

/// `body` as a raw request to `path`, with the sandbox's credentials.
fn raw(
    sandbox: &Sandbox,
    method: reqwest::Method,
    path: &str,
    body: &str,
) -> reqwest::RequestBuilder {
    let credentials = sandbox.credentials();
    let url = format!("{}{path}", sandbox.base_url(Provider::Paywint));
    reqwest::Client::new()
        .request(method, url)
        .header("content-type", "application/json")
        .header("X-Api-Key", credentials.paywint_api_key.expose_secret())
        .header(
            "X-Api-Secret",
            credentials.paywint_api_secret.expose_secret(),
        )
        .body(body.to_owned())
}

/// POSTs `body` raw to `path`; the status and the body as JSON.
async fn raw_json(sandbox: &Sandbox, path: &str, body: &str) -> (u16, Value) {
    common::send_json(raw(sandbox, reqwest::Method::POST, path, body)).await
}

#[tokio::test]
async fn a_created_link_reads_back_pending_with_its_exact_amount() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = good_client(&sandbox);
    let created = client.create_link(&link("150.50")).await.unwrap();
    assert_eq!(created.amount.to_string(), "150.50");
    assert_eq!(created.status, LinkStatus::Created);
    assert_eq!(created.currency.as_deref(), Some("USD"));
    let url = created.url.clone().unwrap();
    assert!(url.starts_with(&format!("http://{}/paywint/pay/", sandbox.addr())));

    let read = client.get_link(&created.id).await.unwrap();
    assert_eq!(read.id, created.id);
    assert_eq!(read.amount.to_string(), "150.50");
    assert_eq!(read.status, LinkStatus::Pending);

    let (status, page) = common::page(&url).await;
    assert_eq!(status, 200);
    assert!(page.contains("150.50 USD, status pending"));
}

#[tokio::test]
async fn amounts_go_both_ways_as_numbers_with_every_digit() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = good_client(&sandbox);
    for digits in ["12345678901234567.89", "0.123456789", "150"] {
        let created = client.create_link(&link(digits)).await.unwrap();
        let id = uuid::Uuid::parse_str(&created.id).unwrap();
        let path = format!("/api/user-api/payment/get/{id}");
        let (status, text) =
            common::send_text(raw(&sandbox, reqwest::Method::GET, &path, "")).await;
        assert_eq!(status, 200);
        assert!(text.contains(&format!(r#""amount":{digits},"#)), "{text}");
        assert_eq!(
            client
                .get_link(&created.id)
                .await
                .unwrap()
                .amount
                .to_string(),
            digits
        );
    }
}

#[tokio::test]
async fn the_read_payment_is_shaped_as_documented() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = good_client(&sandbox);
    let created = client.create_link(&link("20.00")).await.unwrap();
    let read = client
        .get_payment(&uuid::Uuid::parse_str(&created.id).unwrap())
        .await
        .unwrap();
    assert_eq!(read.success, Some(true));
    assert_eq!(read.message.as_deref(), Some("Operation completed."));
    assert!(read.query_generated_time.is_some());
    let payment = read.data.unwrap();
    assert_eq!(payment.status, "pending");
    assert_eq!(payment.currency.as_deref(), Some("USD"));
    assert_eq!(
        payment.description.as_deref(),
        Some("Payment for June invoice")
    );
    assert_eq!(payment.receiving_method.as_deref(), Some("WALLET"));
    assert_eq!(payment.payer_id, None);
    assert_eq!(payment.payment_date, None);
    assert!(payment.created_at.is_some());
}

#[tokio::test]
async fn paying_on_the_page_makes_the_payment_a_success_and_received() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = good_client(&sandbox);
    let paid = client.create_link(&link("7.50")).await.unwrap();
    let unpaid = client.create_link(&link("8.50")).await.unwrap();

    let (status, page) = common::pay(&paid.url.clone().unwrap()).await;
    assert_eq!(status, 200);
    assert!(page.contains("status success"));

    assert_eq!(
        client.get_link(&paid.id).await.unwrap().status,
        LinkStatus::Completed
    );
    assert_eq!(
        client.get_link(&unpaid.id).await.unwrap().status,
        LinkStatus::Pending
    );
    let payment = client
        .get_payment(&uuid::Uuid::parse_str(&paid.id).unwrap())
        .await
        .unwrap()
        .data
        .unwrap();
    assert_eq!(payment.status, "success");
    assert_eq!(payment.payment_method.as_deref(), Some("WALLET"));
    assert!(payment.payer_id.is_some() && payment.payment_date.is_some());

    let received = client
        .list_payments_received(&ExternalPaginationRequest::new(10, 1))
        .await
        .unwrap();
    assert_eq!(received.success, Some(true));
    assert_eq!(received.total_records, Some(1));
    let records = received.records.unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].payment_id.to_string(), paid.id);
    assert_eq!(records[0].amount.to_string(), "7.50");

    let beyond = client
        .list_payments_received(&ExternalPaginationRequest::new(10, 2))
        .await
        .unwrap();
    assert_eq!(beyond.records.map(|r| r.len()), Some(0));
    assert_eq!(beyond.total_records, Some(1));
}

#[tokio::test]
async fn wrong_credentials_are_the_assumed_401() {
    let sandbox = Sandbox::start().await.unwrap();
    let key = sandbox
        .credentials()
        .paywint_api_key
        .expose_secret()
        .to_owned();
    for (key, secret) in [
        (key.as_str(), "wrong-secret"),
        (
            "00000000-0000-4000-8000-000000000000",
            "paywint_sandbox_secret",
        ),
    ] {
        let error = client(&sandbox, key, secret)
            .create_link(&link("5"))
            .await
            .unwrap_err();
        let Error::Authentication(detail) = &error else {
            panic!("expected Authentication, got {error:?}");
        };
        assert_eq!(detail.status, 401);
        assert_eq!(detail.message.as_deref(), Some("Invalid API key or secret"));
        assert_eq!(
            common::json(&detail.body),
            json!({"detail":"Invalid API key or secret"})
        );
    }
}

#[tokio::test]
async fn missing_credential_headers_are_fastapi_422_items_beside_the_body_errors() {
    let sandbox = Sandbox::start().await.unwrap();
    let url = format!("{}{CREATE_PATH}", sandbox.base_url(Provider::Paywint));
    let request = reqwest::Client::new()
        .post(url)
        .header("X-Api-Secret", "anything")
        .body(r#"{"amount":"ten"}"#);
    let (status, body) = common::send_json(request).await;
    assert_eq!(status, 422);
    assert_eq!(
        body,
        json!({"detail":[
            {"loc":["header","X-Api-Key"],"msg":"Field required","type":"missing"},
            {"loc":["body","amount"],"msg":"Input should be a valid number","type":"float_type"},
        ]})
    );
}

#[tokio::test]
async fn an_unknown_payment_id_is_the_assumed_404() {
    let sandbox = Sandbox::start().await.unwrap();
    let error = good_client(&sandbox)
        .get_link("d4211545-cfc9-4aa0-8fcc-e4c2639e8052")
        .await
        .unwrap_err();
    let Error::NotFound(detail) = &error else {
        panic!("expected NotFound, got {error:?}");
    };
    assert_eq!(detail.status, 404);
    assert_eq!(
        common::json(&detail.body),
        json!({"detail":"Payment not found"})
    );
}

#[tokio::test]
async fn a_payment_id_that_is_not_a_uuid_is_a_422_on_the_path() {
    let sandbox = Sandbox::start().await.unwrap();
    let path = "/api/user-api/payment/get/no-such-payment";
    let (status, body) = common::send_json(raw(&sandbox, reqwest::Method::GET, path, "")).await;
    assert_eq!(status, 422);
    assert_eq!(
        body,
        json!({"detail":[
            {"loc":["path","payment_id"],"msg":"Input should be a valid UUID","type":"uuid_parsing"},
        ]})
    );
}

#[tokio::test]
async fn a_body_that_breaks_the_schema_gets_one_fastapi_item_per_field() {
    let sandbox = Sandbox::start().await.unwrap();
    let body = format!(
        r#"{{"amount":-1,"description":"{}","invoice_number":"INV-2025-0012-EXTRA-1"}}"#,
        "x".repeat(256)
    );
    let (status, body) = raw_json(&sandbox, CREATE_PATH, &body).await;
    assert_eq!(status, 422);
    let mut items: Vec<Value> = body["detail"].as_array().unwrap().clone();
    items.sort_by_key(|i| i["loc"].to_string());
    assert_eq!(
        items,
        [
            json!({"loc":["body","amount"],"msg":"Input should be greater than 0","type":"greater_than"}),
            json!({"loc":["body","description"],"msg":"String should have at most 255 characters","type":"string_too_long"}),
            json!({"loc":["body","invoice_number"],"msg":"String should have at most 20 characters","type":"string_too_long"}),
        ]
    );

    for (raw_body, expected) in [
        (
            "{}",
            json!({"detail":[{"loc":["body","amount"],"msg":"Field required","type":"missing"}]}),
        ),
        (
            "",
            json!({"detail":[{"loc":["body"],"msg":"Field required","type":"missing"}]}),
        ),
        (
            "<html>",
            json!({"detail":[{"loc":["body"],"msg":"JSON decode error","type":"json_invalid"}]}),
        ),
        (
            "[1]",
            json!({"detail":[{"loc":["body"],"msg":"Input should be a valid dictionary or object to extract attributes from","type":"model_attributes_type"}]}),
        ),
    ] {
        assert_eq!(
            raw_json(&sandbox, CREATE_PATH, raw_body).await,
            (422, expected),
            "{raw_body:?}"
        );
    }
}

#[tokio::test]
async fn a_paging_body_that_breaks_the_schema_names_each_field() {
    let sandbox = Sandbox::start().await.unwrap();
    let (status, body) = raw_json(&sandbox, LIST_PATH, r#"{"rows_per_page":15,"page_no":0}"#).await;
    assert_eq!(status, 422);
    let mut items: Vec<Value> = body["detail"].as_array().unwrap().clone();
    items.sort_by_key(|i| i["loc"].to_string());
    assert_eq!(
        items,
        [
            json!({"loc":["body","page_no"],"msg":"Input should be greater than or equal to 1","type":"greater_than_equal"}),
            json!({"loc":["body","rows_per_page"],"msg":"Input should be 10, 20, 50 or 100","type":"literal_error"}),
        ]
    );
}

#[tokio::test]
async fn an_amount_no_decimal_holds_is_paywints_success_false() {
    let sandbox = Sandbox::start().await.unwrap();
    let (status, body) = raw_json(&sandbox, CREATE_PATH, r#"{"amount":1e-30}"#).await;
    assert_eq!(status, 200);
    assert_eq!(body["success"], false);
    assert_eq!(body["message"], "Invalid amount");
    assert_eq!(body["data"], Value::Null);
    assert!(body["queryGeneratedTime"].is_number());
}
