//! The scenarios `cargo xtask bench` measures, and the `paylinks-bench` binary it runs them
//! with in release mode (one JSON line per measurement on stdout).
//!
//! - [`calls`]: one create three ways (by hand with reqwest + serde_json, through the provider
//!   crate's typed call, through `Box<dyn PaymentLinkProvider>`), against [`server`], a fixed
//!   reply server in another process; [`identity`] checks the three send the same bytes.
//! - [`load`]: many creates at a concurrency, with latency, rate and client CPU time.
//! - [`micro`]: decoding and encoding each create (generated vs minimal types) and Pay.io's
//!   RSA signature.
//! - [`sandbox`]: the sandbox and a trivial axum server to put beside it under `wrk`, and the
//!   Txn creates that fill the sandbox.
//!
//! Nothing here asserts a time: `tests/smoke.rs` runs each scenario a few times in debug.

pub mod calls;
pub mod fixtures;
pub mod identity;
pub mod load;
pub mod micro;
pub mod minimal;
pub mod sandbox;
pub mod server;
pub mod typed;

pub use calls::{Caller, Variant};
pub use fixtures::{Fixture, Provider};

/// Writes one line on stdout and flushes it (the xtask reads the binary's output line by line).
pub fn emit(line: &str) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}
