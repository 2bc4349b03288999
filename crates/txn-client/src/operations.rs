//! One async method per documented Txn payment-link call, each a generated operation sent
//! through core's one generic call ([`paylinks_core::Executor::send`]).

use paylinks_core::{Call, Error, Items, Response};

use crate::PROVIDER;
use crate::client::Client;
use crate::error;
use crate::generated::operations::{
    CreatePaymentLink, ExpirePaymentLink, GetPaymentLink, ListPaymentLinks, list_payment_links,
};
use crate::generated::{
    CreatePaymentLinkRequest, PaymentLinkDocument, PaymentLinkListDocument, PaymentLinkResource,
};

impl Client {
    /// `POST /api/public/v1/payment_links`: creates a payment link (Txn answers 201).
    ///
    /// What the spec rules out is refused before sending: an amount that is not a plain decimal
    /// above zero of at most 28 characters, an empty entry of `payCurrencies`. A `reference`
    /// already used is refused with [`Error::Duplicate`]; an unsupported entry of
    /// `payCurrencies` with [`Error::Validation`]. The request is not
    /// retried once sent: Txn documents no idempotency key, only the uniqueness of `reference`.
    pub async fn create_payment_link(
        &self,
        body: &CreatePaymentLinkRequest,
    ) -> Result<PaymentLinkDocument, Error> {
        self.send_create_payment_link(body)
            .await
            .map(|(_, decoded)| decoded)
    }

    /// `GET /api/public/v1/payment_links/{id}`: reads one payment link.
    pub async fn get_payment_link(&self, id: &str) -> Result<PaymentLinkDocument, Error> {
        self.send_get_payment_link(id)
            .await
            .map(|(_, decoded)| decoded)
    }

    /// The create call, returning the raw response with the decoded body.
    ///
    /// One order, one link: when the create may have reached Txn without a reply saying what
    /// became of it ([`Error::Unconfirmed`]) and it carries a `reference`, which Txn keeps
    /// unique, the link is looked up by that reference and returned if it exists; if it does
    /// not, the create is sent once more, and a `reference_duplicate` answer to that (the
    /// first one landed meanwhile) is looked up the same way. Without a reference, or when the
    /// lookup fails, the error stays [`Error::Unconfirmed`]. The lookups and the second create
    /// are part of the one call: they run within what is left of its deadline, and one that
    /// would start past it is not sent.
    pub(crate) async fn send_create_payment_link(
        &self,
        body: &CreatePaymentLinkRequest,
    ) -> Result<(Response, PaymentLinkDocument), Error> {
        let reference = body.data.attributes.reference.as_deref();
        let call = self.executor.call();
        let unconfirmed = match self.send_create_once(&call, body).await {
            Err(error @ Error::Unconfirmed { .. }) => error,
            other => return other,
        };
        let Some(reference) = reference else {
            return Err(unconfirmed);
        };
        tracing::info!(
            provider = PROVIDER,
            reference,
            "create unconfirmed: looking the link up by its reference"
        );
        match self.find_by_reference(&call, reference).await {
            Some(Some(found)) => return Ok(found),
            Some(None) => {}
            None => return Err(unconfirmed),
        }
        tracing::info!(
            provider = PROVIDER,
            reference,
            "no link has the reference: sending the create once more"
        );
        match self.send_create_once(&call, body).await {
            Err(Error::Duplicate { .. }) => match self.find_by_reference(&call, reference).await {
                Some(Some(found)) => Ok(found),
                _ => Err(unconfirmed),
            },
            Err(Error::Unconfirmed { .. }) => Err(unconfirmed),
            other => other,
        }
    }

    /// Sends the create once, naming its reference in a duplicate or unconfirmed error.
    async fn send_create_once(
        &self,
        call: &Call<'_>,
        body: &CreatePaymentLinkRequest,
    ) -> Result<(Response, PaymentLinkDocument), Error> {
        let reference = body.data.attributes.reference.as_deref();
        call.send_keeping(&self.credentials, &CreatePaymentLink::new(body))
            .await
            .map_err(|e| error::naming_reference(e, reference).look_up_by("reference", reference))
    }

    /// The link with this reference, as a link document under the list's response:
    /// `Some(Some(_))` when listing finds exactly one, `Some(None)` when it finds none, and
    /// `None` when the listing fails or finds more than one, so nothing is known.
    async fn find_by_reference(
        &self,
        call: &Call<'_>,
        reference: &str,
    ) -> Option<Option<(Response, PaymentLinkDocument)>> {
        let mut query = list_payment_links::Query::new();
        query.reference = Some(reference.to_owned());
        let listed = call
            .send_keeping(&self.credentials, &ListPaymentLinks::new(&query))
            .await;
        let (response, list) = match listed {
            Ok(listed) => listed,
            Err(error) => {
                tracing::warn!(provider = PROVIDER, reference, %error, "could not look the link up");
                return None;
            }
        };
        let mut matching = list
            .data
            .into_iter()
            .filter(|link| link.attributes.reference.as_deref() == Some(reference));
        match (matching.next(), matching.next()) {
            (Some(link), None) => {
                tracing::info!(provider = PROVIDER, reference, id = %link.id, "recovered the link the create made");
                Some(Some((response, PaymentLinkDocument::new(link))))
            }
            (None, _) => Some(None),
            (Some(_), Some(_)) => {
                tracing::warn!(
                    provider = PROVIDER,
                    reference,
                    "more than one link has the reference"
                );
                None
            }
        }
    }

    /// The get call, returning the raw response with the decoded body.
    pub(crate) async fn send_get_payment_link(
        &self,
        id: &str,
    ) -> Result<(Response, PaymentLinkDocument), Error> {
        let operation = GetPaymentLink::new(id);
        self.executor
            .send_keeping(&self.credentials, &operation)
            .await
    }

    /// `GET /api/public/v1/payment_links`: one page of payment links, filtered and ordered by
    /// `query`. The pagination `meta` and `links` are kept as raw JSON (Txn does not document
    /// them).
    pub async fn list_payment_links(
        &self,
        query: &list_payment_links::Query,
    ) -> Result<PaymentLinkListDocument, Error> {
        let operation = ListPaymentLinks::new(query);
        self.executor.send(&self.credentials, &operation).await
    }

    /// Every payment link `query` selects, page after page, from the page it names (the first,
    /// unless set), `per_page` at a time (100, unless set); see
    /// [`Executor::items`](paylinks_core::Executor::items). Links created during the walk
    /// shift a list sorted newest first (Txn's default) and make it yield a link twice: set
    /// `order_type` to `asc` to walk without repeats.
    pub fn list_payment_links_stream(
        &self,
        query: list_payment_links::Query,
    ) -> Items<PaymentLinkResource> {
        self.executor.items(self.credentials.clone(), query)
    }

    /// `POST /api/public/v1/payment_links/{id}/expiration`: expires a link now (no request
    /// body). Txn allows this only for links in status `created` or `pending`; the reply is
    /// the link with status `expired`.
    pub async fn expire_payment_link(&self, id: &str) -> Result<PaymentLinkDocument, Error> {
        let operation = ExpirePaymentLink::new(id);
        self.executor.send(&self.credentials, &operation).await
    }
}
