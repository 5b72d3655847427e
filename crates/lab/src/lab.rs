//! The lab: one simulator session that speaks the command language. Both front ends (the
//! terminal and the browser) drive it the same way: [`Lab::run`] a line, show the
//! [`Outcome`]. Rules are decided by the core; the lab only translates and formats.

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde::Serialize;

use hcsim_core::{Config, Event, Input, Session, SnapshotError, World};

use crate::equivalents::Equivalents;
use crate::exec;

/// Reads a file named in a command (`--template-file`, `--parameters @file`, `@mapping.json`).
/// Front ends provide it: the terminal reads the disk, the browser its uploaded files.
pub type FileLoader = Box<dyn Fn(&str) -> Result<String, String>>;

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
}

impl Outcome {
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
    /// A failure carrying a core rejection.
    pub fn rejected(e: &hcsim_core::ArmError) -> Outcome {
        Outcome {
            ok: false,
            status: Some(e.status),
            code: Some(e.code.clone()),
            rule: e.rule.map(|r| r.id().to_string()),
            output: e.to_string(),
            error: Some(e.to_string()),
            explanation: e.explanation(),
            ..Outcome::default()
        }
    }
}

/// A simulator session with the command language on top.
pub struct Lab {
    pub(crate) session: Session,
    pub(crate) files: BTreeMap<String, String>,
    pub(crate) loader: Option<FileLoader>,
    /// The last write request of the last line, for equivalents.
    pub(crate) last_write: Option<hcsim_core::Request>,
    /// Status of the last write response of the line, else of the last response: what the
    /// outcome reports when the command itself does not say.
    pub(crate) write_status: Option<u16>,
    pub(crate) read_status: Option<u16>,
    /// The requests the last line sent, in order (bounded by [`MAX_SENT`]).
    pub(crate) sent: Vec<hcsim_core::Request>,
}

/// How many requests of one line [`Lab::sent_requests`] keeps (a deployment sends many).
pub const MAX_SENT: usize = 4096;

impl core::fmt::Debug for Lab {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Lab")
            .field("steps", &self.session.steps().len())
            .field("files", &self.files.len())
            .finish()
    }
}

impl Lab {
    /// A new default session (SCENARIOS.md) with `config`.
    pub fn new(config: Config) -> Lab {
        Lab {
            session: Session::new(config),
            files: BTreeMap::new(),
            loader: None,
            last_write: None,
            write_status: None,
            read_status: None,
            sent: Vec::new(),
        }
    }

    /// Wraps an existing session (e.g. one loaded from a snapshot).
    pub fn from_session(session: Session) -> Lab {
        Lab {
            session,
            files: BTreeMap::new(),
            loader: None,
            last_write: None,
            write_status: None,
            read_status: None,
            sent: Vec::new(),
        }
    }

    /// The session (history, snapshots).
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The current world.
    pub fn world(&self) -> &World {
        self.session.world()
    }

    /// Makes a file available to commands by path (the browser's uploads, tests).
    pub fn add_file(&mut self, path: &str, contents: String) {
        self.files.insert(path.to_string(), contents);
    }

    /// Sets how files not added with [`Lab::add_file`] are read (the terminal reads the disk).
    pub fn set_file_loader(&mut self, loader: FileLoader) {
        self.loader = Some(loader);
    }

    /// Reads a file for a command.
    pub fn read_file(&self, path: &str) -> Result<String, String> {
        if let Some(text) = self.files.get(path) {
            return Ok(text.clone());
        }
        match &self.loader {
            Some(load) => load(path),
            None => Err(alloc::format!(
                "The file '{path}' is not available here: open or upload it first."
            )),
        }
    }

    /// Runs one line (`az …`, `sim …`, several joined by `;`). Every line is one step of the
    /// history (undo undoes the last line that changed something).
    pub fn run(&mut self, line: &str) -> Outcome {
        self.sent.clear();
        let commands = crate::shell::split_commands(line);
        if commands.len() > 1 {
            let mut all = Outcome {
                ok: true,
                input: line.into(),
                ..Outcome::default()
            };
            for c in commands {
                let o = self.run_one(&c);
                all.ok &= o.ok;
                all.status = o.status;
                if o.code.is_some() {
                    all.error = o.error.clone();
                    all.code = o.code.clone();
                    all.rule = o.rule.clone();
                    all.explanation = o.explanation.clone();
                }
                if !o.output.is_empty() {
                    if !all.output.is_empty() {
                        all.output.push('\n');
                    }
                    all.output.push_str(&o.output);
                }
                all.events.extend(o.events);
                if o.equivalents.is_some() {
                    all.equivalents = o.equivalents;
                }
                if !o.ok {
                    break;
                }
            }
            all.time_ms = self.world().now().0;
            return all;
        }
        self.run_one(line)
    }

    fn run_one(&mut self, line: &str) -> Outcome {
        let first_event = self.world().events().last().map(|e| e.seq + 1).unwrap_or(0);
        self.last_write = None;
        self.write_status = None;
        self.read_status = None;
        let mut out = exec::run_line(self, line);
        self.session.commit();
        out.input = line.trim().into();
        if out.status.is_none() {
            out.status = self.write_status.or(self.read_status);
        }
        out.events = self.world().events_since(first_event).to_vec();
        out.time_ms = self.world().now().0;
        if out.equivalents.is_none()
            && let Some(req) = self.last_write.take()
        {
            out.equivalents = Some(equivalents_of(&req, line));
        }
        out
    }

    /// The ARM requests the last [`Lab::run`] sent, in order: what a user would see with
    /// `az --debug`, and how tests check that a command only touches its own resource type.
    pub fn sent_requests(&self) -> &[hcsim_core::Request] {
        &self.sent
    }

    /// Applies one core input as part of the current line's step.
    pub fn apply(&mut self, label: &str, input: Input) -> hcsim_core::Output {
        if let Input::Request(r) = &input
            && r.method.is_write()
        {
            self.last_write = Some(r.clone());
        }
        if let Input::Request(r) = &input
            && self.sent.len() < MAX_SENT
        {
            self.sent.push(r.clone());
        }
        let is_write = matches!(&input, Input::Request(r) if r.method.is_write());
        let out = self.session.apply(label, input);
        if let hcsim_core::Output::Response(r) = &out {
            if is_write {
                self.write_status = Some(r.status);
            } else {
                self.read_status = Some(r.status);
            }
        }
        out
    }

    /// Closes the current history step, so that inputs applied with [`Lab::apply`] outside a
    /// line (a running clock's advances) form one step of their own.
    pub fn commit(&mut self) {
        self.session.commit();
    }

    /// Undoes the last line that changed something (read-only lines such as `show` are
    /// skipped over). Returns the label of the undone step.
    pub fn undo(&mut self) -> Option<String> {
        self.session.commit();
        let steps = self.session.steps();
        let cursor = self.session.cursor();
        let target = steps[..cursor]
            .iter()
            .rposition(|s| s.inputs.iter().any(Input::is_change))?;
        let label = steps[target].label.clone();
        self.session.jump_to(target);
        Some(label)
    }

    /// Redoes the next undone line that changes something (and the read-only ones before it).
    pub fn redo(&mut self) -> Option<String> {
        self.session.commit();
        let steps = self.session.steps();
        let cursor = self.session.cursor();
        let offset = steps[cursor..]
            .iter()
            .position(|s| s.inputs.iter().any(Input::is_change))?;
        let label = steps[cursor + offset].label.clone();
        self.session.jump_to(cursor + offset + 1);
        Some(label)
    }

    /// Goes to the state after `n` steps (the timeline).
    pub fn jump_to(&mut self, n: usize) -> bool {
        self.session.jump_to(n)
    }

    /// The session as JSON text (seed + input log).
    pub fn save(&self) -> String {
        self.session.save()
    }

    /// Loads a saved session; damaged input is refused with a clear message.
    pub fn load(text: &str) -> Result<Lab, SnapshotError> {
        Ok(Lab::from_session(Session::load(text)?))
    }

    /// Completion candidates for a partly typed line (commands, flags, values, resource names).
    pub fn completions(&self, prefix_line: &str) -> Vec<String> {
        let mut out = crate::shell::completions(prefix_line);
        // Resource names after a name-taking flag.
        let words: Vec<&str> = prefix_line.split_whitespace().collect();
        let ends_with_space = prefix_line.ends_with(' ');
        let (flag, partial) = match (words.len(), ends_with_space) {
            (n, true) if n >= 1 => (words[n - 1], ""),
            (n, false) if n >= 2 => (words[n - 2], words[n - 1]),
            _ => ("", ""),
        };
        let wanted = match flag {
            "-g" | "--resource-group" => Some("Microsoft.Resources/resourceGroups"),
            // `az group … --name` names a group.
            "--name" | "-n" if prefix_line.contains(" group ") => {
                Some("Microsoft.Resources/resourceGroups")
            }
            "--workspace-name" => Some("Microsoft.HealthcareApis/workspaces"),
            "--iot-connector-name" => Some("Microsoft.HealthcareApis/workspaces/iotconnectors"),
            _ => None,
        };
        if let Some(t) = wanted {
            for r in self.world().resources_of_type(t) {
                if r.name.starts_with(partial) && !out.contains(&r.name) {
                    out.push(r.name.clone());
                }
            }
        }
        if matches!(flag, "sim" | "probe")
            || prefix_line.trim_start().starts_with("sim probe") && words.len() <= 3
        {
            for t in [
                "Microsoft.HealthcareApis/workspaces/fhirservices",
                "Microsoft.HealthcareApis/workspaces/dicomservices",
            ] {
                for r in self.world().resources_of_type(t) {
                    if r.id.starts_with(partial) && !partial.is_empty() {
                        out.push(r.id.clone());
                    }
                }
            }
        }
        out
    }
}

/// The equivalents of a core request.
pub(crate) fn equivalents_of(req: &hcsim_core::Request, line: &str) -> Equivalents {
    let path = hcsim_core::id::ArmPath::parse(&req.path).ok();
    let type_name = path
        .as_ref()
        .map(|p| p.collection_type().unwrap_or_else(|| p.resource_type()))
        .unwrap_or_default();
    let view = crate::equivalents::RequestView {
        method: req.method.http(),
        id: &req.path,
        resource_type: &type_name,
        api_version: api_version_for(&type_name),
        body: req.body.as_ref(),
    };
    crate::equivalents::render(&view, Some(line.trim()))
}

/// The API version hcsim shows for a type (the one table in `hcsim_arm::api`).
pub fn api_version_for(type_name: &str) -> &'static str {
    hcsim_core::api::version_for(type_name)
}
