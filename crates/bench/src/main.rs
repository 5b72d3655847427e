//! `hcsim-bench`: every performance budget of hcsim (issue 14) measured in one run, each as
//! two figures of this run (a figure and its floor or peer), their ratio and the budget.
//! `cargo xtask bench` builds it in release and runs it with the peers it can find (moto
//! from the real-clients venv, a release `hcsim`, the browser figures of
//! `web/tests/bench.mjs`); `--check` exits 1 when a budget is missed or a row could not be
//! measured. Timings are medians of batches; heap figures come from a counting allocator.
//!
//! Modules, leaves first: `alloc` (the counting allocator), `measure` (timing, sizes),
//! `table` (rows and the printed table), `world` (worlds and loads), `core_rows`,
//! `lab_rows`, `tui_row`, `external` (moto, `hcsim exec`, browser lines).

mod alloc;
mod core_rows;
mod external;
mod lab_rows;
mod measure;
mod table;
mod tui_row;
mod world;

use std::path::PathBuf;
use std::process::ExitCode;

use measure::Sizes;
use table::{Budget, Figure, Row};

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

/// The command line.
#[derive(Debug, Default)]
struct Options {
    quick: bool,
    check: bool,
    hcsim: Option<PathBuf>,
    python: Option<PathBuf>,
    browser: Option<PathBuf>,
    browser_missing: Option<String>,
    only: Option<String>,
}

const USAGE: &str = "usage: hcsim-bench [--quick] [--check] [--hcsim PATH] [--python PATH] \
    [--browser FILE | --browser-missing WHY] [--only core|scale|undo|load|fill|tui|exec|rps]";

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().cloned().ok_or(format!("`{a}` needs a value"));
        match a.as_str() {
            "--quick" => o.quick = true,
            "--check" => o.check = true,
            "--hcsim" => o.hcsim = Some(value()?.into()),
            "--python" => o.python = Some(value()?.into()),
            "--browser" => o.browser = Some(value()?.into()),
            "--browser-missing" => o.browser_missing = Some(value()?),
            "--only" => o.only = Some(value()?),
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok(o)
}

fn missing(why: &str) -> Figure {
    Figure::Missing(why.into())
}

/// The rows against moto and `hcsim exec` (rows 4, 5 and 7 of the table).
fn peer_rows(o: &Options, sizes: &Sizes, core_rps: f64) -> Vec<Row> {
    let moto = match &o.python {
        Some(py) => external::moto(py, sizes.moto_seconds, sizes.script_lines),
        None => Err("no --python (the real-clients venv)".into()),
    };
    let (moto_rps, moto_script) = match &moto {
        Ok(m) => (
            Figure::Value(m["moto_rps"], "req/s"),
            Figure::Value(sizes.script_lines as f64 / m["moto_script_s"], "calls/s"),
        ),
        Err(e) => (missing(e), missing(e)),
    };
    let scratch = external::Scratch::new();
    let exec = |lines: Vec<String>, name: &str| -> Result<external::ExecCost, String> {
        let hcsim = o.hcsim.as_ref().ok_or("no --hcsim (a release hcsim)")?;
        let scratch = scratch.as_ref().map_err(Clone::clone)?;
        external::exec_script(hcsim, &scratch.script(name, &lines)?)
    };
    let script = exec(external::group_lines(sizes.script_lines), "script.az");
    let console = exec(external::console_lines(sizes.console_groups), "console.az");
    let n = sizes.script_lines;
    vec![
        Row::new(
            "core requests/s ÷ moto in process (create/get/list/delete)",
            Figure::Value(core_rps, "req/s"),
            moto_rps,
            Budget::RatioAtLeast(1000.0),
        ),
        Row::new(
            format!("hcsim exec --script {n} az group lines ÷ moto {n} boto3 calls"),
            script.as_ref().map_or_else(
                |e| missing(e),
                |c| Figure::Value(n as f64 / c.seconds, "calls/s"),
            ),
            moto_script,
            Budget::RatioAtLeast(300.0),
        ),
        Row {
            ratio_unit: " B/line",
            ..Row::new(
                format!(
                    "console peak RSS: {g} az group create + {g} show",
                    g = sizes.console_groups
                ),
                console
                    .as_ref()
                    .map_or_else(|e| missing(e), |c| Figure::bytes(c.peak_rss as f64)),
                Figure::Value(2.0 * sizes.console_groups as f64, "lines"),
                Budget::AAtMost(50.0, "MB"),
            )
        },
    ]
}

/// MedTech's normalization (issue 12's benchmark): messages per second natively, the same
/// heart-rate messages and mapping as the browser's `medtechBenchmark` (the lab's
/// `normalize_samples`), so the browser's row divides by this one.
fn medtech_native(sizes: &Sizes) -> f64 {
    let n = sizes.medtech_messages;
    let (seconds, measurements) =
        measure::once(|| hcsim_lab::view::mapping_debug::normalize_samples(n));
    assert_eq!(
        measurements, n,
        "every sample message yields one measurement"
    );
    n as f64 / seconds.max(1e-9)
}

/// The browser rows, from the lines `web/tests/bench.mjs` printed.
fn browser_rows(o: &Options, fill_native: f64, medtech: f64) -> Vec<Row> {
    let lines = match (&o.browser, &o.browser_missing) {
        (Some(path), _) => std::fs::read_to_string(path)
            .map(|t| external::parse_bench_lines(&t))
            .map_err(|e| format!("cannot read {}: {e}", path.display())),
        (None, Some(why)) => Err(why.clone()),
        (None, None) => Err("no browser figures (run through `cargo xtask bench`)".into()),
    };
    let get = |key: &str, unit: &'static str, scale: f64| match &lines {
        Ok(m) => m.get(key).map_or_else(
            || missing(&format!("web/tests/bench.mjs printed no `{key}`")),
            |v| Figure::Value(v * scale, unit),
        ),
        Err(e) => missing(e),
    };
    vec![
        Row::new(
            "wasm, gzip",
            get("wasm_gzip_bytes", "KB", 1e-3),
            Figure::Text("-"),
            Budget::AAtMost(200.0, "KB"),
        ),
        Row::new(
            "whole page, gzip",
            get("page_gzip_bytes", "KB", 1e-3),
            Figure::Text("-"),
            Budget::AAtMost(250.0, "KB"),
        ),
        Row::new(
            "browser round trip at 10k resources ÷ at 10",
            get("roundtrip_10k_ms", "ms", 1.0),
            get("roundtrip_10_ms", "ms", 1.0),
            Budget::RatioAtMost(1.5),
        ),
        Row::new(
            format!(
                "fill 10k resources, same lines: browser (runMany + redraw) ÷ native lab (CPU, least of {})",
                lab_rows::FILL_RUNS
            ),
            get("fill_10k_browser_ms", "ms", 1.0),
            Figure::seconds(fill_native),
            Budget::RatioAtMost(2.0),
        ),
        Row::new(
            "MedTech normalize (heart rate, JsonPath): browser ÷ native",
            get("medtech_browser_msgs_per_s", "msgs/s", 1.0),
            Figure::Value(medtech, "msgs/s"),
            Budget::Report,
        ),
    ]
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let o = match parse(&args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("hcsim-bench: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let sizes = if o.quick { Sizes::QUICK } else { Sizes::FULL };
    let step = |what: &str| eprintln!("hcsim-bench: {what}");
    if let Some(only) = &o.only {
        // One group of rows alone (profiling): `core`, `scale`, `undo`, `load`, `fill`, `tui`, `exec`,
        // `rps`.
        let rows = match only.as_str() {
            "core" => core_rows::rows(&sizes),
            "scale" => core_rows::scale_rows(&sizes),
            "undo" => vec![lab_rows::undo_row(&sizes)],
            "load" => lab_rows::load_rows(&sizes),
            "fill" => vec![
                Row::new(
                    "native fill",
                    Figure::seconds(lab_rows::fill_native(&sizes)),
                    Figure::Text("-"),
                    Budget::Report,
                ),
                Row::new(
                    "native fill allocations",
                    Figure::Value(lab_rows::fill_allocations_per_line(&sizes), "per line"),
                    Figure::Text("-"),
                    Budget::Report,
                ),
            ],
            "tui" => vec![tui_row::row(&sizes)],
            // `hcsim exec` against moto (needs --hcsim, and --python for moto); the core ÷
            // moto row needs the core's figure and is left out.
            "exec" => peer_rows(&o, &sizes, 0.0).split_off(1),
            "rps" => vec![Row::new(
                "core requests per second (moto's mix)",
                Figure::Value(core_rows::requests_per_second(&sizes), "req/s"),
                Figure::Text("-"),
                Budget::Report,
            )],
            other => {
                eprintln!("hcsim-bench: unknown --only `{other}`\n{USAGE}");
                return ExitCode::from(2);
            }
        };
        print!("{}", table::render(&rows));
        return ExitCode::SUCCESS;
    }
    // The children first: a child forked from a process holding big worlds would report
    // the parent's pages as its own peak (rusage counts them until exec).
    step("moto and hcsim exec");
    let core_rps = core_rows::requests_per_second(&sizes);
    let peers = peer_rows(&o, &sizes, core_rps);
    step("core rows (worlds built through World::apply)");
    let mut core = core_rows::rows(&sizes);
    step("undo");
    let undo = lab_rows::undo_row(&sizes);
    step("session load");
    let load = lab_rows::load_rows(&sizes);
    step("native fill");
    let fill = lab_rows::fill_native(&sizes);
    step("TUI frame");
    let tui = tui_row::row(&sizes);
    step("MedTech normalize");
    let medtech = medtech_native(&sizes);
    let heap = core.pop().expect("the core rows end with the heap row");
    let (rps, script, console) = match <[Row; 3]>::try_from(peers) {
        Ok([a, b, c]) => (a, b, c),
        Err(_) => unreachable!("three peer rows"),
    };
    let mut rows = core;
    rows.extend([rps, script, heap, console, undo]);
    rows.extend(load);
    rows.extend(browser_rows(&o, fill, medtech));
    rows.push(tui);
    print!("{}", table::render(&rows));
    if o.check && !table::all_kept(&rows) {
        eprintln!("hcsim-bench: a budget is missed or a row was not measured (--check)");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
