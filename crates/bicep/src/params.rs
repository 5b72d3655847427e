//! `.bicepparam` files: `using './main.bicep'`, `param x = …`, `var y = …`. Values are
//! compile-time constants (literals, variables of this file, interpolations of them),
//! folded to the JSON parameters file ARM takes (`{"x": {"value": …}}`).

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value, json};

use crate::ast::{Expr, Kind, Member};
use crate::error::{BicepError, Pos, Res};

/// A compiled `.bicepparam` file.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamsFile {
    /// The `using` path, resolved against the params file's folder (`None`: no `using`).
    pub using: Option<String>,
    /// The parameter values as ARM's parameters object (`{"x": {"value": …}}`).
    pub parameters: Value,
}

fn not_constant(pos: Pos) -> BicepError {
    BicepError::at(
        pos,
        "BCP032",
        "The value must be a compile-time constant (hcsim folds literals, this file's variables and string interpolation of them).",
    )
}

/// Folds an expression to a constant.
fn fold(e: &Expr, vars: &[(String, Value)], depth: u32) -> Res<Value> {
    if depth > 64 {
        return Err(not_constant(e.pos));
    }
    Ok(match &e.kind {
        Kind::Str(s) => Value::String(s.clone()),
        Kind::Int(i) => Value::from(*i),
        Kind::Bool(b) => Value::Bool(*b),
        Kind::Null => Value::Null,
        Kind::Ident(n) => vars
            .iter()
            .rev()
            .find(|(v, _)| v == n)
            .map(|(_, v)| v.clone())
            .ok_or_else(|| crate::error::unknown_name(e.pos, n))?,
        Kind::Interp(parts, holes) => {
            let mut s = String::new();
            for (i, p) in parts.iter().enumerate() {
                s.push_str(p);
                if let Some(h) = holes.get(i) {
                    match fold(h, vars, depth + 1)? {
                        Value::String(x) => s.push_str(&x),
                        v => s.push_str(&v.to_string()),
                    }
                }
            }
            Value::String(s)
        }
        Kind::Array(items) => Value::Array(
            items
                .iter()
                .map(|i| fold(i, vars, depth + 1))
                .collect::<Res<Vec<_>>>()?,
        ),
        Kind::Object(members) => {
            let mut m = Map::new();
            for mem in members {
                let Member::Prop(k, _, v) = mem else {
                    return Err(not_constant(e.pos));
                };
                m.insert(k.clone(), fold(v, vars, depth + 1)?);
            }
            Value::Object(m)
        }
        Kind::Call(_, f, args) if f == "any" && args.len() == 1 => match args.first() {
            Some(a) => fold(a, vars, depth + 1)?,
            None => Value::Null,
        },
        _ => return Err(not_constant(e.pos)),
    })
}

/// Compiles the `.bicepparam` text of `file`.
pub fn compile_params(file: &str, text: &str) -> Result<ParamsFile, BicepError> {
    let name_it = |mut e: BicepError| {
        if e.file.is_empty() {
            e.file = file.to_string();
        }
        e
    };
    if text.len() > crate::MAX_SOURCE_BYTES {
        return Err(name_it(BicepError::at(
            Pos { line: 1, col: 1 },
            "",
            "The file is too large for hcsim.",
        )));
    }
    let toks = crate::lexer::lex(text).map_err(name_it)?;
    let ast = crate::parser::parse_params(toks).map_err(name_it)?;
    let mut vars: Vec<(String, Value)> = Vec::new();
    for (n, _, e) in &ast.vars {
        let v = fold(e, &vars, 0).map_err(name_it)?;
        vars.push((n.clone(), v));
    }
    let mut parameters = Map::new();
    for (n, pos, e) in &ast.params {
        if parameters.contains_key(n) {
            return Err(name_it(BicepError::at(
                *pos,
                "BCP028",
                alloc::format!(
                    "Identifier \"{n}\" is declared multiple times. Remove or rename the duplicates."
                ),
            )));
        }
        let v = fold(e, &vars, 0).map_err(name_it)?;
        parameters.insert(n.clone(), json!({ "value": v }));
    }
    let using = match &ast.using {
        Some((p, pos)) => Some(crate::path::join(file, p).ok_or_else(|| {
            name_it(BicepError::at(
                *pos,
                "BCP093",
                alloc::format!("File path \"{p}\" could not be resolved relative to \"{file}\"."),
            ))
        })?),
        None => None,
    };
    Ok(ParamsFile {
        using,
        parameters: Value::Object(parameters),
    })
}
