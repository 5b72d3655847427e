//! `az deployment group create`: a client of the deployments provider, as az is.
//!
//! 1. Read the template and parameters (client side, as az does); with `--what-if` or
//!    `--confirm-with-what-if`, ask ARM for the what-if first.
//! 2. PUT `…/providers/Microsoft.Resources/deployments/{name}` with the inline template.
//!    ARM validates (template, scopes, name, one active deployment) and answers 201 +
//!    `Running`; the deployment then runs in virtual time inside the core.
//! 3. Unless `--no-wait`, wait on its operation, then print the record, or az's
//!    `DeploymentFailed` text with the inner errors and their rules.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::Value;

use hcsim_core::{Input, Request, RuleId};

use super::{deployment_id, inputs, what_if_report};
use crate::exec::{Ctx, Res, print};
use crate::outcome::Outcome;
use crate::shell::Command;

/// The record property listing resources never attempted (an hcsim extension of the core).
const NOT_ATTEMPTED: &str = hcsim_core::providers::deployments::record::NOT_ATTEMPTED_KEY;

/// Runs `az deployment group create`.
pub(crate) fn create(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str) -> Res<Outcome> {
    let mut preface = String::new();
    if cmd.flag("what-if") || cmd.flag("confirm-with-what-if") {
        let report = what_if_report(ctx, cmd, sub)?;
        if cmd.flag("what-if") {
            return Ok(Outcome::success(report.render()));
        }
        // No terminal to confirm on: show the preview, then go ahead (as `--yes` would).
        preface = report.render();
    }
    let input = inputs::gather(ctx, cmd, sub)?;
    let dep_path = deployment_id(sub, &input.resource_group, &input.name)?;
    let dep_id = dep_path.to_string();
    let body = input.request_body(cmd)?;
    let resp = ctx.send(Request::put(dep_path.request_path(), body))?;
    if cmd.flag("no-wait") {
        return Ok(Outcome::success(preface));
    }
    if let Some(op) = resp.operation {
        ctx.input(Input::Wait { operation: op });
    }
    let id = resp.body["id"].as_str().unwrap_or(&dep_id).to_string();
    let view = ctx.lab.world().view(&id).unwrap_or(Value::Null);
    if view["properties"]["provisioningState"] == "Failed" {
        let status = resp
            .operation
            .and_then(|op| ctx.lab.world().operation(op))
            .and_then(|o| o.error.as_ref())
            .map_or(400, |e| e.status);
        return Ok(failed(&id, &view, status, &preface));
    }
    let mut out = print(cmd, &view)?;
    if !preface.is_empty() {
        out.output = alloc::format!("{preface}\n{}", out.output);
    }
    Ok(out)
}

/// The outcome of a failed deployment: az's text, the first inner rule and its teaching.
fn failed(dep_id: &str, record: &Value, status: u16, preface: &str) -> Outcome {
    let error = &record["properties"]["error"];
    let details: &[Value] = error["details"].as_array().map_or(&[], Vec::as_slice);
    let message = error["message"].as_str().unwrap_or("");
    let mut t = alloc::format!(
        "(DeploymentFailed) {message}\nCode: DeploymentFailed\nMessage: {message}\nTarget: {dep_id}\nException Details:"
    );
    for d in details {
        let code = d["code"].as_str().unwrap_or("");
        let msg = d["message"].as_str().unwrap_or("");
        let target = d["target"].as_str().unwrap_or("");
        t.push_str(&alloc::format!(
            "\t({code}) {msg}\n\tCode: {code}\n\tMessage: {msg}\n\tTarget: {target}\n"
        ));
        if let Some(r) = d["rule"].as_str() {
            t.push_str(&alloc::format!("\tRule: {r}\n"));
        }
    }
    if let Some(skipped) = record["properties"][NOT_ATTEMPTED]
        .as_array()
        .filter(|a| !a.is_empty())
    {
        t.push_str("Not attempted because a resource they depend on failed:\n");
        for id in skipped.iter().filter_map(Value::as_str) {
            t.push_str(&alloc::format!("\t{id}\n"));
        }
    }
    let mut text = t.trim_end().to_string();
    if !preface.is_empty() {
        text = alloc::format!("{preface}\n{text}");
    }
    let rule = details
        .iter()
        .find_map(|d| d["rule"].as_str())
        .and_then(RuleId::from_id);
    Outcome {
        ok: false,
        status: Some(status),
        code: Some("DeploymentFailed".into()),
        rule: rule.map(|r| r.id().to_string()),
        error: Some(text.clone()),
        output: text,
        explanation: rule.map(RuleId::explain),
        ..Outcome::default()
    }
}
