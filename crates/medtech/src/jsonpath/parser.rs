//! Path text to steps, reading what Newtonsoft's `JPath` reads and refusing the rest with a
//! message in its words.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::Value;

use super::{Filter, JsonPath, Op, Operand, Step};

/// The deepest nesting of filters and parentheses accepted (the stack stays small).
const MAX_NESTING: usize = 32;

struct P<'t> {
    s: &'t [char],
    i: usize,
    depth: usize,
}

/// Parses a whole path.
pub(super) fn parse(text: &str) -> Result<JsonPath, String> {
    let chars: Vec<char> = text.trim().chars().collect();
    let mut p = P {
        s: &chars,
        i: 0,
        depth: 0,
    };
    if matches!(p.peek(), Some('$' | '@')) {
        p.i += 1;
    }
    let path = p.path(false)?;
    if let Some(c) = p.peek() {
        return Err(format!("Unexpected character while parsing path: {c}"));
    }
    Ok(path)
}

impl P<'_> {
    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }

    fn at(&self, k: usize) -> Option<char> {
        self.s.get(self.i + k).copied()
    }

    fn ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: char) -> Result<(), String> {
        self.ws();
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else if self.peek().is_none() {
            Err("Path ended with open indexer.".into())
        } else {
            Err(format!(
                "Unexpected character while parsing path indexer: {}",
                self.peek().unwrap_or(' ')
            ))
        }
    }

    /// Steps until the end (or, in a filter, until a character that ends an operand).
    fn path(&mut self, query: bool) -> Result<JsonPath, String> {
        let mut steps = Vec::new();
        let mut first = true;
        while let Some(c) = self.peek() {
            match c {
                '.' => {
                    self.i += 1;
                    let scan = self.peek() == Some('.');
                    if scan {
                        self.i += 1;
                    }
                    if self.peek() == Some('[') {
                        steps.push(self.bracket(scan)?);
                    } else {
                        steps.push(self.dotted(scan, query)?);
                    }
                }
                '[' => steps.push(self.bracket(false)?),
                _ if query && ends_operand(c) => break,
                ']' | ')' => break,
                _ if first => steps.push(self.dotted(false, query)?),
                _ => return Err(format!("Unexpected character while parsing path: {c}")),
            }
            first = false;
        }
        Ok(JsonPath { steps })
    }

    /// A name after `.`/`..` (or at the start): up to the next `.`, `[` or end.
    fn dotted(&mut self, scan: bool, query: bool) -> Result<Step, String> {
        let start = self.i;
        while let Some(c) = self.peek() {
            if c == '.' || c == '[' || c == ']' || c == ')' || (query && ends_operand(c)) {
                break;
            }
            self.i += 1;
        }
        let name: String = self.s[start..self.i].iter().collect();
        if name.is_empty() {
            return Err("Unexpected end while parsing path.".into());
        }
        Ok(match (name.as_str(), scan) {
            ("*", true) => Step::Scan(None),
            ("*", false) => Step::Wildcard,
            (_, true) => Step::Scan(Some(name)),
            (_, false) => Step::Fields(alloc::vec![name]),
        })
    }

    /// `[…]`: names, indexes, a slice, `*` or a filter.
    fn bracket(&mut self, scan: bool) -> Result<Step, String> {
        self.i += 1; // '['
        self.ws();
        let step = match self.peek() {
            None => return Err("Path ended with open indexer.".into()),
            Some('?') => {
                self.i += 1;
                self.eat('(')?;
                let f = self.filter()?;
                self.eat(')')?;
                if scan {
                    Step::ScanFilter(f)
                } else {
                    Step::Filter(f)
                }
            }
            Some('(') => return Err("Script expressions are not supported.".into()),
            Some('\'' | '"') => {
                let mut names = alloc::vec![self.quoted()?];
                self.ws();
                while self.peek() == Some(',') {
                    self.i += 1;
                    self.ws();
                    names.push(self.quoted()?);
                    self.ws();
                }
                match (scan, names.len()) {
                    (false, _) => Step::Fields(names),
                    (true, 1) => Step::Scan(names.pop()),
                    (true, _) => return Err("Unexpected character while parsing path: ,".into()),
                }
            }
            Some('*') => {
                self.i += 1;
                if scan { Step::Scan(None) } else { Step::All }
            }
            Some(_) if scan => {
                return Err("Unexpected character while parsing path: [".into());
            }
            Some(_) => self.indexes()?,
        };
        self.eat(']')?;
        Ok(step)
    }

    /// `n`, `n,m,…` or `a:b:c`.
    fn indexes(&mut self) -> Result<Step, String> {
        let mut parts: Vec<Option<i64>> = alloc::vec![self.int()?];
        let mut colons = 0;
        let mut commas = 0;
        loop {
            self.ws();
            match self.peek() {
                Some(':') if commas == 0 && colons < 2 => colons += 1,
                Some(',') if colons == 0 => commas += 1,
                _ => break,
            }
            self.i += 1;
            self.ws();
            parts.push(self.int()?);
        }
        if colons > 0 {
            parts.resize(3, None);
            return Ok(Step::Slice(parts[0], parts[1], parts[2]));
        }
        let all: Option<Vec<i64>> = parts.into_iter().collect();
        all.map(Step::Indexes)
            .ok_or_else(|| "Array index expected.".into())
    }

    /// An optional integer (absent before `:`/`]`).
    fn int(&mut self) -> Result<Option<i64>, String> {
        let start = self.i;
        if self.peek() == Some('-') {
            self.i += 1;
        }
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        let text: String = self.s[start..self.i].iter().collect();
        if text.is_empty() {
            return Ok(None);
        }
        text.parse::<i64>()
            .map(Some)
            .map_err(|_| format!("Could not read array index: {text}"))
    }

    /// A quoted string with `\` escapes.
    fn quoted(&mut self) -> Result<String, String> {
        let Some(q @ ('\'' | '"')) = self.peek() else {
            return Err("Unexpected character while parsing path indexer.".into());
        };
        self.i += 1;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => return Err("Path ended with an open string.".into()),
                Some('\\') => {
                    self.i += 1;
                    let c = self.peek().ok_or("Path ended with an open string.")?;
                    out.push(match c {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        other => other,
                    });
                }
                Some(c) if c == q => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(c) => out.push(c),
            }
            self.i += 1;
        }
    }

    /// `a || b || …` of `&&` groups.
    fn filter(&mut self) -> Result<Filter, String> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err("The path query is nested too deeply.".into());
        }
        let mut ors = alloc::vec![self.and()?];
        loop {
            self.ws();
            if self.peek() == Some('|') && self.at(1) == Some('|') {
                self.i += 2;
                ors.push(self.and()?);
            } else {
                break;
            }
        }
        self.depth -= 1;
        Ok(if ors.len() == 1 {
            ors.remove(0)
        } else {
            Filter::Or(ors)
        })
    }

    fn and(&mut self) -> Result<Filter, String> {
        let mut ands = alloc::vec![self.atom()?];
        loop {
            self.ws();
            if self.peek() == Some('&') && self.at(1) == Some('&') {
                self.i += 2;
                ands.push(self.atom()?);
            } else {
                break;
            }
        }
        Ok(if ands.len() == 1 {
            ands.remove(0)
        } else {
            Filter::And(ands)
        })
    }

    fn atom(&mut self) -> Result<Filter, String> {
        self.ws();
        if self.peek() == Some('(') {
            self.i += 1;
            let f = self.filter()?;
            self.eat(')')?;
            return Ok(f);
        }
        let left = self.operand()?;
        self.ws();
        let Some(op) = self.op()? else {
            return match left {
                Operand::Path { .. } => Ok(Filter::Exists(left)),
                Operand::Literal(_) => Err("Unexpected character while parsing path query.".into()),
            };
        };
        self.ws();
        let right = self.operand()?;
        Ok(Filter::Compare(left, op, right))
    }

    fn op(&mut self) -> Result<Option<Op>, String> {
        let two: String = [self.peek(), self.at(1), self.at(2)]
            .iter()
            .flatten()
            .collect();
        let (op, len) = if two.starts_with("===") {
            (Op::StrictEq, 3)
        } else if two.starts_with("!==") {
            (Op::StrictNe, 3)
        } else if two.starts_with("==") {
            (Op::Eq, 2)
        } else if two.starts_with("!=") {
            (Op::Ne, 2)
        } else if two.starts_with("<=") {
            (Op::Le, 2)
        } else if two.starts_with(">=") {
            (Op::Ge, 2)
        } else if two.starts_with("=~") {
            return Err("Regular expressions (=~) are not supported in hcsim's JSONPath.".into());
        } else if two.starts_with('<') {
            (Op::Lt, 1)
        } else if two.starts_with('>') {
            (Op::Gt, 1)
        } else {
            return Ok(None);
        };
        self.i += len;
        Ok(Some(op))
    }

    fn operand(&mut self) -> Result<Operand, String> {
        self.ws();
        match self.peek() {
            Some(c @ ('@' | '$')) => {
                self.i += 1;
                let path = self.path(true)?;
                Ok(Operand::Path {
                    root: c == '$',
                    path,
                })
            }
            Some('\'' | '"') => Ok(Operand::Literal(Value::String(self.quoted()?))),
            Some(c) if c == '-' || c.is_ascii_digit() => self.number(),
            Some(_) => {
                for (word, v) in [
                    ("true", Value::Bool(true)),
                    ("false", Value::Bool(false)),
                    ("null", Value::Null),
                ] {
                    let w: Vec<char> = word.chars().collect();
                    if self.s[self.i..].starts_with(&w) {
                        self.i += w.len();
                        return Ok(Operand::Literal(v));
                    }
                }
                Err("Unexpected character while parsing path query.".into())
            }
            None => Err("Path ended with open query.".into()),
        }
    }

    fn number(&mut self) -> Result<Operand, String> {
        let start = self.i;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
        {
            self.i += 1;
        }
        let text: String = self.s[start..self.i].iter().collect();
        serde_json::from_str::<Value>(&text)
            .ok()
            .filter(Value::is_number)
            .map(Operand::Literal)
            .ok_or_else(|| format!("Could not read query value: {text}"))
    }
}

/// Characters that end an operand path inside a filter.
fn ends_operand(c: char) -> bool {
    matches!(c, ' ' | ')' | '=' | '<' | '>' | '!' | '|' | '&' | ',')
}
