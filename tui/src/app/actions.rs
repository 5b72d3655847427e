//! Session files: saving without ever overwriting something that is not an hcsim session.
//! (The lines the single-key actions run come from the lab's view model,
//! `hcsim_lab::view::commands` and `hcsim_lab::view::form`.)

/// Writes the session to `path`, refusing to overwrite a file that is not an hcsim session
/// (the trainee may have typed the name of something precious). Writes to a temporary file
/// first so that a failure never leaves half a session behind.
pub fn save_session(path: &str, text: &str) -> Result<(), String> {
    let p = std::path::Path::new(path);
    if p.is_dir() {
        return Err(format!("{path} is a directory"));
    }
    if p.exists() {
        let old = std::fs::read_to_string(p)
            .map_err(|e| format!("{path} exists and cannot be read ({e}); not overwritten"))?;
        if !is_session(&old) {
            return Err(format!(
                "{path} exists and is not an hcsim session; it was not overwritten. Choose another name."
            ));
        }
    }
    let tmp = p.with_extension("hcsim-tmp");
    std::fs::write(&tmp, text).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, p).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot write {path}: {e}")
    })
}

/// True if `text` is an hcsim session file (any version).
pub fn is_session(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| {
            v.get("format")
                .and_then(|f| f.as_str())
                .map(|f| f.starts_with("hcsim-session/"))
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_overwrite_other_files() {
        let dir = std::env::temp_dir().join(format!("hcsim-tui-save-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let precious = dir.join("notes.txt");
        std::fs::write(&precious, "my notes").unwrap();
        let e = save_session(precious.to_str().unwrap(), "{}").unwrap_err();
        assert!(e.contains("not an hcsim session"), "{e}");
        assert_eq!(std::fs::read_to_string(&precious).unwrap(), "my notes");
        let s = dir.join("s.json");
        save_session(s.to_str().unwrap(), "{\"format\":\"hcsim-session/1\"}").unwrap();
        save_session(
            s.to_str().unwrap(),
            "{\"format\":\"hcsim-session/1\",\"x\":1}",
        )
        .unwrap();
        let _ = std::fs::remove_dir_all(&dir);
    }
}
