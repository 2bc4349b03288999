//! Paywint's Developer API (user-api): create a payment link, read a payment, list the payments
//! received, as Paywint's FastAPI service answers them.
//!
//! - Auth: `X-Api-Key` and `X-Api-Secret`. A missing header is a field of the request like any
//!   other: FastAPI's 422 item `{"loc":["header","X-Api-Key"],"msg":"Field required","type":
//!   "missing"}`, reported together with the body's violations. Both present but not the
//!   sandbox's pair is the (assumed) 401 `{"detail":"Invalid API key or secret"}`, answered
//!   before the body is looked at, as a FastAPI auth dependency does.
//! - A request that breaks the spec is FastAPI's 422 `{"detail":[{"loc","msg","type"}]}`, one
//!   item per field (the first rule it breaks), with pydantic's wording and error types; `loc`
//!   starts with `body`, `path` or `header`. Validation is strict JSON Schema: unlike pydantic's
//!   lax mode, a number sent as a string is refused.
//! - Paywint's own refusal, a 200 `{"success":false,…}`, answers an amount the schema accepts
//!   but no exact decimal can hold (more than 28 significant digits, e.g. `1e-30`):
//!   `{"success":false,"message":"Invalid amount","data":null,"queryGeneratedTime":…}`.
//! - An unknown payment id is the (assumed) 404 `{"detail":"Payment not found"}`.
//! - A payment is `pending` ("creates a new pending payment request") until the payer pays on
//!   the sandbox's page (`POST /paywint/pay/{id}`), then `success`, the only status Paywint
//!   documents, with a payer, `payment_method` `WALLET` and a `payment_date`; or `failed`
//!   (with a `failure_reason`) when the payer fails. Links do not expire: Paywint documents no
//!   lifetime. Opening the payment and its end are webhooks in Paywint's documented envelope
//!   (`payment.opened`, then `payment.success` or `payment.failed`; the amount in cents),
//!   unsigned, as Paywint publishes no signature.
//! - The payments received are the paid ones, most recently paid first.
//! - Amounts are JSON numbers echoed digit for digit (`150.50` stays `150.50`); they are USD.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use jsonschema::JsonType;
use paylinks_core::money::{number, parse_json_number};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use secrecy::ExposeSecret;
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::Provider;
use crate::context::Context;
use crate::page::{PayerPage, Payment as Payer, Shown};
use crate::spec::{Detail, In, Operation, Spec, Violation, spec};
use crate::store::{Indexed, Store};
use crate::webhooks::{Outgoing, Signed};
use crate::wire::utc_micros;

const CREATE: &str = "create_payment_link_api_user_api_payment_create_payment_link_post";
const GET: &str = "get_payment_api_user_api_payment_get__payment_id__get";
const LIST: &str = "list_received_payment_api_user_api_payment_list_payment_received_post";

const JSON: &str = "application/json";

/// The credential headers, as the spec names them (and as FastAPI's `loc` names them).
const API_KEY: &str = "X-Api-Key";
const API_SECRET: &str = "X-Api-Secret";

/// Paywint's success status; the only payment status it documents.
const PAID: &str = "success";
/// A payment request nobody has paid yet.
const PENDING: &str = "pending";
/// The status of a payment the payer failed (seen in Paywint's webhook examples).
const FAILED: &str = "failed";
/// The `failure_reason` of a failed sandbox payment.
const FAILURE_REASON: &str = "The sandbox payer failed the payment";
/// The message of a successful create or read: the example in Paywint's docs.
const DONE: &str = "Operation completed.";

/// The sandbox account that receives every payment, and the payer who pays them all.
const PAYEE_ID: &str = "7b3e2a10-4c5d-4e6f-8a9b-0c1d2e3f4a5b";
const PAYEE_NAME: &str = "Paywint Sandbox Merchant";
const PAYER_ID: &str = "1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b";
const PAYER_NAME: &str = "Paywint Sandbox Payer";

struct Paywint {
    context: Context,
    spec: &'static Spec,
    payments: Store<Indexed<Uuid, Payment>>,
}

/// A payment request, from its creation by the payee.
struct Payment {
    id: Uuid,
    amount: Decimal,
    description: Option<String>,
    created_at: OffsetDateTime,
    paid_at: Option<OffsetDateTime>,
    /// Set when the payer failed.
    failed: bool,
}

/// A payment as Paywint's `ExternalApiPaymentRead` writes it.
#[derive(Serialize)]
struct PaymentRead {
    payment_id: String,
    payer_id: Option<&'static str>,
    payer_name: Option<&'static str>,
    payee_id: &'static str,
    payee_name: &'static str,
    #[serde(serialize_with = "number::serialize")]
    amount: Decimal,
    currency: &'static str,
    description: Option<String>,
    payment_method: Option<&'static str>,
    receiving_method: &'static str,
    created_at: String,
    payment_date: Option<String>,
    status: &'static str,
    failure_reason: Option<String>,
}

impl Payment {
    fn status(&self) -> &'static str {
        if self.paid_at.is_some() {
            PAID
        } else if self.failed {
            FAILED
        } else {
            PENDING
        }
    }

    fn read(&self) -> PaymentRead {
        let paid = self.paid_at.is_some();
        PaymentRead {
            payment_id: self.id.to_string(),
            payer_id: paid.then_some(PAYER_ID),
            payer_name: paid.then_some(PAYER_NAME),
            payee_id: PAYEE_ID,
            payee_name: PAYEE_NAME,
            amount: self.amount,
            currency: "USD",
            description: self.description.clone(),
            payment_method: paid.then_some("WALLET"),
            receiving_method: "WALLET",
            created_at: utc_micros(self.created_at),
            payment_date: self.paid_at.map(utc_micros),
            status: self.status(),
            failure_reason: self.failed.then(|| FAILURE_REASON.to_owned()),
        }
    }
}

/// Paywint's routes, relative to `/paywint`.
pub(crate) fn router(context: &Context) -> Router {
    let spec = spec("paywint");
    let state = Arc::new(Paywint {
        context: context.clone(),
        spec,
        payments: Store::new(Indexed::capped(context.max_links)),
    });
    let router = Paywint::routes();
    let router = spec.operation(CREATE).route(router, create_link);
    let router = spec.operation(GET).route(router, read_payment);
    let router = spec.operation(LIST).route(router, list_received);
    router.with_state(state)
}

impl Paywint {
    fn operation(&self, id: &str) -> &'static Operation {
        self.spec.operation(id)
    }

    /// The request body of `op` (`Null` for an operation without one), once the credentials,
    /// the path parameters and the body pass; otherwise the refusal to send (boxed: a
    /// `Response` is large). The 422 lists what FastAPI would, in its order: path parameters,
    /// missing credential headers, then the body.
    fn accept(
        &self,
        op: &Operation,
        headers: &HeaderMap,
        path: &[(&str, &str)],
        body: &[u8],
    ) -> Result<Value, Box<Response>> {
        let mut problems = match op.check_parameters(None, path) {
            Ok(_) => Vec::new(),
            Err(violations) => items(&violations),
        };
        if let Some(refused) = self.unauthorized(op, headers, &mut problems) {
            return Err(Box::new(refused));
        }
        match op.check_body(body) {
            Ok(document) if problems.is_empty() => Ok(document),
            Ok(_) => Err(Box::new(invalid(op, problems))),
            Err(violations) => {
                problems.extend(items(&violations));
                Err(Box::new(invalid(op, problems)))
            }
        }
    }

    /// The assumed 401 when both credential headers are present but are not the sandbox's
    /// pair; otherwise `None`, after adding a 422 item to `problems` for each missing header.
    fn unauthorized(
        &self,
        op: &Operation,
        headers: &HeaderMap,
        problems: &mut Vec<Value>,
    ) -> Option<Response> {
        let credentials = &self.context.credentials;
        let mut missing = false;
        let mut matches = true;
        for (name, expected) in [
            (API_KEY, &credentials.paywint_api_key),
            (API_SECRET, &credentials.paywint_api_secret),
        ] {
            match headers.get(name) {
                None => {
                    missing = true;
                    problems.push(item(json!(["header", name]), "missing", "Field required"));
                }
                Some(given) => matches &= given.as_bytes() == expected.expose_secret().as_bytes(),
            }
        }
        (!missing && !matches).then(|| {
            op.respond(
                StatusCode::UNAUTHORIZED,
                JSON,
                json!({ "detail": "Invalid API key or secret" }),
            )
        })
    }

    /// `queryGeneratedTime`: now, in Unix seconds with microseconds.
    fn generated_time(&self) -> Decimal {
        let micros = self.context.clock.now().unix_timestamp_nanos() / 1000;
        Decimal::try_from_i128_with_scale(micros, 6).unwrap_or_default()
    }
}

/// One FastAPI validation item.
fn item(loc: Value, kind: &str, msg: &str) -> Value {
    json!({ "loc": loc, "msg": msg, "type": kind })
}

/// FastAPI's 422: one item per field, in the order found.
fn invalid(op: &Operation, items: Vec<Value>) -> Response {
    op.respond(
        StatusCode::UNPROCESSABLE_ENTITY,
        JSON,
        json!({ "detail": items }),
    )
}

/// The 422 items for `violations`, the first violation of each field only (pydantic reports
/// one error per field).
fn items(violations: &[Violation]) -> Vec<Value> {
    let mut seen: Vec<(In, &[String])> = Vec::new();
    let mut items = Vec::new();
    for violation in violations {
        let key = (violation.location, violation.path.as_slice());
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let first = match violation.location {
            In::Body => "body",
            In::Path => "path",
            In::Query => "query",
        };
        let mut loc = vec![json!(first)];
        loc.extend(violation.path.iter().map(|p| match p.parse::<u64>() {
            Ok(index) => json!(index),
            Err(_) => json!(p),
        }));
        let (kind, msg) = pydantic(violation);
        items.push(item(Value::Array(loc), kind, &msg));
    }
    items
}

/// Pydantic's error type and message for a violation.
fn pydantic(violation: &Violation) -> (&'static str, String) {
    match &violation.detail {
        Detail::Required => ("missing", "Field required".to_owned()),
        Detail::NotJson => ("json_invalid", "JSON decode error".to_owned()),
        Detail::ExclusiveMinimum(limit) => (
            "greater_than",
            format!("Input should be greater than {limit}"),
        ),
        Detail::Minimum(limit) => (
            "greater_than_equal",
            format!("Input should be greater than or equal to {limit}"),
        ),
        Detail::Enum(options) => {
            let options: Vec<String> = options.iter().map(Value::to_string).collect();
            let listed = match options.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
                _ => options.join(""),
            };
            ("literal_error", format!("Input should be {listed}"))
        }
        Detail::Format(format) if format == "uuid" => {
            ("uuid_parsing", "Input should be a valid UUID".to_owned())
        }
        Detail::MaxLength(limit) => (
            "string_too_long",
            format!("String should have at most {limit} characters"),
        ),
        Detail::Type(types) if types.contains(JsonType::Number) => {
            ("float_type", "Input should be a valid number".to_owned())
        }
        Detail::Type(types) if types.contains(JsonType::Integer) => {
            ("int_type", "Input should be a valid integer".to_owned())
        }
        Detail::Type(types) if types.contains(JsonType::String) => {
            ("string_type", "Input should be a valid string".to_owned())
        }
        Detail::Type(types) if types.contains(JsonType::Object) => (
            "model_attributes_type",
            "Input should be a valid dictionary or object to extract attributes from".to_owned(),
        ),
        _ => ("value_error", violation.message.clone()),
    }
}

/// The amount's exact digits, read from the raw body (a `Value` keeps only an `f64`); `None`
/// when no decimal holds it exactly or it is not above zero.
fn exact_amount(body: &[u8]) -> Option<Decimal> {
    #[derive(serde::Deserialize)]
    struct Raw<'a> {
        #[serde(borrow)]
        amount: &'a RawValue,
    }
    let raw = serde_json::from_slice::<Raw<'_>>(body).ok()?;
    parse_json_number(raw.amount.get()).filter(|amount| *amount > Decimal::ZERO)
}

async fn create_link(
    State(paywint): State<Arc<Paywint>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let op = paywint.operation(CREATE);
    let document = match paywint.accept(op, &headers, &[], &body) {
        Ok(document) => document,
        Err(refused) => return *refused,
    };
    let Some(amount) = exact_amount(&body) else {
        return op.respond_serialized(
            StatusCode::OK,
            JSON,
            json_with_time(
                json!({ "success": false, "message": "Invalid amount", "data": null }),
                paywint.generated_time(),
            ),
        );
    };
    let payment = Payment {
        id: Uuid::new_v4(),
        amount,
        description: document["description"].as_str().map(str::to_owned),
        created_at: paywint.context.clock.now(),
        paid_at: None,
        failed: false,
    };
    let id = payment.id.to_string();
    paywint.payments.lock().insert(payment.id, None, payment);
    let created = json!({
        "success": true,
        "message": DONE,
        "data": {
            "payment_id": id,
            "payment_link": paywint.context.page_url(Provider::Paywint, &id),
        },
    });
    op.respond_serialized(
        StatusCode::OK,
        JSON,
        json_with_time(created, paywint.generated_time()),
    )
}

/// An envelope without exact amounts, followed by `queryGeneratedTime`.
fn json_with_time(envelope: Value, time: Decimal) -> impl Serialize {
    #[derive(Serialize)]
    struct WithTime {
        #[serde(flatten)]
        envelope: Value,
        #[serde(rename = "queryGeneratedTime", serialize_with = "number::serialize")]
        time: Decimal,
    }
    WithTime { envelope, time }
}

async fn read_payment(
    State(paywint): State<Arc<Paywint>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let op = paywint.operation(GET);
    if let Err(refused) = paywint.accept(op, &headers, &[("payment_id", &id)], &[]) {
        return *refused;
    }
    let payments = paywint.payments.lock();
    let Some(payment) = payments.by_uuid(&id) else {
        return op.respond(
            StatusCode::NOT_FOUND,
            JSON,
            json!({ "detail": "Payment not found" }),
        );
    };
    #[derive(Serialize)]
    struct Read {
        success: bool,
        message: &'static str,
        data: PaymentRead,
        #[serde(rename = "queryGeneratedTime", serialize_with = "number::serialize")]
        time: Decimal,
    }
    op.respond_serialized(
        StatusCode::OK,
        JSON,
        Read {
            success: true,
            message: DONE,
            data: payment.read(),
            time: paywint.generated_time(),
        },
    )
}

async fn list_received(
    State(paywint): State<Arc<Paywint>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let op = paywint.operation(LIST);
    let document = match paywint.accept(op, &headers, &[], &body) {
        Ok(document) => document,
        Err(refused) => return *refused,
    };
    // The schema holds both to small positive integers.
    let per_page = document["rows_per_page"].as_u64().unwrap_or(10);
    let page = document["page_no"].as_u64().unwrap_or(1);
    let payments = paywint.payments.lock();
    let mut received: Vec<&Payment> = payments.iter().filter(|p| p.paid_at.is_some()).collect();
    received.sort_by_key(|p| std::cmp::Reverse(p.paid_at));
    let total = received.len();
    let skip = usize::try_from((page - 1).saturating_mul(per_page)).unwrap_or(usize::MAX);
    let take = usize::try_from(per_page).unwrap_or(usize::MAX);
    let records: Vec<PaymentRead> = received
        .into_iter()
        .skip(skip)
        .take(take)
        .map(Payment::read)
        .collect();
    #[derive(Serialize)]
    struct Page {
        success: bool,
        status_code: u16,
        message: &'static str,
        records: Vec<PaymentRead>,
        #[serde(rename = "totalRecords")]
        total: usize,
        #[serde(rename = "queryGeneratedTime", serialize_with = "number::serialize")]
        time: Decimal,
    }
    op.respond_serialized(
        StatusCode::OK,
        JSON,
        Page {
            success: true,
            status_code: 200,
            message: "Success",
            records,
            total,
            time: paywint.generated_time(),
        },
    )
}

impl PayerPage for Paywint {
    const PROVIDER: Provider = Provider::Paywint;
    type Links = Indexed<Uuid, Payment>;

    fn context(&self) -> &Context {
        &self.context
    }

    fn links(&self) -> &Store<Self::Links> {
        &self.payments
    }

    fn shown(&self, payments: &Self::Links, id: &str) -> Option<Shown> {
        payments.by_uuid(id).map(|p| Shown {
            amount: p.amount.to_string(),
            currency: "USD".to_owned(),
            status: p.status().to_owned(),
        })
    }

    /// Simulates the payer on the payment page: a pending payment becomes `success`, with
    /// the sandbox payer and a payment date, or `failed`; a settled one does not change.
    fn pay(
        &self,
        payments: &mut Self::Links,
        id: &str,
        payer: Payer,
        _query: Option<&str>,
    ) -> Result<Vec<Outgoing>, (StatusCode, String)> {
        let now = self.context.clock.now();
        let Some(payment) = payments.by_uuid_mut(id).filter(|p| p.status() == PENDING) else {
            return Ok(Vec::new());
        };
        let event = if payer == Payer::Fail {
            payment.failed = true;
            "payment.failed"
        } else {
            payment.paid_at = Some(now);
            "payment.success"
        };
        Ok(vec![
            envelope(payment, "payment.opened", now),
            envelope(payment, event, now),
        ])
    }
}

/// One webhook in Paywint's documented envelope `{event, id, data, eventGeneratedTime}`:
/// `data.amount` in cents, as documented; unsigned.
fn envelope(payment: &Payment, event: &str, now: OffsetDateTime) -> Outgoing {
    let status = event.trim_start_matches("payment.");
    let mut data = json!({
        "payment_id": payment.id,
        "status": status,
        "amount": (payment.amount * Decimal::ONE_HUNDRED).trunc().to_i64(),
    });
    if payment.failed && event == "payment.failed" {
        data["failed_reason"] = json!(FAILURE_REASON);
    }
    let id = Uuid::new_v4().to_string();
    let body = json!({
        "event": event,
        "id": id,
        "data": data,
        "eventGeneratedTime": now.unix_timestamp(),
    })
    .to_string()
    .into_bytes();
    Outgoing {
        event_id: id,
        link_id: payment.id.to_string(),
        sign: Box::new(move |_| Signed {
            headers: vec![("content-type", "application/json".to_owned())],
            body: body.clone(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_read_digit_for_digit_or_not_at_all() {
        let read = |text: &str| exact_amount(format!(r#"{{"amount":{text}}}"#).as_bytes());
        assert_eq!(
            read("150.50").map(|a| a.to_string()).as_deref(),
            Some("150.50")
        );
        assert_eq!(
            read("12345678901234567.89")
                .map(|a| a.to_string())
                .as_deref(),
            Some("12345678901234567.89")
        );
        assert_eq!(read("1e3").map(|a| a.to_string()).as_deref(), Some("1000"));
        assert_eq!(read("1e-30"), None);
        assert_eq!(read("123456789012345678901234567890"), None);
        assert_eq!(read("0"), None);
    }

    #[test]
    fn exact_numbers_serialize_with_their_digits() {
        let text = serde_json::to_string(&json_with_time(
            json!({ "success": true }),
            Decimal::new(1_718_006_400_123_456, 6),
        ))
        .unwrap();
        assert_eq!(
            text,
            r#"{"success":true,"queryGeneratedTime":1718006400.123456}"#
        );
    }

    #[test]
    fn violations_read_as_pydantic_items() {
        let create = spec("paywint").operation(CREATE);
        let body = format!(
            r#"{{"amount":0,"description":"{}","invoice_number":5}}"#,
            "x".repeat(256)
        );
        let violations = create.check_body(body.as_bytes()).unwrap_err();
        let found = items(&violations);
        let mut found: Vec<String> = found.iter().map(Value::to_string).collect();
        found.sort();
        assert_eq!(
            found,
            [
                r#"{"loc":["body","amount"],"msg":"Input should be greater than 0","type":"greater_than"}"#,
                r#"{"loc":["body","description"],"msg":"String should have at most 255 characters","type":"string_too_long"}"#,
                r#"{"loc":["body","invoice_number"],"msg":"Input should be a valid string","type":"string_type"}"#,
            ]
        );
    }
}
