//! The one door from the terminal to `hcsim_lab::scenario` (scenario files, lessons, the
//! built-in library, reports). Everything else in this crate goes through these few
//! functions, so the terminal depends on a small, stable surface of the lab.

use hcsim_core::{Config, World};
use hcsim_lab::Lab;

/// Whether this build has the scenario runner (`hcsim run`, lessons, built-ins).
pub const AVAILABLE: bool = false;

/// The message shown where the scenario runner is missing.
pub const NOT_AVAILABLE: &str =
    "scenarios and lessons are not available in this build (hcsim_lab::scenario is missing)";

/// A parsed scenario or lesson.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// Title.
    pub title: String,
}

impl Scenario {
    /// True for a lesson (it has a goal).
    pub fn is_lesson(&self) -> bool {
        false
    }
    /// The description, if any.
    pub fn description(&self) -> Option<&str> {
        None
    }
    /// Hints.
    pub fn hints(&self) -> &[String] {
        &[]
    }
    /// The solution's command lines.
    pub fn solution_lines(&self) -> Vec<String> {
        Vec::new()
    }
    /// The seed the file sets, if any.
    pub fn seed(&self) -> Option<u64> {
        None
    }
    /// The session configuration for `seed`.
    pub fn config(&self, seed: u64) -> Config {
        Config::new(seed)
    }
}

/// A built-in scenario or lesson, as `hcsim list` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuiltinInfo {
    /// Name (`hcsim run --builtin NAME`).
    pub name: String,
    /// `scenario` or `lesson`.
    pub kind: String,
    /// Title.
    pub title: String,
}

/// A goal, evaluated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GoalView {
    /// Every check holds.
    pub met: bool,
    /// `in progress`, `solved`, `completed with the solution shown`.
    pub status: String,
    /// (check, holds, message).
    pub checks: Vec<(String, bool, String)>,
}

/// A headless run's result.
#[derive(Clone, Debug)]
pub struct RunResult {
    /// The JSON report.
    pub json: String,
    /// The text report.
    pub text: String,
    /// 0 passed, 1 some expectation failed.
    pub exit_code: i32,
}

/// Parses a scenario file; the error names the file, line and column.
pub fn parse(_text: &str, _origin: &str) -> Result<Scenario, String> {
    Err(NOT_AVAILABLE.into())
}

/// The built-ins.
pub fn builtins() -> Vec<BuiltinInfo> {
    Vec::new()
}

/// A built-in by name.
pub fn builtin(name: &str) -> Result<Scenario, String> {
    Err(format!("no built-in '{name}': {NOT_AVAILABLE}"))
}

/// `hcsim list --json`.
pub fn list_json() -> String {
    "[]".into()
}

/// Plays a scenario headless.
pub fn run(
    _s: &Scenario,
    _seed: u64,
    _play_solution: bool,
    _color: bool,
    _files: &dyn Fn(&str) -> Result<String, String>,
) -> RunResult {
    RunResult {
        json: String::new(),
        text: NOT_AVAILABLE.into(),
        exit_code: 2,
    }
}

/// Plays a scenario's steps (a lesson's setup) on `lab`, returning a one-line summary per
/// step that failed.
pub fn play_setup(_s: &Scenario, _lab: &mut Lab) -> Vec<String> {
    Vec::new()
}

/// Checks a lesson's goal against a world.
pub fn check(_s: &Scenario, _world: &World, _solution_shown: bool) -> GoalView {
    GoalView::default()
}
