//! The legacy Azure API for FHIR (`Microsoft.HealthcareApis/services`): `az healthcareapis
//! service|acr|private-endpoint-connection|private-link-resource …`, mapped as the extension
//! maps them (Azure/azure-cli-extensions `src/healthcareapis`, MIT: `manual/custom.py`
//! `healthcareapis_service_create` builds `{kind, location, tags, etag, identity,
//! properties{accessPolicies, cosmosDbConfiguration, authenticationConfiguration,
//! corsConfiguration, privateEndpointConnections, publicNetworkAccess, exportConfiguration}}`).
//!
//! The service is retired (no new deployments since 1 April 2025, retired 30 September
//! 2026); hcsim lets an existing customer create one and prints a warning on every create.
//! Assumptions: `az healthcareapis acr list` prints the service's `acrConfiguration`; `acr
//! add|remove|reset` read the service, change `acrConfiguration.loginServers` and PUT it back
//! (duplicates ignored on add, unknown servers ignored on remove), printing the service.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value, json};

use hcsim_core::id::ArmPath;
use hcsim_core::providers::legacy_fhir::RETIREMENT_WARNING;

use super::healthcare_args::{self, ACCESS_ARG, AUTH_ARG, CORS_ARG, OCI_ARG};
use super::healthcare_private::connection_state;
use super::ids::{self, HC_NS};
use super::verbs::{require_yes, tags, wait_until};
use super::{Ctx, Failure, Res, print};
use crate::outcome::Outcome;
use crate::shell::Command;

/// The legacy service the name flags name.
fn service_path(cmd: &Command, sub: &str) -> Res<ArmPath> {
    let group = ids::group_flag(cmd, "resource-group")?;
    let name = ids::check_hc_name(cmd.require("resource-name")?, "resource_name")?;
    Ok(ArmPath::at_subscription(sub)
        .group(group)
        .provider(HC_NS, "services", name))
}

/// A shorthand argument (`KEY=VALUE …`), or inline JSON / `@file` when given so.
fn shorthand(
    ctx: &Ctx<'_>,
    cmd: &Command,
    arg: healthcare_args::Shorthand,
    as_list: bool,
) -> Res<Option<Value>> {
    let vals = cmd.get_many(arg.flag());
    let Some(first) = vals.first().map(|v| v.trim_start()) else {
        return Ok(None);
    };
    if vals.len() == 1
        && (first.starts_with('{') || first.starts_with('[') || first.starts_with('@'))
    {
        let what = alloc::format!("--{}", arg.flag());
        return ctx.json_arg(first, &what).map(Some);
    }
    if as_list {
        arg.list(&vals).map(Some)
    } else {
        arg.object(&vals).map(Some)
    }
}

/// `--cosmos-db-configuration offer-throughput=N key-vault-key-uri=URI` (or JSON).
fn cosmos(ctx: &Ctx<'_>, cmd: &Command) -> Res<Option<Value>> {
    let vals = cmd.get_many("cosmos-db-configuration");
    let Some(first) = vals.first().map(|v| v.trim_start()) else {
        return Ok(None);
    };
    if vals.len() == 1 && (first.starts_with('{') || first.starts_with('@')) {
        return ctx.json_arg(first, "--cosmos-db-configuration").map(Some);
    }
    let mut m = Map::new();
    for v in vals {
        let (k, val) = v.split_once('=').unwrap_or((v, ""));
        match k.to_lowercase().as_str() {
            "offer-throughput" => {
                let n: u64 = val.parse().map_err(|_| {
                    ids::validation(alloc::format!(
                        "offer-throughput must be an integer, not '{}'.",
                        hcsim_core::id::shorten(val)
                    ))
                })?;
                m.insert("offerThroughput".into(), json!(n));
            }
            "key-vault-key-uri" => {
                m.insert("keyVaultKeyUri".into(), Value::String(val.to_string()));
            }
            _ => {
                return Err(Failure::usage(
                    "InvalidArgumentValue",
                    alloc::format!(
                        "Unsupported Key {} is provided for parameter cosmos_db_configuration. All possible keys are: offer-throughput, key-vault-key-uri",
                        hcsim_core::id::shorten(k)
                    ),
                ));
            }
        }
    }
    Ok(Some(Value::Object(m)))
}

/// The `properties` of a create, from the flags.
fn create_properties(ctx: &Ctx<'_>, cmd: &Command) -> Res<Value> {
    let mut p = json!({});
    if let Some(a) = shorthand(ctx, cmd, ACCESS_ARG, true)? {
        p["accessPolicies"] = a;
    }
    if let Some(c) = cosmos(ctx, cmd)? {
        p["cosmosDbConfiguration"] = c;
    }
    if let Some(a) = shorthand(ctx, cmd, AUTH_ARG, false)? {
        p["authenticationConfiguration"] = a;
    }
    if let Some(c) = shorthand(ctx, cmd, CORS_ARG, false)? {
        p["corsConfiguration"] = c;
    }
    if let Some(pna) = cmd.get("public-network-access") {
        p["publicNetworkAccess"] = Value::String(pna.into());
    }
    if let Some(s) = cmd.get("export-configuration-storage-account-name") {
        p["exportConfiguration"] = json!({"storageAccountName": s});
    }
    let login = cmd.get_many("login-servers");
    if !login.is_empty() {
        p["acrConfiguration"]["loginServers"] = json!(login);
    }
    if let Some(o) = shorthand(ctx, cmd, OCI_ARG, true)? {
        p["acrConfiguration"]["ociArtifacts"] = o;
    }
    let pecs = cmd.get_many("private-endpoint-connections");
    if let Some(first) = pecs.first() {
        p["privateEndpointConnections"] = ctx.json_arg(first, "--private-endpoint-connections")?;
    }
    Ok(p)
}

/// Prints `value` (if any); the retirement warning goes to the warnings channel (stderr in
/// az), so `-o json` output stays JSON.
fn with_warning(ctx: &mut Ctx<'_>, cmd: &Command, value: Option<Value>) -> Res<Outcome> {
    ctx.warn(RETIREMENT_WARNING);
    show_or_empty(cmd, value)
}

fn show_or_empty(cmd: &Command, v: Option<Value>) -> Res<Outcome> {
    match v {
        Some(v) => print(cmd, &v),
        None => Ok(Outcome::success("")),
    }
}

/// `az healthcareapis service create`.
fn service_create(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str) -> Res<Outcome> {
    let path = service_path(cmd, sub)?;
    let mut body = json!({
        "kind": cmd.require("kind")?,
        "location": cmd.require("location")?,
        "properties": create_properties(ctx, cmd)?,
    });
    if let Some(t) = tags(cmd) {
        body["tags"] = t;
    }
    if let Some(e) = cmd.get("etag") {
        body["etag"] = Value::String(e.into());
    }
    if let Some(i) = cmd.get("identity-type") {
        body["identity"] = json!({"type": i});
    }
    let v = ctx.put_show(&path, body, cmd.flag("no-wait"))?;
    with_warning(ctx, cmd, v)
}

/// `az healthcareapis service create|show|list|update|delete|wait`.
pub(super) fn service(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str, verb: &str) -> Res<Outcome> {
    let no_wait = cmd.flag("no-wait");
    match verb {
        "create" => service_create(ctx, cmd, sub),
        "list" => {
            let mut scope = ArmPath::at_subscription(sub);
            if let Some(g) = cmd.get("resource-group") {
                scope = scope.group(ids::check_group(g)?);
            }
            let v = ctx.list(&scope.provider_collection(HC_NS, "services"))?;
            print(cmd, &Value::Array(v))
        }
        "show" => {
            let v = ctx.get(&service_path(cmd, sub)?)?;
            print(cmd, &v)
        }
        "update" => {
            let mut body = json!({});
            if let Some(t) = tags(cmd) {
                body["tags"] = t;
            }
            if let Some(p) = cmd.get("public-network-access") {
                body["properties"] = json!({"publicNetworkAccess": p});
            }
            let v = ctx.patch_show(&service_path(cmd, sub)?, body, no_wait)?;
            show_or_empty(cmd, v)
        }
        "delete" => {
            let path = service_path(cmd, sub)?;
            require_yes(cmd)?;
            ctx.delete(&path, no_wait)?;
            Ok(Outcome::success(""))
        }
        "wait" => {
            wait_until(ctx, cmd, &service_path(cmd, sub)?)?;
            Ok(Outcome::success(""))
        }
        _ => Err(not_supported(cmd)),
    }
}

fn not_supported(cmd: &Command) -> Failure {
    Failure::usage(
        "CommandNotFound",
        alloc::format!("'{}' is not supported by hcsim.", cmd.path_str()),
    )
}

/// The login servers of a service body.
fn login_servers(service: &Value) -> Vec<String> {
    service["properties"]["acrConfiguration"]["loginServers"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(ToString::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The PUT body that writes a service back with new login servers.
fn put_back(service: &Value, servers: Vec<String>) -> Value {
    let mut body = json!({
        "kind": service["kind"],
        "location": service["location"],
        "properties": service["properties"],
    });
    if let Some(t) = service.get("tags") {
        body["tags"] = t.clone();
    }
    if let Some(p) = body["properties"].as_object_mut() {
        p.remove("provisioningState");
    }
    body["properties"]["acrConfiguration"]["loginServers"] = json!(servers);
    body
}

/// `az healthcareapis acr list|add|remove|reset`.
pub(super) fn acr(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str, verb: &str) -> Res<Outcome> {
    let path = service_path(cmd, sub)?;
    let service = ctx.get(&path)?;
    let mut servers = login_servers(&service);
    // Assumption: a quoted value holding several servers separated by spaces (as the help's
    // own example `--login-servers "test1.azurecr.io test2.azurecr.io"`) names each of them.
    let given: Vec<String> = cmd
        .get_many("login-servers")
        .into_iter()
        .flat_map(str::split_whitespace)
        .map(ToString::to_string)
        .collect();
    match verb {
        "list" => {
            let cfg = service["properties"]["acrConfiguration"].clone();
            return print(cmd, &cfg);
        }
        "add" => {
            for g in given {
                if !servers.iter().any(|s| s.eq_ignore_ascii_case(&g)) {
                    servers.push(g);
                }
            }
        }
        "remove" => servers.retain(|s| !given.iter().any(|g| g.eq_ignore_ascii_case(s))),
        "reset" => servers = given,
        _ => return Err(not_supported(cmd)),
    }
    let v = ctx.put_show(&path, put_back(&service, servers), cmd.flag("no-wait"))?;
    show_or_empty(cmd, v)
}

/// The connection the flags name.
fn connection_path(cmd: &Command, sub: &str) -> Res<ArmPath> {
    Ok(service_path(cmd, sub)?.child("privateEndpointConnections", cmd.require("name")?))
}

/// `az healthcareapis private-endpoint-connection list|show|create|update|delete|wait`: a
/// connection is made by a private endpoint; `create`/`update` only set its approval state,
/// so they first read it (a missing connection answers 404, as Azure does).
pub(super) fn connection(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str, verb: &str) -> Res<Outcome> {
    let no_wait = cmd.flag("no-wait");
    match verb {
        "list" => {
            let svc = service_path(cmd, sub)?;
            ctx.get(&svc)?;
            let v = ctx.list(&svc.collection("privateEndpointConnections"))?;
            print(cmd, &Value::Array(v))
        }
        "show" => {
            let v = ctx.get(&connection_path(cmd, sub)?)?;
            print(cmd, &v)
        }
        "create" | "update" => {
            deprecated_state_notes(ctx, cmd);
            let path = connection_path(cmd, sub)?;
            let current = ctx.get(&path)?;
            let mut props = current["properties"].clone();
            if let Some(p) = props.as_object_mut() {
                p.remove("provisioningState");
            }
            props["privateLinkServiceConnectionState"] = connection_state(ctx, cmd)?;
            let v = ctx.put_show(&path, json!({"properties": props}), no_wait)?;
            show_or_empty(cmd, v)
        }
        "delete" => {
            let path = connection_path(cmd, sub)?;
            require_yes(cmd)?;
            ctx.delete(&path, no_wait)?;
            Ok(Outcome::success(""))
        }
        "wait" => {
            wait_until(ctx, cmd, &connection_path(cmd, sub)?)?;
            Ok(Outcome::success(""))
        }
        _ => Err(not_supported(cmd)),
    }
}

/// knack's deprecation note for each deprecated state flag given (azure-cli prints
/// argument deprecations with `print(d.message, file=sys.stderr)` before running).
fn deprecated_state_notes(ctx: &mut Ctx<'_>, cmd: &Command) {
    for part in ["status", "description", "actions-required"] {
        let flag = alloc::format!("private-link-service-connection-state-{part}");
        if cmd.has(&flag) {
            ctx.notice(alloc::format!(
                "Argument '{}' has been deprecated and will be removed in a future release. Use '--private-link-service-connection-state' instead.",
                flag.replace('-', "_")
            ));
        }
    }
}

/// `az healthcareapis private-link-resource list|show`: the service's one group, `fhir`.
pub(super) fn link_resource(
    ctx: &mut Ctx<'_>,
    cmd: &Command,
    sub: &str,
    verb: &str,
) -> Res<Outcome> {
    let svc = service_path(cmd, sub)?;
    if verb == "show" {
        let v = ctx.get(&svc.child("privateLinkResources", cmd.require("group-name")?))?;
        return print(cmd, &v);
    }
    let v = ctx.list(&svc.collection("privateLinkResources"))?;
    print(cmd, &Value::Array(v))
}
