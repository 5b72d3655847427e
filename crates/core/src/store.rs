//! The resource index: a tree of per-level maps keyed by short, lower-cased `type/name`
//! segments (subscription → group → workspace → child). A look-up is a few small-map steps,
//! so its cost grows with log n per level instead of comparing whole ~140-character ids.
//!
//! Nodes are shared by reference count and copied on write, in shared chunks of slots: a
//! clone of the store (a history checkpoint, an undo's starting world) copies one pointer per
//! chunk of [`SLOTS_PER_CHUNK`] nodes, and a chunk or a node is copied only when one of the
//! sharing stores changes it.

use alloc::collections::BTreeMap;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

use crate::id::{ArmPath, Segment};
use crate::resource::Resource;

/// Index of a node in the arena.
pub type NodeId = u32;

/// A resource in the tree.
#[derive(Clone, Debug)]
pub struct Node {
    /// The resource.
    pub res: Resource,
    /// Its parent node (None for a subscription).
    pub parent: Option<NodeId>,
    /// Children by lower-cased `type/name` key (ordered: deterministic iteration).
    pub children: BTreeMap<String, NodeId>,
}

/// Node slots per shared chunk of the arena.
pub const SLOTS_PER_CHUNK: usize = 64;

/// The arena's slots, in chunks shared by reference count (copied on write).
#[derive(Clone, Debug, Default)]
struct Slots {
    chunks: Vec<Rc<Vec<Option<Rc<Node>>>>>,
    len: usize,
}

impl Slots {
    /// The node in slot `i`, if any.
    fn get(&self, i: usize) -> Option<&Rc<Node>> {
        self.chunks
            .get(i / SLOTS_PER_CHUNK)?
            .get(i % SLOTS_PER_CHUNK)?
            .as_ref()
    }

    /// Slot `i`, writable (its chunk copied first if shared).
    fn slot_mut(&mut self, i: usize) -> Option<&mut Option<Rc<Node>>> {
        let chunk = self.chunks.get_mut(i / SLOTS_PER_CHUNK)?;
        Rc::make_mut(chunk).get_mut(i % SLOTS_PER_CHUNK)
    }

    /// Appends a slot holding `node`; its index.
    fn push(&mut self, node: Rc<Node>) -> usize {
        if self.len.is_multiple_of(SLOTS_PER_CHUNK) {
            self.chunks
                .push(Rc::new(Vec::with_capacity(SLOTS_PER_CHUNK)));
        }
        if let Some(last) = self.chunks.last_mut() {
            Rc::make_mut(last).push(Some(node));
        }
        self.len += 1;
        self.len - 1
    }
}

/// The arena of nodes plus the roots (subscriptions).
#[derive(Clone, Debug, Default)]
pub struct Store {
    nodes: Slots,
    free: Vec<NodeId>,
    roots: BTreeMap<String, NodeId>,
    len: usize,
}

impl Store {
    /// Number of resources (subscriptions included).
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when there is nothing at all.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The node for a parsed path, if every segment exists.
    pub fn find(&self, path: &ArmPath) -> Option<NodeId> {
        self.find_segments(&path.segments)
    }

    /// The node for a segment list.
    pub fn find_segments(&self, segments: &[Segment]) -> Option<NodeId> {
        let (first, rest) = segments.split_first()?;
        let mut node = *first.with_key(|k| self.roots.get(k))?;
        for s in rest {
            let children = &self.node(node)?.children;
            node = *s.with_key(|k| children.get(k))?;
        }
        Some(node)
    }

    /// Borrow a node.
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id as usize).map(|n| &**n)
    }

    /// Borrow a node mutably (copied first if another store shares it).
    pub fn node_mut(&mut self, id: NodeId) -> Option<&mut Node> {
        self.nodes
            .slot_mut(id as usize)
            .and_then(Option::as_mut)
            .map(Rc::make_mut)
    }

    /// Borrow a node's resource.
    pub fn res(&self, id: NodeId) -> Option<&Resource> {
        self.node(id).map(|n| &n.res)
    }

    /// Inserts a resource under `parent` (or as a root) with the segment `key`.
    pub fn insert(&mut self, parent: Option<NodeId>, key: String, res: Resource) -> NodeId {
        let node = Rc::new(Node {
            res,
            parent,
            children: BTreeMap::new(),
        });
        let id = match self.free.pop() {
            Some(id) => {
                if let Some(slot) = self.nodes.slot_mut(id as usize) {
                    *slot = Some(node);
                }
                id
            }
            None => self.nodes.push(node) as NodeId,
        };
        match parent.and_then(|p| self.node_mut(p)) {
            Some(p) => {
                p.children.insert(key, id);
            }
            None => {
                self.roots.insert(key, id);
            }
        }
        self.len += 1;
        id
    }

    /// Removes a node and its whole subtree; returns the removed resources, children first
    /// (post-order), which is the order ARM deletes them in.
    pub fn remove_subtree(&mut self, id: NodeId) -> Vec<Resource> {
        let order = self.post_order(id);
        // Detach from the parent.
        if let Some(parent) = self.node(id).and_then(|n| n.parent) {
            if let Some(p) = self.node_mut(parent) {
                p.children.retain(|_, c| *c != id);
            }
        } else {
            self.roots.retain(|_, c| *c != id);
        }
        let mut out = Vec::with_capacity(order.len());
        for n in order {
            if let Some(node) = self.nodes.slot_mut(n as usize).and_then(Option::take) {
                out.push(Rc::try_unwrap(node).map_or_else(|n| n.res.clone(), |n| n.res));
                self.free.push(n);
                self.len -= 1;
            }
        }
        out
    }

    /// The subtree of `id` in post-order (children before parents, siblings by key).
    pub fn post_order(&self, id: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        // Iterative to keep deep hostile trees from overflowing the stack.
        let mut stack: Vec<(NodeId, bool)> = alloc::vec![(id, false)];
        while let Some((n, expanded)) = stack.pop() {
            if expanded {
                out.push(n);
                continue;
            }
            stack.push((n, true));
            if let Some(node) = self.node(n) {
                for c in node.children.values().rev() {
                    stack.push((*c, false));
                }
            }
        }
        out
    }

    /// The subtree of `id` in pre-order (parents first).
    pub fn pre_order(&self, id: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack = alloc::vec![id];
        while let Some(n) = stack.pop() {
            out.push(n);
            if let Some(node) = self.node(n) {
                for c in node.children.values().rev() {
                    stack.push(*c);
                }
            }
        }
        out
    }

    /// `id` and its ancestors, nearest first, without allocating.
    pub fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        core::iter::successors(Some(id), move |n| self.node(*n).and_then(|x| x.parent))
    }

    /// `id` and its ancestors, nearest first.
    pub fn ancestors_inclusive(&self, id: NodeId) -> Vec<NodeId> {
        let mut out = alloc::vec![id];
        let mut cur = id;
        while let Some(p) = self.node(cur).and_then(|n| n.parent) {
            out.push(p);
            cur = p;
        }
        out
    }

    /// The roots (subscriptions), in key order.
    pub fn roots(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.roots.values().copied()
    }

    /// Children of `id` whose key starts with `prefix` (lower-cased `type/`), in key order.
    pub fn children_with_prefix<'a>(
        &'a self,
        id: NodeId,
        prefix: &'a str,
    ) -> impl Iterator<Item = NodeId> + 'a {
        self.node(id)
            .into_iter()
            .flat_map(move |n| {
                n.children.range::<str, _>((
                    core::ops::Bound::Included(prefix),
                    core::ops::Bound::Unbounded,
                ))
            })
            .take_while(move |(k, _)| k.starts_with(prefix))
            .map(|(_, v)| *v)
    }

    /// Moves the node `id` under `new_parent` with key `key`, rewriting ids below it with
    /// `rewrite` (used by resource moves).
    pub fn reparent(&mut self, id: NodeId, new_parent: NodeId, key: String) {
        if let Some(old) = self.node(id).and_then(|n| n.parent)
            && let Some(p) = self.node_mut(old)
        {
            p.children.retain(|_, c| *c != id);
        }
        if let Some(p) = self.node_mut(new_parent) {
            p.children.insert(key, id);
        }
        if let Some(n) = self.node_mut(id) {
            n.parent = Some(new_parent);
        }
    }
}
