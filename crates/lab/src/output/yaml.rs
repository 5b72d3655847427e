//! `-o yaml` as PyYAML's `safe_dump(default_flow_style=False, allow_unicode=True)` writes it
//! (what knack calls): block style, keys sorted, a list under a key not indented, empty
//! containers as `{}`/`[]`, strings quoted only when plain text would read back as something
//! else (`'true'`, `'1.5'`, `'2024-01-01T00:00:00Z'`, `''`) or holds YAML syntax (`'a: b'`);
//! a plain scalar alone ends the document with `...`. Assumed, not reproduced: PyYAML folds
//! plain strings longer than 80 columns at spaces; hcsim's values are shorter.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::Value;

/// Renders a result as YAML (without the final newline, as every output here).
pub(crate) fn render(value: &Value) -> String {
    match value {
        Value::Object(m) if !m.is_empty() => block(value, 0),
        Value::Array(a) if !a.is_empty() => block(value, 0),
        other => {
            let s = scalar(other, 0, 0);
            if s.starts_with(['\'', '"', '{', '[']) {
                s
            } else {
                alloc::format!("{s}\n...")
            }
        }
    }
}

fn is_container(v: &Value) -> bool {
    match v {
        Value::Object(m) => !m.is_empty(),
        Value::Array(a) => !a.is_empty(),
        _ => false,
    }
}

/// A non-empty mapping or sequence, each line indented by `indent` spaces.
fn block(v: &Value, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut lines: Vec<String> = Vec::new();
    match v {
        Value::Object(m) => {
            for (k, item) in m {
                let key = scalar(&Value::String(k.clone()), indent, indent);
                match item {
                    Value::Object(_) if is_container(item) => {
                        lines.push(alloc::format!("{pad}{key}:"));
                        lines.push(block(item, indent + 2));
                    }
                    Value::Array(_) if is_container(item) => {
                        lines.push(alloc::format!("{pad}{key}:"));
                        lines.push(block(item, indent));
                    }
                    _ => {
                        let column = indent + key.chars().count() + 2;
                        lines.push(alloc::format!(
                            "{pad}{key}: {}",
                            scalar(item, indent, column)
                        ));
                    }
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                if is_container(item) {
                    let inner = block(item, indent + 2);
                    lines.push(alloc::format!("{pad}- {}", &inner[indent + 2..]));
                } else {
                    lines.push(alloc::format!(
                        "{pad}- {}",
                        scalar(item, indent, indent + 2)
                    ));
                }
            }
        }
        other => lines.push(alloc::format!("{pad}{}", scalar(other, indent, indent))),
    }
    lines.join("\n")
}

/// A scalar written from `column` (PyYAML folds long strings at spaces past column 80).
fn scalar(v: &Value, indent: usize, column: usize) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Object(_) => "{}".into(),
        Value::Array(_) => "[]".into(),
        Value::Number(n) => {
            let t = super::pyfmt::number(n);
            if n.is_f64() && !t.contains('.') && t.contains('e') {
                t.replacen('e', ".0e", 1)
            } else {
                t
            }
        }
        Value::String(s) => string(s, indent, column),
    }
}

fn printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        || c >= '\u{10000}'
}

fn string(s: &str, indent: usize, column: usize) -> String {
    if !s.chars().all(printable) {
        return double_quoted(s);
    }
    let cont = alloc::format!("\n{}", " ".repeat(indent + 2));
    if plain_allowed(s) && !resolves_to_other_type(s) {
        return fold(s, column, &cont);
    }
    // Single-quoted: `'` doubles; a line break is written as an empty line.
    let lines: Vec<String> = s
        .replace('\'', "''")
        .split('\n')
        .map(|l| fold(l, column + 1, &cont))
        .collect();
    alloc::format!("'{}'", lines.join(&alloc::format!("\n{cont}")))
}

/// PyYAML's folding: a single space met once the line has passed column 80 becomes a
/// line break and the continuation indent.
fn fold(s: &str, column: usize, cont: &str) -> String {
    const BEST_WIDTH: usize = 80;
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut col = column;
    for (i, c) in chars.iter().enumerate() {
        let single_space = *c == ' '
            && i > 0
            && chars[i - 1] != ' '
            && chars.get(i + 1).is_some_and(|n| *n != ' ');
        if single_space && col > BEST_WIDTH {
            out.push_str(cont);
            col = cont.len() - 1;
        } else {
            out.push(*c);
            col += 1;
        }
    }
    out
}

/// PyYAML's double-quoted style, for text with characters YAML cannot print.
fn double_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\0' => out.push_str("\\0"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{1b}' => out.push_str("\\e"),
            c if printable(c) => out.push(c),
            c if (c as u32) <= 0xff => out.push_str(&alloc::format!("\\x{:02X}", c as u32)),
            c => out.push_str(&alloc::format!("\\u{:04X}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// PyYAML's `analyze_scalar`: whether the text may be written without quotes.
fn plain_allowed(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    let Some(&first) = chars.first() else {
        return false;
    };
    if s.starts_with("---") || s.starts_with("...") {
        return false;
    }
    if first == ' ' || chars.last() == Some(&' ') || s.contains('\n') || s.contains('\r') {
        return false;
    }
    if "#,[]{}&*!|>'\"%@`".contains(first) {
        return false;
    }
    let followed_by_space = |i: usize| chars.get(i + 1).is_none_or(|c| *c == ' ' || *c == '\t');
    if "?:-".contains(first) && followed_by_space(0) {
        return false;
    }
    for (i, c) in chars.iter().enumerate() {
        if *c == ':' && followed_by_space(i) {
            return false;
        }
        if *c == '#' && i > 0 && matches!(chars[i - 1], ' ' | '\t') {
            return false;
        }
        if *c == '\t' {
            return false;
        }
    }
    true
}

/// Whether plain text would read back as a non-string (PyYAML's implicit resolvers).
fn resolves_to_other_type(s: &str) -> bool {
    const WORDS: [&str; 25] = [
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF", "~", "null", "Null", "NULL", "<<", "=", "",
    ];
    WORDS.contains(&s) || is_int(s) || is_float(s) || is_timestamp(s)
}

fn unsigned(s: &str) -> &str {
    s.strip_prefix(['-', '+']).unwrap_or(s)
}

fn all_of(s: &str, ok: impl Fn(char) -> bool) -> bool {
    !s.is_empty() && s.chars().all(ok)
}

fn is_int(s: &str) -> bool {
    let u = unsigned(s);
    if let Some(b) = u.strip_prefix("0b") {
        return all_of(b, |c| matches!(c, '0' | '1' | '_'));
    }
    if let Some(x) = u.strip_prefix("0x") {
        return all_of(x, |c| c.is_ascii_hexdigit() || c == '_');
    }
    if u == "0" {
        return true;
    }
    if let Some(o) = u.strip_prefix('0') {
        return all_of(o, |c| matches!(c, '0'..='7' | '_'));
    }
    let mut parts = u.split(':');
    let head = parts.next().unwrap_or("");
    let head_ok = head.starts_with(|c: char| c.is_ascii_digit() && c != '0')
        && all_of(head, |c| c.is_ascii_digit() || c == '_');
    head_ok && parts.all(sexagesimal)
}

fn sexagesimal(p: &str) -> bool {
    let b = p.as_bytes();
    match b {
        [d] => d.is_ascii_digit(),
        [a, d] => matches!(a, b'0'..=b'5') && d.is_ascii_digit(),
        _ => false,
    }
}

fn is_float(s: &str) -> bool {
    let u = unsigned(s);
    if matches!(u, ".inf" | ".Inf" | ".INF") || matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let (mantissa, exp) = match u.find(['e', 'E']) {
        Some(i) => (&u[..i], Some(&u[i + 1..])),
        None => (u, None),
    };
    let exp_ok = exp.is_none_or(|e| {
        e.strip_prefix(['-', '+'])
            .is_some_and(|d| all_of(d, |c| c.is_ascii_digit()))
    });
    let Some((int, frac)) = mantissa.split_once('.') else {
        return false;
    };
    let frac_ok = frac.chars().all(|c| c.is_ascii_digit() || c == '_');
    let int_ok = if int.is_empty() {
        // `.5` (no sign allowed in this form) needs a digit after the dot.
        u.len() == s.len() && !frac.is_empty()
    } else {
        int.starts_with(|c: char| c.is_ascii_digit())
            && int
                .split(':')
                .all(|p| all_of(p, |c| c.is_ascii_digit() || c == '_'))
    };
    exp_ok && frac_ok && int_ok
}

/// YAML 1.1 timestamps: `2024-01-01` or `2024-01-01T00:00:00[.frac][Z|±hh[:mm]]`.
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: core::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    if !(digits(0..4) && b.get(4) == Some(&b'-')) {
        return false;
    }
    if b.len() == 10 {
        return digits(5..7) && b[7] == b'-' && digits(8..10);
    }
    let Some(t) = s.find(['T', 't', ' ']) else {
        return false;
    };
    let (date, time) = (&s[..t], s[t + 1..].trim_start());
    let mut d = date.split('-');
    let ymd_ok = d.next().is_some_and(|y| y.len() == 4)
        && d.by_ref()
            .take(2)
            .all(|p| (1..=2).contains(&p.len()) && all_of(p, |c| c.is_ascii_digit()))
        && d.next().is_none();
    let time_core = time.trim_end_matches(|c: char| {
        c == 'Z' || c.is_ascii_digit() || c == ':' || c == '+' || c == '-' || c == '.' || c == ' '
    });
    ymd_ok && time_core.is_empty() && time.split(':').count() >= 3
}
