//! `az deployment group create`: the deployment record and the wave-by-wave deploy.
//!
//! Order of work, as ARM does it:
//! 1. Validate: group exists, template plans (a template error creates nothing).
//! 2. PUT the deployment record (`provisioningState: Running`).
//! 3. Deploy: every resource whose dependencies all `Succeeded` is PUT (bodies resolved
//!    now, so `reference()` sees what earlier waves created); virtual time then advances to
//!    the earliest operation end, repeatedly. A rejected PUT or a failed operation stops
//!    its dependents: they are never attempted.
//! 4. Complete mode: delete what the group holds and the template does not (children
//!    first; deployment records, role assignments, locks and private endpoint connections
//!    are left alone).
//! 5. Outputs, then PUT the record again: `Succeeded`, or `Failed` with `DeploymentFailed`
//!    and the inner errors (code, message, target resource and hcsim's rule id).
//!
//! Every loop is bounded by the number of resources; every wait by [`World::MAX_WAIT`].

use alloc::collections::BTreeSet;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value, json};

use hcsim_core::world::OpStatus;
use hcsim_core::{ArmError, Input, Output, ProvisioningState, Request, World};

use super::inputs::{self, DeployInput};
use super::{deployment_id, managed_in_group, mode_of, template_failure, what_if_report};
use crate::exec::{Ctx, Failure, Res, print};
use crate::lab::Outcome;
use crate::shell::Command;
use crate::template::{self, Plan, WhatIfMode};

/// ARM's top-level message of a failed deployment.
const FAILED_MESSAGE: &str = "At least one resource deployment operation failed. Please list deployment operations for details. Please see https://aka.ms/arm-deployment-operations for usage details.";

/// Where one planned resource is.
#[derive(Clone, Debug, PartialEq)]
enum St {
    Pending,
    Running(u64),
    Done,
    Failed,
    Skipped,
}

/// The result of deploying the resources.
struct Progress {
    states: Vec<St>,
    /// Inner errors in the order they happened: (resource id, error).
    errors: Vec<(String, ArmError)>,
}

/// Runs `az deployment group create`.
pub(crate) fn create(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str) -> Res<Outcome> {
    let input = inputs::gather(ctx, cmd, sub)?;
    let plan = template::plan(&input.template, &input.parameters, &input.scope)
        .map_err(|e| template_failure(&e))?;
    let mode = mode_of(cmd);
    let mut preface = String::new();
    if cmd.flag("what-if") || cmd.flag("confirm-with-what-if") {
        let report = what_if_report(ctx, &plan, sub, mode)?;
        if cmd.flag("what-if") {
            return Ok(Outcome::success(report.render()));
        }
        // No terminal to confirm on: show the preview, then go ahead (as `--yes` would).
        preface = report.render();
    }
    let rg = input.scope.resource_group.clone();
    let name = input.scope.deployment_name.clone();
    let dep_id = deployment_id(sub, &rg, &name);
    if let Some(existing) = ctx.lab.world().view(&dep_id) {
        let shown = effective(ctx.lab.world(), existing);
        if shown["properties"]["provisioningState"] == "Running" {
            return Err(Failure::Arm(ArmError::new(
                409,
                "DeploymentActive",
                alloc::format!(
                    "Unable to edit or replace deployment '{name}': previous deployment from '{}' is still active (state: Running). Please see https://aka.ms/arm-deploy-resources for usage details.",
                    shown["properties"]["timestamp"].as_str().unwrap_or("")
                ),
                hcsim_core::RuleId::BusyResource,
            )));
        }
    }
    // Complete mode deletes after the creates, so it always waits for them.
    let no_wait = cmd.flag("no-wait") && mode == WhatIfMode::Incremental;
    let start = ctx.lab.world().now();
    let mut record = Record::new(&input, &plan, mode, &dep_id, start.0);
    ctx.send(Request::put(&dep_id, record.body("Running", start.0, None)))?;

    let mut progress = deploy_resources(ctx, &plan, no_wait);
    if progress.errors.is_empty() && mode == WhatIfMode::Complete {
        delete_extras(ctx, &plan, sub, &rg, &mut progress);
    }
    record.output_resources = plan
        .resources()
        .iter()
        .zip(&progress.states)
        .filter(|(_, s)| matches!(s, St::Done | St::Running(_)))
        .map(|(r, _)| json!({"id": r.id}))
        .collect();
    let still_running = progress.states.iter().any(|s| matches!(s, St::Running(_)));
    if progress.errors.is_empty() && !still_running {
        let world = ctx.lab.world();
        let reader = |id: &str| world.view(id);
        match plan.outputs(&reader) {
            Ok(o) => record.outputs = o,
            Err(e) => progress.errors.push((
                dep_id.clone(),
                ArmError {
                    status: 400,
                    code: "DeploymentOutputEvaluationFailed".into(),
                    message: alloc::format!(
                        "Unable to evaluate template outputs: {} (at '{}').",
                        e.message,
                        e.path
                    ),
                    target: Some(dep_id.clone()),
                    rule: None,
                },
            )),
        }
    }
    let now = ctx.lab.world().now().0;
    let state = if !progress.errors.is_empty() {
        "Failed"
    } else if still_running {
        "Running"
    } else {
        "Succeeded"
    };
    let error = (!progress.errors.is_empty()).then(|| error_body(&progress.errors));
    // The final record; a rejection here (e.g. a lock added meanwhile) leaves the first one.
    let _ = ctx.input(Input::Request(Request::put(
        &dep_id,
        record.body(state, now, error),
    )));
    if let Some((_, first)) = progress.errors.first() {
        let skipped: Vec<&str> = plan
            .resources()
            .iter()
            .zip(&progress.states)
            .filter(|(_, s)| **s == St::Skipped)
            .map(|(r, _)| r.id.as_str())
            .collect();
        let mut text = failure_text(&dep_id, &progress.errors, &skipped);
        if !preface.is_empty() {
            text = alloc::format!("{preface}\n{text}");
        }
        return Ok(Outcome {
            ok: false,
            status: Some(first.status),
            code: Some("DeploymentFailed".into()),
            rule: progress
                .errors
                .iter()
                .find_map(|(_, e)| e.rule)
                .map(|r| r.id().to_string()),
            error: Some(text.clone()),
            output: text,
            explanation: progress.errors.iter().find_map(|(_, e)| e.explanation()),
            ..Outcome::default()
        });
    }
    if cmd.flag("no-wait") {
        return Ok(Outcome::success(preface));
    }
    let view = ctx.lab.world().view(&dep_id).unwrap_or(Value::Null);
    let mut out = print(cmd, &view)?;
    if !preface.is_empty() {
        out.output = alloc::format!("{preface}\n{}", out.output);
    }
    Ok(out)
}

/// The deployment record's fixed parts.
struct Record {
    mode: &'static str,
    correlation_id: String,
    template_hash: String,
    parameters: Value,
    dependencies: Value,
    outputs: Value,
    output_resources: Vec<Value>,
    start: u64,
}

impl Record {
    fn new(input: &DeployInput, plan: &Plan, mode: WhatIfMode, dep_id: &str, start: u64) -> Record {
        let types = inputs::declared_types(&input.template);
        let mut parameters = Map::new();
        for (k, v) in plan.parameters() {
            let ty = types
                .get(&k.to_ascii_lowercase())
                .map(String::as_str)
                .unwrap_or("string");
            let (arm, secure) = match ty {
                "securestring" => ("SecureString", true),
                "secureobject" => ("SecureObject", true),
                "int" => ("Int", false),
                "bool" => ("Bool", false),
                "object" => ("Object", false),
                "array" => ("Array", false),
                _ => ("String", false),
            };
            let mut p = Map::new();
            p.insert("type".into(), Value::String(arm.into()));
            if !secure {
                p.insert("value".into(), v);
            }
            parameters.insert(k, Value::Object(p));
        }
        let res = plan.resources();
        let dependencies: Vec<Value> = res
            .iter()
            .filter(|r| !r.depends_on.is_empty())
            .map(|r| {
                let on: Vec<Value> = r
                    .depends_on
                    .iter()
                    .filter_map(|&j| res.get(j))
                    .map(|d| json!({"id": d.id, "resourceName": d.name, "resourceType": d.resource_type}))
                    .collect();
                json!({"dependsOn": on, "id": r.id, "resourceName": r.name, "resourceType": r.resource_type})
            })
            .collect();
        Record {
            mode: match mode {
                WhatIfMode::Complete => "Complete",
                WhatIfMode::Incremental => "Incremental",
            },
            correlation_id: hcsim_core::rng::guid_from(&alloc::format!(
                "correlation:{}:{start}",
                dep_id.to_ascii_lowercase()
            )),
            template_hash: hcsim_core::rng::fnv1a(input.template.as_bytes()).to_string(),
            parameters: Value::Object(parameters),
            dependencies: Value::Array(dependencies),
            outputs: Value::Null,
            output_resources: Vec::new(),
            start,
        }
    }

    fn body(&self, state: &str, now: u64, error: Option<Value>) -> Value {
        json!({"properties": {
            "mode": self.mode,
            "provisioningState": state,
            "timestamp": hcsim_core::time::SimTime(now).to_iso(),
            "duration": iso_duration(now.saturating_sub(self.start)),
            "correlationId": self.correlation_id,
            "templateHash": self.template_hash,
            "parameters": self.parameters,
            "outputs": self.outputs,
            "outputResources": self.output_resources,
            "dependencies": self.dependencies,
            "error": error.unwrap_or(Value::Null),
        }})
    }
}

/// ISO 8601 duration as ARM prints it (`PT6M12.345S`).
fn iso_duration(ms: u64) -> String {
    let (h, m, s, f) = (
        ms / 3_600_000,
        (ms / 60_000) % 60,
        (ms / 1000) % 60,
        ms % 1000,
    );
    let mut out = String::from("PT");
    if h > 0 {
        out.push_str(&alloc::format!("{h}H"));
    }
    if m > 0 {
        out.push_str(&alloc::format!("{m}M"));
    }
    if f > 0 {
        out.push_str(&alloc::format!("{s}.{f:03}S"));
    } else if s > 0 || (h == 0 && m == 0) {
        out.push_str(&alloc::format!("{s}S"));
    }
    out
}

/// Starts resource `i`: resolves its body against the world and PUTs it.
fn start(ctx: &mut Ctx<'_>, plan: &Plan, i: usize) -> Result<St, ArmError> {
    let Some(r) = plan.resources().get(i) else {
        return Ok(St::Skipped);
    };
    let body = {
        let world = ctx.lab.world();
        let reader = |id: &str| world.view(id);
        plan.resolve_body(i, &reader)
    };
    let mut body = body.map_err(|e| ArmError {
        status: 400,
        code: e.code.to_string(),
        message: alloc::format!("{} (at '{}')", e.message, e.path),
        target: Some(r.id.clone()),
        rule: None,
    })?;
    if let Some(m) = body.as_object_mut() {
        // `scope` places an extension resource; it is part of the id, not of the body.
        m.remove("scope");
    }
    match ctx.input(Input::Request(Request::put(&r.id, body))) {
        Output::Response(resp) if resp.is_success() => Ok(match resp.operation {
            Some(op) => St::Running(op),
            None => St::Done,
        }),
        Output::Response(resp) => Err(resp.error.unwrap_or_else(|| ArmError {
            status: resp.status,
            code: "Error".into(),
            message: resp.body.to_string(),
            target: None,
            rule: None,
        })),
        other => Err(ArmError {
            status: 500,
            code: "UnexpectedOutput".into(),
            message: alloc::format!("{other:?}"),
            target: None,
            rule: None,
        }),
    }
}

/// The inner error of a failed operation.
fn op_error(world: &World, op: u64, id: &str) -> ArmError {
    let o = world.operation(op);
    match o {
        Some(o) if o.status == OpStatus::Failed => o.error.clone().unwrap_or_else(|| ArmError {
            status: 500,
            code: "ResourceDeploymentFailure".into(),
            message: "The resource operation completed with terminal provisioning state 'Failed'."
                .into(),
            target: None,
            rule: None,
        }),
        Some(o) if o.status == OpStatus::Canceled => ArmError {
            status: 409,
            code: "OperationCanceled".into(),
            message: alloc::format!(
                "The operation on '{id}' was canceled: the resource went away or changed state first."
            ),
            target: None,
            rule: None,
        },
        _ => ArmError {
            status: 504,
            code: "DeploymentTimeout".into(),
            message: alloc::format!(
                "The operation on '{id}' did not finish within {}.",
                World::MAX_WAIT
            ),
            target: None,
            rule: None,
        },
    }
}

fn with_target(mut e: ArmError, id: &str) -> ArmError {
    e.target = Some(id.to_string());
    e
}

/// Deploys every planned resource in dependency order, independent ones in parallel.
fn deploy_resources(ctx: &mut Ctx<'_>, plan: &Plan, no_wait: bool) -> Progress {
    let res = plan.resources();
    let n = res.len();
    let order = plan.order();
    let mut states = alloc::vec![St::Pending; n];
    let mut errors: Vec<(String, ArmError)> = Vec::new();
    // Each round starts at least one resource or ends at least one operation.
    for _ in 0..(2 * n + 4) {
        for &i in &order {
            if states[i] != St::Pending {
                continue;
            }
            let deps = &res[i].depends_on;
            if deps
                .iter()
                .any(|&d| matches!(states.get(d), Some(St::Failed | St::Skipped)))
            {
                states[i] = St::Skipped;
                continue;
            }
            if !deps.iter().all(|&d| states.get(d) == Some(&St::Done)) {
                continue;
            }
            match start(ctx, plan, i) {
                Ok(s) => states[i] = s,
                Err(e) => {
                    states[i] = St::Failed;
                    errors.push((res[i].id.clone(), with_target(e, &res[i].id)));
                }
            }
        }
        if no_wait && !states.contains(&St::Pending) {
            break;
        }
        let running: Vec<(usize, u64)> = states
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match s {
                St::Running(op) => Some((i, *op)),
                _ => None,
            })
            .collect();
        let Some(&(_, first)) = running.iter().min_by_key(|(_, op)| {
            ctx.lab
                .world()
                .operation(*op)
                .map(|o| o.due)
                .unwrap_or_default()
        }) else {
            break;
        };
        ctx.input(Input::Wait { operation: first });
        let world = ctx.lab.world();
        for (i, op) in running {
            let status = world.operation(op).map(|o| o.status);
            match status {
                Some(OpStatus::Succeeded) => states[i] = St::Done,
                Some(OpStatus::Running) if op != first => {}
                _ => {
                    states[i] = St::Failed;
                    let e = op_error(world, op, &res[i].id);
                    errors.push((res[i].id.clone(), with_target(e, &res[i].id)));
                }
            }
        }
    }
    for s in &mut states {
        if *s == St::Pending {
            *s = St::Skipped;
        }
    }
    Progress { states, errors }
}

/// Complete mode: deletes what the group holds and the template does not, deepest first,
/// waiting for each level (a workspace can only go once its services are gone).
fn delete_extras(ctx: &mut Ctx<'_>, plan: &Plan, sub: &str, rg: &str, progress: &mut Progress) {
    let wanted: BTreeSet<String> = plan
        .resources()
        .iter()
        .map(|r| r.id.to_ascii_lowercase())
        .collect();
    let mut extras: Vec<(usize, String)> = managed_in_group(ctx, sub, rg)
        .into_iter()
        .filter(|(id, _)| !wanted.contains(&id.to_ascii_lowercase()))
        .map(|(id, _)| (id.matches('/').count(), id))
        .collect();
    extras.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut level_start = 0;
    while level_start < extras.len() {
        let depth = extras[level_start].0;
        let level_end = extras[level_start..]
            .iter()
            .position(|(d, _)| *d != depth)
            .map_or(extras.len(), |p| level_start + p);
        let mut ops: Vec<(u64, String)> = Vec::new();
        for (_, id) in &extras[level_start..level_end] {
            if ctx.lab.world().find(id).is_none() {
                continue; // Gone with its parent already.
            }
            match ctx.input(Input::Request(Request::delete(id))) {
                Output::Response(r) if r.is_success() => {
                    if let Some(op) = r.operation {
                        ops.push((op, id.clone()));
                    }
                }
                Output::Response(r) => {
                    let e = r.error.unwrap_or_else(|| ArmError {
                        status: r.status,
                        code: "Error".into(),
                        message: r.body.to_string(),
                        target: None,
                        rule: None,
                    });
                    progress.errors.push((id.clone(), with_target(e, id)));
                }
                _ => {}
            }
        }
        for (op, id) in ops {
            ctx.input(Input::Wait { operation: op });
            let world = ctx.lab.world();
            if world.operation(op).map(|o| o.status) != Some(OpStatus::Succeeded) {
                let e = op_error(world, op, &id);
                progress.errors.push((id.clone(), with_target(e, &id)));
            }
        }
        if !progress.errors.is_empty() {
            return;
        }
        level_start = level_end;
    }
}

/// ARM's `error` of a failed deployment; `details` carry hcsim's `rule` (an extension).
fn error_body(errors: &[(String, ArmError)]) -> Value {
    let details: Vec<Value> = errors
        .iter()
        .map(|(id, e)| {
            let mut d = json!({"code": e.code, "message": e.message, "target": id});
            if let Some(r) = e.rule {
                d["rule"] = Value::String(r.id().into());
            }
            d
        })
        .collect();
    json!({"code": "DeploymentFailed", "message": FAILED_MESSAGE, "details": details})
}

/// What az prints for a failed deployment.
fn failure_text(dep_id: &str, errors: &[(String, ArmError)], skipped: &[&str]) -> String {
    let mut t = alloc::format!(
        "(DeploymentFailed) {FAILED_MESSAGE}\nCode: DeploymentFailed\nMessage: {FAILED_MESSAGE}\nTarget: {dep_id}\nException Details:"
    );
    for (id, e) in errors {
        t.push_str(&alloc::format!(
            "\t({}) {}\n\tCode: {}\n\tMessage: {}\n\tTarget: {id}\n",
            e.code,
            e.message,
            e.code,
            e.message
        ));
        if let Some(r) = e.rule {
            t.push_str(&alloc::format!("\tRule: {}\n", r.id()));
        }
    }
    if !skipped.is_empty() {
        t.push_str("Not attempted because a resource they depend on failed:\n");
        for id in skipped {
            t.push_str(&alloc::format!("\t{id}\n"));
        }
    }
    t.trim_end().to_string()
}

/// A deployment record as show/list print it: a `--no-wait` deployment stays `Running` in
/// the store; its shown state follows the resources it started.
pub(crate) fn effective(world: &World, mut body: Value) -> Value {
    if body["properties"]["provisioningState"] != "Running" {
        return body;
    }
    let ids: Vec<String> = body["properties"]["outputResources"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|r| r["id"].as_str().map(ToString::to_string))
                .collect()
        })
        .unwrap_or_default();
    let mut state = "Succeeded";
    for id in &ids {
        match world.find(id).map(|r| r.state) {
            Some(ProvisioningState::Succeeded) => {}
            None | Some(ProvisioningState::Failed | ProvisioningState::Deleting) => {
                state = "Failed";
                break;
            }
            Some(_) => state = "Running",
        }
    }
    body["properties"]["provisioningState"] = Value::String(state.into());
    body
}

#[cfg(test)]
mod tests {
    use super::iso_duration;

    #[test]
    fn durations_print_like_arm() {
        assert_eq!(iso_duration(0), "PT0S");
        assert_eq!(iso_duration(61_500), "PT1M1.500S");
        assert_eq!(iso_duration(3_600_000), "PT1H");
        assert_eq!(iso_duration(372_000), "PT6M12S");
    }
}
