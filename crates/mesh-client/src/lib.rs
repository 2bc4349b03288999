//! Typed client for the provider's payment-link API.

pub mod generated;
