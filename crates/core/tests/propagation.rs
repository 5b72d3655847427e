//! Realistic timing's propagation delays (core `propagation.rs`): Azure accepts a role
//! assignment or a private endpoint approval at once, but it takes effect minutes later.
//! Sources: MicrosoftDocs/azure-docs `articles/role-based-access-control/troubleshooting.md`
//! ("it can take up to 10 minutes for changes to take effect") and
//! `articles/healthcare-apis/healthcare-apis-configure-private-link.md` ("It can take up to 5
//! minutes … before public traffic is blocked"). Instant timing applies both at once.

mod common;
use common::*;
use hcsim_core::*;
use serde_json::json;

const ALICE: &str = "alice@contoso.com";

fn alice_id(w: &World) -> String {
    w.directory().find(ALICE).expect("alice").object_id.clone()
}

fn assign(w: &mut World, scope: &str, guid: &str, role: &str) -> Response {
    let principal = alice_id(w);
    put(
        w,
        &role_assignment(scope, guid),
        json!({"properties": {"roleDefinitionId": role_definition(role), "principalId": principal}}),
    )
}

/// Alice's GET of the group: its HTTP status.
fn alice_reads_group(w: &mut World) -> u16 {
    send(w, Request::get(rg("rg1")).as_principal(ALICE)).status
}

#[test]
fn a_role_assignment_grants_nothing_for_10_minutes_in_realistic_timing() {
    let mut w = world();
    assert_eq!(w.timing(), Timing::Realistic);
    // The trainee's own Owner role is there from the start.
    ok(&create(&mut w, &rg("rg1"), json!({"location": "eastus"})));
    let r = assign(
        &mut w,
        &rg("rg1"),
        "00000000-0000-0000-0000-0000000000b1",
        CONTRIBUTOR,
    );
    assert_eq!(r.status, 201, "{:?}", r.error);
    let e = rejected(
        &mut w,
        Request::get(rg("rg1")).as_principal(ALICE),
        403,
        "AuthorizationFailed",
        RuleId::Rbac,
    );
    assert!(
        e.message.contains("If access was recently granted"),
        "{}",
        e.message
    );
    assert!(RuleId::Rbac.source().contains("up to 10 minutes"));
    advance(&mut w, Millis(Millis::mins(10).0 - 1));
    assert_eq!(alice_reads_group(&mut w), 403);
    advance(&mut w, Millis(1));
    assert_eq!(alice_reads_group(&mut w), 200);
}

#[test]
fn instant_timing_grants_at_once() {
    let mut w = instant_world();
    ok(&create(&mut w, &rg("rg1"), json!({"location": "eastus"})));
    assign(
        &mut w,
        &rg("rg1"),
        "00000000-0000-0000-0000-0000000000b2",
        CONTRIBUTOR,
    );
    assert_eq!(alice_reads_group(&mut w), 200);
}

#[test]
fn a_data_role_reaches_the_fhir_service_after_10_minutes() {
    let mut w = world();
    setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let f = add_fhir(&mut w, "rg1", "ws1", "fhir1");
    assign(
        &mut w,
        &f,
        "00000000-0000-0000-0000-0000000000b3",
        FHIR_DATA_READER,
    );
    let spec = ProbeSpec {
        target: f.clone(),
        from: Network::Public,
        principal: Some(ALICE.into()),
        path: Some("/Patient".into()),
    };
    let p = probe_spec(&mut w, spec.clone());
    assert_eq!(
        (p.status, p.rule),
        (403, Some(RuleId::Rbac)),
        "{}",
        p.reason
    );
    assert!(p.reason.contains("not in effect yet"), "{}", p.reason);
    advance(&mut w, Millis::mins(10));
    assert_eq!(probe_spec(&mut w, spec).status, 200);
}

#[test]
fn an_approved_private_endpoint_blocks_public_traffic_after_5_minutes() {
    let mut w = world();
    let ws_id = setup_workspace(&mut w, "rg1", "ws1", "eastus");
    let f = add_fhir(&mut w, "rg1", "ws1", "fhir1");
    setup_vnet(&mut w, "rg1", "eastus");
    create(
        &mut w,
        &private_endpoint("rg1", "pe1"),
        private_endpoint_body("eastus", &ws_id),
    );
    // Approved: the private path works at once, the public one still answers.
    assert_eq!(probe(&mut w, &f, Network::Private).status, 200);
    assert_eq!(probe(&mut w, &f, Network::Public).status, 200);
    assert!(
        RuleId::PrivateLinkBlocksPublic
            .source()
            .contains("up to 5 minutes")
    );
    advance(&mut w, Millis::mins(5));
    let p = probe(&mut w, &f, Network::Public);
    assert_eq!(
        (p.status, p.rule),
        (403, Some(RuleId::PrivateLinkBlocksPublic)),
        "{}",
        p.reason
    );
}

/// The same Learn sentence covers removals ("When you assign roles or remove role
/// assignments…"): a removed assignment still grants for 10 minutes in realistic timing.
#[test]
fn a_removed_role_assignment_still_grants_for_10_minutes() {
    let mut w = world();
    ok(&create(&mut w, &rg("rg1"), json!({"location": "eastus"})));
    let ra = role_assignment(&rg("rg1"), "00000000-0000-0000-0000-0000000000b4");
    assign(
        &mut w,
        &rg("rg1"),
        "00000000-0000-0000-0000-0000000000b4",
        CONTRIBUTOR,
    );
    advance(&mut w, Millis::mins(10));
    assert_eq!(alice_reads_group(&mut w), 200);
    let r = send(&mut w, Request::delete(ra.as_str()));
    assert!(r.is_success(), "{:?}", r.error);
    assert_eq!(alice_reads_group(&mut w), 200, "removal not in effect yet");
    advance(&mut w, Millis::mins(10));
    assert_eq!(alice_reads_group(&mut w), 403);
    // Instant timing: the removal acts at once.
    let mut w = instant_world();
    ok(&create(&mut w, &rg("rg1"), json!({"location": "eastus"})));
    assign(
        &mut w,
        &rg("rg1"),
        "00000000-0000-0000-0000-0000000000b5",
        CONTRIBUTOR,
    );
    assert_eq!(alice_reads_group(&mut w), 200);
    let ra = role_assignment(&rg("rg1"), "00000000-0000-0000-0000-0000000000b5");
    assert!(send(&mut w, Request::delete(ra.as_str())).is_success());
    assert_eq!(alice_reads_group(&mut w), 403);
}
