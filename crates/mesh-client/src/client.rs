//! The Mesh client and how it is built.

paylinks_core::client! {
    /// A Mesh integration-API client. Cheap to clone: clones share one connection pool.
    ///
    /// `Debug` never shows the client secret.
    crate::auth::Credentials
}

impl Client {
    /// The destinations configured with
    /// [`Credentials::to_address`](crate::Credentials::to_address), in the order given; every
    /// payment link created through [`PaymentLinkProvider`](paylinks_core::PaymentLinkProvider)
    /// offers all of them to the payer.
    pub fn to_addresses(&self) -> &[crate::generated::TransferToAddressWithAmount] {
        self.credentials.to_addresses()
    }
}
