//! Resource providers: per-type validation of PUT bodies, what a resource looks like when
//! created, and what happens when its provisioning succeeds.
//!
//! - [`healthcare`]: `Microsoft.HealthcareApis` with the workspace rules.
//! - [`generic`]: resource groups, Key Vault, role assignments, locks, networks, Event Hubs and
//!   an opaque provider for any other type.
//! - [`legacy_fhir`]: Azure API for FHIR (`Microsoft.HealthcareApis/services`), retired.
//! - `cmk`: customer-managed keys of FHIR and DICOM services; `private_link`: what a
//!   private endpoint to `Microsoft.HealthcareApis` may target.
//! - [`deployments`]: `Microsoft.Resources/deployments`, template deployments run in
//!   virtual time by the template engine (`hcsim-template`).

mod cmk;
pub mod deployments;
pub mod generic;
pub mod healthcare;
pub mod keyvault;
pub mod legacy_fhir;
mod private_link;

use alloc::borrow::Cow;
use alloc::string::String;
use serde_json::Value;

use crate::body::{Body, Overlay};
use crate::config::Stage;
use crate::directory::{Directory, Principal};
use crate::error::ArmError;
use crate::faults::FaultSet;
use crate::packed::{Extra, Packed};
use crate::plan::PutPlan;
use crate::regions;
use crate::resource::{ResKind, Resource};
use crate::rules::RuleId;
use crate::store::{NodeId, Store};
use crate::time::SimTime;
use healthcare::HealthcareIndex;
use keyvault::VaultIndex;

pub use crate::checks::{SETTINGS_KEY, validate_identity};
pub use healthcare::{check_service_name, check_workspace_name};

/// The provider indexes: the look-ups the providers' rules need without walking the tree.
///
/// Invariant: in step with the store (the front door calls [`Indexes::track`] for every node
/// that comes or goes).
#[derive(Clone, Debug, Default)]
pub struct Indexes {
    healthcare: HealthcareIndex,
    vaults: VaultIndex,
    /// Management locks in the tree: while there is none (most sessions), a write's lock
    /// check has no scope to read.
    locks: usize,
}

impl Indexes {
    /// `Microsoft.HealthcareApis`'s index.
    pub fn healthcare(&self) -> &HealthcareIndex {
        &self.healthcare
    }
    /// The Key Vault index.
    pub fn vaults(&self) -> &VaultIndex {
        &self.vaults
    }
    /// Whether the tree holds a management lock anywhere.
    pub fn any_lock(&self) -> bool {
        self.locks > 0
    }

    /// Keeps the indexes in step with the tree as `node` comes (`present`) or goes.
    pub fn track(&mut self, store: &Store, node: NodeId, present: bool) {
        let Some(res) = store.res(node) else {
            return;
        };
        if res.kind == ResKind::Lock {
            self.locks = if present {
                self.locks + 1
            } else {
                self.locks.saturating_sub(1)
            };
        }
        // Only FHIR and DICOM services have a host name (none is looked for otherwise).
        let host = if matches!(res.kind, ResKind::Fhir | ResKind::Dicom) {
            healthcare::service_host(store, node)
        } else {
            None
        };
        self.healthcare.track(res, host, present);
        if res.kind == ResKind::KeyVault {
            self.vaults.track(res.name.to_lowercase(), &res.id, present);
        }
    }
}

/// What the providers read: the world's parts, borrowed. A provider decides (validates,
/// decorates, computes effects); the front door writes.
#[derive(Clone, Copy)]
pub(crate) struct Ctx<'a> {
    /// The resource tree.
    pub store: &'a Store,
    /// The tenant's principals.
    pub directory: &'a Directory,
    /// Active faults.
    pub faults: &'a FaultSet,
    /// The release stage now.
    pub stage: Stage,
    /// Virtual time now.
    pub now: SimTime,
    /// The provider indexes.
    pub index: &'a Indexes,
}

impl Ctx<'_> {
    /// Looks a resource node up by id (case-insensitive).
    pub fn find_node(&self, id: &str) -> Option<NodeId> {
        let p = crate::id::ArmPath::parse(id).ok()?;
        if !p.is_resource() {
            return None;
        }
        self.store.find(&p)
    }

    /// Per-type validation; fills `plan.location` and normalizes `plan.body`.
    pub(crate) fn validate_provider(&self, plan: &mut PutPlan) -> Result<(), ArmError> {
        if let Some(tags) = plan.body.get("tags") {
            crate::checks::validate_tags(tags)?;
        }
        // Location: required for tracked types; normalized; fixed once created (region-immutable).
        let given = plan
            .body
            .get("location")
            .map(|l| l.as_str().map(regions::normalize));
        let location = match given {
            Some(None) => {
                return Err(ArmError::new(
                    400,
                    "InvalidRequestContent",
                    "location must be a string.".into(),
                    RuleId::ValidRequest,
                )
                .at("location"));
            }
            Some(Some(l)) => Some(l),
            None => None,
        };
        if let Some(l) = &location
            && !regions::exists(l)
            && l != "global"
        {
            return Err(ArmError::new(
                    400,
                    "LocationNotAvailableForResourceType",
                    alloc::format!("The provided location '{}' is not available for resource type '{}'. List of available regions for the resource type is '{}'.", crate::id::shorten(l), plan.type_name, regions::ALL_REGIONS.join(",")),
                    RuleId::RegionAvailability,
                )
                .at("location"));
        }
        if let Some(existing) = plan.existing.and_then(|n| self.store.res(n))
            && let (Some(new), Some(old)) = (&location, &existing.location)
            && new != old
        {
            if existing.kind == ResKind::ResourceGroup {
                // ARM's own answer for a group (Azure/azure-cli#22242: `az group create` with
                // another location; 409 per trailofbits/algo#1814).
                return Err(ArmError::new(
                    409,
                    "InvalidResourceGroupLocation",
                    alloc::format!("Invalid resource group location '{new}'. The Resource group already exists in location '{old}'."),
                    RuleId::RegionImmutable,
                )
                .at("location"));
            }
            let rule =
                if existing.kind == ResKind::Workspace || existing.kind == ResKind::ResourceGroup {
                    RuleId::RegionImmutable
                } else if existing.kind.is_healthcare() {
                    RuleId::ChildInWorkspaceRegion
                } else {
                    RuleId::RegionImmutable
                };
            return Err(ArmError::new(
                        400,
                        "InvalidResourceLocation",
                        alloc::format!(
                            "The resource '{}' already exists in location '{old}' in resource group '{}'. A resource with the same name cannot be created in location '{new}'. Please select a new resource name.",
                            existing.name,
                            plan.path.resource_group().unwrap_or("")
                        ),
                        rule,
                    )
                    .at("location"));
        }
        let location = location.or_else(|| {
            plan.existing
                .and_then(|n| self.store.res(n))
                .and_then(|r| r.location.clone())
        });
        if plan.kind.is_tracked() && location.is_none() {
            // Children of a workspace may omit location in raw requests: they inherit it.
            if !plan.kind.is_healthcare() {
                return Err(crate::checks::location_required());
            }
        }
        plan.location = location;
        if plan.kind.is_healthcare() {
            self.validate_healthcare(plan)
        } else if legacy_fhir::is_legacy_fhir(&plan.type_name) {
            self.validate_legacy_fhir(plan)
        } else {
            self.validate_generic(plan)
        }
    }

    /// A new resource's stored body, packed once: the request's keys `top` (its `properties`
    /// already holding the state) with what the provider adds to `properties`, and the
    /// simulator's keys, written straight into the packed bytes: `id`, `name`, `type`
    /// (`type_name`, as the request spelled a type the simulator does not know), `location`
    /// when the resource has one, `systemData`, and a healthcare resource's `etag`. A legacy
    /// FHIR service's defaults are added after, by [`Ctx::decorate_new_packed`]. `state`, when
    /// given, is written as `properties` (`{"provisioningState": state}`), which `top` then
    /// lacks.
    pub(crate) fn new_body(
        &self,
        res: &Resource,
        top: Cow<'_, serde_json::Map<String, Value>>,
        type_name: &str,
        principal: &Principal,
        state: Option<&str>,
    ) -> Packed {
        // Only a type with defaults needs its own copy of the keys to add them to; others
        // (a resource group) are packed from the keys as given.
        let with_defaults = res.kind.is_healthcare()
            || (!legacy_fhir::is_legacy_fhir(&res.type_name)
                && generic::has_generic_defaults(res.kind));
        let decorated;
        let top: &serde_json::Map<String, Value> = if with_defaults {
            let mut body = Value::Object(top.into_owned());
            if res.kind.is_healthcare() {
                self.healthcare_defaults(res.kind, &res.id, &res.name, &mut body);
            } else {
                self.generic_defaults(res.kind, &res.id, &res.name, &mut body);
            }
            decorated = body;
            match &decorated {
                Value::Object(top) => top,
                other => return Packed::new(other),
            }
        } else {
            &top
        };
        let by_type = system_data_type(principal.kind);
        let at = self.now.to_iso();
        let by = principal.name.as_str();
        let system_data = [
            ("createdAt", at.as_str()),
            ("createdBy", by),
            ("createdByType", by_type),
            ("lastModifiedAt", at.as_str()),
            ("lastModifiedBy", by),
            ("lastModifiedByType", by_type),
        ];
        let etag = (res.kind.is_healthcare() && res.kind != ResKind::PrivateEndpointConnection)
            .then(|| crate::rng::guid_from(&alloc::format!("etag:{}:{}", res.id, self.now.0)));
        let props = state.map(|s| [("provisioningState", s)]);
        Packed::object_with(
            top,
            &[
                ("etag", etag.as_deref().map(Extra::Str)),
                ("id", Some(Extra::Str(&res.id))),
                ("location", res.location.as_deref().map(Extra::Str)),
                ("name", Some(Extra::Str(&res.name))),
                ("properties", props.as_ref().map(|p| Extra::Strings(p))),
                ("systemData", Some(Extra::Strings(&system_data))),
                ("type", Some(Extra::Str(type_name))),
            ],
        )
    }

    /// What [`Ctx::new_body`] leaves for after packing: a legacy FHIR service's defaults.
    pub(crate) fn decorate_new_packed(&self, res: &mut Resource) {
        if !res.kind.is_healthcare() && legacy_fhir::is_legacy_fhir(&res.type_name) {
            self.decorate_legacy_fhir(res);
        }
    }

    /// The ARM body of a node as a GET shows it: the stored body with the workspace's
    /// shared settings applied to FHIR and DICOM services (rule `settings-apply-to-all-children`).
    pub(crate) fn view_node(&self, node: NodeId) -> Value {
        self.view_body(node).into_value()
    }

    /// [`Ctx::view_node`] without copying: the stored body shared, and the values the view
    /// adds carried beside it as an overlay (merged when the body is read).
    pub(crate) fn view_body(&self, node: NodeId) -> Body {
        let Some(res) = self.store.res(node) else {
            return Body::default();
        };
        let mut overlay = Overlay::default();
        if legacy_fhir::is_legacy_fhir(&res.type_name) {
            overlay
                .properties
                .push(("privateEndpointConnections", self.connection_bodies(node)));
        }
        if matches!(
            res.kind,
            ResKind::Fhir | ResKind::Dicom | ResKind::Workspace
        ) {
            let ws = if res.kind == ResKind::Workspace {
                Some(node)
            } else {
                self.store.node(node).and_then(|n| n.parent)
            };
            if let Some(ws) = ws {
                self.workspace_overlay(res, ws, &mut overlay);
            }
        }
        Body::with_overlay(Body::from(res.body.clone()), overlay)
    }

    /// The bodies of a node's private endpoint connections, as a JSON array.
    pub(crate) fn connection_bodies(&self, node: NodeId) -> Value {
        Value::Array(
            self.store
                .children_with_prefix(node, "privateendpointconnections/")
                .filter_map(|c| self.store.res(c).map(|r| r.body.value()))
                .collect(),
        )
    }

    /// What a workspace `ws` shows on `res` (itself or one of its services): public network
    /// access, the customer-managed key or the connections, and the hcsim extension settings.
    fn workspace_overlay(&self, res: &Resource, ws: NodeId, overlay: &mut Overlay) {
        let private = self.private_link_connection(ws).is_some();
        overlay.public_network_access = Some(if private { "Disabled" } else { "Enabled" });
        // The workspace's node is read only if it may have settings (in a big world it is
        // a cache miss, and most workspaces set none).
        let ws_res = self.store.res_with_settings(ws);
        if res.kind != ResKind::Workspace {
            if let Some(url) = ws_res.and_then(|w| w.settings.cmk_key_url.clone()) {
                overlay.properties.push((
                    "encryption",
                    serde_json::json!({"customerManagedKeyEncryption": {"keyEncryptionKeyUrl": url}}),
                ));
            }
        } else {
            overlay
                .properties
                .push(("privateEndpointConnections", self.connection_bodies(ws)));
        }
        // The hcsim extension settings (no ARM property exists for them) are shown
        // under their own key, on the workspace and on every service it covers.
        if let Some(w) = ws_res {
            let s = &w.settings;
            if s.cmk_key_url.is_some() || s.monitoring {
                let mut ext = serde_json::json!({
                    "customerManagedKey": s.cmk_key_url.as_ref().map(|u| serde_json::json!({"keyUrl": u})),
                    "monitoring": {"enabled": s.monitoring, "workspaceId": s.monitoring_workspace_id},
                });
                if res.kind != ResKind::Workspace {
                    ext["inheritedFrom"] = Value::String(w.id.clone());
                }
                overlay.top.push((SETTINGS_KEY, ext));
            }
        }
    }

    /// An approved private endpoint connection of a workspace node, if any.
    pub(crate) fn private_link_connection(&self, ws: NodeId) -> Option<String> {
        self.store
            .children_with_prefix(ws, "privateendpointconnections/")
            .find_map(|c| {
                let r = self.store.res(c)?;
                let status = r.body.str_at(&[
                    "properties",
                    "privateLinkServiceConnectionState",
                    "status",
                ])?;
                (status == "Approved").then(|| r.id.clone())
            })
    }
}

/// `systemData`'s `createdByType`/`lastModifiedByType` spelling of a principal kind: ARM's
/// `principalType`, with applications named `Application`.
pub(crate) fn system_data_type(kind: crate::directory::PrincipalKind) -> &'static str {
    match kind.arm() {
        "ServicePrincipal" => "Application",
        other => other,
    }
}
