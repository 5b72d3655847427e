//! JMESPath parser: a top-down operator-precedence (Pratt) parser with the binding powers of
//! the reference implementation, jmespath.py, so that every expression groups as az groups it.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::Value;

use super::lexer::Token;
use super::{Error, ErrorKind, MAX_DEPTH};

/// An ordering or equality comparator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ast {
    /// `@`: the current node.
    Identity,
    /// A field of an object.
    Field(String),
    /// `[n]`: an element of an array (negative counts from the end).
    Index(i64),
    /// `[start:stop:step]`.
    Slice(Option<i64>, Option<i64>, Option<i64>),
    /// `left.right` and `left[index]`: evaluate right against left's result.
    Sub(Box<Ast>, Box<Ast>),
    /// `left[*].right`, `left[]…`, slices: right applied to each element of left's array.
    Projection(Box<Ast>, Box<Ast>),
    /// `left.*.right`: right applied to each value of left's object.
    ValueProjection(Box<Ast>, Box<Ast>),
    /// `left[?cond].right`.
    FilterProjection(Box<Ast>, Box<Ast>, Box<Ast>),
    /// `left[]`: one level of nested arrays merged.
    Flatten(Box<Ast>),
    /// `left | right`: stops projections.
    Pipe(Box<Ast>, Box<Ast>),
    /// `left || right`.
    Or(Box<Ast>, Box<Ast>),
    /// `left && right`.
    And(Box<Ast>, Box<Ast>),
    /// `!expr`.
    Not(Box<Ast>),
    /// `left <op> right`.
    Compare(Cmp, Box<Ast>, Box<Ast>),
    /// `[a, b]`.
    MultiList(Vec<Ast>),
    /// `{k: a, …}` (keys in the order written).
    MultiHash(Vec<(String, Ast)>),
    /// `` `json` `` or `'raw'`.
    Literal(Value),
    /// `name(args…)`.
    Function(String, Vec<Ast>),
    /// `&expr`: an expression passed unevaluated to a function.
    ExpRef(Box<Ast>),
}

/// Parses a token stream into an expression.
pub(crate) fn parse(tokens: Vec<Token>) -> Result<Ast, Error> {
    let mut p = Parser {
        tokens,
        pos: 0,
        depth: 0,
    };
    let ast = p.expression(0)?;
    if *p.current() != Token::Eof {
        return Err(p.unexpected());
    }
    Ok(ast)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
}

/// Left binding powers (jmespath.py's table); tokens that bind nothing are 0.
fn binding_power(t: &Token) -> u8 {
    match t {
        Token::Pipe => 1,
        Token::Or => 2,
        Token::And => 3,
        Token::Eq | Token::Ne | Token::Lt | Token::Le | Token::Gt | Token::Ge => 5,
        Token::Flatten => 9,
        Token::Star => 20,
        Token::Filter => 21,
        Token::Dot => 40,
        Token::Not => 45,
        Token::LBrace => 50,
        Token::LBracket => 55,
        Token::LParen => 60,
        _ => 0,
    }
}

/// Below this binding power a token ends a projection's right-hand side.
const PROJECTION_STOP: u8 = 10;

fn bx(a: Ast) -> Box<Ast> {
    Box::new(a)
}

impl Parser {
    fn current(&self) -> &Token {
        self.tokens.get(self.pos).unwrap_or(&Token::Eof)
    }

    fn peek(&self, n: usize) -> &Token {
        self.tokens.get(self.pos + n).unwrap_or(&Token::Eof)
    }

    fn advance(&mut self) -> Token {
        let t = self.current().clone();
        if self.pos < self.tokens.len() {
            self.pos += 1;
        }
        t
    }

    fn unexpected(&self) -> Error {
        let what = match self.current() {
            Token::Eof => String::from("unexpected end of expression"),
            t => alloc::format!("unexpected token {}", t.written()),
        };
        Error::new(ErrorKind::Syntax, what)
    }

    fn expect(&mut self, t: &Token) -> Result<(), Error> {
        if self.current() == t {
            self.advance();
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    fn expression(&mut self, rbp: u8) -> Result<Ast, Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Error::new(
                ErrorKind::Syntax,
                "the expression is nested too deeply".into(),
            ));
        }
        let token = self.advance();
        let mut left = self.nud(token)?;
        while rbp < binding_power(self.current()) {
            let token = self.advance();
            left = self.led(token, left)?;
        }
        self.depth -= 1;
        Ok(left)
    }

    fn nud(&mut self, token: Token) -> Result<Ast, Error> {
        match token {
            Token::Literal(v) => Ok(Ast::Literal(v)),
            Token::Ident(name) => Ok(Ast::Field(name)),
            Token::Quoted(name) => {
                if *self.current() == Token::LParen {
                    return Err(Error::new(
                        ErrorKind::Syntax,
                        "a quoted identifier cannot name a function".into(),
                    ));
                }
                Ok(Ast::Field(name))
            }
            Token::Star => {
                let right = if *self.current() == Token::RBracket {
                    Ast::Identity
                } else {
                    self.projection_rhs(binding_power(&Token::Star))?
                };
                Ok(Ast::ValueProjection(bx(Ast::Identity), bx(right)))
            }
            Token::Filter => self.led_filter(Ast::Identity),
            Token::LBrace => self.multi_hash(),
            Token::LParen => {
                let e = self.expression(0)?;
                self.expect(&Token::RParen)?;
                Ok(e)
            }
            Token::Flatten => {
                let left = Ast::Flatten(bx(Ast::Identity));
                let right = self.projection_rhs(binding_power(&Token::Flatten))?;
                Ok(Ast::Projection(bx(left), bx(right)))
            }
            Token::Not => Ok(Ast::Not(bx(self.expression(binding_power(&Token::Not))?))),
            Token::LBracket => self.nud_lbracket(),
            Token::At => Ok(Ast::Identity),
            Token::Ampersand => Ok(Ast::ExpRef(bx(self.expression(0)?))),
            _ => {
                self.pos = self.pos.saturating_sub(1);
                Err(self.unexpected())
            }
        }
    }

    fn nud_lbracket(&mut self) -> Result<Ast, Error> {
        match (self.current(), self.peek(1)) {
            (Token::Number(_) | Token::Colon, _) => {
                let right = self.index_expression()?;
                self.project_if_slice(Ast::Identity, right)
            }
            (Token::Star, Token::RBracket) => {
                self.advance();
                self.advance();
                let right = self.projection_rhs(binding_power(&Token::Star))?;
                Ok(Ast::Projection(bx(Ast::Identity), bx(right)))
            }
            _ => self.multi_list(),
        }
    }

    fn led(&mut self, token: Token, left: Ast) -> Result<Ast, Error> {
        let bp = binding_power(&token);
        match token {
            Token::Dot => {
                if *self.current() == Token::Star {
                    self.advance();
                    let right = self.projection_rhs(bp)?;
                    return Ok(Ast::ValueProjection(bx(left), bx(right)));
                }
                let right = self.dot_rhs(bp)?;
                Ok(Ast::Sub(bx(left), bx(right)))
            }
            Token::Pipe => Ok(Ast::Pipe(bx(left), bx(self.expression(bp)?))),
            Token::Or => Ok(Ast::Or(bx(left), bx(self.expression(bp)?))),
            Token::And => Ok(Ast::And(bx(left), bx(self.expression(bp)?))),
            Token::LParen => self.function(left),
            Token::Filter => self.led_filter(left),
            Token::Flatten => {
                let right = self.projection_rhs(bp)?;
                Ok(Ast::Projection(bx(Ast::Flatten(bx(left))), bx(right)))
            }
            Token::LBracket => self.led_lbracket(left),
            Token::Eq | Token::Ne | Token::Lt | Token::Le | Token::Gt | Token::Ge => {
                let op = match token {
                    Token::Eq => Cmp::Eq,
                    Token::Ne => Cmp::Ne,
                    Token::Lt => Cmp::Lt,
                    Token::Le => Cmp::Le,
                    Token::Gt => Cmp::Gt,
                    _ => Cmp::Ge,
                };
                Ok(Ast::Compare(op, bx(left), bx(self.expression(bp)?)))
            }
            _ => {
                self.pos = self.pos.saturating_sub(1);
                Err(self.unexpected())
            }
        }
    }

    fn led_lbracket(&mut self, left: Ast) -> Result<Ast, Error> {
        if matches!(self.current(), Token::Number(_) | Token::Colon) {
            let right = self.index_expression()?;
            return self.project_if_slice(left, right);
        }
        self.expect(&Token::Star)?;
        self.expect(&Token::RBracket)?;
        let right = self.projection_rhs(binding_power(&Token::Star))?;
        Ok(Ast::Projection(bx(left), bx(right)))
    }

    fn led_filter(&mut self, left: Ast) -> Result<Ast, Error> {
        let condition = self.expression(0)?;
        self.expect(&Token::RBracket)?;
        let right = if *self.current() == Token::Flatten {
            Ast::Identity
        } else {
            self.projection_rhs(binding_power(&Token::Filter))?
        };
        Ok(Ast::FilterProjection(bx(left), bx(right), bx(condition)))
    }

    fn function(&mut self, left: Ast) -> Result<Ast, Error> {
        let Ast::Field(name) = left else {
            return Err(Error::new(
                ErrorKind::Syntax,
                "invalid function name".into(),
            ));
        };
        let mut args = Vec::new();
        while *self.current() != Token::RParen {
            args.push(self.expression(0)?);
            match self.current() {
                Token::Comma => {
                    self.advance();
                    if *self.current() == Token::RParen {
                        return Err(self.unexpected());
                    }
                }
                Token::RParen => {}
                _ => return Err(self.unexpected()),
            }
        }
        self.advance();
        Ok(Ast::Function(name, args))
    }

    /// After `[`: an index `n]` or a slice `a:b:c]`.
    fn index_expression(&mut self) -> Result<Ast, Error> {
        if *self.current() == Token::Colon || *self.peek(1) == Token::Colon {
            return self.slice();
        }
        let Token::Number(n) = self.advance() else {
            return Err(self.unexpected());
        };
        self.expect(&Token::RBracket)?;
        Ok(Ast::Index(n))
    }

    fn slice(&mut self) -> Result<Ast, Error> {
        let mut parts: [Option<i64>; 3] = [None, None, None];
        let mut index = 0;
        while *self.current() != Token::RBracket && index < 3 {
            match self.current() {
                Token::Colon => {
                    index += 1;
                    if index == 3 {
                        return Err(self.unexpected());
                    }
                    self.advance();
                }
                Token::Number(n) => {
                    parts[index] = Some(*n);
                    self.advance();
                }
                _ => return Err(self.unexpected()),
            }
        }
        self.expect(&Token::RBracket)?;
        Ok(Ast::Slice(parts[0], parts[1], parts[2]))
    }

    fn project_if_slice(&mut self, left: Ast, right: Ast) -> Result<Ast, Error> {
        let is_slice = matches!(right, Ast::Slice(..));
        let indexed = Ast::Sub(bx(left), bx(right));
        if is_slice {
            let rhs = self.projection_rhs(binding_power(&Token::Star))?;
            return Ok(Ast::Projection(bx(indexed), bx(rhs)));
        }
        Ok(indexed)
    }

    fn projection_rhs(&mut self, bp: u8) -> Result<Ast, Error> {
        match self.current() {
            t if binding_power(t) < PROJECTION_STOP => Ok(Ast::Identity),
            Token::LBracket | Token::Filter => self.expression(bp),
            Token::Dot => {
                self.advance();
                self.dot_rhs(bp)
            }
            _ => Err(self.unexpected()),
        }
    }

    fn dot_rhs(&mut self, bp: u8) -> Result<Ast, Error> {
        match self.current() {
            Token::Ident(_) | Token::Quoted(_) | Token::Star => self.expression(bp),
            Token::LBracket => {
                self.advance();
                self.multi_list()
            }
            Token::LBrace => {
                self.advance();
                self.multi_hash()
            }
            _ => Err(self.unexpected()),
        }
    }

    fn multi_list(&mut self) -> Result<Ast, Error> {
        let mut items = Vec::new();
        loop {
            items.push(self.expression(0)?);
            if *self.current() == Token::RBracket {
                break;
            }
            self.expect(&Token::Comma)?;
        }
        self.advance();
        Ok(Ast::MultiList(items))
    }

    fn multi_hash(&mut self) -> Result<Ast, Error> {
        let mut pairs = Vec::new();
        loop {
            let key = match self.advance() {
                Token::Ident(k) | Token::Quoted(k) => k,
                _ => {
                    self.pos = self.pos.saturating_sub(1);
                    return Err(self.unexpected());
                }
            };
            self.expect(&Token::Colon)?;
            pairs.push((key, self.expression(0)?));
            match self.advance() {
                Token::Comma => {}
                Token::RBrace => break,
                _ => {
                    self.pos = self.pos.saturating_sub(1);
                    return Err(self.unexpected());
                }
            }
        }
        Ok(Ast::MultiHash(pairs))
    }
}

/// How deeply an expression nests, counting each node (stops counting past [`MAX_DEPTH`]).
pub(crate) fn depth(ast: &Ast, at: usize) -> usize {
    if at > MAX_DEPTH {
        return at;
    }
    let next = at + 1;
    let pair = |a: &Ast, b: &Ast| depth(a, next).max(depth(b, next));
    match ast {
        Ast::Sub(a, b)
        | Ast::Projection(a, b)
        | Ast::ValueProjection(a, b)
        | Ast::Pipe(a, b)
        | Ast::Or(a, b)
        | Ast::And(a, b)
        | Ast::Compare(_, a, b) => pair(a, b),
        Ast::FilterProjection(a, b, c) => pair(a, b).max(depth(c, next)),
        Ast::Flatten(a) | Ast::Not(a) | Ast::ExpRef(a) => depth(a, next),
        Ast::MultiList(items) | Ast::Function(_, items) => {
            items.iter().map(|a| depth(a, next)).max().unwrap_or(next)
        }
        Ast::MultiHash(pairs) => pairs
            .iter()
            .map(|(_, a)| depth(a, next))
            .max()
            .unwrap_or(next),
        _ => next,
    }
}
