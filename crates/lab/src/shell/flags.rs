//! The flags of a parsed command line, by canonical long name.

use alloc::vec::Vec;
use core::fmt;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::ArgValue;

/// Flags given on a command line, by canonical long name (without `--`), in name order.
///
/// A line has a handful of flags: a `Vec` kept sorted and searched by name answers what a
/// `BTreeMap` did (same order when iterated, printed or serialized) with a fraction of its
/// code in the browser's start module (docs/WASM-SIZE.md, fifth stop).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Flags {
    /// (name, value) pairs, names unique and ascending. A name is the grammar's own (a
    /// flag's canonical name), not a copy made for each line.
    pairs: Vec<(&'static str, ArgValue)>,
}

impl Flags {
    /// No flags.
    pub fn new() -> Flags {
        Flags::default()
    }

    /// Where `name` is (`Err`: where it would go).
    fn position(&self, name: &str) -> Result<usize, usize> {
        self.pairs.binary_search_by(|(k, _)| (*k).cmp(name))
    }

    /// The value of flag `name`, if given.
    pub fn get(&self, name: &str) -> Option<&ArgValue> {
        let at = self.position(name).ok()?;
        Some(&self.pairs[at].1)
    }

    /// The value of flag `name`, to change in place.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut ArgValue> {
        let at = self.position(name).ok()?;
        Some(&mut self.pairs[at].1)
    }

    /// Whether flag `name` was given.
    pub fn contains_key(&self, name: &str) -> bool {
        self.position(name).is_ok()
    }

    /// Sets flag `name`; its previous value, if it had one.
    pub fn insert(&mut self, name: &'static str, value: ArgValue) -> Option<ArgValue> {
        match self.position(name) {
            Ok(at) => Some(core::mem::replace(&mut self.pairs[at].1, value)),
            Err(at) => {
                self.pairs.insert(at, (name, value));
                None
            }
        }
    }

    /// Takes flag `name` out; its value, if it was given.
    pub fn remove(&mut self, name: &str) -> Option<ArgValue> {
        let at = self.position(name).ok()?;
        Some(self.pairs.remove(at).1)
    }

    /// Every flag, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ArgValue)> {
        self.pairs.iter().map(|(k, v)| (*k, v))
    }

    /// Every flag's name, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.pairs.iter().map(|(k, _)| *k)
    }

    /// How many flags were given.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// True when no flag was given.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

/// Printed as a map, as the `BTreeMap` it replaces was.
impl fmt::Debug for Flags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// Serialized as a map in name order, as the `BTreeMap` it replaces was.
impl Serialize for Flags {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.pairs.len()))?;
        for (k, v) in &self.pairs {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::collections::BTreeMap;

    #[test]
    fn flags_answer_as_a_sorted_map_does() {
        let mut flags = Flags::new();
        let mut map = BTreeMap::new();
        for (i, name) in ["name", "location", "tags", "name", "yes", "a"]
            .iter()
            .enumerate()
        {
            let value = ArgValue::One(alloc::format!("v{i}"));
            assert_eq!(flags.insert(name, value.clone()), map.insert(*name, value));
        }
        assert_eq!(flags.remove("tags"), map.remove("tags"));
        assert_eq!(flags.remove("tags"), None);
        assert_eq!(flags.len(), map.len());
        assert!(flags.iter().eq(map.iter().map(|(k, v)| (*k, v))));
        assert_eq!(alloc::format!("{flags:?}"), alloc::format!("{map:?}"));
        assert_eq!(
            serde_json::to_string(&flags).ok(),
            serde_json::to_string(&map).ok()
        );
        assert_eq!(flags.get("location"), map.get("location"));
        assert!(!flags.contains_key("missing") && flags.get("missing").is_none());
    }
}
