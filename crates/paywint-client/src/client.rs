//! The Paywint client and how it is built.

paylinks_core::client! {
    /// A client for Paywint's Developer API (user-api). Cheap to clone: clones share one
    /// connection pool. `Debug` shows neither the key nor the secret.
    crate::auth::Credentials
}
