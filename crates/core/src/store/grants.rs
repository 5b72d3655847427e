//! What every role assignment in the store says for RBAC — its principal, its role, when and
//! by whom it was made — kept by the store beside the tree, by the scope it is assigned at.
//!
//! Why: every request checks its caller's permission at each scope above its target, and in
//! a big world reading an assignment from the tree is a chain of cache misses (the scope's
//! node, the assignment's entry, its node, its packed body, then the body's fields parsed).
//! Here a scope's assignments are found by a binary search over a dense array of scope ids
//! (a few bytes per assignment, which stays in cache) and read from one line each.
//!
//! The store keeps the table in step wherever it files or unfiles a set-apart child (see
//! `Store::attach`/`Store::detach`/`Store::remove_subtree`) and re-reads an assignment it
//! handed out for writing (`Store::node_mut`); the table is shared by reference count and
//! copied on write like the store's other parts, so a checkpoint restores it with the rest.

use alloc::boxed::Box;
use alloc::vec::Vec;

use crate::propagation::seeded;
use crate::resource::Resource;
use crate::roles::{Action, Role, find_role};
use crate::time::SimTime;

/// A node's index in the store's arena (the store's `NodeId`).
type NodeId = u32;

/// Bytes of a principal id kept inside the fact (an object id is a 36-byte GUID).
const INLINE: usize = 38;

/// An assignment's `properties.principalId`, exactly as written (compared ignoring ASCII
/// case, as Azure compares object ids).
#[derive(Clone, Debug, PartialEq, Eq)]
enum PrincipalId {
    /// No principal id (or not a string): the assignment grants nothing.
    Missing,
    /// Up to [`INLINE`] bytes: the first `len` of `bytes`.
    Inline {
        /// How many bytes are the id.
        len: u8,
        /// The id's bytes.
        bytes: [u8; INLINE],
    },
    /// A longer id.
    Long(Box<str>),
}

impl PrincipalId {
    /// The id `text` names (`None`: missing).
    fn of(text: Option<&str>) -> PrincipalId {
        let Some(text) = text else {
            return PrincipalId::Missing;
        };
        match (u8::try_from(text.len()), text.len() <= INLINE) {
            (Ok(len), true) => {
                let mut bytes = [0; INLINE];
                bytes[..text.len()].copy_from_slice(text.as_bytes());
                PrincipalId::Inline { len, bytes }
            }
            _ => PrincipalId::Long(Box::from(text)),
        }
    }

    /// True when this is `object_id`, ignoring ASCII case.
    fn is(&self, object_id: &str) -> bool {
        match self {
            PrincipalId::Missing => false,
            PrincipalId::Inline { len, bytes } => bytes
                .get(..usize::from(*len))
                .is_some_and(|b| b.eq_ignore_ascii_case(object_id.as_bytes())),
            PrincipalId::Long(text) => text.eq_ignore_ascii_case(object_id),
        }
    }
}

/// What RBAC reads of one role assignment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    /// The assignment's node.
    ra: NodeId,
    /// The built-in role `properties.roleDefinitionId` names (`None`: none hcsim knows).
    role: Option<&'static Role>,
    /// When it was made.
    pub created_at: SimTime,
    /// Made as part of the session's setup (in effect at once in any timing).
    pub seeded: bool,
    /// `properties.principalId`.
    principal: PrincipalId,
}

impl Grant {
    /// What `res` (assignment node `ra`) says.
    pub fn of(ra: NodeId, res: &Resource) -> Grant {
        Grant {
            ra,
            role: res
                .body
                .str_at(&["properties", "roleDefinitionId"])
                .and_then(find_role),
            created_at: res.created_at,
            seeded: seeded(&res.created_by),
            principal: PrincipalId::of(res.body.str_at(&["properties", "principalId"])),
        }
    }

    /// True if it gives the principal whose object id is `object_id` a role allowing
    /// `action` (in effect or not: the caller decides that).
    pub fn grants(&self, object_id: &str, action: Action) -> bool {
        self.principal.is(object_id) && self.role.is_some_and(|r| r.allows.contains(&action))
    }

    /// The assignment's node.
    pub fn node(&self) -> NodeId {
        self.ra
    }
}

/// Every filed role assignment's facts, by scope.
#[derive(Clone, Debug, Default)]
pub struct Grants {
    /// The scope of each fact, in order (with repeats): what a look-up searches. Kept apart
    /// from the facts so the search reads 4 bytes a step.
    scopes: Vec<NodeId>,
    /// The facts, in the order of `scopes` (and by assignment node within a scope).
    facts: Vec<Grant>,
}

impl Grants {
    /// The facts of the assignments at `scope`.
    pub fn at(&self, scope: NodeId) -> &[Grant] {
        let from = self.scopes.partition_point(|s| *s < scope);
        let to = from
            + self.scopes[from..]
                .iter()
                .take_while(|s| **s == scope)
                .count();
        self.facts.get(from..to).unwrap_or(&[])
    }

    /// Where the fact of assignment `ra` at `scope` is, or would go.
    fn position(&self, scope: NodeId, ra: NodeId) -> Result<usize, usize> {
        let from = self.scopes.partition_point(|s| *s < scope);
        let run = self.at(scope);
        match run.iter().position(|g| g.ra >= ra) {
            Some(i) if run[i].ra == ra => Ok(from + i),
            Some(i) => Err(from + i),
            None => Err(from + run.len()),
        }
    }

    /// Files (or refreshes) the fact of assignment `ra` at `scope`.
    pub fn put(&mut self, scope: NodeId, grant: Grant) {
        match self.position(scope, grant.ra) {
            Ok(i) => self.facts[i] = grant,
            Err(i) => {
                self.scopes.insert(i, scope);
                self.facts.insert(i, grant);
            }
        }
    }

    /// Removes the fact of assignment `ra` at `scope`, if filed.
    pub fn remove(&mut self, scope: NodeId, ra: NodeId) {
        if let Ok(i) = self.position(scope, ra) {
            self.scopes.remove(i);
            self.facts.remove(i);
        }
    }

    /// True when the fact of assignment `ra` at `scope` is filed.
    pub fn has(&self, scope: NodeId, ra: NodeId) -> bool {
        self.position(scope, ra).is_ok()
    }

    /// Every fact with its scope, in order.
    pub fn all(&self) -> impl Iterator<Item = (NodeId, &Grant)> {
        self.scopes.iter().copied().zip(self.facts.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(ra: NodeId, who: &str) -> Grant {
        Grant {
            ra,
            role: find_role("Reader"),
            created_at: SimTime::default(),
            seeded: false,
            principal: PrincipalId::of(Some(who)),
        }
    }

    #[test]
    fn facts_are_found_by_scope_and_compared_ignoring_case() {
        let mut g = Grants::default();
        g.put(5, grant(9, "AbC"));
        g.put(2, grant(3, "x"));
        g.put(5, grant(7, &"L".repeat(60)));
        g.put(5, grant(9, "abd"));
        assert_eq!(g.at(5).iter().map(Grant::node).collect::<Vec<_>>(), [7, 9]);
        assert!(g.at(5)[1].grants("ABD", Action::Read));
        assert!(!g.at(5)[1].grants("ABD", Action::Write));
        assert!(g.at(5)[0].grants(&"l".repeat(60), Action::Read));
        assert!(!g.at(5)[0].grants(&"l".repeat(59), Action::Read));
        assert!(g.at(4).is_empty() && g.at(6).is_empty());
        g.remove(5, 7);
        g.remove(5, 8);
        assert!(g.has(5, 9) && !g.has(5, 7));
        g.remove(2, 3);
        assert_eq!(
            g.all().map(|(s, f)| (s, f.node())).collect::<Vec<_>>(),
            [(5, 9)]
        );
        assert!(!PrincipalId::of(None).is(""));
    }
}
