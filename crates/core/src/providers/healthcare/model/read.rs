//! Reading a request body's members against the models' shapes, as serde's derived
//! `Deserialize` of those models read them, without a derive: a shape is a static table
//! ([`Ty`], [`Model`]) walked by one function, not a visitor instantiated per model and per
//! deserializer (issue 14: that code was ~35 KB gzip of the browser's start module).
//!
//! What is kept from the derive, exactly (the golden test `model/golden.rs` holds the
//! answers recorded from it): a model's members are all optional (`null` is absent); members
//! it does not know are ignored; an object's members are checked in the object's own order,
//! so the first wrong one is reported; a model may also be given as an array of its members
//! in declaration order (serde reads a struct from a sequence), too short is "invalid length
//! i, expected struct X with n elements", too long "invalid length n, expected fewer
//! elements in array"; the error texts are serde_json's (`invalid type: …, expected …`).

use serde::de::{Error as _, Unexpected};
use serde_json::{Error, Value};

/// A member's JSON shape, named in errors as serde names the Rust type it stood for.
pub(super) enum Ty {
    /// `String`: "a string".
    Str,
    /// `bool`: "a boolean".
    Bool,
    /// `i64`: "i64" (an integer beyond its range is an "invalid value").
    I64,
    /// `Vec<T>`: "a sequence" of `T`.
    Seq(&'static Ty),
    /// `BTreeMap<String, T>` (`Map<String, Value>` when `T` is [`Ty::Any`]): "a map".
    MapOf(&'static Ty),
    /// `Option<T>`: `null` or `T`.
    Opt(&'static Ty),
    /// `serde_json::Value`: anything.
    Any,
    /// A model: "struct Name".
    Struct(&'static Model),
}

/// A model of the spec (a Rust struct before): its name in errors and its members in
/// declaration order (the order an array gives them in), each optional.
pub(super) struct Model {
    /// The name serde's errors give it ("struct Cors").
    pub name: &'static str,
    /// `(member, shape)` in declaration order.
    pub fields: &'static [(&'static str, Ty)],
}

/// Checks `v` against `ty`; the error is serde_json's for the first member that does not fit.
pub(super) fn check(v: &Value, ty: &Ty) -> Result<(), Error> {
    match ty {
        Ty::Any => Ok(()),
        Ty::Opt(t) => optional(v, t),
        Ty::Str if v.is_string() => Ok(()),
        Ty::Str => Err(wrong(v, "a string")),
        Ty::Bool if v.is_boolean() => Ok(()),
        Ty::Bool => Err(wrong(v, "a boolean")),
        Ty::I64 if v.is_i64() => Ok(()),
        Ty::I64 => match v.as_u64() {
            Some(n) => Err(Error::invalid_value(Unexpected::Unsigned(n), &"i64")),
            None => Err(wrong(v, "i64")),
        },
        Ty::Seq(t) => match v {
            Value::Array(items) => items.iter().try_for_each(|x| check(x, t)),
            _ => Err(wrong(v, "a sequence")),
        },
        Ty::MapOf(t) => match v {
            Value::Object(m) => m.values().try_for_each(|x| check(x, t)),
            _ => Err(wrong(v, "a map")),
        },
        Ty::Struct(m) => check_model(v, m),
    }
}

/// `null`, or a `ty`.
fn optional(v: &Value, ty: &Ty) -> Result<(), Error> {
    if v.is_null() { Ok(()) } else { check(v, ty) }
}

/// A model from an object (members by name, in the object's order) or from an array
/// (members by position).
fn check_model(v: &Value, m: &Model) -> Result<(), Error> {
    match v {
        Value::Object(o) => o.iter().try_for_each(|(k, x)| {
            m.fields
                .iter()
                .find(|(name, _)| name == k)
                .map_or(Ok(()), |(_, t)| optional(x, t))
        }),
        Value::Array(items) => {
            for (i, (_, t)) in m.fields.iter().enumerate() {
                let Some(x) = items.get(i) else {
                    let n = m.fields.len();
                    let s = if n == 1 { "" } else { "s" };
                    let exp = alloc::format!("struct {} with {n} element{s}", m.name);
                    return Err(Error::invalid_length(i, &exp.as_str()));
                };
                optional(x, t)?;
            }
            if items.len() > m.fields.len() {
                return Err(Error::invalid_length(
                    items.len(),
                    &"fewer elements in array",
                ));
            }
            Ok(())
        }
        _ => Err(wrong(v, &alloc::format!("struct {}", m.name))),
    }
}

/// serde_json's "invalid type: <what v is>, expected <expected>".
fn wrong(v: &Value, expected: &str) -> Error {
    Error::invalid_type(crate::request::members::unexpected(v), &expected)
}

/// Member `name` of a value that passed [`check`] as `m`: by name in an object, by position
/// in an array; `None` when absent or `null`.
pub(super) fn member<'a>(v: &'a Value, m: &Model, name: &str) -> Option<&'a Value> {
    let found = match v {
        Value::Object(o) => o.get(name),
        Value::Array(items) => m
            .fields
            .iter()
            .position(|(n, _)| *n == name)
            .and_then(|i| items.get(i)),
        _ => None,
    };
    found.filter(|x| !x.is_null())
}

/// The items of an array member (none when absent).
pub(super) fn items(v: Option<&Value>) -> core::slice::Iter<'_, Value> {
    v.and_then(Value::as_array).map_or([].iter(), |a| a.iter())
}

/// The strings of a `Seq(Str)` member (none when absent).
pub(super) fn strs(v: Option<&Value>) -> impl Iterator<Item = &str> {
    items(v).filter_map(Value::as_str)
}
