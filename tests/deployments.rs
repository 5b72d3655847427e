//! Deployments are a provider behind the front door: a PUT of
//! `Microsoft.Resources/deployments/{name}` sent directly (as a real SDK or `hcsim serve`
//! would) gives the same resources, events and trace hash as `az deployment group create`
//! with the same template; the real quickstart templates deploy unmodified either way; and a
//! template's `scope` cannot move an ordinary resource, nor anything out of the target group.

use hcsim_core::{Input, Output, Request, Response, World};
use hcsim_lab::{Lab, Outcome};
use hcsim_tests::realistic_lab;
use serde_json::{Value, json};

const SUB: &str = "11111111-1111-1111-1111-111111111111";
const SUB2: &str = "22222222-2222-2222-2222-222222222222";

const IOT: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/reference/arm-templates/iotconnectors.azuredeploy.json"
));
const IOT_HUB: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/reference/arm-templates/iotconnectors-with-iothub.azuredeploy.json"
));
const LEGACY: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/reference/arm-templates/azure-api-for-fhir.azuredeploy.json"
));

/// A realistic-timing lab with group rg1 in eastus.
fn lab() -> Lab {
    let mut lab = realistic_lab(11);
    let o = lab.run("az group create -n rg1 -l eastus");
    assert!(o.ok, "{}", o.output);
    lab
}

fn deployment_id(name: &str) -> String {
    format!(
        "/subscriptions/{SUB}/resourceGroups/rg1/providers/Microsoft.Resources/deployments/{name}"
    )
}

/// Every resource of rg1 as `(id, provisioning state)`.
fn resources(world: &World) -> Vec<(String, String)> {
    world
        .resources_in_group(SUB, "rg1")
        .into_iter()
        .map(|r| (r.id.clone(), r.state.as_str().to_string()))
        .collect()
}

/// Deploys `template` with `parameters` (`{"p": {"value": v}}`) twice, once by az and once by
/// the ARM route directly, and checks both worlds agree on everything.
fn same_both_ways(template: &str, parameters: Value, az_parameters: &str, expect_resources: usize) {
    let mut by_az = lab();
    by_az.add_file("t.json", template.to_string());
    let line = format!("az deployment group create -g rg1 -n t -f t.json {az_parameters}");
    let o = by_az.run(&line);
    assert!(o.ok, "{line}\n{}", o.output);

    let mut by_arm = lab();
    let body = json!({"properties": {
        "template": serde_json::from_str::<Value>(template).unwrap(),
        "parameters": parameters,
        "mode": "Incremental"
    }});
    let put = by_arm.apply(
        "PUT deployment",
        Input::Request(Request::put(deployment_id("t"), body)),
    );
    let Output::Response(Response {
        status: 201,
        operation: Some(op),
        body,
        ..
    }) = put
    else {
        panic!("a deployment PUT answers 201 with an operation, got {put:?}");
    };
    assert_eq!(body["properties"]["provisioningState"], "Running");
    by_arm.apply("wait", Input::Wait { operation: op });

    let (a, b) = (by_az.world(), by_arm.world());
    assert_eq!(resources(a), resources(b));
    assert_eq!(a.events(), b.events());
    assert_eq!(a.trace_hash_hex(), b.trace_hash_hex());
    let record = b.view(&deployment_id("t")).unwrap();
    assert_eq!(
        record["properties"]["provisioningState"], "Succeeded",
        "{record}"
    );
    // The record and the template's resources.
    assert_eq!(
        resources(b).len(),
        expect_resources + 1,
        "{:?}",
        resources(b)
    );
    assert!(
        resources(b).iter().all(|(_, s)| s == "Succeeded"),
        "{:?}",
        resources(b)
    );
}

#[test]
fn iot_connectors_quickstart_deploys_the_same_by_arm_and_by_az() {
    same_both_ways(
        IOT,
        json!({"basename": {"value": "demo1"}}),
        "-p basename=demo1",
        9,
    );
}

#[test]
fn iot_hub_quickstart_deploys_the_same_by_arm_and_by_az() {
    same_both_ways(
        IOT_HUB,
        json!({"basename": {"value": "hub7"}, "location": {"value": "westus2"}}),
        "-p basename=hub7 location=westus2",
        11,
    );
}

#[test]
fn azure_api_for_fhir_quickstart_deploys_the_same_by_arm_and_by_az() {
    same_both_ways(
        LEGACY,
        json!({"serviceName": {"value": "legacyfhir1"}, "location": {"value": "eastus2"}}),
        "-p serviceName=legacyfhir1 location=eastus2",
        1,
    );
}

fn refused(lab: &mut Lab, template: Value) -> Outcome {
    lab.add_file("s.json", template.to_string());
    let before = lab.world().resource_count();
    let o = lab.run("az deployment group create -g rg1 -n s -f s.json");
    assert!(!o.ok, "{}", o.output);
    assert_eq!(o.code.as_deref(), Some("InvalidTemplate"), "{}", o.output);
    assert_eq!(
        lab.world().resource_count(),
        before,
        "a refused deployment writes nothing"
    );
    o
}

fn template(resources: Value) -> Value {
    json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "resources": resources
    })
}

#[test]
fn scope_on_an_ordinary_resource_is_refused() {
    let mut lab = lab();
    let o = refused(
        &mut lab,
        template(json!([{
            "type": "Microsoft.HealthcareApis/workspaces",
            "apiVersion": "2024-03-31",
            "name": "wsscoped",
            "location": "eastus",
            "scope": hcsim_core::id::ArmPath::at_subscription(SUB2).group("rg1").request_path()
        }])),
    );
    assert_eq!(o.rule.as_deref(), Some("template-scope-extension-only"));
    assert!(
        o.output.contains("'Scope' property is not supported"),
        "{}",
        o.output
    );
    assert!(o.explanation.is_some());
}

#[test]
fn a_resource_in_another_subscription_is_refused() {
    let mut lab = lab();
    for line in [
        "az account set -s 22222222-2222-2222-2222-222222222222",
        "az group create -n rg2 -l eastus",
        "az healthcareapis workspace create -n wsother -g rg2",
        "az account set -s 11111111-1111-1111-1111-111111111111",
    ] {
        let o = lab.run(line);
        assert!(o.ok, "{line}\n{}", o.output);
    }
    let other = format!(
        "/subscriptions/{SUB2}/resourceGroups/rg2/providers/Microsoft.HealthcareApis/workspaces/wsother"
    );
    let o = refused(
        &mut lab,
        template(json!([{
            "type": "Microsoft.Authorization/locks",
            "apiVersion": "2020-05-01",
            "name": "nodelete",
            "scope": other,
            "properties": {"level": "CanNotDelete"}
        }])),
    );
    assert_eq!(o.rule.as_deref(), Some("deployment-target-scope"));
}
