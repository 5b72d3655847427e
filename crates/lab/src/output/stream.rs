//! az's JSON text (`-o json`, no `--query`) written straight from a serializable value — a
//! stored body's packed bytes ([`hcsim_core::packed::Packed::stream`]) — without building,
//! transforming and dropping a `serde_json::Value` tree first. The text is exactly what
//! [`super::pyfmt::json`] writes for the decoded value after azure-cli's global transform
//! ([`super::transform`]: a `resourceGroup` beside each `id` naming one) and the command's
//! own top-level `null` defaults (`az group show` prints `managedBy` and `tags` even when the
//! body has none).
//!
//! The keys an object gains are written in their places as its keys go by: object keys arrive
//! sorted (serde_json's maps, which packing keeps, are ordered as knack's `sort_keys=True`
//! orders them: by code point, which is UTF-8's byte order), and `id` sorts before
//! `resourceGroup`, so the group is known before its place is reached. An object's opening
//! is written with its first entry, since an empty body can gain keys.
//!
//! Anything the two writers would not agree on is refused (a value of another shape than an
//! object at the top, a non-string key): the caller then prints the decoded value instead.

use alloc::string::String;
use core::fmt;

use serde::ser::{self, Impossible, Serialize, Serializer};
use serde_json::Number;

use super::pyfmt;
use super::transform;

/// The JSON text az prints for `value` (an object) after the global transform, with each key
/// of `nulls` (sorted, top level) set to `null` where the object lacks it; `None` when the
/// value is of a shape this writer leaves to the decoded path.
pub(crate) fn json_of<T: Serialize + ?Sized>(
    value: &T,
    nulls: &'static [&'static str],
) -> Option<String> {
    debug_assert!(nulls.windows(2).all(|w| w[0] < w[1]), "nulls are sorted");
    let mut w = Writer {
        // A resource prints as some hundreds of bytes (as `pyfmt::json` reserves).
        out: String::with_capacity(1024),
        level: 0,
        transform: true,
        top: Some(nulls),
        capture_id: false,
        captured: None,
    };
    value.serialize(&mut w).ok()?;
    Some(w.out)
}

/// Why a value was refused (the caller falls back to the decoded value's printer).
#[derive(Debug)]
pub(crate) struct Refused;

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("left to the decoded printer")
    }
}

impl core::error::Error for Refused {}

impl ser::Error for Refused {
    fn custom<T: fmt::Display>(_msg: T) -> Refused {
        Refused
    }
}

/// The text being written and where the writer stands in the value.
struct Writer {
    out: String,
    /// The nesting level of the value being written (its indent, and the transform's depth).
    level: usize,
    /// Whether the global transform reaches this value (not below a `sourceVault`, not deeper
    /// than its bound).
    transform: bool,
    /// The top-level `null` defaults, until the top-level object takes them (`None` after:
    /// the writer is inside the value).
    top: Option<&'static [&'static str]>,
    /// Set while an `id`'s value is written: a string value names the group to add.
    capture_id: bool,
    /// The group the last captured `id` names, if any.
    captured: Option<String>,
}

impl Writer {
    /// Refuses a value at the top (only objects are written here).
    fn scalar(&mut self) -> Result<(), Refused> {
        if self.top.is_some() {
            return Err(Refused);
        }
        self.capture_id = false;
        Ok(())
    }
}

/// The value of a key an object gains.
#[derive(Clone, Copy)]
enum Gained<'a> {
    Null,
    Text(&'a str),
}

/// An object being written.
struct MapWriter<'w> {
    w: &'w mut Writer,
    /// Entries written so far (the gained ones too).
    entries: usize,
    /// The `null` defaults not yet placed (top level only), sorted.
    nulls: &'static [&'static str],
    /// Whether the transform reaches this object (its `id` is then read for a group).
    transformed: bool,
    /// The group the object's `id` names, once seen, until its place is passed: the
    /// `resourceGroup` the transform adds unless the object has one.
    group: Option<String>,
    /// What the key being written is: its value is then an `id`, or a `sourceVault`.
    key_is_id: bool,
    key_is_vault: bool,
}

/// The key the transform adds.
const RESOURCE_GROUP: &str = "resourceGroup";

impl MapWriter<'_> {
    /// Starts an entry: its separator and indent, then the key text and `: `.
    fn open_entry(&mut self, key: &str) {
        let out = &mut self.w.out;
        out.push_str(if self.entries == 0 { "{\n" } else { ",\n" });
        self.entries += 1;
        pyfmt::pad(self.w.level + 1, out);
        pyfmt::string(key, out);
        out.push_str(": ");
    }

    /// Writes a gained entry.
    fn gained(&mut self, key: &str, value: Gained<'_>) {
        self.open_entry(key);
        match value {
            Gained::Null => self.w.out.push_str("null"),
            Gained::Text(t) => pyfmt::string(t, &mut self.w.out),
        }
    }

    /// Starts the entry of `key`, placing first the gained keys that sort before it.
    fn key(&mut self, key: &str) {
        self.place_before(Some(key));
        self.open_entry(key);
        self.key_is_id = key == "id";
        self.key_is_vault = key == "sourceVault";
    }

    /// Places every gained key that sorts before `key` (all of them when `key` is `None`: the
    /// object ends); a gained key equal to `key` is present already and is not added.
    #[inline]
    fn place_before(&mut self, key: Option<&str>) {
        // Nearly every key of a body passes with nothing to place: none is left, or the key's
        // first byte sorts before the first byte of each one left. Only the others take the
        // byte-by-byte comparisons.
        let null = self.nulls.first().map_or(NO_KEY, |n| first_byte(n));
        let group = if self.group.is_some() {
            first_byte(RESOURCE_GROUP)
        } else {
            NO_KEY
        };
        let next = null.min(group);
        if next == NO_KEY || key.is_some_and(|k| first_byte(k) < next) {
            return;
        }
        self.place_gained_before(key);
    }

    /// [`Self::place_before`] when a gained key may sort before `key`.
    #[inline(never)]
    fn place_gained_before(&mut self, key: Option<&str>) {
        loop {
            let null = self.nulls.first().copied();
            let group = self.group.is_some().then_some(RESOURCE_GROUP);
            let next = match (null, group) {
                (Some(n), Some(g)) if sorts_before(g, n) => g,
                (Some(n), _) => n,
                (None, Some(g)) => g,
                (None, None) => return,
            };
            if key.is_some_and(|k| sorts_before(k, next)) {
                return;
            }
            let present = key == Some(next);
            if null == Some(next) {
                self.nulls = &self.nulls[1..];
            }
            let group = if group == Some(next) {
                self.group.take()
            } else {
                None
            };
            if present {
                continue;
            }
            match group {
                Some(g) => self.gained(RESOURCE_GROUP, Gained::Text(&g)),
                None => self.gained(next, Gained::Null),
            }
        }
    }
}

/// Where a key's first byte sorts: 0 for the empty key (it sorts first), else the byte plus
/// one; a key whose value is less sorts before the other.
fn first_byte(key: &str) -> u16 {
    key.as_bytes().first().map_or(0, |&b| u16::from(b) + 1)
}

/// Above every [`first_byte`]: no gained key is left.
const NO_KEY: u16 = 0x101;

/// Whether `a` sorts before `b` (`str`'s order: by bytes), compared a byte at a time: keys
/// are short and differ early, sooner than a call to `memcmp` returns.
fn sorts_before(a: &str, b: &str) -> bool {
    for (x, y) in a.bytes().zip(b.bytes()) {
        if x != y {
            return x < y;
        }
    }
    a.len() < b.len()
}

impl ser::SerializeMap for MapWriter<'_> {
    type Ok = ();
    type Error = Refused;

    fn serialize_key<K: Serialize + ?Sized>(&mut self, key: &K) -> Result<(), Refused> {
        // The key is written where it is read, not copied first.
        key.serialize(KeyText(self))
    }

    fn serialize_value<V: Serialize + ?Sized>(&mut self, value: &V) -> Result<(), Refused> {
        let (level, transform) = (self.w.level, self.w.transform);
        self.w.level = level + 1;
        self.w.transform = transform && !self.key_is_vault;
        self.w.capture_id = self.key_is_id && self.transformed;
        let done = value.serialize(&mut *self.w);
        if core::mem::take(&mut self.w.capture_id) {
            // The value was not a string: no group.
            self.w.captured = None;
        }
        if self.key_is_id {
            self.group = self.w.captured.take();
        }
        self.w.level = level;
        self.w.transform = transform;
        done
    }

    fn end(mut self) -> Result<(), Refused> {
        self.place_before(None);
        let out = &mut self.w.out;
        if self.entries == 0 {
            out.push_str("{}");
        } else {
            out.push('\n');
            pyfmt::pad(self.w.level, out);
            out.push('}');
        }
        Ok(())
    }
}

/// An array being written.
struct SeqWriter<'w> {
    w: &'w mut Writer,
    entries: usize,
}

impl ser::SerializeSeq for SeqWriter<'_> {
    type Ok = ();
    type Error = Refused;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Refused> {
        let out = &mut self.w.out;
        out.push_str(if self.entries == 0 { "[\n" } else { ",\n" });
        self.entries += 1;
        let level = self.w.level;
        pyfmt::pad(level + 1, out);
        self.w.level = level + 1;
        let done = value.serialize(&mut *self.w);
        self.w.level = level;
        done
    }

    fn end(self) -> Result<(), Refused> {
        let out = &mut self.w.out;
        if self.entries == 0 {
            out.push_str("[]");
        } else {
            out.push('\n');
            pyfmt::pad(self.w.level, out);
            out.push(']');
        }
        Ok(())
    }
}

/// Refuses what no JSON body holds (serde's other data model kinds).
macro_rules! refuse {
    ($($name:ident($($arg:ty),*) -> $ok:ty;)*) => {
        $(fn $name(self, $(_: $arg),*) -> Result<$ok, Refused> {
            Err(Refused)
        })*
    };
}

/// The newtype methods (generic, so outside [`refuse!`]'s shape): JSON bodies have none, and a
/// value holding one is left to the decoded printer.
macro_rules! refuse_newtypes {
    () => {
        fn serialize_newtype_struct<T: Serialize + ?Sized>(
            self,
            _name: &'static str,
            _value: &T,
        ) -> Result<(), Refused> {
            Err(Refused)
        }

        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _name: &'static str,
            _index: u32,
            _variant: &'static str,
            _value: &T,
        ) -> Result<(), Refused> {
            Err(Refused)
        }
    };
}

impl<'w> Serializer for &'w mut Writer {
    type Ok = ();
    type Error = Refused;
    type SerializeSeq = SeqWriter<'w>;
    type SerializeTuple = Impossible<(), Refused>;
    type SerializeTupleStruct = Impossible<(), Refused>;
    type SerializeTupleVariant = Impossible<(), Refused>;
    type SerializeMap = MapWriter<'w>;
    type SerializeStruct = Impossible<(), Refused>;
    type SerializeStructVariant = Impossible<(), Refused>;

    fn serialize_bool(self, v: bool) -> Result<(), Refused> {
        self.scalar()?;
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    fn serialize_i64(self, v: i64) -> Result<(), Refused> {
        self.scalar()?;
        let _ = fmt::Write::write_fmt(&mut self.out, format_args!("{v}"));
        Ok(())
    }

    fn serialize_u64(self, v: u64) -> Result<(), Refused> {
        self.scalar()?;
        let _ = fmt::Write::write_fmt(&mut self.out, format_args!("{v}"));
        Ok(())
    }

    fn serialize_f64(self, v: f64) -> Result<(), Refused> {
        self.scalar()?;
        // A JSON value's float is finite; Python's repr of it, as the decoded printer writes.
        let n = Number::from_f64(v).ok_or(Refused)?;
        self.out.push_str(&pyfmt::number(&n));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), Refused> {
        if self.top.is_some() {
            return Err(Refused);
        }
        if core::mem::take(&mut self.capture_id) {
            self.captured = transform::group_of(v).map(String::from);
        }
        pyfmt::string(v, &mut self.out);
        Ok(())
    }

    fn serialize_unit(self) -> Result<(), Refused> {
        self.scalar()?;
        self.out.push_str("null");
        Ok(())
    }

    fn serialize_none(self) -> Result<(), Refused> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Refused> {
        value.serialize(self)
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<SeqWriter<'w>, Refused> {
        self.scalar()?;
        Ok(SeqWriter {
            w: self,
            entries: 0,
        })
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<MapWriter<'w>, Refused> {
        let nulls = self.top.take().unwrap_or(&[]);
        self.capture_id = false;
        let transformed = self.transform && self.level <= transform::MAX_DEPTH;
        Ok(MapWriter {
            w: self,
            entries: 0,
            nulls,
            transformed,
            group: None,
            key_is_id: false,
            key_is_vault: false,
        })
    }

    refuse! {
        serialize_i8(i8) -> ();
        serialize_i16(i16) -> ();
        serialize_i32(i32) -> ();
        serialize_u8(u8) -> ();
        serialize_u16(u16) -> ();
        serialize_u32(u32) -> ();
        serialize_f32(f32) -> ();
        serialize_char(char) -> ();
        serialize_bytes(&[u8]) -> ();
        serialize_unit_struct(&'static str) -> ();
        serialize_unit_variant(&'static str, u32, &'static str) -> ();
        serialize_tuple(usize) -> Impossible<(), Refused>;
        serialize_tuple_struct(&'static str, usize) -> Impossible<(), Refused>;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Impossible<(), Refused>;
        serialize_struct(&'static str, usize) -> Impossible<(), Refused>;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Impossible<(), Refused>;
    }

    refuse_newtypes!();
}

/// Starts an object's entry with its key's text (JSON keys are strings; anything else is
/// refused).
struct KeyText<'m, 'w>(&'m mut MapWriter<'w>);

impl Serializer for KeyText<'_, '_> {
    type Ok = ();
    type Error = Refused;
    type SerializeSeq = Impossible<(), Refused>;
    type SerializeTuple = Impossible<(), Refused>;
    type SerializeTupleStruct = Impossible<(), Refused>;
    type SerializeTupleVariant = Impossible<(), Refused>;
    type SerializeMap = Impossible<(), Refused>;
    type SerializeStruct = Impossible<(), Refused>;
    type SerializeStructVariant = Impossible<(), Refused>;

    fn serialize_str(self, v: &str) -> Result<(), Refused> {
        self.0.key(v);
        Ok(())
    }

    refuse! {
        serialize_bool(bool) -> ();
        serialize_i8(i8) -> ();
        serialize_i16(i16) -> ();
        serialize_i32(i32) -> ();
        serialize_i64(i64) -> ();
        serialize_u8(u8) -> ();
        serialize_u16(u16) -> ();
        serialize_u32(u32) -> ();
        serialize_u64(u64) -> ();
        serialize_f32(f32) -> ();
        serialize_f64(f64) -> ();
        serialize_char(char) -> ();
        serialize_bytes(&[u8]) -> ();
        serialize_none() -> ();
        serialize_unit() -> ();
        serialize_unit_struct(&'static str) -> ();
        serialize_unit_variant(&'static str, u32, &'static str) -> ();
        serialize_seq(Option<usize>) -> Impossible<(), Refused>;
        serialize_tuple(usize) -> Impossible<(), Refused>;
        serialize_tuple_struct(&'static str, usize) -> Impossible<(), Refused>;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Impossible<(), Refused>;
        serialize_map(Option<usize>) -> Impossible<(), Refused>;
        serialize_struct(&'static str, usize) -> Impossible<(), Refused>;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Impossible<(), Refused>;
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), Refused> {
        Err(Refused)
    }

    refuse_newtypes!();
}

#[cfg(test)]
mod tests;
