//! Helpers shared by the test binaries: fixture keys and checking a signed request.
#![allow(dead_code)]

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use paylinks_core::crypto::signature::{RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey};
use paylinks_testkit::Recorded;

pub(crate) const PKCS8_PEM: &str = include_str!("../fixtures/test_key_pkcs8.pem");
pub(crate) const PKCS1_PEM: &str = include_str!("../fixtures/test_key_pkcs1.pem");
pub(crate) const PUBLIC_PEM: &str = include_str!("../fixtures/test_public_key.pem");
/// The same public key in PKCS#1 form, the one both crypto backends verify with directly.
pub(crate) const PUBLIC_PKCS1_PEM: &str = include_str!("../fixtures/test_public_key_pkcs1.pem");
pub(crate) const API_KEY: &str = "pk_test_9c1f3e7a2b6d4c80";

/// The DER inside a one-block PEM file.
pub(crate) fn pem_der(pem: &str) -> Vec<u8> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    STANDARD.decode(body).expect("fixture PEM body")
}

/// A fragment of the private key's Base64 body that must never show up in output.
pub(crate) fn key_fragments() -> Vec<String> {
    [PKCS8_PEM, PKCS1_PEM]
        .iter()
        .map(|pem| pem.lines().nth(5).expect("key line").to_owned())
        .collect()
}

fn header<'a>(req: &'a Recorded, name: &str) -> Option<&'a str> {
    req.header(name).first().copied()
}

/// Checks the auth headers of a request the mock received: the API key, a UUID v4 nonce of at
/// least 16 characters, and a signature that verifies with the public key over
/// `METHOD + PATH + NONCE + QUERY + BODY`. Returns the nonce.
pub(crate) fn verify_signed(req: &Recorded) -> String {
    assert_eq!(header(req, "x-api-key"), Some(API_KEY));
    let nonce = header(req, "x-api-nonce").expect("X-API-Nonce").to_owned();
    assert!(nonce.len() >= 16, "{nonce}");
    let parsed = uuid::Uuid::parse_str(&nonce).expect("nonce is a UUID");
    assert_eq!(parsed.get_version_num(), 4, "{nonce}");
    assert_eq!(parsed.to_string(), nonce, "hyphenated lowercase form");

    let signature = header(req, "x-api-signature").expect("X-API-Signature");
    let signature = STANDARD.decode(signature).expect("standard padded Base64");
    assert_eq!(signature.len(), 256, "RSA-2048 signature");

    let mut message = Vec::new();
    message.extend_from_slice(req.method.as_bytes());
    message.extend_from_slice(req.path().as_bytes());
    message.extend_from_slice(nonce.as_bytes());
    message.extend_from_slice(req.query().unwrap_or("").as_bytes());
    message.extend_from_slice(req.body.as_bytes());
    let public = pem_der(PUBLIC_PKCS1_PEM);
    UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &public)
        .verify(&message, &signature)
        .expect("X-API-Signature verifies with the merchant's public key");
    nonce
}
