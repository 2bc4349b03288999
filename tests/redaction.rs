//! No credential in any log line, metric label, `Debug` or error text. The scenarios of all five
//! providers (create and read back, a request with wrong credentials, a payment whose webhooks
//! are verified, a tampered webhook) run with every `tracing` event and span captured at TRACE,
//! the in-process sandbox's included, and every metric recorded; then the capture, the
//! metrics' labels, the sandbox's delivery log and the `Debug` and `Display` text of every
//! client, credentials value, link, error and event are searched for every secret the run
//! used, and the labels also for every id, reference and URL.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::{Arc, Mutex};

use metrics_util::debugging::{DebugValue, DebuggingRecorder, Snapshotter};
use paylinks::Provider;
use paylinks_sandbox::Credentials;
use paylinks_tests::{Inbox, WRONG, act, client, new_link, sandbox_for, wrong_secrets};
use secrecy::ExposeSecret;
use tracing_subscriber::fmt::format::FmtSpan;

/// What the subscriber writes into: every formatted line, kept.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Capture {
    /// Everything captured so far.
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// Installs, for the whole process, a subscriber that writes every event at TRACE and every
/// span's opening and closing with all its fields into the returned capture (and `log` records,
/// as events).
fn capture_everything() -> Capture {
    let capture = Capture::default();
    let writer = capture.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::NEW | FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .try_init()
        .expect("the only subscriber of this test binary");
    capture
}

/// Every secret of `credentials`, whole and, for a PEM key, line by line; Txn's signing
/// secret also without its `whsec_` prefix; and the [`WRONG`] secret the refused requests send.
fn secrets(credentials: &Credentials) -> Vec<String> {
    let mut secrets = vec![WRONG.to_owned()];
    for secret in [
        &credentials.payio_api_key,
        &credentials.payio_private_key_pem,
        &credentials.mesh_client_secret,
        &credentials.paywint_api_key,
        &credentials.paywint_api_secret,
        &credentials.p100_api_key,
        &credentials.txn_api_key,
        &credentials.payio_webhook_private_key_pem,
        &credentials.mesh_webhook_secret,
        &credentials.p100_webhook_token,
        &credentials.txn_webhook_secret,
    ] {
        let secret = secret.expose_secret().trim();
        secrets.push(secret.to_owned());
        if secret.starts_with("-----BEGIN") {
            let body = secret.lines().filter(|line| !line.starts_with("-----"));
            secrets.extend(body.map(str::to_owned));
        }
        if let Some(key) = secret.strip_prefix("whsec_") {
            secrets.push(key.to_owned());
        }
    }
    secrets
}

/// Installs, for the whole process, a recorder that keeps every metric (the `metrics` feature
/// is on: this crate's dev-dependency on `paylinks` turns it on).
fn record_everything() -> Snapshotter {
    let recorder = DebuggingRecorder::new();
    let snapshotter = recorder.snapshotter();
    recorder
        .install()
        .expect("the only recorder of this test binary");
    snapshotter
}

/// Every metric recorded, as `name{label=value,…}` (labels sorted), with a counter's value or
/// a histogram's number of samples.
fn recorded(snapshotter: &Snapshotter) -> BTreeMap<String, u64> {
    paylinks_testkit::metrics_by_key(snapshotter)
        .into_iter()
        .map(|(name, value)| {
            let n = match value {
                DebugValue::Counter(n) => n,
                DebugValue::Histogram(samples) => samples.len() as u64,
                DebugValue::Gauge(_) => panic!("no gauge is recorded"),
            };
            (name, n)
        })
        .collect()
}

/// The secrets of `secrets` that occur in `text`.
fn leaked<'s>(text: &str, secrets: &'s [String]) -> Vec<&'s str> {
    secrets
        .iter()
        .map(String::as_str)
        .filter(|secret| text.contains(secret))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_in_any_log_line_debug_or_error_text() {
    let capture = capture_everything();
    let metrics = record_everything();
    let http = reqwest::Client::new();
    // Every `Debug` and `Display` text the run makes, beside the log.
    let mut texts: Vec<String> = Vec::new();
    let mut secrets_used = Vec::new();
    // What no label may hold besides a secret: the links' ids, references and URLs, the
    // sandbox's URL.
    let mut unbounded = vec!["127.0.0.1".to_owned(), "http".to_owned()];
    // How many webhooks each provider's receiver was given (each also once tampered).
    let mut webhooks = BTreeMap::new();
    for &provider in Provider::ALL {
        let (inbox, addr) = Inbox::start(0).await;
        let sandbox = sandbox_for(addr).await;
        let credentials = sandbox.credentials();
        secrets_used = secrets(credentials);
        texts.push(format!("{credentials:?}"));
        texts.push(format!("{:?}", wrong_secrets(credentials)));

        let client = client(&sandbox, provider);
        texts.push(format!("{client:?}"));
        let created = client
            .create_link(&new_link(client.as_ref(), "5.00"))
            .await
            .unwrap_or_else(|e| panic!("{provider}: {e}"));
        texts.push(format!("{created:?}"));
        unbounded.push(created.id.clone());
        unbounded.extend(created.reference.clone());
        unbounded.extend(created.url.clone());
        // Pay.io reads no link and Mesh none before it is paid: errors, which are text too.
        match client.get_link(&created.id).await {
            Ok(read) => texts.push(format!("{read:?}")),
            Err(e) => texts.push(format!("{e} {e:?}")),
        }

        let environment = paylinks::sandbox::environment(&sandbox, provider).unwrap();
        let wrong = paylinks::sandbox::credentials_from(&wrong_secrets(credentials), provider);
        let options = paylinks::sandbox::options(&sandbox);
        let wrong = paylinks::client(wrong.unwrap(), environment, &options).unwrap();
        texts.push(format!("{wrong:?}"));
        let refused = wrong
            .create_link(&new_link(wrong.as_ref(), "5.00"))
            .await
            .unwrap_err();
        assert_eq!(refused.kind(), "auth", "{provider}: {refused}");
        texts.push(format!("{refused} {refused:?}"));

        let shown = act(&http, &created, "pay").await;
        let sent = usize::try_from(shown["webhooks"].as_u64().unwrap()).unwrap();
        let received = inbox.wait_for(sent).await;
        assert_eq!(received.len(), sent, "{provider}");
        webhooks.insert(provider, sent as u64);
        let receiver = paylinks::sandbox::receiver(&sandbox, provider).unwrap();
        texts.push(format!("{receiver:?}"));
        for delivery in &received {
            let event = receiver
                .receive(&delivery.headers, &delivery.body)
                .await
                .unwrap_or_else(|e| panic!("{provider}: {e}"));
            texts.push(format!("{event:?}"));
            let mut tampered = delivery.body.to_vec();
            tampered.extend_from_slice(b" ");
            tampered.insert(0, b'[');
            let error = receiver
                .receive(&delivery.headers, &tampered)
                .await
                .unwrap_err();
            texts.push(format!("{error} {error:?}"));
        }
        if provider != Provider::Payio {
            let read = client.get_link(&created.id).await.unwrap();
            texts.push(format!("{read:?}"));
        }
        let log = http.get(sandbox.deliveries_url()).send().await.unwrap();
        texts.push(log.text().await.unwrap());
    }

    let log = capture.text();
    let lines = log.lines().count();
    // The capture holds the clients' request spans (with their recorded status) for each
    // provider, and the sandbox's own events.
    for &provider in Provider::ALL {
        let span = format!("paylinks.http{{provider=\"{provider}\"");
        assert!(
            log.lines()
                .any(|l| l.contains(&span) && l.contains("status=")),
            "{provider}'s request spans are captured: {log}"
        );
    }
    assert!(log.contains("webhook delivery"), "{log}");
    // Each operation's INFO span, with its HTTP client fields.
    assert!(
        log.contains(
            r#"paylinks.operation{otel.name="create_payment_link" otel.kind="client" http.request.method="POST""#
        ),
        "{log}"
    );

    // The metrics: every provider's calls and webhooks, their labels from bounded sets only.
    let recorded = recorded(&metrics);
    for &provider in Provider::ALL {
        let requests = |outcome: &str| {
            recorded
                .iter()
                .filter(|(name, _)| {
                    name.starts_with("paylinks_requests_total{")
                        && name.contains(&format!("outcome={outcome},provider={provider}}}"))
                })
                .map(|(_, n)| n)
                .sum::<u64>()
        };
        assert!(requests("ok") >= 2, "{provider}: {recorded:#?}");
        assert_eq!(requests("auth"), 1, "{provider}: {recorded:#?}");
        // A tampered body fails the signature where the body is signed, and is no JSON where
        // it is not (P100's token, Paywint's unsigned events).
        let refused = match provider {
            Provider::P100 | Provider::Paywint => "undecodable",
            _ => "signature_mismatch",
        };
        for result in ["verified", refused] {
            assert_eq!(
                recorded.get(&format!(
                    "paylinks_webhooks_total{{provider={provider},result={result}}}"
                )),
                Some(&webhooks[&provider]),
                "{provider}: {recorded:#?}"
            );
        }
    }
    for name in recorded.keys() {
        let labels = name.split_once('{').unwrap().1.trim_end_matches('}');
        for label in labels.split(',') {
            let (key, value) = label.split_once('=').unwrap();
            assert!(
                ["provider", "operation", "outcome", "reason", "result"].contains(&key),
                "{name}"
            );
            assert!(
                value
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{name}"
            );
        }
    }
    let labels = recorded.keys().cloned().collect::<Vec<_>>().join("\n");
    assert_eq!(
        leaked(&labels, &secrets_used),
        Vec::<&str>::new(),
        "in the metrics' labels"
    );
    assert_eq!(
        leaked(&labels, &unbounded),
        Vec::<&str>::new(),
        "in the metrics' labels"
    );
    assert!(lines > 100, "{lines} lines captured");
    let text = texts.join("\n");
    eprintln!(
        "redaction: {lines} log lines and {} Debug/Display texts ({} lines) scanned for {} secrets",
        texts.len(),
        text.lines().count(),
        secrets_used.len(),
    );
    assert_eq!(
        leaked(&log, &secrets_used),
        Vec::<&str>::new(),
        "in the log"
    );
    assert_eq!(
        leaked(&text, &secrets_used),
        Vec::<&str>::new(),
        "in Debug or error text"
    );

    // The scan is not vacuous: a PEM body line logged at TRACE is caught in the capture.
    let planted = &secrets_used
        .iter()
        .find(|s| s.len() == 64)
        .expect("a PEM body line");
    tracing::trace!(target: "planted", line = %planted, "a leak");
    assert_eq!(leaked(&capture.text(), &secrets_used), [planted.as_str()]);
}
