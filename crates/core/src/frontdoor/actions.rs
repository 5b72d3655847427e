//! POST actions: provider register/unregister, checkNameAvailability, moveResources.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Value, json};

use crate::checks::busy;
use crate::directory::Principal;
use crate::error::ArmError;
use crate::id::{ArmPath, shorten};
use crate::rbac::Action;
use crate::request::{Method, Response};
use crate::resource::ResKind;
use crate::rules::RuleId;
use crate::store::NodeId;
use crate::world::World;

impl World {
    pub(super) fn post(
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
                let registering = action_lower.ends_with("/register");
                self.registrations
                    .set(path.subscription(), &ns, registering);
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
                return Ok(Response::ok(200, self.ctx().check_name_availability(body)));
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
        // A move writes into the target group: its locks apply as to any write there.
        self.check_locks(target_node, &Method::Put, false)?;
        let mut nodes = Vec::new();
        for id in &ids {
            nodes.push(self.movable(path, id)?);
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
                .is_some_and(|t| t.children.contains_key(key.as_str()))
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
                        if let Value::Object(m) = &mut *r.body.edit() {
                            m.insert("id".into(), Value::String(r.id.clone()));
                        }
                    }
                }
            }
        }
        Ok(Response::ok(202, Value::Null))
    }

    /// Checks one resource of a move from the group of `path`: a top-level resource of that
    /// group, not busy, not a private-link workspace, not locked.
    fn movable(&self, path: &ArmPath, id: &str) -> Result<(NodeId, ArmPath), ArmError> {
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
        if p.resource_group().map(str::to_lowercase) != path.resource_group().map(str::to_lowercase)
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
        if r.kind == ResKind::Workspace && self.ctx().private_link_connection(n).is_some() {
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
        Ok((n, p))
    }
}
