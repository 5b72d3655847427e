//! String functions.

use super::{Args, check_len, checked_string, checked_value};
use crate::context::EvalError;
use crate::hash;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::Value;

/// How ARM turns a value into text (`string()`, `format()`, `concat()`): booleans are
/// `True`/`False` (ARM is .NET underneath), null is empty, arrays and objects are compact
/// JSON.
pub(crate) fn to_display(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".to_string(),
        Value::Bool(false) => "False".to_string(),
        Value::Null => String::new(),
        Value::Number(n) => n.to_string(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

/// `concat(a, b, ...)`: strings (and scalars) join; arrays concatenate.
pub(super) fn concat(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(1, None)?;
    if a.v.iter().any(Value::is_array) {
        let mut out = Vec::new();
        for (i, v) in a.v.iter().enumerate() {
            match v {
                Value::Array(items) => out.extend(items.iter().cloned()),
                Value::Null => {}
                _ => return Err(a.type_err(i, "Array")),
            }
        }
        return checked_value(a.name, Value::Array(out));
    }
    let mut s = String::new();
    for (i, v) in a.v.iter().enumerate() {
        if v.is_object() {
            return Err(a.type_err(i, "String"));
        }
        s.push_str(&to_display(v));
        check_len(a.name, s.len())?;
    }
    Ok(Value::String(s))
}

/// `format(fmt, args...)`: .NET composite formatting with `{0}`, `{0:N2}`, `{0:D3}`,
/// `{0:X}`, and `{{`/`}}` escapes.
pub(super) fn format(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(1, None)?;
    let fmt = a.str(0)?;
    let args = &a.v[1..];
    let mut out = String::new();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut spec = String::new();
                let mut closed = false;
                for c2 in chars.by_ref() {
                    if c2 == '}' {
                        closed = true;
                        break;
                    }
                    spec.push(c2);
                }
                if !closed {
                    return Err(a.err(format!(
                        "The format string '{fmt}' is not valid: a '{{' is not closed."
                    )));
                }
                let (index_part, fmt_spec) = match spec.split_once(':') {
                    Some((i, f)) => (i, Some(f)),
                    None => (spec.as_str(), None),
                };
                let index_part = index_part.split(',').next().unwrap_or("").trim();
                let idx: usize = index_part.parse().map_err(|_| {
                    a.err(format!(
                        "The format string '{fmt}' is not valid: '{{{spec}}}' is not a placeholder."
                    ))
                })?;
                let v = args.get(idx).ok_or_else(|| {
                    a.err(format!(
                        "The format string '{fmt}' refers to argument {idx} but only {} were given.",
                        args.len()
                    ))
                })?;
                out.push_str(&format_one(v, fmt_spec));
            }
            '}' => {
                return Err(a.err(format!(
                    "The format string '{fmt}' is not valid: unbalanced '}}'."
                )));
            }
            c => out.push(c),
        }
        check_len(a.name, out.len())?;
    }
    Ok(Value::String(out))
}

fn format_one(v: &Value, spec: Option<&str>) -> String {
    let (Some(spec), Some(n)) = (spec, v.as_i64()) else {
        return to_display(v);
    };
    let mut cs = spec.chars();
    let kind = cs.next().unwrap_or(' ');
    let digits: usize = cs.as_str().parse().unwrap_or(0).min(64);
    match kind {
        'N' | 'n' => {
            let digits = if spec.len() == 1 { 2 } else { digits };
            let abs = n.unsigned_abs().to_string();
            let mut grouped = String::new();
            for (i, ch) in abs.chars().enumerate() {
                if i > 0 && (abs.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(ch);
            }
            let sign = if n < 0 { "-" } else { "" };
            if digits > 0 {
                format!("{sign}{grouped}.{}", "0".repeat(digits))
            } else {
                format!("{sign}{grouped}")
            }
        }
        'D' | 'd' => {
            let abs = n.unsigned_abs().to_string();
            let sign = if n < 0 { "-" } else { "" };
            format!("{sign}{abs:0>digits$}")
        }
        'X' => format!("{n:0>digits$X}"),
        'x' => format!("{n:0>digits$x}"),
        _ => to_display(v),
    }
}

pub(super) fn to_lower(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(1, Some(1))?;
    Ok(Value::String(a.str(0)?.to_lowercase()))
}

pub(super) fn to_upper(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(1, Some(1))?;
    Ok(Value::String(a.str(0)?.to_uppercase()))
}

pub(super) fn trim(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(1, Some(1))?;
    Ok(Value::String(a.str(0)?.trim().to_string()))
}

/// `substring(s, start, length?)`, counted in characters.
pub(super) fn substring(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(2, Some(3))?;
    let s = a.str(0)?;
    let chars: Vec<char> = s.chars().collect();
    let start = a.int(1)?;
    let len = if a.v.len() == 3 {
        a.int(2)?
    } else {
        chars.len() as i64 - start
    };
    if start < 0 || len < 0 || start.saturating_add(len) > chars.len() as i64 {
        return Err(a.err(format!(
            "The index and length parameters must refer to a location within the string. The index parameter: '{start}', the length parameter: '{len}', the length of the string parameter: '{}'.",
            chars.len()
        )));
    }
    let (start, len) = (start as usize, len as usize);
    Ok(Value::String(chars[start..start + len].iter().collect()))
}

pub(super) fn replace(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(3, Some(3))?;
    let (s, old, new) = (a.str(0)?, a.str(1)?, a.str(2)?);
    if old.is_empty() {
        return Err(a.err(
            "The template language function 'replace' cannot replace an empty string.".to_string(),
        ));
    }
    // Bound the result before building it: every match can grow the string.
    let matches = s.matches(old).count();
    let projected = s.len() - matches * old.len() + matches * new.len();
    check_len(a.name, projected)?;
    Ok(Value::String(s.replace(old, new)))
}

pub(super) fn split(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(2, Some(2))?;
    let s = a.str(0)?;
    let delims: Vec<String> = match &a.v[1] {
        Value::String(d) => alloc::vec![d.clone()],
        Value::Array(ds) => {
            let mut out = Vec::new();
            for d in ds {
                match d {
                    Value::String(d) => out.push(d.clone()),
                    _ => return Err(a.type_err(1, "String")),
                }
            }
            out
        }
        _ => return Err(a.type_err(1, "String")),
    };
    let delims: Vec<&String> = delims.iter().filter(|d| !d.is_empty()).collect();
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut rest = s;
    'outer: while !rest.is_empty() {
        for d in &delims {
            if let Some(r) = rest.strip_prefix(d.as_str()) {
                parts.push(Value::String(core::mem::take(&mut cur)));
                rest = r;
                continue 'outer;
            }
        }
        let mut it = rest.chars();
        if let Some(c) = it.next() {
            cur.push(c);
        }
        rest = it.as_str();
    }
    parts.push(Value::String(cur));
    checked_value(a.name, Value::Array(parts))
}

/// Case-insensitive, as ARM documents.
pub(super) fn starts_with(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(2, Some(2))?;
    let (s, p) = (a.str(0)?.to_lowercase(), a.str(1)?.to_lowercase());
    Ok(Value::Bool(s.starts_with(&p)))
}

/// Case-insensitive, as ARM documents.
pub(super) fn ends_with(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(2, Some(2))?;
    let (s, p) = (a.str(0)?.to_lowercase(), a.str(1)?.to_lowercase());
    Ok(Value::Bool(s.ends_with(&p)))
}

pub(super) fn pad_left(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(2, Some(3))?;
    let s = match &a.v[0] {
        Value::String(s) => s.clone(),
        Value::Number(n) if n.is_i64() => n.to_string(),
        _ => return Err(a.type_err(0, "String")),
    };
    let total = a.int(1)?;
    let pad = if a.v.len() == 3 {
        let p = a.str(2)?;
        let mut it = p.chars();
        match (it.next(), it.next()) {
            (Some(c), None) => c,
            _ => {
                return Err(a.err(format!(
                    "The padding character '{p}' must be exactly one character."
                )));
            }
        }
    } else {
        ' '
    };
    if total < 0 {
        return Err(a.err(format!("The total length '{total}' must not be negative.")));
    }
    let have = s.chars().count() as i64;
    let missing = (total - have).max(0) as usize;
    check_len(
        a.name,
        s.len()
            .saturating_add(missing.saturating_mul(pad.len_utf8())),
    )?;
    let mut out: String = core::iter::repeat_n(pad, missing).collect();
    out.push_str(&s);
    Ok(Value::String(out))
}

pub(super) fn string(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(1, Some(1))?;
    checked_string(a.name, to_display(&a.v[0]))
}

pub(super) fn base64(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(1, Some(1))?;
    checked_string(a.name, hash::base64_encode(a.str(0)?.as_bytes()))
}

fn decode_b64(a: &Args<'_>) -> Result<String, EvalError> {
    let s = a.str(0)?;
    hash::base64_decode(s)
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(|| {
            a.err(format!(
                "The value '{}' is not valid base64-encoded UTF-8 text.",
                crate::error::echo(s)
            ))
        })
}

pub(super) fn base64_to_string(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(1, Some(1))?;
    Ok(Value::String(decode_b64(&a)?))
}

pub(super) fn base64_to_json(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(1, Some(1))?;
    let text = decode_b64(&a)?;
    serde_json::from_str(&text)
        .map_err(|e| a.err(format!("The decoded value is not valid JSON: {e}.")))
}

pub(super) fn data_uri(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(1, Some(1))?;
    let text = match &a.v[0] {
        Value::String(s) => s.clone(),
        other => to_display(other),
    };
    checked_string(
        a.name,
        format!(
            "data:text/plain;charset=utf8;base64,{}",
            hash::base64_encode(text.as_bytes())
        ),
    )
}

pub(super) fn data_uri_to_string(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(1, Some(1))?;
    let s = a.str(0)?;
    let payload = s
        .strip_prefix("data:")
        .and_then(|r| r.split_once(','))
        .ok_or_else(|| {
            a.err(format!(
                "The value '{}' is not a data URI.",
                crate::error::echo(s)
            ))
        })?;
    if payload.0.ends_with(";base64") {
        hash::base64_decode(payload.1)
            .and_then(|b| String::from_utf8(b).ok())
            .map(Value::String)
            .ok_or_else(|| {
                a.err(format!(
                    "The data URI '{}' does not hold valid base64 text.",
                    crate::error::echo(s)
                ))
            })
    } else {
        Ok(Value::String(payload.1.to_string()))
    }
}

/// `uri(base, relative)`: RFC 3986 reference resolution as .NET's `Uri(Uri, string)` does
/// for the common cases (absolute relative, rooted path, sibling path).
pub(super) fn uri(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(2, Some(2))?;
    let (base, rel) = (a.str(0)?, a.str(1)?);
    let Some(scheme_end) = base.find("://") else {
        return Err(a.err(format!("The base URI '{base}' is not an absolute URI.")));
    };
    if rel.contains("://") {
        return Ok(Value::String(rel.to_string()));
    }
    let after_scheme = scheme_end + 3;
    // Strip query and fragment from the base.
    let base_clean = base.split(['?', '#']).next().unwrap_or(base);
    let path_start = base_clean[after_scheme..]
        .find('/')
        .map_or(base_clean.len(), |p| p + after_scheme);
    let authority = &base_clean[..path_start];
    let path = if path_start < base_clean.len() {
        &base_clean[path_start..]
    } else {
        "/"
    };
    let out = if let Some(stripped) = rel.strip_prefix('/') {
        format!("{authority}/{stripped}")
    } else {
        let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
        format!("{authority}{dir}{rel}")
    };
    checked_string(a.name, out)
}

/// `uriComponent(s)`: percent-encodes everything but RFC 3986 unreserved characters.
pub(super) fn uri_component(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(1, Some(1))?;
    let mut out = String::new();
    for b in a.str(0)?.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    checked_string(a.name, out)
}

pub(super) fn uri_component_to_string(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(1, Some(1))?;
    let s = a.str(0)?;
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            match hex {
                Some(b) => {
                    out.push(b);
                    i += 3;
                    continue;
                }
                None => {
                    return Err(a.err(format!(
                        "The value '{}' has an invalid escape sequence.",
                        crate::error::echo(s)
                    )));
                }
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).map(Value::String).map_err(|_| {
        a.err(format!(
            "The value '{}' does not decode to UTF-8 text.",
            crate::error::echo(s)
        ))
    })
}

pub(super) fn guid(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(1, None)?;
    Ok(Value::String(hash::guid(&a.strings()?)))
}

pub(super) fn unique_string(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(1, None)?;
    Ok(Value::String(hash::unique_string(&a.strings()?)))
}

pub(super) fn json(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(1, Some(1))?;
    let s = a.str(0)?;
    serde_json::from_str(s).map_err(|e| {
        a.err(format!(
            "The value '{}' is not valid JSON: {e}.",
            crate::error::echo(s)
        ))
    })
}
