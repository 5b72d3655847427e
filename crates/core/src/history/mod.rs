//! History: a session is its starting configuration plus its input log, grouped in steps (one
//! step per command a person typed). Undo, redo and "jump to step N" replay the log from the
//! nearest checkpoint; a snapshot is the configuration plus the log, versioned.
//!
//! A checkpoint is a clone of the world, which shares its nodes, event chunks and operations
//! (reference counted, copied on write): it costs about a pointer per resource, so they are
//! laid every few dozen steps and along every long replay, and undo at step N costs what it
//! undoes (a replay bounded by the spacing), not N.

use alloc::string::String;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

mod stream;

use crate::input_log::Inputs;
use crate::world::{Config, Input, Output, World};

/// One step: what a person did (a command line, a lesson step), as the inputs it produced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// The label shown in timelines (usually the command line).
    pub label: String,
    /// Its inputs, in order, kept compact (as their JSON text; at most
    /// [`Session::MAX_STEP_INPUTS`] are read from a file).
    pub inputs: Inputs,
}

/// The snapshot format name and version this build writes and reads.
pub const SNAPSHOT_FORMAT: &str = "hcsim-session/1";

/// The saved form of a session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// `hcsim-session/1`.
    pub format: String,
    /// Starting configuration (seed, timing, stage).
    pub config: Config,
    /// Every step, including undone ones that can be redone.
    pub steps: Vec<Step>,
    /// How many steps are applied.
    pub cursor: usize,
}

/// Why a snapshot was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnapshotError(pub String);

impl core::fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A world with its history.
#[derive(Clone, Debug)]
pub struct Session {
    world: World,
    steps: Vec<Step>,
    cursor: usize,
    open: Option<Step>,
    /// (steps applied, world after them); always holds step 0.
    checkpoints: Vec<(usize, World)>,
    /// Inputs held by `steps` in all (kept up to date, so the bound costs nothing per input).
    stored_inputs: usize,
    /// Whether [`Session::commit`] lays checkpoints (see [`Session::set_commit_checkpoints`]).
    commit_checkpoints: bool,
    /// The step a run announced with [`Session::expect_steps`] goes toward, while it runs.
    ahead: Option<usize>,
}

impl Session {
    /// Steps between checkpoints (at least; see [`Session::RESOURCES_PER_STEP`]).
    pub const CHECKPOINT_EVERY: usize = 32;
    /// Checkpoints kept at most (older ones are thinned out, newer ones kept dense).
    pub const MAX_CHECKPOINTS: usize = 64;
    /// Node slots held by all checkpoints together, at most (about). A checkpoint shares the
    /// world's nodes, event chunks and operations (reference counted, copied on write), so
    /// what it holds of its own is a pointer per node: this bounds their memory.
    pub const CHECKPOINT_BUDGET: usize = 2_000_000;
    /// Resources that add one step to the spacing of checkpoints (a checkpoint copies a
    /// pointer per resource, so a bigger world lays them a little further apart).
    pub const RESOURCES_PER_STEP: usize = 256;
    /// The most steps a session may hold.
    pub const MAX_STEPS: usize = 100_000;
    /// How many of the newest steps keep their inputs typed rather than as text (some
    /// megabytes at most; see [`Session::compact_old_step`]).
    pub const TYPED_STEPS: usize = 4096;
    /// The most inputs one step of a loaded session may hold: a command makes a handful (a
    /// whole template deployment is one), so more is a damaged or hostile file, whose replay
    /// would take minutes and gigabytes.
    pub const MAX_STEP_INPUTS: usize = Inputs::MAX_READ;
    /// The most inputs a loaded session may hold in all (its replay time is proportional).
    pub const MAX_INPUTS: usize = 250_000;

    /// A new session (the default session of SCENARIOS.md) with `config`.
    pub fn new(config: Config) -> Session {
        let world = World::new(config);
        Session {
            checkpoints: alloc::vec![(0, world.clone())],
            world,
            steps: Vec::new(),
            cursor: 0,
            open: None,
            stored_inputs: 0,
            commit_checkpoints: true,
            ahead: None,
        }
    }

    /// Turns the checkpoints that [`Session::commit`] lays every few dozen steps on or off (on
    /// by default). A runner that never goes back (`hcsim exec` runs a script forward) saves
    /// a copy of the world per checkpoint; should it undo after all, the answer is the same,
    /// replayed from the nearest checkpoint left (step 0 at least), and that replay lays
    /// checkpoints along its way as always, so only the first undo pays for the stretch.
    pub fn set_commit_checkpoints(&mut self, on: bool) {
        self.commit_checkpoints = on;
    }

    /// Announces a run of about `steps` more steps going forward (a batch of lines): until
    /// [`Session::end_expected`], or an undo, redo or jump, [`Session::commit`] lays only the
    /// checkpoints that thinning would keep at its end (about half spread evenly, half dense
    /// before it, as a load does), not one every few dozen steps of which thinning drops
    /// most again. Each checkpoint makes the writes after it copy what they change, and
    /// dropping it frees those copies: at 10k steps, most of a batch's cost in history.
    /// Undo, redo and jump answer the same: only where replays start differs.
    pub fn expect_steps(&mut self, steps: usize) {
        self.ahead = Some(self.cursor.saturating_add(steps));
    }

    /// Ends the run announced by [`Session::expect_steps`] (a run that made fewer steps than
    /// it announced stops short of the dense stretch): lays a checkpoint if one is due, so
    /// undo at the end replays at most the spacing, as after single steps.
    pub fn end_expected(&mut self) {
        self.commit();
        if self.ahead.take().is_some() && self.commit_checkpoints {
            self.maybe_checkpoint();
        }
    }

    /// The current world.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// Applies an input as part of the current step (opening one labelled `label` if none is
    /// open). A step that changes something, committed after an undo, discards the undone
    /// steps; a read-only step is inserted before them.
    pub fn apply(&mut self, label: &str, input: Input) -> Output {
        self.apply_hinted(label, input, None)
    }

    /// [`Session::apply`] of a request whose typed path the sender already holds: the
    /// world reads `path` instead of parsing the request's text when that text is
    /// `path.request_path()` (checked without building it; any other text is parsed as
    /// [`Session::apply`] parses it); what is recorded and answered is the same.
    pub fn apply_at(
        &mut self,
        label: &str,
        req: crate::Request,
        path: crate::id::ArmPath,
    ) -> Output {
        self.apply_hinted(label, Input::Request(req), Some(path))
    }

    fn apply_hinted(
        &mut self,
        label: &str,
        input: Input,
        hint: Option<crate::id::ArmPath>,
    ) -> Output {
        if let Some(error) = self.full() {
            return Output::Refused { error };
        }
        if self.open.is_none() {
            self.open = Some(Step {
                label: label.into(),
                inputs: Inputs::new(),
            });
        }
        self.world.path_hint = hint;
        let out = self.world.apply(&input);
        self.world.path_hint = None;
        if let Some(step) = self.open.as_mut() {
            step.inputs.record(input);
        }
        out
    }

    /// Applies a read (an input that [`Input::is_change`] calls no change, such as a GET),
    /// recording it only if it left a mark on the world (an event, such as a rejection's, or a
    /// draw of the random generator, such as a throttling fault's): one that left none is not
    /// needed to replay the session, so it takes no room in the history and never counts
    /// toward [`Session::MAX_INPUTS`], so a full session still answers such reads. A change
    /// is applied as [`Session::apply`] does.
    pub fn apply_read(&mut self, label: &str, input: Input) -> Output {
        if input.is_change() {
            return self.apply(label, input);
        }
        let before = (self.world.trace_hash(), self.world.rng.clone());
        let before_now = self.world.now();
        let out = self.world.apply(&input);
        let unmarked = before.0 == self.world.trace_hash()
            && before.1 == self.world.rng
            && before_now == self.world.now();
        if unmarked {
            return out;
        }
        if let Some(error) = self.full() {
            // It cannot be recorded: the world goes back to where it was (the last steps
            // replayed from a checkpoint) and the read is refused, as any input would be.
            self.commit();
            self.jump_to(self.cursor);
            return Output::Refused { error };
        }
        if self.open.is_none() {
            self.open = Some(Step {
                label: label.into(),
                inputs: Inputs::new(),
            });
        }
        if let Some(step) = self.open.as_mut() {
            step.inputs.record(input);
        }
        out
    }

    /// Why the session takes no more inputs, if it is full: a session this big could not be
    /// loaded again ([`Session::load`] bounds the inputs), so it stops growing instead.
    fn full(&self) -> Option<crate::error::ArmError> {
        let open_now = self.open.as_ref().map_or(0, |s| s.inputs.len());
        let total = open_now + self.stored_inputs;
        // Past MAX_STEPS the open step will join the last one (see `commit`).
        let open = if self.steps.len() >= Self::MAX_STEPS {
            open_now + self.steps.last().map_or(0, |s| s.inputs.len())
        } else {
            open_now
        };
        let why = if open >= Self::MAX_STEP_INPUTS {
            alloc::format!("this command already made {open} requests, the most one step may hold")
        } else if total >= Self::MAX_INPUTS {
            alloc::format!("the session holds {total} inputs, the most a session may hold")
        } else {
            return None;
        };
        Some(crate::error::ArmError::new(
            400,
            "SessionFull",
            alloc::format!("The session is full: {why}. Save it and start a new session."),
            crate::rules::RuleId::ValidRequest,
        ))
    }

    /// Closes the current step (no-op if none is open or it is empty).
    pub fn commit(&mut self) {
        let Some(mut step) = self.open.take() else {
            return;
        };
        if step.inputs.is_empty() {
            return;
        }
        step.inputs.shrink();
        let cursor = self.cursor;
        self.checkpoints.retain(|(n, _)| *n <= cursor);
        if cursor < self.steps.len() {
            if step.inputs.has_change() {
                // A change after an undo starts a new future: the undone steps are dropped.
                self.steps.truncate(cursor);
                self.stored_inputs = self.steps.iter().map(|s| s.inputs.len()).sum();
            } else {
                // A look around (show, list, probe) keeps the undone steps redoable. At the
                // step limit it is not recorded (it changed nothing, so replay is the same):
                // a session past the limit could not be loaded again.
                if self.steps.len() >= Self::MAX_STEPS {
                    return;
                }
                self.stored_inputs += step.inputs.len();
                self.steps.insert(cursor, step);
                self.cursor = cursor + 1;
                return;
            }
        }
        if self.steps.len() >= Self::MAX_STEPS {
            // Bounded: past the limit, a new step joins the last one (undo then takes both);
            // nothing is dropped, so the saved session still replays exactly.
            if let Some(last) = self.steps.last_mut() {
                self.stored_inputs += step.inputs.len();
                last.inputs.append(&step.inputs);
                last.inputs.compact();
                last.inputs.shrink();
            }
            self.cursor = self.steps.len();
        } else {
            self.stored_inputs += step.inputs.len();
            self.steps.push(step);
            self.cursor = self.steps.len();
        }
        self.compact_old_step();
        if self.commit_checkpoints {
            match self.ahead {
                Some(target) if self.cursor < target => self.checkpoint_toward(target),
                _ => self.maybe_checkpoint(),
            }
        }
    }

    /// Writes the inputs of the step [`Session::TYPED_STEPS`] back as text: the newest steps
    /// keep theirs as applied (a script that never saves never writes them), the older ones
    /// the compact text (see `input_log`). One step a commit keeps every older one compact.
    fn compact_old_step(&mut self) {
        let Some(old) = self.steps.len().checked_sub(Self::TYPED_STEPS + 1) else {
            return;
        };
        if let Some(step) = self.steps.get_mut(old) {
            step.inputs.compact();
            step.inputs.shrink();
        }
    }

    /// Lays a checkpoint when enough steps have passed since the last one.
    fn maybe_checkpoint(&mut self) {
        let last = self.checkpoints.last().map(|(n, _)| *n).unwrap_or(0);
        if self.cursor < last + self.spacing() {
            return;
        }
        self.checkpoints.push((self.cursor, self.world.clone()));
        self.thin_checkpoints();
    }

    /// Lays a checkpoint, if one is due, while a load replays toward step `target`: only
    /// where thinning would keep one (about half the checkpoints spread evenly over the
    /// replay, the other half dense before `target`, where undo goes first). A checkpoint
    /// makes every later write copy what it changes, so laying the hundreds that thinning
    /// would drop again was most of a load's time.
    fn checkpoint_toward(&mut self, target: usize) {
        let spacing = self.spacing();
        let half = Self::MAX_CHECKPOINTS / 2;
        let near = target.saturating_sub(self.cursor) <= spacing * half;
        let stride = (target / half).max(spacing);
        if near || self.cursor % stride < spacing {
            self.maybe_checkpoint();
        }
    }

    /// Steps between checkpoints: constant for small worlds, a little wider for big ones (a
    /// checkpoint costs a pointer per resource), so the cost per step stays bounded.
    fn spacing(&self) -> usize {
        Self::CHECKPOINT_EVERY.max(self.world.resource_count() / Self::RESOURCES_PER_STEP)
    }

    /// Keeps at most as many checkpoints as the budget allows: step 0 always stays; of the
    /// others the one whose loss costs least goes, the cost being the stretch a replay would
    /// then cross divided by its distance from the cursor. So they stay dense where undo and
    /// redo go first and thin out further away (in whole numbers, deterministic).
    fn thin_checkpoints(&mut self) {
        let size = self.world.resource_count().max(1);
        let keep = (Self::CHECKPOINT_BUDGET / size).clamp(2, Self::MAX_CHECKPOINTS);
        while self.checkpoints.len() > keep {
            let at = |i: usize| self.checkpoints[i].0 as u128;
            let end = self.steps.len().max(self.cursor) as u128 + 1;
            let cost = |i: usize| {
                let next = if i + 1 < self.checkpoints.len() {
                    at(i + 1)
                } else {
                    end
                };
                let span = next - at(i - 1);
                let distance = at(i).abs_diff(self.cursor as u128) + 1;
                (span, distance)
            };
            // argmin of span / distance, compared by cross-multiplying.
            let mut best = 1;
            for i in 2..self.checkpoints.len() {
                let ((s1, d1), (s2, d2)) = (cost(i), cost(best));
                if s1 * d2 < s2 * d1 {
                    best = i;
                }
            }
            self.checkpoints.remove(best);
        }
    }

    /// Applies one whole step.
    pub fn step(&mut self, label: &str, input: Input) -> Output {
        self.commit();
        let out = self.apply(label, input);
        self.commit();
        out
    }

    /// Steps (applied and undone).
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// How many steps are applied.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// True if there is a step to undo.
    pub fn can_undo(&self) -> bool {
        self.cursor > 0 || self.open.is_some()
    }

    /// True if there is a step to redo.
    pub fn can_redo(&self) -> bool {
        self.open.is_none() && self.cursor < self.steps.len()
    }

    /// Undoes the last step; false if there was none.
    pub fn undo(&mut self) -> bool {
        self.commit();
        if self.cursor == 0 {
            return false;
        }
        self.jump_to(self.cursor - 1)
    }

    /// Redoes the next undone step; false if there was none.
    pub fn redo(&mut self) -> bool {
        self.commit();
        if self.cursor >= self.steps.len() {
            return false;
        }
        self.jump_to(self.cursor + 1)
    }

    /// Goes to the state after `n` steps (0 = the start); false if `n` is out of range.
    pub fn jump_to(&mut self, n: usize) -> bool {
        self.commit();
        // A jump ends a forward run: commits lay checkpoints at the usual spacing again.
        self.ahead = None;
        if n > self.steps.len() {
            return false;
        }
        let found = self.checkpoints.iter().rposition(|(k, _)| *k <= n);
        let (base, mut world) = match found {
            Some(i) => (self.checkpoints[i].0, self.checkpoints[i].1.clone()),
            None => (0, World::new(self.world.config())),
        };
        // Checkpoints are laid along a long replay, so the next undo (or jump nearby) starts
        // close by instead of replaying the same stretch again.
        let spacing = self.spacing();
        let mut laid = Vec::new();
        for (k, step) in self.steps[base..n].iter().enumerate() {
            for input in step.inputs.iter() {
                world.apply(&input);
            }
            let at = base + k + 1;
            if at < n && (at - base).is_multiple_of(spacing) {
                laid.push((at, world.clone()));
            }
        }
        self.cursor = n;
        if !laid.is_empty() {
            let at = found.map_or(0, |i| i + 1);
            self.checkpoints.splice(at..at, laid);
            self.thin_checkpoints();
        }
        self.world = world;
        self.cursor = n;
        true
    }

    /// The saved form: configuration plus steps (undone steps included, so redo survives).
    pub fn snapshot(&self) -> Snapshot {
        let mut steps = self.steps.clone();
        let mut cursor = self.cursor;
        if let Some(open) = &self.open
            && !open.inputs.is_empty()
        {
            steps.truncate(self.cursor);
            steps.push(open.clone());
            cursor = steps.len();
        }
        Snapshot {
            format: SNAPSHOT_FORMAT.into(),
            config: self.world.config(),
            steps,
            cursor,
        }
    }

    /// The snapshot as JSON text.
    pub fn save(&self) -> String {
        serde_json::to_string(&self.snapshot()).unwrap_or_default()
    }

    /// Rebuilds a session from a snapshot, replaying it.
    pub fn restore(snapshot: Snapshot) -> Result<Session, SnapshotError> {
        if snapshot.format != SNAPSHOT_FORMAT {
            let newer = snapshot
                .format
                .strip_prefix("hcsim-session/")
                .and_then(|v| v.parse::<u32>().ok())
                .is_some_and(|v| v > 1);
            return Err(SnapshotError(if newer {
                alloc::format!(
                    "This session was saved by a newer hcsim ({}); this version reads {SNAPSHOT_FORMAT}. Upgrade hcsim to open it.",
                    snapshot.format
                )
            } else {
                alloc::format!(
                    "This is not an hcsim session (format '{}', expected '{SNAPSHOT_FORMAT}').",
                    crate::id::shorten(&snapshot.format)
                )
            }));
        }
        if snapshot.cursor > snapshot.steps.len() {
            return Err(SnapshotError(alloc::format!(
                "The session is damaged: it says {} steps are applied but holds {}.",
                snapshot.cursor,
                snapshot.steps.len()
            )));
        }
        if snapshot.steps.len() > Self::MAX_STEPS {
            return Err(SnapshotError(alloc::format!(
                "The session has {} steps; the limit is {}.",
                snapshot.steps.len(),
                Self::MAX_STEPS
            )));
        }
        Self::check_input_bounds(&snapshot.steps)?;
        let mut s = Session::new(snapshot.config);
        s.stored_inputs = snapshot.steps.iter().map(|st| st.inputs.len()).sum();
        s.steps = snapshot.steps;
        s.cursor = 0;
        // Replay, laying checkpoints as we go.
        for i in 0..s.steps.len() {
            if i == snapshot.cursor {
                break;
            }
            for input in s.steps[i].inputs.iter() {
                s.world.apply(&input);
            }
            s.cursor = i + 1;
            s.checkpoint_toward(snapshot.cursor);
        }
        Ok(s)
    }

    /// Refuses a snapshot whose steps hold more inputs than a session can replay in time.
    fn check_input_bounds(steps: &[Step]) -> Result<(), SnapshotError> {
        let mut total = 0usize;
        for (i, step) in steps.iter().enumerate() {
            if step.inputs.len() > Self::MAX_STEP_INPUTS {
                return Err(SnapshotError(alloc::format!(
                    "The session is damaged: step {} holds {} inputs; a step holds at most {}.",
                    i + 1,
                    step.inputs.len(),
                    Self::MAX_STEP_INPUTS
                )));
            }
            total += step.inputs.len();
        }
        if total > Self::MAX_INPUTS {
            return Err(SnapshotError(alloc::format!(
                "The session holds {total} inputs; the limit is {}.",
                Self::MAX_INPUTS
            )));
        }
        Ok(())
    }

    /// Parses and restores snapshot JSON text; damaged input is refused with a clear message.
    pub fn load(text: &str) -> Result<Session, SnapshotError> {
        if text.len() > 64 * 1024 * 1024 {
            return Err(SnapshotError(
                "The session file is larger than 64 MB; it is not an hcsim session.".into(),
            ));
        }
        // The format alone first (a newer or foreign file is refused before anything else is
        // built), then the typed snapshot directly: a generic JSON tree of a big file costs
        // many times its size in memory.
        #[derive(Deserialize)]
        struct Head {
            format: Option<serde_json::Value>,
        }
        let head: Head = serde_json::from_str(text).map_err(|e| {
            SnapshotError(alloc::format!(
                "The session is damaged: it is not valid JSON (line {}, column {}: {e}).",
                e.line(),
                e.column()
            ))
        })?;
        if let Some(f) = head.format.as_ref().and_then(serde_json::Value::as_str)
            && f != SNAPSHOT_FORMAT
        {
            return Session::restore(Snapshot {
                format: f.into(),
                config: Config::new(0),
                steps: Vec::new(),
                cursor: 0,
            });
        }
        if let Some(s) = Self::peek(text).and_then(|(c, n)| stream::load(text, c, n)) {
            return Ok(s);
        }
        // The plain path: parse, check, replay (and refuse with the exact reason).
        let snapshot: Snapshot = serde_json::from_str(text)
            .map_err(|e| SnapshotError(alloc::format!("The session is damaged: {e}.")))?;
        Session::restore(snapshot)
    }

    /// The configuration and cursor of a saved session, read before its steps (whatever
    /// the order of its fields) so that its steps can be replayed as they are parsed.
    fn peek(text: &str) -> Option<(Config, usize)> {
        #[derive(Deserialize)]
        struct Peek {
            config: Option<serde_json::Value>,
            cursor: Option<serde_json::Value>,
        }
        let peek: Peek = serde_json::from_str(text).ok()?;
        let config = Config::deserialize(peek.config?).ok()?;
        let cursor = usize::deserialize(peek.cursor?).ok()?;
        Some((config, cursor))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Request;

    /// A served session answers many cheap requests, each leaving an event: the checkpoints
    /// must not copy the whole event log every few steps (the cost per request grew with the
    /// session). Counts the events copied into checkpoints, no timing.
    #[test]
    fn checkpoints_copy_a_bounded_number_of_events_per_step() {
        let mut s = Session::new(Config::new(7));
        let steps = 10_000;
        let mut copied = 0usize;
        let mut last = 0;
        for i in 0..steps {
            // A missing resource: 404, one `RequestRejected` event per step.
            let path = alloc::format!(
                "/subscriptions/{}/resourceGroups/nothere{i}",
                s.world().current_subscription()
            );
            s.step("get", Input::Request(Request::get(&path)));
            let newest = s.checkpoints.last().map_or(0, |(n, _)| *n);
            if newest != last {
                last = newest;
                // Sealed chunks are shared, not copied: a checkpoint copies the open tail
                // and a pointer per chunk.
                let kept = s.world().events().len();
                copied +=
                    kept % crate::events::EventLog::CHUNK + kept / crate::events::EventLog::CHUNK;
            }
        }
        assert!(s.world().events().len() >= steps);
        assert!(
            copied <= 40 * steps,
            "{copied} events copied into checkpoints over {steps} steps"
        );
    }

    /// Undo at step N costs what it undoes: after the first undo, a checkpoint is always
    /// within the spacing below the cursor, so each further undo replays at most that many
    /// steps, however long the session (counts steps, no timing).
    #[test]
    fn undo_replays_a_bounded_number_of_steps_at_any_length() {
        let mut s = Session::new(Config::new(9));
        let sub = alloc::string::String::from(s.world().current_subscription());
        let steps = 2_000;
        for i in 0..steps {
            let rg = alloc::format!("/subscriptions/{sub}/resourceGroups/g{}", i % 300);
            let body =
                serde_json::json!({"location": "eastus", "tags": {"n": alloc::format!("{i}")}});
            s.step("put", Input::Request(Request::put(&rg, body)));
        }
        let hash_at = |n: usize| {
            let mut fresh = Session::load(&s.save()).unwrap();
            fresh.jump_to(n);
            fresh.world().trace_hash()
        };
        let want = hash_at(steps - 200);
        for _ in 0..200 {
            assert!(s.undo());
            let cursor = s.cursor();
            let below = s.checkpoints.iter().rev().find(|(k, _)| *k <= cursor);
            let gap = cursor - below.map_or(0, |(k, _)| *k);
            assert!(gap <= s.spacing(), "{gap} steps to replay at step {cursor}");
            assert!(s.checkpoints.len() <= Session::MAX_CHECKPOINTS);
        }
        assert_eq!(
            s.world().trace_hash(),
            want,
            "undo lands on the same world as a replay"
        );
    }

    /// A batch announced to the session (as the browser's `runMany` announces its lines)
    /// lays a fraction of the checkpoints single steps lay (each makes the writes after it
    /// copy what they change), yet undo from its end replays at most the spacing, and every
    /// undo lands on the world a replay gives. A batch that made fewer steps than announced
    /// is bounded again after its first undo (counts steps, no timing).
    #[test]
    fn an_announced_batch_lays_few_checkpoints_and_undo_stays_bounded() {
        let sub = alloc::string::String::from(
            Session::new(Config::new(3)).world().current_subscription(),
        );
        let put = |s: &mut Session, i: usize| {
            let rg = alloc::format!("/subscriptions/{sub}/resourceGroups/g{}", i % 300);
            let body =
                serde_json::json!({"location": "eastus", "tags": {"n": alloc::format!("{i}")}});
            s.step("put", Input::Request(Request::put(&rg, body)));
        };
        let steps = 4_000;
        for announced in [steps, 3 * steps] {
            let mut s = Session::new(Config::new(3));
            s.expect_steps(announced);
            let (mut laid, mut last) = (0, 0);
            for i in 0..steps {
                put(&mut s, i);
                let newest = s.checkpoints.last().map_or(0, |(n, _)| *n);
                if newest != last {
                    (laid, last) = (laid + 1, newest);
                }
            }
            s.end_expected();
            let single = steps / s.spacing();
            assert!(
                laid * 2 < single,
                "{laid} checkpoints laid, {single} by single steps"
            );
            let fresh = Session::load(&s.save()).unwrap();
            for undo in 0..100 {
                assert!(s.undo());
                let cursor = s.cursor();
                let below = s.checkpoints.iter().rev().find(|(k, _)| *k <= cursor);
                let gap = cursor - below.map_or(0, |(k, _)| *k);
                if announced == steps || undo > 0 {
                    assert!(gap <= s.spacing(), "{gap} steps to replay at step {cursor}");
                }
                assert!(s.checkpoints.len() <= Session::MAX_CHECKPOINTS);
            }
            let mut replayed = fresh;
            replayed.jump_to(steps - 100);
            assert_eq!(s.world().trace_hash(), replayed.world().trace_hash());
        }
    }

    /// Reads that leave no mark are answered without being recorded, even by a full
    /// session; one that leaves a mark is refused there, and the world is as before it.
    #[test]
    fn unmarked_reads_are_not_recorded_and_a_full_session_still_answers_them() {
        let mut s = Session::new(Config::new(8));
        let sub = alloc::string::String::from(s.world().current_subscription());
        let rg = alloc::format!("/subscriptions/{sub}/resourceGroups/rg1");
        let body = serde_json::json!({"location": "eastus"});
        s.step("put", Input::Request(Request::put(&rg, body)));
        let stored = s.stored_inputs;
        for _ in 0..100 {
            let out = s.apply_read("get", Input::Request(Request::get(&rg)));
            assert!(matches!(out, Output::Response(ref r) if r.status == 200));
        }
        s.commit();
        assert_eq!(s.stored_inputs, stored);
        // Fill one step to its bound with reads that leave a mark (404: an event each).
        let missing = alloc::format!("{rg}/providers/Microsoft.HealthcareApis/workspaces/none");
        for _ in 0..Session::MAX_STEP_INPUTS {
            s.apply_read("get", Input::Request(Request::get(&missing)));
        }
        let (hash, events) = (s.world().trace_hash(), s.world().events().len());
        let out = s.apply_read("get", Input::Request(Request::get(&missing)));
        assert!(matches!(out, Output::Refused { ref error } if error.code == "SessionFull"));
        assert_eq!(s.world().trace_hash(), hash);
        assert_eq!(s.world().events().len(), events);
        let out = s.apply_read("get", Input::Request(Request::get(&rg)));
        assert!(matches!(out, Output::Response(ref r) if r.status == 200));
        let loaded = Session::load(&s.save()).unwrap();
        assert_eq!(loaded.world().trace_hash(), s.world().trace_hash());
    }
}
