//! Executes parsed commands against the core: each `az` command becomes ARM requests, each
//! `sim` verb a simulator input. Nothing here decides what is allowed; the core does.
//!
//! Modules, leaves first: `ids` (names and `--ids` bound to typed paths), `verbs` (the shared
//! `wait` and delete confirmation), `healthcare_args` (the healthcareapis extension's
//! `KEY=VALUE` arguments as body values), `healthcare_private` (workspace private endpoint
//! connections, private link resources, operation results), `legacy` (Azure API for FHIR,
//! `az healthcareapis service|acr|private-endpoint-connection|private-link-resource`), `deploy`,
//! `version` (`az version|upgrade`), `fhir` (FHIR data-plane calls: `sim fhir`, shared with
//! `az rest`), `medtech` (`sim device send|metrics`), `az` (the `az` dispatch and the other
//! groups), `mapping` (`sim mapping test`, the mapping debugger), `sim`; `entra_set` (`az ad
//! app update --set`), `entra` (`az ad app …`, `az ad sp create|delete`), `entra_rbac`
//! (`az ad sp create-for-rbac`).

mod az;
#[cfg(feature = "full")]
pub(crate) mod bicep;
#[cfg(feature = "full")]
mod bicep_print;
mod catalog;
pub use catalog::healthcare_resource_types;
#[cfg(feature = "full")]
mod deploy;
// App registrations: dispatched in the full module only (az.rs); the start module refuses
// them, so their code is unused there.
mod entra;
#[cfg(feature = "full")]
mod entra_rbac;
#[cfg_attr(not(feature = "full"), allow(dead_code))]
mod entra_set;
mod fhir;
// Partly or wholly unused without `full` (their commands load with the full module).
#[cfg_attr(not(feature = "full"), allow(dead_code))]
mod healthcare_args;
// Partly or wholly unused without `full` (their commands load with the full module).
#[cfg_attr(not(feature = "full"), allow(dead_code))]
mod healthcare_private;
pub(crate) mod ids;
// Partly or wholly unused without `full` (their commands load with the full module).
#[cfg_attr(not(feature = "full"), allow(dead_code))]
mod keyvault;
#[cfg(feature = "full")]
mod legacy;
#[cfg(feature = "full")]
mod mapping;
mod medtech;
#[cfg(feature = "full")]
pub(crate) mod quickstarts;
mod resources;
mod rest;
mod signin;
mod sim;
mod verbs;
mod version;

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::Value;

use hcsim_core::body::Body;
use hcsim_core::id::ArmPath;
use hcsim_core::{ArmError, Input, Output, Request, Response};

use crate::outcome::Outcome;
use crate::output::shell_failure;
use crate::shell::{self, Command};
use crate::state::State;

/// The failure of a command this build leaves out (`what` names the part).
#[cfg(not(feature = "full"))]
pub(crate) fn not_in_this_build(what: &str) -> Failure {
    Failure::usage(
        crate::outcome::NOT_IN_THIS_BUILD,
        alloc::format!("{what} is not in this build of hcsim: it is loaded on first use."),
    )
}

/// Runs one command line (no `;`).
pub(crate) fn run_line(lab: &mut State, line: &str) -> Outcome {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return Outcome::success("");
    }
    let cmd = match read_command(trimmed) {
        Ok(c) => c,
        Err(answer) => return *answer,
    };
    // `sim help` / `hcsim help` (`Command::is` of each, without splitting their text).
    let help_verb =
        matches!(cmd.path, [root, verb] if *verb == "help" && (*root == "sim" || *root == "hcsim"));
    if cmd.help || help_verb {
        #[cfg(feature = "full")]
        return Outcome::success(shell::help_text(cmd.help_topic().as_deref()));
        // The help texts load with the full module (the start module's table has no prose).
        #[cfg(not(feature = "full"))]
        return not_in_this_build("The help texts").into_outcome();
    }
    // YAML is printed by the full module (a first visit rarely asks for it).
    #[cfg(not(feature = "full"))]
    if matches!(
        cmd.output,
        shell::OutputFormat::Yaml | shell::OutputFormat::Yamlc
    ) {
        return not_in_this_build("YAML output").into_outcome();
    }
    lab.warnings.clear();
    lab.notices.clear();
    lab.warnings.clone_from(&cmd.warnings);
    let mut ctx = Ctx { lab, line: trimmed };
    let result = match cmd.path.first().copied() {
        Some("sim") => sim::run(&mut ctx, &cmd),
        _ => az::run(&mut ctx, &cmd),
    };
    let mut out = match result {
        Ok(out) => out,
        Err(f) => f.into_outcome(),
    };
    // knack's `--only-show-errors` raises the console log level to ERROR: no warnings.
    let warnings = core::mem::take(&mut lab.warnings);
    let notices = core::mem::take(&mut lab.notices);
    // Most lines warn of nothing: nothing to splice in.
    let nothing_to_say = warnings.is_empty() && notices.is_empty();
    if !nothing_to_say && !cmd.flag("only-show-errors") {
        out.warnings.splice(0..0, warnings);
        out.notices.splice(0..0, notices);
    }
    out
}

/// The line's command, or the outcome that answers the line without one (`az --version`, a
/// line that does not parse). The words are read once, for both, and borrowed from the line
/// when it needs no shell rule but whitespace.
fn read_command(line: &str) -> Result<Command, Box<Outcome>> {
    match shell::plain_words(line) {
        Some(words) => command_of(&words),
        None => match shell::tokenize(line) {
            Ok(words) => command_of(&words),
            Err(e) => Err(Box::new(shell_failure(&e))),
        },
    }
}

/// [`read_command`] once the words are known.
fn command_of<S: AsRef<str>>(words: &[S]) -> Result<Command, Box<Outcome>> {
    // `az --version` is a flag of the root parser, not a command (azure-cli `__main__`).
    if let [root, flag] = words
        && root.as_ref() == "az"
        && flag.as_ref() == "--version"
    {
        return Err(Box::new(Outcome::success(version::version_text())));
    }
    shell::parse_words(words).map_err(|e| Box::new(shell_failure(&e)))
}

/// Why a command failed.
pub enum Failure {
    /// The core rejected a request.
    Arm(ArmError),
    /// The command itself is wrong (az-style `ERROR:` message).
    Usage { code: &'static str, message: String },
    /// The SDK's client-side validation refused a parameter before anything was sent (az
    /// prints `ERROR:` with the SDK's message); the rule it enforces is still named.
    Validation {
        message: String,
        rule: hcsim_core::RuleId,
    },
}

impl Failure {
    pub(crate) fn usage(code: &'static str, message: impl Into<String>) -> Failure {
        Failure::Usage {
            code,
            message: message.into(),
        }
    }
    fn into_outcome(self) -> Outcome {
        match self {
            Failure::Arm(e) => Outcome::rejected(&e),
            Failure::Usage { code, message } => {
                Outcome::failure(code, alloc::format!("ERROR: {message}"))
            }
            Failure::Validation { message, rule } => {
                let text = alloc::format!("ERROR: {message}");
                let mut o = Outcome::failure("ValidationError", text.clone());
                o.error = Some(text);
                o.rule = Some(rule.id().into());
                o.explanation = Some(rule.explain());
                o
            }
        }
    }
}

impl From<ArmError> for Failure {
    fn from(e: ArmError) -> Failure {
        Failure::Arm(e)
    }
}

impl From<shell::ShellError> for Failure {
    fn from(e: shell::ShellError) -> Failure {
        Failure::Usage {
            code: e.code.as_str(),
            message: e.message,
        }
    }
}

pub type Res<T> = Result<T, Failure>;

/// A simulator answer of another kind than the command expects: a refusal is the core's
/// rejection; anything else is told in words (never a Debug dump of the value).
pub(crate) fn unexpected(out: Output) -> Failure {
    match out {
        Output::Refused { error } => Failure::Arm(error),
        Output::Done { message } => Failure::usage("UnexpectedOutput", message),
        Output::Response(r) => Failure::usage(
            "UnexpectedOutput",
            alloc::format!(
                "the simulator answered with HTTP {} where this command expected no request",
                r.status
            ),
        ),
        Output::Probe(p) => Failure::usage(
            "UnexpectedOutput",
            alloc::format!(
                "the simulator answered with a data-plane probe ({}: {})",
                p.status,
                p.reason
            ),
        ),
        Output::Fhir(r) => Failure::usage(
            "UnexpectedOutput",
            alloc::format!("the simulator answered with a FHIR response ({})", r.status),
        ),
    }
}

/// Where a request goes: a typed [`ArmPath`] (sent in its encoded request form, as every
/// `az` command here does), or id text the caller already holds in that form (the
/// deployment engine's ids).
pub trait Target {
    /// The path as sent.
    fn request_path(&self) -> String;
    /// The typed path, when the target is one (the world is then asked by it, without
    /// reading the sent text back).
    fn arm_path(&self) -> Option<&ArmPath> {
        None
    }
}

impl Target for ArmPath {
    fn request_path(&self) -> String {
        ArmPath::request_path(self)
    }
    fn arm_path(&self) -> Option<&ArmPath> {
        Some(self)
    }
}

impl Target for str {
    fn request_path(&self) -> String {
        self.to_string()
    }
}

impl Target for String {
    fn request_path(&self) -> String {
        self.clone()
    }
}

/// The running command: the lab's state plus the line (the history label).
pub struct Ctx<'a> {
    pub lab: &'a mut State,
    pub line: &'a str,
}

impl Ctx<'_> {
    /// Applies one input.
    pub fn input(&mut self, input: Input) -> Output {
        self.lab.apply(self.line, input)
    }

    /// Sends a request; a rejection becomes a failure.
    pub fn send(&mut self, req: Request) -> Res<Response> {
        let out = self.input(Input::Request(req));
        answer(out)
    }

    /// [`Ctx::send`] of a request built from `path` (the target's typed path, if it has one),
    /// which the world then reads without parsing the request's text back.
    fn send_to(&mut self, req: Request, path: Option<&ArmPath>) -> Res<Response> {
        let out = match path {
            Some(p) => self.lab.apply_request_at(self.line, req, p.clone()),
            None => self.input(Input::Request(req)),
        };
        answer(out)
    }

    /// Waits for a long-running operation unless `no_wait`; a failed operation is a failure.
    pub fn wait(&mut self, resp: &Response, no_wait: bool) -> Res<()> {
        let Some(op) = resp.operation else {
            return Ok(());
        };
        if no_wait {
            return Ok(());
        }
        self.input(Input::Wait { operation: op });
        let world = self.lab.world();
        match world.operation(op) {
            Some(o) if o.status == hcsim_core::world::OpStatus::Failed => {
                Err(Failure::Arm(o.error.as_deref().cloned().unwrap_or_else(|| ArmError {
                    status: 500,
                    code: "ResourceDeploymentFailure".into(),
                    message: "The resource operation completed with terminal provisioning state 'Failed'.".into(),
                    target: Some(o.target.clone()),
                    rule: None,
                })))
            }
            _ => Ok(()),
        }
    }

    /// PUT, wait (unless `no_wait`), then GET: what az prints after a create.
    pub fn put_show<T: Target + ?Sized>(
        &mut self,
        path: &T,
        body: Value,
        no_wait: bool,
    ) -> Res<Option<Value>> {
        Ok(self
            .put_show_body(path, body, no_wait)?
            .map(Body::into_value))
    }

    /// [`Ctx::put_show`]'s view as the world holds it (the stored body shared, undecoded),
    /// for [`print_body`].
    pub fn put_show_body<T: Target + ?Sized>(
        &mut self,
        path: &T,
        body: Value,
        no_wait: bool,
    ) -> Res<Option<Body>> {
        let typed = path.arm_path();
        let path = path.request_path();
        let r = self.send_to(Request::put(&path, body), typed)?;
        self.wait(&r, no_wait)?;
        if no_wait {
            return Ok(None);
        }
        let world = self.lab.world();
        let view = match typed {
            Some(p) => world.view_body_at(p),
            None => world.view(&path).map(Body::from),
        };
        Ok(Some(view.unwrap_or(r.body)))
    }

    /// PATCH then print the result.
    pub fn patch_show<T: Target + ?Sized>(
        &mut self,
        path: &T,
        body: Value,
        no_wait: bool,
    ) -> Res<Option<Value>> {
        let typed = path.arm_path();
        let path = path.request_path();
        let r = self.send_to(Request::patch(&path, body), typed)?;
        self.wait(&r, no_wait)?;
        if no_wait {
            return Ok(None);
        }
        let world = self.lab.world();
        let view = match typed {
            Some(p) => world.view_at(p),
            None => world.view(&path),
        };
        Ok(Some(view.unwrap_or_else(|| r.body.into_value())))
    }

    /// DELETE and wait unless `no_wait`.
    pub fn delete<T: Target + ?Sized>(&mut self, path: &T, no_wait: bool) -> Res<Response> {
        let r = self.send_to(Request::delete(path.request_path()), path.arm_path())?;
        self.wait(&r, no_wait)?;
        Ok(r)
    }

    /// GET a resource.
    pub fn get<T: Target + ?Sized>(&mut self, path: &T) -> Res<Value> {
        Ok(self.get_body(path)?.into_value())
    }

    /// [`Ctx::get`]'s body as answered (the stored body shared, undecoded), for [`print_body`].
    pub fn get_body<T: Target + ?Sized>(&mut self, path: &T) -> Res<Body> {
        Ok(self.send(Request::get(path.request_path()))?.body)
    }

    /// LIST a collection; az prints the `value` array.
    pub fn list<T: Target + ?Sized>(&mut self, path: &T) -> Res<Vec<Value>> {
        let body = self.send(Request::list(path.request_path()))?.body;
        Ok(body
            .get("value")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default())
    }

    /// Logs an az warning (`logger.warning`): shown on stderr, apart from the output.
    pub fn warn(&mut self, message: impl Into<String>) {
        self.lab.warnings.push(message.into());
    }

    /// Prints a notice on stderr as az prints a command's preview note (no level name).
    pub fn notice(&mut self, message: impl Into<String>) {
        self.lab.notices.push(message.into());
    }

    /// The current subscription id.
    pub fn subscription(&self) -> String {
        self.lab.world().current_subscription().to_string()
    }

    /// Reads `@file` arguments or inline JSON.
    pub fn json_arg(&self, text: &str, what: &str) -> Res<Value> {
        let text = match text.strip_prefix('@') {
            Some(path) => self
                .lab
                .read_file(path)
                .map_err(|e| Failure::usage("FileNotFound", alloc::format!("{what}: {e}")))?,
            None => text.to_string(),
        };
        serde_json::from_str(&text).map_err(|e| {
            Failure::usage(
                "InvalidJson",
                alloc::format!("{what} is not valid JSON: {e}"),
            )
        })
    }
}

/// Formats a value for printing with the command's `--output` and `--query`.
pub(crate) fn print(cmd: &Command, value: &Value) -> Res<Outcome> {
    let text = crate::output::render(value, cmd.output, cmd.query.as_deref(), cmd.path)
        .map_err(|m| Failure::usage("InvalidQuery", m))?;
    Ok(Outcome::success(text))
}

/// [`print`] of a value the command no longer needs (printed without copying it first).
pub(crate) fn print_owned(cmd: &Command, value: Value) -> Res<Outcome> {
    let text = crate::output::render_owned(value, cmd.output, cmd.query.as_deref(), cmd.path)
        .map_err(|m| Failure::usage("InvalidQuery", m))?;
    Ok(Outcome::success(text))
}

/// [`print_owned`] of a resource's body with each key of `nulls` (sorted) set to `null` at
/// its top level where the body lacks it (az's client-side model prints every field it
/// knows). As `json` without `--query` (nearly every line of a script) a stored body is
/// written straight from its packed bytes: the same text, no `Value` built.
pub(crate) fn print_body(
    cmd: &Command,
    body: Body,
    nulls: &'static [&'static str],
) -> Res<Outcome> {
    if cmd.query.is_none() {
        match cmd.output {
            shell::OutputFormat::None => return Ok(Outcome::success("")),
            shell::OutputFormat::Json | shell::OutputFormat::Jsonc => {
                let text = body
                    .as_packed()
                    .and_then(|p| crate::output::json_of(&p.stream(), nulls));
                if let Some(text) = text {
                    return Ok(Outcome::success(text));
                }
            }
            _ => {}
        }
    }
    print_owned(cmd, with_nulls(body.into_value(), nulls))
}

/// `value` with each key of `nulls` set to `null` where the object lacks it.
pub(crate) fn with_nulls(mut value: Value, nulls: &[&str]) -> Value {
    if let Value::Object(m) = &mut value {
        for key in nulls {
            if !m.contains_key(*key) {
                m.insert((*key).into(), Value::Null);
            }
        }
    }
    value
}

/// A request's answer: a success, or the rejection as a failure.
fn answer(out: Output) -> Res<Response> {
    match out {
        Output::Response(r) if r.is_success() => Ok(r),
        Output::Response(r) => Err(Failure::Arm(r.error.unwrap_or_else(|| ArmError {
            status: r.status,
            code: "Error".into(),
            message: r.body.to_string(),
            target: None,
            rule: None,
        }))),
        other => Err(unexpected(other)),
    }
}
