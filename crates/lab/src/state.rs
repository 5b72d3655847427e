//! The lab's state: the core session (history, snapshots), the files commands may read, and
//! what the current line sent. It is what commands (`exec`) need from the lab: the lab
//! (`lab.rs`) owns a [`State`] and hands it to `exec`, so the lab depends on the commands
//! and both on the state, never back.

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use hcsim_core::{Input, Session, World};

/// Reads a file named in a command (`--template-file`, `--parameters @file`, `@mapping.json`).
/// Front ends provide it: the terminal reads the disk, the browser its uploaded files.
pub type FileLoader = Box<dyn Fn(&str) -> Result<String, String>>;

/// When [`crate::Lab::run`] renders a write's equivalents (PowerShell, Terraform, Bicep, ARM).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EquivalentsMode {
    /// With every write (the interactive front ends; the default).
    Render,
    /// Not by `run`, but the line's last write is kept, so
    /// [`crate::Lab::last_write_equivalents`] can render them for the one line that wants them
    /// (the browser's `runMany` shows them only for its first failure).
    Deferred,
    /// Never, and nothing is kept for them (`hcsim exec`, where nobody reads them).
    Off,
}

/// The session under a lab plus what the current line did: files, sent requests, statuses.
pub struct State {
    pub(crate) session: Session,
    pub(crate) files: BTreeMap<String, String>,
    pub(crate) loader: Option<FileLoader>,
    /// The last write request of the last line, for equivalents.
    pub(crate) last_write: Option<hcsim_core::Request>,
    /// Where in [`State::sent`] the last write of the last line is, when it was kept there:
    /// the same request, not a second copy of it (see [`State::last_write`]).
    pub(crate) last_write_sent: Option<usize>,
    /// When a write's equivalents are rendered; [`State::last_write`] is kept unless they
    /// never are (a copy of every write for nobody to read).
    pub(crate) equivalents: EquivalentsMode,
    /// Status of the last write response of the line, else of the last response: what the
    /// outcome reports when the command itself does not say.
    pub(crate) write_status: Option<u16>,
    pub(crate) read_status: Option<u16>,
    /// The requests the last line sent, in order (bounded by [`MAX_SENT`]).
    pub(crate) sent: Vec<hcsim_core::Request>,
    /// Whether [`State::sent`] is kept (a copy of every request of the line).
    pub(crate) keep_sent: bool,
    /// Whether an outcome carries a copy of the events its line caused.
    pub(crate) keep_events: bool,
    /// True inside a batch announced by `Lab::expect_lines`: its lines keep no copy of their
    /// requests and only a failed line's outcome carries its events (a batch's caller shows
    /// its first failure alone; at 10k lines the copies were a tenth of the allocations).
    pub(crate) in_batch: bool,
    /// True when the last line sent a write request (what the browser's start module asks
    /// to name the step holding a line's equivalents; kept in a batch too).
    pub(crate) wrote: bool,
    /// Warnings the running command gave (az logs them to stderr, never into its output).
    pub(crate) warnings: Vec<String>,
    /// Notices the running command printed on stderr as they are (preview notes).
    pub(crate) notices: Vec<String>,
}

/// How many requests of one line [`State::sent`] keeps (a deployment sends many).
pub const MAX_SENT: usize = 4096;

impl State {
    /// The state over `session`: no files, nothing sent yet.
    pub fn new(session: Session) -> State {
        State {
            session,
            files: BTreeMap::new(),
            loader: None,
            last_write: None,
            last_write_sent: None,
            equivalents: EquivalentsMode::Render,
            write_status: None,
            read_status: None,
            sent: Vec::new(),
            keep_sent: true,
            keep_events: true,
            in_batch: false,
            wrote: false,
            warnings: Vec::new(),
            notices: Vec::new(),
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

    /// Applies one core input as part of the current line's step.
    pub fn apply(&mut self, label: &str, input: Input) -> hcsim_core::Output {
        self.apply_as(label, input, false, None)
    }

    /// Applies a request as [`State::apply`] does, handing the world the typed path it was
    /// built from (`req.path` is `path.request_path()`), so the text is not parsed back.
    pub fn apply_request_at(
        &mut self,
        label: &str,
        req: hcsim_core::Request,
        path: hcsim_core::id::ArmPath,
    ) -> hcsim_core::Output {
        self.apply_as(label, Input::Request(req), false, Some(path))
    }

    /// Applies a read as [`State::apply`] does, but records it only if it left a mark on the
    /// world (see `Session::apply_read`).
    pub fn apply_read(&mut self, label: &str, input: Input) -> hcsim_core::Output {
        self.apply_as(label, input, true, None)
    }

    fn apply_as(
        &mut self,
        label: &str,
        input: Input,
        read_only: bool,
        hint: Option<hcsim_core::id::ArmPath>,
    ) -> hcsim_core::Output {
        #[cfg(not(feature = "full"))]
        if let Some(refused) = not_in_this_build(&input) {
            return refused;
        }
        let keep_write = matches!(&input, Input::Request(r) if r.method.is_write())
            // The start module renders none (the full module renders a recorded step's).
            && cfg!(feature = "full")
            && self.equivalents != EquivalentsMode::Off;
        let mut kept = false;
        if let Input::Request(r) = &input
            && self.keep_sent
            && !self.in_batch
            && self.sent.len() < MAX_SENT
        {
            self.sent.push(r.clone());
            kept = true;
        }
        if keep_write && let Input::Request(r) = &input {
            // Kept once: the copy in `sent` serves both when there is one.
            if kept {
                self.last_write = None;
                self.last_write_sent = Some(self.sent.len() - 1);
            } else {
                self.last_write = Some(r.clone());
                self.last_write_sent = None;
            }
        }
        let is_write = matches!(&input, Input::Request(r) if r.method.is_write());
        self.wrote |= is_write;
        let out = match (read_only, hint, input) {
            (true, _, input) => self.session.apply_read(label, input),
            (false, Some(path), Input::Request(req)) => self.session.apply_at(label, req, path),
            (false, _, input) => self.session.apply(label, input),
        };
        if let hcsim_core::Output::Response(r) = &out {
            if is_write {
                self.write_status = Some(r.status);
            } else {
                self.read_status = Some(r.status);
            }
        }
        out
    }

    /// The last write request of the last line, for equivalents, wherever it is kept.
    pub(crate) fn last_write(&self) -> Option<&hcsim_core::Request> {
        match self.last_write_sent {
            Some(i) => self.sent.get(i),
            None => self.last_write.as_ref(),
        }
    }

    /// Forgets the last line's write (a new line starts, or its equivalents are rendered).
    pub(crate) fn forget_last_write(&mut self) {
        self.last_write = None;
        self.last_write_sent = None;
    }

    /// Closes the current history step, so that inputs applied with [`State::apply`] outside a
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
            .rposition(|s| s.inputs.has_change())?;
        let label = steps[target].label.clone();
        self.session.jump_to(target);
        Some(label)
    }

    /// Redoes the next undone line that changes something (and the read-only ones before it).
    pub fn redo(&mut self) -> Option<String> {
        self.session.commit();
        let steps = self.session.steps();
        let cursor = self.session.cursor();
        let offset = steps[cursor..].iter().position(|s| s.inputs.has_change())?;
        let label = steps[cursor + offset].label.clone();
        self.session.jump_to(cursor + offset + 1);
        Some(label)
    }

    /// Goes to the state after `n` steps (the timeline).
    pub fn jump_to(&mut self, n: usize) -> bool {
        self.session.jump_to(n)
    }
}

/// Without the `full` feature, a request that needs the template engine (`az rest` or
/// `az resource` to a deployment, say) or a data-plane input (a FHIR call, device messages) is
/// answered here, unsent, with `NotInThisBuild`: the
/// session records nothing, so the full build can run the line again from the same state.
#[cfg(not(feature = "full"))]
fn not_in_this_build(input: &Input) -> Option<hcsim_core::Output> {
    if matches!(input, Input::Fhir(_) | Input::DeviceMessages { .. }) {
        // The FHIR and MedTech data plane (the core's `dataplane` feature).
        return Some(hcsim_core::Output::Refused {
            error: hcsim_core::ArmError::new(
                501,
                crate::outcome::NOT_IN_THIS_BUILD,
                "The FHIR and MedTech data plane is not in this build of hcsim: it is loaded on first use."
                    .into(),
                hcsim_core::RuleId::ValidRequest,
            ),
        });
    }
    let Input::Request(r) = input else {
        return None;
    };
    let path = hcsim_core::id::ArmPath::parse(&r.path).ok()?;
    if !hcsim_core::providers::deployments::needs_engine(&r.method, &path) {
        return None;
    }
    Some(hcsim_core::Output::Response(hcsim_core::Response::err(
        hcsim_core::ArmError::new(
            501,
            crate::outcome::NOT_IN_THIS_BUILD,
            "Template deployments are not in this build of hcsim: it is loaded on first use."
                .into(),
            hcsim_core::RuleId::ValidRequest,
        ),
    )))
}
