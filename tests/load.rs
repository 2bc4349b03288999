//! The sandbox under load: 64 clients at once, each creating links of one provider through
//! `Box<dyn PaymentLinkProvider>` and reading every one back, then the sandbox's own lists
//! counted against what was created. It prints its figures to stderr and asserts no time.

use std::collections::BTreeSet;
use std::time::Instant;

use mesh_client::generated::operations::transfers::Query as TransferQuery;
use paylinks::Provider;
use paylinks_core::{PaymentLink, PaymentLinkProvider};
use paylinks_sandbox::Sandbox;
use paylinks_tests::{act, client, new_link, shown, typed};
use paywint_client::generated::ExternalPaginationRequest;
use rust_decimal::Decimal;
use txn_client::generated::operations::list_payment_links::Query as LinkQuery;

/// Clients running at once, spread evenly over the five providers.
const CLIENTS: usize = 64;

/// Links each client creates and reads back: a fixed amount of work, not a duration, so that
/// a slow machine takes longer instead of checking less.
const ROUNDS: usize = 8;

/// The most items the Mesh, Paywint and Txn lists give in one page.
const PAGE: usize = 100;

/// What one client did: the links it created, and how many requests it sent.
struct Done {
    provider: Provider,
    created: Vec<PaymentLink>,
    requests: usize,
}

/// One client of `provider`'s: creates [`ROUNDS`] links with amounts of its own and reads each
/// back right after, through the provider's read call or, for Pay.io (which has none), the
/// payer page (through `http`, shared by all). Mesh's links are paid first (Mesh reads a link
/// through its transfer) and Paywint's after (its list holds the payments received), so their
/// lists hold every link.
async fn run(
    number: usize,
    provider: Provider,
    client: Box<dyn PaymentLinkProvider>,
    http: reqwest::Client,
) -> Done {
    let mut done = Done {
        provider,
        created: Vec::new(),
        // Pay.io's client looks its currency up once, at the first create.
        requests: usize::from(provider == Provider::Payio),
    };
    for round in 0..ROUNDS {
        let amount = format!("{}.{:02}", number + 1, round + 1);
        let created = client
            .create_link(&new_link(client.as_ref(), &amount))
            .await
            .unwrap_or_else(|e| panic!("{provider}: create: {e}"));
        assert_eq!(
            created.amount,
            amount.parse::<Decimal>().unwrap(),
            "{provider}"
        );
        done.requests += 1;
        if provider == Provider::Payio {
            let page = shown(&http, &created).await;
            assert_eq!(page["provider"], "payio");
            // A Pay.io link's id is its URL, which ends with the page's id.
            let id = page["id"].as_str().unwrap();
            assert!(created.id.ends_with(&format!("/{id}")), "{id}");
            assert_eq!(
                page["amount"].as_str().map(str::parse),
                Some(Ok(created.amount))
            );
        } else {
            if provider == Provider::Mesh {
                act(&http, &created, "pay").await;
                done.requests += 1;
            }
            let read = client
                .get_link(&created.id)
                .await
                .unwrap_or_else(|e| panic!("{provider}: read {}: {e}", created.id));
            assert_eq!(read.id, created.id, "{provider}");
            assert_eq!(read.amount, created.amount, "{provider} {}", created.id);
            if created.reference.is_some() {
                assert_eq!(read.reference, created.reference, "{provider}");
            }
            if provider == Provider::Paywint {
                act(&http, &created, "pay").await;
                done.requests += 1;
            }
        }
        done.requests += 1;
        done.created.push(created);
    }
    done
}

/// The test process's peak resident set size in kB (`VmHWM` in /proc/self/status; Linux only).
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?;
    line.trim().strip_suffix("kB")?.trim().parse().ok()
}

/// Every item of a list read page by page (`page(n)` reads page `n`, from 0) until a page
/// comes back with fewer than [`PAGE`] items; and the pages read.
async fn every_page<T>(mut page: impl AsyncFnMut(usize) -> Vec<T>) -> (Vec<T>, usize) {
    let (mut items, mut pages) = (Vec::new(), 0);
    loop {
        let read = page(pages).await;
        pages += 1;
        let count = read.len();
        items.extend(read);
        if count < PAGE {
            return (items, pages);
        }
    }
}

/// Every Txn link id the list holds; and the pages read.
async fn txn_listed(sandbox: &Sandbox) -> (Vec<String>, usize) {
    let key = sandbox.credentials().txn_api_key.clone();
    let txn = typed(sandbox, txn_client::Credentials::new(key));
    let (links, pages) = every_page(async |n| {
        let query = LinkQuery::new().per_page(PAGE as i64).page(n as i64 + 1);
        txn.list_payment_links(&query).await.unwrap().data
    })
    .await;
    (links.into_iter().map(|link| link.id).collect(), pages)
}

/// Every Mesh transfer's `clientTransactionId` (a Mesh link's id) the list holds; and the
/// pages read.
async fn mesh_listed(sandbox: &Sandbox) -> (Vec<String>, usize) {
    let given = sandbox.credentials();
    let credentials = mesh_client::Credentials::new(
        given.mesh_client_id.clone(),
        given.mesh_client_secret.clone(),
    );
    let mesh = typed(sandbox, credentials);
    let (transfers, pages) = every_page(async |n| {
        let query = TransferQuery::new()
            .count(PAGE as i32)
            .offset((n * PAGE) as i32);
        mesh.transfers(&query)
            .await
            .unwrap()
            .content
            .and_then(|page| page.items)
            .unwrap_or_default()
    })
    .await;
    let ids = transfers
        .into_iter()
        .filter_map(|t| t.client_transaction_id);
    (ids.collect(), pages)
}

/// Every payment id Paywint's list of payments received holds; and the pages read.
async fn paywint_listed(sandbox: &Sandbox) -> (Vec<String>, usize) {
    let given = sandbox.credentials();
    let credentials = paywint_client::Credentials::new(
        given.paywint_api_key.clone(),
        given.paywint_api_secret.clone(),
    );
    let paywint = typed(sandbox, credentials);
    let (payments, pages) = every_page(async |n| {
        let request = ExternalPaginationRequest::new(PAGE as i64, n as i64 + 1);
        paywint
            .list_payments_received(&request)
            .await
            .unwrap()
            .records
            .unwrap_or_default()
    })
    .await;
    let ids = payments.into_iter().map(|p| p.payment_id.to_string());
    (ids.collect(), pages)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_clients_lose_and_duplicate_no_link() {
    let sandbox = Sandbox::start().await.unwrap();
    // Built before the clock starts: each loads the system's root certificates, which in a
    // debug build costs more than the requests.
    let http = reqwest::Client::new();
    let clients: Vec<(Provider, Box<dyn PaymentLinkProvider>)> = (0..CLIENTS)
        .map(|number| {
            let provider = Provider::ALL[number % Provider::ALL.len()];
            (provider, client(&sandbox, provider))
        })
        .collect();
    let start = Instant::now();
    let tasks: Vec<_> = clients
        .into_iter()
        .enumerate()
        .map(|(number, (provider, client))| {
            tokio::spawn(run(number, provider, client, http.clone()))
        })
        .collect();
    let mut done = Vec::new();
    for task in tasks {
        done.push(task.await.unwrap());
    }
    let (txn, txn_pages) = txn_listed(&sandbox).await;
    let (mesh, mesh_pages) = mesh_listed(&sandbox).await;
    let (paywint, paywint_pages) = paywint_listed(&sandbox).await;
    let wall = start.elapsed();

    let created: Vec<&PaymentLink> = done.iter().flat_map(|d| &d.created).collect();
    let ids: BTreeSet<(&str, &str)> = created
        .iter()
        .map(|l| (l.provider, l.id.as_str()))
        .collect();
    assert_eq!(created.len(), CLIENTS * ROUNDS);
    assert_eq!(ids.len(), created.len(), "every link has an id of its own");
    let references: BTreeSet<&str> = created
        .iter()
        .filter_map(|l| l.reference.as_deref())
        .collect();
    let referenced = created.iter().filter(|l| l.reference.is_some()).count();
    assert_eq!(references.len(), referenced, "every reference is unique");
    for (provider, listed) in [
        (Provider::Txn, &txn),
        (Provider::Mesh, &mesh),
        (Provider::Paywint, &paywint),
    ] {
        let made: BTreeSet<&str> = created
            .iter()
            .filter(|l| l.provider == provider.as_str())
            .map(|l| l.id.as_str())
            .collect();
        let held: BTreeSet<&str> = listed.iter().map(String::as_str).collect();
        assert_eq!(held.len(), listed.len(), "{provider} lists each link once");
        assert_eq!(held, made, "{provider} lists exactly the links created");
    }

    let requests =
        done.iter().map(|d| d.requests).sum::<usize>() + txn_pages + mesh_pages + paywint_pages;
    let reads = created.len();
    let seconds = wall.as_secs_f64();
    eprintln!(
        "load: {CLIENTS} clients, {} links created, {reads} reads, {requests} requests in {seconds:.2} s ({:.0} requests/s); lists: txn {}, mesh {}, paywint {}",
        created.len(),
        requests as f64 / seconds,
        txn.len(),
        mesh.len(),
        paywint.len(),
    );
    let per_provider: Vec<String> = Provider::ALL
        .iter()
        .map(|p| {
            format!(
                "{p} {}",
                done.iter()
                    .filter(|d| d.provider == *p)
                    .map(|d| d.created.len())
                    .sum::<usize>()
            )
        })
        .collect();
    eprintln!("load: links by provider: {}", per_provider.join(", "));
    match peak_rss_kb() {
        Some(kb) => eprintln!("load: peak RSS {:.1} MiB", kb as f64 / 1024.0),
        None => eprintln!("load: peak RSS unknown (no /proc/self/status)"),
    }
}
