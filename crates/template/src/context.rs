//! What an evaluation sees and how it fails: the vocabulary shared by the evaluator
//! (`expr::eval`), the built-in functions (`functions`) and the symbol table (`symbols`).
//!
//! A leaf module: it imports none of them, so the evaluator can call the functions and the
//! functions can read parameters and variables (which are themselves evaluated) without an
//! import cycle. The recursion runs through [`SymbolTable`], a trait object.

use crate::error::TemplateError;
use crate::limits::MAX_FUNCTION_CALLS;
use crate::scope::{ResourceReader, Scope};
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cell::Cell;
use serde_json::{Map, Value};

/// Parameters and variables as the functions `parameters()`, `variables()` and
/// `deployment()` read them. Implemented by the lazily evaluated symbol table.
pub(crate) trait SymbolTable {
    /// `parameters(name)`.
    fn param(&self, name: &str, ctx: &Ctx<'_>) -> Result<Value, EvalError>;
    /// `variables(name)`.
    fn var(&self, name: &str, ctx: &Ctx<'_>) -> Result<Value, EvalError>;
    /// The template's `contentVersion`.
    fn content_version(&self) -> &str;
}

/// Why an evaluation failed.
#[derive(Debug, Clone)]
pub(crate) enum EvalError {
    /// A message about the expression being evaluated; the caller adds text and path.
    Msg(String),
    /// A complete error raised elsewhere (e.g. while evaluating a variable) that keeps its
    /// own path.
    Located(TemplateError),
    /// Preview only: the value depends on a resource that does not exist yet.
    Unknown,
}

impl From<String> for EvalError {
    fn from(s: String) -> Self {
        EvalError::Msg(s)
    }
}

/// Where an evaluation takes place; decides which functions are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Site {
    /// A parameter's `defaultValue`.
    ParameterDefault,
    /// A variable's value.
    Variable,
    /// A resource's `name`, `type`, `apiVersion`, `scope`, `condition`, copy count, dependsOn.
    Plan,
    /// A resource body at deploy time.
    Body,
    /// An output value.
    Output,
}

/// How `reference()` is answered.
#[derive(Clone, Copy)]
pub(crate) enum RefMode<'a> {
    /// Not allowed at this site.
    NotAllowed,
    /// Deploy time: a missing resource is an error.
    Live(&'a dyn ResourceReader),
    /// What-if preview: a missing resource makes the value unknown.
    Preview(&'a dyn ResourceReader),
}

/// One active copy loop: its name (None for an output's unnamed copy) and the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CopyFrame {
    /// Loop name (lowercase compare).
    pub name: Option<String>,
    /// Current index, zero-based.
    pub index: i64,
}

/// Everything an evaluation can see.
pub(crate) struct Ctx<'a> {
    pub scope: &'a Scope,
    pub symbols: &'a dyn SymbolTable,
    pub copy: &'a [CopyFrame],
    pub site: Site,
    pub refs: RefMode<'a>,
    /// Lowercased resource name (as written in the template, e.g. `ws/fhir`) to ids.
    pub names: &'a BTreeMap<String, Vec<String>>,
    pub fuel: &'a Cell<u64>,
    /// Set when a preview evaluation produced an unknown value.
    pub unknown: &'a Cell<bool>,
    /// Counter for `newGuid()` in parameter defaults, so several calls differ.
    pub new_guid_counter: &'a Cell<u64>,
}

/// A fresh fuel cell holding the per-pass budget of function calls.
pub(crate) fn new_fuel() -> Cell<u64> {
    Cell::new(MAX_FUNCTION_CALLS)
}

impl<'a> Ctx<'a> {
    /// The same context with other copy frames.
    pub fn with_copy<'b>(&'b self, copy: &'b [CopyFrame]) -> Ctx<'b>
    where
        'a: 'b,
    {
        Ctx {
            scope: self.scope,
            symbols: self.symbols,
            copy,
            site: self.site,
            refs: self.refs,
            names: self.names,
            fuel: self.fuel,
            unknown: self.unknown,
            new_guid_counter: self.new_guid_counter,
        }
    }

    /// The same context at another site, with other copy frames.
    pub fn at_site<'b>(&'b self, site: Site, refs: RefMode<'b>, copy: &'b [CopyFrame]) -> Ctx<'b>
    where
        'a: 'b,
    {
        Ctx {
            site,
            refs,
            ..self.with_copy(copy)
        }
    }

    /// Spends one function call of the pass's budget ([`MAX_FUNCTION_CALLS`]).
    pub fn burn(&self) -> Result<(), EvalError> {
        let left = self.fuel.get();
        if left == 0 {
            return Err(EvalError::Msg(format!(
                "the evaluation exceeded {MAX_FUNCTION_CALLS} function calls"
            )));
        }
        self.fuel.set(left - 1);
        Ok(())
    }
}

/// ARM's name for a JSON value's type, used in messages.
pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "Null",
        Value::Bool(_) => "Boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "Integer",
        Value::Number(_) => "Float",
        Value::String(_) => "String",
        Value::Array(_) => "Array",
        Value::Object(_) => "Object",
    }
}

/// Looks a key up the ARM way: exact match first, then case-insensitive.
pub(crate) fn get_ci<'v>(obj: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    obj.get(key).or_else(|| {
        obj.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// `a.b` or `a['b c']` style path join.
pub(crate) fn join_path(path: &str, key: &str) -> String {
    let simple = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    match (path.is_empty(), simple) {
        (true, true) => key.to_string(),
        (false, true) => format!("{path}.{key}"),
        (_, false) => format!("{path}['{key}']"),
    }
}
