//! The commands that print and exit: `hcsim run`, `hcsim list`, `hcsim exec`. They write to
//! the given streams (so tests can capture them; sanitized for a terminal by [`Safe`]) and return the process exit code.

use std::io::{IsTerminal, Write};
use std::path::Path;

use hcsim_core::Config;
use hcsim_lab::Lab;

use crate::safe::Safe;
use crate::scenarios;

/// Exit code: every expectation met / every command succeeded.
pub const EXIT_OK: i32 = 0;
/// Exit code: some expectation failed / some command failed.
pub const EXIT_FAILED: i32 = 1;
/// Exit code: the file could not be read or is not a valid scenario.
pub const EXIT_INVALID: i32 = 2;

/// True if coloured output suits `stdout` (a terminal, and `NO_COLOR` unset).
pub fn color_for_stdout() -> bool {
    std::io::stdout().is_terminal() && !crate::theme::no_color()
}

/// `hcsim run FILE|--builtin NAME [--seed N] [--json]`. The scenario's commands read files
/// only in or below its folder unless `reach` is [`crate::files::Reach::Anywhere`].
#[allow(clippy::too_many_arguments)]
pub fn run(
    file: Option<&Path>,
    reach: crate::files::Reach,
    builtin: Option<&str>,
    seed: Option<u64>,
    json: bool,
    color: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let (out, err) = (&mut Safe(out), &mut Safe(err));
    let (scenario, base) = match (file, builtin) {
        (Some(path), _) => {
            let text = match read_text(path) {
                Ok(t) => t,
                Err(e) => {
                    let _ = writeln!(err, "hcsim run: {e}");
                    return EXIT_INVALID;
                }
            };
            match scenarios::parse(&text, &path.display().to_string()) {
                Ok(s) => {
                    let base = path
                        .parent()
                        .filter(|p| !p.as_os_str().is_empty())
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| ".".into());
                    (s, base)
                }
                Err(e) => {
                    let _ = writeln!(err, "hcsim run: {e}");
                    return EXIT_INVALID;
                }
            }
        }
        (None, Some(name)) => match scenarios::builtin(name) {
            Ok(s) => (s, ".".into()),
            Err(e) => {
                let _ = writeln!(err, "hcsim run: {e}");
                return EXIT_INVALID;
            }
        },
        (None, None) => {
            let _ = writeln!(err, "hcsim run: give a scenario FILE or --builtin NAME");
            return EXIT_INVALID;
        }
    };
    let seed = seed.or(scenario.seed()).unwrap_or_else(crate::random_seed);
    let files = crate::files::loader(base, reach);
    // A lesson, from a file or built in, is played with its solution: it passes when its
    // goal then holds (what an author checks before handing it out).
    let result = scenarios::run(&scenario, seed, true, color, &files);
    // az logs warnings on stderr; the report on stdout stays text or JSON.
    for w in &result.warnings {
        let _ = writeln!(err, "{w}");
    }
    if json {
        let _ = writeln!(out, "{}", result.json);
    } else {
        let _ = write!(out, "{}", result.text);
        if !result.text.ends_with('\n') {
            let _ = writeln!(out);
        }
    }
    // The seed is always printed: the text report's summary names it, the JSON report
    // carries it, and stderr repeats it for JSON readers who pipe stdout to a tool.
    if json {
        let _ = writeln!(err, "hcsim: seed {seed} (reproduce with --seed {seed})");
    }
    result.exit_code
}

/// Reads a scenario or script file, bounded (a scenario is small; a huge file is a mistake,
/// and a device or FIFO is never one).
fn read_text(path: &Path) -> Result<String, String> {
    crate::files::read_bounded(path, crate::files::FILE_LIMIT)
}

/// `hcsim list [--json]`.
pub fn list(json: bool, out: &mut dyn Write) -> i32 {
    let out = &mut Safe(out);
    if json {
        let _ = writeln!(out, "{}", scenarios::list_json());
        return EXIT_OK;
    }
    let all = scenarios::builtins();
    let width = all.iter().map(|b| b.name.len()).max().unwrap_or(0);
    for b in all {
        let _ = writeln!(out, "{:<width$}  {:<8}  {}", b.name, b.kind, b.title);
    }
    EXIT_OK
}

/// `hcsim exec`: runs each command on a fresh default session (seed `seed`), printing its
/// output; failures go to `err` with the broken rule explained. Every command runs, even
/// after a failure (as a shell script would), and the exit code says whether all succeeded.
///
/// `out` is buffered here (a script of thousands of lines would otherwise cost a system call
/// per output line) and flushed before anything reaches `err`, so the two streams merged
/// (`2>&1`) read in the same order as unbuffered ones.
pub fn exec(
    commands: &[String],
    seed: u64,
    base: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let mut buffered = std::io::BufWriter::with_capacity(EXEC_BUFFER, out);
    let (out, err) = (&mut Safe(&mut buffered), &mut Safe(err));
    let mut lab = Lab::new(Config::new(seed));
    lab.set_file_loader(Box::new(crate::file_loader(base.to_path_buf())));
    // exec prints the output only: no equivalents are rendered for it, and the requests
    // a line sent and the events it caused are not kept for anyone to read. A script runs
    // forward: the history lays no regular checkpoints (a `sim undo` in it still answers the
    // same, replaying from the start once).
    lab.set_equivalents(hcsim_lab::EquivalentsMode::Off);
    lab.set_keep_sent(false);
    lab.set_keep_events(false);
    lab.set_checkpoints(false);
    let _ = writeln!(err, "hcsim: seed {seed}");
    let mut all_ok = true;
    for line in commands {
        let o = lab.run(line);
        // az logs warnings on stderr before the result, so `-o json` stdout stays JSON.
        for w in o.warning_lines() {
            to_err(out, err, &w);
        }
        if o.ok {
            if !o.output.is_empty() {
                let _ = out.write_all(o.output.as_bytes());
                let _ = out.write_all(b"\n");
            }
        } else {
            all_ok = false;
            to_err(out, err, &o.output);
        }
        // A success can still teach (a probe answered 403/500/503, a cascade delete); a
        // failure names the rule it broke.
        if let Some(exp) = &o.explanation {
            to_err(out, err, exp);
        }
    }
    let _ = out.flush();
    // The process ends right after: handing every node of a long session back to the
    // allocator one by one costs more than the run's last thousand lines, and the system
    // takes the memory back at exit anyway.
    core::mem::forget(lab);
    if all_ok { EXIT_OK } else { EXIT_FAILED }
}

/// Writes a line to `err` after what `out` holds, so a merged stream keeps their order.
fn to_err(out: &mut dyn Write, err: &mut dyn Write, text: &str) {
    let _ = out.flush();
    let _ = writeln!(err, "{text}");
}

/// How many bytes of `hcsim exec` output are gathered before they are written.
const EXEC_BUFFER: usize = 64 * 1024;

/// The commands of `hcsim exec`: the argument split at `;` (outside quotes), or a script's
/// lines without blanks and `#` comments.
pub fn exec_commands(arg: Option<&str>, script: Option<&Path>) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    if let Some(a) = arg {
        out.extend(hcsim_lab::shell::split_commands(a));
    }
    if let Some(path) = script {
        let text = read_text(path)?;
        for line in text.lines() {
            let l = line.trim();
            if !l.is_empty() && !l.starts_with('#') {
                out.push(l.to_string());
            }
        }
    }
    out.retain(|c| !c.trim().is_empty());
    Ok(out)
}
