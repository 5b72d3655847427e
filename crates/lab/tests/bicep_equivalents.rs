//! Round trip with what hcsim prints (issue 15): every Bicep equivalent shown for the
//! built-in scenarios' actions compiles with hcsim's own Bicep compiler, and deploying it
//! (`az deployment group create --template-file eq.bicep`) from the state before the action
//! gives the resource the action gave.

use hcsim_core::{Config, Method, Stage, Timing};
use hcsim_lab::Lab;
use hcsim_lab::scenario::{StepSpec, builtins, parse_scenario};
use serde_json::Value;

/// What the action and the deployment must agree on.
fn shape(lab: &Lab, id: &str) -> Value {
    let v = lab.world().view(id).unwrap_or(Value::Null);
    let mut props = v["properties"].clone();
    if let Some(p) = props.as_object_mut() {
        p.remove("provisioningState");
    }
    serde_json::json!({
        "type": v["type"], "location": v["location"], "kind": v["kind"], "sku": v["sku"],
        "identity": v["identity"]["type"], "tags": v["tags"], "properties": props,
    })
}

/// The resource group an id is in.
fn group_of(id: &str) -> Option<String> {
    let lower = id.to_ascii_lowercase();
    let at = lower.find("/resourcegroups/")? + "/resourcegroups/".len();
    let rest = id.get(at..)?;
    Some(rest.split('/').next()?.to_string())
}

#[test]
fn every_bicep_equivalent_of_the_builtins_compiles_and_deploys_to_the_same_state() {
    let mut compiled = 0;
    let mut deployed = 0;
    for b in builtins() {
        let s = parse_scenario(b.text, b.name).unwrap_or_else(|e| panic!("{}: {e:?}", b.name));
        let mut lab = Lab::new(Config {
            seed: s.seed.unwrap_or(0),
            timing: Timing::Instant,
            stage: s.stage.unwrap_or(Stage::Ga),
        });
        for step in s.steps.iter().chain(&s.solution) {
            let StepSpec::Run { run, .. } = step else {
                continue;
            };
            let o = lab.run(run);
            let Some(eq) = o.equivalents.clone().filter(|_| o.ok) else {
                continue;
            };
            if !eq.bicep.lines().any(|l| l.starts_with("resource ")) {
                continue;
            }
            let template = hcsim_bicep::compile_standalone("eq.bicep", &eq.bicep)
                .unwrap_or_else(|e| panic!("{}: `{run}`: {e}\n{}", b.name, eq.bicep));
            compiled += 1;
            let Some(put) = lab
                .sent_requests()
                .iter()
                .rev()
                .find(|r| r.method.is_write())
                .cloned()
            else {
                continue;
            };
            let Some(rg) = group_of(&put.path) else {
                continue;
            };
            // A resource group's Bicep targets the subscription (`az deployment sub create`,
            // which hcsim does not run): compiled above, not deployed here.
            let subscription_scope = template["$schema"]
                .as_str()
                .unwrap_or("")
                .contains("subscriptionDeploymentTemplate");
            if subscription_scope
                || put.method != Method::Put
                || template["resources"]
                    .as_array()
                    .is_none_or(|r| r.len() != 1)
            {
                continue;
            }
            let mut before = Lab::load(&lab.save()).unwrap_or_else(|e| panic!("{e:?}"));
            before.undo();
            if before.world().view(&put.path).is_some() {
                continue; // an update: the deployment would be a PUT over it as well, skip
            }
            before.add_file("eq.bicep", eq.bicep.clone());
            let d = before.run(&format!(
                "az deployment group create -g {rg} --template-file eq.bicep"
            ));
            assert!(
                d.ok,
                "{}: `{run}` as Bicep:\n{}\n{}",
                b.name, eq.bicep, d.output
            );
            assert_eq!(
                shape(&before, &put.path),
                shape(&lab, &put.path),
                "{}: `{run}`\n{}",
                b.name,
                eq.bicep
            );
            deployed += 1;
        }
    }
    println!("Bicep equivalents: {compiled} compiled, {deployed} deployed and compared");
    assert!(
        compiled >= 10 && deployed >= 5,
        "{compiled} compiled, {deployed} deployed"
    );
}
