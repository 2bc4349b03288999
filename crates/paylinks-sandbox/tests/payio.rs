//! The simulated Pay.io API, through `payio-client` and through raw signed HTTP.

mod common;

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::RsaKeyPair;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use payio_client::generated::{DepositRequest, LinkExternalWallet, ListTransactionsRequest};
use paylinks_core::{Error, LinkStatus, Method, NewPaymentLink, PaymentLinkProvider, SecretString};
use paylinks_sandbox::{Credentials, Provider, Sandbox, StartError};
use rust_decimal::Decimal;
use secrecy::ExposeSecret;
use serde_json::{Value, json};

const USDC_ID: &str = "c872e749-fd56-533e-b01f-de87ae38e7f1";
const USDT_ID: &str = "1ce5be57-99ea-4fb2-9924-9596396c25f5";
const SOL_ID: &str = "1270e0a2-593b-5272-8c0e-90ba5552d921";
const LINK_PATH: &str = "/v1/user/deposit/link_external_wallet";
const TRANSACTIONS_PATH: &str = "/v1/user/transactions";

fn client(sandbox: &Sandbox, api_key: &str, pem: &SecretString) -> payio_client::Client {
    let environment = paylinks::sandbox::environment(sandbox, paylinks::Provider::Payio).unwrap();
    let credentials = payio_client::Credentials::new(api_key, pem.clone());
    paylinks::build(credentials, environment, &paylinks::Options::new()).unwrap()
}

fn api_key(sandbox: &Sandbox) -> &str {
    sandbox.credentials().payio_api_key.expose_secret()
}

fn pem(sandbox: &Sandbox) -> &SecretString {
    &sandbox.credentials().payio_private_key_pem
}

fn good_client(sandbox: &Sandbox) -> payio_client::Client {
    client(sandbox, api_key(sandbox), pem(sandbox))
}

/// A fresh RSA-2048 private key in PKCS#8 PEM, which the sandbox has never seen.
fn other_key() -> SecretString {
    let key = RsaKeyPair::generate(KeySize::Rsa2048).unwrap();
    let der = key.as_der().unwrap();
    let body = STANDARD.encode(der.as_ref());
    format!("-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----\n").into()
}

fn nonce() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The three auth headers, signed with `pem` over `METHOD + PATH + NONCE + BODY`.
fn signed(
    api_key: &str,
    pem: &SecretString,
    method: &Method,
    path: &str,
    nonce: &str,
    body: &str,
) -> Vec<(&'static str, String)> {
    let signature = payio_client::sign(pem, method, path, nonce, "", body.as_bytes()).unwrap();
    vec![
        ("x-api-key", api_key.to_owned()),
        ("x-api-nonce", nonce.to_owned()),
        ("x-api-signature", signature),
    ]
}

/// The headers a correct client sends for this request.
fn good(sandbox: &Sandbox, method: &Method, path: &str, body: &str) -> Vec<(&'static str, String)> {
    signed(api_key(sandbox), pem(sandbox), method, path, &nonce(), body)
}

/// Sends `body` to `path` under the sandbox's `/payio` with these headers; the status and the
/// JSON answer.
async fn send(
    sandbox: &Sandbox,
    method: Method,
    path: &str,
    headers: &[(&str, String)],
    body: &str,
) -> (u16, Value) {
    let url = format!("{}{path}", sandbox.base_url(Provider::Payio));
    let mut request = reqwest::Client::new()
        .request(method, url)
        .header("content-type", "application/json")
        .body(body.to_owned());
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    common::send_json(request).await
}

/// A correctly signed POST of `body` to `path`.
async fn post(sandbox: &Sandbox, path: &str, body: &str) -> (u16, Value) {
    let headers = good(sandbox, &Method::POST, path, body);
    send(sandbox, Method::POST, path, &headers, body).await
}

fn link_request(amount: &str, currency_id: &str, user: &str) -> String {
    json!({ "amount": amount, "currency_id": currency_id, "user_reference_id": user }).to_string()
}

fn listing(user: &str) -> ListTransactionsRequest {
    ListTransactionsRequest::new(user.to_owned())
}

fn validation_failed(errors: Value) -> Value {
    json!({ "error": "Validation failed", "errors": errors })
}

/// Pays a link as its payer would, on the sandbox's payer page; the page's text.
async fn pay(url: &str) -> String {
    let (status, page) = common::pay(url).await;
    assert_eq!(status, 200);
    page
}

#[tokio::test]
async fn a_link_through_the_trait_keeps_its_exact_amount_and_opens_the_payer_page() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = good_client(&sandbox);
    let link = NewPaymentLink::new(Decimal::new(10050, 2), "usdc").customer("hub_player_2");
    let created = client.create_link(&link).await.unwrap();
    assert_eq!(created.amount.to_string(), "100.50");
    assert_eq!(created.currency.as_deref(), Some("USDC"));
    assert_eq!(created.status, LinkStatus::Created);
    let url = created.url.clone().unwrap();
    assert!(
        url.starts_with(&format!("http://{}/payio/pay/", sandbox.addr())),
        "{url}"
    );
    assert_eq!(created.id, url);

    let (status, text) = common::page(&url).await;
    assert_eq!(status, 200);
    assert!(text.contains("100.50 USDC, status created"), "{text}");

    let (status, _) =
        common::page(&format!("{}/pay/nope", sandbox.base_url(Provider::Payio))).await;
    assert_eq!(status, 404);

    // Pay.io documents no way to read a link back, and the sandbox invents none.
    let error = client.get_link(&created.id).await.unwrap_err();
    assert!(matches!(error, Error::Unsupported { .. }), "{error:?}");
}

#[tokio::test]
async fn currency_codes_resolve_through_the_sandbox_list() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = good_client(&sandbox);
    for code in ["USDT", "SOL", "eth"] {
        let link = NewPaymentLink::new(Decimal::new(5, 0), code).customer("u1");
        let created = client.create_link(&link).await.unwrap();
        assert_eq!(
            created.currency.as_deref(),
            Some(code.to_uppercase().as_str())
        );
    }
    let doge = NewPaymentLink::new(Decimal::ONE, "DOGE").customer("u1");
    let error = client.create_link(&doge).await.unwrap_err();
    let Error::Unsupported { field, reason, .. } = &error else {
        panic!("expected Unsupported, got {error:?}");
    };
    assert_eq!(*field, "currency");
    assert!(
        reason.contains("(enabled: ETH, SOL, USDC, USDT)"),
        "{reason}"
    );
}

#[tokio::test]
async fn the_lower_level_operations_answer_as_documented() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = good_client(&sandbox);

    let headers = good(&sandbox, &Method::GET, "/v1/merchant/currencies", "");
    let (status, body) = send(
        &sandbox,
        Method::GET,
        "/v1/merchant/currencies",
        &headers,
        "",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({ "currencies": [
            { "id": "03cad133-ebdf-4fe0-acf7-99d7c4a8c797", "name": "Ether", "currency_code": "ETH", "symbol": "Ξ", "network": "Ethereum" },
            { "id": SOL_ID, "name": "SOL", "currency_code": "SOL", "symbol": "◎", "network": "Solana" },
            { "id": USDC_ID, "name": "USD Coin", "currency_code": "USDC", "symbol": "$", "network": "Base Chain" },
            { "id": USDT_ID, "name": "Tether USD", "currency_code": "USDT", "symbol": "₮", "network": "Ethereum" },
        ]})
    );
    let typed = client.currencies().await.unwrap().currencies.unwrap();
    assert_eq!(typed.len(), 4);

    let address = |currency_id: &str, user: &str| {
        DepositRequest::new(currency_id.to_owned(), user.to_owned())
    };
    let usdc = client
        .deposit_address(&address(USDC_ID, "hub_player_2"))
        .await
        .unwrap();
    assert_eq!(usdc.currency.as_deref(), Some("USD Coin"));
    assert_eq!(usdc.currency_code.as_deref(), Some("USDC"));
    assert_eq!(usdc.network.as_deref(), Some("Base Chain"));
    let wallet = usdc.wallet_address.clone().unwrap();
    assert_eq!(wallet.len(), 42);
    assert!(wallet.starts_with("0x"));
    assert!(wallet[2..].bytes().all(|b| b.is_ascii_hexdigit()));
    let again = client
        .deposit_address(&address(USDC_ID, "hub_player_2"))
        .await
        .unwrap();
    assert_eq!(again, usdc, "stable per currency and user");
    let other_user = client
        .deposit_address(&address(USDC_ID, "hub_player_3"))
        .await
        .unwrap();
    assert_ne!(other_user.wallet_address.as_deref(), Some(wallet.as_str()));
    let other_coin = client
        .deposit_address(&address(USDT_ID, "hub_player_2"))
        .await
        .unwrap();
    assert_ne!(other_coin.wallet_address.as_deref(), Some(wallet.as_str()));
    let sol = client
        .deposit_address(&address(SOL_ID, "hub_player_2"))
        .await
        .unwrap()
        .wallet_address
        .unwrap();
    assert!((32..=44).contains(&sol.len()), "{sol}");
    assert!(!sol.contains(['0', 'O', 'I', 'l']), "{sol}");

    let link = client
        .deposit_link(&LinkExternalWallet::new(
            // 28 characters, the longest amount the spec allows.
            "0.00000000000000000000000001".parse().unwrap(),
            SOL_ID.to_owned(),
            "hub_player_2".to_owned(),
        ))
        .await
        .unwrap();
    let (_, page) = common::page(&link.link).await;
    assert!(page.contains("0.00000000000000000000000001 SOL"), "{page}");
}

#[tokio::test]
async fn a_wrong_or_missing_api_key_is_the_documented_401() {
    let sandbox = Sandbox::start().await.unwrap();
    let error = client(&sandbox, "payio_wrong_key", pem(&sandbox))
        .currencies()
        .await
        .unwrap_err();
    let Error::Authentication(detail) = &error else {
        panic!("expected Authentication, got {error:?}");
    };
    assert_eq!(detail.status, 401);
    assert_eq!(detail.message.as_deref(), Some("invalid api key"));
    assert_eq!(
        common::json(&detail.body),
        json!({ "error": "invalid api key" })
    );

    let body = link_request("1", USDC_ID, "u1");
    let mut headers = good(&sandbox, &Method::POST, LINK_PATH, &body);
    headers.retain(|(name, _)| *name != "x-api-key");
    let answer = send(&sandbox, Method::POST, LINK_PATH, &headers, &body).await;
    assert_eq!(answer, (401, json!({ "error": "missing api key" })));
}

#[tokio::test]
async fn a_signature_by_another_key_or_over_other_bytes_is_refused() {
    let sandbox = Sandbox::start().await.unwrap();
    let body = link_request("1", USDC_ID, "u1");
    let refused = (401, json!({ "error": "invalid signature" }));

    let headers = signed(
        api_key(&sandbox),
        &other_key(),
        &Method::POST,
        LINK_PATH,
        &nonce(),
        &body,
    );
    assert_eq!(
        send(&sandbox, Method::POST, LINK_PATH, &headers, &body).await,
        refused
    );

    // Signed over one body, sent with another.
    let headers = good(&sandbox, &Method::POST, LINK_PATH, &body);
    let tampered = link_request("1000", USDC_ID, "u1");
    assert_eq!(
        send(&sandbox, Method::POST, LINK_PATH, &headers, &tampered).await,
        refused
    );

    // PATH is the operation's path, without the sandbox's /payio prefix.
    let headers = good(
        &sandbox,
        &Method::POST,
        &format!("/payio{LINK_PATH}"),
        &body,
    );
    assert_eq!(
        send(&sandbox, Method::POST, LINK_PATH, &headers, &body).await,
        refused
    );

    let mut headers = good(&sandbox, &Method::POST, LINK_PATH, &body);
    headers[2].1 = "not base64!".to_owned();
    assert_eq!(
        send(&sandbox, Method::POST, LINK_PATH, &headers, &body).await,
        refused
    );

    headers.pop();
    assert_eq!(
        send(&sandbox, Method::POST, LINK_PATH, &headers, &body).await,
        (401, json!({ "error": "missing signature" }))
    );
}

#[tokio::test]
async fn a_nonce_is_good_once_and_only_spent_by_an_accepted_request() {
    let sandbox = Sandbox::start().await.unwrap();
    let body = link_request("2.5", USDC_ID, "u1");
    let headers = good(&sandbox, &Method::POST, LINK_PATH, &body);
    let (status, first) = send(&sandbox, Method::POST, LINK_PATH, &headers, &body).await;
    assert_eq!(status, 200, "{first}");
    assert!(first["link"].as_str().unwrap().contains("/payio/pay/"));
    assert_eq!(
        send(&sandbox, Method::POST, LINK_PATH, &headers, &body).await,
        (401, json!({ "error": "nonce already used" }))
    );

    // A refused request does not spend its nonce.
    let reused = nonce();
    let forged = signed(
        api_key(&sandbox),
        &other_key(),
        &Method::POST,
        LINK_PATH,
        &reused,
        &body,
    );
    let (status, _) = send(&sandbox, Method::POST, LINK_PATH, &forged, &body).await;
    assert_eq!(status, 401);
    let headers = signed(
        api_key(&sandbox),
        pem(&sandbox),
        &Method::POST,
        LINK_PATH,
        &reused,
        &body,
    );
    let (status, _) = send(&sandbox, Method::POST, LINK_PATH, &headers, &body).await;
    assert_eq!(status, 200);
}

/// A nonce of 1 to 15 characters is the documented 400; a missing or empty one is a missing
/// credential, the 401 a missing key or signature is.
#[tokio::test]
async fn a_nonce_under_16_characters_is_the_documented_400_and_none_a_401() {
    let sandbox = Sandbox::start().await.unwrap();
    let body = link_request("1", USDC_ID, "u1");
    let short = (400, json!({ "error": "nonce too short" }));
    let missing = (401, json!({ "error": "missing nonce" }));
    let headers = signed(
        api_key(&sandbox),
        pem(&sandbox),
        &Method::POST,
        LINK_PATH,
        "123456789012345",
        &body,
    );
    assert_eq!(
        send(&sandbox, Method::POST, LINK_PATH, &headers, &body).await,
        short
    );
    let without: Vec<_> = headers
        .into_iter()
        .filter(|(name, _)| *name != "x-api-nonce")
        .collect();
    assert_eq!(
        send(&sandbox, Method::POST, LINK_PATH, &without, &body).await,
        missing
    );
    let empty = signed(
        api_key(&sandbox),
        pem(&sandbox),
        &Method::POST,
        LINK_PATH,
        "",
        &body,
    );
    assert_eq!(
        send(&sandbox, Method::POST, LINK_PATH, &empty, &body).await,
        missing
    );
    let headers = signed(
        api_key(&sandbox),
        pem(&sandbox),
        &Method::POST,
        LINK_PATH,
        "1234567890123456",
        &body,
    );
    let (status, _) = send(&sandbox, Method::POST, LINK_PATH, &headers, &body).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn credentials_are_checked_before_the_body() {
    let sandbox = Sandbox::start().await.unwrap();
    let body = "<html>";
    let headers = signed(
        "payio_wrong_key",
        pem(&sandbox),
        &Method::POST,
        LINK_PATH,
        &nonce(),
        body,
    );
    assert_eq!(
        send(&sandbox, Method::POST, LINK_PATH, &headers, body).await,
        (401, json!({ "error": "invalid api key" }))
    );
}

#[tokio::test]
async fn a_body_that_breaks_the_schema_is_the_documented_422() {
    let sandbox = Sandbox::start().await.unwrap();
    assert_eq!(
        post(
            &sandbox,
            LINK_PATH,
            r#"{"amount":100.5,"user_reference_id":"u1"}"#
        )
        .await,
        (
            422,
            validation_failed(json!({
                "amount": ["is invalid"],
                "currency_id": ["can't be blank"],
            }))
        )
    );
    assert_eq!(
        post(&sandbox, LINK_PATH, "<html>not json</html>").await,
        (
            422,
            validation_failed(json!({ "body": ["is not valid JSON"] }))
        )
    );
    assert_eq!(
        post(
            &sandbox,
            TRANSACTIONS_PATH,
            r#"{"user_reference_id":"u1","first":"5","transaction_types":["Deposit",7]}"#
        )
        .await,
        (
            422,
            validation_failed(json!({
                "first": ["is invalid"],
                "transaction_types": ["is invalid"],
            }))
        )
    );
    assert_eq!(
        post(&sandbox, "/v1/user/deposit/address", "[]").await,
        (422, validation_failed(json!({ "body": ["is invalid"] })))
    );

    // The spec states a plain decimal amount above zero and a user reference that is not
    // blank (both refused unstated before).
    assert_eq!(
        post(
            &sandbox,
            LINK_PATH,
            &link_request("0", "00000000-0000-0000-0000-000000000000", " ")
        )
        .await,
        (
            422,
            validation_failed(json!({
                "amount": ["is invalid"],
                "user_reference_id": ["can't be blank"],
            }))
        )
    );
    let too_long = format!("0.{}", "1".repeat(27));
    for amount in [
        "-1.5", "0.00", "1e3", "1_000", "+1", ".5", "5.", "ten", "", &too_long,
    ] {
        let (status, body) = post(&sandbox, LINK_PATH, &link_request(amount, USDC_ID, "u1")).await;
        assert_eq!(status, 422, "{amount}");
        assert_eq!(body["errors"].as_object().unwrap().len(), 1, "{amount}");
        assert!(body["errors"]["amount"].is_array(), "{amount}: {body}");
    }
}

#[tokio::test]
async fn rules_the_schema_cannot_state_are_422_too() {
    let sandbox = Sandbox::start().await.unwrap();
    assert_eq!(
        post(
            &sandbox,
            LINK_PATH,
            &link_request("0.01", "00000000-0000-0000-0000-000000000000", "u1")
        )
        .await,
        (
            422,
            validation_failed(json!({ "currency_id": ["does not exist"] }))
        )
    );

    // Through the client, an unknown currency id is a validation error on that field.
    let error = good_client(&sandbox)
        .deposit_address(&DepositRequest::new(
            "d0d0d0d0-0000-4000-8000-000000000000".to_owned(),
            "u1".to_owned(),
        ))
        .await
        .unwrap_err();
    let Error::Validation(detail) = &error else {
        panic!("expected Validation, got {error:?}");
    };
    assert_eq!(detail.status, 422);
    assert_eq!(detail.message.as_deref(), Some("Validation failed"));
    let fields: Vec<_> = detail
        .fields
        .iter()
        .map(|f| (f.field.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(fields, [("currency_id", "does not exist")]);
}

#[tokio::test]
async fn paying_a_link_records_a_deposit_that_the_transactions_call_lists() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = good_client(&sandbox);
    let link = NewPaymentLink::new(Decimal::new(10050, 2), "USDC").customer("hub_player_2");
    let created = client.create_link(&link).await.unwrap();
    let unpaid = client
        .create_link(&NewPaymentLink::new(Decimal::ONE, "USDC").customer("hub_player_3"))
        .await
        .unwrap();

    let empty = client
        .user_transactions(&listing("hub_player_2"))
        .await
        .unwrap();
    assert_eq!(empty.edges.as_deref(), Some(&[][..]));
    assert_eq!(empty.total_count, Some(0));
    let info = empty.page_info.unwrap();
    assert!(!info.has_next_page && !info.has_previous_page);
    assert_eq!((info.start_cursor, info.end_cursor), (None, None));

    let url = created.url.unwrap();
    assert!(pay(&url).await.contains("100.50 USDC, status completed"));
    // Paying again changes nothing.
    pay(&url).await;

    let page = client
        .user_transactions(&listing("hub_player_2"))
        .await
        .unwrap();
    assert_eq!(page.total_count, Some(1));
    let edges = page.edges.unwrap();
    assert_eq!(edges.len(), 1);
    let node = edges[0].node.clone().unwrap();
    assert_eq!(node.amount, Some(Decimal::new(10050, 2)));
    assert_eq!(node.merchant_status.as_deref(), Some("Completed"));
    assert_eq!(node.failure_reason, None);
    assert!(node.completed_at.is_some());
    assert_eq!(node.inserted_at, edges[0].inserted_at);
    let currency = node.currency.unwrap();
    assert_eq!(currency.code.as_deref(), Some("USDC"));
    assert_eq!(currency.id.as_deref(), Some(USDC_ID));
    assert_eq!(
        currency.token_address.as_deref(),
        Some("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913")
    );

    // On the wire, the amount has Pay.io's 30 decimal places.
    let (status, raw) = post(
        &sandbox,
        TRANSACTIONS_PATH,
        r#"{"user_reference_id":"hub_player_2","time_range":"today","transaction_types":["Deposit"]}"#,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        raw["edges"][0]["node"]["amount"],
        "100.500000000000000000000000000000"
    );
    let cursor = STANDARD
        .decode(raw["edges"][0]["cursor"].as_str().unwrap())
        .unwrap();
    let cursor = String::from_utf8(cursor).unwrap();
    assert_eq!(
        cursor.split_once('|').unwrap().0,
        raw["edges"][0]["inserted_at"]
    );

    for (filters, total) in [
        (json!({ "transaction_types": ["Payout"] }), 0),
        (json!({ "time_range": "yesterday" }), 0),
        (json!({ "time_range": "last_24hrs" }), 1),
    ] {
        let mut body = filters.clone();
        body["user_reference_id"] = json!("hub_player_2");
        let (status, answer) = post(&sandbox, TRANSACTIONS_PATH, &body.to_string()).await;
        assert_eq!(
            (status, &answer["total_count"]),
            (200, &json!(total)),
            "{filters}"
        );
    }
    assert_eq!(
        post(
            &sandbox,
            TRANSACTIONS_PATH,
            r#"{"user_reference_id":"hub_player_2","time_range":"someday"}"#
        )
        .await,
        (
            422,
            validation_failed(json!({ "time_range": ["is invalid"] }))
        )
    );

    // The other user's link was not paid.
    let other = client
        .user_transactions(&listing("hub_player_3"))
        .await
        .unwrap();
    assert_eq!(other.total_count, Some(0));
    let (_, page) = common::page(&unpaid.url.unwrap()).await;
    assert!(page.contains("status created"));
}

#[tokio::test]
async fn transactions_page_newest_first_with_cursors() {
    let sandbox = Sandbox::start().await.unwrap();
    let client = good_client(&sandbox);
    for amount in [1, 2, 3] {
        let link = NewPaymentLink::new(Decimal::new(amount, 0), "SOL").customer("u1");
        let created = client.create_link(&link).await.unwrap();
        pay(&created.url.unwrap()).await;
    }
    let amounts = |page: &payio_client::generated::ListTransactionsResponse| -> Vec<String> {
        page.edges
            .iter()
            .flatten()
            .map(|e| {
                e.node
                    .as_ref()
                    .unwrap()
                    .amount
                    .unwrap()
                    .normalize()
                    .to_string()
            })
            .collect()
    };

    let first = client
        .user_transactions(&listing("u1").first(2))
        .await
        .unwrap();
    assert_eq!(amounts(&first), ["3", "2"]);
    assert_eq!(first.total_count, Some(3));
    let info = first.page_info.clone().unwrap();
    assert!(info.has_next_page && !info.has_previous_page);

    let mut next = listing("u1").first(2);
    next.after = info.end_cursor.clone();
    let second = client.user_transactions(&next).await.unwrap();
    assert_eq!(amounts(&second), ["1"]);
    let info = second.page_info.clone().unwrap();
    assert!(!info.has_next_page && info.has_previous_page);

    let mut previous = listing("u1").last(5);
    previous.before = info.start_cursor.clone();
    let back = client.user_transactions(&previous).await.unwrap();
    assert_eq!(amounts(&back), ["3", "2"]);
    let last = client
        .user_transactions(&listing("u1").last(1))
        .await
        .unwrap();
    assert_eq!(amounts(&last), ["1"]);

    assert_eq!(
        post(
            &sandbox,
            TRANSACTIONS_PATH,
            r#"{"user_reference_id":"u1","after":"bm9wZQ==","last":-1}"#
        )
        .await,
        (
            422,
            validation_failed(json!({ "last": ["must be greater than or equal to 0"] }))
        )
    );
    assert_eq!(
        post(
            &sandbox,
            TRANSACTIONS_PATH,
            r#"{"user_reference_id":"u1","after":"bm9wZQ=="}"#
        )
        .await,
        (422, validation_failed(json!({ "after": ["is invalid"] })))
    );
}

#[tokio::test]
async fn signatures_verify_against_the_configured_key_only() {
    let key = other_key();
    let mut credentials = Credentials::default();
    credentials.payio_private_key_pem = key.clone();
    let sandbox = Sandbox::builder()
        .credentials(credentials)
        .start()
        .await
        .unwrap();
    let with_configured = client(&sandbox, api_key(&sandbox), &key);
    assert_eq!(
        with_configured
            .currencies()
            .await
            .unwrap()
            .currencies
            .unwrap()
            .len(),
        4
    );
    let default_pem = Credentials::default().payio_private_key_pem;
    let error = client(&sandbox, api_key(&sandbox), &default_pem)
        .currencies()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Authentication(d) if d.message.as_deref() == Some("invalid signature")),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_key_that_is_not_a_pem_rsa_private_key_stops_the_start() {
    let mut credentials = Credentials::default();
    let broken = Credentials::default()
        .payio_private_key_pem
        .expose_secret()
        .replace("MII", "XXX");
    credentials.payio_private_key_pem = broken.clone().into();
    let error = Sandbox::builder()
        .credentials(credentials)
        .start()
        .await
        .unwrap_err();
    let StartError::Credentials { field, reason } = &error else {
        panic!("expected Credentials, got {error:?}");
    };
    assert_eq!(*field, "payio_private_key_pem");
    let body_line = broken.lines().nth(1).unwrap();
    assert!(!error.to_string().contains(body_line), "{error}");
    assert!(!reason.contains(&body_line[..16]), "{reason}");
}
