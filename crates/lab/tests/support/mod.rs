//! What the lab's integration tests share: running a line that must succeed or fail, and
//! reading its JSON output. Each test file takes what it needs (`mod support;`), so not every
//! file uses every helper.
#![allow(dead_code)]

use hcsim_lab::{Lab, Outcome};
use serde_json::Value;

/// Runs `line`, which must succeed; its outcome.
pub fn ok(lab: &mut Lab, line: &str) -> Outcome {
    let o = lab.run(line);
    assert!(o.ok, "{line}\n{}\n{:?}", o.output, o.explanation);
    o
}

/// Runs `line`, which must succeed; what it printed.
pub fn ok_output(lab: &mut Lab, line: &str) -> String {
    ok(lab, line).output
}

/// Runs `line`, which must fail; its outcome.
pub fn fail(lab: &mut Lab, line: &str) -> Outcome {
    let o = lab.run(line);
    assert!(!o.ok, "{line} should fail\n{}", o.output);
    o
}

/// The outcome's output read as JSON.
pub fn json(o: &Outcome) -> Value {
    serde_json::from_str(&o.output).unwrap_or_else(|e| panic!("{e}: {}", o.output))
}
