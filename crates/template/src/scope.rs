//! Where a deployment runs and what it can see.

use alloc::string::String;
use alloc::string::ToString;
use alloc::vec::Vec;
use hcsim_arm::id::ArmPath;
use serde_json::Value;

/// The deployment's context: the target resource group and who/where it belongs to.
///
/// Everything `resourceGroup()`, `subscription()`, `tenant()`, `deployment()` and
/// `resourceId()` return is derived from these fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// Entra tenant id (a GUID string).
    pub tenant_id: String,
    /// Subscription id (a GUID string).
    pub subscription_id: String,
    /// Subscription display name.
    pub subscription_name: String,
    /// Target resource group name.
    pub resource_group: String,
    /// Target resource group's location (e.g. `eastus`).
    pub resource_group_location: String,
    /// Name of the deployment (`az deployment group create --name`).
    pub deployment_name: String,
}

impl Scope {
    /// `/subscriptions/{sub}`.
    pub fn subscription_id_path(&self) -> String {
        ArmPath::at_subscription(&self.subscription_id).to_string()
    }

    /// `/subscriptions/{sub}/resourceGroups/{rg}`.
    pub fn resource_group_id(&self) -> String {
        ArmPath::at_subscription(&self.subscription_id)
            .group(&self.resource_group)
            .to_string()
    }
}

/// Read access to resources as the simulator currently knows them.
///
/// `reference()` and `reference(..., 'Full')` in templates are answered through this trait,
/// so a body that references another resource can only be resolved once that resource is
/// deployed.
pub trait ResourceReader {
    /// The full ARM resource body (`{id, name, type, location, tags, properties, ...}`) of
    /// `resource_id`, or `None` when it does not exist. Ids compare case-insensitively in
    /// ARM; implementations should honour that.
    fn reference(&self, resource_id: &str) -> Option<Value>;
}

/// Everything the engine reads from the world it deploys into, beyond single resources:
/// where a deployment runs and what a resource group already holds (for what-if, Complete
/// mode and export). The simulator's world implements it; the engine never sees the world's
/// own types.
pub trait TemplateWorld: ResourceReader {
    /// The [`Scope`] of a deployment named `deployment_name` into `resource_group` of
    /// `subscription` (tenant, subscription name, group location), or `None` when the group
    /// does not exist.
    fn scope(
        &self,
        subscription: &str,
        resource_group: &str,
        deployment_name: &str,
    ) -> Option<Scope>;
    /// The resources of the group a deployment manages, parents first, as full bodies (`id`,
    /// `type`, `properties` …): everything but deployment records and the extension
    /// resources ARM's Complete mode leaves alone (role assignments, locks, private endpoint
    /// connections).
    fn group_resources(&self, subscription: &str, resource_group: &str) -> Vec<Value>;
}

/// A reader that knows no resources (useful for planning and for templates without
/// `reference()`).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoResources;

impl ResourceReader for NoResources {
    fn reference(&self, _resource_id: &str) -> Option<Value> {
        None
    }
}

impl<F: Fn(&str) -> Option<Value>> ResourceReader for F {
    fn reference(&self, resource_id: &str) -> Option<Value> {
        self(resource_id)
    }
}
