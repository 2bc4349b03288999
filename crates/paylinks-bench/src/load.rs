//! Runs a number of creates at a concurrency and measures them: each call's latency, the wall
//! time, and this process's CPU time (getrusage RUSAGE_SELF, user + system). The server is in
//! another process, so the CPU time is the client's alone.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::calls::Caller;

/// What one run measured.
#[derive(Debug, Clone, Serialize)]
pub struct Sample {
    /// Calls made.
    pub calls: usize,
    /// Median latency of one call, in nanoseconds.
    pub median_ns: u64,
    /// Calls per second of wall time.
    pub per_second: f64,
    /// This process's CPU time per call (user + system), in nanoseconds.
    pub cpu_ns_per_call: f64,
}

/// This process's user + system CPU time so far.
pub fn cpu_time() -> Duration {
    use nix::sys::resource::{UsageWho, getrusage};
    match getrusage(UsageWho::RUSAGE_SELF) {
        Ok(usage) => {
            let tv = |t: nix::sys::time::TimeVal| {
                Duration::new(t.tv_sec().max(0) as u64, (t.tv_usec().max(0) as u32) * 1000)
            };
            tv(usage.user_time()) + tv(usage.system_time())
        }
        Err(_) => Duration::ZERO,
    }
}

/// Makes `calls` creates with `concurrency` in flight (tasks on the current runtime); fails on
/// the first failed create.
pub async fn run(caller: Arc<Caller>, calls: usize, concurrency: usize) -> Result<Sample, String> {
    let next = Arc::new(AtomicUsize::new(0));
    let cpu_before = cpu_time();
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..concurrency.clamp(1, calls.max(1)) {
        let caller = caller.clone();
        let next = next.clone();
        tasks.spawn(async move {
            let mut latencies = Vec::with_capacity(calls / concurrency.max(1) + 1);
            while next.fetch_add(1, Ordering::Relaxed) < calls {
                let at = Instant::now();
                let len = caller.call().await?;
                latencies.push(at.elapsed().as_nanos() as u64);
                if len == 0 {
                    return Err("the create returned no link".to_owned());
                }
            }
            Ok::<_, String>(latencies)
        });
    }
    let mut latencies = Vec::with_capacity(calls);
    while let Some(done) = tasks.join_next().await {
        latencies.extend(done.map_err(|e| e.to_string())??);
    }
    let wall = started.elapsed();
    let cpu = cpu_time().saturating_sub(cpu_before);
    latencies.sort_unstable();
    Ok(Sample {
        calls: latencies.len(),
        median_ns: latencies.get(latencies.len() / 2).copied().unwrap_or(0),
        per_second: latencies.len() as f64 / wall.as_secs_f64().max(1e-9),
        cpu_ns_per_call: cpu.as_nanos() as f64 / latencies.len().max(1) as f64,
    })
}
