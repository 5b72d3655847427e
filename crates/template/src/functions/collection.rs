//! Array and object functions.

use super::{Args, checked_value};
use crate::context::{EvalError, get_ci};
use crate::limits::MAX_RANGE_COUNT;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value};

/// `array(x)`: an array stays as is, anything else is wrapped.
pub(super) fn array(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(1, Some(1))?;
    Ok(match &a.v[0] {
        Value::Array(_) => a.v[0].clone(),
        other => Value::Array(alloc::vec![other.clone()]),
    })
}

pub(super) fn create_array(a: Args<'_>) -> Result<Value, EvalError> {
    let name = a.name;
    checked_value(name, Value::Array(a.v))
}

/// `createObject(k1, v1, k2, v2, ...)`.
pub(super) fn create_object(a: Args<'_>) -> Result<Value, EvalError> {
    if !a.v.len().is_multiple_of(2) {
        return Err(a.err(
            "The template language function 'createObject' must have an even number of parameters."
                .to_string(),
        ));
    }
    let mut m = Map::new();
    for i in (0..a.v.len()).step_by(2) {
        m.insert(a.str(i)?.to_string(), a.v[i + 1].clone());
    }
    checked_value(a.name, Value::Object(m))
}

/// `union`: objects merge (later wins), arrays concatenate without duplicates.
pub(super) fn union(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(2, None)?;
    if a.v[0].is_object() {
        let mut m = Map::new();
        for i in 0..a.v.len() {
            for (k, v) in a.object(i)? {
                m.insert(k.clone(), v.clone());
            }
        }
        checked_value(a.name, Value::Object(m))
    } else {
        let mut out: Vec<Value> = Vec::new();
        for i in 0..a.v.len() {
            for v in a.array(i)? {
                if !out.contains(v) {
                    out.push(v.clone());
                }
            }
        }
        checked_value(a.name, Value::Array(out))
    }
}

/// `intersection`: members/items present in every argument.
pub(super) fn intersection(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(2, None)?;
    if a.v[0].is_object() {
        let mut m = a.object(0)?.clone();
        for i in 1..a.v.len() {
            let other = a.object(i)?;
            m.retain(|k, v| other.get(k) == Some(v));
        }
        Ok(Value::Object(m))
    } else {
        let mut out: Vec<Value> = Vec::new();
        for v in a.array(0)? {
            if out.contains(v) {
                continue;
            }
            let mut all = true;
            for i in 1..a.v.len() {
                if !a.array(i)?.contains(v) {
                    all = false;
                }
            }
            if all {
                out.push(v.clone());
            }
        }
        Ok(Value::Array(out))
    }
}

/// `contains(container, item)`: substring (case-sensitive), array item, or object key
/// (case-insensitive).
pub(super) fn contains(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(2, Some(2))?;
    Ok(Value::Bool(match &a.v[0] {
        Value::String(s) => s.contains(&super::to_display(&a.v[1])),
        Value::Array(items) => items.contains(&a.v[1]),
        Value::Object(m) => get_ci(m, a.str(1)?).is_some(),
        _ => return Err(a.type_err(0, "String, Array or Object")),
    }))
}

pub(super) fn empty(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(1, Some(1))?;
    Ok(Value::Bool(match &a.v[0] {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(x) => x.is_empty(),
        Value::Object(m) => m.is_empty(),
        _ => return Err(a.type_err(0, "String, Array or Object")),
    }))
}

fn first_last(a: &Args<'_>, last: bool) -> Result<Value, EvalError> {
    a.count(1, Some(1))?;
    Ok(match &a.v[0] {
        Value::String(s) => {
            let c = if last {
                s.chars().last()
            } else {
                s.chars().next()
            };
            Value::String(c.map(String::from).unwrap_or_default())
        }
        Value::Array(x) => {
            let v = if last { x.last() } else { x.first() };
            v.cloned().unwrap_or(Value::Null)
        }
        _ => return Err(a.type_err(0, "String or Array")),
    })
}

pub(super) fn first(a: Args<'_>) -> Result<Value, EvalError> {
    first_last(&a, false)
}

pub(super) fn last(a: Args<'_>) -> Result<Value, EvalError> {
    first_last(&a, true)
}

pub(super) fn length(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(1, Some(1))?;
    let n = match &a.v[0] {
        Value::String(s) => s.chars().count(),
        Value::Array(x) => x.len(),
        Value::Object(m) => m.len(),
        _ => return Err(a.type_err(0, "String, Array or Object")),
    };
    Ok(Value::from(n as i64))
}

fn clamp_count(n: i64, len: usize) -> usize {
    n.clamp(0, len as i64) as usize
}

pub(super) fn skip(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(2, Some(2))?;
    let n = a.int(1)?;
    Ok(match &a.v[0] {
        Value::String(s) => {
            let chars: Vec<char> = s.chars().collect();
            Value::String(chars[clamp_count(n, chars.len())..].iter().collect())
        }
        Value::Array(x) => Value::Array(x[clamp_count(n, x.len())..].to_vec()),
        _ => return Err(a.type_err(0, "String or Array")),
    })
}

pub(super) fn take(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(2, Some(2))?;
    let n = a.int(1)?;
    Ok(match &a.v[0] {
        Value::String(s) => {
            let chars: Vec<char> = s.chars().collect();
            Value::String(chars[..clamp_count(n, chars.len())].iter().collect())
        }
        Value::Array(x) => Value::Array(x[..clamp_count(n, x.len())].to_vec()),
        _ => return Err(a.type_err(0, "String or Array")),
    })
}

/// `range(start, count)`: ARM limits count to 10,000 and start+count to i32.
pub(super) fn range(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(2, Some(2))?;
    let (start, count) = (a.int(0)?, a.int(1)?);
    if !(0..=MAX_RANGE_COUNT).contains(&count) {
        return Err(a.err(format!(
            "The count '{count}' of the template language function 'range' must be a non-negative integer no greater than {MAX_RANGE_COUNT}."
        )));
    }
    if start.saturating_add(count) > i64::from(i32::MAX) || start < i64::from(i32::MIN) {
        return Err(a.err(format!(
            "The sum of start index '{start}' and count '{count}' must be no greater than {}.",
            i32::MAX
        )));
    }
    Ok(Value::Array(
        (start..start + count).map(Value::from).collect(),
    ))
}

/// `min`/`max` over integer arguments or one integer array.
pub(super) fn min_max(a: Args<'_>, max: bool) -> Result<Value, EvalError> {
    a.count(1, None)?;
    let items: Vec<Value> = match &a.v[0] {
        Value::Array(x) if a.v.len() == 1 => x.clone(),
        _ => a.v.clone(),
    };
    if items.is_empty() {
        return Err(a.err(format!(
            "The template language function '{}' needs at least one value.",
            a.name
        )));
    }
    let mut best: Option<i64> = None;
    for v in &items {
        let n = v.as_i64().ok_or_else(|| a.type_err(0, "Integer"))?;
        best = Some(match best {
            None => n,
            Some(b) if max => b.max(n),
            Some(b) => b.min(n),
        });
    }
    Ok(best.map(Value::from).unwrap_or(Value::Null))
}

/// `items(object)`: `[{key, value}]` sorted by key, as ARM does.
pub(super) fn items(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(1, Some(1))?;
    let m = a.object(0)?;
    let mut out = Vec::new();
    for (k, v) in m {
        let mut e = Map::new();
        e.insert("key".to_string(), Value::String(k.clone()));
        e.insert("value".to_string(), v.clone());
        out.push(Value::Object(e));
    }
    Ok(Value::Array(out))
}

pub(super) fn object_keys(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(1, Some(1))?;
    Ok(Value::Array(
        a.object(0)?
            .keys()
            .map(|k| Value::String(k.clone()))
            .collect(),
    ))
}

/// `tryGet(objectOrArray, key...)`: the member at the key path, or `null` where a step is
/// missing (what Bicep's safe access `a.?b` and `a[?i]` compile to).
pub(super) fn try_get(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(2, None)?;
    let mut cur = a.v[0].clone();
    for key in &a.v[1..] {
        cur = match (&cur, key) {
            (Value::Object(m), Value::String(k)) => m.get(k).cloned().unwrap_or(Value::Null),
            (Value::Array(x), Value::Number(n)) => n
                .as_u64()
                .and_then(|i| x.get(usize::try_from(i).ok()?))
                .cloned()
                .unwrap_or(Value::Null),
            _ => Value::Null,
        };
    }
    Ok(cur)
}

/// `flatten(arrayOfArrays)`.
pub(super) fn flatten(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(1, Some(1))?;
    let mut out = Vec::new();
    for v in a.array(0)? {
        match v {
            Value::Array(x) => out.extend(x.iter().cloned()),
            _ => return Err(a.type_err(0, "Array of arrays")),
        }
    }
    checked_value(a.name, Value::Array(out))
}

/// `indexOf`/`lastIndexOf`: for strings case-insensitive (as ARM documents); for arrays
/// exact item equality. -1 when absent.
pub(super) fn index_of(a: Args<'_>, last: bool) -> Result<Value, EvalError> {
    a.count(2, Some(2))?;
    let r: i64 = match &a.v[0] {
        Value::String(s) => {
            let hay: Vec<char> = s.to_lowercase().chars().collect();
            let needle: Vec<char> = a.str(1)?.to_lowercase().chars().collect();
            if needle.is_empty() {
                if last { hay.len() as i64 } else { 0 }
            } else {
                let mut found = -1i64;
                let n = needle.len();
                for i in 0..hay.len().saturating_sub(n - 1) {
                    if hay[i..i + n] == needle[..] {
                        found = i as i64;
                        if !last {
                            break;
                        }
                    }
                }
                found
            }
        }
        Value::Array(x) => {
            let pos = if last {
                x.iter().rposition(|v| *v == a.v[1])
            } else {
                x.iter().position(|v| *v == a.v[1])
            };
            pos.map_or(-1, |p| p as i64)
        }
        _ => return Err(a.type_err(0, "String or Array")),
    };
    Ok(Value::from(r))
}

pub(super) fn coalesce(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(1, None)?;
    Ok(a.v
        .iter()
        .find(|v| !v.is_null())
        .cloned()
        .unwrap_or(Value::Null))
}

/// `join(array, delimiter)`.
pub(super) fn join(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(2, Some(2))?;
    let items = a.array(0)?;
    let delim = a.str(1)?;
    let mut out = String::new();
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(delim);
        }
        if v.is_array() || v.is_object() {
            return Err(a.err("The template language function 'join' expects an array of strings, integers or booleans.".to_string()));
        }
        out.push_str(&super::to_display(v));
        super::check_len(a.name, out.len())?;
    }
    Ok(Value::String(out))
}
