//! The native half of the determinism check: the built-in lesson played natively gives the
//! trace hash in `shared/trace.rs`; `web.rs` asserts the browser gives the same one.
#![cfg(not(target_arch = "wasm32"))]

#[path = "shared/trace.rs"]
mod trace;

use hcsim_lab::scenario::{RunOptions, builtin, parse_scenario, run_scenario};

#[test]
fn builtin_lesson_has_the_pinned_trace_hash_natively() {
    let b = builtin(trace::BUILTIN).expect("the built-in exists");
    let s = parse_scenario(b.text, b.name).expect("the built-in parses");
    let opts = RunOptions {
        seed: Some(trace::SEED),
        play_solution: true,
    };
    let report = run_scenario(&s, &opts, &|p| Err(format!("no file {p}")));
    println!(
        "trace hash of {} seed {}: {}",
        trace::BUILTIN,
        trace::SEED,
        report.trace_hash
    );
    assert!(report.passed, "{}", report.to_json());
    assert_eq!(report.trace_hash, trace::TRACE_HASH);
}
