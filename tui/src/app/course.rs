//! A course opened with `hcsim --course FILE`: its lessons in order with the best status
//! reached in each (kept for this run), the lesson menu listing them, and starting the next
//! one not solved yet. The course's format and lessons are the lab's; this only remembers
//! progress and offers the lessons.

use hcsim_lab::scenario::{Course, LessonRecord, Progress, record_of};

use super::App;
use super::modal::{Effect, LessonPanel, Menu, MenuAction, Modal};

/// A course being taken.
#[derive(Clone, Debug)]
pub struct ActiveCourse {
    /// The course.
    pub course: Course,
    /// Per lesson, the best status reached (`not started`, `in progress`, `completed with
    /// the solution shown`, `solved`).
    best: Vec<String>,
    /// Per lesson, the record of the best run (what a progress export holds).
    records: Vec<Option<LessonRecord>>,
}

fn rank(status: &str) -> u8 {
    match status {
        "solved" => 3,
        "completed with the solution shown" => 2,
        "in progress" => 1,
        _ => 0,
    }
}

impl ActiveCourse {
    /// A course with nothing started.
    pub fn new(course: Course) -> ActiveCourse {
        let best = vec![String::from("not started"); course.lessons.len()];
        let records = vec![None; course.lessons.len()];
        ActiveCourse {
            course,
            best,
            records,
        }
    }

    /// The learner's progress export (`hcsim-progress/1`) of the lessons played so far.
    pub fn export(&self, learner: &str) -> String {
        let records = self.records.iter().flatten().cloned().collect();
        Progress::new(&self.course, learner, records).to_json()
    }

    /// Records `status` for `lesson`, never going down (a solved lesson stays solved).
    pub fn note(&mut self, lesson: &str, status: &str) {
        if let Some(i) = self.index(lesson)
            && rank(status) >= rank(&self.best[i])
        {
            self.best[i] = status.into();
        }
    }

    /// The position of `lesson` in the course.
    pub fn index(&self, lesson: &str) -> Option<usize> {
        self.course
            .lessons
            .iter()
            .position(|l| l.name.eq_ignore_ascii_case(lesson))
    }

    /// The best status reached in lesson `i`.
    pub fn status(&self, i: usize) -> &str {
        self.best
            .get(i)
            .map(String::as_str)
            .unwrap_or("not started")
    }

    /// The first lesson not solved yet (the last one when all are).
    pub fn next(&self) -> usize {
        (0..self.best.len())
            .find(|&i| self.status(i) != "solved")
            .unwrap_or(self.best.len().saturating_sub(1))
    }

    /// The lesson menu: `✓ 1. name  title  (status)`, each starting its lesson.
    pub fn menu_items(&self) -> Vec<(String, MenuAction)> {
        self.course
            .lessons
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let status = self.status(i);
                let mark = match rank(status) {
                    3 => "✓",
                    2 => "◐",
                    1 => "…",
                    _ => " ",
                };
                (
                    format!(
                        "{mark} {}. {}  {}  ({status})",
                        i + 1,
                        l.name,
                        l.scenario.title
                    ),
                    Effect::StartLesson(l.name.clone()),
                )
            })
            .collect()
    }
}

impl App {
    /// Opens a course: the lesson list with the progress in each, the next lesson (the
    /// first not solved) selected, so Enter starts it.
    pub fn open_course(&mut self, course: Course, seed: Option<u64>) {
        self.say(format!("course: {}", course.title), false);
        self.course_seed = seed;
        self.course = Some(ActiveCourse::new(course));
        self.open_course_menu();
    }

    /// Starts the course lesson `name`; false when the course has no such lesson.
    pub(super) fn start_course_lesson(&mut self, name: &str) -> bool {
        let seed = self.course_seed;
        let Some(c) = &self.course else {
            return false;
        };
        let Some((name, s)) = c
            .index(name)
            .and_then(|i| crate::course::lesson(&c.course, i))
        else {
            return false;
        };
        let seed = seed.or(s.seed()).unwrap_or_else(crate::random_seed);
        self.start_scenario(&name, s, seed);
        self.note_course_progress();
        self.modal = Some(Modal::Lesson(LessonPanel::default()));
        true
    }

    /// The progress export of the open course, for `learner`.
    pub fn course_export(&self, learner: &str) -> Option<String> {
        self.course.as_ref().map(|c| c.export(learner))
    }

    /// The course's lessons with their progress, to pick the next one.
    pub(super) fn open_course_menu(&mut self) -> bool {
        let Some(c) = &self.course else {
            return false;
        };
        let title = format!(
            "Course: {} (Enter starts a lesson on a fresh session)",
            c.course.title
        );
        let mut menu = Menu::new(title, c.menu_items());
        menu.selected = c.next();
        self.modal = Some(Modal::Menu(menu));
        true
    }

    /// Records the lesson's status and its record (seed and lines) in the course after a
    /// goal check; a record is replaced only by one at least as good.
    pub(super) fn note_course_progress(&mut self) {
        let (Some(c), Some(l)) = (&mut self.course, &self.lesson) else {
            return;
        };
        let name = l.progress.name();
        let Some(i) = c.index(name) else {
            return;
        };
        let seed = self.lab.world().config().seed;
        let record = record_of(&c.course.lessons[i], seed, &self.lab, &l.progress);
        let new_rank = rank(record.claimed.as_deref().unwrap_or(""));
        let old_rank = c.records[i]
            .as_ref()
            .map(|r| rank(r.claimed.as_deref().unwrap_or("")))
            .unwrap_or(0);
        if new_rank >= old_rank {
            c.records[i] = Some(record);
        }
        c.note(name, &l.goal.status);
    }
}
