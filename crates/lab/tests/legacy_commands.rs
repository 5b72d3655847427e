//! `az healthcareapis service|acr|private-endpoint-connection|private-link-resource`: the
//! legacy Azure API for FHIR commands, as a learner sees them.
//!
//! Sources: Azure/azure-cli-extensions `src/healthcareapis` (MIT; `manual/custom.py`
//! `healthcareapis_service_create` body mapping, `report.md` examples); REST API 2024-03-31
//! `services` (azure-facts.md "Legacy services"); learn.microsoft.com azure-api-for-fhir
//! overview for the retirement dates.

use hcsim_core::{Config, Timing};
use hcsim_lab::Lab;
use serde_json::Value;

mod support;
use support::ok_output as ok;

const SUB: &str = "11111111-1111-1111-1111-111111111111";

fn lab() -> Lab {
    let mut c = Config::new(5);
    c.timing = Timing::Instant;
    let mut l = Lab::new(c);
    ok(&mut l, "az group create --name rg1 --location westus2");
    l
}

fn json_of(out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

const CREATE: &str = "az healthcareapis service create -g rg1 --resource-name legacy1 --kind fhir-R4 --location westus2";

#[test]
fn create_warns_of_the_retirement_and_maps_every_flag() {
    let mut l = lab();
    let out = ok(
        &mut l,
        &format!(
            "{CREATE} --access-policies object-id=c487e7d1-3210-41a3-8ccc-e9372b78da47 --access-policies object-id=5b307da8-43d4-492b-8b66-b0294ade872f --cosmos-db-configuration offer-throughput=1000 key-vault-key-uri=https://my-vault.vault.azure.net/keys/my-key --authentication-configuration audience=https://azurehealthcareapis.com smart-proxy-enabled=true --cors-configuration origins=* methods=GET methods=PUT max-age=1440 --export-configuration-storage-account-name exportsa --public-network-access Disabled --login-servers a.azurecr.io"
        ),
    );
    // The warning goes where az logs warnings (stderr), so stdout is the service's JSON alone.
    let o = l.run("az healthcareapis service show -g rg1 --resource-name legacy1");
    assert!(o.warnings.is_empty(), "only create warns: {:?}", o.warnings);
    let v = json_of(&out);
    let p = &v["properties"];
    assert_eq!(v["kind"], "fhir-R4");
    assert_eq!(p["accessPolicies"].as_array().map(Vec::len), Some(2));
    assert_eq!(p["cosmosDbConfiguration"]["offerThroughput"], 1000);
    assert_eq!(
        p["cosmosDbConfiguration"]["keyVaultKeyUri"],
        "https://my-vault.vault.azure.net/keys/my-key"
    );
    assert_eq!(p["authenticationConfiguration"]["smartProxyEnabled"], true);
    assert_eq!(p["corsConfiguration"]["methods"][1], "PUT");
    assert_eq!(p["corsConfiguration"]["maxAge"], 1440);
    assert_eq!(p["exportConfiguration"]["storageAccountName"], "exportsa");
    assert_eq!(p["publicNetworkAccess"], "Disabled");
    assert_eq!(p["acrConfiguration"]["loginServers"][0], "a.azurecr.io");
    assert_eq!(p["provisioningState"], "Succeeded");
}

#[test]
fn create_needs_kind_and_location_and_the_service_rules() {
    let mut l = lab();
    let o =
        l.run("az healthcareapis service create -g rg1 --resource-name legacy1 --location westus2");
    assert!(!o.ok && o.output.contains("--kind"), "{}", o.output);
    let o = l.run("az healthcareapis service create -g rg1 --resource-name legacy1 --kind fhir");
    assert!(!o.ok && o.output.contains("--location"), "{}", o.output);
    let o = l.run(&format!(
        "{CREATE} --cosmos-db-configuration offer-throughput=100"
    ));
    assert_eq!((o.ok, o.status), (false, Some(400)), "{}", o.output);
    assert_eq!(o.rule.as_deref(), Some("valid-request"));
    let o = l.run("az healthcareapis service create -g rg1 --resource-name Legacy_1 --kind fhir --location westus2");
    assert_eq!(o.rule.as_deref(), Some("name-format"), "{}", o.output);
    ok(&mut l, CREATE);
    ok(&mut l, "az group create --name rg2 --location westus2");
    let o = l.run("az healthcareapis service create -g rg2 --resource-name legacy1 --kind fhir --location westus2");
    assert_eq!(
        (o.status, o.rule.as_deref()),
        (Some(400), Some("name-globally-unique")),
        "{}",
        o.output
    );
}

#[test]
fn show_list_update_delete_wait() {
    let mut l = lab();
    ok(&mut l, CREATE);
    let v = json_of(&ok(
        &mut l,
        "az healthcareapis service show -g rg1 --resource-name legacy1",
    ));
    assert_eq!(
        v["id"],
        format!(
            "/subscriptions/{SUB}/resourceGroups/rg1/providers/Microsoft.HealthcareApis/services/legacy1"
        )
    );
    let names = ok(
        &mut l,
        "az healthcareapis service list --query [].name -o tsv",
    );
    assert_eq!(names.trim(), "legacy1");
    let v = json_of(&ok(
        &mut l,
        "az healthcareapis service update -g rg1 --resource-name legacy1 --tags env=test --public-network-access Disabled",
    ));
    assert_eq!(v["tags"]["env"], "test");
    assert_eq!(v["properties"]["publicNetworkAccess"], "Disabled");
    let o = l.run("az healthcareapis service delete -g rg1 --resource-name legacy1");
    assert_eq!(o.code.as_deref(), Some("ConfirmationRequired"));
    ok(
        &mut l,
        "az healthcareapis service delete -g rg1 --resource-name legacy1 --yes",
    );
    ok(
        &mut l,
        "az healthcareapis service wait -g rg1 --resource-name legacy1 --deleted",
    );
    let o = l.run("az healthcareapis service show -g rg1 --resource-name legacy1");
    assert_eq!(
        (o.status, o.code.as_deref()),
        (Some(404), Some("ResourceNotFound"))
    );
}

#[test]
fn acr_add_remove_reset_list() {
    let mut l = lab();
    ok(&mut l, CREATE);
    let base = "-g rg1 --resource-name legacy1";
    ok(
        &mut l,
        &format!("az healthcareapis acr add --login-servers \"a.azurecr.io b.azurecr.io\" {base}"),
    );
    ok(
        &mut l,
        &format!("az healthcareapis acr add --login-servers a.azurecr.io c.azurecr.io {base}"),
    );
    let v = json_of(&ok(&mut l, &format!("az healthcareapis acr list {base}")));
    assert_eq!(
        v["loginServers"],
        serde_json::json!(["a.azurecr.io", "b.azurecr.io", "c.azurecr.io"])
    );
    ok(
        &mut l,
        &format!("az healthcareapis acr remove --login-servers b.azurecr.io x.azurecr.io {base}"),
    );
    let v = json_of(&ok(&mut l, &format!("az healthcareapis acr list {base}")));
    assert_eq!(
        v["loginServers"],
        serde_json::json!(["a.azurecr.io", "c.azurecr.io"])
    );
    ok(&mut l, &format!("az healthcareapis acr reset {base}"));
    let v = json_of(&ok(&mut l, &format!("az healthcareapis acr list {base}")));
    assert_eq!(v["loginServers"], serde_json::json!([]));
}

#[test]
fn private_endpoint_connections_and_link_resources() {
    let mut l = lab();
    ok(&mut l, CREATE);
    let base = "-g rg1 --resource-name legacy1";
    let v = json_of(&ok(
        &mut l,
        &format!("az healthcareapis private-link-resource list {base}"),
    ));
    assert_eq!(v[0]["properties"]["groupId"], "fhir");
    ok(
        &mut l,
        &format!("az healthcareapis private-link-resource show --group-name fhir {base}"),
    );
    ok(
        &mut l,
        "az network vnet create -g rg1 -n vnet1 --subnet-name default",
    );
    let svc = format!(
        "/subscriptions/{SUB}/resourceGroups/rg1/providers/Microsoft.HealthcareApis/services/legacy1"
    );
    let o = l.run(&format!("az network private-endpoint create -g rg1 -n pe1 --vnet-name vnet1 --subnet default --private-connection-resource-id {svc} --group-id healthcareworkspace --connection-name c1"));
    assert_eq!(o.rule.as_deref(), Some("valid-request"), "{}", o.output);
    ok(
        &mut l,
        &format!(
            "az network private-endpoint create -g rg1 -n pe1 --vnet-name vnet1 --subnet default --private-connection-resource-id {svc} --group-id fhir --connection-name c1"
        ),
    );
    let v = json_of(&ok(
        &mut l,
        &format!("az healthcareapis private-endpoint-connection list {base}"),
    ));
    let name = v[0]["name"].as_str().expect("one connection").to_string();
    assert!(name.starts_with("pe1."), "{name}");
    // The service's own body lists it, as GET of a service does.
    let shown = json_of(&ok(
        &mut l,
        &format!("az healthcareapis service show {base}"),
    ));
    assert_eq!(
        shown["properties"]["privateEndpointConnections"][0]["name"],
        name.as_str()
    );
    assert_eq!(
        v[0]["properties"]["privateLinkServiceConnectionState"]["status"],
        "Approved"
    );
    let v = json_of(&ok(
        &mut l,
        &format!(
            "az healthcareapis private-endpoint-connection update -n {name} --status Rejected --description no {base}"
        ),
    ));
    assert_eq!(
        v["properties"]["privateLinkServiceConnectionState"]["status"],
        "Rejected"
    );
    // The extension's deprecated spelling still works, with knack's deprecation note on
    // stderr (HISTORY.rst 0.4.0; the note as az's help prints it).
    let o = l.run(&format!(
        "az healthcareapis private-endpoint-connection update -n {name} --private-link-service-connection-state-status Approved {base}"
    ));
    assert!(o.ok, "{}", o.output);
    assert_eq!(
        json_of(&o.output)["properties"]["privateLinkServiceConnectionState"]["status"],
        "Approved"
    );
    assert_eq!(
        o.notices,
        [
            "Argument 'private_link_service_connection_state_status' has been deprecated and will be removed in a future release. Use '--private-link-service-connection-state' instead."
        ]
    );
    let o = l.run(&format!(
        "az healthcareapis private-endpoint-connection show -n nosuch {base}"
    ));
    assert_eq!(o.status, Some(404));
    ok(
        &mut l,
        &format!("az healthcareapis private-endpoint-connection delete -n {name} --yes {base}"),
    );
    let v = json_of(&ok(
        &mut l,
        &format!("az healthcareapis private-endpoint-connection list {base}"),
    ));
    assert_eq!(v, serde_json::json!([]));
}

#[test]
fn the_data_plane_is_at_the_legacy_url() {
    let mut l = lab();
    ok(
        &mut l,
        &format!("{CREATE} --access-policies object-id=15f7c2fb-0ab5-4aaf-891f-05a28463b655"),
    );
    let svc = format!(
        "/subscriptions/{SUB}/resourceGroups/rg1/providers/Microsoft.HealthcareApis/services/legacy1"
    );
    let out = ok(&mut l, &format!("sim probe {svc}"));
    assert!(
        out.contains("https://legacy1.azurehealthcareapis.com/metadata"),
        "{out}"
    );
    // alice's object id is in the access policies; bob's is not.
    let alice = ok(
        &mut l,
        "az ad user show --id alice@contoso.com --query id -o tsv",
    );
    assert_eq!(alice.trim(), "15f7c2fb-0ab5-4aaf-891f-05a28463b655");
    let o = l.run(&format!(
        "sim probe {svc} --path /Patient --as alice@contoso.com"
    ));
    assert_eq!(o.status, Some(200), "{}", o.output);
    let o = l.run(&format!(
        "sim probe {svc} --path /Patient --as bob@contoso.com"
    ));
    assert_eq!(
        (o.status, o.rule.as_deref()),
        (Some(403), Some("rbac")),
        "{}",
        o.output
    );
}
