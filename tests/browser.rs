//! A real browser on the payer page: Debian's `chromium`, headless, driven by `chromedriver`
//! over WebDriver (plain HTTP and JSON). It opens a Txn sandbox link, clicks Pay, and the
//! verified webhook and the status change follow. A screenshot of the page is written to
//! `target/payer-page.png`.
//!
//! It needs Debian's `chromium` and `chromium-driver`, so it is ignored by default (a newcomer's
//! first test run passes without them): `.ci/run` installs both and runs it with
//! `cargo nextest run -p paylinks-tests --test browser --run-ignored only`.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use paylinks::Provider;
use paylinks_core::{LinkStatus, PaymentEvent, PaymentOutcome};
use paylinks_sandbox::Sandbox;
use paylinks_tests::{Inbox, new_link};
use serde_json::{Value, json};

/// `chromedriver`, killed when dropped.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A WebDriver session over HTTP.
struct Session {
    http: reqwest::Client,
    base: String,
}

impl Session {
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(body) = body {
            request = request
                .body(body.to_string())
                .header("content-type", "application/json");
        }
        let answer = request.send().await.unwrap();
        let status = answer.status();
        let value: Value = serde_json::from_slice(&answer.bytes().await.unwrap()).unwrap();
        assert!(status.is_success(), "{path}: {status} {value}");
        value["value"].clone()
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test]
#[ignore = "needs chromium and chromium-driver"]
async fn a_payer_clicks_pay_in_a_real_browser() {
    let port = free_port();
    let driver = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(Driver)
        .unwrap_or_else(|e| {
            panic!(
                "cannot run chromedriver ({e}): install Debian's chromium and chromium-driver \
                 (.ci/run does)"
            )
        });
    let session = Session {
        http: reqwest::Client::new(),
        base: format!("http://127.0.0.1:{port}"),
    };
    let start = Instant::now();
    while session
        .http
        .get(format!("{}/status", session.base))
        .send()
        .await
        .is_err()
    {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let (inbox, addr) = Inbox::start(0).await;
    let sandbox = Sandbox::builder()
        .webhook_url(
            Provider::Txn.into(),
            format!("http://{addr}/txn").parse().unwrap(),
        )
        .start()
        .await
        .unwrap();
    let client = paylinks::sandbox::client(&sandbox, Provider::Txn).unwrap();
    let link = client
        .create_link(&new_link(&*client, "42.00"))
        .await
        .unwrap();

    let options = json!({
        "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=800,700"],
    });
    let opened = session
        .call(
            reqwest::Method::POST,
            "/session",
            Some(json!({ "capabilities": { "alwaysMatch": { "goog:chromeOptions": options } } })),
        )
        .await;
    let id = opened["sessionId"].as_str().unwrap().to_owned();
    let at = |path: &str| format!("/session/{id}{path}");
    let url = link.url.clone().unwrap();
    session
        .call(
            reqwest::Method::POST,
            &at("/url"),
            Some(json!({ "url": url })),
        )
        .await;
    let source = session
        .call(reqwest::Method::GET, &at("/source"), None)
        .await;
    assert!(
        source
            .as_str()
            .unwrap()
            .contains("42.00 USDC, status created"),
        "{source}"
    );
    let png = session
        .call(reqwest::Method::GET, &at("/screenshot"), None)
        .await;
    let png = base64::engine::general_purpose::STANDARD
        .decode(png.as_str().unwrap())
        .unwrap();
    let target = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join("payer-page.png"), &png).unwrap();

    let button = session
        .call(
            reqwest::Method::POST,
            &at("/element"),
            Some(json!({ "using": "css selector", "value": "button.pay" })),
        )
        .await;
    // The element reference is the object's one value (W3C names its key
    // `element-6066-11e4-a07e-4f52d4c5a4a9`).
    let element = button
        .as_object()
        .and_then(|o| o.values().next())
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{button}"));
    session
        .call(
            reqwest::Method::POST,
            &at(&format!("/element/{element}/click")),
            Some(json!({})),
        )
        .await;
    // The form posts and the page comes back showing the new status.
    let start = Instant::now();
    loop {
        let source = session
            .call(reqwest::Method::GET, &at("/source"), None)
            .await;
        if source.as_str().unwrap().contains("status completed") {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "{source}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    session.call(reqwest::Method::DELETE, &at(""), None).await;
    drop(driver);

    // Txn's two invoice webhooks, each verified with the crate's verifier.
    let receiver = paylinks::sandbox::receiver(&sandbox, Provider::Txn).unwrap();
    let received = inbox.wait_for(2).await;
    assert_eq!(received.len(), 2);
    let mut events: Vec<PaymentEvent> = Vec::new();
    for delivery in &received {
        events.push(
            receiver
                .receive(&delivery.headers, &delivery.body)
                .await
                .unwrap(),
        );
    }
    assert_eq!(events[1].status, LinkStatus::Completed);
    assert_eq!(events[1].outcome, Some(PaymentOutcome::Paid));
    let read = client.get_link(&link.id).await.unwrap();
    assert_eq!(read.status, LinkStatus::Completed);
    assert_eq!(read.outcome, Some(PaymentOutcome::Paid));
}
