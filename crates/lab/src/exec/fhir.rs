//! The FHIR data plane from the command line: `sim fhir METHOD PATH` here, and the call both
//! it and `az rest` (on a `*.fhir.azurehealthcareapis.com` URL) make: one `Input::Fhir`
//! answered by the core with status, headers and a FHIR body.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::Value;

use hcsim_core::fhir::{FhirMethod, FhirRequest, FhirResponse};
use hcsim_core::{Input, Network, Output, RuleId};

use super::{Ctx, Failure, Res, print};
use crate::outcome::Outcome;
use crate::shell::{Command, OutputFormat};

/// The reason phrase of a FHIR status.
pub(crate) fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        410 => "Gone",
        413 => "Request Entity Too Large",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        507 => "Insufficient Storage",
        _ => "Error",
    }
}

/// Sends one FHIR call to the core.
pub(crate) fn call(ctx: &mut Ctx<'_>, req: FhirRequest) -> Res<FhirResponse> {
    match ctx.input(Input::Fhir(req)) {
        Output::Fhir(r) => Ok(r),
        other => Err(super::unexpected(other)),
    }
}

/// A refused call: the outcome carries the status, the rule and its explanation.
pub(crate) fn refused(r: &FhirResponse, output: String) -> Outcome {
    Outcome {
        ok: false,
        status: Some(r.status),
        code: Some(reason(r.status).into()),
        rule: r.rule.map(|x| x.id().to_string()),
        explanation: r.rule.map(RuleId::explain),
        error: Some(output.clone()),
        output,
        ..Outcome::default()
    }
}

/// The FHIR service `--service` names (id or URL), or the session's only one.
fn service(ctx: &Ctx<'_>, cmd: &Command) -> Res<String> {
    if let Some(s) = cmd.get("service") {
        return Ok(s
            .trim_start_matches("https://")
            .trim_end_matches('/')
            .to_string());
    }
    let all: Vec<String> = ctx
        .lab
        .world()
        .resources_of_type("Microsoft.HealthcareApis/workspaces/fhirservices")
        .into_iter()
        .map(|r| r.id.clone())
        .collect();
    match all.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(Failure::usage(
            "ResourceNotFound",
            "This session has no FHIR service; create one first (az healthcareapis workspace fhir-service create).",
        )),
        _ => Err(Failure::usage(
            "MissingArgument",
            "This session has several FHIR services: name one with --service (its resource id or URL).",
        )),
    }
}

/// `sim fhir METHOD PATH [--body JSON | --file F] [--service ID] [--as P] [--from N]`.
pub(crate) fn run(ctx: &mut Ctx<'_>, cmd: &Command) -> Res<Outcome> {
    let method_text = cmd.positional(0).unwrap_or("GET");
    let method = FhirMethod::parse(method_text).ok_or_else(|| {
        Failure::usage(
            "InvalidChoice",
            alloc::format!("METHOD must be GET, POST, PUT or DELETE, not '{method_text}'"),
        )
    })?;
    let path = cmd.positional(1).unwrap_or("/");
    let path = if path.starts_with('/') {
        path.to_string()
    } else {
        alloc::format!("/{path}")
    };
    let body = match (cmd.get("body"), cmd.get("file")) {
        (Some(b), None) => Some(ctx.json_arg(b, "--body")?),
        (None, Some(f)) => Some(ctx.json_arg(&alloc::format!("@{f}"), "--file")?),
        (None, None) => None,
        _ => {
            return Err(Failure::usage(
                "MutuallyExclusiveArguments",
                "give --body or --file, not both",
            ));
        }
    };
    let from = if cmd.get("from") == Some("private") {
        Network::Private
    } else {
        Network::Public
    };
    let req = FhirRequest {
        service: service(ctx, cmd)?,
        method,
        path,
        body,
        principal: cmd.get("as").map(ToString::to_string),
        from,
    };
    let r = call(ctx, req)?;
    let mut head = alloc::format!("HTTP {} {}", r.status, reason(r.status));
    for (k, v) in &r.headers {
        head.push_str(&alloc::format!("\n{k}: {v}"));
    }
    if !r.is_success() {
        let text = alloc::format!("{head}\n{}", pretty(&r.body));
        return Ok(refused(&r, text));
    }
    if r.body.is_null() {
        return Ok(Outcome {
            status: Some(r.status),
            ..Outcome::success(head)
        });
    }
    let mut out = print(cmd, &r.body)?;
    if cmd.output == OutputFormat::Json && cmd.query.is_none() {
        out.output = alloc::format!("{head}\n{}", out.output);
    }
    out.status = Some(r.status);
    Ok(out)
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}
