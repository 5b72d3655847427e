//! The live diagram as data: subscriptions → resource groups → workspaces → services, with
//! Key Vaults, virtual networks, private endpoints and Event Hubs beside them. The workspace is
//! drawn as the compliance boundary; its shared settings are listed once on it and every child
//! names what it inherits (the core's `effective_settings` says where each comes from); locks,
//! the last data-plane probe, faults and an unreachable customer-managed key are badges; a
//! region outage greys its nodes out; private link, customer-managed keys and MedTech's flow
//! are relations (the core's `relations_of`). The front end only lays out and draws.
//!
//! Role assignments, locks, private endpoint connections and deployment records are not boxes:
//! they show as the settings, badges and relations they amount to.

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::string::String;
use alloc::vec::Vec;
use serde::Serialize;

use hcsim_core::store::NodeId;
use hcsim_core::{EventKind, FaultKind, Relation, ResKind, Resource, World};

use super::names;
use super::node::{self, StateMark, Tone};

/// At most this many children of one box are drawn; the rest are counted (`hidden`).
pub const MAX_CHILDREN: usize = 40;
/// At most this many boxes in all, so a 10k-resource world stays quick to draw.
pub const MAX_NODES: usize = 600;

/// What a badge says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum BadgeKind {
    /// A management lock sits here.
    Lock,
    /// The last data-plane probe's answer.
    Probe,
    /// An active fault covers it.
    Fault,
    /// Its customer-managed key cannot be reached: the service answers 500.
    Key,
}

/// A small mark on a box, as text (never colour alone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Badge {
    /// What it is.
    pub kind: BadgeKind,
    /// Its text: `lock keep (CanNotDelete)`, `probe 200`, `⚠ key-vault-deny #1`.
    pub text: String,
    /// The longer explanation (a probe's reason, a key's problem).
    pub detail: String,
    /// How it reads.
    pub tone: Tone,
}

/// A workspace-level setting in force, as the workspace box lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedSetting {
    /// `private link`, `customer-managed key`, `monitoring`, `RBAC`.
    pub setting: String,
    /// Its value.
    pub value: String,
}

/// One box.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiagramNode {
    /// Canonical ARM id.
    pub id: String,
    /// The id relative to the current subscription.
    pub short_id: String,
    /// The box it is drawn in (the nearest drawn ancestor); `None` for a subscription.
    pub parent: Option<String>,
    /// The label, as the tree shows it.
    pub label: String,
    /// Readable kind: `workspace`, `FHIR service` …
    pub kind: &'static str,
    /// ARM type.
    pub type_name: String,
    /// Location, for tracked types.
    pub location: Option<String>,
    /// Provisioning state; `None` for a subscription.
    pub state: Option<StateMark>,
    /// True for a workspace: the compliance boundary its services' data stays in.
    pub boundary: bool,
    /// On a workspace: the settings set on it (not defaults), drawn once.
    pub shared: Vec<SharedSetting>,
    /// On a workspace's child: the settings it inherits from the workspace.
    pub inherits: Vec<String>,
    /// Locks, probe answer, faults (a region outage is `unavailable` instead), key problems.
    pub badges: Vec<Badge>,
    /// Why it is greyed out (a region outage), when it is.
    pub unavailable: Option<String>,
    /// Children not drawn (beyond [`MAX_CHILDREN`] or [`MAX_NODES`]).
    pub hidden: usize,
}

/// The whole picture.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagram {
    /// Boxes, parents before children, in the store's order.
    pub nodes: Vec<DiagramNode>,
    /// Relations between drawn boxes (private link, keys, MedTech flow).
    pub relations: Vec<Relation>,
    /// Regions down now, readable (`eastus (fault #1)`).
    pub regions_down: Vec<String>,
}

/// True for resources drawn as boxes (the others become settings, badges or relations).
fn drawn(kind: ResKind) -> bool {
    !matches!(
        kind,
        ResKind::RoleAssignment
            | ResKind::Lock
            | ResKind::PrivateEndpointConnection
            | ResKind::Deployment
    )
}

/// Declares relations of its own (asked of the core only for these).
fn has_relations(kind: ResKind) -> bool {
    matches!(
        kind,
        ResKind::PrivateEndpoint
            | ResKind::Workspace
            | ResKind::Fhir
            | ResKind::Dicom
            | ResKind::Iot
            | ResKind::FhirDestination
    )
}

/// The world's diagram.
pub fn diagram(world: &World) -> Diagram {
    let mut b = Builder {
        world,
        scope: names::current_scope(world),
        probes: last_probes(world),
        out: Diagram {
            nodes: Vec::new(),
            relations: Vec::new(),
            regions_down: regions_down(world),
        },
    };
    for root in node::roots(world) {
        b.walk(root, None, None);
    }
    let ids: BTreeSet<String> = b.out.nodes.iter().map(|n| n.id.to_lowercase()).collect();
    b.out
        .relations
        .retain(|r| ids.contains(&r.from.to_lowercase()) && ids.contains(&r.to.to_lowercase()));
    b.out
}

/// The last probe answer per service id (lower-cased), from the events the world keeps.
fn last_probes(world: &World) -> BTreeMap<String, (u16, String)> {
    let mut out = BTreeMap::new();
    for e in world.events() {
        if let EventKind::ProbeAnswered { id, status, reason } = &e.kind {
            out.insert(id.to_lowercase(), (*status, reason.clone()));
        }
    }
    out
}

fn regions_down(world: &World) -> Vec<String> {
    world
        .faults()
        .filter(|f| f.spec.kind == FaultKind::RegionOutage)
        .filter_map(|f| {
            let r = f.spec.region.as_deref()?;
            Some(alloc::format!("{r} (fault #{}, until {})", f.id, f.ends))
        })
        .collect()
}

struct Builder<'a> {
    world: &'a World,
    scope: String,
    probes: BTreeMap<String, (u16, String)>,
    out: Diagram,
}

impl Builder<'_> {
    /// Draws `n` (if it is drawn) inside `parent`, then its children; `ws` is the workspace
    /// above, whose settings the children inherit.
    fn walk(&mut self, n: NodeId, parent: Option<usize>, ws: Option<&str>) {
        let Some(r) = self.world.store().res(n) else {
            return;
        };
        if !drawn(r.kind) {
            return;
        }
        if self.out.nodes.len() >= MAX_NODES {
            if let Some(p) = parent {
                self.out.nodes[p].hidden += 1;
            }
            return;
        }
        let index = self.out.nodes.len();
        let node = self.node(n, r, parent, ws);
        self.out.nodes.push(node);
        if has_relations(r.kind) {
            self.out.relations.extend(self.world.relations_of(&r.id));
        }
        let ws_id = if r.kind == ResKind::Workspace {
            Some(r.id.clone())
        } else {
            ws.map(String::from)
        };
        let mut shown = 0;
        for c in node::children(self.world, n) {
            let kind = self.world.store().res(c).map(|c| c.kind);
            if !kind.is_some_and(drawn) {
                continue;
            }
            if shown >= MAX_CHILDREN {
                self.out.nodes[index].hidden += 1;
                continue;
            }
            shown += 1;
            self.walk(c, Some(index), ws_id.as_deref());
        }
    }

    fn node(
        &self,
        n: NodeId,
        r: &Resource,
        parent: Option<usize>,
        ws: Option<&str>,
    ) -> DiagramNode {
        let view = node::NodeView::of(self.world, r);
        let (shared, inherits) = self.settings(r, ws);
        let unavailable = view
            .faults
            .iter()
            .find(|f| f.kind == FaultKind::RegionOutage.id())
            .map(|f| {
                alloc::format!(
                    "region {} down (fault #{})",
                    r.location.as_deref().unwrap_or(""),
                    f.number
                )
            });
        DiagramNode {
            parent: parent.map(|p| self.out.nodes[p].id.clone()),
            short_id: names::relative_id(&r.id, &self.scope),
            badges: self.badges(n, r, &view.faults),
            boundary: r.kind == ResKind::Workspace,
            shared,
            inherits,
            unavailable,
            hidden: 0,
            id: view.id,
            label: view.label,
            kind: view.kind,
            type_name: view.type_name,
            location: view.location,
            state: view.state,
        }
    }

    /// A workspace's own settings (set on it), or what a child inherits from its workspace:
    /// the core's answer, by source.
    fn settings(&self, r: &Resource, ws: Option<&str>) -> (Vec<SharedSetting>, Vec<String>) {
        let (mut shared, mut inherits) = (Vec::new(), Vec::new());
        let Some(list) = self.world.effective_settings(&r.id) else {
            return (shared, inherits);
        };
        for s in list {
            if r.kind == ResKind::Workspace && s.source.eq_ignore_ascii_case(&r.id) {
                shared.push(SharedSetting {
                    setting: s.setting,
                    value: names::shorten_ids(&s.value, &self.scope),
                });
            } else if ws.is_some_and(|w| s.source.eq_ignore_ascii_case(w)) {
                inherits.push(s.setting);
            }
        }
        (shared, inherits)
    }

    fn badges(&self, n: NodeId, r: &Resource, faults: &[node::FaultMark]) -> Vec<Badge> {
        let mut out = Vec::new();
        for c in node::children(self.world, n) {
            let Some(lock) = self
                .world
                .store()
                .res(c)
                .filter(|l| l.kind == ResKind::Lock)
            else {
                continue;
            };
            out.push(Badge {
                kind: BadgeKind::Lock,
                text: alloc::format!("lock {}", node::label(self.world, lock)),
                detail: String::from("A lock here applies to everything inside this box."),
                tone: Tone::Busy,
            });
        }
        if let Some((status, reason)) = self.probes.get(&r.id.to_lowercase()) {
            out.push(Badge {
                kind: BadgeKind::Probe,
                text: alloc::format!("probe {status}"),
                detail: reason.clone(),
                tone: if *status < 400 {
                    Tone::Ok
                } else {
                    Tone::Failed
                },
            });
        }
        // A region outage is the box's `unavailable` note, not one more badge.
        let outage = FaultKind::RegionOutage.id();
        for f in faults.iter().filter(|f| !f.everywhere && f.kind != outage) {
            out.push(Badge {
                kind: BadgeKind::Fault,
                text: alloc::format!("⚠ {} #{}", f.kind, f.number),
                detail: String::from("An injected fault covers this resource."),
                tone: Tone::Failed,
            });
        }
        if matches!(r.kind, ResKind::Workspace | ResKind::Fhir | ResKind::Dicom)
            && let Some(problem) = self.world.key_problem(&r.id)
        {
            out.push(Badge {
                kind: BadgeKind::Key,
                text: String::from("✗ key unreachable"),
                detail: problem,
                tone: Tone::Failed,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests;
