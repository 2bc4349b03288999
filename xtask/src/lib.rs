//! The library behind `cargo xtask`, kept apart from `main.rs` so its tests can call it.

pub mod bench;
pub mod codegen;
pub mod import;
pub mod overlay;
pub mod semver;
pub mod spec_diff;
pub mod yaml;
