//! JMESPath evaluation: an expression applied to a JSON document, with the specification's
//! projection, null-propagation and truthiness rules.

use alloc::vec::Vec;
use core::cmp::Ordering;
use serde_json::{Map, Value};

use super::Error;
use super::compare::{equal, num_cmp};
use super::functions;
use super::parser::{Ast, Cmp};

/// Evaluates `ast` against `data`.
pub(crate) fn eval(ast: &Ast, data: &Value) -> Result<Value, Error> {
    match ast {
        Ast::Identity => Ok(data.clone()),
        Ast::Field(name) => Ok(match data {
            Value::Object(m) => m.get(name).cloned().unwrap_or(Value::Null),
            _ => Value::Null,
        }),
        Ast::Index(i) => Ok(index(data, *i)),
        Ast::Slice(start, stop, step) => slice(data, *start, *stop, *step),
        Ast::Sub(l, r) => eval(r, &eval(l, data)?),
        Ast::Pipe(l, r) => eval(r, &eval(l, data)?),
        Ast::Projection(l, r) => match eval(l, data)? {
            Value::Array(items) => collect(items.iter(), r),
            _ => Ok(Value::Null),
        },
        Ast::ValueProjection(l, r) => match eval(l, data)? {
            Value::Object(m) => collect(m.values(), r),
            _ => Ok(Value::Null),
        },
        Ast::FilterProjection(l, r, cond) => filter(&eval(l, data)?, r, cond),
        Ast::Flatten(inner) => Ok(match eval(inner, data)? {
            Value::Array(items) => Value::Array(flatten(items)),
            _ => Value::Null,
        }),
        Ast::Or(l, r) => {
            let left = eval(l, data)?;
            if truthy(&left) {
                Ok(left)
            } else {
                eval(r, data)
            }
        }
        Ast::And(l, r) => {
            let left = eval(l, data)?;
            if truthy(&left) {
                eval(r, data)
            } else {
                Ok(left)
            }
        }
        Ast::Not(e) => Ok(Value::Bool(!truthy(&eval(e, data)?))),
        Ast::Compare(op, l, r) => Ok(compare(*op, &eval(l, data)?, &eval(r, data)?)),
        Ast::MultiList(items) if !data.is_null() => items
            .iter()
            .map(|e| eval(e, data))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        Ast::MultiHash(pairs) if !data.is_null() => {
            let mut m = Map::new();
            for (k, e) in pairs {
                m.insert(k.clone(), eval(e, data)?);
            }
            Ok(Value::Object(m))
        }
        Ast::MultiList(_) | Ast::MultiHash(_) => Ok(Value::Null),
        Ast::Literal(v) => Ok(v.clone()),
        Ast::Function(name, args) => functions::call(name, args, data, eval),
        // An expression reference is only meaningful as a function argument.
        Ast::ExpRef(_) => Ok(Value::Null),
    }
}

/// Applies `rhs` to each item, keeping the non-null results (a projection).
fn collect<'a>(items: impl Iterator<Item = &'a Value>, rhs: &Ast) -> Result<Value, Error> {
    let mut out = Vec::new();
    for item in items {
        let v = eval(rhs, item)?;
        if !v.is_null() {
            out.push(v);
        }
    }
    Ok(Value::Array(out))
}

fn filter(base: &Value, rhs: &Ast, cond: &Ast) -> Result<Value, Error> {
    let Value::Array(items) = base else {
        return Ok(Value::Null);
    };
    let mut out = Vec::new();
    for item in items {
        if truthy(&eval(cond, item)?) {
            let v = eval(rhs, item)?;
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

fn index(data: &Value, i: i64) -> Value {
    let Value::Array(items) = data else {
        return Value::Null;
    };
    let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let at = if i < 0 { len.saturating_add(i) } else { i };
    usize::try_from(at)
        .ok()
        .and_then(|k| items.get(k))
        .cloned()
        .unwrap_or(Value::Null)
}

/// Python's slice semantics (what jmespath.py does), negative steps included.
fn slice(
    data: &Value,
    start: Option<i64>,
    stop: Option<i64>,
    step: Option<i64>,
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
            out.push(items[usize::try_from(i).unwrap_or(0)].clone());
            i = i.saturating_add(step);
        }
    } else {
        let mut i = start.map_or(len - 1, |s| clamp(s, -1, len - 1));
        let stop = stop.map_or(-1, |s| clamp(s, -1, len - 1));
        while i > stop {
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
