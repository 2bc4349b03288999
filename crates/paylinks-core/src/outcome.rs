//! How much of the money arrived, apart from where the link stands.
//!
//! A link can be final ([`LinkStatus::Completed`](crate::LinkStatus::Completed)) while the
//! payer sent too little or too much. Providers that say so (Txn's `statusContext`) set a
//! [`PaymentOutcome`]; everywhere else it is absent, so it is always used as
//! `Option<PaymentOutcome>`: `None` means "not known", never "not paid".

use std::fmt;

/// The money outcome of a payment, set only where the provider says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PaymentOutcome {
    /// The payer paid the amount asked, in full.
    Paid,
    /// The payer paid less than the amount asked.
    Underpaid,
    /// The payer paid more than the amount asked.
    Overpaid,
}

impl PaymentOutcome {
    /// The outcome as a lowercase word: `paid`, `underpaid`, `overpaid`.
    pub fn as_str(&self) -> &'static str {
        match self {
            PaymentOutcome::Paid => "paid",
            PaymentOutcome::Underpaid => "underpaid",
            PaymentOutcome::Overpaid => "overpaid",
        }
    }
}

impl fmt::Display for PaymentOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(PaymentOutcome::Paid.as_str(), "paid");
        assert_eq!(PaymentOutcome::Underpaid.to_string(), "underpaid");
        assert_eq!(PaymentOutcome::Overpaid.to_string(), "overpaid");
    }
}
