//! The lesson in progress: the lab's [`LessonProgress`] (hints revealed, solution shown) and
//! the last goal check, refreshed after every command so the status bar stays current.

use hcsim_core::World;
use hcsim_lab::view::LessonProgress;

use crate::scenarios::{self, GoalView};

/// A lesson being played.
#[derive(Clone, Debug)]
pub struct ActiveLesson {
    /// Which lesson, what was revealed.
    pub progress: LessonProgress,
    /// The last goal check.
    pub goal: GoalView,
}

impl ActiveLesson {
    /// A lesson just started on `world`.
    pub fn new(progress: LessonProgress, world: &World) -> ActiveLesson {
        let goal = scenarios::check_progress(&progress, world);
        ActiveLesson { progress, goal }
    }

    /// Checks the goal against `world` again.
    pub fn refresh(&mut self, world: &World) {
        self.goal = scenarios::check_progress(&self.progress, world);
    }
}
