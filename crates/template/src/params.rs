//! Parameter values: the accepted input shapes, type coercion and validation.

use crate::context::{Ctx, type_name};
use crate::error::TemplateError;
use crate::expr::eval::eval_value;
use crate::functions::to_display;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{Map, Value};

/// The parameter types ARM knows, lowercased.
const TYPES: &[&str] = &[
    "string",
    "securestring",
    "int",
    "bool",
    "object",
    "secureobject",
    "array",
];

/// Members allowed in a parameter definition.
const DEF_KEYS: &[&str] = &[
    "type",
    "defaultValue",
    "allowedValues",
    "minLength",
    "maxLength",
    "minValue",
    "maxValue",
    "metadata",
    "nullable",
];

/// Normalises supplied parameter values into `lowercased name -> (name, value)`.
///
/// Accepted shapes: `{"p": "v"}`, `{"p": {"value": "v"}}` and a whole parameters file
/// `{"$schema": ..., "contentVersion": ..., "parameters": {...}}`. `null` means none.
pub fn supplied(values: &Value) -> Result<BTreeMap<String, (String, Value)>, TemplateError> {
    let mut out = BTreeMap::new();
    let obj = match values {
        Value::Null => return Ok(out),
        Value::Object(m) => m,
        other => {
            return Err(TemplateError::invalid(
                format!(
                    "The parameter values must be a JSON object, not '{}'.",
                    type_name(other)
                ),
                "parameters",
            ));
        }
    };
    let obj = if obj.contains_key("$schema") || obj.contains_key("contentVersion") {
        match obj.get("parameters") {
            Some(Value::Object(p)) => p,
            None => return Ok(out),
            Some(_) => {
                return Err(TemplateError::invalid(
                    "The parameters file's 'parameters' must be an object.",
                    "parameters",
                ));
            }
        }
    } else {
        obj
    };
    for (name, v) in obj {
        let value = match v {
            Value::Object(m)
                if m.contains_key("value") && m.keys().all(|k| k == "value" || k == "metadata") =>
            {
                m.get("value").cloned().unwrap_or(Value::Null)
            }
            Value::Object(m) if m.contains_key("reference") && m.len() == 1 => {
                return Err(TemplateError::invalid(
                    format!(
                        "The parameter '{name}' uses a Key Vault reference, which hcsim does not support; pass the value directly."
                    ),
                    format!("parameters.{name}"),
                ));
            }
            other => other.clone(),
        };
        out.insert(name.to_ascii_lowercase(), (name.clone(), value));
    }
    Ok(out)
}

/// Checks a parameter definition's shape (type and known members).
pub fn check_definition(name: &str, def: &Map<String, Value>) -> Result<String, TemplateError> {
    let path = format!("parameters.{name}");
    for k in def.keys() {
        if !DEF_KEYS.iter().any(|d| d.eq_ignore_ascii_case(k)) {
            return Err(TemplateError::invalid(
                format!("Could not find member '{k}' on object of type 'TemplateParameter'."),
                format!("{path}.{k}"),
            ));
        }
    }
    let ty = match def.get("type") {
        Some(Value::String(t)) => t.to_ascii_lowercase(),
        _ => {
            return Err(TemplateError::invalid(
                format!("The template parameter '{name}' requires a 'type'."),
                path,
            ));
        }
    };
    if !TYPES.contains(&ty.as_str()) {
        return Err(TemplateError::invalid(
            format!(
                "The template parameter '{name}' has the type '{ty}', which is not one of 'string, securestring, int, bool, object, secureObject, array'."
            ),
            format!("{path}.type"),
        ));
    }
    Ok(ty)
}

fn arm_type(ty: &str) -> &'static str {
    match ty {
        "string" | "securestring" => "String",
        "int" => "Integer",
        "bool" => "Boolean",
        "object" | "secureobject" => "Object",
        _ => "Array",
    }
}

/// Converts a supplied value to the declared type. Like `az deployment group create`,
/// strings are accepted for `int`/`bool`/`object`/`array` when they parse, because values
/// typed on a command line arrive as strings.
fn coerce(ty: &str, v: Value) -> Result<Value, Value> {
    match (ty, v) {
        ("string" | "securestring", v @ Value::String(_)) => Ok(v),
        ("int", v @ Value::Number(_)) if v.is_i64() => Ok(v),
        ("int", Value::String(s)) => s
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| Value::String(s)),
        ("bool", v @ Value::Bool(_)) => Ok(v),
        ("bool", Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(Value::Bool(true)),
        ("bool", Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(Value::Bool(false)),
        ("object" | "secureobject", v @ Value::Object(_)) => Ok(v),
        ("array", v @ Value::Array(_)) => Ok(v),
        ("object" | "secureobject" | "array", Value::String(s)) => {
            match serde_json::from_str::<Value>(&s) {
                Ok(p) if (ty == "array") == p.is_array() && (p.is_array() || p.is_object()) => {
                    Ok(p)
                }
                _ => Err(Value::String(s)),
            }
        }
        (_, v) => Err(v),
    }
}

fn int_member(
    def: &Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<Option<i64>, TemplateError> {
    match def.get(key) {
        None => Ok(None),
        Some(v) => v.as_i64().map(Some).ok_or_else(|| {
            TemplateError::invalid(
                format!("'{key}' must be an integer."),
                format!("{path}.{key}"),
            )
        }),
    }
}

/// The final value of parameter `name`: the supplied value or the evaluated default,
/// coerced and validated against the definition.
pub fn resolve(
    name: &str,
    def: &Map<String, Value>,
    supplied: Option<Value>,
    ctx: &Ctx<'_>,
) -> Result<Value, TemplateError> {
    let path = format!("parameters.{name}");
    let ty = check_definition(name, def)?;
    let fail = |m: String| {
        TemplateError::invalid(
            format!("Deployment template validation failed: '{m}'"),
            path.clone(),
        )
    };
    let raw = match supplied {
        Some(v) => v,
        None => match def.get("defaultValue") {
            Some(d) => eval_value(d, ctx, &format!("{path}.defaultValue"), false)?,
            None if def.get("nullable") == Some(&Value::Bool(true)) => return Ok(Value::Null),
            None => {
                return Err(fail(format!(
                    "The value for the template parameter '{name}' is not provided. Please see https://aka.ms/arm-create-parameter-file for usage details."
                )));
            }
        },
    };
    let value = coerce(&ty, raw).map_err(|bad| {
        fail(format!(
            "Template parameter '{name}' was provided an invalid value. Expected a value of type '{}', but received a value of type '{}'.",
            arm_type(&ty),
            type_name(&bad)
        ))
    })?;
    if let Some(allowed) = def.get("allowedValues") {
        let Value::Array(allowed) = allowed else {
            return Err(TemplateError::invalid(
                "'allowedValues' must be an array.",
                format!("{path}.allowedValues"),
            ));
        };
        // For arrays, every item must be allowed (ARM semantics).
        let ok = match &value {
            Value::Array(items) if !allowed.iter().any(|a| a.is_array()) => {
                items.iter().all(|i| allowed.contains(i))
            }
            v => allowed.contains(v),
        };
        if !ok {
            let list: Vec<String> = allowed.iter().map(to_display).collect();
            return Err(fail(format!(
                "The provided value '{}' for the template parameter '{name}' is not valid. The parameter value is not part of the allowed value(s): '{}'.",
                to_display(&value),
                list.join(",")
            )));
        }
    }
    let len = match &value {
        Value::String(s) => Some(s.chars().count() as i64),
        Value::Array(a) => Some(a.len() as i64),
        _ => None,
    };
    if let Some(len) = len {
        if let Some(min) = int_member(def, "minLength", &path)?
            && len < min
        {
            return Err(fail(format!(
                "The provided value for the template parameter '{name}' is not valid. Length of the value should be greater than or equal to '{min}'."
            )));
        }
        if let Some(max) = int_member(def, "maxLength", &path)?
            && len > max
        {
            return Err(fail(format!(
                "The provided value for the template parameter '{name}' is not valid. Length of the value should be less than or equal to '{max}'."
            )));
        }
    }
    if let Some(n) = value.as_i64() {
        if let Some(min) = int_member(def, "minValue", &path)?
            && n < min
        {
            return Err(fail(format!(
                "The provided value for the template parameter '{name}' is not valid. The value should be greater than or equal to '{min}'."
            )));
        }
        if let Some(max) = int_member(def, "maxValue", &path)?
            && n > max
        {
            return Err(fail(format!(
                "The provided value for the template parameter '{name}' is not valid. The value should be less than or equal to '{max}'."
            )));
        }
    }
    Ok(value)
}
