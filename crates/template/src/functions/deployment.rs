//! Deployment, scope and resource functions: `parameters`, `variables`, `copyIndex`,
//! `deployment`, `environment`, `resourceGroup`, `subscription`, `tenant`, the `*ResourceId`
//! family, `reference`, `list*`, `newGuid` and `utcNow`.

use super::Args;
use crate::context::{Ctx, EvalError, RefMode, Site};
use crate::error::{RESOURCE_NOT_FOUND, TemplateError};
use crate::{hash, ids};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use hcsim_arm::id::ArmPath;
use serde_json::{Value, json};

pub(super) fn parameters(a: Args<'_>, ctx: &Ctx<'_>) -> Result<Value, EvalError> {
    a.count(1, Some(1))?;
    ctx.symbols.param(a.str(0)?, ctx)
}

pub(super) fn variables(a: Args<'_>, ctx: &Ctx<'_>) -> Result<Value, EvalError> {
    a.count(1, Some(1))?;
    if ctx.site == Site::ParameterDefault {
        return Err(not_expected("variables"));
    }
    ctx.symbols.var(a.str(0)?, ctx)
}

fn not_expected(name: &str) -> EvalError {
    EvalError::Msg(format!(
        "The template function '{name}' is not expected at this location. Please see https://aka.ms/arm-functions for usage details."
    ))
}

/// `copyIndex()`, `copyIndex(offset)`, `copyIndex('loop')`, `copyIndex('loop', offset)`.
pub(super) fn copy_index(a: Args<'_>, ctx: &Ctx<'_>) -> Result<Value, EvalError> {
    a.count(0, Some(2))?;
    let (loop_name, offset) = match a.v.as_slice() {
        [] => (None, 0),
        [Value::String(s)] => (Some(s.as_str()), 0),
        [Value::Number(_)] => (None, a.int(0)?),
        [Value::String(s), _] => (Some(s.as_str()), a.int(1)?),
        _ => return Err(a.type_err(0, "String or Integer")),
    };
    let frame = match loop_name {
        None => ctx.copy.last(),
        Some(n) => ctx
            .copy
            .iter()
            .rev()
            .find(|f| f.name.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(n))),
    };
    let Some(frame) = frame else {
        return Err(EvalError::Msg(match loop_name {
            Some(n) => format!(
                "The template function 'copyIndex' refers to the copy loop '{n}', which is not active here."
            ),
            None => "The template function 'copyIndex' is not expected at this location. The function can only be used in a resource, property, variable or output with copy specified.".to_string(),
        }));
    };
    frame
        .index
        .checked_add(offset)
        .map(Value::from)
        .ok_or_else(|| EvalError::Msg("copyIndex offset overflowed".to_string()))
}

pub(super) fn deployment(a: Args<'_>, ctx: &Ctx<'_>) -> Result<Value, EvalError> {
    a.count(0, Some(0))?;
    Ok(json!({
        "name": ctx.scope.deployment_name,
        "properties": {
            "template": { "contentVersion": ctx.symbols.content_version() },
            "templateHash": "",
            "mode": "Incremental",
            "provisioningState": "Accepted"
        }
    }))
}

/// `environment()`: the AzureCloud values.
pub(super) fn environment(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(0, Some(0))?;
    Ok(azure_cloud())
}

/// The AzureCloud environment as `environment()` returns it.
pub(crate) fn azure_cloud() -> Value {
    json!({
        "name": "AzureCloud",
        "gallery": "https://gallery.azure.com/",
        "graph": "https://graph.windows.net/",
        "portal": "https://portal.azure.com",
        "graphAudience": "https://graph.windows.net/",
        "activeDirectoryDataLake": "https://datalake.azure.net/",
        "batch": "https://batch.core.windows.net/",
        "media": "https://rest.media.azure.net",
        "sqlManagement": "https://management.core.windows.net:8443/",
        "vmImageAliasDoc": "https://raw.githubusercontent.com/Azure/azure-rest-api-specs/master/arm-compute/quickstart-templates/aliases.json",
        "resourceManager": "https://management.azure.com/",
        "authentication": {
            "loginEndpoint": "https://login.microsoftonline.com/",
            "audiences": ["https://management.core.windows.net/", "https://management.azure.com/"],
            "tenant": "common",
            "identityProvider": "AAD"
        },
        "suffixes": {
            "acrLoginServer": ".azurecr.io",
            "azureDatalakeAnalyticsCatalogAndJob": "azuredatalakeanalytics.net",
            "azureDatalakeStoreFileSystem": "azuredatalakestore.net",
            "azureFrontDoorEndpointSuffix": "azurefd.net",
            "keyvaultDns": ".vault.azure.net",
            "sqlServerHostname": ".database.windows.net",
            "storage": "core.windows.net"
        }
    })
}

pub(super) fn resource_group(a: Args<'_>, ctx: &Ctx<'_>) -> Result<Value, EvalError> {
    a.count(0, Some(0))?;
    let s = ctx.scope;
    Ok(json!({
        "id": s.resource_group_id(),
        "name": s.resource_group,
        "type": "Microsoft.Resources/resourceGroups",
        "location": s.resource_group_location,
        "tags": {},
        "properties": { "provisioningState": "Succeeded" }
    }))
}

pub(super) fn subscription(a: Args<'_>, ctx: &Ctx<'_>) -> Result<Value, EvalError> {
    a.count(0, Some(0))?;
    let s = ctx.scope;
    Ok(json!({
        "id": s.subscription_id_path(),
        "subscriptionId": s.subscription_id,
        "tenantId": s.tenant_id,
        "displayName": s.subscription_name
    }))
}

pub(super) fn tenant(a: Args<'_>, ctx: &Ctx<'_>) -> Result<Value, EvalError> {
    a.count(0, Some(0))?;
    Ok(json!({
        "countryCode": "US",
        "displayName": "Default Directory",
        "id": format!("/tenants/{}", ctx.scope.tenant_id),
        "tenantId": ctx.scope.tenant_id
    }))
}

/// Splits `(prefix..., type, names...)`: the type is the first argument with a `/`.
fn split_type_args<'x>(a: &'x Args<'_>) -> Result<(Vec<&'x str>, &'x str, String), EvalError> {
    let all = a.strings()?;
    let Some(ti) = all.iter().position(|s| s.contains('/')) else {
        return Err(a.err(format!(
            "The template language function '{}' requires a fully qualified resource type such as 'Microsoft.HealthcareApis/workspaces'.",
            a.name
        )));
    };
    let names = all[ti + 1..].join("/");
    let ty = all[ti];
    Ok((all[..ti].to_vec(), ty, names))
}

/// `resourceId([subscriptionId], [resourceGroupName], type, name1, ...)`.
pub(super) fn resource_id(a: Args<'_>, ctx: &Ctx<'_>) -> Result<Value, EvalError> {
    a.count(2, None)?;
    let (prefix, ty, names) = split_type_args(&a)?;
    let (sub, rg) = match prefix.as_slice() {
        [] => (ctx.scope.subscription_id.as_str(), ctx.scope.resource_group.as_str()),
        [rg] => (ctx.scope.subscription_id.as_str(), *rg),
        [sub, rg] => (*sub, *rg),
        _ => return Err(a.err("The template language function 'resourceId' takes at most a subscription id and a resource group name before the resource type.".to_string())),
    };
    let scope = ArmPath::at_subscription(sub).group(rg).to_string();
    ids::under_scope(&scope, ty, &names)
        .map(Value::String)
        .map_err(|m| a.err(m))
}

/// `subscriptionResourceId([subscriptionId], type, name1, ...)`.
pub(super) fn subscription_resource_id(a: Args<'_>, ctx: &Ctx<'_>) -> Result<Value, EvalError> {
    a.count(2, None)?;
    let (prefix, ty, names) = split_type_args(&a)?;
    let sub = match prefix.as_slice() {
        [] => ctx.scope.subscription_id.as_str(),
        [sub] => *sub,
        _ => return Err(a.err("The template language function 'subscriptionResourceId' takes at most a subscription id before the resource type.".to_string())),
    };
    ids::under_scope(&ArmPath::at_subscription(sub).to_string(), ty, &names)
        .map(Value::String)
        .map_err(|m| a.err(m))
}

/// `tenantResourceId(type, name1, ...)`.
pub(super) fn tenant_resource_id(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(2, None)?;
    let (prefix, ty, names) = split_type_args(&a)?;
    if !prefix.is_empty() {
        return Err(a.err(
            "The template language function 'tenantResourceId' starts with the resource type."
                .to_string(),
        ));
    }
    ids::under_scope("", ty, &names)
        .map(Value::String)
        .map_err(|m| a.err(m))
}

/// `extensionResourceId(scopeResourceId, type, name1, ...)`.
pub(super) fn extension_resource_id(a: Args<'_>) -> Result<Value, EvalError> {
    a.count(3, None)?;
    let scope = a.str(0)?;
    let rest = Args {
        name: a.name,
        v: a.v[1..].to_vec(),
    };
    let (prefix, ty, names) = split_type_args(&rest)?;
    if !prefix.is_empty() || !scope.starts_with('/') {
        return Err(a.err("The template language function 'extensionResourceId' takes a resource id (starting with '/'), then a resource type and names.".to_string()));
    }
    ids::under_scope(scope, ty, &names)
        .map(Value::String)
        .map_err(|m| a.err(m))
}

/// Resolves a `reference()`/`list*()` target: an id, or the name of a template resource.
fn target_id(a: &Args<'_>, ctx: &Ctx<'_>) -> Result<String, EvalError> {
    let target = a.str(0)?;
    if target.starts_with('/') {
        return Ok(target.to_string());
    }
    match ctx.names.get(&target.to_ascii_lowercase()).map(Vec::as_slice) {
        Some([one]) => Ok(one.clone()),
        Some([_, _, ..]) => Err(a.err(format!(
            "The resource name '{target}' given to '{}' is ambiguous: several resources in the template have it; pass a resource id instead.",
            a.name
        ))),
        _ => Err(a.err(format!(
            "The resource '{target}' given to '{}' is not defined in the template; pass a full resource id (e.g. with resourceId()).",
            a.name
        ))),
    }
}

fn reader_for<'r>(
    a: &Args<'_>,
    ctx: &Ctx<'r>,
) -> Result<(&'r dyn crate::ResourceReader, bool), EvalError> {
    match ctx.refs {
        RefMode::Live(r) => Ok((r, false)),
        RefMode::Preview(r) => Ok((r, true)),
        RefMode::NotAllowed => Err(not_expected(a.name)),
    }
}

fn not_found(ctx: &Ctx<'_>, id: &str) -> EvalError {
    EvalError::Located(TemplateError::new(
        RESOURCE_NOT_FOUND,
        format!(
            "The Resource '{id}' under resource group '{}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
            ctx.scope.resource_group
        ),
        "",
    ))
}

/// `reference(idOrName, [apiVersion], ['Full'])`: the resource's `properties`, or the whole
/// body with `'Full'`.
pub(super) fn reference(a: Args<'_>, ctx: &Ctx<'_>) -> Result<Value, EvalError> {
    a.count(1, Some(3))?;
    let (reader, preview) = reader_for(&a, ctx)?;
    let id = target_id(&a, ctx)?;
    if a.v.len() >= 2 {
        a.str(1)?;
    }
    let full = if a.v.len() == 3 {
        let mode = a.str(2)?;
        if !mode.eq_ignore_ascii_case("full") {
            return Err(a.err(format!(
                "The third parameter of 'reference' must be 'Full', not '{mode}'."
            )));
        }
        true
    } else {
        false
    };
    let Some(body) = reader.reference(&id) else {
        return Err(if preview {
            EvalError::Unknown
        } else {
            not_found(ctx, &id)
        });
    };
    if full {
        Ok(body)
    } else {
        Ok(body
            .get("properties")
            .cloned()
            .unwrap_or_else(|| Value::Object(serde_json::Map::new())))
    }
}

/// `listKeys(id, apiVersion)` and every other `list*`: a deterministic fake derived from
/// the id, since the simulator holds no real secrets.
pub(super) fn list(a: Args<'_>, ctx: &Ctx<'_>) -> Result<Value, EvalError> {
    a.count(1, Some(3))?;
    let (reader, preview) = reader_for(&a, ctx)?;
    let id = target_id(&a, ctx)?;
    if reader.reference(&id).is_none() {
        return Err(if preview {
            EvalError::Unknown
        } else {
            not_found(ctx, &id)
        });
    }
    let key = |n: &str| hash::base64_encode(&hash::sha1(format!("{id}|{n}").as_bytes()));
    let (k1, k2) = (key("key1"), key("key2"));
    Ok(json!({
        "keys": [
            { "keyName": "key1", "value": k1, "permissions": "FULL" },
            { "keyName": "key2", "value": k2, "permissions": "FULL" }
        ],
        "primaryKey": k1,
        "secondaryKey": k2
    }))
}

/// `newGuid()`: allowed only in parameter defaults (ARM's rule). Deterministic here: a
/// `guid()` of the deployment's identity and a per-plan counter, so replays match.
pub(super) fn new_guid(a: Args<'_>, ctx: &Ctx<'_>) -> Result<Value, EvalError> {
    a.count(0, Some(0))?;
    if ctx.site != Site::ParameterDefault {
        return Err(EvalError::Msg("The template function 'newGuid' is not expected at this location. It can only be used within the default value of a parameter.".to_string()));
    }
    let n = ctx.new_guid_counter.get();
    ctx.new_guid_counter.set(n + 1);
    let s = ctx.scope;
    let counter = n.to_string();
    Ok(Value::String(hash::guid(&[
        "newGuid",
        &s.subscription_id,
        &s.resource_group,
        &s.deployment_name,
        &counter,
    ])))
}

/// `utcNow([format])`: allowed only in parameter defaults. The simulator's templates see a
/// fixed instant, 2024-01-01T00:00:00Z, so plans are reproducible; formats support the
/// .NET tokens `yyyy MM dd HH mm ss` and the standard `u`, `d`, `o`/`s`.
pub(super) fn utc_now(a: Args<'_>, ctx: &Ctx<'_>) -> Result<Value, EvalError> {
    a.count(0, Some(1))?;
    if ctx.site != Site::ParameterDefault {
        return Err(EvalError::Msg("The template function 'utcNow' is not expected at this location. It can only be used within the default value of a parameter.".to_string()));
    }
    let fmt = if a.v.is_empty() {
        "yyyyMMddTHHmmssZ"
    } else {
        a.str(0)?
    };
    let out = match fmt {
        "u" => "2024-01-01 00:00:00Z".to_string(),
        "d" => "1/1/2024".to_string(),
        "o" => "2024-01-01T00:00:00.0000000Z".to_string(),
        "s" => "2024-01-01T00:00:00".to_string(),
        f => f
            .replace("yyyy", "2024")
            .replace("MM", "01")
            .replace("dd", "01")
            .replace("HH", "00")
            .replace("mm", "00")
            .replace("ss", "00"),
    };
    Ok(Value::String(out))
}
