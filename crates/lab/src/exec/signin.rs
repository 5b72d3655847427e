//! Who is signed in: `az login`, `az logout`, `az account get-access-token`,
//! `az ad signed-in-user show` and `az ad sp show|list`, against the simulated tenant.
//!
//! Signing in changes who acts (the core's `ActAs`); tokens are JWT-shaped strings whose
//! claims name the acting principal. They are unsigned and deterministic: hcsim teaches the
//! shape and the audience, it never issues a credential.
// Without `full` tokens and service principals are refused at dispatch (`run`): their code
// is left to the full module.
#![cfg_attr(not(feature = "full"), allow(dead_code))]

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Value, json};

use hcsim_core::directory::{Principal, PrincipalKind};
use hcsim_core::{ArmError, Input, Output, RuleId, SimTime};

use super::{Ctx, Failure, Res, print};
use crate::outcome::Outcome;
use crate::shell::Command;

/// The Azure CLI's public client application id (the `appid` claim of every token az gets).
const AZURE_CLI_APP_ID: &str = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

/// Unix seconds of [`SimTime::EPOCH_ISO`] (2026-01-01T00:00:00Z): the virtual calendar's start.
const EPOCH_UNIX: u64 = 1_767_225_600;

/// How long a token lives. Assumption: Entra ID access tokens last 60–90 minutes; hcsim uses 60.
const TOKEN_LIFETIME_S: u64 = 3600;

/// Runs `az login|logout`, `az account get-access-token`, `az ad signed-in-user|sp …`.
pub(crate) fn run(ctx: &mut Ctx<'_>, cmd: &Command, path: &[&str]) -> Res<Outcome> {
    match path {
        ["login"] => login(ctx, cmd),
        ["logout"] => Ok(Outcome::success("")),
        #[cfg(feature = "full")]
        ["account", "get-access-token"] => access_token(ctx, cmd),
        ["ad", "signed-in-user", "show"] => signed_in_user(ctx, cmd),
        #[cfg(feature = "full")]
        ["ad", "sp", "show"] => sp_show(ctx, cmd),
        #[cfg(feature = "full")]
        ["ad", "sp", "list"] => sp_list(ctx, cmd),
        // Tokens (for data-plane calls, which run in the full module anyway) and service
        // principals' directory entries come with the full module; nothing is sent before.
        #[cfg(not(feature = "full"))]
        ["account", "get-access-token"] | ["ad", "sp", "show" | "list"] => {
            Err(super::not_in_this_build("This command"))
        }
        _ => Err(Failure::usage(
            "CommandNotFound",
            alloc::format!("'{}' is not supported by hcsim yet.", cmd.path_str()),
        )),
    }
}

/// `az login --identity` where hcsim runs. Decision, from azure-cli's source: az asks the
/// instance metadata endpoint (IMDS, `169.254.169.254`) of the Azure VM, App Service or Cloud
/// Shell it runs on for the identity's token; hcsim's console is none of those (the
/// simulated world has no compute resource to run az on), so it answers as az does on any
/// machine outside Azure: `MSIAuthenticationWrapper.set_token` turns the refused connection
/// into `AzureConnectionError` "Failed to connect to MSI. …" (exit code 1). The error
/// detail is urllib3's; its exact text varies by version and machine (assumption: the
/// connection-refused form).
fn no_managed_identity() -> Outcome {
    let mut o = Outcome::failure(
        "AzureConnectionError",
        "ERROR: Failed to connect to MSI. Please make sure MSI is configured correctly and check the network connection.\nError detail: HTTPConnectionPool(host='169.254.169.254', port=80): Max retries exceeded with url: /metadata/identity/oauth2/token?resource=https%3A%2F%2Fmanagement.core.windows.net%2F&api-version=2018-02-01 (Caused by NewConnectionError('Failed to establish a new connection: [Errno 111] Connection refused'))",
    );
    o.error = Some(o.output.clone());
    o.explanation = Some(String::from(
        "hcsim: a managed identity signs in only from the Azure resource it belongs to (a VM, App Service, Container App, Cloud Shell), through that resource's instance metadata endpoint. hcsim's console runs outside Azure, so az cannot reach one, as on your own machine. To act as a service principal or managed identity in the simulator, use `sim as <principal>`; to sign in as a service principal, `az login --service-principal -u <app id> -p <secret> --tenant <tenant>`.",
    ));
    o
}

/// What az logs when a user signs in interactively (azure-cli `auth/identity.py`): the
/// browser flow names the tenant's authorization endpoint (`organizations` without
/// `--tenant`); the device code flow logs MSAL's flow message. The code is a fixed one
/// (an assumption: Entra ID issues a random nine-character code).
fn interactive_sign_in_warning(ctx: &mut Ctx<'_>, cmd: &Command) {
    if cmd.flag("use-device-code") {
        ctx.warn("To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code HCS1MLAB7 to authenticate.");
        return;
    }
    let authority = cmd.get("tenant").unwrap_or("organizations");
    ctx.warn(alloc::format!(
        "A web browser has been opened at https://login.microsoftonline.com/{}/oauth2/v2.0/authorize. Please continue the login in the web browser. If no web browser is available or if the web browser fails to open, use device code flow with `az login --use-device-code`.",
        hcsim_core::id::shorten(authority)
    ));
}

/// Whether `text` names the simulated tenant (its domain or its id).
fn is_our_tenant(ctx: &Ctx<'_>, text: &str) -> bool {
    let d = ctx.lab.world().directory();
    text.eq_ignore_ascii_case(&d.tenant) || text.eq_ignore_ascii_case(&d.tenant_id)
}

/// Entra ID's answer for a tenant it does not know (az prints it and exits 1).
fn unknown_tenant(text: &str) -> Failure {
    Failure::Arm(ArmError::new(
        400,
        "InvalidTenant",
        alloc::format!(
            "AADSTS90002: Tenant '{}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. hcsim simulates one tenant: contoso.onmicrosoft.com.",
            hcsim_core::id::shorten(text)
        ),
        RuleId::ValidRequest,
    ))
}

/// `az login`: acts as the trainee (or the named service principal) and prints the
/// subscription list as az does. `--identity` answers as az does off Azure: there is no
/// managed identity endpoint on a learner's machine.
fn login(ctx: &mut Ctx<'_>, cmd: &Command) -> Res<Outcome> {
    if let Some(t) = cmd.get("tenant").filter(|t| !is_our_tenant(ctx, t)) {
        return Err(unknown_tenant(t));
    }
    if cmd.flag("identity") {
        return Ok(no_managed_identity());
    }
    let who = match (cmd.flag("service-principal"), cmd.get("username")) {
        (true, None) => {
            return Err(Failure::usage(
                "MissingArgument",
                "usage error: --service-principal --username NAME --password SECRET --tenant TENANT",
            ));
        }
        (true, Some(u)) => {
            let known = ctx
                .lab
                .world()
                .directory()
                .find(u)
                .is_some_and(|p| p.kind != PrincipalKind::User);
            let w = ctx.lab.world();
            w.directory()
                .check_client_secret(u, cmd.get("password"), w.now())
                .map_err(Failure::Arm)?;
            if !known {
                return Err(Failure::Arm(ArmError::new(
                    400,
                    "UnauthorizedClient",
                    alloc::format!(
                        "AADSTS700016: Application with identifier '{}' was not found in the directory 'contoso.onmicrosoft.com'.",
                        hcsim_core::id::shorten(u)
                    ),
                    RuleId::Rbac,
                )));
            }
            u.to_string()
        }
        (false, Some(u)) => u.to_string(),
        (false, None) => {
            interactive_sign_in_warning(ctx, cmd);
            String::from("me")
        }
    };
    match ctx.input(Input::ActAs { principal: who }) {
        Output::Refused { error } => return Err(Failure::Arm(error)),
        Output::Response(r) if !r.is_success() => {
            return Err(Failure::Arm(r.error.unwrap_or_else(|| {
                ArmError::new(r.status, "Error", r.body.to_string(), RuleId::ValidRequest)
            })));
        }
        _ => {}
    }
    let w = ctx.lab.world();
    let user_type = match w.directory().find(w.acting()).map(|p| p.kind) {
        Some(PrincipalKind::User) | None => "user",
        Some(_) => "servicePrincipal",
    };
    let subs: Vec<Value> = w
        .subscriptions()
        .iter()
        .map(|s| {
            json!({
                "cloudName": "AzureCloud",
                "homeTenantId": w.directory().tenant_id,
                "id": s,
                "isDefault": s == w.current_subscription(),
                "managedByTenants": [],
                "name": w.subscription_name(s).unwrap_or_default(),
                "state": "Enabled",
                "tenantId": w.directory().tenant_id,
                "user": {"name": w.acting(), "type": user_type},
            })
        })
        .collect();
    print(cmd, &Value::Array(subs))
}

/// The audience a token is for: `--resource` as given, a well-known `--resource-type`, a
/// `--scope`'s resource (without `/.default`), else Azure Resource Manager.
fn audience(cmd: &Command) -> String {
    if let Some(r) = cmd.get("resource") {
        return r.to_string();
    }
    if let Some(t) = cmd.get("resource-type") {
        return match t {
            "aad-graph" => "https://graph.windows.net/",
            "batch" => "https://batch.core.windows.net/",
            "data-lake" => "https://datalake.azure.net/",
            "media" => "https://rest.media.azure.net",
            "ms-graph" => "https://graph.microsoft.com/",
            "oss-rdbms" => "https://ossrdbms-aad.database.windows.net",
            _ => "https://management.core.windows.net/",
        }
        .to_string();
    }
    if let Some(s) = cmd.get_many("scope").first() {
        return s.strip_suffix("/.default").unwrap_or(s).to_string();
    }
    "https://management.core.windows.net/".to_string()
}

/// `az account get-access-token`: az's six fields around a JWT-shaped token.
fn access_token(ctx: &mut Ctx<'_>, cmd: &Command) -> Res<Outcome> {
    if let Some(t) = cmd.get("tenant").filter(|t| !is_our_tenant(ctx, t)) {
        return Err(unknown_tenant(t));
    }
    let w = ctx.lab.world();
    let tid = w.directory().tenant_id.clone();
    let now_s = w.now().0 / 1000;
    let exp = EPOCH_UNIX + now_s + TOKEN_LIFETIME_S;
    let aud = audience(cmd);
    let principal = w.directory().find(w.acting()).cloned();
    let token = jwt(&claims(
        principal.as_ref(),
        w.acting(),
        &aud,
        &tid,
        EPOCH_UNIX + now_s,
    ));
    let expires = SimTime(w.now().0 + TOKEN_LIFETIME_S * 1000).to_iso();
    // az prints local time as `YYYY-MM-DD HH:MM:SS.ffffff`; hcsim's clock is UTC.
    let expires_on = alloc::format!("{} {}000", &expires[..10], &expires[11..23]);
    let mut v = json!({
        "accessToken": token,
        "expiresOn": expires_on,
        "expires_on": exp,
        "subscription": ctx.subscription(),
        "tenant": tid,
        "tokenType": "Bearer",
    });
    // With --tenant az prints no subscription: the token is for the tenant, not a subscription.
    if cmd.has("tenant")
        && let Value::Object(m) = &mut v
    {
        m.remove("subscription");
    }
    print(cmd, &v)
}

/// The claims of a v1 access token az would get for `aud` as `principal`.
fn claims(principal: Option<&Principal>, acting: &str, aud: &str, tid: &str, iat: u64) -> Value {
    let oid = principal.map(|p| p.object_id.clone()).unwrap_or_default();
    let mut c = json!({
        "aud": aud,
        "iss": alloc::format!("https://sts.windows.net/{tid}/"),
        "iat": iat,
        "nbf": iat,
        "exp": iat + TOKEN_LIFETIME_S,
        "appid": AZURE_CLI_APP_ID,
        "idtyp": "user",
        "oid": oid,
        "sub": oid,
        "tid": tid,
        "ver": "1.0",
    });
    match principal {
        Some(p) if p.kind == PrincipalKind::User => {
            c["upn"] = Value::String(p.name.clone());
            c["unique_name"] = Value::String(p.name.clone());
            c["name"] = Value::String(p.display_name.clone());
            c["scp"] = Value::String("user_impersonation".into());
        }
        Some(p) => {
            c["idtyp"] = Value::String("app".into());
            let app_id = p.app_id.as_ref().unwrap_or(&p.object_id);
            c["appid"] = Value::String(app_id.clone());
        }
        None => {
            c["upn"] = Value::String(acting.to_string());
        }
    }
    c
}

/// `header.payload.signature`, each part base64url without padding, as a JWT is written.
/// The signature says it is simulated: nothing verifies it.
fn jwt(claims: &Value) -> String {
    let header = json!({"typ": "JWT", "alg": "RS256", "kid": "hcsim-simulated"});
    alloc::format!(
        "{}.{}.{}",
        base64url(header.to_string().as_bytes()),
        base64url(claims.to_string().as_bytes()),
        base64url(b"hcsim simulated token: unsigned")
    )
}

/// RFC 4648 §5 base64url, no padding.
pub(crate) fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let sextets = chunk.len() + 1;
        for i in 0..sextets {
            let idx = (n >> (18 - 6 * i)) & 63;
            out.push(char::from(ALPHABET[idx as usize]));
        }
    }
    out
}

/// `az ad signed-in-user show`: the Graph `/me` user; a service principal has no `/me`.
fn signed_in_user(ctx: &mut Ctx<'_>, cmd: &Command) -> Res<Outcome> {
    let w = ctx.lab.world();
    let p = w.directory().find(w.acting()).cloned();
    match p {
        Some(p) if p.kind == PrincipalKind::User => print(cmd, &graph_user(&p)),
        _ => Err(Failure::Arm(ArmError::new(
            400,
            "BadRequest",
            "/me request is only valid with delegated authentication flow.".into(),
            RuleId::ValidRequest,
        ))),
    }
}

/// A Microsoft Graph user as az 2.37+ prints it.
fn graph_user(p: &Principal) -> Value {
    json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
        "businessPhones": [],
        "displayName": p.display_name,
        "givenName": null,
        "id": p.object_id,
        "jobTitle": null,
        "mail": null,
        "mobilePhone": null,
        "officeLocation": null,
        "preferredLanguage": null,
        "surname": null,
        "userPrincipalName": p.name,
    })
}

/// A Microsoft Graph service principal. Assumption: the appId of a simulated managed identity
/// is derived from its object id (Azure issues a separate GUID).
fn graph_sp(p: &Principal) -> Value {
    let app_id = hcsim_core::rng::guid_from(&alloc::format!("app:{}", p.object_id));
    let mut names = alloc::vec![Value::String(app_id.clone())];
    let mut alternative = Vec::new();
    if let Some(r) = &p.resource_id {
        names.push(Value::String(r.clone()));
        alternative.push(Value::String("isExplicit=False".into()));
        alternative.push(Value::String(r.clone()));
    }
    json!({
        "accountEnabled": true,
        "alternativeNames": alternative,
        "appDisplayName": null,
        "appId": app_id,
        "displayName": p.display_name,
        "id": p.object_id,
        "servicePrincipalNames": names,
        "servicePrincipalType": if p.kind == PrincipalKind::ManagedIdentity { "ManagedIdentity" } else { "Application" },
    })
}

/// A service principal as Graph returns it: an app registration's in full (exec/entra.rs),
/// others as [`graph_sp`].
fn sp_view(ctx: &Ctx<'_>, p: &Principal) -> Value {
    match &p.app_id {
        Some(app_id) => {
            let d = ctx.lab.world().directory();
            super::entra::app_sp_json(p, d.app(app_id), &d.tenant_id)
        }
        None => graph_sp(p),
    }
}

fn service_principals<'w>(ctx: &'w Ctx<'_>) -> Vec<&'w Principal> {
    ctx.lab
        .world()
        .directory()
        .all()
        .into_iter()
        .filter(|p| p.kind != PrincipalKind::User)
        .collect()
}

/// `az ad sp show --id`: by object id, app id or service principal name.
fn sp_show(ctx: &mut Ctx<'_>, cmd: &Command) -> Res<Outcome> {
    let id = cmd.require("id")?;
    let found = service_principals(ctx)
        .into_iter()
        .map(|p| sp_view(ctx, p))
        .find(|v| {
            v["id"].as_str().is_some_and(|s| s.eq_ignore_ascii_case(id))
                || v["servicePrincipalNames"].as_array().is_some_and(|a| {
                    a.iter()
                        .any(|n| n.as_str().is_some_and(|s| s.eq_ignore_ascii_case(id)))
                })
        });
    match found {
        // Learn's older lines ask AAD Graph's `objectId`: prints nothing, as in Azure; the
        // explanation says why (exec/entra.rs).
        Some(v) => print(cmd, &v).map(|o| super::entra::with_object_id_hint(cmd, o)),
        None => Err(Failure::Arm(ArmError::new(
            404,
            "Request_ResourceNotFound",
            alloc::format!(
                "Resource '{}' does not exist or one of its queried reference-property objects are not present.",
                hcsim_core::id::shorten(id)
            ),
            RuleId::ResourceMustExist,
        ))),
    }
}

/// The `displayName eq '…'` / `startswith(displayName,'…')` filters az users type; other
/// OData is refused rather than guessed.
fn filter_match(filter: &str, sp: &Value) -> Res<bool> {
    let name = sp["displayName"].as_str().unwrap_or("");
    let quoted = |s: &str| s.trim().trim_matches('\'').to_string();
    let lower = filter.to_lowercase();
    if let Some(rest) = lower.strip_prefix("displayname eq ") {
        return Ok(name.eq_ignore_ascii_case(&quoted(rest)));
    }
    if let Some(rest) = lower.strip_prefix("startswith(displayname,") {
        return Ok(name
            .to_lowercase()
            .starts_with(&quoted(rest.trim_end_matches(')'))));
    }
    Err(Failure::usage(
        "InvalidArgumentValue",
        "--filter: hcsim understands \"displayName eq 'NAME'\" and \"startswith(displayName,'PREFIX')\".",
    ))
}

/// `az ad sp list`: the tenant's service principals (hcsim's are the managed identities its
/// resources get) filtered as az filters them.
fn sp_list(ctx: &mut Ctx<'_>, cmd: &Command) -> Res<Outcome> {
    let mut out = Vec::new();
    for v in service_principals(ctx).into_iter().map(|p| sp_view(ctx, p)) {
        let name = v["displayName"].as_str().unwrap_or("");
        if let Some(d) = cmd.get("display-name")
            && !name.to_lowercase().starts_with(&d.to_lowercase())
        {
            continue;
        }
        if let Some(spn) = cmd.get("spn")
            && !v["servicePrincipalNames"].as_array().is_some_and(|a| {
                a.iter()
                    .any(|n| n.as_str().is_some_and(|s| s.eq_ignore_ascii_case(spn)))
            })
        {
            continue;
        }
        if let Some(f) = cmd.get("filter")
            && !filter_match(f, &v)?
        {
            continue;
        }
        out.push(v);
    }
    print(cmd, &Value::Array(out))
}
