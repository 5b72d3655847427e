//! Access rules: rbac (control plane and data plane) and scope-lock.

mod common;
use common::*;
use hcsim_core::*;
use serde_json::json;

const ALICE: &str = "alice@contoso.com";

fn alice_id(w: &World) -> String {
    w.directory()
        .find(ALICE)
        .expect("alice is in the default directory")
        .object_id
        .clone()
}

fn assign(w: &mut World, scope: &str, guid: &str, role: &str, principal_id: &str) -> Response {
    put(
        w,
        &role_assignment(scope, guid),
        json!({"properties": {"roleDefinitionId": role_definition(role), "principalId": principal_id}}),
    )
}

#[test]
fn rbac_denies_by_default_then_a_contributor_assignment_allows() {
    // The rule itself, without realistic timing's propagation delay (tests/propagation.rs).
    let mut w = instant_world();
    create(&mut w, &rg("rg1"), json!({"location": "eastus"}));
    let e = rejected(
        &mut w,
        Request::put(ws("rg1", "ws1"), json!({"location": "eastus"})).as_principal(ALICE),
        403,
        "AuthorizationFailed",
        RuleId::Rbac,
    );
    assert!(
        e.message.contains(ALICE) && e.message.contains("write"),
        "{}",
        e.message
    );
    // Even reading needs a role.
    rejected(
        &mut w,
        Request::get(rg("rg1")).as_principal(ALICE),
        403,
        "AuthorizationFailed",
        RuleId::Rbac,
    );
    // The trainee (Owner) grants Contributor on the group.
    let alice = alice_id(&w);
    let r = assign(
        &mut w,
        &rg("rg1"),
        "00000000-0000-0000-0000-0000000000a1",
        CONTRIBUTOR,
        &alice,
    );
    assert_eq!(r.status, 201, "{:?}", r.error);
    w.apply(&Input::ActAs {
        principal: ALICE.into(),
    });
    assert_eq!(w.acting(), ALICE);
    let r = put_wait(&mut w, &ws("rg1", "ws1"), json!({"location": "eastus"}));
    assert_eq!(r.status, 201, "{:?}", r.error);
    assert_eq!(
        w.view(&ws("rg1", "ws1")).unwrap()["systemData"]["createdBy"],
        ALICE
    );
    add_fhir(&mut w, "rg1", "ws1", "fhir1");
    // The role is scoped to the group: not the subscription, and it cannot grant roles.
    rejected(
        &mut w,
        Request::put(rg("rg2"), json!({"location": "eastus"})),
        403,
        "AuthorizationFailed",
        RuleId::Rbac,
    );
    rejected(
        &mut w,
        Request::put(
            role_assignment(&rg("rg1"), "00000000-0000-0000-0000-0000000000b2"),
            json!({"properties": {"roleDefinitionId": role_definition(CONTRIBUTOR), "principalId": alice}}),
        ),
        403,
        "AuthorizationFailed",
        RuleId::Rbac,
    );
    rejected(
        &mut w,
        Request::put(
            lock(&rg("rg1"), "l1"),
            json!({"properties": {"level": "CanNotDelete"}}),
        ),
        403,
        "AuthorizationFailed",
        RuleId::Rbac,
    );
    // Back as the trainee, everything is allowed.
    w.apply(&Input::ActAs {
        principal: "me".into(),
    });
    create(&mut w, &rg("rg2"), json!({"location": "eastus"}));
}

#[test]
fn rbac_role_assignments_need_a_known_principal_and_role() {
    let mut w = instant_world();
    create(&mut w, &rg("rg1"), json!({"location": "eastus"}));
    rejected(
        &mut w,
        Request::put(
            role_assignment(&rg("rg1"), "00000000-0000-0000-0000-0000000000c3"),
            json!({"properties": {"roleDefinitionId": role_definition(CONTRIBUTOR), "principalId": "99999999-0000-0000-0000-000000000000"}}),
        ),
        400,
        "PrincipalNotFound",
        RuleId::Rbac,
    );
    let alice = alice_id(&w);
    rejected(
        &mut w,
        Request::put(
            role_assignment(&rg("rg1"), "00000000-0000-0000-0000-0000000000c3"),
            json!({"properties": {"roleDefinitionId": role_definition("00000000-dead-beef-0000-000000000000"), "principalId": alice}}),
        ),
        400,
        "RoleDefinitionDoesNotExist",
        RuleId::Rbac,
    );
    rejected(
        &mut w,
        Request::get(rg("rg1")).as_principal("mallory@evil.example"),
        401,
        "InvalidAuthenticationToken",
        RuleId::Rbac,
    );
    let o = w.apply(&Input::ActAs {
        principal: "mallory@evil.example".into(),
    });
    assert_eq!(o.error().map(|e| e.rule), Some(Some(RuleId::Rbac)));
    assert_eq!(
        w.acting(),
        "trainee@contoso.com",
        "a refused sim as changes nothing"
    );
    // A user added to the directory can be assigned.
    assert!(
        w.apply(&Input::AddUser {
            name: "carol@contoso.com".into()
        })
        .is_ok()
    );
    let carol = w
        .directory()
        .find("carol@contoso.com")
        .unwrap()
        .object_id
        .clone();
    let r = assign(
        &mut w,
        &rg("rg1"),
        "00000000-0000-0000-0000-0000000000c4",
        CONTRIBUTOR,
        &carol,
    );
    assert_eq!(r.status, 201, "{:?}", r.error);
    let r = send(
        &mut w,
        Request::get(rg("rg1")).as_principal("carol@contoso.com"),
    );
    assert_eq!(r.status, 200);
}

#[test]
fn rbac_data_plane_needs_a_data_role() {
    // The rule itself, without realistic timing's propagation delay (tests/propagation.rs).
    let mut w = instant_world();
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let f = add_fhir(&mut w, "rg1", "ws1", "fhir1");
    let data = |principal: &str| ProbeSpec {
        target: f.clone(),
        from: Network::Public,
        principal: Some(principal.into()),
        path: Some("/Patient".into()),
    };
    // Control-plane Owner has no data access.
    let p = probe_spec(&mut w, data("trainee@contoso.com"));
    assert_eq!(
        (p.status, p.rule),
        (403, Some(RuleId::Rbac)),
        "{}",
        p.reason
    );
    let p = probe_spec(&mut w, data(ALICE));
    assert_eq!((p.status, p.rule), (403, Some(RuleId::Rbac)));
    assert!(p.reason.contains("FHIR Data Reader"), "{}", p.reason);
    // /metadata needs no role.
    let p = probe_spec(
        &mut w,
        ProbeSpec {
            path: None,
            ..data(ALICE)
        },
    );
    assert_eq!(p.status, 200);
    // FHIR Data Reader on the service lets alice read.
    let alice = alice_id(&w);
    let r = assign(
        &mut w,
        &f,
        "00000000-0000-0000-0000-0000000000d5",
        FHIR_DATA_READER,
        &alice,
    );
    assert_eq!(r.status, 201, "{:?}", r.error);
    let p = probe_spec(&mut w, data(ALICE));
    assert_eq!(p.status, 200, "{}", p.reason);
    let p = probe_spec(&mut w, data("bob@contoso.com"));
    assert_eq!(p.status, 403, "bob still has no role");
}

#[test]
fn scope_lock_can_not_delete_blocks_delete_but_not_update() {
    let mut w = world();
    let ws_id = setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let l = lock(&ws_id, "keep");
    let r = put(&mut w, &l, json!({"properties": {"level": "CanNotDelete"}}));
    assert_eq!(r.status, 201, "{:?}", r.error);
    let e = rejected(
        &mut w,
        Request::delete(&ws_id),
        409,
        "ScopeLocked",
        RuleId::ScopeLock,
    );
    assert!(e.message.contains("keep"), "{}", e.message);
    // Updates pass.
    ok(&patch(&mut w, &ws_id, json!({"tags": {"owner": "team"}})));
    let r = put_wait(
        &mut w,
        &ws_id,
        json!({"location": "eastus", "tags": {"owner": "team2"}}),
    );
    ok(&r);
    // A child created below the lock is protected too.
    let f = add_fhir(&mut w, "rg1", "ws1", "fhir1");
    rejected(
        &mut w,
        Request::delete(&f),
        409,
        "ScopeLocked",
        RuleId::ScopeLock,
    );
    // Remove the lock, then delete works.
    assert!(send(&mut w, Request::delete(&l)).is_success());
    ok(&delete_wait(&mut w, &f));
    ok(&delete_wait(&mut w, &ws_id));
    assert!(w.find(&ws_id).is_none());
}

#[test]
fn scope_lock_read_only_blocks_updates() {
    let mut w = world();
    let ws_id = setup_workspace(&mut w, "rg1", "ws1", "eastus");
    ok(&put(
        &mut w,
        &lock(&rg("rg1"), "ro"),
        json!({"properties": {"level": "ReadOnly"}}),
    ));
    rejected(
        &mut w,
        Request::patch(&ws_id, json!({"tags": {"a": "b"}})),
        409,
        "ScopeLocked",
        RuleId::ScopeLock,
    );
    rejected(
        &mut w,
        Request::put(fhir("rg1", "ws1", "fhir1"), json!({})),
        409,
        "ScopeLocked",
        RuleId::ScopeLock,
    );
    // Reads pass.
    assert_eq!(get(&mut w, &ws_id).status, 200);
    assert!(send(&mut w, Request::delete(lock(&rg("rg1"), "ro"))).is_success());
    ok(&patch(&mut w, &ws_id, json!({"tags": {"a": "b"}})));
    add_fhir(&mut w, "rg1", "ws1", "fhir1");
}

#[test]
fn scope_lock_on_a_child_blocks_the_group_delete() {
    let mut w = world();
    let ws_id = setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let f = add_fhir(&mut w, "rg1", "ws1", "fhir1");
    ok(&put(
        &mut w,
        &lock(&f, "protect"),
        json!({"properties": {"level": "CanNotDelete"}}),
    ));
    rejected(
        &mut w,
        Request::delete(rg("rg1")),
        409,
        "ScopeLocked",
        RuleId::ScopeLock,
    );
    assert_eq!(
        state(&w, &ws_id),
        ProvisioningState::Succeeded,
        "nothing started deleting"
    );
    assert!(send(&mut w, Request::delete(lock(&f, "protect"))).is_success());
    ok(&delete_wait(&mut w, &rg("rg1")));
    assert!(w.find(&f).is_none() && w.find(&rg("rg1")).is_none());
}
