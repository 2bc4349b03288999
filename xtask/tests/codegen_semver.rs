//! A provider adding an optional field or an enum value to its spec breaks no caller: code
//! written against the types generated from one spec still compiles against the types
//! generated once the spec has gained an optional request field, an optional response field
//! and an enum value.
//!
//! The user's code builds requests with `new` and setters, reads response fields, and matches
//! an enum with a wildcard arm; a struct literal, which such a change would break, does not
//! compile in the first place. Both are built in a scratch crate (see `common::Scratch`).

mod common;

/// Version 1 of the spec.
const SPEC: &str = r##"openapi: 3.1.0
info:
  title: Semver
  version: "1"
paths:
  /links:
    get:
      operationId: listLinks
      parameters:
        - name: status
          in: query
          schema:
            $ref: '#/components/schemas/LinkStatus'
      responses:
        "200":
          description: The links.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Link'
    post:
      operationId: createLink
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/CreateLink'
      responses:
        "201":
          description: Created.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Link'
components:
  schemas:
    CreateLink:
      type: object
      required: [amount]
      properties:
        amount:
          type: string
        reference:
          type: string
    Link:
      type: object
      required: [id, status]
      properties:
        id:
          type: string
        status:
          $ref: '#/components/schemas/LinkStatus'
        amount:
          type: string
    LinkStatus:
      type: string
      enum: [active, expired]
"##;

const CONFIG: &str = r#"spec = "semver.yaml"
crate = "semver-client"

[operations]
listLinks = "list_links"
createLink = "create_link"

[money]
"CreateLink.amount" = "string"
"Link.amount" = "string"
"#;

/// What a user writes against version 1.
const USER: &str = r##"//! A caller of the generated types, written against version 1 of the spec.

#![deny(warnings)]

use codegen_semver::api::operations::{CreateLink as Create, ListLinks, list_links};
use codegen_semver::api::{CreateLink, Link, LinkStatus};
use paylinks_core::Operation;
use paylinks_core::validate::Validate;
use rust_decimal::Decimal;

fn describe(status: &LinkStatus) -> String {
    match status {
        LinkStatus::Active => "active".to_owned(),
        LinkStatus::Expired => "expired".to_owned(),
        LinkStatus::Unknown(other) => format!("unknown: {other}"),
        _ => "a value this code does not know yet".to_owned(),
    }
}

#[test]
fn builds_requests_and_reads_responses() {
    let request = CreateLink::new(Decimal::new(10050, 2)).reference("order-1".into());
    assert_eq!(request.validate(), Ok(()));
    let (media, body) = Create::new(&request).body().unwrap().unwrap();
    assert_eq!(media, "application/json");
    assert_eq!(
        String::from_utf8(body).unwrap(),
        r#"{"amount":"100.50","reference":"order-1"}"#
    );

    let query = list_links::Query::new().status(LinkStatus::Active);
    let list = ListLinks::new(&query);
    assert_eq!(list.query(), vec![("status", "active".to_owned())]);
    assert!(<ListLinks<'_> as Operation>::IDEMPOTENT);

    let link: Link = serde_json::from_str(
        r#"{"id":"l1","status":"active","amount":"1.00","url":"https://pay.example/l1"}"#,
    )
    .unwrap();
    assert_eq!(link.id, "l1");
    assert_eq!(link.amount, Some(Decimal::new(100, 2)));
    assert_eq!(describe(&link.status), "active");
    let Link { id, status, .. } = &link;
    assert_eq!((id.as_str(), status), ("l1", &LinkStatus::Active));
    assert_eq!(describe(&LinkStatus::from("frozen".to_owned())), "unknown: frozen");
}
"##;

/// What the generated types forbid: a struct literal, which a new field would break.
const LITERAL: &str = r#"//! A struct literal of a generated type.

use codegen_semver::api::CreateLink;

#[test]
fn literal() {
    let _ = CreateLink {
        amount: rust_decimal::Decimal::ONE,
        reference: None,
    };
}
"#;

fn changed(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} not in the spec");
    text.replacen(from, to, 1)
}

fn generate(spec: &str) -> String {
    xtask::codegen::generate("semver.codegen.toml", CONFIG, spec).expect("generate")
}

#[test]
fn code_written_against_one_spec_compiles_against_its_additive_change() {
    let krate = common::Scratch::new("codegen-semver");
    krate.write(
        "src/lib.rs",
        "//! Generated from a spec, then from its next version.\n\n#![deny(warnings, missing_docs)]\n\npub mod api;\n",
    );
    krate.write("tests/user.rs", USER);

    let first = generate(SPEC);
    krate.write("src/api.rs", &first);
    krate.test(&[]);

    // The provider adds an optional request field, an optional response field and a value.
    let spec = changed(
        SPEC,
        "        reference:\n          type: string\n",
        "        reference:\n          type: string\n        note:\n          type: string\n",
    );
    let spec = changed(
        &spec,
        "        amount:\n          type: string\n    LinkStatus:",
        "        amount:\n          type: string\n        url:\n          type: string\n    LinkStatus:",
    );
    let spec = changed(
        &spec,
        "enum: [active, expired]",
        "enum: [active, expired, paused]",
    );
    let second = generate(&spec);
    for added in [
        "pub note: Option<String>,",
        "pub url: Option<String>,",
        r#"Paused = "paused","#,
    ] {
        assert!(!first.contains(added), "{added} already in version 1");
        assert!(
            second.contains(added),
            "{added} not in version 2:\n{second}"
        );
    }
    krate.write("src/api.rs", &second);
    krate.test(&[]);

    // The same user could not have written a literal of a generated struct.
    krate.write("tests/literal.rs", LITERAL);
    let output = krate.cargo(&["test", "--test", "literal", "--no-run"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "a literal compiled:\n{stderr}");
    assert!(
        stderr.contains("cannot create non-exhaustive struct using struct expression"),
        "{stderr}"
    );
}
