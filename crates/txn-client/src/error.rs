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
//! Bodies that are not JSON:API errors documents ([`ErrorDocument`]: an HTML gateway page, an
//! empty or truncated body) map by status alone. JSON:API's `source.pointer` /
//! `source.parameter` is not documented by Txn; when present it becomes a field error named
//! after the attribute (`/data/attributes/amount` → `amount`).

use paylinks_core::{Error, FieldError, Response};

use crate::generated::{ErrorCode, ErrorDocument, ErrorObject};

/// The error `response` stands for: any status that is not 2xx, or a 2xx carrying a JSON:API
/// errors document; `None` for a success.
pub(crate) fn refusal(response: &Response) -> Option<Error> {
    // A success is only parsed again when it may carry an `errors` member.
    let may_have_errors = response.mentions(b"\"errors\"");
    if response.is_success() && !may_have_errors {
        return None;
    }
    let errors = serde_json::from_slice::<ErrorDocument>(&response.body)
        .map(|document| document.errors)
        .unwrap_or_default();
    (!response.is_success() || !errors.is_empty()).then(|| from_errors(response, &errors))
}

/// A [`Error::Duplicate`] that does not name its reference names `sent`, the reference the
/// create sent.
pub(crate) fn naming_reference(error: Error, sent: Option<&str>) -> Error {
    match error {
        Error::Duplicate {
            reference: None,
            detail,
        } => Error::Duplicate {
            reference: sent.map(str::to_owned),
            detail,
        },
        other => other,
    }
}

/// `title: detail`, or whichever of the two is non-empty.
fn message(error: &ErrorObject) -> Option<String> {
    let title = error.title.as_deref().filter(|t| !t.is_empty());
    let detail = error.detail.as_deref().filter(|d| !d.is_empty());
    match (title, detail) {
        (Some(t), Some(d)) if t != d => Some(format!("{t}: {d}")),
        (Some(t), _) => Some(t.to_owned()),
        (None, Some(d)) => Some(d.to_owned()),
        (None, None) => None,
    }
}

/// The field an error is about: `payCurrencies` for `unsupported_pay_currency`, else its
/// JSON:API source (`/data/attributes/amount` → `amount`), with the detail (or title) as the
/// message.
fn field(error: &ErrorObject) -> Option<FieldError> {
    let field = match &error.code {
        Some(ErrorCode::UnsupportedPayCurrency) => "payCurrencies".to_owned(),
        _ => {
            let source = error.source.as_ref()?;
            match (&source.pointer, &source.parameter) {
                (Some(pointer), _) => pointer
                    .trim_start_matches("/data/attributes/")
                    .trim_start_matches('/')
                    .replace('/', "."),
                (None, Some(parameter)) => parameter.clone(),
                (None, None) => return None,
            }
        }
    };
    let message = error
        .detail
        .as_deref()
        .filter(|d| !d.is_empty())
        .or(error.title.as_deref())
        .unwrap_or_default()
        .to_owned();
    Some(FieldError { field, message })
}

/// The error for a refusal carrying `errors` (empty when the body is not an errors document).
fn from_errors(response: &Response, errors: &[ErrorObject]) -> Error {
    let code = errors
        .iter()
        .find_map(|e| e.code.as_ref().map(ToString::to_string));
    let messages: Vec<String> = errors.iter().filter_map(message).collect();
    let message = (!messages.is_empty()).then(|| messages.join("; "));
    let mut fields: Vec<FieldError> = errors.iter().filter_map(field).collect();
    fields.dedup();

    if response.status >= 500 {
        return Error::Unavailable(Box::new(response.refusal(code, message, fields)));
    }
    let find = |wanted: ErrorCode| errors.iter().find(|e| e.code.as_ref() == Some(&wanted));
    if find(ErrorCode::Unauthorized).is_some() {
        return Error::Authentication(Box::new(response.refusal(code, message, fields)));
    }
    if let Some(duplicate) = find(ErrorCode::ReferenceDuplicate) {
        let reference = duplicate.detail.clone().filter(|d| !d.is_empty());
        return Error::Duplicate {
            reference,
            detail: Box::new(response.refusal(code, message, fields)),
        };
    }
    if find(ErrorCode::UnsupportedPayCurrency).is_some() {
        return Error::Validation(Box::new(response.refusal(code, message, fields)));
    }
    response.error(code, message, fields)
}
