//! A lesson being played in a front end: which lesson, how many hints were revealed, whether
//! the solution was shown (a lesson whose solution was shown is "completed with the solution
//! shown", never "solved"), and its goal checked against the live world (so it survives undo,
//! jumps and reloads). Both front ends keep this one state instead of their own.

use alloc::string::String;
use alloc::vec::Vec;
use serde::Serialize;

use hcsim_core::World;

use crate::scenario::{GoalReport, Scenario, check_goal};

/// A lesson in progress.
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
