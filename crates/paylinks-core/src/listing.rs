//! Which links to list, in provider-neutral terms; whether a provider lists at all is
//! [`Capabilities::listing`](crate::Capabilities::listing).

use time::OffsetDateTime;

use crate::link::LinkStatus;

/// Which links [`PaymentLinkProvider::list_links`](crate::PaymentLinkProvider::list_links)
/// yields. A filter the provider cannot apply itself is applied to what it lists, so it costs
/// pages, not correctness.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct LinkFilter {
    /// Only links created at or after this instant.
    pub created_since: Option<OffsetDateTime>,
    /// Only links in this status.
    pub status: Option<LinkStatus>,
    /// Only the links of this customer (your id for them, as in
    /// [`NewPaymentLink::customer`](crate::NewPaymentLink::customer)): required where the
    /// provider lists one customer at a time ([`Listing::ByCustomer`](crate::Listing::ByCustomer)).
    pub customer: Option<String>,
    /// How many links to ask for per page; the provider's largest unless set.
    pub page_size: Option<u32>,
}

impl LinkFilter {
    /// Every link the provider lists.
    pub fn new() -> Self {
        LinkFilter::default()
    }

    /// Only links created at or after `since`.
    pub fn created_since(mut self, since: OffsetDateTime) -> Self {
        self.created_since = Some(since);
        self
    }

    /// Only links in `status`.
    pub fn status(mut self, status: LinkStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// Only the links of `customer`.
    pub fn customer(mut self, customer: impl Into<String>) -> Self {
        self.customer = Some(customer.into());
        self
    }

    /// Asks for `size` links per page.
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = Some(size);
        self
    }

    /// Whether `link` passes the filters the provider did not apply itself: its status, and
    /// its creation time when known (`created_at`).
    pub fn admits(&self, status: &LinkStatus, created_at: Option<OffsetDateTime>) -> bool {
        self.status.as_ref().is_none_or(|wanted| wanted == status)
            && match (self.created_since, created_at) {
                (Some(since), Some(created_at)) => created_at >= since,
                _ => true,
            }
    }
}
