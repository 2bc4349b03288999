//! `paylinks reconcile`: the shop's orders (a CSV file) held against one walk of the
//! provider's list, one line per order with a verdict, and one per paid link no order expects.
//!
//! The orders are read and checked whole before anything is sent. The links stream through
//! [`Ledger`]; a paid link no order expects is printed as the walk finds it, so these lines
//! come first, then one line per order in the file's order. Pay.io lists one customer's
//! deposits at a time and ties a deposit to its customer, not to a link: it is walked once per
//! order, the order's reference taken as the customer (`--customer` of `create`, Pay.io's
//! `user_reference_id`), and a deposit counts for the order it was listed for.

use std::process::ExitCode;

use futures_util::StreamExt;
use paylinks_core::{LinkFilter, Listing};
use serde_json::{Value, json};

use crate::args::ReconcileArgs;
use crate::failure::{self, Failure};
use crate::orders;
use crate::output;
use crate::progress::Progress;
use crate::target::Host;
use crate::verdict::{Ledger, Line};

/// `paylinks reconcile`.
pub(crate) async fn run(args: ReconcileArgs) -> ExitCode {
    let (provider, json) = (args.provider, args.json);
    match reconcile(args).await {
        Ok(code) => ExitCode::from(code),
        Err(failure) => output::report(Some(provider.as_str()), json, &failure),
    }
}

/// Reads the orders, walks the list, prints the lines and the summary; 0 when every order is
/// paid and nothing is unexpected, else [`failure::DIFFERENCES`].
async fn reconcile(args: ReconcileArgs) -> Result<u8, Failure> {
    let orders = orders::read(&args.orders)?;
    let host = Host::of(&args.target, args.provider).await?;
    let client = host.source().client(args.provider)?;
    let mut ledger = Ledger::new(orders);
    // One walk of the whole list, or one per order's reference as the customer.
    let walks: Vec<Option<String>> = match client.capabilities().listing {
        Listing::ByCustomer => {
            output::stderr(&format!(
                "paylinks reconcile: {} lists one customer's deposits at a time: one walk per \
                 order, its reference taken as the customer (user_reference_id); a deposit \
                 counts for the order it was listed for",
                args.provider
            ));
            ledger
                .orders()
                .map(|order| Some(order.reference.clone()))
                .collect()
        }
        _ => vec![None],
    };
    let mut printer = Printer::new(args.json, &ledger);
    let mut progress = Progress::start("paylinks reconcile");
    for customer in walks {
        let mut filter = LinkFilter::new();
        if let Some(customer) = &customer {
            filter = filter.customer(customer.clone());
        }
        let mut links = client.list_links(&filter);
        while let Some(link) = links.next().await {
            let link = link?;
            if let Some(progress) = &mut progress {
                progress.link();
            }
            let reference = link.reference.clone().or_else(|| customer.clone());
            if let Some(line) = ledger.take(reference.as_deref(), link) {
                printer.print(&line)?;
            }
        }
    }
    if let Some(progress) = progress {
        progress.finish();
    }
    for line in ledger.lines() {
        printer.print(&line)?;
    }
    let settled = ledger.settled();
    output::stderr(&summary(&ledger, settled));
    Ok(if settled { 0 } else { failure::DIFFERENCES })
}

/// `paylinks reconcile: 3 orders: 1 paid, 1 underpaid, …, 0 unexpected: differences found`.
fn summary(ledger: &Ledger, settled: bool) -> String {
    let counts: Vec<String> = ledger
        .counts()
        .into_iter()
        .map(|(verdict, count)| format!("{count} {}", verdict.as_str()))
        .collect();
    format!(
        "paylinks reconcile: {} orders: {}: {}",
        ledger.orders().count(),
        counts.join(", "),
        if settled {
            "every order paid"
        } else {
            "differences found"
        }
    )
}

/// Prints lines as a table or as JSON lines, until the reader goes away (after which the
/// walk goes on, for the summary and the exit code).
struct Printer {
    /// The table's column widths; `None` for JSON lines.
    widths: Option<[usize; 5]>,
    /// Whether the table's header is printed (before its first row).
    headed: bool,
    gone: bool,
}

impl Printer {
    /// A printer whose table's columns fit the orders (a wider unexpected link pushes its
    /// row's cells along rather than being held back to measure).
    fn new(json: bool, ledger: &Ledger) -> Self {
        let mut widths = HEADER.map(str::len);
        widths[0] = widths[0].max("unexpected".len());
        widths[3] = widths[3].max(36);
        widths[4] = 0;
        for order in ledger.orders() {
            widths[1] = widths[1].max(order.reference.chars().count());
            widths[2] = widths[2].max(ordered(order).chars().count());
        }
        Printer {
            widths: (!json).then_some(widths),
            headed: false,
            gone: false,
        }
    }

    fn print(&mut self, line: &Line) -> Result<(), Failure> {
        if self.gone {
            return Ok(());
        }
        let text = match self.widths {
            None => format!("{}\n", line_json(line)),
            Some(widths) => {
                let mut text = String::new();
                if !self.headed {
                    self.headed = true;
                    text = output::row(&HEADER, &widths);
                }
                text.push_str(&output::row(&cells(line), &widths));
                text
            }
        };
        self.gone = !output::stream(&text)?;
        Ok(())
    }
}

/// The table's columns; DETAIL is last and not padded.
pub(crate) const HEADER: [&str; 5] = ["VERDICT", "REFERENCE", "ORDER", "LINK", "DETAIL"];

/// A line as the cells of a table row, control characters from the provider blanked.
pub(crate) fn cells(line: &Line) -> [String; 5] {
    let dash = || "-".to_owned();
    [
        line.verdict.as_str().to_owned(),
        line.reference
            .as_deref()
            .map_or_else(dash, output::one_line),
        line.order.as_ref().map_or_else(dash, ordered),
        line.link
            .as_ref()
            .map_or_else(dash, |link| output::one_line(&link.id)),
        line.detail.as_deref().map_or_else(dash, output::one_line),
    ]
}

/// An order's amount and currency, `100.50 EUR`.
fn ordered(order: &orders::Order) -> String {
    format!("{} {}", order.amount, order.currency)
}

/// A line as one JSON object: the order's reference, amount and currency, the link that
/// counts (id, amount, currency, status, outcome), how many links had the reference, and the
/// detail; null where there is none, amounts as exact decimal strings.
fn line_json(line: &Line) -> Value {
    let link = line.link.as_ref();
    json!({
        "verdict": line.verdict.as_str(),
        "reference": line.reference,
        "amount": line.order.as_ref().map(|order| order.amount.to_string()),
        "currency": line.order.as_ref().map(|order| order.currency.clone()),
        "link_id": link.map(|link| link.id.clone()),
        "link_amount": link.map(|link| link.amount.to_string()),
        "link_currency": link.and_then(|link| link.currency.clone()),
        "status": link.map(|link| link.status.as_str().to_owned()),
        "outcome": link.and_then(|link| link.outcome).map(|outcome| outcome.as_str()),
        "links": line.links,
        "detail": line.detail,
    })
}
