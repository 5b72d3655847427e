//! Every filed node of the store by a hash of its whole lower-cased path: one open-addressing
//! table of `(path hash, node)` pairs for the whole store, in fixed-size chunks shared by
//! reference count (a clone of the store copies a pointer per chunk, a chunk is copied when
//! one of the sharing stores changes it).
//!
//! Why the whole path and not `(parent, key)`: the slot a look-up reads for a request's `k`th
//! segment follows from the request's own text, not from the node found one level up, so the
//! reads of all levels are independent of each other and the processor overlaps their cache
//! misses, where a walk parent by parent pays them one after another. A hit is only a
//! candidate: the caller confirms it against the node's parent and own key, so a collision
//! costs a comparison and never a wrong answer.
//!
//! The hash is a fixed function (no seed, no OS randomness), so every run and every platform
//! builds the same table; nothing iterates the table for order (ordered listings read the
//! store's ordered children maps).

use alloc::rc::Rc;
use alloc::vec::Vec;

/// A node's index in the store's arena (the store's `NodeId`; named here so this module
/// depends on nothing of the store's).
type NodeId = u32;

/// The path hash of "no parent": what a subscription's (a root's) hash is chained from.
pub const ROOT_HASH: u64 = 0x243f_6a88_85a3_08d3;

const MUL: u64 = 0x9e37_79b9_7f4a_7c15;

/// The hash of a lower-cased `type/name` key's bytes, eight bytes at a time.
fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = (bytes.len() as u64).wrapping_mul(MUL);
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let mut word = [0u8; 8];
        word.copy_from_slice(w);
        h = (h.rotate_left(23) ^ u64::from_le_bytes(word)).wrapping_mul(MUL);
    }
    let rest = words.remainder();
    let mut word = [0u8; 8];
    word[..rest.len()].copy_from_slice(rest);
    (h.rotate_left(23) ^ u64::from_le_bytes(word)).wrapping_mul(MUL)
}

/// The path hash of the child keyed `key` (lower-cased `type/name`) of the node whose path
/// hash is `parent` ([`ROOT_HASH`] for a subscription). Mixed to the last bit, since the
/// table's slot is taken from the hash's top bits.
pub fn path_hash(parent: u64, key: &[u8]) -> u64 {
    let mut h = parent.rotate_left(29) ^ hash_bytes(key);
    // The murmur3 finalizer: every input bit reaches every output bit.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Bytes of a key kept in the store's hot entry (most keys fit: a subscription's is 50,
/// exactly; the entry's other 13 bytes are the node's pointer, parent and set-apart count).
const SHORT: usize = 50;

/// A copy of a short key kept in the store's hot entry, so confirming a look-up's hit reads
/// that one cache line and not the node or its key's allocation (each one a likely cache
/// and TLB miss in a big world). Of a longer key the first [`SHORT`] bytes are kept: enough
/// to turn away most wrong candidates and to answer whether it starts with a set-apart
/// prefix (a role assignment's key is 76 bytes) without reading the key itself.
#[derive(Clone, Copy, Debug)]
pub struct ShortKey {
    bytes: [u8; SHORT],
    /// The length, or `u8::MAX` when the key is longer than [`SHORT`].
    len: u8,
}

impl ShortKey {
    /// The copy of `key`, or of its first [`SHORT`] bytes with the mark that it is longer.
    pub fn new(key: &str) -> ShortKey {
        let mut bytes = [0; SHORT];
        let kept = key.len().min(SHORT);
        bytes[..kept].copy_from_slice(&key.as_bytes()[..kept]);
        let len = if key.len() > SHORT {
            u8::MAX
        } else {
            u8::try_from(key.len()).unwrap_or(u8::MAX)
        };
        ShortKey { bytes, len }
    }

    /// The key's bytes when short.
    pub fn get(&self) -> Option<&[u8]> {
        self.bytes.get(..usize::from(self.len))
    }

    /// Whether the key may be `key`: `Some` when the copy decides it, `None` when the whole
    /// key must be read (a long key whose first bytes match).
    pub fn may_be(&self, key: &[u8]) -> Option<bool> {
        match self.get() {
            Some(short) => Some(short == key),
            None if key.len() <= SHORT || !key.starts_with(&self.bytes) => Some(false),
            None => None,
        }
    }

    /// Whether the key starts with `prefix`: `None` when the copy cannot tell (a long key
    /// and a prefix longer than the copy).
    pub fn starts_with(&self, prefix: &[u8]) -> Option<bool> {
        match self.get() {
            Some(short) => Some(short.starts_with(prefix)),
            None if prefix.len() <= SHORT => Some(self.bytes.starts_with(prefix)),
            None => None,
        }
    }
}

/// Levels of a path a look-up resolves together (deeper paths go on in further rounds).
pub const LANES: usize = 8;

/// Bytes of lower-cased keys one round holds.
const LANE_BYTES: usize = 512;

/// The lower-cased keys of up to [`LANES`] levels of a path, on the stack, with their path
/// hashes: what a look-up computes from the request alone before it reads the table.
pub struct Keys {
    buf: [u8; LANE_BYTES],
    ends: [usize; LANES],
    hashes: [u64; LANES],
    len: usize,
    /// The path hash of the node the first key is a child of.
    start: u64,
}

impl Keys {
    /// No keys yet; the first pushed is a child of the node whose path hash is `parent`.
    pub fn new(parent: u64) -> Keys {
        Keys {
            buf: [0; LANE_BYTES],
            ends: [0; LANES],
            hashes: [0; LANES],
            len: 0,
            start: parent,
        }
    }

    /// How many keys it holds.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Adds the key `type_word/name` of ASCII parts, lower-cased; false when there is no room
    /// (or a part is not ASCII): the caller looks that level up on its own.
    pub fn push_ascii(&mut self, type_word: &str, name: &str) -> bool {
        let (t, n) = (type_word.as_bytes(), name.as_bytes());
        let from = self.len.checked_sub(1).map_or(0, |i| self.ends[i]);
        let to = from + t.len() + 1 + n.len();
        if self.len == LANES || to > LANE_BYTES || !t.is_ascii() || !n.is_ascii() {
            return false;
        }
        let key = &mut self.buf[from..to];
        key[..t.len()].copy_from_slice(t);
        key[t.len()] = b'/';
        key[t.len() + 1..].copy_from_slice(n);
        key.make_ascii_lowercase();
        self.seal(to);
        true
    }

    /// Adds a key already lower-cased; false when there is no room.
    pub fn push(&mut self, key: &[u8]) -> bool {
        let from = self.len.checked_sub(1).map_or(0, |i| self.ends[i]);
        let to = from + key.len();
        if self.len == LANES || to > LANE_BYTES {
            return false;
        }
        self.buf[from..to].copy_from_slice(key);
        self.seal(to);
        true
    }

    /// Ends the key just written at `to`, hashing its path.
    fn seal(&mut self, to: usize) {
        let from = self.len.checked_sub(1).map_or(0, |i| self.ends[i]);
        let parent_hash = self.last_hash();
        self.ends[self.len] = to;
        self.hashes[self.len] = path_hash(parent_hash, &self.buf[from..to]);
        self.len += 1;
    }

    /// The `i`th key and its path hash.
    pub fn get(&self, i: usize) -> (&[u8], u64) {
        let from = i.checked_sub(1).map_or(0, |p| self.ends[p]);
        (&self.buf[from..self.ends[i]], self.hashes[i])
    }

    /// The path hash of the last key (of the starting node if none).
    pub fn last_hash(&self) -> u64 {
        self.len
            .checked_sub(1)
            .map_or(self.start, |i| self.hashes[i])
    }
}

/// One slot: a path hash and its node, or empty.
#[derive(Clone, Copy, Debug)]
struct Entry {
    hash: u64,
    node: NodeId,
}

/// The node id of an empty slot (an arena never holds `u32::MAX` nodes).
const EMPTY: NodeId = NodeId::MAX;

const VACANT: Entry = Entry {
    hash: 0,
    node: EMPTY,
};

/// Slots per shared chunk: 4 KiB, a page.
const CHUNK: usize = 256;

/// The smallest table: one chunk.
const MIN_BITS: u32 = 8;

/// The table: `1 << bits` slots in chunks, linear probing, at most three quarters full.
#[derive(Clone, Debug, Default)]
pub struct PathTable {
    chunks: Vec<Rc<[Entry; CHUNK]>>,
    bits: u32,
    len: usize,
}

impl PathTable {
    fn mask(&self) -> usize {
        (1usize << self.bits) - 1
    }

    /// Where a probe for `hash` starts: its top bits.
    fn home(&self, hash: u64) -> usize {
        usize::try_from(hash >> (64 - self.bits)).unwrap_or(0)
    }

    fn get(&self, i: usize) -> Entry {
        self.chunks
            .get(i / CHUNK)
            .and_then(|c| c.get(i % CHUNK))
            .copied()
            .unwrap_or(VACANT)
    }

    fn set(&mut self, i: usize, e: Entry) {
        if let Some(slot) = self
            .chunks
            .get_mut(i / CHUNK)
            .and_then(|c| Rc::make_mut(c).get_mut(i % CHUNK))
        {
            *slot = e;
        }
    }

    /// Files `node` under `hash`.
    pub fn insert(&mut self, hash: u64, node: NodeId) {
        if self.bits == 0 || (self.len + 1) * 4 > (3 << self.bits) {
            self.grow();
        }
        let mut i = self.home(hash);
        while self.get(i).node != EMPTY {
            i = (i + 1) & self.mask();
        }
        self.set(i, Entry { hash, node });
        self.len += 1;
    }

    /// Doubles the slots and files every entry again, in slot order (deterministic).
    fn grow(&mut self) {
        let bits = (self.bits + 1).max(MIN_BITS);
        let old = core::mem::take(&mut self.chunks);
        self.chunks = (0..(1usize << bits) / CHUNK)
            .map(|_| Rc::new([VACANT; CHUNK]))
            .collect();
        self.bits = bits;
        self.len = 0;
        for chunk in old {
            for e in chunk.iter().filter(|e| e.node != EMPTY) {
                self.insert(e.hash, e.node);
            }
        }
    }

    /// Takes `node` filed under `hash` out (nothing if absent). The entries after it in its
    /// run move back into the gap (no tombstones: a long-lived store keeps short probes).
    pub fn remove(&mut self, hash: u64, node: NodeId) {
        if self.bits == 0 {
            return;
        }
        let mask = self.mask();
        let mut i = self.home(hash);
        loop {
            let e = self.get(i);
            if e.node == EMPTY {
                return;
            }
            if e.node == node && e.hash == hash {
                break;
            }
            i = (i + 1) & mask;
        }
        let mut hole = i;
        let mut j = (i + 1) & mask;
        loop {
            let e = self.get(j);
            if e.node == EMPTY {
                break;
            }
            // `e` may fill the hole if the hole lies between its home and where it is.
            let home = self.home(e.hash);
            if (j.wrapping_sub(home) & mask) >= (j.wrapping_sub(hole) & mask) {
                self.set(hole, e);
                hole = j;
            }
            j = (j + 1) & mask;
        }
        self.set(hole, VACANT);
        self.len -= 1;
    }

    /// The first node filed under `hash` that `accept` confirms.
    pub fn find(&self, hash: u64, mut accept: impl FnMut(NodeId) -> bool) -> Option<NodeId> {
        if self.bits == 0 {
            return None;
        }
        let mut i = self.home(hash);
        loop {
            let e = self.get(i);
            if e.node == EMPTY {
                return None;
            }
            if e.hash == hash && accept(e.node) {
                return Some(e.node);
            }
            i = (i + 1) & self.mask();
        }
    }

    /// The first node filed under `hash`, unconfirmed: what a look-up reads of the table for
    /// every level of a round before it reads any node (so the table's misses of all levels
    /// are issued together, not each behind the previous level's confirmation).
    pub fn first(&self, hash: u64) -> Option<NodeId> {
        self.find(hash, |_| true)
    }

    /// How many nodes are filed (what the store's tests check against its maps).
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.len
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_keys_are_kept_and_long_ones_marked() {
        let long = "k".repeat(SHORT + 1);
        assert_eq!(ShortKey::new(&long).get(), None);
        assert_eq!(ShortKey::new(&long[1..]).get(), Some(&long.as_bytes()[1..]));
        // The hash tells keys and parents apart, and where the '/' falls.
        assert_ne!(path_hash(ROOT_HASH, b"a/bc"), path_hash(ROOT_HASH, b"ab/c"));
        let p = path_hash(ROOT_HASH, b"a/b");
        assert_ne!(path_hash(p, b"c/d"), path_hash(ROOT_HASH, b"c/d"));
        assert_ne!(hash_bytes(b"12345678"), hash_bytes(b"12345678\0"));
    }

    #[test]
    fn the_table_finds_what_it_holds_through_growth_and_removal() {
        let mut t = PathTable::default();
        assert_eq!(t.find(1, |_| true), None);
        t.remove(1, 1);
        // Colliding hashes (all in one run) and spread ones.
        for n in 0..2000u32 {
            let h = if n % 3 == 0 {
                7
            } else {
                path_hash(ROOT_HASH, &n.to_le_bytes())
            };
            t.insert(h, n);
        }
        assert_eq!(t.len(), 2000);
        let spread = |n: u32| path_hash(ROOT_HASH, &n.to_le_bytes());
        for n in (0..2000u32).filter(|n| n % 3 != 0) {
            assert_eq!(t.find(spread(n), |c| c == n), Some(n));
        }
        assert_eq!(t.find(7, |c| c == 999), Some(999));
        for n in (0..2000u32).filter(|n| n % 2 == 0) {
            let h = if n % 3 == 0 { 7 } else { spread(n) };
            t.remove(h, n);
        }
        assert_eq!(t.len(), 1000);
        for n in 0..2000u32 {
            let h = if n % 3 == 0 { 7 } else { spread(n) };
            assert_eq!(t.find(h, |c| c == n).is_some(), n % 2 == 1, "{n}");
        }
        // A clone shares its chunks and is not changed by the original's removals.
        let before = t.clone();
        t.remove(spread(1), 1);
        assert_eq!(before.find(spread(1), |c| c == 1), Some(1));
        assert_eq!(t.find(spread(1), |c| c == 1), None);
    }
}
