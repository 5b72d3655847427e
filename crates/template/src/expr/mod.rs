//! The ARM template expression language: `"[concat('a', parameters('b'))]"`.
//!
//! [`parse`] turns the text between the brackets into an [`Expr`]; `eval` (crate-private)
//! evaluates it against a deployment context.

pub(crate) mod eval;
mod lambda;
mod parse;

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

pub use parse::parse;

/// A parsed expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// A string literal `'text'` (with `''` already unescaped).
    Str(String),
    /// An integer literal.
    Int(i64),
    /// A function call; `name` keeps the spelling used (lookup is case-insensitive).
    Call {
        /// Function name as written.
        name: String,
        /// Arguments in order.
        args: Vec<Expr>,
    },
    /// Property access `expr.name` (case-insensitive lookup, as in ARM).
    Property(Box<Expr>, String),
    /// Index access `expr[index]` with an integer or string index.
    Index(Box<Expr>, Box<Expr>),
}

/// How a JSON string in a template is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringKind<'a> {
    /// A plain literal (including `[[...` escapes, already reduced by one `[`).
    Literal(&'a str),
    /// An expression; the payload is the text between the outer brackets.
    Expression(&'a str),
}

/// Classifies a template string: `[...]` is an expression, `[[...` is the literal `[...`,
/// anything else is a literal.
pub fn classify(s: &str) -> StringKind<'_> {
    if let Some(rest) = s.strip_prefix("[[") {
        // ARM drops only the first bracket: "[[x]" is the literal "[x]".
        let _ = rest;
        StringKind::Literal(&s[1..])
    } else if s.len() >= 2 && s.starts_with('[') && s.ends_with(']') {
        StringKind::Expression(&s[1..s.len() - 1])
    } else {
        StringKind::Literal(s)
    }
}

/// Whether a template string is an expression (`[...]` but not `[[...`).
pub fn is_expression(s: &str) -> bool {
    matches!(classify(s), StringKind::Expression(_))
}
