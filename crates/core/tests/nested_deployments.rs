//! Nested deployments: a `Microsoft.Resources/deployments` resource inside a template runs
//! as a deployment of its own (its record appears in the group), with `inner` scope (its
//! own parameters) or `outer` scope (the parent's), and the parent reads its outputs with
//! `reference(…).outputs.x.value`. Linked templates are refused (offline).
//! Source: learn.microsoft.com/azure/azure-resource-manager/templates/linked-templates.

mod common;
use common::*;
use hcsim_core::*;
use serde_json::{Value, json};

fn base() -> World {
    let mut w = World::new(Config::new(42));
    create(&mut w, &rg("rg1"), json!({"location": "eastus"}));
    create(&mut w, &rg("rg2"), json!({"location": "westus2"}));
    w
}

fn template(parameters: Value, resources: Value, outputs: Value) -> Value {
    json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": parameters,
        "resources": resources,
        "outputs": outputs
    })
}

/// A nested deployment named `name` whose inner template creates workspace `[parameters('wsName')]`.
fn inner_deployment(name: &str, ws_param: Value, extra: Value) -> Value {
    let inner = template(
        json!({"wsName": {"type": "string"}}),
        json!([{
            "type": "Microsoft.HealthcareApis/workspaces",
            "apiVersion": "2024-03-31",
            "name": "[parameters('wsName')]",
            "location": "[resourceGroup().location]"
        }]),
        json!({"wsId": {"type": "string", "value": "[resourceId('Microsoft.HealthcareApis/workspaces', parameters('wsName'))]"}}),
    );
    let mut d = json!({
        "type": "Microsoft.Resources/deployments",
        "apiVersion": "2022-09-01",
        "name": name,
        "properties": {
            "expressionEvaluationOptions": {"scope": "inner"},
            "mode": "Incremental",
            "parameters": {"wsName": ws_param},
            "template": inner
        }
    });
    if let (Some(d), Some(e)) = (d.as_object_mut(), extra.as_object()) {
        d.extend(e.clone());
    }
    d
}

fn deploy(w: &mut World, name: &str, t: Value, params: Value) -> Response {
    let body = json!({"properties": {"mode": "Incremental", "template": t, "parameters": params}});
    let r = put(w, &deployment("rg1", name), body);
    if let Some(op) = r.operation {
        w.apply(&Input::Wait { operation: op });
    }
    r
}

#[test]
fn an_inner_scope_nested_deployment_creates_its_resources_and_passes_outputs_up() {
    let mut w = base();
    let t = template(
        json!({"name": {"type": "string"}}),
        json!([inner_deployment(
            "inner1",
            json!({"value": "[parameters('name')]"}),
            json!({})
        )]),
        json!({"fromInner": {"type": "string", "value": "[reference(resourceId('Microsoft.Resources/deployments', 'inner1'), '2022-09-01').outputs.wsId.value]"}}),
    );
    let r = deploy(&mut w, "outer", t, json!({"name": {"value": "wsnested"}}));
    assert!(r.status < 300, "{:?}", r.error);
    let outer = w.view(&deployment("rg1", "outer")).expect("outer record");
    assert_eq!(
        outer["properties"]["provisioningState"], "Succeeded",
        "{outer:#}"
    );
    assert!(
        w.find(&ws("rg1", "wsnested")).is_some(),
        "the inner template's workspace exists"
    );
    let inner = w
        .view(&deployment("rg1", "inner1"))
        .expect("the nested deployment has its own record");
    assert_eq!(inner["properties"]["provisioningState"], "Succeeded");
    let out = outer["properties"]["outputs"]["fromInner"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(
        out.ends_with("/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/wsnested"),
        "{out}"
    );
}

#[test]
fn a_nested_deployment_may_target_another_group() {
    let mut w = base();
    let t = template(
        json!({}),
        json!([inner_deployment(
            "inner2",
            json!({"value": "wsother"}),
            json!({"resourceGroup": "rg2"})
        )]),
        json!({}),
    );
    let r = deploy(&mut w, "outer2", t, json!({}));
    assert!(r.status < 300, "{:?}", r.error);
    let outer = w.view(&deployment("rg1", "outer2")).expect("outer record");
    assert_eq!(
        outer["properties"]["provisioningState"], "Succeeded",
        "{outer:#}"
    );
    assert!(w.find(&ws("rg2", "wsother")).is_some(), "deployed into rg2");
    assert!(
        w.view(&deployment("rg2", "inner2")).is_some(),
        "the record is in rg2"
    );
}

#[test]
fn an_outer_scope_nested_template_sees_the_parents_parameters() {
    let mut w = base();
    let inner = template(
        json!({}),
        json!([{
            "type": "Microsoft.HealthcareApis/workspaces",
            "apiVersion": "2024-03-31",
            "name": "[parameters('name')]",
            "location": "eastus"
        }]),
        json!({}),
    );
    let t = template(
        json!({"name": {"type": "string"}}),
        json!([{
            "type": "Microsoft.Resources/deployments",
            "apiVersion": "2022-09-01",
            "name": "outerScoped",
            "properties": {"mode": "Incremental", "template": inner}
        }]),
        json!({}),
    );
    let r = deploy(&mut w, "outer3", t, json!({"name": {"value": "wsouter"}}));
    assert!(r.status < 300, "{:?}", r.error);
    assert!(w.find(&ws("rg1", "wsouter")).is_some());
}

#[test]
fn a_linked_template_is_refused_with_a_clear_error() {
    let mut w = base();
    let t = template(
        json!({}),
        json!([{
            "type": "Microsoft.Resources/deployments",
            "apiVersion": "2022-09-01",
            "name": "linked",
            "properties": {"mode": "Incremental", "templateLink": {"uri": "https://example.com/t.json"}}
        }]),
        json!({}),
    );
    let r = deploy(&mut w, "outer4", t, json!({}));
    assert_eq!(r.status, 400);
    let e = r.error.expect("an error");
    assert_eq!(e.code, "InvalidTemplate");
    assert!(e.message.contains("templateLink"), "{}", e.message);
}

#[test]
fn a_failing_nested_deployment_fails_the_parent() {
    let mut w = base();
    let t = template(
        json!({}),
        json!([inner_deployment("bad", json!({"value": "x"}), json!({}))]),
        json!({}),
    );
    // 'x' is too short for a workspace name: the inner PUT fails, so both deployments fail.
    deploy(&mut w, "outer5", t, json!({}));
    let outer = w.view(&deployment("rg1", "outer5")).expect("outer record");
    assert_eq!(
        outer["properties"]["provisioningState"], "Failed",
        "{outer:#}"
    );
    let inner = w.view(&deployment("rg1", "bad")).expect("inner record");
    assert_eq!(inner["properties"]["provisioningState"], "Failed");
}

#[test]
fn complete_mode_keeps_what_nested_deployments_deployed() {
    // learn.microsoft.com/azure/azure-resource-manager/templates/linked-templates: the
    // nested template's resources count as part of the template in complete mode.
    let mut w = base();
    let t = template(
        json!({}),
        json!([inner_deployment(
            "keepme",
            json!({"value": "wskeep"}),
            json!({})
        )]),
        json!({}),
    );
    let body = json!({"properties": {"mode": "Complete", "template": t, "parameters": {}}});
    let r = put(&mut w, &deployment("rg1", "complete1"), body.clone());
    if let Some(op) = r.operation {
        w.apply(&Input::Wait { operation: op });
    }
    assert!(w.find(&ws("rg1", "wskeep")).is_some());
    // Deploy the same template again in complete mode: the workspace stays.
    let r = put(&mut w, &deployment("rg1", "complete2"), body);
    if let Some(op) = r.operation {
        w.apply(&Input::Wait { operation: op });
    }
    let rec = w.view(&deployment("rg1", "complete2")).expect("record");
    assert_eq!(
        rec["properties"]["provisioningState"], "Succeeded",
        "{rec:#}"
    );
    assert!(
        w.find(&ws("rg1", "wskeep")).is_some(),
        "not deleted by complete mode"
    );
}
