//! Amounts on the wire, exact to the digit.
//!
//! Every amount is a [`Decimal`]. Providers put amounts on the wire either as a JSON string
//! (`"100.50"`) or as a JSON number (`100.50`); the generated wire types pick [`string`] or
//! [`number`] field by field with `#[serde(with = ...)]`. Both write the decimal's own digits,
//! trailing zeros included, and never go through `f64`. On input both accept either JSON form,
//! since providers' examples do not always agree with their schemas.
//!
//! [`parse_plain`], [`parse_signed_plain`] and [`parse_json_number`] read an amount from text
//! by the same rules, for the code around the clients (the sandbox, the CLI) that has text
//! rather than a serde field.

use rust_decimal::Decimal;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

/// Reads a JSON number's raw text exactly (`10.50`, `-2.5`, `1.5e2`), for code that has the
/// raw text of a body or query (a `serde_json::Value` holds numbers as `f64`); `None` when a
/// [`Decimal`] cannot hold it without rounding, a mantissa too long for one included.
pub fn parse_json_number(text: &str) -> Option<Decimal> {
    json_number(text).ok()
}

/// Reads a plain decimal exactly: ASCII digits with at most one point between digits
/// (`123.45`), refusing a sign, an exponent, separators (`1_000`, `1,00`) and blanks; `None`
/// as well when a [`Decimal`] cannot hold it without rounding. For amounts typed or sent as
/// text, where `Decimal`'s own parser would take `+1`, `1_000` or `1e3`.
pub fn parse_plain(text: &str) -> Option<Decimal> {
    is_plain(text)
        .then(|| Decimal::from_str_exact(text).ok())
        .flatten()
}

/// [`parse_plain`] with an optional leading `-` (`-1.50`), for callers that read a negative
/// amount in order to refuse it with their own message rather than as unreadable.
pub fn parse_signed_plain(text: &str) -> Option<Decimal> {
    is_plain(text.strip_prefix('-').unwrap_or(text))
        .then(|| Decimal::from_str_exact(text).ok())
        .flatten()
}

/// `123.45`: ASCII digits with at most one point, between digits.
fn is_plain(text: &str) -> bool {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, "0"));
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && digits(fraction)
}

/// [`parse_json_number`] with the reason it failed, as [`parse_raw`] reports it.
fn json_number(text: &str) -> Result<Decimal, String> {
    if let Some((mantissa, _)) = text.split_once(['e', 'E']) {
        // `from_scientific` rounds a mantissa longer than a `Decimal` holds: refuse it instead.
        Decimal::from_str_exact(mantissa)
            .map_err(|e| format!("invalid amount {text:?}: mantissa: {e}"))?;
        return Decimal::from_scientific(text).map_err(|e| format!("invalid amount {text:?}: {e}"));
    }
    Decimal::from_str_exact(text).map_err(|e| format!("invalid amount {text:?}: {e}"))
}

/// Parses the raw JSON text of an amount: a number (`100.50`, `1e3`) or a string holding one.
///
/// Trailing fraction zeros that do not fit a `Decimal` (Pay.io pads amounts to 30 places, and
/// `100.50` padded so has more digits than 96 bits hold) are dropped, only as many as needed;
/// a digit that carries value is never rounded away.
fn parse_raw(raw: &str) -> Result<Decimal, String> {
    let text = if raw.starts_with('"') {
        serde_json::from_str::<String>(raw).map_err(|e| e.to_string())?
    } else {
        raw.to_owned()
    };
    let text = text.trim();
    if text.is_empty() {
        return Err("an amount must not be empty".to_owned());
    }
    json_number(text).or_else(|invalid| {
        let (int, frac) = text
            .split_once('.')
            .filter(|_| !text.contains(['e', 'E']))
            .ok_or_else(|| invalid.clone())?;
        let significant = frac.trim_end_matches('0').len();
        // At most 29 tries: from 28 places (Decimal's most) down to the last non-zero digit.
        (significant..=frac.len().min(28))
            .rev()
            .find_map(|places| match places {
                0 => Decimal::from_str_exact(int).ok(),
                _ => Decimal::from_str_exact(&format!("{int}.{}", &frac[..places])).ok(),
            })
            .ok_or(invalid)
    })
}

fn deserialize_amount<'de, D: Deserializer<'de>>(de: D) -> Result<Decimal, D::Error> {
    let raw = Box::<RawValue>::deserialize(de)?;
    parse_raw(raw.get()).map_err(D::Error::custom)
}

fn deserialize_optional_amount<'de, D: Deserializer<'de>>(
    de: D,
) -> Result<Option<Decimal>, D::Error> {
    match Option::<Box<RawValue>>::deserialize(de)? {
        None => Ok(None),
        Some(raw) => parse_raw(raw.get()).map(Some).map_err(D::Error::custom),
    }
}

/// An amount written as a JSON string: `"100.50"`.
pub mod string {
    use rust_decimal::Decimal;
    use serde::{Deserializer, Serializer};

    /// Writes the amount as a JSON string of its exact digits.
    pub fn serialize<S: Serializer>(amount: &Decimal, ser: S) -> Result<S::Ok, S::Error> {
        ser.collect_str(amount)
    }

    /// Reads an amount from a JSON string (or, tolerated, a JSON number).
    pub fn deserialize<'de, D: Deserializer<'de>>(de: D) -> Result<Decimal, D::Error> {
        super::deserialize_amount(de)
    }

    /// The same for an optional amount: `None` is written as `null`.
    pub mod option {
        use rust_decimal::Decimal;
        use serde::{Deserializer, Serializer};

        /// Writes `Some` as a JSON string, `None` as `null`.
        pub fn serialize<S: Serializer>(
            amount: &Option<Decimal>,
            ser: S,
        ) -> Result<S::Ok, S::Error> {
            match amount {
                Some(amount) => ser.collect_str(amount),
                None => ser.serialize_none(),
            }
        }

        /// Reads `null` as `None`, anything else as [`super::deserialize`] does.
        pub fn deserialize<'de, D: Deserializer<'de>>(de: D) -> Result<Option<Decimal>, D::Error> {
            super::super::deserialize_optional_amount(de)
        }
    }
}

/// An amount written as a JSON number, digit for digit: `100.50`, never `100.5` or
/// `100.50000000000001`.
///
/// Works with `serde_json` (through its `raw_value` feature), which is the only serializer the
/// clients use for request bodies.
pub mod number {
    use rust_decimal::Decimal;
    use serde::ser::Error as _;
    use serde::{Deserializer, Serialize, Serializer};
    use serde_json::value::RawValue;

    /// Writes the amount as a JSON number made of its exact digits.
    pub fn serialize<S: Serializer>(amount: &Decimal, ser: S) -> Result<S::Ok, S::Error> {
        RawValue::from_string(amount.to_string())
            .map_err(S::Error::custom)?
            .serialize(ser)
    }

    /// Reads an amount from the exact text of a JSON number (or, tolerated, a JSON string).
    pub fn deserialize<'de, D: Deserializer<'de>>(de: D) -> Result<Decimal, D::Error> {
        super::deserialize_amount(de)
    }

    /// The same for an optional amount: `None` is written as `null`.
    pub mod option {
        use rust_decimal::Decimal;
        use serde::{Deserializer, Serializer};

        /// Writes `Some` as a JSON number, `None` as `null`.
        pub fn serialize<S: Serializer>(
            amount: &Option<Decimal>,
            ser: S,
        ) -> Result<S::Ok, S::Error> {
            match amount {
                Some(amount) => super::serialize(amount, ser),
                None => ser.serialize_none(),
            }
        }

        /// Reads `null` as `None`, anything else as [`super::deserialize`] does.
        pub fn deserialize<'de, D: Deserializer<'de>>(de: D) -> Result<Option<Decimal>, D::Error> {
            super::super::deserialize_optional_amount(de)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use std::str::FromStr;

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Amounts {
        #[serde(with = "string")]
        text: Decimal,
        #[serde(with = "number")]
        num: Decimal,
        #[serde(with = "number::option", default)]
        maybe: Option<Decimal>,
    }

    fn amounts(text: &str, num: &str, maybe: Option<&str>) -> Amounts {
        Amounts {
            text: Decimal::from_str(text).unwrap(),
            num: Decimal::from_str(num).unwrap(),
            maybe: maybe.map(|m| Decimal::from_str(m).unwrap()),
        }
    }

    #[test]
    fn writes_exact_digits_in_both_forms() {
        for digits in [
            "100.50",
            "12345678901234567.89",
            "0.000000000000000001",
            "-7",
        ] {
            let wire = serde_json::to_string(&amounts(digits, digits, Some(digits))).unwrap();
            assert_eq!(
                wire,
                format!(r#"{{"text":"{digits}","num":{digits},"maybe":{digits}}}"#)
            );
        }
        let wire = serde_json::to_string(&amounts("1", "2", None)).unwrap();
        assert_eq!(wire, r#"{"text":"1","num":2,"maybe":null}"#);
    }

    #[test]
    fn exact_numbers_keep_their_digits() {
        #[derive(Serialize)]
        struct Amount(#[serde(serialize_with = "number::serialize")] Decimal);
        let text = serde_json::to_string(&Amount(Decimal::new(15050, 2))).unwrap();
        assert_eq!(text, "150.50");
    }

    #[test]
    fn reads_exact_digits_and_keeps_scale() {
        let read: Amounts =
            serde_json::from_str(r#"{"text":"100.50","num":12345678901234567.89,"maybe":100.50}"#)
                .unwrap();
        assert_eq!(
            read,
            amounts("100.50", "12345678901234567.89", Some("100.50"))
        );
        assert_eq!(read.text.to_string(), "100.50");
        assert_eq!(read.maybe.unwrap().to_string(), "100.50");
        // Round trip, byte for byte.
        let text = r#"{"text":"12345678901234567.89","num":100.50,"maybe":null}"#;
        let read: Amounts = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_string(&read).unwrap(), text);
    }

    #[test]
    fn tolerates_the_other_json_form_and_exponents() {
        let read: Amounts =
            serde_json::from_str(r#"{"text":100.50,"num":"100.50","maybe":1.5e2}"#).unwrap();
        assert_eq!(read, amounts("100.50", "100.50", Some("150")));
    }

    #[test]
    fn accepts_zero_padding_past_28_places_but_never_rounds() {
        let padded = format!("\"1.5{}\"", "0".repeat(29));
        assert_eq!(
            parse_raw(&padded).unwrap(),
            Decimal::from_str("1.5").unwrap()
        );
        // An exponent form whose mantissa a Decimal cannot hold is refused, not rounded.
        assert!(parse_raw("1.2345678901234567890123456789012e3").is_err());
        assert_eq!(parse_raw("1.25e3").unwrap(), Decimal::new(1250, 0));
        let significant = format!("\"1.{}1\"", "0".repeat(29));
        assert!(parse_raw(&significant).is_err());
        // Too many digits for 96 bits even at 28 places: zeros go until it fits.
        let large = parse_raw(&format!("\"100.50{}\"", "0".repeat(28))).unwrap();
        assert_eq!(large, Decimal::from_str("100.5").unwrap());
        assert_eq!(large.scale(), 26);
        let whole = parse_raw(&format!(
            "\"79228162514264337593543950335.{}\"",
            "0".repeat(30)
        ));
        assert_eq!(whole.unwrap(), Decimal::MAX);
        assert!(
            parse_raw(&format!(
                "\"123456789012345678901234567.891{}\"",
                "0".repeat(27)
            ))
            .is_err()
        );
    }

    #[test]
    fn only_plain_decimals_are_amounts() {
        for good in ["123.45", "0.01", "100", "123.40"] {
            assert_eq!(
                parse_plain(good).map(|d| d.to_string()).as_deref(),
                Some(good)
            );
        }
        for bad in [
            "", ".5", "5.", "-1", "+1", "1e3", "1,00", " 1", "1.2.3", "NaN",
        ] {
            assert_eq!(parse_plain(bad), None, "{bad:?}");
        }
        assert_eq!(parse_plain("123456789012345678901234567890"), None);
    }

    #[test]
    fn a_plain_decimal_may_have_a_minus_sign_where_asked() {
        for (text, exact) in [("100.50", "100.50"), ("-1", "-1"), ("-0", "0")] {
            assert_eq!(parse_signed_plain(text).unwrap().to_string(), exact);
        }
        for bad in ["", "--1", "+5", "-", "-.5", "1_000", "1e3", "- 1", "١٢"] {
            assert_eq!(parse_signed_plain(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn json_numbers_are_read_digit_for_digit_or_not_at_all() {
        let read = |text: &str| parse_json_number(text).map(|d| d.to_string());
        assert_eq!(read("150.50").as_deref(), Some("150.50"));
        assert_eq!(read("-2.5").as_deref(), Some("-2.5"));
        assert_eq!(read("1.5e2").as_deref(), Some("150"));
        assert_eq!(read("1E3").as_deref(), Some("1000"));
        assert_eq!(read("1e-30"), None);
        assert_eq!(read("1.2345678901234567890123456789012e3"), None);
        assert_eq!(read("123456789012345678901234567890"), None);
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        for bad in [r#""""#, r#""abc""#, r#""1,000.00""#, "true", "[1]", "null"] {
            let body = format!(r#"{{"text":{bad},"num":1}}"#);
            let err = serde_json::from_str::<Amounts>(&body).unwrap_err();
            assert!(err.is_data() || err.is_syntax(), "{bad}: {err}");
        }
    }
}
