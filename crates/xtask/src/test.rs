//! `cargo xtask test`: the project's single test command, the one CI runs.

use std::path::Path;

use crate::clients;
use crate::install;
use crate::proc::{Cmd, Result};
use crate::project::{self, E2E_SCRIPT, TARGETS, TMUX_SMOKE, WEB_MISSING};
use crate::steps::{self, Steps};
use crate::web;

/// What `cargo xtask test` runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TestOptions {
    /// Skip installs and the tmux and browser steps (a developer's fast loop).
    pub quick: bool,
    /// Skip installs only.
    pub no_install: bool,
}

/// Runs every step in order, stops at the first failure, and ends with the summary line.
/// Returns whether all steps passed.
pub fn run(options: TestOptions) -> bool {
    let mut steps = Steps::default();
    match all_steps(&mut steps, options) {
        Ok(()) => {
            println!("{}", steps.summary(0));
            true
        }
        Err(e) => {
            eprintln!("\nerror: {e}");
            println!("{}", steps.summary(1));
            false
        }
    }
}

/// The steps, in order.
fn all_steps(steps: &mut Steps, options: TestOptions) -> Result {
    let web = project::web_parts_exist();
    if options.quick || options.no_install {
        steps::skip("install", "--quick or --no-install");
    } else {
        install::all(steps, web)?;
    }
    steps.run("fmt", fmt)?;
    steps.run("clippy", clippy)?;
    native_tests(steps)?;
    steps.run("bench smoke", bench_smoke)?;
    steps.run("bench table (quick)", crate::bench::smoke)?;
    steps.run("no_std thumbv7em", || {
        cross_build(
            TARGETS[1],
            &[
                "hcsim-core",
                "hcsim-bicep",
                "hcsim-jmespath",
                "hcsim-medtech",
            ],
        )
    })?;
    steps.run("wasm32 build", || {
        cross_build(
            TARGETS[0],
            &[
                "hcsim-core",
                "hcsim-lab",
                "hcsim-bicep",
                "hcsim-jmespath",
                "hcsim-medtech",
            ],
        )
    })?;
    if options.quick {
        steps::skip("tmux smoke, real clients and web", "--quick");
        return Ok(());
    }
    if Path::new(TMUX_SMOKE).is_file() {
        steps.run("tmux smoke", tmux_smoke)?;
    } else {
        steps::skip("tmux smoke", &format!("{TMUX_SMOKE} does not exist yet"));
    }
    steps.run("real clients", clients::suite)?;
    if web {
        web_steps(steps)
    } else {
        steps::skip("web", WEB_MISSING);
        Ok(())
    }
}

/// `cargo fmt --all -- --check`.
fn fmt() -> Result {
    Cmd::new("cargo")
        .args(["fmt", "--all", "--", "--check"])
        .hint("run `cargo fmt --all` to fix the formatting (rustfmt missing? `rustup component add rustfmt`)")
        .run()
}

/// The clippy command line: every crate and target, warnings denied. `too_many_lines` is
/// allow-by-default; warning it here (so `-D warnings` denies it) holds every function of the
/// workspace, tests included, to the threshold in `clippy.toml`.
const CLIPPY_ARGS: &[&str] = &[
    "clippy",
    "--workspace",
    "--all-targets",
    "--",
    "-D",
    "warnings",
    "-W",
    "clippy::too_many_lines",
];

/// Clippy over every crate and target, warnings denied, long functions included.
fn clippy() -> Result {
    Cmd::new("cargo")
        .args(CLIPPY_ARGS.iter().copied())
        .hint("fix the lints above (a function over 100 lines: split it into functions that each do one thing; clippy missing? `rustup component add clippy`)")
        .run()
}

/// Native unit, integration and doc tests: nextest when available (plus doctests, which
/// nextest does not run), else `cargo test`. The runners' summary lines stay visible.
fn native_tests(steps: &mut Steps) -> Result {
    let nextest = Cmd::new("cargo").args(["nextest", "--version"]).probe();
    if nextest.is_some() {
        steps.run("tests (nextest)", || {
            Cmd::new("cargo")
                .args(["nextest", "run", "--workspace", "--no-tests=warn"])
                .hint("see the failing tests above")
                .run()
        })?;
        steps.run("doctests", || {
            Cmd::new("cargo")
                .args(["test", "--workspace", "--doc"])
                .hint("see the failing doctests above")
                .run()
        })
    } else {
        steps.run("tests", || {
            Cmd::new("cargo")
                .args(["test", "--workspace"])
                .hint("see the failing tests above")
                .run()
        })
    }
}

/// Every criterion benchmark once, in the test profile (`cargo test --benches`: criterion's
/// test mode), so a benchmark that no longer runs is caught here; the figures come from
/// `cargo xtask bench`, never from the test run.
fn bench_smoke() -> Result {
    Cmd::new("cargo")
        .args(["test", "--benches", "--workspace"])
        .hint(
            "a benchmark fails in criterion's test mode: run `cargo test --benches` and see above",
        )
        .run()
}

/// Builds the no_std packages for a cross target, selected with `-p` only (a workspace
/// build would pull in std crates).
fn cross_build(target: &str, packages: &[&str]) -> Result {
    ensure_target(target)?;
    let mut cmd = Cmd::new("cargo").arg("build");
    for package in packages {
        cmd = cmd.args(["-p", package]);
    }
    cmd.args(["--target", target])
        .hint(format!(
            "these crates must stay no_std + alloc and build for {target}"
        ))
        .run()
}

/// Fails early with a fix when a rustup target is missing (e.g. under `--quick`).
fn ensure_target(target: &str) -> Result {
    let Some(installed) = Cmd::new("rustup")
        .args(["target", "list", "--installed"])
        .probe()
    else {
        return Ok(()); // no rustup: let cargo report what it can
    };
    if installed.lines().any(|l| l.trim() == target) {
        Ok(())
    } else {
        Err(format!(
            "rustup target {target} is not installed: run `rustup target add {target}` \
             or `cargo xtask test` without --quick/--no-install"
        ))
    }
}

/// Builds the `hcsim` binary and drives it in tmux with the TUI's smoke script.
fn tmux_smoke() -> Result {
    Cmd::new("cargo").args(["build", "-p", "hcsim-tui"]).run()?;
    let binary = project::target_dir()?.join("debug/hcsim");
    if !binary.is_file() {
        return Err(format!(
            "{} was not built: the hcsim-tui package must have a binary named `hcsim`",
            binary.display()
        ));
    }
    Cmd::new("bash")
        .arg(TMUX_SMOKE)
        .arg(binary.to_string_lossy())
        .hint(format!("see {TMUX_SMOKE} and its output above"))
        .run()
}

/// Wasm tests in headless Chromium, the release package, and the end-to-end test.
fn web_steps(steps: &mut Steps) -> Result {
    steps.run("wasm tests (chromium)", wasm_tests)?;
    steps.run("wasm-pack build", web::build_package)?;
    if Path::new(E2E_SCRIPT).is_file() {
        steps.run("e2e", web::e2e)
    } else {
        steps::skip("e2e", &format!("{E2E_SCRIPT} does not exist yet"));
        Ok(())
    }
}

/// `cargo test` of the wasm crate in Chromium through wasm-bindgen-test-runner. No `-q`:
/// cargo would pass `--quiet` on to the runner, which refuses it.
fn wasm_tests() -> Result {
    Cmd::new("cargo")
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .args([
            "test",
            "-p",
            "hcsim-wasm",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .hint(
            "see the output above; wasm-bindgen-test-runner must match wasm-bindgen in \
             Cargo.lock, and chromium + chromium-driver must be installed",
        )
        .run()
}

#[cfg(test)]
mod tests {
    use super::CLIPPY_ARGS;

    #[test]
    fn clippy_denies_warnings_and_long_functions() {
        let line = CLIPPY_ARGS.join(" ");
        assert!(
            line.starts_with("clippy --workspace --all-targets -- "),
            "{line}"
        );
        assert!(line.contains("-D warnings"), "{line}");
        assert!(line.contains("-W clippy::too_many_lines"), "{line}");
    }
}
