//! JMESPath tokens: turns the expression text into the token stream the parser reads,
//! following the lexical grammar of jmespath.org/specification (and jmespath.py, which az
//! runs, where the specification leaves a choice open).

use alloc::string::String;
use alloc::vec::Vec;
use serde_json::Value;

use super::{Error, ErrorKind};

/// One token of an expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token {
    /// `foo`: an unquoted identifier.
    Ident(String),
    /// `"foo"`: a quoted identifier (cannot name a function).
    Quoted(String),
    /// `` `…` `` or `'…'`: a literal value.
    Literal(Value),
    /// A signed integer (indexes and slice bounds).
    Number(i64),
    Dot,
    Star,
    Flatten,
    Filter,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    LParen,
    RParen,
    Comma,
    Colon,
    At,
    Ampersand,
    Pipe,
    Or,
    And,
    Not,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Eof,
}

impl Token {
    /// The token as it is written in an expression, for messages (`'.'`, `'foo'`, `']'`).
    pub(crate) fn written(&self) -> String {
        let fixed = match self {
            Token::Ident(s) => return alloc::format!("'{s}'"),
            Token::Quoted(s) => return alloc::format!("'\"{s}\"'"),
            Token::Literal(v) => return alloc::format!("literal {v}"),
            Token::Number(n) => return alloc::format!("'{n}'"),
            Token::Dot => ".",
            Token::Star => "*",
            Token::Flatten => "[]",
            Token::Filter => "[?",
            Token::LBracket => "[",
            Token::RBracket => "]",
            Token::LBrace => "{",
            Token::RBrace => "}",
            Token::LParen => "(",
            Token::RParen => ")",
            Token::Comma => ",",
            Token::Colon => ":",
            Token::At => "@",
            Token::Ampersand => "&",
            Token::Pipe => "|",
            Token::Or => "||",
            Token::And => "&&",
            Token::Not => "!",
            Token::Eq => "==",
            Token::Ne => "!=",
            Token::Lt => "<",
            Token::Le => "<=",
            Token::Gt => ">",
            Token::Ge => ">=",
            Token::Eof => return String::from("the end of the expression"),
        };
        alloc::format!("'{fixed}'")
    }
}

fn syntax(message: String) -> Error {
    Error::new(ErrorKind::Syntax, message)
}

/// Splits an expression into tokens (the last is always [`Token::Eof`]).
pub(crate) fn tokenize(expr: &str) -> Result<Vec<Token>, Error> {
    let chars: Vec<char> = expr.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let (token, len) = match c {
            ' ' | '\t' | '\n' | '\r' => {
                i += 1;
                continue;
            }
            'a'..='z' | 'A'..='Z' | '_' => {
                let end = scan(&chars, i, |c| c.is_ascii_alphanumeric() || c == '_');
                (Token::Ident(chars[i..end].iter().collect()), end - i)
            }
            '0'..='9' | '-' => number(&chars, i)?,
            '"' => {
                let (body, end) = until(&chars, i, '"')?;
                let text = alloc::format!("\"{body}\"");
                let name: String = serde_json::from_str(&text)
                    .map_err(|_| syntax(alloc::format!("invalid quoted identifier {text}")))?;
                (Token::Quoted(name), end - i)
            }
            '\'' => {
                let (body, end) = until(&chars, i, '\'')?;
                (
                    Token::Literal(Value::String(body.replace("\\'", "'"))),
                    end - i,
                )
            }
            '`' => {
                let (body, end) = until(&chars, i, '`')?;
                (
                    Token::Literal(json_literal(&body.replace("\\`", "`"))?),
                    end - i,
                )
            }
            '[' => match next {
                Some('?') => (Token::Filter, 2),
                Some(']') => (Token::Flatten, 2),
                _ => (Token::LBracket, 1),
            },
            '.' => (Token::Dot, 1),
            '*' => (Token::Star, 1),
            ']' => (Token::RBracket, 1),
            '{' => (Token::LBrace, 1),
            '}' => (Token::RBrace, 1),
            '(' => (Token::LParen, 1),
            ')' => (Token::RParen, 1),
            ',' => (Token::Comma, 1),
            ':' => (Token::Colon, 1),
            '@' => (Token::At, 1),
            _ => operator(c, next)?,
        };
        out.push(token);
        i += len;
    }
    out.push(Token::Eof);
    Ok(out)
}

/// Operators of one or two characters (`|`, `||`, `&`, `&&`, comparators, `!`).
fn operator(c: char, next: Option<char>) -> Result<(Token, usize), Error> {
    let two = |t2: Token, t1: Option<Token>, second: char| match (next == Some(second), t1) {
        (true, _) => Ok((t2, 2)),
        (false, Some(t)) => Ok((t, 1)),
        (false, None) => Err(syntax(alloc::format!("unknown token '{c}'"))),
    };
    match c {
        '|' => two(Token::Or, Some(Token::Pipe), '|'),
        '&' => two(Token::And, Some(Token::Ampersand), '&'),
        '<' => two(Token::Le, Some(Token::Lt), '='),
        '>' => two(Token::Ge, Some(Token::Gt), '='),
        '!' => two(Token::Ne, Some(Token::Not), '='),
        '=' => two(Token::Eq, None, '='),
        _ => Err(syntax(alloc::format!("unknown token '{c}'"))),
    }
}

fn scan(chars: &[char], start: usize, keep: impl Fn(char) -> bool) -> usize {
    let mut end = start + 1;
    while end < chars.len() && keep(chars[end]) {
        end += 1;
    }
    end
}

fn number(chars: &[char], start: usize) -> Result<(Token, usize), Error> {
    let end = scan(chars, start, |c| c.is_ascii_digit());
    let text: String = chars[start..end].iter().collect();
    if text == "-" {
        return Err(syntax("unknown token '-'".into()));
    }
    let n = text
        .parse::<i64>()
        .map_err(|_| syntax(alloc::format!("number {text} is out of range")))?;
    Ok((Token::Number(n), end - start))
}

/// The text between a delimiter at `start` and its closing twin (a backslash keeps the
/// next character, escapes included), and the position after the closing delimiter.
fn until(chars: &[char], start: usize, delim: char) -> Result<(String, usize), Error> {
    let mut i = start + 1;
    let mut body = String::new();
    while i < chars.len() {
        match chars[i] {
            '\\' if i + 1 < chars.len() => {
                body.push('\\');
                body.push(chars[i + 1]);
                i += 2;
            }
            c if c == delim => return Ok((body, i + 1)),
            c => {
                body.push(c);
                i += 1;
            }
        }
    }
    Err(syntax(alloc::format!("unclosed {delim} delimiter")))
}

/// A `` `…` `` literal: JSON, or (as jmespath.py still accepts, deprecated by JEP-12) bare
/// text taken as a string.
fn json_literal(body: &str) -> Result<Value, Error> {
    if let Ok(v) = serde_json::from_str::<Value>(body) {
        return Ok(v);
    }
    let quoted = alloc::format!("\"{}\"", body.trim_start());
    serde_json::from_str::<Value>(&quoted)
        .map_err(|_| syntax(alloc::format!("bad JSON literal `{body}`")))
}
