//! The tree's row index: the resource tree flattened into the rows the tree pane can show
//! (expanded nodes only, or the matches of a filter and their ancestors).
//!
//! The index holds node ids and depths only, so rebuilding it is one cheap walk; it is rebuilt
//! when the world's shape changes (a resource created or deleted, an undo, a new filter or
//! expansion), never per frame. Drawing reads just the visible slice of it (the bottom model):
//! with 100k resources a frame still formats only the ~50 rows on screen.

use std::collections::BTreeSet;

use hcsim_core::store::NodeId;
use hcsim_core::{Resource, World};
use hcsim_lab::view;

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
        let rows = if filter.is_empty() {
            expanded_rows(world, collapsed)
        } else {
            filtered_rows(world, &filter.to_lowercase())
        };
        TreeIndex { rows }
    }

    /// The row showing `node`, if any.
    pub fn position(&self, node: NodeId) -> Option<usize> {
        self.rows.iter().position(|r| r.node == node)
    }
}

/// The fault kinds marked on a row: faults that cover everything are left to the status line
/// (the lab's [`hcsim_lab::view::FaultMark::everywhere`]), each kind once.
pub fn row_faults(world: &World, r: &Resource) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for f in view::node::faults_on(world, r) {
        if !f.everywhere && !out.contains(&f.kind) {
            out.push(f.kind);
        }
    }
    out
}

/// Every node whose ancestors are all expanded, in the lab's hierarchy order.
fn expanded_rows(world: &World, collapsed: &BTreeSet<String>) -> Vec<Row> {
    let store = world.store();
    let mut rows = Vec::new();
    let mut stack: Vec<(NodeId, u16)> = view::node::roots(world)
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
            && (collapsed.is_empty() || !collapsed.contains(&node.res.id.to_ascii_lowercase()));
        rows.push(Row {
            node: n,
            depth,
            has_children,
            expanded,
        });
        if expanded {
            for c in view::node::children(world, n).rev() {
                stack.push((c, depth + 1));
            }
        }
    }
    rows
}

/// The nodes whose label contains `needle` (lower-cased) and their ancestors, all expanded.
fn filtered_rows(world: &World, needle: &str) -> Vec<Row> {
    let store = world.store();
    let mut all: Vec<(NodeId, u16)> = Vec::new();
    for root in view::node::roots(world) {
        let mut stack = vec![(root, 0u16)];
        while let Some((n, d)) = stack.pop() {
            all.push((n, d));
            for c in view::node::children(world, n).rev() {
                stack.push((c, d + 1));
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
            .is_some_and(|r| view::label(world, r).to_lowercase().contains(needle));
        let k = me || pending[d + 1];
        pending[d + 1] = false;
        pending[d] |= k;
        keep[i] = k;
    }
    all.iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|((n, d), _)| {
            let has_children = store.node(*n).is_some_and(|x| !x.children.is_empty());
            Row {
                node: *n,
                depth: *d,
                has_children,
                expanded: has_children,
            }
        })
        .collect()
}
