//! Interactive lessons for front ends: a [`Lab`] with the lesson's setup applied, its goal
//! checked on demand, hints, and the solution (whose showing is remembered: a lesson whose
//! solution was shown is "completed with the solution shown", never "solved").

use alloc::collections::BTreeSet;
use alloc::string::String;
use alloc::vec::Vec;

use super::model::Scenario;
use super::run::{GoalReport, Phase, StepReport, check_goal};
use crate::lab::Lab;
use crate::outcome::Outcome;
use serde::Serialize;

use hcsim_core::World;

/// A lesson in progress: its lab, and its progress (hints, solution) as front ends keep it.
pub struct LessonRun {
    progress: LessonProgress,
    lab: Lab,
    setup: Vec<StepReport>,
}

impl core::fmt::Debug for LessonRun {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("LessonRun")
            .field("title", &self.progress.scenario().title)
            .field("solution_shown", &self.progress.solution_shown())
            .finish()
    }
}

impl LessonRun {
    /// Starts `lesson` on a fresh lab with `seed` (its setup steps applied; files they name
    /// are read through `files`). Also works for a plain scenario: it then has no goal.
    pub fn start(
        lesson: Scenario,
        seed: u64,
        files: &dyn Fn(&str) -> Result<String, String>,
    ) -> LessonRun {
        let mut lab = Lab::new(lesson.config(seed));
        let mut loaded = BTreeSet::new();
        let setup = lesson
            .steps
            .iter()
            .enumerate()
            .map(|(i, spec)| {
                super::run::play_step(&mut lab, i, spec, Phase::Steps, files, &mut loaded)
            })
            .collect();
        let name = lesson.title.clone();
        LessonRun {
            progress: LessonProgress::new(&name, lesson),
            lab,
            setup,
        }
    }

    /// The lesson.
    pub fn scenario(&self) -> &Scenario {
        self.progress.scenario()
    }

    /// How each setup step went (a setup step whose expectation failed is a broken lesson).
    pub fn setup_report(&self) -> &[StepReport] {
        &self.setup
    }

    /// The lab the trainee works in.
    pub fn lab(&self) -> &Lab {
        &self.lab
    }

    /// The lab, to run lines, set a file loader, undo …
    pub fn lab_mut(&mut self) -> &mut Lab {
        &mut self.lab
    }

    /// Runs a line the trainee typed.
    pub fn run(&mut self, line: &str) -> Outcome {
        self.lab.run(line)
    }

    /// The goal against the current world (with whether the solution was shown).
    pub fn check(&self) -> GoalReport {
        self.progress.check(self.lab.world())
    }

    /// True when the goal holds and the solution was never shown.
    pub fn is_solved(&self) -> bool {
        self.check().solved()
    }

    /// Every hint, gentlest first.
    pub fn hints(&self) -> &[String] {
        &self.progress.scenario().hints
    }

    /// The next hint not shown yet (hints do not count against the trainee).
    pub fn next_hint(&mut self) -> Option<&str> {
        self.progress.reveal_hint()
    }

    /// The solution's command lines. Showing them marks the lesson: it can then only be
    /// "completed with the solution shown".
    pub fn solution(&mut self) -> Vec<String> {
        self.progress.show_solution()
    }

    /// Whether [`LessonRun::solution`] was called.
    pub fn solution_shown(&self) -> bool {
        self.progress.solution_shown()
    }

    /// The progress (hints revealed, solution shown), for a front end that keeps it.
    pub fn progress(&self) -> &LessonProgress {
        &self.progress
    }

    /// The lab, when the lesson is over.
    pub fn into_lab(self) -> Lab {
        self.lab
    }
}

/// A lesson's progress as a front end keeps it: which lesson, how many hints were revealed,
/// whether the solution was shown. Its goal is checked against the live world, so it survives
/// undo, jumps and reloads; the terminal and the browser keep this one state.
#[derive(Clone, Debug)]
pub struct LessonProgress {
    name: String,
    scenario: Scenario,
    hints_shown: usize,
    solution_shown: bool,
}

/// What a lesson panel shows besides the goal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LessonSummary {
    /// Built-in name.
    pub name: String,
    /// Title.
    pub title: String,
    /// What it teaches.
    pub description: Option<String>,
    /// Every hint, gentlest first.
    pub hints: Vec<String>,
    /// How many hints were revealed.
    pub hints_shown: usize,
    /// Number of solution steps.
    pub solution_steps: usize,
    /// True once the solution was shown.
    pub solution_shown: bool,
}

impl LessonProgress {
    /// A lesson just started: no hint revealed, solution hidden.
    pub fn new(name: &str, scenario: Scenario) -> LessonProgress {
        LessonProgress::resume(name, scenario, false)
    }

    /// A lesson resumed (a reloaded page), remembering whether the solution was shown.
    pub fn resume(name: &str, scenario: Scenario, solution_shown: bool) -> LessonProgress {
        LessonProgress {
            name: String::from(name),
            scenario,
            hints_shown: 0,
            solution_shown,
        }
    }

    /// The built-in name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The lesson.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The goal against `world`, with whether the solution was shown.
    pub fn check(&self, world: &World) -> GoalReport {
        check_goal(&self.scenario.goal, world).with_solution_shown(self.solution_shown)
    }

    /// Reveals the next hint; `None` when all are shown (hints never count against anyone).
    pub fn reveal_hint(&mut self) -> Option<&str> {
        let hint = self.scenario.hints.get(self.hints_shown)?;
        self.hints_shown += 1;
        Some(hint)
    }

    /// The hints revealed so far.
    pub fn hints_shown(&self) -> &[String] {
        let n = self.hints_shown.min(self.scenario.hints.len());
        &self.scenario.hints[..n]
    }

    /// Reveals the solution's command lines; the lesson can then only be completed, not solved.
    pub fn show_solution(&mut self) -> Vec<String> {
        self.solution_shown = true;
        self.solution_lines()
    }

    /// The solution's command lines (whether or not shown: a panel shows them once
    /// [`LessonProgress::solution_shown`]).
    pub fn solution_lines(&self) -> Vec<String> {
        self.scenario
            .solution
            .iter()
            .filter_map(|s| s.line().map(String::from))
            .collect()
    }

    /// Whether the solution was shown.
    pub fn solution_shown(&self) -> bool {
        self.solution_shown
    }

    /// The panel's text parts.
    pub fn summary(&self) -> LessonSummary {
        LessonSummary {
            name: self.name.clone(),
            title: self.scenario.title.clone(),
            description: self.scenario.description.clone(),
            hints: self.scenario.hints.clone(),
            hints_shown: self.hints_shown,
            solution_steps: self.scenario.solution.len(),
            solution_shown: self.solution_shown,
        }
    }
}
