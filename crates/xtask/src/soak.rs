//! `cargo xtask soak [--sessions N] [--seed S] [--steps K]`: the long soak, in release
//! (`tests/bin/soak.rs`, the sessions and invariants of `tests/soak/`). The normal test run
//! keeps a short one (`tests/soak_short.rs`).

use crate::proc::{Cmd, Result};

/// The soak's own options, checked here so a typo fails before the release build.
pub fn parse(args: &[String]) -> std::result::Result<Option<Vec<String>>, String> {
    let mut out = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--sessions" | "--seed" | "--steps" => {
                let v = it.next().ok_or_else(|| format!("`{a}` needs a number"))?;
                if v.parse::<u64>().is_err() {
                    return Err(format!("bad `{a} {v}`: expected a whole number"));
                }
                out.push(a.clone());
                out.push(v.clone());
            }
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown option `{other}` for `soak`")),
        }
    }
    Ok(Some(out))
}

/// Builds and runs the soak in release; fails when a session breaks an invariant.
pub fn run(args: &[String]) -> Result {
    Cmd::new("cargo")
        .args(["run", "--release", "--quiet", "-p", "hcsim-tests", "--bin", "soak", "--"])
        .args(args.iter().cloned())
        .hint("the failing seed and its minimal steps are printed above; replay them with the same --seed")
        .run()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn numbers_pass_through_and_typos_fail() {
        assert_eq!(
            parse(&args(&["--sessions", "10", "--seed", "3"])),
            Ok(Some(args(&["--sessions", "10", "--seed", "3"])))
        );
        assert!(parse(&args(&["--sessions", "ten"])).is_err());
        assert!(parse(&args(&["--session", "1"])).is_err());
        assert_eq!(parse(&args(&["--help"])), Ok(None));
    }
}
