//! Recursive-descent parser for ARM expressions, with a depth bound so that
//! `concat(concat(concat(...)))` ten thousand deep fails cleanly instead of overflowing the
//! stack.

use super::Expr;
use crate::limits::MAX_EXPRESSION_DEPTH;
use alloc::boxed::Box;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

/// Parses the text between the outer brackets of an expression (`concat('a', 'b')`).
///
/// Errors are plain messages; the caller adds the JSON path.
pub fn parse(text: &str) -> Result<Expr, String> {
    let mut p = Parser {
        src: text.as_bytes(),
        text,
        pos: 0,
    };
    p.skip_ws();
    if p.pos >= p.src.len() {
        return Err("the expression is empty".to_string());
    }
    let e = p.expr(0)?;
    p.skip_ws();
    if p.pos < p.src.len() {
        return Err(format!(
            "unexpected '{}' at position {}",
            p.rest_preview(),
            p.pos + 1
        ));
    }
    Ok(e)
}

struct Parser<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn skip_ws(&mut self) {
        while self.pos < self.src.len() && self.src[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn rest_preview(&self) -> String {
        // Cut on a char boundary so a multi-byte character never panics.
        let rest = self.text.get(self.pos..).unwrap_or("");
        rest.chars().take(16).collect()
    }

    fn expect(&mut self, c: u8) -> Result<(), String> {
        self.skip_ws();
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else if self.pos >= self.src.len() {
            Err(format!("expected '{}' but the expression ended", c as char))
        } else {
            Err(format!(
                "expected '{}' at position {} but found '{}'",
                c as char,
                self.pos + 1,
                self.rest_preview()
            ))
        }
    }

    fn expr(&mut self, depth: usize) -> Result<Expr, String> {
        if depth > MAX_EXPRESSION_DEPTH {
            return Err(format!(
                "the expression is nested more than {MAX_EXPRESSION_DEPTH} levels deep"
            ));
        }
        self.skip_ws();
        let mut e = self.primary(depth)?;
        // Accessors also count towards the depth: each one wraps the expression once more.
        let mut level = depth;
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b'.') => {
                    self.pos += 1;
                    self.skip_ws();
                    let name = self.identifier()?;
                    e = Expr::Property(Box::new(e), name);
                }
                Some(b'[') => {
                    self.pos += 1;
                    let idx = self.expr(level + 1)?;
                    self.expect(b']')?;
                    e = Expr::Index(Box::new(e), Box::new(idx));
                }
                _ => break,
            }
            level += 1;
            if level > MAX_EXPRESSION_DEPTH {
                return Err(format!(
                    "the expression is nested more than {MAX_EXPRESSION_DEPTH} levels deep"
                ));
            }
        }
        Ok(e)
    }

    fn identifier(&mut self) -> Result<String, String> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' {
                self.pos += 1;
            } else {
                break;
            }
        }
        if start == self.pos {
            return Err(if self.pos >= self.src.len() {
                "expected a name but the expression ended".to_string()
            } else {
                format!(
                    "expected a name at position {} but found '{}'",
                    self.pos + 1,
                    self.rest_preview()
                )
            });
        }
        Ok(self.text[start..self.pos].to_string())
    }

    fn primary(&mut self, depth: usize) -> Result<Expr, String> {
        match self.peek() {
            None => Err("the expression ended unexpectedly".to_string()),
            Some(b'\'') => self.string(),
            Some(c) if c.is_ascii_digit() || c == b'-' || c == b'+' => self.integer(),
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => {
                let name = self.identifier()?;
                self.skip_ws();
                if self.peek() == Some(b'(') {
                    self.pos += 1;
                    let args = self.args(depth)?;
                    Ok(Expr::Call { name, args })
                } else {
                    // Bare true/false/null are accepted as a courtesy; ARM spells them
                    // true(), false(), null().
                    match name.to_ascii_lowercase().as_str() {
                        "true" | "false" | "null" => Ok(Expr::Call {
                            name,
                            args: Vec::new(),
                        }),
                        _ => Err(format!(
                            "'{name}' is not a function call (missing '(') or a literal"
                        )),
                    }
                }
            }
            Some(_) => Err(format!(
                "unexpected '{}' at position {}",
                self.rest_preview(),
                self.pos + 1
            )),
        }
    }

    fn args(&mut self, depth: usize) -> Result<Vec<Expr>, String> {
        let mut args = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b')') {
            self.pos += 1;
            return Ok(args);
        }
        loop {
            args.push(self.expr(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b')') => {
                    self.pos += 1;
                    return Ok(args);
                }
                None => return Err("expected ')' but the expression ended".to_string()),
                Some(_) => {
                    return Err(format!(
                        "expected ',' or ')' at position {} but found '{}'",
                        self.pos + 1,
                        self.rest_preview()
                    ));
                }
            }
        }
    }

    fn string(&mut self) -> Result<Expr, String> {
        // Opening quote.
        self.pos += 1;
        let mut out = String::new();
        let mut seg_start = self.pos;
        loop {
            match self.peek() {
                None => return Err("a string literal is not terminated (missing ')".to_string()),
                Some(b'\'') => {
                    out.push_str(&self.text[seg_start..self.pos]);
                    if self.src.get(self.pos + 1) == Some(&b'\'') {
                        // '' is an escaped single quote.
                        out.push('\'');
                        self.pos += 2;
                        seg_start = self.pos;
                    } else {
                        self.pos += 1;
                        return Ok(Expr::Str(out));
                    }
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    fn integer(&mut self) -> Result<Expr, String> {
        let start = self.pos;
        if matches!(self.peek(), Some(b'-') | Some(b'+')) {
            self.pos += 1;
        }
        let digits = self.pos;
        while matches!(self.peek(), Some(c) if c.is_ascii_digit()) {
            self.pos += 1;
        }
        if digits == self.pos {
            return Err(format!("expected digits at position {}", digits + 1));
        }
        if self.peek() == Some(b'.') {
            return Err(format!(
                "floating point literals are not supported ('{}')",
                self.rest_preview()
            ));
        }
        let text = &self.text[start..self.pos];
        text.parse::<i64>()
            .map(Expr::Int)
            .map_err(|_| format!("the integer '{text}' is out of range"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn call(name: &str, args: Vec<Expr>) -> Expr {
        Expr::Call {
            name: name.to_string(),
            args,
        }
    }

    #[test]
    fn parses_nested_calls_and_literals() {
        let e = parse("concat('a''b', 12, -3, parameters('x'))").unwrap();
        assert_eq!(
            e,
            call(
                "concat",
                vec![
                    Expr::Str("a'b".to_string()),
                    Expr::Int(12),
                    Expr::Int(-3),
                    call("parameters", vec![Expr::Str("x".to_string())])
                ]
            )
        );
    }

    #[test]
    fn parses_property_and_index_access() {
        let e = parse("reference('x').identity['principalId'][0].a").unwrap();
        match e {
            Expr::Property(inner, name) => {
                assert_eq!(name, "a");
                assert!(matches!(*inner, Expr::Index(_, _)));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn rejects_malformed_expressions() {
        for bad in [
            "",
            "concat(",
            "concat('a'",
            "'abc",
            "foo",
            "concat('a') extra",
            "1.5",
            "99999999999999999999",
            "a(,)",
            "x.",
            "é",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let mut s = String::new();
        for _ in 0..10_000 {
            s.push_str("concat(");
        }
        s.push_str("'a'");
        for _ in 0..10_000 {
            s.push(')');
        }
        let err = parse(&s).unwrap_err();
        assert!(err.contains("nested more than"), "{err}");
        let mut chain = String::from("x()");
        for _ in 0..10_000 {
            chain.push_str(".a");
        }
        assert!(parse(&chain).unwrap_err().contains("nested"));
    }

    #[test]
    fn accepts_bare_true_false_null() {
        assert_eq!(parse("true").unwrap(), call("true", vec![]));
        assert_eq!(
            parse(" not( false ) ").unwrap(),
            call("not", vec![call("false", vec![])])
        );
    }
}
