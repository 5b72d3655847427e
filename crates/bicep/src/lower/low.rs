//! A lowered expression: a literal JSON value, an ARM expression, or an object / array whose
//! members are lowered apart (so a property keeps its JSON shape in the template and turns
//! into `createObject(…)` only where it must be an expression argument), or a loop.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value};

/// A lowered value.
#[derive(Debug, Clone)]
pub enum Low {
    /// A constant.
    Lit(Value),
    /// An ARM expression (the text inside `[…]`).
    Expr(String),
    /// An object with lowered members (`copy` loops among them).
    Obj(Vec<(String, Low)>),
    /// An array with lowered items.
    Arr(Vec<Low>),
    /// A `for` loop: the count expression and the lowered input (valid as a property,
    /// a variable and an output only).
    Loop(String, Box<Low>),
}

/// `'text'` with quotes doubled: a string literal inside an ARM expression.
pub fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A JSON constant as ARM expression text.
pub fn lit_expr(v: &Value) -> String {
    match v {
        Value::String(s) => quote(s),
        Value::Number(n) => n.to_string(),
        Value::Bool(true) => "true()".into(),
        Value::Bool(false) => "false()".into(),
        Value::Null => "null()".into(),
        Value::Array(a) => {
            let items: Vec<String> = a.iter().map(lit_expr).collect();
            format!("createArray({})", items.join(", "))
        }
        Value::Object(m) => {
            let items: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}, {}", quote(k), lit_expr(v)))
                .collect();
            format!("createObject({})", items.join(", "))
        }
    }
}

impl Low {
    /// True for a constant.
    pub fn lit(&self) -> Option<&Value> {
        match self {
            Low::Lit(v) => Some(v),
            _ => None,
        }
    }

    /// As ARM expression text (loops are not expressions: the caller checked).
    pub fn expr(&self) -> String {
        match self {
            Low::Lit(v) => lit_expr(v),
            Low::Expr(e) => e.clone(),
            Low::Obj(m) => {
                let items: Vec<String> = m
                    .iter()
                    .map(|(k, v)| format!("{}, {}", key_expr(k), v.expr()))
                    .collect();
                format!("createObject({})", items.join(", "))
            }
            Low::Arr(a) => {
                let items: Vec<String> = a.iter().map(Low::expr).collect();
                format!("createArray({})", items.join(", "))
            }
            Low::Loop(count, _) => format!("range(0, {count})"),
        }
    }

    /// As a template JSON value: expressions in `[…]`, a literal string starting with `[`
    /// escaped as `[[`, loop members gathered into the object's `copy` array.
    pub fn value(&self) -> Value {
        match self {
            Low::Lit(v) => escape(v),
            Low::Expr(e) => Value::String(format!("[{e}]")),
            Low::Obj(members) => {
                let mut m = Map::new();
                let mut copies = Vec::new();
                for (k, v) in members {
                    match v {
                        Low::Loop(count, input) => copies.push(serde_json::json!({
                            "name": k,
                            "count": format!("[{count}]"),
                            "input": input.value(),
                        })),
                        _ => {
                            m.insert(k.clone(), v.value());
                        }
                    }
                }
                if !copies.is_empty() {
                    m.insert("copy".into(), Value::Array(copies));
                }
                Value::Object(m)
            }
            Low::Arr(a) => Value::Array(a.iter().map(Low::value).collect()),
            Low::Loop(count, input) => serde_json::json!({
                "count": format!("[{count}]"),
                "input": input.value(),
            }),
        }
    }
}

/// An object key as expression text: an interpolated key (`[expr]`) is its expression.
fn key_expr(k: &str) -> String {
    match k.strip_prefix('[').and_then(|x| x.strip_suffix(']')) {
        Some(e) if !k.starts_with("[[") => e.to_string(),
        _ => quote(k),
    }
}

/// A constant as a template value: strings starting with `[` doubled so ARM reads them as text.
fn escape(v: &Value) -> Value {
    match v {
        Value::String(s) if s.starts_with('[') => Value::String(format!("[{s}")),
        Value::Array(a) => Value::Array(a.iter().map(escape).collect()),
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), escape(v))).collect()),
        _ => v.clone(),
    }
}
