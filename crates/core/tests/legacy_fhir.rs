//! Azure API for FHIR (`Microsoft.HealthcareApis/services`, REST API 2024-03-31, azure-facts.md
//! "Legacy services"): kind and location required, name rules and global names, Cosmos DB
//! throughput floor, PUT 201/200, PATCH of tags and publicNetworkAccess, DELETE 202/204, the
//! private link resource `fhir`, and the data plane at `https://<name>.azurehealthcareapis.com`.

mod common;
use common::*;
use hcsim_core::*;
use serde_json::json;

fn svc(rg_name: &str, name: &str) -> String {
    format!(
        "{}/providers/Microsoft.HealthcareApis/services/{name}",
        rg(rg_name)
    )
}

fn body() -> serde_json::Value {
    json!({"location": "westus2", "kind": "fhir-R4", "properties": {}})
}

fn setup(w: &mut World) {
    create(w, &rg("rg1"), json!({"location": "westus2"}));
    create(w, &rg("rg2"), json!({"location": "westus2"}));
}

#[test]
fn create_answers_201_then_200_with_the_legacy_defaults() {
    let mut w = instant_world();
    setup(&mut w);
    let r = put_wait(&mut w, &svc("rg1", "legacy1"), body());
    assert_eq!(r.status, 201);
    let g = get(&mut w, &svc("rg1", "legacy1"));
    assert_eq!(g.status, 200);
    let p = &g.body["properties"];
    assert_eq!(p["provisioningState"], "Succeeded");
    assert_eq!(
        p["authenticationConfiguration"]["audience"],
        "https://legacy1.azurehealthcareapis.com"
    );
    assert_eq!(p["cosmosDbConfiguration"]["offerThroughput"], 400);
    assert_eq!(p["publicNetworkAccess"], "Enabled");
    assert_eq!(g.body["type"], "Microsoft.HealthcareApis/services");
    let r = put_wait(&mut w, &svc("rg1", "legacy1"), body());
    assert_eq!(r.status, 200);
}

#[test]
fn kind_and_location_are_required() {
    let mut w = instant_world();
    setup(&mut w);
    let path = svc("rg1", "legacy1");
    let no_kind = json!({"location": "westus2", "properties": {}});
    rejected(
        &mut w,
        Request::put(&path, no_kind),
        400,
        "InvalidRequestContent",
        RuleId::ValidRequest,
    );
    let bad_kind = json!({"location": "westus2", "kind": "fhir-R5"});
    let e = rejected(
        &mut w,
        Request::put(&path, bad_kind),
        400,
        "InvalidRequestContent",
        RuleId::ValidRequest,
    );
    assert!(e.message.contains("fhir-Stu3"), "{}", e.message);
    let no_loc = json!({"kind": "fhir"});
    rejected(
        &mut w,
        Request::put(&path, no_loc),
        400,
        "LocationRequired",
        RuleId::ValidRequest,
    );
}

#[test]
fn names_are_formatted_and_global() {
    let mut w = instant_world();
    setup(&mut w);
    for bad in [
        "Legacy1",
        "-legacy",
        "lg",
        "legacy_1",
        "abcdefghijklmnopqrstuvwxy",
    ] {
        rejected(
            &mut w,
            Request::put(svc("rg1", bad), body()),
            400,
            "BadRequest",
            RuleId::NameFormat,
        );
    }
    create(&mut w, &svc("rg1", "legacy1"), body());
    // Another resource group, same name: the URL is global.
    let e = rejected(
        &mut w,
        Request::put(svc("rg2", "legacy1"), body()),
        400,
        "BadRequest",
        RuleId::NameGloballyUnique,
    );
    // Azure's message (microsoft/fhir-server-samples#137), then hcsim's reason.
    assert!(
        e.message.starts_with("Service name is not available."),
        "{}",
        e.message
    );
    assert!(
        e.message.contains("legacy1.azurehealthcareapis.com"),
        "{}",
        e.message
    );
    let check = hcsim_core::id::ArmPath::at_subscription(SUB)
        .provider_collection("Microsoft.HealthcareApis", "checkNameAvailability")
        .request_path();
    let ask = json!({"name": "legacy1", "type": "Microsoft.HealthcareApis/services"});
    let r = send(&mut w, Request::post(&check, ask.clone()));
    assert_eq!(r.body["nameAvailable"], false);
    assert_eq!(r.body["reason"], "AlreadyExists");
    assert_eq!(r.body["message"], "Service name is not available.");
    let r = delete_wait(&mut w, &svc("rg1", "legacy1"));
    assert_eq!(r.status, 202);
    let r = send(&mut w, Request::post(&check, ask));
    assert_eq!(r.body["nameAvailable"], true);
    let r = delete_wait(&mut w, &svc("rg1", "legacy1"));
    assert_eq!(r.status, 204);
    create(&mut w, &svc("rg2", "legacy1"), body());
}

#[test]
fn cosmos_throughput_and_access_policies_are_checked() {
    let mut w = instant_world();
    setup(&mut w);
    let path = svc("rg1", "legacy1");
    let low = json!({"location": "westus2", "kind": "fhir-R4", "properties": {"cosmosDbConfiguration": {"offerThroughput": 399}}});
    let e = rejected(
        &mut w,
        Request::put(&path, low),
        400,
        "InvalidRequestContent",
        RuleId::ValidRequest,
    );
    assert!(e.message.contains("400"), "{}", e.message);
    let no_oid =
        json!({"location": "westus2", "kind": "fhir-R4", "properties": {"accessPolicies": [{}]}});
    rejected(
        &mut w,
        Request::put(&path, no_oid),
        400,
        "InvalidRequestContent",
        RuleId::ValidRequest,
    );
    let pna = json!({"location": "westus2", "kind": "fhir-R4", "properties": {"publicNetworkAccess": "Off"}});
    rejected(
        &mut w,
        Request::put(&path, pna),
        400,
        "InvalidRequestContent",
        RuleId::ValidRequest,
    );
    let good = json!({"location": "westus2", "kind": "fhir-R4", "properties": {
        "cosmosDbConfiguration": {"offerThroughput": 1000, "keyVaultKeyUri": "https://my-vault.vault.azure.net/keys/my-key"},
        "accessPolicies": [{"objectId": "c487e7d1-3210-41a3-8ccc-e9372b78da47"}]}});
    create(&mut w, &path, good);
    let g = get(&mut w, &path);
    assert_eq!(
        g.body["properties"]["cosmosDbConfiguration"]["offerThroughput"],
        1000
    );
}

#[test]
fn patch_sets_public_network_access_and_the_probe_obeys_it() {
    let mut w = instant_world();
    setup(&mut w);
    let path = svc("rg1", "legacy1");
    create(&mut w, &path, body());
    let p = probe(&mut w, &path, Network::Public);
    assert_eq!(p.status, 200);
    assert_eq!(p.url, "https://legacy1.azurehealthcareapis.com/metadata");
    let r = patch(
        &mut w,
        &path,
        json!({"tags": {"env": "test"}, "properties": {"publicNetworkAccess": "Disabled"}}),
    );
    wait(&mut w, &r);
    assert_eq!(r.status, 200);
    let g = get(&mut w, &path);
    assert_eq!(g.body["properties"]["publicNetworkAccess"], "Disabled");
    assert_eq!(g.body["tags"]["env"], "test");
    let p = probe(&mut w, &path, Network::Public);
    assert_eq!(
        (p.status, p.rule),
        (403, Some(RuleId::PrivateLinkBlocksPublic))
    );
}

#[test]
fn the_private_link_resource_is_fhir() {
    let mut w = instant_world();
    setup(&mut w);
    let path = svc("rg1", "legacy1");
    create(&mut w, &path, body());
    let r = send(
        &mut w,
        Request::list(format!("{path}/privateLinkResources")),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.body["value"][0]["properties"]["groupId"], "fhir");
    let r = get(&mut w, &format!("{path}/privateLinkResources/fhir"));
    assert_eq!(
        r.body["type"],
        "Microsoft.HealthcareApis/services/privateLinkResources"
    );
    let r = get(
        &mut w,
        &format!("{path}/privateLinkResources/healthcareworkspace"),
    );
    assert_eq!(r.status, 404);
}
