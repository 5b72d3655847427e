//! The one bounded reader for every file hcsim opens (scenarios, scripts, sessions, and the
//! files commands name: `--template-file`, `@parameters`, `--content @`).
//!
//! Why a module of its own: a size check on the file's *reported* size says nothing about
//! `/dev/zero`, `/dev/urandom` or a FIFO (they report 0 bytes and then never end, or block
//! forever). So every read here (1) refuses anything but a regular file from its metadata,
//! before opening it for reading, (2) opens non-blocking where the OS allows, re-checking
//! the opened file, and (3) reads at most the limit + 1 byte and refuses beyond it.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The largest file hcsim reads: ARM's own template limit is 4 MB; this leaves room for
/// parameters files and long sessions, and still keeps a mistake from eating the memory.
pub const FILE_LIMIT: u64 = 16 * 1024 * 1024;

/// The largest session file hcsim reads: the core's own bound for a session's text
/// (`hcsim_core::history::Session::load`), so every session it could load can be opened.
pub const SESSION_LIMIT: u64 = 64 * 1024 * 1024;

/// Reads `path` as UTF-8 text of at most `limit` bytes. The error names the file and says
/// why (not a regular file, over the limit, unreadable, not UTF-8).
pub fn read_bounded(path: &Path, limit: u64) -> Result<String, String> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    check_regular(path, &meta.file_type())?;
    let file = open_nonblocking(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    // The name may have been swapped between the check and the open: check what we opened.
    let opened = file
        .metadata()
        .map_err(|e| format!("{shown}: cannot read: {e}"))?;
    check_regular(path, &opened.file_type())?;
    // Room for the whole file up front (its size as it was opened; more is still read, up to
    // the limit): a script is read without growing and copying the buffer a dozen times.
    let room = opened.len().min(limit).saturating_add(1);
    let mut bytes = Vec::with_capacity(usize::try_from(room).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{shown}: cannot read: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "{shown}: larger than the {} limit; not read",
            human(limit)
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        format!(
            "{shown}:1:{}: not UTF-8 text (byte {at} is invalid)",
            at + 1
        )
    })
}

/// Refuses directories, devices, FIFOs and sockets by their type (never by their size).
fn check_regular(path: &Path, t: &std::fs::FileType) -> Result<(), String> {
    if t.is_file() {
        return Ok(());
    }
    let what = if t.is_dir() { "a directory" } else { kind(t) };
    Err(format!(
        "{}: is {what}, not a regular file; hcsim reads only regular files",
        path.display()
    ))
}

#[cfg(unix)]
fn kind(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else {
        "not a plain file"
    }
}

#[cfg(not(unix))]
fn kind(_: &std::fs::FileType) -> &'static str {
    "not a plain file"
}

/// Opens for reading without blocking on a FIFO that has no writer (unix).
#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// `16 MB` for the messages.
fn human(limit: u64) -> String {
    if limit >= 1024 * 1024 && limit.is_multiple_of(1024 * 1024) {
        format!("{} MB", limit / (1024 * 1024))
    } else {
        format!("{limit} bytes")
    }
}

/// Which files a loader may open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// Anything the user names (commands the user types: `hcsim exec`, the console).
    Anywhere,
    /// Only files in or below the base folder: a scenario file someone shared must not read
    /// `~/.ssh/id_rsa` into its report (`--allow-outside-files` lifts this).
    BelowBase,
}

/// A file loader for the lab: relative paths resolve against `base`; every read is bounded
/// by [`FILE_LIMIT`]; with [`Reach::BelowBase`] nothing outside `base` is opened.
pub fn loader(base: PathBuf, reach: Reach) -> impl Fn(&str) -> Result<String, String> + 'static {
    move |path: &str| {
        let full = resolve(&base, path, reach)?;
        read_bounded(&full, FILE_LIMIT).map_err(|e| {
            // Name the file as the command wrote it, not as resolved.
            match e.split_once(": ") {
                Some((_, why)) => format!("{path}: {why}"),
                None => e,
            }
        })
    }
}

/// The path a loader opens for `path`, or why it may not.
fn resolve(base: &Path, path: &str, reach: Reach) -> Result<PathBuf, String> {
    let p = Path::new(path);
    if reach == Reach::Anywhere {
        return Ok(if p.is_absolute() {
            p.to_path_buf()
        } else {
            base.join(p)
        });
    }
    let outside = || {
        format!(
            "{path}: outside the scenario's folder; a scenario may only read files in or below \
its own folder (run with --allow-outside-files to allow it)"
        )
    };
    if p.is_absolute()
        || p.components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(outside());
    }
    let full = base.join(p);
    // A symlink inside the folder may still point out of it: compare the real paths.
    if let (Ok(real_base), Ok(real)) = (base.canonicalize(), full.canonicalize())
        && !real.starts_with(&real_base)
    {
        return Err(outside());
    }
    Ok(full)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("hcsim-files-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn refuses_devices_without_reading_them() {
        if !Path::new("/dev/zero").exists() {
            return;
        }
        let e = read_bounded(Path::new("/dev/zero"), FILE_LIMIT).unwrap_err();
        assert!(e.contains("/dev/zero") && e.contains("a device"), "{e}");
        let e = loader(".".into(), Reach::Anywhere)("/dev/urandom").unwrap_err();
        assert!(e.contains("/dev/urandom: is a device"), "{e}");
    }

    #[test]
    fn refuses_beyond_the_limit_and_reads_up_to_it() {
        let d = dir("limit");
        let f = d.join("big.json");
        std::fs::write(&f, "x".repeat(11)).unwrap();
        let e = read_bounded(&f, 10).unwrap_err();
        assert!(
            e.contains("big.json") && e.contains("10 bytes limit"),
            "{e}"
        );
        assert_eq!(read_bounded(&f, 11).unwrap().len(), 11);
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn scenario_files_stay_in_their_folder() {
        let d = dir("reach");
        std::fs::create_dir_all(d.join("sub")).unwrap();
        std::fs::write(d.join("sub/t.json"), "{}").unwrap();
        let load = loader(d.clone(), Reach::BelowBase);
        assert_eq!(load("sub/t.json").unwrap(), "{}");
        assert_eq!(load("./sub/t.json").unwrap(), "{}");
        for bad in ["/etc/passwd", "../x.json", "sub/../../x.json"] {
            let e = load(bad).unwrap_err();
            assert!(e.contains("outside the scenario's folder"), "{bad}: {e}");
        }
        #[cfg(unix)]
        {
            let _ = std::os::unix::fs::symlink("/etc/hostname", d.join("link.json"));
            let e = load("link.json").unwrap_err();
            assert!(e.contains("outside"), "{e}");
        }
        let anywhere = loader(d.join("sub"), Reach::Anywhere);
        assert_eq!(anywhere("t.json").unwrap(), "{}");
        let _ = std::fs::remove_dir_all(&d);
    }
}
