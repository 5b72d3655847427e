//! Running external commands: every command is echoed before it runs, and a failure
//! becomes a message that says what failed and how to fix it.

use std::ffi::OsString;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

/// The result type of every task: the error is a message for the developer.
pub type Result<T = ()> = std::result::Result<T, String>;

/// Environment fixes applied to every child without being echoed (they change no meaning):
/// `~/.cargo/bin` appended to `PATH` when missing (so freshly `cargo install`ed tools are
/// found), and a relative `CARGO_TARGET_DIR` made absolute (children run from the root).
static HIDDEN_ENV: OnceLock<Vec<(String, OsString)>> = OnceLock::new();

/// Computes the hidden environment fixes; call once, before changing directory.
pub fn init_env(original_cwd: &Path) {
    let mut fixes = Vec::new();
    if let Some(path) = path_with_cargo_bin() {
        fixes.push(("PATH".to_owned(), path));
    }
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        let dir = PathBuf::from(dir);
        if dir.is_relative() {
            fixes.push((
                "CARGO_TARGET_DIR".to_owned(),
                original_cwd.join(dir).into_os_string(),
            ));
        }
    }
    let _ = HIDDEN_ENV.set(fixes);
}

/// `PATH` with the cargo bin directory appended, or `None` when it is already there.
fn path_with_cargo_bin() -> Option<OsString> {
    let bin = match std::env::var_os("CARGO_HOME") {
        Some(home) => PathBuf::from(home).join("bin"),
        None => PathBuf::from(std::env::var_os("HOME")?).join(".cargo/bin"),
    };
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs: Vec<PathBuf> = std::env::split_paths(&path).collect();
    if dirs.contains(&bin) {
        return None;
    }
    dirs.push(bin);
    std::env::join_paths(dirs).ok()
}

/// The current value of `PATH` as children see it (with the hidden fixes).
pub fn child_path() -> OsString {
    HIDDEN_ENV
        .get()
        .and_then(|fixes| fixes.iter().find(|(k, _)| k == "PATH"))
        .map(|(_, v)| v.clone())
        .or_else(|| std::env::var_os("PATH"))
        .unwrap_or_default()
}

/// An external command, built up, echoed and run.
#[derive(Debug, Clone)]
pub struct Cmd {
    program: String,
    args: Vec<String>,
    /// Environment variables: (name, value, how to echo the value).
    envs: Vec<(String, OsString, String)>,
    /// How to fix a failure, appended to the error message.
    hint: Option<String>,
}

impl Cmd {
    /// A command running `program` (looked up on `PATH`).
    pub fn new(program: &str) -> Self {
        Cmd {
            program: program.to_owned(),
            args: Vec::new(),
            envs: Vec::new(),
            hint: None,
        }
    }

    /// Appends one argument.
    pub fn arg(mut self, arg: impl Into<String>) -> Self {
        self.args.push(arg.into());
        self
    }

    /// Appends several arguments.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Sets an environment variable for the child; it is echoed as `NAME=value`.
    pub fn env(self, name: &str, value: &str) -> Self {
        self.env_shown(name, OsString::from(value), value)
    }

    /// Sets an environment variable whose echo differs from its value (e.g. `dir:$PATH`).
    pub fn env_shown(mut self, name: &str, value: OsString, shown: &str) -> Self {
        self.envs.push((name.to_owned(), value, shown.to_owned()));
        self
    }

    /// Says how to fix a failure of this command.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The command line as echoed: `NAME=value program arg…`, quoted for a shell.
    pub fn display(&self) -> String {
        let envs = self
            .envs
            .iter()
            .map(|(k, _, shown)| format!("{k}={}", quote(shown)));
        let words = std::iter::once(quote(&self.program)).chain(self.args.iter().map(|a| quote(a)));
        envs.chain(words).collect::<Vec<_>>().join(" ")
    }

    /// Echoes and runs the command with the terminal's stdout/stderr; stdin is closed
    /// (CI has none). Fails unless it exits with status 0.
    pub fn run(&self) -> Result {
        println!("$ {}", self.display());
        let status = self
            .command()
            .stdin(Stdio::null())
            .status()
            .map_err(|e| self.spawn_error(&e))?;
        if status.success() {
            Ok(())
        } else {
            Err(self.failure(&status.to_string()))
        }
    }

    /// Echoes and runs the command, capturing its stdout; fails unless it exits with 0.
    pub fn read(&self) -> Result<String> {
        let out = self.capture()?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let mut msg = self.failure(&out.status.to_string());
            if !stderr.trim().is_empty() {
                msg.push_str(&format!("\n{}", stderr.trim_end()));
            }
            Err(msg)
        }
    }

    /// Echoes and runs a query (`tool --version`, `dpkg -s x`): its stdout when it exits
    /// with 0, `None` when it fails or the program does not exist.
    pub fn probe(&self) -> Option<String> {
        let out = self.capture().ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Echoes and runs the command with stdout and stderr captured.
    fn capture(&self) -> Result<Output> {
        println!("$ {}", self.display());
        self.command()
            .stdin(Stdio::null())
            .output()
            .map_err(|e| self.spawn_error(&e))
    }

    /// The `std` command with the explicit and the hidden environment.
    fn command(&self) -> Command {
        let mut cmd = Command::new(&self.program);
        cmd.args(&self.args);
        for (k, v) in HIDDEN_ENV.get().into_iter().flatten() {
            cmd.env(k, v);
        }
        for (k, v, _) in &self.envs {
            cmd.env(k, v);
        }
        cmd
    }

    /// The message for a command that could not start.
    fn spawn_error(&self, e: &std::io::Error) -> String {
        if e.kind() == ErrorKind::NotFound {
            let how = self
                .hint
                .clone()
                .unwrap_or_else(|| install_hint(&self.program));
            format!("{} not found: {how}", self.program)
        } else {
            format!("cannot run `{}`: {e}", self.display())
        }
    }

    /// The message for a command that exited with a failure status.
    fn failure(&self, status: &str) -> String {
        let mut msg = format!("`{}` failed ({status})", self.display());
        if let Some(hint) = &self.hint {
            msg.push_str(&format!(": {hint}"));
        }
        msg
    }
}

/// How to get a program that is missing from `PATH`.
pub fn install_hint(program: &str) -> String {
    match program {
        "cargo" | "rustup" | "rustc" => {
            "install Rust with rustup (https://rustup.rs), then open a new shell".into()
        }
        "apt-get" | "dpkg" => "this step needs a Debian or Ubuntu machine; install the packages \
             yourself and run `cargo xtask test --no-install`"
            .into(),
        "npm" | "node" => {
            "install Node.js 20 or newer with npm (e.g. `apt-get install nodejs npm`)".into()
        }
        "wasm-pack" => "run `cargo xtask test` (it installs it) or \
             `cargo install --locked wasm-pack --version 0.15.1`"
            .into(),
        "wasm-bindgen" | "wasm-bindgen-test-runner" => "run `cargo xtask test` (it installs \
             wasm-bindgen-cli at the version of wasm-bindgen in Cargo.lock)"
            .into(),
        "tmux" | "gzip" | "bash" | "sh" => format!("install it (e.g. `apt-get install {program}`)"),
        _ => format!("install {program} and make sure it is on PATH"),
    }
}

/// Quotes a word for a POSIX shell when it holds anything but safe characters.
pub fn quote(word: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "-_./=:,+@%^$".contains(c);
    if !word.is_empty() && word.chars().all(safe) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_quotes_words_with_spaces_and_shows_env() {
        let cmd = Cmd::new("cargo")
            .args(["test", "a b"])
            .env("CHROMEDRIVER", "/usr/bin/chromedriver");
        assert_eq!(
            cmd.display(),
            "CHROMEDRIVER=/usr/bin/chromedriver cargo test 'a b'"
        );
    }

    #[test]
    fn quote_escapes_single_quotes() {
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote(""), "''");
    }

    #[test]
    fn missing_program_says_how_to_install_it() {
        let err = Cmd::new("hcsim-no-such-program-xyz").run().unwrap_err();
        assert!(err.starts_with("hcsim-no-such-program-xyz not found: install"));
    }

    #[test]
    fn failing_program_names_the_command_and_hint() {
        let err = Cmd::new("false").hint("do this").run().unwrap_err();
        assert!(err.starts_with("`false` failed"), "{err}");
        assert!(err.ends_with(": do this"), "{err}");
    }
}
