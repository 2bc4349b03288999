//! Small pieces the generated operation modules build on.

pub use http::Method;

use crate::validate::{Invalid, Rule, Violation};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986 unreserved characters is escaped in a path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes the path parameter `name`, so an id can never add segments or a query to a
/// path. An empty value, `.` or `..` is refused: URL parsers resolve the last two as dot segments.
pub fn path_segment(name: &str, value: &str) -> Result<String, Invalid> {
    if matches!(value, "" | "." | "..") {
        return Err(Invalid(vec![Violation {
            field: name.to_owned(),
            rule: Rule::PathSegment,
        }]));
    }
    Ok(escape_segment(value))
}

/// Percent-encodes `value` as one path segment: everything but RFC 3986's unreserved
/// characters is escaped, so it can add no segment, query or fragment. Unlike
/// [`path_segment`], it takes any value; for URLs built outside a request, such as the
/// sandbox's payer pages.
pub fn escape_segment(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// `at` moved to UTC, when it then falls in the years 0000 to 9999 that RFC 3339 can write;
/// `None` otherwise (`9999-12-31T23:59:59-23:59` is year 10000 in UTC).
pub fn utc(at: OffsetDateTime) -> Option<OffsetDateTime> {
    at.checked_to_offset(UtcOffset::UTC)
        .filter(|at| (0..=9999).contains(&at.year()))
}

/// A date-time as a query value: RFC 3339 in UTC (`2026-06-01T23:00:00Z`).
///
/// RFC 3339 has no room for years outside 0000 to 9999 in UTC; such a value is written in
/// `time`'s own form, which the provider then refuses with its own validation error.
pub fn query_time(value: &OffsetDateTime) -> String {
    utc(*value)
        .and_then(|utc| utc.format(&Rfc3339).ok())
        .unwrap_or_else(|| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_refuses_years_rfc_3339_cannot_write() {
        use time::macros::datetime;
        let edge = datetime!(9999-12-31 23:59:59 -23:59);
        assert_eq!(utc(edge), None);
        assert_eq!(query_time(&edge), edge.to_string());
        let fine = datetime!(2026-06-01 23:00 +01:00);
        assert_eq!(utc(fine), Some(datetime!(2026-06-01 22:00 UTC)));
        assert_eq!(query_time(&fine), "2026-06-01T22:00:00Z");
    }

    #[test]
    fn escapes_everything_that_could_change_the_path() {
        assert_eq!(
            path_segment("id", "46df1a5c-a478_x.y~z").unwrap(),
            "46df1a5c-a478_x.y~z"
        );
        assert_eq!(
            path_segment("id", "../a/b?c=d#e f").unwrap(),
            "..%2Fa%2Fb%3Fc%3Dd%23e%20f"
        );
        assert_eq!(escape_segment(".."), "..");
        assert_eq!(escape_segment("ü/x"), "%C3%BC%2Fx");
    }

    #[test]
    fn writes_query_times_in_utc() {
        let t = time::macros::datetime!(2026-06-01 23:00:00.5 +02:00);
        assert_eq!(query_time(&t), "2026-06-01T21:00:00.5Z");
    }

    #[test]
    fn refuses_segments_a_url_parser_would_resolve() {
        for bad in ["", ".", ".."] {
            let err = path_segment("id", bad).unwrap_err();
            assert_eq!(
                err.to_string(),
                "invalid request: id: must be a non-empty path segment other than . and .."
            );
        }
    }
}
