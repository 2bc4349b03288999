//! `spec-diff` classifies each kind of spec change as the generated crate's users feel it: one
//! fixture per kind (`fixtures/spec_diff/<case>.overlay.yaml`, applied to `base.yaml`), with its
//! verdict and the one change it reports.

use std::path::Path;

use xtask::spec_diff::{self, Kind};

/// Each fixture: its verdict, and the change it reports (`None`: no change at all).
const CASES: &[(&str, Option<(Kind, &str)>)] = &[
    (
        "optional_property_added",
        Some((
            Kind::Additive,
            "schema `Link`: property `memo` added (optional)",
        )),
    ),
    (
        "enum_value_added",
        Some((
            Kind::Additive,
            "schema `LinkStatus`: enum value \"expired\" added",
        )),
    ),
    (
        "operation_added",
        Some((Kind::Additive, "operation `GET /links` (listLinks) added")),
    ),
    (
        "optional_query_parameter_added",
        Some((
            Kind::Additive,
            "operation `GET /links/{id}` (getLink): query parameter `fields` added (optional)",
        )),
    ),
    (
        "property_removed",
        Some((Kind::Breaking, "schema `Link`: property `amount` removed")),
    ),
    (
        "property_now_required",
        Some((
            Kind::Breaking,
            "schema `Link`: property `amount` is now required",
        )),
    ),
    (
        "required_property_added",
        Some((
            Kind::Breaking,
            "schema `CreateLink`: property `currency` added (required)",
        )),
    ),
    (
        "property_type_changed",
        Some((
            Kind::Breaking,
            "schema `Link`: property `amount`: type `string` is now `integer/int64`",
        )),
    ),
    (
        "enum_value_removed",
        Some((
            Kind::Breaking,
            "schema `LinkStatus`: enum value \"paid\" removed",
        )),
    ),
    (
        "operation_removed",
        Some((
            Kind::Breaking,
            "operation `GET /links/{id}` (getLink) removed",
        )),
    ),
    (
        "constraint_changed",
        Some((
            Kind::Patch,
            "schema `CreateLink`: property `amount`: maxLength 28 is now 20",
        )),
    ),
    ("description_changed", None),
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
}

#[test]
fn each_fixture_gets_its_verdict() {
    for (name, expected) in CASES {
        let (old, new) = xtask::semver::fixture(root(), name).expect("fixture loads");
        let diff = spec_diff::diff(&old, &new);
        let reported: Vec<(Kind, &str)> = diff
            .changes
            .iter()
            .map(|c| (c.kind, c.what.as_str()))
            .collect();
        assert_eq!(
            reported,
            expected.iter().copied().collect::<Vec<_>>(),
            "{name}"
        );
        assert_eq!(diff.verdict(), expected.map(|(kind, _)| kind), "{name}");
    }
}

#[test]
fn every_fixture_is_a_case_here() {
    let names = xtask::semver::fixture_names(root()).expect("fixtures listed");
    let cases: Vec<&str> = CASES.iter().map(|(name, _)| *name).collect();
    let mut sorted = cases.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted);
}

#[test]
fn the_summary_names_the_bump_and_what_drove_it() {
    let (old, new) = xtask::semver::fixture(root(), "property_removed").expect("fixture loads");
    assert_eq!(
        spec_diff::diff(&old, &new).summary(),
        "1 breaking, 0 additive, 0 patch: a major version (schema `Link`: property `amount` removed)"
    );
    let (old, new) = xtask::semver::fixture(root(), "description_changed").expect("fixture loads");
    assert_eq!(
        spec_diff::diff(&old, &new).summary(),
        "no change to the generated API: no version bump"
    );
}
