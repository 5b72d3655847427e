//! Reading an input's members by hand: the module's doc is on its declaration in `request.rs`.

use alloc::string::String;
use serde::Deserialize;
use serde::de::{Error as _, Unexpected};
use serde_json::{Error, Value};

/// A required member, or serde's "missing field `name`".
pub(crate) fn required<T>(v: Option<T>, name: &'static str) -> Result<T, Error> {
    v.ok_or_else(|| Error::missing_field(name))
}

/// A `String` member (serde's own error when it is not a string).
pub(crate) fn string(v: Value) -> Result<String, Error> {
    match v {
        Value::String(s) => Ok(s),
        other => String::deserialize(&other),
    }
}

/// An `Option<String>` member: `null` is `None`.
pub(crate) fn opt_string(v: Value) -> Result<Option<String>, Error> {
    if v.is_null() {
        Ok(None)
    } else {
        string(v).map(Some)
    }
}

/// An `Option<u8>` member: `null` is `None`.
pub(crate) fn opt_u8(v: &Value) -> Result<Option<u8>, Error> {
    if v.is_null() {
        Ok(None)
    } else {
        u8::deserialize(v).map(Some)
    }
}

/// An `Option<u64>` member: `null` is `None`.
pub(crate) fn opt_u64(v: &Value) -> Result<Option<u64>, Error> {
    if v.is_null() {
        Ok(None)
    } else {
        u64::deserialize(v).map(Some)
    }
}

/// A unit-only enum's variant, as serde_json reads an enum from a `&Value` (its name, or
/// an object whose one key is the name and whose value is `null`): its index in `names`
/// (the variants' names in declaration order).
pub(crate) fn variant(v: &Value, names: &'static [&'static str]) -> Result<usize, Error> {
    let (name, value) = match v {
        Value::String(name) => (name, None),
        Value::Object(m) => {
            let mut it = m.iter();
            match (it.next(), it.next()) {
                (Some((name, value)), None) => (name, Some(value)),
                _ => {
                    let single = &"map with a single key";
                    return Err(Error::invalid_value(Unexpected::Map, single));
                }
            }
        }
        other => return Err(Error::invalid_type(unexpected(other), &"string or map")),
    };
    let at = names
        .iter()
        .position(|n| n == name)
        .ok_or_else(|| Error::unknown_variant(name, names))?;
    if let Some(value) = value {
        <()>::deserialize(value)?;
    }
    Ok(at)
}

/// What serde_json names `v` in an "invalid type" error (only the message prints a float, as
/// serde_json's own error does).
pub(crate) fn unexpected(v: &Value) -> Unexpected<'_> {
    match v {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (None, Some(i)) => Unexpected::Signed(i),
            (None, None) => Unexpected::Float(n.as_f64().unwrap_or_default()),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

#[cfg(test)]
mod tests;
