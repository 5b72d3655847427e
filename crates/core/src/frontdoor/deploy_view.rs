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
        .map(|r| (r.id.clone(), r.type_name.to_string()))
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
    let mut desired = expand_nested(world, plan.desired(world)?, 0);
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

/// How deeply what-if follows nested deployments into their templates.
const MAX_NESTED_PREVIEW: u32 = 8;

/// What-if shows what nested deployments would deploy, not the deployments themselves (as
/// ARM's what-if does): each one with an inline template is planned in its own group with
/// its parameters (as far as they are known now), and its resources take its place. One
/// that cannot be planned yet (its parameters wait on other resources) stays as it is.
fn expand_nested(
    world: &World,
    desired: Vec<template::DesiredResource>,
    depth: u32,
) -> Vec<template::DesiredResource> {
    let mut out = Vec::new();
    for d in desired {
        match nested_desired(world, &d).filter(|_| depth < MAX_NESTED_PREVIEW) {
            Some(inner) => out.extend(expand_nested(world, inner, depth + 1)),
            None => out.push(d),
        }
    }
    out
}

/// The desired resources of nested deployment `d`, when it is one and can be planned.
fn nested_desired(
    world: &World,
    d: &template::DesiredResource,
) -> Option<Vec<template::DesiredResource>> {
    if !d
        .resource_type
        .eq_ignore_ascii_case("Microsoft.Resources/deployments")
    {
        return None;
    }
    let props = d.body.get("properties")?;
    let template_text = props.get("template").filter(|t| t.is_object())?.to_string();
    let inner = props
        .get("expressionEvaluationOptions")
        .and_then(|o| o.get("scope"))
        .and_then(Value::as_str)
        .is_some_and(|s| s.eq_ignore_ascii_case("inner"));
    let parameters = match props.get("parameters") {
        Some(p) if inner => p.clone(),
        _ => Value::Object(serde_json::Map::new()),
    };
    let path = crate::id::ArmPath::parse(&d.id).ok()?;
    let scope = world.scope(path.subscription(), path.resource_group()?, path.name())?;
    let plan = template::plan(&template_text, &parameters, &scope).ok()?;
    plan.desired(world).ok()
}

/// `POST …/resourceGroups/{g}/exportTemplate`: the group's resources as a template that
/// deploys back into another group (references between them rewritten to `resourceId()`).
pub(crate) fn export(world: &World, subscription: &str, group: &str) -> Value {
    let views = world.group_resources(subscription, group);
    let mut t = template::export_template(&views);
    template::relink_export(&mut t, &views);
    t
}
