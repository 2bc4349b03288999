//! One scenario suite for all five providers, run through `Box<dyn PaymentLinkProvider>`
//! against the embedded sandbox: create and read back, a reused reference, bad input refused
//! before anything is sent, wrong credentials, an unknown link id, a paid link.
//!
//! Where the providers differ by design, the difference is spelled out once, in
//! [`read_back`] and [`refuses_reused_references`], from what each provider documents.

use paylinks::Provider;
use paylinks_core::{
    Environment, Error, LinkStatus, NewPaymentLink, PaymentLinkProvider, PaymentOutcome, Support,
};
use paylinks_sandbox::Sandbox;
use paylinks_tests::{WRONG, new_link, wrong_secrets};

/// What reading a link back right after creating it gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReadBack {
    /// The same link.
    Same,
    /// `Unsupported`: Pay.io documents no call that reads a link.
    Unsupported,
    /// `NotFound` until a payer has paid: Mesh reads a link through its transfers, and an
    /// unpaid link has none.
    AfterPayment,
}

fn read_back(provider: Provider) -> ReadBack {
    match provider {
        Provider::Payio => ReadBack::Unsupported,
        Provider::Mesh => ReadBack::AfterPayment,
        Provider::Paywint | Provider::P100 | Provider::Txn => ReadBack::Same,
    }
}

/// Whether the provider documents `reference` as unique (only Txn does: 422
/// `reference_duplicate`).
fn refuses_reused_references(provider: Provider) -> bool {
    provider == Provider::Txn
}

/// The credentials a provider is built with.
#[derive(Debug, Clone, Copy)]
enum Keys {
    /// The sandbox's own.
    Good,
    /// The sandbox's with every secret replaced by [`WRONG`].
    Wrong,
}

/// A provider client for `provider` at `environment`, with `keys`; Mesh pays into the
/// sandbox's own destination.
fn build(
    sandbox: &Sandbox,
    provider: Provider,
    environment: Environment,
    keys: Keys,
) -> Box<dyn PaymentLinkProvider> {
    let credentials = match keys {
        Keys::Good => sandbox.credentials().clone(),
        Keys::Wrong => wrong_secrets(sandbox.credentials()),
    };
    let credentials = paylinks::sandbox::credentials_from(&credentials, provider).unwrap();
    paylinks::client(
        credentials,
        environment,
        &paylinks::sandbox::options(sandbox),
    )
    .unwrap()
}

fn client(sandbox: &Sandbox, provider: Provider, keys: Keys) -> Box<dyn PaymentLinkProvider> {
    build(
        sandbox,
        provider,
        paylinks::sandbox::environment(sandbox, provider).unwrap(),
        keys,
    )
}

async fn create_then_read_back(provider: Provider) {
    let sandbox = Sandbox::start().await.unwrap();
    let client = client(&sandbox, provider, Keys::Good);
    assert_eq!(client.name(), provider.as_str());
    let link = new_link(client.as_ref(), "12.34");
    let created = client.create_link(&link).await.unwrap();
    assert_eq!(created.provider, provider.as_str());
    assert_eq!(created.amount.to_string(), "12.34");
    assert!(!created.status.is_terminal(), "{:?}", created.status);
    let url = created.url.clone().expect("a created link has a URL");
    assert!(
        url.starts_with(&format!("http://{}/{provider}/pay/", sandbox.addr())),
        "{url}"
    );
    let echoed = match provider {
        // Pay.io takes no reference; Paywint's create reply does not echo its invoice number.
        Provider::Payio | Provider::Paywint => None,
        // Mesh's link id is the reference (the `transactionId`).
        Provider::Mesh => {
            assert_eq!(Some(&created.id), link.reference.as_ref());
            link.reference.clone()
        }
        Provider::P100 | Provider::Txn => link.reference.clone(),
    };
    assert_eq!(created.reference, echoed);

    let read = client.get_link(&created.id).await;
    match read_back(provider) {
        ReadBack::Same => {
            let read = read.unwrap();
            assert_eq!(read.id, created.id);
            assert_eq!(read.amount, created.amount);
            assert_eq!(read.amount.to_string(), "12.34");
            assert!(!read.status.is_terminal(), "{:?}", read.status);
        }
        ReadBack::Unsupported => assert_eq!(read.unwrap_err().kind(), "unsupported"),
        ReadBack::AfterPayment => assert_eq!(read.unwrap_err().kind(), "not_found"),
    }
}

async fn a_paid_link_reads_back_completed(provider: Provider) {
    let sandbox = Sandbox::start().await.unwrap();
    let client = client(&sandbox, provider, Keys::Good);
    let created = client
        .create_link(&new_link(client.as_ref(), "5.00"))
        .await
        .unwrap();
    let paid = reqwest::Client::new()
        .post(created.url.clone().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(
        paid.status(),
        200,
        "the sandbox's payer page takes the payment"
    );
    let page = paid.text().await.unwrap();
    match read_back(provider) {
        ReadBack::Unsupported => {
            // The payment shows on the payer page only (the sandbox's own Pay.io tests read the
            // deposit through the transactions call).
            assert!(page.contains("status completed"), "{page}");
            assert_eq!(
                client.get_link(&created.id).await.unwrap_err().kind(),
                "unsupported"
            );
        }
        ReadBack::Same | ReadBack::AfterPayment => {
            let read = client.get_link(&created.id).await.unwrap();
            assert_eq!(read.amount.to_string(), "5.00");
            match provider {
                // P100 documents no status values: the client reports the sandbox's word.
                Provider::P100 => assert_eq!(read.status, LinkStatus::Unknown("confirmed".into())),
                _ => assert_eq!(read.status, LinkStatus::Completed),
            }
            // The money arrived: said explicitly by Txn's child invoice, Mesh's succeeded
            // transfer and Paywint's success; P100's read statuses are undocumented.
            let paid = (provider != Provider::P100).then_some(PaymentOutcome::Paid);
            assert_eq!(read.outcome, paid);
        }
    }
}

async fn a_reused_reference(provider: Provider) {
    let sandbox = Sandbox::start().await.unwrap();
    let client = client(&sandbox, provider, Keys::Good);
    let link = new_link(client.as_ref(), "3").reference("order-7");
    let first = client.create_link(&link).await;
    if client.capabilities().reference == Support::Unsupported {
        assert_eq!(first.unwrap_err().kind(), "unsupported");
        return;
    }
    let first = first.unwrap();
    let second = client.create_link(&link).await;
    if refuses_reused_references(provider) {
        let error = second.unwrap_err();
        let Error::Duplicate { reference, .. } = &error else {
            panic!("expected Duplicate, got {error:?}");
        };
        assert_eq!(reference.as_deref(), Some("order-7"));
    } else {
        let second = second.unwrap();
        if provider == Provider::Mesh {
            // Mesh's link id is the reference itself (the `transactionId`).
            assert_eq!(
                (first.id.as_str(), second.id.as_str()),
                ("order-7", "order-7")
            );
        } else {
            assert_ne!(second.id, first.id);
        }
    }
}

async fn bad_input_is_refused_before_sending(provider: Provider) {
    // A port nothing listens on: a request that were sent would fail as `transport`.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let sandbox = Sandbox::start().await.unwrap();
    let environment = Environment::custom(&format!("http://127.0.0.1:{port}/{provider}")).unwrap();
    let client = build(&sandbox, provider, environment, Keys::Good);
    let capabilities = client.capabilities();

    let mut cases: Vec<(String, NewPaymentLink, &str)> = vec![
        (
            "zero amount".into(),
            new_link(client.as_ref(), "0"),
            "invalid_request",
        ),
        (
            "negative amount".into(),
            new_link(client.as_ref(), "-1.50"),
            "invalid_request",
        ),
    ];
    let unsupported = [
        ("reference", capabilities.reference),
        ("customer", capabilities.customer),
        ("description", capabilities.description),
    ];
    if let Some((field, _)) = unsupported.iter().find(|(_, s)| *s == Support::Unsupported) {
        let link = new_link(client.as_ref(), "1");
        let link = match *field {
            "reference" => link.reference("r"),
            "customer" => link.customer("c"),
            _ => link.description("d"),
        };
        cases.push((format!("unsupported {field}"), link, "unsupported"));
    }
    if capabilities.expires_at == Support::Required {
        let mut link = new_link(client.as_ref(), "1");
        link.expires_at = None;
        cases.push(("no expiry".into(), link, "invalid_request"));
    }
    if capabilities.currencies.is_some() {
        let mut link = new_link(client.as_ref(), "1");
        link.currency = "XYZ".into();
        cases.push(("foreign currency".into(), link, "unsupported"));
    }
    for (case, link, kind) in cases {
        let error = client.create_link(&link).await.unwrap_err();
        assert_eq!(error.kind(), kind, "{case}: {error}");
    }
}

async fn wrong_credentials_are_refused(provider: Provider) {
    let sandbox = Sandbox::start().await.unwrap();
    let client = client(&sandbox, provider, Keys::Wrong);
    let error = client
        .create_link(&new_link(client.as_ref(), "1"))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), "auth", "{error}");
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(WRONG), "no secret in the error: {shown}");
}

async fn an_unknown_id_is_not_found(provider: Provider) {
    let sandbox = Sandbox::start().await.unwrap();
    let client = client(&sandbox, provider, Keys::Good);
    let error = client
        .get_link("6f0e4c1a-3b7d-4e2a-9c5f-1d8b7a6e5f40")
        .await
        .unwrap_err();
    let expected = match read_back(provider) {
        ReadBack::Unsupported => "unsupported",
        ReadBack::Same | ReadBack::AfterPayment => "not_found",
    };
    assert_eq!(error.kind(), expected, "{error}");
}

paylinks_tests::scenarios!(
    [
        create_then_read_back,
        a_paid_link_reads_back_completed,
        a_reused_reference,
        bad_input_is_refused_before_sending,
        wrong_credentials_are_refused,
        an_unknown_id_is_not_found,
    ]
    for payio: Payio, mesh: Mesh, paywint: Paywint, p100: P100, txn: Txn
);

/// A sandbox capped at two links per provider forgets the oldest when a third is made: its
/// payer page is gone (404) while the two newest still serve theirs.
#[tokio::test]
async fn a_capped_sandbox_forgets_the_oldest_link() {
    let sandbox = Sandbox::builder().max_links(2).start().await.unwrap();
    let http = reqwest::Client::new();
    for &provider in Provider::ALL {
        let client = paylinks_tests::client(&sandbox, provider);
        let mut pages = Vec::new();
        for _ in 0..3 {
            let link = client
                .create_link(&new_link(client.as_ref(), "5"))
                .await
                .unwrap_or_else(|e| panic!("{provider}: {e}"));
            pages.push(link.url.unwrap_or_else(|| panic!("{provider}: no url")));
        }
        let mut statuses = Vec::new();
        for page in &pages {
            statuses.push(http.get(page).send().await.unwrap().status().as_u16());
        }
        assert_eq!(statuses, [404, 200, 200], "{provider}: {pages:?}");
    }
}
