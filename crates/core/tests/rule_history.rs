//! History: undo, redo, jump, snapshots (save/load), and refusal of damaged snapshots.

mod common;
use common::*;
use hcsim_core::*;
use serde_json::json;

fn req(r: Request) -> Input {
    Input::Request(r)
}

/// A session with three steps: group, workspace (waited), FHIR service (waited).
fn session() -> Session {
    let mut s = Session::new(Config::new(9));
    s.step(
        "az group create",
        req(Request::put(rg("rg1"), json!({"location": "eastus"}))),
    );
    for (label, id) in [
        ("az healthcareapis workspace create", ws("rg1", "ws1")),
        (
            "az healthcareapis workspace fhir-service create",
            fhir("rg1", "ws1", "fhir1"),
        ),
    ] {
        let out = s.apply(label, req(Request::put(&id, json!({"location": "eastus"}))));
        let op = match out {
            Output::Response(r) => r.operation.expect("an operation"),
            o => panic!("{o:?}"),
        };
        s.apply(label, Input::Wait { operation: op });
        s.commit();
    }
    s
}

#[test]
fn undo_restores_the_previous_state_and_redo_the_next() {
    let mut s = session();
    assert_eq!(s.cursor(), 3);
    let after3 = (
        s.world().trace_hash(),
        s.world().resource_count(),
        s.world().now(),
    );
    assert!(s.world().find(&fhir("rg1", "ws1", "fhir1")).is_some());
    assert!(s.undo());
    assert_eq!(s.cursor(), 2);
    assert!(
        s.world().find(&fhir("rg1", "ws1", "fhir1")).is_none(),
        "undo removes the service"
    );
    assert!(s.world().find(&ws("rg1", "ws1")).is_some());
    let after2 = (
        s.world().trace_hash(),
        s.world().resource_count(),
        s.world().now(),
    );
    assert!(after2.2 < after3.2, "virtual time goes back too");
    assert!(s.redo());
    assert_eq!(
        (
            s.world().trace_hash(),
            s.world().resource_count(),
            s.world().now()
        ),
        after3
    );
    assert!(!s.redo(), "nothing more to redo");
    // Jump to the start and back.
    assert!(s.jump_to(0));
    assert_eq!(
        s.world().trace_hash(),
        World::new(Config::new(9)).trace_hash()
    );
    assert!(s.world().find(&rg("rg1")).is_none());
    assert!(s.jump_to(2));
    assert_eq!(
        (
            s.world().trace_hash(),
            s.world().resource_count(),
            s.world().now()
        ),
        after2
    );
    assert!(!s.jump_to(4), "out of range");
    // A new step after an undo discards the undone future.
    s.step(
        "sim advance",
        Input::Advance {
            by: Millis::mins(1),
        },
    );
    assert_eq!(s.steps().len(), 3);
    assert!(!s.can_redo());
}

#[test]
fn undo_of_a_rejected_step_is_harmless_and_empty_undo_is_refused() {
    let mut s = Session::new(Config::new(1));
    assert!(!s.undo(), "nothing to undo");
    let out = s.step("bad", req(Request::delete(ws("rg9", "ws1"))));
    assert!(!out.is_ok());
    let h = s.world().trace_hash();
    assert!(s.undo());
    assert_ne!(
        s.world().trace_hash(),
        h,
        "the rejection event is undone too"
    );
    assert!(s.redo());
    assert_eq!(s.world().trace_hash(), h);
}

#[test]
fn long_sessions_use_checkpoints_and_stay_exact() {
    let mut s = Session::new(Config {
        timing: Timing::Instant,
        ..Config::new(3)
    });
    let mut hashes = vec![s.world().trace_hash()];
    for i in 0..(Session::CHECKPOINT_EVERY * 2 + 5) {
        let id = rg(&format!("rg{i}"));
        s.step(
            "az group create",
            req(Request::put(&id, json!({"location": "eastus"}))),
        );
        hashes.push(s.world().trace_hash());
    }
    for n in [69, 64, 33, 32, 31, 1, 0, 68] {
        assert!(s.jump_to(n));
        assert_eq!(s.world().trace_hash(), hashes[n], "step {n}");
        assert_eq!(s.world().resource_count(), 4 + n, "step {n}");
    }
}

#[test]
fn save_and_load_give_the_same_trace_hash() {
    let mut s = session();
    assert!(s.undo());
    let text = s.save();
    let loaded = Session::load(&text).expect("a saved session loads");
    assert_eq!(loaded.world().trace_hash(), s.world().trace_hash());
    assert_eq!(loaded.cursor(), 2);
    assert_eq!(
        loaded.steps().len(),
        3,
        "undone steps survive, so redo works after loading"
    );
    let mut loaded = loaded;
    assert!(loaded.redo());
    assert!(s.redo());
    assert_eq!(loaded.world().trace_hash(), s.world().trace_hash());
    assert_eq!(loaded.world().resource_count(), s.world().resource_count());
    // An open step is saved too.
    s.apply(
        "sim advance",
        Input::Advance {
            by: Millis::mins(5),
        },
    );
    let loaded = Session::load(&s.save()).unwrap();
    assert_eq!(loaded.world().trace_hash(), s.world().trace_hash());
}

#[test]
fn damaged_snapshots_are_refused_with_clear_messages() {
    let s = session();
    let good: serde_json::Value = serde_json::from_str(&s.save()).unwrap();
    let err = |text: &str| match Session::load(text) {
        Ok(_) => panic!("{text:.80} should be refused"),
        Err(e) => e.to_string(),
    };
    let m = err("{\"format\": \"hcsim-session/1\", ");
    assert!(m.contains("not valid JSON") && m.contains("line"), "{m}");
    let mut v = good.clone();
    v["format"] = json!("photoshop/3");
    let m = err(&v.to_string());
    assert!(m.contains("not an hcsim session"), "{m}");
    v["format"] = json!("hcsim-session/2");
    let m = err(&v.to_string());
    assert!(m.contains("newer hcsim") && m.contains("Upgrade"), "{m}");
    let mut v = good.clone();
    v["cursor"] = json!(99);
    let m = err(&v.to_string());
    assert!(m.contains("damaged") && m.contains("99"), "{m}");
    let mut v = good.clone();
    v["steps"] = json!("nope");
    let m = err(&v.to_string());
    assert!(m.contains("damaged"), "{m}");
    let mut v = good;
    v["steps"][0]["inputs"][0] = json!({"input": "teleport"});
    assert!(err(&v.to_string()).contains("damaged"));
    assert!(err("").contains("not valid JSON"));
    assert!(err("[]").contains("damaged"));
}

/// The reliability report: a session file with 400,000 inputs in one step took 21 s and
/// 2.4 GB to load. Loading bounds the inputs per step and in all, and says why.
#[test]
fn sessions_with_too_many_inputs_are_refused_with_the_reason() {
    let s = session();
    let v: serde_json::Value = serde_json::from_str(&s.save()).unwrap();
    // The oversized sessions are built as text, one input's text repeated: the bytes the JSON
    // values would print, without cloning a quarter of a million of them. The input is the
    // session's shortest (a wait, not a PUT): the bounds count inputs, whatever they are, and
    // reading and applying short ones keeps this test fast in a debug build (45 s → ~5 s).
    let wait = v["steps"][1]["inputs"][1].to_string();
    assert!(wait.contains("\"wait\""), "{wait}");
    let inputs = |n: usize| format!("[{}]", vec![wait.as_str(); n].join(","));
    // `value` printed with the JSON text `text` in place of its field `key`.
    let splice = |mut value: serde_json::Value, key: &str, text: &str| {
        const HOLE: &str = "\"hcsim-test-hole\"";
        value[key] = json!("hcsim-test-hole");
        let printed = value.to_string();
        assert_eq!(printed.matches(HOLE).count(), 1);
        printed.replacen(HOLE, text, 1)
    };
    let step0 = splice(
        v["steps"][0].clone(),
        "inputs",
        &inputs(Session::MAX_STEP_INPUTS + 1),
    );
    let steps = format!("[{step0},{},{}]", v["steps"][1], v["steps"][2]);
    let e = Session::load(&splice(v.clone(), "steps", &steps))
        .unwrap_err()
        .to_string();
    assert!(e.contains("more than 10000 inputs"), "{e}");
    // Many steps at the limit each are still too many together.
    let step = splice(
        json!({"label": "x"}),
        "inputs",
        &inputs(Session::MAX_STEP_INPUTS),
    );
    let n = Session::MAX_INPUTS / Session::MAX_STEP_INPUTS + 1;
    let steps = format!("[{}]", vec![step.as_str(); n].join(","));
    let mut at_start = v.clone();
    at_start["cursor"] = json!(0);
    let e = Session::load(&splice(at_start, "steps", &steps))
        .unwrap_err()
        .to_string();
    assert!(e.contains("the limit is 250000"), "{e}");
    // A normal session still loads.
    assert!(Session::load(&s.save()).is_ok());
}

/// A live session stops growing where loading would refuse it, so a saved session always
/// loads again: the 10,001st input of one step is refused with the reason.
#[test]
fn a_live_step_stops_at_the_bound_loading_applies() {
    let mut s = Session::new(Config::new(9));
    let get = || Input::Request(Request::get(rg("rg1")));
    for _ in 0..Session::MAX_STEP_INPUTS {
        s.apply("many", get());
    }
    match s.apply("many", get()) {
        Output::Refused { error } => {
            assert!(error.message.contains("session is full"), "{error:?}")
        }
        o => panic!("{o:?}"),
    }
    s.commit();
    assert!(Session::load(&s.save()).is_ok());
}
