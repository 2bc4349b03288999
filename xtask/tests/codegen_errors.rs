//! Every unsupported construct is refused with a `SpecError` naming the spec file, the JSON
//! pointer of the construct and what is wrong: never a panic, never a silent drop.

mod common;

use serde_json::{Value, json};
use xtask::codegen::SpecError;

/// The config of every test here, plus `extra` TOML tables.
fn config(extra: &str) -> String {
    format!("spec = \"t.json\"\ncrate = \"t-client\"\n{extra}")
}

/// A 3.1 document with these component schemas and no paths.
fn with_schemas(schemas: Value) -> Value {
    json!({
        "openapi": "3.1.0",
        "info": { "title": "T", "version": "1" },
        "paths": {},
        "components": { "schemas": schemas }
    })
}

/// A 3.1 document with these paths and one `Link` schema.
fn with_paths(paths: Value) -> Value {
    json!({
        "openapi": "3.1.0",
        "info": { "title": "T", "version": "1" },
        "paths": paths,
        "components": { "schemas": {
            "Link": { "type": "object", "properties": { "id": { "type": "string" } } }
        } }
    })
}

/// A `Link` schema whose property `field` is `schema`.
fn with_property(field: &str, schema: Value) -> Value {
    with_schemas(json!({ "Link": { "type": "object", "properties": { field: schema } } }))
}

/// The error for `spec` under `config(extra)`.
fn error(extra: &str, spec: &Value) -> SpecError {
    common::spec_error(&config(extra), &spec.to_string())
}

/// Asserts the error's file and pointer exactly, and that its message contains each of `parts`.
#[track_caller]
fn assert_error(err: &SpecError, pointer: &str, parts: &[&str]) {
    assert_eq!(err.file, "t.json", "{err}");
    assert_eq!(err.pointer, pointer, "{err}");
    for part in parts {
        assert!(
            err.message.contains(part),
            "message {:?} lacks {part:?}",
            err.message
        );
    }
}

/// A one-operation path item: `GET /links` with a 200 JSON response.
fn get_links(operation_id: &str) -> Value {
    json!({ "/links": { "get": {
        "operationId": operation_id,
        "responses": { "200": { "description": "ok", "content": { "application/json": {
            "schema": { "$ref": "#/components/schemas/Link" }
        } } } }
    } } })
}

#[test]
fn error_display_names_file_and_pointer() {
    let err = error(
        "",
        &with_property("code", json!({ "type": "string", "pattern": "^[a-z]+$" })),
    );
    assert_eq!(
        err.to_string(),
        "openapi/t.json#/components/schemas/Link/properties/code/pattern: unsupported pattern \
         \"^[a-z]+$\": the generator understands only \"\\\\S\" (not blank) and, on a string \
         amount, \"^([0-9]*[1-9][0-9]*(\\\\.[0-9]+)?|[0-9]+\\\\.[0-9]*[1-9][0-9]*)$\" (a plain \
         decimal above zero)"
    );
}

/// The positive-decimal pattern of a string amount.
const POSITIVE_DECIMAL: &str = r"^([0-9]*[1-9][0-9]*(\.[0-9]+)?|[0-9]+\.[0-9]*[1-9][0-9]*)$";

#[test]
fn pattern() {
    let err = error(
        "",
        &with_property("code", json!({ "type": "string", "pattern": "^[a-z]+$" })),
    );
    assert_error(
        &err,
        "/components/schemas/Link/properties/code/pattern",
        &["unsupported pattern \"^[a-z]+$\""],
    );
}

#[test]
fn pattern_on_a_string_with_a_format() {
    let spec = with_property(
        "id",
        json!({ "type": "string", "format": "date-time", "pattern": "\\S" }),
    );
    assert_error(
        &error("", &spec),
        "/components/schemas/Link/properties/id/pattern",
        &["a pattern is supported only on plain strings"],
    );
}

#[test]
fn positive_decimal_pattern_outside_an_amount() {
    let spec = with_property(
        "amount",
        json!({ "type": "string", "pattern": POSITIVE_DECIMAL }),
    );
    assert_error(
        &error("", &spec),
        "/components/schemas/Link/properties/amount/pattern",
        &["understood only on a string amount"],
    );
}

#[test]
fn not_blank_pattern_on_an_amount() {
    let spec = with_property("amount", json!({ "type": "string", "pattern": "\\S" }));
    assert_error(
        &error("[money]\n\"Link.amount\" = \"string\"\n", &spec),
        "/components/schemas/Link/properties/amount/pattern",
        &["not supported on an amount"],
    );
}

/// A `Link` with an optional `transactionId`, a boolean `generate`, a string `mode` and a
/// required `id`, for `[required_if]`.
fn conditional() -> Value {
    with_schemas(json!({ "Link": {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": { "type": "string" },
            "transactionId": { "type": "string" },
            "generate": { "type": "boolean" },
            "mode": { "type": "string" }
        }
    } }))
}

#[test]
fn required_if_naming_no_property() {
    let err = error(
        "[required_if]\n\"Link.missing\" = \"generate\"\n",
        &conditional(),
    );
    assert_error(
        &err,
        "",
        &["[required_if] names `Link.missing`, which is no schema property"],
    );
}

#[test]
fn required_if_on_a_flag_that_is_not_boolean() {
    for flag in ["mode", "nothing"] {
        let err = error(
            &format!("[required_if]\n\"Link.transactionId\" = \"{flag}\"\n"),
            &conditional(),
        );
        assert_error(
            &err,
            "/components/schemas/Link/properties/transactionId",
            &[&format!(
                "depend on `{flag}`, which is no boolean property of `Link`"
            )],
        );
    }
}

#[test]
fn required_if_on_a_required_property() {
    let err = error(
        "[required_if]\n\"Link.id\" = \"generate\"\n",
        &conditional(),
    );
    assert_error(
        &err,
        "/components/schemas/Link/properties/id",
        &["names `Link.id`, which is required already"],
    );
}

#[test]
fn discriminator() {
    let spec = with_schemas(json!({
        "Cat": { "type": "object", "properties": { "kind": { "type": "string" } } },
        "Dog": { "type": "object", "properties": { "kind": { "type": "string" } } },
        "Pet": {
            "oneOf": [
                { "$ref": "#/components/schemas/Cat" },
                { "$ref": "#/components/schemas/Dog" }
            ],
            "discriminator": { "propertyName": "kind" }
        }
    }));
    assert_error(
        &error("", &spec),
        "/components/schemas/Pet/discriminator",
        &["unsupported keyword `discriminator`"],
    );
}

#[test]
fn not() {
    let err = error(
        "",
        &with_property("code", json!({ "not": { "type": "integer" } })),
    );
    assert_error(
        &err,
        "/components/schemas/Link/properties/code/not",
        &["unsupported keyword `not`"],
    );
}

#[test]
fn const_keyword() {
    let err = error(
        "",
        &with_property(
            "type",
            json!({ "type": "string", "const": "payment_links" }),
        ),
    );
    assert_error(
        &err,
        "/components/schemas/Link/properties/type/const",
        &["unsupported keyword `const`"],
    );
}

#[test]
fn unsupported_string_format() {
    let err = error(
        "",
        &with_property("blob", json!({ "type": "string", "format": "byte" })),
    );
    assert_error(
        &err,
        "/components/schemas/Link/properties/blob/format",
        &["unsupported string format `byte`"],
    );
}

#[test]
fn unsupported_integer_format() {
    let err = error(
        "",
        &with_property("n", json!({ "type": "integer", "format": "int16" })),
    );
    assert_error(
        &err,
        "/components/schemas/Link/properties/n/format",
        &["unsupported integer format `int16`"],
    );
}

#[test]
fn all_of_with_two_entries() {
    let spec = with_schemas(json!({
        "Base": { "type": "object", "properties": { "id": { "type": "string" } } },
        "Extra": { "type": "object", "properties": { "note": { "type": "string" } } },
        "Link": { "type": "object", "properties": { "both": { "allOf": [
            { "$ref": "#/components/schemas/Base" },
            { "$ref": "#/components/schemas/Extra" }
        ] } } }
    }));
    assert_error(
        &error("", &spec),
        "/components/schemas/Link/properties/both/allOf",
        &["allOf is supported only with exactly one $ref"],
    );
}

#[test]
fn all_of_with_an_inline_schema() {
    let err = error(
        "",
        &with_property("x", json!({ "allOf": [{ "type": "string" }] })),
    );
    assert_error(
        &err,
        "/components/schemas/Link/properties/x/allOf/0",
        &["allOf is supported only with exactly one $ref"],
    );
}

#[test]
fn one_of_two_objects() {
    let spec = with_schemas(json!({
        "Card": { "type": "object", "properties": { "last4": { "type": "string" } } },
        "Wallet": { "type": "object", "properties": { "address": { "type": "string" } } },
        "Link": { "type": "object", "properties": { "method": { "oneOf": [
            { "$ref": "#/components/schemas/Card" },
            { "$ref": "#/components/schemas/Wallet" }
        ] } } }
    }));
    assert_error(
        &error("", &spec),
        "/components/schemas/Link/properties/method/oneOf/0",
        &["a union is supported only of plain scalar types"],
    );
}

#[test]
fn one_of_two_inline_objects() {
    let err = error(
        "",
        &with_property(
            "method",
            json!({ "oneOf": [
                { "type": "object", "properties": { "last4": { "type": "string" } } },
                { "type": "object", "properties": { "address": { "type": "string" } } }
            ] }),
        ),
    );
    assert_error(
        &err,
        "/components/schemas/Link/properties/method/oneOf/0",
        &["a union is supported only of plain scalar types"],
    );
}

#[test]
fn external_ref() {
    let err = error(
        "",
        &with_property(
            "owner",
            json!({ "$ref": "common.yaml#/components/schemas/Owner" }),
        ),
    );
    assert_error(
        &err,
        "/components/schemas/Link/properties/owner/$ref",
        &[
            "only local references",
            "`common.yaml#/components/schemas/Owner`",
        ],
    );
}

#[test]
fn ref_to_a_missing_schema() {
    let err = error(
        "",
        &with_property("owner", json!({ "$ref": "#/components/schemas/Owner" })),
    );
    assert_error(
        &err,
        "/components/schemas/Link/properties/owner/$ref",
        &["`#/components/schemas/Owner` does not exist"],
    );
}

#[test]
fn money_on_an_integer() {
    let spec = with_property("amount", json!({ "type": "integer" }));
    let err = error("[money]\n\"Link.amount\" = \"number\"\n", &spec);
    assert_error(
        &err,
        "/components/schemas/Link/properties/amount",
        &["configured as a number amount", "not a plain number"],
    );
}

#[test]
fn money_string_on_a_number() {
    let spec = with_property("amount", json!({ "type": "number" }));
    let err = error("[money]\n\"Link.amount\" = \"string\"\n", &spec);
    assert_error(
        &err,
        "/components/schemas/Link/properties/amount",
        &["configured as a string amount", "not a plain string"],
    );
}

#[test]
fn money_number_on_a_string() {
    let spec = with_property("amount", json!({ "type": "string" }));
    let err = error("[money]\n\"Link.amount\" = \"number\"\n", &spec);
    assert_error(
        &err,
        "/components/schemas/Link/properties/amount",
        &["configured as a number amount"],
    );
}

#[test]
fn money_key_naming_nothing() {
    let spec = with_property("amount", json!({ "type": "string" }));
    let err = error("[money]\n\"Link.amountt\" = \"string\"\n", &spec);
    assert_error(&err, "", &["[money] names `Link.amountt`"]);
}

#[test]
fn money_key_naming_a_missing_schema() {
    let spec = with_property("amount", json!({ "type": "string" }));
    let err = error("[money]\n\"Price.amount\" = \"string\"\n", &spec);
    assert_error(&err, "", &["[money] names `Price.amount`"]);
}

#[test]
fn types_key_naming_nothing() {
    let spec = with_property("id", json!({ "type": "string" }));
    let err = error("[types]\n\"Lnk\" = \"PaymentLink\"\n", &spec);
    assert_error(
        &err,
        "/components/schemas",
        &["[types] names `Lnk`", "not a component schema"],
    );
}

#[test]
fn fields_key_naming_nothing() {
    let spec = with_property("id", json!({ "type": "string" }));
    let err = error("[fields]\n\"Link.ident\" = \"link_id\"\n", &spec);
    assert_error(&err, "", &["[fields] names `Link.ident`"]);
}

#[test]
fn enums_key_naming_nothing() {
    let spec = with_property("status", json!({ "type": "string", "enum": ["a"] }));
    let err = error("[enums]\nStatus = \"ignore_ascii_case\"\n", &spec);
    assert_error(
        &err,
        "",
        &["[enums] names `Status`, which is no generated string enum"],
    );
}

#[test]
fn operation_not_listed_in_config() {
    let err = error("", &with_paths(get_links("listLinks")));
    assert_error(
        &err,
        "/paths/~1links/get",
        &["operation `listLinks` (GET /links) is not listed in [operations]"],
    );
}

#[test]
fn operation_listed_by_route() {
    let spec = with_paths(get_links("listLinks")).to_string();
    let code = xtask::codegen::generate(
        "t.codegen.toml",
        &config("[operations]\n\"GET /links\" = \"list_links\"\n"),
        &spec,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(code.contains("pub struct ListLinks"), "{code}");
    // Listed once by route and once by id, the same operation is an error, not two modules.
    let err = error(
        "[operations]\n\"GET /links\" = \"list_links\"\nlistLinks = \"links\"\n",
        &with_paths(get_links("listLinks")),
    );
    assert_error(
        &err,
        "/paths/~1links/get",
        &["[operations] lists operation `listLinks` twice, by its id and as `GET /links`"],
    );
}

#[test]
fn listed_operation_missing_from_spec() {
    let err = error(
        "[operations]\nlistLinks = \"list_links\"\ngetLink = \"get_link\"\n",
        &with_paths(get_links("listLinks")),
    );
    assert_error(
        &err,
        "/paths",
        &["[operations] lists `getLink`", "the spec does not have"],
    );
}

#[test]
fn enum_values_colliding_after_pascal_case() {
    let err = error(
        "",
        &with_property(
            "status",
            json!({ "type": "string", "enum": ["on_hold", "ON_HOLD"] }),
        ),
    );
    assert_error(
        &err,
        "/components/schemas/Link/properties/status/enum/1",
        &["`on_hold` and `ON_HOLD` both become the variant `OnHold`"],
    );
}

#[test]
fn enum_value_colliding_with_unknown() {
    let err = error(
        "",
        &with_property(
            "status",
            json!({ "type": "string", "enum": ["known", "unknown"] }),
        ),
    );
    assert_error(
        &err,
        "/components/schemas/Link/properties/status/enum/1",
        &["`unknown` would clash with the Unknown variant"],
    );
}

#[test]
fn required_entry_that_is_not_a_property() {
    let spec = with_schemas(json!({ "Link": {
        "type": "object",
        "required": ["id", "url"],
        "properties": { "id": { "type": "string" } }
    } }));
    assert_error(
        &error("", &spec),
        "/components/schemas/Link/required/1",
        &["`url` is required but not a property"],
    );
}

#[test]
fn path_parameter_missing_from_the_path() {
    let mut paths = get_links("getLink");
    paths["/links"]["get"]["parameters"] = json!([
        { "name": "linkId", "in": "path", "required": true, "schema": { "type": "string" } }
    ]);
    let err = error("[operations]\ngetLink = \"get_link\"\n", &with_paths(paths));
    assert_error(
        &err,
        "/paths/~1links/get/parameters/0",
        &["path parameter `linkId` is not in the path"],
    );
}

#[test]
fn path_template_without_its_parameter() {
    let paths = json!({ "/links/{linkId}": get_links("getLink")["/links"].clone() });
    let err = error("[operations]\ngetLink = \"get_link\"\n", &with_paths(paths));
    assert_error(
        &err,
        "/paths/~1links~1{linkId}/get",
        &["the path names `{linkId}` but no path parameter does"],
    );
}

#[test]
fn non_json_request_body() {
    let paths = json!({ "/links": { "post": {
        "operationId": "createLink",
        "requestBody": { "required": true, "content": { "application/x-www-form-urlencoded": {
            "schema": { "$ref": "#/components/schemas/Link" }
        } } },
        "responses": { "201": { "description": "created" } }
    } } });
    let err = error(
        "[operations]\ncreateLink = \"create_link\"\n",
        &with_paths(paths),
    );
    assert_error(
        &err,
        "/paths/~1links/post/requestBody/content/application~1x-www-form-urlencoded",
        &["media type `application/x-www-form-urlencoded` is not JSON"],
    );
}

#[test]
fn non_json_response_body() {
    let paths = json!({ "/links": { "get": {
        "operationId": "listLinks",
        "responses": { "200": { "description": "ok", "content": { "text/csv": {
            "schema": { "type": "string" }
        } } } }
    } } });
    let err = error(
        "[operations]\nlistLinks = \"list_links\"\n",
        &with_paths(paths),
    );
    assert_error(
        &err,
        "/paths/~1links/get/responses/200/content/text~1csv",
        &["media type `text/csv` is not JSON"],
    );
}

#[test]
fn swagger_2() {
    let spec = json!({
        "swagger": "2.0",
        "info": { "title": "T", "version": "1" },
        "paths": {},
        "definitions": {}
    });
    assert_error(
        &error("", &spec),
        "/swagger",
        &["Swagger / OpenAPI 2.0 is not supported", "3.0 and 3.1"],
    );
}

#[test]
fn openapi_version_other_than_3_0_or_3_1() {
    let mut spec = with_schemas(json!({}));
    spec["openapi"] = json!("3.2.0");
    assert_error(
        &error("", &spec),
        "/openapi",
        &["OpenAPI 3.2.0 is not supported (3.0 and 3.1 are)"],
    );
}

#[test]
fn cookie_parameter() {
    let mut paths = get_links("listLinks");
    paths["/links"]["get"]["parameters"] = json!([
        { "name": "session", "in": "cookie", "schema": { "type": "string" } }
    ]);
    let err = error(
        "[operations]\nlistLinks = \"list_links\"\n",
        &with_paths(paths),
    );
    assert_error(
        &err,
        "/paths/~1links/get/parameters/0/in",
        &["parameters in `cookie` are not supported"],
    );
}

/// The YAML reader gives the same pointers as the JSON one.
#[test]
fn yaml_spec_errors_name_the_yaml_file() {
    let spec = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths: {}\ncomponents:\n  schemas:\n    Link:\n      type: object\n      properties:\n        code:\n          type: string\n          pattern: '^a'\n";
    let err = common::spec_error("spec = \"t.yaml\"\ncrate = \"t-client\"\n", spec);
    assert_eq!(err.file, "t.yaml");
    assert_eq!(
        err.pointer,
        "/components/schemas/Link/properties/code/pattern"
    );
}

/// A malformed document is a `SpecError` for the whole file, not a panic.
#[test]
fn unparsable_spec() {
    let err = common::spec_error(&config(""), "{ not json");
    assert_eq!(err.file, "t.json");
    assert_eq!(err.pointer, "");
}

#[test]
fn date_time_key_naming_nothing() {
    let spec = with_property(
        "expiresAt",
        json!({ "type": "string", "format": "date-time" }),
    );
    let err = error(
        "[date_time]\n\"Link.expires\" = \"rfc3339_millis\"\n",
        &spec,
    );
    assert_error(&err, "", &["[date_time] names `Link.expires`"]);
}

#[test]
fn date_time_key_on_a_plain_string() {
    let spec = with_property("expiresAt", json!({ "type": "string" }));
    let err = error(
        "[date_time]\n\"Link.expiresAt\" = \"rfc3339_millis\"\n",
        &spec,
    );
    assert_error(
        &err,
        "/components/schemas/Link/properties/expiresAt",
        &[
            "configured in [date_time]",
            "not a `format: date-time` string",
        ],
    );
}

#[test]
fn idempotent_key_naming_no_operation() {
    let err = error(
        "[operations]\nlistLinks = \"list_links\"\n[idempotent]\nlistLink = true\n",
        &with_paths(get_links("listLinks")),
    );
    assert_error(
        &err,
        "/paths",
        &["[idempotent] lists `listLink`, which the spec does not have"],
    );
}

#[test]
fn setters_that_would_share_a_name() {
    // `new` is the constructor, so its setter is `set_new`, which another property takes.
    let spec = with_schemas(json!({ "Link": { "type": "object", "properties": {
        "new": { "type": "boolean" },
        "set_new": { "type": "boolean" }
    } } }));
    assert_error(
        &error("", &spec),
        "/components/schemas/Link/properties/set_new",
        &[
            "the setters of `new` and `set_new` would both be `set_new`",
            "[fields]",
        ],
    );
}

#[test]
fn path_parameter_named_like_the_body() {
    let mut paths = json!({ "/links/{body}": get_links("getLink")["/links"].clone() });
    paths["/links/{body}"]["get"]["parameters"] = json!([
        { "name": "body", "in": "path", "required": true, "schema": { "type": "string" } }
    ]);
    let err = error("[operations]\ngetLink = \"get_link\"\n", &with_paths(paths));
    assert_error(
        &err,
        "/paths/~1links~1{body}/get/parameters/0",
        &["the operation type's field `body` is taken"],
    );
}

/// A spec with three list operations for `[paging]`: `listLinks` (`GET /links`, its arguments
/// in the query), `searchLinks` (`POST /links/search`, in the body) and `listMerchantLinks`
/// (`GET /merchants/{merchantId}/links`, with a path parameter too); every one answers a
/// `LinkPage`.
fn paging_spec() -> Value {
    let int = json!({ "type": "integer", "format": "int32" });
    let string = json!({ "type": "string" });
    let query = |name: &str, schema: &Value, required: bool| json!({ "name": name, "in": "query", "required": required, "schema": schema });
    let page = json!({ "200": { "description": "ok", "content": { "application/json": {
        "schema": { "$ref": "#/components/schemas/LinkPage" }
    } } } });
    json!({
        "openapi": "3.1.0",
        "info": { "title": "T", "version": "1" },
        "paths": {
            "/links": { "get": {
                "operationId": "listLinks",
                "parameters": [
                    query("page", &int, false),
                    query("per_page", &int, false),
                    query("cursor", &string, false),
                    query("label", &string, false),
                    query("token", &string, true)
                ],
                "responses": page
            } },
            "/links/search": { "post": {
                "operationId": "searchLinks",
                "requestBody": { "required": true, "content": { "application/json": {
                    "schema": { "$ref": "#/components/schemas/LinkSearch" }
                } } },
                "responses": page
            } },
            "/merchants/{merchantId}/links": { "get": {
                "operationId": "listMerchantLinks",
                "parameters": [
                    { "name": "merchantId", "in": "path", "required": true, "schema": string },
                    query("page", &int, false),
                    query("per_page", &int, false)
                ],
                "responses": page
            } }
        },
        "components": { "schemas": {
            "Link": { "type": "object", "properties": { "id": string } },
            "LinkSearch": { "type": "object", "required": ["first"], "properties": {
                "after": string, "first": int
            } },
            "LinkPage": { "type": "object", "required": ["items"], "properties": {
                "items": { "type": "array", "items": { "$ref": "#/components/schemas/Link" } },
                "names": { "type": "array", "items": string },
                "count": int,
                "label": string,
                "info": { "$ref": "#/components/schemas/PageInfo" }
            } },
            "PageInfo": { "type": "object", "properties": {
                "more": { "type": "boolean" },
                "next": string
            } }
        } }
    })
}

/// The error for the `[paging.<id>]` entry `entry` over [`paging_spec`]: the entry names no
/// place in the spec, so the message says it all.
fn paging_error(id: &str, entry: &str) -> String {
    let extra = format!(
        "[operations]\nlistLinks = \"list_links\"\nsearchLinks = \"search_links\"\n\
         listMerchantLinks = \"list_merchant_links\"\n[idempotent]\nsearchLinks = true\n\
         [paging.{id}]\n{entry}"
    );
    let err = error(&extra, &paging_spec());
    assert_error(&err, "", &[]);
    err.message
}

/// A page-numbered entry's lines, for `[paging.listLinks]`.
const PAGED: &str = "page = \"page\"\nsize = \"per_page\"\nmax_size = 100\nitems = \"items\"\n";

/// The spec and every entry the tests below break, as they are, generate.
#[test]
fn paging_entries_that_resolve() {
    let config = config(&format!(
        "[operations]\nlistLinks = \"list_links\"\nsearchLinks = \"search_links\"\n\
         listMerchantLinks = \"list_merchant_links\"\n[idempotent]\nsearchLinks = true\n\
         [paging.listLinks]\n{PAGED}\
         total = \"count\"\nmore = \"info.more\"\n\
         [paging.searchLinks]\ncursor = \"after\"\nsize = \"first\"\nmax_size = 10\n\
         items = \"items\"\nnext_cursor = \"info.next\"\n"
    ));
    let code = xtask::codegen::generate("t.codegen.toml", &config, &paging_spec().to_string())
        .expect("the entries resolve");
    assert_eq!(code.matches("impl paylinks_core::paging::Paged").count(), 2);
}

/// A page is a read, retried after a failed attempt: a POST that pages must say it only reads.
#[test]
fn paging_an_operation_that_is_not_idempotent() {
    let extra = "[operations]\nlistLinks = \"list_links\"\nsearchLinks = \"search_links\"\n\
                 listMerchantLinks = \"list_merchant_links\"\n[paging.searchLinks]\n\
                 cursor = \"after\"\nsize = \"first\"\nmax_size = 10\nitems = \"items\"\n\
                 next_cursor = \"info.next\"\n";
    let err = error(extra, &paging_spec());
    assert_eq!(
        err.message,
        "[paging.searchLinks] pages an operation that is not idempotent: a list only reads, so a \
         failed page may be asked again; say so in [idempotent]"
    );
}

#[test]
fn paging_a_page_size_of_none() {
    assert_eq!(
        paging_error(
            "listLinks",
            &PAGED.replace("max_size = 100", "max_size = 0")
        ),
        "[paging.listLinks] `max_size` is 0: a page holds from 1 to 2147483647 items"
    );
}

#[test]
fn paging_an_operation_not_in_operations() {
    assert_eq!(
        paging_error("listLink", PAGED),
        "[paging.listLink] names no operation listed in [operations]"
    );
}

#[test]
fn paging_by_none_or_two_positions() {
    let entry = "size = \"per_page\"\nmax_size = 100\nitems = \"items\"\n";
    assert_eq!(
        paging_error("listLinks", entry),
        "[paging.listLinks] needs exactly one of `page`, `offset`, `cursor`"
    );
    for second in ["offset = \"page\"\n", "cursor = \"cursor\"\n"] {
        assert_eq!(
            paging_error("listLinks", &format!("{PAGED}{second}")),
            "[paging.listLinks] needs exactly one of `page`, `offset`, `cursor`",
            "{second}"
        );
    }
}

#[test]
fn paging_next_cursor_and_cursor_come_together() {
    let message = "[paging.listLinks] `next_cursor` goes with `cursor`, and only with it";
    assert_eq!(
        paging_error(
            "listLinks",
            &format!("{PAGED}next_cursor = \"info.next\"\n")
        ),
        message
    );
    let cursor = "cursor = \"cursor\"\nsize = \"per_page\"\nmax_size = 100\nitems = \"items\"\n";
    assert_eq!(paging_error("listLinks", cursor), message);
}

#[test]
fn paging_arguments_of_the_wrong_type() {
    let entry = PAGED.replace("page = \"page\"", "page = \"label\"");
    assert_eq!(
        paging_error("listLinks", &entry),
        "[paging.listLinks] `label` is not of the type paging needs"
    );
    let entry = PAGED.replace("size = \"per_page\"", "size = \"cursor\"");
    assert_eq!(
        paging_error("listLinks", &entry),
        "[paging.listLinks] `cursor` is not of the type paging needs"
    );
    let entry = "cursor = \"page\"\nsize = \"per_page\"\nmax_size = 100\nitems = \"items\"\n\
                 next_cursor = \"info.next\"\n";
    assert_eq!(
        paging_error("listLinks", entry),
        "[paging.listLinks] `page` is not of the type paging needs"
    );
}

#[test]
fn paging_argument_that_does_not_exist() {
    let entry = PAGED.replace("size = \"per_page\"", "size = \"limit\"");
    assert_eq!(
        paging_error("listLinks", &entry),
        "[paging.listLinks] `limit` is no argument of the operation"
    );
    // A body's properties are the arguments of an operation with a body.
    let entry = "page = \"page\"\nsize = \"first\"\nmax_size = 100\nitems = \"items\"\n";
    assert_eq!(
        paging_error("searchLinks", entry),
        "[paging.searchLinks] `page` is no argument of the operation"
    );
}

#[test]
fn paging_by_a_required_cursor() {
    let entry = "cursor = \"token\"\nsize = \"per_page\"\nmax_size = 100\nitems = \"items\"\n\
                 next_cursor = \"info.next\"\n";
    assert_eq!(
        paging_error("listLinks", entry),
        "[paging.listLinks] `token` is required, and a cursor cannot be"
    );
}

#[test]
fn paging_items_that_are_no_list_of_objects() {
    let entry = PAGED.replace("items = \"items\"", "items = \"names\"");
    assert_eq!(
        paging_error("listLinks", &entry),
        "[paging.listLinks] `items` is no list of objects"
    );
    let entry = PAGED.replace("items = \"items\"", "items = \"count\"");
    assert_eq!(
        paging_error("listLinks", &entry),
        "[paging.listLinks] `items` is no list"
    );
}

#[test]
fn paging_reply_values_of_the_wrong_type() {
    assert_eq!(
        paging_error("listLinks", &format!("{PAGED}total = \"info.more\"\n")),
        "[paging.listLinks] `info.more` is not of the type paging needs"
    );
    assert_eq!(
        paging_error("listLinks", &format!("{PAGED}more = \"count\"\n")),
        "[paging.listLinks] `count` is not of the type paging needs"
    );
}

#[test]
fn paging_path_through_a_property_that_is_no_object() {
    assert_eq!(
        paging_error("listLinks", &format!("{PAGED}total = \"label.count\"\n")),
        "[paging.listLinks] `label.count`: `label` is no object"
    );
    // A list is no object either: the path does not go into its items.
    let entry = PAGED.replace("items = \"items\"", "items = \"items.id\"");
    assert_eq!(
        paging_error("listLinks", &entry),
        "[paging.listLinks] `items.id`: `items` is no object"
    );
}

#[test]
fn paging_path_naming_a_missing_property() {
    assert_eq!(
        paging_error("listLinks", &format!("{PAGED}total = \"info.count\"\n")),
        "[paging.listLinks] `info.count`: `PageInfo` has no property `count`"
    );
    let entry = PAGED.replace("items = \"items\"", "items = \"links\"");
    assert_eq!(
        paging_error("listLinks", &entry),
        "[paging.listLinks] `links`: `LinkPage` has no property `links`"
    );
}

#[test]
fn paging_an_operation_with_a_path_parameter() {
    assert_eq!(
        paging_error("listMerchantLinks", PAGED),
        "[paging.listMerchantLinks] pages only an operation whose one argument is its query or \
         its body"
    );
}
