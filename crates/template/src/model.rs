//! The template document: size limit, JSON parsing and top-level shape checks.

use crate::error::{INVALID_TEMPLATE, REQUEST_TOO_LARGE, TemplateError};
use crate::limits::{MAX_OUTPUTS, MAX_PARAMETERS, MAX_TEMPLATE_BYTES, MAX_VARIABLES};
use crate::params::check_definition;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{Map, Value};

/// Top-level members ARM accepts in a deployment template.
const TOP_KEYS: &[&str] = &[
    "$schema",
    "contentVersion",
    "apiProfile",
    "parameters",
    "variables",
    "functions",
    "resources",
    "outputs",
    "metadata",
    "definitions",
    "languageVersion",
];

/// A template split into its sections (still unevaluated).
#[derive(Debug, Clone)]
pub(crate) struct Template {
    pub content_version: String,
    pub parameters: Map<String, Value>,
    pub variables: Map<String, Value>,
    pub resources: Vec<Value>,
    pub outputs: Map<String, Value>,
}

fn section(root: &Map<String, Value>, key: &str) -> Result<Map<String, Value>, TemplateError> {
    match root.get(key) {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(m)) => Ok(m.clone()),
        Some(_) => Err(TemplateError::invalid(
            format!("The template section '{key}' must be a JSON object."),
            key,
        )),
    }
}

/// The template's root object, its members all known (and no `languageVersion`).
fn parse_root(text: &str) -> Result<Map<String, Value>, TemplateError> {
    let root: Value = serde_json::from_str(text).map_err(|e| {
        TemplateError::new(
            INVALID_TEMPLATE,
            format!("The template is not valid JSON: {e}."),
            "",
        )
    })?;
    let Value::Object(root) = root else {
        return Err(TemplateError::invalid(
            "The template must be a JSON object.",
            "",
        ));
    };
    for k in root.keys() {
        if !TOP_KEYS.iter().any(|t| t.eq_ignore_ascii_case(k)) {
            return Err(TemplateError::invalid(
                format!("Could not find member '{k}' on object of type 'Template'."),
                k.as_str(),
            ));
        }
    }
    if root.contains_key("languageVersion") {
        return Err(TemplateError::invalid(
            "Templates with 'languageVersion' (symbolic names, ARM language 2.0) are not supported by hcsim; compile Bicep without features that need it.",
            "languageVersion",
        ));
    }
    Ok(root)
}

/// The `resources` array (symbolic-name objects are refused).
fn resources_of(root: &Map<String, Value>) -> Result<Vec<Value>, TemplateError> {
    match root.get("resources") {
        Some(Value::Array(a)) => Ok(a.clone()),
        Some(Value::Object(_)) => Err(TemplateError::invalid(
            "'resources' as an object (symbolic names) requires languageVersion 2.0, which hcsim does not support.",
            "resources",
        )),
        Some(_) => Err(TemplateError::invalid(
            "'resources' must be an array.",
            "resources",
        )),
        None => Err(TemplateError::invalid(
            "Required property 'resources' not found in JSON.",
            "resources",
        )),
    }
}

/// ARM's limits on the numbers of parameters, variables (a `copy` counts its items) and outputs.
fn check_counts(
    parameters: &Map<String, Value>,
    variables: &Map<String, Value>,
    outputs: &Map<String, Value>,
) -> Result<(), TemplateError> {
    if parameters.len() > MAX_PARAMETERS {
        return Err(TemplateError::invalid(
            format!(
                "The number of template parameters '{}' exceeds the limit of '{MAX_PARAMETERS}'.",
                parameters.len()
            ),
            "parameters",
        ));
    }
    let var_count = variables
        .iter()
        .map(|(k, v)| match (k.as_str(), v) {
            ("copy", Value::Array(a)) => a.len(),
            _ => 1,
        })
        .sum::<usize>();
    if var_count > MAX_VARIABLES {
        return Err(TemplateError::invalid(
            format!(
                "The number of template variables '{var_count}' exceeds the limit of '{MAX_VARIABLES}'."
            ),
            "variables",
        ));
    }
    if outputs.len() > MAX_OUTPUTS {
        return Err(TemplateError::invalid(
            format!(
                "The number of template outputs '{}' exceeds the limit of '{MAX_OUTPUTS}'.",
                outputs.len()
            ),
            "outputs",
        ));
    }
    Ok(())
}

/// Parses and shape-checks the template text. The size check comes first so a 10 MB
/// document is refused without being parsed.
pub(crate) fn parse_template(text: &str) -> Result<Template, TemplateError> {
    if text.len() > MAX_TEMPLATE_BYTES {
        return Err(TemplateError::new(
            REQUEST_TOO_LARGE,
            format!(
                "The template is {} bytes; the request content size exceeds the maximum size of 4 MB ({MAX_TEMPLATE_BYTES} bytes).",
                text.len()
            ),
            "",
        ));
    }
    let root = parse_root(text)?;
    let content_version = match root.get("contentVersion") {
        Some(Value::String(s)) => s.clone(),
        Some(_) => {
            return Err(TemplateError::invalid(
                "'contentVersion' must be a string.",
                "contentVersion",
            ));
        }
        None => {
            return Err(TemplateError::invalid(
                "Required property 'contentVersion' not found in JSON.",
                "contentVersion",
            ));
        }
    };
    match root.get("functions") {
        None | Some(Value::Null) => {}
        Some(Value::Array(a)) if a.is_empty() => {}
        Some(_) => {
            return Err(TemplateError::invalid(
                "User-defined functions are not supported by hcsim.",
                "functions",
            ));
        }
    }
    let resources = resources_of(&root)?;
    let parameters = section(&root, "parameters")?;
    let variables = section(&root, "variables")?;
    let outputs = section(&root, "outputs")?;
    check_counts(&parameters, &variables, &outputs)?;
    for (name, def) in &parameters {
        let Value::Object(def) = def else {
            return Err(TemplateError::invalid(
                format!("The template parameter '{name}' must be an object with a 'type'."),
                format!("parameters.{name}"),
            ));
        };
        check_definition(name, def)?;
    }
    Ok(Template {
        content_version,
        parameters,
        variables,
        resources,
        outputs,
    })
}
