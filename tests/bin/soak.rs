//! `soak [--sessions N] [--seed S] [--steps K]`: the long soak (`cargo xtask soak` runs it
//! in release). Prints the sessions, steps, checks and time, or the failing session's seed
//! and its minimal step list (exit 1).

use std::process::ExitCode;

use std::io::Write;

use hcsim_tests::soak::{SoakConfig, soak_with_progress};

fn parse(args: &[String]) -> Result<SoakConfig, String> {
    let mut c = SoakConfig {
        sessions: 100_000,
        seed: 1,
        steps: 40,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| -> Result<u64, String> {
            let v = it.next().ok_or(format!("`{name}` needs a number"))?;
            v.parse()
                .map_err(|_| format!("bad `{name} {v}`: expected a whole number"))
        };
        match a.as_str() {
            "--sessions" => c.sessions = value("--sessions")?,
            "--seed" => c.seed = value("--seed")?,
            "--steps" => c.steps = usize::try_from(value("--steps")?).map_err(|e| e.to_string())?,
            other => {
                return Err(format!(
                    "unknown option `{other}`; usage: soak [--sessions N] [--seed S] [--steps K]"
                ));
            }
        }
    }
    Ok(c)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let c = match parse(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    println!(
        "soak: {} sessions of {} steps, seed {}",
        c.sessions, c.steps, c.seed
    );
    let mut progress = |r: &hcsim_tests::soak::Report| {
        println!(
            "soak: … {} sessions, {} steps, {} checks, {:.1} s",
            r.sessions,
            r.steps,
            r.checks,
            r.millis as f64 / 1000.0
        );
        let _ = std::io::stdout().flush();
    };
    match soak_with_progress(&c, &mut progress) {
        Ok(r) => {
            println!(
                "soak: {} sessions, {} steps, {} invariant checks, {:.1} s, no invariant broken (seed {})",
                r.sessions,
                r.steps,
                r.checks,
                r.millis as f64 / 1000.0,
                c.seed
            );
            ExitCode::SUCCESS
        }
        Err(f) => {
            eprintln!("{f}");
            eprintln!(
                "replay: cargo xtask soak --sessions {} --seed {}",
                f.index + 1,
                c.seed
            );
            ExitCode::FAILURE
        }
    }
}
