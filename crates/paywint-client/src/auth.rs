//! Paywint's user-api credentials: an API key and its secret, sent as two headers on every
//! request. Paywint signs nothing on this API; both values are secrets and are never printed.

use paylinks_core::{Connector, Error, Request, Response, SecretString};

/// The header carrying the API key (a UUID issued in Paywint's Developer Panel).
pub const API_KEY_HEADER: &str = "X-Api-Key";
/// The header carrying the secret paired with the API key.
pub const API_SECRET_HEADER: &str = "X-Api-Secret";

/// An API key and its secret. `Debug` shows neither.
#[derive(Debug, Clone)]
pub struct Credentials {
    api_key: SecretString,
    api_secret: SecretString,
}

impl Credentials {
    /// The API key and the secret paired with it.
    pub fn new(api_key: impl Into<SecretString>, api_secret: impl Into<SecretString>) -> Self {
        Credentials {
            api_key: api_key.into(),
            api_secret: api_secret.into(),
        }
    }
}

impl Connector for Credentials {
    /// Adds both headers, marked sensitive.
    fn authorize(&self, request: Request) -> Result<Request, Error> {
        request
            .secret_header(API_KEY_HEADER, &self.api_key)?
            .secret_header(API_SECRET_HEADER, &self.api_secret)
    }

    fn refusal(&self, response: &Response) -> Option<Error> {
        crate::error::refusal(response)
    }
}
