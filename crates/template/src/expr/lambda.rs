//! ARM's lambda expressions (`filter(xs, lambda('x', …))`, `map`, `reduce`, `sort`,
//! `toObject`, `mapValues`, `groupBy`; learn.microsoft.com/azure/azure-resource-manager/
//! templates/template-functions-lambda): a lambda is read from its call, and applying it
//! substitutes each `lambdaVariables('x')` by the value (as `json('…')`), so the evaluator
//! needs no environment of its own.

use super::Expr;
use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::Value;

/// The functions that take lambdas (lower-case).
pub(crate) const LAMBDA_FUNCTIONS: &[&str] = &[
    "filter",
    "map",
    "reduce",
    "sort",
    "toobject",
    "mapvalues",
    "groupby",
];

/// A `lambda('a', 'b', body)` call: its parameter names and body.
pub(crate) fn read(e: &Expr) -> Option<(Vec<String>, &Expr)> {
    let Expr::Call { name, args } = e else {
        return None;
    };
    if !name.eq_ignore_ascii_case("lambda") {
        return None;
    }
    let (body, names) = args.split_last()?;
    let names = names
        .iter()
        .map(|n| match n {
            Expr::Str(s) => Some(s.clone()),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some((names, body))
}

/// `body` with every `lambdaVariables('name')` bound in `vars` replaced by its value.
pub(crate) fn apply(body: &Expr, vars: &[(&str, &Value)]) -> Expr {
    match body {
        Expr::Call { name, args } if name.eq_ignore_ascii_case("lambdaVariables") => {
            let bound = match args.as_slice() {
                [Expr::Str(n)] => vars.iter().rev().find(|(v, _)| v == n),
                _ => None,
            };
            match bound {
                Some((_, value)) => Expr::Call {
                    name: "json".into(),
                    args: alloc::vec![Expr::Str(value.to_string())],
                },
                None => body.clone(),
            }
        }
        Expr::Call { name, args } => Expr::Call {
            name: name.clone(),
            args: args.iter().map(|a| apply(a, vars)).collect(),
        },
        Expr::Property(inner, p) => Expr::Property(Box::new(apply(inner, vars)), p.clone()),
        Expr::Index(inner, i) => {
            Expr::Index(Box::new(apply(inner, vars)), Box::new(apply(i, vars)))
        }
        Expr::Str(_) | Expr::Int(_) => body.clone(),
    }
}
