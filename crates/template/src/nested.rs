//! Nested deployments: a `Microsoft.Resources/deployments` resource inside a template.
//!
//! The template engine plans it as one resource whose PUT starts a deployment of its own
//! (the front door runs it like any other). What differs from other resources: the body's
//! `properties.template` must be inline (`templateLink` needs the network), and with
//! `expressionEvaluationOptions.scope = inner` the inner template's expressions are left
//! for the nested deployment to evaluate with its own parameters; with `outer` (ARM's
//! default) they are evaluated in the parent's context. A nested deployment may target
//! another group through its `resourceGroup` / `subscriptionId` members.
//!
//! Source: "Using linked and nested templates when deploying Azure resources",
//! learn.microsoft.com/azure/azure-resource-manager/templates/linked-templates.

use alloc::format;
use alloc::string::String;
use serde_json::{Map, Value};

use crate::error::TemplateError;

/// The nested deployment type.
pub const DEPLOYMENTS: &str = "Microsoft.Resources/deployments";

/// True for a nested deployment's type.
pub fn is_deployment(resource_type: &str) -> bool {
    resource_type.eq_ignore_ascii_case(DEPLOYMENTS)
}

/// True when the nested template's expressions are evaluated in its own (inner) scope.
pub fn inner_scope(body: &Map<String, Value>) -> bool {
    body.get("properties")
        .and_then(|p| p.get("expressionEvaluationOptions"))
        .and_then(|o| o.get("scope"))
        .and_then(Value::as_str)
        .is_some_and(|s| s.eq_ignore_ascii_case("inner"))
}

/// The checks of a nested deployment's shape: an inline template, a known scope.
pub fn check(res: &Map<String, Value>, path: &str) -> Result<(), TemplateError> {
    let props = res.get("properties").and_then(Value::as_object);
    let Some(props) = props else {
        return Err(TemplateError::invalid(
            "A nested deployment needs 'properties' with 'template' (inline) and 'mode'.",
            format!("{path}.properties"),
        ));
    };
    if props.contains_key("templateLink") {
        return Err(TemplateError::invalid(
            "Linked templates ('properties.templateLink') need the network: hcsim deploys nested templates inline only. Put the template under 'properties.template' (a Bicep module is compiled that way).",
            format!("{path}.properties.templateLink"),
        ));
    }
    if !matches!(props.get("template"), Some(Value::Object(_))) {
        return Err(TemplateError::invalid(
            "A nested deployment's 'properties.template' must be the template JSON object.",
            format!("{path}.properties.template"),
        ));
    }
    if props.contains_key("parametersLink") {
        return Err(TemplateError::invalid(
            "'properties.parametersLink' needs the network: hcsim takes nested parameters inline only ('properties.parameters').",
            format!("{path}.properties.parametersLink"),
        ));
    }
    match props
        .get("expressionEvaluationOptions")
        .and_then(|o| o.get("scope"))
    {
        None => Ok(()),
        Some(Value::String(s))
            if s.eq_ignore_ascii_case("inner") || s.eq_ignore_ascii_case("outer") =>
        {
            Ok(())
        }
        Some(_) => Err(TemplateError::invalid(
            "'expressionEvaluationOptions.scope' must be 'inner' or 'outer'.",
            format!("{path}.properties.expressionEvaluationOptions.scope"),
        )),
    }
}

/// Members of a nested deployment that say where it runs (not part of the PUT body).
pub const PLACEMENT_KEYS: &[&str] = &["resourceGroup", "subscriptionId", "location"];
