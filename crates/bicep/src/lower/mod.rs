//! The lowering: a parsed program to the ARM template JSON `hcsim-template` deploys (the
//! same shape `bicep build` writes, non-symbolic `resources` array).
//!
//! `collect` registers every symbol first (Bicep allows forward references), then
//! `assemble` writes parameters, variables, resources and outputs in declaration order.
//! Expressions go through `expr` (operators, functions), resource and module references
//! through `refs` (ids, names, `reference()`, implicit dependencies); `resources` writes
//! resources and modules, `params` parameters, types and outputs.

mod env;
mod expr;
mod funcs;
mod low;
mod params;
mod refs;
mod resources;

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value, json};

use crate::ast::{Decl, DeclKind, Decorator, Expr, Kind, Member, Program, TypeExpr};
use crate::error::{BicepError, Pos, Res};
pub use env::Env;
pub use low::Low;

/// Reads a file the program names (a module, `loadTextContent`): the resolved path in, the
/// text or a reason out. The front end decides what may be read.
pub type Loader<'a> = dyn FnMut(&str) -> Result<String, String> + 'a;

/// How deeply modules may nest, and how many files one compile may read.
pub const MAX_MODULE_DEPTH: usize = 16;
/// See [`MAX_MODULE_DEPTH`].
pub const MAX_FILES: u32 = 200;
/// How many user function calls one file may inline.
pub const MAX_INLINED_CALLS: u32 = 10_000;

/// A loop's parts as a resource or module declares it.
#[derive(Debug, Clone)]
pub struct LoopInfo {
    item: String,
    index: Option<String>,
    iter: Expr,
}

/// A resource declaration, analysed.
#[derive(Debug, Clone)]
pub struct ResInfo {
    full_type: String,
    api: String,
    existing: bool,
    name: Expr,
    parent: Option<String>,
    /// `parent: coll[i]`: which instance of a looped parent.
    parent_index: Option<Expr>,
    scope: Option<Expr>,
    looped: Option<LoopInfo>,
    cond: Option<Expr>,
    members: Vec<Member>,
    decorators: Vec<Decorator>,
    pos: Pos,
}

/// A module declaration, analysed (its file already compiled).
#[derive(Debug, Clone)]
pub struct ModInfo {
    name: Option<Expr>,
    scope: Option<Expr>,
    looped: Option<LoopInfo>,
    cond: Option<Expr>,
    members: Vec<Member>,
    decorators: Vec<Decorator>,
    template: Value,
    pos: Pos,
}

/// What a name stands for.
#[derive(Debug, Clone)]
pub enum Sym {
    /// A parameter.
    Param,
    /// A variable (its expression).
    Var(Expr),
    /// A resource.
    Res(Box<ResInfo>),
    /// A module.
    Module(Box<ModInfo>),
    /// A user-defined type.
    Type(TypeExpr),
    /// A user-defined function (inlined where it is called).
    Func(Vec<String>, Expr),
    /// An imported variable (inlined where it is used: it has no place in `variables`).
    Const(Expr),
}

/// A lowered variable: its value, what it references, and whether it must be inlined (it
/// reads runtime state, which ARM's `variables` may not).
#[derive(Debug, Clone)]
struct VarLow {
    low: Low,
    deps: Vec<env::Dep>,
    inline: bool,
}

/// One file's compilation.
pub struct Compiler<'a, 'l> {
    file: String,
    load: &'a mut Loader<'l>,
    chain: Vec<String>,
    files: &'a mut u32,
    syms: BTreeMap<String, Sym>,
    order: Vec<String>,
    vars: BTreeMap<String, VarLow>,
    visiting: Vec<String>,
    /// User functions being inlined (a bound on their nesting).
    inlining: u32,
    /// User function calls inlined so far (a bound on the work: calls may fan out).
    inlined: u32,
    target_scope: String,
    metadata: Map<String, Value>,
}

/// Compiles `program` (the text of `file`) to a template.
pub fn lower(
    file: &str,
    program: &Program,
    load: &mut Loader<'_>,
    chain: Vec<String>,
    files: &mut u32,
) -> Res<Value> {
    let mut c = Compiler {
        file: file.to_string(),
        load,
        chain,
        files,
        syms: BTreeMap::new(),
        order: Vec::new(),
        vars: BTreeMap::new(),
        visiting: Vec::new(),
        inlining: 0,
        inlined: 0,
        target_scope: "resourceGroup".into(),
        metadata: Map::new(),
    };
    for d in &program.decls {
        c.collect(d, None)?;
    }
    c.assemble(program)
}

fn dup(pos: Pos, name: &str) -> BicepError {
    BicepError::at(
        pos,
        "BCP028",
        alloc::format!(
            "Identifier \"{name}\" is declared multiple times. Remove or rename the duplicates."
        ),
    )
}

/// The body of a resource or module: its loop, condition and object members.
fn unwrap_body(body: &Expr) -> Res<(Option<LoopInfo>, Option<Expr>, Vec<Member>)> {
    let (looped, inner) = match &body.kind {
        Kind::For(f) => (
            Some(LoopInfo {
                item: f.item.clone(),
                index: f.index.clone(),
                iter: f.iter.clone(),
            }),
            match &f.filter {
                Some(c) => Expr {
                    kind: Kind::If(Box::new(c.clone()), Box::new(f.body.clone())),
                    pos: f.body.pos,
                },
                None => f.body.clone(),
            },
        ),
        _ => (None, body.clone()),
    };
    let (cond, obj) = match inner.kind {
        Kind::If(c, b) => (Some(*c), *b),
        k => (
            None,
            Expr {
                kind: k,
                pos: inner.pos,
            },
        ),
    };
    match obj.kind {
        Kind::Object(m) => Ok((looped, cond, m)),
        _ => Err(crate::error::expected_char(obj.pos, "{")),
    }
}

/// The member `key` of an object body.
fn member<'m>(members: &'m [Member], key: &str) -> Option<&'m Expr> {
    members.iter().find_map(|m| match m {
        Member::Prop(k, _, v) if k == key => Some(v),
        _ => None,
    })
}

impl Compiler<'_, '_> {
    fn add(&mut self, name: &str, pos: Pos, sym: Sym) -> Res<()> {
        if self.syms.contains_key(name) {
            return Err(dup(pos, name));
        }
        self.syms.insert(name.to_string(), sym);
        self.order.push(name.to_string());
        Ok(())
    }

    fn collect(&mut self, d: &Decl, parent: Option<(&str, &str, &str)>) -> Res<()> {
        match &d.kind {
            DeclKind::TargetScope(e) => match &e.kind {
                Kind::Str(s) => self.target_scope = s.clone(),
                _ => {
                    return Err(BicepError::at(
                        e.pos,
                        "",
                        "targetScope must be a string literal.",
                    ));
                }
            },
            DeclKind::Metadata(e) => {
                let low = self.lower_value(e, &mut Env::default())?;
                self.metadata.insert(d.name.clone(), low.value());
            }
            DeclKind::Param(..) => self.add(&d.name, d.pos, Sym::Param)?,
            DeclKind::Var(e) => self.add(&d.name, d.pos, Sym::Var(e.clone()))?,
            DeclKind::Output(..) => {}
            DeclKind::Type(t) => self.add(&d.name, d.pos, Sym::Type(t.clone()))?,
            DeclKind::Func(params, body) => {
                self.add(&d.name, d.pos, Sym::Func(params.clone(), body.clone()))?;
            }
            DeclKind::Import(items, path, pos) => self.import(items, path, *pos)?,
            DeclKind::Resource {
                type_ref,
                type_pos,
                existing,
                body,
            } => self.collect_resource(d, type_ref, *type_pos, *existing, body, parent)?,
            DeclKind::Module {
                path,
                path_pos,
                body,
            } => self.collect_module(d, path, *path_pos, body)?,
        }
        Ok(())
    }

    /// `import { … } from 'path'`: the named `@export()` types, functions and variables of
    /// a local Bicep file become symbols here (a variable keeps its expression).
    fn import(&mut self, items: &[(String, String, Pos)], path: &str, pos: Pos) -> Res<()> {
        if ["br:", "br/", "ts:", "ts/"]
            .iter()
            .any(|p| path.starts_with(p))
        {
            return Err(BicepError::at(
                pos,
                "BCP192",
                alloc::format!(
                    "Unable to restore the artifact with reference \"{path}\": hcsim works offline and reads no registry."
                ),
            ));
        }
        let resolved = crate::path::join(&self.file, path).ok_or_else(|| {
            BicepError::at(
                pos,
                "BCP093",
                alloc::format!(
                    "File path \"{path}\" could not be resolved relative to \"{}\".",
                    self.file
                ),
            )
        })?;
        if *self.files >= MAX_FILES {
            return Err(BicepError::at(
                pos,
                "",
                "Too many files are read by one compile.",
            ));
        }
        *self.files += 1;
        let text = (self.load)(&resolved).map_err(|r| {
            BicepError::at(
                pos,
                "BCP091",
                alloc::format!("An error occurred reading file. {r}"),
            )
        })?;
        let named = |mut e: BicepError| {
            if e.file.is_empty() {
                e.file.clone_from(&resolved);
            }
            e
        };
        let program =
            crate::parser::parse(crate::lexer::lex(&text).map_err(named)?).map_err(named)?;
        if let [(star, ns, ipos)] = items
            && star == "*"
        {
            // `import * as ns`: every exported symbol as `ns.name`.
            for d in program
                .decls
                .iter()
                .filter(|d| d.decorators.iter().any(|x| x.name == "export"))
            {
                let sym = match &d.kind {
                    DeclKind::Type(t) => Sym::Type(t.clone()),
                    DeclKind::Func(p, b) => Sym::Func(p.clone(), b.clone()),
                    DeclKind::Var(e) => Sym::Const(e.clone()),
                    _ => continue,
                };
                self.add(&alloc::format!("{ns}.{}", d.name), *ipos, sym)?;
            }
            return Ok(());
        }
        for (name, alias, ipos) in items {
            let found = program
                .decls
                .iter()
                .find(|d| &d.name == name && d.decorators.iter().any(|x| x.name == "export"));
            let sym = match found.map(|d| &d.kind) {
                Some(DeclKind::Type(t)) => Sym::Type(t.clone()),
                Some(DeclKind::Func(p, b)) => Sym::Func(p.clone(), b.clone()),
                Some(DeclKind::Var(e)) => Sym::Const(e.clone()),
                _ => {
                    return Err(BicepError::at(
                        *ipos,
                        "BCP360",
                        alloc::format!(
                            "The '{name}' symbol was not found in (or was not exported by) the imported template."
                        ),
                    ));
                }
            };
            self.add(alias, *ipos, sym)?;
        }
        Ok(())
    }

    /// Everything in order: the template document.
    fn assemble(&mut self, program: &Program) -> Res<Value> {
        let schema = match self.target_scope.as_str() {
            "subscription" => {
                "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#"
            }
            "managementGroup" => {
                "https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#"
            }
            "tenant" => {
                "https://schema.management.azure.com/schemas/2019-08-01/tenantDeploymentTemplate.json#"
            }
            _ => "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        };
        let mut metadata = Map::new();
        metadata.insert(
            "_generator".into(),
            json!({"name": "bicep", "version": crate::GENERATOR_VERSION}),
        );
        metadata.extend(core::mem::take(&mut self.metadata));
        let mut t = Map::new();
        t.insert("$schema".into(), json!(schema));
        t.insert("contentVersion".into(), json!("1.0.0.0"));
        t.insert("metadata".into(), Value::Object(metadata));
        let params = self.parameters(program)?;
        if !params.is_empty() {
            t.insert("parameters".into(), Value::Object(params));
        }
        let vars = self.variables(program)?;
        if !vars.is_empty() {
            t.insert("variables".into(), Value::Object(vars));
        }
        t.insert("resources".into(), Value::Array(self.resources()?));
        let outputs = self.outputs(program)?;
        if !outputs.is_empty() {
            t.insert("outputs".into(), Value::Object(outputs));
        }
        Ok(Value::Object(t))
    }
}
