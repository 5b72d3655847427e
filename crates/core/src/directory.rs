//! The Entra ID directory of the simulated tenant: users, service principals, managed identities.

use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

use crate::rng::guid_from;
use crate::sorted::{look_up, put, slot, take};

/// What kind of principal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PrincipalKind {
    /// A person.
    User,
    /// An application.
    ServicePrincipal,
    /// A managed identity of a resource.
    ManagedIdentity,
}

impl PrincipalKind {
    /// ARM's `principalType` spelling.
    pub fn arm(self) -> &'static str {
        match self {
            PrincipalKind::User => "User",
            PrincipalKind::ServicePrincipal | PrincipalKind::ManagedIdentity => "ServicePrincipal",
        }
    }
}

/// A principal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    /// Sign-in name (users: UPN), or the resource name of a managed identity.
    pub name: String,
    /// Object id (deterministic from the name).
    pub object_id: String,
    /// Kind.
    pub kind: PrincipalKind,
    /// Display name.
    pub display_name: String,
    /// For a managed identity, the resource it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<String>,
}

/// The directory.
#[derive(Clone, Debug, Default)]
pub struct Directory {
    /// Tenant domain.
    pub tenant: String,
    /// Tenant id.
    pub tenant_id: String,
    /// Shared so that a request can hold its principal without copying it. Sorted by key
    /// (lower-cased sign-in name or resource id) and searched by it: sorted `Vec`s instead of
    /// `BTreeMap`s keep two map layouts out of the browser's start module (docs/WASM-SIZE.md,
    /// fifth stop); the order of `all` is unchanged.
    by_key: Vec<(String, Rc<Principal>)>,
    /// Lower-cased object id → key in `by_key`, sorted by object id.
    by_object: Vec<(String, String)>,
}

impl Directory {
    /// An empty directory for `tenant`.
    pub fn new(tenant: &str) -> Directory {
        Directory {
            tenant: tenant.into(),
            tenant_id: guid_from(tenant),
            by_key: Vec::new(),
            by_object: Vec::new(),
        }
    }

    /// Adds a principal (replacing one with the same key) and returns it.
    pub fn add(
        &mut self,
        name: &str,
        kind: PrincipalKind,
        resource_id: Option<String>,
    ) -> &Principal {
        let key = match &resource_id {
            Some(r) => r.to_lowercase(),
            None => name.to_lowercase(),
        };
        let object_id = guid_from(&alloc::format!("principal:{key}"));
        let display_name = name.split('@').next().unwrap_or(name).into();
        let object_lower = object_id.to_lowercase();
        let p = Rc::new(Principal {
            name: name.into(),
            object_id,
            kind,
            display_name,
            resource_id,
        });
        put(&mut self.by_key, key.clone(), p);
        put(&mut self.by_object, object_lower, key.clone());
        let at = slot(&self.by_key, &key).unwrap_or_default();
        &self.by_key[at].1
    }

    /// Removes the managed identity of a deleted resource.
    pub fn remove_identity(&mut self, resource_id: &str) {
        // Identities are keyed by their lower-cased resource id, which starts with '/': when
        // no key does (no managed identity at all, as in most sessions), there is nothing to
        // look up, and every write that names no identity asks.
        let first_from_slash = slot(&self.by_key, "/").unwrap_or_else(|at| at);
        let no_identity = self
            .by_key
            .get(first_from_slash)
            .is_none_or(|(k, _)| !k.starts_with('/'));
        if resource_id.starts_with('/') && no_identity {
            return;
        }
        if let Some(p) = take(&mut self.by_key, &lower(resource_id)) {
            take(&mut self.by_object, &p.object_id.to_lowercase());
        }
    }

    /// Finds a principal by sign-in name, object id, managed-identity resource id or (for
    /// managed identities) resource name. Case-insensitive.
    pub fn find(&self, who: &str) -> Option<&Principal> {
        self.find_shared(who).map(|p| &**p)
    }

    /// [`Directory::find`], as a shared handle (no copy).
    pub fn find_shared(&self, who: &str) -> Option<&Rc<Principal>> {
        let k = lower(who);
        look_up(&self.by_key, &k)
            .or_else(|| look_up(&self.by_object, &k).and_then(|key| look_up(&self.by_key, key)))
            .or_else(|| {
                self.by_key
                    .iter()
                    .map(|(_, p)| p)
                    .find(|p| p.name.eq_ignore_ascii_case(who))
            })
    }

    /// Every principal, in key order.
    pub fn all(&self) -> Vec<&Principal> {
        self.by_key.iter().map(|(_, p)| &**p).collect()
    }
}

/// `s` lower-cased, borrowed when it is already (every request looks its sender up: a name
/// that is lower case already, as most are, is not copied).
fn lower(s: &str) -> alloc::borrow::Cow<'_, str> {
    if s.bytes().any(|b| !b.is_ascii() || b.is_ascii_uppercase()) {
        alloc::borrow::Cow::Owned(s.to_lowercase())
    } else {
        alloc::borrow::Cow::Borrowed(s)
    }
}
