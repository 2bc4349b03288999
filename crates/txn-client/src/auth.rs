//! Txn credentials: an API key sent as `Authorization: Bearer <api_key>` on every request.

use paylinks_core::validate::Rule;
use paylinks_core::{Connector, Error, Request, Response, SecretString};
use secrecy::ExposeSecret;

use crate::PROVIDER;

/// The header that carries the API key.
const AUTHORIZATION: &str = "authorization";

/// The API key Txn issued (`txn_cmp_…`). `Debug` never shows it.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// `Bearer <api_key>`, built once.
    bearer: SecretString,
}

impl Credentials {
    /// Credentials for the API key Txn issued.
    pub fn new(api_key: impl Into<SecretString>) -> Self {
        let api_key: SecretString = api_key.into();
        Credentials {
            bearer: format!("Bearer {}", api_key.expose_secret()).into(),
        }
    }
}

impl Connector for Credentials {
    /// Checks the key: non-empty, visible ASCII with no spaces.
    fn check(&self) -> Result<(), Error> {
        let key = &self.bearer.expose_secret()["Bearer ".len()..];
        let rule = if key.is_empty() {
            Rule::Required
        } else if !key.chars().all(|c| c.is_ascii_graphic()) {
            Rule::HeaderValue
        } else {
            return Ok(());
        };
        Err(Error::violation(PROVIDER, "api_key", rule))
    }

    /// Adds the `Authorization` header, marked sensitive.
    fn authorize(&self, request: Request) -> Result<Request, Error> {
        request.secret_header(AUTHORIZATION, &self.bearer)
    }

    fn refusal(&self, response: &Response) -> Option<Error> {
        crate::error::refusal(response)
    }
}
