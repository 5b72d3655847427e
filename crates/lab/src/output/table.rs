//! `-o table` as knack's `_TableOutput` and `tabulate(..., tablefmt="simple")` print it:
//! the command's table transformer when it has one and no `--query` is active; otherwise
//! one row per element, columns from each object's non-null scalar fields (`id`, `type`,
//! `etag` skipped, first letter capitalised; keys sorted unless a query shaped them), a list
//! row as `Column1…`, a scalar row as `Result`. A column is as wide as its widest cell and
//! two wider than its header; columns are parted by two spaces; lines carry no trailing space.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::Value;

use super::{Shape, ordered_fields, python_str};

/// One row: (header, cell) in column order.
type Row = Vec<(String, String)>;

const SKIP_KEYS: [&str; 3] = ["id", "type", "etag"];

fn capitalize(k: &str) -> String {
    let mut c = k.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A cell as tabulate prints it: None empty, other scalars Python's `str()`, trimmed.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Array(_) | Value::Object(_) => crate::jmespath::python_repr(v),
        other => python_str(other).trim().to_string(),
    }
}

fn auto_row(item: &Value, shape: &Shape<'_>) -> Row {
    match item {
        Value::Object(m) => {
            let keys = if shape.query_active {
                shape.row_keys.as_deref()
            } else {
                None
            };
            ordered_fields(m, keys)
                .into_iter()
                .filter(|(k, v)| {
                    !SKIP_KEYS.contains(&k.as_str())
                        && !v.is_null()
                        && !v.is_array()
                        && !v.is_object()
                })
                .map(|(k, v)| (capitalize(k), cell(v)))
                .collect()
        }
        Value::Array(a) => a
            .iter()
            .enumerate()
            .map(|(i, v)| (alloc::format!("Column{}", i + 1), cell(v)))
            .collect(),
        other => alloc::vec![("Result".into(), cell(other))],
    }
}

/// azure-cli's table transformers for the commands hcsim has that define one.
fn transformed(value: &Value, command: &[String]) -> Option<Vec<Row>> {
    let words: Vec<&str> = command
        .iter()
        .map(String::as_str)
        .skip_while(|w| *w == "az")
        .collect();
    let columns: &[(&str, &[&str])] = match words.as_slice() {
        // azure-cli resource/commands.py `transform_resource_group_list`.
        ["group", "list"] => &[
            ("Name", &["name"]),
            ("Location", &["location"]),
            ("Status", &["properties", "provisioningState"]),
        ],
        // azure-cli role/commands.py `transform_assignment_list`.
        ["role", "assignment", "list"] => &[
            ("Principal", &["principalName"]),
            ("Role", &["roleDefinitionName"]),
            ("Scope", &["scope"]),
        ],
        // azure-cli resource/commands.py `transform_resource_list` (its Status reads
        // `properties.provisioningStatus`, which ARM does not return: the column is blank).
        ["resource", "list"] => &[
            ("Name", &["name"]),
            ("ResourceGroup", &["resourceGroup"]),
            ("Location", &["location"]),
            ("Type", &["type"]),
            ("Status", &["properties", "provisioningStatus"]),
        ],
        _ => return None,
    };
    let items = value.as_array()?;
    let at = |r: &Value, path: &[&str]| path.iter().fold(r.clone(), |v, k| v[*k].clone());
    Some(
        items
            .iter()
            .map(|r| {
                columns
                    .iter()
                    .map(|(h, path)| ((*h).to_string(), cell(&at(r, path))))
                    .collect()
            })
            .collect(),
    )
}

/// Renders a result as a table (empty when there is nothing to show).
pub(crate) fn render(value: &Value, shape: &Shape<'_>) -> String {
    let rows = (!shape.query_active)
        .then(|| transformed(value, shape.command))
        .flatten()
        .unwrap_or_else(|| match value {
            Value::Array(items) => items.iter().map(|i| auto_row(i, shape)).collect(),
            other => alloc::vec![auto_row(other, shape)],
        });
    let mut headers: Vec<&str> = Vec::new();
    for row in &rows {
        for (h, _) in row {
            if !headers.contains(&h.as_str()) {
                headers.push(h);
            }
        }
    }
    if headers.is_empty() {
        return String::new();
    }
    let grid: Vec<Vec<&str>> = rows
        .iter()
        .map(|row| {
            headers
                .iter()
                .map(|h| {
                    row.iter()
                        .find(|(k, _)| k == h)
                        .map_or("", |(_, c)| c.as_str())
                })
                .collect()
        })
        .collect();
    let widths: Vec<usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let widest = grid.iter().map(|r| r[i].chars().count()).max().unwrap_or(0);
            widest.max(h.chars().count() + 2)
        })
        .collect();
    let dashes: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    let mut lines = alloc::vec![
        line(&headers, &widths),
        line(
            &dashes.iter().map(String::as_str).collect::<Vec<_>>(),
            &widths
        )
    ];
    lines.extend(grid.iter().map(|r| line(r, &widths)));
    lines.join("\n")
}

fn line(cells: &[&str], widths: &[usize]) -> String {
    let mut l = String::new();
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            l.push_str("  ");
        }
        l.push_str(c);
        l.extend(core::iter::repeat_n(
            ' ',
            widths[i].saturating_sub(c.chars().count()),
        ));
    }
    l.truncate(l.trim_end().len());
    l
}
