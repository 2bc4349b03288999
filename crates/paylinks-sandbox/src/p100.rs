//! P100's Partner API payment links: generate a link, read its details.
//!
//! - Auth: `x-api-key`. Checked first, as an API gateway does: no key (or an empty one) is the
//!   documented 401 `{"message":"Access Denied. xo1"}`, another key `{"message":"Access Denied.
//!   xo2"}` (the JSON around the message is the spec's assumption). `xo3`, the IP allowlist, is
//!   production only and never sent.
//! - A request that breaks the spec, or a rule the schema cannot state, is the 400
//!   `{"code":"P403","message":"Validation error: <field>: <why>; …"}`, naming every field.
//!   The spec states the form of `amount` (a plain decimal above zero) and a non-blank
//!   `reference`; checked by hand, as no schema keyword can state it: `expiresAt` lies in the
//!   future on the sandbox's clock (and in the years 0000 to 9999 in UTC, the form it is echoed
//!   in). References need not be unique: P100 documents no such rule.
//! - An unknown `paymentLinkId` is the (assumed) 404 `{"message":"Payment link not found"}`.
//! - P100 publishes no status values. The sandbox uses the seed's examples of webhook
//!   statuses: a link is `pending` until the payer pays on the sandbox's page
//!   (`POST /p100/pay/{id}`), then `confirmed` (or `failed`, when the payer fails); an unpaid
//!   link is `expired` once its `expiresAt` passes on the sandbox's clock, and can no longer
//!   be paid. Each change is a `payment_link.status_changed` webhook (the shape the client
//!   assumes) carrying the Webhook Security Token in `Authorization`.
//! - The amount is echoed as the same decimal string (`"123.40"` stays `"123.40"`), in EUR;
//!   `expiresAt` in UTC with milliseconds (`2025-08-31T21:21:35.840Z`), the documented form.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use paylinks_core::money::parse_plain;
use rust_decimal::Decimal;
use secrecy::ExposeSecret;
use serde_json::json;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::Provider;
use crate::context::Context;
use crate::page::{PayerPage, Payment, Shown};
use crate::spec::{Detail, Operation, Spec, Violation, spec};
use crate::store::{Indexed, Store};
use crate::webhooks::{Outgoing, Signed};
use crate::wire::{parse_utc, utc_millis};

const JSON: &str = "application/json";

/// The longest text of one violation in a P403 message; the validator's text quotes the
/// offending value, which may be long.
const REASON_MAX: usize = 200;

struct P100 {
    context: Context,
    spec: &'static Spec,
    links: Store<Indexed<Uuid, Link>>,
}

/// A generated payment link.
struct Link {
    id: Uuid,
    amount: Decimal,
    expires_at: OffsetDateTime,
    reference: String,
    /// What the payer did: `confirmed` or `failed`; `None` while nothing.
    settled: Option<&'static str>,
}

impl Link {
    fn status(&self, now: OffsetDateTime) -> &'static str {
        if let Some(settled) = self.settled {
            settled
        } else if now >= self.expires_at {
            "expired"
        } else {
            "pending"
        }
    }
}

/// P100's routes, relative to `/p100`.
pub(crate) fn router(context: &Context) -> Router {
    let spec = spec("p100");
    let state = Arc::new(P100 {
        context: context.clone(),
        spec,
        links: Store::new(Indexed::capped(context.max_links)),
    });
    let router = P100::routes();
    let router = spec
        .operation("generatePaymentLink")
        .route(router, create_link);
    let router = spec
        .operation("getPaymentLinkDetails")
        .route(router, read_link);
    router.with_state(state)
}

impl P100 {
    fn operation(&self, id: &str) -> &'static Operation {
        self.spec.operation(id)
    }

    /// The documented 401: `xo1` without a key, `xo2` with another one.
    fn unauthorized(&self, op: &Operation, headers: &HeaderMap) -> Option<Response> {
        let expected = self.context.credentials.p100_api_key.expose_secret();
        let code = match headers.get("x-api-key") {
            None => "xo1",
            Some(given) if given.as_bytes().trim_ascii().is_empty() => "xo1",
            Some(given) if given.as_bytes() == expected.as_bytes() => return None,
            Some(_) => "xo2",
        };
        Some(op.respond(
            StatusCode::UNAUTHORIZED,
            JSON,
            json!({ "message": format!("Access Denied. {code}") }),
        ))
    }
}

/// One broken rule: the field (empty for the whole body) and why.
struct Problem {
    field: String,
    reason: String,
}

impl From<&Violation> for Problem {
    fn from(violation: &Violation) -> Self {
        let field = violation.dotted();
        let reason = match violation.detail {
            Detail::Required if field.is_empty() => "a request body is required".to_owned(),
            Detail::Required => "required".to_owned(),
            Detail::NotJson => "the body is not valid JSON".to_owned(),
            _ => shortened(&violation.message),
        };
        Problem { field, reason }
    }
}

/// `text`, cut to [`REASON_MAX`] characters.
fn shortened(text: &str) -> String {
    match text.char_indices().nth(REASON_MAX) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// The 400 P403 naming every problem.
fn invalid(op: &Operation, problems: &[Problem]) -> Response {
    let reasons: Vec<String> = problems
        .iter()
        .map(|p| match p.field.as_str() {
            "" => p.reason.clone(),
            field => format!("{field}: {}", p.reason),
        })
        .collect();
    op.respond(
        StatusCode::BAD_REQUEST,
        JSON,
        json!({
            "code": "P403",
            "message": format!("Validation error: {}", reasons.join("; ")),
        }),
    )
}

async fn create_link(State(p100): State<Arc<P100>>, headers: HeaderMap, body: Bytes) -> Response {
    let op = p100.operation("generatePaymentLink");
    if let Some(refused) = p100.unauthorized(op, &headers) {
        return refused;
    }
    let document = match op.check_body(&body) {
        Ok(document) => document,
        Err(violations) => {
            let problems: Vec<Problem> = violations.iter().map(Problem::from).collect();
            return invalid(op, &problems);
        }
    };
    let text = |name: &str| document[name].as_str().unwrap_or_default();
    let problem = |field: &str, reason: &str| Problem {
        field: field.to_owned(),
        reason: reason.to_owned(),
    };
    let now = p100.context.clock.now();
    let mut problems = Vec::new();
    // The schema holds the amount to a plain decimal above zero of at most 28 characters, which
    // an exact decimal always holds; read it as one, refusing rather than assuming.
    let amount = parse_plain(text("amount"));
    if amount.is_none() {
        problems.push(problem(
            "amount",
            "must be a positive decimal string such as \"123.45\"",
        ));
    }
    let expires_at = parse_utc(text("expiresAt"));
    match expires_at {
        None => problems.push(problem(
            "expiresAt",
            "must be an ISO 8601 date-time between the years 0000 and 9999 in UTC",
        )),
        Some(at) if at <= now => problems.push(problem("expiresAt", "must be in the future")),
        Some(_) => {}
    }
    let (Some(amount), Some(expires_at), true) = (amount, expires_at, problems.is_empty()) else {
        return invalid(op, &problems);
    };
    let link = Link {
        id: Uuid::new_v4(),
        amount,
        expires_at,
        reference: text("reference").to_owned(),
        settled: None,
    };
    let id = link.id.to_string();
    let created = json!({
        "paymentLinkId": id,
        "url": p100.context.page_url(Provider::P100, &id),
        "amount": link.amount.to_string(),
        "expiresAt": utc_millis(link.expires_at),
    });
    p100.links.lock().insert(link.id, None, link);
    op.respond(StatusCode::OK, JSON, created)
}

async fn read_link(
    State(p100): State<Arc<P100>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let op = p100.operation("getPaymentLinkDetails");
    if let Some(refused) = p100.unauthorized(op, &headers) {
        return refused;
    }
    if let Err(violations) = op.check_parameters(None, &[("paymentLinkId", &id)]) {
        let problems: Vec<Problem> = violations.iter().map(Problem::from).collect();
        return invalid(op, &problems);
    }
    let now = p100.context.clock.now();
    let links = p100.links.lock();
    let Some(link) = links.by_uuid(&id) else {
        return op.respond(
            StatusCode::NOT_FOUND,
            JSON,
            json!({ "message": "Payment link not found" }),
        );
    };
    op.respond(
        StatusCode::OK,
        JSON,
        json!({
            "paymentLinkId": link.id.to_string(),
            "url": p100.context.page_url(Provider::P100, &link.id.to_string()),
            "amount": link.amount.to_string(),
            "expiresAt": utc_millis(link.expires_at),
            "reference": link.reference,
            "status": link.status(now),
        }),
    )
}

impl PayerPage for P100 {
    const PROVIDER: Provider = Provider::P100;
    type Links = Indexed<Uuid, Link>;

    fn context(&self) -> &Context {
        &self.context
    }

    fn links(&self) -> &Store<Self::Links> {
        &self.links
    }

    fn shown(&self, links: &Self::Links, id: &str) -> Option<Shown> {
        let now = self.context.clock.now();
        links.by_uuid(id).map(|l| Shown {
            amount: l.amount.to_string(),
            currency: "EUR".to_owned(),
            status: l.status(now).to_owned(),
        })
    }

    /// Simulates the payer paying the crypto equivalent on P100's page: a `pending` link
    /// becomes `confirmed`, or `failed`; an expired, paid or failed one does not change.
    fn pay(
        &self,
        links: &mut Self::Links,
        id: &str,
        payment: Payment,
        _query: Option<&str>,
    ) -> Result<Vec<Outgoing>, (StatusCode, String)> {
        let now = self.context.clock.now();
        let Some(link) = links
            .by_uuid_mut(id)
            .filter(|link| link.status(now) == "pending")
        else {
            return Ok(Vec::new());
        };
        let status = if payment == Payment::Fail {
            "failed"
        } else {
            "confirmed"
        };
        link.settled = Some(status);
        let token = self.context.credentials.p100_webhook_token.expose_secret();
        Ok(vec![status_changed(link, status, token)])
    }
}

/// `payment_link.status_changed` for `link`, with the token in `Authorization`.
fn status_changed(link: &Link, status: &str, token: &str) -> Outgoing {
    let body = json!({
        "event_type": "payment_link.status_changed",
        "data": {
            "paymentLinkId": link.id,
            "status": status,
            "amount": link.amount.to_string(),
            "currency": "EUR",
            "reference": link.reference,
        },
    })
    .to_string()
    .into_bytes();
    let token = token.to_owned();
    Outgoing {
        event_id: paylinks_core::webhook::body_digest(&body),
        link_id: link.id.to_string(),
        sign: Box::new(move |_| Signed {
            headers: vec![
                ("authorization", token.clone()),
                ("content-type", "application/json".to_owned()),
            ],
            body: body.clone(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_reasons_are_cut() {
        let long = "x".repeat(REASON_MAX + 50);
        assert_eq!(shortened(&long).chars().count(), REASON_MAX + 1);
        assert_eq!(shortened("short"), "short");
    }
}
