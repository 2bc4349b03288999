//! Compiles and runs the code generated from every fixture: a scratch crate under
//! `target/xtask-codegen-compile/` gets one module per fixture (`src/<fixture>.rs`) and
//! `tests/compile/behaviour.rs` as its test, then `cargo test --offline` runs there.
//!
//! Ignored by default, since its first run builds paylinks-core's dependencies once more:
//! `cargo test -p xtask -- --ignored`.

mod common;

use std::path::Path;
use std::process::Command;

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create dir");
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

#[test]
#[ignore = "builds a scratch crate with cargo; run with `cargo test -p xtask -- --ignored`"]
fn generated_code_compiles_and_behaves() {
    let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = xtask.parent().expect("workspace root");
    let base = workspace.join("target/xtask-codegen-compile");
    let krate = base.join("crate");
    let _ = std::fs::remove_dir_all(krate.join("src"));

    let mut names: Vec<String> = std::fs::read_dir(common::fixtures())
        .expect("fixtures dir")
        .filter_map(|e| {
            let name = e.ok()?.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".codegen.toml").map(str::to_owned)
        })
        .collect();
    names.sort();

    let mut lib = String::from(
        "//! The code xtask generates for its test fixtures.\n\n\
         #![deny(warnings, missing_docs, unreachable_pub, rust_2018_idioms, unsafe_code)]\n\n",
    );
    for name in &names {
        write(
            &krate.join(format!("src/{name}.rs")),
            &common::generate_fixture(name),
        );
        lib.push_str(&format!("pub mod {name};\n"));
    }
    write(&krate.join("src/lib.rs"), &lib);
    let core = workspace.join("crates/paylinks-core");
    write(
        &krate.join("Cargo.toml"),
        &format!(
            r#"[package]
name = "codegen-fixtures"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
paylinks-core = {{ path = {core:?} }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = {{ version = "1", features = ["raw_value"] }}
rust_decimal = {{ version = "1", default-features = false, features = ["std", "serde"] }}
time = {{ version = "0.3", features = ["serde", "formatting", "parsing", "macros"] }}
uuid = {{ version = "1", features = ["serde"] }}
"#,
            core = core.display().to_string()
        ),
    );
    // The workspace's lock file pins the versions the clients build with.
    if !krate.join("Cargo.lock").exists() {
        std::fs::copy(workspace.join("Cargo.lock"), krate.join("Cargo.lock")).expect("copy lock");
    }
    write(
        &krate.join("tests/behaviour.rs"),
        &std::fs::read_to_string(xtask.join("tests/compile/behaviour.rs")).expect("behaviour.rs"),
    );

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["test", "--offline", "--manifest-path"])
        .arg(krate.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", base.join("target"))
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "cargo test in {} failed:\n{}\n{}",
        krate.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // The behaviour tests ran (the library's own unit tests are none).
    let stdout = String::from_utf8_lossy(&output.stdout);
    let passed: usize = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("test result: ok. "))
        .filter_map(|l| l.split_once(" passed")?.0.parse::<usize>().ok())
        .sum();
    assert!(passed >= 9, "{stdout}");
}
