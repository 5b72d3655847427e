//! The API versions hcsim speaks and shows, one table for every crate.
//!
//! `Microsoft.HealthcareApis` follows 2024-03-31, the newest stable version
//! (`reference/azure-facts.md` §1). The other namespaces use a stable version of their own RP
//! that the real az CLI and the quickstart templates send.

/// The `Microsoft.HealthcareApis` version whose field names the simulator follows.
pub const HEALTHCARE: &str = "2024-03-31";
/// The version used for any namespace the table does not name (Microsoft.Resources).
pub const FALLBACK: &str = "2021-04-01";

/// `(lower-cased type prefix, api-version)`, first match wins.
const TABLE: &[(&str, &str)] = &[
    ("microsoft.healthcareapis/", HEALTHCARE),
    ("microsoft.authorization/roleassignments", "2022-04-01"),
    ("microsoft.authorization/roledefinitions", "2022-04-01"),
    ("microsoft.authorization/locks", "2020-05-01"),
    ("microsoft.keyvault/", "2023-07-01"),
    ("microsoft.network/", "2023-09-01"),
    ("microsoft.eventhub/", "2024-01-01"),
    ("microsoft.managedidentity/", "2023-01-31"),
    ("microsoft.storage/", "2023-05-01"),
    ("microsoft.resources/deployments", "2022-09-01"),
];

/// The API version hcsim uses and shows for an ARM type (case-insensitive).
pub fn version_for(type_name: &str) -> &'static str {
    TABLE
        .iter()
        .find(|(prefix, _)| {
            type_name.len() >= prefix.len()
                && type_name.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
        })
        .map(|(_, v)| *v)
        .unwrap_or(FALLBACK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_by_namespace() {
        assert_eq!(
            version_for("Microsoft.HealthcareApis/workspaces/fhirservices"),
            "2024-03-31"
        );
        assert_eq!(
            version_for("microsoft.authorization/ROLEASSIGNMENTS"),
            "2022-04-01"
        );
        assert_eq!(version_for("Microsoft.Resources/resourceGroups"), FALLBACK);
        assert_eq!(version_for(""), FALLBACK);
    }
}
