//! Resource providers: per-type validation of PUT bodies, what a resource looks like when
//! created, and what happens when its provisioning succeeds.
//!
//! - [`healthcare`]: `Microsoft.HealthcareApis` with the workspace rules.
//! - [`generic`]: resource groups, Key Vault, role assignments, locks, networks, Event Hubs and
//!   an opaque provider for any other type.
//! - [`deployments`]: `Microsoft.Resources/deployments`, template deployments run in
//!   virtual time by the template engine (`hcsim-template`).

pub mod deployments;
pub mod generic;
pub mod healthcare;

use alloc::string::String;
use serde_json::Value;

use crate::directory::Principal;
use crate::error::ArmError;
use crate::frontdoor::PutPlan;
use crate::regions;
use crate::resource::{ResKind, Resource};
use crate::rules::RuleId;
use crate::store::NodeId;
use crate::world::World;

pub use healthcare::{check_service_name, check_workspace_name};

/// The PATCH body key of hcsim's workspace-level settings extension:
/// `{"hcsimSettings": {"customerManagedKey": {"keyUrl": "…"} | null, "monitoring": {"enabled": true, "workspaceId": "…"}}}`.
pub const SETTINGS_KEY: &str = "hcsimSettings";

/// ARM's answer to a tracked resource without a location.
pub(crate) fn location_required() -> ArmError {
    ArmError::new(
        400,
        "LocationRequired",
        "The location property is required for this definition.".into(),
        RuleId::ValidRequest,
    )
    .at("location")
}

/// Validates `identity` (FHIR, DICOM, IoT): `type` ∈ None | SystemAssigned | UserAssigned | "SystemAssigned,UserAssigned".
pub fn validate_identity(identity: &Value) -> Result<(), ArmError> {
    let ty = identity.get("type").and_then(Value::as_str);
    match ty {
        Some("None" | "SystemAssigned" | "UserAssigned" | "SystemAssigned,UserAssigned") => Ok(()),
        _ => Err(ArmError::new(
            400,
            "InvalidIdentityType",
            "identity.type must be one of None, SystemAssigned, UserAssigned, 'SystemAssigned,UserAssigned'.".into(),
            RuleId::ValidRequest,
        )
        .at("identity.type")),
    }
}

impl World {
    /// Per-type validation; fills `plan.location` and normalizes `plan.body`.
    pub(crate) fn validate_provider(&self, plan: &mut PutPlan) -> Result<(), ArmError> {
        if let Some(tags) = plan.body.get("tags") {
            crate::frontdoor::validate_tags(tags)?;
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
                return Err(crate::providers::location_required());
            }
        }
        plan.location = location;
        if plan.kind.is_healthcare() {
            self.validate_healthcare(plan)
        } else {
            self.validate_generic(plan)
        }
    }

    /// Adds computed fields to a new resource's body.
    pub(crate) fn decorate_new(&self, res: &mut Resource, principal: &Principal) {
        let created_by_type = principal
            .kind
            .arm()
            .replace("ServicePrincipal", "Application");
        let at = self.now.to_iso();
        if let Value::Object(m) = &mut res.body {
            m.insert(
                "systemData".into(),
                serde_json::json!({
                    "createdBy": principal.name, "createdByType": created_by_type, "createdAt": at,
                    "lastModifiedBy": principal.name, "lastModifiedByType": created_by_type, "lastModifiedAt": at,
                }),
            );
            if res.kind.is_healthcare() && res.kind != ResKind::PrivateEndpointConnection {
                m.insert(
                    "etag".into(),
                    Value::String(crate::rng::guid_from(&alloc::format!(
                        "etag:{}:{}",
                        res.id,
                        self.now.0
                    ))),
                );
            }
        }
        if res.kind.is_healthcare() {
            self.decorate_healthcare(res);
        } else {
            self.decorate_generic(res);
        }
    }

    /// Side effects when provisioning ends well.
    pub(crate) fn on_succeeded(&mut self, node: NodeId) {
        let Some(kind) = self.store.res(node).map(|r| r.kind) else {
            return;
        };
        match kind {
            ResKind::Fhir | ResKind::Dicom => self.healthcare_on_succeeded(node),
            ResKind::PrivateEndpoint => self.private_endpoint_on_succeeded(node),
            _ => {}
        }
    }

    /// The ARM body of a node as a GET shows it: the stored body with the workspace's
    /// shared settings applied to FHIR and DICOM services (rule `settings-apply-to-all-children`).
    pub fn view_node(&self, node: NodeId) -> Value {
        let Some(res) = self.store.res(node) else {
            return Value::Null;
        };
        let mut body = res.body.clone();
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
                let private = self.private_link_connection(ws).is_some();
                if let Some(props) = body.get_mut("properties").and_then(Value::as_object_mut) {
                    props.insert(
                        "publicNetworkAccess".into(),
                        Value::String(if private { "Disabled" } else { "Enabled" }.into()),
                    );
                    if res.kind != ResKind::Workspace {
                        if let Some(url) = self
                            .store
                            .res(ws)
                            .and_then(|w| w.settings.cmk_key_url.clone())
                        {
                            props.insert("encryption".into(), serde_json::json!({"customerManagedKeyEncryption": {"keyEncryptionKeyUrl": url}}));
                        }
                    } else {
                        let pecs: alloc::vec::Vec<Value> = self
                            .store
                            .children_with_prefix(ws, "privateendpointconnections/")
                            .filter_map(|c| self.store.res(c).map(|r| r.body.clone()))
                            .collect();
                        props.insert("privateEndpointConnections".into(), Value::Array(pecs));
                    }
                }
                // The hcsim extension settings (no ARM property exists for them) are shown
                // under their own key, on the workspace and on every service it covers.
                if let Some(w) = self.store.res(ws) {
                    let s = &w.settings;
                    if s.cmk_key_url.is_some() || s.monitoring {
                        let mut ext = serde_json::json!({
                            "customerManagedKey": s.cmk_key_url.as_ref().map(|u| serde_json::json!({"keyUrl": u})),
                            "monitoring": {"enabled": s.monitoring, "workspaceId": s.monitoring_workspace_id},
                        });
                        if res.kind != ResKind::Workspace {
                            ext["inheritedFrom"] = Value::String(w.id.clone());
                        }
                        if let Value::Object(m) = &mut body {
                            m.insert(SETTINGS_KEY.into(), ext);
                        }
                    }
                }
            }
        }
        body
    }

    /// An approved private endpoint connection of a workspace node, if any.
    pub(crate) fn private_link_connection(&self, ws: NodeId) -> Option<String> {
        self.store
            .children_with_prefix(ws, "privateendpointconnections/")
            .find_map(|c| {
                let r = self.store.res(c)?;
                let status =
                    r.body["properties"]["privateLinkServiceConnectionState"]["status"].as_str()?;
                (status == "Approved").then(|| r.id.clone())
            })
    }
}
