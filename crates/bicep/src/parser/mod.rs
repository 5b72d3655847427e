//! Tokens to a [`Program`]: declarations (`decl`), expressions (`expr`) and type
//! expressions (`types`), all as methods of one [`Parser`] over the token list.
//!
//! Recursion is bounded by [`MAX_DEPTH`]: a deeper text is an error, never a stack overflow.

mod decl;
mod expr;
mod types;

use alloc::string::String;
use alloc::vec::Vec;

use crate::ast::Program;
use crate::error::{BicepError, Pos, Res, expected_char};
use crate::lexer::{Tok, Token};

/// How deeply expressions and nested resources may nest.
pub const MAX_DEPTH: u32 = 64;

/// The parser's state: the tokens, where it is, how deep.
pub struct Parser {
    toks: Vec<Token>,
    i: usize,
    depth: u32,
}

/// Parses a token list into a program.
pub fn parse(toks: Vec<Token>) -> Res<Program> {
    let mut p = Parser {
        toks,
        i: 0,
        depth: 0,
    };
    p.program()
}

impl Parser {
    fn tok(&self) -> &Tok {
        self.toks.get(self.i).map_or(&Tok::Eof, |t| &t.tok)
    }

    fn tok_at(&self, k: usize) -> &Tok {
        self.toks.get(self.i + k).map_or(&Tok::Eof, |t| &t.tok)
    }

    fn pos(&self) -> Pos {
        self.toks
            .get(self.i)
            .or_else(|| self.toks.last())
            .map_or_else(Pos::default, |t| t.pos)
    }

    fn advance(&mut self) {
        if self.i < self.toks.len() {
            self.i += 1;
        }
    }

    fn is_sym(&self, s: &str) -> bool {
        matches!(self.tok(), Tok::Sym(x) if *x == s)
    }

    fn is_ident(&self, s: &str) -> bool {
        matches!(self.tok(), Tok::Ident(x) if x == s)
    }

    fn eat_sym(&mut self, s: &str) -> bool {
        if self.is_sym(s) {
            self.advance();
            true
        } else {
            false
        }
    }

    fn expect_sym(&mut self, s: &str) -> Res<()> {
        if self.eat_sym(s) {
            Ok(())
        } else {
            Err(expected_char(self.pos(), s))
        }
    }

    fn skip_newlines(&mut self) {
        while matches!(self.tok(), Tok::Newline) {
            self.advance();
        }
    }

    /// True when the next non-newline token is symbol `s` (the newlines are then skipped).
    fn continues_with(&mut self, s: &str) -> bool {
        let mut k = 0;
        while matches!(self.tok_at(k), Tok::Newline) {
            k += 1;
        }
        if matches!(self.tok_at(k), Tok::Sym(x) if *x == s) {
            self.i += k;
            true
        } else {
            false
        }
    }

    fn ident(&mut self, code: &'static str, what: &str) -> Res<(String, Pos)> {
        let pos = self.pos();
        match self.tok().clone() {
            Tok::Ident(s) => {
                self.advance();
                Ok((s, pos))
            }
            _ => Err(BicepError::at(
                pos,
                code,
                alloc::format!("Expected {what} at this location."),
            )),
        }
    }

    /// A plain string literal (no holes), e.g. a resource type or a module path.
    fn plain_string(&mut self, code: &'static str, what: &str) -> Res<(String, Pos)> {
        let pos = self.pos();
        match self.tok().clone() {
            Tok::Str(s) => {
                self.advance();
                Ok((s, pos))
            }
            Tok::StrLeft(_) => Err(BicepError::at(
                pos,
                "BCP092",
                "String interpolation is not supported in file paths.",
            )),
            _ => Err(BicepError::at(
                pos,
                code,
                alloc::format!("Expected {what}."),
            )),
        }
    }

    fn enter(&mut self) -> Res<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(BicepError::at(
                self.pos(),
                "",
                alloc::format!(
                    "The text nests more than {MAX_DEPTH} levels deep (an hcsim limit)."
                ),
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
}

/// A parsed `.bicepparam` file.
#[derive(Debug, Clone, Default)]
pub struct ParamsAst {
    /// `using '…'` (its path and position), if present.
    pub using: Option<(String, Pos)>,
    /// `param name = value` in order.
    pub params: Vec<(String, Pos, crate::ast::Expr)>,
    /// `var name = value` in order.
    pub vars: Vec<(String, Pos, crate::ast::Expr)>,
}

/// Parses the tokens of a `.bicepparam` file.
pub fn parse_params(toks: Vec<Token>) -> Res<ParamsAst> {
    let mut p = Parser {
        toks,
        i: 0,
        depth: 0,
    };
    let mut out = ParamsAst::default();
    loop {
        p.skip_newlines();
        let pos = p.pos();
        let kw = match p.tok() {
            Tok::Eof => return Ok(out),
            Tok::Ident(k) => k.clone(),
            _ => {
                return Err(BicepError::at(
                    pos,
                    "BCP337",
                    "This declaration type is not recognized. Specify a parameter, using, variable declaration.",
                ));
            }
        };
        p.advance();
        match kw.as_str() {
            "using" => out.using = Some(p.plain_string("", "a path to a Bicep file")?),
            "param" | "var" => {
                let (n, npos) = p.ident("BCP013", "an identifier")?;
                p.expect_sym("=")?;
                p.skip_newlines();
                let e = p.expr()?;
                if kw == "param" {
                    out.params.push((n, npos, e));
                } else {
                    out.vars.push((n, npos, e));
                }
            }
            _ => {
                return Err(BicepError::at(
                    pos,
                    "BCP337",
                    "This declaration type is not recognized. Specify a parameter, using, variable declaration.",
                ));
            }
        }
        if !matches!(p.tok(), Tok::Newline | Tok::Eof) {
            return Err(BicepError::at(
                p.pos(),
                "BCP019",
                "Expected a new line character at this location.",
            ));
        }
    }
}
