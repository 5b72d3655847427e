//! The lines that save mappings edited in the debugger, as a trainee would type them (the
//! portal's debugger has a Save button; here saving is a command in the history).
//!
//! The real `az healthcareapis workspace iot-connector update` is a PATCH of tags and identity
//! only (azure-cli-extensions `healthcareapis` `_params.py`): a device mapping is saved by
//! `iot-connector create` again — a PUT of the whole connector — so its ingestion settings,
//! region and identity type go with it. A FHIR destination has no PATCH at all: `fhir-destination
//! create` saves it.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::Value;

use hcsim_core::id::ArmPath;

use super::quote::CommandLine;
use crate::mapping::debug::Mappings;

/// (group, workspace, connector, subscription when not `current`) of a connector id.
fn connector_parts(current: &str, id: &str) -> Option<(String, String, String, Option<String>)> {
    let path = ArmPath::parse(id).ok()?;
    let sub = path.subscription().to_string();
    let group = path.resource_group()?.to_string();
    let names: Vec<&str> = path.segments.iter().map(|s| s.name.as_str()).collect();
    // subscription, group, workspace, connector
    let workspace = (*names.get(2)?).to_string();
    let connector = (*names.get(3)?).to_string();
    let other = (!sub.eq_ignore_ascii_case(current)).then_some(sub);
    Some((group, workspace, connector, other))
}

/// `-c` items in the extension's `KEY=VALUE` form, from `ingestionEndpointConfiguration`.
fn ingestion_items(ingestion: &Value) -> Vec<String> {
    [
        ("event-hub-name", "eventHubName"),
        ("consumer-group", "consumerGroup"),
        (
            "fully-qualified-event-hub-namespace",
            "fullyQualifiedEventHubNamespace",
        ),
    ]
    .iter()
    .filter_map(|(key, prop)| {
        ingestion[*prop]
            .as_str()
            .map(|v| alloc::format!("{key}={v}"))
    })
    .collect()
}

/// The line saving `device` (`current`: the current subscription, which az needs not be told) as the connector's device mapping (None without a connector).
pub fn save_device_mapping(current: &str, m: &Mappings, device: &Value) -> Option<String> {
    let (group, workspace, connector, sub) = connector_parts(current, m.connector.as_deref()?)?;
    let items = ingestion_items(&m.ingestion);
    let mut line = CommandLine::new("az healthcareapis workspace iot-connector create")
        .opt("--name", &connector)
        .opt("--workspace-name", &workspace)
        .opt("--resource-group", &group)
        .opt_some("--location", m.location.as_deref())
        .opt_some("--identity-type", m.identity_type.as_deref());
    if !items.is_empty() {
        line = line.opt_list("-c", items.iter().map(String::as_str));
    }
    let line = line
        .opt(
            "--content",
            &serde_json::to_string(device).unwrap_or_default(),
        )
        .opt_some("--subscription", sub.as_deref());
    Some(line.into_string())
}

/// The line saving `fhir` as the FHIR destination's mapping (None without a destination).
pub fn save_fhir_mapping(current: &str, m: &Mappings, fhir: &Value) -> Option<String> {
    let dest = ArmPath::parse(m.destination.as_deref()?).ok()?;
    let (group, workspace, connector, sub) = connector_parts(current, m.connector.as_deref()?)?;
    let line =
        CommandLine::new("az healthcareapis workspace iot-connector fhir-destination create")
            .opt("--fhir-destination-name", dest.name())
            .opt("--iot-connector-name", &connector)
            .opt("--workspace-name", &workspace)
            .opt("--resource-group", &group)
            .opt_some("--location", m.location.as_deref())
            .opt("--resource-identity-resolution-type", &m.resolution)
            .opt("--fhir-service-resource-id", m.fhir_service.as_deref()?)
            .opt(
                "--content",
                &serde_json::to_string(fhir).unwrap_or_default(),
            )
            .opt_some("--subscription", sub.as_deref());
    Some(line.into_string())
}

/// The line saving what changed: `device` and `fhir` compared with the stored mappings in `m`
/// (the portal's debugger saves only the mappings that changed, too); None when nothing did.
pub fn save_changed(current: &str, m: &Mappings, device: &Value, fhir: &Value) -> Option<String> {
    let mut lines = Vec::new();
    if *device != m.device {
        lines.push(save_device_mapping(current, m, device)?);
    }
    if *fhir != m.fhir {
        lines.push(save_fhir_mapping(current, m, fhir)?);
    }
    (!lines.is_empty()).then(|| lines.join("; "))
}
