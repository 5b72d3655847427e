//! The syntax tree the parser builds and the lowering reads.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use crate::error::Pos;

/// An expression and where it starts.
#[derive(Debug, Clone)]
pub struct Expr {
    /// What it is.
    pub kind: Kind,
    /// Where it starts.
    pub pos: Pos,
}

/// Binary operators (by precedence, loosest first, in the parser).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `??`
    Coalesce,
    /// `||`
    Or,
    /// `&&`
    And,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `=~`
    EqI,
    /// `!~`
    NeI,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
}

/// An object member: a property, a nested resource (resource bodies only) or a spread.
#[derive(Debug, Clone)]
pub enum Member {
    /// `key: value`
    Prop(String, Pos, Expr),
    /// `'${expr}': value` (an interpolated key).
    DynProp(Expr, Expr),
    /// `resource child 'type' = …` inside a resource body.
    Resource(Box<Decl>),
    /// `...expr`
    Spread(Expr),
}

/// A `for` expression's parts.
#[derive(Debug, Clone)]
pub struct For {
    /// The item variable (`x` in `for x in …`, `for (x, i) in …`).
    pub item: String,
    /// The index variable, if any.
    pub index: Option<String>,
    /// What is iterated.
    pub iter: Expr,
    /// The filter (`for x in xs: if (cond) {…}`).
    pub filter: Option<Expr>,
    /// The body.
    pub body: Expr,
}

/// Expression kinds.
#[derive(Debug, Clone)]
pub enum Kind {
    /// A string without holes.
    Str(String),
    /// An interpolated string: `parts.len() == holes.len() + 1`.
    Interp(Vec<String>, Vec<Expr>),
    /// An integer.
    Int(i64),
    /// `true`/`false`.
    Bool(bool),
    /// `null`.
    Null,
    /// A name.
    Ident(String),
    /// `{ … }`
    Object(Vec<Member>),
    /// `[ … ]`
    Array(Vec<Expr>),
    /// `f(args)`, `ns.f(args)` (namespace kept apart).
    Call(Option<String>, String, Vec<Expr>),
    /// `target.f(args)` (resource functions such as `listKeys`).
    Method(Box<Expr>, String, Vec<Expr>),
    /// `target.name` (`safe` for `.?`).
    Prop(Box<Expr>, String, bool),
    /// `target[index]` (`safe` for `[?…]`).
    Index(Box<Expr>, Box<Expr>, bool),
    /// `parent::child`.
    Child(Box<Expr>, String),
    /// `!e`
    Not(Box<Expr>),
    /// `-e`
    Neg(Box<Expr>),
    /// Binary.
    Bin(BinOp, Box<Expr>, Box<Expr>),
    /// `c ? a : b`
    Ternary(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `[for … ]`
    For(Box<For>),
    /// `if (c) {…}` (resource and module bodies).
    If(Box<Expr>, Box<Expr>),
    /// `x => body`, `(x, y) => body` (parsed so the error can name it; not compiled).
    Lambda(Vec<String>, #[allow(dead_code)] Box<Expr>),
}

/// A decorator: `@name(args)`.
#[derive(Debug, Clone)]
pub struct Decorator {
    /// Its name (namespace dropped: `sys.description` is `description`).
    pub name: String,
    /// Its arguments.
    pub args: Vec<Expr>,
    /// Where it is.
    pub pos: Pos,
}

/// A type expression, as far as deployment needs it.
#[derive(Debug, Clone)]
pub enum TypeExpr {
    /// A named type (`string`, `object`, a `type` alias).
    Named(String, Pos),
    /// A literal type (`'Standard'`, `3`, `true`).
    Literal(Expr),
    /// `a | b`
    Union(Vec<TypeExpr>),
    /// `T[]`, a tuple or an array literal type.
    Array,
    /// `{ … }` object type.
    Object,
    /// `T?`
    Nullable(Box<TypeExpr>),
    /// `resource 'type@version'` and other types hcsim does not distinguish.
    Other,
}

/// What a declaration declares.
#[derive(Debug, Clone)]
pub enum DeclKind {
    /// `targetScope = …`
    TargetScope(Expr),
    /// `metadata name = …`
    Metadata(Expr),
    /// `param name type [= default]`
    Param(TypeExpr, Option<Expr>),
    /// `var name = …`
    Var(Expr),
    /// `resource name 'type@version' [existing] = …`
    Resource {
        /// `'type@version'`.
        type_ref: String,
        /// Where the type string is.
        type_pos: Pos,
        /// `existing`.
        existing: bool,
        /// The body (object, `if`, `for`).
        body: Expr,
    },
    /// `module name 'path' = …`
    Module {
        /// The path.
        path: String,
        /// Where the path is.
        path_pos: Pos,
        /// The body.
        body: Expr,
    },
    /// `output name type = …`
    Output(TypeExpr, Expr),
    /// `type name = …`
    Type(TypeExpr),
    /// `func name(a T, b U) R => body`: its parameter names and body.
    Func(Vec<String>, Expr),
    /// `import { a, b as c } from 'path'`: (name, alias, position) of each item, the path
    /// and where it is; `import * as ns from 'path'` is one item `("*", "ns", pos)`.
    Import(Vec<(String, String, Pos)>, String, Pos),
}

/// One top-level (or nested resource) declaration.
#[derive(Debug, Clone)]
pub struct Decl {
    /// Its decorators.
    pub decorators: Vec<Decorator>,
    /// Its symbolic name (empty for `targetScope`).
    pub name: String,
    /// Where the name is.
    pub pos: Pos,
    /// What it is.
    pub kind: DeclKind,
}

/// A parsed file.
#[derive(Debug, Clone, Default)]
pub struct Program {
    /// Declarations in order.
    pub decls: Vec<Decl>,
}
