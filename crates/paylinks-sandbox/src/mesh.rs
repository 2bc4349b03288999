//! Mesh's integration API: link tokens (with Paylinks), the transfers Mesh ran, and the
//! networks it transfers on. Every reply is Mesh's `ApiResult` envelope
//! `{content, status, message, errorHash, errorType}`.
//!
//! - Auth: `X-Client-Id` and `X-Client-Secret` must both match. Otherwise 401, which Mesh
//!   documents without a body schema; the sandbox sends the envelope with status
//!   `permissionDenied` and the spec's description as `message`, so clients get a code.
//! - A body or query that breaks the spec, or a rule the schema cannot state (a `networkId` the
//!   networks call lists, with a `symbol` that network supports; a `transactionId` whenever
//!   `generatePayLink` is true, as the Paylinks guide requires and `mesh.codegen.toml`'s
//!   `[required_if]` records; an amount an exact decimal holds), is a 400 envelope with status
//!   `badRequest`, errorType `missingField` when the first problem is a missing field and
//!   `invalidField` otherwise (both appear in Mesh's examples), and a message naming every
//!   field.
//! - `generatePayLink: true` puts the sandbox's payer page in `content.paymentLink`, where
//!   Mesh's spec puts it. `POST /mesh/pay/{id}` simulates the payer: it records a transfer for
//!   the link's `transactionId` (by default `succeeded`, from the first destination), which
//!   the transfers call then lists. A `pending` transfer is settled by the next payment; a
//!   link whose transfer succeeded takes no further payment; after a `failed` one the payer
//!   may try again.
//! - Amounts are JSON numbers echoed digit for digit: a transfer's `amountInFiat` is the
//!   link's. The crypto `amount` is the destination's own `amount` when given, otherwise the
//!   fiat amount at a fixed sandbox price (stablecoins 1:1).
//! - Not simulated: link-token single use and lifetime, Paylink expiry (Mesh gives no fixed
//!   lifetime), fees, and `IsSandBox` (every sandbox transfer is a sandbox transfer).

use std::cmp::Ordering;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use base64::Engine as _;
use paylinks_core::money::{number, parse_json_number};
use rust_decimal::Decimal;
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Value, json};
use uuid::{Uuid, uuid};

use crate::Provider;
use crate::context::Context;
use crate::page::{PayerPage, Payment, Shown};
use crate::spec::{Detail, In, Operation, Spec, Violation, spec};
use crate::store::{Indexed, Store};
use crate::webhooks::{Outgoing, Signed};

const CONTENT_TYPE: &str = "application/json";

/// The only currency of `amountInFiat` (Mesh documents it as US dollars).
const USD: &str = "USD";

/// What a transfer's `from` names: Mesh's own `sandbox` integration, under a fixed id.
const INTEGRATION_ID: Uuid = uuid!("a21165d8-d060-4eb9-9f96-d68027e8b32c");

/// A token on a network, with the fixed price the simulated payer converts at.
struct Token {
    symbol: &'static str,
    /// Sandbox price in US dollars; never sent, only used to work out crypto amounts.
    price: Decimal,
    /// Decimal places of the token, to which converted amounts are rounded.
    decimals: u32,
}

/// A network the sandbox transfers on.
struct Network {
    id: Uuid,
    name: &'static str,
    chain_id: Option<&'static str>,
    network_type: &'static str,
    native: &'static str,
    tokens: &'static [Token],
}

const fn usd(units: u32, scale: u32) -> Decimal {
    Decimal::from_parts(units, 0, 0, false, scale)
}

const fn token(symbol: &'static str, price: Decimal, decimals: u32) -> Token {
    Token {
        symbol,
        price,
        decimals,
    }
}

const USDC: Token = token("USDC", usd(1, 0), 6);
const USDT: Token = token("USDT", usd(1, 0), 6);
const ETH: Token = token("ETH", usd(2500, 0), 18);

/// The networks `getNetworks` lists. Ethereum's and Polygon's ids are the ones in Mesh's
/// examples, Solana's and Bitcoin's the ones Mesh's examples pair with Solana and Bitcoin
/// addresses; Base's id is the sandbox's own.
static NETWORKS: [Network; 5] = [
    Network {
        id: uuid!("e3c7fdd8-b1fc-4e51-85ae-bb276e075611"),
        name: "Ethereum",
        chain_id: Some("1"),
        network_type: "evm",
        native: "ETH",
        tokens: &[ETH, USDC, USDT],
    },
    Network {
        id: uuid!("7436e9d0-ba42-4d2b-b4c0-8e4e606b2c12"),
        name: "Polygon",
        chain_id: Some("137"),
        network_type: "evm",
        native: "MATIC",
        tokens: &[token("MATIC", usd(5, 1), 18), USDC, USDT],
    },
    Network {
        id: uuid!("0291810a-5947-424d-9a59-e88bb33e999d"),
        name: "Solana",
        chain_id: None,
        network_type: "solana",
        native: "SOL",
        tokens: &[token("SOL", usd(150, 0), 9), USDC, USDT],
    },
    Network {
        id: uuid!("b147d5ac-ecb1-45b7-abf7-9254fff45c47"),
        name: "Base",
        chain_id: Some("8453"),
        network_type: "evm",
        native: "ETH",
        tokens: &[ETH, USDC],
    },
    Network {
        id: uuid!("0880db06-7c7c-4738-898f-cf74efc03c47"),
        name: "Bitcoin",
        chain_id: None,
        network_type: "bitcoin",
        native: "BTC",
        tokens: &[token("BTC", usd(60000, 0), 8)],
    },
];

/// The first EVM network `getNetworks` lists and that network's first token: what
/// [`Sandbox::mesh_destination`](crate::Sandbox::mesh_destination) pays in.
pub(crate) fn first_evm_token() -> (Uuid, &'static str) {
    NETWORKS
        .iter()
        .filter(|n| n.network_type == "evm")
        .find_map(|n| Some((n.id, n.tokens.first()?.symbol)))
        .unwrap_or_else(|| unreachable!("the sandbox lists an EVM network with a token"))
}

fn find_network(id: Uuid) -> Option<&'static Network> {
    NETWORKS.iter().find(|n| n.id == id)
}

impl Network {
    fn token(&self, symbol: &str) -> Option<&'static Token> {
        self.tokens.iter().find(|t| t.symbol == symbol)
    }
}

struct Mesh {
    context: Context,
    spec: &'static Spec,
    ledger: Store<Ledger>,
}

/// The Paylinks issued and the transfers their payers made.
#[derive(Default)]
struct Ledger {
    links: Indexed<String, Link>,
    transfers: Vec<Transfer>,
}

/// A Paylink: what the link-token request asked for.
struct Link {
    /// The id in the payer page's URL.
    id: String,
    user_id: String,
    transaction_id: String,
    amount_in_fiat: Option<Decimal>,
    destinations: Vec<Destination>,
    transfer_type: Option<String>,
    fee_included: bool,
    sub_client_id: Option<Uuid>,
}

/// One checked `toAddresses` entry.
struct Destination {
    network: &'static Network,
    token: &'static Token,
    address: String,
    amount: Option<Decimal>,
}

/// A transfer, shaped as Mesh's `TransferModel` (fields Mesh would send as null are left out,
/// as its examples do).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Transfer {
    /// The Paylink the transfer paid (not part of Mesh's model).
    #[serde(skip)]
    link: String,
    id: Uuid,
    client_transaction_id: String,
    user_id: String,
    status: &'static str,
    #[serde(serialize_with = "number::serialize")]
    amount_in_fiat: Decimal,
    #[serde(serialize_with = "number::serialize")]
    amount_to_receive_in_fiat: Decimal,
    amount_in_fiat_currency_code: &'static str,
    #[serde(serialize_with = "number::serialize")]
    amount: Decimal,
    #[serde(serialize_with = "number::serialize")]
    amount_to_receive: Decimal,
    symbol: &'static str,
    network_name: &'static str,
    network_id: Uuid,
    created_timestamp: i64,
    from: Source,
    hash: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_client_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    executed_timestamp: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    transfer_type: Option<String>,
    is_fee_included: bool,
    #[serde(serialize_with = "number::serialize")]
    source_amount: Decimal,
    #[serde(serialize_with = "number::serialize")]
    destination_amount: Decimal,
    #[serde(serialize_with = "number::serialize")]
    destination_amount_in_fiat: Decimal,
    #[serde(serialize_with = "number::serialize")]
    total_fees_amount_in_fiat: Decimal,
    #[serde(serialize_with = "number::serialize")]
    total_transaction_amount_in_fiat: Decimal,
    funding_methods: [Funding; 1],
    destination_address: String,
}

/// `TransferIntegrationWithLogoModel`: where the funds came from.
#[derive(Serialize)]
struct Source {
    id: Uuid,
    #[serde(rename = "type")]
    kind: &'static str,
    name: &'static str,
}

/// `TransferFundingModel`: the payer paid from an existing balance of the token.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Funding {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(serialize_with = "number::serialize")]
    amount: Decimal,
    #[serde(serialize_with = "number::serialize")]
    amount_in_fiat: Decimal,
    to_symbol: &'static str,
    #[serde(serialize_with = "number::serialize")]
    from_amount: Decimal,
    from_symbol: &'static str,
}

/// Mesh's envelope around `content`, as its success examples show it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Envelope<T> {
    content: T,
    status: &'static str,
    message: &'static str,
    error_hash: String,
    error_type: &'static str,
}

/// An envelope with status `ok`; its `errorHash` is derived from the operation, as Mesh's
/// examples carry one per endpoint.
fn ok<T: Serialize>(op: &Operation, id: &str, content: T) -> Response {
    let envelope = Envelope {
        content,
        status: "ok",
        message: "",
        error_hash: error_hash(&[id, "ok"]),
        error_type: "",
    };
    op.respond_serialized(StatusCode::OK, CONTENT_TYPE, envelope)
}

/// A 40-digit hex hash of `parts`, in the form of Mesh's `errorHash` (which groups identical
/// outcomes).
fn error_hash(parts: &[&str]) -> String {
    let digest = paylinks_core::crypto::digest::digest(
        &paylinks_core::crypto::digest::SHA1_FOR_LEGACY_USE_ONLY,
        parts.join("\n").as_bytes(),
    );
    digest.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

/// An error envelope (`ApiResult`, no content).
fn refusal(
    op: &Operation,
    status: StatusCode,
    outcome: &str,
    error_type: Option<&str>,
    message: &str,
) -> Response {
    let mut body = json!({
        "status": outcome,
        "message": message,
        "errorHash": error_hash(&[outcome, error_type.unwrap_or_default(), message]),
    });
    if let Some(error_type) = error_type {
        body["errorType"] = json!(error_type);
    }
    op.respond(status, CONTENT_TYPE, body)
}

/// The 400 envelope for `violations`: `missingField` when the first is a missing field,
/// `invalidField` otherwise; the message lists every violation with its field.
fn invalid(op: &Operation, violations: &[Violation]) -> Response {
    let error_type = match violations.first() {
        Some(v) if v.detail == Detail::Required => "missingField",
        _ => "invalidField",
    };
    let message = violations
        .iter()
        .map(|v| match v.dotted() {
            field if field.is_empty() => format!("body: {}", v.message),
            field => format!("{field}: {}", v.message),
        })
        .collect::<Vec<_>>()
        .join("; ");
    refusal(
        op,
        StatusCode::BAD_REQUEST,
        "badRequest",
        Some(error_type),
        &message,
    )
}

/// A violation of a rule the schema cannot state, at `path` in the body (or the query).
fn violation(location: In, path: Vec<String>, detail: Detail, message: String) -> Violation {
    Violation {
        location,
        path,
        detail,
        message,
    }
}

/// The fields of a link-token request the sandbox acts on, with amounts as their raw JSON
/// text (a `Value` would round them through `f64`). Read only after the schema check.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LinkTokenRequest {
    user_id: String,
    transfer_options: Option<TransferOptions>,
    sub_client_id: Option<Uuid>,
}

/// `LinkTokenTransferOptions`, as far as the sandbox acts on it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TransferOptions {
    to_addresses: Option<Vec<ToAddress>>,
    amount_in_fiat: Option<Box<RawValue>>,
    transaction_id: Option<String>,
    transfer_type: Option<String>,
    is_inclusive_fee_enabled: Option<bool>,
    generate_pay_link: Option<bool>,
}

/// One `toAddresses` entry (`TransferToAddressWithAmount`) before its network is looked up.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ToAddress {
    network_id: Uuid,
    symbol: String,
    address: String,
    amount: Option<Box<RawValue>>,
}

/// Mesh's routes, relative to `/mesh`.
pub(crate) fn router(context: &Context) -> Router {
    let spec = spec("mesh");
    let state = Arc::new(Mesh {
        context: context.clone(),
        spec,
        ledger: Store::new(Ledger {
            links: Indexed::capped(context.max_links),
            ..Ledger::default()
        }),
    });
    let router = Mesh::routes();
    let router = spec.operation("getLinkToken").route(router, link_token);
    let router = spec
        .operation("getTransfersInitiatedByMesh")
        .route(router, transfers);
    let router = spec.operation("getNetworks").route(router, networks);
    router.with_state(state)
}

impl Mesh {
    fn operation(&self, id: &str) -> &'static Operation {
        self.spec.operation(id)
    }

    /// The documented 401, unless both headers carry the sandbox's credentials.
    fn unauthorized(&self, op: &Operation, headers: &HeaderMap) -> Option<Response> {
        let credentials = &self.context.credentials;
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        if header("x-client-id") == Some(credentials.mesh_client_id.as_str())
            && header("x-client-secret") == Some(credentials.mesh_client_secret.expose_secret())
        {
            return None;
        }
        Some(refusal(
            op,
            StatusCode::UNAUTHORIZED,
            "permissionDenied",
            None,
            "Unauthorized: Client Id or Client Secret are not correct or missing.",
        ))
    }
}

/// The checked destinations and fiat amount of a link-token request, or every rule it breaks
/// that the schema, already checked, cannot state.
fn check_transfer_options(
    options: &TransferOptions,
) -> Result<(Option<Decimal>, Vec<Destination>), Vec<Violation>> {
    let at = |fields: &[&str]| -> Vec<String> {
        ["transferOptions"]
            .iter()
            .chain(fields)
            .map(|s| (*s).to_owned())
            .collect()
    };
    let mut violations = Vec::new();
    // The schema holds amounts above zero; one no exact decimal holds is refused here.
    let mut exact = |raw: &RawValue, path: Vec<String>| {
        let amount = parse_json_number(raw.get());
        if amount.is_none() {
            let message = format!("{} cannot be represented exactly", raw.get());
            violations.push(violation(In::Body, path, Detail::Other, message));
        }
        amount
    };
    let amount_in_fiat = options
        .amount_in_fiat
        .as_deref()
        .and_then(|raw| exact(raw, at(&["amountInFiat"])));
    let mut amounts = Vec::new();
    for (i, to) in options.to_addresses.iter().flatten().enumerate() {
        let index = i.to_string();
        amounts.push(
            to.amount
                .as_deref()
                .and_then(|raw| exact(raw, at(&["toAddresses", &index, "amount"]))),
        );
    }
    let mut destinations = Vec::new();
    for ((i, to), amount) in options
        .to_addresses
        .iter()
        .flatten()
        .enumerate()
        .zip(amounts)
    {
        let index = i.to_string();
        let mut refuse = |field: &str, message: String| {
            violations.push(violation(
                In::Body,
                at(&["toAddresses", &index, field]),
                Detail::Other,
                message,
            ));
        };
        let Some(network) = find_network(to.network_id) else {
            let message = format!(
                "network {} is not one of the networks GET /api/v1/transfers/managed/networks lists",
                to.network_id
            );
            refuse("networkId", message);
            continue;
        };
        let Some(token) = network.token(&to.symbol) else {
            refuse(
                "symbol",
                format!("{} is not supported on {}", to.symbol, network.name),
            );
            continue;
        };
        destinations.push(Destination {
            network,
            token,
            address: to.address.clone(),
            amount,
        });
    }
    if options.generate_pay_link == Some(true) && options.transaction_id.is_none() {
        violations.push(violation(
            In::Body,
            at(&["transactionId"]),
            Detail::Required,
            "transactionId is required when generatePayLink is true".to_owned(),
        ));
    }
    if violations.is_empty() {
        Ok((amount_in_fiat, destinations))
    } else {
        Err(violations)
    }
}

async fn link_token(State(mesh): State<Arc<Mesh>>, headers: HeaderMap, body: Bytes) -> Response {
    let op = mesh.operation("getLinkToken");
    if let Some(refused) = mesh.unauthorized(op, &headers) {
        return refused;
    }
    if let Err(violations) = op.check_body(&body) {
        return invalid(op, &violations);
    }
    let request: LinkTokenRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(e) => {
            let message = format!("the body does not match the request schema: {e}");
            return invalid(
                op,
                &[violation(In::Body, Vec::new(), Detail::NotJson, message)],
            );
        }
    };
    let token_id = Uuid::new_v4();
    let link_token =
        base64::engine::general_purpose::STANDARD.encode(format!("mesh-sandbox-link:{token_id}"));
    let Some(options) = request.transfer_options else {
        return ok(op, "getLinkToken", json!({ "linkToken": link_token }));
    };
    let (amount_in_fiat, destinations) = match check_transfer_options(&options) {
        Ok(checked) => checked,
        Err(violations) => return invalid(op, &violations),
    };
    if options.generate_pay_link != Some(true) {
        return ok(op, "getLinkToken", json!({ "linkToken": link_token }));
    }
    let id = token_id.to_string();
    let payment_link = mesh.context.page_url(Provider::Mesh, &id);
    mesh.ledger.lock().links.insert(
        id.clone(),
        None,
        Link {
            id,
            user_id: request.user_id,
            transaction_id: options.transaction_id.unwrap_or_default(),
            amount_in_fiat,
            destinations,
            transfer_type: options.transfer_type,
            fee_included: options.is_inclusive_fee_enabled.unwrap_or(false),
            sub_client_id: request.sub_client_id,
        },
    );
    ok(
        op,
        "getLinkToken",
        json!({ "linkToken": link_token, "paymentLink": payment_link }),
    )
}

async fn networks(State(mesh): State<Arc<Mesh>>, headers: HeaderMap) -> Response {
    let op = mesh.operation("getNetworks");
    if let Some(refused) = mesh.unauthorized(op, &headers) {
        return refused;
    }
    let networks: Vec<Value> = NETWORKS
        .iter()
        .map(|n| {
            let symbols: Vec<&str> = n.tokens.iter().map(|t| t.symbol).collect();
            let mut network = json!({
                "id": n.id,
                "name": n.name,
                "supportedTokens": symbols,
                "nativeSymbol": n.native,
                "networkType": n.network_type,
                "tokens": symbols.iter().map(|s| json!({ "symbol": s })).collect::<Vec<_>>(),
                "supportedBrokerTypes": ["sandbox", "deFiWallet"],
            });
            if let Some(chain_id) = n.chain_id {
                network["chainId"] = json!(chain_id);
            }
            network
        })
        .collect();
    ok(op, "getNetworks", json!({ "networks": networks }))
}

/// The filters of the transfers call, read from its checked query.
struct Filter {
    id: Option<Uuid>,
    client_transaction_id: Option<String>,
    user_id: Option<String>,
    integration_ids: Option<Vec<Uuid>>,
    statuses: Option<Vec<String>>,
    from_timestamp: Option<i64>,
    to_timestamp: Option<i64>,
    min_amount: Option<Decimal>,
    max_amount: Option<Decimal>,
    hash: Option<String>,
    sub_client_id: Option<Uuid>,
}

impl Filter {
    fn keeps(&self, t: &Transfer) -> bool {
        self.id.is_none_or(|id| t.id == id)
            && self
                .client_transaction_id
                .as_ref()
                .is_none_or(|c| &t.client_transaction_id == c)
            && self.user_id.as_ref().is_none_or(|u| &t.user_id == u)
            && self
                .integration_ids
                .as_ref()
                .is_none_or(|ids| ids.contains(&t.from.id))
            && self
                .statuses
                .as_ref()
                .is_none_or(|s| s.iter().any(|s| s == t.status))
            && self.from_timestamp.is_none_or(|f| t.created_timestamp >= f)
            && self.to_timestamp.is_none_or(|to| t.created_timestamp <= to)
            && self.min_amount.is_none_or(|m| t.amount_in_fiat >= m)
            && self.max_amount.is_none_or(|m| t.amount_in_fiat <= m)
            && self.hash.as_ref().is_none_or(|h| &t.hash == h)
            && self
                .sub_client_id
                .is_none_or(|s| t.sub_client_id == Some(s))
    }
}

/// How two transfers compare by a `TransferOrderByFields` value.
fn compare(field: &str, a: &Transfer, b: &Transfer) -> Ordering {
    match field {
        "id" => a.id.cmp(&b.id),
        "clientTransferId" => a.client_transaction_id.cmp(&b.client_transaction_id),
        "userId" => a.user_id.cmp(&b.user_id),
        "fromType" => a.from.kind.cmp(b.from.kind),
        "amountInFiat" => a.amount_in_fiat.cmp(&b.amount_in_fiat),
        "status" => a.status.cmp(b.status),
        "symbol" => a.symbol.cmp(b.symbol),
        "networkName" => a.network_name.cmp(b.network_name),
        _ => a.created_timestamp.cmp(&b.created_timestamp),
    }
}

async fn transfers(
    State(mesh): State<Arc<Mesh>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let op = mesh.operation("getTransfersInitiatedByMesh");
    if let Some(refused) = mesh.unauthorized(op, &headers) {
        return refused;
    }
    let read = match op.check_parameters(query.as_deref(), &[]) {
        Ok(read) => read,
        Err(violations) => return invalid(op, &violations),
    };
    let text = |name: &str| read.get(name).and_then(Value::as_str).map(str::to_owned);
    let uuid = |name: &str| text(name).and_then(|t| Uuid::parse_str(&t).ok());
    let list = |name: &str| {
        read.get(name).and_then(Value::as_array).map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
    };
    // The schema holds both to whole numbers from 0.
    let whole = |name: &str| read.get(name).and_then(Value::as_u64);
    let count = whole("Count").unwrap_or(10);
    let offset = whole("Offset").unwrap_or(0);
    let mut violations = Vec::new();
    // The exact text of an amount bound: `read` holds it as an `f64`.
    let pairs: Vec<(String, String)> =
        url::form_urlencoded::parse(query.as_deref().unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let mut amount = |name: &str| {
        let (_, raw) = pairs.iter().find(|(n, _)| n == name)?;
        let amount = parse_json_number(raw);
        if amount.is_none() {
            let message = format!("{raw} cannot be represented exactly");
            violations.push(violation(
                In::Query,
                vec![name.to_owned()],
                Detail::Other,
                message,
            ));
        }
        amount
    };
    let (min_amount, max_amount) = (amount("MinAmountInFiat"), amount("MaxAmountInFiat"));
    if !violations.is_empty() {
        return invalid(op, &violations);
    }
    let filter = Filter {
        id: uuid("Id"),
        client_transaction_id: text("ClientTransactionId"),
        user_id: text("UserId"),
        integration_ids: list("IntegrationIds")
            .map(|ids| ids.iter().filter_map(|i| Uuid::parse_str(i).ok()).collect()),
        statuses: list("Statuses"),
        from_timestamp: read.get("FromTimestamp").and_then(Value::as_i64),
        to_timestamp: read.get("ToTimestamp").and_then(Value::as_i64),
        min_amount,
        max_amount,
        hash: text("Hash"),
        sub_client_id: uuid("SubClientId"),
    };
    let order_by = text("OrderBy").unwrap_or_default();
    let descending = read.get("DescendingOrder").and_then(Value::as_bool) == Some(true);

    let ledger = mesh.ledger.lock();
    let mut chosen: Vec<&Transfer> = ledger
        .transfers
        .iter()
        .filter(|t| filter.keeps(t))
        .collect();
    chosen.sort_by(|a, b| compare(&order_by, a, b));
    if descending {
        chosen.reverse();
    }
    let total = chosen.len();
    let skip = usize::try_from(offset).unwrap_or(usize::MAX);
    let take = usize::try_from(count).unwrap_or(usize::MAX);
    let items: Vec<&Transfer> = chosen.into_iter().skip(skip).take(take).collect();
    ok(op, "getTransfersInitiatedByMesh", Page { items, total })
}

/// `TransferModelPaginationResponse`: one page of transfers and how many match in all.
#[derive(Serialize)]
struct Page<'a> {
    items: Vec<&'a Transfer>,
    total: usize,
}

impl PayerPage for Mesh {
    const PROVIDER: Provider = Provider::Mesh;
    type Links = Ledger;

    fn context(&self) -> &Context {
        &self.context
    }

    fn links(&self) -> &Store<Ledger> {
        &self.ledger
    }

    /// The link's amount, and `created` until a transfer is made, then the latest transfer's
    /// status.
    fn shown(&self, ledger: &Ledger, id: &str) -> Option<Shown> {
        ledger.links.get(id).map(|link| Shown {
            amount: link
                .amount_in_fiat
                .map(|a| a.to_string())
                .unwrap_or_default(),
            currency: USD.to_owned(),
            status: ledger
                .transfers
                .iter()
                .rev()
                .find(|t| t.link == link.id)
                .map_or("created", |t| t.status)
                .to_owned(),
        })
    }

    /// Simulates the payer paying link `id` on the hosted page, and sends the transfer webhook
    /// when a transfer is made or changes status.
    fn pay(
        &self,
        ledger: &mut Ledger,
        id: &str,
        payment: Payment,
        query: Option<&str>,
    ) -> Result<Vec<Outgoing>, (StatusCode, String)> {
        let latest = |ledger: &Ledger| {
            ledger
                .transfers
                .iter()
                .rev()
                .find(|t| t.link == id)
                .map(|t| (t.id, t.status))
        };
        let before = latest(ledger);
        if let Some(refused) = self.transfer(ledger, id, payment, query) {
            return Err(refused);
        }
        let after = latest(ledger);
        let secret = self.context.credentials.mesh_webhook_secret.expose_secret();
        Ok(ledger
            .transfers
            .iter()
            .rev()
            .find(|t| t.link == id)
            .filter(|_| after != before)
            .map(|transfer| transfer_event(transfer, secret))
            .into_iter()
            .collect())
    }
}

/// The transfer webhook for `transfer`'s current status: Mesh's flat PascalCase event, with
/// `EventId` fixed across attempts, a new `Id` and `SentTimestamp` per attempt, and
/// `X-Mesh-Signature-256` the Base64 HMAC-SHA256 of the body keyed with the secret.
fn transfer_event(transfer: &Transfer, secret: &str) -> Outgoing {
    let key = paylinks_core::webhook::HmacKey::new(secret.as_bytes());
    let event_id = Uuid::new_v4().to_string();
    let fields = json!({
        "EventId": event_id,
        "TransferId": transfer.id,
        "Timestamp": transfer.executed_timestamp.unwrap_or(transfer.created_timestamp) * 1000,
        "TransferStatus": transfer.status,
        "TransactionId": transfer.client_transaction_id,
        "TxHash": transfer.hash,
        "UserId": transfer.user_id,
        "Token": transfer.symbol,
        "Chain": transfer.network_name,
        "SourceAmount": transfer.source_amount,
        "DestinationAmount": transfer.destination_amount,
        "DestinationAddress": transfer.destination_address,
    });
    Outgoing {
        event_id,
        link_id: transfer.client_transaction_id.clone(),
        sign: Box::new(move |now| {
            let mut body = fields.clone();
            body["Id"] = json!(Uuid::new_v4());
            body["SentTimestamp"] = json!(now.unix_timestamp());
            let body = body.to_string().into_bytes();
            let tag = key.sign(&[&body]);
            Signed {
                headers: vec![
                    (
                        "x-mesh-signature-256",
                        base64::engine::general_purpose::STANDARD.encode(tag),
                    ),
                    ("content-type", "application/json".to_owned()),
                ],
                body,
            }
        }),
    }
}

impl Mesh {
    /// Makes or settles link `id`'s transfer.
    ///
    /// Query parameters, all optional: `symbol` and `networkId` pick the destination (the
    /// first matching one; the first of all by default) and `status` the transfer's outcome:
    /// `succeeded`, `pending` or `failed` (by default `succeeded` to pay, `failed` to fail).
    /// A link whose transfer is pending has that transfer settled with the new status
    /// instead; a link whose transfer succeeded takes nothing more.
    fn transfer(
        &self,
        ledger: &mut Ledger,
        id: &str,
        payment: Payment,
        query: Option<&str>,
    ) -> Option<(StatusCode, String)> {
        let pairs: Vec<(String, String)> =
            url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
                .into_owned()
                .collect();
        let param = |name: &str| {
            pairs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let paid = if payment == Payment::Fail {
            "failed"
        } else {
            "succeeded"
        };
        let status = match param("status").unwrap_or(paid) {
            "succeeded" => "succeeded",
            "pending" => "pending",
            "failed" => "failed",
            other => {
                return Some((
                    StatusCode::BAD_REQUEST,
                    format!("status {other:?} is not succeeded, pending or failed\n"),
                ));
            }
        };
        let now = self.context.clock.now().unix_timestamp();
        let Ledger { links, transfers } = ledger;
        // No such link: the page says so.
        let link = links.get(id)?;
        if let Some(open) = transfers
            .iter_mut()
            .find(|t| t.link == id && t.status != "failed")
        {
            if open.status == "pending" && status != "pending" {
                open.status = status;
                open.executed_timestamp = Some(now);
            }
            return None;
        }
        let Some(to) = link.destinations.iter().find(|d| {
            param("symbol").is_none_or(|s| s == d.token.symbol)
                && param("networkId").is_none_or(|n| n == d.network.id.to_string())
        }) else {
            return Some((
                StatusCode::BAD_REQUEST,
                "the link has no destination (with that symbol and networkId)\n".to_owned(),
            ));
        };
        let stable = to.token.price == Decimal::ONE;
        let (fiat, amount) = match (link.amount_in_fiat, to.amount) {
            (Some(fiat), Some(amount)) => (Some(fiat), Some(amount)),
            (Some(fiat), None) if stable => (Some(fiat), Some(fiat)),
            (Some(fiat), None) => (
                Some(fiat),
                fiat.checked_div(to.token.price)
                    .map(|a| a.round_dp(to.token.decimals).normalize()),
            ),
            (None, Some(amount)) => (amount.checked_mul(to.token.price), Some(amount)),
            (None, None) => (None, None),
        };
        let (Some(fiat), Some(amount)) = (fiat, amount) else {
            return Some((
                StatusCode::CONFLICT,
                "the link has no amount the simulated payer can pay (no amountInFiat, no \
                 destination amount, or one too large to convert)\n"
                    .to_owned(),
            ));
        };
        let transfer = Transfer {
            link: id.to_owned(),
            id: Uuid::new_v4(),
            client_transaction_id: link.transaction_id.clone(),
            user_id: link.user_id.clone(),
            status,
            amount_in_fiat: fiat,
            amount_to_receive_in_fiat: fiat,
            amount_in_fiat_currency_code: USD,
            amount,
            amount_to_receive: amount,
            symbol: to.token.symbol,
            network_name: to.network.name,
            network_id: to.network.id,
            created_timestamp: now,
            from: Source {
                id: INTEGRATION_ID,
                kind: "sandbox",
                name: "Sandbox",
            },
            hash: format!("0x{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple()),
            sub_client_id: link.sub_client_id,
            executed_timestamp: (status != "pending").then_some(now),
            transfer_type: link.transfer_type.clone(),
            is_fee_included: link.fee_included,
            source_amount: amount,
            destination_amount: amount,
            destination_amount_in_fiat: fiat,
            total_fees_amount_in_fiat: Decimal::ZERO,
            total_transaction_amount_in_fiat: fiat,
            funding_methods: [Funding {
                kind: "existingCryptocurrencyBalance",
                amount,
                amount_in_fiat: fiat,
                to_symbol: to.token.symbol,
                from_amount: amount,
                from_symbol: to.token.symbol,
            }],
            destination_address: to.address.clone(),
        };
        transfers.push(transfer);
        None
    }
}
