//! The facade in a real browser (headless Chromium through chromedriver): every `Simulator`
//! method, errors as JS `Error`s with `code`/`rule`/`status`, and the browser's trace hash of a
//! built-in lesson equal to the native one (`shared/trace.rs`).
//!
//! Run: `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
//! CHROMEDRIVER=/usr/bin/chromedriver cargo test -p hcsim-wasm --target wasm32-unknown-unknown`
//! (no `-q`: cargo would pass it on to the runner, which refuses it).
#![cfg(target_arch = "wasm32")]

#[path = "shared/trace.rs"]
mod trace;

use hcsim_wasm::Simulator;
use serde_json::{Value, json};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A JS value as JSON, to assert on.
fn j(v: JsValue) -> Value {
    serde_wasm_bindgen::from_value(v).expect("the facade returns JSON-compatible values")
}

/// Options object for the constructor.
fn opts(v: Value) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap()
}
use serde::Serialize;

/// A simulator with seed 42, instant timing.
fn sim() -> Simulator {
    Simulator::new(opts(json!({"seed": 42, "timing": "instant"}))).unwrap()
}

/// Runs a line that must succeed.
fn ok(s: &mut Simulator, line: &str) -> Value {
    let r = j(s.run(line).unwrap());
    assert_eq!(r["ok"], true, "{line}: {r}");
    r
}

/// The property `key` of a thrown JS Error.
fn prop(err: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(err, &JsValue::from_str(key)).unwrap()
}

/// Asserts `err` is a JS `Error` with `code` and returns it.
fn error_code(err: &JsValue) -> String {
    assert!(
        err.is_instance_of::<js_sys::Error>(),
        "not an Error: {err:?}"
    );
    let e: &js_sys::Error = err.unchecked_ref();
    assert!(!String::from(e.message()).is_empty());
    prop(err, "code").as_string().expect("code is a string")
}

fn build(s: &mut Simulator) {
    ok(s, "az group create -n rg1 -l eastus");
    ok(s, "az healthcareapis workspace create -n ws1 -g rg1");
    ok(
        s,
        "az healthcareapis workspace fhir-service create -n fhir1 --workspace-name ws1 -g rg1 --kind fhir-R4",
    );
}

const WS: &str = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1";

#[wasm_bindgen_test]
fn runs_in_a_browser() {
    assert!(web_sys_document_exists());
}

fn web_sys_document_exists() -> bool {
    js_sys::Reflect::has(&js_sys::global(), &JsValue::from_str("document")).unwrap()
}

#[wasm_bindgen_test]
fn constructor_takes_options_and_draws_a_seed_when_none() {
    let s = Simulator::new(JsValue::UNDEFINED).unwrap();
    let st = j(s.state().unwrap());
    assert!(st["seed"].as_str().unwrap().parse::<u64>().is_ok());
    assert_eq!(st["timing"], "realistic");
    assert_eq!(st["stage"], "ga");
    let s = Simulator::new(opts(json!({"seed": "123", "stage": "private-preview"}))).unwrap();
    let st = j(s.state().unwrap());
    assert_eq!(st["seed"], "123");
    assert_eq!(st["stage"], "private-preview");
    let err = Simulator::new(opts(json!({"seed": "forty-two"})))
        .err()
        .unwrap();
    assert_eq!(error_code(&err), "BadOptions");
    let err = Simulator::new(opts(json!({"timing": "fast"})))
        .err()
        .unwrap();
    assert_eq!(error_code(&err), "BadOptions");
}

/// The options are read field by field (`options.rs`): a number, a BigInt and a string seed
/// all work; a seed that is no whole number, a wrong kind of field or options that are no
/// object are `BadOptions`; other keys are ignored.
#[wasm_bindgen_test]
fn constructor_reads_every_kind_of_seed_and_refuses_bad_options() {
    let seed_of = |o: JsValue| j(Simulator::new(o).unwrap().state().unwrap())["seed"].clone();
    assert_eq!(seed_of(opts(json!({"seed": 7, "other": true}))), "7");
    let big = js_sys::Object::new();
    js_sys::Reflect::set(&big, &"seed".into(), &js_sys::BigInt::from(u64::MAX).into()).unwrap();
    assert_eq!(seed_of(big.into()), u64::MAX.to_string());
    assert_eq!(seed_of(opts(json!({"seed": " 12 ", "timing": null}))), "12");
    for bad in [
        opts(json!({"seed": -1})),
        opts(json!({"seed": 1.5})),
        opts(json!({"seed": true})),
        opts(json!({"stage": 3})),
        opts(json!({"stage": "beta"})),
        JsValue::from_str("seed=1"),
    ] {
        let err = Simulator::new(bad).err().unwrap();
        assert_eq!(error_code(&err), "BadOptions");
    }
}

#[wasm_bindgen_test]
fn run_answers_successes_and_rule_failures() {
    let mut s = sim();
    build(&mut s);
    let r = j(s
        .run("az healthcareapis workspace delete -n ws1 -g rg1 --yes")
        .unwrap());
    assert_eq!(r["ok"], false);
    assert_eq!(r["code"], "CannotDeleteResource");
    assert_eq!(r["rule"], "workspace-delete-requires-empty");
    assert!(r["explanation"].as_str().unwrap().contains("Fix:"));
    assert!(r["status"].as_u64().unwrap() >= 400);
    let created = j(s.run("az group create -n rg2 -l westus2").unwrap());
    assert!(
        created["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["name"] == "ResourceCreated")
    );
    assert!(
        created["equivalents"]["terraform"]
            .as_str()
            .unwrap()
            .contains("azurerm_resource_group")
    );
    assert_eq!(
        created["equivalents"]["az"],
        "az group create -n rg2 -l westus2"
    );
    assert!(created["timeMs"].is_u64());
}

#[wasm_bindgen_test]
fn state_shows_the_tree_clock_and_faults() {
    let mut s = sim();
    build(&mut s);
    ok(
        &mut s,
        "sim fault add region-outage --region eastus --for 30m",
    );
    let st = j(s.state().unwrap());
    assert_eq!(st["principal"], "trainee@contoso.com");
    assert_eq!(st["faults"][0]["kind"], "region-outage");
    let training = &st["tree"][0];
    assert_eq!(training["name"], "Training");
    assert!(training["state"].is_null(), "a subscription has no state");
    // Role assignments read as role and principal, from the lab's view, not as a GUID.
    assert!(
        training["children"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["label"] == "Owner → trainee@contoso.com"),
        "{training}"
    );
    let rg = training["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "rg1")
        .expect("rg1 in the tree");
    let ws = &rg["children"][0];
    assert_eq!(ws["name"], "ws1");
    assert_eq!(ws["state"], "Succeeded");
    assert_eq!(ws["stateSymbol"], "✓");
    assert_eq!(ws["tone"], "ok");
    assert_eq!(ws["faults"], json!([1]));
    assert_eq!(ws["children"][0]["name"], "fhir1");
    assert!(st["nextEventSeq"].as_u64().unwrap() > 0);
}

#[wasm_bindgen_test]
fn events_since_and_advance() {
    let mut s = Simulator::new(opts(json!({"seed": 1}))).unwrap();
    ok(&mut s, "az group create -n rg1 -l eastus");
    let all = j(s.events(None).unwrap());
    let n = all.as_array().unwrap().len();
    assert!(n > 0);
    let last = all[n - 1]["seq"].as_u64().unwrap();
    assert_eq!(
        j(s.events(Some(last as f64)).unwrap())
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let before = j(s.state().unwrap())["clockMs"].as_u64().unwrap();
    let r = j(s.advance("10m").unwrap());
    assert_eq!(r["ok"], true);
    assert_eq!(
        j(s.state().unwrap())["clockMs"].as_u64().unwrap(),
        before + 600_000
    );
    let err = s.advance("soon").err().unwrap();
    assert!(!error_code(&err).is_empty());
    assert!(prop(&err, "status").is_null());
    assert!(prop(&err, "rule").is_null());
    let err = s.advance("1m; az group delete -n rg1 --yes").err().unwrap();
    assert_eq!(error_code(&err), "BadArgument");
}

#[wasm_bindgen_test]
fn undo_redo_jump_and_steps() {
    let mut s = sim();
    ok(&mut s, "az group create -n rg1 -l eastus");
    ok(&mut s, "az group create -n rg2 -l eastus");
    let t = j(s.steps().unwrap());
    assert_eq!(t["cursor"], 2);
    assert_eq!(t["steps"][1]["label"], "az group create -n rg2 -l eastus");
    assert_eq!(t["steps"][1]["changes"], true);
    assert!(s.undo().unwrap().contains("rg2"));
    assert_eq!(
        j(s.run("az group exists -n rg2").unwrap())["output"],
        "false"
    );
    assert!(s.redo().unwrap().contains("rg2"));
    s.jump_to(0).unwrap();
    assert_eq!(j(s.steps().unwrap())["steps"][0]["applied"], false);
    let err = s.jump_to(99).err().unwrap();
    assert_eq!(error_code(&err), "StepOutOfRange");
    s.jump_to(3).unwrap();
    assert_eq!(
        j(s.run("az group exists -n rg2").unwrap())["output"],
        "true"
    );
}

#[wasm_bindgen_test]
fn save_and_load_round_trip_and_damage_is_an_error() {
    let mut s = sim();
    build(&mut s);
    let saved = s.save();
    let t = Simulator::load(&saved).unwrap();
    assert_eq!(t.trace_hash(), s.trace_hash());
    assert_eq!(
        j(t.state().unwrap())["resourceCount"],
        j(s.state().unwrap())["resourceCount"]
    );
    let err = Simulator::load("{\"format\": \"hcsim-session/1\", \"config\": 3}")
        .err()
        .unwrap();
    assert_eq!(error_code(&err), "DamagedSession");
    let err = Simulator::load("not json").err().unwrap();
    assert_eq!(error_code(&err), "DamagedSession");
}

#[wasm_bindgen_test]
fn details_equivalents_completions_and_trace() {
    let mut s = sim();
    build(&mut s);
    let d = j(s.details(WS).unwrap());
    assert_eq!(d["name"], "ws1");
    assert_eq!(d["label"], "ws1");
    assert_eq!(d["arm"]["type"], "Microsoft.HealthcareApis/workspaces");
    assert!(
        d["effectiveSettings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["setting"] == "private link")
    );
    let delete = d["allowedActions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["action"] == "delete")
        .unwrap()
        .clone();
    assert_eq!(delete["allowed"], false);
    assert_eq!(delete["rule"], "workspace-delete-requires-empty");
    let err = s
        .details("/subscriptions/x/resourceGroups/nope")
        .err()
        .unwrap();
    assert_eq!(error_code(&err), "ResourceNotFound");

    let before = s.trace_hash();
    let eq = j(s.equivalents("az group create -n rg9 -l eastus").unwrap());
    assert!(eq["bicep"].as_str().unwrap().contains("rg9"));
    assert_eq!(
        s.trace_hash(),
        before,
        "equivalents must not change the session"
    );
    assert!(j(s.equivalents("az group list").unwrap()).is_null());

    assert!(s.completions("az gr").contains(&"group".to_string()));
    // The page's lines are quoted by the lab: a value with a space stays one word.
    assert_eq!(
        Simulator::command_line(
            "sim fault add",
            vec!["throttle".into(), "--target".into(), "a b".into()]
        ),
        "sim fault add throttle --target 'a b'"
    );
    assert_eq!(s.trace_hash().len(), 16);
}

#[wasm_bindgen_test]
fn lessons_start_check_solve() {
    let mut s = sim();
    let list = j(s.lessons().unwrap());
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|l| l["name"] == trace::BUILTIN)
    );
    assert!(
        Simulator::builtin_text(trace::BUILTIN)
            .unwrap()
            .contains("hcsim-scenario/1")
    );
    let err = s.check_goal().err().unwrap();
    assert_eq!(error_code(&err), "NoLesson");
    let err = s.start_lesson("no-such-lesson").err().unwrap();
    assert_eq!(error_code(&err), "UnknownLesson");

    let l = j(s.start_lesson(trace::BUILTIN).unwrap());
    assert_eq!(l["name"], trace::BUILTIN);
    assert_eq!(l["hintsShown"], 0);
    assert_eq!(j(s.reveal_hint().unwrap())["hintsShown"], 1);
    let g = j(s.check_goal().unwrap());
    assert_eq!(g["status"], "in progress");
    for line in s.show_solution().unwrap() {
        ok(&mut s, &line);
    }
    let g = j(s.check_goal().unwrap());
    assert_eq!(g["met"], true, "{g}");
    assert_eq!(g["status"], "completed with the solution shown");
    s.leave_lesson();
    assert!(j(s.lesson().unwrap()).is_null());
    let l = j(s.resume_lesson(trace::BUILTIN, false).unwrap());
    assert_eq!(l["solutionShown"], false);
    assert_eq!(j(s.check_goal().unwrap())["status"], "solved");
}

#[wasm_bindgen_test]
fn scenario_trace_hash_matches_native() {
    let s = sim();
    let text = Simulator::builtin_text(trace::BUILTIN).unwrap();
    let r = j(s
        .run_scenario(&text, JsValue::from_f64(trace::SEED as f64))
        .unwrap());
    assert_eq!(r["format"], "hcsim-report/1");
    assert_eq!(r["passed"], true, "{r}");
    assert_eq!(r["seed"], trace::SEED);
    assert_eq!(r["trace_hash"], trace::TRACE_HASH);
    let err = s.run_scenario("{", JsValue::UNDEFINED).err().unwrap();
    assert_eq!(error_code(&err), "InvalidScenario");
}

const TEMPLATE: &str = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {"name": {"type": "string"}},
  "resources": [{
    "type": "Microsoft.HealthcareApis/workspaces", "apiVersion": "2024-03-31",
    "name": "[parameters('name')]", "location": "eastus", "properties": {}
  }]
}"#;

#[wasm_bindgen_test]
fn what_if_and_deploy_templates() {
    let mut s = sim();
    ok(&mut s, "az group create -n rg1 -l eastus");
    let params = Some(r#"{"name": {"value": "wst"}}"#.to_string());
    let w = j(s.what_if(TEMPLATE.into(), params.clone(), "rg1").unwrap());
    assert!(w["output"].as_str().unwrap().contains("wst"), "{w}");
    assert!(
        j(s.run("az healthcareapis workspace show -n wst -g rg1")
            .unwrap())["ok"]
            == false
    );
    let d = j(s.deploy(TEMPLATE.into(), params, "rg1", None).unwrap());
    assert_eq!(d["ok"], true);
    ok(&mut s, "az healthcareapis workspace show -n wst -g rg1");
    // A deployment into a missing group fails as an Error with ARM's code and status.
    let err = s
        .deploy(
            TEMPLATE.into(),
            Some(r#"{"name": {"value": "w2"}}"#.into()),
            "nope",
            None,
        )
        .err()
        .unwrap();
    assert!(!error_code(&err).is_empty());
    assert!(prop(&err, "status").as_f64().is_some(), "status on {err:?}");
    let err = s.deploy(TEMPLATE.into(), None, "rg 1", None).err().unwrap();
    assert_eq!(error_code(&err), "BadArgument");
}

#[wasm_bindgen_test]
fn a_rule_error_carries_code_rule_status() {
    // The convenience methods throw the rule's error: `advance` cannot, so use a deployment
    // whose FHIR service has no workspace (rule workspace-first).
    let mut s = sim();
    ok(&mut s, "az group create -n rg1 -l eastus");
    let t = r#"{
      "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
      "contentVersion": "1.0.0.0",
      "resources": [{
        "type": "Microsoft.HealthcareApis/workspaces/fhirservices", "apiVersion": "2024-03-31",
        "name": "nows/fhir1", "location": "eastus", "kind": "fhir-R4", "properties": {}
      }]
    }"#;
    let err = s.deploy(t.into(), None, "rg1", None).err().unwrap();
    let code = error_code(&err);
    assert!(!code.is_empty());
    let rule = prop(&err, "rule").as_string();
    let status = prop(&err, "status").as_f64();
    assert!(status.is_some(), "{code} {rule:?}");
    assert!(prop(&err, "explanation").is_null() || prop(&err, "explanation").is_string());
}

#[wasm_bindgen_test]
fn diagram_and_operations_timeline() {
    let mut s = sim();
    ok(&mut s, "az group create -n rg1 -l eastus");
    ok(&mut s, "az healthcareapis workspace create -n ws1 -g rg1");
    ok(
        &mut s,
        "az healthcareapis workspace fhir-service create -n fhir1 --workspace-name ws1 -g rg1 --kind fhir-R4",
    );
    let d = j(s.diagram().unwrap());
    let nodes = d["nodes"].as_array().unwrap();
    let ws = nodes
        .iter()
        .find(|n| n["kind"] == "workspace")
        .expect("the workspace is drawn");
    assert_eq!(ws["boundary"], true);
    assert_eq!(ws["shortId"], "rg1/workspaces/ws1");
    let fhir = nodes.iter().find(|n| n["label"] == "fhir1").unwrap();
    assert_eq!(fhir["parent"], ws["id"]);
    assert_eq!(fhir["state"]["word"], "Succeeded");
    assert!(d["relations"].as_array().unwrap().is_empty());
    let t = j(s.ops_timeline().unwrap());
    assert_eq!(t["cursor"], 3);
    assert!(t["ops"].as_array().unwrap().iter().any(|o| o["shortTarget"]
        == "rg1/workspaces/ws1/fhirservices/fhir1"
        && o["status"] == "Succeeded"));
    // Event summaries read with ids relative to the subscription; data keeps the full id.
    let events = j(s.events(None).unwrap());
    let created = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["name"] == "ResourceCreated"
                && e["data"]["resource_type"] == "Microsoft.HealthcareApis/workspaces"
        })
        .unwrap();
    assert!(
        created["summary"]
            .as_str()
            .unwrap()
            .contains(" rg1/workspaces/ws1 ")
    );
    assert!(
        created["data"]["id"]
            .as_str()
            .unwrap()
            .starts_with("/subscriptions/")
    );
}

#[wasm_bindgen_test]
fn timeline_summary_tells_what_the_slider_and_buttons_show() {
    let mut s = sim();
    let start = j(s.timeline_summary().unwrap());
    assert_eq!(
        start,
        json!({"cursor": 0, "stepCount": 0, "label": null, "canUndo": false, "canRedo": false})
    );
    ok(&mut s, "az group create -n rg1 -l eastus");
    ok(&mut s, "az group list");
    let t = j(s.timeline_summary().unwrap());
    assert_eq!(t["cursor"], 2);
    assert_eq!(t["stepCount"], 2);
    assert_eq!(t["label"], "az group list");
    assert_eq!(
        (t["canUndo"].clone(), t["canRedo"].clone()),
        (json!(true), json!(false))
    );
    // Undo skips the read and undoes the group: nothing left to undo, the group to redo.
    assert!(s.undo().unwrap().contains("rg1"));
    let t = j(s.timeline_summary().unwrap());
    assert_eq!(t["cursor"], 0);
    assert_eq!(t["label"], Value::Null);
    assert_eq!(
        (t["canUndo"].clone(), t["canRedo"].clone()),
        (json!(false), json!(true))
    );
    // The same as `steps()` tells, step by step.
    let steps = j(s.steps().unwrap());
    assert_eq!(steps["steps"].as_array().unwrap().len(), 2);
}

#[wasm_bindgen_test]
fn run_many_first_failure_is_what_run_answers_equivalents_included() {
    let lines = [
        "az group create -n rg1 -l eastus",
        "az healthcareapis workspace create -n ws1 -g rg1",
        "az healthcareapis workspace fhir-service create -n fhir1 --workspace-name ws1 -g rg1 --kind fhir-R4",
        // Refused by the core (the workspace holds a service): a write, with equivalents.
        "az healthcareapis workspace delete -n ws1 -g rg1 --yes",
        "az group show -n nosuchgroup",
    ];
    let (mut one_by_one, mut batch) = (sim(), sim());
    let answers: Vec<Value> = lines
        .iter()
        .map(|l| j(one_by_one.run(l).unwrap()))
        .collect();
    let summary = j(batch
        .run_many(lines.iter().map(|l| l.to_string()).collect())
        .unwrap());
    assert_eq!(summary["failed"], 2);
    assert_eq!(summary["firstFailure"], answers[3]);
    assert!(
        answers[3]["equivalents"]["powershell"].is_string(),
        "{}",
        answers[3]
    );
    // The same world and history either way.
    assert_eq!(batch.trace_hash(), one_by_one.trace_hash());
    assert_eq!(j(batch.steps().unwrap()), j(one_by_one.steps().unwrap()));
    // A `;`-joined line in a batch fails as `run` answers it too.
    let joined =
        "az group show -n rg1 -o none; az healthcareapis workspace delete -n ws1 -g rg1 --yes";
    let summary = j(batch.run_many(vec![joined.to_string()]).unwrap());
    assert_eq!(summary["firstFailure"], j(one_by_one.run(joined).unwrap()));
}

#[wasm_bindgen_test]
fn run_lines_is_run_many_of_the_texts_lines() {
    let lines = [
        "az group create -n rgm -l eastus -o none",
        "az group show -n nosuchgroup",
        "az network vnet create -n v1 -g rgm -o none",
        "az group show -n rgm -o none; az group delete -n nosuch --yes",
    ];
    let (mut many, mut text) = (sim(), sim());
    let a = j(many
        .run_many(lines.iter().map(|l| l.to_string()).collect())
        .unwrap());
    let b = j(text.run_lines(&lines.join("\n")).unwrap());
    assert_eq!(a, b);
    assert_eq!(b["ran"], 4);
    assert_eq!(b["failed"], 2);
    assert_eq!(many.trace_hash(), text.trace_hash());
    assert_eq!(j(many.steps().unwrap()), j(text.steps().unwrap()));
}

/// `treeRows` of `s` as (name, depth, open, more) for each row.
fn rows(s: &Simulator, filter: &str, open: &str, closed: &str) -> Vec<(String, u64, bool, u64)> {
    let v = j(s.tree_rows(filter, open, closed).unwrap());
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_owned(),
                r["depth"].as_u64().unwrap(),
                r["open"].as_bool().unwrap(),
                r["more"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// A session with group `big` of 260 virtual networks and group `small` of 2.
fn big_and_small() -> Simulator {
    let mut s = sim();
    let mut lines = vec![
        "az group create -n big -l eastus -o none".to_string(),
        "az group create -n small -l eastus -o none".to_string(),
        "az network vnet create -n s0 -g small -o none".to_string(),
        "az network vnet create -n s1 -g small -o none".to_string(),
    ];
    lines.extend((0..260).map(|i| format!("az network vnet create -n v{i:03} -g big -o none")));
    let r = j(s.run_many(lines).unwrap());
    assert_eq!(r["failed"], 0, "{r}");
    s
}

#[wasm_bindgen_test]
fn tree_rows_are_what_the_panel_draws() {
    let s = big_and_small();
    let all = rows(&s, "", "", "");
    let at = |rows: &[(String, u64, bool, u64)], name: &str| {
        rows.iter()
            .position(|r| r.0 == name)
            .unwrap_or_else(|| panic!("no row {name}: {rows:?}"))
    };
    // The subscription (open) and both groups; `big` (260 children) starts collapsed, `small`
    // (2 children) open, its children right after it.
    assert_eq!(all[0].1, 0);
    assert!(all[0].2, "the subscription is open");
    let (big, small) = (at(&all, "big"), at(&all, "small"));
    assert_eq!(all[big], ("big".into(), 1, false, 0));
    assert_eq!(all[small], ("small".into(), 1, true, 0));
    assert_eq!(all[small + 1], ("s0".into(), 2, false, 0));
    assert_eq!(all[small + 2], ("s1".into(), 2, false, 0));
    assert!(!all.iter().any(|r| r.0.starts_with('v')), "{all:?}");
    let row = &j(s.tree_rows("", "", "").unwrap())[big];
    assert_eq!(row["hasKids"], true);
    assert_eq!(row["state"], "Succeeded");
    assert_eq!(row["stateSymbol"], "✓");
    assert_eq!(row["tone"], "ok");
    assert!(row["id"].as_str().unwrap().ends_with("/resourceGroups/big"));
    // Opened by the user: its first 200 children, the other 60 counted.
    let big_id = row["id"].as_str().unwrap().to_lowercase();
    let opened = rows(&s, "", &big_id, "");
    assert_eq!(opened[big], ("big".into(), 1, true, 60));
    assert_eq!(opened[big + 1], ("v000".into(), 2, false, 0));
    assert_eq!(opened[big + 200].0, "v199");
    assert_eq!(opened[big + 201].1, 1, "the next row is the next group's");
    assert_eq!(opened.len(), all.len() + 200);
    // Closed by the user: nothing under the subscription.
    let sub_id = j(s.tree_rows("", "", "").unwrap())[0]["id"]
        .as_str()
        .unwrap()
        .to_lowercase();
    let closed = rows(&s, "", "", &format!("{big_id}\n{sub_id}"));
    assert_eq!(closed[0].1, 0);
    assert!(!closed[0].2);
    assert_eq!(
        closed[1].1, 0,
        "the next row is the other subscription: {closed:?}"
    );
    assert_eq!(closed.len(), all.len() - at(&all, "s1") - 1 + 1);
}

#[wasm_bindgen_test]
fn tree_rows_with_a_filter_show_the_matches_and_their_ancestors_open() {
    let s = big_and_small();
    let found = rows(&s, "v25", "", "");
    let names: Vec<&str> = found.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(found[0].1, 0, "the subscription, an ancestor");
    assert_eq!(
        found[1],
        ("big".into(), 1, true, 0),
        "an ancestor of a match is open"
    );
    assert_eq!(
        &names[2..],
        [
            "v250", "v251", "v252", "v253", "v254", "v255", "v256", "v257", "v258", "v259"
        ]
    );
    // By the group's name: the group with its children (their ids hold it), 200 drawn.
    let group = rows(&s, "resourcegroups/big", "", "");
    assert_eq!(group[1], ("big".into(), 1, true, 60));
    assert_eq!(group.len(), 2 + 200);
    // Nothing matches: no rows.
    assert!(rows(&s, "nothing-like-this", "", "").is_empty());
}

#[wasm_bindgen_test]
fn state_summary_has_no_tree_and_tells_whether_something_is_in_flight() {
    let mut s = Simulator::new(opts(json!({"seed": 42, "timing": "realistic"}))).unwrap();
    let quiet = j(s.state_summary().unwrap());
    assert_eq!(quiet["tree"], json!([]));
    assert_eq!(quiet["busy"], false);
    ok(&mut s, "az group create -n rg1 -l eastus");
    ok(
        &mut s,
        "az healthcareapis workspace create -n ws1 -g rg1 --no-wait",
    );
    let busy = j(s.state_summary().unwrap());
    assert_eq!(busy["busy"], true, "{busy}");
    assert_eq!(
        busy["resourceCount"],
        j(s.state().unwrap())["resourceCount"]
    );
}

#[wasm_bindgen_test]
fn state_update_sends_the_tree_only_when_it_changed() {
    let mut s = sim();
    let first = j(s.state_update(None).unwrap());
    let rev = first["treeRevision"].as_u64().unwrap() as u32;
    assert!(!first["tree"].as_array().unwrap().is_empty());
    // A read leaves the tree as it was: nothing to send, the same revision.
    ok(&mut s, "az group list");
    let same = j(s.state_update(Some(rev)).unwrap());
    assert_eq!(same["treeRevision"], rev);
    assert_eq!(same["tree"], json!([]));
    assert_eq!(same["resourceCount"], first["resourceCount"]);
    // A write changes it: a new revision, with the tree.
    ok(&mut s, "az group create -n rgtree -l eastus");
    let next = j(s.state_update(Some(rev)).unwrap());
    assert_ne!(next["treeRevision"], rev);
    assert!(next.to_string().contains("rgtree"));
    // `state()` always carries the tree.
    assert!(j(s.state().unwrap()).to_string().contains("rgtree"));
}

#[wasm_bindgen_test]
fn run_many_answers_with_a_summary_and_files_are_listed() {
    let mut s = sim();
    let lines = vec![
        "az group create -n rgm -l eastus".to_string(),
        "az group show -n nosuchgroup".to_string(),
        "az network vnet create -n v1 -g rgm".to_string(),
    ];
    let r = j(s.run_many(lines).unwrap());
    assert_eq!(r["ran"], 3);
    assert_eq!(r["failed"], 1);
    assert_eq!(r["firstFailure"]["input"], "az group show -n nosuchgroup");
    assert!(j(s.state().unwrap()).to_string().contains("v1"));
    s.add_file("t.json", "{}".into());
    let files = s.files();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].get(0).as_string().as_deref(), Some("t.json"));
}
