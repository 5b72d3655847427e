//! Type expressions (`string`, `'a' | 'b'`, `string[]`, `{ … }`, `T?`, `resource '…'`),
//! read as far as deployment needs them: the base type, literal unions, nullability.

use alloc::boxed::Box;
use alloc::vec::Vec;

use super::Parser;
use crate::ast::{Expr, Kind, TypeExpr};
use crate::error::{BicepError, Res};
use crate::lexer::Tok;

impl Parser {
    /// A type, with unions (`|`, which may start the next lines).
    pub(super) fn type_expr(&mut self) -> Res<TypeExpr> {
        self.enter()?;
        let r = self.union_type();
        self.leave();
        r
    }

    fn union_type(&mut self) -> Res<TypeExpr> {
        self.continues_with("|").then(|| self.advance());
        let mut items = alloc::vec![self.postfix_type()?];
        while self.continues_with("|") {
            self.advance();
            self.skip_newlines();
            items.push(self.postfix_type()?);
        }
        Ok(if items.len() == 1 {
            items.pop().unwrap_or(TypeExpr::Other)
        } else {
            TypeExpr::Union(items)
        })
    }

    fn postfix_type(&mut self) -> Res<TypeExpr> {
        let mut t = self.primary_type()?;
        loop {
            if self.is_sym("[") && matches!(self.tok_at(1), Tok::Sym("]")) {
                self.advance();
                self.advance();
                t = TypeExpr::Array;
            } else if self.eat_sym("?") {
                t = TypeExpr::Nullable(Box::new(t));
            } else if self.is_sym(".") {
                // `sys.string`, `Foo.bar` (a property of an object type): keep the last name.
                self.advance();
                let (n, p) = self.ident("", "a type name")?;
                t = match t {
                    TypeExpr::Named(ns, _) if ns == "sys" => TypeExpr::Named(n, p),
                    // `ns.name`: a type of an `import * as ns` (or an object type's property,
                    // which the lowering reads as an object).
                    TypeExpr::Named(ns, _) => TypeExpr::Named(alloc::format!("{ns}.{n}"), p),
                    _ => TypeExpr::Other,
                };
            } else if self.is_sym("[") {
                self.skip_balanced("[", "]")?;
                t = TypeExpr::Other;
            } else if self.is_sym("<") {
                // `resourceInput<'T@v'>.properties` and other generic utility types.
                self.skip_balanced("<", ">")?;
                t = TypeExpr::Other;
            } else {
                return Ok(t);
            }
        }
    }

    fn primary_type(&mut self) -> Res<TypeExpr> {
        let pos = self.pos();
        match self.tok().clone() {
            Tok::Ident(n) if n == "resource" => {
                self.advance();
                if matches!(self.tok(), Tok::Str(_)) {
                    self.advance();
                }
                Ok(TypeExpr::Other)
            }
            Tok::Ident(n) if n == "true" || n == "false" => {
                self.advance();
                Ok(TypeExpr::Literal(Expr {
                    kind: Kind::Bool(n == "true"),
                    pos,
                }))
            }
            Tok::Ident(n) => {
                self.advance();
                Ok(TypeExpr::Named(n, pos))
            }
            Tok::Str(s) => {
                self.advance();
                Ok(TypeExpr::Literal(Expr {
                    kind: Kind::Str(s),
                    pos,
                }))
            }
            Tok::Int(_) | Tok::Sym("-") => {
                let e = self.expr()?;
                Ok(TypeExpr::Literal(e))
            }
            Tok::Sym("{") => {
                self.skip_balanced("{", "}")?;
                Ok(TypeExpr::Object)
            }
            Tok::Sym("[") => {
                self.skip_balanced("[", "]")?;
                Ok(TypeExpr::Array)
            }
            Tok::Sym("(") => {
                self.advance();
                self.skip_newlines();
                let t = self.type_expr()?;
                self.skip_newlines();
                self.expect_sym(")")?;
                Ok(t)
            }
            _ => Err(BicepError::at(
                pos,
                "BCP279",
                "Expected a type at this location. Please specify a valid type expression or one of the following types: \"array\", \"bool\", \"int\", \"object\", \"string\".",
            )),
        }
    }

    /// Skips a bracketed group (object and tuple types: hcsim only needs their base type).
    fn skip_balanced(&mut self, open: &str, close: &str) -> Res<()> {
        let start = self.pos();
        let mut depth: Vec<()> = Vec::new();
        loop {
            match self.tok() {
                Tok::Eof => return Err(crate::error::expected_char(start, close)),
                Tok::Sym(s) if *s == open => depth.push(()),
                Tok::Sym(s) if *s == close => {
                    depth.pop();
                    if depth.is_empty() {
                        self.advance();
                        return Ok(());
                    }
                }
                _ => {}
            }
            self.advance();
        }
    }
}
