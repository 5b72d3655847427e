//! `cargo xtask bench [--quick] [--check]`: the performance budgets of issue 14, every row
//! measured in one run by the release binary `hcsim-bench` (crates/bench) against a floor
//! or a peer measured in the same run: moto in process from the real-clients venv
//! (`tests/clients/bench_moto.py`), a release `hcsim` for `hcsim exec --script`, and the
//! browser figures printed by `web/tests/bench.mjs URL` against the page served here.
//! `--criterion [ARGS...]` runs the criterion benches instead (`cargo bench --workspace`).

use std::path::{Path, PathBuf};

use crate::clients;
use crate::install;
use crate::proc::{Cmd, Result};
use crate::project;
use crate::server;
use crate::web;

/// The browser figures' script (the `wasm` side of the benchmark).
pub const BROWSER_SCRIPT: &str = "web/tests/bench.mjs";

/// The options of `cargo xtask bench`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct BenchOptions {
    /// Small sizes, debug build, no peers: the smoke `cargo xtask test` runs.
    pub quick: bool,
    /// Exit non-zero when a budget is missed or a row was not measured.
    pub check: bool,
    /// `Some(args)`: run `cargo bench --workspace ARGS` instead.
    pub criterion: Option<Vec<String>>,
}

/// Parses the options after `bench`; `None` asks for the usage.
pub fn parse(args: &[String]) -> std::result::Result<Option<BenchOptions>, String> {
    let mut o = BenchOptions::default();
    for (i, a) in args.iter().enumerate() {
        match a.as_str() {
            "--quick" => o.quick = true,
            "--check" => o.check = true,
            "--criterion" => {
                o.criterion = Some(args[i + 1..].to_vec());
                return Ok(Some(o));
            }
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown option `{other}` for `bench`")),
        }
    }
    Ok(Some(o))
}

/// Runs the benchmark (or criterion).
pub fn run(o: &BenchOptions) -> Result {
    if let Some(args) = &o.criterion {
        return Cmd::new("cargo")
            .args(["bench", "--workspace"])
            .args(args.iter().cloned())
            .run();
    }
    let profile = if o.quick { "debug" } else { "release" };
    let mut build = Cmd::new("cargo").args(["build", "-p", "hcsim-bench", "-p", "hcsim-tui"]);
    if !o.quick {
        build = build.arg("--release");
    }
    build.run()?;
    let bin = project::target_dir()?.join(profile);
    let mut cmd = Cmd::new(&bin.join("hcsim-bench").to_string_lossy());
    if o.quick {
        cmd = cmd.args(["--quick", "--browser-missing", "quick run"]);
    } else {
        cmd = cmd.args(["--hcsim", &bin.join("hcsim").to_string_lossy()]);
        match clients::ensure_venv() {
            Ok(venv) => cmd = cmd.args(["--python", &venv.join("bin/python").to_string_lossy()]),
            Err(e) => println!("xtask: moto's rows not measured: {e}"),
        }
    }
    if o.check {
        cmd = cmd.arg("--check");
    }
    let scratch = std::env::temp_dir().join(format!("hcsim-xtask-bench-{}", std::process::id()));
    if !o.quick {
        cmd = match browser_figures(&scratch) {
            Ok(file) => cmd.args(["--browser", &file.to_string_lossy()]),
            Err(e) => cmd.args(["--browser-missing", &e]),
        };
    }
    let outcome = cmd
        .hint("the table above names the missed budgets (MISSED) and the rows not measured")
        .run();
    let _ = std::fs::remove_dir_all(&scratch);
    outcome
}

/// Builds the page, serves it and runs the browser script; its stdout (the `BENCH` lines)
/// is written to a file in `scratch`, whose path is returned.
fn browser_figures(scratch: &Path) -> std::result::Result<PathBuf, String> {
    if !project::web_parts_exist() {
        return Err("web/ is not buildable here".into());
    }
    if !Path::new(BROWSER_SCRIPT).is_file() {
        return Err(format!("{BROWSER_SCRIPT} does not exist"));
    }
    install::npm_ci()?;
    web::build_package()?;
    let listener = server::bind(0)?;
    let url = server::url(&listener)?;
    server::spawn(listener, PathBuf::from(project::WEB_DIR));
    let lines = Cmd::new("node")
        .args([BROWSER_SCRIPT, &url])
        .hint(format!(
            "{BROWSER_SCRIPT} failed: the browser rows are not measured"
        ))
        .read()?;
    print!("{lines}");
    std::fs::create_dir_all(scratch)
        .map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
    let file = scratch.join("browser.txt");
    std::fs::write(&file, lines).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    Ok(file)
}

/// The smoke step of `cargo xtask test`: the quick run (debug build, small sizes, no peers,
/// no budget asserted) must print the whole table.
pub fn smoke() -> Result {
    Cmd::new("cargo")
        .args(["build", "-p", "hcsim-bench"])
        .run()?;
    let bin = project::target_dir()?.join("debug").join("hcsim-bench");
    let table = Cmd::new(&bin.to_string_lossy())
        .args(["--quick", "--browser-missing", "quick run"])
        .hint("the benchmark's quick run failed: run `cargo xtask bench --quick`")
        .read()?;
    print!("{table}");
    let rows = table.lines().filter(|l| l.contains(" | ")).count();
    if table.starts_with("row ") && rows >= 16 {
        Ok(())
    } else {
        Err(format!(
            "the benchmark printed {rows} table lines, expected a header and 15 rows"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn flags_parse_and_criterion_takes_the_rest() {
        let o = parse(&args(&["--quick", "--check"])).unwrap().unwrap();
        assert!(o.quick && o.check && o.criterion.is_none());
        let o = parse(&args(&["--criterion", "--", "--save-baseline", "main"]))
            .unwrap()
            .unwrap();
        assert_eq!(o.criterion, Some(args(&["--", "--save-baseline", "main"])));
        assert!(parse(&args(&["--fast"])).is_err());
        assert_eq!(parse(&args(&["--help"])), Ok(None));
    }
}
