//! Pay.io: not simulated yet.

use axum::Router;

use crate::server::{Context, StartError};

/// Pay.io's routes, relative to `/payio`.
pub(crate) fn router(_context: &Context) -> Result<Router, StartError> {
    Ok(Router::new())
}
