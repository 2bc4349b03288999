//! Each provider's create request as its crate's generated type, and its reply decoded into
//! the generated type: what the typed call sends and reads.

use std::str::FromStr;

use crate::fixtures::*;

/// Pay.io's generated deposit-link request.
pub fn payio_request() -> payio_client::generated::LinkExternalWallet {
    payio_client::generated::LinkExternalWallet::new(
        amount(PAYIO_AMOUNT),
        PAYIO_CURRENCY_ID.to_owned(),
        PAYIO_USER.to_owned(),
    )
}

/// Mesh's generated link-token request.
pub fn mesh_request() -> mesh_client::generated::GetLinkTokenRequest {
    use mesh_client::generated::{
        GetLinkTokenRequest, LinkTokenTransferOptions, TransferToAddressWithAmount, TransferType,
    };
    let network = uuid::Uuid::from_str(MESH_NETWORK).expect("a UUID");
    let mut options = LinkTokenTransferOptions::new()
        .to_addresses(vec![TransferToAddressWithAmount::new(
            network,
            MESH_SYMBOL.to_owned(),
            MESH_ADDRESS.to_owned(),
        )])
        .amount_in_fiat(amount(MESH_AMOUNT))
        .transaction_id(MESH_TRANSACTION.to_owned())
        .transfer_type(TransferType::Payment)
        .generate_pay_link(true);
    options.description = Some(MESH_DESCRIPTION.to_owned());
    GetLinkTokenRequest::new(MESH_USER.to_owned()).transfer_options(options)
}

/// Paywint's generated create request.
pub fn paywint_request() -> paywint_client::generated::ExternalApiPaymentLinkCreateRequest {
    let mut body =
        paywint_client::generated::ExternalApiPaymentLinkCreateRequest::new(amount(PAYWINT_AMOUNT));
    body.description = Some(PAYWINT_DESCRIPTION.to_owned());
    body.invoice_number = Some(PAYWINT_INVOICE.to_owned());
    body
}

/// P100's generated create request.
pub fn p100_request() -> p100_client::generated::GeneratePaymentLinkRequest {
    p100_client::generated::GeneratePaymentLinkRequest::new(
        amount(P100_AMOUNT),
        P100_EXPIRES,
        P100_REFERENCE.to_owned(),
    )
}

/// Txn's generated create request.
pub fn txn_request() -> txn_client::generated::CreatePaymentLinkRequest {
    use txn_client::generated::{
        CreatePaymentLinkAttributes, CreatePaymentLinkData, CreatePaymentLinkRequest,
        PaymentLinkRequestType, PaymentType,
    };
    let mut attributes = CreatePaymentLinkAttributes::new(
        amount(TXN_AMOUNT),
        TXN_CURRENCY.to_owned(),
        PaymentType::Invoice,
        TXN_EXPIRES,
    );
    attributes.reference = Some(TXN_REFERENCE.to_owned());
    attributes.success_redirect_url = Some(TXN_SUCCESS.to_owned());
    attributes.unsuccess_redirect_url = Some(TXN_FAILURE.to_owned());
    CreatePaymentLinkRequest::new(CreatePaymentLinkData::new(
        PaymentLinkRequestType::PaymentLinks,
        attributes,
    ))
}

/// The create body of `provider`, built and serialised as the generated type.
pub fn create_body(provider: Provider) -> Vec<u8> {
    let body = match provider {
        Provider::Payio => serde_json::to_vec(&payio_request()),
        Provider::Mesh => serde_json::to_vec(&mesh_request()),
        Provider::Paywint => serde_json::to_vec(&paywint_request()),
        Provider::P100 => serde_json::to_vec(&p100_request()),
        Provider::Txn => serde_json::to_vec(&txn_request()),
    };
    body.expect("the generated types serialise")
}

/// Decodes `provider`'s create reply into the generated type; returns the link's URL length.
pub fn decode_reply(provider: Provider, body: &[u8]) -> Result<usize, serde_json::Error> {
    Ok(match provider {
        Provider::Payio => {
            serde_json::from_slice::<payio_client::generated::LinkExternalWalletResponse>(body)?
                .link
                .len()
        }
        Provider::Mesh => {
            let reply: mesh_client::generated::LinkTokenModelApiResult =
                serde_json::from_slice(body)?;
            reply
                .content
                .and_then(|c| c.payment_link)
                .or(reply.payment_link)
                .map_or(0, |l| l.len())
        }
        Provider::Paywint => {
            let reply: paywint_client::generated::PaymentLinkResponse =
                serde_json::from_slice(body)?;
            reply
                .data
                .and_then(|d| d.payment_link)
                .map_or(0, |l| l.len())
        }
        Provider::P100 => {
            let reply: p100_client::generated::GeneratePaymentLinkResponse =
                serde_json::from_slice(body)?;
            reply.url.len() + usize::from(reply.amount.is_some())
        }
        Provider::Txn => {
            let reply: txn_client::generated::PaymentLinkDocument = serde_json::from_slice(body)?;
            let a = reply.data.attributes;
            reply.data.id.len() + a.hosted_page_url.len() + a.currency.len()
        }
    })
}
