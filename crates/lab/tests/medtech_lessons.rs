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

/// The goal check whose description starts with `what`: (met, message).
fn goal_check(r: &Report, what: &str) -> (bool, String) {
    let g = r.goal.as_ref().expect("a lesson reports its goal");
    let c = g
        .checks
        .iter()
        .find(|c| c.description.starts_with(what))
        .unwrap_or_else(|| panic!("no goal check '{what}'"));
    (c.met, c.message.clone())
}

#[test]
fn first_medtech_pipeline_is_not_met_before_and_met_after_its_steps() {
    let before = play("first-medtech-pipeline", false);
    assert_eq!(
        before.expectations.failed,
        0,
        "{}",
        before.render_text(false)
    );
    let (met, msg) = goal_check(&before, "at least 1 Observation");
    assert!(!met);
    assert!(
        msg.contains("does not exist"),
        "no FHIR service before the template: {msg}"
    );
    let after = play("first-medtech-pipeline", true);
    assert!(after.passed, "{}", after.render_text(false));
    assert!(goal_check(&after, "at least 1 Observation").0);
}

#[test]
fn fix_device_mapping_shows_the_failing_expression_then_is_met_after_the_fix() {
    let before = play("fix-device-mapping", false);
    assert_eq!(
        before.expectations.failed,
        0,
        "{}",
        before.render_text(false)
    );
    let debug = before
        .steps
        .iter()
        .find(|s| s.input.starts_with("sim mapping test"))
        .expect("the setup runs the debugger");
    assert!(!debug.ok);
    assert_eq!(
        goal_check(&before, "at least 1 Observation"),
        (false, "0 Observation in the service".into())
    );
    let after = play("fix-device-mapping", true);
    assert!(after.passed, "{}", after.render_text(false));
}

#[test]
fn lookup_needs_the_patient_first_fails_with_device_not_found_until_both_exist() {
    let before = play("lookup-needs-patient", false);
    assert_eq!(
        before.expectations.failed,
        0,
        "{}",
        before.render_text(false)
    );
    assert!(!goal_check(&before, "1 Device").0);
    assert_eq!(
        goal_check(&before, "at least 1 Observation").1,
        "0 Observation in the service"
    );
    let after = play("lookup-needs-patient", true);
    assert!(after.passed, "{}", after.render_text(false));
    assert!(goal_check(&after, "1 Patient").0);
}
