//! `Microsoft.Resources/deployments`: template deployments behind the front door, where
//! Azure runs them, so every client (the console, the browser, real SDKs) deploys the same way.
//!
//! Routes (resource-group scope):
//! - `PUT …/resourceGroups/{g}/providers/Microsoft.Resources/deployments/{name}` with
//!   `{"properties": {"template": {…}, "parameters": {…}, "mode": "Incremental"|"Complete"}}`:
//!   validates (name, one active deployment per name, the template, its scopes), writes the
//!   record (`provisioningState: Running`) and answers 201 with an operation; the run then
//!   goes on in virtual time (`frontdoor/deploy_run.rs`).
//! - `DELETE` of a running deployment is refused; GET and LIST are the front door's own.
//! - `POST …/deployments/{name}/validate` and `…/whatIf`: the same checks, nothing written.
//! - `POST …/resourceGroups/{g}/exportTemplate`: the group as a template.
//!
//! Every resource's `apiVersion` must be one its provider serves ([`versions`]).
//!
//! This module holds the provider's decisions (pure functions of the request and the plan)
//! and the state the world keeps ([`record`], `state`); the requests themselves and the
//! run's steps go through the front door (`frontdoor/deployments.rs`, `deploy_run.rs`,
//! `deploy_view.rs`), because ARM itself runs deployments and sends their resource requests.
//!
//! Without the `deployments` feature (the browser's start module) only the record's names,
//! [`versions`] and `is_deployment` are here: the front door refuses the routes.

pub mod record;
#[cfg(feature = "deployments")]
pub(crate) mod state;
pub(crate) mod versions;
pub use versions::healthcare_versions;

#[cfg(feature = "deployments")]
use alloc::string::{String, ToString};
#[cfg(feature = "deployments")]
use serde_json::{Value, json};

#[cfg(feature = "deployments")]
use hcsim_template::{self as template, Plan, Scope, TemplateError};

use self::record::DEPLOYMENTS;
#[cfg(feature = "deployments")]
use self::record::{Mode, plain};
#[cfg(feature = "deployments")]
use crate::error::ArmError;
use crate::id::ArmPath;
#[cfg(feature = "deployments")]
use crate::id::shorten;
use crate::request::Method;
#[cfg(feature = "deployments")]
use crate::rules::RuleId;

/// Extension resource types: the only ones a template may place with `scope`.
#[cfg(feature = "deployments")]
const EXTENSION_TYPES: &[&str] = &[
    "microsoft.authorization/roleassignments",
    "microsoft.authorization/locks",
    "microsoft.authorization/policyassignments",
    "microsoft.authorization/policyexemptions",
    "microsoft.insights/diagnosticsettings",
    "microsoft.resources/tags",
];

/// What a deployment request asks for.
#[cfg(feature = "deployments")]
pub(crate) struct Ask {
    /// The template as text (what the engine plans, re-planned at each step).
    pub template: String,
    /// The template as JSON (for the declared parameter types the record echoes).
    pub template_value: Value,
    /// The supplied parameters.
    pub parameters: Value,
    /// Incremental or Complete.
    pub mode: Mode,
}

/// True when `path` (ignoring a trailing action) names a deployment in a resource group.
pub(crate) fn is_deployment(path: &ArmPath) -> bool {
    path.segments.len() == 3
        && path.resource_group().is_some()
        && path.segments[2].provider
        && path.segments[2].type_word.eq_ignore_ascii_case(DEPLOYMENTS)
}

/// Whether a request needs the template engine: a deployment's PUT, `validate` or `whatIf`,
/// a group's `exportTemplate`. A build without the `deployments` feature refuses exactly
/// these (`NotInThisBuild`), and the lab stops them before they are sent.
pub fn needs_engine(method: &Method, path: &ArmPath) -> bool {
    let action = path.collection.as_deref().map(str::to_ascii_lowercase);
    match (method, action.as_deref()) {
        (Method::Put, None) => is_deployment(path),
        (Method::Post, Some("validate" | "whatif")) => is_deployment(path),
        (Method::Post, Some("exporttemplate")) => {
            path.segments.len() == 2 && path.resource_group().is_some()
        }
        _ => false,
    }
}

/// Rule `deployment-name`: 1 to 64 characters of `^[-\w\._\(\)]+$`.
#[cfg(feature = "deployments")]
pub(crate) fn check_name(name: &str) -> Result<(), ArmError> {
    let len = name.chars().count();
    if len > 64 {
        return Err(ArmError::new(
            400,
            "DeploymentNameLengthLimitExceeded",
            alloc::format!(
                "The provided deployment name '{}' has a length of '{len}' which exceeds the maximum length of '64'.",
                shorten(name)
            ),
            RuleId::DeploymentName,
        ));
    }
    let ok = len > 0
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '(' | ')'));
    if ok {
        return Ok(());
    }
    Err(ArmError::new(
        400,
        "InvalidDeploymentName",
        alloc::format!(
            "The deployment name '{}' is invalid: use 1 to 64 letters, digits, '-', '_', '.', '(' or ')'.",
            shorten(name)
        ),
        RuleId::DeploymentName,
    ))
}

/// A template engine error as ARM answers it (`InvalidTemplate`, 413 when too large).
#[cfg(feature = "deployments")]
pub(crate) fn template_error(e: &TemplateError) -> ArmError {
    let status = if e.code == template::REQUEST_TOO_LARGE {
        413
    } else {
        400
    };
    let message = if e.path.is_empty() {
        e.message.clone()
    } else {
        alloc::format!("{} (at '{}')", e.message, e.path)
    };
    let mut err = plain(status, e.code, &message);
    err.target = (!e.path.is_empty()).then(|| e.path.clone());
    err
}

/// Reads `properties.template`, `parameters` and `mode` of a deployment body.
#[cfg(feature = "deployments")]
pub(crate) fn read_ask(body: Option<&Value>) -> Result<Ask, ArmError> {
    let bad = |m: &str| {
        ArmError::new(
            400,
            "InvalidRequestContent",
            m.to_string(),
            RuleId::ValidRequest,
        )
    };
    let props = body
        .and_then(|b| b.get("properties"))
        .and_then(Value::as_object)
        .ok_or_else(|| {
            bad("The request content must have a 'properties' object with the template.")
        })?;
    let template_value = match props.get("template") {
        Some(t @ Value::Object(_)) => t.clone(),
        _ if props.contains_key("templateLink") => {
            return Err(bad(
                "hcsim deploys inline templates only: 'properties.templateLink' is not supported; send 'properties.template'.",
            ));
        }
        _ => {
            return Err(bad(
                "'properties.template' must be the template JSON object.",
            ));
        }
    };
    let parameters = match props.get("parameters") {
        None | Some(Value::Null) => json!({}),
        Some(p @ Value::Object(_)) => p.clone(),
        Some(_) => return Err(bad("'properties.parameters' must be an object.")),
    };
    let mode = match props.get("mode").and_then(Value::as_str) {
        None => Mode::Incremental,
        Some(m) if m.eq_ignore_ascii_case("incremental") => Mode::Incremental,
        Some(m) if m.eq_ignore_ascii_case("complete") => Mode::Complete,
        Some(m) => {
            return Err(bad(&alloc::format!(
                "The deployment mode '{}' is not valid: use 'Incremental' or 'Complete'.",
                shorten(m)
            )));
        }
    };
    let template = serde_json::to_string(&template_value).unwrap_or_default();
    Ok(Ask {
        template,
        template_value,
        parameters,
        mode,
    })
}

/// Rules `template-scope-extension-only` and `deployment-target-scope` over a plan.
#[cfg(feature = "deployments")]
pub(crate) fn check_scopes(plan: &Plan, scope: &Scope) -> Result<(), ArmError> {
    let group = alloc::format!("{}/", scope.resource_group_id().to_ascii_lowercase());
    for r in plan.resources() {
        let lower_type = r.resource_type.to_ascii_lowercase();
        if r.scope.is_some() && !EXTENSION_TYPES.contains(&lower_type.as_str()) {
            return Err(ArmError::new(
                400,
                "InvalidTemplate",
                alloc::format!(
                    "Deployment template validation failed: 'The template resource '{}' at '{}' is invalid. 'Scope' property is not supported. Please see https://aka.ms/arm-template/#resources for usage details.'",
                    shorten(&r.name),
                    r.path
                ),
                RuleId::TemplateScopeExtensionOnly,
            )
            .at(&r.path));
        }
        // A nested deployment is how a template reaches another group: its own run checks
        // its resources against its own group.
        let nested = lower_type == "microsoft.resources/deployments";
        if !nested && !r.id.to_ascii_lowercase().starts_with(&group) {
            return Err(ArmError::new(
                400,
                "InvalidTemplate",
                alloc::format!(
                    "Deployment template validation failed: 'The template resource '{}' at '{}' targets '{}', outside the deployment's scope '{}'. Deploy to another resource group or subscription with a nested deployment.'",
                    shorten(&r.name),
                    r.path,
                    shorten(&r.id),
                    scope.resource_group_id()
                ),
                RuleId::DeploymentTargetScope,
            )
            .at(&r.path));
        }
    }
    Ok(())
}
