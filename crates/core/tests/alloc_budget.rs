//! Allocation budget of a GET: a counting global allocator (this test binary's own; the core
//! stays `no_std` and free of unsafe code) counts what answering a GET of an existing resource
//! allocates. Counts, not timings, so the test is stable on any machine; the timing budgets
//! are checked by `cargo xtask bench`.

use hcsim_core::id::ArmPath;
use hcsim_core::{Config, Input, Output, Request, Timing, World};
use serde_json::json;

mod counting;
use counting::allocations;

#[test]
fn a_get_of_an_existing_resource_allocates_a_bounded_number_of_times() {
    let mut w = World::new(Config {
        timing: Timing::Instant,
        ..Config::new(1)
    });
    let sub = w.current_subscription().to_string();
    let rg = ArmPath::at_subscription(&sub).group("rg1");
    let ws = rg
        .clone()
        .provider("Microsoft.HealthcareApis", "workspaces", "ws1");
    let fhir = ws.clone().child("fhirservices", "fhir1");
    for (path, body) in [
        (&rg, json!({"location": "eastus"})),
        (&ws, json!({"location": "eastus"})),
        (&fhir, json!({"kind": "fhir-R4", "location": "eastus"})),
    ] {
        let out = w.apply(&Input::Request(Request::put(path.request_path(), body)));
        assert!(out.is_ok(), "{:?}", out.error());
    }
    // Measured at this stop: 1 and 2 (the id is parsed into borrowed segments and walked
    // without allocating; the body is shared with the store, not copied; the FHIR view boxes
    // its overlay). Was 8 and 14 before the plain read path, about 40 and 62 before bodies
    // were shared. The budgets leave one allocation of slack.
    for (path, budget) in [(&rg, 2), (&fhir, 3)] {
        let input = Input::Request(Request::get(path.request_path()));
        // Warm up (first-use growth of any buffer is not the request's cost).
        assert_eq!(w.apply(&input).status(), Some(200));
        let (n, out) = allocations(|| w.apply(&input));
        assert_eq!(out.status(), Some(200));
        eprintln!("GET {}: {n} allocations", path.request_path());
        assert!(
            n <= budget,
            "a GET of {} allocated {n} times (budget {budget})",
            path.request_path()
        );
    }
    // What the GET shows is unchanged by the sharing: the stored body with the workspace's
    // view applied, and a caller that edits its copy does not edit the store.
    let input = Input::Request(Request::get(fhir.request_path()));
    let Output::Response(mut resp) = w.apply(&input) else {
        panic!("a GET answers with a response");
    };
    assert_eq!(
        resp.body["properties"]["publicNetworkAccess"], "Enabled",
        "the view's values are shown"
    );
    assert_eq!(resp.body["name"], "fhir1");
    resp.body["name"] = json!("edited");
    let again = w.view(&fhir.to_string()).unwrap_or_default();
    assert_eq!(
        again["name"], "fhir1",
        "editing a response never edits the store"
    );
}
