//! One test per construct: what hcsim's Bicep compiler writes for it, checked against the
//! shape `bicep build` gives (learn.microsoft.com/azure/azure-resource-manager/bicep/,
//! "Bicep file structure and syntax"; compiled forms as in Azure/azure-quickstart-templates'
//! azuredeploy.json files, MIT).

use hcsim_bicep::compile_standalone;
use serde_json::{Value, json};

fn build(text: &str) -> Value {
    compile_standalone("main.bicep", text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn res(t: &Value, i: usize) -> &Value {
    &t["resources"][i]
}

#[test]
fn params_with_decorators() {
    let t = build(
        "@description('Name')\n@minLength(3)\n@maxLength(24)\nparam name string\n@allowed([\n  'a'\n  'b'\n])\nparam pick string = 'a'\n@secure()\nparam secret string\n@minValue(1)\n@maxValue(10)\nparam n int = 2\n@metadata({\n  owner: 'me'\n})\nparam o object = {}\nparam flag bool = true\nparam loc string = resourceGroup().location\n",
    );
    let p = &t["parameters"];
    assert_eq!(
        p["name"],
        json!({"type": "string", "minLength": 3, "maxLength": 24, "metadata": {"description": "Name"}})
    );
    assert_eq!(p["pick"]["allowedValues"], json!(["a", "b"]));
    assert_eq!(p["pick"]["defaultValue"], "a");
    assert_eq!(p["secret"]["type"], "securestring");
    assert_eq!(
        (p["n"]["minValue"].clone(), p["n"]["maxValue"].clone()),
        (json!(1), json!(10))
    );
    assert_eq!(p["o"]["metadata"]["owner"], "me");
    assert_eq!(p["flag"]["defaultValue"], true);
    assert_eq!(p["loc"]["defaultValue"], "[resourceGroup().location]");
    assert_eq!(
        t["$schema"],
        "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
    );
}

#[test]
fn user_types_literal_unions_and_nullable() {
    let t = build(
        "type sku = 'Basic' | 'Standard'\ntype cfg = {\n  name: string\n  size: int?\n}\nparam s sku = 'Basic'\nparam c cfg\nparam maybe string?\nparam list string[] = []\nparam props resourceInput<'Microsoft.HealthcareApis/workspaces@2024-03-31'>.properties = {}\n",
    );
    let p = &t["parameters"];
    assert_eq!(p["s"]["type"], "string");
    assert_eq!(p["s"]["allowedValues"], json!(["Basic", "Standard"]));
    assert_eq!(p["c"]["type"], "object");
    assert_eq!(p["maybe"]["nullable"], true);
    assert_eq!(p["list"]["type"], "array");
    assert_eq!(p["props"]["type"], "object");
}

#[test]
fn strings_interpolation_escapes_and_multiline() {
    let t = build(
        "param a string\nvar i = 'x-${a}-{y}'\nvar e = 'it\\'s \\${not} \\\\ \\n'\nvar m = '''\nline1\n  ${raw}\n'''\nvar br = '[literal]'\n",
    );
    let v = &t["variables"];
    assert_eq!(v["i"], "[format('x-{0}-{{y}}', parameters('a'))]");
    assert_eq!(v["e"], "it's ${not} \\ \n");
    assert_eq!(v["m"], "line1\n  ${raw}\n");
    assert_eq!(v["br"], "[[literal]", "a literal '[' is escaped for ARM");
}

#[test]
fn operators_and_ternary() {
    let t = build(
        "param a int\nparam b bool\nparam s string\nvar x = a + 1 - 2 * 3 / 4 % 5\nvar y = !b && (a > 1 || a <= 0)\nvar z = s == 'x' ? 'yes' : 'no'\nvar w = s =~ 'X'\nvar n = s != 'x'\nvar c = s ?? 'def'\nvar neg = -a\n",
    );
    let v = &t["variables"];
    assert_eq!(
        v["x"],
        "[sub(add(parameters('a'), 1), mod(div(mul(2, 3), 4), 5))]"
    );
    assert_eq!(
        v["y"],
        "[and(not(parameters('b')), or(greater(parameters('a'), 1), lessOrEquals(parameters('a'), 0)))]"
    );
    assert_eq!(v["z"], "[if(equals(parameters('s'), 'x'), 'yes', 'no')]");
    assert_eq!(v["w"], "[equals(toLower(parameters('s')), toLower('X'))]");
    assert_eq!(v["n"], "[not(equals(parameters('s'), 'x'))]");
    assert_eq!(v["c"], "[coalesce(parameters('s'), 'def')]");
    assert_eq!(v["neg"], "[sub(0, parameters('a'))]");
}

#[test]
fn property_access_safe_access_and_indexers() {
    let t = build(
        "param o object\nparam arr array\nvar a = o.x.y\nvar b = o.?maybe\nvar c = arr[0]\nvar d = o['dash-key']\nvar e = arr[?3]\n",
    );
    let v = &t["variables"];
    assert_eq!(v["a"], "[parameters('o').x.y]");
    assert_eq!(v["b"], "[tryGet(parameters('o'), 'maybe')]");
    assert_eq!(v["c"], "[parameters('arr')[0]]");
    assert_eq!(v["d"], "[parameters('o')['dash-key']]");
    assert_eq!(v["e"], "[tryGet(parameters('arr'), 3)]");
}

#[test]
fn objects_and_arrays_with_newlines_or_commas_and_functions() {
    let t = build(
        "param p string\nvar o = {\n  a: 1\n  'b-c': p\n  d: [\n    1\n    p\n  ]\n}\nvar one = { x: 1, y: 2 }\nvar f = union(o, { z: toLower(p) })\nvar g = any(concat('a', p))\nvar u = uri(environment().authentication.loginEndpoint, subscription().tenantId)\nvar ns = az.resourceGroup().location\n",
    );
    let v = &t["variables"];
    assert_eq!(
        v["o"],
        json!({"a": 1, "b-c": "[parameters('p')]", "d": [1, "[parameters('p')]"]})
    );
    assert_eq!(v["one"], json!({"x": 1, "y": 2}));
    assert_eq!(
        v["f"],
        "[union(variables('o'), createObject('z', toLower(parameters('p'))))]"
    );
    assert_eq!(v["g"], "[concat('a', parameters('p'))]");
    assert_eq!(
        v["u"],
        "[uri(environment().authentication.loginEndpoint, subscription().tenantId)]"
    );
    assert_eq!(v["ns"], "[resourceGroup().location]");
}

#[test]
fn resources_with_parent_nested_children_and_implicit_dependencies() {
    let t = build(
        "param ws string\nresource w 'Microsoft.HealthcareApis/workspaces@2024-03-31' = {\n  name: ws\n  location: 'eastus'\n  resource d 'dicomservices' = {\n    name: 'dicom1'\n    location: 'eastus'\n  }\n}\nresource f 'Microsoft.HealthcareApis/workspaces/fhirservices@2024-03-31' = {\n  parent: w\n  name: 'fhir1'\n  location: w.location\n  properties: {\n    dicom: w::d.id\n  }\n}\n",
    );
    assert_eq!(
        res(&t, 1)["type"],
        "Microsoft.HealthcareApis/workspaces/dicomservices"
    );
    assert_eq!(
        res(&t, 1)["apiVersion"],
        "2024-03-31",
        "a nested child takes its parent's version"
    );
    assert_eq!(
        res(&t, 1)["name"],
        "[format('{0}/{1}', parameters('ws'), 'dicom1')]"
    );
    assert_eq!(
        res(&t, 1)["dependsOn"],
        json!(["[resourceId('Microsoft.HealthcareApis/workspaces', parameters('ws'))]"])
    );
    let f = res(&t, 2);
    assert_eq!(
        f["location"],
        "[reference(resourceId('Microsoft.HealthcareApis/workspaces', parameters('ws')), '2024-03-31', 'full').location]"
    );
    assert_eq!(
        f["properties"]["dicom"],
        "[resourceId('Microsoft.HealthcareApis/workspaces/dicomservices', parameters('ws'), 'dicom1')]"
    );
    let deps = f["dependsOn"].as_array().cloned().unwrap_or_default();
    assert_eq!(deps.len(), 2, "{deps:?}");
}

#[test]
fn existing_resources_scope_and_runtime_properties() {
    let t = build(
        "resource ws 'Microsoft.HealthcareApis/workspaces@2024-03-31' existing = {\n  name: 'ws1'\n}\nresource other 'Microsoft.HealthcareApis/workspaces@2024-03-31' existing = {\n  name: 'ws2'\n  scope: resourceGroup('rg2')\n}\nresource f 'Microsoft.HealthcareApis/workspaces/fhirservices@2024-03-31' existing = {\n  parent: ws\n  name: 'fhir1'\n}\nresource ra 'Microsoft.Authorization/roleAssignments@2022-04-01' = {\n  scope: f\n  name: guid(f.id, 'reader')\n  properties: {\n    principalId: f.identity.principalId\n    roleDefinitionId: other.id\n    url: f.properties.authenticationConfiguration.audience\n  }\n}\n",
    );
    let resources = t["resources"].as_array().cloned().unwrap_or_default();
    assert_eq!(resources.len(), 1, "existing resources are not deployed");
    let ra = res(&t, 0);
    let fid = "resourceId('Microsoft.HealthcareApis/workspaces/fhirservices', 'ws1', 'fhir1')";
    assert_eq!(ra["scope"], format!("[{fid}]"));
    assert_eq!(
        ra["properties"]["principalId"],
        format!("[reference({fid}, '2024-03-31', 'full').identity.principalId]")
    );
    assert_eq!(
        ra["properties"]["roleDefinitionId"],
        "[resourceId('rg2', 'Microsoft.HealthcareApis/workspaces', 'ws2')]"
    );
    assert_eq!(
        ra["properties"]["url"],
        format!("[reference({fid}, '2024-03-31').authenticationConfiguration.audience]")
    );
    assert!(
        ra.get("dependsOn").is_none(),
        "an existing resource adds no dependency"
    );
}

#[test]
fn conditions_and_loops() {
    let t = build(
        "param deploy bool\nparam names array\nresource a 'Microsoft.HealthcareApis/workspaces@2024-03-31' = if (deploy) {\n  name: 'ws'\n}\nresource b 'Microsoft.HealthcareApis/workspaces@2024-03-31' = [for (n, i) in names: {\n  name: '${n}${i}'\n}]\n@batchSize(1)\nresource c 'Microsoft.HealthcareApis/workspaces@2024-03-31' = [for i in range(0, 3): if (i > 0) {\n  name: 'w${i}'\n  properties: {\n    tags: [for t in names: { name: t }]\n  }\n}]\noutput ids array = [for (n, i) in names: b[i].id]\n",
    );
    assert_eq!(res(&t, 0)["condition"], "[parameters('deploy')]");
    let b = res(&t, 1);
    assert_eq!(
        b["copy"],
        json!({"name": "b", "count": "[length(parameters('names'))]"})
    );
    assert_eq!(
        b["name"],
        "[format('{0}{1}', parameters('names')[copyIndex()], copyIndex())]"
    );
    let c = res(&t, 2);
    assert_eq!(c["copy"]["mode"], "serial");
    assert_eq!(c["copy"]["batchSize"], 1);
    assert_eq!(c["condition"], "[greater(range(0, 3)[copyIndex()], 0)]");
    assert_eq!(c["properties"]["copy"][0]["name"], "tags");
    assert_eq!(
        c["properties"]["copy"][0]["input"]["name"],
        "[parameters('names')[copyIndex('tags')]]"
    );
    assert_eq!(
        t["outputs"]["ids"]["copy"]["input"],
        "[resourceId('Microsoft.HealthcareApis/workspaces', format('{0}{1}', parameters('names')[copyIndex()], copyIndex()))]"
    );
}

#[test]
fn variables_loops_and_runtime_variables_are_inlined() {
    let t = build(
        "param names array\nvar objs = [for n in names: {\n  n: n\n}]\nresource w 'Microsoft.HealthcareApis/workspaces@2024-03-31' = {\n  name: 'ws'\n}\nvar pid = w.properties.x\nresource f 'Microsoft.HealthcareApis/workspaces/fhirservices@2024-03-31' = {\n  parent: w\n  name: 'f'\n  properties: {\n    y: pid\n  }\n}\n",
    );
    assert_eq!(t["variables"]["copy"][0]["name"], "objs");
    assert_eq!(
        t["variables"]["copy"][0]["input"]["n"],
        "[parameters('names')[copyIndex('objs')]]"
    );
    assert!(
        t["variables"].get("pid").is_none(),
        "a variable reading runtime state is inlined"
    );
    assert_eq!(
        res(&t, 1)["properties"]["y"],
        "[reference(resourceId('Microsoft.HealthcareApis/workspaces', 'ws'), '2024-03-31').x]"
    );
}

#[test]
fn outputs_target_scope_metadata_and_types_are_accepted() {
    let t = build(
        "targetScope = 'resourceGroup'\nmetadata info = 'sample'\n@description('the id')\noutput id string = resourceGroup().id\noutput n int = 3\n",
    );
    assert_eq!(
        t["outputs"]["id"],
        json!({"type": "string", "value": "[resourceGroup().id]", "metadata": {"description": "the id"}})
    );
    assert_eq!(t["outputs"]["n"]["value"], 3);
    assert_eq!(t["metadata"]["info"], "sample");
    let s = build("targetScope = 'subscription'\n");
    assert!(
        s["$schema"]
            .as_str()
            .unwrap_or("")
            .contains("subscriptionDeploymentTemplate")
    );
}

#[test]
fn modules_compile_to_nested_deployments_through_the_loader() {
    let mut load = |p: &str| match p {
        "mods/child.bicep" => {
            Ok("param n string\nparam opt string = 'x'\noutput out string = n\n".to_string())
        }
        other => Err(format!("Could not find file \"{other}\".")),
    };
    let t = hcsim_bicep::compile(
        "main.bicep",
        "module m './mods/child.bicep' = {\n  name: 'dep1'\n  scope: resourceGroup('rg2')\n  params: {\n    n: 'v'\n  }\n}\noutput o string = m.outputs.out\n",
        &mut load,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let m = res(&t, 0);
    assert_eq!(m["type"], "Microsoft.Resources/deployments");
    assert_eq!(m["resourceGroup"], "rg2");
    assert_eq!(m["properties"]["parameters"], json!({"n": {"value": "v"}}));
    assert_eq!(
        m["properties"]["template"]["outputs"]["out"]["value"],
        "[parameters('n')]"
    );
    assert_eq!(
        t["outputs"]["o"]["value"],
        "[reference(resourceId('rg2', 'Microsoft.Resources/deployments', 'dep1'), '2022-09-01').outputs.out.value]"
    );
}

#[test]
fn load_functions_read_through_the_loader() {
    let mut load = |p: &str| match p {
        "map.json" => Ok("{\"templateType\": \"CollectionContent\"}".to_string()),
        "t.txt" => Ok("hi".to_string()),
        other => Err(format!("Could not find file \"{other}\".")),
    };
    let t = hcsim_bicep::compile("main.bicep", "var j = loadJsonContent('map.json')\nvar s = loadTextContent('t.txt')\nvar b = loadFileAsBase64('t.txt')\n", &mut load).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(t["variables"]["j"]["templateType"], "CollectionContent");
    assert_eq!(t["variables"]["s"], "hi");
    assert_eq!(t["variables"]["b"], "aGk=");
}

#[test]
fn bicepparam_files_fold_to_parameters() {
    let p = hcsim_bicep::compile_params("dir/main.bicepparam", "using './main.bicep'\nvar env = 'dev'\nparam name = 'ws-${env}'\nparam n = 3\nparam tags = {\n  env: env\n}\n").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.using.as_deref(), Some("dir/main.bicep"));
    assert_eq!(
        p.parameters,
        json!({"name": {"value": "ws-dev"}, "n": {"value": 3}, "tags": {"value": {"env": "dev"}}})
    );
}

#[test]
fn lambdas_compile_to_arm_lambda() {
    let t = build(
        "param xs array\nvar f = filter(xs, x => x.on)\nvar m = map(xs, (x, i) => '${x.name}-${i}')\nvar r = reduce(xs, 0, (cur, next) => cur + next.n)\nvar o = toObject(xs, x => x.name)\n",
    );
    let v = &t["variables"];
    assert_eq!(
        v["f"],
        "[filter(parameters('xs'), lambda('x', lambdaVariables('x').on))]"
    );
    assert_eq!(
        v["m"],
        "[map(parameters('xs'), lambda('x', 'i', format('{0}-{1}', lambdaVariables('x').name, lambdaVariables('i'))))]"
    );
    assert_eq!(
        v["r"],
        "[reduce(parameters('xs'), 0, lambda('cur', 'next', add(lambdaVariables('cur'), lambdaVariables('next').n)))]"
    );
    assert_eq!(
        v["o"],
        "[toObject(parameters('xs'), lambda('x', lambdaVariables('x').name))]"
    );
}

#[test]
fn user_functions_are_inlined() {
    let t = build(
        "func prefixed(name string, n int) string => '${name}-${n}'\nfunc twice(s string) string => '${prefixed(s, 1)}${prefixed(s, 2)}'\nparam p string\nvar a = twice(p)\n",
    );
    assert_eq!(
        t["variables"]["a"],
        "[format('{0}{1}', format('{0}-{1}', parameters('p'), 1), format('{0}-{1}', parameters('p'), 2))]"
    );
}

#[test]
fn a_json_template_can_be_a_module() {
    let mut load = |p: &str| {
        match p {
        "arm.json" => Ok("{\"$schema\": \"x\", \"contentVersion\": \"1.0.0.0\", \"parameters\": {\"n\": {\"type\": \"string\"}}, \"resources\": []}".to_string()),
        other => Err(format!("Could not find file \"{other}\".")),
    }
    };
    let t = hcsim_bicep::compile(
        "main.bicep",
        "module m 'arm.json' = {\n  name: 'arm'\n  params: {\n    n: 'v'\n  }\n}\n",
        &mut load,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        res(&t, 0)["properties"]["template"]["parameters"]["n"]["type"],
        "string"
    );
    assert_eq!(res(&t, 0)["properties"]["parameters"]["n"]["value"], "v");
}

#[test]
fn exported_types_functions_and_variables_can_be_imported() {
    let mut load = |p: &str| {
        match p {
        "shared/types.bicep" => Ok("@export()\ntype sku = 'Basic' | 'Standard'\n@export()\nfunc label(n string) string => 'hc-${n}'\n@export()\nvar defaultTags = {\n  team: 'health'\n}\nvar hidden = 1\n".to_string()),
        other => Err(format!("Could not find file \"{other}\".")),
    }
    };
    let t = hcsim_bicep::compile(
        "main.bicep",
        "import { sku, label as mk, defaultTags } from 'shared/types.bicep'\nparam s sku = 'Basic'\nvar n = mk('x')\nvar tags = defaultTags\n",
        &mut load,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        t["parameters"]["s"]["allowedValues"],
        json!(["Basic", "Standard"])
    );
    assert_eq!(t["variables"]["n"], "[format('hc-{0}', 'x')]");
    assert_eq!(t["variables"]["tags"], "[createObject('team', 'health')]");
    let e = hcsim_bicep::compile(
        "main.bicep",
        "import { hidden } from 'shared/types.bicep'\n",
        &mut load,
    )
    .unwrap_err();
    assert_eq!(e.code, "BCP360");
}
