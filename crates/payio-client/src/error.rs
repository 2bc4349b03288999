//! Pay.io's error bodies → [`paylinks_core::Error`].
//!
//! What Pay.io documents, and what this module assumes:
//!
//! - **422** `Validation_Error_Response`: `{"error": "…", "errors": {"field": ["message", …]}}`
//!   (from the endpoint pages' OpenAPI fragments). → [`Error::Validation`], with `error` as the
//!   message and one [`FieldError`] per message, fields in name order.
//! - **401** `Error_Response`: missing or invalid API key, missing signature, reused nonce. Its
//!   JSON was not captured; it is assumed to be `{"error": "…"}` like the 422.
//!   → [`Error::Authentication`] (403 too).
//! - **400** "nonce too short": body not captured. → [`Error::Validation`] by status.
//! - anything else by status ([`Error::from_status`]): 404 not found, 409 duplicate, 429 rate
//!   limited (with `Retry-After`), **5xx always [`Error::Unavailable`]** whatever the body says,
//!   any other status rejected.
//!
//! - a **2xx** whose body is an object with a string `error` (undocumented) → the same lenient
//!   reading, so [`Error::Rejected`]: it is not the success it claims.
//!
//! A body in the documented shape ([`ValidationErrorResponse`]) is decoded as such. Any other
//! body is read leniently, since the 401 body was never captured: `error` or `message` as the
//! message when it is a string; `errors` as field errors when it is an object whose values are
//! strings, lists of strings or nested objects (nested names are joined with `.`); a `code`
//! string, should Pay.io send one, as the code. A body that is not JSON (an HTML error page, an
//! empty body, truncated JSON) keeps only its status; the raw body stays in
//! [`ProviderError::body`](paylinks_core::ProviderError).

use paylinks_core::{Error, FieldError, Response};
use serde_json::Value;

use crate::generated::ValidationErrorResponse;

/// The error `response` stands for: any status that is not 2xx, and a 2xx whose body is an
/// error object (a string `error` member, which no success body has); `None` for a success.
/// The client's connector answers with this; it is public so that a recorded reply can be
/// checked without a client (the connector holds the parsed private key and is not public).
pub fn refusal(response: &Response) -> Option<Error> {
    if response.is_success() {
        // Pay.io documents no 2xx that carries an error, but such a body describes nothing
        // asked for: it is read like any other error body (rejected, by its status).
        // Parsed again only when it may be one.
        let may_be_error = response.mentions(b"\"error\"");
        let error_object = may_be_error
            && serde_json::from_slice::<Value>(&response.body)
                .is_ok_and(|body| body.get("error").is_some_and(Value::is_string));
        return error_object.then(|| lenient(response));
    }
    if let Ok(documented) = serde_json::from_slice::<ValidationErrorResponse>(&response.body) {
        // The map is ordered by field name; a field's own messages keep their order.
        let fields = documented
            .errors
            .into_iter()
            .flat_map(|(field, messages)| {
                messages.into_iter().map(move |message| FieldError {
                    field: field.clone(),
                    message,
                })
            })
            .collect();
        return Some(response.error(None, Some(documented.error), fields));
    }
    Some(lenient(response))
}

/// The error for a body in an undocumented shape.
fn lenient(response: &Response) -> Error {
    let body = serde_json::from_slice::<Value>(&response.body).ok();
    let object = body.as_ref().and_then(Value::as_object);
    let text = |key: &str| {
        object
            .and_then(|o| o.get(key))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let message = text("error").or_else(|| text("message"));
    let code = text("code");
    let mut fields = Vec::new();
    if let Some(errors) = object.and_then(|o| o.get("errors")) {
        collect_fields("", errors, &mut fields);
        // In name order whatever order the body had; a field's own messages keep theirs.
        fields.sort_by(|a, b| a.field.cmp(&b.field));
    }
    response.error(code, message, fields)
}

/// Flattens `{"field": ["msg"], "nested": {"inner": "msg"}}` into field errors.
fn collect_fields(path: &str, value: &Value, out: &mut Vec<FieldError>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let field = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                collect_fields(&field, inner, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                collect_fields(path, item, out);
            }
        }
        Value::String(message) => out.push(FieldError {
            field: path.to_owned(),
            message: message.clone(),
        }),
        Value::Null => {}
        other => out.push(FieldError {
            field: path.to_owned(),
            message: other.to_string(),
        }),
    }
}
