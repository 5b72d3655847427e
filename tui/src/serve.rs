//! `hcsim serve`: the command line's side (read the session, print the banner or the
//! environment, save on exit); the server itself is the `hcsim-serve` crate.

use std::io::Write;

use hcsim_core::Config;
use hcsim_lab::Lab;
use hcsim_serve::{Options, Pace, Server};

use crate::cli::ServeArgs;
use crate::files::{SESSION_LIMIT, read_bounded};
use crate::headless::{EXIT_INVALID, EXIT_OK};
use crate::safe::for_terminal;

/// The speed in thousandths (1.0 → 1000), refused unless finite and within 0.001..=100000.
fn speed_milli(x: f64) -> Result<u64, String> {
    if x.is_finite() && (0.001..=100_000.0).contains(&x) {
        Ok((x * 1000.0).round() as u64)
    } else {
        Err(format!("--speed {x}: give a number from 0.001 to 100000"))
    }
}

/// Runs `hcsim serve`; returns the exit code.
pub fn run(args: &ServeArgs, seed: Option<u64>) -> i32 {
    match serve(args, seed) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("{}", for_terminal(&format!("hcsim serve: {e}")));
            EXIT_INVALID
        }
    }
}

fn serve(args: &ServeArgs, seed: Option<u64>) -> Result<(), String> {
    let pace = match args.timing.as_str() {
        "realistic" => Pace::Realistic {
            speed_milli: speed_milli(args.speed)?,
        },
        _ => Pace::Instant,
    };
    let saved = match &args.load {
        Some(p) => {
            let text = read_bounded(p, SESSION_LIMIT)?;
            Lab::load(&text).map_err(|e| format!("{}: {e}", p.display()))?;
            Some(text)
        }
        None => None,
    };
    let seed = seed.unwrap_or_else(crate::random_seed);
    let make = move || match saved.as_deref().map(Lab::load) {
        Some(Ok(lab)) => lab,
        _ => Lab::new(Config::new(seed)),
    };
    let opts = Options {
        port: args.port,
        pace,
        cert: args.cert.clone().zip(args.key.clone()),
        state_dir: args.state_dir.clone(),
        ..Options::default()
    };
    let server = Server::bind(make, &opts)?;
    let mut out = std::io::stdout().lock();
    let text = if args.print_env {
        server.export_lines()
    } else {
        server.banner()
    };
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    out.flush().map_err(|e| e.to_string())?;
    drop(out);
    server.serve_until_signal()?;
    if let Some(path) = &args.save {
        std::fs::write(path, server.save())
            .map_err(|e| format!("cannot save to {}: {e}", path.display()))?;
        eprintln!(
            "{}",
            for_terminal(&format!("hcsim serve: session saved to {}", path.display()))
        );
    }
    Ok(())
}
