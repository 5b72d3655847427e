//! One request in, one response out: which part of the server answers (control, identity,
//! Graph, ARM), the bearer-token check in front of Graph and ARM, ARM's request-id headers,
//! and the request log. Requests are answered one at a time on the simulator's thread.

use hcsim_core::directory::Principal;
use serde_json::json;

use crate::http::{HttpRequest, HttpResponse};
use crate::reply::arm_error;
use crate::state::Sim;
use crate::token::{TokenError, bearer};

/// Answers `req`; `loopback` says whether the peer is on this machine (the control route
/// answers only then).
pub fn route(sim: &mut Sim, req: &HttpRequest, loopback: bool) -> HttpResponse {
    sim.catch_up();
    let (resp, who) = dispatch(sim, req, loopback);
    let n = sim.served + 1;
    let resp = resp.with("x-ms-request-id", request_id(n)).with(
        "x-ms-correlation-request-id",
        req.header("x-ms-correlation-request-id")
            .map(str::to_string)
            .unwrap_or_else(|| request_id(n)),
    );
    let resp = match req.header("x-ms-client-request-id") {
        Some(c) => resp.with("x-ms-client-request-id", c),
        None => resp,
    };
    let shown_path = hcsim_core::id::shorten(&req.path);
    sim.record(format!("{} {shown_path}", req.method), resp.status, who);
    resp
}

/// A request id in GUID form, from the request's number.
fn request_id(n: u64) -> String {
    format!("00000000-0000-4000-8000-{:012x}", n & 0xffff_ffff_ffff)
}

fn dispatch(sim: &mut Sim, req: &HttpRequest, loopback: bool) -> (HttpResponse, String) {
    let path = req.path.as_str();
    let anon = |r: HttpResponse| (r, "-".to_string());
    if path == "/hcsim" || path.starts_with("/hcsim/") {
        if !loopback {
            return anon(arm_error(
                403,
                "Forbidden",
                "The control route answers only on this machine.",
            ));
        }
        return anon(crate::control::handle(sim, req));
    }
    if let Some(r) = identity_route(sim, req) {
        return anon(r);
    }
    let graph = path.starts_with("/v1.0/") || path == "/v1.0";
    let arm = ["/subscriptions", "/tenants", "/providers"]
        .iter()
        .any(|p| path.len() >= p.len() && path[..p.len()].eq_ignore_ascii_case(p));
    if !graph && !arm {
        return anon(arm_error(
            404,
            "NotFound",
            &format!(
                "hcsim serve has no route '{}': it answers ARM (/subscriptions, /tenants, /providers), the identity endpoints, Microsoft Graph (/v1.0) and its control route (/hcsim).",
                hcsim_core::id::shorten(path)
            ),
        ));
    }
    let caller = match caller(sim, req) {
        Ok(p) => p,
        Err(r) => return anon(r),
    };
    let name = caller.name.clone();
    if graph {
        return (crate::graph::handle(sim, req, &caller), name);
    }
    (crate::arm::handle(sim, req, &caller), name)
}

/// The identity platform routes (no token needed).
fn identity_route(sim: &Sim, req: &HttpRequest) -> Option<HttpResponse> {
    use crate::identity as id;
    let parts: Vec<&str> = req.path.trim_matches('/').split('/').collect();
    Some(match (req.method.as_str(), parts.as_slice()) {
        ("GET", ["metadata", "endpoints"]) => id::metadata(sim),
        ("GET", ["msi", "token"]) => id::managed_identity(sim, req),
        ("GET", ["common" | "organizations", "userrealm", user]) => id::userrealm(sim, user),
        ("GET", [t, "v2.0", ".well-known", "openid-configuration"])
        | ("GET", [t, ".well-known", "openid-configuration"]) => id::openid(sim, t),
        ("POST", [t, "oauth2", "v2.0", "token"]) | ("POST", [t, "oauth2", "token"]) => {
            id::token(sim, t, req)
        }
        ("POST", [t, "oauth2", "v2.0", "devicecode"]) | ("POST", [t, "oauth2", "devicecode"]) => {
            id::devicecode(sim, t)
        }
        ("GET", [_, "discovery", "instance"]) | ("GET", [_, "discovery", "v2.0", "instance"]) => {
            HttpResponse::json(
                200,
                &json!({
                    "tenant_discovery_endpoint": format!("{}/common/v2.0/.well-known/openid-configuration", sim.base),
                    "api-version": "1.1",
                    "metadata": [{"preferred_network": sim.base.trim_start_matches("https://"), "preferred_cache": sim.base.trim_start_matches("https://"), "aliases": [sim.base.trim_start_matches("https://")]}],
                }),
            )
        }
        _ => return None,
    })
}

/// The principal of the request's bearer token, or ARM's 401.
fn caller(sim: &Sim, req: &HttpRequest) -> Result<Principal, HttpResponse> {
    let unauthorized = |code: &str, message: &str| {
        let tid = sim.lab.world().directory().tenant_id.clone();
        arm_error(401, code, message).with(
            "WWW-Authenticate",
            format!(
                "Bearer authorization_uri=\"{}/{tid}\", error=\"invalid_token\", error_description=\"{message}\"",
                sim.base
            ),
        )
    };
    let checked =
        bearer(req.header("authorization")).and_then(|t| sim.tokens.check(t, Sim::unix_now()));
    let claims = match checked {
        Ok(c) => c,
        Err(TokenError::Missing) => {
            return Err(unauthorized(
                "AuthenticationFailed",
                "Authentication failed. The 'Authorization' header is missing.",
            ));
        }
        Err(TokenError::Invalid) => {
            return Err(unauthorized(
                "InvalidAuthenticationToken",
                "The access token is invalid.",
            ));
        }
        Err(TokenError::Expired) => {
            return Err(unauthorized(
                "ExpiredAuthenticationToken",
                "The access token expiry UTC time is earlier than current UTC time.",
            ));
        }
    };
    let oid = claims["oid"].as_str().unwrap_or("");
    sim.lab
        .world()
        .directory()
        .find(oid)
        .filter(|p| p.object_id.eq_ignore_ascii_case(oid))
        .cloned()
        .ok_or_else(|| {
            unauthorized(
                "InvalidAuthenticationToken",
                "The access token is invalid: its principal no longer exists in the tenant.",
            )
        })
}
