//! What a look-up and an authorization walk read of every node, kept apart from the nodes in
//! one dense array by node id: the node's short key, its parent, and how many set-apart
//! children (role assignments, locks, connections) it has. One entry is one cache line.
//!
//! Why: in a world of a million resources every node is a cache (and TLB) miss, and reaching
//! a node from its id is two of them (the arena's slot, then the node). A look-up confirms
//! each level of a path against its key and parent, and every request's RBAC and lock checks
//! walk the ancestors of its target asking whether they hold set-apart children: with this
//! array both read one line per level, and only the target itself (and an ancestor that does
//! hold a role assignment or a lock) is read from the arena.
//!
//! Entries are in chunks shared by reference count and copied on write, like the arena's
//! slots, so a clone of the store (a history checkpoint) copies one pointer per chunk.

use alloc::rc::Rc;
use alloc::vec::Vec;

use crate::child_index::ShortKey;

/// A node's index in the store's arena (the store's `NodeId`; named here so this module
/// depends on nothing of the store's).
type NodeId = u32;

/// The parent of a root (a subscription), and of a vacant entry.
const NO_PARENT: NodeId = NodeId::MAX;

/// One node's hot fields: one cache line (the chunk places entries on line boundaries).
#[derive(Clone, Copy, Debug)]
#[repr(C, align(64))]
pub struct Hot {
    /// A copy of its key when short (a long key is read from the node).
    short: ShortKey,
    /// Its parent, or [`NO_PARENT`].
    parent: NodeId,
    /// How many set-apart children it has.
    apart: u32,
}

impl Hot {
    /// The entry of a node keyed `key` under `parent`, with no set-apart children yet.
    pub fn new(key: &str, parent: Option<NodeId>) -> Hot {
        Hot {
            short: ShortKey::new(key),
            parent: parent.unwrap_or(NO_PARENT),
            apart: 0,
        }
    }

    /// Its key's bytes when short; `None` when the key is longer than a copy holds.
    pub fn short_key(&self) -> Option<&[u8]> {
        self.short.get()
    }

    /// Its parent (`None` for a root).
    pub fn parent(&self) -> Option<NodeId> {
        Some(self.parent).filter(|p| *p != NO_PARENT)
    }
}

/// Entries per shared chunk: 4 KiB, a page.
const CHUNK: usize = 64;

/// The hot entries of every node by id.
#[derive(Clone, Debug, Default)]
pub struct HotArray {
    chunks: Vec<Rc<[Hot; CHUNK]>>,
}

impl HotArray {
    /// The entry of node `id`, if the array reaches it.
    pub fn get(&self, id: NodeId) -> Option<&Hot> {
        let i = id as usize;
        self.chunks.get(i / CHUNK)?.get(i % CHUNK)
    }

    /// The entry of node `id`, writable (its chunk copied first if shared; the array grows to
    /// reach it).
    fn entry_mut(&mut self, id: NodeId) -> Option<&mut Hot> {
        let i = id as usize;
        while self.chunks.len() <= i / CHUNK {
            self.chunks.push(Rc::new([Hot::new("", None); CHUNK]));
        }
        Rc::make_mut(self.chunks.get_mut(i / CHUNK)?).get_mut(i % CHUNK)
    }

    /// Sets the entry of node `id`.
    pub fn set(&mut self, id: NodeId, hot: Hot) {
        if let Some(e) = self.entry_mut(id) {
            *e = hot;
        }
    }

    /// Gives node `id` a new key and parent (a move), keeping its count of set-apart children.
    pub fn relink(&mut self, id: NodeId, key: &str, parent: Option<NodeId>) {
        if let Some(e) = self.entry_mut(id) {
            *e = Hot {
                apart: e.apart,
                ..Hot::new(key, parent)
            };
        }
    }

    /// Records how many set-apart children node `id` has.
    pub fn set_apart_count(&mut self, id: NodeId, count: usize) {
        let count = u32::try_from(count).unwrap_or(u32::MAX);
        if self.get(id).is_some_and(|h| h.apart != count)
            && let Some(e) = self.entry_mut(id)
        {
            e.apart = count;
        }
    }

    /// True when node `id` may have set-apart children (unknown ids answer true: the caller
    /// then reads the node itself).
    pub fn may_have_apart(&self, id: NodeId) -> bool {
        self.get(id).is_none_or(|h| h.apart > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_one_line_and_a_clone_shares_until_written() {
        assert_eq!(core::mem::size_of::<Hot>(), 64);
        let mut a = HotArray::default();
        a.set(70, Hot::new("t/n", Some(3)));
        assert_eq!(a.get(70).and_then(Hot::parent), Some(3));
        assert_eq!(a.get(70).and_then(Hot::short_key), Some(&b"t/n"[..]));
        assert_eq!(a.get(69).and_then(Hot::parent), None);
        assert!(a.get(200).is_none());
        let b = a.clone();
        a.set_apart_count(70, 2);
        assert!(a.may_have_apart(70));
        assert!(!b.may_have_apart(70));
        assert!(b.may_have_apart(500));
    }
}
