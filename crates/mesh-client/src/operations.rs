//! One method per operation of `openapi/mesh.yaml`, built on the core executor.
//!
//! Each method checks the request against the spec's constraints before any network I/O,
//! sends it with the client's `X-Client-Id` / `X-Client-Secret` headers, decodes a 2xx body as
//! the generated envelope, and turns an envelope whose `status` is not `ok` into an error
//! (see [`crate::error`]). The envelope is returned whole, so nothing Mesh sent is lost.

use paylinks_core::{Error, Items, Response};

use crate::client::Client;
use crate::generated::operations::{CreateLinkToken, Networks, Transfers, transfers};
use crate::generated::{
    GetLinkTokenRequest, LinkTokenModelApiResult, NetworkModelResponseApiResult, TransferModel,
    TransferPageApiResult,
};

impl Client {
    /// `POST /api/v1/linktoken`: creates a link token and, when
    /// `transferOptions.generatePayLink` is true, a hosted payment link.
    ///
    /// Mesh requires `transferOptions.transactionId` whenever `generatePayLink` is true; see
    /// [`PaymentLinkProvider::create_link`](paylinks_core::PaymentLinkProvider::create_link)
    /// for the ready-made payment-link call.
    pub async fn create_link_token(
        &self,
        body: &GetLinkTokenRequest,
    ) -> Result<LinkTokenModelApiResult, Error> {
        self.link_token_response(body)
            .await
            .map(|(_, decoded)| decoded)
    }

    /// As [`create_link_token`](Self::create_link_token), also returning the raw response.
    pub(crate) async fn link_token_response(
        &self,
        body: &GetLinkTokenRequest,
    ) -> Result<(Response, LinkTokenModelApiResult), Error> {
        let transaction_id = body
            .transfer_options
            .as_ref()
            .and_then(|options| options.transaction_id.as_deref());
        self.executor
            .send_keeping(&self.credentials, &CreateLinkToken::new(body))
            .await
            .map_err(|e| e.look_up_by("transactionId", transaction_id))
    }

    /// `GET /api/v1/transfers/managed/mesh`: the transfers Mesh ran for this client, filtered
    /// by `query` (for example by `ClientTransactionId`, the `transactionId` of a link).
    pub async fn transfers(
        &self,
        query: &transfers::Query,
    ) -> Result<TransferPageApiResult, Error> {
        self.transfers_response(query)
            .await
            .map(|(_, decoded)| decoded)
    }

    /// Every transfer `query` selects, page after page, from its `Offset` (0, unless set),
    /// `Count` at a time (100, the spec's largest, unless set); see
    /// [`Executor::items`](paylinks_core::Executor::items). Sort by `createdTimestamp`, not
    /// descending, to walk without repeats while transfers are made: the offsets of the
    /// transfers already seen then stay put.
    pub fn transfers_stream(&self, query: transfers::Query) -> Items<TransferModel> {
        self.executor.items(self.credentials.clone(), query)
    }

    /// As [`transfers`](Self::transfers), also returning the raw response.
    pub(crate) async fn transfers_response(
        &self,
        query: &transfers::Query,
    ) -> Result<(Response, TransferPageApiResult), Error> {
        self.executor
            .send_keeping(&self.credentials, &Transfers::new(query))
            .await
    }

    /// `GET /api/v1/transfers/managed/networks`: the networks Mesh can transfer on; a
    /// network's `id` is the `network_id` that [`Credentials::to_address`] needs.
    ///
    /// [`Credentials::to_address`]: crate::Credentials::to_address
    pub async fn networks(&self) -> Result<NetworkModelResponseApiResult, Error> {
        self.executor.send(&self.credentials, &Networks).await
    }
}
