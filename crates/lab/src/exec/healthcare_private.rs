//! `az healthcareapis workspace private-endpoint-connection|private-link-resource` and
//! `az healthcareapis operation-result show`: the requests the extension sends
//! (Azure/azure-cli-extensions `src/healthcareapis`, MIT; REST API 2024-03-31).
//!
//! A private endpoint connection is made by a private endpoint (`az network private-endpoint
//! create … --group-id healthcareworkspace`) and named `<endpoint>.<id>`; these commands read
//! it, set its approval state (a PUT of `properties.privateLinkServiceConnectionState`, which
//! is what the extension's `create` and `update` both send) and delete it. The workspace's one
//! private link resource, `healthcareworkspace`, is read-only.

use alloc::vec::Vec;
use serde_json::{Map, Value, json};

use hcsim_core::id::{ArmPath, build};

use super::healthcare_args::STATE_ARG;
use super::ids::{self, HC_NS};
use super::verbs::{require_yes, wait_until};
use super::{Ctx, Res, print};
use crate::outcome::Outcome;
use crate::shell::Command;

/// The ARM type `--ids` must name for a connection command.
const CONNECTION_TYPE: &str = "Microsoft.HealthcareApis/workspaces/privateEndpointConnections";

/// The workspace the name flags name, its names checked as the SDK checks them.
fn workspace(cmd: &Command, sub: &str) -> Res<ArmPath> {
    let group = ids::group_flag(cmd, "resource-group")?;
    let ws = ids::check_hc_name(cmd.require("workspace-name")?, "workspace_name")?;
    Ok(build::workspace_path(sub, group, ws))
}

/// The connections a command works on: each `--ids`, or the one the name flags name.
fn connections(cmd: &Command, sub: &str) -> Res<Vec<ArmPath>> {
    if let Some(found) = ids::ids_of_type(cmd, CONNECTION_TYPE)? {
        return Ok(found);
    }
    let name = cmd.require("private-endpoint-connection-name")?;
    Ok(alloc::vec![
        workspace(cmd, sub)?.child("privateEndpointConnections", name)
    ])
}

/// Prints one result alone and several as a list, as az does for `--ids`.
fn print_all(cmd: &Command, mut out: Vec<Value>) -> Res<Outcome> {
    match out.len() {
        0 => Ok(Outcome::success("")),
        1 => print(cmd, &out.remove(0)),
        _ => print(cmd, &Value::Array(out)),
    }
}

/// The state a `create`/`update` sends: `--private-link-service-connection-state KEY=VALUE…`
/// with `--status`, `--description` and `--actions-required` laid over it.
pub(super) fn connection_state(ctx: &Ctx<'_>, cmd: &Command) -> Res<Value> {
    let vals = cmd.get_many(STATE_ARG.flag());
    let mut state = match vals.first().map(|v| v.trim_start()) {
        Some(v) if vals.len() == 1 && (v.starts_with('{') || v.starts_with('@')) => {
            ctx.json_arg(v, "--private-link-service-connection-state")?
        }
        Some(_) => STATE_ARG.object(&vals)?,
        None => Value::Object(Map::new()),
    };
    for (flag, key) in [
        ("status", "status"),
        ("description", "description"),
        ("actions-required", "actionsRequired"),
        // The legacy extension's deprecated spellings (exec/legacy.rs notes their use).
        ("private-link-service-connection-state-status", "status"),
        (
            "private-link-service-connection-state-description",
            "description",
        ),
        (
            "private-link-service-connection-state-actions-required",
            "actionsRequired",
        ),
    ] {
        if let Some(v) = cmd.get(flag) {
            state[key] = Value::String(v.into());
        }
    }
    Ok(state)
}

/// `az healthcareapis workspace private-endpoint-connection list|show|create|update|delete|wait`.
pub(super) fn connection(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str, verb: &str) -> Res<Outcome> {
    let no_wait = cmd.flag("no-wait");
    match verb {
        "list" => {
            let v = ctx.list(&workspace(cmd, sub)?.collection("privateEndpointConnections"))?;
            print(cmd, &Value::Array(v))
        }
        "show" => {
            let mut out = Vec::new();
            for t in connections(cmd, sub)? {
                out.push(ctx.get(&t)?);
            }
            print_all(cmd, out)
        }
        "create" | "update" => {
            let body = json!({"properties": {
                "privateLinkServiceConnectionState": connection_state(ctx, cmd)?,
            }});
            let mut out = Vec::new();
            for t in connections(cmd, sub)? {
                out.extend(ctx.put_show(&t, body.clone(), no_wait)?);
            }
            print_all(cmd, out)
        }
        "delete" => {
            let targets = connections(cmd, sub)?;
            require_yes(cmd)?;
            for t in &targets {
                ctx.delete(t, no_wait)?;
            }
            Ok(Outcome::success(""))
        }
        "wait" => {
            for t in &connections(cmd, sub)? {
                wait_until(ctx, cmd, t)?;
            }
            Ok(Outcome::success(""))
        }
        _ => Err(super::Failure::usage(
            "CommandNotFound",
            alloc::format!("'{}' is not supported by hcsim.", cmd.path_str()),
        )),
    }
}

/// `az healthcareapis workspace private-link-resource list|show`.
pub(super) fn link_resource(
    ctx: &mut Ctx<'_>,
    cmd: &Command,
    sub: &str,
    verb: &str,
) -> Res<Outcome> {
    let ws = workspace(cmd, sub)?;
    if verb == "show" {
        let v = ctx.get(&ws.child("privateLinkResources", cmd.require("group-name")?))?;
        return print(cmd, &v);
    }
    let v = ctx.list(&ws.collection("privateLinkResources"))?;
    print(cmd, &Value::Array(v))
}

/// `az healthcareapis operation-result show --location-name L --operation-result-id ID`:
/// `GET /subscriptions/{s}/providers/Microsoft.HealthcareApis/locations/{l}/operationresults/{id}`.
pub(super) fn operation_result(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str) -> Res<Outcome> {
    let path = ArmPath::at_subscription(sub)
        .provider(HC_NS, "locations", cmd.require("location-name")?)
        .child("operationresults", cmd.require("operation-result-id")?);
    let v = ctx.get(&path)?;
    print(cmd, &v)
}
