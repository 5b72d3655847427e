//! FHIR transformation: one group of measurements to the R4 Observation the service writes
//! (`CodeValueFhirTemplateProcessor` and `R4FhirImportService`), or merged into the stored
//! Observation with the same identifier.
//!
//! A new Observation: `status` `final`; `code` the template's codings plus the service's own
//! coding of the type (text the type); `category`; `effectivePeriod` the group's window in
//! .NET's round-trip form; `subject`, `device`, `encounter` from the resolved references;
//! `identifier` the service's (system and `{patient}.{device}.{type}.{segment}`), `id` the
//! SHA-256 of `{system}_{value}`; the value and components whose values the group has.
//! `issued` is the service's clock: [`transform_at`] sets it, [`transform`] leaves it out.
//!
//! A merge: `status` `amended`, `category` replaced, the effective period widened to cover
//! the group, values merged (SampledData samples interleaved, the stored one kept at the same
//! instant; other types replaced), components found by the service's coding or added. When
//! the merged Observation equals the stored one apart from `status`, the service writes
//! nothing.

mod merge;
pub mod values;

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value, json};

use crate::error::{TransformError, TransformErrorKind};
use crate::group::MeasurementGroup;
use crate::mapping::fhir::{CodeValueTemplate, FhirCode, FhirMapping, PeriodInterval};
use crate::sha256::sha256_hex;
use crate::time::Timestamp;
pub use values::MAX_SAMPLES;

/// The system of the identifiers and codings the service adds.
pub const SERVICE_SYSTEM: &str = "https://azure.microsoft.com/en-us/services/iomt-fhir-connector/";

/// References the pipeline resolved (e.g. `"Patient/123"`, `"Device/abc"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObservationRefs {
    /// The subject, `Patient/<id>`.
    pub patient: String,
    /// The device, `Device/<id>`.
    pub device: String,
    /// The encounter, `Encounter/<id>`, when the measurements name one.
    pub encounter: Option<String>,
}

/// The group's id segment: `{start}.{end}` in `yyyyMMddHHmmssZ`, or the correlation id.
fn id_segment(group: &MeasurementGroup) -> String {
    match (group.interval, &group.correlation_id) {
        (Some(PeriodInterval::CorrelationId), Some(c)) => c.clone(),
        _ => format!("{}.{}", group.start.to_compact(), group.end.to_compact()),
    }
}

/// The identifier by which the service finds "the same" Observation: (system, value), the
/// value being `{patient}.{device}.{type}.{segment}` of the resolved Patient and Device
/// resource ids. This form uses the group's own patient and device identifiers — right
/// when the resources' ids are those identifiers; [`observation_identifier_for`] takes the
/// resolved references, and [`transform`] writes that one.
pub fn observation_identifier(group: &MeasurementGroup) -> (String, String) {
    let patient = group.patient_id.clone().unwrap_or_default();
    identifier(group, &patient, &group.device_id)
}

/// The identifier with the resolved references' ids (`Patient/p1` → `p1`).
pub fn observation_identifier_for(
    group: &MeasurementGroup,
    refs: &ObservationRefs,
) -> (String, String) {
    identifier(group, id_of(&refs.patient), id_of(&refs.device))
}

fn identifier(group: &MeasurementGroup, patient: &str, device: &str) -> (String, String) {
    let value = format!(
        "{patient}.{device}.{}.{}",
        group.type_name,
        id_segment(group)
    );
    (SERVICE_SYSTEM.to_string(), value)
}

/// The id part of a reference `Type/id`.
fn id_of(reference: &str) -> &str {
    reference.rsplit('/').next().unwrap_or(reference)
}

/// The Observation id the service derives from an identifier.
pub fn observation_id(identifier: &(String, String)) -> String {
    sha256_hex(format!("{}_{}", identifier.0, identifier.1).as_bytes())
}

/// The Observation to write (without `issued`); `existing` is the stored one with the same
/// identifier (merged as the service merges).
pub fn transform(
    group: &MeasurementGroup,
    mapping: &FhirMapping,
    refs: &ObservationRefs,
    existing: Option<&Value>,
) -> Result<Value, TransformError> {
    let template = template_for(group, mapping)?;
    let data = series(group);
    match existing {
        None => create(group, template, refs, &data),
        Some(old) => merge::merge(group, template, &data, old),
    }
}

/// [`transform`], with `issued` set to `issued` on a new Observation (the service sets it
/// only when it creates one).
pub fn transform_at(
    group: &MeasurementGroup,
    mapping: &FhirMapping,
    refs: &ObservationRefs,
    existing: Option<&Value>,
    issued: Timestamp,
) -> Result<Value, TransformError> {
    let mut obs = transform(group, mapping, refs, existing)?;
    if existing.is_none()
        && let Value::Object(m) = &mut obs
    {
        // DateTimeOffset.UtcNow as the FHIR serializer writes it: an explicit +00:00.
        let text = issued.to_iso7().replace('Z', "+00:00");
        m.insert("issued".into(), Value::String(text));
    }
    Ok(obs)
}

/// Whether a merged Observation brings nothing new to the stored one: equal apart from
/// `status` (a merge always says `amended`) and the server's `meta` — the service then writes
/// nothing (`AmendIfChanged`).
pub fn is_unchanged(existing: &Value, merged: &Value) -> bool {
    let strip = |v: &Value| match v {
        Value::Object(m) => {
            let mut m = m.clone();
            m.remove("status");
            m.remove("meta");
            Value::Object(m)
        }
        other => other.clone(),
    };
    strip(existing) == strip(merged)
}

fn template_for<'m>(
    group: &MeasurementGroup,
    mapping: &'m FhirMapping,
) -> Result<&'m CodeValueTemplate, TransformError> {
    let template = mapping.template(&group.type_name).ok_or_else(|| {
        TransformError::new(
            TransformErrorKind::TemplateNotFound,
            format!("No template found for type {}.", group.type_name),
        )
    })?;
    if template.period_interval == PeriodInterval::CorrelationId && group.correlation_id.is_none() {
        return Err(TransformError::new(
            TransformErrorKind::CorrelationIdNotDefined,
            "A correlation id is required to group measurements by correlation id (periodInterval -1), and the measurements carry none.",
        ));
    }
    Ok(template)
}

/// Each property's values by time, one per instant (the first to arrive), oldest first.
fn series(group: &MeasurementGroup) -> BTreeMap<String, Vec<(Timestamp, String)>> {
    let mut out: BTreeMap<String, Vec<(Timestamp, String)>> = BTreeMap::new();
    for m in &group.measurements {
        for (name, value) in &m.properties {
            let list = out.entry(name.clone()).or_default();
            if !list.iter().any(|(t, _)| *t == m.occurrence) {
                list.push((m.occurrence, value.clone()));
            }
        }
    }
    for list in out.values_mut() {
        list.sort_by_key(|(t, _)| *t);
    }
    out
}

/// `ResolveCode`: the template's codings, then the service's coding of `name`.
fn code(name: &str, codes: &[FhirCode]) -> Value {
    let mut coding: Vec<Value> = codes.iter().map(values::coding).collect();
    coding.push(json!({"system": SERVICE_SYSTEM, "code": name, "display": name}));
    json!({"coding": coding, "text": name})
}

fn period(start: Timestamp, end: Timestamp) -> Value {
    json!({"start": start.to_iso7(), "end": end.to_iso7()})
}

fn create(
    group: &MeasurementGroup,
    t: &CodeValueTemplate,
    refs: &ObservationRefs,
    data: &BTreeMap<String, Vec<(Timestamp, String)>>,
) -> Result<Value, TransformError> {
    let ident = observation_identifier_for(group, refs);
    let window = (group.start, group.end);
    let mut m = Map::new();
    m.insert("resourceType".into(), json!("Observation"));
    m.insert("id".into(), json!(observation_id(&ident)));
    m.insert(
        "identifier".into(),
        json!([{"system": ident.0, "value": ident.1}]),
    );
    m.insert("status".into(), json!("final"));
    if !t.category.is_empty() {
        m.insert(
            "category".into(),
            t.category.iter().map(values::concept).collect(),
        );
    }
    m.insert("code".into(), code(&group.type_name, &t.codes));
    m.insert("subject".into(), json!({"reference": refs.patient}));
    if let Some(e) = &refs.encounter {
        m.insert("encounter".into(), json!({"reference": e}));
    }
    m.insert("effectivePeriod".into(), period(group.start, group.end));
    m.insert("device".into(), json!({"reference": refs.device}));
    if let Some(v) = &t.value
        && let Some(series) = data.get(&v.value_name)
    {
        m.insert(
            values::key(&v.kind).into(),
            values::create(v, series, window)?,
        );
    }
    let mut components = Vec::new();
    for c in &t.components {
        if let Some(series) = data.get(&c.value.value_name) {
            let mut cm = Map::new();
            cm.insert("code".into(), code(&c.value.value_name, &c.codes));
            cm.insert(
                values::key(&c.value.kind).into(),
                values::create(&c.value, series, window)?,
            );
            components.push(Value::Object(cm));
        }
    }
    if !components.is_empty() {
        m.insert("component".into(), Value::Array(components));
    }
    Ok(Value::Object(m))
}
