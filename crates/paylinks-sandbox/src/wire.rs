//! Wire formats the simulated providers share: UTC times at a fixed precision, and amounts
//! read and written digit for digit.

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;
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
        .ok()?
        .checked_to_offset(time::UtcOffset::UTC)
        .filter(|at| (0..=9999).contains(&at.year()))
}

/// Formats `at` (already in UTC, between the years 0000 and 9999) in UTC with `format`.
fn utc(at: OffsetDateTime, format: &[BorrowedFormatItem<'_>]) -> String {
    at.to_offset(time::UtcOffset::UTC)
        .format(format)
        .unwrap_or_else(|e| unreachable!("every field of the format is known: {e}"))
}

/// Writes an amount as a JSON number of exactly its digits (`150.50`, never `150.5`), for
/// `#[serde(serialize_with = "exact_number")]`: a `Value` would hold it as an `f64`.
pub(crate) fn exact_number<S: Serializer>(
    amount: &Decimal,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    RawValue::from_string(amount.to_string())
        .map_err(serde::ser::Error::custom)?
        .serialize(serializer)
}

/// The decimal the text of a JSON number stands for (`10.50`, `1.5e2`), digit for digit, read
/// from the raw body because a `Value` holds numbers as `f64`; `None` when a `Decimal` cannot
/// hold it without rounding.
pub(crate) fn exact_decimal(text: &str) -> Option<Decimal> {
    match text.split_once(['e', 'E']) {
        // `from_scientific` rounds a long mantissa: only an exact one is taken.
        Some((mantissa, _)) => {
            Decimal::from_str_exact(mantissa).ok()?;
            Decimal::from_scientific(text).ok()
        }
        None => Decimal::from_str_exact(text).ok(),
    }
}

/// `123.45`: ASCII digits with at most one point between digits; no sign, exponent or blank.
/// `None` as well when a `Decimal` cannot hold it exactly.
pub(crate) fn plain_decimal(text: &str) -> Option<Decimal> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, "0"));
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !(digits(whole) && digits(fraction)) {
        return None;
    }
    Decimal::from_str_exact(text).ok()
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

    #[test]
    fn only_plain_decimals_are_amounts() {
        for good in ["123.45", "0.01", "100", "123.40"] {
            assert_eq!(
                plain_decimal(good).map(|d| d.to_string()).as_deref(),
                Some(good)
            );
        }
        for bad in [
            "", ".5", "5.", "-1", "+1", "1e3", "1,00", " 1", "1.2.3", "NaN",
        ] {
            assert_eq!(plain_decimal(bad), None, "{bad:?}");
        }
        assert_eq!(plain_decimal("123456789012345678901234567890"), None);
    }

    #[test]
    fn json_numbers_are_read_digit_for_digit_or_not_at_all() {
        let read = |text: &str| exact_decimal(text).map(|d| d.to_string());
        assert_eq!(read("150.50").as_deref(), Some("150.50"));
        assert_eq!(read("-2.5").as_deref(), Some("-2.5"));
        assert_eq!(read("1.5e2").as_deref(), Some("150"));
        assert_eq!(read("1E3").as_deref(), Some("1000"));
        assert_eq!(read("1e-30"), None);
        assert_eq!(read("1.2345678901234567890123456789012e3"), None);
        assert_eq!(read("123456789012345678901234567890"), None);
    }

    #[test]
    fn exact_numbers_keep_their_digits() {
        #[derive(Serialize)]
        struct Amount(#[serde(serialize_with = "exact_number")] Decimal);
        let text = serde_json::to_string(&Amount(Decimal::new(15050, 2))).unwrap();
        assert_eq!(text, "150.50");
    }
}
