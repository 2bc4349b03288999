//! Section 6: `paylinks list` and `paylinks reconcile` over a sandbox holding 10 000 and then
//! 100 000 Txn links, as whole processes: links per second, and the CLI's peak resident memory,
//! which should not grow with the list since nothing collects the links.

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{Server, fmt, goal, log, median, output, wait_within};

/// The links in the sandbox at each measurement.
const LEVELS: [usize; 2] = [10_000, 100_000];

/// One run of the CLI: its exit code, standard output, wall time and peak RSS.
struct Run {
    code: i32,
    stdout: String,
    seconds: f64,
    peak_kib: f64,
}

/// Runs `cli` with `args` under `/usr/bin/time` (for the peak RSS of the CLI alone), with the
/// Txn key in its environment, stopping it after `limit`.
fn run(
    cli: &Path,
    args: &[&str],
    key: &str,
    scratch: &Path,
    limit: Duration,
) -> Result<Run, String> {
    let times = scratch.join("bench-listing-time.txt");
    let out = scratch.join("bench-listing-stdout.txt");
    let stdout = std::fs::File::create(&out).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let mut child = Command::new("/usr/bin/time")
        .args(["-f", "%M", "-o"])
        .arg(&times)
        .arg(cli)
        .args(args)
        .env("TXN_API_KEY", key)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("/usr/bin/time {args:?}: {e}"))?;
    let status = wait_within(&mut child, started, limit, &format!("paylinks {args:?}"))?;
    let seconds = started.elapsed().as_secs_f64();
    let peak_kib = std::fs::read_to_string(&times)
        .map_err(|e| e.to_string())?
        .lines()
        .filter_map(|l| l.trim().parse::<f64>().ok())
        .next_back()
        .ok_or("/usr/bin/time wrote no peak RSS")?;
    Ok(Run {
        code: status.code().unwrap_or(-1),
        stdout: std::fs::read_to_string(&out).map_err(|e| e.to_string())?,
        seconds,
        peak_kib,
    })
}

/// Measures `paylinks list txn --json` and `paylinks reconcile txn --json` at each of
/// [`LEVELS`], `rounds` times; the section's table, and its goals.
pub(super) fn measure(
    bench: &Path,
    cli: &Path,
    scratch: &Path,
    rounds: usize,
) -> Result<(String, Vec<String>), String> {
    let key = output(Command::new(bench).arg("txn-key"), Duration::from_secs(30))?;
    let key = key.trim().to_owned();
    let limit = Duration::from_secs(900);
    let mut list_rate = vec![Vec::new(); LEVELS.len()];
    let mut list_peak = vec![Vec::new(); LEVELS.len()];
    let mut peak_ratio = Vec::new();
    let (mut reconcile_seconds, mut reconcile_peak) = (Vec::new(), Vec::new());
    for round in 0..rounds.max(1) {
        let sandbox = Server::start(bench, &["sandbox", "--listen", "127.0.0.1:0"])?;
        let base = format!("{}/txn", sandbox.url);
        let mut orders = String::from("reference,amount,currency\n");
        let mut stored = 0;
        for (li, level) in LEVELS.iter().enumerate() {
            let prefix = format!("list-{round}-{li}");
            let count = (level - stored).to_string();
            log(&format!("filling the sandbox to {level} Txn links"));
            output(
                Command::new(bench).args([
                    "fill",
                    "--base",
                    &sandbox.url,
                    "--count",
                    &count,
                    "--prefix",
                    &prefix,
                ]),
                limit,
            )?;
            orders.push_str(&output(
                Command::new(bench).args(["orders", "--count", &count, "--prefix", &prefix]),
                limit,
            )?);
            stored = *level;
            log(&format!("paylinks list txn --json over {level} links"));
            let list = run(
                cli,
                &["list", "txn", "--json", "--base-url", &base],
                &key,
                scratch,
                limit,
            )?;
            let lines = list.stdout.lines().count();
            if list.code != 0 || lines != *level {
                return Err(format!(
                    "paylinks list txn: exit {}, {lines} lines for {level} links",
                    list.code
                ));
            }
            list_rate[li].push(*level as f64 / list.seconds);
            list_peak[li].push(list.peak_kib / 1024.0);
        }
        peak_ratio.push(list_peak[1][round] / list_peak[0][round]);
        let file = scratch.join("bench-orders.csv");
        std::fs::write(&file, &orders).map_err(|e| e.to_string())?;
        let file = file.to_string_lossy().into_owned();
        log("paylinks reconcile txn over 100000 orders");
        let reconcile = run(
            cli,
            &[
                "reconcile",
                "txn",
                "--orders",
                &file,
                "--json",
                "--base-url",
                &base,
            ],
            &key,
            scratch,
            limit,
        )?;
        // Every link is unpaid: a difference for each order, exit 8.
        let lines = reconcile.stdout.lines().count();
        if reconcile.code != 8 || lines != stored {
            return Err(format!(
                "paylinks reconcile txn: exit {}, {lines} lines for {stored} orders",
                reconcile.code
            ));
        }
        reconcile_seconds.push(reconcile.seconds);
        reconcile_peak.push(reconcile.peak_kib / 1024.0);
    }
    let mut table = String::new();
    let _ = writeln!(
        table,
        "\n### 6. Listing and reconciling (release build): `paylinks list txn --json` and \
         `paylinks reconcile txn --json` against the sandbox in another process\n\n\
         Whole processes under `/usr/bin/time` (wall time, peak RSS of the CLI alone), {} \
         round(s); output to a file, its lines counted.\n\n\
         | what | links | links/s | CLI peak RSS MiB |\n|---|---|---|---|",
        rounds.max(1)
    );
    for (li, level) in LEVELS.iter().enumerate() {
        let _ = writeln!(
            table,
            "| `list txn --json` | {level} | {} | {} |",
            fmt(&list_rate[li], 0),
            fmt(&list_peak[li], 1)
        );
    }
    let rate: Vec<f64> = reconcile_seconds
        .iter()
        .map(|s| LEVELS[1] as f64 / s)
        .collect();
    let _ = writeln!(
        table,
        "| `reconcile txn --json` over 100000 orders (all unpaid: exit 8), wall time {} s | {} | {} | {} |",
        fmt(&reconcile_seconds, 1),
        LEVELS[1],
        fmt(&rate, 0),
        fmt(&reconcile_peak, 1)
    );
    let ratio = median(&peak_ratio);
    let goals = vec![format!(
        "list txn peak RSS at 100000 links / at 10000 {ratio:.3} (goal ≤1.10: {})",
        goal(ratio <= 1.10)
    )];
    Ok((table, goals))
}
