//! Pay.io credentials and request signing.
//!
//! Every Pay.io request carries three headers ([authorisation guide]):
//!
//! - `X-API-Key`: the merchant API key from the Merchant Console;
//! - `X-API-Nonce`: a fresh value per request. Pay.io asks for a UUID of at least 16 characters
//!   and refuses a reused one (401) or a short one (400). This crate sends a new UUID v4
//!   (36 characters) for every attempt, retries included;
//! - `X-API-Signature`: standard, padded Base64 of an RSA-SHA256 (PKCS#1 v1.5) signature, made
//!   with the merchant's RSA private key, over `METHOD + PATH + NONCE + QUERY + BODY` joined
//!   with no separator. `QUERY` is the query string exactly as sent (without `?`) and `BODY` the
//!   body bytes exactly as sent; both are empty when absent. `PATH` is the operation's path
//!   (`/v1/user/transactions`), without the base URL's own path: with a custom base URL that has
//!   a path prefix (a proxy), the proxy is expected to strip it.
//!
//! The guide's "Example Python" block computes an HMAC-SHA256 hex digest instead. Its prose
//! and header table say RSA-SHA256 + Base64, which is what this crate does (the HMAC snippet is
//! treated as stale; see the Pay.io "Known conflicts" in the repository's `openapi/README.md`).
//!
//! The private key is parsed once, when the client is built. PEM with the label
//! `PRIVATE KEY` (PKCS#8) or `RSA PRIVATE KEY` (PKCS#1) is accepted; encrypted keys are not.
//! Signing uses the crypto backend chosen by feature ([`paylinks_core::crypto`]): aws-lc-rs
//! takes keys of 2048 to 8192 bits, ring keys of 2048, 3072 or 4096 bits.
//!
//! [authorisation guide]: https://docs.pay.io/api-reference/core-concepts/authorisation

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use paylinks_core::crypto::rand::SystemRandom;
use paylinks_core::crypto::rsa_modulus_len;
use paylinks_core::crypto::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use paylinks_core::pem::PemError;
use paylinks_core::validate::Rule;
use paylinks_core::{Connector, Error, Method, Request, Response, SecretString};
use secrecy::ExposeSecret;
use secrecy::zeroize::Zeroizing;

use crate::PROVIDER;

/// The header carrying the merchant API key.
pub const API_KEY_HEADER: &str = "X-API-Key";
/// The header carrying the per-request nonce.
pub const NONCE_HEADER: &str = "X-API-Nonce";
/// The header carrying the request signature.
pub const SIGNATURE_HEADER: &str = "X-API-Signature";

/// A merchant's Pay.io credentials: the API key and the PEM RSA private key whose public half
/// was uploaded to Pay.io during onboarding. `Debug` shows neither.
#[derive(Clone, Debug)]
pub struct Credentials {
    pub(crate) api_key: SecretString,
    pub(crate) private_key_pem: SecretString,
}

impl Credentials {
    /// Credentials from the API key and the PEM private key (`-----BEGIN PRIVATE KEY-----`
    /// or `-----BEGIN RSA PRIVATE KEY-----`, at least 2048 bits). The key is parsed when the
    /// client is built, where a bad key is an error.
    pub fn new(api_key: impl Into<SecretString>, private_key_pem: impl Into<SecretString>) -> Self {
        Credentials {
            api_key: api_key.into(),
            private_key_pem: private_key_pem.into(),
        }
    }
}

/// Credentials made ready to sign: the API key and the parsed private key. Parsing happens
/// once, when the client is built.
#[derive(Debug)]
pub(crate) struct Keys {
    api_key: SecretString,
    signer: Signer,
}

impl Keys {
    /// Checks the API key (not blank) and parses the private key.
    pub(crate) fn parse(credentials: Credentials) -> Result<Self, Error> {
        if credentials.api_key.expose_secret().trim().is_empty() {
            return Err(Error::violation(PROVIDER, "api_key", Rule::Required));
        }
        Ok(Keys {
            signer: Signer::from_secret_pem(&credentials.private_key_pem)?,
            api_key: credentials.api_key,
        })
    }
}

impl Connector for Keys {
    /// Adds the three authentication headers: the API key, a fresh UUID v4 nonce and the
    /// signature over `METHOD + PATH + NONCE + QUERY + BODY`, anew for every attempt.
    fn authorize(&self, request: Request) -> Result<Request, Error> {
        let nonce = uuid::Uuid::new_v4().to_string();
        let input = Signer::signing_input(
            request.method(),
            request.path(),
            &nonce,
            &request.query_string(),
            request.body_bytes(),
        );
        let signature = self.signer.sign(&input)?;
        request
            .secret_header(API_KEY_HEADER, &self.api_key)?
            .header(NONCE_HEADER, &nonce)?
            .header(SIGNATURE_HEADER, &signature)
    }

    fn refusal(&self, response: &Response) -> Option<Error> {
        crate::error::refusal(response)
    }
}

/// Why a private key was refused. The message never contains key material.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum KeyError {
    /// No `-----BEGIN …-----` / `-----END …-----` pair.
    NotPem,
    /// A PEM block with a label other than the two accepted.
    Label(String),
    /// The PEM body is not valid Base64.
    Base64,
    /// The crypto backend refused the DER inside (wrong structure, not RSA, too small, …): the
    /// form, and the backend's word for why.
    Rejected(&'static str, String),
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::NotPem => f.write_str(
                "expected a PEM RSA private key (-----BEGIN PRIVATE KEY----- or \
                 -----BEGIN RSA PRIVATE KEY-----) with its matching END line",
            ),
            KeyError::Label(label) if label.contains("ENCRYPTED") => write!(
                f,
                "the PEM block is {label}; encrypted keys are not supported, decrypt it first \
                 (openssl pkey -in key.pem -out plain.pem)"
            ),
            KeyError::Label(label) if label.contains("PUBLIC") => write!(
                f,
                "the PEM block is a {label}; signing needs the private key"
            ),
            KeyError::Label(label) => write!(
                f,
                "the PEM block is {label}; expected PRIVATE KEY (PKCS#8) or RSA PRIVATE KEY (PKCS#1)"
            ),
            KeyError::Base64 => f.write_str("the PEM body is not valid Base64"),
            KeyError::Rejected(form, why) => write!(
                f,
                "not a usable RSA private key in {form} form ({why}); Pay.io needs RSA of at least 2048 bits"
            ),
        }
    }
}

impl KeyError {
    fn into_error(self) -> Error {
        Error::Unsupported {
            provider: PROVIDER,
            field: "private_key",
            reason: self.to_string(),
        }
    }
}

/// The parsed private key, ready to sign. `Debug` shows only the key size.
pub(crate) struct Signer {
    key: RsaKeyPair,
    rng: SystemRandom,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field(
                "key",
                &format_args!("RSA-{} [REDACTED]", rsa_modulus_len(&self.key) * 8),
            )
            .finish()
    }
}

/// The DER inside a PEM block, and which of the two accepted forms it is.
fn decode_pem(pem: &str) -> Result<(bool, Zeroizing<Vec<u8>>), KeyError> {
    let block = paylinks_core::pem::decode(pem).map_err(|e| match e {
        PemError::Encrypted(label) => KeyError::Label(format!("ENCRYPTED {label}")),
        PemError::Base64(_) => KeyError::Base64,
        _ => KeyError::NotPem,
    })?;
    let pkcs8 = match block.label.as_str() {
        "PRIVATE KEY" => true,
        "RSA PRIVATE KEY" => false,
        _ => return Err(KeyError::Label(block.label)),
    };
    Ok((pkcs8, block.der))
}

impl Signer {
    /// Parses a PEM RSA private key (PKCS#8 or PKCS#1).
    pub(crate) fn from_pem(pem: &str) -> Result<Self, KeyError> {
        let (pkcs8, der) = decode_pem(pem)?;
        let key = if pkcs8 {
            RsaKeyPair::from_pkcs8(&der).map_err(|e| KeyError::Rejected("PKCS#8", e.to_string()))
        } else {
            RsaKeyPair::from_der(&der).map_err(|e| KeyError::Rejected("PKCS#1", e.to_string()))
        }?;
        Ok(Signer {
            key,
            rng: SystemRandom::new(),
        })
    }

    /// Parses the key, as a client build error on failure.
    pub(crate) fn from_secret_pem(pem: &SecretString) -> Result<Self, Error> {
        Signer::from_pem(pem.expose_secret()).map_err(KeyError::into_error)
    }

    /// The string Pay.io signs: `METHOD + PATH + NONCE + QUERY + BODY`, no separators.
    pub(crate) fn signing_input(
        method: &Method,
        path: &str,
        nonce: &str,
        query: &str,
        body: &[u8],
    ) -> Vec<u8> {
        let method = method.as_str();
        let mut input =
            Vec::with_capacity(method.len() + path.len() + nonce.len() + query.len() + body.len());
        input.extend_from_slice(method.as_bytes());
        input.extend_from_slice(path.as_bytes());
        input.extend_from_slice(nonce.as_bytes());
        input.extend_from_slice(query.as_bytes());
        input.extend_from_slice(body);
        input
    }

    /// Base64 (standard, padded) of the RSA-SHA256 PKCS#1 v1.5 signature of `message`.
    pub(crate) fn sign(&self, message: &[u8]) -> Result<String, Error> {
        let mut signature = vec![0; rsa_modulus_len(&self.key)];
        self.key
            .sign(&RSA_PKCS1_SHA256, &self.rng, message, &mut signature)
            .map_err(|_| {
                Error::violation(
                    PROVIDER,
                    SIGNATURE_HEADER,
                    Rule::Serializable("RSA signing failed".to_owned()),
                )
            })?;
        Ok(STANDARD.encode(signature))
    }
}

/// Signs `METHOD + PATH + NONCE + QUERY + BODY` with a PEM RSA private key (PKCS#8 or PKCS#1)
/// and returns the `X-API-Signature` value: standard, padded Base64 of the RSA-SHA256 PKCS#1
/// v1.5 signature.
///
/// The client does this for every request; this function exists to check a key or a signature
/// by hand. It parses the key on every call, so do not use it per request.
pub fn sign(
    private_key_pem: &SecretString,
    method: &Method,
    path: &str,
    nonce: &str,
    query: &str,
    body: &[u8],
) -> Result<String, Error> {
    let signer = Signer::from_secret_pem(private_key_pem)?;
    signer.sign(&Signer::signing_input(method, path, nonce, query, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PKCS8: &str = include_str!("../tests/fixtures/test_key_pkcs8.pem");

    #[test]
    fn refuses_what_is_not_a_pem_private_key_without_echoing_it() {
        let cases = [
            ("", KeyError::NotPem),
            ("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", KeyError::NotPem),
            (
                "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
                KeyError::Label("PUBLIC KEY".into()),
            ),
            ("-----BEGIN PRIVATE KEY-----\nAAAA\n", KeyError::NotPem),
            (
                "-----BEGIN PRIVATE KEY-----\n%%%%secretish%%%%\n-----END PRIVATE KEY-----\n",
                KeyError::Base64,
            ),
            (
                "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nAAAA\n-----END RSA PRIVATE KEY-----",
                KeyError::Label("ENCRYPTED RSA PRIVATE KEY".into()),
            ),
        ];
        for (pem, want) in cases {
            let err = Signer::from_pem(pem).unwrap_err();
            assert_eq!(err, want, "{pem}");
            assert!(!err.to_string().contains("secretish"));
        }
        // Valid PEM, valid Base64, but not a key.
        let err = Signer::from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")
            .unwrap_err();
        assert!(matches!(err, KeyError::Rejected("PKCS#8", _)), "{err}");
    }

    #[test]
    fn debug_shows_only_the_key_size() {
        let signer = Signer::from_pem(PKCS8).unwrap();
        assert_eq!(format!("{signer:?}"), "Signer { key: RSA-2048 [REDACTED] }");
    }

    #[test]
    fn signing_input_is_the_plain_concatenation() {
        let input = Signer::signing_input(&Method::GET, "/v1/x", "n0nce", "a=1&b=2", b"{}");
        assert_eq!(input, b"GET/v1/xn0ncea=1&b=2{}");
    }
}
