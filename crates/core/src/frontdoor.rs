//! The simulated ARM front door: routing, authentication as a principal, throttling, provider
//! registration, RBAC, locks, resource-group checks; then the resource providers' validation,
//! and the operations that complete later in virtual time.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value, json};

use crate::directory::{Principal, PrincipalKind};
use crate::error::ArmError;
use crate::events::EventKind;
use crate::faults::FaultKind;
use crate::id::{ArmPath, Segment, shorten};
use crate::rbac::{Action, find_role};
use crate::request::{Method, Request, Response};
use crate::resource::{ProvisioningState, ResKind, Resource};
use crate::rules::RuleId;
use crate::store::NodeId;
use crate::time::Millis;
use crate::world::{Due, OpKind, OpStatus, Operation, Timing, World, WsName};

/// Prefix of role-assignment keys under a scope node.
pub(crate) const RA_PREFIX: &str = "microsoft.authorization/roleassignments/";
/// The type of the operation-results read route.
const OPERATION_RESULTS: &str = "Microsoft.HealthcareApis/locations/operationresults";
/// Operations remembered (running ones are always kept).
const MAX_OPERATIONS: usize = 4096;
/// The legacy Azure API for FHIR type (kept as a generic resource).
const LEGACY_FHIR: &str = "Microsoft.HealthcareApis/services";
/// Prefix of lock keys under a scope node.
pub(crate) const LOCK_PREFIX: &str = "microsoft.authorization/locks/";

/// What a validated PUT will do.
pub(crate) struct PutPlan {
    pub path: ArmPath,
    pub kind: ResKind,
    pub type_name: String,
    pub parent: Option<NodeId>,
    pub existing: Option<NodeId>,
    pub body: Value,
    pub location: Option<String>,
}

impl World {
    /// Handles one request end to end, recording an event for every write and rejection.
    pub(crate) fn handle_request(&mut self, req: &Request) -> Response {
        let result = self.route(req);
        match result {
            Ok(resp) => {
                if req.method.is_write() {
                    let principal = req.principal.clone().unwrap_or_else(|| self.acting.clone());
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
        let path = ArmPath::parse(&req.path)
            .map_err(|e| ArmError::new(400, "InvalidResourceId", e.0, RuleId::ValidRequest))?;
        let principal = self.principal_for(req)?;
        // `/subscriptions` alone parses with no segment: it names no subscription either.
        let sub = path.segments.first().map(core::slice::from_ref);
        if sub.and_then(|s| self.store.find_segments(s)).is_none() {
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
            Method::List => self.list(&path, &principal),
            Method::Put => {
                let plan = self.validate_put(&path, req.body.as_ref(), &principal)?;
                Ok(self.execute_put(plan, &principal))
            }
            Method::Patch => self.patch(&path, req.body.as_ref(), &principal),
            Method::Delete => {
                let node = self.validate_delete(&path, &principal)?;
                Ok(match node {
                    None => Response::ok(204, Value::Null),
                    Some(n) => self.execute_delete(n),
                })
            }
            Method::Post => self.post(&path, req.body.as_ref(), &principal),
        }
    }

    fn principal_for(&self, req: &Request) -> Result<alloc::rc::Rc<Principal>, ArmError> {
        let name = req.principal.as_deref().unwrap_or(&self.acting);
        self.directory.find_shared(name).cloned().ok_or_else(|| {
            ArmError::new(
                401,
                "InvalidAuthenticationToken",
                alloc::format!(
                    "The access token is invalid: principal '{}' is not in the directory.",
                    shorten(name)
                ),
                RuleId::Rbac,
            )
        })
    }

    fn check_throttle(&mut self, path: &ArmPath) -> Result<(), ArmError> {
        // Most requests meet no fault at all: skip building the strings the match needs.
        if !self
            .faults
            .values()
            .any(|f| f.spec.kind == FaultKind::Throttle)
        {
            return Ok(());
        }
        let id_lower = path.to_string().to_lowercase();
        let type_name = path.resource_type();
        let probs: Vec<u8> = self
            .faults_covering(FaultKind::Throttle, &id_lower, &type_name, None)
            .map(|f| f.probability())
            .collect();
        for p in probs {
            if self.rng.chance_percent(p) {
                return Err(ArmError::new(
                    429,
                    "TooManyRequests",
                    alloc::format!(
                        "Number of requests for subscription '{}' exceeded the limit. Please retry after 30 seconds.",
                        path.subscription()
                    ),
                    RuleId::Throttling,
                ));
            }
        }
        Ok(())
    }

    fn check_registration(&self, path: &ArmPath) -> Result<(), ArmError> {
        // Nothing is unregistered in most sessions: skip the namespace work then.
        if self.unregistered.is_empty() {
            return Ok(());
        }
        let ns = path
            .segments
            .iter()
            .find(|s| s.provider)
            .map(|s| s.type_word.split('/').next().unwrap_or(""))
            .or_else(|| {
                path.collection
                    .as_deref()
                    .filter(|_| path.collection_is_provider)
                    .map(|c| c.split('/').next().unwrap_or(""))
            });
        let Some(ns) = ns else { return Ok(()) };
        // Registering is how one gets registered: those actions pass.
        let is_registration = path.collection.as_deref().map(|c| {
            let c = c.to_lowercase();
            c.ends_with("/register") || c.ends_with("/unregister")
        }) == Some(true);
        if !is_registration && !self.provider_registered(path.subscription(), ns) {
            return Err(ArmError::new(
                409,
                "MissingSubscriptionRegistration",
                alloc::format!(
                    "The subscription is not registered to use namespace '{ns}'. See https://aka.ms/rps-not-found for how to register subscriptions."
                ),
                RuleId::ProviderRegistration,
            ));
        }
        Ok(())
    }

    /// The deepest existing node along a path (the effective scope for RBAC and locks).
    pub(crate) fn deepest_existing(&self, segments: &[Segment]) -> Option<NodeId> {
        let (first, rest) = segments.split_first()?;
        let mut node = self.store.find_segments(core::slice::from_ref(first))?;
        for s in rest {
            match self.store.node(node).and_then(|n| n.children.get(s.key())) {
                Some(c) => node = *c,
                None => break,
            }
        }
        Some(node)
    }

    /// True if `principal` holds a role allowing `action` at `node` or above (rule `rbac`).
    pub(crate) fn permits(&self, principal: &Principal, node: NodeId, action: Action) -> bool {
        self.store.ancestors(node).any(|scope| {
            self.store.children_with_prefix(scope, RA_PREFIX).any(|ra| {
                let Some(r) = self.store.res(ra) else {
                    return false;
                };
                let props = &r.body["properties"];
                props["principalId"]
                    .as_str()
                    .map(|p| p.eq_ignore_ascii_case(&principal.object_id))
                    == Some(true)
                    && props["roleDefinitionId"]
                        .as_str()
                        .and_then(find_role)
                        .map(|role| role.allows.contains(&action))
                        == Some(true)
            })
        })
    }

    pub(crate) fn authorize(
        &self,
        principal: &Principal,
        path: &ArmPath,
        action: Action,
    ) -> Result<(), ArmError> {
        let Some(scope) = self.deepest_existing(&path.segments) else {
            return Ok(());
        };
        if self.permits(principal, scope, action) {
            return Ok(());
        }
        let type_name = path
            .collection_type()
            .unwrap_or_else(|| path.resource_type());
        Err(ArmError::new(
            403,
            "AuthorizationFailed",
            alloc::format!(
                "The client '{}' with object id '{}' does not have authorization to perform action '{}/{}' over scope '{}' or the scope is invalid. If access was recently granted, please refresh your credentials.",
                principal.name,
                principal.object_id,
                type_name,
                action.verb(),
                path
            ),
            RuleId::Rbac,
        ))
    }

    /// Locks at `node` or above (and, for a group delete, below) that block `method`.
    pub(crate) fn check_locks(
        &self,
        node: NodeId,
        method: &Method,
        include_subtree: bool,
    ) -> Result<(), ArmError> {
        let mut scopes = self.store.ancestors_inclusive(node);
        if include_subtree {
            scopes.extend(self.store.pre_order(node).into_iter().skip(1));
        }
        for scope in scopes {
            for l in self.store.children_with_prefix(scope, LOCK_PREFIX) {
                let Some(lock) = self.store.res(l) else {
                    continue;
                };
                let level = lock.body["properties"]["level"]
                    .as_str()
                    .unwrap_or("CanNotDelete");
                let blocks =
                    level.eq_ignore_ascii_case("ReadOnly") || matches!(method, Method::Delete);
                if blocks {
                    let scope_id = self
                        .store
                        .res(scope)
                        .map(|r| r.id.clone())
                        .unwrap_or_default();
                    let op = if matches!(method, Method::Delete) {
                        "delete"
                    } else {
                        "write"
                    };
                    let target = self
                        .store
                        .res(node)
                        .map(|r| r.id.clone())
                        .unwrap_or_default();
                    return Err(ArmError::new(
                        409,
                        "ScopeLocked",
                        alloc::format!(
                            "The scope '{target}' cannot perform {op} operation because following scope(s) are locked: '{scope_id}'. Please remove the lock ({}, level {level}) and try again.",
                            lock.name
                        ),
                        RuleId::ScopeLock,
                    ));
                }
            }
        }
        Ok(())
    }

    fn action_for(type_name: &str, method: &Method) -> Action {
        let auth = ResKind::of(type_name);
        match method {
            Method::Get | Method::List => Action::Read,
            _ if matches!(auth, ResKind::RoleAssignment | ResKind::Lock) => Action::Authorization,
            Method::Delete => Action::Delete,
            _ => Action::Write,
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

    // ----- GET / LIST ------------------------------------------------------------------

    fn get(&self, path: &ArmPath, principal: &Principal) -> Result<Response, ArmError> {
        if !path.is_resource() {
            return self.list(path, principal);
        }
        self.authorize(principal, path, Action::Read)?;
        if path.segments.len() == 3 && path.resource_type().eq_ignore_ascii_case(OPERATION_RESULTS)
        {
            return self.operation_result(path);
        }
        match self.store.find(path) {
            Some(n) => Ok(Response::ok(200, self.view_node(n))),
            None => Err(self.not_found(path)),
        }
    }

    /// `GET /subscriptions/{s}/providers/Microsoft.HealthcareApis/locations/{l}/operationresults/{id}`:
    /// the status of a long-running operation (its number, as `Response::operation` gives it).
    fn operation_result(&self, path: &ArmPath) -> Result<Response, ArmError> {
        let op = path
            .name()
            .parse::<u64>()
            .ok()
            .and_then(|id| self.ops.get(&id));
        let Some(op) = op else {
            return Err(ArmError::new(
                404,
                "OperationNotFound",
                alloc::format!(
                    "There is no operation '{}' (operation results are kept for recent operations).",
                    shorten(path.name())
                ),
                RuleId::ResourceMustExist,
            ));
        };
        let status = match op.status {
            OpStatus::Running => "Running",
            OpStatus::Succeeded => "Succeeded",
            OpStatus::Failed => "Failed",
            OpStatus::Canceled => "Canceled",
        };
        let name = op.target.rsplit('/').next().unwrap_or("");
        let mut body = json!({
            "id": path.to_string(),
            "name": name,
            "status": status,
            "startTime": op.started.to_iso(),
            "properties": {},
        });
        if op.status != OpStatus::Running {
            body["endTime"] = Value::String(op.due.to_iso());
        }
        if let Some(e) = &op.error {
            body["error"] = json!({"code": e.code, "message": e.message});
        }
        Ok(Response::ok(200, body))
    }

    fn list(&self, path: &ArmPath, principal: &Principal) -> Result<Response, ArmError> {
        let Some(coll) = path.collection.clone() else {
            return Err(ArmError::new(
                400,
                "InvalidRequestUri",
                alloc::format!("'{path}' names a resource, not a collection; use GET."),
                RuleId::ValidRequest,
            ));
        };
        self.authorize(principal, path, Action::Read)?;
        let parent = self.store.find(path).ok_or_else(|| self.not_found(path))?;
        let coll_lower = coll.to_lowercase();
        let mut items: Vec<NodeId> = Vec::new();
        let is_sub = path.segments.len() == 1;
        let is_authz = coll_lower == "microsoft.authorization/roleassignments"
            || coll_lower == "microsoft.authorization/locks";
        if coll_lower == "resources" {
            items = self.store.pre_order(parent).into_iter().skip(1).collect();
        } else if is_authz {
            let prefix = alloc::format!("{coll_lower}/");
            let mut scopes = self.store.ancestors_inclusive(parent);
            scopes.reverse();
            scopes.extend(self.store.pre_order(parent).into_iter().skip(1));
            for s in scopes {
                items.extend(self.store.children_with_prefix(s, &prefix));
            }
        } else if is_sub && path.collection_is_provider {
            // Subscription-wide list: every group's children of that type.
            let prefix = alloc::format!("{coll_lower}/");
            for rg in self
                .store
                .children_with_prefix(parent, "resourcegroups/")
                .collect::<Vec<_>>()
            {
                items.extend(self.store.children_with_prefix(rg, &prefix));
            }
        } else {
            let prefix = alloc::format!("{coll_lower}/");
            items.extend(self.store.children_with_prefix(parent, &prefix));
        }
        let value: Vec<Value> = items.into_iter().map(|n| self.view_node(n)).collect();
        Ok(Response::ok(200, json!({ "value": value })))
    }

    // ----- PUT -------------------------------------------------------------------------

    /// Checks a PUT without changing anything (used by the request path and by
    /// "what can be done now" queries).
    pub(crate) fn validate_put(
        &self,
        path: &ArmPath,
        body: Option<&Value>,
        principal: &Principal,
    ) -> Result<PutPlan, ArmError> {
        require_resource(path, "PUT")?;
        let type_name_raw = path.resource_type();
        let kind = ResKind::of(&type_name_raw);
        let type_name = kind
            .canonical_type()
            .map(ToString::to_string)
            .unwrap_or(type_name_raw);
        if kind == ResKind::Subscription {
            return Err(ArmError::new(405, "MethodNotAllowed", "Subscriptions cannot be created through ARM requests here; they come from the tenant.".into(), RuleId::ValidRequest));
        }
        let body = match body {
            Some(Value::Object(_)) => body.cloned().unwrap_or(Value::Null),
            None => json!({}),
            Some(_) => {
                return Err(ArmError::new(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: the body must be a JSON object.".into(), RuleId::ValidRequest));
            }
        };
        self.authorize(principal, path, Self::action_for(&type_name, &Method::Put))?;
        let existing = self.store.find(path);
        // Locks: on the target if it exists, else on the deepest existing scope.
        if !matches!(kind, ResKind::Lock)
            && let Some(scope) = existing.or_else(|| self.deepest_existing(&path.segments))
        {
            self.check_locks(scope, &Method::Put, false)?;
        }
        let parent_path = path.parent();
        let parent = match &parent_path {
            Some(pp) => Some(self.check_parent(path, pp, kind)?),
            None => None,
        };
        if let Some(n) = existing {
            let res = self.store.res(n).ok_or_else(|| self.not_found(path))?;
            if res.state.is_busy() {
                return Err(busy(&res.id, res.state));
            }
        }
        let mut plan = PutPlan {
            path: path.clone(),
            kind,
            type_name,
            parent,
            existing,
            body,
            location: None,
        };
        self.validate_provider(&mut plan)?;
        self.check_region_up(plan.location.as_deref())?;
        Ok(plan)
    }

    /// Writes to a resource in a region that is down get 503 (rule `service-availability`).
    pub(crate) fn check_region_up(&self, location: Option<&str>) -> Result<(), ArmError> {
        match self.region_down(location) {
            None => Ok(()),
            Some(f) => Err(ArmError::new(
                503,
                "ServiceUnavailable",
                alloc::format!(
                    "The region '{}' is unavailable (fault #{} until {}): the request could not be processed. Retry after the region recovers.",
                    location.unwrap_or(""),
                    f.id,
                    f.ends
                ),
                RuleId::ServiceAvailability,
            )),
        }
    }

    /// Parent checks: group exists and is not being deleted; nested parents exist and are ready.
    fn check_parent(
        &self,
        path: &ArmPath,
        parent: &ArmPath,
        kind: ResKind,
    ) -> Result<NodeId, ArmError> {
        if let Some(rg) = path.resource_group().filter(|_| path.segments.len() > 2) {
            let rg_node = self
                .store
                .find_segments(&path.segments[..2])
                .ok_or_else(|| {
                    ArmError::new(
                        404,
                        "ResourceGroupNotFound",
                        alloc::format!("Resource group '{rg}' could not be found."),
                        RuleId::ResourceMustExist,
                    )
                })?;
            if path.segments.len() > 2
                && let Some(r) = self.store.res(rg_node)
                && r.state == ProvisioningState::Deleting
            {
                return Err(ArmError::new(
                    409,
                    "ResourceGroupBeingDeleted",
                    alloc::format!(
                        "The resource group '{rg}' is in deprovisioning state and cannot perform this operation."
                    ),
                    RuleId::ResourceGroupBeingDeleted,
                ));
            }
        }
        let node = match self.store.find(parent) {
            Some(n) => n,
            None => {
                // Rule workspace-first is about the workspace; a missing IoT connector under
                // a destination is a plain missing resource.
                let rule = if ResKind::of(&parent.resource_type()) == ResKind::Workspace {
                    RuleId::WorkspaceFirst
                } else {
                    RuleId::ResourceMustExist
                };
                let type_name = path.resource_type();
                let short = type_name
                    .split_once('/')
                    .map(|(_, t)| t)
                    .unwrap_or(&type_name);
                return Err(ArmError::new(
                    404,
                    "ParentResourceNotFound",
                    alloc::format!("Failed to perform 'write' on resource(s) of type '{short}', because the parent resource '{parent}' could not be found."),
                    rule,
                )
                .at(&parent.to_string()));
            }
        };
        let pres = self.store.res(node).ok_or_else(|| self.not_found(parent))?;
        let is_scope = matches!(pres.kind, ResKind::Subscription | ResKind::ResourceGroup);
        if !is_scope && !matches!(kind, ResKind::RoleAssignment | ResKind::Lock) {
            if pres.state.is_busy() {
                let rule = if pres.kind == ResKind::Workspace
                    && pres.state != ProvisioningState::Deleting
                {
                    RuleId::WorkspaceFirst
                } else {
                    RuleId::BusyResource
                };
                let mut e = busy(&pres.id, pres.state);
                e.rule = Some(rule);
                e.message = alloc::format!(
                    "The parent resource '{}' is {} ; a {} can be created in it only once it is Succeeded.",
                    pres.id,
                    pres.state.as_str(),
                    kind.label()
                );
                return Err(e);
            }
            if pres.state == ProvisioningState::Failed {
                return Err(ArmError::new(
                    409,
                    "ParentResourceNotReady",
                    alloc::format!(
                        "The parent resource '{}' is in Failed state; repair it (update or delete and re-create) before creating a {} in it.",
                        pres.id,
                        kind.label()
                    ),
                    if pres.kind == ResKind::Workspace {
                        RuleId::WorkspaceFirst
                    } else {
                        RuleId::ResourceMustExist
                    },
                ));
            }
        }
        Ok(node)
    }

    pub(crate) fn execute_put(&mut self, plan: PutPlan, principal: &Principal) -> Response {
        match plan.existing {
            Some(n) => self.update(n, plan),
            None => self.create(plan, principal),
        }
    }

    fn canonical_id(path: &ArmPath, kind: ResKind) -> String {
        let mut p = path.clone();
        if let Some(canon) = kind.canonical_type() {
            // Rewrite the type words of the last segment to the canonical spelling.
            let words: Vec<&str> = canon.split('/').collect();
            if let Some(last) = p.segments.last_mut() {
                if last.provider && words.len() == 2 {
                    last.type_word = canon.into();
                } else if !last.provider
                    && let Some(w) = words.last()
                    && last.type_word.eq_ignore_ascii_case(w)
                {
                    last.type_word = (*w).into();
                }
            }
        }
        p.to_string()
    }

    fn create(&mut self, plan: PutPlan, principal: &Principal) -> Response {
        let id = Self::canonical_id(&plan.path, plan.kind);
        let name = plan.path.name().to_string();
        let sync = plan.kind.is_synchronous() || plan.kind == ResKind::ResourceGroup;
        let mut body = plan.body;
        let obj = body
            .as_object_mut()
            .map(core::mem::take)
            .unwrap_or_default();
        let mut out = Map::new();
        out.insert("id".into(), Value::String(id.clone()));
        out.insert("name".into(), Value::String(name.clone()));
        out.insert("type".into(), Value::String(plan.type_name.clone()));
        for (k, v) in obj {
            if !matches!(k.as_str(), "id" | "name" | "type") {
                out.insert(k, v);
            }
        }
        if let Some(loc) = &plan.location {
            out.insert("location".into(), Value::String(loc.clone()));
        }
        if !out.get("properties").is_some_and(Value::is_object) {
            out.insert("properties".into(), json!({}));
        }
        let state = if sync {
            ProvisioningState::Succeeded
        } else {
            ProvisioningState::Creating
        };
        let mut res = Resource {
            id: id.clone(),
            name,
            type_name: plan.type_name.clone(),
            kind: plan.kind,
            location: plan.location.clone(),
            state,
            body: Value::Object(out),
            created_at: self.now,
            created_by: principal.name.clone(),
            settings: Default::default(),
        };
        res.set_state(state);
        self.decorate_new(&mut res, principal);
        let key = plan
            .path
            .segments
            .last()
            .map(|s| s.key().to_string())
            .unwrap_or_default();
        let node = self.store.insert(plan.parent, key, res);
        self.index_insert(node);
        self.emit(EventKind::ResourceCreated {
            id: id.clone(),
            resource_type: plan.type_name.clone(),
            location: plan.location.clone(),
        });
        if sync {
            self.on_succeeded(node);
            let status = 201;
            return Response::ok(status, self.view_node(node));
        }
        let op = self.start_operation(OpKind::Create, &id, plan.kind, plan.location.as_deref());
        Response::started(201, self.view_node(node), op)
    }

    fn update(&mut self, node: NodeId, plan: PutPlan) -> Response {
        let sync = plan.kind.is_synchronous() || plan.kind == ResKind::ResourceGroup;
        let Some(res) = self.store.node_mut(node).map(|n| &mut n.res) else {
            return Response::err(ArmError::new(
                404,
                "ResourceNotFound",
                "The resource vanished.".into(),
                RuleId::ResourceMustExist,
            ));
        };
        let id = res.id.clone();
        if let Value::Object(new) = plan.body
            && let Value::Object(cur) = &mut res.body
        {
            for (k, v) in new {
                if !matches!(
                    k.as_str(),
                    "id" | "name" | "type" | "location" | "systemData" | "etag"
                ) {
                    cur.insert(k, v);
                }
            }
            if !cur.get("properties").is_some_and(Value::is_object) {
                cur.insert("properties".into(), json!({}));
            }
        }
        // A PUT replaces `identity`/`properties`: keep the managed identity's principal.
        self.refresh_identity(node);
        let Some(res) = self.store.node_mut(node).map(|n| &mut n.res) else {
            return Response::err(self.not_found(&plan.path));
        };
        if sync {
            res.set_state(ProvisioningState::Succeeded);
            self.on_succeeded(node);
            return Response::ok(200, self.view_node(node));
        }
        let from = res.state;
        res.set_state(ProvisioningState::Updating);
        self.emit(EventKind::ProvisioningStateChanged {
            id: id.clone(),
            from: from.as_str().into(),
            to: "Updating".into(),
        });
        let op = self.start_operation(OpKind::Update, &id, plan.kind, plan.location.as_deref());
        Response::started(200, self.view_node(node), op)
    }

    // ----- PATCH -----------------------------------------------------------------------

    fn patch(
        &mut self,
        path: &ArmPath,
        body: Option<&Value>,
        principal: &Principal,
    ) -> Result<Response, ArmError> {
        require_resource(path, "PATCH")?;
        let kind = ResKind::of(&path.resource_type());
        self.authorize(
            principal,
            path,
            Self::action_for(&path.resource_type(), &Method::Patch),
        )?;
        let node = self.store.find(path).ok_or_else(|| self.not_found(path))?;
        self.check_locks(node, &Method::Patch, false)?;
        if kind == ResKind::FhirDestination {
            return Err(ArmError::new(405, "MethodNotAllowed", "FHIR destinations have no PATCH in API 2024-03-31; send a PUT with the whole destination (az … fhir-destination update does this).".into(), RuleId::ValidRequest));
        }
        let body = match body {
            Some(Value::Object(m)) => m.clone(),
            None => Map::new(),
            Some(_) => {
                return Err(ArmError::new(
                    400,
                    "InvalidRequestContent",
                    "The PATCH body must be a JSON object.".into(),
                    RuleId::ValidRequest,
                ));
            }
        };
        {
            let res = self.store.res(node).ok_or_else(|| self.not_found(path))?;
            if res.state.is_busy() {
                return Err(busy(&res.id, res.state));
            }
            if res.kind != ResKind::ResourceGroup {
                self.check_region_up(res.location.as_deref())?;
            }
        }
        if let Some(tags) = body.get("tags") {
            validate_tags(tags)?;
        }
        if let Some(identity) = body.get("identity") {
            crate::providers::validate_identity(identity)?;
        }
        let settings = match body.get(crate::providers::SETTINGS_KEY) {
            Some(s) if kind == ResKind::Workspace => Some(self.validate_settings(node, s)?),
            Some(_) => {
                return Err(ArmError::new(
                    400,
                    "InvalidRequestContent",
                    alloc::format!(
                        "'{}' (an hcsim extension) applies to workspaces only.",
                        crate::providers::SETTINGS_KEY
                    ),
                    RuleId::SettingsApplyToAllChildren,
                ));
            }
            None => None,
        };
        let allowed_props = matches!(
            kind,
            ResKind::Generic
                | ResKind::ResourceGroup
                | ResKind::Key
                | ResKind::KeyVault
                | ResKind::PrivateEndpointConnection
        );
        let Some(res) = self.store.node_mut(node).map(|n| &mut n.res) else {
            return Err(self.not_found(path));
        };
        for (k, v) in &body {
            match k.as_str() {
                "tags" | "identity" => {
                    if let Value::Object(cur) = &mut res.body {
                        cur.insert(k.clone(), v.clone());
                    }
                }
                "properties" if allowed_props => {
                    if let (Some(cur), Value::Object(new)) = (
                        res.body
                            .get_mut("properties")
                            .and_then(Value::as_object_mut),
                        v,
                    ) {
                        for (pk, pv) in new {
                            if pk != "provisioningState" {
                                cur.insert(pk.clone(), pv.clone());
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        if let Some(s) = settings {
            res.settings = s;
        }
        self.refresh_identity(node);
        Ok(Response::ok(200, self.view_node(node)))
    }

    // ----- DELETE ----------------------------------------------------------------------

    /// Checks a DELETE without changing anything; `Ok(None)` means "nothing there" (204).
    pub(crate) fn validate_delete(
        &self,
        path: &ArmPath,
        principal: &Principal,
    ) -> Result<Option<NodeId>, ArmError> {
        require_resource(path, "DELETE")?;
        let type_name = path.resource_type();
        let kind = ResKind::of(&type_name);
        if kind == ResKind::Subscription {
            return Err(ArmError::new(
                405,
                "MethodNotAllowed",
                "Subscriptions cannot be deleted from the simulator.".into(),
                RuleId::ValidRequest,
            ));
        }
        self.authorize(
            principal,
            path,
            Self::action_for(&type_name, &Method::Delete),
        )?;
        let Some(node) = self.store.find(path) else {
            if let Some(rg) = path.resource_group()
                && path.segments.len() > 2
                && self.store.find_segments(&path.segments[..2]).is_none()
            {
                return Err(ArmError::new(
                    404,
                    "ResourceGroupNotFound",
                    alloc::format!("Resource group '{rg}' could not be found."),
                    RuleId::ResourceMustExist,
                ));
            }
            return Ok(None);
        };
        let res = self.store.res(node).ok_or_else(|| self.not_found(path))?;
        if kind != ResKind::Lock {
            self.check_locks(node, &Method::Delete, kind == ResKind::ResourceGroup)?;
        }
        if kind != ResKind::ResourceGroup {
            self.check_region_up(res.location.as_deref())?;
        }
        if res.state.is_busy() && res.state != ProvisioningState::Deleting {
            return Err(busy(&res.id, res.state));
        }
        if kind == ResKind::Workspace {
            let services: Vec<String> = self
                .store
                .node(node)
                .map(|n| {
                    n.children
                        .values()
                        .filter_map(|c| self.store.res(*c))
                        .filter(|r| r.kind.is_workspace_service())
                        .map(|r| r.id.clone())
                        .collect()
                })
                .unwrap_or_default();
            if !services.is_empty() {
                return Err(ArmError::new(
                    409,
                    "CannotDeleteResource",
                    alloc::format!(
                        "Cannot delete resource while nested resources exist. Some existing nested resource IDs include: '{}'. Please delete all nested resources before deleting this resource.",
                        services.iter().take(3).cloned().collect::<Vec<_>>().join("', '")
                    ),
                    RuleId::WorkspaceDeleteRequiresEmpty,
                )
                .at(&res.id));
            }
        }
        Ok(Some(node))
    }

    fn execute_delete(&mut self, node: NodeId) -> Response {
        let Some(res) = self.store.res(node) else {
            return Response::ok(204, Value::Null);
        };
        let (id, kind, location, state) =
            (res.id.clone(), res.kind, res.location.clone(), res.state);
        if state == ProvisioningState::Deleting {
            // Already going: ARM answers 202 again.
            return Response::ok(202, Value::Null);
        }
        if kind.is_synchronous() {
            self.remove_node(node, None);
            return Response::ok(200, Value::Null);
        }
        let subtree = self.store.pre_order(node);
        for n in &subtree {
            self.set_state(*n, ProvisioningState::Deleting);
        }
        let op_kind = if kind == ResKind::ResourceGroup {
            OpKind::DeleteGroup
        } else {
            OpKind::Delete
        };
        let op = self.start_operation_sized(op_kind, &id, kind, location.as_deref(), subtree.len());
        Response::started(202, Value::Null, op)
    }

    // ----- POST actions ----------------------------------------------------------------

    fn post(
        &mut self,
        path: &ArmPath,
        body: Option<&Value>,
        principal: &Principal,
    ) -> Result<Response, ArmError> {
        let action = path.collection.clone().unwrap_or_default();
        let action_lower = action.to_lowercase();
        if path.segments.len() == 1 && path.collection_is_provider {
            let ns = action.split('/').next().unwrap_or("").to_string();
            if action_lower.ends_with("/register") || action_lower.ends_with("/unregister") {
                self.authorize(principal, path, Action::Write)?;
                let key = (path.subscription().to_lowercase(), ns.to_lowercase());
                let registering = action_lower.ends_with("/register");
                if registering {
                    self.unregistered.remove(&key);
                } else {
                    self.unregistered.insert(key, ());
                }
                let state = if registering {
                    "Registered"
                } else {
                    "Unregistered"
                };
                return Ok(Response::ok(
                    200,
                    json!({"namespace": ns, "registrationState": state}),
                ));
            }
            if action_lower.ends_with("/checknameavailability") {
                return Ok(Response::ok(200, self.check_name_availability(body)));
            }
        }
        if path.segments.len() == 2 && action_lower == "moveresources" {
            return self.move_resources(path, body, principal);
        }
        Err(ArmError::new(
            400,
            "InvalidAction",
            alloc::format!(
                "The action '{}' on '{}' is not supported by hcsim.",
                shorten(&action),
                path.segments
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect::<Vec<_>>()
                    .join("/")
            ),
            RuleId::ValidRequest,
        ))
    }

    fn check_name_availability(&self, body: Option<&Value>) -> Value {
        let name = body
            .and_then(|b| b.get("name"))
            .and_then(Value::as_str)
            .unwrap_or("");
        let type_name = body
            .and_then(|b| b.get("type"))
            .and_then(Value::as_str)
            .unwrap_or("");
        let lower = name.to_lowercase();
        if type_name.eq_ignore_ascii_case("Microsoft.HealthcareApis/services") {
            // Azure API for FHIR (legacy, stored as a generic resource): names are
            // case-insensitive and its URL is https://{name}.azurehealthcareapis.com.
            if crate::providers::check_service_name(&lower).is_err() {
                return json!({"nameAvailable": false, "reason": "Invalid", "message": "Name must be 3-24 letters, digits or inner hyphens."});
            }
            let taken = self.legacy_fhir_names.contains_key(&lower);
            return if taken {
                json!({"nameAvailable": false, "reason": "AlreadyExists", "message": "Service name is not available."})
            } else {
                json!({"nameAvailable": true})
            };
        }
        // Workspace names are global (they start every service URL); a service's own name is
        // unique only together with its workspace's, which the create request checks.
        let taken = self.ws_names.get(&lower).is_some_and(|w| w.live);
        if crate::providers::check_service_name(name).is_err()
            && crate::providers::check_workspace_name(name).is_err()
        {
            return json!({"nameAvailable": false, "reason": "Invalid", "message": "Name must be 3-24 lowercase letters, digits or inner hyphens."});
        }
        if taken {
            json!({"nameAvailable": false, "reason": "AlreadyExists", "message": "Service name is not available."})
        } else {
            json!({"nameAvailable": true})
        }
    }

    fn move_resources(
        &mut self,
        path: &ArmPath,
        body: Option<&Value>,
        principal: &Principal,
    ) -> Result<Response, ArmError> {
        let ids: Vec<String> = body
            .and_then(|b| b.get("resources"))
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(ToString::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let target = body
            .and_then(|b| b.get("targetResourceGroup"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let target_path = ArmPath::parse(&target).map_err(|e| {
            ArmError::new(400, "InvalidTargetResourceGroup", e.0, RuleId::ValidRequest)
        })?;
        if ResKind::of(&target_path.resource_type()) != ResKind::ResourceGroup {
            return Err(ArmError::new(
                400,
                "InvalidTargetResourceGroup",
                "targetResourceGroup must be a resource group id.".into(),
                RuleId::ValidRequest,
            ));
        }
        let target_node = self
            .store
            .find(&target_path)
            .ok_or_else(|| self.not_found(&target_path))?;
        if ids.is_empty() {
            return Err(ArmError::new(
                400,
                "InvalidRequestContent",
                "moveResources needs a non-empty 'resources' list.".into(),
                RuleId::ValidRequest,
            ));
        }
        self.authorize(principal, path, Action::Write)?;
        self.authorize(principal, &target_path, Action::Write)?;
        let mut nodes = Vec::new();
        for id in &ids {
            let p = ArmPath::parse(id)
                .map_err(|e| ArmError::new(400, "InvalidResourceId", e.0, RuleId::ValidRequest))?;
            let n = self.store.find(&p).ok_or_else(|| self.not_found(&p))?;
            let r = self.store.res(n).ok_or_else(|| self.not_found(&p))?;
            if p.segments.len() != 3 {
                return Err(ArmError::new(
                    400,
                    "ResourceMoveNotSupported",
                    alloc::format!(
                        "'{}' is a {} inside its workspace: it can never move to another workspace or group on its own. Move the whole workspace instead.",
                        r.id,
                        r.kind.label()
                    ),
                    if r.kind.is_healthcare() {
                        RuleId::ChildCannotMove
                    } else {
                        RuleId::ValidRequest
                    },
                ));
            }
            if p.resource_group().map(str::to_lowercase)
                != path.resource_group().map(str::to_lowercase)
            {
                return Err(ArmError::new(
                    400,
                    "ResourceMoveValidationFailed",
                    alloc::format!("'{}' is not in the source resource group.", r.id),
                    RuleId::ValidRequest,
                ));
            }
            if r.state.is_busy() {
                return Err(busy(&r.id, r.state));
            }
            if r.kind == ResKind::Workspace && self.private_link_connection(n).is_some() {
                return Err(ArmError::new(
                    400,
                    "ResourceMoveNotSupported",
                    alloc::format!(
                        "The workspace '{}' has private link enabled; neither private link nor the workspace can be moved while it is.",
                        r.id
                    ),
                    RuleId::SettingsApplyToAllChildren,
                ));
            }
            self.check_locks(n, &Method::Delete, true)?;
            nodes.push((n, p));
        }
        if target_path.subscription().to_lowercase() != path.subscription().to_lowercase() {
            return Err(ArmError::new(
                400,
                "ResourceMoveNotSupported",
                "hcsim moves resources between groups of the same subscription only.".into(),
                RuleId::ValidRequest,
            ));
        }
        let target_rg = target_path.name().to_string();
        for (n, p) in nodes {
            let key = p
                .segments
                .last()
                .map(|s| s.key().to_string())
                .unwrap_or_default();
            if self
                .store
                .node(target_node)
                .is_some_and(|t| t.children.contains_key(&key))
            {
                return Err(ArmError::new(
                    409,
                    "Conflict",
                    alloc::format!(
                        "A resource named '{}' already exists in the target group.",
                        p.name()
                    ),
                    RuleId::ValidRequest,
                ));
            }
            self.store.reparent(n, target_node, key);
            // Rewrite ids below the moved node; the region never changes (region-immutable).
            let old_prefix = crate::id::build::resource_group(
                p.subscription(),
                p.resource_group().unwrap_or(""),
            );
            let new_prefix =
                crate::id::build::resource_group(target_path.subscription(), &target_rg);
            for d in self.store.pre_order(n) {
                if let Some(node) = self.store.node_mut(d) {
                    let r = &mut node.res;
                    // `get` (not slicing): a prefix length inside a multi-byte character of a
                    // hostile name must not panic.
                    let rest =
                        r.id.get(..old_prefix.len())
                            .filter(|head| head.eq_ignore_ascii_case(&old_prefix))
                            .and_then(|_| r.id.get(old_prefix.len()..))
                            .map(ToString::to_string);
                    if let Some(rest) = rest {
                        r.id = alloc::format!("{new_prefix}{rest}");
                        if let Value::Object(m) = &mut r.body {
                            m.insert("id".into(), Value::String(r.id.clone()));
                        }
                    }
                }
            }
        }
        Ok(Response::ok(202, Value::Null))
    }

    // ----- operations ------------------------------------------------------------------

    fn start_operation(
        &mut self,
        kind: OpKind,
        id: &str,
        res_kind: ResKind,
        location: Option<&str>,
    ) -> u64 {
        self.start_operation_sized(kind, id, res_kind, location, 1)
    }

    fn start_operation_sized(
        &mut self,
        kind: OpKind,
        id: &str,
        res_kind: ResKind,
        location: Option<&str>,
        size: usize,
    ) -> u64 {
        let duration = self.duration_for(kind, id, res_kind, location, size);
        let op = self.next_op;
        self.next_op += 1;
        let due = self.now + duration;
        self.ops.insert(
            op,
            Operation {
                id: op,
                kind,
                target: id.into(),
                started: self.now,
                due,
                status: OpStatus::Running,
                error: None,
            },
        );
        self.schedule(due, Due::Op(op));
        op
    }

    /// How long an operation takes: realistic base durations with ±20 % seeded jitter,
    /// stretched by slow-provisioning and zone-down faults; zero in instant timing.
    fn duration_for(
        &mut self,
        kind: OpKind,
        id: &str,
        res_kind: ResKind,
        location: Option<&str>,
        size: usize,
    ) -> Millis {
        if self.timing == Timing::Instant {
            return Millis::ZERO;
        }
        let create = match res_kind {
            ResKind::Workspace => Millis::secs(45),
            ResKind::Fhir => Millis::mins(6),
            ResKind::Dicom => Millis::mins(5),
            ResKind::Iot => Millis::mins(4),
            ResKind::FhirDestination => Millis::secs(90),
            ResKind::PrivateEndpoint => Millis::secs(90),
            ResKind::VirtualNetwork => Millis::secs(15),
            ResKind::KeyVault => Millis::secs(40),
            ResKind::EventHubNamespace => Millis::mins(2),
            _ => Millis::secs(20),
        };
        let base = match kind {
            OpKind::Create => create,
            OpKind::Update => create.scale(1, 2),
            OpKind::Delete => create.scale(2, 3),
            OpKind::DeleteGroup => {
                Millis(Millis::secs(20).0 + Millis::secs(15).0.saturating_mul(size as u64))
                    .min(Millis::hours(1))
            }
        };
        let jitter = 80 + self.rng.below(41);
        let mut d = base.scale(jitter, 100);
        let id_lower = id.to_lowercase();
        let type_name = res_kind.canonical_type().unwrap_or("");
        if self
            .faults_covering(FaultKind::SlowProvisioning, &id_lower, type_name, location)
            .next()
            .is_some()
        {
            d = d.scale(5, 1);
        }
        if location.is_some()
            && self
                .faults_covering(FaultKind::ZoneDown, &id_lower, type_name, location)
                .next()
                .is_some()
        {
            d = d.scale(2, 1);
        }
        d
    }

    pub(crate) fn complete_operation(&mut self, op: u64) {
        let Some(o) = self.ops.get(&op).cloned() else {
            return;
        };
        if o.status != OpStatus::Running {
            return;
        }
        let node = self.find_node(&o.target);
        let Some(node) = node else {
            self.finish_op(op, OpStatus::Canceled, None);
            return;
        };
        match o.kind {
            OpKind::Create | OpKind::Update => {
                let (state, location, type_name, id) = match self.store.res(node) {
                    Some(r) => (
                        r.state,
                        r.location.clone(),
                        r.type_name.clone(),
                        r.id.clone(),
                    ),
                    None => return,
                };
                if !matches!(
                    state,
                    ProvisioningState::Creating
                        | ProvisioningState::Updating
                        | ProvisioningState::Accepted
                ) {
                    self.finish_op(op, OpStatus::Canceled, None);
                    return;
                }
                if let Some(err) =
                    self.provisioning_failure(node, &id, &type_name, location.as_deref())
                {
                    self.set_state(node, ProvisioningState::Failed);
                    self.emit(EventKind::OperationFailed {
                        id: id.clone(),
                        code: err.code.clone(),
                        message: err.message.clone(),
                    });
                    self.finish_op(op, OpStatus::Failed, Some(err));
                    return;
                }
                self.set_state(node, ProvisioningState::Succeeded);
                self.on_succeeded(node);
                self.finish_op(op, OpStatus::Succeeded, None);
            }
            OpKind::Delete | OpKind::DeleteGroup => {
                let by = if o.kind == OpKind::DeleteGroup {
                    Some(o.target.clone())
                } else {
                    None
                };
                self.remove_node(node, by);
                self.finish_op(op, OpStatus::Succeeded, None);
            }
        }
    }

    pub(crate) fn finish_op(&mut self, op: u64, status: OpStatus, error: Option<ArmError>) {
        if let Some(o) = self.ops.get_mut(&op) {
            o.status = status;
            o.error = error;
        }
        // Bounded memory: keep the most recent finished operations (a client reads an
        // operation's result right after it ends), drop the oldest finished ones.
        if self.ops.len() > MAX_OPERATIONS {
            let finished: Vec<u64> = self
                .ops
                .values()
                .filter(|o| o.status != OpStatus::Running)
                .map(|o| o.id)
                .take(self.ops.len() - MAX_OPERATIONS / 2)
                .collect();
            for id in finished {
                self.ops.remove(&id);
            }
        }
    }

    /// Why a provisioning operation fails now, if it does: a region outage, a dice roll of a
    /// provisioning-failure fault, or an inaccessible customer-managed key.
    fn provisioning_failure(
        &mut self,
        node: NodeId,
        id: &str,
        type_name: &str,
        location: Option<&str>,
    ) -> Option<ArmError> {
        if let Some(f) = self.region_down(location) {
            return Some(ArmError::new(
                503,
                "ServiceUnavailable",
                alloc::format!(
                    "The operation could not complete: region '{}' is unavailable (fault #{}).",
                    location.unwrap_or(""),
                    f.id
                ),
                RuleId::ServiceAvailability,
            ));
        }
        let id_lower = id.to_lowercase();
        let probs: Vec<(u32, u8)> = self
            .faults_covering(
                FaultKind::ProvisioningFailure,
                &id_lower,
                type_name,
                location,
            )
            .map(|f| (f.id, f.probability()))
            .collect();
        for (fid, p) in probs {
            if self.rng.chance_percent(p) {
                return Some(ArmError::new(
                    500,
                    "ResourceDeploymentFailure",
                    alloc::format!(
                        "The resource operation completed with terminal provisioning state 'Failed' (injected by fault #{fid})."
                    ),
                    RuleId::ServiceAvailability,
                ));
            }
        }
        if let Some(reason) = self.cmk_problem(node) {
            return Some(ArmError::new(
                400,
                "CustomerManagedKeyInaccessible",
                alloc::format!("The service could not be provisioned: {reason}."),
                RuleId::CmkAccessRequired,
            ));
        }
        None
    }

    pub(crate) fn set_state(&mut self, node: NodeId, to: ProvisioningState) {
        let Some(res) = self.store.node_mut(node).map(|n| &mut n.res) else {
            return;
        };
        let from = res.state;
        if from == to {
            return;
        }
        res.set_state(to);
        let id = res.id.clone();
        self.emit(EventKind::ProvisioningStateChanged {
            id,
            from: from.as_str().into(),
            to: to.as_str().into(),
        });
    }

    /// Removes a node and its subtree; `by` names the group whose deletion took it along.
    pub(crate) fn remove_node(&mut self, node: NodeId, by: Option<String>) {
        let target_id = self
            .store
            .res(node)
            .map(|r| r.id.clone())
            .unwrap_or_default();
        for n in self.store.post_order(node) {
            self.index_remove(n);
        }
        let removed = self.store.remove_subtree(node);
        for r in removed {
            self.on_removed(&r);
            let is_target = r.id == target_id;
            if is_target {
                self.emit(EventKind::ResourceDeleted {
                    id: r.id.clone(),
                    resource_type: r.type_name.clone(),
                });
            } else {
                self.emit(EventKind::CascadeDeleted {
                    id: r.id.clone(),
                    resource_type: r.type_name.clone(),
                    by: by.clone().unwrap_or_else(|| target_id.clone()),
                });
            }
        }
    }

    // ----- bookkeeping -----------------------------------------------------------------

    fn sub_key(res: &Resource) -> String {
        res.id.split('/').nth(2).unwrap_or("").to_lowercase()
    }

    fn index_insert(&mut self, node: NodeId) {
        self.index(node, true);
        self.refresh_identity(node);
    }

    fn index_remove(&mut self, node: NodeId) {
        self.index(node, false);
    }

    /// Keeps the look-up indexes (counts for quotas, global names, service URLs, vaults)
    /// in step with the tree as `node` comes (`present`) or goes.
    fn index(&mut self, node: NodeId, present: bool) {
        let Some(res) = self.store.res(node) else {
            return;
        };
        let (kind, name, sub) = (res.kind, res.name.to_lowercase(), Self::sub_key(res));
        let count = self.counts.entry((sub.clone(), kind)).or_insert(0);
        *count = if present {
            *count + 1
        } else {
            count.saturating_sub(1)
        };
        match kind {
            ResKind::Workspace => {
                // A deleted workspace's name stays reserved for its subscription.
                let rec = WsName {
                    subscription: sub,
                    live: present,
                };
                self.ws_names.insert(name, rec);
            }
            ResKind::Fhir | ResKind::Dicom => {
                if let Some(host) = self.service_host(node) {
                    if present {
                        let id = res.id.clone();
                        self.urls.insert(host, id);
                    } else {
                        self.urls.remove(&host);
                    }
                }
            }
            ResKind::KeyVault if present => {
                let id = res.id.clone();
                self.vaults.insert(name, id);
            }
            ResKind::KeyVault => {
                self.vaults.remove(&name);
            }
            ResKind::Generic if res.type_name.eq_ignore_ascii_case(LEGACY_FHIR) => {
                let c = self.legacy_fhir_names.entry(name.clone()).or_insert(0);
                *c = if present { *c + 1 } else { c.saturating_sub(1) };
                if *c == 0 {
                    self.legacy_fhir_names.remove(&name);
                }
            }
            _ => {}
        }
    }

    /// Managed identities: a service with a system-assigned identity gets a principal.
    fn refresh_identity(&mut self, node: NodeId) {
        let Some(res) = self.store.res(node) else {
            return;
        };
        let ty = res
            .body
            .get("identity")
            .and_then(|i| i.get("type"))
            .and_then(Value::as_str)
            .unwrap_or("None");
        let id = res.id.clone();
        let name = res.name.clone();
        if res
            .type_name
            .eq_ignore_ascii_case("Microsoft.ManagedIdentity/userAssignedIdentities")
        {
            // A user-assigned identity is itself a principal (templates read its
            // `reference(id).principalId` to grant it roles).
            let tenant = self.directory.tenant_id.clone();
            let p = self
                .directory
                .add(&name, PrincipalKind::ManagedIdentity, Some(id.clone()))
                .object_id
                .clone();
            let client = crate::rng::guid_from(&alloc::format!("client:{}", id.to_lowercase()));
            if let Some(props) = self
                .store
                .node_mut(node)
                .and_then(|n| n.res.body.get_mut("properties"))
                .and_then(Value::as_object_mut)
            {
                props.insert("principalId".into(), Value::String(p));
                props.insert("clientId".into(), Value::String(client));
                props.insert("tenantId".into(), Value::String(tenant));
            }
            return;
        }
        if ty.contains("SystemAssigned") {
            let tenant = self.directory.tenant_id.clone();
            let p = self
                .directory
                .add(&name, PrincipalKind::ManagedIdentity, Some(id.clone()))
                .object_id
                .clone();
            if let Some(identity) = self
                .store
                .node_mut(node)
                .and_then(|n| n.res.body.get_mut("identity"))
                .and_then(Value::as_object_mut)
            {
                identity.insert("principalId".into(), Value::String(p));
                identity.insert("tenantId".into(), Value::String(tenant));
            }
        } else {
            self.directory.remove_identity(&id);
        }
    }

    fn on_removed(&mut self, r: &Resource) {
        self.directory.remove_identity(&r.id);
        if r.kind == ResKind::PrivateEndpoint {
            // The workspace's connection goes with its endpoint; public access comes back.
            let target = r.body["properties"]["privateLinkServiceConnections"]
                .as_array()
                .and_then(|a| a.first())
                .and_then(|c| c["properties"]["privateLinkServiceId"].as_str())
                .map(ToString::to_string);
            if let Some(ws) = target.and_then(|t| self.find_node(&t)) {
                let pe_id = r.id.to_lowercase();
                let pecs: Vec<NodeId> = self
                    .store
                    .children_with_prefix(ws, "privateendpointconnections/")
                    .filter(|c| {
                        self.store.res(*c).and_then(|p| {
                            p.body["properties"]["privateEndpoint"]["id"]
                                .as_str()
                                .map(|s| s.to_lowercase() == pe_id)
                        }) == Some(true)
                    })
                    .collect();
                for p in pecs {
                    self.remove_node(p, Some(r.id.clone()));
                }
            }
        }
    }

    /// Counts of a kind in a subscription (quotas).
    pub(crate) fn count_in_subscription(&self, sub: &str, kind: ResKind) -> u32 {
        self.counts
            .get(&(sub.to_lowercase(), kind))
            .copied()
            .unwrap_or(0)
    }
}

/// PUT, PATCH and DELETE name one resource, not a collection.
fn require_resource(path: &ArmPath, verb: &str) -> Result<(), ArmError> {
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

/// The 409 for a write to a busy resource (rule `busy-resource`).
pub(crate) fn busy(id: &str, state: ProvisioningState) -> ArmError {
    ArmError::new(
        409,
        "Conflict",
        alloc::format!(
            "The resource '{id}' is in provisioning state '{}' and cannot accept another write until the current operation completes. Retry after it finishes.",
            state.as_str()
        ),
        RuleId::BusyResource,
    )
    .at(id)
}

/// Tags: an object of at most 50 string values (ARM's limits: names ≤ 512, values ≤ 256).
pub(crate) fn validate_tags(tags: &Value) -> Result<(), ArmError> {
    let bad = |m: String| ArmError::new(400, "InvalidTag", m, RuleId::ValidRequest);
    let Some(obj) = tags.as_object() else {
        return Err(bad(
            "Tags must be a JSON object of name/value strings.".into()
        ));
    };
    if obj.len() > 50 {
        return Err(bad(alloc::format!(
            "A resource can have at most 50 tags; this request has {}.",
            obj.len()
        )));
    }
    for (k, v) in obj {
        if k.is_empty()
            || k.chars().count() > 512
            || k.chars()
                .any(|c| matches!(c, '<' | '>' | '%' | '&' | '\\' | '?' | '/') || c.is_control())
        {
            return Err(bad(alloc::format!(
                "The tag name '{}' is invalid: 1–512 characters, none of < > % & \\ ? /.",
                shorten(k)
            )));
        }
        match v.as_str() {
            Some(s) if s.chars().count() <= 256 => {}
            _ => {
                return Err(bad(alloc::format!(
                    "The value of tag '{}' must be a string of at most 256 characters.",
                    shorten(k)
                )));
            }
        }
    }
    Ok(())
}
