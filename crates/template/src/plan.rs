//! Planning: from template + parameters + scope to an ordered list of concrete resources.
//!
//! [`plan`] expands copy loops and nested `resources`, applies conditions, computes names,
//! types, api versions and canonical ids, and builds the dependency graph. Bodies stay
//! unevaluated until [`Plan::resolve_body`], because they may use `reference()` on
//! resources that only exist once earlier waves have deployed.

use crate::context::{CopyFrame, Ctx, RefMode, Site, new_fuel, type_name};
use crate::error::TemplateError;
use crate::expr::eval::{copy_count, eval_string, eval_value};
use crate::limits::{MAX_NESTED_RESOURCE_DEPTH, MAX_PARAMETERS_BYTES, MAX_RESOURCES};
use crate::model::{Template, parse_template};
use crate::nested;
use crate::scope::{ResourceReader, Scope};
use crate::symbols::Symbols;
use crate::{graph, ids, params};
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cell::Cell;
use serde_json::{Map, Value};

/// Members ARM accepts on a resource.
const RESOURCE_KEYS: &[&str] = &[
    "type",
    "apiVersion",
    "name",
    "location",
    "kind",
    "sku",
    "tags",
    "identity",
    "properties",
    "dependsOn",
    "condition",
    "copy",
    "resources",
    "scope",
    "comments",
    "metadata",
    "plan",
    "zones",
    "managedBy",
    "extendedLocation",
    "etag",
    "scale",
];

/// Members that describe the deployment of a resource rather than its body.
const NON_BODY_KEYS: &[&str] = &[
    "type",
    "apiVersion",
    "name",
    "dependsOn",
    "condition",
    "copy",
    "resources",
    "comments",
    "metadata",
    "scope",
];

/// Where a resource sits in its copy loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyPosition {
    /// The loop's name.
    pub name: String,
    /// Zero-based index in the loop.
    pub index: i64,
    /// Number of iterations.
    pub count: i64,
}

/// One concrete resource of a plan.
#[derive(Debug, Clone)]
pub struct PlannedResource {
    /// Canonical resource id.
    pub id: String,
    /// Full resource type, e.g. `Microsoft.HealthcareApis/workspaces/fhirservices`.
    pub resource_type: String,
    /// Full name, e.g. `ws1/fhir1`.
    pub name: String,
    /// The `apiVersion` the template asks for.
    pub api_version: String,
    /// For extension resources: the id of the resource they extend.
    pub scope: Option<String>,
    /// Indices (into [`Plan::resources`]) of the resources this one waits for.
    pub depends_on: Vec<usize>,
    /// JSON path of the template resource it came from, e.g. `resources[2]`.
    pub path: String,
    /// Copy-loop position, when the resource comes from a loop.
    pub copy: Option<CopyPosition>,
    body: Map<String, Value>,
    frames: Vec<CopyFrame>,
}

/// Result of evaluating a body for a what-if preview.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviewBody {
    /// The body; unknown values keep their expression text (`"[reference(...)...]"`).
    pub body: Value,
    /// True when some value depends on a resource that does not exist yet.
    pub deferred: bool,
}

/// A validated, expanded template ready to deploy.
pub struct Plan {
    resources: Vec<PlannedResource>,
    waves: Vec<Vec<usize>>,
    symbols: Symbols,
    scope: Scope,
    outputs: Map<String, Value>,
    names: BTreeMap<String, Vec<String>>,
}

impl core::fmt::Debug for Plan {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Plan")
            .field("resources", &self.resources)
            .field("waves", &self.waves)
            .finish_non_exhaustive()
    }
}

/// A resource instance during expansion, before dependencies are resolved.
struct Instance {
    planned: PlannedResource,
    included: bool,
    depends_raw: Vec<(String, String)>,
    parent: Option<usize>,
    loop_key: Option<(usize, String)>,
    batch: Option<(i64, i64)>,
}

struct Expander<'a> {
    scope: &'a Scope,
    symbols: &'a Symbols,
    fuel: Cell<u64>,
    unknown: Cell<bool>,
    guid_counter: Cell<u64>,
    empty_names: BTreeMap<String, Vec<String>>,
    out: Vec<Instance>,
    /// Copy loop names (lowercased) to the template resource that declares them.
    loops: BTreeMap<String, usize>,
    next_template_key: usize,
}

/// Plans a deployment of `template_json` with `parameters` into `scope`.
pub fn plan(template_json: &str, parameters: &Value, scope: &Scope) -> Result<Plan, TemplateError> {
    let template = parse_template(template_json)?;
    plan_template(template, parameters, scope)
}

/// Plans with the parameter values given as JSON text (any accepted shape).
pub fn plan_with_parameter_text(
    template_json: &str,
    parameters_json: &str,
    scope: &Scope,
) -> Result<Plan, TemplateError> {
    if parameters_json.len() > MAX_PARAMETERS_BYTES {
        return Err(TemplateError::new(
            crate::error::REQUEST_TOO_LARGE,
            "The parameters document exceeds the maximum size of 4 MB.",
            "parameters",
        ));
    }
    let p: Value = if parameters_json.trim().is_empty() {
        Value::Null
    } else {
        serde_json::from_str(parameters_json).map_err(|e| {
            TemplateError::invalid(
                format!("The parameters are not valid JSON: {e}."),
                "parameters",
            )
        })?
    };
    plan(template_json, &p, scope)
}

fn plan_template(t: Template, parameters: &Value, scope: &Scope) -> Result<Plan, TemplateError> {
    let supplied = params::supplied(parameters)?;
    let symbols = Symbols::new(
        &t.parameters,
        supplied,
        &t.variables,
        t.content_version.clone(),
    )?;
    let mut ex = Expander {
        scope,
        symbols: &symbols,
        fuel: new_fuel(),
        unknown: Cell::new(false),
        guid_counter: Cell::new(0),
        empty_names: BTreeMap::new(),
        out: Vec::new(),
        loops: BTreeMap::new(),
        next_template_key: 0,
    };
    {
        let ctx = ex.ctx(Site::Plan, &[]);
        symbols.force_all(&ctx)?;
    }
    for (i, r) in t.resources.iter().enumerate() {
        ex.expand(r, &format!("resources[{i}]"), None, &[], 0)?;
    }
    let Expander { out, loops, .. } = ex;
    let (resources, waves) = link(out, &loops, scope)?;
    let mut names: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in &resources {
        names
            .entry(r.name.to_ascii_lowercase())
            .or_default()
            .push(r.id.clone());
    }
    Ok(Plan {
        resources,
        waves,
        symbols,
        scope: scope.clone(),
        outputs: t.outputs,
        names,
    })
}

fn str_member<'v>(
    m: &'v Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<&'v Value, TemplateError> {
    m.get(key).ok_or_else(|| {
        TemplateError::invalid(
            format!("Required property '{key}' not found in JSON."),
            format!("{path}.{key}"),
        )
    })
}

/// A relative scope `Namespace.Provider/type/name[/childType/childName]` (Bicep writes it for
/// a symbolic `scope:`) as the id of that resource in the group `group_id`.
fn relative_scope(group_id: &str, scope: &str) -> Result<String, String> {
    let parts: Vec<&str> = scope.trim_end_matches('/').split('/').collect();
    let (namespace, rest) = parts.split_first().unwrap_or((&"", &[]));
    let types: Vec<&str> = rest.iter().step_by(2).copied().collect();
    let names: Vec<&str> = rest.iter().skip(1).step_by(2).copied().collect();
    let full_type = alloc::format!("{namespace}/{}", types.join("/"));
    ids::under_scope(group_id, &full_type, &names.join("/"))
}

fn as_string(v: Value, what: &str, path: &str) -> Result<String, TemplateError> {
    match v {
        Value::String(s) => Ok(s),
        other => Err(TemplateError::invalid(
            format!("The {what} must be a string, not '{}'.", type_name(&other)),
            path,
        )),
    }
}

impl Expander<'_> {
    fn ctx<'c>(&'c self, site: Site, frames: &'c [CopyFrame]) -> Ctx<'c> {
        Ctx {
            scope: self.scope,
            symbols: self.symbols,
            copy: frames,
            site,
            refs: RefMode::NotAllowed,
            names: &self.empty_names,
            fuel: &self.fuel,
            unknown: &self.unknown,
            new_guid_counter: &self.guid_counter,
        }
    }

    fn eval_str(
        &self,
        v: &Value,
        frames: &[CopyFrame],
        what: &str,
        path: &str,
    ) -> Result<String, TemplateError> {
        let ctx = self.ctx(Site::Plan, frames);
        let out = match v {
            Value::String(s) => eval_string(s, &ctx, path)?,
            other => other.clone(),
        };
        as_string(out, what, path)
    }

    /// A resource's copy loop (name, count, and the batch size when serial), if it has one;
    /// the loop name is registered (names are unique in a template).
    fn resource_copy(
        &mut self,
        res: &Map<String, Value>,
        path: &str,
        frames: &[CopyFrame],
        template_key: usize,
    ) -> Result<Option<(String, i64, Option<i64>)>, TemplateError> {
        match res.get("copy") {
            None => Ok(None),
            Some(Value::Object(c)) => {
                let cpath = format!("{path}.copy");
                let name = self.eval_str(
                    str_member(c, "name", &cpath)?,
                    frames,
                    "copy name",
                    &format!("{cpath}.name"),
                )?;
                let count = copy_count(
                    c.get("count"),
                    &self.ctx(Site::Plan, frames),
                    &format!("{cpath}.count"),
                )?;
                let serial = match c.get("mode") {
                    None => false,
                    Some(Value::String(m)) if m.eq_ignore_ascii_case("parallel") => false,
                    Some(Value::String(m)) if m.eq_ignore_ascii_case("serial") => true,
                    Some(other) => {
                        return Err(TemplateError::invalid(
                            format!(
                                "The copy mode '{}' is not valid; use 'serial' or 'parallel'.",
                                crate::functions::to_display(other)
                            ),
                            format!("{cpath}.mode"),
                        ));
                    }
                };
                let batch = match c.get("batchSize") {
                    None => 1,
                    Some(v) => {
                        let ctx = self.ctx(Site::Plan, frames);
                        let b = eval_value(v, &ctx, &format!("{cpath}.batchSize"), false)?;
                        b.as_i64()
                            .filter(|b| (1..=800).contains(b))
                            .ok_or_else(|| {
                                TemplateError::invalid(
                                    "The copy batchSize must be an integer from 1 to 800.",
                                    format!("{cpath}.batchSize"),
                                )
                            })?
                    }
                };
                let lname = name.to_ascii_lowercase();
                if self.loops.insert(lname, template_key).is_some() {
                    return Err(TemplateError::invalid(
                        format!("The copy name '{name}' is used more than once in the template."),
                        format!("{cpath}.name"),
                    ));
                }
                Ok(Some((name, count, serial.then_some(batch))))
            }
            Some(_) => Err(TemplateError::invalid(
                "A resource 'copy' must be an object.",
                format!("{path}.copy"),
            )),
        }
    }

    fn expand(
        &mut self,
        raw: &Value,
        path: &str,
        parent: Option<usize>,
        frames: &[CopyFrame],
        depth: usize,
    ) -> Result<(), TemplateError> {
        if depth > MAX_NESTED_RESOURCE_DEPTH {
            return Err(TemplateError::invalid(
                format!("Nested resources may be at most {MAX_NESTED_RESOURCE_DEPTH} levels deep."),
                path,
            ));
        }
        let Value::Object(res) = raw else {
            return Err(TemplateError::invalid(
                "A resource must be a JSON object.",
                path,
            ));
        };
        for k in res.keys() {
            // A nested deployment may also say where it runs (`resourceGroup`, …).
            let placement = nested::PLACEMENT_KEYS
                .iter()
                .any(|r| r.eq_ignore_ascii_case(k))
                && res
                    .get("type")
                    .and_then(Value::as_str)
                    .is_some_and(nested::is_deployment);
            if !placement && !RESOURCE_KEYS.iter().any(|r| r.eq_ignore_ascii_case(k)) {
                return Err(TemplateError::invalid(
                    format!("Could not find member '{k}' on object of type 'TemplateResource'."),
                    format!("{path}.{k}"),
                ));
            }
        }
        let template_key = self.next_template_key;
        self.next_template_key += 1;
        let copy = self.resource_copy(res, path, frames, template_key)?;
        let iterations: Vec<Option<i64>> = match &copy {
            None => alloc::vec![None],
            Some((_, count, _)) => (0..*count).map(Some).collect(),
        };
        for it in iterations {
            let mut f: Vec<CopyFrame> = frames.to_vec();
            if let (Some(i), Some((name, _, _))) = (it, &copy) {
                f.push(CopyFrame {
                    name: Some(name.clone()),
                    index: i,
                });
            }
            self.instance(
                res,
                path,
                parent,
                &f,
                it,
                copy.as_ref(),
                template_key,
                depth,
            )?;
        }
        Ok(())
    }

    /// A resource's `condition` (true when absent).
    fn condition(
        &self,
        res: &Map<String, Value>,
        path: &str,
        frames: &[CopyFrame],
    ) -> Result<bool, TemplateError> {
        Ok(match res.get("condition") {
            None => true,
            Some(c) => {
                let ctx = self.ctx(Site::Plan, frames);
                let cpath = format!("{path}.condition");
                match eval_value(c, &ctx, &cpath, false)? {
                    Value::Bool(b) => b,
                    Value::String(s) if s.eq_ignore_ascii_case("true") => true,
                    Value::String(s) if s.eq_ignore_ascii_case("false") => false,
                    other => {
                        return Err(TemplateError::invalid(
                            format!(
                                "The condition must evaluate to a boolean, not '{}'.",
                                type_name(&other)
                            ),
                            cpath,
                        ));
                    }
                }
            }
        })
    }

    /// Full type and name of a resource (a nested resource's are relative to its parent),
    /// and whether its parent is included.
    fn full_names(&self, parent: Option<usize>, ty: &str, name: &str) -> (String, String, bool) {
        match parent {
            Some(p) => {
                let pr = &self.out[p].planned;
                let full_type = if ty.split('/').next().is_some_and(|s| s.contains('.')) {
                    ty.to_string()
                } else {
                    format!("{}/{}", pr.resource_type, ty)
                };
                let segs = full_type.split('/').count() - 1;
                let full_name = if name.split('/').count() == segs {
                    name.to_string()
                } else {
                    format!("{}/{}", pr.name, name)
                };
                (full_type, full_name, self.out[p].included)
            }
            None => (ty.to_string(), name.to_string(), true),
        }
    }

    /// A resource's `scope` as an id (Bicep's relative form resolved in the target group).
    fn scope_of(
        &self,
        res: &Map<String, Value>,
        path: &str,
        frames: &[CopyFrame],
    ) -> Result<Option<String>, TemplateError> {
        Ok(match res.get("scope") {
            None => None,
            Some(s) => {
                let spath = format!("{path}.scope");
                let s = self.eval_str(s, frames, "scope", &spath)?;
                Some(if s.starts_with('/') {
                    s.trim_end_matches('/').to_string()
                } else {
                    // Bicep's relative scope form: 'Microsoft.X/type/name[/type/name]' in this
                    // group, taken apart into type and name and rebuilt by the id helper
                    // (segment counts checked as ARM checks them).
                    relative_scope(&self.scope.resource_group_id(), &s)
                        .map_err(|message| TemplateError::invalid(message, spath.clone()))?
                })
            }
        })
    }

    /// The group a nested deployment targets when its `resourceGroup` (and
    /// `subscriptionId`) members name another one.
    fn nested_group(
        &self,
        res: &Map<String, Value>,
        path: &str,
        frames: &[CopyFrame],
    ) -> Result<Option<String>, TemplateError> {
        let member = |k: &str| -> Result<Option<String>, TemplateError> {
            match res.get(k) {
                None => Ok(None),
                Some(v) => self
                    .eval_str(v, frames, k, &format!("{path}.{k}"))
                    .map(Some),
            }
        };
        let group = member("resourceGroup")?;
        let sub = member("subscriptionId")?;
        if group.is_none() && sub.is_none() {
            return Ok(None);
        }
        let sub = sub.unwrap_or_else(|| self.scope.subscription_id.clone());
        let group = group.unwrap_or_else(|| self.scope.resource_group.clone());
        Ok(Some(
            hcsim_arm::id::ArmPath::at_subscription(&sub)
                .group(&group)
                .to_string(),
        ))
    }

    /// A resource's `dependsOn` entries, evaluated, with their JSON paths.
    fn depends_raw(
        &self,
        res: &Map<String, Value>,
        path: &str,
        frames: &[CopyFrame],
    ) -> Result<Vec<(String, String)>, TemplateError> {
        let mut depends_raw = Vec::new();
        match res.get("dependsOn") {
            None => {}
            Some(Value::Array(ds)) => {
                for (i, d) in ds.iter().enumerate() {
                    let dpath = format!("{path}.dependsOn[{i}]");
                    depends_raw.push((self.eval_str(d, frames, "dependsOn entry", &dpath)?, dpath));
                }
            }
            Some(_) => {
                return Err(TemplateError::invalid(
                    "'dependsOn' must be an array.",
                    format!("{path}.dependsOn"),
                ));
            }
        }
        Ok(depends_raw)
    }

    #[allow(clippy::too_many_arguments)]
    fn instance(
        &mut self,
        res: &Map<String, Value>,
        path: &str,
        parent: Option<usize>,
        frames: &[CopyFrame],
        index: Option<i64>,
        copy: Option<&(String, i64, Option<i64>)>,
        template_key: usize,
        depth: usize,
    ) -> Result<(), TemplateError> {
        if self.out.len() >= MAX_RESOURCES {
            return Err(TemplateError::invalid(
                format!(
                    "Deployment template validation failed: 'The number of template resources limit exceeded. Limit: '{MAX_RESOURCES}' and actual: more than '{MAX_RESOURCES}'.'"
                ),
                path,
            ));
        }
        let ty = self.eval_str(
            str_member(res, "type", path)?,
            frames,
            "resource type",
            &format!("{path}.type"),
        )?;
        let name = self.eval_str(
            str_member(res, "name", path)?,
            frames,
            "resource name",
            &format!("{path}.name"),
        )?;
        let api_version = self.eval_str(
            str_member(res, "apiVersion", path)?,
            frames,
            "apiVersion",
            &format!("{path}.apiVersion"),
        )?;
        let nested_group = if nested::is_deployment(&ty) {
            nested::check(res, path)?;
            self.nested_group(res, path, frames)?
        } else {
            None
        };
        let included = self.condition(res, path, frames)?;
        let (full_type, full_name, parent_included) = self.full_names(parent, &ty, &name);
        let scope_id = self.scope_of(res, path, frames)?;
        let base = scope_id
            .clone()
            .or(nested_group)
            .unwrap_or_else(|| self.scope.resource_group_id());
        let id = ids::under_scope(&base, &full_type, &full_name)
            .map_err(|m| TemplateError::invalid(m, format!("{path}.name")))?;
        let depends_raw = self.depends_raw(res, path, frames)?;
        let mut body = res.clone();
        body.remove("resources");
        let planned = PlannedResource {
            id,
            resource_type: full_type,
            name: full_name,
            api_version,
            scope: scope_id,
            depends_on: Vec::new(),
            path: path.to_string(),
            copy: match (copy, index) {
                (Some((n, c, _)), Some(i)) => Some(CopyPosition {
                    name: n.clone(),
                    index: i,
                    count: *c,
                }),
                _ => None,
            },
            body,
            frames: frames.to_vec(),
        };
        let me = self.out.len();
        self.out.push(Instance {
            planned,
            included: included && parent_included,
            depends_raw,
            parent,
            loop_key: copy.map(|(n, _, _)| (template_key, n.to_ascii_lowercase())),
            batch: match (copy, index) {
                (Some((_, _, Some(b))), Some(i)) => Some((*b, i)),
                _ => None,
            },
        });
        match res.get("resources") {
            None => {}
            Some(Value::Array(children)) => {
                for (i, c) in children.iter().enumerate() {
                    self.expand(
                        c,
                        &format!("{path}.resources[{i}]"),
                        Some(me),
                        frames,
                        depth + 1,
                    )?;
                }
            }
            Some(_) => {
                return Err(TemplateError::invalid(
                    "'resources' must be an array.",
                    format!("{path}.resources"),
                ));
            }
        }
        Ok(())
    }
}

/// Does dependency string `dep` designate `r`? By id, by name, by `type/name` or by the
/// interleaved `Namespace/type/name` form, all case-insensitive as in ARM.
fn designates(dep: &str, r: &PlannedResource) -> bool {
    if dep.eq_ignore_ascii_case(&r.id) || dep.eq_ignore_ascii_case(&r.name) {
        return true;
    }
    let typed = format!("{}/{}", r.resource_type, r.name);
    if dep.eq_ignore_ascii_case(&typed) {
        return true;
    }
    ids::interleave(&r.resource_type, &r.name).is_ok_and(|i| dep.eq_ignore_ascii_case(&i))
}

/// Included resources by lower-cased id; a duplicate id is ARM's error.
fn included_ids(out: &[Instance]) -> Result<BTreeMap<String, usize>, TemplateError> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, inst) in out.iter().enumerate() {
        if !inst.included {
            continue;
        }
        if seen
            .insert(inst.planned.id.to_ascii_lowercase(), i)
            .is_some()
        {
            return Err(TemplateError::invalid(
                format!(
                    "Deployment template validation failed: 'The resource '{}' is defined multiple times in a template.'",
                    inst.planned.id
                ),
                inst.planned.path.clone(),
            ));
        }
    }
    Ok(seen)
}

/// The resources `inst`'s `dependsOn` designates (by id, name or copy-loop name), included
/// ones only (a dependency on an excluded resource is dropped, as in ARM).
fn explicit_dependencies(
    inst: &Instance,
    out: &[Instance],
    loops: &BTreeMap<String, usize>,
) -> Result<Vec<usize>, TemplateError> {
    let mut d: Vec<usize> = Vec::new();
    for (dep, dpath) in &inst.depends_raw {
        // A copy loop's name stands for all its instances (possibly none).
        let by_loop: Option<Vec<usize>> = loops.get(&dep.to_ascii_lowercase()).map(|key| {
            out.iter()
                .enumerate()
                .filter(|(_, o)| o.loop_key.as_ref().is_some_and(|(k, _)| k == key))
                .map(|(j, _)| j)
                .collect()
        });
        let is_loop = by_loop.is_some();
        let matches: Vec<usize> = match by_loop {
            Some(m) => m,
            None => out
                .iter()
                .enumerate()
                .filter(|(_, o)| designates(dep, &o.planned))
                .map(|(j, _)| j)
                .collect(),
        };
        if matches.is_empty() && !is_loop {
            return Err(TemplateError::invalid(
                format!(
                    "Deployment template validation failed: 'The resource '{dep}' is not defined in the template. Please see https://aka.ms/arm-syntax for usage details.'"
                ),
                dpath.clone(),
            ));
        }
        // A dependency on a resource whose condition is false is dropped, as in ARM.
        d.extend(matches.into_iter().filter(|&j| out[j].included));
    }
    Ok(d)
}

/// Resolves dependencies, drops excluded resources and orders the rest.
fn link(
    out: Vec<Instance>,
    loops: &BTreeMap<String, usize>,
    scope: &Scope,
) -> Result<(Vec<PlannedResource>, Vec<Vec<usize>>), TemplateError> {
    let _ = scope;
    let seen = included_ids(&out)?;
    let mut deps: Vec<Vec<usize>> = alloc::vec![Vec::new(); out.len()];
    for (i, inst) in out.iter().enumerate() {
        if !inst.included {
            continue;
        }
        let mut d = explicit_dependencies(inst, &out, loops)?;
        if let Some(p) = inst.parent {
            d.push(p);
        }
        // `parent/child` names: depend on the parent when the template defines it.
        if inst.planned.name.contains('/')
            && let (Some(pt), Some(pn)) = (
                inst.planned.resource_type.rsplit_once('/').map(|x| x.0),
                inst.planned.name.rsplit_once('/').map(|x| x.0),
            )
        {
            let base = match &inst.planned.scope {
                Some(s) => s.clone(),
                None => {
                    // The id starts with the resource group scope.
                    let lower = inst.planned.id.to_ascii_lowercase();
                    let at = lower.find("/providers/").unwrap_or(0);
                    inst.planned.id[..at].to_string()
                }
            };
            if let Ok(pid) = ids::under_scope(&base, pt, pn)
                && let Some(&j) = seen.get(&pid.to_ascii_lowercase())
            {
                d.push(j);
            }
        }
        // Serial copy: each batch waits for the previous one.
        if let (Some((batch, idx)), Some((key, _))) = (inst.batch, &inst.loop_key) {
            let prev_batch = idx / batch - 1;
            if prev_batch >= 0 {
                for (j, o) in out.iter().enumerate() {
                    if o.loop_key.as_ref().is_some_and(|(k, _)| k == key)
                        && let Some((_, jdx)) = o.batch
                        && jdx / batch == prev_batch
                        && o.included
                    {
                        d.push(j);
                    }
                }
            }
        }
        d.sort_unstable();
        d.dedup();
        deps[i] = d;
    }
    // Renumber to included resources only.
    let mut new_index = alloc::vec![usize::MAX; out.len()];
    let mut resources = Vec::new();
    for (i, inst) in out.into_iter().enumerate() {
        if inst.included {
            new_index[i] = resources.len();
            resources.push(inst.planned);
        }
    }
    let mut compact: Vec<Vec<usize>> = Vec::with_capacity(resources.len());
    for (i, d) in deps.into_iter().enumerate() {
        if new_index[i] != usize::MAX {
            compact.push(
                d.into_iter()
                    .map(|j| new_index[j])
                    .filter(|&j| j != usize::MAX)
                    .collect(),
            );
        }
    }
    for (r, d) in resources.iter_mut().zip(compact.iter()) {
        r.depends_on = d.clone();
    }
    let waves = graph::waves(&compact).map_err(|cycle| {
        let names: Vec<String> = cycle.iter().map(|&i| format!("'{}'", resources[i].id)).collect();
        let path = cycle.first().map(|&i| resources[i].path.clone()).unwrap_or_default();
        TemplateError::invalid(
            format!(
                "Deployment template validation failed: 'Circular dependency detected on resource: {}. Please see https://aka.ms/arm-template/#resources for usage details.'",
                names.join(" -> ")
            ),
            path,
        )
    })?;
    Ok((resources, waves))
}

impl Plan {
    /// The planned resources (only those whose condition is true), in template order.
    pub fn resources(&self) -> &[PlannedResource] {
        &self.resources
    }

    /// Waves: every resource's dependencies are in earlier waves, so a wave's members can
    /// deploy in parallel.
    pub fn waves(&self) -> &[Vec<usize>] {
        &self.waves
    }

    /// A topological order (the waves, flattened).
    pub fn order(&self) -> Vec<usize> {
        self.waves.iter().flatten().copied().collect()
    }

    /// Index of the resource with this id (case-insensitive).
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.resources
            .iter()
            .position(|r| r.id.eq_ignore_ascii_case(id))
    }

    /// The final parameter values (supplied or defaulted), by declared name.
    pub fn parameters(&self) -> Map<String, Value> {
        self.symbols.parameter_values()
    }

    /// The deployment scope this plan was made for.
    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    fn body(
        &self,
        index: usize,
        refs: RefMode<'_>,
        unknown: &Cell<bool>,
    ) -> Result<Value, TemplateError> {
        let r = self.resources.get(index).ok_or_else(|| {
            TemplateError::deployment(format!("The plan has no resource number {index}."), "")
        })?;
        let fuel = new_fuel();
        let counter = Cell::new(0);
        let ctx = Ctx {
            scope: &self.scope,
            symbols: &self.symbols,
            copy: &r.frames,
            site: Site::Body,
            refs,
            names: &self.names,
            fuel: &fuel,
            unknown,
            new_guid_counter: &counter,
        };
        let mut out = Map::new();
        let deployment = nested::is_deployment(&r.resource_type);
        for (k, v) in &r.body {
            if NON_BODY_KEYS.iter().any(|n| n.eq_ignore_ascii_case(k))
                || (deployment
                    && nested::PLACEMENT_KEYS
                        .iter()
                        .any(|n| n.eq_ignore_ascii_case(k)))
            {
                continue;
            }
            let path = format!("{}.{k}", r.path);
            if deployment && k == "properties" && nested::inner_scope(&r.body) {
                // The inner template is the nested deployment's to evaluate.
                let mut props = v.as_object().cloned().unwrap_or_default();
                let template = props.remove("template");
                let mut evaluated = eval_value(&Value::Object(props), &ctx, &path, true)?;
                if let (Some(t), Some(m)) = (template, evaluated.as_object_mut()) {
                    m.insert("template".to_string(), t);
                }
                out.insert(k.clone(), evaluated);
                continue;
            }
            out.insert(k.clone(), eval_value(v, &ctx, &path, k == "properties")?);
        }
        if let Some(s) = &r.scope {
            out.insert("scope".to_string(), Value::String(s.clone()));
        }
        Ok(Value::Object(out))
    }

    /// Evaluates resource `index`'s body at deploy time: `reference()` sees what `reader`
    /// knows, and a missing resource is an error. The result has no
    /// `type/name/apiVersion/dependsOn/condition/copy`.
    pub fn resolve_body(
        &self,
        index: usize,
        reader: &dyn ResourceReader,
    ) -> Result<Value, TemplateError> {
        let unknown = Cell::new(false);
        self.body(index, RefMode::Live(reader), &unknown)
    }

    /// Evaluates a body for what-if: values that depend on resources `reader` does not
    /// know are kept as expression text and the result is marked deferred.
    pub fn preview_body(
        &self,
        index: usize,
        reader: &dyn ResourceReader,
    ) -> Result<PreviewBody, TemplateError> {
        let unknown = Cell::new(false);
        let body = self.body(index, RefMode::Preview(reader), &unknown)?;
        Ok(PreviewBody {
            body,
            deferred: unknown.get(),
        })
    }

    /// The desired state of every planned resource for [`crate::what_if`].
    pub fn desired(
        &self,
        reader: &dyn ResourceReader,
    ) -> Result<Vec<crate::DesiredResource>, TemplateError> {
        let mut out = Vec::new();
        for (i, r) in self.resources.iter().enumerate() {
            let p = self.preview_body(i, reader)?;
            out.push(crate::DesiredResource {
                id: r.id.clone(),
                resource_type: r.resource_type.clone(),
                api_version: Some(r.api_version.clone()),
                body: p.body,
                deferred: p.deferred,
            });
        }
        Ok(out)
    }

    /// Evaluates the outputs in ARM's shape `{"name": {"type": "String", "value": ...}}`.
    /// Secure outputs carry no value. Outputs whose condition is false are left out.
    pub fn outputs(&self, reader: &dyn ResourceReader) -> Result<Value, TemplateError> {
        let fuel = new_fuel();
        let unknown = Cell::new(false);
        let counter = Cell::new(0);
        let ctx = Ctx {
            scope: &self.scope,
            symbols: &self.symbols,
            copy: &[],
            site: Site::Output,
            refs: RefMode::Live(reader),
            names: &self.names,
            fuel: &fuel,
            unknown: &unknown,
            new_guid_counter: &counter,
        };
        let mut out = Map::new();
        for (name, def) in &self.outputs {
            let path = crate::context::join_path("outputs", name);
            let Value::Object(def) = def else {
                return Err(TemplateError::invalid(
                    "An output must be an object with 'type' and 'value'.",
                    path,
                ));
            };
            if let Some(c) = def.get("condition") {
                match eval_value(c, &ctx, &format!("{path}.condition"), false)? {
                    Value::Bool(true) => {}
                    Value::Bool(false) => continue,
                    other => {
                        return Err(TemplateError::invalid(
                            format!(
                                "The output condition must be a boolean, not '{}'.",
                                type_name(&other)
                            ),
                            format!("{path}.condition"),
                        ));
                    }
                }
            }
            let ty = match def.get("type") {
                Some(Value::String(t)) => t.to_ascii_lowercase(),
                _ => {
                    return Err(TemplateError::invalid(
                        "Required property 'type' not found in JSON.",
                        format!("{path}.type"),
                    ));
                }
            };
            let value = output_value(def, &ctx, &path)?;
            let (arm, ok) = match ty.as_str() {
                "string" => ("String", value.is_string()),
                "securestring" => ("SecureString", value.is_string()),
                "int" => ("Int", value.is_i64()),
                "bool" => ("Bool", value.is_boolean()),
                "object" => ("Object", value.is_object()),
                "secureobject" => ("SecureObject", value.is_object()),
                "array" => ("Array", value.is_array()),
                _ => {
                    return Err(TemplateError::invalid(
                        format!("The output type '{ty}' is not valid."),
                        format!("{path}.type"),
                    ));
                }
            };
            if !ok {
                return Err(TemplateError::invalid(
                    format!(
                        "The template output '{name}' is not valid: the value is of type '{}' but the output is declared '{arm}'.",
                        type_name(&value)
                    ),
                    path,
                ));
            }
            let mut o = Map::new();
            o.insert("type".to_string(), Value::String(arm.to_string()));
            if !ty.starts_with("secure") {
                o.insert("value".to_string(), value);
            }
            out.insert(name.clone(), Value::Object(o));
        }
        Ok(Value::Object(out))
    }
}

/// An output's value: its `value`, or the items of its `copy` loop.
fn output_value(
    def: &Map<String, Value>,
    ctx: &Ctx<'_>,
    path: &str,
) -> Result<Value, TemplateError> {
    match (def.get("copy"), def.get("value")) {
        (Some(Value::Object(c)), _) => {
            let count = copy_count(c.get("count"), ctx, &format!("{path}.copy.count"))?;
            let input = c.get("input").ok_or_else(|| {
                TemplateError::invalid(
                    "An output copy requires an 'input'.",
                    format!("{path}.copy"),
                )
            })?;
            let mut items = Vec::new();
            for i in 0..count {
                let frames = [CopyFrame {
                    name: None,
                    index: i,
                }];
                let ictx = ctx.with_copy(&frames);
                items.push(eval_value(
                    input,
                    &ictx,
                    &format!("{path}.copy.input"),
                    false,
                )?);
            }
            Ok(Value::Array(items))
        }
        (Some(_), _) => Err(TemplateError::invalid(
            "An output 'copy' must be an object.",
            format!("{path}.copy"),
        )),
        (None, Some(v)) => eval_value(v, ctx, &format!("{path}.value"), false),
        (None, None) => Err(TemplateError::invalid(
            "Required property 'value' not found in JSON.",
            format!("{path}.value"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::relative_scope;

    const RG: &str = "/subscriptions/s/resourceGroups/rg1";

    /// Bicep's relative `scope` (e.g. `scope: vault` compiles to 'Microsoft.KeyVault/vaults/
    /// kv1') is a resource of the deployment's group; a child keeps its type/name pairs.
    #[test]
    fn relative_scopes_are_resources_of_the_group() {
        assert_eq!(
            relative_scope(RG, "Microsoft.KeyVault/vaults/kv1").unwrap(),
            "/subscriptions/s/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/kv1"
        );
        assert_eq!(
            relative_scope(RG, "Microsoft.KeyVault/vaults/kv1/keys/k1/").unwrap(),
            "/subscriptions/s/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/kv1/keys/k1"
        );
    }

    /// A type without its name, or no namespace, is refused with ARM's segment explanation
    /// instead of becoming some other path.
    #[test]
    fn malformed_relative_scopes_are_refused() {
        for bad in [
            "Microsoft.KeyVault/vaults",
            "vaults/kv1",
            "Microsoft.KeyVault/vaults//x",
            "",
        ] {
            assert!(relative_scope(RG, bad).is_err(), "{bad}");
        }
    }
}
