//! `paylinks listen`, run as a child process as a user runs it: for each provider a delivery
//! signed in the test (with the provider's documented scheme, through aws-lc-rs directly, not
//! the provider crate) prints its exact JSON line and gets a 200, a tampered one gets a 401 and
//! one stderr line, a missing secret exits 2 naming its variable; Paywint's unsigned events are
//! confirmed against the embedded sandbox; `--forward-to` passes the bytes on unchanged and
//! answers the provider with what the application answered (so an application that is down
//! gets the event on the sandbox's retry); Ctrl-C stops the listener with exit 0. Everything
//! listens on 127.0.0.1.
#![cfg(unix)]

use std::io::BufRead;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use aws_lc_rs::{digest, hmac};
use axum::body::Bytes;
use axum::http::HeaderMap;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use paylinks_core::NewPaymentLink;
use paylinks_sandbox::{Credentials, Provider, Sandbox};
use rust_decimal::Decimal;
use secrecy::ExposeSecret;
use serde_json::{Value, json};
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

/// Mesh's webhook secret in these tests.
const MESH_SECRET: &str = "mesh-listen-test-secret";
/// The raw bytes of Txn's signing key; the secret is `whsec_` and their Base64.
const TXN_KEY: &[u8] = b"txn-listen-test-signing-key-0001";
/// P100's Webhook Security Token in these tests.
const P100_TOKEN: &str = "p100-listen-test-token";
/// Pay.io's test key pair (payio-client's fixtures): the test signs with the private key and
/// the listener reads the public key from its file.
const PAYIO_PRIVATE_PEM: &str =
    include_str!("../../payio-client/tests/fixtures/test_key_pkcs8.pem");
const PAYIO_PUBLIC_PEM_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../payio-client/tests/fixtures/test_public_key.pem"
);

/// Every variable `listen` reads, removed from each run so the test's environment cannot leak in.
const VARIABLES: [&str; 6] = [
    "MESH_WEBHOOK_SECRET",
    "TXN_WEBHOOK_SECRET",
    "PAYIO_WEBHOOK_PUBLIC_KEY_PATH",
    "P100_WEBHOOK_TOKEN",
    "PAYWINT_API_KEY",
    "PAYWINT_API_SECRET",
];

/// How long any one line or answer may take.
const WAIT: Duration = Duration::from_secs(30);

/// `--forward-timeout` where the application's speed is not what is tested: long enough for a
/// loaded machine, so only the tests of the budget depend on time, and shorter than the 5 s
/// the sandbox waits for the listener's answer.
const AMPLE: [&str; 2] = ["--forward-timeout", "3s"];

fn txn_secret() -> String {
    format!("whsec_{}", STANDARD.encode(TXN_KEY))
}

/// The secrets that must never show up in any output.
fn secrets() -> Vec<String> {
    vec![
        MESH_SECRET.to_owned(),
        STANDARD.encode(TXN_KEY),
        P100_TOKEN.to_owned(),
        "paywint_sandbox_secret".to_owned(),
    ]
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .try_into()
        .unwrap()
}

/// `sha256:` and the hex SHA-256 of `body`: the event id of providers that send none.
fn sha256(body: &str) -> String {
    let hash = digest::digest(&digest::SHA256, body.as_bytes());
    let hex: String = hash.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// Base64(HMAC-SHA256(key, parts…)).
fn hmac_base64(key: &[u8], parts: &[&[u8]]) -> String {
    let mut context = hmac::Context::with_key(&hmac::Key::new(hmac::HMAC_SHA256, key));
    for part in parts {
        context.update(part);
    }
    STANDARD.encode(context.sign().as_ref())
}

/// A running `paylinks listen`, killed and reaped when dropped, so that a failing assertion
/// cannot leave it running.
struct Listener {
    child: Child,
    origin: String,
    stdout: UnboundedReceiver<String>,
    stderr: UnboundedReceiver<String>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        // Both fail only when the process has already exited and been waited for.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends each line `from` writes to a channel, from a thread of its own.
fn lines(from: impl std::io::Read + Send + 'static) -> UnboundedReceiver<String> {
    let (send, receive) = unbounded_channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(from).lines() {
            let Ok(line) = line else { break };
            if send.send(line).is_err() {
                break;
            }
        }
    });
    receive
}

/// The next line from `lines`, failing after [`WAIT`]; `None` once the stream has ended.
async fn next(lines: &mut UnboundedReceiver<String>) -> Option<String> {
    tokio::time::timeout(WAIT, lines.recv())
        .await
        .expect("no line within the wait")
}

impl Listener {
    /// Starts `paylinks listen <provider> --listen 127.0.0.1:0 --json <extra…>` with `env` and
    /// reads the address it announces.
    async fn start(provider: &str, env: &[(&str, &str)], extra: &[&str]) -> Listener {
        Listener::start_with_stdout(provider, env, extra, Stdio::piped()).await
    }

    /// [`Listener::start`] with `stdout` as the listener's stdout; unless it is piped, no line
    /// from it reaches [`Listener::event`].
    async fn start_with_stdout(
        provider: &str,
        env: &[(&str, &str)],
        extra: &[&str],
        stdout: Stdio,
    ) -> Listener {
        let mut command = Command::new(env!("CARGO_BIN_EXE_paylinks"));
        for variable in VARIABLES {
            command.env_remove(variable);
        }
        let mut child = command
            .args(["listen", provider, "--listen", "127.0.0.1:0", "--json"])
            .args(extra)
            .envs(env.iter().copied())
            .stdout(stdout)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child
            .stdout
            .take()
            .map_or_else(|| unbounded_channel().1, lines);
        let mut stderr = lines(child.stderr.take().unwrap());
        let first = next(&mut stderr).await.unwrap();
        let origin = first
            .strip_prefix("paylinks listen: listening on ")
            .and_then(|rest| {
                rest.strip_suffix(&format!(" for {provider} webhooks (Ctrl-C stops it)"))
            })
            .unwrap_or_else(|| panic!("{first}"))
            .to_owned();
        assert!(origin.starts_with("http://127.0.0.1:"), "{origin}");
        Listener {
            child,
            origin,
            stdout,
            stderr,
        }
    }

    /// POSTs `body` with `headers` to `path` on the listener; the answer's status.
    async fn post(&self, path: &str, headers: &[(&str, &str)], body: &str) -> u16 {
        let mut request = client()
            .post(format!("{}{path}", self.origin))
            .header("content-type", "application/json")
            .body(body.to_owned());
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send().await.unwrap().status().as_u16()
    }

    /// POSTs a delivery that must be verified: asserts the 200 and returns the line printed.
    async fn accepted(&mut self, path: &str, headers: &[(&str, &str)], body: &str) -> String {
        self.answered(200, path, headers, body).await
    }

    /// POSTs a delivery that must be verified and answered `status`; returns the line printed.
    async fn answered(
        &mut self,
        status: u16,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> String {
        assert_eq!(self.post(path, headers, body).await, status);
        self.event().await
    }

    /// POSTs a delivery that must be refused: its status and the reason on the one stderr line
    /// `paylinks listen: refused POST <path> (<status>): <reason>`.
    async fn refused(&mut self, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
        let status = self.post(path, headers, body).await;
        let line = self.said().await;
        let reason = line
            .strip_prefix(&format!(
                "paylinks listen: refused POST {path} ({status}): "
            ))
            .unwrap_or_else(|| panic!("{line}"));
        (status, reason.to_owned())
    }

    /// The next stdout line.
    async fn event(&mut self) -> String {
        let line = next(&mut self.stdout).await.expect("stdout ended");
        assert_no_secret(&line);
        line
    }

    /// The next stderr line.
    async fn said(&mut self) -> String {
        let line = next(&mut self.stderr).await.expect("stderr ended");
        assert_no_secret(&line);
        line
    }

    /// Sends Ctrl-C and asserts a clean stop: exit 0, nothing more on stdout, and
    /// `paylinks listen: stopped` as the last stderr line.
    async fn interrupt(mut self) {
        let sent = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        assert_eq!(self.said().await, "paylinks listen: stopped");
        assert_eq!(next(&mut self.stderr).await, None);
        assert_eq!(next(&mut self.stdout).await, None);
        let status = tokio::task::block_in_place(|| self.child.wait()).unwrap();
        assert_eq!(status.code(), Some(0));
    }
}

fn assert_no_secret(text: &str) {
    for secret in secrets() {
        assert!(!text.contains(&secret), "{secret} printed: {text}");
    }
}

/// A client for 127.0.0.1 that ignores any proxy in the environment.
fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

/// A 401 refusal for `why`.
fn unauthorized(why: &str) -> (u16, String) {
    (401, why.to_owned())
}

#[tokio::test(flavor = "multi_thread")]
async fn mesh_prints_a_signed_transfer_and_refuses_a_changed_byte() {
    let mut listener = Listener::start("mesh", &[("MESH_WEBHOOK_SECRET", MESH_SECRET)], &[]).await;
    let body = r#"{"EventId":"8e5c1d4b-3a6f-4d72-8b9c-2f3a4b5c6d7e","Id":"d2b3c4d5-e6f7-4a81-9b0c-1d2e3f4a5b6c","TransferId":"3f2e1d0c-9b8a-4765-a432-10fedcba9876","TransferStatus":"Succeeded","TransactionId":"order-1001","Token":"USDC","DestinationAmount":12345678901234567.89}"#;
    let signature = hmac_base64(MESH_SECRET.as_bytes(), &[body.as_bytes()]);
    let signed = [("X-Mesh-Signature-256", signature.as_str())];

    assert_eq!(
        listener.accepted("/webhooks", &signed, body).await,
        r#"{"provider":"mesh","event_id":"8e5c1d4b-3a6f-4d72-8b9c-2f3a4b5c6d7e","status":"completed","outcome":"paid","link_id":"order-1001","reference":"order-1001","amount":"12345678901234567.89","currency":"USDC","provider_status":"succeeded"}"#
    );
    let tampered = body.replace("12345678901234567.89", "12345678901234567.99");
    assert_eq!(
        listener.refused("/webhooks", &signed, &tampered).await,
        unauthorized("webhook signature in X-Mesh-Signature-256 does not match")
    );
    assert_eq!(
        listener.refused("/webhooks", &[], body).await,
        unauthorized("webhook header X-Mesh-Signature-256 is missing")
    );
    listener.interrupt().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn txn_prints_a_signed_invoice_and_refuses_a_changed_byte_and_a_stale_timestamp() {
    let secret = txn_secret();
    let mut listener = Listener::start("txn", &[("TXN_WEBHOOK_SECRET", &secret)], &[]).await;
    let body = r#"{"data":{"id":"fe8ea84a-8490-4133-87e9-3209e6d1f7db","type":"invoices","attributes":{"status":"completed","statusContext":"underpaid","paymentStatus":"onTime","amountBilled":"100.00","billedCurrency":"EUR","reference":"order-7"},"relationships":{"paymentLink":{"data":{"id":"pl-42","type":"paymentLinks"}}}}}"#;
    // Svix: HMAC-SHA256 over `{svix-id}.{svix-timestamp}.{body}`, sent as `v1,<Base64>`.
    let headers = |timestamp: &str| {
        let mac = hmac_base64(
            TXN_KEY,
            &[
                b"msg_listen_1.",
                timestamp.as_bytes(),
                b".",
                body.as_bytes(),
            ],
        );
        [
            ("svix-id", "msg_listen_1".to_owned()),
            ("svix-timestamp", timestamp.to_owned()),
            ("svix-signature", format!("v1,{mac}")),
        ]
    };
    let fresh = headers(&now().to_string());
    let fresh = fresh
        .each_ref()
        .map(|(name, value)| (*name, value.as_str()));

    assert_eq!(
        listener.accepted("/webhooks", &fresh, body).await,
        r#"{"provider":"txn","event_id":"msg_listen_1","status":"completed","outcome":"underpaid","link_id":"pl-42","reference":"order-7","amount":"100.00","currency":"EUR","provider_status":"completed"}"#
    );
    let tampered = body.replace("underpaid", "overpaid!");
    assert_eq!(
        listener.refused("/webhooks", &fresh, &tampered).await,
        unauthorized("webhook signature in svix-signature does not match")
    );
    let stale = headers(&(now() - 600).to_string());
    let stale = stale
        .each_ref()
        .map(|(name, value)| (*name, value.as_str()));
    let (status, reason) = listener.refused("/webhooks", &stale, body).await;
    assert_eq!(status, 401);
    assert!(
        reason.starts_with("webhook timestamp is -6")
            && reason.ends_with(" s from now, more than the 300 s tolerated"),
        "{reason}"
    );
    listener.interrupt().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn payio_prints_an_rsa_signed_deposit_and_refuses_a_changed_byte() {
    let mut listener = Listener::start(
        "payio",
        &[("PAYIO_WEBHOOK_PUBLIC_KEY_PATH", PAYIO_PUBLIC_PEM_PATH)],
        &[],
    )
    .await;
    let body = r#"{"event":"deposit","status":"Processing","id":"9b2f6a1e-4c3d-4e8f-a7b6-5d4c3b2a1f0e","amount":"100.50","currency":"USDC","reference":"hub_player_2"}"#;
    let timestamp = now().to_string();
    // RSASSA-PKCS1-v1_5 SHA-256 over the raw body followed directly by the timestamp text.
    let der = paylinks_core::pem::decode(PAYIO_PRIVATE_PEM).unwrap().der;
    let key = RsaKeyPair::from_pkcs8(&der).unwrap();
    let mut signature = vec![0; key.public_modulus_len()];
    key.sign(
        &RSA_PKCS1_SHA256,
        &SystemRandom::new(),
        format!("{body}{timestamp}").as_bytes(),
        &mut signature,
    )
    .unwrap();
    let signature = STANDARD.encode(signature);
    let signed = [
        ("X-Signature", signature.as_str()),
        ("X-Timestamp", timestamp.as_str()),
        ("X-Algorithm", "RSA-SHA256"),
    ];

    assert_eq!(
        listener.accepted("/webhooks", &signed, body).await,
        json!({
            "provider": "payio",
            "event_id": sha256(body),
            "status": "pending",
            "outcome": null,
            "link_id": null,
            "reference": "hub_player_2",
            "amount": "100.50",
            "currency": "USDC",
            "provider_status": "Processing",
        })
        .to_string()
    );
    let tampered = body.replace("100.50", "900.50");
    assert_eq!(
        listener.refused("/webhooks", &signed, &tampered).await,
        unauthorized("webhook signature in X-Signature does not match")
    );
    let wrong_algorithm = [signed[0], signed[1], ("X-Algorithm", "HMAC-SHA256")];
    assert_eq!(
        listener.refused("/webhooks", &wrong_algorithm, body).await,
        unauthorized(r#"webhook algorithm "HMAC-SHA256" is not RSA-SHA256"#)
    );
    listener.interrupt().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn p100_prints_an_event_with_its_token_and_refuses_another_token() {
    let mut listener = Listener::start("p100", &[("P100_WEBHOOK_TOKEN", P100_TOKEN)], &[]).await;
    let body = r#"{"event_type":"payment_link.status_changed","data":{"paymentLinkId":"663318af-7ea1-4c5a-8545-e433a2d43d5c","status":"confirmed","amount":"123.45","currency":"EUR","reference":"example_ref_123"}}"#;
    let bearer = format!("Bearer {P100_TOKEN}");

    assert_eq!(
        listener
            .accepted("/webhooks", &[("Authorization", &bearer)], body)
            .await,
        json!({
            "provider": "p100",
            "event_id": sha256(body),
            "status": "completed",
            "outcome": "paid",
            "link_id": "663318af-7ea1-4c5a-8545-e433a2d43d5c",
            "reference": "example_ref_123",
            "amount": "123.45",
            "currency": "EUR",
            "provider_status": "confirmed",
        })
        .to_string()
    );
    let wrong = format!("{P100_TOKEN}x");
    assert_eq!(
        listener
            .refused("/webhooks", &[("Authorization", &wrong)], body)
            .await,
        unauthorized("webhook signature in Authorization does not match")
    );
    listener.interrupt().await;
}

/// Issue 16: with its stdout on `/dev/null` opened for reading and writing (as supervisors
/// and Python's `subprocess.DEVNULL` give it), `listen` took stdout for closed, answered the
/// first verified delivery 503 and stopped. It keeps answering 200.
#[tokio::test(flavor = "multi_thread")]
async fn a_listener_with_its_stdout_on_dev_null_keeps_answering_200() {
    let dev_null = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/null")
        .unwrap();
    let listener = Listener::start_with_stdout(
        "p100",
        &[("P100_WEBHOOK_TOKEN", P100_TOKEN)],
        &[],
        dev_null.into(),
    )
    .await;
    let bearer = format!("Bearer {P100_TOKEN}");
    for status in ["pending", "confirmed"] {
        let body = format!(
            r#"{{"event_type":"payment_link.status_changed","data":{{"paymentLinkId":"663318af-7ea1-4c5a-8545-e433a2d43d5c","status":"{status}"}}}}"#
        );
        assert_eq!(
            listener
                .post("/webhooks", &[("Authorization", &bearer)], &body)
                .await,
            200,
            "{status}"
        );
    }
    listener.interrupt().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn paywint_trusts_only_what_its_api_says_about_the_payment() {
    let sandbox = Sandbox::start().await.unwrap();
    let paywint = paylinks::sandbox::client(&sandbox, paylinks::Provider::Paywint).unwrap();
    let link = paywint
        .create_link(&NewPaymentLink::new(Decimal::new(1234, 2), "USD"))
        .await
        .unwrap();
    let base = sandbox.base_url(Provider::Paywint).to_string();
    let credentials = sandbox.credentials();
    let mut listener = Listener::start(
        "paywint",
        &[
            (
                "PAYWINT_API_KEY",
                credentials.paywint_api_key.expose_secret(),
            ),
            (
                "PAYWINT_API_SECRET",
                credentials.paywint_api_secret.expose_secret(),
            ),
        ],
        &["--base-url", &base],
    )
    .await;
    // Unsigned, and claiming a success and an amount of one cent: only the id is believed.
    let claim = |event_id: &str, payment_id: &str| {
        json!({
            "event": "payment.success",
            "id": event_id,
            "data": { "payment_id": payment_id, "status": "success", "amount": 1 },
            "eventGeneratedTime": 1_718_006_400.5,
        })
        .to_string()
    };
    let expected = |event_id: &str, status: &str, outcome: Value, provider_status: &str| {
        json!({
            "provider": "paywint",
            "event_id": event_id,
            "status": status,
            "outcome": outcome,
            "link_id": link.id,
            "reference": null,
            "amount": "12.34",
            "currency": "USD",
            "provider_status": provider_status,
        })
        .to_string()
    };

    // Not paid yet: the API says so, whatever the event claims.
    let early = "0b7e3a8c-5d1f-4e2a-9c6b-1a2b3c4d5e6f";
    assert_eq!(
        listener
            .accepted("/paywint", &[], &claim(early, &link.id))
            .await,
        expected(early, "pending", Value::Null, "pending")
    );
    // The payer pays on the sandbox's payer page; now the API confirms the success.
    let paid = client()
        .post(link.url.clone().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(paid.status().as_u16(), 200);
    let event_id = "4c1f9e2d-7b3a-4f6e-8d5c-2b1a0f9e8d7c";
    assert_eq!(
        listener
            .accepted("/paywint", &[], &claim(event_id, &link.id))
            .await,
        expected(event_id, "completed", json!("paid"), "success")
    );

    // A payment the API does not know is not confirmed; a body that is no Paywint event is a
    // bad request.
    let unknown = claim(event_id, "9f8e7d6c-5b4a-4321-8fed-cba987654321");
    let (status, reason) = listener.refused("/paywint", &[], &unknown).await;
    assert_eq!(status, 401);
    assert!(
        reason.starts_with("webhook could not be confirmed with the provider: "),
        "{reason}"
    );
    let (status, reason) = listener.refused("/paywint", &[], "{}").await;
    assert_eq!(status, 400);
    assert!(
        reason.starts_with("webhook body is undecodable"),
        "{reason}"
    );
    listener.interrupt().await;
}

/// What a forward delivered: the path, the headers and the body.
type Forwarded = (String, HeaderMap, Bytes);

/// An application endpoint on 127.0.0.1 that records every request and answers `status`
/// after `delay`.
async fn application(status: u16, delay: Duration) -> (String, UnboundedReceiver<Forwarded>) {
    let socket = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", socket.local_addr().unwrap());
    (origin, serve_application(socket, status, delay))
}

/// Serves the application of [`application`] on `socket`; what it receives.
fn serve_application(
    socket: tokio::net::TcpListener,
    status: u16,
    delay: Duration,
) -> UnboundedReceiver<Forwarded> {
    let (send, receive) = unbounded_channel();
    let app = axum::Router::new().fallback(
        move |uri: axum::http::Uri, headers: HeaderMap, body: Bytes| {
            let send = send.clone();
            async move {
                let _ = send.send((uri.path().to_owned(), headers, body));
                tokio::time::sleep(delay).await;
                axum::http::StatusCode::from_u16(status).unwrap()
            }
        },
    );
    tokio::spawn(async move { axum::serve(socket, app).await.unwrap() });
    receive
}

#[tokio::test(flavor = "multi_thread")]
async fn forward_to_reposts_the_verified_bytes_and_headers_and_nothing_refused() {
    let (origin, mut forwarded) = application(204, Duration::ZERO).await;
    let target = format!("{origin}/app/webhooks");
    let mut listener = Listener::start(
        "mesh",
        &[("MESH_WEBHOOK_SECRET", MESH_SECRET)],
        &["--forward-to", &target, AMPLE[0], AMPLE[1]],
    )
    .await;
    // Bytes a re-serialiser would change: spacing, key order, a long decimal, non-ASCII.
    let bodies = [
        "{ \"TransferStatus\" : \"pending\", \"EventId\":\"e-1\", \"DestinationAmount\": 1.000000000000000001, \"UserId\":\"joueur_é\" }",
        r#"{"EventId":"e-2","TransferStatus":"Succeeded","Token":"USDC","DestinationAmount":5}"#,
    ];
    let mut sent = Vec::new();
    for (n, body) in bodies.iter().enumerate() {
        let signature = hmac_base64(MESH_SECRET.as_bytes(), &[body.as_bytes()]);
        let id = format!("delivery-{n}");
        let headers = [
            ("X-Mesh-Signature-256", signature.as_str()),
            ("X-Delivery", id.as_str()),
        ];
        // A refused delivery before each verified one: never forwarded. The verified one is
        // answered with the application's own 2xx.
        assert_eq!(listener.refused("/hook", &headers, "{}").await.0, 401);
        listener.answered(204, "/hook", &headers, body).await;
        sent.push((signature, id));
    }
    for (body, (signature, id)) in bodies.iter().zip(sent) {
        let (path, headers, received) = tokio::time::timeout(WAIT, forwarded.recv())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(path, "/app/webhooks");
        assert_eq!(received, body.as_bytes());
        assert_eq!(headers["x-mesh-signature-256"], signature.as_str());
        assert_eq!(headers["x-delivery"], id.as_str());
        assert_eq!(headers["content-type"], "application/json");
        assert_eq!(headers["content-length"], body.len().to_string().as_str());
    }
    listener.interrupt().await;
    assert!(
        forwarded.try_recv().is_err(),
        "a refused delivery was forwarded"
    );
}

/// A P100 delivery as the listener tests sign it: the body and its `Authorization` header.
const P100_BODY: &str =
    r#"{"event_type":"payment_link.status_changed","data":{"status":"pending"}}"#;

#[tokio::test(flavor = "multi_thread")]
async fn an_application_that_fails_gets_the_provider_a_502_and_one_stderr_line() {
    let (origin, mut forwarded) = application(500, Duration::ZERO).await;
    let mut listener = Listener::start(
        "p100",
        &[("P100_WEBHOOK_TOKEN", P100_TOKEN)],
        &[
            "--forward-to",
            &format!("{origin}/hook"),
            AMPLE[0],
            AMPLE[1],
        ],
    )
    .await;
    let token = [("Authorization", P100_TOKEN)];
    listener.answered(502, "/", &token, P100_BODY).await;
    forwarded.recv().await.unwrap();
    assert_eq!(
        listener.said().await,
        format!(
            "paylinks listen: forwarding event {} failed (502): the application answered 500 \
             Internal Server Error",
            sha256(P100_BODY)
        )
    );
    listener.interrupt().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_application_slower_than_the_budget_gets_the_provider_a_504_in_time() {
    let (origin, mut forwarded) = application(202, Duration::from_secs(1)).await;
    let hook = format!("{origin}/hook");
    let token = [("Authorization", P100_TOKEN)];
    let env = [("P100_WEBHOOK_TOKEN", P100_TOKEN)];

    // The default budget (150 ms, under Mesh's 200 ms): the provider hears 504 well before the
    // application answers.
    let mut listener = Listener::start("p100", &env, &["--forward-to", &hook]).await;
    let started = std::time::Instant::now();
    listener.answered(504, "/", &token, P100_BODY).await;
    assert!(
        started.elapsed() < Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    forwarded.recv().await.unwrap();
    assert_eq!(
        listener.said().await,
        format!(
            "paylinks listen: forwarding event {} failed (504): the application did not answer \
             within 150 ms (--forward-timeout)",
            sha256(P100_BODY)
        )
    );
    listener.interrupt().await;

    // A budget it fits in: the application's own 2xx is passed on.
    let mut listener =
        Listener::start("p100", &env, &["--forward-to", &hook, AMPLE[0], AMPLE[1]]).await;
    listener.answered(202, "/", &token, P100_BODY).await;
    forwarded.recv().await.unwrap();
    listener.interrupt().await;
}

/// Every delivery attempt the sandbox has logged so far.
async fn attempts(sandbox: &Sandbox) -> Vec<Value> {
    let answer = client().get(sandbox.deliveries_url()).send().await.unwrap();
    serde_json::from_slice(&answer.bytes().await.unwrap()).unwrap()
}

/// The sandbox's attempts, once `done` holds for them (polled, failing after [`WAIT`]).
async fn attempts_once(sandbox: &Sandbox, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    let polled = async {
        loop {
            let attempts = attempts(sandbox).await;
            if done(&attempts) {
                return attempts;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    };
    tokio::time::timeout(WAIT, polled)
        .await
        .expect("the sandbox's attempts did not come within the wait")
}

#[tokio::test(flavor = "multi_thread")]
async fn an_application_that_is_down_gets_the_event_on_the_providers_retry_once() {
    // The application's port, bound but not listening yet: connecting is refused until the
    // application comes up on it.
    let down = tokio::net::TcpSocket::new_v4().unwrap();
    down.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let app_port = down.local_addr().unwrap().port().to_string();
    let credentials = Credentials::default();
    let mut listener = Listener::start(
        "p100",
        &[(
            "P100_WEBHOOK_TOKEN",
            credentials.p100_webhook_token.expose_secret(),
        )],
        &[
            "--forward-to",
            &format!("http://user:app-password@127.0.0.1:{app_port}/hook"),
            AMPLE[0],
            AMPLE[1],
        ],
    )
    .await;
    // P100 retries after 8, 16, 32 and 64 s: 0.4, 0.8, 1.6 and 3.2 s here.
    let sandbox = Sandbox::builder()
        .credentials(credentials)
        .webhook_url(
            Provider::P100,
            format!("{}/p100", listener.origin).parse().unwrap(),
        )
        .webhook_speedup(20)
        .start()
        .await
        .unwrap();
    let p100 = paylinks::sandbox::client(&sandbox, paylinks::Provider::P100).unwrap();
    let link = p100
        .create_link(
            &NewPaymentLink::new(Decimal::new(4200, 2), "EUR")
                .reference("order-down")
                .expires_at(time::OffsetDateTime::now_utc() + time::Duration::hours(1)),
        )
        .await
        .unwrap();
    let paid = client()
        .post(link.url.clone().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(paid.status().as_u16(), 200);

    // The first attempt: verified and printed, but the application is down, so the provider
    // is told 502 and the event is not taken.
    let first = attempts_once(&sandbox, |a| !a.is_empty()).await;
    assert_eq!(
        (
            &first[0]["attempt"],
            &first[0]["status"],
            &first[0]["delivered"]
        ),
        (&json!(1), &json!(502), &json!(false)),
        "{first:?}"
    );
    let event_id = first[0]["event_id"].as_str().unwrap().to_owned();
    let printed = listener.event().await;
    assert_eq!(
        serde_json::from_str::<Value>(&printed).unwrap()["event_id"],
        event_id.as_str()
    );
    let failed_forward = format!("paylinks listen: forwarding event {event_id} failed (502): ");
    let said = listener.said().await;
    assert!(said.starts_with(&failed_forward), "{said}");
    assert!(
        !said.contains(&app_port) && !said.contains("app-password"),
        "{said}"
    );

    // The application comes up; a later attempt of the provider's schedule gets it in.
    let mut forwarded = serve_application(down.listen(16).unwrap(), 200, Duration::ZERO);
    let log = attempts_once(&sandbox, |a| {
        a.last().is_some_and(|last| last["delivered"] == true)
    })
    .await;
    let (last, failed) = log.split_last().unwrap();
    assert!(
        failed
            .iter()
            .all(|a| a["status"] == 502 && a["delivered"] == false),
        "{log:?}"
    );
    assert_eq!(
        (&last["attempt"], &last["status"]),
        (&json!(log.len()), &json!(200)),
        "{log:?}"
    );
    assert!(
        log.iter().all(|a| a["event_id"] == event_id.as_str()),
        "{log:?}"
    );
    // Each verified attempt is printed, each refused forward said, as for any retry.
    for _ in 1..log.len() {
        assert_eq!(listener.event().await, printed);
    }
    for _ in 1..failed.len() {
        assert!(listener.said().await.starts_with(&failed_forward));
    }

    // Nothing lost, nothing twice: the application has the event once, byte for byte (P100's
    // event id is the digest of the raw body), with the provider's token.
    let (path, headers, body) = forwarded.try_recv().unwrap();
    assert_eq!(path, "/hook");
    assert_eq!(sha256(std::str::from_utf8(&body).unwrap()), event_id);
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["data"]["paymentLinkId"], link.id.as_str());
    assert_eq!(body["data"]["status"], "confirmed");
    assert_eq!(
        headers["authorization"],
        Credentials::default().p100_webhook_token.expose_secret()
    );
    listener.interrupt().await;
    assert!(
        forwarded.try_recv().is_err(),
        "the event was forwarded twice"
    );
    assert_eq!(attempts(&sandbox).await, log, "the sandbox tried again");
}

/// Runs `paylinks listen args…` with `env` until it exits; its code, stdout and stderr.
fn run(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_paylinks"));
    for variable in VARIABLES {
        command.env_remove(variable);
    }
    let out = command
        .arg("listen")
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_no_secret(&stdout);
    assert_no_secret(&stderr);
    (out.status.code().unwrap_or(-1), stdout, stderr)
}

#[test]
fn a_missing_secret_exits_2_naming_its_variable() {
    let hint = "(`paylinks listen` reads the webhook secret from the environment)";
    for (provider, variable) in [
        ("mesh", "MESH_WEBHOOK_SECRET"),
        ("txn", "TXN_WEBHOOK_SECRET"),
        ("payio", "PAYIO_WEBHOOK_PUBLIC_KEY_PATH"),
        ("p100", "P100_WEBHOOK_TOKEN"),
    ] {
        let (code, stdout, stderr) = run(&[provider, "--listen", "127.0.0.1:0", "--json"], &[]);
        assert_eq!(code, 2, "{stderr}");
        assert_eq!(
            stderr,
            format!("error: {provider}: {variable} is not set {hint}\n")
        );
        let error: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(error["error"]["kind"], "credentials");
        assert_eq!(
            error["error"]["fields"],
            json!([{ "field": variable, "message": "is not set" }])
        );
    }
    let (code, _, stderr) = run(
        &["paywint", "--listen", "127.0.0.1:0", "--env", "sandbox"],
        &[("PAYWINT_API_KEY", "k")],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.starts_with("error: paywint: PAYWINT_API_SECRET is not set "),
        "{stderr}"
    );
}

#[test]
fn an_unusable_secret_or_flag_exits_2_without_showing_the_secret() {
    type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);
    let cases: [Case<'_>; 7] = [
        (
            &["txn"],
            &[("TXN_WEBHOOK_SECRET", "whsec_p100-listen-test-token")],
            "error: txn: TXN_WEBHOOK_SECRET is not usable: a Txn signing secret is whsec_ followed \
             by standard Base64 (`paylinks listen` reads the webhook secret from the environment)",
        ),
        (
            &["payio"],
            &[("PAYIO_WEBHOOK_PUBLIC_KEY_PATH", env!("CARGO_MANIFEST_DIR"))],
            &format!(
                "error: payio: PAYIO_WEBHOOK_PUBLIC_KEY_PATH names {}, which is not a regular file \
                 (`paylinks listen` reads the webhook secret from the environment)",
                env!("CARGO_MANIFEST_DIR")
            ),
        ),
        (
            &["mesh", "--env", "sandbox"],
            &[("MESH_WEBHOOK_SECRET", MESH_SECRET)],
            "error: mesh: --env: is for paywint only, which confirms events through its API; mesh \
             webhooks are verified with the secret alone",
        ),
        (
            &["paywint"],
            &[
                ("PAYWINT_API_KEY", "k"),
                ("PAYWINT_API_SECRET", "paywint_sandbox_secret"),
            ],
            "error: paywint: --env: paywint signs nothing, so each event is confirmed by reading \
             the payment back through Paywint's API: pass --env sandbox|production or --base-url \
             URL",
        ),
        (
            &["p100", "--forward-to", "ftp://127.0.0.1/hook"],
            &[("P100_WEBHOOK_TOKEN", P100_TOKEN)],
            "error: p100: --forward-to: must be an http or https URL (your application's webhook \
             endpoint)",
        ),
        (
            &[
                "p100",
                "--forward-to",
                "http://127.0.0.1:1/hook",
                "--forward-timeout",
                "150",
            ],
            &[("P100_WEBHOOK_TOKEN", P100_TOKEN)],
            "error: p100: --forward-timeout: \"150\" is not a duration in whole ms or s, more than \
             zero (150ms, 2s)",
        ),
        (
            &[
                "p100",
                "--forward-to",
                "http://127.0.0.1:1/hook",
                "--forward-timeout",
                "0s",
            ],
            &[("P100_WEBHOOK_TOKEN", P100_TOKEN)],
            "error: p100: --forward-timeout: \"0s\" is not a duration in whole ms or s, more than \
             zero (150ms, 2s)",
        ),
    ];
    for (args, env, line) in cases {
        let mut args = args.to_vec();
        args.extend(["--listen", "127.0.0.1:0"]);
        let (code, stdout, stderr) = run(&args, env);
        assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
        assert_eq!(stderr, format!("{line}\n"));
    }
}
