//! What the commands print: a link or a webhook event as text or JSON, a failure as one
//! `error:` line and, with `--json`, a JSON object.

use std::io::Write;
use std::process::ExitCode;

use paylinks_core::{Error, FieldError, LinkStatus, PaymentEvent, PaymentLink, ProviderError};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::closed_stdout;
use crate::failure::Failure;

/// Writes `text` to stdout; a failed write, or a stdout the caller closed (`>&-`), is a
/// failure of the CLI itself. A stdout that takes writes never is, `/dev/null` included however
/// it was opened (supervisors and Python's `subprocess.DEVNULL` open it for reading and
/// writing): only a look before `main` tells `>&-` from it exactly ([`closed_stdout`]), and
/// without that look (not Unix) stdout counts as open.
pub(crate) fn stdout(text: &str) -> Result<(), Failure> {
    write_stdout(text).map_err(unwritable)
}

/// Writes one line of a stream (`list`, `reconcile`) to stdout, flushed so that it reaches the
/// reader as it is known; `Ok(false)` when the reader has gone (a broken pipe: `| head` read
/// what it wanted), which ends the stream quietly rather than as a failure. Any other failed
/// write, or a stdout closed from the start, is one, as for [`stdout`].
pub(crate) fn stream(text: &str) -> Result<bool, Failure> {
    match write_stdout(text) {
        Ok(()) => Ok(true),
        Err(Some(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(unwritable(e)),
    }
}

/// Writes and flushes `text`; `Err(None)` when stdout was closed at start.
fn write_stdout(text: &str) -> Result<(), Option<std::io::Error>> {
    if closed_stdout::at_start() {
        return Err(None);
    }
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(Some)
}

/// The failure of a write to stdout (`None`: closed at start).
fn unwritable(error: Option<std::io::Error>) -> Failure {
    match error {
        None => Failure::Internal("cannot write to stdout: it is closed".to_owned()),
        Some(e) => Failure::Internal(format!("cannot write to stdout: {e}")),
    }
}

/// Reports a failure (one line on stderr; with `json`, the JSON object on stdout) and returns
/// its exit code.
pub(crate) fn report(provider: Option<&str>, json: bool, failure: &Failure) -> ExitCode {
    stderr(&error_line(provider, failure));
    if json {
        // The exit code and the stderr line already tell the failure when stdout is gone.
        let _ = stdout(&format!("{}\n", error_json(failure)));
    }
    ExitCode::from(failure.exit_code())
}

/// Writes `line` and a newline to stderr. Nothing is left to report to when that fails.
pub(crate) fn stderr(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// An expiry in RFC 3339 (`2026-06-01T23:00:00Z`).
pub(crate) fn rfc3339(at: OffsetDateTime) -> String {
    // Only a year outside 0..=9999 cannot be written as RFC 3339.
    at.format(&Rfc3339).unwrap_or_else(|_| at.to_string())
}

/// A link as text: the URL on the first line (scripts can take it with `head -1`), then one
/// labelled line each for the id, status, amount, expiry and, when known, reference and
/// payment outcome.
/// Control characters a provider put in a value are blanked, so a reply cannot break the
/// lines or send terminal escapes.
pub(crate) fn link_text(link: &PaymentLink) -> String {
    let mut text = one_line(link.url.as_deref().unwrap_or("(no url returned)"));
    text.push('\n');
    let mut line = |label: &str, value: &str| {
        text.push_str(&format!("{label:<10} {}\n", one_line(value)));
    };
    line("id:", &link.id);
    line("status:", status(&link.status));
    line("amount:", &amount(link));
    line(
        "expires:",
        &link.expires_at.map_or_else(|| "-".to_owned(), rfc3339),
    );
    if let Some(reference) = &link.reference {
        line("reference:", reference);
    }
    if let Some(outcome) = link.outcome {
        line("outcome:", outcome.as_str());
    }
    text
}

/// A status for people: the provider's word, or `unknown` when it sent none.
pub(crate) fn status(status: &LinkStatus) -> &str {
    match status.as_str() {
        "" => "unknown",
        word => word,
    }
}

/// The amount exactly as the provider reported it, with the currency when known.
pub(crate) fn amount(link: &PaymentLink) -> String {
    money(link.amount, link.currency.as_deref())
}

/// `amount` exactly, followed by the currency when known.
fn money(amount: Decimal, currency: Option<&str>) -> String {
    match currency {
        Some(currency) => format!("{amount} {currency}"),
        None => amount.to_string(),
    }
}

/// A link as one line for people (`list`): the provider, then `id=`, `status=`, `outcome=`,
/// `amount=` (exact, with the currency), `reference=`, `expires=` and `url=`, `-` where
/// unknown. Control characters from the provider are blanked, so the link stays one line.
pub(crate) fn link_line(link: &PaymentLink) -> String {
    let or_dash = |value: Option<&str>| value.map_or_else(|| "-".to_owned(), one_line);
    format!(
        "{} id={} status={} outcome={} amount={} reference={} expires={} url={}\n",
        link.provider,
        one_line(&link.id),
        one_line(status(&link.status)),
        link.outcome.map_or("-", |outcome| outcome.as_str()),
        one_line(&amount(link)),
        or_dash(link.reference.as_deref()),
        link.expires_at.map_or_else(|| "-".to_owned(), rfc3339),
        or_dash(link.url.as_deref()),
    )
}

/// One row of a table: each cell padded to its column's width, two spaces apart, without
/// trailing blanks; a cell wider than its column pushes the rest along.
pub(crate) fn row<S: AsRef<str>>(cells: &[S], widths: &[usize]) -> String {
    let mut line = String::new();
    for (cell, width) in cells.iter().zip(widths) {
        line.push_str(&format!("{:<width$}  ", cell.as_ref()));
    }
    let mut line = line.trim_end().to_owned();
    line.push('\n');
    line
}

/// A link as one JSON object; the amount is a string so no digit is lost.
pub(crate) fn link_json(link: &PaymentLink) -> Value {
    json!({
        "provider": link.provider,
        "id": link.id,
        "url": link.url,
        "amount": link.amount.to_string(),
        "currency": link.currency,
        "status": link.status.as_str(),
        "reference": link.reference,
        "expires_at": link.expires_at.map(rfc3339),
        "outcome": link.outcome.map(|outcome| outcome.as_str()),
    })
}

/// A verified webhook event as one line for people: the provider, then `event=`, `status=`,
/// `outcome=`, `link=`, `reference=` and `amount=` (exact, with the currency), `-` where
/// unknown. Control characters from the provider are blanked, so the event stays one line.
pub(crate) fn event_text(event: &PaymentEvent) -> String {
    let or_dash = |value: Option<&str>| value.map_or_else(|| "-".to_owned(), one_line);
    format!(
        "{} event={} status={} outcome={} link={} reference={} amount={}\n",
        event.provider,
        one_line(&event.event_id),
        one_line(status(&event.status)),
        event.outcome.map_or("-", |outcome| outcome.as_str()),
        or_dash(event.link_id.as_deref()),
        or_dash(event.reference.as_deref()),
        or_dash(
            event
                .amount
                .map(|amount| money(amount, event.currency.as_deref()))
                .as_deref()
        ),
    )
}

/// A verified webhook event as one JSON object, null where unknown; the amount is a string so
/// no digit is lost.
pub(crate) fn event_json(event: &PaymentEvent) -> Value {
    let known = |text: &str| (!text.is_empty()).then(|| text.to_owned());
    json!({
        "provider": event.provider,
        "event_id": event.event_id,
        "status": known(event.status.as_str()),
        "outcome": event.outcome.map(|outcome| outcome.as_str()),
        "link_id": event.link_id,
        "reference": event.reference,
        "amount": event.amount.map(|amount| amount.to_string()),
        "currency": event.currency,
        "provider_status": known(&event.provider_status),
    })
}

/// The one line a failure prints on stderr: `error: <provider>: <what happened>`, with any
/// line break in a provider's text turned into a space.
pub(crate) fn error_line(provider: Option<&str>, failure: &Failure) -> String {
    match provider {
        Some(provider) => format!("error: {}: {}", one_line(provider), describe(failure)),
        None => format!("error: {}", describe(failure)),
    }
}

/// A failure as `{"error": {"kind", "status", "code", "message", "fields"}}`: the provider's
/// HTTP status, code, message and field errors when it answered, else nulls, the CLI's own
/// description as the message, and the fields the failure names. A `rate_limited` error also
/// has `retry_after`: the seconds the provider asked to wait, or null; an `unconfirmed` one
/// has `look_up_by`: `{"field", "value"}` to look the link up by, or null.
pub(crate) fn error_json(failure: &Failure) -> Value {
    let described = describe(failure);
    let (status, code, message, fields) = answer(failure, described);
    let mut error = json!({
        "kind": failure.kind(),
        "status": status,
        "code": code,
        "message": message,
        "fields": fields,
    });
    if let Some(Error::RateLimited { retry_after, .. }) = failure.error() {
        error["retry_after"] = json!(retry_after.map(|after| after.as_secs()));
    }
    if let Some(Error::Unconfirmed { look_up_by, .. }) = failure.error() {
        error["look_up_by"] = json!(
            look_up_by
                .as_ref()
                .map(|(field, value)| json!({ "field": field, "value": value }))
        );
    }
    json!({ "error": error })
}

/// The status, code, message and fields of a failure's JSON object; `described` is the message
/// when the provider gave none.
fn answer(
    failure: &Failure,
    described: String,
) -> (Option<u16>, Option<String>, String, Vec<Value>) {
    let field = |field: &str, message: &str| json!({ "field": field, "message": message });
    match failure {
        Failure::Provider(error) => match error.provider_error() {
            Some(detail) => (
                Some(detail.status),
                detail.code.clone(),
                detail.message.clone().unwrap_or(described),
                detail
                    .fields
                    .iter()
                    .map(|FieldError { field: f, message }| field(f, message))
                    .collect(),
            ),
            None => match error {
                Error::InvalidRequest { violations, .. } => (
                    None,
                    None,
                    described,
                    violations
                        .iter()
                        .map(|v| field(&v.field, &v.rule.to_string()))
                        .collect(),
                ),
                Error::Unsupported {
                    field: name,
                    reason,
                    ..
                } => (None, None, described, vec![field(name, reason)]),
                Error::Decode { status, .. } | Error::Redirect { status, .. } => {
                    (Some(*status), None, described, Vec::new())
                }
                Error::Unconfirmed { cause, .. } => match &**cause {
                    Error::Decode { status, .. } => (Some(*status), None, described, Vec::new()),
                    _ => (None, None, described, Vec::new()),
                },
                Error::Mismatch(mismatch) => {
                    let fields = vec![field(mismatch.field, &mismatch.contradiction())];
                    (Some(mismatch.status), None, described, fields)
                }
                _ => (None, None, described, Vec::new()),
            },
        },
        Failure::Usage { flag, message } => (None, None, described, vec![field(flag, message)]),
        Failure::Credentials { variable, problem } => {
            (None, None, described, vec![field(variable, problem)])
        }
        Failure::Internal(_) => (None, None, described, Vec::new()),
        Failure::During { failure, .. } => answer(failure, described),
    }
}

/// The JSON object for a usage error clap found, from clap's message.
pub(crate) fn usage_json(message: &str) -> Value {
    json!({ "error": {
        "kind": "usage",
        "status": null,
        "code": null,
        "message": one_line(message),
        "fields": [],
    }})
}

/// What went wrong, on one line, without the `error: <provider>: ` prefix.
pub(crate) fn describe(failure: &Failure) -> String {
    let text = match failure {
        Failure::Provider(error) => describe_error(error),
        Failure::Usage { flag, message } => format!("{flag}: {message}"),
        Failure::Credentials { variable, problem } if webhook_variable(variable) => {
            format!(
                "{variable} {problem} (`paylinks listen` reads the webhook secret from the environment)"
            )
        }
        Failure::Credentials { variable, problem } => format!(
            "{variable} {problem} (with --env or --base-url credentials come from the \
             environment; the embedded sandbox needs none)"
        ),
        Failure::Internal(message) => message.clone(),
        Failure::During { step, failure } => format!("{step}: {}", describe(failure)),
    };
    one_line(&text)
}

/// Whether `variable` holds a webhook secret, which `listen` alone reads.
fn webhook_variable(variable: &str) -> bool {
    paylinks::VARIABLES
        .iter()
        .any(|v| v.name == variable && v.purpose == paylinks::Purpose::Webhooks)
}

/// A provider error as `<kind in words>: HTTP <status> <code>: <message> (<field>: <message>)`
/// when the provider answered, else the error's own text without its provider prefix.
fn describe_error(error: &Error) -> String {
    if let Some(detail) = error.provider_error() {
        return format!("{}: {}", headline(error), without_provider(detail));
    }
    if let Error::Unconfirmed { cause, .. } = error {
        return format!("{}: {}", unconfirmed(error), describe_error(cause));
    }
    let text = error.to_string();
    text.strip_prefix(&format!("{}: ", error.provider()))
        .map_or_else(|| text.clone(), str::to_owned)
}

/// The kind of a provider's refusal, in words.
fn headline(error: &Error) -> String {
    match error {
        Error::Authentication(_) => "authentication failed".to_owned(),
        Error::Validation(_) => "validation failed".to_owned(),
        Error::Duplicate {
            reference: Some(reference),
            ..
        } => format!("duplicate reference {reference}"),
        Error::Duplicate { .. } => "duplicate reference".to_owned(),
        Error::NotFound(_) => "not found".to_owned(),
        Error::RateLimited {
            retry_after: Some(after),
            ..
        } => format!("rate limited (retry after {}s)", after.as_secs()),
        Error::RateLimited { .. } => "rate limited".to_owned(),
        Error::Rejected(_) => "rejected".to_owned(),
        Error::Unavailable(_) => "unavailable".to_owned(),
        Error::Unconfirmed { .. } => unconfirmed(error),
        other => other.kind().to_string(),
    }
}

/// `the request may have taken effect; do not repeat it, look it up by reference order-7`.
fn unconfirmed(error: &Error) -> String {
    let mut text = "the request may have taken effect; do not repeat it, look it up".to_owned();
    if let Error::Unconfirmed {
        look_up_by: Some((field, value)),
        ..
    } = error
    {
        text.push_str(&format!(" by {field} {value}"));
    }
    text
}

/// `HTTP <status> <code>: <message> (<fields>)`: the provider's answer without its name.
fn without_provider(detail: &ProviderError) -> String {
    let text = detail.to_string();
    text.strip_prefix(&format!("{}: ", detail.provider))
        .map_or_else(|| text.clone(), str::to_owned)
}

/// `text` with every control character (line breaks, tabs) turned into a space.
pub(crate) fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use paylinks_core::{PaymentOutcome, TransportKind};
    use rust_decimal::Decimal;

    #[test]
    fn link_text_blanks_control_characters_from_the_provider() {
        let link = PaymentLink::new(
            "txn",
            "id\u{1b}[31m\nforged: yes",
            Decimal::ONE,
            LinkStatus::Created,
        )
        .with_url(Some("https://pay.example/x\r\n".to_owned()));
        let text = link_text(&link);
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert_eq!(text.lines().count(), 5, "{text:?}");
        assert!(text.starts_with("https://pay.example/x  \nid:        id [31m forged: yes\n"));
    }

    fn refusal(status: u16) -> ProviderError {
        ProviderError {
            provider: "txn",
            status,
            code: Some("reference_duplicate".into()),
            message: Some("Reference duplicate:\nref-1".into()),
            fields: vec![FieldError {
                field: "reference".into(),
                message: "is taken".into(),
            }],
            body: Vec::new(),
        }
    }

    #[test]
    fn a_provider_refusal_is_one_line_with_status_code_message_and_fields() {
        let failure = Failure::Provider(Error::Duplicate {
            reference: Some("ref-1".into()),
            detail: Box::new(refusal(422)),
        });
        assert_eq!(
            error_line(Some("txn"), &failure),
            "error: txn: duplicate reference ref-1: HTTP 422 reference_duplicate: Reference \
             duplicate: ref-1 (reference: is taken)"
        );
        assert_eq!(
            error_json(&failure),
            json!({ "error": {
                "kind": "duplicate",
                "status": 422,
                "code": "reference_duplicate",
                "message": "Reference duplicate:\nref-1",
                "fields": [{ "field": "reference", "message": "is taken" }],
            }})
        );
    }

    #[test]
    fn errors_without_an_answer_drop_their_provider_prefix() {
        let failure = Failure::Provider(Error::Transport {
            provider: "txn",
            kind: TransportKind::Connect,
            message: "connection refused".into(),
        });
        assert_eq!(
            error_line(Some("txn"), &failure),
            "error: txn: transport error (Connect): connection refused"
        );
        assert_eq!(
            error_json(&failure)["error"]["message"],
            "transport error (Connect): connection refused"
        );
    }

    #[test]
    fn a_link_prints_its_url_first_and_its_amount_exactly() {
        let link = PaymentLink::new("txn", "id-1", Decimal::new(10050, 2), LinkStatus::Created)
            .with_url(Some("https://pay.example/1".into()))
            .with_currency(Some("EUR".into()))
            .with_expires_at(Some(time::macros::datetime!(2026-06-01 23:00 UTC)));
        assert_eq!(
            link_text(&link),
            "https://pay.example/1\nid:        id-1\nstatus:    created\namount:    100.50 EUR\n\
             expires:   2026-06-01T23:00:00Z\n"
        );
        assert_eq!(
            link_json(&link).to_string(),
            r#"{"provider":"txn","id":"id-1","url":"https://pay.example/1","amount":"100.50","currency":"EUR","status":"created","reference":null,"expires_at":"2026-06-01T23:00:00Z","outcome":null}"#
        );
        let paid = link.with_outcome(Some(PaymentOutcome::Underpaid));
        assert!(link_text(&paid).ends_with("\noutcome:   underpaid\n"));
        assert_eq!(link_json(&paid)["outcome"], "underpaid");
    }

    fn event(raw: &str) -> PaymentEvent {
        let raw = serde_json::value::RawValue::from_string(raw.to_owned()).unwrap();
        PaymentEvent::new("txn", "msg_1", LinkStatus::Completed, "completed", raw)
    }

    #[test]
    fn an_event_prints_every_field_with_dashes_or_nulls_where_unknown() {
        let bare = event("{}");
        assert_eq!(
            event_text(&bare),
            "txn event=msg_1 status=completed outcome=- link=- reference=- amount=-\n"
        );
        assert_eq!(
            event_json(&bare).to_string(),
            r#"{"provider":"txn","event_id":"msg_1","status":"completed","outcome":null,"link_id":null,"reference":null,"amount":null,"currency":null,"provider_status":"completed"}"#
        );
        let full = bare
            .with_link_id(Some("pl_1".into()))
            .with_reference(Some("order-1".into()))
            .with_outcome(Some(PaymentOutcome::Underpaid))
            .with_amount(Some(Decimal::new(1_000_000, 4)))
            .with_currency(Some("EUR".into()));
        assert_eq!(
            event_text(&full),
            "txn event=msg_1 status=completed outcome=underpaid link=pl_1 reference=order-1 \
             amount=100.0000 EUR\n"
        );
        assert_eq!(event_json(&full)["amount"], "100.0000");
        assert_eq!(event_json(&full)["outcome"], "underpaid");
    }

    #[test]
    fn an_event_with_no_status_word_is_unknown_in_text_and_null_in_json() {
        let raw = serde_json::value::RawValue::from_string("{}".to_owned()).unwrap();
        let event = PaymentEvent::new(
            "p100",
            "sha256:00",
            LinkStatus::Unknown(String::new()),
            "",
            raw,
        );
        assert!(event_text(&event).contains(" status=unknown "));
        assert_eq!(event_json(&event)["status"], Value::Null);
        assert_eq!(event_json(&event)["provider_status"], Value::Null);
    }

    #[test]
    fn event_text_blanks_control_characters_from_the_provider() {
        let event = event("{}").with_reference(Some("order-1\n\u{1b}[2Jforged".into()));
        let text = event_text(&event);
        assert_eq!(text.lines().count(), 1, "{text:?}");
        assert!(text.contains(" reference=order-1  [2Jforged "), "{text:?}");
    }
}
