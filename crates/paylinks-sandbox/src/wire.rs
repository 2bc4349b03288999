//! Wire formats the simulated providers share: UTC times at a fixed precision. Amounts are
//! read and written by `paylinks_core::money`, as the clients do.

use time::OffsetDateTime;
use time::format_description::BorrowedFormatItem;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;

/// RFC 3339 in UTC to the second (`2025-08-14T15:24:59Z`), as Pay.io's examples write times.
pub(crate) fn utc_seconds(at: OffsetDateTime) -> String {
    utc(
        at,
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z"),
    )
}

/// RFC 3339 in UTC with exactly three decimal places (`2026-06-01T23:00:00.000Z`), the form in
/// Txn's and P100's examples.
pub(crate) fn utc_millis(at: OffsetDateTime) -> String {
    utc(
        at,
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"),
    )
}

/// RFC 3339 in UTC with exactly six decimal places (`2025-06-16T10:04:51.739761Z`), the form
/// of Paywint's examples.
pub(crate) fn utc_micros(at: OffsetDateTime) -> String {
    utc(
        at,
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z"),
    )
}

/// Parses an RFC 3339 date-time and moves it to UTC; `None` when it is not one, or when in UTC
/// it falls outside the years 0000 to 9999 that RFC 3339 can write (`9999-12-31T23:59:59-23:59`
/// passes a JSON Schema `date-time` check but is year 10000 in UTC).
pub(crate) fn parse_utc(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339)
        .ok()
        .and_then(paylinks_core::wire::utc)
}

/// Formats `at` (already in UTC, between the years 0000 and 9999) in UTC with `format`.
fn utc(at: OffsetDateTime, format: &[BorrowedFormatItem<'_>]) -> String {
    at.to_offset(time::UtcOffset::UTC)
        .format(format)
        .unwrap_or_else(|e| unreachable!("every field of the format is known: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn milliseconds_keep_their_trailing_zeros() {
        assert_eq!(
            utc_millis(datetime!(2026-06-01 23:00:00.84 +01:00)),
            "2026-06-01T22:00:00.840Z"
        );
    }

    #[test]
    fn seconds_and_microseconds_are_in_utc() {
        let at = datetime!(2025-06-16 12:04:51.7397618 +02:00);
        assert_eq!(utc_seconds(at), "2025-06-16T10:04:51Z");
        assert_eq!(utc_micros(at), "2025-06-16T10:04:51.739761Z");
    }
}
