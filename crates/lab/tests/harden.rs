//! Reliability and security: writes that reach another scope meet that scope's locks, the
//! directory and the data plane's bulk operations need their own roles.
//!
//! Sources: learn.microsoft.com "Lock your resources" (a ReadOnly lock blocks every write in
//! its scope, a move into the group included: 409 ScopeLocked); Microsoft Graph "Create user"
//! (needs a directory role such as User Administrator; without one Graph answers 403
//! `Authorization_RequestDenied`, "Insufficient privileges to complete the operation.");
//! Azure built-in roles (FHIR Data Importer / Exporter / Bulk Operator / Contributor, see
//! /work/shared/reference/azure-facts.md) for `$import`, `$export` and `$bulk-delete`.

use hcsim_core::{Config, Timing};
use hcsim_lab::Lab;

mod support;
use support::{fail, ok_output as ok};

const SUB: &str = "11111111-1111-1111-1111-111111111111";

fn lab() -> Lab {
    let mut c = Config::new(7);
    c.timing = Timing::Instant;
    Lab::new(c)
}

fn ws_id(rg: &str, ws: &str) -> String {
    hcsim_core::id::build::workspace(SUB, rg, ws)
}

#[test]
fn a_move_into_a_read_only_group_is_refused_and_nothing_moves() {
    let mut l = lab();
    ok(&mut l, "az group create -n rg1 -l eastus");
    ok(&mut l, "az group create -n rg2 -l eastus");
    ok(
        &mut l,
        "az healthcareapis workspace create -g rg1 -n wsmove1 -l eastus",
    );
    ok(&mut l, "az lock create -n frozen -t ReadOnly -g rg2");
    let o = fail(
        &mut l,
        &format!(
            "az resource move --ids {} --destination-group rg2",
            ws_id("rg1", "wsmove1")
        ),
    );
    assert!(o.output.contains("ScopeLocked"), "{}", o.output);
    ok(&mut l, "az healthcareapis workspace show -g rg1 -n wsmove1");
}

#[test]
fn a_private_endpoint_to_a_locked_workspace_is_refused_from_another_group() {
    let mut l = lab();
    ok(&mut l, "az group create -n rg1 -l eastus");
    ok(&mut l, "az group create -n rg2 -l eastus");
    ok(
        &mut l,
        "az healthcareapis workspace create -g rg1 -n wspe1 -l eastus",
    );
    ok(
        &mut l,
        "az network vnet create -n vnet1 -g rg2 -l eastus --subnet-name default",
    );
    ok(&mut l, "az lock create -n frozen -t ReadOnly -g rg1");
    let o = fail(
        &mut l,
        &format!(
            "az network private-endpoint create -n pe1 -g rg2 --vnet-name vnet1 --subnet default \
             --private-connection-resource-id {} --group-id healthcareworkspace --connection-name c1 -l eastus",
            ws_id("rg1", "wspe1")
        ),
    );
    assert!(o.output.contains("ScopeLocked"), "{}", o.output);
    let conns = ok(
        &mut l,
        "az healthcareapis workspace private-endpoint-connection list -g rg1 --workspace-name wspe1",
    );
    assert_eq!(conns.trim(), "[]", "{conns}");
}

#[test]
fn creating_a_user_needs_a_directory_role() {
    let mut l = lab();
    ok(&mut l, "sim as alice@contoso.com");
    let o = fail(
        &mut l,
        "az ad user create --display-name Bob --user-principal-name bob@contoso.com --password Secret123!",
    );
    // az's role module prints a Graph error as `ERROR: message` (graph_err_handler);
    // the code is the outcome's.
    assert_eq!(
        o.code.as_deref(),
        Some("Authorization_RequestDenied"),
        "{}",
        o.output
    );
    assert!(
        o.output.starts_with("ERROR: Insufficient privileges"),
        "{}",
        o.output
    );
    assert!(
        o.output
            .contains("Insufficient privileges to complete the operation."),
        "{}",
        o.output
    );
    ok(&mut l, "sim as me");
    ok(
        &mut l,
        "az ad user create --display-name Bob --user-principal-name bob@contoso.com --password Secret123!",
    );
}

#[test]
fn bulk_operations_need_their_own_data_roles() {
    let mut l = lab();
    ok(&mut l, "az group create -n rg1 -l eastus");
    ok(
        &mut l,
        "az healthcareapis workspace create -g rg1 -n wsdata1 -l eastus",
    );
    ok(
        &mut l,
        "az healthcareapis workspace fhir-service create -g rg1 --workspace-name wsdata1 -n fhir1 --kind fhir-R4 -l eastus",
    );
    let fhir =
        hcsim_core::id::build::workspace_child(SUB, "rg1", "wsdata1", "fhirservices", "fhir1");
    ok(
        &mut l,
        &format!(
            "az role assignment create --assignee alice@contoso.com --role \"FHIR Data Reader\" --scope {fhir}"
        ),
    );
    let probe = |l: &mut Lab, path: &str| {
        l.run(&format!(
            "sim probe {fhir} --as alice@contoso.com --path {path}"
        ))
    };
    assert_eq!(probe(&mut l, "/Patient").status, Some(200));
    for op in ["/$import", "/$export", "/$bulk-delete"] {
        let o = probe(&mut l, op);
        assert_eq!(o.status, Some(403), "{op}: {}", o.output);
    }
    ok(
        &mut l,
        &format!(
            "az role assignment create --assignee alice@contoso.com --role \"FHIR Data Exporter\" --scope {fhir}"
        ),
    );
    assert_eq!(probe(&mut l, "/$export").status, Some(200));
    assert_eq!(probe(&mut l, "/$import").status, Some(403));
    ok(
        &mut l,
        &format!(
            "az role assignment create --assignee alice@contoso.com --role \"FHIR Data Contributor\" --scope {fhir}"
        ),
    );
    for op in ["/$import", "/$export", "/$bulk-delete"] {
        assert_eq!(probe(&mut l, op).status, Some(200), "{op}");
    }
}

/// ARM's limit of 980 resource groups per subscription (learn.microsoft.com "Azure
/// subscription and service limits"); the code and wording as ARM answers
/// (`ResourceGroupQuotaExceeded` … "would exceed the quota of '980'").
#[test]
fn a_subscription_holds_at_most_980_resource_groups() {
    let mut l = lab();
    let existing = ok(&mut l, "az group list --query length(@) -o tsv");
    let existing: usize = existing.trim().parse().unwrap();
    for i in existing..980 {
        ok(&mut l, &format!("az group create -n q{i} -l eastus"));
    }
    let o = fail(&mut l, "az group create -n onetoomany -l eastus");
    assert!(
        o.output.contains("ResourceGroupQuotaExceeded"),
        "{}",
        o.output
    );
    assert!(
        o.output.contains("would exceed the quota of '980'"),
        "{}",
        o.output
    );
    // Updating an existing group is no new group; deleting one makes room again.
    ok(&mut l, "az group create -n q979 -l eastus --tags a=b");
    ok(&mut l, "az group delete -n q979 --yes");
    ok(&mut l, "az group create -n onetoomany -l eastus");
}

/// The reliability report: a 200,000-deep template expression was echoed whole, twice, in
/// its error (3.2 MB). The error now repeats the start of it and its length.
#[test]
fn a_huge_template_expression_is_not_echoed_whole() {
    let mut l = lab();
    ok(&mut l, "az group create -n rg1 -l eastus");
    let depth = 200_000;
    let expr = format!("[{}'a'{}]", "concat(".repeat(depth), ")".repeat(depth));
    let template = serde_json::json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "resources": [],
        "outputs": {"o": {"type": "string", "value": expr}}
    });
    l.add_file("deep.json", template.to_string());
    let o = fail(
        &mut l,
        "az deployment group create -g rg1 --template-file deep.json",
    );
    let all = format!("{}{}", o.output, o.explanation.unwrap_or_default());
    assert!(all.len() < 20_000, "{} bytes", all.len());
    assert!(all.contains("characters in all"), "{all}");
}

/// ARM refuses an automatically approved private endpoint when its creator may not approve
/// on the workspace (403 LinkedAuthorizationFailed, as quoted in MicrosoftDocs/azure-docs#96892);
/// a manual request is the way to ask, and waits Pending.
#[test]
fn an_auto_approved_private_endpoint_needs_rights_on_the_workspace() {
    let mut l = lab();
    ok(&mut l, "az group create -n rg1 -l eastus");
    ok(&mut l, "az group create -n rg2 -l eastus");
    ok(
        &mut l,
        "az healthcareapis workspace create -g rg1 -n wsauth1 -l eastus",
    );
    ok(
        &mut l,
        "az network vnet create -n vnet1 -g rg2 -l eastus --subnet-name default",
    );
    let rg2 = hcsim_core::id::build::resource_group(SUB, "rg2");
    ok(
        &mut l,
        &format!(
            "az role assignment create --assignee alice@contoso.com --role Contributor --scope {rg2}"
        ),
    );
    ok(&mut l, "sim as alice@contoso.com");
    let create = format!(
        "az network private-endpoint create -n pe1 -g rg2 --vnet-name vnet1 --subnet default \
         --private-connection-resource-id {} --group-id healthcareworkspace --connection-name c1 -l eastus",
        ws_id("rg1", "wsauth1")
    );
    let o = fail(&mut l, &create);
    assert!(
        o.output.contains("LinkedAuthorizationFailed"),
        "{}",
        o.output
    );
    ok(&mut l, &format!("{create} --manual-request"));
    ok(&mut l, "sim as me");
    let status = ok(
        &mut l,
        "az healthcareapis workspace private-endpoint-connection list -g rg1 --workspace-name wsauth1 --query [0].properties.privateLinkServiceConnectionState.status -o tsv",
    );
    assert_eq!(status.trim(), "Pending");
}
