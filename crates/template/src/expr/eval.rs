//! Evaluation of expressions and of whole JSON values that contain expressions.
//!
//! One [`Ctx`] describes where an evaluation happens (parameter default, variable, resource
//! name, body, output ...). The site decides which functions are allowed: ARM rejects
//! `reference()` anywhere that must be known before deployment starts, and so do we.
//!
//! `if()` is evaluated lazily (only the chosen branch). ARM documents that both branches are
//! validated, but it does short-circuit evaluation errors in the unused branch since 2020;
//! lazy evaluation is what makes `if(empty(x), '', x[0])` work, so we follow that.

use super::{Expr, StringKind, classify, lambda, parse};
use crate::context::{CopyFrame, Ctx, EvalError, get_ci, join_path, type_name};
use crate::error::TemplateError;
use crate::functions;
use crate::limits::MAX_JSON_DEPTH;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value};

/// Evaluates a parsed expression.
pub(crate) fn eval_expr(e: &Expr, ctx: &Ctx<'_>) -> Result<Value, EvalError> {
    match e {
        Expr::Str(s) => Ok(Value::String(s.clone())),
        Expr::Int(i) => Ok(Value::from(*i)),
        Expr::Property(inner, name) => {
            let base = eval_expr(inner, ctx)?;
            property(&base, name)
        }
        Expr::Index(inner, idx) => {
            let base = eval_expr(inner, ctx)?;
            let idx = eval_expr(idx, ctx)?;
            index(&base, &idx)
        }
        Expr::Call { name, args } => {
            ctx.burn()?;
            let lname = name.to_ascii_lowercase();
            if lname == "if" {
                if args.len() != 3 {
                    return Err(format!(
                        "The template language function 'if' must have '3' parameter(s), but {} were given",
                        args.len()
                    )
                    .into());
                }
                let cond = eval_expr(&args[0], ctx)?;
                let Value::Bool(b) = cond else {
                    return Err(format!(
                        "The template language function 'if' expects its first parameter to be of type 'Boolean'. The provided value is of type '{}'.",
                        type_name(&cond)
                    )
                    .into());
                };
                return eval_expr(if b { &args[1] } else { &args[2] }, ctx);
            }
            if lambda::LAMBDA_FUNCTIONS.contains(&lname.as_str())
                && args.iter().any(|a| lambda::read(a).is_some())
            {
                return eval_lambda_call(&lname, args, ctx);
            }
            let mut values = Vec::with_capacity(args.len());
            for a in args {
                values.push(eval_expr(a, ctx)?);
            }
            functions::call(name, &lname, values, ctx)
        }
    }
}

/// Applies lambda `l` (`lambda('x', 'i', body)`) to `values` (bound in order).
fn call_lambda(l: &Expr, values: &[&Value], ctx: &Ctx<'_>) -> Result<Value, EvalError> {
    let (names, body) = lambda::read(l).ok_or_else(|| {
        EvalError::Msg("The template language function expects a lambda expression here.".into())
    })?;
    let vars: Vec<(&str, &Value)> = names
        .iter()
        .map(String::as_str)
        .zip(values.iter().copied())
        .collect();
    ctx.burn()?;
    eval_expr(&lambda::apply(body, &vars), ctx)
}

fn lambda_bool(v: Value, f: &str) -> Result<bool, EvalError> {
    v.as_bool().ok_or_else(|| {
        EvalError::Msg(format!(
            "The lambda of '{f}' must return a Boolean, not '{}'.",
            type_name(&v)
        ))
    })
}

/// `filter`, `map`, `reduce`, `sort`, `toObject`, `mapValues`, `groupBy` with lambdas.
fn eval_lambda_call(f: &str, args: &[Expr], ctx: &Ctx<'_>) -> Result<Value, EvalError> {
    let first = args
        .first()
        .map(|a| eval_expr(a, ctx))
        .transpose()?
        .unwrap_or(Value::Null);
    let lam = |k: usize| {
        args.get(k).ok_or_else(|| {
            EvalError::Msg(format!(
                "The template language function '{f}' needs a lambda as argument {}.",
                k + 1
            ))
        })
    };
    if f == "mapvalues" {
        let Value::Object(m) = first else {
            return Err(format!("The template language function '{f}' expects an object.").into());
        };
        let mut out = Map::new();
        for (k, v) in &m {
            out.insert(k.clone(), call_lambda(lam(1)?, &[v], ctx)?);
        }
        return Ok(Value::Object(out));
    }
    let Value::Array(items) = first else {
        return Err(format!(
            "The template language function '{f}' expects an array as its first argument."
        )
        .into());
    };
    let idx = |i: usize| Value::from(i as i64);
    match f {
        "filter" | "map" => {
            let mut out = Vec::new();
            for (i, x) in items.iter().enumerate() {
                let r = call_lambda(lam(1)?, &[x, &idx(i)], ctx)?;
                if f == "map" {
                    out.push(r);
                } else if lambda_bool(r, f)? {
                    out.push(x.clone());
                }
            }
            Ok(Value::Array(out))
        }
        "reduce" => {
            let mut acc = args
                .get(1)
                .map(|a| eval_expr(a, ctx))
                .transpose()?
                .unwrap_or(Value::Null);
            for (i, x) in items.iter().enumerate() {
                acc = call_lambda(lam(2)?, &[&acc, x, &idx(i)], ctx)?;
            }
            Ok(acc)
        }
        "sort" => {
            // Insertion sort with the lambda as `less than`: bounded by the fuel.
            let mut out: Vec<Value> = Vec::new();
            for x in items {
                let mut at = out.len();
                for (k, y) in out.iter().enumerate() {
                    if lambda_bool(call_lambda(lam(1)?, &[&x, y], ctx)?, f)? {
                        at = k;
                        break;
                    }
                }
                out.insert(at, x);
            }
            Ok(Value::Array(out))
        }
        _ => lambda_group(f, &items, args, ctx),
    }
}

/// `toObject(xs, keyLambda[, valueLambda])` and `groupBy(xs, keyLambda)`.
fn lambda_group(
    f: &str,
    items: &[Value],
    args: &[Expr],
    ctx: &Ctx<'_>,
) -> Result<Value, EvalError> {
    let key_of = args.get(1).ok_or_else(|| {
        EvalError::Msg(format!(
            "The template language function '{f}' needs a key lambda."
        ))
    })?;
    let mut out = Map::new();
    for x in items {
        let key = match call_lambda(key_of, &[x], ctx)? {
            Value::String(s) => s,
            other => other.to_string(),
        };
        if f == "groupby" {
            if let Value::Array(group) = out.entry(key).or_insert_with(|| Value::Array(Vec::new()))
            {
                group.push(x.clone());
            }
        } else {
            let v = match args.get(2) {
                Some(l) => call_lambda(l, &[x], ctx)?,
                None => x.clone(),
            };
            out.insert(key, v);
        }
    }
    Ok(Value::Object(out))
}

/// `value.name` with ARM's message when the property is missing.
pub(crate) fn property(base: &Value, name: &str) -> Result<Value, EvalError> {
    match base {
        Value::Object(m) => get_ci(m, name).cloned().ok_or_else(|| {
            let keys: Vec<&str> = m.keys().map(String::as_str).collect();
            EvalError::Msg(format!(
                "The language expression property '{name}' doesn't exist, available properties are '{}'.",
                keys.join(", ")
            ))
        }),
        other => Err(EvalError::Msg(format!(
            "The language expression property '{name}' can't be evaluated, the value is of type '{}' and not an object.",
            type_name(other)
        ))),
    }
}

/// `value[index]`.
pub(crate) fn index(base: &Value, idx: &Value) -> Result<Value, EvalError> {
    match (base, idx) {
        (Value::Array(a), Value::Number(n)) => {
            let i = n.as_i64().ok_or_else(|| {
                EvalError::Msg(format!("The array index '{n}' is not an integer."))
            })?;
            usize::try_from(i)
                .ok()
                .and_then(|i| a.get(i))
                .cloned()
                .ok_or_else(|| {
                    EvalError::Msg(format!(
                        "The language expression property array index '{i}' is out of bounds."
                    ))
                })
        }
        (Value::Object(_), Value::String(s)) => property(base, s),
        (b, i) => Err(EvalError::Msg(format!(
            "The language expression can't index a value of type '{}' with a value of type '{}'.",
            type_name(b),
            type_name(i)
        ))),
    }
}

/// Evaluates one template string (expression or literal) at `path`.
pub(crate) fn eval_string(s: &str, ctx: &Ctx<'_>, path: &str) -> Result<Value, TemplateError> {
    match classify(s) {
        StringKind::Literal(l) => Ok(Value::String(l.to_string())),
        StringKind::Expression(text) => {
            let expr = parse(text).map_err(|m| {
                TemplateError::invalid(
                    format!(
                        "The template language expression '{}' is not valid: {m}.",
                        crate::error::echo(s)
                    ),
                    path,
                )
            })?;
            match eval_expr(&expr, ctx) {
                Ok(v) => Ok(v),
                Err(EvalError::Located(mut e)) => {
                    // Errors raised deep inside (e.g. reference() not found) learn where
                    // they happened here.
                    if e.path.is_empty() {
                        e.path = path.to_string();
                    }
                    Err(e)
                }
                Err(EvalError::Unknown) => {
                    // Preview: keep the expression text so what-if can show it.
                    ctx.unknown.set(true);
                    Ok(Value::String(s.to_string()))
                }
                Err(EvalError::Msg(m)) => Err(TemplateError::invalid(
                    format!(
                        "Unable to evaluate the template language expression '{}': {m}",
                        crate::error::echo(s)
                    ),
                    path,
                )),
            }
        }
    }
}

/// Evaluates every expression inside a JSON value, including object keys. When
/// `property_copy` is set, a `"copy": [{name, count, input}]` member of an object expands
/// into array-valued properties (ARM's property iteration).
pub(crate) fn eval_value(
    v: &Value,
    ctx: &Ctx<'_>,
    path: &str,
    property_copy: bool,
) -> Result<Value, TemplateError> {
    eval_value_depth(v, ctx, path, property_copy, 0)
}

fn eval_value_depth(
    v: &Value,
    ctx: &Ctx<'_>,
    path: &str,
    property_copy: bool,
    depth: usize,
) -> Result<Value, TemplateError> {
    if depth > MAX_JSON_DEPTH {
        return Err(TemplateError::invalid(
            format!("The JSON value is nested more than {MAX_JSON_DEPTH} levels deep."),
            path,
        ));
    }
    match v {
        Value::String(s) => eval_string(s, ctx, path),
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let p = format!("{path}[{i}]");
                out.push(eval_value_depth(item, ctx, &p, property_copy, depth + 1)?);
            }
            Ok(Value::Array(out))
        }
        Value::Object(m) => {
            let mut out = Map::new();
            for (k, item) in m {
                let p = join_path(path, k);
                if property_copy && k == "copy" && item.is_array() {
                    expand_property_copy(item, ctx, &p, depth, &mut out)?;
                    continue;
                }
                let key = match eval_string(k, ctx, &p)? {
                    Value::String(s) => s,
                    other => {
                        return Err(TemplateError::invalid(
                            format!(
                                "The property name '{k}' must evaluate to a string, not '{}'.",
                                type_name(&other)
                            ),
                            p,
                        ));
                    }
                };
                let val = eval_value_depth(item, ctx, &p, property_copy, depth + 1)?;
                out.insert(key, val);
            }
            Ok(Value::Object(out))
        }
        other => Ok(other.clone()),
    }
}

fn expand_property_copy(
    spec: &Value,
    ctx: &Ctx<'_>,
    path: &str,
    depth: usize,
    out: &mut Map<String, Value>,
) -> Result<(), TemplateError> {
    let Value::Array(loops) = spec else {
        return Ok(());
    };
    for (i, l) in loops.iter().enumerate() {
        let p = format!("{path}[{i}]");
        let Value::Object(lm) = l else {
            return Err(TemplateError::invalid(
                "A property copy must be an object with 'name', 'count' and 'input'.",
                p,
            ));
        };
        let name = match lm.get("name") {
            Some(Value::String(s)) => s.clone(),
            _ => {
                return Err(TemplateError::invalid(
                    "A property copy requires a string 'name'.",
                    p,
                ));
            }
        };
        let count = copy_count(lm.get("count"), ctx, &format!("{p}.count"))?;
        let input = lm.get("input").ok_or_else(|| {
            TemplateError::invalid("A property copy requires an 'input'.", p.clone())
        })?;
        let mut items = Vec::new();
        for idx in 0..count {
            let mut frames: Vec<CopyFrame> = ctx.copy.to_vec();
            frames.push(CopyFrame {
                name: Some(name.clone()),
                index: idx,
            });
            let inner = ctx.with_copy(&frames);
            items.push(eval_value_depth(
                input,
                &inner,
                &format!("{p}.input"),
                true,
                depth + 1,
            )?);
        }
        out.insert(name, Value::Array(items));
    }
    Ok(())
}

/// Evaluates a copy `count` and checks ARM's 0..=800 bound.
pub(crate) fn copy_count(
    v: Option<&Value>,
    ctx: &Ctx<'_>,
    path: &str,
) -> Result<i64, TemplateError> {
    use crate::limits::MAX_COPY_COUNT;
    let v = v.ok_or_else(|| TemplateError::invalid("The copy 'count' is required.", path))?;
    let evaluated = eval_value(v, ctx, path, false)?;
    let n = match &evaluated {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    }
    .ok_or_else(|| {
        TemplateError::invalid(
            format!(
                "The copy count must be an integer, not '{}'.",
                type_name(&evaluated)
            ),
            path,
        )
    })?;
    if !(0..=MAX_COPY_COUNT).contains(&n) {
        return Err(TemplateError::invalid(
            format!(
                "The copy count '{n}' is not valid: it must be a non-negative integer no greater than '{MAX_COPY_COUNT}'."
            ),
            path,
        ));
    }
    Ok(n)
}
