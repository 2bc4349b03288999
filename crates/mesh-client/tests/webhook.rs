//! Mesh webhook verification: `X-Mesh-Signature-256` = Base64(HMAC-SHA256(secret, raw body)).
//!
//! The expected signatures of the fixtures were computed with OpenSSL (see
//! tests/fixtures/README.md), not with this crate.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use mesh_client::webhook::{SIGNATURE_HEADER, TransferEvent, TransferStatus, Verifier};
use paylinks_core::webhook::{HeaderMap, HmacKey};
use paylinks_core::{
    LinkStatus, PaymentEvent, PaymentOutcome, SecretString, WebhookError, WebhookVerifier,
};

const SECRET: &str = "mesh_test_webhook_secret_not_real";
const PENDING: &str = include_str!("fixtures/webhook_transfer_pending.json");
const PENDING_SIGNATURE: &str = "F6IEY2FOmeOf74Ij72WfP+UtF0z5snQTazh0yMj9x94=";
const SUCCEEDED: &str = include_str!("fixtures/webhook_transfer_succeeded.json");
const SUCCEEDED_SIGNATURE: &str = "ND+hPuQynze5BgF6GTgk2iUGwbtItESbm/F6gBbiUeU=";

fn verifier() -> Verifier {
    Verifier::new(SecretString::from(SECRET)).unwrap()
}

fn headers(signature: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(SIGNATURE_HEADER, signature.parse().unwrap());
    headers
}

/// Signs with the crate's own HMAC: only for bodies made up in a test.
fn sign(body: &[u8]) -> String {
    STANDARD.encode(HmacKey::new(SECRET.as_bytes()).sign(&[body]))
}

#[test]
fn the_example_events_verify_with_signatures_made_by_openssl() {
    let pending = verifier()
        .verify(&headers(PENDING_SIGNATURE), PENDING.as_bytes())
        .unwrap();
    assert_eq!(pending.transfer_status, TransferStatus::Pending);
    assert_eq!(pending.event_id, "7d4b0c3a-2f5e-4c61-9a8b-1e2f3a4b5c6d");
    assert_eq!(pending.source_amount.unwrap().to_string(), "10.50");
    assert_eq!(pending.destination_amount, None);
    assert_eq!(pending.raw.get(), PENDING);
    insta::assert_debug_snapshot!("pending_payment_event", PaymentEvent::from(pending));

    let succeeded = verifier()
        .verify(&headers(SUCCEEDED_SIGNATURE), SUCCEEDED.as_bytes())
        .unwrap();
    let event = PaymentEvent::from(succeeded);
    assert_eq!(event.status, LinkStatus::Completed);
    assert_eq!(event.outcome, Some(PaymentOutcome::Paid));
    assert_eq!(event.amount.unwrap().to_string(), "10.50");
    insta::assert_debug_snapshot!("succeeded_payment_event", event);
}

#[test]
fn through_the_core_trait_object() {
    let verifier: Box<dyn WebhookVerifier> = Box::new(verifier());
    assert_eq!(verifier.provider(), "mesh");
    let event = verifier
        .verify(&headers(SUCCEEDED_SIGNATURE), SUCCEEDED.as_bytes())
        .unwrap();
    assert_eq!(event.provider, "mesh");
    assert_eq!(event.link_id.as_deref(), Some("order-1001"));
    assert_eq!(event.reference.as_deref(), Some("order-1001"));
    assert_eq!(
        event.payment_id.as_deref(),
        Some("3f2e1d0c-9b8a-4765-a432-10fedcba9876")
    );
    assert_eq!(event.currency.as_deref(), Some("USDC"));
}

#[test]
fn one_changed_byte_in_the_body_is_refused() {
    let mut body = PENDING.as_bytes().to_vec();
    // "SourceAmount":10.50 → 19.50
    let at = PENDING.find("10.50").unwrap() + 1;
    body[at] = b'9';
    let err = verifier()
        .verify(&headers(PENDING_SIGNATURE), &body)
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
fn one_changed_byte_in_the_signature_is_refused() {
    let mut tag = STANDARD.decode(PENDING_SIGNATURE).unwrap();
    tag[0] ^= 0x01;
    let err = verifier()
        .verify(&headers(&STANDARD.encode(&tag)), PENDING.as_bytes())
        .unwrap_err();
    assert!(
        matches!(err, WebhookError::SignatureMismatch { .. }),
        "{err:?}"
    );
    // A truncated signature too.
    let err = verifier()
        .verify(&headers(&STANDARD.encode(&tag[..31])), PENDING.as_bytes())
        .unwrap_err();
    assert!(
        matches!(err, WebhookError::SignatureMismatch { .. }),
        "{err:?}"
    );
}

#[test]
fn a_wrong_secret_is_refused() {
    let other = Verifier::new(SecretString::from("another-secret")).unwrap();
    let err = other
        .verify(&headers(PENDING_SIGNATURE), PENDING.as_bytes())
        .unwrap_err();
    assert!(
        matches!(err, WebhookError::SignatureMismatch { .. }),
        "{err:?}"
    );
}

#[test]
fn a_missing_or_malformed_header_is_refused() {
    let err = verifier()
        .verify(&HeaderMap::new(), PENDING.as_bytes())
        .unwrap_err();
    assert!(
        matches!(
            err,
            WebhookError::MissingHeader {
                header: "X-Mesh-Signature-256"
            }
        ),
        "{err:?}"
    );
    assert!(err.is_authentication());
    let err = verifier()
        .verify(&headers("not base64!"), PENDING.as_bytes())
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
    // Sent twice: ambiguous, refused.
    let mut twice = headers(PENDING_SIGNATURE);
    twice.append(SIGNATURE_HEADER, PENDING_SIGNATURE.parse().unwrap());
    let err = verifier().verify(&twice, PENDING.as_bytes()).unwrap_err();
    assert!(matches!(err, WebhookError::BadEncoding { .. }), "{err:?}");
}

#[test]
fn retries_share_the_event_id() {
    // Mesh retries with a new Id and the same EventId.
    let retry = PENDING.replace(
        "c1a2b3c4-d5e6-4f70-8a9b-0c1d2e3f4a5b",
        "e3c4d5e6-f7a8-4b92-8c1d-2e3f4a5b6c7d",
    );
    let first = PaymentEvent::from(
        verifier()
            .verify(&headers(PENDING_SIGNATURE), PENDING.as_bytes())
            .unwrap(),
    );
    let second = PaymentEvent::from(
        verifier()
            .verify(&headers(&sign(retry.as_bytes())), retry.as_bytes())
            .unwrap(),
    );
    assert_eq!(first.event_id, second.event_id);
    assert_ne!(first.raw.get(), second.raw.get());
}

#[test]
fn statuses_are_read_without_regard_to_case_and_unknown_ones_kept() {
    for (wire, want, status) in [
        ("pending", TransferStatus::Pending, LinkStatus::Pending),
        (
            "SUCCEEDED",
            TransferStatus::Succeeded,
            LinkStatus::Completed,
        ),
        ("failed", TransferStatus::Failed, LinkStatus::Failed),
        // Named by a secondary source only, not in Mesh's spec: kept as Mesh sent them.
        (
            "refundPending",
            TransferStatus::Unknown("refundPending".into()),
            LinkStatus::Unknown("refundPending".into()),
        ),
        (
            "RefundSucceeded",
            TransferStatus::Unknown("RefundSucceeded".into()),
            LinkStatus::Unknown("RefundSucceeded".into()),
        ),
        (
            "onHold",
            TransferStatus::Unknown("onHold".into()),
            LinkStatus::Unknown("onHold".into()),
        ),
    ] {
        let body = format!(r#"{{"EventId":"e","TransferStatus":"{wire}"}}"#);
        let event = verifier()
            .verify(&headers(&sign(body.as_bytes())), body.as_bytes())
            .unwrap();
        assert_eq!(event.transfer_status, want, "{wire}");
        let event = PaymentEvent::from(event);
        assert_eq!(event.status, status, "{wire}");
        assert_eq!(event.outcome.is_some(), wire == "SUCCEEDED", "{wire}");
    }
}

#[test]
fn amounts_are_exact_to_the_digit() {
    let body = r#"{"EventId":"e","TransferStatus":"succeeded","SourceAmount":12345678901234567.89,"DestinationAmount":0.000000000000000001}"#;
    let event = verifier()
        .verify(&headers(&sign(body.as_bytes())), body.as_bytes())
        .unwrap();
    assert_eq!(
        event.source_amount.unwrap().to_string(),
        "12345678901234567.89"
    );
    assert_eq!(
        PaymentEvent::from(event).amount.unwrap().to_string(),
        "0.000000000000000001"
    );
}

#[test]
fn garbage_is_refused_without_panicking() {
    let huge = "9".repeat(1 << 20);
    let huge_status = format!(r#"{{"EventId":"e","TransferStatus":"{huge}"}}"#);
    let huge_amount =
        format!(r#"{{"EventId":"e","TransferStatus":"pending","SourceAmount":{huge}}}"#);
    let bodies: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"not json".to_vec(),
        b"[]".to_vec(),
        b"null".to_vec(),
        b"{}".to_vec(),
        br#"{"EventId":"e"}"#.to_vec(),
        br#"{"EventId":1,"TransferStatus":"pending"}"#.to_vec(),
        br#"{"EventId":"e","TransferStatus":"pending","SourceAmount":"ten"}"#.to_vec(),
        br#"{"EventId":"e","TransferStatus":"pending","Timestamp":1.5}"#.to_vec(),
        vec![0xff; 64],
        "[".repeat(10_000).into_bytes(),
        huge_amount.into_bytes(),
    ];
    for body in &bodies {
        // Unsigned: refused before the body is even read.
        let err = verifier()
            .verify(&headers(PENDING_SIGNATURE), body)
            .unwrap_err();
        assert!(matches!(err, WebhookError::SignatureMismatch { .. }));
        // Validly signed: refused as undecodable, with a bounded message.
        let err = verifier().verify(&headers(&sign(body)), body).unwrap_err();
        let WebhookError::Undecodable { path, message } = &err else {
            panic!("{err:?}");
        };
        assert!(path.len() <= 210 && message.chars().count() <= 201, "{err}");
    }
    // A huge unknown status is kept, not refused.
    let event = verifier()
        .verify(
            &headers(&sign(huge_status.as_bytes())),
            huge_status.as_bytes(),
        )
        .unwrap();
    assert_eq!(event.transfer_status.as_str().len(), 1 << 20);
    // A huge signature header is just a mismatch.
    let big = STANDARD.encode(vec![7u8; 100_000]);
    let err = verifier()
        .verify(&headers(&big), PENDING.as_bytes())
        .unwrap_err();
    assert!(matches!(err, WebhookError::SignatureMismatch { .. }));
}

#[test]
fn no_secret_in_debug_or_errors() {
    let verifier = verifier();
    let debug = format!("{verifier:?}");
    assert_eq!(
        debug,
        r#"Verifier { provider: "mesh", secret: "[REDACTED]" }"#
    );
    let errors = [
        verifier.verify(&HeaderMap::new(), PENDING.as_bytes()),
        verifier.verify(&headers("%%%"), PENDING.as_bytes()),
        verifier.verify(&headers(PENDING_SIGNATURE), SUCCEEDED.as_bytes()),
        verifier.verify(&headers(&sign(b"{}")), b"{}"),
    ];
    for err in errors {
        let err = err.unwrap_err();
        for text in [err.to_string(), format!("{err:?}")] {
            assert!(!text.contains(SECRET), "{text}");
        }
    }
    let err = Verifier::new(SecretString::from("")).unwrap_err();
    assert!(matches!(err, WebhookError::InvalidSecret { .. }));
}

#[test]
fn decode_alone_reads_the_same_event() {
    let event = TransferEvent::decode(PENDING.as_bytes()).unwrap();
    assert_eq!(event.user_id.as_deref(), Some("customer-42"));
    assert_eq!(event.timestamp, Some(1_718_006_458_123));
    assert_eq!(event.sent_timestamp, Some(1_718_006_460));
}
