//! `cargo xtask import <provider> --from FILE`: derives `openapi/<provider>`'s spec from the
//! provider's published OpenAPI document, mechanically, then applies
//! `openapi/<provider>.overlay.yaml`, which holds everything that is ours.
//!
//! The steps, in order:
//! 1. drop the provider's prose: every `description` and `summary` (ours are in the overlay);
//!    the facts stay (paths, parameters, names, types, formats, constraints, enum values,
//!    examples);
//!    and a body or parameter `schema` that is only `allOf: [{$ref}]` is written as the `$ref`
//!    (the same schema; generators of .NET documents wrap references so);
//! 2. apply the overlay ([`crate::overlay`]): our operationIds, our descriptions, and each
//!    correction with its reason and source;
//! 3. keep the operations `<provider>.codegen.toml` lists in `[operations]`, by operationId or as
//!    `METHOD /path` (a document without operationIds gets ours from step 2), the component
//!    schemas (and other components) they reach, and the tags they use; drop everything else;
//! 4. order every object's keys as the spec being replaced orders them (new keys after, in the
//!    document's order), so a re-import moves nothing and the generated items, which follow the
//!    spec's order, stay where they are;
//! 5. write YAML as the authored specs are written ([`crate::yaml`]), or JSON for a `.json` spec.
//!
//! The provider's document is read from wherever the maintainer saved it and never copied into
//! the repository.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::codegen::read::{METHODS, seg};
use crate::codegen::{self, Config};
use crate::overlay::Overlay;

/// Why an import failed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The failure.
        source: std::io::Error,
    },
    /// A file is malformed, or the document lacks what the config or overlay names.
    #[error("{file}: {message}")]
    Invalid {
        /// The file, as the maintainer would name it.
        file: String,
        /// What is wrong.
        message: String,
    },
}

/// The spec an import derived, beside the one it replaces.
#[derive(Debug)]
pub struct Imported {
    /// Where it goes: `openapi/<spec>`.
    pub path: PathBuf,
    /// The spec file's current text (empty when there is none).
    pub old_text: String,
    /// The derived text.
    pub new_text: String,
    /// What the maintainer should look at: overlay entries the document no longer matches.
    pub notes: Vec<String>,
}

fn read(path: &Path) -> Result<String, ImportError> {
    std::fs::read_to_string(path).map_err(|source| ImportError::Io {
        path: path.to_owned(),
        source,
    })
}

fn invalid(file: &str, message: impl Into<String>) -> ImportError {
    ImportError::Invalid {
        file: file.to_owned(),
        message: message.into(),
    }
}

/// Derives `provider`'s spec under `root` from the document at `from`; writes nothing.
pub fn import(root: &Path, provider: &str, from: &Path) -> Result<Imported, ImportError> {
    let openapi = root.join("openapi");
    let config_file = format!("{provider}.codegen.toml");
    let config: Config = toml::from_str(&read(&openapi.join(&config_file))?)
        .map_err(|e| invalid(&format!("openapi/{config_file}"), e.to_string()))?;
    let overlay_file = format!("{provider}.overlay.yaml");
    let overlay = Overlay::parse(&read(&openapi.join(&overlay_file))?)
        .map_err(|e| invalid(&format!("openapi/{overlay_file}"), e.to_string()))?;
    let from_name = from.display().to_string();
    let upstream = codegen::parse_spec(&from_name, &read(from)?)
        .map_err(|e| invalid(&from_name, e.message))?;
    let path = openapi.join(&config.spec);
    let old_text = std::fs::read_to_string(&path).unwrap_or_default();
    let existing = if old_text.is_empty() {
        Value::Null
    } else {
        codegen::parse_spec(&config.spec, &old_text)
            .map_err(|e| invalid(&format!("openapi/{}", config.spec), e.message))?
    };
    let (derived, notes) = derive(upstream, &overlay, &config, &existing)
        .map_err(|message| invalid(&format!("{from_name} with openapi/{overlay_file}"), message))?;
    let new_text = write(&config.spec, &derived)
        .map_err(|message| invalid(&format!("openapi/{}", config.spec), message))?;
    Ok(Imported {
        path,
        old_text,
        new_text,
        notes,
    })
}

/// Steps 1 to 4 on a parsed document (see the module docs); `existing` is the spec being
/// replaced (`Null` for none). Returns the spec and notes for the maintainer.
pub fn derive(
    mut document: Value,
    overlay: &Overlay,
    config: &Config,
    existing: &Value,
) -> Result<(Value, Vec<String>), String> {
    strip_prose(&mut document);
    unwrap_schemas(&mut document);
    overlay.apply(&mut document).map_err(|e| e.to_string())?;
    let mut notes = Vec::new();
    drop_described_only(&mut document, "", &mut notes);
    select(&mut document, config)?;
    Ok((order_like(document, existing), notes))
}

/// Removes each property that the overlay describes but the document no longer has (its schema
/// holds nothing but prose, because a merge adds what it does not find), so a property the
/// provider removed is reported removed; each is noted for the maintainer, who then deletes its
/// description from the overlay.
fn drop_described_only(value: &mut Value, pointer: &str, notes: &mut Vec<String>) {
    let Value::Object(map) = value else {
        if let Value::Array(items) = value {
            for (i, item) in items.iter_mut().enumerate() {
                drop_described_only(item, &format!("{pointer}/{i}"), notes);
            }
        }
        return;
    };
    for (key, child) in map.iter_mut() {
        if DATA.contains(&key.as_str()) {
            continue;
        }
        let here = format!("{pointer}/{}", seg(key));
        if key == "properties"
            && let Value::Object(properties) = child
        {
            properties.retain(|name, schema| {
                let prose_only = schema
                    .as_object()
                    .is_some_and(|s| s.keys().all(|k| k == "description" || k == "summary"));
                if prose_only {
                    notes.push(format!(
                        "{here}/{name}: the overlay describes it, the document does not have it (removed by the provider?): delete its description from the overlay"
                    ));
                }
                !prose_only
            });
        }
        drop_described_only(child, &here, notes);
    }
}

/// Keys whose value is data, not schema or document structure: copied as they are.
const DATA: &[&str] = &["example", "examples", "enum", "default", "const"];

/// Removes every `description` and `summary` that is prose, leaving property, parameter and
/// example data of those names alone.
pub fn strip_prose(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.shift_remove("description");
            map.shift_remove("summary");
            for (key, child) in map.iter_mut() {
                if DATA.contains(&key.as_str()) {
                    continue;
                }
                if key == "properties"
                    && let Value::Object(properties) = child
                {
                    // Names, not keywords: a property may be called `description`.
                    properties.values_mut().for_each(strip_prose);
                    continue;
                }
                strip_prose(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip_prose),
        _ => {}
    }
}

/// Writes each `schema` (of a body or a parameter) that is only `allOf: [{$ref}]` as the `$ref`.
fn unwrap_schemas(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if DATA.contains(&key.as_str()) {
                    continue;
                }
                if key == "schema"
                    && let Some([only]) = child
                        .as_object()
                        .filter(|s| s.len() == 1)
                        .and_then(|s| s.get("allOf"))
                        .and_then(Value::as_array)
                        .map(Vec::as_slice)
                    && only
                        .as_object()
                        .is_some_and(|o| o.len() == 1 && o.contains_key("$ref"))
                {
                    *child = only.clone();
                    continue;
                }
                unwrap_schemas(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(unwrap_schemas),
        _ => {}
    }
}

/// Keeps the listed operations, what they reach and the tags they use.
fn select(document: &mut Value, config: &Config) -> Result<(), String> {
    let root = document
        .as_object_mut()
        .ok_or("the document is not an object")?;
    let mut found: BTreeSet<String> = BTreeSet::new();
    let mut tags: BTreeSet<String> = BTreeSet::new();
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            let Value::Object(item) = item else { continue };
            item.retain(|key, op| {
                if !METHODS.contains(&key.as_str()) {
                    return true;
                }
                let by_route = format!("{} {path}", key.to_uppercase());
                let id = op.get("operationId").and_then(Value::as_str);
                let listed = [Some(by_route.as_str()), id]
                    .into_iter()
                    .flatten()
                    .find(|k| config.operations.contains_key(*k));
                if let Some(key) = listed {
                    found.insert(key.to_owned());
                    for tag in op
                        .get("tags")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                    {
                        tags.extend(tag.as_str().map(str::to_owned));
                    }
                }
                listed.is_some()
            });
        }
        paths.retain(|_, item| {
            item.as_object()
                .is_some_and(|i| i.keys().any(|k| METHODS.contains(&k.as_str())))
        });
    }
    let missing: Vec<&String> = config
        .operations
        .keys()
        .filter(|k| !found.contains(*k))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "[operations] lists {missing:?}, which the document (with the overlay) does not have"
        ));
    }
    // Components reached from what is kept, transitively.
    let mut reached: BTreeSet<String> = BTreeSet::new();
    let mut todo: Vec<String> = Vec::new();
    for (key, value) in root.iter() {
        if key != "components" {
            refs(value, &mut todo);
        }
    }
    // Security schemes are named by `security`, not referenced: kept as they are.
    if let Some(components) = root.get("components") {
        while let Some(reference) = todo.pop() {
            if !reached.insert(reference.clone()) {
                continue;
            }
            match components.pointer(reference.trim_start_matches("#/components")) {
                Some(value) => refs(value, &mut todo),
                None => return Err(format!("`{reference}` points at nothing")),
            }
        }
    }
    if let Some(Value::Object(components)) = root.get_mut("components") {
        for (kind, entries) in components.iter_mut() {
            if kind == "securitySchemes" {
                continue;
            }
            if let Value::Object(entries) = entries {
                let prefix = format!("#/components/{kind}/");
                entries.retain(|name, _| reached.contains(&format!("{prefix}{}", seg(name))));
            }
        }
        components.retain(|_, entries| entries.as_object().is_none_or(|e| !e.is_empty()));
    }
    if let Some(Value::Array(list)) = root.get_mut("tags") {
        list.retain(|tag| {
            tag.get("name")
                .and_then(Value::as_str)
                .is_some_and(|name| tags.contains(name))
        });
    }
    Ok(())
}

/// Collects every local `$ref` under `value`.
fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("$ref", Value::String(r)) if r.starts_with("#/components/") => {
                        out.push(r.clone());
                    }
                    (k, _) if DATA.contains(&k) => {}
                    _ => refs(child, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| refs(i, out)),
        _ => {}
    }
}

/// `value` with each object's keys in the order `like` (the same place in the spec being
/// replaced) has them, keys `like` lacks after them in `value`'s order; array items follow
/// `like`'s items by position.
pub fn order_like(value: Value, like: &Value) -> Value {
    match (value, like) {
        (Value::Object(mut map), Value::Object(like)) => {
            let mut out = Map::new();
            for (key, like_child) in like {
                if let Some(child) = map.shift_remove(key) {
                    out.insert(key.clone(), order_like(child, like_child));
                }
            }
            for (key, child) in map {
                out.insert(key, order_like(child, &Value::Null));
            }
            Value::Object(out)
        }
        (Value::Array(items), Value::Array(like)) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| order_like(item, like.get(i).unwrap_or(&Value::Null)))
                .collect(),
        ),
        (value, _) => value,
    }
}

/// The spec's text: pretty JSON for a `.json` file, YAML otherwise.
pub fn write(file: &str, value: &Value) -> Result<String, String> {
    if file.ends_with(".json") {
        serde_json::to_string_pretty(value)
            .map(|t| t + "\n")
            .map_err(|e| e.to_string())
    } else {
        crate::yaml::to_string(value)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use serde_json::Value;

    use super::{derive, order_like, strip_prose};
    use crate::codegen::Config;
    use crate::overlay::Overlay;

    /// A document with two operations (no operationIds) and three schemas, `B` reached only
    /// through `A`, `C` from the unlisted operation.
    fn upstream() -> Value {
        let body = |name: &str| {
            json!({"200": {"description": "d", "content": {"application/json": {
                "schema": {"allOf": [{"$ref": format!("#/components/schemas/{name}")}]}
            }}}})
        };
        json!({
            "openapi": "3.0.1",
            "tags": [{"name": "t1", "description": "d"}, {"name": "t2"}],
            "paths": {
                "/a": {"get": {"tags": ["t1"], "summary": "s", "responses": body("A")}},
                "/c": {"post": {"tags": ["t2"], "responses": body("C")}}
            },
            "components": {"schemas": {
                "A": {"type": "object", "properties": {
                    "b": {"$ref": "#/components/schemas/B"},
                    "kept": {"type": "string", "description": "d"}
                }},
                "B": {"type": "string", "enum": ["x"]},
                "C": {"type": "object"}
            }}
        })
    }

    fn overlay(actions: &str) -> Overlay {
        Overlay::parse(&format!(
            "overlay: 1.0.0\ninfo: {{title: t, version: '1'}}\nactions:\n{actions}"
        ))
        .unwrap()
    }

    fn config(operations: &str) -> Config {
        toml::from_str(&format!(
            "spec = \"a.yaml\"\ncrate = \"a\"\n[operations]\n{operations}"
        ))
        .unwrap()
    }

    #[test]
    fn keeps_the_listed_operations_what_they_reach_and_their_tags() {
        let ours = overlay("  - target: $.paths['/a'].get\n    update: {operationId: getA}\n");
        for listed in ["getA = \"get_a\"\n", "\"GET /a\" = \"get_a\"\n"] {
            let (spec, notes) = derive(upstream(), &ours, &config(listed), &Value::Null).unwrap();
            assert_eq!(
                spec,
                json!({
                    "openapi": "3.0.1",
                    "tags": [{"name": "t1"}],
                    "paths": {"/a": {"get": {"tags": ["t1"], "operationId": "getA", "responses": {
                        "200": {"content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/A"}
                        }}}
                    }}}},
                    "components": {"schemas": {
                        "A": {"type": "object", "properties": {
                            "b": {"$ref": "#/components/schemas/B"},
                            "kept": {"type": "string"}
                        }},
                        "B": {"type": "string", "enum": ["x"]}
                    }}
                }),
                "{listed}"
            );
            assert!(notes.is_empty());
        }
        let err = derive(
            upstream(),
            &ours,
            &config("getB = \"get_b\"\n"),
            &Value::Null,
        )
        .unwrap_err();
        assert!(err.contains("getB"), "{err}");
    }

    #[test]
    fn a_property_the_provider_removed_is_not_brought_back_by_its_description() {
        let ours = overlay(
            "  - target: $.paths['/a'].get\n    update: {operationId: getA}\n  - target: $.components.schemas.A\n    update:\n      properties:\n        kept: {description: Kept.}\n        gone: {description: Gone.}\n",
        );
        let (spec, notes) = derive(
            upstream(),
            &ours,
            &config("getA = \"get_a\"\n"),
            &Value::Null,
        )
        .unwrap();
        assert_eq!(
            spec["components"]["schemas"]["A"]["properties"]["kept"],
            json!({"type": "string", "description": "Kept."})
        );
        assert!(
            spec.pointer("/components/schemas/A/properties/gone")
                .is_none(),
            "{spec}"
        );
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(
            notes[0].starts_with("/components/schemas/A/properties/gone:"),
            "{notes:?}"
        );
    }

    #[test]
    fn strips_prose_but_not_data_named_like_it() {
        let mut doc = json!({
            "summary": "s",
            "description": "d",
            "properties": {"description": {"type": "string", "description": "d"}},
            "example": {"description": "kept", "summary": "kept"},
            "enum": ["description"]
        });
        strip_prose(&mut doc);
        assert_eq!(
            doc,
            json!({
                "properties": {"description": {"type": "string"}},
                "example": {"description": "kept", "summary": "kept"},
                "enum": ["description"]
            })
        );
    }

    #[test]
    fn orders_keys_like_the_existing_spec_and_new_ones_after() {
        let out = order_like(
            json!({"b": 1, "new": 2, "a": {"y": 1, "x": 2}, "l": [{"q": 1, "p": 2}]}),
            &json!({"a": {"x": 0, "y": 0}, "gone": 0, "b": 0, "l": [{"p": 0, "q": 0}]}),
        );
        assert_eq!(
            serde_json::to_string(&out).unwrap(),
            r#"{"a":{"x":2,"y":1},"b":1,"l":[{"p":2,"q":1}],"new":2}"#
        );
    }
}
