//! A deployment's run in virtual time, driven by the world's schedule.
//!
//! Each step (a [`crate::world::Due::Deployment`] item) settles the resource operations that
//! ended, then PUTs, through the front door and as the deploying principal, every resource
//! whose dependencies all succeeded (bodies resolved now, so `reference()` sees what earlier
//! waves created). Independent resources run in parallel; a rejected PUT or a failed
//! operation stops its dependents, which are never attempted. The next step is scheduled at
//! the earliest end of a running operation. Complete mode then deletes, level by level
//! (deepest first), what the group holds and the template does not. Last, the outputs are
//! evaluated and the record turns `Succeeded`, or `Failed` with ARM's `DeploymentFailed`
//! and the inner errors.
//!
//! Every loop is bounded by the number of resources: a state only moves forward.

use alloc::collections::BTreeSet;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::json;

use hcsim_template::{self as template, Plan};

use super::deploy_view::managed_in_group;
use crate::error::ArmError;
use crate::events::EventKind;
use crate::operation::OpStatus;
use crate::providers::deployments::record::{FAILED_MESSAGE, Mode, error_body, plain};
use crate::providers::deployments::state::{Deleting, Run, St};
use crate::request::Request;
use crate::schedule::Due;
use crate::time::{Millis, SimTime};
use crate::world::World;

/// How often (virtual seconds) a deployment looks at a nested deployment still running.
const NESTED_POLL_SECS: u64 = 5;

/// The error of a failed resource operation (or of one that never ended).
fn op_error(world: &World, op: u64, id: &str) -> ArmError {
    let mut e = match world.operation(op) {
        Some(o) if o.status == OpStatus::Failed => {
            o.error.as_deref().cloned().unwrap_or_else(|| {
                plain(
                    500,
                    "ResourceDeploymentFailure",
                    "The resource operation completed with terminal provisioning state 'Failed'.",
                )
            })
        }
        Some(o) if o.status == OpStatus::Canceled => plain(
            409,
            "OperationCanceled",
            &alloc::format!(
                "The operation on '{id}' was canceled: the resource went away or changed state first."
            ),
        ),
        _ => plain(
            504,
            "DeploymentTimeout",
            &alloc::format!("The operation on '{id}' did not finish."),
        ),
    };
    e.target = Some(id.to_string());
    e
}

impl World {
    /// One step of deployment `op` (see the module docs).
    pub(crate) fn step_deployment(&mut self, op: u64) {
        let Some(mut run) = self.deployments.remove(&op) else {
            return;
        };
        if self.find_node(&run.id).is_none() {
            // The record went away (its group was deleted): the run ends with it.
            self.finish_op(op, OpStatus::Canceled, None);
            return;
        }
        let plan = match template::plan(&run.template, &run.parameters, &run.scope) {
            Ok(p) => p,
            Err(e) => {
                let err = plain(400, e.code, &e.message);
                run.errors.push((run.id.clone(), err));
                self.finish_deployment(op, run, None);
                return;
            }
        };
        if run.deleting.is_none() {
            if let Some(at) = self.advance_resources(&mut run, &plan) {
                return self.reschedule(op, run, at);
            }
            if run.errors.is_empty() && run.record.mode == Mode::Complete {
                run.deleting = Some(self.plan_deletes(&plan));
            }
        }
        if run.deleting.is_some()
            && let Some(at) = self.advance_deletes(&mut run)
        {
            return self.reschedule(op, run, at);
        }
        self.finish_deployment(op, run, Some(&plan));
    }

    fn reschedule(&mut self, op: u64, run: Run, at: SimTime) {
        self.deployments.insert(op, run);
        self.schedule.push(at, Due::Deployment(op));
    }

    /// When to look again at `ops`: the earliest end of one still running (its own
    /// schedule item, queued earlier, runs first at that time), or `None` when all ended.
    fn wake_for(&self, ops: impl Iterator<Item = u64>) -> Option<SimTime> {
        let now = self.clock.now();
        let due = ops
            .filter_map(|op| self.operations.get(op).map(|o| (op, o)))
            .filter(|(_, o)| o.status == OpStatus::Running)
            // A nested deployment's operation has no due time of its own (it ends when its
            // run does): look again after a polling interval, as ARM polls it.
            .map(|(op, o)| {
                if self.deployments.contains_key(&op) {
                    now + Millis::secs(NESTED_POLL_SECS)
                } else {
                    o.due
                }
            })
            .min()?;
        // A due time already past would mean the operation is driven by something else:
        // look again a little later rather than at once (no busy loop).
        Some(if due < now {
            now + Millis::secs(1)
        } else {
            due
        })
    }

    /// Settles ended operations and starts what became ready, until nothing moves.
    /// Returns when to look again, or `None` once every resource is settled.
    fn advance_resources(&mut self, run: &mut Run, plan: &Plan) -> Option<SimTime> {
        let res = plan.resources();
        if run.states.len() != res.len() {
            run.states = alloc::vec![St::Pending; res.len()];
        }
        let order = plan.order();
        // Each pass settles or starts at least one resource, or stops.
        while self.settle_resources(run, plan) | self.start_ready(run, plan, &order) {}
        let running = run.states.iter().filter_map(|s| match s {
            St::Running(op) => Some(*op),
            _ => None,
        });
        let wake = self.wake_for(running);
        if wake.is_none() {
            for s in &mut run.states {
                if *s == St::Pending {
                    *s = St::Skipped;
                }
            }
        }
        wake
    }

    /// Marks the resources whose operation ended; true when one did.
    fn settle_resources(&self, run: &mut Run, plan: &Plan) -> bool {
        let mut moved = false;
        for (r, state) in plan.resources().iter().zip(run.states.iter_mut()) {
            let St::Running(op) = *state else {
                continue;
            };
            match self.operations.get(op).map(|o| o.status) {
                Some(OpStatus::Running) => continue,
                Some(OpStatus::Succeeded) => *state = St::Done,
                _ => {
                    *state = St::Failed;
                    run.errors.push((r.id.clone(), op_error(self, op, &r.id)));
                }
            }
            moved = true;
        }
        moved
    }

    /// Starts (in plan order) every pending resource whose dependencies all succeeded, and
    /// skips those with a failed one; true when one moved.
    fn start_ready(&mut self, run: &mut Run, plan: &Plan, order: &[usize]) -> bool {
        let res = plan.resources();
        let mut moved = false;
        for &i in order {
            if run.states.get(i) != Some(&St::Pending) {
                continue;
            }
            let deps = &res[i].depends_on;
            let state = |d: &usize| run.states.get(*d).cloned();
            if deps
                .iter()
                .any(|d| matches!(state(d), Some(St::Failed | St::Skipped)))
            {
                run.states[i] = St::Skipped;
                moved = true;
            } else if deps.iter().all(|d| state(d) == Some(St::Done)) {
                run.states[i] = match self.start_resource(run, plan, i) {
                    Ok(s) => s,
                    Err(e) => {
                        run.errors.push((res[i].id.clone(), e));
                        St::Failed
                    }
                };
                moved = true;
            }
        }
        moved
    }

    /// Resolves resource `i`'s body against the world and PUTs it as the deployer.
    fn start_resource(&mut self, run: &Run, plan: &Plan, i: usize) -> Result<St, ArmError> {
        let Some(r) = plan.resources().get(i) else {
            return Ok(St::Skipped);
        };
        let mut body = plan.resolve_body(i, &*self).map_err(|e| {
            let mut err = plain(
                400,
                e.code,
                &alloc::format!("{} (at '{}')", e.message, e.path),
            );
            err.target = Some(r.id.clone());
            err
        })?;
        if let Some(m) = body.as_object_mut() {
            // `scope` places an extension resource; it is part of the id, not of the body.
            m.remove("scope");
        }
        let req = Request::put(&r.id, body).as_principal(run.principal.clone());
        let resp = self.handle_request(&req);
        if resp.is_success() {
            return Ok(resp.operation.map_or(St::Done, St::Running));
        }
        let mut e = resp
            .error
            .unwrap_or_else(|| plain(resp.status, "Error", &resp.body.to_string()));
        e.target = Some(r.id.clone());
        Err(e)
    }

    /// Complete mode: what the group holds and `plan` does not, grouped by depth, deepest
    /// first (a workspace can only go once its services are gone).
    fn plan_deletes(&self, plan: &Plan) -> Deleting {
        let scope = plan.scope();
        let wanted = self.wanted_with_nested(plan);
        let mut extras: Vec<(usize, String)> =
            managed_in_group(self, &scope.subscription_id, &scope.resource_group)
                .into_iter()
                .filter(|(id, _)| !wanted.contains(&id.to_ascii_lowercase()))
                .map(|(id, _)| (id.matches('/').count(), id))
                .collect();
        extras.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let mut levels: Vec<Vec<String>> = Vec::new();
        let mut depth = usize::MAX;
        for (d, id) in extras {
            if d != depth || levels.is_empty() {
                levels.push(Vec::new());
                depth = d;
            }
            if let Some(level) = levels.last_mut() {
                level.push(id);
            }
        }
        Deleting {
            levels,
            ..Deleting::default()
        }
    }

    /// The ids a Complete-mode run keeps: the plan's, and what its nested deployments
    /// deployed (ARM: "the resources deployed in the linked or nested template are included
    /// in the evaluation for complete mode deployment", learn.microsoft.com/azure/
    /// azure-resource-manager/templates/linked-templates), read from their records'
    /// `outputResources`, nested ones too (bounded by the number of records).
    fn wanted_with_nested(&self, plan: &Plan) -> BTreeSet<String> {
        let mut wanted: BTreeSet<String> = plan
            .resources()
            .iter()
            .map(|r| r.id.to_ascii_lowercase())
            .collect();
        let mut queue: Vec<String> = wanted
            .iter()
            .filter(|id| id.contains("/providers/microsoft.resources/deployments/"))
            .cloned()
            .collect();
        let mut seen = BTreeSet::new();
        while let Some(d) = queue.pop() {
            if !seen.insert(d.clone()) || seen.len() > 1024 {
                continue;
            }
            let Some(record) = self.view(&d) else {
                continue;
            };
            let outputs = record["properties"]["outputResources"].as_array().cloned();
            for id in outputs
                .unwrap_or_default()
                .iter()
                .filter_map(|r| r["id"].as_str())
            {
                let id = id.to_ascii_lowercase();
                if id.contains("/providers/microsoft.resources/deployments/") {
                    queue.push(id.clone());
                }
                wanted.insert(id);
            }
        }
        wanted
    }

    /// Settles the current level's deletes and starts the next level. Returns when to look
    /// again, or `None` when done (or stopped by an error).
    fn advance_deletes(&mut self, run: &mut Run) -> Option<SimTime> {
        let mut d = run.deleting.take()?;
        let wake = loop {
            if let Some(at) = self.wake_for(d.ops.iter().map(|(op, _)| *op)) {
                break Some(at);
            }
            for (op, id) in core::mem::take(&mut d.ops) {
                if self.operation(op).map(|o| o.status) != Some(OpStatus::Succeeded) {
                    run.errors.push((id.clone(), op_error(self, op, &id)));
                }
            }
            if !run.errors.is_empty() {
                break None;
            }
            let Some(level) = d.levels.get(d.next).cloned() else {
                break None;
            };
            d.next += 1;
            for id in level {
                if self.find(&id).is_none() {
                    continue; // Gone with its parent already.
                }
                let resp =
                    self.handle_request(&Request::delete(&id).as_principal(run.principal.clone()));
                match (resp.is_success(), resp.operation, resp.error) {
                    (true, Some(op), _) => d.ops.push((op, id)),
                    (true, None, _) => {}
                    (false, _, e) => {
                        let mut e = e.unwrap_or_else(|| plain(resp.status, "Error", ""));
                        e.target = Some(id.clone());
                        run.errors.push((id, e));
                    }
                }
            }
        };
        run.deleting = Some(d);
        wake
    }

    /// Outputs, the final record, the operation's end.
    fn finish_deployment(&mut self, op: u64, mut run: Run, plan: Option<&Plan>) {
        if let Some(plan) = plan {
            let res = plan.resources();
            run.record.output_resources = res
                .iter()
                .zip(&run.states)
                .filter(|(_, s)| matches!(s, St::Done | St::Running(_)))
                .map(|(r, _)| json!({"id": r.id}))
                .collect();
            run.record.not_attempted = res
                .iter()
                .zip(&run.states)
                .filter(|(_, s)| **s == St::Skipped)
                .map(|(r, _)| r.id.clone())
                .collect();
            if run.errors.is_empty() {
                match plan.outputs(&*self) {
                    Ok(o) => run.record.outputs = o,
                    Err(e) => {
                        let msg = alloc::format!(
                            "Unable to evaluate template outputs: {} (at '{}').",
                            e.message,
                            e.path
                        );
                        let mut err = plain(400, "DeploymentOutputEvaluationFailed", &msg);
                        err.target = Some(run.id.clone());
                        run.errors.push((run.id.clone(), err));
                    }
                }
            }
        }
        let failed = !run.errors.is_empty();
        let state = if failed { "Failed" } else { "Succeeded" };
        let error = failed.then(|| error_body(&run.errors));
        let body = run.record.body(state, self.clock.now(), error);
        if let Some(node) = self.find_node(&run.id)
            && let Some(n) = self.store.node_mut(node)
        {
            n.res.body.edit()["properties"] = body["properties"].clone();
        }
        self.emit(EventKind::ProvisioningStateChanged {
            id: run.id.clone(),
            from: "Running".into(),
            to: state.into(),
        });
        let error = failed.then(|| {
            let mut e = plain(
                run.errors.first().map_or(400, |(_, e)| e.status),
                "DeploymentFailed",
                FAILED_MESSAGE,
            );
            e.target = Some(run.id.clone());
            e.rule = run.errors.iter().find_map(|(_, e)| e.rule);
            e
        });
        let status = if failed {
            OpStatus::Failed
        } else {
            OpStatus::Succeeded
        };
        self.finish_op(op, status, error);
    }
}
