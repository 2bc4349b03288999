//! The generator's picture of a spec: the Rust items to emit, read from the OpenAPI document.

use rust_decimal::Decimal;

use super::config::{DateTimeWire, EnumMatch, MoneyWire};

/// A Rust type for one JSON value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ty {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32` (`format: int32`).
    I32,
    /// `i64`.
    I64,
    /// `f64`, for numbers that are not money.
    F64,
    /// `rust_decimal::Decimal`, written on the wire as the config says.
    Money(MoneyWire),
    /// `time::OffsetDateTime`, RFC 3339 on the wire in the form the config says.
    DateTime(DateTimeWire),
    /// `uuid::Uuid`.
    Uuid,
    /// `serde_json::Value`: an object whose shape the spec leaves open.
    Json,
    /// `Vec<T>`.
    Vec(Box<Ty>),
    /// `BTreeMap<String, T>` (`additionalProperties`).
    Map(Box<Ty>),
    /// A generated item, by its Rust name.
    Named(String),
}

/// The constraints of one field that a request's `validate()` checks.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Checks {
    pub(crate) min_length: Option<usize>,
    pub(crate) max_length: Option<usize>,
    pub(crate) minimum: Option<(Decimal, bool)>,
    pub(crate) maximum: Option<(Decimal, bool)>,
    pub(crate) min_items: Option<usize>,
    pub(crate) max_items: Option<usize>,
    pub(crate) int_enum: Option<Vec<i64>>,
    /// `pattern: "\\S"`: the text must not be empty or whitespace only.
    pub(crate) not_blank: bool,
    /// The checks of each item of an array.
    pub(crate) each: Option<Box<Checks>>,
}

impl Checks {
    pub(crate) fn is_empty(&self) -> bool {
        *self == Checks::default()
    }
}

/// A struct field, or an operation's query parameter.
#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub(crate) wire: String,
    pub(crate) rust: String,
    pub(crate) doc: Vec<String>,
    pub(crate) ty: Ty,
    pub(crate) required: bool,
    pub(crate) nullable: bool,
    pub(crate) checks: Checks,
    /// `[required_if]`: the optional field must be set whenever this boolean field of the same
    /// struct is true.
    pub(crate) required_if: Option<Flag>,
}

/// The boolean field a conditional requirement depends on.
#[derive(Debug, Clone)]
pub(crate) struct Flag {
    /// Its wire name.
    pub(crate) wire: String,
    /// Its Rust field name.
    pub(crate) rust: String,
    /// Whether it is an `Option<bool>`.
    pub(crate) optional: bool,
}

impl Field {
    /// Whether the Rust type is `Option<ty>`.
    pub(crate) fn optional(&self) -> bool {
        !self.required || self.nullable
    }
}

/// One generated item.
#[derive(Debug, Clone)]
pub(crate) enum Item {
    Struct {
        name: String,
        doc: Vec<String>,
        fields: Vec<Field>,
    },
    /// An open string enum: `(variant, wire value)` pairs plus `Unknown(String)`, read as
    /// `matching` says.
    Enum {
        name: String,
        doc: Vec<String>,
        values: Vec<(String, String)>,
        matching: EnumMatch,
    },
    /// An untagged union of scalar types: `(variant, type)`.
    Union {
        name: String,
        doc: Vec<String>,
        variants: Vec<(String, Ty)>,
    },
}

impl Item {
    pub(crate) fn name(&self) -> &str {
        match self {
            Item::Struct { name, .. } | Item::Enum { name, .. } | Item::Union { name, .. } => name,
        }
    }
}

/// A path parameter: filled into the path, percent-encoded.
#[derive(Debug, Clone)]
pub(crate) struct PathParam {
    pub(crate) wire: String,
    pub(crate) rust: String,
}

/// One emitted operation.
#[derive(Debug, Clone)]
pub(crate) struct Operation {
    pub(crate) module: String,
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) doc: Vec<String>,
    pub(crate) path_params: Vec<PathParam>,
    pub(crate) query: Vec<Field>,
    pub(crate) body: Option<(String, String)>,
    /// Whether a failed attempt may be repeated: by the method, or as the config says.
    pub(crate) idempotent: bool,
    /// The success response's status and, when it has a body, `(media type, type)`.
    pub(crate) success: Option<(u16, Option<(String, String)>)>,
    /// `(status, type)` for each documented non-2xx response.
    pub(crate) errors: Vec<(String, Option<String>)>,
}

/// Everything emitted for one spec.
#[derive(Debug, Clone, Default)]
pub(crate) struct Model {
    pub(crate) title: String,
    pub(crate) items: Vec<Item>,
    pub(crate) operations: Vec<Operation>,
    /// Items reachable from request bodies and query parameters: they get `Validate`.
    pub(crate) request_items: std::collections::BTreeSet<String>,
    /// The list operations that page by themselves.
    pub(crate) paging: Vec<Paging>,
}

/// One list operation's paging, resolved to Rust names.
#[derive(Debug, Clone)]
pub(crate) struct Paging {
    /// The paged operation's module name.
    pub(crate) module: String,
    /// The arguments' type, as written inside `operations`.
    pub(crate) arguments: String,
    /// `Page`, `Offset` or `Cursor`, and the argument's Rust field.
    pub(crate) position: (&'static str, String),
    /// The page size's Rust field.
    pub(crate) size: String,
    pub(crate) max_size: i64,
    /// The reply's type and the items' type, as written inside `operations`.
    pub(crate) page: String,
    pub(crate) item: String,
    /// Rust field paths into the reply.
    pub(crate) items: Vec<Step>,
    pub(crate) total: Option<Vec<Step>>,
    pub(crate) more: Option<Vec<Step>>,
    pub(crate) next_cursor: Option<Vec<Step>>,
}

/// One field on the way into the reply.
#[derive(Debug, Clone)]
pub(crate) struct Step {
    pub(crate) rust: String,
    pub(crate) optional: bool,
}
