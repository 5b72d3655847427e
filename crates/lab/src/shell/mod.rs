//! The `az …` / `sim …` command language.
//!
//! Pure syntax: a line of text becomes a typed, validated [`Command`]; binding commands to
//! the simulator happens elsewhere. The pieces:
//!
//! - [`split_commands`] / [`tokenize`]: words, the way a POSIX shell splits them.
//! - [`COMMANDS`]: the grammar as data (every command, flag, alias, allowed value), and
//!   [`find_command`]: the table indexed by path.
//! - [`parse`]: a line to a [`Command`], or a [`ShellError`] worded as az words it.
//! - [`parse_duration`]: `90s`, `1h30m`, `PT10M` to milliseconds.
//! - [`help_text`] and [`completions`]: help screens and Tab completion from the same table.
//!
//! ```
//! use hcsim_lab::shell::{parse, OutputFormat};
//! let cmd = parse("az group create -n rg1 -l eastus --tags env=dev team=a -o table").unwrap();
//! assert!(cmd.is("az group create"));
//! assert_eq!(cmd.get("name"), Some("rg1"));
//! assert_eq!(cmd.get_many("tags"), ["env=dev", "team=a"]);
//! assert_eq!(cmd.output, OutputFormat::Table);
//! ```

mod duration;
mod flags;
mod grammar;
mod help;
mod lookup;
mod parse;
mod suggest;
mod token;
mod tokenize;

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use serde::{Serialize, Serializer};

pub use duration::{MAX_DURATION_MS, parse_duration};
pub use flags::Flags;
pub use grammar::{
    Arity, COMMANDS, Check, CommandSpec, Constraint, FlagSpec, GLOBAL_FLAGS, HELP_FLAG,
    PositionalSpec, ROOTS, is_group, next_words,
};
pub use help::{TOPICS, completions, help_text};
pub use lookup::find_command;
pub use parse::{parse, parse_words};
pub use tokenize::{
    MAX_LINE_BYTES, MAX_TOKENS, plain_words, split_commands, tokenize, tokenize_commands,
};

/// What kind of mistake a [`ShellError`] reports; stable, for front ends and scenario checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum ErrorCode {
    /// The line could not be split into words (unterminated quote, too long, too many words).
    Tokenize,
    /// The words do not name a command (`az healthcareapis workspace fhir-servic`).
    CommandNotFound,
    /// Flags or words the command does not take (`--nmae`).
    UnrecognizedArguments,
    /// A required flag or positional is missing.
    MissingArgument,
    /// A value outside the flag's allowed values (`--kind r4`).
    InvalidChoice,
    /// Any other malformed argument: a missing value, a flag given twice, bad JSON, a bad
    /// duration, a number out of range.
    BadArgument,
}

impl ErrorCode {
    /// The code as text, e.g. `"UnrecognizedArguments"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Tokenize => "Tokenize",
            ErrorCode::CommandNotFound => "CommandNotFound",
            ErrorCode::UnrecognizedArguments => "UnrecognizedArguments",
            ErrorCode::MissingArgument => "MissingArgument",
            ErrorCode::InvalidChoice => "InvalidChoice",
            ErrorCode::BadArgument => "BadArgument",
        }
    }
}

/// A line that is not a valid command. `Display` prints it as az does:
/// `ERROR: unrecognized arguments: --nmae` then `Did you mean '--name'?`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShellError {
    /// What kind of mistake.
    pub code: ErrorCode,
    /// The message, without the `ERROR: ` prefix.
    pub message: String,
    /// The word the user probably meant (a command word, a flag, an allowed value).
    pub suggestion: Option<String>,
    /// 1-based character column the error points at, when known (tokenizer errors).
    pub column: Option<usize>,
}

impl ShellError {
    /// An error without suggestion or column.
    pub fn new(code: ErrorCode, message: String) -> Self {
        ShellError {
            code,
            message,
            suggestion: None,
            column: None,
        }
    }

    /// Adds a suggestion.
    pub fn with_suggestion(mut self, suggestion: Option<String>) -> Self {
        self.suggestion = suggestion;
        self
    }

    /// The suggestion as az words it (`Did you mean 'fhir-service' ?` for commands,
    /// `Did you mean '--name'?` otherwise), if there is one.
    pub fn hint(&self) -> Option<String> {
        let s = self.suggestion.as_ref()?;
        Some(match self.code {
            ErrorCode::CommandNotFound => alloc::format!("Did you mean '{s}' ?"),
            _ => alloc::format!("Did you mean '{s}'?"),
        })
    }
}

impl fmt::Display for ShellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ERROR: {}", self.message)?;
        if let Some(hint) = self.hint() {
            write!(f, "\n{hint}")?;
        }
        Ok(())
    }
}

impl core::error::Error for ShellError {}

/// az's `--output/-o` formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    /// `json` (az's default).
    #[default]
    Json,
    /// `jsonc`: coloured JSON.
    Jsonc,
    /// `table`.
    Table,
    /// `tsv`.
    Tsv,
    /// `yaml`.
    Yaml,
    /// `yamlc`: coloured YAML.
    Yamlc,
    /// `none`: print nothing but errors.
    None,
}

impl OutputFormat {
    /// The format named by an `--output` value (already validated against the choices).
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "json" => OutputFormat::Json,
            "jsonc" => OutputFormat::Jsonc,
            "table" => OutputFormat::Table,
            "tsv" => OutputFormat::Tsv,
            "yaml" => OutputFormat::Yaml,
            "yamlc" => OutputFormat::Yamlc,
            "none" => OutputFormat::None,
            _ => return None,
        })
    }

    /// The name as typed after `--output`.
    pub fn as_str(self) -> &'static str {
        match self {
            OutputFormat::Json => "json",
            OutputFormat::Jsonc => "jsonc",
            OutputFormat::Table => "table",
            OutputFormat::Tsv => "tsv",
            OutputFormat::Yaml => "yaml",
            OutputFormat::Yamlc => "yamlc",
            OutputFormat::None => "none",
        }
    }
}

/// The value given to a flag. Serializes as `true`, a string, or an array of strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgValue {
    /// A switch that was given (`--yes`).
    Flag,
    /// One value (`--name ws1`).
    One(String),
    /// Several values (`--tags a=b c=d`), possibly none (`--tags` alone clears tags).
    Many(Vec<String>),
}

impl Serialize for ArgValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ArgValue::Flag => serializer.serialize_bool(true),
            ArgValue::One(v) => serializer.serialize_str(v),
            ArgValue::Many(v) => v.serialize(serializer),
        }
    }
}

/// A parsed, validated command line.
///
/// `path` is the canonical command path (`["az", "healthcareapis", "workspace", "create"]`);
/// `args` is keyed by the canonical long flag name without `--` (`-n` and
/// `--workspace-name` both arrive as `name`); choices are normalised to their canonical
/// casing (`--kind FHIR-R4` gives `fhir-R4`). `--output` and `--query` are lifted into
/// their own fields. When `help` is true, the user asked for help (`--help`, `-h`, or a
/// bare command group such as `az healthcareapis workspace`) and nothing else was validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Command {
    /// The canonical command path: the grammar's own words (a line's command borrows them
    /// instead of copying each word).
    pub path: &'static [&'static str],
    /// Flags given, by canonical long name.
    pub args: Flags,
    /// Positional words (sim verbs only), in order.
    pub positionals: Vec<String>,
    /// `--output/-o` (json when absent).
    pub output: OutputFormat,
    /// `--query` (a JMESPath expression), if given.
    pub query: Option<String>,
    /// True when help was asked for instead of running the command.
    pub help: bool,
    /// Warnings az gives while parsing (names ignored because of `--ids`), without the
    /// `WARNING: ` prefix.
    pub warnings: Vec<String>,
}

impl Command {
    /// The path joined with spaces: `"az group create"`.
    pub fn path_str(&self) -> String {
        self.path.join(" ")
    }

    /// Whether this is the command `path` (words separated by single spaces):
    /// `cmd.is("az group create")`.
    pub fn is(&self, path: &str) -> bool {
        let mut words = path.split(' ').filter(|w| !w.is_empty());
        self.path.iter().all(|p| words.next() == Some(*p)) && words.next().is_none()
    }

    /// The grammar entry of this command (`None` for a help request on a group).
    pub fn spec(&self) -> Option<&'static CommandSpec> {
        find_command(self.path)
    }

    /// The value of a one-value flag; for a multi-value flag, its first value; `None` for a
    /// switch or an absent flag.
    pub fn get(&self, name: &str) -> Option<&str> {
        match self.args.get(name)? {
            ArgValue::One(v) => Some(v),
            ArgValue::Many(v) => v.first().map(String::as_str),
            ArgValue::Flag => None,
        }
    }

    /// Every value of a flag (one for a one-value flag, none when absent or a switch).
    pub fn get_many(&self, name: &str) -> Vec<&str> {
        match self.args.get(name) {
            Some(ArgValue::One(v)) => alloc::vec![v.as_str()],
            Some(ArgValue::Many(v)) => v.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// Whether the flag was given at all.
    pub fn has(&self, name: &str) -> bool {
        self.args.contains_key(name)
    }

    /// A boolean flag: true for a given switch (`--yes`) or a true-valued three-state flag
    /// (`--enabled`, `--enabled true`); false when absent or `--enabled false`.
    pub fn flag(&self, name: &str) -> bool {
        self.bool_arg(name).unwrap_or(false)
    }

    /// A three-state boolean: `Some(true)`/`Some(false)` when given, `None` when absent.
    pub fn bool_arg(&self, name: &str) -> Option<bool> {
        match self.args.get(name)? {
            ArgValue::Flag => Some(true),
            ArgValue::One(v) => Some(matches!(
                v.to_ascii_lowercase().as_str(),
                "true" | "yes" | "1" | "on" | "enabled"
            )),
            ArgValue::Many(v) => Some(!v.is_empty()),
        }
    }

    /// The value of a flag that must be present, or az's missing-argument error naming it
    /// (`the following arguments are required: --name/-n`).
    pub fn require(&self, name: &str) -> Result<&str, ShellError> {
        self.get(name).ok_or_else(|| {
            let shown = self
                .spec()
                .and_then(|s| s.flag_named(name))
                .map_or_else(|| alloc::format!("--{name}"), FlagSpec::display);
            ShellError::new(
                ErrorCode::MissingArgument,
                alloc::format!("the following arguments are required: {shown}"),
            )
        })
    }

    /// The value of a flag, or its documented default (`--mode` → `Incremental`).
    pub fn get_or_default(&self, name: &str) -> Option<&str> {
        self.get(name).or_else(|| {
            self.spec()
                .and_then(|s| s.flag_named(name))
                .and_then(|f| f.default)
        })
    }

    /// The positional at `index` (`sim advance 10m` → `positional(0) == Some("10m")`).
    pub fn positional(&self, index: usize) -> Option<&str> {
        self.positionals.get(index).map(String::as_str)
    }

    /// The help topic this command asks for: the command path for `--help`, the joined
    /// positionals for `sim help …`. Feed it to [`help_text`].
    pub fn help_topic(&self) -> Option<String> {
        if self.help {
            return Some(self.path_str());
        }
        if self.is("sim help") || self.is("hcsim help") {
            if self.positionals.is_empty() {
                return None;
            }
            return Some(self.positionals.join(" "));
        }
        None
    }
}
