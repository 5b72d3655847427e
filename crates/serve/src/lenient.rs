//! JSON as ARM's parser accepts it. ARM reads request bodies with a lenient parser
//! (Newtonsoft.Json): property names without quotes, single-quoted strings, `//` and `/* */`
//! comments, trailing commas. Real clients rely on it: az 2.91's `deployment group create`
//! sends `…, "mode": "Incremental", template:{…}}` (measured against `hcsim serve`: az
//! splices the template file's text in unparsed, after an unquoted key). A strict parse is
//! tried first; this rewrites the text to strict JSON for a second try.

/// Strict JSON for `text`, or the text unchanged where it is not the lenient form.
pub fn to_strict(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 16);
    let mut i = 0;
    while i < c.len() {
        match c[i] {
            '"' => i = copy_string(&c, i, &mut out),
            '\'' => i = single_quoted(&c, i, &mut out),
            '/' if c.get(i + 1) == Some(&'/') => {
                while i < c.len() && c[i] != '\n' {
                    i += 1;
                }
            }
            '/' if c.get(i + 1) == Some(&'*') => {
                i += 2;
                while i + 1 < c.len() && !(c[i] == '*' && c[i + 1] == '/') {
                    i += 1;
                }
                i = (i + 2).min(c.len());
            }
            '}' | ']' => {
                let kept = out.trim_end().len();
                if out[..kept].ends_with(',') {
                    out.truncate(kept - 1);
                }
                out.push(c[i]);
                i += 1;
            }
            ch if ch.is_ascii_alphabetic() || ch == '_' || ch == '$' => {
                let start = i;
                while i < c.len() && (c[i].is_ascii_alphanumeric() || c[i] == '_' || c[i] == '$') {
                    i += 1;
                }
                let word: String = c[start..i].iter().collect();
                let mut j = i;
                while j < c.len() && c[j].is_whitespace() {
                    j += 1;
                }
                if c.get(j) == Some(&':') {
                    out.push('"');
                    out.push_str(&word);
                    out.push('"');
                } else {
                    out.push_str(&word);
                }
            }
            ch => {
                out.push(ch);
                i += 1;
            }
        }
    }
    out
}

/// Copies a double-quoted string (escapes kept); returns the index after it.
fn copy_string(c: &[char], mut i: usize, out: &mut String) -> usize {
    out.push('"');
    i += 1;
    while i < c.len() {
        out.push(c[i]);
        if c[i] == '\\' && i + 1 < c.len() {
            out.push(c[i + 1]);
            i += 2;
            continue;
        }
        i += 1;
        if c[i - 1] == '"' {
            break;
        }
    }
    i
}

/// A single-quoted string rewritten double-quoted; returns the index after it.
fn single_quoted(c: &[char], mut i: usize, out: &mut String) -> usize {
    out.push('"');
    i += 1;
    while i < c.len() && c[i] != '\'' {
        match c[i] {
            '\\' if i + 1 < c.len() => {
                if c[i + 1] == '\'' {
                    out.push('\'');
                } else {
                    out.push('\\');
                    out.push(c[i + 1]);
                }
                i += 2;
                continue;
            }
            '"' => out.push_str("\\\""),
            ch => out.push(ch),
        }
        i += 1;
    }
    out.push('"');
    i + 1
}

#[cfg(test)]
mod tests {
    use super::to_strict;

    #[test]
    fn az_spliced_template_and_comments_parse() {
        let text = "{\"properties\": {\"mode\": \"Incremental\", template:{\n // c\n \"a\": 'its', /* x */ \"b\": [1, 2,],\n \"u\": \"http://x\"}}}";
        let v: serde_json::Value = serde_json::from_str(&to_strict(text)).unwrap();
        assert_eq!(v["properties"]["template"]["b"][1], 2);
        assert_eq!(v["properties"]["template"]["u"], "http://x");
        assert_eq!(
            to_strict("{\"a\": true, \"b\": null}"),
            "{\"a\": true, \"b\": null}"
        );
    }
}
