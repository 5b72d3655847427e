//! The real clients: a Python venv with azure-cli, the Azure SDK, pytest and moto, kept in a
//! cache outside the checkout (`~/.cache/hcsim/pyenv-<hash of the requirements file>`) and
//! reused while the requirements file is unchanged; the pytest suite `tests/clients` against
//! `hcsim serve`; and `cargo xtask bench-serve`, hcsim serve against moto_server.

use std::path::{Path, PathBuf};

use crate::install;
use crate::proc::{self, Cmd, Result};
use crate::project;

/// The pinned requirements of the venv.
pub const REQUIREMENTS: &str = "tests/clients/requirements.txt";

/// The pytest suite of the real clients.
pub const SUITE: &str = "tests/clients";

/// The benchmark driver (Python, run with the venv's interpreter).
pub const BENCH_SCRIPT: &str = "tests/clients/bench_serve.py";

/// The file written last by a complete install: a venv without it is half made.
const DONE_MARKER: &str = "hcsim-installed";

/// The prefix of the venv directories in the cache.
const VENV_PREFIX: &str = "pyenv-";

/// FNV-1a (64 bits) of `bytes`: a stable hash for naming the venv after its requirements.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The cache directory: `$XDG_CACHE_HOME/hcsim`, else `$HOME/.cache/hcsim`.
fn cache_dir() -> Result<PathBuf> {
    if let Some(xdg) = std::env::var_os("XDG_CACHE_HOME").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(xdg).join("hcsim"));
    }
    let home = std::env::var_os("HOME")
        .ok_or("HOME is not set: set HOME or XDG_CACHE_HOME for the Python venv cache")?;
    Ok(PathBuf::from(home).join(".cache/hcsim"))
}

/// The venv directory for a requirements text: `pyenv-` and 16 hex digits of its hash.
pub fn venv_name(requirements: &[u8]) -> String {
    format!("{VENV_PREFIX}{:016x}", fnv1a(requirements))
}

/// The venv's Python interpreter.
fn python_in(venv: &Path) -> PathBuf {
    venv.join("bin/python")
}

/// Makes sure the venv for the current requirements exists and is complete; returns its
/// directory. A complete one is reused; a half-made one (no marker) is removed and made again.
pub fn ensure_venv() -> Result<PathBuf> {
    let requirements =
        std::fs::read(REQUIREMENTS).map_err(|e| format!("cannot read {REQUIREMENTS}: {e}"))?;
    let cache = cache_dir()?;
    let venv = cache.join(venv_name(&requirements));
    if venv.join(DONE_MARKER).is_file() && python_in(&venv).is_file() {
        println!("xtask: Python venv already installed: {}", venv.display());
        return Ok(venv);
    }
    if venv.exists() {
        println!("xtask: removing the half-made venv {}", venv.display());
        std::fs::remove_dir_all(&venv)
            .map_err(|e| format!("cannot remove {}: {e}", venv.display()))?;
    }
    std::fs::create_dir_all(&cache)
        .map_err(|e| format!("cannot create {}: {e}", cache.display()))?;
    make_venv(&venv)?;
    Cmd::new(&python_in(&venv).to_string_lossy())
        .args(["-m", "pip", "install", "-q", "--disable-pip-version-check"])
        .args(["-r", REQUIREMENTS])
        .hint(format!(
            "pip could not install {REQUIREMENTS} (network to PyPI? a version gone?); \
             the half-made venv is removed on the next run"
        ))
        .run()?;
    std::fs::write(venv.join(DONE_MARKER), &requirements)
        .map_err(|e| format!("cannot write the venv marker: {e}"))?;
    prune_other_venvs(&cache, &venv);
    Ok(venv)
}

/// `python3 -m venv DIR`. Debian's python3 lacks `ensurepip` (which venv needs for pip)
/// until the apt package `python3-venv` is installed: when `import ensurepip` fails, that
/// package is installed first, as the other installs are (root or password-less sudo).
fn make_venv(venv: &Path) -> Result {
    let hint = "install Python 3.10 or newer with its venv module \
                (Debian: `apt-get install python3 python3-venv`)";
    let ensurepip = Cmd::new("python3")
        .args(["-c", "import ensurepip"])
        .hint(hint)
        .probe();
    if ensurepip.is_none() {
        println!(
            "xtask: python3 cannot `import ensurepip`; installing the apt package python3-venv"
        );
        install::apt_install(&["python3-venv"])?;
    }
    Cmd::new("python3")
        .args(["-m", "venv", &venv.to_string_lossy()])
        .hint(hint)
        .run()
}

/// Removes the other `pyenv-*` venvs of the cache (each is about 1 GB), made for older
/// requirements files. Failures are only reported.
fn prune_other_venvs(cache: &Path, keep: &Path) {
    let Ok(entries) = std::fs::read_dir(cache) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let is_venv = entry.file_name().to_string_lossy().starts_with(VENV_PREFIX);
        if is_venv && path != keep {
            println!("xtask: removing the old venv {}", path.display());
            if let Err(e) = std::fs::remove_dir_all(&path) {
                println!("xtask: cannot remove {}: {e}", path.display());
            }
        }
    }
}

/// `PATH` with the venv's `bin` first, so `az` and `moto_server` are the venv's.
fn path_with_venv(venv: &Path) -> (std::ffi::OsString, String) {
    let bin = venv.join("bin");
    let path = proc::child_path();
    let mut dirs = vec![bin.clone()];
    dirs.extend(std::env::split_paths(&path));
    let joined = std::env::join_paths(dirs).unwrap_or(path);
    (joined, format!("{}:$PATH", bin.display()))
}

/// Builds `hcsim` (debug or release) and returns the binary's path.
pub fn build_hcsim(release: bool) -> Result<PathBuf> {
    let mut cmd = Cmd::new("cargo").args(["build", "-p", "hcsim-tui"]);
    if release {
        cmd = cmd.arg("--release");
    }
    cmd.run()?;
    let profile = if release { "release" } else { "debug" };
    let binary = project::target_dir()?.join(profile).join("hcsim");
    if binary.is_file() {
        Ok(binary)
    } else {
        Err(format!("{} was not built", binary.display()))
    }
}

/// The `real clients` step: the venv, the `hcsim` binary, then `pytest tests/clients -q`
/// with `HCSIM_BIN` naming the binary.
pub fn suite() -> Result {
    suite_with(&[])
}

/// `cargo xtask clients [PYTEST ARGS...]`: the step alone, with more pytest arguments
/// (`-k sdk`, `-x`, `-v`). No bytecode or cache files are left in the checkout.
pub fn suite_with(pytest_args: &[String]) -> Result {
    let venv = ensure_venv()?;
    let binary = build_hcsim(false)?;
    let (path, shown) = path_with_venv(&venv);
    Cmd::new(&python_in(&venv).to_string_lossy())
        .env("HCSIM_BIN", &binary.to_string_lossy())
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env_shown("PATH", path, &shown)
        .args(["-m", "pytest", SUITE, "-q", "-p", "no:cacheprovider"])
        .args(pytest_args.iter().cloned())
        .hint(format!(
            "see the failing tests above; run the suite alone with \
             `{} -m pytest {SUITE} -q` (HCSIM_BIN=path/to/hcsim)",
            python_in(&venv).display()
        ))
        .run()
}

/// `cargo xtask bench-serve`: release `hcsim`, then the driver, which starts `hcsim serve`
/// and `moto_server` and prints requests per second of each and their ratio.
pub fn bench(args: &[String]) -> Result {
    let venv = ensure_venv()?;
    let binary = build_hcsim(true)?;
    let (path, shown) = path_with_venv(&venv);
    Cmd::new(&python_in(&venv).to_string_lossy())
        .env_shown("PATH", path, &shown)
        .arg(BENCH_SCRIPT)
        .args(["--hcsim", &binary.to_string_lossy()])
        .args(args.iter().cloned())
        .hint(format!("see the driver's output above ({BENCH_SCRIPT})"))
        .run()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn the_venv_name_follows_the_requirements() {
        let a = venv_name(b"pytest==9.2.0\n");
        let b = venv_name(b"pytest==9.2.1\n");
        assert!(a.starts_with("pyenv-") && a.len() == 6 + 16, "{a}");
        assert_ne!(a, b);
        assert_eq!(a, venv_name(b"pytest==9.2.0\n"));
    }

    #[test]
    fn the_requirements_pin_every_client_the_suite_needs() {
        let text = std::fs::read_to_string(project::root().join(REQUIREMENTS)).unwrap();
        for pin in [
            "azure-cli==",
            "azure-mgmt-healthcareapis==2.1.0",
            "azure-mgmt-resource==",
            "azure-identity==",
            "pytest==",
            "moto[server]==",
        ] {
            assert!(text.lines().any(|l| l.starts_with(pin)), "no pin {pin}");
        }
        let loose = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .find(|l| !l.contains("=="));
        assert_eq!(loose, None, "every requirement is pinned exactly");
    }
}
