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
            _ => Err(MappingError::new(
                self.at(name),
                format!("the required property '{name}' is missing or empty"),
            )),
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

/// Reads the root `{"templateType": <expected>, "template": [...]}` of a collection mapping
/// and returns its entries with their paths.
pub(crate) fn collection<'a>(
    json: &'a Value,
    expected: &str,
) -> Result<Vec<(String, &'a Value)>, MappingError> {
    let root = Obj::new(json, "")?;
    let kind = root.req_str("templateType")?;
    if kind != expected {
        return Err(MappingError::new(
            "templateType",
            format!("expected '{expected}', found '{kind}'"),
        ));
    }
    match root.get("template") {
        Some(Value::Array(items)) => Ok(items
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("template[{i}]"), v))
            .collect()),
        Some(other) => Err(MappingError::new(
            "template",
            format!("expected an array of templates, found {}", kind_of(other)),
        )),
        None => Err(MappingError::new(
            "template",
            "the required property 'template' is missing",
        )),
    }
}
