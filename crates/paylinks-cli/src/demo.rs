//! `paylinks demo`: one link with each of the five providers in the embedded sandbox, created
//! and read back through `Box<dyn PaymentLinkProvider>`, shown in one table.
//!
//! A provider that fails shows as a row with a numbered note rather than stopping the demo.
//! Two providers cannot read a new link back, by their documented design, and say so in a note
//! instead of failing: Pay.io has no read call (`get_link` is unsupported) and Mesh reports a
//! link only once a payer has paid (`get_link` is not found before).

use std::process::ExitCode;

use paylinks_core::{Error, NewPaymentLink, PaymentLink, PaymentLinkProvider, Support};
use paylinks_sandbox::{Provider, Sandbox};
use rust_decimal::Decimal;

use crate::commands::{report, start_sandbox};
use crate::defaults;
use crate::failure::Failure;
use crate::output;
use crate::providers::Source;

/// The reference given to every provider that takes one (each keeps its own links, and the
/// sandbox starts empty, so one reference serves all).
const REFERENCE: &str = "demo-order-1";

/// `paylinks demo`.
pub(crate) async fn run() -> ExitCode {
    match demo().await {
        Ok(code) => ExitCode::from(code),
        Err(failure) => report(None, false, &failure),
    }
}

/// How one provider fared.
enum Outcome {
    /// Created and read back.
    Read {
        read: PaymentLink,
        created: PaymentLink,
    },
    /// Created; the provider cannot read it back yet, for the reason given.
    NotRead { created: PaymentLink, why: String },
    /// Created, but reading it back failed.
    ReadFailed {
        created: PaymentLink,
        failure: Failure,
    },
    /// The create failed.
    CreateFailed(Failure),
}

/// Runs the demo and prints the table; the exit code: 0 when every provider created its link
/// and read it back where it can, else the code of the first failure.
async fn demo() -> Result<u8, Failure> {
    let sandbox = start_sandbox().await?;
    let amount = Decimal::new(1234, 2);
    output::stderr(&format!(
        "paylinks demo: a {amount} link with each provider, in the embedded sandbox at http://{}",
        sandbox.addr()
    ));
    let mut table = vec![["PROVIDER", "ID", "URL", "AMOUNT", "STATUS"].map(str::to_owned)];
    let mut notes = Vec::new();
    let mut exit = 0;
    for provider in Provider::ALL {
        let outcome = one(provider, amount, &sandbox).await;
        let mut note = |text: String| {
            notes.push(format!("[{}] {provider}: {text}", notes.len() + 1));
            format!(" [{}]", notes.len())
        };
        let (link, status) = match outcome {
            Outcome::Read { read, created } => {
                let status = output::status(&read.status).to_owned();
                let url = read.url.clone().or(created.url);
                let currency = read.currency.clone().or(created.currency);
                (Some(read.with_url(url).with_currency(currency)), status)
            }
            Outcome::NotRead { created, why } => {
                let status = format!("{}{}", output::status(&created.status), note(why));
                (Some(created), status)
            }
            Outcome::ReadFailed { created, failure } => {
                if exit == 0 {
                    exit = failure.exit_code();
                }
                let marker = note(format!("read back failed: {}", output::describe(&failure)));
                let status = format!("{}{marker}", output::status(&created.status));
                (Some(created), status)
            }
            Outcome::CreateFailed(failure) => {
                if exit == 0 {
                    exit = failure.exit_code();
                }
                let marker = note(format!("create failed: {}", output::describe(&failure)));
                (None, format!("failed{marker}"))
            }
        };
        let dash = || "-".to_owned();
        table.push([
            provider.to_string(),
            link.as_ref().map_or_else(dash, |l| l.id.clone()),
            link.as_ref()
                .and_then(|l| l.url.clone())
                .unwrap_or_else(dash),
            link.as_ref().map_or_else(dash, output::amount),
            status,
        ]);
    }
    let mut text = render(&table);
    if !notes.is_empty() {
        text.push('\n');
        for note in notes {
            text.push_str(&note);
            text.push('\n');
        }
    }
    output::stdout(&text)?;
    Ok(exit)
}

/// Creates a link with `provider` and reads it back.
async fn one(provider: Provider, amount: Decimal, sandbox: &Sandbox) -> Outcome {
    let (client, created) = match create(provider, amount, sandbox).await {
        Ok(done) => done,
        Err(failure) => return Outcome::CreateFailed(failure),
    };
    match client.get_link(&created.id).await {
        Ok(read) => Outcome::Read { read, created },
        Err(Error::Unsupported { .. }) => Outcome::NotRead {
            created,
            why: "not read back: the provider documents no call that reads a link back \
                  (get_link is unsupported); the status is from create"
                .to_owned(),
        },
        Err(Error::NotFound(_)) if provider == Provider::Mesh => Outcome::NotRead {
            created,
            why: "not read back: Mesh reports a link only once a payer has paid (get_link is \
                  not_found before); the status is from create"
                .to_owned(),
        },
        Err(error) => Outcome::ReadFailed {
            created,
            failure: error.into(),
        },
    }
}

/// The client and the link it created: the demo amount in the provider's default currency,
/// [`REFERENCE`] where the provider takes one, and the sandbox defaults for required fields.
async fn create(
    provider: Provider,
    amount: Decimal,
    sandbox: &Sandbox,
) -> Result<(Box<dyn PaymentLinkProvider>, PaymentLink), Failure> {
    let source = Source::Sandbox(sandbox);
    // Mesh pays into the sandbox's destination; the other providers ignore it.
    let to = [sandbox.mesh_destination()];
    let (client, currency) = defaults::client_and_currency(provider, &source, &to, None).await?;
    let capabilities = client.capabilities();
    let mut link = NewPaymentLink::new(amount, currency.sent.clone());
    if capabilities.reference != Support::Unsupported {
        link = link.reference(REFERENCE);
    }
    let link = defaults::required_fields(link, &capabilities, &source);
    let created = currency.report(client.create_link(&link).await?);
    Ok((client, created))
}

/// The rows as columns padded to their widest cell, two spaces apart.
fn render(rows: &[[String; 5]]) -> String {
    let mut widths = [0; 5];
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut text = String::new();
    for row in rows {
        let mut line = String::new();
        for (cell, width) in row.iter().zip(widths) {
            line.push_str(&format!("{cell:<width$}  "));
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}
