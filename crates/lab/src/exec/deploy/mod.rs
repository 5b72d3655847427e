//! `az deployment group …` and `az group export`: thin clients of the core's deployments
//! provider (`Microsoft.Resources/deployments` behind the front door), as the real az is.
//!
//! - [`inputs`]: what a deployment command reads: the template file, the merged
//!   `--parameters` and the deployment name (az's default: the template file's stem).
//! - [`engine`]: `create`: PUT the deployment with the inline template, wait on its
//!   operation (unless `--no-wait`), print the record or az's `DeploymentFailed` text.
//! - what-if, validate, show, list and export are here: one request each.

mod engine;
mod inputs;

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Value, json};

use hcsim_core::id::ArmPath;
use hcsim_core::{ArmError, Request, RuleId};

use crate::exec::ids::check_group;
use crate::exec::{Ctx, Failure, Res, print};
use crate::outcome::Outcome;
use crate::shell::Command;
use crate::template::{self, ChangeType, ResourceChange, WhatIfReport};

// The type of a deployment record: the core's constant.
use hcsim_core::providers::deployments::record::DEPLOYMENTS;

/// Runs `az deployment group VERB`.
pub(crate) fn run(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str, verb: &str) -> Res<Outcome> {
    match verb {
        "create" => engine::create(ctx, cmd, sub),
        "what-if" => what_if(ctx, cmd, sub),
        "validate" => validate(ctx, cmd, sub),
        "show" => show(ctx, cmd, sub),
        "list" => list(ctx, cmd, sub),
        _ => Err(Failure::usage(
            "CommandNotFound",
            alloc::format!("'{}' is not supported by hcsim.", cmd.path_str()),
        )),
    }
}

/// The id of deployment `name` in group `rg`, built from typed segments (the group name
/// checked as the SDK checks it; the deployment name encoded, so it stays one segment).
pub(crate) fn deployment_id(sub: &str, rg: &str, name: &str) -> Res<ArmPath> {
    let (namespace, type_word) = DEPLOYMENTS.split_once('/').unwrap_or((DEPLOYMENTS, ""));
    Ok(ArmPath::at_subscription(sub)
        .group(check_group(rg)?)
        .provider(namespace, type_word, name))
}

/// `POST {deployment}/{action}` (`validate`, `whatIf`) as its request path.
fn action_path(id: ArmPath, action: &str) -> String {
    id.collection(action).request_path()
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

/// `POST …/deployments/{name}/whatIf`: the predicted changes.
pub(crate) fn what_if_report(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str) -> Res<WhatIfReport> {
    let input = inputs::gather(ctx, cmd, sub)?;
    let id = deployment_id(sub, &input.resource_group, &input.name)?;
    let body = input.request_body(cmd)?;
    let resp = ctx.send(Request::post(action_path(id, "whatIf"), body))?;
    let changes: Vec<ResourceChange> =
        serde_json::from_value(resp.body["properties"]["changes"].clone()).unwrap_or_default();
    Ok(WhatIfReport { changes })
}

fn what_if(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str) -> Res<Outcome> {
    let mut report = what_if_report(ctx, cmd, sub)?;
    let excluded: Vec<String> = cmd
        .get_many("exclude-change-types")
        .into_iter()
        .map(str::to_ascii_lowercase)
        .collect();
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

/// `az deployment group validate`: `POST …/validate`, nothing deployed.
fn validate(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str) -> Res<Outcome> {
    let input = inputs::gather(ctx, cmd, sub)?;
    let id = deployment_id(sub, &input.resource_group, &input.name)?;
    let body = input.request_body(cmd)?;
    let resp = ctx.send(Request::post(action_path(id, "validate"), body))?;
    print(cmd, &resp.body)
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
    let id = deployment_id(sub, rg, name)?;
    let v = match ctx.get(&id) {
        Ok(v) => v,
        Err(Failure::Arm(e)) if e.code == "ResourceNotFound" => return Err(not_found(name)),
        Err(e) => return Err(e),
    };
    print(cmd, &v)
}

fn list(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str) -> Res<Outcome> {
    let rg = check_group(cmd.require("resource-group")?)?;
    let (namespace, type_word) = DEPLOYMENTS.split_once('/').unwrap_or((DEPLOYMENTS, ""));
    let path = ArmPath::at_subscription(sub)
        .group(rg)
        .provider_collection(namespace, type_word);
    let mut v = ctx.list(&path)?;
    // Newest first (timestamps are ISO strings of one virtual calendar; ties by name).
    v.sort_by(|a, b| {
        let ta = a["properties"]["timestamp"].as_str().unwrap_or("");
        let tb = b["properties"]["timestamp"].as_str().unwrap_or("");
        tb.cmp(ta)
            .then_with(|| a["name"].as_str().cmp(&b["name"].as_str()))
    });
    print(cmd, &Value::Array(v))
}

/// `az group export -n GROUP`: `POST …/resourceGroups/{g}/exportTemplate`, print the template.
pub(crate) fn export_group(ctx: &mut Ctx<'_>, cmd: &Command, group: &ArmPath) -> Res<Outcome> {
    let resp = ctx.send(Request::post(
        group.clone().collection("exportTemplate").request_path(),
        json!({"resources": ["*"]}),
    ))?;
    print(cmd, &resp.body["template"])
}
