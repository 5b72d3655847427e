//! The resource index: a tree of nodes, each holding its children by lower-cased `type/name`
//! key in order (what listings and walks iterate, deterministic), and beside the tree one
//! table of every filed node by a hash of its whole lower-cased path (what a look-up
//! searches; see [`crate::child_index`]). A look-up step hashes the request's segment without
//! allocating, reads a slot of the table and confirms the hit against the node's parent and
//! own key: no string comparisons along the way, and since the slot of each level follows
//! from the request alone, the levels' cache misses overlap instead of adding up.
//!
//! Nodes are shared by reference count and copied on write, their slots in the store's hot
//! array (see [`hot`]), in shared chunks: a clone of the store (a history checkpoint, an
//! undo's starting world) copies one pointer per chunk of slots, and a chunk or a node is
//! copied only when one of the sharing stores changes it.

use alloc::borrow::Cow;
use alloc::collections::BTreeMap;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

use crate::child_index::{Keys, LANES, PathTable, ROOT_HASH, path_hash};
use crate::id::{ArmPath, Segment};
use crate::resource::Resource;

mod apart;
mod grants;
mod hot;

use apart::Apart;
pub use grants::Grant;
use grants::Grants;
use hot::{Hot, HotArray};

/// Index of a node in the arena.
pub type NodeId = u32;

/// A resource in the tree. What a look-up confirms its hits against (a copy of the key,
/// the parent) is also in the store's hot array (see [`hot`]), which a walk reads instead.
///
/// Laid out in the order written (`repr(C)`): what a look-up reads of the node it ends on
/// (its path hash, its key when too long for the hot copy) and what a GET reads of the
/// resource (see [`Resource`]) come first, within the first two cache lines of the node's
/// allocation (a pair the processor fetches together); the lists of children last.
#[derive(Clone, Debug)]
#[repr(C)]
pub struct Node {
    /// The hash of its whole lower-cased path: where the store's table files it.
    path_hash: u64,
    /// Its parent node (None for a subscription).
    pub parent: Option<NodeId>,
    /// Its own lower-cased `type/name` key inside its parent.
    key: Rc<str>,
    /// The resource.
    pub res: Resource,
    /// The children whose key has one of the [`SET_APART`] prefixes, in key order: the
    /// searches every request makes for them (RBAC and locks at every scope, a workspace's
    /// connections in its view) read this short list, usually empty, instead of searching
    /// all the children's keys.
    set_apart: Apart,
    /// Children by lower-cased `type/name` key (ordered: deterministic iteration). Each key is
    /// shared with the child's own [`Node::key`].
    pub children: BTreeMap<Rc<str>, NodeId>,
}

impl Node {
    /// Its lower-cased `type/name` key inside its parent.
    pub fn key(&self) -> &str {
        &self.key
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

/// True when `res` has workspace settings set (what the hot entry's flag records).
fn has_settings(res: &Resource) -> bool {
    res.settings != crate::resource::Settings::default()
}

/// The key prefix of role assignments: the set-apart children whose facts the store keeps
/// (see [`grants`]).
const RA_PREFIX: &str = "microsoft.authorization/roleassignments/";

/// Children a prefix search tests one by one from their hot entries (see
/// [`Store::children_with_prefix`]); a node with more is searched by key range. One leaf of
/// the children's map.
const SCAN_CHILDREN: usize = 11;

/// Bytes of a key an ASCII look-up lower-cases on the stack (longer ones allocate).
pub const STACK_KEY: usize = 256;

/// The arena of nodes plus the roots (subscriptions).
#[derive(Clone, Debug, Default)]
pub struct Store {
    free: Vec<NodeId>,
    roots: BTreeMap<Rc<str>, NodeId>,
    /// Every filed node by path hash: what a look-up searches.
    table: PathTable,
    /// Every node by id (the arena's slots), with its short key, parent and count of
    /// set-apart children: what a look-up confirms its hits against and an authorization
    /// walk reads.
    hot: HotArray<Node>,
    /// What each role assignment filed among a scope's set-apart children says, by scope:
    /// what a permission check reads (shared, copied on write).
    grants: Rc<Grants>,
    /// Role assignments handed out for writing ([`Store::node_mut`]) whose facts have not
    /// been read again yet: a check reads their bodies instead, until the next write settles
    /// them (usually empty).
    stale: Vec<NodeId>,
    /// Nodes handed out for writing ([`Store::node_mut`]) since the store's last write: their
    /// hot entries say "may have settings" until the next write reads their settings again.
    reflag: Vec<NodeId>,
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
        self.deepest(segments)
            .filter(|(_, depth)| *depth == segments.len())
            .map(|(n, _)| n)
    }

    /// The deepest node along a segment list that exists, with how many segments it matched
    /// (`None` when not even the first does): the scope a request's RBAC and locks read.
    pub fn deepest(&self, segments: &[Segment]) -> Option<(NodeId, usize)> {
        let (node, depth) = self.walk(
            segments.iter(),
            |keys, s| s.with_key(|k| keys.push(k.as_bytes())),
            |parent, hash, s| self.step(parent, hash, s),
        );
        node.map(|n| (n, depth))
    }

    /// The node for a path given as ASCII `(type word, name)` parts compared
    /// case-insensitively; `None` if a part is not ASCII (see [`Store::child`]) or a node
    /// is missing. Nothing is allocated for keys of up to [`STACK_KEY`] bytes.
    pub fn find_ascii<'p, I>(&self, parts: I) -> Option<NodeId>
    where
        I: IntoIterator<Item = (&'p str, &'p str)>,
        I::IntoIter: ExactSizeIterator,
    {
        let parts = parts.into_iter();
        let levels = parts.len();
        let (node, depth) = self.walk(
            parts,
            |keys, (t, n)| keys.push_ascii(t, n),
            |parent, hash, (t, n)| self.step_ascii(parent, hash, t, n),
        );
        node.filter(|_| depth == levels)
    }

    /// Walks `levels` down from the roots as far as they exist: the deepest node found and
    /// how many levels it matched. Levels are gathered into rounds of [`Keys`] (`push`; a
    /// level that does not fit a round is looked up `alone`) and each round is resolved
    /// together (see [`Store::resolve`]).
    fn walk<T>(
        &self,
        levels: impl Iterator<Item = T>,
        push: impl Fn(&mut Keys, &T) -> bool,
        alone: impl Fn(Option<NodeId>, u64, &T) -> Option<(NodeId, u64)>,
    ) -> (Option<NodeId>, usize) {
        let mut levels = levels.peekable();
        let (mut at, mut hash, mut depth) = (None, ROOT_HASH, 0);
        while levels.peek().is_some() {
            let mut keys = Keys::new(hash);
            while levels.next_if(|l| push(&mut keys, l)).is_some() {}
            if keys.len() == 0 {
                let Some(level) = levels.next() else { break };
                let Some((node, h)) = alone(at, hash, &level) else {
                    break;
                };
                (at, hash, depth) = (Some(node), h, depth + 1);
                continue;
            }
            let (node, matched) = self.resolve(at, &keys);
            depth += matched;
            at = node;
            if matched < keys.len() {
                break;
            }
            hash = keys.last_hash();
        }
        (at, depth)
    }

    /// Resolves a round of levels below `start` (the roots when `None`): the deepest node
    /// found and how many of the round's levels it matched. The reads go in phases, each
    /// level's read independent of the other levels' so their cache misses overlap (where a
    /// walk parent by parent waits for each in turn): first every level's table slot, then
    /// every candidate's hot entry (its key confirmed), then the round's last node (its path
    /// hash confirmed: the caller reads that node next). Then the chain is checked parent by
    /// parent, a level that fails it being looked up again with its parent known (a missing
    /// node, or two paths of one hash).
    fn resolve(&self, start: Option<NodeId>, keys: &Keys) -> (Option<NodeId>, usize) {
        let mut found = [None; LANES];
        let n = keys.len();
        for (i, f) in found.iter_mut().enumerate().take(n) {
            *f = self.table.first(keys.get(i).1);
        }
        for (i, f) in found.iter_mut().enumerate().take(n) {
            *f = f.filter(|c| self.key_is(*c, keys.get(i).0));
        }
        if let Some(f) = n.checked_sub(1).and_then(|last| found.get_mut(last)) {
            let hash = keys.last_hash();
            *f = f.filter(|c| self.node(*c).is_some_and(|n| n.path_hash == hash));
        }
        if let (None, Some(root)) = (start, found[0]) {
            self.read_apart_early(root);
        }
        let mut at = start;
        for (i, f) in found.iter().enumerate().take(n) {
            let quick = f.filter(|c| self.parent_of(*c) == at);
            let next = quick.or_else(|| {
                let (key, hash) = keys.get(i);
                self.table
                    .find(hash, |c| self.parent_of(c) == at && self.key_is(c, key))
            });
            match next {
                Some(c) => at = Some(c),
                None => return (at, i),
            }
        }
        (at, n)
    }

    /// Reads the role assignments' facts of a subscription a look-up starts at (see
    /// [`Store::grants_at`]), and discards what it read: every request's permission check
    /// reads them next, and in a big world the search ends on a cache miss. Started here,
    /// after the look-up's own reads were issued, it overlaps them instead of following
    /// them. Nothing is decided by it.
    fn read_apart_early(&self, root: NodeId) {
        if !self.hot.may_have_apart(root) {
            return;
        }
        core::hint::black_box(self.grants.at(root).first().map(|g| g.created_at));
    }

    /// Reads what a GET's view of node `id` reads after the permission check, and discards
    /// it: the body's allocation (the view shares it, counting one more reference) and the
    /// parent's node if it may have settings (a service's workspace, whose settings the view
    /// shows; see [`Store::res_with_settings`]). In a big world
    /// each is a cache miss; started before the check, they overlap its reads instead of
    /// following them. Nothing is decided by it.
    pub fn read_view_early(&self, id: NodeId) {
        let Some(hot) = self.hot.get(id) else { return };
        if let Some(node) = hot.node() {
            // The first byte of the packed body (the reference count beside it): a read only.
            core::hint::black_box(node.res.body.str_at(&[]).is_none());
        }
        if let Some(parent) = hot.parent().and_then(|p| self.res_with_settings(p)) {
            core::hint::black_box(parent.settings.monitoring);
        }
    }

    /// The child of `parent` (a root when `None`) whose key is `type_word/name`, for ASCII
    /// parts compared case-insensitively; `None` for non-ASCII parts (see [`Store::child`]).
    pub fn child_ascii(
        &self,
        parent: Option<NodeId>,
        type_word: &str,
        name: &str,
    ) -> Option<NodeId> {
        let parent_hash = match parent {
            None => ROOT_HASH,
            Some(p) => self.node(p)?.path_hash,
        };
        self.step_ascii(parent, parent_hash, type_word, name)
            .map(|(n, _)| n)
    }

    /// [`Store::step`] for ASCII parts, lower-cased into a stack buffer.
    fn step_ascii(
        &self,
        parent: Option<NodeId>,
        parent_hash: u64,
        type_word: &str,
        name: &str,
    ) -> Option<(NodeId, u64)> {
        let (t, n) = (type_word.as_bytes(), name.as_bytes());
        if !t.is_ascii() || !n.is_ascii() {
            return None;
        }
        let len = t.len() + 1 + n.len();
        let mut buf = [0u8; STACK_KEY];
        let mut long = Vec::new();
        let key = match buf.get_mut(..len) {
            Some(key) => key,
            None => {
                long.resize(len, 0);
                &mut long[..]
            }
        };
        key[..t.len()].copy_from_slice(t);
        key[t.len()] = b'/';
        key[t.len() + 1..].copy_from_slice(n);
        key.make_ascii_lowercase();
        self.step_key(parent, parent_hash, key)
    }

    /// The child of `parent` (a root when `None`) that `segment` names, if any.
    pub fn child(&self, parent: Option<NodeId>, segment: &Segment) -> Option<NodeId> {
        let parent_hash = match parent {
            None => ROOT_HASH,
            Some(p) => self.node(p)?.path_hash,
        };
        self.step(parent, parent_hash, segment).map(|(n, _)| n)
    }

    /// The child of `parent`, whose path hash is `parent_hash`, that `segment` names, with
    /// its own path hash. ASCII keys are lower-cased in a stack buffer (no allocation);
    /// non-ASCII ones by Unicode's rules, through the segment's own key.
    fn step(
        &self,
        parent: Option<NodeId>,
        parent_hash: u64,
        segment: &Segment,
    ) -> Option<(NodeId, u64)> {
        segment.with_key(|key| self.step_key(parent, parent_hash, key.as_bytes()))
    }

    /// The child of `parent`, whose path hash is `parent_hash`, keyed by `key` (lower-cased):
    /// the table's candidates confirmed against their parent and key.
    fn step_key(
        &self,
        parent: Option<NodeId>,
        parent_hash: u64,
        key: &[u8],
    ) -> Option<(NodeId, u64)> {
        let hash = path_hash(parent_hash, key);
        let found = self
            .table
            .find(hash, |c| self.parent_of(c) == parent && self.key_is(c, key))?;
        Some((found, hash))
    }

    /// True when node `id`'s key is `key`: read from the hot array's copy, or from the node
    /// when the key is too long for the copy to decide.
    fn key_is(&self, id: NodeId, key: &[u8]) -> bool {
        match self.hot.get(id).and_then(|h| h.key_may_be(key)) {
            Some(decided) => decided,
            None => self.node(id).is_some_and(|n| n.key.as_bytes() == key),
        }
    }

    /// Node `id`'s parent, from the hot array (`None` for a root or an unknown id).
    pub fn parent_of(&self, id: NodeId) -> Option<NodeId> {
        self.hot.get(id).and_then(Hot::parent)
    }

    /// Borrow a node.
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.hot.get(id).and_then(Hot::node).map(|n| &**n)
    }

    /// Borrow a node mutably (copied first if another store shares it). A role
    /// assignment's facts are read again from it at the store's next write (until then a
    /// permission check reads its body).
    pub fn node_mut(&mut self, id: NodeId) -> Option<&mut Node> {
        self.settle();
        let filed = self.key_starts_with(id, RA_PREFIX)
            && self.parent_of(id).is_some_and(|p| self.grants.has(p, id));
        if filed {
            self.stale.push(id);
        }
        // The caller may set workspace settings: a view reads them from the node until the
        // next write has looked again.
        self.hot.set_may_have_settings(id, true);
        if self.reflag.last() != Some(&id) {
            self.reflag.push(id);
        }
        self.hot.node_mut(id)
    }

    /// Reads again the facts of the role assignments handed out for writing, and whether
    /// the nodes handed out have settings.
    fn settle(&mut self) {
        for id in core::mem::take(&mut self.stale) {
            self.refresh_grant(id);
        }
        let mut reflag = core::mem::take(&mut self.reflag);
        for id in reflag.drain(..) {
            let has = self.node(id).is_some_and(|n| has_settings(&n.res));
            self.hot.set_may_have_settings(id, has);
        }
        // Kept for the next write's (a write usually hands out a node).
        self.reflag = reflag;
    }

    /// The resource of node `id` when it may have workspace settings set; `None` when its
    /// settings are surely the defaults (the hot entry says so, and the node is not read:
    /// a service's view asks this of its workspace, which in a big world is a cache miss).
    pub fn res_with_settings(&self, id: NodeId) -> Option<&Resource> {
        if !self.hot.may_have_settings(id) {
            return None;
        }
        self.res(id)
    }

    /// Files role assignment `id`'s facts at its parent anew, if filed there and changed.
    fn refresh_grant(&mut self, id: NodeId) {
        let Some(scope) = self.parent_of(id).filter(|p| self.grants.has(*p, id)) else {
            return;
        };
        let Some(fresh) = self.node(id).map(|n| Grant::of(id, &n.res)) else {
            return;
        };
        if self.grants.at(scope).iter().all(|g| *g != fresh) {
            Rc::make_mut(&mut self.grants).put(scope, fresh);
        }
    }

    /// What the role assignments filed at `scope` say (see [`Grant`]), in the order of
    /// their nodes: each from the store's table, or read from its body when it was handed
    /// out for writing since. A scope with no set-apart children (the hot array knows) is
    /// not searched.
    pub fn grants_at(&self, scope: NodeId) -> impl Iterator<Item = Cow<'_, Grant>> + '_ {
        let facts = if self.hot.may_have_apart(scope) {
            self.grants.at(scope)
        } else {
            &[]
        };
        facts.iter().filter_map(move |g| {
            if self.stale.is_empty() || !self.stale.contains(&g.node()) {
                return Some(Cow::Borrowed(g));
            }
            let res = self.res(g.node())?;
            Some(Cow::Owned(Grant::of(g.node(), res)))
        })
    }

    /// Borrow a node's resource.
    pub fn res(&self, id: NodeId) -> Option<&Resource> {
        self.node(id).map(|n| &n.res)
    }

    /// Checks that the facts [`Store::grants_at`] answers say what the bodies say: at every
    /// filed scope one fact per role assignment among its set-apart children, equal to what
    /// its body reads, and no fact anywhere of a node that is not such an assignment there
    /// (also once the assignments handed out for writing are read again). For tests: it
    /// reads every node.
    #[doc(hidden)]
    pub fn check_grants(&self) -> Result<(), String> {
        let mut settled = self.clone();
        settled.settle();
        for store in [self, &settled] {
            for (scope, g) in store.grants.all() {
                let filed = store.node(scope).is_some_and(|n| {
                    n.set_apart.as_slice().contains(&g.node())
                        && store
                            .node(g.node())
                            .is_some_and(|c| c.key.starts_with(RA_PREFIX))
                });
                if !filed {
                    return Err(alloc::format!("a fact of {} at {scope} is stale", g.node()));
                }
            }
            for scope in self.roots().flat_map(|r| self.pre_order(r)) {
                let mut want: Vec<Grant> = self
                    .children_with_prefix(scope, RA_PREFIX)
                    .filter_map(|c| self.res(c).map(|r| Grant::of(c, r)))
                    .collect();
                let mut got: Vec<Grant> = store.grants_at(scope).map(Cow::into_owned).collect();
                got.sort_by_key(Grant::node);
                want.sort_by_key(Grant::node);
                if got != want {
                    return Err(alloc::format!(
                        "the facts at {scope} differ: {got:?} {want:?}"
                    ));
                }
            }
        }
        Ok(())
    }

    /// Inserts a resource under `parent` (or as a root) with the segment `key` (lower-cased
    /// `type/name`). A child already filed under that key is detached (it stays in the arena).
    pub fn insert(&mut self, parent: Option<NodeId>, key: String, res: Resource) -> NodeId {
        self.settle();
        let key: Rc<str> = Rc::from(key);
        let parent_hash = match parent {
            None => ROOT_HASH,
            Some(p) => self.node(p).map_or(ROOT_HASH, |n| n.path_hash),
        };
        let node = Rc::new(Node {
            res,
            parent,
            children: BTreeMap::new(),
            path_hash: path_hash(parent_hash, key.as_bytes()),
            key: key.clone(),
            set_apart: Apart::default(),
        });
        let settings = has_settings(&node.res);
        let hot = Hot::new(&key, parent, Some(node));
        let id = match self.free.pop() {
            Some(id) => {
                self.hot.set(id, hot);
                id
            }
            None => self.hot.push(hot),
        };
        self.hot.set_may_have_settings(id, settings);
        self.attach(parent, key, id);
        self.len += 1;
        id
    }

    /// Files `id` under `parent` (or as a root) with `key`: in its parent's maps and in the
    /// table (a child it replaces leaves the table with its whole subtree).
    fn attach(&mut self, parent: Option<NodeId>, key: Rc<str>, id: NodeId) {
        // Where it goes among the set-apart children (their keys read before borrowing).
        let apart_at = parent
            .filter(|_| set_apart(&key))
            .and_then(|p| self.node(p))
            .map(|p| {
                p.set_apart
                    .as_slice()
                    .partition_point(|c| self.node(*c).is_some_and(|c| c.key < key))
            });
        let is_ra = key.starts_with(RA_PREFIX);
        let (children, apart) = match parent.and_then(|p| self.hot.node_mut(p)) {
            Some(p) => (&mut p.children, Some(&mut p.set_apart)),
            None => (&mut self.roots, None),
        };
        let old = children.insert(key, id);
        if let (Some(apart), Some(at)) = (apart, apart_at) {
            apart.retain(|c| Some(*c) != old);
            apart.insert(at, id);
            let count = apart.as_slice().len();
            if let Some(p) = parent {
                self.hot.set_apart_count(p, count);
                if is_ra {
                    self.file_grant(p, id, old);
                }
            }
        }
        if let Some(old) = old.filter(|o| *o != id) {
            self.unfile(old);
        }
        // Under a parent filed no more (replaced), a node is not filed either: the table holds
        // what a look-up from the roots can reach, and nothing else.
        let reachable = parent.is_none_or(|p| self.is_filed(p));
        if let Some(hash) = self.node(id).map(|n| n.path_hash).filter(|_| reachable) {
            self.table.insert(hash, id);
        }
    }

    /// Files role assignment `id`'s facts at `scope`, in place of those of `old` (the child
    /// it replaces under the same key, if any).
    fn file_grant(&mut self, scope: NodeId, id: NodeId, old: Option<NodeId>) {
        let Some(fact) = self.node(id).map(|n| Grant::of(id, &n.res)) else {
            return;
        };
        let grants = Rc::make_mut(&mut self.grants);
        if let Some(old) = old.filter(|o| *o != id) {
            grants.remove(scope, old);
        }
        grants.put(scope, fact);
    }

    /// True when the table files `id` (it is reachable from the roots).
    fn is_filed(&self, id: NodeId) -> bool {
        self.node(id)
            .is_some_and(|n| self.table.find(n.path_hash, |c| c == id).is_some())
    }

    /// Takes `id` and its subtree out of the table.
    fn unfile(&mut self, id: NodeId) {
        for n in self.pre_order(id) {
            if let Some(hash) = self.node(n).map(|x| x.path_hash) {
                self.table.remove(hash, n);
            }
        }
    }

    /// Takes `id` out of its parent's maps (or the roots'), by its key, and its subtree out
    /// of the table.
    fn detach(&mut self, id: NodeId) {
        let Some((parent, key)) = self.node(id).map(|n| (n.parent, n.key.clone())) else {
            return;
        };
        let (children, apart) = match parent.and_then(|p| self.hot.node_mut(p)) {
            Some(p) => (&mut p.children, Some(&mut p.set_apart)),
            None => (&mut self.roots, None),
        };
        // Only when the key still files this node (a replaced child is filed no more).
        if children.get(&*key) == Some(&id) {
            children.remove(&*key);
            if let Some(apart) = apart {
                apart.retain(|c| *c != id);
                let count = apart.as_slice().len();
                if let Some(p) = parent {
                    self.hot.set_apart_count(p, count);
                    if self.grants.has(p, id) {
                        Rc::make_mut(&mut self.grants).remove(p, id);
                    }
                }
            }
            self.unfile(id);
        }
    }

    /// Removes a node and its whole subtree; returns the removed resources, children first
    /// (post-order), which is the order ARM deletes them in.
    pub fn remove_subtree(&mut self, id: NodeId) -> Vec<Resource> {
        self.settle();
        let order = self.post_order(id);
        self.detach(id);
        // Role assignments leaving the arena leave the table (their ids will be reused).
        for n in &order {
            let scope = self
                .parent_of(*n)
                .filter(|_| self.key_starts_with(*n, RA_PREFIX));
            if let Some(scope) = scope.filter(|s| self.grants.has(*s, *n)) {
                Rc::make_mut(&mut self.grants).remove(scope, *n);
            }
        }
        let mut out = Vec::with_capacity(order.len());
        for n in order {
            if let Some(node) = self.hot.take(n) {
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
        core::iter::successors(Some(id), move |n| self.parent_of(*n))
    }

    /// `id` and its ancestors, nearest first.
    pub fn ancestors_inclusive(&self, id: NodeId) -> Vec<NodeId> {
        let mut out = alloc::vec![id];
        let mut cur = id;
        while let Some(p) = self.parent_of(cur) {
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
        // Role assignments, locks and connections are looked for at every scope of every
        // request: they are read from the node's short set-apart list, in the same order, and
        // a node without any (the hot array knows) is not read at all.
        let apart = set_apart(prefix);
        let node = if apart && !self.hot.may_have_apart(id) {
            None
        } else {
            self.node(id)
        };
        let how = match node {
            None => How::Nothing,
            Some(n) if apart => How::Listed(n.set_apart.as_slice().iter()),
            // A few children (a workspace's services) are tested from their hot entries,
            // which the caller reads next anyway (and which sit side by side when made
            // together); a range search would read the keys' own allocations, one cache miss
            // each in a big world. Many children are searched by range, in the same order.
            Some(n) if n.children.len() <= SCAN_CHILDREN => How::Scanned(n.children.values()),
            Some(n) => How::Ranged(n.children.range::<str, _>((
                core::ops::Bound::Included(prefix),
                core::ops::Bound::Unbounded,
            ))),
        };
        Children {
            store: self,
            prefix,
            how,
        }
    }

    /// True when node `id`'s key starts with `prefix`: from the hot array's copy when it
    /// can tell (a set-apart search tests each candidate's key, and the node is another miss).
    fn key_starts_with(&self, id: NodeId, prefix: &str) -> bool {
        match self
            .hot
            .get(id)
            .and_then(|h| h.key_starts_with(prefix.as_bytes()))
        {
            Some(decided) => decided,
            None => self.node(id).is_some_and(|n| n.key.starts_with(prefix)),
        }
    }

    /// Moves the node `id` under `new_parent` with key `key` (used by resource moves; the
    /// caller rewrites the ids below it).
    pub fn reparent(&mut self, id: NodeId, new_parent: NodeId, key: String) {
        self.settle();
        self.detach(id);
        let key: Rc<str> = Rc::from(key);
        let parent_hash = self.node(new_parent).map_or(ROOT_HASH, |n| n.path_hash);
        self.hot.relink(id, &key, Some(new_parent));
        if let Some(n) = self.hot.node_mut(id) {
            n.parent = Some(new_parent);
            n.path_hash = path_hash(parent_hash, key.as_bytes());
            n.key = key.clone();
        }
        self.attach(Some(new_parent), key, id);
        // The subtree's paths changed with its top's: rehashed and filed again, parents first.
        let filed = self.is_filed(id);
        for n in self.pre_order(id).into_iter().skip(1) {
            let Some((parent, key)) = self.node(n).map(|x| (x.parent, x.key.clone())) else {
                continue;
            };
            let parent_hash = parent
                .and_then(|p| self.node(p))
                .map_or(ROOT_HASH, |p| p.path_hash);
            let hash = path_hash(parent_hash, key.as_bytes());
            if let Some(x) = self.hot.node_mut(n) {
                x.path_hash = hash;
            }
            if filed {
                self.table.insert(hash, n);
            }
        }
    }
}

/// The children [`Store::children_with_prefix`] finds, by one of its ways (a plain enum, not
/// a chain of iterators: every request's RBAC and lock checks run it, mostly to find
/// nothing).
struct Children<'a> {
    store: &'a Store,
    prefix: &'a str,
    how: How<'a>,
}

/// How [`Children`] finds them.
enum How<'a> {
    /// Nothing to find.
    Nothing,
    /// The node's set-apart children, each key tested.
    Listed(core::slice::Iter<'a, NodeId>),
    /// All the node's children, each key tested.
    Scanned(alloc::collections::btree_map::Values<'a, Rc<str>, NodeId>),
    /// The node's children from the prefix on, while their keys start with it.
    Ranged(alloc::collections::btree_map::Range<'a, Rc<str>, NodeId>),
}

impl Iterator for Children<'_> {
    type Item = NodeId;

    fn next(&mut self) -> Option<NodeId> {
        let (store, prefix) = (self.store, self.prefix);
        match &mut self.how {
            How::Nothing => None,
            How::Listed(ids) => ids.find(|c| store.key_starts_with(**c, prefix)).copied(),
            How::Scanned(ids) => ids.find(|c| store.key_starts_with(**c, prefix)).copied(),
            How::Ranged(range) => match range.next() {
                Some((key, id)) if key.starts_with(prefix) => Some(*id),
                _ => {
                    self.how = How::Nothing;
                    None
                }
            },
        }
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

    /// A key as a segment, in upper case (look-ups ignore case).
    fn segment(key: &str) -> Segment {
        let (t, name) = key.split_once('/').unwrap_or((key, ""));
        Segment::new(t.to_uppercase(), name.to_uppercase(), false)
    }

    /// Every look-up by hash (one step, and the whole path from the root) and every
    /// counted-prefix search agrees with the ordered maps, and the table holds exactly the
    /// nodes the maps file.
    fn consistent(s: &Store) -> Result<(), String> {
        let mut all: Vec<(NodeId, Vec<Segment>)> = s
            .roots()
            .map(|r| (r, alloc::vec![segment(s.node(r).map_or("", Node::key))]))
            .collect();
        let mut i = 0;
        while let Some((n, path)) = all.get(i).cloned() {
            i += 1;
            let node = s.node(n).ok_or("a filed node is missing")?;
            // The hot array mirrors the node's parent and whether it has set-apart children.
            if s.parent_of(n) != node.parent
                || s.hot.may_have_apart(n) == node.set_apart.as_slice().is_empty()
            {
                return Err(alloc::format!("{}'s hot entry differs", node.key));
            }
            // A node with settings is never marked as having none.
            if has_settings(&node.res) && !s.hot.may_have_settings(n) {
                return Err(alloc::format!("{}'s settings are hidden", node.key));
            }
            if s.find_segments(&path) != Some(n) {
                return Err(alloc::format!("{} is not found by its path", node.key));
            }
            for (key, child) in &node.children {
                let mut below = path.clone();
                below.push(segment(key));
                all.push((*child, below));
                if s.child(Some(n), &segment(key)) != Some(*child) {
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
            if s.child(Some(n), &segment("zz/missing")).is_some() {
                return Err("a missing key was found".into());
            }
        }
        // Once the store has looked again (at its next write), the mark is exact.
        let mut settled = s.clone();
        settled.settle();
        for (n, _) in &all {
            let has = settled.node(*n).is_some_and(|x| has_settings(&x.res));
            if settled.hot.may_have_settings(*n) != has {
                return Err(alloc::format!("node {n}'s settings mark is not exact"));
            }
        }
        if s.table.len() != all.len() {
            return Err(alloc::format!(
                "the table files {} nodes, the maps {}",
                s.table.len(),
                all.len()
            ));
        }
        Ok(())
    }

    #[test]
    fn deep_paths_and_long_keys_are_walked_in_rounds() {
        let mut s = Store::default();
        let long = alloc::format!("t/{}", "n".repeat(600));
        let mut keys: Vec<String> = (0..20).map(|i| alloc::format!("t{i}/n{i}")).collect();
        keys[9] = long.clone();
        keys[17] = "résumé/ü".into();
        let mut parent = None;
        let mut ids = Vec::new();
        for k in &keys {
            let id = s.insert(parent, k.clone(), res(k));
            ids.push(id);
            parent = Some(id);
        }
        let path: Vec<Segment> = keys.iter().map(|k| segment(k)).collect();
        for depth in 1..=keys.len() {
            assert_eq!(s.find_segments(&path[..depth]), Some(ids[depth - 1]));
            let parts: Vec<(String, String)> = keys[..depth]
                .iter()
                .map(|k| {
                    let (t, n) = k.split_once('/').unwrap_or((k, ""));
                    (t.to_uppercase(), n.to_uppercase())
                })
                .collect();
            let found = s.find_ascii(parts.iter().map(|(t, n)| (t.as_str(), n.as_str())));
            // Non-ASCII parts are not this look-up's (the caller takes the general route).
            let want = (depth <= 17).then(|| ids[depth - 1]);
            assert_eq!(found, want, "{depth}");
        }
        // A missing level: the deepest existing node above it, and how deep it is.
        let mut broken = path.clone();
        broken[12] = segment("t12/other");
        assert_eq!(s.deepest(&broken), Some((ids[11], 12)));
        assert_eq!(s.find_segments(&broken), None);
        assert_eq!(s.deepest(&[segment("zz/top")]), None);
        // Under another parent, the same keys are other nodes.
        let other = s.insert(None, "t0/other".into(), res("o"));
        let twin = s.insert(Some(other), keys[1].clone(), res("twin"));
        let twin_path = [segment("t0/other"), segment(&keys[1])];
        assert_eq!(s.find_segments(&twin_path), Some(twin));
        assert_eq!(s.find_segments(&path[..2]), Some(ids[1]));
    }

    /// A prefix search answers the children whose keys start with the prefix, in key order,
    /// both when it tests a few children from their hot entries and when it searches many
    /// by range; long keys (past the hot entry's copy) included.
    #[test]
    fn prefix_search_agrees_with_the_map_for_few_and_many_children() {
        let long = "l".repeat(70);
        for count in [1, 5, SCAN_CHILDREN, SCAN_CHILDREN + 1, 40] {
            let mut s = Store::default();
            let root = s.insert(None, "subscriptions/s".into(), res("s"));
            for i in (0..count).rev() {
                let key = match i % 4 {
                    0 => alloc::format!("fhirservices/f{i}"),
                    1 => alloc::format!("dicomservices/d{i}"),
                    2 => alloc::format!("{long}/x{i}"),
                    _ => alloc::format!("{long}y/x{i}"),
                };
                s.insert(Some(root), key.clone(), res(&key));
            }
            let node = s.node(root).unwrap_or_else(|| unreachable!());
            let prefixes = [
                String::from("fhirservices/"),
                "dicomservices/".into(),
                alloc::format!("{long}/"),
                alloc::format!("{long}y/"),
                "f".into(),
                "zz/".into(),
                String::new(),
            ];
            for prefix in &prefixes {
                let got: Vec<NodeId> = s.children_with_prefix(root, prefix).collect();
                let want: Vec<NodeId> = node
                    .children
                    .iter()
                    .filter(|(k, _)| k.starts_with(&**prefix))
                    .map(|(_, c)| *c)
                    .collect();
                assert_eq!(got, want, "{count} children, prefix {prefix}");
            }
        }
    }

    /// A role assignment's resource: principal `who` (one of a few, a long one and none
    /// included), role `role` (one unknown), made by the session's setup or not.
    fn assignment(who: usize, role: usize, seeded: bool) -> Resource {
        let principals = [Some("AbC-1"), Some("abc-1"), None, Some(LONG_PRINCIPAL)];
        let roles = ["Owner", "Reader", "Janitor"];
        let role = crate::roles::find_role(roles[role % roles.len()]).map(|r| r.id);
        let mut r = res("ra");
        r.body = serde_json::json!({"properties": {
            "principalId": principals[who % principals.len()],
            "roleDefinitionId": role,
        }})
        .into();
        r.created_by = (if seeded { "system" } else { "alice" }).into();
        r.created_at = SimTime(u64::try_from(who).unwrap_or(0));
        r
    }

    /// A principal id too long to be kept inline.
    const LONG_PRINCIPAL: &str = "a-principal-id-much-longer-than-any-guid-is";

    proptest::proptest! {
        #[test]
        fn the_grant_table_follows_the_bodies(
            ops in proptest::collection::vec(
                (0u8..7, 0usize..64, 0usize..KEYS.len(), 0usize..8), 1..60),
        ) {
            let mut s = Store::default();
            let root = s.insert(None, "subscriptions/s".into(), res("s"));
            let mut saved = s.clone();
            let mut live = alloc::vec![root];
            for (op, at, k, who) in ops {
                let target = live[at % live.len()];
                let made = if KEYS[k].starts_with(RA_PREFIX) {
                    assignment(who, who / 2, who % 2 == 0)
                } else {
                    res(KEYS[k])
                };
                match op {
                    0 | 1 => live.push(s.insert(Some(target), KEYS[k].into(), made)),
                    2 if target != root => {
                        let gone = s.post_order(target);
                        s.remove_subtree(target);
                        live.retain(|n| !gone.contains(n));
                    }
                    3 => {
                        let moved = live[(at / 2) % live.len()];
                        if moved != root && !s.pre_order(moved).contains(&target) {
                            s.reparent(moved, target, KEYS[k].into());
                        }
                    }
                    // A body rewritten in place (the way writes change a resource).
                    4 => {
                        if let Some(n) = s.node_mut(target) {
                            n.res.body = made.body;
                            n.res.created_by = made.created_by;
                            // Settings set or cleared (a workspace's PATCH).
                            n.res.settings = crate::resource::WorkspaceSettings {
                                monitoring: who % 3 == 0,
                                ..Default::default()
                            }
                            .into();
                        }
                    }
                    5 => saved = s.clone(),
                    _ => {
                        s = saved.clone();
                        live = s.roots().flat_map(|r| s.pre_order(r)).collect();
                    }
                }
                proptest::prop_assert!(consistent(&s).is_ok(), "{:?}", consistent(&s));
                let (now, then) = (s.check_grants(), saved.check_grants());
                proptest::prop_assert!(now.is_ok(), "{:?}", now);
                proptest::prop_assert!(then.is_ok(), "checkpoint: {:?}", then);
            }
        }
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
