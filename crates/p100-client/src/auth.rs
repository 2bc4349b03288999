//! P100 authentication: one partner API key in the `x-api-key` header.
//!
//! P100 issues a staging key and a production key; production additionally accepts calls only
//! from allowlisted IP addresses. A refused key comes back as HTTP 401 with the text
//! `Access Denied. xo1|xo2|xo3`; [`AccessDenied`] names the three causes.

use std::fmt;

use paylinks_core::{Connector, Error, Request, Response, SecretString};

/// The header that carries the API key. P100 insists on this exact, all-lowercase spelling.
pub const API_KEY_HEADER: &str = "x-api-key";

/// The partner API key P100 issued (staging and production each have their own). `Debug`
/// never shows it. A key that is not a valid header value is refused when a request is sent.
#[derive(Debug, Clone)]
pub struct Credentials {
    api_key: SecretString,
}

impl Credentials {
    /// Credentials for the partner API key.
    pub fn new(api_key: impl Into<SecretString>) -> Self {
        Credentials {
            api_key: api_key.into(),
        }
    }
}

impl Connector for Credentials {
    /// Adds the API key as a sensitive header (never printed).
    fn authorize(&self, request: Request) -> Result<Request, Error> {
        request.secret_header(API_KEY_HEADER, &self.api_key)
    }

    fn refusal(&self, response: &Response) -> Option<Error> {
        crate::error::refusal(response)
    }
}

/// Why P100 refused the credentials: the `xo` code at the end of its `Access Denied.` message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AccessDenied {
    /// `xo1`: the request carried no API key.
    KeyMissing,
    /// `xo2`: the API key is wrong (for example a staging key sent to production).
    KeyWrong,
    /// `xo3`: the request came from an IP address that is not on the partner's allowlist
    /// (production only).
    IpNotAllowlisted,
}

impl AccessDenied {
    /// Every cause, in code order.
    pub const ALL: [AccessDenied; 3] = [
        AccessDenied::KeyMissing,
        AccessDenied::KeyWrong,
        AccessDenied::IpNotAllowlisted,
    ];

    /// The code as P100 writes it: `xo1`, `xo2` or `xo3`.
    pub fn code(self) -> &'static str {
        match self {
            AccessDenied::KeyMissing => "xo1",
            AccessDenied::KeyWrong => "xo2",
            AccessDenied::IpNotAllowlisted => "xo3",
        }
    }

    /// What the code means, in words.
    pub fn description(self) -> &'static str {
        match self {
            AccessDenied::KeyMissing => "API key missing (no x-api-key header)",
            AccessDenied::KeyWrong => "API key wrong",
            AccessDenied::IpNotAllowlisted => {
                "request from an IP address that is not on the allowlist"
            }
        }
    }

    /// The cause for a code (`xo1`, case-insensitive); `None` for anything else.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|cause| cause.code().eq_ignore_ascii_case(code))
    }

    /// The cause of an [`Error::Authentication`] this crate returned, when P100 named one.
    pub fn of(error: &Error) -> Option<Self> {
        match error {
            Error::Authentication(detail) => detail.code.as_deref().and_then(Self::from_code),
            _ => None,
        }
    }

    /// Finds the cause in a text such as `Access Denied. xo2`: the first `xo1`/`xo2`/`xo3`
    /// that stands as a word of its own.
    pub(crate) fn find_in(text: &str) -> Option<Self> {
        crate::error::find_token(text, Self::from_code)
    }
}

impl fmt::Display for AccessDenied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.description())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_code_as_a_word_only() {
        assert_eq!(
            AccessDenied::find_in("Access Denied. xo1"),
            Some(AccessDenied::KeyMissing)
        );
        assert_eq!(
            AccessDenied::find_in("access denied. XO3\n"),
            Some(AccessDenied::IpNotAllowlisted)
        );
        assert_eq!(AccessDenied::find_in("Access Denied. xo12"), None);
        assert_eq!(AccessDenied::find_in("Access Denied. axo2"), None);
        assert_eq!(AccessDenied::find_in("Access Denied."), None);
    }
}
