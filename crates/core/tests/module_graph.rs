//! No import cycle between the top-level modules of hcsim-core: a module must not import a
//! module that imports it, directly or through others (shared vocabulary lives in leaf
//! modules). The checker is generic: [`module_cycle`] takes any crate's `src` directory.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Edges between the top-level modules of the crate whose sources are in `src`: a folder
/// module (`src/x/…`) is one node; `lib.rs`/`main.rs` (the crate root) is none. An edge
/// `a → b` is a `crate::b` path (in `use` or inline, grouped `use crate::{b, …}` included) or
/// a `super::` path that reaches the crate root and then names `b`.
pub fn module_edges(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    collect(src, &mut files);
    let modules: BTreeSet<String> = files
        .iter()
        .filter_map(|f| module_path(src, f).first().cloned())
        .collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let path = module_path(src, file);
        let Some(top) = path.first().cloned() else {
            continue;
        };
        let text = strip(&fs::read_to_string(file).unwrap_or_default());
        let entry = edges.entry(top.clone()).or_default();
        for target in references(&text, path.len()) {
            if target != top && modules.contains(&target) {
                entry.insert(target);
            }
        }
    }
    edges
}

/// The first cycle of the module graph of `src`, as `a -> b -> … -> a`, if there is one.
pub fn module_cycle(src: &Path) -> Option<String> {
    let edges = module_edges(src);
    // Depth-first search with colours: 1 = on the current path, 2 = done.
    fn visit(
        n: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        colour: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<String> {
        colour.insert(n.to_string(), 1);
        stack.push(n.to_string());
        for m in edges.get(n).into_iter().flatten() {
            match colour.get(m.as_str()).copied().unwrap_or(0) {
                1 => {
                    let start = stack.iter().position(|s| s == m).unwrap_or(0);
                    let mut cycle = stack[start..].to_vec();
                    cycle.push(m.clone());
                    return Some(cycle.join(" -> "));
                }
                0 => {
                    if let Some(c) = visit(m, edges, colour, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        colour.insert(n.to_string(), 2);
        None
    }
    let mut colour = BTreeMap::new();
    for n in edges.keys() {
        if colour.get(n.as_str()).copied().unwrap_or(0) == 0 {
            let mut stack = Vec::new();
            if let Some(c) = visit(n, &edges, &mut colour, &mut stack) {
                return Some(c);
            }
        }
    }
    None
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The module path of a file: `src/a.rs` → [a], `src/a/mod.rs` → [a], `src/a/b.rs` → [a, b];
/// the crate root is [].
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap_or(file);
    let mut parts: Vec<String> = rel
        .iter()
        .map(|c| c.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    if parts.len() == 1 && (parts[0] == "lib" || parts[0] == "main") {
        parts.clear();
    }
    parts
}

/// Source without comments, string and character literals (so that a URL or a doc sentence
/// naming `crate::x` is no edge, and braces inside literals do not count).
fn strip(text: &str) -> String {
    let b: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == '/' && b.get(i + 1) == Some(&'/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && b.get(i + 1) == Some(&'*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == '*' && b[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == '"' {
            i += 1;
            while i < b.len() && b[i] != '"' {
                i += if b[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && b.get(i + 2) == Some(&'\'') {
            i += 3;
        } else if c == '\'' && b.get(i + 1) == Some(&'\\') {
            i += 2;
            while i < b.len() && b[i] != '\'' {
                i += 1;
            }
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Top-level modules a stripped file refers to; `depth` is the file's module depth (1 for
/// `src/a.rs`, 2 for `src/a/b.rs`). Inline `mod x { … }` blocks deepen `super::`.
fn references(text: &str, depth: usize) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    // `x::…` names x; `{x::…, y}` names x and y.
    let named = |after: &str| -> Vec<String> {
        match after.strip_prefix('{') {
            Some(group) => group
                .split('}')
                .next()
                .unwrap_or("")
                .split(',')
                .map(|item| ident(item.trim()))
                .collect(),
            None => vec![ident(after)],
        }
    };
    let mut out = Vec::new();
    // Inline module nesting: brace depths at which an inline `mod … {` opened.
    let mut inline: Vec<usize> = Vec::new();
    let mut braces = 0usize;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !text.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let rest = &text[i..];
        let boundary = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        if bytes[i] == b'{' {
            braces += 1;
        } else if bytes[i] == b'}' {
            braces = braces.saturating_sub(1);
            if inline.last() == Some(&braces) {
                inline.pop();
            }
        } else if boundary && rest.starts_with("mod ") {
            let after = rest[4..].trim_start();
            let name = ident(after);
            if after[name.len()..].trim_start().starts_with('{') {
                inline.push(braces);
            }
        } else if boundary && rest.starts_with("crate::") {
            out.extend(named(&rest[7..]));
        } else if boundary && rest.starts_with("super::") {
            let mut ups = 0;
            let mut tail = rest;
            while let Some(t) = tail.strip_prefix("super::") {
                ups += 1;
                tail = t;
            }
            let level = depth + inline.len();
            if ups >= level {
                out.extend(named(tail));
            }
            i += 7 * ups;
            continue;
        }
        i += 1;
    }
    out
}

#[test]
fn core_has_no_import_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let edges = module_edges(&src);
    assert!(edges.len() > 10, "the checker found the modules: {edges:?}");
    if let Some(cycle) = module_cycle(&src) {
        panic!("import cycle between modules of hcsim-core: {cycle}\nall edges: {edges:#?}");
    }
}

#[test]
fn the_checker_finds_a_cycle_and_ignores_literals_and_comments() {
    let dir = std::env::temp_dir().join(alloc_name());
    let src = dir.join("src");
    fs::create_dir_all(src.join("b")).unwrap();
    fs::write(src.join("lib.rs"), "mod a;\nmod b;\nmod c;\n").unwrap();
    fs::write(
        src.join("a.rs"),
        "use crate::b::X;\n// crate::c in a comment\n",
    )
    .unwrap();
    fs::write(
        src.join("b/mod.rs"),
        "mod inner;\nconst S: &str = \"crate::a\";\n",
    )
    .unwrap();
    fs::write(src.join("b/inner.rs"), "use super::super::{c::Y};\n").unwrap();
    fs::write(src.join("c.rs"), "fn f() { crate::a::g(); }\n").unwrap();
    let cycle = module_cycle(&src);
    fs::remove_dir_all(&dir).ok();
    assert_eq!(cycle.as_deref(), Some("a -> b -> c -> a"));
}

/// A directory name unique to this test process.
fn alloc_name() -> String {
    format!("hcsim-module-graph-{}", std::process::id())
}
