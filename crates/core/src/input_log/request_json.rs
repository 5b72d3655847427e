//! The JSON text of an [`Input::Request`](crate::world::Input::Request) (and of the
//! `Input::Wait` that follows one that starts an operation), written by hand with
//! exactly the bytes `serde_json::to_vec` gives (compact form, fields in declaration order,
//! absent options skipped, serde_json's string escapes), straight onto the end of the step's
//! text.
//!
//! Why by hand: nearly every step a session compacts holds one request, and serde's generic
//! writer was a tenth of a browser fill's time in wasm (two thirds of that natively): the
//! internally tagged enum's buffering, the writer's `io` shim, a buffer of its own grown from
//! 128 bytes and then copied into the step's. (A first pass counting the exact length cost
//! more than the growth it saved.) Saved sessions are a public contract: the property test in
//! `tests` holds these bytes to serde's over random requests and hostile strings.

use alloc::vec::Vec;
use serde_json::Value;

use crate::request::Request;

/// Appends the JSON text of `Input::Request(request)` to `out`.
pub(super) fn write(out: &mut Vec<u8>, request: &Request) {
    // Room for the usual request (a path and a small body) at once; more grows as usual.
    out.reserve(request.path.len() * 2 + 128);
    emit(out, request);
}

/// Appends the JSON text of `Input::Wait { operation }` (after every request that starts a
/// long-running operation, as az waits for it): serde's generic writer cost as much as the
/// request's text.
pub(super) fn write_wait(out: &mut Vec<u8>, operation: u64) {
    out.extend_from_slice(b"{\"input\":\"wait\",\"operation\":");
    decimal(out, operation, false);
    out.push(b'}');
}

/// The input's fields, as serde writes the internally tagged variant (`input` first).
fn emit(out: &mut Vec<u8>, r: &Request) {
    out.extend_from_slice(b"{\"input\":\"request\",\"method\":\"");
    out.extend_from_slice(method_name(&r.method).as_bytes());
    out.extend_from_slice(b"\",\"path\":");
    string(out, &r.path);
    if let Some(body) = &r.body {
        out.extend_from_slice(b",\"body\":");
        value(out, body);
    }
    let headers = [
        (&b",\"principal\":"[..], &r.principal),
        (&b",\"if_match\":"[..], &r.if_match),
        (&b",\"if_none_match\":"[..], &r.if_none_match),
    ];
    for (key, v) in headers {
        if let Some(v) = v {
            out.extend_from_slice(key);
            string(out, v);
        }
    }
    out.push(b'}');
}

/// The method as serde names it (`rename_all = "UPPERCASE"`: `LIST` is its own name).
fn method_name(m: &crate::request::Method) -> &'static str {
    use crate::request::Method;
    match m {
        Method::Get => "GET",
        Method::List => "LIST",
        Method::Put => "PUT",
        Method::Patch => "PATCH",
        Method::Delete => "DELETE",
        Method::Post => "POST",
    }
}

/// A JSON value in serde_json's compact form, objects in their map's order. Punctuation is
/// pushed a byte at a time: a slice of one byte is a call to `memcpy` in wasm.
fn value(out: &mut Vec<u8>, v: &Value) {
    match v {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(n) => number(out, n),
        Value::String(s) => string(out, s),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                value(out, item);
            }
            out.push(b']');
        }
        Value::Object(map) => {
            out.push(b'{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                string(out, k);
                out.push(b':');
                value(out, item);
            }
            out.push(b'}');
        }
    }
}

/// A number: integers in decimal (serde_json's `itoa` writes the same digits); a float, rare
/// in a request body, through serde_json itself (its shortest round-trip form).
fn number(out: &mut Vec<u8>, n: &serde_json::Number) {
    if let Some(u) = n.as_u64() {
        decimal(out, u, false);
    } else if let Some(i) = n.as_i64() {
        decimal(out, i.unsigned_abs(), i < 0);
    } else {
        out.extend_from_slice(serde_json::to_string(n).unwrap_or_default().as_bytes());
    }
}

/// `u` in decimal, after a minus sign when `negative`.
fn decimal(out: &mut Vec<u8>, mut u: u64, negative: bool) {
    let mut digits = [0u8; 21];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (u % 10) as u8;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    if negative {
        at -= 1;
        digits[at] = b'-';
    }
    out.extend_from_slice(&digits[at..]);
}

/// A string in quotes with serde_json's escapes: `"` and `\` escaped, the control characters
/// below U+0020 as `\b \t \n \f \r` or `\u00xx` (lowercase hex), everything else as it is.
/// The runs between escapes (nearly always the whole string) are found eight bytes at a time
/// and copied whole: a byte-by-byte scan was most of a compacted step's cost, more so in wasm.
fn string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut run = 0;
    while let Some(i) = next_escape(bytes, run) {
        out.extend_from_slice(&bytes[run..i]);
        run = i + 1;
        let b = bytes[i];
        let short = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            0x09 => b't',
            0x0A => b'n',
            0x0C => b'f',
            0x0D => b'r',
            _ => b'u',
        };
        if short == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xF)],
            ]);
        } else {
            out.extend_from_slice(&[b'\\', short]);
        }
    }
    out.extend_from_slice(&bytes[run..]);
    out.push(b'"');
}

/// Whether a byte needs an escape in a JSON string: `"`, `\` or a control character.
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// The index of the first byte at or after `from` that needs an escape, if any, eight bytes
/// at a time ([`crate::json_escape::escape_flags`]: its lowest flag is that byte).
fn next_escape(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut at = from;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let flags = crate::json_escape::escape_flags(u64::from_le_bytes(word));
        if flags != 0 {
            return Some(at + (flags.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let tail = chunks.remainder();
    tail.iter().position(|&b| needs_escape(b)).map(|i| at + i)
}

#[cfg(test)]
mod tests;
