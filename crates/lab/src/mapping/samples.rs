//! The mapping debugger's built-ins: Microsoft's documented heart-rate and step-count device
//! mapping and FHIR destination mapping, and one sample message per device type (plus a broken
//! one). The files live in `crates/lab/data/medtech/` with their source and licence.

use serde::Serialize;

/// One built-in device message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Sample {
    /// Short name (`heartrate`), for `sim mapping test --sample NAME` and the front ends' picker.
    pub id: &'static str,
    /// What the message is, for a picker.
    pub title: &'static str,
    /// The message body (JSON text), as a device sends it to the event hub.
    pub message: &'static str,
}

/// The built-in messages, in the order a picker lists them.
pub const SAMPLES: &[Sample] = &[
    Sample {
        id: "heartrate",
        title: "Heart rate (wearable)",
        message: include_str!("../../data/medtech/sample-heartrate.json"),
    },
    Sample {
        id: "stepcount",
        title: "Step count (wearable)",
        message: include_str!("../../data/medtech/sample-stepcount.json"),
    },
    Sample {
        id: "heartrate-no-device",
        title: "Heart rate without a device id (broken)",
        message: include_str!("../../data/medtech/sample-heartrate-no-device.json"),
    },
];

/// The documented device mapping (heart rate and step count, `CalculatedContent`, JSONPath).
pub const DEVICE_MAPPING: &str = include_str!("../../data/medtech/device-mapping.json");

/// The documented FHIR destination mapping (`CodeValueFhir`, `SampledData`, LOINC codes).
pub const FHIR_MAPPING: &str = include_str!("../../data/medtech/fhir-mapping.json");

/// The built-in message named `id`.
pub fn sample(id: &str) -> Option<&'static Sample> {
    SAMPLES.iter().find(|s| s.id.eq_ignore_ascii_case(id))
}
