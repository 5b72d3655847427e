//! `cargo xtask fuzz [--time S] [--target T]`: the cargo-fuzz campaign over every input
//! surface (see `fuzz/` and docs/FUZZING.md).
//!
//! Installs cargo-fuzz when missing, writes the seed corpora from the built-ins and the
//! reference templates (`fuzz/examples/seed.rs`), runs each target for S seconds (libFuzzer
//! on the nightly toolchain) and prints, per target, the executions, executions per second,
//! the corpus size and the crashes found (files in `fuzz/artifacts/T`). A crash fails the
//! command; turn it into a regression test of the normal suite (docs/FUZZING.md says how).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::proc::{Cmd, Result, child_path};

/// The fuzz targets, in the order a campaign runs them.
pub const TARGETS: &[&str] = &[
    "console_line",
    "scenario_file",
    "arm_template",
    "arm_request",
    "session_snapshot",
    "wasm_facade",
    "serve_request",
];

/// The default seconds per target: short, so a campaign stays a few minutes on a shared
/// 2-core machine.
pub const DEFAULT_SECONDS: u64 = 30;

/// What `cargo xtask fuzz` was asked.
#[derive(Debug, PartialEq, Eq)]
pub struct FuzzOptions {
    /// Seconds per target.
    pub seconds: u64,
    /// Only these targets (all when empty).
    pub targets: Vec<String>,
}

impl Default for FuzzOptions {
    fn default() -> Self {
        FuzzOptions {
            seconds: DEFAULT_SECONDS,
            targets: Vec::new(),
        }
    }
}

/// Parses the options of `fuzz`: `--time S`, `--target T` (repeatable), `--help`.
pub fn parse(args: &[String]) -> std::result::Result<Option<FuzzOptions>, String> {
    let mut o = FuzzOptions::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--time" => {
                let v = args
                    .next()
                    .ok_or("`--time` needs seconds, e.g. --time 60")?;
                o.seconds =
                    v.parse().ok().filter(|s| *s > 0).ok_or_else(|| {
                        format!("bad `--time {v}`: expected whole seconds above 0")
                    })?;
            }
            "--target" => {
                let t = args.next().ok_or("`--target` needs a target name")?;
                if !TARGETS.contains(&t.as_str()) {
                    return Err(format!(
                        "unknown fuzz target `{t}`; targets: {}",
                        TARGETS.join(", ")
                    ));
                }
                o.targets.push(t.clone());
            }
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown option `{other}` for `fuzz`")),
        }
    }
    Ok(Some(o))
}

/// One target's figures.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Figures {
    /// Executions libFuzzer reported.
    pub execs: u64,
    /// Seconds it ran.
    pub seconds: u64,
    /// Files in the corpus afterwards.
    pub corpus: usize,
    /// Crash, leak, timeout and out-of-memory files in the artifacts folder.
    pub crashes: usize,
}

/// Reads libFuzzer's last `Done N runs in S second(s)` line.
pub fn parse_done(log: &str) -> Option<(u64, u64)> {
    let line = log.lines().rev().find(|l| l.starts_with("Done "))?;
    let mut words = line.split_whitespace().skip(1);
    let runs = words.next()?.parse().ok()?;
    let secs = words.nth(2)?.parse().ok()?;
    Some((runs, secs))
}

/// Runs the campaign.
pub fn run(o: &FuzzOptions) -> Result {
    ensure_cargo_fuzz()?;
    let root = crate::project::root();
    let fuzz = root.join("fuzz");
    let target_dir = fuzz_target_dir(&root);
    // The reference templates live outside the repository (HCSIM_REFERENCE, default the
    // team's shared folder); without them the seeds are the built-ins and quickstarts.
    let reference = std::env::var_os("HCSIM_REFERENCE")
        .map_or_else(|| PathBuf::from("/work/shared/reference"), PathBuf::from)
        .join("arm-templates");
    let mut seed = Cmd::new("cargo")
        .args(["run", "--quiet", "--manifest-path", "fuzz/Cargo.toml"])
        .args(["--example", "seed", "--", "fuzz/corpus"])
        .env("CARGO_TARGET_DIR", &target_dir.display().to_string());
    if reference.is_dir() {
        seed = seed.arg(reference.display().to_string());
    }
    seed.run()?;
    let chosen: Vec<&str> = if o.targets.is_empty() {
        TARGETS.to_vec()
    } else {
        o.targets.iter().map(String::as_str).collect()
    };
    let mut rows = Vec::new();
    for t in chosen {
        rows.push((t, run_target(&fuzz, &target_dir, t, o.seconds)?));
    }
    print_table(&rows);
    let crashes: usize = rows.iter().map(|(_, f)| f.crashes).sum();
    if crashes > 0 {
        return Err(format!(
            "{crashes} crash file(s) in fuzz/artifacts: reproduce with `cargo +nightly fuzz run TARGET FILE`, then add the input as a regression test (docs/FUZZING.md)"
        ));
    }
    Ok(())
}

/// The fuzz crate's target folder: `$CARGO_TARGET_DIR/fuzz` when that is set (so one
/// checkout's builds stay together), else `fuzz/target`.
fn fuzz_target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) if !d.is_empty() => PathBuf::from(d).join("fuzz"),
        _ => root.join("fuzz").join("target"),
    }
}

/// Installs cargo-fuzz when `cargo fuzz --version` fails.
fn ensure_cargo_fuzz() -> Result {
    if Cmd::new("cargo")
        .args(["fuzz", "--version"])
        .probe()
        .is_some()
    {
        return Ok(());
    }
    Cmd::new("cargo")
        .args(["install", "cargo-fuzz", "--locked"])
        .hint("cargo-fuzz needs a network connection to crates.io once")
        .run()
}

/// Runs one target for `seconds`, its log in the target folder; returns its figures.
fn run_target(fuzz: &Path, target_dir: &Path, t: &str, seconds: u64) -> Result<Figures> {
    let corpus = fuzz.join("corpus").join(t);
    let artifacts = fuzz.join("artifacts").join(t);
    fs::create_dir_all(&corpus).map_err(|e| format!("cannot create {}: {e}", corpus.display()))?;
    fs::create_dir_all(target_dir)
        .map_err(|e| format!("cannot create {}: {e}", target_dir.display()))?;
    let before = count_files(&artifacts);
    let log_path = target_dir.join(format!("{t}.log"));
    let log = fs::File::create(&log_path)
        .map_err(|e| format!("cannot write {}: {e}", log_path.display()))?;
    let args = [
        "+nightly".to_owned(),
        "fuzz".into(),
        "run".into(),
        t.into(),
        corpus.display().to_string(),
        "--".into(),
        format!("-max_total_time={seconds}"),
        "-rss_limit_mb=2048".into(),
        "-timeout=20".into(),
        "-print_final_stats=1".into(),
    ];
    println!("$ cargo {} (log: {})", args.join(" "), log_path.display());
    let started = Instant::now();
    let status = Command::new("cargo")
        .args(&args)
        .current_dir(fuzz)
        .env("PATH", child_path())
        .env("CARGO_TARGET_DIR", target_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .status()
        .map_err(|e| format!("cannot run cargo fuzz: {e}"))?;
    let text = fs::read_to_string(&log_path).unwrap_or_default();
    let (execs, secs) = parse_done(&text).unwrap_or((0, started.elapsed().as_secs()));
    let crashes = count_files(&artifacts).saturating_sub(before);
    if !status.success() && crashes == 0 {
        return Err(format!(
            "`cargo fuzz run {t}` failed ({status}) without a crash file: see {}",
            log_path.display()
        ));
    }
    Ok(Figures {
        execs,
        seconds: secs,
        corpus: count_files(&corpus),
        crashes,
    })
}

fn count_files(dir: &Path) -> usize {
    fs::read_dir(dir).map(|d| d.flatten().count()).unwrap_or(0)
}

fn print_table(rows: &[(&str, Figures)]) {
    println!(
        "\n{:<18} {:>12} {:>8} {:>10} {:>8} {:>8}",
        "target", "execs", "seconds", "execs/s", "corpus", "crashes"
    );
    for (t, f) in rows {
        println!(
            "{t:<18} {:>12} {:>8} {:>10} {:>8} {:>8}",
            f.execs,
            f.seconds,
            f.execs / f.seconds.max(1),
            f.corpus,
            f.crashes
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn options_take_time_and_known_targets() {
        assert_eq!(parse(&[]), Ok(Some(FuzzOptions::default())));
        let o = parse(&args(&["--time", "5", "--target", "console_line"]))
            .unwrap()
            .unwrap();
        assert_eq!((o.seconds, o.targets), (5, vec!["console_line".to_owned()]));
        assert!(parse(&args(&["--time", "0"])).is_err());
        assert!(
            parse(&args(&["--target", "nope"]))
                .unwrap_err()
                .contains("console_line")
        );
        assert_eq!(parse(&args(&["--help"])), Ok(None));
    }

    #[test]
    fn reads_libfuzzers_final_line() {
        let log = "#1024 pulse\nDone 42552 runs in 31 second(s)\n";
        assert_eq!(parse_done(log), Some((42552, 31)));
        assert_eq!(parse_done("crashed"), None);
    }
}
