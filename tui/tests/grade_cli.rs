//! `hcsim grade COURSE EXPORT… [--json]` as a process: a learner who did the steps is met
//! (exit 0), one who did not is not (exit 1), a damaged or foreign export is refused (exit 2),
//! and an export whose claimed result was edited is graded by the replay.

use std::path::PathBuf;
use std::process::{Command, Output};

use hcsim_lab::scenario::{LessonRun, Progress, parse_course, record_of};

fn hcsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hcsim"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs hcsim")
}

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("hcsim-grade-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A course of the built-in first lesson and a lesson file beside the course.
const COURSE: &str = r#"{"format": "hcsim-course/1", "title": "Workspace basics",
  "notes": "Start here.", "lessons": ["first-workspace", {"file": "lessons/group.json", "notes": "Ours."}]}"#;
const GROUP_LESSON: &str = r#"{"format": "hcsim-scenario/1", "title": "A group of your own",
  "steps": [], "goal": [{"exists": "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/mine"}],
  "hints": ["az group create"], "solution": ["az group create -n mine -l westeurope"]}"#;

const FIRST: [&str; 3] = [
    "az group create --name rg-clinic --location eastus",
    "az healthcareapis workspace create --name clinicws --resource-group rg-clinic",
    "az healthcareapis workspace fhir-service create --name patients --workspace-name clinicws --resource-group rg-clinic --kind fhir-R4",
];

/// Writes the course and returns (folder, course path).
fn course_dir(name: &str) -> (PathBuf, PathBuf) {
    let d = tmpdir(name);
    std::fs::create_dir_all(d.join("lessons")).unwrap();
    std::fs::write(d.join("lessons/group.json"), GROUP_LESSON).unwrap();
    let c = d.join("course.json");
    std::fs::write(&c, COURSE).unwrap();
    (d, c)
}

/// The export a learner's front end writes after typing `first` and `group` in the lessons.
fn export(dir: &std::path::Path, learner: &str, first: &[&str], group: &[&str]) -> String {
    let files = |p: &str| std::fs::read_to_string(dir.join(p)).map_err(|e| e.to_string());
    let course = parse_course(COURSE, "course.json", &files).unwrap();
    let mut records = Vec::new();
    for (lesson, lines) in course.lessons.iter().zip([first, group]) {
        let mut run = LessonRun::start(lesson.scenario.clone(), 7, &files);
        for l in lines {
            run.run(l);
        }
        let progress = run.progress().clone();
        records.push(record_of(lesson, 7, run.lab(), &progress));
    }
    Progress::new(&course, learner, records).to_json()
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn learners_who_did_the_steps_are_met_and_exit_0() {
    let (d, c) = course_dir("met");
    let ada = d.join("ada.json");
    std::fs::write(
        &ada,
        export(
            &d,
            "Ada",
            &FIRST,
            &["az group create -n mine -l westeurope"],
        ),
    )
    .unwrap();
    let o = hcsim(&["grade", c.to_str().unwrap(), ada.to_str().unwrap()]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}{err}");
    assert!(
        out.contains("Learner")
            && out.contains("Lesson")
            && out.contains("Steps")
            && out.contains("Hints"),
        "{out}"
    );
    let rows: Vec<&str> = out.lines().filter(|l| l.starts_with("Ada")).collect();
    assert_eq!(rows.len(), 2, "{out}");
    assert!(
        rows[0].contains("first-workspace")
            && rows[0].contains("met")
            && rows[0].contains("solved"),
        "{out}"
    );
    assert!(
        rows[1].contains("group") && !rows[1].contains("not met"),
        "{out}"
    );
    // The gradebook JSON says the same.
    let o = hcsim(&[
        "grade",
        c.to_str().unwrap(),
        ada.to_str().unwrap(),
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["format"], "hcsim-grade/1");
    assert_eq!(v["allMet"], true);
    assert_eq!(v["rows"][0]["learner"], "Ada");
    assert_eq!(v["rows"][0]["steps"], 3);
    assert_eq!(v["rows"][0]["hintsUsed"], 0);
}

#[test]
fn a_learner_who_did_not_finish_is_not_met_and_exit_1() {
    let (d, c) = course_dir("notmet");
    let ada = d.join("ada.json");
    let bob = d.join("bob.json");
    std::fs::write(
        &ada,
        export(
            &d,
            "Ada",
            &FIRST,
            &["az group create -n mine -l westeurope"],
        ),
    )
    .unwrap();
    std::fs::write(&bob, export(&d, "Bob", &FIRST[..2], &[])).unwrap();
    let o = hcsim(&[
        "grade",
        c.to_str().unwrap(),
        ada.to_str().unwrap(),
        bob.to_str().unwrap(),
    ]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}{err}");
    let bob_rows: Vec<&str> = out.lines().filter(|l| l.starts_with("Bob")).collect();
    assert!(bob_rows.iter().all(|r| r.contains("not met")), "{out}");
    assert!(
        out.lines()
            .filter(|l| l.starts_with("Ada"))
            .all(|r| !r.contains("not met")),
        "{out}"
    );
}

#[test]
fn an_edited_claim_is_graded_by_the_replay() {
    let (d, c) = course_dir("tampered");
    let eve = d.join("eve.json");
    // Eve did one line, then edited her export to claim both lessons solved.
    let honest = export(&d, "Eve", &FIRST[..1], &[]);
    let tampered = honest.replace("\"in progress\"", "\"solved\"");
    assert_ne!(honest, tampered);
    std::fs::write(&eve, tampered).unwrap();
    let o = hcsim(&["grade", c.to_str().unwrap(), eve.to_str().unwrap()]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}{err}");
    assert!(
        out.contains("not met") && out.contains("export claimed otherwise"),
        "{out}"
    );
}

#[test]
fn damaged_foreign_and_missing_files_exit_2_with_a_clear_message() {
    let (d, c) = course_dir("invalid");
    let damaged = d.join("damaged.json");
    std::fs::write(&damaged, "{\"format\": \"hcsim-progress/1\", \"learner\": ").unwrap();
    let o = hcsim(&["grade", c.to_str().unwrap(), damaged.to_str().unwrap()]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("damaged.json") && err.contains("not a valid progress export"),
        "{err}"
    );
    // An export of another course (its hash differs) is refused, not graded.
    let foreign = d.join("foreign.json");
    let other = export(&d, "Ada", &FIRST, &[]).replace("Workspace basics", "Another course");
    let v: serde_json::Value = serde_json::from_str(&other).unwrap();
    let mut v = v;
    v["courseHash"] = "0123456789abcdef".into();
    std::fs::write(&foreign, v.to_string()).unwrap();
    let o = hcsim(&["grade", c.to_str().unwrap(), foreign.to_str().unwrap()]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("another course"), "{err}");
    // A course file that is not one.
    let o = hcsim(&[
        "grade",
        damaged.to_str().unwrap(),
        foreign.to_str().unwrap(),
    ]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("not a valid course file"), "{err}");
    let o = hcsim(&[
        "grade",
        c.to_str().unwrap(),
        d.join("nobody.json").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
}
