//! Long-running operations: their start and duration, their completion in virtual time (or
//! failure by a fault or an inaccessible key), state changes, removal, and the results route.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Value, json};

use crate::error::ArmError;
use crate::events::EventKind;
use crate::faults::FaultKind;
use crate::id::{ArmPath, shorten};
use crate::providers::healthcare::NewConnection;
use crate::request::Response;
use crate::resource::{ProvisioningState, ResKind};
use crate::rules::RuleId;
use crate::schedule::Due;
use crate::store::NodeId;
use crate::time::Millis;
use crate::world::{OpKind, OpStatus, Timing, World};

impl World {
    /// `GET /subscriptions/{s}/providers/Microsoft.HealthcareApis/locations/{l}/operationresults/{id}`:
    /// the status of a long-running operation (its number, as `Response::operation` gives it).
    pub(super) fn operation_result(&self, path: &ArmPath) -> Result<Response, ArmError> {
        let op = path
            .name()
            .parse::<u64>()
            .ok()
            .and_then(|id| self.operations.get(id));
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
    /// Starts an operation of `kind` on resource `id` (held by `node`) of one resource.
    pub(super) fn start_operation(
        &mut self,
        kind: OpKind,
        node: NodeId,
        id: String,
        res_kind: ResKind,
        location: Option<&str>,
    ) -> u64 {
        self.start_operation_sized(kind, node, id, res_kind, location, 1)
    }

    /// Starts an operation on `size` resources (a group's deletion takes longer with more).
    /// The operation keeps `id` (the caller's copy moves in: no second copy).
    pub(super) fn start_operation_sized(
        &mut self,
        kind: OpKind,
        node: NodeId,
        id: String,
        res_kind: ResKind,
        location: Option<&str>,
        size: usize,
    ) -> u64 {
        let duration = self.duration_for(kind, &id, res_kind, location, size);
        let now = self.clock.now();
        let due = now + duration;
        let op = self.operations.start_on(kind, id, Some(node), now, due);
        self.schedule.push(due, Due::Op(op));
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
        if self.mode.timing() == Timing::Instant {
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

    /// The node a running operation works on, and its kind; `None` when it is not running.
    /// The node it started on is taken if it still holds the target (no id parsing).
    fn operation_node(&self, op: u64) -> Option<(OpKind, Option<NodeId>)> {
        let o = self.operations.get(op)?;
        if o.status != OpStatus::Running {
            return None;
        }
        let node = o
            .node
            .filter(|n| self.store.res(*n).is_some_and(|r| r.id == o.target))
            .or_else(|| self.find_node(&o.target));
        Some((o.kind, node))
    }

    pub(crate) fn complete_operation(&mut self, op: u64) {
        let Some((kind, node)) = self.operation_node(op) else {
            return;
        };
        let Some(node) = node else {
            self.finish_op(op, OpStatus::Canceled, None);
            return;
        };
        match kind {
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
                    self.new_etag(node);
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
                self.new_etag(node);
                self.finish_op(op, OpStatus::Succeeded, None);
            }
            OpKind::Delete | OpKind::DeleteGroup => {
                // `by` names the group in its cascaded deletions: copied only when there are.
                let by = if kind == OpKind::DeleteGroup && self.has_children(node) {
                    self.operations.get(op).map(|o| o.target.clone())
                } else {
                    None
                };
                self.remove_node(node, by);
                self.finish_op(op, OpStatus::Succeeded, None);
            }
        }
    }

    pub(super) fn finish_op(&mut self, op: u64, status: OpStatus, error: Option<ArmError>) {
        // Bounded memory: the table keeps the most recent finished operations.
        let now = self.clock.now();
        self.operations.finish(op, status, error, now);
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
        if let Some(reason) = self.ctx().cmk_problem(node) {
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
        res.change_state(to);
        let id = res.id.clone();
        self.emit(EventKind::ProvisioningStateChanged {
            id,
            from: from.as_str().into(),
            to: to.as_str().into(),
        });
    }

    /// Removes a node and its subtree; `by` names the group whose deletion took it along.
    pub(crate) fn remove_node(&mut self, node: NodeId, by: Option<String>) {
        // The target's id tells it from its cascaded descendants and names them `by`: a node
        // alone in its subtree (a group with nothing in it) needs no copy of it, nor a list.
        let target_id = if self.has_children(node) {
            for n in self.store.post_order(node) {
                self.index_remove(n);
            }
            self.store.res(node).map(|r| r.id.clone())
        } else {
            self.index_remove(node);
            None
        };
        let removed = self.store.remove_subtree(node);
        for r in removed {
            self.on_removed(&r);
            // The removed resource is ours: its id and type move into the event.
            // Known kinds' types are static words (no copy); others move their own string.
            let (id, resource_type) = (r.id, crate::events::Word::from(r.type_name));
            let Some(target_id) = target_id.as_deref() else {
                self.emit(EventKind::ResourceDeleted { id, resource_type });
                continue;
            };
            if id == target_id {
                self.emit(EventKind::ResourceDeleted { id, resource_type });
            } else {
                self.emit(EventKind::CascadeDeleted {
                    id,
                    resource_type,
                    by: by.clone().unwrap_or_else(|| target_id.into()),
                });
            }
        }
    }

    /// True when `node` holds other nodes (a deletion of it cascades).
    pub(super) fn has_children(&self, node: NodeId) -> bool {
        self.store.children_with_prefix(node, "").next().is_some()
    }

    /// Side effects when provisioning ends well, as the provider of the type computes them:
    /// a DICOM service shows its URL; a private endpoint connects to its workspace.
    pub(super) fn on_succeeded(&mut self, node: NodeId) {
        let Some(kind) = self.store.res(node).map(|r| r.kind) else {
            return;
        };
        match kind {
            ResKind::Fhir | ResKind::Dicom => {
                if let Some(url) = self.ctx().dicom_service_url(node)
                    && let Some(n) = self.store.node_mut(node)
                {
                    n.res
                        .body
                        .set_at(&["properties", "serviceUrl"], &Value::String(url));
                }
            }
            ResKind::PrivateEndpoint => {
                let ctx = self.ctx();
                let conn = ctx
                    .private_endpoint_connection(node)
                    .or_else(|| ctx.legacy_endpoint_connection(node));
                if let Some(conn) = conn {
                    self.connect(conn);
                }
            }
            _ => {}
        }
    }

    /// Inserts a private endpoint connection under its workspace.
    fn connect(&mut self, conn: NewConnection) {
        let (id, type_name) = (conn.res.id.clone(), conn.res.type_name.clone());
        let now = self.clock.now();
        self.propagation
            .connection_status(&id, conn.status == "Approved", now);
        self.store.insert(Some(conn.workspace), conn.key, conn.res);
        self.emit(EventKind::ResourceCreated {
            id,
            resource_type: type_name.into(),
            location: None,
        });
        self.emit(EventKind::PrivateEndpointConnected {
            workspace: conn.workspace_id,
            status: conn.status.into(),
        });
    }
}

/// A resource type as an event records it, when it is the canonical spelling: a static word
/// (recording it allocates nothing); `None` for other spellings and generic types.
pub(super) fn static_type(kind: ResKind, type_name: &str) -> Option<&'static str> {
    kind.canonical_type().filter(|canon| *canon == type_name)
}
