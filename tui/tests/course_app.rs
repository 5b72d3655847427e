//! `hcsim --course FILE` in the terminal: the lesson menu lists the course's lessons with the
//! progress in each, Enter starts the next one, and a solved lesson says so.

mod common;

use common::*;
use crossterm::event::KeyCode;
use hcsim_lab::scenario::parse_course;

const COURSE: &str = r#"{"format": "hcsim-course/1", "title": "Workspace basics",
  "lessons": ["first-workspace", "private-link"]}"#;

#[test]
fn a_course_lists_its_lessons_with_progress_and_starts_the_next() {
    let mut app = app();
    let course = parse_course(COURSE, "course.json", &|p| Err(format!("no {p}"))).unwrap();
    app.open_course(course, Some(1));
    // The course's lessons with their progress; Enter starts the next one.
    let s = screen(&app, 160, 48);
    assert!(s.contains("Course: Workspace basics"), "{s}");
    assert!(
        s.contains("1. first-workspace") && s.contains("(not started)"),
        "{s}"
    );
    key(&mut app, KeyCode::Enter);
    let s = screen(&app, 160, 48);
    assert!(
        s.contains("first-workspace") && s.contains("in progress"),
        "{s}"
    );
    key(&mut app, KeyCode::Esc);
    for line in hcsim_tui::scenarios::builtin("first-workspace")
        .unwrap()
        .solution_lines()
    {
        command(&mut app, &line);
    }
    // The lesson menu is the course's: both lessons, the first solved, the second not started.
    keys(&mut app, "L");
    keys(&mut app, "n");
    let s = screen(&app, 160, 48);
    assert!(s.contains("Course: Workspace basics"), "{s}");
    assert!(
        s.contains("✓ 1. first-workspace") && s.contains("(solved)"),
        "{s}"
    );
    assert!(
        s.contains("2. private-link") && s.contains("(not started)"),
        "{s}"
    );
    // The export holds the lesson's seed and lines, and grades as met.
    let export = app.course_export("Ada").unwrap();
    let p = hcsim_lab::scenario::parse_progress(&export, "ada.json").unwrap();
    assert_eq!(p.lessons.len(), 1);
    assert_eq!(p.lessons[0].seed, 1);
    let course = parse_course(COURSE, "course.json", &|p| Err(format!("no {p}"))).unwrap();
    let g = hcsim_lab::scenario::grade(&course, &p).unwrap();
    assert!(g.rows[0].met && !g.rows[1].met, "{g:?}");
    // Enter on the selected (next) lesson starts it.
    key(&mut app, KeyCode::Enter);
    let s = screen(&app, 160, 48);
    assert!(s.contains("private-link"), "{s}");
}

#[test]
fn hcsim_course_with_a_bad_file_exits_2_and_says_why() {
    let d = std::env::temp_dir().join(format!("hcsim-course-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    let f = d.join("course.json");
    std::fs::write(
        &f,
        r#"{"format": "hcsim-course/1", "title": "T", "lessons": ["nope"]}"#,
    )
    .unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_hcsim"))
        .args(["--course", f.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no built-in lesson 'nope'"));
}
