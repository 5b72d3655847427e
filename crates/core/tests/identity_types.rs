//! Managed identity types are parsed without regard to case, as the service parses its enums:
//! Microsoft's customer-managed-key template for the FHIR service sends `"type": "userAssigned"`
//! (learn.microsoft.com/azure/healthcare-apis/fhir/configure-customer-managed-keys). hcsim stores
//! the spec's spelling, so what a learner reads back is what Azure shows.

mod common;
use common::*;
use serde_json::json;

#[test]
fn a_lower_case_identity_type_is_accepted_and_stored_in_the_spec_spelling() {
    let mut w = instant_world();
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let id = fhir("rg1", "ws1", "fhir1");
    let r = put_wait(
        &mut w,
        &id,
        json!({"kind": "fhir-R4", "location": "eastus", "identity": {"type": "systemAssigned"}}),
    );
    ok(&r);
    let body = get(&mut w, &id).body;
    assert_eq!(body["identity"]["type"], "SystemAssigned", "{body}");
    assert!(
        body["identity"]["principalId"].is_string(),
        "the system-assigned identity exists: {body}"
    );
}

#[test]
fn a_patch_identity_type_is_canonical_too_and_nonsense_is_still_refused() {
    let mut w = instant_world();
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let id = fhir("rg1", "ws1", "fhir1");
    ok(&put_wait(
        &mut w,
        &id,
        json!({"kind": "fhir-R4", "location": "eastus"}),
    ));
    ok(&patch(
        &mut w,
        &id,
        json!({"identity": {"type": "SYSTEMASSIGNED"}}),
    ));
    let body = get(&mut w, &id).body;
    assert_eq!(body["identity"]["type"], "SystemAssigned", "{body}");
    let r = patch(&mut w, &id, json!({"identity": {"type": "Sometimes"}}));
    assert_eq!(r.status, 400, "{:?}", r.body);
    assert_eq!(
        r.error.as_ref().map(|e| e.code.as_str()),
        Some("InvalidIdentityType")
    );
}
