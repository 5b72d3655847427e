//! Azure regions: the ones that exist, and the ones where the service is offered.

/// Every public Azure region name the simulator knows (resource groups may use any of them).
pub const ALL_REGIONS: &[&str] = &[
    "australiacentral",
    "australiaeast",
    "australiasoutheast",
    "brazilsouth",
    "brazilsoutheast",
    "canadacentral",
    "canadaeast",
    "centralindia",
    "centralus",
    "eastasia",
    "eastus",
    "eastus2",
    "francecentral",
    "francesouth",
    "germanynorth",
    "germanywestcentral",
    "israelcentral",
    "italynorth",
    "japaneast",
    "japanwest",
    "koreacentral",
    "koreasouth",
    "mexicocentral",
    "newzealandnorth",
    "northcentralus",
    "northeurope",
    "norwayeast",
    "norwaywest",
    "polandcentral",
    "qatarcentral",
    "southafricanorth",
    "southafricawest",
    "southcentralus",
    "southeastasia",
    "southindia",
    "spaincentral",
    "swedencentral",
    "switzerlandnorth",
    "switzerlandwest",
    "uaecentral",
    "uaenorth",
    "uksouth",
    "ukwest",
    "westcentralus",
    "westeurope",
    "westindia",
    "westus",
    "westus2",
    "westus3",
];

/// Regions where Azure Health Data Services (workspaces, FHIR, DICOM) is offered in hcsim.
/// Built from the regions of the quickstart templates and the service's documentation.
pub const HEALTHCARE_REGIONS: &[&str] = &[
    "australiaeast",
    "brazilsouth",
    "canadacentral",
    "centralindia",
    "centralus",
    "eastus",
    "eastus2",
    "francecentral",
    "germanywestcentral",
    "japaneast",
    "koreacentral",
    "northcentralus",
    "northeurope",
    "qatarcentral",
    "southafricanorth",
    "southcentralus",
    "southeastasia",
    "swedencentral",
    "switzerlandnorth",
    "uaenorth",
    "uksouth",
    "ukwest",
    "westcentralus",
    "westeurope",
    "westus",
    "westus2",
    "westus3",
];

/// Regions MedTech (IoT connectors) was removed from on 26 Feb 2025.
pub const MEDTECH_EXCLUDED: &[&str] = &["ukwest", "uaenorth", "southafricanorth", "qatarcentral"];

/// Normalizes a location as ARM does: lower case, spaces removed (`West US 2` → `westus2`).
pub fn normalize(location: &str) -> alloc::string::String {
    // Nearly every request spells its location as ARM shows it (`eastus`): lower-case ASCII
    // letters and digits are copied as they are, without the per-character rebuild below.
    if location
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return location.into();
    }
    location
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// True if `region` (normalized) is a known Azure region.
pub fn exists(region: &str) -> bool {
    ALL_REGIONS.contains(&region)
}

/// True if the HealthcareApis type `kind_is_medtech` may be created in `region`.
pub fn offers_healthcare(region: &str, medtech: bool) -> bool {
    HEALTHCARE_REGIONS.contains(&region) && !(medtech && MEDTECH_EXCLUDED.contains(&region))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_display_names() {
        assert_eq!(normalize("West US 2"), "westus2");
        assert!(exists("westus2"));
        assert!(offers_healthcare("eastus", true));
        assert!(offers_healthcare("ukwest", false));
        assert!(!offers_healthcare("ukwest", true));
        assert!(!offers_healthcare("eastasia", false));
        assert!(HEALTHCARE_REGIONS.iter().all(|r| exists(r)));
    }

    /// The copy taken for an already normal spelling gives what the character-by-character
    /// rule gives, for normal, display, odd and non-ASCII spellings alike.
    #[test]
    fn a_normal_spelling_is_copied_as_the_rule_would_write_it() {
        let rule = |l: &str| -> alloc::string::String {
            l.chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(|c| c.to_lowercase())
                .collect()
        };
        for l in ALL_REGIONS.iter().copied().chain([
            "",
            "global",
            "West US 2",
            "EASTUS",
            "east us",
            " eastus\t",
            "east-us",
            "eastus_2",
            "İstanbul",
            "ÉASTUS",
            "east\u{a0}us",
        ]) {
            assert_eq!(normalize(l), rule(l), "{l:?}");
        }
    }
}
