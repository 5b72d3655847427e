//! `az deployment group create|what-if|show|list` with the real quickstart templates, read
//! unmodified from `shared/reference/arm-templates/`.

use hcsim_core::{Config, EventKind, Stage, Timing};
use hcsim_lab::Lab;

mod support;
use support::{json, ok};

const SUB: &str = "11111111-1111-1111-1111-111111111111";

const IOT: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/reference/arm-templates/iotconnectors.azuredeploy.json"
));
const IOT_HUB: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/reference/arm-templates/iotconnectors-with-iothub.azuredeploy.json"
));
const LEGACY: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/reference/arm-templates/azure-api-for-fhir.azuredeploy.json"
));
const BICEP: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/reference/arm-templates/workspace-with-child-services.main.bicep"
));

fn lab(timing: Timing) -> Lab {
    let mut lab = Lab::new(Config {
        seed: 7,
        timing,
        stage: Stage::Ga,
    });
    ok(&mut lab, "az group create -n rg1 -l eastus");
    lab
}

/// A resource of `namespace/type_word` named `name` in `rg`.
fn rg_resource(rg: &str, namespace: &str, type_word: &str, name: &str) -> hcsim_core::id::ArmPath {
    hcsim_core::id::ArmPath::at_subscription(SUB)
        .group(rg)
        .provider(namespace, type_word, name)
}

fn ws(rg: &str, name: &str) -> String {
    hcsim_core::id::build::workspace(SUB, rg, name)
}

/// Position of the first event matching `f`.
fn event_pos(lab: &Lab, f: impl Fn(&EventKind) -> bool) -> usize {
    lab.world()
        .events()
        .iter()
        .position(|e| f(&e.kind))
        .expect("event")
}

fn created_at(lab: &Lab, id: &str) -> usize {
    event_pos(
        lab,
        |k| matches!(k, EventKind::ResourceCreated { id: i, .. } if i.eq_ignore_ascii_case(id)),
    )
}

fn succeeded_at(lab: &Lab, id: &str) -> usize {
    event_pos(
        lab,
        |k| matches!(k, EventKind::ProvisioningStateChanged { id: i, to, .. } if i.eq_ignore_ascii_case(id) && to == "Succeeded"),
    )
}

fn what_if_counts(lab: &mut Lab, line: &str) -> Vec<(String, String)> {
    let o = ok(lab, &format!("{line} --no-pretty-print"));
    let v = json(&o);
    v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["resourceId"].as_str().unwrap().to_string(),
                c["changeType"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Each resource exists with its type and has provisioned.
fn assert_succeeded(lab: &Lab, resources: &[(&String, &str)]) {
    for (id, ty) in resources {
        let r = lab.world().find(id).unwrap_or_else(|| panic!("{id}"));
        assert!(
            r.type_name.eq_ignore_ascii_case(ty),
            "{id}: {}",
            r.type_name
        );
        assert_eq!(r.state, hcsim_core::ProvisioningState::Succeeded, "{id}");
    }
}

/// `principal` holds `role` at `scope`, as `az role assignment list` shows.
fn assert_role(lab: &mut Lab, scope: &str, principal: &str, role: &str) {
    let ras = json(&ok(
        lab,
        &format!("az role assignment list --scope {scope}"),
    ));
    assert!(
        ras.as_array()
            .unwrap()
            .iter()
            .any(|ra| ra["principalId"] == principal && ra["roleDefinitionName"] == role),
        "{ras}"
    );
}

#[test]
fn iotconnectors_template_deploys_in_order_with_role_assignments() {
    let mut lab = lab(Timing::Realistic);
    lab.add_file("iot.json", IOT.to_string());
    let wi =
        "az deployment group what-if -g rg1 --template-file iot.json --parameters basename=demo1";
    let before = what_if_counts(&mut lab, wi);
    assert_eq!(before.len(), 9, "{before:?}");
    assert!(before.iter().all(|(_, c)| c == "Create"), "{before:?}");
    // The pretty form too.
    let pretty = ok(&mut lab, wi);
    assert!(pretty.output.contains("to create"), "{}", pretty.output);

    let t0 = lab.world().now();
    let out = ok(
        &mut lab,
        "az deployment group create -g rg1 --template-file iot.json --parameters basename=demo1",
    );
    let dep = json(&out);
    assert_eq!(dep["name"], "iot");
    assert_eq!(dep["type"], "Microsoft.Resources/deployments");
    assert_eq!(dep["properties"]["provisioningState"], "Succeeded");
    assert_eq!(dep["properties"]["mode"], "Incremental");
    assert_eq!(
        dep["properties"]["outputResources"]
            .as_array()
            .unwrap()
            .len(),
        9
    );
    assert_eq!(
        dep["properties"]["parameters"]["basename"]["value"],
        "demo1"
    );
    assert!(lab.world().now() > t0, "virtual time passed");

    let w = ws("rg1", "hwdemo1");
    let fhir =
        hcsim_core::id::build::workspace_child(SUB, "rg1", "hwdemo1", "fhirservices", "fs-demo1");
    let iot =
        hcsim_core::id::build::workspace_child(SUB, "rg1", "hwdemo1", "iotconnectors", "hi-demo1");
    let dest = hcsim_core::id::build::workspace_path(SUB, "rg1", "hwdemo1")
        .child("iotconnectors", "hi-demo1")
        .child("fhirdestinations", "hd-demo1")
        .to_string();
    let ns_path = rg_resource("rg1", "Microsoft.EventHub", "namespaces", "en-demo1");
    let ns = ns_path.to_string();
    let hub_path = ns_path.child("eventhubs", "devicedata");
    let hub = hub_path.to_string();
    let rule = hub_path
        .child("authorizationRules", "devicedatasender")
        .to_string();
    assert_succeeded(
        &lab,
        &[
            (&w, "Microsoft.HealthcareApis/workspaces"),
            (&fhir, "Microsoft.HealthcareApis/workspaces/fhirservices"),
            (&iot, "Microsoft.HealthcareApis/workspaces/iotconnectors"),
            (
                &dest,
                "Microsoft.HealthcareApis/workspaces/iotconnectors/fhirdestinations",
            ),
            (&ns, "Microsoft.EventHub/namespaces"),
            (&hub, "Microsoft.EventHub/namespaces/eventhubs"),
            (
                &rule,
                "Microsoft.EventHub/namespaces/eventhubs/authorizationRules",
            ),
        ],
    );
    // Children were created only after their parents succeeded.
    assert!(created_at(&lab, &fhir) > succeeded_at(&lab, &w));
    assert!(created_at(&lab, &iot) > succeeded_at(&lab, &w));
    assert!(created_at(&lab, &dest) > succeeded_at(&lab, &iot));
    assert!(created_at(&lab, &hub) > succeeded_at(&lab, &ns));
    // Independent resources ran in parallel: the FHIR service and the IoT connector were
    // both created before either finished.
    assert!(created_at(&lab, &iot) < succeeded_at(&lab, &fhir));
    assert!(created_at(&lab, &fhir) < succeeded_at(&lab, &iot));

    // Role assignments: the connector's managed identity on the FHIR service and the hub.
    let principal = lab.world().view(&iot).unwrap()["identity"]["principalId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_role(&mut lab, &fhir, &principal, "FHIR Data Writer");
    assert_role(&mut lab, &hub, &principal, "Azure Event Hubs Data Receiver");

    // After the deploy, nothing would change.
    let after = what_if_counts(&mut lab, wi);
    assert!(
        after.iter().all(|(_, c)| c == "NoChange" || c == "Ignore"),
        "{after:?}"
    );

    // show and list.
    let shown = json(&ok(&mut lab, "az deployment group show -g rg1 -n iot"));
    assert_eq!(shown["properties"]["provisioningState"], "Succeeded");
    let listed = json(&ok(&mut lab, "az deployment group list -g rg1"));
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let missing = lab.run("az deployment group show -g rg1 -n nope");
    assert_eq!(missing.code.as_deref(), Some("DeploymentNotFound"));

    // Redeploying the same template is idempotent (Incremental).
    let again = ok(
        &mut lab,
        "az deployment group create -g rg1 -n second --template-file iot.json -p basename=demo1",
    );
    assert_eq!(json(&again)["properties"]["provisioningState"], "Succeeded");
    let listed = json(&ok(&mut lab, "az deployment group list -g rg1"));
    assert_eq!(listed[0]["name"], "second", "newest first");
}

#[test]
fn iothub_template_deploys_with_user_assigned_identity_and_optional_user() {
    let mut lab = lab(Timing::Instant);
    lab.add_file("hub.json", IOT_HUB.to_string());
    let alice = lab
        .world()
        .directory()
        .find("alice@contoso.com")
        .unwrap()
        .object_id
        .clone();
    lab.add_file(
        "hub.parameters.json",
        format!(
            r#"{{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
               "contentVersion": "1.0.0.0",
               "parameters": {{"basename": {{"value": "hub7"}}, "location": {{"value": "westus2"}},
                               "fhirContributorPrincipalId": {{"value": "{alice}"}}}}}}"#
        ),
    );
    let wi = "az deployment group what-if -g rg1 -f hub.json -p @hub.parameters.json";
    let before = what_if_counts(&mut lab, wi);
    assert!(before.iter().all(|(_, c)| c == "Create"), "{before:?}");
    let n = before.len();
    assert_eq!(n, 12, "{before:?}");
    let dep = json(&ok(
        &mut lab,
        "az deployment group create -g rg1 -n hub -f hub.json -p @hub.parameters.json",
    ));
    assert_eq!(dep["properties"]["provisioningState"], "Succeeded");
    assert_eq!(
        dep["properties"]["outputResources"]
            .as_array()
            .unwrap()
            .len(),
        n
    );
    let fhir =
        hcsim_core::id::build::workspace_child(SUB, "rg1", "hwhub7", "fhirservices", "fs-hub7");
    let f = lab.world().find(&fhir).unwrap();
    assert_eq!(f.location.as_deref(), Some("westus2"));
    let hubid = rg_resource("rg1", "Microsoft.Devices", "IotHubs", "ih-hub7").to_string();
    assert!(lab.world().find(&hubid).is_some());
    let uami = rg_resource(
        "rg1",
        "Microsoft.ManagedIdentity",
        "userAssignedIdentities",
        "id-hub7",
    )
    .to_string();
    let uami_principal = lab.world().view(&uami).unwrap()["properties"]["principalId"]
        .as_str()
        .unwrap()
        .to_string();
    let ras = json(&ok(
        &mut lab,
        &format!("az role assignment list --scope {fhir}"),
    ));
    let roles: Vec<(String, String)> = ras
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["principalId"].as_str().unwrap().to_string(),
                r["roleDefinitionName"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        roles.contains(&(alice.clone(), "FHIR Data Contributor".into())),
        "{roles:?}"
    );
    assert!(roles.iter().any(|(_, r)| r == "FHIR Data Writer"));
    let hub = rg_resource("rg1", "Microsoft.EventHub", "namespaces", "en-hub7")
        .child("eventhubs", "devicedata")
        .to_string();
    let ras = json(&ok(
        &mut lab,
        &format!("az role assignment list --scope {hub}"),
    ));
    assert!(
        ras.as_array()
            .unwrap()
            .iter()
            .any(|r| r["principalId"] == uami_principal
                && r["roleDefinitionName"] == "Azure Event Hubs Data Sender"),
        "{ras}"
    );
    let after = what_if_counts(&mut lab, wi);
    assert!(
        after.iter().all(|(_, c)| c == "NoChange" || c == "Ignore"),
        "{after:?}"
    );
}

#[test]
fn iothub_template_without_optional_user_skips_the_conditional_assignment() {
    let mut lab = lab(Timing::Instant);
    lab.add_file("hub.json", IOT_HUB.to_string());
    let dep = json(&ok(
        &mut lab,
        "az deployment group create -g rg1 -f hub.json -p basename=hub8 location=eastus",
    ));
    assert_eq!(
        dep["properties"]["outputResources"]
            .as_array()
            .unwrap()
            .len(),
        11
    );
    // location is restricted by allowedValues.
    let bad =
        lab.run("az deployment group create -g rg1 -f hub.json -p basename=hub9 location=mars");
    assert!(!bad.ok);
    assert_eq!(
        bad.code.as_deref(),
        Some("InvalidTemplate"),
        "{}",
        bad.output
    );
}

#[test]
fn legacy_azure_api_for_fhir_template_deploys_as_a_generic_resource() {
    let mut lab = lab(Timing::Realistic);
    lab.add_file("legacy.json", LEGACY.to_string());
    let dep = json(&ok(
        &mut lab,
        "az deployment group create -g rg1 --template-file legacy.json --parameters serviceName=legacyfhir1 location=eastus2",
    ));
    assert_eq!(dep["name"], "legacy");
    assert_eq!(dep["properties"]["provisioningState"], "Succeeded");
    let id = rg_resource("rg1", "Microsoft.HealthcareApis", "services", "legacyfhir1").to_string();
    let v = lab.world().view(&id).unwrap();
    assert_eq!(v["kind"], "fhir-R4");
    assert_eq!(v["location"], "eastus2");
    assert_eq!(
        v["properties"]["authenticationConfiguration"]["audience"],
        "https://legacyfhir1.azurehealthcareapis.com"
    );
    assert_eq!(v["properties"]["provisioningState"], "Succeeded");
    let after = what_if_counts(
        &mut lab,
        "az deployment group what-if -g rg1 --template-file legacy.json --parameters serviceName=legacyfhir1 location=eastus2",
    );
    assert!(after.iter().all(|(_, c)| c == "NoChange"), "{after:?}");
}

#[test]
fn a_bicep_file_with_parameters_it_does_not_declare_is_refused_like_json() {
    // The .bicep is compiled (issue 15); `basename` is not one of its parameters, so ARM's
    // InvalidTemplate answers, before anything is created.
    let mut lab = lab(Timing::Instant);
    lab.add_file("main.bicep", BICEP.to_string());
    let o = lab.run("az deployment group create -g rg1 --template-file main.bicep -p basename=abc");
    assert!(!o.ok);
    assert_eq!(o.code.as_deref(), Some("InvalidTemplate"), "{}", o.output);
    assert!(lab.world().resources_in_group(SUB, "rg1").is_empty());
}

#[test]
fn missing_group_and_file_fail_like_az() {
    let mut lab = lab(Timing::Instant);
    lab.add_file("iot.json", IOT.to_string());
    let o =
        lab.run("az deployment group create -g nogroup --template-file iot.json -p basename=abc");
    assert_eq!(
        o.code.as_deref(),
        Some("ResourceGroupNotFound"),
        "{}",
        o.output
    );
    let o = lab.run("az deployment group create -g rg1 --template-file nothere.json");
    assert!(!o.ok);
    let o = lab.run("az deployment group create -g rg1 --template-file iot.json");
    assert!(!o.ok, "basename is required");
    assert!(lab.world().resources_in_group(SUB, "rg1").is_empty());
}

#[test]
fn no_wait_returns_at_once_and_show_follows_the_resources() {
    let mut lab = lab(Timing::Realistic);
    lab.add_file("legacy.json", LEGACY.to_string());
    let o = ok(
        &mut lab,
        "az deployment group create -g rg1 -n quick -f legacy.json -p serviceName=quick1 location=eastus --no-wait",
    );
    assert!(o.output.is_empty());
    let shown = json(&ok(&mut lab, "az deployment group show -g rg1 -n quick"));
    assert_eq!(shown["properties"]["provisioningState"], "Running");
    let again = lab.run("az deployment group create -g rg1 -n quick -f legacy.json -p serviceName=quick1 location=eastus");
    assert_eq!(
        again.code.as_deref(),
        Some("DeploymentActive"),
        "{}",
        again.output
    );
    ok(&mut lab, "sim advance 10m");
    let shown = json(&ok(&mut lab, "az deployment group show -g rg1 -n quick"));
    assert_eq!(shown["properties"]["provisioningState"], "Succeeded");
}
