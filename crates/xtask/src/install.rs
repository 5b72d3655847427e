//! Installs what a fresh machine lacks, skipping what is present. Every function is
//! idempotent: run twice, the second run only checks.

use std::path::Path;

use crate::proc::{Cmd, Result};
use crate::project::{self, TARGETS};
use crate::steps::Steps;

/// The wasm-pack release the project builds with.
pub const WASM_PACK_VERSION: &str = "0.15.1";

/// Runs every install step; the web tools only when the web parts exist.
pub fn all(steps: &mut Steps, web: bool) -> Result {
    steps.run("install rustup targets", rustup_parts)?;
    steps.run("install apt packages", || apt_packages(web))?;
    if web {
        steps.run("install wasm-bindgen-cli", wasm_bindgen_cli)?;
        steps.run("install wasm-pack", wasm_pack)?;
        steps.run("install npm packages", npm_ci)?;
    }
    Ok(())
}

/// Adds the missing rustup targets and the rustfmt and clippy components.
pub fn rustup_parts() -> Result {
    let installed = Cmd::new("rustup")
        .args(["target", "list", "--installed"])
        .read()?;
    let targets = missing(&TARGETS, |t| installed.lines().any(|l| l.trim() == t));
    add_with_rustup("target", &targets)?;
    let components = Cmd::new("rustup")
        .args(["component", "list", "--installed"])
        .read()?;
    let wanted = missing(&["rustfmt", "clippy"], |c| {
        components.lines().any(|l| l.starts_with(c))
    });
    add_with_rustup("component", &wanted)
}

/// `rustup {kind} add …` when something is missing; otherwise says all is present.
fn add_with_rustup(kind: &str, names: &[&str]) -> Result {
    if names.is_empty() {
        println!("xtask: rustup {kind}s already installed");
        return Ok(());
    }
    Cmd::new("rustup")
        .args([kind, "add"])
        .args(names.iter().copied())
        .run()
}

/// The items of `wanted` for which `present` is false.
fn missing<'a>(wanted: &[&'a str], present: impl Fn(&str) -> bool) -> Vec<&'a str> {
    wanted.iter().copied().filter(|w| !present(w)).collect()
}

/// The apt packages the tests need: tmux always, Chromium and its driver for the web.
pub fn apt_wanted(web: bool) -> Vec<&'static str> {
    let mut packages = vec!["tmux"];
    if web {
        packages.extend(["chromium", "chromium-driver"]);
    }
    packages
}

/// Installs the missing apt packages (never binaryen: Debian's wasm-opt breaks the output).
pub fn apt_packages(web: bool) -> Result {
    let wanted = apt_wanted(web);
    if Cmd::new("dpkg").arg("--version").probe().is_none() {
        return Err(format!(
            "dpkg not found: this step needs a Debian or Ubuntu machine; install {} \
             yourself and run `cargo xtask test --no-install`",
            wanted.join(" ")
        ));
    }
    let mut needed = Vec::new();
    for package in &wanted {
        if !dpkg_installed(package) {
            needed.push(*package);
        }
    }
    if needed.is_empty() {
        println!(
            "xtask: apt packages already installed: {}",
            wanted.join(" ")
        );
        return Ok(());
    }
    let sudo = root_prefix(&needed)?;
    apt_get(&sudo, &["update", "-qq"])?;
    let mut install = vec!["install", "-y", "-qq", "--no-install-recommends"];
    install.extend(&needed);
    apt_get(&sudo, &install)
}

/// `apt-get update` then `apt-get install` of `packages` (as root, or through password-less
/// sudo); used by steps that find a package missing on the spot (python3-venv).
pub fn apt_install(packages: &[&str]) -> Result {
    if Cmd::new("dpkg").arg("--version").probe().is_none() {
        return Err(format!(
            "dpkg not found: install {} yourself (it is a Debian package name)",
            packages.join(" ")
        ));
    }
    let sudo = root_prefix(packages)?;
    apt_get(&sudo, &["update", "-qq"])?;
    let mut install = vec!["install", "-y", "-qq", "--no-install-recommends"];
    install.extend(packages);
    apt_get(&sudo, &install)
}

/// Whether dpkg reports `package` as installed (not merely known or removed).
fn dpkg_installed(package: &str) -> bool {
    let status = Cmd::new("dpkg").args(["-s", package]).probe();
    status.is_some_and(|s| s.contains("Status: install ok installed"))
}

/// `[]` when running as root, `["sudo"]` when password-less sudo works, else an error
/// saying what to install by hand.
fn root_prefix(needed: &[&str]) -> Result<Vec<&'static str>> {
    let uid = Cmd::new("id").arg("-u").probe().unwrap_or_default();
    if uid.trim() == "0" {
        return Ok(Vec::new());
    }
    if Cmd::new("sudo").args(["-n", "true"]).probe().is_some() {
        return Ok(vec!["sudo"]);
    }
    Err(format!(
        "installing apt packages needs root: run `sudo apt-get install {}`, \
         then `cargo xtask test --no-install`",
        needed.join(" ")
    ))
}

/// Runs `apt-get` non-interactively, through sudo when `sudo` is `["sudo"]`.
fn apt_get(sudo: &[&str], args: &[&str]) -> Result {
    let cmd = match sudo.first() {
        Some(prefix) => Cmd::new(prefix)
            .args(["DEBIAN_FRONTEND=noninteractive", "apt-get"])
            .args(args.iter().copied()),
        None => Cmd::new("apt-get")
            .env("DEBIAN_FRONTEND", "noninteractive")
            .args(args.iter().copied()),
    };
    cmd.run()
}

/// Installs `wasm-bindgen-cli` at exactly the version of `wasm-bindgen` in Cargo.lock
/// (wasm-pack and the test runner refuse a mismatch).
pub fn wasm_bindgen_cli() -> Result {
    let version = project::locked_version("wasm-bindgen")?;
    let have = Cmd::new("wasm-bindgen").arg("--version").probe();
    let runner = Cmd::new("wasm-bindgen-test-runner")
        .arg("--version")
        .probe();
    let wanted = Some(version.as_str());
    if have.as_deref().and_then(tool_version) == wanted
        && runner.as_deref().and_then(tool_version) == wanted
    {
        println!("xtask: wasm-bindgen-cli {version} already installed");
        return Ok(());
    }
    let locked = cargo_install("wasm-bindgen-cli", &version, &["--locked"]).run();
    if let Err(e) = locked {
        // Known on this project's machines: the registry mirror lacks a dependency version
        // pinned by wasm-bindgen-cli's own lock file, so resolve afresh.
        println!("xtask: locked install failed ({e}); retrying without --locked");
        cargo_install("wasm-bindgen-cli", &version, &["--force"]).run()?;
    }
    Ok(())
}

/// Installs wasm-pack at the pinned version unless that version is present.
pub fn wasm_pack() -> Result {
    let have = Cmd::new("wasm-pack").arg("--version").probe();
    if have.as_deref().and_then(tool_version) == Some(WASM_PACK_VERSION) {
        println!("xtask: wasm-pack {WASM_PACK_VERSION} already installed");
        return Ok(());
    }
    cargo_install("wasm-pack", WASM_PACK_VERSION, &["--locked"]).run()
}

/// `cargo install CRATE --version VERSION` with extra flags.
fn cargo_install(krate: &str, version: &str, flags: &[&str]) -> Cmd {
    Cmd::new("cargo")
        .arg("install")
        .args(flags.iter().copied())
        .args([krate, "--version", version])
        .hint(format!(
            "check the network and the registry, or install {krate} {version} yourself"
        ))
}

/// The version word of `tool --version` output such as `wasm-pack 0.15.1`.
pub fn tool_version(output: &str) -> Option<&str> {
    output.split_whitespace().nth(1)
}

/// Runs `npm ci` for the page's tools when `web/node_modules` is missing.
pub fn npm_ci() -> Result {
    if Path::new("web/node_modules").is_dir() {
        println!("xtask: web/node_modules already present");
        return Ok(());
    }
    Cmd::new("npm")
        .args(["ci", "--prefix", "web", "--no-audit", "--no-fund"])
        .hint("web/package-lock.json must exist and match web/package.json (run `npm install --prefix web` and commit the lock)")
        .run()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chromium_is_wanted_only_with_the_web_parts() {
        assert_eq!(apt_wanted(false), ["tmux"]);
        assert_eq!(apt_wanted(true), ["tmux", "chromium", "chromium-driver"]);
    }

    #[test]
    fn reads_the_version_word_of_a_tool() {
        assert_eq!(tool_version("wasm-pack 0.15.1\n"), Some("0.15.1"));
        assert_eq!(tool_version("wasm-bindgen 0.2.130"), Some("0.2.130"));
        assert_eq!(tool_version(""), None);
    }

    #[test]
    fn lists_only_what_is_missing() {
        let present = ["a", "c"];
        assert_eq!(missing(&["a", "b", "c"], |x| present.contains(&x)), ["b"]);
    }
}
