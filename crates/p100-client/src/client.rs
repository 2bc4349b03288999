//! The P100 client and how it is built.

paylinks_core::client! {
    /// A client for the P100 Partner API's payment links, P100 staging
    /// ([`Environment::Sandbox`](paylinks_core::Environment::Sandbox)) by default.
    ///
    /// Cheap to clone: clones share one connection pool. `Debug` never shows the API key.
    crate::auth::Credentials
}
