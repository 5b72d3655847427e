//! `hcsim`: the entry point. Parses the command line and hands over to the headless commands
//! or the interactive simulator.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use hcsim_core::Config;
use hcsim_lab::Lab;
use hcsim_tui::app::App;
use hcsim_tui::cli::{Cli, Command};
use hcsim_tui::files::{FILE_LIMIT, Reach, SESSION_LIMIT, read_bounded};
use hcsim_tui::keys::KeyMap;
use hcsim_tui::safe::for_terminal;
use hcsim_tui::theme::Theme;
use hcsim_tui::{headless, scenarios};

/// `eprintln!` through the terminal sanitizer: messages echo file names and file contents.
macro_rules! safe_eprintln {
    ($($t:tt)*) => {
        eprintln!("{}", hcsim_tui::safe::for_terminal(&format!($($t)*)))
    };
}

/// The allocator: a session is thousands of small, short-lived allocations per second (request
/// paths, JSON values, output text), and `hcsim exec` spent about a third of its time in the
/// system allocator; with mimalloc its 3,001-line bench script takes about a fifth less CPU
/// time, at the same peak memory (about 26 MB for the console row). Only the binary uses
/// it: the libraries (and the browser's build) keep their host's allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Some(Command::Run(r)) => headless::run(
            r.file.as_deref(),
            reach(&cli.start),
            r.builtin.as_deref(),
            cli.start.seed,
            r.json,
            headless::color_for_stdout(),
            &mut io::stdout().lock(),
            &mut io::stderr().lock(),
        ),
        Some(Command::List { json }) => headless::list(json, &mut io::stdout().lock()),
        Some(Command::Exec(e)) => {
            match headless::exec_commands(e.commands.as_deref(), e.script.as_deref()) {
                Ok(cmds) => {
                    let base = e
                        .script
                        .as_deref()
                        .and_then(|p| p.parent())
                        .filter(|p| !p.as_os_str().is_empty())
                        .map(|p| p.to_path_buf())
                        .unwrap_or_else(|| ".".into());
                    headless::exec(
                        &cmds,
                        cli.start.seed.unwrap_or_else(hcsim_tui::random_seed),
                        &base,
                        &mut io::stdout().lock(),
                        &mut io::stderr().lock(),
                    )
                }
                Err(e) => {
                    safe_eprintln!("hcsim exec: {e}");
                    headless::EXIT_INVALID
                }
            }
        }
        Some(Command::Show { name }) => match hcsim_tui::scenarios::builtin_text(&name) {
            Ok((_, text)) => {
                print!("{}", for_terminal(text));
                headless::EXIT_OK
            }
            Err(e) => {
                safe_eprintln!("hcsim show: {e}");
                headless::EXIT_INVALID
            }
        },
        Some(Command::Grade(g)) => hcsim_tui::grade::run(
            &g.course,
            &g.exports,
            reach(&cli.start),
            g.json,
            &mut io::stdout().lock(),
            &mut io::stderr().lock(),
        ),
        Some(Command::Serve(s)) => hcsim_tui::serve::run(&s, cli.start.seed),
        Some(Command::Schema) => {
            println!("{}", hcsim_tui::scenarios::schema());
            headless::EXIT_OK
        }
        None => interactive(&cli.start),
    };
    let _ = io::stdout().flush();
    ExitCode::from(code.clamp(0, 255) as u8)
}

/// `--progress FILE`: the course's progress export, written when the simulator ends.
fn write_progress(app: &App, start: &hcsim_tui::cli::StartArgs) {
    let Some(path) = &start.progress else {
        return;
    };
    let learner = start
        .learner
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "learner".into());
    match app.course_export(&learner) {
        Some(text) => match std::fs::write(path, text) {
            Ok(()) => safe_eprintln!("hcsim: progress written to {}", path.display()),
            Err(e) => safe_eprintln!("hcsim: cannot write {}: {e}", path.display()),
        },
        None => safe_eprintln!("hcsim: no course open: no progress written"),
    }
}

/// Which files a scenario may read, from `--allow-outside-files`.
fn reach(start: &hcsim_tui::cli::StartArgs) -> Reach {
    if start.allow_outside_files {
        Reach::Anywhere
    } else {
        Reach::BelowBase
    }
}

fn interactive(start: &hcsim_tui::cli::StartArgs) -> i32 {
    let (keys, key_error) = KeyMap::load_user();
    let seed = start.seed.unwrap_or_else(hcsim_tui::random_seed);
    let mut base = std::path::PathBuf::from(".");
    let mut app = App::new(Lab::new(Config::new(seed)), keys, Theme::from_env());
    app.set_file_base(base.clone());
    app.scenario_reach = reach(start);
    if let Some(path) = &start.load {
        let text = match read_bounded(path, SESSION_LIMIT) {
            Ok(t) => t,
            Err(e) => {
                safe_eprintln!("hcsim: cannot open {e}");
                return headless::EXIT_INVALID;
            }
        };
        match Lab::load(&text) {
            Ok(lab) => {
                app.lab = lab;
                app.set_file_base(base.clone());
                app.refresh();
                app.mark_saved();
                app.session_path = Some(path.display().to_string());
                app.say(format!("loaded {}", path.display()), false);
            }
            Err(e) => {
                safe_eprintln!(
                    "hcsim: cannot open {}: {e}\nThe file was not changed.",
                    path.display()
                );
                return headless::EXIT_INVALID;
            }
        }
    } else if let Some(path) = &start.scenario {
        let text = match read_bounded(path, FILE_LIMIT) {
            Ok(t) => t,
            Err(e) => {
                safe_eprintln!("hcsim: {e}");
                return headless::EXIT_INVALID;
            }
        };
        let s = match scenarios::parse(&text, &path.display().to_string()) {
            Ok(s) => s,
            Err(e) => {
                safe_eprintln!("hcsim: {e}");
                return headless::EXIT_INVALID;
            }
        };
        if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            base = dir.to_path_buf();
            app.set_file_base(base.clone());
        }
        let seed = start.seed.or(s.seed()).unwrap_or(seed);
        app.start_scenario(&path.display().to_string(), s, seed);
    } else if let Some(path) = &start.course {
        match hcsim_tui::course::load(path, reach(start)) {
            Ok(c) => {
                base = hcsim_tui::course::base_of(path);
                app.set_file_base(base.clone());
                app.open_course(c, start.seed);
            }
            Err(e) => {
                safe_eprintln!("hcsim: {e}");
                return headless::EXIT_INVALID;
            }
        }
    } else if let Some(name) = &start.builtin {
        let s = match scenarios::builtin(name) {
            Ok(s) => s,
            Err(e) => {
                safe_eprintln!("hcsim: {e}");
                return headless::EXIT_INVALID;
            }
        };
        let seed = start.seed.or(s.seed()).unwrap_or(seed);
        app.start_scenario(name, s, seed);
    }
    if let Some(e) = key_error {
        app.say(e, true);
    }
    let result = match start.serve {
        Some(port) => match hcsim_tui::serve::Live::attach(&mut app, port) {
            Ok(mut live) => hcsim_tui::term::run_with(&mut app, Some(&mut |a| live.pump(a))),
            Err(e) => {
                safe_eprintln!("hcsim --serve: {e}");
                return headless::EXIT_INVALID;
            }
        },
        None => hcsim_tui::term::run(&mut app),
    };
    let seed = app.lab.world().config().seed;
    write_progress(&app, start);
    match result {
        Ok(()) => {
            safe_eprintln!("hcsim: session seed {seed}");
            headless::EXIT_OK
        }
        Err(e) => {
            safe_eprintln!("hcsim: terminal error: {e} (session seed {seed})");
            headless::EXIT_FAILED
        }
    }
}
