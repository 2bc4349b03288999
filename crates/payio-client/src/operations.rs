//! One async method per Pay.io operation in `openapi/payio.json`.
//!
//! Each checks the request first (nothing is sent when it is invalid), signs every attempt
//! afresh (a new nonce and signature each time), decodes a 2xx body as the documented type and
//! maps anything else through [`crate::error`].

use paylinks_core::validate::{Checker, Validate};
use paylinks_core::{Error, Request};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;

use crate::PROVIDER;
use crate::client::Client;
use crate::generated::operations::{currencies, deposit_address, deposit_link, user_transactions};
use crate::generated::{
    CurrenciesResponse, DepositRequest, DepositResponse, LinkExternalWallet,
    LinkExternalWalletResponse, ListTransactionsRequest, ListTransactionsResponse,
};

impl Client {
    /// `GET /v1/merchant/currencies`: the currencies enabled for the merchant. Their `id` is the
    /// `currency_id` the deposit operations take.
    pub async fn currencies(&self) -> Result<CurrenciesResponse, Error> {
        let response = self
            .inner
            .executor
            .execute(|| {
                self.sign(
                    Request::new(currencies::METHOD, currencies::PATH).accept(currencies::ACCEPT),
                )
            })
            .await?;
        decode(&response)
    }

    /// `POST /v1/user/deposit/address`: the deposit wallet address of one end user in one
    /// currency (created on first use).
    pub async fn deposit_address(&self, body: &DepositRequest) -> Result<DepositResponse, Error> {
        body.validate().map_err(|e| Error::invalid(PROVIDER, e))?;
        let response = self
            .inner
            .executor
            .execute(|| {
                self.sign(
                    Request::new(deposit_address::METHOD, deposit_address::PATH)
                        .json(deposit_address::CONTENT_TYPE, body)?
                        .accept(deposit_address::ACCEPT),
                )
            })
            .await?;
        decode(&response)
    }

    /// `POST /v1/user/deposit/link_external_wallet`: a Mesh-backed deposit link for one end
    /// user. Pay.io answers with the link URL only.
    ///
    /// Besides the spec (which sets no bound), `amount` must be greater than zero: a deposit
    /// link for nothing or a negative amount is refused before sending.
    pub async fn deposit_link(
        &self,
        body: &LinkExternalWallet,
    ) -> Result<LinkExternalWalletResponse, Error> {
        body.validate().map_err(|e| Error::invalid(PROVIDER, e))?;
        check_positive("amount", body.amount)?;
        let response = self
            .inner
            .executor
            .execute(|| {
                self.sign(
                    Request::new(deposit_link::METHOD, deposit_link::PATH)
                        .json(deposit_link::CONTENT_TYPE, body)?
                        .accept(deposit_link::ACCEPT),
                )
            })
            .await?;
        decode(&response)
    }

    /// `POST /v1/user/transactions`: one page of one end user's transactions. Page forward with
    /// `first` + `after` (the previous page's `page_info.end_cursor`), backward with `last` +
    /// `before`.
    pub async fn user_transactions(
        &self,
        body: &ListTransactionsRequest,
    ) -> Result<ListTransactionsResponse, Error> {
        body.validate().map_err(|e| Error::invalid(PROVIDER, e))?;
        let response = self
            .inner
            .executor
            .execute(|| {
                self.sign(
                    Request::new(user_transactions::METHOD, user_transactions::PATH)
                        .json(user_transactions::CONTENT_TYPE, body)?
                        .accept(user_transactions::ACCEPT),
                )
            })
            .await?;
        decode(&response)
    }
}

/// A 2xx body as `T`; anything else as Pay.io's error.
fn decode<T: DeserializeOwned>(response: &paylinks_core::Response) -> Result<T, Error> {
    if response.is_success() {
        response.decode()
    } else {
        Err(crate::error::from_response(response))
    }
}

/// Refuses an amount that is not greater than zero.
pub(crate) fn check_positive(field: &str, amount: Decimal) -> Result<(), Error> {
    let mut checker = Checker::default();
    checker.minimum(field, amount, Decimal::ZERO, true);
    checker.finish().map_err(|e| Error::invalid(PROVIDER, e))
}
