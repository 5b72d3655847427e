//! End-to-end walk through the default session: the basic lifecycle a trainee meets first.

use hcsim_core::*;
use serde_json::json;

const SUB: &str = "/subscriptions/11111111-1111-1111-1111-111111111111";

fn put_wait(w: &mut World, path: &str, body: serde_json::Value) -> Response {
    let r = match w.apply(&Input::Request(Request::put(path, body))) {
        Output::Response(r) => r,
        o => panic!("{o:?}"),
    };
    if let Some(op) = r.operation {
        w.apply(&Input::Wait { operation: op });
    }
    r
}

#[test]
fn create_workspace_fhir_then_forbidden_delete_then_cascade() {
    let mut w = World::new(Config::new(7));
    let rg = format!("{SUB}/resourceGroups/rg1");
    assert_eq!(
        put_wait(&mut w, &rg, json!({"location": "eastus"})).status,
        201
    );
    let ws = format!("{rg}/providers/Microsoft.HealthcareApis/workspaces/ws1");
    let r = put_wait(&mut w, &ws, json!({"location": "eastus"}));
    assert_eq!(r.status, 201);
    assert_eq!(r.body["properties"]["provisioningState"], "Creating");
    assert_eq!(w.find(&ws).unwrap().state, ProvisioningState::Succeeded);
    let fhir = format!("{ws}/fhirservices/fhir1");
    let r = put_wait(
        &mut w,
        &fhir,
        json!({"location": "eastus", "kind": "fhir-R4"}),
    );
    assert_eq!(r.status, 201, "{:?}", r.error);
    assert!(
        w.now() > SimTime(60_000),
        "realistic timing takes minutes for FHIR"
    );
    let del = match w.apply(&Input::Request(Request::delete(&ws))) {
        Output::Response(r) => r,
        o => panic!("{o:?}"),
    };
    assert_eq!(del.status, 409);
    assert_eq!(
        del.error.as_ref().unwrap().rule,
        Some(RuleId::WorkspaceDeleteRequiresEmpty)
    );
    assert_eq!(del.error.as_ref().unwrap().code, "CannotDeleteResource");
    let del = match w.apply(&Input::Request(Request::delete(&rg))) {
        Output::Response(r) => r,
        o => panic!("{o:?}"),
    };
    assert_eq!(del.status, 202);
    w.apply(&Input::Wait {
        operation: del.operation.unwrap(),
    });
    assert!(w.find(&fhir).is_none() && w.find(&ws).is_none() && w.find(&rg).is_none());
    let cascades: Vec<_> = w
        .events()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::CascadeDeleted { .. }))
        .collect();
    assert_eq!(
        cascades.len(),
        2,
        "fhir and workspace deleted with the group"
    );
}

#[test]
fn bare_and_odd_paths_are_answered_not_panicked_on() {
    let mut w = World::new(Config::new(1));
    for path in [
        "/subscriptions",
        "/subscriptions/",
        "/SUBSCRIPTIONS",
        "/subscriptions/nope/resourceGroups",
    ] {
        for req in [
            Request::get(path),
            Request::list(path),
            Request::delete(path),
            Request::put(path, json!({})),
        ] {
            match w.apply(&Input::Request(req)) {
                Output::Response(r) => assert!(r.status >= 400, "{path}: {}", r.status),
                o => panic!("{o:?}"),
            }
        }
    }
}

#[test]
fn operation_results_report_running_then_the_outcome() {
    let mut w = World::new(Config::new(3));
    let rg = format!("{SUB}/resourceGroups/rg1");
    put_wait(&mut w, &rg, json!({"location": "eastus"}));
    w.apply(&Input::AddFault(FaultSpec {
        probability: Some(100),
        ..FaultSpec::new(FaultKind::ProvisioningFailure)
    }));
    let ws = format!("{rg}/providers/Microsoft.HealthcareApis/workspaces/ws1");
    let op = match w.apply(&Input::Request(Request::put(
        &ws,
        json!({"location": "eastus"}),
    ))) {
        Output::Response(r) => r.operation.unwrap(),
        o => panic!("{o:?}"),
    };
    let url =
        format!("{SUB}/providers/Microsoft.HealthcareApis/locations/eastus/operationresults/{op}");
    let read = |w: &mut World| match w.apply(&Input::Request(Request::get(&url))) {
        Output::Response(r) => r,
        o => panic!("{o:?}"),
    };
    let r = read(&mut w);
    assert_eq!(
        (r.status, r.body["status"].as_str()),
        (200, Some("Running"))
    );
    assert_eq!(r.body["name"], "ws1");
    w.apply(&Input::Wait { operation: op });
    let r = read(&mut w);
    assert_eq!(r.body["status"], "Failed");
    assert_eq!(r.body["error"]["code"], "ResourceDeploymentFailure");
    assert!(r.body["endTime"].is_string());
    let missing =
        format!("{SUB}/providers/Microsoft.HealthcareApis/locations/eastus/operationresults/999");
    match w.apply(&Input::Request(Request::get(missing))) {
        Output::Response(r) => assert_eq!(r.status, 404),
        o => panic!("{o:?}"),
    }
}
