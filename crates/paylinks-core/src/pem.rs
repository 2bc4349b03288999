//! PEM blocks (`-----BEGIN LABEL-----` … `-----END LABEL-----`) as DER, for key parsing.
//!
//! One PEM reader for the workspace: Pay.io's webhook verifier reads its public key with it, and
//! request signing can read its private key with it. Text before the `BEGIN` line (a note, a
//! pasted header) is skipped and CRLF line ends are fine. RFC 1421 headers
//! (`Proc-Type: 4,ENCRYPTED`) mark an encrypted key, which is refused. Errors never contain
//! key material, only the label.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use secrecy::zeroize::Zeroizing;

/// One decoded PEM block: its label and the DER inside. The DER is wiped on drop.
pub struct Pem {
    /// The label between `BEGIN ` and the dashes (`PUBLIC KEY`, `RSA PRIVATE KEY`, …).
    pub label: String,
    /// The Base64 body, decoded.
    pub der: Zeroizing<Vec<u8>>,
}

impl fmt::Debug for Pem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pem")
            .field("label", &self.label)
            .field("der", &format_args!("[{} bytes]", self.der.len()))
            .finish()
    }
}

/// Why a text is not a usable PEM block. Never contains key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PemError {
    /// No `-----BEGIN …-----` line, or no matching `-----END …-----` line.
    #[error("expected a PEM block (-----BEGIN …----- … -----END …-----)")]
    NotPem,
    /// The block carries RFC 1421 encryption headers.
    #[error("the PEM block {0} is encrypted; decrypt it first")]
    Encrypted(String),
    /// The body is not valid Base64.
    #[error("the body of the PEM block {0} is not valid Base64")]
    Base64(String),
}

/// Decodes the first PEM block of `text`.
pub fn decode(text: &str) -> Result<Pem, PemError> {
    let mut lines = text
        .lines()
        .map(str::trim)
        .skip_while(|l| !l.starts_with("-----BEGIN "));
    let label = lines
        .next()
        .and_then(|l| l.strip_prefix("-----BEGIN "))
        .and_then(|l| l.strip_suffix("-----"))
        .ok_or(PemError::NotPem)?
        .to_owned();
    let end = format!("-----END {label}-----");
    let mut body = Zeroizing::new(String::with_capacity(text.len()));
    let mut ended = false;
    for line in lines {
        if line == end {
            ended = true;
            break;
        }
        if line.contains(':') {
            return Err(PemError::Encrypted(label));
        }
        body.push_str(line);
    }
    if !ended || body.is_empty() {
        return Err(PemError::NotPem);
    }
    let mut der = Zeroizing::new(Vec::with_capacity(body.len()));
    STANDARD
        .decode_vec(body.as_bytes(), &mut der)
        .map_err(|_| PemError::Base64(label.clone()))?;
    Ok(Pem { label, der })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_a_block_after_leading_text_with_crlf() {
        let pem = decode(
            "my key:\r\n-----BEGIN PUBLIC KEY-----\r\nAAEC\r\nAw==\r\n-----END PUBLIC KEY-----\r\n",
        )
        .unwrap();
        assert_eq!(pem.label, "PUBLIC KEY");
        assert_eq!(pem.der.as_slice(), &[0, 1, 2, 3]);
        assert_eq!(
            format!("{pem:?}"),
            r#"Pem { label: "PUBLIC KEY", der: [4 bytes] }"#
        );
    }

    #[test]
    fn refuses_what_is_not_a_pem_block_without_echoing_it() {
        let cases = [
            ("", PemError::NotPem),
            ("MIIBIjANBgkqhkiG9w0BAQEFAAOC", PemError::NotPem),
            ("-----BEGIN PUBLIC KEY-----\nAAAA\n", PemError::NotPem),
            (
                "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----",
                PemError::NotPem,
            ),
            (
                "-----BEGIN PUBLIC KEY-----\n%%secretish%%\n-----END PUBLIC KEY-----",
                PemError::Base64("PUBLIC KEY".into()),
            ),
            (
                "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nAAAA\n-----END RSA PRIVATE KEY-----",
                PemError::Encrypted("RSA PRIVATE KEY".into()),
            ),
        ];
        for (text, want) in cases {
            let err = decode(text).unwrap_err();
            assert_eq!(err, want, "{text}");
            assert!(!err.to_string().contains("secretish"));
        }
    }
}
