//! A walk of a provider's list while payers keep paying: every link listed before the walk is
//! yielded, and none twice, through `PaymentLinkProvider::list_links` against the sandbox.

use std::collections::HashSet;

use futures_util::StreamExt;
use paylinks::Provider;
use paylinks_core::{LinkFilter, Listing, PaymentLinkProvider};
use paylinks_sandbox::Sandbox;
use paylinks_tests::{act, client, new_link};

/// Links listed before the walk, and links made during it: more than four pages of ten.
const BEFORE: usize = 45;
const DURING: usize = 30;

/// Makes a link and pays it in full: Txn lists a link once made, the others once paid.
async fn make_paid(provider: &dyn PaymentLinkProvider, http: &reqwest::Client) {
    let link = provider
        .create_link(&new_link(provider, "5.00"))
        .await
        .unwrap();
    act(http, &link, "pay").await;
}

/// The ids of one walk with `filter`, each checked to come once.
async fn walk(provider: &dyn PaymentLinkProvider, filter: &LinkFilter) -> HashSet<String> {
    let mut seen = HashSet::new();
    let mut links = provider.list_links(filter);
    while let Some(link) = links.next().await {
        let link = link.unwrap();
        assert!(seen.insert(link.id.clone()), "{} yielded twice", link.id);
    }
    seen
}

async fn a_walk_while_payers_pay_yields_each_link_once(provider: Provider) {
    let sandbox = Sandbox::start().await.unwrap();
    let client = client(&sandbox, provider);
    let http = reqwest::Client::new();
    let mut filter = LinkFilter::new().page_size(10);
    match client.capabilities().listing {
        Listing::Unsupported => {
            let mut links = client.list_links(&filter);
            let only = links.next().await.unwrap().unwrap_err();
            assert_eq!(only.kind(), "unsupported", "{only}");
            assert!(links.next().await.is_none());
            return;
        }
        Listing::ByCustomer => {
            // `new_link` pays every Pay.io link as this customer.
            filter = filter.customer("cus_scenarios");
        }
        _ => {}
    }
    for _ in 0..BEFORE {
        make_paid(client.as_ref(), &http).await;
    }
    let before = walk(client.as_ref(), &filter).await;
    assert_eq!(before.len(), BEFORE, "a quiet walk lists every link once");

    // One more link paid after each link read, for the first DURING: the list grows by a
    // page while each page is read.
    let mut seen = HashSet::new();
    let mut links = client.list_links(&filter);
    while let Some(link) = links.next().await {
        let link = link.unwrap();
        assert!(seen.insert(link.id.clone()), "{} yielded twice", link.id);
        if seen.len() <= DURING {
            make_paid(client.as_ref(), &http).await;
        }
    }
    let missed: Vec<&String> = before.difference(&seen).collect();
    assert!(
        missed.is_empty(),
        "missed links listed before the walk: {missed:?}"
    );
    assert_eq!(walk(client.as_ref(), &filter).await.len(), BEFORE + DURING);
}

paylinks_tests::scenarios!(
    [a_walk_while_payers_pay_yields_each_link_once]
    for payio: Payio, mesh: Mesh, paywint: Paywint, p100: P100, txn: Txn
);
