//! `reconcile --orders`: a shop's orders, read from a CSV file with the header
//! `reference,amount,currency`, all of it checked before anything is sent.

use std::collections::HashMap;
use std::path::Path;

use rust_decimal::Decimal;

use crate::failure::Failure;

/// The columns the orders file has, in this order.
const HEADER: [&str; 3] = ["reference", "amount", "currency"];

/// One order: what the shop expects a link with its reference to have collected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Order {
    /// The link's reference, as the shop created it.
    pub(crate) reference: String,
    /// The amount ordered, exact.
    pub(crate) amount: Decimal,
    /// The currency code ordered.
    pub(crate) currency: String,
}

/// The orders in the file at `path`, in its order.
pub(crate) fn read(path: &Path) -> Result<Vec<Order>, Failure> {
    let file = std::fs::read(path)
        .map_err(|e| Failure::usage("--orders", format!("cannot read {}: {e}", path.display())))?;
    parse(&file)
        .map_err(|message| Failure::usage("--orders", format!("{}: {message}", path.display())))
}

/// The orders in `csv`; a malformed line is refused naming its line number (the header is
/// line 1): a header other than `reference,amount,currency`, a line with another number of
/// fields, a blank reference or currency, an amount that is not a plain decimal (`100.50`),
/// a reference already ordered on an earlier line. Blanks around a field and blank lines are
/// ignored.
pub(crate) fn parse(csv: &[u8]) -> Result<Vec<Order>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(csv);
    let mut lines = Lines::of(csv);
    let header = reader.headers().map_err(|e| lines.error(&e))?;
    if header.iter().ne(HEADER) {
        return Err(format!(
            "line 1: the header must be `{}`, not `{}`",
            HEADER.join(","),
            header.iter().collect::<Vec<_>>().join(",")
        ));
    }
    let mut orders = Vec::new();
    let mut first_lines = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| lines.error(&e))?;
        let line = record.position().map_or(0, |at| lines.at(at));
        let bad = |why: String| format!("line {line}: {why}");
        let (reference, amount, currency) = (&record[0], &record[1], &record[2]);
        if reference.is_empty() {
            return Err(bad("the reference is blank".to_owned()));
        }
        let amount = paylinks_core::money::parse_plain(amount)
            .ok_or_else(|| bad(format!("{amount:?} is not a plain decimal amount (100.50)")))?;
        if currency.is_empty() {
            return Err(bad("the currency is blank".to_owned()));
        }
        if let Some(first) = first_lines.insert(reference.to_owned(), line) {
            return Err(bad(format!(
                "the reference {reference:?} is already on line {first}"
            )));
        }
        orders.push(Order {
            reference: reference.to_owned(),
            amount,
            currency: currency.to_owned(),
        });
    }
    Ok(orders)
}

/// Line numbers in the file, counted from the byte offsets the CSV reader gives (its own
/// line count leaves out the blank lines it skips, so a file with one would be refused naming
/// the wrong line), moving forward as the records do.
struct Lines<'a> {
    csv: &'a [u8],
    /// The offset counted up to, and the line number there.
    counted: (usize, u64),
}

impl<'a> Lines<'a> {
    fn of(csv: &'a [u8]) -> Self {
        Lines {
            csv,
            counted: (0, 1),
        }
    }

    /// The line a record or an error at `position` starts on. The reader puts a record's
    /// start right after the one before, ahead of the blank lines it skips; no record starts
    /// with a line break, so those are stepped over.
    fn at(&mut self, position: &csv::Position) -> u64 {
        let mut to = usize::try_from(position.byte())
            .unwrap_or(usize::MAX)
            .min(self.csv.len());
        while self.csv.get(to).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            to += 1;
        }
        if to < self.counted.0 {
            self.counted = (0, 1);
        }
        let (from, line) = self.counted;
        let newlines = self.csv[from..to].iter().filter(|&&b| b == b'\n').count();
        self.counted = (to, line + newlines as u64);
        self.counted.1
    }

    /// A CSV error, with the line it was found on when the reader knows it.
    fn error(&mut self, error: &csv::Error) -> String {
        if let csv::ErrorKind::UnequalLengths {
            pos: Some(position),
            expected_len,
            len,
        } = error.kind()
        {
            return format!(
                "line {}: {len} fields where the header has {expected_len}",
                self.at(position)
            );
        }
        match error.position() {
            Some(position) => format!("line {}: {error}", self.at(position)),
            None => error.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn orders(csv: &str) -> Result<Vec<Order>, String> {
        parse(csv.as_bytes())
    }

    #[test]
    fn orders_are_read_exactly_in_the_files_order() {
        let read = orders(
            "\u{feff}reference,amount,currency\norder-1, 100.50 ,EUR\n\norder-2,0.000001,usdc\n",
        )
        .unwrap();
        assert_eq!(
            read,
            [
                Order {
                    reference: "order-1".into(),
                    amount: Decimal::new(10050, 2),
                    currency: "EUR".into(),
                },
                Order {
                    reference: "order-2".into(),
                    amount: Decimal::new(1, 6),
                    currency: "usdc".into(),
                },
            ]
        );
        assert_eq!(read[0].amount.to_string(), "100.50");
        assert_eq!(orders("reference,amount,currency\n").unwrap(), []);
    }

    #[test]
    fn a_malformed_line_is_refused_naming_its_number() {
        let cases = [
            (
                "",
                "line 1: the header must be `reference,amount,currency`, not ``",
            ),
            (
                "ref,amount,currency\nx,1,EUR\n",
                "line 1: the header must be `reference,amount,currency`, not `ref,amount,currency`",
            ),
            (
                "reference,amount\nx,1\n",
                "line 1: the header must be `reference,amount,currency`, not `reference,amount`",
            ),
            (
                "reference,amount,currency\na,1,EUR\nb,2\n",
                "line 3: 2 fields where the header has 3",
            ),
            (
                "reference,amount,currency\na,1,EUR\nb,2,EUR,x\n",
                "line 3: 4 fields where the header has 3",
            ),
            (
                "reference,amount,currency\na,1,EUR\n  ,2,EUR\n",
                "line 3: the reference is blank",
            ),
            (
                "reference,amount,currency\na,1,EUR\nb,,EUR\n",
                "line 3: \"\" is not a plain decimal amount (100.50)",
            ),
            (
                "reference,amount,currency\na,1,EUR\nb,1e3,EUR\n",
                "line 3: \"1e3\" is not a plain decimal amount (100.50)",
            ),
            (
                "reference,amount,currency\na,1,EUR\nb,-5,EUR\n",
                "line 3: \"-5\" is not a plain decimal amount (100.50)",
            ),
            (
                "reference,amount,currency\na,1,EUR\nb,\"1,50\",EUR\n",
                "line 3: \"1,50\" is not a plain decimal amount (100.50)",
            ),
            (
                "reference,amount,currency\na,1,EUR\nb,2, \n",
                "line 3: the currency is blank",
            ),
            (
                "reference,amount,currency\na,1,EUR\nb,2,EUR\n\na,3,EUR\n",
                "line 5: the reference \"a\" is already on line 2",
            ),
            (
                "reference,amount,currency\r\n\r\n\"a\nb\",1,EUR\r\n\r\nc,x,EUR\r\n",
                "line 6: \"x\" is not a plain decimal amount (100.50)",
            ),
            (
                "reference,amount,currency\n\n\na,1\n",
                "line 4: 2 fields where the header has 3",
            ),
        ];
        for (csv, message) in cases {
            assert_eq!(orders(csv).unwrap_err(), message, "{csv:?}");
        }
        let invalid_utf8 = b"reference,amount,currency\na,1,EUR\nb\xff,2,EUR\n";
        let message = parse(invalid_utf8).unwrap_err();
        assert!(message.starts_with("line 3: "), "{message}");
    }
}
