//! P100 webhooks: the Webhook Security Token in `Authorization` (bare or `Bearer`), and the
//! assumed payment-link event (tests/fixtures/README.md).

use p100_client::webhook::{
    AUTHORIZATION_HEADER, EventType, P100Event, PaymentLinkStatus, Verifier,
};
use paylinks_core::webhook::HeaderMap;
use paylinks_core::{
    LinkStatus, PaymentEvent, PaymentOutcome, SecretString, WebhookError, WebhookVerifier,
};

const TOKEN: &str = "p100_whtoken_test_NOT_REAL_7Hq2xVb9";
const EVENT: &str = include_str!("fixtures/webhook_payment_link.json");

fn verifier() -> Verifier {
    Verifier::new(SecretString::from(TOKEN)).unwrap()
}

fn authorized(value: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(AUTHORIZATION_HEADER, value.parse().unwrap());
    headers
}

#[test]
fn the_example_event_is_accepted_with_the_bare_token_and_as_a_bearer_token() {
    for value in [
        TOKEN.to_owned(),
        format!("Bearer {TOKEN}"),
        format!("bearer {TOKEN}"),
        format!("BEARER   {TOKEN}"),
        format!("  {TOKEN}  "),
    ] {
        let event = verifier()
            .verify(&authorized(&value), EVENT.as_bytes())
            .unwrap_or_else(|e| panic!("{value}: {e}"));
        assert_eq!(event.event_type, EventType::PaymentLinkStatusChanged);
        assert_eq!(event.data.status, Some(PaymentLinkStatus::Confirmed));
        assert_eq!(event.data.amount.unwrap().to_string(), "123.45");
        assert_eq!(event.raw.get(), EVENT);
    }
    let event = verifier()
        .verify(&authorized(TOKEN), EVENT.as_bytes())
        .unwrap();
    let event = PaymentEvent::from(event);
    assert_eq!(event.status, LinkStatus::Completed);
    assert_eq!(event.outcome, Some(PaymentOutcome::Paid));
    insta::assert_debug_snapshot!("payment_link_payment_event", event);
}

#[test]
fn a_wrong_token_is_refused() {
    let mut changed = TOKEN.as_bytes().to_vec();
    changed[5] ^= 0x20;
    let changed = String::from_utf8(changed).unwrap();
    let short = &TOKEN[..TOKEN.len() - 1];
    for value in [
        changed.clone(),
        format!("Bearer {changed}"),
        format!("{TOKEN}x"),
        short.to_owned(),
        format!("Bearer {short}"),
        format!("Basic {TOKEN}"),
        format!("Bearer{TOKEN}"),
        format!("Bearer {TOKEN} {TOKEN}"),
        "Bearer".to_owned(),
        "x".repeat(100_000),
    ] {
        let err = verifier()
            .verify(&authorized(&value), EVENT.as_bytes())
            .unwrap_err();
        assert!(
            matches!(
                err,
                WebhookError::SignatureMismatch {
                    header: "Authorization"
                }
            ),
            "{value:.40}: {err:?}"
        );
        assert!(err.is_authentication());
    }
    let other = Verifier::new(SecretString::from("another-token")).unwrap();
    assert!(matches!(
        other.verify(&authorized(TOKEN), EVENT.as_bytes()),
        Err(WebhookError::SignatureMismatch { .. })
    ));
}

#[test]
fn a_missing_or_repeated_authorization_header_is_refused() {
    let err = verifier()
        .verify(&HeaderMap::new(), EVENT.as_bytes())
        .unwrap_err();
    assert!(
        matches!(
            err,
            WebhookError::MissingHeader {
                header: "Authorization"
            }
        ),
        "{err:?}"
    );
    let mut twice = authorized("wrong");
    twice.append(AUTHORIZATION_HEADER, TOKEN.parse().unwrap());
    let err = verifier().verify(&twice, EVENT.as_bytes()).unwrap_err();
    assert!(matches!(err, WebhookError::BadEncoding { .. }), "{err:?}");
}

#[test]
fn the_token_does_not_cover_the_body() {
    // P100 signs nothing: a changed body with the right token is accepted. This is P100's
    // scheme, stated in the crate docs; the test pins it so nobody relies on more.
    let changed = EVENT.replace("123.45", "923.45");
    let event = verifier()
        .verify(&authorized(TOKEN), changed.as_bytes())
        .unwrap();
    assert_eq!(event.data.amount.unwrap().to_string(), "923.45");
}

#[test]
fn statuses_and_other_events() {
    for (event_type, status, want, outcome) in [
        (
            "payment_link.status_changed",
            "PENDING",
            LinkStatus::Pending,
            None,
        ),
        (
            "payment_link.status_changed",
            "Confirmed",
            LinkStatus::Completed,
            Some(PaymentOutcome::Paid),
        ),
        (
            "payment_link.status_changed",
            "failed",
            LinkStatus::Failed,
            None,
        ),
        (
            "payment_link.status_changed",
            "EXPIRED",
            LinkStatus::Unknown("EXPIRED".into()),
            None,
        ),
        (
            "crypto_deposit.status_changed",
            "confirmed",
            LinkStatus::Unknown("confirmed".into()),
            None,
        ),
        (
            "payment_link.created",
            "confirmed",
            LinkStatus::Unknown("confirmed".into()),
            None,
        ),
    ] {
        let body = format!(r#"{{"event_type":"{event_type}","data":{{"status":"{status}"}}}}"#);
        let event = verifier()
            .verify(&authorized(TOKEN), body.as_bytes())
            .unwrap();
        let event = PaymentEvent::from(event);
        assert_eq!(event.status, want, "{event_type} {status}");
        assert_eq!(event.outcome, outcome, "{event_type} {status}");
        assert_eq!(event.link_id, None);
    }
    // The documented deposit example decodes too, as another kind of event.
    let deposit = r#"{"event_type":"crypto_deposit.status_changed","data":{"cryptoDepositId":"d-1","status":"WAITING_FOR_TR_DATA","amount":"0.05","currency":"btc"}}"#;
    let event = verifier()
        .verify(&authorized(TOKEN), deposit.as_bytes())
        .unwrap();
    assert_eq!(event.event_type, EventType::CryptoDepositStatusChanged);
    assert_eq!(
        event.data.status,
        Some(PaymentLinkStatus::Unknown("WAITING_FOR_TR_DATA".into()))
    );
    let event = PaymentEvent::from(event);
    assert_eq!(
        event.status,
        LinkStatus::Unknown("WAITING_FOR_TR_DATA".into())
    );
    assert_eq!(event.amount.unwrap().to_string(), "0.05");
}

#[test]
fn retries_share_the_event_id_and_different_bodies_do_not() {
    let first = PaymentEvent::from(
        verifier()
            .verify(&authorized(TOKEN), EVENT.as_bytes())
            .unwrap(),
    );
    let retry = PaymentEvent::from(P100Event::decode(EVENT.as_bytes()).unwrap());
    assert_eq!(first.event_id, retry.event_id);
    assert!(first.event_id.starts_with("sha256:"));
    let other = EVENT.replace("confirmed", "failed");
    let other = PaymentEvent::from(P100Event::decode(other.as_bytes()).unwrap());
    assert_ne!(first.event_id, other.event_id);
}

#[test]
fn garbage_is_refused_without_panicking() {
    let huge = "1".repeat(1 << 20);
    let bodies = [
        String::new(),
        "not json".to_owned(),
        "[]".to_owned(),
        "{}".to_owned(),
        r#"{"event_type":"payment_link.status_changed"}"#.to_owned(),
        r#"{"event_type":"payment_link.status_changed","data":"x"}"#.to_owned(),
        r#"{"event_type":7,"data":{}}"#.to_owned(),
        r#"{"event_type":"payment_link.status_changed","data":{"amount":"1,5"}}"#.to_owned(),
        format!(r#"{{"event_type":"payment_link.status_changed","data":{{"amount":"{huge}"}}}}"#),
        "{\"a\":".repeat(20_000),
    ];
    for body in &bodies {
        let err = verifier()
            .verify(&authorized(TOKEN), body.as_bytes())
            .unwrap_err();
        let WebhookError::Undecodable { path, message } = &err else {
            panic!("{body:.60}: {err:?}");
        };
        assert!(path.len() <= 210 && message.chars().count() <= 201, "{err}");
        // Without the token, the body is never read.
        assert!(matches!(
            verifier().verify(&authorized("nope"), body.as_bytes()),
            Err(WebhookError::SignatureMismatch { .. })
        ));
    }
}

#[test]
fn through_the_core_trait_object() {
    let verifier: Box<dyn WebhookVerifier> = Box::new(verifier());
    assert_eq!(verifier.provider(), "p100");
    let event = verifier
        .verify(&authorized(&format!("Bearer {TOKEN}")), EVENT.as_bytes())
        .unwrap();
    assert_eq!(
        event.link_id.as_deref(),
        Some("663318af-7ea1-4c5a-8545-e433a2d43d5c")
    );
    assert_eq!(event.reference.as_deref(), Some("example_ref_123"));
    assert_eq!(event.currency.as_deref(), Some("EUR"));
}

#[test]
fn the_token_never_shows() {
    let verifier = verifier();
    assert_eq!(
        format!("{verifier:?}"),
        r#"Verifier { provider: "p100", token: "[REDACTED]" }"#
    );
    let near = format!("{TOKEN}x");
    let attempts = [
        verifier.verify(&HeaderMap::new(), EVENT.as_bytes()),
        verifier.verify(&authorized(&near), EVENT.as_bytes()),
        verifier.verify(&authorized(TOKEN), b"{}"),
        verifier.verify(&authorized(TOKEN), TOKEN.as_bytes()),
    ];
    for attempt in attempts {
        let err = attempt.unwrap_err();
        for text in [err.to_string(), format!("{err:?}")] {
            assert!(!text.contains(TOKEN), "{text}");
        }
    }
    for empty in ["", "   "] {
        assert!(matches!(
            Verifier::new(SecretString::from(empty)),
            Err(WebhookError::InvalidSecret { .. })
        ));
    }
}
