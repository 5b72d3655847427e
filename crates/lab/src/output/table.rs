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

/// A transformer's columns: header and the path of the value shown under it.
type Columns = &'static [(&'static str, &'static [&'static str])];

/// azure-cli resource/commands.py `transform_deployment`.
const DEPLOYMENT: Columns = &[
    ("Name", &["name"]),
    ("ResourceGroup", &["resourceGroup"]),
    ("State", &["properties", "provisioningState"]),
    ("Timestamp", &["properties", "timestamp"]),
    ("Mode", &["properties", "mode"]),
];

/// azure-cli resource/commands.py `transform_resource_group_list`.
const GROUP_LIST: Columns = &[
    ("Name", &["name"]),
    ("Location", &["location"]),
    ("Status", &["properties", "provisioningState"]),
];

/// azure-cli role/commands.py `transform_assignment_list`.
const ASSIGNMENT_LIST: Columns = &[
    ("Principal", &["principalName"]),
    ("Role", &["roleDefinitionName"]),
    ("Scope", &["scope"]),
];

/// azure-cli resource/commands.py `transform_resource_list` (az 2.91: Status is the
/// `provisioningState` that `az resource list` asks ARM for with `$expand`).
const RESOURCE_LIST: Columns = &[
    ("Name", &["name"]),
    ("ResourceGroup", &["resourceGroup"]),
    ("Location", &["location"]),
    ("Type", &["type"]),
    ("Status", &["provisioningState"]),
];

/// azure-cli profile `transform_account_list`.
const ACCOUNT_LIST: Columns = &[
    ("Name", &["name"]),
    ("CloudName", &["cloudName"]),
    ("SubscriptionId", &["id"]),
    ("TenantId", &["tenantId"]),
    ("State", &["state"]),
    ("IsDefault", &["isDefault"]),
];

/// The table transformer azure-cli gives a command (for the commands hcsim has), and
/// whether the result is a list (else one object).
fn transformer(command: &[&str]) -> Option<(Columns, bool)> {
    let words = match command {
        ["az", rest @ ..] => rest,
        _ => command,
    };
    Some(match words {
        ["group", "list"] => (GROUP_LIST, true),
        ["role", "assignment", "list"] => (ASSIGNMENT_LIST, true),
        ["resource", "list"] => (RESOURCE_LIST, true),
        ["account", "list"] => (ACCOUNT_LIST, true),
        ["deployment", "group", "show" | "create"] => (DEPLOYMENT, false),
        ["deployment", "group", "list"] => (DEPLOYMENT, true),
        _ => return None,
    })
}

/// The rows a command's table transformer makes of its result. knack then drops a row's
/// null cells (`_auto_table_item`), so a column that is null in every row is not shown.
fn transformed(value: &Value, command: &[&str]) -> Option<Vec<Row>> {
    let (columns, is_list) = transformer(command)?;
    let at = |r: &Value, path: &[&str]| path.iter().fold(r.clone(), |v, k| v[*k].clone());
    let row = |r: &Value| -> Row {
        columns
            .iter()
            .map(|(h, path)| ((*h).to_string(), at(r, path)))
            .filter(|(_, v)| !v.is_null())
            .map(|(h, v)| (h, cell(&v)))
            .collect()
    };
    if !is_list {
        return value.is_object().then(|| alloc::vec![row(value)]);
    }
    let mut items: Vec<&Value> = value.as_array()?.iter().collect();
    if columns == DEPLOYMENT {
        // `transform_deployments_list` sorts by timestamp first.
        items.sort_by(|a, b| {
            let t = |v: &Value| {
                at(v, &["properties", "timestamp"])
                    .as_str()
                    .map(String::from)
            };
            t(a).cmp(&t(b))
        });
    }
    Some(items.into_iter().map(row).collect())
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
