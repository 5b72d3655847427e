//! Hostile input: arbitrary text and arbitrary JSON never make the parser or the runner
//! panic (bounded so the suite stays fast).

use hcsim_lab::scenario::*;
use proptest::prelude::*;
use serde_json::{Value, json};

fn no_files(p: &str) -> Result<String, String> {
    Err(format!("no file {p}"))
}

/// Arbitrary JSON values, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "[a-z$_]{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("workspace-first"),
            Just("exists"),
            Just("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1"),
            Just("az group create -n rg1 -l eastus"),
            Just("sim advance 1h"),
            Just("Microsoft.HealthcareApis/workspaces"),
        ]
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        let keys = prop_oneof![
            Just("run".to_string()),
            Just("expect".to_string()),
            Just("check".to_string()),
            Just("ok".to_string()),
            Just("status".to_string()),
            Just("rule".to_string()),
            Just("exists".to_string()),
            Just("absent".to_string()),
            Just("count".to_string()),
            Just("type".to_string()),
            Just("equals".to_string()),
            Just("property".to_string()),
            Just("path".to_string()),
            "[a-z]{1,8}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(keys, inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Scenario-shaped JSON: the top-level keys with arbitrary values.
fn scenario_json() -> impl Strategy<Value = Value> {
    let top = prop_oneof![
        Just("steps"),
        Just("goal"),
        Just("hints"),
        Just("solution"),
        Just("seed"),
        Just("timing"),
        Just("stage"),
        Just("title"),
        Just("format"),
    ];
    prop::collection::btree_map(top, any_json(), 0..6)
        .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
        if let Err(e) = parse_scenario(&text, "fuzz.json") {
            prop_assert!(e.to_string().starts_with("fuzz.json"));
        }
    }

    #[test]
    fn arbitrary_json_never_panics(v in prop_oneof![any_json(), scenario_json()]) {
        let text = v.to_string();
        match parse_scenario(&text, "fuzz.json") {
            Ok(s) => {
                // Bounded: fuzzed files are small, and the runner itself never panics.
                let r = run_scenario(&s, &RunOptions { seed: Some(1), play_solution: true }, &no_files);
                prop_assert_eq!(r.steps.len(), s.steps.len() + if s.is_lesson() { s.solution.len() } else { 0 });
                prop_assert_eq!(r.exit_code(), if r.passed { 0 } else { 1 });
                let _ = r.render_text(true);
                prop_assert!(serde_json::from_str::<Value>(&r.to_json()).is_ok());
            }
            Err(e) => prop_assert!(!e.message.is_empty()),
        }
    }

    #[test]
    fn arbitrary_command_lines_run_safely(lines in prop::collection::vec("(az|sim)[ a-z0-9@=;'\"/-]{0,60}", 1..8)) {
        let text = json!({"steps": lines.iter().map(|l| json!({"run": l, "expect": {}})).collect::<Vec<_>>()}).to_string();
        if let Ok(s) = parse_scenario(&text, "lines.json") {
            let r = run_scenario(&s, &RunOptions::default(), &no_files);
            prop_assert!(r.passed, "empty expectations cannot fail");
        }
    }
}
