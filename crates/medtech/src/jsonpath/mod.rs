//! JSONPath as Newtonsoft.Json's `SelectToken`/`SelectTokens` evaluate it (what the service's
//! JSONPath expressions run on): `$` is the token the path is applied to, `@` the current
//! token of a filter; `.name`, `['name']`, `['a','b']`, `.*`, `[*]`, `[n]`, `[n,m]`,
//! `[a:b:c]`, `..name`, `..*`, filters `[?(…)]` with `==`, `!=`, `<`, `<=`, `>`, `>=`,
//! existence (`@.a`, and `@a` as Newtonsoft reads it), `&&`, `||` and parentheses. A scan
//! filter `..[?(…)]` tests the token itself and every descendant, in document order.
//!
//! Differences, stated: objects keep their keys sorted (the workspace's `serde_json`), so a
//! scan visits an object's members in key order, not the message's order; regular
//! expressions (`=~`) are refused.

mod eval;
mod parser;

use alloc::string::String;
use alloc::vec::Vec;
use serde_json::Value;

/// A parsed path.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonPath {
    steps: Vec<Step>,
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    /// `.name` or `['name']`, or several names `['a','b']`.
    Fields(Vec<String>),
    /// `.*`: every value of an object (and every element of an array).
    Wildcard,
    /// `[*]`: every element of an array (every value of an object).
    All,
    /// `[n]`, `[n,m]`.
    Indexes(Vec<i64>),
    /// `[a:b:c]`.
    Slice(Option<i64>, Option<i64>, Option<i64>),
    /// `..name`, `..*` (`None`): matching properties' values at any depth below.
    Scan(Option<String>),
    /// `[?(…)]`: the children that satisfy the filter.
    Filter(Filter),
    /// `..[?(…)]`: the token and its descendants that satisfy the filter.
    ScanFilter(Filter),
}

/// A filter expression.
#[derive(Debug, Clone, PartialEq)]
enum Filter {
    Or(Vec<Filter>),
    And(Vec<Filter>),
    Exists(Operand),
    Compare(Operand, Op, Operand),
}

/// A side of a comparison.
#[derive(Debug, Clone, PartialEq)]
enum Operand {
    /// A path from the root (`$…`, `root == true`) or from the current token (`@…`).
    Path { root: bool, path: JsonPath },
    /// A literal: a string, a number, `true`, `false`, `null`.
    Literal(Value),
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    StrictEq,
    StrictNe,
    Lt,
    Le,
    Gt,
    Ge,
}

/// Why a path could not be evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathError {
    /// The text is not a path Newtonsoft reads (its message).
    Syntax(String),
    /// The step budget ran out.
    Budget,
}

impl JsonPath {
    /// Parses a path as Newtonsoft's `JPath` does.
    pub fn parse(text: &str) -> Result<Self, PathError> {
        parser::parse(text).map_err(PathError::Syntax)
    }

    /// Every token the path selects from `token` (`SelectTokens`), in document order,
    /// spending one step of `budget` per token visited.
    pub fn select<'a>(
        &self,
        token: &'a Value,
        budget: &mut u64,
    ) -> Result<Vec<&'a Value>, PathError> {
        eval::select(&self.steps, token, token, budget)
    }
}
