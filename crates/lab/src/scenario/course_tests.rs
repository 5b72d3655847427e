//! Course packs: parsing, the record a front end exports, and grading by replay.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use super::*;

const COURSE: &str = r#"{"format": "hcsim-course/1", "title": "Workspace basics",
  "notes": "Do them in order.",
  "lessons": ["first-workspace",
    {"name": "own", "notes": "A lesson of our own.", "lesson": {
      "format": "hcsim-scenario/1", "title": "A group of your own", "seed": 3,
      "steps": [], "goal": [{"exists": "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/mine"}],
      "hints": ["az group create"], "solution": ["az group create -n mine -l westeurope"]}}]}"#;

fn no_files(p: &str) -> Result<String, String> {
    Err(format!("no file {p}"))
}

fn course() -> Course {
    parse_course(COURSE, "course.json", &no_files).unwrap()
}

/// Plays `lines` in a lesson started as a front end starts it, and returns its record.
fn played(c: &Course, name: &str, seed: u64, lines: &[&str], undo: usize) -> LessonRecord {
    let l = c.lesson(name).unwrap();
    let mut run = LessonRun::start(l.scenario.clone(), seed, &no_files);
    for line in lines {
        run.run(line);
    }
    for _ in 0..undo {
        run.lab_mut().undo();
    }
    let progress = run.progress().clone();
    record_of(l, seed, run.lab(), &progress)
}

const SOLUTION: [&str; 4] = [
    "az group create --name rg-clinic --location eastus",
    "az group list -o table",
    "az healthcareapis workspace create --name clinicws --resource-group rg-clinic",
    "az healthcareapis workspace fhir-service create --name patients --workspace-name clinicws --resource-group rg-clinic --kind fhir-R4",
];

#[test]
fn a_course_lists_built_in_and_inline_lessons_with_notes() {
    let c = course();
    let s = c.summary();
    assert_eq!(s.title, "Workspace basics");
    assert_eq!(s.notes.as_deref(), Some("Do them in order."));
    let names: Vec<&str> = s.lessons.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["first-workspace", "own"]);
    assert!(s.lessons[0].builtin && !s.lessons[1].builtin);
    assert_eq!(s.lessons[1].title, "A group of your own");
    // The hash is the course's fingerprint: another title is another course.
    let other = parse_course(&COURSE.replace("Workspace basics", "Other"), "c", &no_files).unwrap();
    assert_ne!(other.hash(), c.hash());
    assert_eq!(course().hash(), c.hash());
}

#[test]
fn a_course_file_lesson_is_read_through_the_loader() {
    let text =
        r#"{"format": "hcsim-course/1", "title": "T", "lessons": [{"file": "l/mine.json"}]}"#;
    let lesson = super::builtin("first-workspace").unwrap().text;
    let c = parse_course(text, "c.json", &|p| {
        assert_eq!(p, "l/mine.json");
        Ok(lesson.to_string())
    })
    .unwrap();
    assert_eq!(c.lessons[0].name, "mine");
}

#[test]
fn bad_course_files_say_what_is_wrong() {
    for (text, needle) in [
        ("{", "not a valid course file"),
        (
            r#"{"format": "hcsim-course/1", "title": "T", "lessons": []}"#,
            "1 to 100 lessons",
        ),
        (
            r#"{"format": "x", "title": "T", "lessons": ["first-workspace"]}"#,
            "\"format\"",
        ),
        (
            r#"{"format": "hcsim-course/1", "title": "T", "lessons": ["nope"]}"#,
            "no built-in lesson 'nope'",
        ),
        (
            r#"{"format": "hcsim-course/1", "title": "T", "lessons": ["names"]}"#,
            "is a scenario, not a lesson",
        ),
        (
            r#"{"format": "hcsim-course/1", "title": "T", "lessons": [{"file": "x.json"}]}"#,
            "no file x.json",
        ),
        (
            r#"{"format": "hcsim-course/1", "title": "T", "lessons": ["rbac2"], "extra": 1}"#,
            "unknown key \"extra\"",
        ),
        (
            r#"{"format": "hcsim-course/1", "title": "T", "lessons": ["first-workspace", "first-workspace"]}"#,
            "used twice",
        ),
    ] {
        let e = parse_course(text, "c.json", &no_files).unwrap_err();
        assert!(e.0.contains(needle), "{text}: {e}");
    }
}

#[test]
fn the_learner_s_lines_are_recorded_and_graded_met_by_replay() {
    let c = course();
    let r = played(&c, "first-workspace", 1, &SOLUTION, 0);
    // Every line that left a mark on the world (the list too: reads are events) is a step.
    assert_eq!(r.steps, SOLUTION);
    assert_eq!(r.claimed.as_deref(), Some("solved"));
    let own = played(&c, "own", 3, &["az group create -n mine -l westeurope"], 0);
    let p = Progress::new(&c, "Ada", vec![r, own]);
    let p = parse_progress(&p.to_json(), "ada.json").unwrap();
    let g = grade(&c, &p).unwrap();
    assert!(g.all_met(), "{g:?}");
    assert_eq!(g.rows[0].status, "solved");
    assert_eq!(g.rows[0].steps, 4);
    let table = grade_table(core::slice::from_ref(&g));
    assert!(
        table.contains("Ada") && table.contains("first-workspace") && table.contains("met"),
        "{table}"
    );
    let json = grade_json(&c, &[g]);
    assert!(
        json.contains("\"allMet\":true") && json.contains("hcsim-grade/1"),
        "{json}"
    );
}

#[test]
fn undone_lines_are_not_part_of_the_record() {
    let c = course();
    let r = played(&c, "first-workspace", 1, &SOLUTION, 1);
    assert_eq!(r.steps, SOLUTION[..3]);
    assert_eq!(r.claimed.as_deref(), Some("in progress"));
}

#[test]
fn an_edited_claim_is_graded_by_the_replay() {
    let c = course();
    let mut r = played(&c, "first-workspace", 1, &SOLUTION[..1], 0);
    r.claimed = Some("solved".into());
    let g = grade(&c, &Progress::new(&c, "Eve", vec![r])).unwrap();
    assert!(!g.rows[0].met && g.rows[0].claim_disagrees);
    assert_eq!(g.rows[0].status, "not met");
    assert_eq!(g.rows[1].status, "not done");
    assert!(grade_table(&[g]).contains("export claimed otherwise"));
}

#[test]
fn a_shown_solution_is_met_but_not_solved() {
    let c = course();
    let mut r = played(&c, "own", 3, &["az group create -n mine -l westeurope"], 0);
    r.solution_shown = true;
    r.claimed = None;
    let g = grade(&c, &Progress::new(&c, "Bob", vec![r])).unwrap();
    assert!(g.rows[1].met);
    assert_eq!(g.rows[1].status, "completed with the solution shown");
}

#[test]
fn foreign_and_damaged_exports_are_refused() {
    let c = course();
    let other = parse_course(&COURSE.replace("Workspace basics", "Other"), "c", &no_files).unwrap();
    let p = Progress::new(&other, "Ada", Vec::new());
    assert!(grade(&c, &p).unwrap_err().0.contains("another course"));
    let mut p = Progress::new(&c, "Ada", Vec::new());
    p.lessons.push(LessonRecord {
        lesson: "ghost".into(),
        seed: 1,
        steps: Vec::new(),
        hints_used: 0,
        solution_shown: false,
        claimed: None,
    });
    assert!(grade(&c, &p).unwrap_err().0.contains("'ghost'"));
    for (text, needle) in [
        ("not json", "not a valid progress export"),
        (r#"{"format": "hcsim-report/1"}"#, "not a progress export"),
        (
            r#"{"format": "hcsim-progress/1", "learner": "A"}"#,
            "damaged export",
        ),
        (
            r#"{"format": "hcsim-progress/1", "learner": " ", "course": "c", "courseHash": "0", "lessons": []}"#,
            "learner",
        ),
    ] {
        let e = parse_progress(text, "x.json").unwrap_err();
        assert!(
            e.0.starts_with("x.json: ") && e.0.contains(needle),
            "{text}: {e}"
        );
    }
}
