//! The runner: plays a scenario on a fresh [`Lab`], compares every outcome with its
//! expectation, checks a lesson's goal, and builds the [`Report`] of `hcsim run`.

use alloc::collections::BTreeSet;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use serde::Serialize;
use serde_json::Value;

use hcsim_core::{Config, ResKind, Stage, Timing, World};

use super::model::{Check, Expect, Scenario, StepSpec, shorten};
use crate::lab::Lab;
use crate::outcome::Outcome;

/// The `format` of reports.
pub const REPORT_FORMAT: &str = "hcsim-report/1";

/// How to run a scenario.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunOptions {
    /// Overrides the file's seed (`--seed`). When neither is given the runner uses 0: front
    /// ends pick a random seed (getrandom) and pass it here when the file has none, see
    /// [`Scenario::seed_or`].
    pub seed: Option<u64>,
    /// Lessons: play the solution after the setup (what `hcsim run` does, so that a lesson
    /// passes when its solution reaches its goal).
    pub play_solution: bool,
}

impl Scenario {
    /// The seed a run should use: `cli` (`--seed`) if given, else the file's, else `random`
    /// (which front ends draw from getrandom). Pass the result as [`RunOptions::seed`].
    pub fn seed_or(&self, cli: Option<u64>, random: impl FnOnce() -> u64) -> u64 {
        cli.or(self.seed).unwrap_or_else(random)
    }

    /// The session configuration a run uses: the seed, the file's timing (default
    /// `instant`, so that files are fast and deterministic) and stage (default `ga`).
    pub fn config(&self, seed: u64) -> Config {
        Config {
            seed,
            timing: self.timing.unwrap_or(Timing::Instant),
            stage: self.stage.unwrap_or(Stage::Ga),
        }
    }
}

/// Whether a step's expectation held.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Expectation {
    /// Every expected key held.
    Met,
    /// Some expected key did not hold (the step's message says which).
    Failed,
    /// The step expected nothing (`"expect": {}`).
    None,
}

/// Which list of the file a step came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// `steps` (a lesson's setup).
    Steps,
    /// A lesson's `solution`.
    Solution,
}

impl Phase {
    fn is_steps(&self) -> bool {
        *self == Phase::Steps
    }
}

/// One step of a [`Report`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StepReport {
    /// Position in the run, from 0 (a lesson's solution steps follow its setup).
    pub index: usize,
    /// The command line, or the check as text (`check exists /subscriptions/…`).
    pub input: String,
    /// The command succeeded, or the check held.
    pub ok: bool,
    /// HTTP status of the ARM response or probe.
    pub status: Option<u16>,
    /// Error code of a failed command.
    pub code: Option<String>,
    /// Rule id a failed command broke.
    pub rule: Option<String>,
    /// Whether the expectation held.
    pub expectation: Expectation,
    /// What happened; for a failed expectation, what was expected and what came instead.
    pub message: String,
    /// Virtual time after the step, in ms (an hcsim extension of the report).
    pub time_ms: u64,
    /// `solution` for a lesson's solution steps (absent for `steps`).
    #[serde(skip_serializing_if = "Phase::is_steps")]
    pub phase: Phase,
    /// The rule's teaching text, for failed commands (text report only).
    #[serde(skip)]
    pub explanation: Option<String>,
    /// The author's note on the step (text report only).
    #[serde(skip)]
    pub note: Option<String>,
    /// The warnings az would log on stderr for the step's command, without `WARNING: `
    /// (absent from the JSON report when there are none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// What az prints on stderr as it is for the step's command (preview and deprecation
    /// notes; absent from the JSON report when there are none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<String>,
}

/// Expectations met and failed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Met.
    pub met: usize,
    /// Failed.
    pub failed: usize,
}

/// Where a lesson stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum LessonStatus {
    /// Some goal check does not hold yet.
    #[serde(rename = "in progress")]
    InProgress,
    /// Every goal check holds and the solution was never shown.
    #[serde(rename = "solved")]
    Solved,
    /// Every goal check holds, but the solution was shown: it does not count as solved.
    #[serde(rename = "completed with the solution shown")]
    CompletedWithSolutionShown,
}

impl LessonStatus {
    /// The words shown to the trainee.
    pub fn as_str(self) -> &'static str {
        match self {
            LessonStatus::InProgress => "in progress",
            LessonStatus::Solved => "solved",
            LessonStatus::CompletedWithSolutionShown => "completed with the solution shown",
        }
    }
}

/// One goal check, evaluated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    /// The check in words: `exists …/workspaces/ws1 (provisioningState Succeeded)`.
    pub description: String,
    /// It holds.
    pub met: bool,
    /// Why not (or what was found).
    pub message: String,
}

/// A lesson's goal against a world.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GoalReport {
    /// Every check holds.
    pub met: bool,
    /// The solution was shown (then the lesson is completed, not solved).
    pub solution_shown: bool,
    /// In progress, solved, or completed with the solution shown.
    pub status: LessonStatus,
    /// Each check.
    pub checks: Vec<CheckResult>,
    /// Resources that exist beyond what the goal names (reported, never blocking).
    pub extras: Vec<String>,
}

impl GoalReport {
    /// The same report, with `shown` as whether the solution was shown.
    pub fn with_solution_shown(mut self, shown: bool) -> GoalReport {
        self.solution_shown = shown;
        self.status = status_of(self.met, shown);
        self
    }
    /// Solved: met without the solution shown.
    pub fn solved(&self) -> bool {
        self.status == LessonStatus::Solved
    }
}

fn status_of(met: bool, shown: bool) -> LessonStatus {
    match (met, shown) {
        (false, _) => LessonStatus::InProgress,
        (true, false) => LessonStatus::Solved,
        (true, true) => LessonStatus::CompletedWithSolutionShown,
    }
}

/// What `hcsim run` prints: the JSON of SCENARIOS.md (`hcsim-report/1`), plus `goal` for
/// lessons and `time_ms`/`phase` per step.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// Always [`REPORT_FORMAT`].
    pub format: String,
    /// The scenario's title.
    pub scenario: String,
    /// The seed used (always shown, so any run can be reproduced).
    pub seed: u64,
    /// Every expectation met (and, for a lesson, its goal holds).
    pub passed: bool,
    /// Counts.
    pub expectations: Tally,
    /// Every step, in order.
    pub steps: Vec<StepReport>,
    /// The world's trace hash at the end (same file + seed = same hash, native or wasm).
    pub trace_hash: String,
    /// A lesson's goal, checked after the steps (and the solution, when played).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goal: Option<GoalReport>,
    /// The file the scenario came from (text report only).
    #[serde(skip)]
    pub origin: String,
    /// Virtual time at the end, in ms.
    #[serde(skip)]
    pub time_ms: u64,
}

/// Plays `s` on a fresh [`Lab`] and reports every step. Files named by commands
/// (`--template-file`, `--parameters @file`, `@mapping.json`) are read through `files` with
/// the path as written; the front end resolves it relative to the scenario file.
pub fn run_scenario(
    s: &Scenario,
    opts: &RunOptions,
    files: &dyn Fn(&str) -> Result<String, String>,
) -> Report {
    let seed = opts.seed.or(s.seed).unwrap_or(0);
    let mut lab = Lab::new(s.config(seed));
    let mut steps = Vec::with_capacity(s.steps.len());
    let mut loaded = BTreeSet::new();
    for spec in &s.steps {
        let index = steps.len();
        steps.push(play_step(
            &mut lab,
            index,
            spec,
            Phase::Steps,
            files,
            &mut loaded,
        ));
    }
    if s.is_lesson() && opts.play_solution {
        for spec in &s.solution {
            let index = steps.len();
            steps.push(play_step(
                &mut lab,
                index,
                spec,
                Phase::Solution,
                files,
                &mut loaded,
            ));
        }
    }
    let goal = s
        .is_lesson()
        .then(|| check_goal(&s.goal, lab.world()).with_solution_shown(opts.play_solution));
    let mut tally = Tally::default();
    for st in &steps {
        match st.expectation {
            Expectation::Met => tally.met += 1,
            Expectation::Failed => tally.failed += 1,
            Expectation::None => {}
        }
    }
    let passed = tally.failed == 0 && goal.as_ref().is_none_or(|g| g.met);
    Report {
        format: REPORT_FORMAT.into(),
        scenario: s.title.clone(),
        seed,
        passed,
        expectations: tally,
        steps,
        trace_hash: lab.world().trace_hash_hex(),
        goal,
        origin: s.origin.clone(),
        time_ms: lab.world().now().0,
    }
}

/// Runs one step on `lab`.
pub(crate) fn play_step(
    lab: &mut Lab,
    index: usize,
    spec: &StepSpec,
    phase: Phase,
    files: &dyn Fn(&str) -> Result<String, String>,
    loaded: &mut BTreeSet<String>,
) -> StepReport {
    match spec {
        StepSpec::Run { run, expect, note } => {
            let missing = preload_files(lab, run, files, loaded);
            let o = lab.run(run);
            let (expectation, mut message) = judge(expect, &o);
            if expectation == Expectation::Failed && !missing.is_empty() {
                message.push_str(&format!(" ({})", missing.join("; ")));
            }
            StepReport {
                index,
                input: run.clone(),
                ok: o.ok,
                status: o.status,
                code: o.code.clone(),
                rule: o.rule.clone(),
                expectation,
                message,
                time_ms: o.time_ms,
                phase,
                explanation: if o.ok { None } else { o.explanation.clone() },
                note: note.clone(),
                warnings: o.warnings.clone(),
                notices: o.notices.clone(),
            }
        }
        StepSpec::Check { check, note } => {
            let r = evaluate(check, lab.world());
            StepReport {
                index,
                input: format!("check {}", r.description),
                ok: r.met,
                status: None,
                code: None,
                rule: None,
                expectation: if r.met {
                    Expectation::Met
                } else {
                    Expectation::Failed
                },
                message: r.message,
                time_ms: lab.world().now().0,
                phase,
                explanation: None,
                note: note.clone(),
                warnings: Vec::new(),
                notices: Vec::new(),
            }
        }
    }
}

/// Makes the files a line names available to the lab; returns the read errors.
fn preload_files(
    lab: &mut Lab,
    line: &str,
    files: &dyn Fn(&str) -> Result<String, String>,
    loaded: &mut BTreeSet<String>,
) -> Vec<String> {
    let mut errors = Vec::new();
    for path in file_arguments(line) {
        if loaded.contains(&path) {
            continue;
        }
        match files(&path) {
            Ok(text) => {
                // A Bicep file's modules (and a .bicepparam file's template) are read too.
                if crate::exec::bicep::is_bicep(&path) || crate::exec::bicep::is_bicepparam(&path) {
                    for (p, t) in crate::exec::bicep::referenced_files(&path, &text, files) {
                        if loaded.insert(p.clone()) {
                            lab.add_file(&p, t);
                        }
                    }
                }
                lab.add_file(&path, text);
            }
            Err(e) => errors.push(format!("{path}: {}", shorten(&e))),
        }
        loaded.insert(path);
    }
    errors
}

/// Paths a command line reads: `--template-file P` / `-f P`, and every `@P` argument.
pub(crate) fn file_arguments(line: &str) -> Vec<String> {
    let Ok(commands) = crate::shell::tokenize_commands(line) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for words in commands {
        let mut prev_takes_file = false;
        for w in &words {
            let (flag, inline) = match w.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f, Some(v)),
                _ => (w.as_str(), None),
            };
            let value = if prev_takes_file {
                Some(w.as_str())
            } else {
                None
            };
            prev_takes_file = false;
            if let Some(v) = value {
                push_path(&mut out, v);
                continue;
            }
            if matches!(flag, "--template-file" | "-f") {
                match inline {
                    Some(v) => push_path(&mut out, v),
                    None => prev_takes_file = true,
                }
                continue;
            }
            let candidate = inline.unwrap_or(w);
            if crate::exec::bicep::is_bicepparam(candidate) {
                push_path(&mut out, candidate);
                continue;
            }
            if let Some(p) = candidate.strip_prefix('@')
                && !p.is_empty()
            {
                push_path(&mut out, p);
            }
        }
    }
    out
}

fn push_path(out: &mut Vec<String>, p: &str) {
    let p = p.strip_prefix('@').unwrap_or(p);
    if !p.is_empty() && !out.iter().any(|q| q == p) {
        out.push(p.to_string());
    }
}

/// Compares an outcome with an expectation: (verdict, message).
fn judge(expect: &Expect, o: &Outcome) -> (Expectation, String) {
    let got = summary(o);
    if expect.is_empty() {
        return (Expectation::None, got);
    }
    let mut wrong: Vec<String> = Vec::new();
    if let Some(want) = expect.ok
        && want != o.ok
    {
        wrong.push(if want {
            "expected success".into()
        } else {
            "expected a failure, but it succeeded".into()
        });
    }
    if let Some(want) = expect.status
        && o.status != Some(want)
    {
        wrong.push(format!(
            "expected status {want}, got {}",
            o.status
                .map(|s| s.to_string())
                .unwrap_or_else(|| "none".into())
        ));
    }
    if let Some(want) = &expect.error
        && !o
            .code
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case(want))
    {
        wrong.push(format!(
            "expected error {want}, got {}",
            o.code.as_deref().unwrap_or("none")
        ));
    }
    if let Some(want) = &expect.rule
        && !o
            .rule
            .as_deref()
            .is_some_and(|r| r.eq_ignore_ascii_case(want))
    {
        wrong.push(format!(
            "expected rule {want}, got {}",
            o.rule.as_deref().unwrap_or("none")
        ));
    }
    // What the terminal shows: the output and az's warnings (stdout and stderr).
    if let Some(want) = &expect.output_contains
        && !o.output.contains(want.as_str())
        && !o.warning_lines().any(|w| w.contains(want.as_str()))
    {
        wrong.push(format!(
            "expected the output to contain '{}'",
            shorten(want)
        ));
    }
    if wrong.is_empty() {
        (Expectation::Met, got)
    } else {
        (
            Expectation::Failed,
            format!("{}; got: {got}", wrong.join("; ")),
        )
    }
}

/// Outputs longer than this are not parsed for the step summary.
const MAX_SUMMARY_PARSE: usize = 256 * 1024;

/// One line saying what a command did.
fn summary(o: &Outcome) -> String {
    // az's JSON: name the resource rather than quote the first line of the object.
    let described = (o.ok && o.output.len() <= MAX_SUMMARY_PARSE)
        .then(|| serde_json::from_str::<Value>(&o.output).ok())
        .flatten()
        .and_then(|v| match v {
            Value::Object(m) => {
                let name = m.get("name").and_then(Value::as_str)?;
                let mut s = String::from(name);
                if let Some(t) = m.get("type").and_then(Value::as_str) {
                    s.push_str(&format!(" ({t})"));
                }
                let state = m
                    .get("properties")
                    .and_then(|p| p.get("provisioningState"))
                    .and_then(Value::as_str);
                if let Some(st) = state {
                    s.push_str(&format!(" {st}"));
                }
                Some(s)
            }
            Value::Array(a) => Some(format!("{} items", a.len())),
            _ => None,
        });
    let first = described.as_deref().unwrap_or_else(|| {
        o.output
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && *l != "{" && *l != "[")
            .unwrap_or("")
    });
    let mut head = if o.ok {
        match o.status {
            Some(s) => format!("ok {s}"),
            None => "ok".into(),
        }
    } else {
        match (&o.code, o.status) {
            (Some(c), Some(s)) => format!("failed {s} {c}"),
            (Some(c), None) => format!("failed {c}"),
            (None, Some(s)) => format!("failed {s}"),
            (None, None) => "failed".into(),
        }
    };
    if let Some(rule) = &o.rule {
        head.push_str(&format!(" [{rule}]"));
    }
    if first.is_empty() {
        head
    } else {
        format!("{head}: {}", clip(first, 160))
    }
}

fn clip(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max_chars - 1).collect();
        out.push('…');
        out
    }
}

/// Evaluates a lesson's goal against `world`: each check met or not, plus the extras
/// (resources the trainee created that the goal does not name; reported, never blocking).
/// The returned report has `solution_shown: false`; see [`GoalReport::with_solution_shown`].
pub fn check_goal(goal: &[Check], world: &World) -> GoalReport {
    let checks: Vec<CheckResult> = goal.iter().map(|c| evaluate(c, world)).collect();
    let met = !checks.is_empty() && checks.iter().all(|c| c.met);
    GoalReport {
        met,
        solution_shown: false,
        status: status_of(met, false),
        extras: extras(goal, world),
        checks,
    }
}

/// Resources beyond what the goal names: not named by an `exists` check (nor an ancestor of
/// one), not of a `count`ed type, and created by someone (not the default session).
fn extras(goal: &[Check], world: &World) -> Vec<String> {
    let mut named: BTreeSet<String> = BTreeSet::new();
    let mut counted: BTreeSet<String> = BTreeSet::new();
    for c in goal {
        match c {
            Check::Exists { id, .. } | Check::Absent { id } | Check::Fhir { service: id, .. } => {
                let lower = id.trim_end_matches('/').to_ascii_lowercase();
                // The resource and every ancestor (the group, the workspace …).
                let mut end = lower.len();
                loop {
                    named.insert(lower[..end].to_string());
                    match lower[..end].rfind('/') {
                        Some(p) if p > 0 => end = p,
                        _ => break,
                    }
                }
            }
            Check::Count { type_name, .. } => {
                counted.insert(type_name.to_ascii_lowercase());
            }
        }
    }
    let mut out = Vec::new();
    let store = world.store();
    for root in store.roots() {
        for n in store.pre_order(root) {
            let Some(r) = store.res(n) else { continue };
            if matches!(
                r.kind,
                ResKind::Subscription | ResKind::PrivateEndpointConnection
            ) || r.created_by == "system"
            {
                continue;
            }
            if named.contains(&r.id.to_ascii_lowercase())
                || counted.contains(&r.type_name.to_ascii_lowercase())
            {
                continue;
            }
            out.push(r.id.clone());
        }
    }
    out
}

/// Evaluates one check.
pub(crate) fn evaluate(check: &Check, world: &World) -> CheckResult {
    let description = describe(check);
    let (met, message) = match check {
        Check::Exists {
            id,
            provisioning_state,
            location,
            properties,
        } => match world.find(id) {
            None => (false, "does not exist".into()),
            Some(r) => {
                let mut wrong = Vec::new();
                if let Some(want) = provisioning_state
                    && !r.state.as_str().eq_ignore_ascii_case(want)
                {
                    wrong.push(format!(
                        "provisioningState is {}, not {want}",
                        r.state.as_str()
                    ));
                }
                if let Some(want) = location {
                    let have = r.location.as_deref().unwrap_or("");
                    if normalize_location(have) != normalize_location(want) {
                        wrong.push(format!(
                            "location is {}, not {want}",
                            if have.is_empty() { "none" } else { have }
                        ));
                    }
                }
                if !properties.is_empty() {
                    let view = world.view(id).unwrap_or(Value::Null);
                    for p in properties {
                        match lookup(&view, &p.path) {
                            Some(v) if v == &p.equals => {}
                            Some(v) => wrong.push(format!(
                                "{} is {}, not {}",
                                p.path,
                                shorten(&serde_json::to_string(v).unwrap_or_default()),
                                shorten(&serde_json::to_string(&p.equals).unwrap_or_default())
                            )),
                            None => wrong.push(format!("{} is not set", p.path)),
                        }
                    }
                }
                if wrong.is_empty() {
                    (true, format!("exists ({})", r.state.as_str()))
                } else {
                    (false, wrong.join("; "))
                }
            }
        },
        Check::Absent { id } => match world.find(id) {
            None => (true, "absent".into()),
            Some(r) => (false, format!("still exists ({})", r.state.as_str())),
        },
        Check::Count { type_name, equals } => {
            let n = world.resources_of_type(type_name).len() as u64;
            (
                n == *equals,
                format!("{n} of {type_name} (expected {equals})"),
            )
        }
        Check::Fhir {
            service,
            resource_type,
            at_least,
            equals,
        } => fhir_count(world, service, resource_type, *at_least, *equals),
    };
    CheckResult {
        description,
        met,
        message,
    }
}

/// The check in words.
pub(crate) fn describe(check: &Check) -> String {
    match check {
        Check::Exists {
            id,
            provisioning_state,
            location,
            properties,
        } => {
            let mut extra = Vec::new();
            if let Some(s) = provisioning_state {
                extra.push(format!("provisioningState {s}"));
            }
            if let Some(l) = location {
                extra.push(format!("location {l}"));
            }
            for p in properties {
                extra.push(format!(
                    "{} = {}",
                    p.path,
                    shorten(&serde_json::to_string(&p.equals).unwrap_or_default())
                ));
            }
            if extra.is_empty() {
                format!("exists {id}")
            } else {
                format!("exists {id} ({})", extra.join(", "))
            }
        }
        Check::Absent { id } => format!("absent {id}"),
        Check::Count { type_name, equals } => format!("count {type_name} = {equals}"),
        Check::Fhir {
            service,
            resource_type,
            at_least,
            equals,
        } => match (at_least, equals) {
            (_, Some(n)) => format!("{n} {resource_type} in the FHIR service {service}"),
            (n, None) => format!(
                "at least {} {resource_type} in the FHIR service {service}",
                n.unwrap_or(1)
            ),
        },
    }
}

/// A `fhir` check: live resources of a type in the service's data plane.
fn fhir_count(
    world: &World,
    service: &str,
    resource_type: &str,
    at_least: Option<u64>,
    equals: Option<u64>,
) -> (bool, String) {
    if world.find(service).is_none() {
        return (false, format!("the FHIR service {service} does not exist"));
    }
    let n = world
        .fhir_data(service)
        .map_or(0, |d| d.live(Some(resource_type)).count()) as u64;
    let met = match (at_least, equals) {
        (_, Some(e)) => n == e,
        (a, None) => n >= a.unwrap_or(1),
    };
    (met, format!("{n} {resource_type} in the service"))
}

/// `East US` and `eastus` are the same region.
fn normalize_location(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A dotted path in a JSON value; numeric segments index arrays. Keys match exactly first,
/// then case-insensitively (ARM property names are case-insensitive).
fn lookup<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    let mut cur = v;
    for seg in path.split('.') {
        cur = match cur {
            Value::Object(m) => m.get(seg).or_else(|| {
                m.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(seg))
                    .map(|(_, v)| v)
            })?,
            Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn file_arguments_finds_templates_and_at_files() {
        assert_eq!(
            file_arguments(
                "az deployment group create -g rg1 --template-file main.json --parameters @p.json x=1"
            ),
            vec!["main.json", "p.json"]
        );
        assert_eq!(
            file_arguments("az deployment group create -g rg1 -f a/b.json; az x --content @m.json"),
            vec!["a/b.json", "m.json"]
        );
        assert_eq!(
            file_arguments("az deployment group create --template-file=t.json"),
            vec!["t.json"]
        );
        assert!(file_arguments("az group create -n 'unterminated").is_empty());
    }

    #[test]
    fn lookup_paths() {
        let v = serde_json::json!({"properties": {"a": [{"B": 1}]}});
        assert_eq!(lookup(&v, "properties.a.0.b"), Some(&serde_json::json!(1)));
        assert_eq!(lookup(&v, "properties.a.7"), None);
        assert_eq!(lookup(&v, "properties.a.x"), None);
    }

    #[test]
    fn locations_compare_like_azure() {
        assert_eq!(normalize_location("East US"), normalize_location("eastus"));
    }
}
