//! P100's error replies → [`paylinks_core::Error`], and [`AccessDenied`], why it refused a key.
//!
//! What P100 documents, and how it maps:
//!
//! | Reply | Meaning (P100's words) | Error |
//! |---|---|---|
//! | 400, code `P403` | validation error | [`Error::Validation`] |
//! | 400, code `P500` | unknown exception | [`Error::Rejected`] (not retryable: the request may be at fault) |
//! | 400, code `P501` | service temporarily unavailable | [`Error::Unavailable`] (retryable) |
//! | 400, any other code or none | | [`Error::Validation`] (by status) |
//! | 401 `Access Denied. xo1` | API key missing | [`Error::Authentication`], code `xo1` |
//! | 401 `Access Denied. xo2` | API key wrong | [`Error::Authentication`], code `xo2` |
//! | 401 `Access Denied. xo3` | IP address not allowlisted | [`Error::Authentication`], code `xo3` |
//! | any 5xx | | [`Error::Unavailable`], whatever the body |
//! | 2xx whose body is the envelope with a documented code | (not documented) | as for a 400 with that code |
//! | anything else | | by status ([`Error::from_status`]) |
//!
//! The JSON around these codes was never published. The 400 body is read as the assumed
//! `{"code": "P403", "message": "…"}`; when that shape does not hold, the code is looked for as a
//! word anywhere in the body. The 401 body is read as the assumed `{"message": "Access Denied. xo1"}`
//! and, failing that, as plain text containing the phrase. A body that is HTML, empty or
//! truncated still maps by status; the raw body is always kept in [`ProviderError::body`].
//!
//! [`ProviderError::body`]: paylinks_core::ProviderError::body

use std::fmt;

use paylinks_core::{Error, Response};

use crate::generated::{ErrorCode, ErrorResponse};

/// The longest plain-text body taken as the provider's message.
const PLAIN_MESSAGE_MAX: usize = 200;

/// The error `response` stands for: any status that is not 2xx, and a 2xx whose body is
/// P100's error envelope with a documented code; `None` for a success.
pub(crate) fn refusal(response: &Response) -> Option<Error> {
    if response.is_success() {
        return error_in_success(response);
    }
    Some(from_response(response))
}

/// P100 documents no 2xx that carries an error; one whose body is its error envelope with a
/// documented code describes no link, so it is refused as that code says.
fn error_in_success(response: &Response) -> Option<Error> {
    let parsed = serde_json::from_slice::<ErrorResponse>(&response.body).ok()?;
    let code = parsed.code.filter(ErrorCode::is_known)?;
    Some(by_code(response, Some(code), parsed.message))
}

/// The error for a reply that is not a success.
fn from_response(response: &Response) -> Error {
    let parsed = serde_json::from_slice::<ErrorResponse>(&response.body).ok();
    let text = String::from_utf8_lossy(&response.body);
    let json_message = parsed
        .as_ref()
        .and_then(|p| p.message.as_deref())
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(str::to_owned);
    let message = json_message.clone().or_else(|| plain_message(&text));
    let code = parsed
        .and_then(|p| p.code)
        .or_else(|| find_token(&text, known_code));

    match response.status {
        500..=599 => Error::Unavailable(Box::new(response.refusal(
            code.map(String::from),
            message,
            Vec::new(),
        ))),
        401 | 403 => {
            let cause = message
                .as_deref()
                .and_then(AccessDenied::find_in)
                .or_else(|| AccessDenied::find_in(&text));
            match cause {
                Some(cause) => {
                    let said = message
                        .filter(|m| AccessDenied::find_in(m) == Some(cause))
                        .unwrap_or_else(|| format!("Access Denied. {}", cause.code()));
                    let explained = format!("{said}: {}", cause.description());
                    Error::Authentication(Box::new(response.refusal(
                        Some(cause.code().to_owned()),
                        Some(explained),
                        Vec::new(),
                    )))
                }
                None => response.error(code.map(String::from), message, Vec::new()),
            }
        }
        400 => by_code(response, code, message),
        _ => response.error(code.map(String::from), message, Vec::new()),
    }
}

/// The error for a documented code: `P403` validation, `P500` rejected, `P501` unavailable;
/// any other by status.
fn by_code(response: &Response, code: Option<ErrorCode>, message: Option<String>) -> Error {
    let detail = |code: ErrorCode| {
        Box::new(response.refusal(Some(code.into()), message.clone(), Vec::new()))
    };
    match code {
        Some(ErrorCode::P403) => Error::Validation(detail(ErrorCode::P403)),
        Some(ErrorCode::P500) => Error::Rejected(detail(ErrorCode::P500)),
        Some(ErrorCode::P501) => Error::Unavailable(detail(ErrorCode::P501)),
        other => response.error(other.map(String::from), message, Vec::new()),
    }
}

/// A documented P100 error code, for [`find_token`].
fn known_code(token: &str) -> Option<ErrorCode> {
    Some(ErrorCode::from(token.to_owned())).filter(ErrorCode::is_known)
}

/// A short single-line plain-text body (not JSON, not HTML) as the provider's message.
fn plain_message(text: &str) -> Option<String> {
    let text = text.trim();
    let plain = !text.is_empty()
        && text.chars().count() <= PLAIN_MESSAGE_MAX
        && !text.starts_with(['<', '{', '[', '"'])
        && !text.contains(['\n', '\r', '\u{FFFD}']);
    plain.then(|| text.to_owned())
}

/// The first word of `text` (a run of ASCII letters and digits) for which `pick` returns a value.
fn find_token<T>(text: &str, pick: impl Fn(&str) -> Option<T>) -> Option<T> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|token| !token.is_empty())
        .find_map(pick)
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
    fn find_in(text: &str) -> Option<Self> {
        find_token(text, Self::from_code)
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
