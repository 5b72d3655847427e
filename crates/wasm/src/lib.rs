//! hcsim-wasm: the browser's door into hcsim. A thin facade over [`hcsim_lab::Lab`]: every
//! method parses its JS arguments, calls the lab (or the core through it) and serializes the
//! answer; it decides nothing. Rules, history and formats live in `hcsim-core` and `hcsim-lab`.
//!
//! - Values go to JS through serde-wasm-bindgen's `json_compatible` serializer: plain objects
//!   and arrays (no `Map`s), numbers (no `BigInt`s).
//! - Failures become JS `Error`s carrying `code`, `rule`, `status` and `explanation`
//!   ([`error::to_js`], the only mapper).
//! - A failed command line is not an exception for [`Simulator::run`]: it is an answer
//!   (`ok: false`) that the console shows. The convenience methods (`advance`, `deploy`, …)
//!   throw instead, because their callers asked for one specific thing.
//! - TypeScript types are generated from [`views`] by tsify.
//!
//! Modules in reading order: [`error`] and [`views`] (leaves, independent of each other), then
//! the [`Simulator`] class here, and `mapping` (the MedTech mapping debugger's methods).

pub mod error;
mod mapping;
pub mod views;

use hcsim_core::{Config, Input, Stage, Timing};
use hcsim_lab::Lab;
use hcsim_lab::scenario::{self, LessonRun, RunOptions, Scenario};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use error::{Failure, JsResult, fail, to_js};
use hcsim_lab::view::{self, CommandLine, LessonProgress};
use views::{
    Details, EquivalentsView, EventView, FaultView, GoalView, LessonInfo, LessonView, RunResult,
    SeedValue, SimulatorOptions, StateView, StepView, Timeline, TreeNode,
};

/// The scenario report is the `hcsim-report/1` contract of SCENARIOS.md, the same JSON that
/// `hcsim run --json` prints (snake_case, like the CLI); it is a lab type, so its TypeScript
/// shape is declared here from that contract.
#[wasm_bindgen(typescript_custom_section)]
const REPORT_TS: &str = r#"
/** `runScenario`: the `hcsim-report/1` JSON of SCENARIOS.md (the same as `hcsim run --json`). */
export interface ScenarioReport {
  format: "hcsim-report/1";
  scenario: string;
  seed: number;
  passed: boolean;
  expectations: { met: number; failed: number };
  steps: Array<{ index: number; input: string; ok: boolean; status: number | null;
    code: string | null; rule: string | null; expectation: "met" | "failed" | "none";
    message: string; time_ms: number; phase?: string }>;
  trace_hash: string;
  goal?: { met: boolean; solution_shown: boolean; status: string;
    checks: Array<{ description: string; met: boolean; message: string }>; extras: string[] };
}
"#;

/// Seeds drawn at random stay below 2^53 so they print, share and round-trip as JS numbers.
const RANDOM_SEED_MASK: u64 = (1 << 53) - 1;

/// The file names the template helpers give the editor's text inside the lab.
const TEMPLATE_FILE: &str = "editor-template.json";
/// The same for Bicep text (az compiles a `.bicep` file first).
const BICEP_TEMPLATE_FILE: &str = "editor-template.bicep";
const PARAMETERS_FILE: &str = "editor-parameters.json";

/// Serializes a value for JS (plain objects, numbers, `null` for `None`).
fn to_value<T: Serialize>(v: &T) -> JsResult<JsValue> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| to_js(Failure::new("SerializationFailed", e.to_string())))
}

/// Refuses a value that is not one word where the JS API promises one (`BadArgument`): a
/// duration or a group name with a space or `;` is a caller's mistake worth an exception. The
/// lines themselves are built with the lab's [`CommandLine`], which quotes every value.
fn one_word(what: &str, value: &str) -> JsResult<()> {
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

/// One simulator session for the page: a [`Lab`], and the lesson being played, if any (the
/// lab's [`LessonProgress`]: its goal is checked against the live world, so it survives undo,
/// jumps and reloads, `resumeLesson`).
#[wasm_bindgen]
pub struct Simulator {
    lab: Lab,
    lesson: Option<LessonProgress>,
}

/// A seed from JS: `undefined`/`null` (none), a safe integer, a BigInt or a decimal string.
fn seed_from(value: JsValue) -> JsResult<Option<u64>> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    match serde_wasm_bindgen::from_value::<SeedValue>(value) {
        Ok(SeedValue::Number(n)) => Ok(Some(n)),
        Ok(SeedValue::Text(t)) if t.trim().is_empty() => Ok(None),
        Ok(SeedValue::Text(t)) => t.trim().parse().map(Some).or_else(|_| {
            fail(
                "BadOptions",
                format!("seed must be a whole number, not {t:?}"),
            )
        }),
        Err(e) => fail("BadOptions", format!("seed must be a whole number: {e}")),
    }
}

/// A random seed below 2^53.
fn random_seed() -> JsResult<u64> {
    match getrandom::u64() {
        Ok(n) => Ok(n & RANDOM_SEED_MASK),
        Err(e) => fail("NoRandomness", format!("no random seed available: {e}")),
    }
}

/// A built-in scenario or lesson, parsed.
fn builtin_scenario(name: &str) -> JsResult<(scenario::Builtin, Scenario)> {
    let Some(b) = scenario::builtin(name) else {
        let names: Vec<&str> = scenario::builtins().iter().map(|b| b.name).collect();
        return fail(
            "UnknownLesson",
            format!(
                "There is no built-in lesson '{name}'. Built-ins: {}",
                names.join(", ")
            ),
        );
    };
    let s = scenario::parse_scenario(b.text, b.name)
        .map_err(|e| to_js(Failure::new("InvalidScenario", e.to_string())))?;
    Ok((b, s))
}

#[wasm_bindgen]
impl Simulator {
    /// `new Simulator({seed?, timing?, stage?})`. Without a seed, a random one is drawn
    /// (`state().seed` tells which, so the run can be reproduced).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "SimulatorOptions | undefined")] options: JsValue,
    ) -> JsResult<Simulator> {
        let opts: SimulatorOptions = if options.is_undefined() || options.is_null() {
            SimulatorOptions::default()
        } else {
            serde_wasm_bindgen::from_value(options)
                .map_err(|e| to_js(Failure::new("BadOptions", e.to_string())))?
        };
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
        Ok(Simulator {
            lab: Lab::new(config),
            lesson: None,
        })
    }

    /// Runs one line (`az …`, `sim …`, several joined by `;`). A failed command is an answer
    /// (`ok: false` with `code`, `rule`, `explanation`), not an exception.
    #[wasm_bindgen(unchecked_return_type = "RunResult")]
    pub fn run(&mut self, line: &str) -> JsResult<JsValue> {
        to_value(&RunResult::of(&self.lab.run(line)))
    }

    /// The world at a glance: clock, stage, principal, seed, faults and the resource tree.
    #[wasm_bindgen(unchecked_return_type = "StateView")]
    pub fn state(&self) -> JsResult<JsValue> {
        let w = self.lab.world();
        let session = self.lab.session();
        let view = StateView {
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
            faults: w.faults().map(FaultView::of).collect(),
            tree: view::node::tree(w).iter().map(TreeNode::of).collect(),
        };
        to_value(&view)
    }

    /// Events with `seq >= since` (the most recent ones the world keeps).
    #[wasm_bindgen(unchecked_return_type = "EventView[]")]
    pub fn events(&self, since: Option<f64>) -> JsResult<JsValue> {
        let since = since.unwrap_or(0.0).max(0.0) as u64;
        let events: Vec<EventView> = self
            .lab
            .world()
            .events_since(since)
            .iter()
            .map(EventView::of)
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

    /// The timeline: every step, applied or undone.
    #[wasm_bindgen(unchecked_return_type = "Timeline")]
    pub fn steps(&self) -> JsResult<JsValue> {
        let s = self.lab.session();
        let cursor = s.cursor();
        let steps = s
            .steps()
            .iter()
            .enumerate()
            .map(|(index, st)| StepView {
                index,
                label: st.label.clone(),
                applied: index < cursor,
                changes: st.inputs.iter().any(Input::is_change),
            })
            .collect();
        to_value(&Timeline { cursor, steps })
    }

    /// The session as text (seed + input log), for storage, files and share links.
    pub fn save(&self) -> String {
        self.lab.save()
    }

    /// A simulator from `save()`'s text. A damaged or unknown text throws `DamagedSession`.
    pub fn load(saved: &str) -> JsResult<Simulator> {
        Lab::load(saved)
            .map(|lab| Simulator { lab, lesson: None })
            .map_err(|e| to_js(Failure::new("DamagedSession", e.0)))
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

    /// The request a write line would send, in az, PowerShell, Terraform, Bicep and ARM,
    /// without changing this session (the line runs on a replayed copy). `null` for lines
    /// that send no write.
    #[wasm_bindgen(unchecked_return_type = "EquivalentsView | null")]
    pub fn equivalents(&self, line: &str) -> JsResult<JsValue> {
        let mut copy =
            Lab::load(&self.lab.save()).map_err(|e| to_js(Failure::new("DamagedSession", e.0)))?;
        let out = copy.run(line);
        to_value(
            &out.equivalents
                .as_ref()
                .map(|e| EquivalentsView::of(line, e)),
        )
    }

    /// Makes a file available to commands (`--template-file PATH`, `--parameters @PATH`).
    #[wasm_bindgen(js_name = addFile)]
    pub fn add_file(&mut self, path: &str, text: String) {
        self.lab.add_file(path, text);
    }

    /// `az deployment group what-if` of the editor's template (and parameters JSON, if any)
    /// into `resourceGroup`. Throws if the command fails.
    #[wasm_bindgen(js_name = whatIf, unchecked_return_type = "RunResult")]
    pub fn what_if(
        &mut self,
        template: String,
        parameters: Option<String>,
        #[wasm_bindgen(js_name = resourceGroup)] resource_group: &str,
    ) -> JsResult<JsValue> {
        let line = self.deployment_line("what-if", template, parameters, resource_group, None)?;
        self.run_or_throw(&line)
    }

    /// `az deployment group create` of the editor's template into `resourceGroup` (mode
    /// `Incremental` unless `"Complete"`). Throws if the deployment fails.
    pub fn deploy(
        &mut self,
        template: String,
        parameters: Option<String>,
        #[wasm_bindgen(js_name = resourceGroup)] resource_group: &str,
        mode: Option<String>,
    ) -> JsResult<JsValue> {
        let line = self.deployment_line("create", template, parameters, resource_group, mode)?;
        self.run_or_throw(&line)
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
                description: scenario::parse_scenario(b.text, b.name)
                    .ok()
                    .and_then(|s| s.description),
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

    /// The JSON text of a built-in scenario or lesson (to read, copy or run with
    /// `runScenario`).
    #[wasm_bindgen(js_name = builtinText)]
    pub fn builtin_text(name: &str) -> JsResult<String> {
        builtin_scenario(name).map(|(b, _)| b.text.to_string())
    }

    /// Starts a built-in lesson: the session is replaced by a new one (the lesson's seed, or
    /// this session's when the file has none) with the lesson's setup applied.
    #[wasm_bindgen(js_name = startLesson, unchecked_return_type = "LessonView")]
    pub fn start_lesson(&mut self, name: &str) -> JsResult<JsValue> {
        let (b, s) = builtin_scenario(name)?;
        let seed = s.seed_or(None, || self.lab.world().config().seed);
        let lab = &self.lab;
        let run = LessonRun::start(s.clone(), seed, &|p: &str| lab.read_file(p));
        self.lab = run.into_lab();
        self.lesson = Some(LessonProgress::new(b.name, s));
        self.lesson()
    }

    /// Attaches a built-in lesson to the current session without replaying its setup (a
    /// reloaded page resumes the lesson it was playing).
    #[wasm_bindgen(js_name = resumeLesson, unchecked_return_type = "LessonView")]
    pub fn resume_lesson(
        &mut self,
        name: &str,
        #[wasm_bindgen(js_name = solutionShown)] solution_shown: bool,
    ) -> JsResult<JsValue> {
        let (b, s) = builtin_scenario(name)?;
        self.lesson = Some(LessonProgress::resume(b.name, s, solution_shown));
        self.lesson()
    }

    /// The lesson being played, or `null`.
    #[wasm_bindgen(unchecked_return_type = "LessonView | null")]
    pub fn lesson(&self) -> JsResult<JsValue> {
        to_value(&self.lesson.as_ref().map(|l| LessonView::of(l.summary())))
    }

    /// Reveals the lesson's next hint (hints never count against the trainee) and returns the
    /// lesson, whose `hintsShown` says how many are revealed. Throws `NoLesson` outside a lesson.
    #[wasm_bindgen(js_name = revealHint, unchecked_return_type = "LessonView")]
    pub fn reveal_hint(&mut self) -> JsResult<JsValue> {
        let Some(l) = &mut self.lesson else {
            return fail("NoLesson", "No lesson is being played: start one first.");
        };
        l.reveal_hint();
        self.lesson()
    }

    /// Checks the lesson's goal against the world now. Throws `NoLesson` outside a lesson.
    #[wasm_bindgen(js_name = checkGoal, unchecked_return_type = "GoalView")]
    pub fn check_goal(&self) -> JsResult<JsValue> {
        let Some(l) = &self.lesson else {
            return fail("NoLesson", "No lesson is being played: start one first.");
        };
        to_value(&GoalView::of(&l.check(self.lab.world())))
    }

    /// Reveals the solution's command lines (and remembers that it was shown).
    #[wasm_bindgen(js_name = showSolution)]
    pub fn show_solution(&mut self) -> JsResult<Vec<String>> {
        let Some(l) = &mut self.lesson else {
            return fail("NoLesson", "No lesson is being played: start one first.");
        };
        Ok(l.show_solution())
    }

    /// Stops playing the lesson; the session stays as it is.
    #[wasm_bindgen(js_name = leaveLesson)]
    pub fn leave_lesson(&mut self) {
        self.lesson = None;
    }

    /// Plays a scenario file (`hcsim-scenario/1` text) on a fresh session, as `hcsim run`
    /// does (a lesson with its solution), and returns the `hcsim-report/1` report. The seed
    /// is `seed`, else the file's, else random. Throws `InvalidScenario` for a bad file.
    #[wasm_bindgen(js_name = runScenario, unchecked_return_type = "ScenarioReport")]
    pub fn run_scenario(
        &self,
        text: &str,
        #[wasm_bindgen(unchecked_param_type = "number | string | bigint | undefined")]
        seed: JsValue,
    ) -> JsResult<JsValue> {
        let s = scenario::parse_scenario(text, "scenario.json")
            .map_err(|e| to_js(Failure::new("InvalidScenario", e.to_string())))?;
        let seed = match seed_from(seed)?.or(s.seed) {
            Some(n) => n,
            None => random_seed()?,
        };
        let opts = RunOptions {
            seed: Some(seed),
            play_solution: true,
        };
        let report = scenario::run_scenario(&s, &opts, &|p: &str| self.lab.read_file(p));
        to_value(&report)
    }
}

impl Simulator {
    /// Runs a line the facade built for a convenience method; a failure throws.
    fn run_or_throw(&mut self, line: &str) -> JsResult<JsValue> {
        let out = self.lab.run(line);
        if out.ok {
            to_value(&RunResult::of(&out))
        } else {
            Err(to_js(Failure::from_outcome(&out)))
        }
    }

    /// The `az deployment group VERB` line for the editor's text (stored as lab files).
    fn deployment_line(
        &mut self,
        verb: &str,
        template: String,
        parameters: Option<String>,
        resource_group: &str,
        mode: Option<String>,
    ) -> JsResult<String> {
        one_word("resourceGroup", resource_group)?;
        // The editor takes JSON or Bicep: the language is told by the content (a JSON
        // template starts with `{`), and the file name tells az which one it is.
        let file = if hcsim_lab::bicep::looks_like_bicep(&template) {
            BICEP_TEMPLATE_FILE
        } else {
            TEMPLATE_FILE
        };
        self.lab.add_file(file, template);
        let mut line = CommandLine::new(&format!("az deployment group {verb}"))
            .opt("--resource-group", resource_group)
            .opt("--template-file", file);
        if let Some(p) = parameters.filter(|p| !p.trim().is_empty()) {
            self.lab.add_file(PARAMETERS_FILE, p);
            line = line.opt("--parameters", &format!("@{PARAMETERS_FILE}"));
        }
        if let Some(m) = mode {
            one_word("mode", &m)?;
            line = line.opt("--mode", &m);
        }
        Ok(line.into_string())
    }
}
