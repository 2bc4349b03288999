//! Txn credentials: an API key sent as `Authorization: Bearer <api_key>` on every request.

use paylinks_core::validate::{Rule, Violation};
use paylinks_core::{Error, Request, SecretString};
use secrecy::ExposeSecret;

use crate::PROVIDER;

/// The header that carries the API key.
pub(crate) const AUTHORIZATION: &str = "authorization";

/// The `Authorization` header value, built once per client and kept secret.
#[derive(Debug, Clone)]
pub(crate) struct Credentials {
    bearer: SecretString,
}

impl Credentials {
    /// Checks the key (non-empty, visible ASCII with no spaces) and builds the bearer value.
    pub(crate) fn new(api_key: &SecretString) -> Result<Self, Error> {
        let key = api_key.expose_secret();
        let rule = if key.is_empty() {
            Some(Rule::Required)
        } else if !key.chars().all(|c| c.is_ascii_graphic()) {
            Some(Rule::HeaderValue)
        } else {
            None
        };
        if let Some(rule) = rule {
            return Err(Error::InvalidRequest {
                provider: PROVIDER,
                violations: vec![Violation {
                    field: "api_key".to_owned(),
                    rule,
                }],
            });
        }
        Ok(Credentials {
            bearer: SecretString::from(format!("Bearer {key}")),
        })
    }

    /// Adds the `Authorization` header, marked sensitive.
    pub(crate) fn authorize(&self, request: Request) -> Result<Request, Error> {
        request.secret_header(AUTHORIZATION, &self.bearer)
    }
}
