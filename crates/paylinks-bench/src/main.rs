//! `paylinks-bench`: runs one scenario and prints its measurements as JSON lines. `cargo xtask
//! bench` runs it in release mode; see the crate's documentation for the scenarios.
//!
//! ```text
//! paylinks-bench serve                                  fixed-reply server; prints its URL
//! paylinks-bench overhead --provider P --concurrency C --iterations N [--round R]
//! paylinks-bench calls --provider P --variant V --iterations N   (for callgrind)
//! paylinks-bench codec --iterations N [--round R]
//! paylinks-bench sign --iterations N
//! paylinks-bench sandbox --listen 127.0.0.1:PORT       the sandbox, release-built
//! paylinks-bench trivial --listen 127.0.0.1:PORT       a trivial axum server
//! paylinks-bench fill --base URL --count N --concurrency C --prefix P|none
//! paylinks-bench orders --count N --prefix P              the orders `fill` made, as CSV rows
//! paylinks-bench txn-key                                the sandbox's Txn API key
//! ```
//! Every server stops by itself after `--max-seconds` (600 by default) or when its standard
//! input closes.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::Duration;

use paylinks_bench::server::{self, Replies};
use paylinks_bench::{Caller, Provider, Variant, emit, identity, load, micro, sandbox};

#[allow(clippy::print_stderr)]
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprintln!(
            "usage: paylinks-bench <serve|overhead|calls|codec|sign|sandbox|trivial|fill> [--name value]..."
        );
        return ExitCode::from(2);
    };
    let options = match Options::parse(rest) {
        Ok(options) => options,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match run(command, &options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

struct Options(HashMap<String, String>);

impl Options {
    fn parse(args: &[String]) -> Result<Self, String> {
        let mut map = HashMap::new();
        let mut it = args.iter();
        while let Some(name) = it.next() {
            let name = name
                .strip_prefix("--")
                .ok_or_else(|| format!("expected --name, got {name:?}"))?;
            let value = it.next().ok_or_else(|| format!("--{name} needs a value"))?;
            map.insert(name.to_owned(), value.clone());
        }
        Ok(Options(map))
    }

    fn get<T: std::str::FromStr>(&self, name: &str, default: Option<T>) -> Result<T, String>
    where
        T::Err: std::fmt::Display,
    {
        match self.0.get(name) {
            Some(v) => v.parse().map_err(|e| format!("--{name} {v:?}: {e}")),
            None => default.ok_or_else(|| format!("--{name} is required")),
        }
    }
}

fn current_thread() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())
}

fn multi_thread() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())
}

/// Resolves when standard input closes (the parent went away) or after `max` seconds.
async fn until_done(max: u64) {
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    std::thread::spawn(move || {
        let mut sink = Vec::new();
        let _ = std::io::stdin().read_to_end(&mut sink);
        let _ = tx.send(());
    });
    tokio::select! {
        _ = rx => {}
        _ = tokio::time::sleep(Duration::from_secs(max)) => {}
    }
}

/// The fixed-reply server in a child process (so that its CPU time is not the client's).
struct ServerProcess {
    child: Child,
    base: String,
}

impl ServerProcess {
    fn start() -> Result<Self, String> {
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let mut child = Command::new(exe)
            .args(["serve", "--max-seconds", "900"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| e.to_string())?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        let base = line
            .trim()
            .strip_prefix("listening ")
            .ok_or_else(|| format!("the server said {line:?}"))?
            .to_owned();
        Ok(ServerProcess { child, base })
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

fn run(command: &str, o: &Options) -> Result<(), String> {
    match command {
        "serve" => {
            let max = o.get("max-seconds", Some(600))?;
            current_thread()?.block_on(async {
                let (listener, addr) = server::bind().await.map_err(|e| e.to_string())?;
                emit(&format!("listening http://{addr}"));
                tokio::select! {
                    _ = server::serve(listener, Replies::creates(), None) => {}
                    _ = until_done(max) => {}
                }
                Ok(())
            })
        }
        "overhead" => {
            let provider: Provider = o.get("provider", None)?;
            let concurrency: usize = o.get("concurrency", Some(1))?;
            let iterations: usize = o.get("iterations", Some(1000))?;
            let round: usize = o.get("round", Some(0))?;
            let server = ServerProcess::start()?;
            current_thread()?.block_on(async {
                let identity = identity::check(provider).await?;
                let mut callers = Vec::new();
                for variant in Variant::ALL {
                    let caller = Arc::new(Caller::new(provider, variant, &server.base)?);
                    // Warm up: open the connections, fill the lazy statics.
                    load::run(caller.clone(), concurrency.max(8), concurrency).await?;
                    callers.push((variant, caller));
                }
                let mut results = serde_json::Map::new();
                for k in 0..callers.len() {
                    let (variant, caller) = &callers[(k + round) % callers.len()];
                    let sample = load::run(caller.clone(), iterations, concurrency).await?;
                    results.insert(
                        variant.as_str().to_owned(),
                        serde_json::to_value(sample).map_err(|e| e.to_string())?,
                    );
                }
                results.insert("provider".into(), provider.as_str().into());
                results.insert("concurrency".into(), concurrency.into());
                results.insert("identical_request_bytes".into(), identity.into());
                emit(&serde_json::Value::Object(results).to_string());
                Ok(())
            })
        }
        "calls" => {
            let provider: Provider = o.get("provider", None)?;
            let variant: Variant = o.get("variant", Some(Variant::Hand))?;
            let iterations: usize = o.get("iterations", Some(100))?;
            let server = ServerProcess::start()?;
            current_thread()?.block_on(async {
                // The same set-up whatever the count: every variant built and warmed once, so
                // that a run's instructions minus the 0-call run's are the N calls alone.
                let mut chosen = None;
                for v in Variant::ALL {
                    let caller = Caller::new(provider, v, &server.base)?;
                    caller.call().await?;
                    if v == variant {
                        chosen = Some(caller);
                    }
                }
                let caller = chosen.ok_or("no caller")?;
                for _ in 0..iterations {
                    caller.call().await?;
                }
                emit(&format!("{{\"calls\":{iterations}}}"));
                Ok(())
            })
        }
        "codec" => {
            let iterations: usize = o.get("iterations", Some(20_000))?;
            let round: usize = o.get("round", Some(0))?;
            for (k, _) in Provider::ALL.iter().enumerate() {
                let provider = Provider::ALL[(k + round) % Provider::ALL.len()];
                let codec = micro::codec(provider, iterations, round)?;
                emit(&serde_json::to_string(&codec).map_err(|e| e.to_string())?);
            }
            Ok(())
        }
        "sign" => {
            let iterations: usize = o.get("iterations", Some(500))?;
            let signing = micro::signing(iterations)?;
            emit(&serde_json::to_string(&signing).map_err(|e| e.to_string())?);
            Ok(())
        }
        "sandbox" => {
            let listen: SocketAddr =
                o.get("listen", Some(SocketAddr::from(([127, 0, 0, 1], 0))))?;
            let max = o.get("max-seconds", Some(600))?;
            multi_thread()?.block_on(async {
                let sandbox = paylinks_sandbox::Sandbox::builder()
                    .listen(listen)
                    .start()
                    .await
                    .map_err(|e| e.to_string())?;
                emit(&format!("listening http://{}", sandbox.addr()));
                until_done(max).await;
                drop(sandbox);
                Ok(())
            })
        }
        "trivial" => {
            let listen: SocketAddr =
                o.get("listen", Some(SocketAddr::from(([127, 0, 0, 1], 0))))?;
            let max = o.get("max-seconds", Some(600))?;
            multi_thread()?.block_on(async {
                tokio::select! {
                    served = sandbox::serve_trivial(listen) => served.map_err(|e| e.to_string()),
                    _ = until_done(max) => Ok(()),
                }
            })
        }
        "fill" => {
            let base: String = o.get("base", None)?;
            let count: usize = o.get("count", None)?;
            let concurrency: usize = o.get("concurrency", Some(32))?;
            let prefix: String = o.get("prefix", Some("fill".to_owned()))?;
            let prefix = if prefix == "none" {
                String::new()
            } else {
                prefix
            };
            current_thread()?.block_on(sandbox::fill(&base, count, concurrency, &prefix))?;
            emit(&format!("{{\"created\":{count}}}"));
            Ok(())
        }
        "orders" => {
            let count: usize = o.get("count", None)?;
            let prefix: String = o.get("prefix", Some("fill".to_owned()))?;
            for i in 0..count {
                emit(&sandbox::order(&format!("{prefix}-{i}")));
            }
            Ok(())
        }
        "txn-key" => {
            let credentials = paylinks_sandbox::Credentials::default();
            emit(secrecy::ExposeSecret::expose_secret(
                &credentials.txn_api_key,
            ));
            Ok(())
        }
        other => Err(format!("unknown scenario {other:?}")),
    }
}
