//! Writes: PUT (validate, then create or update), PATCH (tags, identity, some properties, the
//! workspace settings extension) and DELETE (validate, then delete now or start an operation).

use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value, json};

use super::authorize::Walk;
use super::routing::require_resource;
use crate::checks::{busy, validate_tags};
use crate::directory::Principal;
use crate::error::ArmError;
use crate::events::EventKind;
use crate::id::ArmPath;
use crate::plan::PutPlan;
use crate::request::{Method, Request, Response};
use crate::resource::{ProvisioningState, ResKind, Resource, TypeName};
use crate::rules::RuleId;
use crate::store::NodeId;
use crate::world::{OpKind, World};

impl World {
    // ----- PUT -------------------------------------------------------------------------

    /// Checks a PUT without changing anything (used by the request path and by
    /// "what can be done now" queries).
    pub(crate) fn validate_put<'b>(
        &self,
        path: &ArmPath,
        body: Option<&'b Value>,
        principal: &Principal,
    ) -> Result<PutPlan<'b>, ArmError> {
        self.validate_put_path(path.clone(), body, principal)
    }

    /// [`World::validate_put`] of a path the caller hands over (the request path's own parse:
    /// the plan keeps it instead of a copy).
    pub(crate) fn validate_put_path<'b>(
        &self,
        owned: ArmPath,
        body: Option<&'b Value>,
        principal: &Principal,
    ) -> Result<PutPlan<'b>, ArmError> {
        self.validate_put_walked(owned, body, principal, None)
    }

    /// [`World::validate_put_path`] given the walk along the path when the caller made it.
    pub(crate) fn validate_put_walked<'b>(
        &self,
        owned: ArmPath,
        body: Option<&'b Value>,
        principal: &Principal,
        walked: Option<Walk>,
    ) -> Result<PutPlan<'b>, ArmError> {
        let path = &owned;
        require_resource(path, "PUT")?;
        let type_name_raw = type_name_of(path);
        let kind = ResKind::of(&type_name_raw);
        // A known kind's canonical spelling (a static word, however the request spelled it);
        // another type as the request spelled it.
        let type_name = match kind.canonical_type() {
            Some(canon) => TypeName::from_static(canon),
            None => TypeName::as_given(type_name_raw),
        };
        if kind == ResKind::Subscription {
            return Err(ArmError::new(405, "MethodNotAllowed", "Subscriptions cannot be created through ARM requests here; they come from the tenant.".into(), RuleId::ValidRequest));
        }
        // The request's body is borrowed: a provider that changes it copies it then, and a
        // create packs it as it is.
        let body = match body {
            Some(b @ Value::Object(_)) => Cow::Borrowed(b),
            None => Cow::Owned(json!({})),
            Some(_) => {
                return Err(ArmError::new(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: the body must be a JSON object.".into(), RuleId::ValidRequest));
            }
        };
        // One walk of the tree answers RBAC's scope, the target, the lock scope and the parent.
        let action = Self::action_for_kind(kind, &Method::Put);
        let deepest = self.authorize_walked(principal, path, action, walked)?;
        let len = path.segments.len();
        let existing = deepest.filter(|(_, d)| *d == len).map(|(n, _)| n);
        // Locks: on the target if it exists, else on the deepest existing scope.
        if !matches!(kind, ResKind::Lock)
            && let Some((scope, _)) = deepest
        {
            self.check_locks(scope, &Method::Put, false)?;
        }
        let parent = match len {
            0 | 1 => None,
            _ => {
                let known = match deepest {
                    Some((n, d)) if d + 1 == len => Some(n),
                    Some((n, d)) if d == len => self.store.node(n).and_then(|n| n.parent),
                    _ => None,
                };
                Some(self.check_parent(path, kind, known)?)
            }
        };
        if let Some(n) = existing {
            let res = self.store.res(n).ok_or_else(|| self.not_found(path))?;
            if res.state.is_busy() {
                return Err(busy(&res.id, res.state));
            }
        }
        let mut plan = PutPlan {
            path: owned,
            kind,
            type_name,
            parent,
            existing,
            body,
            location: None,
        };
        self.ctx().validate_provider(&mut plan)?;
        self.check_linked_scopes(principal, &plan.path, plan.kind, &plan.body)?;
        self.check_create_only(&plan)?;
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
    /// The parent's own path is made only for a refusal's message (most PUTs pass). `known`
    /// is the parent node when the caller's walk found it (`None`: it is missing).
    fn check_parent(
        &self,
        path: &ArmPath,
        kind: ResKind,
        known: Option<NodeId>,
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
        let node = match known {
            Some(n) => n,
            None => {
                let parent = path.parent().unwrap_or_else(|| path.clone());
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
        let pres = self
            .store
            .res(node)
            .ok_or_else(|| self.not_found(&path.parent().unwrap_or_else(|| path.clone())))?;
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

    pub(super) fn execute_put(&mut self, plan: PutPlan, principal: &Principal) -> Response {
        match plan.existing {
            Some(n) => self.update(n, plan, principal),
            None => self.create(plan, principal),
        }
    }

    fn canonical_id(path: &ArmPath, kind: ResKind) -> String {
        // The type words of the last segment in their canonical spelling; the path is
        // copied only when they are spelled otherwise (most requests spell them so).
        let want = kind.canonical_type().and_then(|canon| {
            let last = path.segments.last()?;
            // The canonical words are short ASCII: a plain byte loop finds their `/`s (the
            // `char` searcher's set-up cost more than the search).
            let slashes = canon.bytes().filter(|b| *b == b'/').count();
            if last.provider && slashes == 1 {
                Some(canon)
            } else if !last.provider {
                let word = canon
                    .bytes()
                    .rposition(|b| b == b'/')
                    .and_then(|i| canon.get(i + 1..))
                    .unwrap_or(canon);
                last.type_word.eq_ignore_ascii_case(word).then_some(word)
            } else {
                None
            }
        });
        match want {
            Some(w) if path.segments.last().is_some_and(|l| l.type_word != w) => {
                let mut p = path.clone();
                if let Some(last) = p.segments.last_mut() {
                    last.type_word = w.into();
                }
                raw_id(&p)
            }
            _ => raw_id(path),
        }
    }

    fn create(&mut self, mut plan: PutPlan, principal: &Principal) -> Response {
        let id = Self::canonical_id(&plan.path, plan.kind);
        // The store key is made from the last segment, then its name moves into the resource
        // (the plan's path is not read again: no copy of the name).
        let key = plan.path.segments.last().map(own_key).unwrap_or_default();
        let name = match plan.path.segments.last_mut() {
            Some(last) => core::mem::take(&mut last.name),
            None => String::new(),
        };
        let sync = plan.kind.is_synchronous() || plan.kind == ResKind::ResourceGroup;
        let state = if sync {
            ProvisioningState::Succeeded
        } else {
            ProvisioningState::Creating
        };
        let (top, packed_props) = new_top(plan.body, plan.kind, state);
        let mut res = Resource {
            id: id.clone(),
            name,
            type_name: plan.type_name.clone(),
            kind: plan.kind,
            location: plan.location.clone(),
            state,
            body: crate::packed::Packed::default(),
            created_at: self.clock.now(),
            created_by: principal.name.clone(),
            settings: Default::default(),
        };
        // The whole body is made, decorated and packed once.
        let state_extra = packed_props.then_some(state.as_str());
        res.body = self
            .ctx()
            .new_body(&res, top, &plan.type_name, principal, state_extra);
        // `properties.provisioningState` is in the body already: `new_top` put it in the
        // request's `properties`, or the packing wrote `properties` with it (a group whose
        // request had none: no look-up for what was just written).
        if !packed_props {
            res.set_state(state);
        }
        self.ctx().decorate_new_packed(&mut res);
        let node = self.store.insert(plan.parent, key, res);
        self.index_insert(node);
        let resource_type = match super::operations::static_type(plan.kind, &plan.type_name) {
            Some(canon) => canon.into(),
            None => plan.type_name.into(),
        };
        if sync {
            // Nothing reads the id and location after the event: they move into it.
            self.emit(EventKind::ResourceCreated {
                id,
                resource_type,
                location: plan.location,
            });
            self.on_succeeded(node);
            return Response::ok(201, self.response_body(node));
        }
        self.emit(EventKind::ResourceCreated {
            id: id.clone(),
            resource_type,
            location: plan.location.clone(),
        });
        let op = self.start_operation(
            OpKind::Create,
            node,
            id,
            plan.kind,
            plan.location.as_deref(),
        );
        Response::started(201, self.response_body(node), op)
    }

    fn update(&mut self, node: NodeId, plan: PutPlan, principal: &Principal) -> Response {
        let sync = plan.kind.is_synchronous() || plan.kind == ResKind::ResourceGroup;
        let Some(old) = self.store.res(node) else {
            return Response::err(self.not_found(&plan.path));
        };
        let new = self.replaced(old, plan.body.into_owned());
        let id = new.id.clone();
        if let Some(n) = self.store.node_mut(node) {
            n.res = new;
        }
        self.stamp_write(node, principal);
        // A PUT replaces `identity`/`properties`: keep the managed identity's principal.
        self.refresh_identity(node);
        let Some(res) = self.store.node_mut(node).map(|n| &mut n.res) else {
            return Response::err(self.not_found(&plan.path));
        };
        if sync {
            res.set_state(ProvisioningState::Succeeded);
            self.on_succeeded(node);
            return Response::ok(200, self.response_body(node));
        }
        let from = res.state;
        res.set_state(ProvisioningState::Updating);
        self.emit(EventKind::ProvisioningStateChanged {
            id: id.clone(),
            from: from.as_str().into(),
            to: "Updating".into(),
        });
        let op = self.start_operation(
            OpKind::Update,
            node,
            id,
            plan.kind,
            plan.location.as_deref(),
        );
        Response::started(200, self.response_body(node), op)
    }

    /// The body a write answers with: the stored body shared (plus the view's overlay), not
    /// a copy of it. A later change to the stored body in the same input (an instant
    /// operation completing) copies it on write, so the response still shows the body as
    /// it was when the write answered.
    fn response_body(&self, node: NodeId) -> crate::body::Body {
        self.ctx().view_body(node)
    }

    // ----- PATCH -----------------------------------------------------------------------

    pub(super) fn patch(
        &mut self,
        path: &ArmPath,
        req: &Request,
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
        if !(kind == ResKind::Key && is_key_soft_delete(req.body.as_ref())) {
            self.check_locks(node, &Method::Patch, false)?;
        }
        self.check_preconditions(req, Some(node), false)?;
        let mut body = patch_body(kind, req.body.as_ref())?;
        crate::checks::canonicalize_identity_in(&mut body);
        crate::providers::healthcare::check_patch_read_only(kind, &body)?;
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
            crate::checks::validate_identity(identity)?;
            self.ctx()
                .check_patch_identity(kind, &path.to_string(), identity)?;
        }
        let settings = match body.get(crate::checks::SETTINGS_KEY) {
            Some(s) if kind == ResKind::Workspace => Some(self.ctx().validate_settings(node, s)?),
            Some(_) => {
                return Err(ArmError::new(
                    400,
                    "InvalidRequestContent",
                    alloc::format!(
                        "'{}' (an hcsim extension) applies to workspaces only.",
                        crate::checks::SETTINGS_KEY
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
                    res.body.set_at(&[k.as_str()], v);
                }
                "properties" if allowed_props => {
                    if let Value::Object(new) = v {
                        res.with_properties(|cur| {
                            for (pk, pv) in new {
                                if pk != "provisioningState" {
                                    cur.insert(pk.clone(), pv.clone());
                                }
                            }
                        });
                    }
                }
                _ => {}
            }
        }
        if let Some(s) = settings {
            res.settings = s.into();
        }
        self.stamp_write(node, principal);
        self.refresh_identity(node);
        Ok(Response::ok(200, self.response_body(node)))
    }

    // ----- DELETE ----------------------------------------------------------------------

    /// Checks a DELETE without changing anything; `Ok(None)` means "nothing there" (204).
    pub(crate) fn validate_delete(
        &self,
        path: &ArmPath,
        principal: &Principal,
    ) -> Result<Option<NodeId>, ArmError> {
        self.validate_delete_walked(path, principal, None)
    }

    /// [`World::validate_delete`] given the walk along the path when the caller made it.
    pub(crate) fn validate_delete_walked(
        &self,
        path: &ArmPath,
        principal: &Principal,
        walked: Option<Walk>,
    ) -> Result<Option<NodeId>, ArmError> {
        require_resource(path, "DELETE")?;
        let type_name = type_name_of(path);
        let kind = ResKind::of(&type_name);
        if kind == ResKind::Subscription {
            return Err(ArmError::new(
                405,
                "MethodNotAllowed",
                "Subscriptions cannot be deleted from the simulator.".into(),
                RuleId::ValidRequest,
            ));
        }
        let action = Self::action_for_kind(kind, &Method::Delete);
        let found = self
            .authorize_walked(principal, path, action, walked)?
            .filter(|(_, depth)| *depth == path.segments.len());
        let Some((node, _)) = found else {
            // ARM answers a DELETE of a missing resource with 204, but of a missing resource
            // group with 404 ResourceGroupNotFound (Resource Groups - Delete: 200/202, and the
            // group must exist; `az group delete` prints "Resource group 'x' could not be found.").
            if kind == ResKind::ResourceGroup {
                return Err(self.not_found(path));
            }
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

    pub(super) fn execute_delete(&mut self, node: NodeId) -> Response {
        let Some(res) = self.store.res(node) else {
            return Response::ok(204, Value::Null);
        };
        let (kind, state) = (res.kind, res.state);
        if state == ProvisioningState::Deleting {
            // Already going: ARM answers 202 again.
            return Response::ok(202, Value::Null);
        }
        if kind.is_synchronous() {
            // A removed role assignment keeps granting for a while (realistic timing).
            if kind == ResKind::RoleAssignment
                && self.mode.timing() == crate::config::Timing::Realistic
            {
                let scope = self
                    .store
                    .node(node)
                    .and_then(|n| n.parent)
                    .and_then(|p| self.store.res(p))
                    .map(|r| r.id.clone());
                if let (Some(scope), Some(grant)) = (scope, self.store.res(node).cloned()) {
                    let now = self.clock.now();
                    self.propagation.assignment_removed(&scope, grant, now);
                }
            }
            self.remove_node(node, None);
            return Response::ok(200, Value::Null);
        }
        // A group with nothing in it is its own subtree: no list is made for it.
        let subtree = if self.has_children(node) {
            self.store.pre_order(node)
        } else {
            alloc::vec![]
        };
        if subtree.is_empty() {
            self.set_state(node, ProvisioningState::Deleting);
        }
        for n in &subtree {
            self.set_state(*n, ProvisioningState::Deleting);
        }
        let op_kind = if kind == ResKind::ResourceGroup {
            OpKind::DeleteGroup
        } else {
            OpKind::Delete
        };
        // The operation keeps the id; the location is read only for a duration (none in
        // instant timing).
        let (id, location) = match self.store.res(node) {
            Some(r) if self.mode.timing() == crate::config::Timing::Instant => (r.id.clone(), None),
            Some(r) => (r.id.clone(), r.location.clone()),
            None => return Response::ok(204, Value::Null),
        };
        let op = self.start_operation_sized(
            op_kind,
            node,
            id,
            kind,
            location.as_deref(),
            subtree.len().max(1),
        );
        Response::started(202, Value::Null, op)
    }
}

/// A path's id as ARM shows it in bodies (`Display`: raw names), written once into a text of
/// the right size (`to_string` writes it twice, and the request form would scan every name
/// for escapes).
fn raw_id(path: &ArmPath) -> String {
    let len: usize = path
        .segments
        .iter()
        .map(|s| s.type_word.len() + s.name.len() + if s.provider { 12 } else { 2 })
        .sum::<usize>()
        + path.collection.as_ref().map_or(0, |c| c.len() + 11);
    let mut out = String::with_capacity(len);
    for s in &path.segments {
        if s.provider {
            out.push_str("/providers");
        }
        out.push('/');
        out.push_str(&s.type_word);
        out.push('/');
        out.push_str(&s.name);
    }
    if let Some(c) = &path.collection {
        if path.collection_is_provider {
            out.push_str("/providers");
        }
        out.push('/');
        out.push_str(c);
    }
    out
}

/// A segment's store key (`Segment::key`: lower-cased `type/name`) made once, not cached
/// in the segment and then copied.
fn own_key(s: &crate::id::Segment) -> String {
    if !(s.type_word.is_ascii() && s.name.is_ascii()) {
        return s.key().to_string();
    }
    let mut key = String::with_capacity(s.type_word.len() + s.name.len() + 1);
    key.push_str(&s.type_word);
    key.push('/');
    key.push_str(&s.name);
    key.make_ascii_lowercase();
    key
}

/// The type of the resource a path names, as [`ArmPath::resource_type`] spells it; a
/// subscription's and a group's are static words (most writes are to groups: no copy).
fn type_name_of(path: &ArmPath) -> alloc::borrow::Cow<'static, str> {
    match path.segments.last() {
        Some(s) if !s.provider && s.type_word == "resourceGroups" => {
            "Microsoft.Resources/resourceGroups".into()
        }
        Some(s) if !s.provider && s.type_word == "subscriptions" => {
            "Microsoft.Resources/subscriptions".into()
        }
        _ => path.resource_type().into(),
    }
}

/// The request body's own keys of a new resource (`id`, `name`, `type` and, when set,
/// `location`, `systemData`, `etag` are the simulator's, written as the body is packed), with
/// `properties.provisioningState` at `state` (what `set_state` would splice in; done here,
/// the body is packed once less). True when `properties` is left out to be written as the
/// body is packed: a resource group whose request has no `properties` object (the usual
/// `{"location": …}`) gets `{"provisioningState": …}` there without a map built for it (no
/// provider's defaults read a group's properties).
fn new_top(
    body: Cow<'_, Value>,
    kind: ResKind,
    state: ProvisioningState,
) -> (Cow<'_, Map<String, Value>>, bool) {
    let mut body = match body {
        // A group's request with none of the keys changed here (the usual `{"location": …}`)
        // is packed from the request's own keys: nothing to copy.
        Cow::Borrowed(Value::Object(top))
            if kind == ResKind::ResourceGroup
                && !top
                    .keys()
                    .any(|k| matches!(k.as_str(), "id" | "name" | "type" | "properties")) =>
        {
            return (Cow::Borrowed(top), true);
        }
        other => other.into_owned(),
    };
    let mut top = body
        .as_object_mut()
        .map(core::mem::take)
        .unwrap_or_default();
    // A body's own `id`, `name` and `type` are dropped; a body seldom has them, so they are
    // looked for in one pass over its few keys rather than by three removals.
    if top
        .keys()
        .any(|k| matches!(k.as_str(), "id" | "name" | "type"))
    {
        for k in ["id", "name", "type"] {
            top.remove(k);
        }
    }
    // `properties` taken out once, and put back (as an object) where the resource has them.
    let mut props = match top.remove("properties") {
        Some(Value::Object(props)) => props,
        _ if kind == ResKind::ResourceGroup => return (Cow::Owned(top), true),
        _ => Map::new(),
    };
    if kind != ResKind::Deployment {
        props.insert(
            "provisioningState".into(),
            Value::String(state.as_str().into()),
        );
    }
    top.insert("properties".into(), Value::Object(props));
    (Cow::Owned(top), false)
}

/// A key's soft delete and recovery are Key Vault data-plane calls in Azure, which hcsim
/// records on the key's ARM resource: locks do not apply to them ("Locks only apply to
/// control plane Azure operations", Learn, lock-resources.md).
///
/// True for the PATCH that records a key's data-plane soft delete or recovery: a body
/// touching only `properties.deletedDate`, `recoveryId` and `scheduledPurgeDate`.
fn is_key_soft_delete(body: Option<&Value>) -> bool {
    const FIELDS: [&str; 3] = ["deletedDate", "recoveryId", "scheduledPurgeDate"];
    let Some(Value::Object(top)) = body else {
        return false;
    };
    let Some(Value::Object(props)) = top.get("properties") else {
        return false;
    };
    top.len() == 1 && !props.is_empty() && props.keys().all(|k| FIELDS.contains(&k.as_str()))
}

/// A PATCH's body as an object (none is an empty one); FHIR destinations have no PATCH.
fn patch_body(kind: ResKind, body: Option<&Value>) -> Result<Map<String, Value>, ArmError> {
    if kind == ResKind::FhirDestination {
        return Err(ArmError::new(405, "MethodNotAllowed", "FHIR destinations have no PATCH in API 2024-03-31; send a PUT with the whole destination (az … fhir-destination update does this).".into(), RuleId::ValidRequest));
    }
    match body {
        Some(Value::Object(m)) => Ok(m.clone()),
        None => Ok(Map::new()),
        Some(_) => Err(ArmError::new(
            400,
            "InvalidRequestContent",
            "The PATCH body must be a JSON object.".into(),
            RuleId::ValidRequest,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The id written in one pass reads exactly as the path's `Display`, for groups,
    /// provider types, nested types, collections, and names that the request form escapes.
    #[test]
    fn a_raw_id_reads_as_the_path_displays() {
        let sub = ArmPath::at_subscription("11111111-1111-1111-1111-111111111111");
        let paths = [
            sub.clone(),
            sub.clone().group("rg1"),
            sub.clone().group("a b%c/é"),
            sub.clone()
                .group("rg")
                .provider("Microsoft.HealthcareApis", "workspaces", "ws")
                .child("fhirservices", "f 1"),
            sub.clone().collection("resourceGroups"),
            sub.clone()
                .group("rg")
                .provider_collection("Microsoft.KeyVault", "vaults"),
        ];
        for p in paths {
            assert_eq!(raw_id(&p), p.to_string());
        }
        for text in [
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v%20x",
            "/SUBSCRIPTIONS/s/RESOURCEGROUPS/Rg",
        ] {
            let p = ArmPath::parse(text).unwrap_or_else(|_| sub.clone());
            assert_eq!(raw_id(&p), p.to_string(), "{text}");
        }
    }
}
