//! What the template engine reads from the world ([`hcsim_template::TemplateWorld`]), and
//! the two read-only answers built on it: what-if and export.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::Value;

use hcsim_template::{self as template, ResourceReader, Scope, TemplateWorld, WhatIfMode};

use crate::id::build;
use crate::providers::deployments::record::Mode;
use crate::resource::ResKind;
use crate::world::World;

impl ResourceReader for World {
    fn reference(&self, resource_id: &str) -> Option<Value> {
        self.view(resource_id)
    }
}

impl TemplateWorld for World {
    fn scope(
        &self,
        subscription: &str,
        resource_group: &str,
        deployment_name: &str,
    ) -> Option<Scope> {
        let group = self.find(&build::resource_group(subscription, resource_group))?;
        Some(Scope {
            tenant_id: self.directory().tenant_id.clone(),
            subscription_id: subscription.to_string(),
            subscription_name: self.subscription_name(subscription).unwrap_or_default(),
            resource_group: group.name.clone(),
            resource_group_location: group.location.clone().unwrap_or_default(),
            deployment_name: deployment_name.to_string(),
        })
    }

    fn group_resources(&self, subscription: &str, resource_group: &str) -> Vec<Value> {
        managed_in_group(self, subscription, resource_group)
            .into_iter()
            .filter_map(|(id, _)| self.view(&id))
            .collect()
    }
}

/// Resources of the group a deployment manages, parents first, as `(id, type)`: everything
/// but deployment records, role assignments, locks and private endpoint connections (ARM's
/// Complete mode leaves those alone too).
pub(crate) fn managed_in_group(
    world: &World,
    subscription: &str,
    group: &str,
) -> Vec<(String, String)> {
    world
        .resources_in_group(subscription, group)
        .into_iter()
        .filter(|r| {
            !matches!(
                r.kind,
                ResKind::RoleAssignment
                    | ResKind::Lock
                    | ResKind::PrivateEndpointConnection
                    | ResKind::Deployment
            )
        })
        .map(|r| (r.id.clone(), r.type_name.clone()))
        .collect()
}

/// RBAC stores a role assignment's `roleDefinitionId` at subscription level whatever form
/// the template wrote (`resourceId(...)` gives a resource-group-level id): predict that, so
/// a redeploy is not reported as a change of role.
fn normalize_role_definition(d: &mut template::DesiredResource, subscription: &str) {
    if !d
        .resource_type
        .eq_ignore_ascii_case("Microsoft.Authorization/roleAssignments")
    {
        return;
    }
    let Some(rd) = d.body.pointer_mut("/properties/roleDefinitionId") else {
        return;
    };
    let Some(text) = rd.as_str().filter(|t| !t.starts_with('[')) else {
        return;
    };
    if let Some(role) = crate::rbac::find_role(text) {
        *rd = Value::String(crate::rbac::role_definition_id(subscription, role));
    }
}

/// The what-if of `plan` against the current world.
pub(crate) fn what_if(
    world: &World,
    plan: &template::Plan,
    mode: Mode,
) -> Result<template::WhatIfReport, template::TemplateError> {
    let mut desired = plan.desired(world)?;
    let scope = plan.scope();
    for d in &mut desired {
        normalize_role_definition(d, &scope.subscription_id);
    }
    let existing = managed_in_group(world, &scope.subscription_id, &scope.resource_group);
    let mode = match mode {
        Mode::Complete => WhatIfMode::Complete,
        Mode::Incremental => WhatIfMode::Incremental,
    };
    Ok(template::what_if(
        &desired,
        |id| world.view(id),
        mode,
        &existing,
    ))
}

/// `POST …/resourceGroups/{g}/exportTemplate`: the group's resources as a template that
/// deploys back into another group (references between them rewritten to `resourceId()`).
pub(crate) fn export(world: &World, subscription: &str, group: &str) -> Value {
    let views = world.group_resources(subscription, group);
    let mut t = template::export_template(&views);
    template::relink_export(&mut t, &views);
    t
}
