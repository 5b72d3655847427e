//! The deployments provider behind the front door: a PUT of
//! `Microsoft.Resources/deployments/{name}` with an inline template runs in virtual time
//! (201 + Running, then waves of resource PUTs as the deploying principal), and its rules:
//! `deployment-name`, `deployment-active`, `template-scope-extension-only`,
//! `deployment-target-scope`.

mod common;
use common::*;
use hcsim_core::*;
use serde_json::{Value, json};

/// rg1 (eastus) in a world of `timing`.
fn base(timing: Timing) -> World {
    let mut w = World::new(Config {
        timing,
        ..Config::new(42)
    });
    create(&mut w, &rg("rg1"), json!({"location": "eastus"}));
    w
}

fn fhir_resource(ws_name: &str, name: &str) -> Value {
    json!({
        "type": "Microsoft.HealthcareApis/workspaces/fhirservices",
        "apiVersion": "2024-03-31",
        "name": format!("{ws_name}/{name}"),
        "location": "eastus",
        "kind": "fhir-R4",
        "dependsOn": [format!("[resourceId('Microsoft.HealthcareApis/workspaces', '{ws_name}')]")],
        "properties": {"authenticationConfiguration": {
            "authority": "https://login.microsoftonline.com/contoso.onmicrosoft.com",
            "audience": format!("https://{ws_name}-{name}.fhir.azurehealthcareapis.com")
        }}
    })
}

fn record(w: &World, name: &str) -> Value {
    w.view(&deployment("rg1", name))
        .expect("the deployment record exists")
}

#[test]
fn a_put_runs_in_virtual_time_and_succeeds() {
    let mut w = base(Timing::Realistic);
    let body = deployment_body(
        json!([
            template_workspace("ws1", "eastus"),
            fhir_resource("ws1", "fhir1")
        ]),
        "Incremental",
    );
    let r = put(&mut w, &deployment("rg1", "d1"), body);
    assert_eq!(r.status, 201, "{:?}", r.error);
    assert_eq!(r.body["properties"]["provisioningState"], "Running");
    // The first wave started at once; the service waits for its workspace.
    assert!(w.find(&ws("rg1", "ws1")).is_some());
    assert!(w.find(&fhir("rg1", "ws1", "fhir1")).is_none());
    let op = r
        .operation
        .expect("a deployment is a long-running operation");
    w.apply(&Input::Wait { operation: op });
    assert_eq!(
        w.operation(op).map(|o| o.status),
        Some(world::OpStatus::Succeeded)
    );
    let d = record(&w, "d1");
    assert_eq!(d["properties"]["provisioningState"], "Succeeded");
    assert_eq!(
        d["properties"]["outputResources"].as_array().map(Vec::len),
        Some(2)
    );
    let f = w
        .find(&fhir("rg1", "ws1", "fhir1"))
        .expect("the service was deployed");
    assert_eq!(f.state, ProvisioningState::Succeeded);
    assert!(
        w.now() > SimTime(0),
        "realistic provisioning takes virtual time"
    );
}

#[test]
fn resources_are_sent_as_the_deploying_principal() {
    let mut w = base(Timing::Instant);
    // bob has no role: his deployment is refused at the door, as any write of his would be.
    let body = deployment_body(json!([template_workspace("ws1", "eastus")]), "Incremental");
    let r = send(
        &mut w,
        Request::put(deployment("rg1", "d1"), body).as_principal("bob@contoso.com"),
    );
    assert_eq!(r.status, 403);
    assert_eq!(r.error.and_then(|e| e.rule), Some(RuleId::Rbac));
    assert!(w.find(&ws("rg1", "ws1")).is_none());
}

#[test]
fn an_inner_failure_stops_dependents_and_fails_the_deployment() {
    let mut w = base(Timing::Instant);
    let body = deployment_body(
        json!([
            template_workspace("my-ws", "eastus"),
            fhir_resource("my-ws", "fhir1")
        ]),
        "Incremental",
    );
    let r = put(&mut w, &deployment("rg1", "bad"), body);
    ok(&r);
    wait(&mut w, &r);
    let o = w.operation(r.operation.unwrap()).unwrap();
    assert_eq!(o.status, world::OpStatus::Failed);
    let e = o.error.clone().unwrap();
    assert_eq!(e.code, "DeploymentFailed");
    assert_eq!(e.rule, Some(RuleId::NameFormat), "the inner rule is named");
    let d = record(&w, "bad");
    assert_eq!(d["properties"]["provisioningState"], "Failed");
    assert_eq!(
        d["properties"]["error"]["details"][0]["rule"],
        "name-format"
    );
    assert_eq!(
        d["properties"]["hcsimNotAttempted"][0],
        fhir("rg1", "my-ws", "fhir1")
    );
}

#[test]
fn complete_mode_deletes_what_the_template_does_not_hold() {
    let mut w = base(Timing::Instant);
    setup_workspace(&mut w, "rg1", "extra", "eastus");
    add_fhir(&mut w, "rg1", "extra", "fhirx");
    let body = deployment_body(json!([template_workspace("keep", "eastus")]), "Complete");
    let r = put(&mut w, &deployment("rg1", "c"), body);
    ok(&r);
    wait(&mut w, &r);
    assert_eq!(
        record(&w, "c")["properties"]["provisioningState"],
        "Succeeded"
    );
    assert!(w.find(&ws("rg1", "keep")).is_some());
    assert!(
        w.find(&ws("rg1", "extra")).is_none(),
        "children first, then the workspace"
    );
    assert!(
        w.find(&deployment("rg1", "c")).is_some(),
        "records are left alone"
    );
}

#[test]
fn deployment_names_follow_arm() {
    let mut w = base(Timing::Instant);
    let body = deployment_body(json!([]), "Incremental");
    let long = send(
        &mut w,
        Request::put(deployment("rg1", &"a".repeat(65)), body.clone()),
    );
    assert_eq!(
        long.error.as_ref().map(|e| e.code.as_str()),
        Some("DeploymentNameLengthLimitExceeded")
    );
    assert_eq!(
        long.error.and_then(|e| e.rule),
        Some(RuleId::DeploymentName)
    );
    let bad = send(
        &mut w,
        Request::put(deployment("rg1", "a%2Cb"), body.clone()),
    );
    assert_eq!(bad.error.and_then(|e| e.rule), Some(RuleId::DeploymentName));
    for good in ["a", "main(1)", "x.y_z-0", &"b".repeat(64)] {
        let r = put_wait(&mut w, &deployment("rg1", good), body.clone());
        ok(&r);
    }
}

#[test]
fn one_active_deployment_per_name() {
    let mut w = base(Timing::Realistic);
    let body = deployment_body(json!([template_workspace("ws1", "eastus")]), "Incremental");
    let first = put(&mut w, &deployment("rg1", "d"), body.clone());
    ok(&first);
    let again = put(&mut w, &deployment("rg1", "d"), body.clone());
    assert_eq!(again.status, 409);
    let e = again.error.unwrap();
    assert_eq!(e.code, "DeploymentActive");
    assert_eq!(e.rule, Some(RuleId::DeploymentActive));
    let del = send(&mut w, Request::delete(deployment("rg1", "d")));
    assert_eq!(
        del.error.and_then(|e| e.rule),
        Some(RuleId::DeploymentActive)
    );
    // Another name may run meanwhile; the same name may run again once the first ended.
    ok(&put(
        &mut w,
        &deployment("rg1", "other"),
        deployment_body(json!([]), "Incremental"),
    ));
    wait(&mut w, &first);
    ok(&put(&mut w, &deployment("rg1", "d"), body));
}

#[test]
fn scope_is_only_for_extension_resources() {
    let mut w = base(Timing::Instant);
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let mut workspace = template_workspace("wsx", "eastus");
    workspace["scope"] = json!(rg_in(SUB2, "rg1"));
    let r = put(
        &mut w,
        &deployment("rg1", "s"),
        deployment_body(json!([workspace]), "Incremental"),
    );
    assert_eq!(r.status, 400);
    let e = r.error.unwrap();
    assert_eq!(e.code, "InvalidTemplate");
    assert!(
        e.message.contains("'Scope' property is not supported"),
        "{}",
        e.message
    );
    assert_eq!(e.rule, Some(RuleId::TemplateScopeExtensionOnly));
    assert!(
        w.find(&deployment("rg1", "s")).is_none(),
        "a refused deployment leaves no record"
    );
    // An extension resource (a lock) on a resource of the group: allowed.
    let lock = json!({
        "type": "Microsoft.Authorization/locks",
        "apiVersion": "2020-05-01",
        "name": "nodelete",
        "scope": "Microsoft.HealthcareApis/workspaces/ws1",
        "properties": {"level": "CanNotDelete"}
    });
    let r = put_wait(
        &mut w,
        &deployment("rg1", "l"),
        deployment_body(json!([lock]), "Incremental"),
    );
    ok(&r);
    assert!(
        w.find(&common::lock(&ws("rg1", "ws1"), "nodelete"))
            .is_some()
    );
}

#[test]
fn nothing_outside_the_target_group() {
    let mut w = base(Timing::Instant);
    create(&mut w, &rg_in(SUB2, "rg2"), json!({"location": "eastus"}));
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let ws2 = ws_in(SUB2, "rg2", "ws2");
    create(&mut w, &ws2, json!({"location": "eastus"}));
    let lock = |scope: &str| {
        json!({
            "type": "Microsoft.Authorization/locks",
            "apiVersion": "2020-05-01",
            "name": "l",
            "scope": scope,
            "properties": {"level": "CanNotDelete"}
        })
    };
    let r = put(
        &mut w,
        &deployment("rg1", "x"),
        deployment_body(json!([lock(&ws2)]), "Incremental"),
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        r.error.and_then(|e| e.rule),
        Some(RuleId::DeploymentTargetScope)
    );
    assert!(w.find(&common::lock(&ws2, "l")).is_none());
    // The same extension resource inside the group deploys.
    let r = put_wait(
        &mut w,
        &deployment("rg1", "x"),
        deployment_body(json!([lock(&ws("rg1", "ws1"))]), "Incremental"),
    );
    ok(&r);
}

#[test]
fn validate_what_if_and_export_write_nothing() {
    let mut w = base(Timing::Instant);
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let body = deployment_body(json!([template_workspace("ws2", "eastus")]), "Incremental");
    let count = w.resource_count();
    let v = send(
        &mut w,
        Request::post(format!("{}/validate", deployment("rg1", "p")), body.clone()),
    );
    ok(&v);
    assert_eq!(
        v.body["properties"]["validatedResources"][0]["id"],
        ws("rg1", "ws2")
    );
    let wi = send(
        &mut w,
        Request::post(format!("{}/whatIf", deployment("rg1", "p")), body),
    );
    ok(&wi);
    let changes = wi.body["properties"]["changes"].as_array().unwrap();
    assert!(
        changes
            .iter()
            .any(|c| c["changeType"] == "Create" && c["resourceId"] == ws("rg1", "ws2"))
    );
    assert!(
        changes
            .iter()
            .any(|c| c["changeType"] == "Ignore" && c["resourceId"] == ws("rg1", "ws1"))
    );
    let ex = send(
        &mut w,
        Request::post(
            format!("{}/exportTemplate", rg("rg1")),
            json!({"resources": ["*"]}),
        ),
    );
    ok(&ex);
    assert_eq!(
        ex.body["template"]["parameters"]["workspaces_ws1_name"]["defaultValue"],
        "ws1"
    );
    assert_eq!(
        w.resource_count(),
        count,
        "previews and exports write nothing"
    );
    // A template error is answered by validate as by PUT.
    let broken = json!({"properties": {"template": {"resources": [{"type": "x"}]}}});
    let v = send(
        &mut w,
        Request::post(format!("{}/validate", deployment("rg1", "p")), broken),
    );
    assert_eq!(v.error.map(|e| e.code), Some("InvalidTemplate".to_string()));
}

#[test]
fn a_malformed_request_is_refused() {
    let mut w = base(Timing::Instant);
    for body in [
        json!({}),
        json!({"properties": {"templateLink": {"uri": "https://example.invalid/t.json"}}}),
        json!({"properties": {"template": {"resources": []}, "mode": "Sometimes"}}),
        json!({"properties": {"template": {"resources": []}, "parameters": [1]}}),
    ] {
        let r = put(&mut w, &deployment("rg1", "m"), body);
        assert_eq!(r.status, 400);
        assert_eq!(r.error.and_then(|e| e.rule), Some(RuleId::ValidRequest));
    }
    let missing = put(
        &mut w,
        &format!(
            "{}/providers/Microsoft.Resources/deployments/m",
            rg("nogroup")
        ),
        deployment_body(json!([]), "Incremental"),
    );
    assert_eq!(missing.status, 404);
}

#[test]
fn deleting_the_group_ends_a_running_deployment() {
    let mut w = base(Timing::Realistic);
    let body = deployment_body(
        json!([
            template_workspace("ws1", "eastus"),
            fhir_resource("ws1", "fhir1")
        ]),
        "Incremental",
    );
    let r = put(&mut w, &deployment("rg1", "d"), body);
    ok(&r);
    delete_wait(&mut w, &rg("rg1"));
    w.apply(&Input::Advance {
        by: Millis::hours(2),
    });
    let o = w.operation(r.operation.unwrap()).unwrap();
    assert_ne!(
        o.status,
        world::OpStatus::Running,
        "the run does not outlive its record"
    );
    assert!(w.find(&fhir("rg1", "ws1", "fhir1")).is_none());
}
