//! The world's invariants the soak checks after every step.

use hcsim_core::id::ArmPath;
use hcsim_core::{ProvisioningState, ResKind, Resource, World};
use hcsim_lab::Lab;

/// Every resource of the world, in tree order.
fn resources(w: &World) -> Vec<&Resource> {
    let s = w.store();
    s.roots()
        .flat_map(|root| s.pre_order(root))
        .filter_map(|n| s.res(n))
        .collect()
}

/// A region as ARM compares them: case and spaces aside.
fn region(r: &Resource) -> Option<String> {
    r.location
        .as_deref()
        .map(|l| l.to_lowercase().replace(' ', ""))
}

/// Checks the invariants of one world; the number of checks made.
///
/// - every resource's id parses, and its parent (by id) exists: no child without its
///   parent, nothing left in a deleted group;
/// - a workspace's services are in the workspace's region;
/// - locks have a level Azure knows; role assignments name a built-in role.
pub fn check_world(w: &World) -> Result<u64, String> {
    let mut checks = 0;
    for r in resources(w) {
        let p = ArmPath::parse(&r.id).map_err(|e| format!("'{}' does not parse: {}", r.id, e.0))?;
        if let Some(parent) = p.parent() {
            let parent_id = parent.to_string();
            let Some(up) = w.find(&parent_id) else {
                return Err(format!(
                    "'{}' exists without its parent '{parent_id}'",
                    r.id
                ));
            };
            if r.kind.is_workspace_service() && region(r) != region(up) {
                return Err(format!(
                    "'{}' is in {:?} but its workspace is in {:?}",
                    r.id, r.location, up.location
                ));
            }
        }
        if let Some(g) = p.resource_group().filter(|_| p.segments.len() > 2) {
            let group = ArmPath::at_subscription(p.subscription())
                .group(g)
                .to_string();
            if w.find(&group).is_none() {
                return Err(format!("'{}' is left in the deleted group '{g}'", r.id));
            }
        }
        match r.kind {
            ResKind::Lock => {
                let level = r.body.str_at(&["properties", "level"]).unwrap_or("");
                if !["CanNotDelete", "ReadOnly"].contains(&level) {
                    return Err(format!("lock '{}' has level {level:?}", r.id));
                }
            }
            ResKind::RoleAssignment => {
                let role = r
                    .body
                    .str_at(&["properties", "roleDefinitionId"])
                    .unwrap_or("");
                if hcsim_core::rbac::find_role(role).is_none() {
                    return Err(format!(
                        "role assignment '{}' names no role: {role:?}",
                        r.id
                    ));
                }
            }
            _ => {}
        }
        checks += 1;
    }
    Ok(checks)
}

/// What the locks of a world protect, taken before a step: (lock id, read-only, resource
/// id, its tags). Resources busy at the time (a delete already running) are left out.
pub struct Locked(Vec<(String, bool, String, serde_json::Value)>);

impl Locked {
    /// The protected resources of `w`.
    pub fn of(w: &World) -> Locked {
        let s = w.store();
        let mut out = Vec::new();
        for lock in resources(w).into_iter().filter(|r| r.kind == ResKind::Lock) {
            let read_only = lock.body.str_at(&["properties", "level"]) == Some("ReadOnly");
            let Some(scope) = ArmPath::parse(&lock.id).ok().and_then(|p| p.parent()) else {
                continue;
            };
            let Some(node) = s.find(&scope) else { continue };
            for n in s.pre_order(node) {
                let Some(r) = s.res(n) else { continue };
                if r.state.is_busy() || matches!(r.kind, ResKind::Lock | ResKind::RoleAssignment) {
                    continue;
                }
                out.push((
                    lock.id.clone(),
                    read_only,
                    r.id.clone(),
                    r.body.value()["tags"].clone(),
                ));
            }
        }
        Locked(out)
    }

    /// While a lock stays, what it protected stays (no lock lets a delete through), and
    /// under a ReadOnly lock a settled resource keeps its tags (no write gets through).
    pub fn still_holds(&self, w: &World) -> Result<(), String> {
        for (lock, read_only, id, tags) in &self.0 {
            if w.find(lock).is_none() {
                continue;
            }
            let Some(r) = w.find(id) else {
                return Err(format!("'{id}' was deleted under the lock '{lock}'"));
            };
            if *read_only
                && r.state == ProvisioningState::Succeeded
                && r.body.value()["tags"] != *tags
            {
                return Err(format!(
                    "'{id}' was changed under the ReadOnly lock '{lock}'"
                ));
            }
        }
        Ok(())
    }
}

/// Saves `lab` and loads the text back: the loaded session must have the same trace and
/// save to the same text. Returns the loaded one.
pub fn round_trip(lab: &Lab) -> Result<Lab, String> {
    let text = lab.save();
    let back = Lab::load(&text).map_err(|e| format!("a saved session does not load: {}", e.0))?;
    if back.world().trace_hash_hex() != lab.world().trace_hash_hex() {
        return Err(format!(
            "the loaded session has another trace: {} then {}",
            lab.world().trace_hash_hex(),
            back.world().trace_hash_hex()
        ));
    }
    if back.save() != text {
        return Err("the loaded session saves to another text".into());
    }
    Ok(back)
}
