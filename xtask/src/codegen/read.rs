//! Reads an OpenAPI 3.0 / 3.1 document (as `serde_json::Value`) into the [`Model`].
//!
//! Every keyword is either understood or refused: an unsupported construct is a
//! [`SpecError`] naming the spec file and the JSON pointer, never a panic or a silent drop.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::SpecError;
use super::config::{Config, DateTimeWire, MoneyWire, UuidAs};
use super::model::{Checks, Field, Flag, Item, Model, Operation, PathParam, Ty};
use super::names::{pascal, setter, snake};

/// Keywords that only describe a schema; accepted anywhere and not turned into code.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "example",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
];

/// Keywords the generator turns into code.
const STRUCTURAL: &[&str] = &[
    "type",
    "properties",
    "required",
    "items",
    "enum",
    "format",
    "nullable",
    "maxLength",
    "minLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "maxItems",
    "minItems",
    "additionalProperties",
    "$ref",
    "allOf",
    "anyOf",
    "oneOf",
];

/// `pattern: "\S"`, understood on a plain string: the text must not be empty or whitespace only
/// (`Checker::not_blank`).
const NOT_BLANK: &str = r"\S";

/// A plain decimal above zero (`123.45`: ASCII digits, at most one point between digits, no
/// sign or exponent, not only zeros), understood on a string amount: what
/// `paylinks_core::money::string` writes for a `Decimal` matches it exactly when the amount is
/// above zero, so it is checked as `exclusiveMinimum: 0`.
const POSITIVE_DECIMAL: &str = r"^([0-9]*[1-9][0-9]*(\.[0-9]+)?|[0-9]+\.[0-9]*[1-9][0-9]*)$";

pub(crate) const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

/// Escapes one JSON pointer segment (RFC 6901).
pub(crate) fn seg(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// What [`Reader::schema`] found: the Rust type, whether `null` is allowed, and the checks.
struct Read {
    ty: Ty,
    nullable: bool,
    checks: Checks,
    /// The string carries [`POSITIVE_DECIMAL`], which only an amount can (see `money_check`).
    positive_decimal: bool,
}

impl Read {
    /// A type without checks.
    fn plain(ty: Ty, nullable: bool) -> Read {
        Read::checked(ty, nullable, Checks::default())
    }

    /// A type with these checks.
    fn checked(ty: Ty, nullable: bool, checks: Checks) -> Read {
        Read {
            ty,
            nullable,
            checks,
            positive_decimal: false,
        }
    }
}

/// The parameters of one operation, by location.
#[derive(Default)]
struct Params {
    path: Vec<PathParam>,
    query: Vec<Field>,
}

/// One parameter object, read but not yet typed.
struct Param<'a> {
    obj: &'a Map<String, Value>,
    name: &'a str,
    location: &'a str,
    required: bool,
    schema: &'a Value,
}

struct Reader<'a> {
    file: &'a str,
    spec: &'a Value,
    config: &'a Config,
    /// Component schema name → Rust name.
    names: BTreeMap<String, String>,
    items: Vec<Option<Item>>,
    taken: HashSet<String>,
    /// Config keys used, to report ones that name nothing.
    used_money: BTreeSet<String>,
    used_fields: BTreeSet<String>,
    used_date_time: BTreeSet<String>,
    used_enums: BTreeSet<String>,
    used_required_if: BTreeSet<String>,
}

/// Reads `spec` (the file `file` of `openapi/`) with its `config`.
pub(crate) fn read(file: &str, spec: &Value, config: &Config) -> Result<Model, SpecError> {
    let mut reader = Reader {
        file,
        spec,
        config,
        names: BTreeMap::new(),
        items: Vec::new(),
        taken: HashSet::new(),
        used_money: BTreeSet::new(),
        used_fields: BTreeSet::new(),
        used_date_time: BTreeSet::new(),
        used_enums: BTreeSet::new(),
        used_required_if: BTreeSet::new(),
    };
    reader.document()
}

impl<'a> Reader<'a> {
    fn err(&self, pointer: &str, message: impl Into<String>) -> SpecError {
        SpecError {
            file: self.file.to_owned(),
            pointer: pointer.to_owned(),
            message: message.into(),
        }
    }

    fn object(&self, v: &'a Value, ptr: &str) -> Result<&'a Map<String, Value>, SpecError> {
        v.as_object()
            .ok_or_else(|| self.err(ptr, "expected an object"))
    }

    fn str_at(
        &self,
        obj: &'a Map<String, Value>,
        key: &str,
        ptr: &str,
    ) -> Result<&'a str, SpecError> {
        obj.get(key)
            .and_then(Value::as_str)
            .ok_or_else(|| self.err(&format!("{ptr}/{}", seg(key)), "expected a string"))
    }

    fn document(&mut self) -> Result<Model, SpecError> {
        let root = self.object(self.spec, "")?;
        if root.contains_key("swagger") {
            return Err(self.err(
                "/swagger",
                "Swagger / OpenAPI 2.0 is not supported (3.0 and 3.1 are)",
            ));
        }
        let version = self.str_at(root, "openapi", "")?;
        if !(version.starts_with("3.0.") || version.starts_with("3.1.")) {
            return Err(self.err(
                "/openapi",
                format!("OpenAPI {version} is not supported (3.0 and 3.1 are)"),
            ));
        }
        let title = root
            .get("info")
            .and_then(|i| i.get("title"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();

        static EMPTY: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);
        let schemas: &'a Map<String, Value> =
            match root.get("components").and_then(|c| c.get("schemas")) {
                Some(s) => self.object(s, "/components/schemas")?,
                None => &EMPTY,
            };
        for name in schemas.keys() {
            let rust = self
                .config
                .types
                .get(name)
                .cloned()
                .unwrap_or_else(|| pascal(name));
            self.names.insert(name.clone(), rust);
        }
        for key in self.config.types.keys() {
            if !schemas.contains_key(key) {
                return Err(self.err(
                    "/components/schemas",
                    format!("[types] names `{key}`, which is not a component schema"),
                ));
            }
        }
        for (name, schema) in schemas {
            let ptr = format!("/components/schemas/{}", seg(name));
            let rust = self.names[name].clone();
            self.component(name, &rust, schema, &ptr)?;
        }
        let operations = self.operations(root)?;

        for key in self.config.money.keys() {
            if !self.used_money.contains(key) {
                return Err(self.err(
                    "",
                    format!(
                        "[money] names `{key}`, which is no schema property or operation parameter"
                    ),
                ));
            }
        }
        for key in self.config.fields.keys() {
            if !self.used_fields.contains(key) {
                return Err(self.err(
                    "",
                    format!("[fields] names `{key}`, which is no schema property"),
                ));
            }
        }
        for key in self.config.date_time.keys() {
            if !self.used_date_time.contains(key) {
                return Err(self.err(
                    "",
                    format!("[date_time] names `{key}`, which is no schema property"),
                ));
            }
        }
        for key in self.config.enums.keys() {
            if !self.used_enums.contains(key) {
                return Err(self.err(
                    "",
                    format!("[enums] names `{key}`, which is no generated string enum"),
                ));
            }
        }
        for key in self.config.required_if.keys() {
            if !self.used_required_if.contains(key) {
                return Err(self.err(
                    "",
                    format!("[required_if] names `{key}`, which is no schema property"),
                ));
            }
        }
        let items: Vec<Item> = self.items.drain(..).flatten().collect();
        let request_items = reachable(&items, &operations);
        let mut model = Model {
            title,
            items,
            operations,
            request_items,
            paging: Vec::new(),
        };
        model.paging = super::paging::resolve(self.file, &model, self.config)?;
        Ok(model)
    }

    fn claim(&mut self, name: &str, ptr: &str) -> Result<usize, SpecError> {
        if !self.taken.insert(name.to_owned()) {
            return Err(self.err(
                ptr,
                format!("a second item would be named `{name}`: rename one in [types]"),
            ));
        }
        self.items.push(None);
        Ok(self.items.len() - 1)
    }

    /// A named component. One that defines an item (struct, enum, union) is emitted under its
    /// name; any other (scalar, array, bare object) is read where it is referenced.
    fn component(
        &mut self,
        name: &str,
        rust: &str,
        schema: &'a Value,
        ptr: &str,
    ) -> Result<(), SpecError> {
        let obj = self.object(schema, ptr)?;
        if defines_item(obj) {
            let read = self.schema(schema, ptr, rust, Some(name), None)?;
            if read.ty != Ty::Named(rust.to_owned()) || read.nullable {
                return Err(self.err(ptr, "a component must define one non-nullable type"));
            }
        } else {
            self.schema_in_place(schema, ptr)?;
        }
        Ok(())
    }

    /// Reads one schema. `hint` names any item it defines; `component` is set for a top-level
    /// component; `money` is the configured wire form when the schema is an amount.
    fn schema(
        &mut self,
        v: &'a Value,
        ptr: &str,
        hint: &str,
        component: Option<&str>,
        money: Option<MoneyWire>,
    ) -> Result<Read, SpecError> {
        let obj = self.object(v, ptr)?;
        for key in obj.keys() {
            if !ANNOTATIONS.contains(&key.as_str()) && !STRUCTURAL.contains(&key.as_str()) {
                return Err(self.err(
                    &format!("{ptr}/{}", seg(key)),
                    format!("unsupported keyword `{key}`"),
                ));
            }
        }
        let mut nullable = match obj.get("nullable") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err(self.err(&format!("{ptr}/nullable"), "expected a boolean")),
        };
        if let Some(reference) = obj.get("$ref") {
            self.only(obj, ptr, &["$ref", "nullable"])?;
            let ty = self.reference(reference, &format!("{ptr}/$ref"))?;
            return self.money_check(Read::plain(ty, nullable), money, ptr);
        }
        if let Some(all) = obj.get("allOf") {
            let ty = self.all_of(obj, all, ptr)?;
            return self.money_check(Read::plain(ty, nullable), money, ptr);
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(options) = obj.get(key) {
                self.only(obj, ptr, &[key, "nullable"])?;
                return self.union(options, &format!("{ptr}/{key}"), hint, obj, nullable, money);
            }
        }
        let ty_name = self.type_name(obj, ptr, &mut nullable)?;
        let format = obj
            .get("format")
            .map(|f| {
                f.as_str()
                    .ok_or_else(|| self.err(&format!("{ptr}/format"), "expected a string"))
            })
            .transpose()?;
        let read = match ty_name {
            None => {
                self.only(obj, ptr, &["nullable"])?;
                Read::plain(Ty::Json, nullable)
            }
            Some("string") => self.string_schema(obj, ptr, hint, format, nullable)?,
            Some("integer") => self.integer_schema(obj, ptr, format, nullable)?,
            Some("number") => self.number_schema(obj, ptr, format, nullable)?,
            Some("boolean") => {
                self.only(obj, ptr, &["type", "nullable"])?;
                Read::plain(Ty::Bool, nullable)
            }
            Some("array") => self.array_schema(obj, ptr, hint, nullable)?,
            Some("object") => {
                self.only(
                    obj,
                    ptr,
                    &[
                        "type",
                        "properties",
                        "required",
                        "additionalProperties",
                        "nullable",
                    ],
                )?;
                Read::plain(self.object_schema(obj, ptr, hint, component)?, nullable)
            }
            Some(other) => {
                return Err(self.err(
                    &format!("{ptr}/type"),
                    format!("unsupported type `{other}`"),
                ));
            }
        };
        self.money_check(read, money, ptr)
    }

    /// `allOf` with exactly one `$ref`: the referenced type.
    fn all_of(
        &mut self,
        obj: &Map<String, Value>,
        all: &'a Value,
        ptr: &str,
    ) -> Result<Ty, SpecError> {
        self.only(obj, ptr, &["allOf", "nullable"])?;
        let [one] = all.as_array().map(Vec::as_slice).unwrap_or_default() else {
            return Err(self.err(
                &format!("{ptr}/allOf"),
                "allOf is supported only with exactly one $ref",
            ));
        };
        let one_obj = self.object(one, &format!("{ptr}/allOf/0"))?;
        let Some(reference) = one_obj.get("$ref").filter(|_| one_obj.len() == 1) else {
            return Err(self.err(
                &format!("{ptr}/allOf/0"),
                "allOf is supported only with exactly one $ref",
            ));
        };
        self.reference(reference, &format!("{ptr}/allOf/0/$ref"))
    }

    /// The schema's `type`: a name, `[T, "null"]` (which sets `nullable`), or implied by
    /// `properties` or `enum`; `None` for any JSON value.
    fn type_name(
        &self,
        obj: &'a Map<String, Value>,
        ptr: &str,
        nullable: &mut bool,
    ) -> Result<Option<&'a str>, SpecError> {
        let ty_ptr = format!("{ptr}/type");
        Ok(match obj.get("type") {
            None if obj.contains_key("properties") => Some("object"),
            None if obj.contains_key("enum") => Some("string"),
            None => None,
            Some(Value::String(t)) => Some(t.as_str()),
            Some(Value::Array(types)) => {
                let mut named: Vec<&str> = Vec::new();
                for t in types {
                    match t.as_str() {
                        Some("null") => *nullable = true,
                        Some(t) => named.push(t),
                        None => return Err(self.err(&ty_ptr, "type entries must be strings")),
                    }
                }
                match named.as_slice() {
                    [one] => Some(*one),
                    _ => {
                        return Err(
                            self.err(&ty_ptr, "a type list is supported only as [T, \"null\"]")
                        );
                    }
                }
            }
            Some(_) => return Err(self.err(&ty_ptr, "expected a string or a list of strings")),
        })
    }

    /// `type: string`: a plain string, a string enum item, a date-time or a uuid.
    fn string_schema(
        &mut self,
        obj: &'a Map<String, Value>,
        ptr: &str,
        hint: &str,
        format: Option<&str>,
        mut nullable: bool,
    ) -> Result<Read, SpecError> {
        self.only(
            obj,
            ptr,
            &[
                "type",
                "format",
                "enum",
                "nullable",
                "minLength",
                "maxLength",
                "pattern",
            ],
        )?;
        let mut checks = Checks {
            min_length: self.count(obj, "minLength", ptr)?,
            max_length: self.count(obj, "maxLength", ptr)?,
            ..Checks::default()
        };
        let mut positive_decimal = false;
        match obj.get("pattern").map(|p| (p, p.as_str())) {
            None => {}
            Some((_, Some(NOT_BLANK))) => checks.not_blank = true,
            Some((_, Some(POSITIVE_DECIMAL))) => positive_decimal = true,
            Some((pattern, _)) => {
                return Err(self.err(
                    &format!("{ptr}/pattern"),
                    format!(
                        "unsupported pattern {pattern}: the generator understands only \
                         {NOT_BLANK:?} (not blank) and, on a string amount, \
                         {POSITIVE_DECIMAL:?} (a plain decimal above zero)"
                    ),
                ));
            }
        }
        let ty = if let Some(values) = obj.get("enum") {
            if format.is_some() {
                return Err(self.err(
                    &format!("{ptr}/format"),
                    "a string enum cannot also have a format",
                ));
            }
            let (ty, had_null) = self.string_enum(values, &format!("{ptr}/enum"), hint, obj)?;
            nullable |= had_null;
            ty
        } else {
            match format {
                None | Some("uri" | "email" | "string" | "decimal") => Ty::String,
                Some("date-time") => Ty::DateTime(DateTimeWire::Rfc3339),
                Some("uuid") => match self.config.uuid {
                    UuidAs::Uuid => Ty::Uuid,
                    UuidAs::String => Ty::String,
                },
                Some(other) => {
                    return Err(self.err(
                        &format!("{ptr}/format"),
                        format!("unsupported string format `{other}`"),
                    ));
                }
            }
        };
        if (checks.min_length.is_some() || checks.max_length.is_some()) && ty != Ty::String {
            return Err(self.err(
                ptr,
                "minLength/maxLength are supported only on plain strings",
            ));
        }
        if (checks.not_blank || positive_decimal) && ty != Ty::String {
            return Err(self.err(
                &format!("{ptr}/pattern"),
                "a pattern is supported only on plain strings",
            ));
        }
        Ok(Read {
            ty,
            nullable,
            checks,
            positive_decimal,
        })
    }

    /// `type: integer`, with its bounds and an integer `enum` as checks.
    fn integer_schema(
        &self,
        obj: &Map<String, Value>,
        ptr: &str,
        format: Option<&str>,
        nullable: bool,
    ) -> Result<Read, SpecError> {
        self.only(
            obj,
            ptr,
            &[
                "type",
                "format",
                "enum",
                "nullable",
                "minimum",
                "maximum",
                "exclusiveMinimum",
                "exclusiveMaximum",
            ],
        )?;
        let ty = match format {
            None | Some("int64") => Ty::I64,
            Some("int32") => Ty::I32,
            Some(other) => {
                return Err(self.err(
                    &format!("{ptr}/format"),
                    format!("unsupported integer format `{other}`"),
                ));
            }
        };
        let mut checks = self.bounds(obj, ptr)?;
        if [checks.minimum, checks.maximum]
            .iter()
            .flatten()
            .any(|(b, _)| !b.fract().is_zero() || i64::try_from(*b).is_err())
        {
            return Err(self.err(ptr, "an integer's bounds must be integers"));
        }
        if let Some(values) = obj.get("enum") {
            let values = values
                .as_array()
                .map(|vs| vs.iter().map(Value::as_i64).collect::<Option<Vec<_>>>())
                .and_then(|v| v.filter(|v| !v.is_empty()))
                .ok_or_else(|| {
                    self.err(&format!("{ptr}/enum"), "an integer enum must list integers")
                })?;
            checks.int_enum = Some(values);
        }
        Ok(Read::checked(ty, nullable, checks))
    }

    /// `type: number`: an `f64` with its bounds (an amount becomes `Decimal` in `money_check`).
    fn number_schema(
        &self,
        obj: &Map<String, Value>,
        ptr: &str,
        format: Option<&str>,
        nullable: bool,
    ) -> Result<Read, SpecError> {
        self.only(
            obj,
            ptr,
            &[
                "type",
                "format",
                "nullable",
                "minimum",
                "maximum",
                "exclusiveMinimum",
                "exclusiveMaximum",
            ],
        )?;
        match format {
            None | Some("double" | "float" | "decimal") => {}
            Some(other) => {
                return Err(self.err(
                    &format!("{ptr}/format"),
                    format!("unsupported number format `{other}`"),
                ));
            }
        }
        Ok(Read::checked(Ty::F64, nullable, self.bounds(obj, ptr)?))
    }

    /// `type: array`: a `Vec` of non-null items, each with the checks of its schema.
    fn array_schema(
        &mut self,
        obj: &'a Map<String, Value>,
        ptr: &str,
        hint: &str,
        nullable: bool,
    ) -> Result<Read, SpecError> {
        self.only(
            obj,
            ptr,
            &["type", "items", "nullable", "minItems", "maxItems"],
        )?;
        let items = obj
            .get("items")
            .ok_or_else(|| self.err(ptr, "an array needs `items`"))?;
        let iptr = format!("{ptr}/items");
        let item = self.schema(items, &iptr, &format!("{hint}Item"), None, None)?;
        if item.nullable {
            return Err(self.err(&iptr, "nullable array items are not supported"));
        }
        if matches!(item.ty, Ty::DateTime(_) | Ty::Vec(_)) {
            return Err(self.err(&iptr, "arrays of date-times or of arrays are not supported"));
        }
        let checks = Checks {
            min_items: self.count(obj, "minItems", ptr)?,
            max_items: self.count(obj, "maxItems", ptr)?,
            each: (!item.checks.is_empty()).then(|| Box::new(item.checks)),
            ..Checks::default()
        };
        Ok(Read::checked(Ty::Vec(Box::new(item.ty)), nullable, checks))
    }

    /// Refuses structural keywords other than `allowed` (annotations are always allowed).
    fn only(&self, obj: &Map<String, Value>, ptr: &str, allowed: &[&str]) -> Result<(), SpecError> {
        for key in obj.keys() {
            if STRUCTURAL.contains(&key.as_str())
                && !allowed.contains(&key.as_str())
                && key != "type"
            {
                return Err(self.err(
                    &format!("{ptr}/{}", seg(key)),
                    format!("`{key}` is not supported here"),
                ));
            }
        }
        Ok(())
    }

    /// Turns an amount into `Ty::Money`, after checking that the spec's type is the configured
    /// one. A string amount's lengths are checked on the text written for it, and its
    /// [`POSITIVE_DECIMAL`] pattern as `exclusiveMinimum: 0`; neither is allowed elsewhere.
    fn money_check(
        &self,
        mut read: Read,
        money: Option<MoneyWire>,
        ptr: &str,
    ) -> Result<Read, SpecError> {
        let Some(wire) = money else {
            if read.positive_decimal {
                return Err(self.err(
                    &format!("{ptr}/pattern"),
                    format!(
                        "the pattern {POSITIVE_DECIMAL:?} is understood only on a string amount \
                         (configured in [money])"
                    ),
                ));
            }
            return Ok(read);
        };
        let declared = match read.ty {
            Ty::String => "string",
            Ty::F64 => "number",
            _ => "",
        };
        if declared != wire.schema_type() {
            return Err(self.err(
                ptr,
                format!(
                    "configured as a {} amount, but the schema is not a plain {0}",
                    wire.schema_type()
                ),
            ));
        }
        if read.checks.not_blank {
            return Err(self.err(
                &format!("{ptr}/pattern"),
                format!("the pattern {NOT_BLANK:?} is not supported on an amount"),
            ));
        }
        if read.positive_decimal {
            read.checks.minimum = Some((Decimal::ZERO, true));
            read.positive_decimal = false;
        }
        read.ty = Ty::Money(wire);
        Ok(read)
    }

    fn count(
        &self,
        obj: &Map<String, Value>,
        key: &str,
        ptr: &str,
    ) -> Result<Option<usize>, SpecError> {
        obj.get(key)
            .map(|v| {
                v.as_u64()
                    .and_then(|n| usize::try_from(n).ok())
                    .ok_or_else(|| {
                        self.err(&format!("{ptr}/{key}"), "expected a non-negative integer")
                    })
            })
            .transpose()
    }

    fn number(&self, v: &Value, ptr: &str) -> Result<Decimal, SpecError> {
        v.as_number()
            .and_then(|n| {
                Decimal::from_str(&n.to_string())
                    .or_else(|_| Decimal::from_scientific(&n.to_string()))
                    .ok()
            })
            .ok_or_else(|| self.err(ptr, "expected a number"))
    }

    /// `minimum`/`maximum` with both forms of exclusivity: 3.0 booleans and 3.1 numbers.
    fn bounds(&self, obj: &Map<String, Value>, ptr: &str) -> Result<Checks, SpecError> {
        let mut checks = Checks::default();
        for (inclusive, exclusive, slot) in [
            ("minimum", "exclusiveMinimum", &mut checks.minimum),
            ("maximum", "exclusiveMaximum", &mut checks.maximum),
        ] {
            let bound = obj
                .get(inclusive)
                .map(|v| self.number(v, &format!("{ptr}/{inclusive}")))
                .transpose()?;
            *slot = match (bound, obj.get(exclusive)) {
                (b, None | Some(Value::Bool(false))) => b.map(|b| (b, false)),
                (Some(b), Some(Value::Bool(true))) => Some((b, true)),
                (None, Some(Value::Bool(true))) => {
                    return Err(self.err(
                        &format!("{ptr}/{exclusive}"),
                        format!("`{exclusive}: true` needs `{inclusive}`"),
                    ));
                }
                (None, Some(v)) => Some((self.number(v, &format!("{ptr}/{exclusive}"))?, true)),
                (Some(_), Some(_)) => {
                    return Err(self.err(
                        &format!("{ptr}/{exclusive}"),
                        format!("both `{inclusive}` and a numeric `{exclusive}` are not supported"),
                    ));
                }
            };
        }
        Ok(checks)
    }

    fn reference(&mut self, reference: &Value, ptr: &str) -> Result<Ty, SpecError> {
        let target = reference
            .as_str()
            .ok_or_else(|| self.err(ptr, "expected a string"))?;
        let Some(name) = target.strip_prefix("#/components/schemas/") else {
            return Err(self.err(
                ptr,
                format!(
                    "only local references to #/components/schemas/ are supported, not `{target}`"
                ),
            ));
        };
        let name = name.replace("~1", "/").replace("~0", "~");
        let Some(rust) = self.names.get(&name).cloned() else {
            return Err(self.err(ptr, format!("`{target}` does not exist")));
        };
        let schema = &self.spec["components"]["schemas"][&name];
        if defines_item(self.object(schema, ptr)?) {
            Ok(Ty::Named(rust))
        } else {
            self.schema_in_place(schema, &format!("/components/schemas/{}", seg(&name)))
        }
    }

    /// Reads a component that defines no item of its own, for use in place.
    fn schema_in_place(&mut self, schema: &'a Value, ptr: &str) -> Result<Ty, SpecError> {
        let read = self.schema(schema, ptr, "Unnamed", None, None)?;
        if read.nullable || !read.checks.is_empty() {
            return Err(self.err(
                ptr,
                "a scalar component with constraints or nullability is not supported; inline it",
            ));
        }
        Ok(read.ty)
    }

    fn union(
        &mut self,
        options: &'a Value,
        ptr: &str,
        hint: &str,
        parent: &'a Map<String, Value>,
        nullable: bool,
        money: Option<MoneyWire>,
    ) -> Result<Read, SpecError> {
        let options = options
            .as_array()
            .ok_or_else(|| self.err(ptr, "expected a list"))?;
        let mut had_null = nullable;
        let mut rest: Vec<(usize, &'a Value)> = Vec::new();
        for (i, option) in options.iter().enumerate() {
            let o = self.object(option, &format!("{ptr}/{i}"))?;
            if o.get("type").and_then(Value::as_str) == Some("null")
                && o.keys()
                    .all(|k| k == "type" || ANNOTATIONS.contains(&k.as_str()))
            {
                had_null = true;
            } else {
                rest.push((i, option));
            }
        }
        match rest.as_slice() {
            [] => Err(self.err(ptr, "a union of only null is not supported")),
            [(i, one)] => {
                let mut read = self.schema(one, &format!("{ptr}/{i}"), hint, None, money)?;
                read.nullable |= had_null;
                Ok(read)
            }
            many => {
                if money.is_some() {
                    return Err(self.err(ptr, "an amount cannot be a union"));
                }
                let idx = self.claim(hint, ptr)?;
                let mut variants: Vec<(String, Ty)> = Vec::new();
                for (i, option) in many {
                    let o = self.object(option, &format!("{ptr}/{i}"))?;
                    let scalar = o
                        .keys()
                        .all(|k| k == "type" || k == "format" || ANNOTATIONS.contains(&k.as_str()));
                    let read = if scalar {
                        Some(self.schema(option, &format!("{ptr}/{i}"), hint, None, None)?)
                    } else {
                        None
                    };
                    let (name, ty) = match read.map(|r| r.ty) {
                        Some(Ty::String) => ("String", Ty::String),
                        Some(Ty::I64) => ("Integer", Ty::I64),
                        Some(Ty::I32) => ("Integer", Ty::I32),
                        Some(Ty::F64) => ("Number", Ty::F64),
                        Some(Ty::Bool) => ("Boolean", Ty::Bool),
                        _ => return Err(self.err(&format!("{ptr}/{i}"), "a union is supported only of plain scalar types (string, integer, number, boolean) and null")),
                    };
                    if variants.iter().any(|(n, _)| n == name) {
                        return Err(self.err(
                            &format!("{ptr}/{i}"),
                            "a union may name each scalar type only once",
                        ));
                    }
                    variants.push((name.to_owned(), ty));
                }
                // Untagged unions try variants in order: integers before numbers.
                variants.sort_by_key(|(name, _)| {
                    ["Boolean", "Integer", "Number", "String"]
                        .iter()
                        .position(|n| n == name)
                });
                self.items[idx] = Some(Item::Union {
                    name: hint.to_owned(),
                    doc: doc_of(parent),
                    variants,
                });
                Ok(Read::plain(Ty::Named(hint.to_owned()), had_null))
            }
        }
    }

    fn string_enum(
        &mut self,
        values: &Value,
        ptr: &str,
        hint: &str,
        parent: &Map<String, Value>,
    ) -> Result<(Ty, bool), SpecError> {
        let list = values
            .as_array()
            .filter(|v| !v.is_empty())
            .ok_or_else(|| self.err(ptr, "expected a non-empty list"))?;
        let idx = self.claim(hint, ptr)?;
        let mut had_null = false;
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (i, value) in list.iter().enumerate() {
            match value {
                Value::Null => had_null = true,
                Value::String(wire) => {
                    let variant = pascal(wire);
                    if variant == "Unknown" {
                        return Err(self.err(
                            &format!("{ptr}/{i}"),
                            format!("the value `{wire}` would clash with the Unknown variant"),
                        ));
                    }
                    if let Some((_, other)) = pairs.iter().find(|(v, _)| *v == variant) {
                        return Err(self.err(
                            &format!("{ptr}/{i}"),
                            format!(
                                "values `{other}` and `{wire}` both become the variant `{variant}`"
                            ),
                        ));
                    }
                    pairs.push((variant, wire.clone()));
                }
                _ => return Err(self.err(&format!("{ptr}/{i}"), "a string enum must list strings")),
            }
        }
        let matching = self.config.enums.get(hint).copied().unwrap_or_default();
        self.used_enums.insert(hint.to_owned());
        self.items[idx] = Some(Item::Enum {
            name: hint.to_owned(),
            doc: doc_of(parent),
            values: pairs,
            matching,
        });
        Ok((Ty::Named(hint.to_owned()), had_null))
    }

    /// An object without `properties`: any JSON object, or a map (`additionalProperties`).
    fn open_object(
        &mut self,
        obj: &Map<String, Value>,
        additional: Option<&'a Value>,
        ptr: &str,
        hint: &str,
    ) -> Result<Ty, SpecError> {
        match additional {
            None | Some(Value::Bool(true)) => Ok(Ty::Json),
            Some(Value::Bool(false)) => Err(self.err(
                &format!("{ptr}/additionalProperties"),
                "an object with no properties at all is not supported",
            )),
            Some(schema) => {
                if obj.contains_key("required") {
                    return Err(
                        self.err(&format!("{ptr}/required"), "`required` needs `properties`")
                    );
                }
                let read = self.schema(
                    schema,
                    &format!("{ptr}/additionalProperties"),
                    &format!("{hint}Value"),
                    None,
                    None,
                )?;
                if read.nullable || !read.checks.is_empty() || matches!(read.ty, Ty::DateTime(_)) {
                    return Err(self.err(
                        &format!("{ptr}/additionalProperties"),
                        "nullable, constrained or date-time map values are not supported",
                    ));
                }
                Ok(Ty::Map(Box::new(read.ty)))
            }
        }
    }

    /// One property of a struct; `key` is its `Schema.property` in the config.
    fn property(
        &mut self,
        wire: &str,
        schema: &'a Value,
        fptr: &str,
        key: &str,
        hint: &str,
        required: bool,
    ) -> Result<Field, SpecError> {
        let money = self.config.money.get(key).copied();
        if money.is_some() {
            self.used_money.insert(key.to_owned());
        }
        let mut read = self.schema(
            schema,
            fptr,
            &format!("{hint}{}", pascal(wire)),
            None,
            money,
        )?;
        if let Some(form) = self.config.date_time.get(key) {
            self.used_date_time.insert(key.to_owned());
            let Ty::DateTime(wire_form) = &mut read.ty else {
                return Err(self.err(
                    fptr,
                    "configured in [date_time], but the schema is not a `format: date-time` string",
                ));
            };
            *wire_form = *form;
        }
        let rust = match self.config.fields.get(key) {
            Some(rust) => {
                self.used_fields.insert(key.to_owned());
                rust.clone()
            }
            None => snake(wire),
        };
        Ok(Field {
            wire: wire.to_owned(),
            rust,
            doc: doc_of(self.object(schema, fptr)?),
            ty: read.ty,
            required,
            nullable: read.nullable,
            checks: read.checks,
            required_if: None,
        })
    }

    /// Refuses a field whose setter would have the name of another field's setter.
    fn setter_free(&self, fields: &[Field], field: &Field, ptr: &str) -> Result<(), SpecError> {
        if field.required {
            return Ok(());
        }
        let name = setter(&field.rust);
        match fields
            .iter()
            .find(|f| !f.required && setter(&f.rust) == name)
        {
            Some(other) => Err(self.err(
                ptr,
                format!(
                    "the setters of `{}` and `{}` would both be `{name}`: rename one in [fields]",
                    other.rust, field.rust
                ),
            )),
            None => Ok(()),
        }
    }

    /// An object with `properties`: a struct item (or a map or raw JSON without them).
    fn object_schema(
        &mut self,
        obj: &'a Map<String, Value>,
        ptr: &str,
        hint: &str,
        component: Option<&str>,
    ) -> Result<Ty, SpecError> {
        let additional = obj.get("additionalProperties");
        let Some(properties) = obj.get("properties") else {
            return self.open_object(obj, additional, ptr, hint);
        };
        if let Some(a) = additional {
            return Err(self.err(&format!("{ptr}/additionalProperties"), format!("additionalProperties {a} beside properties is not supported (responses always tolerate unknown fields)")));
        }
        let properties = self.object(properties, &format!("{ptr}/properties"))?;
        let required: Vec<&str> = match obj.get("required") {
            None => Vec::new(),
            Some(r) => r
                .as_array()
                .and_then(|r| r.iter().map(Value::as_str).collect::<Option<Vec<_>>>())
                .ok_or_else(|| {
                    self.err(&format!("{ptr}/required"), "expected a list of strings")
                })?,
        };
        for (i, name) in required.iter().enumerate() {
            if !properties.contains_key(*name) {
                return Err(self.err(
                    &format!("{ptr}/required/{i}"),
                    format!("`{name}` is required but not a property"),
                ));
            }
        }
        let idx = self.claim(hint, ptr)?;
        let mut fields: Vec<Field> = Vec::new();
        for (wire, schema) in properties {
            let fptr = format!("{ptr}/properties/{}", seg(wire));
            let key = format!("{}.{wire}", component.unwrap_or(hint));
            let is_required = required.contains(&wire.as_str());
            let field = self.property(wire, schema, &fptr, &key, hint, is_required)?;
            let rust = &field.rust;
            if fields.iter().any(|f| f.rust == *rust) {
                return Err(self.err(
                    &fptr,
                    format!("two properties would be the field `{rust}`: rename one in [fields]"),
                ));
            }
            self.setter_free(&fields, &field, &fptr)?;
            fields.push(field);
        }
        self.conditions(&mut fields, component.unwrap_or(hint), ptr)?;
        self.items[idx] = Some(Item::Struct {
            name: hint.to_owned(),
            doc: doc_of(obj),
            fields,
        });
        Ok(Ty::Named(hint.to_owned()))
    }

    /// Applies the `[required_if]` entries of the schema `schema` to its `fields`: each names
    /// an optional property, and a boolean property of the same schema whose `true` makes it
    /// required.
    fn conditions(
        &mut self,
        fields: &mut [Field],
        schema: &str,
        ptr: &str,
    ) -> Result<(), SpecError> {
        let config = self.config;
        for (key, flag) in &config.required_if {
            let Some(wire) = key
                .strip_prefix(schema)
                .and_then(|rest| rest.strip_prefix('.'))
            else {
                continue;
            };
            let Some(at) = fields.iter().position(|f| f.wire == wire) else {
                continue;
            };
            self.used_required_if.insert(key.clone());
            let fptr = format!("{ptr}/properties/{}", seg(wire));
            let Some(condition) = fields.iter().find(|f| f.wire == *flag && f.ty == Ty::Bool)
            else {
                return Err(self.err(
                    &fptr,
                    format!(
                        "[required_if] makes `{key}` depend on `{flag}`, which is no boolean \
                         property of `{schema}`"
                    ),
                ));
            };
            let condition = Flag {
                wire: condition.wire.clone(),
                rust: condition.rust.clone(),
                optional: condition.optional(),
            };
            let field = &mut fields[at];
            if field.required {
                return Err(self.err(
                    &fptr,
                    format!("[required_if] names `{key}`, which is required already"),
                ));
            }
            field.required_if = Some(condition);
        }
        Ok(())
    }

    fn operations(&mut self, root: &'a Map<String, Value>) -> Result<Vec<Operation>, SpecError> {
        let mut operations = Vec::new();
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let paths = match root.get("paths") {
            Some(p) => self.object(p, "/paths")?,
            None => return Err(self.err("", "the spec has no `paths`")),
        };
        for (path, item) in paths {
            let iptr = format!("/paths/{}", seg(path));
            let item = self.object(item, &iptr)?;
            for key in item.keys() {
                if !METHODS.contains(&key.as_str())
                    && !["parameters", "summary", "description", "servers"].contains(&key.as_str())
                {
                    return Err(self.err(
                        &format!("{iptr}/{}", seg(key)),
                        format!("unsupported path item key `{key}`"),
                    ));
                }
            }
            let shared: &[Value] = match item.get("parameters") {
                Some(p) => p
                    .as_array()
                    .ok_or_else(|| self.err(&format!("{iptr}/parameters"), "expected a list"))?,
                None => &[],
            };
            for method in METHODS {
                let Some(op) = item.get(*method) else {
                    continue;
                };
                let optr = format!("{iptr}/{method}");
                let op = self.object(op, &optr)?;
                let id = self.str_at(op, "operationId", &optr)?;
                // Listed by operationId, or by route (`POST /links`) as `cargo xtask import` reads it.
                let route = format!("{} {path}", method.to_uppercase());
                if self.config.operations.contains_key(id)
                    && self.config.operations.contains_key(&route)
                {
                    return Err(self.err(
                        &optr,
                        format!(
                            "[operations] lists operation `{id}` twice, by its id and as \
                             `{route}`: keep one"
                        ),
                    ));
                }
                let Some((key, module)) = self
                    .config
                    .operations
                    .get_key_value(id)
                    .or_else(|| self.config.operations.get_key_value(&route))
                else {
                    return Err(self.err(
                        &optr,
                        format!("operation `{id}` ({route}) is not listed in [operations]"),
                    ));
                };
                seen.insert(key);
                operations.push(self.operation(path, method, id, module, op, shared, &optr)?);
            }
        }
        for id in self.config.operations.keys() {
            if !seen.contains(id.as_str()) {
                return Err(self.err(
                    "/paths",
                    format!("[operations] lists `{id}`, which the spec does not have"),
                ));
            }
        }
        for id in self.config.idempotent.keys() {
            if !seen.contains(id.as_str()) {
                return Err(self.err(
                    "/paths",
                    format!("[idempotent] lists `{id}`, which the spec does not have"),
                ));
            }
        }
        Ok(operations)
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        path: &str,
        method: &str,
        id: &str,
        module: &str,
        op: &'a Map<String, Value>,
        shared: &'a [Value],
        optr: &str,
    ) -> Result<Operation, SpecError> {
        self.operation_keys(op, optr)?;
        let prefix = pascal(module);
        let mut doc: Vec<String> = vec![format!("`{} {path}`", method.to_ascii_uppercase())];
        if let Some(summary) = op.get("summary").and_then(Value::as_str) {
            doc[0].push_str(&format!(": {}", summary.trim()));
        }
        if let Some(description) = op.get("description").and_then(Value::as_str) {
            doc.push(String::new());
            doc.extend(description.trim().lines().map(|l| l.trim_end().to_owned()));
        }
        let params = self.parameters(path, id, &prefix, op, shared, optr)?;
        self.path_names(path, &params.path, optr)?;
        let body = match op.get("requestBody") {
            None => None,
            Some(body) => {
                let bptr = format!("{optr}/requestBody");
                let b = self.object(body, &bptr)?;
                if b.get("required").and_then(Value::as_bool) != Some(true) {
                    return Err(self.err(&bptr, "an optional request body is not supported"));
                }
                let (media, ty) = self
                    .content(b, &bptr, &format!("{prefix}Body"))?
                    .ok_or_else(|| self.err(&bptr, "a request body needs content"))?;
                Some((media, ty))
            }
        };
        let (success, errors) = self.responses(op, optr, &prefix)?;
        let idempotent = match self.config.idempotent.get(id) {
            Some(idempotent) => *idempotent,
            None => ["get", "head", "put", "delete", "options"].contains(&method),
        };
        Ok(Operation {
            module: module.to_owned(),
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            doc,
            path_params: params.path,
            query: params.query,
            body,
            idempotent,
            success,
            errors,
        })
    }

    /// Refuses operation keys the generator does not know, and callbacks.
    fn operation_keys(&self, op: &Map<String, Value>, optr: &str) -> Result<(), SpecError> {
        for key in op.keys() {
            if ![
                "operationId",
                "summary",
                "description",
                "tags",
                "parameters",
                "requestBody",
                "responses",
                "security",
                "deprecated",
                "servers",
                "callbacks",
            ]
            .contains(&key.as_str())
            {
                return Err(self.err(
                    &format!("{optr}/{}", seg(key)),
                    format!("unsupported operation key `{key}`"),
                ));
            }
        }
        if let Some(callbacks) = op.get("callbacks")
            && callbacks.as_object().is_none_or(|c| !c.is_empty())
        {
            return Err(self.err(&format!("{optr}/callbacks"), "callbacks are not supported"));
        }
        Ok(())
    }

    /// The path item's shared parameters, then the operation's own, sorted by location.
    fn parameters(
        &mut self,
        path: &str,
        id: &str,
        prefix: &str,
        op: &'a Map<String, Value>,
        shared: &'a [Value],
        optr: &str,
    ) -> Result<Params, SpecError> {
        let mut params = Params::default();
        let own: &[Value] = match op.get("parameters") {
            Some(p) => p
                .as_array()
                .ok_or_else(|| self.err(&format!("{optr}/parameters"), "expected a list"))?,
            None => &[],
        };
        let item_ptr = optr.rsplit_once('/').map_or("", |(a, _)| a);
        let all = shared
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("{item_ptr}/parameters/{i}"), p))
            .chain(
                own.iter()
                    .enumerate()
                    .map(|(i, p)| (format!("{optr}/parameters/{i}"), p)),
            )
            .collect::<Vec<_>>();
        for (pptr, param) in all {
            let p = self.parameter(param, &pptr)?;
            match p.location {
                "path" => {
                    let param = self.path_param(path, prefix, &p, &pptr)?;
                    let taken = ["query", "body"].contains(&param.rust.as_str())
                        || params.path.iter().any(|q| q.rust == param.rust);
                    if taken {
                        return Err(self.err(
                            &pptr,
                            format!(
                                "the operation type's field `{}` is taken (by its query, its body or another path parameter)",
                                param.rust
                            ),
                        ));
                    }
                    params.path.push(param);
                }
                "query" => {
                    let field = self.query_param(id, prefix, &p, &pptr)?;
                    if params.query.iter().any(|f: &Field| f.rust == field.rust) {
                        return Err(self.err(
                            &pptr,
                            format!("two query parameters would be the field `{}`", field.rust),
                        ));
                    }
                    self.setter_free(&params.query, &field, &pptr)?;
                    params.query.push(field);
                }
                // Header parameters are the credentials' (API keys), which the client adds.
                "header" => {}
                other => {
                    return Err(self.err(
                        &format!("{pptr}/in"),
                        format!("parameters in `{other}` are not supported"),
                    ));
                }
            }
        }
        Ok(params)
    }

    /// One parameter object's keys, name, location, requirement, style and schema.
    fn parameter(&self, param: &'a Value, pptr: &str) -> Result<Param<'a>, SpecError> {
        let p = self.object(param, pptr)?;
        if p.contains_key("$ref") {
            return Err(self.err(pptr, "parameter references are not supported"));
        }
        for key in p.keys() {
            if ![
                "name",
                "in",
                "required",
                "schema",
                "description",
                "example",
                "examples",
                "deprecated",
                "style",
                "explode",
            ]
            .contains(&key.as_str())
            {
                return Err(self.err(
                    &format!("{pptr}/{}", seg(key)),
                    format!("unsupported parameter key `{key}`"),
                ));
            }
        }
        let name = self.str_at(p, "name", pptr)?;
        let location = self.str_at(p, "in", pptr)?;
        let required = p.get("required").and_then(Value::as_bool).unwrap_or(false);
        let style_ok = match location {
            "query" => {
                p.get("style").is_none_or(|s| s == "form")
                    && p.get("explode").is_none_or(|e| e == true)
            }
            _ => p.get("style").is_none() && p.get("explode").is_none(),
        };
        if !style_ok {
            return Err(self.err(
                pptr,
                "only the default parameter style (form, exploded, for queries) is supported",
            ));
        }
        let schema = p
            .get("schema")
            .ok_or_else(|| self.err(pptr, "a parameter needs a `schema`"))?;
        Ok(Param {
            obj: p,
            name,
            location,
            required,
            schema,
        })
    }

    /// A path parameter: required, named in the path, a plain string.
    fn path_param(
        &mut self,
        path: &str,
        prefix: &str,
        p: &Param<'a>,
        pptr: &str,
    ) -> Result<PathParam, SpecError> {
        let name = p.name;
        if !path.contains(&format!("{{{name}}}")) {
            return Err(self.err(pptr, format!("path parameter `{name}` is not in the path")));
        }
        if !p.required {
            return Err(self.err(pptr, "a path parameter must be required"));
        }
        let sptr = format!("{pptr}/schema");
        let read = self.schema(
            p.schema,
            &sptr,
            &format!("{prefix}{}", pascal(name)),
            None,
            None,
        )?;
        if !matches!(read.ty, Ty::String | Ty::Uuid) || !read.checks.is_empty() {
            return Err(self.err(&sptr, "a path parameter must be a plain string"));
        }
        Ok(PathParam {
            wire: name.to_owned(),
            rust: snake(name),
        })
    }

    /// A query parameter: a scalar, a string enum, or a list of them.
    fn query_param(
        &mut self,
        id: &str,
        prefix: &str,
        p: &Param<'a>,
        pptr: &str,
    ) -> Result<Field, SpecError> {
        let name = p.name;
        let key = format!("{id}.{name}");
        let money = self.config.money.get(&key).copied();
        if money.is_some() {
            self.used_money.insert(key);
        }
        let sptr = format!("{pptr}/schema");
        let hint = format!("{prefix}{}", pascal(name));
        let read = self.schema(p.schema, &sptr, &hint, None, money)?;
        let inner = match &read.ty {
            Ty::Vec(i) => i.as_ref(),
            t => t,
        };
        let scalar = |t: &Ty| !matches!(t, Ty::Json | Ty::Map(_) | Ty::Vec(_));
        let named_ok = match inner {
            Ty::Named(n) => self
                .items
                .iter()
                .flatten()
                .any(|i| i.name() == n && matches!(i, Item::Enum { .. })),
            _ => true,
        };
        if !scalar(inner) || !named_ok {
            return Err(self.err(
                &sptr,
                "a query parameter must be a scalar, a string enum, or a list of them",
            ));
        }
        Ok(Field {
            wire: name.to_owned(),
            rust: snake(name),
            doc: doc_of(p.obj),
            ty: read.ty,
            required: p.required,
            nullable: read.nullable,
            checks: read.checks,
            required_if: None,
        })
    }

    /// Refuses a `{name}` in the path that no path parameter fills.
    fn path_names(&self, path: &str, params: &[PathParam], optr: &str) -> Result<(), SpecError> {
        let mut rest = path;
        while let Some(start) = rest.find('{') {
            let end = rest[start..]
                .find('}')
                .map(|e| start + e)
                .ok_or_else(|| self.err(optr, "unbalanced braces in the path"))?;
            let name = &rest[start + 1..end];
            if !params.iter().any(|p| p.wire == name) {
                return Err(self.err(
                    optr,
                    format!("the path names `{{{name}}}` but no path parameter does"),
                ));
            }
            rest = &rest[end + 1..];
        }
        Ok(())
    }

    /// The one success response (status and body) and the documented errors.
    #[allow(clippy::type_complexity)]
    fn responses(
        &mut self,
        op: &'a Map<String, Value>,
        optr: &str,
        prefix: &str,
    ) -> Result<
        (
            Option<(u16, Option<(String, String)>)>,
            Vec<(String, Option<String>)>,
        ),
        SpecError,
    > {
        let rptr = format!("{optr}/responses");
        let responses = op
            .get("responses")
            .ok_or_else(|| self.err(optr, "an operation needs responses"))?;
        let responses = self.object(responses, &rptr)?;
        let mut success = None;
        let mut errors = Vec::new();
        for (status, response) in responses {
            let sptr = format!("{rptr}/{}", seg(status));
            let r = self.object(response, &sptr)?;
            for key in r.keys() {
                if !["description", "content", "headers"].contains(&key.as_str()) {
                    return Err(self.err(
                        &format!("{sptr}/{}", seg(key)),
                        format!("unsupported response key `{key}`"),
                    ));
                }
            }
            let code: Option<u16> = status.parse().ok();
            let hint = format!("{prefix}Response{status}");
            let body = self.content(r, &sptr, &hint)?;
            match code {
                Some(c @ 200..=299) => {
                    if success.is_some() {
                        return Err(
                            self.err(&sptr, "more than one success response is not supported")
                        );
                    }
                    success = Some((c, body));
                }
                Some(100..=599) => errors.push((status.clone(), body.map(|(_, ty)| ty))),
                _ if status == "default" => errors.push((status.clone(), body.map(|(_, ty)| ty))),
                _ => return Err(self.err(&sptr, format!("`{status}` is not a status code"))),
            }
        }
        Ok((success, errors))
    }

    /// The one JSON media type of a body: `(media type, Rust type name)`.
    fn content(
        &mut self,
        obj: &'a Map<String, Value>,
        ptr: &str,
        hint: &str,
    ) -> Result<Option<(String, String)>, SpecError> {
        let Some(content) = obj.get("content") else {
            return Ok(None);
        };
        let cptr = format!("{ptr}/content");
        let content = self.object(content, &cptr)?;
        let [(media, entry)] = content.iter().collect::<Vec<_>>()[..] else {
            return Err(self.err(&cptr, "exactly one media type is supported"));
        };
        if media != "application/json"
            && !(media.starts_with("application/") && media.ends_with("+json"))
        {
            return Err(self.err(
                &format!("{cptr}/{}", seg(media)),
                format!("media type `{media}` is not JSON"),
            ));
        }
        let mptr = format!("{cptr}/{}", seg(media));
        let entry = self.object(entry, &mptr)?;
        for key in entry.keys() {
            if !["schema", "example", "examples"].contains(&key.as_str()) {
                return Err(self.err(
                    &format!("{mptr}/{}", seg(key)),
                    format!("unsupported media type key `{key}`"),
                ));
            }
        }
        let schema = entry
            .get("schema")
            .ok_or_else(|| self.err(&mptr, "a body needs a schema"))?;
        let read = self.schema(schema, &format!("{mptr}/schema"), hint, None, None)?;
        match read.ty {
            Ty::Named(name) if !read.nullable => Ok(Some((media.clone(), name))),
            _ => Err(self.err(
                &format!("{mptr}/schema"),
                "a body must be an object schema (a struct)",
            )),
        }
    }
}

/// Whether a schema defines an item of its own: a struct, a string enum or a union.
fn defines_item(obj: &Map<String, Value>) -> bool {
    obj.contains_key("properties")
        || obj.contains_key("anyOf")
        || obj.contains_key("oneOf")
        || (obj.contains_key("enum") && obj.get("type").and_then(Value::as_str) != Some("integer"))
}

/// The doc lines of a schema: its description, else its title.
fn doc_of(obj: &Map<String, Value>) -> Vec<String> {
    obj.get("description")
        .or_else(|| obj.get("title"))
        .and_then(Value::as_str)
        .map(|d| d.trim().lines().map(|l| l.trim_end().to_owned()).collect())
        .unwrap_or_default()
}

/// The names of structs and unions a request body or query can reach.
fn reachable(items: &[Item], operations: &[Operation]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut todo: Vec<String> = operations
        .iter()
        .filter_map(|o| o.body.as_ref().map(|(_, t)| t.clone()))
        .collect();
    while let Some(name) = todo.pop() {
        if !out.insert(name.clone()) {
            continue;
        }
        if let Some(Item::Struct { fields, .. }) = items.iter().find(|i| i.name() == name) {
            for field in fields {
                let mut ty = &field.ty;
                while let Ty::Vec(inner) | Ty::Map(inner) = ty {
                    ty = inner;
                }
                if let Ty::Named(n) = ty {
                    todo.push(n.clone());
                }
            }
        }
    }
    out
}
