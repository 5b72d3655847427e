//! App registrations and their service principals: `az ad app create|show|list|update|delete`,
//! `az ad app credential reset|list|delete`, `az ad sp create|delete`, `az ad sp credential
//! reset|list|delete` (`az ad sp create-for-rbac` is `entra_rbac.rs`).
//!
//! Each command does what azure-cli's role module (`command_modules/role/custom.py`, Microsoft
//! Graph era, az >= 2.37) does, through the core's directory inputs, and prints the Graph JSON
//! az prints (shapes from the recordings under `role/tests/latest/recordings/`, e.g.
//! `test_create_for_rbac_password.yaml`). Role assignments of `create-for-rbac` are the real
//! `PUT …/roleAssignments` through the ARM front door, so RBAC, propagation and events apply.
//! Client secrets come from the session's seeded generator: they are no credentials.
// Without `full` these commands are refused at dispatch (az.rs) and this code is left unused.
#![cfg_attr(not(feature = "full"), allow(dead_code))]

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Value, json};

use hcsim_core::directory::{AppChanges, Application, PasswordCredential, Principal};
use hcsim_core::{ArmError, Input, Output, RuleId};

use super::{Ctx, Failure, Res, print};
use crate::outcome::Outcome;
use crate::shell::Command;

/// azure-cli's `CREDENTIAL_WARNING` (custom.py), logged whenever a secret is printed.
pub(crate) const CREDENTIAL_WARNING: &str = "The output includes credentials that you must protect. Be sure that you do not include these credentials in your code or check the credentials into your source control. For more information, see https://aka.ms/azadsp-cli";

/// What hcsim adds where a line asks AAD Graph's `objectId`, which Microsoft Graph (az 2.37+)
/// names `id`: az prints nothing, and so does hcsim; the explanation says why.
const OBJECT_ID_HINT: &str = "hcsim: since az 2.37 the `az ad` commands return Microsoft Graph objects, whose object id is `id`; AAD Graph's `objectId` no longer exists, so `--query objectId` prints nothing (as in Azure). Use `--query id`.";

/// Runs an `az ad app …` or `az ad sp create|delete|create-for-rbac` command.
pub(crate) fn run(ctx: &mut Ctx<'_>, cmd: &Command, path: &[&str]) -> Res<Outcome> {
    let out = match path {
        ["ad", "app", "create"] => app_create(ctx, cmd),
        ["ad", "app", "show"] => {
            let app = resolve(ctx, cmd.require("id")?)?;
            let v = with_context(app_json(ctx, &app), "applications/$entity");
            print(cmd, &v)
        }
        ["ad", "app", "list"] => app_list(ctx, cmd),
        ["ad", "app", "update"] => app_update(ctx, cmd),
        ["ad", "app", "delete"] => {
            let app = resolve(ctx, cmd.require("id")?)?;
            done(ctx.input(Input::DeleteApplication { app: app.object_id }))
        }
        ["ad", "app", "credential", verb] => credential(ctx, cmd, verb, false),
        ["ad", "sp", "credential", verb] => credential(ctx, cmd, verb, true),
        ["ad", "sp", "create"] => sp_create(ctx, cmd),
        ["ad", "sp", "delete"] => sp_delete(ctx, cmd),
        _ => Err(Failure::usage(
            "CommandNotFound",
            alloc::format!("'{}' is not supported by hcsim yet.", cmd.path_str()),
        )),
    }?;
    Ok(with_object_id_hint(cmd, out))
}

/// The outcome with [`OBJECT_ID_HINT`] as its explanation when the line queries `objectId`.
pub(crate) fn with_object_id_hint(cmd: &Command, mut out: Outcome) -> Outcome {
    let asks = cmd.query.as_deref().is_some_and(|q| q.contains("objectId"));
    if asks && out.ok && out.explanation.is_none() {
        out.explanation = Some(OBJECT_ID_HINT.into());
    }
    out
}

/// A simulator input's answer as a command's: nothing printed on success.
pub(crate) fn done(out: Output) -> Res<Outcome> {
    match out {
        Output::Refused { error } => Err(Failure::Arm(error)),
        Output::Response(r) if !r.is_success() => Err(Failure::Arm(r.error.unwrap_or_else(|| {
            ArmError::new(r.status, "Error", r.body.to_string(), RuleId::ValidRequest)
        }))),
        _ => Ok(Outcome::success("")),
    }
}

/// Whether `s` is GUID-shaped (azure-cli's `is_guid`).
pub(crate) fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let lens = [8, 4, 4, 4, 12];
    parts.len() == 5
        && parts
            .iter()
            .zip(lens)
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The app `id` names, as azure-cli's `_resolve_application` finds it: a GUID is an app id
/// or else an object id (Graph's 404 when neither); other text is an identifier URI.
pub(crate) fn resolve(ctx: &Ctx<'_>, id: &str) -> Res<Application> {
    if let Some(app) = ctx.lab.world().directory().app(id) {
        return Ok(app.clone());
    }
    if is_guid(id) {
        return Err(Failure::Arm(ArmError::new(
            404,
            "Request_ResourceNotFound",
            alloc::format!(
                "Resource '{id}' does not exist or one of its queried reference-property objects are not present."
            ),
            RuleId::ResourceMustExist,
        )));
    }
    Err(Failure::usage(
        "ResourceNotFound",
        alloc::format!(
            "Application with identifier URI '{}' doesn't exist",
            hcsim_core::id::shorten(id)
        ),
    ))
}

/// `v` with Graph's `@odata.context` for a single entity (GET and POST answers carry it;
/// list items do not).
fn with_context(mut v: Value, entity: &str) -> Value {
    if let Value::Object(m) = &mut v {
        m.insert(
            "@odata.context".into(),
            Value::String(alloc::format!(
                "https://graph.microsoft.com/v1.0/$metadata#{entity}"
            )),
        );
    }
    v
}

/// A password credential as Graph lists it (the secret text is never returned again).
fn password_json(p: &PasswordCredential) -> Value {
    json!({
        "customKeyIdentifier": null,
        "displayName": p.display_name,
        "endDateTime": p.end,
        "hint": p.hint(),
        "keyId": p.key_id,
        "secretText": null,
        "startDateTime": p.start,
    })
}

/// A Graph `application` with every field Graph returns (test_create_for_rbac_password.yaml,
/// azure-cli commit 3639f9d0).
pub(crate) fn app_json(ctx: &Ctx<'_>, a: &Application) -> Value {
    let domain = ctx.lab.world().directory().tenant.clone();
    json!({
        "id": a.object_id, "deletedDateTime": null, "appId": a.app_id,
        "applicationTemplateId": null, "disabledByMicrosoftStatus": null,
        "createdDateTime": a.created, "displayName": a.display_name,
        "description": a.description, "groupMembershipClaims": null,
        "identifierUris": a.identifier_uris, "isDeviceOnlyAuthSupported": null,
        "isFallbackPublicClient": a.is_fallback_public_client, "notes": a.notes,
        "publisherDomain": domain, "serviceManagementReference": null,
        "signInAudience": a.sign_in_audience, "tags": [], "tokenEncryptionKeyId": null,
        "samlMetadataUrl": null, "defaultRedirectUri": null, "certification": null,
        "optionalClaims": null, "servicePrincipalLockConfiguration": null,
        "requestSignatureVerification": null, "addIns": [],
        "api": {"acceptMappedClaims": null, "knownClientApplications": [],
            "requestedAccessTokenVersion": 2, "oauth2PermissionScopes": [],
            "preAuthorizedApplications": []},
        "appRoles": [],
        "info": {"logoUrl": null, "marketingUrl": null, "privacyStatementUrl": null,
            "supportUrl": null, "termsOfServiceUrl": null},
        "keyCredentials": [],
        "parentalControlSettings": {"countriesBlockedForMinors": [], "legalAgeGroupRule": "Allow"},
        "passwordCredentials": a.passwords.iter().filter(|p| !p.on_service_principal)
            .map(password_json).collect::<Vec<_>>(),
        "publicClient": {"redirectUris": a.public_client_redirect_uris},
        "requiredResourceAccess": [],
        "verifiedPublisher": {"displayName": null, "verifiedPublisherId": null, "addedDateTime": null},
        "web": {"homePageUrl": a.web_home_page_url, "logoutUrl": null,
            "redirectUris": a.web_redirect_uris,
            "implicitGrantSettings": {"enableAccessTokenIssuance": a.enable_access_token_issuance,
                "enableIdTokenIssuance": a.enable_id_token_issuance},
            "redirectUriSettings": []},
        "spa": {"redirectUris": []},
    })
}

/// The Graph `servicePrincipal` of an app registration (same recording). Assumption: its
/// `createdDateTime` is the app's (hcsim records no separate time for it).
pub(crate) fn app_sp_json(p: &Principal, app: Option<&Application>, tenant_id: &str) -> Value {
    let app_id = p.app_id.clone().unwrap_or_default();
    let mut names = alloc::vec![Value::String(app_id.clone())];
    if let Some(a) = app {
        names.extend(a.identifier_uris.iter().cloned().map(Value::String));
    }
    json!({
        "id": p.object_id, "deletedDateTime": null, "accountEnabled": true,
        "alternativeNames": [], "appDisplayName": app.map(|a| a.display_name.clone()),
        "appDescription": null, "appId": app_id, "applicationTemplateId": null,
        "appOwnerOrganizationId": tenant_id, "appRoleAssignmentRequired": false,
        "createdDateTime": app.map(|a| a.created.clone()), "description": null,
        "disabledByMicrosoftStatus": null, "displayName": p.display_name,
        "homepage": null, "loginUrl": null, "logoutUrl": null, "notes": null,
        "notificationEmailAddresses": [], "preferredSingleSignOnMode": null,
        "preferredTokenSigningKeyThumbprint": null, "replyUrls": [],
        "servicePrincipalNames": names, "servicePrincipalType": "Application",
        "signInAudience": app.map(|a| a.sign_in_audience.clone()), "tags": [],
        "tokenEncryptionKeyId": null, "samlSingleSignOnSettings": null, "addIns": [],
        "appRoles": [],
        "info": {"logoUrl": null, "marketingUrl": null, "privacyStatementUrl": null,
            "supportUrl": null, "termsOfServiceUrl": null},
        "keyCredentials": [], "oauth2PermissionScopes": [],
        "passwordCredentials": app.map(|a| a.passwords.iter().filter(|p| p.on_service_principal)
            .map(password_json).collect::<Vec<_>>()).unwrap_or_default(),
        "resourceSpecificApplicationPermissions": [],
        "verifiedPublisher": {"displayName": null, "verifiedPublisherId": null, "addedDateTime": null},
    })
}

/// The property flags of `az ad app create|update` as changes.
fn flag_changes(cmd: &Command) -> AppChanges {
    let many = |name: &str| {
        cmd.has(name)
            .then(|| cmd.get_many(name).into_iter().map(String::from).collect())
    };
    AppChanges {
        display_name: cmd.get("display-name").map(String::from),
        sign_in_audience: cmd.get("sign-in-audience").map(String::from),
        is_fallback_public_client: cmd.bool_arg("is-fallback-public-client"),
        identifier_uris: many("identifier-uris"),
        web_redirect_uris: many("web-redirect-uris"),
        web_home_page_url: cmd.get("web-home-page-url").map(String::from),
        public_client_redirect_uris: many("public-client-redirect-uris"),
        enable_id_token_issuance: cmd.bool_arg("enable-id-token-issuance"),
        enable_access_token_issuance: cmd.bool_arg("enable-access-token-issuance"),
        notes: None,
        description: None,
    }
}

/// `az ad app create|update` flags hcsim accepts but does not simulate (key credentials and
/// the JSON properties): said, not guessed.
const NOT_SIMULATED_FLAGS: &[&str] = &[
    "key-value",
    "key-type",
    "key-usage",
    "key-display-name",
    "start-date",
    "end-date",
    "required-resource-accesses",
    "app-roles",
    "optional-claims",
    "service-management-reference",
];

/// The failure for a flag of [`NOT_SIMULATED_FLAGS`], if the line gives one.
fn refuse_not_simulated(cmd: &Command) -> Res<()> {
    match NOT_SIMULATED_FLAGS.iter().find(|f| cmd.has(f)) {
        Some(f) => Err(Failure::usage(
            "NotSupported",
            alloc::format!(
                "hcsim does not simulate --{f} of an application yet (key credentials, API permissions, app roles and optional claims are not in its directory)."
            ),
        )),
        None => Ok(()),
    }
}

/// Apps whose display name is exactly `name` (azure-cli lists by prefix, then keeps equal
/// names: `create_application`).
fn apps_named(ctx: &Ctx<'_>, name: &str) -> Vec<Application> {
    ctx.lab
        .world()
        .directory()
        .apps()
        .iter()
        .filter(|a| a.display_name == name)
        .cloned()
        .collect()
}

/// `create_application`: patches the one app of that display name, or registers a new one.
/// Returns the app as it is afterwards.
pub(crate) fn create_or_patch(
    ctx: &mut Ctx<'_>,
    name: &str,
    changes: AppChanges,
) -> Res<Application> {
    let existing = apps_named(ctx, name);
    if existing.len() > 1 {
        let ids: Vec<&str> = existing.iter().map(|a| a.object_id.as_str()).collect();
        return Err(Failure::usage(
            "MultipleApplications",
            alloc::format!(
                "More than one application have the same display name '{name}': (id) {}, please remove them first.",
                ids.join(", ")
            ),
        ));
    }
    if let Some(app) = existing.first() {
        ctx.warn(alloc::format!(
            "Found an existing application instance: (id) {}. We will patch it.",
            app.object_id
        ));
        done(ctx.input(Input::UpdateApplication {
            app: app.object_id.clone(),
            changes,
        }))?;
        return resolve(ctx, &app.object_id);
    }
    let made = ctx.input(Input::CreateApplication {
        display_name: name.into(),
        changes,
    });
    done(made)?;
    let d = ctx.lab.world().directory();
    d.apps()
        .last()
        .cloned()
        .ok_or_else(|| Failure::usage("UnexpectedOutput", "the application was not registered"))
}

/// `az ad app create`.
fn app_create(ctx: &mut Ctx<'_>, cmd: &Command) -> Res<Outcome> {
    let name = cmd.require("display-name")?.to_string();
    refuse_not_simulated(cmd)?;
    let app = create_or_patch(ctx, &name, flag_changes(cmd))?;
    let v = with_context(app_json(ctx, &app), "applications/$entity");
    print(cmd, &v)
}

/// `az ad app list`: Graph's `$filter` of the flags, in creation order.
fn app_list(ctx: &mut Ctx<'_>, cmd: &Command) -> Res<Outcome> {
    if cmd.has("filter") {
        return Err(Failure::usage(
            "NotSupported",
            "hcsim does not evaluate OData --filter for applications yet; use --app-id, --display-name or --identifier-uri.",
        ));
    }
    let w = ctx.lab.world();
    let d = w.directory();
    let list: Vec<Value> = d
        .apps()
        .iter()
        .filter(|a| {
            cmd.get("app-id")
                .is_none_or(|id| a.app_id.eq_ignore_ascii_case(id))
        })
        .filter(|a| {
            cmd.get("display-name")
                .is_none_or(|n| a.display_name.to_lowercase().starts_with(&n.to_lowercase()))
        })
        .filter(|a| {
            cmd.get("identifier-uri")
                .is_none_or(|u| a.identifier_uris.iter().any(|x| x == u))
        })
        .cloned()
        .collect::<Vec<_>>()
        .iter()
        .map(|a| app_json(ctx, a))
        .collect();
    print(cmd, &Value::Array(list))
}

/// `az ad app update`: the property flags and `--set PATH=VALUE`; az prints nothing (Graph's
/// PATCH answers 204).
fn app_update(ctx: &mut Ctx<'_>, cmd: &Command) -> Res<Outcome> {
    let app = resolve(ctx, cmd.require("id")?)?;
    refuse_not_simulated(cmd)?;
    if cmd.has("add") || cmd.has("remove") {
        return Err(Failure::usage(
            "NotSupported",
            "hcsim simulates --set (and the property flags) for applications, not --add or --remove.",
        ));
    }
    let mut changes = flag_changes(cmd);
    for item in cmd.get_many("set") {
        super::entra_set::apply_set(&mut changes, item)?;
    }
    done(ctx.input(Input::UpdateApplication {
        app: app.object_id,
        changes,
    }))
}

/// `az ad app credential reset|list|delete`.
fn credential(ctx: &mut Ctx<'_>, cmd: &Command, verb: &str, on_sp: bool) -> Res<Outcome> {
    let id = cmd.require("id")?;
    let app = if on_sp {
        sp_app(ctx, id)?
    } else {
        resolve(ctx, id)?
    };
    match verb {
        "reset" => {
            if cmd.has("cert") || cmd.flag("create-cert") || cmd.has("keyvault") {
                return Err(not_simulated_cert());
            }
            if cmd.has("years") && cmd.has("end-date") {
                return Err(Failure::usage(
                    "UsageError",
                    "usage error: --years | --end-date",
                ));
            }
            let years = cmd.get("years").and_then(|y| y.parse().ok());
            done(ctx.input(Input::AddApplicationPassword {
                app: app.object_id.clone(),
                display_name: cmd.get("display-name").map(String::from),
                years,
                end_date: cmd.get("end-date").map(String::from),
                append: cmd.flag("append"),
                service_principal: on_sp,
            }))?;
            let secret = newest_secret(ctx, &app.object_id);
            ctx.warn(CREDENTIAL_WARNING);
            let tenant = ctx.lab.world().directory().tenant_id.clone();
            print(
                cmd,
                &json!({"appId": app.app_id, "password": secret, "tenant": tenant}),
            )
        }
        "list" if cmd.flag("cert") => print(cmd, &Value::Array(Vec::new())),
        "list" => {
            let list: Vec<Value> = app
                .passwords
                .iter()
                .filter(|p| p.on_service_principal == on_sp)
                .map(password_json)
                .collect();
            print(cmd, &Value::Array(list))
        }
        "delete" => done(ctx.input(Input::RemoveApplicationPassword {
            app: app.object_id,
            key_id: cmd.require("key-id")?.to_string(),
        })),
        _ => Err(Failure::usage(
            "CommandNotFound",
            alloc::format!("'{}' is not supported by hcsim yet.", cmd.path_str()),
        )),
    }
}

/// The app registration behind the service principal `id` names (its app id or object id),
/// as azure-cli's `_resolve_service_principal` finds it.
fn sp_app(ctx: &Ctx<'_>, id: &str) -> Res<Application> {
    let d = ctx.lab.world().directory();
    let app = d
        .find(id)
        .and_then(|p| p.app_id.as_deref())
        .and_then(|a| d.app(a));
    match app {
        Some(a) => Ok(a.clone()),
        None if is_guid(id) => Err(Failure::Arm(ArmError::new(
            404,
            "Request_ResourceNotFound",
            alloc::format!(
                "Resource '{id}' does not exist or one of its queried reference-property objects are not present."
            ),
            RuleId::ResourceMustExist,
        ))),
        None => Err(Failure::usage(
            "ResourceNotFound",
            alloc::format!(
                "Service principal '{}' doesn't exist",
                hcsim_core::id::shorten(id)
            ),
        )),
    }
}

/// The secret text of the app's newest password (Graph's `addPassword` answer).
pub(crate) fn newest_secret(ctx: &Ctx<'_>, app: &str) -> Option<String> {
    let d = ctx.lab.world().directory();
    d.app(app)
        .and_then(|a| a.passwords.last())
        .map(|p| p.secret.clone())
}

/// Certificates are not simulated: said, not guessed.
pub(crate) fn not_simulated_cert() -> Failure {
    Failure::usage(
        "NotSupported",
        "hcsim simulates client secrets (passwords) only; certificate credentials (--cert, --create-cert, --keyvault) are not simulated.",
    )
}

/// `az ad sp create --id`: the app's service principal, printed as Graph's POST answers.
fn sp_create(ctx: &mut Ctx<'_>, cmd: &Command) -> Res<Outcome> {
    let id = cmd.require("id")?.to_string();
    done(ctx.input(Input::CreateServicePrincipal { app: id.clone() }))?;
    let v = sp_of_app(ctx, &id).map(|v| with_context(v, "servicePrincipals/$entity"));
    print(cmd, &v.unwrap_or(Value::Null))
}

/// The Graph JSON of the service principal of the app `app` names.
pub(crate) fn sp_of_app(ctx: &Ctx<'_>, app: &str) -> Option<Value> {
    let d = ctx.lab.world().directory();
    let a = d.app(app)?;
    let p = d.find(&a.app_id)?;
    Some(app_sp_json(p, Some(a), &d.tenant_id))
}

/// `az ad sp delete --id`: by service principal name (app id) or object id.
fn sp_delete(ctx: &mut Ctx<'_>, cmd: &Command) -> Res<Outcome> {
    let id = cmd.require("id")?.to_string();
    let known = ctx.lab.world().directory().find(&id).is_some();
    if !known && !is_guid(&id) {
        return Err(Failure::usage(
            "ResourceNotFound",
            alloc::format!(
                "Service principal '{}' doesn't exist",
                hcsim_core::id::shorten(&id)
            ),
        ));
    }
    done(ctx.input(Input::DeleteServicePrincipal { id }))
}
