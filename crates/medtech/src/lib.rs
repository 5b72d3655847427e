//! hcsim-medtech: the MedTech mapping engine. A device message is normalized with the
//! connector's device mapping into measurements, the measurements are grouped by device,
//! type and period window, and each group becomes the FHIR R4 Observation the service writes
//! with its FHIR destination mapping — as Microsoft's service (open-sourced as
//! `microsoft/iomt-fhir`) does it.
//!
//! Pure and deterministic: no I/O, no clock, no floats in decisions; every cost is bounded by
//! [`Limits`] and every failure is an error value naming the service's exception.
//!
//! Modules in reading order (each uses only modules above it): `time` ([`Timestamp`]),
//! `limits` ([`Limits`]), `trace` (what the debugger shows per template and expression),
//! `error` (the error types), `jsonpath` (JSONPath as Newtonsoft evaluates it), `event` ([`DeviceEvent`], [`Measurement`]), `functions` (the service's custom JMESPath functions), `expr` (an expression compiled and evaluated as the service does), `mapping` (the two
//! mappings parsed), `normalize`, `group`, `sha256` (the Observation id's digest), `transform` (create and merge the Observation), `debug`.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

mod debug;
mod error;
mod event;
mod expr;
mod functions;
mod group;
pub mod jsonpath;
mod limits;
pub mod mapping;
mod normalize;
mod sha256;
mod time;
mod trace;
pub mod transform;

pub use debug::{DebugReport, debug};
pub use error::{
    MappingError, NormalizeError, NormalizeErrorKind, TransformError, TransformErrorKind,
};
pub use event::{DeviceEvent, Measurement};
pub use group::{MeasurementGroup, group};
pub use limits::Limits;
pub use mapping::device::DeviceMapping;
pub use mapping::fhir::FhirMapping;
pub use normalize::{Normalized, TRACED_MATCHES, event_token, normalize, normalize_token};
/// JSON values, as mappings, messages and Observations are held.
pub use serde_json::Value;
pub use time::Timestamp;
pub use trace::{ExpressionTrace, Language, TemplateTrace};
pub use transform::{
    MAX_SAMPLES, ObservationRefs, SERVICE_SYSTEM, observation_id, observation_identifier,
    observation_identifier_for, transform, transform_at,
};
