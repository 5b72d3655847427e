//! Rules about names, regions and well-formed requests: name-format, name-globally-unique,
//! workspace-name-reuse, region-availability, provider-registration, valid-request,
//! resource-must-exist.

mod common;
use common::*;
use hcsim_core::*;
use serde_json::json;

#[test]
fn name_format_workspaces() {
    let mut w = instant_world();
    create(&mut w, &rg("rg1"), json!({"location": "eastus"}));
    for bad in ["ws-1", "WS1", "ws", "abcdefghijklmnopqrstuvwxy", "ws_1"] {
        rejected(
            &mut w,
            Request::put(ws("rg1", bad), json!({"location": "eastus"})),
            400,
            "BadRequest",
            RuleId::NameFormat,
        );
    }
    let e = rejected(
        &mut w,
        Request::put(ws("rg1", "my-ws"), json!({"location": "eastus"})),
        400,
        "BadRequest",
        RuleId::NameFormat,
    );
    assert!(e.message.contains("Hyphens"), "teaches why: {}", e.message);
    for good in ["ws1", "abc", "abcdefghijklmnopqrstuvwx"] {
        create(&mut w, &ws("rg1", good), json!({"location": "eastus"}));
    }
}

#[test]
fn name_format_services_and_groups() {
    let mut w = instant_world();
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    for bad in ["Fhir1", "-fhir", "fhir-", "f1", "fhir_1"] {
        rejected(
            &mut w,
            Request::put(fhir("rg1", "ws1", bad), json!({})),
            400,
            "BadRequest",
            RuleId::NameFormat,
        );
    }
    rejected(
        &mut w,
        Request::put(dicom("rg1", "ws1", "Dicom1"), json!({})),
        400,
        "BadRequest",
        RuleId::NameFormat,
    );
    rejected(
        &mut w,
        Request::put(rg("rg!1"), json!({"location": "eastus"})),
        400,
        "InvalidResourceGroupName",
        RuleId::NameFormat,
    );
    // Services may use inner hyphens; groups dots, parentheses and underscores.
    add_fhir(&mut w, "rg1", "ws1", "fhir-1");
    add_dicom(&mut w, "rg1", "ws1", "dicom-1");
    create(&mut w, &rg("rg_(1).x"), json!({"location": "eastus"}));
}

#[test]
fn name_globally_unique_workspaces_across_groups_and_subscriptions() {
    let mut w = instant_world();
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    create(&mut w, &rg("rg2"), json!({"location": "eastus"}));
    rejected(
        &mut w,
        Request::put(ws("rg2", "ws1"), json!({"location": "eastus"})),
        409,
        "NameNotAvailable",
        RuleId::NameGloballyUnique,
    );
    create(&mut w, &rg_in(SUB2, "rg1"), json!({"location": "eastus"}));
    rejected(
        &mut w,
        Request::put(ws_in(SUB2, "rg1", "ws1"), json!({"location": "eastus"})),
        409,
        "NameNotAvailable",
        RuleId::NameGloballyUnique,
    );
    // checkNameAvailability agrees.
    let check = hcsim_core::id::ArmPath::at_subscription(SUB)
        .provider_collection("Microsoft.HealthcareApis", "checkNameAvailability")
        .request_path();
    let r = send(
        &mut w,
        Request::post(
            &check,
            json!({"name": "ws1", "type": "Microsoft.HealthcareApis/workspaces"}),
        ),
    );
    assert_eq!(r.body["nameAvailable"], false);
    let r = send(
        &mut w,
        Request::post(
            &check,
            json!({"name": "ws2", "type": "Microsoft.HealthcareApis/workspaces"}),
        ),
    );
    assert_eq!(r.body["nameAvailable"], true);
    // Another name works.
    create(&mut w, &ws("rg2", "ws2"), json!({"location": "eastus"}));
}

#[test]
fn name_globally_unique_key_vaults() {
    let mut w = instant_world();
    create(&mut w, &rg("rg1"), json!({"location": "eastus"}));
    create(&mut w, &rg("rg2"), json!({"location": "eastus"}));
    create(&mut w, &vault("rg1", "kv1"), json!({"location": "eastus"}));
    rejected(
        &mut w,
        Request::put(vault("rg2", "kv1"), json!({"location": "eastus"})),
        409,
        "VaultAlreadyExists",
        RuleId::NameGloballyUnique,
    );
    create(&mut w, &vault("rg2", "kv2"), json!({"location": "eastus"}));
}

#[test]
fn workspace_name_reuse_only_in_the_same_subscription() {
    let mut w = instant_world();
    let ws_id = setup_workspace(&mut w, "rg1", "ws1", "eastus");
    ok(&delete_wait(&mut w, &ws_id));
    assert!(w.find(&ws_id).is_none());
    create(&mut w, &rg_in(SUB2, "rg1"), json!({"location": "eastus"}));
    let e = rejected(
        &mut w,
        Request::put(ws_in(SUB2, "rg1", "ws1"), json!({"location": "eastus"})),
        409,
        "NameNotAvailable",
        RuleId::WorkspaceNameReuse,
    );
    assert!(
        e.message.contains(SUB),
        "names the owning subscription: {}",
        e.message
    );
    // Reuse in the same subscription (another group even) is allowed.
    create(&mut w, &rg("rg2"), json!({"location": "eastus"}));
    create(&mut w, &ws("rg2", "ws1"), json!({"location": "eastus"}));
}

#[test]
fn region_availability() {
    let mut w = instant_world();
    // Any real region is fine for a resource group, even one without the service.
    create(&mut w, &rg("rg1"), json!({"location": "eastasia"}));
    rejected(
        &mut w,
        Request::put(rg("rg2"), json!({"location": "atlantis"})),
        400,
        "LocationNotAvailableForResourceType",
        RuleId::RegionAvailability,
    );
    let e = rejected(
        &mut w,
        Request::put(ws("rg1", "ws1"), json!({"location": "eastasia"})),
        400,
        "LocationNotAvailableForResourceType",
        RuleId::RegionAvailability,
    );
    assert!(
        e.message.contains("eastus"),
        "lists offered regions: {}",
        e.message
    );
    // MedTech was removed from ukwest: workspace and FHIR yes, IoT connector no.
    create(&mut w, &ws("rg1", "wsuk"), json!({"location": "ukwest"}));
    create(&mut w, &fhir("rg1", "wsuk", "fhir1"), json!({}));
    rejected(
        &mut w,
        Request::put(iot("rg1", "wsuk", "iot1"), json!({})),
        400,
        "LocationNotAvailableForResourceType",
        RuleId::RegionAvailability,
    );
    // Offered regions work, with display names normalized.
    create(&mut w, &ws("rg1", "ws1"), json!({"location": "East US"}));
    assert_eq!(w.view(&ws("rg1", "ws1")).unwrap()["location"], "eastus");
    create(&mut w, &iot("rg1", "ws1", "iot1"), json!({}));
}

#[test]
fn provider_registration() {
    let mut w = instant_world();
    create(&mut w, &rg("rg1"), json!({"location": "eastus"}));
    let action = |word: &str| {
        hcsim_core::id::ArmPath::at_subscription(SUB)
            .provider_collection("Microsoft.HealthcareApis", word)
            .request_path()
    };
    ok(&send(
        &mut w,
        Request::post(action("unregister"), json!({})),
    ));
    assert!(!w.provider_registered(SUB, "Microsoft.HealthcareApis"));
    rejected(
        &mut w,
        Request::put(ws("rg1", "ws1"), json!({"location": "eastus"})),
        409,
        "MissingSubscriptionRegistration",
        RuleId::ProviderRegistration,
    );
    // Other namespaces and other subscriptions are unaffected.
    create(&mut w, &vault("rg1", "kv1"), json!({"location": "eastus"}));
    create(&mut w, &rg_in(SUB2, "rg1"), json!({"location": "eastus"}));
    create(
        &mut w,
        &ws_in(SUB2, "rg1", "ws2"),
        json!({"location": "eastus"}),
    );
    // The fix: register the namespace.
    let r = send(&mut w, Request::post(action("register"), json!({})));
    assert_eq!(r.body["registrationState"], "Registered");
    create(&mut w, &ws("rg1", "ws1"), json!({"location": "eastus"}));
}

#[test]
fn valid_request_rejects_malformed_input() {
    let mut w = instant_world();
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    rejected(
        &mut w,
        Request::put("not-an-id", json!({})),
        400,
        "InvalidResourceId",
        RuleId::ValidRequest,
    );
    rejected(
        &mut w,
        Request::put(ws("rg1", "ws2"), json!([1, 2])),
        400,
        "InvalidRequestContent",
        RuleId::ValidRequest,
    );
    rejected(
        &mut w,
        Request::put(ws("rg1", "ws2"), json!({})),
        400,
        "LocationRequired",
        RuleId::ValidRequest,
    );
    rejected(
        &mut w,
        Request::put(fhir("rg1", "ws1", "fhir1"), json!({"kind": "fhir-R5"})),
        400,
        "BadRequest",
        RuleId::ValidRequest,
    );
    rejected(
        &mut w,
        Request::patch(ws("rg1", "ws1"), json!({"tags": {"a/b": "x"}})),
        400,
        "InvalidTag",
        RuleId::ValidRequest,
    );
    rejected(
        &mut w,
        Request::put(
            dest("rg1", "ws1", "iot1", "dest1"),
            json!({"properties": {}}),
        ),
        404,
        "ParentResourceNotFound",
        // The missing parent is the IoT connector, not the workspace.
        RuleId::ResourceMustExist,
    );
    create(&mut w, &iot("rg1", "ws1", "iot1"), json!({}));
    rejected(
        &mut w,
        Request::put(
            dest("rg1", "ws1", "iot1", "dest1"),
            json!({"properties": {}}),
        ),
        400,
        "BadRequest",
        RuleId::ValidRequest,
    );
    // Well-formed versions pass.
    create(
        &mut w,
        &fhir("rg1", "ws1", "fhir1"),
        json!({"kind": "fhir-Stu3"}),
    );
    assert_eq!(
        w.view(&fhir("rg1", "ws1", "fhir1")).unwrap()["kind"],
        "fhir-Stu3"
    );
    ok(&patch(
        &mut w,
        &ws("rg1", "ws1"),
        json!({"tags": {"a-b": "x"}}),
    ));
    create(&mut w, &ws("rg1", "ws2"), json!({"location": "eastus"}));
}

#[test]
fn resource_must_exist() {
    let mut w = instant_world();
    let ws_id = setup_workspace(&mut w, "rg1", "ws1", "eastus");
    rejected(
        &mut w,
        Request::get(ws("rg1", "nope")),
        404,
        "ResourceNotFound",
        RuleId::ResourceMustExist,
    );
    rejected(
        &mut w,
        Request::get(ws("rg9", "ws1")),
        404,
        "ResourceGroupNotFound",
        RuleId::ResourceMustExist,
    );
    rejected(
        &mut w,
        Request::patch(fhir("rg1", "ws1", "nope"), json!({"tags": {}})),
        404,
        "ResourceNotFound",
        RuleId::ResourceMustExist,
    );
    rejected(
        &mut w,
        Request::get("/subscriptions/33333333-3333-3333-3333-333333333333/resourceGroups/rg1"),
        404,
        "SubscriptionNotFound",
        RuleId::ResourceMustExist,
    );
    // Deleting what is not there is not an error (ARM answers 204).
    assert_eq!(send(&mut w, Request::delete(ws("rg1", "nope"))).status, 204);
    // Existing resources are found, case-insensitively, and shown with their canonical id.
    let shouted = ws_id
        .to_uppercase()
        .replace("SUBSCRIPTIONS", "subscriptions");
    let r = get(&mut w, &shouted);
    assert_eq!(r.status, 200, "{:?}", r.error);
    assert_eq!(r.body["id"], ws_id);
    let r = send(&mut w, Request::list(format!("{ws_id}/fhirservices")));
    assert_eq!(r.status, 200);
    assert_eq!(r.body["value"].as_array().unwrap().len(), 0);
}
