//! The slice of Microsoft Graph (v1.0) that az's `role assignment --assignee`, `ad sp
//! show|list` and `ad signed-in-user show` call, over the simulated directory.
//!
//! Routes, from Azure/azure-cli `src/azure-cli/azure/cli/command_modules/role/_msgrpah/
//! _graph_client.py` and `custom.py` (`_resolve_object_id`, `_get_object_stubs`,
//! `_resolve_service_principal`): `GET /v1.0/me`, `GET /v1.0/users/{id}`, `GET /v1.0/users?
//! $filter=userPrincipalName eq '…'`, `GET /v1.0/servicePrincipals/{id}`, `GET /v1.0/
//! servicePrincipals?$filter=servicePrincipalNames/any(c:c eq '…')` (also `displayName eq`,
//! `startswith(displayName,'…')`, `appId eq`), `POST /v1.0/directoryObjects/getByIds`.
//! Assumption: in hcsim a service principal's appId is its object id (one id, as the
//! console's `az ad sp show` has always shown).

use hcsim_core::directory::{Principal, PrincipalKind};
use serde_json::{Value, json};

use crate::http::{HttpRequest, HttpResponse, percent_decode};
use crate::state::Sim;

/// Graph's error body `{"error": {"code", "message"}}`.
pub fn graph_error(status: u16, code: &str, message: &str) -> HttpResponse {
    HttpResponse::json(
        status,
        &json!({"error": {"code": code, "message": message}}),
    )
}

/// A directory object as Graph shows it.
pub fn object(p: &Principal) -> Value {
    match p.kind {
        PrincipalKind::User => json!({
            "@odata.type": "#microsoft.graph.user",
            "id": p.object_id, "userPrincipalName": p.name, "displayName": p.display_name,
            "mail": p.name, "givenName": p.display_name, "surname": null, "jobTitle": null,
            "businessPhones": [], "mobilePhone": null, "officeLocation": null,
            "preferredLanguage": null,
        }),
        kind => json!({
            "@odata.type": "#microsoft.graph.servicePrincipal",
            "id": p.object_id, "appId": p.object_id, "displayName": p.display_name,
            "appDisplayName": p.display_name, "accountEnabled": true,
            "servicePrincipalNames": [p.object_id],
            "servicePrincipalType": if kind == PrincipalKind::ManagedIdentity { "ManagedIdentity" } else { "Application" },
            "alternativeNames": p.resource_id.iter().collect::<Vec<_>>(),
            "appOwnerOrganizationId": null, "tags": [],
        }),
    }
}

fn list(base: &str, what: &str, items: Vec<Value>) -> HttpResponse {
    HttpResponse::json(
        200,
        &json!({"@odata.context": format!("{base}/v1.0/$metadata#{what}"), "value": items}),
    )
}

/// The quoted value of an OData filter (`… eq 'x'`, `startswith(displayName,'x')`).
fn quoted(filter: &str) -> Option<String> {
    let start = filter.find('\'')?;
    let end = filter.rfind('\'')?;
    (end > start).then(|| filter[start + 1..end].replace("''", "'"))
}

/// Whether `p` passes `$filter` (the few forms az sends; anything else matches nothing).
fn passes(p: &Principal, filter: &str) -> bool {
    let Some(v) = quoted(filter) else {
        return false;
    };
    let f = filter.to_ascii_lowercase();
    let eq = |a: &str| a.eq_ignore_ascii_case(&v);
    if f.contains("serviceprincipalnames/any") || f.starts_with("appid") {
        p.kind != PrincipalKind::User && (eq(&p.object_id) || eq(&p.name))
    } else if f.starts_with("userprincipalname") || f.starts_with("mail") {
        p.kind == PrincipalKind::User && eq(&p.name)
    } else if f.starts_with("startswith(displayname") {
        p.display_name
            .to_ascii_lowercase()
            .starts_with(&v.to_ascii_lowercase())
    } else if f.starts_with("displayname") {
        eq(&p.display_name) || eq(&p.name)
    } else if f.starts_with("id ") {
        eq(&p.object_id)
    } else {
        false
    }
}

/// Answers a Graph request (`/v1.0/…`) from `caller`.
pub fn handle(sim: &Sim, req: &HttpRequest, caller: &Principal) -> HttpResponse {
    let path = req.path.trim_end_matches('/');
    let rest = path.strip_prefix("/v1.0/").unwrap_or("");
    let parts: Vec<String> = rest.split('/').map(|s| percent_decode(s, false)).collect();
    let d = sim.lab.world().directory();
    let filter = req.query_param("$filter");
    let of_kind = |users: bool| {
        d.all()
            .into_iter()
            .filter(move |p| (p.kind == PrincipalKind::User) == users)
    };
    let found = |who: &str, users: bool| {
        d.find(who)
            .filter(|p| (p.kind == PrincipalKind::User) == users)
            .map(|p| HttpResponse::json(200, &object(p)))
            .unwrap_or_else(|| not_found(who))
    };
    match (
        req.method.as_str(),
        parts
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice(),
    ) {
        // Microsoft Graph refuses `/me` to an application token (az ad signed-in-user show
        // after a service-principal login prints this error).
        ("GET", ["me"]) if caller.kind != PrincipalKind::User => graph_error(
            400,
            "BadRequest",
            "/me request is only valid with delegated authentication flow.",
        ),
        ("GET", ["me"]) => HttpResponse::json(200, &object(caller)),
        ("GET", ["users"]) => {
            let items = of_kind(true)
                .filter(|p| filter.as_deref().is_none_or(|f| passes(p, f)))
                .map(object)
                .collect();
            list(&sim.base, "users", items)
        }
        ("GET", ["users", who]) => found(who, true),
        ("GET", ["servicePrincipals" | "serviceprincipals"]) => {
            let items = of_kind(false)
                .filter(|p| filter.as_deref().is_none_or(|f| passes(p, f)))
                .map(object)
                .collect();
            list(&sim.base, "servicePrincipals", items)
        }
        ("GET", ["servicePrincipals" | "serviceprincipals", who]) => {
            let who = who
                .strip_prefix("(appId='")
                .and_then(|w| w.strip_suffix("')"))
                .unwrap_or(who);
            found(who, false)
        }
        ("GET", ["directoryObjects", who]) => match d.find(who) {
            Some(p) => HttpResponse::json(200, &object(p)),
            None => not_found(who),
        },
        ("POST", ["directoryObjects", "getByIds"]) => get_by_ids(sim, req),
        ("GET", ["applications"]) => list(&sim.base, "applications", Vec::new()),
        _ => graph_error(
            400,
            "BadRequest",
            &format!(
                "Resource not found for the segment '{}'. (hcsim serves the slice of Microsoft Graph that az's role and ad commands call.)",
                hcsim_core::id::shorten(rest)
            ),
        ),
    }
}

fn not_found(who: &str) -> HttpResponse {
    graph_error(
        404,
        "Request_ResourceNotFound",
        &format!(
            "Resource '{}' does not exist or one of its queried reference-property objects are not present.",
            hcsim_core::id::shorten(who)
        ),
    )
}

/// `POST /v1.0/directoryObjects/getByIds {"ids": [...], "types": [...]}`.
fn get_by_ids(sim: &Sim, req: &HttpRequest) -> HttpResponse {
    let Ok(body) = serde_json::from_slice::<Value>(&req.body) else {
        return graph_error(
            400,
            "Request_BadRequest",
            "The request body is not valid JSON.",
        );
    };
    let d = sim.lab.world().directory();
    let items: Vec<Value> = body["ids"]
        .as_array()
        .map(|ids| {
            ids.iter()
                .take(1000)
                .filter_map(Value::as_str)
                .filter_map(|id| d.find(id).filter(|p| p.object_id.eq_ignore_ascii_case(id)))
                .map(object)
                .collect()
        })
        .unwrap_or_default();
    list(&sim.base, "directoryObjects", items)
}
