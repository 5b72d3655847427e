//! hcsim-tui: the terminal front end of hcsim (binary `hcsim`).
//!
//! Modules in reading order (each uses only modules above it):
//! - [`cli`]: the command line (`hcsim`, `hcsim run`, `hcsim list`, `hcsim exec`).
//! - [`keys`]: key bindings as data (help screen and TOML overrides come from the table).
//! - [`theme`]: the colours, in one place (plain for `NO_COLOR`).
//! - [`scenarios`]: the one door to the lab's scenario runner, lessons and built-ins.
//! - [`app`]: the interactive simulator's state and input handling.
//! - [`ui`]: draws the app (it reads [`app`]; the app never calls it).
//! - [`headless`]: the commands that print and exit (scenario runs for CI and authors).
//! - [`term`]: terminal set-up and restore (also on panic) and the event loop.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod app;
pub mod cli;
pub mod headless;
pub mod keys;
pub mod scenarios;
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

/// A file loader that reads paths relative to `base` (absolute paths as they are). Files
/// named by commands (`--template-file`, `@file`) resolve against a scenario's directory.
pub fn file_loader(base: std::path::PathBuf) -> impl Fn(&str) -> Result<String, String> + 'static {
    move |path: &str| {
        let p = std::path::Path::new(path);
        let full = if p.is_absolute() {
            p.to_path_buf()
        } else {
            base.join(p)
        };
        // Bounded like ARM's own 4 MB template limit, with room for parameters files.
        match std::fs::metadata(&full) {
            Ok(m) if m.len() > 16 * 1024 * 1024 => {
                return Err(format!("{path}: the file is larger than 16 MB"));
            }
            _ => {}
        }
        std::fs::read_to_string(&full).map_err(|e| format!("{path}: {e}"))
    }
}
