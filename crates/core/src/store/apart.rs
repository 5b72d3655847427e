//! A node's set-apart children (role assignments, locks, private endpoint connections) in key
//! order: most nodes have none, a subscription usually one (its owner's role assignment).
//! Up to [`INLINE`] ids are kept inside the node itself, so every request's RBAC check at a
//! subscription does not follow a pointer to a separate allocation (one more cache miss in a
//! big world); a longer list moves to the heap.

use alloc::vec::Vec;

/// A node's index in the store's arena (the store's `NodeId`).
type NodeId = u32;

/// Ids kept inside the node.
const INLINE: usize = 3;

/// The list: inline while short, on the heap once longer.
#[derive(Clone, Debug)]
pub enum Apart {
    /// Up to [`INLINE`] ids; the first `len` are the list.
    Inline {
        /// How many of `ids` are the list.
        len: u8,
        /// The ids, in key order.
        ids: [NodeId; INLINE],
    },
    /// A longer list.
    Heap(Vec<NodeId>),
}

impl Default for Apart {
    fn default() -> Apart {
        Apart::Inline {
            len: 0,
            ids: [0; INLINE],
        }
    }
}

impl Apart {
    /// The ids, in key order.
    pub fn as_slice(&self) -> &[NodeId] {
        match self {
            Apart::Inline { len, ids } => ids.get(..usize::from(*len)).unwrap_or(ids),
            Apart::Heap(v) => v,
        }
    }

    /// Keeps the ids `keep` accepts, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&NodeId) -> bool) {
        match self {
            Apart::Heap(v) => v.retain(keep),
            Apart::Inline { len, ids } => {
                let mut kept = 0;
                for i in 0..usize::from(*len).min(INLINE) {
                    if keep(&ids[i]) {
                        ids[kept] = ids[i];
                        kept += 1;
                    }
                }
                *len = u8::try_from(kept).unwrap_or(0);
            }
        }
    }

    /// Inserts `id` at position `at` (the end if past it).
    pub fn insert(&mut self, at: usize, id: NodeId) {
        match self {
            Apart::Inline { len, ids } if usize::from(*len) < INLINE => {
                let n = usize::from(*len);
                let at = at.min(n);
                ids.copy_within(at..n, at + 1);
                ids[at] = id;
                *len += 1;
            }
            Apart::Heap(v) => v.insert(at.min(v.len()), id),
            Apart::Inline { .. } => {
                let mut v = self.as_slice().to_vec();
                v.insert(at.min(v.len()), id);
                *self = Apart::Heap(v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_keeps_its_order_inline_and_on_the_heap() {
        assert!(core::mem::size_of::<Apart>() <= 24);
        let mut a = Apart::default();
        assert!(a.as_slice().is_empty());
        for (at, id) in [(0, 5), (0, 3), (2, 9), (1, 4), (4, 10), (0, 1)] {
            a.insert(at, id);
        }
        assert_eq!(a.as_slice(), &[1, 3, 4, 5, 9, 10]);
        a.retain(|id| id % 2 == 1);
        assert_eq!(a.as_slice(), &[1, 3, 5, 9]);
        let mut b = Apart::default();
        for id in [1, 2, 3] {
            b.insert(usize::MAX, id);
        }
        b.retain(|id| *id != 2);
        assert_eq!(b.as_slice(), &[1, 3]);
        assert_eq!(b.as_slice().len(), 2);
    }
}
