//! The tree's row index: the resource tree flattened into the rows the tree pane can show
//! (expanded nodes only, or the matches of a filter and their ancestors).
//!
//! The index holds node ids and depths only, so rebuilding it is one cheap walk; it is rebuilt
//! when the world's shape changes (a resource created or deleted, an undo, a new filter or
//! expansion), never per frame. Drawing reads just the visible slice of it (the bottom model):
//! with 100k resources a frame still formats only the ~50 rows on screen.

use std::collections::BTreeSet;

use hcsim_core::store::NodeId;
use hcsim_core::{ProvisioningState, ResKind, Resource, World};

/// One visible row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    /// The node.
    pub node: NodeId,
    /// Nesting depth (subscriptions are 0).
    pub depth: u16,
    /// True if the node has children.
    pub has_children: bool,
    /// True if its children are shown.
    pub expanded: bool,
}

/// The flattened rows.
#[derive(Clone, Debug, Default)]
pub struct TreeIndex {
    /// Rows in display order.
    pub rows: Vec<Row>,
}

impl TreeIndex {
    /// Builds the rows: every node whose ancestors are all expanded; with a filter, the nodes
    /// whose name contains it (case-insensitively) and their ancestors, whatever is collapsed.
    pub fn build(world: &World, collapsed: &BTreeSet<String>, filter: &str) -> TreeIndex {
        let store = world.store();
        let mut rows = Vec::new();
        if filter.is_empty() {
            let mut stack: Vec<(NodeId, u16)> = store
                .roots()
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .map(|n| (n, 0))
                .collect();
            while let Some((n, depth)) = stack.pop() {
                let Some(node) = store.node(n) else { continue };
                let has_children = !node.children.is_empty();
                // Only nodes with children can be collapsed, so only they pay the look-up.
                let expanded = has_children
                    && (collapsed.is_empty()
                        || !collapsed.contains(&node.res.id.to_ascii_lowercase()));
                rows.push(Row {
                    node: n,
                    depth,
                    has_children,
                    expanded,
                });
                if expanded {
                    for c in node.children.values().rev() {
                        stack.push((*c, depth + 1));
                    }
                }
            }
        } else {
            let needle = filter.to_lowercase();
            let mut all: Vec<(NodeId, u16)> = Vec::new();
            for root in store.roots() {
                let mut stack = vec![(root, 0u16)];
                while let Some((n, d)) = stack.pop() {
                    all.push((n, d));
                    if let Some(node) = store.node(n) {
                        for c in node.children.values().rev() {
                            stack.push((*c, d + 1));
                        }
                    }
                }
            }
            // Reverse pre-order visits a node's subtree just before the node itself, so
            // `pending[d + 1]` holds "some child of this node is kept" when we reach it.
            let mut keep = vec![false; all.len()];
            let mut pending: Vec<bool> = Vec::new();
            for (i, (n, d)) in all.iter().enumerate().rev() {
                let d = *d as usize;
                if pending.len() < d + 2 {
                    pending.resize(d + 2, false);
                }
                let me = store
                    .res(*n)
                    .is_some_and(|r| label_text(world, r).to_lowercase().contains(&needle));
                let k = me || pending[d + 1];
                pending[d + 1] = false;
                pending[d] |= k;
                keep[i] = k;
            }
            for (i, (n, d)) in all.iter().enumerate() {
                if keep[i] {
                    let has_children = store.node(*n).is_some_and(|x| !x.children.is_empty());
                    rows.push(Row {
                        node: *n,
                        depth: *d,
                        has_children,
                        expanded: has_children,
                    });
                }
            }
        }
        TreeIndex { rows }
    }

    /// The row showing `node`, if any.
    pub fn position(&self, node: NodeId) -> Option<usize> {
        self.rows.iter().position(|r| r.node == node)
    }
}

/// The readable name of a resource as the tree shows it (without state).
pub fn label_text(world: &World, r: &Resource) -> String {
    match r.kind {
        ResKind::Subscription => {
            let name = r.body["displayName"].as_str().unwrap_or("");
            format!("{name} ({})", r.name)
        }
        ResKind::RoleAssignment => {
            let role = r.body["properties"]["roleDefinitionId"]
                .as_str()
                .and_then(hcsim_core::rbac::find_role)
                .map(|x| x.name)
                .unwrap_or("role");
            let pid = r.body["properties"]["principalId"].as_str().unwrap_or("");
            let who = world
                .directory()
                .find(pid)
                .map(|p| p.name.clone())
                .unwrap_or_else(|| pid.to_string());
            format!("{role} → {who}")
        }
        ResKind::Lock => {
            let level = r.body["properties"]["level"].as_str().unwrap_or("");
            format!("{} ({level})", r.name)
        }
        _ => r.name.clone(),
    }
}

/// The state as symbol + word, readable without colour.
pub fn state_text(s: ProvisioningState) -> &'static str {
    match s {
        ProvisioningState::Succeeded => "✓ Succeeded",
        ProvisioningState::Failed => "✗ Failed",
        ProvisioningState::Accepted => "… Accepted",
        ProvisioningState::Creating => "… Creating",
        ProvisioningState::Updating => "… Updating",
        ProvisioningState::Deleting => "… Deleting",
    }
}

/// The ids (kinds) of the active faults that cover a resource: `region-outage` …
pub fn faults_on(world: &World, r: &Resource) -> Vec<&'static str> {
    let mut out = Vec::new();
    if r.kind == ResKind::Subscription {
        return out;
    }
    let id_lower = r.id.to_ascii_lowercase();
    for f in world.faults() {
        // A fault with neither region nor target covers everything; flagging every row
        // with it would drown the tree, and the status bar already names it.
        if f.spec.region.is_none() && f.spec.target.is_none() {
            continue;
        }
        if f.covers(&id_lower, &r.type_name, r.location.as_deref())
            && !out.contains(&f.spec.kind.id())
        {
            out.push(f.spec.kind.id());
        }
    }
    out
}
