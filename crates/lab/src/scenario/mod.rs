//! Scenario and lesson files (`hcsim-scenario/1`, SCENARIOS.md): the parser, the runner
//! behind `hcsim run`, lesson goals for interactive front ends, the built-in library, and
//! course packs with their progress exports and grading (`hcsim grade`).
//!
//! ```
//! use hcsim_lab::scenario::{RunOptions, parse_scenario, run_scenario};
//! let s = parse_scenario(r#"{
//!   "format": "hcsim-scenario/1", "title": "children need a workspace", "seed": 7,
//!   "steps": [
//!     "az group create --name rg1 --location eastus",
//!     {"run": "az healthcareapis workspace fhir-service create -n fhir1 --workspace-name ws1 -g rg1",
//!      "expect": {"ok": false, "rule": "workspace-first"}}
//!   ]}"#, "example.json").unwrap();
//! let report = run_scenario(&s, &RunOptions::default(), &|p| Err(format!("no file {p}")));
//! assert!(report.passed && report.exit_code() == 0 && report.seed == 7);
//! ```
//!
//! Runs are deterministic: timing defaults to `instant` (a file may ask for `realistic`),
//! the seed comes from `--seed`, the file, or the front end's random pick, and the report
//! always carries it with the final trace hash.

mod builtins;
// Without the `full` feature only the library's catalog (names, kinds, titles) is here: the
// files' texts, their parser and runner, and courses (graded by replaying lessons) come with
// the full build.
#[cfg(feature = "full")]
mod course;
#[cfg(all(test, feature = "full"))]
mod course_tests;
#[cfg(feature = "full")]
mod lesson;
#[cfg(feature = "full")]
mod model;
#[cfg(feature = "full")]
mod report;
#[cfg(feature = "full")]
mod run;
#[cfg(feature = "full")]
mod schema;

pub use builtins::{Builtin, Kind, builtin, builtins, list_json};
#[cfg(feature = "full")]
pub use course::{
    COURSE_FORMAT, Course, CourseError, CourseLesson, CourseLessonSummary, CourseSummary,
    GRADE_FORMAT, Grade, GradeRow, LessonRecord, PROGRESS_FORMAT, Progress, grade, grade_json,
    grade_table, parse_course, parse_progress, record_of,
};
#[cfg(feature = "full")]
pub use lesson::{LessonProgress, LessonRun, LessonSummary};
#[cfg(feature = "full")]
pub use model::{
    Check, Expect, FORMAT, MAX_FILE_BYTES, MAX_LINE_BYTES, MAX_STEPS, PropertyCheck, Scenario,
    ScenarioError, StepSpec, parse_scenario,
};
#[cfg(feature = "full")]
pub use run::{
    CheckResult, Expectation, GoalReport, LessonStatus, Phase, REPORT_FORMAT, Report, RunOptions,
    StepReport, Tally, check_goal, run_scenario,
};
#[cfg(feature = "full")]
pub use schema::SCHEMA;
