//! Routing: a request's id is parsed, its subscription found, the caller authorized, and the
//! request handed to the handler of its method; every write and rejection becomes an event.

use alloc::string::{String, ToString};
use serde_json::Value;

use crate::error::ArmError;
use crate::events::EventKind;
use crate::id::{ArmPath, shorten};
use crate::request::{Method, Request, Response};
use crate::rules::RuleId;
use crate::world::World;

impl World {
    /// Handles one request end to end, recording an event for every write and rejection.
    pub(crate) fn handle_request(&mut self, req: &Request) -> Response {
        let result = self.route(req);
        match result {
            Ok(resp) => {
                if req.method.is_write() {
                    let principal = req
                        .principal
                        .clone()
                        .unwrap_or_else(|| self.account.acting().to_string());
                    self.emit(EventKind::RequestAccepted {
                        method: req.method.http().into(),
                        id: shorten(&req.path),
                        status: resp.status,
                        principal,
                    });
                }
                resp
            }
            Err(e) => {
                self.emit(EventKind::RequestRejected {
                    method: req.method.http().into(),
                    id: shorten(&req.path),
                    status: e.status,
                    code: e.code.clone(),
                    rule: e.rule,
                });
                Response::err(e)
            }
        }
    }

    fn route(&mut self, req: &Request) -> Result<Response, ArmError> {
        // The sender's typed path, if it gave one and `req.path` is its `request_path()`
        // (checked without building it), is this request's when `round_trips` says that text
        // parses back to it (a hostile name is parsed, to be refused as its text is). Taken first, so no other request
        // ever reads it.
        let hint = self.path_hint.take();
        if let Some(resp) = self.plain_get(req) {
            return Ok(resp);
        }
        let path = match hint
            .filter(|p| p.round_trips(req.path.len()) && p.is_request_path(&req.path))
        {
            Some(p) => {
                debug_assert_eq!(ArmPath::parse(&req.path).as_ref(), Ok(&p));
                p
            }
            None => ArmPath::parse(&req.path)
                .map_err(|e| ArmError::new(400, "InvalidResourceId", e.0, RuleId::ValidRequest))?,
        };
        let principal = self.principal_for(req)?;
        // `/subscriptions` alone parses with no segment: it names no subscription either.
        // The walk along the path finds the subscription (its first level) and is handed to
        // the handlers, whose RBAC check reads the deepest node from it: the tree is not
        // changed in between.
        let walk = if path.segments.is_empty() {
            None
        } else {
            self.store.deepest(&path.segments)
        };
        if walk.is_none() {
            return Err(ArmError::new(
                404,
                "SubscriptionNotFound",
                alloc::format!(
                    "The subscription '{}' could not be found.",
                    shorten(path.subscription())
                ),
                RuleId::ResourceMustExist,
            ));
        }
        self.check_throttle(&path)?;
        self.check_registration(&path)?;
        if let Some(r) = self.route_deployments(&req.method, &path, req.body.as_ref(), &principal) {
            return r;
        }
        match req.method {
            Method::Get => self.get(&path, &principal),
            Method::List => self.list(&path, &principal, Some(walk)),
            Method::Put => {
                let plan =
                    self.validate_put_walked(path, req.body.as_ref(), &principal, Some(walk))?;
                self.check_preconditions(req, plan.existing, plan.kind.is_healthcare())?;
                Ok(self.execute_put(plan, &principal))
            }
            Method::Patch => self.patch(&path, req, &principal),
            Method::Delete => {
                let node = self.validate_delete_walked(&path, &principal, Some(walk))?;
                self.check_preconditions(req, node, false)?;
                Ok(match node {
                    None => Response::ok(204, Value::Null),
                    Some(n) => self.execute_delete(n),
                })
            }
            Method::Post => self.post(&path, req.body.as_ref(), &principal),
        }
    }
    pub(crate) fn not_found(&self, path: &ArmPath) -> ArmError {
        // Name the first missing level, as ARM does.
        if let Some(rg) = path.resource_group() {
            let rg_path = &path.segments[..2];
            if self.store.find_segments(rg_path).is_none() {
                return ArmError::new(
                    404,
                    "ResourceGroupNotFound",
                    alloc::format!("Resource group '{rg}' could not be found."),
                    RuleId::ResourceMustExist,
                );
            }
        }
        // ARM names the resource as its types and names interleaved below the group:
        // `Microsoft.HealthcareApis/workspaces/ws1/fhirservices/fhir1`.
        let mut what = String::new();
        for seg in path.segments.iter().skip(2) {
            if !what.is_empty() {
                what.push('/');
            }
            what.push_str(&seg.type_word);
            what.push('/');
            what.push_str(&seg.name);
        }
        let rg = path.resource_group().unwrap_or("");
        ArmError::new(
            404,
            "ResourceNotFound",
            alloc::format!(
                "The Resource '{what}' under resource group '{rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"
            ),
            RuleId::ResourceMustExist,
        )
        .at(&path.to_string())
    }
}

/// PUT, PATCH and DELETE name one resource, not a collection.
pub(super) fn require_resource(path: &ArmPath, verb: &str) -> Result<(), ArmError> {
    if path.is_resource() {
        return Ok(());
    }
    Err(ArmError::new(
        405,
        "MethodNotAllowed",
        alloc::format!("{verb} needs a resource id, not the collection '{path}'."),
        RuleId::ValidRequest,
    ))
}
