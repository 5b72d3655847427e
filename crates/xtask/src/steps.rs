//! Named, timed steps: `::: name`, then `::: name done Ns`, and a closing summary line
//! of the form `xtask: N passed, N failed` that CI reads.

use std::time::Instant;

use crate::proc::Result;

/// Runs steps in order and counts those that passed.
#[derive(Debug, Default)]
pub struct Steps {
    passed: usize,
}

impl Steps {
    /// Runs one step, printing its name and duration. On failure the error names the step.
    pub fn run(&mut self, name: &str, step: impl FnOnce() -> Result) -> Result {
        println!("::: {name}");
        let start = Instant::now();
        let outcome = step();
        let secs = start.elapsed().as_secs();
        match outcome {
            Ok(()) => {
                println!("::: {name} done {secs}s");
                self.passed += 1;
                Ok(())
            }
            Err(e) => {
                println!("::: {name} FAILED after {secs}s");
                Err(format!("step `{name}` failed: {e}"))
            }
        }
    }

    /// The closing summary line.
    pub fn summary(&self, failed: usize) -> String {
        format!("xtask: {} passed, {failed} failed", self.passed)
    }
}

/// Prints why a step is skipped (not counted as passed or failed).
pub fn skip(name: &str, why: &str) {
    println!("::: {name} skipped: {why}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_passed_steps_and_names_the_failed_one() {
        let mut steps = Steps::default();
        assert!(steps.run("one", || Ok(())).is_ok());
        let err = steps.run("two", || Err("boom".into())).unwrap_err();
        assert_eq!(err, "step `two` failed: boom");
        assert_eq!(steps.summary(1), "xtask: 1 passed, 1 failed");
    }
}
