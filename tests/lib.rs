//! Cross-crate tests of hcsim live beside this file (`determinism.rs` …); this library only
//! holds what they share.

pub mod fuzzing;
pub mod soak;

use hcsim_core::{Config, Timing};
use hcsim_lab::Lab;

/// A lab in realistic timing with `seed`.
pub fn realistic_lab(seed: u64) -> Lab {
    let mut c = Config::new(seed);
    c.timing = Timing::Realistic;
    Lab::new(c)
}

/// A session a trainee might type: groups, a workspace, services, a fault, probes, a delete.
pub const SESSION: &[&str] = &[
    "az group create -n rg1 -l eastus",
    "az healthcareapis workspace create -n ws1 -g rg1",
    "az healthcareapis workspace fhir-service create -n fhir1 --workspace-name ws1 -g rg1",
    "az healthcareapis workspace dicom-service create -n dicom1 --workspace-name ws1 -g rg1 --no-wait",
    "sim fault add provisioning-failure --probability 50 --for 1h",
    "az healthcareapis workspace iot-connector create -n iot1 --workspace-name ws1 -g rg1",
    "sim advance 30m",
    "sim probe /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1/fhirservices/fhir1",
    "az healthcareapis workspace delete -n ws1 -g rg1 --yes",
    "az group delete -n rg1 --yes",
];
