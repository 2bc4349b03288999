//! Txn webhook verification (Svix-style) and the invoice event.
//!
//! Independent checks of the signature: Svix's published test vector (always), the fixture's
//! signature computed with Python (checked in, see tests/fixtures/README.md), and Python's
//! `hmac` run at test time when `python3` is on PATH. The same signatures are sent under the
//! Svix header names (what Txn sends) and the Standard Webhooks ones.

use std::process::Command;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use paylinks_core::webhook::HeaderMap;
use paylinks_core::{
    LinkStatus, PaymentEvent, PaymentOutcome, SecretString, WebhookError, WebhookVerifier,
};
use txn_client::webhook::{
    ID_HEADER, InvoiceStatus, PaymentStatus, SIGNATURE_HEADER, STANDARD_ID_HEADER,
    STANDARD_SIGNATURE_HEADER, STANDARD_TIMESTAMP_HEADER, StatusContext, TIMESTAMP_HEADER,
    Verifier,
};

/// Svix's published test vector: `svix/svix-webhooks`, `python/tests/test_webhooks.py`,
/// `test_sign_function` (the same values are in the Standard Webhooks specification).
mod svix_vector {
    pub(crate) const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    pub(crate) const MSG_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    pub(crate) const TIMESTAMP: i64 = 1_614_265_330;
    pub(crate) const PAYLOAD: &str = r#"{"test": 2432232314}"#;
    pub(crate) const SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
}

const SECRET: &str = "whsec_dHhuLXRlc3Qtc2lnbmluZy1zZWNyZXQtbm90LXJlYWw=";
const RAW_KEY: &[u8] = b"txn-test-signing-secret-not-real";
const MSG_ID: &str = "msg_2rYpQZ5xW3nB8kLm4TfVh1cJd7o";
const TIMESTAMP: i64 = 1_738_081_616;
/// Txn's documented invoice webhook example.
const INVOICE: &str = include_str!("fixtures/webhook_invoice.json");
/// Computed with Python (tests/fixtures/README.md).
const INVOICE_SIGNATURE: &str = "v1,Zt8ok5L1VDq4FdsCRu0hnWslV5IoEB+46yrM0/i4ZZY=";

fn at(seconds: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds.try_into().unwrap())
}

fn verifier() -> Verifier {
    Verifier::new(SecretString::from(SECRET)).unwrap()
}

/// The id, timestamp and signature headers as Txn names them.
const SVIX_NAMES: [&str; 3] = [ID_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER];
/// The same three under their Standard Webhooks names.
const STANDARD_NAMES: [&str; 3] = [
    STANDARD_ID_HEADER,
    STANDARD_TIMESTAMP_HEADER,
    STANDARD_SIGNATURE_HEADER,
];

/// The id, timestamp and signature under `names`.
fn headers_named(
    names: [&'static str; 3],
    id: &str,
    timestamp: &str,
    signature: &str,
) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in names.into_iter().zip([id, timestamp, signature]) {
        headers.insert(name, value.parse().unwrap());
    }
    headers
}

fn headers(id: &str, timestamp: &str, signature: &str) -> HeaderMap {
    headers_named(SVIX_NAMES, id, timestamp, signature)
}

fn signed(body: &str) -> HeaderMap {
    headers(
        MSG_ID,
        &TIMESTAMP.to_string(),
        &verifier().sign(MSG_ID, TIMESTAMP, body.as_bytes()),
    )
}

#[test]
fn the_svix_test_vector_signs_and_verifies() {
    use svix_vector::*;
    let verifier = Verifier::new(SecretString::from(SECRET)).unwrap();
    assert_eq!(
        verifier.sign(MSG_ID, TIMESTAMP, PAYLOAD.as_bytes()),
        SIGNATURE
    );
    let headers = headers(MSG_ID, &TIMESTAMP.to_string(), SIGNATURE);
    let delivery = verifier
        .authenticate_at(&headers, PAYLOAD.as_bytes(), at(TIMESTAMP + 10))
        .unwrap();
    assert_eq!(delivery.message_id, MSG_ID);
    assert_eq!(delivery.timestamp, TIMESTAMP);
    // The secret without its prefix works too, as in the Svix libraries.
    let bare = Verifier::new(SecretString::from(&SECRET["whsec_".len()..])).unwrap();
    assert!(
        bare.authenticate_at(&headers, PAYLOAD.as_bytes(), at(TIMESTAMP))
            .is_ok()
    );
    // Signature fine, body not an invoice: undecodable, not a signature error.
    let err = verifier
        .verify_at(&headers, PAYLOAD.as_bytes(), at(TIMESTAMP))
        .unwrap_err();
    assert!(matches!(err, WebhookError::Undecodable { .. }), "{err:?}");
    // The vector's own negative case: the last Base64 character changed.
    let forged = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=";
    let err = verifier
        .authenticate_at(
            &self::headers(MSG_ID, &TIMESTAMP.to_string(), forged),
            PAYLOAD.as_bytes(),
            at(TIMESTAMP),
        )
        .unwrap_err();
    assert!(matches!(err, WebhookError::SignatureMismatch { .. }));
}

#[test]
fn the_documented_invoice_example_verifies_with_a_signature_made_by_python() {
    let headers = headers(MSG_ID, &TIMESTAMP.to_string(), INVOICE_SIGNATURE);
    let event = verifier()
        .verify_at(&headers, INVOICE.as_bytes(), at(TIMESTAMP + 60))
        .unwrap();
    assert_eq!(event.message_id, MSG_ID);
    assert_eq!(event.id, "fe8ea84a-8490-4133-87e9-3209e6d1f7db");
    assert!(event.is_invoice());
    let a = &event.attributes;
    assert_eq!(a.status, InvoiceStatus::Pending);
    assert_eq!(a.status_context, Some(StatusContext::Unpaid));
    assert_eq!(a.payment_status, Some(PaymentStatus::Expecting));
    assert_eq!(a.amount_billed.unwrap().to_string(), "10000.00");
    assert_eq!(a.amount_charged.unwrap().to_string(), "283.417792");
    assert_eq!(a.target_amount.unwrap().to_string(), "266.17");
    assert_eq!(a.exchange_rate.unwrap().to_string(), "35.2836");
    assert_eq!(event.payment_link_id, None);
    assert_eq!(event.raw.get(), INVOICE.trim_end());
    let event = PaymentEvent::from(event);
    assert_eq!(event.status, LinkStatus::Pending);
    assert_eq!(event.outcome, None);
    insta::assert_debug_snapshot!("invoice_payment_event", event);
}

#[test]
fn python_hmac_agrees_when_python_is_installed() {
    let body = INVOICE.replace("\"pending\"", "\"completed\"");
    let script = "import base64,hmac,hashlib,sys\n\
        key=base64.b64decode(sys.argv[1][len('whsec_'):])\n\
        msg=(sys.argv[2]+'.'+sys.argv[3]+'.').encode()+sys.stdin.buffer.read()\n\
        print('v1,'+base64.b64encode(hmac.new(key,msg,hashlib.sha256).digest()).decode())";
    let child = Command::new("python3")
        .args(["-c", script, SECRET, MSG_ID, &TIMESTAMP.to_string()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        eprintln!("python3 is not on PATH: only the Svix vector and the checked-in signature ran");
        return;
    };
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(body.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let python = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    assert_eq!(python, verifier().sign(MSG_ID, TIMESTAMP, body.as_bytes()));
    let event = verifier()
        .verify_at(
            &headers(MSG_ID, &TIMESTAMP.to_string(), &python),
            body.as_bytes(),
            at(TIMESTAMP),
        )
        .unwrap();
    assert_eq!(event.attributes.status, InvoiceStatus::Completed);
}

#[test]
fn outcomes_only_once_completed() {
    for (status, context, want_status, want_outcome) in [
        (
            "completed",
            "full",
            LinkStatus::Completed,
            Some(PaymentOutcome::Paid),
        ),
        (
            "completed",
            "underpaid",
            LinkStatus::Completed,
            Some(PaymentOutcome::Underpaid),
        ),
        (
            "completed",
            "overpaid",
            LinkStatus::Completed,
            Some(PaymentOutcome::Overpaid),
        ),
        ("completed", "unpaid", LinkStatus::Completed, None),
        ("processing", "full", LinkStatus::Pending, None),
        ("expired", "unpaid", LinkStatus::Pending, None),
        ("on_hold", "unpaid", LinkStatus::Pending, None),
        ("cancelled", "unpaid", LinkStatus::Expired, None),
        ("rejected", "unpaid", LinkStatus::Failed, None),
        (
            "refunded",
            "full",
            LinkStatus::Unknown("refunded".into()),
            None,
        ),
    ] {
        let body = format!(
            r#"{{"data":{{"id":"i","type":"invoices","attributes":{{"status":"{status}","statusContext":"{context}"}}}}}}"#
        );
        let event = verifier()
            .verify_at(&signed(&body), body.as_bytes(), at(TIMESTAMP))
            .unwrap();
        let event = PaymentEvent::from(event);
        assert_eq!(event.status, want_status, "{status}/{context}");
        assert_eq!(event.outcome, want_outcome, "{status}/{context}");
        assert_eq!(event.provider_status, status);
    }
}

#[test]
fn a_completed_underpaid_invoice_of_a_payment_link() {
    let body = INVOICE
        .replace("\"status\": \"pending\"", "\"status\": \"completed\"")
        .replace(
            "\"statusContext\": \"unpaid\"",
            "\"statusContext\": \"underpaid\"",
        )
        .replace(
            "\"paymentStatus\": \"expecting\"",
            "\"paymentStatus\": \"onTime\"",
        )
        .replace(
            "\"refundLinks\": {",
            "\"paymentLink\": {\n        \"data\": {\n          \"id\": \"0b9e3c53-5f0e-4b7c-9a41-6c2d1e8f7a90\",\n          \"type\": \"paymentLinks\"\n        }\n      },\n      \"refundLinks\": {",
        );
    let event = verifier()
        .verify_at(&signed(&body), body.as_bytes(), at(TIMESTAMP))
        .unwrap();
    assert_eq!(event.attributes.payment_status, Some(PaymentStatus::OnTime));
    assert_eq!(
        event.payment_link_id.as_deref(),
        Some("0b9e3c53-5f0e-4b7c-9a41-6c2d1e8f7a90")
    );
    let event = PaymentEvent::from(event);
    assert_eq!(event.outcome, Some(PaymentOutcome::Underpaid));
    assert_eq!(
        event.link_id.as_deref(),
        Some("0b9e3c53-5f0e-4b7c-9a41-6c2d1e8f7a90")
    );
    // The body is the documented example with three words changed: left out of the snapshot.
    let mut fields = event;
    fields.raw = serde_json::value::RawValue::from_string("\"(elided)\"".into()).unwrap();
    insta::assert_debug_snapshot!("completed_underpaid_payment_event_fields", fields);
}

#[test]
fn any_one_v1_signature_suffices_and_other_versions_are_ignored() {
    let good = verifier().sign(MSG_ID, TIMESTAMP, INVOICE.as_bytes());
    let wrong = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
    let list = format!("{wrong} v2,{} {good} v1,%%% {wrong}", &good[3..]);
    let event = verifier().verify_at(
        &headers(MSG_ID, &TIMESTAMP.to_string(), &list),
        INVOICE.as_bytes(),
        at(TIMESTAMP),
    );
    assert!(event.is_ok(), "{event:?}");
    // The right signature under another version does not count.
    let err = verifier()
        .verify_at(
            &headers(
                MSG_ID,
                &TIMESTAMP.to_string(),
                &format!("v1a,{} {wrong}", &good[3..]),
            ),
            INVOICE.as_bytes(),
            at(TIMESTAMP),
        )
        .unwrap_err();
    assert!(matches!(err, WebhookError::SignatureMismatch { .. }));
    // No v1 entry at all.
    let err = verifier()
        .verify_at(
            &headers(
                MSG_ID,
                &TIMESTAMP.to_string(),
                &format!("v2,{}", &good[3..]),
            ),
            INVOICE.as_bytes(),
            at(TIMESTAMP),
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            WebhookError::BadEncoding {
                header: SIGNATURE_HEADER,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn one_changed_byte_anywhere_signed_is_refused() {
    let good = headers(MSG_ID, &TIMESTAMP.to_string(), INVOICE_SIGNATURE);
    // The body.
    let mut body = INVOICE.as_bytes().to_vec();
    let i = INVOICE.find("10000.00").unwrap();
    body[i] = b'2';
    let err = verifier()
        .verify_at(&good, &body, at(TIMESTAMP))
        .unwrap_err();
    assert!(
        matches!(err, WebhookError::SignatureMismatch { .. }),
        "{err:?}"
    );
    // The signature.
    let mut tag = STANDARD.decode(&INVOICE_SIGNATURE[3..]).unwrap();
    tag[31] ^= 0x80;
    let forged = format!("v1,{}", STANDARD.encode(&tag));
    let err = verifier()
        .verify_at(
            &headers(MSG_ID, &TIMESTAMP.to_string(), &forged),
            INVOICE.as_bytes(),
            at(TIMESTAMP),
        )
        .unwrap_err();
    assert!(
        matches!(err, WebhookError::SignatureMismatch { .. }),
        "{err:?}"
    );
    // The message id and the timestamp are signed too.
    let err = verifier()
        .verify_at(
            &headers("msg_other", &TIMESTAMP.to_string(), INVOICE_SIGNATURE),
            INVOICE.as_bytes(),
            at(TIMESTAMP),
        )
        .unwrap_err();
    assert!(matches!(err, WebhookError::SignatureMismatch { .. }));
    let err = verifier()
        .verify_at(
            &headers(MSG_ID, &(TIMESTAMP + 1).to_string(), INVOICE_SIGNATURE),
            INVOICE.as_bytes(),
            at(TIMESTAMP),
        )
        .unwrap_err();
    assert!(matches!(err, WebhookError::SignatureMismatch { .. }));
}

#[test]
fn a_wrong_secret_is_refused() {
    let other = Verifier::new(SecretString::from(svix_vector::SECRET)).unwrap();
    let err = other
        .verify_at(
            &headers(MSG_ID, &TIMESTAMP.to_string(), INVOICE_SIGNATURE),
            INVOICE.as_bytes(),
            at(TIMESTAMP),
        )
        .unwrap_err();
    assert!(matches!(err, WebhookError::SignatureMismatch { .. }));
    // The raw key is not the secret: Txn keys HMAC with the Base64-decoded part.
    let raw = Verifier::new(SecretString::from(format!(
        "whsec_{}",
        STANDARD.encode(STANDARD.encode(RAW_KEY))
    )))
    .unwrap();
    assert!(
        raw.verify_at(
            &headers(MSG_ID, &TIMESTAMP.to_string(), INVOICE_SIGNATURE),
            INVOICE.as_bytes(),
            at(TIMESTAMP)
        )
        .is_err()
    );
}

#[test]
fn each_missing_header_is_named() {
    for names in [SVIX_NAMES, STANDARD_NAMES] {
        for missing in names {
            let mut headers =
                headers_named(names, MSG_ID, &TIMESTAMP.to_string(), INVOICE_SIGNATURE);
            headers.remove(missing);
            let err = verifier()
                .verify_at(&headers, INVOICE.as_bytes(), at(TIMESTAMP))
                .unwrap_err();
            assert!(
                matches!(err, WebhookError::MissingHeader { header } if header == missing),
                "{err:?}"
            );
        }
    }
    // Neither family: the error names both id headers.
    let err = verifier()
        .verify_at(&HeaderMap::new(), INVOICE.as_bytes(), at(TIMESTAMP))
        .unwrap_err();
    assert!(err.is_authentication());
    assert_eq!(
        err.to_string(),
        "webhook header svix-id (or webhook-id) is missing"
    );
}

#[test]
fn a_delivery_signed_the_standard_webhooks_way_verifies() {
    // Svix's vector, which the Standard Webhooks specification publishes too.
    use svix_vector::*;
    let vector = Verifier::new(SecretString::from(SECRET)).unwrap();
    let delivery = vector
        .authenticate_at(
            &headers_named(STANDARD_NAMES, MSG_ID, &TIMESTAMP.to_string(), SIGNATURE),
            PAYLOAD.as_bytes(),
            at(TIMESTAMP),
        )
        .unwrap();
    assert_eq!(delivery.message_id, MSG_ID);
    assert_eq!(delivery.timestamp, TIMESTAMP);
    // The documented invoice with the signature computed by Python, under webhook-* only.
    let standard = headers_named(
        STANDARD_NAMES,
        self::MSG_ID,
        &self::TIMESTAMP.to_string(),
        INVOICE_SIGNATURE,
    );
    let event = verifier()
        .verify_at(&standard, INVOICE.as_bytes(), at(self::TIMESTAMP))
        .unwrap();
    assert_eq!(event.message_id, self::MSG_ID);
    assert_eq!(event.id, "fe8ea84a-8490-4133-87e9-3209e6d1f7db");
    // Refusals name the webhook-* header that failed.
    let err = verifier()
        .verify_at(&standard, b"{}", at(self::TIMESTAMP))
        .unwrap_err();
    assert!(
        matches!(
            err,
            WebhookError::SignatureMismatch {
                header: STANDARD_SIGNATURE_HEADER
            }
        ),
        "{err:?}"
    );
    let err = verifier()
        .verify_at(&standard, INVOICE.as_bytes(), at(self::TIMESTAMP + 301))
        .unwrap_err();
    assert!(
        matches!(err, WebhookError::StaleTimestamp { .. }),
        "{err:?}"
    );
}

#[test]
fn a_delivery_is_read_with_one_header_family_never_a_mix() {
    let timestamp = TIMESTAMP.to_string();
    let values = [MSG_ID, timestamp.as_str(), INVOICE_SIGNATURE];
    for svix in 0..3 {
        // The first Svix header the delivery lacks is the one named.
        let lacking = SVIX_NAMES[if svix == 0 { 1 } else { 0 }];
        // One header under its Svix name, the other two under their Standard Webhooks names: a
        // complete set only if mixed.
        let mut mixed = HeaderMap::new();
        for (i, value) in values.iter().enumerate() {
            let name = if i == svix {
                SVIX_NAMES[i]
            } else {
                STANDARD_NAMES[i]
            };
            mixed.insert(name, value.parse().unwrap());
        }
        // One Svix header next to a complete, valid Standard Webhooks set: no fallback either.
        let mut beside = headers_named(STANDARD_NAMES, values[0], values[1], values[2]);
        beside.insert(SVIX_NAMES[svix], values[svix].parse().unwrap());
        for headers in [mixed, beside] {
            let err = verifier()
                .verify_at(&headers, INVOICE.as_bytes(), at(TIMESTAMP))
                .unwrap_err();
            assert!(
                matches!(err, WebhookError::MissingHeader { header } if header == lacking),
                "{headers:?}: {err:?}"
            );
        }
    }
    // A Svix header that is present but empty still claims the delivery.
    let mut headers = headers_named(STANDARD_NAMES, values[0], values[1], values[2]);
    headers.insert(ID_HEADER, "".parse().unwrap());
    let err = verifier()
        .verify_at(&headers, INVOICE.as_bytes(), at(TIMESTAMP))
        .unwrap_err();
    assert!(
        matches!(err, WebhookError::MissingHeader { header: ID_HEADER }),
        "{err:?}"
    );
}

#[test]
fn with_both_families_present_only_the_svix_one_is_checked() {
    let timestamp = TIMESTAMP.to_string();
    let mut tag = STANDARD.decode(&INVOICE_SIGNATURE[3..]).unwrap();
    tag[0] ^= 1;
    let forged = format!("v1,{}", STANDARD.encode(&tag));
    let good = |names| headers_named(names, MSG_ID, &timestamp, INVOICE_SIGNATURE);
    // The Standard Webhooks set differs in every header, and its signature is wrong.
    let bad = |names| headers_named(names, "msg_relayed", &(TIMESTAMP - 9).to_string(), &forged);
    // Svix valid, webhook-* invalid: verified, with the Svix id and timestamp.
    let mut headers = good(SVIX_NAMES);
    headers.extend(bad(STANDARD_NAMES));
    let event = verifier()
        .verify_at(&headers, INVOICE.as_bytes(), at(TIMESTAMP))
        .unwrap();
    assert_eq!(event.message_id, MSG_ID);
    assert_eq!(event.timestamp, TIMESTAMP);
    // Svix invalid, webhook-* valid: refused, on the Svix signature.
    let mut headers = bad(SVIX_NAMES);
    headers.extend(good(STANDARD_NAMES));
    let err = verifier()
        .verify_at(&headers, INVOICE.as_bytes(), at(TIMESTAMP))
        .unwrap_err();
    assert!(
        matches!(
            err,
            WebhookError::SignatureMismatch {
                header: SIGNATURE_HEADER
            }
        ),
        "{err:?}"
    );
}

#[test]
fn stale_and_future_timestamps_are_refused_and_the_tolerance_is_configurable() {
    let headers = headers(MSG_ID, &TIMESTAMP.to_string(), INVOICE_SIGNATURE);
    for (now, skew) in [(TIMESTAMP + 301, -301), (TIMESTAMP - 301, 301)] {
        let err = verifier()
            .verify_at(&headers, INVOICE.as_bytes(), at(now))
            .unwrap_err();
        assert!(
            matches!(
                err,
                WebhookError::StaleTimestamp { skew_seconds, tolerance_seconds: 300 } if skew_seconds == skew
            ),
            "{err:?}"
        );
    }
    for now in [TIMESTAMP + 300, TIMESTAMP - 300] {
        assert!(
            verifier()
                .verify_at(&headers, INVOICE.as_bytes(), at(now))
                .is_ok()
        );
    }
    let strict = verifier().with_tolerance(Duration::from_secs(30));
    assert_eq!(strict.tolerance(), Duration::from_secs(30));
    assert!(matches!(
        strict.verify_at(&headers, INVOICE.as_bytes(), at(TIMESTAMP + 31)),
        Err(WebhookError::StaleTimestamp {
            tolerance_seconds: 30,
            ..
        })
    ));
    // The system clock: a signature from 2025 is stale now.
    let err = verifier().verify(&headers, INVOICE.as_bytes()).unwrap_err();
    assert!(
        matches!(err, WebhookError::StaleTimestamp { .. }),
        "{err:?}"
    );
    // A timestamp that is not UNIX seconds.
    for bad in ["2025-01-28T16:26:56Z", "1738081616.5", "-5"] {
        let err = verifier()
            .verify_at(
                &self::headers(MSG_ID, bad, INVOICE_SIGNATURE),
                INVOICE.as_bytes(),
                at(TIMESTAMP),
            )
            .unwrap_err();
        assert!(
            matches!(
                err,
                WebhookError::BadEncoding {
                    header: TIMESTAMP_HEADER,
                    ..
                }
            ),
            "{bad}: {err:?}"
        );
    }
}

#[test]
fn through_the_core_trait_object() {
    let verifier: Box<dyn WebhookVerifier> = Box::new(verifier().with_tolerance(Duration::MAX));
    assert_eq!(verifier.provider(), "txn");
    let event = verifier
        .verify(
            &headers(MSG_ID, &TIMESTAMP.to_string(), INVOICE_SIGNATURE),
            INVOICE.as_bytes(),
        )
        .unwrap();
    assert_eq!(event.event_id, MSG_ID);
    assert_eq!(event.amount.unwrap().to_string(), "10000.00");
    assert_eq!(event.currency.as_deref(), Some("TRY"));
}

#[test]
fn a_resource_that_is_not_an_invoice_is_never_read_as_one() {
    let body = r#"{"data":{"id":"p","type":"payouts","attributes":{"status":"completed","statusContext":"full"}}}"#;
    let event = verifier()
        .verify_at(&signed(body), body.as_bytes(), at(TIMESTAMP))
        .unwrap();
    assert!(!event.is_invoice());
    let event = PaymentEvent::from(event);
    assert_eq!(event.status, LinkStatus::Unknown("completed".into()));
    assert_eq!(event.outcome, None);
}

#[test]
fn garbage_is_refused_without_panicking() {
    let huge = "x".repeat(1 << 20);
    let bodies = [
        String::new(),
        "not json".to_owned(),
        "[]".to_owned(),
        "{}".to_owned(),
        r#"{"data":null}"#.to_owned(),
        r#"{"data":{"id":"i","type":"invoices"}}"#.to_owned(),
        r#"{"data":{"id":"i","type":"invoices","attributes":{"status":"completed","amountBilled":"1,000"}}}"#.to_owned(),
        format!(r#"{{"data":{{"id":"i","type":"invoices","attributes":{{"status":"completed","amountBilled":"{huge}"}}}}}}"#),
        r#"{"data":{"id":"i","type":"invoices","attributes":{"status":"completed","createdAt":"yesterday"}}}"#.to_owned(),
        "{".repeat(50_000),
    ];
    for body in &bodies {
        let err = verifier()
            .verify_at(&signed(body), body.as_bytes(), at(TIMESTAMP))
            .unwrap_err();
        let WebhookError::Undecodable { path, message } = &err else {
            panic!("{err:?}");
        };
        assert!(path.len() <= 210 && message.chars().count() <= 201, "{err}");
    }
    // Odd relationships are skipped, not refused; a huge status is kept.
    let body = format!(
        r#"{{"data":{{"id":"i","type":"invoices","attributes":{{"status":"{huge}"}},"relationships":{{"a":1,"b":{{"data":"x"}},"c":{{"data":[{{"id":"l","type":"paymentLinks"}}]}}}}}}}}"#
    );
    let event = verifier()
        .verify_at(&signed(&body), body.as_bytes(), at(TIMESTAMP))
        .unwrap();
    assert_eq!(event.payment_link_id, None);
    assert_eq!(event.attributes.status.as_str().len(), 1 << 20);
    // Garbage headers.
    let err = verifier()
        .verify_at(
            &headers(MSG_ID, &TIMESTAMP.to_string(), &"v1,".repeat(100_000)),
            INVOICE.as_bytes(),
            at(TIMESTAMP),
        )
        .unwrap_err();
    assert!(matches!(err, WebhookError::SignatureMismatch { .. }));
}

#[test]
fn bad_secrets_are_refused_and_no_secret_is_ever_shown() {
    for bad in ["", "whsec_", "whsec_not base64!", "whsec_%%%%"] {
        let err = Verifier::new(SecretString::from(bad)).unwrap_err();
        assert!(matches!(err, WebhookError::InvalidSecret { .. }), "{bad}");
        if bad.len() > "whsec_".len() {
            assert!(!err.to_string().contains(&bad["whsec_".len()..]));
        }
    }
    let verifier = verifier();
    let debug = format!("{verifier:?}");
    assert_eq!(
        debug,
        r#"Verifier { provider: "txn", secret: "[REDACTED]", tolerance: 300s }"#
    );
    let attempts = [
        verifier.verify_at(&HeaderMap::new(), INVOICE.as_bytes(), at(TIMESTAMP)),
        verifier.verify_at(&signed(INVOICE), b"{}", at(TIMESTAMP)),
        verifier.verify_at(&signed("{}"), b"{}", at(TIMESTAMP)),
        verifier.verify_at(&signed(INVOICE), INVOICE.as_bytes(), at(0)),
    ];
    let key_b64 = &SECRET["whsec_".len()..];
    for attempt in attempts {
        let err = attempt.unwrap_err();
        for text in [err.to_string(), format!("{err:?}")] {
            assert!(!text.contains(key_b64), "{text}");
            assert!(!text.contains("txn-test-signing-secret"), "{text}");
        }
    }
}
