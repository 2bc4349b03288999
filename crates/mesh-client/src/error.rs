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

use crate::generated::ApiResult;

/// The error `response` stands for: any status that is not 2xx, and a 2xx whose envelope
/// `status` (`ok`, `badRequest`, …) is present and not `ok`; `None` for a success.
pub(crate) fn refusal(response: &Response) -> Option<Error> {
    // A body that is not the envelope reads as an empty one.
    let envelope = serde_json::from_slice::<ApiResult>(&response.body).unwrap_or_default();
    let refused = |status: &str| !status.eq_ignore_ascii_case("ok");
    if response.is_success()
        && !envelope
            .status
            .as_ref()
            .is_some_and(|s| refused(s.as_str()))
    {
        return None;
    }
    let non_empty = |value: &Option<String>| value.clone().filter(|v| !v.trim().is_empty());
    let code = non_empty(&envelope.error_type)
        .or_else(|| non_empty(&envelope.status.as_ref().map(|s| s.as_str().to_owned())));
    let message = non_empty(&envelope.message).or_else(|| non_empty(&envelope.display_message));
    Some(if response.is_success() {
        Error::Rejected(Box::new(response.refusal(code, message, Vec::new())))
    } else {
        response.error(code, message, Vec::new())
    })
}
