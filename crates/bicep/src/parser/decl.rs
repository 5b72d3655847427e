//! Declarations: `targetScope`, `metadata`, `param`, `var`, `resource`, `module`, `output`,
//! `type`, with their decorators; each ends with a line break.

use alloc::string::String;
use alloc::vec::Vec;

use super::Parser;
use crate::ast::{Decl, DeclKind, Decorator, Program};
use crate::error::{BicepError, Pos, Res};
use crate::lexer::Tok;

fn not_recognized(pos: Pos) -> BicepError {
    BicepError::at(
        pos,
        "BCP007",
        "This declaration type is not recognized. Specify a metadata, parameter, variable, resource, or output declaration.",
    )
}

fn refused(pos: Pos, what: &str) -> BicepError {
    BicepError::at(pos, "", what)
}

impl Parser {
    pub(super) fn program(&mut self) -> Res<Program> {
        let mut decls = Vec::new();
        loop {
            self.skip_newlines();
            if matches!(self.tok(), Tok::Eof) {
                return Ok(Program { decls });
            }
            if let Some(d) = self.decl_or_skip()? {
                decls.push(d);
            }
            if !matches!(self.tok(), Tok::Newline | Tok::Eof) {
                return Err(BicepError::at(
                    self.pos(),
                    "BCP019",
                    "Expected a new line character at this location.",
                ));
            }
        }
    }

    /// A declaration, or `None` for a statement that deploys nothing and needs nothing
    /// (`import 'az@…'`, the old provider syntax).
    fn decl_or_skip(&mut self) -> Res<Option<Decl>> {
        let pos = self.pos();
        if self.is_ident("import") || self.is_ident("provider") || self.is_ident("extension") {
            return self.import(pos);
        }
        if self.is_ident("using") {
            return Err(BicepError::at(
                pos,
                "",
                "A using declaration can only be present in a Bicep parameters file.",
            ));
        }
        self.decl().map(Some)
    }

    fn import(&mut self, pos: Pos) -> Res<Option<Decl>> {
        let kw = match self.tok() {
            Tok::Ident(k) => k.clone(),
            _ => String::new(),
        };
        self.advance();
        // `import 'az@1.0.0'` / `provider 'sys@1.0.0'`: the built-in namespaces, always there.
        if let Tok::Str(s) = self.tok().clone()
            && (s.starts_with("az@") || s.starts_with("sys@"))
            && matches!(self.tok_at(1), Tok::Newline | Tok::Eof)
        {
            self.advance();
            return Ok(None);
        }
        if kw == "import" && self.is_sym("{") {
            return self.import_items(pos).map(Some);
        }
        if kw == "import"
            && self.is_sym("*")
            && matches!(self.tok_at(1), Tok::Ident(a) if a == "as")
        {
            self.advance();
            self.advance();
            let (ns, npos) = self.ident("", "a namespace identifier")?;
            if !self.is_ident("from") {
                return Err(BicepError::at(
                    self.pos(),
                    "",
                    "Expected the \"from\" keyword at this location.",
                ));
            }
            self.advance();
            let (path, path_pos) = self.plain_string("", "a path to a Bicep file")?;
            return Ok(Some(Decl {
                decorators: Vec::new(),
                name: String::new(),
                pos,
                kind: DeclKind::Import(alloc::vec![("*".into(), ns, npos)], path, path_pos),
            }));
        }
        Err(refused(
            pos,
            &alloc::format!(
                "This '{kw}' declaration is not supported by hcsim's Bicep compiler (extensions are not; imports from a local file are): declare the types, variables or functions in this file, or import them by name."
            ),
        ))
    }

    /// `import { a, b as c } from 'path'` (the items of another Bicep file marked `@export()`).
    fn import_items(&mut self, pos: Pos) -> Res<Decl> {
        self.expect_sym("{")?;
        let mut items = Vec::new();
        loop {
            while matches!(self.tok(), Tok::Newline) || self.is_sym(",") {
                self.advance();
            }
            if self.eat_sym("}") {
                break;
            }
            let (name, npos) = self.ident("", "an imported symbol name")?;
            let alias = if self.is_ident("as") {
                self.advance();
                self.ident("", "an alias")?.0
            } else {
                name.clone()
            };
            items.push((name, alias, npos));
            if items.len() > 256 {
                return Err(crate::error::expected_char(self.pos(), "}"));
            }
        }
        if !self.is_ident("from") {
            return Err(BicepError::at(
                self.pos(),
                "",
                "Expected the \"from\" keyword at this location.",
            ));
        }
        self.advance();
        let (path, path_pos) = self.plain_string("", "a path to a Bicep file")?;
        Ok(Decl {
            decorators: Vec::new(),
            name: String::new(),
            pos,
            kind: DeclKind::Import(items, path, path_pos),
        })
    }

    fn decorators(&mut self) -> Res<Vec<Decorator>> {
        let mut out = Vec::new();
        while self.is_sym("@") {
            let pos = self.pos();
            self.advance();
            let (mut name, _) = self.ident("", "a decorator name")?;
            if self.is_sym(".") {
                self.advance();
                name = self.ident("", "a decorator name")?.0;
            }
            let args = if self.is_sym("(") {
                self.args_list()?
            } else {
                Vec::new()
            };
            out.push(Decorator { name, args, pos });
            self.skip_newlines();
        }
        Ok(out)
    }

    fn args_list(&mut self) -> Res<Vec<crate::ast::Expr>> {
        // Same as a call's arguments (the expression parser's helper is private to it).
        let call = self.expr_call_args()?;
        Ok(call)
    }

    /// One declaration with its decorators.
    pub(super) fn decl(&mut self) -> Res<Decl> {
        let decorators = self.decorators()?;
        let pos = self.pos();
        let Tok::Ident(kw) = self.tok().clone() else {
            return Err(not_recognized(pos));
        };
        self.advance();
        let (name, kind) = match kw.as_str() {
            "targetScope" => {
                self.expect_sym("=")?;
                (String::new(), DeclKind::TargetScope(self.expr()?))
            }
            "metadata" => {
                let (n, _) = self.ident("", "a metadata identifier")?;
                self.expect_sym("=")?;
                (n, DeclKind::Metadata(self.expr()?))
            }
            "param" => self.param()?,
            "var" => {
                let (n, _) = self.ident("BCP015", "a variable identifier")?;
                if !self.is_sym("=") {
                    self.type_expr()?; // `var x string = …` (typed variables)
                }
                self.expect_sym("=")?;
                (n, DeclKind::Var(self.expr()?))
            }
            "resource" => self.resource()?,
            "module" => self.module()?,
            "output" => {
                let (n, _) = self.ident("BCP016", "an output identifier")?;
                let t = self.type_expr()?;
                self.expect_sym("=")?;
                (n, DeclKind::Output(t, self.expr()?))
            }
            "func" => self.func()?,
            "type" => {
                let (n, _) = self.ident("", "a type identifier")?;
                self.expect_sym("=")?;
                (n, DeclKind::Type(self.type_expr()?))
            }
            _ => return Err(not_recognized(pos)),
        };
        Ok(Decl {
            decorators,
            name,
            pos,
            kind,
        })
    }

    /// `func name(a T, b U) R => body`.
    fn func(&mut self) -> Res<(String, DeclKind)> {
        let (n, _) = self.ident("", "a function identifier")?;
        self.expect_sym("(")?;
        let mut params = Vec::new();
        while !self.eat_sym(")") {
            if !params.is_empty() {
                self.expect_sym(",")?;
            }
            self.skip_newlines();
            params.push(self.ident("", "a parameter identifier")?.0);
            self.type_expr()?;
            self.skip_newlines();
            if params.len() > 64 {
                return Err(crate::error::expected_char(self.pos(), ")"));
            }
        }
        self.type_expr()?;
        self.expect_sym("=>")?;
        self.skip_newlines();
        Ok((n, DeclKind::Func(params, self.expr()?)))
    }

    fn param(&mut self) -> Res<(String, DeclKind)> {
        let (n, _) = self.ident("BCP013", "a parameter identifier")?;
        let t = self.type_expr()?;
        let default = if self.eat_sym("=") {
            Some(self.expr()?)
        } else {
            None
        };
        Ok((n, DeclKind::Param(t, default)))
    }

    fn resource(&mut self) -> Res<(String, DeclKind)> {
        let (n, _) = self.ident("BCP017", "a resource identifier")?;
        let (type_ref, type_pos) = self.plain_string(
            "BCP068",
            "a resource type string. Specify a valid resource type of format \"<types>@<apiVersion>\"",
        )?;
        let existing = self.is_ident("existing");
        if existing {
            self.advance();
        }
        self.expect_sym("=")?;
        let body = self.expr()?;
        Ok((
            n,
            DeclKind::Resource {
                type_ref,
                type_pos,
                existing,
                body,
            },
        ))
    }

    fn module(&mut self) -> Res<(String, DeclKind)> {
        let (n, _) = self.ident("", "a module identifier")?;
        let pos = self.pos();
        let (path, path_pos) = match self.tok() {
            Tok::Str(_) | Tok::StrLeft(_) => self.plain_string("BCP090", "a module path")?,
            _ => {
                return Err(BicepError::at(
                    pos,
                    "BCP090",
                    "This module declaration is missing a file path reference.",
                ));
            }
        };
        self.expect_sym("=")?;
        let body = self.expr()?;
        Ok((
            n,
            DeclKind::Module {
                path,
                path_pos,
                body,
            },
        ))
    }
}
