//! What-if diffs and the export round trip.

use hcsim_lab::template::{
    ChangeType, DesiredResource, NoResources, PropertyChangeType, ResourceReader, Scope,
    WhatIfMode, export_template, plan, what_if,
};
use serde_json::{Value, json};
use std::collections::BTreeMap;

fn scope() -> Scope {
    Scope {
        tenant_id: "t".into(),
        subscription_id: "s".into(),
        subscription_name: "Sub".into(),
        resource_group: "rg".into(),
        resource_group_location: "eastus".into(),
        deployment_name: "d".into(),
    }
}

const RG: &str = "/subscriptions/s/resourceGroups/rg";

fn ws_path(n: &str) -> hcsim_core::id::ArmPath {
    hcsim_core::id::ArmPath::parse(RG).unwrap().provider(
        "Microsoft.HealthcareApis",
        "workspaces",
        n,
    )
}

fn ws_id(n: &str) -> String {
    ws_path(n).to_string()
}

fn desired(id: &str, ty: &str, body: Value) -> DesiredResource {
    DesiredResource {
        id: id.into(),
        resource_type: ty.into(),
        api_version: Some("2024-03-31".into()),
        body,
        deferred: false,
    }
}

/// The incremental what-if's text: scope, one line per change with its symbol, the changed
/// property with before and after, and the summary line.
fn assert_incremental_rendering(text: &str) {
    assert!(
        text.contains("Scope: /subscriptions/s/resourceGroups/rg"),
        "{text}"
    );
    assert!(
        text.contains("  + Microsoft.HealthcareApis/workspaces/ws2 [2024-03-31]"),
        "{text}"
    );
    assert!(
        text.contains("  ~ Microsoft.HealthcareApis/workspaces/ws1/fhirservices/fs1 [2024-03-31]"),
        "{text}"
    );
    assert!(text.contains("    ~ properties.authenticationConfiguration.audience: \"https://old\" => \"https://new\""), "{text}");
    assert!(
        text.contains("  * Microsoft.HealthcareApis/workspaces/old"),
        "{text}"
    );
    assert!(
        text.trim_end()
            .ends_with("Resource changes: 2 to create, 1 to modify, 1 no change, 1 to ignore."),
        "{text}"
    );
}

#[test]
fn what_if_classifies_changes_and_renders() {
    let fhir = ws_path("ws1").child("fhirservices", "fs1").to_string();
    let mut current: BTreeMap<String, Value> = BTreeMap::new();
    current.insert(
        ws_id("ws1"),
        json!({"id": ws_id("ws1"), "name": "ws1", "type": "Microsoft.HealthcareApis/workspaces", "location": "East US",
               "tags": {"env": "dev"}, "etag": "x", "systemData": {},
               "properties": {"provisioningState": "Succeeded", "publicNetworkAccess": "Enabled", "privateEndpointConnections": []}}),
    );
    current.insert(
        fhir.clone(),
        json!({"location": "eastus", "kind": "fhir-R4",
               "identity": {"type": "SystemAssigned", "principalId": "p", "tenantId": "t"},
               "properties": {"authenticationConfiguration": {"audience": "https://old", "authority": "a"}, "serviceUrl": "u"}}),
    );
    current.insert(ws_id("old"), json!({"location": "eastus"}));
    let want = vec![
        // Same apart from read-only noise and location spelling: NoChange.
        desired(
            &ws_id("ws1"),
            "Microsoft.HealthcareApis/workspaces",
            json!({"location": "eastus", "tags": {"env": "dev"}, "properties": {}}),
        ),
        // Audience changes and a tag is added: Modify.
        desired(
            &fhir,
            "Microsoft.HealthcareApis/workspaces/fhirservices",
            json!({"location": "eastus", "kind": "fhir-R4", "identity": {"type": "SystemAssigned"}, "tags": {"a": "b"},
            "properties": {"authenticationConfiguration": {"audience": "https://new"}}}),
        ),
        desired(
            &ws_id("ws2"),
            "Microsoft.HealthcareApis/workspaces",
            json!({"location": "eastus", "properties": {}}),
        ),
        desired(
            &ws_id("ws3"),
            "Microsoft.HealthcareApis/workspaces",
            json!({"location": "eastus"}),
        ),
    ];
    let existing: Vec<(String, String)> = current
        .keys()
        .map(|k| (k.clone(), "Microsoft.HealthcareApis/workspaces".to_string()))
        .collect();
    let get = |id: &str| current.get(id).cloned();
    let inc = what_if(&want, get, WhatIfMode::Incremental, &existing);
    let kinds: Vec<(String, ChangeType)> = inc
        .changes
        .iter()
        .map(|c| (c.resource_id.clone(), c.change_type))
        .collect();
    assert!(
        kinds.contains(&(ws_id("ws1"), ChangeType::NoChange)),
        "{kinds:?}"
    );
    assert!(kinds.contains(&(fhir.clone(), ChangeType::Modify)));
    assert!(kinds.contains(&(ws_id("ws2"), ChangeType::Create)));
    assert!(kinds.contains(&(ws_id("old"), ChangeType::Ignore)));
    let m = inc.changes.iter().find(|c| c.resource_id == fhir).unwrap();
    assert_eq!(m.delta.len(), 2, "{:?}", m.delta);
    let aud = m
        .delta
        .iter()
        .find(|d| d.path == "properties.authenticationConfiguration.audience")
        .unwrap();
    assert_eq!(aud.property_change_type, PropertyChangeType::Modify);
    assert_eq!(aud.before, Some(json!("https://old")));
    assert!(
        m.delta
            .iter()
            .any(|d| d.path == "tags" && d.property_change_type == PropertyChangeType::Create)
    );
    assert_incremental_rendering(&inc.render());
    let complete = what_if(
        &want,
        |id: &str| current.get(id).cloned(),
        WhatIfMode::Complete,
        &existing,
    );
    assert_eq!(complete.count(ChangeType::Delete), 1);
    assert!(complete.render().contains("1 to delete"));
    let json = serde_json::to_value(&complete).unwrap();
    assert_eq!(json["changes"][0]["changeType"], "Delete");
    assert!(json["changes"][0].get("resourceId").is_some());
}

#[test]
fn what_if_marks_reference_values_as_deploy() {
    let t = json!({
        "contentVersion": "1.0.0.0",
        "resources": [
            {"type": "Microsoft.HealthcareApis/workspaces/iotconnectors", "apiVersion": "2024-03-31", "name": "ws/iot", "location": "eastus", "identity": {"type": "SystemAssigned"}},
            {"type": "Microsoft.Authorization/roleAssignments", "apiVersion": "2022-04-01", "name": "[guid('r')]",
             "scope": "[resourceId('Microsoft.HealthcareApis/workspaces', 'ws')]",
             "properties": {"principalId": "[reference(resourceId('Microsoft.HealthcareApis/workspaces/iotconnectors', 'ws', 'iot'), '2024-03-31', 'Full').identity.principalId]"},
             "dependsOn": ["[resourceId('Microsoft.HealthcareApis/workspaces/iotconnectors', 'ws', 'iot')]"]}
        ]
    })
    .to_string();
    let p = plan(&t, &json!({}), &scope()).unwrap();
    let ra_id = p.resources()[1].id.clone();
    // The role assignment exists already, the connector does not: its principal is unknown.
    let state: BTreeMap<String, Value> =
        [(ra_id.clone(), json!({"properties": {"principalId": "old"}}))].into();
    let reader = |id: &str| state.get(id).cloned();
    let want = p.desired(&reader).unwrap();
    assert!(want[1].deferred);
    assert_eq!(
        want[1].body["properties"]["principalId"],
        json!(
            "[reference(resourceId('Microsoft.HealthcareApis/workspaces/iotconnectors', 'ws', 'iot'), '2024-03-31', 'Full').identity.principalId]"
        )
    );
    let r = what_if(&want, reader, WhatIfMode::Incremental, &[]);
    let ra = r.changes.iter().find(|c| c.resource_id == ra_id).unwrap();
    assert_eq!(ra.change_type, ChangeType::Deploy);
    assert!(r.render().contains("! Deploy"));
    assert!(
        r.summary().contains("1 to create, 1 to deploy"),
        "{}",
        r.summary()
    );
}

struct Bodies(BTreeMap<String, Value>);

impl ResourceReader for Bodies {
    fn reference(&self, id: &str) -> Option<Value> {
        self.0.get(id).cloned()
    }
}

#[test]
fn export_round_trips_through_plan() {
    let ws = ws_id("ws1");
    let fhir = ws_path("ws1").child("fhirservices", "fhir1").to_string();
    let dicom = ws_path("ws1").child("dicomservices", "dicom-1").to_string();
    let bodies = vec![
        json!({"id": fhir, "name": "fhir1", "type": "Microsoft.HealthcareApis/workspaces/fhirservices", "location": "eastus", "kind": "fhir-R4",
               "etag": "e", "systemData": {"createdBy": "me"},
               "identity": {"type": "SystemAssigned", "principalId": "p", "tenantId": "t"},
               "tags": {"env": "[dev]"},
               "properties": {"provisioningState": "Succeeded", "publicNetworkAccess": "Enabled", "eventState": "Disabled",
                              "authenticationConfiguration": {"authority": "https://login.microsoftonline.com/t", "audience": "https://ws1-fhir1.fhir.azurehealthcareapis.com", "smartProxyEnabled": false}}}),
        json!({"id": ws, "name": "ws1", "type": "Microsoft.HealthcareApis/workspaces", "location": "eastus",
               "properties": {"provisioningState": "Succeeded", "privateEndpointConnections": []}}),
        json!({"id": dicom, "name": "dicom-1", "type": "Microsoft.HealthcareApis/workspaces/dicomservices", "location": "eastus",
               "properties": {"serviceUrl": "https://ws1-dicom-1.dicom.azurehealthcareapis.com", "authenticationConfiguration": {"authority": "a", "audiences": ["x"]}}}),
        json!({"id": hcsim_core::id::ArmPath::parse(&fhir).unwrap().provider("Microsoft.Authorization", "roleAssignments", "g").to_string(), "name": "g", "type": "Microsoft.Authorization/roleAssignments", "properties": {}}),
    ];
    let t = export_template(&bodies);
    assert_eq!(
        t["$schema"],
        "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
    );
    assert_eq!(t["contentVersion"], "1.0.0.0");
    assert_eq!(
        t["parameters"]["workspaces_ws1_name"],
        json!({"type": "String", "defaultValue": "ws1"})
    );
    let res = t["resources"].as_array().unwrap();
    assert_eq!(res.len(), 3, "role assignment is not exported");
    assert_eq!(res[0]["name"], "[parameters('workspaces_ws1_name')]");
    let f = res
        .iter()
        .find(|r| r["type"] == "Microsoft.HealthcareApis/workspaces/fhirservices")
        .unwrap();
    assert_eq!(
        f["name"],
        "[concat(parameters('workspaces_ws1_name'), '/fhir1')]"
    );
    assert_eq!(f["apiVersion"], "2024-03-31");
    assert_eq!(
        f["dependsOn"],
        json!([
            "[resourceId('Microsoft.HealthcareApis/workspaces', parameters('workspaces_ws1_name'))]"
        ])
    );
    assert_eq!(f["identity"], json!({"type": "SystemAssigned"}));
    assert!(f["properties"].get("provisioningState").is_none());
    assert!(f["properties"].get("publicNetworkAccess").is_none());
    // Round trip: plan the exported template and get the same ids and bodies back.
    let p = plan(&t.to_string(), &json!({}), &scope()).unwrap();
    let ids: Vec<&str> = p.resources().iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, [ws.as_str(), dicom.as_str(), fhir.as_str()]);
    assert_eq!(p.waves().len(), 2);
    let i = p.index_of(&fhir).unwrap();
    let body = p.resolve_body(i, &NoResources).unwrap();
    assert_eq!(
        body["tags"],
        json!({"env": "[dev]"}),
        "literal brackets survive"
    );
    assert_eq!(
        body["properties"]["authenticationConfiguration"]["audience"],
        "https://ws1-fhir1.fhir.azurehealthcareapis.com"
    );
    let d = p
        .resolve_body(p.index_of(&dicom).unwrap(), &Bodies(BTreeMap::new()))
        .unwrap();
    assert_eq!(d["properties"], json!({}));
    // Exported desired state shows no change against the original bodies.
    let current: BTreeMap<String, Value> = bodies
        .iter()
        .map(|b| (b["id"].as_str().unwrap().to_string(), b.clone()))
        .collect();
    let want = p.desired(&NoResources).unwrap();
    let r = what_if(
        &want,
        |id: &str| current.get(id).cloned(),
        WhatIfMode::Incremental,
        &[],
    );
    assert_eq!(r.count(ChangeType::NoChange), 3, "{}", r.render());
    // Renaming the workspace through the parameter renames the children too.
    let p2 = plan(
        &t.to_string(),
        &json!({"workspaces_ws1_name": "other"}),
        &scope(),
    )
    .unwrap();
    assert!(
        p2.resources()
            .iter()
            .all(|r| r.id.contains("/workspaces/other"))
    );
}
