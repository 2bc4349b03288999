//! Txn's payment-link API: create, read, list and expire, as JSON:API documents.
//!
//! - Auth: `Authorization: Bearer <key>`; anything else is the documented 401
//!   `{"errors":[{"status":401,"title":"HTTP Token: Access denied.","code":"unauthorized"}]}`.
//! - A request that breaks the spec is a 422 JSON:API error per violation, with
//!   `source.pointer` (body) or `source.parameter` (query), as JSON:API specifies.
//! - `reference` is unique: a second use is the documented 422 `reference_duplicate`.
//! - A link's status is `created` until it expires (its `expires_at` passes on the sandbox's
//!   clock, or the expiration call) and then `expired`, or until the simulated payer starts a
//!   child invoice (`POST /txn/pay/{id}`) and then `completed`; the amount is echoed with at least two
//!   decimal places, as Txn's example shows (`"100"` → `"100.00"`).
//! - Once the payer acts on the payer page, the link's own replies carry the child invoice in
//!   `included[]`, as Txn's link read does: `completed` with `statusContext` `full`,
//!   `underpaid` (90 % paid) or `overpaid` (110 %), or `rejected` when the payer fails. Each
//!   step of the invoice (`processing`, then the final status) is an invoice webhook, signed
//!   Svix-style with the sandbox's `whsec_` secret. **Assumption:** the invoice names its
//!   link in `relationships.paymentLink` (Txn documents no such relationship).

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use paylinks_core::money::parse_plain;
use paylinks_core::webhook::HmacKey;
use rust_decimal::Decimal;
use secrecy::ExposeSecret;
use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use crate::Provider;
use crate::context::Context;
use crate::page::{PayerPage, Payment, Shown};
use crate::spec::{Detail, In, Operation, Spec, Violation, spec};
use crate::store::{Indexed, Store};
use crate::webhooks::{Outgoing, Signed};
use crate::wire::{parse_utc, utc_millis};

const CONTENT_TYPE: &str = "application/vnd.api+json";

/// The coins the sandbox offers in `payCurrencies`; anything else is the documented 422
/// `unsupported_pay_currency`.
const PAY_CURRENCIES: [&str; 8] = ["BTC", "ETH", "LTC", "TRX", "USDT", "USDC", "BNB", "SOL"];

struct Txn {
    context: Context,
    spec: &'static Spec,
    links: Store<Indexed<String, Link>>,
}

/// A stored link: its response attributes as first sent, and what changes later.
struct Link {
    id: String,
    attributes: Map<String, Value>,
    expires_at: OffsetDateTime,
    created_at: OffsetDateTime,
    expired_by_call: bool,
    /// The child invoice the simulated payer started, which completes the link.
    child: Option<Invoice>,
}

/// A link's child invoice, in its final state.
struct Invoice {
    id: String,
    status: &'static str,
    status_context: &'static str,
    payment_status: &'static str,
    /// What the payer paid, in the link's currency.
    charged: Decimal,
}

impl Link {
    fn status(&self, now: OffsetDateTime) -> &'static str {
        if self.expired_by_call {
            "expired"
        } else if self.child.is_some() {
            "completed"
        } else if now >= self.expires_at {
            "expired"
        } else {
            "created"
        }
    }

    /// The child invoice, as a link's `included[]` carries it.
    fn included(&self) -> Vec<Value> {
        self.child
            .iter()
            .map(|invoice| self.invoice(invoice, invoice.status, invoice.status_context))
            .collect()
    }

    /// The invoice resource at one step: `status` and `statusContext` as given, the rest
    /// from the invoice.
    fn invoice(&self, invoice: &Invoice, status: &str, context: &str) -> Value {
        let paid = if context == "unpaid" {
            Decimal::ZERO
        } else {
            invoice.charged
        };
        json!({
            "id": invoice.id,
            "type": "invoices",
            "attributes": {
                "status": status,
                "statusContext": context,
                "paymentStatus": if status == "pending" || status == "rejected" {
                    "expecting"
                } else {
                    invoice.payment_status
                },
                "amountBilled": self.attributes.get("amount"),
                "billedCurrency": self.attributes.get("currency"),
                "amountCharged": format!("{:.2}", paid),
                "chargedCurrency": self.attributes.get("currency"),
                "reference": self.attributes.get("reference"),
            },
            "relationships": {
                "paymentLink": { "data": { "id": self.id, "type": "paymentLinks" } },
            },
        })
    }

    fn resource(&self, now: OffsetDateTime) -> Value {
        let mut attributes = self.attributes.clone();
        attributes.insert("status".to_owned(), json!(self.status(now)));
        json!({
            "id": self.id,
            "type": "paymentLinks",
            "attributes": attributes,
            "relationships": { "target": { "data": self.child.as_ref().map(|invoice| json!({
                "id": invoice.id,
                "type": "invoices",
            })) } },
        })
    }
}

/// Txn's routes, relative to `/txn`.
pub(crate) fn router(context: &Context) -> Router {
    let spec = spec("txn");
    let state = Arc::new(Txn {
        context: context.clone(),
        spec,
        links: Store::new(Indexed::capped(context.max_links)),
    });
    let router = Txn::routes();
    let router = spec
        .operation("createPaymentLink")
        .route(router, create_link);
    let router = spec.operation("listPaymentLinks").route(router, list_links);
    let router = spec.operation("getPaymentLink").route(router, read_link);
    let router = spec
        .operation("expirePaymentLink")
        .route(router, expire_link);
    router.with_state(state)
}

impl Txn {
    fn operation(&self, id: &str) -> &'static Operation {
        self.spec.operation(id)
    }

    /// The documented 401, unless the request carries `Bearer <key>`.
    fn unauthorized(&self, op: &Operation, headers: &HeaderMap) -> Option<Response> {
        let expected = format!(
            "Bearer {}",
            self.context.credentials.txn_api_key.expose_secret()
        );
        let given = headers.get("authorization").and_then(|v| v.to_str().ok());
        if given == Some(expected.as_str()) {
            return None;
        }
        Some(op.respond(
            StatusCode::UNAUTHORIZED,
            CONTENT_TYPE,
            json!({ "errors": [{
                "status": 401,
                "title": "HTTP Token: Access denied.",
                "code": "unauthorized"
            }]}),
        ))
    }

    /// The JSON:API document of one link, built while its lock is held; it is checked and
    /// written after the lock is released.
    fn document(&self, link: &Link) -> Value {
        let now = self.context.clock.now();
        json!({
            "data": link.resource(now),
            "included": link.included(),
            "meta": {},
            "jsonapi": { "version": "1.0" },
        })
    }
}

/// A 422 JSON:API document with one error per violation.
fn invalid(op: &Operation, violations: &[Violation]) -> Response {
    let errors: Vec<Value> = violations
        .iter()
        .map(|v| {
            let source = match v.location {
                In::Body => json!({ "pointer": v.pointer() }),
                In::Query | In::Path => json!({ "parameter": v.dotted() }),
            };
            json!({
                "status": 422,
                "title": "Invalid request",
                "detail": v.message,
                "source": source,
            })
        })
        .collect();
    op.respond(
        StatusCode::UNPROCESSABLE_ENTITY,
        CONTENT_TYPE,
        json!({ "errors": errors }),
    )
}

/// A 404 JSON:API document for an unknown link id.
fn not_found(op: &Operation, id: &str) -> Response {
    op.respond(
        StatusCode::NOT_FOUND,
        CONTENT_TYPE,
        json!({ "errors": [{ "status": 404, "title": "Not found", "detail": id }] }),
    )
}

/// One violation of a rule the schema cannot state, at a body attribute.
fn attribute(name: &str, message: String) -> Violation {
    Violation {
        location: In::Body,
        path: vec!["data".into(), "attributes".into(), name.into()],
        detail: Detail::Other,
        message,
    }
}

async fn create_link(State(txn): State<Arc<Txn>>, headers: HeaderMap, body: Bytes) -> Response {
    let op = txn.operation("createPaymentLink");
    if let Some(refused) = txn.unauthorized(op, &headers) {
        return refused;
    }
    let document = match op.check_body(&body) {
        Ok(document) => document,
        Err(violations) => return invalid(op, &violations),
    };
    let given = &document["data"]["attributes"];
    let text = |name: &str| given[name].as_str().unwrap_or_default().to_owned();

    let mut violations = Vec::new();
    // The schema holds the amount to a plain decimal above zero of at most 28 characters, which
    // an exact decimal always holds; read it as one, refusing rather than assuming.
    let amount = match parse_plain(&text("amount")) {
        Some(amount) if amount > Decimal::ZERO => Some(amount),
        _ => {
            violations.push(attribute(
                "amount",
                format!("{:?} is not a positive decimal amount", text("amount")),
            ));
            None
        }
    };
    let expires_at = parse_utc(&text("expires_at"));
    if expires_at.is_none() {
        violations.push(attribute(
            "expires_at",
            format!(
                "{:?} is not an ISO 8601 date-time between the years 0000 and 9999 in UTC",
                text("expires_at")
            ),
        ));
    }
    let (Some(amount), Some(expires_at), true) = (amount, expires_at, violations.is_empty()) else {
        return invalid(op, &violations);
    };
    let unsupported = given["payCurrencies"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .any(|coin| !PAY_CURRENCIES.contains(&coin));
    if unsupported {
        return op.respond(
            StatusCode::UNPROCESSABLE_ENTITY,
            CONTENT_TYPE,
            json!({ "errors": [{
                "status": 422,
                "title": "Unsupported pay currency",
                "code": "unsupported_pay_currency",
                "detail": ""
            }]}),
        );
    }

    let mut links = txn.links.lock();
    let reference = given["reference"].as_str().map(str::to_owned);
    if let Some(reference) = &reference
        && links.with_reference(reference).is_some()
    {
        return op.respond(
            StatusCode::UNPROCESSABLE_ENTITY,
            CONTENT_TYPE,
            json!({ "errors": [{
                "title": "Reference duplicate",
                "detail": reference,
                "code": "reference_duplicate"
            }]}),
        );
    }

    let id = uuid::Uuid::new_v4().to_string();
    let now = txn.context.clock.now();
    let mut shown = amount;
    if shown.scale() < 2 {
        shown.rescale(2);
    }
    let mut attributes = Map::new();
    let mut put = |name: &str, value: Value| {
        attributes.insert(name.to_owned(), value);
    };
    put("amount", json!(shown.to_string()));
    put("currency", given["currency"].clone());
    put(
        "accountCurrency",
        given
            .get("accountCurrency")
            .cloned()
            .unwrap_or(given["currency"].clone()),
    );
    put("network", Value::Null);
    put("networkName", Value::Null);
    if let Some(reference) = &reference {
        put("reference", json!(reference));
    }
    put(
        "hostedPageUrl",
        json!(txn.context.page_url(Provider::Txn, &id)),
    );
    put("approvalStatus", Value::Null);
    put("expiresAt", json!(utc_millis(expires_at)));
    put("createdAt", json!(utc_millis(now)));
    put("paymentType", given["paymentType"].clone());
    for name in ["successRedirectUrl", "unsuccessRedirectUrl"] {
        put(name, given.get(name).cloned().unwrap_or(Value::Null));
    }
    put(
        "paymentMethods",
        given
            .get("paymentMethods")
            .cloned()
            .unwrap_or(json!(["on_chain"])),
    );
    if let Some(coins) = given.get("payCurrencies") {
        put("payCurrencies", coins.clone());
    }
    let link = Link {
        id: id.clone(),
        attributes,
        expires_at,
        created_at: now,
        expired_by_call: false,
        child: None,
    };
    let document = txn.document(links.insert(id, reference, link));
    drop(links);
    op.respond(StatusCode::CREATED, CONTENT_TYPE, document)
}

async fn read_link(
    State(txn): State<Arc<Txn>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let op = txn.operation("getPaymentLink");
    if let Some(refused) = txn.unauthorized(op, &headers) {
        return refused;
    }
    let document = txn.links.lock().get(&id).map(|link| txn.document(link));
    match document {
        Some(document) => op.respond(StatusCode::OK, CONTENT_TYPE, document),
        None => not_found(op, &id),
    }
}

async fn expire_link(
    State(txn): State<Arc<Txn>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let op = txn.operation("expirePaymentLink");
    if let Some(refused) = txn.unauthorized(op, &headers) {
        return refused;
    }
    let now = txn.context.clock.now();
    let mut links = txn.links.lock();
    let Some(link) = links.get_mut(&id) else {
        return not_found(op, &id);
    };
    if link.status(now) != "created" {
        return op.respond(
            StatusCode::UNPROCESSABLE_ENTITY,
            CONTENT_TYPE,
            json!({ "errors": [{
                "status": 422,
                "title": "Payment link cannot be expired",
                "detail": "only links in status created or pending can be expired"
            }]}),
        );
    }
    link.expired_by_call = true;
    let document = txn.document(link);
    drop(links);
    op.respond(StatusCode::OK, CONTENT_TYPE, document)
}

async fn list_links(
    State(txn): State<Arc<Txn>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let op = txn.operation("listPaymentLinks");
    if let Some(refused) = txn.unauthorized(op, &headers) {
        return refused;
    }
    let query = match op.check_parameters(query.as_deref(), &[]) {
        Ok(query) => query,
        Err(violations) => return invalid(op, &violations),
    };
    let bound = |name: &str| query.get(name).and_then(Value::as_str).and_then(parse_utc);
    let (from, to) = (bound("created_at_from"), bound("created_at_to"));
    let reference = query.get("reference").and_then(Value::as_str);
    let page = query
        .get("page")
        .and_then(Value::as_u64)
        .unwrap_or(1)
        .max(1);
    let per_page = query
        .get("per_page")
        .and_then(Value::as_u64)
        .unwrap_or(25)
        .clamp(1, 100);
    let now = txn.context.clock.now();
    let links = txn.links.lock();
    // A reference names one link at most: found through the index, not by a scan.
    let candidates: Box<dyn Iterator<Item = &Link>> = match reference {
        Some(reference) => Box::new(links.with_reference(reference).into_iter()),
        None => Box::new(links.iter()),
    };
    let mut chosen: Vec<&Link> = candidates
        .filter(|l| from.is_none_or(|f| l.created_at >= f))
        .filter(|l| to.is_none_or(|t| l.created_at <= t))
        .collect();
    chosen.sort_by_key(|l| l.created_at);
    if query.get("order_type").and_then(Value::as_str) != Some("asc") {
        chosen.reverse();
    }
    let total = chosen.len();
    let skip = usize::try_from((page - 1).saturating_mul(per_page)).unwrap_or(usize::MAX);
    let take = usize::try_from(per_page).unwrap_or(usize::MAX);
    let data: Vec<Value> = chosen
        .into_iter()
        .skip(skip)
        .take(take)
        .map(|l| l.resource(now))
        .collect();
    drop(links);
    op.respond(
        StatusCode::OK,
        CONTENT_TYPE,
        json!({
            "data": data,
            "meta": { "page": page, "per_page": per_page, "total": total },
            "jsonapi": { "version": "1.0" },
        }),
    )
}

impl PayerPage for Txn {
    const PROVIDER: Provider = Provider::Txn;
    const PAYMENTS: &'static [Payment] = &[
        Payment::Pay,
        Payment::Underpay,
        Payment::Overpay,
        Payment::Fail,
    ];
    type Links = Indexed<String, Link>;

    fn context(&self) -> &Context {
        &self.context
    }

    fn links(&self) -> &Store<Self::Links> {
        &self.links
    }

    fn shown(&self, links: &Self::Links, id: &str) -> Option<Shown> {
        let now = self.context.clock.now();
        links.get(id).map(|l| Shown {
            amount: l.attributes["amount"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            currency: l.attributes["currency"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            status: l.status(now).to_owned(),
        })
    }

    /// Simulates the payer on the hosted page: picking a coin starts a child invoice, which
    /// completes a link that has not expired; the invoice then goes `processing` and ends as
    /// the payment says. An expired or already started link does not change.
    fn pay(
        &self,
        links: &mut Self::Links,
        id: &str,
        payment: Payment,
        _query: Option<&str>,
    ) -> Result<Vec<Outgoing>, (StatusCode, String)> {
        let now = self.context.clock.now();
        let Some(link) = links.get_mut(id) else {
            return Ok(Vec::new());
        };
        if link.status(now) != "created" {
            return Ok(Vec::new());
        }
        let amount = link.attributes["amount"]
            .as_str()
            .and_then(parse_plain)
            .unwrap_or_default();
        let (status, context, charged) = match payment {
            Payment::Pay => ("completed", "full", amount),
            Payment::Underpay => ("completed", "underpaid", amount * Decimal::new(9, 1)),
            Payment::Overpay => ("completed", "overpaid", amount * Decimal::new(11, 1)),
            Payment::Fail => ("rejected", "unpaid", Decimal::ZERO),
        };
        let invoice = Invoice {
            id: uuid::Uuid::new_v4().to_string(),
            status,
            status_context: context,
            payment_status: "onTime",
            charged,
        };
        let first = if payment == Payment::Fail {
            "pending"
        } else {
            "processing"
        };
        let steps = [
            link.invoice(&invoice, first, "unpaid"),
            link.invoice(&invoice, status, context),
        ];
        link.child = Some(invoice);
        let key = svix_key(self.context.credentials.txn_webhook_secret.expose_secret());
        Ok(steps
            .into_iter()
            .map(|resource| svix_event(&key, link.id.clone(), &json!({ "data": resource })))
            .collect())
    }
}

/// The HMAC key of a `whsec_` secret: the Base64 after the prefix, decoded.
fn svix_key(secret: &str) -> HmacKey {
    let encoded = secret.strip_prefix("whsec_").unwrap_or(secret);
    HmacKey::new(&STANDARD.decode(encoded).unwrap_or_default())
}

/// One invoice webhook: `svix-id` fixed across attempts, `svix-timestamp` the time of each
/// attempt, `svix-signature` `v1,` and the Base64 HMAC-SHA256 of `{id}.{timestamp}.{body}`.
fn svix_event(key: &HmacKey, link_id: String, body: &Value) -> Outgoing {
    let message_id = format!("msg_{}", uuid::Uuid::new_v4().simple());
    let body = body.to_string().into_bytes();
    let key = key.clone();
    let id = message_id.clone();
    Outgoing {
        event_id: message_id,
        link_id,
        sign: Box::new(move |now| {
            let timestamp = now.unix_timestamp().to_string();
            let tag = key.sign(&[id.as_bytes(), b".", timestamp.as_bytes(), b".", &body]);
            Signed {
                headers: vec![
                    ("svix-id", id.clone()),
                    ("svix-timestamp", timestamp),
                    ("svix-signature", format!("v1,{}", STANDARD.encode(tag))),
                    ("content-type", "application/json".to_owned()),
                ],
                body: body.clone(),
            }
        }),
    }
}
