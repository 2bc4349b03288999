//! The request signature, byte for byte against OpenSSL, and the key handling of the builder.
//!
//! The expected signatures in tests/fixtures/ were made with (see tests/fixtures/README.md):
//!
//! ```sh
//! openssl dgst -sha256 -sign test_key_pkcs8.pem signing_input_post.txt | base64 -w0 > expected_signature_post.b64
//! openssl dgst -sha256 -sign test_key_pkcs8.pem signing_input_get.txt  | base64 -w0 > expected_signature_get.b64
//! ```
//!
//! PKCS#1 v1.5 is deterministic, so ours must match them exactly, from the PKCS#8 and the
//! PKCS#1 form of the same key. When `openssl` is on PATH, the test also signs a fresh input
//! with it at test time.

mod common;

use std::process::Command;

use common::{PKCS1_PEM, PKCS8_PEM, PUBLIC_PEM, key_fragments};
use payio_client::{Client, Credentials, sign};
use paylinks_core::{Environment, Error, Method, SecretString};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}/{name}")).expect(name)
}

fn secret(pem: &str) -> SecretString {
    SecretString::from(pem)
}

/// The parts of each fixture's signing input.
fn cases() -> [(
    &'static str,
    Method,
    &'static str,
    &'static str,
    &'static str,
); 2] {
    [
        (
            "post",
            Method::POST,
            "/v1/user/deposit/link_external_wallet",
            "0b6f6d4e-3c3b-4f8a-9d6e-2f7c1a5b9e10",
            r#"{"amount":"100.50","currency_id":"c872e749-fd56-533e-b01f-de87ae38e7f1","user_reference_id":"hub_player_2"}"#,
        ),
        (
            "get",
            Method::GET,
            "/v1/merchant/currencies",
            "5d3c1a9e-7b2f-4e8d-a6c0-91f4b8e2d7a3",
            "",
        ),
    ]
}

#[test]
fn signatures_match_openssl_byte_for_byte_from_both_key_forms() {
    for (case, method, path, nonce, body) in cases() {
        let input = fixture(&format!("signing_input_{case}.txt"));
        let expected = fixture(&format!("expected_signature_{case}.b64"));
        assert_eq!(format!("{method}{path}{nonce}{body}"), input);
        for pem in [PKCS8_PEM, PKCS1_PEM] {
            let ours = sign(&secret(pem), &method, path, nonce, "", body.as_bytes()).unwrap();
            assert_eq!(ours, expected.trim(), "{case}");
        }
    }
}

#[test]
fn signatures_match_openssl_run_now_when_it_is_installed() {
    let Ok(version) = Command::new("openssl").arg("version").output() else {
        eprintln!("openssl is not on PATH: only the checked-in signatures are compared");
        return;
    };
    assert!(version.status.success());
    // A fresh input each run, with a query and a non-ASCII body.
    let nonce = uuid::Uuid::new_v4().to_string();
    let query = "first=5&time_range=today";
    let body = r#"{"user_reference_id":"joueur_é_42"}"#;
    let input = format!("POST/v1/user/transactions{nonce}{query}{body}");
    let dir = std::env::temp_dir().join(format!("payio-client-sig-{nonce}"));
    std::fs::create_dir_all(&dir).unwrap();
    let input_file = dir.join("input.txt");
    std::fs::write(&input_file, &input).unwrap();
    for (name, pem) in [
        ("test_key_pkcs8.pem", PKCS8_PEM),
        ("test_key_pkcs1.pem", PKCS1_PEM),
    ] {
        let out = Command::new("openssl")
            .args(["dgst", "-sha256", "-sign"])
            .arg(format!("{FIXTURES}/{name}"))
            .arg(&input_file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let ours = sign(
            &secret(pem),
            &Method::POST,
            "/v1/user/transactions",
            &nonce,
            query,
            body.as_bytes(),
        )
        .unwrap();
        use base64::Engine as _;
        let ours = base64::engine::general_purpose::STANDARD
            .decode(ours)
            .unwrap();
        assert_eq!(ours, out.stdout, "{name}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

fn build(pem: &str) -> Result<Client, Error> {
    Client::builder(Credentials::new(common::API_KEY, pem))
        .environment(Environment::custom("http://127.0.0.1:9").unwrap())
        .build()
}

fn assert_no_key_material(text: &str) {
    for fragment in key_fragments() {
        assert!(!text.contains(&fragment), "{text}");
    }
    assert!(!text.contains("MII"), "{text}");
}

#[test]
fn the_builder_accepts_both_pem_forms() {
    for pem in [PKCS8_PEM, PKCS1_PEM] {
        let client = build(pem).unwrap();
        let debug = format!("{client:?}");
        assert_no_key_material(&debug);
        assert!(!debug.contains(common::API_KEY), "{debug}");
        assert!(debug.contains("RSA-2048 [REDACTED]"), "{debug}");
    }
    // Leading text and CRLF line ends, as a key pasted from elsewhere may have.
    let messy = format!("my key:\r\n{}", PKCS8_PEM.replace('\n', "\r\n"));
    assert!(build(&messy).is_ok());
}

#[test]
fn the_builder_refuses_bad_keys_with_a_clear_error_and_no_key_material() {
    let cases: Vec<(String, &str)> = vec![
        (fixture("small_1024_key_pkcs8.pem"), "TooSmall"),
        (
            fixture("ec_p256_key_pkcs8.pem"),
            "not a usable RSA private key in PKCS#8 form",
        ),
        (
            PUBLIC_PEM.to_owned(),
            "the PEM block is a PUBLIC KEY; signing needs the private key",
        ),
        (String::new(), "expected a PEM RSA private key"),
        ("not a key".to_owned(), "expected a PEM RSA private key"),
        (
            PKCS8_PEM.replace("PRIVATE KEY", "ENCRYPTED PRIVATE KEY"),
            "encrypted keys are not supported",
        ),
        (
            // The PKCS#8 body under the PKCS#1 label: the DER is the wrong structure.
            PKCS8_PEM.replace("PRIVATE KEY", "RSA PRIVATE KEY"),
            "not a usable RSA private key in PKCS#1 form",
        ),
        (
            PKCS8_PEM.lines().take(10).collect::<Vec<_>>().join("\n"),
            "expected a PEM RSA private key",
        ),
    ];
    for (pem, want) in cases {
        let err = build(&pem).unwrap_err();
        let Error::Unsupported {
            provider, field, ..
        } = &err
        else {
            panic!("{err:?}");
        };
        assert_eq!((*provider, *field), ("payio", "private_key"));
        let text = err.to_string();
        assert!(
            text.starts_with("payio: private_key is not supported: "),
            "{text}"
        );
        assert!(text.contains(want), "{text}");
        assert_no_key_material(&text);
        assert_no_key_material(&format!("{err:?}"));
    }
}

#[test]
fn the_builder_refuses_an_empty_api_key_and_production() {
    let err = Client::builder(Credentials::new("  ", PKCS8_PEM))
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "payio: invalid request: api_key: is required"
    );

    let err = Client::builder(Credentials::new(common::API_KEY, PKCS8_PEM))
        .environment(Environment::Production)
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "payio: environment is not supported: payio documents no production host; use Environment::Custom"
    );

    let client = Client::builder(Credentials::new(common::API_KEY, PKCS8_PEM))
        .build()
        .unwrap();
    assert_eq!(client.base_url().as_str(), "https://gateway.stage.pay.io/");
}

#[test]
fn builder_and_credentials_debug_show_no_secret() {
    let builder = Client::builder(Credentials::new(common::API_KEY, PKCS8_PEM));
    let debug = format!("{builder:?}");
    assert!(!debug.contains(common::API_KEY), "{debug}");
    assert_no_key_material(&debug);
    assert!(debug.contains("REDACTED"), "{debug}");
}
