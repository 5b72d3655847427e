//! `hcsim grade COURSE EXPORT… [--json]`: replays each learner's export headless (the lab's
//! grader trusts only the recorded steps and seeds) and prints a table, or the gradebook
//! JSON. Exit 0: every learner met every lesson; 1: someone did not; 2: a file is unreadable,
//! damaged, or an export of another course.

use std::io::Write;
use std::path::{Path, PathBuf};

use hcsim_lab::scenario as sc;

use crate::files::{FILE_LIMIT, Reach, read_bounded};
use crate::headless::{EXIT_FAILED, EXIT_INVALID, EXIT_OK};
use crate::safe::Safe;

/// Grades every export against the course and prints the result.
pub fn run(
    course: &Path,
    exports: &[PathBuf],
    reach: Reach,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let (out, err) = (&mut Safe(out), &mut Safe(err));
    let course = match crate::course::load(course, reach) {
        Ok(c) => c,
        Err(e) => {
            let _ = writeln!(err, "hcsim grade: {e}");
            return EXIT_INVALID;
        }
    };
    if exports.is_empty() {
        let _ = writeln!(err, "hcsim grade: give at least one progress export");
        return EXIT_INVALID;
    }
    let mut grades = Vec::with_capacity(exports.len());
    for path in exports {
        let origin = path.display().to_string();
        let graded = read_bounded(path, FILE_LIMIT)
            .and_then(|text| sc::parse_progress(&text, &origin).map_err(|e| e.to_string()))
            .and_then(|p| sc::grade(&course, &p).map_err(|e| format!("{origin}: {e}")));
        match graded {
            Ok(g) => grades.push(g),
            Err(e) => {
                let _ = writeln!(err, "hcsim grade: {e}");
                return EXIT_INVALID;
            }
        }
    }
    if json {
        let _ = writeln!(out, "{}", sc::grade_json(&course, &grades));
    } else {
        let _ = writeln!(out, "Course: {} ({})", course.title, course.hash());
        let _ = write!(out, "{}", sc::grade_table(&grades));
    }
    if grades.iter().all(sc::Grade::all_met) {
        EXIT_OK
    } else {
        EXIT_FAILED
    }
}
