//! Compiles and runs the code generated from every fixture: a scratch crate under
//! `target/xtask-codegen-compile/codegen-fixtures/` gets one module per fixture
//! (`src/<fixture>.rs`) and `tests/compile/behaviour.rs` as its test, then `cargo test --offline`
//! runs there.
//!
//! The first run builds paylinks-core's dependencies once more (a few minutes); later runs take
//! seconds.

mod common;

use std::path::Path;

#[test]
fn generated_code_compiles_and_behaves() {
    let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
    let krate = common::Scratch::new("codegen-fixtures");

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
        krate.write(&format!("src/{name}.rs"), &common::generate_fixture(name));
        lib.push_str(&format!("pub mod {name};\n"));
    }
    krate.write("src/lib.rs", &lib);
    krate.write(
        "tests/behaviour.rs",
        &std::fs::read_to_string(xtask.join("tests/compile/behaviour.rs")).expect("behaviour.rs"),
    );

    let stdout = krate.test(&[]);
    // The behaviour tests ran (the library's own unit tests are none).
    let passed: usize = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("test result: ok. "))
        .filter_map(|l| l.split_once(" passed")?.0.parse::<usize>().ok())
        .sum();
    assert!(passed >= 14, "{stdout}");
}
