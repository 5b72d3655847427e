//! What a details pane says of a service's data plane: a FHIR service's stored resources by
//! type (what MedTech and `sim fhir` wrote). Read from the core's data (`World::fhir_data`);
//! nothing is decided here.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use hcsim_core::World;

/// `(label, value)` rows for the resource `id`: empty when it has no data plane to speak of.
pub fn facts(world: &World, id: &str) -> Vec<(String, String)> {
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
    out
}
