//! Scenario and lesson files: the typed model and its parser.
//!
//! The parser reads the text into a `serde_json::Value` first (so malformed JSON is reported
//! with serde_json's line and column), then walks it by hand so that every mistake names the
//! step it is in and the key that is wrong. Unknown keys are errors: a misspelt `expcet`
//! silently ignored would make a scenario pass that should fail.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use serde::Serialize;
use serde_json::{Map, Value};

use hcsim_core::{RuleId, Stage, Timing};

/// The `format` of scenario and lesson files.
pub const FORMAT: &str = "hcsim-scenario/1";
/// Largest scenario file accepted, in bytes (ARM's template limit).
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;
/// Most steps in one list (`steps`, `solution`, `goal`, `hints`).
pub const MAX_STEPS: usize = 10_000;
/// Longest command line or text value accepted, in bytes.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// A scenario or lesson file, parsed and validated.
///
/// A scenario is a list of steps with expectations; a lesson adds a `goal` (checks that must
/// all hold), `hints` and a `solution`; its `steps` are the lesson's setup.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scenario {
    /// Always [`FORMAT`] (a file may omit it; any other value is refused).
    pub format: String,
    /// The title shown in lists and reports (the file name when the file has none).
    pub title: String,
    /// What the scenario teaches.
    pub description: Option<String>,
    /// The file's seed; `--seed` overrides it.
    pub seed: Option<u64>,
    /// Operation timing; the runner uses `instant` when the file says nothing.
    pub timing: Option<Timing>,
    /// Release stage; `ga` when the file says nothing.
    pub stage: Option<Stage>,
    /// The steps (a lesson's setup).
    pub steps: Vec<StepSpec>,
    /// A lesson's goal: checks that must all hold to complete it (empty for scenarios).
    pub goal: Vec<Check>,
    /// A lesson's hints, gentlest first.
    pub hints: Vec<String>,
    /// A lesson's solution: steps that reach the goal from the setup.
    pub solution: Vec<StepSpec>,
    /// Where the scenario came from (file name), for messages.
    pub origin: String,
}

impl Scenario {
    /// True when the file is a lesson (it has a goal).
    pub fn is_lesson(&self) -> bool {
        !self.goal.is_empty()
    }
}

/// One step: run a command line with expectations, or check the world.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum StepSpec {
    /// Run a line (`az …`, `sim …`) and compare the outcome with `expect`.
    Run {
        /// The command line.
        run: String,
        /// What must hold. A bare string step (and `{"run": …}` without `expect`) expects
        /// success; an empty `expect: {}` expects nothing.
        expect: Expect,
        /// The author's note, shown by front ends next to the step.
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// Check the world.
    Check {
        /// The check.
        check: Check,
        /// The author's note.
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
}

impl StepSpec {
    /// The command line of a run step.
    pub fn line(&self) -> Option<&str> {
        match self {
            StepSpec::Run { run, .. } => Some(run),
            StepSpec::Check { .. } => None,
        }
    }
}

/// What a run step expects. Every key is optional and every given key must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Expect {
    /// The command succeeded (true) or failed (false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ok: Option<bool>,
    /// HTTP status of the ARM response or of the probe.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Error code (`CannotDeleteResource`, …), compared case-insensitively.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Rule id (validated against the rulebook when parsed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Text the output must contain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_contains: Option<String>,
}

impl Expect {
    /// What a bare string step expects: success.
    pub fn success() -> Expect {
        Expect {
            ok: Some(true),
            ..Expect::default()
        }
    }
    /// True when nothing is expected.
    pub fn is_empty(&self) -> bool {
        self == &Expect::default()
    }
}

/// A check of the world (a `check` step, or an item of a lesson's `goal`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Check {
    /// The resource exists (and, if given, has this state, location and properties).
    Exists {
        /// Resource id (case-insensitive).
        id: String,
        /// Expected `provisioningState` (case-insensitive).
        provisioning_state: Option<String>,
        /// Expected location (compared as Azure does: case and spaces ignored).
        location: Option<String>,
        /// Expected property values.
        properties: Vec<PropertyCheck>,
    },
    /// The resource does not exist.
    Absent {
        /// Resource id.
        id: String,
    },
    /// The number of resources of a type, in every subscription.
    Count {
        /// ARM type, e.g. `Microsoft.HealthcareApis/workspaces`.
        type_name: String,
        /// The expected number.
        equals: u64,
    },
    /// The number of live FHIR resources of a type in a FHIR service's data plane
    /// (`{"fhir": {"service": ID, "type": "Observation", "atLeast": 1}}`): what MedTech wrote.
    Fhir {
        /// The FHIR service's resource id.
        service: String,
        /// FHIR resource type, e.g. `Observation`.
        resource_type: String,
        /// At least this many (when given).
        at_least: Option<u64>,
        /// Exactly this many (when given).
        equals: Option<u64>,
    },
}

/// `{"path": "properties.x.y", "equals": …}`: a value in the resource's body as
/// `az … show` prints it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PropertyCheck {
    /// Dotted path; numbers index arrays (`properties.accessPolicies.0.objectId`).
    pub path: String,
    /// The expected JSON value (strings compare exactly).
    pub equals: Value,
}

/// Why a scenario file was refused. The front end maps it to exit status 2.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// The file (or other origin) the text came from.
    pub origin: String,
    /// 1-based line, for malformed JSON and misplaced top-level keys.
    pub line: Option<usize>,
    /// 1-based column, with `line`.
    pub column: Option<usize>,
    /// Index (from 0, as in the report) of the bad step, check or hint.
    pub step: Option<usize>,
    /// Which list `step` indexes: `steps`, `solution`, `goal` or `hints`.
    pub section: Option<String>,
    /// What is wrong and, where it helps, how to fix it.
    pub message: String,
}

impl ScenarioError {
    fn at(origin: &str, message: String) -> ScenarioError {
        ScenarioError {
            origin: origin.into(),
            line: None,
            column: None,
            step: None,
            section: None,
            message,
        }
    }
}

impl fmt::Display for ScenarioError {
    /// `file.json:3:14: message`, `file.json: step 4: message`, `file.json: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.origin)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        f.write_str(": ")?;
        if let Some(i) = self.step {
            match self.section.as_deref() {
                None | Some("steps") => write!(f, "step {i}: ")?,
                Some("goal") => write!(f, "goal check {i}: ")?,
                Some("hints") => write!(f, "hint {i}: ")?,
                Some(other) => write!(f, "{other} step {i}: ")?,
            }
        }
        f.write_str(&self.message)
    }
}

impl core::error::Error for ScenarioError {}

/// Top-level keys of a scenario file.
const TOP_KEYS: &[&str] = &[
    "$schema",
    "format",
    "title",
    "description",
    "seed",
    "timing",
    "stage",
    "steps",
    "setup",
    "goal",
    "hints",
    "solution",
];
const RUN_KEYS: &[&str] = &["run", "expect", "note"];
const CHECK_STEP_KEYS: &[&str] = &["check", "note"];
const EXPECT_KEYS: &[&str] = &["ok", "status", "error", "rule", "output_contains"];
const CHECK_KEYS: &[&str] = &[
    "exists",
    "provisioningState",
    "location",
    "property",
    "absent",
    "count",
    "fhir",
];

/// Parses and validates a scenario or lesson file. `origin` (the file name) prefixes every
/// message. Never panics; bounded by [`MAX_FILE_BYTES`], [`MAX_STEPS`], [`MAX_LINE_BYTES`].
pub fn parse_scenario(text: &str, origin: &str) -> Result<Scenario, ScenarioError> {
    let top = read_top(text, origin)?;
    let p = Parser { origin, text };
    for key in top.keys() {
        if !TOP_KEYS.contains(&key.as_str()) {
            return Err(p.top_error(
                key,
                format!(
                    "unknown key '{key}'{}; a scenario file has {}",
                    did_you_mean(key, TOP_KEYS),
                    TOP_KEYS[1..].join(", ")
                ),
            ));
        }
    }
    let format = match top.get("format") {
        None => FORMAT.to_string(),
        Some(Value::String(s)) if s == FORMAT => s.clone(),
        Some(other) => {
            return Err(p.top_error(
                "format",
                format!("\"format\" must be \"{FORMAT}\", not {}", short_json(other)),
            ));
        }
    };
    let title = match top.get("title") {
        None => origin.to_string(),
        Some(v) => p.top_text(v, "title")?,
    };
    let description = top
        .get("description")
        .map(|v| p.top_text(v, "description"))
        .transpose()?;
    let (seed, timing, stage) = (p.seed(&top)?, p.timing(&top)?, p.stage(&top)?);
    let steps_key = match (top.get("steps"), top.get("setup")) {
        (Some(_), Some(_)) => {
            return Err(p.top_error(
                "setup",
                "give either \"steps\" or \"setup\" (its synonym for lessons), not both".into(),
            ));
        }
        (_, Some(_)) => "setup",
        _ => "steps",
    };
    let steps = match top.get(steps_key) {
        None => Vec::new(),
        Some(v) => p.steps(v, steps_key, "steps")?,
    };
    let solution = match top.get("solution") {
        None => Vec::new(),
        Some(v) => p.steps(v, "solution", "solution")?,
    };
    let goal = top
        .get("goal")
        .map(|v| p.goal(v))
        .transpose()?
        .unwrap_or_default();
    let hints = top
        .get("hints")
        .map(|v| p.hints(v))
        .transpose()?
        .unwrap_or_default();
    p.lesson_shape(&top, goal.is_empty(), steps.is_empty())?;
    Ok(Scenario {
        format,
        title,
        description,
        seed,
        timing,
        stage,
        steps,
        goal,
        hints,
        solution,
        origin: origin.into(),
    })
}

/// The file's top-level JSON object, within the size limit, with JSON errors placed at their
/// line and column.
fn read_top(text: &str, origin: &str) -> Result<Map<String, Value>, ScenarioError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(ScenarioError::at(
            origin,
            format!(
                "the file is {} bytes; the limit is {MAX_FILE_BYTES} bytes (4 MB)",
                text.len()
            ),
        ));
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let mut err = ScenarioError::at(origin, json_message(&e));
        if e.line() > 0 {
            err.line = Some(e.line());
            err.column = Some(e.column());
        }
        err
    })?;
    match value {
        Value::Object(top) => Ok(top),
        other => Err(ScenarioError {
            line: Some(1),
            column: Some(1),
            ..ScenarioError::at(
                origin,
                format!(
                    "a scenario file is a JSON object with \"format\": \"{FORMAT}\" and \"steps\"; this is {}",
                    kind_of(&other)
                ),
            )
        }),
    }
}

/// The top-level settings and lesson parts of a scenario file.
impl Parser<'_> {
    fn seed(&self, top: &Map<String, Value>) -> Result<Option<u64>, ScenarioError> {
        let Some(v) = top.get("seed") else {
            return Ok(None);
        };
        v.as_u64().map(Some).ok_or_else(|| {
            self.top_error(
                "seed",
                format!(
                    "\"seed\" must be a whole number from 0 to {}, not {}",
                    u64::MAX,
                    short_json(v)
                ),
            )
        })
    }

    fn timing(&self, top: &Map<String, Value>) -> Result<Option<Timing>, ScenarioError> {
        match top.get("timing") {
            None => Ok(None),
            Some(v) => match v.as_str() {
                Some("instant") => Ok(Some(Timing::Instant)),
                Some("realistic") => Ok(Some(Timing::Realistic)),
                _ => Err(self.top_error(
                    "timing",
                    format!(
                        "\"timing\" must be \"instant\" or \"realistic\", not {}",
                        short_json(v)
                    ),
                )),
            },
        }
    }

    fn stage(&self, top: &Map<String, Value>) -> Result<Option<Stage>, ScenarioError> {
        match top.get("stage") {
            None => Ok(None),
            Some(v) => match v.as_str() {
                Some("ga") => Ok(Some(Stage::Ga)),
                Some("private-preview") => Ok(Some(Stage::PrivatePreview)),
                _ => Err(self.top_error(
                    "stage",
                    format!(
                        "\"stage\" must be \"ga\" or \"private-preview\", not {}",
                        short_json(v)
                    ),
                )),
            },
        }
    }

    /// A lesson's `goal`: at least one check; an item is a check object or a `{"check": …}` step.
    fn goal(&self, v: &Value) -> Result<Vec<Check>, ScenarioError> {
        let items = self.list(v, "goal")?;
        if items.is_empty() {
            return Err(self.top_error(
                "goal",
                "\"goal\" must list at least one check (a lesson is complete when they all hold)"
                    .into(),
            ));
        }
        let mut goal = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            // A goal item is a check object, or a `{"check": …}` step for symmetry.
            let inner = match item {
                Value::Object(m) if m.contains_key("check") => {
                    for k in m.keys() {
                        if !CHECK_STEP_KEYS.contains(&k.as_str()) {
                            return Err(self.step_error(
                                "goal",
                                i,
                                format!("unknown key '{k}' next to \"check\""),
                            ));
                        }
                    }
                    m.get("check").unwrap_or(item)
                }
                other => other,
            };
            goal.push(self.check(inner, "goal", i)?);
        }
        Ok(goal)
    }

    /// A lesson's `hints`: strings, each within [`MAX_LINE_BYTES`].
    fn hints(&self, v: &Value) -> Result<Vec<String>, ScenarioError> {
        let items = self.list(v, "hints")?;
        let mut hints = Vec::with_capacity(items.len());
        for (i, h) in items.iter().enumerate() {
            match h {
                Value::String(s) if s.len() <= MAX_LINE_BYTES => hints.push(s.clone()),
                Value::String(_) => {
                    return Err(self.step_error(
                        "hints",
                        i,
                        format!("the hint is longer than {MAX_LINE_BYTES} bytes"),
                    ));
                }
                other => {
                    return Err(self.step_error(
                        "hints",
                        i,
                        format!("a hint is a string, not {}", kind_of(other)),
                    ));
                }
            }
        }
        Ok(hints)
    }

    /// Without a goal the file is a scenario: no lesson keys, and at least one step.
    fn lesson_shape(
        &self,
        top: &Map<String, Value>,
        no_goal: bool,
        no_steps: bool,
    ) -> Result<(), ScenarioError> {
        if !no_goal {
            return Ok(());
        }
        for key in ["hints", "solution"] {
            if top.contains_key(key) {
                return Err(self.top_error(
                    key,
                    format!(
                        "\"{key}\" belongs to lessons, and a lesson needs a \"goal\" (the checks that complete it)"
                    ),
                ));
            }
        }
        if no_steps {
            return Err(ScenarioError::at(
                self.origin,
                "the scenario has no steps: give \"steps\" (a list of command lines and checks), or a \"goal\" for a lesson".into(),
            ));
        }
        Ok(())
    }
}

struct Parser<'a> {
    origin: &'a str,
    text: &'a str,
}

impl Parser<'_> {
    /// An error about a top-level key, located at the key's first occurrence in the text.
    fn top_error(&self, key: &str, message: String) -> ScenarioError {
        let mut err = ScenarioError::at(self.origin, message);
        if let Some((line, column)) = locate_key(self.text, key) {
            err.line = Some(line);
            err.column = Some(column);
        }
        err
    }

    fn step_error(&self, section: &str, index: usize, message: String) -> ScenarioError {
        ScenarioError {
            step: Some(index),
            section: Some(section.into()),
            ..ScenarioError::at(self.origin, message)
        }
    }

    fn top_text(&self, v: &Value, key: &str) -> Result<String, ScenarioError> {
        match v {
            Value::String(s) if s.len() <= MAX_LINE_BYTES => Ok(s.clone()),
            Value::String(_) => Err(self.top_error(
                key,
                format!("\"{key}\" is longer than {MAX_LINE_BYTES} bytes"),
            )),
            other => Err(self.top_error(
                key,
                format!("\"{key}\" must be a string, not {}", kind_of(other)),
            )),
        }
    }

    fn list<'v>(&self, v: &'v Value, key: &str) -> Result<&'v Vec<Value>, ScenarioError> {
        match v {
            Value::Array(items) if items.len() <= MAX_STEPS => Ok(items),
            Value::Array(items) => Err(self.top_error(
                key,
                format!(
                    "\"{key}\" has {} items; the limit is {MAX_STEPS}",
                    items.len()
                ),
            )),
            other => Err(self.top_error(
                key,
                format!("\"{key}\" must be a list, not {}", kind_of(other)),
            )),
        }
    }

    fn steps(&self, v: &Value, key: &str, section: &str) -> Result<Vec<StepSpec>, ScenarioError> {
        let items = self.list(v, key)?;
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            out.push(self.step(item, section, i)?);
        }
        Ok(out)
    }

    fn line(&self, v: &Value, section: &str, i: usize) -> Result<String, ScenarioError> {
        let Value::String(s) = v else {
            return Err(self.step_error(
                section,
                i,
                format!(
                    "\"run\" must be a command line (a string), not {}",
                    kind_of(v)
                ),
            ));
        };
        if s.len() > MAX_LINE_BYTES {
            return Err(self.step_error(
                section,
                i,
                format!(
                    "the command line is {} bytes; the limit is {MAX_LINE_BYTES}",
                    s.len()
                ),
            ));
        }
        if s.trim().is_empty() {
            return Err(self.step_error(section, i, "the command line is empty".into()));
        }
        Ok(s.clone())
    }

    fn note(
        &self,
        m: &Map<String, Value>,
        section: &str,
        i: usize,
    ) -> Result<Option<String>, ScenarioError> {
        match m.get("note") {
            None => Ok(None),
            Some(Value::String(s)) if s.len() <= MAX_LINE_BYTES => Ok(Some(s.clone())),
            Some(other) => Err(self.step_error(
                section,
                i,
                format!("\"note\" must be a short string, not {}", kind_of(other)),
            )),
        }
    }

    fn step(&self, v: &Value, section: &str, i: usize) -> Result<StepSpec, ScenarioError> {
        match v {
            Value::String(_) => Ok(StepSpec::Run {
                run: self.line(v, section, i)?,
                expect: Expect::success(),
                note: None,
            }),
            Value::Object(m) if m.contains_key("run") => {
                for k in m.keys() {
                    if !RUN_KEYS.contains(&k.as_str()) {
                        return Err(self.step_error(
                            section,
                            i,
                            format!(
                                "unknown key '{k}'{} in a run step; it has run, expect, note",
                                did_you_mean(k, RUN_KEYS)
                            ),
                        ));
                    }
                }
                let run = self.line(m.get("run").unwrap_or(&Value::Null), section, i)?;
                let expect = match m.get("expect") {
                    None => Expect::success(),
                    Some(e) => self.expect(e, section, i)?,
                };
                Ok(StepSpec::Run {
                    run,
                    expect,
                    note: self.note(m, section, i)?,
                })
            }
            Value::Object(m) if m.contains_key("check") => {
                for k in m.keys() {
                    if !CHECK_STEP_KEYS.contains(&k.as_str()) {
                        return Err(self.step_error(
                            section,
                            i,
                            format!(
                                "unknown key '{k}'{} in a check step; it has check, note",
                                did_you_mean(k, CHECK_STEP_KEYS)
                            ),
                        ));
                    }
                }
                Ok(StepSpec::Check {
                    check: self.check(m.get("check").unwrap_or(&Value::Null), section, i)?,
                    note: self.note(m, section, i)?,
                })
            }
            Value::Object(m) => {
                let hint = m
                    .keys()
                    .next()
                    .map(|k| did_you_mean(k, &["run", "check"]))
                    .unwrap_or_default();
                Err(self.step_error(
                    section,
                    i,
                    format!(
                        "a step is a command line, {{\"run\": …, \"expect\": …}} or {{\"check\": …}}; this object has neither \"run\" nor \"check\"{hint}"
                    ),
                ))
            }
            other => Err(self.step_error(
                section,
                i,
                format!(
                    "a step is a command line (string) or an object, not {}",
                    kind_of(other)
                ),
            )),
        }
    }

    fn expect(&self, v: &Value, section: &str, i: usize) -> Result<Expect, ScenarioError> {
        let Value::Object(m) = v else {
            return Err(self.step_error(
                section,
                i,
                format!(
                    "\"expect\" must be an object such as {{\"ok\": false, \"rule\": \"workspace-first\"}}, not {}",
                    kind_of(v)
                ),
            ));
        };
        let mut e = Expect::default();
        for (k, val) in m {
            match k.as_str() {
                "ok" => {
                    e.ok = Some(val.as_bool().ok_or_else(|| {
                        self.step_error(
                            section,
                            i,
                            format!("expect.ok must be true or false, not {}", short_json(val)),
                        )
                    })?);
                }
                "status" => {
                    let s = val
                        .as_u64()
                        .filter(|s| (100..=599).contains(s))
                        .ok_or_else(|| {
                            self.step_error(
                                section,
                                i,
                                format!(
                                    "expect.status must be an HTTP status (100–599), not {}",
                                    short_json(val)
                                ),
                            )
                        })?;
                    e.status = u16::try_from(s).ok();
                }
                "error" | "output_contains" => {
                    let s = match val {
                        Value::String(s) if !s.is_empty() && s.len() <= MAX_LINE_BYTES => s.clone(),
                        other => {
                            return Err(self.step_error(
                                section,
                                i,
                                format!(
                                    "expect.{k} must be a non-empty string, not {}",
                                    short_json(other)
                                ),
                            ));
                        }
                    };
                    if k == "error" {
                        e.error = Some(s);
                    } else {
                        e.output_contains = Some(s);
                    }
                }
                "rule" => {
                    let Some(id) = val.as_str() else {
                        return Err(self.step_error(
                            section,
                            i,
                            format!("expect.rule must be a rule id, not {}", short_json(val)),
                        ));
                    };
                    let Some(rule) = RuleId::from_id(id) else {
                        let ids: Vec<&str> = RuleId::ALL.iter().map(|r| r.id()).collect();
                        return Err(self.step_error(
                            section,
                            i,
                            format!(
                                "unknown rule id '{}'{}; the rule ids are {}",
                                shorten(id),
                                did_you_mean(id, &ids),
                                ids.join(", ")
                            ),
                        ));
                    };
                    e.rule = Some(rule.id().to_string());
                }
                other => {
                    return Err(self.step_error(
                        section,
                        i,
                        format!(
                            "unknown key '{other}'{} in expect; it has {}",
                            did_you_mean(other, EXPECT_KEYS),
                            EXPECT_KEYS.join(", ")
                        ),
                    ));
                }
            }
        }
        Ok(e)
    }

    fn id(&self, v: &Value, key: &str, section: &str, i: usize) -> Result<String, ScenarioError> {
        let Value::String(s) = v else {
            return Err(self.step_error(
                section,
                i,
                format!(
                    "\"{key}\" must be a resource id (a string), not {}",
                    kind_of(v)
                ),
            ));
        };
        match hcsim_core::id::ArmPath::parse(s) {
            Ok(p) if p.is_resource() => Ok(s.trim().to_string()),
            Ok(_) => Err(self.step_error(
                section,
                i,
                format!(
                    "\"{key}\": '{}' names a collection, not a resource",
                    shorten(s)
                ),
            )),
            Err(e) => Err(self.step_error(section, i, format!("\"{key}\": {e}"))),
        }
    }

    fn check(&self, v: &Value, section: &str, i: usize) -> Result<Check, ScenarioError> {
        let Value::Object(m) = v else {
            return Err(self.step_error(
                section,
                i,
                format!(
                    "a check is an object with \"exists\", \"absent\" or \"count\", not {}",
                    kind_of(v)
                ),
            ));
        };
        for k in m.keys() {
            if !CHECK_KEYS.contains(&k.as_str()) {
                return Err(self.step_error(
                    section,
                    i,
                    format!(
                        "unknown check key '{k}'{}; a check has exists (with provisioningState, location, property), absent, count, or fhir",
                        did_you_mean(k, CHECK_KEYS)
                    ),
                ));
            }
        }
        let kinds: Vec<&str> = ["exists", "absent", "count", "fhir"]
            .into_iter()
            .filter(|k| m.contains_key(*k))
            .collect();
        match kinds.as_slice() {
            ["exists"] => self.exists(m, section, i),
            ["absent"] | ["count"] | ["fhir"] => {
                for k in ["provisioningState", "location", "property"] {
                    if m.contains_key(k) {
                        return Err(self.step_error(
                            section,
                            i,
                            format!("\"{k}\" goes with \"exists\", not with \"{}\"", kinds[0]),
                        ));
                    }
                }
                if kinds[0] == "absent" {
                    return Ok(Check::Absent {
                        id: self.id(
                            m.get("absent").unwrap_or(&Value::Null),
                            "absent",
                            section,
                            i,
                        )?,
                    });
                }
                if kinds[0] == "fhir" {
                    return self.fhir(m.get("fhir").unwrap_or(&Value::Null), section, i);
                }
                self.count(m.get("count").unwrap_or(&Value::Null), section, i)
            }
            [] => Err(self.step_error(
                section,
                i,
                "a check needs one of \"exists\", \"absent\", \"count\" or \"fhir\"".into(),
            )),
            more => Err(self.step_error(
                section,
                i,
                format!(
                    "a check has one kind; this one has {} (split it into several checks)",
                    more.join(" and ")
                ),
            )),
        }
    }

    /// An `exists` check with its optional `provisioningState`, `location` and `property`.
    fn exists(
        &self,
        m: &Map<String, Value>,
        section: &str,
        i: usize,
    ) -> Result<Check, ScenarioError> {
        let id = self.id(
            m.get("exists").unwrap_or(&Value::Null),
            "exists",
            section,
            i,
        )?;
        let text = |key: &str| -> Result<Option<String>, ScenarioError> {
            match m.get(key) {
                None => Ok(None),
                Some(Value::String(s)) if !s.is_empty() && s.len() <= MAX_LINE_BYTES => {
                    Ok(Some(s.clone()))
                }
                Some(other) => Err(self.step_error(
                    section,
                    i,
                    format!(
                        "\"{key}\" must be a non-empty string, not {}",
                        short_json(other)
                    ),
                )),
            }
        };
        let provisioning_state = text("provisioningState")?;
        let location = text("location")?;
        let properties = match m.get("property") {
            None => Vec::new(),
            Some(Value::Array(items)) if items.len() <= MAX_STEPS => items
                .iter()
                .map(|p| self.property(p, section, i))
                .collect::<Result<Vec<_>, _>>()?,
            Some(p) => alloc::vec![self.property(p, section, i)?],
        };
        Ok(Check::Exists {
            id,
            provisioning_state,
            location,
            properties,
        })
    }

    fn count(&self, v: &Value, section: &str, i: usize) -> Result<Check, ScenarioError> {
        let Value::Object(m) = v else {
            return Err(self.step_error(
                section,
                i,
                format!(
                    "\"count\" must be {{\"type\": \"Microsoft.HealthcareApis/workspaces\", \"equals\": 1}}, not {}",
                    kind_of(v)
                ),
            ));
        };
        for k in m.keys() {
            if k != "type" && k != "equals" {
                return Err(self.step_error(
                    section,
                    i,
                    format!("unknown key '{k}' in count; it has type, equals"),
                ));
            }
        }
        let type_name = match m.get("type") {
            Some(Value::String(t)) if t.contains('/') && t.len() <= 512 => t.clone(),
            Some(other) => {
                return Err(self.step_error(
                    section,
                    i,
                    format!(
                        "count.type must be an ARM type such as \"Microsoft.HealthcareApis/workspaces\", not {}",
                        short_json(other)
                    ),
                ));
            }
            None => return Err(self.step_error(section, i, "count needs \"type\"".into())),
        };
        let equals = match m.get("equals") {
            Some(v) => v.as_u64().ok_or_else(|| {
                self.step_error(
                    section,
                    i,
                    format!("count.equals must be a whole number, not {}", short_json(v)),
                )
            })?,
            None => return Err(self.step_error(section, i, "count needs \"equals\"".into())),
        };
        Ok(Check::Count { type_name, equals })
    }

    /// `{"service": ID, "type": "Observation", "atLeast": N | "equals": N}`.
    fn fhir(&self, v: &Value, section: &str, i: usize) -> Result<Check, ScenarioError> {
        let err = |m: String| self.step_error(section, i, m);
        let Value::Object(m) = v else {
            return Err(err(format!(
                "\"fhir\" must be {{\"service\": \"/subscriptions/…/fhirservices/fhir1\", \"type\": \"Observation\", \"atLeast\": 1}}, not {}",
                kind_of(v)
            )));
        };
        if let Some(k) = m
            .keys()
            .find(|k| !["service", "type", "atLeast", "equals"].contains(&k.as_str()))
        {
            return Err(err(format!(
                "unknown key '{k}' in fhir; it has service, type, atLeast, equals"
            )));
        }
        let service = self.id(
            m.get("service").unwrap_or(&Value::Null),
            "fhir.service",
            section,
            i,
        )?;
        let resource_type = match m.get("type") {
            Some(Value::String(t))
                if !t.is_empty() && t.len() <= 64 && t.chars().all(|c| c.is_ascii_alphabetic()) =>
            {
                t.clone()
            }
            other => {
                return Err(err(format!(
                    "fhir.type must be a FHIR resource type such as \"Observation\", not {}",
                    other.map_or_else(|| String::from("nothing"), short_json)
                )));
            }
        };
        let number = |key: &str| -> Result<Option<u64>, ScenarioError> {
            m.get(key)
                .map(|v| {
                    v.as_u64().ok_or_else(|| {
                        err(format!(
                            "fhir.{key} must be a whole number, not {}",
                            short_json(v)
                        ))
                    })
                })
                .transpose()
        };
        let (at_least, equals) = (number("atLeast")?, number("equals")?);
        if at_least.is_some() == equals.is_some() {
            return Err(err("fhir needs one of \"atLeast\" or \"equals\"".into()));
        }
        Ok(Check::Fhir {
            service,
            resource_type,
            at_least,
            equals,
        })
    }

    fn property(&self, v: &Value, section: &str, i: usize) -> Result<PropertyCheck, ScenarioError> {
        let Value::Object(m) = v else {
            return Err(self.step_error(
                section,
                i,
                format!(
                    "\"property\" must be {{\"path\": \"properties.x\", \"equals\": …}} (or a list of them), not {}",
                    kind_of(v)
                ),
            ));
        };
        for k in m.keys() {
            if k != "path" && k != "equals" {
                return Err(self.step_error(
                    section,
                    i,
                    format!("unknown key '{k}' in property; it has path, equals"),
                ));
            }
        }
        let path = match m.get("path") {
            Some(Value::String(p)) if !p.is_empty() && p.len() <= 1024 => p.clone(),
            other => {
                return Err(self.step_error(
                    section,
                    i,
                    format!(
                        "property.path must be a dotted path such as \"properties.publicNetworkAccess\", not {}",
                        other.map(short_json).unwrap_or_else(|| "missing".into())
                    ),
                ));
            }
        };
        let Some(equals) = m.get("equals") else {
            return Err(self.step_error(
                section,
                i,
                "property needs \"equals\" (the expected value)".into(),
            ));
        };
        Ok(PropertyCheck {
            path,
            equals: equals.clone(),
        })
    }
}

/// serde_json's message without its ` at line L column C` suffix (the prefix carries it).
fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let cut = text.find(" at line ").unwrap_or(text.len());
    let msg = &text[..cut];
    if e.is_eof() {
        format!("{msg} (the JSON ends too early: a bracket or quote is not closed)")
    } else {
        format!("not valid JSON: {msg}")
    }
}

/// 1-based line and column of the first `"key"` followed by `:` in `text`.
fn locate_key(text: &str, key: &str) -> Option<(usize, usize)> {
    let needle = format!("\"{key}\"");
    let mut from = 0;
    while let Some(pos) = text.get(from..).and_then(|t| t.find(&needle)) {
        let at = from + pos;
        let after = text.get(at + needle.len()..).unwrap_or("");
        if after.trim_start().starts_with(':') {
            let before = text.get(..at).unwrap_or("");
            let line = before.matches('\n').count() + 1;
            let line_start = before.rfind('\n').map(|p| p + 1).unwrap_or(0);
            let column = text
                .get(line_start..at)
                .map(|s| s.chars().count())
                .unwrap_or(0)
                + 1;
            return Some((line, column));
        }
        from = at + needle.len();
    }
    None
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A value's JSON, shortened for messages.
fn short_json(v: &Value) -> String {
    shorten(&serde_json::to_string(v).unwrap_or_default())
}

/// At most 60 characters of `s`.
pub(crate) fn shorten(s: &str) -> String {
    if s.chars().count() <= 60 {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(57).collect();
        out.push('…');
        out
    }
}

/// ` (did you mean 'x'?)` when a known word is close to `word`.
fn did_you_mean(word: &str, known: &[&str]) -> String {
    if word.len() > 64 {
        return String::new();
    }
    let w = word.to_ascii_lowercase();
    known
        .iter()
        .map(|k| (edit_distance(&w, &k.to_ascii_lowercase()), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4) && *d > 0)
        .min()
        .map(|(_, k)| format!(" (did you mean '{k}'?)"))
        .unwrap_or_default()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = alloc::vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_keys_and_suggests() {
        assert_eq!(locate_key("{\n  \"titel\": 1}", "titel"), Some((2, 3)));
        assert_eq!(locate_key("{\"a\": \"titel\"}", "titel"), None);
        assert_eq!(
            did_you_mean("expcet", RUN_KEYS),
            " (did you mean 'expect'?)"
        );
        assert_eq!(did_you_mean("zzzzzzzz", RUN_KEYS), "");
    }

    #[test]
    fn edit_distance_basics() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "ab"), 2);
    }
}
