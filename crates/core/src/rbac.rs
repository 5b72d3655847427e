//! Azure RBAC: built-in role definitions (real role ids), and what each permits. Deny by
//! default; assignments at a scope are inherited by everything below it (rule `rbac`).

use alloc::boxed::Box;

use crate::checks::RA_PREFIX;
use crate::directory::Principal;
use crate::packed::Packed;
use crate::store::{NodeId, Store};
use crate::time::SimTime;

pub use crate::roles::{Action, ROLES, Role, find_role, role_definition_id};

/// True if `principal` holds a role allowing `action` at `node` or above: assignments at a
/// scope are inherited by everything below it; no assignment, no access.
pub fn permits(store: &Store, principal: &Principal, node: NodeId, action: Action) -> bool {
    permits_from(
        store,
        GrantSource::Store,
        principal,
        node,
        action,
        |_, _| true,
    )
}

/// [`permits`], reading the assignments from `source`, counting only those `in_effect`
/// accepts given when each was made and whether the session started with it (see
/// [`crate::propagation::in_effect_since`]).
pub fn permits_from(
    store: &Store,
    source: GrantSource,
    principal: &Principal,
    node: NodeId,
    action: Action,
    in_effect: impl Fn(SimTime, bool) -> bool,
) -> bool {
    let object_id = principal.object_id.as_str();
    store.ancestors(node).any(|scope| match source {
        GrantSource::Store => store
            .grants_at(scope)
            .any(|g| in_effect(g.created_at, g.seeded) && g.grants(object_id, action)),
        GrantSource::Bodies => store.children_with_prefix(scope, RA_PREFIX).any(|ra| {
            store.res(ra).is_some_and(|r| {
                let seeded = crate::propagation::seeded(&r.created_by);
                in_effect(r.created_at, seeded) && grants(r, principal, action)
            })
        }),
    })
}

/// True if the role assignment `ra` gives `principal` a role that allows `action` (its
/// body read afresh).
pub fn grants(ra: &crate::resource::Resource, principal: &Principal, action: Action) -> bool {
    Reading::of(&ra.body).grants(principal, action)
}

/// What a role assignment's body says for RBAC: its principal and its role.
struct Reading {
    /// `properties.principalId`.
    principal_id: Option<Box<str>>,
    /// The built-in role `properties.roleDefinitionId` names.
    role: Option<&'static Role>,
}

impl Reading {
    /// Reads `body` (two packed look-ups and a role search).
    fn of(body: &Packed) -> Reading {
        Reading {
            principal_id: body.str_at(&["properties", "principalId"]).map(Box::from),
            role: body
                .str_at(&["properties", "roleDefinitionId"])
                .and_then(find_role),
        }
    }

    /// [`grants`] from what was read.
    fn grants(&self, principal: &Principal, action: Action) -> bool {
        self.principal_id
            .as_deref()
            .is_some_and(|p| p.eq_ignore_ascii_case(&principal.object_id))
            && self.role.is_some_and(|role| role.allows.contains(&action))
    }
}

/// Where a permission check reads role assignments from: the store's facts (what every
/// request uses) or each assignment's body read afresh, the way the facts are made. Tests
/// run sessions both ways to show the facts change no answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum GrantSource {
    /// The store's table of role assignments' facts ([`Store::grants_at`]).
    #[default]
    Store,
    /// Every assignment's body.
    Bodies,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_roles_by_name_and_id() {
        assert_eq!(find_role("owner").unwrap().name, "Owner");
        assert_eq!(find_role("/subscriptions/x/providers/Microsoft.Authorization/roleDefinitions/3f88fce4-5892-4214-ae73-ba5294559913").unwrap().name, "FHIR Data Writer");
        assert!(find_role("Janitor").is_none());
        // Control-plane Owner has no data-plane access: a classic surprise worth teaching.
        assert!(
            !find_role("Owner")
                .unwrap()
                .allows
                .contains(&Action::FhirDataRead)
        );
    }
}
