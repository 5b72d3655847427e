//! The MedTech lessons and the `fhir` check their goals use: each lesson's goal fails after its
//! setup and holds after its solution, and says why in the trainee's words.

use hcsim_lab::scenario::*;

fn no_files(p: &str) -> Result<String, String> {
    Err(format!("no file '{p}' in the built-in library"))
}

const FS: &str = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1/fhirservices/fhir1";

fn lesson_with_goal(goal: &str) -> String {
    format!(
        r#"{{"format": "hcsim-scenario/1", "title": "t", "timing": "instant",
            "steps": ["az group create -n rg1 -l eastus",
                      "az healthcareapis workspace create -n ws1 -g rg1",
                      "az healthcareapis workspace fhir-service create -n fhir1 --workspace-name ws1 -g rg1 --kind fhir-R4"],
            "goal": [{goal}], "hints": ["h"], "solution": ["sim advance 1m"]}}"#
    )
}

#[test]
fn a_fhir_check_counts_the_services_resources_and_says_how_many() {
    let text = lesson_with_goal(&format!(
        r#"{{"fhir": {{"service": "{FS}", "type": "Observation", "atLeast": 1}}}}"#
    ));
    let s = parse_scenario(&text, "l.json").unwrap();
    let r = run_scenario(&s, &RunOptions::default(), &no_files);
    let g = r.goal.unwrap();
    assert!(!g.met);
    assert_eq!(g.checks[0].message, "0 Observation in the service");
    assert!(
        g.checks[0]
            .description
            .starts_with("at least 1 Observation in the FHIR service"),
        "{}",
        g.checks[0].description
    );
    let text = lesson_with_goal(&format!(
        r#"{{"fhir": {{"service": "{FS}", "type": "Observation", "equals": 0}}}}"#
    ));
    let s = parse_scenario(&text, "l.json").unwrap();
    let r = run_scenario(
        &s,
        &RunOptions {
            seed: None,
            play_solution: true,
        },
        &no_files,
    );
    assert!(r.goal.unwrap().met);
}

#[test]
fn a_fhir_check_on_a_missing_service_is_not_met_and_says_so() {
    let text = lesson_with_goal(&format!(
        r#"{{"fhir": {{"service": "{FS}2", "type": "Observation", "atLeast": 1}}}}"#
    ));
    let s = parse_scenario(&text, "l.json").unwrap();
    let r = run_scenario(&s, &RunOptions::default(), &no_files);
    assert!(r.goal.unwrap().checks[0].message.contains("does not exist"));
}

#[test]
fn malformed_fhir_checks_are_refused_with_the_reason() {
    for (goal, says) in [
        (
            format!(r#"{{"fhir": {{"service": "{FS}", "type": "Observation"}}}}"#),
            "atLeast",
        ),
        (
            format!(
                r#"{{"fhir": {{"service": "{FS}", "type": "Observation", "atLeast": 1, "equals": 1}}}}"#
            ),
            "one of",
        ),
        (
            format!(r#"{{"fhir": {{"service": "{FS}", "type": "Obs/ervation", "atLeast": 1}}}}"#),
            "FHIR resource type",
        ),
        (
            format!(r#"{{"fhir": {{"service": "{FS}", "type": "Observation", "atleast": 1}}}}"#),
            "unknown key 'atleast'",
        ),
        (
            format!(
                r#"{{"fhir": {{"service": "{FS}", "type": "Observation", "atLeast": 1}}, "absent": "{FS}"}}"#
            ),
            "one kind",
        ),
        (String::from(r#"{"fhir": 3}"#), "\"fhir\" must be"),
    ] {
        let e = parse_scenario(&lesson_with_goal(&goal), "l.json")
            .unwrap_err()
            .to_string();
        assert!(e.contains(says), "{goal}: {e}");
    }
}

#[allow(dead_code)]
fn play(name: &str, solution: bool) -> Report {
    let b = builtin(name).unwrap_or_else(|| panic!("no built-in {name}"));
    let s = parse_scenario(b.text, b.name).unwrap();
    run_scenario(
        &s,
        &RunOptions {
            seed: None,
            play_solution: solution,
        },
        &no_files,
    )
}
