//! MedTech in the terminal, driven by keys: the mapping debugger opened with `m` on a MedTech
//! service, a broken message's failing expression marked on screen, an edited device mapping
//! saved with `d` (the az line runs and shows in the console).
//!
//! Data: Microsoft's documented heart-rate device mapping and message (MicrosoftDocs/azure-docs
//! `how-to-configure-device-mappings.md`, MIT code samples), embedded by the lab.

mod common;

use common::*;
use crossterm::event::{Event, KeyCode};
use hcsim_lab::view::CommandLine;
use hcsim_lab::view::mapping_debug::Mappings;
use hcsim_lab::view::mapping_samples::{DEVICE_MAPPING, FHIR_MAPPING};
use hcsim_tui::app::App;
use hcsim_tui::app::modal::Modal;
use serde_json::Value;

const WS: &str = "/providers/Microsoft.HealthcareApis/workspaces/ws1";

fn compact(text: &str) -> String {
    serde_json::from_str::<Value>(text).unwrap().to_string()
}

fn run(app: &mut App, line: &str) {
    let out = app.run_line(line);
    assert!(out.ok, "{line}\n{}", out.output);
}

/// rg1 / ws1 / fhir1 and the MedTech service iot1 with `device_mapping`; iot1 selected.
fn medtech(app: &mut App, device_mapping: &str) {
    run(app, "az group create -n rg1 -l eastus");
    run(app, "az healthcareapis workspace create -n ws1 -g rg1");
    run(
        app,
        "az healthcareapis workspace fhir-service create -n fhir1 --workspace-name ws1 -g rg1 --kind fhir-R4",
    );
    let iot = CommandLine::new("az healthcareapis workspace iot-connector create")
        .opt("-n", "iot1")
        .opt("--workspace-name", "ws1")
        .opt("-g", "rg1")
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
    run(app, iot.as_str());
    let dest =
        CommandLine::new("az healthcareapis workspace iot-connector fhir-destination create")
            .opt("--fhir-destination-name", "dest1")
            .opt("--iot-connector-name", "iot1")
            .opt("--workspace-name", "ws1")
            .opt("-g", "rg1")
            .opt("-t", "Create")
            .opt("-r", &id_in_rg1(&format!("{WS}/fhirservices/fhir1")))
            .opt("--content", &compact(FHIR_MAPPING));
    run(app, dest.as_str());
    // The new destination is selected; the connector is the row above it.
    key(app, KeyCode::Up);
    assert_eq!(app.selected_resource().unwrap().name, "iot1");
}

#[test]
fn m_opens_the_debugger_on_the_selected_medtech_service_and_marks_the_failing_expression() {
    let mut app = app();
    medtech(&mut app, DEVICE_MAPPING);
    keys(&mut app, "m");
    assert!(matches!(app.modal(), Some(Modal::Mapping(_))));
    let s = screen(&app, 200, 60);
    assert!(s.contains("Mapping debugger: iot1"), "{s}");
    assert!(s.contains("[0] heartrate: matched"), "{s}");
    assert!(s.contains("hr=78"), "{s}");
    // n: the step-count sample, then the heart rate without its device id.
    keys(&mut app, "nn");
    let s = screen(&app, 200, 60);
    assert!(s.contains("Heart rate without a device id"), "{s}");
    assert!(
        s.contains("✗ deviceIdExpression $.matchedToken.deviceId (JsonPath) → nothing   ← failing"),
        "{s}"
    );
    assert!(s.contains("Result: ✗"), "{s}");
    key(&mut app, KeyCode::Esc);
    assert!(app.modal().is_none());
}

#[test]
fn m_elsewhere_says_what_to_select() {
    let mut app = app();
    run(&mut app, "az group create -n rg1 -l eastus");
    keys(&mut app, "m");
    assert!(app.modal().is_none());
    let s = screen(&app, 160, 40);
    assert!(s.contains("not a MedTech service"), "{s}");
}

#[test]
fn an_edited_device_mapping_is_saved_with_d_through_the_console() {
    let broken = DEVICE_MAPPING.replace("$.matchedToken.heartRate", "$.matchedToken.hr");
    let mut app = app();
    medtech(&mut app, &broken);
    keys(&mut app, "m");
    let s = screen(&app, 200, 60);
    assert!(
        s.contains("values[0].valueExpression $.matchedToken.hr (JsonPath) → nothing   ← failing"),
        "{s}"
    );
    // d with nothing edited: nothing to save, the panel stays.
    keys(&mut app, "d");
    assert!(matches!(app.modal(), Some(Modal::Mapping(_))));
    // tab, tab: the device mapping; clear it, paste the documented one, enter re-runs.
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    ctrl(&mut app, 'u');
    app.handle_event(Event::Paste(DEVICE_MAPPING.to_string()));
    key(&mut app, KeyCode::Enter);
    let s = screen(&app, 200, 60);
    assert!(
        s.contains("✓ values[0].valueExpression $.matchedToken.heartRate (JsonPath) → 78"),
        "{s}"
    );
    keys(&mut app, "d");
    assert!(app.modal().is_none(), "saving closes the panel");
    let out = app.last_outcome().unwrap();
    assert!(out.ok, "{}", out.output);
    assert!(
        out.input
            .starts_with("az healthcareapis workspace iot-connector create --name iot1"),
        "{}",
        out.input
    );
    let id = id_in_rg1(&format!("{WS}/iotconnectors/iot1"));
    let saved = Mappings::of_connector(app.lab.world(), &id).unwrap();
    assert_eq!(
        saved.device,
        serde_json::from_str::<Value>(DEVICE_MAPPING).unwrap()
    );
}

/// Moves the selection to the first row named `name` (Home, then Down).
fn select_named(app: &mut App, name: &str) {
    key(app, KeyCode::Home);
    for _ in 0..app.rows().len() {
        if app.selected_resource().is_some_and(|r| r.name == name) {
            return;
        }
        key(app, KeyCode::Down);
    }
    panic!("no row named {name}");
}

/// The whole flow from the keyboard: the iotconnectors quickstart deployed from the command
/// line, heart rates for a virtual hour, the Observations in the FHIR service's details and
/// read back with az rest by a FHIR Data Reader, 403 without a data role, and the debugger on
/// the deployed service marking a broken message's failing expression.
#[test]
fn the_medtech_quickstart_end_to_end_from_the_keyboard() {
    let mut app = app();
    let fhir_url = "https://hwdemo-fs-demo.fhir.azurehealthcareapis.com";
    let ws = id_in_rg1("/providers/Microsoft.HealthcareApis/workspaces/hwdemo");
    command(&mut app, "az group create -n rg1 -l eastus");
    let deploy = CommandLine::new("az deployment group create")
        .opt("-g", "rg1")
        .opt("--template-uri", "https://raw.githubusercontent.com/Azure/azure-quickstart-templates/master/quickstarts/microsoft.healthcareapis/workspaces/iotconnectors/azuredeploy.json")
        .opt_list(
            "--parameters",
            [
                "basename=demo",
                &format!("deviceMapping={}", compact(DEVICE_MAPPING)),
                &format!("destinationMapping={}", compact(FHIR_MAPPING)),
            ],
        );
    command(&mut app, deploy.as_str());
    assert!(
        app.last_outcome().unwrap().ok,
        "{}",
        app.last_outcome().unwrap().output
    );
    let msg = r#"{"heartRate": "78", "endDate": "2021-02-01T22:46:01.875Z", "deviceId": "device123", "patientId": "patient123"}"#;
    let send = CommandLine::new("sim device send")
        .arg(&format!("{ws}/iotconnectors/hi-demo"))
        .opt("--message", msg)
        .opt("--count", "60")
        .opt("--every", "1m");
    command(&mut app, send.as_str());
    command(&mut app, "sim advance 1h");
    // The FHIR service's details count what MedTech wrote; the connector's show its metrics.
    select_named(&mut app, "fs-demo");
    let s = screen(&app, 200, 60);
    assert!(
        s.contains("FHIR data: 1 Device, 1 Observation, 1 Patient"),
        "{s}"
    );
    select_named(&mut app, "hi-demo");
    let s = screen(&app, 200, 60);
    assert!(
        s.contains("Device messages: 60 received, 60 normalized"),
        "{s}"
    );
    // A FHIR Data Reader reads the Observations back; Bob, with no data role, gets 403.
    command(
        &mut app,
        &format!(
            "az role assignment create --assignee alice@contoso.com --role \"FHIR Data Reader\" --scope {ws}/fhirservices/fs-demo"
        ),
    );
    command(&mut app, "sim as alice@contoso.com");
    command(
        &mut app,
        &format!("az rest --method get --url {fhir_url}/Observation --resource {fhir_url}"),
    );
    let out = app.last_outcome().unwrap();
    assert!(out.ok && out.output.contains("8867-4"), "{}", out.output);
    command(&mut app, "sim as bob@contoso.com");
    command(
        &mut app,
        &format!("az rest --method get --url {fhir_url}/Observation --resource {fhir_url}"),
    );
    let out = app.last_outcome().unwrap();
    assert!(
        !out.ok && out.output.starts_with("ERROR: Forbidden("),
        "{}",
        out.output
    );
    assert_eq!(out.status, Some(403));
    // The error is shown in a popup; Esc closes it before the next command.
    assert!(app.modal().is_some());
    key(&mut app, KeyCode::Esc);
    command(&mut app, "sim as me");
    assert_eq!(app.lab.world().acting(), "trainee@contoso.com");
    // The debugger on the deployed service: the broken sample's failing expression.
    select_named(&mut app, "hi-demo");
    keys(&mut app, "mnn");
    let s = screen(&app, 200, 60);
    assert!(s.contains("✗ deviceIdExpression"), "{s}");
    assert!(s.contains("← failing"), "{s}");
}
