//! Wire formats more than one simulated provider writes.

use time::OffsetDateTime;
use time::macros::format_description;

/// RFC 3339 in UTC with exactly three decimal places (`2026-06-01T23:00:00.000Z`), the form in
/// Txn's and P100's examples.
pub(crate) fn utc_millis(at: OffsetDateTime) -> String {
    let format =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    at.to_offset(time::UtcOffset::UTC)
        .format(&format)
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
}
