//! The simulated Txn API, through `txn-client` and through raw HTTP.

mod common;

use paylinks_core::{Error, LinkStatus, NewPaymentLink, PaymentLinkProvider};
use paylinks_sandbox::{Provider, Sandbox};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

fn client(sandbox: &Sandbox, api_key: &str) -> txn_client::Client {
    let environment = paylinks::sandbox::environment(sandbox, paylinks::Provider::Txn).unwrap();
    let credentials = txn_client::Credentials::new(api_key);
    paylinks::build(credentials, environment, &paylinks::Options::new()).unwrap()
}

fn good_client(sandbox: &Sandbox) -> txn_client::Client {
    use secrecy::ExposeSecret;
    client(sandbox, sandbox.credentials().txn_api_key.expose_secret())
}

fn link(amount: &str, reference: &str) -> NewPaymentLink {
    NewPaymentLink::new(amount.parse::<Decimal>().unwrap(), "EUR")
        .reference(reference)
        .expires_at(OffsetDateTime::now_utc() + Duration::hours(1))
}

/// POSTs `body` raw to the create path with the sandbox's key.
async fn raw_create(sandbox: &Sandbox, body: &str) -> (u16, Value) {
    use secrecy::ExposeSecret;
    let url = format!(
        "{}/api/public/v1/payment_links",
        sandbox.base_url(Provider::Txn)
    );
    let request = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/vnd.api+json")
        .bearer_auth(sandbox.credentials().txn_api_key.expose_secret())
        .body(body.to_owned());
    common::send_json(request).await
}

#[tokio::test]
async fn a_created_link_reads_back_with_its_exact_amount() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = good_client(&sandbox);
    let created = client.create_link(&link("100", "order-1")).await.unwrap();
    assert_eq!(created.amount, Decimal::new(10000, 2));
    assert_eq!(created.amount.to_string(), "100.00");
    assert_eq!(created.status, LinkStatus::Created);
    assert_eq!(created.reference.as_deref(), Some("order-1"));
    let url = created.url.clone().unwrap();
    assert!(url.starts_with(&format!("http://{}/txn/pay/", sandbox.addr())));

    let read = client.get_link(&created.id).await.unwrap();
    assert_eq!(read, created);

    let (status, page) = common::page(&url).await;
    assert_eq!(status, 200);
    assert!(page.contains("100.00 EUR"));
}

#[tokio::test]
async fn amounts_keep_every_digit_they_were_given() {
    let sandbox = Sandbox::start().await.unwrap();
    let created = good_client(&sandbox)
        .create_link(&link("0.123456789", "tiny"))
        .await
        .unwrap();
    assert_eq!(created.amount.to_string(), "0.123456789");
}

#[tokio::test]
async fn a_reused_reference_is_the_documented_duplicate() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = good_client(&sandbox);
    client.create_link(&link("5", "same")).await.unwrap();
    let error = client.create_link(&link("6", "same")).await.unwrap_err();
    let Error::Duplicate { reference, detail } = &error else {
        panic!("expected Duplicate, got {error:?}");
    };
    assert_eq!(reference.as_deref(), Some("same"));
    assert_eq!(detail.status, 422);
    assert_eq!(detail.code.as_deref(), Some("reference_duplicate"));
}

#[tokio::test]
async fn a_wrong_or_missing_key_is_the_documented_401() {
    let sandbox = Sandbox::start().await.unwrap();
    let error = client(&sandbox, "txn_cmp_wrong")
        .create_link(&link("5", "a"))
        .await
        .unwrap_err();
    let Error::Authentication(detail) = &error else {
        panic!("expected Authentication, got {error:?}");
    };
    assert_eq!(detail.status, 401);
    assert_eq!(detail.code.as_deref(), Some("unauthorized"));
    assert_eq!(
        common::json(&detail.body),
        json!({"errors":[{"status":401,"title":"HTTP Token: Access denied.","code":"unauthorized"}]})
    );

    let url = format!(
        "{}/api/public/v1/payment_links/x",
        sandbox.base_url(Provider::Txn)
    );
    let response = reqwest::get(url).await.unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn an_unknown_id_is_not_found() {
    let sandbox = Sandbox::start().await.unwrap();
    let error = good_client(&sandbox)
        .get_link("no-such-link")
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::NotFound(d) if d.status == 404),
        "{error:?}"
    );
}

#[tokio::test]
async fn links_expire_on_the_sandbox_clock_and_by_the_expiration_call() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = good_client(&sandbox);
    let first = client.create_link(&link("1", "first")).await.unwrap();
    let second = client.create_link(&link("2", "second")).await.unwrap();

    let expired = client.expire_payment_link(&second.id).await.unwrap();
    assert_eq!(
        expired.data.attributes.status,
        txn_client::generated::PaymentLinkStatus::Expired
    );
    let again = client.expire_payment_link(&second.id).await.unwrap_err();
    assert!(
        matches!(&again, Error::Validation(d) if d.status == 422),
        "{again:?}"
    );

    assert_eq!(
        client.get_link(&first.id).await.unwrap().status,
        LinkStatus::Created
    );
    sandbox.clock().advance(Duration::hours(2));
    assert_eq!(
        client.get_link(&first.id).await.unwrap().status,
        LinkStatus::Expired
    );
}

#[tokio::test]
async fn the_simulated_payer_completes_a_link_which_then_cannot_expire() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = good_client(&sandbox);
    let created = client.create_link(&link("7.50", "paid")).await.unwrap();
    let (status, page) = common::pay(&created.url.clone().unwrap()).await;
    assert_eq!(status, 200);
    assert!(page.contains("status completed"));

    let read = client.get_payment_link(&created.id).await.unwrap();
    assert_eq!(
        read.data.attributes.status,
        txn_client::generated::PaymentLinkStatus::Completed
    );
    let target = read
        .data
        .relationships
        .unwrap()
        .target
        .unwrap()
        .data
        .unwrap();
    assert_eq!(target.r#type, "invoices");
    let refused = client.expire_payment_link(&created.id).await.unwrap_err();
    assert!(
        matches!(&refused, Error::Validation(d) if d.status == 422),
        "{refused:?}"
    );
    sandbox.clock().advance(Duration::days(30));
    assert_eq!(
        client.get_link(&created.id).await.unwrap().status,
        LinkStatus::Completed
    );
}

#[tokio::test]
async fn the_list_filters_orders_and_pages() {
    use txn_client::generated::OrderType;
    use txn_client::generated::operations::list_payment_links::Query;
    let sandbox = Sandbox::start().await.unwrap();
    let client = good_client(&sandbox);
    for (amount, reference) in [("1", "a"), ("2", "b"), ("3", "c")] {
        client.create_link(&link(amount, reference)).await.unwrap();
    }
    let page = client
        .list_payment_links(&Query::new().order_type(OrderType::Asc).per_page(2))
        .await
        .unwrap();
    let references: Vec<_> = page
        .data
        .iter()
        .map(|l| l.attributes.reference.clone().unwrap())
        .collect();
    assert_eq!(references, ["a", "b"]);
    let only_c = client
        .list_payment_links(&Query::new().reference("c".to_owned()))
        .await
        .unwrap();
    assert_eq!(only_c.data.len(), 1);
}

#[tokio::test]
async fn a_body_that_breaks_the_spec_gets_json_api_errors_with_pointers() {
    let sandbox = Sandbox::start().await.unwrap();
    let (status, body) = raw_create(
        &sandbox,
        r#"{"data":{"type":"payment_links","attributes":{"amount":10,"currency":"EUR","paymentType":"Invoice"}}}"#,
    )
    .await;
    assert_eq!(status, 422);
    let pointers: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["source"]["pointer"].as_str().unwrap())
        .collect();
    assert_eq!(
        pointers,
        ["/data/attributes/expires_at", "/data/attributes/amount"]
    );
    assert!(body["errors"][0]["status"] == 422);

    let (status, body) = raw_create(&sandbox, "<html>not json</html>").await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["source"]["pointer"], "");
}

#[tokio::test]
async fn an_unsupported_pay_currency_is_the_documented_422() {
    let sandbox = Sandbox::start().await.unwrap();
    let (status, body) = raw_create(
        &sandbox,
        r#"{"data":{"type":"payment_links","attributes":{"amount":"10","currency":"EUR","paymentType":"Invoice","expires_at":"2099-01-01T00:00:00.000Z","payCurrencies":["DOGE"]}}}"#,
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        body,
        json!({"errors":[{"status":422,"title":"Unsupported pay currency","code":"unsupported_pay_currency","detail":""}]})
    );
}

/// The spec states the amount's form (a plain decimal above zero, `pattern`) and its length (28
/// characters, which an exact decimal holds), and each coin of `payCurrencies` is not empty: the
/// schema check refuses what breaks them, naming the rule, before Txn's own 422 codes.
#[tokio::test]
async fn an_amount_or_a_coin_that_breaks_the_spec_is_refused_by_its_rule() {
    let sandbox = Sandbox::start().await.unwrap();
    let create = |amount: &str, coins: &str| {
        format!(
            r#"{{"data":{{"type":"payment_links","attributes":{{"amount":"{amount}","currency":"EUR","paymentType":"Invoice","expires_at":"2099-01-01T00:00:00.000Z","payCurrencies":{coins}}}}}}}"#
        )
    };
    let too_precise = format!("0.{}", "1".repeat(32));
    for (amount, rule) in [
        ("1e3", "does not match"),
        ("1_000", "does not match"),
        ("+1", "does not match"),
        ("-1", "does not match"),
        ("0", "does not match"),
        ("0.00", "does not match"),
        ("", "does not match"),
        (&too_precise, "is longer than 28 characters"),
    ] {
        let (status, body) = raw_create(&sandbox, &create(amount, "[]")).await;
        assert_eq!(status, 422, "{amount}");
        let error = &body["errors"][0];
        assert_eq!(
            error["source"]["pointer"], "/data/attributes/amount",
            "{amount}"
        );
        assert!(
            error["detail"].as_str().unwrap().contains(rule),
            "{amount}: {error}"
        );
    }
    let (status, body) = raw_create(&sandbox, &create("10", r#"[""]"#)).await;
    assert_eq!(status, 422);
    assert_eq!(
        body["errors"][0]["source"]["pointer"],
        "/data/attributes/payCurrencies/0"
    );
    assert_eq!(
        body["errors"][0]["detail"],
        "\"\" is shorter than 1 character"
    );
    // The smallest amount the pattern allows, and one of 28 characters, are taken.
    for amount in ["0.01", "1234567890.12345678901234567"] {
        let (status, body) = raw_create(&sandbox, &create(amount, r#"["USDT"]"#)).await;
        assert_eq!(status, 201, "{amount}: {body}");
    }
}

#[tokio::test]
async fn an_expiry_past_year_9999_in_utc_is_refused_not_a_crash() {
    let sandbox = Sandbox::start().await.unwrap();
    let (status, body) = raw_create(
        &sandbox,
        r#"{"data":{"type":"payment_links","attributes":{"amount":"1","currency":"EUR","paymentType":"Invoice","expires_at":"9999-12-31T23:59:59-23:59"}}}"#,
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        body["errors"][0]["source"]["pointer"],
        "/data/attributes/expires_at"
    );
}

#[tokio::test]
async fn a_query_that_breaks_the_spec_names_the_parameter() {
    use secrecy::ExposeSecret;
    let sandbox = Sandbox::start().await.unwrap();
    let url = format!(
        "{}/api/public/v1/payment_links?page=first",
        sandbox.base_url(Provider::Txn)
    );
    let request = reqwest::Client::new()
        .get(url)
        .bearer_auth(sandbox.credentials().txn_api_key.expose_secret());
    let (status, body) = common::send_json(request).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["source"]["parameter"], "page");
}

#[tokio::test]
async fn links_without_a_reference_sit_beside_links_with_one() {
    let sandbox = Sandbox::start().await.unwrap();
    let (status, _) = raw_create(
        &sandbox,
        r#"{"data":{"type":"payment_links","attributes":{"amount":"1","currency":"EUR","paymentType":"Invoice","expires_at":"2099-01-01T00:00:00.000Z"}}}"#,
    )
    .await;
    assert_eq!(status, 201);
    let client = good_client(&sandbox);
    client.create_link(&link("2", "later")).await.unwrap();
    let listed = client
        .list_payment_links(
            &txn_client::generated::operations::list_payment_links::Query::new()
                .reference("later".to_owned()),
        )
        .await
        .unwrap();
    assert_eq!(listed.data.len(), 1);
}

#[tokio::test]
async fn a_page_far_beyond_the_links_is_empty() {
    use secrecy::ExposeSecret;
    let sandbox = Sandbox::start().await.unwrap();
    good_client(&sandbox)
        .create_link(&link("1", "only"))
        .await
        .unwrap();
    let url = format!(
        "{}/api/public/v1/payment_links?page={}&per_page=100",
        sandbox.base_url(Provider::Txn),
        i64::MAX
    );
    let request = reqwest::Client::new()
        .get(url)
        .bearer_auth(sandbox.credentials().txn_api_key.expose_secret());
    let (status, body) = common::send_json(request).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"], json!([]));
    assert_eq!(body["meta"]["total"], 1);
}
