//! Whole-screen snapshots of the main screens at 80×24 and 160×48 (ratatui TestBackend +
//! insta). A changed layout shows up as a readable diff of the screen.

mod common;

use common::*;
use crossterm::event::KeyCode;

fn built() -> hcsim_tui::app::App {
    let mut app = app();
    command(&mut app, "az group create -n rg1 -l eastus");
    command(&mut app, "az healthcareapis workspace create -n ws1 -g rg1");
    command(
        &mut app,
        "az healthcareapis workspace fhir-service create -n fhir1 --workspace-name ws1 -g rg1 --kind fhir-R4",
    );
    app
}

#[test]
fn empty_session() {
    let app = app();
    insta::assert_snapshot!("empty_80x24", screen(&app, 80, 24));
    insta::assert_snapshot!("empty_160x48", screen(&app, 160, 48));
}

#[test]
fn workspace_with_a_fhir_service() {
    let app = built();
    insta::assert_snapshot!("built_80x24", screen(&app, 80, 24));
    insta::assert_snapshot!("built_160x48", screen(&app, 160, 48));
}

#[test]
fn rule_explained_in_a_popup() {
    let mut app = built();
    command(
        &mut app,
        "az healthcareapis workspace delete -n ws1 -g rg1 --yes",
    );
    insta::assert_snapshot!("rule_popup_80x24", screen(&app, 80, 24));
    insta::assert_snapshot!("rule_popup_160x48", screen(&app, 160, 48));
}

#[test]
fn region_outage_in_the_tree_and_status_bar() {
    let mut app = built();
    command(
        &mut app,
        "sim fault add region-outage --region eastus --for 10m",
    );
    keys(&mut app, "p1");
    insta::assert_snapshot!("outage_160x48", screen(&app, 160, 48));
}

#[test]
fn help_screen() {
    let mut app = app();
    keys(&mut app, "?");
    insta::assert_snapshot!("help_80x24", screen(&app, 80, 24));
    insta::assert_snapshot!("help_160x48", screen(&app, 160, 48));
    key(&mut app, KeyCode::Esc);
}

#[test]
fn create_form() {
    let mut app = built();
    key(&mut app, KeyCode::Up);
    keys(&mut app, "c");
    insta::assert_snapshot!("form_80x24", screen(&app, 80, 24));
}
