//! Resources as the simulator keeps them: the ARM body plus what the simulator needs to know.

use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::string::String;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::packed::Packed;
use crate::time::SimTime;

/// What kind of resource a type string names; decides which provider rules apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ResKind {
    /// `Microsoft.Resources/subscriptions` (from the directory, never created by requests).
    Subscription,
    /// `Microsoft.Resources/resourceGroups`.
    ResourceGroup,
    /// `Microsoft.HealthcareApis/workspaces`.
    Workspace,
    /// `Microsoft.HealthcareApis/workspaces/fhirservices`.
    Fhir,
    /// `Microsoft.HealthcareApis/workspaces/dicomservices`.
    Dicom,
    /// `Microsoft.HealthcareApis/workspaces/iotconnectors` (MedTech).
    Iot,
    /// `Microsoft.HealthcareApis/workspaces/iotconnectors/fhirdestinations`.
    FhirDestination,
    /// `Microsoft.HealthcareApis/workspaces/privateEndpointConnections`.
    PrivateEndpointConnection,
    /// `Microsoft.KeyVault/vaults`.
    KeyVault,
    /// `Microsoft.KeyVault/vaults/keys`.
    Key,
    /// `Microsoft.Authorization/roleAssignments`.
    RoleAssignment,
    /// `Microsoft.Authorization/locks`.
    Lock,
    /// `Microsoft.Network/virtualNetworks`.
    VirtualNetwork,
    /// `Microsoft.Network/privateEndpoints`.
    PrivateEndpoint,
    /// `Microsoft.EventHub/namespaces`.
    EventHubNamespace,
    /// `Microsoft.EventHub/namespaces/eventhubs`.
    EventHub,
    /// `Microsoft.Resources/deployments`: a template deployment record. Written synchronously;
    /// its `properties.provisioningState` (`Running`, `Succeeded`, `Failed`) belongs to the
    /// deployment engine that writes it, not to the core's lifecycle.
    Deployment,
    /// Any other type: kept as an opaque resource so templates and references resolve.
    Generic,
}

impl ResKind {
    /// Classifies an ARM type string (case-insensitive).
    pub fn of(type_name: &str) -> ResKind {
        const TABLE: &[(&str, ResKind)] = &[
            ("microsoft.resources/subscriptions", ResKind::Subscription),
            ("microsoft.resources/resourcegroups", ResKind::ResourceGroup),
            ("microsoft.healthcareapis/workspaces", ResKind::Workspace),
            (
                "microsoft.healthcareapis/workspaces/fhirservices",
                ResKind::Fhir,
            ),
            (
                "microsoft.healthcareapis/workspaces/dicomservices",
                ResKind::Dicom,
            ),
            (
                "microsoft.healthcareapis/workspaces/iotconnectors",
                ResKind::Iot,
            ),
            (
                "microsoft.healthcareapis/workspaces/iotconnectors/fhirdestinations",
                ResKind::FhirDestination,
            ),
            (
                "microsoft.healthcareapis/workspaces/privateendpointconnections",
                ResKind::PrivateEndpointConnection,
            ),
            ("microsoft.keyvault/vaults", ResKind::KeyVault),
            ("microsoft.keyvault/vaults/keys", ResKind::Key),
            (
                "microsoft.authorization/roleassignments",
                ResKind::RoleAssignment,
            ),
            ("microsoft.authorization/locks", ResKind::Lock),
            ("microsoft.network/virtualnetworks", ResKind::VirtualNetwork),
            (
                "microsoft.network/privateendpoints",
                ResKind::PrivateEndpoint,
            ),
            ("microsoft.eventhub/namespaces", ResKind::EventHubNamespace),
            ("microsoft.eventhub/namespaces/eventhubs", ResKind::EventHub),
            ("microsoft.resources/deployments", ResKind::Deployment),
        ];
        TABLE
            .iter()
            .find(|(t, _)| t.eq_ignore_ascii_case(type_name))
            .map(|(_, k)| *k)
            .unwrap_or(ResKind::Generic)
    }

    /// The canonical type string, for known kinds.
    pub fn canonical_type(self) -> Option<&'static str> {
        Some(match self {
            ResKind::Subscription => "Microsoft.Resources/subscriptions",
            ResKind::ResourceGroup => "Microsoft.Resources/resourceGroups",
            ResKind::Workspace => "Microsoft.HealthcareApis/workspaces",
            ResKind::Fhir => "Microsoft.HealthcareApis/workspaces/fhirservices",
            ResKind::Dicom => "Microsoft.HealthcareApis/workspaces/dicomservices",
            ResKind::Iot => "Microsoft.HealthcareApis/workspaces/iotconnectors",
            ResKind::FhirDestination => {
                "Microsoft.HealthcareApis/workspaces/iotconnectors/fhirdestinations"
            }
            ResKind::PrivateEndpointConnection => {
                "Microsoft.HealthcareApis/workspaces/privateEndpointConnections"
            }
            ResKind::KeyVault => "Microsoft.KeyVault/vaults",
            ResKind::Key => "Microsoft.KeyVault/vaults/keys",
            ResKind::RoleAssignment => "Microsoft.Authorization/roleAssignments",
            ResKind::Lock => "Microsoft.Authorization/locks",
            ResKind::VirtualNetwork => "Microsoft.Network/virtualNetworks",
            ResKind::PrivateEndpoint => "Microsoft.Network/privateEndpoints",
            ResKind::EventHubNamespace => "Microsoft.EventHub/namespaces",
            ResKind::EventHub => "Microsoft.EventHub/namespaces/eventhubs",
            ResKind::Deployment => "Microsoft.Resources/deployments",
            ResKind::Generic => return None,
        })
    }

    /// A workspace's child service (FHIR, DICOM, IoT connector): what rule 2 counts.
    pub fn is_workspace_service(self) -> bool {
        matches!(self, ResKind::Fhir | ResKind::Dicom | ResKind::Iot)
    }

    /// A `Microsoft.HealthcareApis` type.
    pub fn is_healthcare(self) -> bool {
        matches!(
            self,
            ResKind::Workspace
                | ResKind::Fhir
                | ResKind::Dicom
                | ResKind::Iot
                | ResKind::FhirDestination
                | ResKind::PrivateEndpointConnection
        )
    }

    /// Types whose writes complete at once (no long-running operation), as in Azure.
    pub fn is_synchronous(self) -> bool {
        matches!(
            self,
            ResKind::RoleAssignment
                | ResKind::Lock
                | ResKind::Key
                | ResKind::PrivateEndpointConnection
                | ResKind::Deployment
        )
    }

    /// Tracked types carry a required `location`.
    pub fn is_tracked(self) -> bool {
        !matches!(
            self,
            ResKind::Subscription
                | ResKind::RoleAssignment
                | ResKind::Lock
                | ResKind::Key
                | ResKind::EventHub
                | ResKind::PrivateEndpointConnection
                | ResKind::Deployment
                | ResKind::Generic
        )
    }

    /// A short human label (`FHIR service`).
    pub fn label(self) -> &'static str {
        match self {
            ResKind::Subscription => "subscription",
            ResKind::ResourceGroup => "resource group",
            ResKind::Workspace => "workspace",
            ResKind::Fhir => "FHIR service",
            ResKind::Dicom => "DICOM service",
            ResKind::Iot => "IoT connector",
            ResKind::FhirDestination => "FHIR destination",
            ResKind::PrivateEndpointConnection => "private endpoint connection",
            ResKind::KeyVault => "key vault",
            ResKind::Key => "key",
            ResKind::RoleAssignment => "role assignment",
            ResKind::Lock => "lock",
            ResKind::VirtualNetwork => "virtual network",
            ResKind::PrivateEndpoint => "private endpoint",
            ResKind::EventHubNamespace => "Event Hubs namespace",
            ResKind::EventHub => "event hub",
            ResKind::Deployment => "deployment",
            ResKind::Generic => "resource",
        }
    }
}

/// `provisioningState` values the simulator uses (ARM's lifecycle).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ProvisioningState {
    /// Accepted, not started.
    Accepted,
    /// Being created.
    Creating,
    /// Being updated.
    Updating,
    /// Being deleted.
    Deleting,
    /// Done.
    Succeeded,
    /// The last operation failed.
    Failed,
}

impl ProvisioningState {
    /// The ARM spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ProvisioningState::Accepted => "Accepted",
            ProvisioningState::Creating => "Creating",
            ProvisioningState::Updating => "Updating",
            ProvisioningState::Deleting => "Deleting",
            ProvisioningState::Succeeded => "Succeeded",
            ProvisioningState::Failed => "Failed",
        }
    }
    /// True while an operation is running on the resource (rule `busy-resource`).
    pub fn is_busy(self) -> bool {
        matches!(
            self,
            ProvisioningState::Accepted
                | ProvisioningState::Creating
                | ProvisioningState::Updating
                | ProvisioningState::Deleting
        )
    }
}

/// Workspace-level shared settings that the real API has no property for (hcsim extensions:
/// customer-managed key and monitoring). Private link and RBAC are derived from resources.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceSettings {
    /// Key Vault key URL of the customer-managed key, if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cmk_key_url: Option<String>,
    /// The simulated key vault holding that key (None for a vault outside the simulation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cmk_vault_id: Option<String>,
    /// Diagnostic logs sent to Azure Monitor.
    #[serde(default)]
    pub monitoring: bool,
    /// Log Analytics workspace receiving the logs, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitoring_workspace_id: Option<String>,
}

/// A resource's ARM type string: the canonical spelling of a known kind is a static word, so
/// only resources of other types allocate their own. Reads as a `&str`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeName(Cow<'static, str>);

impl TypeName {
    /// The type string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A known kind's canonical type word, borrowed (no copy, no look-up of the kind).
    pub(crate) fn from_static(canonical: &'static str) -> TypeName {
        TypeName(Cow::Borrowed(canonical))
    }

    /// The type of a resource of no known kind, as given (no look-up of the kind: the caller
    /// found none).
    pub(crate) fn as_given(t: Cow<'static, str>) -> TypeName {
        TypeName(t)
    }

    /// Bytes it holds on the heap (none for a known kind's static word).
    pub fn heap_len(&self) -> usize {
        match &self.0 {
            Cow::Borrowed(_) => 0,
            Cow::Owned(s) => s.capacity(),
        }
    }
}

impl From<&str> for TypeName {
    /// The canonical word when `t` spells a known kind's type exactly; an owned copy otherwise.
    fn from(t: &str) -> TypeName {
        match ResKind::of(t).canonical_type() {
            Some(c) if c == t => TypeName(Cow::Borrowed(c)),
            _ => TypeName(Cow::Owned(t.into())),
        }
    }
}

impl From<String> for TypeName {
    fn from(t: String) -> TypeName {
        match ResKind::of(&t).canonical_type() {
            Some(c) if c == t => TypeName(Cow::Borrowed(c)),
            _ => TypeName(Cow::Owned(t)),
        }
    }
}

impl From<TypeName> for Cow<'static, str> {
    /// The static word or the owned string, moved (an event's `resource_type`).
    fn from(t: TypeName) -> Cow<'static, str> {
        t.0
    }
}

impl From<TypeName> for String {
    fn from(t: TypeName) -> String {
        t.0.into_owned()
    }
}

impl core::ops::Deref for TypeName {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for TypeName {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for TypeName {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl core::fmt::Debug for TypeName {
    /// As the string.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        core::fmt::Debug::fmt(&*self.0, f)
    }
}

impl core::fmt::Display for TypeName {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A resource's [`WorkspaceSettings`], kept boxed and only when some are set: every resource
/// has the field, few workspaces set anything, and the inline struct cost 80 bytes each.
/// Reads as the settings ([`Deref`](core::ops::Deref)); the defaults when none are set.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Settings(Option<Box<WorkspaceSettings>>);

/// The settings of a resource that sets none.
static NO_SETTINGS: WorkspaceSettings = WorkspaceSettings {
    cmk_key_url: None,
    cmk_vault_id: None,
    monitoring: false,
    monitoring_workspace_id: None,
};

impl core::ops::Deref for Settings {
    type Target = WorkspaceSettings;

    fn deref(&self) -> &WorkspaceSettings {
        self.0.as_deref().unwrap_or(&NO_SETTINGS)
    }
}

impl From<WorkspaceSettings> for Settings {
    /// Boxed only when something is set.
    fn from(s: WorkspaceSettings) -> Settings {
        Settings((s != WorkspaceSettings::default()).then(|| Box::new(s)))
    }
}

impl core::fmt::Debug for Settings {
    /// As the settings themselves.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        core::fmt::Debug::fmt(&**self, f)
    }
}

/// One resource: its ARM body (kept complete: `id`, `name`, `type`, `location`, `tags`,
/// `properties.provisioningState` …) and the simulator's own bookkeeping.
///
/// Laid out in the order written (`repr(C)`), what a GET reads first: the body, the settings
/// a workspace shows on its services, the kind and the type, then what only writes and
/// listings read. Inside the store's node (see `store::Node`) those first fields share the
/// node's first two cache lines with what a look-up reads, so in a big world a GET's node
/// costs one pair of lines, not three or four lines.
#[derive(Clone, Debug, PartialEq)]
#[repr(C)]
pub struct Resource {
    /// The ARM body, packed (one allocation) and shared by reference count with the responses
    /// that show it (each decodes its own copy when read). Read one field with
    /// [`Packed::str_at`]/[`Packed::at`], the whole with [`Packed::value`]; write through
    /// [`Packed::edit`] (decoded, changed, packed again).
    pub body: Packed,
    /// Workspace-level settings (workspaces only; one word when none are set).
    pub settings: Settings,
    /// Classification.
    pub kind: ResKind,
    /// Lifecycle state (mirrored in `body.properties.provisioningState`).
    pub state: ProvisioningState,
    /// ARM type string (canonical for known kinds, then a static word: no allocation).
    pub type_name: TypeName,
    /// Canonical id, as created.
    pub id: String,
    /// The name (last id segment).
    pub name: String,
    /// Normalized location (tracked types).
    pub location: Option<String>,
    /// Created at.
    pub created_at: SimTime,
    /// Created by (principal name).
    pub created_by: String,
}

impl Resource {
    /// Runs `f` on the body's `properties` object, if it has one (the body packed again after).
    pub fn with_properties<R>(
        &mut self,
        f: impl FnOnce(&mut serde_json::Map<String, Value>) -> R,
    ) -> Option<R> {
        let mut body = self.body.edit();
        body.get_mut("properties")
            .and_then(Value::as_object_mut)
            .map(f)
    }

    /// Sets the state in both places (a deployment's body keeps the state its engine wrote).
    pub fn set_state(&mut self, s: ProvisioningState) {
        self.state = s;
        if self.kind == ResKind::Deployment
            || self.body.str_at(&["properties", "provisioningState"]) == Some(s.as_str())
        {
            return;
        }
        // Spliced into the packed bytes (no decode, no re-encode); `set_at` changes nothing
        // when there is no `properties` object, as a body without one shows no state.
        self.body
            .set_str_at(&["properties", "provisioningState"], s.as_str());
    }

    /// [`Resource::set_state`] when the state moves from another one: the body, which shows
    /// the old state (or none), is written without being read first (one look-up of the key,
    /// not two; a body that showed `s` already is written with the same bytes).
    pub fn change_state(&mut self, s: ProvisioningState) {
        self.state = s;
        if self.kind != ResKind::Deployment {
            self.body
                .set_str_at(&["properties", "provisioningState"], s.as_str());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A state change written without reading the body first leaves the resource exactly as
    /// the reading way does: a body showing the old state, the new one already, none, a
    /// `properties` that is not an object, no `properties`, and a deployment's own state.
    #[test]
    fn a_state_change_writes_what_set_state_writes() {
        let bodies = [
            serde_json::json!({"properties": {"a": 1, "provisioningState": "Succeeded", "z": 2}}),
            serde_json::json!({"properties": {"provisioningState": "Deleting"}}),
            serde_json::json!({"properties": {"a": 1}}),
            serde_json::json!({"properties": 5}),
            serde_json::json!({"location": "eastus"}),
        ];
        for body in &bodies {
            for kind in [ResKind::ResourceGroup, ResKind::Deployment] {
                let res = Resource {
                    body: Packed::new(body),
                    settings: Settings::default(),
                    kind,
                    state: ProvisioningState::Succeeded,
                    type_name: TypeName::from("Microsoft.Resources/resourceGroups"),
                    id: "/subscriptions/s/resourceGroups/g".into(),
                    name: "g".into(),
                    location: None,
                    created_at: SimTime(0),
                    created_by: "u".into(),
                };
                let (mut read, mut written) = (res.clone(), res);
                read.set_state(ProvisioningState::Deleting);
                written.change_state(ProvisioningState::Deleting);
                assert_eq!(read, written, "{body} {kind:?}");
                assert_eq!(read.body.value(), written.body.value());
            }
        }
    }

    #[test]
    fn classifies_types_case_insensitively() {
        assert_eq!(
            ResKind::of("microsoft.healthcareapis/WORKSPACES/fhirServices"),
            ResKind::Fhir
        );
        assert_eq!(ResKind::of("Microsoft.Devices/IotHubs"), ResKind::Generic);
        for k in [
            ResKind::Workspace,
            ResKind::Fhir,
            ResKind::Lock,
            ResKind::EventHub,
        ] {
            assert_eq!(ResKind::of(k.canonical_type().unwrap()), k);
        }
        assert!(
            ResKind::Fhir.is_workspace_service()
                && !ResKind::FhirDestination.is_workspace_service()
        );
    }
}
