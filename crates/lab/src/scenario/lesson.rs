//! Interactive lessons for front ends: a [`Lab`] with the lesson's setup applied, its goal
//! checked on demand, hints, and the solution (whose showing is remembered: a lesson whose
//! solution was shown is "completed with the solution shown", never "solved").

use alloc::collections::BTreeSet;
use alloc::string::String;
use alloc::vec::Vec;

use super::model::Scenario;
use super::run::{GoalReport, Phase, StepReport, check_goal};
use crate::lab::{Lab, Outcome};

/// A lesson in progress.
pub struct LessonRun {
    scenario: Scenario,
    lab: Lab,
    setup: Vec<StepReport>,
    solution_shown: bool,
    hints_shown: usize,
}

impl core::fmt::Debug for LessonRun {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("LessonRun")
            .field("title", &self.scenario.title)
            .field("solution_shown", &self.solution_shown)
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
        LessonRun {
            scenario: lesson,
            lab,
            setup,
            solution_shown: false,
            hints_shown: 0,
        }
    }

    /// The lesson.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
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
        check_goal(&self.scenario.goal, self.lab.world()).with_solution_shown(self.solution_shown)
    }

    /// True when the goal holds and the solution was never shown.
    pub fn is_solved(&self) -> bool {
        self.check().solved()
    }

    /// Every hint, gentlest first.
    pub fn hints(&self) -> &[String] {
        &self.scenario.hints
    }

    /// The next hint not shown yet (hints do not count against the trainee).
    pub fn next_hint(&mut self) -> Option<&str> {
        let h = self.scenario.hints.get(self.hints_shown)?;
        self.hints_shown += 1;
        Some(h)
    }

    /// The solution's command lines. Showing them marks the lesson: it can then only be
    /// "completed with the solution shown".
    pub fn solution(&mut self) -> Vec<String> {
        self.solution_shown = true;
        self.scenario
            .solution
            .iter()
            .filter_map(|s| s.line().map(String::from))
            .collect()
    }

    /// Whether [`LessonRun::solution`] was called.
    pub fn solution_shown(&self) -> bool {
        self.solution_shown
    }

    /// The lab, when the lesson is over.
    pub fn into_lab(self) -> Lab {
        self.lab
    }
}
