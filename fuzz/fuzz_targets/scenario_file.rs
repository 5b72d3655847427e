//! Scenario and lesson files (`hcsim-scenario/1`): any text is parsed; a file that parses is
//! played (solution included) with no files beside it. Nothing may panic.
#![no_main]

use hcsim_lab::scenario::{RunOptions, parse_scenario, run_scenario};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(s) = parse_scenario(text, "fuzz.json") else {
        return;
    };
    // Long scripts are the soak's business: keep each run short.
    if s.steps.len() + s.solution.len() > 64 {
        return;
    }
    let opts = RunOptions {
        seed: Some(7),
        play_solution: true,
    };
    let _ = run_scenario(&s, &opts, &|_| Err("no files in the fuzzer".into()));
});
