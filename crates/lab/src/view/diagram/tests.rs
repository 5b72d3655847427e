//! The diagram as a trainee would notice it: the right boxes inside the right boxes, the
//! workspace as the boundary with its settings once and inherited below, badges for locks,
//! probes, faults and keys, greyed regions, and the MedTech flow once it runs.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use hcsim_core::{Config, RelationKind, Timing};

use super::*;
use crate::Lab;

const SUB: &str = "/subscriptions/11111111-1111-1111-1111-111111111111";

fn lab(lines: &[&str]) -> Lab {
    let mut config = Config::new(7);
    config.timing = Timing::Instant;
    let mut lab = Lab::new(config);
    for line in lines {
        let out = lab.run(line);
        assert!(out.ok, "{line}: {}", out.output);
    }
    lab
}

fn rg1_path() -> hcsim_core::id::ArmPath {
    hcsim_core::id::ArmPath::parse(SUB).unwrap().group("rg1")
}
fn rg1() -> String {
    rg1_path().to_string()
}
fn ws1_path() -> hcsim_core::id::ArmPath {
    rg1_path().provider("Microsoft.HealthcareApis", "workspaces", "ws1")
}
fn ws1() -> String {
    ws1_path().to_string()
}
fn fhir1() -> String {
    ws1_path().child("fhirservices", "fhir1").to_string()
}

const BASE: &[&str] = &[
    "az group create -n rg1 -l eastus",
    "az healthcareapis workspace create -n ws1 -g rg1",
    "az healthcareapis workspace fhir-service create -n fhir1 --workspace-name ws1 -g rg1 --kind fhir-R4",
];

fn node<'a>(d: &'a Diagram, id: &str) -> &'a DiagramNode {
    d.nodes
        .iter()
        .find(|n| n.id.eq_ignore_ascii_case(id))
        .unwrap_or_else(|| panic!("{id} is not drawn"))
}

#[test]
fn boxes_nest_subscription_group_workspace_service() {
    let l = lab(BASE);
    let d = diagram(l.world());
    assert_eq!(node(&d, SUB).parent, None);
    assert_eq!(node(&d, &rg1()).parent.as_deref(), Some(SUB));
    assert_eq!(node(&d, &ws1()).parent.as_deref(), Some(rg1().as_str()));
    let f = node(&d, &fhir1());
    assert_eq!(f.parent.as_deref(), Some(ws1().as_str()));
    assert_eq!(f.short_id, "rg1/workspaces/ws1/fhirservices/fhir1");
    assert_eq!(f.state.map(|s| s.word), Some("Succeeded"));
    assert!(node(&d, &ws1()).boundary && !f.boundary);
    // Parents come before their children, so a front end can draw in one pass.
    let pos = |id: &str| d.nodes.iter().position(|n| n.id == id).unwrap();
    assert!(pos(SUB) < pos(&rg1()) && pos(&rg1()) < pos(&ws1()) && pos(&ws1()) < pos(&fhir1()));
}

#[test]
fn settings_are_drawn_once_on_the_workspace_and_inherited_below() {
    let mut lines: Vec<&str> = BASE.to_vec();
    lines.extend([
        "az network vnet create -n vnet1 -g rg1 --subnet-name default",
        "az network private-endpoint create -n pe1 -g rg1 --vnet-name vnet1 --subnet default --private-connection-resource-id /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1 --group-id healthcareworkspace --connection-name c1",
    ]);
    let l = lab(&lines);
    let d = diagram(l.world());
    let ws = node(&d, &ws1());
    let shared: Vec<&str> = ws.shared.iter().map(|s| s.setting.as_str()).collect();
    assert!(shared.contains(&"private link"), "{shared:?}");
    assert!(ws.inherits.is_empty());
    let f = node(&d, &fhir1());
    assert!(f.shared.is_empty());
    assert!(
        f.inherits.iter().any(|s| s == "private link"),
        "{:?}",
        f.inherits
    );
    // The connection is not a box; the endpoint's relation to the workspace is.
    assert!(
        !d.nodes
            .iter()
            .any(|n| n.kind == "private endpoint connection")
    );
    let pe = hcsim_core::id::ArmPath::parse(&rg1())
        .unwrap()
        .provider("Microsoft.Network", "privateEndpoints", "pe1")
        .to_string();
    assert!(
        d.relations
            .iter()
            .any(|r| r.kind == RelationKind::PrivateLink
                && r.from.eq_ignore_ascii_case(&pe)
                && r.to.eq_ignore_ascii_case(&ws1())
                && r.active)
    );
    assert_eq!(node(&d, &pe).parent.as_deref(), Some(rg1().as_str()));
}

#[test]
fn locks_and_probes_are_badges_and_role_assignments_read_by_name() {
    let mut lines: Vec<&str> = BASE.to_vec();
    let probe = alloc::format!("sim probe {}", fhir1());
    let ra = alloc::format!(
        "az role assignment create --assignee trainee@contoso.com --role Owner --scope {}",
        ws1()
    );
    lines.extend([
        "az lock create -n keep -g rg1 --lock-type CanNotDelete",
        &probe,
        &ra,
    ]);
    let l = lab(&lines);
    let d = diagram(l.world());
    let rg = node(&d, &rg1());
    let lock = rg
        .badges
        .iter()
        .find(|b| b.kind == BadgeKind::Lock)
        .unwrap();
    assert_eq!(lock.text, "lock keep (CanNotDelete)");
    let f = node(&d, &fhir1());
    let p = f
        .badges
        .iter()
        .find(|b| b.kind == BadgeKind::Probe)
        .unwrap();
    assert_eq!(p.text, "probe 200");
    assert_eq!(p.tone, Tone::Ok);
    assert!(
        !d.nodes
            .iter()
            .any(|n| n.kind == "lock" || n.kind == "role assignment")
    );
    let rbac = node(&d, &ws1())
        .shared
        .iter()
        .find(|s| s.setting == "RBAC")
        .unwrap();
    assert!(
        rbac.value.contains("trainee@contoso.com: Owner"),
        "{}",
        rbac.value
    );
}

#[test]
fn a_region_outage_greys_its_region_and_heals() {
    let mut lines: Vec<&str> = BASE.to_vec();
    lines.extend([
        "az group create -n rgw -l westus2",
        "sim fault add region-outage --region eastus --for 10m",
    ]);
    let mut l = lab(&lines);
    let d = diagram(l.world());
    for id in [rg1(), ws1(), fhir1()] {
        let n = node(&d, &id);
        assert!(
            n.unavailable
                .as_deref()
                .is_some_and(|u| u.contains("eastus")),
            "{id}"
        );
    }
    assert!(
        node(
            &d,
            &hcsim_core::id::ArmPath::parse(SUB)
                .unwrap()
                .group("rgw")
                .to_string()
        )
        .unavailable
        .is_none()
    );
    assert!(node(&d, SUB).unavailable.is_none());
    assert_eq!(d.regions_down.len(), 1);
    assert!(l.run("sim advance 11m").ok);
    let d = diagram(l.world());
    assert!(node(&d, &fhir1()).unavailable.is_none());
    assert!(d.regions_down.is_empty());
}

#[test]
fn a_revoked_key_marks_what_it_breaks() {
    let l = lab(&[
        "az group create -n rg1 -l eastus",
        "az keyvault create --name kv1 --resource-group rg1 --enable-purge-protection",
        "az keyvault key create --vault-name kv1 --name cmk --kty RSA --size 2048",
        "az healthcareapis workspace create -n ws1 -g rg1",
        "az healthcareapis workspace update -n ws1 -g rg1 --cmk-key-url https://kv1.vault.azure.net/keys/cmk",
        "az healthcareapis workspace fhir-service create -n fhir1 --workspace-name ws1 -g rg1 --kind fhir-R4",
        "az keyvault key set-attributes --vault-name kv1 --name cmk --enabled false",
    ]);
    let d = diagram(l.world());
    let kv = hcsim_core::id::ArmPath::parse(&rg1())
        .unwrap()
        .provider("Microsoft.KeyVault", "vaults", "kv1")
        .to_string();
    let key = d
        .relations
        .iter()
        .find(|r| r.kind == RelationKind::CustomerManagedKey && r.to.eq_ignore_ascii_case(&ws1()))
        .expect("the workspace's key relation");
    assert!(key.from.eq_ignore_ascii_case(&kv));
    assert!(!key.active && key.problem.is_some());
    let f = node(&d, &fhir1());
    let badge = f.badges.iter().find(|b| b.kind == BadgeKind::Key).unwrap();
    assert_eq!(badge.tone, Tone::Failed);
    assert!(!badge.detail.is_empty());
    assert!(f.inherits.iter().any(|s| s == "customer-managed key"));
}

/// A heart-rate device mapping (the shape of Learn's MedTech device mapping example).
const DEVICE_MAPPING: &str = r#"{"templateType":"CollectionContent","template":[{"templateType":"JsonPathContent","template":{"typeName":"heartrate","typeMatchExpression":"$..[?(@heartRate)]","deviceIdExpression":"$.deviceId","patientIdExpression":"$.patientId","timestampExpression":"$.endDate","values":[{"required":"true","valueExpression":"$.heartRate","valueName":"hr"}]}}]}"#;
/// Its FHIR destination mapping: heart rate as a Quantity (LOINC 8867-4).
const FHIR_MAPPING: &str = r#"{"templateType":"CollectionFhir","template":[{"templateType":"CodeValueFhir","template":{"codes":[{"code":"8867-4","system":"http://loinc.org","display":"Heart rate"}],"periodInterval":60,"typeName":"heartrate","value":{"defaultPeriod":5000,"unit":"count/min","valueName":"hr","valueType":"SampledData"}}}]}"#;

#[test]
fn medtech_flows_from_the_event_hub_through_the_connector_to_fhir() {
    let ns_path = rg1_path().provider("Microsoft.EventHub", "namespaces", "cardio");
    let ns = ns_path.to_string();
    let put_ns = alloc::format!(
        "az rest --method put --url https://management.azure.com{ns}?api-version=2024-01-01 --body '{{\"location\":\"eastus\"}}'"
    );
    let put_hub = alloc::format!(
        "az rest --method put --url https://management.azure.com{ns}/eventhubs/vitals?api-version=2024-01-01 --body '{{}}'"
    );
    let dest = alloc::format!(
        "az healthcareapis workspace iot-connector fhir-destination create --fhir-destination-name to-fhir --iot-connector-name devices --workspace-name ws1 --resource-group rg1 -t Create -r {} --content @fhir.json",
        fhir1()
    );
    let mut lines: Vec<&str> = BASE.to_vec();
    lines.extend([
        put_ns.as_str(),
        put_hub.as_str(),
        "az healthcareapis workspace iot-connector create --name devices --workspace-name ws1 --resource-group rg1 -c event-hub-name=vitals consumer-group=medtech fully-qualified-event-hub-namespace=cardio.servicebus.windows.net --content @dev.json",
        dest.as_str(),
    ]);
    let mut l = lab(&[]);
    l.add_file("dev.json", DEVICE_MAPPING.into());
    l.add_file("fhir.json", FHIR_MAPPING.into());
    for line in &lines {
        let out = l.run(line);
        assert!(out.ok, "{line}: {}", out.output);
    }
    let iot = ws1_path().child("iotconnectors", "devices").to_string();
    let hub = ns_path.child("eventhubs", "vitals").to_string();
    // Drawn before it runs, but not flowing: nothing was received or saved yet.
    let idle = diagram(l.world());
    assert!(
        idle.relations
            .iter()
            .any(|r| r.kind == RelationKind::MedTechIngest && !r.active),
        "{:?}",
        idle.relations
    );
    let out = l.run(&alloc::format!(
        "sim device send {iot} --generator heart-rate --count 3 --every 1m --device dev1; sim advance 10m"
    ));
    assert!(out.ok, "{}", out.output);
    // Received, but nothing saved: the destination is drawn broken, with the core's reason.
    let stuck = diagram(l.world());
    let dest_rel = stuck
        .relations
        .iter()
        .find(|r| r.kind == RelationKind::MedTechDestination)
        .unwrap();
    assert!(!dest_rel.active);
    assert!(
        dest_rel
            .problem
            .as_deref()
            .is_some_and(|p| p.contains("managed identity")),
        "{dest_rel:?}"
    );
    // Give the connector an identity that may write to the FHIR service: the waiting
    // messages are written and the flow runs end to end.
    for line in [
        "az healthcareapis workspace iot-connector update --name devices --workspace-name ws1 --resource-group rg1 --identity-type SystemAssigned",
        "sim advance 1m",
    ] {
        let out = l.run(line);
        assert!(out.ok, "{line}: {}", out.output);
    }
    let principal = l
        .world()
        .find(&iot)
        .and_then(|r| {
            r.body
                .str_at(&["identity", "principalId"])
                .map(String::from)
        })
        .unwrap();
    let grant = alloc::format!(
        "az role assignment create --assignee-object-id {principal} --assignee-principal-type ServicePrincipal --role \"FHIR Data Writer\" --scope {}",
        fhir1()
    );
    for line in [grant.as_str(), "sim advance 5m"] {
        let out = l.run(line);
        assert!(out.ok, "{line}: {}", out.output);
    }
    let d = diagram(l.world());
    let has = |kind, from: &str, to: &str| {
        d.relations.iter().any(|r| {
            r.kind == kind
                && r.active
                && r.from.eq_ignore_ascii_case(from)
                && r.to.eq_ignore_ascii_case(to)
        })
    };
    assert!(
        has(RelationKind::MedTechIngest, &hub, &iot),
        "{:?}",
        d.relations
    );
    assert!(
        has(RelationKind::MedTechDestination, &iot, &fhir1()),
        "{:?}",
        d.relations
    );
}

#[test]
fn dense_worlds_are_cut_and_counted() {
    let mut l = lab(&["az group create -n big -l eastus"]);
    for i in 0..(MAX_CHILDREN + 5) {
        assert!(
            l.run(&alloc::format!("az network vnet create -n v{i} -g big"))
                .ok
        );
    }
    let d = diagram(l.world());
    let big_id = hcsim_core::id::ArmPath::parse(SUB)
        .unwrap()
        .group("big")
        .to_string();
    assert_eq!(node(&d, &big_id).hidden, 5);
    let inside = d
        .nodes
        .iter()
        .filter(|n| n.parent.as_deref() == Some(big_id.as_str()));
    assert_eq!(inside.count(), MAX_CHILDREN);
}
