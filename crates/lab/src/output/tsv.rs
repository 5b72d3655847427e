//! `-o tsv` as knack's `_TsvOutput` writes it: one line per element of a list result (or
//! for the single result), an object's values in key order (sorted, or the query's
//! multi-select order), a nested list as its length, a nested object as an empty cell,
//! Python's `str()` for other values (`True`, `None`); a bare boolean row is lower-case.

use alloc::string::String;
use serde_json::Value;

use super::{ordered_fields, python_str};

fn cell(v: &Value) -> String {
    match v {
        Value::Array(a) => alloc::format!("{}", a.len()),
        Value::Object(_) => String::new(),
        other => python_str(other),
    }
}

fn row(v: &Value, row_keys: Option<&[String]>, out: &mut String) {
    match v {
        Value::Object(m) => {
            let cells: alloc::vec::Vec<String> = ordered_fields(m, row_keys)
                .into_iter()
                .map(|(_, v)| cell(v))
                .collect();
            out.push_str(&cells.join("\t"));
        }
        Value::Array(a) => {
            let cells: alloc::vec::Vec<String> = a.iter().map(cell).collect();
            out.push_str(&cells.join("\t"));
        }
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        other => out.push_str(&cell(other)),
    }
    out.push('\n');
}

/// Renders a result as tsv (without the final newline, as every output here).
pub(crate) fn render(value: &Value, row_keys: Option<&[String]>) -> String {
    let mut out = String::new();
    match value {
        Value::Array(items) => items.iter().for_each(|v| row(v, row_keys, &mut out)),
        other => row(other, row_keys, &mut out),
    }
    if out.ends_with('\n') {
        out.pop();
    }
    out
}
