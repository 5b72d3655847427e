//! The JSON that ARM accepts beyond strict JSON, as the real az CLI sends it.
//!
//! `az deployment group create|validate|what-if` sends its body as
//! `{"properties": {…}, template:<the template file's text>}}`: the key `template` unquoted and
//! the file's text as written, comments included (azure-cli,
//! `command_modules/resource/custom.py`, `JsonCTemplatePolicy`). ARM's parser takes unquoted
//! property names and `//` and `/* */` comments, so the server does too: a body that strict JSON
//! refuses is read again with those two allowances. A leaf module.

use serde_json::Value;

/// Parses a request body: strict JSON first, then with unquoted property names and comments
/// allowed. The error is strict JSON's, so a bad body is reported where it first goes wrong.
pub fn parse(body: &[u8]) -> Result<Value, serde_json::Error> {
    match serde_json::from_slice(body) {
        Ok(v) => Ok(v),
        Err(strict) => match relax(body) {
            Some(text) => serde_json::from_slice(&text).map_err(|_| strict),
            None => Err(strict),
        },
    }
}

/// The body rewritten as strict JSON: comments dropped, an unquoted name followed by `:`
/// quoted. `None` when nothing was changed (the strict error stands).
fn relax(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len() + 16);
    let mut changed = false;
    let mut i = 0;
    while i < body.len() {
        let c = body[i];
        if c == b'"' {
            let end = string_end(body, i);
            out.extend_from_slice(&body[i..end]);
            i = end;
        } else if body[i..].starts_with(b"//") {
            changed = true;
            i = body[i..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(body.len(), |p| i + p);
        } else if body[i..].starts_with(b"/*") {
            changed = true;
            i = body[i + 2..]
                .windows(2)
                .position(|w| w == b"*/")
                .map_or(body.len(), |p| i + 2 + p + 2);
        } else if c.is_ascii_alphabetic() || c == b'_' || c == b'$' {
            let end = i + body[i..]
                .iter()
                .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'$'))
                .unwrap_or(body.len() - i);
            let next = body[end..].iter().find(|b| !b.is_ascii_whitespace());
            if next == Some(&b':') {
                changed = true;
                out.push(b'"');
                out.extend_from_slice(&body[i..end]);
                out.push(b'"');
            } else {
                out.extend_from_slice(&body[i..end]); // true, false, null, or an error
            }
            i = end;
        } else {
            out.push(c);
            i += 1;
        }
    }
    changed.then_some(out)
}

/// The index just past the string that starts at `start` (a `"`), escapes skipped; the end of
/// the body when the string is not closed.
fn string_end(body: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < body.len() {
        match body[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    body.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_body_az_deployment_sends() {
        let body = br#"{"properties": {"mode": "Incremental"}, template:{
  // a comment in the template file
  "$schema": "https://schema.management.azure.com/x#", /* another */ "resources": []
}}"#;
        assert_eq!(
            parse(body).unwrap(),
            json!({"properties": {"mode": "Incremental"},
                   "template": {"$schema": "https://schema.management.azure.com/x#", "resources": []}})
        );
    }

    #[test]
    fn leaves_strings_and_literals_alone() {
        let body = br#"{a: "x: // not a comment \" /* nor this */", b: [true, false, null]}"#;
        assert_eq!(
            parse(body).unwrap(),
            json!({"a": "x: // not a comment \" /* nor this */", "b": [true, false, null]})
        );
    }

    #[test]
    fn still_refuses_what_is_not_json_with_the_strict_error() {
        for bad in [
            &br#"{"location": "eastus", "#[..],
            b"{a: }",
            b"location=eastus",
            b"{\"a\": tru}",
        ] {
            let err = parse(bad).unwrap_err();
            assert_eq!(
                err.to_string(),
                serde_json::from_slice::<Value>(bad)
                    .unwrap_err()
                    .to_string()
            );
        }
    }
}
