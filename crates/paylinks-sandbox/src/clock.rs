//! The sandbox's clock: real time plus an offset that tests move forward, so expiry can be
//! tested without waiting.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use time::{Duration, OffsetDateTime};

/// The time the sandbox believes it is. Clones share one offset.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    /// The sandbox's current time, in UTC, held between the years 0000 and 9999.
    pub fn now(&self) -> OffsetDateTime {
        let offset = Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed));
        let (earliest, latest) = (
            time::macros::datetime!(0000-01-01 00:00 UTC),
            time::macros::datetime!(9999-12-31 23:59:59.999 UTC),
        );
        match OffsetDateTime::now_utc().checked_add(offset) {
            Some(at) => at.clamp(earliest, latest),
            None if offset.is_negative() => earliest,
            None => latest,
        }
    }

    /// Moves the sandbox's time forward by `by` (backward when negative); the offset saturates
    /// instead of wrapping around.
    pub fn advance(&self, by: Duration) {
        let by = by.whole_milliseconds();
        let by = i64::try_from(by).unwrap_or(if by < 0 { i64::MIN } else { i64::MAX });
        // `fetch_update` with a closure that always returns `Some` cannot fail.
        let _ = self
            .offset_ms
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |ms| {
                Some(ms.saturating_add(by))
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_every_clone() {
        let clock = Clock::default();
        let other = clock.clone();
        let before = other.now();
        clock.advance(Duration::hours(2));
        assert!(other.now() - before >= Duration::hours(2));
    }

    #[test]
    fn extreme_advances_saturate_instead_of_panicking() {
        let clock = Clock::default();
        clock.advance(Duration::MAX);
        clock.advance(Duration::MAX);
        assert_eq!(clock.now().year(), 9999);
        clock.advance(Duration::MIN);
        clock.advance(Duration::MIN);
        clock.advance(Duration::MIN);
        assert_eq!(clock.now().year(), 0);
    }
}
