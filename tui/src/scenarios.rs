//! The one door from the terminal to `hcsim_lab::scenario` (scenario files, lessons, the
//! built-in library, reports). Everything else in this crate goes through these few
//! functions, so the terminal depends on a small, stable surface of the lab.

use hcsim_core::{Config, World};
use hcsim_lab::Lab;
use hcsim_lab::scenario as sc;
use hcsim_lab::view::LessonProgress;

/// A parsed scenario or lesson.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// Title.
    pub title: String,
    inner: sc::Scenario,
}

impl Scenario {
    fn new(inner: sc::Scenario) -> Scenario {
        Scenario {
            title: inner.title.clone(),
            inner,
        }
    }
    /// True for a lesson (it has a goal).
    pub fn is_lesson(&self) -> bool {
        self.inner.is_lesson()
    }
    /// The description, if any.
    pub fn description(&self) -> Option<&str> {
        self.inner.description.as_deref()
    }
    /// Hints.
    pub fn hints(&self) -> &[String] {
        &self.inner.hints
    }
    /// The solution's command lines.
    pub fn solution_lines(&self) -> Vec<String> {
        self.inner
            .solution
            .iter()
            .filter_map(|s| s.line().map(str::to_string))
            .collect()
    }
    /// The seed the file sets, if any.
    pub fn seed(&self) -> Option<u64> {
        self.inner.seed
    }
    /// The session configuration for `seed` (the file's timing and stage).
    pub fn config(&self, seed: u64) -> Config {
        self.inner.config(seed)
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
    /// The steps' az stderr lines as az prints them (notes as they are, then `WARNING: …`),
    /// in order.
    pub warnings: Vec<String>,
}

/// A lesson the lab already parsed (a course's lesson).
pub fn from_lab(inner: sc::Scenario) -> Scenario {
    Scenario::new(inner)
}

/// Parses a scenario file; the error names the file, line and column.
pub fn parse(text: &str, origin: &str) -> Result<Scenario, String> {
    sc::parse_scenario(text, origin)
        .map(Scenario::new)
        .map_err(|e| e.to_string())
}

/// The built-ins.
pub fn builtins() -> Vec<BuiltinInfo> {
    sc::builtins()
        .into_iter()
        .map(|b| BuiltinInfo {
            name: b.name.into(),
            kind: b.kind.as_str().into(),
            title: b.title.into(),
        })
        .collect()
}

/// A built-in by name.
pub fn builtin(name: &str) -> Result<Scenario, String> {
    let (name, text) = builtin_text(name)?;
    parse(text, &format!("builtin:{name}"))
}

/// A built-in's file text by name (`hcsim show`), with its canonical name.
pub fn builtin_text(name: &str) -> Result<(&'static str, &'static str), String> {
    let b = sc::builtin(name).ok_or_else(|| {
        let names: Vec<&str> = sc::builtins().iter().map(|b| b.name).collect();
        format!(
            "there is no built-in '{name}' (hcsim list shows them: {})",
            names.join(", ")
        )
    })?;
    Ok((b.name, b.text))
}

/// The JSON Schema of scenario and lesson files (`hcsim schema`).
pub fn schema() -> &'static str {
    sc::SCHEMA
}

/// `hcsim list --json`.
pub fn list_json() -> String {
    sc::list_json()
}

/// Plays a scenario headless (a lesson with its solution when `play_solution`).
pub fn run(
    s: &Scenario,
    seed: u64,
    play_solution: bool,
    color: bool,
    files: &dyn Fn(&str) -> Result<String, String>,
) -> RunResult {
    let opts = sc::RunOptions {
        seed: Some(seed),
        play_solution,
    };
    let report = sc::run_scenario(&s.inner, &opts, files);
    RunResult {
        json: report.to_json(),
        text: report.render_text(color),
        exit_code: report.exit_code(),
        warnings: report
            .steps
            .iter()
            .flat_map(|step| {
                step.notices
                    .iter()
                    .cloned()
                    .chain(step.warnings.iter().map(|w| format!("WARNING: {w}")))
            })
            .collect(),
    }
}

/// A fresh lab with a scenario's steps (a lesson's setup) played, and a one-line summary of
/// each step that did not go as the file expects.
pub fn start(
    s: &Scenario,
    seed: u64,
    files: &dyn Fn(&str) -> Result<String, String>,
) -> (Lab, Vec<String>) {
    let run = sc::LessonRun::start(s.inner.clone(), seed, files);
    let failures = run
        .setup_report()
        .iter()
        .filter(|r| r.expectation == sc::Expectation::Failed)
        .map(|r| format!("step {} ({}): {}", r.index, r.input, r.message))
        .collect();
    (run.into_lab(), failures)
}

/// The progress of a lesson just started (the lab keeps hints and the solution's showing).
pub fn progress(name: &str, s: &Scenario) -> LessonProgress {
    LessonProgress::new(name, s.inner.clone())
}

/// Checks a lesson's goal against a world.
pub fn check_progress(p: &LessonProgress, world: &World) -> GoalView {
    let g = p.check(world);
    GoalView {
        met: g.met,
        status: g.status.as_str().into(),
        checks: g
            .checks
            .into_iter()
            .map(|c| (c.description, c.met, c.message))
            .collect(),
    }
}
