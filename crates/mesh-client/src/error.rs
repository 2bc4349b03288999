//! Mesh's error envelope → [`paylinks_core::Error`].
//!
//! Every Mesh reply is an `ApiResult` envelope `{status, message, displayMessage, errorHash,
//! errorType, errorData, content}`. Mesh documents it on 400 (e.g. `userId` missing) and 404
//! (API client not found) and documents 401 with no body. The mapping:
//!
//! | Reply | Error |
//! |---|---|
//! | 5xx, any body | [`Error::Unavailable`] |
//! | 400 | [`Error::Validation`] |
//! | 401 / 403 | [`Error::Authentication`] |
//! | 404 | [`Error::NotFound`] |
//! | 409 | [`Error::Duplicate`] (reference not named: Mesh's `conflict` does not say which) |
//! | 429 | [`Error::RateLimited`] with `Retry-After` when given |
//! | any other non-2xx | [`Error::Rejected`] |
//! | 2xx whose envelope `status` is present and not `ok` | [`Error::Rejected`] (HTTP status kept) |
//!
//! In every case `code` is the envelope's `errorType`, or its `status` when `errorType` is empty
//! or missing; `message` is its `message`, or its `displayMessage` when `message` is empty. Mesh
//! documents no field-level errors (`errorData` is untyped), so `fields` is always empty. A body
//! that is not the envelope (HTML, empty, truncated JSON) still maps by status, with no code or
//! message; the raw body stays in [`paylinks_core::ProviderError::body`].

use paylinks_core::{Error, Response};
use serde::Deserialize;

/// The envelope fields an error reads; everything optional so that any JSON object decodes.
#[derive(Debug, Default, Deserialize)]
struct Envelope {
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default, rename = "displayMessage")]
    display_message: Option<String>,
    #[serde(default, rename = "errorType")]
    error_type: Option<String>,
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

impl Envelope {
    fn read(body: &[u8]) -> Envelope {
        serde_json::from_slice(body).unwrap_or_default()
    }

    fn code(&self) -> Option<String> {
        non_empty(self.error_type.clone()).or_else(|| non_empty(self.status.clone()))
    }

    fn message(&self) -> Option<String> {
        non_empty(self.message.clone()).or_else(|| non_empty(self.display_message.clone()))
    }
}

/// The error for a non-2xx `response`.
pub(crate) fn from_response(response: &Response) -> Error {
    let envelope = Envelope::read(&response.body);
    let (code, message) = (envelope.code(), envelope.message());
    if response.status >= 500 {
        return Error::Unavailable(Box::new(response.refusal(code, message, Vec::new())));
    }
    response.error(code, message, Vec::new())
}

/// For a 2xx `response` whose envelope `status` (`ok`, `badRequest`, …) is present and not
/// `ok`: the [`Error::Rejected`] it stands for. `None` when the status is `ok` or absent.
pub(crate) fn refused_success(response: &Response, status: Option<&str>) -> Option<Error> {
    match status {
        None => None,
        Some(s) if s.eq_ignore_ascii_case("ok") => None,
        Some(_) => {
            let envelope = Envelope::read(&response.body);
            Some(Error::Rejected(Box::new(response.refusal(
                envelope.code(),
                envelope.message(),
                Vec::new(),
            ))))
        }
    }
}
