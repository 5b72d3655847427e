//! The two mappings of a MedTech service, parsed and checked: the device mapping
//! (`CollectionContent`, [`device`]) and the FHIR destination mapping (`CollectionFhir`,
//! [`fhir`]). The JSON readers here read properties as Newtonsoft.Json binds them: the exact
//! name first, otherwise the first property whose name matches ignoring ASCII case.

pub mod device;
pub mod fhir;

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value};

use crate::error::MappingError;

/// A JSON object being read, with its path in the mapping for errors.
pub(crate) struct Obj<'a> {
    pub(crate) map: &'a Map<String, Value>,
    pub(crate) path: String,
}

impl<'a> Obj<'a> {
    /// `value` as an object, or an error at `path`.
    pub(crate) fn new(value: &'a Value, path: &str) -> Result<Self, MappingError> {
        match value {
            Value::Object(map) => Ok(Obj {
                map,
                path: path.to_string(),
            }),
            other => Err(MappingError::new(
                path,
                format!("expected a JSON object, found {}", kind_of(other)),
            )),
        }
    }

    /// The path of property `name` of this object.
    pub(crate) fn at(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.path)
        }
    }

    /// Property `name` (case-insensitive as Newtonsoft binds), absent or `null` as `None`.
    pub(crate) fn get(&self, name: &str) -> Option<&'a Value> {
        let v = self.map.get(name).or_else(|| {
            self.map
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v)
        })?;
        (!v.is_null()).then_some(v)
    }

    /// A string property that may be absent; numbers and booleans are read as their text
    /// (Newtonsoft converts them to a string property).
    pub(crate) fn opt_str(&self, name: &str) -> Result<Option<String>, MappingError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(Value::Bool(b)) => Ok(Some(if *b { "True" } else { "False" }.into())),
            Some(other) => Err(MappingError::new(
                self.at(name),
                format!("expected a string, found {}", kind_of(other)),
            )),
        }
    }

    /// A string property that must be present and not empty.
    pub(crate) fn req_str(&self, name: &str) -> Result<String, MappingError> {
        match self.opt_str(name)? {
            Some(s) if !s.trim().is_empty() => Ok(s),
            _ => Err(missing(self.at(name), name)),
        }
    }

    /// An array property that may be absent (then empty).
    pub(crate) fn opt_array(&self, name: &str) -> Result<&'a [Value], MappingError> {
        match self.get(name) {
            None => Ok(&[]),
            Some(Value::Array(a)) => Ok(a),
            Some(other) => Err(MappingError::new(
                self.at(name),
                format!("expected an array, found {}", kind_of(other)),
            )),
        }
    }

    /// A boolean property (`true`, or the text `"true"` as Newtonsoft converts it).
    pub(crate) fn opt_bool(&self, name: &str) -> Result<bool, MappingError> {
        match self.get(name) {
            None => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(true),
            Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(false),
            Some(other) => Err(MappingError::new(
                self.at(name),
                format!("expected true or false, found {other}"),
            )),
        }
    }
}

/// Newtonsoft's error for a required property that is absent, null or empty, naming the
/// template's (PascalCase) property.
pub(crate) fn missing(path: String, name: &str) -> MappingError {
    let mut pascal = String::new();
    let mut chars = name.chars();
    if let Some(c) = chars.next() {
        pascal.extend(c.to_uppercase());
    }
    pascal.extend(chars);
    MappingError::new(
        path,
        format!("Required property '{pascal}' not found in JSON."),
    )
}

/// The JSON type of a value, for messages.
pub(crate) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Whether a `templateType` names `expected` as the service matches it: ignoring case, with
/// or without the `Template` suffix (`CollectionContent` is `CollectionContentTemplate`).
pub(crate) fn template_is(written: &str, expected: &str) -> bool {
    let full = format!("{expected}Template");
    written.eq_ignore_ascii_case(expected) || written.eq_ignore_ascii_case(&full)
}

/// Reads the root `{"templateType": <expected>, "template": [...]}` of a collection mapping
/// and returns its entries with their paths (the service's messages).
pub(crate) fn collection<'a>(
    json: &'a Value,
    expected: &str,
) -> Result<Vec<(String, &'a Value)>, MappingError> {
    let root = Obj::new(json, "")?;
    let kind = root.opt_str("templateType")?.unwrap_or_default();
    if !template_is(&kind, expected) {
        return Err(MappingError::new(
            "templateType",
            format!("Expected TemplateType value {expected}Template, actual {kind}."),
        ));
    }
    match root.get("template") {
        Some(Value::Array(items)) => Ok(items
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("template[{i}]"), v))
            .collect()),
        _ => Err(MappingError::new(
            "template",
            format!(
                "Expected an array for the template property value for template type {expected}Template."
            ),
        )),
    }
}

/// One entry `{"templateType": …, "template": {…}}` of a collection: its type (one of
/// `known`, else the service's "No match found") and its template object.
pub(crate) fn entry<'a>(
    value: &'a Value,
    path: &str,
    known: &[&'static str],
) -> Result<(&'static str, Obj<'a>), MappingError> {
    let outer = Obj::new(value, path)?;
    let written = outer.opt_str("templateType")?.unwrap_or_default();
    let Some(kind) = known.iter().find(|k| template_is(&written, k)) else {
        return Err(MappingError::new(
            outer.at("templateType"),
            format!("No match found for template type {written}."),
        ));
    };
    match outer.get("template") {
        Some(body @ Value::Object(_)) => Ok((kind, Obj::new(body, &outer.at("template"))?)),
        _ => {
            // The factories name themselves with the suffix, but for CalculatedContent's.
            let suffix = if *kind == "CalculatedContent" {
                ""
            } else {
                "Template"
            };
            Err(MappingError::new(
                outer.at("template"),
                format!(
                    "Expected an object for the template property value for template type {kind}{suffix}."
                ),
            ))
        }
    }
}
