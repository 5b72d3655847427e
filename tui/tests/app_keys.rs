//! The app driven by key events, as a trainee would: build, break a rule, inject a fault,
//! undo and redo; every assertion is something visible on the screen or in the world.

mod common;

use common::*;
use crossterm::event::KeyCode;
use hcsim_tui::app::modal::Modal;

const FHIR: &str = "/providers/Microsoft.HealthcareApis/workspaces/ws1/fhirservices/fhir1";

fn build(app: &mut hcsim_tui::app::App) {
    command(app, "az group create -n rg1 -l eastus");
    command(app, "az healthcareapis workspace create -n ws1 -g rg1");
    command(
        app,
        "az healthcareapis workspace fhir-service create -n fhir1 --workspace-name ws1 -g rg1 --kind fhir-R4",
    );
}

#[test]
fn create_group_workspace_and_fhir_through_the_command_line() {
    let mut app = app();
    build(&mut app);
    assert!(app.lab.world().find(&id_in_rg1(FHIR)).is_some());
    let s = screen(&app, 160, 48);
    assert!(
        s.contains("rg1  ✓ Succeeded  resource group · eastus"),
        "{s}"
    );
    assert!(s.contains("ws1  ✓ Succeeded  workspace · eastus"), "{s}");
    assert!(
        s.contains("fhir1  ✓ Succeeded  FHIR service · eastus"),
        "{s}"
    );
    // The new service is selected and its details show its URL.
    assert!(
        s.contains("url https://ws1-fhir1.fhir.azurehealthcareapis.com"),
        "{s}"
    );
}

#[test]
fn deleting_a_non_empty_workspace_explains_the_rule() {
    let mut app = app();
    build(&mut app);
    // Select the workspace: the row above the FHIR service.
    key(&mut app, KeyCode::Up);
    assert_eq!(app.selected_resource().unwrap().name, "ws1");
    keys(&mut app, "d");
    assert!(matches!(app.modal(), Some(Modal::Confirm { .. })));
    let s = screen(&app, 120, 40);
    assert!(s.contains("Delete workspace ws1?"), "{s}");
    keys(&mut app, "y");
    let out = app.last_outcome().unwrap();
    assert!(!out.ok);
    assert_eq!(out.rule.as_deref(), Some("workspace-delete-requires-empty"));
    let s = screen(&app, 120, 40);
    assert!(s.contains("workspace-delete-requires-empty"), "{s}");
    assert!(s.contains("Fix:"), "the fix is shown: {s}");
    key(&mut app, KeyCode::Esc);
    assert!(app.modal().is_none());
    assert!(
        app.lab
            .world()
            .find(&id_in_rg1(
                "/providers/Microsoft.HealthcareApis/workspaces/ws1"
            ))
            .is_some()
    );
}

#[test]
fn a_region_outage_fails_probes_until_it_heals() {
    let mut app = app();
    build(&mut app);
    assert_eq!(app.selected_resource().unwrap().name, "fhir1");
    // Probe from the public internet: 200.
    keys(&mut app, "p");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.last_outcome().unwrap().status, Some(200));
    // Fault menu: the first item is a region outage in the service's region.
    keys(&mut app, "f");
    let s = screen(&app, 120, 40);
    assert!(s.contains("region-outage in region eastus"), "{s}");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.lab.world().faults().count(), 1);
    let s = screen(&app, 160, 48);
    assert!(
        s.contains("⚠ region-outage"),
        "the fault shows without colour: {s}"
    );
    keys(&mut app, "p1");
    let o = app.last_outcome().unwrap();
    assert_eq!(o.status, Some(503), "{}", o.output);
    let s = screen(&app, 160, 48);
    assert!(s.contains("503"), "{s}");
    // `.` jumps to the next scheduled item: the fault healing.
    keys(&mut app, ".");
    assert_eq!(app.lab.world().faults().count(), 0);
    keys(&mut app, "p1");
    assert_eq!(app.last_outcome().unwrap().status, Some(200));
}

#[test]
fn undo_and_redo_with_keys() {
    let mut app = app();
    command(&mut app, "az group create -n rg1 -l eastus");
    command(&mut app, "az group create -n rg2 -l westus");
    let rg2 = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg2";
    assert!(app.lab.world().find(rg2).is_some());
    keys(&mut app, "u");
    assert!(app.lab.world().find(rg2).is_none());
    assert!(!screen(&app, 120, 40).contains("rg2  ✓ Succeeded"));
    ctrl(&mut app, 'r');
    assert!(app.lab.world().find(rg2).is_some());
    assert!(screen(&app, 120, 40).contains("rg2  ✓ Succeeded"));
}

#[test]
fn create_form_runs_the_az_line() {
    let mut app = app();
    // On the subscription: a group form (name rg1, location eastus by default).
    keys(&mut app, "c");
    assert!(matches!(app.modal(), Some(Modal::Form(_))));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.selected_resource().unwrap().name, "rg1");
    // On the group: a workspace.
    keys(&mut app, "c");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.selected_resource().unwrap().name, "ws1");
    // On the workspace: a DICOM service (→ picks the next type).
    keys(&mut app, "c");
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    let r = app.selected_resource().unwrap();
    assert_eq!(
        r.kind,
        hcsim_core::ResKind::Dicom,
        "{:?}",
        app.last_outcome()
    );
    // Equivalents of the last command.
    keys(&mut app, "e");
    keys(&mut app, "2");
    let s = screen(&app, 160, 48);
    assert!(s.contains("azurerm_healthcare_dicom_service"), "{s}");
}

#[test]
fn time_runs_only_when_started_and_completes_operations() {
    let mut app = realistic_app();
    command(&mut app, "az group create -n rg1 -l eastus");
    command(
        &mut app,
        "az healthcareapis workspace create -n ws1 -g rg1 --no-wait",
    );
    let ws = id_in_rg1("/providers/Microsoft.HealthcareApis/workspaces/ws1");
    assert!(app.lab.world().find(&ws).unwrap().state.is_busy());
    app.tick(std::time::Duration::from_secs(600));
    assert!(
        app.lab.world().find(&ws).unwrap().state.is_busy(),
        "paused: time stays"
    );
    keys(&mut app, " ");
    for _ in 0..10 {
        keys(&mut app, "+");
    }
    app.tick(std::time::Duration::from_secs(10));
    assert!(!app.lab.world().find(&ws).unwrap().state.is_busy());
    let s = screen(&app, 120, 40);
    assert!(s.contains("▶ running"), "{s}");
    // The clock's advances are one undoable step, and the next command is a step of its own.
    keys(&mut app, " ");
    command(&mut app, "az group create -n rg2 -l eastus");
    let labels: Vec<String> = app
        .lab
        .session()
        .steps()
        .iter()
        .map(|s| s.label.clone())
        .collect();
    assert!(
        labels.iter().any(|l| l.contains("clock running")),
        "{labels:?}"
    );
    assert!(labels.last().unwrap().contains("rg2"), "{labels:?}");
}

#[test]
fn filter_help_history_completion_and_timeline() {
    let mut app = app();
    command(&mut app, "az group create -n alpha -l eastus");
    command(&mut app, "az group create -n beta -l eastus");
    keys(&mut app, "/bet");
    key(&mut app, KeyCode::Enter);
    let s = screen(&app, 120, 40);
    assert!(
        s.contains("beta") && !s.contains("alpha  ✓ Succeeded"),
        "{s}"
    );
    key(&mut app, KeyCode::Esc);
    assert!(screen(&app, 120, 40).contains("alpha"));
    // History: ↑ brings the last command back.
    keys(&mut app, ":");
    key(&mut app, KeyCode::Up);
    assert!(screen(&app, 120, 40).contains(":az group create -n beta -l eastus"));
    key(&mut app, KeyCode::Esc);
    // Tab completes a command word.
    keys(&mut app, ":az healthcareapis work");
    key(&mut app, KeyCode::Tab);
    assert!(screen(&app, 120, 40).contains(":az healthcareapis workspace"));
    key(&mut app, KeyCode::Esc);
    // Help comes from the key table.
    keys(&mut app, "?");
    let s = screen(&app, 120, 40);
    assert!(
        s.contains("run_pause") && s.contains("jump to the next scheduled completion"),
        "{s}"
    );
    key(&mut app, KeyCode::Esc);
    // Timeline: jump to the start.
    keys(&mut app, "t");
    key(&mut app, KeyCode::Home);
    keys(&mut app, "1");
    assert_eq!(app.lab.session().cursor(), 0);
    assert!(!screen(&app, 120, 40).contains("beta  ✓ Succeeded"));
}

#[test]
fn quitting_asks_when_there_is_unsaved_work() {
    let mut app = app();
    keys(&mut app, "q");
    assert!(app.quit, "nothing to lose: quits at once");
    let mut app = common::app();
    command(&mut app, "az group create -n rg1 -l eastus");
    keys(&mut app, "q");
    assert!(!app.quit);
    assert!(screen(&app, 80, 24).contains("unsaved work"));
    keys(&mut app, "n");
    assert!(!app.quit);
    keys(&mut app, "q");
    keys(&mut app, "y");
    assert!(app.quit);
}

#[test]
fn save_refuses_to_overwrite_other_files_and_marks_saved() {
    let dir = std::env::temp_dir().join(format!("hcsim-tui-keys-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let other = dir.join("notes.txt");
    std::fs::write(&other, "keep me").unwrap();
    let mut app = app();
    command(&mut app, "az group create -n rg1 -l eastus");
    keys(&mut app, "s");
    ctrl(&mut app, 'u');
    keys(&mut app, other.to_str().unwrap());
    key(&mut app, KeyCode::Enter);
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "keep me");
    assert!(screen(&app, 120, 40).contains("not an hcsim session"));
    key(&mut app, KeyCode::Esc);
    let good = dir.join("s.json");
    keys(&mut app, "s");
    ctrl(&mut app, 'u');
    keys(&mut app, good.to_str().unwrap());
    key(&mut app, KeyCode::Enter);
    assert!(!app.unsaved());
    let text = std::fs::read_to_string(&good).unwrap();
    assert!(hcsim_lab::Lab::load(&text).is_ok());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn lessons_show_goal_hints_and_solution() {
    let mut app = app();
    keys(&mut app, "L");
    assert!(
        matches!(app.modal(), Some(Modal::Menu(_))),
        "{:?}",
        app.modal()
    );
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.modal(), Some(Modal::Lesson { .. })));
    let s = screen(&app, 160, 48);
    assert!(s.contains("in progress"), "{s}");
    keys(&mut app, "h");
    keys(&mut app, "s");
    let s = screen(&app, 160, 48);
    assert!(s.contains("Hints (1 of"), "{s}");
    assert!(s.contains("Solution (shown"), "{s}");
    key(&mut app, KeyCode::Esc);
    for line in hcsim_tui::scenarios::builtin("first-workspace")
        .unwrap()
        .solution_lines()
    {
        command(&mut app, &line);
    }
    keys(&mut app, "L");
    keys(&mut app, "c");
    let s = screen(&app, 160, 48);
    assert!(s.contains("completed with the solution shown"), "{s}");
}

#[test]
fn mouse_selects_tree_rows_and_hostile_keys_do_not_panic() {
    use crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mut app = app();
    command(&mut app, "az group create -n rg1 -l eastus");
    let _ = screen(&app, 120, 40);
    // Row 0 of the tree is at y = 2 (status bar, border).
    app.handle_event(Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 3,
        row: 2,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(
        app.selected_resource().unwrap().kind,
        hcsim_core::ResKind::Subscription
    );
    for c in "jjjjkkkkhlhl\u{7f}cdfpwetLsu".chars() {
        keys(&mut app, &c.to_string());
        key(&mut app, KeyCode::Esc);
    }
    for code in [
        KeyCode::PageDown,
        KeyCode::End,
        KeyCode::Home,
        KeyCode::PageUp,
        KeyCode::F(1),
    ] {
        key(&mut app, code);
        let _ = screen(&app, 20, 5);
        key(&mut app, KeyCode::Esc);
    }
    app.handle_event(Event::Resize(10, 3));
    let _ = screen(&app, 10, 3);
    let _ = screen(&app, 1, 1);
}

#[test]
fn what_if_then_deploy_a_real_template_from_the_w_key() {
    let mut app = app();
    // As the binary does: relative paths resolve against the working directory.
    app.set_file_base(std::path::PathBuf::from("."));
    command(&mut app, "az group create -n rg1 -l eastus");
    // The group is selected after its creation; `w` asks for a template file.
    assert_eq!(app.selected_resource().unwrap().name, "rg1");
    keys(&mut app, "w");
    assert!(matches!(app.modal(), Some(Modal::Prompt { .. })));
    for _ in 0.."main.json".len() {
        key(&mut app, KeyCode::Backspace);
    }
    let template = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/reference/arm-templates/iotconnectors.azuredeploy.json"
    );
    // Without its required parameter the template is refused, and the reason is shown.
    keys(&mut app, template);
    key(&mut app, KeyCode::Enter);
    match app.modal() {
        Some(Modal::Message(m)) if m.error => {
            assert!(m.text.contains("basename"), "{}", m.text)
        }
        other => panic!("expected the template error, got {other:?}"),
    }
    key(&mut app, KeyCode::Esc);
    keys(&mut app, "w");
    for _ in 0.."main.json".len() {
        key(&mut app, KeyCode::Backspace);
    }
    keys(&mut app, &format!("{template} basename=iotdemo"));
    key(&mut app, KeyCode::Enter);
    let s = screen(&app, 160, 48);
    assert!(s.contains("what-if"), "{s}");
    let shown = match app.modal() {
        Some(Modal::Message(m)) => m.text.clone(),
        other => panic!("expected the what-if report, got {other:?}"),
    };
    assert!(shown.contains("Resource changes: 9 to create."), "{shown}");
    // Nothing exists before the deploy is confirmed.
    assert!(
        app.lab
            .world()
            .resources_of_type("Microsoft.HealthcareApis/workspaces")
            .is_empty()
    );
    keys(&mut app, "y");
    let out = app.last_outcome().unwrap();
    assert!(out.ok, "{}", out.output);
    let ws = app
        .lab
        .world()
        .resources_of_type("Microsoft.HealthcareApis/workspaces");
    assert_eq!(ws.len(), 1);
    assert_eq!(ws[0].name, "hwiotdemo");
}

#[test]
fn popup_keys_come_from_the_key_map_and_its_overrides() {
    let map = hcsim_tui::keys::KeyMap::with_overrides(
        "[keys]\nyes = [\"o\"]\nmenu_pick = [\"a\", \"b\"]\nhint = [\"?\"]\n",
    )
    .unwrap();
    let mut c = hcsim_core::Config::new(42);
    c.timing = hcsim_core::Timing::Instant;
    let mut app = hcsim_tui::app::App::new(
        hcsim_lab::Lab::new(c),
        map,
        hcsim_tui::theme::Theme::plain(),
    );
    command(&mut app, "az group create -n rg1 -l eastus");
    command(&mut app, "az group create -n rg2 -l eastus");
    let rg2 = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg2";
    keys(&mut app, "d");
    assert!(
        screen(&app, 120, 40).contains("o: delete"),
        "the question names the bound key"
    );
    keys(&mut app, "y");
    assert!(
        matches!(app.modal(), Some(Modal::Confirm { .. })),
        "y is no longer yes"
    );
    assert!(app.lab.world().find(rg2).is_some());
    keys(&mut app, "o");
    assert!(app.lab.world().find(rg2).is_none());
    // The timeline menu: the second key of menu_pick picks the second item (after step 1).
    keys(&mut app, "t");
    keys(&mut app, "b");
    assert_eq!(app.lab.session().cursor(), 1);
    // The help lists the rebound keys of every component.
    keys(&mut app, "?");
    keys(&mut app, &"j".repeat(45));
    let s = screen(&app, 160, 48);
    assert!(
        s.contains("Menus") && s.contains("a b             menu_pick"),
        "{s}"
    );
}

/// The reliability report's lost sessions: the prompt offers the session's own file, typing
/// replaces the suggestion, and another session is only replaced after a yes.
#[test]
fn save_offers_the_own_file_and_asks_before_replacing_another_session() {
    let dir = std::env::temp_dir().join(format!("hcsim-tui-keys-own-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let own = dir.join("own.json");
    let other = dir.join("other.json");
    let mut app = app();
    command(&mut app, "az group create -n rg1 -l eastus");
    hcsim_tui::app::actions::save_session(other.to_str().unwrap(), &app.lab.save()).unwrap();
    let before = std::fs::read_to_string(&other).unwrap();
    app.session_path = Some(own.to_str().unwrap().to_string());
    keys(&mut app, "s");
    assert!(screen(&app, 120, 40).contains("own.json"));
    // Enter on the suggestion saves the session's own file, without a question.
    key(&mut app, KeyCode::Enter);
    assert!(own.exists() && !app.unsaved());
    command(&mut app, "az group create -n rg2 -l eastus");
    keys(&mut app, "s");
    keys(&mut app, other.to_str().unwrap());
    key(&mut app, KeyCode::Enter);
    assert!(screen(&app, 120, 40).contains("another hcsim session"));
    keys(&mut app, "n");
    assert_eq!(std::fs::read_to_string(&other).unwrap(), before);
    keys(&mut app, "s");
    keys(&mut app, other.to_str().unwrap());
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "y");
    assert!(std::fs::read_to_string(&other).unwrap().contains("rg2"));
    assert_eq!(app.session_path.as_deref(), other.to_str());
    let _ = std::fs::remove_dir_all(&dir);
}

/// az's warnings (stderr in a shell, knack `WARNING: …`) show in the output pane and mark the
/// status line, apart from the JSON: here azure-cli `arm.py`'s warning for a name given
/// with `--ids`.
#[test]
fn warnings_show_apart_from_the_output() {
    let mut app = app();
    build(&mut app);
    let ws = id_in_rg1("/providers/Microsoft.HealthcareApis/workspaces/ws1");
    command(
        &mut app,
        &format!("az healthcareapis workspace show --ids {ws} -n other --query name -o tsv"),
    );
    let s = screen(&app, 160, 48);
    assert!(
        s.contains("WARNING: option '--name' will be ignored due to use of '--ids'."),
        "{s}"
    );
    assert!(s.contains("⚠"), "{s}");
}
