//! hcsim-wasm: the browser's door into hcsim. A thin facade over [`hcsim_lab::Lab`]: every
//! method parses its JS arguments, calls the lab (or the core through it) and serializes the
//! answer; it decides nothing. Rules, history and formats live in `hcsim-core` and `hcsim-lab`.
//!
//! - Values go to JS as JSON text parsed by the browser (`JSON.parse`, one call): plain objects
//!   and arrays (no `Map`s), numbers (no `BigInt`s).
//! - Failures become JS `Error`s carrying `code`, `rule`, `status` and `explanation`
//!   ([`error::to_js`], the only mapper).
//! - A failed command line is not an exception for [`Simulator::run`]: it is an answer
//!   (`ok: false`) that the console shows. The convenience methods (`advance`, `deploy`, …)
//!   throw instead, because their callers asked for one specific thing.
//! - TypeScript types are generated from [`views`] by tsify.
//!
//! - Two builds of this crate serve the page: the start module (no `full` feature) and the
//!   full module (`full`, the default), loaded on first use of what only it has ([`full`]).
//!
//! Modules in reading order: [`error`] and [`views`] (leaves, independent of each other),
//! `options` (the page's option objects), `tree` (the tree panel's rows), then the [`Simulator`] class here, then [`full`]
//! (more methods of it); [`course`] (the `Course` class: course packs and progress exports,
//! full module only), [`create`] (the portal-style create form; the form itself in the full
//! module), `diagram` (the diagram and the operations timeline) and `mapping` (the MedTech
//! mapping debugger's methods), both full module only, add to it.

#[cfg(feature = "full")]
pub mod course;
pub mod create;
#[cfg(feature = "full")]
mod diagram;
pub mod error;
#[cfg(feature = "full")]
pub mod full;
#[cfg(feature = "full")]
mod mapping;
mod options;
mod tree;
pub mod views;

#[cfg(feature = "full")]
use core::cell::RefCell;

use hcsim_core::{Config, Stage, Timing};
use hcsim_lab::scenario;
#[cfg(feature = "full")]
use hcsim_lab::view::LessonProgress;
use hcsim_lab::{EquivalentsMode, Lab};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use error::{Failure, JsResult, fail, to_js};
use hcsim_lab::view::{self, CommandLine};
use views::{
    Details, EventView, FaultView, LessonInfo, RunManySummary, RunResult, SeedValue, StateView,
    TimelineSummary,
};

/// Seeds drawn at random stay below 2^53 so they print, share and round-trip as JS numbers.
pub(crate) const RANDOM_SEED_MASK: u64 = (1 << 53) - 1;

/// Serializes a value for JS (plain objects, numbers, `null` for `None`): as JSON text that
/// the browser's `JSON.parse` turns into objects in one call. Building the objects field by
/// field across the wasm boundary (serde-wasm-bindgen) costs far more for a large tree.
pub(crate) fn to_value<T: Serialize>(v: &T) -> JsResult<JsValue> {
    let text = serde_json::to_string(v)
        .map_err(|e| to_js(Failure::new("SerializationFailed", e.to_string())))?;
    js_sys::JSON::parse(&text).map_err(|_| {
        to_js(Failure::new(
            "SerializationFailed",
            "JSON.parse refused the answer",
        ))
    })
}

/// A built-in's description (the full build reads its file; the start module has the
/// library's catalog only, and the lessons list does not show descriptions).
fn description(b: &scenario::Builtin) -> Option<String> {
    #[cfg(feature = "full")]
    return scenario::parse_scenario(b.text, b.name)
        .ok()
        .and_then(|s| s.description);
    #[cfg(not(feature = "full"))]
    {
        let _ = b;
        None
    }
}

/// Why the start module does not open a session: it needs the template engine or the data
/// plane, which the full module has.
#[cfg(not(feature = "full"))]
const DATA_PLANE_SESSION: &str =
    "This session deployed templates or used the data plane: it opens in the full module.";

/// Whether a session's history holds an input only the full module runs: a request that needs
/// the template engine, a FHIR call or device messages (a build without them could not replay
/// that step as the full build does).
#[cfg(not(feature = "full"))]
fn needs_full_module(lab: &Lab) -> bool {
    use hcsim_core::Input;
    use hcsim_core::id::ArmPath;
    use hcsim_core::providers::deployments::needs_engine;
    lab.session()
        .steps()
        .iter()
        .flat_map(|s| s.inputs.iter())
        .any(|i| match i {
            Input::Request(r) => ArmPath::parse(&r.path).is_ok_and(|p| needs_engine(&r.method, &p)),
            Input::Fhir(_) | Input::DeviceMessages { .. } => true,
            _ => false,
        })
}

/// Refuses a value that is not one word where the JS API promises one (`BadArgument`): a
/// duration or a group name with a space or `;` is a caller's mistake worth an exception. The
/// lines themselves are built with the lab's [`CommandLine`], which quotes every value.
pub(crate) fn one_word(what: &str, value: &str) -> JsResult<()> {
    if value.is_empty()
        || value
            .chars()
            .any(|c| c.is_whitespace() || c == ';' || c.is_control() || c == '"' || c == '\'')
    {
        return fail(
            "BadArgument",
            format!("{what} must be one word without spaces or quotes, not {value:?}"),
        );
    }
    Ok(())
}

/// One simulator session for the page: a [`Lab`], and (full build) the lesson being played, if any (the
/// lab's [`LessonProgress`]: its goal is checked against the live world, so it survives undo,
/// jumps and reloads, `resumeLesson`).
#[wasm_bindgen]
pub struct Simulator {
    lab: Lab,
    #[cfg(feature = "full")]
    lesson: Option<LessonProgress>,
    /// The tree as last built (`state`, `stateUpdate`: full module only, as the start page
    /// draws the tree from `treeRows`).
    #[cfg(feature = "full")]
    tree: RefCell<full::TreeCache>,
}

#[wasm_bindgen]
impl Simulator {
    /// `new Simulator({seed?, timing?, stage?})`. Without a seed, a random one is drawn
    /// (`state().seed` tells which, so the run can be reproduced).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "SimulatorOptions | undefined")] options: JsValue,
    ) -> JsResult<Simulator> {
        let opts = options::options_from(&options)?;
        let seed = match opts.seed {
            Some(SeedValue::Number(n)) => n,
            Some(SeedValue::Text(t)) => match t.trim().parse::<u64>() {
                Ok(n) => n,
                Err(_) => {
                    return fail(
                        "BadOptions",
                        format!("seed must be a whole number, not {t:?}"),
                    );
                }
            },
            None => match getrandom::u64() {
                Ok(n) => n & RANDOM_SEED_MASK,
                Err(e) => return fail("NoRandomness", format!("no random seed available: {e}")),
            },
        };
        let mut config = Config::new(seed);
        config.timing = opts.timing.unwrap_or(Timing::Realistic);
        config.stage = opts.stage.unwrap_or(Stage::Ga);
        Ok(Simulator::of(Lab::new(config)))
    }

    /// Runs one line (`az …`, `sim …`, several joined by `;`). A failed command is an answer
    /// (`ok: false` with `code`, `rule`, `explanation`), not an exception.
    #[wasm_bindgen(unchecked_return_type = "RunResult")]
    pub fn run(&mut self, line: &str) -> JsResult<JsValue> {
        let out = self.lab.run(line);
        to_value(&self.result_of(&out))
    }

    /// The world at a glance without the resource tree: clock, stage, principal, seed,
    /// faults; `tree` is `[]` and `treeRevision` that of the last tree sent by `state()` or
    /// `stateUpdate()` (full module only; 0 in the start module, which has neither). The tree
    /// panel asks [`Simulator::tree_rows`] for the rows it draws, so a change at 10k resources
    /// does not rebuild and send 10k nodes.
    #[wasm_bindgen(js_name = stateSummary, unchecked_return_type = "StateView")]
    pub fn state_summary(&self) -> JsResult<JsValue> {
        #[cfg(feature = "full")]
        let revision = self.tree_revision();
        #[cfg(not(feature = "full"))]
        let revision = 0;
        to_value(&self.state_base(revision))
    }

    /// The rows the tree panel draws, each node before its children: the nodes under open
    /// ones (`open`, `closed`: lower-cased ids the user expanded or collapsed, one a line; any
    /// other node is open when less than 3 deep with at most 50 children), at most 200
    /// children of one node (`more` counts the rest). With a `filter` (lower-cased), the nodes
    /// whose label, name or id holds it and their ancestors, all open.
    #[wasm_bindgen(js_name = treeRows, unchecked_return_type = "TreeRow[]")]
    pub fn tree_rows(&self, filter: &str, open: &str, closed: &str) -> JsResult<JsValue> {
        let wanted = tree::Wanted {
            filter,
            open,
            closed,
        };
        to_value(&tree::rows(self.lab.world(), &wanted))
    }

    /// Runs many lines (a trainer's setup, a test filling 10k resources) and answers with a
    /// summary: no per-line output crosses into JS, and equivalents are rendered for the first
    /// failure only (the one line the summary shows). Each line is its own step, as with `run`.
    #[wasm_bindgen(js_name = runMany, unchecked_return_type = "RunManySummary")]
    pub fn run_many(&mut self, lines: Vec<String>) -> JsResult<JsValue> {
        self.run_batch(lines.iter().map(String::as_str), lines.len())
    }

    /// `runMany` of the lines of one text (separated by `\n`): the batch crosses into wasm as
    /// one string instead of one string per line (at 10k lines, 10k crossings and
    /// allocations). A line holding a newline cannot be passed this way (`runMany` takes it).
    #[wasm_bindgen(js_name = runLines, unchecked_return_type = "RunManySummary")]
    pub fn run_lines(&mut self, text: &str) -> JsResult<JsValue> {
        let count = text.bytes().filter(|b| *b == b'\n').count() + 1;
        self.run_batch(text.split('\n'), count)
    }

    /// Events with `seq >= since` (the most recent ones the world keeps).
    #[wasm_bindgen(unchecked_return_type = "EventView[]")]
    pub fn events(&self, since: Option<f64>) -> JsResult<JsValue> {
        let since = since.unwrap_or(0.0).max(0.0) as u64;
        let world = self.lab.world();
        // Summaries read with ids relative to the current subscription (the lab's names);
        // `data` keeps the full ids.
        let scope = view::names::current_scope(world);
        let events: Vec<EventView> = world
            .events_since(since)
            .iter()
            .map(|e| {
                let mut v = EventView::of(e);
                v.summary = view::names::shorten_ids(&v.summary, &scope);
                v
            })
            .collect();
        to_value(&events)
    }

    /// Moves virtual time forward (`"90s"`, `"10m"`, `"2h"`, `"1d"`, `"PT10M"`), as
    /// `sim advance` does. Throws if the duration is not one.
    #[wasm_bindgen(unchecked_return_type = "RunResult")]
    pub fn advance(&mut self, duration: &str) -> JsResult<JsValue> {
        one_word("duration", duration)?;
        self.run_or_throw(CommandLine::new("sim advance").arg(duration).as_str())
    }

    /// Undoes the last line that changed something; returns its label, or `null` when there
    /// is nothing to undo.
    pub fn undo(&mut self) -> Option<String> {
        self.lab.undo()
    }

    /// Redoes the next undone line that changes something; its label, or `null`.
    pub fn redo(&mut self) -> Option<String> {
        self.lab.redo()
    }

    /// Shows the state after `step` steps (0 = the start). Later steps stay for `redo`.
    #[wasm_bindgen(js_name = jumpTo)]
    pub fn jump_to(&mut self, step: usize) -> JsResult<()> {
        if self.lab.jump_to(step) {
            Ok(())
        } else {
            fail(
                "StepOutOfRange",
                format!(
                    "There is no step {step}: the timeline has {} steps.",
                    self.lab.session().steps().len()
                ),
            )
        }
    }

    /// The timeline at a glance (`steps()` without the steps): the cursor, the number of
    /// steps, the last applied step's label and whether undo and redo have anything to do.
    #[wasm_bindgen(js_name = timelineSummary, unchecked_return_type = "TimelineSummary")]
    pub fn timeline_summary(&self) -> JsResult<JsValue> {
        let s = self.lab.session();
        let cursor = s.cursor();
        let steps = s.steps();
        let changes = |st: &hcsim_core::Step| st.inputs.has_change();
        let (applied, undone) = steps.split_at(cursor.min(steps.len()));
        to_value(&TimelineSummary {
            cursor,
            step_count: steps.len(),
            label: applied.last().map(|st| st.label.clone()),
            can_undo: applied.iter().any(changes),
            can_redo: undone.iter().any(changes),
        })
    }

    /// The session as text (seed + input log), for storage, files and share links.
    pub fn save(&self) -> String {
        self.lab.save()
    }

    /// A simulator from `save()`'s text. A damaged or unknown text throws `DamagedSession`.
    /// The start module throws `NotInThisBuild` for a session with template deployments or
    /// data-plane inputs (FHIR calls, device messages): the page loads it into the full module.
    pub fn load(saved: &str) -> JsResult<Simulator> {
        let lab = Lab::load(saved).map_err(|e| {
            // The start module does not read data-plane inputs (their readers are in the
            // full module): the core says so with `NotInThisBuild` in its message.
            #[cfg(not(feature = "full"))]
            if e.0.contains(hcsim_lab::NOT_IN_THIS_BUILD) {
                return to_js(Failure::new(
                    hcsim_lab::NOT_IN_THIS_BUILD,
                    DATA_PLANE_SESSION,
                ));
            }
            to_js(Failure::new("DamagedSession", e.0))
        })?;
        #[cfg(not(feature = "full"))]
        if needs_full_module(&lab) {
            return fail(hcsim_lab::NOT_IN_THIS_BUILD, DATA_PLANE_SESSION);
        }
        Ok(Simulator::of(lab))
    }

    /// The rolling hash over every event so far (16 hex digits); same seed and inputs give the
    /// same hash natively and in the browser.
    #[wasm_bindgen(js_name = traceHash)]
    pub fn trace_hash(&self) -> String {
        self.lab.world().trace_hash_hex()
    }

    /// One resource in depth: ARM JSON, effective settings and their source, what is allowed
    /// now and why not. Throws `ResourceNotFound` for an unknown id.
    #[wasm_bindgen(unchecked_return_type = "Details")]
    pub fn details(&self, id: &str) -> JsResult<JsValue> {
        match view::Details::of(self.lab.world(), id) {
            Some(d) => to_value(&Details::of(d)),
            None => fail(
                "ResourceNotFound",
                format!("The resource '{id}' was not found."),
            ),
        }
    }

    /// Completion candidates for a partly typed line.
    pub fn completions(&self, prefix: &str) -> Vec<String> {
        self.lab.completions(prefix)
    }

    /// The files made available with `addFile`, as `[path, text]` pairs (the page hands them
    /// over when it moves the session into the full module).
    pub fn files(&self) -> Vec<js_sys::Array> {
        self.lab
            .files()
            .map(|(p, t)| js_sys::Array::of2(&JsValue::from_str(p), &JsValue::from_str(t)))
            .collect()
    }

    /// Makes a file available to commands (`--template-file PATH`, `--parameters @PATH`).
    #[wasm_bindgen(js_name = addFile)]
    pub fn add_file(&mut self, path: &str, text: String) {
        self.lab.add_file(path, text);
    }

    /// The built-in library: lessons and scenarios, in order.
    #[wasm_bindgen(unchecked_return_type = "LessonInfo[]")]
    pub fn lessons(&self) -> JsResult<JsValue> {
        let list: Vec<LessonInfo> = scenario::builtins()
            .iter()
            .map(|b| LessonInfo {
                name: b.name.into(),
                kind: b.kind.as_str().into(),
                title: b.title.into(),
                description: description(b),
            })
            .collect();
        to_value(&list)
    }

    /// A command line: `command` (written by the page: `"sim fault add"`) followed by `args`,
    /// each quoted by the lab's one policy, so the tokenizer gives every value back unchanged
    /// (`commandLine("sim fault add", ["region-outage", "--target", id])`).
    #[wasm_bindgen(js_name = commandLine)]
    pub fn command_line(command: &str, args: Vec<String>) -> String {
        args.iter()
            .fold(CommandLine::new(command), |line, a| line.arg(a))
            .into_string()
    }
}

impl Simulator {
    /// A facade over `lab`, with no lesson and no tree sent yet.
    fn of(lab: Lab) -> Simulator {
        Simulator {
            lab,
            #[cfg(feature = "full")]
            lesson: None,
            #[cfg(feature = "full")]
            tree: RefCell::new(full::TreeCache::default()),
        }
    }

    /// The state view without the tree (`tree` empty), at tree revision `tree_revision`.
    fn state_base(&self, tree_revision: u32) -> StateView {
        let w = self.lab.world();
        let session = self.lab.session();
        StateView {
            clock_ms: w.now().0,
            clock: w.now().to_string(),
            timing: w.timing().as_str().into(),
            stage: w.stage().as_str().into(),
            principal: w.acting().into(),
            subscription: w.current_subscription().into(),
            seed: w.config().seed.to_string(),
            resource_count: w.resource_count(),
            trace_hash: w.trace_hash_hex(),
            cursor: session.cursor(),
            step_count: session.steps().len(),
            next_event_seq: w.events().last().map_or(0, |e| e.seq + 1),
            faults: w
                .faults()
                .map(|f| {
                    // A targeted fault's scope reads relative to the current subscription.
                    let mut v = FaultView::of(f);
                    v.scope = view::names::shorten_ids(&v.scope, &view::names::current_scope(w));
                    v
                })
                .collect(),
            tree_revision,
            tree: Vec::new(),
            busy: tree::anything_busy(w),
        }
    }

    /// What `run` answers for the last line's outcome `out`. In the start module, which
    /// renders no equivalents, it names the step the line's write was recorded in
    /// (`equivalentsStep`): the full module renders them from it.
    fn result_of(&self, out: &hcsim_lab::Outcome) -> RunResult {
        #[cfg_attr(feature = "full", allow(unused_mut))]
        let mut result = RunResult::of(out);
        #[cfg(not(feature = "full"))]
        {
            let wrote = self.lab.line_wrote();
            let cursor = self.lab.session().cursor();
            result.equivalents_step = (wrote && cursor > 0).then(|| cursor - 1);
        }
        result
    }

    /// Runs a batch of `count` lines (`runMany`, `runLines`) and answers with its summary.
    /// The history is told of the batch beforehand, so it lays only the checkpoints it keeps
    /// at its end (`Lab::expect_lines`).
    fn run_batch<'a>(
        &mut self,
        lines: impl Iterator<Item = &'a str>,
        count: usize,
    ) -> JsResult<JsValue> {
        let mut summary = RunManySummary {
            ran: 0,
            failed: 0,
            first_failure: None,
        };
        self.lab.expect_lines(count);
        for line in lines {
            let first = summary.first_failure.is_none();
            let out = self.run_in_batch(line, first);
            summary.ran += 1;
            if !out.ok {
                summary.failed += 1;
                if first {
                    summary.first_failure = Some(self.result_of(&out));
                }
            }
        }
        self.lab.end_lines();
        to_value(&summary)
    }

    /// Runs one line of `runMany`. The batch shows no line's equivalents, only its first
    /// failure, so a one-command line runs without rendering them (in the browser, a quarter
    /// of a write line's time) and a failure gets them afterwards, as `run` would have given
    /// them (`wanted`: it is the first failure). A `;`-joined line runs as `run` does.
    fn run_in_batch(&mut self, line: &str, wanted: bool) -> hcsim_lab::Outcome {
        // The start module renders none in any case (`result_of` names the step instead).
        if !cfg!(feature = "full") || line.contains(';') {
            return self.lab.run(line);
        }
        self.lab.set_equivalents(EquivalentsMode::Deferred);
        let mut out = self.lab.run(line);
        self.lab.set_equivalents(EquivalentsMode::Render);
        if !out.ok && wanted && out.equivalents.is_none() {
            out.equivalents = self.lab.last_write_equivalents(line);
        }
        out
    }

    /// Runs a line the facade built for a convenience method; a failure throws.
    fn run_or_throw(&mut self, line: &str) -> JsResult<JsValue> {
        let out = self.lab.run(line);
        if out.ok {
            to_value(&RunResult::of(&out))
        } else {
            Err(to_js(Failure::from_outcome(&out)))
        }
    }
}
