//! The embedded OpenAPI documents, compiled into JSON Schema validators once per process.
//!
//! Each provider's handlers look their operations up here by `operationId`, and check every
//! request (body, query and path parameters) against the operation's schemas before acting on
//! it, and every response they send against the documented response schema for its status.
//! OpenAPI 3.0 schemas are read as JSON Schema draft 4 with `nullable: true` rewritten to a
//! `null` type; OpenAPI 3.1 schemas are JSON Schema 2020-12 as they stand.
//!
//! Every `format` the documents use is checked under both drafts, as the providers would:
//! `date-time` and `uri` by the validator's own checks, `uuid` (which draft 4 does not know) by a
//! check registered for every draft, and OpenAPI's `int32` and `int64` as the ranges OpenAPI
//! gives them (see [`bound_integer_formats`]). `double` allows every JSON number the sandbox can
//! read, and a format no one defines (Pay.io's `"format": "string"`) is ignored.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use axum::Router;
use axum::handler::Handler;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, on};
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{Draft, JsonType, JsonTypeSet, ValidationError, Validator};
use serde_json::{Map, Value, json};

/// The five documents: this crate's copies of the workspace's `openapi/` specs, kept byte for
/// byte by `cargo xtask codegen` (and verified by its `--check`), so the published crate carries
/// them.
const SOURCES: [(&str, &str); 5] = [
    ("payio", include_str!("../openapi/payio.json")),
    ("mesh", include_str!("../openapi/mesh.yaml")),
    ("paywint", include_str!("../openapi/paywint.yaml")),
    ("p100", include_str!("../openapi/p100.yaml")),
    ("txn", include_str!("../openapi/txn.yaml")),
];

/// One provider's compiled spec: its operations by `operationId`.
#[derive(Debug)]
pub(crate) struct Spec {
    operations: BTreeMap<String, Operation>,
}

/// Where in the request a schema violation was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum In {
    /// The JSON body.
    Body,
    /// A query parameter.
    Query,
    /// A path parameter.
    Path,
}

/// One way a request breaks its operation's schema.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Violation {
    /// Body, query or path.
    pub(crate) location: In,
    /// The field's path: property names and array indexes from the body root, or the
    /// parameter's name first. For a missing required property, ends with its name.
    pub(crate) path: Vec<String>,
    /// The rule that failed, with the limit, types or values the schema gave it.
    pub(crate) detail: Detail,
    /// The validator's message.
    pub(crate) message: String,
}

/// The rule a [`Violation`] breaks, as the failing JSON Schema keyword states it, so that an
/// error body can name the limit, the expected types or the allowed values without reading
/// the schema again.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Detail {
    /// `required`: a property, a parameter or the body itself is missing.
    Required,
    /// The body is not JSON at all (no keyword was checked).
    NotJson,
    /// `type`: the types the schema allows.
    Type(JsonTypeSet),
    /// `enum`: the values the schema allows.
    Enum(Vec<Value>),
    /// `minimum`: the smallest number allowed.
    Minimum(Value),
    /// `exclusiveMinimum`: the number every value must be above.
    ExclusiveMinimum(Value),
    /// `maximum`: the largest number allowed.
    Maximum(Value),
    /// `exclusiveMaximum`: the number every value must be below.
    ExclusiveMaximum(Value),
    /// `minLength`: the fewest characters allowed.
    MinLength(u64),
    /// `maxLength`: the most characters allowed.
    MaxLength(u64),
    /// `format`: the format's name (`uuid`, `date-time`, …).
    Format(String),
    /// `pattern`: the regular expression the text must match.
    Pattern(String),
    /// Any other keyword, or a rule a handler checks itself because the schema cannot
    /// state it.
    Other,
}

impl Detail {
    /// What `kind` (a validator error) says.
    fn of(kind: &ValidationErrorKind) -> Detail {
        match kind {
            ValidationErrorKind::Required { .. } => Detail::Required,
            ValidationErrorKind::Type { kind } => Detail::Type(match kind {
                TypeKind::Single(single) => JsonTypeSet::from(*single),
                TypeKind::Multiple(several) => *several,
            }),
            ValidationErrorKind::Enum { options } => Detail::Enum(match &**options {
                Value::Array(options) => options.clone(),
                other => vec![other.clone()],
            }),
            ValidationErrorKind::Minimum { limit } => Detail::Minimum(limit.clone()),
            ValidationErrorKind::ExclusiveMinimum { limit } => {
                Detail::ExclusiveMinimum(limit.clone())
            }
            ValidationErrorKind::Maximum { limit } => Detail::Maximum(limit.clone()),
            ValidationErrorKind::ExclusiveMaximum { limit } => {
                Detail::ExclusiveMaximum(limit.clone())
            }
            ValidationErrorKind::MinLength { limit } => Detail::MinLength(*limit),
            ValidationErrorKind::MaxLength { limit } => Detail::MaxLength(*limit),
            ValidationErrorKind::Format { format } => Detail::Format(format.clone()),
            ValidationErrorKind::Pattern { pattern } => Detail::Pattern(pattern.clone()),
            _ => Detail::Other,
        }
    }
}

impl Violation {
    /// The path joined with `.` (`data.attributes.amount`); empty for the whole body.
    pub(crate) fn dotted(&self) -> String {
        self.path.join(".")
    }

    /// The path as a JSON pointer (`/data/attributes/amount`).
    pub(crate) fn pointer(&self) -> String {
        self.path
            .iter()
            .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
            .collect()
    }
}

/// A declared path or query parameter.
#[derive(Debug)]
struct Parameter {
    name: String,
    location: In,
    required: bool,
    /// The JSON type the text of the parameter is read as before validation.
    kind: Kind,
    validator: Validator,
}

/// How a parameter's text becomes a JSON value.
#[derive(Debug, Clone, Copy)]
enum Kind {
    String,
    Integer,
    Number,
    Boolean,
    /// Repeated parameters, each read as the inner kind.
    Array(ScalarKind),
}

#[derive(Debug, Clone, Copy)]
enum ScalarKind {
    String,
    Number,
    Boolean,
}

/// One operation: its method, path template and compiled schemas.
#[derive(Debug)]
pub(crate) struct Operation {
    id: String,
    method: Method,
    /// The path template, in OpenAPI's `{name}` form (which axum's router also uses).
    path: String,
    body: Option<(bool, Validator)>,
    parameters: Vec<Parameter>,
    /// Response schemas by status (`"200"`, `"4XX"`, `"default"`); `None` for a documented
    /// status with no JSON body.
    responses: BTreeMap<String, Option<Validator>>,
}

/// The compiled spec of `provider` (`payio`, `mesh`, `paywint`, `p100`, `txn`).
///
/// The documents are embedded and their compilation is tested, so a failure here is a bug in
/// this crate, reported by panicking at first use.
pub(crate) fn spec(provider: &str) -> &'static Spec {
    static SPECS: OnceLock<BTreeMap<&'static str, Spec>> = OnceLock::new();
    let specs = SPECS.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(name, text)| {
                let spec = compile(text).unwrap_or_else(|e| panic!("openapi/{name}: {e}"));
                (*name, spec)
            })
            .collect()
    });
    &specs[provider]
}

impl Spec {
    /// The operation with this `operationId`.
    ///
    /// # Panics
    /// When the spec has no such operation: the handlers name only operations the specs
    /// declare, which the tests check.
    pub(crate) fn operation(&self, id: &str) -> &Operation {
        self.operations
            .get(id)
            .unwrap_or_else(|| panic!("no operation {id}"))
    }
}

impl Operation {
    /// Serves this operation's method and path with `handler`.
    pub(crate) fn route<S, H, T>(&self, router: Router<S>, handler: H) -> Router<S>
    where
        H: Handler<T, S>,
        T: 'static,
        S: Clone + Send + Sync + 'static,
    {
        let filter = MethodFilter::try_from(self.method.clone())
            .unwrap_or_else(|e| unreachable!("specs use only standard methods: {e}"));
        router.route(&self.path, on(filter, handler))
    }

    /// Parses `body` as JSON and checks it against the request body schema; an empty body
    /// is accepted (as `Value::Null`) only where the body is optional.
    pub(crate) fn check_body(&self, body: &[u8]) -> Result<Value, Vec<Violation>> {
        let Some((required, validator)) = &self.body else {
            return Ok(Value::Null);
        };
        if body.iter().all(u8::is_ascii_whitespace) {
            if *required {
                return Err(vec![Violation {
                    location: In::Body,
                    path: Vec::new(),
                    detail: Detail::Required,
                    message: "a request body is required".to_owned(),
                }]);
            }
            return Ok(Value::Null);
        }
        let value: Value = serde_json::from_slice(body).map_err(|e| {
            vec![Violation {
                location: In::Body,
                path: Vec::new(),
                detail: Detail::NotJson,
                message: format!("the body is not valid JSON: {e}"),
            }]
        })?;
        let violations = violations(validator, &value, In::Body, Vec::new());
        if violations.is_empty() {
            Ok(value)
        } else {
            Err(violations)
        }
    }

    /// Checks the query string (without `?`) and the path parameters against the declared
    /// parameters, and returns the query parameters read as JSON values by name. Undeclared
    /// query parameters are ignored, as most APIs do.
    pub(crate) fn check_parameters(
        &self,
        query: Option<&str>,
        path: &[(&str, &str)],
    ) -> Result<Map<String, Value>, Vec<Violation>> {
        let pairs: Vec<(String, String)> =
            url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
                .into_owned()
                .collect();
        let mut read = Map::new();
        let mut all = Vec::new();
        for parameter in &self.parameters {
            let texts: Vec<&str> = match parameter.location {
                In::Path => path
                    .iter()
                    .filter(|(n, _)| *n == parameter.name)
                    .map(|(_, v)| *v)
                    .collect(),
                _ => pairs
                    .iter()
                    .filter(|(n, _)| *n == parameter.name)
                    .map(|(_, v)| v.as_str())
                    .collect(),
            };
            let Some(value) = parameter.kind.read(&texts) else {
                if parameter.required {
                    all.push(Violation {
                        location: parameter.location,
                        path: vec![parameter.name.clone()],
                        detail: Detail::Required,
                        message: format!("the parameter {} is required", parameter.name),
                    });
                }
                continue;
            };
            let found = violations(
                &parameter.validator,
                &value,
                parameter.location,
                vec![parameter.name.clone()],
            );
            if found.is_empty() {
                if parameter.location == In::Query {
                    read.insert(parameter.name.clone(), value);
                }
            } else {
                all.extend(found);
            }
        }
        if all.is_empty() { Ok(read) } else { Err(all) }
    }

    /// A JSON response, after checking `body` against the schema documented for `status`
    /// (the exact status, then `4XX`-style ranges, then `default`).
    ///
    /// A body the spec does not allow is a bug in the sandbox: it is logged and answered with
    /// a 500 naming the broken rule, so a test that meets it fails loudly instead of teaching a
    /// client the wrong shape.
    pub(crate) fn respond(&self, status: StatusCode, content_type: &str, body: Value) -> Response {
        let checked = self
            .check_response(status, &body)
            .map(|()| body.to_string());
        self.answer(status, content_type, checked)
    }

    /// [`respond`](Self::respond) for a body that is not a [`Value`]: one that sends amounts
    /// as JSON numbers digit for digit (through `RawValue`), which a [`Value`] cannot hold
    /// without serde_json's `arbitrary_precision`. It is checked as the [`Value`] it reads as.
    pub(crate) fn respond_serialized(
        &self,
        status: StatusCode,
        content_type: &str,
        body: impl serde::Serialize,
    ) -> Response {
        let checked = serde_json::to_string(&body)
            .and_then(|text| Ok((serde_json::to_value(&body)?, text)))
            .map_err(|e| format!("{}: the response body does not serialize: {e}", self.id))
            .and_then(|(value, text)| self.check_response(status, &value).map(|()| text));
        self.answer(status, content_type, checked)
    }

    /// The response with the checked body text, or the 500 for a body that broke the spec.
    fn answer(
        &self,
        status: StatusCode,
        content_type: &str,
        checked: Result<String, String>,
    ) -> Response {
        let text = match checked {
            Ok(text) => text,
            Err(message) => {
                tracing::error!(operation = %self.id, %status, %message, "sandbox response breaks the spec");
                return (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    [("content-type", "application/json")],
                    json!({ "sandbox_error": message }).to_string(),
                )
                    .into_response();
            }
        };
        (status, [("content-type", content_type)], text).into_response()
    }

    /// Checks a response body against the schema documented for `status`.
    pub(crate) fn check_response(&self, status: StatusCode, body: &Value) -> Result<(), String> {
        let code = status.as_u16().to_string();
        let range = format!("{}XX", status.as_u16() / 100);
        let documented = self
            .responses
            .get(&code)
            .or_else(|| self.responses.get(&range))
            .or_else(|| self.responses.get("default"));
        let Some(documented) = documented else {
            return Err(format!("{} does not document status {status}", self.id));
        };
        let Some(validator) = documented else {
            return Ok(());
        };
        let found = violations(validator, body, In::Body, Vec::new());
        if found.is_empty() {
            return Ok(());
        }
        Err(found
            .iter()
            .map(|v| format!("{} at /{}: {}", self.id, v.path.join("/"), v.message))
            .collect::<Vec<_>>()
            .join("; "))
    }
}

impl Kind {
    /// The parameter's value from its occurrences; `None` when absent.
    fn read(self, texts: &[&str]) -> Option<Value> {
        let scalar = |kind: ScalarKind, text: &str| match kind {
            ScalarKind::String => Value::String(text.to_owned()),
            // Text that is not a number stays a string, for the schema's `type` to refuse.
            ScalarKind::Number => serde_json::from_str::<serde_json::Number>(text)
                .map_or_else(|_| Value::String(text.to_owned()), Value::Number),
            ScalarKind::Boolean => match text {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                other => Value::String(other.to_owned()),
            },
        };
        match self {
            Kind::Array(inner) if !texts.is_empty() => Some(Value::Array(
                texts.iter().map(|t| scalar(inner, t)).collect(),
            )),
            Kind::Array(_) => None,
            _ => {
                let text = texts.first()?;
                Some(match self {
                    Kind::String => scalar(ScalarKind::String, text),
                    Kind::Integer | Kind::Number => scalar(ScalarKind::Number, text),
                    Kind::Boolean => scalar(ScalarKind::Boolean, text),
                    Kind::Array(_) => unreachable!("handled above"),
                })
            }
        }
    }
}

/// Every violation of `validator` by `value`, with paths below `prefix`.
fn violations(
    validator: &Validator,
    value: &Value,
    location: In,
    prefix: Vec<String>,
) -> Vec<Violation> {
    let mut found = Vec::new();
    // The common case, a valid value, without building errors.
    if validator.is_valid(value) {
        return found;
    }
    for error in validator.iter_errors(value) {
        collect(&error, location, &prefix, &mut found);
    }
    found
}

/// The violation `error` stands for, pushed onto `found`; for a value that is not null but
/// breaks a nullable schema (`anyOf: [schema, {type: null}]`, see [`rewrite_nullable`]), the
/// violations of the schema itself, so the message names the field at fault instead of "not
/// valid under any of the schemas listed in the 'anyOf' keyword".
fn collect(
    error: &ValidationError<'_>,
    location: In,
    prefix: &[String],
    found: &mut Vec<Violation>,
) {
    if let ValidationErrorKind::AnyOf { context } = error.kind()
        && let [inner, null] = context.as_slice()
        && !error.instance().is_null()
        && let [only] = null.as_slice()
        && matches!(
            only.kind(),
            ValidationErrorKind::Type {
                kind: TypeKind::Single(JsonType::Null)
            }
        )
    {
        for error in inner {
            collect(error, location, prefix, found);
        }
        return;
    }
    let mut path = prefix.to_vec();
    path.extend(error.instance_path().iter().map(|s| s.to_string()));
    if let ValidationErrorKind::Required { property } = error.kind() {
        path.push(
            property
                .as_str()
                .map_or_else(|| property.to_string(), str::to_owned),
        );
    }
    found.push(Violation {
        location,
        path,
        detail: Detail::of(error.kind()),
        message: error.to_string(),
    });
}

/// Parses and compiles one document.
fn compile(text: &str) -> Result<Spec, String> {
    let mut document: Value = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| e.to_string())?
    } else {
        yaml_serde::from_str(text).map_err(|e| e.to_string())?
    };
    let version = document["openapi"].as_str().unwrap_or_default().to_owned();
    let draft = if version.starts_with("3.0") {
        rewrite_nullable(&mut document);
        Draft::Draft4
    } else if version.starts_with("3.1") {
        Draft::Draft202012
    } else {
        return Err(format!("unsupported OpenAPI version {version:?}"));
    };
    bound_integer_formats(&mut document);
    let components = document.get("components").cloned().unwrap_or(Value::Null);
    let schema = |schema: &Value| -> Result<Validator, String> {
        // The schema sits under `allOf` beside the document's components, so its
        // `#/components/schemas/…` references resolve (draft 4 ignores `$ref` siblings).
        let wrapped = json!({ "allOf": [schema], "components": components });
        jsonschema::options()
            .with_draft(draft)
            .should_validate_formats(true)
            .with_format("uuid", is_uuid)
            .build(&wrapped)
            .map_err(|e| e.to_string())
    };
    let mut operations = BTreeMap::new();
    let paths = document["paths"].as_object().cloned().unwrap_or_default();
    for (path, item) in &paths {
        let shared = item
            .get("parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for method in ["get", "put", "post", "delete", "patch"] {
            let Some(op) = item.get(method) else { continue };
            let id = op["operationId"]
                .as_str()
                .ok_or_else(|| format!("{method} {path} has no operationId"))?
                .to_owned();
            let mut parameters = Vec::new();
            let own = op
                .get("parameters")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for parameter in shared.iter().chain(&own) {
                let parameter = resolve(&document, parameter);
                let location = match parameter["in"].as_str() {
                    Some("query") => In::Query,
                    Some("path") => In::Path,
                    _ => continue,
                };
                let raw = parameter.get("schema").cloned().unwrap_or(json!({}));
                parameters.push(Parameter {
                    name: parameter["name"].as_str().unwrap_or_default().to_owned(),
                    location,
                    required: parameter["required"].as_bool().unwrap_or(false),
                    kind: kind_of(&document, &raw),
                    validator: schema(&raw)?,
                });
            }
            let body = match op.get("requestBody") {
                Some(body) => {
                    let body = resolve(&document, body);
                    let media = json_media(&body["content"]);
                    match media.and_then(|m| m.get("schema")) {
                        Some(s) => Some((body["required"].as_bool().unwrap_or(false), schema(s)?)),
                        None => None,
                    }
                }
                None => None,
            };
            let mut responses = BTreeMap::new();
            for (status, response) in op["responses"].as_object().into_iter().flatten() {
                let response = resolve(&document, response);
                let validator = match json_media(&response["content"]).and_then(|m| m.get("schema"))
                {
                    Some(s) => Some(schema(s)?),
                    None => None,
                };
                responses.insert(
                    status.to_uppercase().replace("DEFAULT", "default"),
                    validator,
                );
            }
            operations.insert(
                id.clone(),
                Operation {
                    id,
                    method: method
                        .to_uppercase()
                        .parse()
                        .map_err(|_| "bad method".to_owned())?,
                    path: path.clone(),
                    body,
                    parameters,
                    responses,
                },
            );
        }
    }
    Ok(Spec { operations })
}

/// The JSON media type entry of a `content` map: `application/json` or any `…+json`.
fn json_media(content: &Value) -> Option<&Value> {
    content
        .as_object()?
        .iter()
        .find(|(media, _)| *media == "application/json" || media.ends_with("+json"))
        .map(|(_, m)| m)
}

/// Follows a local `$ref` (`#/components/…`) to what it names; anything else as it is.
fn resolve(document: &Value, value: &Value) -> Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => reference
            .strip_prefix('#')
            .and_then(|pointer| document.pointer(pointer))
            .map_or_else(|| value.clone(), |target| resolve(document, target)),
        None => value.clone(),
    }
}

/// How a parameter of this schema is read from text.
fn kind_of(document: &Value, schema: &Value) -> Kind {
    let schema = resolve(document, schema);
    let scalar = |schema: &Value| match first_type(schema) {
        Some("integer" | "number") => ScalarKind::Number,
        Some("boolean") => ScalarKind::Boolean,
        _ => ScalarKind::String,
    };
    match first_type(&schema) {
        Some("integer") => Kind::Integer,
        Some("number") => Kind::Number,
        Some("boolean") => Kind::Boolean,
        Some("array") => Kind::Array(scalar(&resolve(document, &schema["items"]))),
        _ => Kind::String,
    }
}

/// The schema's `type`, or its first non-null type when it lists several.
fn first_type(schema: &Value) -> Option<&str> {
    match &schema["type"] {
        Value::String(t) => Some(t),
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null"),
        _ => None,
    }
}

/// Whether `text` is a UUID in its hyphenated form (`8-4-4-4-12` hex digits), the form JSON
/// Schema's `uuid` format means; registered for every draft because draft 4 has no `uuid`.
fn is_uuid(text: &str) -> bool {
    // Of the forms `try_parse` reads, only the hyphenated one is 36 characters long.
    text.len() == 36 && uuid::Uuid::try_parse(text).is_ok()
}

/// Gives every schema with OpenAPI's `format: int32` or `int64` the range of a signed integer of
/// that width, as an `allOf` entry beside any bounds it has: the validator's format checks see
/// only strings, so a number's format cannot be registered as one.
fn bound_integer_formats(value: &mut Value) {
    match value {
        Value::Object(object) => {
            for child in object.values_mut() {
                bound_integer_formats(child);
            }
            let range = match object.get("format").and_then(Value::as_str) {
                Some("int32") => json!({ "minimum": i32::MIN, "maximum": i32::MAX }),
                Some("int64") => json!({ "minimum": i64::MIN, "maximum": i64::MAX }),
                _ => return,
            };
            match object.get_mut("allOf") {
                Some(Value::Array(all)) => all.push(range),
                _ => {
                    object.insert("allOf".to_owned(), json!([range]));
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(bound_integer_formats),
        _ => {}
    }
}

/// Rewrites OpenAPI 3.0's `nullable: true` into JSON Schema: a `type` gains `"null"`, and a
/// schema without one (a `$ref`, an `allOf`) becomes `anyOf: [schema, {type: null}]`.
fn rewrite_nullable(value: &mut Value) {
    match value {
        Value::Object(object) => {
            for child in object.values_mut() {
                rewrite_nullable(child);
            }
            if object.remove("nullable") != Some(Value::Bool(true)) {
                return;
            }
            match object.get_mut("type") {
                Some(Value::String(t)) => {
                    let t = std::mem::take(t);
                    object.insert("type".to_owned(), json!([t, "null"]));
                    if let Some(Value::Array(options)) = object.get_mut("enum") {
                        options.push(Value::Null);
                    }
                }
                Some(_) => {}
                None => {
                    let inner = Value::Object(std::mem::take(object));
                    object.insert("anyOf".to_owned(), json!([inner, { "type": "null" }]));
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_nullable),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spec_compiles_and_documents_its_responses() {
        for (name, _) in SOURCES {
            let spec = spec(name);
            assert!(!spec.operations.is_empty(), "{name} has operations");
            for op in spec.operations.values() {
                assert!(
                    !op.responses.is_empty(),
                    "{name} {} documents responses",
                    op.id
                );
            }
        }
    }

    #[test]
    fn nullable_becomes_a_null_type() {
        let mut schema = json!({
            "type": "object",
            "properties": {
                "a": { "type": "string", "nullable": true },
                "b": { "$ref": "#/x", "nullable": true },
                "c": { "type": "string", "enum": ["x"], "nullable": true }
            }
        });
        rewrite_nullable(&mut schema);
        assert_eq!(
            schema["properties"]["a"],
            json!({ "type": ["string", "null"] })
        );
        assert_eq!(
            schema["properties"]["b"],
            json!({ "anyOf": [{ "$ref": "#/x" }, { "type": "null" }] })
        );
        assert_eq!(
            schema["properties"]["c"],
            json!({ "type": ["string", "null"], "enum": ["x", null] })
        );
    }

    #[test]
    fn a_body_violation_names_the_field_and_the_keyword() {
        let create = spec("txn").operation("createPaymentLink");
        let body = br#"{"data":{"type":"payment_links","attributes":{"amount":"1","currency":"EUR","paymentType":"Invoice"}}}"#;
        let violations = create.check_body(body).unwrap_err();
        assert_eq!(violations.len(), 1);
        assert_eq!(violations[0].path, ["data", "attributes", "expires_at"]);
        assert_eq!(violations[0].detail, Detail::Required);
        assert_eq!(violations[0].pointer(), "/data/attributes/expires_at");
    }

    #[test]
    fn a_violation_inside_a_nullable_object_names_the_inner_field() {
        let create = spec("mesh").operation("getLinkToken");
        let violations = create
            .check_body(br#"{"userId":"u","transferOptions":{"amountInFiat":"10"}}"#)
            .unwrap_err();
        assert_eq!(violations.len(), 1);
        assert_eq!(violations[0].dotted(), "transferOptions.amountInFiat");
        assert_eq!(
            violations[0].detail,
            Detail::Type(JsonTypeSet::from(JsonType::Number) | JsonType::Null)
        );
        assert!(
            create
                .check_body(br#"{"userId":"u","transferOptions":null}"#)
                .is_ok()
        );
    }

    #[test]
    fn a_violation_carries_what_its_keyword_asked_for() {
        let paywint = spec("paywint");
        let create =
            paywint.operation("create_payment_link_api_user_api_payment_create_payment_link_post");
        let body = format!(r#"{{"amount":0,"description":"{}"}}"#, "x".repeat(256));
        let details: Vec<Detail> = create
            .check_body(body.as_bytes())
            .unwrap_err()
            .into_iter()
            .map(|v| v.detail)
            .collect();
        assert_eq!(
            details,
            [Detail::ExclusiveMinimum(json!(0)), Detail::MaxLength(255)]
        );
        let list = paywint
            .operation("list_received_payment_api_user_api_payment_list_payment_received_post");
        let refused = list
            .check_body(br#"{"rows_per_page":15,"page_no":0}"#)
            .unwrap_err();
        assert_eq!(
            refused[0].detail,
            Detail::Enum(vec![json!(10), json!(20), json!(50), json!(100)])
        );
        assert_eq!(refused[1].detail, Detail::Minimum(json!(1)));
        let get = paywint.operation("get_payment_api_user_api_payment_get__payment_id__get");
        let refused = get
            .check_parameters(None, &[("payment_id", "x")])
            .unwrap_err();
        assert_eq!(refused[0].detail, Detail::Format("uuid".to_owned()));
        let p100 = spec("p100").operation("generatePaymentLink");
        let refused = p100
            .check_body(br#"{"amount":"1","expiresAt":"2099-01-01T00:00:00Z","reference":" "}"#)
            .unwrap_err();
        assert_eq!(refused[0].detail, Detail::Pattern(r"\S".to_owned()));
    }

    #[test]
    fn uuid_is_checked_under_draft_4_as_under_2020_12() {
        let hyphenated = "e3c7fdd8-b1fc-4e51-85ae-bb276e075611";
        let transfers = spec("mesh").operation("getTransfersInitiatedByMesh");
        for bad in ["not-a-uuid", "e3c7fdd8b1fc4e5185aebb276e075611"] {
            let refused = transfers
                .check_parameters(Some(&format!("Id={bad}")), &[])
                .unwrap_err();
            assert_eq!(
                refused[0].detail,
                Detail::Format("uuid".to_owned()),
                "{bad}"
            );
        }
        let read = transfers
            .check_parameters(Some(&format!("Id={hyphenated}")), &[])
            .unwrap();
        assert_eq!(read["Id"], json!(hyphenated));
        let currencies = spec("payio")
            .operation("HubwalletPaymentGatewayWeb.Controller.Merchant.Default.list_currencies");
        let reply = |id: &str| json!({ "currencies": [{ "id": id, "currency_code": "SOL" }] });
        assert!(
            currencies
                .check_response(StatusCode::OK, &reply(hyphenated))
                .is_ok()
        );
        let refused = currencies
            .check_response(StatusCode::OK, &reply("sol"))
            .unwrap_err();
        assert!(refused.contains("is not a \"uuid\""), "{refused}");
    }

    #[test]
    fn int32_and_int64_are_checked_as_signed_ranges_of_their_width() {
        let transfers = spec("mesh").operation("getTransfersInitiatedByMesh");
        for (query, over, max) in [
            ("Offset=2147483647", "Offset=2147483648", json!(i32::MAX)),
            (
                "FromTimestamp=-9223372036854775808",
                "FromTimestamp=9223372036854775808",
                json!(i64::MAX),
            ),
        ] {
            assert!(
                transfers.check_parameters(Some(query), &[]).is_ok(),
                "{query}"
            );
            let refused = transfers.check_parameters(Some(over), &[]).unwrap_err();
            assert_eq!(Some(refused[0].dotted().as_str()), over.split('=').next());
            assert_eq!(refused[0].detail, Detail::Maximum(max), "{over}");
        }
    }

    #[test]
    fn a_format_no_one_defines_is_ignored() {
        let link = spec("payio")
            .operation("HubwalletPaymentGatewayWeb.Controller.Providers.Mesh.link_public");
        let body = br#"{"amount":"10.5","currency_id":"c872e749-fd56-533e-b01f-de87ae38e7f1","user_reference_id":"u"}"#;
        assert!(link.check_body(body).is_ok());
    }

    #[test]
    fn bodies_that_are_not_json_or_missing_are_violations() {
        let create = spec("txn").operation("createPaymentLink");
        assert_eq!(
            create.check_body(b"<html>").unwrap_err()[0].detail,
            Detail::NotJson
        );
        assert_eq!(
            create.check_body(b"").unwrap_err()[0].detail,
            Detail::Required
        );
    }

    #[test]
    fn query_parameters_are_read_by_their_declared_type() {
        let list = spec("txn").operation("listPaymentLinks");
        let read = list
            .check_parameters(Some("page=2&order_type=asc&unknown=1"), &[])
            .unwrap();
        assert_eq!(read["page"], json!(2));
        assert_eq!(read["order_type"], json!("asc"));
        assert!(!read.contains_key("unknown"));
        let refused = list
            .check_parameters(Some("page=two&order_type=up"), &[])
            .unwrap_err();
        let names: Vec<_> = refused.iter().map(Violation::dotted).collect();
        assert_eq!(names, ["order_type", "page"]);
    }

    #[test]
    fn a_response_outside_the_spec_is_refused() {
        let get = spec("txn").operation("getPaymentLink");
        assert!(
            get.check_response(StatusCode::OK, &json!({ "data": {} }))
                .is_err()
        );
        assert!(
            get.check_response(StatusCode::IM_A_TEAPOT, &json!({}))
                .is_err()
        );
    }
}
