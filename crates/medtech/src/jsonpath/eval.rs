//! Steps applied to tokens as Newtonsoft's path filters apply them: each step maps the
//! current tokens to the next ones, in document order, borrowing (never copying) the JSON.

use alloc::string::ToString;
use alloc::vec::Vec;
use core::cmp::Ordering;
use serde_json::Value;

use super::{Filter, Op, Operand, PathError, Step};

/// Spends one step of the budget.
fn spend(budget: &mut u64) -> Result<(), PathError> {
    if *budget == 0 {
        return Err(PathError::Budget);
    }
    *budget -= 1;
    Ok(())
}

/// Applies `steps` from `current`; `root` is what `$` means inside filters.
pub(super) fn select<'a>(
    steps: &[Step],
    root: &'a Value,
    current: &'a Value,
    budget: &mut u64,
) -> Result<Vec<&'a Value>, PathError> {
    let mut tokens = alloc::vec![current];
    for step in steps {
        let mut next = Vec::new();
        for t in tokens {
            spend(budget)?;
            apply(step, root, t, &mut next, budget)?;
        }
        tokens = next;
    }
    Ok(tokens)
}

fn apply<'a>(
    step: &Step,
    root: &'a Value,
    t: &'a Value,
    out: &mut Vec<&'a Value>,
    budget: &mut u64,
) -> Result<(), PathError> {
    match (step, t) {
        (Step::Fields(names), Value::Object(m)) => {
            out.extend(names.iter().filter_map(|n| m.get(n)))
        }
        (Step::Wildcard, Value::Object(m)) => out.extend(m.values()),
        (Step::All, Value::Array(a)) => out.extend(a.iter()),
        (Step::Indexes(ix), Value::Array(a)) => out.extend(
            ix.iter()
                .filter_map(|i| usize::try_from(*i).ok().and_then(|i| a.get(i))),
        ),
        (Step::Slice(start, stop, step), Value::Array(a)) => slice(a, *start, *stop, *step, out)?,
        (Step::Scan(name), _) => scan(t, name.as_deref(), out, budget)?,
        (Step::Filter(f), Value::Array(a)) => {
            for item in a {
                spend(budget)?;
                if matches(f, root, item, budget)? {
                    out.push(item);
                }
            }
        }
        (Step::ScanFilter(f), _) => {
            let mut stack = alloc::vec![t];
            while let Some(v) = stack.pop() {
                spend(budget)?;
                if matches(f, root, v, budget)? {
                    out.push(v);
                }
                push_children(v, &mut stack);
            }
        }
        _ => {}
    }
    Ok(())
}

/// Pushes a container's children so that they pop in document order.
fn push_children<'a>(v: &'a Value, stack: &mut Vec<&'a Value>) {
    match v {
        Value::Array(a) => stack.extend(a.iter().rev()),
        Value::Object(m) => stack.extend(m.values().rev()),
        _ => {}
    }
}

/// `..name` / `..*`: the values below `t` (not `t` itself), pre-order.
fn scan<'a>(
    t: &'a Value,
    name: Option<&str>,
    out: &mut Vec<&'a Value>,
    budget: &mut u64,
) -> Result<(), PathError> {
    // (value, the name of the property holding it)
    let mut stack: Vec<(&'a Value, Option<&'a str>)> = Vec::new();
    let push = |v: &'a Value, stack: &mut Vec<(&'a Value, Option<&'a str>)>| match v {
        Value::Array(a) => stack.extend(a.iter().rev().map(|x| (x, None))),
        Value::Object(m) => stack.extend(m.iter().rev().map(|(k, x)| (x, Some(k.as_str())))),
        _ => {}
    };
    push(t, &mut stack);
    while let Some((v, key)) = stack.pop() {
        spend(budget)?;
        let hit = match name {
            None => true,
            Some(n) => key == Some(n),
        };
        if hit {
            out.push(v);
        }
        push(v, &mut stack);
    }
    Ok(())
}

fn slice<'a>(
    a: &'a [Value],
    start: Option<i64>,
    stop: Option<i64>,
    step: Option<i64>,
    out: &mut Vec<&'a Value>,
) -> Result<(), PathError> {
    let step = step.unwrap_or(1);
    if step == 0 {
        return Err(PathError::Syntax("Step cannot be zero.".into()));
    }
    let len = i64::try_from(a.len()).unwrap_or(i64::MAX);
    let fix = |v: i64| if v < 0 { (len + v).max(0) } else { v.min(len) };
    let get = |i: i64| usize::try_from(i).ok().and_then(|i| a.get(i));
    if step > 0 {
        let (mut i, end) = (start.map_or(0, fix), stop.map_or(len, fix));
        while i < end {
            out.extend(get(i));
            i += step;
        }
    } else {
        let mut i = start.map_or(len - 1, |s| fix(s).min(len - 1));
        let end = stop.map_or(-1, fix);
        while i > end {
            out.extend(get(i));
            i += step;
        }
    }
    Ok(())
}

/// Whether `t` satisfies the filter.
fn matches(f: &Filter, root: &Value, t: &Value, budget: &mut u64) -> Result<bool, PathError> {
    Ok(match f {
        Filter::Or(fs) => {
            for f in fs {
                if matches(f, root, t, budget)? {
                    return Ok(true);
                }
            }
            false
        }
        Filter::And(fs) => {
            for f in fs {
                if !matches(f, root, t, budget)? {
                    return Ok(false);
                }
            }
            true
        }
        Filter::Exists(o) => !operand(o, root, t, budget)?.is_empty(),
        Filter::Compare(l, op, r) => {
            let left = operand(l, root, t, budget)?;
            let right = operand(r, root, t, budget)?;
            left.iter()
                .any(|a| right.iter().any(|b| compare(a, *op, b)))
        }
    })
}

fn operand<'a>(
    o: &'a Operand,
    root: &'a Value,
    t: &'a Value,
    budget: &mut u64,
) -> Result<Vec<&'a Value>, PathError> {
    match o {
        Operand::Literal(v) => Ok(alloc::vec![v]),
        Operand::Path { root: true, path } => select(&path.steps, root, root, budget),
        Operand::Path { root: false, path } => select(&path.steps, root, t, budget),
    }
}

/// One pair of tokens under an operator, as Newtonsoft's `BooleanQueryExpression` decides.
fn compare(a: &Value, op: Op, b: &Value) -> bool {
    let scalar = |v: &Value| !matches!(v, Value::Array(_) | Value::Object(_));
    if !scalar(a) || !scalar(b) {
        return op == Op::Ne;
    }
    match op {
        Op::Eq => loose_eq(a, b),
        Op::Ne => !loose_eq(a, b),
        Op::StrictEq => a == b,
        Op::StrictNe => a != b,
        Op::Lt => order(a, b) == Some(Ordering::Less),
        Op::Le => matches!(order(a, b), Some(Ordering::Less | Ordering::Equal)),
        Op::Gt => order(a, b) == Some(Ordering::Greater),
        Op::Ge => matches!(order(a, b), Some(Ordering::Greater | Ordering::Equal)),
    }
}

/// Equality with Newtonsoft's coercion: numbers by value (`1` equals `1.0`), otherwise the
/// same type and value.
fn loose_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(_), Value::Number(_)) => order(a, b) == Some(Ordering::Equal),
        _ => a == b,
    }
}

/// Ordering of two scalars: numbers by value, strings ordinally (a string against another
/// scalar compares with that scalar's text, as `JValue.Compare` does), booleans false < true.
fn order(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(i), Some(j)) => Some(i.cmp(&j)),
            _ => x.as_f64()?.partial_cmp(&y.as_f64()?),
        },
        (Value::String(x), Value::String(y)) => Some(x.as_str().cmp(y.as_str())),
        (Value::String(x), Value::Number(y)) => Some(x.as_str().cmp(y.to_string().as_str())),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        _ => None,
    }
}
