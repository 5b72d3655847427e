//! `az ad sp create-for-rbac`: an application, its client secret and its service principal,
//! then (with `--role` and `--scopes`) one role assignment per scope, each the real
//! `PUT …/providers/Microsoft.Authorization/roleAssignments/{name}` through the ARM front door.
//! The order and the messages are azure-cli's `create_service_principal_for_rbac`
//! (`command_modules/role/custom.py`): a role that does not exist fails after the app and the
//! service principal were made, as in Azure.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::json;

use hcsim_core::directory::AppChanges;
use hcsim_core::id::ArmPath;
use hcsim_core::rbac::{find_role, role_definition_id};
use hcsim_core::{ArmError, Input, Request, RuleId};

use super::entra::{CREDENTIAL_WARNING, create_or_patch, done, newest_secret, not_simulated_cert};
use super::{Ctx, Failure, Res, ids, print};
use crate::outcome::Outcome;
use crate::shell::Command;

/// knack's note for a deprecated option (`Deprecated._get_message`, object type "option").
fn deprecated(option: &str) -> String {
    alloc::format!("Option '{option}' has been deprecated and will be removed in a future release.")
}

/// `az ad sp create-for-rbac`.
pub(crate) fn run(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str) -> Res<Outcome> {
    let (role, scopes) = (cmd.get("role"), cmd.get_many("scopes"));
    if role.is_some() == scopes.is_empty() {
        return Err(Failure::usage(
            "ArgumentUsageError",
            "Usage error: To create role assignments, specify both --role and --scopes.",
        ));
    }
    if cmd.has("cert") || cmd.flag("create-cert") || cmd.has("keyvault") {
        return Err(not_simulated_cert());
    }
    // Parsed before anything is made: az's own argument checks come first too.
    let scopes: Vec<ArmPath> = scopes
        .iter()
        .map(|s| ids::scope_text(s, "--scopes"))
        .collect::<Res<_>>()?;
    for option in ["skip-assignment", "sdk-auth"] {
        if cmd.has(option) {
            ctx.warn(deprecated(&alloc::format!("--{option}")));
        }
    }
    let name = match cmd.get("display-name") {
        Some(n) => n.to_string(),
        None => default_name(ctx),
    };
    let existing_sp = ctx
        .lab
        .world()
        .directory()
        .all()
        .into_iter()
        .find(|p| p.app_id.is_some() && p.display_name.eq_ignore_ascii_case(&name))
        .map(|p| p.object_id.clone());
    let app = create_or_patch(ctx, &name, AppChanges::default())?;
    done(ctx.input(Input::AddApplicationPassword {
        app: app.object_id.clone(),
        display_name: Some("rbac".into()),
        years: Some(cmd.get("years").and_then(|y| y.parse().ok()).unwrap_or(1)),
        end_date: None,
        append: false,
        service_principal: false,
    }))?;
    let password = newest_secret(ctx, &app.object_id);
    let sp_oid = match existing_sp {
        Some(oid) => oid,
        None => {
            done(ctx.input(Input::CreateServicePrincipal {
                app: app.object_id.clone(),
            }))?;
            let d = ctx.lab.world().directory();
            d.find(&app.app_id)
                .map(|p| p.object_id.clone())
                .unwrap_or_default()
        }
    };
    if let Some(role) = role {
        for scope in &scopes {
            assign(ctx, role, scope, &sp_oid)?;
        }
    }
    ctx.warn(CREDENTIAL_WARNING);
    let tenant = ctx.lab.world().directory().tenant_id.clone();
    if cmd.flag("json-auth") || cmd.flag("sdk-auth") {
        let subscription = scopes
            .first()
            .map_or_else(|| sub.to_string(), |s| s.subscription().to_string());
        return Ok(json_auth(&app.app_id, password, &subscription, &tenant));
    }
    print(
        cmd,
        &json!({"appId": app.app_id, "displayName": name, "password": password, "tenant": tenant}),
    )
}

/// `azure-cli-%Y-%m-%d-%H-%M-%S` at the virtual time.
fn default_name(ctx: &Ctx<'_>) -> String {
    let iso = ctx.lab.world().now().to_iso();
    let stamp: String = iso
        .get(..19)
        .unwrap_or(&iso)
        .chars()
        .map(|c| if c == 'T' || c == ':' { '-' } else { c })
        .collect();
    alloc::format!("azure-cli-{stamp}")
}

/// One role assignment of the service principal at `scope`, named as `az role assignment
/// create` names it in hcsim (so the two commands agree on one assignment).
fn assign(ctx: &mut Ctx<'_>, role_text: &str, scope: &ArmPath, sp_oid: &str) -> Res<()> {
    ctx.warn(alloc::format!(
        "Creating '{role_text}' role assignment under scope '{scope}'"
    ));
    let role = find_role(role_text).ok_or_else(|| {
        Failure::Arm(ArmError::new(
            400,
            "RoleDefinitionDoesNotExist",
            alloc::format!("Role '{role_text}' doesn't exist."),
            RuleId::Rbac,
        ))
    })?;
    let name = hcsim_core::rng::guid_from(&alloc::format!(
        "{}|{}|{}",
        scope.to_string().to_lowercase(),
        sp_oid,
        role.id
    ));
    let path = scope
        .clone()
        .provider("Microsoft.Authorization", "roleAssignments", &name);
    let body = json!({"properties": {
        "roleDefinitionId": role_definition_id(scope.subscription(), role),
        "principalId": sp_oid,
        "principalType": "ServicePrincipal",
    }});
    match ctx.send(Request::put(path.request_path(), body)) {
        Ok(_) => Ok(()),
        Err(Failure::Arm(e)) if e.status == 409 && e.code == "RoleAssignmentExists" => {
            ctx.warn("  Role assignment already exists.");
            Ok(())
        }
        Err(f) => {
            ctx.warn("  Role assignment creation failed.");
            Err(f)
        }
    }
}

/// `--json-auth`: `Profile.get_sp_auth_info` for the public cloud, printed as az prints it
/// (`json.dumps(result, indent=2)` in the dict's order, whatever `--output` says).
fn json_auth(app_id: &str, password: Option<String>, sub: &str, tenant: &str) -> Outcome {
    let secret = password.map_or(serde_json::Value::Null, serde_json::Value::String);
    let fields: [(&str, serde_json::Value); 10] = [
        ("clientId", app_id.into()),
        ("clientSecret", secret),
        ("subscriptionId", sub.into()),
        ("tenantId", tenant.into()),
        (
            "activeDirectoryEndpointUrl",
            "https://login.microsoftonline.com".into(),
        ),
        (
            "resourceManagerEndpointUrl",
            "https://management.azure.com/".into(),
        ),
        (
            "activeDirectoryGraphResourceId",
            "https://graph.windows.net/".into(),
        ),
        (
            "sqlManagementEndpointUrl",
            "https://management.core.windows.net:8443/".into(),
        ),
        ("galleryEndpointUrl", "https://gallery.azure.com/".into()),
        (
            "managementEndpointUrl",
            "https://management.core.windows.net/".into(),
        ),
    ];
    let lines: Vec<String> = fields
        .iter()
        .map(|(k, v)| alloc::format!("  \"{k}\": {v}"))
        .collect();
    Outcome::success(alloc::format!("{{\n{}\n}}", lines.join(",\n")))
}
