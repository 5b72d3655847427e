//! A node's children by a hash of their lower-cased `type/name` key: a sorted vector of
//! `(hash, node)` pairs, so a look-up is a binary search over integers kept together instead
//! of string comparisons across a tree of map nodes. The hash is a fixed function (FNV-1a,
//! 64 bits: no seed, no OS randomness), so every run and every platform builds the same
//! index; a hit is only a candidate, confirmed by the caller against the child's own key, so
//! a collision costs a comparison and never a wrong answer.

use alloc::vec::Vec;

/// A node's index in the store's arena (the store's `NodeId`; named here so this module
/// depends on nothing of the store's).
type NodeId = u32;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// The hash of a lower-cased key (the form the store keeps).
pub fn hash_key(key: &str) -> u64 {
    feed(FNV_OFFSET, key.as_bytes())
}

/// The hash of the key `type_word/name` for ASCII parts, lower-cased on the fly: equal to
/// [`hash_key`] of the lower-cased key, without building it.
pub fn hash_ascii_parts(type_word: &str, name: &str) -> u64 {
    let h = feed_lower(FNV_OFFSET, type_word.as_bytes());
    let h = feed(h, b"/");
    feed_lower(h, name.as_bytes())
}

/// True when `key` (lower-cased, as stored) is `type_word/name` compared ASCII
/// case-insensitively (the parts being ASCII).
pub fn key_is_ascii_parts(key: &[u8], type_word: &str, name: &str) -> bool {
    let (k, t, n) = (key, type_word.as_bytes(), name.as_bytes());
    k.len() == t.len() + 1 + n.len()
        && k[..t.len()].eq_ignore_ascii_case(t)
        && k[t.len()] == b'/'
        && k[t.len() + 1..].eq_ignore_ascii_case(n)
}

fn feed(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

fn feed_lower(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h ^= u64::from(b.to_ascii_lowercase());
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// Bytes of a key kept inside a node (most keys fit: a subscription's is 50).
const SHORT: usize = 55;

/// A copy of a short key kept inside the node itself, so confirming a look-up's hit reads
/// the node's first cache line and not another allocation (each one a likely cache and TLB
/// miss in a big world). Longer keys are not copied: the caller reads the shared key.
#[derive(Clone, Copy, Debug)]
pub struct ShortKey {
    bytes: [u8; SHORT],
    /// The length, or `u8::MAX` when the key is longer than [`SHORT`].
    len: u8,
}

impl ShortKey {
    /// The copy of `key`, or the mark that it is too long.
    pub fn new(key: &str) -> ShortKey {
        let mut bytes = [0; SHORT];
        match bytes.get_mut(..key.len()) {
            Some(to) => {
                to.copy_from_slice(key.as_bytes());
                ShortKey {
                    bytes,
                    len: u8::try_from(key.len()).unwrap_or(u8::MAX),
                }
            }
            None => ShortKey {
                bytes,
                len: u8::MAX,
            },
        }
    }

    /// The key's bytes when short.
    pub fn get(&self) -> Option<&[u8]> {
        self.bytes.get(..usize::from(self.len))
    }
}

/// Children by key hash, sorted by `(hash, node)`.
#[derive(Clone, Debug, Default)]
pub struct ChildIndex {
    entries: Vec<(u64, NodeId)>,
}

impl ChildIndex {
    /// Adds `node` under `hash`.
    pub fn insert(&mut self, hash: u64, node: NodeId) {
        let at = self.entries.partition_point(|e| *e < (hash, node));
        self.entries.insert(at, (hash, node));
    }

    /// The position of the first entry whose hash is at least `hash`. Hashes spread evenly,
    /// so the entry is near `hash`'s share of the vector: a look starting there reads a line
    /// or two of neighbours instead of a binary search's scattered probes (a large vector,
    /// the subscriptions of a big world, then costs one cache miss, not ten).
    fn first_at_least(&self, hash: u64) -> usize {
        /// How far a look walks from the guess before it searches instead.
        const NEAR: usize = 16;
        let e = &self.entries;
        // The product is below `len << 64`, so the shifted value is below `len`.
        let guess = usize::try_from((u128::from(hash) * e.len() as u128) >> 64).unwrap_or(0);
        let mut i = guess.min(e.len());
        for _ in 0..NEAR {
            if i > 0 && e[i - 1].0 >= hash {
                i -= 1;
            } else if i < e.len() && e[i].0 < hash {
                i += 1;
            } else {
                return i;
            }
        }
        e.partition_point(|x| x.0 < hash)
    }

    /// Removes `node` filed under `hash` (nothing if absent).
    pub fn remove(&mut self, hash: u64, node: NodeId) {
        if let Ok(at) = self.entries.binary_search(&(hash, node)) {
            self.entries.remove(at);
        }
    }

    /// The nodes filed under `hash` (almost always one or none), for the caller to confirm.
    pub fn candidates(&self, hash: u64) -> impl Iterator<Item = NodeId> + '_ {
        let from = self.first_at_least(hash);
        self.entries[from..]
            .iter()
            .take_while(move |e| e.0 == hash)
            .map(|e| e.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_on_the_fly_hash_is_the_hash_of_the_lowered_key() {
        for (t, n) in [
            ("Microsoft.HealthcareApis/Workspaces", "WS1"),
            ("resourceGroups", "rg-1"),
            ("", ""),
        ] {
            let key = alloc::format!("{t}/{n}").to_ascii_lowercase();
            assert_eq!(hash_ascii_parts(t, n), hash_key(&key));
            assert!(key_is_ascii_parts(key.as_bytes(), t, n));
            assert!(!key_is_ascii_parts(key.as_bytes(), t, "other"));
            assert_eq!(ShortKey::new(&key).get(), Some(key.as_bytes()));
        }
        // Where the '/' falls matters: `a/b` + `c` is not `a` + `b/c`.
        assert!(!key_is_ascii_parts(b"a/b/c", "a", "bc"));
        let long = "k".repeat(SHORT + 1);
        assert_eq!(ShortKey::new(&long).get(), None);
        assert_eq!(ShortKey::new(&long[1..]).get(), Some(&long.as_bytes()[1..]));
    }

    #[test]
    fn candidates_are_the_nodes_of_one_hash() {
        let mut ix = ChildIndex::default();
        ix.insert(5, 1);
        ix.insert(3, 2);
        ix.insert(5, 0);
        assert_eq!(ix.candidates(5).collect::<Vec<_>>(), [0, 1]);
        assert_eq!(ix.candidates(4).count(), 0);
        ix.remove(5, 0);
        ix.remove(9, 9);
        assert_eq!(ix.candidates(5).collect::<Vec<_>>(), [1]);
        // Many entries, far from where their hash guesses: still found.
        let mut big = ChildIndex::default();
        for n in 0..300u32 {
            big.insert(u64::from(n) * 7, n);
            big.insert(u64::MAX - u64::from(n), n);
        }
        for n in 0..300u32 {
            assert_eq!(big.candidates(u64::from(n) * 7).collect::<Vec<_>>(), [n]);
            assert_eq!(
                big.candidates(u64::MAX - u64::from(n)).collect::<Vec<_>>(),
                [n]
            );
        }
        assert_eq!(big.candidates(1).count(), 0);
    }
}
