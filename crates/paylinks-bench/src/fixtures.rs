//! What every scenario sends and the fixed server answers: one create per provider, and each
//! provider's documented create reply, copied from that crate's contract tests
//! (`crates/<provider>-client/tests/contract.rs`).

use std::str::FromStr;

use paylinks_core::NewPaymentLink;
use rust_decimal::Decimal;
use time::OffsetDateTime;
use time::macros::datetime;

pub use paylinks::Provider;

/// What the benchmarks send and are answered for each provider's create.
pub trait Fixture: Copy {
    /// The create call's path.
    fn create_path(self) -> &'static str;

    /// The documented status, media type and body of a successful create.
    fn create_reply(self) -> (u16, &'static str, &'static str);

    /// The create every variant sends, as the core's provider-neutral request.
    fn new_link(self) -> NewPaymentLink;
}

impl Fixture for Provider {
    /// The create call's path.
    fn create_path(self) -> &'static str {
        match self {
            Provider::Payio => "/v1/user/deposit/link_external_wallet",
            Provider::Mesh => "/api/v1/linktoken",
            Provider::Paywint => "/api/user-api/payment/create-payment-link",
            Provider::P100 => "/v1/payment-link",
            Provider::Txn => "/api/public/v1/payment_links",
        }
    }

    /// The documented status, media type and body of a successful create.
    fn create_reply(self) -> (u16, &'static str, &'static str) {
        match self {
            Provider::Payio => (200, JSON, PAYIO_REPLY),
            Provider::Mesh => (200, JSON, MESH_REPLY),
            Provider::Paywint => (200, JSON, PAYWINT_REPLY),
            Provider::P100 => (200, JSON, P100_REPLY),
            Provider::Txn => (201, JSON_API, TXN_REPLY),
        }
    }

    /// The create every variant sends, as the core's provider-neutral request.
    fn new_link(self) -> NewPaymentLink {
        match self {
            Provider::Payio => {
                NewPaymentLink::new(amount(PAYIO_AMOUNT), PAYIO_CURRENCY_ID).customer(PAYIO_USER)
            }
            Provider::Mesh => NewPaymentLink::new(amount(MESH_AMOUNT), "USD")
                .reference(MESH_TRANSACTION)
                .customer(MESH_USER)
                .description(MESH_DESCRIPTION),
            Provider::Paywint => NewPaymentLink::new(amount(PAYWINT_AMOUNT), "USD")
                .reference(PAYWINT_INVOICE)
                .description(PAYWINT_DESCRIPTION),
            Provider::P100 => NewPaymentLink::new(amount(P100_AMOUNT), "EUR")
                .reference(P100_REFERENCE)
                .expires_at(P100_EXPIRES),
            Provider::Txn => NewPaymentLink::new(amount(TXN_AMOUNT), TXN_CURRENCY)
                .reference(TXN_REFERENCE)
                .expires_at(TXN_EXPIRES)
                .success_url(url::Url::parse(TXN_SUCCESS).expect("a URL"))
                .failure_url(url::Url::parse(TXN_FAILURE).expect("a URL")),
        }
    }
}

/// `application/json`.
pub const JSON: &str = "application/json";
/// Txn's JSON:API media type.
pub const JSON_API: &str = "application/vnd.api+json";

/// A decimal from its exact text.
pub fn amount(text: &str) -> Decimal {
    Decimal::from_str(text).expect("a decimal")
}

/// Pay.io's amount.
pub const PAYIO_AMOUNT: &str = "25.50";
/// Pay.io's USDC currency id (a UUID, so the client needs no currency lookup first).
pub const PAYIO_CURRENCY_ID: &str = "c872e749-fd56-533e-b01f-de87ae38e7f1";
/// Pay.io's user reference.
pub const PAYIO_USER: &str = "user-1001";
/// Pay.io's documented create reply (payio-client's contract test `LINK_URL`).
pub const PAYIO_REPLY: &str =
    r#"{"link":"https://pay.example/deposit/7f3c2a10-5d44-4b1e-9a6f-0e2b8c9d1a77"}"#;

/// Mesh's amount in US dollars.
pub const MESH_AMOUNT: &str = "10.50";
/// Mesh's transaction id (the link's reference).
pub const MESH_TRANSACTION: &str = "order-1001";
/// Mesh's user id.
pub const MESH_USER: &str = "UserId";
/// Mesh's description.
pub const MESH_DESCRIPTION: &str = "Order 1001";
/// The network Mesh's destination is on (Ethereum in Mesh's docs).
pub const MESH_NETWORK: &str = "e3c7fdd8-b1fc-4e51-85ae-bb276e075611";
/// Mesh's destination asset.
pub const MESH_SYMBOL: &str = "USDC";
/// Mesh's destination address.
pub const MESH_ADDRESS: &str = "0x00000000000000000000000";
/// Mesh's documented 200 reply with a Paylink under `content` (mesh-client's contract test).
pub const MESH_REPLY: &str = r#"{"content": {"linkToken": "aHR0cHM6Ly93ZWIubWVzaGNvbm5lY3QuY29tL2IyYi1pZnJhbWUve2NsaWVudElkfS9icm9rZXItY29ubmVjdD9hdXRoX2NvZGU9e2F1dGhDb2RlfQ==", "paymentLink": "https://paylink.meshconnect.com?linkToken=aHR0cHM6Ly93ZWIubWVzaGNvbm5lY3QuY29tL2IyYi1pZnJhbWUve2NsaWVudElkfS9icm9rZXItY29ubmVjdD9hdXRoX2NvZGU9e2F1dGhDb2RlfQ=="}, "status": "ok", "message": "", "errorHash": "8d443794f77e0525b39e9899429381870f0daefe", "errorType": ""}"#;

/// Paywint's amount.
pub const PAYWINT_AMOUNT: &str = "150.75";
/// Paywint's invoice number.
pub const PAYWINT_INVOICE: &str = "INV-2025-0012";
/// Paywint's description.
pub const PAYWINT_DESCRIPTION: &str = "Payment for June invoice";
/// Paywint's documented create reply (paywint-client's contract test `CREATED`).
pub const PAYWINT_REPLY: &str = r#"{"success":true,"message":"Operation completed.","data":{"payment_id":"d4211545-cfc9-4aa0-8fcc-e4c2639e8052","payment_link":"https://pay.example.test/made-up/d4211545-cfc9-4aa0-8fcc-e4c2639e8052"},"queryGeneratedTime":1718006400}"#;

/// P100's amount (euros).
pub const P100_AMOUNT: &str = "123.45";
/// P100's reference.
pub const P100_REFERENCE: &str = "example_ref_123";
/// P100's expiry.
pub const P100_EXPIRES: OffsetDateTime = datetime!(2030-08-31 21:21:35.840 UTC);
/// P100's documented create reply (p100-client's contract test `SEED_RESPONSE`, expiry moved
/// to the request's).
pub const P100_REPLY: &str = r#"{
    "paymentLinkId": "663318af-7ea1-4c5a-8545-e433a2d43d5c",
    "url": "https://p100-payment-link.io/123456789",
    "amount": "123.45",
    "expiresAt": "2030-08-31T21:21:35.840Z"
}"#;

/// Txn's amount.
pub const TXN_AMOUNT: &str = "100.00";
/// Txn's currency.
pub const TXN_CURRENCY: &str = "EUR";
/// Txn's reference.
pub const TXN_REFERENCE: &str = "8c40d8b6-ccdf-4861-a6d6-6c3125ce3f31";
/// Txn's expiry.
pub const TXN_EXPIRES: OffsetDateTime = datetime!(2030-06-01 23:00:00 UTC);
/// Txn's success redirect.
pub const TXN_SUCCESS: &str = "https://example.com/success";
/// Txn's failure redirect.
pub const TXN_FAILURE: &str = "https://example.com/fail";
/// Txn's documented HTTP 201 reply (txn-client's contract test `SEED_201`, verbatim).
pub const TXN_REPLY: &str = r#"{
  "data": {
    "id": "46df1a5c-a478-427f-a988-a2dacb235d6b",
    "type": "paymentLinks",
    "attributes": {
      "amount": "100.00",
      "currency": "EUR",
      "accountCurrency": "EUR",
      "network": null,
      "networkName": null,
      "reference": "8c40d8b6-ccdf-4861-a6d6-6c3125ce3f31",
      "hostedPageUrl": "https://sandbox.txn.io/redirect?payment_link_id=46df1a5c-a478-427f-a988-a2dacb235d6b&request_type=payment_link_hosted_page&zone=eu",
      "status": "created",
      "approvalStatus": null,
      "expiresAt": "2026-06-01T23:00:00.000Z",
      "createdAt": "2026-05-17T10:07:24.199Z",
      "paymentType": "Invoice",
      "successRedirectUrl": "https://example.com/success",
      "unsuccessRedirectUrl": "https://example.com/fail",
      "paymentMethods": [
        "on_chain"
      ]
    },
    "relationships": {
      "target": {
        "data": null
      }
    }
  },
  "meta": {},
  "jsonapi": {
    "version": "1.0"
  }
}"#;
