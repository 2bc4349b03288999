//! Pay.io webhook verification: `X-Signature` = Base64(RSA-SHA256 PKCS#1 v1.5 over the raw
//! body followed by the `X-Timestamp` text), `X-Algorithm: RSA-SHA256`.
//!
//! The checked-in signature was made with `openssl dgst -sha256 -sign` (see
//! tests/fixtures/README.md); when `openssl` is on PATH, a fresh one is made at test time too.

use std::process::Command;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use payio_client::webhook::{
    ALGORITHM_HEADER, FIELDS, PayioEvent, SIGNATURE_HEADER, TIMESTAMP_HEADER, Verifier,
};
use paylinks_core::crypto::rand::SystemRandom;
use paylinks_core::crypto::rsa_modulus_len;
use paylinks_core::crypto::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use paylinks_core::webhook::HeaderMap;
use paylinks_core::{LinkStatus, PaymentEvent, WebhookError, WebhookVerifier, pem};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
const PRIVATE_PEM: &str = include_str!("fixtures/test_key_pkcs8.pem");
const PUBLIC_SPKI: &str = include_str!("fixtures/test_public_key.pem");
const PUBLIC_PKCS1: &str = include_str!("fixtures/test_public_key_pkcs1.pem");
const OTHER_PUBLIC: &str = include_str!("fixtures/other_public_key.pem");
const DEPOSIT: &str = include_str!("fixtures/webhook_deposit.json");
const SIGNING_INPUT: &str = include_str!("fixtures/webhook_signing_input.txt");
const DEPOSIT_SIGNATURE: &str = include_str!("fixtures/expected_webhook_signature.b64");
const TIMESTAMP: i64 = 1_718_006_400;

fn at(seconds: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds.try_into().unwrap())
}

fn verifier() -> Verifier {
    Verifier::new(PUBLIC_SPKI).unwrap()
}

fn headers(signature: &str, timestamp: &str, algorithm: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(SIGNATURE_HEADER, signature.trim().parse().unwrap());
    headers.insert(TIMESTAMP_HEADER, timestamp.parse().unwrap());
    headers.insert(ALGORITHM_HEADER, algorithm.parse().unwrap());
    headers
}

/// Signs `body + timestamp` with the test key through the crypto backend's own signing (not
/// the code under test): for bodies made up in a test.
fn sign(body: &[u8], timestamp: i64) -> String {
    let der = pem::decode(PRIVATE_PEM).unwrap().der;
    let key = RsaKeyPair::from_pkcs8(&der).unwrap();
    let mut message = body.to_vec();
    message.extend_from_slice(timestamp.to_string().as_bytes());
    let mut signature = vec![0; rsa_modulus_len(&key)];
    key.sign(
        &RSA_PKCS1_SHA256,
        &SystemRandom::new(),
        &message,
        &mut signature,
    )
    .unwrap();
    STANDARD.encode(signature)
}

fn signed(body: &str) -> HeaderMap {
    headers(
        &sign(body.as_bytes(), TIMESTAMP),
        "1718006400",
        "RSA-SHA256",
    )
}

#[test]
fn the_openssl_signature_verifies_with_both_public_key_forms() {
    assert_eq!(format!("{DEPOSIT}{TIMESTAMP}"), SIGNING_INPUT);
    // PKCS#1 v1.5 is deterministic: ours is OpenSSL's, byte for byte.
    assert_eq!(
        sign(DEPOSIT.as_bytes(), TIMESTAMP),
        DEPOSIT_SIGNATURE.trim()
    );
    let headers = headers(DEPOSIT_SIGNATURE, "1718006400", "RSA-SHA256");
    for pem in [PUBLIC_SPKI, PUBLIC_PKCS1] {
        let event = Verifier::new(pem)
            .unwrap()
            .verify_at(&headers, DEPOSIT.as_bytes(), at(TIMESTAMP + 2))
            .unwrap();
        assert_eq!(event.timestamp, TIMESTAMP);
        assert_eq!(event.event.as_deref(), Some("deposit"));
        assert_eq!(event.status.as_deref(), Some("Confirmation"));
        assert_eq!(event.amount.unwrap().to_string(), "100.50");
        assert_eq!(event.reference.as_deref(), Some("hub_player_2"));
        assert_eq!(event.raw.get(), DEPOSIT);
    }
    let event = verifier()
        .verify_at(&headers, DEPOSIT.as_bytes(), at(TIMESTAMP))
        .unwrap();
    insta::assert_debug_snapshot!("deposit_payment_event", PaymentEvent::from(event));
}

#[test]
fn a_signature_made_by_openssl_now_verifies_with_the_system_clock() {
    let Ok(version) = Command::new("openssl").arg("version").output() else {
        eprintln!("openssl is not on PATH: only the checked-in signature is compared");
        return;
    };
    assert!(version.status.success());
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .to_string();
    // A non-ASCII body, signed as bytes.
    let body = r#"{"event":"deposit","status":"Processing","amount":"0.000000000000000001","currency":"USDC","reference":"joueur_é_42"}"#;
    let dir =
        std::env::temp_dir().join(format!("payio-client-webhook-{}-{now}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("input.txt");
    std::fs::write(&input, format!("{body}{now}")).unwrap();
    let out = Command::new("openssl")
        .args(["dgst", "-sha256", "-sign"])
        .arg(format!("{FIXTURES}/test_key_pkcs1.pem"))
        .arg(&input)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let signature = STANDARD.encode(out.stdout);
    let event = verifier()
        .verify(&headers(&signature, &now, "RSA-SHA256"), body.as_bytes())
        .unwrap();
    assert_eq!(event.amount.unwrap().to_string(), "0.000000000000000001");
    assert_eq!(event.reference.as_deref(), Some("joueur_é_42"));
    assert_eq!(PaymentEvent::from(event).status, LinkStatus::Pending);
}

#[test]
fn one_changed_byte_in_body_signature_or_timestamp_is_refused() {
    let good = headers(DEPOSIT_SIGNATURE, "1718006400", "RSA-SHA256");
    let mut body = DEPOSIT.as_bytes().to_vec();
    let i = DEPOSIT.find("100.50").unwrap();
    body[i] = b'9';
    let err = verifier()
        .verify_at(&good, &body, at(TIMESTAMP))
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
    let mut tag = STANDARD.decode(DEPOSIT_SIGNATURE.trim()).unwrap();
    tag[100] ^= 0x04;
    let err = verifier()
        .verify_at(
            &headers(&STANDARD.encode(&tag), "1718006400", "RSA-SHA256"),
            DEPOSIT.as_bytes(),
            at(TIMESTAMP),
        )
        .unwrap_err();
    assert!(
        matches!(err, WebhookError::SignatureMismatch { .. }),
        "{err:?}"
    );
    // The timestamp is signed: another one within the tolerance does not verify.
    let err = verifier()
        .verify_at(
            &headers(DEPOSIT_SIGNATURE, "1718006401", "RSA-SHA256"),
            DEPOSIT.as_bytes(),
            at(TIMESTAMP),
        )
        .unwrap_err();
    assert!(
        matches!(err, WebhookError::SignatureMismatch { .. }),
        "{err:?}"
    );
}

#[test]
fn another_key_is_refused() {
    let other = Verifier::new(OTHER_PUBLIC).unwrap();
    let err = other
        .verify_at(
            &headers(DEPOSIT_SIGNATURE, "1718006400", "RSA-SHA256"),
            DEPOSIT.as_bytes(),
            at(TIMESTAMP),
        )
        .unwrap_err();
    assert!(
        matches!(err, WebhookError::SignatureMismatch { .. }),
        "{err:?}"
    );
}

#[test]
fn each_missing_header_is_named() {
    for missing in [SIGNATURE_HEADER, TIMESTAMP_HEADER, ALGORITHM_HEADER] {
        let mut headers = headers(DEPOSIT_SIGNATURE, "1718006400", "RSA-SHA256");
        headers.remove(missing);
        let err = verifier()
            .verify_at(&headers, DEPOSIT.as_bytes(), at(TIMESTAMP))
            .unwrap_err();
        assert!(
            matches!(err, WebhookError::MissingHeader { header } if header == missing),
            "{err:?}"
        );
    }
    let err = verifier()
        .verify_at(
            &headers("not base64!", "1718006400", "RSA-SHA256"),
            DEPOSIT.as_bytes(),
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
fn the_wrong_algorithm_is_refused() {
    for algorithm in ["HMAC-SHA256", "RSA-SHA1", "RSA-PSS-SHA256", "none"] {
        let err = verifier()
            .verify_at(
                &headers(DEPOSIT_SIGNATURE, "1718006400", algorithm),
                DEPOSIT.as_bytes(),
                at(TIMESTAMP),
            )
            .unwrap_err();
        assert!(
            matches!(
                &err,
                WebhookError::WrongAlgorithm { expected: "RSA-SHA256", found } if found == algorithm
            ),
            "{err:?}"
        );
        assert!(err.is_authentication());
    }
    // The same name in another case is the same algorithm.
    assert!(
        verifier()
            .verify_at(
                &headers(DEPOSIT_SIGNATURE, "1718006400", "rsa-sha256"),
                DEPOSIT.as_bytes(),
                at(TIMESTAMP)
            )
            .is_ok()
    );
    // A huge header value is cut in the error.
    let long = "X".repeat(5_000);
    let err = verifier()
        .verify_at(
            &headers(DEPOSIT_SIGNATURE, "1718006400", &long),
            DEPOSIT.as_bytes(),
            at(TIMESTAMP),
        )
        .unwrap_err();
    assert!(err.to_string().len() < 300, "{}", err.to_string().len());
}

#[test]
fn stale_and_future_timestamps_are_refused_and_the_tolerance_is_configurable() {
    let headers = headers(DEPOSIT_SIGNATURE, "1718006400", "RSA-SHA256");
    for (now, skew) in [(TIMESTAMP + 301, -301), (TIMESTAMP - 301, 301)] {
        let err = verifier()
            .verify_at(&headers, DEPOSIT.as_bytes(), at(now))
            .unwrap_err();
        assert!(
            matches!(
                err,
                WebhookError::StaleTimestamp { skew_seconds, tolerance_seconds: 300 } if skew_seconds == skew
            ),
            "{err:?}"
        );
    }
    assert!(
        verifier()
            .verify_at(&headers, DEPOSIT.as_bytes(), at(TIMESTAMP + 300))
            .is_ok()
    );
    let relaxed = verifier().with_tolerance(Duration::from_secs(3_600));
    assert_eq!(relaxed.tolerance(), Duration::from_secs(3_600));
    assert!(
        relaxed
            .verify_at(&headers, DEPOSIT.as_bytes(), at(TIMESTAMP + 3_000))
            .is_ok()
    );
    // With the system clock, a signature from 2024 is stale.
    let err = verifier().verify(&headers, DEPOSIT.as_bytes()).unwrap_err();
    assert!(
        matches!(err, WebhookError::StaleTimestamp { .. }),
        "{err:?}"
    );
    // Milliseconds are not seconds.
    let err = verifier()
        .verify_at(
            &self::headers(DEPOSIT_SIGNATURE, "1718006400000", "RSA-SHA256"),
            DEPOSIT.as_bytes(),
            at(TIMESTAMP),
        )
        .unwrap_err();
    assert!(
        matches!(err, WebhookError::StaleTimestamp { .. }),
        "{err:?}"
    );
}

#[test]
fn keys_that_are_not_a_2048_bit_rsa_public_key_are_refused_without_echoing_them() {
    let read = |name: &str| std::fs::read_to_string(format!("{FIXTURES}/{name}")).unwrap();
    let cases = [
        (read("small_1024_public_key.pem"), "1024 bits"),
        (read("ec_p256_public_key.pem"), "not an RSA public key"),
        (PRIVATE_PEM.to_owned(), "PRIVATE KEY"),
        (String::new(), "PEM"),
        (
            "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----".to_owned(),
            "not an RSA public key",
        ),
        (
            "-----BEGIN PUBLIC KEY-----\n%%%%\n-----END PUBLIC KEY-----".to_owned(),
            "Base64",
        ),
    ];
    for (pem, want) in cases {
        let err = Verifier::new(&pem).unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, WebhookError::InvalidSecret { .. }), "{err:?}");
        assert!(text.contains(want), "{text}");
        assert!(!text.contains("MII"), "{text}");
    }
    // Leading text and CRLF, as a key pasted from the console may have.
    let messy = format!("Pay.io key:\r\n{}", PUBLIC_SPKI.replace('\n', "\r\n"));
    assert!(Verifier::new(&messy).is_ok());
}

#[test]
fn the_payload_is_read_tolerantly_and_only_a_non_object_is_undecodable() {
    // Nested under data, numbers for amount and id, an unknown status.
    let body = r#"{"type":"deposit.confirmation","data":{"deposit_id":12345,"status":"Confirmed","amount":250.000000000000000000000000000000,"currency":"USDT","user_reference_id":"u-1"}}"#;
    let event = verifier()
        .verify_at(&signed(body), body.as_bytes(), at(TIMESTAMP))
        .unwrap();
    assert_eq!(event.event.as_deref(), Some("deposit.confirmation"));
    assert_eq!(event.id.as_deref(), Some("12345"));
    assert_eq!(
        event.amount.unwrap().to_string(),
        "250.00000000000000000000000000"
    );
    assert_eq!(event.currency.as_deref(), Some("USDT"));
    assert_eq!(event.reference.as_deref(), Some("u-1"));
    let event = PaymentEvent::from(event);
    assert_eq!(event.status, LinkStatus::Unknown("Confirmed".into()));
    assert_eq!(event.outcome, None);
    // Nothing of what is expected: still an event.
    for body in [
        "{}",
        r#"{"amount":"not money","status":true,"data":"x"}"#,
        r#"{"amount":{"value":"1"},"event":null}"#,
    ] {
        let event = verifier()
            .verify_at(&signed(body), body.as_bytes(), at(TIMESTAMP))
            .unwrap();
        assert_eq!(event.amount, None, "{body}");
        let event = PaymentEvent::from(event);
        assert_eq!(event.status, LinkStatus::Unknown(String::new()));
        assert!(event.event_id.starts_with("sha256:"));
    }
    // Not an object: undecodable.
    for body in ["[]", "\"deposit\"", "null", "12", "", "not json", "{\"a\":"] {
        let err = verifier()
            .verify_at(&signed(body), body.as_bytes(), at(TIMESTAMP))
            .unwrap_err();
        assert!(
            matches!(err, WebhookError::Undecodable { .. }),
            "{body}: {err:?}"
        );
    }
    assert_eq!(FIELDS.amount, &["amount"]);
}

#[test]
fn garbage_never_panics() {
    let huge = "7".repeat(1 << 20);
    let bodies = [
        format!(r#"{{"amount":{huge}}}"#),
        format!(r#"{{"status":"{huge}"}}"#),
        "[".repeat(50_000),
        String::from_utf8_lossy(&[0xff; 32]).into_owned(),
    ];
    for body in &bodies {
        let _ = verifier().verify_at(&signed(body), body.as_bytes(), at(TIMESTAMP));
        let _ = PayioEvent::decode(TIMESTAMP, body.as_bytes());
    }
    let raw = [0xffu8, 0xfe, b'{'];
    let _ = PayioEvent::decode(TIMESTAMP, &raw);
    let huge_signature = STANDARD.encode(vec![1u8; 100_000]);
    let err = verifier()
        .verify_at(
            &headers(&huge_signature, "1718006400", "RSA-SHA256"),
            DEPOSIT.as_bytes(),
            at(TIMESTAMP),
        )
        .unwrap_err();
    assert!(matches!(err, WebhookError::SignatureMismatch { .. }));
}

#[test]
fn retries_of_one_body_share_the_event_id() {
    let first = verifier()
        .verify_at(&signed(DEPOSIT), DEPOSIT.as_bytes(), at(TIMESTAMP))
        .unwrap();
    let later = TIMESTAMP + 60;
    let second = verifier()
        .verify_at(
            &headers(
                &sign(DEPOSIT.as_bytes(), later),
                &later.to_string(),
                "RSA-SHA256",
            ),
            DEPOSIT.as_bytes(),
            at(later),
        )
        .unwrap();
    assert_eq!(
        PaymentEvent::from(first).event_id,
        PaymentEvent::from(second).event_id
    );
}

#[test]
fn through_the_core_trait_object_and_debug_shows_no_key() {
    let verifier = verifier();
    assert_eq!(
        format!("{verifier:?}"),
        r#"Verifier { provider: "payio", key: RSA-2048 public key, tolerance: 300s }"#
    );
    let verifier: Box<dyn WebhookVerifier> =
        Box::new(verifier.with_tolerance(Duration::from_secs(u64::MAX)));
    assert_eq!(verifier.provider(), "payio");
    let event = verifier
        .verify(
            &headers(DEPOSIT_SIGNATURE, "1718006400", "RSA-SHA256"),
            DEPOSIT.as_bytes(),
        )
        .unwrap();
    assert_eq!(event.provider, "payio");
    assert_eq!(
        event.payment_id.as_deref(),
        Some("9b2f6a1e-4c3d-4e8f-a7b6-5d4c3b2a1f0e")
    );
    assert_eq!(event.link_id, None);
}
