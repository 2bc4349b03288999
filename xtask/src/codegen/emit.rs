//! Writes the [`Model`] as Rust source: mostly unformatted, for prettyplease to format
//! afterwards, and the `open_enum!` invocations already formatted, since prettyplease writes a
//! macro's body as one run of tokens.

use std::fmt::Write as _;

use super::config::EnumMatch;
use super::model::{Checks, Field, Item, Model, Operation, Ty};
use super::names::{pascal, setter, unraw};

/// A piece of the output, in order.
pub(crate) enum Part {
    /// Rust items for prettyplease to format.
    Rust(String),
    /// Rust items written already formatted.
    Formatted(String),
}

/// Renders `model`, without the `@generated` header, which is not Rust syntax prettyplease keeps.
pub(crate) fn emit(model: &Model) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "//! Wire types for {}, generated from its OpenAPI document.",
        model.title
    );
    out.push_str("//!\n//! Responses tolerate unknown fields, and every string enum keeps values it does not know in\n//! its `Unknown` variant. Request types implement [`paylinks_core::validate::Validate`].\n//! Every struct and enum is `#[non_exhaustive]`, so the spec may gain an optional field or a\n//! value without breaking a caller: build a struct with `new` (its required fields) and one\n//! setter per optional field, and match an enum with a wildcard arm.\n\n");
    for item in &model.items {
        match item {
            Item::Struct { name, doc, fields } => {
                emit_struct(&mut out, name, doc, fields);
                emit_builder(&mut out, name, fields, "");
                if model.request_items.contains(name) {
                    emit_validate(&mut out, name, fields, model);
                }
            }
            Item::Enum {
                name,
                doc,
                values,
                matching,
            } => {
                parts.push(Part::Rust(std::mem::take(&mut out)));
                parts.push(Part::Formatted(open_enum(name, doc, values, *matching)));
            }
            Item::Union {
                name,
                doc,
                variants,
            } => emit_union(&mut out, name, doc, variants),
        }
    }
    out.push_str("/// The documented operations as data: one type per operation implementing\n/// [`paylinks_core::Operation`]; one with query parameters has a module of the same name\n/// beside it, holding its `Query`.\npub mod operations {\n");
    for op in &model.operations {
        emit_operation(&mut out, op, model);
    }
    out.push_str("}\n");
    parts.push(Part::Rust(out));
    parts
}

fn doc(out: &mut String, lines: &[String], fallback: &str) {
    if lines.iter().all(|l| l.trim().is_empty()) {
        let _ = writeln!(out, "/// {fallback}");
        return;
    }
    for line in lines {
        if line.is_empty() {
            out.push_str("///\n");
        } else {
            let _ = writeln!(out, "/// {line}");
        }
    }
}

fn rust_type(ty: &Ty, prefix: &str) -> String {
    match ty {
        Ty::String => "String".into(),
        Ty::Bool => "bool".into(),
        Ty::I32 => "i32".into(),
        Ty::I64 => "i64".into(),
        Ty::F64 => "f64".into(),
        Ty::Money(_) => "rust_decimal::Decimal".into(),
        Ty::DateTime(_) => "time::OffsetDateTime".into(),
        Ty::Uuid => "uuid::Uuid".into(),
        Ty::Json => "serde_json::Value".into(),
        Ty::Vec(inner) => format!("Vec<{}>", rust_type(inner, prefix)),
        Ty::Map(inner) => format!(
            "std::collections::BTreeMap<String, {}>",
            rust_type(inner, prefix)
        ),
        Ty::Named(name) => format!("{prefix}{name}"),
    }
}

fn field_type(field: &Field, prefix: &str) -> String {
    let ty = rust_type(&field.ty, prefix);
    if field.optional() {
        format!("Option<{ty}>")
    } else {
        ty
    }
}

fn emit_struct(out: &mut String, name: &str, lines: &[String], fields: &[Field]) {
    doc(out, lines, &format!("The `{name}` object."));
    // Without required fields, `new()` takes nothing and `Default` gives the same value.
    let default = if fields.iter().any(|f| f.required) {
        ""
    } else {
        "Default, "
    };
    let _ = writeln!(
        out,
        "#[non_exhaustive]\n#[derive(Debug, Clone, {default}PartialEq, serde::Serialize, serde::Deserialize)]"
    );
    let _ = writeln!(out, "pub struct {name} {{");
    for field in fields {
        emit_field(out, field, "");
    }
    out.push_str("}\n\n");
}

fn emit_field(out: &mut String, field: &Field, prefix: &str) {
    let requirement = match (field.required, field.nullable, &field.required_if) {
        (true, false, _) => "Required.".to_owned(),
        (true, true, _) => "Required; may be `null`.".to_owned(),
        (false, _, Some(flag)) => format!("Optional; required when `{}` is true.", flag.wire),
        (false, _, None) => "Optional.".to_owned(),
    };
    let mut lines = field.doc.clone();
    if lines.is_empty() {
        lines.push(format!("`{}`.", field.wire));
    }
    lines.push(String::new());
    lines.push(format!("{requirement} On the wire: `{}`.", field.wire));
    doc(out, &lines, "");
    let mut attrs: Vec<String> = Vec::new();
    if unraw(&field.rust) != field.wire {
        attrs.push(format!("rename = \"{}\"", field.wire));
    }
    let with = match field.ty {
        Ty::Money(wire) => Some(wire.module().to_owned()),
        Ty::DateTime(wire) => Some(wire.module().to_owned()),
        _ => None,
    };
    if let Some(with) = with {
        let suffix = if field.optional() { "::option" } else { "" };
        attrs.push(format!("with = \"{with}{suffix}\""));
    }
    if field.optional() {
        attrs.push("default".into());
    }
    if !field.required {
        attrs.push("skip_serializing_if = \"Option::is_none\"".into());
    }
    if !attrs.is_empty() {
        let _ = writeln!(out, "#[serde({})]", attrs.join(", "));
    }
    let _ = writeln!(out, "pub {}: {},", field.rust, field_type(field, prefix));
}

fn bound_literal(ty: &Ty, value: rust_decimal::Decimal) -> String {
    match ty {
        Ty::Money(_) => format!(
            "rust_decimal::Decimal::from_i128_with_scale({}, {})",
            value.mantissa(),
            value.scale()
        ),
        Ty::F64 => format!("{value}_f64"),
        _ => value.trunc().to_string(),
    }
}

/// `new(<required fields>)` and one setter per optional field, for a struct (`prefix` empty) or
/// an operation's `Query` (`prefix` leads to the wire types; a list there is a `Vec`, empty
/// when unset).
fn emit_builder(out: &mut String, name: &str, fields: &[Field], prefix: &str) {
    let query = !prefix.is_empty();
    let declared = |f: &Field| match &f.ty {
        Ty::Vec(_) if query => rust_type(&f.ty, prefix),
        _ => field_type(f, prefix),
    };
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let args = required
        .iter()
        .map(|f| format!("{}: {}", f.rust, declared(f)))
        .collect::<Vec<_>>()
        .join(", ");
    let inits = fields
        .iter()
        .map(|f| match &f.ty {
            _ if f.required => f.rust.clone(),
            Ty::Vec(_) if query => format!("{}: Vec::new()", f.rust),
            _ => format!("{}: None", f.rust),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let _ = writeln!(out, "impl {name} {{");
    let a = if name.starts_with(['A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    };
    if required.is_empty() {
        let _ = writeln!(
            out,
            "/// Builds {a} `{name}` with every optional field unset."
        );
    } else {
        let _ = writeln!(
            out,
            "/// Builds {a} `{name}` from its required fields; every optional field is unset."
        );
    }
    if required.len() > 7 {
        out.push_str("#[allow(clippy::too_many_arguments)]\n");
    }
    let _ = writeln!(
        out,
        "pub fn new({args}) -> Self {{\nSelf {{ {inits} }}\n}}\n"
    );
    for f in fields.iter().filter(|f| !f.required) {
        let (ty, value) = match &f.ty {
            Ty::Vec(_) if query => (declared(f), "value"),
            ty => (rust_type(ty, prefix), "Some(value)"),
        };
        let name = setter(&f.rust);
        let note = if name == f.rust {
            String::new()
        } else {
            format!("; named `{name}` because `{}` is taken", f.rust)
        };
        let _ = writeln!(
            out,
            "/// Sets the optional `{}`{note}.\npub fn {name}(mut self, value: {ty}) -> Self {{\nself.{} = {value};\nself\n}}\n",
            f.wire, f.rust
        );
    }
    out.push_str("}\n\n");
}

/// The checks of one value `v` (a reference) of type `ty`, reported under the wire name `wire`.
fn value_checks(ty: &Ty, checks: &Checks, wire: &str, model: &Model, prefix: &str) -> String {
    let mut code = own_checks(ty, checks, &format!("{wire:?}"));
    if let (Ty::Vec(inner), Some(each)) = (ty, &checks.each) {
        let _ = writeln!(
            code,
            "for (i, v) in v.iter().enumerate() {{\nlet label = format!(\"{wire}[{{i}}]\");\n{}}}",
            own_checks(inner, each, "&label")
        );
    }
    match ty {
        Ty::Named(name) => match model.items.iter().find(|i| i.name() == name) {
            Some(Item::Enum { .. }) => {
                let _ = writeln!(
                    code,
                    "c.known({wire:?}, v.is_known(), {prefix}{name}::KNOWN);"
                );
            }
            Some(Item::Struct { .. }) => {
                let _ = writeln!(code, "c.nested({wire:?}, v);");
            }
            _ => {}
        },
        Ty::Vec(inner) => {
            if let Ty::Named(name) = inner.as_ref() {
                match model.items.iter().find(|i| i.name() == name) {
                    Some(Item::Enum { .. }) => {
                        let _ = writeln!(
                            code,
                            "for (i, item) in v.iter().enumerate() {{ c.known(&format!(\"{wire}[{{i}}]\"), item.is_known(), {prefix}{name}::KNOWN); }}"
                        );
                    }
                    Some(Item::Struct { .. }) => {
                        let _ = writeln!(code, "c.each({wire:?}, v);");
                    }
                    _ => {}
                }
            }
        }
        Ty::Map(inner) => {
            if let Ty::Named(name) = inner.as_ref()
                && let Some(Item::Struct { .. }) = model.items.iter().find(|i| i.name() == name)
            {
                let _ = writeln!(
                    code,
                    "for (key, item) in v {{ c.nested(&format!(\"{wire}.{{key}}\"), item); }}"
                );
            }
        }
        _ => {}
    }
    code
}

/// The checks in `checks` of the value `v` itself (not of its items or fields), reported under
/// `label`, a Rust expression of type `&str`. A string amount's lengths are those of the text
/// written for it.
fn own_checks(ty: &Ty, checks: &Checks, label: &str) -> String {
    let mut code = String::new();
    if checks.min_length.is_some() || checks.max_length.is_some() {
        let text = match ty {
            Ty::Money(_) => "&v.to_string()",
            _ => "v",
        };
        let _ = writeln!(
            code,
            "c.length({label}, {text}, {:?}, {:?});",
            checks.min_length, checks.max_length
        );
    }
    if checks.not_blank {
        let _ = writeln!(code, "c.not_blank({label}, v);");
    }
    if checks.min_items.is_some() || checks.max_items.is_some() {
        let _ = writeln!(
            code,
            "c.items({label}, v.len(), {:?}, {:?});",
            checks.min_items, checks.max_items
        );
    }
    for (method, bound) in [("minimum", checks.minimum), ("maximum", checks.maximum)] {
        if let Some((value, exclusive)) = bound {
            let _ = writeln!(
                code,
                "c.{method}({label}, *v, {}, {exclusive});",
                bound_literal(ty, value)
            );
        }
    }
    if let Some(values) = &checks.int_enum {
        let list = values
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(code, "c.one_of({label}, v, &[{list}]);");
    }
    code
}

/// The checks of a struct's field: its value's, when set, and a `[required_if]` requirement.
fn field_checks(field: &Field, model: &Model, prefix: &str) -> String {
    let code = value_checks(&field.ty, &field.checks, &field.wire, model, prefix);
    let mut out = if code.is_empty() {
        code
    } else if field.optional() {
        format!("if let Some(v) = &self.{} {{\n{code}}}\n", field.rust)
    } else {
        format!("{{\nlet v = &self.{};\n{code}}}\n", field.rust)
    };
    if let Some(flag) = &field.required_if {
        let condition = if flag.optional {
            format!("self.{} == Some(true)", flag.rust)
        } else {
            format!("self.{}", flag.rust)
        };
        let _ = writeln!(
            out,
            "if {condition} && self.{}.is_none() {{\nc.required({:?});\n}}",
            field.rust, field.wire
        );
    }
    out
}

fn emit_validate(out: &mut String, name: &str, fields: &[Field], model: &Model) {
    let body: String = fields.iter().map(|f| field_checks(f, model, "")).collect();
    let c = if body.is_empty() { "_" } else { "c" };
    let _ = writeln!(out, "impl paylinks_core::validate::Validate for {name} {{");
    let _ = writeln!(
        out,
        "fn validate_at(&self, {c}: &mut paylinks_core::validate::Checker) {{\n{body}}}\n}}\n"
    );
}

/// The enum as an invocation of `paylinks_core::open_enum!`, formatted: its doc, then one
/// variant per value with the value as its doc.
fn open_enum(
    name: &str,
    lines: &[String],
    values: &[(String, String)],
    matching: EnumMatch,
) -> String {
    let mut docs = String::new();
    doc(&mut docs, lines, &format!("The `{name}` values."));
    docs.push_str(
        "///\n/// Open: a value the spec does not list is kept, as sent, in `Unknown`.\n",
    );
    let mut out = format!(
        "paylinks_core::open_enum! {{\n    match {};\n",
        matching.keyword()
    );
    for line in docs.lines() {
        let _ = writeln!(out, "    {line}");
    }
    let _ = writeln!(out, "    pub enum {name} {{");
    for (variant, wire) in values {
        let _ = writeln!(out, "        /// `{wire}`\n        {variant} = {wire:?},");
    }
    out.push_str("    }\n}\n");
    out
}

fn emit_union(out: &mut String, name: &str, lines: &[String], variants: &[(String, Ty)]) {
    doc(out, lines, &format!("The `{name}` union."));
    out.push_str("#[non_exhaustive]\n#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]\n#[serde(untagged)]\n");
    let _ = writeln!(out, "pub enum {name} {{");
    for (variant, ty) in variants {
        let _ = writeln!(
            out,
            "/// A JSON {}.\n{variant}({}),",
            variant.to_lowercase(),
            rust_type(ty, "")
        );
    }
    out.push_str("}\n\n");
}

/// How a query value `v` (a reference) becomes text.
fn query_text(ty: &Ty, model: &Model) -> String {
    match ty {
        Ty::String => "v.clone()".into(),
        Ty::DateTime(_) => "paylinks_core::wire::query_time(v)".into(),
        Ty::Named(name) if model.items.iter().any(|i| i.name() == name) => {
            "v.as_str().to_owned()".into()
        }
        _ => "v.to_string()".into(),
    }
}

fn emit_operation(out: &mut String, op: &Operation, model: &Model) {
    let name = pascal(&op.module);
    if !op.query.is_empty() {
        let _ = writeln!(
            out,
            "/// The query of [`{name}`].\npub mod {} {{",
            op.module
        );
        emit_query(out, op, model);
        out.push_str("}\n\n");
    }
    let mut lines = op.doc.clone();
    if !op.errors.is_empty() {
        lines.push(String::new());
        lines.push("Documented errors:".into());
        for (status, ty) in &op.errors {
            match ty {
                Some(ty) => lines.push(format!("- `{status}`: `{ty}`")),
                None => lines.push(format!("- `{status}`: no body")),
            }
        }
    }
    lines.push(String::new());
    lines.push(
        "Sent with [`paylinks_core::Executor::send`], which checks it against the spec first."
            .into(),
    );
    emit_operation_type(out, op, &lines);
    if let Some(paging) = model.paging.iter().find(|p| p.module == op.module) {
        super::paging::emit(out, paging);
    }
}

/// `format!(template, segments…)` for the operation's path, its parameters read from `self`.
fn path_format(op: &Operation) -> String {
    let mut template = op.path.clone();
    let mut values = Vec::new();
    for p in &op.path_params {
        template = template.replace(&format!("{{{}}}", p.wire), "{}");
        values.push(format!(
            "paylinks_core::wire::path_segment({:?}, self.{})?",
            p.wire, p.rust
        ));
    }
    format!("format!({template:?}, {})", values.join(", "))
}

/// The operation as a type: its arguments borrowed (path parameters, then the query, then the
/// body), implementing `Validate` and `paylinks_core::Operation`.
fn emit_operation_type(out: &mut String, op: &Operation, lines: &[String]) {
    let name = pascal(&op.module);
    let mut args: Vec<(String, String)> = op
        .path_params
        .iter()
        .map(|p| (p.rust.clone(), "&'a str".to_owned()))
        .collect();
    if !op.query.is_empty() {
        args.push(("query".into(), format!("&'a {}::Query", op.module)));
    }
    if let Some((_, ty)) = &op.body {
        args.push(("body".into(), format!("&'a super::{ty}")));
    }
    doc(out, lines, "");
    let lifetime = if args.is_empty() {
        out.push_str("#[non_exhaustive]\n#[derive(Debug, Clone, Copy, Default)]\n");
        let _ = writeln!(
            out,
            "pub struct {name};\n\nimpl {name} {{\n/// The operation; it takes no arguments.\npub fn new() -> Self {{\nSelf\n}}\n}}\n"
        );
        ""
    } else {
        let fields: String = args.iter().map(|(a, t)| format!("{a}: {t},\n")).collect();
        let params = args
            .iter()
            .map(|(a, t)| format!("{a}: {t}"))
            .collect::<Vec<_>>()
            .join(", ");
        let names = args
            .iter()
            .map(|(a, _)| a.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            out,
            "#[non_exhaustive]\n#[derive(Debug, Clone, Copy)]\npub struct {name}<'a> {{\n{fields}}}\n\nimpl<'a> {name}<'a> {{\n/// The operation with its arguments.\npub fn new({params}) -> Self {{\nSelf {{ {names} }}\n}}\n}}\n"
        );
        "<'_>"
    };
    let mut checks = String::new();
    for arg in ["query", "body"] {
        if args.iter().any(|(a, _)| a == arg) {
            let _ = writeln!(
                checks,
                "paylinks_core::validate::Validate::validate_at(self.{arg}, c);"
            );
        }
    }
    let c = if checks.is_empty() { "_" } else { "c" };
    let _ = writeln!(
        out,
        "impl paylinks_core::validate::Validate for {name}{lifetime} {{\nfn validate_at(&self, {c}: &mut paylinks_core::validate::Checker) {{\n{checks}}}\n}}\n"
    );
    let (accept, response) = match &op.success {
        Some((_, Some((media, ty)))) => (media.as_str(), format!("super::{ty}")),
        _ => ("*/*", "paylinks_core::wire::NoContent".to_owned()),
    };
    let _ = writeln!(
        out,
        "impl paylinks_core::Operation for {name}{lifetime} {{\ntype Response = {response};\nconst NAME: &'static str = {:?};\nconst METHOD: paylinks_core::Method = paylinks_core::Method::{};\nconst PATH: &'static str = {:?};\nconst ACCEPT: &'static str = {accept:?};\nconst IDEMPOTENT: bool = {};",
        op.module, op.method, op.path, op.idempotent
    );
    if !op.path_params.is_empty() {
        let _ = writeln!(
            out,
            "\nfn path(&self) -> Result<String, paylinks_core::validate::Invalid> {{\nOk({})\n}}",
            path_format(op)
        );
    }
    if !op.query.is_empty() {
        out.push_str(
            "\nfn query(&self) -> Vec<(&'static str, String)> {\nself.query.to_pairs()\n}\n",
        );
    }
    if let Some((media, _)) = &op.body {
        let _ = writeln!(
            out,
            "\nfn body(&self) -> Result<Option<(&'static str, Vec<u8>)>, serde_json::Error> {{\nserde_json::to_vec(self.body).map(|bytes| Some(({media:?}, bytes)))\n}}"
        );
    }
    out.push_str("}\n\n");
}

fn emit_query(out: &mut String, op: &Operation, model: &Model) {
    let prefix = "super::super::";
    let all_optional = op
        .query
        .iter()
        .all(|f| !f.required || matches!(f.ty, Ty::Vec(_)));
    let default = if all_optional { ", Default" } else { "" };
    out.push_str("/// The query parameters.\n");
    let _ = writeln!(
        out,
        "#[non_exhaustive]\n#[derive(Debug, Clone, PartialEq{default})]\npub struct Query {{"
    );
    for field in &op.query {
        let mut lines = field.doc.clone();
        if lines.is_empty() {
            lines.push(format!("`{}`.", field.wire));
        }
        lines.push(String::new());
        lines.push(format!("On the wire: `{}`.", field.wire));
        doc(out, &lines, "");
        let ty = match &field.ty {
            Ty::Vec(_) => rust_type(&field.ty, prefix),
            _ => field_type(field, prefix),
        };
        let _ = writeln!(out, "pub {}: {ty},", field.rust);
    }
    out.push_str("}\n\n");
    emit_builder(out, "Query", &op.query, prefix);
    out.push_str("impl Query {\n/// The parameters that are set, as `(name, value)` pairs in the spec's order; a list repeats its name.\npub fn to_pairs(&self) -> Vec<(&'static str, String)> {\nlet mut pairs = Vec::new();\n");
    for field in &op.query {
        let (binding, ty) = match &field.ty {
            Ty::Vec(inner) => (format!("for v in &self.{}", field.rust), inner.as_ref()),
            ty if field.optional() => (format!("if let Some(v) = &self.{}", field.rust), ty),
            ty => (format!("{{\nlet v = &self.{};", field.rust), ty),
        };
        let open = if binding.starts_with('{') { "" } else { " {" };
        let _ = writeln!(
            out,
            "{binding}{open}\npairs.push(({:?}, {}));\n}}",
            field.wire,
            query_text(ty, model)
        );
    }
    out.push_str("pairs\n}\n}\n\n");
    let body: String = op
        .query
        .iter()
        .map(|f| {
            if let Ty::Vec(_) = f.ty {
                let code = value_checks(&f.ty, &f.checks, &f.wire, model, prefix);
                if code.is_empty() {
                    code
                } else {
                    format!("{{\nlet v = &self.{};\n{code}}}\n", f.rust)
                }
            } else {
                field_checks(f, model, prefix)
            }
        })
        .collect();
    let c = if body.is_empty() { "_" } else { "c" };
    let _ = writeln!(
        out,
        "impl paylinks_core::validate::Validate for Query {{\nfn validate_at(&self, {c}: &mut paylinks_core::validate::Checker) {{\n{body}}}\n}}"
    );
}
