//! `az healthcareapis` commands and flags beyond create/show/list: the request bodies the
//! extension sends for its shorthand arguments, private endpoint connections, the private
//! link resource and operation results.
//!
//! Sources: Azure/azure-cli-extensions `src/healthcareapis` (MIT; `report.md` examples and
//! parameters, generated actions) for the flags and the body mapping; Azure/azure-rest-api-specs
//! `healthcareapis/.../2024-03-31` (MIT) for the resource shapes (`FhirServices_Create`:
//! `accessPolicies` a list of `{objectId}`, CORS `origins`/`headers`/`methods` lists and
//! `maxAge` a number; `WorkspacePrivateLinkResources_Get`; the private endpoint connection's
//! `privateLinkServiceConnectionState`).

use hcsim_core::{Config, Timing};
use hcsim_lab::Lab;
use serde_json::{Value, json};

mod support;
use support::ok_output as ok;

const SUB: &str = "11111111-1111-1111-1111-111111111111";

fn lab() -> Lab {
    let mut c = Config::new(11);
    c.timing = Timing::Instant;
    let mut l = Lab::new(c);
    ok(&mut l, "az group create --name testRG --location westus");
    ok(
        &mut l,
        "az healthcareapis workspace create -g testRG -n workspace1 -l westus",
    );
    l
}

/// The body of the line's PUT.
fn put_body(lab: &Lab) -> Value {
    lab.sent_requests()
        .iter()
        .find(|r| r.body.is_some() && format!("{:?}", r.method).eq_ignore_ascii_case("put"))
        .and_then(|r| r.body.clone())
        .expect("a PUT was sent")
}

fn workspace_path() -> hcsim_core::id::ArmPath {
    hcsim_core::id::build::workspace_path(SUB, "testRG", "workspace1")
}

fn workspace_id() -> String {
    workspace_path().to_string()
}

#[test]
fn fhir_shorthand_arguments_become_the_bodys_lists_and_numbers() {
    let mut l = lab();
    // The extension's own help example (report.md), verbatim.
    ok(
        &mut l,
        r#"az healthcareapis workspace fhir-service create --name "fhirservice1" --identity-type "SystemAssigned" --kind "fhir-R4" --location "westus" --access-policies object-id="c487e7d1-3210-41a3-8ccc-e9372b78da47" --access-policies object-id="5b307da8-43d4-492b-8b66-b0294ade872f" --login-servers "test1.azurecr.io" --authentication-configuration audience="https://azurehealthcareapis.com" authority="https://login.microsoftonline.com/abfde7b2-df0f-47e6-aabf-2462b07508dc" smart-proxy-enabled=true --cors-configuration allow-credentials=false headers="*" max-age=1440 methods="DELETE" methods="GET" methods="OPTIONS" methods="PATCH" methods="POST" methods="PUT" origins="*" --export-configuration-storage-account-name "existingStorageAccount" --tags additionalProp1="string" additionalProp2="string" additionalProp3="string" --resource-group "testRG" --workspace-name "workspace1""#,
    );
    let body = put_body(&l);
    let p = &body["properties"];
    assert_eq!(
        p["accessPolicies"],
        json!([
            {"objectId": "c487e7d1-3210-41a3-8ccc-e9372b78da47"},
            {"objectId": "5b307da8-43d4-492b-8b66-b0294ade872f"}
        ])
    );
    assert_eq!(
        p["corsConfiguration"],
        json!({
            "origins": ["*"], "headers": ["*"],
            "methods": ["DELETE", "GET", "OPTIONS", "PATCH", "POST", "PUT"],
            "maxAge": 1440, "allowCredentials": false
        })
    );
    assert_eq!(
        p["authenticationConfiguration"]["smartProxyEnabled"],
        json!(true)
    );
    assert_eq!(
        p["acrConfiguration"]["loginServers"],
        json!(["test1.azurecr.io"])
    );
    assert_eq!(
        p["exportConfiguration"]["storageAccountName"],
        "existingStorageAccount"
    );
    assert_eq!(body["identity"]["type"], "SystemAssigned");
    assert_eq!(body["kind"], "fhir-R4");
}

#[test]
fn oci_artifacts_version_policy_and_user_identities_are_sent() {
    let mut l = lab();
    let uai = format!(
        "/subscriptions/{SUB}/resourceGroups/testRG/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1"
    );
    let line = format!(
        "az healthcareapis workspace fhir-service create -n fhir2 --workspace-name workspace1 -g testRG \
         --oci-artifacts login-server=a.azurecr.io image-name=img1 digest=sha256:1 \
         --oci-artifacts login-server=b.azurecr.io image-name=img2 \
         --default versioned --resource-type-overrides Patient=no-version \
         --identity-type UserAssigned --user-assigned-identities '{{\"{uai}\": {{}}}}' --etag abc"
    );
    l.run(&line);
    let body = put_body(&l);
    let p = &body["properties"];
    assert_eq!(
        p["acrConfiguration"]["ociArtifacts"],
        json!([
            {"loginServer": "a.azurecr.io", "imageName": "img1", "digest": "sha256:1"},
            {"loginServer": "b.azurecr.io", "imageName": "img2"}
        ])
    );
    assert_eq!(
        p["resourceVersionPolicyConfiguration"],
        json!({"default": "versioned", "resourceTypeOverrides": {"Patient": "no-version"}})
    );
    assert_eq!(
        body["identity"]["userAssignedIdentities"],
        json!({ uai: {} })
    );
    assert_eq!(body["etag"], "abc");
}

#[test]
fn an_unknown_shorthand_key_is_refused_before_sending() {
    let mut l = lab();
    let o = l.run(
        "az healthcareapis workspace iot-connector create -n iot1 --workspace-name workspace1 -g testRG \
         --ingestion-endpoint-configuration eventhub=x",
    );
    assert!(!o.ok);
    assert!(l.sent_requests().is_empty(), "nothing may be sent");
}

/// A private endpoint to the workspace; returns its connection's name (`pe1.<id>`).
fn endpoint(l: &mut Lab) -> String {
    ok(
        l,
        "az network vnet create --name vnet1 --resource-group testRG --location westus --subnet-name default",
    );
    ok(
        l,
        &format!(
            "az network private-endpoint create --name pe1 --resource-group testRG --vnet-name vnet1 --subnet default \
             --private-connection-resource-id {} --group-id healthcareworkspace --connection-name c1",
            workspace_id()
        ),
    );
    ok(
        l,
        "az healthcareapis workspace private-endpoint-connection list -g testRG --workspace-name workspace1 --query [0].name -o tsv",
    )
}

#[test]
fn a_private_endpoint_connection_is_listed_rejected_approved_and_deleted() {
    let mut l = lab();
    let name = endpoint(&mut l);
    assert!(name.starts_with("pe1."), "{name}");
    let base =
        format!("-g testRG --workspace-name workspace1 --private-endpoint-connection-name {name}");
    let state = ok(
        &mut l,
        &format!(
            "az healthcareapis workspace private-endpoint-connection update {base} --status Rejected --description 'Not ours' --query properties.privateLinkServiceConnectionState -o json"
        ),
    );
    let state: Value = serde_json::from_str(&state).unwrap();
    assert_eq!(state["status"], "Rejected");
    assert_eq!(state["description"], "Not ours");
    assert_eq!(
        put_body(&l),
        json!({"properties": {"privateLinkServiceConnectionState": {"status": "Rejected", "description": "Not ours"}}})
    );
    ok(
        &mut l,
        &format!(
            "az healthcareapis workspace private-endpoint-connection create {base} --private-link-service-connection-state status=Approved description=Auto-Approved"
        ),
    );
    let id = workspace_path()
        .child("privateEndpointConnections", &name)
        .to_string();
    assert_eq!(
        ok(
            &mut l,
            &format!(
                "az healthcareapis workspace private-endpoint-connection show --ids {id} --query properties.privateLinkServiceConnectionState.status -o tsv"
            )
        ),
        "Approved"
    );
    ok(
        &mut l,
        &format!("az healthcareapis workspace private-endpoint-connection wait {base} --created"),
    );
    let o = l.run(&format!(
        "az healthcareapis workspace private-endpoint-connection delete {base}"
    ));
    assert_eq!(o.code.as_deref(), Some("ConfirmationRequired"));
    ok(
        &mut l,
        &format!("az healthcareapis workspace private-endpoint-connection delete {base} --yes"),
    );
    assert_eq!(
        ok(
            &mut l,
            "az healthcareapis workspace private-endpoint-connection list -g testRG --workspace-name workspace1 -o json"
        )
        .trim(),
        "[]"
    );
}

#[test]
fn a_connection_cannot_be_made_by_approving_a_name() {
    let mut l = lab();
    let o = l.run(
        r#"az healthcareapis workspace private-endpoint-connection create --private-endpoint-connection-name "myConnection" --private-link-service-connection-state description="Auto-Approved" status="Approved" --resource-group "testRG" --workspace-name "workspace1""#,
    );
    assert!(!o.ok);
    assert_eq!(o.status, Some(404));
    assert_eq!(o.code.as_deref(), Some("PrivateEndpointConnectionNotFound"));
}

#[test]
fn the_workspace_offers_one_private_link_resource() {
    let mut l = lab();
    let list = ok(
        &mut l,
        "az healthcareapis workspace private-link-resource list -g testRG --workspace-name workspace1 -o json",
    );
    let list: Value = serde_json::from_str(&list).unwrap();
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    let plr = &list[0];
    assert_eq!(plr["name"], "healthcareworkspace");
    assert_eq!(
        plr["type"],
        "Microsoft.HealthcareApis/workspaces/privateLinkResources"
    );
    assert_eq!(plr["properties"]["groupId"], "healthcareworkspace");
    assert_eq!(
        plr["properties"]["requiredZoneNames"],
        json!([
            "privatelink.fhir.azurehealthcareapis.com",
            "privatelink.dicom.azurehealthcareapis.com"
        ])
    );
    assert_eq!(
        ok(
            &mut l,
            "az healthcareapis workspace private-link-resource show --group-name healthcareworkspace -g testRG --workspace-name workspace1 --query id -o tsv"
        ),
        workspace_path()
            .child("privateLinkResources", "healthcareworkspace")
            .to_string()
    );
    let o = l.run(
        "az healthcareapis workspace private-link-resource show --group-name fhir -g testRG --workspace-name workspace1",
    );
    assert_eq!(
        (o.status, o.code.as_deref()),
        (Some(404), Some("ResourceNotFound"))
    );
    let o = l.run(
        "az healthcareapis workspace private-link-resource list -g testRG --workspace-name nosuchws",
    );
    assert_eq!(o.status, Some(404), "{}", o.output);
}

#[test]
fn operation_results_answer_for_known_operations_only() {
    let mut l = lab();
    let o = l.run(
        r#"az healthcareapis operation-result show --location-name "westus" --operation-result-id "exampleid""#,
    );
    assert_eq!(
        (o.status, o.code.as_deref()),
        (Some(404), Some("OperationNotFound"))
    );
    let p = &l.sent_requests()[0].path;
    assert!(
        p.ends_with(
            "/providers/Microsoft.HealthcareApis/locations/westus/operationresults/exampleid"
        ),
        "{p}"
    );
    // hcsim numbers operations from 1: the workspace create of `lab()` is operation 1.
    assert_eq!(
        ok(
            &mut l,
            "az healthcareapis operation-result show --location-name westus --operation-result-id 1 --query status -o tsv"
        ),
        "Succeeded"
    );
}

#[test]
fn approving_a_manual_connection_turns_public_access_off() {
    // DOCS healthcare-apis-configure-private-link.md: manual approval, and an approved private
    // endpoint disables public traffic (403 from the public network).
    let mut l = lab();
    ok(
        &mut l,
        "az healthcareapis workspace fhir-service create -g testRG --workspace-name workspace1 -n fhir1",
    );
    ok(
        &mut l,
        "az network vnet create --name vnet1 --resource-group testRG --location westus --subnet-name default",
    );
    ok(
        &mut l,
        &format!(
            "az network private-endpoint create --name pe1 --resource-group testRG --vnet-name vnet1 --subnet default \
             --private-connection-resource-id {} --group-id healthcareworkspace --connection-name c1 --manual-request",
            workspace_id()
        ),
    );
    let list = "az healthcareapis workspace private-endpoint-connection list -g testRG --workspace-name workspace1";
    assert_eq!(
        ok(
            &mut l,
            &format!(
                "{list} --query [0].properties.privateLinkServiceConnectionState.status -o tsv"
            )
        ),
        "Pending"
    );
    let fhir = workspace_path().child("fhirservices", "fhir1").to_string();
    assert!(ok(&mut l, &format!("sim probe {fhir} --from public")).starts_with("200"));
    let name = ok(&mut l, &format!("{list} --query [0].name -o tsv"));
    ok(
        &mut l,
        &format!(
            "az healthcareapis workspace private-endpoint-connection update -n {name} -g testRG --workspace-name workspace1 --status Approved"
        ),
    );
    let o = l.run(&format!("sim probe {fhir} --from public"));
    assert!(o.output.starts_with("403"), "{}", o.output);
    assert!(ok(&mut l, &format!("sim probe {fhir} --from private")).starts_with("200"));
}
