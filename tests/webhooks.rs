//! The other half of the job, for all five providers against the embedded sandbox: create a
//! link, pay (or fail) it through the payer page's JSON endpoint, receive the provider's
//! webhooks on a local receiver, verify each with the provider crate's own verifier, and read
//! the link back.

use paylinks::Provider;
use paylinks_core::{LinkStatus, PaymentEvent, PaymentLink, PaymentLinkProvider, PaymentOutcome};
use paylinks_sandbox::Sandbox;
use paylinks_tests::{Inbox, Received, act, client, new_link, sandbox_for};
use serde_json::Value;

/// A sandbox sending webhooks to a new inbox, and a 5.00 link of `provider`'s on which the
/// payer did `result`.
async fn acted(
    provider: Provider,
    result: &str,
) -> (Inbox, Sandbox, Box<dyn PaymentLinkProvider>, PaymentLink) {
    let (inbox, addr) = Inbox::start(0).await;
    let sandbox = sandbox_for(addr).await;
    let client = client(&sandbox, provider);
    let link = client
        .create_link(&new_link(&*client, "5.00"))
        .await
        .unwrap();
    act(&reqwest::Client::new(), &link, result).await;
    (inbox, sandbox, client, link)
}

/// Every delivery verified with the provider's own verifier, in order.
async fn verified(
    sandbox: &Sandbox,
    provider: Provider,
    received: &[Received],
) -> Vec<PaymentEvent> {
    let receiver = paylinks::sandbox::receiver(sandbox, provider).unwrap();
    let mut events = Vec::new();
    for delivery in received {
        assert_eq!(delivery.provider, provider.as_str());
        let event = receiver
            .receive(&delivery.headers, &delivery.body)
            .await
            .unwrap_or_else(|e| panic!("{provider}: {e}"));
        events.push(event);
    }
    events
}

/// How many webhooks one payment sends, and what the last one says.
fn expected_on_pay(provider: Provider) -> (usize, LinkStatus, Option<PaymentOutcome>) {
    match provider {
        // `Processing`, then `Confirmation`: Pay.io publishes no word for "paid", so the client
        // reports none (see payio_client::webhook).
        Provider::Payio => (2, LinkStatus::Unknown("Confirmation".into()), None),
        Provider::Mesh | Provider::P100 => (1, LinkStatus::Completed, Some(PaymentOutcome::Paid)),
        Provider::Paywint | Provider::Txn => (2, LinkStatus::Completed, Some(PaymentOutcome::Paid)),
    }
}

#[tokio::test]
async fn a_payment_is_delivered_verified_and_read_back_for_every_provider() {
    for &provider in Provider::ALL {
        let (inbox, sandbox, client, link) = acted(provider, "pay").await;

        let (count, status, outcome) = expected_on_pay(provider);
        let received = inbox.wait_for(count).await;
        assert_eq!(received.len(), count, "{provider}");
        let events = verified(&sandbox, provider, &received).await;
        let last = events.last().unwrap();
        assert_eq!(last.provider, provider.as_str());
        assert_eq!(last.status, status, "{provider}");
        assert_eq!(last.outcome, outcome, "{provider}");
        // Mesh's event carries the token amount, Pay.io's the deposit's: not the link's.
        if ![Provider::Payio, Provider::Mesh].contains(&provider) {
            let amount = last.amount.map(|a| a.normalize().to_string());
            assert_eq!(amount.as_deref(), Some("5"), "{provider}");
        }
        // Each event has its own de-duplication key.
        let mut ids: Vec<&str> = events.iter().map(|e| e.event_id.as_str()).collect();
        ids.dedup();
        assert_eq!(ids.len(), events.len(), "{provider}");

        if provider != Provider::Payio {
            let read = client.get_link(&link.id).await.unwrap();
            let paid = (provider != Provider::P100).then_some(PaymentOutcome::Paid);
            assert_eq!(read.outcome, paid, "{provider}");
        }
    }
}

#[tokio::test]
async fn txn_underpaid_and_overpaid_invoices_say_so_in_the_webhook_and_the_read() {
    for (result, outcome) in [
        ("underpay", PaymentOutcome::Underpaid),
        ("overpay", PaymentOutcome::Overpaid),
    ] {
        let (inbox, addr) = Inbox::start(0).await;
        let sandbox = sandbox_for(addr).await;
        let client = client(&sandbox, Provider::Txn);
        let link = client
            .create_link(&new_link(&*client, "10.00"))
            .await
            .unwrap();
        act(&reqwest::Client::new(), &link, result).await;
        let events = verified(&sandbox, Provider::Txn, &inbox.wait_for(2).await).await;
        assert_eq!(events.len(), 2);
        // `processing` first: started, no outcome yet.
        assert_eq!(events[0].status, LinkStatus::Pending);
        assert_eq!(events[0].outcome, None);
        assert_eq!(events[1].status, LinkStatus::Completed);
        assert_eq!(events[1].outcome, Some(outcome));
        let read = client.get_link(&link.id).await.unwrap();
        assert_eq!(read.status, LinkStatus::Completed);
        assert_eq!(read.outcome, Some(outcome));
    }
}

#[tokio::test]
async fn a_failed_payment_is_a_final_failure_with_no_outcome() {
    for provider in [
        Provider::Mesh,
        Provider::Paywint,
        Provider::P100,
        Provider::Txn,
    ] {
        let (inbox, sandbox, _, _) = acted(provider, "fail").await;
        let count = if provider == Provider::Mesh || provider == Provider::P100 {
            1
        } else {
            2
        };
        let events = verified(&sandbox, provider, &inbox.wait_for(count).await).await;
        let last = events.last().unwrap();
        assert_eq!(last.status, LinkStatus::Failed, "{provider}");
        assert_eq!(last.outcome, None, "{provider}");
    }
}

#[tokio::test]
async fn a_refused_delivery_is_retried_and_logged() {
    let (inbox, addr) = Inbox::start(2).await;
    let sandbox = sandbox_for(addr).await;
    let client = client(&sandbox, Provider::P100);
    let link = client
        .create_link(&new_link(&*client, "5.00"))
        .await
        .unwrap();
    act(&reqwest::Client::new(), &link, "pay").await;
    let received = inbox.wait_for(1).await;
    assert_eq!(received.len(), 1);
    // The same event, verified, after two refusals.
    verified(&sandbox, Provider::P100, &received).await;

    let log = reqwest::get(sandbox.deliveries_url()).await.unwrap();
    let log: Vec<Value> = serde_json::from_slice(&log.bytes().await.unwrap()).unwrap();
    let attempts: Vec<(u64, Option<u64>, bool)> = log
        .iter()
        .map(|a| {
            (
                a["attempt"].as_u64().unwrap(),
                a["status"].as_u64(),
                a["delivered"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        attempts,
        [
            (1, Some(500), false),
            (2, Some(500), false),
            (3, Some(200), true)
        ]
    );
    assert!(log.iter().all(|a| a["event_id"] == log[0]["event_id"]));
    assert_eq!(log[0]["provider"], "p100");
    assert_eq!(log[0]["link_id"], link.id.as_str());
}
