//! The one place where failures become JavaScript `Error`s.
//!
//! Every error thrown by the facade is a plain `Error` whose `message` is what a person reads,
//! with extra properties a program can test: `code` (ARM's code or the command language's),
//! `rule` (the rulebook id, or `null`), `status` (HTTP status, or `null`) and `explanation`
//! (the teaching text: rule, why, fix; or `null`).

use hcsim_lab::Outcome;
use wasm_bindgen::JsValue;

/// What went wrong, before it becomes a JS `Error`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// Stable code (`CannotDeleteResource`, `DamagedSession`, `BadOptions` …).
    pub code: String,
    /// What a person reads.
    pub message: String,
    /// The broken rule's id, if a rule was broken.
    pub rule: Option<String>,
    /// The HTTP status of the failed request, if there was one.
    pub status: Option<u16>,
    /// Rule, why, fix.
    pub explanation: Option<String>,
}

impl Failure {
    /// A failure of the facade itself (bad arguments, damaged saved session …).
    pub fn new(code: &str, message: impl Into<String>) -> Failure {
        Failure {
            code: code.into(),
            message: message.into(),
            rule: None,
            status: None,
            explanation: None,
        }
    }

    /// The failure a failed command line reports.
    pub fn from_outcome(o: &Outcome) -> Failure {
        Failure {
            code: o.code.clone().unwrap_or_else(|| "CommandFailed".into()),
            message: o.output.clone(),
            rule: o.rule.clone(),
            status: o.status,
            explanation: o.explanation.clone(),
        }
    }
}

/// Turns a [`Failure`] into a JS `Error` carrying `code`, `rule`, `status` and `explanation`.
pub fn to_js(f: Failure) -> JsValue {
    let err = js_sys::Error::new(&f.message);
    err.set_name("HcsimError");
    let set = |key: &str, value: JsValue| {
        // Setting a property on a fresh, unfrozen Error cannot fail.
        let _ = js_sys::Reflect::set(&err, &JsValue::from_str(key), &value);
    };
    set("code", JsValue::from_str(&f.code));
    set(
        "rule",
        f.rule.as_deref().map_or(JsValue::NULL, JsValue::from_str),
    );
    set(
        "status",
        f.status
            .map_or(JsValue::NULL, |s| JsValue::from(u32::from(s))),
    );
    set(
        "explanation",
        f.explanation
            .as_deref()
            .map_or(JsValue::NULL, JsValue::from_str),
    );
    err.into()
}

/// Shorthand for facade results.
pub type JsResult<T> = Result<T, JsValue>;

/// Throws `code: message`.
pub fn fail<T>(code: &str, message: impl Into<String>) -> JsResult<T> {
    Err(to_js(Failure::new(code, message)))
}
