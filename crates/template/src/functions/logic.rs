//! Logical, comparison and integer functions. No floats: ARM templates compute with
//! integers, and we keep every decision exact.

use super::Args;
use crate::context::{EvalError, type_name};
use alloc::format;
use core::cmp::Ordering;
use serde_json::Value;

/// `and(...)`/`or(...)`: at least two booleans; all are evaluated (as in ARM).
pub(super) fn and_or(a: Args<'_>, is_and: bool) -> Result<Value, EvalError> {
    a.count(2, None)?;
    let mut acc = is_and;
    for i in 0..a.v.len() {
        let b = a.bool(i)?;
        acc = if is_and { acc && b } else { acc || b };
    }
    Ok(Value::Bool(acc))
}

pub(super) fn not(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(1, Some(1))?;
    Ok(Value::Bool(!a.bool(0)?))
}

/// `bool(x)`: booleans, `"true"`/`"false"` (any case), integers (non-zero is true).
pub(super) fn bool(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(1, Some(1))?;
    match &a.v[0] {
        Value::Bool(b) => Ok(Value::Bool(*b)),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(Value::Bool(true)),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(Value::Bool(false)),
        Value::Number(n) if n.is_i64() => Ok(Value::Bool(n.as_i64() != Some(0))),
        other => Err(a.err(format!(
            "The template language function 'bool' cannot convert the {} value '{}' to a boolean.",
            type_name(other),
            super::to_display(other)
        ))),
    }
}

/// `true()`, `false()`, `null()`.
pub(super) fn constant(a: Args<'_>, v: Value) -> Result<Value, EvalError> {
    a.count(0, Some(0))?;
    Ok(v)
}

/// `equals(a, b)`: deep JSON equality (strings case-sensitive).
pub(super) fn equals(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(2, Some(2))?;
    Ok(Value::Bool(a.v[0] == a.v[1]))
}

/// `less`, `greater` ...: two integers or two strings (ordinal comparison).
pub(super) fn compare(a: Args<'_>, pred: fn(Ordering) -> bool) -> Result<Value, EvalError> {
    a.count(2, Some(2))?;
    let ord = match (&a.v[0], &a.v[1]) {
        (Value::Number(_), Value::Number(_)) => a.int(0)?.cmp(&a.int(1)?),
        (Value::String(x), Value::String(y)) => x.cmp(y),
        _ => {
            return Err(a.err(format!(
                "The template language function '{}' expects two integers or two strings, but got '{}' and '{}'.",
                a.name,
                type_name(&a.v[0]),
                type_name(&a.v[1])
            )));
        }
    };
    Ok(Value::Bool(pred(ord)))
}

/// `add`, `sub`, `mul` with overflow reported instead of wrapping.
pub(super) fn arith(a: Args<'_>, op: fn(i64, i64) -> Option<i64>) -> Result<Value, EvalError> {
    a.count(2, Some(2))?;
    let (x, y) = (a.int(0)?, a.int(1)?);
    op(x, y).map(Value::from).ok_or_else(|| {
        a.err(format!(
            "The template language function '{}' overflowed on '{x}' and '{y}'.",
            a.name
        ))
    })
}

/// `div`/`mod`: integer semantics truncating towards zero; a zero divisor is an error.
pub(super) fn div_mod(a: Args<'_>, is_mod: bool) -> Result<Value, EvalError> {
    a.count(2, Some(2))?;
    let (x, y) = (a.int(0)?, a.int(1)?);
    if y == 0 {
        return Err(a.err(format!(
            "The template language function '{}' cannot divide by zero.",
            a.name
        )));
    }
    let r = if is_mod {
        x.checked_rem(y)
    } else {
        x.checked_div(y)
    };
    r.map(Value::from).ok_or_else(|| {
        a.err(format!(
            "The template language function '{}' overflowed.",
            a.name
        ))
    })
}

/// `int(x)`: from an integer or a decimal string.
pub(super) fn int(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(1, Some(1))?;
    match &a.v[0] {
        Value::Number(n) if n.is_i64() => Ok(a.v[0].clone()),
        Value::String(s) => s.trim().parse::<i64>().map(Value::from).map_err(|_| {
            a.err(format!(
                "The template language function 'int' cannot convert '{}' to an integer.",
                crate::error::echo(s)
            ))
        }),
        _ => Err(a.type_err(0, "String or Integer")),
    }
}
