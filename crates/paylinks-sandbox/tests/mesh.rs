//! The simulated Mesh API, through `mesh-client` and through raw HTTP.

mod common;

use mesh_client::generated::operations::transfers::Query;
use mesh_client::generated::{TransferOrderByFields, TransferStatus};
use paylinks_core::{Error, LinkStatus, NewPaymentLink, PaymentLinkProvider};
use paylinks_sandbox::{Provider, Sandbox};
use rust_decimal::Decimal;
use secrecy::ExposeSecret;
use serde_json::{Value, json};

const ETHEREUM: &str = "e3c7fdd8-b1fc-4e51-85ae-bb276e075611";
const SOLANA: &str = "0291810a-5947-424d-9a59-e88bb33e999d";
const ADDRESS: &str = "0x00000000000000000000000";

fn client(sandbox: &Sandbox, secret: &str) -> mesh_client::Client {
    let ethereum = uuid::Uuid::parse_str(ETHEREUM).unwrap();
    let credentials =
        mesh_client::Credentials::new(sandbox.credentials().mesh_client_id.clone(), secret)
            .to_address("USDC", ethereum, ADDRESS)
            .to_address("ETH", ethereum, ADDRESS);
    let environment = paylinks::sandbox::environment(sandbox, paylinks::Provider::Mesh).unwrap();
    paylinks::build(credentials, environment, &paylinks::Options::new()).unwrap()
}

fn good_client(sandbox: &Sandbox) -> mesh_client::Client {
    client(
        sandbox,
        sandbox.credentials().mesh_client_secret.expose_secret(),
    )
}

fn link(amount: &str, reference: &str) -> NewPaymentLink {
    NewPaymentLink::new(amount.parse::<Decimal>().unwrap(), "USD")
        .customer("customer-42")
        .reference(reference)
}

/// `request` with the sandbox's credentials.
fn with_credentials(
    sandbox: &Sandbox,
    request: reqwest::RequestBuilder,
) -> reqwest::RequestBuilder {
    let credentials = sandbox.credentials();
    request
        .header("X-Client-Id", &credentials.mesh_client_id)
        .header(
            "X-Client-Secret",
            credentials.mesh_client_secret.expose_secret(),
        )
}

/// POSTs `body` raw to the link-token path.
async fn raw_link_token(sandbox: &Sandbox, body: &str) -> (u16, Value) {
    let url = format!("{}/api/v1/linktoken", sandbox.base_url(Provider::Mesh));
    let request = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_owned());
    common::send_json(with_credentials(sandbox, request)).await
}

/// GETs the transfers list with `query` raw, as text so amounts keep their digits.
async fn raw_transfers(sandbox: &Sandbox, query: &str) -> (u16, String) {
    let url = format!(
        "{}/api/v1/transfers/managed/mesh?{query}",
        sandbox.base_url(Provider::Mesh)
    );
    common::send_text(with_credentials(sandbox, reqwest::Client::new().get(url))).await
}

/// The simulated payer pays the link at `url` (`query` picks destination and outcome).
async fn pay(url: &str, query: &str) -> (u16, String) {
    common::pay(&format!("{url}{query}")).await
}

/// `body` without its `errorHash`, after checking that it is 40 hex digits as in Mesh's examples.
fn without_hash(mut body: Value) -> Value {
    let hash = body["errorHash"].as_str().unwrap().to_owned();
    assert_eq!(hash.len(), 40, "{hash}");
    assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()), "{hash}");
    body.as_object_mut().unwrap().remove("errorHash");
    body
}

#[tokio::test]
async fn a_paylink_is_not_found_until_paid_then_completed_with_its_exact_amount() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = good_client(&sandbox);
    let created = client.create_link(&link("10.50", "order-1")).await.unwrap();
    assert_eq!(created.id, "order-1");
    assert_eq!(created.status, LinkStatus::Created);
    assert_eq!(created.amount.to_string(), "10.50");
    let url = created.url.clone().unwrap();
    assert!(url.starts_with(&format!("http://{}/mesh/pay/", sandbox.addr())));

    let error = client.get_link("order-1").await.unwrap_err();
    assert!(
        matches!(&error, Error::NotFound(d) if d.status == 200),
        "{error:?}"
    );
    let (status, page) = common::page(&url).await;
    assert_eq!(status, 200);
    assert!(page.contains("10.50 USD, status created"));

    let (status, page) = pay(&url, "").await;
    assert_eq!(status, 200);
    assert!(page.contains("10.50 USD, status succeeded"), "{page}");

    let read = client.get_link("order-1").await.unwrap();
    assert_eq!(read.status, LinkStatus::Completed);
    assert_eq!(read.amount.to_string(), "10.50");
    assert_eq!(read.currency.as_deref(), Some("USD"));
    assert_eq!(read.reference.as_deref(), Some("order-1"));

    // A second payment of a settled link records nothing.
    pay(&url, "").await;
    let (status, text) = raw_transfers(&sandbox, "ClientTransactionId=order-1").await;
    assert_eq!(status, 200);
    let page = common::json(text.as_bytes());
    assert_eq!(page["content"]["total"], 1);
    let transfer = &page["content"]["items"][0];
    assert_eq!(transfer["status"], "succeeded");
    assert_eq!(transfer["symbol"], "USDC");
    assert_eq!(transfer["networkId"], ETHEREUM);
    assert_eq!(transfer["userId"], "customer-42");
    assert_eq!(transfer["transferType"], "payment");
    assert_eq!(transfer["destinationAddress"], ADDRESS);
    assert!(text.contains(r#""amountInFiat":10.50,"#), "{text}");
    assert!(text.contains(r#""amount":10.50,"#), "{text}");
}

#[tokio::test]
async fn amounts_keep_every_digit_and_convert_at_the_sandbox_price() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = good_client(&sandbox);
    let created = client
        .create_link(&link("0.123456789", "tiny"))
        .await
        .unwrap();
    assert_eq!(created.amount.to_string(), "0.123456789");
    pay(created.url.as_deref().unwrap(), "").await;
    assert_eq!(
        client.get_link("tiny").await.unwrap().amount.to_string(),
        "0.123456789"
    );

    let created = client
        .create_link(&link("5000.00", "in-eth"))
        .await
        .unwrap();
    let (status, _) = pay(created.url.as_deref().unwrap(), "?symbol=ETH").await;
    assert_eq!(status, 200);
    let (_, text) = raw_transfers(&sandbox, "ClientTransactionId=in-eth").await;
    assert!(text.contains(r#""amountInFiat":5000.00,"#), "{text}");
    assert!(text.contains(r#""amount":2,"#), "{text}");
    assert!(text.contains(r#""symbol":"ETH""#), "{text}");
}

#[tokio::test]
async fn a_failed_payment_can_be_retried_and_a_pending_one_settled() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = good_client(&sandbox);
    let url = client
        .create_link(&link("3", "retry"))
        .await
        .unwrap()
        .url
        .unwrap();
    pay(&url, "?status=failed").await;
    assert_eq!(
        client.get_link("retry").await.unwrap().status,
        LinkStatus::Failed
    );
    pay(&url, "?status=pending").await;
    assert_eq!(
        client.get_link("retry").await.unwrap().status,
        LinkStatus::Pending
    );
    // The next payment settles the pending transfer instead of adding one.
    let (_, page) = pay(&url, "").await;
    assert!(page.contains("status succeeded"), "{page}");
    assert_eq!(
        client.get_link("retry").await.unwrap().status,
        LinkStatus::Completed
    );
    let (_, text) = raw_transfers(&sandbox, "ClientTransactionId=retry").await;
    let listed = common::json(text.as_bytes());
    assert_eq!(listed["content"]["total"], 2);
    let (status, text) = pay(&url, "?status=refunded").await;
    assert_eq!(status, 400);
    assert!(text.contains("refunded"), "{text}");
    let (status, _) = pay(&url.replace("/pay/", "/pay/x"), "").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_networks_are_listed_with_their_tokens() {
    let sandbox = Sandbox::start().await.unwrap();
    let reply = good_client(&sandbox).networks().await.unwrap();
    let networks = reply.content.unwrap().networks.unwrap();
    let names: Vec<_> = networks.iter().map(|n| n.name.clone().unwrap()).collect();
    assert_eq!(names, ["Ethereum", "Polygon", "Solana", "Base", "Bitcoin"]);
    let ethereum = &networks[0];
    assert_eq!(ethereum.id.unwrap().to_string(), ETHEREUM);
    assert_eq!(
        ethereum.supported_tokens.as_deref().unwrap(),
        ["ETH", "USDC", "USDT"]
    );
    assert_eq!(ethereum.chain_id.as_deref(), Some("1"));
    assert_eq!(networks[2].id.unwrap().to_string(), SOLANA);
    assert_eq!(networks[2].native_symbol.as_deref(), Some("SOL"));
}

#[tokio::test]
async fn a_wrong_or_missing_secret_is_the_documented_401() {
    let sandbox = Sandbox::start().await.unwrap();
    let error = client(&sandbox, "not-the-secret")
        .create_link(&link("5", "a"))
        .await
        .unwrap_err();
    let Error::Authentication(detail) = &error else {
        panic!("expected Authentication, got {error:?}");
    };
    assert_eq!(detail.status, 401);
    assert_eq!(detail.code.as_deref(), Some("permissionDenied"));
    assert_eq!(
        without_hash(common::json(&detail.body)),
        json!({
            "status": "permissionDenied",
            "message": "Unauthorized: Client Id or Client Secret are not correct or missing.",
        })
    );

    let url = format!(
        "{}/api/v1/transfers/managed/networks",
        sandbox.base_url(Provider::Mesh)
    );
    let response = reqwest::get(url).await.unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn a_body_that_breaks_the_spec_is_a_400_envelope_naming_the_fields() {
    let sandbox = Sandbox::start().await.unwrap();
    let (status, body) = raw_link_token(
        &sandbox,
        r#"{"transferOptions":{"amountInFiat":"10","transactionId":"t"}}"#,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        without_hash(body),
        json!({
            "status": "badRequest",
            "message": "userId: \"userId\" is a required property; transferOptions.amountInFiat: \"10\" is not of types \"null\", \"number\"",
            "errorType": "missingField",
        })
    );

    let (status, body) = raw_link_token(&sandbox, "{not json").await;
    assert_eq!(status, 400);
    assert_eq!(body["status"], "badRequest");
    assert_eq!(body["errorType"], "invalidField");
    assert!(body["message"].as_str().unwrap().starts_with("body: "));
}

#[tokio::test]
async fn rules_beyond_the_schema_are_400_envelopes_too() {
    let sandbox = Sandbox::start().await.unwrap();
    let (status, body) = raw_link_token(
        &sandbox,
        r#"{"userId":"u","transferOptions":{"toAddresses":[{"networkId":"00000000-0000-0000-0000-000000000001","symbol":"USDC","address":"0x1"},{"networkId":"0291810a-5947-424d-9a59-e88bb33e999d","symbol":"ETH","address":"x"}],"amountInFiat":10,"transactionId":"t","generatePayLink":true}}"#,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        without_hash(body),
        json!({
            "status": "badRequest",
            "message": "transferOptions.toAddresses.0.networkId: network 00000000-0000-0000-0000-000000000001 is not one of the networks GET /api/v1/transfers/managed/networks lists; transferOptions.toAddresses.1.symbol: ETH is not supported on Solana",
            "errorType": "invalidField",
        })
    );

    // The spec states only in words that a Paylink needs a transactionId
    // (mesh.codegen.toml's [required_if]); an empty one is sent, as Mesh's schema allows.
    let paylink = |transaction_id: &str| {
        format!(
            r#"{{"userId":"u","transferOptions":{{"toAddresses":[{{"networkId":"{ETHEREUM}","symbol":"USDC","address":"0x1"}}],"amountInFiat":10{transaction_id},"generatePayLink":true}}}}"#
        )
    };
    let (status, body) = raw_link_token(&sandbox, &paylink("")).await;
    assert_eq!(status, 400);
    assert_eq!(
        without_hash(body),
        json!({
            "status": "badRequest",
            "message": "transferOptions.transactionId: transactionId is required when generatePayLink is true",
            "errorType": "missingField",
        })
    );
    let (status, body) = raw_link_token(&sandbox, &paylink(r#","transactionId":"""#)).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["content"]["paymentLink"].is_string(), "{body}");
}

#[tokio::test]
async fn amounts_and_destinations_follow_the_spec() {
    let sandbox = Sandbox::start().await.unwrap();
    let (status, body) = raw_link_token(
        &sandbox,
        &format!(
            r#"{{"userId":"u","transferOptions":{{"toAddresses":[{{"networkId":"{ETHEREUM}","symbol":"","address":" ","amount":-1}},{{"networkId":"{ETHEREUM}"}}],"amountInFiat":0,"transactionId":"t","generatePayLink":true}}}}"#
        ),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        without_hash(body),
        json!({
            "status": "badRequest",
            "message": "transferOptions.toAddresses.0.symbol: \"\" is shorter than 1 character; transferOptions.toAddresses.0.address: \" \" does not match \"\\S\"; transferOptions.toAddresses.0.amount: -1 is less than or equal to the minimum of 0; transferOptions.toAddresses.1.symbol: \"symbol\" is a required property; transferOptions.toAddresses.1.address: \"address\" is a required property; transferOptions.amountInFiat: 0 is less than or equal to the minimum of 0",
            "errorType": "invalidField",
        })
    );
    // The smallest amounts above zero, and Count and Offset at 0, are accepted.
    let (status, body) = raw_link_token(
        &sandbox,
        &format!(
            r#"{{"userId":"u","transferOptions":{{"toAddresses":[{{"networkId":"{ETHEREUM}","symbol":"USDC","address":"0x1","amount":0.000001}}],"amountInFiat":0.01,"transactionId":"t","generatePayLink":true}}}}"#
        ),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, text) = raw_transfers(&sandbox, "Count=0&Offset=0").await;
    assert_eq!(status, 200, "{text}");
}

#[tokio::test]
async fn a_link_token_without_paylink_has_no_payment_link() {
    let sandbox = Sandbox::start().await.unwrap();
    let (status, body) = raw_link_token(&sandbox, r#"{"userId":"u"}"#).await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "ok");
    assert_eq!(body["errorType"], "");
    assert!(body["content"]["linkToken"].as_str().is_some());
    assert!(body["content"].get("paymentLink").is_none());
}

#[tokio::test]
async fn the_transfers_list_filters_orders_and_pages() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = good_client(&sandbox);
    for (amount, reference) in [("3", "c"), ("1", "a"), ("2", "b")] {
        let url = client
            .create_link(&link(amount, reference))
            .await
            .unwrap()
            .url
            .unwrap();
        let outcome = if reference == "b" {
            "?status=failed"
        } else {
            ""
        };
        pay(&url, outcome).await;
    }
    let page = client
        .transfers(
            &Query::new()
                .count(2)
                .order_by(TransferOrderByFields::AmountInFiat)
                .descending_order(true),
        )
        .await
        .unwrap()
        .content
        .unwrap();
    assert_eq!(page.total, Some(3));
    let ids: Vec<_> = page
        .items
        .unwrap()
        .iter()
        .map(|t| t.client_transaction_id.clone().unwrap())
        .collect();
    assert_eq!(ids, ["c", "b"]);

    let page = client
        .transfers(
            &Query::new()
                .offset(1)
                .statuses(vec![TransferStatus::Succeeded]),
        )
        .await
        .unwrap()
        .content
        .unwrap();
    assert_eq!(page.total, Some(2));
    assert_eq!(page.items.unwrap().len(), 1);

    let (status, text) = raw_transfers(&sandbox, "MinAmountInFiat=1.5&MaxAmountInFiat=2.5").await;
    assert_eq!(status, 200);
    let page = common::json(text.as_bytes());
    assert_eq!(page["content"]["total"], 1);
    assert_eq!(page["content"]["items"][0]["clientTransactionId"], "b");
}

#[tokio::test]
async fn a_query_that_breaks_the_spec_is_a_400_envelope() {
    let sandbox = Sandbox::start().await.unwrap();
    let (status, text) = raw_transfers(&sandbox, "Count=101&Statuses=done").await;
    assert_eq!(status, 400);
    assert_eq!(
        without_hash(common::json(text.as_bytes())),
        json!({
            "status": "badRequest",
            "message": "Count: 101 is greater than the maximum of 100; Statuses.0: \"done\" is not one of \"pending\", \"succeeded\" or \"failed\"",
            "errorType": "invalidField",
        })
    );
    // The spec states the lower bounds, so the schema check refuses them.
    let (status, text) = raw_transfers(&sandbox, "Count=-1&Offset=-1").await;
    assert_eq!(status, 400);
    assert_eq!(
        without_hash(common::json(text.as_bytes()))["message"],
        "Count: -1 is less than the minimum of 0; Offset: -1 is less than the minimum of 0"
    );
}

#[tokio::test]
async fn huge_or_inexact_amounts_are_refused_without_harm() {
    let sandbox = Sandbox::start().await.unwrap();
    let body = |amount: &str| {
        format!(
            r#"{{"userId":"u","transferOptions":{{"toAddresses":[{{"networkId":"{ETHEREUM}","symbol":"USDC","address":"0x1"}}],"amountInFiat":{amount},"transactionId":"t","generatePayLink":true}}}}"#
        )
    };
    let (status, body_30_digits) =
        raw_link_token(&sandbox, &body("123456789012345678901234567890")).await;
    assert_eq!(status, 400);
    assert_eq!(
        body_30_digits["message"],
        "transferOptions.amountInFiat: 123456789012345678901234567890 cannot be represented exactly"
    );
    assert_eq!(body_30_digits["errorType"], "invalidField");
    let (status, body_overflow) = raw_link_token(&sandbox, &body("1e400")).await;
    assert_eq!(status, 400);
    assert!(
        body_overflow["message"]
            .as_str()
            .unwrap()
            .starts_with("body: the body is not valid JSON"),
        "{body_overflow}"
    );
    let (status, _) = raw_transfers(&sandbox, "MinAmountInFiat=1e30").await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn an_exponent_form_with_more_digits_than_a_decimal_holds_is_refused_not_rounded() {
    let sandbox = Sandbox::start().await.unwrap();
    let body = format!(
        r#"{{"userId":"u","transferOptions":{{"toAddresses":[{{"networkId":"{ETHEREUM}","symbol":"USDC","address":"0x1"}}],"amountInFiat":1.2345678901234567890123456789012e3,"transactionId":"t","generatePayLink":true}}}}"#
    );
    let (status, body) = raw_link_token(&sandbox, &body).await;
    assert_eq!(status, 400);
    assert_eq!(
        body["message"],
        "transferOptions.amountInFiat: 1.2345678901234567890123456789012e3 cannot be represented exactly"
    );
}

#[tokio::test]
async fn a_transfer_id_that_is_not_a_uuid_is_a_400_envelope_and_a_uuid_still_filters() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = good_client(&sandbox);
    for reference in ["first", "second"] {
        let url = client
            .create_link(&link("1", reference))
            .await
            .unwrap()
            .url
            .unwrap();
        pay(&url, "").await;
    }
    let (status, text) = raw_transfers(&sandbox, "Id=not-a-uuid").await;
    assert_eq!(status, 400);
    assert_eq!(
        without_hash(common::json(text.as_bytes())),
        json!({
            "status": "badRequest",
            "message": "Id: \"not-a-uuid\" is not a \"uuid\"",
            "errorType": "invalidField",
        })
    );
    let (_, text) = raw_transfers(&sandbox, "ClientTransactionId=second").await;
    let id = common::json(text.as_bytes())["content"]["items"][0]["id"].clone();
    let (status, text) = raw_transfers(&sandbox, &format!("Id={}", id.as_str().unwrap())).await;
    assert_eq!(status, 200);
    let page = common::json(text.as_bytes());
    assert_eq!(page["content"]["total"], 1);
    assert_eq!(page["content"]["items"][0]["id"], id);
    assert_eq!(page["content"]["items"][0]["clientTransactionId"], "second");
}

#[tokio::test]
async fn an_offset_beyond_int32_is_a_400_envelope() {
    let sandbox = Sandbox::start().await.unwrap();
    let (status, text) = raw_transfers(&sandbox, "Offset=2147483648").await;
    assert_eq!(status, 400);
    assert_eq!(
        without_hash(common::json(text.as_bytes())),
        json!({
            "status": "badRequest",
            "message": "Offset: 2147483648 is greater than the maximum of 2147483647",
            "errorType": "invalidField",
        })
    );
}

#[tokio::test]
async fn a_timestamp_beyond_int64_is_a_400_envelope_not_a_dropped_filter() {
    let sandbox = Sandbox::start().await.unwrap();
    let (status, text) = raw_transfers(&sandbox, "FromTimestamp=9223372036854775808").await;
    assert_eq!(status, 400);
    assert_eq!(
        without_hash(common::json(text.as_bytes())),
        json!({
            "status": "badRequest",
            "message": "FromTimestamp: 9223372036854775808 is greater than the maximum of 9223372036854775807",
            "errorType": "invalidField",
        })
    );
}
