//! Helpers shared by the test binaries: fixture keys and checking a signed request.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use aws_lc_rs::signature::{RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use httpmock::prelude::HttpMockRequest;

pub(crate) const PKCS8_PEM: &str = include_str!("../fixtures/test_key_pkcs8.pem");
pub(crate) const PKCS1_PEM: &str = include_str!("../fixtures/test_key_pkcs1.pem");
pub(crate) const PUBLIC_PEM: &str = include_str!("../fixtures/test_public_key.pem");
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

/// Every request a mock saw, in order.
#[derive(Clone, Default)]
pub(crate) struct Seen(pub Arc<Mutex<Vec<HttpMockRequest>>>);

impl Seen {
    /// A matcher for `when.is_true(..)` that records the request and matches it.
    pub(crate) fn recorder(&self) -> impl Fn(&HttpMockRequest) -> bool + Send + Sync + 'static {
        let seen = self.0.clone();
        move |req: &HttpMockRequest| {
            seen.lock().unwrap().push(req.clone());
            true
        }
    }

    pub(crate) fn all(&self) -> Vec<HttpMockRequest> {
        self.0.lock().unwrap().clone()
    }

    pub(crate) fn len(&self) -> usize {
        self.0.lock().unwrap().len()
    }
}

fn header<'a>(req: &'a HttpMockRequest, name: &str) -> Option<&'a str> {
    req.headers_vec()
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Checks the auth headers of a request the mock received: the API key, a UUID v4 nonce of at
/// least 16 characters, and a signature that verifies with the public key over
/// `METHOD + PATH + NONCE + QUERY + BODY`. Returns the nonce.
pub(crate) fn verify_signed(req: &HttpMockRequest) -> String {
    assert_eq!(header(req, "x-api-key"), Some(API_KEY));
    let nonce = header(req, "x-api-nonce").expect("X-API-Nonce").to_owned();
    assert!(nonce.len() >= 16, "{nonce}");
    let parsed = uuid::Uuid::parse_str(&nonce).expect("nonce is a UUID");
    assert_eq!(parsed.get_version_num(), 4, "{nonce}");
    assert_eq!(parsed.to_string(), nonce, "hyphenated lowercase form");

    let signature = header(req, "x-api-signature").expect("X-API-Signature");
    let signature = STANDARD.decode(signature).expect("standard padded Base64");
    assert_eq!(signature.len(), 256, "RSA-2048 signature");

    let uri = req.uri();
    let mut message = Vec::new();
    message.extend_from_slice(req.method_str().as_bytes());
    message.extend_from_slice(uri.path().as_bytes());
    message.extend_from_slice(nonce.as_bytes());
    message.extend_from_slice(uri.query().unwrap_or("").as_bytes());
    message.extend_from_slice(req.body_ref());
    let public = pem_der(PUBLIC_PEM);
    UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &public)
        .verify(&message, &signature)
        .expect("X-API-Signature verifies with the merchant's public key");
    nonce
}

/// The request's header names, lowercased and sorted.
pub(crate) fn header_names(req: &HttpMockRequest) -> Vec<String> {
    let mut names: Vec<String> = req
        .headers_vec()
        .iter()
        .map(|(n, _)| n.to_ascii_lowercase())
        .collect();
    names.sort();
    names
}
