//! Reconciliation's one judgement: orders and the links a provider lists, in, a verdict per
//! order and a line per paid link no order expects, out. Links stream through: what is held
//! is the orders, the link that counts for each, and the ids of the unexpected links already
//! reported (so a link listed twice, as Mesh may list one, is reported once).

use std::collections::{HashMap, HashSet};

use paylinks_core::{LinkStatus, PaymentLink, PaymentOutcome};

use crate::orders::Order;

/// What became of an order, or of a paid link no order expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Verdict {
    /// No link has the order's reference.
    Missing,
    /// A link exists; nothing is paid yet, or it expired or failed.
    Unpaid,
    /// The link's amount or currency is not the order's.
    Mismatch,
    /// The provider says the payer paid too little.
    Underpaid,
    /// The provider says the payer paid too much.
    Overpaid,
    /// Paid in full, amount and currency as ordered.
    Paid,
    /// A paid link whose reference is in no order, or that has none.
    Unexpected,
}

impl Verdict {
    /// Every verdict, in the order the summary counts them.
    pub(crate) const ALL: [Verdict; 7] = [
        Verdict::Paid,
        Verdict::Underpaid,
        Verdict::Overpaid,
        Verdict::Unpaid,
        Verdict::Missing,
        Verdict::Mismatch,
        Verdict::Unexpected,
    ];

    /// The verdict as a lowercase word.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Verdict::Missing => "missing",
            Verdict::Unpaid => "unpaid",
            Verdict::Mismatch => "mismatch",
            Verdict::Underpaid => "underpaid",
            Verdict::Overpaid => "overpaid",
            Verdict::Paid => "paid",
            Verdict::Unexpected => "unexpected",
        }
    }
}

/// One line of the reconciliation: an order and the link that counts for it, or an
/// unexpected link.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    /// The verdict.
    pub(crate) verdict: Verdict,
    /// The order's reference, or the unexpected link's.
    pub(crate) reference: Option<String>,
    /// The order; `None` for an unexpected link.
    pub(crate) order: Option<Order>,
    /// The link that counts; `None` when missing.
    pub(crate) link: Option<PaymentLink>,
    /// How many links (distinct ids) had the order's reference.
    pub(crate) links: u64,
    /// What the verdict alone does not say: why unpaid, what differs, how many links.
    pub(crate) detail: Option<String>,
}

/// An order and what the walk has found for it so far.
#[derive(Debug)]
struct Entry {
    order: Order,
    /// The link that got furthest, with its verdict.
    best: Option<(Verdict, PaymentLink)>,
    /// The ids of the links listed with the order's reference, each once: a provider may list
    /// one link twice (Mesh, when its transfers are not adjacent).
    ids: Vec<String>,
}

/// The orders, and what the links listed so far say about them.
#[derive(Debug)]
pub(crate) struct Ledger {
    entries: Vec<Entry>,
    by_reference: HashMap<String, usize>,
    unexpected: HashSet<String>,
}

impl Ledger {
    /// A ledger of `orders`, each with its own reference (as `orders::parse` ensures).
    pub(crate) fn new(orders: Vec<Order>) -> Self {
        let by_reference = orders
            .iter()
            .enumerate()
            .map(|(index, order)| (order.reference.clone(), index))
            .collect();
        let entries = orders
            .into_iter()
            .map(|order| Entry {
                order,
                best: None,
                ids: Vec::new(),
            })
            .collect();
        Ledger {
            entries,
            by_reference,
            unexpected: HashSet::new(),
        }
    }

    /// The orders, in the file's order.
    pub(crate) fn orders(&self) -> impl Iterator<Item = &Order> {
        self.entries.iter().map(|entry| &entry.order)
    }

    /// Takes one listed link, filed under `reference` (the link's own, or where the provider
    /// lists by customer, the customer it was listed for). A link with an order's reference
    /// counts for it when it got further than the links before it (paid, then overpaid,
    /// underpaid, mismatch, unpaid); the line of a paid link that no order expects, to print
    /// now, the first time its id is seen.
    pub(crate) fn take(&mut self, reference: Option<&str>, link: PaymentLink) -> Option<Line> {
        match reference.and_then(|reference| self.by_reference.get(reference)) {
            Some(&index) => {
                let entry = &mut self.entries[index];
                if !entry.ids.contains(&link.id) {
                    entry.ids.push(link.id.clone());
                }
                let verdict = judge(&entry.order, &link);
                if entry.best.as_ref().is_none_or(|(best, _)| verdict > *best) {
                    entry.best = Some((verdict, link));
                }
                None
            }
            None => {
                let outcome = link.outcome?;
                if !self.unexpected.insert(link.id.clone()) {
                    return None;
                }
                let detail = match &link.reference {
                    Some(_) => format!("{outcome}: no order has this reference"),
                    None => format!("{outcome}: the link has no reference"),
                };
                Some(Line {
                    verdict: Verdict::Unexpected,
                    reference: link.reference.clone(),
                    order: None,
                    link: Some(link),
                    links: 1,
                    detail: Some(detail),
                })
            }
        }
    }

    /// One line per order, in the file's order, with the link that counts for it.
    pub(crate) fn lines(&self) -> impl Iterator<Item = Line> + '_ {
        self.entries.iter().map(|entry| {
            let verdict = entry.verdict();
            let link = entry.best.as_ref().map(|(_, link)| link);
            let mut detail = link.and_then(|link| explain(verdict, &entry.order, link));
            let links = entry.ids.len();
            if links > 1 {
                let several = format!("{links} links with this reference");
                detail = Some(match detail {
                    Some(detail) => format!("{detail}; {several}"),
                    None => several,
                });
            }
            Line {
                verdict,
                reference: Some(entry.order.reference.clone()),
                order: Some(entry.order.clone()),
                link: link.cloned(),
                links: u64::try_from(links).unwrap_or(u64::MAX),
                detail: detail.or_else(|| {
                    (verdict == Verdict::Missing).then(|| "no link has this reference".to_owned())
                }),
            }
        })
    }

    /// How many lines each verdict has, unexpected links included, in [`Verdict::ALL`]'s order.
    pub(crate) fn counts(&self) -> Vec<(Verdict, usize)> {
        Verdict::ALL
            .iter()
            .map(|&verdict| {
                let count = match verdict {
                    Verdict::Unexpected => self.unexpected.len(),
                    _ => self
                        .entries
                        .iter()
                        .filter(|entry| entry.verdict() == verdict)
                        .count(),
                };
                (verdict, count)
            })
            .collect()
    }

    /// Whether every order is paid and no paid link is unexpected.
    pub(crate) fn settled(&self) -> bool {
        self.unexpected.is_empty()
            && self
                .entries
                .iter()
                .all(|entry| entry.verdict() == Verdict::Paid)
    }
}

impl Entry {
    /// The order's verdict as things stand: the best link's, or missing.
    fn verdict(&self) -> Verdict {
        self.best
            .as_ref()
            .map_or(Verdict::Missing, |(verdict, _)| *verdict)
    }
}

/// What one link says about `order`: a mismatch when its amount (as an exact decimal) or its
/// currency (without regard to ASCII case; not compared when the provider gives none) is not
/// the order's; else the provider's payment outcome, or unpaid when it gives none.
fn judge(order: &Order, link: &PaymentLink) -> Verdict {
    let other_currency = link
        .currency
        .as_deref()
        .is_some_and(|currency| !currency.eq_ignore_ascii_case(&order.currency));
    if link.amount != order.amount || other_currency {
        return Verdict::Mismatch;
    }
    match link.outcome {
        Some(PaymentOutcome::Paid) => Verdict::Paid,
        Some(PaymentOutcome::Underpaid) => Verdict::Underpaid,
        Some(PaymentOutcome::Overpaid) => Verdict::Overpaid,
        // An outcome this CLI does not know yet is not taken for a payment in full.
        _ => Verdict::Unpaid,
    }
}

/// The detail of an order's line: why unpaid (expired, failed, or where the link stands),
/// what differs in a mismatch.
fn explain(verdict: Verdict, order: &Order, link: &PaymentLink) -> Option<String> {
    match verdict {
        Verdict::Unpaid => Some(match &link.status {
            LinkStatus::Expired => "expired".to_owned(),
            LinkStatus::Failed => "failed".to_owned(),
            status => format!("not paid yet (status {})", crate::output::status(status)),
        }),
        Verdict::Mismatch => {
            let linked = crate::output::amount(link);
            let paid = link
                .outcome
                .map_or_else(String::new, |outcome| format!(", {outcome}"));
            Some(format!(
                "the link is for {linked}{paid}, the order for {} {}",
                order.amount, order.currency
            ))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn order(reference: &str, cents: i64, currency: &str) -> Order {
        Order {
            reference: reference.into(),
            amount: Decimal::new(cents, 2),
            currency: currency.into(),
        }
    }

    /// A Txn link for `cents` EUR with `reference`, in `status`, with `outcome`.
    fn link(
        id: &str,
        reference: Option<&str>,
        cents: i64,
        status: LinkStatus,
        outcome: Option<PaymentOutcome>,
    ) -> PaymentLink {
        PaymentLink::new("txn", id, Decimal::new(cents, 2), status)
            .with_currency(Some("EUR".into()))
            .with_reference(reference.map(str::to_owned))
            .with_outcome(outcome)
    }

    fn verdicts(ledger: &Ledger) -> Vec<(String, &'static str, Option<String>, Option<String>)> {
        ledger
            .lines()
            .map(|line| {
                (
                    line.reference.unwrap(),
                    line.verdict.as_str(),
                    line.link.map(|link| link.id),
                    line.detail,
                )
            })
            .collect()
    }

    #[test]
    fn each_order_gets_its_verdict_from_the_link_with_its_reference() {
        use LinkStatus::*;
        use PaymentOutcome::*;
        let mut ledger = Ledger::new(vec![
            order("paid", 1000, "EUR"),
            order("paid-lowercase", 1000, "eur"),
            order("under", 1000, "EUR"),
            order("over", 1000, "EUR"),
            order("open", 1000, "EUR"),
            order("expired", 1000, "EUR"),
            order("failed", 1000, "EUR"),
            order("missing", 1000, "EUR"),
            order("amount", 1000, "EUR"),
            order("currency", 1000, "USD"),
            order("trailing-zeros", 1000, "EUR"),
        ]);
        let listed = [
            link("l1", Some("paid"), 1000, Completed, Some(Paid)),
            link("l2", Some("paid-lowercase"), 1000, Completed, Some(Paid)),
            link("l3", Some("under"), 1000, Completed, Some(Underpaid)),
            link("l4", Some("over"), 1000, Completed, Some(Overpaid)),
            link("l5", Some("open"), 1000, Pending, None),
            link("l6", Some("expired"), 1000, Expired, None),
            link("l7", Some("failed"), 1000, Failed, None),
            link("l8", Some("amount"), 1001, Completed, Some(Paid)),
            link("l9", Some("currency"), 1000, Created, None),
            PaymentLink::new("txn", "l10", Decimal::new(100_000, 4), Completed)
                .with_currency(Some("EUR".into()))
                .with_reference(Some("trailing-zeros".into()))
                .with_outcome(Some(Paid)),
        ];
        for link in listed {
            let reference = link.reference.clone();
            assert_eq!(ledger.take(reference.as_deref(), link), None);
        }
        let s = |text: &str| Some(text.to_owned());
        assert_eq!(
            verdicts(&ledger),
            [
                ("paid".into(), "paid", s("l1"), None),
                ("paid-lowercase".into(), "paid", s("l2"), None),
                ("under".into(), "underpaid", s("l3"), None),
                ("over".into(), "overpaid", s("l4"), None),
                (
                    "open".into(),
                    "unpaid",
                    s("l5"),
                    s("not paid yet (status pending)")
                ),
                ("expired".into(), "unpaid", s("l6"), s("expired")),
                ("failed".into(), "unpaid", s("l7"), s("failed")),
                (
                    "missing".into(),
                    "missing",
                    None,
                    s("no link has this reference")
                ),
                (
                    "amount".into(),
                    "mismatch",
                    s("l8"),
                    s("the link is for 10.01 EUR, paid, the order for 10.00 EUR")
                ),
                (
                    "currency".into(),
                    "mismatch",
                    s("l9"),
                    s("the link is for 10.00 EUR, the order for 10.00 USD")
                ),
                ("trailing-zeros".into(), "paid", s("l10"), None),
            ]
        );
        assert!(!ledger.settled());
        let counts: Vec<_> = ledger
            .counts()
            .into_iter()
            .map(|(verdict, count)| (verdict.as_str(), count))
            .collect();
        assert_eq!(
            counts,
            [
                ("paid", 3),
                ("underpaid", 1),
                ("overpaid", 1),
                ("unpaid", 3),
                ("missing", 1),
                ("mismatch", 2),
                ("unexpected", 0),
            ]
        );
    }

    #[test]
    fn of_several_links_with_one_reference_a_paid_one_wins_in_any_order() {
        use LinkStatus::*;
        let links = [
            link("expired", Some("o"), 1000, Expired, None),
            link(
                "paid",
                Some("o"),
                1000,
                Completed,
                Some(PaymentOutcome::Paid),
            ),
            link("wrong", Some("o"), 999, Created, None),
        ];
        for first in 0..links.len() {
            let mut ledger = Ledger::new(vec![order("o", 1000, "EUR")]);
            for link in links.iter().cycle().skip(first).take(links.len()) {
                ledger.take(Some("o"), link.clone());
            }
            assert_eq!(
                verdicts(&ledger),
                [(
                    "o".into(),
                    "paid",
                    Some("paid".into()),
                    Some("3 links with this reference".into())
                )],
                "starting with {first}"
            );
            assert!(ledger.settled());
        }
        // Without the paid one, a mismatch says more than an expired link.
        let mut ledger = Ledger::new(vec![order("o", 1000, "EUR")]);
        ledger.take(Some("o"), links[0].clone());
        ledger.take(Some("o"), links[2].clone());
        assert_eq!(verdicts(&ledger)[0].1, "mismatch");
    }

    /// A link listed twice (Mesh lists one per run of its transfers) is one link of its order.
    #[test]
    fn a_link_listed_twice_is_counted_once() {
        use LinkStatus::*;
        let mut ledger = Ledger::new(vec![order("o", 1000, "EUR")]);
        let pending = link("l", Some("o"), 1000, Pending, None);
        let paid = link("l", Some("o"), 1000, Completed, Some(PaymentOutcome::Paid));
        ledger.take(Some("o"), pending);
        ledger.take(Some("o"), paid);
        assert_eq!(
            verdicts(&ledger),
            [("o".into(), "paid", Some("l".into()), None)]
        );
        assert_eq!(ledger.lines().next().map(|line| line.links), Some(1));
    }

    #[test]
    fn a_paid_link_no_order_expects_is_unexpected_once() {
        use LinkStatus::*;
        use PaymentOutcome::*;
        let mut ledger = Ledger::new(vec![order("o", 1000, "EUR")]);
        let stray = link("stray", Some("other"), 500, Completed, Some(Underpaid));
        let line = ledger.take(Some("other"), stray.clone()).unwrap();
        assert_eq!(
            line,
            Line {
                verdict: Verdict::Unexpected,
                reference: Some("other".into()),
                order: None,
                link: Some(stray.clone()),
                links: 1,
                detail: Some("underpaid: no order has this reference".into()),
            }
        );
        // Listed again (Mesh may list a link twice): reported once.
        assert_eq!(ledger.take(Some("other"), stray), None);
        let bare = link("bare", None, 500, Completed, Some(Paid));
        let line = ledger.take(None, bare).unwrap();
        assert_eq!(line.reference, None);
        assert_eq!(
            line.detail.as_deref(),
            Some("paid: the link has no reference")
        );
        // Unpaid links no order expects are none of reconciliation's business.
        assert_eq!(
            ledger.take(Some("x"), link("x", Some("x"), 1, Created, None)),
            None
        );
        assert_eq!(ledger.take(None, link("y", None, 1, Expired, None)), None);
        ledger.take(Some("o"), link("l", Some("o"), 1000, Completed, Some(Paid)));
        assert_eq!(verdicts(&ledger)[0].1, "paid");
        assert!(!ledger.settled(), "an unexpected link leaves differences");
        assert_eq!(ledger.counts()[6], (Verdict::Unexpected, 2));
    }

    #[test]
    fn settled_only_when_every_order_is_paid() {
        let mut ledger = Ledger::new(vec![order("a", 1000, "EUR"), order("b", 1000, "EUR")]);
        assert!(!ledger.settled());
        let paid = |id, reference| {
            link(
                id,
                Some(reference),
                1000,
                LinkStatus::Completed,
                Some(PaymentOutcome::Paid),
            )
        };
        ledger.take(Some("a"), paid("1", "a"));
        assert!(!ledger.settled(), "b is missing");
        ledger.take(Some("b"), paid("2", "b"));
        assert!(ledger.settled());
        assert!(Ledger::new(Vec::new()).settled());
    }
}
