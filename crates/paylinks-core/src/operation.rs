//! Requests as data: one [`Operation`] per documented call, sent by one generic call.
//!
//! `cargo xtask codegen` emits a type per operation of a provider's spec implementing
//! [`Operation`]: its method, path with parameters, query, body and documented success body.
//! The provider crate adds the one thing the spec cannot say, a [`Connector`]: how a request is
//! authorized and which responses are refusals. [`Executor::send`] does the rest, the same way
//! for every provider: validate, build once, authorize each attempt, execute, then map the
//! refusal or decode the success.

use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::http::{Call, Executor, Request, Response, in_span};
use crate::telemetry::Observed;
use crate::validate::{Invalid, Rule, Validate};
use crate::wire::Method;

/// One documented operation of a provider's API, with its arguments.
///
/// The constraints of [`Validate`] are the spec's; they are checked before anything is sent.
pub trait Operation: Validate {
    /// The documented success body.
    type Response: DeserializeOwned;
    /// The operation's name: the snake_case name the provider's `.codegen.toml` gives its
    /// `operationId` (`create_payment_link`). It names the operation's span and labels its
    /// metrics (see [`telemetry`](crate::telemetry)), so it is one of a bounded set, unlike
    /// the path with its ids filled in.
    const NAME: &'static str;
    /// The HTTP method.
    const METHOD: Method;
    /// The path template, relative to the provider's base URL (`/v1/links/{id}`).
    const PATH: &'static str;
    /// The success body's media type, sent as `Accept`.
    const ACCEPT: &'static str;
    /// Whether sending it twice has the effect of sending it once, so a failed attempt may be
    /// repeated. A create is not: a second attempt may make a second link.
    const IDEMPOTENT: bool;

    /// [`PATH`](Self::PATH) with its parameters filled in, each percent-encoded.
    fn path(&self) -> Result<String, Invalid> {
        Ok(Self::PATH.to_owned())
    }

    /// The query parameters that are set, in the spec's order.
    fn query(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// The body's media type and its bytes, exactly as they are sent; `None` without a body.
    fn body(&self) -> Result<Option<(&'static str, Vec<u8>)>, serde_json::Error> {
        Ok(None)
    }
}

/// What a provider crate tells core about its API: how each attempt is authorized and which
/// responses are refusals.
pub trait Connector: Sync {
    /// Checks the credentials once, when the client is built (a blank key, say); nothing to
    /// check by default.
    fn check(&self) -> Result<(), Error> {
        Ok(())
    }

    /// Adds credentials to one attempt: headers, or a fresh signature and nonce (Pay.io). It is
    /// called again for every attempt.
    fn authorize(&self, request: Request) -> Result<Request, Error>;

    /// The error `response` stands for: every status that is not 2xx, and a 2xx whose body
    /// says the request failed; `None` for a documented success.
    fn refusal(&self, response: &Response) -> Option<Error>;
}

/// Credentials shared between a client and its copies (`with_http_config`) connect as they do.
impl<C: Connector + Send> Connector for std::sync::Arc<C> {
    fn check(&self) -> Result<(), Error> {
        C::check(self)
    }

    fn authorize(&self, request: Request) -> Result<Request, Error> {
        C::authorize(self, request)
    }

    fn refusal(&self, response: &Response) -> Option<Error> {
        C::refusal(self, response)
    }
}

impl Executor {
    /// Sends `operation` as a call of its own and decodes its documented success body; see
    /// [`Call::send_keeping`].
    pub async fn send<O: Operation>(
        &self,
        connector: &impl Connector,
        operation: &O,
    ) -> Result<O::Response, Error> {
        self.call().send(connector, operation).await
    }

    /// Sends `operation` as a call of its own; see [`Call::send_keeping`].
    pub async fn send_keeping<O: Operation>(
        &self,
        connector: &impl Connector,
        operation: &O,
    ) -> Result<(Response, O::Response), Error> {
        self.call().send_keeping(connector, operation).await
    }
}

impl Call<'_> {
    /// Sends `operation` within this call and decodes its documented success body; see
    /// [`send_keeping`].
    ///
    /// [`send_keeping`]: Self::send_keeping
    pub async fn send<O: Operation>(
        &self,
        connector: &impl Connector,
        operation: &O,
    ) -> Result<O::Response, Error> {
        self.send_keeping(connector, operation)
            .await
            .map(|(_, decoded)| decoded)
    }

    /// Checks `operation` against its spec, builds its request once, has `connector`
    /// authorize each attempt, executes it within the call's deadline, and returns the
    /// response with its decoded body, or the refusal `connector` finds in it. An operation
    /// that is not [idempotent](Operation::IDEMPOTENT) and may have reached the provider
    /// without a reply saying what became of it fails with [`Error::Unconfirmed`].
    ///
    /// The operation is sent in its INFO span and counted in the metrics (see
    /// [`telemetry`](crate::telemetry)): one span and one sample for each operation sent.
    pub async fn send_keeping<O: Operation>(
        &self,
        connector: &impl Connector,
        operation: &O,
    ) -> Result<(Response, O::Response), Error> {
        let mut observed = Observed::start::<O>(self.executor());
        let span = observed.span().clone();
        let sent = self.send_observed(connector, operation, &mut observed);
        let outcome = in_span(&span, sent).await;
        observed.finish(&outcome);
        outcome
    }

    /// [`send_keeping`](Self::send_keeping), telling `observed` about each attempt.
    async fn send_observed<O: Operation>(
        &self,
        connector: &impl Connector,
        operation: &O,
        observed: &mut Observed,
    ) -> Result<(Response, O::Response), Error> {
        let provider = self.executor().provider();
        let invalid = |e| Error::invalid(provider, e);
        operation.validate().map_err(invalid)?;
        let mut request = Request::new(provider, O::METHOD, operation.path().map_err(invalid)?)
            .query(operation.query())
            .accept(O::ACCEPT)
            .idempotent(O::IDEMPOTENT);
        if let Some((media_type, bytes)) = operation
            .body()
            .map_err(|e| Error::violation(provider, "body", Rule::Serializable(e.to_string())))?
        {
            request = request.body(media_type, bytes);
        }
        let unconfirmed = |error: Error| {
            if O::IDEMPOTENT {
                return error;
            }
            let error = error.unconfirmed();
            if let Error::Unconfirmed { cause, .. } = &error {
                tracing::warn!(
                    provider,
                    path = O::PATH,
                    %cause,
                    "not repeated: the request may have taken effect"
                );
            }
            error
        };
        let response = self
            .attempts(|| connector.authorize(request.clone()), Some(observed))
            .await
            .map_err(unconfirmed)?;
        let decoded = response
            .read(|reply| connector.refusal(reply))
            .map_err(unconfirmed)?;
        Ok((response, decoded))
    }
}
