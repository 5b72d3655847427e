//! Template engine behaviour: copy loops, conditions, nested resources, dependencies,
//! limits and malformed input.

use hcsim_lab::template::{NoResources, Scope, TemplateError, plan};
use proptest::prelude::*;
use serde_json::{Value, json};

fn scope() -> Scope {
    Scope {
        tenant_id: "t".into(),
        subscription_id: "s".into(),
        subscription_name: "Sub".into(),
        resource_group: "rg".into(),
        resource_group_location: "westus2".into(),
        deployment_name: "d".into(),
    }
}

const RG: &str = "/subscriptions/s/resourceGroups/rg";

fn template(resources: Value) -> String {
    json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "resources": resources
    })
    .to_string()
}

fn plan_err(t: &str, p: Value) -> TemplateError {
    plan(t, &p, &scope()).expect_err("plan should fail")
}

fn ws(name: &str) -> Value {
    json!({"type": "Microsoft.HealthcareApis/workspaces", "apiVersion": "2024-03-31", "name": name, "location": "eastus", "properties": {}})
}

#[test]
fn copy_loops_expand_with_copy_index() {
    let t = json!({
        "contentVersion": "1.0.0.0",
        "parameters": {"n": {"type": "int", "defaultValue": 3, "minValue": 0, "maxValue": 5}},
        "variables": {
            "copy": [{"name": "names", "count": "[parameters('n')]", "input": "[concat('ws', copyIndex('names', 1))]"}]
        },
        "resources": [{
            "type": "Microsoft.HealthcareApis/workspaces",
            "apiVersion": "2024-03-31",
            "name": "[variables('names')[copyIndex()]]",
            "location": "[resourceGroup().location]",
            "copy": {"name": "wsLoop", "count": "[parameters('n')]"},
            "properties": {
                "copy": [{"name": "tagsList", "count": 2, "input": "[concat('t', copyIndex('tagsList'))]"}]
            }
        }, {
            "type": "Microsoft.Storage/storageAccounts",
            "apiVersion": "2023-01-01",
            "name": "st",
            "location": "eastus",
            "dependsOn": ["wsLoop"]
        }],
        "outputs": {
            "names": {"type": "array", "copy": {"count": "[parameters('n')]", "input": "[variables('names')[copyIndex()]]"}},
            "first": {"type": "string", "value": "[variables('names')[0]]"},
            "hidden": {"type": "string", "condition": "[equals(parameters('n'), 0)]", "value": "x"}
        }
    })
    .to_string();
    let p = plan(&t, &json!({}), &scope()).unwrap();
    let names: Vec<&str> = p.resources().iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["ws1", "ws2", "ws3", "st"]);
    assert_eq!(p.resources()[1].copy.as_ref().map(|c| c.index), Some(1));
    assert_eq!(p.waves(), [vec![0, 1, 2], vec![3]]);
    let body = p.resolve_body(2, &NoResources).unwrap();
    assert_eq!(body["location"], "westus2");
    assert_eq!(body["properties"], json!({"tagsList": ["t0", "t1"]}));
    let out = p.outputs(&NoResources).unwrap();
    assert_eq!(
        out["names"],
        json!({"type": "Array", "value": ["ws1", "ws2", "ws3"]})
    );
    assert_eq!(out["first"], json!({"type": "String", "value": "ws1"}));
    assert!(out.get("hidden").is_none());
    // Parameter bounds and copy count.
    let e = plan_err(&t, json!({"n": 9}));
    assert!(e.message.contains("less than or equal to '5'"), "{e}");
    let e = plan_err(&t, json!({"n": "three"}));
    assert!(
        e.message.contains("Expected a value of type 'Integer'"),
        "{e}"
    );
    let p0 = plan(&t, &json!({"n": "0"}), &scope()).unwrap();
    assert_eq!(p0.resources().len(), 1);
}

#[test]
fn serial_copy_runs_in_batches() {
    let t = template(json!([{
        "type": "Microsoft.HealthcareApis/workspaces", "apiVersion": "2024-03-31",
        "name": "[concat('w', copyIndex())]", "location": "eastus",
        "copy": {"name": "l", "count": 4, "mode": "serial", "batchSize": 2}
    }]));
    let p = plan(&t, &json!({}), &scope()).unwrap();
    assert_eq!(p.waves(), [vec![0, 1], vec![2, 3]]);
}

#[test]
fn nested_resources_and_parent_child_names() {
    let t = template(json!([{
        "type": "Microsoft.HealthcareApis/workspaces", "apiVersion": "2024-03-31", "name": "ws1", "location": "eastus",
        "resources": [{
            "type": "fhirservices", "apiVersion": "2024-03-31", "name": "fhir1", "location": "eastus", "kind": "fhir-R4"
        }, {
            "type": "Microsoft.HealthcareApis/workspaces/dicomservices", "apiVersion": "2024-03-31", "name": "ws1/dicom1", "location": "eastus"
        }]
    }, {
        "type": "Microsoft.HealthcareApis/workspaces/iotconnectors", "apiVersion": "2024-03-31", "name": "ws1/iot1", "location": "eastus"
    }, {
        "type": "Microsoft.Authorization/roleAssignments", "apiVersion": "2022-04-01",
        "name": "[guid('x')]",
        "scope": "[resourceId('Microsoft.HealthcareApis/workspaces/fhirservices', 'ws1', 'fhir1')]",
        "properties": {"principalId": "p", "roleDefinitionId": "r"},
        "dependsOn": ["Microsoft.HealthcareApis/workspaces/fhirservices/ws1/fhir1"]
    }]));
    let p = plan(&t, &json!({}), &scope()).unwrap();
    let ws_path = hcsim_core::id::ArmPath::parse(RG).unwrap().provider(
        "Microsoft.HealthcareApis",
        "workspaces",
        "ws1",
    );
    let ws = ws_path.to_string();
    let ids: Vec<&str> = p.resources().iter().map(|r| r.id.as_str()).collect();
    let fhir_path = ws_path.clone().child("fhirservices", "fhir1");
    let fhir = fhir_path.to_string();
    let ra = fhir_path
        .provider(
            "Microsoft.Authorization",
            "roleAssignments",
            &hcsim_lab::template::guid(&["x"]),
        )
        .to_string();
    assert_eq!(
        ids,
        [
            ws.clone(),
            fhir.clone(),
            ws_path.clone().child("dicomservices", "dicom1").to_string(),
            ws_path.child("iotconnectors", "iot1").to_string(),
            ra
        ]
    );
    assert_eq!(
        p.resources()[1].resource_type,
        "Microsoft.HealthcareApis/workspaces/fhirservices"
    );
    assert_eq!(p.resources()[1].depends_on, [0]);
    assert_eq!(p.resources()[2].depends_on, [0]);
    // `ws1/iot1` implicitly depends on the workspace defined in the template.
    assert_eq!(p.resources()[3].depends_on, [0]);
    assert_eq!(p.resources()[4].depends_on, [1]);
    assert_eq!(p.waves(), [vec![0], vec![1, 2, 3], vec![4]]);
    assert_eq!(
        p.resolve_body(4, &NoResources).unwrap()["scope"],
        json!(fhir)
    );
}

#[test]
fn conditions_drop_resources_and_dependencies() {
    let t = json!({
        "contentVersion": "1.0.0.0",
        "parameters": {"on": {"type": "bool"}},
        "resources": [
            {"condition": "[parameters('on')]", "type": "Microsoft.HealthcareApis/workspaces", "apiVersion": "2024-03-31", "name": "a", "location": "eastus"},
            {"type": "Microsoft.HealthcareApis/workspaces", "apiVersion": "2024-03-31", "name": "b", "location": "eastus", "dependsOn": ["a"]}
        ]
    })
    .to_string();
    let off = plan(&t, &json!({"on": "false"}), &scope()).unwrap();
    assert_eq!(off.resources().len(), 1);
    assert!(off.resources()[0].depends_on.is_empty());
    let on = plan(&t, &json!({"on": {"value": true}}), &scope()).unwrap();
    assert_eq!(on.resources()[1].depends_on, [0]);
}

#[test]
fn dependency_errors() {
    let cyc = template(json!([
        {"type": "Microsoft.HealthcareApis/workspaces", "apiVersion": "2024-03-31", "name": "a", "location": "eastus", "dependsOn": ["b"]},
        {"type": "Microsoft.HealthcareApis/workspaces", "apiVersion": "2024-03-31", "name": "b", "location": "eastus", "dependsOn": ["[resourceId('Microsoft.HealthcareApis/workspaces', 'a')]"]}
    ]));
    let e = plan_err(&cyc, json!({}));
    assert_eq!(e.code, "InvalidTemplate");
    assert!(e.message.contains("Circular dependency"), "{e}");
    assert!(
        e.message.contains("workspaces/a") && e.message.contains("workspaces/b"),
        "{e}"
    );
    let missing = template(json!([
        {"type": "Microsoft.HealthcareApis/workspaces", "apiVersion": "2024-03-31", "name": "a", "location": "eastus", "dependsOn": ["nothere"]}
    ]));
    let e = plan_err(&missing, json!({}));
    assert!(
        e.message
            .contains("The resource 'nothere' is not defined in the template."),
        "{e}"
    );
    assert_eq!(e.path, "resources[0].dependsOn[0]");
    let dup = template(json!([ws("a"), ws("A")]));
    assert!(
        plan_err(&dup, json!({}))
            .message
            .contains("defined multiple times")
    );
}

#[test]
fn malformed_templates_give_clear_errors() {
    for (text, needle) in [
        ("{", "not valid JSON"),
        ("[]", "JSON object"),
        ("{\"resources\": []}", "contentVersion"),
        ("{\"contentVersion\": \"1.0.0.0\"}", "'resources'"),
        (
            "{\"contentVersion\": \"1.0.0.0\", \"resources\": [], \"bogus\": 1}",
            "bogus",
        ),
        (
            "{\"contentVersion\": \"1.0.0.0\", \"resources\": {}}",
            "languageVersion",
        ),
        (
            "{\"contentVersion\": \"1.0.0.0\", \"resources\": [], \"functions\": [{}]}",
            "User-defined functions",
        ),
        (
            "{\"contentVersion\": \"1.0.0.0\", \"resources\": [], \"parameters\": {\"p\": {\"type\": \"float\"}}}",
            "float",
        ),
    ] {
        let e = plan_err(text, json!({}));
        assert!(e.message.contains(needle), "{text}: {e}");
    }
    let unknown_fn = template(
        json!([{"type": "Microsoft.HealthcareApis/workspaces", "apiVersion": "2024-03-31", "name": "[nosuch('a')]", "location": "x"}]),
    );
    let e = plan_err(&unknown_fn, json!({}));
    assert!(e.message.contains("'nosuch' is not valid"), "{e}");
    assert_eq!(e.path, "resources[0].name");
    let wrong_type = template(
        json!([{"type": "Microsoft.HealthcareApis/workspaces", "apiVersion": "2024-03-31", "name": "[toLower(1)]", "location": "x"}]),
    );
    assert!(
        plan_err(&wrong_type, json!({}))
            .message
            .contains("'String'")
    );
    let bad_key = template(
        json!([{"type": "Microsoft.HealthcareApis/workspaces", "apiVersion": "2024-03-31", "name": "a", "locaton": "x"}]),
    );
    let e = plan_err(&bad_key, json!({}));
    assert_eq!(e.path, "resources[0].locaton");
    let segs = template(
        json!([{"type": "Microsoft.HealthcareApis/workspaces/fhirservices", "apiVersion": "2024-03-31", "name": "only", "location": "x"}]),
    );
    assert!(
        plan_err(&segs, json!({}))
            .message
            .contains("segment lengths")
    );
    let e = plan(&template(json!([{"type": "Microsoft.HealthcareApis/workspaces", "apiVersion": "2024-03-31", "name": "a", "location": "x", "properties": {"audience": "[div(1, 0)]"}}])), &json!({}), &scope())
        .unwrap()
        .resolve_body(0, &NoResources)
        .unwrap_err();
    assert_eq!(e.path, "resources[0].properties.audience");
    assert!(e.message.contains("[div(1, 0)]"), "{e}");
}

#[test]
fn limits_are_enforced() {
    let over = template(
        json!([{"type": "Microsoft.HealthcareApis/workspaces", "apiVersion": "2024-03-31", "name": "[concat('w', copyIndex())]", "location": "x", "copy": {"name": "l", "count": 801}}]),
    );
    let e = plan_err(&over, json!({}));
    assert!(
        e.message.contains("'801'") && e.message.contains("800"),
        "{e}"
    );
    assert_eq!(e.path, "resources[0].copy.count");
    let neg = over.replace("801", "-1");
    assert!(plan_err(&neg, json!({})).message.contains("non-negative"));
    // 2 loops of 500 = 1000 resources > 800.
    let many = template(json!([
        {"type": "A.B/c", "apiVersion": "1", "name": "[concat('x', copyIndex())]", "copy": {"name": "l1", "count": 500}},
        {"type": "A.B/d", "apiVersion": "1", "name": "[concat('y', copyIndex())]", "copy": {"name": "l2", "count": 500}}
    ]));
    assert!(
        plan_err(&many, json!({}))
            .message
            .contains("resources limit exceeded")
    );
    let mut params = serde_json::Map::new();
    for i in 0..257 {
        params.insert(
            format!("p{i}"),
            json!({"type": "string", "defaultValue": ""}),
        );
    }
    let t = json!({"contentVersion": "1.0.0.0", "parameters": params, "resources": []}).to_string();
    assert!(plan_err(&t, json!({})).message.contains("256"));
    let mut outs = serde_json::Map::new();
    for i in 0..65 {
        outs.insert(format!("o{i}"), json!({"type": "string", "value": ""}));
    }
    let t = json!({"contentVersion": "1.0.0.0", "outputs": outs, "resources": []}).to_string();
    assert!(plan_err(&t, json!({})).message.contains("64"));
    let start = std::time::Instant::now();
    let huge = " ".repeat(10 * 1024 * 1024);
    let e = plan_err(&huge, json!({}));
    assert_eq!(e.code, "RequestContentTooLarge");
    assert!(start.elapsed().as_millis() < 1000);
    // Deep nesting in a template expression.
    let deep = format!("[{}'a'{}]", "concat(".repeat(10_000), ")".repeat(10_000));
    let t = template(json!([{"type": "A.B/c", "apiVersion": "1", "name": deep}]));
    assert!(plan_err(&t, json!({})).message.contains("nested more than"));
    // Exponential growth through variables is bounded.
    let mut vars = serde_json::Map::new();
    vars.insert("v0".into(), json!("[padLeft('', 1000, 'x')]"));
    for i in 1..40 {
        vars.insert(
            format!("v{i}"),
            json!(format!(
                "[concat(variables('v{}'), variables('v{}'))]",
                i - 1,
                i - 1
            )),
        );
    }
    let t = json!({"contentVersion": "1.0.0.0", "variables": vars, "resources": []}).to_string();
    assert!(plan_err(&t, json!({})).message.contains("limit"));
    let t = json!({"contentVersion": "1.0.0.0", "variables": {"a": "[variables('b')]", "b": "[variables('a')]"}, "resources": []}).to_string();
    assert!(plan_err(&t, json!({})).message.contains("circular"));
}

#[test]
fn parameter_shapes_and_defaults() {
    let t = json!({
        "contentVersion": "1.0.0.0",
        "parameters": {
            "name": {"type": "string", "minLength": 3, "maxLength": 24},
            "tags": {"type": "object", "defaultValue": {"env": "[parameters('name')]"}},
            "list": {"type": "array", "defaultValue": [], "allowedValues": ["a", "b"]},
            "id": {"type": "string", "defaultValue": "[newGuid()]"},
            "when": {"type": "string", "defaultValue": "[utcNow('u')]"},
            "secret": {"type": "securestring", "defaultValue": ""}
        },
        "resources": [],
        "outputs": {"tags": {"type": "object", "value": "[parameters('tags')]"}, "bad": {"type": "int", "condition": "[greater(length(parameters('list')), 1)]", "value": "x"}}
    })
    .to_string();
    let file = json!({"$schema": "x", "contentVersion": "1.0.0.0", "parameters": {"name": {"value": "abc"}, "list": {"value": ["a"]}}});
    let p = plan(&t, &file, &scope()).unwrap();
    let params = p.parameters();
    assert_eq!(params["tags"], json!({"env": "abc"}));
    assert_eq!(params["when"], json!("2024-01-01 00:00:00Z"));
    assert_eq!(params["id"].as_str().map(str::len), Some(36));
    assert_eq!(
        p.outputs(&NoResources).unwrap()["tags"]["value"],
        json!({"env": "abc"})
    );
    let e = plan_err(&t, json!({"name": "ab"}));
    assert!(e.message.contains("greater than or equal to '3'"), "{e}");
    let e = plan_err(&t, json!({"name": "abc", "list": ["c"]}));
    assert!(e.message.contains("allowed value"), "{e}");
    let p = plan(&t, &json!({"name": "abc", "list": ["a", "b"]}), &scope()).unwrap();
    let e = p.outputs(&NoResources).unwrap_err();
    assert!(e.message.contains("declared 'Int'"), "{e}");
    assert_eq!(e.path, "outputs.bad");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn expressions_never_panic(s in "\\[[a-zA-Z(),' .\\[\\]0-9-]{0,60}\\]") {
        let _ = hcsim_lab::template::evaluate_expression(&s, &scope());
    }

    #[test]
    fn arbitrary_strings_never_panic(s in ".{0,80}") {
        let _ = hcsim_lab::template::expr::parse(&s);
        let _ = hcsim_lab::template::evaluate_expression(&s, &scope());
        let _ = plan(&s, &json!({}), &scope());
        let t = template(json!([{"type": "A.B/c", "apiVersion": "1", "name": s.clone(), "location": s}]));
        if let Ok(p) = plan(&t, &json!({}), &scope()) {
            let _ = p.resolve_body(0, &NoResources);
        }
    }

    #[test]
    fn function_calls_with_random_arguments_never_panic(
        f in prop::sample::select(vec!["concat", "format", "substring", "padLeft", "range", "split", "replace", "uri", "skip", "take", "min", "indexOf", "div", "mod", "copyIndex", "resourceId", "union", "json", "base64ToString", "createObject", "items", "string", "first", "length"]),
        args in prop::collection::vec(prop::sample::select(vec!["'a'", "''", "'{0}'", "0", "-1", "5", "99999999", "createArray(1,2)", "createObject('a',1)", "null()", "true()", "'Microsoft.A/b'", "'x/y'"]), 0..4)
    ) {
        let e = format!("[{f}({})]", args.join(", "));
        let _ = hcsim_lab::template::evaluate_expression(&e, &scope());
    }
}
