//! The shared vocabulary of the paylinks clients.
//!
//! Provider crates (`payio-client`, `mesh-client`, `paywint-client`, `p100-client`,
//! `txn-client`) build on this crate; it knows no provider.

pub mod money;
pub mod validate;
pub mod wire;

pub use wire::Method;
