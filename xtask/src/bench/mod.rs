//! `cargo xtask bench [--quick] [--build]`: builds `paylinks-bench` in release mode, runs its
//! scenarios in interleaved rounds, counts instructions with callgrind, loads the sandbox with
//! `wrk`, prints one table and writes it to `BENCHMARKS.md` with the command and the machine.
//!
//! Everything runs on 127.0.0.1 and every run is bounded: the scenarios by their call counts
//! and a timeout per process, `wrk` by its duration, the servers by `--max-seconds`.
//! Numbers are medians with the min–max of the rounds; every ratio is taken within one round,
//! between runs made side by side, and the median of those ratios is reported.

mod listing;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The providers, as `paylinks-bench` names them.
const PROVIDERS: [&str; 5] = ["payio", "mesh", "paywint", "p100", "txn"];
/// The three ways of sending a create.
const VARIANTS: [&str; 3] = ["hand", "typed", "dyn"];
/// The build-footprint rows: a crate, the crypto backend it is built with, and the Cargo flags
/// that choose it (none: the crate's defaults, aws-lc-rs). Txn's and Pay.io's clients are
/// also built on ring alone.
const FOOTPRINT: [(&str, &str, &[&str]); 8] = [
    ("payio-client", "aws-lc-rs", &[]),
    (
        "payio-client",
        "ring",
        &["--no-default-features", "--features", "ring"],
    ),
    ("mesh-client", "aws-lc-rs", &[]),
    ("paywint-client", "aws-lc-rs", &[]),
    ("p100-client", "aws-lc-rs", &[]),
    ("txn-client", "aws-lc-rs", &[]),
    (
        "txn-client",
        "ring",
        &["--no-default-features", "--features", "ring"],
    ),
    ("paylinks-bench-bare", "aws-lc-rs", &[]),
];

/// What to run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Few rounds and small counts: the whole run in a few minutes.
    pub quick: bool,
    /// Also time cold release builds (slow, a few minutes each on two cores): `Some(false)`
    /// txn-client and payio-client on each backend and the bare crate, `Some(true)` every
    /// provider crate too.
    pub build: Option<bool>,
    /// Only section 6, listing and reconciling, printed and not written to `BENCHMARKS.md`.
    pub listing_only: bool,
}

struct Plan {
    rounds: usize,
    calls_c1: usize,
    calls_c64: usize,
    callgrind_calls: usize,
    codec_iterations: usize,
    sign_iterations: usize,
    wrk_seconds: u64,
    store_rounds: usize,
}

impl Plan {
    fn new(quick: bool) -> Self {
        if quick {
            Plan {
                rounds: 3,
                calls_c1: 300,
                calls_c64: 3000,
                callgrind_calls: 20,
                codec_iterations: 20_000,
                sign_iterations: 300,
                wrk_seconds: 2,
                store_rounds: 1,
            }
        } else {
            Plan {
                rounds: 7,
                calls_c1: 2000,
                calls_c64: 10_000,
                callgrind_calls: 200,
                codec_iterations: 200_000,
                sign_iterations: 2000,
                wrk_seconds: 5,
                store_rounds: 3,
            }
        }
    }
}

/// Median, min and max.
fn stats(values: &[f64]) -> (f64, f64, f64) {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let median = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    (median, v[0], v[n - 1])
}

/// `median (min–max)` with `digits` decimals.
fn fmt(values: &[f64], digits: usize) -> String {
    let (m, lo, hi) = stats(values);
    if values.len() <= 1 {
        return format!("{m:.digits$}");
    }
    format!("{m:.digits$} ({lo:.digits$}–{hi:.digits$})")
}

fn median(values: &[f64]) -> f64 {
    stats(values).0
}

fn goal(ok: bool) -> &'static str {
    if ok { "met" } else { "**missed**" }
}

/// Runs `command` to completion within `limit`, returning its stdout; fails on a non-zero exit.
fn output(command: &mut Command, limit: Duration) -> Result<String, String> {
    let what = format!("{command:?}");
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{what}: {e}"))?;
    // Drained while the child runs: one that writes more than a pipe holds would otherwise
    // wait for a reader forever.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let status = wait_within(&mut child, Instant::now(), limit, &what)?;
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    if !status.success() {
        return Err(format!("{what} failed ({status}): {stderr}"));
    }
    Ok(stdout)
}

/// Waits for `child`, started at `started`, stopping it once `limit` has passed.
fn wait_within(
    child: &mut Child,
    started: Instant,
    limit: Duration,
    what: &str,
) -> Result<ExitStatus, String> {
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            return Ok(status);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{what}: still running after {limit:?}, stopped"));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn json_lines(text: &str) -> Result<Vec<Value>, String> {
    text.lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).map_err(|e| format!("{e}: {l}")))
        .collect()
}

fn num(v: &Value, path: &[&str]) -> f64 {
    path.iter()
        .try_fold(v, |v, k| v.get(k))
        .and_then(Value::as_f64)
        .unwrap_or(f64::NAN)
}

/// A server started by this run: stopped (its stdin closed, then killed by its id) on drop.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(bench: &Path, args: &[&str]) -> Result<Self, String> {
        let mut child = Command::new(bench)
            .args(args)
            .args(["--max-seconds", "1200"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| e.to_string())?;
        let mut line = String::new();
        BufReader::new(child.stdout.take().ok_or("no stdout")?)
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        let url = line
            .trim()
            .strip_prefix("listening ")
            .ok_or_else(|| format!("{args:?} said {line:?}"))?
            .to_owned();
        Ok(Server { child, url })
    }

    /// Resident memory in KiB.
    fn rss_kib(&self) -> f64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmRSS:"))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|v| v.parse().ok())
            })
            .unwrap_or(f64::NAN)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

fn log(line: &str) {
    #[allow(clippy::print_stderr)]
    {
        eprintln!("bench: {line}");
    }
}

/// Installs `wrk` with apt-get (through sudo when not root) if it is not on PATH.
fn ensure_wrk() -> Result<(), String> {
    let found = Command::new("wrk")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if found {
        return Ok(());
    }
    log("installing wrk (apt-get install -y wrk)");
    let root = output(Command::new("id").arg("-u"), Duration::from_secs(5))
        .map(|u| u.trim() == "0")
        .unwrap_or(false);
    let apt = |args: &[&str]| {
        let mut apt = if root {
            Command::new("apt-get")
        } else {
            let mut sudo = Command::new("sudo");
            sudo.arg("apt-get");
            sudo
        };
        apt.args(args).status().is_ok_and(|s| s.success())
    };
    // A fresh machine's package lists may be empty or old: update once, then try again.
    let installed =
        apt(&["install", "-y", "wrk"]) || (apt(&["update"]) && apt(&["install", "-y", "wrk"]));
    if !installed {
        return Err("apt-get install -y wrk failed".into());
    }
    Ok(())
}

/// How the store is filled.
const FILL_NOTE: &str = "The pre-filled links carry unique references, as the measured creates \
    do: each create looks its reference up in the sandbox's index instead of scanning the \
    stored links.";

/// The wrk script: POSTs a valid Txn create with the sandbox's Txn key and a reference unique
/// per request (the prefix, the thread, a counter).
const WRK_SCRIPT: &str = r#"
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
function init(args)
  prefix = args[1] or "wrk"
  counter = 0
end
function request()
  counter = counter + 1
  local reference = prefix .. "-" .. tid .. "-" .. counter
  local body = '{"data":{"type":"payment_links","attributes":{"amount":"100.00","currency":"EUR","paymentType":"Invoice","expires_at":"2030-06-01T23:00:00Z","reference":"' .. reference .. '","successRedirectUrl":"https://example.com/success","unsuccessRedirectUrl":"https://example.com/fail"}}}'
  return wrk.format("POST", "/txn/api/public/v1/payment_links", {
    ["Authorization"] = "Bearer txn_cmp_sandbox",
    ["Content-Type"] = "application/vnd.api+json",
    ["Accept"] = "application/vnd.api+json",
  }, body)
end
"#;

struct Wrk {
    per_second: f64,
    requests: f64,
    bad: f64,
}

fn wrk(script: &Path, url: &str, seconds: u64, prefix: &str) -> Result<Wrk, String> {
    let text = output(
        Command::new("wrk")
            .args(["-t2", "-c64", &format!("-d{seconds}s"), "-s"])
            .arg(script)
            .arg(url)
            .args(["--", prefix]),
        Duration::from_secs(seconds + 30),
    )?;
    let field = |prefix: &str| {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(prefix))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse::<f64>().ok())
    };
    let requests = text
        .lines()
        .find(|l| l.contains(" requests in "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN);
    Ok(Wrk {
        per_second: field("Requests/sec:").ok_or_else(|| format!("wrk said {text}"))?,
        requests,
        bad: field("Non-2xx or 3xx responses:").unwrap_or(0.0),
    })
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".into())
}

fn one_line(command: &mut Command) -> String {
    output(command, Duration::from_secs(30))
        .map(|s| s.trim().to_owned())
        .unwrap_or_else(|e| format!("unknown ({e})"))
}

/// Runs the benchmarks; returns the report written to `BENCHMARKS.md`.
pub fn run(root: &Path, options: Options) -> Result<String, String> {
    let started = Instant::now();
    let plan = Plan::new(options.quick);
    let target = crate::target_dir(root);
    log("cargo build --release -p paylinks-bench -p paylinks-cli");
    let status = cargo()
        .current_dir(root)
        .args([
            "build",
            "--release",
            "--locked",
            "-p",
            "paylinks-bench",
            "-p",
            "paylinks-cli",
        ])
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("cargo build --release -p paylinks-bench -p paylinks-cli failed".into());
    }
    let bench = target.join("release").join("paylinks-bench");
    let cli = target.join("release").join("paylinks");
    if options.listing_only {
        let (table, goals) = listing::measure(&bench, &cli, &target, plan.store_rounds)?;
        return Ok(format!("{table}\n- {}\n", goals.join("\n- ")));
    }
    let limit = Duration::from_secs(300);
    let mut table = String::new();

    // 1. Client overhead.
    log("client overhead");
    // samples[provider][c][variant] = (latency µs, req/s, cpu µs) per round; ratios per round.
    let mut lat = vec![vec![vec![Vec::new(); 3]; 2]; 5];
    let mut rps = lat.clone();
    let mut cpu = lat.clone();
    let mut cpu_ratio = vec![vec![vec![Vec::new(); 2]; 2]; 5];
    let mut identical = [0.0; 5];
    for round in 0..plan.rounds {
        for k in 0..PROVIDERS.len() {
            let p = (k + round) % PROVIDERS.len();
            for (ci, (c, n)) in [(1, plan.calls_c1), (64, plan.calls_c64)]
                .iter()
                .enumerate()
            {
                let out = output(
                    Command::new(&bench).args([
                        "overhead",
                        "--provider",
                        PROVIDERS[p],
                        "--concurrency",
                        &c.to_string(),
                        "--iterations",
                        &n.to_string(),
                        "--round",
                        &round.to_string(),
                    ]),
                    limit,
                )?;
                let v = json_lines(&out)?.pop().ok_or("no overhead output")?;
                identical[p] = num(&v, &["identical_request_bytes"]);
                for (vi, variant) in VARIANTS.iter().enumerate() {
                    lat[p][ci][vi].push(num(&v, &[variant, "median_ns"]) / 1000.0);
                    rps[p][ci][vi].push(num(&v, &[variant, "per_second"]));
                    cpu[p][ci][vi].push(num(&v, &[variant, "cpu_ns_per_call"]) / 1000.0);
                }
                let hand = num(&v, &["hand", "cpu_ns_per_call"]);
                cpu_ratio[p][ci][0].push(num(&v, &["typed", "cpu_ns_per_call"]) / hand);
                cpu_ratio[p][ci][1].push(num(&v, &["dyn", "cpu_ns_per_call"]) / hand);
            }
        }
    }

    // Instructions per call: callgrind over N calls minus the same process making 0 calls.
    log("callgrind");
    let valgrind = Command::new("valgrind")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok();
    let cg_dir = target.join("bench-callgrind");
    let _ = std::fs::create_dir_all(&cg_dir);
    let mut instr = vec![vec![f64::NAN; 3]; 5];
    if valgrind {
        let callgrind = |provider: &str, variant: &str, calls: usize| -> Result<f64, String> {
            let file = cg_dir.join(format!("callgrind.{provider}.{variant}.{calls}"));
            output(
                Command::new("valgrind")
                    .args(["--tool=callgrind", "--quiet"])
                    .arg(format!("--callgrind-out-file={}", file.display()))
                    .arg(&bench)
                    .args([
                        "calls",
                        "--provider",
                        provider,
                        "--variant",
                        variant,
                        "--iterations",
                        &calls.to_string(),
                    ]),
                Duration::from_secs(600),
            )?;
            let text = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
            text.lines()
                .find_map(|l| l.strip_prefix("summary:").or(l.strip_prefix("totals:")))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| format!("no totals in {}", file.display()))
        };
        for (p, provider) in PROVIDERS.iter().enumerate() {
            let base = callgrind(provider, "hand", 0)?;
            for (vi, variant) in VARIANTS.iter().enumerate() {
                let n = callgrind(provider, variant, plan.callgrind_calls)?;
                instr[p][vi] = (n - base) / plan.callgrind_calls as f64;
            }
        }
    }

    let _ = writeln!(
        table,
        "### 1. Client overhead: one create against a fixed-reply server in another process\n\n\
         Median latency, requests/s and client CPU per request (getrusage RUSAGE_SELF, user + \
         system, of the client process; the server is a separate process) over {} interleaved \
         rounds of {} calls at c=1 and {} at c=64; instructions per call from callgrind (N={} \
         calls minus a 0-call run of the same set-up, c=1). Ratios are typed or dyn over hand, \
         per round. Requests were checked byte-identical before every run (method, path, \
         query, headers, body; only Pay.io's per-request nonce and signature differ).\n",
        plan.rounds, plan.calls_c1, plan.calls_c64, plan.callgrind_calls
    );
    table.push_str("| provider | c | variant | median latency µs | req/s | client CPU µs/req | CPU ratio | instr/call | instr ratio |\n");
    table.push_str("|---|---|---|---|---|---|---|---|---|\n");
    let mut goals = Vec::new();
    for (p, provider) in PROVIDERS.iter().enumerate() {
        for (ci, c) in [1, 64].iter().enumerate() {
            for (vi, variant) in VARIANTS.iter().enumerate() {
                let ratio = if vi == 0 {
                    "1".to_owned()
                } else {
                    fmt(&cpu_ratio[p][ci][vi - 1], 3)
                };
                let (ins, ins_ratio) = if ci == 0 {
                    let r = instr[p][vi] / instr[p][0];
                    (format!("{:.0}", instr[p][vi]), format!("{r:.3}"))
                } else {
                    (String::new(), String::new())
                };
                let _ = writeln!(
                    table,
                    "| {provider} | {c} | {variant} | {} | {} | {} | {ratio} | {ins} | {ins_ratio} |",
                    fmt(&lat[p][ci][vi], 1),
                    fmt(&rps[p][ci][vi], 0),
                    fmt(&cpu[p][ci][vi], 1),
                );
            }
        }
        let typed = instr[p][1] / instr[p][0];
        let dynr = instr[p][2] / instr[p][0];
        goals.push(format!(
            "{provider}: instructions typed/hand {typed:.3} (goal ≤1.03: {}), dyn/hand {dynr:.3} (goal ≤1.05: {}); {} request bytes compared",
            goal(typed <= 1.03),
            goal(dynr <= 1.05),
            identical[p]
        ));
    }

    // 2. Signing.
    log("signing");
    let (mut raw, mut per_request, mut oneshot) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..plan.rounds {
        let out = output(
            Command::new(&bench).args(["sign", "--iterations", &plan.sign_iterations.to_string()]),
            limit,
        )?;
        let v = json_lines(&out)?.pop().ok_or("no sign output")?;
        raw.push(num(&v, &["raw_sign"]) / 1000.0);
        per_request.push(num(&v, &["per_request"]) / 1000.0);
        oneshot.push(num(&v, &["oneshot_with_key_parse"]) / 1000.0);
    }
    let payio_extra: Vec<f64> = cpu[0][0][1]
        .iter()
        .zip(&cpu[2][0][1])
        .map(|(payio, paywint)| payio - paywint)
        .collect();
    let _ = writeln!(
        table,
        "\n### 2. Pay.io signing (RSA-2048 PKCS#1 v1.5 SHA-256, aws-lc-rs), µs, {} rounds\n\n\
         | what | µs |\n|---|---|\n\
         | one raw aws-lc-rs signature, key parsed once | {} |\n\
         | per request as the client signs (UUID nonce, signing input, signature, Base64) | {} |\n\
         | `payio_client::sign` (public one-shot helper: parses the PEM key each call) | {} |\n\
         | Pay.io typed create client CPU − Paywint typed create client CPU, c=1 (same rounds) | {} |\n\
         | instructions: Pay.io typed create − Paywint typed create, per call | {:.0} |",
        plan.rounds,
        fmt(&raw, 1),
        fmt(&per_request, 1),
        fmt(&oneshot, 1),
        fmt(&payio_extra, 1),
        instr[0][1] - instr[2][1],
    );

    // 3. Codec.
    log("codec");
    let mut codec = vec![vec![Vec::new(); 6]; 5];
    for round in 0..plan.rounds {
        let out = output(
            Command::new(&bench).args([
                "codec",
                "--iterations",
                &plan.codec_iterations.to_string(),
                "--round",
                &round.to_string(),
            ]),
            limit,
        )?;
        for v in json_lines(&out)? {
            let Some(p) = PROVIDERS
                .iter()
                .position(|p| Some(*p) == v.get("provider").and_then(Value::as_str))
            else {
                continue;
            };
            let dg = num(&v, &["decode_generated"]);
            let dm = num(&v, &["decode_minimal"]);
            let eg = num(&v, &["encode_generated"]);
            let em = num(&v, &["encode_minimal"]);
            for (i, x) in [dg, dm, dg / dm, eg, em, eg / em].into_iter().enumerate() {
                codec[p][i].push(x);
            }
        }
    }
    let _ = writeln!(
        table,
        "\n\n### 3. Decoding the documented create reply and encoding the create request, ns per call, {} rounds of {} calls\n\n\
         Generated type vs a minimal hand-written serde struct (the fields a create returns, with \
         the same parsed types); encoding builds the request value and serialises it (byte-identical \
         output, checked).\n\n\
         | provider | decode generated | decode minimal | ratio (goal ≤1.05) | encode generated | encode minimal | ratio (goal ≤1.05) |\n\
         |---|---|---|---|---|---|---|",
        plan.rounds, plan.codec_iterations
    );
    for (p, provider) in PROVIDERS.iter().enumerate() {
        let c = &codec[p];
        let _ = writeln!(
            table,
            "| {provider} | {} | {} | {} | {} | {} | {} |",
            fmt(&c[0], 0),
            fmt(&c[1], 0),
            fmt(&c[2], 3),
            fmt(&c[3], 0),
            fmt(&c[4], 0),
            fmt(&c[5], 3)
        );
        goals.push(format!(
            "{provider}: decode generated/minimal {:.3} (goal ≤1.05: {}), encode {:.3} (goal ≤1.05: {})",
            median(&c[2]),
            goal(median(&c[2]) <= 1.05),
            median(&c[5]),
            goal(median(&c[5]) <= 1.05)
        ));
    }

    // 4. The sandbox.
    ensure_wrk()?;
    log("sandbox under wrk");
    let script = target.join("bench-txn-create.lua");
    std::fs::write(&script, WRK_SCRIPT).map_err(|e| e.to_string())?;
    let (mut trivial, mut empty, mut ratio) = (Vec::new(), Vec::new(), Vec::new());
    let levels = [1_000usize, 10_000, 100_000];
    let mut at_level = vec![Vec::new(); levels.len()];
    let mut at_start = vec![Vec::new(); levels.len()];
    let mut level_ratio = vec![Vec::new(); levels.len()];
    let mut per_link = Vec::new();
    let mut bad = 0.0;
    for round in 0..plan.store_rounds.max(plan.rounds.min(3)) {
        let t = {
            let server = Server::start(&bench, &["trivial", "--listen", "127.0.0.1:0"])?;
            wrk(&script, &server.url, plan.wrk_seconds, &format!("t{round}"))?
        };
        let sandbox = Server::start(&bench, &["sandbox", "--listen", "127.0.0.1:0"])?;
        let e = wrk(
            &script,
            &sandbox.url,
            plan.wrk_seconds,
            &format!("e{round}"),
        )?;
        bad += e.bad;
        trivial.push(t.per_second);
        empty.push(e.per_second);
        ratio.push(e.per_second / t.per_second);
        if round >= plan.store_rounds {
            continue;
        }
        // Fill to each level (the links the windows added count), then a short window.
        let mut stored = e.requests;
        let mut rss_first = (f64::NAN, 0.0);
        for (li, level) in levels.iter().enumerate() {
            let missing = (*level as f64 - stored).max(0.0) as usize;
            if missing > 0 {
                output(
                    Command::new(&bench).args([
                        "fill",
                        "--base",
                        &sandbox.url,
                        "--count",
                        &missing.to_string(),
                        "--concurrency",
                        "32",
                        // Unique references: see FILL_NOTE.
                        "--prefix",
                        &format!("fill-{round}-{li}"),
                    ]),
                    Duration::from_secs(900),
                )?;
                stored += missing as f64;
            }
            let rss = sandbox.rss_kib();
            if li == 0 {
                rss_first = (rss, stored);
            } else if li == levels.len() - 1 {
                per_link.push((rss - rss_first.0) * 1024.0 / (stored - rss_first.1));
            }
            at_start[li].push(stored);
            let w = wrk(
                &script,
                &sandbox.url,
                plan.wrk_seconds,
                &format!("w{round}-{li}"),
            )?;
            bad += w.bad;
            stored += w.requests;
            at_level[li].push(w.per_second);
            level_ratio[li].push(w.per_second / e.per_second);
        }
    }
    let sandbox_ratio = median(&ratio);
    let store_ratio = median(&level_ratio[2]);
    let _ = writeln!(
        table,
        "\n### 4. The sandbox (release build) under `wrk -t2 -c64 -d{}s`: valid Txn creates, a unique reference per request\n\n\
         | what | creates/s | ratio |\n|---|---|---|\n\
         | trivial axum handler, fixed 201 body | {} | 1 |\n\
         | sandbox, empty store at the window's start | {} | {} (goal ≥0.5: {}) |",
        plan.wrk_seconds,
        fmt(&trivial, 0),
        fmt(&empty, 0),
        fmt(&ratio, 3),
        goal(sandbox_ratio >= 0.5)
    );
    for (li, level) in levels.iter().enumerate() {
        let _ = writeln!(
            table,
            "| sandbox with ≥{level} links stored ({} at the window's start; the window adds more) | {} | {} vs empty{} |",
            fmt(&at_start[li], 0),
            fmt(&at_level[li], 0),
            fmt(&level_ratio[li], 3),
            if li == 2 {
                format!(" (goal ≥0.9: {})", goal(store_ratio >= 0.9))
            } else {
                String::new()
            }
        );
    }
    let _ = writeln!(
        table,
        "| sandbox memory per stored link (RSS delta from 1k to 100k links / links added) | {} bytes | |\n\
         | responses that were not 2xx (all windows) | {bad} | |\n\n{FILL_NOTE}",
        fmt(&per_link, 0)
    );
    goals.push(format!(
        "sandbox/trivial creates/s {sandbox_ratio:.3} (goal ≥0.5: {}); at 100k links / empty {store_ratio:.3} (goal ≥0.9: {})",
        goal(sandbox_ratio >= 0.5),
        goal(store_ratio >= 0.9)
    ));

    // 5. Build footprint.
    log("build footprint");
    let _ = writeln!(
        table,
        "\n### 5. Build footprint\n\n\
         Crates in `cargo tree -p <crate> -e normal --prefix none` (distinct lines, the `(*)` \
         repeat marker removed), on the crypto backend named: aws-lc-rs (the default) or ring \
         (`--no-default-features --features ring`; no aws-lc-sys). The bare crate has only \
         reqwest (the workspace's features, with rustls's aws-lc-rs provider), serde_json, \
         rust_decimal, thiserror and tokio.\n\n\
         | crate | backend | crates | cold `cargo build --release` s |\n|---|---|---|---|"
    );
    for (krate, backend, flags) in FOOTPRINT {
        let tree = output(
            cargo()
                .current_dir(root)
                .args([
                    "tree", "--locked", "-p", krate, "-e", "normal", "--prefix", "none",
                ])
                .args(flags),
            Duration::from_secs(120),
        )?;
        let distinct: BTreeSet<&str> = tree
            .lines()
            .map(|l| l.trim_end_matches(" (*)").trim())
            .filter(|l| !l.is_empty())
            .collect();
        let measure = match options.build {
            Some(all) => {
                all || matches!(krate, "txn-client" | "payio-client" | "paylinks-bench-bare")
            }
            None => false,
        };
        let seconds = if measure {
            log(&format!("cold release build of {krate} on {backend}"));
            let scratch = target.join("bench-cold").join(format!("{krate}-{backend}"));
            let _ = std::fs::remove_dir_all(&scratch);
            let at = Instant::now();
            output(
                cargo()
                    .current_dir(root)
                    .args([
                        "build",
                        "--release",
                        "--locked",
                        "-p",
                        krate,
                        "--target-dir",
                    ])
                    .arg(&scratch)
                    .args(flags),
                Duration::from_secs(1800),
            )?;
            let s = at.elapsed().as_secs_f64();
            let _ = std::fs::remove_dir_all(&scratch);
            format!("{s:.0}")
        } else {
            "not measured (`--build`)".to_owned()
        };
        let _ = writeln!(
            table,
            "| {krate} | {backend} | {} | {seconds} |",
            distinct.len()
        );
    }

    // 6. Listing and reconciling.
    let (section, listing_goals) = listing::measure(&bench, &cli, &target, plan.store_rounds)?;
    table.push_str(&section);
    goals.extend(listing_goals);

    let _ = writeln!(table, "\n### Goals\n");
    for g in &goals {
        let _ = writeln!(table, "- {g}");
    }

    let elapsed = started.elapsed().as_secs();
    let mode = if options.quick { "quick" } else { "full" };
    let command = format!(
        "cargo xtask bench{}{}",
        if options.quick { " --quick" } else { "" },
        match options.build {
            Some(true) => " --build-all",
            Some(false) => " --build",
            None => "",
        }
    );
    let machine = format!(
        "- nproc: {}\n- CPU: {}\n- rustc: {}\n- date: {}\n- mode: {mode}, {elapsed} s wall time for the whole run",
        one_line(&mut Command::new("nproc")),
        cpu_model(),
        one_line(Command::new("rustc").arg("-V")),
        one_line(Command::new("date").args(["-u", "+%Y-%m-%dT%H:%M:%SZ"])),
    );
    let report = format!(
        "# Benchmarks\n\nWritten by `{command}` (see `xtask/src/bench.rs`; the scenarios are in \
         `crates/paylinks-bench`). Loopback only; every run bounded. The machine is shared and \
         noisy: figures are medians (min–max) of interleaved rounds, and ratios are taken \
         within a round between runs made side by side. Instruction counts (callgrind) are the \
         stable figures.\n\n## Machine\n\n{machine}\n\n## Results\n\n{table}"
    );
    Ok(report)
}
