//! `MergeObservationImpl`: a group merged into the stored Observation with its identifier.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{Map, Value, json};

use super::values;
use super::{SERVICE_SYSTEM, code, period};
use crate::error::{TransformError, TransformErrorKind};
use crate::group::MeasurementGroup;
use crate::mapping::fhir::CodeValueTemplate;
use crate::time::Timestamp;

fn unsupported(message: String) -> TransformError {
    TransformError::new(TransformErrorKind::InvalidExisting, message)
}

/// The stored Observation's effective time as a period (`effectiveDateTime` is an instant).
fn effective(obs: &Map<String, Value>) -> Result<(Timestamp, Timestamp), TransformError> {
    let time = |v: Option<&Value>| v.and_then(Value::as_str).and_then(Timestamp::parse_iso);
    if let Some(p) = obs.get("effectivePeriod")
        && let (Some(s), Some(e)) = (time(p.get("start")), time(p.get("end")))
    {
        return Ok((s, e));
    }
    if let Some(t) = time(obs.get("effectiveDateTime")) {
        return Ok((t, t));
    }
    let kind = obs
        .keys()
        .find(|k| k.starts_with("effective"))
        .map_or("null", String::as_str);
    Err(unsupported(format!(
        "Observation effective type of {kind} is not supported."
    )))
}

/// The value property (`valueQuantity`, …) of an Observation or component, if any.
fn value_of(m: &Map<String, Value>) -> Option<(String, Value)> {
    m.iter()
        .find(|(k, _)| k.starts_with("value"))
        .map(|(k, v)| (k.clone(), v.clone()))
}

/// Merges the group into `existing`.
pub(super) fn merge(
    group: &MeasurementGroup,
    t: &CodeValueTemplate,
    data: &BTreeMap<String, Vec<(Timestamp, String)>>,
    existing: &Value,
) -> Result<Value, TransformError> {
    let Value::Object(old) = existing else {
        return Err(unsupported(
            "The existing Observation is not a JSON object.".into(),
        ));
    };
    let mut obs = old.clone();
    obs.insert("status".into(), json!("amended"));
    obs.remove("category");
    if !t.category.is_empty() {
        obs.insert(
            "category".into(),
            t.category.iter().map(values::concept).collect(),
        );
    }
    let (mut start, mut end) = effective(&obs)?;
    start = start.min(group.start);
    end = end.max(group.end);
    obs.remove("effectiveDateTime");
    obs.insert("effectivePeriod".into(), period(start, end));
    let window = (group.start, group.end);
    if let Some(v) = &t.value
        && let Some(series) = data.get(&v.value_name)
    {
        let current = value_of(&obs);
        let merged = values::merge(
            v,
            series,
            window,
            (start, end),
            current.as_ref().map(|(k, v)| (k.as_str(), v)),
        )?;
        if let Some((k, _)) = current {
            obs.remove(&k);
        }
        obs.insert(values::key(&v.kind).into(), merged);
    }
    merge_components(&mut obs, t, data, window, (start, end))?;
    Ok(Value::Object(obs))
}

/// Components: found by the service's coding of the value name (merged) or added.
fn merge_components(
    obs: &mut Map<String, Value>,
    t: &CodeValueTemplate,
    data: &BTreeMap<String, Vec<(Timestamp, String)>>,
    window: (Timestamp, Timestamp),
    whole: (Timestamp, Timestamp),
) -> Result<(), TransformError> {
    if t.components.is_empty() {
        return Ok(());
    }
    let mut list: Vec<Value> = obs
        .get("component")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for c in &t.components {
        let Some(series) = data.get(&c.value.value_name) else {
            continue;
        };
        let name = c.value.value_name.as_str();
        let found = list.iter_mut().find(|comp| {
            comp.pointer("/code/coding")
                .and_then(Value::as_array)
                .is_some_and(|codings| {
                    codings.iter().any(|cd| {
                        cd.get("code").and_then(Value::as_str) == Some(name)
                            && cd.get("system").and_then(Value::as_str) == Some(SERVICE_SYSTEM)
                    })
                })
        });
        match found {
            Some(Value::Object(comp)) => {
                let current = value_of(comp);
                let merged = values::merge(
                    &c.value,
                    series,
                    window,
                    whole,
                    current.as_ref().map(|(k, v)| (k.as_str(), v)),
                )?;
                if let Some((k, _)) = current {
                    comp.remove(&k);
                }
                comp.insert(values::key(&c.value.kind).into(), merged);
            }
            _ => {
                let mut cm = Map::new();
                cm.insert("code".into(), code(name, &c.codes));
                cm.insert(
                    values::key(&c.value.kind).into(),
                    values::create(&c.value, series, whole)?,
                );
                list.push(Value::Object(cm));
            }
        }
    }
    obs.insert("component".into(), Value::Array(list));
    Ok(())
}
