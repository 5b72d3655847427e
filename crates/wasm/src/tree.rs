//! The tree panel's rows: only what the panel draws, not the whole tree. At 10k resources the
//! whole tree (built, compared, serialized, parsed by the page) cost more than the redraw
//! itself, while the panel draws a few dozen rows: groups with many children start collapsed
//! and an open node shows its first [`MAX_CHILDREN_SHOWN`] children. The panel keeps the
//! user's expansions and the filter; this module applies the panel's rules to them.
//!
//! The rules (the page's `web/src/tree.js` drew the same rows from the whole tree):
//! - a node the user opened or closed is open or closed; any other node is open when it is
//!   less than [`AUTO_EXPAND_DEPTH`] deep and has at most [`AUTO_EXPAND_LIMIT`] children;
//! - with a filter, a node is drawn when its label, name or id holds the filter text (case
//!   aside) or one of its descendants' does, and every drawn node with children is open;
//! - an open node draws its first [`MAX_CHILDREN_SHOWN`] (drawn) children in the store's
//!   order and counts the rest in `more`.

use hcsim_core::store::NodeId;
use hcsim_core::{ResKind, Resource, World};
use hcsim_lab::view::node;
use hcsim_lab::view::{NodeView, Tone};

use crate::views::TreeRow;

/// At most this many children of one node are drawn (the filter finds the rest).
pub const MAX_CHILDREN_SHOWN: usize = 200;
/// Nodes with more children than this start collapsed.
pub const AUTO_EXPAND_LIMIT: usize = 50;
/// Nodes this deep or deeper start collapsed (subscription 0, group 1, workspace 2).
pub const AUTO_EXPAND_DEPTH: u32 = 3;

/// What the panel asks for.
pub struct Wanted<'a> {
    /// The filter text, lower-cased (empty: no filter).
    pub filter: &'a str,
    /// Ids (lower-cased) the user opened, one a line.
    pub open: &'a str,
    /// Ids (lower-cased) the user closed, one a line.
    pub closed: &'a str,
}

/// The rows the panel draws, each node before its children.
pub fn rows(world: &World, wanted: &Wanted) -> Vec<TreeRow> {
    let filter = wanted.filter.to_lowercase();
    let mut walk = Walk {
        world,
        wanted,
        filter: &filter,
        out: Vec::new(),
    };
    for root in node::roots(world) {
        if walk.drawn(root) {
            walk.visit(root, 0);
        }
    }
    walk.out
}

/// Whether some resource is in flight (its state reads busy: `Creating`, `Deleting` …).
pub fn anything_busy(world: &World) -> bool {
    node::roots(world).any(|n| busy_under(world, n))
}

/// Whether `n` or a descendant is in flight.
fn busy_under(world: &World, n: NodeId) -> bool {
    world
        .store()
        .res(n)
        .and_then(node::state_of)
        .is_some_and(|m| m.tone == Tone::Busy)
        || node::children(world, n).any(|c| busy_under(world, c))
}

/// One computation of the rows.
struct Walk<'a> {
    world: &'a World,
    wanted: &'a Wanted<'a>,
    /// The filter, lower-cased (empty: none).
    filter: &'a str,
    out: Vec<TreeRow>,
}

impl Walk<'_> {
    /// Whether `n` is drawn when its parent is open.
    fn drawn(&self, n: NodeId) -> bool {
        if self.filter.is_empty() {
            self.world.store().res(n).is_some()
        } else {
            matches(self.world, n, self.filter)
        }
    }

    /// Adds the rows of `n` (which is drawn) and of its drawn children.
    fn visit(&mut self, n: NodeId, depth: u32) {
        let Some(r) = self.world.store().res(n) else {
            return;
        };
        let kids = node::children(self.world, n)
            .filter(|c| self.world.store().res(*c).is_some())
            .count();
        let has_kids = kids > 0;
        let open = has_kids && (!self.filter.is_empty() || self.expanded(r, depth, kids));
        let at = self.out.len();
        self.out.push(TreeRow::of(
            NodeView::of(self.world, r),
            depth,
            has_kids,
            open,
        ));
        if !open {
            return;
        }
        let (mut shown, mut more) = (0, 0u32);
        for c in node::children(self.world, n) {
            if !self.drawn(c) {
                continue;
            }
            if shown < MAX_CHILDREN_SHOWN {
                shown += 1;
                self.visit(c, depth + 1);
            } else {
                more += 1;
            }
        }
        self.out[at].more = more;
    }

    /// Whether a node without a filter is open: the user's choice, else the default.
    fn expanded(&self, r: &Resource, depth: u32, kids: usize) -> bool {
        if !self.wanted.open.is_empty() || !self.wanted.closed.is_empty() {
            let key = r.id.to_lowercase();
            let listed = |ids: &str| ids.split('\n').any(|id| id == key);
            if listed(self.wanted.open) {
                return true;
            }
            if listed(self.wanted.closed) {
                return false;
            }
        }
        depth < AUTO_EXPAND_DEPTH && kids <= AUTO_EXPAND_LIMIT
    }
}

/// Whether a filter (lower-cased) draws `n`: its label, name or id holds the filter, or a
/// descendant's does. (An open node's children are asked again: at most a few levels deep.)
fn matches(world: &World, n: NodeId, filter: &str) -> bool {
    world
        .store()
        .res(n)
        .is_some_and(|r| matches_itself(world, r, filter))
        || node::children(world, n).any(|c| matches(world, c, filter))
}

/// Whether a resource's label, name or id holds `filter` (lower-cased).
fn matches_itself(world: &World, r: &Resource, filter: &str) -> bool {
    // Bytes compared: a UTF-8 text holds a text exactly when its bytes hold its bytes (and
    // `str::contains` would add a searcher's code to the start module for this one use).
    let holds = |text: &str| {
        let text = text.to_lowercase();
        text.as_bytes()
            .windows(filter.len().max(1))
            .any(|w| w == filter.as_bytes())
    };
    if holds(&r.id) || holds(&node::label(world, r)) {
        return true;
    }
    match r.kind {
        // A subscription's name is its display name (`NodeView::name`).
        ResKind::Subscription => world
            .subscription_name(&r.name)
            .map_or_else(|| holds(&r.name), |name| holds(&name)),
        _ => holds(&r.name),
    }
}
