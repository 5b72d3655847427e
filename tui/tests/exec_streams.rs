//! `hcsim exec`'s two streams: stdout is buffered (a long script costs one write per 64 KiB,
//! not one per line), yet read merged (`2>&1`) they keep the order of the commands, as they
//! did unbuffered: each command's output, then its error and rule, then the next command's.

use std::io::Read;
use std::process::{Command, Stdio};

/// Runs `hcsim exec ARGS…` with stdout and stderr on one pipe; the merged text.
fn merged(args: &[&str]) -> String {
    let (mut reader, writer) = std::io::pipe().expect("a pipe");
    let mut child = Command::new(env!("CARGO_BIN_EXE_hcsim"))
        .args(["--seed", "5", "exec"])
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(writer.try_clone().expect("the pipe's writer twice"))
        .stderr(writer)
        .spawn()
        .expect("runs hcsim");
    let mut text = String::new();
    reader.read_to_string(&mut text).expect("reads the pipe");
    let _ = child.wait();
    text
}

fn position(text: &str, what: &str) -> usize {
    text.find(what)
        .unwrap_or_else(|| panic!("{what:?} is missing from:\n{text}"))
}

#[test]
fn merged_streams_keep_the_commands_order() {
    let text = merged(
        &["az group create -n rg1 -l eastus; az group show -n nope; \
         az group exists -n rg1; az group show -n nope2 --nmae x; az group exists -n rg1"],
    );
    let order = [
        "hcsim: seed 5",
        "\"name\": \"rg1\"",
        "(ResourceGroupNotFound) Resource group 'nope' could not be found.",
        "Rule resource-must-exist",
        "\ntrue\n",
        "ERROR: unrecognized arguments: --nmae x",
    ];
    let at: Vec<usize> = order.iter().map(|w| position(&text, w)).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?} in:\n{text}");
    assert!(text.trim_end().ends_with("true"), "{text}");
}

#[test]
fn a_long_script_prints_every_output_once() {
    let lines: Vec<String> = (0..400)
        .flat_map(|i| {
            [
                format!("az group create -n g{i} -l eastus -o none"),
                format!("az group exists -n g{i}"),
            ]
        })
        .collect();
    let dir = std::env::temp_dir().join(format!("hcsim-exec-streams-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let script = dir.join("long.az");
    std::fs::write(&script, lines.join("\n")).expect("writes the script");
    let text = merged(&["--script", script.to_str().expect("a UTF-8 path")]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(text.matches("true\n").count(), 400, "{text}");
    assert!(!text.contains("\"name\""), "-o none prints nothing: {text}");
}
