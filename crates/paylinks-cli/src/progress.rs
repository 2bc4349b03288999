//! The progress line of a walk (`list`, `reconcile`) on a terminal: links so far, requests
//! sent, links per second, redrawn in place at most a few times a second.
//!
//! A walk's stream yields links, not pages, so the requests are counted where every provider
//! crate's calls are seen: each operation a client sends is one `paylinks.operation` span
//! (paylinks-core's `telemetry`), counted here by a `tracing` layer that takes no other span
//! or event. A page is one such request; Txn's walk also reads back each completed link for its
//! outcome, and those reads count too.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tracing::subscriber::Interest;
use tracing::{Metadata, Subscriber};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::{Context, SubscriberExt};

/// The span paylinks-core opens around each operation sent.
const OPERATION_SPAN: &str = "paylinks.operation";

/// How often the line is redrawn at most.
const EVERY: Duration = Duration::from_millis(200);

/// The progress of one command's walks, shown only when stderr is a terminal and stdout is not.
#[derive(Debug)]
pub(crate) struct Progress {
    /// `paylinks list`, say: the line's prefix.
    command: &'static str,
    started: Instant,
    drawn: Option<Instant>,
    links: u64,
    requests: Arc<AtomicU64>,
}

impl Progress {
    /// The progress of `command`'s walk; `None`, and nothing shown or counted, when stderr is
    /// not a terminal (a file, a pipe, a CI log), or when stdout is one too: the lines printed
    /// there are the progress, and a line redrawn in place on the same screen would garble
    /// them.
    pub(crate) fn start(command: &'static str) -> Option<Progress> {
        if !std::io::stderr().is_terminal() || std::io::stdout().is_terminal() {
            return None;
        }
        let requests = Arc::new(AtomicU64::new(0));
        let counter = Requests(Arc::clone(&requests));
        // Nothing else in the CLI installs a subscriber; were one there, the line would show
        // no requests rather than fail.
        let _ =
            tracing::subscriber::set_global_default(tracing_subscriber::registry().with(counter));
        Some(Progress {
            command,
            started: Instant::now(),
            drawn: None,
            links: 0,
            requests,
        })
    }

    /// Counts one link, redrawing the line when it is due.
    pub(crate) fn link(&mut self) {
        self.links += 1;
        let now = Instant::now();
        if self.drawn.is_none_or(|drawn| now - drawn >= EVERY) {
            self.drawn = Some(now);
            self.draw("\r");
        }
    }

    /// Draws the line a last time and ends it, so what follows on stderr starts on a line of
    /// its own.
    pub(crate) fn finish(self) {
        self.draw("\r");
        let _ = writeln!(std::io::stderr().lock());
    }

    fn draw(&self, start: &str) {
        let text = line(
            self.command,
            self.links,
            self.requests.load(Ordering::Relaxed),
            self.started.elapsed(),
        );
        // `\x1b[K` clears what a longer line drawn before left on the right.
        let _ = write!(std::io::stderr().lock(), "{start}{text}\x1b[K");
    }
}

/// `paylinks list: 1200 links, 12 requests, 850 links/s`.
fn line(command: &str, links: u64, requests: u64, elapsed: Duration) -> String {
    let seconds = elapsed.as_secs_f64();
    // Whole links per second; none before a tenth of a second has passed.
    #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
    let rate = if seconds >= 0.1 {
        format!("{:.0}", links as f64 / seconds)
    } else {
        "-".to_owned()
    };
    format!("{command}: {links} links, {requests} requests, {rate} links/s")
}

/// A `tracing` layer that counts the operations the clients send, and takes nothing else.
struct Requests(Arc<AtomicU64>);

impl<S: Subscriber> Layer<S> for Requests {
    fn register_callsite(&self, metadata: &'static Metadata<'static>) -> Interest {
        if metadata.is_span() && metadata.name() == OPERATION_SPAN {
            Interest::always()
        } else {
            Interest::never()
        }
    }

    fn on_new_span(
        &self,
        _: &tracing::span::Attributes<'_>,
        _: &tracing::span::Id,
        _: Context<'_, S>,
    ) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_says_links_requests_and_rate() {
        assert_eq!(
            line("paylinks list", 1700, 17, Duration::from_secs(2)),
            "paylinks list: 1700 links, 17 requests, 850 links/s"
        );
        assert_eq!(
            line("paylinks list", 3, 1, Duration::from_millis(20)),
            "paylinks list: 3 links, 1 requests, - links/s"
        );
    }

    #[test]
    fn the_layer_counts_operation_spans_only() {
        let requests = Arc::new(AtomicU64::new(0));
        let subscriber = tracing_subscriber::registry().with(Requests(Arc::clone(&requests)));
        tracing::subscriber::with_default(subscriber, || {
            for _ in 0..3 {
                let _operation = tracing::info_span!("paylinks.operation").entered();
                let _attempt = tracing::debug_span!("paylinks.http").entered();
                tracing::info!("an event");
            }
            let _other = tracing::info_span!("something.else").entered();
        });
        assert_eq!(requests.load(Ordering::Relaxed), 3);
    }
}
