//! Runs the code generated from `xtask/tests/fixtures`: copied as `tests/behaviour.rs` into the
//! scratch crate that `tests/codegen_compile.rs` builds, whose `src/<fixture>.rs` are the
//! generated files. Not a test target of xtask itself.

use codegen_fixtures::*;
use paylinks_core::validate::{Invalid, Rule, Validate, Violation};
use rust_decimal::Decimal;
use serde_json::json;

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn violation(field: &str, rule: Rule) -> Violation {
    Violation {
        field: field.to_owned(),
        rule,
    }
}

#[test]
fn required_nullable_fields_are_sent_as_null_optional_ones_are_left_out() {
    use required_nullable::{Link, LinkStatus};
    let link = Link::new(None, None, None, None, None, "p".into());
    let sent = serde_json::to_value(&link).unwrap();
    assert_eq!(
        sent,
        json!({
            "note": null, "amount": null, "expiresAt": null, "owner": null, "status": null,
            "plain": "p"
        })
    );
    assert_eq!(serde_json::from_value::<Link>(sent).unwrap(), link);

    let full: Link = serde_json::from_str(
        r#"{"note":"n","amount":100.50,"expiresAt":"2026-06-01T23:00:00Z","owner":{"name":"o"},
            "status":"paused","plain":"p","optionalNote":null,"optionalAmount":0.10}"#,
    )
    .unwrap();
    assert_eq!(full.amount, Some(dec("100.50")));
    assert_eq!(full.status, Some(LinkStatus::Unknown("paused".into())));
    assert_eq!(full.optional_amount, Some(dec("0.10")));
    let text = serde_json::to_string(&full).unwrap();
    assert!(text.contains(r#""amount":100.50,"#), "{text}");
    assert!(text.contains(r#""optionalAmount":0.10"#), "{text}");
    assert!(
        text.contains(r#""expiresAt":"2026-06-01T23:00:00Z""#),
        "{text}"
    );
    // Refused as a request: an unknown enum value.
    assert_eq!(
        full.validate(),
        Err(Invalid(vec![violation(
            "status",
            Rule::OneOf(vec!["active".into(), "expired".into()])
        )]))
    );
}

#[test]
fn nullable_fields_read_null_and_absence_alike() {
    use nullable_30::Link;
    let a: Link =
        serde_json::from_str(r#"{"id":"1","note":null,"count":null,"owner":null}"#).unwrap();
    let b: Link = serde_json::from_str(r#"{"id":"1"}"#).unwrap();
    assert_eq!(a, b);
    assert_eq!(
        serde_json::to_value(&a).unwrap(),
        json!({ "id": "1", "note": null })
    );

    let c: type_null_31::Link =
        serde_json::from_str(r#"{"id":"1","note":"x","count":null,"ratio":0.5,"flags":[true]}"#)
            .unwrap();
    assert_eq!(c.note.as_deref(), Some("x"));
    assert_eq!(c.ratio, Some(0.5));
    assert_eq!(c.flags, Some(vec![true]));
}

#[test]
fn unions_with_null_and_scalar_unions() {
    use union_null::{Link, LinkReference, Status};
    let link: Link =
        serde_json::from_str(r#"{"owner":null,"status":"active","count":3,"reference":42}"#)
            .unwrap();
    assert_eq!(link.owner, None);
    assert_eq!(link.status, Some(Status::Active));
    assert_eq!(link.count, Some(3));
    assert_eq!(link.reference, Some(LinkReference::Integer(42)));
    let link: Link = serde_json::from_str(r#"{"owner":{"name":"o"},"reference":"A-1"}"#).unwrap();
    assert_eq!(link.reference, Some(LinkReference::String("A-1".into())));

    use scalar_union::{LinkAnything, Reference};
    let parse = |v: serde_json::Value| serde_json::from_value::<LinkAnything>(v).unwrap();
    assert_eq!(parse(json!(true)), LinkAnything::Boolean(true));
    assert_eq!(parse(json!(7)), LinkAnything::Integer(7));
    assert_eq!(parse(json!(7.5)), LinkAnything::Number(7.5));
    assert_eq!(parse(json!("7")), LinkAnything::String("7".into()));
    assert_eq!(
        serde_json::to_value(Reference::Integer(5)).unwrap(),
        json!(5)
    );
}

#[test]
fn open_enums_keep_unknown_values() {
    use open_enum::Status;
    let s: Status = serde_json::from_value(json!("on_hold")).unwrap();
    assert_eq!(s, Status::OnHold);
    assert!(s.is_known());
    let s: Status = serde_json::from_value(json!("frozen")).unwrap();
    assert_eq!(s, Status::Unknown("frozen".into()));
    assert!(!s.is_known());
    assert_eq!(serde_json::to_value(&s).unwrap(), json!("frozen"));
    assert_eq!(serde_json::to_value(Status::V01).unwrap(), json!("01"));
    assert_eq!(Status::Expired.to_string(), "EXPIRED");
    assert_eq!(Status::from("on_hold".to_owned()), Status::OnHold);
    assert_eq!(String::from(Status::Unknown("frozen".into())), "frozen");
    assert_eq!(String::from(Status::V01), "01");
}

#[test]
fn open_enums_match_exactly_unless_configured_to_ignore_case() {
    use open_enum::{LinkNetwork, Status};
    // `Status` is exact (the default): another spelling is a value the spec does not list.
    let read = |v: &str| serde_json::from_value::<Status>(json!(v)).unwrap();
    assert_eq!(read("EXPIRED"), Status::Expired);
    assert_eq!(read("expired"), Status::Unknown("expired".into()));
    assert_eq!(read("On_Hold"), Status::Unknown("On_Hold".into()));
    assert_eq!(Status::from("Active"), Status::Unknown("Active".into()));
    assert_eq!(
        Status::from("Active".to_owned()),
        Status::Unknown("Active".into())
    );

    // `LinkNetwork` is configured `ignore_ascii_case`: any case reads as the listed value,
    // written back as the spec spells it.
    let read = |v: &str| serde_json::from_value::<LinkNetwork>(json!(v)).unwrap();
    assert_eq!(read("Lightning"), LinkNetwork::Lightning);
    assert_eq!(read("ON_CHAIN"), LinkNetwork::OnChain);
    assert_eq!(
        serde_json::to_value(read("LIGHTNING")).unwrap(),
        json!("lightning")
    );
    assert_eq!(
        LinkNetwork::from("On_Chain".to_owned()),
        LinkNetwork::OnChain
    );
    assert_eq!(read("onchain"), LinkNetwork::Unknown("onchain".into()));
}

#[test]
fn money_keeps_every_digit_in_its_wire_form() {
    use money::Price;
    let price: Price = serde_json::from_str(
        r#"{"asString":"100.50","asNumber":0.10,"maybeString":null,"maybeNumber":12.000,"ratio":0.5}"#,
    )
    .unwrap();
    assert_eq!(price.as_string, dec("100.50"));
    assert_eq!(price.as_number, dec("0.10"));
    assert_eq!(price.maybe_string, None);
    let text = serde_json::to_string(&price).unwrap();
    assert_eq!(
        text,
        r#"{"asString":"100.50","asNumber":0.10,"maybeNumber":12.000,"ratio":0.5}"#
    );
    assert_eq!(price.validate(), Ok(()));
    let mut bad = price;
    bad.as_number = dec("0");
    bad.maybe_number = Some(dec("1000000.51"));
    assert_eq!(
        bad.validate(),
        Err(Invalid(vec![
            violation("asNumber", Rule::ExclusiveMinimum("0".into())),
            violation("maybeNumber", Rule::Maximum("1000000.5".into())),
        ]))
    );
    let query = money::operations::list_prices::Query::new().min_amount(dec("5.00"));
    assert_eq!(query.to_pairs(), vec![("minAmount", "5.00".to_owned())]);
}

#[test]
fn date_times_and_uuids() {
    let text =
        r#"{"id":"67e55044-10b1-426f-9247-bb680e5fe0c8","createdAt":"2026-06-01T23:00:00+02:00"}"#;
    let a: formats_uuid::Link = serde_json::from_str(text).unwrap();
    assert_eq!(a.id.to_string(), "67e55044-10b1-426f-9247-bb680e5fe0c8");
    assert!(serde_json::from_str::<formats_uuid::Link>(&text.replace("67e5", "zz")).is_err());
    let b: formats_uuid_string::Link = serde_json::from_str(&text.replace("67e5", "zz")).unwrap();
    assert!(b.id.starts_with("zz"));

    use formats_uuid::operations::get_link;
    let query = get_link::Query::new().since(a.created_at).parent(a.id);
    assert_eq!(
        query.to_pairs(),
        vec![
            ("since", "2026-06-01T21:00:00Z".to_owned()),
            ("parent", "67e55044-10b1-426f-9247-bb680e5fe0c8".to_owned()),
        ]
    );
    use paylinks_core::Operation;
    use formats_uuid::operations::GetLink;
    assert_eq!(GetLink::new("a/b", &query).path().unwrap(), "/links/a%2Fb");
    assert!(GetLink::new("..", &query).path().is_err());
}

#[test]
fn request_checks_report_every_violation() {
    use validate_30::{CreateLink, CreateLinkCurrency, Line, Network};
    let mut by_name = std::collections::BTreeMap::new();
    by_name.insert("x".to_owned(), Line::new("s".repeat(33)));
    let request = CreateLink::new(
        String::new(),
        0.0,
        CreateLinkCurrency::Unknown("GBP".into()),
        vec![Line::new("ok".into()).network(Network::Unknown("x".into()))],
    )
    .quantity(10)
    .priority(4)
    .tags(vec![])
    .networks(vec![Network::OnChain, Network::Unknown("ln".into())])
    .by_name(by_name)
    .note("n".repeat(141));
    let Err(Invalid(violations)) = request.validate() else {
        panic!("expected violations");
    };
    let fields: Vec<&str> = violations.iter().map(|v| v.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "name",
            "amount",
            "quantity",
            "priority",
            "currency",
            "tags",
            "networks[1]",
            "lines[0].network",
            "byName.x.sku",
            "note"
        ]
    );
    assert_eq!(violations[1].rule, Rule::ExclusiveMinimum("0".into()));
    assert_eq!(violations[2].rule, Rule::ExclusiveMaximum("10".into()));

    use validate_31::CreateLink as CreateLink31;
    let ok = CreateLink31::new(1000.0).quantity(1);
    assert_eq!(ok.validate(), Ok(()));
    let bad = CreateLink31::new(1000.5).quantity(0).ratio(0.2);
    let Err(Invalid(violations)) = bad.validate() else {
        panic!("expected violations");
    };
    let rules: Vec<&Rule> = violations.iter().map(|v| &v.rule).collect();
    assert_eq!(
        rules,
        [
            &Rule::ExclusiveMaximum("1000.5".into()),
            &Rule::ExclusiveMinimum("0".into()),
            &Rule::Minimum("0.25".into()),
        ]
    );
}

#[test]
fn patterns_list_items_and_conditional_requirements_are_checked() {
    use validate_rules::CreateLink;
    let ok = CreateLink::new(dec("0.01"), " r ".into())
        .coins(vec!["BTC".into()])
        .counts(vec![0, 3])
        .generate_link(true)
        .transaction_id("t".into());
    assert_eq!(ok.validate(), Ok(()));
    // Without generateLink (or with it false), transactionId may stay unset.
    assert_eq!(CreateLink::new(dec("1"), "r".into()).validate(), Ok(()));
    let off = CreateLink::new(dec("1"), "r".into()).generate_link(false);
    assert_eq!(off.validate(), Ok(()));

    let bad = CreateLink::new(Decimal::ZERO, " \t".into())
        .coins(vec!["BTC".into(), String::new(), "x".repeat(11)])
        .counts(vec![1, -1])
        .generate_link(true);
    let Err(Invalid(violations)) = bad.validate() else {
        panic!("expected violations");
    };
    assert_eq!(
        violations,
        [
            violation("amount", Rule::ExclusiveMinimum("0".into())),
            violation("reference", Rule::Blank),
            violation("coins[1]", Rule::MinLength(1)),
            violation("coins[2]", Rule::MaxLength(10)),
            violation("counts[1]", Rule::Minimum("0".into())),
            violation("transactionId", Rule::Required),
        ]
    );
    assert_eq!(
        CreateLink::new(dec("-1.5"), "r".into()).validate(),
        Err(Invalid(vec![violation(
            "amount",
            Rule::ExclusiveMinimum("0".into())
        )]))
    );

    // A string amount's length is that of the text written for it: 28 characters pass.
    let longest = CreateLink::new(dec("1234567890.12345678901234567"), "r".into());
    assert_eq!(longest.validate(), Ok(()));
    let longer = CreateLink::new(dec("1234567890.123456789012345678"), "r".into());
    assert_eq!(
        longer.validate(),
        Err(Invalid(vec![violation("amount", Rule::MaxLength(28))]))
    );
}

#[test]
fn operations_as_data() {
    use operations::operations::{GetLink, list_links};
    use paylinks_core::Operation;
    assert_eq!(<GetLink<'_> as Operation>::METHOD, paylinks_core::Method::GET);
    assert_eq!(
        GetLink::new("m 1", "l/2").path().unwrap(),
        "/v1/merchants/m%201/links/l%2F2"
    );
    let query = list_links::Query::new(vec!["a".into(), "b".into()], false)
        .limit(0)
        .status(vec![
            operations::ListLinksStatusItem::Active,
            operations::ListLinksStatusItem::Unknown("x".into()),
        ]);
    assert_eq!(
        query.to_pairs(),
        vec![
            ("limit", "0".to_owned()),
            ("status", "active".to_owned()),
            ("status", "x".to_owned()),
            ("ids", "a".to_owned()),
            ("ids", "b".to_owned()),
            ("includeArchived", "false".to_owned()),
        ]
    );
    let Err(Invalid(violations)) = query.validate() else {
        panic!("expected violations");
    };
    let fields: Vec<&str> = violations.iter().map(|v| v.field.as_str()).collect();
    assert_eq!(fields, ["limit", "status[1]"]);
}

#[test]
fn renamed_fields_keep_their_wire_names() {
    use renames::{LinkEnvelope, PaymentLink};
    let envelope: LinkEnvelope = serde_json::from_value(json!({
        "data": { "type": "payment_links", "self": "https://x", "fiatAmount": "1.00" }
    }))
    .unwrap();
    let PaymentLink {
        kind,
        self_link,
        amount_in_fiat,
        ..
    } = &envelope.data;
    assert_eq!(kind, "payment_links");
    assert_eq!(self_link, "https://x");
    assert_eq!(amount_in_fiat.as_deref(), Some("1.00"));
    assert_eq!(
        serde_json::to_value(&envelope).unwrap(),
        json!({ "data": { "type": "payment_links", "self": "https://x", "fiatAmount": "1.00" } })
    );

    let request: mesh_allof::LinkTokenRequest = serde_json::from_value(json!({
        "userId": "u", "transferOptions": null, "requiredOptions": {}
    }))
    .unwrap();
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({ "userId": "u", "transferOptions": null, "requiredOptions": {} })
    );
}

#[test]
fn operations_are_types_that_build_their_requests() {
    use operations::operations::{CreateLink, ExpireLink, GetLink, ListLinks, list_links};
    use paylinks_core::Operation;

    let get = GetLink::new("m 1", "l/2");
    assert_eq!(get.path().unwrap(), "/v1/merchants/m%201/links/l%2F2");
    assert!(GetLink::new("m", "..").path().is_err());
    assert_eq!(get.query(), Vec::new());
    assert_eq!(get.body().unwrap(), None);
    assert_eq!(get.validate(), Ok(()));
    assert!(<GetLink<'_> as Operation>::IDEMPOTENT);

    let query = list_links::Query::new(vec!["a".into()], true).limit(0);
    let list = ListLinks::new(&query);
    assert_eq!(list.path().unwrap(), "/v1/links");
    assert_eq!(list.query(), query.to_pairs());
    // The query's checks are the operation's.
    let Err(Invalid(violations)) = list.validate() else {
        panic!("expected violations");
    };
    assert_eq!(violations[0].field, "limit");

    let link = operations::Link::new().id("x".into());
    let create = CreateLink::new(&link);
    assert_eq!(
        create.body().unwrap(),
        Some(("application/vnd.api+json", br#"{"id":"x"}"#.to_vec()))
    );
    assert!(!<CreateLink<'_> as Operation>::IDEMPOTENT);
    assert_eq!(<CreateLink<'_> as Operation>::METHOD, paylinks_core::Method::POST);
    assert_eq!(<CreateLink<'_> as Operation>::ACCEPT, "application/vnd.api+json");

    // A 204 without a body: nothing else to decode.
    assert_eq!(<ExpireLink<'_> as Operation>::ACCEPT, "*/*");
    let _: <ExpireLink<'_> as Operation>::Response = serde_json::from_slice(b"").unwrap();
}

#[test]
fn date_times_in_milliseconds_where_configured() {
    use date_time::CreateLink;
    use date_time::operations::CreateLink as Create;
    use paylinks_core::Operation;
    use time::macros::datetime;

    let at = datetime!(2025-09-01 00:21:35.84 +03:00);
    let link = CreateLink::new(at).created_at(at);
    let (_, body) = Create::new(&link).body().unwrap().unwrap();
    assert_eq!(
        String::from_utf8(body).unwrap(),
        r#"{"expiresAt":"2025-08-31T21:21:35.840Z","createdAt":"2025-09-01T00:21:35.84+03:00"}"#
    );
    let back: CreateLink = serde_json::from_str(
        r#"{"expiresAt":"2025-09-01T00:21:35.84+03:00","remindAt":"2025-08-31T21:21:35Z"}"#,
    )
    .unwrap();
    assert_eq!(back.expires_at, at);
    assert_eq!(back.remind_at, Some(datetime!(2025-08-31 21:21:35 UTC)));
    // A year RFC 3339 cannot hold once in UTC is refused, not written.
    let far = CreateLink::new(datetime!(9999-12-31 23:59:59 -23:59));
    assert!(Create::new(&far).body().is_err());
}

/// The ids of a page's items, in order.
fn ids<T>(items: &[T], id: impl Fn(&T) -> &str) -> Vec<&str> {
    items.iter().map(id).collect()
}

#[test]
fn paged_lists_move_their_position_and_split_their_pages() {
    use paging::operations::{list_links, list_transfers};
    use paging::{LinkPage, PaymentPage, PaymentSearch, TransferPage};
    use paylinks_core::Operation;
    use paylinks_core::paging::{Paged, Position};

    // By page number: the position and the size are the query's `page` and `per_page`.
    assert_eq!(<list_links::Query as Paged>::MAX_SIZE, 100);
    let mut links = list_links::Query::new().status("open".into());
    assert!(links.size().set(7));
    let Position::Page(page) = links.position() else {
        panic!("not paged by number");
    };
    assert!(page.set(3));
    assert_eq!(
        links.operation().query(),
        vec![
            ("page", "3".to_owned()),
            ("per_page", "7".to_owned()),
            ("status", "open".to_owned())
        ]
    );
    let mut page: LinkPage =
        serde_json::from_value(json!({ "data": [{ "id": "a" }, { "id": "b" }], "totalCount": 5 }))
            .unwrap();
    let split = list_links::Query::split(&mut page);
    assert_eq!(ids(&split.items, |l| &l.id), ["a", "b"]);
    // The items are taken out; the rest of the page stays.
    assert!(page.data.is_empty());
    assert_eq!(page.total_count, 5);
    assert_eq!(
        (split.total, split.more, split.cursor),
        (Some(5), None, None)
    );

    // By offset: `Offset` and `Count`; items and total inside an object that may be absent.
    assert_eq!(<list_transfers::Query as Paged>::MAX_SIZE, 500);
    let mut transfers = list_transfers::Query::new();
    assert!(transfers.size().set(2));
    // An `i32` argument refuses an offset it cannot hold, and keeps its value.
    let Position::Offset(offset) = transfers.position() else {
        panic!("not paged by offset");
    };
    assert!(offset.set(4));
    assert!(!offset.set(i64::from(i32::MAX) + 1));
    assert_eq!(
        transfers.operation().query(),
        vec![("Offset", "4".to_owned()), ("Count", "2".to_owned())]
    );
    let mut page: TransferPage =
        serde_json::from_value(json!({ "content": { "items": [{ "id": "t1" }], "total": 9 } }))
            .unwrap();
    let split = list_transfers::Query::split(&mut page);
    assert_eq!(ids(&split.items, |t| &t.id), ["t1"]);
    assert_eq!(split.total, Some(9));
    let split = list_transfers::Query::split(&mut serde_json::from_value(json!({})).unwrap());
    assert!(split.items.is_empty());
    assert_eq!(split.total, None);

    // By cursor: the body's `after` and `first`; `more` and the next cursor nested.
    assert_eq!(<PaymentSearch as Paged>::MAX_SIZE, 50);
    let mut search = PaymentSearch::new("EUR".into());
    let Position::Cursor(cursor) = search.position() else {
        panic!("not paged by cursor");
    };
    assert_eq!(*cursor, None);
    *cursor = Some("c1".into());
    assert!(search.size().set(10));
    let (_, body) = search.operation().body().unwrap().unwrap();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&body).unwrap(),
        json!({ "currency": "EUR", "after": "c1", "first": 10 })
    );
    let mut page: PaymentPage = serde_json::from_value(json!({ "result": {
        "entries": [{ "id": "p1" }, { "id": "p2" }],
        "pageInfo": { "hasMore": true, "nextCursor": "c2" }
    } }))
    .unwrap();
    let split = PaymentSearch::split(&mut page);
    assert_eq!(ids(&split.items, |p| &p.id), ["p1", "p2"]);
    assert_eq!(
        (split.total, split.more, split.cursor),
        (None, Some(true), Some("c2".to_owned()))
    );
    let mut last: PaymentPage = serde_json::from_value(json!({ "result": {
        "entries": [], "pageInfo": { "hasMore": false }
    } }))
    .unwrap();
    let split = PaymentSearch::split(&mut last);
    assert!(split.items.is_empty());
    assert_eq!((split.more, split.cursor), (Some(false), None));
    let split = PaymentSearch::split(&mut serde_json::from_value(json!({})).unwrap());
    assert!(split.items.is_empty());
    assert_eq!((split.more, split.cursor), (None, None));
}
