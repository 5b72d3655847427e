//! JMESPath evaluation: an expression applied to a JSON document, with the specification's
//! projection, null-propagation and truthiness rules.

use alloc::vec::Vec;
use core::cmp::Ordering;
use serde_json::{Map, Value};

use super::Error;
use super::compare::{equal, num_cmp};
use super::context::Cx;
use super::functions;
use super::parser::{Ast, Cmp};

/// Evaluates `ast` against `data`.
pub(crate) fn eval(ast: &Ast, data: &Value, cx: &mut Cx<'_>) -> Result<Value, Error> {
    cx.spend(1)?;
    match ast {
        Ast::Identity => {
            cx.spend_copy(data)?;
            Ok(data.clone())
        }
        Ast::Field(name) => Ok(match data {
            Value::Object(m) => match m.get(name) {
                Some(v) => {
                    cx.spend_copy(v)?;
                    v.clone()
                }
                None => Value::Null,
            },
            _ => Value::Null,
        }),
        Ast::Index(i) => index(data, *i, cx),
        Ast::Slice(start, stop, step) => slice(data, *start, *stop, *step, cx),
        Ast::Sub(l, r) | Ast::Pipe(l, r) => {
            let owned;
            let left = match borrow(l, data, cx)? {
                Some(v) => v,
                None => {
                    owned = eval(l, data, cx)?;
                    &owned
                }
            };
            eval(r, left, cx)
        }
        Ast::Projection(l, r) | Ast::ValueProjection(l, r) => {
            let owned;
            let base = match borrow(l, data, cx)? {
                Some(v) => v,
                None => {
                    owned = eval(l, data, cx)?;
                    &owned
                }
            };
            match (ast, base) {
                (Ast::Projection(..), Value::Array(items)) => collect(items.iter(), r, cx),
                (Ast::ValueProjection(..), Value::Object(m)) => collect(m.values(), r, cx),
                _ => Ok(Value::Null),
            }
        }
        Ast::FilterProjection(l, r, cond) => {
            let owned;
            let base = match borrow(l, data, cx)? {
                Some(v) => v,
                None => {
                    owned = eval(l, data, cx)?;
                    &owned
                }
            };
            filter(base, r, cond, cx)
        }
        Ast::Flatten(inner) => Ok(match eval(inner, data, cx)? {
            Value::Array(items) => Value::Array(flatten(items)),
            _ => Value::Null,
        }),
        Ast::Or(l, r) => {
            let left = eval(l, data, cx)?;
            if truthy(&left) {
                Ok(left)
            } else {
                eval(r, data, cx)
            }
        }
        Ast::And(l, r) => {
            let left = eval(l, data, cx)?;
            if truthy(&left) {
                eval(r, data, cx)
            } else {
                Ok(left)
            }
        }
        Ast::Not(e) => Ok(Value::Bool(!truthy(&eval(e, data, cx)?))),
        Ast::Compare(op, l, r) => Ok(compare(*op, &eval(l, data, cx)?, &eval(r, data, cx)?)),
        Ast::MultiList(items) if !data.is_null() => items
            .iter()
            .map(|e| eval(e, data, cx))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        Ast::MultiHash(pairs) if !data.is_null() => {
            let mut m = Map::new();
            for (k, e) in pairs {
                m.insert(k.clone(), eval(e, data, cx)?);
            }
            Ok(Value::Object(m))
        }
        Ast::MultiList(_) | Ast::MultiHash(_) => Ok(Value::Null),
        Ast::Literal(v) => {
            cx.spend_copy(v)?;
            Ok(v.clone())
        }
        Ast::Function(name, args) => functions::call(name, args, data, eval, cx),
        // An expression reference is only meaningful as a function argument.
        Ast::ExpRef(_) => Ok(Value::Null),
    }
}

/// What `null` borrows as.
static NULL: Value = Value::Null;

/// The value a plain path (`@`, fields, indexes and their chains) selects, borrowed from
/// `data` instead of copied: the left sides of `a.b.c`, of projections and of pipes are
/// walked this way, so only what an expression returns is ever copied. `None` for any other
/// expression (evaluated the ordinary way).
fn borrow<'a>(ast: &Ast, data: &'a Value, cx: &mut Cx<'_>) -> Result<Option<&'a Value>, Error> {
    cx.spend(1)?;
    Ok(match ast {
        Ast::Identity => Some(data),
        Ast::Field(name) => Some(match data {
            Value::Object(m) => m.get(name).unwrap_or(&NULL),
            _ => &NULL,
        }),
        Ast::Index(i) => Some(match data {
            Value::Array(items) => {
                let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
                let at = if *i < 0 { len.saturating_add(*i) } else { *i };
                usize::try_from(at)
                    .ok()
                    .and_then(|k| items.get(k))
                    .unwrap_or(&NULL)
            }
            _ => &NULL,
        }),
        Ast::Sub(l, r) => match borrow(l, data, cx)? {
            Some(v) => borrow(r, v, cx)?,
            None => None,
        },
        _ => None,
    })
}

/// Applies `rhs` to each item, keeping the non-null results (a projection).
fn collect<'a>(
    items: impl Iterator<Item = &'a Value>,
    rhs: &Ast,
    cx: &mut Cx<'_>,
) -> Result<Value, Error> {
    let mut out = Vec::new();
    for item in items {
        let v = eval(rhs, item, cx)?;
        if !v.is_null() {
            out.push(v);
        }
    }
    Ok(Value::Array(out))
}

fn filter(base: &Value, rhs: &Ast, cond: &Ast, cx: &mut Cx<'_>) -> Result<Value, Error> {
    let Value::Array(items) = base else {
        return Ok(Value::Null);
    };
    let mut out = Vec::new();
    for item in items {
        if truthy(&eval(cond, item, cx)?) {
            let v = eval(rhs, item, cx)?;
            if !v.is_null() {
                out.push(v);
            }
        }
    }
    Ok(Value::Array(out))
}

fn flatten(items: Vec<Value>) -> Vec<Value> {
    let mut out = Vec::new();
    for item in items {
        match item {
            Value::Array(inner) => out.extend(inner),
            other => out.push(other),
        }
    }
    out
}

fn index(data: &Value, i: i64, cx: &mut Cx<'_>) -> Result<Value, Error> {
    let Value::Array(items) = data else {
        return Ok(Value::Null);
    };
    let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let at = if i < 0 { len.saturating_add(i) } else { i };
    match usize::try_from(at).ok().and_then(|k| items.get(k)) {
        Some(v) => {
            cx.spend_copy(v)?;
            Ok(v.clone())
        }
        None => Ok(Value::Null),
    }
}

/// Python's slice semantics (what jmespath.py does), negative steps included.
fn slice(
    data: &Value,
    start: Option<i64>,
    stop: Option<i64>,
    step: Option<i64>,
    cx: &mut Cx<'_>,
) -> Result<Value, Error> {
    let step = step.unwrap_or(1);
    if step == 0 {
        return Err(Error::new(
            super::ErrorKind::InvalidValue,
            "slice step cannot be 0".into(),
        ));
    }
    let Value::Array(items) = data else {
        return Ok(Value::Null);
    };
    let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let clamp = |v: i64, lo: i64, hi: i64| {
        let v = if v < 0 { v.saturating_add(len) } else { v };
        v.clamp(lo, hi)
    };
    let mut out = Vec::new();
    if step > 0 {
        let mut i = start.map_or(0, |s| clamp(s, 0, len));
        let stop = stop.map_or(len, |s| clamp(s, 0, len));
        while i < stop {
            cx.spend_copy(&items[usize::try_from(i).unwrap_or(0)])?;
            out.push(items[usize::try_from(i).unwrap_or(0)].clone());
            i = i.saturating_add(step);
        }
    } else {
        let mut i = start.map_or(len - 1, |s| clamp(s, -1, len - 1));
        let stop = stop.map_or(-1, |s| clamp(s, -1, len - 1));
        while i > stop {
            cx.spend_copy(&items[usize::try_from(i).unwrap_or(0)])?;
            out.push(items[usize::try_from(i).unwrap_or(0)].clone());
            i = i.saturating_add(step);
        }
    }
    Ok(Value::Array(out))
}

/// JMESPath truthiness: null, false, and empty strings, arrays and objects are false.
pub(crate) fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        Value::Number(_) => true,
    }
}

fn compare(op: Cmp, l: &Value, r: &Value) -> Value {
    match op {
        Cmp::Eq => Value::Bool(equal(l, r)),
        Cmp::Ne => Value::Bool(!equal(l, r)),
        _ => {
            let ord = match (l, r) {
                (Value::Number(a), Value::Number(b)) => num_cmp(a, b),
                // jmespath.py (what az runs) also orders strings.
                (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
                _ => None,
            };
            let Some(ord) = ord else {
                return Value::Null;
            };
            Value::Bool(match op {
                Cmp::Lt => ord == Ordering::Less,
                Cmp::Le => ord != Ordering::Greater,
                Cmp::Gt => ord == Ordering::Greater,
                _ => ord != Ordering::Less,
            })
        }
    }
}
