//! Mesh's credentials: a client id and a client secret, sent as two headers on every request.
//!
//! Mesh's OpenAPI document declares two `apiKey` security schemes, `Client-Id` (header
//! `X-Client-Id`) and `Client-Secret` (header `X-Client-Secret`). There is no signing: the
//! secret travels as it is, over TLS, so it is kept in a [`SecretString`] and added to requests
//! as a sensitive header that is never printed.

use paylinks_core::{Error, Request, SecretString};

/// The header that carries the client id.
pub const CLIENT_ID_HEADER: &str = "X-Client-Id";

/// The header that carries the client secret.
pub const CLIENT_SECRET_HEADER: &str = "X-Client-Secret";

/// A Mesh API client id and its secret (sandbox and production each have their own pair).
///
/// `Debug` shows the id but prints the secret as `[REDACTED]`.
#[derive(Debug, Clone)]
pub struct Credentials {
    client_id: String,
    client_secret: SecretString,
}

impl Credentials {
    /// Credentials from Mesh's dashboard.
    pub fn new(client_id: impl Into<String>, client_secret: SecretString) -> Self {
        Credentials {
            client_id: client_id.into(),
            client_secret,
        }
    }

    /// The client id (not a secret: it identifies the application).
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    pub(crate) fn secret(&self) -> &SecretString {
        &self.client_secret
    }

    /// Adds both headers to `request`; the secret as a sensitive header.
    pub(crate) fn apply(&self, request: Request) -> Result<Request, Error> {
        request
            .header(CLIENT_ID_HEADER, &self.client_id)?
            .secret_header(CLIENT_SECRET_HEADER, &self.client_secret)
    }
}
