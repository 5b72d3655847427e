//! The command language end to end: lines in, az-like output and rule explanations out.

use hcsim_core::{Config, Timing};
use hcsim_lab::Lab;

fn lab() -> Lab {
    let mut c = Config::new(42);
    c.timing = Timing::Instant;
    Lab::new(c)
}

fn ok(lab: &mut Lab, line: &str) -> String {
    let o = lab.run(line);
    assert!(o.ok, "{line}\n{}\n{:?}", o.output, o.explanation);
    o.output
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
    assert!(table.lines().next().unwrap().starts_with("Name"), "{table}");
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
