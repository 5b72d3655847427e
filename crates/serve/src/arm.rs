//! ARM's REST protocol over the core: an HTTP request becomes the core's `Request` (the same
//! one the console's `az rest` sends), the core's `Response` becomes status, ARM's headers
//! (`x-ms-request-id`, `x-ms-correlation-request-id`, `ETag`, `Azure-AsyncOperation`,
//! `Location`, `Retry-After`) and body. The server adds what ARM's front door checks before
//! any provider sees a request: the api-version, the content type, the JSON, and the
//! long-running operation routes of `Microsoft.Resources`.
//!
//! Error codes and messages, ARM's (Azure Resource Manager docs, "Troubleshoot common Azure
//! deployment errors" and the ARM RPC `common-api-details.md` of Azure/azure-resource-manager-rpc):
//! `MissingApiVersionParameter`, `InvalidApiVersionParameter`, `NoRegisteredProviderFound`,
//! `UnsupportedMediaType`, `InvalidRequestContent`, `InvalidRequestUri`.

use hcsim_core::directory::Principal;
use hcsim_core::id::ArmPath;
use hcsim_core::operation::OpStatus;
use hcsim_core::{Input, Output, Request, Response};
use serde_json::{Value, json};

use crate::http::{HttpRequest, HttpResponse};
use crate::reply::arm_error;
use crate::state::{Pace, Sim};

/// Whether `v` has the shape of an api-version (`YYYY-MM-DD`, optionally `-preview` etc.).
fn well_formed(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
        && (b.len() == 10 || (b[10] == b'-' && b[11..].iter().all(|c| c.is_ascii_alphanumeric())))
}

/// The api-version check ARM makes before routing.
pub fn check_api_version(req: &HttpRequest, type_name: &str) -> Result<String, HttpResponse> {
    let Some(v) = req.query_param("api-version") else {
        return Err(arm_error(
            400,
            "MissingApiVersionParameter",
            "The api-version query parameter (?api-version=) is required for all requests.",
        ));
    };
    if !well_formed(&v) {
        return Err(arm_error(
            400,
            "InvalidApiVersionParameter",
            &format!(
                "The api-version '{}' is invalid. The supported versions are '2024-11-01,2024-03-01,2023-07-01,2022-12-01,2022-09-01,2021-04-01'.",
                hcsim_core::id::shorten(&v)
            ),
        ));
    }
    let lower = type_name.to_ascii_lowercase();
    // Registering the provider speaks Microsoft.Resources' versions.
    let healthcare = lower.starts_with("microsoft.healthcareapis/")
        && !lower.ends_with("/register")
        && !lower.ends_with("/unregister");
    // The versions the provider serves for this type, from the core's one table (rule
    // api-version-supported): workspaces and their children only from 2021-06-01-preview on.
    let served = hcsim_core::providers::deployments::healthcare_versions(&lower);
    if healthcare && !served.contains(&v.as_str()) {
        let short = type_name.split_once('/').map_or(type_name, |(_, t)| t);
        return Err(arm_error(
            400,
            "NoRegisteredProviderFound",
            &format!(
                "No registered resource provider found for location 'global' and API version '{}' for type '{}'. The supported api-versions are '{}'.",
                hcsim_core::id::shorten(&v),
                short,
                served.join(", ")
            ),
        ));
    }
    Ok(v)
}

/// The JSON body of a write, after ARM's content checks.
fn body_of(req: &HttpRequest) -> Result<Value, HttpResponse> {
    if req.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    let ct = req.header("content-type").unwrap_or("application/json");
    if !ct.to_ascii_lowercase().contains("json") {
        return Err(arm_error(
            415,
            "UnsupportedMediaType",
            &format!(
                "The content media type '{}' is not supported. Only 'application/json' is supported.",
                hcsim_core::id::shorten(ct.split(';').next().unwrap_or(ct))
            ),
        ));
    }
    crate::jsonc::parse(&req.body).map_err(|e| {
        arm_error(
            400,
            "InvalidRequestContent",
            &format!("The request content was invalid and could not be deserialized: '{e}'."),
        )
    })
}

/// Answers an ARM request from `caller`, through the lab (so it is one step of the session).
pub fn handle(sim: &mut Sim, req: &HttpRequest, caller: &Principal) -> HttpResponse {
    // ARM reads `a//b` as `a/b`: the SDK's generic resource calls with an empty parent path
    // send `…/providers/Microsoft.HealthcareApis//workspaces/ws1` (az resource show|delete).
    let collapsed = collapse_slashes(&req.path);
    let path = collapsed.trim_end_matches('/');
    let lower = path.to_ascii_lowercase();
    if lower == "/tenants" {
        return tenants(sim);
    }
    if lower == "/subscriptions" {
        return subscriptions(sim);
    }
    if let Some(r) = operation_route(sim, req) {
        return r;
    }
    if let Some(r) = crate::providers::route(sim, &req.method, path) {
        return check_api_version(req, "Microsoft.Resources/providers")
            .err()
            .unwrap_or(r);
    }
    if let Some((ns, r)) = crate::providers::operations(&req.method, path) {
        return check_api_version(req, &format!("{ns}/operations"))
            .err()
            .unwrap_or(r);
    }
    if let Some(r) = unknown_collection(path, req) {
        return r;
    }
    let legacy = legacy_deployments(path);
    let path = legacy.as_deref().unwrap_or(path);
    let parsed = match ArmPath::parse(path) {
        Ok(p) => p,
        Err(e) => {
            return arm_error(
                400,
                "InvalidRequestUri",
                &format!(
                    "The request URI '{}' is not valid: {e}",
                    hcsim_core::id::shorten(path)
                ),
            );
        }
    };
    // A collection's items decide the api-version (`…/fhirservices/f1/providers/
    // Microsoft.Authorization/roleAssignments` speaks Microsoft.Authorization's versions).
    let type_name = parsed
        .collection_type()
        .unwrap_or_else(|| parsed.resource_type());
    let version = match check_api_version(req, &type_name) {
        Ok(v) => v,
        Err(r) => return r,
    };
    if matches!(req.method.as_str(), "GET" | "HEAD")
        && let Some(r) = crate::roles::route(&parsed.request_path())
    {
        return match req.query_param("$filter") {
            Some(f) => crate::filter::apply(r, &f),
            None => r,
        };
    }
    let request = match core_request(req, &parsed, caller) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let head = req.method == "HEAD";
    let resp = send(sim, request, out_is_write(&req.method));
    let mut http = to_http(sim, &parsed, &version, resp, req);
    if head {
        http.body.clear();
        http.status = if http.status == 200 { 204 } else { http.status };
    } else {
        if http.status == 200 && lower.ends_with("/resources") {
            http = crate::filter::generic_resources(http, req.query_param("$expand").as_deref());
        }
        if let Some(f) = req.query_param("$filter") {
            const RA: &str = "/providers/microsoft.authorization/roleassignments";
            if http.status == 200
                && f.trim() == "atScope()"
                && let Some(at) = path.to_ascii_lowercase().find(RA)
            {
                http = crate::filter::at_scope(http, &path[..at]);
            }
            http = crate::filter::apply(http, &f);
        }
    }
    http
}

/// The core's request for an HTTP request, sent as `caller`.
fn core_request(
    req: &HttpRequest,
    parsed: &ArmPath,
    caller: &Principal,
) -> Result<Request, HttpResponse> {
    let target = parsed.request_path();
    let request = match req.method.as_str() {
        "GET" | "HEAD" if !parsed.is_resource() => Request::list(&target),
        "GET" | "HEAD" => Request::get(&target),
        "DELETE" => Request::delete(&target),
        "PUT" => Request::put(&target, body_of(req)?),
        "PATCH" => Request::patch(&target, body_of(req)?),
        "POST" => Request::post(&target, body_of(req)?),
        other => {
            return Err(arm_error(
                405,
                "MethodNotAllowed",
                &format!(
                    "The HTTP method '{}' is not supported.",
                    hcsim_core::id::shorten(other)
                ),
            ));
        }
    };
    let who = caller
        .resource_id
        .clone()
        .unwrap_or_else(|| caller.name.clone());
    let mut request = request.as_principal(who);
    request.if_match = req.header("if-match").map(str::to_string);
    request.if_none_match = req.header("if-none-match").map(str::to_string);
    Ok(request)
}

/// Sends `request` through the lab. A write is one history step of its own (undo takes it
/// back); consecutive reads share a step, so pollers do not flood the history, and a read
/// that left no mark on the world (no event, no random draw) is not recorded at all: it is
/// not needed to replay the session and does not count toward its bound on inputs.
fn send(sim: &mut Sim, request: Request, write: bool) -> Response {
    let label = format!("{} {}", request.method.http(), request.path);
    if write || sim.open_reads >= crate::state::READS_PER_STEP {
        sim.lab.commit();
        sim.open_reads = 0;
    }
    let out = if write {
        sim.lab.apply(&label, Input::Request(request))
    } else {
        sim.lab.apply_read(&label, Input::Request(request))
    };
    if write {
        sim.lab.commit();
    } else {
        sim.open_reads += 1;
    }
    match out {
        Output::Response(r) => r,
        Output::Refused { error } => Response::err(error),
        other => Response::ok(
            500,
            json!({"error": {"code": "InternalServerError", "message": format!("{other:?}")}}),
        ),
    }
}

fn collapse_slashes(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    out
}

fn out_is_write(method: &str) -> bool {
    !matches!(method, "GET" | "HEAD")
}

/// A collection ARM does not have at subscription or group level (`/subscriptions/{s}/nothing`):
/// 404 `InvalidResourceType`, as ARM answers a type it does not know (message as ARM words it,
/// e.g. cloudquery/cloudquery issue 6629: "The resource type could not be found in the
/// namespace '…' for api version '…'.").
fn unknown_collection(path: &str, req: &HttpRequest) -> Option<HttpResponse> {
    const AT_SUBSCRIPTION: &[&str] = &[
        "resourcegroups",
        "resources",
        "providers",
        "locations",
        "tagnames",
        "deployments",
        "operationresults",
    ];
    const AT_GROUP: &[&str] = &["resources", "providers", "deployments"];
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let known = |list: &[&str], w: &str| list.iter().any(|k| k.eq_ignore_ascii_case(w));
    let unknown = match parts.as_slice() {
        [s, _, w] => s.eq_ignore_ascii_case("subscriptions") && !known(AT_SUBSCRIPTION, w),
        [s, _, g, _, w] => {
            s.eq_ignore_ascii_case("subscriptions")
                && g.eq_ignore_ascii_case("resourcegroups")
                && !known(AT_GROUP, w)
        }
        _ => false,
    };
    if !unknown {
        return None;
    }
    let version = req.query_param("api-version").unwrap_or_default();
    Some(arm_error(
        404,
        "InvalidResourceType",
        &format!(
            "The resource type could not be found in the namespace 'Microsoft.Resources' for api version '{}'.",
            hcsim_core::id::shorten(&version)
        ),
    ))
}

/// ARM still answers deployments at their pre-provider paths, which az's `deployment
/// operation` commands use (`/subscriptions/{s}/resourcegroups/{g}/deployments/{n}/operations`,
/// measured with az 2.91): the same path with `/providers/Microsoft.Resources` inserted.
fn legacy_deployments(path: &str) -> Option<String> {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let at = match parts.as_slice() {
        ["subscriptions", _, g, _, d, ..] if g.eq_ignore_ascii_case("resourcegroups") => {
            (d.eq_ignore_ascii_case("deployments")).then_some(4)
        }
        ["subscriptions", _, d, ..] => (d.eq_ignore_ascii_case("deployments")).then_some(2),
        _ => None,
    }?;
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i == at {
            out.push_str("/providers/Microsoft.Resources");
        }
        out.push('/');
        out.push_str(p);
    }
    Some(out)
}

/// The core's response with ARM's headers; a long-running operation gets its status routes.
fn to_http(
    sim: &Sim,
    path: &ArmPath,
    version: &str,
    r: Response,
    req: &HttpRequest,
) -> HttpResponse {
    let mut http = if r.status == 204 || (r.body.is_null() && r.is_success()) {
        HttpResponse::empty(if r.status == 200 && req.method == "DELETE" {
            200
        } else {
            r.status
        })
    } else {
        HttpResponse::json(r.status, &r.body)
    };
    if let Some(etag) = r.body.get("etag").and_then(Value::as_str) {
        http = http.with("ETag", etag);
    }
    if let Some(e) = &r.error
        && let Some(rule) = e.rule
    {
        // Not ARM's: hcsim's teaching hint, which clients ignore.
        http = http.with("x-hcsim-rule", rule.id());
    }
    if r.status == 429 {
        http = http.with("Retry-After", "1");
    }
    if let Some(op) = r.operation {
        let location = r
            .body
            .get("location")
            .and_then(Value::as_str)
            .unwrap_or("global")
            .to_string();
        let sub = path.subscription();
        let ns = path
            .resource_type()
            .split('/')
            .next()
            .unwrap_or("")
            .to_string();
        let status_url = if ns.eq_ignore_ascii_case("Microsoft.HealthcareApis") {
            ArmPath::at_subscription(sub)
                .provider("Microsoft.HealthcareApis", "locations", &location)
                .child("operationresults", &op.to_string())
        } else {
            ArmPath::at_subscription(sub)
                .provider("Microsoft.Resources", "locations", &location)
                .child("operationStatuses", &op.to_string())
        };
        let results = ArmPath::at_subscription(sub).child("operationresults", &op.to_string());
        let q = format!("?api-version={version}");
        http = http
            .with(
                "Azure-AsyncOperation",
                format!("{}{}{q}", sim.base, status_url.request_path()),
            )
            .with(
                "Location",
                format!("{}{}{q}", sim.base, results.request_path()),
            )
            .with("Retry-After", retry_after(sim));
    }
    http
}

fn retry_after(sim: &Sim) -> &'static str {
    match sim.pace {
        Pace::Instant => "0",
        Pace::Realistic { .. } | Pace::External => "1",
    }
}

/// Which of the server's own operation routes a path is, and the operation number:
/// `/subscriptions/{s}/providers/Microsoft.Resources/locations/{l}/operationStatuses/{op}`
/// (the `Azure-AsyncOperation` protocol: 200 with `status`) or `/subscriptions/{s}/
/// operationresults/{op}` (ARM's `Location` protocol: 202 while running, then 200, or the
/// operation's error).
fn operation_kind(path: &str) -> Option<(bool, &str)> {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let is = |i: usize, w: &str| parts.get(i).is_some_and(|p| p.eq_ignore_ascii_case(w));
    match parts.len() {
        4 if is(0, "subscriptions") && is(2, "operationresults") => Some((false, parts[3])),
        8 if is(0, "subscriptions")
            && is(2, "providers")
            && is(3, "Microsoft.Resources")
            && is(4, "locations")
            && is(6, "operationStatuses") =>
        {
            Some((true, parts[7]))
        }
        _ => None,
    }
}

/// Answers the server's own operation routes from the core's operation table.
fn operation_route(sim: &Sim, req: &HttpRequest) -> Option<HttpResponse> {
    let (status_route, id) = operation_kind(req.path.trim_end_matches('/'))?;
    if let Err(r) = check_api_version(req, "Microsoft.Resources/operations") {
        return Some(r);
    }
    let op = id
        .parse::<u64>()
        .ok()
        .and_then(|n| sim.lab.world().operation(n));
    let Some(op) = op else {
        return Some(arm_error(
            404,
            "OperationNotFound",
            &format!(
                "There is no operation '{}' (operation results are kept for recent operations).",
                hcsim_core::id::shorten(id)
            ),
        ));
    };
    let status = match op.status {
        OpStatus::Running => "Running",
        OpStatus::Succeeded => "Succeeded",
        OpStatus::Failed => "Failed",
        OpStatus::Canceled => "Canceled",
    };
    if status_route {
        let mut body = json!({"id": req.path, "name": op.id.to_string(), "status": status, "startTime": op.started.to_iso()});
        if op.status != OpStatus::Running {
            body["endTime"] = json!(op.due.to_iso());
        }
        if let Some(e) = &op.error {
            body["error"] = json!({"code": e.code, "message": e.message});
        }
        return Some(HttpResponse::json(200, &body));
    }
    Some(match (&op.status, &op.error) {
        (OpStatus::Running, _) => HttpResponse::empty(202)
            .with(
                "Location",
                format!("{}{}?{}", sim.base, req.path, req.query),
            )
            .with("Retry-After", retry_after(sim)),
        (_, Some(e)) => HttpResponse::json(e.status.max(400), &e.body()),
        _ => HttpResponse::empty(200),
    })
}

/// `GET /tenants`.
fn tenants(sim: &Sim) -> HttpResponse {
    let d = sim.lab.world().directory();
    HttpResponse::json(
        200,
        &json!({"value": [{
            "id": format!("/tenants/{}", d.tenant_id), "tenantId": d.tenant_id,
            "countryCode": "US", "displayName": "Contoso", "domains": [d.tenant],
            "tenantCategory": "Home", "defaultDomain": d.tenant, "tenantType": "AAD",
        }]}),
    )
}

/// `GET /subscriptions`: every subscription of the tenant. Assumption: ARM lists only the
/// subscriptions where the caller holds a role; hcsim lists them all (so the no-role
/// principal can sign in without `--allow-no-subscriptions`).
fn subscriptions(sim: &Sim) -> HttpResponse {
    let w = sim.lab.world();
    let value: Vec<Value> = w
        .subscriptions()
        .iter()
        .map(|s| {
            json!({
                "id": hcsim_core::id::build::subscription(s),
                "authorizationSource": "RoleBased",
                "managedByTenants": [],
                "subscriptionId": s,
                "tenantId": w.directory().tenant_id,
                "displayName": w.subscription_name(s).unwrap_or_default(),
                "state": "Enabled",
                "subscriptionPolicies": {"locationPlacementId": "Public_2014-09-01", "quotaId": "PayAsYouGo_2014-09-01", "spendingLimit": "Off"},
            })
        })
        .collect();
    HttpResponse::json(
        200,
        &json!({"count": {"type": "Total", "value": value.len()}, "value": value}),
    )
}
