//! What a tree shows of one resource: its label (a role assignment reads "Owner →
//! trainee@contoso.com", not a GUID), its kind, its state and the faults on it, as data; and
//! the hierarchy (subscription → group → workspace → its services, plus everything else) in
//! the store's deterministic order. Front ends draw these; they do not rebuild them.

use alloc::string::String;
use alloc::vec::Vec;
use serde::Serialize;

use hcsim_core::store::NodeId;
use hcsim_core::{ProvisioningState, ResKind, Resource, World};

/// How a state should read at a glance, so every front end marks it the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Tone {
    /// Done and usable (`Succeeded`).
    Ok,
    /// Failed.
    Failed,
    /// Something is in flight (`Accepted`, `Creating`, `Updating`, `Deleting`).
    Busy,
}

/// A provisioning state as a symbol, a word and a tone (readable without colour).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StateMark {
    /// `Succeeded`, `Creating` …
    pub word: &'static str,
    /// `✓`, `✗` or `…`.
    pub symbol: &'static str,
    /// How it reads.
    pub tone: Tone,
}

impl StateMark {
    /// The mark of a provisioning state.
    pub fn of(state: ProvisioningState) -> StateMark {
        let (symbol, tone) = match state {
            ProvisioningState::Succeeded => ("✓", Tone::Ok),
            ProvisioningState::Failed => ("✗", Tone::Failed),
            _ => ("…", Tone::Busy),
        };
        StateMark {
            word: state.as_str(),
            symbol,
            tone,
        }
    }

    /// `✓ Succeeded`.
    pub fn text(&self) -> String {
        alloc::format!("{} {}", self.symbol, self.word)
    }
}

/// An active fault that covers a resource.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultMark {
    /// The fault's number (`sim fault clear N`).
    pub number: u32,
    /// Its kind: `region-outage`, `key-vault-deny` …
    pub kind: &'static str,
    /// True when it covers everything (no region, no target): a tree leaves such faults to
    /// the status line, since marking every row would drown the tree.
    pub everywhere: bool,
}

/// One resource as a tree row shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeView {
    /// Canonical ARM id.
    pub id: String,
    /// The id relative to the current subscription, for reading (`rg1/workspaces/ws1`); the
    /// full id stays in `id`, shown on demand.
    pub short_id: String,
    /// The resource's name (for a subscription, its display name).
    pub name: String,
    /// What to show: see [`label`].
    pub label: String,
    /// Readable kind: `workspace`, `FHIR service` …
    pub kind: &'static str,
    /// ARM type.
    pub type_name: String,
    /// Location, for tracked types.
    pub location: Option<String>,
    /// The provisioning state; `None` for a subscription, which has none.
    pub state: Option<StateMark>,
    /// Active faults covering it.
    pub faults: Vec<FaultMark>,
}

impl NodeView {
    /// The view of one resource.
    pub fn of(world: &World, r: &Resource) -> NodeView {
        let name = match r.kind {
            ResKind::Subscription => world
                .subscription_name(&r.name)
                .unwrap_or_else(|| r.name.clone()),
            _ => r.name.clone(),
        };
        NodeView {
            id: r.id.clone(),
            short_id: super::names::relative_id(&r.id, &super::names::current_scope(world)),
            name,
            label: label(world, r),
            kind: r.kind.label(),
            type_name: r.type_name.as_str().into(),
            location: r.location.clone(),
            state: state_of(r),
            faults: faults_on(world, r),
        }
    }
}

/// A subtree: a node and its children, for front ends that take the whole tree at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TreeNode {
    /// The node.
    #[serde(flatten)]
    pub node: NodeView,
    /// Its children, in the store's (deterministic) order.
    pub children: Vec<TreeNode>,
}

/// The whole tree: subscriptions and everything under them.
pub fn tree(world: &World) -> Vec<TreeNode> {
    roots(world).filter_map(|n| subtree(world, n)).collect()
}

/// The subtree under `node`.
pub fn subtree(world: &World, node: NodeId) -> Option<TreeNode> {
    let r = world.store().res(node)?;
    Some(TreeNode {
        node: NodeView::of(world, r),
        children: children(world, node)
            .filter_map(|c| subtree(world, c))
            .collect(),
    })
}

/// The top of the hierarchy: the subscriptions, in order.
pub fn roots(world: &World) -> impl Iterator<Item = NodeId> + '_ {
    world.store().roots()
}

/// The children of a node, in the store's order (by lower-cased `type/name`), so every front
/// end lists them the same way.
pub fn children(world: &World, node: NodeId) -> impl DoubleEndedIterator<Item = NodeId> + '_ {
    world
        .store()
        .node(node)
        .into_iter()
        .flat_map(|n| n.children.values().copied())
}

/// The readable name of a resource: a subscription as "Display name (id)", a role assignment
/// as "Role → principal", a lock as "name (level)", anything else by its name.
pub fn label(world: &World, r: &Resource) -> String {
    match r.kind {
        ResKind::Subscription => {
            let name = r.body.str_at(&["displayName"]).unwrap_or("");
            alloc::format!("{name} ({})", r.name)
        }
        ResKind::RoleAssignment => super::names::role_assignment(world, r),
        ResKind::Lock => {
            let level = r.body.str_at(&["properties", "level"]).unwrap_or("");
            alloc::format!("{} ({level})", r.name)
        }
        _ => r.name.clone(),
    }
}

/// The state mark of a resource; a subscription has none.
pub fn state_of(r: &Resource) -> Option<StateMark> {
    (r.kind != ResKind::Subscription).then(|| StateMark::of(r.state))
}

/// The active faults covering a resource (none on subscriptions), each kind once.
pub fn faults_on(world: &World, r: &Resource) -> Vec<FaultMark> {
    let mut out: Vec<FaultMark> = Vec::new();
    if r.kind == ResKind::Subscription {
        return out;
    }
    let id_lower = r.id.to_ascii_lowercase();
    for f in world.faults() {
        if f.covers(&id_lower, &r.type_name, r.location.as_deref()) {
            out.push(FaultMark {
                number: f.id,
                kind: f.spec.kind.id(),
                everywhere: f.spec.region.is_none() && f.spec.target.is_none(),
            });
        }
    }
    out
}
