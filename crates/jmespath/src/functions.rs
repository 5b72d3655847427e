//! JMESPath's built-in functions, with their signatures checked as the specification asks:
//! a wrong number of arguments is an arity error, a wrong kind of value a type error (with
//! jmespath.py's wording, which az prints).

use alloc::string::String;
use alloc::vec::Vec;
use core::cmp::Ordering;
use serde_json::{Map, Number, Value};

use super::compare::{equal, int_of, num_cmp};
use super::context::Cx;
use super::parser::Ast;
use super::{Error, ErrorKind, python_repr};

/// What an argument may be.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ty {
    Any,
    Number,
    String,
    Array,
    Object,
    ExpRef,
    ArrayNumber,
    ArrayString,
}

impl Ty {
    fn name(self) -> &'static str {
        match self {
            Ty::Any => "any",
            Ty::Number => "number",
            Ty::String => "string",
            Ty::Array => "array",
            Ty::Object => "object",
            Ty::ExpRef => "expref",
            Ty::ArrayNumber => "array-number",
            Ty::ArrayString => "array-string",
        }
    }
}

/// A function's signature: the accepted types of each argument; `variadic` repeats the last.
struct Sig {
    args: &'static [&'static [Ty]],
    variadic: bool,
}

const fn sig(args: &'static [&'static [Ty]]) -> Sig {
    Sig {
        args,
        variadic: false,
    }
}

const NUM: &[Ty] = &[Ty::Number];
const STR: &[Ty] = &[Ty::String];
const ANY: &[Ty] = &[Ty::Any];
const ARR: &[Ty] = &[Ty::Array];
const OBJ: &[Ty] = &[Ty::Object];
const EXP: &[Ty] = &[Ty::ExpRef];
const NUMS_OR_STRS: &[Ty] = &[Ty::ArrayNumber, Ty::ArrayString];

fn signature(name: &str) -> Option<Sig> {
    Some(match name {
        "abs" | "ceil" | "floor" => sig(&[NUM]),
        "avg" | "sum" => sig(&[&[Ty::ArrayNumber]]),
        "contains" => sig(&[&[Ty::Array, Ty::String], ANY]),
        "ends_with" | "starts_with" => sig(&[STR, STR]),
        "join" => sig(&[STR, &[Ty::ArrayString]]),
        "keys" | "values" => sig(&[OBJ]),
        "length" => sig(&[&[Ty::String, Ty::Array, Ty::Object]]),
        "map" => sig(&[EXP, ARR]),
        "max" | "min" | "sort" => sig(NUMS_OR_STRS_ARG),
        "max_by" | "min_by" | "sort_by" => sig(&[ARR, EXP]),
        "merge" => Sig {
            args: &[OBJ],
            variadic: true,
        },
        "not_null" => Sig {
            args: &[ANY],
            variadic: true,
        },
        "reverse" => sig(&[&[Ty::Array, Ty::String]]),
        "to_array" | "to_string" | "to_number" | "type" => sig(&[ANY]),
        _ => return None,
    })
}

/// A built-in's argument count and whether it is variadic.
pub(crate) fn arity(name: &str) -> Option<(usize, bool)> {
    signature(name).map(|s| (s.args.len(), s.variadic))
}

const NUMS_OR_STRS_ARG: &[&[Ty]] = &[NUMS_OR_STRS];

/// An evaluated argument: a value, or an unevaluated `&expression`.
enum Arg<'a> {
    Value(Value),
    Expr(&'a Ast),
}

impl Arg<'_> {
    fn value(&self) -> &Value {
        match self {
            Arg::Value(v) => v,
            Arg::Expr(_) => &Value::Null,
        }
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn matches(arg: &Arg<'_>, ty: Ty) -> bool {
    let v = match arg {
        Arg::Expr(_) => return ty == Ty::ExpRef,
        Arg::Value(v) => v,
    };
    match ty {
        Ty::Any => true,
        Ty::Number => v.is_number(),
        Ty::String => v.is_string(),
        Ty::Array => v.is_array(),
        Ty::Object => v.is_object(),
        Ty::ExpRef => false,
        Ty::ArrayNumber => v.as_array().is_some_and(|a| a.iter().all(Value::is_number)),
        Ty::ArrayString => v.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
    }
}

fn invalid_type(name: &str, arg: &Arg<'_>, allowed: &[Ty]) -> Error {
    let expected: Vec<String> = allowed
        .iter()
        .map(|t| alloc::format!("'{}'", t.name()))
        .collect();
    let (shown, received) = match arg {
        Arg::Expr(_) => (String::from("<expression>"), "expref"),
        Arg::Value(v) => (python_repr(v), type_name(v)),
    };
    Error::new(
        ErrorKind::InvalidType,
        alloc::format!(
            "In function {name}(), invalid type for value: {shown}, expected one of: [{}], received: \"{received}\"",
            expected.join(", ")
        ),
    )
}

fn check_arity(name: &str, s: &Sig, given: usize) -> Result<(), Error> {
    let want = s.args.len();
    let ok = if s.variadic {
        given >= want
    } else {
        given == want
    };
    if ok {
        return Ok(());
    }
    let plural = if want == 1 { "" } else { "s" };
    let least = if s.variadic { "at least " } else { "" };
    Err(Error::new(
        ErrorKind::InvalidArity,
        alloc::format!(
            "Expected {least}{want} argument{plural} for function {name}(), received {given}"
        ),
    ))
}

/// The evaluator, handed in by the caller (evaluation and functions call each other).
pub(crate) type Eval = fn(&Ast, &Value, &mut Cx<'_>) -> Result<Value, Error>;

/// Calls the built-in `name` with argument expressions `args` evaluated against `data`.
pub(crate) fn call(
    name: &str,
    args: &[Ast],
    data: &Value,
    eval: Eval,
    cx: &mut Cx<'_>,
) -> Result<Value, Error> {
    let Some(s) = signature(name) else {
        return call_extra(name, args, data, eval, cx);
    };
    check_arity(name, &s, args.len())?;
    let mut values = Vec::with_capacity(args.len());
    for (i, a) in args.iter().enumerate() {
        let arg = match a {
            Ast::ExpRef(e) => Arg::Expr(e),
            other => Arg::Value(eval(other, data, cx)?),
        };
        let allowed = s.args[i.min(s.args.len() - 1)];
        if !allowed.iter().any(|t| matches(&arg, *t)) {
            return Err(invalid_type(name, &arg, allowed));
        }
        values.push(arg);
    }
    let out = apply(name, &values, eval, cx)?;
    cx.spend_copy(&out)?;
    Ok(out)
}

/// A function the caller added ([`crate::Functions`]), or the unknown-function error.
fn call_extra(
    name: &str,
    args: &[Ast],
    data: &Value,
    eval: Eval,
    cx: &mut Cx<'_>,
) -> Result<Value, Error> {
    let unknown = || {
        Error::new(
            ErrorKind::UnknownFunction,
            alloc::format!("Unknown function: {name}()"),
        )
    };
    let functions = cx.functions.ok_or_else(unknown)?;
    let mut values = Vec::with_capacity(args.len());
    for a in args {
        values.push(eval(a, data, cx)?);
    }
    let out = functions.call(name, &values).ok_or_else(unknown)??;
    cx.spend_copy(&out)?;
    Ok(out)
}

fn apply(name: &str, args: &[Arg<'_>], eval: Eval, cx: &mut Cx<'_>) -> Result<Value, Error> {
    let a0 = args[0].value();
    let arr0 = || a0.as_array().map(Vec::as_slice).unwrap_or(&[]);
    Ok(match name {
        "abs" => number_map(
            a0,
            |n| n.checked_abs(),
            |f| from_f64(if f < 0.0 { -f } else { f }),
        ),
        "ceil" => number_map(a0, Some, |f| round(f, true)),
        "floor" => number_map(a0, Some, |f| round(f, false)),
        "avg" => avg(arr0()),
        "sum" => sum(arr0()),
        "contains" => Value::Bool(contains(a0, args[1].value())),
        "ends_with" | "starts_with" => {
            let (s, affix) = (
                a0.as_str().unwrap_or(""),
                args[1].value().as_str().unwrap_or(""),
            );
            Value::Bool(if name == "ends_with" {
                s.ends_with(affix)
            } else {
                s.starts_with(affix)
            })
        }
        "join" => join(a0.as_str().unwrap_or(""), args[1].value()),
        "keys" | "values" => keys_or_values(a0, name == "keys"),
        "length" => Value::from(match a0 {
            Value::String(s) => s.chars().count(),
            Value::Array(a) => a.len(),
            Value::Object(o) => o.len(),
            _ => 0,
        }),
        "map" => map(args, eval, cx)?,
        "max" | "min" => extreme(arr0(), name == "max"),
        "sort" => {
            let items = arr0();
            let at = stable_order(items.len(), &mut |a, b| order(&items[a], &items[b]));
            Value::Array(at.into_iter().map(|i| items[i].clone()).collect())
        }
        "max_by" | "min_by" | "sort_by" => by_key(name, args, eval, cx)?,
        "merge" => merge(args),
        "not_null" => args
            .iter()
            .map(Arg::value)
            .find(|v| !v.is_null())
            .cloned()
            .unwrap_or(Value::Null),
        "reverse" => match a0 {
            Value::String(s) => Value::String(s.chars().rev().collect()),
            _ => Value::Array(arr0().iter().rev().cloned().collect()),
        },
        "to_array" => match a0 {
            Value::Array(_) => a0.clone(),
            other => Value::Array(alloc::vec![other.clone()]),
        },
        "to_string" => match a0 {
            Value::String(_) => a0.clone(),
            other => Value::String(python_json(other)),
        },
        "to_number" => to_number(a0),
        _ => Value::String(type_name(a0).into()),
    })
}

/// Applies an integer or a floating-point operation to a number.
fn number_map(v: &Value, int: impl Fn(i64) -> Option<i64>, float: impl Fn(f64) -> Value) -> Value {
    let Value::Number(n) = v else {
        return Value::Null;
    };
    if let Some(r) = n.as_i64().and_then(&int) {
        return Value::from(r);
    }
    n.as_f64().map_or(Value::Null, float)
}

fn from_f64(f: f64) -> Value {
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}

/// Python's `math.floor`/`math.ceil`: an integer when it fits.
fn round(f: f64, up: bool) -> Value {
    const LIMIT: f64 = 9_007_199_254_740_992.0; // 2^53: beyond it every double is an integer.
    if !(-LIMIT..=LIMIT).contains(&f) {
        return from_f64(f);
    }
    #[allow(clippy::cast_possible_truncation)]
    let t = f as i64;
    #[allow(clippy::cast_precision_loss)]
    let tf = t as f64;
    let r = if up && tf < f {
        t + 1
    } else if !up && tf > f {
        t - 1
    } else {
        t
    };
    Value::from(r)
}

fn sum(items: &[Value]) -> Value {
    let ints: Option<i128> = items.iter().try_fold(0i128, |acc, v| {
        v.as_number()
            .and_then(int_of)
            .and_then(|n| acc.checked_add(n))
    });
    if let Some(t) = ints.and_then(|total| i64::try_from(total).ok()) {
        return Value::from(t);
    }
    from_f64(items.iter().filter_map(Value::as_f64).sum())
}

fn avg(items: &[Value]) -> Value {
    if items.is_empty() {
        return Value::Null;
    }
    let total: f64 = items.iter().filter_map(Value::as_f64).sum();
    #[allow(clippy::cast_precision_loss)]
    from_f64(total / items.len() as f64)
}

fn contains(subject: &Value, search: &Value) -> bool {
    match (subject, search) {
        (Value::Array(a), _) => a.iter().any(|x| equal(x, search)),
        (Value::String(s), Value::String(needle)) => s.contains(needle.as_str()),
        _ => false,
    }
}

fn join(sep: &str, items: &Value) -> Value {
    let parts: Vec<&str> = items
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    Value::String(parts.join(sep))
}

fn keys_or_values(obj: &Value, keys: bool) -> Value {
    let Value::Object(m) = obj else {
        return Value::Null;
    };
    Value::Array(if keys {
        m.keys().map(|k| Value::String(k.clone())).collect()
    } else {
        m.values().cloned().collect()
    })
}

/// Orders two numbers or two strings (signatures guarantee one kind).
fn order(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => num_cmp(x, y).unwrap_or(Ordering::Equal),
        (Value::String(x), Value::String(y)) => x.cmp(y),
        _ => Ordering::Equal,
    }
}

fn extreme(items: &[Value], max: bool) -> Value {
    let better = if max {
        Ordering::Greater
    } else {
        Ordering::Less
    };
    let mut best: Option<&Value> = None;
    for v in items {
        if best.is_none_or(|b| order(v, b) == better) {
            best = Some(v);
        }
    }
    best.cloned().unwrap_or(Value::Null)
}

fn map(args: &[Arg<'_>], eval: Eval, cx: &mut Cx<'_>) -> Result<Value, Error> {
    let Arg::Expr(e) = args[0] else {
        return Ok(Value::Null);
    };
    let items = args[1].value().as_array().map(Vec::as_slice).unwrap_or(&[]);
    items
        .iter()
        .map(|v| eval(e, v, cx))
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

/// The positions `0..n` in the order a stable sort by `cmp` (comparing the items at two
/// positions) puts the items: the same order as sorting the items themselves. One sort of
/// `usize` with a `dyn` comparator serves `sort` and `sort_by`, instead of a stable sort
/// instantiated per element type (its code is ~4 KB each in the browser's start module,
/// docs/WASM-SIZE.md, fifth stop).
fn stable_order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut at: Vec<usize> = (0..n).collect();
    at.sort_by(|a, b| cmp(*a, *b));
    at
}

/// `sort_by`, `max_by`, `min_by`: every key must be a number, or every key a string.
fn by_key(name: &str, args: &[Arg<'_>], eval: Eval, cx: &mut Cx<'_>) -> Result<Value, Error> {
    let items = args[0].value().as_array().map(Vec::as_slice).unwrap_or(&[]);
    let Arg::Expr(e) = args[1] else {
        return Ok(Value::Null);
    };
    let mut keyed = Vec::with_capacity(items.len());
    for item in items {
        let k = eval(e, item, cx)?;
        let first_kind = keyed.first().map(|(k0, _): &(Value, &Value)| type_name(k0));
        let ok = (k.is_number() || k.is_string()) && first_kind.is_none_or(|t| t == type_name(&k));
        if !ok {
            let expected: &[Ty] = match first_kind {
                Some("string") => STR,
                Some(_) => NUM,
                None => &[Ty::Number, Ty::String],
            };
            return Err(invalid_type(name, &Arg::Value(k), expected));
        }
        keyed.push((k, item));
    }
    if name == "sort_by" {
        let at = stable_order(keyed.len(), &mut |a, b| order(&keyed[a].0, &keyed[b].0));
        return Ok(Value::Array(
            at.into_iter().map(|i| keyed[i].1.clone()).collect(),
        ));
    }
    let max = name == "max_by";
    let mut best: Option<&(Value, &Value)> = None;
    for kv in &keyed {
        best = match best {
            Some(b) if order(&kv.0, &b.0) == Ordering::Greater && max => Some(kv),
            Some(b) if order(&kv.0, &b.0) == Ordering::Less && !max => Some(kv),
            Some(b) => Some(b),
            None => Some(kv),
        };
    }
    Ok(best.map_or(Value::Null, |(_, v)| (*v).clone()))
}

fn merge(args: &[Arg<'_>]) -> Value {
    let mut out = Map::new();
    for a in args {
        if let Value::Object(m) = a.value() {
            for (k, v) in m {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    Value::Object(out)
}

/// Python's `int(s)` then `float(s)`, as jmespath.py's `to_number` does.
fn to_number(v: &Value) -> Value {
    match v {
        Value::Number(_) => v.clone(),
        Value::String(s) => {
            let t = s.trim();
            if let Ok(i) = t.parse::<i64>() {
                return Value::from(i);
            }
            t.parse::<f64>().map_or(Value::Null, from_f64)
        }
        _ => Value::Null,
    }
}

/// `json.dumps(v, separators=(',', ':'))`: compact, non-ASCII escaped as `\uXXXX`.
fn python_json(v: &Value) -> String {
    let compact = serde_json::to_string(v).unwrap_or_default();
    let mut out = String::with_capacity(compact.len());
    for c in compact.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                out.push_str(&alloc::format!("\\u{unit:04x}"));
            }
        }
    }
    out
}
