//! The `paylinks` binary, run as a user runs it: every exit code, the exact stdout and stderr
//! of each failure kind, and no secret in any output.
//!
//! Servers are on 127.0.0.1 only: the embedded sandbox, a sandbox started by the test, httpmock,
//! or a port nothing listens on.

use std::process::Output;
use std::time::Duration;

use httpmock::prelude::*;
use paylinks_sandbox::{Credentials, Provider, Sandbox};
use secrecy::ExposeSecret;
use serde_json::{Value, json};

/// The Txn key the tests' own sandboxes accept; it must never be printed.
const TXN_KEY: &str = "txn_cmp_s3cr3t_cli_test_key";
/// A wrong key; it must never be printed either.
const WRONG_KEY: &str = "txn_cmp_wr0ng_cli_test_key";
/// Txn's create path.
const TXN_LINKS: &str = "/api/public/v1/payment_links";
/// The note the commands print when they start the embedded sandbox, up to its URL.
const EMBEDDED: &str =
    "paylinks: no --base-url or --env: using the embedded sandbox at http://127.0.0.1:";

/// Every value that must never show up in any output: the tests' keys and the sandbox's
/// default secrets (used by the embedded sandbox).
const SECRETS: [&str; 8] = [
    TXN_KEY,
    WRONG_KEY,
    "txn_cmp_sandbox",
    "payio_sandbox_key",
    "PRIVATE KEY",
    "mesh_sandbox_secret",
    "paywint_sandbox_secret",
    "p100_sandbox_key",
];

/// The credential variables, removed from every run so the test's environment cannot leak in.
const VARIABLES: [&str; 8] = [
    "PAYIO_API_KEY",
    "PAYIO_PRIVATE_KEY_PATH",
    "MESH_CLIENT_ID",
    "MESH_CLIENT_SECRET",
    "PAYWINT_API_KEY",
    "PAYWINT_API_SECRET",
    "P100_API_KEY",
    "TXN_API_KEY",
];

/// What one run printed and how it exited.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// stdout as one JSON value (the whole of it).
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {self:?}"))
    }

    /// The stderr lines that are not the embedded sandbox's note.
    fn errors(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| !l.starts_with(EMBEDDED))
            .collect()
    }
}

/// Runs `paylinks args…` with `env` set and no other credential variable.
fn paylinks(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = assert_cmd::Command::new(env!("CARGO_BIN_EXE_paylinks"));
    for variable in VARIABLES {
        command.env_remove(variable);
    }
    command.args(args).envs(env.iter().copied());
    command.timeout(Duration::from_secs(60));
    let Output {
        status,
        stdout,
        stderr,
    } = command.output().unwrap();
    let run = Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    };
    for secret in SECRETS {
        assert!(
            !run.stdout.contains(secret) && !run.stderr.contains(secret),
            "{secret} printed: {run:?}"
        );
    }
    run
}

/// [`paylinks`] off the async runtime, for tests whose servers run on it.
async fn paylinks_async(args: &[&str], env: &[(&str, &str)]) -> Run {
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        paylinks(&args, &env)
    })
    .await
    .unwrap()
}

/// `paylinks create txn --base-url <base> --json <args…>` with [`TXN_KEY`].
async fn create_txn(base: &str, args: &[&str]) -> Run {
    let mut all = vec!["create", "txn", "--base-url", base, "--json"];
    all.extend_from_slice(args);
    paylinks_async(&all, &[("TXN_API_KEY", TXN_KEY)]).await
}

/// A server that answers every Txn create with `status` and `body` as JSON:API.
async fn txn_create_answering(status: u16, body: &str) -> MockServer {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path(TXN_LINKS);
            then.status(status)
                .header("content-type", "application/vnd.api+json")
                .body(body);
        })
        .await;
    server
}

/// A sandbox that accepts [`TXN_KEY`] for Txn, and its Txn base URL.
async fn sandbox() -> (Sandbox, String) {
    let mut credentials = Credentials::default();
    credentials.txn_api_key = TXN_KEY.into();
    let sandbox = Sandbox::builder()
        .credentials(credentials)
        .start()
        .await
        .unwrap();
    let base = sandbox.base_url(Provider::Txn).to_string();
    (sandbox, base)
}

/// Asserts a failure: the exit code, the one `error:` line on stderr and the JSON object on
/// stdout.
fn assert_failure(run: &Run, code: i32, line: &str, error: Value) {
    assert_eq!(run.code, code, "{run:?}");
    assert_eq!(run.errors(), [line], "{run:?}");
    assert_eq!(run.json(), json!({ "error": error }), "{run:?}");
}

// Exit 0.

#[test]
fn create_against_the_embedded_sandbox_prints_the_url_first() {
    let run = paylinks(&["create", "txn", "--amount", "10.5"], &[]);
    assert_eq!(run.code, 0, "{run:?}");
    let stderr: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(stderr.len(), 1, "{run:?}");
    assert!(stderr[0].starts_with(EMBEDDED), "{run:?}");
    assert!(
        stderr[0].ends_with("/txn (it stops when this command exits)"),
        "{run:?}"
    );

    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{run:?}");
    assert!(lines[0].starts_with("http://127.0.0.1:"), "{run:?}");
    assert!(lines[0].contains("/txn/pay/"), "{run:?}");
    let id = lines[1].strip_prefix("id:        ").unwrap();
    assert!(uuid_like(id), "{id}");
    assert_eq!(lines[2], "status:    created");
    // Txn shows at least two decimal places: 10.5 comes back as 10.50, in the default EUR.
    assert_eq!(lines[3], "amount:    10.50 EUR");
    // Txn requires an expiry: it defaults to an hour from now.
    let expires = lines[4].strip_prefix("expires:   ").unwrap();
    let expires =
        time::OffsetDateTime::parse(expires, &time::format_description::well_known::Rfc3339)
            .unwrap();
    let left = expires - time::OffsetDateTime::now_utc();
    assert!(
        left > time::Duration::minutes(55) && left <= time::Duration::hours(1),
        "{left}"
    );
}

#[test]
fn create_json_is_one_object_with_the_exact_amount() {
    let run = paylinks(
        &[
            "create",
            "txn",
            "--amount",
            "100.125",
            "--currency",
            "USD",
            "--reference",
            "order-7",
            "--expires-at",
            "2030-01-02T03:04:05Z",
            "--success-url",
            "https://shop.example/ok",
            "--json",
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.ends_with("}\n") && run.stdout.lines().count() == 1);
    let link = run.json();
    let keys: Vec<&str> = link
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "provider",
            "id",
            "url",
            "amount",
            "currency",
            "status",
            "reference",
            "expires_at",
            "outcome"
        ]
    );
    let id = link["id"].as_str().unwrap();
    assert!(uuid_like(id));
    assert!(
        link["url"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:")
    );
    assert_eq!(
        link,
        json!({
            "provider": "txn",
            "id": id,
            "url": link["url"],
            "amount": "100.125",
            "currency": "USD",
            "status": "created",
            "reference": "order-7",
            "expires_at": "2030-01-02T03:04:05Z",
            "outcome": null,
        })
    );
}

#[test]
fn every_provider_creates_a_link_in_the_embedded_sandbox_with_the_defaults() {
    // Currency: each provider's default; the amount comes back as the same number.
    for (provider, currency) in [
        ("payio", None),
        ("mesh", Some("USD")),
        ("paywint", Some("USD")),
        ("p100", Some("EUR")),
        ("txn", Some("EUR")),
    ] {
        let run = paylinks(&["create", provider, "--amount", "7.5", "--json"], &[]);
        assert_eq!(run.code, 0, "{run:?}");
        let link = run.json();
        assert_eq!(link["provider"], provider, "{run:?}");
        let amount = link["amount"].as_str().unwrap();
        assert_eq!(amount.trim_end_matches('0'), "7.5", "{run:?}");
        match currency {
            Some(code) => assert_eq!(link["currency"], code, "{run:?}"),
            // Pay.io: the first currency the sandbox merchant has enabled.
            None => assert!(link["currency"].as_str().is_some_and(|c| !c.is_empty())),
        }
        assert!(
            link["url"]
                .as_str()
                .unwrap()
                .contains(&format!("/{provider}/pay/")),
            "{run:?}"
        );
    }
    // Mesh says which destination it chose.
    let run = paylinks(&["create", "mesh", "--amount", "1"], &[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.errors()
            .iter()
            .any(|l| l.starts_with("paylinks: mesh: no --to: paying ")
                && l.ends_with(" into 0x000000000000000000000000000000000000dEaD")),
        "{run:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_link_created_with_base_url_reads_back_with_get() {
    let (_sandbox, base) = sandbox().await;
    let env = [("TXN_API_KEY", TXN_KEY)];
    let created = paylinks_async(
        &[
            "create",
            "txn",
            "--amount",
            "42.00",
            "--base-url",
            &base,
            "--json",
        ],
        &env,
    )
    .await;
    assert_eq!(created.code, 0, "{created:?}");
    // Nothing about an embedded sandbox: the test's own sandbox served it.
    assert_eq!(created.stderr, "");
    let created = created.json();
    let id = created["id"].as_str().unwrap();

    let read = paylinks_async(&["get", "txn", id, "--base-url", &base, "--json"], &env).await;
    assert_eq!(read.code, 0, "{read:?}");
    assert_eq!(read.json(), created);

    let text = paylinks_async(&["get", "txn", id, "--base-url", &base], &env).await;
    assert_eq!(text.code, 0, "{text:?}");
    assert_eq!(
        text.stdout.lines().next(),
        created["url"].as_str(),
        "{text:?}"
    );
    assert!(text.stdout.contains("\namount:    42.00 EUR\n"), "{text:?}");
}

/// `create payio` without `--currency` reads the merchant's currencies once: one client lists
/// them for the default and then creates the link, sending the chosen currency's id so that it
/// has no code to look up in the list again.
#[tokio::test(flavor = "multi_thread")]
async fn create_payio_lists_the_merchant_currencies_once() {
    const USDC_ID: &str = "c872e749-fd56-533e-b01f-de87ae38e7f1";
    let server = MockServer::start_async().await;
    let currencies = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/merchant/currencies");
            then.status(200)
                .header("content-type", "application/json")
                .body(format!(
                    r#"{{"currencies":[{{"id":"{USDC_ID}","name":"USD Coin","currency_code":"USDC","network":"Base Chain"}},{{"id":"1270e0a2-593b-5272-8c0e-90ba5552d921","name":"SOL","currency_code":"SOL","network":"Solana"}}]}}"#
                ));
        })
        .await;
    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/user/deposit/link_external_wallet")
                .body(format!(
                    r#"{{"amount":"1.50","currency_id":"{USDC_ID}","user_reference_id":"cus-1"}}"#
                ));
            then.status(200)
                .header("content-type", "application/json")
                .body(r#"{"link":"https://pay.example/deposit/1"}"#);
        })
        .await;
    // The sandbox's published key signs; the mock does not check signatures.
    let credentials = Credentials::default();
    let key = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        key.path(),
        credentials.payio_private_key_pem.expose_secret(),
    )
    .unwrap();
    let run = paylinks_async(
        &[
            "create",
            "payio",
            "--amount",
            "1.50",
            "--customer",
            "cus-1",
            "--base-url",
            &server.base_url(),
            "--json",
        ],
        &[
            ("PAYIO_API_KEY", credentials.payio_api_key.expose_secret()),
            ("PAYIO_PRIVATE_KEY_PATH", &key.path().display().to_string()),
        ],
    )
    .await;
    assert_eq!(run.code, 0, "{run:?}");
    currencies.assert_calls_async(1).await;
    create.assert_calls_async(1).await;
    // The link names the currency by its code, as when the client looks the code up.
    assert_eq!(run.json()["currency"], "USDC", "{run:?}");
}

// Exit 2: usage errors, missing credentials, invalid_request, unsupported.

#[test]
fn a_bad_amount_is_a_usage_error() {
    let run = paylinks(&["create", "txn", "--amount", "abc", "--json"], &[]);
    let message = r#""abc" is not a decimal amount (e.g. 100.50)"#;
    assert_failure(
        &run,
        2,
        &format!("error: txn: --amount: {message}"),
        json!({
            "kind": "usage",
            "status": null,
            "code": null,
            "message": format!("--amount: {message}"),
            "fields": [{ "field": "--amount", "message": message }],
        }),
    );
    // Refused before anything started.
    assert_eq!(run.stderr.lines().count(), 1);
}

#[test]
fn an_amount_with_more_digits_than_a_decimal_holds_is_refused_not_rounded() {
    let run = paylinks(
        &[
            "create",
            "txn",
            "--amount",
            "0.12345678901234567890123456789",
        ],
        &[],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr,
        "error: txn: --amount: \"0.12345678901234567890123456789\" is not a decimal amount (e.g. 100.50)\n"
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn a_field_the_provider_has_no_place_for_is_unsupported() {
    let run = paylinks(
        &[
            "create",
            "txn",
            "--amount",
            "5",
            "--description",
            "hi",
            "--json",
        ],
        &[],
    );
    assert_failure(
        &run,
        2,
        "error: txn: description is not supported: txn has no such field on a payment link",
        json!({
            "kind": "unsupported",
            "status": null,
            "code": null,
            "message": "description is not supported: txn has no such field on a payment link",
            "fields": [{ "field": "description", "message": "txn has no such field on a payment link" }],
        }),
    );
}

#[test]
fn an_amount_the_client_refuses_before_sending_is_an_invalid_request() {
    let run = paylinks(&["create", "txn", "--amount", "-1", "--json"], &[]);
    assert_failure(
        &run,
        2,
        "error: txn: invalid request: data.attributes.amount: must be greater than 0",
        json!({
            "kind": "invalid_request",
            "status": null,
            "code": null,
            "message": "invalid request: data.attributes.amount: must be greater than 0",
            "fields": [{ "field": "data.attributes.amount", "message": "must be greater than 0" }],
        }),
    );
}

/// Issue 11: `create txn` sent an all-space reference and a past expiry. Both are refused
/// before anything is sent: the server sees no request.
#[tokio::test(flavor = "multi_thread")]
async fn a_blank_reference_or_a_past_expiry_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(500);
        })
        .await;
    let base = server.base_url();
    let run = create_txn(&base, &["--amount", "1", "--reference", "  "]).await;
    assert_failure(
        &run,
        2,
        "error: txn: invalid request: reference: must not be empty or whitespace only",
        json!({
            "kind": "invalid_request",
            "status": null,
            "code": null,
            "message": "invalid request: reference: must not be empty or whitespace only",
            "fields": [{ "field": "reference", "message": "must not be empty or whitespace only" }],
        }),
    );
    let run = create_txn(
        &base,
        &["--amount", "1", "--expires-at", "2020-01-01T00:00:00Z"],
    )
    .await;
    assert_failure(
        &run,
        2,
        "error: txn: invalid request: expires_at: must be in the future",
        json!({
            "kind": "invalid_request",
            "status": null,
            "code": null,
            "message": "invalid request: expires_at: must be in the future",
            "fields": [{ "field": "expires_at", "message": "must be in the future" }],
        }),
    );
    any.assert_calls_async(0).await;
}

#[test]
fn pay_io_cannot_read_a_link_back() {
    let run = paylinks(&["get", "payio", "https://pay.example/link", "--json"], &[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(run.json()["error"]["kind"], "unsupported");
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{run:?}");
    assert!(
        errors[0]
            .starts_with("error: payio: get_link is not supported: Pay.io documents no endpoint"),
        "{run:?}"
    );
}

#[test]
fn missing_credentials_name_the_variable() {
    type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);
    let cases: [Case<'_>; 6] = [
        (
            &["create", "paywint", "--env", "production"],
            &[],
            "PAYWINT_API_KEY",
        ),
        (
            &["create", "paywint", "--env", "production"],
            &[("PAYWINT_API_KEY", "k")],
            "PAYWINT_API_SECRET",
        ),
        (
            &["create", "p100", "--env", "production"],
            &[],
            "P100_API_KEY",
        ),
        (&["create", "txn", "--env", "sandbox"], &[], "TXN_API_KEY"),
        (
            &[
                "create",
                "mesh",
                "--env",
                "production",
                "--to",
                "USDC:e3c7fdd8-b1fc-4e51-85ae-bb276e075611:0xabc",
            ],
            &[],
            "MESH_CLIENT_ID",
        ),
        (
            &["create", "payio", "--env", "sandbox"],
            &[("PAYIO_API_KEY", "k")],
            "PAYIO_PRIVATE_KEY_PATH",
        ),
    ];
    for (args, env, variable) in cases {
        let mut args = args.to_vec();
        args.extend(["--amount", "1", "--json"]);
        let run = paylinks(&args, env);
        let provider = args[1];
        let message = format!(
            "{variable} is not set (with --env or --base-url credentials come from the \
             environment; the embedded sandbox needs none)"
        );
        assert_failure(
            &run,
            2,
            &format!("error: {provider}: {message}"),
            json!({
                "kind": "credentials",
                "status": null,
                "code": null,
                "message": message,
                "fields": [{ "field": variable, "message": "is not set" }],
            }),
        );
    }
}

#[test]
fn an_unreadable_private_key_file_names_its_variable_and_path() {
    let run = paylinks(
        &["create", "payio", "--env", "sandbox", "--amount", "1"],
        &[
            ("PAYIO_API_KEY", "k"),
            ("PAYIO_PRIVATE_KEY_PATH", "/nonexistent/paylinks-key.pem"),
        ],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr,
        "error: payio: PAYIO_PRIVATE_KEY_PATH names a file that cannot be read \
         (/nonexistent/paylinks-key.pem: No such file or directory (os error 2)) (with --env or \
         --base-url credentials come from the environment; the embedded sandbox needs none)\n"
    );
}

#[test]
fn a_key_file_that_is_a_device_a_pipe_or_too_large_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("key.fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let large = dir.path().join("large.pem");
    std::fs::write(&large, vec![b'A'; 64 * 1024 + 1]).unwrap();
    let fifo = fifo.display().to_string();
    let large = large.display().to_string();
    // A device would be read to the end (1 GiB and more) and a pipe forever; neither is opened.
    for (path, problem) in [
        ("/dev/zero", "which is not a regular file"),
        (fifo.as_str(), "which is not a regular file"),
        (
            large.as_str(),
            "which is larger than the 64 KiB a PEM key takes at most",
        ),
    ] {
        let run = paylinks(
            &["create", "payio", "--env", "sandbox", "--amount", "1"],
            &[("PAYIO_API_KEY", "k"), ("PAYIO_PRIVATE_KEY_PATH", path)],
        );
        assert_eq!(run.code, 2, "{run:?}");
        assert!(
            run.stderr.starts_with(&format!(
                "error: payio: PAYIO_PRIVATE_KEY_PATH names {path}, {problem} "
            )),
            "{run:?}"
        );
    }
}

#[test]
fn clap_usage_errors_exit_2() {
    // A missing required flag: clap's own message.
    let run = paylinks(&["create", "txn"], &[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.starts_with(
            "error: the following required arguments were not provided:\n  --amount <DECIMAL>\n"
        ),
        "{run:?}"
    );
    assert_eq!(run.stdout, "");

    // An unknown provider, an unknown --env, both --env and --base-url, no command.
    for args in [
        &["create", "stripe", "--amount", "1"][..],
        &["get", "txn", "x", "--env", "staging"],
        &[
            "get",
            "txn",
            "x",
            "--env",
            "sandbox",
            "--base-url",
            "http://127.0.0.1:1",
        ],
        &["sandbox", "--listen", "nowhere"],
        &[],
    ] {
        let run = paylinks(args, &[]);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert!(
            run.stderr.starts_with("error: ") || args.is_empty(),
            "{run:?}"
        );
    }
    let run = paylinks(&["create", "stripe", "--amount", "1"], &[]);
    assert!(
        run.stderr.starts_with(
            "error: invalid value 'stripe' for '<PROVIDER>': unknown provider \"stripe\": \
             expected payio, mesh, paywint, p100 or txn\n"
        ),
        "{run:?}"
    );

    // With --json, the usage error is also a JSON object on stdout.
    let run = paylinks(
        &["create", "txn", "--amount", "1", "--bogus", "--json"],
        &[],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.json(),
        json!({ "error": {
            "kind": "usage",
            "status": null,
            "code": null,
            "message": "unexpected argument '--bogus' found",
            "fields": [],
        }})
    );

    // Help is not an error.
    let run = paylinks(&["create", "--help"], &[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("--expires-at  now + 1 hour"), "{run:?}");
}

#[test]
fn flag_values_the_cli_cannot_use_exit_2() {
    let cases: [(&[&str], &str); 8] = [
        (
            &["create", "txn", "--amount", "1", "--expires-at", "tomorrow"],
            "error: txn: --expires-at: \"tomorrow\" is not an RFC 3339 date-time in the years 0000 to 9999 (e.g. 2026-06-01T23:00:00Z)",
        ),
        (
            // Year 10000 once in UTC: a panic in the clients before this check existed.
            &[
                "create",
                "txn",
                "--amount",
                "1",
                "--expires-at",
                "9999-12-31T23:59:59-23:59",
            ],
            "error: txn: --expires-at: \"9999-12-31T23:59:59-23:59\" is not an RFC 3339 date-time in the years 0000 to 9999 (e.g. 2026-06-01T23:00:00Z)",
        ),
        (
            &[
                "create",
                "p100",
                "--amount",
                "1",
                "--expires-at",
                "9999-12-31T23:59:59-23:59",
            ],
            "error: p100: --expires-at: \"9999-12-31T23:59:59-23:59\" is not an RFC 3339 date-time in the years 0000 to 9999 (e.g. 2026-06-01T23:00:00Z)",
        ),
        (
            &[
                "create",
                "txn",
                "--amount",
                "1",
                "--success-url",
                "not a url",
            ],
            "error: txn: --success-url: \"not a url\" is not a URL: relative URL without a base",
        ),
        (
            &[
                "create",
                "txn",
                "--amount",
                "1",
                "--to",
                "USDC:e3c7fdd8-b1fc-4e51-85ae-bb276e075611:0xabc",
            ],
            "error: txn: --to: is for mesh only; txn takes no destination addresses",
        ),
        (
            &[
                "create",
                "mesh",
                "--amount",
                "1",
                "--to",
                "USDC:ethereum:0xabc",
            ],
            "error: mesh: --to: \"USDC:ethereum:0xabc\" is not SYMBOL:NETWORK_ID:ADDRESS (the \
             network id is a UUID from Mesh's networks list)",
        ),
        (
            &["get", "txn", "x", "--base-url", "http://pay.example"],
            "error: txn: --base-url: the base URL must be https unless its host is a loopback \
             address: http://pay.example",
        ),
        (
            &["get", "txn", "x", "--env", "production"],
            "error: txn: --env: txn documents no production host; pass the host txn gives you \
             as --base-url",
        ),
    ];
    for (args, line) in cases {
        let mut args = args.to_vec();
        args.push("--json");
        let run = paylinks(&args, &[("TXN_API_KEY", TXN_KEY)]);
        assert_eq!(run.code, 2, "{run:?}");
        assert_eq!(run.stderr, format!("{line}\n"), "{args:?}");
        let json = run.json();
        assert_eq!(json["error"]["kind"], "usage", "{run:?}");
        assert_eq!(json["error"]["status"], Value::Null, "{run:?}");
    }
    let run = paylinks(
        &["create", "mesh", "--amount", "1", "--env", "sandbox"],
        &[("MESH_CLIENT_ID", "id"), ("MESH_CLIENT_SECRET", "s")],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr,
        "error: mesh: --to: mesh needs at least one --to SYMBOL:NETWORK_ID:ADDRESS, the \
         addresses the payer may pay into\n"
    );
    let run = paylinks(&["sandbox", "--listen", "0.0.0.0:0"], &[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr,
        "error: --listen: 0.0.0.0:0 is not a loopback address: the sandbox's credentials are \
         published, so it listens on 127.0.0.1 or ::1 only\n"
    );
}

// Exit 3: validation, duplicate, not_found, rejected.

#[tokio::test(flavor = "multi_thread")]
async fn a_reused_reference_is_a_duplicate() {
    let (_sandbox, base) = sandbox().await;
    let env = [("TXN_API_KEY", TXN_KEY)];
    let args = [
        "create",
        "txn",
        "--amount",
        "3",
        "--reference",
        "dup-1",
        "--base-url",
        &base,
        "--json",
    ];
    let first = paylinks_async(&args, &env).await;
    assert_eq!(first.code, 0, "{first:?}");
    let second = paylinks_async(&args, &env).await;
    assert_failure(
        &second,
        3,
        "error: txn: duplicate reference dup-1: HTTP 422 reference_duplicate: Reference \
         duplicate: dup-1",
        json!({
            "kind": "duplicate",
            "status": 422,
            "code": "reference_duplicate",
            "message": "Reference duplicate: dup-1",
            "fields": [],
        }),
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_id_is_not_found() {
    let (_sandbox, base) = sandbox().await;
    let run = paylinks_async(
        &["get", "txn", "no-such-link", "--base-url", &base, "--json"],
        &[("TXN_API_KEY", TXN_KEY)],
    )
    .await;
    assert_failure(
        &run,
        3,
        "error: txn: not found: HTTP 404: Not found: no-such-link",
        json!({
            "kind": "not_found",
            "status": 404,
            "code": null,
            "message": "Not found: no-such-link",
            "fields": [],
        }),
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rule_only_the_provider_checks_is_a_validation_error() {
    // The client refuses an expiry that is past on its own clock, but cannot know P100's: a
    // provider whose clock runs a day ahead refuses an expiry an hour from now.
    let sandbox = Sandbox::start().await.unwrap();
    sandbox.clock().advance(time::Duration::days(1));
    let in_an_hour = (time::OffsetDateTime::now_utc() + time::Duration::hours(1))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let key = Credentials::default().p100_api_key;
    let run = paylinks_async(
        &[
            "create",
            "p100",
            "--amount",
            "1",
            "--reference",
            "order-1",
            "--expires-at",
            &in_an_hour,
            "--base-url",
            sandbox.base_url(Provider::P100).as_str(),
            "--json",
        ],
        &[("P100_API_KEY", key.expose_secret())],
    )
    .await;
    assert_failure(
        &run,
        3,
        "error: p100: validation failed: HTTP 400 P403: Validation error: expiresAt: must be in \
         the future",
        json!({
            "kind": "validation",
            "status": 400,
            "code": "P403",
            "message": "Validation error: expiresAt: must be in the future",
            "fields": [],
        }),
    );
}

// Exit 4: auth.

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_api_key_is_an_auth_error_and_is_never_printed() {
    let (_sandbox, base) = sandbox().await;
    let run = paylinks_async(
        &[
            "create",
            "txn",
            "--amount",
            "1",
            "--base-url",
            &base,
            "--json",
        ],
        &[("TXN_API_KEY", WRONG_KEY)],
    )
    .await;
    assert_failure(
        &run,
        4,
        "error: txn: authentication failed: HTTP 401 unauthorized: HTTP Token: Access denied.",
        json!({
            "kind": "auth",
            "status": 401,
            "code": "unauthorized",
            "message": "HTTP Token: Access denied.",
            "fields": [],
        }),
    );
}

// Exit 5: rate_limited, unavailable, transport.

#[test]
fn a_closed_port_is_a_transport_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let base = format!("http://127.0.0.1:{port}");
    let run = paylinks(
        &[
            "create",
            "txn",
            "--amount",
            "1",
            "--base-url",
            &base,
            "--json",
        ],
        &[("TXN_API_KEY", TXN_KEY)],
    );
    assert_eq!(run.code, 5, "{run:?}");
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{run:?}");
    let prefix = "error: txn: transport error (Connect): ";
    assert!(errors[0].starts_with(prefix), "{run:?}");
    // The request was for Txn's create path under the given base URL.
    assert!(errors[0].contains(&format!("{base}{TXN_LINKS}")), "{run:?}");
    let json = run.json();
    assert_eq!(
        json["error"],
        json!({
            "kind": "transport",
            "status": null,
            "code": null,
            "message": errors[0].strip_prefix("error: txn: ").unwrap(),
            "fields": [],
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_answered_503_is_unconfirmed_exit_7_and_never_repeated() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(TXN_LINKS)
                .header("authorization", format!("Bearer {TXN_KEY}"));
            then.status(503)
                .header("content-type", "application/vnd.api+json")
                .body(r#"{"errors":[{"status":503,"title":"Service Unavailable","code":"maintenance"}]}"#);
        })
        .await;
    // Txn looks the link up by its reference first; nothing answers that here (404).
    let run = create_txn(
        &server.base_url(),
        &["--amount", "1", "--reference", "order-7"],
    )
    .await;
    assert_failure(
        &run,
        7,
        "error: txn: the request may have taken effect; do not repeat it, look it up by reference order-7: HTTP 503 maintenance: Service Unavailable",
        json!({
            "kind": "unconfirmed",
            "status": 503,
            "code": "maintenance",
            "message": "Service Unavailable",
            "fields": [],
            "look_up_by": { "field": "reference", "value": "order-7" },
        }),
    );
    // A create is never repeated once it may have reached the provider.
    mock.assert_calls_async(1).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_429_is_rate_limited() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path(TXN_LINKS);
            then.status(429)
                .header("retry-after", "30")
                .header("content-type", "application/vnd.api+json")
                .body(r#"{"errors":[{"status":429,"title":"Too many requests"}]}"#);
        })
        .await;
    let run = create_txn(&server.base_url(), &["--amount", "1"]).await;
    assert_failure(
        &run,
        5,
        "error: txn: rate limited (retry after 30s): HTTP 429: Too many requests",
        json!({
            "kind": "rate_limited",
            "status": 429,
            "code": null,
            "message": "Too many requests",
            "fields": [],
            "retry_after": 30,
        }),
    );
}

// Exit 7: unconfirmed.

/// A create answered with a success that cannot be read made a link that cannot be reported:
/// exit 7, so a script does not make a second one. (Txn cannot look it up by reference here:
/// none was given.)
#[tokio::test(flavor = "multi_thread")]
async fn an_undocumented_success_body_to_a_create_is_unconfirmed() {
    let server = txn_create_answering(
        201,
        "{\"data\": {\"id\": 7,\n \"note\": \"not a payment link\"}}",
    )
    .await;
    let run = create_txn(&server.base_url(), &["--amount", "1"]).await;
    assert_eq!(run.code, 7, "{run:?}");
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{run:?}");
    // One line, even though the body has a line break.
    assert!(
        errors[0].starts_with("error: txn: the request may have taken effect; do not repeat it, look it up: cannot decode HTTP 201 response at `data"),
        "{run:?}"
    );
    assert!(
        errors[0].ends_with(r#"body: {"data": {"id": 7,  "note": "not a payment link"}}"#),
        "{run:?}"
    );
    let json = run.json();
    assert_eq!(json["error"]["kind"], "unconfirmed");
    assert_eq!(json["error"]["look_up_by"], Value::Null);
    assert_eq!(json["error"]["status"], 201);
    assert_eq!(json["error"]["code"], Value::Null);
    assert_eq!(
        json["error"]["message"],
        errors[0].strip_prefix("error: txn: ").unwrap()
    );
}

/// Issue 11: a create answered with another amount was printed as a good link. It is now a
/// `mismatch`, exit 6 like any reply that cannot be taken as the answer, naming both amounts.
#[tokio::test(flavor = "multi_thread")]
async fn a_reply_with_another_amount_is_a_mismatch() {
    let body = r#"{"data":{"id":"l-1","type":"paymentLinks","attributes":{"amount":"99999.99","currency":"EUR","hostedPageUrl":"https://pay.example/l-1","status":"created","expiresAt":"2030-01-01T00:00:00Z","createdAt":"2026-11-28T00:00:00Z","paymentType":"Invoice"}}}"#;
    let server = txn_create_answering(201, body).await;
    let run = create_txn(&server.base_url(), &["--amount", "12.34"]).await;
    let message = format!(
        "reply does not match: HTTP 201 says amount 99999.99 where 12.34 was asked; body: {body}"
    );
    assert_failure(
        &run,
        6,
        &format!("error: txn: {message}"),
        json!({
            "kind": "mismatch",
            "status": 201,
            "code": null,
            "message": message,
            "fields": [{ "field": "amount", "message": "99999.99 where 12.34 was asked" }],
        }),
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_redirect_is_not_followed_and_the_key_never_reaches_the_other_host() {
    let home = MockServer::start_async().await;
    let elsewhere = MockServer::start_async().await;
    let stranger = elsewhere
        .mock_async(|_, then| {
            then.status(201)
                .header("content-type", "application/vnd.api+json")
                .body("{}");
        })
        .await;
    let target = format!("{}{TXN_LINKS}", elsewhere.base_url());
    let create = home
        .mock_async(|when, then| {
            when.method(POST).path(TXN_LINKS);
            then.status(307).header("location", target.as_str());
        })
        .await;
    let run = create_txn(&home.base_url(), &["--amount", "12.34"]).await;
    let line = format!("error: txn: HTTP 307 redirect not followed (to {target})");
    assert_failure(
        &run,
        6,
        &line,
        json!({
            "kind": "redirect",
            "status": 307,
            "code": null,
            "message": line.strip_prefix("error: txn: ").unwrap(),
            "fields": [],
        }),
    );
    create.assert_calls_async(1).await;
    stranger.assert_calls_async(0).await;
}

/// A proxy that records the first line of each request it gets and then hangs up, and
/// where it listens.
async fn recording_proxy() -> (
    String,
    std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    tokio::task::JoinHandle<()>,
) {
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = seen.clone();
    let task = tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut head = vec![0; 1024];
            let n = stream.read(&mut head).await.unwrap_or(0);
            let text = String::from_utf8_lossy(&head[..n]);
            let first = text.lines().next().unwrap_or_default().to_owned();
            record.lock().unwrap().push(first);
        }
    });
    (url, seen, task)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_proxy_from_the_environment_is_used_for_remote_hosts_but_never_for_loopback() {
    let (proxy, seen, task) = recording_proxy().await;
    let proxies = [
        ("HTTP_PROXY", proxy.as_str()),
        ("http_proxy", proxy.as_str()),
        ("HTTPS_PROXY", proxy.as_str()),
        ("https_proxy", proxy.as_str()),
        ("ALL_PROXY", proxy.as_str()),
        ("NO_PROXY", ""),
        ("no_proxy", ""),
    ];
    // Loopback: the embedded sandbox and a --base-url on 127.0.0.1 are reached directly.
    let (_sandbox, base) = sandbox().await;
    let mut env = proxies.to_vec();
    env.push(("TXN_API_KEY", TXN_KEY));
    let run = paylinks_async(
        &["create", "txn", "--amount", "1", "--base-url", &base],
        &env,
    )
    .await;
    assert_eq!(run.code, 0, "{run:?}");
    let run = paylinks_async(&["create", "txn", "--amount", "1"], &proxies).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(seen.lock().unwrap().len(), 0, "{:?}", seen.lock().unwrap());

    // A remote host still goes through the proxy (which hangs up: nothing leaves the machine).
    let run = paylinks_async(
        &["create", "txn", "--amount", "1", "--env", "sandbox"],
        &env,
    )
    .await;
    assert_eq!(run.code, 5, "{run:?}");
    // The tunnel never opened, so the create was never sent and is tried again (3 tries).
    assert_eq!(
        *seen.lock().unwrap(),
        ["CONNECT api.sandbox.txn.io:443 HTTP/1.1"; 3]
    );
    task.abort();
}

fn uuid_like(text: &str) -> bool {
    text.len() == 36 && text.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
}

// `paylinks sandbox`.

/// A child process that is killed and reaped when dropped, so a failing assertion cannot leave
/// it running (it has exited already when the test got as far as waiting for it).
struct Reaped(std::process::Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        // Both fail only when the process has already exited and been waited for.
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Reads `child`'s stdout lines until one starts with `last`, failing after 30 seconds.
#[cfg(unix)]
fn read_until(child: &mut std::process::Child, last: &str) -> Vec<String> {
    use std::io::BufRead;
    let stdout = child.stdout.take().unwrap();
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            if send.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    loop {
        let line = receive
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|e| panic!("{e} after {lines:?}"));
        let done = line.starts_with(last);
        lines.push(line);
        if done {
            return lines;
        }
    }
}

#[cfg(unix)]
#[test]
fn the_sandbox_command_prints_base_urls_and_exports_and_stops_on_ctrl_c() {
    use std::os::unix::fs::PermissionsExt;
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_paylinks"));
    for variable in VARIABLES {
        command.env_remove(variable);
    }
    let mut running = Reaped(
        command
            .args(["sandbox", "--listen", "127.0.0.1:0"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let child = &mut running.0;
    let lines = read_until(child, "export TXN_WEBHOOK_SECRET=");

    let addr = lines[0]
        .strip_prefix("# paylinks sandbox listening on ")
        .and_then(|l| l.strip_suffix(" (Ctrl-C stops it)"))
        .unwrap_or_else(|| panic!("{lines:?}"));
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    let origin = format!("http://{addr}");
    let path = |line: &str, name: &str| {
        line.strip_prefix(&format!("export {name}='"))
            .and_then(|l| l.strip_suffix('\''))
            .unwrap_or_else(|| panic!("{lines:?}"))
            .to_owned()
    };
    let key_path = path(&lines[10], "PAYIO_PRIVATE_KEY_PATH");
    let webhook_key_path = path(&lines[17], "PAYIO_WEBHOOK_PUBLIC_KEY_PATH");
    assert_eq!(
        lines,
        [
            lines[0].clone(),
            "# base URLs, one per provider (pass one as --base-url):".to_owned(),
            format!("#   payio    {origin}/payio"),
            format!("#   mesh     {origin}/mesh"),
            format!("#   paywint  {origin}/paywint"),
            format!("#   p100     {origin}/p100"),
            format!("#   txn      {origin}/txn"),
            format!(
                "# payer pages deliver signed webhooks where --webhook-url says; attempts: \
                 {origin}/_sandbox/deliveries"
            ),
            "# sandbox credentials (published, good for nothing else):".to_owned(),
            "export PAYIO_API_KEY='payio_sandbox_key'".to_owned(),
            format!("export PAYIO_PRIVATE_KEY_PATH='{key_path}'"),
            "export MESH_CLIENT_ID='mesh-sandbox-client'".to_owned(),
            "export MESH_CLIENT_SECRET='mesh_sandbox_secret'".to_owned(),
            "export PAYWINT_API_KEY='5a1d2b7e-0c4f-4e8a-9b3d-7f6e5d4c3b2a'".to_owned(),
            "export PAYWINT_API_SECRET='paywint_sandbox_secret'".to_owned(),
            "export P100_API_KEY='p100_sandbox_key'".to_owned(),
            "export TXN_API_KEY='txn_cmp_sandbox'".to_owned(),
            format!("export PAYIO_WEBHOOK_PUBLIC_KEY_PATH='{webhook_key_path}'"),
            "export MESH_WEBHOOK_SECRET='mesh_sandbox_webhook_secret'".to_owned(),
            "export P100_WEBHOOK_TOKEN='p100_sandbox_webhook_token'".to_owned(),
            "export TXN_WEBHOOK_SECRET='whsec_cGF5bGlua3Mtc2FuZGJveC1zdml4LWtleQ=='".to_owned(),
        ]
    );
    // The key files hold the sandbox's Pay.io keys, readable by their owner only.
    for (path, label) in [
        (&key_path, "-----BEGIN PRIVATE KEY-----"),
        (&webhook_key_path, "-----BEGIN PUBLIC KEY-----"),
    ] {
        let pem = std::fs::read_to_string(path).unwrap();
        assert!(pem.starts_with(label), "{path}");
        let mode = std::fs::metadata(path).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "{mode:o}");
    }

    // The exports and a base URL are all another command needs.
    let env = [("TXN_API_KEY", "txn_cmp_sandbox")];
    let base = format!("{origin}/txn");
    let created = paylinks(
        &[
            "create",
            "txn",
            "--amount",
            "9.99",
            "--base-url",
            &base,
            "--json",
        ],
        &env,
    );
    assert_eq!(created.code, 0, "{created:?}");
    assert_eq!(created.stderr, "");
    let id = created.json()["id"].as_str().unwrap().to_owned();
    let read = paylinks(&["get", "txn", &id, "--base-url", &base, "--json"], &env);
    assert_eq!(read.code, 0, "{read:?}");
    assert_eq!(read.json(), created.json());

    // Pay.io signs with the key file the exports name; Mesh pays into a network the sandbox
    // lists.
    let export = |name: &str| exported(&lines, name);
    let payio_env = [
        ("PAYIO_API_KEY", export("PAYIO_API_KEY")),
        ("PAYIO_PRIVATE_KEY_PATH", export("PAYIO_PRIVATE_KEY_PATH")),
    ];
    let payio_env: Vec<(&str, &str)> = payio_env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let payio_base = format!("{origin}/payio");
    let created = paylinks(
        &[
            "create",
            "payio",
            "--amount",
            "5",
            "--currency",
            "USDC",
            "--customer",
            "c-1",
            "--base-url",
            &payio_base,
            "--json",
        ],
        &payio_env,
    );
    assert_eq!(created.code, 0, "{created:?}");
    assert_eq!(created.json()["currency"], "USDC");
    let mesh_env = [
        ("MESH_CLIENT_ID", export("MESH_CLIENT_ID")),
        ("MESH_CLIENT_SECRET", export("MESH_CLIENT_SECRET")),
    ];
    let mesh_env: Vec<(&str, &str)> = mesh_env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mesh_base = format!("{origin}/mesh");
    let created = paylinks(
        &[
            "create",
            "mesh",
            "--amount",
            "5",
            "--customer",
            "c-1",
            "--reference",
            "order-9",
            "--to",
            "USDC:e3c7fdd8-b1fc-4e51-85ae-bb276e075611:0x1111111111111111111111111111111111111111",
            "--base-url",
            &mesh_base,
            "--json",
        ],
        &mesh_env,
    );
    assert_eq!(created.code, 0, "{created:?}");
    assert_eq!(created.json()["id"], "order-9");
    // Mesh reads a link only once it is paid.
    let read = paylinks(
        &["get", "mesh", "order-9", "--base-url", &mesh_base],
        &mesh_env,
    );
    assert_eq!(read.code, 3, "{read:?}");
    assert!(
        read.stderr.starts_with("error: mesh: not found: "),
        "{read:?}"
    );

    // Ctrl-C stops it cleanly and removes the key file.
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(std::time::Instant::now() < deadline, "still running");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(stderr, "# paylinks sandbox stopped\n");
    assert!(!std::path::Path::new(&key_path).exists(), "{key_path}");
    assert!(!std::path::Path::new(&webhook_key_path).exists());
}

/// The value `paylinks sandbox` exported as `name`, from its banner `lines`.
fn exported(lines: &[String], name: &str) -> String {
    lines
        .iter()
        .find_map(|l| l.strip_prefix(&format!("export {name}='")))
        .and_then(|v| v.strip_suffix('\''))
        .unwrap_or_else(|| panic!("no {name} in {lines:?}"))
        .to_owned()
}

/// Takes one HTTP request on `listener` and answers 200: its headers (lowercase names) and
/// body.
fn take_one_request(listener: &std::net::TcpListener) -> (Vec<(String, String)>, Vec<u8>) {
    use std::io::{BufRead, Read, Write};
    let (stream, _) = listener.accept().unwrap();
    let mut reader = std::io::BufReader::new(stream);
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .map_or(0, |(_, v)| v.parse().unwrap());
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    reader
        .get_mut()
        .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
        .unwrap();
    (headers, body)
}

#[cfg(unix)]
#[test]
fn the_sandbox_delivers_signed_webhooks_to_the_webhook_url() {
    let receiver = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let hook = format!(
        "txn=http://{}/hooks/{{provider}}",
        receiver.local_addr().unwrap()
    );
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_paylinks"));
    for variable in VARIABLES {
        command.env_remove(variable);
    }
    let mut running = Reaped(
        command
            .args(["sandbox", "--listen", "127.0.0.1:0", "--webhook-url", &hook])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let lines = read_until(&mut running.0, "export TXN_WEBHOOK_SECRET=");
    let export = |name: &str| exported(&lines, name);
    let base = lines
        .iter()
        .find_map(|l| l.strip_prefix("#   txn      "))
        .unwrap()
        .to_owned();
    let created = paylinks(
        &[
            "create",
            "txn",
            "--amount",
            "12.50",
            "--base-url",
            &base,
            "--json",
        ],
        &[("TXN_API_KEY", &export("TXN_API_KEY"))],
    );
    assert_eq!(created.code, 0, "{created:?}");
    let url = created.json()["url"].as_str().unwrap().to_owned();
    post_empty(&url, "result=underpay");

    // The invoice's two steps, each signed Svix-style with the exported secret.
    let secret = export("TXN_WEBHOOK_SECRET");
    let verifier = txn_client::webhook::Verifier::new(secret.as_str()).unwrap();
    let mut statuses = Vec::new();
    for _ in 0..2 {
        let (headers, body) = take_one_request(&receiver);
        let headers: std::collections::HashMap<String, String> = headers.into_iter().collect();
        let map = paylinks_core::webhook::HeaderMap::try_from(&headers).unwrap();
        let event = verifier.verify(&map, &body).unwrap();
        statuses.push(event.attributes.status.as_str().to_owned());
        let event = paylinks_core::PaymentEvent::from(event);
        assert_eq!(event.link_id.as_deref(), created.json()["id"].as_str());
    }
    assert_eq!(statuses, ["processing", "completed"]);
    let read = paylinks(
        &[
            "get",
            "txn",
            created.json()["id"].as_str().unwrap(),
            "--base-url",
            &base,
            "--json",
        ],
        &[("TXN_API_KEY", &export("TXN_API_KEY"))],
    );
    assert_eq!(read.json()["status"], "completed");
    assert_eq!(read.json()["outcome"], "underpaid");
}

/// POSTs an empty body to `url?query` over plain TCP.
fn post_empty(url: &str, query: &str) {
    use std::io::{Read, Write};
    let url = url::Url::parse(url).unwrap();
    let mut stream =
        std::net::TcpStream::connect((url.host_str().unwrap(), url.port().unwrap())).unwrap();
    write!(
        stream,
        "POST {}?{query} HTTP/1.1\r\nhost: {}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
        url.path(),
        url.authority()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

// `paylinks demo`.

/// The demo's table rows (after the header): created, paid and reconciled; and its notes.
type DemoTables<'a> = [Vec<Vec<&'a str>>; 3];

fn demo_output(run: &Run) -> (DemoTables<'_>, Vec<&str>) {
    let mut parts = run.stdout.split("\n\n");
    let mut table = |header: &[&str], first: &[&str]| {
        let table: Vec<&str> = parts.next().unwrap().lines().collect();
        let columns: Vec<&str> = table[0]
            .split("  ")
            .filter(|c| !c.is_empty())
            .map(str::trim)
            .collect();
        assert_eq!(columns, header, "{run:?}");
        let rows: Vec<Vec<&str>> = table[1..]
            .iter()
            .map(|row| row.split_whitespace().collect())
            .collect();
        let firsts: Vec<&str> = rows.iter().map(|r| r[0]).collect();
        assert_eq!(firsts, first, "{run:?}");
        rows
    };
    let providers = ["payio", "mesh", "paywint", "p100", "txn"];
    let created = table(&["PROVIDER", "ID", "URL", "AMOUNT", "STATUS"], &providers);
    let paid = table(
        &["PROVIDER", "EVENT ID", "VERIFIED", "STATUS", "OUTCOME"],
        &providers,
    );
    let reconciled = table(
        &["VERDICT", "REFERENCE", "ORDER", "LINK", "DETAIL"],
        &["paid", "underpaid", "unpaid"],
    );
    let notes: Vec<&str> = parts
        .next()
        .map(|n| n.lines().collect())
        .unwrap_or_default();
    assert_eq!(parts.next(), None, "{run:?}");
    ([created, paid, reconciled], notes)
}

/// All five providers create a link; Pay.io and Mesh explain why they are not read back. Pay.io,
/// which returns no link id, shows `-` as its id (issue 16: it showed its URL twice), and a
/// status or outcome taken from the webhook rather than a read says so (issue 16: P100's read
/// has no outcome, and its `paid` was dropped).
#[test]
fn the_demo_creates_all_five_and_explains_the_two_it_cannot_read_back() {
    let run = paylinks(&["demo"], &[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.starts_with(
            "paylinks demo: a 12.34 link with each provider, in the embedded sandbox at \
             http://127.0.0.1:"
        ),
        "{run:?}"
    );
    let ([rows, paid, reconciled], notes) = demo_output(&run);
    assert_eq!(
        notes,
        [
            "[1] payio: the provider returns no link id: the link is known by its URL (the URL \
             column)",
            "[2] payio: not read back: the provider documents no call that reads a link back \
             (get_link is unsupported); the status is from create",
            "[3] mesh: not read back: Mesh reports a link only once a payer has paid (get_link \
             is not_found before); the status is from create",
            "[4] payio: the status and outcome are the verified webhook's: the link was not read \
             back",
            "[5] p100: the outcome is the verified webhook's: the link read back has none",
        ]
    );
    // Pay.io's id is `-` with its note; its URL is in the URL column only.
    assert_eq!(rows[0][1..3], ["-", "[1]"]);
    assert!(rows[0][3].contains("/payio/pay/"), "{run:?}");
    assert_eq!(rows[0][6..], ["created", "[2]"]);
    assert_eq!(rows[1][3..], ["12.34", "USD", "created", "[3]"]);
    assert_eq!(rows[2][3..5], ["12.34", "USD"]);
    assert_eq!(rows[3][3..5], ["12.34", "EUR"]);
    assert_eq!(rows[4][3..], ["12.34", "EUR", "created"]);
    assert!(uuid_like(rows[4][1]), "{run:?}");
    for row in &rows {
        let url = if row[0] == "payio" { 3 } else { 2 };
        assert!(row[url].starts_with("http://127.0.0.1:"), "{row:?}");
        assert_eq!(row[url + 1], "12.34", "{row:?}");
    }
    for row in &rows[1..] {
        assert_ne!(row[1], row[2], "{row:?}");
    }
    for row in &rows[2..] {
        assert_eq!(row.len(), 6, "{row:?}");
    }

    // Each link paid on its payer page: the provider's signed webhook verified with its
    // crate, and the link read back. Pay.io, which has no read, shows the event's status, and
    // P100, whose read statuses are undocumented, the event's outcome, each with its note.
    // Pay.io publishes no word for "paid".
    let shown: Vec<&[&str]> = paid.iter().map(|row| &row[2..]).collect();
    assert_eq!(
        shown,
        [
            &["yes", "Confirmation", "[4]", "-"][..],
            &["yes", "completed", "paid"],
            &["yes", "completed", "paid"],
            &["yes", "confirmed", "paid", "[5]"],
            &["yes", "completed", "paid"],
        ]
    );
    for row in &paid {
        assert!(!row[1].is_empty() && row[1] != "-", "{row:?}");
    }

    // Txn's link paid above, one more underpaid and one left open, reconciled against three
    // orders of 12.34 EUR: the paid link is the first table's.
    let orders: Vec<&[&str]> = reconciled.iter().map(|row| &row[1..4]).collect();
    assert_eq!(
        orders,
        [
            &["demo-order-1", "12.34", "EUR"][..],
            &["demo-order-2", "12.34", "EUR"],
            &["demo-order-3", "12.34", "EUR"],
        ]
    );
    assert_eq!(reconciled[0][4], rows[4][1], "{run:?}");
    assert_eq!(
        reconciled[2][5..],
        ["not", "paid", "yet", "(status", "created)"]
    );
}

/// A stdout nobody reads, as supervisors and Python's `subprocess.DEVNULL` give it: `/dev/null`
/// opened for reading and writing (what the Rust runtime also puts in the place of a closed
/// stdout, so only a look before `main` tells the two apart).
#[cfg(unix)]
fn dev_null_read_write() -> std::process::Stdio {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/null")
        .unwrap()
        .into()
}

/// Issue 11: with stdout closed (`>&-`), `create` made a link, printed it nowhere and exited 0.
/// It exits 1 and names the link on stderr.
#[cfg(unix)]
#[test]
fn a_closed_stdout_is_exit_1_naming_the_link() {
    let mut closed = std::process::Command::new("sh");
    closed
        .args(["-c", r#"exec "$0" create txn --amount 5 >&-"#])
        .arg(env!("CARGO_BIN_EXE_paylinks"));
    for variable in VARIABLES {
        closed.env_remove(variable);
    }
    let closed = closed.output().unwrap();
    let stderr = String::from_utf8_lossy(&closed.stderr);
    assert_eq!(closed.status.code(), Some(1), "{stderr}");
    let error = stderr.lines().find(|l| l.starts_with("error:")).unwrap();
    assert!(
        error.starts_with("error: txn: cannot write to stdout: it is closed; the link is "),
        "{error}"
    );
    assert!(error.contains("/txn/pay/"), "{error}");
}

/// Issue 16: a stdout on `/dev/null` opened for reading and writing was taken for a closed one,
/// so `create` made the link and exited 1, and `demo` failed. Both succeed, as with a shell's
/// write-only `> /dev/null`.
#[cfg(unix)]
#[test]
fn a_stdout_on_dev_null_is_a_success_however_it_was_opened() {
    let run = |args: &[&str], stdout: std::process::Stdio| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_paylinks"));
        for variable in VARIABLES {
            command.env_remove(variable);
        }
        command.args(args).stdout(stdout).output().unwrap()
    };
    let create = ["create", "txn", "--amount", "10.50", "--json"];
    for (how, stdout) in [
        ("read-write", dev_null_read_write()),
        ("write-only", std::process::Stdio::null()),
    ] {
        let created = run(&create, stdout);
        assert_eq!(created.status.code(), Some(0), "{how}: {created:?}");
        let stderr = String::from_utf8(created.stderr).unwrap();
        assert!(!stderr.contains("error:"), "{how}: {stderr}");
    }
    let demo = run(&["demo"], dev_null_read_write());
    assert_eq!(demo.status.code(), Some(0), "{demo:?}");
}

/// Issue 16: `paylinks sandbox`, a test fixture often started with its output discarded, did
/// not start when its stdout was `/dev/null` opened for reading and writing. It serves.
#[cfg(unix)]
#[test]
fn the_sandbox_command_serves_with_its_stdout_on_dev_null() {
    // A port that was free a moment ago: the sandbox prints its address only on the stdout
    // this test discards.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let listen = format!("127.0.0.1:{port}");
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_paylinks"));
    for variable in VARIABLES {
        command.env_remove(variable);
    }
    let mut running = Reaped(
        command
            .args(["sandbox", "--listen", &listen])
            .stdout(dev_null_read_write())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(&listen).is_err() {
        if let Some(status) = running.0.try_wait().unwrap() {
            let mut stderr = String::new();
            std::io::Read::read_to_string(&mut running.0.stderr.take().unwrap(), &mut stderr)
                .unwrap();
            panic!("the sandbox exited with {status}: {stderr}");
        }
        assert!(std::time::Instant::now() < deadline, "not serving");
        std::thread::sleep(Duration::from_millis(50));
    }
    let base = format!("http://{listen}/txn");
    let created = paylinks(
        &[
            "create",
            "txn",
            "--amount",
            "5",
            "--base-url",
            &base,
            "--json",
        ],
        &[("TXN_API_KEY", "txn_cmp_sandbox")],
    );
    assert_eq!(created.code, 0, "{created:?}");
    assert!(
        created.json()["url"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{base}/pay/")),
        "{created:?}"
    );
    assert_eq!(running.0.try_wait().unwrap(), None, "the sandbox stopped");
}

// `paylinks list` and `paylinks reconcile` (issue 19).

/// Creates a Txn link for `amount` EUR with `reference` in the test's sandbox at `base`; the
/// link as `create --json` printed it.
async fn txn_link(base: &str, amount: &str, reference: &str) -> Value {
    let run = create_txn(base, &["--amount", amount, "--reference", reference]).await;
    assert_eq!(run.code, 0, "{run:?}");
    run.json()
}

/// Plays the payer of `link` on its sandbox payer page: `result` is `pay`, `underpay`,
/// `overpay` or `fail`.
async fn pay(link: &Value, result: &str) {
    let url = link["url"].as_str().unwrap().to_owned();
    let query = format!("result={result}");
    tokio::task::spawn_blocking(move || post_empty(&url, &query))
        .await
        .unwrap();
}

/// stdout's lines, each one JSON object.
fn json_lines(run: &Run) -> Vec<Value> {
    run.stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

/// `paylinks list txn --base-url <base> <args…>` with [`TXN_KEY`].
async fn list_txn(base: &str, args: &[&str]) -> Run {
    let mut all = vec!["list", "txn", "--base-url", base];
    all.extend_from_slice(args);
    paylinks_async(&all, &[("TXN_API_KEY", TXN_KEY)]).await
}

#[tokio::test(flavor = "multi_thread")]
async fn list_prints_each_link_as_get_json_does_filtered_and_limited() {
    let (_sandbox, base) = sandbox().await;
    let mut created = Vec::new();
    for reference in ["order-a", "order-b", "order-c"] {
        created.push(txn_link(&base, "10.00", reference).await);
    }
    pay(&created[1], "underpay").await;
    let mut read = Vec::new();
    for link in &created {
        let id = link["id"].as_str().unwrap();
        let get = list_or_get(&["get", "txn", id, "--base-url", &base, "--json"]).await;
        read.push(get.json());
    }
    assert_eq!(read[1]["outcome"], "underpaid", "{read:?}");

    let listed = list_txn(&base, &["--json"]).await;
    assert_eq!(listed.code, 0, "{listed:?}");
    // Off a terminal, no progress line: nothing on stderr at all.
    assert_eq!(listed.stderr, "", "{listed:?}");
    assert_eq!(json_lines(&listed), read);

    let completed = list_txn(&base, &["--json", "--status", "completed"]).await;
    assert_eq!(json_lines(&completed), [read[1].clone()], "{completed:?}");
    let limited = list_txn(&base, &["--json", "--limit", "2"]).await;
    assert_eq!(json_lines(&limited), read[..2], "{limited:?}");
    let later = list_txn(&base, &["--json", "--since", "2999-01-01T00:00:00Z"]).await;
    assert_eq!((later.code, later.stdout.as_str()), (0, ""), "{later:?}");

    let text = list_txn(&base, &[]).await;
    assert_eq!(text.code, 0, "{text:?}");
    let lines: Vec<&str> = text.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{text:?}");
    assert_eq!(
        lines[1],
        format!(
            "txn id={} status=completed outcome=underpaid amount=10.00 EUR reference=order-b \
             expires={} url={}",
            read[1]["id"].as_str().unwrap(),
            read[1]["expires_at"].as_str().unwrap(),
            read[1]["url"].as_str().unwrap(),
        )
    );
}

/// `paylinks <args…>` with [`TXN_KEY`].
async fn list_or_get(args: &[&str]) -> Run {
    paylinks_async(args, &[("TXN_API_KEY", TXN_KEY)]).await
}

#[tokio::test(flavor = "multi_thread")]
async fn list_flags_the_cli_cannot_use_exit_2() {
    let (_sandbox, base) = sandbox().await;
    let since = list_txn(&base, &["--since", "yesterday"]).await;
    assert_eq!(since.code, 2, "{since:?}");
    assert!(
        since
            .stderr
            .starts_with("error: txn: --since: \"yesterday\" is not an RFC 3339"),
        "{since:?}"
    );
    let status = list_txn(&base, &["--status", "paid"]).await;
    assert_eq!(status.code, 2, "{status:?}");
    assert!(status.stderr.contains("invalid value 'paid'"), "{status:?}");
    let customer = list_txn(&base, &["--customer", "c-1"]).await;
    assert_eq!(customer.code, 2, "{customer:?}");
    assert_eq!(
        customer.errors(),
        [
            "error: txn: --customer: txn lists every link at once; --customer is for a provider \
             that lists one customer's at a time (payio)"
        ]
    );
}

#[test]
fn p100_lists_nothing_exit_2_saying_so() {
    let dir = tempfile::tempdir().unwrap();
    let orders = dir.path().join("orders.csv");
    std::fs::write(&orders, "reference,amount,currency\no-1,10.00,EUR\n").unwrap();
    let orders = orders.to_str().unwrap();
    for args in [
        &["list", "p100", "--json"][..],
        &["reconcile", "p100", "--orders", orders, "--json"],
    ] {
        let run = paylinks(args, &[]);
        assert_eq!(run.code, 2, "{run:?}");
        assert_eq!(
            run.errors(),
            [
                "error: p100: list_links is not supported: p100 documents no call that lists its links"
            ],
            "{run:?}"
        );
        assert_eq!(run.json()["error"]["kind"], "unsupported", "{run:?}");
    }
}

/// A Txn list page of `count` links like the sandbox's `link` resource, each with its own id.
fn txn_page(resource: &Value, count: usize) -> String {
    let data: Vec<Value> = (0..count)
        .map(|n| {
            let mut link = resource.clone();
            link["id"] = format!("link-{n:05}").into();
            link
        })
        .collect();
    json!({ "data": data, "meta": {}, "links": {} }).to_string()
}

/// A Txn list page served by the sandbox, holding one link: the resource to copy.
async fn txn_resource() -> Value {
    let (_sandbox, base) = sandbox().await;
    txn_link(&base, "10.00", "order-1").await;
    let page: Value = reqwest::Client::new()
        .get(format!("{base}{TXN_LINKS}"))
        .bearer_auth(TXN_KEY)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .map(|body| serde_json::from_str(&body).unwrap())
        .unwrap();
    page["data"][0].clone()
}

/// Serves Txn's list: `first` links on the first page, then an empty page after `delay`.
async fn txn_list_server(first: usize, delay: Duration) -> MockServer {
    let resource = txn_resource().await;
    let server = MockServer::start_async().await;
    let body = txn_page(&resource, first);
    server
        .mock_async(|when, then| {
            when.method(GET).path(TXN_LINKS).query_param_missing("page");
            then.status(200)
                .header("content-type", "application/vnd.api+json")
                .body(body);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path(TXN_LINKS).query_param("page", "2");
            then.status(200)
                .header("content-type", "application/vnd.api+json")
                .delay(delay)
                .body(txn_page(&resource, 0));
        })
        .await;
    server
}

/// `paylinks list txn --json --base-url <server>`, started with stdout piped.
fn spawn_list(server: &MockServer) -> Reaped {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_paylinks"));
    for variable in VARIABLES {
        command.env_remove(variable);
    }
    Reaped(
        command
            .args(["list", "txn", "--json", "--base-url", &server.base_url()])
            .env("TXN_API_KEY", TXN_KEY)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn list_prints_each_link_before_the_walk_ends() {
    // The second page is held for two minutes: the first page's link must show before.
    let server = txn_list_server(1, Duration::from_secs(120)).await;
    let mut running = spawn_list(&server);
    let stdout = running.0.stdout.take().unwrap();
    let (sender, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stdout).lines() {
            let _ = sender.send(line.unwrap());
        }
    });
    let line = lines
        .recv_timeout(Duration::from_secs(30))
        .expect("no line within 30 s while the next page was pending");
    let link: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(link["id"], "link-00000");
    assert_eq!(running.0.try_wait().unwrap(), None, "the walk is not over");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reader_that_goes_away_ends_list_quietly_with_exit_0() {
    // More than a pipe holds (some 450 KB of lines; the page stays under the 1 MiB a reply may
    // have), so the CLI is still writing when the reader goes.
    let server = txn_list_server(1500, Duration::ZERO).await;
    let mut running = spawn_list(&server);
    let mut stdout = std::io::BufReader::new(running.0.stdout.take().unwrap());
    let mut first = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut first).unwrap();
    assert!(first.contains("\"link-00000\""), "{first}");
    drop(stdout);
    let child = std::mem::replace(
        &mut running.0,
        std::process::Command::new("true").spawn().unwrap(),
    );
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr, "");
}

/// Writes `csv` to `orders.csv` in `dir`; its path.
fn orders_file(dir: &tempfile::TempDir, csv: &str) -> String {
    let path = dir.path().join("orders.csv");
    std::fs::write(&path, csv).unwrap();
    path.to_str().unwrap().to_owned()
}

/// `paylinks reconcile txn --orders <orders> --base-url <base> <args…>` with [`TXN_KEY`].
async fn reconcile_txn(base: &str, orders: &str, args: &[&str]) -> Run {
    let mut all = vec!["reconcile", "txn", "--orders", orders, "--base-url", base];
    all.extend_from_slice(args);
    paylinks_async(&all, &[("TXN_API_KEY", TXN_KEY)]).await
}

#[tokio::test(flavor = "multi_thread")]
async fn reconcile_gives_each_order_its_verdict_and_exits_8_on_differences() {
    let (_sandbox, base) = sandbox().await;
    let paid = txn_link(&base, "10.00", "paid").await;
    pay(&paid, "pay").await;
    let under = txn_link(&base, "10.00", "under").await;
    pay(&under, "underpay").await;
    let over = txn_link(&base, "10.00", "over").await;
    pay(&over, "overpay").await;
    let open = txn_link(&base, "10.00", "open").await;
    let failed = txn_link(&base, "10.00", "failed").await;
    pay(&failed, "fail").await;
    let other = txn_link(&base, "12.00", "amount").await;
    pay(&other, "pay").await;
    let stray = txn_link(&base, "5.00", "stray").await;
    pay(&stray, "pay").await;
    // Not paid and in no order: none of reconciliation's business.
    txn_link(&base, "5.00", "ignored").await;

    let dir = tempfile::tempdir().unwrap();
    let orders = orders_file(
        &dir,
        "reference,amount,currency\npaid,10,eur\nunder,10.00,EUR\nover,10.00,EUR\n\
         open,10.00,EUR\nfailed,10.00,EUR\namount,10.00,EUR\nmissing,10.00,EUR\n",
    );
    let run = reconcile_txn(&base, &orders, &["--json"]).await;
    assert_eq!(run.code, 8, "{run:?}");
    let id = |link: &Value| link["id"].clone();
    let lines = json_lines(&run);
    let verdicts: Vec<_> = lines
        .iter()
        .map(|l| {
            (
                l["verdict"].clone(),
                l["reference"].clone(),
                l["link_id"].clone(),
            )
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            (json!("unexpected"), json!("stray"), id(&stray)),
            (json!("paid"), json!("paid"), id(&paid)),
            (json!("underpaid"), json!("under"), id(&under)),
            (json!("overpaid"), json!("over"), id(&over)),
            (json!("unpaid"), json!("open"), id(&open)),
            (json!("unpaid"), json!("failed"), id(&failed)),
            (json!("mismatch"), json!("amount"), id(&other)),
            (json!("missing"), json!("missing"), Value::Null),
        ],
        "{run:?}"
    );
    assert_eq!(
        lines[1],
        json!({
            "verdict": "paid", "reference": "paid", "amount": "10", "currency": "eur",
            "link_id": id(&paid), "link_amount": "10.00", "link_currency": "EUR",
            "status": "completed", "outcome": "paid", "links": 1, "detail": null,
        })
    );
    // A Txn link whose payer failed stays `completed` (the payer started its child invoice),
    // and its read carries no outcome for a failed invoice: unpaid, as the link says.
    assert_eq!(
        lines[5]["detail"], "not paid yet (status completed)",
        "{run:?}"
    );
    assert_eq!(
        lines[6]["detail"], "the link is for 12.00 EUR, paid, the order for 10.00 EUR",
        "{run:?}"
    );
    assert_eq!(
        lines[7],
        json!({
            "verdict": "missing", "reference": "missing", "amount": "10.00", "currency": "EUR",
            "link_id": null, "link_amount": null, "link_currency": null, "status": null,
            "outcome": null, "links": 0, "detail": "no link has this reference",
        })
    );
    assert_eq!(
        run.errors(),
        [
            "paylinks reconcile: 7 orders: 1 paid, 1 underpaid, 1 overpaid, 2 unpaid, 1 missing, \
             1 mismatch, 1 unexpected: differences found"
        ]
    );

    // The table: the same verdicts, one row each, after a header.
    let table = reconcile_txn(&base, &orders, &[]).await;
    assert_eq!(table.code, 8, "{table:?}");
    let rows: Vec<Vec<&str>> = table
        .stdout
        .lines()
        .map(|l| l.split_whitespace().take(2).collect())
        .collect();
    assert_eq!(rows[0], ["VERDICT", "REFERENCE"]);
    assert_eq!(rows[1], ["unexpected", "stray"]);
    assert_eq!(rows[7], ["mismatch", "amount"]);
    assert_eq!(rows.len(), 9, "{table:?}");

    // Only paid orders, but a paid link in no order: still differences.
    let only_paid = orders_file(&dir, "reference,amount,currency\npaid,10.00,EUR\n");
    let run = reconcile_txn(&base, &only_paid, &["--json"]).await;
    assert_eq!(run.code, 8, "{run:?}");
    // Every order paid, and every paid link ordered (a fresh sandbox: the one above has paid
    // links no such file could leave out without them being unexpected): exit 0.
    let (_fresh, base) = sandbox().await;
    for reference in ["one", "two"] {
        pay(&txn_link(&base, "7.50", reference).await, "pay").await;
    }
    txn_link(&base, "7.50", "open-but-unordered").await;
    let settled = orders_file(
        &dir,
        "reference,amount,currency\none,7.50,EUR\ntwo,7.5,EUR\n",
    );
    let run = reconcile_txn(&base, &settled, &["--json"]).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        json_lines(&run).iter().all(|l| l["verdict"] == "paid"),
        "{run:?}"
    );
    assert!(run.stderr.ends_with(": every order paid\n"), "{run:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_malformed_orders_line_is_refused_by_number_before_anything_is_sent() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(500);
        })
        .await;
    let dir = tempfile::tempdir().unwrap();
    let orders = orders_file(
        &dir,
        "reference,amount,currency\no-1,10.00,EUR\n\no-2,ten,EUR\n",
    );
    let run = reconcile_txn(&server.base_url(), &orders, &["--json"]).await;
    let message = format!("{orders}: line 4: \"ten\" is not a plain decimal amount (100.50)");
    assert_failure(
        &run,
        2,
        &format!("error: txn: --orders: {message}"),
        json!({
            "kind": "usage", "status": null, "code": null,
            "message": format!("--orders: {message}"),
            "fields": [{ "field": "--orders", "message": message }],
        }),
    );
    let missing = dir.path().join("none.csv");
    let run = reconcile_txn(&server.base_url(), missing.to_str().unwrap(), &[]).await;
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("--orders: cannot read "), "{run:?}");
    any.assert_calls_async(0).await;
}
