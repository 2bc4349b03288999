//! The crypto backend, chosen by Cargo feature: `aws-lc-rs` (the default) or `ring`.
//!
//! Everything the paylinks crates do with cryptography goes through here: TLS (the rustls
//! [`CryptoProvider`](rustls::crypto::CryptoProvider) of [`tls_provider`]), Pay.io's request
//! signing and every webhook check. The primitives are the chosen crate's own modules,
//! re-exported ([`digest`], [`hmac`], [`rand`], [`signature`], [`error`]; aws-lc-rs offers ring's
//! API for everything used here), plus [`RsaVerifyingKey`] and [`rsa_modulus_len`] where the
//! two differ, so a provider crate names `paylinks_core::crypto::hmac` and never the backend.
//!
//! - With `ring` alone, no aws-lc-sys is built: `cargo tree -p txn-client --no-default-features
//!   --features ring` shows none. ring's C and assembly build in a fraction of aws-lc-sys's
//!   time and need no NASM on Windows (BENCHMARKS.md has the figures).
//! - With both features on (Cargo unifies features: one crate of an application may ask for
//!   `ring` and another keep the default), **aws-lc-rs is used** and ring is built but unused.
//! - With neither, the build fails and says which feature to choose.
//!
//! For TLS, reqwest uses the process-wide default provider when the application installed one
//! (`rustls::crypto::CryptoProvider::install_default`), whichever backend is chosen here. Without
//! one, it uses aws-lc-rs's with `aws-lc-rs`; with `ring` alone, the client gets a rustls
//! configuration built here on ring's provider (the system's root certificates, as reqwest's
//! own; HTTP/2 and HTTP/1.1), and reqwest's own TLS settings made in a `reqwest(|b| …)` hook
//! (extra root certificates, a client identity, TLS versions) do not apply to it. To keep them,
//! install ring's provider as the process default at start-up, or give the hook a complete
//! `rustls::ClientConfig` (`tls_backend_preconfigured`) built on [`tls_provider`].

use std::fmt;
use std::sync::Arc;

#[cfg(not(any(feature = "aws-lc-rs", feature = "ring")))]
compile_error!(
    "paylinks needs a crypto backend: enable the `aws-lc-rs` feature (the default) or `ring` \
     (for example `default-features = false, features = [\"ring\"]`)"
);

#[cfg(feature = "aws-lc-rs")]
use aws_lc_rs as backend;
#[cfg(all(feature = "ring", not(feature = "aws-lc-rs")))]
use ring as backend;

pub use backend::{digest, error, hmac, rand, signature};

#[cfg(feature = "aws-lc-rs")]
use rustls::crypto::aws_lc_rs::default_provider;
#[cfg(all(feature = "ring", not(feature = "aws-lc-rs")))]
use rustls::crypto::ring::default_provider;

/// The chosen backend's rustls provider, for an application that builds its own
/// `rustls::ClientConfig` (see the [module documentation](self)).
pub fn tls_provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(default_provider())
}

/// A `reqwest::ClientBuilder` whose TLS runs on the chosen backend: reqwest's own
/// configuration when reqwest can find the provider itself (aws-lc-rs, or a process default the
/// application installed), otherwise one built on [`tls_provider`]. Fails when the system's
/// root certificates cannot be loaded, as reqwest's own build would.
pub fn reqwest_builder() -> Result<reqwest::ClientBuilder, rustls::Error> {
    let builder = reqwest::Client::builder();
    #[cfg(not(feature = "aws-lc-rs"))]
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        return Ok(builder.tls_backend_preconfigured(tls_config()?));
    }
    Ok(builder)
}

/// What reqwest would build with its own TLS settings: the provider's safe protocol versions,
/// the platform's certificate verifier, ALPN for HTTP/2 and HTTP/1.1.
#[cfg(not(feature = "aws-lc-rs"))]
fn tls_config() -> Result<rustls::ClientConfig, rustls::Error> {
    let provider = tls_provider();
    let verifier = rustls_platform_verifier::Verifier::new(provider.clone())?;
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

/// The length in bytes of `key`'s modulus, which is the length of its signatures.
pub fn rsa_modulus_len(key: &signature::RsaKeyPair) -> usize {
    #[cfg(feature = "aws-lc-rs")]
    let len = key.public_modulus_len();
    #[cfg(not(feature = "aws-lc-rs"))]
    let len = key.public().modulus_len();
    len
}

/// Why an RSA public key was refused. Never shows key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RsaKeyError {
    /// Not the DER of an RSA public key; the backend's word for why.
    #[error("not an RSA public key ({0})")]
    NotRsa(String),
    /// An RSA key of this many bits, outside 2048 to 8192.
    #[error("the RSA public key has {0} bits; 2048 to 8192 are accepted")]
    Size(usize),
}

/// An RSA public key of 2048 to 8192 bits that checks RSASSA-PKCS1-v1_5 SHA-256 signatures
/// (Pay.io's), read once from DER: SubjectPublicKeyInfo (PEM `PUBLIC KEY`, what OpenSSL writes)
/// or PKCS#1 (`RSA PUBLIC KEY`).
///
/// aws-lc-rs checks the whole key when it is read. ring can only check it with a signature, so
/// there a key that is well-formed DER but not a valid RSA key refuses every signature.
pub struct RsaVerifyingKey {
    bits: usize,
    #[cfg(feature = "aws-lc-rs")]
    key: aws_lc_rs::signature::ParsedPublicKey,
    #[cfg(not(feature = "aws-lc-rs"))]
    key: ring::signature::UnparsedPublicKey<Vec<u8>>,
}

impl RsaVerifyingKey {
    /// The smallest key accepted, in bits.
    pub const MIN_BITS: usize = 2048;
    /// The largest key accepted, in bits.
    pub const MAX_BITS: usize = 8192;

    /// Reads the key from DER, SubjectPublicKeyInfo or PKCS#1.
    pub fn from_der(der: &[u8]) -> Result<Self, RsaKeyError> {
        #[cfg(feature = "aws-lc-rs")]
        let (bits, pkcs1) = {
            let key = aws_lc_rs::rsa::PublicKey::from_der(der)
                .map_err(|e| RsaKeyError::NotRsa(e.to_string()))?;
            // PKCS#1 as aws-lc wrote it (its modulus length needs aws-lc-rs's `ring-io`, one
            // more crate for everyone).
            let modulus_len = der::pkcs1_modulus_len(key.as_ref())
                .ok_or_else(|| RsaKeyError::NotRsa("InvalidEncoding".to_owned()))?;
            (modulus_len * 8, key)
        };
        #[cfg(not(feature = "aws-lc-rs"))]
        let (bits, pkcs1) = {
            let (pkcs1, modulus_len) = der::rsa_public_key(der)
                .ok_or_else(|| RsaKeyError::NotRsa("InvalidEncoding".to_owned()))?;
            (modulus_len * 8, pkcs1)
        };
        if !(Self::MIN_BITS..=Self::MAX_BITS).contains(&bits) {
            return Err(RsaKeyError::Size(bits));
        }
        let algorithm = &signature::RSA_PKCS1_2048_8192_SHA256;
        #[cfg(feature = "aws-lc-rs")]
        let key = signature::ParsedPublicKey::new(algorithm, pkcs1.as_ref())
            .map_err(|e| RsaKeyError::NotRsa(e.to_string()))?;
        #[cfg(not(feature = "aws-lc-rs"))]
        let key = signature::UnparsedPublicKey::new(algorithm, pkcs1.to_vec());
        Ok(RsaVerifyingKey { bits, key })
    }

    /// The key's size in bits (its modulus's length in whole bytes, times eight).
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// Whether `signature` is this key's RSASSA-PKCS1-v1_5 SHA-256 signature of `message`.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        #[cfg(feature = "aws-lc-rs")]
        let verified = self.key.verify_sig(message, signature);
        #[cfg(not(feature = "aws-lc-rs"))]
        let verified = self.key.verify(message, signature);
        verified.is_ok()
    }
}

impl fmt::Debug for RsaVerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RsaVerifyingKey(RSA-{})", self.bits)
    }
}

/// Just enough DER for an RSA public key's modulus length, and (for ring) to find the PKCS#1
/// key it verifies with; the backend reads the key itself, strictly.
mod der {
    const INTEGER: u8 = 0x02;
    const SEQUENCE: u8 = 0x30;
    #[cfg(not(feature = "aws-lc-rs"))]
    const BIT_STRING: u8 = 0x03;
    #[cfg(not(feature = "aws-lc-rs"))]
    const OID: u8 = 0x06;
    /// 1.2.840.113549.1.1.1, rsaEncryption.
    #[cfg(not(feature = "aws-lc-rs"))]
    const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];

    /// The contents of the element tagged `tag` at the start of `input`, and what follows it.
    /// Lengths up to 65535 bytes (an 8192-bit key's SubjectPublicKeyInfo is about 1 KB).
    fn element(tag: u8, input: &[u8]) -> Option<(&[u8], &[u8])> {
        let (&found, rest) = input.split_first()?;
        let (&first, rest) = rest.split_first()?;
        if found != tag {
            return None;
        }
        let (len, rest) = match first {
            0x00..=0x7f => (usize::from(first), rest),
            0x81 => {
                let (&len, rest) = rest.split_first()?;
                (usize::from(len), rest)
            }
            0x82 => {
                let (len, rest) = rest.split_at_checked(2)?;
                (usize::from(u16::from_be_bytes([len[0], len[1]])), rest)
            }
            _ => return None,
        };
        rest.split_at_checked(len)
    }

    /// The only element of `input`, tagged `tag`.
    fn whole(tag: u8, input: &[u8]) -> Option<&[u8]> {
        element(tag, input).and_then(|(contents, rest)| rest.is_empty().then_some(contents))
    }

    /// The modulus length in bytes of PKCS#1 `RSAPublicKey ::= SEQUENCE { modulus INTEGER,
    /// publicExponent INTEGER }`.
    pub(super) fn pkcs1_modulus_len(der: &[u8]) -> Option<usize> {
        let (modulus, rest) = element(INTEGER, whole(SEQUENCE, der)?)?;
        whole(INTEGER, rest)?;
        let modulus = modulus.strip_prefix(&[0]).unwrap_or(modulus);
        Some(modulus.len())
    }

    /// The PKCS#1 key in `der` (itself, or the key of an rsaEncryption SubjectPublicKeyInfo)
    /// and its modulus length in bytes.
    #[cfg(not(feature = "aws-lc-rs"))]
    pub(super) fn rsa_public_key(der: &[u8]) -> Option<(&[u8], usize)> {
        if let Some(len) = pkcs1_modulus_len(der) {
            return Some((der, len));
        }
        // SubjectPublicKeyInfo ::= SEQUENCE { algorithm SEQUENCE { OID, parameters },
        //                                     subjectPublicKey BIT STRING }
        let (algorithm, rest) = element(SEQUENCE, whole(SEQUENCE, der)?)?;
        let (oid, _parameters) = element(OID, algorithm)?;
        if oid != RSA_ENCRYPTION {
            return None;
        }
        // No unused bits, then the PKCS#1 key.
        let key = whole(BIT_STRING, rest)?.strip_prefix(&[0])?;
        Some((key, pkcs1_modulus_len(key)?))
    }
}
