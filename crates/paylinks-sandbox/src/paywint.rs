//! paywint: not simulated yet.

use axum::Router;

use crate::server::Context;

/// The provider's routes, relative to its prefix.
pub(crate) fn router(_context: &Context) -> Router {
    Router::new()
}
