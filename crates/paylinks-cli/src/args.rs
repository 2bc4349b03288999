//! The command line, declared with clap's derive API.
//!
//! Flag values with a meaning beyond their syntax (amounts, dates, URLs, destinations, base
//! URLs) are taken as text here and read by the commands, so a bad one is reported like every
//! other failure (one `error:` line, the JSON object with `--json`, exit 2).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use paylinks::Provider;
use paylinks_core::LinkStatus;

/// Create and read crypto payment links with Pay.io, Mesh, Paywint, P100 or Txn, or against the
/// embedded sandbox that simulates all five.
#[derive(Debug, Parser)]
#[command(name = "paylinks", version, after_help = EXIT_CODES)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The exit codes, shown under `--help`.
const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  the CLI itself failed (the sandbox could not start, output could not be written)
  2  usage: bad flag or value, missing credentials, invalid_request, unsupported
  3  the provider refused: validation, duplicate, not_found, rejected
  4  auth: the provider refused the credentials
  5  try again later: rate_limited, unavailable, transport
  6  the reply cannot be taken as the answer: decode, redirect, mismatch (another
     amount or currency than asked, or a negative amount: look the link up before
     creating it again)
  7  unconfirmed: the create may have made a link, but no reply says so (the
     connection broke or timed out after sending, or HTTP 5xx): do not repeat it;
     look the link up by the reference or transaction id the error names
  8  reconciled: differences found (`reconcile`: an order not paid in full as
     ordered, or a paid link no order expects)";

/// The commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Create a payment link and print its URL.
    #[command(after_help = CREATE_DEFAULTS)]
    Create(CreateArgs),
    /// Read a payment link back by the id `create` printed.
    ///
    /// The embedded sandbox starts empty, so without --base-url or --env there is nothing to
    /// read: run `paylinks sandbox` and pass its base URL to read back a link created there.
    Get(GetArgs),
    /// Run the sandbox (all five simulated APIs) until Ctrl-C; print each provider's base URL
    /// and the `export` lines for its credentials.
    Sandbox(SandboxArgs),
    /// Create a link with each of the five providers in the embedded sandbox, read each back,
    /// and print a table; then pay each, verify its webhooks, and print a second table; then
    /// reconcile three Txn orders (one paid, one underpaid, one open) in a third.
    ///
    /// A provider that cannot read a new link back (Pay.io has no read call; Mesh reports a link
    /// only once it is paid) shows the status from create, with a note saying why. A status or
    /// outcome the read does not give is the verified webhook's, with a note. Exits 0 only
    /// when every create and every possible read succeeded, else with the first failure's code.
    Demo,
    /// Receive a provider's webhooks on a local port, like `stripe listen`: verify each
    /// delivery with the provider's own crate, print each verified event as one line, and
    /// optionally forward it to your application, until Ctrl-C.
    #[command(after_help = LISTEN_DETAILS)]
    Listen(ListenArgs),
    /// List a provider's payment links, one line each as they arrive, page after page.
    ///
    /// The embedded sandbox starts empty, so without --base-url or --env the list is empty:
    /// run `paylinks sandbox` and pass its base URL. P100 lists nothing (exit 2); Pay.io lists
    /// one customer's deposits at a time (--customer).
    #[command(after_help = LIST_DETAILS)]
    List(ListArgs),
    /// Hold your orders (a CSV file) against the links a provider lists: one line per order
    /// with a verdict, and one per paid link no order expects.
    #[command(after_help = RECONCILE_DETAILS)]
    Reconcile(ReconcileArgs),
}

/// The output of `list`, shown under `list --help`.
const LIST_DETAILS: &str = "\
Output, one line per link as it arrives: the provider, id=, status=, outcome=, amount= (exact,
with the currency), reference=, expires=, url= (`-` where unknown). With --json, one object
per line, as `get --json` prints a link:
  {\"provider\", \"id\", \"url\", \"amount\", \"currency\", \"status\", \"reference\",
   \"expires_at\", \"outcome\"}
With stderr on a terminal and stdout going to a file or a pipe, stderr shows a progress line
(links so far, requests sent, links per second).
A reader that goes away (`| head`) ends the walk quietly, with exit 0.";

/// The orders file, verdicts and exit codes of `reconcile`, shown under `reconcile --help`.
const RECONCILE_DETAILS: &str = "\
Orders: a CSV file with the header `reference,amount,currency`, one order per line, amounts
as plain decimals (`100.50`), each reference once. A malformed line is refused, naming its
line number, before anything is sent (exit 2).

Verdicts, one line per order (in the file's order), after one walk of the provider's list
(Pay.io: one walk per order, its reference taken as the Pay.io customer):
  paid        a link with this reference was paid in full, amount and currency as ordered
  underpaid   the provider says the payer paid too little
  overpaid    the provider says the payer paid too much
  unpaid      a link exists but nothing is paid yet, or it expired or failed (the detail
              says which)
  missing     no link has this reference
  mismatch    the link's amount or currency is not the order's (amounts compared exactly as
              decimals, currencies without regard to case)
Several links with one reference: the one that got furthest counts (paid, overpaid,
underpaid, mismatch, unpaid). Then one line per paid link whose reference is in no order
(or that has none): unexpected. These come first, as the walk finds them.

Output: a table (VERDICT, REFERENCE, ORDER, LINK, DETAIL), or with --json one object per line:
  {\"verdict\", \"reference\", \"amount\", \"currency\", \"link_id\", \"link_amount\",
   \"link_currency\", \"status\", \"outcome\", \"links\", \"detail\"}
(amount and currency are the order's). A summary on stderr counts each verdict.
Exit 0 when every order is paid and nothing is unexpected, 8 otherwise.";

/// The defaults of `create`, shown under `create --help`.
const CREATE_DEFAULTS: &str = "\
Defaults:
  --currency    the provider's only or first currency (Mesh USD, Paywint USD, P100 EUR);
                Txn: EUR; Pay.io: the first currency the merchant has enabled
                (GET /v1/merchant/currencies)
  --expires-at  now + 1 hour, for providers that require an expiry (P100, Txn), on any host
  --customer    `sandbox-customer`, for providers that require one (Pay.io, Mesh), against the
                embedded sandbox only
  --reference   `sandbox-<random>`, for providers that require one (P100), against the embedded
                sandbox only
  --to          Mesh against the embedded sandbox: the first EVM network the sandbox lists and
                its first token, paying into a placeholder address

Credentials (with --env or --base-url; the embedded sandbox needs none):
  payio    PAYIO_API_KEY, PAYIO_PRIVATE_KEY_PATH (a PEM RSA private key file)
  mesh     MESH_CLIENT_ID, MESH_CLIENT_SECRET
  paywint  PAYWINT_API_KEY, PAYWINT_API_SECRET
  p100     P100_API_KEY
  txn      TXN_API_KEY";

/// The secrets, answers and output of `listen`, shown under `listen --help`.
const LISTEN_DETAILS: &str = "\
Secrets, from the environment (a missing one exits 2 naming the variable):
  mesh     MESH_WEBHOOK_SECRET
  txn      TXN_WEBHOOK_SECRET (whsec_...)
  payio    PAYIO_WEBHOOK_PUBLIC_KEY_PATH (a PEM file with Pay.io's public key)
  p100     P100_WEBHOOK_TOKEN
  paywint  PAYWINT_API_KEY, PAYWINT_API_SECRET, with --env or --base-url: Paywint signs
           nothing, so each event is confirmed by reading the payment back through its API

Answers: 200 to a verified delivery; 401 to one that fails verification (a missing or wrong
signature, token or timestamp, or a Paywint payment the API does not confirm), 400 to a body
that does not decode, 405 to anything but POST; each refusal prints one line on stderr.
With --forward-to, a verified delivery is answered once your application has answered it: its
own 2xx when it took the event; 502 when it could not be reached or answered anything else;
504 when it did not answer within --forward-timeout. The provider retries on its schedule
what your application did not take; each such failure prints one line on stderr.

Output, one line per verified event: the provider, event=, status=, outcome=, link=,
reference=, amount= (`-` where unknown). With --json, one object per line:
  {\"provider\", \"event_id\", \"status\", \"outcome\", \"link_id\", \"reference\", \"amount\",
   \"currency\", \"provider_status\"}
null where unknown, the amount an exact decimal string.";

/// Where requests go: `--base-url`, `--env`, or (neither) the embedded sandbox.
#[derive(Debug, Args)]
pub(crate) struct Target {
    /// Send requests to this base URL (https, or http to a loopback address), joined with the
    /// provider's own paths: e.g. `http://127.0.0.1:9000/txn` for `paylinks sandbox`.
    #[arg(long, value_name = "URL", conflicts_with = "env")]
    pub(crate) base_url: Option<String>,
    /// Send requests to the provider's documented host. With neither this nor --base-url, the
    /// command starts the embedded sandbox and uses its base URL and credentials.
    #[arg(long, value_enum, value_name = "ENV")]
    pub(crate) env: Option<Env>,
}

/// A provider's documented hosts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Env {
    /// The provider's sandbox (staging) host.
    Sandbox,
    /// The provider's production host.
    Production,
}

/// `paylinks create`.
#[derive(Debug, Args)]
pub(crate) struct CreateArgs {
    /// payio, mesh, paywint, p100 or txn.
    #[arg(value_name = "PROVIDER")]
    pub(crate) provider: Provider,
    /// The amount to collect, as an exact decimal (`100.50`).
    #[arg(long, value_name = "DECIMAL", allow_negative_numbers = true)]
    pub(crate) amount: String,
    /// The currency code of the amount (see the defaults below).
    #[arg(long, value_name = "CODE")]
    pub(crate) currency: Option<String>,
    /// Your own correlation key for the link.
    #[arg(long, value_name = "REF")]
    pub(crate) reference: Option<String>,
    /// Your id for the paying customer.
    #[arg(long, value_name = "ID")]
    pub(crate) customer: Option<String>,
    /// A note shown with the payment.
    #[arg(long, value_name = "TEXT")]
    pub(crate) description: Option<String>,
    /// When the link stops accepting payment (`2026-06-01T23:00:00Z`).
    #[arg(long, value_name = "RFC3339")]
    pub(crate) expires_at: Option<String>,
    /// Where the payer goes after paying.
    #[arg(long, value_name = "URL")]
    pub(crate) success_url: Option<String>,
    /// Where the payer goes when the payment fails or expires.
    #[arg(long, value_name = "URL")]
    pub(crate) failure_url: Option<String>,
    /// Mesh only: a destination the payer may pay into (`USDC:<network uuid>:0xabc…`); repeat
    /// for each asset and network you accept.
    #[arg(long = "to", value_name = "SYMBOL:NETWORK_ID:ADDRESS")]
    pub(crate) to: Vec<String>,
    /// Where requests go.
    #[command(flatten)]
    pub(crate) target: Target,
    /// Print one JSON object (the link, or `{"error": …}`) on stdout.
    #[arg(long)]
    pub(crate) json: bool,
}

/// `paylinks get`.
#[derive(Debug, Args)]
pub(crate) struct GetArgs {
    /// payio, mesh, paywint, p100 or txn.
    #[arg(value_name = "PROVIDER")]
    pub(crate) provider: Provider,
    /// The link's id, as `create` printed it.
    #[arg(value_name = "ID")]
    pub(crate) id: String,
    /// Where requests go.
    #[command(flatten)]
    pub(crate) target: Target,
    /// Print one JSON object (the link, or `{"error": …}`) on stdout.
    #[arg(long)]
    pub(crate) json: bool,
}

/// `paylinks sandbox`.
#[derive(Debug, Args)]
pub(crate) struct SandboxArgs {
    /// The loopback address to listen on; port 0 picks a free port.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:0")]
    pub(crate) listen: SocketAddr,
    /// Where to deliver the simulated providers' signed webhooks when a payer pays or fails
    /// on a payer page: `URL` for all five, or `PROVIDER=URL` for one; `{provider}` in a URL
    /// becomes the provider's name. Repeatable.
    #[arg(long = "webhook-url", value_name = "[PROVIDER=]URL")]
    pub(crate) webhook_urls: Vec<String>,
    /// How many times sooner than the provider documents a refused webhook is retried.
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub(crate) webhook_speedup: u32,
    /// Keep at most N links per provider, forgetting the oldest when one more is created (a
    /// forgotten link reads as not found): a bound on memory, about 3 KB a link, for a
    /// sandbox that runs for days. Unbounded by default.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) max_links: Option<u64>,
}

/// `paylinks listen`.
#[derive(Debug, Args)]
pub(crate) struct ListenArgs {
    /// payio, mesh, paywint, p100 or txn.
    #[arg(value_name = "PROVIDER")]
    pub(crate) provider: Provider,
    /// The address to receive webhooks on; port 0 picks a free port. The address bound is
    /// printed on stderr once it is listening.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:4242")]
    pub(crate) listen: SocketAddr,
    /// Re-post each verified delivery (its raw body and headers) to your application's
    /// webhook endpoint, and answer the provider with what it answered (see Answers below).
    #[arg(long, value_name = "URL")]
    pub(crate) forward_to: Option<String>,
    /// How long your application may take to answer a forwarded delivery (`150ms`, `2s`)
    /// before the provider is answered 504. The default stays under Mesh's rule, the strictest
    /// of the five: answer within 200 ms or the event is sent again.
    #[arg(
        long,
        value_name = "DURATION",
        default_value = "150ms",
        requires = "forward_to"
    )]
    pub(crate) forward_timeout: String,
    /// Paywint only: read payments back from this base URL (https, or http to a loopback
    /// address), e.g. `http://127.0.0.1:9000/paywint` for `paylinks sandbox`.
    #[arg(long, value_name = "URL", conflicts_with = "env")]
    pub(crate) base_url: Option<String>,
    /// Paywint only: read payments back from Paywint's documented host.
    #[arg(long, value_enum, value_name = "ENV")]
    pub(crate) env: Option<Env>,
    /// Print each verified event as one JSON object per line.
    #[arg(long)]
    pub(crate) json: bool,
}

/// A link status to list (`--status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum StatusArg {
    /// Created; the payer has not acted yet.
    Created,
    /// The payer has started.
    Pending,
    /// Final: paid, or for Txn the payer started paying (see the outcome).
    Completed,
    /// Expired before completion.
    Expired,
    /// Failed.
    Failed,
}

impl From<StatusArg> for LinkStatus {
    fn from(status: StatusArg) -> Self {
        match status {
            StatusArg::Created => LinkStatus::Created,
            StatusArg::Pending => LinkStatus::Pending,
            StatusArg::Completed => LinkStatus::Completed,
            StatusArg::Expired => LinkStatus::Expired,
            StatusArg::Failed => LinkStatus::Failed,
        }
    }
}

/// `paylinks list`.
#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    /// payio, mesh, paywint or txn (p100 lists nothing).
    #[arg(value_name = "PROVIDER")]
    pub(crate) provider: Provider,
    /// Only links created at or after this instant (`2026-06-01T00:00:00Z`).
    #[arg(long, value_name = "RFC3339")]
    pub(crate) since: Option<String>,
    /// Only links in this status.
    #[arg(long, value_enum, value_name = "STATUS")]
    pub(crate) status: Option<StatusArg>,
    /// Stop after N links.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) limit: Option<u64>,
    /// Pay.io only, and required there: the customer whose deposits to list (the
    /// `--customer` the links were created with).
    #[arg(long, value_name = "ID")]
    pub(crate) customer: Option<String>,
    /// Where requests go.
    #[command(flatten)]
    pub(crate) target: Target,
    /// Print one JSON object per link (as `get --json`), one per line.
    #[arg(long)]
    pub(crate) json: bool,
}

/// `paylinks reconcile`.
#[derive(Debug, Args)]
pub(crate) struct ReconcileArgs {
    /// payio, mesh, paywint or txn (p100 lists nothing).
    #[arg(value_name = "PROVIDER")]
    pub(crate) provider: Provider,
    /// The orders: a CSV file with the header `reference,amount,currency`.
    #[arg(long, value_name = "FILE")]
    pub(crate) orders: PathBuf,
    /// Where requests go.
    #[command(flatten)]
    pub(crate) target: Target,
    /// Print one JSON object per line instead of the table.
    #[arg(long)]
    pub(crate) json: bool,
}

/// Whether the raw arguments ask for JSON output: used only to report a usage error that clap
/// found before the arguments were parsed.
pub(crate) fn wants_json(args: &[std::ffi::OsString]) -> bool {
    args.iter().any(|a| a == "--json")
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn base_url_and_env_exclude_each_other() {
        let err = Cli::try_parse_from([
            "paylinks",
            "get",
            "txn",
            "x",
            "--env",
            "sandbox",
            "--base-url",
            "http://127.0.0.1:1",
        ])
        .unwrap_err();
        assert_eq!(err.kind(), clap::error::ErrorKind::ArgumentConflict);
    }

    #[test]
    fn forward_timeout_needs_forward_to() {
        let args = ["paylinks", "listen", "mesh", "--forward-timeout", "2s"];
        let err = Cli::try_parse_from(args).unwrap_err();
        assert_eq!(err.kind(), clap::error::ErrorKind::MissingRequiredArgument);
        let with = [&args[..], &["--forward-to", "http://127.0.0.1:1/hook"]].concat();
        assert!(Cli::try_parse_from(with).is_ok());
    }
}
