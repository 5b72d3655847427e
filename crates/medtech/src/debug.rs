//! The mapping debugger's view of one message: both mappings parsed, the message normalized,
//! grouped and transformed, every stage's result kept (an error stops only what depends on it).

use alloc::vec::Vec;
use serde_json::Value;

use crate::error::{MappingError, NormalizeError, TransformError};
use crate::event::DeviceEvent;
use crate::group::{MeasurementGroup, group};
use crate::limits::Limits;
use crate::mapping::device::DeviceMapping;
use crate::mapping::fhir::FhirMapping;
use crate::normalize::{Normalized, normalize};
use crate::transform::{ObservationRefs, transform};

/// Everything the mapping debugger shows for one message.
#[derive(Debug, Clone, PartialEq)]
pub struct DebugReport {
    /// Why the device mapping cannot be used, if it cannot.
    pub device_mapping_error: Option<MappingError>,
    /// Why the FHIR destination mapping cannot be used, if it cannot.
    pub fhir_mapping_error: Option<MappingError>,
    /// Normalization's result (`None` when the device mapping did not parse).
    pub normalized: Option<Result<Normalized, NormalizeError>>,
    /// The groups of the measurements (empty when the FHIR mapping did not parse).
    pub groups: Vec<MeasurementGroup>,
    /// One Observation (or why not) per group, in the groups' order, each built as if no
    /// Observation were stored yet.
    pub observations: Vec<Result<Value, TransformError>>,
}

/// Parses both mappings and runs `event` through every stage with the default [`Limits`].
pub fn debug(
    device_mapping: &Value,
    fhir_mapping: &Value,
    event: &DeviceEvent,
    refs: &ObservationRefs,
) -> DebugReport {
    let device = DeviceMapping::parse(device_mapping);
    let fhir = FhirMapping::parse(fhir_mapping);
    let normalized = device
        .as_ref()
        .ok()
        .map(|d| normalize(d, event, &Limits::default()));
    let (groups, observations) = match (&normalized, &fhir) {
        (Some(Ok(n)), Ok(f)) => {
            let groups = group(&n.measurements, f);
            let observations = groups.iter().map(|g| transform(g, f, refs, None)).collect();
            (groups, observations)
        }
        _ => (Vec::new(), Vec::new()),
    };
    DebugReport {
        device_mapping_error: device.err(),
        fhir_mapping_error: fhir.err(),
        normalized,
        groups,
        observations,
    }
}
