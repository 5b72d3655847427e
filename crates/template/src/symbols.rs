//! Parameters and variables, resolved lazily and exactly once.
//!
//! ARM lets a parameter default use other parameters and a variable use other variables,
//! in any order of declaration. We evaluate each on first use, memoise the value, and mark
//! it busy meanwhile so that a cycle (`a` uses `b` uses `a`) is reported instead of
//! recursing forever.

use crate::context::{CopyFrame, Ctx, EvalError, RefMode, Site, SymbolTable};
use crate::error::TemplateError;
use crate::expr::eval::{copy_count, eval_value};
use crate::params;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cell::RefCell;
use serde_json::{Map, Value};

enum Slot {
    Param {
        name: String,
        def: Map<String, Value>,
        supplied: Option<Value>,
    },
    Var {
        name: String,
        raw: Value,
    },
    VarCopy {
        name: String,
        spec: Map<String, Value>,
        path: String,
    },
    Busy(String),
    Done(String, Value),
}

/// The parameter and variable tables of one template.
pub(crate) struct Symbols {
    params: RefCell<BTreeMap<String, Slot>>,
    vars: RefCell<BTreeMap<String, Slot>>,
    /// The template's `contentVersion`, for `deployment()`.
    pub content_version: String,
}

impl Symbols {
    /// Tables from the template's `parameters` definitions, the supplied values (lowercased
    /// names) and the `variables` object.
    pub fn new(
        param_defs: &Map<String, Value>,
        mut supplied: BTreeMap<String, (String, Value)>,
        variables: &Map<String, Value>,
        content_version: String,
    ) -> Result<Self, TemplateError> {
        let mut params = BTreeMap::new();
        for (name, def) in param_defs {
            let Value::Object(def) = def else {
                return Err(TemplateError::invalid(
                    format!("The template parameter '{name}' must be an object with a 'type'."),
                    format!("parameters.{name}"),
                ));
            };
            let given = supplied.remove(&name.to_ascii_lowercase()).map(|(_, v)| v);
            params.insert(
                name.to_ascii_lowercase(),
                Slot::Param {
                    name: name.clone(),
                    def: def.clone(),
                    supplied: given,
                },
            );
        }
        if !supplied.is_empty() {
            let extra: Vec<&str> = supplied.values().map(|(n, _)| n.as_str()).collect();
            let known: Vec<&str> = param_defs.keys().map(String::as_str).collect();
            return Err(TemplateError::invalid(
                format!(
                    "Deployment template validation failed: 'The template parameters '{}' in the parameters file are not valid; they are not present in the original template and can therefore not be provided at deployment time. The only supported parameters for this template are '{}'.'",
                    extra.join(", "),
                    known.join(", ")
                ),
                "parameters",
            ));
        }
        let mut vars = BTreeMap::new();
        for (name, raw) in variables {
            if name == "copy" {
                let Value::Array(loops) = raw else {
                    return Err(TemplateError::invalid(
                        "The variables 'copy' property must be an array.",
                        "variables.copy",
                    ));
                };
                for (i, l) in loops.iter().enumerate() {
                    let path = format!("variables.copy[{i}]");
                    let Some(spec) = l.as_object() else {
                        return Err(TemplateError::invalid(
                            "A variable copy must be an object.",
                            path,
                        ));
                    };
                    let Some(Value::String(vname)) = spec.get("name") else {
                        return Err(TemplateError::invalid(
                            "A variable copy requires a string 'name'.",
                            path,
                        ));
                    };
                    vars.insert(
                        vname.to_ascii_lowercase(),
                        Slot::VarCopy {
                            name: vname.clone(),
                            spec: spec.clone(),
                            path,
                        },
                    );
                }
                continue;
            }
            vars.insert(
                name.to_ascii_lowercase(),
                Slot::Var {
                    name: name.clone(),
                    raw: raw.clone(),
                },
            );
        }
        Ok(Self {
            params: RefCell::new(params),
            vars: RefCell::new(vars),
            content_version,
        })
    }

    /// `parameters(name)`.
    pub fn param(&self, name: &str, ctx: &Ctx<'_>) -> Result<Value, EvalError> {
        let key = name.to_ascii_lowercase();
        let slot = {
            let mut m = self.params.borrow_mut();
            match m.get_mut(&key) {
                None => {
                    return Err(EvalError::Msg(format!(
                        "The template parameter '{name}' is not found. Please see https://aka.ms/arm-syntax-parameters for usage details."
                    )));
                }
                Some(Slot::Done(_, v)) => return Ok(v.clone()),
                Some(Slot::Busy(n)) => {
                    return Err(EvalError::Msg(format!(
                        "The template parameter '{n}' refers to itself through its default value (circular reference)."
                    )));
                }
                Some(s) => core::mem::replace(s, Slot::Busy(name.to_string())),
            }
        };
        let Slot::Param {
            name,
            def,
            supplied,
        } = slot
        else {
            return Err(EvalError::Msg(
                "internal: parameter slot of the wrong kind".to_string(),
            ));
        };
        let pctx = ctx.at_site(Site::ParameterDefault, RefMode::NotAllowed, &[]);
        let v = params::resolve(&name, &def, supplied, &pctx).map_err(EvalError::Located)?;
        self.params
            .borrow_mut()
            .insert(key, Slot::Done(name, v.clone()));
        Ok(v)
    }

    /// `variables(name)`.
    pub fn var(&self, name: &str, ctx: &Ctx<'_>) -> Result<Value, EvalError> {
        let key = name.to_ascii_lowercase();
        let slot = {
            let mut m = self.vars.borrow_mut();
            match m.get_mut(&key) {
                None => {
                    return Err(EvalError::Msg(format!(
                        "The template variable '{name}' is not found. Please see https://aka.ms/arm-syntax-variables for usage details."
                    )));
                }
                Some(Slot::Done(_, v)) => return Ok(v.clone()),
                Some(Slot::Busy(n)) => {
                    return Err(EvalError::Msg(format!(
                        "The template variable '{n}' refers to itself (circular reference)."
                    )));
                }
                Some(s) => core::mem::replace(s, Slot::Busy(name.to_string())),
            }
        };
        // reference() and list*() are not allowed in variables in ARM.
        let vctx = ctx.at_site(Site::Variable, RefMode::NotAllowed, &[]);
        let (vname, v) = match slot {
            Slot::Var { name, raw } => {
                let path = crate::context::join_path("variables", &name);
                let v = eval_value(&raw, &vctx, &path, true).map_err(EvalError::Located)?;
                (name, v)
            }
            Slot::VarCopy { name, spec, path } => {
                let count = copy_count(spec.get("count"), &vctx, &format!("{path}.count"))
                    .map_err(EvalError::Located)?;
                let input = spec.get("input").ok_or_else(|| {
                    EvalError::Located(TemplateError::invalid(
                        "A variable copy requires an 'input'.",
                        path.clone(),
                    ))
                })?;
                let mut items = Vec::new();
                for i in 0..count {
                    let frames = [CopyFrame {
                        name: Some(name.clone()),
                        index: i,
                    }];
                    let ictx = vctx.with_copy(&frames);
                    items.push(
                        eval_value(input, &ictx, &format!("{path}.input"), true)
                            .map_err(EvalError::Located)?,
                    );
                }
                (name, Value::Array(items))
            }
            _ => {
                return Err(EvalError::Msg(
                    "internal: variable slot of the wrong kind".to_string(),
                ));
            }
        };
        self.vars
            .borrow_mut()
            .insert(key, Slot::Done(vname, v.clone()));
        Ok(v)
    }

    /// Resolves every parameter, then every variable, so errors surface at plan time even
    /// for unused ones (as ARM validates them all).
    pub fn force_all(&self, ctx: &Ctx<'_>) -> Result<(), TemplateError> {
        let unwrap = |e: EvalError, path: String| match e {
            EvalError::Located(e) => e,
            EvalError::Msg(m) => TemplateError::invalid(m, path),
            EvalError::Unknown => {
                TemplateError::invalid("The value is not known before deployment.", path)
            }
        };
        let pkeys: Vec<String> = self.params.borrow().keys().cloned().collect();
        for k in pkeys {
            self.param(&k, ctx)
                .map_err(|e| unwrap(e, format!("parameters.{k}")))?;
        }
        let vkeys: Vec<String> = self.vars.borrow().keys().cloned().collect();
        for k in vkeys {
            self.var(&k, ctx)
                .map_err(|e| unwrap(e, format!("variables.{k}")))?;
        }
        Ok(())
    }

    /// Resolved parameter values by declared name (after [`Symbols::force_all`]).
    pub fn parameter_values(&self) -> Map<String, Value> {
        let mut m = Map::new();
        for slot in self.params.borrow().values() {
            if let Slot::Done(n, v) = slot {
                m.insert(n.clone(), v.clone());
            }
        }
        m
    }
}

impl SymbolTable for Symbols {
    fn param(&self, name: &str, ctx: &Ctx<'_>) -> Result<Value, EvalError> {
        Symbols::param(self, name, ctx)
    }

    fn var(&self, name: &str, ctx: &Ctx<'_>) -> Result<Value, EvalError> {
        Symbols::var(self, name, ctx)
    }

    fn content_version(&self) -> &str {
        &self.content_version
    }
}
