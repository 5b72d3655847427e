//! The Entra ID directory of the simulated tenant: users, service principals, managed identities,
//! and app registrations (`apps`).

mod apps;

pub use apps::{AppChanges, Application, PasswordCredential, end_date, secret_text, years_later};

use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

use crate::error::ArmError;
use crate::rng::guid_from;
use crate::rules::RuleId;
use crate::sorted::{look_up, put, slot, take};
use crate::time::SimTime;

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
    /// For the service principal of an app registration, the app's `appId` (its sign-in
    /// name as well).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
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
    /// App registrations, in creation order (a tenant's few; searched linearly).
    apps: Vec<Application>,
    /// Apps ever registered: numbers each new one's ids, so a name used again gets new ids.
    apps_made: u64,
}

impl Directory {
    /// An empty directory for `tenant`.
    pub fn new(tenant: &str) -> Directory {
        Directory {
            tenant: tenant.into(),
            tenant_id: guid_from(tenant),
            by_key: Vec::new(),
            by_object: Vec::new(),
            apps: Vec::new(),
            apps_made: 0,
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
            app_id: None,
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

    /// Registers an app named `display_name` (created at `created`, ISO) and returns it. Its
    /// ids are derived from the registration's number and name, so replaying a session gives
    /// the same ids.
    pub fn create_app(&mut self, display_name: &str, created: String) -> &mut Application {
        self.apps_made += 1;
        let seed = alloc::format!("{}|{display_name}", self.apps_made);
        let app = Application::new(
            guid_from(&alloc::format!("application:{seed}")),
            guid_from(&alloc::format!("appId:{seed}")),
            display_name,
            created,
        );
        self.apps.push(app);
        let last = self.apps.len() - 1;
        &mut self.apps[last]
    }

    /// The app `id` names (app id, object id or identifier URI).
    pub fn app(&self, id: &str) -> Option<&Application> {
        self.apps.iter().find(|a| a.is(id))
    }

    /// [`Directory::app`], to change.
    pub fn app_mut(&mut self, id: &str) -> Option<&mut Application> {
        self.apps.iter_mut().find(|a| a.is(id))
    }

    /// Every app registration, in creation order.
    pub fn apps(&self) -> &[Application] {
        &self.apps
    }

    /// Deletes the app `id` names and its service principal (as Entra ID does: deleting an
    /// app registration deletes its service principal in the home tenant).
    pub fn delete_app(&mut self, id: &str) -> Option<Application> {
        let at = self.apps.iter().position(|a| a.is(id))?;
        let app = self.apps.remove(at);
        self.remove_app_sp(&app.app_id);
        Some(app)
    }

    /// Adds the service principal of the app with `app_id` (its key and sign-in name is the
    /// app id), or returns the one it has.
    pub fn add_app_sp(&mut self, app_id: &str, display_name: &str) -> &Principal {
        let key = app_id.to_lowercase();
        if slot(&self.by_key, &key).is_err() {
            let object_id = guid_from(&alloc::format!("servicePrincipal:{key}"));
            put(&mut self.by_object, object_id.to_lowercase(), key.clone());
            let p = Principal {
                name: app_id.into(),
                object_id,
                kind: PrincipalKind::ServicePrincipal,
                display_name: display_name.into(),
                resource_id: None,
                app_id: Some(app_id.into()),
            };
            put(&mut self.by_key, key.clone(), Rc::new(p));
        }
        let at = slot(&self.by_key, &key).unwrap_or_default();
        &self.by_key[at].1
    }

    /// Removes the service principal of the app with `app_id`; true when there was one.
    pub fn remove_app_sp(&mut self, app_id: &str) -> bool {
        match take(&mut self.by_key, &app_id.to_lowercase()) {
            Some(p) => {
                take(&mut self.by_object, &p.object_id.to_lowercase());
                true
            }
            None => false,
        }
    }

    /// Renames the service principal of an app whose display name changed (Graph keeps the
    /// two in step for the home tenant's service principal).
    pub fn rename_app_sp(&mut self, app_id: &str, display_name: &str) {
        let key = app_id.to_lowercase();
        if let Ok(at) = slot(&self.by_key, &key) {
            Rc::make_mut(&mut self.by_key[at].1).display_name = display_name.into();
        }
    }

    /// Whether `who` may sign in as a service principal with `secret` at `now` (the client
    /// credentials flow, rule app-credential): an app registration's service principal needs
    /// one of the app's unexpired secrets; an app without a service principal cannot sign in.
    /// Other service principals (`hcsim serve`'s, managed identities) hold no secret in hcsim
    /// and pass; a name the directory does not know is left to the caller (AADSTS700016).
    pub fn check_client_secret(
        &self,
        who: &str,
        secret: Option<&str>,
        now: SimTime,
    ) -> Result<(), ArmError> {
        let refuse = |status: u16, message: String| {
            Err(ArmError::new(
                status,
                "InvalidClient",
                message,
                RuleId::AppCredential,
            ))
        };
        let Some(p) = self.find(who).filter(|p| p.kind != PrincipalKind::User) else {
            return match self.app(who) {
                Some(app) => refuse(
                    400,
                    alloc::format!(
                        "AADSTS7000229: The client application {} is missing service principal in the tenant {}.",
                        app.app_id,
                        self.tenant_id
                    ),
                ),
                None => Ok(()),
            };
        };
        let Some(app) = p.app_id.as_deref().and_then(|id| self.app(id)) else {
            return Ok(());
        };
        let Some(cred) = app
            .passwords
            .iter()
            .find(|c| secret.is_some_and(|s| s == c.secret))
        else {
            return refuse(
                401,
                alloc::format!(
                    "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{}'.",
                    app.app_id
                ),
            );
        };
        let iso = now.to_iso();
        if cred.end.as_str() <= alloc::format!("{}Z", iso.get(..19).unwrap_or(&iso)).as_str() {
            return refuse(
                401,
                alloc::format!(
                    "AADSTS7000222: The provided client secret keys for app '{}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.",
                    app.app_id
                ),
            );
        }
        Ok(())
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
