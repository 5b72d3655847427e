//! FHIR transformation: one group of measurements to the R4 Observation the service writes,
//! merged into the stored one with the same identifier.

use alloc::string::String;
use serde_json::Value;

use crate::error::{TransformError, TransformErrorKind};
use crate::group::MeasurementGroup;
use crate::mapping::fhir::FhirMapping;

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

/// The identifier by which the service finds "the same" Observation: (system, value).
pub fn observation_identifier(group: &MeasurementGroup) -> (String, String) {
    let _ = group;
    (String::new(), String::new())
}

/// The Observation to write; `existing` is the stored one with the same identifier.
pub fn transform(
    group: &MeasurementGroup,
    mapping: &FhirMapping,
    refs: &ObservationRefs,
    existing: Option<&Value>,
) -> Result<Value, TransformError> {
    let _ = (group, mapping, refs, existing);
    Err(TransformError {
        kind: TransformErrorKind::TemplateNotFound,
        message: String::from("not implemented yet"),
    })
}
