//! ARM's template function library, grouped like ARM's documentation.
//!
//! [`call`] dispatches on the lowercased name. Argument checks produce ARM's messages
//! ("The template language function 'x' expects its parameter to be of type 'String'...").
//! Every function that can grow a value checks the size limits in
//! [`crate::limits`].

mod collection;
mod deployment;
mod logic;
mod string;

use crate::context::{Ctx, EvalError, type_name};
use crate::limits::{MAX_STRING_BYTES, MAX_VALUE_WEIGHT};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value};

pub(crate) use string::to_display;

/// Calls function `name` (lowercased as `lname`) with evaluated arguments.
pub(crate) fn call(
    name: &str,
    lname: &str,
    args: Vec<Value>,
    ctx: &Ctx<'_>,
) -> Result<Value, EvalError> {
    let a = Args { name, v: args };
    match lname {
        // String functions.
        "concat" => string::concat(a),
        "format" => string::format(a),
        "tolower" => string::to_lower(a),
        "toupper" => string::to_upper(a),
        "trim" => string::trim(a),
        "substring" => string::substring(a),
        "replace" => string::replace(a),
        "split" => string::split(a),
        "startswith" => string::starts_with(a),
        "endswith" => string::ends_with(a),
        "padleft" => string::pad_left(a),
        "string" => string::string(a),
        "base64" => string::base64(a),
        "base64tostring" => string::base64_to_string(a),
        "base64tojson" => string::base64_to_json(a),
        "datauri" => string::data_uri(a),
        "datauritostring" => string::data_uri_to_string(a),
        "uri" => string::uri(a),
        "uricomponent" => string::uri_component(a),
        "uricomponenttostring" => string::uri_component_to_string(a),
        "guid" => string::guid(a),
        "uniquestring" => string::unique_string(a),
        "json" => string::json(a),
        // Array and object functions.
        "array" => collection::array(a),
        "createarray" => collection::create_array(a),
        "createobject" => collection::create_object(a),
        "union" => collection::union(a),
        "intersection" => collection::intersection(a),
        "contains" => collection::contains(a),
        "empty" => collection::empty(a),
        "first" => collection::first(a),
        "last" => collection::last(a),
        "length" => collection::length(a),
        "skip" => collection::skip(a),
        "take" => collection::take(a),
        "range" => collection::range(a),
        "min" => collection::min_max(a, false),
        "max" => collection::min_max(a, true),
        "items" => collection::items(a),
        "indexof" => collection::index_of(a, false),
        "lastindexof" => collection::index_of(a, true),
        "coalesce" => collection::coalesce(a),
        "join" => collection::join(a),
        "objectkeys" => collection::object_keys(a),
        "flatten" => collection::flatten(a),
        "tryget" => collection::try_get(a),
        // Logical, comparison and numeric functions.
        "and" => logic::and_or(a, true),
        "or" => logic::and_or(a, false),
        "not" => logic::not(a),
        "bool" => logic::bool(a),
        "true" => logic::constant(a, Value::Bool(true)),
        "false" => logic::constant(a, Value::Bool(false)),
        "null" => logic::constant(a, Value::Null),
        "equals" => logic::equals(a),
        "less" => logic::compare(a, |o| o.is_lt()),
        "lessorequals" => logic::compare(a, |o| o.is_le()),
        "greater" => logic::compare(a, |o| o.is_gt()),
        "greaterorequals" => logic::compare(a, |o| o.is_ge()),
        "add" => logic::arith(a, i64::checked_add),
        "sub" => logic::arith(a, i64::checked_sub),
        "mul" => logic::arith(a, i64::checked_mul),
        "div" => logic::div_mod(a, false),
        "mod" => logic::div_mod(a, true),
        "int" => logic::int(a),
        // Deployment, scope and resource functions.
        "parameters" => deployment::parameters(a, ctx),
        "variables" => deployment::variables(a, ctx),
        "copyindex" => deployment::copy_index(a, ctx),
        "deployment" => deployment::deployment(a, ctx),
        "environment" => deployment::environment(a),
        "resourcegroup" => deployment::resource_group(a, ctx),
        "subscription" => deployment::subscription(a, ctx),
        "tenant" => deployment::tenant(a, ctx),
        "resourceid" => deployment::resource_id(a, ctx),
        "subscriptionresourceid" => deployment::subscription_resource_id(a, ctx),
        "tenantresourceid" => deployment::tenant_resource_id(a),
        "extensionresourceid" => deployment::extension_resource_id(a),
        "reference" => deployment::reference(a, ctx),
        "newguid" => deployment::new_guid(a, ctx),
        "utcnow" => deployment::utc_now(a, ctx),
        _ if lname.starts_with("list") && lname.len() > 4 => deployment::list(a, ctx),
        _ => Err(EvalError::Msg(format!(
            "The template function '{name}' is not valid. Please see https://aka.ms/arm-functions for usage details."
        ))),
    }
}

/// Evaluated arguments of one call, with checked accessors.
pub(crate) struct Args<'n> {
    /// The function name as written (for messages).
    pub name: &'n str,
    /// Argument values.
    pub v: Vec<Value>,
}

fn ordinal(i: usize) -> String {
    match i {
        0 => "first".to_string(),
        1 => "second".to_string(),
        2 => "third".to_string(),
        n => format!("{}th", n + 1),
    }
}

impl Args<'_> {
    /// Checks the argument count is within `min..=max` (`max = None` for unbounded).
    pub fn count(&self, min: usize, max: Option<usize>) -> Result<(), EvalError> {
        let n = self.v.len();
        let ok = n >= min && max.is_none_or(|m| n <= m);
        if ok {
            return Ok(());
        }
        let want = match max {
            Some(m) if m == min => format!("'{min}'"),
            Some(m) => format!("between '{min}' and '{m}'"),
            None => format!("at least '{min}'"),
        };
        Err(self.err(format!(
            "The template language function '{}' must have {want} parameter(s), but {n} were given.",
            self.name
        )))
    }

    /// An error message about this call.
    pub fn err(&self, msg: String) -> EvalError {
        EvalError::Msg(msg)
    }

    /// A type error for argument `i`.
    pub fn type_err(&self, i: usize, want: &str) -> EvalError {
        let got = self.v.get(i).map_or("Null", type_name);
        EvalError::Msg(format!(
            "The template language function '{}' expects its {} parameter to be of type '{want}'. The provided value is of type '{got}'.",
            self.name,
            ordinal(i)
        ))
    }

    /// Argument `i` as a string.
    pub fn str(&self, i: usize) -> Result<&str, EvalError> {
        match self.v.get(i) {
            Some(Value::String(s)) => Ok(s),
            _ => Err(self.type_err(i, "String")),
        }
    }

    /// Argument `i` as an integer.
    pub fn int(&self, i: usize) -> Result<i64, EvalError> {
        match self.v.get(i) {
            Some(Value::Number(n)) => n.as_i64().ok_or_else(|| self.type_err(i, "Integer")),
            _ => Err(self.type_err(i, "Integer")),
        }
    }

    /// Argument `i` as a boolean.
    pub fn bool(&self, i: usize) -> Result<bool, EvalError> {
        match self.v.get(i) {
            Some(Value::Bool(b)) => Ok(*b),
            _ => Err(self.type_err(i, "Boolean")),
        }
    }

    /// Argument `i` as an array.
    pub fn array(&self, i: usize) -> Result<&Vec<Value>, EvalError> {
        match self.v.get(i) {
            Some(Value::Array(a)) => Ok(a),
            _ => Err(self.type_err(i, "Array")),
        }
    }

    /// Argument `i` as an object.
    pub fn object(&self, i: usize) -> Result<&Map<String, Value>, EvalError> {
        match self.v.get(i) {
            Some(Value::Object(o)) => Ok(o),
            _ => Err(self.type_err(i, "Object")),
        }
    }

    /// All arguments as strings.
    pub fn strings(&self) -> Result<Vec<&str>, EvalError> {
        (0..self.v.len()).map(|i| self.str(i)).collect()
    }
}

/// Fails when a produced string is over [`MAX_STRING_BYTES`].
pub(crate) fn check_len(name: &str, len: usize) -> Result<(), EvalError> {
    if len > MAX_STRING_BYTES {
        Err(EvalError::Msg(format!(
            "The template language function '{name}' would produce a value of {len} bytes, more than the limit of {MAX_STRING_BYTES} bytes."
        )))
    } else {
        Ok(())
    }
}

/// A string result, checked against the size limit.
pub(crate) fn checked_string(name: &str, s: String) -> Result<Value, EvalError> {
    check_len(name, s.len())?;
    Ok(Value::String(s))
}

/// Rough size of a value in bytes, stopping early once `limit` is passed.
pub(crate) fn weight(v: &Value, limit: usize) -> usize {
    fn go(v: &Value, acc: &mut usize, limit: usize) {
        if *acc > limit {
            return;
        }
        match v {
            Value::String(s) => *acc += s.len() + 8,
            Value::Array(a) => {
                *acc += 8;
                for x in a {
                    go(x, acc, limit);
                    if *acc > limit {
                        return;
                    }
                }
            }
            Value::Object(m) => {
                *acc += 8;
                for (k, x) in m {
                    *acc += k.len() + 8;
                    go(x, acc, limit);
                    if *acc > limit {
                        return;
                    }
                }
            }
            _ => *acc += 8,
        }
    }
    let mut acc = 0;
    go(v, &mut acc, limit);
    acc
}

/// A collection result, checked against [`MAX_VALUE_WEIGHT`].
pub(crate) fn checked_value(name: &str, v: Value) -> Result<Value, EvalError> {
    if weight(&v, MAX_VALUE_WEIGHT) > MAX_VALUE_WEIGHT {
        return Err(EvalError::Msg(format!(
            "The template language function '{name}' would produce a value larger than the limit of {MAX_VALUE_WEIGHT} bytes."
        )));
    }
    Ok(v)
}

#[cfg(test)]
mod tests;
