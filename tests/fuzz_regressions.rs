//! Every input a fuzz campaign found to crash, replayed through the same code the fuzzer ran
//! (`hcsim_tests::fuzzing`). Files live in `tests/fuzz-regressions/<target>/`, one input per
//! file, exactly as libFuzzer wrote it (`fuzz/artifacts/<target>/crash-…`); docs/FUZZING.md
//! says how to add one. A few hostile inputs written by hand are kept there too, so the
//! harness itself is exercised even while the campaigns find nothing.

use std::fs;
use std::path::Path;

use hcsim_tests::fuzzing::{
    console_text, scenario_text, serve_bytes, snapshot_text, template_text,
};

/// The files of one target's folder, sorted.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz-regressions")
        .join(target);
    let mut out: Vec<(String, Vec<u8>)> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .filter(|e| e.file_name() != ".gitkeep")
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (
                name,
                fs::read(e.path()).expect("a regression input is readable"),
            )
        })
        .collect();
    out.sort();
    out
}

/// Replays one target's inputs through `f`; every input is named on failure.
fn replay(target: &str, f: fn(&[u8])) -> usize {
    let all = inputs(target);
    for (name, bytes) in &all {
        let r = std::panic::catch_unwind(|| f(bytes));
        assert!(r.is_ok(), "fuzz regression {target}/{name} panics again");
    }
    all.len()
}

/// The console target's first byte picks the form; its text form is what files hold.
fn console(data: &[u8]) {
    if let Some((first, rest)) = data.split_first()
        && first % 2 == 0
    {
        console_text(*first, rest);
    }
}

/// The template target's odd first byte marks a template's JSON text.
fn template(data: &[u8]) {
    if let Some((first, rest)) = data.split_first()
        && first % 2 == 1
    {
        template_text(rest);
    }
}

#[test]
fn every_saved_fuzz_input_runs_without_a_panic() {
    let n = replay("console_line", console)
        + replay("scenario_file", scenario_text)
        + replay("session_snapshot", snapshot_text)
        + replay("arm_template", template)
        + replay("serve_request", serve_bytes);
    assert!(n >= 5, "the hand-written hostile inputs are there: {n}");
}
