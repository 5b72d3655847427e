//! Authorization at the front door: who is calling (principal), throttling, provider
//! registration, RBAC (deny by default, inherited down scopes) and locks.

use alloc::string::ToString;
use alloc::vec::Vec;

use crate::checks::LOCK_PREFIX;
use crate::directory::Principal;
use crate::error::ArmError;
use crate::faults::FaultKind;
use crate::id::{ArmPath, Segment, shorten};
use crate::rbac::Action;
use crate::request::{Method, Request};
use crate::resource::ResKind;
use crate::rules::RuleId;
use crate::store::NodeId;
use crate::world::World;

impl World {
    pub(super) fn principal_for(
        &self,
        req: &Request,
    ) -> Result<alloc::rc::Rc<Principal>, ArmError> {
        let name = req.principal.as_deref().unwrap_or(self.account.acting());
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

    pub(super) fn check_throttle(&mut self, path: &ArmPath) -> Result<(), ArmError> {
        // Most requests meet no fault at all: skip building the strings the match needs.
        if !self.faults.any(FaultKind::Throttle) {
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

    pub(super) fn check_registration(&self, path: &ArmPath) -> Result<(), ArmError> {
        // Nothing is unregistered in most sessions: skip the namespace work then.
        if self.registrations.all_registered() {
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

    /// [`World::deepest_existing`] and how many segments it matched (all of them: the path
    /// itself exists, and a read need not look it up again).
    fn deepest_existing_depth(&self, segments: &[Segment]) -> Option<(NodeId, usize)> {
        self.store.deepest(segments)
    }

    /// Turns off (or on) reading role assignments from the store's facts
    /// ([`crate::store::Store::grants_at`]): off, every check reads each assignment's body
    /// afresh. No answer depends on it, which tests check by comparing a session run both
    /// ways.
    #[doc(hidden)]
    pub fn set_grant_memo(&mut self, on: bool) {
        self.grant_source = if on {
            crate::rbac::GrantSource::Store
        } else {
            crate::rbac::GrantSource::Bodies
        };
    }

    /// True if `principal` holds a role allowing `action` at `node` or above (rule `rbac`),
    /// counting only assignments already in effect (realistic timing's propagation delay).
    pub(crate) fn permits(&self, principal: &Principal, node: NodeId, action: Action) -> bool {
        let (now, timing) = (self.clock.now(), self.mode.timing());
        let source = self.grant_source;
        crate::rbac::permits_from(
            &self.store,
            source,
            principal,
            node,
            action,
            |at, seeded| crate::propagation::in_effect_since(at, seeded, now, timing),
        ) || self.revoked_still_grants(principal, node, action)
    }

    /// A role assignment removed less than 10 minutes ago (realistic timing) at `node` or
    /// above that still allows `action`.
    fn revoked_still_grants(&self, principal: &Principal, node: NodeId, action: Action) -> bool {
        let (now, timing) = (self.clock.now(), self.mode.timing());
        let mut revoked = self.propagation.still_granting(now, timing).peekable();
        if revoked.peek().is_none() {
            return false;
        }
        let scopes: Vec<alloc::string::String> = self
            .store
            .ancestors(node)
            .filter_map(|n| self.store.res(n))
            .map(|r| r.id.to_lowercase())
            .collect();
        revoked.any(|(scope, ra)| {
            scopes.iter().any(|s| s == scope) && crate::rbac::grants(ra, principal, action)
        })
    }

    pub(crate) fn authorize(
        &self,
        principal: &Principal,
        path: &ArmPath,
        action: Action,
    ) -> Result<(), ArmError> {
        self.authorize_found(principal, path, action).map(|_| ())
    }

    /// [`World::authorize`], answering also the node the path names when it exists (found by
    /// the same walk, so a read does not look it up twice).
    pub(crate) fn authorize_found(
        &self,
        principal: &Principal,
        path: &ArmPath,
        action: Action,
    ) -> Result<Option<NodeId>, ArmError> {
        let deepest = self.authorize_deepest(principal, path, action)?;
        Ok(deepest
            .filter(|(_, depth)| *depth == path.segments.len())
            .map(|(node, _)| node))
    }

    /// [`World::authorize`], answering the deepest existing node along the path and how
    /// many segments it matched (the walk RBAC needs anyway): a write reads its target, its
    /// parent and its lock scope from it instead of walking the tree again for each.
    pub(crate) fn authorize_deepest(
        &self,
        principal: &Principal,
        path: &ArmPath,
        action: Action,
    ) -> Result<Option<(NodeId, usize)>, ArmError> {
        self.authorize_walked(principal, path, action, None)
    }

    /// [`World::authorize_deepest`] given the walk along `path` when the caller made it
    /// already (the front door makes it to find the subscription; `None`: not made yet).
    pub(crate) fn authorize_walked(
        &self,
        principal: &Principal,
        path: &ArmPath,
        action: Action,
        walked: Option<Walk>,
    ) -> Result<Option<(NodeId, usize)>, ArmError> {
        let walk = walked.unwrap_or_else(|| self.deepest_existing_depth(&path.segments));
        let Some((scope, depth)) = walk else {
            return Ok(None);
        };
        if self.permits(principal, scope, action) {
            return Ok(Some((scope, depth)));
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
        // No lock anywhere (most sessions): no scope to read. Every lock is a resource made by
        // a PUT and removed with its node, and the indexes count them as they come and go.
        if !self.indexes.any_lock() {
            return Ok(());
        }
        // The node and its ancestors, nearest first, walked without collecting them (every
        // write checks locks); then, for a group delete, what is below it.
        let below = if include_subtree && self.has_children(node) {
            self.store.pre_order(node)
        } else {
            Vec::new()
        };
        for scope in self.store.ancestors(node).chain(below.into_iter().skip(1)) {
            for l in self.store.children_with_prefix(scope, LOCK_PREFIX) {
                let Some(lock) = self.store.res(l) else {
                    continue;
                };
                let level = lock
                    .body
                    .str_at(&["properties", "level"])
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

    /// A write to one resource that also writes to another must pass that other resource's
    /// locks and RBAC too. A private endpoint adds a connection under its target workspace
    /// (and, approved, turns the workspace's public access off): a ReadOnly lock on the
    /// workspace or its group refuses it (409 ScopeLocked), whichever group the endpoint is
    /// created in; and an automatically approved connection needs the right to approve on
    /// the workspace, else ARM answers 403 `LinkedAuthorizationFailed` (a manual request
    /// needs no right there: it waits, Pending, for the workspace's owner). hcsim checks
    /// write access on the workspace for the approval action.
    pub(crate) fn check_linked_scopes(
        &self,
        principal: &Principal,
        path: &ArmPath,
        kind: ResKind,
        body: &serde_json::Value,
    ) -> Result<(), ArmError> {
        if kind != ResKind::PrivateEndpoint {
            return Ok(());
        }
        let props = &body["properties"];
        for (key, manual) in [
            ("privateLinkServiceConnections", false),
            ("manualPrivateLinkServiceConnections", true),
        ] {
            let targets = props[key]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| c["properties"]["privateLinkServiceId"].as_str());
            for target in targets {
                let Ok(p) = ArmPath::parse(target) else {
                    continue;
                };
                let Some(ws) = self.store.find(&p) else {
                    continue;
                };
                self.check_locks(ws, &Method::Put, false)?;
                if !manual && !self.permits(principal, ws, Action::Write) {
                    return Err(linked_authorization_failed(principal, path, target));
                }
            }
        }
        Ok(())
    }

    /// Directory writes (`az ad user create`) need a directory role, which no Azure role
    /// grants. hcsim assumes the trainee, who owns the tenant, is its Global Administrator
    /// and that nobody else holds a directory role; others are answered as Microsoft Graph
    /// answers: 403 `Authorization_RequestDenied`.
    pub(crate) fn check_directory_write(&self) -> Result<(), ArmError> {
        let acting = self.account.acting();
        if acting.eq_ignore_ascii_case(crate::world::TRAINEE) {
            return Ok(());
        }
        Err(ArmError::new(
            403,
            "Authorization_RequestDenied",
            alloc::format!(
                "Insufficient privileges to complete the operation. ('{}' holds no directory role such as User Administrator; Azure roles like Owner do not grant one. In hcsim only the tenant's administrator, {}, has one.)",
                shorten(acting),
                crate::world::TRAINEE
            ),
            RuleId::Rbac,
        ))
    }

    pub(super) fn action_for(type_name: &str, method: &Method) -> Action {
        Self::action_for_kind(ResKind::of(type_name), method)
    }

    /// [`World::action_for`] of a type whose kind the caller has classified already.
    pub(super) fn action_for_kind(auth: ResKind, method: &Method) -> Action {
        match method {
            Method::Get | Method::List => Action::Read,
            _ if matches!(auth, ResKind::RoleAssignment | ResKind::Lock) => Action::Authorization,
            Method::Delete => Action::Delete,
            _ => Action::Write,
        }
    }
}

/// The deepest existing node along a request's path and how many segments it matched
/// (`None`: not even the subscription exists), as [`crate::store::Store::deepest`] answers.
pub(crate) type Walk = Option<(NodeId, usize)>;

/// ARM's answer when a write is allowed on its own scope but not on a scope it links to
/// (wording from ARM's answers quoted in MicrosoftDocs/azure-docs#96892 and
/// Azure/azure-sdk-for-go#14306).
fn linked_authorization_failed(principal: &Principal, path: &ArmPath, linked: &str) -> ArmError {
    ArmError::new(
        403,
        "LinkedAuthorizationFailed",
        alloc::format!(
            "The client '{}' with object id '{}' has permission to perform action 'Microsoft.Network/privateEndpoints/write' on scope '{}'; however, it does not have permission to perform action 'PrivateEndpointConnectionsApproval/action' on the linked scope(s) '{}' or the linked scope(s) are invalid. (Use a manual request, --manual-request, to ask the workspace's owner for approval instead.)",
            principal.name,
            principal.object_id,
            path,
            shorten(linked)
        ),
        RuleId::Rbac,
    )
}
