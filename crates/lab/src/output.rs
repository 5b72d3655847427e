//! Output as az prints it: JSON (2-space indent), `table`, `tsv`, `yaml`, `none`; `--query`
//! with the common subset of JMESPath (paths, indexes, `[]` projections, `{a: b}` and
//! `[a, b]` multi-selects, `length(@)`).

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value};

use crate::outcome::Outcome;
use crate::shell::{OutputFormat, ShellError};

/// The outcome of a command-language error.
pub fn shell_failure(e: &ShellError) -> Outcome {
    Outcome::failure(e.code.as_str(), e.to_string())
}

/// Formats a value in an az output format.
pub fn format_value(value: &Value, format: OutputFormat) -> String {
    match format {
        OutputFormat::None => String::new(),
        OutputFormat::Json | OutputFormat::Jsonc => {
            serde_json::to_string_pretty(value).unwrap_or_default()
        }
        OutputFormat::Table => table(value),
        OutputFormat::Tsv => tsv(value),
        OutputFormat::Yaml | OutputFormat::Yamlc => yaml(value, 0),
    }
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn rows_of(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(a) => a.iter().collect(),
        other => alloc::vec![other],
    }
}

/// Columns for a table: resources get az's usual columns; other objects their scalar fields.
fn columns(rows: &[&Value]) -> Vec<(String, Vec<String>)> {
    // Role assignments: who, what role, where (as `az role assignment list -o table`).
    if !rows.is_empty() && rows.iter().all(|r| r.get("roleDefinitionName").is_some()) {
        let col = |key: &str| rows.iter().map(|r| scalar_text(&r[key])).collect();
        return alloc::vec![
            ("Principal".into(), col("principalName")),
            ("Role".into(), col("roleDefinitionName")),
            ("Scope".into(), col("scope")),
        ];
    }
    let is_resource = rows
        .iter()
        .all(|r| r.get("id").is_some() && r.get("type").is_some());
    if is_resource && !rows.is_empty() {
        let mut cols: Vec<(String, Vec<String>)> = alloc::vec![(
            "Name".into(),
            rows.iter().map(|r| scalar_text(&r["name"])).collect()
        ),];
        let rg: Vec<String> = rows
            .iter()
            .map(|r| {
                r["id"]
                    .as_str()
                    .and_then(|id| id.split('/').nth(4))
                    .unwrap_or("")
                    .to_string()
            })
            .collect();
        if rg.iter().any(|g| !g.is_empty()) {
            cols.push(("ResourceGroup".into(), rg));
        }
        if rows.iter().any(|r| r.get("location").is_some()) {
            cols.push((
                "Location".into(),
                rows.iter().map(|r| scalar_text(&r["location"])).collect(),
            ));
        }
        if rows.iter().any(|r| r.get("kind").is_some()) {
            cols.push((
                "Kind".into(),
                rows.iter().map(|r| scalar_text(&r["kind"])).collect(),
            ));
        }
        cols.push((
            "ProvisioningState".into(),
            rows.iter()
                .map(|r| scalar_text(&r["properties"]["provisioningState"]))
                .collect(),
        ));
        return cols;
    }
    let mut names: Vec<String> = Vec::new();
    for r in rows {
        if let Value::Object(m) = r {
            for (k, v) in m {
                if !v.is_object() && !v.is_array() && !names.contains(k) {
                    names.push(k.clone());
                }
            }
        }
    }
    if names.is_empty() {
        return alloc::vec![(
            "Result".into(),
            rows.iter().map(|r| scalar_text(r)).collect()
        )];
    }
    names
        .into_iter()
        .map(|n| {
            let vals = rows
                .iter()
                .map(|r| scalar_text(r.get(&n).unwrap_or(&Value::Null)))
                .collect();
            (title_case(&n), vals)
        })
        .collect()
}

fn title_case(key: &str) -> String {
    let mut c = key.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn table(value: &Value) -> String {
    let rows = rows_of(value);
    if rows.is_empty() {
        return String::new();
    }
    let cols = columns(&rows);
    let widths: Vec<usize> = cols
        .iter()
        .map(|(h, v)| {
            v.iter()
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
                .max(h.chars().count())
        })
        .collect();
    let mut out = String::new();
    let line = |cells: Vec<&str>, out: &mut String| {
        let mut l = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                l.push_str("  ");
            }
            l.push_str(c);
            if i + 1 < cells.len() {
                l.extend(core::iter::repeat_n(
                    ' ',
                    widths[i].saturating_sub(c.chars().count()),
                ));
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(cols.iter().map(|(h, _)| h.as_str()).collect(), &mut out);
    let dashes: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line(dashes.iter().map(String::as_str).collect(), &mut out);
    for i in 0..rows.len() {
        line(cols.iter().map(|(_, v)| v[i].as_str()).collect(), &mut out);
    }
    out.truncate(out.trim_end().len());
    out
}

fn tsv(value: &Value) -> String {
    let mut out = String::new();
    for r in rows_of(value) {
        let cells: Vec<String> = match r {
            Value::Object(m) => m
                .values()
                .filter(|v| !v.is_object() && !v.is_array())
                .map(scalar_text)
                .collect(),
            other => alloc::vec![scalar_text(other)],
        };
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out.truncate(out.trim_end_matches('\n').len());
    out
}

fn yaml(value: &Value, indent: usize) -> String {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(m) if !m.is_empty() => m
            .iter()
            .map(|(k, v)| match v {
                Value::Object(o) if !o.is_empty() => {
                    alloc::format!("{pad}{k}:\n{}", yaml(v, indent + 2))
                }
                Value::Array(a) if !a.is_empty() => {
                    alloc::format!("{pad}{k}:\n{}", yaml(v, indent))
                }
                _ => alloc::format!("{pad}{k}: {}", yaml_scalar(v)),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Value::Array(a) if !a.is_empty() => a
            .iter()
            .map(|v| match v {
                Value::Object(o) if !o.is_empty() => {
                    let inner = yaml(v, indent + 2);
                    alloc::format!("{pad}- {}", inner.trim_start())
                }
                _ => alloc::format!("{pad}- {}", yaml_scalar(v)),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        other => alloc::format!("{pad}{}", yaml_scalar(other)),
    }
}

fn yaml_scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::String(s)
            if s.is_empty()
                || s.contains(':')
                || s.contains('#')
                || s.starts_with(['[', '{', '\'', '"', '*', '&', '!']) =>
        {
            serde_json::to_string(s).unwrap_or_default()
        }
        Value::String(s) => s.clone(),
        Value::Object(_) => "{}".into(),
        Value::Array(_) => "[]".into(),
        other => other.to_string(),
    }
}

// ----- --query: a JMESPath subset -----------------------------------------------------

/// The longest `--query` accepted.
const MAX_QUERY: usize = 1024;

#[derive(Debug)]
enum Step {
    Field(String),
    Index(i64),
    Project,
    Current,
    Length,
    MultiHash(Vec<(String, Vec<Step>)>),
    MultiList(Vec<Vec<Step>>),
}

/// Applies a JMESPath expression (the common subset az users type).
pub fn query(value: &Value, expr: &str) -> Result<Value, String> {
    if expr.len() > MAX_QUERY {
        return Err(alloc::format!(
            "argument --query: the expression is longer than {MAX_QUERY} characters"
        ));
    }
    let chars: Vec<char> = expr.chars().collect();
    let mut pos = 0;
    let steps = parse_path(&chars, &mut pos, 0).map_err(|e| {
        alloc::format!("argument --query: invalid jmespath_type value: '{expr}' ({e})")
    })?;
    if pos != chars.len() {
        return Err(alloc::format!(
            "argument --query: invalid jmespath_type value: '{expr}' (unexpected '{}')",
            chars[pos]
        ));
    }
    Ok(eval(value, &steps))
}

fn skip_ws(c: &[char], pos: &mut usize) {
    while *pos < c.len() && c[*pos].is_whitespace() {
        *pos += 1;
    }
}

fn ident(c: &[char], pos: &mut usize) -> Option<String> {
    skip_ws(c, pos);
    if *pos < c.len() && c[*pos] == '"' {
        let start = *pos + 1;
        let end = c[start..].iter().position(|x| *x == '"')? + start;
        *pos = end + 1;
        return Some(c[start..end].iter().collect());
    }
    let start = *pos;
    while *pos < c.len()
        && (c[*pos].is_alphanumeric() || c[*pos] == '_' || c[*pos] == '-' || c[*pos] == '$')
    {
        *pos += 1;
    }
    (start < *pos).then(|| c[start..*pos].iter().collect())
}

fn parse_path(c: &[char], pos: &mut usize, depth: usize) -> Result<Vec<Step>, &'static str> {
    if depth > 16 {
        return Err("nested too deeply");
    }
    let mut steps = Vec::new();
    loop {
        skip_ws(c, pos);
        if *pos >= c.len() {
            break;
        }
        match c[*pos] {
            '@' => {
                *pos += 1;
                steps.push(Step::Current);
            }
            '[' => {
                *pos += 1;
                skip_ws(c, pos);
                if *pos < c.len() && c[*pos] == ']' {
                    *pos += 1;
                    steps.push(Step::Project);
                } else if *pos < c.len() && (c[*pos].is_ascii_digit() || c[*pos] == '-') {
                    let start = *pos;
                    *pos += 1;
                    while *pos < c.len() && c[*pos].is_ascii_digit() {
                        *pos += 1;
                    }
                    let n: String = c[start..*pos].iter().collect();
                    let n = n.parse::<i64>().map_err(|_| "bad index")?;
                    skip_ws(c, pos);
                    if *pos >= c.len() || c[*pos] != ']' {
                        return Err("missing ']'");
                    }
                    *pos += 1;
                    steps.push(Step::Index(n));
                } else {
                    let mut items = Vec::new();
                    loop {
                        items.push(parse_path(c, pos, depth + 1)?);
                        skip_ws(c, pos);
                        match c.get(*pos) {
                            Some(',') => *pos += 1,
                            Some(']') => {
                                *pos += 1;
                                break;
                            }
                            _ => return Err("missing ']'"),
                        }
                    }
                    steps.push(Step::MultiList(items));
                }
            }
            '{' => {
                *pos += 1;
                let mut items = Vec::new();
                loop {
                    let key = ident(c, pos).ok_or("expected a key")?;
                    skip_ws(c, pos);
                    if c.get(*pos) != Some(&':') {
                        return Err("expected ':'");
                    }
                    *pos += 1;
                    items.push((key, parse_path(c, pos, depth + 1)?));
                    skip_ws(c, pos);
                    match c.get(*pos) {
                        Some(',') => *pos += 1,
                        Some('}') => {
                            *pos += 1;
                            break;
                        }
                        _ => return Err("missing '}'"),
                    }
                }
                steps.push(Step::MultiHash(items));
            }
            '.' => {
                *pos += 1;
            }
            ',' | ']' | '}' => break,
            _ => {
                let name = ident(c, pos).ok_or("unexpected character")?;
                if name == "length" && c.get(*pos) == Some(&'(') {
                    let rest: String = c[*pos..].iter().take(3).collect();
                    if rest != "(@)" {
                        return Err("only length(@) is supported");
                    }
                    *pos += 3;
                    steps.push(Step::Length);
                } else {
                    steps.push(Step::Field(name));
                }
            }
        }
    }
    Ok(steps)
}

fn eval(value: &Value, steps: &[Step]) -> Value {
    let Some((first, rest)) = steps.split_first() else {
        return value.clone();
    };
    match first {
        Step::Current => eval(value, rest),
        Step::Field(f) => match value.get(f) {
            Some(v) => eval(v, rest),
            None => Value::Null,
        },
        Step::Index(i) => match value.as_array() {
            Some(a) => {
                let idx = if *i < 0 { a.len() as i64 + i } else { *i };
                match usize::try_from(idx).ok().and_then(|k| a.get(k)) {
                    Some(v) => eval(v, rest),
                    None => Value::Null,
                }
            }
            None => Value::Null,
        },
        Step::Project => match value.as_array() {
            Some(a) => Value::Array(
                a.iter()
                    .map(|v| eval(v, rest))
                    .filter(|v| !v.is_null())
                    .collect(),
            ),
            None => Value::Null,
        },
        Step::Length => {
            let n = match value {
                Value::Array(a) => a.len(),
                Value::Object(o) => o.len(),
                Value::String(s) => s.chars().count(),
                _ => return Value::Null,
            };
            eval(&Value::from(n as u64), rest)
        }
        Step::MultiHash(items) => {
            let mut m = Map::new();
            for (k, p) in items {
                m.insert(k.clone(), eval(value, p));
            }
            eval(&Value::Object(m), rest)
        }
        Step::MultiList(items) => eval(
            &Value::Array(items.iter().map(|p| eval(value, p)).collect()),
            rest,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn queries() {
        let v = json!([{"name": "a", "properties": {"provisioningState": "Succeeded"}}, {"name": "b", "properties": {}}]);
        assert_eq!(query(&v, "[].name").unwrap(), json!(["a", "b"]));
        assert_eq!(
            query(&v, "[0].properties.provisioningState").unwrap(),
            json!("Succeeded")
        );
        assert_eq!(query(&v, "[-1].name").unwrap(), json!("b"));
        assert_eq!(query(&v, "length(@)").unwrap(), json!(2));
        assert_eq!(
            query(&v, "[].{n: name, s: properties.provisioningState}").unwrap(),
            json!([{"n": "a", "s": "Succeeded"}, {"n": "b", "s": null}])
        );
        assert_eq!(
            query(&v, "[0].[name, properties.provisioningState]").unwrap(),
            json!(["a", "Succeeded"])
        );
        assert!(query(&v, "[.name").is_err());
        assert!(query(&v, "{a b}").is_err());
        assert!(query(&v, &"[".repeat(2000)).is_err());
    }

    #[test]
    fn tables_show_resource_columns() {
        let v = json!([{"id": "/subscriptions/s/resourceGroups/rg1/providers/X/y/ws1", "type": "X/y", "name": "ws1", "location": "eastus", "properties": {"provisioningState": "Succeeded"}}]);
        let t = format_value(&v, OutputFormat::Table);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "Name  ResourceGroup  Location  ProvisioningState");
        assert_eq!(lines[1], "----  -------------  --------  -----------------");
        assert_eq!(lines[2], "ws1   rg1            eastus    Succeeded");
        assert_eq!(
            format_value(&json!({"a": 1, "b": "x", "c": {}}), OutputFormat::Tsv),
            "1\tx"
        );
        assert_eq!(format_value(&json!(null), OutputFormat::None), "");
    }

    #[test]
    fn yaml_is_readable() {
        let y = format_value(
            &json!({"name": "ws1", "tags": {"env": "dev"}, "list": [1, 2]}),
            OutputFormat::Yaml,
        );
        assert!(y.contains("name: ws1") && y.contains("tags:\n  env: dev") && y.contains("- 1"));
    }
}
