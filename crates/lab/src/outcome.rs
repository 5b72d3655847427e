//! What running one line produced: the one value both front ends show and the JSON report
//! serializes. A leaf, so that everything that runs or prints commands can name it.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde::Serialize;

use hcsim_core::Event;

use crate::equivalents::Equivalents;

/// The error code of a command left out of this build (no `full` feature): it fails before
/// sending anything, so the session is as it was and the full build can run the line again.
pub const NOT_IN_THIS_BUILD: &str = "NotInThisBuild";

/// What running one line produced. Serializes for the browser and the JSON report.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Outcome {
    /// The line as typed.
    pub input: String,
    /// True when the command succeeded.
    pub ok: bool,
    /// HTTP status of the (last) ARM response or probe, if any.
    pub status: Option<u16>,
    /// Error code (ARM's, or the command language's), if it failed.
    pub code: Option<String>,
    /// The rule the command broke, by id.
    pub rule: Option<String>,
    /// What az (or sim) prints: JSON, a table, a message, or `(Code) message`.
    pub output: String,
    /// When it failed: the error alone (`(Code) message` or `ERROR: …`), without the output
    /// of commands before it on the same line.
    pub error: Option<String>,
    /// The teaching text for a broken rule: which rule, why it exists, how to fix it.
    pub explanation: Option<String>,
    /// Events the line caused.
    pub events: Vec<Event>,
    /// The same request in PowerShell, Terraform, Bicep and raw ARM (for writes).
    pub equivalents: Option<Equivalents>,
    /// Virtual time after the line, in ms.
    pub time_ms: u64,
    /// What az logs as warnings, each without its `WARNING: ` prefix, in order. az writes
    /// them to stderr (knack's logger: `WARNING: message` without colour), never into the
    /// output, so `-o json` stays parseable; front ends show them apart from the output
    /// ([`Outcome::warning_lines`]). `--only-show-errors` drops them, as in az.
    pub warnings: Vec<String>,
    /// What az prints on stderr as it is, before its warnings: the preview, experimental and
    /// deprecation notes of a command (azure-cli `_resolve_preview_and_deprecation_warnings`
    /// prints them with `print(…, file=sys.stderr)`, no level name). `--only-show-errors`
    /// drops them too.
    pub notices: Vec<String>,
}

impl Outcome {
    /// What az prints on stderr besides an error, without colour: the notices as they are,
    /// then each warning as `WARNING: message`.
    pub fn warning_lines(&self) -> impl Iterator<Item = String> + '_ {
        self.notices
            .iter()
            .cloned()
            .chain(self.warnings.iter().map(|w| alloc::format!("WARNING: {w}")))
    }
    /// A success printing `output`.
    pub fn success(output: impl Into<String>) -> Outcome {
        Outcome {
            ok: true,
            output: output.into(),
            ..Outcome::default()
        }
    }
    /// A failure from the command language or the lab (no rule of the core involved).
    pub fn failure(code: &str, output: impl Into<String>) -> Outcome {
        Outcome {
            ok: false,
            code: Some(code.into()),
            output: output.into(),
            ..Outcome::default()
        }
    }
    /// A failure carrying a core rejection. ARM's errors print as az prints them,
    /// `(Code) message`; Microsoft Graph's (`Request_…`, `Authorization_RequestDenied`) as
    /// az's role module prints them: its `graph_err_handler` raises `CLIError(GraphError)`,
    /// so `ERROR: message` without the code (the code stays in [`Outcome::code`]).
    pub fn rejected(e: &hcsim_core::ArmError) -> Outcome {
        let graph = e.code.starts_with("Request_") || e.code.starts_with("Authorization_Request");
        let text = if graph {
            alloc::format!("ERROR: {}", e.message)
        } else {
            e.to_string()
        };
        Outcome {
            ok: false,
            status: Some(e.status),
            code: Some(e.code.clone()),
            rule: e.rule.map(|r| r.id().to_string()),
            output: text.clone(),
            error: Some(text),
            explanation: e.explanation(),
            ..Outcome::default()
        }
    }
}
