//! Requests shaped as the real az 2.91 sends them (measured against `hcsim serve` with
//! `az --debug`), beyond REAL-CLIENTS.md's recipe: the deployment body with the template
//! spliced in after an unquoted `template:` key, `//` in generic resource paths, the
//! pre-provider deployment paths, the provider's api-versions `az resource` reads, and the
//! generic resource list.

mod common;

use common::serve;
use serde_json::Value;

const RG_V: &str = "?api-version=2024-11-01";

fn group(s: &common::Served, t: &str) {
    let a = s.send(
        "PUT",
        &s.sub(&format!("/resourcegroups/rg1{RG_V}")),
        Some(t),
        Some(r#"{"location":"eastus"}"#),
    );
    assert_eq!(a.status, 201);
}

/// The reference template (shared/reference/arm-templates/azure-api-for-fhir.azuredeploy.json,
/// Azure-Samples quickstart, MIT), as az splices it.
fn az_deployment_body() -> String {
    let template = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {"serviceName": {"type": "string"}, "location": {"type": "string"}},
  "resources": [{
    "type": "Microsoft.HealthcareApis/services", "apiVersion": "2021-11-01",
    "name": "[parameters('serviceName')]", "location": "[parameters('location')]", "kind": "fhir-R4",
    "properties": {"authenticationConfiguration": {
      "audience": "[format('https://{0}.azurehealthcareapis.com', parameters('serviceName'))]",
      "authority": "[uri(environment().authentication.loginEndpoint, subscription().tenantId)]"}}
  }]
}"#;
    format!(
        "{{\"properties\": {{\"parameters\": {{\"serviceName\": {{\"value\": \"fhirsvc1\"}}, \"location\": {{\"value\": \"eastus\"}}}}, \"mode\": \"Incremental\", template:{template}}}}}"
    )
}

#[test]
fn az_deployment_with_spliced_template_validates_and_deploys() {
    let s = serve();
    let t = s.owner();
    group(&s, &t);
    let body = az_deployment_body();
    let base = "/resourcegroups/rg1/providers/Microsoft.Resources/deployments/d1";
    let v = s.send(
        "POST",
        &s.sub(&format!("{base}/validate?api-version=2025-04-01")),
        Some(&t),
        Some(&body),
    );
    assert_eq!(v.status, 200, "{}", String::from_utf8_lossy(&v.body));
    let put = s.put(&t, &format!("{base}?api-version=2025-04-01"), &body);
    assert_eq!(put.status, 201, "{}", String::from_utf8_lossy(&put.body));
    assert!(put.header("Azure-AsyncOperation").is_some());
    let got = s
        .send(
            "GET",
            &s.sub(&format!("{base}?api-version=2025-04-01")),
            Some(&t),
            None,
        )
        .json();
    assert_eq!(got["properties"]["provisioningState"], "Succeeded");
    // `az deployment operation group list` asks at the pre-provider path.
    let ops = s.send(
        "GET",
        &s.sub("/resourcegroups/rg1/deployments/d1/operations?api-version=2025-04-01"),
        Some(&t),
        None,
    );
    assert_eq!(ops.status, 200, "{}", String::from_utf8_lossy(&ops.body));
    // `az resource list -g rg1`: the FHIR service, not the group or the deployment record.
    let list = s
        .send(
            "GET",
            &s.sub("/resources?$filter=resourceGroup%20eq%20%27rg1%27&api-version=2024-11-01"),
            Some(&t),
            None,
        )
        .json();
    let types: Vec<&str> = list["value"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["type"].as_str())
        .collect();
    assert_eq!(types, ["Microsoft.HealthcareApis/services"]);
}

#[test]
fn generic_resource_paths_with_an_empty_parent_work() {
    let s = serve();
    let t = s.owner();
    group(&s, &t);
    let path = s.sub("/resourcegroups/rg1/providers/Microsoft.HealthcareApis//workspaces/ws2?api-version=2024-03-31");
    assert_eq!(
        s.send("PUT", &path, Some(&t), Some(r#"{"location":"eastus"}"#))
            .status,
        201
    );
    assert_eq!(s.send("GET", &path, Some(&t), None).json()["name"], "ws2");
    assert_eq!(s.send("DELETE", &path, Some(&t), None).status, 202);
}

#[test]
fn providers_list_types_and_api_versions() {
    let s = serve();
    let t = s.owner();
    let p = s.send(
        "GET",
        &s.sub("/providers/Microsoft.HealthcareApis?api-version=2024-11-01"),
        Some(&t),
        None,
    );
    assert_eq!(p.status, 200);
    let p = p.json();
    let ws = p["resourceTypes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["resourceType"] == "workspaces")
        .unwrap();
    // Newest first, previews included, as ARM lists them; az resource picks the newest
    // non-preview one (Azure/azure-cli `resource/custom.py`, `_resolve_api_version`).
    let versions: Vec<&str> = ws["apiVersions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let newest_stable = versions.iter().find(|v| !v.ends_with("-preview"));
    assert_eq!(newest_stable, Some(&"2024-03-31"), "{versions:?}");
    assert!(
        !versions.contains(&"2020-03-30"),
        "workspaces start in 2021: {versions:?}"
    );
    let all = s
        .send(
            "GET",
            &s.sub("/providers?api-version=2024-11-01"),
            Some(&t),
            None,
        )
        .json();
    assert!(all["value"].as_array().unwrap().len() >= 5);
    let bad = s.send(
        "GET",
        &s.sub("/providers/Contoso.Nothing?api-version=2024-11-01"),
        Some(&t),
        None,
    );
    assert_eq!(
        (bad.status, bad.code().as_str()),
        (404, "InvalidResourceNamespace")
    );
    let no_version = s.send("GET", &s.sub("/providers"), Some(&t), None);
    assert_eq!(no_version.code(), "MissingApiVersionParameter");
}

#[test]
fn what_if_answers_the_changes() {
    let s = serve();
    let t = s.owner();
    group(&s, &t);
    let body = az_deployment_body();
    let w = s.send("POST", &s.sub("/resourcegroups/rg1/providers/Microsoft.Resources/deployments/d2/whatIf?api-version=2025-04-01"), Some(&t), Some(&body));
    assert!(
        w.status == 200 || w.status == 202,
        "{}",
        String::from_utf8_lossy(&w.body)
    );
}

/// `az role assignment list -g rg1` asks `…/roleAssignments?$filter=atScope()`: assignments at
/// the group and above it, not those on resources inside it (ARM REST, Role Assignments -
/// List For Scope). az then keeps those exactly at the scope (azure-cli role/custom.py,
/// `_search_role_assignments`).
#[test]
fn role_assignments_at_scope_are_at_or_above_it() {
    let s = serve();
    let t = s.owner();
    group(&s, &t);
    let vnet = "/resourcegroups/rg1/providers/Microsoft.Network/virtualNetworks/vnet1";
    let body = r#"{"location":"eastus","properties":{"addressSpace":{"addressPrefixes":["10.0.0.0/16"]}}}"#;
    let v = s.put(&t, &format!("{vnet}?api-version=2023-09-01"), body);
    assert!(v.status < 300, "{}", String::from_utf8_lossy(&v.body));
    let users = s
        .send(
            "GET",
            "/v1.0/users?$filter=userPrincipalName%20eq%20'bob@contoso.com'",
            Some(&t),
            None,
        )
        .json();
    let bob = users["value"][0]["id"].as_str().unwrap().to_string();
    let body = serde_json::json!({"properties": {"roleDefinitionId": s.sub("/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635"), "principalId": bob}});
    let ra = s.put(&t, "/resourcegroups/rg1/providers/Microsoft.Network/virtualNetworks/vnet1/providers/Microsoft.Authorization/roleAssignments/0f9ab0d5-5a3b-4f0e-9d6a-2f36a5b4f0a1?api-version=2022-04-01", &body.to_string());
    assert_eq!(ra.status, 201, "{}", String::from_utf8_lossy(&ra.body));
    let at = s.send("GET", &s.sub("/resourceGroups/rg1/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope%28%29"), Some(&t), None).json();
    let scopes: Vec<&str> = at["value"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["properties"]["scope"].as_str())
        .collect();
    assert!(!scopes.is_empty());
    assert!(
        scopes.iter().all(|sc| !sc.contains("virtualNetworks")),
        "{scopes:?}"
    );
    let all = s.send("GET", &s.sub("/resourceGroups/rg1/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01"), Some(&t), None).json();
    assert!(all["value"].as_array().unwrap().iter().any(|a| {
        a["properties"]["scope"]
            .as_str()
            .unwrap()
            .contains("virtualNetworks")
    }));
}

/// `az role assignment list --scope <FHIR service id>` asks Microsoft.Authorization's
/// api-version under a HealthcareApis resource: the collection's type decides the version
/// check, and registering the provider speaks Microsoft.Resources' versions.
#[test]
fn extension_collections_use_their_own_api_version() {
    let s = serve();
    let t = s.owner();
    group(&s, &t);
    let ws = "/resourcegroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1";
    let put = s.put(
        &t,
        &format!("{ws}?api-version=2024-03-31"),
        r#"{"location":"eastus"}"#,
    );
    assert_eq!(put.status, 201);
    let ra = s.send("GET", &s.sub("/resourcegroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope()"), Some(&t), None);
    assert_eq!(ra.status, 200, "{}", String::from_utf8_lossy(&ra.body));
    let reg = s.send(
        "POST",
        &s.sub("/providers/Microsoft.HealthcareApis/register?api-version=2024-11-01"),
        Some(&t),
        None,
    );
    assert!(reg.status < 300, "{}", String::from_utf8_lossy(&reg.body));
}
