//! One async method per Pay.io operation in `openapi/payio.json`, each a generated operation
//! sent through core's one generic call ([`paylinks_core::Executor::send`]), signed afresh for
//! every attempt (a new nonce and signature each time).

use paylinks_core::validate::Checker;
use paylinks_core::{Call, Error, Items};
use rust_decimal::Decimal;

use crate::PROVIDER;
use crate::client::Client;
use crate::generated::operations::{Currencies, DepositAddress, DepositLink, UserTransactions};
use crate::generated::{
    CurrenciesResponse, DepositRequest, DepositResponse, LinkExternalWallet,
    LinkExternalWalletResponse, ListTransactionsRequest, ListTransactionsResponse, TransactionEdge,
};

impl Client {
    /// `GET /v1/merchant/currencies`: the currencies enabled for the merchant. Their `id` is the
    /// `currency_id` the deposit operations take.
    pub async fn currencies(&self) -> Result<CurrenciesResponse, Error> {
        self.executor.send(&self.inner.keys, &Currencies).await
    }

    /// `POST /v1/user/deposit/address`: the deposit wallet address of one end user in one
    /// currency (created on first use).
    pub async fn deposit_address(&self, body: &DepositRequest) -> Result<DepositResponse, Error> {
        self.executor
            .send(&self.inner.keys, &DepositAddress::new(body))
            .await
    }

    /// `POST /v1/user/deposit/link_external_wallet`: a Mesh-backed deposit link for one end
    /// user. Pay.io answers with the link URL only.
    ///
    /// As the spec says, `amount` must be a plain decimal above zero of at most 28 characters:
    /// a deposit link for nothing or a negative amount is refused before sending.
    pub async fn deposit_link(
        &self,
        body: &LinkExternalWallet,
    ) -> Result<LinkExternalWalletResponse, Error> {
        self.send_deposit_link(&self.executor.call(), body).await
    }

    /// [`deposit_link`](Self::deposit_link) as part of `call`, within what is left of its
    /// deadline.
    pub(crate) async fn send_deposit_link(
        &self,
        call: &Call<'_>,
        body: &LinkExternalWallet,
    ) -> Result<LinkExternalWalletResponse, Error> {
        call.send(&self.inner.keys, &DepositLink::new(body))
            .await
            .map_err(|e| e.look_up_by("user_reference_id", Some(&body.user_reference_id)))
    }

    /// `POST /v1/user/transactions`: one page of one end user's transactions. Page forward with
    /// `first` + `after` (the previous page's `page_info.end_cursor`), backward with `last` +
    /// `before`.
    pub async fn user_transactions(
        &self,
        body: &ListTransactionsRequest,
    ) -> Result<ListTransactionsResponse, Error> {
        self.executor
            .send(&self.inner.keys, &UserTransactions::new(body))
            .await
    }

    /// Every transaction of the end user `body` names, page after page, forward from `after`
    /// (the first, unless set), `first` at a time (100, unless set); see
    /// [`Executor::items`](paylinks_core::Executor::items). Each page continues after the
    /// cursor the previous one ended on, so transactions made during the walk do not make it
    /// yield one twice.
    pub fn user_transactions_stream(
        &self,
        body: ListTransactionsRequest,
    ) -> Items<TransactionEdge> {
        self.executor.items(self.inner.clone(), body)
    }
}

/// Refuses an amount that is not greater than zero.
pub(crate) fn check_positive(field: &str, amount: Decimal) -> Result<(), Error> {
    let mut checker = Checker::default();
    checker.minimum(field, amount, Decimal::ZERO, true);
    checker.finish().map_err(|e| Error::invalid(PROVIDER, e))
}
