//! The in-memory state of a simulated provider, shared by its handlers.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
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

/// Items in the order they were added, found by their id (and, where a provider keeps one
/// unique, by their reference) without scanning them all, so a sandbox holding 100 000 links
/// answers as fast as an empty one.
#[derive(Debug)]
pub(crate) struct Indexed<K, T> {
    items: Vec<T>,
    by_id: HashMap<K, usize>,
    by_reference: HashMap<String, usize>,
}

impl<K, T> Default for Indexed<K, T> {
    fn default() -> Self {
        Indexed {
            items: Vec::new(),
            by_id: HashMap::new(),
            by_reference: HashMap::new(),
        }
    }
}

impl<K: Hash + Eq, T> Indexed<K, T> {
    /// Adds `item` under `id` and, when given, `reference`; the item.
    pub(crate) fn insert(&mut self, id: K, reference: Option<String>, item: T) -> &T {
        let at = self.items.len();
        self.by_id.insert(id, at);
        if let Some(reference) = reference {
            self.by_reference.insert(reference, at);
        }
        self.items.push(item);
        &self.items[at]
    }

    /// The item with this id.
    pub(crate) fn get<Q: Hash + Eq + ?Sized>(&self, id: &Q) -> Option<&T>
    where
        K: Borrow<Q>,
    {
        self.by_id.get(id).and_then(|&at| self.items.get(at))
    }

    /// The item with this id, to change.
    pub(crate) fn get_mut<Q: Hash + Eq + ?Sized>(&mut self, id: &Q) -> Option<&mut T>
    where
        K: Borrow<Q>,
    {
        self.by_id.get(id).and_then(|&at| self.items.get_mut(at))
    }

    /// The item added with this reference.
    pub(crate) fn with_reference(&self, reference: &str) -> Option<&T> {
        self.by_reference
            .get(reference)
            .and_then(|&at| self.items.get(at))
    }

    /// Every item, in the order added.
    pub(crate) fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_items_by_id_and_by_reference() {
        let mut links = Indexed::default();
        links.insert("a".to_owned(), Some("order-1".to_owned()), 1);
        links.insert("b".to_owned(), None, 2);
        *links.get_mut("b").unwrap() += 10;
        assert_eq!(
            (links.get("a"), links.get("b"), links.get("c")),
            (Some(&1), Some(&12), None)
        );
        assert_eq!(links.with_reference("order-1"), Some(&1));
        assert_eq!(links.with_reference("order-2"), None);
        assert_eq!(links.iter().copied().collect::<Vec<_>>(), [1, 12]);
    }
}
