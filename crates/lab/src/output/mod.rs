//! Output as az prints it (knack's `output.py` and azure-cli's result transforms): `json`
//! (2-space indent, keys sorted — knack dumps with `sort_keys=True`), `table` (knack's auto
//! table or the command's own table transformer), `tsv`, `yaml`, `none`; `jsonc`/`yamlc` print
//! as `json`/`yaml`, as az does when colour is off (hcsim's terminals carry no colour codes).
//! `--query` is the whole JMESPath language ([`crate::jmespath`]). A shown stored body's `json`
//! is written straight from its packed bytes (`stream`), the same text without a `Value`.

mod pyfmt;
mod stream;
mod table;
mod transform;
mod tsv;
// Without `full` the lab refuses `-o yaml` before running the line (`exec::run_line`).
#[cfg(feature = "full")]
mod yaml;

pub(crate) use stream::json_of;

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::Value;

use crate::jmespath;
use crate::outcome::Outcome;
use crate::shell::{OutputFormat, ShellError};

/// The outcome of a command-language error.
pub fn shell_failure(e: &ShellError) -> Outcome {
    Outcome::failure(e.code.as_str(), e.to_string())
}

/// Formats a value in an az output format (no `--query`, no command-specific table).
pub fn format_value(value: &Value, format: OutputFormat) -> String {
    format_with(value, format, &Shape::default())
}

/// What az knows about a result besides its value when it prints it.
#[derive(Debug, Default, Clone)]
pub(crate) struct Shape<'a> {
    /// The command's words after `az` (its table transformer is chosen by them).
    pub(crate) command: &'a [&'a str],
    /// Whether `--query` shaped the result (then az uses no table transformer and keeps the
    /// query's key order).
    pub(crate) query_active: bool,
    /// The keys of the query's multi-select hash, in the order written.
    pub(crate) row_keys: Option<Vec<String>>,
}

fn format_with(value: &Value, format: OutputFormat, shape: &Shape<'_>) -> String {
    // knack prints nothing at all when the result is None.
    if value.is_null() {
        return String::new();
    }
    match format {
        OutputFormat::None => String::new(),
        OutputFormat::Json | OutputFormat::Jsonc => pyfmt::json(value),
        OutputFormat::Table => table::render(value, shape),
        OutputFormat::Tsv => tsv::render(value, shape.row_keys.as_deref()),
        #[cfg(feature = "full")]
        OutputFormat::Yaml | OutputFormat::Yamlc => yaml::render(value),
        // Never reached: the line was refused before it ran (`exec::run_line`).
        #[cfg(not(feature = "full"))]
        OutputFormat::Yaml | OutputFormat::Yamlc => pyfmt::json(value),
    }
}

/// Prints an az command's result: azure-cli's global transforms (a `resourceGroup` beside
/// every `id`), then `--query`, then the output format. `command` is the path after `az`.
pub(crate) fn render(
    value: &Value,
    format: OutputFormat,
    query_text: Option<&str>,
    command: &[&str],
) -> Result<String, String> {
    // `-o none` without a query prints nothing, whatever the value: nothing is built.
    if format == OutputFormat::None && query_text.is_none() {
        return Ok(String::new());
    }
    render_owned(value.clone(), format, query_text, command)
}

/// [`render`] of a value the caller hands over (the transform then works on it in place
/// instead of on a copy).
pub(crate) fn render_owned(
    mut value: Value,
    format: OutputFormat,
    query_text: Option<&str>,
    command: &[&str],
) -> Result<String, String> {
    if format == OutputFormat::None && query_text.is_none() {
        return Ok(String::new());
    }
    transform::add_resource_group(&mut value, 0);
    let mut shape = Shape {
        command,
        ..Shape::default()
    };
    if let Some(q) = query_text {
        let expr = compile(q)?;
        value = expr.search(&value).map_err(|e| runtime_message(&e))?;
        shape.query_active = true;
        shape.row_keys = expr.row_keys();
    }
    Ok(format_with(&value, format, &shape))
}

/// The longest `--query` accepted.
const MAX_QUERY: usize = jmespath::MAX_EXPRESSION;

/// Compiles a `--query`; argparse's wording when it is not valid JMESPath.
fn compile(expr: &str) -> Result<jmespath::Expression, String> {
    if expr.chars().count() > MAX_QUERY {
        return Err(alloc::format!(
            "argument --query: the expression is longer than {MAX_QUERY} characters"
        ));
    }
    jmespath::compile(expr).map_err(|e| {
        alloc::format!("argument --query: invalid jmespath_type value: '{expr}' ({e})")
    })
}

/// azure-cli's wording for an error raised while the query runs (`handle_exception`).
fn runtime_message(e: &jmespath::Error) -> String {
    alloc::format!(
        "Invalid jmespath query supplied for `--query`: {}\nTo learn more about --query, please visit: 'https://learn.microsoft.com/cli/azure/query-azure-cli'",
        e.message
    )
}

/// Applies a JMESPath expression as `--query` does.
pub fn query(value: &Value, expr: &str) -> Result<Value, String> {
    compile(expr)?
        .search(value)
        .map_err(|e| runtime_message(&e))
}

/// Python's `str()` of a JSON scalar as knack writes it into table and tsv cells.
fn python_str(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::String(s) => s.clone(),
        Value::Number(n) => pyfmt::number(n),
        other => other.to_string(),
    }
}

/// An object's fields in az's order: the query's multi-select order when the object has
/// exactly those keys, else sorted (as knack sorts plain dicts).
fn ordered_fields<'v>(
    m: &'v serde_json::Map<String, Value>,
    row_keys: Option<&[String]>,
) -> Vec<(&'v String, &'v Value)> {
    if let Some(keys) =
        row_keys.filter(|keys| keys.len() == m.len() && keys.iter().all(|k| m.contains_key(k)))
    {
        return keys.iter().filter_map(|k| m.get_key_value(k)).collect();
    }
    m.iter().collect()
}

#[cfg(test)]
mod tests;
