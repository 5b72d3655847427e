//! Python's text for JSON values as knack prints them: `json.dumps(indent=2, sort_keys=True,
//! ensure_ascii=False)` and `repr(float)` (`1e-05`, `1e+16`, `2.0`), which differ from
//! serde_json's in how floats are written.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Number, Value};

/// Python's `repr()` of a JSON number (integers unchanged).
pub(crate) fn number(n: &Number) -> String {
    let text = n.to_string();
    if !n.is_f64() {
        return text;
    }
    float_repr(&text)
}

/// Rewrites a shortest round-trip float text (serde_json's) as Python writes it: fixed
/// notation for decimal exponents -4..16, else `d.ddde±XX`.
fn float_repr(text: &str) -> String {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exp) = match body.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (body, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut digits: Vec<u8> = int_part.bytes().chain(frac_part.bytes()).collect();
    let mut point = i32::try_from(int_part.len()).unwrap_or(0) + exp;
    while digits.first() == Some(&b'0') {
        digits.remove(0);
        point -= 1;
    }
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
    let sign = if negative { "-" } else { "" };
    if digits.is_empty() {
        return alloc::format!("{sign}0.0");
    }
    let d = String::from_utf8(digits).unwrap_or_default();
    let len = i32::try_from(d.len()).unwrap_or(0);
    let x = point - 1;
    let body = if (-4..16).contains(&x) {
        if point <= 0 {
            alloc::format!("0.{}{d}", "0".repeat(usize::try_from(-point).unwrap_or(0)))
        } else if point >= len {
            alloc::format!(
                "{d}{}.0",
                "0".repeat(usize::try_from(point - len).unwrap_or(0))
            )
        } else {
            let (a, b) = d.split_at(usize::try_from(point).unwrap_or(0));
            alloc::format!("{a}.{b}")
        }
    } else {
        let (first, rest) = d.split_at(1);
        let dot = if rest.is_empty() {
            String::new()
        } else {
            alloc::format!(".{rest}")
        };
        let esign = if x < 0 { '-' } else { '+' };
        alloc::format!("{first}{dot}e{esign}{:02}", x.unsigned_abs())
    };
    alloc::format!("{sign}{body}")
}

/// `json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, separators=(',', ': '))`.
pub(crate) fn json(value: &Value) -> String {
    // A resource prints as some hundreds of bytes: room for one up front saves the copies
    // of growing the text from nothing.
    let mut out = match value {
        Value::Object(_) | Value::Array(_) => String::with_capacity(1024),
        _ => String::new(),
    };
    write(value, 0, &mut out);
    out
}

/// Appends `2 * level` spaces (the indent of a nesting level).
pub(crate) fn pad(level: usize, out: &mut String) {
    const SPACES: &str = "                                ";
    let mut n = 2 * level;
    while n > 0 {
        let take = n.min(SPACES.len());
        out.push_str(&SPACES[..take]);
        n -= take;
    }
}

/// Appends `s` as a JSON string literal, escaped as serde_json escapes it (the same escapes
/// as Python's `ensure_ascii=False`); a string with nothing to escape is copied as it is.
pub(crate) fn string(s: &str, out: &mut String) {
    if needs_escape(s.as_bytes()) {
        out.push_str(&serde_json::to_string(s).unwrap_or_default());
        return;
    }
    // One capacity check for the three pieces.
    out.reserve(s.len() + 2);
    out.push('"');
    out.push_str(s);
    out.push('"');
}

/// Whether `bytes` hold a byte JSON escapes (a control character, `"` or `\\`). Nearly no
/// output string does, and every printed string passes here (most are keys of a few bytes):
/// every length is checked as whole words of eight bytes ([`escapes_in`]). From eight bytes
/// on, the words are the string's own, the last one overlapping the one before; under eight,
/// a word is made of overlapping pieces of the string (its first and last four bytes; or its
/// first, middle and last byte with spaces after them), so no byte is left out and no byte
/// is looked at alone.
fn needs_escape(bytes: &[u8]) -> bool {
    let word = match bytes.len() {
        0 => return false,
        1..=3 => {
            let at = |i: usize| bytes.get(i).copied().unwrap_or(b' ');
            let n = bytes.len();
            u64::from_le_bytes([at(0), at(n / 2), at(n - 1), b' ', b' ', b' ', b' ', b' '])
        }
        4..=7 => {
            let half = |h: Option<&[u8; 4]>| u64::from(u32::from_le_bytes(*h.unwrap_or(b"    ")));
            half(bytes.first_chunk()) | half(bytes.last_chunk()) << 32
        }
        _ => {
            let mut words = bytes.chunks_exact(8);
            if words.any(|w| escapes_in(u64::from_le_bytes(w.try_into().unwrap_or([b' '; 8])))) {
                return true;
            }
            if words.remainder().is_empty() {
                return false;
            }
            u64::from_le_bytes(*bytes.last_chunk().unwrap_or(&[b' '; 8]))
        }
    };
    escapes_in(word)
}

/// Whether one of the eight bytes of `w` is one JSON escapes.
fn escapes_in(w: u64) -> bool {
    hcsim_core::json_escape::escape_flags(w) != 0
}

fn write(value: &Value, level: usize, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) if !n.is_f64() => {
            let _ = core::fmt::Write::write_fmt(out, format_args!("{n}"));
        }
        Value::Number(n) => out.push_str(&number(n)),
        Value::String(s) => string(s, out),
        Value::Array(a) if a.is_empty() => out.push_str("[]"),
        Value::Object(m) if m.is_empty() => out.push_str("{}"),
        Value::Array(a) => {
            out.push_str("[\n");
            for (i, item) in a.iter().enumerate() {
                if i > 0 {
                    out.push_str(",\n");
                }
                pad(level + 1, out);
                write(item, level + 1, out);
            }
            out.push('\n');
            pad(level, out);
            out.push(']');
        }
        Value::Object(m) => {
            out.push_str("{\n");
            for (i, (k, item)) in m.iter().enumerate() {
                if i > 0 {
                    out.push_str(",\n");
                }
                pad(level + 1, out);
                string(k, out);
                out.push_str(": ");
                write(item, level + 1, out);
            }
            out.push('\n');
            pad(level, out);
            out.push('}');
        }
    }
}

/// The digits Python prints for a float that serde_json wrote as `text` (for tests).
#[cfg(test)]
pub(crate) fn float_text(f: f64) -> String {
    Number::from_f64(f)
        .map(|n| number(&n))
        .unwrap_or_else(|| f.to_string())
}

#[cfg(test)]
mod tests {
    use super::needs_escape;

    /// Eight bytes at a time finds what one at a time finds: every byte value at every
    /// place of every length up to three words (the short strings' made-up words and the
    /// long ones' overlapping last word included), among plain and multi-byte neighbours.
    #[test]
    fn the_word_check_is_the_byte_check() {
        let one_by_one = |b: &[u8]| b.iter().any(|&c| c < 0x20 || c == b'"' || c == b'\\');
        assert!(!needs_escape(b""));
        for len in 1..=24 {
            for fill in [b'a', 0x80, 0xff, 0x21, 0x5d, 0x20] {
                for at in 0..len {
                    for v in 0..=255u8 {
                        let mut bytes = [fill; 24];
                        bytes[at] = v;
                        let bytes = &bytes[..len];
                        assert_eq!(
                            needs_escape(bytes),
                            one_by_one(bytes),
                            "{len} {fill:#x} {at} {v:#x}"
                        );
                    }
                }
            }
        }
    }
}
