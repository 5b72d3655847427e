//! No import cycle in any crate of the workspace: within every folder, a module must not import
//! a sibling module that imports it, directly or through others (shared vocabulary lives in
//! leaf modules).
//!
//! The rule is the one well-kept crates follow. The nodes of one graph are the sibling modules
//! of one folder (the crate root's top modules, or the children of `x/mod.rs`); the folder's
//! own module (`lib.rs`, `mod.rs`, `x.rs`) is their parent and stands outside the sibling set,
//! so a `mod.rs` may dispatch to children that use the types it defines. An edge `a → b`
//! between siblings is any path from a file of `a`'s subtree that reaches into `b`'s subtree:
//! `crate::…::b`, `super::b`, `super::super::…::b`, `self::…` (grouped `use x::{b, c::{d}}`
//! included), also when it goes through a name an ancestor imports (`crate::Lab` where
//! `lib.rs` has `pub use lab::Lab`). Comments, literals and `#[cfg(test)]` code are ignored.
//! Each crate has one `#[test]` below.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// A module path from the crate root: `src/a/b.rs` → `["a", "b"]`; the root is `[]`.
type ModPath = Vec<String>;

/// The sibling graphs of the crate whose sources are in `src`: for each folder (by module
/// path), the edges between its child modules.
pub fn module_graphs(src: &Path) -> BTreeMap<ModPath, BTreeMap<String, BTreeSet<String>>> {
    let mut files = Vec::new();
    collect(src, &mut files);
    let modules: BTreeSet<ModPath> = files
        .iter()
        .flat_map(|f| {
            let p = module_path(src, f);
            (1..=p.len()).map(move |n| p[..n].to_vec())
        })
        .collect();
    let mut graphs: BTreeMap<ModPath, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for m in &modules {
        let (name, folder) = m.split_last().expect("a module path is not empty");
        graphs
            .entry(folder.to_vec())
            .or_default()
            .entry(name.clone())
            .or_default();
    }
    let mut test_only: Vec<ModPath> = Vec::new();
    let mut texts: Vec<(ModPath, String)> = Vec::new();
    for f in &files {
        let module = module_path(src, f);
        let (text, tests) = without_tests(&strip(&fs::read_to_string(f).unwrap_or_default()));
        test_only.extend(
            tests
                .into_iter()
                .map(|t| [module.clone(), vec![t]].concat()),
        );
        texts.push((module, text));
    }
    texts.retain(|(m, _)| !test_only.iter().any(|t| m.starts_with(t)));
    let mut aliases = BTreeMap::new();
    for (from, text) in &texts {
        imports(text, from, &modules, &mut aliases);
    }
    for (from, text) in &texts {
        for target in references(text, from) {
            let target = unalias(target, &modules, &aliases);
            let common = from.iter().zip(&target).take_while(|(a, b)| a == b).count();
            if common >= from.len() || common >= target.len() {
                continue; // parent → child, or child → an item of its parent (or itself)
            }
            if modules.contains(&target[..=common]) {
                graphs
                    .entry(from[..common].to_vec())
                    .or_default()
                    .entry(from[common].clone())
                    .or_default()
                    .insert(target[common].clone());
            }
        }
    }
    graphs
}

/// Names a `use` brings into a module: `(module, name)` → the absolute path it stands for.
/// A child may name its ancestors' imports (`crate::Lab` when `lib.rs` has `use lab::Lab`),
/// which hides the real edge unless resolved.
type Aliases = BTreeMap<(ModPath, String), ModPath>;

/// Records the `use` items of the stripped file of module `module` in `aliases`.
fn imports(text: &str, module: &[String], modules: &BTreeSet<ModPath>, aliases: &mut Aliases) {
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices("use ") {
        let boundary = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        let Some(end) = text[i..].find(';') else {
            continue;
        };
        if !boundary {
            continue;
        }
        for path in tree(&text[i + 4..i + end]) {
            let Some(first) = path.first() else {
                continue;
            };
            let absolute: ModPath = match first.as_str() {
                "crate" => path[1..].to_vec(),
                "super" => {
                    let ups = path.iter().take_while(|p| *p == "super").count();
                    if ups > module.len() {
                        continue;
                    }
                    [&module[..module.len() - ups], &path[ups..]].concat()
                }
                _ if modules.contains(&[module, &path[..1]].concat()) => {
                    [module, &path[..]].concat()
                }
                _ => continue,
            };
            if let Some(name) = absolute.last() {
                aliases.insert((module.to_vec(), name.clone()), absolute.clone());
            }
        }
    }
}

/// `target` with imported names replaced by what they stand for (a few rounds, for chains).
fn unalias(mut target: ModPath, modules: &BTreeSet<ModPath>, aliases: &Aliases) -> ModPath {
    for _ in 0..4 {
        let Some(k) = (1..=target.len()).find(|k| !modules.contains(&target[..*k].to_vec())) else {
            return target;
        };
        let key = (target[..k - 1].to_vec(), target[k - 1].clone());
        match aliases.get(&key) {
            Some(real) if *real != target[..k] => {
                target = [real.clone(), target[k..].to_vec()].concat();
            }
            _ => return target,
        }
    }
    target
}

/// The first cycle among sibling modules of `src`, as `in crate::x: a -> b -> … -> a`.
pub fn module_cycle(src: &Path) -> Option<String> {
    module_graphs(src).iter().find_map(|(folder, edges)| {
        let place = core::iter::once("crate")
            .chain(folder.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join("::");
        first_cycle(edges).map(|c| format!("in {place}: {c}"))
    })
}

/// Depth-first search with colours (1 = on the current path, 2 = done).
fn first_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<String> {
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
        if colour.get(n.as_str()).copied().unwrap_or(0) == 0
            && let Some(c) = visit(n, edges, &mut colour, &mut Vec::new())
        {
            return Some(c);
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
/// the crate root (`lib.rs`, `main.rs`) is [].
fn module_path(src: &Path, file: &Path) -> ModPath {
    let rel = file.strip_prefix(src).unwrap_or(file);
    let mut parts: ModPath = rel
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
        } else if c == 'r' && matches!(b.get(i + 1), Some('"' | '#')) && raw_start(&b, i) {
            i = skip_raw(&b, i);
            out.push_str("\"\"");
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

/// A stripped source without its `#[cfg(test)]` items, and the names of the test-only file
/// modules it declares (`#[cfg(test)] mod tests;`). Test code is left out of the graph, as
/// `cargo modules dependencies --acyclic` does by default: a unit test may drive its parent's
/// whole facade without making its module depend on the others.
fn without_tests(text: &str) -> (String, Vec<String>) {
    const ATTR: &str = "#[cfg(test)]";
    let mut out = String::with_capacity(text.len());
    let mut modules = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(ATTR) {
        out.push_str(&rest[..at]);
        let item = &rest[at + ATTR.len()..];
        let Some(stop) = item.find([';', '{']) else {
            rest = "";
            break;
        };
        let head = item[..stop].trim();
        if item[stop..].starts_with(';') {
            if let Some(name) = head.rsplit("mod ").next().filter(|_| head.contains("mod ")) {
                modules.push(ident(name.trim()).to_string());
            }
            rest = &item[stop + 1..];
            continue;
        }
        let mut depth = 0usize;
        let mut end = item.len();
        for (i, c) in item[stop..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = stop + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &item[end..];
    }
    out.push_str(rest);
    (out, modules)
}

/// Whether `r` at `i` opens a raw string (`r"…"`, `r#"…"#`) rather than ending an identifier.
fn raw_start(b: &[char], i: usize) -> bool {
    let boundary = i == 0 || !(b[i - 1].is_alphanumeric() || b[i - 1] == '_');
    let hashes = b[i + 1..].iter().take_while(|c| **c == '#').count();
    boundary && b.get(i + 1 + hashes) == Some(&'"')
}

/// The index just past the raw string opening at `i`.
fn skip_raw(b: &[char], i: usize) -> usize {
    let hashes = b[i + 1..].iter().take_while(|c| **c == '#').count();
    let mut j = i + 2 + hashes;
    while j < b.len() {
        if b[j] == '"'
            && b[j + 1..]
                .iter()
                .take(hashes)
                .filter(|c| **c == '#')
                .count()
                == hashes
        {
            return j + 1 + hashes;
        }
        j += 1;
    }
    j
}

/// The identifier at the start of `s`.
fn ident(s: &str) -> &str {
    let n = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..n]
}

/// The paths of a use tree or path at the start of `s` (`a::b`, `a::{b, c::{d, e}}`, `*`);
/// `self` in a group names the group's prefix.
fn tree(s: &str) -> Vec<ModPath> {
    let s = s.trim_start();
    if let Some(group) = s.strip_prefix('{') {
        let mut out = Vec::new();
        let mut depth = 0usize;
        let mut start = 0;
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    out.extend(tree(&group[start..i]));
                    return out;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    out.extend(tree(&group[start..i]));
                    start = i + 1;
                }
                _ => {}
            }
        }
        return out;
    }
    let name = ident(s);
    let rest = s[name.len()..].trim_start();
    let head: ModPath = match name {
        "" | "self" => Vec::new(),
        n => vec![n.to_string()],
    };
    match rest.strip_prefix("::") {
        Some(tail) if !name.is_empty() => tree(tail)
            .into_iter()
            .map(|t| head.iter().cloned().chain(t).collect())
            .collect(),
        _ => vec![head],
    }
}

/// The absolute paths a stripped file of module `module` refers to through `crate::`,
/// `super::` and `self::`. Inline `mod x { … }` blocks are tracked so that `super::` in them
/// climbs from the right place.
fn references(text: &str, module: &[String]) -> Vec<ModPath> {
    let mut out = Vec::new();
    // Inline modules: (name, brace depth at which it opened).
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut braces = 0usize;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !text.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let rest = &text[i..];
        let boundary = i == 0
            || !(bytes[i - 1].is_ascii_alphanumeric()
                || bytes[i - 1] == b'_'
                || bytes[i - 1] == b':');
        let here = || -> ModPath {
            module
                .iter()
                .cloned()
                .chain(inline.iter().map(|(n, _)| n.clone()))
                .collect()
        };
        if bytes[i] == b'{' {
            braces += 1;
        } else if bytes[i] == b'}' {
            braces = braces.saturating_sub(1);
            if inline.last().is_some_and(|(_, d)| *d == braces) {
                inline.pop();
            }
        } else if boundary && rest.starts_with("mod ") {
            let after = rest[4..].trim_start();
            let name = ident(after);
            if after[name.len()..].trim_start().starts_with('{') {
                inline.push((name.to_string(), braces));
            }
        } else if boundary && rest.starts_with("crate::") {
            out.extend(tree(&rest[7..]));
        } else if boundary && rest.starts_with("self::") {
            let base = here();
            out.extend(
                tree(&rest[6..])
                    .into_iter()
                    .map(|t| [base.clone(), t].concat()),
            );
        } else if boundary && rest.starts_with("super::") {
            let mut ups = 0;
            let mut tail = rest;
            while let Some(t) = tail.strip_prefix("super::") {
                ups += 1;
                tail = t;
            }
            let base = here();
            if ups <= base.len() {
                let base = &base[..base.len() - ups];
                out.extend(tree(tail).into_iter().map(|t| [base.to_vec(), t].concat()));
            }
            i += 7 * ups;
            continue;
        }
        i += 1;
    }
    out
}

/// Checks the crate whose sources are in `dir` (relative to the workspace root).
fn assert_acyclic(dir: &str, min_modules: usize) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(dir);
    let graphs = module_graphs(&src);
    let modules: usize = graphs.values().map(BTreeMap::len).sum();
    assert!(
        modules >= min_modules,
        "the checker found only {modules} modules in {dir}: {graphs:?}"
    );
    if let Some(cycle) = module_cycle(&src) {
        panic!("import cycle between modules of {dir} {cycle}\nall edges: {graphs:#?}");
    }
}

#[test]
fn arm_has_no_import_cycle() {
    assert_acyclic("crates/arm/src", 2);
}

#[test]
fn core_has_no_import_cycle() {
    assert_acyclic("crates/core/src", 30);
}

#[test]
fn template_has_no_import_cycle() {
    assert_acyclic("crates/template/src", 15);
}

#[test]
fn bicep_has_no_import_cycle() {
    assert_acyclic("crates/bicep/src", 8);
}

#[test]
fn jmespath_has_no_import_cycle() {
    assert_acyclic("crates/jmespath/src", 6);
}

#[test]
fn medtech_has_no_import_cycle() {
    assert_acyclic("crates/medtech/src", 8);
}

#[test]
fn lab_has_no_import_cycle() {
    assert_acyclic("crates/lab/src", 20);
}

#[test]
fn serve_has_no_import_cycle() {
    assert_acyclic("crates/serve/src", 12);
}

#[test]
fn wasm_has_no_import_cycle() {
    assert_acyclic("crates/wasm/src", 2);
}

#[test]
fn tui_has_no_import_cycle() {
    assert_acyclic("tui/src", 20);
}

#[test]
fn xtask_has_no_import_cycle() {
    assert_acyclic("crates/xtask/src", 7);
}

/// A fixture crate written to a temp dir, removed when dropped.
struct Fixture(PathBuf);

impl Fixture {
    fn new(name: &str, files: &[(&str, &str)]) -> Self {
        let dir =
            std::env::temp_dir().join(format!("hcsim-module-graph-{name}-{}", std::process::id()));
        for (path, text) in files {
            let p = dir.join("src").join(path);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, text).unwrap();
        }
        Fixture(dir)
    }

    fn cycle(&self) -> Option<String> {
        module_cycle(&self.0.join("src"))
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        fs::remove_dir_all(&self.0).ok();
    }
}

#[test]
fn the_checker_finds_a_top_level_cycle_and_ignores_literals_and_comments() {
    let f = Fixture::new(
        "top",
        &[
            ("lib.rs", "mod a;\nmod b;\nmod c;\n"),
            ("a.rs", "use crate::b::X;\n// crate::c in a comment\n"),
            ("b/mod.rs", "mod inner;\nconst S: &str = \"crate::a\";\n"),
            ("b/inner.rs", "use super::super::{c::Y};\n"),
            ("c.rs", "fn f() { crate::a::g(); }\n"),
        ],
    );
    assert_eq!(f.cycle().as_deref(), Some("in crate: a -> b -> c -> a"));
}

#[test]
fn the_checker_finds_a_cycle_between_nested_siblings() {
    let f = Fixture::new(
        "nested",
        &[
            ("lib.rs", "mod p;\n"),
            (
                "p/mod.rs",
                "mod x;\nmod y;\npub struct T;\nfn f() { x::go(); }\n",
            ),
            ("p/x.rs", "use super::{T, y::Z};\n"),
            ("p/y.rs", "use crate::p::{x::{self, W}};\n"),
        ],
    );
    assert_eq!(f.cycle().as_deref(), Some("in crate::p: x -> y -> x"));
}

#[test]
fn a_parent_dispatching_to_children_that_use_its_types_is_no_cycle() {
    let f = Fixture::new(
        "parent",
        &[
            ("lib.rs", "mod p;\nmod q;\n"),
            (
                "p/mod.rs",
                "mod x;\nmod y;\npub struct T;\nfn f() { x::go(); y::go(); }\n",
            ),
            (
                "p/x.rs",
                "use super::T;\nuse super::y::Z;\n#[cfg(test)]\nmod tests { use super::super::T; }\n",
            ),
            ("p/y.rs", "use crate::p::T;\nuse crate::q::Q;\n"),
            ("q.rs", "pub struct Q;\n"),
        ],
    );
    assert_eq!(f.cycle(), None);
}

#[test]
fn the_checker_sees_through_a_parent_reexport() {
    let f = Fixture::new(
        "reexport",
        &[
            ("lib.rs", "mod a;\nmod b;\npub use a::{A, helper as _h};\n"),
            ("a.rs", "pub struct A;\nfn f() { crate::b::g(); }\n"),
            ("b.rs", "use crate::A;\npub fn g() {}\n"),
        ],
    );
    assert_eq!(f.cycle().as_deref(), Some("in crate: a -> b -> a"));
}

#[test]
fn test_only_code_makes_no_edge() {
    let f = Fixture::new(
        "tests",
        &[
            ("lib.rs", "mod a;\nmod b;\n"),
            (
                "a.rs",
                "pub fn f() { crate::b::g(); }\n#[cfg(test)]\nmod tests;\n",
            ),
            ("a/tests.rs", "use crate::b::g;\n"),
            (
                "b.rs",
                "pub fn g() {}\n#[cfg(test)]\nmod tests {\n    use crate::a::f;\n    #[test]\n    fn t() { f(); }\n}\n",
            ),
        ],
    );
    assert_eq!(f.cycle(), None);
    let f = Fixture::new(
        "tests2",
        &[
            ("lib.rs", "mod a;\nmod b;\n"),
            ("a.rs", "pub fn f() { crate::b::g(); }\n"),
            (
                "b.rs",
                "#[cfg(test)]\nfn t() { }\npub fn g() { crate::a::f(); }\n",
            ),
        ],
    );
    assert_eq!(f.cycle().as_deref(), Some("in crate: a -> b -> a"));
}
