//! ARM semantics answered as ARM answers them: etags and conditional writes (412),
//! `systemData` on writes, what a repeated PUT keeps and refuses, DELETE of a missing group,
//! a group's location, and the template `apiVersion` check. Each test names its source.

mod common;
use common::*;
use hcsim_core::*;
use serde_json::{Value, json};

const ALICE: &str = "alice@contoso.com";

fn etag(w: &World, id: &str) -> String {
    w.view(id).unwrap()["etag"].as_str().unwrap().to_string()
}

/// rg1 / ws1 (eastus) / fhir1, instant timing.
fn base() -> (World, String, String) {
    let mut w = instant_world();
    let ws1 = setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let f = add_fhir(&mut w, "rg1", "ws1", "fhir1");
    (w, ws1, f)
}

// ----- etag ------------------------------------------------------------------------------

/// The etag changes on every write: PUT, PATCH, and when the operation writes the final
/// provisioning state (the RP's document is rewritten). A GET does not change it.
/// Source: ARM resource contract (common-types v5 `etag`); REST examples' etag form.
#[test]
fn etag_changes_on_every_write_and_not_on_reads() {
    let mut w = world();
    create(&mut w, &rg("rg1"), json!({"location": "eastus"}));
    let id = ws("rg1", "ws1");
    let r = put(&mut w, &id, json!({"location": "eastus"}));
    assert_eq!(r.status, 201);
    let at_create = r.body["etag"].as_str().unwrap().to_string();
    wait(&mut w, &r);
    let done = etag(&w, &id);
    assert_ne!(done, at_create, "the operation's end rewrites the resource");
    get(&mut w, &id);
    assert_eq!(etag(&w, &id), done, "a read leaves the etag alone");
    let r = patch(&mut w, &id, json!({"tags": {"env": "dev"}}));
    assert_eq!(r.status, 200);
    let patched = r.body["etag"].as_str().unwrap().to_string();
    assert_ne!(patched, done);
    let r = put_wait(&mut w, &id, json!({"location": "eastus"}));
    assert_eq!(r.status, 200);
    assert_ne!(etag(&w, &id), patched);
}

/// Two writes at the same virtual time still give two etags (instant timing).
#[test]
fn etags_differ_for_writes_at_the_same_instant() {
    let (mut w, _, f) = base();
    let a = etag(&w, &f);
    ok(&patch(&mut w, &f, json!({"tags": {"a": "1"}})));
    let b = etag(&w, &f);
    ok(&patch(&mut w, &f, json!({"tags": {"a": "2"}})));
    let c = etag(&w, &f);
    assert!(a != b && b != c && a != c);
}

/// If-Match with a stale etag: 412 PreconditionFailed, nothing changes. The current etag
/// (quoted or not, as HTTP clients send it) goes through. Source: RFC 9110 §13.1.1.
#[test]
fn if_match_with_a_stale_etag_is_412() {
    let (mut w, _, f) = base();
    let old = etag(&w, &f);
    ok(&patch(&mut w, &f, json!({"tags": {"owner": "bob"}})));
    let e = rejected(
        &mut w,
        Request::patch(&f, json!({"tags": {"owner": "me"}})).if_match(old.clone()),
        412,
        "PreconditionFailed",
        RuleId::EtagPrecondition,
    );
    assert!(e.message.contains(&old) && e.message.contains("changed"));
    assert_eq!(w.view(&f).unwrap()["tags"]["owner"], "bob");
    let current = etag(&w, &f);
    let r = send(
        &mut w,
        Request::patch(&f, json!({"tags": {"owner": "me"}})).if_match(format!("\"{current}\"")),
    );
    assert_eq!(r.status, 200, "{:?}", r.error);
    // PUT and DELETE check it too.
    rejected(
        &mut w,
        Request::put(&f, json!({"kind": "fhir-R4"})).if_match(current.clone()),
        412,
        "PreconditionFailed",
        RuleId::EtagPrecondition,
    );
    rejected(
        &mut w,
        Request::delete(&f).if_match(current),
        412,
        "PreconditionFailed",
        RuleId::EtagPrecondition,
    );
    let now = etag(&w, &f);
    assert_eq!(send(&mut w, Request::delete(&f).if_match(now)).status, 202);
}

/// `If-Match: *` needs the resource to exist; `If-None-Match: *` needs it not to.
/// Source: RFC 9110 §13.1.1 and §13.1.2.
#[test]
fn star_preconditions() {
    let (mut w, _, f) = base();
    let missing = fhir("rg1", "ws1", "fhir9");
    let e = rejected(
        &mut w,
        Request::put(&missing, json!({"kind": "fhir-R4"})).if_match("*"),
        412,
        "PreconditionFailed",
        RuleId::EtagPrecondition,
    );
    assert!(e.message.contains("does not exist"));
    let e = rejected(
        &mut w,
        Request::put(&f, json!({"kind": "fhir-R4"})).if_none_match("*"),
        412,
        "PreconditionFailed",
        RuleId::EtagPrecondition,
    );
    assert!(e.message.contains("already exists"));
    let r = send(
        &mut w,
        Request::patch(&f, json!({"tags": {"x": "y"}})).if_match("*"),
    );
    assert_eq!(r.status, 200, "{:?}", r.error);
    let r = send(
        &mut w,
        Request::put(&missing, json!({"kind": "fhir-R4"})).if_none_match("*"),
    );
    assert_eq!(r.status, 201, "{:?}", r.error);
}

/// az healthcareapis `--etag` puts the etag in the PUT body (azure-cli-extensions
/// src/healthcareapis `manual/custom.py`: `'etag': etag`); a stale one is refused like
/// If-Match, a current one goes through, and a create ignores it (nothing to compare).
#[test]
fn healthcare_body_etag_is_a_precondition() {
    let (mut w, ws1, _) = base();
    let current = etag(&w, &ws1);
    rejected(
        &mut w,
        Request::put(&ws1, json!({"location": "eastus", "etag": "stale"})),
        412,
        "PreconditionFailed",
        RuleId::EtagPrecondition,
    );
    let r = put_wait(&mut w, &ws1, json!({"location": "eastus", "etag": current}));
    assert_eq!(r.status, 200, "{:?}", r.error);
    let r = put_wait(
        &mut w,
        &ws("rg1", "ws2"),
        json!({"location": "eastus", "etag": "anything"}),
    );
    assert_eq!(r.status, 201, "{:?}", r.error);
    assert_ne!(etag(&w, &ws("rg1", "ws2")), "anything");
}

// ----- systemData ------------------------------------------------------------------------

/// `lastModifiedAt/By/ByType` move on every write; `createdAt/By` stay.
/// Source: common-types `systemData`; azure-facts.md §1 (systemData RO).
#[test]
fn system_data_last_modified_moves_created_stays() {
    let (mut w, _, f) = base();
    let before = w.view(&f).unwrap()["systemData"].clone();
    advance(&mut w, Millis::secs(90));
    let alice = w.directory().find(ALICE).unwrap().object_id.clone();
    ok(&put(
        &mut w,
        &role_assignment(&rg("rg1"), "00000000-0000-0000-0000-0000000000d1"),
        json!({"properties": {"roleDefinitionId": role_definition(CONTRIBUTOR), "principalId": alice}}),
    ));
    let r = send(
        &mut w,
        Request::patch(&f, json!({"tags": {"by": "alice"}})).as_principal(ALICE),
    );
    assert_eq!(r.status, 200, "{:?}", r.error);
    let after = w.view(&f).unwrap()["systemData"].clone();
    assert_eq!(after["createdBy"], before["createdBy"]);
    assert_eq!(after["createdAt"], before["createdAt"]);
    assert_eq!(after["lastModifiedBy"], ALICE);
    assert_eq!(after["lastModifiedByType"], "User");
    assert_ne!(after["lastModifiedAt"], before["lastModifiedAt"]);
    // A PUT moves it too.
    advance(&mut w, Millis::secs(60));
    put_wait(&mut w, &f, json!({"kind": "fhir-R4"}));
    let again = w.view(&f).unwrap()["systemData"].clone();
    assert_eq!(again["lastModifiedBy"], "trainee@contoso.com");
    assert_ne!(again["lastModifiedAt"], after["lastModifiedAt"]);
    assert_eq!(again["createdAt"], before["createdAt"]);
}

// ----- repeated PUT ----------------------------------------------------------------------

/// A repeated PUT keeps what the service computes (readOnly in the 2024-03-31 spec: DICOM
/// `serviceUrl` and `authenticationConfiguration`, FHIR's default authority/audience) and a
/// FHIR service's version when the body leaves `kind` out.
#[test]
fn repeated_put_keeps_server_computed_properties() {
    let (mut w, _, _) = base();
    let d = add_dicom(&mut w, "rg1", "ws1", "dicom1");
    let url = w.view(&d).unwrap()["properties"]["serviceUrl"].clone();
    assert_eq!(url, "https://ws1-dicom1.dicom.azurehealthcareapis.com");
    let auth = w.view(&d).unwrap()["properties"]["authenticationConfiguration"].clone();
    ok(&put_wait(
        &mut w,
        &d,
        json!({"tags": {"v": "2"}, "properties": {}}),
    ));
    let v = w.view(&d).unwrap();
    assert_eq!(v["properties"]["serviceUrl"], url);
    assert_eq!(v["properties"]["authenticationConfiguration"], auth);
    assert_eq!(v["properties"]["provisioningState"], "Succeeded");
    assert_eq!(v["tags"]["v"], "2");

    let s3 = fhir("rg1", "ws1", "stu3");
    create(&mut w, &s3, json!({"kind": "fhir-Stu3"}));
    ok(&put_wait(&mut w, &s3, json!({"properties": {}})));
    let v = w.view(&s3).unwrap();
    assert_eq!(v["kind"], "fhir-Stu3", "an omitted kind is not a change");
    let auth = &v["properties"]["authenticationConfiguration"];
    assert!(
        auth["authority"]
            .as_str()
            .unwrap()
            .starts_with("https://login.microsoftonline.com/")
    );
    assert_eq!(
        auth["audience"],
        "https://ws1-stu3.fhir.azurehealthcareapis.com"
    );
}

/// Create-only properties: a FHIR service's `kind` (Terraform ForceNew), a DICOM service's
/// `storageConfiguration` and `enableDataPartitions` (ForceNew; azure-facts.md "ForceNew /
/// schema") are refused in place; the same value is accepted.
#[test]
fn create_only_properties_are_refused_in_place() {
    let (mut w, _, f) = base();
    rejected(
        &mut w,
        Request::put(&f, json!({"kind": "fhir-Stu3"})),
        400,
        "BadRequest",
        RuleId::ValidRequest,
    );
    let d = dicom("rg1", "ws1", "dicom1");
    create(
        &mut w,
        &d,
        json!({"properties": {"enableDataPartitions": true}}),
    );
    let e = rejected(
        &mut w,
        Request::put(&d, json!({"properties": {"enableDataPartitions": false}})),
        400,
        "BadRequest",
        RuleId::ValidRequest,
    );
    assert_eq!(e.target.as_deref(), Some("properties.enableDataPartitions"));
    ok(&put_wait(
        &mut w,
        &d,
        json!({"properties": {"enableDataPartitions": true}}),
    ));
    // Leaving it out keeps it.
    ok(&put_wait(&mut w, &d, json!({"properties": {}})));
    assert_eq!(
        w.view(&d).unwrap()["properties"]["enableDataPartitions"],
        true
    );
    let storage = json!({"storageResourceId": "/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/z", "fileSystemName": "f"});
    let d2 = dicom("rg1", "ws1", "dicom2");
    create(
        &mut w,
        &d2,
        json!({"properties": {"storageConfiguration": storage}}),
    );
    let mut other = storage.clone();
    other["fileSystemName"] = json!("g");
    rejected(
        &mut w,
        Request::put(&d2, json!({"properties": {"storageConfiguration": other}})),
        400,
        "BadRequest",
        RuleId::ValidRequest,
    );
}

/// Location is fixed: a resource answers 400 InvalidResourceLocation, a resource group
/// 409 InvalidResourceGroupLocation ("Invalid resource group location 'westus'. The Resource
/// group already exists in location 'eastus'." — Azure/azure-cli#22242; 409 in
/// trailofbits/algo#1814).
#[test]
fn location_changes_are_refused_as_arm_refuses_them() {
    let (mut w, ws1, _) = base();
    rejected(
        &mut w,
        Request::put(&ws1, json!({"location": "westus2"})),
        400,
        "InvalidResourceLocation",
        RuleId::RegionImmutable,
    );
    let e = rejected(
        &mut w,
        Request::put(rg("rg1"), json!({"location": "westus"})),
        409,
        "InvalidResourceGroupLocation",
        RuleId::RegionImmutable,
    );
    assert_eq!(
        e.message,
        "Invalid resource group location 'westus'. The Resource group already exists in location 'eastus'."
    );
}

// ----- DELETE ----------------------------------------------------------------------------

/// DELETE of a missing resource group is 404 ResourceGroupNotFound (`az group delete -n nope`
/// prints "Resource group 'nope' could not be found."), while a missing resource inside an
/// existing group is 204 (azure-facts.md §1: DELETE 204 "resource does not exist").
#[test]
fn delete_of_a_missing_group_is_404_of_a_missing_resource_204() {
    let (mut w, _, _) = base();
    let e = rejected(
        &mut w,
        Request::delete(rg("nope")),
        404,
        "ResourceGroupNotFound",
        RuleId::ResourceMustExist,
    );
    assert_eq!(e.message, "Resource group 'nope' could not be found.");
    let r = send(&mut w, Request::delete(fhir("rg1", "ws1", "gone")));
    assert_eq!(r.status, 204);
    assert_eq!(r.body, Value::Null);
}

// ----- template apiVersion ---------------------------------------------------------------

/// A template resource whose apiVersion the provider does not serve: 400
/// NoRegisteredProviderFound with the supported list (Microsoft.HealthcareApis: the spec
/// readme's versions, azure-facts.md §1; workspaces from 2021-06-01-preview on).
#[test]
fn template_api_version_must_be_served() {
    let (mut w, _, _) = base();
    let mut r = template_workspace("wsv", "eastus");
    r["apiVersion"] = json!("2020-03-30");
    let e = rejected(
        &mut w,
        Request::put(
            deployment("rg1", "d1"),
            deployment_body(json!([r]), "Incremental"),
        ),
        400,
        "NoRegisteredProviderFound",
        RuleId::ApiVersionSupported,
    );
    assert!(e.message.starts_with("No registered resource provider found for location 'eastus' and API version '2020-03-30' for type 'workspaces'. The supported api-versions are '2021-06-01-preview, 2021-11-01,"), "{}", e.message);
    assert!(e.message.contains("2024-03-31"));
    // Supported versions deploy, including older stable ones the quickstarts use.
    for (i, v) in ["2024-03-31", "2022-05-15", "2021-11-01"]
        .iter()
        .enumerate()
    {
        let mut r = template_workspace(&format!("wsok{i}"), "eastus");
        r["apiVersion"] = json!(v);
        let resp = put(
            &mut w,
            &deployment("rg1", &format!("ok{i}")),
            deployment_body(json!([r]), "Incremental"),
        );
        assert_eq!(resp.status, 201, "{v}: {:?}", resp.error);
    }
    // Other namespaces: any well-formed version (hcsim's assumption), not garbage.
    let lock = |v: &str| {
        json!({"type": "Microsoft.Storage/storageAccounts", "apiVersion": v, "name": "st1x",
               "location": "eastus", "kind": "StorageV2", "sku": {"name": "Standard_LRS"}})
    };
    let resp = send(
        &mut w,
        Request::post(
            format!("{}/validate", deployment("rg1", "v1")),
            deployment_body(json!([lock("2023-05-01")]), "Incremental"),
        ),
    );
    assert_eq!(resp.status, 200, "{:?}", resp.error);
    rejected(
        &mut w,
        Request::put(
            deployment("rg1", "bad"),
            deployment_body(json!([lock("latest")]), "Incremental"),
        ),
        400,
        "NoRegisteredProviderFound",
        RuleId::ApiVersionSupported,
    );
}

/// A resource without an etag (a key vault here): an If-Match value cannot match it (412), a
/// body etag is nothing to compare (only HealthcareApis bodies carry one).
#[test]
fn resources_without_an_etag() {
    let mut w = instant_world();
    create(&mut w, &rg("rg1"), json!({"location": "eastus"}));
    let kv = vault("rg1", "kv1");
    create(&mut w, &kv, json!({"location": "eastus", "properties": {}}));
    assert!(w.view(&kv).unwrap().get("etag").is_none());
    rejected(
        &mut w,
        Request::patch(&kv, json!({"tags": {"a": "b"}})).if_match("\"x\""),
        412,
        "PreconditionFailed",
        RuleId::EtagPrecondition,
    );
    let r = put(
        &mut w,
        &kv,
        json!({"location": "eastus", "etag": "x", "properties": {}}),
    );
    assert_eq!(r.status, 200, "{:?}", r.error);
}
