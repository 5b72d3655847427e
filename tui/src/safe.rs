//! The one sanitizer for text that reaches a terminal (`run`, `exec`, `list`, `show`, error
//! messages). A scenario or session someone shared is untrusted: its titles, step inputs and
//! the messages that echo them could carry escape sequences that clear the screen, retitle
//! the terminal or hide text. Newlines and tabs stay (they are layout); every other control
//! character, and the bidirectional overrides that reorder text, become a visible `\u001b`
//! (valid inside a JSON string too, so JSON output stays JSON).

use std::borrow::Cow;

/// True if `c` must not reach a terminal as it is.
fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether `bytes` are printable ASCII, newlines and tabs only (nearly all output), checked
/// without decoding a char and a block at a time (so the compiler can vectorize it).
fn all_plain(bytes: &[u8]) -> bool {
    let plain = |b: u8| (b' '..=b'~').contains(&b) || b == b'\n' || b == b'\t';
    bytes
        .chunks(64)
        .all(|block| block.iter().fold(true, |ok, &b| ok & plain(b)))
}

/// `s` with every unsafe character written visibly as `\uXXXX`.
pub fn for_terminal(s: &str) -> Cow<'_, str> {
    if all_plain(s.as_bytes()) || !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A writer that sanitizes everything written through it with [`for_terminal`]: the
/// headless commands wrap their streams in it, so no path around it is left.
#[derive(Debug)]
pub struct Safe<W: std::io::Write>(pub W);

impl<W: std::io::Write> std::io::Write for Safe<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // Plain ASCII (nearly all output) is UTF-8 and safe as it is: no decoding pass.
        if all_plain(buf) {
            self.0.write_all(buf)?;
            return Ok(buf.len());
        }
        match std::str::from_utf8(buf) {
            Ok(s) => self.0.write_all(for_terminal(s).as_bytes())?,
            // Not UTF-8 (never from our own formatting): escape the control bytes alone.
            Err(_) => {
                for &b in buf {
                    if (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f {
                        write!(self.0, "\\u{b:04x}")?;
                    } else {
                        self.0.write_all(&[b])?;
                    }
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_visibly_and_keeps_layout() {
        assert_eq!(for_terminal("a\tb\nc"), "a\tb\nc");
        assert_eq!(
            for_terminal("\u{1b}[2J\u{1b}]0;pwned\u{7}"),
            "\\u001b[2J\\u001b]0;pwned\\u0007"
        );
        assert_eq!(for_terminal("x\r\u{9b}\u{202e}"), "x\\u000d\\u009b\\u202e");
        let json = format!("{{\"t\":\"{}\"}}", for_terminal("\u{9b}2J"));
        assert!(
            serde_json::from_str::<serde_json::Value>(&json).is_ok(),
            "{json}"
        );
    }

    #[test]
    fn the_writer_sanitizes_what_goes_through() {
        use std::io::Write;
        let mut w = Safe(Vec::new());
        let title = "\u{1b}]0;x\u{7}";
        writeln!(w, "title: {title}").unwrap();
        assert_eq!(
            String::from_utf8(w.0).unwrap(),
            "title: \\u001b]0;x\\u0007\n"
        );
    }
}
