//! Session files: saving without ever overwriting something that is not an hcsim session.
//! (The lines the single-key actions run come from the lab's view model,
//! `hcsim_lab::view::commands` and `hcsim_lab::view::form`.)

/// What is at a save target now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Existing {
    /// Nothing: the save creates the file.
    Nothing,
    /// A session of this hcsim's format or older: replacing it loses it, so the app asks
    /// first unless it is the session's own file.
    Session,
}

/// The file a save to `path` writes: a symlink's target (saving through a link keeps the
/// link), else `path` itself.
pub fn save_target(path: &str) -> Result<std::path::PathBuf, String> {
    let p = std::path::Path::new(path);
    match std::fs::symlink_metadata(p) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(p).map_err(|e| {
            format!("{path} is a symbolic link whose target cannot be reached ({e}); not saved")
        }),
        _ => Ok(p.to_path_buf()),
    }
}

/// Checks what a save to `path` would replace: nothing, or a session this hcsim could open.
/// Anything else is refused with the reason: a directory, a device, a file that is not a
/// session, a session of a newer hcsim (it could not be loaded back, so replacing it would
/// lose it for good).
pub fn check_target(path: &str) -> Result<Existing, String> {
    let target = save_target(path)?;
    let meta = match std::fs::metadata(&target) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Existing::Nothing),
        Err(e) => return Err(format!("{path} cannot be checked ({e}); not overwritten")),
    };
    if meta.is_dir() {
        return Err(format!("{path} is a directory"));
    }
    let old = crate::files::read_bounded(&target, crate::files::SESSION_LIMIT)
        .map_err(|e| format!("{e}; {path} was not overwritten"))?;
    match session_version(&old) {
        None => Err(format!(
            "{path} exists and is not an hcsim session; it was not overwritten. Choose another name."
        )),
        Some(v) if v > CURRENT_VERSION => Err(format!(
            "{path} is a session of a newer hcsim (hcsim-session/{v}); this version could not open it again, so it was not overwritten. Choose another name."
        )),
        Some(_) => Ok(Existing::Session),
    }
}

/// The session format version this hcsim writes.
const CURRENT_VERSION: u32 = 1;

/// Writes the session to `path` (through a symlink, to its target), refusing what
/// [`check_target`] refuses. The text goes to a temporary file with a unique name in the
/// same folder, flushed to disk, then renamed over the target: a failure or a crash never
/// leaves half a session, and no other file is touched.
pub fn save_session(path: &str, text: &str) -> Result<(), String> {
    check_target(path)?;
    let target = save_target(path)?;
    let tmp = write_temp(&target, text)?;
    std::fs::rename(&tmp, &target).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot write {path}: {e}")
    })?;
    // The rename itself reaches the disk with the folder (best effort: not every OS can).
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(d) = std::fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(())
}

/// A new temporary file beside `target` holding `text`, synced; never an existing file.
fn write_temp(target: &std::path::Path, text: &str) -> Result<std::path::PathBuf, String> {
    use std::io::Write;
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let base = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "session".into());
    for _ in 0..16 {
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = dir.join(format!(".{base}.{}-{n}.hcsim-tmp", std::process::id()));
        let mut f = match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(format!("cannot write {}: {e}", tmp.display())),
        };
        let written = f.write_all(text.as_bytes()).and_then(|()| f.sync_all());
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(format!("cannot write {}: {e}", tmp.display()));
        }
        return Ok(tmp);
    }
    Err(format!(
        "cannot find a free temporary name in {}",
        dir.display()
    ))
}

/// True if `text` is an hcsim session file (any version).
pub fn is_session(text: &str) -> bool {
    session_version(text).is_some()
}

/// The version of an hcsim session file (`hcsim-session/N`), `None` if it is not one.
fn session_version(text: &str) -> Option<u32> {
    let v = serde_json::from_str::<serde_json::Value>(text).ok()?;
    v.get("format")?
        .as_str()?
        .strip_prefix("hcsim-session/")?
        .parse()
        .ok()
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

    /// The reliability report's lost sessions: a newer session, a file named like the old
    /// temporary file, and a symlink all survive a save.
    #[test]
    fn keeps_newer_sessions_other_temp_names_and_links() {
        let dir = std::env::temp_dir().join(format!("hcsim-tui-save2-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let newer = dir.join("future.json");
        std::fs::write(&newer, "{\"format\":\"hcsim-session/2\"}").unwrap();
        let e =
            save_session(newer.to_str().unwrap(), "{\"format\":\"hcsim-session/1\"}").unwrap_err();
        assert!(e.contains("newer hcsim"), "{e}");
        assert!(std::fs::read_to_string(&newer).unwrap().contains("/2"));
        let tmp_like = dir.join("notes.hcsim-tmp");
        std::fs::write(&tmp_like, "precious").unwrap();
        let notes = dir.join("notes.json");
        save_session(notes.to_str().unwrap(), "{\"format\":\"hcsim-session/1\"}").unwrap();
        assert_eq!(std::fs::read_to_string(&tmp_like).unwrap(), "precious");
        #[cfg(unix)]
        {
            let link = dir.join("link.json");
            std::os::unix::fs::symlink(&notes, &link).unwrap();
            save_session(
                link.to_str().unwrap(),
                "{\"format\":\"hcsim-session/1\",\"x\":2}",
            )
            .unwrap();
            assert!(
                std::fs::symlink_metadata(&link)
                    .unwrap()
                    .file_type()
                    .is_symlink()
            );
            assert!(std::fs::read_to_string(&notes).unwrap().contains("\"x\":2"));
        }
        let left: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".hcsim-tmp"))
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left.len(), 1, "only the user's own file: {left:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
