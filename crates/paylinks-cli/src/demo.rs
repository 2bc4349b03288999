//! `paylinks demo`: one link with each of the five providers in the embedded sandbox, created
//! and read back through `Box<dyn PaymentLinkProvider>`, shown in a table.
//!
//! A provider that fails shows as a row with a numbered note rather than stopping the demo.
//! Two providers cannot read a new link back, by their documented design, and say so in a note
//! instead of failing: Pay.io has no read call (`get_link` is unsupported) and Mesh reports a
//! link only once a payer has paid (`get_link` is not found before).
//!
//! Then the other half of the job, in a second table: each link is paid on its sandbox payer
//! page, the provider's signed webhooks arrive on a local receiver, each is verified with the
//! provider's own crate, and the link is read back: the event id, whether it verified, and
//! the status and payment outcome (from the read where the provider has one, else from the
//! event, with a note saying so).
//!
//! A provider that returns no link id (Pay.io: its link is known by its URL) shows `-` as the
//! id, with a note, rather than the URL twice.
//!
//! Last, reconciliation, in a third table: two more Txn links, one underpaid and one left open,
//! and three orders (the first being Txn's link paid above) held against one walk of Txn's
//! list, as `paylinks reconcile` does: paid, underpaid, unpaid.

use std::process::ExitCode;

use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use futures_util::StreamExt;
use paylinks::Provider;
use paylinks_core::{
    Error, LinkFilter, NewPaymentLink, PaymentEvent, PaymentLink, PaymentLinkProvider,
    PaymentOutcome, Support,
};
use paylinks_sandbox::Sandbox;
use rust_decimal::Decimal;
use tokio::sync::mpsc;

use crate::defaults;
use crate::failure::Failure;
use crate::orders::Order;
use crate::output;
use crate::output::report;
use crate::reconcile::{HEADER, cells};
use crate::target::Source;
use crate::verdict::Ledger;

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
    let (inbox, mut deliveries) = Inbox::start().await?;
    let mut builder = Sandbox::builder();
    for &provider in Provider::ALL {
        builder = builder.webhook_url(provider.into(), inbox.url(provider));
    }
    let sandbox = builder
        .start()
        .await
        .map_err(|e| Failure::Internal(format!("cannot start the embedded sandbox: {e}")))?;
    let amount = Decimal::new(1234, 2);
    output::stderr(&format!(
        "paylinks demo: a {amount} link with each provider, in the embedded sandbox at http://{}",
        sandbox.addr()
    ));
    let mut table = vec![["PROVIDER", "ID", "URL", "AMOUNT", "STATUS"].map(str::to_owned)];
    let mut notes = Vec::new();
    let mut exit = 0;
    let mut created_links = Vec::new();
    for &provider in Provider::ALL {
        let outcome = one(provider, amount, &sandbox).await;
        if let Outcome::Read { created, .. }
        | Outcome::NotRead { created, .. }
        | Outcome::ReadFailed { created, .. } = &outcome
        {
            created_links.push((provider, created.clone()));
        }
        let mut note = |text: String| {
            notes.push(format!("[{}] {provider}: {text}", notes.len() + 1));
            format!(" [{}]", notes.len())
        };
        // The status cell's word, and the note it carries, if any.
        let (link, status, why) = match outcome {
            Outcome::Read { read, created } => {
                let status = output::status(&read.status).to_owned();
                let url = read.url.clone().or(created.url);
                let currency = read.currency.clone().or(created.currency);
                (
                    Some(read.with_url(url).with_currency(currency)),
                    status,
                    None,
                )
            }
            Outcome::NotRead { created, why } => {
                let status = output::status(&created.status).to_owned();
                (Some(created), status, Some(why))
            }
            Outcome::ReadFailed { created, failure } => {
                if exit == 0 {
                    exit = failure.exit_code();
                }
                let why = format!("read back failed: {}", output::describe(&failure));
                let status = output::status(&created.status).to_owned();
                (Some(created), status, Some(why))
            }
            Outcome::CreateFailed(failure) => {
                if exit == 0 {
                    exit = failure.exit_code();
                }
                let why = format!("create failed: {}", output::describe(&failure));
                (None, "failed".to_owned(), Some(why))
            }
        };
        let dash = || "-".to_owned();
        let id = match &link {
            // A provider that returns no id of its own (Pay.io) has its URL as the link's id
            // (core's PaymentLink); the URL column shows it already.
            Some(link) if link.url.as_deref() == Some(link.id.as_str()) => format!(
                "-{}",
                note(
                    "the provider returns no link id: the link is known by its URL (the URL \
                     column)"
                        .to_owned()
                )
            ),
            Some(link) => link.id.clone(),
            None => dash(),
        };
        let status = match why {
            Some(why) => format!("{status}{}", note(why)),
            None => status,
        };
        table.push([
            provider.to_string(),
            id,
            link.as_ref()
                .and_then(|l| l.url.clone())
                .unwrap_or_else(dash),
            link.as_ref().map_or_else(dash, output::amount),
            status,
        ]);
    }
    let mut paid =
        vec![["PROVIDER", "EVENT ID", "VERIFIED", "STATUS", "OUTCOME"].map(str::to_owned)];
    for (provider, link) in created_links {
        let round = pay_and_hear(provider, &link, &sandbox, &mut deliveries).await;
        let (row, failed) = round.row(provider, |text| {
            notes.push(format!("[{}] {provider}: {text}", notes.len() + 1));
            format!(" [{}]", notes.len())
        });
        if failed && exit == 0 {
            exit = 1;
        }
        paid.push(row);
    }
    let reconciled = match reconciled(amount, &sandbox).await {
        Ok(rows) => rows,
        Err(failure) => {
            if exit == 0 {
                exit = failure.exit_code();
            }
            let why = format!("reconcile failed: {}", output::describe(&failure));
            notes.push(format!("[{}] txn: {why}", notes.len() + 1));
            vec![HEADER.map(str::to_owned)]
        }
    };
    let mut text = render(&table);
    text.push('\n');
    text.push_str(&render(&paid));
    text.push('\n');
    text.push_str(&render(&reconciled));
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

/// A delivery the local receiver took: the provider (from its path), headers and raw body.
type Delivery = (String, HeaderMap, Bytes);

/// The demo's webhook receiver on 127.0.0.1: `POST /{provider}` answers 200 and hands the
/// delivery over, to be verified by the demo itself.
struct Inbox {
    origin: String,
}

impl Inbox {
    async fn start() -> Result<(Inbox, mpsc::UnboundedReceiver<Delivery>), Failure> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| Failure::Internal(format!("cannot start the webhook receiver: {e}")))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Failure::Internal(format!("cannot start the webhook receiver: {e}")))?;
        let (sender, deliveries) = mpsc::unbounded_channel();
        let app = Router::new()
            .route("/{provider}", post(take))
            .with_state(sender);
        tokio::spawn(async move { axum::serve(listener, app).await });
        Ok((
            Inbox {
                origin: format!("http://{addr}"),
            },
            deliveries,
        ))
    }

    fn url(&self, provider: Provider) -> url::Url {
        url::Url::parse(&format!("{}/{provider}", self.origin))
            .unwrap_or_else(|e| unreachable!("a socket address makes a URL: {e}"))
    }
}

async fn take(
    State(sender): State<mpsc::UnboundedSender<Delivery>>,
    Path(provider): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    // The demo stops listening only when it ends.
    let _ = sender.send((provider, headers, body));
    StatusCode::OK
}

/// What paying one link showed.
struct Round {
    /// The last webhook, verified, or why there is none.
    event: Result<PaymentEvent, String>,
    /// The link read back after the payment, where the provider can.
    read: Option<PaymentLink>,
}

impl Round {
    /// The row of the second table, and whether the round failed; `note` numbers a note.
    fn row(
        &self,
        provider: Provider,
        mut note: impl FnMut(String) -> String,
    ) -> ([String; 5], bool) {
        match &self.event {
            Ok(event) => {
                let outcome = |outcome: Option<PaymentOutcome>| {
                    outcome.map_or("-", |o| o.as_str()).to_owned()
                };
                let (status, outcome) = match &self.read {
                    Some(read) => {
                        let status = output::status(&read.status).to_owned();
                        match (read.outcome, event.outcome) {
                            (None, Some(heard)) => {
                                let marker = note(
                                    "the outcome is the verified webhook's: the link read back \
                                     has none"
                                        .to_owned(),
                                );
                                (status, format!("{}{marker}", heard.as_str()))
                            }
                            (read_outcome, _) => (status, outcome(read_outcome)),
                        }
                    }
                    None => {
                        let marker = note(
                            "the status and outcome are the verified webhook's: the link was \
                             not read back"
                                .to_owned(),
                        );
                        let status = format!("{}{marker}", output::status(&event.status));
                        (status, outcome(event.outcome))
                    }
                };
                (
                    [
                        provider.to_string(),
                        event.event_id.clone(),
                        "yes".to_owned(),
                        status,
                        outcome,
                    ],
                    false,
                )
            }
            Err(why) => {
                let marker = note(why.clone());
                let dash = || "-".to_owned();
                (
                    [
                        provider.to_string(),
                        dash(),
                        format!("no{marker}"),
                        dash(),
                        dash(),
                    ],
                    true,
                )
            }
        }
    }
}

/// Pays `link` on its payer page, verifies every webhook it causes with the provider's own
/// verifier, and reads the link back.
async fn pay_and_hear(
    provider: Provider,
    link: &PaymentLink,
    sandbox: &Sandbox,
    deliveries: &mut mpsc::UnboundedReceiver<Delivery>,
) -> Round {
    let failed = |why: String| Round {
        event: Err(why),
        read: None,
    };
    let Some(url) = &link.url else {
        return failed("the link has no payer page".to_owned());
    };
    let sent = match pay(url, "pay").await {
        Ok(sent) => sent,
        Err(why) => return failed(why),
    };
    let receiver = match paylinks::sandbox::receiver(sandbox, provider) {
        Ok(receiver) => receiver,
        Err(e) => return failed(format!("no verifier: {e}")),
    };
    let mut event = Err("no webhook arrived".to_owned());
    for _ in 0..sent {
        let Ok(Some((_, headers, body))) =
            tokio::time::timeout(Duration::from_secs(10), deliveries.recv()).await
        else {
            return failed("a webhook did not arrive within 10 s".to_owned());
        };
        event = receiver
            .receive(&headers, &body)
            .await
            .map_err(|e| format!("not verified: {e}"));
        if event.is_err() {
            break;
        }
    }
    let read = match paylinks::sandbox::client(sandbox, provider) {
        Ok(client) => client.get_link(&link.id).await.ok(),
        Err(_) => None,
    };
    Round { event, read }
}

/// The third table: Txn's link paid above ([`REFERENCE`]), one more underpaid and one left
/// open, held as three orders of `amount` against one walk of Txn's list.
async fn reconciled(amount: Decimal, sandbox: &Sandbox) -> Result<Vec<[String; 5]>, Failure> {
    for (reference, payment) in [("demo-order-2", Some("underpay")), ("demo-order-3", None)] {
        let (_, link) = create(Provider::Txn, amount, reference, sandbox).await?;
        if let (Some(payment), Some(url)) = (payment, link.url.as_deref()) {
            pay(url, payment).await.map_err(Failure::Internal)?;
        }
    }
    let source = Source::Sandbox(sandbox);
    let (client, currency) =
        defaults::client_and_currency(Provider::Txn, &source, Vec::new(), None).await?;
    let orders = [REFERENCE, "demo-order-2", "demo-order-3"]
        .map(|reference| Order {
            reference: reference.to_owned(),
            amount,
            currency: currency.sent.clone(),
        })
        .into();
    let mut ledger = Ledger::new(orders);
    let mut links = client.list_links(&LinkFilter::new());
    while let Some(link) = links.next().await {
        let link = link?;
        let reference = link.reference.clone();
        // The demo's only paid links are its orders': no line of an unexpected link.
        let _ = ledger.take(reference.as_deref(), link);
    }
    let mut rows = vec![HEADER.map(str::to_owned)];
    rows.extend(ledger.lines().map(|line| cells(&line)));
    Ok(rows)
}

/// Plays the payer on the payer page at `url`, paying as `result` says (`pay`, `underpay`);
/// how many webhooks the payment sent.
async fn pay(url: &str, result: &str) -> Result<usize, String> {
    let payer = paylinks_core::crypto::reqwest_builder()
        .map_err(|e| format!("cannot make the payer's client: {e}"))?
        .build()
        .map_err(|e| format!("cannot make the payer's client: {e}"))?;
    let answer = payer
        .post(format!("{url}?result={result}"))
        .header("accept", "application/json")
        .send()
        .await
        .map_err(|e| format!("the payer page did not answer: {e}"))?;
    let body = answer
        .bytes()
        .await
        .map_err(|e| format!("the payer page did not answer: {e}"))?;
    let shown: serde_json::Value = serde_json::from_slice(&body)
        .map_err(|_| "the payer page did not answer JSON".to_owned())?;
    shown["webhooks"]
        .as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| "the payer page did not say how many webhooks it sent".to_owned())
}

/// Creates a link with `provider` and reads it back.
async fn one(provider: Provider, amount: Decimal, sandbox: &Sandbox) -> Outcome {
    let (client, created) = match create(provider, amount, REFERENCE, sandbox).await {
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
/// `reference` where the provider takes one, and the sandbox defaults for required fields.
async fn create(
    provider: Provider,
    amount: Decimal,
    reference: &str,
    sandbox: &Sandbox,
) -> Result<(Box<dyn PaymentLinkProvider>, PaymentLink), Failure> {
    let source = Source::Sandbox(sandbox);
    // Mesh pays into the sandbox's destination; the other providers ignore it.
    let to = paylinks::sandbox::options(sandbox).mesh_to;
    let (client, currency) = defaults::client_and_currency(provider, &source, to, None).await?;
    let capabilities = client.capabilities();
    let mut link = NewPaymentLink::new(amount, currency.sent.clone());
    if capabilities.reference != Support::Unsupported {
        link = link.reference(reference);
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
    rows.iter().map(|row| output::row(row, &widths)).collect()
}
