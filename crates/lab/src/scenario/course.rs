//! Course packs and grading: a trainer's course file (`hcsim-course/1`: a title, notes and an
//! ordered list of lessons, built in, from a file beside the course, or inline), a learner's
//! progress export (`hcsim-progress/1`: per lesson the seed and the exact lines that changed
//! the world, hints used, whether the solution was shown), and the grader behind
//! `hcsim grade`.
//!
//! The grader trusts nothing in an export but its steps: it replays each lesson headless on a
//! fresh lab with the recorded seed, plays the recorded lines, and checks the lesson's goal.
//! Replays are deterministic, so a grade cannot be faked by editing a claimed result, only by
//! doing the steps (a `claimed` status that disagrees with the replay is reported, and loses).
//!
//! ```
//! use hcsim_lab::scenario::{grade, parse_course, parse_progress};
//! let course = parse_course(r#"{"format": "hcsim-course/1", "title": "Basics",
//!   "lessons": ["first-workspace"]}"#, "course.json", &|p| Err(format!("no file {p}"))).unwrap();
//! let export = format!(r#"{{"format": "hcsim-progress/1", "learner": "Ada",
//!   "course": "Basics", "courseHash": "{}", "lessons": [{{"lesson": "first-workspace",
//!   "seed": 1, "steps": ["az group create -n rg-clinic -l eastus"]}}]}}"#, course.hash());
//! let g = grade(&course, &parse_progress(&export, "ada.json").unwrap()).unwrap();
//! assert!(!g.rows[0].met && g.rows[0].steps == 1);
//! ```

use alloc::borrow::ToOwned;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::builtins::builtin;
use super::lesson::{LessonProgress, LessonRun};
use super::model::{MAX_FILE_BYTES, MAX_LINE_BYTES, MAX_STEPS, Scenario, parse_scenario};
use super::run::LessonStatus;
use crate::lab::Lab;

/// The `format` of course files.
pub const COURSE_FORMAT: &str = "hcsim-course/1";
/// The `format` of progress exports.
pub const PROGRESS_FORMAT: &str = "hcsim-progress/1";
/// The `format` of `hcsim grade --json`.
pub const GRADE_FORMAT: &str = "hcsim-grade/1";
/// Most lessons in one course.
pub const MAX_LESSONS: usize = 100;

/// One lesson of a course.
#[derive(Clone, Debug, PartialEq)]
pub struct CourseLesson {
    /// The name exports refer to it by (a built-in's name, the file name, or the inline
    /// lesson's `name`).
    pub name: String,
    /// The trainer's notes for this lesson.
    pub notes: Option<String>,
    /// Whether it is a built-in (the browser starts those by name).
    pub builtin: bool,
    /// The lesson.
    pub scenario: Scenario,
    /// The lesson's source text (hashed, so an export names the exact lessons it did).
    source: String,
}

/// A course: an ordered list of lessons with a title and notes.
#[derive(Clone, Debug, PartialEq)]
pub struct Course {
    /// Title.
    pub title: String,
    /// The trainer's notes.
    pub notes: Option<String>,
    /// The lessons, in order.
    pub lessons: Vec<CourseLesson>,
}

/// Why a course, an export or a grading run was refused (`hcsim grade` exits 2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CourseError(pub String);

impl core::fmt::Display for CourseError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

fn err<T>(origin: &str, message: impl core::fmt::Display) -> Result<T, CourseError> {
    Err(CourseError(format!("{origin}: {message}")))
}

/// FNV-1a 64 of `parts` (each followed by a 0 byte, so parts cannot run into each other).
fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(core::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

fn read_json(text: &str, origin: &str, what: &str) -> Result<Value, CourseError> {
    if text.len() > MAX_FILE_BYTES {
        return err(origin, format!("the {what} is larger than 4 MB"));
    }
    serde_json::from_str(text).or_else(|e| {
        err(
            origin,
            format!(
                "not a valid {what} (line {}, column {}): {e}",
                e.line(),
                e.column()
            ),
        )
    })
}

fn text_of(v: Option<&Value>, origin: &str, key: &str) -> Result<Option<String>, CourseError> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.len() <= MAX_LINE_BYTES => Ok(Some(s.clone())),
        Some(_) => err(origin, format!("\"{key}\" must be a text (at most 64 KB)")),
    }
}

/// Parses a course file. Lessons are a built-in's name (`"first-workspace"` or
/// `{"builtin": …}`), `{"file": "lesson.json"}` read through `files` (relative to the course),
/// or `{"lesson": {…}}` inline; each may carry `"notes"`.
pub fn parse_course(
    text: &str,
    origin: &str,
    files: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Course, CourseError> {
    let Value::Object(top) = read_json(text, origin, "course file")? else {
        return err(origin, "a course file is a JSON object");
    };
    for k in top.keys() {
        if !["$schema", "format", "title", "notes", "lessons"].contains(&k.as_str()) {
            return err(
                origin,
                format!("unknown key \"{k}\" (a course has format, title, notes, lessons)"),
            );
        }
    }
    match top.get("format").and_then(Value::as_str) {
        Some(COURSE_FORMAT) => {}
        _ => return err(origin, format!("\"format\" must be \"{COURSE_FORMAT}\"")),
    }
    let Some(title) = text_of(top.get("title"), origin, "title")? else {
        return err(origin, "a course needs a \"title\"");
    };
    let notes = text_of(top.get("notes"), origin, "notes")?;
    let Some(Value::Array(items)) = top.get("lessons") else {
        return err(origin, "a course needs \"lessons\": a list");
    };
    if items.is_empty() || items.len() > MAX_LESSONS {
        return err(
            origin,
            format!(
                "a course has 1 to {MAX_LESSONS} lessons, not {}",
                items.len()
            ),
        );
    }
    let mut lessons: Vec<CourseLesson> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at = format!("{origin}: lesson {}", i + 1);
        let lesson = course_lesson(item, &at, files)?;
        if lessons
            .iter()
            .any(|l| l.name.eq_ignore_ascii_case(&lesson.name))
        {
            return err(&at, format!("the name '{}' is used twice", lesson.name));
        }
        lessons.push(lesson);
    }
    Ok(Course {
        title,
        notes,
        lessons,
    })
}

fn course_lesson(
    item: &Value,
    at: &str,
    files: &dyn Fn(&str) -> Result<String, String>,
) -> Result<CourseLesson, CourseError> {
    let (map, name_only) = match item {
        Value::String(s) => (serde_json::Map::new(), Some(s.as_str())),
        Value::Object(m) => (m.clone(), None),
        _ => return err(at, "a lesson is a built-in's name or an object"),
    };
    for k in map.keys() {
        if !["builtin", "file", "lesson", "name", "notes"].contains(&k.as_str()) {
            return err(
                at,
                format!("unknown key \"{k}\" (use builtin, file or lesson, with name, notes)"),
            );
        }
    }
    let notes = text_of(map.get("notes"), at, "notes")?;
    let given = text_of(map.get("name"), at, "name")?;
    let builtin_name = name_only
        .map(str::to_owned)
        .or(text_of(map.get("builtin"), at, "builtin")?);
    let file = text_of(map.get("file"), at, "file")?;
    let (name, source, origin, is_builtin) = match (builtin_name, file, map.get("lesson")) {
        (Some(b), None, None) => {
            let Some(found) = builtin(&b) else {
                return err(
                    at,
                    format!("there is no built-in lesson '{b}' (hcsim list)"),
                );
            };
            let origin = format!("builtin:{}", found.name);
            (found.name.to_string(), found.text.to_string(), origin, true)
        }
        (None, Some(f), None) => {
            let text = files(&f).or_else(|e| err(at, e))?;
            let stem = f.rsplit(['/', '\\']).next().unwrap_or(&f);
            let stem = stem.strip_suffix(".json").unwrap_or(stem).to_string();
            (stem, text, f, false)
        }
        (None, None, Some(inline @ Value::Object(_))) => {
            let Some(n) = given.clone() else {
                return err(at, "an inline lesson needs a \"name\"");
            };
            (n, inline.to_string(), at.to_string(), false)
        }
        _ => {
            return err(
                at,
                "give exactly one of builtin, file or lesson (an object)",
            );
        }
    };
    let scenario = parse_scenario(&source, &origin).map_err(|e| CourseError(e.to_string()))?;
    if !scenario.is_lesson() {
        return err(
            at,
            format!("'{name}' is a scenario, not a lesson (it has no goal)"),
        );
    }
    Ok(CourseLesson {
        name: given.unwrap_or(name),
        notes,
        builtin: is_builtin,
        scenario,
        source,
    })
}

impl Course {
    /// The course's fingerprint (FNV-1a 64, hex): its title and every lesson's name and text.
    /// An export names it, so it is graded against the very lessons it was done on.
    pub fn hash(&self) -> String {
        let mut parts: Vec<&str> = Vec::with_capacity(1 + 2 * self.lessons.len());
        parts.push(&self.title);
        for l in &self.lessons {
            parts.push(&l.name);
            parts.push(&l.source);
        }
        format!("{:016x}", fnv(&parts))
    }

    /// The lesson called `name`.
    pub fn lesson(&self, name: &str) -> Option<&CourseLesson> {
        self.lessons
            .iter()
            .find(|l| l.name.eq_ignore_ascii_case(name))
    }

    /// The course as a front end lists it.
    pub fn summary(&self) -> CourseSummary {
        CourseSummary {
            title: self.title.clone(),
            notes: self.notes.clone(),
            hash: self.hash(),
            lessons: self
                .lessons
                .iter()
                .map(|l| CourseLessonSummary {
                    name: l.name.clone(),
                    title: l.scenario.title.clone(),
                    notes: l.notes.clone(),
                    builtin: l.builtin,
                })
                .collect(),
        }
    }
}

/// What a course panel lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CourseSummary {
    /// Title.
    pub title: String,
    /// The trainer's notes.
    pub notes: Option<String>,
    /// [`Course::hash`].
    pub hash: String,
    /// The lessons, in order.
    pub lessons: Vec<CourseLessonSummary>,
}

/// One lesson of a [`CourseSummary`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CourseLessonSummary {
    /// The name exports use.
    pub name: String,
    /// The lesson's title.
    pub title: String,
    /// The trainer's notes.
    pub notes: Option<String>,
    /// A built-in lesson.
    pub builtin: bool,
}

/// One lesson as a learner did it: what the grader replays.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LessonRecord {
    /// The course lesson's name.
    pub lesson: String,
    /// The seed the lesson ran with.
    pub seed: u64,
    /// The lines that changed the world after the setup, in order (undone lines left out).
    pub steps: Vec<String>,
    /// Hints revealed.
    #[serde(default)]
    pub hints_used: usize,
    /// Whether the solution was shown.
    #[serde(default)]
    pub solution_shown: bool,
    /// What the learner's front end saw (`solved`, …); the grader replays and says its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimed: Option<String>,
}

/// A learner's progress export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Progress {
    /// Always [`PROGRESS_FORMAT`].
    pub format: String,
    /// Who did it.
    pub learner: String,
    /// The course's title.
    pub course: String,
    /// [`Course::hash`] of the course it was done on.
    pub course_hash: String,
    /// The lessons done, in any order (the last record of a lesson counts).
    pub lessons: Vec<LessonRecord>,
}

impl Progress {
    /// A new export for `course`.
    pub fn new(course: &Course, learner: &str, lessons: Vec<LessonRecord>) -> Progress {
        Progress {
            format: PROGRESS_FORMAT.into(),
            learner: learner.trim().into(),
            course: course.title.clone(),
            course_hash: course.hash(),
            lessons,
        }
    }

    /// The export as pretty JSON (what "Export progress" downloads).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// Parses a progress export; refuses damaged or foreign files with the reason.
pub fn parse_progress(text: &str, origin: &str) -> Result<Progress, CourseError> {
    let value = read_json(text, origin, "progress export")?;
    if value.get("format").and_then(Value::as_str) != Some(PROGRESS_FORMAT) {
        return err(
            origin,
            format!("not a progress export (\"format\" must be \"{PROGRESS_FORMAT}\")"),
        );
    }
    let p: Progress =
        serde_json::from_value(value).or_else(|e| err(origin, format!("damaged export: {e}")))?;
    if p.learner.trim().is_empty() || p.learner.len() > 200 {
        return err(
            origin,
            "the learner's name is empty or longer than 200 bytes",
        );
    }
    if p.lessons.len() > MAX_LESSONS {
        return err(origin, format!("more than {MAX_LESSONS} lessons"));
    }
    for r in &p.lessons {
        if r.steps.len() > MAX_STEPS || r.steps.iter().any(|s| s.len() > MAX_LINE_BYTES) {
            return err(
                origin,
                format!(
                    "lesson '{}': more than {MAX_STEPS} steps or a line over 64 KB",
                    r.lesson
                ),
            );
        }
    }
    Ok(p)
}

/// The record of the lesson being played in `lab` (started from `lesson` with `seed`): the
/// lines after the setup, up to the history's cursor (undone lines are not part of it).
/// The setup's length is found by replaying it, so nothing but the lab is needed.
pub fn record_of(
    lesson: &CourseLesson,
    seed: u64,
    lab: &Lab,
    progress: &LessonProgress,
) -> LessonRecord {
    let setup = LessonRun::start(lesson.scenario.clone(), seed, &|p: &str| lab.read_file(p));
    let skip = setup.lab().session().cursor();
    let s = lab.session();
    let steps = s.steps()[..s.cursor()]
        .iter()
        .skip(skip)
        .map(|st| st.label.clone())
        .collect();
    let goal = progress.check(lab.world());
    LessonRecord {
        lesson: lesson.name.clone(),
        seed,
        steps,
        hints_used: progress.hints_shown().len(),
        solution_shown: progress.solution_shown(),
        claimed: Some(goal.status.as_str().into()),
    }
}

/// One row of a grade.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GradeRow {
    /// The learner.
    pub learner: String,
    /// The lesson's name.
    pub lesson: String,
    /// The goal holds after the replay.
    pub met: bool,
    /// `solved`, `completed with the solution shown`, `in progress`, or `not done`.
    pub status: String,
    /// Lines replayed.
    pub steps: usize,
    /// Hints used.
    pub hints_used: usize,
    /// The export claimed another result than the replay gives.
    pub claim_disagrees: bool,
}

/// A learner's grade.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Grade {
    /// One row per course lesson, in course order.
    pub rows: Vec<GradeRow>,
}

/// Grades `p` on `course` by replaying every lesson it recorded; a lesson it lacks is "not
/// done". Refuses an export of another course.
pub fn grade(course: &Course, p: &Progress) -> Result<Grade, CourseError> {
    if p.course_hash != course.hash() {
        return Err(CourseError(format!(
            "{}'s export is for another course ('{}', {}), not '{}' ({}): grade it with the course it was done on",
            p.learner,
            p.course,
            p.course_hash,
            course.title,
            course.hash()
        )));
    }
    if let Some(r) = p
        .lessons
        .iter()
        .find(|r| course.lesson(&r.lesson).is_none())
    {
        return Err(CourseError(format!(
            "{}'s export has a lesson '{}' the course does not have",
            p.learner, r.lesson
        )));
    }
    let rows = course
        .lessons
        .iter()
        .map(
            |l| match p.lessons.iter().rev().find(|r| r.lesson == l.name) {
                Some(r) => replay(l, r, &p.learner),
                None => GradeRow {
                    learner: p.learner.clone(),
                    lesson: l.name.clone(),
                    met: false,
                    status: "not done".into(),
                    steps: 0,
                    hints_used: 0,
                    claim_disagrees: false,
                },
            },
        )
        .collect();
    Ok(Grade { rows })
}

/// Replays one record: the lesson's setup with the recorded seed, then its lines, then the
/// goal. Files the lines name are not available to a replay (a lesson that needs one ships
/// it in its setup).
fn replay(lesson: &CourseLesson, r: &LessonRecord, learner: &str) -> GradeRow {
    let none = |p: &str| Err(format!("the file '{p}' is not available to a replay"));
    let mut run = LessonRun::start(lesson.scenario.clone(), r.seed, &none);
    for line in &r.steps {
        run.run(line);
    }
    let g = run
        .progress()
        .check(run.lab().world())
        .with_solution_shown(r.solution_shown);
    let status = g.status.as_str().to_string();
    GradeRow {
        learner: learner.into(),
        lesson: lesson.name.clone(),
        met: g.met,
        claim_disagrees: r.claimed.as_deref().is_some_and(|c| c != status),
        status: if g.status == LessonStatus::InProgress {
            "not met".into()
        } else {
            status
        },
        steps: r.steps.len(),
        hints_used: r.hints_used,
    }
}

impl Grade {
    /// Every lesson met.
    pub fn all_met(&self) -> bool {
        self.rows.iter().all(|r| r.met)
    }
}

/// `hcsim grade`'s table: learner, lesson, met or not, status, steps, hints.
pub fn grade_table(grades: &[Grade]) -> String {
    let rows: Vec<[String; 6]> = grades
        .iter()
        .flat_map(|g| &g.rows)
        .map(|r| {
            [
                r.learner.clone(),
                r.lesson.clone(),
                if r.met { "met" } else { "not met" }.into(),
                if r.claim_disagrees {
                    format!("{} (export claimed otherwise)", r.status)
                } else {
                    r.status.clone()
                },
                r.steps.to_string(),
                r.hints_used.to_string(),
            ]
        })
        .collect();
    let head = ["Learner", "Lesson", "Result", "Status", "Steps", "Hints"];
    let mut width: [usize; 6] = head.map(|h| h.chars().count());
    for r in &rows {
        for (w, c) in width.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &[&str]| {
        let parts: Vec<String> = cells
            .iter()
            .zip(width)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        out.push_str(parts.join("  ").trim_end());
        out.push('\n');
    };
    line(&head);
    let rule: Vec<String> = width.iter().map(|w| "-".repeat(*w)).collect();
    line(&rule.iter().map(String::as_str).collect::<Vec<_>>());
    for r in &rows {
        line(&r.iter().map(String::as_str).collect::<Vec<_>>());
    }
    out
}

/// `hcsim grade --json`: `{"format": "hcsim-grade/1", "course": …, "courseHash": …,
/// "allMet": …, "rows": [{learner, lesson, met, status, steps, hintsUsed, claimDisagrees}]}`.
pub fn grade_json(course: &Course, grades: &[Grade]) -> String {
    let rows: Vec<&GradeRow> = grades.iter().flat_map(|g| &g.rows).collect();
    serde_json::json!({
        "format": GRADE_FORMAT,
        "course": course.title,
        "courseHash": course.hash(),
        "allMet": grades.iter().all(Grade::all_met),
        "rows": rows,
    })
    .to_string()
}
