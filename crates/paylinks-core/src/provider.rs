//! The trait that puts every provider behind one interface.

use async_trait::async_trait;

use crate::error::Error;
use crate::link::{Capabilities, NewPaymentLink, PaymentLink};

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
}
