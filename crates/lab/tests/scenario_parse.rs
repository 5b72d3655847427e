//! Scenario files: every key parsed, every malformed case refused with its line and column
//! (malformed JSON, top-level keys) or its step index (bad steps).

use hcsim_lab::scenario::*;
use serde_json::json;

const WS: &str = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1";

fn err(text: &str) -> ScenarioError {
    match parse_scenario(text, "file.json") {
        Ok(s) => panic!("accepted: {s:?}"),
        Err(e) => e,
    }
}

/// A file with `steps` and the given extra top-level members.
fn with_steps(steps: serde_json::Value) -> String {
    json!({"format": "hcsim-scenario/1", "title": "t", "steps": steps}).to_string()
}

#[test]
fn every_key_is_parsed() {
    let text = json!({
        "$schema": "https://hcsim.invalid/schema/hcsim-scenario-1.json",
        "format": "hcsim-scenario/1",
        "title": "All keys",
        "description": "d",
        "seed": 42,
        "timing": "realistic",
        "stage": "private-preview",
        "steps": [
            "az group create --name rg1 --location eastus",
            {"run": "az healthcareapis workspace delete --name ws1 --resource-group rg1 --yes",
             "expect": {"ok": false, "status": 409, "error": "CannotDeleteResource",
                        "rule": "workspace-delete-requires-empty", "output_contains": "nested"},
             "note": "n"},
            {"run": "sim seed"},
            {"run": "sim seed", "expect": {}},
            {"check": {"exists": WS, "provisioningState": "Succeeded", "location": "eastus",
                       "property": {"path": "properties.publicNetworkAccess", "equals": "Enabled"}}},
            {"check": {"exists": WS, "property": [{"path": "a", "equals": 1}, {"path": "b", "equals": null}]}},
            {"check": {"absent": WS}, "note": "gone"},
            {"check": {"count": {"type": "Microsoft.HealthcareApis/workspaces", "equals": 1}}}
        ],
        "goal": [
            {"exists": WS},
            {"check": {"count": {"type": "Microsoft.HealthcareApis/workspaces", "equals": 1}}}
        ],
        "hints": ["h1", "h2"],
        "solution": ["az healthcareapis workspace create -n ws1 -g rg1"]
    })
    .to_string();
    let s = parse_scenario(&text, "all.json").unwrap();
    assert_eq!(s.format, FORMAT);
    assert_eq!(s.title, "All keys");
    assert_eq!(s.description.as_deref(), Some("d"));
    assert_eq!(s.seed, Some(42));
    assert_eq!(s.timing, Some(hcsim_core::Timing::Realistic));
    assert_eq!(s.stage, Some(hcsim_core::Stage::PrivatePreview));
    assert_eq!(s.origin, "all.json");
    assert!(s.is_lesson());
    assert_eq!(s.steps.len(), 8);
    assert_eq!(s.hints, ["h1", "h2"]);
    assert_eq!(s.solution.len(), 1);
    assert_eq!(s.goal.len(), 2);
    // A bare string and a run without expect both expect success; `{}` expects nothing.
    assert!(matches!(&s.steps[0], StepSpec::Run { expect, .. } if *expect == Expect::success()));
    assert!(matches!(&s.steps[2], StepSpec::Run { expect, .. } if *expect == Expect::success()));
    assert!(matches!(&s.steps[3], StepSpec::Run { expect, .. } if expect.is_empty()));
    match &s.steps[1] {
        StepSpec::Run { run, expect, note } => {
            assert!(run.starts_with("az healthcareapis workspace delete"));
            assert_eq!(expect.ok, Some(false));
            assert_eq!(expect.status, Some(409));
            assert_eq!(expect.error.as_deref(), Some("CannotDeleteResource"));
            assert_eq!(
                expect.rule.as_deref(),
                Some("workspace-delete-requires-empty")
            );
            assert_eq!(expect.output_contains.as_deref(), Some("nested"));
            assert_eq!(note.as_deref(), Some("n"));
        }
        other => panic!("{other:?}"),
    }
    match &s.steps[4] {
        StepSpec::Check {
            check:
                Check::Exists {
                    id,
                    provisioning_state,
                    location,
                    properties,
                },
            ..
        } => {
            assert_eq!(id, WS);
            assert_eq!(provisioning_state.as_deref(), Some("Succeeded"));
            assert_eq!(location.as_deref(), Some("eastus"));
            assert_eq!(properties.len(), 1);
            assert_eq!(properties[0].path, "properties.publicNetworkAccess");
            assert_eq!(properties[0].equals, json!("Enabled"));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(&s.steps[5], StepSpec::Check { check: Check::Exists { properties, .. }, .. } if properties.len() == 2)
    );
    assert!(matches!(
        &s.steps[6],
        StepSpec::Check {
            check: Check::Absent { .. },
            note: Some(_)
        }
    ));
    assert!(matches!(
        &s.steps[7],
        StepSpec::Check { check: Check::Count { type_name, equals: 1 }, .. } if type_name == "Microsoft.HealthcareApis/workspaces"
    ));
}

#[test]
fn defaults_and_synonyms() {
    // format and title may be omitted; the title is then the file name. `setup` = `steps`.
    let s = parse_scenario(r#"{"steps": ["sim seed"]}"#, "min.json").unwrap();
    assert_eq!((s.format.as_str(), s.title.as_str()), (FORMAT, "min.json"));
    assert_eq!((s.seed, s.timing, s.stage), (None, None, None));
    assert!(!s.is_lesson());
    let l = parse_scenario(
        &json!({"setup": ["sim seed"], "goal": [{"absent": WS}]}).to_string(),
        "l.json",
    )
    .unwrap();
    assert!(l.is_lesson() && l.steps.len() == 1);
    // A lesson may start from nothing.
    assert!(parse_scenario(&json!({"goal": [{"absent": WS}]}).to_string(), "l.json").is_ok());
    // Rule ids are case-insensitive and stored canonically.
    let s = parse_scenario(
        &with_steps(json!([{"run": "x", "expect": {"rule": "RBAC"}}])),
        "f.json",
    )
    .unwrap();
    assert!(
        matches!(&s.steps[0], StepSpec::Run { expect, .. } if expect.rule.as_deref() == Some("rbac"))
    );
}

#[test]
fn malformed_json_names_line_and_column() {
    let e = err("{\n  \"title\": \"x\",\n  \"steps\": [\"a\",]\n}");
    assert_eq!((e.line, e.column), (Some(3), Some(17)), "{e}");
    assert!(e.to_string().starts_with("file.json:3:17: "), "{e}");
    let e = err("{\"steps\": [\"a\"");
    assert!(
        e.line.is_some() && e.message.contains("ends too early"),
        "{e}"
    );
    let e = err("");
    assert!(e.line.is_some(), "{e}");
    let e = err("[1, 2]");
    assert_eq!((e.line, e.column), (Some(1), Some(1)));
    assert!(e.message.contains("JSON object"), "{e}");
    let e = err("{\"steps\": [\"a\"]} trailing");
    assert!(e.line == Some(1) && e.column.is_some(), "{e}");
}

#[test]
fn top_level_mistakes_name_the_key_and_where_it_is() {
    let e = err("{\n  \"steps\": [\"sim seed\"],\n    \"titel\": \"x\"\n}");
    assert_eq!((e.line, e.column), (Some(3), Some(5)), "{e}");
    assert!(
        e.message.contains("'titel'") && e.message.contains("did you mean 'title'"),
        "{e}"
    );
    let cases: &[(serde_json::Value, &str)] = &[
        (
            json!({"format": "hcsim-scenario/2", "steps": ["a"]}),
            "\"format\"",
        ),
        (
            json!({"title": 3, "steps": ["a"]}),
            "\"title\" must be a string",
        ),
        (
            json!({"description": [], "steps": ["a"]}),
            "\"description\"",
        ),
        (json!({"seed": -1, "steps": ["a"]}), "\"seed\""),
        (json!({"seed": 1.5, "steps": ["a"]}), "\"seed\""),
        (json!({"seed": "42", "steps": ["a"]}), "\"seed\""),
        (json!({"timing": "fast", "steps": ["a"]}), "\"timing\""),
        (json!({"stage": "beta", "steps": ["a"]}), "\"stage\""),
        (json!({"steps": "a"}), "\"steps\" must be a list"),
        (json!({"steps": ["a"], "setup": ["b"]}), "not both"),
        (json!({"steps": []}), "no steps"),
        (json!({}), "no steps"),
        (json!({"steps": ["a"], "hints": ["h"]}), "needs a \"goal\""),
        (
            json!({"steps": ["a"], "solution": ["s"]}),
            "needs a \"goal\"",
        ),
        (json!({"steps": ["a"], "goal": []}), "at least one check"),
        (
            json!({"steps": ["a"], "goal": {}}),
            "\"goal\" must be a list",
        ),
    ];
    for (v, needle) in cases {
        let e = err(&v.to_string());
        assert!(e.message.contains(needle), "{v}: {e}");
        assert_eq!(e.step, None, "{v}: {e}");
        assert!(e.to_string().starts_with("file.json"), "{e}");
    }
    // The error points at the key in the text.
    let e = err("{\"steps\": [\"a\"],\n\"timing\": \"fast\"}");
    assert_eq!((e.line, e.column), (Some(2), Some(1)), "{e}");
}

/// Each bad step, placed fifth in a file, is refused with its index and the needle in the message.
fn assert_bad_steps_named(bad: &[(serde_json::Value, &str)]) {
    for (step, needle) in bad {
        let text = with_steps(json!([
            "sim seed", "sim seed", "sim seed", "sim seed", step
        ]));
        let e = err(&text);
        assert_eq!(e.step, Some(4), "{step}: {e}");
        assert_eq!(e.section.as_deref(), Some("steps"));
        assert!(e.message.contains(needle), "{step}: {e}");
        assert!(e.to_string().starts_with("file.json: step 4: "), "{e}");
    }
}

#[test]
fn bad_run_steps_name_their_index() {
    assert_bad_steps_named(&[
        (json!(42), "command line (string) or an object"),
        (json!(null), "command line (string) or an object"),
        (json!(""), "empty"),
        (json!("   "), "empty"),
        (json!({"rn": "sim seed"}), "neither \"run\" nor \"check\""),
        (json!({"run": 5}), "\"run\" must be a command line"),
        (
            json!({"run": "sim seed", "expcet": {}}),
            "did you mean 'expect'",
        ),
        (
            json!({"run": "sim seed", "expect": []}),
            "\"expect\" must be an object",
        ),
        (
            json!({"run": "sim seed", "expect": {"ok": "yes"}}),
            "expect.ok",
        ),
        (
            json!({"run": "sim seed", "expect": {"status": 99}}),
            "expect.status",
        ),
        (
            json!({"run": "sim seed", "expect": {"status": "200"}}),
            "expect.status",
        ),
        (
            json!({"run": "sim seed", "expect": {"error": ""}}),
            "expect.error",
        ),
        (
            json!({"run": "sim seed", "expect": {"output_contains": 3}}),
            "expect.output_contains",
        ),
        (
            json!({"run": "sim seed", "expect": {"rule": "no-such-rule"}}),
            "unknown rule id 'no-such-rule'",
        ),
        (
            json!({"run": "sim seed", "expect": {"rule": "workspace-frist"}}),
            "did you mean 'workspace-first'",
        ),
        (
            json!({"run": "sim seed", "expect": {"rule": 1}}),
            "expect.rule",
        ),
        (
            json!({"run": "sim seed", "expect": {"code": "X"}}),
            "unknown key 'code' in expect",
        ),
        (json!({"run": "sim seed", "note": 1}), "\"note\""),
    ]);
}

#[test]
fn bad_check_steps_name_their_index() {
    assert_bad_steps_named(&[
        (json!({"check": "exists"}), "a check is an object"),
        (json!({"check": {}}), "needs one of"),
        (json!({"check": {"exits": WS}}), "did you mean 'exists'"),
        (json!({"check": {"exists": WS, "absent": WS}}), "one kind"),
        (
            json!({"check": {"exists": "ws1"}}),
            "must start with '/subscriptions/'",
        ),
        (json!({"check": {"exists": 7}}), "resource id"),
        (
            json!({"check": {"exists": "/subscriptions/x/resourceGroups"}}),
            "collection",
        ),
        (
            json!({"check": {"absent": WS, "location": "eastus"}}),
            "goes with \"exists\"",
        ),
        (
            json!({"check": {"exists": WS, "provisioningState": 1}}),
            "provisioningState",
        ),
        (
            json!({"check": {"exists": WS, "property": {"path": "x"}}}),
            "needs \"equals\"",
        ),
        (
            json!({"check": {"exists": WS, "property": {"equals": 1}}}),
            "property.path",
        ),
        (
            json!({"check": {"exists": WS, "property": {"path": "x", "equals": 1, "op": "<"}}}),
            "unknown key 'op'",
        ),
        (
            json!({"check": {"exists": WS, "property": 3}}),
            "\"property\" must be",
        ),
        (
            json!({"check": {"count": {"type": "workspaces", "equals": 1}}}),
            "count.type",
        ),
        (
            json!({"check": {"count": {"type": "A/b", "equals": -1}}}),
            "count.equals",
        ),
        (
            json!({"check": {"count": {"type": "A/b"}}}),
            "needs \"equals\"",
        ),
        (json!({"check": {"count": {"equals": 1}}}), "needs \"type\""),
        (
            json!({"check": {"count": {"type": "A/b", "equals": 1, "where": 1}}}),
            "unknown key 'where'",
        ),
        (json!({"check": {"count": 3}}), "\"count\" must be"),
        (
            json!({"check": {"absent": WS}, "expect": {}}),
            "unknown key 'expect' in a check step",
        ),
    ]);
}

#[test]
fn bad_goal_hint_and_solution_items_name_their_list() {
    let e = err(&json!({"goal": [{"absent": WS}, {"exists": "nope"}]}).to_string());
    assert_eq!((e.step, e.section.as_deref()), (Some(1), Some("goal")));
    assert!(
        e.to_string().starts_with("file.json: goal check 1: "),
        "{e}"
    );
    let e = err(&json!({"goal": [{"check": {"absent": WS}, "extra": 1}]}).to_string());
    assert_eq!(e.step, Some(0), "{e}");
    let e = err(&json!({"goal": [{"absent": WS}], "hints": ["a", 2]}).to_string());
    assert_eq!((e.step, e.section.as_deref()), (Some(1), Some("hints")));
    assert!(e.to_string().contains("hint 1: "), "{e}");
    let e = err(&json!({"goal": [{"absent": WS}], "solution": ["a", {"run": ""}]}).to_string());
    assert_eq!((e.step, e.section.as_deref()), (Some(1), Some("solution")));
    assert!(
        e.to_string().starts_with("file.json: solution step 1: "),
        "{e}"
    );
}

#[test]
fn limits_are_enforced() {
    let big = " ".repeat(MAX_FILE_BYTES + 1);
    let e = err(&big);
    assert!(e.message.contains("4 MB"), "{e}");
    let long = "x".repeat(MAX_LINE_BYTES + 1);
    let e = err(&with_steps(json!([long])));
    assert_eq!(e.step, Some(0));
    assert!(e.message.contains("limit"), "{e}");
    let many: Vec<&str> = vec!["sim seed"; MAX_STEPS + 1];
    let e = err(&with_steps(json!(many)));
    assert!(e.message.contains("10000"), "{e}");
    let ok: Vec<&str> = vec!["sim seed"; MAX_STEPS];
    assert!(parse_scenario(&with_steps(json!(ok)), "f.json").is_ok());
    // Deep nesting is refused by the JSON reader, not a stack overflow.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(parse_scenario(&deep, "deep.json").is_err());
}

#[test]
fn the_schema_is_json_and_knows_every_key_and_rule() {
    let schema: serde_json::Value = serde_json::from_str(SCHEMA).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let props = schema["properties"].as_object().unwrap();
    for key in [
        "format",
        "title",
        "description",
        "seed",
        "timing",
        "stage",
        "steps",
        "setup",
        "goal",
        "hints",
        "solution",
    ] {
        assert!(props.contains_key(key), "{key}");
    }
    let rules: Vec<&str> = schema["$defs"]["rule"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    let all: Vec<&str> = hcsim_core::RuleId::ALL.iter().map(|r| r.id()).collect();
    assert_eq!(rules, all);
    let expect = schema["$defs"]["expect"]["properties"].as_object().unwrap();
    assert_eq!(expect.len(), 5);
}
