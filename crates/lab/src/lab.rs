//! The lab: one simulator session that speaks the command language. Both front ends (the
//! terminal and the browser) drive it the same way: [`Lab::run`] a line, show the
//! [`Outcome`]. Rules are decided by the core; the lab only translates and formats.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use hcsim_core::{Config, Input, Session, SnapshotError, World};

use crate::equivalents::Equivalents;
use crate::exec;
use crate::outcome::Outcome;
use crate::state::{EquivalentsMode, FileLoader, State};

/// A simulator session with the command language on top.
pub struct Lab {
    /// The session and what the current line did; the commands work on it.
    pub(crate) state: State,
}

impl core::fmt::Debug for Lab {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Lab")
            .field("steps", &self.state.session.steps().len())
            .field("files", &self.state.files.len())
            .finish()
    }
}

impl Lab {
    /// A new default session (SCENARIOS.md) with `config`.
    pub fn new(config: Config) -> Lab {
        Lab::from_session(Session::new(config))
    }

    /// Wraps an existing session (e.g. one loaded from a snapshot).
    pub fn from_session(session: Session) -> Lab {
        Lab {
            state: State::new(session),
        }
    }

    /// When [`Lab::run`] renders a write's equivalents ([`EquivalentsMode::Render`] by
    /// default). A headless runner that prints only the output turns them off and saves their
    /// cost on every line.
    pub fn set_equivalents(&mut self, mode: EquivalentsMode) {
        self.state.equivalents = mode;
    }

    /// Turns the keeping of each line's requests for [`Lab::sent_requests`] on or off (on by
    /// default). A headless runner that never asks for them saves a copy of every request.
    pub fn set_keep_sent(&mut self, on: bool) {
        self.state.keep_sent = on;
        if !on {
            self.state.sent.clear();
            self.state.last_write_sent = None;
        }
    }

    /// Turns the copy of a line's events into its [`Outcome::events`] on or off (on by
    /// default). A headless runner that prints only the output saves a copy of every event;
    /// the events still happen and stay in the world's log.
    pub fn set_keep_events(&mut self, on: bool) {
        self.state.keep_events = on;
    }

    /// Turns the history's regular checkpoints on or off (on by default; see
    /// `Session::set_commit_checkpoints`). A runner that only goes forward (`hcsim exec`)
    /// saves a copy of the world every few dozen lines; undo, redo and save still answer the
    /// same, the first undo replaying from the last checkpoint left.
    pub fn set_checkpoints(&mut self, on: bool) {
        self.state.session.set_commit_checkpoints(on);
    }

    /// Announces a batch of about `lines` lines run one after another (a trainer's setup, a
    /// fill of 10k resources): the history lays only the checkpoints it would keep at the
    /// batch's end (`Session::expect_steps`). Call [`Lab::end_lines`] after the last line.
    /// Until then [`Lab::sent_requests`] stays empty and only a failed line's outcome carries
    /// its events: a batch's caller shows its first failure alone, and copying every line's
    /// requests and events for nobody was a tenth of a fill's allocations.
    pub fn expect_lines(&mut self, lines: usize) {
        self.state.session.expect_steps(lines);
        self.state.in_batch = true;
    }

    /// Ends the batch announced by [`Lab::expect_lines`] (`Session::end_expected`).
    pub fn end_lines(&mut self) {
        self.state.session.end_expected();
        self.state.in_batch = false;
    }

    /// The session (history, snapshots).
    pub fn session(&self) -> &Session {
        self.state.session()
    }

    /// The current world.
    pub fn world(&self) -> &World {
        self.state.world()
    }

    /// Makes a file available to commands by path (the browser's uploads, tests).
    pub fn add_file(&mut self, path: &str, contents: String) {
        self.state.files.insert(path.to_string(), contents);
    }

    /// The files added with [`Lab::add_file`], by path (a front end moving the session into
    /// another build hands them over too).
    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.state
            .files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
    }

    /// Sets how files not added with [`Lab::add_file`] are read (the terminal reads the disk).
    pub fn set_file_loader(&mut self, loader: FileLoader) {
        self.state.loader = Some(loader);
    }

    /// Reads a file for a command.
    pub fn read_file(&self, path: &str) -> Result<String, String> {
        self.state.read_file(path)
    }

    /// Runs one line (`az …`, `sim …`, several joined by `;`). Every line is one step of the
    /// history (undo undoes the last line that changed something).
    pub fn run(&mut self, line: &str) -> Outcome {
        self.state.sent.clear();
        self.state.last_write_sent = None;
        self.state.wrote = false;
        // Only a `;` can make a line hold several commands: a line without one is run as it
        // is, without splitting it first (the words are read once, by the parser).
        if !line.contains(';') {
            return self.run_one(line);
        }
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
                all.warnings.extend(o.warnings);
                all.notices.extend(o.notices);
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
        let first_event = self
            .state
            .keep_events
            .then(|| self.world().events().last().map(|e| e.seq + 1).unwrap_or(0));
        self.state.forget_last_write();
        self.state.write_status = None;
        self.state.read_status = None;
        let mut out = exec::run_line(&mut self.state, line);
        self.state.session.commit();
        out.input = line.trim().into();
        if out.status.is_none() {
            out.status = self.state.write_status.or(self.state.read_status);
        }
        if let Some(first) = first_event
            && (!self.state.in_batch || !out.ok)
        {
            out.events = self.world().events_since(first).to_vec();
        }
        out.time_ms = self.world().now().0;
        // Without `full` (the browser's start module) the equivalents are rendered later, by
        // the full module, from the step's recorded request (`equivalents_of`).
        if cfg!(feature = "full")
            && out.equivalents.is_none()
            && self.state.equivalents == EquivalentsMode::Render
            && let Some(req) = self.state.last_write()
        {
            out.equivalents = Some(equivalents_of(req, line));
            self.state.forget_last_write();
        }
        out
    }

    /// The equivalents of the last line's last write, rendered now: what [`Lab::run`] gives
    /// with rendering on, for a caller that ran a one-command `line` with it off and wants
    /// them for this line after all (the browser's `runMany` renders them only for its first
    /// failure). `None` when the line sent no write.
    pub fn last_write_equivalents(&self, line: &str) -> Option<Equivalents> {
        self.state.last_write().map(|req| equivalents_of(req, line))
    }

    /// True when the last [`Lab::run`] sent a write request (in a batch too, where
    /// [`Lab::sent_requests`] keeps none).
    pub fn line_wrote(&self) -> bool {
        self.state.wrote
    }

    /// The ARM requests the last [`Lab::run`] sent, in order: what a user would see with
    /// `az --debug`, and how tests check that a command only touches its own resource type.
    pub fn sent_requests(&self) -> &[hcsim_core::Request] {
        &self.state.sent
    }

    /// Applies one core input as part of the current line's step.
    pub fn apply(&mut self, label: &str, input: Input) -> hcsim_core::Output {
        self.state.apply(label, input)
    }

    /// Applies a read (a GET, a list) as part of the current step, recording it only if it
    /// left a mark on the world (a rejection's event, a throttling fault's random draw): one
    /// that left none is not needed to replay the session, so it takes no room in the
    /// history and does not count toward the session's bound on inputs. `hcsim serve`
    /// answers its clients' reads so.
    pub fn apply_read(&mut self, label: &str, input: Input) -> hcsim_core::Output {
        self.state.apply_read(label, input)
    }

    /// Closes the current history step, so that inputs applied with [`Lab::apply`] outside a
    /// line (a running clock's advances) form one step of their own.
    pub fn commit(&mut self) {
        self.state.commit();
    }

    /// Undoes the last line that changed something (read-only lines such as `show` are
    /// skipped over). Returns the label of the undone step.
    pub fn undo(&mut self) -> Option<String> {
        self.state.undo()
    }

    /// Redoes the next undone line that changes something (and the read-only ones before it).
    pub fn redo(&mut self) -> Option<String> {
        self.state.redo()
    }

    /// Goes to the state after `n` steps (the timeline).
    pub fn jump_to(&mut self, n: usize) -> bool {
        self.state.jump_to(n)
    }

    /// The session as JSON text (seed + input log).
    pub fn save(&self) -> String {
        self.state.session.save()
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

/// The equivalents of a core request sent for `line` (what [`Lab::run`] adds to a write's
/// outcome; the browser's full module also renders them for a recorded step).
pub fn equivalents_of(req: &hcsim_core::Request, line: &str) -> Equivalents {
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
