//! The entry points that take bytes from outside, for all five providers, as the property tests
//! (`properties.rs`) and the fuzz targets (`fuzz/`) drive them.
//!
//! - [`REPLIES`]: what a client does with a reply to each documented operation: the provider's
//!   refusal check (its `Connector`), then the decoding of the documented success body, then
//!   the mapping to core's `PaymentLink` where the crate exposes one. Each comes with its
//!   documented replies, shared with the provider crate's contract tests.
//! - [`WEBHOOKS`]: each provider's webhook check and the conversion to core's `PaymentEvent`,
//!   with its documented example event and a way to sign a body as the provider would.

use std::sync::LazyLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use http::HeaderValue;
use mesh_client::generated::operations as mesh_ops;
use p100_client::generated::operations as p100_ops;
use payio_client::generated::operations as payio_ops;
use paylinks_core::webhook::{HeaderMap, HmacKey};
use paylinks_core::{
    Connector, Error, ErrorKind, Operation, PaymentEvent, PaymentLink, Response, SecretString,
    WebhookError,
};
use paywint_client::generated::operations as paywint_ops;
use txn_client::generated::operations as txn_ops;

/// One documented operation's reply handling, with its documented replies.
pub struct ReplyPoint {
    /// The provider, as its crate names it.
    pub provider: &'static str,
    /// The operation.
    pub operation: &'static str,
    /// The documented success reply's status.
    pub status: u16,
    /// The documented success reply's body.
    pub success: fn() -> String,
    /// Documented refusals: status, body and the kind of error each must give.
    pub refusals: &'static [(u16, &'static str, ErrorKind)],
    /// What the client does with a reply: for a success it can use, the links it maps to
    /// (none for an operation whose reply is not a link).
    pub read: fn(&Response) -> Result<Vec<PaymentLink>, Error>,
}

impl ReplyPoint {
    /// `provider/operation`, for messages.
    pub fn name(&self) -> String {
        format!("{}/{}", self.provider, self.operation)
    }
}

/// The refusal `connector` sees in `response`, or else its body decoded as `O`'s documented
/// success: what [`paylinks_core::Executor::send`] does once a reply is in.
fn reply<O: Operation>(
    connector: &impl Connector,
    response: &Response,
) -> Result<O::Response, Error> {
    response.read(|reply| connector.refusal(reply))
}

/// [`reply`] for Pay.io, whose connector holds a parsed private key and is not public.
fn payio<O: Operation>(response: &Response) -> Result<O::Response, Error> {
    response.read(payio_client::error::refusal)
}

fn mesh() -> mesh_client::Credentials {
    mesh_client::Credentials::new("client-id", "client-secret")
}

fn paywint() -> paywint_client::Credentials {
    paywint_client::Credentials::new("api-key", "api-secret")
}

fn p100() -> p100_client::Credentials {
    p100_client::Credentials::new("api-key")
}

fn txn() -> txn_client::Credentials {
    txn_client::Credentials::new("txn_cmp_key")
}

/// A Txn link document as the client maps it: a negative amount is refused, then the link.
fn txn_document(
    response: &Response,
    document: &txn_client::generated::PaymentLinkDocument,
) -> Result<Vec<PaymentLink>, Error> {
    PaymentLink::check_amount(response, document.data.attributes.amount)?;
    Ok(vec![PaymentLink::from(document)])
}

/// Paywint's envelope around one payment.
pub fn paywint_payment_reply() -> String {
    format!(
        r#"{{"success":true,"message":"Operation completed.","data":{PAYWINT_PAYMENT},"queryGeneratedTime":1718006400}}"#
    )
}

/// Paywint's envelope around a page of payments.
pub fn paywint_list_reply() -> String {
    format!(
        r#"{{"success":true,"status_code":200,"message":"Success","records":[{PAYWINT_PAYMENT}],"totalRecords":123,"queryGeneratedTime":1718006400}}"#
    )
}

const PAYWINT_PAYMENT: &str = include_str!("../crates/paywint-client/tests/fixtures/payment.json");

/// Every documented operation of the five providers.
pub static REPLIES: &[ReplyPoint] = &[
    // Pay.io: every refusal is a non-2xx; the 422 is documented.
    ReplyPoint {
        provider: "payio",
        operation: "currencies",
        status: 200,
        success: || {
            include_str!("../crates/payio-client/tests/fixtures/reply_currencies_200.json")
                .to_owned()
        },
        refusals: PAYIO_REFUSALS,
        read: |r| payio::<payio_ops::Currencies>(r).map(|_| Vec::new()),
    },
    ReplyPoint {
        provider: "payio",
        operation: "deposit_address",
        status: 200,
        success: || {
            include_str!("../crates/payio-client/tests/fixtures/reply_deposit_address_200.json")
                .to_owned()
        },
        refusals: PAYIO_REFUSALS,
        read: |r| payio::<payio_ops::DepositAddress<'static>>(r).map(|_| Vec::new()),
    },
    ReplyPoint {
        provider: "payio",
        operation: "deposit_link",
        status: 200,
        success: || {
            include_str!("../crates/payio-client/tests/fixtures/reply_deposit_link_200.json")
                .to_owned()
        },
        refusals: PAYIO_REFUSALS,
        read: |r| payio::<payio_ops::DepositLink<'static>>(r).map(|_| Vec::new()),
    },
    ReplyPoint {
        provider: "payio",
        operation: "user_transactions",
        status: 200,
        success: || {
            include_str!("../crates/payio-client/tests/fixtures/reply_transactions_200.json")
                .to_owned()
        },
        refusals: PAYIO_REFUSALS,
        read: |r| payio::<payio_ops::UserTransactions<'static>>(r).map(|_| Vec::new()),
    },
    // Mesh: the envelope, on refusals and successes alike.
    ReplyPoint {
        provider: "mesh",
        operation: "create_link_token",
        status: 200,
        success: || {
            include_str!("../crates/mesh-client/tests/fixtures/reply_linktoken_200.json").to_owned()
        },
        refusals: MESH_REFUSALS,
        read: |r| reply::<mesh_ops::CreateLinkToken<'static>>(&mesh(), r).map(|_| Vec::new()),
    },
    ReplyPoint {
        provider: "mesh",
        operation: "transfers",
        status: 200,
        success: || {
            include_str!("../crates/mesh-client/tests/fixtures/reply_transfers_200.json").to_owned()
        },
        refusals: MESH_REFUSALS,
        read: |r| reply::<mesh_ops::Transfers<'static>>(&mesh(), r).map(|_| Vec::new()),
    },
    ReplyPoint {
        provider: "mesh",
        operation: "networks",
        status: 200,
        success: || {
            include_str!("../crates/mesh-client/tests/fixtures/reply_networks_200.json").to_owned()
        },
        refusals: MESH_REFUSALS,
        read: |r| reply::<mesh_ops::Networks>(&mesh(), r).map(|_| Vec::new()),
    },
    // Paywint: FastAPI's 422; a payment maps to a link.
    ReplyPoint {
        provider: "paywint",
        operation: "create_payment_link",
        status: 200,
        success: || {
            include_str!("../crates/paywint-client/tests/fixtures/reply_create_200.json").to_owned()
        },
        refusals: PAYWINT_REFUSALS,
        read: |r| {
            reply::<paywint_ops::CreatePaymentLink<'static>>(&paywint(), r).map(|_| Vec::new())
        },
    },
    ReplyPoint {
        provider: "paywint",
        operation: "get_payment",
        status: 200,
        success: paywint_payment_reply,
        refusals: PAYWINT_REFUSALS,
        read: |r| {
            let read = reply::<paywint_ops::GetPayment<'static>>(&paywint(), r)?;
            let Some(payment) = &read.data else {
                return Ok(Vec::new());
            };
            PaymentLink::check_amount(r, payment.amount)?;
            Ok(vec![PaymentLink::from(payment)])
        },
    },
    ReplyPoint {
        provider: "paywint",
        operation: "list_payments_received",
        status: 200,
        success: paywint_list_reply,
        refusals: PAYWINT_REFUSALS,
        read: |r| {
            let page = reply::<paywint_ops::ListPaymentsReceived<'static>>(&paywint(), r)?;
            Ok(page
                .records
                .iter()
                .flatten()
                .map(PaymentLink::from)
                .collect())
        },
    },
    // P100: a details reply without an amount is no link.
    ReplyPoint {
        provider: "p100",
        operation: "create_payment_link",
        status: 200,
        success: || {
            include_str!("../crates/p100-client/tests/fixtures/reply_create_200.json").to_owned()
        },
        refusals: P100_REFUSALS,
        read: |r| {
            let created = reply::<p100_ops::CreatePaymentLink<'static>>(&p100(), r)?;
            created
                .amount
                .map_or(Ok(()), |amount| PaymentLink::check_amount(r, amount))?;
            Ok(Vec::new())
        },
    },
    ReplyPoint {
        provider: "p100",
        operation: "get_payment_link",
        status: 200,
        success: || {
            include_str!("../crates/p100-client/tests/fixtures/reply_details_200.json").to_owned()
        },
        refusals: P100_REFUSALS,
        read: |r| {
            let details = reply::<p100_ops::GetPaymentLink<'static>>(&p100(), r)?;
            let link = PaymentLink::try_from(&details)?;
            PaymentLink::check_amount(r, link.amount)?;
            Ok(vec![link])
        },
    },
    // Txn: JSON:API documents, errors documents even on a 2xx.
    ReplyPoint {
        provider: "txn",
        operation: "create_payment_link",
        status: 201,
        success: || {
            include_str!("../crates/txn-client/tests/fixtures/reply_create_201.json").to_owned()
        },
        refusals: TXN_REFUSALS,
        read: |r| txn_document(r, &reply::<txn_ops::CreatePaymentLink<'static>>(&txn(), r)?),
    },
    ReplyPoint {
        provider: "txn",
        operation: "get_payment_link",
        status: 200,
        success: || {
            include_str!("../crates/txn-client/tests/fixtures/reply_create_201.json").to_owned()
        },
        refusals: TXN_REFUSALS,
        read: |r| txn_document(r, &reply::<txn_ops::GetPaymentLink<'static>>(&txn(), r)?),
    },
    ReplyPoint {
        provider: "txn",
        operation: "expire_payment_link",
        status: 200,
        success: || {
            include_str!("../crates/txn-client/tests/fixtures/reply_create_201.json").to_owned()
        },
        refusals: TXN_REFUSALS,
        read: |r| txn_document(r, &reply::<txn_ops::ExpirePaymentLink<'static>>(&txn(), r)?),
    },
    ReplyPoint {
        provider: "txn",
        operation: "list_payment_links",
        status: 200,
        success: || {
            include_str!("../crates/txn-client/tests/fixtures/reply_list_200.json").to_owned()
        },
        refusals: TXN_REFUSALS,
        read: |r| {
            let page = reply::<txn_ops::ListPaymentLinks<'static>>(&txn(), r)?;
            Ok(page.data.iter().map(PaymentLink::from).collect())
        },
    },
];

const PAYIO_REFUSALS: &[(u16, &str, ErrorKind)] = &[(
    422,
    include_str!("../crates/payio-client/tests/fixtures/reply_validation_422.json"),
    ErrorKind::Validation,
)];

const MESH_REFUSALS: &[(u16, &str, ErrorKind)] = &[
    (
        400,
        include_str!("../crates/mesh-client/tests/fixtures/reply_error_400.json"),
        ErrorKind::Validation,
    ),
    (
        404,
        include_str!("../crates/mesh-client/tests/fixtures/reply_error_404.json"),
        ErrorKind::NotFound,
    ),
];

const PAYWINT_REFUSALS: &[(u16, &str, ErrorKind)] = &[(
    422,
    include_str!("../crates/paywint-client/tests/fixtures/reply_validation_422.json"),
    ErrorKind::Validation,
)];

const P100_REFUSALS: &[(u16, &str, ErrorKind)] = &[
    (
        400,
        include_str!("../crates/p100-client/tests/fixtures/reply_error_400.json"),
        ErrorKind::Validation,
    ),
    (
        401,
        include_str!("../crates/p100-client/tests/fixtures/reply_denied_401.json"),
        ErrorKind::Auth,
    ),
];

const TXN_REFUSALS: &[(u16, &str, ErrorKind)] = &[
    (
        422,
        include_str!("../crates/txn-client/tests/fixtures/reply_duplicate_422.json"),
        ErrorKind::Duplicate,
    ),
    (
        422,
        include_str!("../crates/txn-client/tests/fixtures/reply_pay_currency_422.json"),
        ErrorKind::Validation,
    ),
    (
        401,
        include_str!("../crates/txn-client/tests/fixtures/reply_unauthorized_401.json"),
        ErrorKind::Auth,
    ),
];

/// The kinds a refusal (a reply the provider's connector refuses) may have.
pub const REFUSAL_KINDS: &[ErrorKind] = &[
    ErrorKind::Auth,
    ErrorKind::Validation,
    ErrorKind::Duplicate,
    ErrorKind::NotFound,
    ErrorKind::RateLimited,
    ErrorKind::Rejected,
    ErrorKind::Unavailable,
];

/// The kinds a 2xx reply may be refused with: a body that says the request failed (Mesh's
/// envelope, Paywint's `success: false`, a Txn errors document), a body that is not the
/// documented one, a link no one can have.
pub const SUCCESS_STATUS_KINDS: &[ErrorKind] = &[
    ErrorKind::Auth,
    ErrorKind::Validation,
    ErrorKind::Duplicate,
    ErrorKind::Rejected,
    ErrorKind::Decode,
    ErrorKind::Mismatch,
];

/// Checks what [`ReplyPoint::read`] made of a reply with `status` and `body`: a refusal for
/// every status that is not 2xx (5xx always unavailable) carrying the status and body as
/// received; for a 2xx, a success or one of [`SUCCESS_STATUS_KINDS`]. Returns what is wrong.
pub fn check_reply(
    point: &ReplyPoint,
    status: u16,
    body: &[u8],
    outcome: &Result<Vec<PaymentLink>, Error>,
) -> Result<(), String> {
    let error = match outcome {
        Ok(_) if !(200..300).contains(&status) => {
            return Err(format!("HTTP {status} was taken for a success"));
        }
        Ok(links) => {
            return match links.iter().find(|l| l.provider != point.provider) {
                Some(link) => Err(format!("a link of {}", link.provider)),
                None => Ok(()),
            };
        }
        Err(error) => error,
    };
    let kind = error.kind();
    let allowed = if (200..300).contains(&status) {
        SUCCESS_STATUS_KINDS
    } else {
        REFUSAL_KINDS
    };
    if !allowed.contains(&kind) {
        return Err(format!("HTTP {status} gave a {kind} error: {error}"));
    }
    if (500..600).contains(&status) && kind != ErrorKind::Unavailable {
        return Err(format!("HTTP {status} gave {kind}, not unavailable"));
    }
    if let Some(detail) = error.provider_error()
        && (detail.provider != point.provider || detail.status != status || detail.body != body)
    {
        return Err(format!(
            "the refusal does not carry the reply as received: {}/{} and {} body bytes",
            detail.provider,
            detail.status,
            detail.body.len()
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Webhooks.

/// One provider's webhook check, with its documented example event.
pub struct WebhookPoint {
    /// The provider.
    pub provider: &'static str,
    /// The documented example event, exactly as delivered.
    pub example: &'static str,
    /// Checks a delivery and converts it to core's event; `Ok` for an accepted one, with the
    /// event (`None` for Paywint, whose event becomes one only once confirmed through its API).
    pub verify: fn(&HeaderMap, &[u8]) -> Result<Option<PaymentEvent>, WebhookError>,
    /// The headers the provider would send with `body`; `None` for a provider that signs
    /// nothing (Paywint).
    pub sign: Option<fn(&[u8]) -> HeaderMap>,
    /// The header that authenticates a delivery, when there is one.
    pub signature_header: Option<&'static str>,
    /// The names of every header the check reads.
    pub headers: &'static [&'static str],
}

const MESH_SECRET: &str = "mesh_test_webhook_secret_not_real";
const P100_TOKEN: &str = "p100_whtoken_test_NOT_REAL_7Hq2xVb9";
const TXN_SECRET: &str = "whsec_dHhuLXRlc3Qtc2lnbmluZy1zZWNyZXQtbm90LXJlYWw=";
const TXN_MESSAGE_ID: &str = "msg_2rYpQZ5xW3nB8kLm4TfVh1cJd7o";
/// The time every signed delivery is sent and checked at.
const SENT_AT: i64 = 1_738_081_616;

fn sent_at() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(SENT_AT.unsigned_abs())
}

fn header_map(pairs: &[(&'static str, String)]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in pairs {
        let value = HeaderValue::from_str(value).expect("a signature is a valid header value");
        headers.insert(*name, value);
    }
    headers
}

static PAYIO_VERIFIER: LazyLock<payio_client::webhook::Verifier> = LazyLock::new(|| {
    payio_client::webhook::Verifier::new(include_str!(
        "../crates/payio-client/tests/fixtures/test_public_key.pem"
    ))
    .expect("the test public key")
});

static PAYIO_SIGNER: LazyLock<RsaKeyPair> = LazyLock::new(|| {
    let pem = include_str!("../crates/payio-client/tests/fixtures/test_key_pkcs8.pem");
    let der = paylinks_core::pem::decode(pem)
        .expect("the test private key")
        .der;
    RsaKeyPair::from_pkcs8(&der).expect("the test private key")
});

static MESH_VERIFIER: LazyLock<mesh_client::webhook::Verifier> = LazyLock::new(|| {
    mesh_client::webhook::Verifier::new(SecretString::from(MESH_SECRET)).expect("a secret")
});

static P100_VERIFIER: LazyLock<p100_client::webhook::Verifier> = LazyLock::new(|| {
    p100_client::webhook::Verifier::new(SecretString::from(P100_TOKEN)).expect("a token")
});

static TXN_VERIFIER: LazyLock<txn_client::webhook::Verifier> = LazyLock::new(|| {
    txn_client::webhook::Verifier::new(SecretString::from(TXN_SECRET)).expect("a secret")
});

/// Every provider's webhook check.
pub static WEBHOOKS: &[WebhookPoint] = &[
    WebhookPoint {
        provider: "payio",
        example: include_str!("../crates/payio-client/tests/fixtures/webhook_deposit.json"),
        verify: |headers, body| {
            let event = PAYIO_VERIFIER.verify_at(headers, body, sent_at())?;
            Ok(Some(PaymentEvent::from(event)))
        },
        sign: Some(|body| {
            use payio_client::webhook::{
                ALGORITHM, ALGORITHM_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER,
            };
            let mut message = body.to_vec();
            message.extend_from_slice(SENT_AT.to_string().as_bytes());
            let mut signature = vec![0; PAYIO_SIGNER.public_modulus_len()];
            PAYIO_SIGNER
                .sign(
                    &RSA_PKCS1_SHA256,
                    &SystemRandom::new(),
                    &message,
                    &mut signature,
                )
                .expect("RSA signing");
            header_map(&[
                (SIGNATURE_HEADER, STANDARD.encode(signature)),
                (TIMESTAMP_HEADER, SENT_AT.to_string()),
                (ALGORITHM_HEADER, ALGORITHM.to_owned()),
            ])
        }),
        signature_header: Some(payio_client::webhook::SIGNATURE_HEADER),
        headers: &[
            payio_client::webhook::SIGNATURE_HEADER,
            payio_client::webhook::TIMESTAMP_HEADER,
            payio_client::webhook::ALGORITHM_HEADER,
        ],
    },
    WebhookPoint {
        provider: "mesh",
        example: include_str!(
            "../crates/mesh-client/tests/fixtures/webhook_transfer_succeeded.json"
        ),
        verify: |headers, body| {
            let event = MESH_VERIFIER.verify(headers, body)?;
            Ok(Some(PaymentEvent::from(event)))
        },
        sign: Some(|body| {
            let tag = HmacKey::new(MESH_SECRET.as_bytes()).sign(&[body]);
            header_map(&[(mesh_client::webhook::SIGNATURE_HEADER, STANDARD.encode(tag))])
        }),
        signature_header: Some(mesh_client::webhook::SIGNATURE_HEADER),
        headers: &[mesh_client::webhook::SIGNATURE_HEADER],
    },
    WebhookPoint {
        provider: "paywint",
        example: include_str!("../crates/paywint-client/tests/fixtures/webhook_success.json"),
        verify: |_, body| paywint_client::webhook::parse_unverified(body).map(|_| None),
        sign: None,
        signature_header: None,
        headers: &[],
    },
    WebhookPoint {
        provider: "p100",
        example: include_str!("../crates/p100-client/tests/fixtures/webhook_payment_link.json"),
        verify: |headers, body| {
            let event = P100_VERIFIER.verify(headers, body)?;
            Ok(Some(PaymentEvent::from(event)))
        },
        sign: Some(|_| {
            header_map(&[(
                p100_client::webhook::AUTHORIZATION_HEADER,
                format!("Bearer {P100_TOKEN}"),
            )])
        }),
        signature_header: Some(p100_client::webhook::AUTHORIZATION_HEADER),
        headers: &[p100_client::webhook::AUTHORIZATION_HEADER],
    },
    WebhookPoint {
        provider: "txn",
        example: include_str!("../crates/txn-client/tests/fixtures/webhook_invoice.json"),
        verify: |headers, body| {
            let event = TXN_VERIFIER.verify_at(headers, body, sent_at())?;
            Ok(Some(PaymentEvent::from(event)))
        },
        sign: Some(|body| {
            use txn_client::webhook::{ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER};
            header_map(&[
                (ID_HEADER, TXN_MESSAGE_ID.to_owned()),
                (TIMESTAMP_HEADER, SENT_AT.to_string()),
                (
                    SIGNATURE_HEADER,
                    TXN_VERIFIER.sign(TXN_MESSAGE_ID, SENT_AT, body),
                ),
            ])
        }),
        signature_header: Some(txn_client::webhook::SIGNATURE_HEADER),
        headers: &[
            txn_client::webhook::ID_HEADER,
            txn_client::webhook::TIMESTAMP_HEADER,
            txn_client::webhook::SIGNATURE_HEADER,
            txn_client::webhook::STANDARD_ID_HEADER,
            txn_client::webhook::STANDARD_TIMESTAMP_HEADER,
            txn_client::webhook::STANDARD_SIGNATURE_HEADER,
        ],
    },
];

/// Whether `error` is one a delivery can be refused with: any [`WebhookError`] but the two that
/// are the receiver's own fault (a bad secret, a failed confirmation call).
pub fn is_delivery_error(error: &WebhookError) -> bool {
    !matches!(
        error,
        WebhookError::InvalidSecret { .. } | WebhookError::Unconfirmed(_)
    )
}
