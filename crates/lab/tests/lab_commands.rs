//! The command language end to end: lines in, az-like output and rule explanations out.

use hcsim_core::{Config, Timing};
use hcsim_lab::Lab;

mod support;
use support::ok_output as ok;

fn lab() -> Lab {
    let mut c = Config::new(42);
    c.timing = Timing::Instant;
    Lab::new(c)
}

#[test]
fn build_a_workspace_and_hit_the_delete_rule() {
    let mut l = lab();
    let out = ok(&mut l, "az group create --name rg1 --location eastus");
    assert!(
        out.contains("\"provisioningState\": \"Succeeded\""),
        "{out}"
    );
    ok(&mut l, "az healthcareapis workspace create -n ws1 -g rg1");
    let fhir = ok(
        &mut l,
        "az healthcareapis workspace fhir-service create -n fhir1 --workspace-name ws1 -g rg1 --kind fhir-R4",
    );
    assert!(
        fhir.contains("https://ws1-fhir1.fhir.azurehealthcareapis.com"),
        "{fhir}"
    );
    let o = l.run("az healthcareapis workspace delete -n ws1 -g rg1 --yes");
    assert!(!o.ok);
    assert_eq!(o.code.as_deref(), Some("CannotDeleteResource"));
    assert_eq!(o.rule.as_deref(), Some("workspace-delete-requires-empty"));
    assert!(
        o.output.starts_with("(CannotDeleteResource) "),
        "{}",
        o.output
    );
    assert!(o.explanation.unwrap().contains("Fix:"));
    let table = ok(&mut l, "az healthcareapis workspace list -g rg1 -o table");
    // The healthcareapis extension defines no table transformer, so az prints knack's auto
    // table: scalar fields in sorted key order, `id`/`type`/`etag` skipped (knack output.py).
    assert_eq!(
        table.lines().next().unwrap(),
        "Location    Name    ResourceGroup",
        "{table}"
    );
    assert_eq!(
        ok(
            &mut l,
            "az healthcareapis workspace show -n ws1 -g rg1 --query name -o tsv"
        ),
        "ws1"
    );
    assert!(
        l.run(
            "az healthcareapis workspace fhir-service create -n fhir2 --workspace-name ws1 -g rg1"
        )
        .equivalents
        .unwrap()
        .terraform
        .contains("azurerm_healthcare_fhir_service")
    );
}

#[test]
fn undo_skips_reads_and_redo_returns() {
    let mut l = lab();
    ok(&mut l, "az group create -n rg1 -l eastus");
    ok(&mut l, "az group create -n rg2 -l eastus");
    ok(&mut l, "az group list");
    assert!(ok(&mut l, "sim undo").contains("rg2"));
    assert_eq!(ok(&mut l, "az group exists -n rg2"), "false");
    assert!(ok(&mut l, "sim redo").contains("rg2"));
    assert_eq!(ok(&mut l, "az group exists -n rg2"), "true");
}

#[test]
fn faults_and_probes_through_sim_verbs() {
    let mut l = lab();
    ok(
        &mut l,
        "az group create -n rg1 -l eastus; az healthcareapis workspace create -n ws1 -g rg1; az healthcareapis workspace fhir-service create -n fhir1 --workspace-name ws1 -g rg1",
    );
    let id = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1/fhirservices/fhir1";
    let p = l.run(&format!("sim probe {id}"));
    assert_eq!(p.status, Some(200), "{}", p.output);
    ok(
        &mut l,
        "sim fault add region-outage --region eastus --for 10m",
    );
    let p = l.run(&format!("sim probe {id}"));
    assert_eq!(p.status, Some(503));
    assert_eq!(p.rule.as_deref(), Some("service-availability"));
    ok(&mut l, "sim advance 11m");
    assert_eq!(l.run(&format!("sim probe {id}")).status, Some(200));
}

#[test]
fn usage_errors_are_az_like() {
    let mut l = lab();
    let o = l.run("az healthcareapis workspace craete -n x -g y");
    assert!(!o.ok && o.output.contains("Did you mean"), "{}", o.output);
    let o = l.run("az group delete -n nothing");
    assert!(o.output.contains("--yes"), "{}", o.output);
    let help = ok(&mut l, "az group create --help");
    assert!(help.contains("--location"));
}

#[test]
fn successful_writes_report_their_status() {
    let mut l = lab();
    assert_eq!(l.run("az group create -n rg1 -l eastus").status, Some(201));
    assert_eq!(l.run("az group show -n rg1").status, Some(200));
    assert_eq!(
        l.run("az healthcareapis workspace create -n ws1 -g rg1")
            .status,
        Some(201)
    );
    assert_eq!(
        l.run("az healthcareapis workspace delete -n ws1 -g rg1 --yes")
            .status,
        Some(202)
    );
}

#[test]
fn monitoring_shows_on_the_workspace_and_its_services() {
    let mut l = lab();
    ok(
        &mut l,
        "az group create -n rg1 -l eastus; az healthcareapis workspace create -n ws1 -g rg1",
    );
    ok(
        &mut l,
        "az healthcareapis workspace fhir-service create -n fhir1 --workspace-name ws1 -g rg1",
    );
    ok(
        &mut l,
        "az healthcareapis workspace update -n ws1 -g rg1 --monitoring Enabled",
    );
    let ws = ok(
        &mut l,
        "az healthcareapis workspace show -n ws1 -g rg1 --query hcsimSettings.monitoring.enabled",
    );
    assert_eq!(ws, "true");
    let from = ok(
        &mut l,
        "az healthcareapis workspace fhir-service show -n fhir1 --workspace-name ws1 -g rg1 --query hcsimSettings.inheritedFrom -o tsv",
    );
    assert!(from.ends_with("/workspaces/ws1"), "{from}");
}

#[test]
fn a_private_endpoint_needs_its_virtual_network() {
    let mut l = lab();
    ok(
        &mut l,
        "az group create -n rg1 -l eastus; az healthcareapis workspace create -n ws1 -g rg1",
    );
    let ws = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1";
    let pe = format!(
        "az network private-endpoint create -n pe1 -g rg1 --vnet-name vnet1 --subnet default --private-connection-resource-id {ws} --group-id healthcareworkspace --connection-name c1"
    );
    let o = l.run(&pe);
    assert!(!o.ok && o.output.contains("vnet1"), "{}", o.output);
    assert_eq!(o.rule.as_deref(), Some("resource-must-exist"));
    ok(
        &mut l,
        "az network vnet create -n vnet1 -g rg1 --subnet-name default",
    );
    ok(&mut l, &pe);
}

#[test]
fn writes_in_a_region_that_is_down_get_503() {
    let mut l = lab();
    ok(
        &mut l,
        "az group create -n rg1 -l eastus; az healthcareapis workspace create -n ws1 -g rg1",
    );
    ok(
        &mut l,
        "sim fault add region-outage --region eastus --for 1h",
    );
    for line in [
        "az healthcareapis workspace delete -n ws1 -g rg1 --yes",
        "az healthcareapis workspace update -n ws1 -g rg1 --tags a=b",
    ] {
        let o = l.run(line);
        assert_eq!(
            (o.status, o.rule.as_deref()),
            (Some(503), Some("service-availability")),
            "{line}"
        );
    }
    let show = l.run("az healthcareapis workspace show -n ws1 -g rg1");
    assert!(show.ok, "reads still work: ARM metadata is global");
}

#[test]
fn services_never_move_alone() {
    let mut l = lab();
    ok(
        &mut l,
        "az group create -n rg1 -l eastus; az group create -n rg2 -l eastus; az healthcareapis workspace create -n ws1 -g rg1",
    );
    ok(
        &mut l,
        "az healthcareapis workspace fhir-service create -n fhir1 --workspace-name ws1 -g rg1",
    );
    let ws = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1";
    let o = l.run(&format!(
        "az resource move --destination-group rg2 --ids {ws}/fhirservices/fhir1"
    ));
    assert_eq!(o.rule.as_deref(), Some("child-cannot-move"), "{}", o.output);
    ok(
        &mut l,
        &format!("az resource move --destination-group rg2 --ids {ws}"),
    );
    let moved = ok(
        &mut l,
        "az healthcareapis workspace fhir-service show -n fhir1 --workspace-name ws1 -g rg2 --query location -o tsv",
    );
    assert_eq!(moved, "eastus", "the region never changes with a move");
}

mod hostile {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// Any text typed into a console, or half-typed and completed, is answered without a
        /// panic, and a failure always says what went wrong.
        #[test]
        fn any_line_and_any_completion_prefix(line in "\\PC{0,120}", word in "(az|sim|hcsim) [a-z -]{0,40}") {
            let mut l = lab();
            let _ = l.completions(&line);
            let _ = l.completions(&word);
            let o = l.run(&line);
            if !o.ok {
                prop_assert!(!o.output.is_empty() || o.error.is_some());
            }
            let o = l.run(&word);
            prop_assert!(o.ok || !o.output.is_empty());
        }
    }
}

#[test]
fn equivalents_rendered_after_the_line_are_those_run_gives() {
    // Twin sessions: one renders equivalents with every line, the other afterwards, on demand.
    let (mut shown, mut later) = (lab(), lab());
    later.set_equivalents(hcsim_lab::EquivalentsMode::Deferred);
    let lines = [
        "az group create --name rg1 --location eastus",
        "az healthcareapis workspace create -n ws1 -g rg1",
        "az healthcareapis workspace fhir-service create -n fhir1 --workspace-name ws1 -g rg1 --kind fhir-R4",
        "az group show -n rg1",
        // A write the core refuses (the workspace still holds a FHIR service).
        "az healthcareapis workspace delete -n ws1 -g rg1 --yes",
    ];
    for line in lines {
        let a = shown.run(line);
        let b = later.run(line);
        assert_eq!((a.ok, &a.output), (b.ok, &b.output), "{line}");
        assert_eq!(b.equivalents, None, "{line}: rendering was off");
        assert_eq!(a.equivalents, later.last_write_equivalents(line), "{line}");
    }
    // The refused delete sent a write: it has equivalents, as it does in the console.
    assert!(
        !later
            .last_write_equivalents(lines[4])
            .unwrap()
            .powershell
            .is_empty()
    );
}
