//! `hcsim serve` from the command line: `--print-env` prints only `export NAME=value` lines
//! (the contract of SCENARIOS.md), the server answers, and SIGTERM ends it cleanly, saving
//! the session with `--save`.

#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn print_env_then_sigterm_saves_the_session() {
    let dir = std::env::temp_dir().join(format!("hcsim-serve-cli-{}", std::process::id()));
    let save = dir.join("session.json");
    let mut child = Command::new(env!("CARGO_BIN_EXE_hcsim"))
        .args([
            "serve",
            "--port",
            "0",
            "--print-env",
            "--seed",
            "5",
            "--state-dir",
        ])
        .arg(&dir)
        .arg("--save")
        .arg(&save)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("hcsim runs");
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut lines = Vec::new();
    while lines.len() < 16 {
        let mut l = String::new();
        if out.read_line(&mut l).unwrap_or(0) == 0 {
            break;
        }
        lines.push(l.trim_end().to_string());
    }
    for l in &lines {
        let rest = l
            .strip_prefix("export ")
            .unwrap_or_else(|| panic!("not an export line: {l}"));
        let (name, value) = rest.split_once('=').expect("NAME=value");
        assert!(
            name.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
            "{name}"
        );
        assert!(!value.is_empty(), "{name} is empty");
    }
    let ca = lines
        .iter()
        .find_map(|l| l.strip_prefix("export REQUESTS_CA_BUNDLE="))
        .unwrap();
    assert!(std::path::Path::new(ca).is_file(), "the CA file exists");
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let start = Instant::now();
    let code = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "hcsim serve did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(code.success(), "{code:?}");
    let text = std::fs::read_to_string(&save).expect("session saved");
    assert!(
        text.contains("hcsim-automation"),
        "the served session holds its principals"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
