//! `az …` commands: each becomes the ARM requests the real CLI sends, with the same defaults
//! (e.g. `--location` defaults to the resource group's), waits as az waits, and prints what
//! az prints.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value, json};

use hcsim_core::id::build;
use hcsim_core::rbac::find_role;
use hcsim_core::{ArmError, Input, Output, Request, RuleId};

use super::{Ctx, Failure, Res, print};
use crate::lab::Outcome;
use crate::shell::Command;

const HC: &str = "providers/Microsoft.HealthcareApis/workspaces";

/// Runs an `az` command.
pub(crate) fn run(ctx: &mut Ctx<'_>, cmd: &Command) -> Res<Outcome> {
    let p: Vec<&str> = cmd.path.iter().map(String::as_str).skip(1).collect();
    let sub = subscription_for(ctx, cmd)?;
    match p.as_slice() {
        ["account", "set"] => account_set(ctx, cmd),
        ["account", "show"] => account_show(ctx, cmd, &sub),
        ["account", "list"] => {
            let subs: Vec<Value> = ctx
                .lab
                .world()
                .subscriptions()
                .iter()
                .map(|s| account_json(ctx, s))
                .collect();
            print(cmd, &Value::Array(subs))
        }
        ["group", rest] => group(ctx, cmd, &sub, rest),
        ["healthcareapis", "workspace", verb] => workspace(ctx, cmd, &sub, verb),
        [
            "healthcareapis",
            "workspace",
            "iot-connector",
            "fhir-destination",
            verb,
        ] => destination(ctx, cmd, &sub, verb),
        ["healthcareapis", "workspace", svc, verb] => service(ctx, cmd, &sub, svc, verb),
        ["deployment", "group", verb] => crate::deploy::run(ctx, cmd, &sub, verb),
        ["role", "assignment", verb] => role_assignment(ctx, cmd, &sub, verb),
        ["lock", verb] => lock(ctx, cmd, &sub, verb),
        ["keyvault", "create"] => keyvault_create(ctx, cmd, &sub),
        ["keyvault", "key", verb] => key(ctx, cmd, &sub, verb),
        ["network", "vnet", "create"] => vnet_create(ctx, cmd, &sub),
        ["network", "private-endpoint", verb] => private_endpoint(ctx, cmd, &sub, verb),
        ["provider", verb] => provider(ctx, cmd, &sub, verb),
        ["resource", "move"] => resource_move(ctx, cmd, &sub),
        ["ad", "user", verb] => ad_user(ctx, cmd, verb),
        _ => Err(Failure::usage(
            "CommandNotFound",
            alloc::format!("'{}' is not supported by hcsim yet.", cmd.path_str()),
        )),
    }
}

/// The subscription a command works in: `--subscription NAME|ID` or the current one.
fn subscription_for(ctx: &Ctx<'_>, cmd: &Command) -> Res<String> {
    let world = ctx.lab.world();
    let Some(wanted) = cmd
        .get("subscription")
        .filter(|_| !cmd.is("az account set"))
    else {
        return Ok(ctx.subscription());
    };
    world
        .subscriptions()
        .into_iter()
        .find(|s| s.eq_ignore_ascii_case(wanted) || world.subscription_name(s).is_some_and(|n| n.eq_ignore_ascii_case(wanted)))
        .ok_or_else(|| {
            Failure::Arm(ArmError::new(404, "SubscriptionNotFound", alloc::format!("Subscription '{wanted}' not found. Check the spelling and casing and try again."), RuleId::ResourceMustExist))
        })
}

fn done(out: Output) -> Res<Outcome> {
    match out {
        Output::Refused { error } => Err(Failure::Arm(error)),
        Output::Done { message } => Ok(Outcome::success(message)),
        Output::Response(r) if !r.is_success() => Err(Failure::Arm(r.error.unwrap_or_else(|| {
            ArmError::new(r.status, "Error", r.body.to_string(), RuleId::ValidRequest)
        }))),
        _ => Ok(Outcome::success("")),
    }
}

fn show_or_empty(cmd: &Command, v: Option<Value>) -> Res<Outcome> {
    match v {
        Some(v) => print(cmd, &v),
        None => Ok(Outcome::success("")),
    }
}

fn require_yes(cmd: &Command) -> Res<()> {
    if cmd.flag("yes") {
        Ok(())
    } else {
        Err(Failure::usage(
            "ConfirmationRequired",
            "Unable to prompt for confirmation as no tty available. Use --yes.",
        ))
    }
}

/// `--tags a=b c=d` → `{"a": "b", "c": "d"}` (a bare `--tags` clears them).
fn tags(cmd: &Command) -> Option<Value> {
    if !cmd.has("tags") {
        return None;
    }
    let mut m = Map::new();
    for t in cmd.get_many("tags") {
        let (k, v) = t.split_once('=').unwrap_or((t, ""));
        if !k.is_empty() {
            m.insert(k.to_string(), Value::String(v.to_string()));
        }
    }
    Some(Value::Object(m))
}

/// kebab-case → camelCase (`event-hub-name` → `eventHubName`).
fn camel(key: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in key.chars() {
        if c == '-' || c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// az's shorthand `k=v k2=v2` or JSON / `@file` for object arguments.
fn object_arg(ctx: &Ctx<'_>, cmd: &Command, name: &str) -> Res<Option<Value>> {
    let vals = cmd.get_many(name);
    if vals.is_empty() {
        return Ok(None);
    }
    let first = vals[0].trim_start();
    if vals.len() == 1
        && (first.starts_with('{') || first.starts_with('@') || first.starts_with('['))
    {
        return ctx.json_arg(first, &alloc::format!("--{name}")).map(Some);
    }
    let mut m = Map::new();
    for v in vals {
        for part in v.split(' ').filter(|s| !s.is_empty()) {
            let (k, val) = part.split_once('=').ok_or_else(|| {
                Failure::usage(
                    "BadArgument",
                    alloc::format!("--{name}: expected KEY=VALUE, got '{part}'"),
                )
            })?;
            let val = match val {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::String(val.to_string()),
            };
            m.insert(camel(k), val);
        }
    }
    Ok(Some(Value::Object(m)))
}

fn group_id(sub: &str, cmd: &Command) -> Res<String> {
    Ok(build::resource_group(sub, cmd.require("resource-group")?))
}

/// The resource group's location, if it exists (az's default for `--location`).
fn group_location(ctx: &Ctx<'_>, sub: &str, rg: &str) -> Option<String> {
    ctx.lab
        .world()
        .find(&build::resource_group(sub, rg))
        .and_then(|r| r.location.clone())
}

fn location_or_group(ctx: &Ctx<'_>, cmd: &Command, sub: &str) -> Option<String> {
    cmd.get("location").map(ToString::to_string).or_else(|| {
        cmd.get("resource-group")
            .and_then(|rg| group_location(ctx, sub, rg))
    })
}

// ----- account ------------------------------------------------------------------------

fn account_json(ctx: &Ctx<'_>, sub: &str) -> Value {
    let w = ctx.lab.world();
    json!({
        "environmentName": "AzureCloud",
        "id": sub,
        "isDefault": sub == w.current_subscription(),
        "name": w.subscription_name(sub).unwrap_or_default(),
        "state": "Enabled",
        "tenantId": w.directory().tenant_id,
        "tenantDefaultDomain": w.directory().tenant,
        "user": {"name": w.acting(), "type": "user"},
    })
}

fn account_set(ctx: &mut Ctx<'_>, cmd: &Command) -> Res<Outcome> {
    let s = cmd.require("subscription")?.to_string();
    done(ctx.input(Input::SelectSubscription { subscription: s }))?;
    Ok(Outcome::success(""))
}

fn account_show(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str) -> Res<Outcome> {
    let v = account_json(ctx, sub);
    print(cmd, &v)
}

// ----- group --------------------------------------------------------------------------

fn group(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str, verb: &str) -> Res<Outcome> {
    let id = || -> Res<String> { Ok(build::resource_group(sub, cmd.require("name")?)) };
    match verb {
        "create" => {
            let mut body = json!({"location": cmd.require("location")?});
            if let Some(t) = tags(cmd) {
                body["tags"] = t;
            }
            if let Some(m) = cmd.get("managed-by") {
                body["managedBy"] = Value::String(m.into());
            }
            let v = ctx.put_show(&id()?, body, false)?;
            show_or_empty(cmd, v)
        }
        "delete" => {
            require_yes(cmd)?;
            let no_wait = cmd.flag("no-wait");
            // What the group holds goes with it (rule resource-group-delete-cascades): say so.
            let inside: Vec<String> = ctx
                .lab
                .world()
                .resources_in_group(sub, cmd.require("name")?)
                .into_iter()
                .filter(|r| {
                    !matches!(
                        r.kind,
                        hcsim_core::ResKind::RoleAssignment | hcsim_core::ResKind::Lock
                    )
                })
                .map(|r| r.id.clone())
                .collect();
            ctx.delete(&id()?, no_wait)?;
            if inside.is_empty() {
                return Ok(Outcome::success(""));
            }
            let rule = RuleId::ResourceGroupDeleteCascades;
            let verb = if no_wait {
                "are being deleted"
            } else {
                "were deleted"
            };
            let mut o = Outcome::success(alloc::format!(
                "{} resource(s) {verb} with the group, children first:\n  {}",
                inside.len(),
                inside
                    .iter()
                    .rev()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("\n  ")
            ));
            o.rule = Some(rule.id().into());
            o.explanation = Some(rule.explain());
            Ok(o)
        }
        "show" => {
            let v = ctx.get(&id()?)?;
            print(cmd, &v)
        }
        "exists" => {
            let exists = match ctx.get(&id()?) {
                Ok(_) => true,
                Err(Failure::Arm(e)) if e.status == 404 => false,
                Err(e) => return Err(e),
            };
            Ok(Outcome::success(if exists { "true" } else { "false" }))
        }
        "list" => {
            let mut v = ctx.list(&alloc::format!(
                "{}/resourceGroups",
                build::subscription(sub)
            ))?;
            if let Some(tag) = cmd.get("tag") {
                let (k, val) = tag.split_once('=').unwrap_or((tag, ""));
                v.retain(|g| {
                    g["tags"]
                        .get(k)
                        .is_some_and(|x| val.is_empty() || x.as_str() == Some(val))
                });
            }
            print(cmd, &Value::Array(v))
        }
        "export" => {
            let rg = id()?;
            ctx.get(&rg)?;
            crate::deploy::export_group(ctx, cmd, &rg)
        }
        _ => Err(unknown(cmd)),
    }
}

fn unknown(cmd: &Command) -> Failure {
    Failure::usage(
        "CommandNotFound",
        alloc::format!("'{}' is not supported by hcsim.", cmd.path_str()),
    )
}

// ----- healthcareapis ------------------------------------------------------------------

fn workspace_id(sub: &str, cmd: &Command, flag: &str) -> Res<String> {
    Ok(build::workspace(
        sub,
        cmd.require("resource-group")?,
        cmd.require(flag)?,
    ))
}

fn workspace(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str, verb: &str) -> Res<Outcome> {
    let no_wait = cmd.flag("no-wait");
    match verb {
        "create" => {
            let id = workspace_id(sub, cmd, "name")?;
            let mut body = json!({"properties": {}});
            if let Some(l) = location_or_group(ctx, cmd, sub) {
                body["location"] = Value::String(l);
            }
            if let Some(t) = tags(cmd) {
                body["tags"] = t;
            }
            if let Some(p) = cmd.get("public-network-access") {
                body["properties"]["publicNetworkAccess"] = Value::String(p.into());
            }
            let v = ctx.put_show(&id, body, no_wait)?;
            show_or_empty(cmd, v)
        }
        "update" => {
            let id = workspace_id(sub, cmd, "name")?;
            if cmd.has("public-network-access") {
                return Err(Failure::Arm(ArmError::new(
                    400,
                    "ReadOnlyProperty",
                    "publicNetworkAccess is read-only in API 2024-03-31: it follows private link. Create a private endpoint to the workspace (az network private-endpoint create … --group-id healthcareworkspace) to turn public access off for every service, or delete it to turn it back on.".into(),
                    RuleId::SettingsApplyToAllChildren,
                )));
            }
            let mut body = json!({});
            if let Some(t) = tags(cmd) {
                body["tags"] = t;
            }
            let mut settings = Map::new();
            if let Some(url) = cmd.get("cmk-key-url") {
                let v = if url.is_empty() || url.eq_ignore_ascii_case("none") {
                    Value::Null
                } else {
                    json!({"keyUrl": url, "identity": cmd.get("cmk-identity").unwrap_or("SystemAssigned")})
                };
                settings.insert("customerManagedKey".into(), v);
            }
            if let Some(m) = cmd.get("monitoring") {
                let enabled = m.eq_ignore_ascii_case("enabled");
                let mut mon = json!({"enabled": enabled});
                if let Some(w) = cmd.get("monitoring-workspace-id") {
                    mon["workspaceId"] = Value::String(w.into());
                }
                settings.insert("monitoring".into(), mon);
            }
            if !settings.is_empty() {
                body[hcsim_core::providers::SETTINGS_KEY] = Value::Object(settings);
            }
            let v = ctx.patch_show(&id, body, no_wait)?;
            show_or_empty(cmd, v)
        }
        "delete" => {
            require_yes(cmd)?;
            ctx.delete(&workspace_id(sub, cmd, "name")?, no_wait)?;
            Ok(Outcome::success(""))
        }
        "show" => {
            let v = ctx.get(&workspace_id(sub, cmd, "name")?)?;
            print(cmd, &v)
        }
        "list" => {
            let path = match cmd.get("resource-group") {
                Some(rg) => alloc::format!("{}/{HC}", build::resource_group(sub, rg)),
                None => alloc::format!("{}/{HC}", build::subscription(sub)),
            };
            let v = ctx.list(&path)?;
            print(cmd, &Value::Array(v))
        }
        _ => Err(unknown(cmd)),
    }
}

fn service(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str, svc: &str, verb: &str) -> Res<Outcome> {
    let child_type = match svc {
        "fhir-service" => "fhirservices",
        "dicom-service" => "dicomservices",
        "iot-connector" => "iotconnectors",
        _ => return Err(unknown(cmd)),
    };
    let ws = workspace_id(sub, cmd, "workspace-name")?;
    let id = || -> Res<String> { Ok(alloc::format!("{ws}/{child_type}/{}", cmd.require("name")?)) };
    let no_wait = cmd.flag("no-wait");
    let identity = || {
        cmd.get("identity-type").map(|t| {
            let mut i = json!({"type": t});
            let uai = cmd.get_many("user-assigned-identities");
            if !uai.is_empty() {
                let mut m = Map::new();
                for u in uai {
                    m.insert(u.to_string(), json!({}));
                }
                i["userAssignedIdentities"] = Value::Object(m);
            }
            i
        })
    };
    match verb {
        "create" => {
            let mut body = json!({"properties": {}});
            if let Some(l) = location_or_group(ctx, cmd, sub) {
                body["location"] = Value::String(l);
            }
            if let Some(t) = tags(cmd) {
                body["tags"] = t;
            }
            if let Some(i) = identity() {
                body["identity"] = i;
            }
            match child_type {
                "fhirservices" => {
                    body["kind"] = Value::String(cmd.get("kind").unwrap_or("fhir-R4").into());
                    if let Some(a) = object_arg(ctx, cmd, "authentication-configuration")? {
                        body["properties"]["authenticationConfiguration"] = a;
                    }
                    if let Some(c) = object_arg(ctx, cmd, "cors-configuration")? {
                        body["properties"]["corsConfiguration"] = c;
                    }
                    if let Some(s) = cmd.get("export-configuration-storage-account-name") {
                        body["properties"]["exportConfiguration"] =
                            json!({"storageAccountName": s});
                    }
                    let login = cmd.get_many("login-servers");
                    if !login.is_empty() {
                        body["properties"]["acrConfiguration"] = json!({"loginServers": login});
                    }
                    if let Some(p) = object_arg(ctx, cmd, "access-policies")? {
                        body["properties"]["accessPolicies"] = p;
                    }
                }
                "iotconnectors" => {
                    if let Some(c) = object_arg(ctx, cmd, "ingestion-endpoint-configuration")? {
                        body["properties"]["ingestionEndpointConfiguration"] = c;
                    }
                    let content = match cmd.get("content") {
                        Some(c) => ctx.json_arg(c, "--content")?,
                        None => json!({"templateType": "CollectionContent", "template": []}),
                    };
                    body["properties"]["deviceMapping"] = json!({"content": content});
                }
                _ => {}
            }
            let v = ctx.put_show(&id()?, body, no_wait)?;
            show_or_empty(cmd, v)
        }
        "update" => {
            let mut body = json!({});
            if let Some(t) = tags(cmd) {
                body["tags"] = t;
            }
            if let Some(i) = identity() {
                body["identity"] = i;
            }
            let v = ctx.patch_show(&id()?, body, no_wait)?;
            show_or_empty(cmd, v)
        }
        "list" => common_verb(ctx, cmd, verb, "", &alloc::format!("{ws}/{child_type}")),
        _ => common_verb(ctx, cmd, verb, &id()?, ""),
    }
}

fn destination(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str, verb: &str) -> Res<Outcome> {
    let ws = workspace_id(sub, cmd, "workspace-name")?;
    let iot = alloc::format!("{ws}/iotconnectors/{}", cmd.require("iot-connector-name")?);
    let id = || -> Res<String> {
        Ok(alloc::format!(
            "{iot}/fhirdestinations/{}",
            cmd.require("fhir-destination-name")?
        ))
    };
    let no_wait = cmd.flag("no-wait");
    match verb {
        "create" | "update" => {
            let content = ctx.json_arg(cmd.require("content")?, "--content")?;
            let mut body = json!({"properties": {
                "resourceIdentityResolutionType": cmd.require("resource-identity-resolution-type")?,
                "fhirServiceResourceId": cmd.require("fhir-service-resource-id")?,
                "fhirMapping": {"content": content},
            }});
            if let Some(l) = location_or_group(ctx, cmd, sub) {
                body["location"] = Value::String(l);
            }
            let v = ctx.put_show(&id()?, body, no_wait)?;
            show_or_empty(cmd, v)
        }
        "list" => common_verb(
            ctx,
            cmd,
            verb,
            "",
            &alloc::format!("{iot}/fhirdestinations"),
        ),
        _ => common_verb(ctx, cmd, verb, &id()?, ""),
    }
}

/// The verbs every healthcareapis resource has alike: `delete` (with `--yes`), `show`, and
/// `list` of `collection`.
fn common_verb(
    ctx: &mut Ctx<'_>,
    cmd: &Command,
    verb: &str,
    id: &str,
    collection: &str,
) -> Res<Outcome> {
    match verb {
        "delete" => {
            require_yes(cmd)?;
            ctx.delete(id, cmd.flag("no-wait"))?;
            Ok(Outcome::success(""))
        }
        "show" => {
            let v = ctx.get(id)?;
            print(cmd, &v)
        }
        "list" => {
            let v = ctx.list(collection)?;
            print(cmd, &Value::Array(v))
        }
        _ => Err(unknown(cmd)),
    }
}

// ----- RBAC and locks --------------------------------------------------------------------

fn scope_of(cmd: &Command, sub: &str) -> String {
    match (cmd.get("scope"), cmd.get("resource-group")) {
        (Some(s), _) => s.trim_end_matches('/').to_string(),
        (None, Some(rg)) => build::resource_group(sub, rg),
        (None, None) => build::subscription(sub),
    }
}

fn principal_of(ctx: &Ctx<'_>, cmd: &Command) -> Res<Option<hcsim_core::directory::Principal>> {
    let who = cmd
        .get("assignee-object-id")
        .or_else(|| cmd.get("assignee"));
    let Some(who) = who else { return Ok(None) };
    ctx.lab.world().directory().find(who).cloned().map(Some).ok_or_else(|| {
        Failure::Arm(ArmError::new(
            400,
            "PrincipalNotFound",
            alloc::format!("Cannot find user or service principal in graph database for '{who}'. If the assignee is an appId, make sure the corresponding service principal is created with 'az ad sp create --id {who}'."),
            RuleId::Rbac,
        ))
    })
}

fn role_of(cmd: &Command) -> Res<Option<&'static hcsim_core::rbac::Role>> {
    let Some(r) = cmd.get("role") else {
        return Ok(None);
    };
    find_role(r).map(Some).ok_or_else(|| {
        Failure::Arm(ArmError::new(
            400,
            "RoleDefinitionDoesNotExist",
            alloc::format!("Role '{r}' doesn't exist."),
            RuleId::Rbac,
        ))
    })
}

/// A role assignment as `az role assignment list` shows it (with names resolved).
fn ra_view(ctx: &Ctx<'_>, v: &Value) -> Value {
    let mut v = v.clone();
    let props = v["properties"].clone();
    let role = props["roleDefinitionId"]
        .as_str()
        .and_then(find_role)
        .map(|r| r.name)
        .unwrap_or("");
    let pid = props["principalId"].as_str().unwrap_or("");
    let name = ctx
        .lab
        .world()
        .directory()
        .find(pid)
        .map(|p| p.name.clone())
        .unwrap_or_default();
    if let Value::Object(m) = &mut v {
        m.insert("principalName".into(), Value::String(name));
        m.insert("roleDefinitionName".into(), Value::String(role.into()));
        m.insert("scope".into(), props["scope"].clone());
        m.insert("principalId".into(), props["principalId"].clone());
        m.insert("roleDefinitionId".into(), props["roleDefinitionId"].clone());
    }
    v
}

fn role_assignment(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str, verb: &str) -> Res<Outcome> {
    let scope = scope_of(cmd, sub);
    match verb {
        "create" => {
            let principal = principal_of(ctx, cmd)?.ok_or_else(|| {
                Failure::usage(
                    "MissingArgument",
                    "the following arguments are required: --assignee or --assignee-object-id",
                )
            })?;
            let role = role_of(cmd)?.ok_or_else(|| {
                Failure::usage(
                    "MissingArgument",
                    "the following arguments are required: --role",
                )
            })?;
            let name = hcsim_core::rng::guid_from(&alloc::format!(
                "{}|{}|{}",
                scope.to_lowercase(),
                principal.object_id,
                role.id
            ));
            let path =
                alloc::format!("{scope}/providers/Microsoft.Authorization/roleAssignments/{name}");
            let mut body = json!({"properties": {
                "roleDefinitionId": hcsim_core::rbac::role_definition_id(sub, role),
                "principalId": principal.object_id,
            }});
            if let Some(d) = cmd.get("description") {
                body["properties"]["description"] = Value::String(d.into());
            }
            let r = ctx.send(Request::put(&path, body))?;
            let v = ra_view(ctx, &r.body);
            print(cmd, &v)
        }
        "list" | "delete" => {
            if verb == "delete" {
                let ids = cmd.get_many("ids");
                if !ids.is_empty() {
                    for id in ids {
                        ctx.send(Request::delete(id))?;
                    }
                    return Ok(Outcome::success(""));
                }
            }
            let principal = principal_of(ctx, cmd)?;
            let role = role_of(cmd)?;
            let all = ctx.list(&alloc::format!(
                "{scope}/providers/Microsoft.Authorization/roleAssignments"
            ))?;
            let scope_l = scope.to_lowercase();
            let inherited = cmd.flag("include-inherited") || cmd.flag("all");
            let matching: Vec<Value> = all
                .iter()
                .filter(|ra| {
                    let p = &ra["properties"];
                    let s = p["scope"].as_str().unwrap_or("").to_lowercase();
                    let scope_ok = if verb == "delete" {
                        s == scope_l
                    } else {
                        s.starts_with(&scope_l) || (inherited && scope_l.starts_with(&s))
                    };
                    scope_ok
                        && principal.as_ref().is_none_or(|pr| {
                            p["principalId"].as_str() == Some(pr.object_id.as_str())
                        })
                        && role.is_none_or(|r| {
                            p["roleDefinitionId"]
                                .as_str()
                                .and_then(find_role)
                                .map(|x| x.id)
                                == Some(r.id)
                        })
                })
                .map(|ra| ra_view(ctx, ra))
                .collect();
            if verb == "list" {
                return print(cmd, &Value::Array(matching));
            }
            if matching.is_empty() {
                return Ok(Outcome::success(
                    "No matched assignments were found to delete",
                ));
            }
            for ra in &matching {
                if let Some(id) = ra["id"].as_str() {
                    let id = id.to_string();
                    ctx.send(Request::delete(id))?;
                }
            }
            Ok(Outcome::success(alloc::format!(
                "Deleted {} role assignment(s).",
                matching.len()
            )))
        }
        _ => Err(unknown(cmd)),
    }
}

fn lock_scope(cmd: &Command, sub: &str) -> String {
    let rg = cmd.get("resource-group");
    match (cmd.get("resource"), rg) {
        (Some(r), _) if r.starts_with('/') => r.trim_end_matches('/').to_string(),
        (Some(r), Some(rg)) => {
            let ns = cmd.get("namespace").unwrap_or("");
            let ty = cmd.get("resource-type").unwrap_or("");
            let (ns, ty) = if ns.is_empty() {
                ty.split_once('/').unwrap_or(("", ty))
            } else {
                (ns, ty)
            };
            let parent = cmd
                .get("parent")
                .map(|p| alloc::format!("{p}/"))
                .unwrap_or_default();
            alloc::format!(
                "{}/providers/{ns}/{parent}{ty}/{r}",
                build::resource_group(sub, rg)
            )
        }
        (_, Some(rg)) => build::resource_group(sub, rg),
        _ => build::subscription(sub),
    }
}

fn lock(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str, verb: &str) -> Res<Outcome> {
    let scope = lock_scope(cmd, sub);
    match verb {
        "create" => {
            let path = alloc::format!(
                "{scope}/providers/Microsoft.Authorization/locks/{}",
                cmd.require("name")?
            );
            let mut body = json!({"properties": {"level": cmd.require("lock-type")?}});
            if let Some(n) = cmd.get("notes") {
                body["properties"]["notes"] = Value::String(n.into());
            }
            let r = ctx.send(Request::put(&path, body))?;
            print(cmd, &r.body)
        }
        "delete" => {
            let ids = cmd.get_many("ids");
            if !ids.is_empty() {
                for id in ids {
                    ctx.send(Request::delete(id))?;
                }
                return Ok(Outcome::success(""));
            }
            let name = cmd.require("name")?;
            let path = alloc::format!("{scope}/providers/Microsoft.Authorization/locks/{name}");
            let r = ctx.send(Request::delete(&path))?;
            if r.status == 204 {
                return Err(Failure::Arm(ArmError::new(
                    404,
                    "LockNotFound",
                    alloc::format!("The lock '{name}' could not be found at scope '{scope}'."),
                    RuleId::ResourceMustExist,
                )));
            }
            Ok(Outcome::success(""))
        }
        "list" => {
            let v = ctx.list(&alloc::format!(
                "{scope}/providers/Microsoft.Authorization/locks"
            ))?;
            let v: Vec<Value> = v
                .into_iter()
                .map(|mut l| {
                    let level = l["properties"]["level"].clone();
                    l["level"] = level;
                    l
                })
                .collect();
            print(cmd, &Value::Array(v))
        }
        _ => Err(unknown(cmd)),
    }
}

// ----- Key Vault, networking, providers, directory ----------------------------------------

fn keyvault_create(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str) -> Res<Outcome> {
    let id = alloc::format!(
        "{}/providers/Microsoft.KeyVault/vaults/{}",
        group_id(sub, cmd)?,
        cmd.require("name")?
    );
    let mut body = json!({"properties": {
        "sku": {"family": "A", "name": cmd.get("sku").unwrap_or("standard").to_lowercase()},
        "enablePurgeProtection": cmd.bool_arg("enable-purge-protection").unwrap_or(false),
        "enableRbacAuthorization": cmd.bool_arg("enable-rbac-authorization").unwrap_or(true),
        "enableSoftDelete": true,
    }});
    if let Some(l) = location_or_group(ctx, cmd, sub) {
        body["location"] = Value::String(l);
    }
    if let Some(t) = tags(cmd) {
        body["tags"] = t;
    }
    let v = ctx.put_show(&id, body, false)?;
    show_or_empty(cmd, v)
}

fn vault_id(ctx: &Ctx<'_>, sub: &str, name: &str) -> Res<String> {
    let prefix = build::subscription(sub).to_lowercase();
    ctx.lab
        .world()
        .resources_of_type("Microsoft.KeyVault/vaults")
        .into_iter()
        .find(|v| v.name.eq_ignore_ascii_case(name) && v.id.to_lowercase().starts_with(&prefix))
        .map(|v| v.id.clone())
        .ok_or_else(|| {
            Failure::Arm(ArmError::new(
                404,
                "ResourceNotFound",
                alloc::format!("The Vault '{name}' not found within subscription."),
                RuleId::ResourceMustExist,
            ))
        })
}

fn key(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str, verb: &str) -> Res<Outcome> {
    let vault = vault_id(ctx, sub, cmd.require("vault-name")?)?;
    let id = alloc::format!("{vault}/keys/{}", cmd.require("name")?);
    match verb {
        "create" => {
            let size: u64 = cmd.get("size").and_then(|s| s.parse().ok()).unwrap_or(2048);
            let body = json!({"properties": {
                "kty": cmd.get("kty").unwrap_or("RSA"),
                "keySize": size,
                "attributes": {"enabled": !cmd.flag("disabled")},
            }});
            let v = ctx.put_show(&id, body, false)?;
            show_or_empty(cmd, v)
        }
        "set-attributes" => {
            let mut body = json!({});
            if let Some(e) = cmd.bool_arg("enabled") {
                body["properties"] = json!({"attributes": {"enabled": e}});
            }
            if let Some(t) = tags(cmd) {
                body["tags"] = t;
            }
            let v = ctx.patch_show(&id, body, false)?;
            show_or_empty(cmd, v)
        }
        _ => Err(unknown(cmd)),
    }
}

fn vnet_create(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str) -> Res<Outcome> {
    let id = alloc::format!(
        "{}/providers/Microsoft.Network/virtualNetworks/{}",
        group_id(sub, cmd)?,
        cmd.require("name")?
    );
    let prefixes = cmd.get_many("address-prefixes");
    let prefixes: Vec<&str> = if prefixes.is_empty() {
        alloc::vec!["10.0.0.0/16"]
    } else {
        prefixes
    };
    let mut body = json!({"properties": {"addressSpace": {"addressPrefixes": prefixes}}});
    if let Some(subnet) = cmd.get("subnet-name") {
        let sp = cmd.get_many("subnet-prefixes");
        let sp = sp.first().copied().unwrap_or("10.0.0.0/24");
        body["properties"]["subnets"] =
            json!([{"name": subnet, "properties": {"addressPrefix": sp}}]);
    }
    if let Some(l) = location_or_group(ctx, cmd, sub) {
        body["location"] = Value::String(l);
    }
    let v = ctx.put_show(&id, body, false)?;
    show_or_empty(cmd, v)
}

fn private_endpoint(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str, verb: &str) -> Res<Outcome> {
    let rg = group_id(sub, cmd);
    let id = || -> Res<String> {
        Ok(alloc::format!(
            "{}/providers/Microsoft.Network/privateEndpoints/{}",
            group_id(sub, cmd)?,
            cmd.require("name")?
        ))
    };
    match verb {
        "create" => {
            let subnet = cmd.require("subnet")?;
            let subnet_id = if subnet.starts_with('/') {
                subnet.to_string()
            } else {
                let vnet = cmd.get("vnet-name").ok_or_else(|| {
                    Failure::usage(
                        "MissingArgument",
                        "--vnet-name is required when --subnet is a name, not an id",
                    )
                })?;
                alloc::format!(
                    "{}/providers/Microsoft.Network/virtualNetworks/{vnet}/subnets/{subnet}",
                    rg?
                )
            };
            let groups: Vec<&str> = cmd.get_many("group-id");
            let conn = json!([{"name": cmd.require("connection-name")?, "properties": {
                "privateLinkServiceId": cmd.require("private-connection-resource-id")?,
                "groupIds": groups,
                "requestMessage": cmd.get("request-message").unwrap_or(""),
            }}]);
            let key = if cmd.flag("manual-request") {
                "manualPrivateLinkServiceConnections"
            } else {
                "privateLinkServiceConnections"
            };
            let mut body = json!({"properties": {"subnet": {"id": subnet_id}}});
            body["properties"][key] = conn;
            if let Some(l) = location_or_group(ctx, cmd, sub) {
                body["location"] = Value::String(l);
            }
            if let Some(t) = tags(cmd) {
                body["tags"] = t;
            }
            let v = ctx.put_show(&id()?, body, cmd.flag("no-wait"))?;
            show_or_empty(cmd, v)
        }
        "delete" => {
            ctx.delete(&id()?, cmd.flag("no-wait"))?;
            Ok(Outcome::success(""))
        }
        "show" => {
            let v = ctx.get(&id()?)?;
            print(cmd, &v)
        }
        "list" => {
            let path = match cmd.get("resource-group") {
                Some(g) => alloc::format!(
                    "{}/providers/Microsoft.Network/privateEndpoints",
                    build::resource_group(sub, g)
                ),
                None => alloc::format!(
                    "{}/providers/Microsoft.Network/privateEndpoints",
                    build::subscription(sub)
                ),
            };
            let v = ctx.list(&path)?;
            print(cmd, &Value::Array(v))
        }
        _ => Err(unknown(cmd)),
    }
}

fn resource_move(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str) -> Res<Outcome> {
    let ids: Vec<&str> = cmd.get_many("ids");
    let first = hcsim_core::id::ArmPath::parse(ids.first().copied().unwrap_or(""))
        .map_err(|e| Failure::usage("BadArgument", alloc::format!("--ids: {e}")))?;
    let source = first
        .resource_group()
        .map(|g| build::resource_group(first.subscription(), g))
        .ok_or_else(|| {
            Failure::usage(
                "BadArgument",
                "--ids: the resources must be inside a resource group",
            )
        })?;
    let dest_sub = cmd.get("destination-subscription-id").unwrap_or(sub);
    let target = build::resource_group(dest_sub, cmd.require("destination-group")?);
    let body = json!({"resources": ids, "targetResourceGroup": target});
    ctx.send(Request::post(
        alloc::format!("{source}/moveResources"),
        body,
    ))?;
    Ok(Outcome::success(""))
}

/// Namespaces `az provider list` shows.
const NAMESPACES: &[&str] = &[
    "Microsoft.Authorization",
    "Microsoft.Devices",
    "Microsoft.EventHub",
    "Microsoft.HealthcareApis",
    "Microsoft.Insights",
    "Microsoft.KeyVault",
    "Microsoft.ManagedIdentity",
    "Microsoft.Network",
    "Microsoft.OperationalInsights",
    "Microsoft.Resources",
    "Microsoft.Storage",
];

fn provider(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str, verb: &str) -> Res<Outcome> {
    let show = |ctx: &Ctx<'_>, ns: &str| {
        let state = if ctx.lab.world().provider_registered(sub, ns) {
            "Registered"
        } else {
            "NotRegistered"
        };
        json!({"id": alloc::format!("/subscriptions/{sub}/providers/{ns}"), "namespace": ns, "registrationState": state})
    };
    match verb {
        "register" => {
            let ns = cmd.require("namespace")?.to_string();
            ctx.send(Request::post(
                alloc::format!("/subscriptions/{sub}/providers/{ns}/register"),
                json!({}),
            ))?;
            Ok(Outcome::success(""))
        }
        "show" => {
            let v = show(ctx, cmd.require("namespace")?);
            print(cmd, &v)
        }
        "list" => {
            let v: Vec<Value> = NAMESPACES.iter().map(|ns| show(ctx, ns)).collect();
            print(cmd, &Value::Array(v))
        }
        _ => Err(unknown(cmd)),
    }
}

fn user_json(p: &hcsim_core::directory::Principal) -> Value {
    json!({"id": p.object_id, "userPrincipalName": p.name, "displayName": p.display_name, "userType": "Member"})
}

fn ad_user(ctx: &mut Ctx<'_>, cmd: &Command, verb: &str) -> Res<Outcome> {
    match verb {
        "create" => {
            let upn = cmd.require("user-principal-name")?.to_string();
            done(ctx.input(Input::AddUser { name: upn.clone() }))?;
            let p = ctx.lab.world().directory().find(&upn).cloned();
            let mut v = p.as_ref().map(user_json).unwrap_or(Value::Null);
            if let Some(d) = cmd.get("display-name") {
                v["displayName"] = Value::String(d.into());
            }
            print(cmd, &v)
        }
        "list" => {
            let users: Vec<Value> = ctx
                .lab
                .world()
                .directory()
                .all()
                .into_iter()
                .filter(|p| p.kind == hcsim_core::directory::PrincipalKind::User)
                .filter(|p| {
                    cmd.get("upn")
                        .is_none_or(|u| p.name.eq_ignore_ascii_case(u))
                })
                .filter(|p| {
                    cmd.get("display-name").is_none_or(|d| {
                        p.display_name.to_lowercase().starts_with(&d.to_lowercase())
                    })
                })
                .map(user_json)
                .collect();
            print(cmd, &Value::Array(users))
        }
        "show" => {
            let id = cmd.require("id")?;
            let p = ctx.lab.world().directory().find(id).cloned().ok_or_else(|| {
                Failure::Arm(ArmError::new(404, "Request_ResourceNotFound", alloc::format!("Resource '{id}' does not exist or one of its queried reference-property objects are not present."), RuleId::ResourceMustExist))
            })?;
            print(cmd, &user_json(&p))
        }
        _ => Err(Failure::usage(
            "NotSupported",
            "hcsim keeps the directory's users for the whole session; remove their role assignments instead (az role assignment delete).",
        )),
    }
}
