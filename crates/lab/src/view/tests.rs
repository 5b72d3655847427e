//! The view model as a user of either front end would notice it: labels of every node kind,
//! role assignments named by role and principal, reasons that come from the core, lines that
//! run, lesson progress.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use hcsim_core::{Config, ResKind, Timing};

use super::*;
use crate::Lab;
use crate::shell::tokenize;

const SUB: &str = "/subscriptions/11111111-1111-1111-1111-111111111111";

fn lab() -> Lab {
    let mut config = Config::new(7);
    config.timing = Timing::Instant;
    let mut lab = Lab::new(config);
    for line in [
        "az group create -n rg1 -l eastus",
        "az healthcareapis workspace create -n ws1 -g rg1",
        "az healthcareapis workspace fhir-service create -n fhir1 --workspace-name ws1 -g rg1 --kind fhir-R4",
        "az role assignment create --assignee alice@contoso.com --role Contributor --scope /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1",
        "az lock create --name keep --lock-type CanNotDelete --resource-group rg1",
    ] {
        let out = lab.run(line);
        assert!(out.ok, "{line}: {}", out.output);
    }
    lab
}

fn ws_path() -> hcsim_core::id::ArmPath {
    hcsim_core::id::ArmPath::parse(SUB)
        .unwrap()
        .group("rg1")
        .provider("Microsoft.HealthcareApis", "workspaces", "ws1")
}

fn ws_id() -> String {
    ws_path().to_string()
}

fn all_nodes(nodes: &[TreeNode], out: &mut Vec<NodeView>) {
    for n in nodes {
        out.push(n.node.clone());
        all_nodes(&n.children, out);
    }
}

fn node_of(lab: &Lab, kind: &str) -> NodeView {
    let mut all = Vec::new();
    all_nodes(&node::tree(lab.world()), &mut all);
    all.into_iter()
        .find(|n| n.kind == kind)
        .unwrap_or_else(|| panic!("no {kind} in the tree"))
}

#[test]
fn every_kind_has_a_readable_label() {
    let lab = lab();
    let sub = node_of(&lab, "subscription");
    assert!(
        sub.label
            .ends_with("(11111111-1111-1111-1111-111111111111)"),
        "{}",
        sub.label
    );
    assert!(
        sub.state.is_none(),
        "a subscription has no provisioning state"
    );
    assert_eq!(node_of(&lab, "resource group").label, "rg1");
    assert_eq!(node_of(&lab, "workspace").label, "ws1");
    let fhir = node_of(&lab, "FHIR service");
    assert_eq!(fhir.label, "fhir1");
    assert_eq!(
        fhir.state.map(|s| s.text()),
        Some(String::from("✓ Succeeded"))
    );
    assert_eq!(node_of(&lab, "lock").label, "keep (CanNotDelete)");
}

#[test]
fn a_role_assignment_names_its_role_and_principal_not_a_guid() {
    let lab = lab();
    let mut all = Vec::new();
    all_nodes(&node::tree(lab.world()), &mut all);
    let labels: Vec<&str> = all
        .iter()
        .filter(|n| n.kind == "role assignment")
        .map(|n| n.label.as_str())
        .collect();
    // The default session's Owner at the subscription, and the one made above.
    assert!(
        labels.contains(&"Owner → trainee@contoso.com"),
        "{labels:?}"
    );
    assert!(
        labels.contains(&"Contributor → alice@contoso.com"),
        "{labels:?}"
    );
    assert!(
        all.iter()
            .filter(|n| n.kind == "role assignment")
            .all(|n| n.label != n.name)
    );
}

#[test]
fn the_tree_follows_the_hierarchy() {
    let lab = lab();
    let tree = node::tree(lab.world());
    assert_eq!(tree.len(), lab.world().subscriptions().len());
    let rg = tree[0]
        .children
        .iter()
        .find(|c| c.node.label == "rg1")
        .expect("rg1 under the subscription");
    let ws = rg
        .children
        .iter()
        .find(|c| c.node.kind == "workspace")
        .expect("ws1 under rg1");
    assert!(ws.children.iter().any(|c| c.node.label == "fhir1"));
}

#[test]
fn a_fault_marks_what_it_covers() {
    let mut lab = lab();
    assert!(lab.run("sim fault add region-outage --region eastus").ok);
    let fhir = node_of(&lab, "FHIR service");
    assert_eq!(fhir.faults.len(), 1);
    assert_eq!(fhir.faults[0].kind, "region-outage");
    assert!(!fhir.faults[0].everywhere);
    assert!(node_of(&lab, "subscription").faults.is_empty());
}

#[test]
fn what_can_be_done_comes_from_the_core() {
    let lab = lab();
    let d = Details::of(lab.world(), &ws_id()).expect("ws1 details");
    assert_eq!(d.node.label, "ws1");
    let core = lab.world().allowed_actions(&ws_id());
    assert_eq!(d.actions.len(), core.len());
    let delete = d
        .actions
        .iter()
        .find(|a| a.action == "delete")
        .expect("delete");
    assert!(!delete.allowed);
    let blocked = core
        .iter()
        .find(|a| a.action == "delete")
        .and_then(|a| a.blocked_by.as_ref())
        .expect("the core blocks it");
    assert_eq!(delete.code.as_deref(), Some(blocked.code.as_str()));
    assert_eq!(delete.rule.as_deref(), blocked.rule.map(|r| r.id()));
    assert!(
        delete
            .explanation
            .as_deref()
            .is_some_and(|e| e.contains("Fix"))
    );
    assert_eq!(d.settings_rule, Some("settings-apply-to-all-children"));
    let settings = d.settings.expect("a workspace has effective settings");
    assert!(
        settings
            .iter()
            .any(|s| s.setting == "private link" && s.source_label == "default")
    );
}

#[test]
fn a_service_shows_its_url_and_its_workspace_as_setting_source() {
    let lab = lab();
    let id = ws_path().child("fhirservices", "fhir1").to_string();
    let d = Details::of(lab.world(), &id).expect("fhir1 details");
    assert_eq!(
        d.url.as_deref(),
        Some("https://ws1-fhir1.fhir.azurehealthcareapis.com")
    );
    assert!(d.settings.is_some_and(|s| !s.is_empty()));
    assert!(
        Details::of(
            lab.world(),
            &hcsim_core::id::ArmPath::parse(SUB)
                .unwrap()
                .group("none")
                .to_string()
        )
        .is_none()
    );
}

#[test]
fn delete_lines_run_and_reach_the_rules() {
    let mut lab = lab();
    let lock = hcsim_core::id::ArmPath::parse(SUB)
        .unwrap()
        .group("rg1")
        .provider("Microsoft.Authorization", "locks", "keep")
        .to_string();
    let lock = lab.world().find(&lock).expect("the lock").clone();
    let line = commands::delete_line(lab.world(), &lock).expect("a lock can be deleted");
    assert!(lab.run(&line).ok, "{line}");
    let world = lab.world();
    let ws = world.find(&ws_id()).expect("ws1");
    let line = commands::delete_line(world, ws).expect("a workspace can be deleted");
    assert_eq!(
        line,
        "az healthcareapis workspace delete --name ws1 --resource-group rg1 --yes"
    );
    let out = lab.run(&line);
    assert_eq!(out.rule.as_deref(), Some("workspace-delete-requires-empty"));
    let sub = lab.world().find(SUB).expect("the subscription");
    assert!(commands::delete_line(lab.world(), sub).is_err());
}

#[test]
fn forms_build_lines_the_lab_accepts() {
    let mut lab = lab();
    let rg = lab
        .world()
        .find(
            &hcsim_core::id::ArmPath::parse(SUB)
                .unwrap()
                .group("rg1")
                .to_string(),
        )
        .expect("rg1")
        .clone();
    let form = CreateForm::for_parent(lab.world(), &rg).expect("a workspace form");
    let defaults: Vec<&str> = form.fields.iter().map(|f| f.value.as_str()).collect();
    assert_eq!(defaults, ["ws2", "eastus"], "the default name is free");
    let line = form.line(&defaults).expect("filled");
    assert!(lab.run(&line).ok, "{line}");
    assert!(
        form.line(&["", "eastus"])
            .is_err_and(|e| e.contains("name"))
    );
    let ws = lab.world().find(&ws_id()).expect("ws1").clone();
    let form = CreateForm::for_parent(lab.world(), &ws).expect("a service form");
    let line = form.line(&["iot-connector", "iot1"]).expect("filled");
    let out = lab.run(&line);
    assert!(out.ok, "{line}: {}", out.output);
    // A hostile name stays one word: the core rejects the name, no second command runs.
    let line = form
        .line(&["dicom-service", "x; az group delete -n rg1 --yes"])
        .expect("filled");
    assert_eq!(tokenize(&line).map(|w| w.len()).ok(), Some(11));
}

#[test]
fn menus_offer_lines_that_run() {
    let mut lab = lab();
    let id = ws_path().child("fhirservices", "fhir1").to_string();
    let fhir = lab.world().find(&id).expect("fhir1").clone();
    let probes = commands::probe_items(&fhir).expect("a FHIR service can be probed");
    assert_eq!(lab.run(&probes[0].line).status, Some(200));
    let faults = commands::fault_items(Some(&fhir));
    assert_eq!(faults[0].label, "region-outage in region eastus");
    assert!(lab.run(&faults[0].line).ok);
    assert_eq!(lab.run(&probes[0].line).status, Some(503));
    let rg = lab
        .world()
        .find(
            &hcsim_core::id::ArmPath::parse(SUB)
                .unwrap()
                .group("rg1")
                .to_string(),
        )
        .expect("rg1");
    assert!(commands::probe_items(rg).is_err());
    assert_eq!(rg.kind, ResKind::ResourceGroup);
    assert!(commands::delete_warning(rg).is_some());
}

#[test]
fn lesson_progress_counts_hints_and_remembers_the_solution() {
    let b = crate::scenario::builtin("first-workspace").expect("built-in");
    let s = crate::scenario::parse_scenario(b.text, b.name).expect("parses");
    let mut p = LessonProgress::new(b.name, s);
    let lab = Lab::new(p.scenario().config(1));
    assert!(!p.check(lab.world()).met);
    assert!(p.hints_shown().is_empty());
    assert!(p.reveal_hint().is_some());
    assert_eq!(p.hints_shown().len(), 1);
    assert!(!p.show_solution().is_empty());
    let summary = p.summary();
    assert!(summary.solution_shown);
    assert_eq!(summary.hints_shown, 1);
    assert!(p.check(lab.world()).solution_shown);
}
