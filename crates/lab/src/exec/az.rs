//! `az …` commands: each becomes the ARM requests the real CLI sends, with the same defaults
//! (e.g. `--location` defaults to the resource group's), waits as az waits, and prints what
//! az prints.
// Without `full`, the rare groups' commands are refused at dispatch (`NotInThisBuild`) and
// their code is left unused, then dropped from the browser's start module.
#![cfg_attr(not(feature = "full"), allow(dead_code, unused_imports))]

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value, json};

use hcsim_core::id::{ArmPath, build};
use hcsim_core::rbac::find_role;
use hcsim_core::{ArmError, Input, Output, Request, RuleId};

use super::ids::{self, Hc};
use super::verbs::{require_yes, tags, wait_until};
use super::{Ctx, Failure, Res, print, print_body, print_owned};
use super::{healthcare_args, healthcare_private};
use crate::outcome::Outcome;
use crate::shell::Command;

/// Runs an `az` command.
pub(crate) fn run(ctx: &mut Ctx<'_>, cmd: &Command) -> Res<Outcome> {
    let p: &[&str] = cmd.path.get(1..).unwrap_or_default();
    let sub = subscription_for(ctx, cmd)?;
    // The SDK checks `resource_group_name` before sending anything, for every command.
    if let Some(rg) = cmd.get("resource-group") {
        ids::check_group(rg)?;
    }
    if let Some(out) = rare_group(ctx, cmd, &sub, p) {
        return out;
    }
    match p {
        // ---- app registrations (entra, entra_rbac modules; full module only) ----
        #[cfg(feature = "full")]
        ["ad", "app", ..] | ["ad", "sp", "create" | "delete"] | ["ad", "sp", "credential", _] => {
            super::entra::run(ctx, cmd, p)
        }
        #[cfg(feature = "full")]
        ["ad", "sp", "create-for-rbac"] => super::entra_rbac::run(ctx, cmd, &sub),
        #[cfg(not(feature = "full"))]
        ["ad", "app", ..]
        | ["ad", "sp", "create" | "delete" | "create-for-rbac"]
        | ["ad", "sp", "credential", _] => Err(super::not_in_this_build("This command")),
        // ---- supporting commands (signin, catalog, resources, rest modules) ----
        ["login" | "logout"]
        | ["account", "get-access-token"]
        | ["ad", "signed-in-user" | "sp", _] => super::signin::run(ctx, cmd, p),
        ["account", "list-locations"] | ["role", "definition", "list"] | ["extension", _] => {
            super::catalog::run(ctx, cmd, p)
        }
        ["resource", "list" | "update"] | ["provider", "unregister"] => {
            super::resources::run(ctx, cmd, &sub, p)
        }
        ["rest"] => super::rest::run(ctx, cmd),
        [verb @ ("version" | "upgrade")] => super::version::run(ctx, cmd, verb),
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
        #[cfg(feature = "full")]
        ["deployment", "group", verb] => super::deploy::run(ctx, cmd, &sub, verb),
        #[cfg(feature = "full")]
        ["bicep", verb] => super::bicep::run(ctx, cmd, verb),
        #[cfg(not(feature = "full"))]
        ["deployment", "group", _] | ["bicep", _] => {
            Err(super::not_in_this_build("The template engine"))
        }
        ["role", "assignment", verb] => role_assignment(ctx, cmd, &sub, verb),
        ["network", "vnet", "create"] => vnet_create(ctx, cmd, &sub),
        ["provider", verb] => provider(ctx, cmd, &sub, verb),
        ["resource", verb] => resource(ctx, cmd, &sub, verb),
        _ => Err(Failure::usage(
            "CommandNotFound",
            alloc::format!("'{}' is not supported by hcsim yet.", cmd.path_str()),
        )),
    }
}

/// The groups a first session rarely uses: private link, the legacy Azure API for FHIR, locks,
/// Key Vault, private endpoints, resource moves, directory users. `None` for any other command.
/// The browser's start module (no `full`) refuses them with `NotInThisBuild` before anything is
/// sent, so their code stays in the full module, which runs the line again.
fn rare_group(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str, p: &[&str]) -> Option<Res<Outcome>> {
    #[cfg(not(feature = "full"))]
    {
        let _ = (ctx, cmd, sub);
        let rare = matches!(
            p,
            [
                "healthcareapis",
                "workspace",
                "private-endpoint-connection" | "private-link-resource",
                _
            ] | ["healthcareapis", "operation-result", "show"]
                | [
                    "healthcareapis",
                    "service" | "acr" | "private-endpoint-connection" | "private-link-resource",
                    _
                ]
                | ["lock", _]
                | ["keyvault", "create"]
                | ["keyvault", "key", _]
                | ["network", "private-endpoint", _]
                | ["resource", "move"]
                | ["ad", "user", _]
        );
        rare.then(|| Err(super::not_in_this_build("This command group")))
    }
    #[cfg(feature = "full")]
    Some(match p {
        [
            "healthcareapis",
            "workspace",
            "private-endpoint-connection",
            verb,
        ] => healthcare_private::connection(ctx, cmd, sub, verb),
        ["healthcareapis", "workspace", "private-link-resource", verb] => {
            healthcare_private::link_resource(ctx, cmd, sub, verb)
        }
        ["healthcareapis", "operation-result", "show"] => {
            healthcare_private::operation_result(ctx, cmd, sub)
        }
        ["healthcareapis", "service", verb] => super::legacy::service(ctx, cmd, sub, verb),
        ["healthcareapis", "acr", verb] => super::legacy::acr(ctx, cmd, sub, verb),
        ["healthcareapis", "private-endpoint-connection", verb] => {
            super::legacy::connection(ctx, cmd, sub, verb)
        }
        ["healthcareapis", "private-link-resource", verb] => {
            super::legacy::link_resource(ctx, cmd, sub, verb)
        }
        ["lock", verb] => lock(ctx, cmd, sub, verb),
        ["keyvault", "create"] => keyvault_create(ctx, cmd, sub),
        ["keyvault", "key", verb] => key(ctx, cmd, sub, verb),
        ["network", "private-endpoint", verb] => private_endpoint(ctx, cmd, sub, verb),
        ["resource", "move"] => resource_move(ctx, cmd, sub),
        ["ad", "user", verb] => ad_user(ctx, cmd, verb),
        _ => return None,
    })
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
        Some(v) => print_owned(cmd, v),
        None => Ok(Outcome::success("")),
    }
}

/// PUT `body` at `id`, then print what the world holds there as [`print_body`] does (with
/// the `nulls` az adds): the stored body is written from its packed form, and output the line
/// discards (`-o none`) is never built (a script's `create … -o none` lines decoded the whole
/// body for nothing).
fn put_print<T: super::Target + ?Sized>(
    ctx: &mut Ctx<'_>,
    cmd: &Command,
    id: &T,
    body: Value,
    no_wait: bool,
    nulls: &'static [&'static str],
) -> Res<Outcome> {
    match ctx.put_show_body(id, body, no_wait)? {
        Some(b) => print_body(cmd, b, nulls),
        None => Ok(Outcome::success("")),
    }
}

/// A shorthand-syntax argument (`KEY=VALUE …`, see [`healthcare_args`]) as the body value
/// the extension sends: an object, or a list with one item per occurrence (`as_list`). A
/// single value that is inline JSON or `@file` is read as JSON instead.
fn shorthand_arg(
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
        && (first.starts_with('{') || first.starts_with('@') || first.starts_with('['))
    {
        return ctx
            .json_arg(first, &alloc::format!("--{}", arg.flag()))
            .map(Some);
    }
    if as_list {
        arg.list(&vals).map(Some)
    } else {
        arg.object(&vals).map(Some)
    }
}

/// The resource group's location, if it exists (az's default for `--location`).
fn group_location(ctx: &Ctx<'_>, sub: &str, rg: &str) -> Option<String> {
    ctx.lab
        .world()
        .find_at(&ArmPath::at_subscription(sub).group(rg))
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
    let id = || -> Res<ArmPath> {
        Ok(ArmPath::at_subscription(sub).group(ids::group_flag(cmd, "name")?))
    };
    match verb {
        "create" => {
            let mut body = json!({"location": cmd.require("location")?});
            if let Some(t) = tags(cmd) {
                body["tags"] = t;
            }
            if let Some(m) = cmd.get("managed-by") {
                body["managedBy"] = Value::String(m.into());
            }
            put_print(ctx, cmd, &id()?, body, false, GROUP_NULLS)
        }
        "delete" => group_delete(ctx, cmd, &id()?),
        "show" => print_body(cmd, ctx.get_body(&id()?)?, GROUP_NULLS),
        "exists" => {
            let exists = match ctx.get(&id()?) {
                Ok(_) => true,
                Err(Failure::Arm(e)) if e.status == 404 => false,
                Err(e) => return Err(e),
            };
            Ok(Outcome::success(if exists { "true" } else { "false" }))
        }
        "list" => {
            let mut v = ctx.list(&ArmPath::at_subscription(sub).collection("resourceGroups"))?;
            if let Some(tag) = cmd.get("tag") {
                let (k, val) = tag.split_once('=').unwrap_or((tag, ""));
                v.retain(|g| {
                    g["tags"]
                        .get(k)
                        .is_some_and(|x| val.is_empty() || x.as_str() == Some(val))
                });
            }
            print_owned(cmd, Value::Array(v.into_iter().map(group_view).collect()))
        }
        #[cfg(feature = "full")]
        "export" => {
            let rg = id()?;
            ctx.get(&rg)?;
            super::deploy::export_group(ctx, cmd, &rg)
        }
        #[cfg(not(feature = "full"))]
        "export" => Err(super::not_in_this_build("The template engine")),
        _ => Err(unknown(cmd)),
    }
}

/// `az group delete`: the group and, children first, everything in it (rule
/// resource-group-delete-cascades), which the output lists.
fn group_delete(ctx: &mut Ctx<'_>, cmd: &Command, path: &ArmPath) -> Res<Outcome> {
    require_yes(cmd)?;
    let no_wait = cmd.flag("no-wait");
    // What the group holds goes with it (rule resource-group-delete-cascades): say so.
    let inside: Vec<String> = ctx
        .lab
        .world()
        .resources_under(path)
        .into_iter()
        .filter(|r| {
            !matches!(
                r.kind,
                hcsim_core::ResKind::RoleAssignment | hcsim_core::ResKind::Lock
            )
        })
        .map(|r| r.id.clone())
        .collect();
    ctx.delete(path, no_wait)?;
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

fn unknown(cmd: &Command) -> Failure {
    Failure::usage(
        "CommandNotFound",
        alloc::format!("'{}' is not supported by hcsim.", cmd.path_str()),
    )
}

// ----- healthcareapis ------------------------------------------------------------------

const FHIR: Hc = Hc::Child("fhirservices", "fhir_service_name");
const DICOM: Hc = Hc::Child("dicomservices", "dicom_service_name");
const IOT: Hc = Hc::Child("iotconnectors", "iot_connector_name");

/// Runs `f` on each target (`--ids` or the one the names name) and prints as az does: one
/// result alone, several as a list.
fn each_target(
    ctx: &mut Ctx<'_>,
    cmd: &Command,
    targets: &[ArmPath],
    mut f: impl FnMut(&mut Ctx<'_>, &ArmPath) -> Res<Option<Value>>,
) -> Res<Outcome> {
    let mut out = Vec::new();
    for t in targets {
        if let Some(v) = f(ctx, t)? {
            out.push(v);
        }
    }
    match (out.pop(), out.is_empty()) {
        (None, _) => Ok(Outcome::success("")),
        (Some(v), true) => print(cmd, &v),
        (Some(v), false) => {
            out.push(v);
            print(cmd, &Value::Array(out))
        }
    }
}

/// The PATCH body of `az healthcareapis workspace update` (tags and hcsim's shared settings).
fn workspace_patch(cmd: &Command) -> Value {
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
    body
}

fn workspace(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str, verb: &str) -> Res<Outcome> {
    let no_wait = cmd.flag("no-wait");
    match verb {
        "create" => {
            let id = Hc::Workspace.by_names(cmd, sub)?;
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
            with_etag(cmd, &mut body);
            put_print(ctx, cmd, &id, body, no_wait, &[])
        }
        "update" => {
            let targets = Hc::Workspace.targets(cmd, sub)?;
            let mut body = workspace_patch(cmd);
            // Sent as given: the core refuses it (read-only in 2024-03-31, rule
            // settings-apply-to-all-children), so the console and a raw PATCH answer alike.
            if let Some(p) = cmd.get("public-network-access") {
                body["properties"]["publicNetworkAccess"] = Value::String(p.into());
            }
            each_target(ctx, cmd, &targets, |ctx, t| {
                ctx.patch_show(t, body.clone(), no_wait)
            })
        }
        "list" => {
            let base = match cmd.get("resource-group") {
                Some(rg) => ArmPath::at_subscription(sub).group(ids::check_group(rg)?),
                None => ArmPath::at_subscription(sub),
            };
            let v = ctx.list(&base.provider_collection(ids::HC_NS, "workspaces"))?;
            print(cmd, &Value::Array(v))
        }
        _ => common_verb(ctx, cmd, sub, verb, Hc::Workspace),
    }
}

/// `--etag`: az healthcareapis puts it in the PUT body's `etag` (its generated `custom.py`
/// builds `{'etag': etag, …}`, no If-Match header); the resource provider refuses the write
/// with 412 when it no longer matches the resource's etag (the core checks it).
fn with_etag(cmd: &Command, body: &mut Value) {
    if let Some(e) = cmd.get("etag") {
        body["etag"] = Value::String(e.into());
    }
}

/// The `identity` of a service create/update from `--identity-type` and
/// `--user-assigned-identities` (the extension reads the latter with `validate_file_or_dict`:
/// JSON `{"<identity id>": {}}` or `@file`; a bare id is taken as one identity).
fn identity_arg(ctx: &Ctx<'_>, cmd: &Command) -> Res<Option<Value>> {
    let Some(t) = cmd.get("identity-type") else {
        return Ok(None);
    };
    let mut i = json!({"type": t});
    let uai = cmd.get_many("user-assigned-identities");
    if !uai.is_empty() {
        let mut m = Map::new();
        for u in uai {
            let u = u.trim();
            if u.starts_with('{') || u.starts_with('@') {
                if let Value::Object(o) = ctx.json_arg(u, "--user-assigned-identities")? {
                    m.extend(o);
                }
            } else {
                m.insert(u.to_string(), json!({}));
            }
        }
        i["userAssignedIdentities"] = Value::Object(m);
    }
    Ok(Some(i))
}

/// The type-specific properties of a FHIR service or IoT connector create, mapped as the
/// extension's `healthcareapis_workspace_fhir_service_create` (and the IoT one) maps them.
fn service_properties(ctx: &Ctx<'_>, cmd: &Command, hc: Hc, body: &mut Value) -> Res<()> {
    use healthcare_args::{ACCESS_ARG, AUTH_ARG, CORS_ARG, INGESTION_ARG, OCI_ARG};
    let props = &mut body["properties"];
    if let Some(p) = cmd.get("public-network-access") {
        props["publicNetworkAccess"] = Value::String(p.into());
    }
    if hc == FHIR {
        body["kind"] = Value::String(cmd.get("kind").unwrap_or("fhir-R4").into());
        let props = &mut body["properties"];
        if let Some(a) = shorthand_arg(ctx, cmd, AUTH_ARG, false)? {
            props["authenticationConfiguration"] = a;
        }
        if let Some(c) = shorthand_arg(ctx, cmd, CORS_ARG, false)? {
            props["corsConfiguration"] = c;
        }
        if let Some(s) = cmd.get("export-configuration-storage-account-name") {
            props["exportConfiguration"] = json!({"storageAccountName": s});
        }
        let login = cmd.get_many("login-servers");
        if !login.is_empty() {
            props["acrConfiguration"]["loginServers"] = json!(login);
        }
        if let Some(o) = shorthand_arg(ctx, cmd, OCI_ARG, true)? {
            props["acrConfiguration"]["ociArtifacts"] = o;
        }
        if let Some(p) = shorthand_arg(ctx, cmd, ACCESS_ARG, true)? {
            props["accessPolicies"] = p;
        }
        if let Some(d) = cmd.get("default") {
            props["resourceVersionPolicyConfiguration"]["default"] = Value::String(d.into());
        }
        let overrides = cmd.get_many("resource-type-overrides");
        if !overrides.is_empty() {
            let mut m = Map::new();
            for o in overrides {
                let (k, v) = o.split_once('=').unwrap_or((o, ""));
                m.insert(k.to_string(), Value::String(v.to_string()));
            }
            props["resourceVersionPolicyConfiguration"]["resourceTypeOverrides"] = Value::Object(m);
        }
    } else if hc == IOT {
        if let Some(c) = shorthand_arg(ctx, cmd, INGESTION_ARG, false)? {
            body["properties"]["ingestionEndpointConfiguration"] = c;
        }
        let content = match cmd.get("content") {
            Some(c) => ctx.json_arg(c, "--content")?,
            None => json!({"templateType": "CollectionContent", "template": []}),
        };
        body["properties"]["deviceMapping"] = json!({"content": content});
    }
    Ok(())
}

fn service(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str, svc: &str, verb: &str) -> Res<Outcome> {
    let hc = match svc {
        "fhir-service" => FHIR,
        "dicom-service" => DICOM,
        "iot-connector" => IOT,
        _ => return Err(unknown(cmd)),
    };
    let no_wait = cmd.flag("no-wait");
    match verb {
        "create" => {
            let id = hc.by_names(cmd, sub)?;
            let mut body = json!({"properties": {}});
            if let Some(l) = location_or_group(ctx, cmd, sub) {
                body["location"] = Value::String(l);
            }
            if let Some(t) = tags(cmd) {
                body["tags"] = t;
            }
            if let Some(i) = identity_arg(ctx, cmd)? {
                body["identity"] = i;
            }
            service_properties(ctx, cmd, hc, &mut body)?;
            with_etag(cmd, &mut body);
            put_print(ctx, cmd, &id, body, no_wait, &[])
        }
        "update" => {
            let targets = hc.targets(cmd, sub)?;
            let mut body = json!({});
            if let Some(t) = tags(cmd) {
                body["tags"] = t;
            }
            if let Some(i) = identity_arg(ctx, cmd)? {
                body["identity"] = i;
            }
            each_target(ctx, cmd, &targets, |ctx, t| {
                ctx.patch_show(t, body.clone(), no_wait)
            })
        }
        _ => common_verb(ctx, cmd, sub, verb, hc),
    }
}

fn destination(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str, verb: &str) -> Res<Outcome> {
    let no_wait = cmd.flag("no-wait");
    match verb {
        "create" | "update" => {
            let targets = if verb == "create" {
                alloc::vec![Hc::Destination.by_names(cmd, sub)?]
            } else {
                Hc::Destination.targets(cmd, sub)?
            };
            let content = ctx.json_arg(cmd.require("content")?, "--content")?;
            let body = json!({"properties": {
                "resourceIdentityResolutionType": cmd.require("resource-identity-resolution-type")?,
                "fhirServiceResourceId": cmd.require("fhir-service-resource-id")?,
                "fhirMapping": {"content": content},
            }});
            each_target(ctx, cmd, &targets, |ctx, t| {
                let mut body = body.clone();
                let location = cmd.get("location").map(ToString::to_string).or_else(|| {
                    group_location(ctx, t.subscription(), t.resource_group().unwrap_or(""))
                });
                if let Some(l) = location {
                    body["location"] = Value::String(l);
                }
                with_etag(cmd, &mut body);
                ctx.put_show(t, body, no_wait)
            })
        }
        _ => common_verb(ctx, cmd, sub, verb, Hc::Destination),
    }
}

/// The verbs every healthcareapis resource has alike: `delete` (with `--yes`), `show` (of
/// each `--ids` or the named one), and `list` of the parent's collection.
fn common_verb(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str, verb: &str, hc: Hc) -> Res<Outcome> {
    match verb {
        "delete" => {
            let targets = hc.targets(cmd, sub)?;
            require_yes(cmd)?;
            for t in &targets {
                ctx.delete(t, cmd.flag("no-wait"))?;
            }
            Ok(Outcome::success(""))
        }
        "show" => {
            let targets = hc.targets(cmd, sub)?;
            each_target(ctx, cmd, &targets, |ctx, t| ctx.get(t).map(Some))
        }
        "list" => {
            let v = ctx.list(&hc.collection(cmd, sub)?)?;
            print(cmd, &Value::Array(v))
        }
        "wait" => {
            let targets = hc.targets(cmd, sub)?;
            for t in &targets {
                wait_until(ctx, cmd, t)?;
            }
            Ok(Outcome::success(""))
        }
        _ => Err(unknown(cmd)),
    }
}

// ----- RBAC and locks --------------------------------------------------------------------

/// The scope of a role assignment command: `--scope ID`, `--resource-group`, or the
/// subscription.
fn scope_of(cmd: &Command, sub: &str) -> Res<ArmPath> {
    match (cmd.get("scope"), cmd.get("resource-group")) {
        (Some(s), _) => ids::scope_text(s, "--scope"),
        (None, Some(rg)) => Ok(ArmPath::at_subscription(sub).group(ids::check_group(rg)?)),
        (None, None) => Ok(ArmPath::at_subscription(sub)),
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

const RA_NS: &str = "Microsoft.Authorization";

fn role_assignment(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str, verb: &str) -> Res<Outcome> {
    match verb {
        "create" => ra_create(ctx, cmd, sub),
        "delete" if cmd.has("ids") => {
            let filters = [
                "assignee",
                "assignee-object-id",
                "role",
                "resource-group",
                "scope",
            ];
            if filters.iter().any(|f| cmd.has(f)) || cmd.flag("include-inherited") {
                return Err(Failure::usage(
                    "BadArgument",
                    "When assignment ids are used, other parameter values are not required",
                ));
            }
            let targets = ids::ids_of_type(cmd, "Microsoft.Authorization/roleAssignments")?
                .unwrap_or_default();
            for t in &targets {
                ctx.delete(t, false)?;
            }
            Ok(Outcome::success(""))
        }
        "list" | "delete" => ra_list_or_delete(ctx, cmd, sub, verb),
        _ => Err(unknown(cmd)),
    }
}

fn ra_create(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str) -> Res<Outcome> {
    let scope = scope_of(cmd, sub)?;
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
        scope.to_string().to_lowercase(),
        principal.object_id,
        role.id
    ));
    let path = scope.provider(RA_NS, "roleAssignments", &name);
    let mut body = json!({"properties": {
        "roleDefinitionId": hcsim_core::rbac::role_definition_id(sub, role),
        "principalId": principal.object_id,
    }});
    if let Some(d) = cmd.get("description") {
        body["properties"]["description"] = Value::String(d.into());
    }
    let r = ctx.send(Request::put(path.request_path(), body))?;
    let v = ra_view(ctx, &r.body);
    print(cmd, &v)
}

fn ra_list_or_delete(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str, verb: &str) -> Res<Outcome> {
    let filters = [
        "assignee",
        "assignee-object-id",
        "role",
        "resource-group",
        "scope",
    ];
    if verb == "delete" && !filters.iter().any(|f| cmd.has(f)) {
        // az asks "This will delete all role assignments under the subscription. Are you sure?"
        require_yes(cmd)?;
    }
    let scope = scope_of(cmd, sub)?;
    let principal = principal_of(ctx, cmd)?;
    let role = role_of(cmd)?;
    let all = ctx.list(&scope.clone().provider_collection(RA_NS, "roleAssignments"))?;
    let scope_l = scope.to_string().to_lowercase();
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
                && principal
                    .as_ref()
                    .is_none_or(|pr| p["principalId"].as_str() == Some(pr.object_id.as_str()))
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
        // Ids the front door returned: parsed back into the id type before they are sent.
        if let Some(p) = ra["id"].as_str().and_then(|id| ArmPath::parse(id).ok()) {
            ctx.delete(&p, false)?;
        }
    }
    Ok(Outcome::success(alloc::format!(
        "Deleted {} role assignment(s).",
        matching.len()
    )))
}

/// The scope of a lock command: `--resource ID`, a resource named by the generic resource
/// flags, `--resource-group`, or the subscription.
fn lock_scope(cmd: &Command, sub: &str) -> Res<ArmPath> {
    match (cmd.get("resource"), cmd.get("resource-group")) {
        (Some(r), _) if r.starts_with('/') => ids::scope_text(r, "--resource"),
        (Some(_), _) => ids::resource_by_names(cmd, sub, "resource"),
        (None, Some(rg)) => Ok(ArmPath::at_subscription(sub).group(ids::check_group(rg)?)),
        (None, None) => Ok(ArmPath::at_subscription(sub)),
    }
}

const LOCKS: &str = "Microsoft.Authorization/locks";

/// The locks a show/update/delete works on: each `--ids` (locks only), or the named one.
fn lock_targets(cmd: &Command, sub: &str) -> Res<Vec<ArmPath>> {
    if let Some(ids) = ids::ids_of_type(cmd, LOCKS)? {
        return Ok(ids);
    }
    let scope = lock_scope(cmd, sub)?;
    Ok(alloc::vec![scope.provider(
        RA_NS,
        "locks",
        cmd.require("name")?
    )])
}

/// A lock as az prints it: the SDK's `ManagementLockObject`, whose `level`, `notes` and
/// `owners` are lifted from `properties` (null when absent) and nothing else of `properties`
/// is kept (seen with the real az 2.91 against `hcsim serve`, tests/clients).
fn lock_view(mut l: Value) -> Value {
    let props = l
        .as_object_mut()
        .and_then(|o| o.remove("properties"))
        .unwrap_or(Value::Null);
    for key in ["level", "notes", "owners"] {
        l[key] = props.get(key).cloned().unwrap_or(Value::Null);
    }
    l
}

/// A resource as `az resource show` prints it: the SDK's `GenericResource`, whose
/// `extendedLocation`, `identity`, `kind`, `managedBy`, `plan`, `sku` and `tags` are there,
/// null when the resource has none (real az 2.91 against `hcsim serve`, tests/clients).
fn generic_resource_view(mut r: Value) -> Value {
    for key in [
        "extendedLocation",
        "identity",
        "kind",
        "managedBy",
        "plan",
        "sku",
        "tags",
    ] {
        if r.get(key).is_none() {
            r[key] = Value::Null;
        }
    }
    r
}

/// A resource group as az prints it: the SDK's `ResourceGroup`, so `managedBy` and `tags`
/// are there, null when the group has none (real az 2.91 against `hcsim serve`).
fn group_view(g: Value) -> Value {
    super::with_nulls(g, GROUP_NULLS)
}

/// The fields az's resource group model prints as `null` when the group has none (sorted).
const GROUP_NULLS: &[&str] = &["managedBy", "tags"];

fn lock(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str, verb: &str) -> Res<Outcome> {
    match verb {
        "create" => {
            let path = lock_scope(cmd, sub)?.provider(RA_NS, "locks", cmd.require("name")?);
            let mut body = json!({"properties": {"level": cmd.require("lock-type")?}});
            if let Some(n) = cmd.get("notes") {
                body["properties"]["notes"] = Value::String(n.into());
            }
            let r = ctx.send(Request::put(path.request_path(), body))?;
            print(cmd, &lock_view(r.body.into_value()))
        }
        "delete" => {
            for path in lock_targets(cmd, sub)? {
                let r = ctx.send(Request::delete(path.request_path()))?;
                if r.status == 204 {
                    let scope = path.parent().map(|p| p.to_string()).unwrap_or_default();
                    return Err(Failure::Arm(ArmError::new(
                        404,
                        "LockNotFound",
                        alloc::format!(
                            "The lock '{}' could not be found at scope '{}'.",
                            hcsim_core::id::shorten(path.name()),
                            hcsim_core::id::shorten(&scope)
                        ),
                        RuleId::ResourceMustExist,
                    )));
                }
            }
            Ok(Outcome::success(""))
        }
        "show" => {
            let targets = lock_targets(cmd, sub)?;
            each_target(ctx, cmd, &targets, |ctx, t| {
                ctx.get(t).map(|v| Some(lock_view(v)))
            })
        }
        "update" => {
            let targets = lock_targets(cmd, sub)?;
            each_target(ctx, cmd, &targets, |ctx, t| {
                // az reads the lock, changes what was given, and PUTs it back.
                let mut body = ctx.get(t)?;
                if let Some(level) = cmd.get("lock-type") {
                    body["properties"]["level"] = Value::String(level.into());
                }
                if let Some(n) = cmd.get("notes") {
                    body["properties"]["notes"] = Value::String(n.into());
                }
                let r = ctx.send(Request::put(t.request_path(), body))?;
                Ok(Some(lock_view(r.body.into_value())))
            })
        }
        "list" => {
            let scope = lock_scope(cmd, sub)?;
            let v = ctx.list(&scope.provider_collection(RA_NS, "locks"))?;
            let v: Vec<Value> = v.into_iter().map(lock_view).collect();
            print(cmd, &Value::Array(v))
        }
        _ => Err(unknown(cmd)),
    }
}

// ----- az resource ---------------------------------------------------------------------

/// `az resource show|delete`: any resource type, by `--ids` or by the generic resource
/// flags; never a subscription or a resource group (those have `az account` and `az group`).
fn resource(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str, verb: &str) -> Res<Outcome> {
    let targets = match ids::parsed_ids(cmd)? {
        Some(ids) => ids,
        None => alloc::vec![ids::resource_by_names(cmd, sub, "name")?],
    };
    for t in &targets {
        if !t.segments.iter().any(|s| s.provider) {
            return Err(Failure::usage(
                "InvalidArgumentValue",
                alloc::format!(
                    "usage error: --ids: 'az resource {verb}' takes ids of resources under '/providers/', but '{}' is a '{}' id. Use az group or az account for those.",
                    hcsim_core::id::shorten(&t.to_string()),
                    t.resource_type()
                ),
            ));
        }
    }
    match verb {
        "show" => each_target(ctx, cmd, &targets, |ctx, t| {
            ctx.get(t).map(|v| Some(generic_resource_view(v)))
        }),
        "delete" => {
            for t in &targets {
                ctx.delete(t, cmd.flag("no-wait"))?;
            }
            Ok(Outcome::success(""))
        }
        _ => Err(unknown(cmd)),
    }
}

// ----- Key Vault, networking, providers, directory ----------------------------------------

/// The Key Vault SDK's check of `vault_name`: `^[a-zA-Z0-9-]{3,24}$`.
fn check_vault_name(name: &str) -> Res<&str> {
    let n = name.len();
    if (3..=24).contains(&n) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Ok(name);
    }
    Err(ids::validation(
        "Parameter 'vault_name' must conform to the following pattern: '^[a-zA-Z0-9-]{3,24}$'.",
    ))
}

fn keyvault_create(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str) -> Res<Outcome> {
    let id = ids::group_path(sub, cmd)?.provider(
        "Microsoft.KeyVault",
        "vaults",
        check_vault_name(cmd.require("name")?)?,
    );
    let mut body = json!({"properties": {
        "sku": {"family": "A", "name": cmd.get("sku").unwrap_or("standard").to_lowercase()},
        "enablePurgeProtection": cmd.bool_arg("enable-purge-protection").unwrap_or(false),
        "enableRbacAuthorization": cmd.bool_arg("enable-rbac-authorization").unwrap_or(true),
        "enableSoftDelete": true,
        "softDeleteRetentionInDays": cmd.get("retention-days").and_then(|d| d.parse::<u64>().ok()).unwrap_or(90),
    }});
    if let Some(l) = location_or_group(ctx, cmd, sub) {
        body["location"] = Value::String(l);
    }
    if let Some(t) = tags(cmd) {
        body["tags"] = t;
    }
    put_print(ctx, cmd, &id, body, false, &[])
}

/// The vault named `name` in the subscription (data-plane commands name a vault, not a
/// group), as a path parsed from the id the world holds.
fn vault_path(ctx: &Ctx<'_>, sub: &str, name: &str) -> Res<ArmPath> {
    let prefix = build::subscription(sub).to_lowercase();
    ctx.lab
        .world()
        .resources_of_type("Microsoft.KeyVault/vaults")
        .into_iter()
        .find(|v| v.name.eq_ignore_ascii_case(name) && v.id.to_lowercase().starts_with(&prefix))
        .and_then(|v| ArmPath::parse(&v.id).ok())
        .ok_or_else(|| {
            Failure::Arm(ArmError::new(
                404,
                "ResourceNotFound",
                alloc::format!(
                    "The Vault '{}' not found within subscription.",
                    hcsim_core::id::shorten(name)
                ),
                RuleId::ResourceMustExist,
            ))
        })
}

fn key(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str, verb: &str) -> Res<Outcome> {
    let id = vault_path(ctx, sub, cmd.require("vault-name")?)?.child("keys", cmd.require("name")?);
    match verb {
        "create" => {
            let size: u64 = cmd.get("size").and_then(|s| s.parse().ok()).unwrap_or(2048);
            let body = json!({"properties": {
                "kty": cmd.get("kty").unwrap_or("RSA"),
                "keySize": size,
                "attributes": {"enabled": !cmd.flag("disabled")},
            }});
            put_print(ctx, cmd, &id, body, false, &[])
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
        "delete" | "recover" => super::keyvault::run(ctx, cmd, &id, verb),
        _ => Err(unknown(cmd)),
    }
}

fn vnet_create(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str) -> Res<Outcome> {
    let id = ids::group_path(sub, cmd)?.provider(
        "Microsoft.Network",
        "virtualNetworks",
        cmd.require("name")?,
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
    put_print(ctx, cmd, &id, body, false, &[])
}

const PRIVATE_ENDPOINTS: &str = "Microsoft.Network/privateEndpoints";

/// The subnet id a private endpoint goes in: `--subnet ID`, or `--subnet NAME --vnet-name`.
fn subnet_id(cmd: &Command, sub: &str) -> Res<String> {
    let subnet = cmd.require("subnet")?;
    if subnet.starts_with('/') {
        // An id goes into the body as given (az passes it through), once it parses.
        ids::scope_text(subnet, "--subnet")?;
        return Ok(subnet.trim_end_matches('/').to_string());
    }
    let vnet = cmd.get("vnet-name").ok_or_else(|| {
        Failure::usage(
            "MissingArgument",
            "--vnet-name is required when --subnet is a name, not an id",
        )
    })?;
    Ok(ids::group_path(sub, cmd)?
        .provider("Microsoft.Network", "virtualNetworks", vnet)
        .child("subnets", subnet)
        .to_string())
}

fn private_endpoint_create(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str) -> Res<Outcome> {
    let id = ids::group_path(sub, cmd)?.provider(
        "Microsoft.Network",
        "privateEndpoints",
        cmd.require("name")?,
    );
    let subnet_id = subnet_id(cmd, sub)?;
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
    put_print(ctx, cmd, &id, body, cmd.flag("no-wait"), &[])
}

fn private_endpoint(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str, verb: &str) -> Res<Outcome> {
    let targets = || -> Res<Vec<ArmPath>> {
        if let Some(ids) = ids::ids_of_type(cmd, PRIVATE_ENDPOINTS)? {
            return Ok(ids);
        }
        Ok(alloc::vec![ids::group_path(sub, cmd)?.provider(
            "Microsoft.Network",
            "privateEndpoints",
            cmd.require("name")?,
        )])
    };
    match verb {
        "create" => private_endpoint_create(ctx, cmd, sub),
        "delete" => {
            for t in &targets()? {
                ctx.delete(t, cmd.flag("no-wait"))?;
            }
            Ok(Outcome::success(""))
        }
        "show" => {
            let targets = targets()?;
            each_target(ctx, cmd, &targets, |ctx, t| ctx.get(t).map(Some))
        }
        "list" => {
            let base = match cmd.get("resource-group") {
                Some(g) => ArmPath::at_subscription(sub).group(ids::check_group(g)?),
                None => ArmPath::at_subscription(sub),
            };
            let v = ctx.list(&base.provider_collection("Microsoft.Network", "privateEndpoints"))?;
            print(cmd, &Value::Array(v))
        }
        _ => Err(unknown(cmd)),
    }
}

fn resource_move(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str) -> Res<Outcome> {
    let ids: Vec<&str> = cmd.get_many("ids");
    let first = ArmPath::parse(ids.first().copied().unwrap_or(""))
        .map_err(|e| Failure::usage("BadArgument", alloc::format!("--ids: {e}")))?;
    let source = first
        .resource_group()
        .map(|g| ArmPath::at_subscription(first.subscription()).group(g))
        .ok_or_else(|| {
            Failure::usage(
                "BadArgument",
                "--ids: the resources must be inside a resource group",
            )
        })?;
    let dest_sub = cmd.get("destination-subscription-id").unwrap_or(sub);
    let dest_group = ids::check_group(cmd.require("destination-group")?)?;
    let target = ArmPath::at_subscription(dest_sub).group(dest_group);
    let body = json!({"resources": ids, "targetResourceGroup": target.to_string()});
    ctx.send(Request::post(
        source.collection("moveResources").request_path(),
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
        // A body field, not a path: the namespace was checked as a type word.
        let mut v = json!({"id": ArmPath::at_subscription(sub).provider_namespace(ns).to_string(), "namespace": ns, "registrationState": state});
        if ns.eq_ignore_ascii_case("Microsoft.HealthcareApis") {
            v["namespace"] = Value::String("Microsoft.HealthcareApis".into());
            v["registrationPolicy"] = Value::String("RegistrationRequired".into());
            v["resourceTypes"] = super::catalog::healthcare_resource_types();
        }
        v
    };
    match verb {
        "register" => {
            let ns = ids::type_word(cmd.require("namespace")?, "--namespace")?;
            let path = ArmPath::at_subscription(sub).provider_collection(ns, "register");
            ctx.send(Request::post(path.request_path(), json!({})))?;
            Ok(Outcome::success(""))
        }
        "show" => {
            let v = show(
                ctx,
                ids::type_word(cmd.require("namespace")?, "--namespace")?,
            );
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
                Failure::Arm(ArmError::new(404, "Request_ResourceNotFound", alloc::format!("Resource '{}' does not exist or one of its queried reference-property objects are not present.", hcsim_core::id::shorten(id)), RuleId::ResourceMustExist))
            })?;
            print(cmd, &user_json(&p))
        }
        _ => Err(Failure::usage(
            "NotSupported",
            "hcsim keeps the directory's users for the whole session; remove their role assignments instead (az role assignment delete).",
        )),
    }
}
