//! What a details pane says of a service's data plane: a FHIR service's stored resources by
//! type (what MedTech and `sim fhir` wrote), a MedTech service's metrics (messages received,
//! normalized, Observations saved, errors by the service's name, what waits and why). Read
//! from the core's data (`World::fhir_data`, `World::connector_metrics`); nothing is decided
//! here.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use hcsim_core::World;

/// `(label, value)` rows for the resource `id`: empty when it has no data plane to speak of.
pub fn facts(world: &World, id: &str) -> Vec<(String, String)> {
    // Without the data plane (the browser's start module) no service holds data and no
    // connector was sent messages, so there is nothing to say.
    #[cfg(not(feature = "full"))]
    if true {
        let _ = (world, id);
        return Vec::new();
    }
    let mut out = Vec::new();
    if let Some(data) = world.fhir_data(id) {
        let mut by_type: BTreeMap<String, usize> = BTreeMap::new();
        for r in data.live(None) {
            let t = r["resourceType"].as_str().unwrap_or("?");
            *by_type.entry(String::from(t)).or_default() += 1;
        }
        let text = if by_type.is_empty() {
            String::from("no resources")
        } else {
            let parts: Vec<String> = by_type
                .iter()
                .map(|(t, n)| alloc::format!("{n} {t}"))
                .collect();
            parts.join(", ")
        };
        out.push((String::from("FHIR data"), text));
    }
    if let Some(m) = world.connector_metrics(id) {
        let c = &m.metrics;
        out.push((
            String::from("Device messages"),
            alloc::format!(
                "{} received, {} normalized, {} measurements, {} groups, {} FHIR resources saved",
                c.received,
                c.normalized,
                c.measurements,
                c.groups,
                c.saved
            ),
        ));
        if !c.errors.is_empty() {
            let parts: Vec<String> = c
                .errors
                .iter()
                .map(|(name, n)| alloc::format!("{n} {name}"))
                .collect();
            out.push((String::from("Errors"), parts.join(", ")));
        }
        if m.waiting > 0 {
            let why = m
                .waiting_for
                .as_deref()
                .unwrap_or("processed on the next tick");
            out.push((
                String::from("Waiting"),
                alloc::format!("{} message(s): {why}", m.waiting),
            ));
        }
    }
    out
}
