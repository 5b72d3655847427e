//! Small maps keyed by text, kept as `Vec`s sorted by key.
//!
//! Each `BTreeMap` key/value layout with removal costs 7–12 KB of code in the browser's start
//! module; a sorted `Vec` searched by key costs a fraction of that and iterates in the same
//! order. For tables of a handful to a few hundred entries (the directory, approvals), where
//! an insertion's shift of the tail is cheap (docs/WASM-SIZE.md, fifth stop).

use alloc::string::String;
use alloc::vec::Vec;

/// Where `key` is in `pairs`, sorted by key (`Err`: where it would go).
pub(crate) fn slot<V>(pairs: &[(String, V)], key: &str) -> Result<usize, usize> {
    pairs.binary_search_by(|(k, _)| k.as_str().cmp(key))
}

/// Sets `key` to `value`; the value it replaces, if any.
pub(crate) fn put<V>(pairs: &mut Vec<(String, V)>, key: String, value: V) -> Option<V> {
    match slot(pairs, &key) {
        Ok(at) => Some(core::mem::replace(&mut pairs[at].1, value)),
        Err(at) => {
            pairs.insert(at, (key, value));
            None
        }
    }
}

/// Takes `key` out; its value, if it was there.
pub(crate) fn take<V>(pairs: &mut Vec<(String, V)>, key: &str) -> Option<V> {
    let at = slot(pairs, key).ok()?;
    Some(pairs.remove(at).1)
}

/// The value of `key`, if it is there.
pub(crate) fn look_up<'a, V>(pairs: &'a [(String, V)], key: &str) -> Option<&'a V> {
    let at = slot(pairs, key).ok()?;
    Some(&pairs[at].1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::collections::BTreeMap;

    #[test]
    fn a_sorted_vec_answers_as_a_map_does() {
        let mut pairs = Vec::new();
        let mut map = BTreeMap::new();
        for (i, k) in ["b", "a", "/x", "c", "a", "B"].iter().enumerate() {
            assert_eq!(
                put(&mut pairs, String::from(*k), i),
                map.insert(String::from(*k), i)
            );
        }
        assert_eq!(take(&mut pairs, "c"), map.remove("c"));
        assert_eq!(take(&mut pairs, "c"), None);
        assert_eq!(look_up(&pairs, "a"), map.get("a"));
        assert_eq!(look_up(&pairs, "zz"), None);
        assert!(pairs.iter().map(|(k, v)| (k, v)).eq(map.iter()));
    }
}
