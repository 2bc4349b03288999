//! The in-memory state of a simulated provider, shared by its handlers.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// One provider's links (or ledger, or spent nonces) behind a lock.
#[derive(Debug, Default)]
pub(crate) struct Store<T>(Mutex<T>);

impl<T> Store<T> {
    /// Locks the data. A handler that panicked while holding the lock leaves the data itself
    /// intact, so the other handlers keep serving instead of panicking in turn.
    pub(crate) fn lock(&self) -> MutexGuard<'_, T> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
