//! The built-in library: scenarios and lessons a trainer can hand out, embedded in the binary
//! (`crates/lab/scenarios/*.json`). `hcsim list` shows them, `hcsim run --builtin NAME` plays
//! one (a lesson with its solution).

use alloc::string::String;
use alloc::vec::Vec;

use serde::Serialize;

/// Scenario or lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Steps with expectations.
    Scenario,
    /// Setup, goal, hints and solution.
    Lesson,
}

impl Kind {
    /// `scenario` / `lesson`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Scenario => "scenario",
            Kind::Lesson => "lesson",
        }
    }
}

/// One built-in file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Builtin {
    /// Name for `hcsim run --builtin NAME` (the file name without its number and `.json`).
    pub name: &'static str,
    /// Scenario or lesson.
    pub kind: Kind,
    /// The file's title.
    pub title: &'static str,
    /// The file's text.
    #[serde(skip)]
    pub text: &'static str,
}

macro_rules! library {
    ($( $file:literal => $name:literal, $kind:ident, $title:literal; )*) => {
        const LIBRARY: &[Builtin] = &[
            $( Builtin {
                name: $name,
                kind: Kind::$kind,
                title: $title,
                text: include_str!(concat!("../../scenarios/", $file, ".json")),
            }, )*
        ];
        /// The file names (without `.json`), in library order.
        pub(crate) const FILES: &[&str] = &[$( $file ),*];
    };
}

library! {
    "01-first-workspace" => "first-workspace", Lesson, "Your first workspace: a FHIR service in a workspace";
}

/// Every built-in, in library order (lessons and scenarios numbered from the basics up).
pub fn builtins() -> Vec<Builtin> {
    LIBRARY.to_vec()
}

/// The built-in called `name` (`first-workspace`; the numbered file name
/// `01-first-workspace` and a trailing `.json` work too). Case-insensitive.
pub fn builtin(name: &str) -> Option<Builtin> {
    let name = name.trim();
    let name = name.strip_suffix(".json").unwrap_or(name);
    LIBRARY
        .iter()
        .zip(FILES)
        .find(|(b, file)| b.name.eq_ignore_ascii_case(name) || file.eq_ignore_ascii_case(name))
        .map(|(b, _)| *b)
}

/// `hcsim list --json`: `[{"name": …, "kind": "scenario"|"lesson", "title": …}, …]`.
pub fn list_json() -> String {
    serde_json::to_string(LIBRARY).unwrap_or_else(|_| String::from("[]"))
}
