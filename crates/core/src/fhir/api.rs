//! The FHIR REST interactions on one service's data, once the caller is let in: routes
//! (`/metadata`, `/{type}`, `/{type}/{id}`, `/{type}/{id}/_history[/{vid}]`,
//! `/{type}/_history`), body checks, create / read / vread / update / delete, search and
//! history. Pure: the clock's time and the bounds come in, the answer and what was written
//! come out.
//!
//! Behaviour of the Azure FHIR service (learn.microsoft.com, "FHIR REST API capabilities"):
//! update-as-create is allowed (a PUT to a new id creates it, 201); a delete is soft (history
//! keeps the versions, a read answers 410 Gone); deleting what does not exist answers 204.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Value, json};

use super::model::{
    FhirMethod, FhirResponse, ID_REQUIREMENTS, STORED_TYPES, etag, is_type_name, is_valid_id,
    not_found,
};
use super::search::{history, search};
use super::store::{Limits, ServiceData};
use crate::rules::RuleId;
use crate::time::SimTime;

/// What a successful write changed (for the world's event log).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// `POST`, `PUT` or `DELETE`.
    pub method: &'static str,
    /// Resource type.
    pub rtype: String,
    /// Resource id.
    pub id: String,
    /// The new version number.
    pub version: u64,
}

/// The parts of a request path.
enum Route<'a> {
    Metadata,
    Type(&'a str),
    TypeHistory(&'a str),
    Instance(&'a str, &'a str),
    InstanceHistory(&'a str, &'a str),
    Version(&'a str, &'a str, &'a str),
}

fn route(path: &str) -> Option<Route<'_>> {
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    Some(match segs.as_slice() {
        ["metadata"] => Route::Metadata,
        [t] => Route::Type(t),
        [t, "_history"] => Route::TypeHistory(t),
        [t, id] => Route::Instance(t, id),
        [t, id, "_history"] => Route::InstanceHistory(t, id),
        [t, id, "_history", v] => Route::Version(t, id, v),
        _ => return None,
    })
}

fn route_not_found() -> FhirResponse {
    FhirResponse::outcome(
        404,
        "not-found",
        "The requested route was not found.",
        RuleId::ResourceMustExist,
    )
}

fn invalid(status: u16, msg: &str) -> FhirResponse {
    FhirResponse::outcome(status, "invalid", msg, RuleId::FhirValidResource)
}

/// Answers one FHIR call on `data` at `now`; `base` is the service's URL
/// (`https://<ws>-<svc>.fhir.azurehealthcareapis.com`).
pub fn handle(
    data: &mut ServiceData,
    base: &str,
    method: FhirMethod,
    path_and_query: &str,
    body: Option<&Value>,
    now: SimTime,
    limits: Limits,
) -> (FhirResponse, Option<Written>) {
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let Some(r) = route(path) else {
        return (route_not_found(), None);
    };
    if let Route::Metadata = r {
        return match method {
            FhirMethod::Get => (FhirResponse::ok(200, capability(base)), None),
            _ => (method_not_allowed(), None),
        };
    }
    let rtype = match &r {
        Route::Type(t)
        | Route::TypeHistory(t)
        | Route::Instance(t, _)
        | Route::InstanceHistory(t, _)
        | Route::Version(t, _, _) => *t,
        Route::Metadata => "",
    };
    if !is_type_name(rtype) {
        return (route_not_found(), None);
    }
    if !STORED_TYPES.contains(&rtype) {
        return (
            FhirResponse::outcome(
                404,
                "not-supported",
                &alloc::format!(
                    "Resource type '{rtype}' is not supported. (hcsim's slice of the FHIR service stores Patient, Device and Observation; the real service stores every FHIR R4 type.)"
                ),
                RuleId::FhirValidResource,
            ),
            None,
        );
    }
    if let Route::Instance(_, id) | Route::InstanceHistory(_, id) | Route::Version(_, id, _) = &r
        && !is_valid_id(id)
    {
        return (invalid(400, ID_REQUIREMENTS), None);
    }
    let now_iso = now.to_iso();
    match (method, r) {
        (FhirMethod::Get, Route::Type(t)) => (search(data, base, t, query, &now_iso), None),
        (FhirMethod::Get, Route::TypeHistory(t)) => {
            (history(data, base, t, None, query, &now_iso), None)
        }
        (FhirMethod::Get, Route::InstanceHistory(t, id)) => {
            if data.entry(t, id).is_none() {
                return (not_found(t, id), None);
            }
            (history(data, base, t, Some(id), query, &now_iso), None)
        }
        (FhirMethod::Get, Route::Instance(t, id)) => (read(data, t, id, None), None),
        (FhirMethod::Get, Route::Version(t, id, v)) => (read(data, t, id, Some(v)), None),
        (FhirMethod::Post, Route::Type(t)) => {
            let id = data.new_id();
            write(data, base, t, &id, "POST", body, now, limits)
        }
        (FhirMethod::Put, Route::Instance(t, id)) => {
            write(data, base, t, id, "PUT", body, now, limits)
        }
        (FhirMethod::Delete, Route::Instance(t, id)) => delete(data, t, id, now, limits),
        _ => (method_not_allowed(), None),
    }
}

fn method_not_allowed() -> FhirResponse {
    FhirResponse::outcome(
        405,
        "not-supported",
        "The requested operation is not supported on this route (405 Method Not Allowed).",
        RuleId::FhirValidResource,
    )
}

/// `GET /{type}/{id}` (or a version of it).
fn read(data: &ServiceData, rtype: &str, id: &str, version: Option<&str>) -> FhirResponse {
    let Some(entry) = data.entry(rtype, id) else {
        return not_found(rtype, id);
    };
    let v = match version {
        None => entry.current(),
        Some(v) => match entry.versions().iter().find(|x| x.number.to_string() == v) {
            Some(x) => Some(x),
            None => {
                return FhirResponse::outcome(
                    404,
                    "not-found",
                    &alloc::format!(
                        "Resource type '{rtype}' with id '{id}' and version '{}' couldn't be found.",
                        crate::id::shorten(v)
                    ),
                    RuleId::ResourceMustExist,
                );
            }
        },
    };
    let Some(v) = v else {
        return not_found(rtype, id);
    };
    match &v.resource {
        Some(r) => with_version_headers(FhirResponse::ok(200, r.clone()), v.number, v.at, None),
        None => FhirResponse::outcome(
            410,
            "not-found",
            &alloc::format!("Resource type '{rtype}' with id '{id}' has been deleted."),
            RuleId::FhirDeletedIsGone,
        ),
    }
}

fn with_version_headers(
    mut r: FhirResponse,
    version: u64,
    at: SimTime,
    location: Option<String>,
) -> FhirResponse {
    if let Some(l) = location {
        r.headers.push(("Location".into(), l));
    }
    r.headers.push(("ETag".into(), etag(version)));
    r.headers.push(("Last-Modified".into(), at.to_iso()));
    r
}

/// The body checks of a create or update; `Ok` is the resource to store.
fn check_body(
    rtype: &str,
    url_id: Option<&str>,
    body: Option<&Value>,
    limits: Limits,
) -> Result<Value, FhirResponse> {
    let Some(body) = body.filter(|b| b.is_object()) else {
        return Err(invalid(
            400,
            "Error occurred when parsing model: 'The body must be a FHIR resource: a JSON object with a resourceType.'.",
        ));
    };
    if body.to_string().len() > limits.body_bytes {
        return Err(FhirResponse::outcome(
            413,
            "too-costly",
            &alloc::format!(
                "The requested resource exceeded the backing database's size limit. (hcsim bound: {} bytes a resource.)",
                limits.body_bytes
            ),
            RuleId::FhirValidResource,
        ));
    }
    match body["resourceType"].as_str() {
        Some(t) if t == rtype => {}
        Some(_) => {
            return Err(invalid(
                400,
                "Resource type in the URL must match resourceType in the resource.",
            ));
        }
        None => {
            return Err(invalid(
                400,
                "Error occurred when parsing model: 'Resource has no resourceType.'.",
            ));
        }
    }
    if let Some(url_id) = url_id {
        match body["id"].as_str() {
            None => return Err(invalid(400, "Id must be specified in the resource.")),
            Some(id) if id != url_id => {
                return Err(invalid(400, "Id in the URL must match id in the resource."));
            }
            Some(_) => {}
        }
    }
    Ok(body.clone())
}

#[allow(clippy::too_many_arguments)]
fn write(
    data: &mut ServiceData,
    base: &str,
    rtype: &str,
    id: &str,
    method: &'static str,
    body: Option<&Value>,
    now: SimTime,
    limits: Limits,
) -> (FhirResponse, Option<Written>) {
    let url_id = (method == "PUT").then_some(id);
    let resource = match check_body(rtype, url_id, body, limits) {
        Ok(r) => r,
        Err(e) => return (e, None),
    };
    let existed = data.entry(rtype, id).is_some_and(|e| !e.is_deleted());
    let Some(v) = data.write(rtype, id, method, Some(resource), now, limits) else {
        return (full(limits), None);
    };
    let status = if existed { 200 } else { 201 };
    let body = v.resource.clone().unwrap_or(Value::Null);
    let location = alloc::format!("{base}/{rtype}/{id}/_history/{}", v.number);
    let written = Written {
        method,
        rtype: rtype.into(),
        id: id.into(),
        version: v.number,
    };
    let (number, at) = (v.number, v.at);
    (
        with_version_headers(FhirResponse::ok(status, body), number, at, Some(location)),
        Some(written),
    )
}

fn full(limits: Limits) -> FhirResponse {
    FhirResponse::outcome(
        507,
        "too-costly",
        &alloc::format!(
            "This FHIR service holds {} resources, hcsim's bound per service; delete some or use another service.",
            limits.resources
        ),
        RuleId::FhirStoreLimits,
    )
}

/// `DELETE /{type}/{id}`: 204 whether it existed or not; a live resource gets a deletion
/// version.
fn delete(
    data: &mut ServiceData,
    rtype: &str,
    id: &str,
    now: SimTime,
    limits: Limits,
) -> (FhirResponse, Option<Written>) {
    let live = data.entry(rtype, id).is_some_and(|e| !e.is_deleted());
    let mut resp = FhirResponse::ok(204, Value::Null);
    if !live {
        return (resp, None);
    }
    let Some(v) = data.write(rtype, id, "DELETE", None, now, limits) else {
        return (full(limits), None);
    };
    resp.headers.push(("ETag".into(), etag(v.number)));
    let written = Written {
        method: "DELETE",
        rtype: rtype.into(),
        id: id.into(),
        version: v.number,
    };
    (resp, Some(written))
}

/// A trimmed CapabilityStatement (assumption: the fields a learner looks at first).
pub fn capability(base: &str) -> Value {
    let resources: Vec<Value> = STORED_TYPES
        .iter()
        .map(|t| {
            json!({
                "type": t,
                "interaction": [{"code": "read"}, {"code": "vread"}, {"code": "update"}, {"code": "delete"}, {"code": "history-instance"}, {"code": "history-type"}, {"code": "create"}, {"code": "search-type"}],
                "versioning": "versioned",
                "updateCreate": true,
            })
        })
        .collect();
    json!({
        "resourceType": "CapabilityStatement",
        "status": "active",
        "kind": "instance",
        "fhirVersion": "4.0.1",
        "format": ["application/fhir+json", "json"],
        "software": {"name": "Microsoft FHIR Server"},
        "implementation": {"url": base},
        "rest": [{"mode": "server", "resource": resources}],
    })
}
