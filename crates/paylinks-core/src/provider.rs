//! The trait that puts every provider behind one interface.

use async_trait::async_trait;

use std::time::Duration;

use crate::error::Error;
use crate::http::HttpConfig;
use crate::link::{Capabilities, NewPaymentLink, PaymentLink};
use crate::listing::LinkFilter;
use crate::paging::Items;

/// A payment-link provider: create a link, read it back, say what it supports.
///
/// Object safe, so an application can hold `Vec<Box<dyn PaymentLinkProvider>>` and pick one by
/// configuration.
#[async_trait]
pub trait PaymentLinkProvider: Send + Sync + std::fmt::Debug {
    /// The provider's name in lowercase (`payio`, `mesh`, `paywint`, `p100`, `txn`).
    fn name(&self) -> &'static str;

    /// Which fields of [`NewPaymentLink`] this provider honours.
    fn capabilities(&self) -> Capabilities;

    /// Creates a payment link.
    async fn create_link(&self, link: &NewPaymentLink) -> Result<PaymentLink, Error>;

    /// Reads a payment link by the id [`create_link`](Self::create_link) returned.
    async fn get_link(&self, id: &str) -> Result<PaymentLink, Error>;

    /// Every link `filter` selects, page after page as the stream is read, one call per page
    /// (see [`paging`](crate::paging)); each provider crate says what it lists and how it
    /// maps. A link for a negative amount is [`Error::Mismatch`] and ends the listing, as a
    /// read refuses one ([`PaymentLink::check_listed`]). A provider that lists nothing ([`Listing::Unsupported`](crate::Listing::Unsupported) in its
    /// [`capabilities`](Self::capabilities)) yields [`Error::Unsupported`] alone, as this
    /// default does.
    fn list_links(&self, filter: &LinkFilter) -> Items<PaymentLink> {
        let _ = filter;
        let error = Error::Unsupported {
            provider: self.name(),
            field: "list_links",
            reason: format!("{} documents no call that lists its links", self.name()),
        };
        Box::pin(futures_util::stream::iter([Err(error)]))
    }

    /// The settings this client's calls use.
    fn http_config(&self) -> HttpConfig;

    /// A copy of this client whose calls use `config`, sharing its connection pool and
    /// credentials (each provider crate's `Client::with_http_config`).
    fn with_http_config(&self, config: HttpConfig) -> Box<dyn PaymentLinkProvider>;

    /// [`with_http_config`](Self::with_http_config) with only the deadline changed.
    fn with_deadline(&self, deadline: Duration) -> Box<dyn PaymentLinkProvider> {
        let mut config = self.http_config();
        config.deadline = deadline;
        self.with_http_config(config)
    }
}

/// The [`PaymentLinkProvider`] methods about settings, inside a provider crate's impl of it,
/// for a `Client` with the inherent methods of settings per call.
#[macro_export]
#[doc(hidden)]
macro_rules! provider_settings {
    () => {
        fn http_config(&self) -> $crate::HttpConfig {
            *Self::http_config(self)
        }

        fn with_http_config(
            &self,
            config: $crate::HttpConfig,
        ) -> ::std::boxed::Box<dyn $crate::PaymentLinkProvider> {
            ::std::boxed::Box::new(Self::with_http_config(self, config))
        }
    };
}
