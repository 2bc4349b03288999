//! Pay.io: Mesh-backed deposit links, deposit addresses, the merchant's currencies and one
//! user's transactions, plus the payer's page and a simulated payment.
//!
//! - Auth as the authorisation guide documents, checked before the body is read:
//!   `X-API-Key` must be the configured key, `X-API-Nonce` present, at least 16 characters
//!   (else the documented 400) and never used before (else 401), and `X-API-Signature`
//!   standard Base64 of an RSA-SHA256 (PKCS#1 v1.5) signature over
//!   `METHOD + PATH + NONCE + QUERY + BODY` made with the configured private key, where `PATH`
//!   is the operation path without the sandbox's `/payio` prefix and `QUERY` the query string
//!   without `?`. A refusal is the assumed `Error_Response` `{"error": "<type>"}`, the type
//!   named as the guide lists it (`missing api key`, `invalid api key`, `nonce too short`,
//!   `missing signature`, `invalid signature`, `nonce already used`). **Assumption:** a
//!   missing or empty nonce is a missing credential like a missing key or signature: 401
//!   `missing nonce`, a type the readable part of the guide's list does not show; only a nonce
//!   of 1 to 15 characters is `nonce too short`. A nonce is spent only by a request that passes
//!   every other check.
//! - A body that breaks the schema (which states a plain decimal `amount` above zero, a
//!   non-blank `user_reference_id`, a listed `time_range`, `first`/`last` from 0), or a rule no
//!   schema can state (a `currency_id` from the currencies call, cursors this sandbox handed
//!   out), is the documented 422 `{"error": "Validation failed", "errors": {"field":
//!   ["message"]}}`, in Ecto's words (`can't be blank`, `is invalid`, …), as Pay.io runs on
//!   Phoenix.
//! - The merchant has a fixed set of currencies, each code on one network (the client refuses
//!   ambiguous codes). A deposit address is made on first use and stays the same per
//!   (currency, user).
//! - `POST /payio/pay/{id}` plays the payer of a deposit link: the link's user gets one
//!   completed deposit of the link's amount (once per link), which the transactions call
//!   lists newest first, amounts padded to 30 decimal places as Pay.io's example shows.
//!   `amount_usd` is left out, because the sandbox knows no prices; `merchant_status` is
//!   `Completed`, a value Pay.io has not published.
//! - Paying sends two webhooks, the deposit `Processing` (seen on chain) and `Confirmation`
//!   (funds available), the words Pay.io's prose uses, signed as Pay.io documents: `X-Signature`,
//!   Base64 RSA-SHA256 over the raw body followed by the `X-Timestamp` text, `X-Algorithm`
//!   `RSA-SHA256`, with the sandbox's Pay.io webhook key. **Assumption** (no payload is
//!   published): `{"event":"deposit","data":{"id","status","amount","currency","reference"}}`,
//!   the names the client looks for. A failed payment moves no money and sends nothing:
//!   Pay.io documents no failure event.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use paylinks_core::crypto::digest::{SHA256, digest};
use paylinks_core::crypto::rand::SystemRandom;
use paylinks_core::crypto::signature::{KeyPair as _, RSA_PKCS1_SHA256, RsaKeyPair};
use paylinks_core::crypto::{RsaVerifyingKey, rsa_modulus_len};
use paylinks_core::money::parse_plain;
use rust_decimal::Decimal;
use secrecy::ExposeSecret;
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime, Time};

use crate::Provider;
use crate::context::{Context, StartError};
use crate::page::{PayerPage, Payment, Shown};
use crate::spec::{Detail, Operation, Spec, Violation, spec};
use crate::store::{Indexed, Store};
use crate::webhooks::{Outgoing, Signed};
use crate::wire::utc_seconds;

const CONTENT_TYPE: &str = "application/json; charset=utf-8";

const CURRENCIES: &str = "HubwalletPaymentGatewayWeb.Controller.Merchant.Default.list_currencies";
const DEPOSIT_ADDRESS: &str = "HubwalletPaymentGatewayWeb.Controller.Merchant.Default.deposit";
const DEPOSIT_LINK: &str = "HubwalletPaymentGatewayWeb.Controller.Providers.Mesh.link_public";
const TRANSACTIONS: &str =
    "HubwalletPaymentGatewayWeb.Controller.Merchant.Default.list_transactions";

/// The shortest nonce Pay.io accepts, in characters.
const MIN_NONCE_LEN: usize = 16;

/// Transaction amounts are written with this many decimal places, as in Pay.io's example
/// (`"1.000000000000000000000000000000"`).
const AMOUNT_PLACES: usize = 30;

/// How a network writes addresses.
#[derive(Debug, Clone, Copy)]
enum Chain {
    /// `0x` and 40 hex digits (Ethereum, Base).
    Evm,
    /// Base58 of 32 bytes.
    Solana,
}

/// One currency the sandbox merchant has enabled.
#[derive(Debug)]
struct Coin {
    id: &'static str,
    code: &'static str,
    name: &'static str,
    symbol: &'static str,
    network: &'static str,
    token_address: Option<&'static str>,
    chain: Chain,
}

/// The sandbox merchant's currencies. SOL and USDC carry the ids, names and networks of
/// Pay.io's examples; ETH's and USDT's ids are the sandbox's own.
const COINS: [Coin; 4] = [
    Coin {
        id: "03cad133-ebdf-4fe0-acf7-99d7c4a8c797",
        code: "ETH",
        name: "Ether",
        symbol: "Ξ",
        network: "Ethereum",
        token_address: None,
        chain: Chain::Evm,
    },
    Coin {
        id: "1270e0a2-593b-5272-8c0e-90ba5552d921",
        code: "SOL",
        name: "SOL",
        symbol: "◎",
        network: "Solana",
        token_address: None,
        chain: Chain::Solana,
    },
    Coin {
        id: "c872e749-fd56-533e-b01f-de87ae38e7f1",
        code: "USDC",
        name: "USD Coin",
        symbol: "$",
        network: "Base Chain",
        token_address: Some("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"),
        chain: Chain::Evm,
    },
    Coin {
        id: "1ce5be57-99ea-4fb2-9924-9596396c25f5",
        code: "USDT",
        name: "Tether USD",
        symbol: "₮",
        network: "Ethereum",
        token_address: Some("0xdAC17F958D2ee523a2206206994597C13D831ec7"),
        chain: Chain::Evm,
    },
];

struct Payio {
    context: Context,
    spec: &'static Spec,
    /// The public half of the configured private key, which signatures must verify with.
    public_key: RsaVerifyingKey,
    /// The key the sandbox signs its webhooks with, playing Pay.io.
    webhook_key: Arc<RsaKeyPair>,
    /// Every nonce spent so far.
    nonces: Store<HashSet<Vec<u8>>>,
    books: Store<Books>,
}

/// What the sandbox merchant's account holds.
#[derive(Default)]
struct Books {
    links: Indexed<String, Link>,
    /// Deposit addresses by currency id and user.
    addresses: HashMap<(&'static str, String), String>,
    /// Completed deposits, oldest first.
    deposits: Vec<Deposit>,
}

/// A deposit link and whether the simulated payer has paid it.
struct Link {
    id: String,
    amount: Decimal,
    coin: &'static Coin,
    user: String,
    paid: bool,
}

/// A completed deposit, as the transactions call lists it.
struct Deposit {
    id: String,
    user: String,
    amount: Decimal,
    coin: &'static Coin,
    at: OffsetDateTime,
    from_address: String,
    correlation_key: String,
}

/// Field errors of a 422, by field name.
type Errors = BTreeMap<String, Vec<String>>;

/// A Pay.io request read whole, as its signature covers it: the method, the path and query
/// (without the sandbox's `/payio` prefix), the headers and the body.
struct Call {
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
}

impl<S: Send + Sync> FromRequest<S> for Call {
    type Rejection = BytesRejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let method = request.method().clone();
        let uri = request.uri().clone();
        let headers = request.headers().clone();
        let body = Bytes::from_request(request, state).await?;
        Ok(Call {
            method,
            uri,
            headers,
            body,
        })
    }
}

/// Pay.io's routes, relative to `/payio`.
///
/// The configured private key is parsed here, once; a key that is not a PEM RSA private key
/// is [`StartError::Credentials`], whose message never contains key material.
pub(crate) fn router(context: &Context) -> Result<Router, StartError> {
    let public_key = public_key(context.credentials.payio_private_key_pem.expose_secret())
        .map_err(|reason| StartError::Credentials {
            field: "payio_private_key_pem",
            reason,
        })?;
    let webhook_key = rsa_key(
        context
            .credentials
            .payio_webhook_private_key_pem
            .expose_secret(),
    )
    .map_err(|reason| StartError::Credentials {
        field: "payio_webhook_private_key_pem",
        reason,
    })?;
    let spec = spec("payio");
    let state = Arc::new(Payio {
        context: context.clone(),
        spec,
        public_key,
        webhook_key: Arc::new(webhook_key),
        nonces: Store::default(),
        books: Store::new(Books {
            links: Indexed::capped(context.max_links),
            ..Books::default()
        }),
    });
    let router = Payio::routes();
    let router = spec.operation(CURRENCIES).route(router, currencies);
    let router = spec
        .operation(DEPOSIT_ADDRESS)
        .route(router, deposit_address);
    let router = spec.operation(DEPOSIT_LINK).route(router, deposit_link);
    let router = spec.operation(TRANSACTIONS).route(router, transactions);
    Ok(router.with_state(state))
}

/// The RSA key of a PEM private key (PKCS#8 `PRIVATE KEY` or PKCS#1 `RSA PRIVATE KEY`), or
/// why it cannot be one, in words that quote none of the key.
fn rsa_key(pem: &str) -> Result<RsaKeyPair, String> {
    let block = paylinks_core::pem::decode(pem).map_err(|e| e.to_string())?;
    match block.label.as_str() {
        "PRIVATE KEY" => RsaKeyPair::from_pkcs8(&block.der),
        "RSA PRIVATE KEY" => RsaKeyPair::from_der(&block.der),
        other => {
            return Err(format!(
                "the PEM block is {other}; expected PRIVATE KEY (PKCS#8) or RSA PRIVATE KEY (PKCS#1)"
            ));
        }
    }
    // The crypto backend's own limits: aws-lc-rs takes 2048 to 8192 bits, ring 2048 to 4096.
    .map_err(|e| format!("not a usable RSA private key of at least 2048 bits ({e})"))
}

/// The RSA-SHA256 verification key of a PEM RSA private key, or why it cannot be one.
fn public_key(pem: &str) -> Result<RsaVerifyingKey, String> {
    let key = rsa_key(pem)?;
    RsaVerifyingKey::from_der(key.public_key().as_ref())
        .map_err(|e| format!("its public key cannot verify RSA-SHA256 ({e})"))
}

impl Payio {
    fn operation(&self, id: &str) -> &'static Operation {
        self.spec.operation(id)
    }

    /// The request body of `op`, once the credentials and then the schema pass; otherwise the
    /// documented refusal to send (boxed: a `Response` is large).
    fn accept(&self, op: &Operation, call: &Call) -> Result<Value, Box<Response>> {
        if let Some(refused) = self.unauthorized(op, call) {
            return Err(Box::new(refused));
        }
        op.check_body(&call.body)
            .map_err(|violations| Box::new(invalid(op, &schema_errors(&violations))))
    }

    /// The documented 400 or 401 unless the request carries the configured key, a fresh nonce
    /// of at least 16 characters and a signature that verifies; a request that passes spends
    /// its nonce. A missing or empty nonce is a missing credential (401); a shorter one is the
    /// documented 400.
    fn unauthorized(&self, op: &Operation, call: &Call) -> Option<Response> {
        let refuse = |status: StatusCode, error: &str| {
            Some(op.respond(status, CONTENT_TYPE, json!({ "error": error })))
        };
        let header = |name: &str| call.headers.get(name).map(|v| v.as_bytes());
        let Some(key) = header("x-api-key") else {
            return refuse(StatusCode::UNAUTHORIZED, "missing api key");
        };
        if key
            != self
                .context
                .credentials
                .payio_api_key
                .expose_secret()
                .as_bytes()
        {
            return refuse(StatusCode::UNAUTHORIZED, "invalid api key");
        }
        let nonce = header("x-api-nonce").unwrap_or_default();
        if nonce.is_empty() {
            return refuse(StatusCode::UNAUTHORIZED, "missing nonce");
        }
        let length = std::str::from_utf8(nonce).map_or(nonce.len(), |n| n.chars().count());
        if length < MIN_NONCE_LEN {
            return refuse(StatusCode::BAD_REQUEST, "nonce too short");
        }
        let Some(signature) = header("x-api-signature") else {
            return refuse(StatusCode::UNAUTHORIZED, "missing signature");
        };
        let path = call.uri.path().as_bytes();
        let query = call.uri.query().unwrap_or_default().as_bytes();
        let method = call.method.as_str().as_bytes();
        let body = &call.body[..];
        let mut signed =
            Vec::with_capacity(method.len() + path.len() + nonce.len() + query.len() + body.len());
        for part in [method, path, nonce, query, body] {
            signed.extend_from_slice(part);
        }
        let verified = STANDARD
            .decode(signature)
            .is_ok_and(|signature| self.public_key.verify(&signed, &signature));
        if !verified {
            return refuse(StatusCode::UNAUTHORIZED, "invalid signature");
        }
        if !self.nonces.lock().insert(nonce.to_vec()) {
            return refuse(StatusCode::UNAUTHORIZED, "nonce already used");
        }
        None
    }
}

/// The documented 422 with these field errors.
fn invalid(op: &Operation, errors: &Errors) -> Response {
    op.respond(
        StatusCode::UNPROCESSABLE_ENTITY,
        CONTENT_TYPE,
        json!({ "error": "Validation failed", "errors": errors }),
    )
}

/// Adds one message to a field, once.
fn add(errors: &mut Errors, field: &str, message: &str) {
    let messages = errors.entry(field.to_owned()).or_default();
    if !messages.iter().any(|m| m == message) {
        messages.push(message.to_owned());
    }
}

/// Schema violations as field errors: by top-level field (`body` for the body as a whole), in
/// Ecto's words where it has them (a text that is only blanks is blank to Ecto).
fn schema_errors(violations: &[Violation]) -> Errors {
    let mut errors = Errors::new();
    for violation in violations {
        let field = violation.path.first().map_or("body", String::as_str);
        let message = match &violation.detail {
            Detail::Required => "can't be blank".to_owned(),
            Detail::Pattern(pattern) if pattern == "\\S" => "can't be blank".to_owned(),
            Detail::Type(_) | Detail::Enum(_) | Detail::Pattern(_) => "is invalid".to_owned(),
            Detail::Minimum(limit) => format!("must be greater than or equal to {limit}"),
            Detail::NotJson => "is not valid JSON".to_owned(),
            _ => violation.message.clone(),
        };
        add(&mut errors, field, &message);
    }
    errors
}

/// The `user_reference_id` of a request whose schema (a text that is not blank) has passed.
fn user(request: &Value) -> String {
    request["user_reference_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The enabled currency `currency_id` names (UUIDs compare without regard to case).
fn coin(errors: &mut Errors, request: &Value) -> Option<&'static Coin> {
    let id = request["currency_id"].as_str().unwrap_or_default();
    let found = COINS.iter().find(|c| c.id.eq_ignore_ascii_case(id));
    if found.is_none() {
        add(errors, "currency_id", "does not exist");
    }
    found
}

/// `amount`, which the schema holds to a plain decimal above zero of at most 28 characters
/// (`100.50`), which an exact decimal always holds; read as one, refusing rather than assuming.
fn amount(errors: &mut Errors, request: &Value) -> Option<Decimal> {
    let amount = parse_plain(request["amount"].as_str().unwrap_or_default());
    if amount.is_none() {
        add(errors, "amount", "is invalid");
    }
    amount
}

/// 32 random bytes, for addresses.
fn random_bytes() -> [u8; 32] {
    let mut bytes = [0; 32];
    bytes.copy_from_slice(digest(&SHA256, uuid::Uuid::new_v4().as_bytes()).as_ref());
    bytes
}

/// A fresh random address in the network's format.
fn new_address(chain: Chain) -> String {
    let bytes = random_bytes();
    match chain {
        Chain::Evm => {
            let hex: String = bytes[..20].iter().map(|b| format!("{b:02x}")).collect();
            format!("0x{hex}")
        }
        Chain::Solana => bs58::encode(bytes).into_string(),
    }
}

/// The amount with exactly 30 decimal places.
fn padded(amount: Decimal) -> String {
    let mut text = amount.to_string();
    let places = match text.split_once('.') {
        Some((_, fraction)) => fraction.len(),
        None => {
            text.push('.');
            0
        }
    };
    text.extend(std::iter::repeat_n(
        '0',
        AMOUNT_PLACES.saturating_sub(places),
    ));
    text
}

async fn currencies(State(payio): State<Arc<Payio>>, call: Call) -> Response {
    let op = payio.operation(CURRENCIES);
    if let Err(refused) = payio.accept(op, &call) {
        return *refused;
    }
    let currencies: Vec<Value> = COINS
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "name": c.name,
                "currency_code": c.code,
                "symbol": c.symbol,
                "network": c.network,
            })
        })
        .collect();
    op.respond(
        StatusCode::OK,
        CONTENT_TYPE,
        json!({ "currencies": currencies }),
    )
}

async fn deposit_address(State(payio): State<Arc<Payio>>, call: Call) -> Response {
    let op = payio.operation(DEPOSIT_ADDRESS);
    let request = match payio.accept(op, &call) {
        Ok(request) => request,
        Err(refused) => return *refused,
    };
    let mut errors = Errors::new();
    let Some(coin) = coin(&mut errors, &request) else {
        return invalid(op, &errors);
    };
    let user = user(&request);
    let address = payio
        .books
        .lock()
        .addresses
        .entry((coin.id, user))
        .or_insert_with(|| new_address(coin.chain))
        .clone();
    op.respond(
        StatusCode::OK,
        CONTENT_TYPE,
        json!({
            "currency": coin.name,
            "currency_code": coin.code,
            "network": coin.network,
            "wallet_address": address,
        }),
    )
}

async fn deposit_link(State(payio): State<Arc<Payio>>, call: Call) -> Response {
    let op = payio.operation(DEPOSIT_LINK);
    let request = match payio.accept(op, &call) {
        Ok(request) => request,
        Err(refused) => return *refused,
    };
    let mut errors = Errors::new();
    let amount = amount(&mut errors, &request);
    let coin = coin(&mut errors, &request);
    let (Some(amount), Some(coin)) = (amount, coin) else {
        return invalid(op, &errors);
    };
    let user = user(&request);
    let id = uuid::Uuid::new_v4().to_string();
    let link = payio.context.page_url(Provider::Payio, &id);
    payio.books.lock().links.insert(
        id.clone(),
        None,
        Link {
            id,
            amount,
            coin,
            user,
            paid: false,
        },
    );
    op.respond(StatusCode::OK, CONTENT_TYPE, json!({ "link": link }))
}

/// A transactions request, checked.
struct Listing {
    user: String,
    /// The `time_range` window: from, and until (exclusive) when it ends before now.
    window: Option<(OffsetDateTime, Option<OffsetDateTime>)>,
    /// Whether deposits are among the requested `transaction_types` (all types when absent
    /// or empty).
    deposits: bool,
    first: Option<usize>,
    last: Option<usize>,
    after: Option<String>,
    before: Option<String>,
}

/// The window of a documented `time_range`, in UTC, at `now`.
fn window(name: &str, now: OffsetDateTime) -> Option<(OffsetDateTime, Option<OffsetDateTime>)> {
    let today = now.replace_time(Time::MIDNIGHT);
    let month = today.replace_day(1).ok()?;
    Some(match name {
        "today" => (today, None),
        "yesterday" => (today - Duration::DAY, Some(today)),
        "this_week" => (
            today - Duration::days(now.weekday().number_days_from_monday().into()),
            None,
        ),
        "this_month" => (month, None),
        "last_month" => ((month - Duration::DAY).replace_day(1).ok()?, Some(month)),
        "last_24hrs" => (now - Duration::DAY, None),
        _ => return None,
    })
}

/// Checks what the schema cannot about a transactions request.
fn listing(request: &Value, now: OffsetDateTime) -> Result<Listing, Errors> {
    let mut errors = Errors::new();
    let window = match request.get("time_range").and_then(Value::as_str) {
        Some(name) => {
            let found = window(name, now);
            if found.is_none() {
                add(&mut errors, "time_range", "is invalid");
            }
            found
        }
        None => None,
    };
    let count = |field: &str| {
        // The schema has made it an integer from 0; one past any list's length is as good as
        // huge.
        let value = request.get(field)?;
        Some(
            value
                .as_u64()
                .map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(usize::MAX)),
        )
    };
    let (first, last) = (count("first"), count("last"));
    let deposits = match request.get("transaction_types").and_then(Value::as_array) {
        Some(types) if !types.is_empty() => types.iter().any(|t| t == "Deposit"),
        _ => true,
    };
    let cursor = |field: &str| {
        request
            .get(field)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Listing {
        user: user(request),
        window,
        deposits,
        first,
        last,
        after: cursor("after"),
        before: cursor("before"),
    })
}

/// The opaque cursor of a deposit: Base64 of `inserted_at|id`, the form Pay.io's example
/// cursors decode to.
fn cursor(deposit: &Deposit) -> String {
    STANDARD.encode(format!("{}|{}", utc_seconds(deposit.at), deposit.id))
}

/// A deposit as a `Transaction_Edge`.
fn edge(deposit: &Deposit) -> Value {
    let at = utc_seconds(deposit.at);
    let coin = deposit.coin;
    json!({
        "cursor": cursor(deposit),
        "inserted_at": at,
        "node": {
            "amount": padded(deposit.amount),
            "completed_at": at,
            "correlation_key": deposit.correlation_key,
            "currency": {
                "code": coin.code,
                "id": coin.id,
                "name": coin.name,
                "network": coin.network,
                "symbol": coin.symbol,
                "token_address": coin.token_address,
            },
            "failure_reason": null,
            "from_address": deposit.from_address,
            "inserted_at": at,
            "merchant_status": "Completed",
        },
    })
}

async fn transactions(State(payio): State<Arc<Payio>>, call: Call) -> Response {
    let op = payio.operation(TRANSACTIONS);
    let request = match payio.accept(op, &call) {
        Ok(request) => request,
        Err(refused) => return *refused,
    };
    let listing = match listing(&request, payio.context.clock.now()) {
        Ok(listing) => listing,
        Err(errors) => return invalid(op, &errors),
    };
    let books = payio.books.lock();
    let chosen: Vec<&Deposit> = books
        .deposits
        .iter()
        .rev()
        .filter(|d| listing.deposits && d.user == listing.user)
        .filter(|d| {
            listing
                .window
                .is_none_or(|(from, until)| d.at >= from && until.is_none_or(|u| d.at < u))
        })
        .collect();
    let cursors: Vec<String> = chosen.iter().map(|d| cursor(d)).collect();
    let mut errors = Errors::new();
    let mut position = |field: &str, given: &Option<String>| {
        let given = given.as_ref()?;
        let found = cursors.iter().position(|c| c == given);
        if found.is_none() {
            add(&mut errors, field, "is invalid");
        }
        found
    };
    let (after, before) = (
        position("after", &listing.after),
        position("before", &listing.before),
    );
    if !errors.is_empty() {
        return invalid(op, &errors);
    }
    let mut start = after.map_or(0, |i| i + 1);
    let mut end = before.unwrap_or(chosen.len()).max(start);
    if let Some(first) = listing.first {
        end = end.min(start.saturating_add(first));
    }
    if let Some(last) = listing.last {
        start = start.max(end.saturating_sub(last));
    }
    let page = &chosen[start..end];
    op.respond(
        StatusCode::OK,
        CONTENT_TYPE,
        json!({
            "edges": page.iter().map(|d| edge(d)).collect::<Vec<_>>(),
            "page_info": {
                "end_cursor": page.last().map(|d| cursor(d)),
                "has_next_page": end < chosen.len(),
                "has_previous_page": start > 0,
                "start_cursor": page.first().map(|d| cursor(d)),
            },
            "total_count": chosen.len(),
        }),
    )
}

impl PayerPage for Payio {
    const PROVIDER: Provider = Provider::Payio;
    type Links = Books;

    fn context(&self) -> &Context {
        &self.context
    }

    fn links(&self) -> &Store<Books> {
        &self.books
    }

    fn shown(&self, books: &Books, id: &str) -> Option<Shown> {
        books.links.get(id).map(|l| Shown {
            amount: l.amount.to_string(),
            currency: l.coin.code.to_owned(),
            status: if l.paid { "completed" } else { "created" }.to_owned(),
        })
    }

    /// Simulates the payer depositing through the link: the link's user gets a completed
    /// deposit of the link's amount, once, and the two deposit webhooks go out. A failed
    /// payment changes nothing.
    fn pay(
        &self,
        books: &mut Books,
        id: &str,
        payment: Payment,
        _query: Option<&str>,
    ) -> Result<Vec<Outgoing>, (StatusCode, String)> {
        let now = self.context.clock.now();
        let Books {
            links, deposits, ..
        } = books;
        let Some(link) = links
            .get_mut(id)
            .filter(|l| !l.paid && payment == Payment::Pay)
        else {
            return Ok(Vec::new());
        };
        link.paid = true;
        let deposit = Deposit {
            id: uuid::Uuid::new_v4().to_string(),
            user: link.user.clone(),
            amount: link.amount,
            coin: link.coin,
            at: now,
            from_address: new_address(link.coin.chain),
            correlation_key: uuid::Uuid::new_v4().to_string(),
        };
        let events = ["Processing", "Confirmation"]
            .into_iter()
            .map(|status| self.deposit_event(link, &deposit, status))
            .collect();
        deposits.push(deposit);
        Ok(events)
    }
}

impl Payio {
    /// A deposit webhook (the assumed payload), signed over the body and the timestamp of
    /// each attempt.
    fn deposit_event(&self, link: &Link, deposit: &Deposit, status: &str) -> Outgoing {
        let body = json!({
            "event": "deposit",
            "data": {
                "id": deposit.id,
                "status": status,
                "amount": deposit.amount.to_string(),
                "currency": deposit.coin.code,
                "reference": deposit.user,
            },
        })
        .to_string()
        .into_bytes();
        let key = Arc::clone(&self.webhook_key);
        let rng = SystemRandom::new();
        Outgoing {
            event_id: paylinks_core::webhook::body_digest(&body),
            link_id: link.id.clone(),
            sign: Box::new(move |now| {
                let timestamp = now.unix_timestamp().to_string();
                let mut signed = body.clone();
                signed.extend_from_slice(timestamp.as_bytes());
                let mut signature = vec![0; rsa_modulus_len(&key)];
                // A parsed 2048-bit key and the system RNG do not fail; if they ever did, the
                // receiver would see a signature that does not verify, and this line says why.
                if key
                    .sign(&RSA_PKCS1_SHA256, &rng, &signed, &mut signature)
                    .is_err()
                {
                    tracing::error!("the sandbox could not sign a Pay.io webhook");
                }
                Signed {
                    headers: vec![
                        ("x-signature", STANDARD.encode(&signature)),
                        ("x-timestamp", timestamp),
                        ("x-algorithm", "RSA-SHA256".to_owned()),
                        ("content-type", "application/json".to_owned()),
                    ],
                    body: body.clone(),
                }
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_padded_to_thirty_places() {
        assert_eq!(padded(Decimal::ONE), format!("1.{}", "0".repeat(30)));
        assert_eq!(
            padded(Decimal::new(10050, 2)),
            format!("100.50{}", "0".repeat(28))
        );
    }

    #[test]
    fn time_ranges_follow_the_calendar_in_utc() {
        let now = time::macros::datetime!(2026-03-04 10:30 UTC); // a Wednesday
        let at = |s| time::macros::datetime!(2026-03-01 0:00 UTC) + Duration::days(s);
        assert_eq!(window("today", now), Some((at(3), None)));
        assert_eq!(window("yesterday", now), Some((at(2), Some(at(3)))));
        assert_eq!(window("this_week", now), Some((at(1), None)));
        assert_eq!(window("this_month", now), Some((at(0), None)));
        assert_eq!(
            window("last_month", now),
            Some((time::macros::datetime!(2026-02-01 0:00 UTC), Some(at(0))))
        );
        assert_eq!(window("last_24hrs", now), Some((now - Duration::DAY, None)));
        assert_eq!(window("forever", now), None);
    }

    #[test]
    fn a_key_that_is_not_a_pem_rsa_private_key_is_refused_without_quoting_it() {
        for pem in [
            "",
            "-----BEGIN PUBLIC KEY-----\nc2VjcmV0\n-----END PUBLIC KEY-----",
            "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n",
            "-----BEGIN PRIVATE KEY-----\n%%c2VjcmV0%%\n-----END PRIVATE KEY-----",
            "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----",
        ] {
            let reason = public_key(pem).unwrap_err();
            assert!(!reason.contains("c2VjcmV0"), "{reason}");
        }
    }
}
