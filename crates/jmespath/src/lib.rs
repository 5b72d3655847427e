//! hcsim-jmespath: JMESPath, the query language of az's `--query` and of MedTech's device
//! mappings: the whole language of jmespath.org/specification (as jmespath.py, which az runs,
//! implements it), checked against the compliance suite in `tests/data/jmespath`.
//!
//! Hostile input is bounded: expressions longer than [`MAX_EXPRESSION`] characters or nested
//! deeper than [`MAX_DEPTH`] are refused before anything is evaluated, so nothing overflows
//! the stack.
//!
//! Modules in reading order (each uses only modules above it): `compare` (ordering and
//! equality of JSON values), `lexer` (text to tokens), `parser` (tokens to a syntax tree),
//! `functions` (the built-in functions), `eval` (the tree applied to a document), `shape`
//! (the row keys of a projection, for az's table output).
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

mod compare;
mod eval;
mod functions;
mod lexer;
mod parser;
mod shape;

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::Value;

/// The longest expression accepted, in characters.
pub const MAX_EXPRESSION: usize = 4096;

/// The deepest nesting of an expression accepted (parentheses, brackets, chained fields).
pub const MAX_DEPTH: usize = 128;

/// The kinds of error the JMESPath specification distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The expression is not valid JMESPath.
    Syntax,
    /// A function received a value of the wrong type.
    InvalidType,
    /// A value is out of its domain (a slice step of 0).
    InvalidValue,
    /// A function received the wrong number of arguments.
    InvalidArity,
    /// No built-in function has that name.
    UnknownFunction,
}

impl ErrorKind {
    /// The name the compliance suite uses for this kind.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Syntax => "syntax",
            ErrorKind::InvalidType => "invalid-type",
            ErrorKind::InvalidValue => "invalid-value",
            ErrorKind::InvalidArity => "invalid-arity",
            ErrorKind::UnknownFunction => "unknown-function",
        }
    }
}

/// Why an expression could not be compiled or evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The specification's kind of error.
    pub kind: ErrorKind,
    /// What went wrong, for people.
    pub message: String,
}

impl Error {
    fn new(kind: ErrorKind, message: String) -> Self {
        Error { kind, message }
    }
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A compiled expression, ready to be applied to any number of documents.
#[derive(Debug, Clone)]
pub struct Expression {
    ast: parser::Ast,
}

impl Expression {
    /// Applies the expression to a document.
    pub fn search(&self, data: &Value) -> Result<Value, Error> {
        eval::eval(&self.ast, data)
    }

    /// The keys of the multi-select hash that shapes each result row, in the order written
    /// (`[].{Name: name, Group: resourceGroup}` → Name, Group): az's table keeps that order.
    pub fn row_keys(&self) -> Option<alloc::vec::Vec<String>> {
        shape::row_keys(&self.ast)
    }
}

/// Compiles an expression, refusing syntax errors and over-long or over-deep input.
pub fn compile(expr: &str) -> Result<Expression, Error> {
    if expr.chars().count() > MAX_EXPRESSION {
        return Err(Error::new(
            ErrorKind::Syntax,
            alloc::format!("the expression is longer than {MAX_EXPRESSION} characters"),
        ));
    }
    let ast = parser::parse(lexer::tokenize(expr)?)?;
    if parser::depth(&ast, 0) > MAX_DEPTH {
        return Err(Error::new(
            ErrorKind::Syntax,
            "the expression is nested too deeply".into(),
        ));
    }
    Ok(Expression { ast })
}

/// Compiles `expr` and applies it to `data`.
pub fn search(expr: &str, data: &Value) -> Result<Value, Error> {
    compile(expr)?.search(data)
}

/// Python's `repr()` of a JSON value, as jmespath.py's messages show values (`None`, `'a'`).
pub fn python_repr(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.contains('\'') && !s.contains('"') => alloc::format!("\"{s}\""),
        Value::String(s) => alloc::format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
        Value::Array(a) => {
            let items: Vec<String> = a.iter().map(python_repr).collect();
            alloc::format!("[{}]", items.join(", "))
        }
        Value::Object(m) => {
            let items: Vec<String> = m
                .iter()
                .map(|(k, v)| {
                    alloc::format!(
                        "{}: {}",
                        python_repr(&Value::String(k.clone())),
                        python_repr(v)
                    )
                })
                .collect();
            alloc::format!("{{{}}}", items.join(", "))
        }
    }
}
