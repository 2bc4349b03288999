//! In-process timings: decoding each create reply and encoding each create request (generated
//! type vs minimal type), and Pay.io's RSA signature.

use std::hint::black_box;
use std::time::Instant;

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::RSA_PKCS1_SHA256;
use paylinks_core::{Method, SecretString};
use paylinks_sandbox::Credentials;
use secrecy::ExposeSecret;
use serde::Serialize;

use crate::fixtures::{Fixture, Provider};
use crate::{calls, minimal, typed};

/// Nanoseconds per call of `f`, over `iterations` calls.
pub fn time_ns(iterations: usize, mut f: impl FnMut() -> usize) -> f64 {
    let started = Instant::now();
    let mut sink = 0usize;
    for _ in 0..iterations {
        sink = sink.wrapping_add(black_box(f()));
    }
    black_box(sink);
    started.elapsed().as_nanos() as f64 / iterations.max(1) as f64
}

/// One round of the codec scenario for one provider, in ns per call.
#[derive(Debug, Clone, Serialize)]
pub struct Codec {
    /// `payio`, ...
    pub provider: &'static str,
    /// Decoding the create reply into the generated type.
    pub decode_generated: f64,
    /// ... into the minimal type.
    pub decode_minimal: f64,
    /// Building and serialising the create request as the generated type.
    pub encode_generated: f64,
    /// ... as the minimal type.
    pub encode_minimal: f64,
}

/// Decoding and encoding `provider`'s create, `iterations` times each, the four interleaved
/// in an order that rotates with `round`. Fails if the two encodings differ by a byte.
pub fn codec(provider: Provider, iterations: usize, round: usize) -> Result<Codec, String> {
    let (_, _, reply) = provider.create_reply();
    let reply = reply.as_bytes();
    let generated = typed::create_body(provider);
    let hand = minimal::create_body(provider);
    if generated != hand {
        return Err(format!(
            "{}: the generated request serialises as {} but the minimal one as {}",
            provider.as_str(),
            String::from_utf8_lossy(&generated),
            String::from_utf8_lossy(&hand)
        ));
    }
    let decode_g = || typed::decode_reply(provider, reply).expect("decodes");
    let decode_m = || minimal::decode_reply(provider, reply).expect("decodes");
    // Both decoders read the same link out of the reply.
    if decode_g() == 0 || decode_m() == 0 {
        return Err(format!("{}: a decoder found no link", provider.as_str()));
    }
    let mut out = [0f64; 4];
    for k in 0..4 {
        let which = (k + round) % 4;
        out[which] = match which {
            0 => time_ns(iterations, decode_g),
            1 => time_ns(iterations, decode_m),
            2 => time_ns(iterations, || typed::create_body(provider).len()),
            _ => time_ns(iterations, || minimal::create_body(provider).len()),
        };
    }
    Ok(Codec {
        provider: provider.as_str(),
        decode_generated: out[0],
        decode_minimal: out[1],
        encode_generated: out[2],
        encode_minimal: out[3],
    })
}

/// One round of the signing scenario, in ns per signature.
#[derive(Debug, Clone, Serialize)]
pub struct Signing {
    /// One raw aws-lc-rs RSA-2048 PKCS#1 v1.5 SHA-256 signature, key parsed once.
    pub raw_sign: f64,
    /// What Pay.io's client does per request: a UUID nonce, the signing input, the signature
    /// and its Base64 (the same code as the hand-written call), key parsed once.
    pub per_request: f64,
    /// `payio_client::sign`, the crate's public one-shot helper, which parses the PEM key on
    /// every call.
    pub oneshot_with_key_parse: f64,
}

/// Times Pay.io's signing, `iterations` times each.
pub fn signing(iterations: usize) -> Result<Signing, String> {
    let credentials = Credentials::default();
    let pem = credentials.payio_private_key_pem.expose_secret();
    let key = calls::payio_key(pem)?;
    let rng = SystemRandom::new();
    let body = minimal::create_body(Provider::Payio);
    let path = Provider::Payio.create_path();
    let nonce = uuid::Uuid::new_v4().to_string();
    let mut input = Vec::new();
    input.extend_from_slice(b"POST");
    input.extend_from_slice(path.as_bytes());
    input.extend_from_slice(nonce.as_bytes());
    input.extend_from_slice(&body);
    let mut signature = vec![0; key.public_modulus_len()];
    let raw_sign = time_ns(iterations, || {
        key.sign(&RSA_PKCS1_SHA256, &rng, &input, &mut signature)
            .expect("signs");
        signature[0] as usize
    });
    let per_request = time_ns(iterations, || {
        use base64::Engine as _;
        let nonce = uuid::Uuid::new_v4().to_string();
        let mut input = Vec::with_capacity(64 + body.len());
        input.extend_from_slice(b"POST");
        input.extend_from_slice(path.as_bytes());
        input.extend_from_slice(nonce.as_bytes());
        input.extend_from_slice(&body);
        let mut signature = vec![0; key.public_modulus_len()];
        key.sign(&RSA_PKCS1_SHA256, &rng, &input, &mut signature)
            .expect("signs");
        base64::engine::general_purpose::STANDARD
            .encode(signature)
            .len()
    });
    let secret = SecretString::from(pem.to_owned());
    let oneshot_with_key_parse = time_ns(iterations.div_ceil(4), || {
        payio_client::sign(&secret, &Method::POST, path, &nonce, "", &body)
            .expect("signs")
            .len()
    });
    Ok(Signing {
        raw_sign,
        per_request,
        oneshot_with_key_parse,
    })
}
