//! `az rest`: a raw request to the simulated Azure Resource Manager
//! (`https://management.azure.com/...?api-version=`, or a path starting with `/`, which az
//! prefixes with the ARM endpoint) or to a service's data plane
//! (`https://<ws>-<svc>.fhir.azurehealthcareapis.com/metadata`, answered as `sim probe`
//! answers). az prints the response body; a failure is `ERROR: <Reason>(<body>)`.

use alloc::string::{String, ToString};
use serde_json::{Value, json};

use hcsim_core::fhir::{FhirMethod, FhirRequest};
use hcsim_core::id::ArmPath;
use hcsim_core::providers::healthcare::service_host_of;
use hcsim_core::{ArmError, Input, Network, Output, ProbeSpec, Request, ResKind, RuleId};

use super::{Ctx, Failure, Res, print};
use crate::outcome::Outcome;
use crate::shell::Command;

const ARM_HOST: &str = "management.azure.com";

/// Runs `az rest`.
pub(crate) fn run(ctx: &mut Ctx<'_>, cmd: &Command) -> Res<Outcome> {
    let url = cmd.require("url")?;
    let (host, rest) = split_url(url);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    match host {
        None => arm(ctx, cmd, path, query),
        Some(h) if h.eq_ignore_ascii_case(ARM_HOST) => arm(ctx, cmd, path, query),
        Some(h) if h.to_lowercase().ends_with(".azurehealthcareapis.com") => {
            data_plane(ctx, cmd, &h.to_lowercase(), path, query)
        }
        Some(h) => Err(Failure::usage(
            "OfflineUrl",
            alloc::format!(
                "hcsim is offline: it simulates https://{ARM_HOST} and the services' data-plane URLs (https://<workspace>-<service>.fhir.azurehealthcareapis.com), not '{}'.",
                hcsim_core::id::shorten(h)
            ),
        )),
    }
}

/// `https://host/path?q` → (Some(host), "/path?q"); a bare `/path` → (None, "/path").
fn split_url(url: &str) -> (Option<&str>, &str) {
    let Some(after) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return (None, url);
    };
    match after.find(['/', '?']) {
        Some(i) => (Some(&after[..i]), &after[i..]),
        None => (Some(after), "/"),
    }
}

/// The reason phrase az shows before the body of a failed call.
fn reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        410 => "Gone",
        412 => "Precondition Failed",
        413 => "Request Entity Too Large",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

/// An ARM rejection as `az rest` prints it: `ERROR: Not Found({"error":{…}})`, keeping the
/// rule and its explanation.
fn rest_failure(e: &ArmError) -> Outcome {
    let body = json!({"error": {"code": e.code, "message": e.message}});
    let text = alloc::format!("ERROR: {}({body})", reason(e.status));
    let mut o = Outcome::rejected(e);
    o.output = text.clone();
    o.error = Some(text);
    o
}

fn api_version(cmd: &Command, query: &str) -> Option<String> {
    let params = query
        .split('&')
        .chain(cmd.get_many("uri-parameters"))
        .filter_map(|kv| kv.split_once('='));
    params
        .filter(|(k, _)| k.eq_ignore_ascii_case("api-version"))
        .map(|(_, v)| v.to_string())
        .next_back()
}

/// A request to the simulated ARM.
fn arm(ctx: &mut Ctx<'_>, cmd: &Command, path: &str, query: &str) -> Res<Outcome> {
    if api_version(cmd, query).is_none() {
        return Ok(rest_failure(&ArmError::new(
            400,
            "MissingApiVersionParameter",
            "The api-version query parameter (?api-version=) is required for all requests.".into(),
            RuleId::ValidRequest,
        )));
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.eq_ignore_ascii_case("/subscriptions") {
        return print(cmd, &subscriptions(ctx));
    }
    let p = ArmPath::parse(trimmed).map_err(|e| {
        Failure::Arm(ArmError::new(
            400,
            "InvalidRequestUri",
            alloc::format!(
                "The request URI '{}' is not valid: {e}",
                hcsim_core::id::shorten(path)
            ),
            RuleId::ValidRequest,
        ))
    });
    let p = match p {
        Ok(p) => p,
        Err(Failure::Arm(e)) => return Ok(rest_failure(&e)),
        Err(f) => return Err(f),
    };
    let target = p.request_path();
    let body = match cmd.get("body") {
        Some(b) => ctx.json_arg(b, "--body")?,
        None => json!({}),
    };
    let method = cmd.get_or_default("method").unwrap_or("get");
    let req = match method {
        "put" => Request::put(&target, body),
        "patch" => Request::patch(&target, body),
        "post" => Request::post(&target, body),
        "delete" => Request::delete(&target),
        _ if !p.is_resource() => Request::list(&target),
        _ => Request::get(&target),
    };
    match ctx.input(Input::Request(req)) {
        Output::Response(r) if r.is_success() => {
            if r.body.is_null() || r.body == json!({}) && method == "delete" {
                return Ok(Outcome::success(""));
            }
            print(cmd, &r.body)
        }
        Output::Response(r) => Ok(rest_failure(&r.error.unwrap_or_else(|| {
            ArmError::new(r.status, "Error", r.body.to_string(), RuleId::ValidRequest)
        }))),
        Output::Refused { error } => Ok(rest_failure(&error)),
        other => Err(super::unexpected(other)),
    }
}

/// `GET /subscriptions`: the subscriptions the acting principal sees, as ARM lists them.
fn subscriptions(ctx: &Ctx<'_>) -> Value {
    let w = ctx.lab.world();
    let value: alloc::vec::Vec<Value> = w
        .subscriptions()
        .iter()
        .map(|s| {
            json!({
                "id": hcsim_core::id::build::subscription(s),
                "subscriptionId": s,
                "tenantId": w.directory().tenant_id,
                "displayName": w.subscription_name(s).unwrap_or_default(),
                "state": "Enabled",
            })
        })
        .collect();
    json!({"count": {"type": "Total", "value": value.len()}, "value": value})
}

/// The FHIR or DICOM service whose data-plane host is `host`.
fn service_for_host(ctx: &Ctx<'_>, host: &str) -> Option<(String, ResKind)> {
    let w = ctx.lab.world();
    for ty in [
        "Microsoft.HealthcareApis/workspaces/fhirservices",
        "Microsoft.HealthcareApis/workspaces/dicomservices",
    ] {
        for r in w.resources_of_type(ty) {
            let Ok(p) = ArmPath::parse(&r.id) else {
                continue;
            };
            let n = p.segments.len();
            if n < 2 {
                continue;
            }
            let ws = &p.segments[n - 2].name;
            if service_host_of(ws, &r.name, r.kind).as_deref() == Some(host) {
                return Some((r.id.clone(), r.kind));
            }
        }
    }
    None
}

/// A data-plane call: to a FHIR service, answered by the core's FHIR data plane; to a DICOM
/// service, by the core's probe (status and reason).
fn data_plane(
    ctx: &mut Ctx<'_>,
    cmd: &Command,
    host: &str,
    path: &str,
    query: &str,
) -> Res<Outcome> {
    let anonymous = matches!(
        path.trim_end_matches('/'),
        "/metadata" | "/health/check" | ""
    );
    if cmd.get("resource").is_none() && !cmd.flag("skip-authorization-header") {
        return Err(Failure::usage(
            "ValidationError",
            "Can't derive appropriate Azure AD resource from --url to acquire an access token. If access token is not required, use --skip-authorization-header. Otherwise, provide the resource with --resource.",
        ));
    }
    let Some((id, kind)) = service_for_host(ctx, host) else {
        return Err(Failure::usage(
            "ConnectionError",
            alloc::format!(
                "Failed to establish a new connection: [Errno -2] Name or service not known ('{}': no FHIR or DICOM service of this session has that URL).",
                hcsim_core::id::shorten(host)
            ),
        ));
    };
    if cmd.flag("skip-authorization-header") && !anonymous {
        return Ok(data_failure(
            401,
            "No bearer token was sent (--skip-authorization-header): every data path but the capability statement needs one.",
            None,
        ));
    }
    if kind == ResKind::Fhir {
        return fhir_call(ctx, cmd, host, path, query);
    }
    let spec = ProbeSpec {
        target: id,
        from: Network::Public,
        principal: None,
        path: (!path.is_empty() && path != "/").then(|| path.to_string()),
    };
    match ctx.input(Input::Probe(spec)) {
        Output::Probe(p) if p.status < 400 => print(cmd, &success_body(kind, path)),
        Output::Probe(p) => Ok(data_failure(p.status, &p.reason, p.rule)),
        other => Err(super::unexpected(other)),
    }
}

/// `az rest` to a FHIR service: the core's FHIR answer; az prints the body (nothing for 204)
/// or `ERROR: <Reason>(<OperationOutcome>)`.
fn fhir_call(
    ctx: &mut Ctx<'_>,
    cmd: &Command,
    host: &str,
    path: &str,
    query: &str,
) -> Res<Outcome> {
    let method = match cmd.get_or_default("method").unwrap_or("get") {
        "post" => FhirMethod::Post,
        "put" => FhirMethod::Put,
        "delete" => FhirMethod::Delete,
        "get" => FhirMethod::Get,
        other => {
            return Ok(data_failure(
                405,
                &alloc::format!(
                    "The FHIR service does not take {} here.",
                    other.to_uppercase()
                ),
                Some(RuleId::FhirValidResource),
            ));
        }
    };
    let body = match cmd.get("body") {
        Some(b) => Some(ctx.json_arg(b, "--body")?),
        None => None,
    };
    let path = if path.is_empty() { "/" } else { path };
    // az appends --uri-parameters KEY=VALUE to the URL's query.
    let params: alloc::vec::Vec<&str> = core::iter::once(query)
        .chain(cmd.get_many("uri-parameters"))
        .filter(|p| !p.is_empty())
        .collect();
    let full = if params.is_empty() {
        path.to_string()
    } else {
        alloc::format!("{path}?{}", params.join("&"))
    };
    let req = FhirRequest {
        service: host.to_string(),
        method,
        path: full,
        body,
        principal: None,
        from: Network::Public,
    };
    let r = super::fhir::call(ctx, req)?;
    if r.is_success() {
        if r.body.is_null() {
            return Ok(Outcome {
                status: Some(r.status),
                ..Outcome::success("")
            });
        }
        let mut out = print(cmd, &r.body)?;
        out.status = Some(r.status);
        return Ok(out);
    }
    let text = alloc::format!("ERROR: {}({})", reason(r.status), r.body);
    Ok(super::fhir::refused(&r, text))
}

/// What a healthy service answers. Assumption: a trimmed CapabilityStatement for FHIR
/// `/metadata`, an empty search Bundle for other FHIR paths, and `{}` for DICOM.
fn success_body(kind: ResKind, path: &str) -> Value {
    match kind {
        ResKind::Fhir if path.trim_end_matches('/') == "/metadata" => json!({
            "resourceType": "CapabilityStatement",
            "status": "active",
            "kind": "instance",
            "fhirVersion": "4.0.1",
            "format": ["application/fhir+json", "json"],
            "software": {"name": "Microsoft FHIR Server"},
        }),
        ResKind::Fhir => json!({"resourceType": "Bundle", "type": "searchset", "entry": []}),
        _ => json!({}),
    }
}

/// A failed data-plane call as `az rest` prints it, with the FHIR OperationOutcome body and
/// the rule behind it.
fn data_failure(status: u16, why: &str, rule: Option<RuleId>) -> Outcome {
    let body = json!({"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "forbidden", "diagnostics": why}]});
    let text = alloc::format!("ERROR: {}({body})", reason(status));
    Outcome {
        ok: false,
        status: Some(status),
        code: Some(reason(status).into()),
        rule: rule.map(|r| r.id().to_string()),
        explanation: rule.map(RuleId::explain),
        output: text.clone(),
        error: Some(text),
        ..Outcome::default()
    }
}
