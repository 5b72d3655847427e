//! A GET of a plain id takes the front door's plain read path (borrowed segments, no
//! allocation per segment); the same id with a letter percent-escaped takes the full route.
//! Whatever the case, caller or world, both must answer alike: same status, same body, same
//! error code, and the same events (a refusal is recorded either way).

use hcsim_core::id::ArmPath;
use hcsim_core::{Config, Input, Output, Request, Timing, World};
use serde_json::json;

/// The id with its last name's first letter percent-escaped: the same resource, parsed by
/// the full route (the plain path takes no escapes).
fn escaped(path: &str) -> String {
    let cut = path.rfind('/').map_or(0, |i| i + 1);
    let (head, tail) = path.split_at(cut);
    let mut chars = tail.chars();
    let first = chars.next().map_or(0, u32::from);
    format!("{head}%{first:02X}{}", chars.as_str())
}

/// Answers `GET path` (as `principal`, when given) both ways, and checks they agree.
fn agree(w: &mut World, path: &str, principal: Option<&str>) -> Option<u16> {
    let ask = |p: String| {
        let req = Request::get(p);
        match principal {
            Some(who) => req.as_principal(who),
            None => req,
        }
    };
    let events = w.events().into_iter().count();
    let Output::Response(plain) = w.apply(&Input::Request(ask(path.to_string()))) else {
        panic!("a GET answers with a response");
    };
    let plain_events: Vec<String> = w
        .events()
        .into_iter()
        .skip(events)
        .map(|e| format!("{:?}", e.kind))
        .collect();
    let events = w.events().into_iter().count();
    let Output::Response(full) = w.apply(&Input::Request(ask(escaped(path)))) else {
        panic!("a GET answers with a response");
    };
    let full_events: Vec<String> = w
        .events()
        .into_iter()
        .skip(events)
        .map(|e| format!("{:?}", e.kind))
        .collect();
    assert_eq!(plain.status, full.status, "{path}");
    assert_eq!(*plain.body, *full.body, "{path}");
    assert_eq!(
        plain.error.as_ref().map(|e| e.code.clone()),
        full.error.as_ref().map(|e| e.code.clone()),
        "{path}"
    );
    // The events name the path as sent: compare them with the escape undone.
    let undo = |v: Vec<String>| -> Vec<String> {
        v.into_iter()
            .map(|e| e.replace(&escaped(path), path))
            .collect()
    };
    assert_eq!(undo(plain_events), undo(full_events), "{path}");
    Some(plain.status)
}

#[test]
fn the_plain_read_path_answers_as_the_full_route_does() {
    let mut w = World::new(Config {
        timing: Timing::Instant,
        ..Config::new(1)
    });
    let sub = w.current_subscription().to_string();
    let rg = ArmPath::at_subscription(&sub).group("rg1");
    let ws = rg
        .clone()
        .provider("Microsoft.HealthcareApis", "workspaces", "ws1");
    let fhir = ws.clone().child("fhirservices", "fhir1");
    let lock = rg
        .clone()
        .provider("Microsoft.Authorization", "locks", "keep");
    for (path, body) in [
        (&rg, json!({"location": "eastus"})),
        (&ws, json!({"location": "eastus"})),
        (&fhir, json!({"kind": "fhir-R4", "location": "eastus"})),
        (&lock, json!({"properties": {"level": "CanNotDelete"}})),
    ] {
        let out = w.apply(&Input::Request(Request::put(path.request_path(), body)));
        assert!(out.is_ok(), "{:?}", out.error());
    }
    let missing = ws.clone().child("dicomservices", "nope");
    let other_rg = ArmPath::at_subscription(&sub).group("rg2");
    let other_sub = ArmPath::at_subscription("22222222-2222-2222-2222-222222222222").group("rg1");
    let private_link = ws
        .clone()
        .child("privateLinkResources", "healthcareworkspace");
    let paths = [
        &rg,
        &ws,
        &fhir,
        &lock,
        &missing,
        &other_rg,
        &other_sub,
        &private_link,
    ];
    for p in paths {
        let text = p.request_path();
        agree(&mut w, &text, None);
        agree(&mut w, &text.to_uppercase(), None);
        agree(&mut w, &text.to_lowercase(), None);
    }
    assert_eq!(agree(&mut w, &fhir.request_path(), None), Some(200));
    assert_eq!(agree(&mut w, &missing.request_path(), None), Some(404));
    // A caller with no role: refused (and the refusal recorded) on both paths.
    let added = w.apply(&Input::AddUser {
        name: "nobody@contoso.com".into(),
    });
    assert!(added.is_ok(), "{:?}", added.error());
    assert_eq!(
        agree(&mut w, &fhir.request_path(), Some("nobody@contoso.com")),
        Some(403)
    );
    // Under a throttling fault the dice are thrown on both paths alike.
    let mut spec = hcsim_core::FaultSpec::new(hcsim_core::FaultKind::Throttle);
    spec.probability = Some(50);
    assert!(w.apply(&Input::AddFault(spec)).is_ok());
    let mut twin = w.clone();
    for _ in 0..8 {
        let a = twin.apply(&Input::Request(Request::get(fhir.request_path())));
        let b = w.apply(&Input::Request(Request::get(escaped(&fhir.request_path()))));
        assert_eq!(a.status(), b.status());
    }
}
