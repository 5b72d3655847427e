//! What goes in and comes out of normalization: the [`DeviceEvent`] as the event hub delivers
//! it, and the [`Measurement`]s the device mapping extracts from it.

use alloc::string::String;
use alloc::vec::Vec;
use serde_json::Value;

use crate::time::Timestamp;

/// One event as the event hub delivers it to MedTech.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceEvent {
    /// The message body (JSON).
    pub body: Value,
    /// The application properties the sender set (a JSON object, or `null`).
    pub properties: Value,
    /// The system properties the event hub or IoT Hub set (`iothub-connection-device-id`,
    /// `iothub-enqueuedtime`, …; a JSON object, or `null`).
    pub system_properties: Value,
    /// When the event hub accepted the event.
    pub enqueued_time: Timestamp,
}

impl DeviceEvent {
    /// An event with only a body (no properties), enqueued at `enqueued_time`.
    pub fn from_body(body: Value, enqueued_time: Timestamp) -> Self {
        DeviceEvent {
            body,
            properties: Value::Null,
            system_properties: Value::Null,
            enqueued_time,
        }
    }
}

/// One normalized measurement (the service's `Measurement`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measurement {
    /// The template's `typeName`.
    pub type_name: String,
    /// When it was measured (the timestamp expression's value, in UTC).
    pub occurrence: Timestamp,
    /// The device's identifier.
    pub device_id: String,
    /// The patient's identifier, when the mapping extracts one.
    pub patient_id: Option<String>,
    /// The encounter's identifier, when the mapping extracts one.
    pub encounter_id: Option<String>,
    /// The correlation id, when the mapping extracts one.
    pub correlation_id: Option<String>,
    /// The values extracted, `(valueName, value)` in the template's order (values that gave
    /// nothing are left out).
    pub properties: Vec<(String, String)>,
}

impl Measurement {
    /// The normalized message as the service shows it (Learn's examples, the mapping
    /// debugger): `type`, `occurrenceTimeUtc` (ISO 8601, fraction without trailing zeros),
    /// `deviceId`, the ids it has, and `properties` as `{name, value}` pairs.
    pub fn to_json(&self) -> Value {
        let mut m = serde_json::Map::new();
        m.insert("type".into(), Value::String(self.type_name.clone()));
        m.insert(
            "occurrenceTimeUtc".into(),
            Value::String(self.occurrence.to_iso()),
        );
        m.insert("deviceId".into(), Value::String(self.device_id.clone()));
        for (key, v) in [
            ("patientId", &self.patient_id),
            ("encounterId", &self.encounter_id),
            ("correlationId", &self.correlation_id),
        ] {
            if let Some(v) = v {
                m.insert(key.into(), Value::String(v.clone()));
            }
        }
        let props = self
            .properties
            .iter()
            .map(|(n, v)| {
                let mut p = serde_json::Map::new();
                p.insert("name".into(), Value::String(n.clone()));
                p.insert("value".into(), Value::String(v.clone()));
                Value::Object(p)
            })
            .collect();
        m.insert("properties".into(), Value::Array(props));
        Value::Object(m)
    }

    /// The value named `name`, if extracted.
    pub fn property(&self, name: &str) -> Option<&str> {
        self.properties
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}
