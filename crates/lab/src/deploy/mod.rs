//! `az deployment group …`: deploy, what-if, show and list ARM templates.
//!
//! - [`inputs`]: what a deployment command reads: the template file, the merged
//!   `--parameters`, the deployment name (az's default: the template file's stem) and the
//!   [`crate::template::Scope`] taken from the world.
//! - [`engine`]: `create`: a deployment is itself a resource
//!   (`Microsoft.Resources/deployments`, `Running` → `Succeeded`/`Failed`); the template's
//!   resources are PUT wave by wave (independent resources in parallel in virtual time),
//!   a failure stops its dependents, Complete mode deletes what the template does not hold.
//! - what-if, show and list are here.

mod engine;
mod export;
mod inputs;

pub(crate) use export::relink_export;

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Value, json};

use hcsim_core::id::build;
use hcsim_core::{ArmError, ResKind, RuleId};

use crate::exec::{Ctx, Failure, Res, print};
use crate::lab::Outcome;
use crate::shell::Command;
use crate::template::{self, ChangeType, WhatIfMode};

/// The type of a deployment record.
pub(crate) const DEPLOYMENTS: &str = "Microsoft.Resources/deployments";

/// Runs `az deployment group VERB`.
pub(crate) fn run(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str, verb: &str) -> Res<Outcome> {
    match verb {
        "create" => engine::create(ctx, cmd, sub),
        "what-if" => what_if(ctx, cmd, sub),
        "show" => show(ctx, cmd, sub),
        "list" => list(ctx, cmd, sub),
        _ => Err(Failure::usage(
            "CommandNotFound",
            alloc::format!("'{}' is not supported by hcsim.", cmd.path_str()),
        )),
    }
}

/// The id of deployment `name` in group `rg`.
pub(crate) fn deployment_id(sub: &str, rg: &str, name: &str) -> String {
    alloc::format!(
        "{}/providers/{DEPLOYMENTS}/{name}",
        build::resource_group(sub, rg)
    )
}

/// The deployment mode of a command (`--mode`, Incremental by default).
pub(crate) fn mode_of(cmd: &Command) -> WhatIfMode {
    match cmd.get("mode") {
        Some(m) if m.eq_ignore_ascii_case("complete") => WhatIfMode::Complete,
        _ => WhatIfMode::Incremental,
    }
}

/// Resources of the group a deployment manages: everything but deployment records, role
/// assignments, locks and private endpoint connections (ARM's Complete mode leaves those
/// alone too). Returned parents first, as `(id, type, depth)`.
pub(crate) fn managed_in_group(ctx: &Ctx<'_>, sub: &str, rg: &str) -> Vec<(String, String)> {
    ctx.lab
        .world()
        .resources_in_group(sub, rg)
        .into_iter()
        .filter(|r| {
            !matches!(
                r.kind,
                ResKind::RoleAssignment
                    | ResKind::Lock
                    | ResKind::PrivateEndpointConnection
                    | ResKind::Deployment
            )
        })
        .map(|r| (r.id.clone(), r.type_name.clone()))
        .collect()
}

/// A template error as az prints it: `(InvalidTemplate) message (at 'path')`.
pub(crate) fn template_failure(e: &template::TemplateError) -> Failure {
    let status = if e.code == template::REQUEST_TOO_LARGE {
        413
    } else {
        400
    };
    let message = if e.path.is_empty() {
        e.message.clone()
    } else {
        alloc::format!("{} (at '{}')", e.message, e.path)
    };
    Failure::Arm(ArmError {
        status,
        code: e.code.to_string(),
        message,
        target: (!e.path.is_empty()).then(|| e.path.clone()),
        rule: None,
    })
}

/// True when the line asked for an output format explicitly (`-o json`, `--output yaml`).
fn explicit_output(line: &str) -> bool {
    line.split_whitespace()
        .any(|w| w == "-o" || w == "--output" || w.starts_with("--output=") || w.starts_with("-o="))
}

/// RBAC stores a role assignment's `roleDefinitionId` at subscription level whatever form
/// the template wrote (`resourceId(...)` gives a resource-group-level id): predict that, so
/// a redeploy is not reported as a change of role.
fn normalize_role_definition(d: &mut template::DesiredResource, sub: &str) {
    if !d
        .resource_type
        .eq_ignore_ascii_case("Microsoft.Authorization/roleAssignments")
    {
        return;
    }
    let Some(rd) = d.body.pointer_mut("/properties/roleDefinitionId") else {
        return;
    };
    let Some(text) = rd.as_str().filter(|t| !t.starts_with('[')) else {
        return;
    };
    if let Some(role) = hcsim_core::rbac::find_role(text) {
        *rd = Value::String(hcsim_core::rbac::role_definition_id(sub, role));
    }
}

/// The what-if of `plan` against the current world.
pub(crate) fn what_if_report(
    ctx: &Ctx<'_>,
    plan: &template::Plan,
    sub: &str,
    mode: WhatIfMode,
) -> Res<template::WhatIfReport> {
    let world = ctx.lab.world();
    let reader = |id: &str| world.view(id);
    let mut desired = plan.desired(&reader).map_err(|e| template_failure(&e))?;
    for d in &mut desired {
        normalize_role_definition(d, sub);
    }
    let existing = managed_in_group(ctx, sub, &plan.scope().resource_group);
    Ok(template::what_if(
        &desired,
        |id| world.view(id),
        mode,
        &existing,
    ))
}

fn what_if(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str) -> Res<Outcome> {
    let input = inputs::gather(ctx, cmd, sub)?;
    let plan = template::plan(&input.template, &input.parameters, &input.scope)
        .map_err(|e| template_failure(&e))?;
    let report = what_if_report(ctx, &plan, sub, mode_of(cmd))?;
    let excluded: Vec<String> = cmd
        .get_many("exclude-change-types")
        .into_iter()
        .map(str::to_ascii_lowercase)
        .collect();
    let mut report = report;
    report.changes.retain(|c| {
        let name = match c.change_type {
            ChangeType::Create => "create",
            ChangeType::Delete => "delete",
            ChangeType::Modify => "modify",
            ChangeType::NoChange => "nochange",
            ChangeType::Ignore => "ignore",
            ChangeType::Deploy => "deploy",
        };
        !excluded.iter().any(|x| x == name)
    });
    if cmd.flag("no-pretty-print") || explicit_output(ctx.line) || cmd.query.is_some() {
        let changes = serde_json::to_value(&report.changes).unwrap_or(Value::Null);
        let changes = match cmd.get("result-format") {
            Some("ResourceIdOnly") => Value::Array(
                changes
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .map(|c| {
                                json!({"changeType": c["changeType"], "resourceId": c["resourceId"]})
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            ),
            _ => changes,
        };
        let v = json!({"status": "Succeeded", "error": null, "changes": changes});
        return print(cmd, &v);
    }
    Ok(Outcome::success(report.render()))
}

fn not_found(name: &str) -> Failure {
    Failure::Arm(ArmError::new(
        404,
        "DeploymentNotFound",
        alloc::format!("Deployment '{name}' could not be found."),
        RuleId::ResourceMustExist,
    ))
}

fn show(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str) -> Res<Outcome> {
    let rg = cmd.require("resource-group")?;
    let name = cmd.require("name")?;
    let id = deployment_id(sub, rg, name);
    let v = match ctx.get(&id) {
        Ok(v) => v,
        Err(Failure::Arm(e)) if e.code == "ResourceNotFound" => return Err(not_found(name)),
        Err(e) => return Err(e),
    };
    let v = engine::effective(ctx.lab.world(), v);
    print(cmd, &v)
}

fn list(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str) -> Res<Outcome> {
    let rg = cmd.require("resource-group")?;
    let path = alloc::format!("{}/providers/{DEPLOYMENTS}", build::resource_group(sub, rg));
    let mut v = ctx.list(&path)?;
    // Newest first (timestamps are ISO strings of one virtual calendar; ties by name).
    v.sort_by(|a, b| {
        let ta = a["properties"]["timestamp"].as_str().unwrap_or("");
        let tb = b["properties"]["timestamp"].as_str().unwrap_or("");
        tb.cmp(ta)
            .then_with(|| a["name"].as_str().cmp(&b["name"].as_str()))
    });
    let world = ctx.lab.world();
    let v: Vec<Value> = v.into_iter().map(|d| engine::effective(world, d)).collect();
    print(cmd, &Value::Array(v))
}
