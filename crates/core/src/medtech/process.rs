//! One batch of device messages through the MedTech stages, on the destination FHIR
//! service's data: normalize (device mapping), group (FHIR mapping's period intervals),
//! resolve identities, transform (a new Observation, or the stored one with the same
//! identifier merged) and persist. Pure: the world hands in the mappings, the data, the time.
//! Failures are counted in the metrics by the service's error name and returned for the log.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value, json};

use hcsim_medtech::{
    DeviceEvent, DeviceMapping, FhirMapping, Limits as EngineLimits, Measurement, MeasurementGroup,
    ObservationRefs, Timestamp, group, normalize, observation_id, observation_identifier_for,
    transform_at,
};

use super::identity::{Resolution, resolve};
use super::metrics::Metrics;
use super::queue::Queued;
use crate::fhir::api::Written;
use crate::fhir::store::{Limits, ServiceData};
use crate::rules::RuleId;
use crate::time::SimTime;

/// 2026-01-01T00:00:00Z, the virtual calendar's start, in Unix seconds.
const EPOCH_UNIX_SECONDS: i64 = 1_767_225_600;

/// The UTC instant of a virtual time (the virtual calendar starts on 2026-01-01).
pub fn timestamp_at(t: SimTime) -> Timestamp {
    let ms = i64::try_from(t.0).unwrap_or(i64::MAX / 2);
    Timestamp::from_unix_millis(EPOCH_UNIX_SECONDS * 1000 + ms).unwrap_or_default()
}

/// An error met in a batch: the service's name, the message, the rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageError {
    /// `IncompatibleDataException`, `DeviceNotFoundException` …
    pub name: String,
    /// Why.
    pub message: String,
    /// The rule.
    pub rule: RuleId,
}

/// What a batch did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BatchResult {
    /// Resources written (Patients, Devices, Observations), in order.
    pub written: Vec<Written>,
    /// Errors, in order (each also counted in the metrics).
    pub errors: Vec<StageError>,
    /// Measurements normalized.
    pub measurements: u64,
}

/// The connector's configuration as this batch uses it.
pub struct Config<'a> {
    /// The device mapping.
    pub device: &'a DeviceMapping,
    /// The FHIR destination mapping.
    pub fhir: &'a FhirMapping,
    /// The destination's resolution type.
    pub resolution: Resolution,
}

/// The event the event hub delivers for a queued message.
fn event_of(m: &Queued) -> DeviceEvent {
    let at = timestamp_at(m.at);
    let mut event = DeviceEvent::from_body(m.body.clone(), at);
    if let Some(d) = &m.device {
        let mut sys = Map::new();
        sys.insert(
            "iothub-connection-device-id".into(),
            Value::String(d.clone()),
        );
        sys.insert("iothub-enqueuedtime".into(), Value::String(at.to_iso()));
        event.system_properties = Value::Object(sys);
    }
    event
}

fn fail(metrics: &mut Metrics, out: &mut BatchResult, name: &str, message: String, rule: RuleId) {
    metrics.error(name);
    out.errors.push(StageError {
        name: name.into(),
        message,
        rule,
    });
}

/// Runs `batch` through the stages into `data` at `now`, counting into `metrics`.
pub fn run_batch(
    cfg: &Config<'_>,
    batch: &[Queued],
    data: &mut ServiceData,
    metrics: &mut Metrics,
    now: SimTime,
) -> BatchResult {
    let mut out = BatchResult::default();
    let measurements = normalize_batch(cfg, batch, metrics, &mut out);
    out.measurements = measurements.len() as u64;
    metrics.measurements += out.measurements;
    let groups = group(&measurements, cfg.fhir);
    metrics.groups += groups.len() as u64;
    for g in &groups {
        if let Err(e) = persist_group(cfg, g, data, metrics, &mut out, now) {
            fail(metrics, &mut out, &e.name, e.message, e.rule);
        }
    }
    out
}

/// Normalizes every message of the batch; failures are counted and left out.
fn normalize_batch(
    cfg: &Config<'_>,
    batch: &[Queued],
    metrics: &mut Metrics,
    out: &mut BatchResult,
) -> Vec<Measurement> {
    let limits = EngineLimits::default();
    let mut measurements = Vec::new();
    for m in batch {
        match normalize(cfg.device, &event_of(m), &limits) {
            Ok(n) if n.measurements.is_empty() => {
                // No template matched: the message yields nothing (the service drops it
                // without a log line; hcsim counts it so the learner sees why).
                fail(metrics, out, "NoTemplateMatched", "No template of the device mapping matched the message (typeMatchExpression found nothing); it yields no measurement.".into(), RuleId::MedtechDeviceMapping);
            }
            Ok(n) => {
                metrics.normalized += 1;
                measurements.extend(n.measurements);
            }
            Err(e) => {
                let message = match &e.expression {
                    Some(x) => alloc::format!("{} ({x})", e.message),
                    None => e.message.clone(),
                };
                fail(
                    metrics,
                    out,
                    e.kind.name(),
                    message,
                    RuleId::MedtechDeviceMapping,
                );
            }
        }
    }
    measurements
}

/// Resolves, transforms and writes one group's Observation (merged into the stored one
/// with the same identifier).
fn persist_group(
    cfg: &Config<'_>,
    g: &MeasurementGroup,
    data: &mut ServiceData,
    metrics: &mut Metrics,
    out: &mut BatchResult,
    now: SimTime,
) -> Result<(), StageError> {
    let stage = |name: &str, message: String, rule: RuleId| StageError {
        name: name.into(),
        message,
        rule,
    };
    if let Some(e) = &g.encounter_id {
        // hcsim's slice stores no Encounter, so an encounter id never resolves.
        return Err(stage(
            "FhirResourceNotFoundException",
            alloc::format!(
                "Encounter with identifier '{}' not found in the FHIR service.",
                crate::id::shorten(e)
            ),
            RuleId::MedtechIdentityResolution,
        ));
    }
    let resolved = resolve(
        data,
        cfg.resolution,
        &g.device_id,
        g.patient_id.as_deref(),
        now,
    );
    let ((patient, device), created) = resolved.map_err(|e| stage(e.name, e.message, e.rule))?;
    metrics.saved += created.len() as u64;
    out.written.extend(created);
    let refs = ObservationRefs {
        patient,
        device,
        encounter: None,
    };
    let id = observation_id(&observation_identifier_for(g, &refs));
    let existing = data
        .entry("Observation", &id)
        .and_then(|e| e.current())
        .and_then(|v| v.resource.clone());
    let obs = transform_at(g, cfg.fhir, &refs, existing.as_ref(), timestamp_at(now))
        .map_err(|e| stage(e.kind.name(), e.message, RuleId::MedtechFhirMapping))?;
    if existing
        .as_ref()
        .is_some_and(|old| same_apart_from_status(old, &obs))
    {
        return Ok(());
    }
    // The service writes the Observation under its derived id (update-as-create).
    let v = data
        .write("Observation", &id, "PUT", Some(obs), now, Limits::DEFAULT)
        .ok_or_else(|| {
            stage(
                "FhirResourceLimitException",
                alloc::format!(
                    "The FHIR service holds {} resources, hcsim's bound.",
                    Limits::DEFAULT.resources
                ),
                RuleId::FhirStoreLimits,
            )
        })?;
    metrics.saved += 1;
    out.written.push(Written {
        method: "PUT",
        rtype: "Observation".into(),
        id: id.to_string(),
        version: v.number,
    });
    Ok(())
}

/// True when the merged Observation equals the stored one but for `status` and `meta`
/// (the service then writes nothing).
fn same_apart_from_status(old: &Value, new: &Value) -> bool {
    let strip = |v: &Value| {
        let mut v = v.clone();
        if let Some(o) = v.as_object_mut() {
            o.remove("status");
            o.remove("meta");
        }
        v
    };
    strip(old) == strip(new)
}

/// An empty mapping of the kind given, when a connector has none (nothing matches).
pub fn empty_mapping(template_type: &str) -> Value {
    json!({"templateType": template_type, "template": []})
}
