//! hcsim-medtech: the MedTech mapping engine. A device message is normalized with the
//! connector's device mapping into measurements, the measurements are grouped by device,
//! type and period window, and each group becomes the FHIR R4 Observation the service writes
//! with its FHIR destination mapping — as Microsoft's service (open-sourced as
//! `microsoft/iomt-fhir`) does it.
//!
//! Pure and deterministic: no I/O, no clock; every cost is bounded by [`Limits`] and every
//! failure is an error value naming the service's exception. Times are integers (100-ns
//! ticks); floating point appears only where the service itself works on JSON numbers as
//! doubles (filter comparisons, the custom arithmetic functions), with IEEE-754's
//! deterministic results.
//!
//! Modules in reading order (each uses only modules above it): `time` ([`Timestamp`]),
//! `limits` ([`Limits`]), `trace` (what the debugger shows per template and expression),
//! `error` (the error types), `jsonpath` (JSONPath as Newtonsoft evaluates it), `event`
//! ([`DeviceEvent`], [`Measurement`]), `functions` (the service's custom JMESPath
//! functions), `expr` (an expression compiled and evaluated as the service does), `mapping`
//! (the two mappings parsed), `normalize`, `group`, `sha256` (the Observation id's digest),
//! `transform` (create and merge the Observation), `debug`.
//!
//! A pipeline runs, per message: [`DeviceMapping::parse`] and [`FhirMapping::parse`] once
//! (their errors are what a PUT of the mapping answers), [`normalize`], [`group`], then for
//! each group the stored Observation with [`observation_identifier_for`]'s identifier and
//! [`transform_at`] (create or merge). [`debug`] does it all for one message, keeping each
//! stage's result for the mapping debugger.
//!
//! ```
//! use hcsim_medtech::*;
//! use serde_json::json;
//!
//! let device = DeviceMapping::parse(&json!({"templateType": "CollectionContent", "template": [{
//!     "templateType": "CalculatedContent", "template": {"typeName": "heartrate",
//!         "typeMatchExpression": "$..[?(@heartRate)]",
//!         "deviceIdExpression": "$.matchedToken.deviceId",
//!         "timestampExpression": "$.matchedToken.endDate",
//!         "values": [{"required": true, "valueExpression": "$.matchedToken.heartRate", "valueName": "hr"}]}}]}))
//! .unwrap();
//! let fhir = FhirMapping::parse(&json!({"templateType": "CollectionFhir", "template": [{
//!     "templateType": "CodeValueFhir", "template": {"typeName": "heartrate",
//!         "codes": [{"code": "8867-4", "system": "http://loinc.org"}],
//!         "value": {"valueType": "Quantity", "valueName": "hr", "unit": "count/min"}}}]}))
//! .unwrap();
//! let body = json!({"heartRate": "78", "endDate": "2023-03-13T22:46:01.875Z", "deviceId": "device01"});
//! let event = DeviceEvent::from_body(body, Timestamp::parse_iso("2023-03-13T22:46:02Z").unwrap());
//! let n = normalize(&device, &event, &Limits::default()).unwrap();
//! let refs = ObservationRefs { patient: "Patient/p1".into(), device: "Device/d1".into(), encounter: None };
//! for g in group(&n.measurements, &fhir) {
//!     let (system, value) = observation_identifier_for(&g, &refs);
//!     assert_eq!(value, "p1.d1.heartrate.20230313224601Z.20230313224601Z");
//!     let obs = transform(&g, &fhir, &refs, None).unwrap();
//!     assert_eq!(obs["valueQuantity"]["value"], json!(78));
//!     assert_eq!(obs["identifier"][0]["system"], json!(system));
//! }
//! ```
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
    MAX_SAMPLES, ObservationRefs, SERVICE_SYSTEM, is_unchanged, observation_id,
    observation_identifier, observation_identifier_for, transform, transform_at,
};
