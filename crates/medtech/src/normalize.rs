//! Normalization: a device mapping applied to one device event, as the service's content
//! templates run (each token the type-match expression finds yields one measurement).

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{NormalizeError, NormalizeErrorKind};
use crate::event::{DeviceEvent, Measurement};
use crate::limits::Limits;
use crate::mapping::device::DeviceMapping;
use crate::trace::TemplateTrace;

/// What normalization produced, with a trace per template for the mapping debugger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The measurements, in template order then match order.
    pub measurements: Vec<Measurement>,
    /// One trace per template of the mapping.
    pub templates: Vec<TemplateTrace>,
}

/// Applies `mapping` to `event` within `limits`.
pub fn normalize(
    mapping: &DeviceMapping,
    event: &DeviceEvent,
    limits: &Limits,
) -> Result<Normalized, NormalizeError> {
    let _ = (mapping, event, limits);
    Err(NormalizeError {
        kind: NormalizeErrorKind::InvalidMessage,
        template: None,
        expression: None,
        message: String::from("not implemented yet"),
        trace: Vec::new(),
    })
}
