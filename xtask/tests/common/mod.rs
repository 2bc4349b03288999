//! Helpers shared by the generator's integration tests.

#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use xtask::codegen::{Config, Error, SpecError};

/// `xtask/tests/fixtures`.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The config and spec texts of the fixture `name` (`fixtures/<name>.codegen.toml` and the spec
/// it names), as `(config file name, config text, spec text)`.
pub fn fixture_texts(name: &str) -> (String, String, String) {
    let config_file = format!("{name}.codegen.toml");
    let config_text = read(&fixtures().join(&config_file));
    let config: Config = toml::from_str(&config_text).expect("fixture config parses");
    let spec_text = read(&fixtures().join(&config.spec));
    (config_file, config_text, spec_text)
}

/// Generates the fixture `name`, panicking with the error if the generator refuses it.
pub fn generate_fixture(name: &str) -> String {
    let (config_file, config_text, spec_text) = fixture_texts(name);
    xtask::codegen::generate(&config_file, &config_text, &spec_text)
        .unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// The `SpecError` the generator reports for this config and spec.
pub fn spec_error(config_text: &str, spec_text: &str) -> SpecError {
    match xtask::codegen::generate("t.codegen.toml", config_text, spec_text) {
        Err(Error::Spec(e)) => e,
        Err(other) => panic!("expected a SpecError, got {other:?}"),
        Ok(code) => panic!("expected a SpecError, got code:\n{code}"),
    }
}

/// One field of a generated struct: its `#[serde(...)]` attributes (joined onto one line, empty
/// when there are none) and its Rust type.
#[derive(Debug)]
pub struct FieldDecl {
    pub attrs: String,
    pub ty: String,
}

/// Finds `pub <field>: <ty>,` inside `pub struct <item> { ... }` of generated code.
pub fn field(code: &str, item: &str, field: &str) -> FieldDecl {
    let open = format!("pub struct {item} {{");
    let mut lines = code.lines().skip_while(|l| l.trim() != open);
    assert!(lines.next().is_some(), "no `{open}` in:\n{code}");
    let prefix = format!("pub {field}: ");
    let mut pending: Vec<&str> = Vec::new();
    for line in lines {
        let line = line.trim();
        if line == "}" {
            break;
        }
        if line.starts_with("///") {
            continue;
        }
        if let Some(ty) = line.strip_prefix(&prefix) {
            return FieldDecl {
                attrs: pending.join(" "),
                ty: ty.trim_end_matches(',').to_owned(),
            };
        }
        if line.starts_with("pub ") {
            pending.clear();
        } else {
            pending.push(line);
        }
    }
    panic!("no field `{field}` in struct `{item}` of:\n{code}");
}

/// The text of the item that starts with the line `start` (trimmed), up to its closing brace at
/// the same indentation.
pub fn block<'c>(code: &'c str, start: &str) -> &'c str {
    let begin = code
        .find(start)
        .unwrap_or_else(|| panic!("no `{start}` in:\n{code}"));
    let line_start = code[..begin].rfind('\n').map_or(0, |i| i + 1);
    let indent = &code[line_start..begin];
    let close = format!("\n{indent}}}");
    let end = code[begin..]
        .find(&close)
        .map(|i| begin + i + close.len())
        .unwrap_or(code.len());
    &code[begin..end]
}

/// `code` with all whitespace removed and the trailing commas a formatter adds to wrapped lists
/// dropped, so that a one-line needle matches however the formatter wrapped it.
fn squash(code: &str) -> String {
    let mut out: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    for (from, to) in [(",)", ")"), (",]", "]"), (",}", "}")] {
        out = out.replace(from, to);
    }
    out
}

/// Whether `code` contains `needle`, ignoring whitespace and the formatter's line wrapping.
pub fn has(code: &str, needle: &str) -> bool {
    squash(code).contains(&squash(needle))
}

/// Writes `text` to `path`, creating its directory.
pub fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create dir");
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// A scratch crate `target/xtask-codegen-compile/<name>/` depending on `paylinks-core` and the
/// crates generated code uses, built in `target/xtask-codegen-compile/target/`, which every
/// scratch crate shares: only the first build compiles paylinks-core's dependencies.
pub struct Scratch {
    /// The crate's directory.
    pub dir: PathBuf,
    target: PathBuf,
}

impl Scratch {
    /// Creates (or reuses) the crate `name` with an empty `src/` and `tests/`.
    pub fn new(name: &str) -> Scratch {
        let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
        let workspace = xtask.parent().expect("workspace root");
        let base = workspace.join("target/xtask-codegen-compile");
        let dir = base.join(name);
        let _ = std::fs::remove_dir_all(dir.join("src"));
        let _ = std::fs::remove_dir_all(dir.join("tests"));
        write(
            &dir.join("Cargo.toml"),
            &xtask::codegen::fixture_manifest(name, workspace),
        );
        // The workspace's lock file pins the versions the clients build with.
        if !dir.join("Cargo.lock").exists() {
            std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy lock");
        }
        Scratch {
            dir,
            target: base.join("target"),
        }
    }

    /// Writes `text` to `relative` inside the crate.
    pub fn write(&self, relative: &str, text: &str) {
        write(&self.dir.join(relative), text);
    }

    /// `cargo <args> --offline` in the crate.
    pub fn cargo(&self, args: &[&str]) -> Output {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        Command::new(cargo)
            .args(args)
            .arg("--offline")
            .arg("--manifest-path")
            .arg(self.dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &self.target)
            .output()
            .expect("run cargo")
    }

    /// Runs `cargo test` and panics with its output unless it passes; returns its stdout.
    pub fn test(&self, args: &[&str]) -> String {
        let mut all = vec!["test"];
        all.extend_from_slice(args);
        let output = self.cargo(&all);
        assert!(
            output.status.success(),
            "cargo test in {} failed:\n{}\n{}",
            self.dir.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }
}
