//! `az group export` output deploys back: export → new group → deploy → same resources.

use hcsim_core::{Config, Stage, Timing};
use hcsim_lab::Lab;
use serde_json::Value;

mod support;
use support::ok;

const SUB: &str = "11111111-1111-1111-1111-111111111111";
const IOT: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/reference/arm-templates/iotconnectors.azuredeploy.json"
));

/// What must survive the round trip: (name, type, location, kind, key properties).
fn summary(lab: &Lab, rg: &str) -> Vec<(String, String, Option<String>, Value, Value)> {
    let mut out: Vec<_> = lab
        .world()
        .resources_in_group(SUB, rg)
        .into_iter()
        .filter(|r| {
            let t = r.type_name.to_ascii_lowercase();
            t != "microsoft.resources/deployments" && t != "microsoft.authorization/roleassignments"
        })
        .map(|r| {
            let v = lab.world().view(&r.id).unwrap();
            let mut props = v["properties"].clone();
            if let Some(m) = props.as_object_mut() {
                for k in [
                    "provisioningState",
                    "serviceUrl",
                    "privateEndpointConnections",
                    "eventState",
                ] {
                    m.remove(k);
                }
                // Ids of other resources name their group; compare them group-free.
                if let Some(Value::String(f)) = m.get_mut("fhirServiceResourceId") {
                    *f = f.replace(&format!("/resourceGroups/{rg}/"), "/resourceGroups/*/");
                }
            }
            let id =
                r.id.split(&format!("/resourceGroups/{rg}/"))
                    .nth(1)
                    .unwrap()
                    .to_string();
            (
                id,
                r.type_name.to_string(),
                r.location.clone(),
                v["kind"].clone(),
                props,
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn exported_group_deploys_back_into_a_new_group() {
    let mut lab = Lab::new(Config {
        seed: 3,
        timing: Timing::Realistic,
        stage: Stage::Ga,
    });
    ok(&mut lab, "az group create -n rg1 -l eastus");
    lab.add_file("iot.json", IOT.to_string());
    ok(
        &mut lab,
        "az deployment group create -g rg1 -f iot.json -p basename=round1",
    );
    ok(
        &mut lab,
        "az healthcareapis workspace dicom-service create -g rg1 --workspace-name hwround1 -n dicom1 --tags team=imaging",
    );
    let before = summary(&lab, "rg1");
    assert_eq!(before.len(), 8, "{before:#?}");
    let exported = ok(&mut lab, "az group export -n rg1");
    let t: Value = serde_json::from_str(&exported.output).unwrap();
    assert!(
        t.to_string().contains("[resourceId('Microsoft.HealthcareApis/workspaces/fhirservices', 'hwround1', 'fs-round1')]"),
        "the destination's FHIR service reference is relative to the group"
    );
    lab.add_file("exported.json", exported.output.clone());
    // Service URLs are global: the old group goes first (names may be reused in the same
    // subscription once deleted).
    ok(&mut lab, "az group delete -n rg1 --yes");
    ok(&mut lab, "az group create -n rg2 -l westeurope");
    let wi = ok(
        &mut lab,
        "az deployment group what-if -g rg2 -f exported.json --no-pretty-print",
    );
    let wi: Value = serde_json::from_str(&wi.output).unwrap();
    assert!(
        wi["changes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["changeType"] == "Create"),
        "{wi}"
    );
    let d = ok(
        &mut lab,
        "az deployment group create -g rg2 -f exported.json",
    );
    let d: Value = serde_json::from_str(&d.output).unwrap();
    assert_eq!(d["name"], "exported");
    assert_eq!(d["properties"]["provisioningState"], "Succeeded");
    let after = summary(&lab, "rg2");
    assert_eq!(before, after);
    // And the exported template of the new group deploys as no change.
    let again = ok(&mut lab, "az group export -n rg2");
    lab.add_file("again.json", again.output);
    let wi = ok(
        &mut lab,
        "az deployment group what-if -g rg2 -f again.json --no-pretty-print",
    );
    let wi: Value = serde_json::from_str(&wi.output).unwrap();
    assert!(
        wi["changes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["changeType"] == "NoChange" || c["changeType"] == "Ignore"),
        "{wi}"
    );
}
