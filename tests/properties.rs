//! Property tests of every reply decoder and every webhook check of the five providers (the
//! entry points in `entry_points.rs`): arbitrary bytes, and the documented examples with fields
//! removed, types changed, huge strings and deep nesting, never panic and fail with an error of
//! the expected kind; the documented examples, also with unknown fields added, are accepted.
//!
//! Case counts are set per property so that the whole binary runs in seconds in a debug build;
//! `PROPTEST_CASES` raises them all for a longer run. The fuzz targets (`fuzz/`) drive the same
//! entry points for much longer.

use http::HeaderValue;
use paylinks_core::webhook::HeaderMap;
use paylinks_core::{Response, WebhookError};
use paylinks_tests::entry_points::{
    REFUSAL_KINDS, REPLIES, ReplyPoint, WEBHOOKS, WebhookPoint, check_reply, is_delivery_error,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::Value;

/// Mutations of a JSON document, each at one place in it.
mod mutate {
    use proptest::prelude::*;
    use serde_json::{Map, Value};

    /// What to do at one place of a document.
    #[derive(Debug, Clone)]
    pub(crate) enum Mutation {
        /// Remove the member or item.
        Remove,
        /// Put a value of another JSON type (or another value of the same) there.
        Replace(Value),
        /// A string of `len` copies of `unit`.
        Huge { unit: &'static str, len: usize },
        /// The value wrapped in `depth` arrays or objects.
        Nest { depth: usize, in_objects: bool },
        /// An object gains a member no spec names (anywhere else, nothing happens).
        AddUnknown(Value),
    }

    /// Every place in `document`, as JSON pointers (the root is `""`).
    pub(crate) fn places(document: &Value) -> Vec<String> {
        let mut out = vec![String::new()];
        fn walk(value: &Value, at: &str, out: &mut Vec<String>) {
            let children: Vec<(String, &Value)> = match value {
                Value::Object(map) => map
                    .iter()
                    .map(|(k, v)| (k.replace('~', "~0").replace('/', "~1"), v))
                    .collect(),
                Value::Array(items) => items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (i.to_string(), v))
                    .collect(),
                _ => Vec::new(),
            };
            for (key, child) in children {
                let pointer = format!("{at}/{key}");
                out.push(pointer.clone());
                walk(child, &pointer, out);
            }
        }
        walk(document, "", &mut out);
        out
    }

    /// Any JSON value, small.
    pub(crate) fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            ".{0,20}".prop_map(Value::String),
            prop::sample::select(vec![
                "",
                "0",
                "-1",
                "1e400",
                "12.345678901234567890123456789",
                "NaN",
                "null",
                "true",
                "2025-13-45T99:99:99Z",
                "not-a-uuid",
                "ok",
                "success",
                "USD",
                "\u{0}",
                "é",
            ])
            .prop_map(|s| Value::String(s.to_owned())),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec(("[a-zA-Z_]{1,8}", inner), 0..4)
                    .prop_map(|members| Value::Object(members.into_iter().collect())),
            ]
        })
    }

    /// Mostly short, sometimes past 64 KiB (one in four: a debug build parses them slowly).
    fn huge_len() -> impl Strategy<Value = usize> {
        prop_oneof![3 => 1usize..1_000, 1 => 65_000usize..70_000]
    }

    fn mutation() -> impl Strategy<Value = Mutation> {
        prop_oneof![
            3 => Just(Mutation::Remove),
            4 => any_json().prop_map(Mutation::Replace),
            1 => (prop::sample::select(vec!["a", "9", "é", "\\", "\u{1F600}"]), huge_len())
                .prop_map(|(unit, len)| Mutation::Huge { unit, len }),
            1 => (1usize..400, any::<bool>())
                .prop_map(|(depth, in_objects)| Mutation::Nest { depth, in_objects }),
            1 => any_json().prop_map(Mutation::AddUnknown),
        ]
    }

    /// One to three mutations of `document`, each at a place it has.
    pub(crate) fn mutations(document: &Value) -> impl Strategy<Value = Vec<(String, Mutation)>> {
        let places = places(document);
        prop::collection::vec((prop::sample::select(places), mutation()), 1..=3)
    }

    /// `document` with `mutations` applied in order; one whose place is gone is skipped.
    pub(crate) fn apply(document: &Value, mutations: &[(String, Mutation)]) -> Value {
        let mut document = document.clone();
        for (place, mutation) in mutations {
            at(&mut document, place, mutation);
        }
        document
    }

    fn at(document: &mut Value, place: &str, mutation: &Mutation) {
        match mutation {
            Mutation::Remove => {
                let Some((parent, last)) = place.rsplit_once('/') else {
                    return;
                };
                let key = last.replace("~1", "/").replace("~0", "~");
                match document.pointer_mut(parent) {
                    Some(Value::Object(map)) => {
                        map.shift_remove(&key);
                    }
                    Some(Value::Array(items)) => {
                        if let Ok(i) = key.parse::<usize>()
                            && i < items.len()
                        {
                            items.remove(i);
                        }
                    }
                    _ => {}
                }
            }
            Mutation::AddUnknown(value) => {
                if let Some(Value::Object(map)) = document.pointer_mut(place) {
                    map.insert("x_unknown_member".to_owned(), value.clone());
                }
            }
            other => {
                let Some(slot) = document.pointer_mut(place) else {
                    return;
                };
                *slot = match other {
                    Mutation::Replace(value) => value.clone(),
                    Mutation::Huge { unit, len } => Value::String(unit.repeat(*len)),
                    Mutation::Nest { depth, in_objects } => {
                        let mut value = slot.take();
                        for _ in 0..*depth {
                            value = if *in_objects {
                                Value::Object(Map::from_iter([("n".to_owned(), value)]))
                            } else {
                                Value::Array(vec![value])
                            };
                        }
                        value
                    }
                    Mutation::Remove | Mutation::AddUnknown(_) => unreachable!("handled above"),
                };
            }
        }
    }

    /// `document` with a member no spec names added to every object in it: a reply a client
    /// must still accept (the generated types tolerate unknown fields).
    pub(crate) fn with_unknown_members(document: &Value, value: &Value) -> Value {
        let mut document = document.clone();
        fn walk(node: &mut Value, value: &Value) {
            match node {
                Value::Object(map) => {
                    map.values_mut().for_each(|v| walk(v, value));
                    map.insert("x_unknown_member".to_owned(), value.clone());
                }
                Value::Array(items) => items.iter_mut().for_each(|v| walk(v, value)),
                _ => {}
            }
        }
        walk(&mut document, value);
        document
    }
}

/// Runs `test` on `cases` values of `strategy`, failing with `name` and the smallest failing
/// value found.
fn run<S: Strategy>(
    name: &str,
    cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let mut runner = TestRunner::new(Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(cases),
        failure_persistence: None,
        ..Config::default()
    });
    if let Err(failure) = runner.run(&strategy, test) {
        panic!("{name}: {failure}");
    }
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("a documented example is JSON")
}

/// Any status a server can send, weighted towards the ones providers document.
fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        prop::sample::select(vec![
            200, 201, 204, 400, 401, 403, 404, 409, 422, 429, 500, 503
        ]),
        100u16..600,
    ]
}

/// The headers of a reply: sometimes a `Retry-After`, in any form.
fn reply_headers() -> impl Strategy<Value = HeaderMap> {
    prop::option::of(prop_oneof![
        any::<u64>().prop_map(|s| s.to_string()),
        "[ -~]{0,40}",
        Just("Wed, 21 Oct 2015 07:28:00 GMT".to_owned()),
    ])
    .prop_map(|retry_after| {
        let mut headers = HeaderMap::new();
        if let Some(value) = retry_after.and_then(|v| HeaderValue::from_str(&v).ok()) {
            headers.insert(http::header::RETRY_AFTER, value);
        }
        headers
    })
}

fn check(
    point: &ReplyPoint,
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
) -> Result<(), TestCaseError> {
    let response = Response::new(point.provider, status, headers, body);
    let outcome = (point.read)(&response);
    check_reply(point, status, &response.body, &outcome).map_err(TestCaseError::fail)
}

// ---------------------------------------------------------------------------------------------
// Replies.

#[test]
fn documented_replies_are_accepted_and_documented_refusals_keep_their_kind() {
    for point in REPLIES {
        let body = (point.success)().into_bytes();
        let response = Response::new(point.provider, point.status, HeaderMap::new(), body);
        let links = (point.read)(&response).unwrap_or_else(|e| panic!("{}: {e}", point.name()));
        assert!(
            links.iter().all(|l| l.provider == point.provider),
            "{}",
            point.name()
        );
        for (status, body, kind) in point.refusals {
            let response = Response::new(
                point.provider,
                *status,
                HeaderMap::new(),
                body.as_bytes().to_vec(),
            );
            let error = (point.read)(&response).expect_err(body);
            assert_eq!(error.kind(), *kind, "{}: {error}", point.name());
        }
    }
}

#[test]
fn replies_of_arbitrary_bytes_are_refused_or_fail_to_decode() {
    for point in REPLIES {
        let bytes = prop::collection::vec(any::<u8>(), 0..300);
        run(
            &point.name(),
            128,
            (status(), reply_headers(), bytes),
            |(status, headers, body)| check(point, status, headers, body),
        );
    }
}

#[test]
fn replies_of_arbitrary_json_are_refused_or_fail_to_decode() {
    for point in REPLIES {
        run(
            &point.name(),
            96,
            (status(), mutate::any_json()),
            |(status, body)| {
                check(
                    point,
                    status,
                    HeaderMap::new(),
                    body.to_string().into_bytes(),
                )
            },
        );
    }
}

#[test]
fn mutated_documented_replies_decode_or_fail_as_decode_errors() {
    for point in REPLIES {
        let example = json(&(point.success)());
        let status = prop_oneof![Just(point.status), status()];
        run(
            &point.name(),
            96,
            (status, mutate::mutations(&example)),
            |(status, mutations)| {
                let body = mutate::apply(&example, &mutations).to_string().into_bytes();
                check(point, status, HeaderMap::new(), body)
            },
        );
    }
}

#[test]
fn documented_replies_with_unknown_members_are_still_accepted() {
    for point in REPLIES {
        let example = json(&(point.success)());
        run(&point.name(), 32, mutate::any_json(), |value| {
            let body = mutate::with_unknown_members(&example, &value)
                .to_string()
                .into_bytes();
            let response = Response::new(point.provider, point.status, HeaderMap::new(), body);
            match (point.read)(&response) {
                Ok(_) => Ok(()),
                Err(e) => Err(TestCaseError::fail(e.to_string())),
            }
        });
    }
}

#[test]
fn truncated_documented_replies_fail_to_decode() {
    for point in REPLIES {
        let example = (point.success)().into_bytes();
        let len = example.len();
        run(&point.name(), 64, 0..len, |cut| {
            let body = example[..cut].to_vec();
            let response = Response::new(point.provider, point.status, HeaderMap::new(), body);
            match (point.read)(&response) {
                Err(e) if e.kind() == "decode" => Ok(()),
                other => Err(TestCaseError::fail(format!("{cut} bytes: {other:?}"))),
            }
        });
    }
}

#[test]
fn mutated_documented_refusals_stay_refusals_of_their_status() {
    for point in REPLIES {
        for (documented, body, _) in point.refusals {
            let example = json(body);
            let status = prop_oneof![Just(*documented), 400u16..600];
            run(
                &point.name(),
                48,
                (status, mutate::mutations(&example)),
                |(status, mutations)| {
                    let body = mutate::apply(&example, &mutations).to_string().into_bytes();
                    let response = Response::new(point.provider, status, HeaderMap::new(), body);
                    let outcome = (point.read)(&response);
                    match &outcome {
                        Err(e) if REFUSAL_KINDS.contains(&e.kind()) => {
                            check_reply(point, status, &response.body, &outcome)
                                .map_err(TestCaseError::fail)
                        }
                        other => Err(TestCaseError::fail(format!("{other:?}"))),
                    }
                },
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Webhooks.

/// Headers with any of the names `point` reads (and one it does not), with any values.
fn any_headers(point: &WebhookPoint) -> impl Strategy<Value = HeaderMap> + use<> {
    let mut names: Vec<&'static str> = point.headers.to_vec();
    names.push("x-other");
    let value = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..80),
        "[ -~]{0,80}".prop_map(String::into_bytes),
        "v1,[A-Za-z0-9+/=]{0,60}".prop_map(String::into_bytes),
        "[0-9]{0,20}".prop_map(String::into_bytes),
    ];
    prop::collection::vec((prop::sample::select(names), value), 0..6).prop_map(|pairs| {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            if let Ok(value) = HeaderValue::from_bytes(&value) {
                headers.append(name, value);
            }
        }
        headers
    })
}

/// What a delivery that is not signed may give: a refusal, never an acceptance, and only an
/// authentication error where the provider authenticates deliveries (the body is read after).
fn unsigned_outcome(
    point: &WebhookPoint,
    outcome: Result<Option<paylinks_core::PaymentEvent>, WebhookError>,
) -> Result<(), TestCaseError> {
    match (point.sign, outcome) {
        (None, Ok(_)) => Ok(()),
        (None, Err(WebhookError::Undecodable { .. })) => Ok(()),
        (Some(_), Err(e)) if e.is_authentication() => Ok(()),
        (_, other) => Err(TestCaseError::fail(format!("{other:?}"))),
    }
}

/// What a correctly signed delivery may give: the event, or an undecodable body; never a
/// signature error.
fn signed_outcome(
    point: &WebhookPoint,
    outcome: Result<Option<paylinks_core::PaymentEvent>, WebhookError>,
) -> Result<(), TestCaseError> {
    match outcome {
        Ok(Some(event)) if event.provider == point.provider => Ok(()),
        Ok(None) if point.sign.is_none() => Ok(()),
        Err(WebhookError::Undecodable { .. }) => Ok(()),
        other => Err(TestCaseError::fail(format!("{other:?}"))),
    }
}

fn signed(point: &WebhookPoint, body: &[u8]) -> HeaderMap {
    point.sign.map(|sign| sign(body)).unwrap_or_default()
}

#[test]
fn documented_webhooks_verify_when_signed() {
    for point in WEBHOOKS {
        let body = point.example.as_bytes();
        let outcome = (point.verify)(&signed(point, body), body);
        match outcome {
            Ok(Some(event)) => assert_eq!(event.provider, point.provider),
            Ok(None) => assert!(point.sign.is_none(), "{}", point.provider),
            Err(e) => panic!("{}: {e}", point.provider),
        }
    }
}

#[test]
fn webhooks_of_arbitrary_headers_and_bytes_are_refused() {
    for point in WEBHOOKS {
        let bytes = prop::collection::vec(any::<u8>(), 0..300);
        run(
            point.provider,
            256,
            (any_headers(point), bytes),
            |(headers, body)| {
                let outcome = (point.verify)(&headers, &body);
                if let Err(e) = &outcome {
                    prop_assert!(is_delivery_error(e), "{e:?}");
                }
                unsigned_outcome(point, outcome)
            },
        );
    }
}

#[test]
fn signed_mutated_webhooks_verify_or_fail_to_decode() {
    for point in WEBHOOKS {
        let example = json(point.example);
        // Pay.io signs with RSA: fewer cases keep the debug build quick.
        let cases = if point.provider == "payio" { 48 } else { 160 };
        run(
            point.provider,
            cases,
            mutate::mutations(&example),
            |mutations| {
                let body = mutate::apply(&example, &mutations).to_string().into_bytes();
                signed_outcome(point, (point.verify)(&signed(point, &body), &body))
            },
        );
    }
}

#[test]
fn signed_arbitrary_bodies_verify_or_fail_to_decode() {
    for point in WEBHOOKS {
        let cases = if point.provider == "payio" { 32 } else { 128 };
        let body = prop_oneof![
            prop::collection::vec(any::<u8>(), 0..300),
            mutate::any_json().prop_map(|v| v.to_string().into_bytes()),
        ];
        run(point.provider, cases, body, |body| {
            signed_outcome(point, (point.verify)(&signed(point, &body), &body))
        });
    }
}

/// A signature header with one character changed (to one that differs in more than case),
/// dropped, or sent twice.
#[derive(Debug, Clone)]
enum Forgery {
    Change { at: prop::sample::Index, to: char },
    Drop,
    Twice,
}

fn forgery() -> impl Strategy<Value = Forgery> {
    prop_oneof![
        8 => (any::<prop::sample::Index>(), prop::char::range(' ', '~'))
            .prop_map(|(at, to)| Forgery::Change { at, to }),
        1 => Just(Forgery::Drop),
        1 => Just(Forgery::Twice),
    ]
}

#[test]
fn forged_signatures_never_verify() {
    for point in WEBHOOKS {
        let Some(name) = point.signature_header else {
            continue;
        };
        let cases = if point.provider == "payio" { 48 } else { 192 };
        let example = json(point.example);
        run(
            point.provider,
            cases,
            (mutate::mutations(&example), forgery()),
            |(mutations, forgery)| {
                let body = mutate::apply(&example, &mutations).to_string().into_bytes();
                let mut headers = signed(point, &body);
                let genuine = headers.get(name).expect("the signature header").clone();
                match forgery {
                    Forgery::Change { at, to } => {
                        let mut text: Vec<char> =
                            genuine.to_str().expect("ASCII").chars().collect();
                        let i = at.index(text.len());
                        prop_assume!(!text[i].eq_ignore_ascii_case(&to));
                        text[i] = to;
                        let forged: String = text.into_iter().collect();
                        headers
                            .insert(name, HeaderValue::from_str(&forged).expect("visible ASCII"));
                    }
                    Forgery::Drop => {
                        headers.remove(name);
                    }
                    Forgery::Twice => {
                        headers.append(name, genuine);
                    }
                }
                match (point.verify)(&headers, &body) {
                    Err(e) if e.is_authentication() => Ok(()),
                    other => Err(TestCaseError::fail(format!("{other:?}"))),
                }
            },
        );
    }
}

#[test]
fn bodies_changed_after_signing_never_verify() {
    // P100's token does not cover the body, and Paywint signs nothing.
    for point in WEBHOOKS
        .iter()
        .filter(|p| matches!(p.provider, "payio" | "mesh" | "txn"))
    {
        let body = point.example.as_bytes().to_vec();
        let headers = signed(point, &body);
        let change = (any::<prop::sample::Index>(), 1u8..=255);
        let cases = if point.provider == "payio" { 64 } else { 256 };
        run(point.provider, cases, change, |(at, flip)| {
            let mut changed = body.clone();
            let i = at.index(changed.len());
            changed[i] ^= flip;
            match (point.verify)(&headers, &changed) {
                Err(e) if e.is_authentication() => Ok(()),
                other => Err(TestCaseError::fail(format!("byte {i}: {other:?}"))),
            }
        });
    }
}

// ---------------------------------------------------------------------------------------------
// Through the clients: the mapping to a link that lives in `PaymentLinkProvider` itself
// (Mesh's transfer picking, the echo checks), against a server on 127.0.0.1 that answers with
// the reply under test.

mod through_clients {
    use std::sync::{Arc, Mutex, PoisonError};

    use axum::Router;
    use axum::http::{StatusCode, header};
    use paylinks_core::{
        Environment, Error, ErrorKind, HttpConfig, NewPaymentLink, PaymentLink, PaymentLinkProvider,
    };
    use rust_decimal::Decimal;
    use time::macros::datetime;

    /// The reply the server sends to every request: status and body.
    pub(crate) type Reply = Arc<Mutex<(u16, Vec<u8>)>>;

    /// Starts the server on `runtime`; returns its base URL and the reply it sends.
    pub(crate) fn serve(runtime: &tokio::runtime::Runtime) -> (String, Reply) {
        let reply: Reply = Arc::new(Mutex::new((200, Vec::new())));
        let shared = Arc::clone(&reply);
        let app = Router::new().fallback(move || {
            let (status, body) = shared
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone();
            let status = StatusCode::from_u16(status).expect("a status from 200 to 599");
            async move { (status, [(header::CONTENT_TYPE, "application/json")], body) }
        });
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("a port on 127.0.0.1");
        let base = format!("http://{}", listener.local_addr().expect("an address"));
        runtime.spawn(async move { axum::serve(listener, app).await });
        (base, reply)
    }

    /// One call of one provider's `PaymentLinkProvider`, with the documented reply to it.
    pub(crate) struct Call {
        pub(crate) name: &'static str,
        pub(crate) status: u16,
        pub(crate) success: String,
        pub(crate) run: fn(&dyn PaymentLinkProvider) -> CallFuture<'_>,
    }

    pub(crate) type CallFuture<'a> =
        std::pin::Pin<Box<dyn Future<Output = Result<PaymentLink, Error>> + Send + 'a>>;

    fn config() -> HttpConfig {
        let mut config = HttpConfig::default();
        config.retries = 0;
        config
    }

    /// The five clients, each sending to `base`.
    pub(crate) fn clients(base: &str) -> Vec<Box<dyn PaymentLinkProvider>> {
        let environment = || Environment::custom(base).expect("the server's URL");
        let ethereum = uuid::Uuid::from_u128(0xe3c7fdd8_b1fc_4e51_85ae_bb276e075611);
        vec![
            Box::new(
                payio_client::Client::builder(payio_client::Credentials::new(
                    "api-key",
                    include_str!("../crates/payio-client/tests/fixtures/test_key_pkcs8.pem"),
                ))
                .environment(environment())
                .http_config(config())
                .build()
                .expect("a Pay.io client"),
            ),
            Box::new(
                mesh_client::Client::builder(
                    mesh_client::Credentials::new("client-id", "client-secret").to_address(
                        "USDC",
                        ethereum,
                        "0x00000000000000000000000",
                    ),
                )
                .environment(environment())
                .http_config(config())
                .build()
                .expect("a Mesh client"),
            ),
            Box::new(
                paywint_client::Client::builder(paywint_client::Credentials::new("key", "secret"))
                    .environment(environment())
                    .http_config(config())
                    .build()
                    .expect("a Paywint client"),
            ),
            Box::new(
                p100_client::Client::builder(p100_client::Credentials::new("api-key"))
                    .environment(environment())
                    .http_config(config())
                    .build()
                    .expect("a P100 client"),
            ),
            Box::new(
                txn_client::Client::builder(txn_client::Credentials::new("txn_cmp_key"))
                    .environment(environment())
                    .http_config(config())
                    .build()
                    .expect("a Txn client"),
            ),
        ]
    }

    /// The link each create asks for: what the documented reply answers.
    fn link(provider: &str) -> NewPaymentLink {
        let expires = datetime!(2030-06-01 23:00 UTC);
        match provider {
            "payio" => NewPaymentLink::new(
                Decimal::new(10050, 2),
                "c872e749-fd56-533e-b01f-de87ae38e7f1",
            )
            .customer("hub_player_2"),
            "mesh" => NewPaymentLink::new(Decimal::new(1050, 2), "USD")
                .customer("customer-42")
                .reference("123456"),
            "paywint" => NewPaymentLink::new(Decimal::new(15075, 2), "USD"),
            "p100" => NewPaymentLink::new(Decimal::new(12345, 2), "EUR")
                .reference("example_ref_123")
                .expires_at(expires),
            _ => NewPaymentLink::new(Decimal::new(10000, 2), "EUR")
                .reference("8c40d8b6-ccdf-4861-a6d6-6c3125ce3f31")
                .expires_at(expires),
        }
    }

    /// Mesh's documented link-token reply with the Paylink URL where Mesh's spec puts it.
    fn mesh_create_reply() -> String {
        let mut reply: serde_json::Value = serde_json::from_str(include_str!(
            "../crates/mesh-client/tests/fixtures/reply_linktoken_200.json"
        ))
        .expect("JSON");
        reply["content"]["paymentLink"] = "https://paylink.meshconnect.com?linkToken=t".into();
        reply.to_string()
    }

    /// Every create and read of the five providers (Pay.io reads nothing back).
    pub(crate) fn calls(provider: &str) -> Vec<Call> {
        let create = |status, success: String| Call {
            name: "create_link",
            status,
            success,
            run: |client| Box::pin(async move { client.create_link(&link(client.name())).await }),
        };
        let get = |success: String, run| Call {
            name: "get_link",
            status: 200,
            success,
            run,
        };
        let fixture = |text: &str| text.to_owned();
        match provider {
            "payio" => vec![create(
                200,
                fixture(include_str!(
                    "../crates/payio-client/tests/fixtures/reply_deposit_link_200.json"
                )),
            )],
            "mesh" => vec![
                create(200, mesh_create_reply()),
                get(
                    fixture(include_str!(
                        "../crates/mesh-client/tests/fixtures/reply_transfers_200.json"
                    )),
                    |client| Box::pin(client.get_link("123456")),
                ),
            ],
            "paywint" => vec![
                create(
                    200,
                    fixture(include_str!(
                        "../crates/paywint-client/tests/fixtures/reply_create_200.json"
                    )),
                ),
                get(
                    paylinks_tests::entry_points::paywint_payment_reply(),
                    |client| Box::pin(client.get_link("d4211545-cfc9-4aa0-8fcc-e4c2639e8052")),
                ),
            ],
            "p100" => vec![
                create(
                    200,
                    fixture(include_str!(
                        "../crates/p100-client/tests/fixtures/reply_create_200.json"
                    )),
                ),
                get(
                    fixture(include_str!(
                        "../crates/p100-client/tests/fixtures/reply_details_200.json"
                    )),
                    |client| Box::pin(client.get_link("663318af-7ea1-4c5a-8545-e433a2d43d5c")),
                ),
            ],
            _ => vec![
                create(
                    201,
                    fixture(include_str!(
                        "../crates/txn-client/tests/fixtures/reply_create_201.json"
                    )),
                ),
                get(
                    fixture(include_str!(
                        "../crates/txn-client/tests/fixtures/reply_create_201.json"
                    )),
                    |client| Box::pin(client.get_link("46df1a5c-a478-427f-a988-a2dacb235d6b")),
                ),
            ],
        }
    }

    /// What a call may give for a reply with `status`: a link of `provider` or a refusal for a
    /// 2xx (a read that finds nothing, Mesh's with no transfer for the link or Paywint's with no
    /// payment, is not found), a refusal for any other status, 5xx always unavailable, a 3xx a
    /// redirect not followed. A create whose reply leaves its result unknown (a 2xx that does not
    /// decode, a 5xx) is unconfirmed, and judged by its cause.
    pub(crate) fn check(
        provider: &str,
        creates: bool,
        status: u16,
        outcome: &Result<PaymentLink, Error>,
    ) -> Result<(), String> {
        let kind = match outcome {
            Ok(link) if (200..300).contains(&status) && link.provider == provider => return Ok(()),
            Ok(link) => return Err(format!("HTTP {status} gave {link:?}")),
            Err(Error::Unconfirmed { cause, .. }) if creates => cause.kind(),
            Err(error) => error.kind(),
        };
        let allowed = match status {
            200..=299 => {
                paylinks_tests::entry_points::SUCCESS_STATUS_KINDS.contains(&kind)
                    || kind == ErrorKind::NotFound && matches!(provider, "mesh" | "paywint")
            }
            300..=399 => kind == ErrorKind::Redirect,
            500..=599 => kind == ErrorKind::Unavailable,
            _ => paylinks_tests::entry_points::REFUSAL_KINDS.contains(&kind),
        };
        if allowed {
            Ok(())
        } else {
            Err(format!("HTTP {status} gave {outcome:?}"))
        }
    }
}

#[test]
fn clients_map_mutated_documented_replies_to_links_or_typed_errors() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let (base, reply) = through_clients::serve(&runtime);
    for client in through_clients::clients(&base) {
        let provider = client.name();
        for call in through_clients::calls(provider) {
            let name = format!("{provider}/{}", call.name);
            // The documented reply gives a link.
            *reply.lock().unwrap() = (call.status, call.success.clone().into_bytes());
            let link = runtime.block_on((call.run)(client.as_ref()));
            assert!(link.is_ok_and(|l| l.provider == provider), "{name}");

            let example = json(&call.success);
            let body = prop_oneof![
                3 => mutate::mutations(&example)
                    .prop_map(|m| mutate::apply(&example, &m).to_string().into_bytes()),
                1 => prop::collection::vec(any::<u8>(), 0..200),
            ];
            let status = prop_oneof![3 => Just(call.status), 1 => 200u16..600];
            run(&name, 40, (status, body), |(status, body)| {
                *reply.lock().unwrap() = (status, body);
                let outcome = runtime.block_on((call.run)(client.as_ref()));
                through_clients::check(provider, call.name == "create_link", status, &outcome)
                    .map_err(TestCaseError::fail)
            });
        }
    }
}
