//! Snapshots of the code the generator emits for one small fixture per construct
//! (`tests/fixtures/<name>.codegen.toml` and its spec), plus assertions on the lines a snapshot
//! review could miss.

mod common;

use common::{block, field, generate_fixture, has};

/// Generates the fixture `name` and snapshots it as `codegen_snapshots__<name>.snap`.
fn snapshot(name: &str) -> String {
    let code = generate_fixture(name);
    insta::assert_snapshot!(name, code);
    code
}

#[test]
fn nullable_30() {
    let code = snapshot("nullable_30");
    let id = field(&code, "Link", "id");
    assert_eq!(id.ty, "String");
    assert_eq!(id.attrs, "");
    // Required but nullable: always sent, `null` when unset.
    let note = field(&code, "Link", "note");
    assert_eq!(note.ty, "Option<String>");
    assert!(!note.attrs.contains("skip_serializing_if"), "{note:?}");
    let count = field(&code, "Link", "count");
    assert_eq!(count.ty, "Option<i32>");
    assert!(count.attrs.contains("skip_serializing_if"), "{count:?}");
    let expires = field(&code, "Link", "expires_at");
    assert_eq!(expires.ty, "Option<time::OffsetDateTime>");
    assert!(
        expires
            .attrs
            .contains("with = \"time::serde::rfc3339::option\""),
        "{expires:?}"
    );
    assert_eq!(field(&code, "Link", "tags").ty, "Option<Vec<String>>");
    assert_eq!(field(&code, "Link", "owner").ty, "Option<Owner>");
    assert_eq!(
        field(&code, "Link", "extra").ty,
        "Option<serde_json::Value>"
    );
}

#[test]
fn type_null_31() {
    let code = snapshot("type_null_31");
    assert!(code.contains("from openapi/type_null_31.json"), "{code}");
    let note = field(&code, "Link", "note");
    assert_eq!(note.ty, "Option<String>");
    assert!(!note.attrs.contains("skip_serializing_if"), "{note:?}");
    assert_eq!(field(&code, "Link", "count").ty, "Option<i64>");
    assert_eq!(field(&code, "Link", "ratio").ty, "Option<f64>");
    assert_eq!(field(&code, "Link", "active").ty, "Option<bool>");
    assert_eq!(
        field(&code, "Link", "expires_at").ty,
        "Option<time::OffsetDateTime>"
    );
    assert_eq!(field(&code, "Link", "flags").ty, "Option<Vec<bool>>");
    assert_eq!(
        field(&code, "Link", "extra").ty,
        "Option<serde_json::Value>"
    );
}

#[test]
fn union_null() {
    let code = snapshot("union_null");
    assert_eq!(field(&code, "Link", "note").ty, "Option<String>");
    let owner = field(&code, "Link", "owner");
    assert_eq!(owner.ty, "Option<Owner>");
    assert!(!owner.attrs.contains("skip_serializing_if"), "{owner:?}");
    assert_eq!(field(&code, "Link", "status").ty, "Option<Status>");
    assert_eq!(field(&code, "Link", "count").ty, "Option<i32>");
    // A union of several scalars and null is a union item, made optional.
    assert_eq!(
        field(&code, "Link", "reference").ty,
        "Option<LinkReference>"
    );
    let union = block(&code, "pub enum LinkReference {");
    assert!(union.contains("Integer(i64)") && union.contains("String(String)"));
    assert!(!union.contains("Null"), "{union}");
    // Only the union is a new item: `note`, `owner`, `status` and `count` are not.
    assert_eq!(code.matches("pub enum ").count(), 2, "{code}");
    assert_eq!(code.matches("pub struct ").count(), 2, "{code}");
}

#[test]
fn required_nullable() {
    let code = snapshot("required_nullable");
    for name in ["note", "amount", "expires_at", "owner", "status"] {
        let decl = field(&code, "Link", name);
        assert!(decl.ty.starts_with("Option<"), "{name}: {decl:?}");
        assert!(
            !decl.attrs.contains("skip_serializing_if"),
            "a required field must always be sent: {name}: {decl:?}"
        );
        assert!(decl.attrs.contains("default"), "{name}: {decl:?}");
    }
    let amount = field(&code, "Link", "amount");
    assert!(
        amount
            .attrs
            .contains("with = \"paylinks_core::money::number::option\""),
        "{amount:?}"
    );
    assert_eq!(field(&code, "Link", "plain").attrs, "");
    for name in ["optional_note", "optional_amount"] {
        let decl = field(&code, "Link", name);
        assert!(
            decl.attrs
                .contains("skip_serializing_if = \"Option::is_none\""),
            "{name}: {decl:?}"
        );
    }
    assert!(code.contains("Required; may be `null`. On the wire: `note`."));
}

#[test]
fn open_enum() {
    let code = snapshot("open_enum");
    // Core's `open_enum!`, one variant per value in the spec's order, written as the spec
    // spells it; the macro adds `Unknown(String)`, serde and the conversions.
    let status = block(&code, "pub enum Status {");
    let variants: Vec<&str> = status
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("///"))
        .skip(1)
        .take_while(|l| *l != "}")
        .collect();
    assert_eq!(
        variants,
        [
            r#"Active = "active","#,
            r#"OnHold = "on_hold","#,
            r#"Expired = "EXPIRED","#,
            r#"BadRequest = "badRequest","#,
            r#"V01 = "01","#,
        ]
    );
    // Exact matching unless the config says otherwise, as it does for `LinkNetwork`.
    for (name, matching) in [
        ("Status", "exact"),
        ("LinkNetwork", "ignore_ascii_case"),
        ("LinkPrevious", "exact"),
    ] {
        let invocation = code
            .split("paylinks_core::open_enum! {")
            .find(|i| i.contains(&format!("pub enum {name} {{")))
            .unwrap_or_else(|| panic!("no open_enum! of {name} in:\n{code}"));
        assert!(
            invocation
                .trim_start()
                .starts_with(&format!("match {matching};")),
            "{name}: {invocation}"
        );
    }
    assert_eq!(field(&code, "Link", "status").ty, "Status");
    assert_eq!(field(&code, "Link", "network").ty, "Option<LinkNetwork>");
    // `null` among the values makes the field nullable, not a variant.
    let previous = block(&code, "pub enum LinkPrevious {");
    assert!(!previous.contains("Null"), "{previous}");
    assert_eq!(field(&code, "Link", "previous").ty, "Option<LinkPrevious>");
}

#[test]
fn scalar_union() {
    let code = snapshot("scalar_union");
    let reference = block(&code, "pub enum Reference {");
    assert!(reference.contains("Integer(i64),"), "{reference}");
    assert!(reference.contains("String(String),"), "{reference}");
    assert!(
        code.contains("#[serde(untagged)]\npub enum Reference {"),
        "{code}"
    );
    // Untagged: the first variant that parses wins, so integers come before numbers and
    // strings, whatever the spec's order.
    let anything = block(&code, "pub enum LinkAnything {");
    let order: Vec<usize> = [
        "Boolean(bool)",
        "Integer(i32)",
        "Number(f64)",
        "String(String)",
    ]
    .iter()
    .map(|v| {
        anything
            .find(v)
            .unwrap_or_else(|| panic!("{v} in {anything}"))
    })
    .collect();
    assert!(order.is_sorted(), "{anything}");
    assert_eq!(field(&code, "Link", "reference").ty, "Reference");
}

#[test]
fn money() {
    let code = snapshot("money");
    let as_string = field(&code, "Price", "as_string");
    assert_eq!(as_string.ty, "rust_decimal::Decimal");
    assert!(
        as_string
            .attrs
            .contains("with = \"paylinks_core::money::string\""),
        "{as_string:?}"
    );
    let as_number = field(&code, "Price", "as_number");
    assert_eq!(as_number.ty, "rust_decimal::Decimal");
    assert!(
        as_number
            .attrs
            .contains("with = \"paylinks_core::money::number\""),
        "{as_number:?}"
    );
    let maybe_string = field(&code, "Price", "maybe_string");
    assert_eq!(maybe_string.ty, "Option<rust_decimal::Decimal>");
    assert!(
        maybe_string
            .attrs
            .contains("with = \"paylinks_core::money::string::option\""),
        "{maybe_string:?}"
    );
    let maybe_number = field(&code, "Price", "maybe_number");
    assert!(
        maybe_number
            .attrs
            .contains("with = \"paylinks_core::money::number::option\""),
        "{maybe_number:?}"
    );
    // Not configured: a plain f64.
    let ratio = field(&code, "Price", "ratio");
    assert_eq!(ratio.ty, "Option<f64>");
    assert!(!ratio.attrs.contains("money"), "{ratio:?}");
    // Bounds on an amount compare decimals, exactly.
    assert!(has(
        &code,
        r#"c.minimum("asNumber", *v, rust_decimal::Decimal::from_i128_with_scale(0, 0), true);"#
    ));
    assert!(has(
        &code,
        r#"c.maximum("maybeNumber", *v, rust_decimal::Decimal::from_i128_with_scale(10000005, 1), false);"#
    ));
    // A query amount is a decimal too.
    assert!(code.contains("pub min_amount: Option<rust_decimal::Decimal>,"));
}

#[test]
fn formats_uuid() {
    let code = snapshot("formats_uuid");
    assert_eq!(field(&code, "Link", "id").ty, "uuid::Uuid");
    assert_eq!(field(&code, "Link", "parent_id").ty, "Option<uuid::Uuid>");
    assert_eq!(field(&code, "Link", "ids").ty, "Option<Vec<uuid::Uuid>>");
    let created = field(&code, "Link", "created_at");
    assert_eq!(created.ty, "time::OffsetDateTime");
    assert_eq!(
        created.attrs,
        "#[serde(rename = \"createdAt\", with = \"time::serde::rfc3339\")]"
    );
    let updated = field(&code, "Link", "updated_at");
    assert_eq!(updated.ty, "Option<time::OffsetDateTime>");
    assert!(
        updated
            .attrs
            .contains("with = \"time::serde::rfc3339::option\""),
        "{updated:?}"
    );
    assert_eq!(field(&code, "Link", "website").ty, "Option<String>");
    assert!(code.contains("pub since: Option<time::OffsetDateTime>,"));
    assert!(code.contains("pairs.push((\"since\", paylinks_core::wire::query_time(v)));"));
    assert!(code.contains("pub parent: Option<uuid::Uuid>,"));
    assert!(code.contains("pairs.push((\"parent\", v.to_string()));"));
}

#[test]
fn formats_uuid_string() {
    let code = snapshot("formats_uuid_string");
    assert!(!code.contains("uuid::Uuid"), "{code}");
    assert_eq!(field(&code, "Link", "id").ty, "String");
    assert_eq!(field(&code, "Link", "parent_id").ty, "Option<String>");
    assert_eq!(field(&code, "Link", "ids").ty, "Option<Vec<String>>");
    assert!(code.contains("pub parent: Option<String>,"));
    // Date-times do not depend on the uuid setting.
    assert_eq!(
        field(&code, "Link", "created_at").ty,
        "time::OffsetDateTime"
    );
}

#[test]
fn validate_30() {
    let code = snapshot("validate_30");
    let checks = block(
        &code,
        "impl paylinks_core::validate::Validate for CreateLink {",
    );
    for line in [
        r#"c.length("name", v, Some(1), Some(64));"#,
        // 3.0: `exclusiveMinimum: true` makes `minimum` exclusive.
        r#"c.minimum("amount", *v, 0_f64, true);"#,
        r#"c.maximum("amount", *v, 100000_f64, false);"#,
        r#"c.minimum("quantity", *v, 1, false);"#,
        r#"c.maximum("quantity", *v, 10, true);"#,
        r#"c.one_of("priority", v, &[1, 2, 3]);"#,
        r#"c.known("currency", v.is_known(), CreateLinkCurrency::KNOWN);"#,
        r#"c.items("tags", v.len(), Some(1), Some(3));"#,
        r#"c.known(&format!("networks[{i}]"), item.is_known(), Network::KNOWN);"#,
        r#"c.items("lines", v.len(), None, Some(10));"#,
        r#"c.each("lines", v);"#,
        r#"c.nested(&format!("byName.{key}"), item);"#,
        r#"c.length("note", v, None, Some(140));"#,
    ] {
        assert!(has(checks, line), "{line} in:\n{checks}");
    }
    // Structs reachable from the request get checks; a response-only struct does not.
    assert!(code.contains("impl paylinks_core::validate::Validate for Line {"));
    assert!(!code.contains("Validate for LinkView"), "{code}");
}

#[test]
fn validate_rules() {
    let code = snapshot("validate_rules");
    let checks = block(
        &code,
        "impl paylinks_core::validate::Validate for CreateLink {",
    );
    for line in [
        // The positive-decimal pattern on a string amount is its exclusive minimum of 0, and
        // its length is that of the text written for it.
        r#"c.length("amount", &v.to_string(), None, Some(28));"#,
        r#"c.minimum("amount", *v, rust_decimal::Decimal::from_i128_with_scale(0, 0), true);"#,
        r#"c.not_blank("reference", v);"#,
        r#"let label = format!("coins[{i}]");"#,
        r#"c.length(&label, v, Some(1), Some(10));"#,
        r#"c.items("counts", v.len(), None, Some(3));"#,
        r#"c.minimum(&label, *v, 0, false);"#,
        r#"if self.generate_link == Some(true) && self.transaction_id.is_none() {"#,
        r#"c.required("transactionId");"#,
    ] {
        assert!(has(checks, line), "{line} in:\n{checks}");
    }
    assert_eq!(
        field(&code, "CreateLink", "amount").ty,
        "rust_decimal::Decimal"
    );
}

#[test]
fn validate_31() {
    let code = snapshot("validate_31");
    let checks = block(
        &code,
        "impl paylinks_core::validate::Validate for CreateLink {",
    );
    for line in [
        // 3.1: a numeric `exclusiveMinimum` is the bound itself.
        r#"c.minimum("amount", *v, 0_f64, true);"#,
        r#"c.maximum("amount", *v, 1000.5_f64, true);"#,
        r#"c.minimum("quantity", *v, 0, true);"#,
        r#"c.maximum("quantity", *v, 50, false);"#,
        r#"c.minimum("ratio", *v, 0.25_f64, false);"#,
        r#"c.known("currency", v.is_known(), CreateLinkCurrency::KNOWN);"#,
    ] {
        assert!(has(checks, line), "{line} in:\n{checks}");
    }
    assert!(
        checks.contains("if let Some(v) = &self.ratio {"),
        "{checks}"
    );
}

#[test]
fn operations() {
    let code = snapshot("operations");
    // Non-2xx responses are listed in the operation type's docs.
    assert!(has(
        &code,
        "/// Documented errors:\n/// - `400`: `Problem`\n/// - `default`: no body\n///\n/// Sent with"
    ));
    assert!(has(
        &code,
        "/// Documented errors:\n/// - `404`: no body\n///\n/// Sent with"
    ));
    // The query lives in a module named after the operation, beside its type.
    let list = block(&code, "pub mod list_links {");
    for line in [
        "pub limit: Option<i32>,",
        "pub status: Vec<super::super::ListLinksStatusItem>,",
        "pub ids: Vec<String>,",
        "pub include_archived: bool,",
        "for v in &self.status {",
        r#"pairs.push(("status", v.as_str().to_owned()));"#,
        r#"pairs.push(("includeArchived", v.to_string()));"#,
        r#"c.minimum("limit", *v, 1, false);"#,
        r#"c.length("cursor", v, None, Some(64));"#,
        r#"c.items("status", v.len(), None, Some(5));"#,
    ] {
        assert!(has(list, line), "{line} in:\n{list}");
    }
    // A required scalar query parameter: no `Default` for the struct.
    assert!(has(
        list,
        "#[derive(Debug, Clone, PartialEq)] pub struct Query {"
    ));
    // Header parameters (`X-Api-Key`, `Idempotency-Key`) are not query fields.
    assert!(!list.contains("api_key"), "{list}");
    // An operation without a query has no module; everything else is on its type.
    for module in ["create_link", "get_link", "expire_link"] {
        assert!(!code.contains(&format!("pub mod {module} ")), "{module}");
    }
    let get = block(&code, "impl paylinks_core::Operation for GetLink<'_> {");
    assert!(has(
        get,
        r#"const PATH: &'static str = "/v1/merchants/{merchantId}/links/{link-id}";"#
    ));
    assert!(has(
        get,
        r#"paylinks_core::wire::path_segment("merchantId", self.merchant_id)?,"#
    ));
    assert!(get.contains(r#""/v1/merchants/{}/links/{}""#), "{get}");
    let expire = block(&code, "impl paylinks_core::Operation for ExpireLink<'_> {");
    assert!(
        expire.contains("paylinks_core::Method::DELETE;"),
        "{expire}"
    );
    // Nothing reads the spec's operationId, the success status or the header parameters,
    // and the operation types replace the per-operation constants: none is emitted.
    for gone in [
        "OPERATION_ID",
        "SUCCESS",
        "HEADERS",
        "pub const METHOD",
        "pub const PATH",
        "pub const CONTENT_TYPE",
        "pub const ACCEPT",
        "pub type Body",
        "pub type Response",
        "pub fn path(",
    ] {
        assert!(!code.contains(gone), "{gone} in:\n{code}");
    }
}

#[test]
fn operation_types() {
    let code = generate_fixture("operations");
    // Path parameters, then the query, then the body, all borrowed.
    assert!(has(
        &code,
        "pub struct GetLink<'a> { merchant_id: &'a str, link_id: &'a str, }"
    ));
    assert!(has(
        &code,
        "pub fn new(merchant_id: &'a str, link_id: &'a str) -> Self {"
    ));
    assert!(has(
        &code,
        "pub struct ListLinks<'a> { query: &'a list_links::Query, }"
    ));
    assert!(has(
        &code,
        "pub struct CreateLink<'a> { body: &'a super::Link, }"
    ));

    let list = block(&code, "impl paylinks_core::Operation for ListLinks<'_> {");
    for line in [
        "type Response = super::LinkPage;",
        "const METHOD: paylinks_core::Method = paylinks_core::Method::GET;",
        r#"const PATH: &'static str = "/v1/links";"#,
        r#"const ACCEPT: &'static str = "application/json";"#,
        "const IDEMPOTENT: bool = true;",
        "fn query(&self) -> Vec<(&'static str, String)> { self.query.to_pairs() }",
    ] {
        assert!(has(list, line), "{line} in:\n{list}");
    }
    assert!(
        !list.contains("fn path(") && !list.contains("fn body("),
        "{list}"
    );

    let create = block(&code, "impl paylinks_core::Operation for CreateLink<'_> {");
    for line in [
        "const IDEMPOTENT: bool = false;",
        r#"serde_json::to_vec(self.body).map(|bytes| Some(("application/vnd.api+json", bytes)))"#,
    ] {
        assert!(has(create, line), "{line} in:\n{create}");
    }
    assert!(has(
        &code,
        "impl paylinks_core::validate::Validate for CreateLink<'_> { fn validate_at(&self, c: &mut paylinks_core::validate::Checker) { paylinks_core::validate::Validate::validate_at(self.body, c); } }"
    ));

    let get = block(&code, "impl paylinks_core::Operation for GetLink<'_> {");
    assert!(has(
        get,
        r#"paylinks_core::wire::path_segment("link-id", self.link_id)?"#
    ));
    // No documented success body: an empty one is expected.
    let expire = block(&code, "impl paylinks_core::Operation for ExpireLink<'_> {");
    assert!(
        has(expire, "type Response = paylinks_core::wire::NoContent;"),
        "{expire}"
    );
    assert!(has(expire, "const IDEMPOTENT: bool = true;"), "{expire}");
}

#[test]
fn idempotent_overrides_the_method() {
    let (file, config, spec) = common::fixture_texts("operations");
    let config = format!("{config}\n[idempotent]\ncreateLink = true\ngetLink = false\n");
    let code = xtask::codegen::generate(&file, &config, &spec).expect("generate");
    let create = block(&code, "impl paylinks_core::Operation for CreateLink<'_> {");
    assert!(has(create, "const IDEMPOTENT: bool = true;"), "{create}");
    let get = block(&code, "impl paylinks_core::Operation for GetLink<'_> {");
    assert!(has(get, "const IDEMPOTENT: bool = false;"), "{get}");
}

#[test]
fn structs_are_built_with_new_and_setters() {
    let code = generate_fixture("required_nullable");
    assert!(
        has(
            &code,
            "#[non_exhaustive] #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)] pub struct Link {"
        ),
        "{code}"
    );
    // Required fields, nullable or not, in spec order; optional ones start unset.
    let builder = block(&code, "impl Link {");
    assert!(builder.contains("pub fn new("), "{builder}");
    assert!(has(builder, "plain: String"), "{builder}");
    assert!(has(builder, "optional_note: None"), "{builder}");
    assert!(has(
        builder,
        "pub fn optional_note(mut self, value: String) -> Self { self.optional_note = Some(value); self }"
    ));
    assert!(!builder.contains("pub fn plain("), "{builder}");
    // Enums and unions are non-exhaustive too: an enum is core's `open_enum!`, which makes it so.
    assert!(
        has(
            &code,
            "paylinks_core::open_enum! { match exact; /// The `LinkStatus` values. /// /// Open: a value the spec does not list is kept, as sent, in `Unknown`. pub enum LinkStatus {"
        ),
        "{code}"
    );
    let union = generate_fixture("scalar_union");
    assert!(
        has(
            &union,
            "#[non_exhaustive] #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)] #[serde(untagged)] pub enum Reference {"
        ),
        "{union}"
    );
}

#[test]
fn renames() {
    let code = snapshot("renames");
    assert!(code.contains("pub struct LinkEnvelope {"), "{code}");
    assert!(code.contains("pub struct PaymentLink {"), "{code}");
    assert!(!code.contains("ExternalApiPaymentLinkRead {"), "{code}");
    // References follow the rename.
    assert_eq!(field(&code, "LinkEnvelope", "data").ty, "PaymentLink");
    // Inline items are named after the Rust name.
    assert_eq!(
        field(&code, "PaymentLink", "details").ty,
        "Option<PaymentLinkDetails>"
    );
    let kind = field(&code, "PaymentLink", "kind");
    assert_eq!(kind.attrs, "#[serde(rename = \"type\")]");
    let self_link = field(&code, "PaymentLink", "self_link");
    assert_eq!(self_link.attrs, "#[serde(rename = \"self\")]");
    let fiat = field(&code, "PaymentLink", "amount_in_fiat");
    assert!(fiat.attrs.contains("rename = \"fiatAmount\""), "{fiat:?}");
    // Without a rename, names come from the spec.
    assert!(code.contains("pub struct HttpValidationError {"), "{code}");
}

#[test]
fn mesh_allof() {
    let code = snapshot("mesh_allof");
    let broker = field(&code, "LinkTokenRequest", "broker_type");
    assert_eq!(broker.ty, "Option<BrokerType>");
    assert!(broker.attrs.contains("skip_serializing_if"), "{broker:?}");
    // Required and nullable: always sent.
    let transfer = field(&code, "LinkTokenRequest", "transfer_options");
    assert_eq!(transfer.ty, "Option<TransferOptions>");
    assert!(
        !transfer.attrs.contains("skip_serializing_if"),
        "{transfer:?}"
    );
    // Required, not nullable: the referenced type itself.
    assert_eq!(
        field(&code, "LinkTokenRequest", "required_options").ty,
        "TransferOptions"
    );
    assert!(
        code.contains("/// Which exchange to open directly."),
        "{code}"
    );
}

#[test]
fn date_time() {
    let code = snapshot("date_time");
    let expires = field(&code, "CreateLink", "expires_at");
    assert_eq!(expires.ty, "time::OffsetDateTime");
    assert_eq!(
        expires.attrs,
        "#[serde(rename = \"expiresAt\", with = \"paylinks_core::wire::rfc3339_millis\")]"
    );
    let remind = field(&code, "CreateLink", "remind_at");
    assert!(
        remind
            .attrs
            .contains("with = \"paylinks_core::wire::rfc3339_millis::option\""),
        "{remind:?}"
    );
    // "rfc3339" is the default, stated.
    let created = field(&code, "CreateLink", "created_at");
    assert!(
        created
            .attrs
            .contains("with = \"time::serde::rfc3339::option\""),
        "{created:?}"
    );
    let create = block(&code, "impl paylinks_core::Operation for CreateLink<'_> {");
    assert!(has(create, "const IDEMPOTENT: bool = true;"), "{create}");
}

#[test]
fn paging() {
    let code = snapshot("paging");
    // One `Paged` impl per `[paging]` entry, over the operation's query or body.
    assert_eq!(
        code.matches("impl paylinks_core::paging::Paged for ")
            .count(),
        3,
        "{code}"
    );

    // By page number: the query's `page`, the whole path required, so no `Option` to undo.
    let links = block(
        &code,
        "impl paylinks_core::paging::Paged for list_links::Query {",
    );
    for line in [
        "type Operation<'a> = ListLinks<'a>;",
        "type Page = super::LinkPage;",
        "type Item = super::Link;",
        "const MAX_SIZE: i64 = 100;",
        "ListLinks::new(self)",
        "&mut self.per_page",
        "paylinks_core::paging::Position::Page(&mut self.page)",
        // Copied, not cloned: the client crates' clippy denies `clone_on_copy`.
        "let total = Some(page.total_count);",
        // The items are taken out of the page, which stays whole otherwise.
        "paylinks_core::paging::Split::new(std::mem::take(&mut page.data)).total(total)",
    ] {
        assert!(has(links, line), "{line} in:\n{links}");
    }

    // By offset: the spec's `Offset` and `Count` as Rust fields, into an optional object.
    let transfers = block(
        &code,
        "impl paylinks_core::paging::Paged for list_transfers::Query {",
    );
    for line in [
        "type Page = super::TransferPage;",
        "type Item = super::Transfer;",
        "const MAX_SIZE: i64 = 500;",
        "&mut self.count",
        "paylinks_core::paging::Position::Offset(&mut self.offset)",
        "let total = page.content.as_ref().and_then(|v| v.total.as_ref()).copied();",
        "paylinks_core::paging::Split::new(page.content.as_mut().and_then(|v| v.items.take())\
         .unwrap_or_default()).total(total)",
    ] {
        assert!(has(transfers, line), "{line} in:\n{transfers}");
    }

    // By cursor: the body's `after`, with `more` and the next cursor behind an optional object
    // and a required one.
    let payments = block(
        &code,
        "impl paylinks_core::paging::Paged for super::PaymentSearch {",
    );
    for line in [
        "type Operation<'a> = SearchPayments<'a>;",
        "type Page = super::PaymentPage;",
        "type Item = super::Payment;",
        "const MAX_SIZE: i64 = 50;",
        "&mut self.first",
        "paylinks_core::paging::Position::Cursor(&mut self.after)",
        "let more = page.result.as_ref().map(|v| &v.page_info).map(|v| &v.has_more).copied();",
        "let cursor = page.result.as_ref().map(|v| &v.page_info)\
         .and_then(|v| v.next_cursor.as_ref()).cloned();",
        "paylinks_core::paging::Split::new(page.result.as_mut()\
         .map(|v| std::mem::take(&mut v.entries)).unwrap_or_default()).more(more).cursor(cursor)",
    ] {
        assert!(has(payments, line), "{line} in:\n{payments}");
    }
    // Only what the entry names is set: no total on a cursor page, no cursor on the others.
    assert!(!payments.contains(".total("), "{payments}");
    assert!(!links.contains(".cursor(") && !transfers.contains(".more("));
}

/// Every fixture, generated twice, gives the same bytes.
#[test]
fn generating_twice_is_byte_identical() {
    let mut names: Vec<String> = std::fs::read_dir(common::fixtures())
        .expect("fixtures dir")
        .filter_map(|e| {
            let name = e.ok()?.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".codegen.toml").map(str::to_owned)
        })
        .collect();
    names.sort();
    assert!(names.len() >= 14, "{names:?}");
    for name in names {
        let first = generate_fixture(&name);
        let second = generate_fixture(&name);
        assert_eq!(first.as_bytes(), second.as_bytes(), "{name}");
    }
}
