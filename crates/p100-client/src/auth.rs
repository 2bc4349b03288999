//! P100 authentication: one partner API key in the `x-api-key` header.
//!
//! P100 issues a staging key and a production key; production additionally accepts calls only
//! from allowlisted IP addresses. A refused key comes back as HTTP 401 with the text
//! `Access Denied. xo1|xo2|xo3`; [`AccessDenied`] names the three causes.

use paylinks_core::{Connector, Error, Request, Response, SecretString};

/// Kept here too, where it was first published.
pub use crate::error::AccessDenied;

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
