//! A subset of the OpenAPI Overlay Specification 1.0 (<https://spec.openapis.org/overlay/v1.0.html>):
//! a document of ordered actions, each with a JSONPath `target` (RFC 9535, through the
//! `serde_json_path` crate) and either `remove: true` or an `update` value.
//!
//! - `update` on an object merges into it: a key absent from the target is added (after the
//!   target's own keys), an object merges recursively, an array is appended to, anything else
//!   replaces the target's value. `update` on an array appends the value as one more item.
//! - `remove: true` removes each selected node from its parent.
//! - Stricter than the specification asks, so a stale overlay is noticed: an action whose target
//!   selects nothing is an error, and so is an action with both or neither of `update` and
//!   `remove`. `info`, `extends` and each action's `description` are read but not applied.

use serde::Deserialize;
use serde_json::Value;
use serde_json_path::JsonPath;

use crate::codegen::read::seg;

/// An overlay document.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overlay {
    /// The Overlay Specification version: `1.0.x`.
    pub overlay: String,
    /// The overlay's title and version.
    pub info: Info,
    /// The document the overlay was written for (informative).
    #[serde(default)]
    pub extends: Option<String>,
    /// The actions, applied in order.
    pub actions: Vec<Action>,
}

/// `info`: what the overlay is.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Info {
    /// Title.
    pub title: String,
    /// The overlay's own version.
    pub version: String,
}

/// One change to the document.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// A JSONPath selecting the nodes to change.
    pub target: String,
    /// Why: for a correction, the reason and its source.
    #[serde(default)]
    pub description: Option<String>,
    /// The value merged into (or appended to) each selected node.
    #[serde(default)]
    pub update: Option<Value>,
    /// Whether the selected nodes are removed.
    #[serde(default)]
    pub remove: bool,
}

/// Why an overlay could not be read or applied.
#[derive(Debug, thiserror::Error)]
pub enum OverlayError {
    /// The overlay document is malformed.
    #[error("{0}")]
    Malformed(String),
    /// One action could not be applied; `index` counts from 0.
    #[error("action {index} (target `{target}`): {message}")]
    Action {
        /// The action's position in `actions`.
        index: usize,
        /// Its target.
        target: String,
        /// What is wrong.
        message: String,
    },
}

impl Overlay {
    /// Reads an overlay from YAML (JSON being YAML, either form).
    pub fn parse(text: &str) -> Result<Overlay, OverlayError> {
        let overlay: Overlay =
            yaml_serde::from_str(text).map_err(|e| OverlayError::Malformed(e.to_string()))?;
        if !overlay.overlay.starts_with("1.0.") {
            return Err(OverlayError::Malformed(format!(
                "overlay version {} is not supported (1.0.x is)",
                overlay.overlay
            )));
        }
        Ok(overlay)
    }

    /// Applies every action to `document`, in order.
    pub fn apply(&self, document: &mut Value) -> Result<(), OverlayError> {
        for (index, action) in self.actions.iter().enumerate() {
            action
                .apply(document)
                .map_err(|message| OverlayError::Action {
                    index,
                    target: action.target.clone(),
                    message,
                })?;
        }
        Ok(())
    }
}

impl Action {
    fn apply(&self, document: &mut Value) -> Result<(), String> {
        let path = JsonPath::parse(&self.target).map_err(|e| e.to_string())?;
        // Pointers first (the query borrows the document), each as its parent and last step.
        let mut selected: Vec<(String, Step)> = path
            .query_located(document)
            .iter()
            .map(|node| {
                let location = node.location();
                let step = match location.last() {
                    Some(last) => match last.as_index() {
                        Some(i) => Step::Index(i),
                        None => Step::Name(last.as_name().unwrap_or_default().to_owned()),
                    },
                    None => Step::Root,
                };
                let pointer = location.to_json_pointer();
                let parent = match step {
                    Step::Root => String::new(),
                    _ => pointer[..pointer.rfind('/').unwrap_or(0)].to_owned(),
                };
                (parent, step)
            })
            .collect();
        if selected.is_empty() {
            return Err("the target selects nothing (is the overlay stale?)".to_owned());
        }
        match (&self.update, self.remove) {
            (Some(_), true) | (None, false) => {
                Err("an action needs exactly one of `update` and `remove: true`".to_owned())
            }
            (None, true) => {
                // Later indexes first, so removing one item does not shift the next.
                selected.sort_by(|a, b| b.cmp(a));
                for (parent, step) in selected {
                    match (document.pointer_mut(&parent), step) {
                        (Some(Value::Object(map)), Step::Name(name)) => {
                            map.shift_remove(&name);
                        }
                        (Some(Value::Array(items)), Step::Index(i)) if i < items.len() => {
                            items.remove(i);
                        }
                        (_, Step::Root) => {
                            return Err("the document's root cannot be removed".to_owned());
                        }
                        _ => {
                            return Err(format!(
                                "{parent}: nothing there to remove (an earlier removal of this \
                                 action took it, or an index past the end)"
                            ));
                        }
                    }
                }
                Ok(())
            }
            (Some(update), false) => {
                for (parent, step) in selected {
                    let pointer = match &step {
                        Step::Root => String::new(),
                        Step::Name(name) => format!("{parent}/{}", seg(name)),
                        Step::Index(i) => format!("{parent}/{i}"),
                    };
                    let node = document
                        .pointer_mut(&pointer)
                        .ok_or_else(|| format!("{pointer} vanished while applying"))?;
                    match (node, update) {
                        (Value::Array(items), value) => items.push(value.clone()),
                        (node @ Value::Object(_), Value::Object(_)) => merge(node, update),
                        _ => {
                            return Err(format!(
                                "{pointer}: `update` applies to an object (with an object) or an array"
                            ));
                        }
                    }
                }
                Ok(())
            }
        }
    }
}

/// The last step to a selected node.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Root,
    Index(usize),
    Name(String),
}

/// Merges `update` into `target`: objects key by key (recursively), arrays by appending, any other
/// value by replacing.
pub fn merge(target: &mut Value, update: &Value) {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => {
            for (key, value) in update {
                match target.get_mut(key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        target.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(target), Value::Array(update)) => target.extend(update.iter().cloned()),
        (target, update) => *target = update.clone(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Overlay, OverlayError};

    fn apply(
        overlay: &str,
        mut document: serde_json::Value,
    ) -> Result<serde_json::Value, OverlayError> {
        Overlay::parse(overlay)?.apply(&mut document)?;
        Ok(document)
    }

    const HEAD: &str = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n";

    #[test]
    fn update_merges_deeply_and_appends_arrays() {
        let doc = json!({"a": {"b": 1, "c": {"d": 2}, "l": [1]}, "z": 0});
        let out = apply(
            &format!("{HEAD}  - target: $.a\n    update: {{b: 5, c: {{e: 3}}, l: [2], n: new}}\n"),
            doc,
        )
        .unwrap();
        assert_eq!(
            out,
            json!({"a": {"b": 5, "c": {"d": 2, "e": 3}, "l": [1, 2], "n": "new"}, "z": 0})
        );
        // Order: the added key comes after the target's own.
        let keys: Vec<&String> = out["a"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["b", "c", "l", "n"]);
    }

    #[test]
    fn update_on_an_array_appends_one_item() {
        let out = apply(
            &format!("{HEAD}  - target: $.tags\n    update: {{name: x}}\n"),
            json!({"tags": [{"name": "a"}]}),
        )
        .unwrap();
        assert_eq!(out, json!({"tags": [{"name": "a"}, {"name": "x"}]}));
    }

    #[test]
    fn remove_by_name_by_filter_and_by_wildcard() {
        let doc = json!({
            "s": {
                "A": {"enum": ["x", "unknown", "y", "unknown"], "additionalProperties": false},
                "B": {"additionalProperties": false, "k": 1}
            }
        });
        let out = apply(
            &format!(
                "{HEAD}  - target: $.s.*.additionalProperties\n    remove: true\n  - target: \"$.s.A.enum[?@ == 'unknown']\"\n    remove: true\n"
            ),
            doc,
        )
        .unwrap();
        assert_eq!(
            out,
            json!({"s": {"A": {"enum": ["x", "y"]}, "B": {"k": 1}}})
        );
    }

    #[test]
    fn a_target_that_selects_nothing_is_an_error() {
        let err = apply(
            &format!("{HEAD}  - target: $.missing\n    remove: true\n"),
            json!({"a": 1}),
        )
        .unwrap_err();
        assert!(err.to_string().contains("selects nothing"), "{err}");
    }

    #[test]
    fn an_action_needs_exactly_one_of_update_and_remove() {
        for action in [
            "  - target: $.a\n",
            "  - target: $.a\n    remove: true\n    update: {b: 1}\n",
        ] {
            let err = apply(&format!("{HEAD}{action}"), json!({"a": {}})).unwrap_err();
            assert!(err.to_string().contains("exactly one"), "{err}");
        }
    }

    #[test]
    fn only_version_1_0_is_read() {
        let err = Overlay::parse("overlay: 2.0.0\ninfo: {title: t, version: '1'}\nactions: []\n")
            .unwrap_err();
        assert!(err.to_string().contains("not supported"), "{err}");
    }
}
