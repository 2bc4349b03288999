//! Writes a JSON value as YAML the way the authored specs are written, so a derived spec reads
//! like one: block mappings, short lists of scalars in flow style (`required: [id, status]`),
//! long text folded at 100 columns (`>-`), and a string quoted whenever a YAML reader could take
//! it for anything else (a number, a boolean, null, an indicator), in YAML 1.1 as in 1.2 (so
//! `0x7ceB…` stays a string for every reader).
//!
//! [`to_string`] reads its output back and refuses to return text that does not read as the
//! value it was given.

use serde_json::Value;

/// The column at which long text is folded, and up to which a list is written in flow style.
const WIDTH: usize = 100;

/// `value` as a YAML document; an error if the text would not read back as `value`.
pub fn to_string(value: &Value) -> Result<String, String> {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => mapping(&mut out, map, 0),
        Value::Array(items) if !items.is_empty() => sequence(&mut out, items, 0),
        scalar => {
            out.push_str(&inline(scalar, false).unwrap_or_else(|| quoted(&scalar.to_string())));
            out.push('\n');
        }
    }
    let back: Value = yaml_serde::from_str(&out).map_err(|e| e.to_string())?;
    if &back == value {
        Ok(out)
    } else {
        Err(
            "the YAML written does not read back as the document (a bug in xtask's YAML writer)"
                .to_owned(),
        )
    }
}

fn indent(out: &mut String, level: usize) {
    out.extend(std::iter::repeat_n(' ', level));
}

fn mapping(out: &mut String, map: &serde_json::Map<String, Value>, level: usize) {
    for (key, value) in map {
        indent(out, level);
        out.push_str(&scalar_text(key, false));
        out.push(':');
        node(out, value, level, key.len() + 2);
    }
}

fn sequence(out: &mut String, items: &[Value], level: usize) {
    for item in items {
        indent(out, level);
        out.push('-');
        match item {
            // An item that is a mapping starts on the dash's line.
            Value::Object(map) if !map.is_empty() => {
                out.push(' ');
                let mut inner = String::new();
                mapping(&mut inner, map, level + 2);
                out.push_str(inner.trim_start());
            }
            _ => node(out, item, level, 2),
        }
    }
}

/// Writes `value` after a `key:` or `-` already on the line (`used` columns past `level`).
fn node(out: &mut String, value: &Value, level: usize, used: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            mapping(out, map, level + 2);
        }
        Value::Array(items) if !items.is_empty() => match flow(items) {
            Some(text) if level + used + 1 + text.len() <= WIDTH => {
                out.push(' ');
                out.push_str(&text);
                out.push('\n');
            }
            _ => {
                out.push('\n');
                sequence(out, items, level + 2);
            }
        },
        Value::String(text) if level + used + 1 + text.len() > WIDTH && foldable(text) => {
            out.push_str(" >-\n");
            fold(out, text, level + 2);
        }
        scalar => {
            out.push(' ');
            out.push_str(&inline(scalar, false).unwrap_or_default());
            out.push('\n');
        }
    }
}

/// `[a, b]` for a list of scalars, `None` for a list holding a list or a mapping.
fn flow(items: &[Value]) -> Option<String> {
    let parts: Option<Vec<String>> = items.iter().map(|i| inline(i, true)).collect();
    Some(format!("[{}]", parts?.join(", ")))
}

/// A scalar (or an empty list or mapping) on one line; `None` for anything else.
fn inline(value: &Value, in_flow: bool) -> Option<String> {
    Some(match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => scalar_text(s, in_flow),
        Value::Array(items) if items.is_empty() => "[]".to_owned(),
        Value::Object(map) if map.is_empty() => "{}".to_owned(),
        _ => return None,
    })
}

/// A string as written: plain where that is unambiguous, else double-quoted.
fn scalar_text(text: &str, in_flow: bool) -> String {
    if plain(text, in_flow) {
        text.to_owned()
    } else {
        quoted(text)
    }
}

/// JSON's string syntax, which is YAML's double-quoted scalar.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// Whether `text` reads back as itself, a string, when written plain.
fn plain(text: &str, in_flow: bool) -> bool {
    const WORDS: &[&str] = &[
        "true", "false", "null", "~", "yes", "no", "on", "off", "y", "n", ".inf", ".nan",
    ];
    let Some(first) = text.chars().next() else {
        return false;
    };
    !(WORDS.contains(&text.to_ascii_lowercase().as_str())
        // Anything that may be a number in YAML 1.1 or 1.2 (1, -1, .5, 0x1f, 1_000, 12:30).
        || first.is_ascii_digit()
        || "-+.?:,[]{}#&*!|>'\"%@`= ".contains(first)
        || text.ends_with([' ', ':'])
        || text.contains(": ")
        || text.contains(" #")
        || (in_flow && text.contains([',', '[', ']', '{', '}']))
        || text.chars().any(|c| c.is_control() || !(c.is_ascii_graphic() || c == ' ')))
}

/// Whether `text` can be written folded: one line of printable ASCII, words split by single
/// spaces (folding joins lines with one), more than one word (else there is nothing to fold).
fn foldable(text: &str) -> bool {
    text.contains(' ')
        && !text.contains("  ")
        && !text.starts_with(' ')
        && !text.ends_with(' ')
        && text.chars().all(|c| c.is_ascii_graphic() || c == ' ')
}

/// Writes `text` as the lines of a folded scalar at `level`.
fn fold(out: &mut String, text: &str, level: usize) {
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && level + line.len() + 1 + word.len() > WIDTH {
            indent(out, level);
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    indent(out, level);
    out.push_str(&line);
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::to_string;

    #[test]
    fn writes_like_the_authored_specs() {
        let doc = json!({
            "openapi": "3.0.3",
            "required": ["id", "status"],
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}},
            "servers": [{"url": "https://x.example", "description": "Production."}],
            "empty": [],
            "ref": "#/components/schemas/A",
            "description": "word ".repeat(30).trim_end(),
        });
        let text = to_string(&doc).unwrap();
        assert_eq!(
            text,
            "openapi: \"3.0.3\"\nrequired: [id, status]\npaths:\n  /a:\n    get:\n      responses:\n        \"200\":\n          description: ok\nservers:\n  - url: https://x.example\n    description: Production.\nempty: []\nref: \"#/components/schemas/A\"\ndescription: >-\n  word word word word word word word word word word word word word word word word word word word\n  word word word word word word word word word word word\n"
        );
    }

    #[test]
    fn quotes_what_a_reader_could_take_for_something_else() {
        for text in [
            "0x7ceB23fD6bC0adD59E62ac25578270cFf1b9f619",
            "1.0",
            "yes",
            "Null",
            "-x",
            "a: b",
            "a #b",
            "",
            " lead",
            "line\nbreak",
            "ünï",
        ] {
            let out = to_string(&json!({ "k": text })).unwrap();
            assert!(out.starts_with("k: \""), "{text:?} written as {out}");
        }
        // In a flow list, a comma is quoted too.
        assert_eq!(
            to_string(&json!({"l": ["a,b", "c"]})).unwrap(),
            "l: [\"a,b\", c]\n"
        );
    }
}
