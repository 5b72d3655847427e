//! An IoT connector's metrics, as the portal's MedTech metrics name them (Number of
//! Incoming Messages, Number of Normalized Messages, Number of Measurements, Number of
//! Message Groups, Number of FHIR resources saved, errors by type).

use alloc::collections::BTreeMap;
use alloc::string::String;
use serde::{Deserialize, Serialize};

/// Counters since the connector was first sent messages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metrics {
    /// Messages that reached the event hub.
    pub received: u64,
    /// Messages normalized without error.
    pub normalized: u64,
    /// Measurements the device mapping produced.
    pub measurements: u64,
    /// Measurement groups formed (one Observation each).
    pub groups: u64,
    /// FHIR resources saved (Observations, and Devices and Patients created).
    pub saved: u64,
    /// Errors by the service's error name (`DeviceNotFoundException` …).
    pub errors: BTreeMap<String, u64>,
}

impl Metrics {
    /// Counts one error named `name`.
    pub fn error(&mut self, name: &str) {
        *self.errors.entry(name.into()).or_default() += 1;
    }
    /// Errors of every kind.
    pub fn total_errors(&self) -> u64 {
        self.errors.values().sum()
    }
}
