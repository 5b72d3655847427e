//! Customer-managed keys on FHIR/DICOM, private link on the workspace only, and the
//! private-preview stage, answered with Azure's statuses and codes.
//!
//! Sources: MicrosoftDocs/azure-docs (CC BY 4.0)
//! `articles/healthcare-apis/fhir/configure-customer-managed-keys.md` (RSA 2048/3072, soft
//! delete + purge protection, same region, "Key Vault Crypto Service Encryption User", lost
//! access → 500) and `healthcare-apis-configure-private-link.md` (workspace level,
//! `healthcareworkspace`, approved endpoint → public 403); Network RP group-id errors from
//! Azure/azure-cli#15136, #16750 and DFE-Digital/terraform-azurerm-container-apps-hosting#352.
//! Assumed (undocumented) codes: `CustomerManagedKeyInaccessible`,
//! `PrivateLinkServiceResourceTypeNotSupported`.

mod common;
use common::*;
use hcsim_core::*;
use serde_json::{Value, json};

const CRYPTO_USER: &str = "e147488a-f6f5-4113-8e2d-b22465e65bf6";
const GUID1: &str = "0f9b0a47-1a2b-4c3d-8e9f-000000000001";
const GUID2: &str = "0f9b0a47-1a2b-4c3d-8e9f-000000000002";

fn with_key(url: &str, identity: Value) -> Value {
    json!({
        "identity": identity,
        "properties": {"encryption": {"customerManagedKeyEncryption": {"keyEncryptionKeyUrl": url}}}
    })
}

fn system() -> Value {
    json!({"type": "SystemAssigned"})
}

/// Creates FHIR `name` with a system-assigned identity and returns (id, principal id).
fn fhir_with_identity(w: &mut World, name: &str) -> (String, String) {
    let id = fhir("rg1", "ws1", name);
    create(w, &id, json!({"identity": system()}));
    let pid = w.view(&id).unwrap()["identity"]["principalId"]
        .as_str()
        .expect("a system-assigned identity has a principal id")
        .to_string();
    (id, pid)
}

fn grant(w: &mut World, scope: &str, guid: &str, principal: &str) {
    create(
        w,
        &role_assignment(scope, guid),
        json!({"properties": {"roleDefinitionId": role_definition(CRYPTO_USER), "principalId": principal}}),
    );
}

fn key_error(w: &mut World, id: &str, body: Value) -> ArmError {
    rejected(
        w,
        Request::put(id, body),
        400,
        "CustomerManagedKeyInaccessible",
        RuleId::CmkAccessRequired,
    )
}

#[test]
fn a_service_key_needs_the_identity_to_have_key_access() {
    let mut w = world();
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let url = setup_key(&mut w, "rg1", "kv1", "key1");
    // A new service's system-assigned identity does not exist yet: it cannot hold the role.
    let e = key_error(
        &mut w,
        &fhir("rg1", "ws1", "fhir0"),
        with_key(&url, system()),
    );
    assert!(
        e.message
            .contains("Key Vault Crypto Service Encryption User"),
        "{}",
        e.message
    );
    let (id, pid) = fhir_with_identity(&mut w, "fhir1");
    let e = key_error(&mut w, &id, with_key(&url, system()));
    assert!(
        e.message.contains(&pid),
        "names the identity: {}",
        e.message
    );
    grant(&mut w, &vault("rg1", "kv1"), GUID1, &pid);
    ok(&put_wait(&mut w, &id, with_key(&url, system())));
    assert_eq!(probe(&mut w, &id, Network::Public).status, 200);
    // The role removed: the data plane answers 500 until access returns.
    delete_wait(&mut w, &role_assignment(&vault("rg1", "kv1"), GUID1));
    let p = probe(&mut w, &id, Network::Public);
    assert_eq!(
        (p.status, p.rule),
        (500, Some(RuleId::CmkAccessRequired)),
        "{}",
        p.reason
    );
    assert!(p.reason.contains("managed identity"), "{}", p.reason);
    grant(&mut w, &key("rg1", "kv1", "key1"), GUID2, &pid);
    assert_eq!(probe(&mut w, &id, Network::Public).status, 200);
}

#[test]
fn an_access_policy_for_a_user_assigned_identity_is_enough() {
    let mut w = world();
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let uai = format!(
        "{}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1",
        rg("rg1")
    );
    create(&mut w, &uai, json!({"location": "eastus"}));
    let pid = w.view(&uai).unwrap()["properties"]["principalId"]
        .as_str()
        .unwrap()
        .to_string();
    let ops = |keys: Value| {
        json!({"location": "eastus", "properties": {"enableRbacAuthorization": false, "enablePurgeProtection": true,
            "accessPolicies": [{"objectId": pid, "permissions": {"keys": keys}}]}})
    };
    create(&mut w, &vault("rg1", "kv2"), ops(json!(["get", "wrapKey"])));
    create(&mut w, &key("rg1", "kv2", "k"), json!({"properties": {}}));
    let identity = json!({"type": "UserAssigned", "userAssignedIdentities": {uai.clone(): {}}});
    let id = dicom("rg1", "ws1", "dicom1");
    // get + wrapKey without unwrapKey is not enough.
    key_error(
        &mut w,
        &id,
        with_key(&key_url("kv2", "k"), identity.clone()),
    );
    ok(&put_wait(
        &mut w,
        &vault("rg1", "kv2"),
        ops(json!(["Get", "WrapKey", "UnwrapKey"])),
    ));
    create(&mut w, &id, with_key(&key_url("kv2", "k"), identity));
    assert_eq!(probe(&mut w, &id, Network::Public).status, 200);
}

#[test]
fn the_key_and_vault_must_fit_the_documented_requirements() {
    let mut w = world();
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let (id, pid) = fhir_with_identity(&mut w, "fhir1");
    grant(&mut w, &rg("rg1"), GUID1, &pid);
    let expect = |w: &mut World, vault_body: Value, key_body: Value, name: &str, says: &str| {
        create(w, &vault("rg1", name), vault_body);
        create(w, &key("rg1", name, "k"), key_body);
        let e = key_error(w, &id, with_key(&key_url(name, "k"), system()));
        assert!(e.message.contains(says), "{name}: {}", e.message);
    };
    let east = json!({"location": "eastus"});
    expect(
        &mut w,
        json!({"location": "eastus", "properties": {"enablePurgeProtection": false}}),
        json!({"properties": {}}),
        "kvnopurge",
        "purge protection",
    );
    expect(
        &mut w,
        json!({"location": "westus"}),
        json!({"properties": {}}),
        "kvwest",
        "same region",
    );
    expect(
        &mut w,
        east.clone(),
        json!({"properties": {"kty": "EC", "keySize": 256}}),
        "kvec",
        "RSA key of 2048 or 3072",
    );
    expect(
        &mut w,
        east.clone(),
        json!({"properties": {"kty": "RSA", "keySize": 4096}}),
        "kv4096",
        "RSA key of 2048 or 3072",
    );
    let long = "k".repeat(80);
    let e = key_error(
        &mut w,
        &id,
        with_key(&key_url("kvlongname12345", &long), system()),
    );
    assert!(e.message.contains("at most 94"), "{}", e.message);
    // A vault hcsim does not hold is outside the simulation (another tenant): accepted.
    ok(&put_wait(
        &mut w,
        &id,
        with_key(&key_url("elsewhere", "k"), system()),
    ));
    // RSA 3072 in a purge-protected eastus vault is accepted.
    expect_ok(
        &mut w,
        &id,
        "kv3072",
        json!({"properties": {"kty": "RSA", "keySize": 3072}}),
    );
}

fn expect_ok(w: &mut World, id: &str, name: &str, key_body: Value) {
    create(w, &vault("rg1", name), json!({"location": "eastus"}));
    create(w, &key("rg1", name, "k"), key_body);
    ok(&put_wait(w, id, with_key(&key_url(name, "k"), system())));
}

#[test]
fn a_deleted_key_is_recoverable_and_the_service_comes_back() {
    let mut w = world();
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let url = setup_key(&mut w, "rg1", "kv1", "key1");
    let (id, pid) = fhir_with_identity(&mut w, "fhir1");
    grant(&mut w, &vault("rg1", "kv1"), GUID1, &pid);
    ok(&put_wait(&mut w, &id, with_key(&url, system())));
    let k = key("rg1", "kv1", "key1");
    ok(&patch(
        &mut w,
        &k,
        json!({"properties": {"deletedDate": "2026-01-01T00:00:00Z"}}),
    ));
    let p = probe(&mut w, &id, Network::Public);
    assert_eq!(p.status, 500, "{}", p.reason);
    assert!(p.reason.contains("deleted"), "{}", p.reason);
    ok(&patch(
        &mut w,
        &k,
        json!({"properties": {"deletedDate": null}}),
    ));
    assert_eq!(probe(&mut w, &id, Network::Public).status, 200);
}

fn pe_body(target: &str, groups: Value, manual: bool) -> Value {
    let mut b = private_endpoint_body("eastus", target);
    let conns = b["properties"]["privateLinkServiceConnections"].take();
    b["properties"]["privateLinkServiceConnections"] = Value::Null;
    let mut conns = conns;
    conns[0]["properties"]["groupIds"] = groups;
    let key = if manual {
        "manualPrivateLinkServiceConnections"
    } else {
        "privateLinkServiceConnections"
    };
    b["properties"][key] = conns;
    b
}

#[test]
fn private_link_targets_the_workspace_with_its_one_group_id() {
    let mut w = world();
    let ws_id = setup_workspace(&mut w, "rg1", "ws1", "eastus");
    setup_vnet(&mut w, "rg1", "eastus");
    let f = add_fhir(&mut w, "rg1", "ws1", "fhir1");
    let pe = private_endpoint("rg1", "pe1");
    let cases = [
        (
            pe_body(&f, json!(["healthcareworkspace"]), false),
            "PrivateLinkServiceResourceTypeNotSupported",
        ),
        (
            pe_body(&ws_id, json!(["fhir"]), false),
            "InvalidValuesForRequestParameters",
        ),
        (
            pe_body(&ws_id, json!([]), false),
            "MissingParameterOnPrivateLinkServiceConnection",
        ),
        (
            pe_body(&ws_id, json!(["healthcareworkspace", "fhir"]), false),
            "OnlyOneGroupIdPermitted",
        ),
    ];
    for (body, code) in cases {
        rejected(
            &mut w,
            Request::put(&pe, body),
            400,
            code,
            RuleId::ValidRequest,
        );
    }
    assert_eq!(probe(&mut w, &f, Network::Public).status, 200);
}

#[test]
fn a_manual_connection_waits_for_approval_before_public_access_closes() {
    // The rule itself, without realistic timing's propagation delay (tests/propagation.rs).
    let mut w = instant_world();
    let ws_id = setup_workspace(&mut w, "rg1", "ws1", "eastus");
    setup_vnet(&mut w, "rg1", "eastus");
    let f = add_fhir(&mut w, "rg1", "ws1", "fhir1");
    create(
        &mut w,
        &private_endpoint("rg1", "pe1"),
        pe_body(&ws_id, json!(["healthcareworkspace"]), true),
    );
    let conns =
        w.resources_of_type("Microsoft.HealthcareApis/workspaces/privateEndpointConnections");
    assert_eq!(conns.len(), 1);
    let conn = conns[0].id.clone();
    let state = |w: &World| {
        w.view(&conn).unwrap()["properties"]["privateLinkServiceConnectionState"]["status"].clone()
    };
    assert_eq!(state(&w), "Pending");
    assert_eq!(
        probe(&mut w, &f, Network::Public).status,
        200,
        "pending: public still open"
    );
    let approve = json!({"properties": {"privateLinkServiceConnectionState": {"status": "Approved", "description": "ok"}}});
    ok(&put_wait(&mut w, &conn, approve));
    assert_eq!(state(&w), "Approved");
    let p = probe(&mut w, &f, Network::Public);
    assert_eq!(
        (p.status, p.rule),
        (403, Some(RuleId::PrivateLinkBlocksPublic))
    );
    assert_eq!(probe(&mut w, &f, Network::Private).status, 200);
}

#[test]
fn private_preview_refuses_workspace_scope_role_assignments() {
    let mut w = world();
    let ws_id = setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let f = add_fhir(&mut w, "rg1", "ws1", "fhir1");
    w.apply(&Input::SetStage {
        stage: Stage::PrivatePreview,
    });
    let who = w.acting().to_string();
    let pid = w.directory().find(&who).unwrap().object_id.clone();
    let body = json!({"properties": {"roleDefinitionId": role_definition("4c8d0bbc-75d3-4935-991f-5f3c56d81508"), "principalId": pid}});
    let e = rejected(
        &mut w,
        Request::put(role_assignment(&ws_id, GUID1), body.clone()),
        400,
        "FeatureNotAvailableInPreview",
        RuleId::PrivatePreviewNoSettings,
    );
    assert!(
        e.message
            .contains("None of the workspace level configuration settings"),
        "{}",
        e.message
    );
    // On the service itself the role is not a workspace setting.
    create(&mut w, &role_assignment(&f, GUID2), body);
}
