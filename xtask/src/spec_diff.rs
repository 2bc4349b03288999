//! `cargo xtask spec-diff OLD NEW`: what changed between two versions of a spec, classified for
//! the public API the generator makes of it (`openapi/README.md`, "From spec to
//! `generated.rs`"):
//!
//! - **breaking** (a major version): an operation, schema, property or enum value removed; a
//!   property or parameter added as required, or one whose required-ness changed (a required
//!   field is an argument of the type's `new`, an optional one an `Option`); a type changed; a
//!   required property's nullability changed (`T` against `Option<T>`); a request body added or
//!   removed;
//! - **additive** (a minor version): an operation, schema, optional property or optional query
//!   parameter added, an enum value added: generated types are `#[non_exhaustive]` and enums are
//!   open, so no caller breaks;
//! - **patch**: a validation constraint (length, bounds, pattern, item counts) changed: the types
//!   stay, what `validate` accepts does not.
//!
//! Prose, examples and error responses are not compared. Nor is a `.codegen.toml`: a change of
//! money fields or renames there is the maintainer's own, and shows in the generated diff.

use std::collections::BTreeSet;
use std::fmt;

use serde_json::Value;

use crate::codegen::read::METHODS;

/// How a change affects the crate generated from the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Only what `validate` accepts changed: a patch version.
    Patch,
    /// New API, none lost: a minor version.
    Additive,
    /// A caller's code may no longer compile: a major version.
    Breaking,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Patch => "patch",
            Kind::Additive => "additive",
            Kind::Breaking => "breaking",
        }
    }
}

/// One change, with what it is in a maintainer's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Its classification.
    pub kind: Kind,
    /// What changed, e.g. "schema `Link`: property `note` added (optional)".
    pub what: String,
    /// The change is a type's (of a property, parameter or body): the one kind of breaking
    /// change `cargo-semver-checks` cannot see, as it compares no types.
    pub type_change: bool,
}

/// Every change between two versions of a spec.
#[derive(Debug, Default)]
pub struct SpecDiff {
    /// The changes, in document order (operations, then schemas).
    pub changes: Vec<Change>,
}

impl SpecDiff {
    /// The strongest kind of change, `None` when the API is unchanged.
    pub fn verdict(&self) -> Option<Kind> {
        self.changes.iter().map(|c| c.kind).max()
    }

    /// Whether every breaking change is a type change (and there is one).
    pub fn breaking_by_type_only(&self) -> bool {
        let mut breaking = self
            .changes
            .iter()
            .filter(|c| c.kind == Kind::Breaking)
            .peekable();
        breaking.peek().is_some() && breaking.all(|c| c.type_change)
    }

    /// One line for the changelog: the version bump and what drove it.
    pub fn summary(&self) -> String {
        let count = |kind| self.changes.iter().filter(|c| c.kind == kind).count();
        let bump = match self.verdict() {
            None => return "no change to the generated API: no version bump".to_owned(),
            Some(Kind::Breaking) => "a major version",
            Some(Kind::Additive) => "a minor version",
            Some(Kind::Patch) => "a patch version",
        };
        let drivers: Vec<&str> = self
            .changes
            .iter()
            .filter(|c| Some(c.kind) == self.verdict())
            .map(|c| c.what.as_str())
            .collect();
        format!(
            "{} breaking, {} additive, {} patch: {bump} ({})",
            count(Kind::Breaking),
            count(Kind::Additive),
            count(Kind::Patch),
            drivers.join("; ")
        )
    }
}

impl fmt::Display for SpecDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for change in &self.changes {
            writeln!(f, "{:<9} {}", change.kind.label(), change.what)?;
        }
        writeln!(f, "verdict: {}", self.summary())
    }
}

/// Validation keywords: a change to one is a patch.
const CONSTRAINTS: &[&str] = &[
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
];

/// Compares two parsed specs (OpenAPI 3.0 or 3.1).
pub fn diff(old: &Value, new: &Value) -> SpecDiff {
    let mut out = Differ::default();
    out.operations(old, new);
    let schemas = |v: &Value| {
        v.pointer("/components/schemas")
            .cloned()
            .unwrap_or_default()
    };
    let (old_schemas, new_schemas) = (schemas(old), schemas(new));
    for name in keys(&old_schemas, &new_schemas) {
        let at = format!("schema `{name}`");
        match (old_schemas.get(&name), new_schemas.get(&name)) {
            (Some(_), None) => out.push(Kind::Breaking, format!("{at} removed")),
            (None, Some(_)) => out.push(Kind::Additive, format!("{at} added")),
            (Some(o), Some(n)) => out.schema(&at, o, n),
            (None, None) => {}
        }
    }
    SpecDiff {
        changes: out.changes,
    }
}

#[derive(Default)]
struct Differ {
    changes: Vec<Change>,
}

/// The keys of two objects: the old one's order, then the new one's additions.
fn keys(old: &Value, new: &Value) -> Vec<String> {
    let mut seen = BTreeSet::new();
    [old, new]
        .into_iter()
        .filter_map(Value::as_object)
        .flat_map(|m| m.keys())
        .filter(|k| seen.insert(k.as_str()))
        .cloned()
        .collect()
}

/// The enum values of a schema, as JSON text.
fn enum_values(schema: &Value) -> Vec<String> {
    schema
        .get("enum")
        .and_then(Value::as_array)
        .map(|values| {
            values
                .iter()
                .filter(|v| !v.is_null())
                .map(Value::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Whether a schema admits `null` (3.0 `nullable`, 3.1 `type: [T, "null"]`, a null branch of
/// `anyOf`/`oneOf`).
fn nullable(schema: &Value) -> bool {
    let null_branch = |key: &str| {
        schema.get(key).and_then(Value::as_array).is_some_and(|b| {
            b.iter()
                .any(|s| s.get("type") == Some(&Value::from("null")))
        })
    };
    schema.get("nullable") == Some(&Value::Bool(true))
        || schema
            .get("type")
            .and_then(Value::as_array)
            .is_some_and(|t| t.contains(&Value::from("null")))
        || null_branch("anyOf")
        || null_branch("oneOf")
}

/// The Rust type a schema becomes, as far as the spec decides it: a reference's name, a scalar
/// type with the formats that change the type, a list or map of one, a union of several.
fn signature(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap_or(r).to_owned();
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(branches) = schema.get(key).and_then(Value::as_array) {
            let parts: Vec<String> = branches
                .iter()
                .filter(|b| b.get("type") != Some(&Value::from("null")))
                .map(signature)
                .collect();
            return match parts.as_slice() {
                [one] if key != "oneOf" || branches.len() <= 2 => one.clone(),
                _ => format!("{key}({})", parts.join(", ")),
            };
        }
    }
    let ty = match schema.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .collect::<Vec<_>>()
            .join("|"),
        _ if schema.get("properties").is_some() => "object".to_owned(),
        _ => "any".to_owned(),
    };
    let format = schema.get("format").and_then(Value::as_str);
    match (ty.as_str(), format) {
        ("array", _) => format!(
            "array<{}>",
            signature(schema.get("items").unwrap_or(&Value::Null))
        ),
        ("object", _) => match schema.get("additionalProperties") {
            Some(v @ Value::Object(_)) => format!("map<{}>", signature(v)),
            _ => "object".to_owned(),
        },
        ("string", Some(f @ ("date-time" | "uuid"))) => format!("string/{f}"),
        ("integer" | "number", Some(f)) => format!("{ty}/{f}"),
        _ => ty,
    }
}

impl Differ {
    fn push(&mut self, kind: Kind, what: String) {
        self.changes.push(Change {
            kind,
            what,
            type_change: false,
        });
    }

    fn push_type(&mut self, what: String) {
        self.changes.push(Change {
            kind: Kind::Breaking,
            what,
            type_change: true,
        });
    }

    fn operations(&mut self, old: &Value, new: &Value) {
        let ops = |doc: &Value| -> Vec<(String, Value)> {
            let mut out = Vec::new();
            for (path, item) in doc
                .get("paths")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                for method in METHODS {
                    if let Some(op) = item.get(*method) {
                        let mut op = op.clone();
                        // Parameters shared by the path item count as the operation's own.
                        if let (Some(Value::Array(shared)), Some(map)) =
                            (item.get("parameters"), op.as_object_mut())
                        {
                            let own = map
                                .entry("parameters")
                                .or_insert_with(|| Value::Array(vec![]));
                            if let Value::Array(own) = own {
                                own.extend(shared.iter().cloned());
                            }
                        }
                        out.push((format!("{} {path}", method.to_uppercase()), op));
                    }
                }
            }
            out
        };
        let (old_ops, new_ops) = (ops(old), ops(new));
        let find = |list: &[(String, Value)], key: &str| {
            list.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
        };
        let mut routes: Vec<String> = old_ops.iter().map(|(k, _)| k.clone()).collect();
        routes.extend(
            new_ops
                .iter()
                .map(|(k, _)| k.clone())
                .filter(|k| find(&old_ops, k).is_none()),
        );
        for route in routes {
            let (o, n) = (find(&old_ops, &route), find(&new_ops, &route));
            let id = n
                .as_ref()
                .or(o.as_ref())
                .and_then(|op| op.get("operationId"))
                .and_then(Value::as_str)
                .map(|id| format!(" ({id})"))
                .unwrap_or_default();
            let at = format!("operation `{route}`{id}");
            match (o, n) {
                (Some(_), None) => self.push(Kind::Breaking, format!("{at} removed")),
                (None, Some(_)) => self.push(Kind::Additive, format!("{at} added")),
                (Some(o), Some(n)) => self.operation(&at, &o, &n),
                (None, None) => {}
            }
        }
    }

    fn operation(&mut self, at: &str, old: &Value, new: &Value) {
        let params = |op: &Value| -> Vec<(String, Value)> {
            op.get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|p| {
                    let name = p.get("name")?.as_str()?;
                    let location = p.get("in")?.as_str()?;
                    (location != "header")
                        .then(|| (format!("{location} parameter `{name}`"), p.clone()))
                })
                .collect()
        };
        let (old_params, new_params) = (params(old), params(new));
        let find = |list: &[(String, Value)], key: &str| {
            list.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
        };
        let mut names: Vec<String> = old_params.iter().map(|(k, _)| k.clone()).collect();
        names.extend(
            new_params
                .iter()
                .map(|(k, _)| k.clone())
                .filter(|k| find(&old_params, k).is_none()),
        );
        for name in names {
            let here = format!("{at}: {name}");
            let required = |p: &Value| p.get("required") == Some(&Value::Bool(true));
            match (find(&old_params, &name), find(&new_params, &name)) {
                (Some(_), None) => self.push(Kind::Breaking, format!("{here} removed")),
                (None, Some(p)) if required(&p) => {
                    self.push(Kind::Breaking, format!("{here} added (required)"));
                }
                (None, Some(_)) => self.push(Kind::Additive, format!("{here} added (optional)")),
                (Some(o), Some(n)) => {
                    if required(&o) != required(&n) {
                        let now = if required(&n) { "required" } else { "optional" };
                        self.push(Kind::Breaking, format!("{here} is now {now}"));
                    }
                    let schema = |p: &Value| p.get("schema").cloned().unwrap_or_default();
                    self.value(&here, &schema(&o), &schema(&n));
                }
                (None, None) => {}
            }
        }
        let body = |op: &Value| {
            op.pointer("/requestBody/content")
                .and_then(Value::as_object)
                .and_then(|c| c.values().next())
                .and_then(|m| m.get("schema"))
                .map(signature)
        };
        match (body(old), body(new)) {
            (Some(o), Some(n)) if o != n => {
                self.push_type(format!("{at}: request body `{o}` is now `{n}`"));
            }
            (Some(_), None) => self.push(Kind::Breaking, format!("{at}: request body removed")),
            (None, Some(_)) => self.push(Kind::Breaking, format!("{at}: request body added")),
            _ => {}
        }
        let success = |op: &Value| {
            op.get("responses")
                .and_then(Value::as_object)
                .and_then(|r| r.iter().find(|(code, _)| code.starts_with('2')))
                .map(|(code, r)| {
                    let schema = r
                        .get("content")
                        .and_then(Value::as_object)
                        .and_then(|c| c.values().next())
                        .and_then(|m| m.get("schema"))
                        .map(signature)
                        .unwrap_or_else(|| "no body".to_owned());
                    format!("{code} {schema}")
                })
        };
        if let (Some(o), Some(n)) = (success(old), success(new))
            && o != n
        {
            self.push_type(format!("{at}: success response `{o}` is now `{n}`"));
        }
    }

    /// A schema's own changes: its type, its enum values, its properties, its constraints.
    fn value(&mut self, at: &str, old: &Value, new: &Value) {
        let (o, n) = (signature(old), signature(new));
        if o != n {
            self.push_type(format!("{at}: type `{o}` is now `{n}`"));
            return;
        }
        let (old_values, new_values) = (enum_values(old), enum_values(new));
        for value in &old_values {
            if !new_values.contains(value) {
                self.push(Kind::Breaking, format!("{at}: enum value {value} removed"));
            }
        }
        for value in &new_values {
            if !old_values.contains(value) {
                self.push(Kind::Additive, format!("{at}: enum value {value} added"));
            }
        }
        for keyword in CONSTRAINTS {
            if old.get(keyword) != new.get(keyword) {
                let show = |v: &Value| v.get(keyword).map_or("none".to_owned(), Value::to_string);
                self.push(
                    Kind::Patch,
                    format!("{at}: {keyword} {} is now {}", show(old), show(new)),
                );
            }
        }
        if let (Some(o), Some(n)) = (old.get("items"), new.get("items")) {
            self.value(&format!("{at} items"), o, n);
        }
    }

    fn schema(&mut self, at: &str, old: &Value, new: &Value) {
        self.value(at, old, new);
        let required = |s: &Value, name: &str| {
            s.get("required")
                .and_then(Value::as_array)
                .is_some_and(|r| r.iter().any(|v| v.as_str() == Some(name)))
        };
        let props = |s: &Value| s.get("properties").cloned().unwrap_or_default();
        let (old_props, new_props) = (props(old), props(new));
        for name in keys(&old_props, &new_props) {
            let here = format!("{at}: property `{name}`");
            match (old_props.get(&name), new_props.get(&name)) {
                (Some(_), None) => self.push(Kind::Breaking, format!("{here} removed")),
                (None, Some(_)) if required(new, &name) => {
                    self.push(Kind::Breaking, format!("{here} added (required)"));
                }
                (None, Some(_)) => self.push(Kind::Additive, format!("{here} added (optional)")),
                (Some(o), Some(n)) => {
                    let (was, is) = (required(old, &name), required(new, &name));
                    if was != is {
                        let now = if is { "required" } else { "optional" };
                        self.push(Kind::Breaking, format!("{here} is now {now}"));
                    } else if is && nullable(o) != nullable(n) {
                        let now = if nullable(n) {
                            "nullable"
                        } else {
                            "not nullable"
                        };
                        self.push_type(format!("{here} (required) is now {now}"));
                    }
                    self.value(&here, o, n);
                }
                (None, None) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Kind, diff, signature};

    #[test]
    fn signatures_follow_the_rust_type() {
        assert_eq!(signature(&json!({"$ref": "#/components/schemas/A"})), "A");
        assert_eq!(
            signature(&json!({"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true})),
            "A"
        );
        assert_eq!(
            signature(&json!({"type": ["string", "null"], "format": "uri"})),
            "string"
        );
        assert_eq!(
            signature(&json!({"type": "string", "format": "uuid"})),
            "string/uuid"
        );
        assert_eq!(
            signature(&json!({"type": "array", "items": {"type": "integer", "format": "int32"}})),
            "array<integer/int32>"
        );
        assert_eq!(
            signature(&json!({"anyOf": [{"type": "string"}, {"type": "null"}]})),
            "string"
        );
    }

    #[test]
    fn a_nullable_change_on_a_required_property_breaks_and_on_an_optional_one_does_not() {
        let spec = |nullable: bool, required: bool| {
            json!({"components": {"schemas": {"A": {
                "type": "object",
                "required": if required { json!(["x"]) } else { json!([]) },
                "properties": {"x": {"type": "string", "nullable": nullable}}
            }}}})
        };
        assert_eq!(
            diff(&spec(false, true), &spec(true, true)).verdict(),
            Some(Kind::Breaking)
        );
        assert_eq!(
            diff(&spec(false, false), &spec(true, false)).verdict(),
            None
        );
    }
}
