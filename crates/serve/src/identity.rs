//! The identity platform slice real clients call before ARM (REAL-CLIENTS.md, "Endpoints the
//! server must answer"): the cloud metadata for `az cloud register`, OpenID discovery, the
//! token endpoint (client credentials with a secret or an assertion, password, device code,
//! refresh token), the device-code endpoint, user-realm discovery, and the managed-identity
//! endpoint. Errors are Entra ID's OAuth errors, which az prints verbatim.
//!
//! Sources: Microsoft identity platform docs, "OAuth 2.0 client credentials flow" (error
//! codes `invalid_client`/AADSTS7000215, `unauthorized_client`/AADSTS700016), "Resource
//! owner password credentials" (AADSTS50126 `invalid_grant`), "Device authorization grant"
//! (the devicecode reply fields), and "Managed identities: App Service REST protocol"
//! (`X-IDENTITY-HEADER`, `expires_on` as text).

use hcsim_core::directory::{Principal, PrincipalKind};
use serde_json::{Value, json};

use crate::http::{HttpRequest, HttpResponse, form_pairs};
use crate::state::{OWNER_SP, Sim, USER_PASSWORD, secret_of};
use crate::token::{LIFETIME_S, b64url};

/// An OAuth error as Entra ID sends it: `{"error", "error_description", "error_codes"}`.
pub fn oauth_error(status: u16, error: &str, aadsts: u32, text: &str) -> HttpResponse {
    let description = format!("AADSTS{aadsts}: {text}");
    HttpResponse::json(
        status,
        &json!({"error": error, "error_description": description, "error_codes": [aadsts]}),
    )
}

/// `GET /metadata/endpoints`: the cloud's endpoints, every one on this server (the keys
/// `azure.cli.core.cloud._arm_to_cli_mapper` reads).
pub fn metadata(sim: &Sim) -> HttpResponse {
    let b = &sim.base;
    let slash = format!("{b}/");
    HttpResponse::json(
        200,
        &json!({
            "name": "hcsim",
            "portal": b,
            "resourceManager": slash,
            "authentication": {
                "loginEndpoint": b,
                "audiences": [slash, slash],
                "tenant": "common",
                "identityProvider": "AAD",
            },
            "graph": slash,
            "graphAudience": slash,
            "microsoftGraphResourceId": slash,
            "media": slash,
            "sqlManagement": slash,
            "batch": slash,
            "gallery": slash,
            "activeDirectoryDataLake": slash,
            "vmImageAliasDoc": format!("{b}/vmImageAliasDoc"),
            "appInsightsResourceId": slash,
            "appInsightsTelemetryChannelResourceId": slash,
            "logAnalyticsResourceId": slash,
            "ossrdbmsResourceId": slash,
            "suffixes": {
                "storage": "core.windows.net",
                "keyVaultDns": ".vault.azure.net",
                "sqlServerHostname": ".database.windows.net",
                "azureDataLakeStoreFileSystem": "azuredatalakestore.net",
                "azureDataLakeAnalyticsCatalogAndJob": "azuredatalakeanalytics.net",
                "acrLoginServer": ".azurecr.io",
            },
        }),
    )
}

/// Whether the path's tenant segment names the simulated tenant (or a multi-tenant alias).
fn known_tenant(sim: &Sim, t: &str) -> bool {
    let d = sim.lab.world().directory();
    ["organizations", "common", "consumers"]
        .iter()
        .any(|a| t.eq_ignore_ascii_case(a))
        || t.eq_ignore_ascii_case(&d.tenant)
        || t.eq_ignore_ascii_case(&d.tenant_id)
}

fn unknown_tenant(t: &str) -> HttpResponse {
    oauth_error(
        400,
        "invalid_request",
        90002,
        &format!(
            "Tenant '{}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. hcsim simulates one tenant: contoso.onmicrosoft.com.",
            hcsim_core::id::shorten(t)
        ),
    )
}

/// `GET /{tenant}/v2.0/.well-known/openid-configuration` (and the v1 document).
pub fn openid(sim: &Sim, tenant: &str) -> HttpResponse {
    if !known_tenant(sim, tenant) {
        return unknown_tenant(tenant);
    }
    let b = &sim.base;
    let tid = sim.lab.world().directory().tenant_id.clone();
    let t = tenant;
    HttpResponse::json(
        200,
        &json!({
            "token_endpoint": format!("{b}/{t}/oauth2/v2.0/token"),
            "authorization_endpoint": format!("{b}/{t}/oauth2/v2.0/authorize"),
            "device_authorization_endpoint": format!("{b}/{t}/oauth2/v2.0/devicecode"),
            "end_session_endpoint": format!("{b}/{t}/oauth2/v2.0/logout"),
            "jwks_uri": format!("{b}/{t}/discovery/v2.0/keys"),
            "issuer": format!("{b}/{tid}/v2.0"),
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "tenant_region_scope": "NA",
            "cloud_instance_name": "hcsim",
        }),
    )
}

/// `GET /common/userrealm/{user}`: every user of the tenant is a managed (cloud) account.
pub fn userrealm(sim: &Sim, user: &str) -> HttpResponse {
    let d = sim.lab.world().directory();
    HttpResponse::json(
        200,
        &json!({
            "ver": "1.0",
            "account_type": "Managed",
            "domain_name": d.tenant,
            "cloud_instance_name": "hcsim",
            "cloud_audience_urn": "urn:federation:MicrosoftOnline",
            "login": crate::http::percent_decode(user, false),
        }),
    )
}

/// `POST /{tenant}/oauth2/v2.0/devicecode`: approved at once, as the session's acting
/// principal (the trainee, or whoever `sim as` named through the control route).
pub fn devicecode(sim: &Sim, tenant: &str) -> HttpResponse {
    if !known_tenant(sim, tenant) {
        return unknown_tenant(tenant);
    }
    let w = sim.lab.world();
    let who = w.acting().to_string();
    let code = sim.tokens.issue(&json!({
        "hcsim": "device_code", "principal": who,
        "exp": Sim::unix_now() + 900,
    }));
    HttpResponse::json(
        200,
        &json!({
            "device_code": code,
            "user_code": "HCSIMOK1",
            "verification_uri": format!("{}/devicelogin", sim.base),
            "expires_in": 900,
            "interval": 1,
            "message": format!("hcsim approved this sign-in at once, as {who}. (On Azure: To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code HCSIMOK1 to authenticate.)"),
        }),
    )
}

/// The form fields of a token request.
struct Form(Vec<(String, String)>);

impl Form {
    fn get(&self, k: &str) -> Option<&str> {
        self.0.iter().find(|(a, _)| a == k).map(|(_, v)| v.as_str())
    }
}

/// `POST /{tenant}/oauth2/v2.0/token` (and v1 `/oauth2/token` with `resource`).
pub fn token(sim: &Sim, tenant: &str, req: &HttpRequest) -> HttpResponse {
    if !known_tenant(sim, tenant) {
        return unknown_tenant(tenant);
    }
    let form = Form(form_pairs(&String::from_utf8_lossy(&req.body)));
    let grant = form.get("grant_type").unwrap_or("");
    let who = match grant {
        "client_credentials" => client(sim, &form, req),
        "password" => password(sim, &form),
        "urn:ietf:params:oauth:grant-type:device_code" | "device_code" => {
            redeemed(sim, form.get("device_code"), "device_code")
        }
        "refresh_token" => redeemed(sim, form.get("refresh_token"), "refresh_token"),
        "" => Err(oauth_error(
            400,
            "invalid_request",
            900144,
            "The request body must contain the following parameter: 'grant_type'.",
        )),
        other => Err(oauth_error(
            400,
            "unsupported_grant_type",
            70003,
            &format!(
                "The app requested an unsupported grant type '{}'.",
                hcsim_core::id::shorten(other)
            ),
        )),
    };
    let p = match who {
        Ok(p) => p,
        Err(resp) => return resp,
    };
    let scope = form
        .get("scope")
        .map(str::to_string)
        .or_else(|| form.get("resource").map(|r| format!("{r}/.default")))
        .unwrap_or_else(|| format!("{}/.default", sim.base));
    let reply = grant_reply(sim, &p, &scope, form.get("client_id").unwrap_or(""));
    HttpResponse::json(200, &reply)
}

/// The audience of a token for `scope`: the resource of its first `.default` scope.
fn audience(sim: &Sim, scope: &str) -> String {
    scope
        .split(' ')
        .find(|s| s.ends_with("/.default"))
        .and_then(|s| s.strip_suffix("/.default"))
        .map(str::to_string)
        .unwrap_or_else(|| format!("{}/", sim.base))
}

/// An access token's claims for `p` (REAL-CLIENTS.md: `aud, iss, iat, nbf, exp, tid, oid,
/// sub, appid, idtyp`, plus `upn`/`name`/`scp` for users).
pub fn access_claims(sim: &Sim, p: &Principal, aud: &str, now: u64) -> Value {
    let tid = sim.lab.world().directory().tenant_id.clone();
    let mut c = json!({
        "aud": aud, "iss": format!("{}/{tid}/", sim.base),
        "iat": now, "nbf": now, "exp": now + LIFETIME_S,
        "tid": tid, "oid": p.object_id, "sub": p.object_id, "ver": "1.0",
    });
    if p.kind == PrincipalKind::User {
        c["appid"] = json!(crate::state::AZURE_CLI_APP_ID);
        c["idtyp"] = json!("user");
        c["upn"] = json!(p.name);
        c["unique_name"] = json!(p.name);
        c["name"] = json!(p.display_name);
        c["scp"] = json!("user_impersonation");
    } else {
        c["appid"] = json!(p.object_id);
        c["idtyp"] = json!("app");
    }
    c
}

fn grant_reply(sim: &Sim, p: &Principal, scope: &str, client_id: &str) -> Value {
    let now = Sim::unix_now();
    let aud = audience(sim, scope);
    let access = sim.tokens.issue(&access_claims(sim, p, &aud, now));
    let mut reply = json!({
        "token_type": "Bearer", "expires_in": LIFETIME_S, "ext_expires_in": LIFETIME_S,
        "access_token": access, "scope": scope,
    });
    if p.kind == PrincipalKind::User {
        let tid = sim.lab.world().directory().tenant_id.clone();
        let id_claims = json!({
            "aud": client_id, "iss": format!("{}/{tid}/v2.0", sim.base),
            "iat": now, "nbf": now, "exp": now + LIFETIME_S,
            "oid": p.object_id, "sub": p.object_id, "tid": tid,
            "preferred_username": p.name, "upn": p.name, "name": p.display_name, "ver": "2.0",
        });
        reply["id_token"] = json!(sim.tokens.issue(&id_claims));
        let info = json!({"uid": p.object_id, "utid": tid}).to_string();
        reply["client_info"] = json!(b64url(info.as_bytes()));
        reply["refresh_token"] = json!(sim.tokens.issue(&json!({
            "hcsim": "refresh_token", "principal": p.name, "exp": now + 90 * 86_400,
        })));
    }
    reply
}

/// `client_credentials`: the service principal named by `client_id`, with its secret (or
/// any signed assertion: hcsim does not check certificates).
fn client(sim: &Sim, form: &Form, req: &HttpRequest) -> Result<Principal, HttpResponse> {
    let (basic_id, basic_secret) = basic_auth(req);
    let id = form
        .get("client_id")
        .map(str::to_string)
        .or(basic_id)
        .unwrap_or_default();
    let d = sim.lab.world().directory();
    let Some(p) = d
        .find(&id)
        .filter(|p| p.kind != PrincipalKind::User)
        .cloned()
    else {
        return Err(oauth_error(
            400,
            "unauthorized_client",
            700016,
            &format!(
                "Application with identifier '{}' was not found in the directory '{}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.",
                hcsim_core::id::shorten(&id),
                d.tenant
            ),
        ));
    };
    if let Some(a) = form.get("client_assertion") {
        if a.split('.').count() == 3 {
            return Ok(p);
        }
        return Err(oauth_error(
            401,
            "invalid_client",
            7000274,
            "The client assertion is not a JWT (three base64url parts).",
        ));
    }
    let secret = form
        .get("client_secret")
        .map(str::to_string)
        .or(basic_secret);
    match secret {
        Some(s) if s == secret_of(&p.object_id) => Ok(p),
        Some(_) => Err(oauth_error(
            401,
            "invalid_client",
            7000215,
            &format!(
                "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{}'.",
                p.object_id
            ),
        )),
        None => Err(oauth_error(
            401,
            "invalid_client",
            7000218,
            "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        )),
    }
}

/// `Authorization: Basic` client credentials (client_secret_basic), if sent.
fn basic_auth(req: &HttpRequest) -> (Option<String>, Option<String>) {
    let Some(b) = req
        .header("authorization")
        .and_then(|h| h.strip_prefix("Basic "))
        .and_then(|b| crate::token::b64url_decode(b.trim()))
    else {
        return (None, None);
    };
    let text = String::from_utf8_lossy(&b).into_owned();
    match text.split_once(':') {
        Some((i, s)) => (
            Some(crate::http::percent_decode(i, true)),
            Some(crate::http::percent_decode(s, true)),
        ),
        None => (None, None),
    }
}

/// `password` (ROPC): a user of the tenant and the session's user password.
fn password(sim: &Sim, form: &Form) -> Result<Principal, HttpResponse> {
    let user = form.get("username").unwrap_or("");
    let d = sim.lab.world().directory();
    let Some(p) = d
        .find(user)
        .filter(|p| p.kind == PrincipalKind::User)
        .cloned()
    else {
        return Err(oauth_error(
            400,
            "invalid_grant",
            50034,
            &format!(
                "The user account {} does not exist in the {} directory. To sign into this application, the account must be added to the directory.",
                hcsim_core::id::shorten(user),
                d.tenant
            ),
        ));
    };
    if form.get("password") != Some(USER_PASSWORD) {
        return Err(oauth_error(
            400,
            "invalid_grant",
            50126,
            "Error validating credentials due to invalid username or password.",
        ));
    }
    Ok(p)
}

/// A device code or refresh token this server issued: the principal it names.
fn redeemed(sim: &Sim, token: Option<&str>, kind: &str) -> Result<Principal, HttpResponse> {
    let claims = token.and_then(|t| sim.tokens.check(t, Sim::unix_now()).ok());
    let name = claims
        .as_ref()
        .filter(|c| c["hcsim"] == kind)
        .and_then(|c| c["principal"].as_str());
    let p = name.and_then(|n| sim.lab.world().directory().find(n).cloned());
    p.ok_or_else(|| match kind {
        "device_code" => oauth_error(400, "expired_token", 70020, "The provided value for the input parameter 'device_code' is not valid or has expired."),
        _ => oauth_error(400, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid (the refresh token was not issued by this hcsim serve, or has expired)."),
    })
}

/// `GET /msi/token?api-version=2019-08-01&resource=…` with `X-IDENTITY-HEADER` (App Service
/// protocol). The identity is `client_id`/`object_id`/`principal_id`/`mi_res_id` if given (a
/// managed identity or service principal of the tenant), else [`OWNER_SP`].
pub fn managed_identity(sim: &Sim, req: &HttpRequest) -> HttpResponse {
    if req.header("x-identity-header") != Some(sim.identity_header.as_str()) {
        return HttpResponse::json(
            401,
            &json!({"error": {"code": "InvalidIdentityHeader", "message": "The X-IDENTITY-HEADER header is missing or wrong: it must be IDENTITY_HEADER as `hcsim serve --print-env` printed it."}}),
        );
    }
    let Some(resource) = req.query_param("resource") else {
        return HttpResponse::json(
            400,
            &json!({"error": "invalid_request", "error_description": "Required query variable 'resource' is missing."}),
        );
    };
    let chosen = [
        "client_id",
        "object_id",
        "principal_id",
        "mi_res_id",
        "msi_res_id",
    ]
    .iter()
    .find_map(|k| req.query_param(k));
    let d = sim.lab.world().directory();
    let p = match &chosen {
        Some(who) => d.find(who).filter(|p| p.kind != PrincipalKind::User),
        None => d.find(OWNER_SP),
    };
    let Some(p) = p.cloned() else {
        return HttpResponse::json(
            400,
            &json!({"error": "invalid_request", "error_description": "No managed identity of this hcsim session has that id."}),
        );
    };
    let now = Sim::unix_now();
    let aud = resource
        .strip_suffix("/.default")
        .unwrap_or(&resource)
        .to_string();
    let token = sim.tokens.issue(&access_claims(sim, &p, &aud, now));
    HttpResponse::json(
        200,
        &json!({
            "access_token": token, "expires_on": (now + LIFETIME_S).to_string(),
            "resource": resource, "token_type": "Bearer", "client_id": p.object_id,
        }),
    )
}

/// A valid bearer token for the principal `who` (sign-in name or object id) with the ARM
/// audience, as the token endpoint would issue it; `None` if the tenant has no such principal.
/// For fuzzing [`crate::handle_bytes`] past the token check.
pub fn token_for(sim: &Sim, who: &str) -> Option<String> {
    let p = sim.lab.world().directory().find(who)?.clone();
    let aud = format!("{}/", sim.base);
    Some(
        sim.tokens
            .issue(&access_claims(sim, &p, &aud, Sim::unix_now())),
    )
}
