//! Small pieces the generated code builds on.

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

/// The success body of an operation that documents none: only an empty body (or whitespace)
/// decodes to it, so a body where none is documented is a decode error, not silently dropped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoContent;

impl<'de> serde::Deserialize<'de> for NoContent {
    fn deserialize<D: serde::Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
        // Reads nothing: `serde_json::from_slice` then refuses any input left over.
        Ok(NoContent)
    }
}

/// Reads a JSON string and hands it to `read` as `&str`, borrowed from the input where it can
/// be: an open enum's listed value is then read without allocating (serde's `from = "String"`
/// allocates every value).
pub fn deserialize_str<'de, D, T>(
    deserializer: D,
    read: impl FnOnce(&str) -> T,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct Text<F>(F);
    impl<T, F: FnOnce(&str) -> T> serde::de::Visitor<'_> for Text<F> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok((self.0)(value))
        }
    }
    deserializer.deserialize_str(Text(read))
}

/// A date-time written in UTC with exactly three fraction digits (`2025-08-31T21:21:35.840Z`,
/// finer digits truncated), and read from any RFC 3339 date-time; for
/// `#[serde(with = "paylinks_core::wire::rfc3339_millis")]`.
///
/// A value outside the years 0000 to 9999 once in UTC cannot be written and fails to serialize.
pub mod rfc3339_millis {
    use serde::{Deserializer, Serializer};
    use time::OffsetDateTime;

    /// The wire form, or `None` where [`super::utc`] refuses the year.
    fn text(at: OffsetDateTime) -> Option<String> {
        let utc = super::utc(at)?;
        Some(format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
            utc.year(),
            u8::from(utc.month()),
            utc.day(),
            utc.hour(),
            utc.minute(),
            utc.second(),
            utc.millisecond()
        ))
    }

    /// Writes `at` in UTC with milliseconds.
    pub fn serialize<S: Serializer>(at: &OffsetDateTime, serializer: S) -> Result<S::Ok, S::Error> {
        match text(*at) {
            Some(text) => serializer.serialize_str(&text),
            None => Err(serde::ser::Error::custom(
                "the year must be between 0000 and 9999 in UTC",
            )),
        }
    }

    /// Reads any RFC 3339 date-time.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<OffsetDateTime, D::Error> {
        time::serde::rfc3339::deserialize(deserializer)
    }

    /// The same for an `Option`: `None` is `null`.
    pub mod option {
        use serde::{Deserialize, Deserializer, Serializer};
        use time::OffsetDateTime;

        /// Writes `Some(at)` in UTC with milliseconds, `None` as `null`.
        pub fn serialize<S: Serializer>(
            at: &Option<OffsetDateTime>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match at {
                Some(at) => super::serialize(at, serializer),
                None => serializer.serialize_none(),
            }
        }

        /// Reads `null` or any RFC 3339 date-time.
        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<OffsetDateTime>, D::Error> {
            #[derive(Deserialize)]
            struct At(#[serde(with = "super")] OffsetDateTime);
            Ok(Option::<At>::deserialize(deserializer)?.map(|At(at)| at))
        }
    }
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

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Expiry {
        #[serde(with = "rfc3339_millis")]
        at: OffsetDateTime,
        #[serde(with = "rfc3339_millis::option", default)]
        until: Option<OffsetDateTime>,
    }

    #[test]
    fn writes_millis_in_utc_and_reads_any_rfc_3339() {
        use time::macros::datetime;
        for (at, wire) in [
            (
                datetime!(2025-08-31 21:21:35.840 UTC),
                "2025-08-31T21:21:35.840Z",
            ),
            (
                datetime!(2025-08-31 21:21:35 UTC),
                "2025-08-31T21:21:35.000Z",
            ),
            (
                datetime!(2025-09-01 00:21:35.123_999_999 +03:00),
                "2025-08-31T21:21:35.123Z",
            ),
        ] {
            let text = serde_json::to_string(&Expiry {
                at,
                until: Some(at),
            })
            .unwrap();
            assert_eq!(text, format!(r#"{{"at":"{wire}","until":"{wire}"}}"#));
        }
        let read: Expiry =
            serde_json::from_str(r#"{"at":"2025-09-01T00:21:35.84+03:00","until":null}"#).unwrap();
        assert_eq!(
            read,
            Expiry {
                at: datetime!(2025-08-31 21:21:35.840 UTC),
                until: None
            }
        );
        let read: Expiry = serde_json::from_str(r#"{"at":"2025-08-31T21:21:35Z"}"#).unwrap();
        assert_eq!(read.until, None);
        assert!(serde_json::from_str::<Expiry>(r#"{"at":"2025-08-31"}"#).is_err());
    }

    #[test]
    fn refuses_to_write_years_rfc_3339_cannot_hold() {
        use time::macros::datetime;
        let err = serde_json::to_string(&Expiry {
            at: datetime!(9999-12-31 23:59:59 -23:59),
            until: None,
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "the year must be between 0000 and 9999 in UTC"
        );
    }

    #[test]
    fn no_content_is_an_empty_body_only() {
        assert_eq!(serde_json::from_slice::<NoContent>(b"").unwrap(), NoContent);
        assert_eq!(
            serde_json::from_slice::<NoContent>(b" \n").unwrap(),
            NoContent
        );
        assert!(serde_json::from_slice::<NoContent>(b"{}").is_err());
    }
}
