//! Bicep text to tokens: identifiers, numbers, strings (with `${…}` interpolation split into
//! pieces, escapes decoded), `'''` multi-line strings, punctuation and the newlines that
//! separate statements and object members. Comments are dropped.

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{BicepError, Pos, Res};

/// One token's kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    /// An identifier or keyword.
    Ident(String),
    /// An integer literal (its digits; the parser reads the value).
    Int(String),
    /// A whole string without interpolation (escapes decoded).
    Str(String),
    /// `'text${`: the start of an interpolated string.
    StrLeft(String),
    /// `}text${`: a middle piece.
    StrMid(String),
    /// `}text'`: the end piece.
    StrRight(String),
    /// Punctuation or an operator (`{`, `?.`, `==`, …).
    Sym(&'static str),
    /// A line break (statement and member separator).
    Newline,
    /// End of the text.
    Eof,
}

/// A token and where it starts.
#[derive(Debug, Clone)]
pub struct Token {
    /// What it is.
    pub tok: Tok,
    /// Where it starts.
    pub pos: Pos,
}

/// Operators, longest first so `??` wins over `?`.
const SYMS: &[&str] = &[
    "...", "&&", "||", "==", "!=", "=~", "!~", "<=", ">=", "??", ".?", "::", "=>", "{", "}", "[",
    "]", "(", ")", ",", ":", ".", "?", "!", "<", ">", "+", "-", "*", "/", "%", "=", "@", "|",
];

struct Lexer {
    chars: Vec<char>,
    i: usize,
    line: u32,
    col: u32,
    out: Vec<Token>,
    /// One entry per open `${`: the `{` depth inside it.
    holes: Vec<u32>,
}

/// Splits `text` into tokens (the last is [`Tok::Eof`]).
pub fn lex(text: &str) -> Res<Vec<Token>> {
    let mut l = Lexer {
        chars: text.chars().collect(),
        i: 0,
        line: 1,
        col: 1,
        out: Vec::new(),
        holes: Vec::new(),
    };
    l.run()?;
    Ok(l.out)
}

impl Lexer {
    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            col: self.col,
        }
    }

    fn peek(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.chars.get(self.i).copied()?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    /// True when only blanks precede the cursor on its line.
    fn at_line_start(&self) -> bool {
        self.chars[..self.i]
            .iter()
            .rev()
            .take_while(|c| **c != '\n')
            .all(|c| c.is_whitespace())
    }

    fn push(&mut self, tok: Tok, pos: Pos) {
        self.out.push(Token { tok, pos });
    }

    fn run(&mut self) -> Res<()> {
        while let Some(c) = self.peek(0) {
            let pos = self.pos();
            match c {
                '\n' => {
                    self.bump();
                    self.push(Tok::Newline, pos);
                }
                c if c.is_whitespace() => {
                    self.bump();
                }
                '/' if self.peek(1) == Some('/') => {
                    while self.peek(0).is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                '/' if self.peek(1) == Some('*') => self.block_comment(pos)?,
                // `#disable-next-line …` / `#disable-diagnostics …`: linter pragmas, no code.
                '#' if self.at_line_start() && self.peek(1).is_some_and(char::is_alphabetic) => {
                    while self.peek(0).is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                '\'' if self.peek(1) == Some('\'') && self.peek(2) == Some('\'') => {
                    self.multiline(pos)?;
                }
                '\'' => {
                    self.bump();
                    self.string(pos, true)?;
                }
                c if c.is_ascii_digit() => {
                    let mut s = String::new();
                    while let Some(d) = self.peek(0).filter(char::is_ascii_digit) {
                        s.push(d);
                        self.bump();
                    }
                    self.push(Tok::Int(s), pos);
                }
                c if c.is_alphabetic() || c == '_' => {
                    let mut s = String::new();
                    while let Some(d) = self.peek(0).filter(|c| c.is_alphanumeric() || *c == '_') {
                        s.push(d);
                        self.bump();
                    }
                    self.push(Tok::Ident(s), pos);
                }
                _ => self.symbol(pos)?,
            }
        }
        if !self.holes.is_empty() {
            return Err(unterminated(self.pos()));
        }
        let pos = self.pos();
        self.push(Tok::Eof, pos);
        Ok(())
    }

    fn symbol(&mut self, pos: Pos) -> Res<()> {
        for s in SYMS {
            if s.chars().enumerate().all(|(k, c)| self.peek(k) == Some(c)) {
                for _ in 0..s.chars().count() {
                    self.bump();
                }
                match *s {
                    "{" => {
                        if let Some(d) = self.holes.last_mut() {
                            *d += 1;
                        }
                    }
                    "}" => {
                        if let Some(&d) = self.holes.last() {
                            if d == 0 {
                                self.holes.pop();
                                return self.string(pos, false);
                            }
                            if let Some(d) = self.holes.last_mut() {
                                *d -= 1;
                            }
                        }
                    }
                    _ => {}
                }
                self.push(Tok::Sym(s), pos);
                return Ok(());
            }
        }
        let c = self.peek(0).unwrap_or(' ');
        Err(BicepError::at(
            pos,
            "BCP001",
            alloc::format!("The following token is not recognized: \"{c}\"."),
        ))
    }

    fn block_comment(&mut self, pos: Pos) -> Res<()> {
        self.bump();
        self.bump();
        loop {
            match self.peek(0) {
                None => {
                    return Err(BicepError::at(
                        pos,
                        "BCP002",
                        "The multi-line comment at this location is not terminated. Terminate it with the */ character sequence.",
                    ));
                }
                Some('*') if self.peek(1) == Some('/') => {
                    self.bump();
                    self.bump();
                    return Ok(());
                }
                _ => {
                    self.bump();
                }
            }
        }
    }

    /// `'''…'''`: verbatim, no escapes, a first line break dropped.
    fn multiline(&mut self, pos: Pos) -> Res<()> {
        for _ in 0..3 {
            self.bump();
        }
        if self.peek(0) == Some('\r') && self.peek(1) == Some('\n') {
            self.bump();
        }
        if self.peek(0) == Some('\n') {
            self.bump();
        }
        let mut s = String::new();
        loop {
            match self.peek(0) {
                None => {
                    return Err(BicepError::at(
                        pos,
                        "BCP140",
                        "The multi-line string at this location is not terminated. Terminate it with \"'''\".",
                    ));
                }
                Some('\'') if self.peek(1) == Some('\'') && self.peek(2) == Some('\'') => {
                    // More than three quotes: the extra ones belong to the text.
                    while self.peek(3) == Some('\'') {
                        s.push('\'');
                        self.bump();
                    }
                    for _ in 0..3 {
                        self.bump();
                    }
                    self.push(Tok::Str(s), pos);
                    return Ok(());
                }
                Some(c) => {
                    s.push(c);
                    self.bump();
                }
            }
        }
    }

    /// The rest of a string after `'` (`first`) or after the `}` closing a hole.
    fn string(&mut self, pos: Pos, first: bool) -> Res<()> {
        let mut s = String::new();
        loop {
            match self.peek(0) {
                None | Some('\n') | Some('\r') => {
                    return Err(BicepError::at(
                        pos,
                        "BCP004",
                        "The string at this location is not terminated due to an unexpected new line character.",
                    ));
                }
                Some('\'') => {
                    self.bump();
                    let tok = if first { Tok::Str(s) } else { Tok::StrRight(s) };
                    self.push(tok, pos);
                    return Ok(());
                }
                Some('$') if self.peek(1) == Some('{') => {
                    self.bump();
                    self.bump();
                    if self.holes.len() >= 32 {
                        return Err(BicepError::at(
                            pos,
                            "",
                            "Interpolations nest too deeply (hcsim allows 32).",
                        ));
                    }
                    self.holes.push(0);
                    let tok = if first {
                        Tok::StrLeft(s)
                    } else {
                        Tok::StrMid(s)
                    };
                    self.push(tok, pos);
                    return Ok(());
                }
                Some('\\') => s.push(self.escape()?),
                Some(c) => {
                    s.push(c);
                    self.bump();
                }
            }
        }
    }

    fn escape(&mut self) -> Res<char> {
        let pos = self.pos();
        self.bump();
        let c = self.bump();
        Ok(match c {
            Some('\\') => '\\',
            Some('\'') => '\'',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('t') => '\t',
            Some('$') => '$',
            Some('u') if self.peek(0) == Some('{') => {
                self.bump();
                let mut v: u32 = 0;
                let mut n = 0;
                while let Some(d) = self.peek(0).and_then(|c| c.to_digit(16)) {
                    v = v.saturating_mul(16).saturating_add(d);
                    n += 1;
                    self.bump();
                }
                if self.bump() != Some('}') || n == 0 {
                    return Err(bad_escape(pos));
                }
                char::from_u32(v).ok_or_else(|| bad_escape(pos))?
            }
            _ => return Err(bad_escape(pos)),
        })
    }
}

fn bad_escape(pos: Pos) -> BicepError {
    BicepError::at(
        pos,
        "BCP006",
        "The specified escape sequence is not recognized. Only the following escape sequences are allowed: \"\\$\", \"\\'\", \"\\\\\", \"\\n\", \"\\r\", \"\\t\", \"\\u{...}\".",
    )
}

fn unterminated(pos: Pos) -> BicepError {
    BicepError::at(
        pos,
        "BCP005",
        "The string at this location is not terminated. Complete the escape sequence and terminate the string with a single unescaped apostrophe character.",
    )
}
