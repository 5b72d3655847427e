//! The supporting az commands Learn's articles use: what a learner sees from `az login`,
//! `az account get-access-token|list-locations`, `az role definition list`, `az ad …`,
//! `az resource list|update`, `az rest`, `az extension …`, `az provider unregister` and
//! `az deployment group create --template-uri`.
//!
//! Shapes follow az's documented outputs: azure-cli `az account get-access-token` (fields
//! accessToken, expiresOn, expires_on, subscription, tenant, tokenType; no subscription with
//! --tenant), `az rest` (`ERROR: Not Found({...})`, the "Can't derive appropriate Azure AD
//! resource" message), Microsoft Graph user/servicePrincipal objects (`id`, no `objectId`).

use hcsim_core::{Config, Stage, Timing};
use hcsim_lab::Lab;
use serde_json::Value;

mod support;
use support::{fail, json, ok};

const SUB: &str = "11111111-1111-1111-1111-111111111111";
const WS_ID: &str = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1";
const FHIR_HOST: &str = "https://ws1-fhir1.fhir.azurehealthcareapis.com";

fn lab() -> Lab {
    let mut lab = Lab::new(Config {
        seed: 5,
        timing: Timing::Instant,
        stage: Stage::Ga,
    });
    ok(&mut lab, "az group create -n rg1 -l eastus");
    ok(
        &mut lab,
        "az healthcareapis workspace create -n ws1 -g rg1 -l eastus",
    );
    ok(
        &mut lab,
        "az healthcareapis workspace fhir-service create -n fhir1 --workspace-name ws1 -g rg1 -l eastus --kind fhir-R4 --identity-type SystemAssigned",
    );
    lab
}

#[test]
fn login_prints_the_subscriptions_and_signs_the_trainee_back_in() {
    let mut lab = lab();
    ok(&mut lab, "sim as alice@contoso.com");
    let subs = json(&ok(&mut lab, "az login"));
    let names: Vec<&str> = subs
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Training", "Sandbox"]);
    assert_eq!(subs[0]["user"]["name"], "trainee@contoso.com");
    assert_eq!(subs[0]["isDefault"], true);
    ok(&mut lab, "az login --use-device-code");
    let o = fail(&mut lab, "az login --tenant fabrikam.onmicrosoft.com");
    assert!(o.output.contains("AADSTS90002"), "{}", o.output);
    let o = fail(
        &mut lab,
        "az login --service-principal -u nosuchapp -p secret --tenant contoso.onmicrosoft.com",
    );
    assert!(o.output.contains("AADSTS700016"), "{}", o.output);
    // azure-cli `auth/adal_authentication.py` `MSIAuthenticationWrapper.set_token`: outside
    // Azure no instance metadata endpoint answers; az raises AzureConnectionError.
    for line in [
        "az login --identity",
        "az login --identity --client-id 00000000-0000-0000-0000-000000000001",
        "az login --identity -u 00000000-0000-0000-0000-000000000001",
    ] {
        let o = fail(&mut lab, line);
        assert_eq!(o.code.as_deref(), Some("AzureConnectionError"), "{line}");
        assert!(
            o.output.starts_with("ERROR: Failed to connect to MSI. Please make sure MSI is configured correctly and check the network connection.\nError detail: HTTPConnectionPool(host='169.254.169.254', port=80)"),
            "{}",
            o.output
        );
        assert!(
            o.explanation
                .as_deref()
                .is_some_and(|e| e.contains("sim as"))
        );
    }
    // Nothing changed: the trainee still acts.
    let me = json(&ok(&mut lab, "az ad signed-in-user show"));
    assert!(me["userPrincipalName"].as_str().is_some(), "{me}");
}

#[test]
fn access_token_has_azs_fields_and_the_tenant_flag_drops_the_subscription() {
    let mut lab = lab();
    let t = json(&ok(
        &mut lab,
        &format!("az account get-access-token --resource {FHIR_HOST}"),
    ));
    let keys: Vec<&String> = t.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "accessToken",
            "expiresOn",
            "expires_on",
            "subscription",
            "tenant",
            "tokenType"
        ]
    );
    assert_eq!(t["subscription"], SUB);
    assert_eq!(t["tokenType"], "Bearer");
    assert!(t["expires_on"].as_u64().unwrap() > 1_767_225_600);
    assert_eq!(t["accessToken"].as_str().unwrap().split('.').count(), 3);
    let t = json(&ok(
        &mut lab,
        "az account get-access-token --tenant contoso.onmicrosoft.com",
    ));
    assert!(t.get("subscription").is_none());
    fail(
        &mut lab,
        "az account get-access-token --tenant fabrikam.onmicrosoft.com",
    );
    // The same principal and audience give the same token (deterministic).
    let a = ok(
        &mut lab,
        "az account get-access-token --resource-type arm --query accessToken -o tsv",
    );
    let b = ok(
        &mut lab,
        "az account get-access-token --query accessToken -o tsv",
    );
    assert_eq!(a.output, b.output);
    fail(
        &mut lab,
        "az account get-access-token --resource https://x --resource-type arm",
    );
}

#[test]
fn locations_and_role_definitions_come_from_the_modelled_tables() {
    let mut lab = lab();
    let locs = json(&ok(&mut lab, "az account list-locations"));
    let east = locs
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == "eastus")
        .expect("eastus");
    assert_eq!(east["displayName"], "East US");
    assert_eq!(east["regionalDisplayName"], "(US) East US");
    let eastus = hcsim_core::id::ArmPath::at_subscription(SUB).child("locations", "eastus");
    assert_eq!(east["id"], eastus.to_string());
    // Role ids are Azure's built-in ids (configure-azure-rbac-using-scripts.md lists them).
    let by_name = json(&ok(
        &mut lab,
        "az role definition list --name \"FHIR Data Contributor\"",
    ));
    let by_id = json(&ok(
        &mut lab,
        "az role definition list --name 5a1fc7df-4bf1-4951-a576-89034ee01acd",
    ));
    assert_eq!(by_name, by_id);
    assert_eq!(by_name[0]["roleType"], "BuiltInRole");
    assert_eq!(
        by_name[0]["id"],
        format!(
            "/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/5a1fc7df-4bf1-4951-a576-89034ee01acd"
        )
    );
    let none = json(&ok(
        &mut lab,
        "az role definition list --name \"No Such Role\"",
    ));
    assert_eq!(none, Value::Array(vec![]));
}

#[test]
fn directory_commands_show_the_signed_in_user_and_managed_identities() {
    let mut lab = lab();
    let me = json(&ok(&mut lab, "az ad signed-in-user show"));
    assert_eq!(me["userPrincipalName"], "trainee@contoso.com");
    assert!(
        me.get("objectId").is_none(),
        "Graph objects have `id`, not `objectId`"
    );
    let pid = ok(
        &mut lab,
        "az healthcareapis workspace fhir-service show -n fhir1 --workspace-name ws1 -g rg1 --query identity.principalId -o tsv",
    );
    let pid = pid.output.trim();
    let sp = json(&ok(&mut lab, &format!("az ad sp show --id {pid}")));
    assert_eq!(sp["id"], pid);
    assert_eq!(sp["servicePrincipalType"], "ManagedIdentity");
    let listed = json(&ok(
        &mut lab,
        "az ad sp list --filter \"displayName eq 'fhir1'\"",
    ));
    assert_eq!(listed.as_array().unwrap().len(), 1);
    fail(
        &mut lab,
        "az ad sp show --id 00000000-0000-0000-0000-000000000000",
    );
    fail(&mut lab, "az ad sp list --filter \"appId eq 'x'\"");
    // A managed identity has no /me.
    ok(&mut lab, &format!("sim as {pid}"));
    fail(&mut lab, "az ad signed-in-user show");
}

#[test]
fn resource_list_filters_and_update_sets_through_get_then_put() {
    let mut lab = lab();
    let all = json(&ok(&mut lab, "az resource list -g rg1"));
    let types: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "Microsoft.HealthcareApis/workspaces",
            "Microsoft.HealthcareApis/workspaces/fhirservices"
        ]
    );
    assert_eq!(all[0]["resourceGroup"], "rg1");
    let ws = json(&ok(
        &mut lab,
        "az resource list --resource-type Microsoft.HealthcareApis/workspaces",
    ));
    assert_eq!(ws.as_array().unwrap().len(), 1);
    // Subscription-wide: the trainee's Owner assignment is not a listed resource.
    let sub_wide = json(&ok(&mut lab, "az resource list"));
    assert_eq!(sub_wide, all);
    let o = fail(
        &mut lab,
        "az resource update --ids /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1 --set tags.a=b",
    );
    assert!(o.output.contains("az group update"), "{}", o.output);
    let o = fail(&mut lab, "az resource list -g nosuchgroup");
    assert_eq!(o.status, Some(404));
    let tags = json(&ok(
        &mut lab,
        &format!("az resource update --ids {WS_ID} --set tags.env=dev --query tags"),
    ));
    assert_eq!(tags["env"], "dev");
    let tags = json(&ok(
        &mut lab,
        "az resource update -g rg1 -n ws1 --resource-type Microsoft.HealthcareApis/workspaces --remove tags.env --query tags",
    ));
    assert!(tags.get("env").is_none(), "{tags}");
}

#[test]
fn rest_reaches_arm_and_the_fhir_data_plane() {
    let mut lab = lab();
    let g = json(&ok(
        &mut lab,
        &format!(
            "az rest --url https://management.azure.com/subscriptions/{SUB}/resourcegroups/rg1?api-version=2021-04-01"
        ),
    ));
    assert_eq!(g["name"], "rg1");
    let o = fail(
        &mut lab,
        &format!(
            "az rest --uri https://management.azure.com/subscriptions/{SUB}/resourcegroups/nope?api-version=2021-04-01"
        ),
    );
    assert!(o.output.starts_with("ERROR: Not Found({"), "{}", o.output);
    let o = fail(
        &mut lab,
        "az rest --url /subscriptions/11111111-1111-1111-1111-111111111111/resourcegroups/rg1",
    );
    assert!(
        o.output.contains("MissingApiVersionParameter"),
        "{}",
        o.output
    );
    let list = json(&ok(
        &mut lab,
        &format!("az rest --url {WS_ID}/fhirservices?api-version=2024-03-31"),
    ));
    assert!(
        list["value"][0]["id"]
            .as_str()
            .is_some_and(|id| id.ends_with("/fhirservices/fhir1")),
        "{list}"
    );
    // Data plane: az needs --resource for a non-ARM URL.
    let o = fail(&mut lab, &format!("az rest --url {FHIR_HOST}/metadata"));
    assert!(
        o.output
            .contains("Can't derive appropriate Azure AD resource"),
        "{}",
        o.output
    );
    let cap = json(&ok(
        &mut lab,
        &format!("az rest --url {FHIR_HOST}/metadata --resource {FHIR_HOST}"),
    ));
    assert_eq!(cap["resourceType"], "CapabilityStatement");
    // Owner is a control-plane role: /Patient needs a FHIR data role.
    let o = fail(
        &mut lab,
        &format!("az rest --url {FHIR_HOST}/Patient --resource {FHIR_HOST}"),
    );
    assert_eq!(o.status, Some(403), "{}", o.output);
    assert!(o.rule.is_some());
    ok(
        &mut lab,
        &format!(
            "az role assignment create --assignee trainee@contoso.com --role \"FHIR Data Reader\" --scope {WS_ID}/fhirservices/fhir1"
        ),
    );
    let bundle = json(&ok(
        &mut lab,
        &format!("az rest --url {FHIR_HOST}/Patient --resource {FHIR_HOST}"),
    ));
    assert_eq!(bundle["resourceType"], "Bundle");
    fail(&mut lab, "az rest --url https://example.com/anything");
}

#[test]
fn extension_healthcareapis_is_built_in() {
    let mut lab = lab();
    let o = ok(&mut lab, "az extension add --name healthcareapis");
    assert!(
        o.warnings.iter().any(|w| w.contains("already installed")),
        "{:?}",
        o.warnings
    );
    let e = json(&ok(&mut lab, "az extension show --name healthcareapis"));
    assert_eq!(e["name"], "healthcareapis");
    let list = json(&ok(&mut lab, "az extension list"));
    assert_eq!(list.as_array().unwrap().len(), 1);
    let o = fail(&mut lab, "az extension show --name aks-preview");
    assert!(o.output.contains("is not installed"), "{}", o.output);
    fail(&mut lab, "az extension add --name aks-preview");
    fail(&mut lab, "az extension remove --name healthcareapis");
}

#[test]
fn provider_unregister_then_register_again() {
    let mut lab = lab();
    ok(
        &mut lab,
        "az provider unregister --namespace Microsoft.Devices",
    );
    let s = ok(
        &mut lab,
        "az provider show -n Microsoft.Devices --query registrationState -o tsv",
    );
    assert_eq!(s.output.trim(), "NotRegistered");
    ok(
        &mut lab,
        "az provider register --namespace Microsoft.Devices",
    );
    let s = ok(
        &mut lab,
        "az provider show -n Microsoft.Devices --query registrationState -o tsv",
    );
    assert_eq!(s.output.trim(), "Registered");
}

#[test]
fn template_uri_runs_the_embedded_quickstart_or_says_it_is_offline() {
    let mut lab = lab();
    let url = "https://raw.githubusercontent.com/Azure/azure-quickstart-templates/master/quickstarts/microsoft.healthcareapis/workspaces/iotconnectors/azuredeploy.json";
    let d = json(&ok(
        &mut lab,
        &format!(
            "az deployment group create -g rg1 --template-uri {url} --parameters basename=abc123"
        ),
    ));
    // az names a deployment after the template file: azuredeploy.
    assert_eq!(d["name"], "azuredeploy");
    assert_eq!(d["properties"]["provisioningState"], "Succeeded");
    let o = fail(
        &mut lab,
        "az deployment group create -g rg1 --template-uri https://example.com/azuredeploy.json",
    );
    assert!(
        o.output.contains("offline") && o.output.contains("--template-file"),
        "{}",
        o.output
    );
    fail(&mut lab, "az deployment group create -g rg1");
    fail(
        &mut lab,
        &format!("az deployment group create -g rg1 --template-uri {url} --template-file x.json"),
    );
}

/// ARM's provider read (`az provider show -n Microsoft.HealthcareApis`) lists the provider's
/// resource types with their regions and API versions; register-application-cli-rest.md
/// (MicrosoftDocs/azure-docs) queries `resourceTypes[?resourceType=='services'].locations`.
#[test]
fn provider_show_lists_healthcareapis_resource_types() {
    let mut lab = lab();
    let v = json(&ok(
        &mut lab,
        "az provider show --namespace Microsoft.HealthcareApis --query \"resourceTypes[?resourceType=='services'].locations\"",
    ));
    let regions = v[0].as_array().expect("a list of regions");
    assert!(regions.iter().any(|r| r == "West US 2"), "{v}");
    let v = json(&ok(
        &mut lab,
        "az provider show -n Microsoft.HealthcareApis --query \"resourceTypes[?resourceType=='workspaces/fhirservices'].apiVersions | [0]\"",
    ));
    assert_eq!(v[0], "2025-10-01-preview");
    assert!(
        v.as_array()
            .is_some_and(|a| a.iter().any(|x| x == "2024-03-31"))
    );
    assert!(
        !v.as_array()
            .is_some_and(|a| a.iter().any(|x| x == "2020-03-30")),
        "workspaces came in 2021"
    );
    let iot = json(&ok(
        &mut lab,
        "az provider show -n Microsoft.HealthcareApis --query \"resourceTypes[?resourceType=='workspaces/iotconnectors'].locations | [0]\"",
    ));
    assert!(
        !iot.as_array()
            .is_some_and(|a| a.iter().any(|x| x == "UK West")),
        "MedTech left UK West"
    );
}
