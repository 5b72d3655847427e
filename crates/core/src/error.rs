//! The one error type of the simulated control plane: ARM's `{status, code, message, target}`
//! plus the broken rule, so that every rejection can teach.

use alloc::string::String;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::rules::RuleId;

/// An ARM error response, with the rule it enforces.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArmError {
    /// HTTP status (400, 403, 404, 409, 429, 500, 503 …).
    pub status: u16,
    /// ARM error code: Azure's real one where known (`CannotDeleteResource`, `ResourceNotFound`,
    /// `AuthorizationFailed` …), otherwise one of hcsim's own, documented in `sim help rules`.
    pub code: String,
    /// The message, worded as Azure words it where known.
    pub message: String,
    /// The offending resource id or property, as ARM's `target`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// The rule of the rulebook that the request broke.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<RuleId>,
}

impl ArmError {
    /// An error for `rule`.
    pub fn new(status: u16, code: &str, message: String, rule: RuleId) -> ArmError {
        ArmError {
            status,
            code: code.into(),
            message,
            target: None,
            rule: Some(rule),
        }
    }

    /// Sets the `target`.
    pub fn at(mut self, target: &str) -> ArmError {
        self.target = Some(target.into());
        self
    }

    /// The ARM body: `{"error": {"code", "message", "target"}}`.
    pub fn body(&self) -> Value {
        let mut e = json!({"code": self.code, "message": self.message});
        if let Some(t) = &self.target {
            e["target"] = Value::String(t.clone());
        }
        json!({ "error": e })
    }

    /// The teaching text: the rule, why it exists and how to fix it.
    pub fn explanation(&self) -> Option<String> {
        self.rule.map(RuleId::explain)
    }
}

impl core::fmt::Display for ArmError {
    /// `(Code) message`, as az prints errors.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "({}) {}", self.code, self.message)
    }
}
