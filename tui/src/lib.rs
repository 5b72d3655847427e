//! hcsim-tui: the terminal front end of hcsim (binary `hcsim`).
//!
//! Modules in reading order (each uses only modules above it):
//! - [`cli`]: the command line (`hcsim`, `hcsim run`, `hcsim list`, `hcsim exec`).
//! - [`files`]: the one bounded reader for every file hcsim opens.
//! - [`safe`]: the one sanitizer for text that reaches a terminal.
//! - [`keys`]: key bindings as data (help screen and TOML overrides come from the table).
//! - [`theme`]: the colours, in one place (plain for `NO_COLOR`).
//! - [`scenarios`]: the one door to the lab's scenario runner, lessons and built-ins.
//! - [`course`]: course files (`hcsim-course/1`) opened from the terminal.
//! - [`app`]: the interactive simulator's state and input handling.
//! - [`ui`]: draws the app (it reads [`app`]; the app never calls it).
//! - [`headless`]: the commands that print and exit (scenario runs for CI and authors).
//! - [`grade`]: `hcsim grade` (replays learners' progress exports, prints the grades).
//! - [`serve`]: `hcsim serve` (the HTTPS ARM endpoint for real clients; the server is the
//!   `hcsim-serve` crate).
//! - [`term`]: terminal set-up and restore (also on panic) and the event loop.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod app;
pub mod cli;
pub mod course;
pub mod files;
pub mod grade;
pub mod headless;
pub mod keys;
pub mod safe;
pub mod scenarios;
pub mod serve;
pub mod term;
pub mod theme;
pub mod ui;

/// A fresh random seed (OS randomness); falls back to the clock if the OS has none. Whoever
/// calls this prints the seed, so any run can be reproduced.
pub fn random_seed() -> u64 {
    getrandom::u64().unwrap_or_else(|_| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(42)
    })
}

/// A file loader that reads paths relative to `base` (absolute paths as they are), for the
/// commands a user types. Every read is bounded ([`files::read_bounded`]); scenario files use
/// [`files::loader`] with [`files::Reach::BelowBase`] instead.
pub fn file_loader(base: std::path::PathBuf) -> impl Fn(&str) -> Result<String, String> + 'static {
    files::loader(base, files::Reach::Anywhere)
}
