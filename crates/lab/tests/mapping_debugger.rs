//! The MedTech mapping debugger (the portal's, `how-to-use-mapping-debugger.md`): one device
//! message through a MedTech service's stored mappings, shown template by template with the
//! failing expression flagged, and the az lines that save edited mappings.
//!
//! Data: Microsoft's documented device mapping, FHIR destination mapping and heart-rate message
//! (MicrosoftDocs/azure-docs `articles/healthcare-apis/iot/how-to-configure-device-mappings.md`
//! and `how-to-use-fhir-mappings.md`; code samples MIT), copied with their source in
//! `crates/lab/data/medtech/`. The expected normalized message is the docs' own example
//! (`type heartrate`, `deviceId device123`, `hr = 78`, `occurrenceTimeUtc 2021-02-01T22:46:01.875Z`).

use hcsim_core::{Config, Timing};
use hcsim_lab::Lab;
use hcsim_lab::view::CommandLine;
use hcsim_lab::view::mapping_debug::{ExprStatus, MappingDebug, Mappings, parse_message};
use hcsim_lab::view::mapping_deploy::save_changed;
use hcsim_lab::view::mapping_samples::{DEVICE_MAPPING, FHIR_MAPPING, SAMPLES, sample};
use hcsim_lab::view::mapping_text;
use serde_json::{Value, json};

mod support;
use support::ok_output as ok;

const WS: &str = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1";

fn connector_id() -> String {
    format!("{WS}/iotconnectors/iot1")
}

fn compact(text: &str) -> String {
    serde_json::from_str::<Value>(text).unwrap().to_string()
}

/// rg1 / ws1 / fhir1, and iot1 with the documented mappings and a Create destination.
fn lab_with_connector(device_mapping: &str) -> Lab {
    let mut c = Config::new(12);
    c.timing = Timing::Instant;
    let mut lab = Lab::new(c);
    ok(&mut lab, "az group create --name rg1 --location eastus");
    ok(
        &mut lab,
        "az healthcareapis workspace create --name ws1 --resource-group rg1",
    );
    ok(
        &mut lab,
        "az healthcareapis workspace fhir-service create --name fhir1 --workspace-name ws1 --resource-group rg1 --kind fhir-R4",
    );
    let iot = CommandLine::new("az healthcareapis workspace iot-connector create")
        .opt("--name", "iot1")
        .opt("--workspace-name", "ws1")
        .opt("--resource-group", "rg1")
        .opt("--identity-type", "SystemAssigned")
        .opt_list(
            "-c",
            [
                "event-hub-name=devicedata",
                "consumer-group=$Default",
                "fully-qualified-event-hub-namespace=en-demo.servicebus.windows.net",
            ],
        )
        .opt("--content", &compact(device_mapping));
    ok(&mut lab, iot.as_str());
    let dest =
        CommandLine::new("az healthcareapis workspace iot-connector fhir-destination create")
            .opt("--fhir-destination-name", "dest1")
            .opt("--iot-connector-name", "iot1")
            .opt("--workspace-name", "ws1")
            .opt("--resource-group", "rg1")
            .opt("-t", "Create")
            .opt("-r", &format!("{WS}/fhirservices/fhir1"))
            .opt("--content", &compact(FHIR_MAPPING));
    ok(&mut lab, dest.as_str());
    lab
}

fn run(m: &Mappings, message: &str) -> MappingDebug {
    let event = parse_message(message, "2021-02-01T22:47:00Z").unwrap();
    MappingDebug::run(m, &event)
}

#[test]
fn the_documented_heart_rate_message_becomes_one_measurement_and_one_observation() {
    let d = run(
        &Mappings::documented(),
        sample("heartrate").unwrap().message,
    );
    assert!(d.ok, "{}", mapping_text::text(&d));
    assert_eq!(d.templates.len(), 2);
    assert!(d.templates[0].matched && d.templates[0].type_name == "heartrate");
    assert!(
        !d.templates[1].matched,
        "the stepcount template does not match"
    );
    assert_eq!(d.measurements.len(), 1);
    let m = &d.measurements[0];
    assert_eq!(m.type_name, "heartrate");
    assert_eq!(m.device_id, "device123");
    assert!(
        m.occurrence_time_utc.starts_with("2021-02-01T22:46:01.875"),
        "{}",
        m.occurrence_time_utc
    );
    assert_eq!(m.properties, vec![("hr".to_string(), "78".to_string())]);
    assert_eq!(d.groups.len(), 1);
    assert_eq!(d.observations.len(), 1);
    let obs = d.observations[0].resource.as_ref().unwrap();
    assert_eq!(obs["resourceType"], "Observation");
    assert_eq!(obs["code"]["coding"][0]["code"], "8867-4");
    assert!(obs.get("valueSampledData").is_some(), "{obs}");
    assert!(d.failing().is_none());
    assert!(d.summary.starts_with("OK"), "{}", d.summary);
}

#[test]
fn a_message_without_its_device_id_flags_the_device_id_expression() {
    let d = run(
        &Mappings::documented(),
        sample("heartrate-no-device").unwrap().message,
    );
    assert!(!d.ok);
    let (template, expr) = d.failing().expect("a failing expression");
    assert_eq!(template, 0);
    assert_eq!(expr.name, "deviceIdExpression");
    assert_eq!(expr.status, ExprStatus::Failing);
    assert!(d.error.is_some(), "the service's error name is given");
    assert!(
        d.summary.contains("template 0 (heartrate)"),
        "{}",
        d.summary
    );
    assert!(
        d.fix.as_deref().unwrap().contains("deviceIdExpression"),
        "{:?}",
        d.fix
    );
    assert!(d.observations.is_empty());
    let text = mapping_text::text(&d);
    assert!(
        text.contains(
            "✗ deviceIdExpression $.matchedToken.deviceId (JsonPath) → nothing   ← failing"
        ),
        "{text}"
    );
}

#[test]
fn a_message_no_template_matches_is_dropped_and_the_type_match_expressions_are_flagged() {
    let d = run(
        &Mappings::documented(),
        r#"{"bloodPressure": "120/80", "deviceId": "d1"}"#,
    );
    assert!(!d.ok);
    assert!(
        d.summary.starts_with("No template matched"),
        "{}",
        d.summary
    );
    assert!(d.measurements.is_empty());
    for t in &d.templates {
        let tm = t
            .expressions
            .iter()
            .find(|x| x.name == "typeMatchExpression")
            .unwrap();
        assert_eq!(tm.status, ExprStatus::Failing);
    }
}

#[test]
fn create_resolution_without_a_patient_id_is_patient_identity_not_defined() {
    // Source: iot-troubleshoot-error-messages-and-conditions.md: PatientIdentityNotDefinedException
    // "occurs only when IoT connector's resolution type is set to Create".
    let d = run(
        &Mappings::documented(),
        r#"{"heartRate": "78", "endDate": "2021-02-01T22:46:01Z", "deviceId": "device123"}"#,
    );
    assert!(!d.ok);
    assert_eq!(
        d.error.as_deref(),
        Some("PatientIdentityNotDefinedException")
    );
    let mut lookup = Mappings::documented();
    lookup.resolution = "Lookup".into();
    let d = run(
        &lookup,
        r#"{"heartRate": "78", "endDate": "2021-02-01T22:46:01Z", "deviceId": "device123"}"#,
    );
    assert_ne!(
        d.error.as_deref(),
        Some("PatientIdentityNotDefinedException")
    );
}

#[test]
fn an_invalid_mapping_is_named_before_any_message_is_read() {
    let mut m = Mappings::documented();
    m.device = json!({"templateType": "CollectionContent", "template": [{"templateType": "CalculatedContent", "template": {"typeName": "heartrate"}}]});
    let d = run(&m, sample("heartrate").unwrap().message);
    assert!(!d.ok);
    assert_eq!(d.mapping_errors.len(), 1, "{:?}", d.mapping_errors);
    assert!(
        d.summary.starts_with("The device mapping is invalid"),
        "{}",
        d.summary
    );
}

#[test]
fn messages_that_are_not_json_or_too_large_are_refused_with_a_reason() {
    let e = parse_message("heartRate=78", "2021-02-01T22:47:00Z").unwrap_err();
    assert!(e.contains("not JSON"), "{e}");
    let big = format!("{{\"x\": \"{}\"}}", "a".repeat(2 * 1024 * 1024));
    let e = parse_message(&big, "2021-02-01T22:47:00Z").unwrap_err();
    assert!(e.contains("at most"), "{e}");
    // The docs' whole-event shape: Body, Properties, SystemProperties.
    let ev = parse_message(
        r#"{"Body": {"heartRate": "78"}, "Properties": {"k": "v"}}"#,
        "2021-02-01T22:47:00Z",
    )
    .unwrap();
    assert_eq!(ev.body, json!({"heartRate": "78"}));
    assert_eq!(ev.properties, json!({"k": "v"}));
}

#[test]
fn sim_mapping_test_reads_the_connectors_stored_mappings() {
    let mut lab = lab_with_connector(DEVICE_MAPPING);
    let out = ok(
        &mut lab,
        &format!("sim mapping test {} --sample heartrate", connector_id()),
    );
    assert!(out.contains("[0] heartrate: matched"), "{out}");
    assert!(out.contains("Result: ✓ OK"), "{out}");
    let o = lab.run(&format!(
        "sim mapping test {} --sample heartrate-no-device",
        connector_id()
    ));
    assert!(!o.ok);
    assert!(o.output.contains("← failing"), "{}", o.output);
    assert!(
        o.error.as_deref().unwrap().starts_with("✗"),
        "{:?}",
        o.error
    );
    // Its FHIR destination's id works too; a FHIR service's does not.
    ok(
        &mut lab,
        &format!("sim mapping test {}/fhirdestinations/dest1", connector_id()),
    );
    let o = lab.run(&format!("sim mapping test {WS}/fhirservices/fhir1"));
    assert!(
        !o.ok && o.output.contains("not a MedTech service"),
        "{}",
        o.output
    );
    // The debugger changes nothing: no history step.
    let steps = lab.session().steps().len();
    lab.run(&format!("sim mapping test {}", connector_id()));
    assert_eq!(lab.session().steps().len(), steps);
}

#[test]
fn sim_mapping_test_takes_a_pasted_message_and_refuses_two_sources() {
    let mut lab = lab_with_connector(DEVICE_MAPPING);
    let line = CommandLine::new("sim mapping test")
        .arg(&connector_id())
        .opt("--message", r#"{"steps": "12", "endDate": "2021-02-01T22:46:01Z", "deviceId": "watch7", "patientId": "p1"}"#);
    let out = ok(&mut lab, line.as_str());
    assert!(out.contains("[1] stepcount: matched"), "{out}");
    assert!(out.contains("device watch7"), "{out}");
    let o = lab.run(&format!(
        "sim mapping test {} --sample heartrate --message '{{}}'",
        connector_id()
    ));
    assert!(!o.ok, "{}", o.output);
}

#[test]
fn saving_an_edited_device_mapping_is_one_az_line_that_round_trips() {
    // A broken mapping on the connector: the heart-rate template looks for `hr`.
    let broken = DEVICE_MAPPING.replace("$.matchedToken.heartRate", "$.matchedToken.hr");
    let mut lab = lab_with_connector(&broken);
    let stored = Mappings::of_connector(lab.world(), &connector_id()).unwrap();
    let d = run(&stored, SAMPLES[0].message);
    assert!(!d.ok);
    assert_eq!(d.failing().unwrap().1.name, "values[0].valueExpression");
    // Edit it back and save: only the device mapping changed, so only the connector is saved.
    let fixed: Value = serde_json::from_str(DEVICE_MAPPING).unwrap();
    let line = save_changed(
        lab.world().current_subscription(),
        &stored,
        &fixed,
        &stored.fhir,
    )
    .unwrap();
    assert!(line.starts_with("az healthcareapis workspace iot-connector create --name iot1 --workspace-name ws1 --resource-group rg1"), "{line}");
    assert!(line.contains("--identity-type SystemAssigned"), "{line}");
    assert!(line.contains("'consumer-group=$Default'"), "{line}");
    assert!(!line.contains("fhir-destination"), "{line}");
    ok(&mut lab, &line);
    let saved = Mappings::of_connector(lab.world(), &connector_id()).unwrap();
    assert_eq!(saved.device, fixed);
    assert_eq!(
        saved.ingestion, stored.ingestion,
        "the ingestion settings are kept"
    );
    assert!(run(&saved, SAMPLES[0].message).ok);
    assert!(
        save_changed(
            lab.world().current_subscription(),
            &saved,
            &saved.device,
            &saved.fhir
        )
        .is_none()
    );
}

#[test]
fn saving_an_edited_fhir_mapping_recreates_the_destination() {
    let mut lab = lab_with_connector(DEVICE_MAPPING);
    let stored = Mappings::of_connector(lab.world(), &connector_id()).unwrap();
    let fhir: Value = serde_json::from_str(&FHIR_MAPPING.replace("60,", "3600,")).unwrap();
    let line = save_changed(
        lab.world().current_subscription(),
        &stored,
        &stored.device,
        &fhir,
    )
    .unwrap();
    assert!(line.starts_with("az healthcareapis workspace iot-connector fhir-destination create --fhir-destination-name dest1"), "{line}");
    ok(&mut lab, &line);
    assert_eq!(
        Mappings::of_connector(lab.world(), &connector_id())
            .unwrap()
            .fhir,
        fhir
    );
}

#[test]
fn sim_mapping_test_has_help_and_an_example_that_parses() {
    let mut lab = lab_with_connector(DEVICE_MAPPING);
    let help = ok(&mut lab, "sim mapping test --help");
    assert!(help.contains("--message"), "{help}");
    assert!(help.contains("--sample"), "{help}");
}

#[test]
fn a_service_without_a_fhir_destination_is_told_to_create_one() {
    let mut c = Config::new(3);
    c.timing = Timing::Instant;
    let mut lab = Lab::new(c);
    ok(&mut lab, "az group create --name rg1 --location eastus");
    ok(
        &mut lab,
        "az healthcareapis workspace create --name ws1 --resource-group rg1",
    );
    let iot = CommandLine::new("az healthcareapis workspace iot-connector create")
        .opt("--name", "iot1")
        .opt("--workspace-name", "ws1")
        .opt("--resource-group", "rg1")
        .opt("--content", &compact(DEVICE_MAPPING));
    ok(&mut lab, iot.as_str());
    let o = lab.run(&format!("sim mapping test {}", connector_id()));
    assert!(!o.ok);
    assert!(
        o.output.contains("Normalized measurements (1)"),
        "{}",
        o.output
    );
    assert!(o.output.contains("no FHIR destination yet"), "{}", o.output);
}

#[test]
fn the_docs_message_normalizes_to_the_docs_normalized_message() {
    // how-to-configure-device-mappings.md: the example device message and "An example of a
    // normalized message using the example device message".
    let docs_message = r#"{"Body": {"heartRate": "78", "endDate": "2021-02-01T22:46:01.8750000Z", "deviceId": "device123"},
        "Properties": {"iothub-creation-time-utc": "2022-02-01T22:46:01.8750000Z"},
        "SystemProperties": {"iothub-connection-device-id": "device123"}}"#;
    let mut lookup = Mappings::documented();
    lookup.resolution = "Lookup".into();
    let d = run(&lookup, docs_message);
    let docs_normalized = json!([{
        "type": "heartrate",
        "occurrenceTimeUtc": "2021-02-01T22:46:01.875Z",
        "deviceId": "device123",
        "properties": [{"name": "hr", "value": "78"}]
    }]);
    assert_eq!(Value::Array(d.normalized.clone()), docs_normalized);
}

#[test]
fn sim_mapping_test_takes_the_connectors_names_too() {
    let mut lab = lab_with_connector(DEVICE_MAPPING);
    let out = ok(
        &mut lab,
        "sim mapping test -g rg1 --workspace-name ws1 -n iot1 --sample stepcount",
    );
    assert!(out.contains("[1] stepcount: matched"), "{out}");
    let o = lab.run("sim mapping test");
    assert!(!o.ok && o.output.contains("CONNECTOR_ID"), "{}", o.output);
    let o = lab.run("sim mapping test -g rg1 --workspace-name ws1 -n nosuch");
    assert!(!o.ok && o.output.contains("not found"), "{}", o.output);
}
