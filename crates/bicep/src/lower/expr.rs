//! Expressions to ARM: literals, interpolation (`format`), operators, the ternary (`if`),
//! property and index access (`.?` and `[?…]` as `tryGet`), function calls, loops, and names
//! (parameters, variables, loop variables; resources and modules go to `refs`).

use alloc::boxed::Box;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value};

use super::funcs;
use super::{Compiler, Env, Low, Sym};
use crate::ast::{BinOp, Expr, For, Kind, Member};
use crate::error::{BicepError, Res, unknown_name};

fn bin_fn(op: BinOp) -> &'static str {
    match op {
        BinOp::Coalesce => "coalesce",
        BinOp::Or => "or",
        BinOp::And => "and",
        BinOp::Eq | BinOp::Ne | BinOp::EqI | BinOp::NeI => "equals",
        BinOp::Lt => "less",
        BinOp::Le => "lessOrEquals",
        BinOp::Gt => "greater",
        BinOp::Ge => "greaterOrEquals",
        BinOp::Add => "add",
        BinOp::Sub => "sub",
        BinOp::Mul => "mul",
        BinOp::Div => "div",
        BinOp::Mod => "mod",
    }
}

/// `{` and `}` doubled: literal text inside a `format()` pattern.
fn format_text(s: &str) -> String {
    s.replace('{', "{{").replace('}', "}}")
}

fn is_ident(s: &str) -> bool {
    let mut c = s.chars();
    c.next()
        .is_some_and(|f| f.is_ascii_alphabetic() || f == '_')
        && c.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `t.name`, or `t['name']` when the name is not an identifier.
pub fn access(t: &str, name: &str) -> String {
    if is_ident(name) {
        format!("{t}.{name}")
    } else {
        format!("{t}[{}]", super::low::quote(name))
    }
}

impl Compiler<'_, '_> {
    /// Lowers an expression in value position (objects and arrays keep their shape).
    pub(super) fn lower_value(&mut self, e: &Expr, env: &mut Env) -> Res<Low> {
        match &e.kind {
            Kind::Str(s) => Ok(Low::Lit(Value::String(s.clone()))),
            Kind::Int(i) => Ok(Low::Lit(Value::from(*i))),
            Kind::Bool(b) => Ok(Low::Lit(Value::Bool(*b))),
            Kind::Null => Ok(Low::Lit(Value::Null)),
            Kind::Object(members) => self.lower_object(members, env),
            Kind::Array(items) => {
                let mut out = Vec::new();
                for i in items {
                    out.push(self.lower_value(i, env)?);
                }
                Ok(if out.iter().all(|l| l.lit().is_some()) {
                    Low::Lit(Value::Array(
                        out.iter().filter_map(|l| l.lit().cloned()).collect(),
                    ))
                } else {
                    Low::Arr(out)
                })
            }
            Kind::For(f) => self.lower_for(f, None, env),
            Kind::Call(_, name, args)
                if matches!(
                    name.as_str(),
                    "loadTextContent" | "loadJsonContent" | "loadFileAsBase64"
                ) =>
            {
                self.load_function(name, args, e)
            }
            _ => Ok(Low::Expr(self.expr_text(e, env)?)),
        }
    }

    fn lower_object(&mut self, members: &[Member], env: &mut Env) -> Res<Low> {
        let mut out: Vec<(String, Low)> = Vec::new();
        let mut spreads = Vec::new();
        let mut dynamic = false;
        for m in members {
            match m {
                Member::Prop(k, _, v) => {
                    let low = match &v.kind {
                        Kind::For(f) => self.lower_for(f, Some(k), env)?,
                        _ => self.lower_value(v, env)?,
                    };
                    out.retain(|(o, _)| o != k);
                    out.push((k.clone(), low));
                }
                Member::DynProp(k, v) => {
                    let key = format!("[{}]", self.expr_text(k, env)?);
                    let low = self.lower_value(v, env)?;
                    out.push((key, low));
                    dynamic = true;
                }
                Member::Spread(e) => spreads.push(self.expr_text(e, env)?),
                Member::Resource(d) => {
                    return Err(BicepError::at(
                        d.pos,
                        "BCP156",
                        "Nested resources are only allowed in a resource's body.",
                    ));
                }
            }
        }
        if !spreads.is_empty() {
            let obj = Low::Obj(out).expr();
            spreads.push(obj);
            return Ok(Low::Expr(format!("union({})", spreads.join(", "))));
        }
        if !dynamic && out.iter().all(|(_, l)| l.lit().is_some()) {
            let m: Map<String, Value> = out
                .into_iter()
                .filter_map(|(k, l)| l.lit().cloned().map(|v| (k, v)))
                .collect();
            return Ok(Low::Lit(Value::Object(m)));
        }
        Ok(Low::Obj(out))
    }

    /// A `for` in a property (`copy_name` = the property), a variable or an output:
    /// the item is `iter[copyIndex('name')]`.
    pub(super) fn lower_for(
        &mut self,
        f: &For,
        copy_name: Option<&str>,
        env: &mut Env,
    ) -> Res<Low> {
        if let Some(c) = &f.filter {
            return Err(BicepError::at(
                c.pos,
                "",
                "Filtered loops (for … : if (…)) are supported on resources and modules only by hcsim's Bicep compiler.",
            ));
        }
        let iter = self.iter_text(&f.iter, env)?;
        let idx = match copy_name {
            Some(n) => format!("copyIndex({})", super::low::quote(n)),
            None => "copyIndex()".to_string(),
        };
        let depth = env.vars.len();
        env.vars.push((f.item.clone(), format!("{iter}[{idx}]")));
        if let Some(i) = &f.index {
            env.vars.push((i.clone(), idx));
        }
        let body = self.lower_value(&f.body, env);
        env.vars.truncate(depth);
        Ok(Low::Loop(format!("length({iter})"), Box::new(body?)))
    }

    /// What a loop iterates, as ARM text (`range(…)` and arrays alike).
    pub(super) fn iter_text(&mut self, e: &Expr, env: &mut Env) -> Res<String> {
        self.expr_text(e, env)
    }

    /// Lowers an expression to ARM text (objects and arrays as `createObject`/`createArray`).
    pub(super) fn expr_text(&mut self, e: &Expr, env: &mut Env) -> Res<String> {
        Ok(match &e.kind {
            Kind::Str(_)
            | Kind::Int(_)
            | Kind::Bool(_)
            | Kind::Null
            | Kind::Object(_)
            | Kind::Array(_) => {
                let low = self.lower_value(e, env)?;
                low.expr()
            }
            Kind::Interp(parts, holes) => self.interp(parts, holes, env)?,
            Kind::Ident(name) => self.ident_text(name, e, env)?,
            Kind::Call(Some(ns), name, _) if ns != "az" && ns != "sys" => {
                return Err(unknown_name(e.pos, &format!("{ns}.{name}")));
            }
            Kind::Call(_, name, args) => self.call_text(name, args, e, env)?,
            Kind::Method(target, name, args) => self.method_text(target, name, args, env)?,
            Kind::Prop(..) | Kind::Index(..) | Kind::Child(..) => self.access_text(e, env)?,
            Kind::Not(x) => format!("not({})", self.expr_text(x, env)?),
            Kind::Neg(x) => format!("sub(0, {})", self.expr_text(x, env)?),
            Kind::Bin(op, l, r) => {
                let (mut a, mut b) = (self.expr_text(l, env)?, self.expr_text(r, env)?);
                if matches!(op, BinOp::EqI | BinOp::NeI) {
                    a = format!("toLower({a})");
                    b = format!("toLower({b})");
                }
                let t = format!("{}({a}, {b})", bin_fn(*op));
                if matches!(op, BinOp::Ne | BinOp::NeI) {
                    format!("not({t})")
                } else {
                    t
                }
            }
            Kind::Ternary(c, a, b) => format!(
                "if({}, {}, {})",
                self.expr_text(c, env)?,
                self.expr_text(a, env)?,
                self.expr_text(b, env)?
            ),
            Kind::For(_) => {
                return Err(BicepError::at(
                    e.pos,
                    "BCP138",
                    "For-expressions are not supported in this context. For-expressions may be used as values of resource, module, variable, and output declarations, or values of resource and module properties.",
                ));
            }
            Kind::If(..) => {
                return Err(BicepError::at(
                    e.pos,
                    "BCP009",
                    "Expected a literal value, an array, an object, a parenthesized expression, or a function call at this location.",
                ));
            }
            Kind::Lambda(params, body) => self.lambda_text(params, body, env)?,
        })
    }

    /// A user function call, inlined: its body with its parameters bound to the arguments
    /// (a Bicep function sees only its parameters and other functions, so this is exact).
    fn inline_func(
        &mut self,
        name: &str,
        params: &[String],
        body: &Expr,
        args: &[Expr],
        e: &Expr,
        env: &mut Env,
    ) -> Res<String> {
        if args.len() != params.len() {
            return Err(arg_count(e, &params.len().to_string(), args.len()));
        }
        if self.inlining > 32 {
            return Err(BicepError::at(
                e.pos,
                "BCP080",
                format!("The expression is involved in a cycle (\"{name}\" -> \"{name}\")."),
            ));
        }
        self.inlined += 1;
        if self.inlined > super::MAX_INLINED_CALLS {
            return Err(BicepError::at(
                e.pos,
                "",
                format!(
                    "More than {} user function calls to inline (an hcsim limit).",
                    super::MAX_INLINED_CALLS
                ),
            ));
        }
        let mut inner = Env::default();
        for (p, a) in params.iter().zip(args) {
            let text = self.expr_text(a, env)?;
            inner.vars.push((p.clone(), text));
        }
        self.inlining += 1;
        let out = self.expr_text(body, &mut inner);
        self.inlining -= 1;
        for d in inner.deps {
            env.depend(&d.symbol, d.index);
        }
        out
    }

    /// `x => body` as ARM's `lambda('x', body)`, the variables read by `lambdaVariables`.
    fn lambda_text(&mut self, params: &[String], body: &Expr, env: &mut Env) -> Res<String> {
        let depth = env.vars.len();
        for p in params {
            env.vars.push((
                p.clone(),
                format!("lambdaVariables({})", super::low::quote(p)),
            ));
        }
        let text = self.expr_text(body, env);
        env.vars.truncate(depth);
        let names: Vec<String> = params.iter().map(|p| super::low::quote(p)).collect();
        Ok(format!("lambda({}, {})", names.join(", "), text?))
    }

    fn interp(&mut self, parts: &[String], holes: &[Expr], env: &mut Env) -> Res<String> {
        let mut pattern = String::new();
        let mut args = Vec::new();
        for (i, p) in parts.iter().enumerate() {
            pattern.push_str(&format_text(p));
            if let Some(h) = holes.get(i) {
                pattern.push_str(&format!("{{{i}}}"));
                args.push(self.expr_text(h, env)?);
            }
        }
        Ok(format!(
            "format({}, {})",
            super::low::quote(&pattern),
            args.join(", ")
        ))
    }

    fn ident_text(&mut self, name: &str, e: &Expr, env: &mut Env) -> Res<String> {
        if let Some(t) = env.lookup(name) {
            return Ok(t.to_string());
        }
        match self.syms.get(name).cloned() {
            Some(Sym::Param) => Ok(format!("parameters({})", super::low::quote(name))),
            Some(Sym::Var(_)) => self.var_text(name, e, env),
            Some(Sym::Res(_) | Sym::Module(_)) => self.symbol_value(name, None, e, env),
            Some(Sym::Const(value)) => {
                if self.inlining > 32 {
                    return Err(unknown_name(e.pos, name));
                }
                self.inlining += 1;
                let mut inner = Env::default();
                let out = self.expr_text(&value, &mut inner);
                self.inlining -= 1;
                out
            }
            Some(Sym::Type(_) | Sym::Func(..)) | None => Err(unknown_name(e.pos, name)),
        }
    }

    /// A variable: `variables('x')`, or its value inlined when it reads runtime state.
    fn var_text(&mut self, name: &str, e: &Expr, env: &mut Env) -> Res<String> {
        let v = self.var_low(name, e)?;
        for d in &v.deps {
            env.depend(&d.symbol, d.index.clone());
        }
        Ok(if v.inline {
            v.low.expr()
        } else {
            format!("variables({})", super::low::quote(name))
        })
    }

    fn call_text(&mut self, name: &str, args: &[Expr], e: &Expr, env: &mut Env) -> Res<String> {
        match name {
            "any" => {
                return match args {
                    [a] => self.expr_text(a, env),
                    _ => Err(arg_count(e, "1", args.len())),
                };
            }
            "loadTextContent" | "loadJsonContent" | "loadFileAsBase64" => {
                return Ok(self.load_function(name, args, e)?.expr());
            }
            _ => {}
        }
        if let Some(Sym::Func(params, body)) = self.syms.get(name).cloned() {
            return self.inline_func(name, &params, &body, args, e, env);
        }
        let Some(f) = funcs::known(name) else {
            return Err(unknown_name(e.pos, name));
        };
        let mut out = Vec::new();
        for a in args {
            out.push(self.expr_text(a, env)?);
        }
        Ok(format!("{f}({})", out.join(", ")))
    }

    fn method_text(
        &mut self,
        target: &Expr,
        name: &str,
        args: &[Expr],
        env: &mut Env,
    ) -> Res<String> {
        if let Kind::Ident(ns) = &target.kind
            && let Some(Sym::Func(params, body)) = self.syms.get(&format!("{ns}.{name}")).cloned()
        {
            let call = Expr {
                kind: Kind::Call(None, format!("{ns}.{name}"), args.to_vec()),
                pos: target.pos,
            };
            return self.inline_func(name, &params, &body, args, &call, env);
        }
        if let Some((sym, index)) = self.resource_target(target, env)? {
            return self.resource_function(&sym, index, name, args, target, env);
        }
        Err(BicepError::at(
            target.pos,
            "",
            format!("The function \"{name}\" cannot be called on this value."),
        ))
    }

    /// `a.b`, `a.?b`, `a[i]`, `a[?i]`, `p::c`.
    fn access_text(&mut self, e: &Expr, env: &mut Env) -> Res<String> {
        if let Kind::Prop(t, member, _) = &e.kind
            && let Kind::Ident(ns) = &t.kind
            && env.lookup(ns).is_none()
        {
            let qualified = format!("{ns}.{member}");
            if matches!(self.syms.get(&qualified), Some(Sym::Const(_))) {
                return self.ident_text(&qualified, e, env);
            }
        }
        if let Some(t) = self.reference_access(e, env)? {
            return Ok(t);
        }
        match &e.kind {
            Kind::Prop(t, name, safe) => {
                let t = self.expr_text(t, env)?;
                Ok(if *safe {
                    format!("tryGet({t}, {})", super::low::quote(name))
                } else {
                    access(&t, name)
                })
            }
            Kind::Index(t, i, safe) => {
                let (t, i) = (self.expr_text(t, env)?, self.expr_text(i, env)?);
                Ok(if *safe {
                    format!("tryGet({t}, {i})")
                } else {
                    format!("{t}[{i}]")
                })
            }
            _ => self.child_value(e, env),
        }
    }
}

/// BCP071: a wrong number of arguments.
pub fn arg_count(e: &Expr, expected: &str, got: usize) -> BicepError {
    BicepError::at(
        e.pos,
        "BCP071",
        format!(
            "Expected {expected} argument{}, but got {got}.",
            if expected == "1" { "" } else { "s" }
        ),
    )
}
