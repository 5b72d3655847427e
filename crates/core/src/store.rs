//! The resource index: a tree of nodes, each holding its children two ways: by lower-cased
//! `type/name` key in order (what listings and walks iterate, deterministic), and by a hash of
//! that key in a small sorted vector of integers (what a look-up searches). A look-up step
//! hashes the request's segment without allocating, binary-searches a few integers kept
//! together, and confirms the hit against the child's own key: no string comparisons along
//! the way, so a request's walk costs a few cache lines per level however large the world.
//!
//! Nodes are shared by reference count and copied on write, in shared chunks of slots: a
//! clone of the store (a history checkpoint, an undo's starting world) copies one pointer per
//! chunk of [`SLOTS_PER_CHUNK`] nodes, and a chunk or a node is copied only when one of the
//! sharing stores changes it.

use alloc::collections::BTreeMap;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

use crate::child_index::{ChildIndex, ShortKey, hash_ascii_parts, hash_key, key_is_ascii_parts};
use crate::id::{ArmPath, Segment};
use crate::resource::Resource;

/// Index of a node in the arena.
pub type NodeId = u32;

/// A resource in the tree. The fields a look-up reads (key, index, parent, counts) come
/// first and in this order (`repr(C)`), so a walk's step reads one cache line of the node.
#[derive(Clone, Debug)]
#[repr(C)]
pub struct Node {
    /// A copy of its key when short: what a look-up confirms its hit against.
    short: ShortKey,
    /// Its parent node (None for a subscription).
    pub parent: Option<NodeId>,
    /// The children again, by key hash: what a look-up searches.
    index: ChildIndex,
    /// Its own lower-cased `type/name` key inside its parent.
    key: Rc<str>,
    /// The children whose key has one of the [`SET_APART`] prefixes, in key order: the
    /// searches every request makes for them (RBAC and locks at every scope, a workspace's
    /// connections in its view) read this short list, usually empty, instead of searching
    /// all the children's keys.
    set_apart: Vec<NodeId>,
    /// Children by lower-cased `type/name` key (ordered: deterministic iteration). Each key is
    /// shared with the child's own [`Node::key`].
    pub children: BTreeMap<Rc<str>, NodeId>,
    /// The resource.
    pub res: Resource,
}

impl Node {
    /// Its lower-cased `type/name` key inside its parent.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Its key's bytes, from the copy inside the node when there is one.
    fn key_bytes(&self) -> &[u8] {
        self.short.get().unwrap_or(self.key.as_bytes())
    }
}

/// Key prefixes of children that most nodes lack and every request looks for:
/// `Microsoft.Authorization` resources (role assignments, locks) and private endpoint
/// connections.
const SET_APART: [&str; 2] = ["microsoft.authorization/", "privateendpointconnections/"];

/// True when a key (or a search's prefix) starts with one of [`SET_APART`].
fn set_apart(key: &str) -> bool {
    SET_APART.iter().any(|p| key.starts_with(p))
}

/// Node slots per shared chunk of the arena.
pub const SLOTS_PER_CHUNK: usize = 64;

/// The arena's slots, in chunks shared by reference count (copied on write). A chunk is a
/// fixed slice of [`SLOTS_PER_CHUNK`] slots, allocated whole: a slot is one pointer step from
/// the chunk list, not two (a look-up walks a node per level, so steps are cache misses).
#[derive(Clone, Debug, Default)]
struct Slots {
    chunks: Vec<Rc<[Option<Rc<Node>>]>>,
    len: usize,
}

impl Slots {
    /// The node in slot `i`, if any.
    fn get(&self, i: usize) -> Option<&Rc<Node>> {
        if i >= self.len {
            return None;
        }
        self.chunks
            .get(i / SLOTS_PER_CHUNK)?
            .get(i % SLOTS_PER_CHUNK)?
            .as_ref()
    }

    /// Slot `i`, writable (its chunk copied first if shared).
    fn slot_mut(&mut self, i: usize) -> Option<&mut Option<Rc<Node>>> {
        if i >= self.len {
            return None;
        }
        let chunk = self.chunks.get_mut(i / SLOTS_PER_CHUNK)?;
        Rc::make_mut(chunk).get_mut(i % SLOTS_PER_CHUNK)
    }

    /// Appends a slot holding `node`; its index.
    fn push(&mut self, node: Rc<Node>) -> usize {
        if self.len.is_multiple_of(SLOTS_PER_CHUNK) {
            self.chunks
                .push((0..SLOTS_PER_CHUNK).map(|_| None).collect());
        }
        self.len += 1;
        if let Some(slot) = self.slot_mut(self.len - 1) {
            *slot = Some(node);
        }
        self.len - 1
    }
}

/// The arena of nodes plus the roots (subscriptions).
#[derive(Clone, Debug, Default)]
pub struct Store {
    nodes: Slots,
    free: Vec<NodeId>,
    roots: BTreeMap<Rc<str>, NodeId>,
    /// The roots again, by key hash (as a node's children are).
    root_index: ChildIndex,
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
        let mut node = self.child(None, first)?;
        for s in rest {
            node = self.child(Some(node), s)?;
        }
        Some(node)
    }

    /// The child of `parent` (a root when `None`) that `segment` names, if any.
    pub fn child(&self, parent: Option<NodeId>, segment: &Segment) -> Option<NodeId> {
        let (t, n) = (segment.type_word.as_str(), segment.name.as_str());
        if t.is_ascii() && n.is_ascii() {
            return self.child_ascii(parent, t, n);
        }
        // Non-ASCII names lower-case by Unicode's rules: through the segment's own key.
        let key = segment.key();
        self.children_index(parent)?
            .candidates(hash_key(key))
            .find(|c| {
                self.node(*c)
                    .is_some_and(|x| x.key_bytes() == key.as_bytes())
            })
    }

    /// The child of `parent` (a root when `None`) whose key is `type_word/name`, for ASCII
    /// parts compared case-insensitively; `None` for non-ASCII parts (see [`Store::child`]).
    pub fn child_ascii(
        &self,
        parent: Option<NodeId>,
        type_word: &str,
        name: &str,
    ) -> Option<NodeId> {
        if !type_word.is_ascii() || !name.is_ascii() {
            return None;
        }
        self.children_index(parent)?
            .candidates(hash_ascii_parts(type_word, name))
            .find(|c| {
                self.node(*c)
                    .is_some_and(|x| key_is_ascii_parts(x.key_bytes(), type_word, name))
            })
    }

    fn children_index(&self, parent: Option<NodeId>) -> Option<&ChildIndex> {
        match parent {
            None => Some(&self.root_index),
            Some(p) => self.node(p).map(|n| &n.index),
        }
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

    /// Inserts a resource under `parent` (or as a root) with the segment `key` (lower-cased
    /// `type/name`). A child already filed under that key is detached (it stays in the arena).
    pub fn insert(&mut self, parent: Option<NodeId>, key: String, res: Resource) -> NodeId {
        let key: Rc<str> = Rc::from(key);
        let node = Rc::new(Node {
            res,
            parent,
            children: BTreeMap::new(),
            short: ShortKey::new(&key),
            key: key.clone(),
            index: ChildIndex::default(),
            set_apart: Vec::new(),
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
        self.attach(parent, key, id);
        self.len += 1;
        id
    }

    /// Files `id` under `parent` (or as a root) with `key`, in both of its parent's maps.
    fn attach(&mut self, parent: Option<NodeId>, key: Rc<str>, id: NodeId) {
        let hash = hash_key(&key);
        // Where it goes among the set-apart children (their keys read before borrowing).
        let apart_at = parent
            .filter(|_| set_apart(&key))
            .and_then(|p| self.node(p))
            .map(|p| {
                p.set_apart
                    .partition_point(|c| self.node(*c).is_some_and(|c| c.key < key))
            });
        let (children, index, apart) = match parent.and_then(|p| self.node_mut(p)) {
            Some(p) => (&mut p.children, &mut p.index, Some(&mut p.set_apart)),
            None => (&mut self.roots, &mut self.root_index, None),
        };
        let old = children.insert(key, id);
        if let Some(old) = old {
            index.remove(hash, old);
        }
        index.insert(hash, id);
        if let (Some(apart), Some(at)) = (apart, apart_at) {
            apart.retain(|c| Some(*c) != old);
            apart.insert(at.min(apart.len()), id);
        }
    }

    /// Takes `id` out of its parent's maps (or the roots'), by its key.
    fn detach(&mut self, id: NodeId) {
        let Some((parent, key)) = self.node(id).map(|n| (n.parent, n.key.clone())) else {
            return;
        };
        let hash = hash_key(&key);
        let (children, index, apart) = match parent.and_then(|p| self.node_mut(p)) {
            Some(p) => (&mut p.children, &mut p.index, Some(&mut p.set_apart)),
            None => (&mut self.roots, &mut self.root_index, None),
        };
        // Only when the key still files this node (a replaced child is filed no more).
        if children.get(&*key) == Some(&id) {
            children.remove(&*key);
            index.remove(hash, id);
            if let Some(apart) = apart {
                apart.retain(|c| *c != id);
            }
        }
    }

    /// Removes a node and its whole subtree; returns the removed resources, children first
    /// (post-order), which is the order ARM deletes them in.
    pub fn remove_subtree(&mut self, id: NodeId) -> Vec<Resource> {
        let order = self.post_order(id);
        self.detach(id);
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
        let node = self.node(id);
        // Role assignments, locks and connections are looked for at every scope of every
        // request: they are read from the node's short set-apart list, in the same order.
        let apart = set_apart(prefix);
        let listed = node.filter(|_| apart).map(|n| {
            n.set_apart
                .iter()
                .copied()
                .filter(move |c| self.node(*c).is_some_and(|c| c.key.starts_with(prefix)))
        });
        let searched = node.filter(|_| !apart).map(|n| {
            n.children
                .range::<str, _>((
                    core::ops::Bound::Included(prefix),
                    core::ops::Bound::Unbounded,
                ))
                .take_while(move |(k, _)| k.starts_with(prefix))
                .map(|(_, v)| *v)
        });
        listed
            .into_iter()
            .flatten()
            .chain(searched.into_iter().flatten())
    }

    /// Moves the node `id` under `new_parent` with key `key` (used by resource moves; the
    /// caller rewrites the ids below it).
    pub fn reparent(&mut self, id: NodeId, new_parent: NodeId, key: String) {
        self.detach(id);
        let key: Rc<str> = Rc::from(key);
        if let Some(n) = self.node_mut(id) {
            n.parent = Some(new_parent);
            n.short = ShortKey::new(&key);
            n.key = key.clone();
        }
        self.attach(Some(new_parent), key, id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resource::{ProvisioningState, ResKind, Settings};
    use crate::time::SimTime;

    fn res(name: &str) -> Resource {
        Resource {
            id: name.into(),
            name: name.into(),
            type_name: "t".into(),
            kind: ResKind::of("t"),
            location: None,
            state: ProvisioningState::Succeeded,
            body: serde_json::Value::Null.into(),
            created_at: SimTime::default(),
            created_by: String::new(),
            settings: Settings::default(),
        }
    }

    /// Keys a generated store is made of: plain, counted prefixes, and non-ASCII.
    const KEYS: &[&str] = &[
        "a/x",
        "a/y",
        "b/x",
        "microsoft.authorization/locks/l",
        "microsoft.authorization/roleassignments/r",
        "microsoft.authorization/roleassignments/q",
        "privateendpointconnections/c",
        "résumé/ü",
    ];

    /// Every look-up by hash and every counted-prefix search agrees with the ordered map.
    fn consistent(s: &Store) -> Result<(), String> {
        let mut all: Vec<NodeId> = s.roots().collect();
        let mut i = 0;
        while let Some(&n) = all.get(i) {
            i += 1;
            let node = s.node(n).ok_or("a filed node is missing")?;
            for (key, child) in &node.children {
                all.push(*child);
                let (t, name) = key.split_once('/').unwrap_or((key, ""));
                let seg = Segment::new(t.to_uppercase(), name.to_uppercase(), false);
                if s.child(Some(n), &seg) != Some(*child) {
                    return Err(alloc::format!("{key} is not found by hash"));
                }
            }
            for prefix in [
                "microsoft.authorization/",
                "privateendpointconnections/",
                "a/",
            ] {
                let by_search: Vec<NodeId> = s.children_with_prefix(n, prefix).collect();
                let by_map: Vec<NodeId> = node
                    .children
                    .iter()
                    .filter(|(k, _)| k.starts_with(prefix))
                    .map(|(_, c)| *c)
                    .collect();
                if by_search != by_map {
                    return Err(alloc::format!("{prefix} children differ"));
                }
            }
            if s.child_ascii(Some(n), "zz", "missing").is_some() {
                return Err("a missing key was found".into());
            }
        }
        Ok(())
    }

    proptest::proptest! {
        #[test]
        fn the_hash_index_follows_the_ordered_map(
            ops in proptest::collection::vec((0u8..4, 0usize..64, 0usize..KEYS.len()), 1..60),
        ) {
            let mut s = Store::default();
            let root = s.insert(None, "subscriptions/s".into(), res("s"));
            let mut live = alloc::vec![root];
            for (op, at, k) in ops {
                let target = live[at % live.len()];
                match op {
                    0 | 1 => live.push(s.insert(Some(target), KEYS[k].into(), res(KEYS[k]))),
                    2 if target != root => {
                        let gone = s.post_order(target);
                        s.remove_subtree(target);
                        live.retain(|n| !gone.contains(n));
                    }
                    _ => {
                        let moved = live[(at / 2) % live.len()];
                        if moved != root && !s.pre_order(moved).contains(&target) {
                            s.reparent(moved, target, KEYS[k].into());
                        }
                    }
                }
                proptest::prop_assert!(consistent(&s).is_ok(), "{:?}", consistent(&s));
            }
        }
    }
}
