//! Paywint's error bodies → [`paylinks_core::Error`].
//!
//! Paywint's API is built with FastAPI. What it documents, and what this module reads:
//!
//! - HTTP 422 `HTTPValidationError`: `{"detail":[{"loc":["body","amount"],"msg":"…","type":"…"}]}`.
//!   Each item becomes a [`FieldError`] whose field is `loc` joined with `.` (integer items
//!   written as numbers, e.g. `body.items.0.name`) and whose message is `msg`.
//! - A reply whose body says `"success": false` is a refusal even with HTTP 200: it becomes
//!   [`Error::Rejected`] carrying Paywint's `message`.
//!
//! Not documented by Paywint but tolerated: FastAPI's `{"detail": "…"}` (the usual body of a
//! 401, 403 or 404) and the `{"success": false, "message": "…"}` envelope on a non-2xx status;
//! both give the error its message. Anything else (HTML, an empty or truncated body) maps by
//! status alone, with the raw body kept: 401/403 authentication, 404 not found, 400/422
//! validation, 429 rate limited, any 5xx unavailable whatever its body, else rejected.

use paylinks_core::{Error, FieldError, Response};
use serde::Deserialize;
use serde_json::Value;

use crate::generated::{ValidationError, ValidationErrorLocItem};

/// The error `response` stands for: any status that is not 2xx, and a 2xx whose body says
/// `"success": false`; `None` for a success.
pub(crate) fn refusal(response: &Response) -> Option<Error> {
    if !response.is_success() {
        let (message, fields) = read_body(&response.body);
        return Some(response.error(None, message, fields));
    }
    // A success is only parsed again when it may say `"success": false`, and then only for
    // that member.
    #[derive(Deserialize)]
    struct Outcome {
        success: Option<bool>,
    }
    if !response.mentions(b"false") {
        return None;
    }
    let outcome: Outcome = serde_json::from_slice(&response.body).ok()?;
    if outcome.success != Some(false) {
        return None;
    }
    let (message, fields) = read_body(&response.body);
    Some(Error::Rejected(Box::new(
        response.refusal(None, message, fields),
    )))
}

/// The message and field errors a Paywint error body carries; nothing for a body that is not
/// JSON or has neither.
fn read_body(body: &[u8]) -> (Option<String>, Vec<FieldError>) {
    let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(body) else {
        return (None, Vec::new());
    };
    let mut message = object
        .get("message")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let mut fields = Vec::new();
    match object.get("detail") {
        Some(Value::String(detail)) => {
            message.get_or_insert_with(|| detail.clone());
        }
        Some(Value::Array(items)) => {
            // Item by item, so one odd item does not hide the others.
            fields = items
                .iter()
                .filter_map(|item| ValidationError::deserialize(item).ok())
                .map(|item| FieldError {
                    field: join_loc(&item.loc),
                    message: item.msg,
                })
                .collect();
        }
        _ => {}
    }
    (message, fields)
}

/// `["body", "items", 0, "name"]` → `body.items.0.name`.
fn join_loc(loc: &[ValidationErrorLocItem]) -> String {
    loc.iter()
        .map(|item| match item {
            ValidationErrorLocItem::Integer(i) => i.to_string(),
            ValidationErrorLocItem::String(s) => s.clone(),
        })
        .collect::<Vec<_>>()
        .join(".")
}
