//! The one error type every provider crate returns.

use std::fmt;
use std::time::Duration;

use crate::validate::{Rule, Violation};

/// What a provider said when it refused a request: the HTTP status, its own code and message,
/// field errors, and the raw body (bounded by the client's response limit) for inspection.
#[derive(Clone, PartialEq, Eq)]
pub struct ProviderError {
    /// The provider, in lowercase (`txn`, `mesh`, …).
    pub provider: &'static str,
    /// The HTTP status; 200 for a success status whose body says the request failed.
    pub status: u16,
    /// The provider's error code (`reference_duplicate`, `P403`, `missingField`, …).
    pub code: Option<String>,
    /// The provider's message.
    pub message: Option<String>,
    /// Errors the provider attached to single fields.
    pub fields: Vec<FieldError>,
    /// The response body as received.
    pub body: Vec<u8>,
}

/// An error the provider attached to one field of the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's path as the provider names it (`amount`, `body.description`, …).
    pub field: String,
    /// What the provider says is wrong with it.
    pub message: String,
}

/// At most this many bytes of a body go into `Debug` output and decode errors.
pub const SNIPPET_LEN: usize = 512;

/// The first [`SNIPPET_LEN`] bytes of a body, as lossy UTF-8.
pub fn snippet(body: &[u8]) -> String {
    let cut = &body[..body.len().min(SNIPPET_LEN)];
    let mut text = String::from_utf8_lossy(cut).into_owned();
    if body.len() > SNIPPET_LEN {
        text.push('…');
    }
    text
}

impl fmt::Debug for ProviderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProviderError")
            .field("provider", &self.provider)
            .field("status", &self.status)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("fields", &self.fields)
            .field("body", &snippet(&self.body))
            .finish()
    }
}

impl fmt::Display for ProviderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: HTTP {}", self.provider, self.status)?;
        if let Some(code) = &self.code {
            write!(f, " {code}")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        for (i, field) in self.fields.iter().enumerate() {
            let sep = if i == 0 { " (" } else { "; " };
            write!(f, "{sep}{}: {}", field.field, field.message)?;
        }
        if !self.fields.is_empty() {
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// A success reply that contradicts the request it answers, or that no link can have: a create
/// answered with another amount or currency than asked, a negative amount in any reply. The
/// link it describes is not the one asked for, so it is never reported as a success.
#[derive(Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// The provider, in lowercase.
    pub provider: &'static str,
    /// The HTTP status of the reply.
    pub status: u16,
    /// The field of the link (`amount`, `currency`).
    pub field: &'static str,
    /// What the request asked for; `None` when the reply breaks no request but a rule every
    /// link keeps (a negative amount in a read).
    pub asked: Option<String>,
    /// What the reply says.
    pub answered: String,
    /// The response body as received.
    pub body: Vec<u8>,
}

impl fmt::Debug for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mismatch")
            .field("provider", &self.provider)
            .field("status", &self.status)
            .field("field", &self.field)
            .field("asked", &self.asked)
            .field("answered", &self.answered)
            .field("body", &snippet(&self.body))
            .finish()
    }
}

impl Mismatch {
    /// What the reply says of the field, against what was asked: `99999.99 where 12.34 was
    /// asked`, or `-5, which no link can have`.
    pub fn contradiction(&self) -> String {
        match &self.asked {
            Some(asked) => format!("{} where {asked} was asked", self.answered),
            None => format!("{}, which no link can have", self.answered),
        }
    }
}

/// `HTTP 201 says amount 99999.99 where 12.34 was asked; body: …`, the body bounded.
impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "HTTP {} says {} {}; body: {}",
            self.status,
            self.field,
            self.contradiction(),
            snippet(&self.body)
        )
    }
}

/// How a request failed before any response came back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// The connection could not be made: the request was never sent.
    Connect,
    /// No complete response within the timeout: the provider may have processed the request.
    Timeout,
    /// Anything else: reset connection, broken body, TLS failure.
    Other,
}

/// Everything that can go wrong when talking to a payment-link provider.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request was refused before sending: it breaks the provider's documented constraints.
    #[error("{provider}: invalid request: {}", display_violations(.violations))]
    InvalidRequest {
        /// The provider.
        provider: &'static str,
        /// Every broken constraint.
        violations: Vec<Violation>,
    },
    /// The provider cannot honour a field of the request, or has no documented host for it.
    #[error("{provider}: {field} is not supported: {reason}")]
    Unsupported {
        /// The provider.
        provider: &'static str,
        /// The field or setting.
        field: &'static str,
        /// Why.
        reason: String,
    },
    /// 401/403: credentials missing, wrong or not allowed.
    #[error("authentication failed: {0}")]
    Authentication(Box<ProviderError>),
    /// The provider refused fields of the request.
    #[error("validation failed: {0}")]
    Validation(Box<ProviderError>),
    /// The reference was already used for another link.
    #[error("duplicate reference{}: {detail}", reference.as_deref().map(|r| format!(" {r}")).unwrap_or_default())]
    Duplicate {
        /// The reference the provider named, when it did.
        reference: Option<String>,
        /// The provider's answer.
        detail: Box<ProviderError>,
    },
    /// No link (or other resource) with that id.
    #[error("not found: {0}")]
    NotFound(Box<ProviderError>),
    /// 429: too many requests.
    #[error("rate limited (retry after {retry_after:?}): {detail}")]
    RateLimited {
        /// How long the provider asked to wait, from `Retry-After`.
        retry_after: Option<Duration>,
        /// The provider's answer.
        detail: Box<ProviderError>,
    },
    /// Any other refusal, including a success status whose body says the request failed.
    #[error("rejected: {0}")]
    Rejected(Box<ProviderError>),
    /// 5xx, or a provider code meaning "temporarily unavailable".
    #[error("unavailable: {0}")]
    Unavailable(Box<ProviderError>),
    /// No response: connection refused or reset, timeout, TLS.
    #[error("{provider}: transport error ({kind:?}): {message}")]
    Transport {
        /// The provider.
        provider: &'static str,
        /// How it failed.
        kind: TransportKind,
        /// The underlying error's text (never carries headers or credentials).
        message: String,
    },
    /// A 3xx: the answer points elsewhere. It is not followed, so the request and its
    /// credentials never reach a host other than the configured one.
    #[error("{provider}: HTTP {status} redirect not followed{}", location.as_deref().map(|l| format!(" (to {l})")).unwrap_or_default())]
    Redirect {
        /// The provider.
        provider: &'static str,
        /// The HTTP status (301, 302, 307, 308, …).
        status: u16,
        /// The `Location` header, at most [`SNIPPET_LEN`] bytes of it, when there was one.
        location: Option<String>,
    },
    /// A response that cannot be read as the documented body.
    #[error(
        "{provider}: cannot decode HTTP {status} response at `{path}`: {message}; body: {snippet}"
    )]
    Decode {
        /// The provider.
        provider: &'static str,
        /// The HTTP status.
        status: u16,
        /// The JSON path where decoding failed (`.` for the whole body).
        path: String,
        /// What failed.
        message: String,
        /// The first [`SNIPPET_LEN`] bytes of the body.
        snippet: String,
    },
    /// A success reply that contradicts the request or that no link can have; see
    /// [`Mismatch`]. A create answered this way may still have made a link at the provider.
    #[error("{}: reply does not match: {}", .0.provider, .0)]
    Mismatch(Box<Mismatch>),
    /// A request that is not safe to repeat (a create) may have reached the provider, but no
    /// reply says what became of it: the connection broke or timed out after sending, the
    /// provider answered 5xx, or its success cannot be read. Repeating it may make a second link: look the link up instead,
    /// by [`look_up_by`](Error::Unconfirmed::look_up_by) where the request carried a key.
    #[error(
        "{provider}: the request may have taken effect; do not repeat it, look it up{}: {cause}",
        look_up_by.as_ref().map(|(field, value)| format!(" by {field} {value}")).unwrap_or_default()
    )]
    Unconfirmed {
        /// The provider.
        provider: &'static str,
        /// The field of the request to look its result up by, and its value
        /// (`("reference", "order-7")`), when the request carried one.
        look_up_by: Option<(&'static str, String)>,
        /// What happened: an [`Error::Transport`], an [`Error::Unavailable`] or an
        /// [`Error::Decode`].
        cause: Box<Error>,
    },
}

/// The kind of an [`Error`], without its details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// [`Error::InvalidRequest`].
    InvalidRequest,
    /// [`Error::Unsupported`].
    Unsupported,
    /// [`Error::Authentication`].
    Auth,
    /// [`Error::Validation`].
    Validation,
    /// [`Error::Duplicate`].
    Duplicate,
    /// [`Error::NotFound`].
    NotFound,
    /// [`Error::RateLimited`].
    RateLimited,
    /// [`Error::Rejected`].
    Rejected,
    /// [`Error::Unavailable`].
    Unavailable,
    /// [`Error::Transport`].
    Transport,
    /// [`Error::Redirect`].
    Redirect,
    /// [`Error::Decode`].
    Decode,
    /// [`Error::Mismatch`].
    Mismatch,
    /// [`Error::Unconfirmed`].
    Unconfirmed,
}

impl ErrorKind {
    /// The kind's stable wire name: `invalid_request`, `unsupported`, `auth`, `validation`,
    /// `duplicate`, `not_found`, `rate_limited`, `rejected`, `unavailable`, `transport`,
    /// `redirect`, `decode`, `mismatch` or `unconfirmed`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidRequest => "invalid_request",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Auth => "auth",
            ErrorKind::Validation => "validation",
            ErrorKind::Duplicate => "duplicate",
            ErrorKind::NotFound => "not_found",
            ErrorKind::RateLimited => "rate_limited",
            ErrorKind::Rejected => "rejected",
            ErrorKind::Unavailable => "unavailable",
            ErrorKind::Transport => "transport",
            ErrorKind::Redirect => "redirect",
            ErrorKind::Decode => "decode",
            ErrorKind::Mismatch => "mismatch",
            ErrorKind::Unconfirmed => "unconfirmed",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Compares with the wire name, so `err.kind() == "not_found"` reads as it should.
impl PartialEq<&str> for ErrorKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

fn display_violations(violations: &[Violation]) -> String {
    violations
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

impl Error {
    /// Whether trying the same request again later may succeed: rate limits, provider outages
    /// and transport failures. A create that may have reached the provider fails with
    /// [`Error::Unconfirmed`] instead, which is not retryable: a second try may make a second
    /// link.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Error::RateLimited { .. } | Error::Unavailable(_) | Error::Transport { .. }
        )
    }

    /// The kind of error, for matching without the details.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidRequest { .. } => ErrorKind::InvalidRequest,
            Error::Unsupported { .. } => ErrorKind::Unsupported,
            Error::Authentication(_) => ErrorKind::Auth,
            Error::Validation(_) => ErrorKind::Validation,
            Error::Duplicate { .. } => ErrorKind::Duplicate,
            Error::NotFound(_) => ErrorKind::NotFound,
            Error::RateLimited { .. } => ErrorKind::RateLimited,
            Error::Rejected(_) => ErrorKind::Rejected,
            Error::Unavailable(_) => ErrorKind::Unavailable,
            Error::Transport { .. } => ErrorKind::Transport,
            Error::Redirect { .. } => ErrorKind::Redirect,
            Error::Decode { .. } => ErrorKind::Decode,
            Error::Mismatch(_) => ErrorKind::Mismatch,
            Error::Unconfirmed { .. } => ErrorKind::Unconfirmed,
        }
    }

    /// The provider the error is about, in lowercase (`txn`, `mesh`, …): every kind names one.
    pub fn provider(&self) -> &'static str {
        self.origin().0
    }

    /// The provider's answer, for the kinds that have one (for [`Error::Unconfirmed`], its
    /// cause's).
    pub fn provider_error(&self) -> Option<&ProviderError> {
        match self {
            Error::Unconfirmed { cause, .. } => cause.provider_error(),
            _ => self.origin().1,
        }
    }

    /// The provider this error names, and its answer where this kind carries one itself.
    fn origin(&self) -> (&'static str, Option<&ProviderError>) {
        match self {
            Error::InvalidRequest { provider, .. }
            | Error::Unsupported { provider, .. }
            | Error::Transport { provider, .. }
            | Error::Redirect { provider, .. }
            | Error::Decode { provider, .. }
            | Error::Unconfirmed { provider, .. } => (provider, None),
            Error::Mismatch(mismatch) => (mismatch.provider, None),
            Error::Authentication(d)
            | Error::Validation(d)
            | Error::NotFound(d)
            | Error::Rejected(d)
            | Error::Unavailable(d)
            | Error::Duplicate { detail: d, .. }
            | Error::RateLimited { detail: d, .. } => (d.provider, Some(d)),
        }
    }

    /// The usual error for a refusal with this status, when the provider's body says nothing
    /// more specific: 401/403 authentication, 404 not found, 409 duplicate, 400/422 validation,
    /// 429 rate limited, 5xx unavailable, anything else rejected.
    pub fn from_status(detail: ProviderError, retry_after: Option<Duration>) -> Error {
        let detail = Box::new(detail);
        match detail.status {
            401 | 403 => Error::Authentication(detail),
            404 => Error::NotFound(detail),
            409 => Error::Duplicate {
                reference: None,
                detail,
            },
            400 | 422 => Error::Validation(detail),
            429 => Error::RateLimited {
                retry_after,
                detail,
            },
            500..=599 => Error::Unavailable(detail),
            _ => Error::Rejected(detail),
        }
    }

    /// This error, as the answer to a request that is not safe to repeat: a failure after
    /// which the request may have reached the provider (a transport failure other than a
    /// refused connection, an HTTP 5xx, a 2xx whose body cannot be read) becomes
    /// [`Error::Unconfirmed`]; any other is kept.
    pub fn unconfirmed(self) -> Error {
        let provider = match &self {
            Error::Transport { provider, kind, .. } if *kind != TransportKind::Connect => *provider,
            // A provider's own "temporarily unavailable" code under a 4xx says it did nothing.
            Error::Unavailable(detail) if detail.status >= 500 => detail.provider,
            // A success that cannot be read: the provider acted, but its answer is lost.
            Error::Decode {
                provider, status, ..
            } if (200..300).contains(status) => provider,
            _ => return self,
        };
        Error::Unconfirmed {
            provider,
            look_up_by: None,
            cause: Box::new(self),
        }
    }

    /// Names the field of the request to look an [`Error::Unconfirmed`] up by; any other
    /// error is kept.
    pub fn look_up_by(self, field: &'static str, value: Option<&str>) -> Error {
        match self {
            Error::Unconfirmed {
                provider, cause, ..
            } => Error::Unconfirmed {
                provider,
                look_up_by: value.map(|value| (field, value.to_owned())),
                cause,
            },
            other => other,
        }
    }

    /// [`Error::InvalidRequest`] with one violation: `field` breaks `rule`.
    pub fn violation(provider: &'static str, field: impl Into<String>, rule: Rule) -> Error {
        Error::InvalidRequest {
            provider,
            violations: vec![Violation {
                field: field.into(),
                rule,
            }],
        }
    }

    /// Turns the violations of a generated request's `validate()` into an error.
    pub fn invalid(provider: &'static str, invalid: crate::validate::Invalid) -> Error {
        Error::InvalidRequest {
            provider,
            violations: invalid.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detail(status: u16) -> ProviderError {
        ProviderError {
            provider: "txn",
            status,
            code: Some("reference_duplicate".into()),
            message: Some("Reference duplicate".into()),
            fields: vec![FieldError {
                field: "amount".into(),
                message: "is invalid".into(),
            }],
            body: vec![b'x'; 2000],
        }
    }

    #[test]
    fn classifies_statuses() {
        let kinds: Vec<&str> = [401, 403, 404, 409, 400, 422, 429, 500, 503, 418]
            .into_iter()
            .map(|s| Error::from_status(detail(s), None).kind().as_str())
            .collect();
        assert_eq!(
            kinds,
            [
                "auth",
                "auth",
                "not_found",
                "duplicate",
                "validation",
                "validation",
                "rate_limited",
                "unavailable",
                "unavailable",
                "rejected"
            ]
        );
        assert!(Error::from_status(detail(503), None).is_retryable());
        assert!(!Error::from_status(detail(422), None).is_retryable());
    }

    #[test]
    fn every_kind_names_its_provider_and_an_unconfirmed_one_its_own() {
        let answer = |provider, status| {
            Box::new(ProviderError {
                provider,
                ..detail(status)
            })
        };
        let errors = [
            Error::violation("a", "amount", Rule::Required),
            Error::Unsupported {
                provider: "b",
                field: "description",
                reason: String::new(),
            },
            Error::Authentication(answer("c", 401)),
            Error::Validation(answer("d", 422)),
            Error::Duplicate {
                reference: None,
                detail: answer("e", 409),
            },
            Error::NotFound(answer("f", 404)),
            Error::RateLimited {
                retry_after: None,
                detail: answer("g", 429),
            },
            Error::Rejected(answer("h", 418)),
            Error::Unavailable(answer("i", 503)),
            Error::Transport {
                provider: "j",
                kind: TransportKind::Timeout,
                message: String::new(),
            },
            Error::Redirect {
                provider: "k",
                status: 302,
                location: None,
            },
            Error::Decode {
                provider: "l",
                status: 200,
                path: ".".into(),
                message: String::new(),
                snippet: String::new(),
            },
            Error::Mismatch(Box::new(Mismatch {
                provider: "m",
                status: 201,
                field: "amount",
                asked: None,
                answered: "-1".into(),
                body: Vec::new(),
            })),
            Error::Unconfirmed {
                provider: "n",
                look_up_by: None,
                cause: Box::new(Error::Unavailable(answer("cause", 503))),
            },
        ];
        let kinds: std::collections::HashSet<ErrorKind> = errors.iter().map(Error::kind).collect();
        assert_eq!(kinds.len(), 14, "one error of every kind");
        let providers: Vec<&str> = errors.iter().map(Error::provider).collect();
        assert_eq!(
            providers,
            [
                "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n"
            ]
        );
        assert_eq!(
            errors[0].to_string(),
            "a: invalid request: amount: is required"
        );
    }

    #[test]
    fn displays_status_code_message_and_fields_but_bounds_the_body() {
        let err = Error::from_status(detail(422), None);
        assert_eq!(
            err.to_string(),
            "validation failed: txn: HTTP 422 reference_duplicate: Reference duplicate (amount: is invalid)"
        );
        let debug = format!("{err:?}");
        assert!(debug.len() < 1000, "{debug}");
        assert!(debug.contains('…'));
    }
}
