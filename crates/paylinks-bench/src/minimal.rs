//! Minimal hand-written wire types: what a developer writing one provider's create by hand
//! with serde would declare. The requests serialise to the same bytes as the generated types
//! (checked by the tests and before every run); the replies hold only the fields a create
//! needs to return its link (id, URL, amount and what the client checks), with the types the
//! generated code gives them where the value is parsed (`Decimal`, `OffsetDateTime`).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use time::OffsetDateTime;

use crate::fixtures::*;

/// A decimal as a bare JSON number with its exact digits (`10.50`), as Mesh and Paywint take it.
pub fn number(amount: Decimal) -> Box<RawValue> {
    RawValue::from_string(amount.to_string()).expect("a decimal is a JSON number")
}

/// Pay.io's deposit-link request.
#[derive(Debug, Serialize)]
pub struct PayioCreate<'a> {
    /// Decimal string.
    pub amount: Decimal,
    /// Currency id.
    pub currency_id: &'a str,
    /// The merchant's user id.
    pub user_reference_id: &'a str,
}

/// Pay.io's reply.
#[derive(Debug, Deserialize)]
pub struct PayioReply {
    /// The deposit link.
    pub link: String,
}

/// Mesh's link-token request.
#[derive(Debug, Serialize)]
pub struct MeshCreate<'a> {
    /// The end user.
    #[serde(rename = "userId")]
    pub user_id: &'a str,
    /// What to pay.
    #[serde(rename = "transferOptions")]
    pub transfer_options: MeshTransfer<'a>,
}

/// Mesh's transfer options.
#[derive(Debug, Serialize)]
pub struct MeshTransfer<'a> {
    /// Where to pay.
    #[serde(rename = "toAddresses")]
    pub to_addresses: [MeshTo<'a>; 1],
    /// US dollars, a JSON number.
    #[serde(rename = "amountInFiat")]
    pub amount_in_fiat: Box<RawValue>,
    /// Our reference.
    #[serde(rename = "transactionId")]
    pub transaction_id: &'a str,
    /// `payment`.
    #[serde(rename = "transferType")]
    pub transfer_type: &'a str,
    /// Free text.
    pub description: &'a str,
    /// Ask for a Paylink.
    #[serde(rename = "generatePayLink")]
    pub generate_pay_link: bool,
}

/// One Mesh destination.
#[derive(Debug, Serialize)]
pub struct MeshTo<'a> {
    /// Network id.
    #[serde(rename = "networkId")]
    pub network_id: &'a str,
    /// Asset.
    pub symbol: &'a str,
    /// Address.
    pub address: &'a str,
}

/// Mesh's reply: the Paylink, under `content` or at the top level.
#[derive(Debug, Deserialize)]
pub struct MeshReply {
    /// Where Mesh's spec puts it.
    pub content: Option<MeshContent>,
    /// Where Mesh's guide puts it.
    #[serde(rename = "paymentLink")]
    pub payment_link: Option<String>,
}

/// Mesh's `content`.
#[derive(Debug, Deserialize)]
pub struct MeshContent {
    /// The Paylink.
    #[serde(rename = "paymentLink")]
    pub payment_link: Option<String>,
}

/// Paywint's create request.
#[derive(Debug, Serialize)]
pub struct PaywintCreate<'a> {
    /// A JSON number.
    pub amount: Box<RawValue>,
    /// Free text.
    pub description: &'a str,
    /// Our invoice number.
    pub invoice_number: &'a str,
}

/// Paywint's reply.
#[derive(Debug, Deserialize)]
pub struct PaywintReply {
    /// The link.
    pub data: PaywintData,
}

/// Paywint's created link.
#[derive(Debug, Deserialize)]
pub struct PaywintData {
    /// Its id.
    pub payment_id: String,
    /// Its URL.
    pub payment_link: String,
}

time::serde::format_description!(
    millis,
    OffsetDateTime,
    "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
);

/// P100's create request.
#[derive(Debug, Serialize)]
pub struct P100Create<'a> {
    /// Decimal string.
    pub amount: Decimal,
    /// RFC 3339 in UTC with milliseconds.
    #[serde(rename = "expiresAt", with = "millis")]
    pub expires_at: OffsetDateTime,
    /// Our reference.
    pub reference: &'a str,
}

/// P100's reply.
#[derive(Debug, Deserialize)]
pub struct P100Reply {
    /// The link's id.
    #[serde(rename = "paymentLinkId")]
    pub payment_link_id: String,
    /// Its URL.
    pub url: String,
    /// The amount, checked against the one asked.
    pub amount: Decimal,
}

/// Txn's JSON:API create document.
#[derive(Debug, Serialize)]
pub struct TxnCreate<'a> {
    /// The resource.
    pub data: TxnCreateData<'a>,
}

/// Txn's resource to create.
#[derive(Debug, Serialize)]
pub struct TxnCreateData<'a> {
    /// `payment_links`.
    #[serde(rename = "type")]
    pub kind: &'a str,
    /// Its attributes.
    pub attributes: TxnCreateAttributes<'a>,
}

/// Txn's attributes.
#[derive(Debug, Serialize)]
pub struct TxnCreateAttributes<'a> {
    /// Decimal string.
    pub amount: Decimal,
    /// Currency.
    pub currency: &'a str,
    /// `Invoice`.
    #[serde(rename = "paymentType")]
    pub payment_type: &'a str,
    /// RFC 3339.
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    /// Our unique reference.
    pub reference: &'a str,
    /// After success.
    #[serde(rename = "successRedirectUrl")]
    pub success_redirect_url: &'a str,
    /// After failure.
    #[serde(rename = "unsuccessRedirectUrl")]
    pub unsuccess_redirect_url: &'a str,
}

/// Txn's reply.
#[derive(Debug, Deserialize)]
pub struct TxnReply {
    /// The link.
    pub data: TxnLink,
}

/// Txn's link.
#[derive(Debug, Deserialize)]
pub struct TxnLink {
    /// Its id.
    pub id: String,
    /// Its attributes.
    pub attributes: TxnLinkAttributes,
}

/// What a create needs of Txn's link attributes.
#[derive(Debug, Deserialize)]
pub struct TxnLinkAttributes {
    /// Amount.
    pub amount: Decimal,
    /// Currency.
    pub currency: String,
    /// Our reference.
    pub reference: Option<String>,
    /// The hosted page.
    #[serde(rename = "hostedPageUrl")]
    pub hosted_page_url: String,
    /// Status word.
    pub status: String,
    /// Expiry.
    #[serde(rename = "expiresAt", with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

/// The create body of `provider`, serialised from the minimal type.
pub fn create_body(provider: Provider) -> Vec<u8> {
    let body = match provider {
        Provider::Payio => serde_json::to_vec(&PayioCreate {
            amount: amount(PAYIO_AMOUNT),
            currency_id: PAYIO_CURRENCY_ID,
            user_reference_id: PAYIO_USER,
        }),
        Provider::Mesh => serde_json::to_vec(&MeshCreate {
            user_id: MESH_USER,
            transfer_options: MeshTransfer {
                to_addresses: [MeshTo {
                    network_id: MESH_NETWORK,
                    symbol: MESH_SYMBOL,
                    address: MESH_ADDRESS,
                }],
                amount_in_fiat: number(amount(MESH_AMOUNT)),
                transaction_id: MESH_TRANSACTION,
                transfer_type: "payment",
                description: MESH_DESCRIPTION,
                generate_pay_link: true,
            },
        }),
        Provider::Paywint => serde_json::to_vec(&PaywintCreate {
            amount: number(amount(PAYWINT_AMOUNT)),
            description: PAYWINT_DESCRIPTION,
            invoice_number: PAYWINT_INVOICE,
        }),
        Provider::P100 => serde_json::to_vec(&P100Create {
            amount: amount(P100_AMOUNT),
            expires_at: P100_EXPIRES,
            reference: P100_REFERENCE,
        }),
        Provider::Txn => serde_json::to_vec(&TxnCreate {
            data: TxnCreateData {
                kind: "payment_links",
                attributes: TxnCreateAttributes {
                    amount: amount(TXN_AMOUNT),
                    currency: TXN_CURRENCY,
                    payment_type: "Invoice",
                    expires_at: TXN_EXPIRES,
                    reference: TXN_REFERENCE,
                    success_redirect_url: TXN_SUCCESS,
                    unsuccess_redirect_url: TXN_FAILURE,
                },
            },
        }),
    };
    body.expect("the minimal types serialise")
}

/// Decodes `provider`'s create reply into the minimal type; returns the link's URL length (so
/// the work cannot be optimised away).
pub fn decode_reply(provider: Provider, body: &[u8]) -> Result<usize, serde_json::Error> {
    Ok(match provider {
        Provider::Payio => serde_json::from_slice::<PayioReply>(body)?.link.len(),
        Provider::Mesh => {
            let reply: MeshReply = serde_json::from_slice(body)?;
            reply
                .content
                .and_then(|c| c.payment_link)
                .or(reply.payment_link)
                .map_or(0, |l| l.len())
        }
        Provider::Paywint => {
            let reply: PaywintReply = serde_json::from_slice(body)?;
            reply.data.payment_link.len() + reply.data.payment_id.len()
        }
        Provider::P100 => {
            let reply: P100Reply = serde_json::from_slice(body)?;
            reply.url.len() + reply.payment_link_id.len() + usize::from(reply.amount.is_zero())
        }
        Provider::Txn => {
            let reply: TxnReply = serde_json::from_slice(body)?;
            let a = reply.data.attributes;
            reply.data.id.len()
                + a.hosted_page_url.len()
                + a.currency.len()
                + a.status.len()
                + a.reference.map_or(0, |r| r.len())
                + usize::from(a.amount.is_zero())
                + usize::from(a.expires_at.year() > 2000)
        }
    })
}
