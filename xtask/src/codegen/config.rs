//! `openapi/<provider>.codegen.toml`: what the generator cannot read from the spec itself.

use std::collections::BTreeMap;

use serde::Deserialize;

/// One provider's generator settings.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The spec's file name inside `openapi/`.
    pub spec: String,
    /// The crate whose `src/generated.rs` is written.
    #[serde(rename = "crate")]
    pub krate: String,
    /// How `format: uuid` maps to Rust.
    #[serde(default)]
    pub uuid: UuidAs,
    /// `operationId` → Rust module name; only these operations are emitted.
    #[serde(default)]
    pub operations: BTreeMap<String, String>,
    /// `Schema.property` or `operationId.parameter` → how that amount is written on the wire.
    #[serde(default)]
    pub money: BTreeMap<String, MoneyWire>,
    /// Component schema name → Rust type name.
    #[serde(default)]
    pub types: BTreeMap<String, String>,
    /// `Schema.property` → Rust field name.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// `Schema.property` → how that date-time is written on the wire.
    #[serde(default)]
    pub date_time: BTreeMap<String, DateTimeWire>,
    /// `operationId` → whether sending it twice has the effect of sending it once, where that
    /// differs from what its method says (GET, HEAD, PUT, DELETE and OPTIONS are idempotent).
    #[serde(default)]
    pub idempotent: BTreeMap<String, bool>,
    /// Generated string enum (by its Rust name) → how its values are read; one not listed is
    /// read exactly as the spec spells its values.
    #[serde(default)]
    pub enums: BTreeMap<String, EnumMatch>,
    /// `Schema.property` → the boolean property of the same schema whose `true` makes that
    /// optional property required: a rule the spec states only in words (OpenAPI 3.0 has no
    /// `if`/`then`), checked by the generated `validate`.
    #[serde(default)]
    pub required_if: BTreeMap<String, String>,
    /// `operationId` → how that list operation pages: see `PagingConfig`.
    #[serde(default)]
    pub paging: BTreeMap<String, PagingConfig>,
}

/// How one list operation pages. Names are the spec's: an argument of the operation (a query
/// parameter, or a property of its body), or a dotted path of properties into its reply.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PagingConfig {
    /// The argument with the page number, counting from 1 (or `offset`, or `cursor`).
    pub page: Option<String>,
    /// The argument with how many items to skip.
    pub offset: Option<String>,
    /// The argument with the cursor to continue after.
    pub cursor: Option<String>,
    /// The argument with the page size.
    pub size: String,
    /// The page size asked for when none is given: the largest the provider serves.
    pub max_size: i64,
    /// The reply's list of items.
    pub items: String,
    /// The reply's count of items across all pages.
    pub total: Option<String>,
    /// The reply's flag saying more items follow.
    pub more: Option<String>,
    /// The reply's cursor to ask for the next page with (with `cursor`).
    pub next_cursor: Option<String>,
}

/// How a generated string enum reads a value: the matching of `paylinks_core::open_enum!`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnumMatch {
    /// Only as the spec spells it.
    #[default]
    Exact,
    /// Without regard to ASCII case, for a provider that sends `Succeeded` where its spec
    /// lists `succeeded`.
    IgnoreAsciiCase,
}

impl EnumMatch {
    /// The mode as `open_enum!` takes it (`match exact;`).
    pub fn keyword(self) -> &'static str {
        match self {
            EnumMatch::Exact => "exact",
            EnumMatch::IgnoreAsciiCase => "ignore_ascii_case",
        }
    }
}

/// The Rust type for `format: uuid`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UuidAs {
    /// `uuid::Uuid`.
    #[default]
    Uuid,
    /// `String`, for providers whose "uuids" are not always valid ones.
    String,
}

/// The JSON type a provider documents for an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MoneyWire {
    /// A JSON string: `"100.50"`.
    String,
    /// A JSON number, digit for digit: `100.50`.
    Number,
}

impl MoneyWire {
    /// The `paylinks_core::money` module that reads and writes this form.
    pub fn module(self) -> &'static str {
        match self {
            MoneyWire::String => "paylinks_core::money::string",
            MoneyWire::Number => "paylinks_core::money::number",
        }
    }

    /// The JSON Schema `type` the spec must declare for such a field.
    pub fn schema_type(self) -> &'static str {
        match self {
            MoneyWire::String => "string",
            MoneyWire::Number => "number",
        }
    }
}

/// How a provider writes a date-time; any RFC 3339 date-time is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateTimeWire {
    /// RFC 3339 in the value's own offset, with as many fraction digits as it needs.
    #[default]
    Rfc3339,
    /// RFC 3339 in UTC with exactly three fraction digits: `2025-08-31T21:21:35.840Z`.
    Rfc3339Millis,
}

impl DateTimeWire {
    /// The serde module that reads and writes this form.
    pub fn module(self) -> &'static str {
        match self {
            DateTimeWire::Rfc3339 => "time::serde::rfc3339",
            DateTimeWire::Rfc3339Millis => "paylinks_core::wire::rfc3339_millis",
        }
    }
}
