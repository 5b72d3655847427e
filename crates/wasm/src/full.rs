//! What the browser's full module adds to the start module (the `full` feature, on by
//! default): the template editor's what-if and deploy (the template engine and the Bicep
//! compiler behind `az deployment group`), the built-in lessons and scenarios (their texts,
//! parser and runner). The page starts with the smaller module and moves its session into the
//! full one (the same save text, replayed) on the first use of any of these
//! (`web/src/state.js`, `upgrade`); the methods here are simply absent from the start module.

use hcsim_core::Input;
use hcsim_lab::Lab;
use hcsim_lab::scenario::{self, LessonRun, RunOptions, Scenario};
use hcsim_lab::view::{CommandLine, LessonProgress};
use wasm_bindgen::prelude::*;

use crate::error::{Failure, JsResult, fail, to_js};
use crate::views::{
    EquivalentsView, GoalView, LessonView, SeedValue, StepView, Timeline, TreeNode,
};
use crate::{RANDOM_SEED_MASK, Simulator, one_word, to_value};

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

/// The file names the template helpers give the editor's text inside the lab.
const TEMPLATE_FILE: &str = "editor-template.json";
/// The same for Bicep text (az compiles a `.bicep` file first).
const BICEP_TEMPLATE_FILE: &str = "editor-template.bicep";
const PARAMETERS_FILE: &str = "editor-parameters.json";

/// A seed from JS: `undefined`/`null` (none), a safe integer, a BigInt or a decimal string.
fn seed_from(value: JsValue) -> JsResult<Option<u64>> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    match crate::options::seed_value(&value)? {
        None => Ok(None),
        Some(SeedValue::Number(n)) => Ok(Some(n)),
        Some(SeedValue::Text(t)) if t.trim().is_empty() => Ok(None),
        Some(SeedValue::Text(t)) => t.trim().parse().map(Some).or_else(|_| {
            fail(
                "BadOptions",
                format!("seed must be a whole number, not {t:?}"),
            )
        }),
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

    /// The request a write line would send, in az, PowerShell, Terraform, Bicep and ARM,
    /// without changing this session (the line runs on a replayed copy). `null` for lines
    /// that send no write. Full module only: the start module renders no equivalents.
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

    /// The equivalents of the write recorded in step `step` (the last one of the step), or
    /// `null` when the step sent none: what the start module's `run` left to the full module
    /// (`equivalentsStep`).
    #[wasm_bindgen(js_name = equivalentsOfStep, unchecked_return_type = "EquivalentsView | null")]
    pub fn equivalents_of_step(&self, step: usize) -> JsResult<JsValue> {
        let view = self.lab.session().steps().get(step).and_then(|st| {
            // The step's inputs are kept as text and decoded in order: the last write wins.
            let req = st
                .inputs
                .iter()
                .filter_map(|i| match i {
                    Input::Request(r) if r.method.is_write() => Some(r),
                    _ => None,
                })
                .last()?;
            let eq = hcsim_lab::equivalents_of(&req, &st.label);
            Some(EquivalentsView::of(&st.label, &eq))
        });
        to_value(&view)
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

/// The last tree the page was sent and its revision (`state`, `stateUpdate`): the tree is
/// rebuilt to compare, but serialized and sent again only when it changed.
#[derive(Default)]
pub(crate) struct TreeCache {
    revision: u32,
    tree: Vec<TreeNode>,
}

/// The whole tree in the state view and every step of the timeline: only in the full module,
/// since the start page draws the tree from `treeRows`, takes the rest of the state from
/// `stateSummary` and the timeline from `timelineSummary` (docs/WASM-SIZE.md, eighth stop).
#[wasm_bindgen]
impl Simulator {
    /// The world at a glance: clock, stage, principal, seed, faults and the resource tree.
    #[wasm_bindgen(unchecked_return_type = "StateView")]
    pub fn state(&self) -> JsResult<JsValue> {
        self.state_view(None)
    }

    /// The timeline: every step, applied or undone (full module only: the start page's
    /// timeline asks `timelineSummary()`, which does not grow with the steps).
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
                changes: st.inputs.has_change(),
            })
            .collect();
        to_value(&Timeline { cursor, steps })
    }

    /// `state()`, except that the tree is sent only if it changed since revision `known`
    /// (`treeRevision` of an earlier answer): when it did not, `tree` is `[]` and
    /// `treeRevision` is `known`. A console round trip at 10k resources then costs what it
    /// costs at 10.
    #[wasm_bindgen(js_name = stateUpdate, unchecked_return_type = "StateView")]
    pub fn state_update(&self, known: Option<u32>) -> JsResult<JsValue> {
        self.state_view(known)
    }
}

impl Simulator {
    /// The state view; the tree only if its revision is not `known`.
    fn state_view(&self, known: Option<u32>) -> JsResult<JsValue> {
        let tree: Vec<TreeNode> = hcsim_lab::view::node::tree(self.lab.world())
            .into_iter()
            .map(TreeNode::from_owned)
            .collect();
        let mut cache = self.tree.borrow_mut();
        if tree != cache.tree {
            cache.revision = cache.revision.wrapping_add(1);
            cache.tree = tree;
        }
        let unchanged = known == Some(cache.revision);
        let mut view = self.state_base(cache.revision);
        if unchanged {
            return to_value(&view);
        }
        // Lend the cached tree to the view for serializing, then put it back.
        view.tree = core::mem::take(&mut cache.tree);
        let answer = to_value(&view);
        cache.tree = view.tree;
        answer
    }

    /// The revision of the last tree sent (`stateSummary`).
    pub(crate) fn tree_revision(&self) -> u32 {
        self.tree.borrow().revision
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
