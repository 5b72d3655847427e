//! The values of an Observation as the service's R4 value processors write and merge them:
//! `valueSampledData` (a stream of samples, `E` where a slot has none), `valueQuantity`
//! and `valueString` (exactly one value), `valueCodeableConcept` (the template's concept).

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value, json};

use crate::error::{TransformError, TransformErrorKind};
use crate::mapping::fhir::{Concept, FhirCode, FhirValue, ValueKind};
use crate::time::Timestamp;

/// The most samples one SampledData stream may hold (a day at one sample per second fits).
pub const MAX_SAMPLES: i64 = 100_000;

/// The time-stamped values of one property, oldest first, one per instant.
pub type Series = [(Timestamp, String)];

/// A coding as FHIR JSON (absent parts left out).
pub(crate) fn coding(c: &FhirCode) -> Value {
    let mut m = Map::new();
    if let Some(s) = &c.system {
        m.insert("system".into(), Value::String(s.clone()));
    }
    m.insert("code".into(), Value::String(c.code.clone()));
    if let Some(d) = &c.display {
        m.insert("display".into(), Value::String(d.clone()));
    }
    Value::Object(m)
}

/// A CodeableConcept as FHIR JSON (empty parts left out, as FHIR serializers do).
pub(crate) fn concept(c: &Concept) -> Value {
    let mut m = Map::new();
    if !c.codes.is_empty() {
        m.insert("coding".into(), c.codes.iter().map(coding).collect());
    }
    if let Some(t) = &c.text {
        m.insert("text".into(), Value::String(t.clone()));
    }
    Value::Object(m)
}

/// The JSON property a value kind is written under.
pub(crate) fn key(kind: &ValueKind) -> &'static str {
    match kind {
        ValueKind::SampledData { .. } => "valueSampledData",
        ValueKind::Quantity { .. } => "valueQuantity",
        ValueKind::String => "valueString",
        ValueKind::CodeableConcept(_) => "valueCodeableConcept",
    }
}

/// The value for `data` over the observation period `(start, end)`.
pub(crate) fn create(
    v: &FhirValue,
    data: &Series,
    period: (Timestamp, Timestamp),
) -> Result<Value, TransformError> {
    Ok(match &v.kind {
        ValueKind::SampledData {
            default_period,
            unit,
        } => {
            let step = period_ticks(default_period)?;
            let mut origin = Map::new();
            origin.insert("value".into(), Value::from(0));
            if let Some(u) = unit {
                origin.insert("unit".into(), Value::String(u.clone()));
            }
            json!({
                "origin": origin,
                "period": decimal(default_period).unwrap_or(Value::Null),
                "dimensions": 1,
                "data": build(data, period.0, period.1, step)?,
            })
        }
        ValueKind::Quantity { unit, system, code } => {
            let text = single(data)?;
            let number = decimal(text).ok_or_else(|| {
                TransformError::new(
                    TransformErrorKind::InvalidQuantity,
                    format!("The input string '{text}' was not in a correct format."),
                )
            })?;
            let mut m = Map::new();
            m.insert("value".into(), number);
            for (k, v) in [("unit", unit), ("system", system), ("code", code)] {
                if let Some(v) = v {
                    m.insert(k.into(), Value::String(v.clone()));
                }
            }
            Value::Object(m)
        }
        ValueKind::String => Value::String(single(data)?.to_string()),
        ValueKind::CodeableConcept(c) => concept(c),
    })
}

/// The value merged into `existing` (the stored Observation's value, if any), the data's
/// window being `data_period` and the (extended) observation period `obs_period`.
pub(crate) fn merge(
    v: &FhirValue,
    data: &Series,
    data_period: (Timestamp, Timestamp),
    obs_period: (Timestamp, Timestamp),
    existing: Option<(&str, &Value)>,
) -> Result<Value, TransformError> {
    let want = key(&v.kind);
    let Some((_, old)) = existing.filter(|(k, _)| *k == want) else {
        let fhir_type = &want["value".len()..];
        return Err(TransformError::new(
            TransformErrorKind::InvalidExisting,
            format!("Element existingValue expected to be of type Hl7.Fhir.Model.{fhir_type}."),
        ));
    };
    let ValueKind::SampledData { default_period, .. } = &v.kind else {
        // Quantity, String, CodeableConcept: a single value, replaced.
        return create(v, data, obs_period);
    };
    if old.get("dimensions").and_then(Value::as_i64).unwrap_or(1) > 1 {
        return Err(TransformError::new(
            TransformErrorKind::InvalidExisting,
            "Existing Hl7.Fhir.Model.SampledData value has more than 1 dimension.",
        ));
    }
    let step = period_ticks(default_period)?;
    let stream = old.get("data").and_then(Value::as_str).unwrap_or("");
    if stream.trim().is_empty() {
        return Err(TransformError::new(
            TransformErrorKind::InvalidExisting,
            "Value cannot be null, empty or whitespace. (Parameter 'stream')",
        ));
    }
    let old_values = parse(stream, obs_period.0, step);
    let merged = merge_series(&old_values, data);
    let start = data_period.0.min(obs_period.0);
    let end = data_period.1.max(obs_period.1);
    let mut out = old.clone();
    if let Value::Object(m) = &mut out {
        m.insert(
            "data".into(),
            Value::String(build(&merged, start, end, step)?),
        );
    }
    Ok(out)
}

/// `values.Single()`: the one value of a Quantity or String.
fn single(data: &Series) -> Result<&str, TransformError> {
    match data {
        [(_, v)] => Ok(v),
        [] => Err(TransformError::new(
            TransformErrorKind::MultipleValues,
            "Sequence contains no elements",
        )),
        _ => Err(TransformError::new(
            TransformErrorKind::MultipleValues,
            "Sequence contains more than one element",
        )),
    }
}

/// A decimal as .NET's `decimal.Parse` (invariant culture, `NumberStyles.Number`) reads it —
/// sign, digits with `,` group separators, a fraction, surrounding white space; no exponent —
/// as a JSON number.
pub(crate) fn decimal(text: &str) -> Option<Value> {
    let t = text.trim();
    let (sign, body) = match t.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", t.strip_prefix('+').unwrap_or(t)),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let int: String = int.chars().filter(|c| *c != ',').collect();
    let ok = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if !ok(&int) || !ok(frac) || (int.is_empty() && frac.is_empty()) || int.len() > 29 {
        return None;
    }
    let int = if int.is_empty() { "0".to_string() } else { int };
    let text = if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    };
    serde_json::from_str::<Value>(&text)
        .ok()
        .filter(Value::is_number)
}

/// `defaultPeriod` (milliseconds, a decimal) in 100-ns ticks; fractions finer than a tick
/// are dropped, as .NET's `AddMilliseconds` drops them.
pub(crate) fn period_ticks(text: &str) -> Result<i64, TransformError> {
    let bad = || {
        TransformError::new(
            TransformErrorKind::InvalidValue,
            format!("The defaultPeriod '{text}' is not a positive number of milliseconds."),
        )
    };
    let t = text.trim();
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    if int.is_empty()
        || !int.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return Err(bad());
    }
    let ms: i64 = int.parse().map_err(|_| bad())?;
    let mut sub: i64 = 0;
    for (i, d) in frac.chars().take(4).enumerate() {
        let place = [1000, 100, 10, 1][i];
        sub += i64::from(d.to_digit(10).unwrap_or(0)) * place;
    }
    let ticks = ms
        .checked_mul(10_000)
        .and_then(|x| x.checked_add(sub))
        .ok_or_else(bad)?;
    if ticks <= 0 {
        return Err(bad());
    }
    Ok(ticks)
}

/// `BuildSampledData`: one slot per `step` from `start` while the slot starts no later than
/// `end`; a slot holds the last value falling in it, or `E`.
pub fn build(
    values: &Series,
    start: Timestamp,
    end: Timestamp,
    step: i64,
) -> Result<String, TransformError> {
    let span = end.ticks_since(&start);
    if span / i128::from(step) >= i128::from(MAX_SAMPLES) {
        return Err(TransformError::new(
            TransformErrorKind::TooLarge,
            format!(
                "The SampledData stream would hold more than {MAX_SAMPLES} samples: raise defaultPeriod."
            ),
        ));
    }
    let mut out: Vec<&str> = Vec::new();
    let mut current = start;
    let mut i = 0;
    while current <= end {
        let next = current.plus_ticks(step);
        let mut value: Option<&str> = None;
        while i < values.len() && values[i].0 >= current && values[i].0 < next {
            value = Some(&values[i].1);
            i += 1;
        }
        out.push(value.unwrap_or("E"));
        current = next;
    }
    Ok(out.join(" "))
}

/// `SampledDataToTimeValues`: the stream's samples with their times from `start`, `E`s
/// dropped.
pub fn parse(stream: &str, start: Timestamp, step: i64) -> Vec<(Timestamp, String)> {
    let mut out = Vec::new();
    let mut time = start;
    for token in stream.split(' ') {
        if token != "E" {
            out.push((time, token.to_string()));
        }
        time = time.plus_ticks(step);
    }
    out
}

/// `MergeData`: both series in time order; at the same instant the stored sample stays.
pub fn merge_series(old: &Series, new: &Series) -> Vec<(Timestamp, String)> {
    let (mut a, mut b) = (0, 0);
    let mut out = Vec::with_capacity(old.len() + new.len());
    while a < old.len() || b < new.len() {
        if a >= old.len() {
            out.push(new[b].clone());
            b += 1;
        } else if b >= new.len() || old[a].0 < new[b].0 {
            out.push(old[a].clone());
            a += 1;
        } else if old[a].0 > new[b].0 {
            out.push(new[b].clone());
            b += 1;
        } else {
            out.push(old[a].clone());
            a += 1;
            b += 1;
        }
    }
    out
}
