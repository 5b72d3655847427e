//! Facts about the repository: where it is, which parts exist, what Cargo.lock pins.
//! All paths are relative to the repository root, which is the working directory.

use std::path::{Path, PathBuf};

use crate::proc::{Cmd, Result};

/// The rustup targets the project builds for besides the host.
pub const TARGETS: [&str; 2] = ["wasm32-unknown-unknown", "thumbv7em-none-eabihf"];

/// The tmux smoke test script of the TUI, written by the TUI's owner.
pub const TMUX_SMOKE: &str = "tui/tests/tmux_smoke.sh";

/// The browser end-to-end test of the playground.
pub const E2E_SCRIPT: &str = "web/tests/e2e.mjs";

/// The static playground directory.
pub const WEB_DIR: &str = "web";

/// Where `wasm-pack` writes the package, relative to the root.
pub const WEB_PKG: &str = "web/pkg";
/// Where the full module goes (loaded by the page on first use of templates or lessons).
pub const WEB_PKG_FULL: &str = "web/pkg-full";

/// The npm tools (binaryen's `wasm-opt`, playwright), put first on `PATH` for wasm-pack.
pub const NODE_BIN: &str = "web/node_modules/.bin";

/// The repository root: two levels above this crate's manifest. `cargo run` sets
/// `CARGO_MANIFEST_DIR` at run time, which stays right when the checkout has moved since
/// the build; the compile-time value covers running the binary directly.
pub fn root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest
        .ancestors()
        .nth(2)
        .unwrap_or(&manifest)
        .to_path_buf()
}

/// Whether the web parts exist: the wasm crate uses `wasm_bindgen` and the page has a
/// `package.json`. Until then the wasm installs and browser steps are skipped.
pub fn web_parts_exist() -> bool {
    let lib = std::fs::read_to_string("crates/wasm/src/lib.rs").unwrap_or_default();
    lib.contains("wasm_bindgen") && Path::new("web/package.json").is_file()
}

/// Why the web parts count as missing, for skip messages.
pub const WEB_MISSING: &str = "the web parts do not exist yet \
     (crates/wasm/src/lib.rs must use wasm_bindgen and web/package.json must exist)";

/// The version of `package` pinned in Cargo.lock, creating the lock file when absent.
pub fn locked_version(package: &str) -> Result<String> {
    if !Path::new("Cargo.lock").is_file() {
        Cmd::new("cargo")
            .args(["metadata", "--format-version", "1"])
            .read()?;
    }
    let lock = std::fs::read_to_string("Cargo.lock")
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    version_in_lock(&lock, package).ok_or_else(|| {
        format!("Cargo.lock has no package `{package}`: add it to crates/wasm/Cargo.toml")
    })
}

/// Finds `version = "…"` of the first `[[package]]` named `package` in a Cargo.lock text.
pub fn version_in_lock(lock: &str, package: &str) -> Option<String> {
    let wanted = format!("name = \"{package}\"");
    let mut lines = lock.lines().map(str::trim);
    while let Some(line) = lines.next() {
        if line == wanted {
            let version = lines.next()?.strip_prefix("version = \"")?;
            return version.strip_suffix('"').map(str::to_owned);
        }
    }
    None
}

/// Cargo's target directory, as `cargo metadata` reports it (respects `CARGO_TARGET_DIR`
/// and any `build.target-dir` configuration).
pub fn target_dir() -> Result<PathBuf> {
    let json = Cmd::new("cargo")
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .read()?;
    json_string_field(&json, "target_directory")
        .map(PathBuf::from)
        .ok_or_else(|| "`cargo metadata` did not report a target_directory".to_owned())
}

/// The string value of the first `"key":"…"` in a JSON text (unescaping `\"`, `\\`, `\/`).
pub fn json_string_field(json: &str, key: &str) -> Option<String> {
    let start = json.find(&format!("\"{key}\":\""))? + key.len() + 4;
    let mut value = String::new();
    let mut chars = json[start..].chars();
    loop {
        match chars.next()? {
            '"' => return Some(value),
            '\\' => match chars.next()? {
                'n' => value.push('\n'),
                't' => value.push('\t'),
                other => value.push(other),
            },
            c => value.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "wasm-bindgen-backend"
version = "0.2.999"
"#;

    #[test]
    fn finds_the_exact_package_version_in_the_lock() {
        assert_eq!(
            version_in_lock(LOCK, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            version_in_lock(LOCK, "wasm-bindgen-backend").as_deref(),
            Some("0.2.999")
        );
        assert_eq!(version_in_lock(LOCK, "serde"), None);
    }

    #[test]
    fn reads_an_escaped_json_string_field() {
        let json = r#"{"packages":[],"target_directory":"/w/a \"b\"\\c","version":1}"#;
        assert_eq!(
            json_string_field(json, "target_directory").as_deref(),
            Some(r#"/w/a "b"\c"#)
        );
        assert_eq!(json_string_field(json, "missing"), None);
    }

    #[test]
    fn root_holds_the_workspace_manifest() {
        assert!(root().join("Cargo.toml").is_file());
        assert!(root().join("crates/xtask").is_dir());
    }
}
