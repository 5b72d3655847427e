//! Course packs in the terminal: reading a course file (`hcsim-course/1`; its `file` lessons
//! relative to it, in or below its folder unless `--allow-outside-files`) for `hcsim grade`
//! and `hcsim --course`. The format, hashing and grading are the lab's
//! (`hcsim_lab::scenario::course`); this module only opens files.

use std::path::{Path, PathBuf};

use hcsim_lab::scenario::{self as sc, Course};

use crate::files::{FILE_LIMIT, Reach, read_bounded};

/// The folder a file's relative paths start from.
pub fn base_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| ".".into())
}

/// Reads and parses a course file; the error names the file and what is wrong.
pub fn load(path: &Path, reach: Reach) -> Result<Course, String> {
    let text = read_bounded(path, FILE_LIMIT)?;
    let files = crate::files::loader(base_of(path), reach);
    sc::parse_course(&text, &path.display().to_string(), &files).map_err(|e| e.to_string())
}

/// A course lesson as the terminal's scenario type (to start it like any lesson).
pub fn lesson(course: &Course, index: usize) -> Option<(String, crate::scenarios::Scenario)> {
    let l = course.lessons.get(index)?;
    Some((
        l.name.clone(),
        crate::scenarios::from_lab(l.scenario.clone()),
    ))
}
