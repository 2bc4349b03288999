//! The Txn client and how it is built.

paylinks_core::client! {
    /// A client for Txn's payment-link API: its sandbox (`https://api.sandbox.txn.io`) by
    /// default. Txn documents no production host: give the one Txn gives you as
    /// [`Environment::Custom`](paylinks_core::Environment::Custom).
    ///
    /// Cheap to clone: clones share one connection pool. `Debug` never shows the API key.
    crate::auth::Credentials
}
