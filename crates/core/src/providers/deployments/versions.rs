//! Rule `api-version-supported`: every template resource's `apiVersion` must be one its
//! resource provider serves, or ARM refuses the deployment before it starts (400
//! `NoRegisteredProviderFound`).
//!
//! `Microsoft.HealthcareApis` versions: the spec folder's readme (azure-rest-api-specs
//! `specification/healthcareapis/resource-manager/readme.md`, MIT), as listed in
//! `reference/azure-facts.md` §1; workspaces and their children exist from 2021-06-01-preview
//! on, the legacy `services` type in every version. 2023-06-01-preview is accepted because
//! Microsoft's documentation templates use it. Other namespaces: hcsim does not know their
//! lists and accepts any well-formed version (`YYYY-MM-DD`, optionally `-preview` or another
//! lower-case suffix) from 2014 on — an assumption the rule text states.

use alloc::string::String;
use alloc::vec::Vec;

#[cfg(feature = "deployments")]
use hcsim_template::Plan;

use crate::error::ArmError;
use crate::id::shorten;
use crate::rules::RuleId;

/// Every published `Microsoft.HealthcareApis` version, oldest first.
const HEALTHCARE_ALL: &[&str] = &[
    "2018-08-20-preview",
    "2019-09-16",
    "2020-03-15",
    "2020-03-30",
    "2021-01-11",
    "2021-06-01-preview",
    "2021-11-01",
    "2022-01-31-preview",
    "2022-05-15",
    "2022-06-01",
    "2022-10-01-preview",
    "2022-12-01",
    "2023-02-28",
    "2023-06-01-preview",
    "2023-09-06",
    "2023-11-01",
    "2023-12-01",
    "2024-03-01",
    "2024-03-31",
    "2025-03-01-preview",
    "2025-04-01-preview",
    "2025-10-01-preview",
];

/// The first version that has workspaces (and FHIR/DICOM/IoT children).
const FIRST_WITH_WORKSPACES: &str = "2021-06-01-preview";

/// The versions `Microsoft.HealthcareApis` serves for `resource_type` (lower-cased), oldest
/// first (also what `az provider show` lists).
pub fn healthcare_versions(resource_type: &str) -> Vec<&'static str> {
    let workspaces = resource_type.starts_with("microsoft.healthcareapis/workspaces");
    HEALTHCARE_ALL
        .iter()
        .copied()
        // Dates compare as text; the suffix orders "-preview" after the bare date.
        .filter(|v| !workspaces || *v >= FIRST_WITH_WORKSPACES)
        .collect()
}

/// A well-formed API version: `YYYY-MM-DD` (year ≥ 2014), optionally `-suffix` in lower case.
fn well_formed(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() < 10 {
        return false;
    }
    let digits = |r: core::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let date = digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10);
    let year_ok = &v[..4] >= "2014";
    let month_ok = ("01"..="12").contains(&&v[5..7]);
    let day_ok = ("01"..="31").contains(&&v[8..10]);
    let suffix = &v[10..];
    let suffix_ok = suffix.is_empty()
        || (suffix.len() > 1
            && suffix.starts_with('-')
            && suffix[1..]
                .bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
    date && year_ok && month_ok && day_ok && suffix_ok
}

/// Checks one resource type's `apiVersion`; `location` names the region in the message.
#[cfg_attr(not(feature = "deployments"), allow(dead_code))]
pub(crate) fn check_api_version(
    resource_type: &str,
    api_version: &str,
    location: &str,
) -> Result<(), ArmError> {
    let lower = resource_type.to_ascii_lowercase();
    let (ok, supported) = if lower.starts_with("microsoft.healthcareapis/") {
        let list = healthcare_versions(&lower);
        (list.contains(&api_version), list.join(", "))
    } else {
        (well_formed(api_version), String::new())
    };
    if ok {
        return Ok(());
    }
    // ARM names the type without its namespace: 'workspaces/fhirservices'.
    let short = resource_type
        .split_once('/')
        .map_or(resource_type, |(_, t)| t);
    let mut message = alloc::format!(
        "No registered resource provider found for location '{location}' and API version '{}' for type '{}'.",
        shorten(api_version),
        shorten(short)
    );
    if supported.is_empty() {
        message.push_str(" hcsim accepts an api-version of the form YYYY-MM-DD or YYYY-MM-DD-preview for this namespace (it does not know the provider's list).");
    } else {
        message.push_str(&alloc::format!(
            " The supported api-versions are '{supported}'."
        ));
    }
    Err(ArmError::new(
        400,
        "NoRegisteredProviderFound",
        message,
        RuleId::ApiVersionSupported,
    ))
}

/// Rule `api-version-supported` over every resource of a plan.
#[cfg(feature = "deployments")]
pub(crate) fn check_api_versions(plan: &Plan, location: &str) -> Result<(), ArmError> {
    for r in plan.resources() {
        check_api_version(&r.resource_type, &r.api_version, location).map_err(|e| e.at(&r.path))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn healthcare_lists_and_other_namespaces() {
        let ws = "Microsoft.HealthcareApis/workspaces";
        assert!(check_api_version(ws, "2024-03-31", "eastus").is_ok());
        assert!(check_api_version(ws, "2023-06-01-preview", "eastus").is_ok());
        // Workspaces did not exist yet in 2020.
        let e = check_api_version(ws, "2020-03-30", "eastus").unwrap_err();
        assert_eq!(
            (e.status, e.code.as_str()),
            (400, "NoRegisteredProviderFound")
        );
        assert!(e.message.contains("for type 'workspaces'"));
        assert!(check_api_version("Microsoft.HealthcareApis/services", "2020-03-30", "x").is_ok());
        assert!(check_api_version("Microsoft.Storage/storageAccounts", "2023-05-01", "x").is_ok());
        assert!(check_api_version("Microsoft.Foo/bars", "2021-04-01-preview", "x").is_ok());
        for bad in [
            "1",
            "2024-13-01",
            "2010-01-01",
            "2024-03-31-",
            "2024-03-31-Preview",
            "",
        ] {
            assert!(
                check_api_version("Microsoft.Foo/bars", bad, "x").is_err(),
                "{bad}"
            );
        }
    }
}
