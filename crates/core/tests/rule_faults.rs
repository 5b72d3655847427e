//! Faults on both planes: region-outage and zone-down (rule service-availability),
//! key-vault-deny (cmk-access-required), provisioning-failure, throttle (rule throttling),
//! slow-provisioning.

mod common;
use common::*;
use hcsim_core::*;
use serde_json::json;

fn region_fault(kind: FaultKind, region: &str, minutes: u64) -> FaultSpec {
    FaultSpec {
        region: Some(region.into()),
        duration: Some(Millis::mins(minutes)),
        ..FaultSpec::new(kind)
    }
}

/// How long the operation started by a PUT of a new FHIR service takes.
fn fhir_create_duration(w: &mut World, rg_name: &str, ws_name: &str, name: &str) -> Millis {
    let r = put(w, &fhir(rg_name, ws_name, name), json!({}));
    assert_eq!(r.status, 201, "{:?}", r.error);
    let op = w.operation(r.operation.unwrap()).unwrap().clone();
    wait(w, &r);
    op.due - op.started
}

#[test]
fn region_outage_fails_writes_operations_and_probes_then_heals() {
    let mut w = world();
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let f = add_fhir(&mut w, "rg1", "ws1", "fhir1");
    assert_eq!(probe(&mut w, &f, Network::Public).status, 200);
    // A DICOM service is provisioning when the region goes down.
    let d = dicom("rg1", "ws1", "dicom1");
    let running = put(&mut w, &d, json!({}));
    assert_eq!(running.status, 201);
    let since = mark(&w);
    add_fault(&mut w, region_fault(FaultKind::RegionOutage, "eastus", 10));
    assert!(events_since(&w, since).iter().any(|e| matches!(e,
        EventKind::FaultStarted { kind, .. } if kind == "region-outage")));
    rejected(
        &mut w,
        Request::put(ws("rg1", "ws2"), json!({"location": "eastus"})),
        503,
        "ServiceUnavailable",
        RuleId::ServiceAvailability,
    );
    let p = probe(&mut w, &f, Network::Public);
    assert_eq!(
        (p.status, p.rule),
        (503, Some(RuleId::ServiceAvailability)),
        "{}",
        p.reason
    );
    // Other regions go on.
    create(&mut w, &ws("rg1", "ws3"), json!({"location": "westus2"}));
    // The running operation fails.
    wait(&mut w, &running);
    let op = w.operation(running.operation.unwrap()).unwrap();
    assert_eq!(op.status, hcsim_core::world::OpStatus::Failed);
    assert_eq!(op.error.as_ref().unwrap().code, "ServiceUnavailable");
    assert_eq!(state(&w, &d), ProvisioningState::Failed);
    assert!(w.events().iter().any(|e| matches!(&e.kind,
        EventKind::OperationFailed { id, .. } if id == &d)));
    // After --for 10m the region heals: probes answer and writes pass.
    let since = mark(&w);
    advance(&mut w, Millis::mins(10));
    assert!(events_since(&w, since).iter().any(|e| matches!(e,
        EventKind::FaultHealed { kind, .. } if kind == "region-outage")));
    assert_eq!(w.faults().count(), 0);
    let p = probe(&mut w, &f, Network::Public);
    assert_eq!(p.status, 200, "{}", p.reason);
    create(&mut w, &ws("rg1", "ws2"), json!({"location": "eastus"}));
    // The failed service is repaired by PUTting it again.
    create(&mut w, &d, json!({}));
}

#[test]
fn zone_down_keeps_serving_but_provisions_slower() {
    let mut w = world();
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let normal = fhir_create_duration(&mut w, "rg1", "ws1", "fhir1");
    add_fault(
        &mut w,
        FaultSpec {
            zone: Some(2),
            ..region_fault(FaultKind::ZoneDown, "eastus", 120)
        },
    );
    let p = probe(&mut w, &fhir("rg1", "ws1", "fhir1"), Network::Public);
    assert_eq!(p.status, 200);
    assert!(p.reason.contains("zone-redundant"), "{}", p.reason);
    let slow = fhir_create_duration(&mut w, "rg1", "ws1", "fhir2");
    assert!(slow > normal, "zone down: {slow} vs {normal}");
    assert!(slow.0 >= Millis::mins(9).0, "twice the ~6 minutes: {slow}");
    // Another region is not slowed.
    setup_workspace(&mut w, "rg1", "ws2", "westus2");
    let other = fhir_create_duration(&mut w, "rg1", "ws2", "fhir3");
    assert!(other.0 <= Millis::mins(8).0, "{other}");
}

#[test]
fn slow_provisioning_takes_longer() {
    let mut w = world();
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let normal = fhir_create_duration(&mut w, "rg1", "ws1", "fhir1");
    add_fault(
        &mut w,
        FaultSpec {
            duration: Some(Millis::hours(2)),
            ..fault(FaultKind::SlowProvisioning)
        },
    );
    let slow = fhir_create_duration(&mut w, "rg1", "ws1", "fhir2");
    assert!(
        slow.0 >= normal.0 * 3,
        "five times slower: {slow} vs {normal}"
    );
    w.apply(&Input::ClearFault { fault: None });
    let again = fhir_create_duration(&mut w, "rg1", "ws1", "fhir3");
    assert!(again.0 * 3 <= slow.0, "back to normal: {again}");
}

#[test]
fn key_vault_deny_gives_500_until_the_fault_ends_or_is_cleared() {
    let mut w = world();
    let ws_id = setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let f = add_fhir(&mut w, "rg1", "ws1", "fhir1");
    let d = add_dicom(&mut w, "rg1", "ws1", "dicom1");
    let url = setup_key(&mut w, "rg1", "kv1", "key1");
    ok(&set_workspace_key(&mut w, &ws_id, &url));
    add_fault(
        &mut w,
        FaultSpec {
            target: Some(vault("rg1", "kv1")),
            duration: Some(Millis::mins(5)),
            ..fault(FaultKind::KeyVaultDeny)
        },
    );
    for id in [&f, &d] {
        let p = probe(&mut w, id, Network::Public);
        assert_eq!(
            (p.status, p.rule),
            (500, Some(RuleId::CmkAccessRequired)),
            "{id}"
        );
        assert!(p.reason.contains("denies"), "{}", p.reason);
    }
    advance(&mut w, Millis::mins(5));
    assert_eq!(probe(&mut w, &f, Network::Public).status, 200);
    // Again, this time cleared by hand; a fault on the key itself works the same.
    add_fault(
        &mut w,
        FaultSpec {
            target: Some(key("rg1", "kv1", "key1")),
            ..fault(FaultKind::KeyVaultDeny)
        },
    );
    assert_eq!(probe(&mut w, &d, Network::Public).status, 500);
    let id = w.faults().next().unwrap().id;
    assert!(w.apply(&Input::ClearFault { fault: Some(id) }).is_ok());
    assert_eq!(probe(&mut w, &d, Network::Public).status, 200);
    // A service without a customer-managed key is not affected by a vault fault.
    setup_workspace(&mut w, "rg1", "ws2", "eastus");
    let plain = add_fhir(&mut w, "rg1", "ws2", "fhir2");
    add_fault(
        &mut w,
        FaultSpec {
            target: Some(vault("rg1", "kv1")),
            ..fault(FaultKind::KeyVaultDeny)
        },
    );
    assert_eq!(probe(&mut w, &plain, Network::Public).status, 200);
    assert_eq!(probe(&mut w, &f, Network::Public).status, 500);
}

#[test]
fn provisioning_failure_by_probability() {
    let mut w = world();
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    add_fault(
        &mut w,
        FaultSpec {
            target: Some("fhirservices".into()),
            probability: Some(100),
            duration: Some(Millis::hours(1)),
            ..fault(FaultKind::ProvisioningFailure)
        },
    );
    let f = fhir("rg1", "ws1", "fhir1");
    let r = put_wait(&mut w, &f, json!({}));
    assert_eq!(
        r.status, 201,
        "the PUT is accepted; the operation fails later"
    );
    let op = w.operation(r.operation.unwrap()).unwrap();
    assert_eq!(op.status, hcsim_core::world::OpStatus::Failed);
    assert_eq!(op.error.as_ref().unwrap().code, "ResourceDeploymentFailure");
    assert_eq!(state(&w, &f), ProvisioningState::Failed);
    assert_eq!(
        w.view(&f).unwrap()["properties"]["provisioningState"],
        "Failed"
    );
    assert_eq!(probe(&mut w, &f, Network::Public).status, 503);
    // The fault targets FHIR only.
    add_dicom(&mut w, "rg1", "ws1", "dicom1");
    w.apply(&Input::ClearFault { fault: None });
    add_fault(
        &mut w,
        FaultSpec {
            probability: Some(0),
            ..fault(FaultKind::ProvisioningFailure)
        },
    );
    // With probability 0 nothing fails; the failed service is repaired by a new PUT.
    add_fhir(&mut w, "rg1", "ws1", "fhir2");
    create(&mut w, &f, json!({}));
    assert_eq!(probe(&mut w, &f, Network::Public).status, 200);
}

#[test]
fn throttle_then_ok_after_healing() {
    let mut w = world();
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    create(&mut w, &rg("rg2"), json!({"location": "eastus"}));
    add_fault(
        &mut w,
        FaultSpec {
            target: Some(rg("rg1")),
            duration: Some(Millis::mins(1)),
            ..fault(FaultKind::Throttle)
        },
    );
    let e = rejected(
        &mut w,
        Request::get(ws("rg1", "ws1")),
        429,
        "TooManyRequests",
        RuleId::Throttling,
    );
    assert!(e.message.contains("retry"), "{}", e.message);
    rejected(
        &mut w,
        Request::put(ws("rg1", "ws2"), json!({"location": "eastus"})),
        429,
        "TooManyRequests",
        RuleId::Throttling,
    );
    // Outside the target scope requests pass.
    assert_eq!(get(&mut w, &rg("rg2")).status, 200);
    advance(&mut w, Millis::mins(1));
    assert_eq!(get(&mut w, &ws("rg1", "ws1")).status, 200);
    create(&mut w, &ws("rg1", "ws2"), json!({"location": "eastus"}));
}

#[test]
fn bad_fault_specs_are_refused() {
    let mut w = world();
    for spec in [
        fault(FaultKind::RegionOutage),
        fault(FaultKind::KeyVaultDeny),
        region_fault(FaultKind::RegionOutage, "atlantis", 5),
        FaultSpec {
            zone: Some(4),
            ..region_fault(FaultKind::ZoneDown, "eastus", 5)
        },
        FaultSpec {
            probability: Some(101),
            ..fault(FaultKind::Throttle)
        },
    ] {
        let o = w.apply(&Input::AddFault(spec.clone()));
        assert!(!o.is_ok(), "{spec:?} should be refused");
        assert_eq!(o.error().unwrap().code, "InvalidFault");
    }
    assert_eq!(w.faults().count(), 0);
    let o = w.apply(&Input::ClearFault { fault: Some(7) });
    assert_eq!(o.error().unwrap().code, "FaultNotFound");
}
