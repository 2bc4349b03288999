//! Helpers shared by the generator's integration tests.

#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};

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
