//! The runner: each expectation kind met and failed, checks, exit codes, seeds and trace
//! hashes, files read through the loader, the report's JSON and text, lessons and goals.

use std::cell::RefCell;

use hcsim_lab::scenario::*;
use serde_json::json;

const SUB: &str = "/subscriptions/11111111-1111-1111-1111-111111111111";

fn ws_path(name: &str) -> hcsim_core::id::ArmPath {
    hcsim_core::id::ArmPath::parse(SUB)
        .unwrap()
        .group("rg1")
        .provider("Microsoft.HealthcareApis", "workspaces", name)
}

fn ws(name: &str) -> String {
    ws_path(name).to_string()
}

fn no_files(p: &str) -> Result<String, String> {
    Err(format!("no file {p}"))
}

fn run(steps: serde_json::Value) -> Report {
    let text = json!({"title": "t", "seed": 5, "steps": steps}).to_string();
    let s = parse_scenario(&text, "t.json").unwrap_or_else(|e| panic!("{e}"));
    run_scenario(&s, &RunOptions::default(), &no_files)
}

const SETUP: [&str; 3] = [
    "az group create --name rg1 --location eastus",
    "az healthcareapis workspace create --name ws1 --resource-group rg1",
    "az healthcareapis workspace fhir-service create --name fhir1 --workspace-name ws1 --resource-group rg1 --kind fhir-R4",
];

/// The setup, then `step`; returns the report of `step`.
fn last(step: serde_json::Value) -> (Report, StepReport) {
    let mut steps: Vec<serde_json::Value> = SETUP.iter().map(|s| json!(s)).collect();
    steps.push(step);
    let r = run(json!(steps));
    let st = r.steps.last().cloned().unwrap();
    (r, st)
}

const DELETE_WS: &str = "az healthcareapis workspace delete --name ws1 --resource-group rg1 --yes";

#[test]
fn each_expectation_kind_met_and_failed() {
    let met = [
        json!("az group show --name rg1"),
        json!({"run": "az group show --name rg1"}),
        json!({"run": DELETE_WS, "expect": {"ok": false}}),
        json!({"run": DELETE_WS, "expect": {"status": 409}}),
        json!({"run": DELETE_WS, "expect": {"error": "CannotDeleteResource"}}),
        json!({"run": DELETE_WS, "expect": {"error": "cannotdeleteresource"}}),
        json!({"run": DELETE_WS, "expect": {"rule": "workspace-delete-requires-empty"}}),
        json!({"run": DELETE_WS, "expect": {"output_contains": "nested resources"}}),
        json!({"run": DELETE_WS, "expect": {"ok": false, "status": 409, "error": "CannotDeleteResource",
                                            "rule": "workspace-delete-requires-empty", "output_contains": "fhir1"}}),
        json!({"run": format!("sim probe {}/fhirservices/fhir1", ws("ws1")), "expect": {"status": 200, "ok": true}}),
    ];
    for step in met {
        let (r, st) = last(step.clone());
        assert_eq!(st.expectation, Expectation::Met, "{step}: {}", st.message);
        assert!(r.passed && r.exit_code() == 0, "{step}");
        assert_eq!(r.expectations, Tally { met: 4, failed: 0 });
    }
    let failed = [
        (json!(DELETE_WS), "expected success"),
        (json!({"run": DELETE_WS}), "expected success"),
        (
            json!({"run": "az group show --name rg1", "expect": {"ok": false}}),
            "expected a failure",
        ),
        (
            json!({"run": DELETE_WS, "expect": {"status": 404}}),
            "expected status 404, got 409",
        ),
        (
            json!({"run": "az group show -n rg1", "expect": {"status": 404}}),
            "expected status 404",
        ),
        (
            json!({"run": DELETE_WS, "expect": {"error": "Conflict"}}),
            "expected error Conflict, got CannotDeleteResource",
        ),
        (
            json!({"run": "az group show -n rg1", "expect": {"error": "Conflict"}}),
            "got none",
        ),
        (
            json!({"run": DELETE_WS, "expect": {"rule": "rbac"}}),
            "expected rule rbac, got workspace-delete-requires-empty",
        ),
        (
            json!({"run": DELETE_WS, "expect": {"output_contains": "banana"}}),
            "contain 'banana'",
        ),
    ];
    for (step, needle) in failed {
        let (r, st) = last(step.clone());
        assert_eq!(st.expectation, Expectation::Failed, "{step}");
        assert!(st.message.contains(needle), "{step}: {}", st.message);
        assert!(!r.passed && r.exit_code() == 1, "{step}");
        assert_eq!(r.expectations, Tally { met: 3, failed: 1 });
        assert!(r.render_text(false).contains(needle));
    }
}

#[test]
fn an_empty_expect_expects_nothing() {
    for line in [DELETE_WS, "az group show -n rg1"] {
        let (r, st) = last(json!({"run": line, "expect": {}}));
        assert_eq!(st.expectation, Expectation::None);
        assert!(r.passed);
        assert_eq!(r.expectations, Tally { met: 3, failed: 0 });
    }
}

#[test]
fn the_step_report_carries_the_outcome() {
    let (_, st) = last(json!({"run": DELETE_WS, "expect": {"ok": false}}));
    assert_eq!(st.index, 3);
    assert_eq!(st.input, DELETE_WS);
    assert!(!st.ok);
    assert_eq!(st.status, Some(409));
    assert_eq!(st.code.as_deref(), Some("CannotDeleteResource"));
    assert_eq!(st.rule.as_deref(), Some("workspace-delete-requires-empty"));
    assert!(
        st.explanation
            .as_deref()
            .is_some_and(|e| e.contains("Fix:"))
    );
    assert!(
        st.message.contains("CannotDeleteResource"),
        "{}",
        st.message
    );
}

#[test]
fn each_check_kind_met_and_failed() {
    let fhir = ws_path("ws1").child("fhirservices", "fhir1").to_string();
    let met = [
        json!({"exists": ws("ws1")}),
        json!({"exists": ws("WS1").to_uppercase()}),
        json!({"exists": ws("ws1"), "provisioningState": "succeeded", "location": "East US"}),
        json!({"exists": fhir, "property": {"path": "kind", "equals": "fhir-R4"}}),
        json!({"exists": fhir, "property": [{"path": "properties.publicNetworkAccess", "equals": "Enabled"},
                                            {"path": "properties.authenticationConfiguration.smartProxyEnabled", "equals": false}]}),
        json!({"absent": ws("ws2")}),
        json!({"absent": hcsim_core::id::ArmPath::parse(SUB).unwrap().group("nothing").to_string()}),
        json!({"count": {"type": "Microsoft.HealthcareApis/workspaces", "equals": 1}}),
        json!({"count": {"type": "microsoft.healthcareapis/workspaces/fhirservices", "equals": 1}}),
        json!({"count": {"type": "Microsoft.HealthcareApis/workspaces/dicomservices", "equals": 0}}),
    ];
    for c in met {
        let (r, st) = last(json!({"check": c}));
        assert_eq!(st.expectation, Expectation::Met, "{c}: {}", st.message);
        assert!(st.ok && st.input.starts_with("check "), "{}", st.input);
        assert!(r.passed);
    }
    let failed = [
        (json!({"exists": ws("ws2")}), "does not exist"),
        (
            json!({"exists": ws("ws1"), "provisioningState": "Failed"}),
            "provisioningState is Succeeded, not Failed",
        ),
        (
            json!({"exists": ws("ws1"), "location": "westus"}),
            "location is eastus, not westus",
        ),
        (
            json!({"exists": fhir, "property": {"path": "kind", "equals": "fhir-Stu3"}}),
            "kind is \"fhir-R4\", not \"fhir-Stu3\"",
        ),
        (
            json!({"exists": fhir, "property": {"path": "properties.nothing", "equals": 1}}),
            "properties.nothing is not set",
        ),
        (json!({"absent": ws("ws1")}), "still exists (Succeeded)"),
        (
            json!({"count": {"type": "Microsoft.HealthcareApis/workspaces", "equals": 2}}),
            "1 of Microsoft.HealthcareApis/workspaces (expected 2)",
        ),
    ];
    for (c, needle) in failed {
        let (r, st) = last(json!({"check": c}));
        assert_eq!(st.expectation, Expectation::Failed, "{c}");
        assert!(!st.ok);
        assert!(st.message.contains(needle), "{c}: {}", st.message);
        assert_eq!(r.exit_code(), 1);
    }
}

#[test]
fn a_failed_step_does_not_stop_the_run() {
    let r = run(json!([
        "az group show --name nothing",
        "az group create --name rg1 --location eastus",
        {"check": {"exists": hcsim_core::id::ArmPath::parse(SUB).unwrap().group("rg1").to_string()}}
    ]));
    assert_eq!(r.steps.len(), 3);
    assert_eq!(r.expectations, Tally { met: 2, failed: 1 });
    assert_eq!(r.steps[0].expectation, Expectation::Failed);
    assert!(!r.passed);
}

#[test]
fn seeds_file_override_and_determinism() {
    let text =
        json!({"title": "seeded", "seed": 42, "timing": "realistic", "steps": SETUP}).to_string();
    let s = parse_scenario(&text, "s.json").unwrap();
    let a = run_scenario(&s, &RunOptions::default(), &no_files);
    let b = run_scenario(&s, &RunOptions::default(), &no_files);
    assert_eq!(a.seed, 42);
    assert_eq!(a.trace_hash, b.trace_hash);
    assert_eq!(a.to_json(), b.to_json());
    let c = run_scenario(
        &s,
        &RunOptions {
            seed: Some(43),
            play_solution: false,
        },
        &no_files,
    );
    assert_eq!(c.seed, 43);
    assert_ne!(c.trace_hash, a.trace_hash);
    assert!(c.render_text(false).contains("seed 43"));
    // No seed anywhere: the front end picks one; the runner falls back to 0.
    let s = parse_scenario(&json!({"steps": SETUP}).to_string(), "n.json").unwrap();
    assert_eq!(s.seed_or(None, || 777), 777);
    assert_eq!(s.seed_or(Some(5), || 777), 5);
    assert_eq!(run_scenario(&s, &RunOptions::default(), &no_files).seed, 0);
    let r = run_scenario(
        &s,
        &RunOptions {
            seed: Some(s.seed_or(None, || 9)),
            play_solution: false,
        },
        &no_files,
    );
    assert_eq!(r.seed, 9);
    assert!(r.render_text(false).contains("seed 9"));
    assert!(r.render_text(false).contains(&r.trace_hash));
}

#[test]
fn timing_is_instant_unless_the_file_says_otherwise() {
    let instant = run(json!(SETUP));
    assert_eq!(instant.steps.last().unwrap().time_ms, 0);
    let text = json!({"timing": "realistic", "steps": SETUP}).to_string();
    let s = parse_scenario(&text, "r.json").unwrap();
    let r = run_scenario(&s, &RunOptions::default(), &no_files);
    assert!(
        r.steps.last().unwrap().time_ms > 60_000,
        "a FHIR service takes minutes"
    );
    assert!(r.passed);
}

#[test]
fn the_stage_comes_from_the_file() {
    let text = json!({"stage": "private-preview", "steps": [
        SETUP[0], SETUP[1],
        {"run": "az healthcareapis workspace update -n ws1 -g rg1 --monitoring Enabled",
         "expect": {"rule": "private-preview-no-settings"}}
    ]})
    .to_string();
    let s = parse_scenario(&text, "p.json").unwrap();
    assert!(run_scenario(&s, &RunOptions::default(), &no_files).passed);
}

#[test]
fn files_are_read_through_the_loader_with_the_path_as_written() {
    let asked = RefCell::new(Vec::new());
    let loader = |p: &str| -> Result<String, String> {
        asked.borrow_mut().push(p.to_string());
        match p {
            "templates/main.json" => Ok(json!({
                "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                "contentVersion": "1.0.0.0",
                "resources": []
            })
            .to_string()),
            _ => Err(format!("{p}: no such file")),
        }
    };
    let text = json!({"steps": [
        "az group create -n rg1 -l eastus",
        {"run": "az deployment group create -g rg1 --template-file templates/main.json --parameters @params/p.json", "expect": {}},
        {"run": "az deployment group create -g rg1 --template-file templates/main.json", "expect": {}}
    ]})
    .to_string();
    let s = parse_scenario(&text, "dir/s.json").unwrap();
    let r = run_scenario(&s, &RunOptions::default(), &loader);
    // Each path once, as written (the front end resolves it against the file's directory).
    assert_eq!(*asked.borrow(), ["templates/main.json", "params/p.json"]);
    assert!(r.passed);
    // A file that cannot be read is named in the failing step's message.
    let text = json!({"steps": [
        "az group create -n rg1 -l eastus",
        "az deployment group create -g rg1 --template-file missing.json"
    ]})
    .to_string();
    let s = parse_scenario(&text, "s.json").unwrap();
    let r = run_scenario(&s, &RunOptions::default(), &loader);
    assert!(!r.passed);
    assert!(
        r.steps[1].message.contains("missing.json: no such file"),
        "{}",
        r.steps[1].message
    );
}

#[test]
fn the_json_report_has_the_contract_shape() {
    let (r, _) = last(
        json!({"run": DELETE_WS, "expect": {"ok": false, "rule": "workspace-delete-requires-empty"}}),
    );
    let v: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    assert_eq!(v["format"], "hcsim-report/1");
    assert_eq!(v["scenario"], "t");
    assert_eq!(v["seed"], 5);
    assert_eq!(v["passed"], true);
    assert_eq!(v["expectations"], json!({"met": 4, "failed": 0}));
    assert_eq!(v["trace_hash"], r.trace_hash);
    assert_eq!(r.trace_hash.len(), 16);
    assert!(v.get("goal").is_none(), "scenarios have no goal");
    let steps = v["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 4);
    for (i, st) in steps.iter().enumerate() {
        assert_eq!(st["index"], i);
        for key in [
            "input",
            "ok",
            "status",
            "code",
            "rule",
            "expectation",
            "message",
        ] {
            assert!(st.get(key).is_some(), "step {i} lacks {key}");
        }
        assert!(st.get("phase").is_none());
    }
    assert_eq!(steps[3]["ok"], false);
    assert_eq!(steps[3]["status"], 409);
    assert_eq!(steps[3]["code"], "CannotDeleteResource");
    assert_eq!(steps[3]["rule"], "workspace-delete-requires-empty");
    assert_eq!(steps[3]["expectation"], "met");
    assert_eq!(steps[0]["code"], serde_json::Value::Null);
    let none = last(json!({"run": "sim seed", "expect": {}})).0;
    let v: serde_json::Value = serde_json::from_str(&none.to_json()).unwrap();
    assert_eq!(v["steps"][3]["expectation"], "none");
}

#[test]
fn the_text_report_has_a_line_per_step_and_a_summary() {
    let (r, _) = last(json!({"run": DELETE_WS, "expect": {"rule": "rbac"}}));
    let text = r.render_text(false);
    assert!(!text.contains('\x1b'));
    assert!(text.contains("T+00:00:00.000"));
    for s in SETUP {
        assert!(text.contains(s), "{text}");
    }
    assert!(text.contains("expected rule rbac"), "{text}");
    assert!(text.contains("Fix:"), "failures are explained: {text}");
    assert!(text.contains("FAILED: 3 met, 1 failed"), "{text}");
    assert!(
        text.contains("seed 5") && text.contains("reproduce with --seed 5"),
        "{text}"
    );
    let colored = r.render_text(true);
    assert!(colored.contains("\x1b[31m"));
    let ok = run(json!(SETUP)).render_text(false);
    assert!(
        ok.contains("PASSED: 3 met, 0 failed") && ok.contains("seed 5"),
        "{ok}"
    );
}

fn lesson() -> Scenario {
    let text = json!({
        "title": "lesson", "seed": 1,
        "steps": [SETUP[0]],
        "goal": [
            {"exists": ws("ws1"), "provisioningState": "Succeeded"},
            {"count": {"type": "Microsoft.HealthcareApis/workspaces/fhirservices", "equals": 0}}
        ],
        "hints": ["first", "second"],
        "solution": [SETUP[1], {"check": {"exists": ws("ws1")}}]
    })
    .to_string();
    parse_scenario(&text, "lesson.json").unwrap()
}

#[test]
fn lessons_pass_with_their_solution_and_fail_without() {
    let l = lesson();
    let played = run_scenario(
        &l,
        &RunOptions {
            seed: None,
            play_solution: true,
        },
        &no_files,
    );
    assert!(played.passed, "{}", played.render_text(false));
    let g = played.goal.as_ref().unwrap();
    assert!(g.met && g.solution_shown);
    assert_eq!(g.status, LessonStatus::CompletedWithSolutionShown);
    assert_eq!(played.steps.len(), 3);
    assert_eq!(played.steps[1].phase, Phase::Solution);
    assert_eq!(played.steps[1].index, 1);
    let v: serde_json::Value = serde_json::from_str(&played.to_json()).unwrap();
    assert_eq!(v["goal"]["status"], "completed with the solution shown");
    assert_eq!(v["goal"]["checks"].as_array().unwrap().len(), 2);
    assert_eq!(v["steps"][1]["phase"], "solution");
    assert!(
        played
            .render_text(false)
            .contains("completed with the solution shown")
    );
    let setup_only = run_scenario(&l, &RunOptions::default(), &no_files);
    assert!(!setup_only.passed && setup_only.exit_code() == 1);
    assert_eq!(setup_only.expectations.failed, 0);
    let g = setup_only.goal.unwrap();
    assert!(!g.met);
    assert_eq!(g.status, LessonStatus::InProgress);
    assert!(g.checks[0].message.contains("does not exist"));
    assert!(g.checks[1].met);
}

#[test]
fn goals_tolerate_and_list_extra_resources() {
    let l = lesson();
    let mut run = LessonRun::start(l, 3, &no_files);
    assert_eq!(run.setup_report().len(), 1);
    assert!(!run.check().met);
    assert!(run.run(SETUP[1]).ok);
    assert!(
        run.run("az keyvault create --name kvextra --resource-group rg1")
            .ok
    );
    let g = run.check();
    assert!(g.met, "{g:?}");
    assert_eq!(
        g.extras,
        [format!(
            "{SUB}/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/kvextra"
        )],
        "the group and the workspace are named by the goal; the vault is extra"
    );
    assert_eq!(g.status, LessonStatus::Solved);
    assert!(run.is_solved() && !run.solution_shown());
    // The counted type is part of the goal: a FHIR service breaks the count, not an extra.
    assert!(run.run(SETUP[2]).ok);
    let g = run.check();
    assert!(!g.met && !g.extras.iter().any(|e| e.contains("fhirservices")));
}

#[test]
fn a_shown_solution_means_completed_not_solved() {
    let mut run = LessonRun::start(lesson(), 3, &no_files);
    assert_eq!(run.hints(), ["first", "second"]);
    assert_eq!(run.next_hint(), Some("first"));
    assert_eq!(run.next_hint(), Some("second"));
    assert_eq!(run.next_hint(), None);
    assert!(
        !run.solution_shown(),
        "hints do not count against the trainee"
    );
    let lines = run.solution();
    assert_eq!(lines, [SETUP[1]], "check steps are not lines to type");
    assert!(run.solution_shown());
    for line in &lines {
        assert!(run.run(line).ok);
    }
    let g = run.check();
    assert!(g.met && !g.solved());
    assert_eq!(g.status, LessonStatus::CompletedWithSolutionShown);
    assert!(!run.is_solved());
    assert_eq!(run.scenario().title, "lesson");
    assert!(run.lab().world().resource_count() > 0);
    let _lab = run.into_lab();
}

#[test]
fn check_goal_works_on_any_world() {
    let l = lesson();
    let lab = hcsim_lab::Lab::new(hcsim_core::Config::new(1));
    let g = check_goal(&l.goal, lab.world());
    assert!(!g.met && g.extras.is_empty() && !g.solution_shown);
    assert_eq!(g.checks.len(), 2);
    assert!(
        g.checks[0]
            .description
            .starts_with("exists /subscriptions/")
    );
    assert_eq!(
        g.checks[1].description,
        "count Microsoft.HealthcareApis/workspaces/fhirservices = 0"
    );
    assert!(
        !check_goal(&[], lab.world()).met,
        "an empty goal is never met"
    );
}
