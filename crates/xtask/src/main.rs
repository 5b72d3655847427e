//! `cargo xtask`: hcsim's developer commands (test, bench, bench-serve, clients, size, serve,
//! fuzz, soak).
//!
//! std only, so it compiles in seconds. Every external command is echoed before it runs;
//! every failure says what failed and how to fix it. Commands run from the repository
//! root whatever the caller's directory.

mod bench;
mod clients;
mod fuzz;
mod install;
mod proc;
mod project;
mod server;
mod soak;
mod steps;
mod test;
mod web;

use std::process::ExitCode;

use test::TestOptions;

/// The usage text of `cargo xtask --help`.
const USAGE: &str = "\
cargo xtask: developer commands of hcsim

USAGE:
    cargo xtask <COMMAND> [OPTIONS]

COMMANDS:
    test [--quick] [--no-install]
        The project's single test command (CI runs it). Installs what is missing
        (rustup targets and components, apt tmux, and with the web parts chromium,
        chromium-driver, wasm-bindgen-cli, wasm-pack, npm packages), then runs
        fmt --check, clippy -D warnings, the native tests and doctests (a short soak
        and the fuzz regressions among them), every benchmark once (criterion's test
        mode), the no_std builds (thumbv7em-none-eabihf, wasm32-unknown-unknown), the
        tmux smoke test of the TUI, the real clients (a Python venv with azure-cli, the Azure SDK and
        pytest, kept in ~/.cache/hcsim, then `pytest tests/clients` against
        `hcsim serve`), the wasm tests in headless Chromium, the wasm-pack release
        build and the browser end-to-end test. Ends with `xtask: N passed, N failed`.
            --quick        skip the installs, the tmux, real-client and web steps
            --no-install   skip the installs only
    bench [--quick] [--check] | bench --criterion [ARGS...]
        The performance budgets (issue 14): builds the release `hcsim-bench` and
        prints one table, every row two figures measured in this run (a figure and
        its floor or peer: a BTreeMap look-up, moto in process from the real-client
        venv, smaller worlds), their ratio, the budget and ok/MISSED. The browser rows
        come from `node web/tests/bench.mjs URL` against the page served here.
            --quick        small sizes, debug build, no peers (the smoke of `test`)
            --check        exit 1 when a budget is missed or a row is not measured
            --criterion    run `cargo bench --workspace [ARGS...]` instead
    clients [PYTEST ARGS...]
        The real-client step of `test` alone: the Python venv (made once in
        ~/.cache/hcsim), `hcsim`, then `pytest tests/clients -q [PYTEST ARGS...]`
        (e.g. `-k sdk`, `-x`).
    bench-serve [--seconds S]
        Requests per second of a release `hcsim serve` against moto_server (moto's
        standalone server, from the same venv) on the same create/get/list/delete
        mix over loopback, printed as a table with their ratio.
    size
        Builds the wasm release package into web/pkg and prints the raw and gzipped
        sizes of web/pkg/*.wasm and the page weight of web/.
    serve [--port N]
        Builds the wasm package and serves web/ on http://127.0.0.1:N/ (default 8080).
    fuzz [--time S] [--target T]...
        The cargo-fuzz campaign (nightly toolchain; installs cargo-fuzz if missing):
        writes the seed corpora, runs every target (or the named ones) S seconds each
        (default 30) and prints executions, executions per second, corpus sizes and
        crashes. Fails on a crash. See docs/FUZZING.md.
    soak [--sessions N] [--seed S] [--steps K]
        The long soak in release: N seeded random sessions (default 100000) of K steps
        (default 40) with the world's invariants checked after every step; prints the
        failing seed and its minimal steps.
    help, -h, --help
        Prints this text.
";

/// The reminder printed after a usage error.
const SHORT_USAGE: &str = "usage: cargo xtask test [--quick] [--no-install] | bench [--quick] [--check] | \
     clients [ARGS...] | bench-serve [ARGS...] | size | serve [--port N] | \
     fuzz [--time S] [--target T] | soak [--sessions N] [--seed S] | --help";

/// A parsed command line.
#[derive(Debug, PartialEq, Eq)]
enum Task {
    /// Print the usage.
    Help,
    /// `cargo xtask test`.
    Test(TestOptions),
    /// `cargo xtask bench` (the budgets' table, or criterion).
    Bench(bench::BenchOptions),
    /// `cargo xtask clients`, with the arguments passed on to pytest.
    Clients(Vec<String>),
    /// `cargo xtask bench-serve`, with the arguments passed on to the driver.
    BenchServe(Vec<String>),
    /// `cargo xtask size`.
    Size,
    /// `cargo xtask serve` on this port.
    Serve(u16),
    /// `cargo xtask fuzz`.
    Fuzz(fuzz::FuzzOptions),
    /// `cargo xtask soak`, with the arguments passed on to the soak binary.
    Soak(Vec<String>),
}

/// The default port of `cargo xtask serve`.
const DEFAULT_PORT: u16 = 8080;

/// Parses the arguments after `cargo xtask`.
fn parse(args: &[String]) -> Result<Task, String> {
    let Some((command, rest)) = args.split_first() else {
        return Ok(Task::Help);
    };
    match command.as_str() {
        "help" | "-h" | "--help" => Ok(Task::Help),
        "test" => parse_test(rest),
        "bench" => Ok(bench::parse(rest)?.map_or(Task::Help, Task::Bench)),
        "bench-serve" => Ok(Task::BenchServe(rest.to_vec())),
        "clients" => Ok(Task::Clients(rest.to_vec())),
        "size" => no_options("size", rest).map(|()| Task::Size),
        "serve" => parse_serve(rest),
        "fuzz" => Ok(fuzz::parse(rest)?.map_or(Task::Help, Task::Fuzz)),
        "soak" => Ok(soak::parse(rest)?.map_or(Task::Help, Task::Soak)),
        other => Err(format!("unknown command `{other}`")),
    }
}

/// Parses the options of `test`.
fn parse_test(args: &[String]) -> Result<Task, String> {
    let mut options = TestOptions::default();
    for arg in args {
        match arg.as_str() {
            "--quick" => options.quick = true,
            "--no-install" => options.no_install = true,
            "-h" | "--help" => return Ok(Task::Help),
            other => return Err(format!("unknown option `{other}` for `test`")),
        }
    }
    Ok(Task::Test(options))
}

/// Parses the options of `serve`: `--port N` or `--port=N`.
fn parse_serve(args: &[String]) -> Result<Task, String> {
    let mut port = DEFAULT_PORT;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let value = match arg.as_str() {
            "--port" => args
                .next()
                .ok_or("`--port` needs a number, e.g. --port 8080")?,
            "-h" | "--help" => return Ok(Task::Help),
            other => match other.strip_prefix("--port=") {
                Some(value) => value,
                None => return Err(format!("unknown option `{other}` for `serve`")),
            },
        };
        port = value
            .parse()
            .map_err(|_| format!("bad port `{value}`: expected a number from 0 to 65535"))?;
    }
    Ok(Task::Serve(port))
}

/// Accepts no options (but `--help`).
fn no_options(command: &str, args: &[String]) -> Result<(), String> {
    match args.first() {
        None => Ok(()),
        Some(arg) => Err(format!("`{command}` takes no option, got `{arg}`")),
    }
}

/// Runs a task; the exit code follows its outcome.
fn run(task: Task) -> ExitCode {
    let outcome = match task {
        Task::Help => {
            print!("{USAGE}");
            Ok(())
        }
        Task::Test(options) => {
            return if test::run(options) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            };
        }
        Task::Bench(options) => bench::run(&options),
        Task::BenchServe(args) => clients::bench(&args),
        Task::Clients(args) => clients::suite_with(&args),
        Task::Size => web::size(),
        Task::Serve(port) => web::serve(port),
        Task::Fuzz(options) => fuzz::run(&options),
        Task::Soak(args) => soak::run(&args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let task = match parse(&args) {
        Ok(task) => task,
        Err(e) => {
            eprintln!("error: {e}\n{SHORT_USAGE}");
            return ExitCode::from(2);
        }
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    proc::init_env(&cwd);
    let root = project::root();
    if let Err(e) = std::env::set_current_dir(&root) {
        eprintln!(
            "error: cannot enter the repository root {}: {e}",
            root.display()
        );
        return ExitCode::FAILURE;
    }
    run(task)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn no_arguments_or_help_print_the_usage() {
        assert_eq!(parse(&[]), Ok(Task::Help));
        assert_eq!(parse(&args(&["--help"])), Ok(Task::Help));
        assert_eq!(parse(&args(&["-h"])), Ok(Task::Help));
    }

    #[test]
    fn test_flags_are_parsed() {
        let quick = TestOptions {
            quick: true,
            no_install: false,
        };
        assert_eq!(parse(&args(&["test", "--quick"])), Ok(Task::Test(quick)));
        let Ok(Task::Test(options)) = parse(&args(&["test", "--no-install"])) else {
            panic!("test --no-install did not parse");
        };
        assert!(options.no_install && !options.quick);
        assert!(parse(&args(&["test", "--fast"])).is_err());
    }

    #[test]
    fn serve_takes_a_port_and_refuses_a_bad_one() {
        assert_eq!(parse(&args(&["serve"])), Ok(Task::Serve(8080)));
        assert_eq!(
            parse(&args(&["serve", "--port", "9000"])),
            Ok(Task::Serve(9000))
        );
        assert_eq!(
            parse(&args(&["serve", "--port=9001"])),
            Ok(Task::Serve(9001))
        );
        let bad = parse(&args(&["serve", "--port", "http"])).unwrap_err();
        assert!(bad.contains("bad port `http`"), "{bad}");
        assert!(parse(&args(&["serve", "--port", "70000"])).is_err());
        assert!(parse(&args(&["serve", "--port"])).is_err());
    }

    #[test]
    fn bench_passes_criterion_its_arguments_on() {
        let Ok(Task::Bench(o)) = parse(&args(&[
            "bench",
            "--criterion",
            "--",
            "--save-baseline",
            "main",
        ])) else {
            panic!("bench --criterion did not parse");
        };
        assert_eq!(o.criterion, Some(args(&["--", "--save-baseline", "main"])));
        let Ok(Task::Bench(o)) = parse(&args(&["bench", "--check"])) else {
            panic!("bench --check did not parse");
        };
        assert!(o.check && o.criterion.is_none());
        assert!(parse(&args(&["bench", "--save-baseline"])).is_err());
    }

    #[test]
    fn clients_and_bench_serve_pass_their_arguments_on() {
        assert_eq!(
            parse(&args(&["clients", "-k", "sdk"])),
            Ok(Task::Clients(args(&["-k", "sdk"])))
        );
        assert_eq!(
            parse(&args(&["bench-serve", "--seconds", "2"])),
            Ok(Task::BenchServe(args(&["--seconds", "2"])))
        );
    }

    #[test]
    fn unknown_commands_and_options_are_usage_errors() {
        assert!(parse(&args(&["deploy"])).is_err());
        assert!(parse(&args(&["size", "--big"])).is_err());
    }

    #[test]
    fn the_usage_lists_every_command_and_flag() {
        for word in [
            "test",
            "--quick",
            "--no-install",
            "bench",
            "bench-serve",
            "--check",
            "--criterion",
            "clients",
            "size",
            "serve",
            "--port",
            "--help",
        ] {
            assert!(USAGE.contains(word), "usage lacks {word}");
        }
    }
}
