//! The command line, parsed by clap. `hcsim` alone opens the interactive simulator.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// hcsim: a simulator of the Azure Healthcare APIs (Azure Health Data Services) workspace,
/// for training and rehearsal.
#[derive(Debug, Parser)]
#[command(
    name = "hcsim",
    version,
    about = "Simulator of the Azure Healthcare APIs workspace (interactive, or headless for CI)",
    long_about = "hcsim simulates the control plane of an Azure Healthcare APIs (Azure Health Data \
Services) workspace: resource groups, workspaces, FHIR and DICOM services, IoT connectors, their \
rules, faults and virtual time. Type az commands as you would against Azure.\n\n\
Without a subcommand, hcsim opens the interactive simulator on the default session \
(tenant contoso.onmicrosoft.com, subscriptions Training and Sandbox). The seed is chosen at \
random unless given, and always shown.",
    after_help = "Examples:\n  hcsim                                  interactive, default session\n  \
hcsim --builtin NAME                   interactive, a built-in scenario or lesson\n  \
hcsim run scenario.json --seed 42      play a scenario headless (exit 0/1/2)\n  \
hcsim list --json                      built-in scenarios and lessons\n  \
hcsim --course course.json             interactive, a trainer's course\n  \
hcsim grade course.json ada.json       grade learners' progress exports\n  \
hcsim exec 'az group create -n rg1 -l eastus; az group list -o table'"
)]
pub struct Cli {
    /// What to do (nothing: the interactive simulator).
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Interactive options.
    #[command(flatten)]
    pub start: StartArgs,
}

/// Where the interactive simulator starts.
#[derive(Debug, Args)]
pub struct StartArgs {
    /// Seed of every random choice (default: random, shown in the status bar).
    #[arg(long, value_name = "N", global = true)]
    pub seed: Option<u64>,
    /// Start on a scenario or lesson file (its steps are the setup).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["builtin", "load"])]
    pub scenario: Option<PathBuf>,
    /// Start on a built-in scenario or lesson (`hcsim list` names them).
    #[arg(long, value_name = "NAME", conflicts_with = "load")]
    pub builtin: Option<String>,
    /// Start on a course (`hcsim-course/1`): its lessons listed with your progress, the next
    /// one selected (Enter starts it).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["builtin", "load", "scenario"])]
    pub course: Option<PathBuf>,
    /// With --course: write your progress export (`hcsim-progress/1`, for `hcsim grade`) to
    /// FILE when you leave the simulator.
    #[arg(long, value_name = "FILE", requires = "course")]
    pub progress: Option<PathBuf>,
    /// With --progress: the name the export carries (default: $USER).
    #[arg(long, value_name = "NAME", requires = "progress")]
    pub learner: Option<String>,
    /// Resume a saved session (refused, untouched, if damaged or from a newer hcsim).
    #[arg(long, value_name = "SESSION_FILE")]
    pub load: Option<PathBuf>,
    /// Serve the session over HTTPS on 127.0.0.1:PORT while the simulator runs (as `hcsim
    /// serve` does): each request from a real client appears in the event log and the tree.
    #[arg(long, value_name = "PORT")]
    pub serve: Option<u16>,
    /// Let a scenario file read files outside its own folder (absolute paths, `..`). Off by
    /// default: a scenario someone shared should not read your other files.
    #[arg(long, global = true)]
    pub allow_outside_files: bool,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Play a scenario headless: one line per step and a summary (or JSON with --json).
    /// Exit 0: every expectation met; 1: some failed; 2: the file is unreadable or invalid.
    Run(RunArgs),
    /// List the built-in scenarios and lessons (name, kind, title).
    List {
        /// Print `[{"name", "kind", "title"}, …]`.
        #[arg(long)]
        json: bool,
    },
    /// Run az/sim commands against a fresh default session and print their output.
    /// Exit 0 if every command succeeded, 1 otherwise.
    Exec(ExecArgs),
    /// Print a built-in scenario or lesson file, to read, adapt or hand out
    /// (`hcsim show first-workspace > lesson.json`).
    Show {
        /// The built-in's name (`hcsim list` names them).
        name: String,
    },
    /// Print the JSON Schema of scenario and lesson files, for editors
    /// (`"$schema": "./hcsim-scenario.schema.json"`).
    Schema,
    /// Grade learners' progress exports by replaying their steps: a table of learner, lesson,
    /// met or not, steps and hints (or JSON with --json). Exit 0: every learner met every
    /// lesson; 1: some lesson not met; 2: a file is unreadable, damaged or of another course.
    Grade(GradeArgs),
    /// Serve the simulator over HTTPS on 127.0.0.1 as Azure Resource Manager (and the sign-in
    /// and Graph endpoints), so the real az CLI and Azure SDKs run against it.
    Serve(ServeArgs),
}

/// `hcsim serve`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  hcsim serve                          banner with the lines to paste\n  \
eval \"$(hcsim serve --port 0 --print-env &)\"   (see README: Use your own tools)\n  \
hcsim serve --timing realistic --speed 60   a minute of Azure per second"
)]
pub struct ServeArgs {
    /// Port on 127.0.0.1 (0: any free port).
    #[arg(long, value_name = "N", default_value_t = 8443)]
    pub port: u16,
    /// Serve a saved session (refused, untouched, if damaged or from a newer hcsim).
    #[arg(long, value_name = "FILE")]
    pub load: Option<PathBuf>,
    /// `instant`: operations finish at once; `realistic`: the virtual clock runs at wall time
    /// × --speed, so pollers see `Creating` then `Succeeded`.
    #[arg(long, value_name = "MODE", default_value = "instant", value_parser = ["instant", "realistic"])]
    pub timing: String,
    /// Speed of the virtual clock with --timing realistic (60: a minute per second).
    #[arg(long, value_name = "X", default_value_t = 1.0)]
    pub speed: f64,
    /// A PEM certificate chain to serve instead of a generated one (with --key).
    #[arg(long, value_name = "PEM", requires = "key")]
    pub cert: Option<PathBuf>,
    /// The PEM private key of --cert.
    #[arg(long, value_name = "PEM", requires = "cert")]
    pub key: Option<PathBuf>,
    /// Folder for the generated CA and certificate (default: ~/.local/state/hcsim/serve/PORT).
    #[arg(long, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,
    /// Print only `export NAME=value` lines on stdout, then serve.
    #[arg(long)]
    pub print_env: bool,
    /// Save the session to FILE when stopped (SIGTERM or ctrl-c).
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,
}

/// `hcsim run`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("what").required(true).args(["file", "builtin"]))]
pub struct RunArgs {
    /// The scenario or lesson file (JSON, `hcsim-scenario/1`; a lesson plays its solution).
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// A built-in scenario or lesson instead of a file (`hcsim list` names them).
    #[arg(long, value_name = "NAME")]
    pub builtin: Option<String>,
    /// Print the JSON report (`hcsim-report/1`) instead of the text trace.
    #[arg(long)]
    pub json: bool,
}

/// `hcsim grade`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  hcsim grade course.json ada.json bob.json\n  \
hcsim grade course.json exports/*.json --json > gradebook.json"
)]
pub struct GradeArgs {
    /// The course file (`hcsim-course/1`).
    #[arg(value_name = "COURSE")]
    pub course: PathBuf,
    /// Progress exports (`hcsim-progress/1`), one per learner.
    #[arg(value_name = "EXPORT", required = true)]
    pub exports: Vec<PathBuf>,
    /// Print the gradebook JSON (`hcsim-grade/1`) instead of the table.
    #[arg(long)]
    pub json: bool,
}

/// `hcsim exec`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("input").required(true).args(["commands", "script"]))]
pub struct ExecArgs {
    /// One command, or several separated by `;`.
    #[arg(value_name = "COMMANDS")]
    pub commands: Option<String>,
    /// A file with one command per line (blank lines and `#` comments skipped).
    #[arg(long, value_name = "FILE")]
    pub script: Option<PathBuf>,
}
