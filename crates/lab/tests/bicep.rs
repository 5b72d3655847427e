//! Bicep as a first-class input (issue 15): the quickstart `.bicep` files deploy unmodified
//! (read from `shared/reference/arm-templates/`, MIT, Azure/azure-quickstart-templates),
//! a `.bicep` deploys to the same resources as its compiled JSON, modules become nested
//! deployments, `.bicepparam` files, and `az bicep build|version|install`.

use hcsim_core::{Config, Stage, Timing};
use hcsim_lab::Lab;
use serde_json::Value;

mod support;
use support::{json, ok};

const SUB: &str = "11111111-1111-1111-1111-111111111111";

const WORKSPACE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/reference/arm-templates/workspace-with-child-services.main.bicep"
));
const IOT: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/reference/arm-templates/iotconnectors.main.bicep"
));
const LEGACY: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/reference/arm-templates/azure-api-for-fhir.main.bicep"
));
const LEGACY_JSON: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/reference/arm-templates/azure-api-for-fhir.azuredeploy.json"
));

fn lab() -> Lab {
    let mut lab = Lab::new(Config {
        seed: 7,
        timing: Timing::Realistic,
        stage: Stage::Ga,
    });
    ok(&mut lab, "az group create -n rg1 -l eastus");
    lab
}

/// What a learner compares between two deployments: every resource's id, type, location,
/// kind, sku, identity type and properties (less the provisioning state and the ids and
/// timestamps the service assigns).
fn resources(lab: &Lab) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = lab
        .world()
        .resources_in_group(SUB, "rg1")
        .into_iter()
        .filter(|r| !r.id.contains("/Microsoft.Resources/deployments/"))
        .map(|r| {
            let v = lab.world().view(&r.id).unwrap_or(Value::Null);
            let mut props = v["properties"].clone();
            if let Some(p) = props.as_object_mut() {
                p.remove("provisioningState");
            }
            let shape = serde_json::json!({
                "type": v["type"], "location": v["location"], "kind": v["kind"], "sku": v["sku"],
                "identity": v["identity"]["type"], "properties": props,
            });
            (r.id.clone(), shape)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn the_workspace_quickstart_deploys_unmodified_with_its_outputs() {
    let mut lab = lab();
    lab.add_file("main.bicep", WORKSPACE.to_string());
    let o = ok(
        &mut lab,
        "az deployment group create --resource-group rg1 --template-file main.bicep --parameters workspaceName=ws1 fhirServiceName=fhir1 dicomServiceName=dicom1",
    );
    let v = json(&o);
    assert_eq!(v["name"], "main", "az names the deployment after the file");
    assert_eq!(v["properties"]["provisioningState"], "Succeeded");
    let outputs = &v["properties"]["outputs"];
    assert_eq!(
        outputs["fhirServiceUrl"]["value"],
        "https://ws1-fhir1.fhir.azurehealthcareapis.com"
    );
    assert!(
        outputs["dicomServiceId"]["value"]
            .as_str()
            .unwrap_or("")
            .ends_with("/workspaces/ws1/dicomservices/dicom1")
    );
    assert_eq!(
        outputs["dicomServiceUrl"]["value"],
        "https://ws1-dicom1.dicom.azurehealthcareapis.com"
    );
    assert_eq!(resources(&lab).len(), 3);
}

#[test]
fn the_iot_connector_quickstart_deploys_unmodified() {
    // The README's parameters: basename and location (deploy-bicep-powershell-cli.md).
    let mut lab = lab();
    lab.add_file("main.bicep", IOT.to_string());
    ok(
        &mut lab,
        "az deployment group create --resource-group rg1 --template-file main.bicep --parameters basename=abc location=southcentralus",
    );
    let all = resources(&lab);
    let ids: Vec<&str> = all.iter().map(|(id, _)| id.as_str()).collect();
    for tail in [
        "/Microsoft.EventHub/namespaces/en-abc",
        "/eventhubs/devicedata/authorizationRules/devicedatasender",
        "/Microsoft.HealthcareApis/workspaces/hwabc",
        "/workspaces/hwabc/fhirservices/fs-abc",
        "/workspaces/hwabc/iotconnectors/hi-abc",
        "/iotconnectors/hi-abc/fhirdestinations/hd-abc",
    ] {
        assert!(ids.iter().any(|i| i.ends_with(tail)), "{tail} in {ids:#?}");
    }
    // The two role assignments (FHIR Data Writer, Event Hubs Data Receiver) for the connector.
    let roles = ok(&mut lab, "az role assignment list --all -o json");
    assert!(
        roles
            .output
            .contains("3f88fce4-5892-4214-ae73-ba5294559913"),
        "{}",
        roles.output
    );
    assert!(
        roles
            .output
            .contains("a638d3c7-ab3a-418d-83e6-5f17a39d4fde"),
        "{}",
        roles.output
    );
}

#[test]
fn the_legacy_fhir_bicep_deploys_like_its_compiled_json() {
    // azure-api-for-fhir.azuredeploy.json is this .bicep compiled by Bicep 0.4 (SOURCE.md).
    let line = |f: &str| {
        format!(
            "az deployment group create -g rg1 --template-file {f} --parameters serviceName=myfhirapi location=eastus"
        )
    };
    let mut from_bicep = lab();
    from_bicep.add_file("main.bicep", LEGACY.to_string());
    ok(&mut from_bicep, &line("main.bicep"));
    let mut from_json = lab();
    from_json.add_file("azuredeploy.json", LEGACY_JSON.to_string());
    ok(&mut from_json, &line("azuredeploy.json"));
    let (a, b) = (resources(&from_bicep), resources(&from_json));
    assert_eq!(a.len(), 1);
    assert_eq!(a, b, "same resources and properties either way");
}

#[test]
fn the_workspace_bicep_deploys_like_its_own_build() {
    // `az bicep build` writes main.json; deploying it gives what deploying main.bicep gives.
    let mut from_bicep = lab();
    from_bicep.add_file("main.bicep", WORKSPACE.to_string());
    let params = "--parameters workspaceName=ws1 fhirServiceName=fhir1 dicomServiceName=dicom1";
    ok(
        &mut from_bicep,
        &format!("az deployment group create -g rg1 -f main.bicep {params}"),
    );
    let mut from_json = lab();
    from_json.add_file("main.bicep", WORKSPACE.to_string());
    let built = ok(&mut from_json, "az bicep build --file main.bicep");
    assert_eq!(
        built.output, "",
        "az prints nothing when the build succeeds"
    );
    ok(
        &mut from_json,
        &format!("az deployment group create -g rg1 -f main.json {params}"),
    );
    assert_eq!(resources(&from_bicep), resources(&from_json));
}

const MAIN_WITH_MODULE: &str = "
@description('Workspace name')
param workspaceName string
param location string = resourceGroup().location
param services array = [
  'fhira'
  'fhirb'
]

resource ws 'Microsoft.HealthcareApis/workspaces@2024-03-31' = {
  name: workspaceName
  location: location
}

module fhir 'modules/fhir.bicep' = [for (svc, i) in services: {
  name: 'fhir-${i}'
  params: {
    workspaceName: ws.name
    fhirName: svc
    location: location
  }
}]

output urls array = [for (svc, i) in services: fhir[i].outputs.url]
output first string = fhir[0].outputs.id
";

const FHIR_MODULE: &str = "
param workspaceName string
param fhirName string
param location string

resource workspace 'Microsoft.HealthcareApis/workspaces@2024-03-31' existing = {
  name: workspaceName

  resource fhir 'fhirservices' = {
    name: fhirName
    location: location
    kind: 'fhir-R4'
    properties: {
      authenticationConfiguration: {
        authority: uri(environment().authentication.loginEndpoint, subscription().tenantId)
        audience: 'https://${workspaceName}-${fhirName}.fhir.azurehealthcareapis.com'
      }
    }
  }
}

output id string = workspace::fhir.id
output url string = 'https://${workspaceName}-${fhirName}.fhir.azurehealthcareapis.com'
";

#[test]
fn modules_in_a_loop_become_nested_deployments_with_outputs() {
    let mut lab = lab();
    lab.add_file("main.bicep", MAIN_WITH_MODULE.to_string());
    lab.add_file("modules/fhir.bicep", FHIR_MODULE.to_string());
    let built = json(&ok(&mut lab, "az bicep build --file main.bicep --stdout"));
    let module = &built["resources"][1];
    assert_eq!(module["type"], "Microsoft.Resources/deployments");
    assert_eq!(
        module["properties"]["expressionEvaluationOptions"]["scope"],
        "inner"
    );
    assert_eq!(module["copy"]["name"], "fhir");
    // What-if shows what the modules would deploy, not the nested deployments (as ARM does).
    let preview = ok(
        &mut lab,
        "az deployment group what-if -g rg1 -f main.bicep -p workspaceName=wsmod",
    )
    .output;
    assert!(
        preview.contains("workspaces/wsmod/fhirservices/fhirb"),
        "{preview}"
    );
    assert!(
        !preview.contains("Microsoft.Resources/deployments"),
        "{preview}"
    );
    assert!(preview.contains("3 to create"), "{preview}");
    let o = ok(
        &mut lab,
        "az deployment group create -g rg1 -f main.bicep -p workspaceName=wsmod",
    );
    let v = json(&o);
    assert_eq!(
        v["properties"]["outputs"]["urls"]["value"],
        serde_json::json!([
            "https://wsmod-fhira.fhir.azurehealthcareapis.com",
            "https://wsmod-fhirb.fhir.azurehealthcareapis.com"
        ])
    );
    assert!(
        v["properties"]["outputs"]["first"]["value"]
            .as_str()
            .unwrap_or("")
            .ends_with("/workspaces/wsmod/fhirservices/fhira")
    );
    let names = ok(
        &mut lab,
        "az deployment group list -g rg1 --query \"[].name\" -o tsv",
    )
    .output;
    assert!(
        names.contains("fhir-0") && names.contains("fhir-1"),
        "{names}"
    );
    ok(
        &mut lab,
        "az healthcareapis workspace fhir-service show -g rg1 --workspace-name wsmod -n fhirb",
    );
}

#[test]
fn a_module_error_names_the_module_file_line_and_column() {
    let mut lab = lab();
    lab.add_file("main.bicep", MAIN_WITH_MODULE.to_string());
    lab.add_file(
        "modules/fhir.bicep",
        "param workspaceName string\nparam fhirName string\nparam location string\nvar x = \n"
            .to_string(),
    );
    let o = lab.run("az deployment group create -g rg1 -f main.bicep -p workspaceName=wsmod");
    assert!(!o.ok);
    assert_eq!(o.code.as_deref(), Some("BCP009"), "{}", o.output);
    assert!(
        o.output.contains("modules/fhir.bicep(4,9) : Error BCP009"),
        "{}",
        o.output
    );
    assert!(
        lab.world().resources_in_group(SUB, "rg1").is_empty(),
        "nothing deployed"
    );
    let o = lab.run("az bicep build --file nothere.bicep");
    assert_eq!(o.code.as_deref(), Some("FileNotFound"), "{}", o.output);
}

#[test]
fn a_missing_module_and_a_registry_module_are_explained() {
    let mut lab = lab();
    lab.add_file(
        "main.bicep",
        "module m './gone.bicep' = {\n  name: 'm'\n}\n".to_string(),
    );
    let o = lab.run("az bicep build --file main.bicep --stdout");
    assert_eq!(o.code.as_deref(), Some("BCP091"), "{}", o.output);
    assert!(o.output.contains("main.bicep(1,10)"), "{}", o.output);
    lab.add_file(
        "reg.bicep",
        "module m 'br/public:avm/res/x:1.0.0' = {\n  name: 'm'\n}\n".to_string(),
    );
    let o = lab.run("az bicep build --file reg.bicep --stdout");
    assert_eq!(o.code.as_deref(), Some("BCP192"), "{}", o.output);
    assert!(o.output.contains("offline"), "{}", o.output);
}

#[test]
fn bicepparam_files_give_the_parameters_and_name_the_template() {
    let mut lab = lab();
    lab.add_file("main.bicep", WORKSPACE.to_string());
    lab.add_file(
        "main.bicepparam",
        "using './main.bicep'\n\nvar prefix = 'contoso'\nparam workspaceName = '${prefix}ws'\nparam fhirServiceName = 'fhir1'\nparam dicomServiceName = 'dicom1'\n".to_string(),
    );
    ok(
        &mut lab,
        "az deployment group create -g rg1 --template-file main.bicep --parameters main.bicepparam",
    );
    ok(
        &mut lab,
        "az healthcareapis workspace show -g rg1 -n contosows",
    );
    // Without --template-file, the `using` declaration names the template (az does the same).
    let o = ok(
        &mut lab,
        "az deployment group what-if -g rg1 --parameters main.bicepparam --parameters fhirServiceName=fhir2",
    );
    assert!(o.output.contains("fhir2"), "{}", o.output);
    lab.add_file("other.bicep", LEGACY.to_string());
    let o = lab.run("az deployment group create -g rg1 --template-file other.bicep --parameters main.bicepparam");
    assert!(
        !o.ok,
        "the template must be the one the parameters file uses"
    );
}

#[test]
fn az_bicep_version_and_install_answer_as_with_bicep_present() {
    let mut lab = lab();
    assert!(
        ok(&mut lab, "az bicep version")
            .output
            .starts_with("Bicep CLI version ")
    );
    assert!(
        ok(&mut lab, "az bicep install")
            .output
            .contains("already installed")
    );
}

/// Syntax seen across quickstarts and Learn samples, in one file: one-line arrays with
/// commas, `'\'\'\'` descriptions, `@sys.` decorators, a parameter default from another,
/// `#disable-next-line`, loops over `range()`, an indexed `parent`, a conditional module with
/// `dependsOn`, `!` (non-null assertion), a nullable module parameter with `??`.
const VARIETY: &str = r#"// A mix of syntax seen in quickstarts and Learn samples.
targetScope = 'resourceGroup'

@description('''
Multi-line
description''')
@allowed(['dev', 'staging', 'prod'])
param environment string = 'dev'

param prefix string = 'hc'
param tags object = {
  environment: environment
  managedBy: 'bicep'
}
param count int = 2
param offset int = -1

@sys.description('Location')
param location string = resourceGroup().location

var storageName = toLower('${prefix}${uniqueString(resourceGroup().id)}')
var names = [for i in range(0, count): '${prefix}ws${i}']

#disable-next-line no-hardcoded-env-urls
var url = 'https://management.azure.com/'

resource workspaces 'Microsoft.HealthcareApis/workspaces@2024-03-31' = [for name in names: {
  name: name
  location: location
  tags: tags
  properties: {
    publicNetworkAccess: environment == 'prod' ? 'Disabled' : 'Enabled'
  }
}]

resource fhir 'Microsoft.HealthcareApis/workspaces/fhirservices@2024-03-31' = {
  parent: workspaces[0]
  name: 'fhir'
  location: location
  kind: 'fhir-R4'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    authenticationConfiguration: {
      authority: '${environment().authentication.loginEndpoint}${tenant().tenantId}'
      audience: 'https://${workspaces[0].name}-fhir.fhir.azurehealthcareapis.com'
    }
    corsConfiguration: {
      origins: [
        '*'
      ]
      headers: ['*']
      methods: [
        'GET', 'POST'
      ]
      maxAge: 1440
      allowCredentials: false
    }
  }
}

module dicom 'modules/dicom.bicep' = if (count > 1) {
  name: 'dicom-${uniqueString(deployment().name)}'
  params: {
    workspaceName: workspaces[1].name
    location: location
    settings: {
      enabled: true
    }
  }
  dependsOn: [
    workspaces
  ]
}

output fhirUrl string = 'https://${workspaces[0].name}-fhir.fhir.azurehealthcareapis.com'
output principal string = fhir.identity.principalId
output dicomUrl string = dicom.outputs.url!
output names array = names
output storage string = storageName
output n int = offset
output u string = url
"#;

const VARIETY_MODULE: &str = r#"param workspaceName string
param location string
param settings object
param optional string?

resource ws 'Microsoft.HealthcareApis/workspaces@2024-03-31' existing = {
  name: workspaceName
}

resource dicom 'Microsoft.HealthcareApis/workspaces/dicomservices@2024-03-31' = {
  parent: ws
  name: 'dicom'
  location: location
  properties: {
    publicNetworkAccess: settings.enabled ? 'Enabled' : 'Disabled'
  }
}

output url string = dicom.properties.serviceUrl
output id string = dicom.id
output opt string = optional ?? 'none'
"#;

#[test]
fn a_mix_of_quickstart_syntax_deploys() {
    let mut lab = lab();
    lab.add_file("main.bicep", VARIETY.to_string());
    lab.add_file("modules/dicom.bicep", VARIETY_MODULE.to_string());
    let v = json(&ok(
        &mut lab,
        "az deployment group create -g rg1 -f main.bicep",
    ));
    let out = &v["properties"]["outputs"];
    assert_eq!(
        out["dicomUrl"]["value"],
        "https://hcws1-dicom.dicom.azurehealthcareapis.com"
    );
    assert_eq!(
        out["fhirUrl"]["value"],
        "https://hcws0-fhir.fhir.azurehealthcareapis.com"
    );
    assert_eq!(out["names"]["value"], serde_json::json!(["hcws0", "hcws1"]));
    assert_eq!(out["n"]["value"], -1);
    assert_eq!(out["u"]["value"], "https://management.azure.com/");
    assert!(
        out["principal"]["value"]
            .as_str()
            .is_some_and(|p| p.len() == 36)
    );
    let cors = ok(&mut lab, "az healthcareapis workspace fhir-service show -g rg1 --workspace-name hcws0 -n fhir --query properties.corsConfiguration.methods -o tsv").output;
    assert!(cors.contains("GET") && cors.contains("POST"), "{cors}");
}

#[test]
fn a_scenario_reads_a_bicep_files_modules_and_its_bicepparam_template() {
    use hcsim_lab::scenario::{RunOptions, parse_scenario, run_scenario};
    let scenario = r#"{
      "format": "hcsim-scenario/1",
      "title": "Bicep with a module",
      "steps": [
        "az group create --name rg1 --location eastus",
        "az deployment group create -g rg1 --template-file main.bicep --parameters workspaceName=wsscen",
        "az deployment group create -g rg1 --parameters ws.bicepparam",
        {"check": {"exists": "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/wsscen/fhirservices/fhirb"}}
      ]
    }"#;
    let s = parse_scenario(scenario, "bicep.json").unwrap_or_else(|e| panic!("{e:?}"));
    let files = |p: &str| {
        match p {
        "main.bicep" => Ok(MAIN_WITH_MODULE.to_string()),
        "modules/fhir.bicep" => Ok(FHIR_MODULE.to_string()),
        "ws.bicepparam" => Ok("using 'ws.bicep'\nparam workspaceName = 'wsparam'\nparam fhirServiceName = 'fhir1'\nparam dicomServiceName = 'dicom1'\n".to_string()),
        "ws.bicep" => Ok(WORKSPACE.to_string()),
        other => Err(format!("no file {other}")),
    }
    };
    let report = run_scenario(&s, &RunOptions::default(), &files);
    assert!(
        report.passed,
        "{}",
        serde_json::to_string_pretty(&report.steps).unwrap_or_default()
    );
}

#[test]
fn a_subscription_scope_bicep_is_refused_for_a_group_deployment_as_az_does() {
    // azure-cli's validate_bicep_target_scope (src/azure-cli/azure/cli/command_modules/resource/_bicep.py).
    let mut lab = lab();
    lab.add_file("sub.bicep", "targetScope = 'subscription'\n".to_string());
    let o = lab.run("az deployment group create -g rg1 -f sub.bicep");
    assert_eq!(
        o.code.as_deref(),
        Some("InvalidTemplateError"),
        "{}",
        o.output
    );
    assert!(o.output.contains("The target scope \"subscription\" does not match the deployment scope \"resourceGroup\"."), "{}", o.output);
}

#[test]
fn lambdas_evaluate_at_deployment() {
    // ARM's lambda functions (learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-lambda).
    let mut lab = lab();
    lab.add_file(
        "l.bicep",
        "param xs array = [\n  { name: 'b', n: 2, on: true }\n  { name: 'a', n: 1, on: false }\n  { name: 'c', n: 3, on: true }\n]\noutput f array = map(filter(xs, x => x.on), x => x.name)\noutput r int = reduce(xs, 0, (cur, next) => cur + next.n)\noutput s array = map(sort(xs, (a, b) => a.n < b.n), x => x.name)\noutput o object = toObject(xs, x => x.name, x => x.n)\noutput g object = groupBy(xs, x => string(x.on))\noutput i array = map(xs, (x, i) => '${x.name}${i}')\n".to_string(),
    );
    let v = json(&ok(
        &mut lab,
        "az deployment group create -g rg1 -f l.bicep",
    ));
    let out = &v["properties"]["outputs"];
    assert_eq!(out["f"]["value"], serde_json::json!(["b", "c"]));
    assert_eq!(out["r"]["value"], 6);
    assert_eq!(out["s"]["value"], serde_json::json!(["a", "b", "c"]));
    assert_eq!(
        out["o"]["value"],
        serde_json::json!({"a": 1, "b": 2, "c": 3})
    );
    let groups = out["g"]["value"].as_object().cloned().unwrap_or_default();
    assert_eq!(groups.len(), 2, "{groups:?}");
    assert_eq!(
        groups
            .values()
            .filter_map(Value::as_array)
            .map(Vec::len)
            .sum::<usize>(),
        3
    );
    assert_eq!(out["i"]["value"], serde_json::json!(["b0", "a1", "c2"]));
}
