//! Resources and modules: their declarations analysed (`collect_*`) and written as template
//! resources (`resources`): `copy` for loops, `condition`, the full type and name, `scope`,
//! the body, and `dependsOn` from what they reference. A module becomes a nested
//! `Microsoft.Resources/deployments` with inner expression scope and its compiled template.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value, json};

use super::env::Dep;
use super::refs::DEPLOYMENTS_API;
use super::{Compiler, Env, Low, ModInfo, ResInfo, Sym, member, unwrap_body};
use crate::ast::{Decl, Expr, Kind, Member};
use crate::error::{BicepError, Pos, Res};

/// Members of a resource body that are not part of the resource's JSON.
const META: &[&str] = &["name", "parent", "scope", "dependsOn"];

fn bad_type(pos: Pos) -> BicepError {
    BicepError::at(
        pos,
        "BCP029",
        "The resource type is not valid. Specify a valid resource type of format \"<types>@<apiVersion>\".",
    )
}

fn missing(pos: Pos, kind: &str, props: &[String]) -> BicepError {
    let list: Vec<String> = props.iter().map(|p| format!("\"{p}\"")).collect();
    BicepError::at(
        pos,
        "BCP035",
        format!(
            "The specified \"{kind}\" declaration is missing the following required properties: {}.",
            list.join(", ")
        ),
    )
}

/// Splits `'type@version'`; a nested declaration may give only its last segment and may
/// leave out the version (its parent's).
fn split_type(t: &str, pos: Pos, parent: Option<(&str, &str)>) -> Res<(String, String)> {
    let (ty, api) = match t.split_once('@') {
        Some((a, b)) => (a, b.to_string()),
        None => match parent {
            Some((_, papi)) => (t, papi.to_string()),
            None => return Err(bad_type(pos)),
        },
    };
    let full = match parent {
        Some((ptype, _)) if !ty.contains('/') => format!("{ptype}/{ty}"),
        _ => ty.to_string(),
    };
    let ok =
        full.split('/').count() >= 2 && full.split('/').all(|s| !s.is_empty()) && !api.is_empty();
    if !ok {
        return Err(bad_type(pos));
    }
    Ok((full, api))
}

fn parent_symbol(e: &Expr) -> Option<String> {
    match &e.kind {
        Kind::Ident(n) => Some(n.clone()),
        Kind::Child(p, c) => parent_symbol(p).map(|p| format!("{p}::{c}")),
        Kind::Index(t, _, false) => parent_symbol(t),
        _ => None,
    }
}

/// The index of `parent: coll[i]`.
fn parent_index(e: &Expr) -> Option<Expr> {
    match &e.kind {
        Kind::Index(_, i, false) => Some((**i).clone()),
        _ => None,
    }
}

impl Compiler<'_, '_> {
    pub(super) fn collect_resource(
        &mut self,
        d: &Decl,
        type_ref: &str,
        type_pos: Pos,
        existing: bool,
        body: &Expr,
        parent: Option<(&str, &str, &str)>,
    ) -> Res<()> {
        let (full_type, api) = split_type(type_ref, type_pos, parent.map(|(_, t, a)| (t, a)))?;
        let (looped, cond, members) = unwrap_body(body)?;
        let Some(name) = member(&members, "name").cloned() else {
            return Err(missing(d.pos, "resource", &["name".to_string()]));
        };
        let explicit_parent = match member(&members, "parent") {
            Some(p) => Some(parent_symbol(p).ok_or_else(|| {
                BicepError::at(p.pos, "BCP240", "The \"parent\" property only permits direct references to resources. Expressions are not supported.")
            })?),
            None => None,
        };
        let sym = match parent {
            Some((p, _, _)) => format!("{p}::{}", d.name),
            None => d.name.clone(),
        };
        let info = ResInfo {
            full_type: full_type.clone(),
            api: api.clone(),
            existing,
            name,
            parent: explicit_parent.or_else(|| parent.map(|(p, _, _)| p.to_string())),
            parent_index: member(&members, "parent").and_then(parent_index),
            scope: member(&members, "scope").cloned(),
            looped,
            cond,
            members: members.clone(),
            decorators: d.decorators.clone(),
            pos: d.pos,
        };
        self.add(&sym, d.pos, Sym::Res(Box::new(info.clone())))?;
        if parent.is_some() && !self.syms.contains_key(&d.name) {
            // Inside its parent's body a nested resource is also known by its own name.
            self.syms.insert(d.name.clone(), Sym::Res(Box::new(info)));
        }
        for m in &members {
            if let Member::Resource(child) = m {
                let crate::ast::DeclKind::Resource {
                    type_ref,
                    type_pos,
                    existing,
                    body,
                } = &child.kind
                else {
                    return Err(BicepError::at(
                        child.pos,
                        "BCP156",
                        "Only resources may be nested in a resource's body.",
                    ));
                };
                self.collect_resource(
                    child,
                    type_ref,
                    *type_pos,
                    *existing,
                    body,
                    Some((&sym, &full_type, &api)),
                )?;
            }
        }
        Ok(())
    }

    pub(super) fn collect_module(
        &mut self,
        d: &Decl,
        path: &str,
        path_pos: Pos,
        body: &Expr,
    ) -> Res<()> {
        let template = self.load_module(path, path_pos)?;
        let (looped, cond, members) = unwrap_body(body)?;
        let info = ModInfo {
            name: member(&members, "name").cloned(),
            scope: member(&members, "scope").cloned(),
            looped,
            cond,
            members,
            decorators: d.decorators.clone(),
            template,
            pos: d.pos,
        };
        self.add(&d.name, d.pos, Sym::Module(Box::new(info)))
    }

    fn load_module(&mut self, path: &str, pos: Pos) -> Res<Value> {
        let registry = ["br:", "br/", "ts:", "ts/"]
            .iter()
            .any(|p| path.starts_with(p));
        if registry {
            return Err(BicepError::at(
                pos,
                "BCP192",
                format!(
                    "Unable to restore the module with reference \"{path}\": hcsim works offline and reads no registry. Copy the module's .bicep file next to this one and reference it by a relative path."
                ),
            ));
        }
        let resolved = crate::path::join(&self.file, path).ok_or_else(|| {
            BicepError::at(
                pos,
                "BCP093",
                format!(
                    "File path \"{path}\" could not be resolved relative to \"{}\".",
                    self.file
                ),
            )
        })?;
        if resolved == self.file || self.chain.contains(&resolved) {
            return Err(BicepError::at(
                pos,
                "BCP095",
                format!(
                    "The file is involved in a cycle (\"{}\" -> \"{resolved}\").",
                    self.file
                ),
            ));
        }
        if self.chain.len() >= super::MAX_MODULE_DEPTH || *self.files >= super::MAX_FILES {
            return Err(BicepError::at(
                pos,
                "",
                format!(
                    "Modules nest too deeply or too many files are read (hcsim allows {} levels and {} files).",
                    super::MAX_MODULE_DEPTH,
                    super::MAX_FILES
                ),
            ));
        }
        *self.files += 1;
        let text = (self.load)(&resolved).map_err(|reason| {
            BicepError::at(
                pos,
                "BCP091",
                format!("An error occurred reading file. {reason}"),
            )
        })?;
        if resolved.to_ascii_lowercase().ends_with(".json") {
            // A module may be an ARM JSON template: used as it is.
            return match serde_json::from_str::<Value>(&text) {
                Ok(t @ Value::Object(_)) => Ok(t),
                _ => Err(BicepError::at(
                    pos,
                    "BCP091",
                    format!(
                        "An error occurred reading file. \"{resolved}\" is not a JSON template object."
                    ),
                )),
            };
        }
        let mut chain = self.chain.clone();
        chain.push(self.file.clone());
        crate::compile_in(&resolved, &text, self.load, chain, self.files)
    }

    /// Every non-existing resource and module, in declaration order.
    pub(super) fn resources(&mut self) -> Res<Vec<Value>> {
        let mut out = Vec::new();
        for sym in self.order.clone() {
            match self.syms.get(&sym).cloned() {
                Some(Sym::Res(r)) if !r.existing => out.push(self.emit_resource(&sym, &r)?),
                Some(Sym::Module(m)) => out.push(self.emit_module(&sym, &m)?),
                _ => {}
            }
        }
        Ok(out)
    }

    /// `copy` and `condition` of a looped or conditional declaration; the environment of
    /// its current instance.
    fn loop_and_condition(
        &mut self,
        sym: &str,
        looped: &Option<super::LoopInfo>,
        cond: &Option<Expr>,
        decorators: &[crate::ast::Decorator],
        out: &mut Map<String, Value>,
    ) -> Res<Env> {
        let mut env = self.instance_env(looped, Some("copyIndex()"))?;
        if let Some(l) = looped {
            let iter = self.iter_text(&l.iter, &mut env)?;
            let mut copy = json!({"name": sym, "count": format!("[length({iter})]")});
            if let Some(d) = decorators.iter().find(|d| d.name == "batchSize") {
                let n = d.args.first().and_then(|a| match a.kind {
                    Kind::Int(n) => Some(n),
                    _ => None,
                });
                copy["mode"] = json!("serial");
                copy["batchSize"] = json!(n.unwrap_or(1));
            }
            out.insert("copy".into(), copy);
        }
        if let Some(c) = cond {
            let v = self.lower_value(c, &mut env)?.value();
            out.insert("condition".into(), v);
        }
        // `@description` on a resource or module: Bicep writes it as the resource's metadata.
        if let Some(d) = decorators.iter().find(|d| d.name == "description")
            && let Some(a) = d.args.first()
            && let Some(text) = self.lower_value(a, &mut Env::default())?.lit().cloned()
        {
            out.insert("metadata".into(), json!({ "description": text }));
        }
        Ok(env)
    }

    fn emit_resource(&mut self, sym: &str, r: &ResInfo) -> Res<Value> {
        let mut out = Map::new();
        let mut env = self.loop_and_condition(sym, &r.looped, &r.cond, &r.decorators, &mut out)?;
        out.insert("type".into(), json!(r.full_type));
        out.insert("apiVersion".into(), json!(r.api));
        let name = self.full_name(sym, Some("copyIndex()"))?;
        self.lower_value(&r.name, &mut env)?; // its references are dependencies too
        out.insert("name".into(), name.value());
        if let Some(p) = &r.parent {
            let index = match &r.parent_index {
                Some(i) => Some(self.expr_text(i, &mut env)?),
                None => None,
            };
            env.depend(p, index);
        }
        if let Some(s) = &r.scope {
            match self.scope_kind(s, &mut env)? {
                super::refs::ScopeKind::Resource(id) => {
                    out.insert("scope".into(), Value::String(format!("[{id}]")));
                }
                super::refs::ScopeKind::Group(None) => {}
                _ => {
                    return Err(BicepError::at(
                        s.pos,
                        "BCP139",
                        "A resource's scope must match the scope of the Bicep file for it to be deployable. You must use modules to deploy resources to a different scope.",
                    ));
                }
            }
        }
        let props: Vec<Member> = r
            .members
            .iter()
            .filter(|m| !matches!(m, Member::Prop(k, _, _) if META.contains(&k.as_str())))
            .filter(|m| !matches!(m, Member::Resource(_)))
            .cloned()
            .collect();
        if let Value::Object(body) = self
            .lower_value(
                &Expr {
                    kind: Kind::Object(props),
                    pos: r.pos,
                },
                &mut env,
            )?
            .value()
        {
            out.extend(body);
        }
        self.explicit_depends(&r.members, &mut env)?;
        let deps = self.depends_list(&env.deps, sym, 0)?;
        if !deps.is_empty() {
            out.insert("dependsOn".into(), Value::Array(deps));
        }
        Ok(Value::Object(out))
    }

    fn explicit_depends(&mut self, members: &[Member], env: &mut Env) -> Res<()> {
        if let Some(d) = member(members, "dependsOn") {
            let Kind::Array(items) = &d.kind else {
                return Err(BicepError::at(
                    d.pos,
                    "BCP034",
                    "The enclosing array expected an item of type \"module[] | (resource | module) | resource[]\".",
                ));
            };
            for i in items {
                match self.resource_target(i, env)? {
                    Some((s, idx)) => env.depend(&s, idx),
                    None => {
                        return Err(BicepError::at(
                            i.pos,
                            "BCP034",
                            "The enclosing array expected an item of type \"module[] | (resource | module) | resource[]\", but the provided item was of another type.",
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// `dependsOn` entries for `deps` (an `existing` resource stands for what it references).
    fn depends_list(&mut self, deps: &[Dep], me: &str, depth: u32) -> Res<Vec<Value>> {
        let mut out: Vec<Value> = Vec::new();
        for d in deps {
            if d.symbol == me || depth > 32 {
                continue;
            }
            let (existing, looped) = match self.syms.get(&d.symbol) {
                Some(Sym::Res(r)) => (r.existing, r.looped.is_some()),
                Some(Sym::Module(m)) => (false, m.looped.is_some()),
                _ => continue,
            };
            let entries = if existing {
                let r = self
                    .res_info(&d.symbol)
                    .ok_or_else(|| BicepError::at(Pos::default(), "", "unknown resource"))?;
                let mut env = self.instance_env(&r.looped, d.index.as_deref())?;
                self.lower_value(&r.name, &mut env)?;
                if let Some(p) = &r.parent {
                    env.depend(p, None);
                }
                if let Some(s) = &r.scope {
                    self.scope_kind(s, &mut env)?;
                }
                self.depends_list(&env.deps, &d.symbol, depth + 1)?
            } else if looped && d.index.is_none() {
                alloc::vec![Value::String(d.symbol.clone())]
            } else {
                alloc::vec![Value::String(format!(
                    "[{}]",
                    self.res_id(&d.symbol, d.index.as_deref())?
                ))]
            };
            for e in entries {
                if !out.contains(&e) {
                    out.push(e);
                }
            }
        }
        Ok(out)
    }

    fn emit_module(&mut self, sym: &str, m: &ModInfo) -> Res<Value> {
        let mut out = Map::new();
        let mut env = self.loop_and_condition(sym, &m.looped, &m.cond, &m.decorators, &mut out)?;
        out.insert("type".into(), json!("Microsoft.Resources/deployments"));
        out.insert("apiVersion".into(), json!(DEPLOYMENTS_API));
        let name = self.module_name(m, sym, &mut env)?;
        out.insert("name".into(), name.value());
        if let Some(s) = &m.scope {
            self.module_scope(s, &mut env, &mut out)?;
        }
        let parameters = self.module_params(m, &mut env)?;
        out.insert(
            "properties".into(),
            json!({
                "expressionEvaluationOptions": {"scope": "inner"},
                "mode": "Incremental",
                "parameters": parameters,
                "template": m.template,
            }),
        );
        self.explicit_depends(&m.members, &mut env)?;
        let deps = self.depends_list(&env.deps, sym, 0)?;
        if !deps.is_empty() {
            out.insert("dependsOn".into(), Value::Array(deps));
        }
        Ok(Value::Object(out))
    }

    fn module_scope(&mut self, s: &Expr, env: &mut Env, out: &mut Map<String, Value>) -> Res<()> {
        if let Kind::Call(_, f, args) = &s.kind {
            let mut vals = Vec::new();
            for a in args {
                vals.push(self.lower_value(a, env)?.value());
            }
            match (f.as_str(), vals.as_slice()) {
                ("resourceGroup", []) => return Ok(()),
                ("resourceGroup", [g]) => {
                    out.insert("resourceGroup".into(), g.clone());
                    return Ok(());
                }
                ("resourceGroup", [sub, g]) => {
                    out.insert("subscriptionId".into(), sub.clone());
                    out.insert("resourceGroup".into(), g.clone());
                    return Ok(());
                }
                ("subscription", [sub]) => {
                    out.insert("subscriptionId".into(), sub.clone());
                    return Ok(());
                }
                ("subscription", []) => return Ok(()),
                _ => {}
            }
        }
        Err(BicepError::at(
            s.pos,
            "BCP134",
            "The module's scope must be resourceGroup(…) or subscription(…).",
        ))
    }

    /// `params: {…}` checked against the module's parameters and written as `{"x": {"value": …}}`.
    fn module_params(&mut self, m: &ModInfo, env: &mut Env) -> Res<Value> {
        let declared = m
            .template
            .get("parameters")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let mut given: Vec<(String, Pos, Low)> = Vec::new();
        if let Some(p) = member(&m.members, "params") {
            let Kind::Object(members) = &p.kind else {
                return Err(crate::error::expected_char(p.pos, "{"));
            };
            for mem in members {
                let Member::Prop(k, pos, v) = mem else {
                    return Err(BicepError::at(
                        p.pos,
                        "",
                        "Module parameters must be plain properties.",
                    ));
                };
                let low = match &v.kind {
                    // Bicep's shape: `"x": {"copy": [{"name": "value", …}]}`.
                    Kind::For(f) => Low::Obj(alloc::vec![(
                        "value".into(),
                        self.lower_for(f, Some("value"), env)?
                    )]),
                    _ => Low::Obj(alloc::vec![("value".into(), self.lower_value(v, env)?)]),
                };
                given.push((k.clone(), *pos, low));
            }
        }
        for (k, pos, _) in &given {
            if !declared.contains_key(k) {
                let names: Vec<String> = declared.keys().map(|n| format!("\"{n}\"")).collect();
                return Err(BicepError::at(
                    *pos,
                    "BCP037",
                    format!(
                        "The property \"{k}\" is not allowed on objects of type \"params\". Permissible properties include {}.",
                        names.join(", ")
                    ),
                ));
            }
        }
        let missing_names: Vec<String> = declared
            .iter()
            .filter(|(n, d)| {
                d.get("defaultValue").is_none()
                    && d.get("nullable") != Some(&Value::Bool(true))
                    && !given.iter().any(|(k, _, _)| k == *n)
            })
            .map(|(n, _)| n.clone())
            .collect();
        if !missing_names.is_empty() {
            let pos = member(&m.members, "params").map_or(m.pos, |p| p.pos);
            return Err(missing(pos, "object", &missing_names));
        }
        let mut out = Map::new();
        for (k, _, low) in given {
            out.insert(k, low.value());
        }
        Ok(Value::Object(out))
    }
}
