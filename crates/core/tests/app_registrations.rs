//! App registrations in the directory (`world/apps.rs`, `directory/apps.rs`): ids and secrets
//! are deterministic, a name used again gets new ids, deleting an app deletes its service
//! principal, a service principal cannot register apps, and a secret signs in only until its
//! end date (rule app-credential). Errors as Microsoft Graph / Entra ID answer (azure-cli
//! role module, commit 01ce0346; see crates/lab/tests/entra_commands.rs for the az side).

mod common;
use common::*;
use hcsim_core::directory::AppChanges;
use hcsim_core::time::Millis;
use hcsim_core::*;

fn create(w: &mut World, name: &str) -> String {
    let out = w.apply(&Input::CreateApplication {
        display_name: name.into(),
        changes: AppChanges::default(),
    });
    assert!(out.is_ok(), "{out:?}");
    w.directory().apps().last().unwrap().app_id.clone()
}

fn add_secret(w: &mut World, app: &str, years: Option<u32>) -> String {
    let out = w.apply(&Input::AddApplicationPassword {
        app: app.into(),
        display_name: None,
        years,
        end_date: None,
        append: true,
        service_principal: false,
    });
    assert!(out.is_ok(), "{out:?}");
    let d = w.directory();
    d.app(app).unwrap().passwords.last().unwrap().secret.clone()
}

#[test]
fn ids_and_secrets_are_deterministic_and_a_reused_name_gets_new_ids() {
    let run = || {
        let mut w = instant_world();
        let a = create(&mut w, "client");
        let s = add_secret(&mut w, &a, None);
        (a, s, w.trace_hash())
    };
    assert_eq!(run(), run());
    let mut w = instant_world();
    let first = create(&mut w, "client");
    assert!(
        w.apply(&Input::DeleteApplication { app: first.clone() })
            .is_ok()
    );
    let second = create(&mut w, "client");
    assert_ne!(first, second);
    let a = w.directory().app(&second).unwrap();
    assert_ne!(a.app_id, a.object_id);
    assert_eq!(a.sign_in_audience, "AzureADandPersonalMicrosoftAccount");
}

#[test]
fn deleting_an_app_deletes_its_service_principal() {
    let mut w = instant_world();
    let app = create(&mut w, "client");
    assert!(
        w.apply(&Input::CreateServicePrincipal { app: app.clone() })
            .is_ok()
    );
    let sp = w.directory().find(&app).unwrap().clone();
    assert_eq!(sp.app_id.as_deref(), Some(app.as_str()));
    assert_eq!(sp.display_name, "client");
    assert!(
        w.apply(&Input::DeleteApplication { app: app.clone() })
            .is_ok()
    );
    assert!(w.directory().find(&app).is_none());
    assert!(w.directory().find(&sp.object_id).is_none());
    let out = w.apply(&Input::CreateServicePrincipal { app: app.clone() });
    assert_eq!(out.error().unwrap().code, "Request_BadRequest");
}

#[test]
fn a_service_principal_cannot_register_apps() {
    let mut w = instant_world();
    let app = create(&mut w, "client");
    w.apply(&Input::CreateServicePrincipal { app: app.clone() });
    assert!(
        w.apply(&Input::ActAs {
            principal: app.clone()
        })
        .is_ok()
    );
    let out = w.apply(&Input::CreateApplication {
        display_name: "other".into(),
        changes: AppChanges::default(),
    });
    let e = out.error().unwrap();
    assert_eq!(
        (e.status, e.code.as_str()),
        (403, "Authorization_RequestDenied")
    );
    assert_eq!(e.rule, Some(RuleId::Rbac));
    assert_eq!(w.directory().apps().len(), 1);
}

#[test]
fn a_secret_signs_in_until_its_end_date() {
    let mut w = instant_world();
    let app = create(&mut w, "client");
    let secret = add_secret(&mut w, &app, Some(1));
    let d = w.directory();
    let e = d
        .check_client_secret(&app, Some(&secret), w.now())
        .unwrap_err();
    assert!(
        e.message.starts_with("AADSTS7000229"),
        "no service principal yet"
    );
    w.apply(&Input::CreateServicePrincipal { app: app.clone() });
    let d = w.directory();
    assert!(d.check_client_secret(&app, Some(&secret), w.now()).is_ok());
    let e = d
        .check_client_secret(&app, Some("nope"), w.now())
        .unwrap_err();
    assert!(e.message.starts_with("AADSTS7000215"));
    assert_eq!(e.rule, Some(RuleId::AppCredential));
    // The virtual calendar's year is 12 months of 28 days.
    w.apply(&Input::Advance {
        by: Millis::hours(24 * 28 * 12),
    });
    let e = w
        .directory()
        .check_client_secret(&app, Some(&secret), w.now())
        .unwrap_err();
    assert!(e.message.starts_with("AADSTS7000222"), "{}", e.message);
}

#[test]
fn an_end_date_must_be_a_date_after_now() {
    let mut w = instant_world();
    let app = create(&mut w, "client");
    for bad in [
        "tomorrow",
        "2020-01-01",
        "2030-13-01",
        "2030-01-01T25:00:00Z",
    ] {
        let out = w.apply(&Input::AddApplicationPassword {
            app: app.clone(),
            display_name: None,
            years: None,
            end_date: Some(bad.into()),
            append: false,
            service_principal: false,
        });
        assert_eq!(out.error().unwrap().code, "Request_BadRequest", "{bad}");
    }
    let out = w.apply(&Input::AddApplicationPassword {
        app: app.clone(),
        display_name: None,
        years: None,
        end_date: Some("2030-06-01T12:00:00+00:00".into()),
        append: false,
        service_principal: false,
    });
    assert!(out.is_ok());
    let end = w.directory().app(&app).unwrap().passwords[0].end.clone();
    assert_eq!(end, "2030-06-01T12:00:00Z");
}
