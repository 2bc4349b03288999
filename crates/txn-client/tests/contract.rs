//! Contract tests: Txn's documented requests and replies, served by httpmock on 127.0.0.1.

use std::time::Duration;

use futures_util::StreamExt;
use httpmock::When;
use httpmock::prelude::*;
use paylinks_core::{
    Environment, Error, HttpConfig, LinkFilter, LinkStatus, Listing, NewPaymentLink, PaymentLink,
    PaymentLinkProvider, PaymentOutcome, Support,
};
use paylinks_testkit::{Recorded, Recorder, link_summary};
use rust_decimal::Decimal;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use txn_client::generated::operations::list_payment_links;
use txn_client::generated::{
    CreatePaymentLinkAttributes, CreatePaymentLinkData, CreatePaymentLinkRequest, OrderType,
    PaymentLinkOrder, PaymentLinkRequestType, PaymentLinkStatus, PaymentMethod, PaymentType,
};
use txn_client::{Client, Credentials};

const KEY: &str = "txn_cmp_s3cr3t_test_key_do_not_print";
const MEDIA: &str = "application/vnd.api+json";
const ID: &str = "46df1a5c-a478-427f-a988-a2dacb235d6b";
const REFERENCE: &str = "8c40d8b6-ccdf-4861-a6d6-6c3125ce3f31";
const LINKS: &str = "/api/public/v1/payment_links";
const LINK: &str = "/api/public/v1/payment_links/46df1a5c-a478-427f-a988-a2dacb235d6b";

/// The seed's HTTP 201 example, verbatim.
const SEED_201: &str = include_str!("fixtures/reply_create_201.json");

/// The seed's cURL request body, verbatim.
const SEED_REQUEST: &str = r#"{
  "data": {
    "type": "payment_links",
    "attributes": {
      "amount": "100",
      "currency": "EUR",
      "accountCurrency": "EUR",
      "reference": "8c40d8b6-ccdf-4861-a6d6-6c3125ce3f31",
      "expires_at": "2026-06-01T23:00:00.000Z",
      "paymentType": "Invoice",
      "paymentMethods": ["on_chain"],
      "payCurrencies": ["USDT", "BTC"],
      "successRedirectUrl": "https://example.com/success",
      "unsuccessRedirectUrl": "https://example.com/fail"
    }
  }
}"#;

/// The seed's first HTTP 422 example (duplicate reference), verbatim.
const SEED_422_DUPLICATE: &str = include_str!("fixtures/reply_duplicate_422.json");

/// The seed's second HTTP 422 example (unsupported pay currency), verbatim.
const SEED_422_PAY_CURRENCY: &str = include_str!("fixtures/reply_pay_currency_422.json");

/// The 401 body from Txn's authentication page, verbatim.
const DOC_401: &str = include_str!("fixtures/reply_unauthorized_401.json");

/// The exact body this crate sends for the seed's request (serde field order; the expiry in
/// RFC 3339 without the zero milliseconds).
const SEED_REQUEST_WIRE: &str = r#"{"data":{"type":"payment_links","attributes":{"amount":"100","currency":"EUR","paymentType":"Invoice","expires_at":"2026-06-01T23:00:00Z","accountCurrency":"EUR","paymentMethods":["on_chain"],"payCurrencies":["USDT","BTC"],"reference":"8c40d8b6-ccdf-4861-a6d6-6c3125ce3f31","successRedirectUrl":"https://example.com/success","unsuccessRedirectUrl":"https://example.com/fail"}}}"#;

// ----------------------------------------------------------------------------------------------
// Helpers

fn no_retries() -> HttpConfig {
    let mut config = HttpConfig::default();
    config.retries = 0;
    config
}

fn client_with(server: &MockServer, config: HttpConfig) -> Client {
    Client::builder(Credentials::new(KEY))
        .environment(Environment::custom(&server.base_url()).unwrap())
        .http_config(config)
        .build()
        .unwrap()
}

fn client(server: &MockServer) -> Client {
    client_with(server, no_retries())
}

fn at(text: &str) -> OffsetDateTime {
    OffsetDateTime::parse(text, &Rfc3339).unwrap()
}

/// The recorded headers as snapshot lines, the client's version in `user-agent` masked so that
/// a release changes no snapshot.
fn header_lines(seen: &Recorded) -> String {
    seen.header_lines()
        .lines()
        .map(|line| match line.strip_prefix("user-agent: paylinks/") {
            Some(_) => "user-agent: paylinks/[version]",
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The headers every Txn request carries.
fn common(when: When) -> When {
    when.header("authorization", format!("Bearer {KEY}"))
        .header("accept", MEDIA)
}

fn seed_request() -> CreatePaymentLinkRequest {
    CreatePaymentLinkRequest::new(CreatePaymentLinkData::new(
        PaymentLinkRequestType::PaymentLinks,
        CreatePaymentLinkAttributes::new(
            "100".parse().unwrap(),
            "EUR".into(),
            PaymentType::Invoice,
            at("2026-06-01T23:00:00.000Z"),
        )
        .account_currency("EUR".into())
        .payment_methods(vec![PaymentMethod::OnChain])
        .pay_currencies(vec!["USDT".into(), "BTC".into()])
        .reference(REFERENCE.into())
        .success_redirect_url("https://example.com/success".into())
        .unsuccess_redirect_url("https://example.com/fail".into()),
    ))
}

fn resource_with_status(status: &str) -> String {
    SEED_201.replace(
        r#""status": "created""#,
        &format!(r#""status": "{status}""#),
    )
}

/// Normalises the expiry so the seed's `.000Z` and RFC 3339's `Z` compare equal.
fn normalised(text: &str) -> serde_json::Value {
    let mut value: serde_json::Value = serde_json::from_str(text).unwrap();
    let expiry = &mut value["data"]["attributes"]["expires_at"];
    let instant = at(expiry.as_str().unwrap());
    *expiry = serde_json::Value::String(instant.format(&Rfc3339).unwrap());
    value
}

// ----------------------------------------------------------------------------------------------
// Operations

#[tokio::test]
async fn create_sends_the_seed_request_and_decodes_the_seed_201() {
    let server = MockServer::start_async().await;
    let recorder = Recorder::default();
    let mock = server
        .mock_async(|when, then| {
            common(when)
                .method(POST)
                .path(LINKS)
                .header("content-type", MEDIA)
                .body(SEED_REQUEST_WIRE)
                .is_true(recorder.matcher());
            then.status(201)
                .header("content-type", MEDIA)
                .body(SEED_201);
        })
        .await;

    let document = client(&server)
        .create_payment_link(&seed_request())
        .await
        .unwrap();
    mock.assert_async().await;

    let seen = recorder.last();
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.uri, LINKS);
    // Same document as the seed's cURL example, field for field.
    assert_eq!(normalised(&seen.body), normalised(SEED_REQUEST));
    insta::assert_snapshot!("create_request_body", seen.body);
    insta::assert_snapshot!("create_request_headers", header_lines(&seen));

    assert_eq!(document.data.id, ID);
    assert_eq!(document.data.attributes.amount.to_string(), "100.00");
    assert_eq!(document.data.attributes.status, PaymentLinkStatus::Created);
    insta::assert_debug_snapshot!("create_response", document);
}

#[tokio::test]
async fn get_reads_one_link() {
    let server = MockServer::start_async().await;
    let recorder = Recorder::default();
    let mock = server
        .mock_async(|when, then| {
            common(when)
                .method(GET)
                .path(LINK)
                .header_missing("content-type")
                .is_true(recorder.matcher());
            then.status(200)
                .header("content-type", MEDIA)
                .body(resource_with_status("pending"));
        })
        .await;

    let document = client(&server).get_payment_link(ID).await.unwrap();
    mock.assert_async().await;

    let seen = recorder.last();
    assert_eq!((seen.method.as_str(), seen.uri.as_str()), ("GET", LINK));
    assert_eq!(seen.body, "");
    insta::assert_snapshot!("get_request_headers", header_lines(&seen));
    assert_eq!(document.data.attributes.status, PaymentLinkStatus::Pending);
    insta::assert_debug_snapshot!("get_response", document);
}

#[tokio::test]
async fn get_escapes_the_id_and_refuses_an_empty_one_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            common(when)
                .method(GET)
                .path("/api/public/v1/payment_links/a%2Fb%3Fc");
            then.status(200).body(SEED_201);
        })
        .await;
    let client = client(&server);
    client.get_payment_link("a/b?c").await.unwrap();
    mock.assert_async().await;

    let err = client.get_payment_link("").await.unwrap_err();
    assert_eq!(err.kind(), "invalid_request");
    assert_eq!(
        err.to_string(),
        "txn: invalid request: id: must be a non-empty path segment other than . and .."
    );
    let err = client.expire_payment_link("..").await.unwrap_err();
    assert_eq!(err.kind(), "invalid_request");
    mock.assert_calls_async(1).await;
}

const LIST_200: &str = include_str!("fixtures/reply_list_200.json");

#[tokio::test]
async fn list_sends_every_filter_and_keeps_paging_as_raw_json() {
    let server = MockServer::start_async().await;
    let recorder = Recorder::default();
    let mock = server
        .mock_async(|when, then| {
            common(when)
                .method(GET)
                .path(LINKS)
                .query_param("order", "created_at")
                .query_param("order_type", "desc")
                .query_param("page", "2")
                .query_param("per_page", "1")
                .query_param("reference", REFERENCE)
                .query_param("created_at_from", "2024-06-18T15:49:02.031Z")
                .query_param("created_at_to", "2026-06-01T23:00:00Z")
                .header_missing("content-type")
                .is_true(recorder.matcher());
            then.status(200)
                .header("content-type", MEDIA)
                .body(LIST_200);
        })
        .await;

    let query = list_payment_links::Query::new()
        .order(PaymentLinkOrder::CreatedAt)
        .order_type(OrderType::Desc)
        .page(2)
        .per_page(1)
        .reference(REFERENCE.into())
        .created_at_from(at("2024-06-18T15:49:02.031Z"))
        .created_at_to(at("2026-06-02T01:00:00+02:00"));
    let document = client(&server).list_payment_links(&query).await.unwrap();
    mock.assert_async().await;

    let seen = recorder.last();
    assert_eq!(
        seen.uri,
        "/api/public/v1/payment_links?order=created_at&order_type=desc&page=2&per_page=1\
         &reference=8c40d8b6-ccdf-4861-a6d6-6c3125ce3f31\
         &created_at_from=2024-06-18T15%3A49%3A02.031Z&created_at_to=2026-06-01T23%3A00%3A00Z"
    );
    assert_eq!(seen.body, "");
    insta::assert_snapshot!("list_request_headers", header_lines(&seen));
    assert_eq!(document.data.len(), 1);
    assert_eq!(
        document.meta.as_ref().unwrap()["total"],
        serde_json::json!(7)
    );
    insta::assert_debug_snapshot!("list_response", document);
}

/// What the sandbox refuses, the spec now states, so it is refused before anything is sent:
/// an empty coin in `payCurrencies` (the sandbox answered `unsupported_pay_currency`), an
/// amount of 0 or below, and one written in more than 28 characters.
#[tokio::test]
async fn create_refuses_what_the_spec_states_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(201).body(SEED_201);
        })
        .await;
    let client = client(&server);
    let with = |amount: &str, coins: Vec<String>| {
        let mut request = seed_request();
        request.data.attributes.amount = amount.parse().unwrap();
        request.data.attributes.pay_currencies = Some(coins);
        request
    };
    for (amount, coins, expected) in [
        (
            "100",
            vec!["USDT".into(), String::new()],
            "data.attributes.payCurrencies[1]: must be at least 1 characters long",
        ),
        (
            "0",
            vec![],
            "data.attributes.amount: must be greater than 0",
        ),
        (
            "-5.00",
            vec![],
            "data.attributes.amount: must be greater than 0",
        ),
        (
            "1234567890.123456789012345678",
            vec![],
            "data.attributes.amount: must be at most 28 characters long",
        ),
    ] {
        let err = client
            .create_payment_link(&with(amount, coins))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), "invalid_request", "{amount}");
        assert_eq!(err.to_string(), format!("txn: invalid request: {expected}"));
    }
    mock.assert_calls_async(0).await;
}

#[tokio::test]
async fn list_without_filters_sends_no_query_and_refuses_unknown_enums_before_sending() {
    let server = MockServer::start_async().await;
    let recorder = Recorder::default();
    let mock = server
        .mock_async(|when, then| {
            common(when)
                .method(GET)
                .path(LINKS)
                .is_true(recorder.matcher());
            then.status(200).body(r#"{"data":[]}"#);
        })
        .await;
    let client = client(&server);
    let document = client
        .list_payment_links(&list_payment_links::Query::default())
        .await
        .unwrap();
    assert!(document.data.is_empty());
    assert_eq!(recorder.last().uri, LINKS);

    let query = list_payment_links::Query::new().order_type(OrderType::Unknown("sideways".into()));
    let err = client.list_payment_links(&query).await.unwrap_err();
    assert_eq!(err.kind(), "invalid_request");
    assert_eq!(
        err.to_string(),
        "txn: invalid request: order_type: must be one of asc, desc"
    );
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn expire_posts_no_body_and_decodes_the_expired_link() {
    let server = MockServer::start_async().await;
    let recorder = Recorder::default();
    let mock = server
        .mock_async(|when, then| {
            common(when)
                .method(POST)
                .path(format!("{LINK}/expiration"))
                .header_missing("content-type")
                .body("")
                .is_true(recorder.matcher());
            then.status(200)
                .header("content-type", MEDIA)
                .body(resource_with_status("expired"));
        })
        .await;

    let document = client(&server).expire_payment_link(ID).await.unwrap();
    mock.assert_async().await;

    let seen = recorder.last();
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.uri, format!("{LINK}/expiration"));
    assert_eq!(seen.body, "");
    insta::assert_snapshot!("expire_request_headers", header_lines(&seen));
    assert_eq!(document.data.attributes.status, PaymentLinkStatus::Expired);
    assert_eq!(
        PaymentLink::from(&document.data).status,
        LinkStatus::Expired
    );
}

// ----------------------------------------------------------------------------------------------
// Documented error bodies

async fn create_error(status: u16, body: &str) -> (Error, usize) {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path(LINKS);
            then.status(status).header("content-type", MEDIA).body(body);
        })
        .await;
    let err = client(&server)
        .create_payment_link(&seed_request())
        .await
        .unwrap_err();
    // A 5xx may have made the link: the error says so, names the reference, and keeps the
    // provider's answer as its cause (nothing answers the lookup by reference here).
    let err = match err {
        Error::Unconfirmed {
            cause, look_up_by, ..
        } => {
            assert!(status >= 500, "{status}: {cause:?}");
            assert_eq!(look_up_by, Some(("reference", REFERENCE.to_owned())));
            *cause
        }
        other => {
            assert!(status < 500, "{status}: {other:?}");
            other
        }
    };
    (err, mock.calls_async().await)
}

#[tokio::test]
async fn seed_422_reference_duplicate_is_duplicate_naming_the_reference() {
    let (err, calls) = create_error(422, SEED_422_DUPLICATE).await;
    assert_eq!(calls, 1);
    assert_eq!(err.kind(), "duplicate");
    let Error::Duplicate { reference, detail } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(reference.as_deref(), Some(REFERENCE));
    assert_eq!(detail.provider, "txn");
    assert_eq!(detail.status, 422);
    assert_eq!(detail.code.as_deref(), Some("reference_duplicate"));
    assert_eq!(
        detail.message.as_deref(),
        Some("Reference duplicate: 8c40d8b6-ccdf-4861-a6d6-6c3125ce3f31")
    );
    assert!(detail.fields.is_empty());
    assert_eq!(detail.body, SEED_422_DUPLICATE.as_bytes());
    assert!(!err.is_retryable());
    insta::assert_snapshot!("error_display_duplicate", err.to_string());
}

#[tokio::test]
async fn reference_duplicate_without_detail_names_the_sent_reference() {
    let body = r#"{"errors":[{"status":422,"title":"Reference duplicate","code":"reference_duplicate","detail":""}]}"#;
    let (err, _) = create_error(422, body).await;
    let Error::Duplicate { reference, detail } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(reference.as_deref(), Some(REFERENCE));
    assert_eq!(detail.message.as_deref(), Some("Reference duplicate"));
}

#[tokio::test]
async fn seed_422_unsupported_pay_currency_is_validation_on_pay_currencies() {
    let (err, calls) = create_error(422, SEED_422_PAY_CURRENCY).await;
    assert_eq!(calls, 1);
    assert_eq!(err.kind(), "validation");
    let detail = err.provider_error().unwrap();
    assert_eq!(detail.status, 422);
    assert_eq!(detail.code.as_deref(), Some("unsupported_pay_currency"));
    assert_eq!(detail.message.as_deref(), Some("Unsupported pay currency"));
    assert_eq!(detail.fields.len(), 1);
    assert_eq!(detail.fields[0].field, "payCurrencies");
    assert_eq!(detail.fields[0].message, "Unsupported pay currency");
    assert_eq!(
        err.to_string(),
        "validation failed: txn: HTTP 422 unsupported_pay_currency: Unsupported pay currency \
         (payCurrencies: Unsupported pay currency)"
    );
}

#[tokio::test]
async fn documented_401_is_authentication_on_every_call() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(401).header("content-type", MEDIA).body(DOC_401);
        })
        .await;
    let client = client(&server);
    let errors = vec![
        client
            .create_payment_link(&seed_request())
            .await
            .unwrap_err(),
        client.get_payment_link(ID).await.unwrap_err(),
        client
            .list_payment_links(&list_payment_links::Query::default())
            .await
            .unwrap_err(),
        client.expire_payment_link(ID).await.unwrap_err(),
    ];
    mock.assert_calls_async(4).await;
    for err in errors {
        assert_eq!(err.kind(), "auth", "{err:?}");
        let detail = err.provider_error().unwrap();
        assert_eq!(detail.status, 401);
        assert_eq!(detail.code.as_deref(), Some("unauthorized"));
        assert_eq!(
            detail.message.as_deref(),
            Some("HTTP Token: Access denied.")
        );
        assert!(detail.fields.is_empty());
        assert_eq!(
            err.to_string(),
            "authentication failed: txn: HTTP 401 unauthorized: HTTP Token: Access denied."
        );
    }
}

#[tokio::test]
async fn other_json_api_errors_map_by_status_with_code_title_and_detail() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path(format!("{LINKS}/missing"));
            then.status(404).header("content-type", MEDIA).body(
                r#"{"errors":[{"status":"404","title":"Record not found","detail":"Payment link missing","code":"not_found"}]}"#,
            );
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST).path(format!("{LINK}/expiration"));
            then.status(422).header("content-type", MEDIA).body(
                r#"{"errors":[{"status":422,"title":"Invalid transition","code":"invalid_status","source":{"pointer":"/data/attributes/status"}},{"title":"Second","detail":"More"}]}"#,
            );
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path(LINKS);
            then.status(429).header("retry-after", "7").body(
                r#"{"errors":[{"status":429,"title":"Too many requests","code":"rate_limited"}]}"#,
            );
        })
        .await;
    let client = client(&server);

    let err = client.get_payment_link("missing").await.unwrap_err();
    assert_eq!(err.kind(), "not_found");
    let detail = err.provider_error().unwrap();
    assert_eq!(detail.status, 404);
    assert_eq!(detail.code.as_deref(), Some("not_found"));
    assert_eq!(
        detail.message.as_deref(),
        Some("Record not found: Payment link missing")
    );

    let err = client.expire_payment_link(ID).await.unwrap_err();
    assert_eq!(err.kind(), "validation");
    let detail = err.provider_error().unwrap();
    assert_eq!(detail.code.as_deref(), Some("invalid_status"));
    assert_eq!(
        detail.message.as_deref(),
        Some("Invalid transition; Second: More")
    );
    assert_eq!(detail.fields.len(), 1);
    assert_eq!(detail.fields[0].field, "status");
    assert_eq!(detail.fields[0].message, "Invalid transition");

    let err = client
        .list_payment_links(&list_payment_links::Query::default())
        .await
        .unwrap_err();
    let Error::RateLimited {
        retry_after,
        detail,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*retry_after, Some(Duration::from_secs(7)));
    assert_eq!(detail.code.as_deref(), Some("rate_limited"));
    assert!(err.is_retryable());
}

// ----------------------------------------------------------------------------------------------
// Bodies that are not what the docs show: never a panic

#[tokio::test]
async fn html_502_is_unavailable() {
    let html = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
    let (err, calls) = create_error(502, html).await;
    assert_eq!(calls, 1, "a create is never retried once sent");
    assert_eq!(err.kind(), "unavailable");
    let detail = err.provider_error().unwrap();
    assert_eq!(detail.status, 502);
    assert_eq!(detail.code, None);
    assert_eq!(detail.message, None);
    assert!(err.is_retryable());
    assert_eq!(err.to_string(), "unavailable: txn: HTTP 502");
}

#[tokio::test]
async fn a_5xx_is_unavailable_whatever_its_json_says() {
    let (err, _) = create_error(503, DOC_401).await;
    assert_eq!(err.kind(), "unavailable");
    assert_eq!(
        err.provider_error().unwrap().code.as_deref(),
        Some("unauthorized")
    );
    let (err, _) = create_error(500, SEED_422_DUPLICATE).await;
    assert_eq!(err.kind(), "unavailable");
}

#[tokio::test]
async fn empty_and_truncated_error_bodies_map_by_status() {
    for (status, body, kind) in [
        (401, "", "auth"),
        (403, "", "auth"),
        (404, "", "not_found"),
        (422, "", "validation"),
        (422, r#"{"errors":[{"title":"Reference dup"#, "validation"),
        (409, "not json", "duplicate"),
        (418, "[]", "rejected"),
        (400, r#"{"errors":"nope"}"#, "validation"),
        (500, "", "unavailable"),
    ] {
        let (err, _) = create_error(status, body).await;
        assert_eq!(err.kind(), kind, "{status} {body:?}: {err:?}");
        let detail = err.provider_error().unwrap();
        assert_eq!(detail.status, status);
        assert_eq!(detail.code, None);
        assert_eq!(detail.message, None);
    }
}

#[tokio::test]
async fn truncated_or_empty_success_bodies_are_decode_errors() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path(LINK);
            then.status(200).body(&SEED_201[..200]);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST).path(format!("{LINK}/expiration"));
            then.status(200);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST).path(LINKS);
            then.status(201)
                .body(SEED_201.replace("\"100.00\"", "\"lots\""));
        })
        .await;
    let client = client(&server);

    let err = client.get_payment_link(ID).await.unwrap_err();
    assert_eq!(err.kind(), "decode");
    let Error::Decode { status, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*status, 200);

    // An expiry or a create answered with an unreadable success may have taken effect:
    // unconfirmed, the decode error its cause (nothing answers the lookup by reference here).
    let err = client.expire_payment_link(ID).await.unwrap_err();
    let err = paylinks_testkit::unconfirmed(err, None);
    assert_eq!(err.kind(), "decode");

    let err = client
        .create_payment_link(&seed_request())
        .await
        .unwrap_err();
    let err = paylinks_testkit::unconfirmed(err, Some(("reference", REFERENCE)));
    let Error::Decode { path, status, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!((path.as_str(), *status), ("data.attributes.amount", 201));
}

#[tokio::test]
async fn a_success_status_carrying_json_api_errors_is_an_error() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path(LINK);
            then.status(200).body(DOC_401);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST).path(LINKS);
            then.status(200)
                .body(r#"{"errors":[{"title":"Something odd","code":"odd"}]}"#);
        })
        .await;
    let client = client(&server);
    let err = client.get_payment_link(ID).await.unwrap_err();
    assert_eq!(err.kind(), "auth");
    let err = client
        .create_payment_link(&seed_request())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "rejected");
    let detail = err.provider_error().unwrap();
    assert_eq!((detail.status, detail.code.as_deref()), (200, Some("odd")));
}

#[tokio::test]
async fn unknown_enum_values_and_extra_fields_are_kept() {
    let body = SEED_201
        .replace(r#""status": "created""#, r#""status": "archived""#)
        .replace(r#""type": "paymentLinks""#, r#""type": "paymentLinksV2""#)
        .replace(r#""paymentType": "Invoice""#, r#""paymentType": "Subscription""#)
        .replace(r#""on_chain""#, r#""lightning""#)
        .replace(
            r#""currency": "EUR","#,
            r#""currency": "EUR", "brandNewField": {"nested": [1, 2, 3]}, "payCurrencies": ["USDT"],"#,
        )
        .replace(r#""meta": {}"#, r#""meta": {}, "links": {"self": "x"}, "surprise": true"#);
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path(LINK);
            then.status(200).body(body);
        })
        .await;
    let client = client(&server);
    let document = client.get_payment_link(ID).await.unwrap();
    let attributes = &document.data.attributes;
    assert_eq!(
        attributes.status,
        PaymentLinkStatus::Unknown("archived".into())
    );
    assert_eq!(
        attributes.payment_type,
        PaymentType::Unknown("Subscription".into())
    );
    assert_eq!(
        attributes.payment_methods,
        Some(vec![PaymentMethod::Unknown("lightning".into())])
    );
    let provider: Box<dyn PaymentLinkProvider> = Box::new(client);
    let link = provider.get_link(ID).await.unwrap();
    assert_eq!(link.status, LinkStatus::Unknown("archived".into()));
    assert!(!link.status.is_terminal());
}

#[tokio::test]
async fn gets_are_retried_on_5xx_but_a_create_never_is() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET).path(LINK);
            then.status(503).body("busy");
        })
        .await;
    let create = server
        .mock_async(|when, then| {
            when.method(POST).path(LINKS);
            then.status(503).body("busy");
        })
        .await;
    let mut config = HttpConfig::default();
    config.retries = 2;
    config.backoff = Duration::from_millis(1);
    let client = client_with(&server, config);
    assert_eq!(
        client.get_payment_link(ID).await.unwrap_err().kind(),
        "unavailable"
    );
    assert_eq!(
        client
            .create_payment_link(&seed_request())
            .await
            .unwrap_err()
            .kind(),
        "unconfirmed"
    );
    get.assert_calls_async(3).await;
    create.assert_calls_async(1).await;
}

// ----------------------------------------------------------------------------------------------
// Secrets, environments, configuration

#[tokio::test]
async fn no_secret_in_debug_or_error_output() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.any_request();
            then.status(401).body(DOC_401);
        })
        .await;
    let builder = Client::builder(Credentials::new(KEY))
        .environment(Environment::custom(&server.base_url()).unwrap());
    assert!(!format!("{builder:?}").contains("s3cr3t"));
    let client = builder.http_config(no_retries()).build().unwrap();
    let debug = format!("{client:?}");
    assert!(!debug.contains("s3cr3t"), "{debug}");
    assert!(debug.contains("REDACTED"), "{debug}");

    let mut errors = vec![
        client.get_payment_link(ID).await.unwrap_err(),
        client
            .create_payment_link(&seed_request())
            .await
            .unwrap_err(),
        client.get_payment_link("").await.unwrap_err(),
    ];
    for (status, body) in [(422, SEED_422_DUPLICATE), (502, "<html>"), (200, "{")] {
        let server = MockServer::start_async().await;
        server
            .mock_async(|when, then| {
                when.any_request();
                then.status(status).body(body);
            })
            .await;
        errors.push(
            client_with(&server, no_retries())
                .get_payment_link(ID)
                .await
                .unwrap_err(),
        );
    }
    // A connection that fails: nothing listens on port 1.
    let closed = Client::builder(Credentials::new(KEY))
        .environment(Environment::custom("http://127.0.0.1:1").unwrap())
        .http_config(no_retries())
        .build()
        .unwrap();
    errors.push(closed.get_payment_link(ID).await.unwrap_err());
    for err in errors {
        for text in [err.to_string(), format!("{err:?}")] {
            assert!(!text.contains("s3cr3t"), "{text}");
            assert!(!text.contains(KEY), "{text}");
        }
    }
}

#[test]
fn environments_and_keys() {
    let client = Client::builder(Credentials::new(KEY)).build().unwrap();
    assert_eq!(client.base_url().as_str(), "https://api.sandbox.txn.io/");
    assert_eq!(txn_client::HOSTS.production, None);

    let err = Client::builder(Credentials::new(KEY))
        .environment(Environment::Production)
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), "unsupported");
    assert_eq!(
        err.to_string(),
        "txn: environment is not supported: txn documents no production host; use Environment::Custom"
    );

    let custom = Client::builder(Credentials::new(KEY))
        .environment(Environment::custom("https://api.txn.example/").unwrap())
        .build()
        .unwrap();
    assert_eq!(custom.base_url().as_str(), "https://api.txn.example/");

    for bad in ["", "txn_cmp_ with space", "txn_cmp_\n", "clé"] {
        let err = Client::builder(Credentials::new(bad)).build().unwrap_err();
        assert_eq!(err.kind(), "invalid_request", "{bad:?}");
        assert!(
            err.to_string()
                .starts_with("txn: invalid request: api_key: ")
        );
        assert!(bad.is_empty() || !err.to_string().contains(bad));
    }
}

// ----------------------------------------------------------------------------------------------
// The PaymentLinkProvider impl

fn new_link() -> NewPaymentLink {
    NewPaymentLink::new(Decimal::new(10000, 2), "EUR")
        .reference(REFERENCE)
        .expires_at(at("2030-06-01T23:00:00.000Z"))
        .success_url("https://example.com/success".parse().unwrap())
        .failure_url("https://example.com/fail".parse().unwrap())
}

const PROVIDER_REQUEST_WIRE: &str = r#"{"data":{"type":"payment_links","attributes":{"amount":"100.00","currency":"EUR","paymentType":"Invoice","expires_at":"2030-06-01T23:00:00Z","reference":"8c40d8b6-ccdf-4861-a6d6-6c3125ce3f31","successRedirectUrl":"https://example.com/success","unsuccessRedirectUrl":"https://example.com/fail"}}}"#;

#[tokio::test]
async fn provider_creates_and_reads_links_through_a_trait_object() {
    let server = MockServer::start_async().await;
    let recorder = Recorder::default();
    let create = server
        .mock_async(|when, then| {
            common(when)
                .method(POST)
                .path(LINKS)
                .header("content-type", MEDIA)
                .body(PROVIDER_REQUEST_WIRE)
                .is_true(recorder.matcher());
            then.status(201)
                .header("content-type", MEDIA)
                .body(SEED_201);
        })
        .await;
    let get = server
        .mock_async(|when, then| {
            common(when).method(GET).path(LINK);
            then.status(200)
                .header("content-type", MEDIA)
                .body(resource_with_status("completed"));
        })
        .await;
    let provider: Box<dyn PaymentLinkProvider> = Box::new(client(&server));
    assert_eq!(provider.name(), "txn");

    let created = provider.create_link(&new_link()).await.unwrap();
    create.assert_async().await;
    insta::assert_snapshot!("provider_create_request_body", recorder.last().body);
    insta::assert_debug_snapshot!("provider_create_link", created);
    assert_eq!(created.provider, "txn");
    assert_eq!(created.id, ID);
    assert_eq!(created.status, LinkStatus::Created);
    assert_eq!(
        created.url.as_deref(),
        Some(
            "https://sandbox.txn.io/redirect?payment_link_id=46df1a5c-a478-427f-a988-a2dacb235d6b&request_type=payment_link_hosted_page&zone=eu"
        )
    );
    assert_eq!(created.amount, Decimal::new(10000, 2));

    let read = provider.get_link(&created.id).await.unwrap();
    get.assert_async().await;
    assert_eq!(read.status, LinkStatus::Completed);
    assert!(read.status.is_terminal());
    assert_eq!(read.reference.as_deref(), Some(REFERENCE));
    assert_eq!(read.expires_at, Some(at("2026-06-01T23:00:00Z")));
}

#[tokio::test]
async fn provider_refuses_unsupported_and_missing_fields_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(201).body(SEED_201);
        })
        .await;
    let provider: Box<dyn PaymentLinkProvider> = Box::new(client(&server));

    let err = provider
        .create_link(&new_link().description("Order 42"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "unsupported");
    assert_eq!(
        err.to_string(),
        "txn: description is not supported: txn has no such field on a payment link"
    );

    let err = provider
        .create_link(&new_link().customer("cus_1"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "unsupported");

    let mut no_expiry = new_link();
    no_expiry.expires_at = None;
    let err = provider.create_link(&no_expiry).await.unwrap_err();
    assert_eq!(err.kind(), "invalid_request");
    assert_eq!(
        err.to_string(),
        "txn: invalid request: expires_at: is required"
    );

    let err = provider.get_link("..").await.unwrap_err();
    assert_eq!(err.kind(), "invalid_request");

    let far = new_link().expires_at(time::macros::datetime!(9999-12-31 23:59:59 -23:59));
    let err = provider.create_link(&far).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "txn: invalid request: expires_at: cannot be written: the year must be between 0000 and 9999 in UTC"
    );

    for amount in [Decimal::ZERO, Decimal::new(-1, 2)] {
        let mut link = new_link();
        link.amount = amount;
        let err = provider.create_link(&link).await.unwrap_err();
        assert_eq!(
            err.to_string(),
            "txn: invalid request: data.attributes.amount: must be greater than 0",
            "{amount}"
        );
    }

    // Issue 11: Txn took an empty or all-space reference, an empty or malformed currency, and
    // an expiry in the past or at year 0; core now refuses each.
    let with_currency = |currency: &str| {
        let mut link = new_link();
        link.currency = currency.to_owned();
        link
    };
    let blank = "must not be empty or whitespace only";
    let code = "must be a currency code of 2 to 10 ASCII letters or digits";
    let cases = [
        (new_link().reference(""), "reference", blank),
        (new_link().reference("  \t"), "reference", blank),
        (with_currency(""), "currency", blank),
        (with_currency("   "), "currency", blank),
        (with_currency("E U R"), "currency", code),
        (with_currency("EUR\n"), "currency", code),
        (
            new_link().expires_at(OffsetDateTime::now_utc() - time::Duration::minutes(1)),
            "expires_at",
            "must be in the future",
        ),
        (
            new_link().expires_at(time::macros::datetime!(0000-01-01 0:00 UTC)),
            "expires_at",
            "must be in the future",
        ),
    ];
    for (link, field, rule) in cases {
        let err = provider.create_link(&link).await.unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("txn: invalid request: {field}: {rule}"),
            "{link:?}"
        );
    }

    mock.assert_calls_async(0).await;
}

/// The seed's 201 with another `amount` and `currency`.
fn seed_201_with(amount: &str, currency: &str) -> String {
    SEED_201
        .replace(r#""amount": "100.00""#, &format!(r#""amount": "{amount}""#))
        .replace(
            r#""currency": "EUR""#,
            &format!(r#""currency": "{currency}""#),
        )
}

/// Issue 11: a create answered with another amount or currency, or a negative amount, and a
/// read with a negative amount, were taken as good links. Each is now [`Error::Mismatch`]
/// keeping the body; the same amount written otherwise (`100` for `100.00`) and the currency
/// in another case still match.
#[tokio::test]
async fn provider_refuses_a_reply_that_contradicts_the_request() {
    let cases = [
        ("100", "eur", None),
        ("100.000", "EUR", None),
        (
            "99999.99",
            "EUR",
            Some(("amount", Some("100.00"), "99999.99")),
        ),
        (
            "-100.00",
            "EUR",
            Some(("amount", Some("100.00"), "-100.00")),
        ),
        ("100.00", "USD", Some(("currency", Some("EUR"), "USD"))),
    ];
    for (amount, currency, expected) in cases {
        let server = MockServer::start_async().await;
        let body = seed_201_with(amount, currency);
        server
            .mock_async(|when, then| {
                when.method(POST).path(LINKS);
                then.status(201).header("content-type", MEDIA).body(&body);
            })
            .await;
        let result = client(&server).create_link(&new_link()).await;
        match (result, expected) {
            (Ok(link), None) => assert_eq!(link.amount, Decimal::new(100, 0)),
            (Err(err), Some((field, asked, answered))) => {
                let mismatch = paylinks_testkit::mismatch(&err, field, asked, answered);
                assert_eq!((mismatch.provider, mismatch.status), ("txn", 201));
                assert_eq!(mismatch.body, body.as_bytes());
            }
            (other, _) => panic!("{amount} {currency}: {other:?}"),
        }
    }

    let server = MockServer::start_async().await;
    let body =
        resource_with_status("created").replace(r#""amount": "100.00""#, r#""amount": "-0.01""#);
    server
        .mock_async(|when, then| {
            when.method(GET).path(LINK);
            then.status(200).header("content-type", MEDIA).body(&body);
        })
        .await;
    let err = client(&server).get_link(ID).await.unwrap_err();
    assert_eq!(err.kind(), "mismatch");
    assert!(
        err.to_string().starts_with(
            "txn: reply does not match: HTTP 200 says amount -0.01, which no link can have; body: {"
        ),
        "{err}"
    );
}

#[tokio::test]
async fn provider_duplicate_reference_names_the_reference() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path(LINKS);
            then.status(422)
                .header("content-type", MEDIA)
                .body(SEED_422_DUPLICATE);
        })
        .await;
    let provider: Box<dyn PaymentLinkProvider> = Box::new(client(&server));
    let err = provider.create_link(&new_link()).await.unwrap_err();
    let Error::Duplicate { reference, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(reference.as_deref(), Some(REFERENCE));
}

/// The seed's 201 resource as the one entry of a list page.
fn seed_list() -> String {
    let resource: serde_json::Value = serde_json::from_str(SEED_201).unwrap();
    serde_json::json!({ "data": [resource["data"]] }).to_string()
}

#[tokio::test]
async fn a_create_that_may_have_made_the_link_finds_it_by_reference_instead_of_repeating() {
    let server = MockServer::start_async().await;
    let create = server
        .mock_async(|when, then| {
            when.method(POST).path(LINKS);
            then.status(504).body("<html>gateway timeout</html>");
        })
        .await;
    let list = server
        .mock_async(|when, then| {
            common(when.method(GET).path(LINKS)).query_param("reference", REFERENCE);
            then.status(200)
                .header("content-type", MEDIA)
                .body(seed_list());
        })
        .await;
    let provider: Box<dyn PaymentLinkProvider> = Box::new(client(&server));
    let link = provider.create_link(&new_link()).await.unwrap();
    assert_eq!(
        (link.id.as_str(), link.reference.as_deref()),
        (ID, Some(REFERENCE))
    );
    create.assert_calls_async(1).await;
    list.assert_calls_async(1).await;
}

#[tokio::test]
async fn without_a_reference_an_unconfirmed_create_is_left_to_the_caller() {
    let server = MockServer::start_async().await;
    let create = server
        .mock_async(|when, then| {
            when.method(POST).path(LINKS);
            then.status(503).body("busy");
        })
        .await;
    let mut request = seed_request();
    request.data.attributes.reference = None;
    let err = client(&server)
        .create_payment_link(&request)
        .await
        .unwrap_err();
    let Error::Unconfirmed { look_up_by, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(look_up_by, &None);
    create.assert_calls_async(1).await;
}

#[test]
fn capabilities_and_status_mapping() {
    let caps = txn_client::CAPABILITIES;
    assert_eq!(caps.currencies, None);
    assert_eq!(caps.reference, Support::Optional);
    assert_eq!(caps.customer, Support::Unsupported);
    assert_eq!(caps.description, Support::Unsupported);
    assert_eq!(caps.expires_at, Support::Required);
    assert_eq!(caps.success_url, Support::Optional);
    assert_eq!(caps.failure_url, Support::Optional);
    assert_eq!(caps.listing, Listing::All);

    let cases = [
        ("created", LinkStatus::Created, false),
        ("pending", LinkStatus::Pending, false),
        ("completed", LinkStatus::Completed, true),
        ("expired", LinkStatus::Expired, true),
        ("cancelled", LinkStatus::Unknown("cancelled".into()), false),
        ("", LinkStatus::Unknown(String::new()), false),
    ];
    for (raw, expected, terminal) in cases {
        let status = LinkStatus::from(&PaymentLinkStatus::from(raw.to_owned()));
        assert_eq!(status, expected);
        assert_eq!(status.is_terminal(), terminal, "{raw}");
    }
}

#[test]
fn create_request_sends_only_what_is_set() {
    let minimal = NewPaymentLink::new(Decimal::new(5, 1), "USD")
        .expires_at(at("2030-06-01T23:00:00.250+02:00"));
    let request = CreatePaymentLinkRequest::try_from(&minimal).unwrap();
    insta::assert_snapshot!(
        "create_request_minimal",
        serde_json::to_string(&request).unwrap()
    );
}

/// A completed link whose `relationships.target` names `target` (`invoices` or `payouts`) and
/// whose `included[]` carries `included` (raw JSON resources).
fn completed_with_child(target: &str, included: &str) -> String {
    resource_with_status("completed")
        .replace(
            r#""data": null"#,
            &format!(r#""data": {{"id": "1b4e6b4c-child", "type": "{target}"}}"#),
        )
        .replace(
            r#""meta": {},"#,
            &format!(r#""included": [{included}], "meta": {{}},"#),
        )
}

fn invoice(id: &str, status: &str, context: &str) -> String {
    format!(
        r#"{{"id": "{id}", "type": "invoices", "attributes": {{"status": "{status}", "statusContext": "{context}", "paymentStatus": "onTime", "amountBilled": "100.00", "billedCurrency": "EUR"}}}}"#
    )
}

#[tokio::test]
async fn a_read_takes_the_outcome_from_the_child_invoice_only() {
    let cases = [
        // The child invoice, completed: its statusContext is the outcome.
        (
            completed_with_child(
                "invoices",
                &invoice("1b4e6b4c-child", "completed", "underpaid"),
            ),
            Some(PaymentOutcome::Underpaid),
        ),
        (
            completed_with_child("invoices", &invoice("1b4e6b4c-child", "completed", "full")),
            Some(PaymentOutcome::Paid),
        ),
        (
            completed_with_child(
                "invoices",
                &invoice("1b4e6b4c-child", "completed", "overpaid"),
            ),
            Some(PaymentOutcome::Overpaid),
        ),
        // Started but not paid yet: the link is completed, the money unknown.
        (
            completed_with_child("invoices", &invoice("1b4e6b4c-child", "processing", "full")),
            None,
        ),
        // Another invoice than the one the link names.
        (
            completed_with_child("invoices", &invoice("someone-else", "completed", "full")),
            None,
        ),
        // A payout child, or no included resource at all.
        (
            completed_with_child("payouts", &invoice("1b4e6b4c-child", "completed", "full")),
            None,
        ),
        (resource_with_status("completed"), None),
    ];
    for (body, outcome) in cases {
        let server = MockServer::start_async().await;
        server
            .mock_async(|when, then| {
                common(when).method(GET).path(LINK);
                then.status(200).header("content-type", MEDIA).body(&body);
            })
            .await;
        let link = client(&server).get_link(ID).await.unwrap();
        assert_eq!(link.status, LinkStatus::Completed);
        assert_eq!(link.outcome, outcome, "{body}");
    }
}

// ----------------------------------------------------------------------------------------------
// Listing links

/// The seed's link resource with another id, status, amount and reference.
fn listed(id: &str, status: &str, amount: &str) -> serde_json::Value {
    let mut resource: serde_json::Value = serde_json::from_str(SEED_201).unwrap();
    let data = &mut resource["data"];
    data["id"] = id.into();
    data["attributes"]["status"] = status.into();
    data["attributes"]["amount"] = amount.into();
    data["attributes"]["reference"] = format!("order-{id}").into();
    data.take()
}

/// A list page of `links`.
fn list_page(links: &[serde_json::Value]) -> String {
    serde_json::json!({ "data": links, "meta": {}, "links": {} }).to_string()
}

/// Serves three list pages (two links, one, none) asked oldest first from `since`, two per
/// page, and the link `link-2` (completed, its child invoice underpaid) read on its own.
async fn serve_list(server: &MockServer) -> Vec<httpmock::Mock<'_>> {
    let query =
        "order=created_at&order_type=asc&per_page=2&created_at_from=2026-05-01T00%3A00%3A00Z";
    let pages = [
        (
            format!("{LINKS}?{query}"),
            list_page(&[
                listed("link-1", "created", "10.00"),
                listed("link-2", "completed", "20.00"),
            ]),
        ),
        (
            format!(
                "{LINKS}?order=created_at&order_type=asc&page=2&per_page=2&created_at_from=2026-05-01T00%3A00%3A00Z"
            ),
            list_page(&[listed("link-3", "expired", "30.00")]),
        ),
        (
            format!(
                "{LINKS}?order=created_at&order_type=asc&page=3&per_page=2&created_at_from=2026-05-01T00%3A00%3A00Z"
            ),
            list_page(&[]),
        ),
    ];
    let mut mocks = Vec::new();
    for (uri, body) in pages {
        mocks.push(
            server
                .mock_async(|when, then| {
                    common(when)
                        .method(GET)
                        .is_true(paylinks_testkit::uri_is(uri));
                    then.status(200).header("content-type", MEDIA).body(body);
                })
                .await,
        );
    }
    let mut read: serde_json::Value = serde_json::from_str(&completed_with_child(
        "invoices",
        &invoice("1b4e6b4c-child", "completed", "underpaid"),
    ))
    .unwrap();
    read["data"] = listed("link-2", "completed", "20.00");
    read["data"]["relationships"]["target"]["data"] =
        serde_json::json!({"id": "1b4e6b4c-child", "type": "invoices"});
    mocks.push(
        server
            .mock_async(|when, then| {
                common(when).method(GET).path(format!("{LINKS}/link-2"));
                then.status(200)
                    .header("content-type", MEDIA)
                    .body(read.to_string());
            })
            .await,
    );
    mocks
}

#[tokio::test]
async fn list_links_walks_oldest_first_and_reads_a_completed_link_for_its_outcome() {
    let server = MockServer::start_async().await;
    let mocks = serve_list(&server).await;
    let provider: Box<dyn PaymentLinkProvider> = Box::new(client(&server));
    assert_eq!(provider.capabilities().listing, Listing::All);
    let filter = LinkFilter::new()
        .created_since(at("2026-05-01T02:00:00+02:00"))
        .page_size(2);
    let links: Vec<PaymentLink> = provider
        .list_links(&filter)
        .map(Result::unwrap)
        .collect()
        .await;
    for mock in &mocks {
        mock.assert_calls_async(1).await;
    }
    assert_eq!(
        link_summary(&links),
        [
            ("link-1".into(), "10.00".into(), LinkStatus::Created, None),
            (
                "link-2".into(),
                "20.00".into(),
                LinkStatus::Completed,
                Some(PaymentOutcome::Underpaid)
            ),
            ("link-3".into(), "30.00".into(), LinkStatus::Expired, None),
        ]
    );
    let first = &links[0];
    assert_eq!(first.reference.as_deref(), Some("order-link-1"));
    assert_eq!(first.currency.as_deref(), Some("EUR"));
    assert!(first.url.as_ref().unwrap().contains("payment_link_id="));
}

#[tokio::test]
async fn list_links_applies_the_status_to_what_is_listed() {
    let server = MockServer::start_async().await;
    let mocks = serve_list(&server).await;
    let filter = LinkFilter::new()
        .created_since(at("2026-05-01T00:00:00Z"))
        .status(LinkStatus::Expired)
        .page_size(2);
    let links: Vec<PaymentLink> = client(&server)
        .list_links(&filter)
        .map(Result::unwrap)
        .collect()
        .await;
    assert_eq!(
        link_summary(&links),
        [("link-3".into(), "30.00".into(), LinkStatus::Expired, None)]
    );
    // Every page is read; the completed link, filtered out, is not read again.
    for mock in &mocks[..3] {
        mock.assert_calls_async(1).await;
    }
    mocks[3].assert_calls_async(0).await;
}

/// A completed link that cannot be read again ends the listing with the read's error: the
/// links after it are not listed, as after a page that fails.
#[tokio::test]
async fn list_links_ends_at_a_completed_link_that_cannot_be_read_again() {
    let server = MockServer::start_async().await;
    let page = server
        .mock_async(|when, then| {
            common(when)
                .method(GET)
                .is_true(paylinks_testkit::uri_is(format!(
                    "{LINKS}?order=created_at&order_type=asc&per_page=3"
                )));
            then.status(200)
                .header("content-type", MEDIA)
                .body(list_page(&[
                    listed("link-1", "created", "10.00"),
                    listed("link-2", "completed", "20.00"),
                    listed("link-3", "created", "30.00"),
                ]));
        })
        .await;
    let gone = server
        .mock_async(|when, then| {
            common(when).method(GET).path(format!("{LINKS}/link-2"));
            then.status(404)
                .header("content-type", MEDIA)
                .body(r#"{"errors":[{"status":"404","code":"not_found","title":"Not found"}]}"#);
        })
        .await;
    let listed: Vec<Result<PaymentLink, Error>> = client(&server)
        .list_links(&LinkFilter::new().page_size(3))
        .collect()
        .await;
    let [Ok(first), Err(error)] = listed.as_slice() else {
        panic!("{listed:?}");
    };
    assert_eq!(
        (first.id.as_str(), error.kind()),
        ("link-1", paylinks_core::ErrorKind::NotFound)
    );
    page.assert_calls_async(1).await;
    gone.assert_calls_async(1).await;
}

/// A page that carries a completed link's child invoice in `included[]` gives the link its
/// outcome: the link is not read again.
#[tokio::test]
async fn list_links_takes_a_completed_links_outcome_from_the_invoice_its_page_carries() {
    let server = MockServer::start_async().await;
    let mut paid = listed("link-2", "completed", "20.00");
    paid["relationships"]["target"]["data"] =
        serde_json::json!({"id": "1b4e6b4c-child", "type": "invoices"});
    let invoice: serde_json::Value =
        serde_json::from_str(&invoice("1b4e6b4c-child", "completed", "overpaid")).unwrap();
    let body = serde_json::json!({
        "data": [listed("link-1", "created", "10.00"), paid],
        "included": [invoice],
    });
    let page = server
        .mock_async(|when, then| {
            common(when)
                .method(GET)
                .is_true(paylinks_testkit::uri_is(format!(
                    "{LINKS}?order=created_at&order_type=asc&per_page=2"
                )));
            then.status(200)
                .header("content-type", MEDIA)
                .body(body.to_string());
        })
        .await;
    let end = server
        .mock_async(|when, then| {
            common(when)
                .method(GET)
                .is_true(paylinks_testkit::uri_is(format!(
                    "{LINKS}?order=created_at&order_type=asc&page=2&per_page=2"
                )));
            then.status(200)
                .header("content-type", MEDIA)
                .body(list_page(&[]));
        })
        .await;
    let read_again = server
        .mock_async(|when, then| {
            common(when).method(GET).path(format!("{LINKS}/link-2"));
            then.status(500);
        })
        .await;
    let links: Vec<PaymentLink> = client(&server)
        .list_links(&LinkFilter::new().page_size(2))
        .map(Result::unwrap)
        .collect()
        .await;
    assert_eq!(
        link_summary(&links),
        [
            ("link-1".into(), "10.00".into(), LinkStatus::Created, None),
            (
                "link-2".into(),
                "20.00".into(),
                LinkStatus::Completed,
                Some(PaymentOutcome::Overpaid)
            ),
        ]
    );
    page.assert_calls_async(1).await;
    end.assert_calls_async(1).await;
    read_again.assert_calls_async(0).await;
}

/// A listed link for less than nothing is refused as a read is, and ends the listing.
#[tokio::test]
async fn list_links_ends_at_a_link_for_a_negative_amount() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            common(when).method(GET).path(LINKS);
            then.status(200)
                .header("content-type", MEDIA)
                .body(list_page(&[
                    listed("link-1", "created", "10.00"),
                    listed("link-2", "created", "-5.00"),
                    listed("link-3", "created", "30.00"),
                ]));
        })
        .await;
    let listed: Vec<Result<PaymentLink, Error>> = client(&server)
        .list_links(&LinkFilter::new().page_size(3))
        .collect()
        .await;
    let [Ok(first), Err(error)] = listed.as_slice() else {
        panic!("{listed:?}");
    };
    assert_eq!(first.id, "link-1");
    assert_eq!(error.kind(), paylinks_core::ErrorKind::Mismatch, "{error}");
}
