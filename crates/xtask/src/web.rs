//! The browser parts: building the wasm package, measuring it, serving the playground.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::install;
use crate::proc::{self, Cmd, Result};
use crate::project::{self, NODE_BIN, WEB_DIR, WEB_MISSING, WEB_PKG, WEB_PKG_FULL};
use crate::server;

/// The page's two wasm packages: the start module (crates/wasm without its `full` feature:
/// the control plane, the common az groups, console, tree, details, faults) and the full module
/// (templates, Bicep, lessons, the FHIR and MedTech data plane, the diagram, help texts,
/// equivalents, rare az groups), which the page loads on first use (`web/src/state.js`,
/// `upgrade`; docs/WASM-SIZE.md).
const PACKAGES: [(&str, &[&str]); 2] = [
    ("../../web/pkg", &["--no-default-features"]),
    ("../../web/pkg-full", &[]),
];

/// `wasm-pack build` of crates/wasm into web/pkg (start) and web/pkg-full (full), with npm's
/// binaryen `wasm-opt` first on `PATH` (Debian's binaryen breaks wasm-bindgen's output).
pub fn build_package() -> Result {
    if !Path::new(NODE_BIN).join("wasm-opt").exists() {
        return Err(format!(
            "{NODE_BIN}/wasm-opt is missing: add binaryen to web/package.json and run \
             `npm ci --prefix web` (without it wasm-pack tries to download binaryen)"
        ));
    }
    for (out_dir, cargo_args) in PACKAGES {
        Cmd::new("wasm-pack")
            .env_shown("PATH", path_with_node_bin()?, &format!("{NODE_BIN}:$PATH"))
            .args([
                "build",
                "crates/wasm",
                "--target",
                "web",
                "--profile",
                "wasm-release",
            ])
            .args(["--out-dir", out_dir])
            .arg("--")
            .args(cargo_args.iter().copied())
            .run()?;
    }
    for dir in [WEB_PKG, WEB_PKG_FULL] {
        strip_glue_docs(&Path::new(dir).join("hcsim_wasm.js"))?;
    }
    Ok(())
}

/// Removes the doc comments wasm-bindgen copies from the facade into the JS glue: the browser
/// needs none of them (editors read them from the `.d.ts` beside it) and they were a third of
/// the start module's glue after gzip (docs/WASM-SIZE.md, fourth stop).
fn strip_glue_docs(glue: &Path) -> Result {
    let text = std::fs::read_to_string(glue)
        .map_err(|e| format!("cannot read {}: {e}", glue.display()))?;
    std::fs::write(glue, without_doc_comments(&text))
        .map_err(|e| format!("cannot write {}: {e}", glue.display()))
}

/// `js` without its `/** … */` blocks that stand on lines of their own (generated code puts
/// nothing else on those lines; any other `/**` is left alone).
fn without_doc_comments(js: &str) -> String {
    let mut out = String::with_capacity(js.len());
    let mut in_doc = false;
    for line in js.split_inclusive('\n') {
        let t = line.trim();
        if !in_doc && t.starts_with("/**") {
            in_doc = !t.ends_with("*/");
            continue;
        }
        if in_doc {
            in_doc = !t.ends_with("*/");
            continue;
        }
        out.push_str(line);
    }
    out
}

/// `PATH` with the absolute `web/node_modules/.bin` first.
fn path_with_node_bin() -> Result<OsString> {
    let node_bin = std::env::current_dir()
        .map_err(|e| format!("cannot read the working directory: {e}"))?
        .join(NODE_BIN);
    let path = proc::child_path();
    let dirs = std::iter::once(node_bin).chain(std::env::split_paths(&path));
    std::env::join_paths(dirs).map_err(|e| format!("cannot build PATH: {e}"))
}

/// Serves web/ on an ephemeral port in the background and runs the end-to-end script. The
/// built `hcsim` binary is passed in `HCSIM_BIN` (the course suite grades its export with
/// `hcsim grade`; it says it skips that part when the variable is unset).
pub fn e2e() -> Result {
    let listener = server::bind(0)?;
    let url = server::url(&listener)?;
    server::spawn(listener, PathBuf::from(WEB_DIR));
    println!("xtask: serving {WEB_DIR}/ at {url}");
    let hcsim = project::target_dir()?.join("debug").join("hcsim");
    Cmd::new("node")
        .env("HCSIM_BIN", &hcsim.to_string_lossy())
        .args([project::E2E_SCRIPT, &url])
        .hint("see the output above for the failed check (screenshots, console errors)")
        .run()
}

/// `cargo xtask size`: builds the package and prints raw and gzipped sizes.
pub fn size() -> Result {
    if !project::web_parts_exist() {
        println!("xtask: nothing to measure: {WEB_MISSING}");
        return Ok(());
    }
    install::npm_ci()?;
    build_package()?;
    let mut wasm = Vec::new();
    for dir in [WEB_PKG, WEB_PKG_FULL] {
        wasm.extend(files_under(Path::new(dir), &|p| {
            p.extension().is_some_and(|e| e == "wasm")
        })?);
    }
    if wasm.is_empty() {
        return Err(format!("wasm-pack wrote no .wasm file into {WEB_PKG}"));
    }
    let mut rows = Vec::new();
    for file in &wasm {
        let (raw, gz) = sizes(file)?;
        rows.push((file.display().to_string(), raw, gz));
    }
    let page = files_under(Path::new(WEB_DIR), &is_page_file)?;
    let (mut raw_total, mut gz_total) = (0, 0);
    for file in &page {
        let (raw, gz) = sizes(file)?;
        raw_total += raw;
        gz_total += gz;
    }
    let label = format!("all of web/ ({} files)", page.len());
    rows.push((label, raw_total, gz_total));
    let start: Vec<&PathBuf> = page.iter().filter(|p| loads_at_start(p)).collect();
    let (mut raw_start, mut gz_start) = (0, 0);
    for file in &start {
        let (raw, gz) = sizes(file)?;
        raw_start += raw;
        gz_start += gz;
    }
    let label = format!("page weight at start ({} files)", start.len());
    rows.push((label, raw_start, gz_start));
    println!("\nxtask: sizes in bytes (gzip -9)");
    for (name, raw, gz) in rows {
        println!("  {name:<44} raw {raw:>10}  gzip {gz:>10}");
    }
    println!("  (both exclude node_modules/, tests/, package*.json, *.d.ts, *.md; at start also");
    println!("   excludes web/pkg-full/ and the lazy panels' scripts: docs/WASM-SIZE.md)");
    Ok(())
}

/// Whether a file under web/ is part of what a browser downloads.
fn is_page_file(path: &Path) -> bool {
    let in_excluded_dir = path.components().any(|c| {
        let c = c.as_os_str();
        c == "node_modules" || c == "tests"
    });
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let tooling = name.starts_with('.')
        || name == "package.json"
        || name == "package-lock.json"
        || name.ends_with(".d.ts")
        || name.ends_with(".md");
    !in_excluded_dir && !tooling
}

/// The scripts the page imports on first use: the panels' when first shown (`web/src/lazy.js`),
/// the course box's when a course is opened (`web/app.js`), the create form's when a create
/// button is first used (`web/src/createform.js`).
const LAZY_SCRIPTS: [&str; 5] = [
    "diagram.js",
    "opstimeline.js",
    "mapping.js",
    "course.js",
    "createform-form.js",
];

/// Whether a page file is fetched when the page starts (the full module and the panels'
/// scripts wait for first use).
fn loads_at_start(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    !path.components().any(|c| c.as_os_str() == "pkg-full") && !LAZY_SCRIPTS.contains(&name)
}

/// The raw size of a file and its size after `gzip -9`.
fn sizes(file: &Path) -> Result<(u64, u64)> {
    let raw = std::fs::metadata(file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?
        .len();
    let out = Cmd::new("sh")
        .args(["-c", "gzip -9 -c -- \"$1\" | wc -c", "sh"])
        .arg(file.to_string_lossy())
        .read()?;
    let gz = out
        .trim()
        .parse()
        .map_err(|_| format!("unexpected output of gzip | wc -c: {out:?}"))?;
    Ok((raw, gz))
}

/// All files under `dir` (recursively, sorted) that `keep` accepts; skips node_modules.
fn files_under(dir: &Path, keep: &dyn Fn(&Path) -> bool) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if entry.file_name() != "node_modules" {
                found.extend(files_under(&path, keep)?);
            }
        } else if keep(&path) {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

/// `cargo xtask serve`: builds the package, then serves the playground until interrupted.
pub fn serve(port: u16) -> Result {
    if !project::web_parts_exist() {
        return Err(format!("cannot serve the playground: {WEB_MISSING}"));
    }
    let listener = server::bind(port)?;
    install::npm_ci()?;
    build_package()?;
    println!("hcsim playground: {}", server::url(&listener)?);
    println!("(Ctrl-C to stop)");
    server::serve(&listener, Path::new(WEB_DIR));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_weight_counts_only_what_the_browser_loads() {
        assert!(is_page_file(Path::new("web/index.html")));
        assert!(is_page_file(Path::new("web/pkg/hcsim_wasm_bg.wasm")));
        assert!(is_page_file(Path::new("web/pkg/hcsim_wasm.js")));
        assert!(!is_page_file(Path::new("web/pkg/hcsim_wasm.d.ts")));
        assert!(!is_page_file(Path::new("web/tests/e2e.mjs")));
        assert!(!is_page_file(Path::new("web/node_modules/x/y.js")));
        assert!(!is_page_file(Path::new("web/package-lock.json")));
        assert!(!is_page_file(Path::new("web/pkg/.gitignore")));
        assert!(is_page_file(Path::new("web/pkg-full/hcsim_wasm_bg.wasm")));
        assert!(loads_at_start(Path::new("web/pkg/hcsim_wasm_bg.wasm")));
        assert!(!loads_at_start(Path::new(
            "web/pkg-full/hcsim_wasm_bg.wasm"
        )));
        assert!(loads_at_start(Path::new("web/src/console.js")));
        assert!(!loads_at_start(Path::new("web/src/diagram.js")));
    }

    #[test]
    fn the_glue_loses_its_doc_comments_and_nothing_else() {
        let js = "export class Simulator {\n    /**\n     * The world.\n     * @returns {string}\n     */\n    save() {\n        /** one line */\n        return \"/** not a comment */\";\n    }\n}\n";
        assert_eq!(
            without_doc_comments(js),
            "export class Simulator {\n    save() {\n        return \"/** not a comment */\";\n    }\n}\n"
        );
    }
}
