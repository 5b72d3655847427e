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
//! `context` (a caller's extra functions and step budget), `functions` (the built-in
//! functions), `calls` (the functions an expression calls), `eval` (the tree applied to a
//! document), `shape` (the row keys of a projection, for az's table output).
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

mod calls;
mod compare;
mod context;
mod eval;
mod functions;
mod lexer;
mod parser;
mod shape;

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::Value;

pub use context::Functions;

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
    /// The evaluation exceeded the step budget its caller gave
    /// ([`Expression::search_with`]); not a kind of the specification.
    LimitExceeded,
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
            ErrorKind::LimitExceeded => "limit-exceeded",
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
    /// An error of `kind` (for callers' own functions too).
    pub fn new(kind: ErrorKind, message: String) -> Self {
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
        eval::eval(&self.ast, data, &mut context::Cx::new(None, u64::MAX))
    }

    /// Applies the expression with the caller's extra `functions`, spending steps (nodes
    /// evaluated plus JSON nodes copied) from `budget`: a [`ErrorKind::LimitExceeded`] error
    /// once it runs out, so no expression runs away on a large document.
    pub fn search_with(
        &self,
        data: &Value,
        functions: Option<&dyn Functions>,
        budget: &mut u64,
    ) -> Result<Value, Error> {
        let mut cx = context::Cx::new(functions, *budget);
        let out = eval::eval(&self.ast, data, &mut cx);
        *budget = cx.left;
        out
    }

    /// The functions the expression calls, as (name, number of arguments), in the order
    /// written (the depth of nesting is bounded by [`MAX_DEPTH`]).
    pub fn calls(&self) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        calls::calls(&self.ast, &mut out);
        out
    }

    /// Whether the expression's result is a projection (`a[*].b`, `a[?x]`, `a[]`, `a.*`):
    /// a caller that wants "each match" (MedTech's type-match expressions) treats the
    /// elements of a projection as the matches, and any other result as one match.
    pub fn is_projection(&self) -> bool {
        let mut ast = &self.ast;
        // `a.b[*]` is `a` then the projection `b[*]`; `a | b[*]` ends with one too.
        while let parser::Ast::Sub(_, right) | parser::Ast::Pipe(_, right) = ast {
            ast = right;
        }
        matches!(
            ast,
            parser::Ast::Projection(..)
                | parser::Ast::ValueProjection(..)
                | parser::Ast::FilterProjection(..)
                | parser::Ast::Flatten(..)
        )
    }

    /// The keys of the multi-select hash that shapes each result row, in the order written
    /// (`[].{Name: name, Group: resourceGroup}` → Name, Group): az's table keeps that order.
    pub fn row_keys(&self) -> Option<alloc::vec::Vec<String>> {
        shape::row_keys(&self.ast)
    }
}

/// The arguments a built-in function takes — (count, whether more may follow) — or `None`
/// when no built-in has that name.
pub fn builtin_arity(name: &str) -> Option<(usize, bool)> {
    functions::arity(name)
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
