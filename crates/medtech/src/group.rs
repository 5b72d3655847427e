//! Grouping, as the service's FHIR conversion groups: measurements of one type, device,
//! patient, encounter and correlation id form a measurement group, and each measurement group
//! is cut into observation groups by its template's `periodInterval` (SampledData templates
//! only; others are per measurement, as Learn documents) — per measurement
//! (`0`: the window is the instant), per UTC hour (`60`: start to start + 1 h − 1 tick), per
//! UTC day (`1440`), or one group per correlation id (`-1`: first to last measurement).
//! Groups come in the order their first measurement came.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use crate::event::Measurement;
use crate::mapping::fhir::{CodeValueTemplate, FhirMapping, FhirValue, PeriodInterval, ValueKind};
use crate::time::Timestamp;

/// Measurements of one device/patient/type in one period window (or one correlation id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasurementGroup {
    /// The measurements' `typeName`.
    pub type_name: String,
    /// The device.
    pub device_id: String,
    /// The patient, if the measurements carry one.
    pub patient_id: Option<String>,
    /// The encounter, if the measurements carry one.
    pub encounter_id: Option<String>,
    /// The correlation id, if the measurements carry one.
    pub correlation_id: Option<String>,
    /// The window's start (inclusive).
    pub start: Timestamp,
    /// The window's end (inclusive: the last tick of an hour or day).
    pub end: Timestamp,
    /// The measurements, oldest first (equal times in arrival order).
    pub measurements: Vec<Measurement>,
    /// How the group was cut (the template's `periodInterval`; `None` when the FHIR mapping
    /// has no template for the type: the whole measurement group, to be refused).
    pub interval: Option<PeriodInterval>,
}

type Key = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn key_of(m: &Measurement) -> Key {
    (
        m.type_name.clone(),
        m.device_id.clone(),
        m.patient_id.clone(),
        m.encounter_id.clone(),
        m.correlation_id.clone(),
    )
}

/// The window a measurement falls in.
fn window(interval: Option<PeriodInterval>, t: Timestamp) -> (Timestamp, Timestamp) {
    match interval {
        Some(PeriodInterval::Hourly | PeriodInterval::Daily) => {
            let seconds = interval.map_or(0, PeriodInterval::seconds);
            let start = t.floor_to(seconds);
            let next = Timestamp {
                seconds: start.seconds + seconds,
                ticks: 0,
            };
            (start, next.plus_ticks(-1))
        }
        _ => (t, t),
    }
}

/// The interval a template groups by. Learn documents `periodInterval` as applying to
/// SampledData only — "for other Observation types (Quantity, CodeableConcept and String)
/// data isn't grouped, but instead each measurement is transformed into a single
/// Observation" (overview-of-fhir-destination-mapping.md) — so a template with no SampledData
/// value or component is per measurement, whatever its `periodInterval` (grouping by
/// correlation id, `-1`, is kept).
fn effective_interval(t: &CodeValueTemplate) -> PeriodInterval {
    let sampled = |v: &FhirValue| matches!(v.kind, ValueKind::SampledData { .. });
    let uses_sampled =
        t.value.as_ref().is_some_and(sampled) || t.components.iter().any(|c| sampled(&c.value));
    match t.period_interval {
        PeriodInterval::CorrelationId => PeriodInterval::CorrelationId,
        p if uses_sampled => p,
        _ => PeriodInterval::Single,
    }
}

/// Groups `measurements` by the period windows `mapping` gives each type.
pub fn group(measurements: &[Measurement], mapping: &FhirMapping) -> Vec<MeasurementGroup> {
    // (first-seen order, key, window start) -> group index
    let mut order: BTreeMap<Key, usize> = BTreeMap::new();
    let mut index: BTreeMap<(usize, Option<Timestamp>), usize> = BTreeMap::new();
    let mut groups: Vec<MeasurementGroup> = Vec::new();
    for m in measurements {
        let key = key_of(m);
        let seen = order.len();
        let k = *order.entry(key).or_insert(seen);
        let interval = mapping.template(&m.type_name).map(effective_interval);
        // One group per measurement group when the type has no template or groups by
        // correlation id; otherwise one per window start.
        let slot = match interval {
            None | Some(PeriodInterval::CorrelationId) => None,
            _ => Some(window(interval, m.occurrence).0),
        };
        let at = *index.entry((k, slot)).or_insert_with(|| {
            let (start, end) = window(interval, m.occurrence);
            groups.push(MeasurementGroup {
                type_name: m.type_name.clone(),
                device_id: m.device_id.clone(),
                patient_id: m.patient_id.clone(),
                encounter_id: m.encounter_id.clone(),
                correlation_id: m.correlation_id.clone(),
                start,
                end,
                measurements: Vec::new(),
                interval,
            });
            groups.len() - 1
        });
        let g = &mut groups[at];
        if slot.is_none() {
            g.start = g.start.min(m.occurrence);
            g.end = g.end.max(m.occurrence);
        }
        g.measurements.push(m.clone());
    }
    for g in &mut groups {
        g.measurements.sort_by_key(|m| m.occurrence);
    }
    groups
}
