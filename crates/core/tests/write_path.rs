//! The write path's shortcuts answer as the long way did: an operation finds its resource by
//! the node it started on only while that node still holds it (node numbers are reused), and
//! a write's response shares the stored body without seeing later changes to it.

use hcsim_core::world::OpStatus;
use hcsim_core::*;
use serde_json::json;

const SUB: &str = "/subscriptions/11111111-1111-1111-1111-111111111111";

fn send(w: &mut World, r: Request) -> Response {
    match w.apply(&Input::Request(r)) {
        Output::Response(r) => r,
        o => panic!("not a response: {o:?}"),
    }
}

fn wait(w: &mut World, op: Option<u64>) {
    let op = op.expect("an operation");
    w.apply(&Input::Wait { operation: op });
}

/// A FHIR service's creation outlives its group (deleted under it); its node is then reused
/// by a new FHIR service still being created when the old operation falls due. The old
/// operation is canceled and the new service keeps provisioning until its own operation.
#[test]
fn an_operation_never_completes_the_resource_that_reused_its_node() {
    let mut w = World::new(Config::new(1));
    let rg1 = format!("{SUB}/resourceGroups/rg1");
    assert_eq!(
        send(&mut w, Request::put(&rg1, json!({"location": "eastus"}))).status,
        201
    );
    let ws_a = format!("{rg1}/providers/Microsoft.HealthcareApis/workspaces/wsa");
    let r = send(&mut w, Request::put(&ws_a, json!({"location": "eastus"})));
    wait(&mut w, r.operation);
    let fhir_f = format!("{ws_a}/fhirservices/fhirf");
    let r = send(
        &mut w,
        Request::put(&fhir_f, json!({"location": "eastus", "kind": "fhir-R4"})),
    );
    let op_f = r
        .operation
        .unwrap_or_else(|| panic!("F is created: {:?}", r.error));
    let node_f = w.find_node(&fhir_f).expect("F exists");
    let del = send(&mut w, Request::delete(&rg1));
    assert_eq!(del.status, 202);
    wait(&mut w, del.operation);
    assert!(w.find(&fhir_f).is_none(), "F went with its group");
    assert_eq!(
        w.operation(op_f).map(|o| o.status),
        Some(OpStatus::Running),
        "F's creation is still due"
    );

    let rg2 = format!("{SUB}/resourceGroups/rg2");
    assert_eq!(
        send(&mut w, Request::put(&rg2, json!({"location": "eastus"}))).status,
        201
    );
    let ws_b = format!("{rg2}/providers/Microsoft.HealthcareApis/workspaces/wsb");
    let r = send(&mut w, Request::put(&ws_b, json!({"location": "eastus"})));
    wait(&mut w, r.operation);
    let fhir_g = format!("{ws_b}/fhirservices/fhirg");
    let r = send(
        &mut w,
        Request::put(&fhir_g, json!({"location": "eastus", "kind": "fhir-R4"})),
    );
    let op_g = r.operation.expect("G's creation runs");
    assert_eq!(w.find_node(&fhir_g), Some(node_f), "G took F's node number");
    let (due_f, due_g) = (
        w.operation(op_f).map(|o| o.due),
        w.operation(op_g).map(|o| o.due),
    );
    assert!(
        due_f < due_g,
        "F's operation falls due first ({due_f:?}, {due_g:?})"
    );

    wait(&mut w, Some(op_f));
    assert_eq!(
        w.operation(op_f).map(|o| o.status),
        Some(OpStatus::Canceled)
    );
    assert_eq!(
        w.find(&fhir_g).map(|r| r.state),
        Some(ProvisioningState::Creating),
        "G is still being created"
    );
    wait(&mut w, Some(op_g));
    assert_eq!(
        w.operation(op_g).map(|o| o.status),
        Some(OpStatus::Succeeded)
    );
    assert_eq!(
        w.find(&fhir_g).map(|r| r.state),
        Some(ProvisioningState::Succeeded)
    );
}

/// A PUT answers with the body as it was when it answered, although the store shares it:
/// the instant operation that completes before `apply` returns changes the stored body, not
/// the response.
#[test]
fn a_write_response_keeps_the_body_it_answered_with() {
    let mut w = World::new(Config {
        timing: Timing::Instant,
        ..Config::new(1)
    });
    let rg = format!("{SUB}/resourceGroups/rg1");
    let r = send(&mut w, Request::put(&rg, json!({"location": "eastus"})));
    assert_eq!(r.body["properties"]["provisioningState"], "Succeeded");
    let ws = format!("{rg}/providers/Microsoft.HealthcareApis/workspaces/ws1");
    let r = send(&mut w, Request::put(&ws, json!({"location": "eastus"})));
    assert_eq!(r.status, 201);
    assert_eq!(r.body["properties"]["provisioningState"], "Creating");
    assert_eq!(
        w.view(&ws)
            .map(|b| b["properties"]["provisioningState"].clone()),
        Some(json!("Succeeded"))
    );
    let r = send(
        &mut w,
        Request::patch(&ws, json!({"tags": {"team": "blue"}})),
    );
    assert_eq!(r.body["tags"]["team"], "blue");
    let r2 = send(
        &mut w,
        Request::patch(&ws, json!({"tags": {"team": "red"}})),
    );
    assert_eq!(
        r.body["tags"]["team"], "blue",
        "an earlier answer is not rewritten"
    );
    assert_eq!(r2.body["tags"]["team"], "red");
}

/// A write's lock check is skipped only while no lock exists anywhere: a lock made on one
/// group blocks that group's delete, the lock counted still blocks after another lock is
/// removed, and once the last lock is gone the group can be deleted.
#[test]
fn every_lock_made_blocks_until_removed_and_the_last_removal_frees_the_scope() {
    let mut w = World::new(Config {
        timing: Timing::Instant,
        ..Config::new(1)
    });
    let (rg1, rg2, rg3) = (
        format!("{SUB}/resourceGroups/rg1"),
        format!("{SUB}/resourceGroups/rg2"),
        format!("{SUB}/resourceGroups/rg3"),
    );
    for rg in [&rg1, &rg2, &rg3] {
        let r = send(&mut w, Request::put(rg, json!({"location": "eastus"})));
        assert_eq!(r.status, 201);
    }
    // No lock yet: a group goes.
    assert_eq!(send(&mut w, Request::delete(&rg3)).status, 202);
    let lock =
        |rg: &str, name: &str| format!("{rg}/providers/Microsoft.Authorization/locks/{name}");
    for (rg, name) in [(&rg1, "a"), (&rg2, "b")] {
        let r = send(
            &mut w,
            Request::put(
                lock(rg, name),
                json!({"properties": {"level": "CanNotDelete"}}),
            ),
        );
        assert_eq!(r.status, 201, "{:?}", r.error);
    }
    let refused = send(&mut w, Request::delete(&rg1));
    assert_eq!(refused.status, 409);
    assert_eq!(refused.error.map(|e| e.code), Some("ScopeLocked".into()));
    // A ReadOnly lock refuses a write below it too.
    let r = send(
        &mut w,
        Request::put(
            lock(&rg1, "ro"),
            json!({"properties": {"level": "ReadOnly"}}),
        ),
    );
    assert_eq!(r.status, 201, "{:?}", r.error);
    let vnet = format!("{rg1}/providers/Microsoft.Network/virtualNetworks/v");
    let r = send(&mut w, Request::put(&vnet, json!({"location": "eastus"})));
    assert_eq!(r.error.map(|e| e.code), Some("ScopeLocked".into()));
    for name in ["a", "ro"] {
        assert_eq!(send(&mut w, Request::delete(lock(&rg1, name))).status, 200);
    }
    // rg1's locks are gone; rg2's is still counted and still blocks.
    assert_eq!(send(&mut w, Request::delete(&rg1)).status, 202);
    assert_eq!(send(&mut w, Request::delete(&rg2)).status, 409);
    assert_eq!(send(&mut w, Request::delete(lock(&rg2, "b"))).status, 200);
    assert_eq!(send(&mut w, Request::delete(&rg2)).status, 202);
}
