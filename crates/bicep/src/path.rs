//! Module and `load…` paths: relative to the file that names them, `/`-separated, `.` and
//! `..` folded (never above the root the names start from: the front end decides what may
//! be read).

use alloc::string::String;
use alloc::vec::Vec;

/// `rel` resolved against the folder of `from` (`a/main.bicep` + `./m/x.bicep` →
/// `a/m/x.bicep`); `None` when it climbs above the first folder.
pub fn join(from: &str, rel: &str) -> Option<String> {
    let from = from.replace('\\', "/");
    let rel = rel.replace('\\', "/");
    let mut parts: Vec<&str> = Vec::new();
    let absolute = rel.starts_with('/') || from.starts_with('/');
    if !rel.starts_with('/') {
        parts.extend(from.split('/'));
        parts.pop(); // the file name
    }
    let mut out: Vec<&str> = Vec::new();
    for p in parts.into_iter().chain(rel.split('/')) {
        match p {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            p => out.push(p),
        }
    }
    let joined = out.join("/");
    Some(if absolute {
        alloc::format!("/{joined}")
    } else {
        joined
    })
}

#[cfg(test)]
mod tests {
    use super::join;

    #[test]
    fn relative_paths() {
        assert_eq!(
            join("main.bicep", "./mod.bicep").as_deref(),
            Some("mod.bicep")
        );
        assert_eq!(
            join("a/main.bicep", "m/x.bicep").as_deref(),
            Some("a/m/x.bicep")
        );
        assert_eq!(
            join("a/b/main.bicep", "../x.bicep").as_deref(),
            Some("a/x.bicep")
        );
        assert_eq!(join("main.bicep", "../x.bicep"), None);
        assert_eq!(
            join("/s/main.bicep", "m.bicep").as_deref(),
            Some("/s/m.bicep")
        );
    }
}
