//! Every property of the Microsoft.HealthcareApis 2024-03-31 bodies is validated as the
//! service validates it: JSON types, enums, patterns, ranges, formats, required members and
//! user-assigned identities that must exist.
//!
//! Source of the facts: Azure/azure-rest-api-specs `specification/healthcareapis/
//! resource-manager/Microsoft.HealthcareApis/HealthcareApis/stable/2024-03-31/
//! healthcare-apis.json` (MIT licence) and `shared/reference/azure-facts.md`. The codes for
//! a value the service refuses (400 `BadRequest`), a body it cannot read (400
//! `InvalidRequestContent`), an id that is not one (400 `LinkedInvalidPropertyId`) and a
//! missing identity (400 `FailedIdentityOperation`) are documented assumptions in
//! `providers/healthcare/model.rs`.

mod common;
use common::*;
use hcsim_core::*;
use serde_json::{Value, json};

const UAI: &str = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1";

/// rg1 / ws1 (eastus) / fhir1, an IoT connector iot1 and the identity id1.
fn base() -> World {
    let mut w = instant_world();
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    add_fhir(&mut w, "rg1", "ws1", "fhir1");
    create(&mut w, UAI, json!({"location": "eastus"}));
    create(&mut w, &iot("rg1", "ws1", "iot1"), iot_body(json!([])));
    w
}

fn iot_body(mapping: Value) -> Value {
    json!({"properties": {
        "ingestionEndpointConfiguration": {"eventHubName": "hub", "consumerGroup": "$Default",
            "fullyQualifiedEventHubNamespace": "ns.servicebus.windows.net"},
        "deviceMapping": {"content": {"templateType": "CollectionContent", "template": mapping}}
    }})
}

/// A PUT of `body` to `path` is refused with `status`/`code`, naming rule `rule`, and
/// creates nothing.
#[track_caller]
fn refused(w: &mut World, path: &str, body: Value, status: u16, code: &str, rule: RuleId) {
    let existed = w.find(path).is_some();
    let r = put_wait(w, path, body.clone());
    let e = r
        .error
        .unwrap_or_else(|| panic!("{body} should be refused, got {}", r.status));
    assert_eq!((r.status, e.code.as_str()), (status, code), "{body}: {e:?}");
    assert_eq!(e.rule, Some(rule), "{body}");
    assert!(!e.message.is_empty());
    assert_eq!(w.find(path).is_some(), existed, "{body} changed the world");
}

#[track_caller]
fn bad_request(w: &mut World, path: &str, body: Value) {
    refused(w, path, body, 400, "BadRequest", RuleId::ValidRequest);
}

#[track_caller]
fn unreadable(w: &mut World, path: &str, body: Value) {
    refused(
        w,
        path,
        body,
        400,
        "InvalidRequestContent",
        RuleId::ValidRequest,
    );
}

#[track_caller]
fn accepted(w: &mut World, path: &str, body: Value) {
    let r = put_wait(w, path, body.clone());
    assert!(r.is_success(), "{body} should be accepted: {:?}", r.error);
}

fn fhir_props(props: Value) -> Value {
    json!({"kind": "fhir-R4", "properties": props})
}

#[test]
fn cors_origins_follow_the_spec_pattern() {
    let mut w = base();
    let f = fhir("rg1", "ws1", "fhir2");
    for origin in [
        "https://contoso.com/",
        "https://contoso.com/app",
        "ftp://contoso.com",
        "contoso.com",
        "https://",
        "https://a..b",
        "https://a.com:123456",
        "https://a.com:port",
        "**",
    ] {
        bad_request(
            &mut w,
            &f,
            fhir_props(json!({"corsConfiguration": {"origins": [origin]}})),
        );
    }
    let good = [
        "*",
        "https://contoso.com",
        "HTTP://localhost:3000",
        "https://portal.azure.com.",
    ];
    accepted(
        &mut w,
        &f,
        fhir_props(json!({"corsConfiguration": {"origins": good}})),
    );
}

#[test]
fn cors_max_age_methods_and_headers() {
    let mut w = base();
    let d = dicom("rg1", "ws1", "dicom1");
    let cors = |c: Value| json!({"properties": {"corsConfiguration": c}});
    bad_request(&mut w, &d, cors(json!({"maxAge": 100_000})));
    bad_request(&mut w, &d, cors(json!({"maxAge": -1})));
    bad_request(&mut w, &d, cors(json!({"methods": ["GET", "FETCH"]})));
    bad_request(&mut w, &d, cors(json!({"headers": ["*", ""]})));
    unreadable(&mut w, &d, cors(json!({"maxAge": "1440"})));
    unreadable(&mut w, &d, cors(json!({"maxAge": 1.5})));
    unreadable(&mut w, &d, cors(json!({"origins": "*"})));
    unreadable(&mut w, &d, cors(json!({"methods": [1]})));
    unreadable(&mut w, &d, cors(json!({"allowCredentials": "yes"})));
    accepted(
        &mut w,
        &d,
        cors(
            json!({"origins": ["*"], "headers": ["*"], "methods": ["GET", "options"],
            "maxAge": 99_999, "allowCredentials": false}),
        ),
    );
    let f = fhir("rg1", "ws1", "fhir1");
    bad_request(
        &mut w,
        &f,
        fhir_props(json!({"corsConfiguration": {"maxAge": 100_000}})),
    );
}

#[test]
fn fhir_enums_are_checked() {
    let mut w = base();
    let f = fhir("rg1", "ws1", "fhir2");
    bad_request(&mut w, &f, json!({"kind": "fhir-R5"}));
    bad_request(
        &mut w,
        &f,
        fhir_props(json!({"resourceVersionPolicyConfiguration": {"default": "always"}})),
    );
    bad_request(
        &mut w,
        &f,
        fhir_props(json!({"resourceVersionPolicyConfiguration": {
            "default": "versioned", "resourceTypeOverrides": {"Patient": "none"}}})),
    );
    unreadable(
        &mut w,
        &f,
        fhir_props(
            json!({"resourceVersionPolicyConfiguration": {"resourceTypeOverrides": ["Patient"]}}),
        ),
    );
    let smart = |actions: Value| {
        fhir_props(json!({"authenticationConfiguration": {
            "authority": "https://login.microsoftonline.com/t", "audience": "https://a",
            "smartIdentityProviders": [{"authority": "https://idp.example.com",
                "applications": [{"clientId": "c", "audience": "a", "allowedDataActions": actions}]}]}}))
    };
    bad_request(&mut w, &f, smart(json!(["Write"])));
    unreadable(&mut w, &f, smart(json!("Read")));
    accepted(&mut w, &f, smart(json!(["Read"])));
    accepted(
        &mut w,
        &fhir("rg1", "ws1", "fhir3"),
        fhir_props(
            json!({"resourceVersionPolicyConfiguration": {"default": "versioned-update",
            "resourceTypeOverrides": {"Patient": "no-version", "Observation": "versioned"}}}),
        ),
    );
}

#[test]
fn fhir_formats_and_types() {
    let mut w = base();
    let f = fhir("rg1", "ws1", "fhir2");
    let auth = |a: Value| fhir_props(json!({"authenticationConfiguration": a}));
    bad_request(
        &mut w,
        &f,
        auth(json!({"authority": "login.microsoftonline.com/t"})),
    );
    bad_request(
        &mut w,
        &f,
        auth(json!({"authority": "http://login.microsoftonline.com/t"})),
    );
    unreadable(&mut w, &f, auth(json!({"smartProxyEnabled": "true"})));
    unreadable(&mut w, &f, auth(json!({"smartIdentityProviders": {}})));
    let acr = |a: Value| fhir_props(json!({"acrConfiguration": a}));
    bad_request(
        &mut w,
        &f,
        acr(json!({"loginServers": ["https://r.azurecr.io"]})),
    );
    bad_request(
        &mut w,
        &f,
        acr(json!({"ociArtifacts": [{"loginServer": "r.azurecr.io/img", "imageName": "i"}]})),
    );
    unreadable(&mut w, &f, acr(json!({"loginServers": "r.azurecr.io"})));
    unreadable(
        &mut w,
        &f,
        fhir_props(json!({"importConfiguration": {"enabled": "no"}})),
    );
    unreadable(
        &mut w,
        &f,
        fhir_props(json!({"implementationGuidesConfiguration": {"usCoreMissingData": 1}})),
    );
    unreadable(
        &mut w,
        &f,
        fhir_props(json!({"exportConfiguration": {"storageAccountName": 5}})),
    );
    unreadable(
        &mut w,
        &f,
        fhir_props(json!({"encryption": {"customerManagedKeyEncryption": "k"}})),
    );
    unreadable(&mut w, &f, json!({"kind": "fhir-R4", "properties": []}));
    accepted(
        &mut w,
        &f,
        fhir_props(
            json!({"acrConfiguration": {"loginServers": ["r.azurecr.io"],
            "ociArtifacts": [{"loginServer": "r.azurecr.io", "imageName": "i", "digest": "sha256:1"}]},
            "importConfiguration": {"enabled": false, "initialImportMode": false, "integrationDataStore": "sa"},
            "implementationGuidesConfiguration": {"usCoreMissingData": true}}),
        ),
    );
}

#[test]
fn access_policy_object_ids_are_uuids() {
    let mut w = base();
    let f = fhir("rg1", "ws1", "fhir2");
    let pol = |p: Value| fhir_props(json!({"accessPolicies": p}));
    bad_request(&mut w, &f, pol(json!([{"objectId": "alice@contoso.com"}])));
    bad_request(&mut w, &f, pol(json!([{"objectId": "0000-0000"}])));
    bad_request(&mut w, &f, pol(json!([{}])));
    unreadable(&mut w, &f, pol(json!({"objectId": "x"})));
    accepted(
        &mut w,
        &f,
        pol(json!([{"objectId": "c487e7d1-3210-41a3-8ccc-e9372b78da47"}])),
    );
}

#[test]
fn dicom_storage_and_partitions() {
    let mut w = base();
    let d = dicom("rg1", "ws1", "dicom1");
    let props = |p: Value| json!({"properties": p});
    refused(
        &mut w,
        &d,
        props(
            json!({"storageConfiguration": {"storageResourceId": "mystorage", "fileSystemName": "fs"}}),
        ),
        400,
        "LinkedInvalidPropertyId",
        RuleId::ValidRequest,
    );
    refused(
        &mut w,
        &d,
        props(json!({"storageConfiguration": {"storageResourceId": UAI, "fileSystemName": "fs"}})),
        400,
        "LinkedInvalidPropertyId",
        RuleId::ValidRequest,
    );
    unreadable(&mut w, &d, props(json!({"enableDataPartitions": "true"})));
    unreadable(
        &mut w,
        &d,
        props(json!({"storageConfiguration": {"fileSystemName": 1}})),
    );
    accepted(
        &mut w,
        &d,
        props(
            json!({"enableDataPartitions": true, "storageConfiguration": {
            "storageResourceId": "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/sa1",
            "fileSystemName": "fs"}}),
        ),
    );
}

#[test]
fn identity_types_and_user_assigned_identities() {
    let mut w = base();
    let f = fhir("rg1", "ws1", "fhir2");
    let ident = |i: Value| json!({"kind": "fhir-R4", "identity": i});
    refused(
        &mut w,
        &f,
        ident(json!({"type": "Managed"})),
        400,
        "InvalidIdentityType",
        RuleId::ValidRequest,
    );
    bad_request(&mut w, &f, ident(json!({"type": "UserAssigned"})));
    bad_request(
        &mut w,
        &f,
        ident(json!({"type": "SystemAssigned", "userAssignedIdentities": {UAI: {}}})),
    );
    refused(
        &mut w,
        &f,
        ident(json!({"type": "UserAssigned", "userAssignedIdentities": {"id1": {}}})),
        400,
        "LinkedInvalidPropertyId",
        RuleId::ValidRequest,
    );
    let vault = vault("rg1", "kv1");
    refused(
        &mut w,
        &f,
        ident(json!({"type": "UserAssigned", "userAssignedIdentities": {vault: {}}})),
        400,
        "LinkedInvalidPropertyId",
        RuleId::ValidRequest,
    );
    let missing = UAI.replace("id1", "nobody");
    for kind in ["UserAssigned", "SystemAssigned,UserAssigned"] {
        refused(
            &mut w,
            &f,
            ident(json!({"type": kind, "userAssignedIdentities": {missing.clone(): {}}})),
            400,
            "FailedIdentityOperation",
            RuleId::ResourceMustExist,
        );
    }
    unreadable(
        &mut w,
        &f,
        ident(json!({"type": "UserAssigned", "userAssignedIdentities": [UAI]})),
    );
    // The same checks guard DICOM services and IoT connectors.
    let d = dicom("rg1", "ws1", "dicom1");
    refused(
        &mut w,
        &d,
        json!({"identity": {"type": "UserAssigned", "userAssignedIdentities": {missing.clone(): {}}}}),
        400,
        "FailedIdentityOperation",
        RuleId::ResourceMustExist,
    );
    let mut body = iot_body(json!([]));
    body["identity"] = json!({"type": "UserAssigned"});
    bad_request(&mut w, &iot("rg1", "ws1", "iot2"), body);
    // An existing identity, named in any case, is accepted.
    let upper = UAI.to_uppercase().replace("SUBSCRIPTIONS", "subscriptions");
    accepted(
        &mut w,
        &f,
        ident(
            json!({"type": "SystemAssigned,UserAssigned", "userAssignedIdentities": {upper: {}}}),
        ),
    );
    accepted(&mut w, &d, json!({"identity": {"type": "None"}}));
}

#[test]
fn iot_connector_device_mapping_template_type() {
    let mut w = base();
    let i = iot("rg1", "ws1", "iot2");
    let mapping = |content: Value| {
        let mut b = iot_body(json!([]));
        b["properties"]["deviceMapping"]["content"] = content;
        b
    };
    bad_request(
        &mut w,
        &i,
        mapping(json!({"templateType": "CollectionFhirTemplate", "template": []})),
    );
    bad_request(&mut w, &i, mapping(json!({"template": []})));
    bad_request(
        &mut w,
        &i,
        mapping(json!({"templateType": 1, "template": []})),
    );
    bad_request(
        &mut w,
        &i,
        mapping(json!({"templateType": "CollectionContent", "template": {}})),
    );
    unreadable(&mut w, &i, mapping(json!("CollectionContent")));
    for ns in [
        "sb://ns.servicebus.windows.net",
        "ns.servicebus.windows.net/hub",
        "",
    ] {
        let mut b = iot_body(json!([]));
        b["properties"]["ingestionEndpointConfiguration"]["fullyQualifiedEventHubNamespace"] =
            json!(ns);
        bad_request(&mut w, &i, b);
    }
    let mut b = iot_body(json!([]));
    b["properties"]["ingestionEndpointConfiguration"]["eventHubName"] = json!(["hub"]);
    unreadable(&mut w, &i, b);
    accepted(&mut w, &i, iot_body(json!([])));
}

#[test]
fn fhir_destination_required_members_and_mapping() {
    let mut w = base();
    let d = dest("rg1", "ws1", "iot1", "dest1");
    let fhir1 = fhir("rg1", "ws1", "fhir1");
    let body = || destination_body(&fhir1);
    for member in [
        "resourceIdentityResolutionType",
        "fhirServiceResourceId",
        "fhirMapping",
    ] {
        let mut b = body();
        b["properties"].as_object_mut().unwrap().remove(member);
        bad_request(&mut w, &d, b);
    }
    let mut b = body();
    b["properties"]["resourceIdentityResolutionType"] = json!("Merge");
    bad_request(&mut w, &d, b);
    for t in ["CollectionContent", "CodeValueFhir"] {
        let mut b = body();
        b["properties"]["fhirMapping"]["content"]["templateType"] = json!(t);
        bad_request(&mut w, &d, b);
    }
    let mut b = body();
    b["properties"]["fhirMapping"]["content"] = json!([]);
    unreadable(&mut w, &d, b);
    // fhirServiceResourceId must name an existing FHIR service of the same workspace (rule 9).
    let mut b = body();
    b["properties"]["fhirServiceResourceId"] = json!(fhir("rg1", "ws1", "nofhir"));
    refused(
        &mut w,
        &d,
        b,
        400,
        "BadRequest",
        RuleId::PhiStaysInWorkspace,
    );
    let mut b = body();
    b["properties"]["fhirMapping"]["content"]["templateType"] = json!("CollectionFhir");
    accepted(&mut w, &d, b);
    accepted(&mut w, &d, body());
}

#[test]
fn read_only_and_unknown_members_are_ignored() {
    let mut w = base();
    let f = fhir("rg1", "ws1", "fhir2");
    accepted(
        &mut w,
        &f,
        fhir_props(
            json!({"provisioningState": "Failed", "publicNetworkAccess": "Disabled",
            "eventState": "Enabled", "somethingNew": {"x": 1}}),
        ),
    );
    let r = get(&mut w, &f);
    assert_eq!(r.body["properties"]["provisioningState"], "Succeeded");
    assert_eq!(r.body["properties"]["publicNetworkAccess"], "Enabled");
}

#[test]
fn an_invalid_update_leaves_the_service_as_it_was() {
    let mut w = base();
    let f = fhir("rg1", "ws1", "fhir1");
    accepted(
        &mut w,
        &f,
        fhir_props(json!({"corsConfiguration": {"origins": ["https://a.com"], "maxAge": 10}})),
    );
    bad_request(
        &mut w,
        &f,
        fhir_props(json!({"corsConfiguration": {"origins": ["https://a.com/"], "maxAge": 10}})),
    );
    let r = get(&mut w, &f);
    assert_eq!(
        r.body["properties"]["corsConfiguration"]["origins"],
        json!(["https://a.com"])
    );
}

#[test]
fn a_patch_names_only_existing_user_assigned_identities() {
    let mut w = base();
    let f = fhir("rg1", "ws1", "fhir1");
    let missing = UAI.replace("id1", "nobody");
    for (ids, code) in [
        (json!({missing: {}}), "FailedIdentityOperation"),
        (json!({"id1": {}}), "LinkedInvalidPropertyId"),
    ] {
        let r = patch(
            &mut w,
            &f,
            json!({"identity": {"type": "UserAssigned", "userAssignedIdentities": ids}}),
        );
        assert_eq!(r.status, 400, "{:?}", r.error);
        assert_eq!(r.error.map(|e| e.code), Some(code.to_string()));
    }
    let r = patch(
        &mut w,
        &f,
        json!({"identity": {"type": "UserAssigned", "userAssignedIdentities": {UAI: {}}}}),
    );
    wait(&mut w, &r);
    assert!(r.is_success(), "{:?}", r.error);
}
