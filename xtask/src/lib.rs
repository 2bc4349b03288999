//! The library behind `cargo xtask`, kept apart from `main.rs` so its tests can call it.

pub mod bench;
pub mod codegen;
pub mod import;
pub mod overlay;
pub mod semver;
pub mod spec_diff;
pub mod yaml;

/// Cargo's target directory for the workspace at `root`: `CARGO_TARGET_DIR`, else
/// `root/target`. The scratch builds of `bench` and `semver` go under it.
pub fn target_dir(root: &std::path::Path) -> std::path::PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}
