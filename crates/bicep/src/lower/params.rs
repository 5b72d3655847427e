//! Parameters (types, decorators, defaults), user-defined types (resolved to their base
//! type and literal unions), variables (ARM `variables`, or inlined when they read runtime
//! state), outputs, and the compile-time `load…` functions.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value, json};

use super::{Compiler, Env, Low, Sym, VarLow};
use crate::ast::{DeclKind, Decorator, Expr, Kind, Program, TypeExpr};
use crate::error::{BicepError, Res};

/// A type as ARM's parameter and output definitions need it.
#[derive(Debug, Clone, Default)]
struct TypeInfo {
    base: String,
    allowed: Option<Vec<Value>>,
    nullable: bool,
}

fn literal_base(v: &Value) -> &'static str {
    match v {
        Value::Number(_) => "int",
        Value::Bool(_) => "bool",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        _ => "string",
    }
}

/// Functions that read runtime state: a variable using them is inlined where it is used.
const RUNTIME: &[&str] = &["reference(", "list", "utcNow(", "newGuid("];

impl Compiler<'_, '_> {
    fn type_info(&mut self, t: &TypeExpr, depth: u32) -> Res<TypeInfo> {
        let simple = |b: &str| TypeInfo {
            base: b.to_string(),
            ..TypeInfo::default()
        };
        Ok(match t {
            TypeExpr::Named(n, pos) => match n.as_str() {
                "string" | "int" | "bool" | "object" | "array" => simple(n),
                "secureString" => simple("securestring"),
                "secureObject" => simple("secureObject"),
                "any" => simple("object"),
                _ => match self.syms.get(n).cloned() {
                    Some(Sym::Type(inner)) if depth < 32 => self.type_info(&inner, depth + 1)?,
                    None if n.contains('.') => simple("object"),
                    _ => {
                        return Err(BicepError::at(
                            *pos,
                            "BCP302",
                            format!(
                                "The name \"{n}\" is not a valid type. Please specify one of the following types: \"array\", \"bool\", \"int\", \"object\", \"string\"."
                            ),
                        ));
                    }
                },
            },
            TypeExpr::Literal(e) => {
                let v = self
                    .lower_value(e, &mut Env::default())?
                    .lit()
                    .cloned()
                    .unwrap_or(Value::Null);
                TypeInfo {
                    base: literal_base(&v).into(),
                    allowed: Some(alloc::vec![v]),
                    nullable: false,
                }
            }
            TypeExpr::Union(items) => {
                let mut out = TypeInfo::default();
                let mut allowed = Vec::new();
                for i in items {
                    let ti = self.type_info(i, depth + 1)?;
                    out.nullable |= ti.nullable;
                    if out.base.is_empty() {
                        out.base = ti.base;
                    }
                    allowed.extend(ti.allowed.unwrap_or_default());
                }
                out.allowed = Some(allowed);
                out
            }
            TypeExpr::Array => simple("array"),
            TypeExpr::Object | TypeExpr::Other => simple("object"),
            TypeExpr::Nullable(inner) => TypeInfo {
                nullable: true,
                ..self.type_info(inner, depth + 1)?
            },
        })
    }

    fn decorator_lit(&mut self, d: &Decorator) -> Res<Value> {
        let Some(a) = d.args.first() else {
            return Err(super::expr::arg_count(
                &Expr {
                    kind: Kind::Null,
                    pos: d.pos,
                },
                "1",
                0,
            ));
        };
        let low = self.lower_value(a, &mut Env::default())?;
        low.lit().cloned().ok_or_else(|| {
            BicepError::at(
                a.pos,
                "BCP032",
                "The value must be a compile-time constant.",
            )
        })
    }

    /// Applies decorators to a parameter (or output) definition.
    fn decorate(
        &mut self,
        decorators: &[Decorator],
        def: &mut Map<String, Value>,
        ti: &TypeInfo,
    ) -> Res<()> {
        let mut metadata = Map::new();
        for d in decorators {
            match d.name.as_str() {
                "description" => {
                    metadata.insert("description".into(), self.decorator_lit(d)?);
                }
                "metadata" => {
                    if let Value::Object(m) = self.decorator_lit(d)? {
                        metadata.extend(m);
                    }
                }
                "allowed" => {
                    def.insert("allowedValues".into(), self.decorator_lit(d)?);
                }
                "minLength" | "maxLength" | "minValue" | "maxValue" => {
                    def.insert(d.name.clone(), self.decorator_lit(d)?);
                }
                "secure" => {
                    let t = if ti.base == "object" {
                        "secureObject"
                    } else {
                        "securestring"
                    };
                    def.insert("type".into(), json!(t));
                }
                "export" | "sealed" | "discriminator" | "batchSize" | "onlyIfNotExists" => {}
                other => return Err(crate::error::unknown_name(d.pos, other)),
            }
        }
        if !metadata.is_empty() {
            def.insert("metadata".into(), Value::Object(metadata));
        }
        Ok(())
    }

    pub(super) fn parameters(&mut self, program: &Program) -> Res<Map<String, Value>> {
        let mut out = Map::new();
        for d in &program.decls {
            let DeclKind::Param(t, default) = &d.kind else {
                continue;
            };
            let ti = self.type_info(t, 0)?;
            let mut def = Map::new();
            def.insert("type".into(), json!(ti.base));
            if let Some(a) = &ti.allowed {
                def.insert("allowedValues".into(), Value::Array(a.clone()));
            }
            if let Some(e) = default {
                let v = self.lower_value(e, &mut Env::default())?;
                def.insert("defaultValue".into(), v.value());
            }
            if ti.nullable {
                def.insert("nullable".into(), json!(true));
            }
            self.decorate(&d.decorators, &mut def, &ti)?;
            out.insert(d.name.clone(), Value::Object(def));
        }
        Ok(out)
    }

    /// A variable's lowering (memoized; a cycle is BCP080).
    pub(super) fn var_low(&mut self, name: &str, at: &Expr) -> Res<VarLow> {
        if let Some(v) = self.vars.get(name) {
            return Ok(v.clone());
        }
        if self.visiting.iter().any(|v| v == name) || self.visiting.len() > 64 {
            return Err(BicepError::at(
                at.pos,
                "BCP080",
                format!("The expression is involved in a cycle (\"{name}\" -> \"{name}\")."),
            ));
        }
        let Some(Sym::Var(e)) = self.syms.get(name).cloned() else {
            return Err(crate::error::unknown_name(at.pos, name));
        };
        self.visiting.push(name.to_string());
        let mut env = Env::default();
        let low = match &e.kind {
            Kind::For(f) => self.lower_for(f, Some(name), &mut env),
            _ => self.lower_value(&e, &mut env),
        };
        self.visiting.pop();
        let low = low?;
        let text = low.value().to_string();
        let inline = RUNTIME.iter().any(|r| text.contains(r)) && !matches!(low, Low::Loop(..));
        let v = VarLow {
            low,
            deps: env.deps,
            inline,
        };
        self.vars.insert(name.to_string(), v.clone());
        Ok(v)
    }

    pub(super) fn variables(&mut self, program: &Program) -> Res<Map<String, Value>> {
        let mut out = Map::new();
        let mut copies = Vec::new();
        for d in &program.decls {
            let DeclKind::Var(e) = &d.kind else {
                continue;
            };
            let v = self.var_low(&d.name, e)?;
            match &v.low {
                _ if v.inline => {}
                Low::Loop(count, input) => copies.push(json!({
                    "name": d.name,
                    "count": format!("[{count}]"),
                    "input": input.value(),
                })),
                low => {
                    out.insert(d.name.clone(), low.value());
                }
            }
        }
        if !copies.is_empty() {
            out.insert("copy".into(), Value::Array(copies));
        }
        Ok(out)
    }

    pub(super) fn outputs(&mut self, program: &Program) -> Res<Map<String, Value>> {
        let mut out = Map::new();
        for d in &program.decls {
            let DeclKind::Output(t, e) = &d.kind else {
                continue;
            };
            if out.contains_key(&d.name) {
                return Err(super::dup(d.pos, &d.name));
            }
            let ti = self.type_info(t, 0)?;
            let mut def = Map::new();
            let mut env = Env::default();
            match &e.kind {
                Kind::For(f) => {
                    let low = self.lower_for(f, None, &mut env)?;
                    def.insert("type".into(), json!("array"));
                    def.insert("copy".into(), low.value());
                }
                _ => {
                    def.insert("type".into(), json!(ti.base));
                    def.insert("value".into(), self.lower_value(e, &mut env)?.value());
                }
            }
            if ti.nullable {
                def.insert("nullable".into(), json!(true));
            }
            self.decorate(&d.decorators, &mut def, &ti)?;
            def.remove("allowedValues");
            out.insert(d.name.clone(), Value::Object(def));
        }
        Ok(out)
    }

    /// `loadTextContent`, `loadJsonContent`, `loadFileAsBase64`: read at compile time.
    pub(super) fn load_function(&mut self, name: &str, args: &[Expr], e: &Expr) -> Res<Low> {
        let Some(Expr {
            kind: Kind::Str(path),
            pos,
        }) = args.first()
        else {
            return Err(BicepError::at(
                e.pos,
                "BCP032",
                "The value must be a compile-time constant.",
            ));
        };
        let resolved = crate::path::join(&self.file, path).ok_or_else(|| {
            BicepError::at(
                *pos,
                "BCP093",
                format!(
                    "File path \"{path}\" could not be resolved relative to \"{}\".",
                    self.file
                ),
            )
        })?;
        if *self.files >= super::MAX_FILES {
            return Err(BicepError::at(
                *pos,
                "",
                "Too many files are read by one compile.",
            ));
        }
        *self.files += 1;
        let text = (self.load)(&resolved).map_err(|r| {
            BicepError::at(
                *pos,
                "BCP091",
                format!("An error occurred reading file. {r}"),
            )
        })?;
        Ok(match name {
            "loadJsonContent" => {
                let v: Value = serde_json::from_str(&text).map_err(|err| BicepError::at(*pos, "BCP186", format!("Unable to parse literal JSON value. Please ensure that it is well-formed. ({err})")))?;
                Low::Lit(v)
            }
            "loadFileAsBase64" => Low::Lit(Value::String(crate::base64(text.as_bytes()))),
            _ => Low::Lit(Value::String(text)),
        })
    }
}
