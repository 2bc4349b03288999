//! Txn's JSON:API error documents → [`paylinks_core::Error`].
//!
//! Txn answers a refusal with `{"errors":[{"status":422,"title":…,"detail":…,"code":…}]}`;
//! every member of an error object is optional (the `reference_duplicate` example has no
//! `status`). The mapping, in order:
//!
//! 1. a 5xx status is [`Error::Unavailable`], whatever the body says;
//! 2. code `unauthorized` (the documented 401 body) is [`Error::Authentication`];
//! 3. code `reference_duplicate` (422) is [`Error::Duplicate`], naming the `detail` (Txn puts
//!    the reference there) or, when that is empty, the reference that was sent;
//! 4. code `unsupported_pay_currency` (422) is [`Error::Validation`] with a field error on
//!    `payCurrencies`;
//! 5. anything else maps by status ([`Error::from_status`]) with the first error's `code`, and
//!    each error's `title` and `detail` as the message.
//!
//! Bodies that are not JSON:API errors (an HTML gateway page, an empty or truncated body) map
//! by status alone. The error object is read leniently (a string `status`, as JSON:API itself
//! specifies, or unknown members do not stop the mapping). JSON:API's `source.pointer` /
//! `source.parameter` is not documented by Txn; when present it becomes a field error named
//! after the attribute (`/data/attributes/amount` → `amount`).

use paylinks_core::{Error, FieldError, Response};
use serde_json::Value;

use crate::generated::ErrorCode;

/// One error object, as far as it could be read.
#[derive(Debug, Default)]
struct ErrorEntry {
    code: Option<String>,
    title: Option<String>,
    detail: Option<String>,
    source: Option<String>,
}

impl ErrorEntry {
    fn code(&self) -> Option<ErrorCode> {
        self.code.clone().map(ErrorCode::from)
    }

    /// `title: detail`, or whichever of the two is non-empty.
    fn message(&self) -> Option<String> {
        let title = self.title.as_deref().filter(|t| !t.is_empty());
        let detail = self.detail.as_deref().filter(|d| !d.is_empty());
        match (title, detail) {
            (Some(t), Some(d)) if t != d => Some(format!("{t}: {d}")),
            (Some(t), _) => Some(t.to_owned()),
            (None, Some(d)) => Some(d.to_owned()),
            (None, None) => None,
        }
    }

    /// The detail when non-empty, else the title.
    fn field_message(&self) -> String {
        self.detail
            .as_deref()
            .filter(|d| !d.is_empty())
            .or(self.title.as_deref())
            .unwrap_or_default()
            .to_owned()
    }
}

fn string_member(object: &Value, name: &str) -> Option<String> {
    match object.get(name)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The `errors` array of a JSON:API document; empty when the body is not one.
fn entries(body: &[u8]) -> Vec<ErrorEntry> {
    let Ok(document) = serde_json::from_slice::<Value>(body) else {
        return Vec::new();
    };
    let Some(errors) = document.get("errors").and_then(Value::as_array) else {
        return Vec::new();
    };
    errors
        .iter()
        .filter(|e| e.is_object())
        .map(|e| ErrorEntry {
            code: string_member(e, "code"),
            title: string_member(e, "title"),
            detail: string_member(e, "detail"),
            source: e.get("source").and_then(|s| {
                string_member(s, "pointer")
                    .map(|p| {
                        p.trim_start_matches("/data/attributes/")
                            .trim_start_matches('/')
                            .replace('/', ".")
                    })
                    .or_else(|| string_member(s, "parameter"))
            }),
        })
        .collect()
}

/// Whether the body is a JSON:API document with at least one error object.
pub(crate) fn has_errors(response: &Response) -> bool {
    !entries(&response.body).is_empty()
}

/// The error for a refusal; `sent_reference` is the `reference` a create sent, used when a
/// `reference_duplicate` error does not name it.
pub(crate) fn from_response(response: &Response, sent_reference: Option<&str>) -> Error {
    let entries = entries(&response.body);
    let code = entries.iter().find_map(|e| e.code.clone());
    let messages: Vec<String> = entries.iter().filter_map(ErrorEntry::message).collect();
    let message = (!messages.is_empty()).then(|| messages.join("; "));
    let mut fields: Vec<FieldError> = entries
        .iter()
        .filter_map(|e| {
            let field = match e.code() {
                Some(ErrorCode::UnsupportedPayCurrency) => "payCurrencies".to_owned(),
                _ => e.source.clone()?,
            };
            Some(FieldError {
                field,
                message: e.field_message(),
            })
        })
        .collect();
    fields.dedup();

    if response.status >= 500 {
        return Error::Unavailable(Box::new(response.refusal(code, message, fields)));
    }
    let has = |wanted: ErrorCode| entries.iter().any(|e| e.code() == Some(wanted.clone()));
    if has(ErrorCode::Unauthorized) {
        return Error::Authentication(Box::new(response.refusal(code, message, fields)));
    }
    if let Some(duplicate) = entries
        .iter()
        .find(|e| e.code() == Some(ErrorCode::ReferenceDuplicate))
    {
        let reference = duplicate
            .detail
            .clone()
            .filter(|d| !d.is_empty())
            .or_else(|| sent_reference.map(str::to_owned));
        return Error::Duplicate {
            reference,
            detail: Box::new(response.refusal(code, message, fields)),
        };
    }
    if has(ErrorCode::UnsupportedPayCurrency) {
        return Error::Validation(Box::new(response.refusal(code, message, fields)));
    }
    response.error(code, message, fields)
}
