//! `az deployment group …` is a client of the deployments provider: what it sends is what a
//! real SDK would send, so the core answers both the same way; `validate` checks without
//! deploying; `--no-wait` leaves the run going on in virtual time.

use hcsim_core::{Config, Stage, Timing};
use hcsim_lab::Lab;
use serde_json::{Value, json};

mod support;
use support::ok;

const SUB: &str = "11111111-1111-1111-1111-111111111111";

fn lab(timing: Timing) -> Lab {
    let mut lab = Lab::new(Config {
        seed: 3,
        timing,
        stage: Stage::Ga,
    });
    ok(&mut lab, "az group create -n rg1 -l eastus");
    lab
}

fn workspace_template(name: &str) -> String {
    json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "resources": [{
            "type": "Microsoft.HealthcareApis/workspaces",
            "apiVersion": "2024-03-31",
            "name": name,
            "location": "[resourceGroup().location]"
        }]
    })
    .to_string()
}

#[test]
fn validate_checks_without_deploying() {
    let mut lab = lab(Timing::Instant);
    lab.add_file("ws.json", workspace_template("wsval"));
    let o = ok(&mut lab, "az deployment group validate -g rg1 -f ws.json");
    let v: Value = serde_json::from_str(&o.output).unwrap();
    assert_eq!(v["properties"]["provisioningState"], "Succeeded");
    assert_eq!(
        v["properties"]["validatedResources"][0]["id"],
        format!(
            "/subscriptions/{SUB}/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/wsval"
        )
    );
    assert!(
        lab.world().resources_in_group(SUB, "rg1").is_empty(),
        "nothing deployed, no record"
    );
    lab.add_file("bad.json", workspace_template("[nope()]"));
    let o = lab.run("az deployment group validate -g rg1 -f bad.json");
    assert!(!o.ok);
    assert_eq!(o.code.as_deref(), Some("InvalidTemplate"), "{}", o.output);
}

#[test]
fn no_wait_returns_while_the_core_goes_on_deploying() {
    let mut lab = lab(Timing::Realistic);
    lab.add_file("ws.json", workspace_template("wsbg"));
    let o = ok(
        &mut lab,
        "az deployment group create -g rg1 -n bg -f ws.json --no-wait",
    );
    assert!(o.output.is_empty());
    let shown: Value =
        serde_json::from_str(&ok(&mut lab, "az deployment group show -g rg1 -n bg").output)
            .unwrap();
    assert_eq!(shown["properties"]["provisioningState"], "Running");
    ok(&mut lab, "sim advance 30m");
    let shown: Value =
        serde_json::from_str(&ok(&mut lab, "az deployment group show -g rg1 -n bg").output)
            .unwrap();
    assert_eq!(shown["properties"]["provisioningState"], "Succeeded");
    let listed: Value =
        serde_json::from_str(&ok(&mut lab, "az deployment group list -g rg1").output).unwrap();
    assert_eq!(listed[0]["name"], "bg");
}

#[test]
fn a_bad_deployment_name_names_its_rule() {
    let mut lab = lab(Timing::Instant);
    lab.add_file("ws.json", workspace_template("wsname"));
    let long = "n".repeat(65);
    let o = lab.run(&format!(
        "az deployment group create -g rg1 -n {long} -f ws.json"
    ));
    assert!(!o.ok);
    assert_eq!(
        o.code.as_deref(),
        Some("DeploymentNameLengthLimitExceeded"),
        "{}",
        o.output
    );
    assert_eq!(o.rule.as_deref(), Some("deployment-name"));
    assert!(o.explanation.is_some());
}
