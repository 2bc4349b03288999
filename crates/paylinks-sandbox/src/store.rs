//! The in-memory state of a simulated provider, shared by its handlers.

use std::borrow::Borrow;
use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::sync::{Mutex, MutexGuard, PoisonError};

use uuid::Uuid;

/// One provider's links (or ledger, or spent nonces) behind a lock.
#[derive(Debug, Default)]
pub(crate) struct Store<T>(Mutex<T>);

impl<T> Store<T> {
    /// A store holding `value`.
    pub(crate) fn new(value: T) -> Self {
        Store(Mutex::new(value))
    }

    /// Locks the data. A handler that panicked while holding the lock leaves the data itself
    /// intact, so the other handlers keep serving instead of panicking in turn.
    pub(crate) fn lock(&self) -> MutexGuard<'_, T> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Items in the order they were added, found by their id (and, where a provider keeps one
/// unique, by their reference) without scanning them all, so a sandbox holding 100 000 links
/// answers as fast as an empty one. With a cap, adding an item beyond it forgets the oldest.
#[derive(Debug)]
pub(crate) struct Indexed<K, T> {
    /// Each item with its id and reference, oldest first.
    items: VecDeque<(K, Option<String>, T)>,
    /// How many items were forgotten: the positions in the maps count from the first item
    /// ever added.
    forgotten: usize,
    by_id: HashMap<K, usize>,
    by_reference: HashMap<String, usize>,
    cap: Option<usize>,
}

impl<K, T> Default for Indexed<K, T> {
    fn default() -> Self {
        Indexed::capped(None)
    }
}

impl<K, T> Indexed<K, T> {
    /// An empty index that holds at most `cap` items, when given.
    pub(crate) fn capped(cap: Option<usize>) -> Self {
        Indexed {
            items: VecDeque::new(),
            forgotten: 0,
            by_id: HashMap::new(),
            by_reference: HashMap::new(),
            cap,
        }
    }
}

impl<K: Hash + Eq + Clone, T> Indexed<K, T> {
    /// Adds `item` under `id` and, when given, `reference`, first forgetting the oldest item
    /// if the index is full; the item.
    pub(crate) fn insert(&mut self, id: K, reference: Option<String>, item: T) -> &T {
        if self.cap.is_some_and(|cap| self.items.len() >= cap.max(1))
            && let Some((old_id, old_reference, _)) = self.items.pop_front()
        {
            // Unless a newer item took the id or reference over (a provider that lets a
            // reference repeat finds its newest link by it).
            let at = self.forgotten;
            if self.by_id.get(&old_id) == Some(&at) {
                self.by_id.remove(&old_id);
            }
            if let Some(old_reference) = old_reference
                && self.by_reference.get(&old_reference) == Some(&at)
            {
                self.by_reference.remove(&old_reference);
            }
            self.forgotten += 1;
        }
        let at = self.forgotten + self.items.len();
        self.by_id.insert(id.clone(), at);
        if let Some(reference) = &reference {
            self.by_reference.insert(reference.clone(), at);
        }
        self.items.push_back((id, reference, item));
        &self.items[at - self.forgotten].2
    }

    /// The item at position `at` (counted from the first item ever added).
    fn at(&self, at: usize) -> Option<&T> {
        self.items
            .get(at.checked_sub(self.forgotten)?)
            .map(|(_, _, item)| item)
    }

    /// The item with this id.
    pub(crate) fn get<Q: Hash + Eq + ?Sized>(&self, id: &Q) -> Option<&T>
    where
        K: Borrow<Q>,
    {
        self.by_id.get(id).and_then(|&at| self.at(at))
    }

    /// The item with this id, to change.
    pub(crate) fn get_mut<Q: Hash + Eq + ?Sized>(&mut self, id: &Q) -> Option<&mut T>
    where
        K: Borrow<Q>,
    {
        let at = self.by_id.get(id)?.checked_sub(self.forgotten)?;
        self.items.get_mut(at).map(|(_, _, item)| item)
    }

    /// The item added with this reference.
    pub(crate) fn with_reference(&self, reference: &str) -> Option<&T> {
        self.by_reference.get(reference).and_then(|&at| self.at(at))
    }

    /// Every item, in the order added.
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.items.iter().map(|(_, _, item)| item)
    }
}

impl<T> Indexed<Uuid, T> {
    /// The item whose UUID `id` spells, in any form `Uuid::parse_str` reads (hyphenated or
    /// not, braced, URN, either case): P100's and Paywint's link ids.
    pub(crate) fn by_uuid(&self, id: &str) -> Option<&T> {
        self.get(&Uuid::parse_str(id).ok()?)
    }

    /// The same, to change.
    pub(crate) fn by_uuid_mut(&mut self, id: &str) -> Option<&mut T> {
        self.get_mut(&Uuid::parse_str(id).ok()?)
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

    #[test]
    fn a_capped_index_forgets_its_oldest_items() {
        let mut links = Indexed::capped(Some(2));
        links.insert(1, Some("order-1".to_owned()), "a");
        links.insert(2, None, "b");
        links.insert(3, Some("order-3".to_owned()), "c");
        assert_eq!(
            (links.get(&1), links.get(&2), links.get(&3)),
            (None, Some(&"b"), Some(&"c"))
        );
        assert_eq!(links.with_reference("order-1"), None);
        assert_eq!(links.with_reference("order-3"), Some(&"c"));
        *links.get_mut(&2).unwrap() = "B";
        links.insert(4, None, "d");
        assert_eq!(links.iter().copied().collect::<Vec<_>>(), ["c", "d"]);
        assert_eq!(links.get(&2), None);
    }

    #[test]
    fn forgetting_an_item_keeps_its_reference_for_a_newer_one() {
        // P100 lets a reference repeat: it names the newest link.
        let mut links = Indexed::capped(Some(2));
        links.insert(1, Some("order-1".to_owned()), "a");
        links.insert(2, Some("order-1".to_owned()), "b");
        links.insert(3, None, "c");
        assert_eq!(links.get(&1), None);
        assert_eq!(links.with_reference("order-1"), Some(&"b"));
    }
}
