//! Expressions: precedence climbing from the ternary down to primaries, postfix access,
//! objects and arrays (members separated by newlines or commas), `for` and lambdas.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use super::Parser;
use crate::ast::{BinOp, Expr, For, Kind, Member};
use crate::error::{BicepError, Pos, Res};
use crate::lexer::Tok;

/// Binary operator levels, loosest first.
const LEVELS: &[&[(&str, BinOp)]] = &[
    &[("||", BinOp::Or)],
    &[("&&", BinOp::And)],
    &[
        ("==", BinOp::Eq),
        ("!=", BinOp::Ne),
        ("=~", BinOp::EqI),
        ("!~", BinOp::NeI),
    ],
    &[
        ("<", BinOp::Lt),
        ("<=", BinOp::Le),
        (">", BinOp::Gt),
        (">=", BinOp::Ge),
    ],
    &[("+", BinOp::Add), ("-", BinOp::Sub)],
    &[("*", BinOp::Mul), ("/", BinOp::Div), ("%", BinOp::Mod)],
];

fn ex(kind: Kind, pos: Pos) -> Expr {
    Expr { kind, pos }
}

fn expected_value(pos: Pos) -> BicepError {
    BicepError::at(
        pos,
        "BCP009",
        "Expected a literal value, an array, an object, a parenthesized expression, or a function call at this location.",
    )
}

impl Parser {
    /// A whole expression.
    pub(super) fn expr(&mut self) -> Res<Expr> {
        self.enter()?;
        let r = self.ternary();
        self.leave();
        r
    }

    fn ternary(&mut self) -> Res<Expr> {
        let cond = self.coalesce()?;
        if !self.continues_with("?") {
            return Ok(cond);
        }
        self.advance();
        self.skip_newlines();
        let a = self.expr()?;
        if !self.continues_with(":") {
            return Err(crate::error::expected_char(self.pos(), ":"));
        }
        self.advance();
        self.skip_newlines();
        let b = self.expr()?;
        let pos = cond.pos;
        Ok(ex(
            Kind::Ternary(Box::new(cond), Box::new(a), Box::new(b)),
            pos,
        ))
    }

    fn coalesce(&mut self) -> Res<Expr> {
        let mut l = self.binary(0)?;
        while self.continues_with("??") {
            self.advance();
            self.skip_newlines();
            let r = self.binary(0)?;
            let pos = l.pos;
            l = ex(Kind::Bin(BinOp::Coalesce, Box::new(l), Box::new(r)), pos);
        }
        Ok(l)
    }

    fn binary(&mut self, level: usize) -> Res<Expr> {
        let Some(ops) = LEVELS.get(level) else {
            return self.unary();
        };
        let mut l = self.binary(level + 1)?;
        loop {
            let multi_line = level <= 1; // `&&` and `||` may continue on the next line.
            let found = ops.iter().find(|(s, _)| {
                if multi_line {
                    let mut k = 0;
                    while matches!(self.tok_at(k), Tok::Newline) {
                        k += 1;
                    }
                    matches!(self.tok_at(k), Tok::Sym(x) if x == s)
                } else {
                    self.is_sym(s)
                }
            });
            let Some((s, op)) = found.copied() else {
                return Ok(l);
            };
            self.continues_with(s);
            self.advance();
            self.skip_newlines();
            let r = self.binary(level + 1)?;
            let pos = l.pos;
            l = ex(Kind::Bin(op, Box::new(l), Box::new(r)), pos);
        }
    }

    fn unary(&mut self) -> Res<Expr> {
        let pos = self.pos();
        if self.eat_sym("!") {
            self.enter()?;
            let e = self.unary();
            self.leave();
            return Ok(ex(Kind::Not(Box::new(e?)), pos));
        }
        if self.eat_sym("-") {
            self.enter()?;
            let e = self.unary();
            self.leave();
            let e = e?;
            return Ok(match e.kind {
                Kind::Int(v) => ex(Kind::Int(v.saturating_neg()), pos),
                _ => ex(Kind::Neg(Box::new(e)), pos),
            });
        }
        let p = self.primary()?;
        self.postfix(p)
    }

    fn postfix(&mut self, mut e: Expr) -> Res<Expr> {
        loop {
            let pos = e.pos;
            if self.is_sym(".") || self.is_sym(".?") {
                let safe = self.is_sym(".?");
                self.advance();
                let (name, _) = self.ident("BCP020", "a function or property name")?;
                if !safe && self.is_sym("(") {
                    let args = self.args()?;
                    e = ex(Kind::Method(Box::new(e), name, args), pos);
                } else {
                    e = ex(Kind::Prop(Box::new(e), name, safe), pos);
                }
            } else if self.is_sym("!") && !matches!(self.tok_at(1), Tok::Ident(_) | Tok::Sym("(")) {
                // `expr!`: Bicep's non-null assertion, nothing at deployment.
                self.advance();
            } else if self.eat_sym("::") {
                let (name, _) = self.ident("BCP067", "a nested resource name")?;
                e = ex(Kind::Child(Box::new(e), name), pos);
            } else if self.is_sym("[") {
                self.advance();
                let safe = self.eat_sym("?");
                self.skip_newlines();
                let i = self.expr()?;
                self.skip_newlines();
                self.expect_sym("]")?;
                e = ex(Kind::Index(Box::new(e), Box::new(i), safe), pos);
            } else {
                return Ok(e);
            }
        }
    }

    /// A call's parenthesized arguments (also a decorator's).
    pub(super) fn expr_call_args(&mut self) -> Res<Vec<Expr>> {
        self.args()
    }

    fn args(&mut self) -> Res<Vec<Expr>> {
        self.expect_sym("(")?;
        let mut args = Vec::new();
        self.skip_newlines();
        while !self.eat_sym(")") {
            if !args.is_empty() {
                self.expect_sym(",")?;
                self.skip_newlines();
            }
            args.push(self.expr()?);
            self.skip_newlines();
            if args.len() > 256 {
                return Err(expected_value(self.pos()));
            }
        }
        Ok(args)
    }

    fn primary(&mut self) -> Res<Expr> {
        let pos = self.pos();
        match self.tok().clone() {
            Tok::Int(d) => {
                self.advance();
                let v = d.parse::<i64>().map_err(|_| {
                    BicepError::at(pos, "BCP010", "Expected a valid 64-bit signed integer.")
                })?;
                Ok(ex(Kind::Int(v), pos))
            }
            Tok::Str(s) => {
                self.advance();
                Ok(ex(Kind::Str(s), pos))
            }
            Tok::StrLeft(s) => self.interpolation(s, pos),
            Tok::Ident(name) => self.named(name, pos),
            Tok::Sym("(") => self.paren(pos),
            Tok::Sym("{") => self.object(pos),
            Tok::Sym("[") => self.array(pos),
            _ => Err(expected_value(pos)),
        }
    }

    fn interpolation(&mut self, first: String, pos: Pos) -> Res<Expr> {
        self.advance();
        let mut parts = alloc::vec![first];
        let mut holes = Vec::new();
        loop {
            self.skip_newlines();
            holes.push(self.expr()?);
            self.skip_newlines();
            match self.tok().clone() {
                Tok::StrMid(s) => {
                    self.advance();
                    parts.push(s);
                }
                Tok::StrRight(s) => {
                    self.advance();
                    parts.push(s);
                    return Ok(ex(Kind::Interp(parts, holes), pos));
                }
                _ => return Err(crate::error::expected_char(self.pos(), "}")),
            }
        }
    }

    fn named(&mut self, name: String, pos: Pos) -> Res<Expr> {
        self.advance();
        match name.as_str() {
            "true" => return Ok(ex(Kind::Bool(true), pos)),
            "false" => return Ok(ex(Kind::Bool(false), pos)),
            "null" => return Ok(ex(Kind::Null, pos)),
            "if" if self.is_sym("(") => {
                self.advance();
                let c = self.expr()?;
                self.expect_sym(")")?;
                self.skip_newlines();
                let body = self.expr()?;
                return Ok(ex(Kind::If(Box::new(c), Box::new(body)), pos));
            }
            _ => {}
        }
        if self.eat_sym("=>") {
            self.skip_newlines();
            let body = self.expr()?;
            return Ok(ex(Kind::Lambda(alloc::vec![name], Box::new(body)), pos));
        }
        // `ns.f(…)`: a namespaced call (`az.resourceGroup()`, `sys.concat(…)`).
        if (name == "az" || name == "sys")
            && self.is_sym(".")
            && matches!(self.tok_at(1), Tok::Ident(_))
            && matches!(self.tok_at(2), Tok::Sym("("))
        {
            self.advance();
            let (f, _) = self.ident("BCP020", "a function name")?;
            let args = self.args()?;
            return Ok(ex(Kind::Call(Some(name), f, args), pos));
        }
        if self.is_sym("(") {
            let args = self.args()?;
            return Ok(ex(Kind::Call(None, name, args), pos));
        }
        Ok(ex(Kind::Ident(name), pos))
    }

    /// `( e )` or a lambda's parameter list `(a, b) => …`.
    fn paren(&mut self, pos: Pos) -> Res<Expr> {
        let mut k = 1;
        let mut names = Vec::new();
        loop {
            match self.tok_at(k) {
                Tok::Ident(n) => names.push(n.clone()),
                Tok::Sym(")") => break,
                _ => {
                    names.clear();
                    k = 0;
                    break;
                }
            }
            k += 1;
            match self.tok_at(k) {
                Tok::Sym(",") => k += 1,
                Tok::Sym(")") => break,
                _ => {
                    names.clear();
                    k = 0;
                    break;
                }
            }
        }
        if k > 0 && matches!(self.tok_at(k + 1), Tok::Sym("=>")) {
            self.i += k + 2;
            self.skip_newlines();
            let body = self.expr()?;
            return Ok(ex(Kind::Lambda(names, Box::new(body)), pos));
        }
        self.advance();
        self.skip_newlines();
        let e = self.expr()?;
        self.skip_newlines();
        self.expect_sym(")")?;
        Ok(e)
    }

    /// Skips newlines and one comma between members; true when something separated them.
    fn separator(&mut self) -> bool {
        let mut any = false;
        loop {
            if matches!(self.tok(), Tok::Newline) || self.is_sym(",") {
                self.advance();
                any = true;
            } else {
                return any;
            }
        }
    }

    pub(super) fn object(&mut self, pos: Pos) -> Res<Expr> {
        self.enter()?;
        let r = self.object_members(pos);
        self.leave();
        r
    }

    fn object_members(&mut self, pos: Pos) -> Res<Expr> {
        self.expect_sym("{")?;
        let mut members = Vec::new();
        let mut first = true;
        loop {
            let sep = self.separator();
            if self.eat_sym("}") {
                return Ok(ex(Kind::Object(members), pos));
            }
            if !first && !sep {
                return Err(BicepError::at(
                    self.pos(),
                    "BCP019",
                    "Expected a new line character at this location.",
                ));
            }
            first = false;
            members.push(self.member()?);
        }
    }

    fn member(&mut self) -> Res<Member> {
        let pos = self.pos();
        if self.eat_sym("...") {
            return Ok(Member::Spread(self.expr()?));
        }
        let nested = self.is_sym("@")
            || (self.is_ident("resource") && matches!(self.tok_at(1), Tok::Ident(_)));
        if nested {
            return Ok(Member::Resource(alloc::boxed::Box::new(self.decl()?)));
        }
        if let Tok::StrLeft(first) = self.tok().clone() {
            let key = self.interpolation(first, pos)?;
            self.expect_sym(":")?;
            self.skip_newlines();
            let v = self.expr()?;
            return Ok(Member::DynProp(key, v));
        }
        let key = match self.tok().clone() {
            Tok::Ident(k) | Tok::Str(k) => k,
            _ => {
                return Err(BicepError::at(
                    pos,
                    "BCP022",
                    "Expected a property name at this location.",
                ));
            }
        };
        self.advance();
        self.expect_sym(":")?;
        self.skip_newlines();
        let v = self.expr()?;
        Ok(Member::Prop(key, pos, v))
    }

    fn array(&mut self, pos: Pos) -> Res<Expr> {
        self.enter()?;
        let r = self.array_items(pos);
        self.leave();
        r
    }

    fn array_items(&mut self, pos: Pos) -> Res<Expr> {
        self.expect_sym("[")?;
        self.skip_newlines();
        if self.is_ident("for") {
            return self.for_expr(pos);
        }
        let mut items = Vec::new();
        let mut first = true;
        loop {
            let sep = self.separator();
            if self.eat_sym("]") {
                return Ok(ex(Kind::Array(items), pos));
            }
            if !first && !sep {
                return Err(BicepError::at(
                    self.pos(),
                    "BCP019",
                    "Expected a new line character at this location.",
                ));
            }
            first = false;
            items.push(self.expr()?);
        }
    }

    fn for_expr(&mut self, pos: Pos) -> Res<Expr> {
        self.advance();
        let (item, index) = if self.eat_sym("(") {
            let (a, _) = self.ident("BCP162", "a loop item variable identifier")?;
            self.expect_sym(",")?;
            let (b, _) = self.ident("BCP162", "a loop index variable identifier")?;
            self.expect_sym(")")?;
            (a, Some(b))
        } else {
            (
                self.ident("BCP162", "a loop item variable identifier")?.0,
                None,
            )
        };
        if !self.is_ident("in") {
            return Err(BicepError::at(
                self.pos(),
                "BCP012",
                "Expected the \"in\" keyword at this location.",
            ));
        }
        self.advance();
        let iter = self.expr()?;
        self.expect_sym(":")?;
        self.skip_newlines();
        let body = self.expr()?;
        let (filter, body) = match body.kind {
            Kind::If(c, b) => (Some(*c), *b),
            _ => (None, body),
        };
        self.skip_newlines();
        self.expect_sym("]")?;
        Ok(ex(
            Kind::For(Box::new(For {
                item,
                index,
                iter,
                filter,
                body,
            })),
            pos,
        ))
    }
}
