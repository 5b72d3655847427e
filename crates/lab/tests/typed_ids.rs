//! Typed ids, one way in: user text never becomes path structure, and `--ids` names only the
//! command's own resource type.
//!
//! Each bypass a new user could try answers as Azure does (the SDK's client-side check or
//! the service's name rule), nothing is created or deleted, and a property test sends any
//! name text through every name-taking command.

use std::collections::BTreeMap;

use hcsim_core::id::ArmPath;
use hcsim_core::{Config, Timing};
use hcsim_lab::{Lab, Outcome};
use proptest::prelude::*;

mod support;
use support::ok;

const SUB: &str = "/subscriptions/11111111-1111-1111-1111-111111111111";

fn rg(name: &str) -> String {
    ArmPath::parse(SUB).unwrap().group(name).to_string()
}
fn ws_path(name: &str) -> ArmPath {
    ArmPath::parse(SUB).unwrap().group("rg1").provider(
        "Microsoft.HealthcareApis",
        "workspaces",
        name,
    )
}
fn ws(name: &str) -> String {
    ws_path(name).to_string()
}
fn lock_id() -> String {
    ArmPath::parse(&rg("rg2"))
        .unwrap()
        .provider("Microsoft.Authorization", "locks", "keep")
        .to_string()
}

/// rg1 with ws1/fhir1, iot1 and an empty ws2; rg2 with a lock `keep`.
fn lab() -> Lab {
    let mut c = Config::new(7);
    c.timing = Timing::Instant;
    let mut l = Lab::new(c);
    for line in [
        "az group create -n rg1 -l eastus",
        "az group create -n rg2 -l eastus",
        "az healthcareapis workspace create -n ws1 -g rg1",
        "az healthcareapis workspace create -n ws2 -g rg1",
        "az healthcareapis workspace fhir-service create -n fhir1 --workspace-name ws1 -g rg1",
        "az healthcareapis workspace iot-connector create -n iot1 --workspace-name ws1 -g rg1",
        "az lock create -n keep -t CanNotDelete -g rg2",
    ] {
        ok(&mut l, line);
    }
    l
}

/// Every resource: lower-cased id → type.
fn inventory(l: &Lab) -> BTreeMap<String, String> {
    let store = l.world().store();
    let mut out = BTreeMap::new();
    for root in store.roots() {
        for n in store.pre_order(root) {
            if let Some(r) = store.res(n) {
                out.insert(r.id.to_lowercase(), r.type_name.to_string());
            }
        }
    }
    out
}

/// Runs a line that must be refused without changing the world.
fn refused(l: &mut Lab, line: &str) -> Outcome {
    let before = inventory(l);
    let o = l.run(line);
    assert!(!o.ok, "{line} should fail:\n{}", o.output);
    assert_eq!(inventory(l), before, "{line} changed the world");
    o
}

/// Shell single-quoting for any text (`'` becomes `'\''`).
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

// ---- the four bypasses ---------------------------------------------------------------------

#[test]
fn a_workspace_name_with_slashes_is_one_name_the_service_refuses() {
    let mut l = lab();
    let o = refused(
        &mut l,
        "az healthcareapis workspace create -n 'ws1/fhirservices/x' -g rg1",
    );
    assert_eq!(o.rule.as_deref(), Some("name-format"), "{}", o.output);
    assert!(o.output.contains("'ws1/fhirservices/x'"), "{}", o.output);
    let sent = l.sent_requests();
    assert_eq!(sent.len(), 1);
    assert!(
        sent[0].path.ends_with("/workspaces/ws1%2Ffhirservices%2Fx"),
        "{}",
        sent[0].path
    );
    assert!(
        l.world()
            .find(&ws_path("ws1").child("fhirservices", "x").to_string())
            .is_none()
    );
}

#[test]
fn a_group_name_with_a_lock_path_fails_the_sdk_pattern() {
    let mut l = lab();
    let o = refused(
        &mut l,
        "az group delete -n 'rg2/providers/Microsoft.Authorization/locks/keep' --yes",
    );
    assert_eq!(o.code.as_deref(), Some("ValidationError"));
    assert_eq!(o.rule.as_deref(), Some("name-format"));
    assert!(
        o.output.contains(
            r"Parameter 'resource_group_name' must conform to the following pattern: '^[-\w\._\(\)]+$'."
        ),
        "{}",
        o.output
    );
    assert!(l.sent_requests().is_empty());
    assert!(l.world().find(&lock_id()).is_some());
}

#[test]
fn lock_delete_ids_of_a_group_is_refused_before_sending() {
    let mut l = lab();
    let o = refused(&mut l, &format!("az lock delete --ids {}", rg("rg1")));
    assert_eq!(o.code.as_deref(), Some("InvalidArgumentValue"));
    assert!(
        o.output.contains("'Microsoft.Authorization/locks'")
            && o.output.contains("'Microsoft.Resources/resourceGroups'"),
        "{}",
        o.output
    );
    assert!(l.sent_requests().is_empty());
    assert!(l.world().find(&rg("rg1")).is_some());
}

#[test]
fn role_assignment_delete_ids_of_a_lock_is_refused_before_sending() {
    let mut l = lab();
    let o = refused(
        &mut l,
        &format!("az role assignment delete --ids {}", lock_id()),
    );
    assert!(
        o.output
            .contains("'Microsoft.Authorization/roleAssignments'"),
        "{}",
        o.output
    );
    assert!(l.sent_requests().is_empty());
    assert!(l.world().find(&lock_id()).is_some());
}

// ---- client-side validation -------------------------------------------------------------------

#[test]
fn the_sdk_checks_names_before_sending() {
    let mut l = lab();
    for (line, message) in [
        (
            "az healthcareapis workspace create -n ab -g rg1",
            "Parameter 'workspace_name' must have length greater than or equal to 3.",
        ),
        (
            "az healthcareapis workspace fhir-service create -n abcdefghijklmnopqrstuvwxyz --workspace-name ws1 -g rg1",
            "Parameter 'fhir_service_name' must have length less than or equal to 24.",
        ),
        (
            "az healthcareapis workspace show -n ws1 -g 'rg1/x'",
            "Parameter 'resource_group_name' must conform to the following pattern",
        ),
        (
            "az deployment group list -g 'a b'",
            "Parameter 'resource_group_name' must conform to the following pattern",
        ),
        (
            "az keyvault create -n 'kv/1' -g rg1",
            "Parameter 'vault_name' must conform to the following pattern: '^[a-zA-Z0-9-]{3,24}$'.",
        ),
    ] {
        let o = refused(&mut l, line);
        assert_eq!(o.code.as_deref(), Some("ValidationError"), "{line}");
        assert!(o.output.contains(message), "{line}: {}", o.output);
        assert!(o.explanation.is_some(), "{line}");
        assert!(l.sent_requests().is_empty(), "{line}");
    }
}

#[test]
fn generic_types_refuse_slashes_by_arm_name_rule() {
    let mut l = lab();
    for line in [
        "az lock create -n 'a/b' -t CanNotDelete -g rg1",
        "az network vnet create -n 'v?x' -g rg1",
    ] {
        let o = refused(&mut l, line);
        assert_eq!(o.code.as_deref(), Some("InvalidResourceName"), "{line}");
        assert_eq!(o.rule.as_deref(), Some("name-format"), "{line}");
    }
}

// ---- --ids --------------------------------------------------------------------------------------

/// Every command with `--ids` and an id of another type.
fn wrong_ids() -> Vec<String> {
    let fhir = ws_path("ws1").child("fhirservices", "fhir1").to_string();
    let dest = ws_path("ws1")
        .child("iotconnectors", "iot1")
        .child("fhirdestinations", "d1")
        .to_string();
    let hc = "az healthcareapis workspace";
    let mut lines = Vec::new();
    for verb in ["show", "delete --yes", "update --tags a=b"] {
        lines.push(format!("{hc} {verb} --ids {}", lock_id()));
        lines.push(format!("{hc} {verb} --ids {fhir}"));
        for svc in ["fhir-service", "dicom-service", "iot-connector"] {
            lines.push(format!("{hc} {svc} {verb} --ids {}", ws("ws1")));
        }
        lines.push(format!("{hc} dicom-service {verb} --ids {fhir}"));
    }
    for verb in ["show", "delete --yes", "wait --exists"] {
        lines.push(format!(
            "{hc} iot-connector fhir-destination {verb} --ids {fhir}"
        ));
    }
    lines.push(format!("{hc} wait --created --ids {fhir}"));
    for svc in ["fhir-service", "dicom-service", "iot-connector"] {
        lines.push(format!("{hc} {svc} wait --created --ids {}", ws("ws1")));
    }
    lines.push(format!(
        "{hc} iot-connector fhir-destination update --ids {fhir} -t Create -r {fhir} --content '{{}}'"
    ));
    lines.push(format!("{hc} fhir-service show --ids {dest}"));
    for verb in ["delete", "show", "update --notes n"] {
        lines.push(format!("az lock {verb} --ids {}", ws("ws1")));
        lines.push(format!("az lock {verb} --ids {}", rg("rg2")));
    }
    lines.push(format!("az role assignment delete --ids {}", rg("rg1")));
    for verb in ["show", "delete"] {
        lines.push(format!(
            "az network private-endpoint {verb} --ids {}",
            ws("ws1")
        ));
        lines.push(format!("az resource {verb} --ids {}", rg("rg1")));
        lines.push(format!("az resource {verb} --ids {SUB}/resourceGroups"));
    }
    lines
}

#[test]
fn ids_of_another_type_are_refused_for_every_command_with_ids() {
    let mut l = lab();
    let lines = wrong_ids();
    assert_eq!(lines.len(), 40);
    for line in lines {
        let o = refused(&mut l, &line);
        assert_eq!(
            o.code.as_deref(),
            Some("InvalidArgumentValue"),
            "{line}: {}",
            o.output
        );
        assert!(l.sent_requests().is_empty(), "{line}");
    }
}

#[test]
fn ids_of_the_right_type_show_and_delete() {
    let mut l = lab();
    let fhir = ws_path("ws1").child("fhirservices", "fhir1").to_string();
    let o = ok(
        &mut l,
        &format!(
            "az healthcareapis workspace show --ids {} --query name -o tsv",
            ws("ws1")
        ),
    );
    assert_eq!(o.output, "ws1");
    // ARM compares types case-insensitively.
    let upper = fhir
        .replace("fhirservices", "FhirServices")
        .replace("Microsoft.HealthcareApis", "microsoft.healthcareapis");
    let o = ok(
        &mut l,
        &format!("az healthcareapis workspace fhir-service show --ids {upper} --query name -o tsv"),
    );
    assert_eq!(o.output, "fhir1");
    let o = ok(
        &mut l,
        &format!(
            "az healthcareapis workspace show --ids {} {} --query '[].name' -o tsv",
            ws("ws1"),
            ws("ws2")
        ),
    );
    assert_eq!(o.output, "ws1\nws2");
    let o = ok(
        &mut l,
        &format!("az resource show --ids {} --query type -o tsv", ws("ws1")),
    );
    assert_eq!(o.output, "Microsoft.HealthcareApis/workspaces");
    let o = ok(
        &mut l,
        &format!("az lock show --ids {} --query level -o tsv", lock_id()),
    );
    assert_eq!(o.output, "CanNotDelete");
    ok(
        &mut l,
        &format!("az lock update --ids {} --notes kept", lock_id()),
    );
    assert_eq!(
        l.world().view(&lock_id()).unwrap()["properties"]["notes"],
        "kept"
    );

    // Deletes still need --yes where az asks.
    let o = refused(
        &mut l,
        &format!("az healthcareapis workspace delete --ids {}", ws("ws2")),
    );
    assert_eq!(o.code.as_deref(), Some("ConfirmationRequired"));
    ok(
        &mut l,
        &format!(
            "az healthcareapis workspace delete --ids {} --yes",
            ws("ws2")
        ),
    );
    assert!(l.world().find(&ws("ws2")).is_none());
    ok(&mut l, &format!("az lock delete --ids {}", lock_id()));
    assert!(l.world().find(&lock_id()).is_none());

    let who = l.world().acting().to_string();
    let ra = ok(
        &mut l,
        &format!(
            "az role assignment create --assignee {who} --role Reader --scope /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg2 --query id -o tsv"
        ),
    );
    let ra_id = ra.output.trim().to_string();
    assert!(l.world().find(&ra_id).is_some());
    ok(&mut l, &format!("az role assignment delete --ids {ra_id}"));
    assert!(l.world().find(&ra_id).is_none());
    assert!(l.world().find(&rg("rg2")).is_some());
}

#[test]
fn wait_polls_its_own_resource_in_virtual_time() {
    // Realistic timing: a create with --no-wait leaves the workspace provisioning.
    let mut l = Lab::new(Config::new(7));
    ok(&mut l, "az group create -n rg1 -l eastus");
    ok(
        &mut l,
        "az healthcareapis workspace create -n ws5 -g rg1 --no-wait",
    );
    let state =
        |l: &Lab| l.world().view(&ws("ws5")).unwrap()["properties"]["provisioningState"].clone();
    assert_ne!(state(&l), "Succeeded");
    let before = l.world().now();
    ok(
        &mut l,
        &format!(
            "az healthcareapis workspace wait --ids {} --created",
            ws("ws5")
        ),
    );
    assert_eq!(state(&l), "Succeeded");
    assert!(l.world().now() > before);
    assert!(l.sent_requests().iter().all(|r| r.path == ws("ws5")));
    let o = refused(&mut l, "az healthcareapis workspace wait -n ws5 -g rg1");
    assert!(
        o.output
            .contains("--created | --updated | --deleted | --exists"),
        "{}",
        o.output
    );
    let o = l
        .run("az healthcareapis workspace wait -n nope -g rg1 --exists --interval 10 --timeout 30");
    assert_eq!(o.code.as_deref(), Some("WaitTimeout"), "{}", o.output);
    assert_eq!(l.sent_requests().len(), 4);
}

/// azure-cli `azure/cli/core/commands/arm.py` (`parse_ids_arguments`): names given with
/// `--ids` are ignored, each with a warning on stderr, and the command runs on the ids.
#[test]
fn ids_win_over_names_with_az_warning_and_one_is_required() {
    let mut l = lab();
    let o = ok(
        &mut l,
        &format!(
            "az healthcareapis workspace show --ids {} -n other",
            ws("ws1")
        ),
    );
    assert_eq!(
        o.warnings,
        ["option '--name' will be ignored due to use of '--ids'."]
    );
    assert!(l.sent_requests().iter().all(|r| r.path == ws("ws1")));
    let o = refused(&mut l, "az healthcareapis workspace show -n ws1");
    assert_eq!(o.code.as_deref(), Some("MissingArgument"));
    assert!(
        o.output.contains("(--resource-group | --ids) are required"),
        "{}",
        o.output
    );
    let o = refused(
        &mut l,
        &format!("az role assignment delete --ids {} -g rg1", lock_id()),
    );
    assert!(
        o.output
            .contains("When assignment ids are used, other parameter values are not required"),
        "{}",
        o.output
    );
    let o = refused(&mut l, "az role assignment delete");
    assert_eq!(o.code.as_deref(), Some("ConfirmationRequired"));
}

#[test]
fn lock_and_resource_flags_build_typed_paths() {
    let mut l = lab();
    ok(
        &mut l,
        "az lock create -n onws -t ReadOnly -g rg1 --resource ws1 --resource-type Microsoft.HealthcareApis/workspaces",
    );
    assert!(
        l.world()
            .find(&format!(
                "{}/providers/Microsoft.Authorization/locks/onws",
                ws("ws1")
            ))
            .is_some()
    );
    ok(
        &mut l,
        "az lock create -n onfhir -t ReadOnly -g rg1 --resource fhir1 --namespace Microsoft.HealthcareApis --parent workspaces/ws1 --resource-type fhirservices",
    );
    assert!(
        l.world()
            .find(&format!(
                "{}/fhirservices/fhir1/providers/Microsoft.Authorization/locks/onfhir",
                ws("ws1")
            ))
            .is_some()
    );
    for line in [
        "az lock create -n x -t ReadOnly -g rg1 --resource ws1 --resource-type 'Microsoft.HealthcareApis/workspaces/../x'",
        "az lock create -n x -t ReadOnly -g rg1 --resource ws1 --namespace 'Microsoft.Resources/resourceGroups' --resource-type x",
        "az lock create -n x -t ReadOnly -g rg1 --resource ws1 --resource-type Microsoft.HealthcareApis/workspaces --parent odd",
        "az provider register --namespace 'Microsoft.Resources/x'",
    ] {
        let o = refused(&mut l, line);
        assert_eq!(
            o.code.as_deref(),
            Some("InvalidArgumentValue"),
            "{line}: {}",
            o.output
        );
        assert!(l.sent_requests().is_empty(), "{line}");
    }
    let o = ok(
        &mut l,
        "az resource show -g rg1 -n ws1 --resource-type Microsoft.HealthcareApis/workspaces --query name -o tsv",
    );
    assert_eq!(o.output, "ws1");
}

// ---- any name, any command -------------------------------------------------------------------------

/// Name-taking commands: the line (with `{N}` for the name) and the one type it may touch.
const COMMANDS: &[(&str, &str)] = &[
    (
        "az group create -n {N} -l eastus",
        "Microsoft.Resources/resourceGroups",
    ),
    ("az group show -n {N}", "Microsoft.Resources/resourceGroups"),
    (
        "az group exists -n {N}",
        "Microsoft.Resources/resourceGroups",
    ),
    (
        "az group delete -n {N} --yes",
        "Microsoft.Resources/resourceGroups",
    ),
    (
        "az healthcareapis workspace create -n {N} -g rg1",
        "Microsoft.HealthcareApis/workspaces",
    ),
    (
        "az healthcareapis workspace create -n wsx -g {N}",
        "Microsoft.HealthcareApis/workspaces",
    ),
    (
        "az healthcareapis workspace show -n {N} -g rg1",
        "Microsoft.HealthcareApis/workspaces",
    ),
    (
        "az healthcareapis workspace update -n {N} -g rg1 --tags a=b",
        "Microsoft.HealthcareApis/workspaces",
    ),
    (
        "az healthcareapis workspace delete -n {N} -g rg1 --yes",
        "Microsoft.HealthcareApis/workspaces",
    ),
    (
        "az healthcareapis workspace list -g {N}",
        "Microsoft.HealthcareApis/workspaces",
    ),
    (
        "az healthcareapis workspace fhir-service create -n {N} --workspace-name ws1 -g rg1",
        "Microsoft.HealthcareApis/workspaces/fhirservices",
    ),
    (
        "az healthcareapis workspace fhir-service create -n fhirx --workspace-name {N} -g rg1",
        "Microsoft.HealthcareApis/workspaces/fhirservices",
    ),
    (
        "az healthcareapis workspace fhir-service show -n {N} --workspace-name ws1 -g rg1",
        "Microsoft.HealthcareApis/workspaces/fhirservices",
    ),
    (
        "az healthcareapis workspace fhir-service delete -n {N} --workspace-name ws1 -g rg1 --yes",
        "Microsoft.HealthcareApis/workspaces/fhirservices",
    ),
    (
        "az healthcareapis workspace fhir-service list --workspace-name {N} -g rg1",
        "Microsoft.HealthcareApis/workspaces/fhirservices",
    ),
    (
        "az healthcareapis workspace dicom-service create -n {N} --workspace-name ws1 -g rg1",
        "Microsoft.HealthcareApis/workspaces/dicomservices",
    ),
    (
        "az healthcareapis workspace dicom-service update -n {N} --workspace-name ws1 -g rg1 --tags a=b",
        "Microsoft.HealthcareApis/workspaces/dicomservices",
    ),
    (
        "az healthcareapis workspace iot-connector show -n {N} --workspace-name ws1 -g rg1",
        "Microsoft.HealthcareApis/workspaces/iotconnectors",
    ),
    (
        "az healthcareapis workspace iot-connector fhir-destination show -n {N} --iot-connector-name iot1 --workspace-name ws1 -g rg1",
        "Microsoft.HealthcareApis/workspaces/iotconnectors/fhirdestinations",
    ),
    (
        "az healthcareapis workspace iot-connector fhir-destination delete -n d1 --iot-connector-name {N} --workspace-name ws1 -g rg1 --yes",
        "Microsoft.HealthcareApis/workspaces/iotconnectors/fhirdestinations",
    ),
    (
        "az lock create -n {N} -t CanNotDelete -g rg1",
        "Microsoft.Authorization/locks",
    ),
    (
        "az lock delete -n {N} -g rg2",
        "Microsoft.Authorization/locks",
    ),
    (
        "az lock show -n {N} -g rg2",
        "Microsoft.Authorization/locks",
    ),
    (
        "az lock create -n l1 -t CanNotDelete -g rg1 --resource {N} --resource-type Microsoft.HealthcareApis/workspaces",
        "Microsoft.Authorization/locks",
    ),
    ("az lock list -g {N}", "Microsoft.Authorization/locks"),
    (
        "az keyvault create -n {N} -g rg1",
        "Microsoft.KeyVault/vaults",
    ),
    (
        "az network vnet create -n {N} -g rg1",
        "Microsoft.Network/virtualNetworks",
    ),
    (
        "az network private-endpoint show -n {N} -g rg1",
        "Microsoft.Network/privateEndpoints",
    ),
    (
        "az network private-endpoint delete -n {N} -g rg1",
        "Microsoft.Network/privateEndpoints",
    ),
    (
        "az resource show -g rg1 -n {N} --resource-type Microsoft.HealthcareApis/workspaces",
        "Microsoft.HealthcareApis/workspaces",
    ),
    (
        "az resource delete -g rg1 -n {N} --resource-type Microsoft.HealthcareApis/workspaces",
        "Microsoft.HealthcareApis/workspaces",
    ),
    (
        "az role assignment list -g {N}",
        "Microsoft.Authorization/roleAssignments",
    ),
    (
        "az healthcareapis workspace wait -n {N} -g rg1 --exists --timeout 60",
        "Microsoft.HealthcareApis/workspaces",
    ),
    (
        "az healthcareapis workspace fhir-service wait -n {N} --workspace-name ws1 -g rg1 --deleted",
        "Microsoft.HealthcareApis/workspaces/fhirservices",
    ),
];

/// The type a request path targets (a collection's item type for a list).
fn target_type(path: &str) -> Option<String> {
    let p = ArmPath::parse(path).ok()?;
    Some(p.collection_type().unwrap_or_else(|| p.resource_type()))
}

/// Runs one name-taking command with `name` and checks that every request it sent targets
/// the command's type and the world gained or lost nothing of another type. Returns how
/// many requests were sent.
fn check_command(template: &str, want: &str, name: &str) -> Result<usize, String> {
    let mut l = lab();
    let before = inventory(&l);
    let line = template.replace("{N}", &quote(name));
    let outcome = l.run(&line);
    let sent = l.sent_requests();
    for (i, req) in sent.iter().enumerate() {
        let got = target_type(&req.path);
        // A path the id type cannot parse (a name over ARM's length limit) is refused by the
        // front door as InvalidResourceId: it reaches no resource at all.
        let refused_whole = got.is_none()
            && i + 1 == sent.len()
            && outcome.code.as_deref() == Some("InvalidResourceId");
        if !refused_whole && !got.as_deref().is_some_and(|g| g.eq_ignore_ascii_case(want)) {
            return Err(format!(
                "{line}\nsent {} {} ({got:?}), but the command works on {want}",
                req.method.http(),
                req.path
            ));
        }
    }
    let after = inventory(&l);
    for (id, ty) in &after {
        if !before.contains_key(id) && !ty.eq_ignore_ascii_case(want) {
            return Err(format!("{line} created {id} ({ty})"));
        }
    }
    let removed: Vec<&String> = before.keys().filter(|k| !after.contains_key(*k)).collect();
    for id in &removed {
        // A delete of the command's type takes its children with it (cascade).
        let root_of_type = removed
            .iter()
            .any(|r| id.starts_with(r.as_str()) && before[r.as_str()].eq_ignore_ascii_case(want));
        if !root_of_type {
            return Err(format!("{line} deleted {id} ({})", before[id.as_str()]));
        }
    }
    Ok(l.sent_requests().len())
}

#[test]
fn hostile_names_through_every_command() {
    let mut sent = 0;
    for name in [
        "ws1/fhirservices/x",
        "../ws1",
        "rg2/providers/Microsoft.Authorization/locks/keep",
        "a%2Fb",
        "x?api-version=1#y",
        "two words",
        "ws1",
        "rg1",
    ] {
        for (template, want) in COMMANDS {
            sent += check_command(template, want, name).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    // The property is not vacuous: most of these lines reach the front door.
    assert!(sent > 100, "only {sent} requests were sent");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    #[test]
    fn every_request_targets_only_the_commands_type(
        // Any printable text (ids never hold control characters: the front door refuses
        // them), with the path-like pieces a user would try mixed in.
        name in "(\\PC|[/%?#. ]|\\.\\.|%2[fF]|/providers/Microsoft\\.Authorization/locks/keep){1,12}",
        which in 0..COMMANDS.len(),
    ) {
        let (template, want) = COMMANDS[which];
        let checked = check_command(template, want, &name);
        prop_assert!(checked.is_ok(), "{}", checked.unwrap_err());
    }
}
