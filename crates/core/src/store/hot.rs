//! Every node of the store by id, in one dense array whose entry also holds what a look-up
//! and an authorization walk read of the node: its short key, its parent, and how many
//! set-apart children (role assignments, locks, connections) it has; also whether it may have
//! workspace settings (what a service's view asks of its workspace). One entry is one cache
//! line; the node itself is one pointer step from it.
//!
//! Why: in a world of a million resources every node is a cache (and TLB) miss. A look-up
//! confirms each level of a path against its key and parent, and every request's RBAC and
//! lock checks walk the ancestors of its target asking whether they hold set-apart children:
//! with this array both read one line per level. The entry is also the arena's slot, so the
//! node a look-up ends on (the target, the subscription whose role assignments the check
//! reads) is one more step from the line the look-up already read, not two (a separate slot
//! array was a third miss per node).
//!
//! Entries are in chunks shared by reference count and copied on write, so a clone of the
//! store (a history checkpoint) copies one pointer per chunk.

use alloc::rc::Rc;
use alloc::vec::Vec;

use crate::child_index::ShortKey;

/// A node's index in the store's arena (the store's `NodeId`; named here so this module
/// depends on nothing of the store's).
type NodeId = u32;

/// The parent of a root (a subscription), and of a vacant entry.
const NO_PARENT: NodeId = NodeId::MAX;

/// The bit of [`Hot::apart`] that says the resource may have workspace settings set.
const SETTINGS: u8 = 0x80;

/// The bits of [`Hot::apart`] that count set-apart children.
const COUNT: u8 = !SETTINGS;

/// One node's slot and hot fields: one cache line (the chunk places entries on line
/// boundaries). `T` is the store's node.
///
/// `apart` holds two facts in one byte (the line has no other room): how many set-apart
/// children the node has (the low bits, saturating: only "none" is read) and whether its
/// resource may have workspace settings set ([`SETTINGS`]), so a service's view skips its
/// workspace's node when it has none.
#[derive(Clone, Debug)]
#[repr(C, align(64))]
pub struct Hot<T> {
    /// The node (`None` for a vacant slot).
    node: Option<Rc<T>>,
    /// Its parent, or [`NO_PARENT`].
    parent: NodeId,
    /// How many set-apart children it has ([`COUNT`] bits, saturating), and [`SETTINGS`].
    apart: u8,
    /// A copy of its key when short (a long key is read from the node).
    short: ShortKey,
}

impl<T> Hot<T> {
    /// The entry of `node`, keyed `key` under `parent`, with no set-apart children yet.
    pub fn new(key: &str, parent: Option<NodeId>, node: Option<Rc<T>>) -> Hot<T> {
        Hot {
            node,
            parent: parent.unwrap_or(NO_PARENT),
            apart: 0,
            short: ShortKey::new(key),
        }
    }

    /// Whether its key may be `key` (`None`: the copy cannot tell, read the node's).
    pub fn key_may_be(&self, key: &[u8]) -> Option<bool> {
        self.short.may_be(key)
    }

    /// Whether its key starts with `prefix` (`None`: the copy cannot tell).
    pub fn key_starts_with(&self, prefix: &[u8]) -> Option<bool> {
        self.short.starts_with(prefix)
    }

    /// Its parent (`None` for a root).
    pub fn parent(&self) -> Option<NodeId> {
        Some(self.parent).filter(|p| *p != NO_PARENT)
    }

    /// The node, if the slot holds one.
    pub fn node(&self) -> Option<&Rc<T>> {
        self.node.as_ref()
    }
}

/// Entries per shared chunk: 4 KiB, a page.
const CHUNK: usize = 64;

/// The slots and hot entries of every node by id.
#[derive(Clone, Debug)]
pub struct HotArray<T> {
    chunks: Vec<Rc<[Hot<T>; CHUNK]>>,
    /// Ids handed out so far (slots in use or freed).
    len: usize,
}

impl<T> Default for HotArray<T> {
    fn default() -> HotArray<T> {
        HotArray {
            chunks: Vec::new(),
            len: 0,
        }
    }
}

impl<T: Clone> HotArray<T> {
    /// The entry of node `id`, if the array reaches it.
    pub fn get(&self, id: NodeId) -> Option<&Hot<T>> {
        let i = id as usize;
        self.chunks.get(i / CHUNK)?.get(i % CHUNK)
    }

    /// The entry of node `id`, writable (its chunk copied first if shared).
    fn entry_mut(&mut self, id: NodeId) -> Option<&mut Hot<T>> {
        let i = id as usize;
        Rc::make_mut(self.chunks.get_mut(i / CHUNK)?).get_mut(i % CHUNK)
    }

    /// Node `id`, writable: its chunk copied first if shared, then the node if shared.
    pub fn node_mut(&mut self, id: NodeId) -> Option<&mut T> {
        self.entry_mut(id)?.node.as_mut().map(Rc::make_mut)
    }

    /// A new slot holding `hot`: its id.
    pub fn push(&mut self, hot: Hot<T>) -> NodeId {
        if self.len.is_multiple_of(CHUNK) {
            self.chunks
                .push(Rc::new(core::array::from_fn(|_| Hot::new("", None, None))));
        }
        self.len += 1;
        let id = NodeId::try_from(self.len - 1).unwrap_or(NodeId::MAX);
        self.set(id, hot);
        id
    }

    /// Sets the entry of node `id` (an id already handed out).
    pub fn set(&mut self, id: NodeId, hot: Hot<T>) {
        if let Some(e) = self.entry_mut(id) {
            *e = hot;
        }
    }

    /// Empties slot `id`: the node it held.
    pub fn take(&mut self, id: NodeId) -> Option<Rc<T>> {
        self.get(id)?.node.as_ref()?;
        let e = self.entry_mut(id)?;
        core::mem::replace(e, Hot::new("", None, None)).node
    }

    /// Gives node `id` a new key and parent (a move), keeping its node and its count of
    /// set-apart children.
    pub fn relink(&mut self, id: NodeId, key: &str, parent: Option<NodeId>) {
        if let Some(e) = self.entry_mut(id) {
            e.parent = parent.unwrap_or(NO_PARENT);
            e.short = ShortKey::new(key);
        }
    }

    /// Records how many set-apart children node `id` has.
    pub fn set_apart_count(&mut self, id: NodeId, count: usize) {
        let count = u8::try_from(count).unwrap_or(u8::MAX).min(COUNT);
        self.set_apart_byte(id, |b| (b & SETTINGS) | count);
    }

    /// Records whether node `id`'s resource may have workspace settings set.
    pub fn set_may_have_settings(&mut self, id: NodeId, may: bool) {
        self.set_apart_byte(id, |b| if may { b | SETTINGS } else { b & COUNT });
    }

    /// Changes node `id`'s `apart` byte, copying its chunk only when the byte changes.
    fn set_apart_byte(&mut self, id: NodeId, f: impl Fn(u8) -> u8) {
        let Some(old) = self.get(id).map(|h| h.apart) else {
            return;
        };
        let new = f(old);
        if new != old
            && let Some(e) = self.entry_mut(id)
        {
            e.apart = new;
        }
    }

    /// True when node `id` may have set-apart children (unknown ids answer true: the caller
    /// then reads the node itself).
    pub fn may_have_apart(&self, id: NodeId) -> bool {
        self.get(id).is_none_or(|h| h.apart & COUNT > 0)
    }

    /// True when node `id`'s resource may have workspace settings set (unknown ids answer
    /// true: the caller then reads the node itself).
    pub fn may_have_settings(&self, id: NodeId) -> bool {
        self.get(id).is_none_or(|h| h.apart & SETTINGS != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte that counts set-apart children also holds the settings mark: setting one
    /// leaves the other as it was, and a clone keeps its own until written.
    #[test]
    fn the_settings_mark_and_the_count_share_a_byte_apart() {
        let mut a: HotArray<u64> = HotArray::default();
        a.push(Hot::new("t/n", None, Some(Rc::new(1))));
        assert!(!a.may_have_settings(0) && !a.may_have_apart(0));
        a.set_may_have_settings(0, true);
        assert!(a.may_have_settings(0) && !a.may_have_apart(0));
        a.set_apart_count(0, 500);
        assert!(a.may_have_settings(0) && a.may_have_apart(0));
        let b = a.clone();
        a.set_may_have_settings(0, false);
        assert!(!a.may_have_settings(0) && a.may_have_apart(0));
        assert!(b.may_have_settings(0));
        a.set_apart_count(0, 0);
        assert!(!a.may_have_settings(0) && !a.may_have_apart(0));
        assert!(
            a.may_have_settings(500),
            "an id past the array may have settings"
        );
    }

    #[test]
    fn an_entry_is_one_line_and_a_clone_shares_until_written() {
        assert_eq!(core::mem::size_of::<Hot<u64>>(), 64);
        let mut a: HotArray<u64> = HotArray::default();
        for _ in 0..71 {
            a.push(Hot::new("", None, None));
        }
        a.set(70, Hot::new("t/n", Some(3), Some(Rc::new(7))));
        assert_eq!(a.get(70).and_then(Hot::parent), Some(3));
        assert_eq!(a.get(70).and_then(|h| h.key_may_be(b"t/n")), Some(true));
        assert_eq!(a.get(69).and_then(Hot::parent), None);
        assert!(a.get(200).is_none());
        let b = a.clone();
        a.set_apart_count(70, 300);
        assert!(a.may_have_apart(70));
        assert!(!b.may_have_apart(70));
        assert!(b.may_have_apart(500));
        if let Some(n) = a.node_mut(70) {
            *n = 8;
        }
        assert_eq!(a.get(70).and_then(Hot::node).map(|n| **n), Some(8));
        assert_eq!(b.get(70).and_then(Hot::node).map(|n| **n), Some(7));
        a.relink(70, "u/m", None);
        assert_eq!(a.get(70).and_then(Hot::node).map(|n| **n), Some(8));
        assert!(a.may_have_apart(70));
        assert_eq!(a.take(70).map(|n| *n), Some(8));
        assert!(a.take(70).is_none());
        assert_eq!(b.get(70).and_then(|h| h.key_may_be(b"t/n")), Some(true));
        assert_eq!(a.get(70).and_then(|h| h.key_may_be(b"t/n")), Some(false));
    }
}
