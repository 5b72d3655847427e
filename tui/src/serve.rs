//! `hcsim serve`: the command line's side (read the session, print the banner or the
//! environment, save on exit), and `hcsim --serve PORT`: the interactive simulator answering
//! a server's requests on the session it shows. The server itself is the `hcsim-serve` crate.

use std::io::Write;

use hcsim_core::Config;
use hcsim_lab::Lab;
use hcsim_serve::server::handle_job;
use hcsim_serve::{External, Options, Pace, Server, Sim, Stopper};

use crate::app::App;

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
    server.stop_on_signals()?;
    server.write_env_file()?;
    let mut out = std::io::stdout().lock();
    let text = if args.print_env {
        server.export_lines()
    } else {
        server.banner()
    };
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    out.flush().map_err(|e| e.to_string())?;
    drop(out);
    server.serve();
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

/// A server attached to the interactive simulator: its requests are answered between frames
/// on the session the simulator shows (`hcsim --serve PORT`).
pub struct Live {
    external: External,
    /// The server's state; its lab is a placeholder except while a request is answered,
    /// when the app's session is swapped in.
    sim: Sim,
    stop: Stopper,
}

impl std::fmt::Debug for Live {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Live").finish()
    }
}

impl Live {
    /// Binds 127.0.0.1:`port`, adds the service principals to the app's session, writes the
    /// environment lines to `env.sh` beside the CA file, and starts accepting connections.
    pub fn attach(app: &mut App, port: u16) -> Result<Live, String> {
        let opts = Options {
            port,
            pace: Pace::External,
            ..Options::default()
        };
        let (server, external) = Server::bind_external(&opts)?;
        let placeholder = Lab::new(Config::new(0));
        let mut sim = external.sim(std::mem::replace(&mut app.lab, placeholder));
        let env_file = hcsim_serve::env::env_file(&server.ca_file);
        let lines = hcsim_serve::env::export_lines(&sim, &server.ca_file);
        std::mem::swap(&mut app.lab, &mut sim.lab);
        std::fs::write(&env_file, lines)
            .map_err(|e| format!("cannot write {}: {e}", env_file.display()))?;
        let stop = server.stopper();
        let base = server.base_url();
        std::thread::Builder::new()
            .name("hcsim-accept".into())
            .spawn(move || server.serve())
            .map_err(|e| format!("cannot start the server: {e}"))?;
        app.refresh();
        app.say(
            format!("serving {base}/ — environment: . {}", env_file.display()),
            false,
        );
        Ok(Live {
            external,
            sim,
            stop,
        })
    }

    /// Answers the requests waiting, each on the app's session; the app shows what changed.
    pub fn pump(&mut self, app: &mut App) {
        let mut any = false;
        while let Ok(job) = self.external.jobs.try_recv() {
            std::mem::swap(&mut app.lab, &mut self.sim.lab);
            let seen = handle_job(&mut self.sim, job);
            std::mem::swap(&mut app.lab, &mut self.sim.lab);
            if let Some((line, status)) = seen {
                app.say(format!("{line} → {status}"), status >= 400);
            }
            any = true;
        }
        if any {
            app.refresh();
        }
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        self.stop.stop();
    }
}
