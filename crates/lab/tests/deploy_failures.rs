//! Deployments that break a rule, malformed templates, and Complete mode.

use hcsim_core::{Config, Stage, Timing};
use hcsim_lab::Lab;
use serde_json::{Value, json};

mod support;
use support::ok;

const SUB: &str = "11111111-1111-1111-1111-111111111111";

fn lab() -> Lab {
    let mut lab = Lab::new(Config {
        seed: 11,
        timing: Timing::Realistic,
        stage: Stage::Ga,
    });
    ok(&mut lab, "az group create -n rg1 -l eastus");
    lab
}

fn rg() -> String {
    hcsim_core::id::build::resource_group(SUB, "rg1")
}

fn ws(name: &str) -> String {
    hcsim_core::id::build::workspace(SUB, "rg1", name)
}

fn ws_path(name: &str) -> hcsim_core::id::ArmPath {
    hcsim_core::id::build::workspace_path(SUB, "rg1", name)
}

fn template(resources: Value) -> String {
    json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "resources": resources,
    })
    .to_string()
}

fn workspace(name: &str, location: &str) -> Value {
    json!({"type": "Microsoft.HealthcareApis/workspaces", "apiVersion": "2024-03-31",
           "name": name, "location": location, "properties": {}})
}

fn fhir(ws: &str, name: &str, location: &str) -> Value {
    json!({"type": "Microsoft.HealthcareApis/workspaces/fhirservices", "apiVersion": "2024-03-31",
           "name": format!("{ws}/{name}"), "location": location, "kind": "fhir-R4",
           "properties": {"authenticationConfiguration": {
               "authority": "https://login.microsoftonline.com/t",
               "audience": format!("https://{ws}-{name}.fhir.azurehealthcareapis.com")}},
           "dependsOn": [format!("[resourceId('Microsoft.HealthcareApis/workspaces', '{ws}')]")]})
}

fn dicom(ws: &str, name: &str, location: &str) -> Value {
    json!({"type": "Microsoft.HealthcareApis/workspaces/dicomservices", "apiVersion": "2024-03-31",
           "name": format!("{ws}/{name}"), "location": location, "properties": {},
           "dependsOn": [format!("[resourceId('Microsoft.HealthcareApis/workspaces', '{ws}')]")]})
}

fn deployment(lab: &Lab, name: &str) -> Value {
    lab.world()
        .view(&format!(
            "{}/providers/Microsoft.Resources/deployments/{name}",
            rg()
        ))
        .expect("deployment record")
}

#[test]
fn child_in_another_region_fails_with_the_rule_and_stops_dependents() {
    let mut lab = lab();
    let alice = lab
        .world()
        .directory()
        .find("alice@contoso.com")
        .unwrap()
        .object_id
        .clone();
    let ra = json!({"type": "Microsoft.Authorization/roleAssignments", "apiVersion": "2022-04-01",
        "scope": "Microsoft.HealthcareApis/workspaces/ws1/fhirservices/fhir1",
        "name": "[guid('alice-fhir1')]",
        "properties": {"roleDefinitionId": "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '5a1fc7df-4bf1-4951-a576-89034ee01acd')]",
                       "principalId": alice},
        "dependsOn": ["[resourceId('Microsoft.HealthcareApis/workspaces/fhirservices', 'ws1', 'fhir1')]"]});
    lab.add_file(
        "bad-region.json",
        template(json!([
            workspace("ws1", "eastus"),
            fhir("ws1", "fhir1", "westus2"),
            dicom("ws1", "dicom1", "eastus"),
            ra
        ])),
    );
    let o = lab.run("az deployment group create -g rg1 --template-file bad-region.json");
    assert!(!o.ok);
    assert_eq!(o.code.as_deref(), Some("DeploymentFailed"));
    assert_eq!(o.rule.as_deref(), Some("child-in-workspace-region"));
    assert!(o.explanation.is_some());
    assert!(
        o.output
            .starts_with("(DeploymentFailed) At least one resource deployment operation failed. Please list deployment operations for details."),
        "{}",
        o.output
    );
    assert!(o.output.contains("fhirservices/fhir1"), "{}", o.output);
    assert!(o.output.contains("Not attempted"), "{}", o.output);
    // The workspace and the independent DICOM service deployed; the FHIR service did not,
    // and the role assignment that depends on it was never attempted.
    assert!(lab.world().find(&ws("ws1")).is_some());
    assert!(
        lab.world()
            .find(&ws_path("ws1").child("dicomservices", "dicom1").to_string())
            .is_some()
    );
    assert!(
        lab.world()
            .find(&ws_path("ws1").child("fhirservices", "fhir1").to_string())
            .is_none()
    );
    assert!(lab.world().resources_in_group(SUB, "rg1").iter().all(|r| {
        !r.type_name
            .eq_ignore_ascii_case("Microsoft.Authorization/roleAssignments")
    }));
    let d = deployment(&lab, "bad-region");
    assert_eq!(d["properties"]["provisioningState"], "Failed");
    assert_eq!(d["properties"]["error"]["code"], "DeploymentFailed");
    let details = d["properties"]["error"]["details"].as_array().unwrap();
    assert_eq!(details.len(), 1, "{details:?}");
    assert_eq!(details[0]["rule"], "child-in-workspace-region");
    assert!(
        details[0]["target"]
            .as_str()
            .unwrap()
            .ends_with("fhirservices/fhir1")
    );
    let shown: Value =
        serde_json::from_str(&ok(&mut lab, "az deployment group show -g rg1 -n bad-region").output)
            .unwrap();
    assert_eq!(shown["properties"]["provisioningState"], "Failed");
}

#[test]
fn hyphenated_workspace_name_fails_name_format_and_children_are_not_attempted() {
    let mut lab = lab();
    lab.add_file(
        "hyphen.json",
        template(json!([
            workspace("my-ws", "eastus"),
            fhir("my-ws", "fhir1", "eastus")
        ])),
    );
    let o = lab.run("az deployment group create -g rg1 -n hy --template-file hyphen.json");
    assert_eq!(o.code.as_deref(), Some("DeploymentFailed"), "{}", o.output);
    assert_eq!(o.rule.as_deref(), Some("name-format"));
    assert_eq!(
        lab.world().resources_in_group(SUB, "rg1").len(),
        1,
        "only the deployment record"
    );
    let d = deployment(&lab, "hy");
    assert_eq!(d["properties"]["provisioningState"], "Failed");
    assert_eq!(d["properties"]["outputResources"], json!([]));
}

#[test]
fn a_failed_provisioning_operation_fails_the_deployment() {
    let mut lab = lab();
    ok(
        &mut lab,
        "sim fault add provisioning-failure --probability 100",
    );
    lab.add_file(
        "two.json",
        template(json!([
            workspace("wsfail", "eastus"),
            fhir("wsfail", "fhir1", "eastus")
        ])),
    );
    let o = lab.run("az deployment group create -g rg1 --template-file two.json");
    assert_eq!(o.code.as_deref(), Some("DeploymentFailed"), "{}", o.output);
    assert!(
        o.output.contains("ResourceDeploymentFailure"),
        "{}",
        o.output
    );
    assert!(
        lab.world()
            .find(&ws_path("wsfail").child("fhirservices", "fhir1").to_string())
            .is_none()
    );
}

fn assert_refused(lab: &mut Lab, file: &str, text: String, code: &str) {
    lab.add_file(file, text);
    let line = format!("az deployment group create -g rg1 --template-file {file}");
    let o = lab.run(&line);
    assert!(!o.ok, "{file}");
    assert_eq!(o.code.as_deref(), Some(code), "{file}: {}", o.output);
    assert!(o.output.starts_with(&format!("({code})")), "{}", o.output);
    assert!(
        lab.world().resources_in_group(SUB, "rg1").is_empty(),
        "{file} created something"
    );
    // What-if refuses the same way.
    let o = lab.run(&line.replace(" create ", " what-if "));
    assert_eq!(
        o.code.as_deref(),
        Some(code),
        "{file} what-if: {}",
        o.output
    );
}

#[test]
fn malformed_templates_are_refused_and_create_nothing() {
    let mut lab = lab();
    assert_refused(
        &mut lab,
        "badjson.json",
        "{ \"resources\": [ ".into(),
        "InvalidTemplate",
    );
    assert_refused(
        &mut lab,
        "unknownfn.json",
        template(json!([workspace("[frobnicate('x')]", "eastus")])),
        "InvalidTemplate",
    );
    let mut a = workspace("wsa", "eastus");
    a["dependsOn"] = json!(["wsb"]);
    let mut b = workspace("wsb", "eastus");
    b["dependsOn"] = json!(["wsa"]);
    assert_refused(
        &mut lab,
        "cycle.json",
        template(json!([a, b])),
        "InvalidTemplate",
    );
    let mut many = workspace("[concat('ws', copyIndex())]", "eastus");
    many["copy"] = json!({"name": "lots", "count": 801});
    let o = {
        lab.add_file("copy.json", template(json!([many])));
        lab.run("az deployment group create -g rg1 --template-file copy.json")
    };
    assert!(!o.ok);
    assert!(
        o.code
            .as_deref()
            .is_some_and(|c| c.starts_with("InvalidTemplate")),
        "{}",
        o.output
    );
    assert!(lab.world().resources_in_group(SUB, "rg1").is_empty());
    let big = format!(
        "{{\"resources\": [], \"variables\": {{\"pad\": \"{}\"}}}}",
        "x".repeat(10 * 1024 * 1024)
    );
    assert_refused(&mut lab, "big.json", big, "RequestContentTooLarge");
    // Parameters that are not JSON.
    lab.add_file("ok.json", template(json!([workspace("wsok", "eastus")])));
    lab.add_file("params.json", "{ nope".into());
    let o = lab.run("az deployment group create -g rg1 -f ok.json -p @params.json");
    assert!(!o.ok, "{}", o.output);
    let o = lab.run("az deployment group create -g rg1 -f ok.json -p notapair");
    assert!(!o.ok, "{}", o.output);
    // An unknown parameter is refused by the template engine.
    let o = lab.run("az deployment group create -g rg1 -f ok.json -p extra=1");
    assert!(!o.ok, "{}", o.output);
    assert!(lab.world().resources_in_group(SUB, "rg1").is_empty());
    // An invalid deployment name.
    let o = lab.run("az deployment group create -g rg1 -n 'bad name!' -f ok.json");
    assert_eq!(
        o.code.as_deref(),
        Some("InvalidDeploymentName"),
        "{}",
        o.output
    );
}

#[test]
fn complete_mode_deletes_what_the_template_lacks() {
    let mut lab = lab();
    ok(
        &mut lab,
        "az healthcareapis workspace create -g rg1 -n keep",
    );
    ok(
        &mut lab,
        "az healthcareapis workspace create -g rg1 -n extra1",
    );
    ok(
        &mut lab,
        "az healthcareapis workspace dicom-service create -g rg1 --workspace-name extra1 -n dx1",
    );
    ok(
        &mut lab,
        "az role assignment create --assignee alice@contoso.com --role Reader --scope /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/keep",
    );
    lab.add_file("keep.json", template(json!([workspace("keep", "eastus")])));
    let wi = ok(
        &mut lab,
        "az deployment group what-if -g rg1 -f keep.json --mode Complete --no-pretty-print",
    );
    let v: Value = serde_json::from_str(&wi.output).unwrap();
    let kinds: Vec<(String, String)> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["resourceId"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string(),
                c["changeType"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        kinds.contains(&("extra1".into(), "Delete".into())),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&("dx1".into(), "Delete".into())),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&("keep".into(), "NoChange".into())),
        "{kinds:?}"
    );
    // Incremental what-if ignores them instead.
    let wi = ok(&mut lab, "az deployment group what-if -g rg1 -f keep.json");
    assert!(wi.output.contains("Ignore"), "{}", wi.output);

    let o = ok(
        &mut lab,
        "az deployment group create -g rg1 -f keep.json --mode Complete",
    );
    let d: Value = serde_json::from_str(&o.output).unwrap();
    assert_eq!(d["properties"]["mode"], "Complete");
    assert!(lab.world().find(&ws("keep")).is_some());
    assert!(lab.world().find(&ws("extra1")).is_none());
    // The role assignment and the deployment record itself stay.
    let names: Vec<String> = lab
        .world()
        .resources_in_group(SUB, "rg1")
        .iter()
        .map(|r| r.type_name.to_string())
        .collect();
    assert!(
        names
            .iter()
            .any(|t| t.eq_ignore_ascii_case("Microsoft.Authorization/roleAssignments")),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|t| t.eq_ignore_ascii_case("Microsoft.Resources/deployments")),
        "{names:?}"
    );
}

#[test]
fn outputs_parameters_and_confirm_with_what_if() {
    let mut lab = lab();
    let t = json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": {
            "wsName": {"type": "string"},
            "svc": {"type": "string", "defaultValue": "fhir1"},
            "tags": {"type": "object", "defaultValue": {}},
            "secret": {"type": "securestring", "defaultValue": "s3cret"}
        },
        "resources": [
            {"type": "Microsoft.HealthcareApis/workspaces", "apiVersion": "2024-03-31",
             "name": "[parameters('wsName')]", "location": "[resourceGroup().location]",
             "tags": "[parameters('tags')]", "properties": {}},
            {"type": "Microsoft.HealthcareApis/workspaces/fhirservices", "apiVersion": "2024-03-31",
             "name": "[format('{0}/{1}', parameters('wsName'), parameters('svc'))]",
             "location": "[resourceGroup().location]", "kind": "fhir-R4",
             "properties": {"authenticationConfiguration": {
                 "authority": "[format('{0}{1}', environment().authentication.loginEndpoint, subscription().tenantId)]",
                 "audience": "[format('https://{0}-{1}.fhir.azurehealthcareapis.com', parameters('wsName'), parameters('svc'))]"}},
             "dependsOn": ["[parameters('wsName')]"]}
        ],
        "outputs": {
            "fhirState": {"type": "string",
                "value": "[reference(resourceId('Microsoft.HealthcareApis/workspaces/fhirservices', parameters('wsName'), parameters('svc'))).provisioningState]"},
            "workspaceId": {"type": "string",
                "value": "[resourceId('Microsoft.HealthcareApis/workspaces', parameters('wsName'))]"}
        }
    });
    lab.add_file("main.json", t.to_string());
    lab.add_file("tags.json", r#"{"team": "imaging"}"#.into());
    lab.add_file(
        "p.json",
        r#"{"wsName": {"value": "wsout"}, "svc": {"value": "ignored"}}"#.into(),
    );
    // Later values win: svc from the file is replaced by the inline JSON; tags from a file.
    let o = ok(
        &mut lab,
        r#"az deployment group create -g rg1 -f main.json -p @p.json -p '{"svc": {"value": "fhirout"}}' -p tags=@tags.json --confirm-with-what-if"#,
    );
    let (preview, body) = o
        .output
        .split_at(o.output.find("\n{").expect("json after preview"));
    assert!(preview.contains("to create"), "{preview}");
    let d: Value = serde_json::from_str(body.trim()).unwrap();
    assert_eq!(d["name"], "main");
    assert_eq!(
        d["properties"]["outputs"]["fhirState"]["value"],
        "Succeeded"
    );
    assert_eq!(
        d["properties"]["outputs"]["workspaceId"]["value"],
        ws("wsout")
    );
    assert_eq!(d["properties"]["parameters"]["svc"]["value"], "fhirout");
    assert_eq!(
        d["properties"]["parameters"]["secret"]["type"],
        "SecureString"
    );
    assert!(
        d["properties"]["parameters"]["secret"]
            .get("value")
            .is_none()
    );
    assert_eq!(
        d["properties"]["dependencies"][0]["dependsOn"][0]["resourceName"],
        "wsout"
    );
    assert!(
        d["properties"]["duration"]
            .as_str()
            .unwrap()
            .starts_with("PT")
    );
    let w = lab.world().view(&ws("wsout")).unwrap();
    assert_eq!(w["tags"]["team"], "imaging");
    assert!(
        lab.world()
            .find(
                &ws_path("wsout")
                    .child("fhirservices", "fhirout")
                    .to_string()
            )
            .is_some()
    );
    // --what-if only previews.
    let o = ok(
        &mut lab,
        "az deployment group create -g rg1 -f main.json -p wsName=wsnew --what-if",
    );
    assert!(o.output.contains("to create"), "{}", o.output);
    assert!(lab.world().find(&ws("wsnew")).is_none());
}

#[test]
fn nested_deployments_run_and_linked_templates_are_refused_before_anything_is_created() {
    // Issue 15: an inline nested deployment runs as a deployment of its own.
    let mut lab = lab();
    lab.add_file(
        "nested.json",
        template(json!([
            workspace("wsnest", "eastus"),
            {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "inner",
             "properties": {"mode": "Incremental", "expressionEvaluationOptions": {"scope": "inner"},
                            "template": {"contentVersion": "1.0.0.0", "resources": [workspace("wsinner", "eastus")]}}}
        ])),
    );
    let o = lab.run("az deployment group create -g rg1 -f nested.json");
    assert!(o.ok, "{}", o.output);
    assert!(
        lab.world().find(&ws("wsinner")).is_some(),
        "the nested template deployed"
    );
    assert_eq!(
        deployment(&lab, "inner")["properties"]["provisioningState"],
        "Succeeded"
    );
    // A linked template needs the network: refused, nothing created.
    lab.add_file(
        "linked.json",
        template(json!([
            workspace("wslinked", "eastus"),
            {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "linked",
             "properties": {"mode": "Incremental", "templateLink": {"uri": "https://example.com/t.json"}}}
        ])),
    );
    let o = lab.run("az deployment group create -g rg1 -f linked.json");
    assert_eq!(o.code.as_deref(), Some("InvalidTemplate"), "{}", o.output);
    assert!(o.output.contains("templateLink"), "{}", o.output);
    assert!(lab.world().find(&ws("wslinked")).is_none());
}
