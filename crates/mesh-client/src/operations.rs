//! One method per operation of `openapi/mesh.yaml`, built on the core executor.
//!
//! Each method checks the request against the spec's constraints before any network I/O,
//! sends it with the client's `X-Client-Id` / `X-Client-Secret` headers, decodes a 2xx body as
//! the generated envelope, and turns an envelope whose `status` is not `ok` into an error
//! (see [`crate::error`]). The envelope is returned whole, so nothing Mesh sent is lost.

use paylinks_core::validate::Validate;
use paylinks_core::{Error, Request, Response};

use crate::PROVIDER;
use crate::client::Client;
use crate::generated::operations::{create_link_token, networks, transfers};
use crate::generated::{
    GetLinkTokenRequest, LinkTokenModelApiResult, NetworkModelResponseApiResult,
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
        body.validate().map_err(|e| Error::invalid(PROVIDER, e))?;
        let response = self
            .executor
            .execute(|| {
                let request = Request::new(create_link_token::METHOD, create_link_token::PATH);
                Ok(self
                    .credentials
                    .apply(request)?
                    .json(create_link_token::CONTENT_TYPE, body)?
                    .accept(create_link_token::ACCEPT))
            })
            .await?;
        let decoded: create_link_token::Response = decode(&response)?;
        if let Some(err) =
            crate::error::refused_success(&response, decoded.status.as_ref().map(|s| s.as_str()))
        {
            return Err(err);
        }
        Ok((response, decoded))
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

    /// As [`transfers`](Self::transfers), also returning the raw response.
    pub(crate) async fn transfers_response(
        &self,
        query: &transfers::Query,
    ) -> Result<(Response, TransferPageApiResult), Error> {
        query.validate().map_err(|e| Error::invalid(PROVIDER, e))?;
        let response = self
            .executor
            .execute(|| {
                let request =
                    Request::new(transfers::METHOD, transfers::PATH).query(query.to_pairs());
                Ok(self.credentials.apply(request)?.accept(transfers::ACCEPT))
            })
            .await?;
        let decoded: transfers::Response = decode(&response)?;
        if let Some(err) =
            crate::error::refused_success(&response, decoded.status.as_ref().map(|s| s.as_str()))
        {
            return Err(err);
        }
        Ok((response, decoded))
    }

    /// `GET /api/v1/transfers/managed/networks`: the networks Mesh can transfer on; a
    /// network's `id` is the `network_id` that [`ClientBuilder::to_address`] needs.
    ///
    /// [`ClientBuilder::to_address`]: crate::ClientBuilder::to_address
    pub async fn networks(&self) -> Result<NetworkModelResponseApiResult, Error> {
        let response = self
            .executor
            .execute(|| {
                let request = Request::new(networks::METHOD, networks::PATH);
                Ok(self.credentials.apply(request)?.accept(networks::ACCEPT))
            })
            .await?;
        let decoded: networks::Response = decode(&response)?;
        if let Some(err) =
            crate::error::refused_success(&response, decoded.status.as_ref().map(|s| s.as_str()))
        {
            return Err(err);
        }
        Ok(decoded)
    }
}

/// A 2xx body decoded as `T`; anything else mapped to its error.
fn decode<T: serde::de::DeserializeOwned>(response: &Response) -> Result<T, Error> {
    if !response.is_success() {
        return Err(crate::error::from_response(response));
    }
    response.decode()
}
