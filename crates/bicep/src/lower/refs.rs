//! References to resources and modules: ids (`resourceId`, `extensionResourceId`, …), names,
//! `reference()` for runtime properties, module outputs, resource functions (`listKeys`),
//! and the implicit dependency every reference records.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::Value;

use super::low::quote;
use super::{Compiler, Env, Low, ModInfo, ResInfo, Sym};
use crate::ast::{Expr, Kind};
use crate::error::{BicepError, Res, unknown_name};

/// The API version Bicep gives the nested deployments of modules.
pub const DEPLOYMENTS_API: &str = "2022-09-01";

impl Compiler<'_, '_> {
    pub(super) fn res_info(&self, sym: &str) -> Option<ResInfo> {
        match self.syms.get(sym) {
            Some(Sym::Res(r)) => Some((**r).clone()),
            _ => None,
        }
    }

    pub(super) fn mod_info(&self, sym: &str) -> Option<ModInfo> {
        match self.syms.get(sym) {
            Some(Sym::Module(m)) => Some((**m).clone()),
            _ => None,
        }
    }

    /// The resource or module a target names, with the instance index of a loop.
    pub(super) fn resource_target(
        &mut self,
        t: &Expr,
        env: &mut Env,
    ) -> Res<Option<(String, Option<String>)>> {
        let (sym, index) = match &t.kind {
            Kind::Ident(n) if env.lookup(n).is_none() => (n.clone(), None),
            Kind::Index(inner, i, false) => match &inner.kind {
                Kind::Ident(n) if env.lookup(n).is_none() => (n.clone(), Some(i)),
                _ => return Ok(None),
            },
            Kind::Child(p, c) => match self.child_symbol(p, c) {
                Some(s) => (s, None),
                None => return Err(unknown_name(t.pos, c)),
            },
            _ => return Ok(None),
        };
        if !matches!(self.syms.get(&sym), Some(Sym::Res(_) | Sym::Module(_))) {
            return Ok(None);
        }
        let index = match index {
            Some(i) => Some(self.expr_text(i, env)?),
            None => None,
        };
        Ok(Some((sym, index)))
    }

    fn child_symbol(&self, p: &Expr, c: &str) -> Option<String> {
        let parent = match &p.kind {
            Kind::Ident(n) => n.clone(),
            Kind::Child(pp, pc) => self.child_symbol(pp, pc)?,
            _ => return None,
        };
        let s = format!("{parent}::{c}");
        self.syms.contains_key(&s).then_some(s)
    }

    /// The loop bindings of one instance of `info` (`index` = ARM text of the index).
    pub(super) fn instance_env(
        &mut self,
        looped: &Option<super::LoopInfo>,
        index: Option<&str>,
    ) -> Res<Env> {
        let mut env = Env::default();
        if let (Some(l), Some(i)) = (looped, index) {
            let iter = self.iter_text(&l.iter, &mut Env::default())?;
            env.vars.push((l.item.clone(), format!("{iter}[{i}]")));
            if let Some(n) = &l.index {
                env.vars.push((n.clone(), i.to_string()));
            }
        }
        Ok(env)
    }

    /// The name segments of a resource (its parents' first), lowered.
    pub(super) fn name_segments(
        &mut self,
        sym: &str,
        index: Option<&str>,
        depth: u32,
    ) -> Res<Vec<Low>> {
        let info = self
            .res_info(sym)
            .ok_or_else(|| BicepError::at(Default::default(), "", "unknown resource"))?;
        if depth > 32 {
            return Err(BicepError::at(
                info.pos,
                "",
                "The resource's parents form a cycle.",
            ));
        }
        let mut env = self.instance_env(&info.looped, index)?;
        let own = self.lower_value(&info.name, &mut env)?;
        if let Some(p) = &info.parent {
            let pindex = match &info.parent_index {
                Some(i) => Some(self.expr_text(i, &mut env)?),
                None => None,
            };
            let mut segs = self.name_segments(p, pindex.as_deref(), depth + 1)?;
            segs.push(own);
            return Ok(segs);
        }
        let n = info.full_type.split('/').count().saturating_sub(1).max(1);
        if n == 1 {
            return Ok(alloc::vec![own]);
        }
        Ok(match own.lit().and_then(Value::as_str) {
            Some(s) => s
                .split('/')
                .map(|p| Low::Lit(Value::String(p.to_string())))
                .collect(),
            None => (0..n)
                .map(|k| Low::Expr(format!("split({}, '/')[{k}]", own.expr())))
                .collect(),
        })
    }

    /// The resource's name as ARM writes it (parents joined with `/`).
    pub(super) fn full_name(&mut self, sym: &str, index: Option<&str>) -> Res<Low> {
        let info = self
            .res_info(sym)
            .ok_or_else(|| BicepError::at(Default::default(), "", "unknown resource"))?;
        if info.parent.is_none() {
            let mut env = self.instance_env(&info.looped, index)?;
            return self.lower_value(&info.name, &mut env);
        }
        let segs = self.name_segments(sym, index, 0)?;
        if segs.iter().all(|s| s.lit().is_some_and(Value::is_string)) {
            let parts: Vec<&str> = segs
                .iter()
                .filter_map(|s| s.lit().and_then(Value::as_str))
                .collect();
            return Ok(Low::Lit(Value::String(parts.join("/"))));
        }
        let pattern: Vec<String> = (0..segs.len()).map(|i| format!("{{{i}}}")).collect();
        let args: Vec<String> = segs.iter().map(Low::expr).collect();
        Ok(Low::Expr(format!(
            "format({}, {})",
            quote(&pattern.join("/")),
            args.join(", ")
        )))
    }

    /// The resource's id as an ARM expression.
    pub(super) fn res_id(&mut self, sym: &str, index: Option<&str>) -> Res<String> {
        if let Some(m) = self.mod_info(sym) {
            return self.module_id(&m, sym, index);
        }
        let info = self
            .res_info(sym)
            .ok_or_else(|| BicepError::at(Default::default(), "", "unknown resource"))?;
        let segs: Vec<String> = self
            .name_segments(sym, index, 0)?
            .iter()
            .map(Low::expr)
            .collect();
        let tail = format!("{}, {}", quote(&info.full_type), segs.join(", "));
        let Some(scope) = &info.scope else {
            return Ok(format!("resourceId({tail})"));
        };
        let mut env = self.instance_env(&info.looped, index)?;
        Ok(match self.scope_kind(scope, &mut env)? {
            ScopeKind::Group(None) => format!("resourceId({tail})"),
            ScopeKind::Group(Some(args)) => format!("resourceId({args}, {tail})"),
            ScopeKind::Subscription(None) => format!("subscriptionResourceId({tail})"),
            ScopeKind::Subscription(Some(s)) => format!("subscriptionResourceId({s}, {tail})"),
            ScopeKind::Tenant => format!("tenantResourceId({tail})"),
            ScopeKind::Resource(id) => format!("extensionResourceId({id}, {tail})"),
        })
    }

    fn module_id(&mut self, m: &ModInfo, sym: &str, index: Option<&str>) -> Res<String> {
        let mut env = self.instance_env(&m.looped, index)?;
        let name = self.module_name(m, sym, &mut env)?.expr();
        let ty = quote("Microsoft.Resources/deployments");
        Ok(match &m.scope {
            None => format!("resourceId({ty}, {name})"),
            Some(s) => match self.scope_kind(s, &mut env)? {
                ScopeKind::Group(Some(args)) => format!("resourceId({args}, {ty}, {name})"),
                ScopeKind::Subscription(Some(s)) => {
                    format!("subscriptionResourceId({s}, {ty}, {name})")
                }
                ScopeKind::Subscription(None) => format!("subscriptionResourceId({ty}, {name})"),
                _ => format!("resourceId({ty}, {name})"),
            },
        })
    }

    /// A module's deployment name; when `name` is left out, Bicep's generated one
    /// (github.com/Azure/bicep pull 12600): `format('<symbol>-{0}', uniqueString('<symbol>',
    /// deployment().name))`, with `copyIndex()` before the hash in a loop, the symbol cut so
    /// the name fits ARM's 64 characters.
    pub(super) fn module_name(&mut self, m: &ModInfo, sym: &str, env: &mut Env) -> Res<Low> {
        if let Some(n) = &m.name {
            return self.lower_value(n, env);
        }
        let room = if m.looped.is_some() {
            64 - 14 - 4
        } else {
            64 - 14
        };
        let prefix: String = sym.chars().take(room).collect();
        let hash = format!("uniqueString({}, deployment().name)", quote(sym));
        Ok(Low::Expr(if m.looped.is_some() {
            format!(
                "format({}, copyIndex(), {hash})",
                quote(&format!("{prefix}-{{0}}-{{1}}"))
            )
        } else {
            format!("format({}, {hash})", quote(&format!("{prefix}-{{0}}")))
        }))
    }

    /// What a `scope:` names.
    pub(super) fn scope_kind(&mut self, scope: &Expr, env: &mut Env) -> Res<ScopeKind> {
        if let Kind::Call(_, f, args) = &scope.kind {
            let mut texts = Vec::new();
            for a in args {
                texts.push(self.expr_text(a, env)?);
            }
            let joined = (!texts.is_empty()).then(|| texts.join(", "));
            match f.as_str() {
                "resourceGroup" => return Ok(ScopeKind::Group(joined)),
                "subscription" => return Ok(ScopeKind::Subscription(joined)),
                "tenant" => return Ok(ScopeKind::Tenant),
                _ => {}
            }
        }
        if let Some((sym, index)) = self.resource_target(scope, env)? {
            env.depend(&sym, index.clone());
            return Ok(ScopeKind::Resource(self.res_id(&sym, index.as_deref())?));
        }
        Err(BicepError::at(
            scope.pos,
            "BCP036",
            "The scope must be a resource, resourceGroup(…), subscription(…) or tenant().",
        ))
    }

    /// `r.id`, `r.name`, `r.properties…`, `m.outputs.x`: `None` when `e` is no such access.
    pub(super) fn reference_access(&mut self, e: &Expr, env: &mut Env) -> Res<Option<String>> {
        let Kind::Prop(target, prop, _) = &e.kind else {
            return Ok(None);
        };
        if let Kind::Prop(inner, outputs, _) = &target.kind
            && outputs == "outputs"
            && let Some((sym, index)) = self.resource_target(inner, env)?
            && self.mod_info(&sym).is_some()
        {
            let r = self.reference_of(&sym, index.clone(), env, false)?;
            return Ok(Some(format!(
                "{}.value",
                super::expr::access(&format!("{r}.outputs"), prop)
            )));
        }
        let Some((sym, index)) = self.resource_target(target, env)? else {
            return Ok(None);
        };
        let is_module = self.mod_info(&sym).is_some();
        Ok(Some(match prop.as_str() {
            "id" => {
                self.depend_on(&sym, index.clone(), env);
                self.res_id(&sym, index.as_deref())?
            }
            "name" if is_module => {
                self.depend_on(&sym, index.clone(), env);
                let m = self
                    .mod_info(&sym)
                    .ok_or_else(|| unknown_name(e.pos, &sym))?;
                let mut ienv = self.instance_env(&m.looped, index.as_deref())?;
                self.module_name(&m, &sym, &mut ienv)?.expr()
            }
            "name" => {
                self.depend_on(&sym, index.clone(), env);
                let info = self
                    .res_info(&sym)
                    .ok_or_else(|| unknown_name(e.pos, &sym))?;
                let mut ienv = self.instance_env(&info.looped, index.as_deref())?;
                self.lower_value(&info.name, &mut ienv)?.expr()
            }
            "type" | "apiVersion" if !is_module => {
                let info = self
                    .res_info(&sym)
                    .ok_or_else(|| unknown_name(e.pos, &sym))?;
                quote(if prop == "type" {
                    &info.full_type
                } else {
                    &info.api
                })
            }
            "properties" if !is_module => self.reference_of(&sym, index, env, false)?,
            p => super::expr::access(&self.reference_of(&sym, index, env, true)?, p),
        }))
    }

    fn depend_on(&mut self, sym: &str, index: Option<String>, env: &mut Env) {
        env.depend(sym, index);
    }

    /// `reference(id, api[, 'full'])`, recording the dependency.
    fn reference_of(
        &mut self,
        sym: &str,
        index: Option<String>,
        env: &mut Env,
        full: bool,
    ) -> Res<String> {
        env.depend(sym, index.clone());
        let id = self.res_id(sym, index.as_deref())?;
        let api = match self.res_info(sym) {
            Some(r) => r.api,
            None => DEPLOYMENTS_API.to_string(),
        };
        Ok(if full {
            format!("reference({id}, {}, 'full')", quote(&api))
        } else {
            format!("reference({id}, {})", quote(&api))
        })
    }

    /// A bare resource or module symbol used as a value.
    pub(super) fn symbol_value(
        &mut self,
        sym: &str,
        index: Option<String>,
        _e: &Expr,
        env: &mut Env,
    ) -> Res<String> {
        let full = self.res_info(sym).is_some();
        self.reference_of(sym, index, env, full)
    }

    /// `p::c` used as a value.
    pub(super) fn child_value(&mut self, e: &Expr, env: &mut Env) -> Res<String> {
        match self.resource_target(e, env)? {
            Some((sym, index)) => self.symbol_value(&sym, index, e, env),
            None => Err(BicepError::at(
                e.pos,
                "",
                "This expression cannot be used here.",
            )),
        }
    }

    /// `r.listKeys()` and the other resource functions.
    pub(super) fn resource_function(
        &mut self,
        sym: &str,
        index: Option<String>,
        name: &str,
        args: &[Expr],
        t: &Expr,
        env: &mut Env,
    ) -> Res<String> {
        let Some(info) = self.res_info(sym) else {
            return Err(BicepError::at(
                t.pos,
                "",
                format!("The function \"{name}\" cannot be called on a module."),
            ));
        };
        if name == "getSecret" {
            return Err(BicepError::at(
                t.pos,
                "",
                "getSecret() (Key Vault references in module parameters) is not supported by hcsim's Bicep compiler.",
            ));
        }
        if !name.starts_with("list") {
            return Err(unknown_name(t.pos, name));
        }
        env.depend(sym, index.clone());
        let id = self.res_id(sym, index.as_deref())?;
        let mut parts = alloc::vec![id, quote(&info.api)];
        for a in args {
            parts.push(self.expr_text(a, env)?);
        }
        Ok(format!("{name}({})", parts.join(", ")))
    }
}

/// Where a `scope:` points.
pub enum ScopeKind {
    /// `resourceGroup()`, `resourceGroup('g')`, `resourceGroup('s', 'g')` (arguments as text).
    Group(Option<String>),
    /// `subscription()`, `subscription('s')`.
    Subscription(Option<String>),
    /// `tenant()`.
    Tenant,
    /// A resource (its id).
    Resource(String),
}
