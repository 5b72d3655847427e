//! The deployment record (`Microsoft.Resources/deployments/{name}`) as ARM shows it, and the
//! vocabulary the other deployment modules share (a leaf: it imports none of them).
// Without deployments only the type name is used (routing refuses the rest).
#![cfg_attr(not(feature = "deployments"), allow(dead_code))]

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value, json};

use crate::error::ArmError;
use crate::time::SimTime;

/// The ARM type of a deployment record.
pub const DEPLOYMENTS: &str = "Microsoft.Resources/deployments";

/// ARM's top-level message of a failed deployment.
pub const FAILED_MESSAGE: &str = "At least one resource deployment operation failed. Please list deployment operations for details. Please see https://aka.ms/arm-deployment-operations for usage details.";

/// The record's property listing the resources that were never attempted because a resource
/// they depend on failed. An hcsim extension (ARM shows them only as deployment operations).
pub const NOT_ATTEMPTED_KEY: &str = "hcsimNotAttempted";

/// How a deployment treats what the group holds and the template does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Leave it alone (ARM's default).
    Incremental,
    /// Delete it.
    Complete,
}

impl Mode {
    /// ARM's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Incremental => "Incremental",
            Mode::Complete => "Complete",
        }
    }
}

/// The parts of a record fixed when the deployment starts, and those its run fills in.
#[derive(Clone, Debug)]
pub(crate) struct Record {
    /// Incremental or Complete.
    pub mode: Mode,
    /// A stable correlation id (derived from the deployment id and start time).
    pub correlation_id: String,
    /// FNV-1a of the template text.
    pub template_hash: String,
    /// The parameters as ARM echoes them (`{"p": {"type": "String", "value": …}}`).
    pub parameters: Value,
    /// The planned `dependsOn` edges, as ARM lists them.
    pub dependencies: Value,
    /// The evaluated outputs, once succeeded.
    pub outputs: Value,
    /// `[{"id": …}]` of the resources the run started.
    pub output_resources: Vec<Value>,
    /// Resources never attempted (see [`NOT_ATTEMPTED_KEY`]).
    pub not_attempted: Vec<String>,
    /// When the deployment started.
    pub start: SimTime,
}

impl Record {
    /// The record's body at `now` in `state` (`Running`, `Succeeded`, `Failed`).
    pub fn body(&self, state: &str, now: SimTime, error: Option<Value>) -> Value {
        let mut props = json!({
            "mode": self.mode.as_str(),
            "provisioningState": state,
            "timestamp": now.to_iso(),
            "duration": iso_duration(now.0.saturating_sub(self.start.0)),
            "correlationId": self.correlation_id,
            "templateHash": self.template_hash,
            "parameters": self.parameters,
            "outputs": self.outputs,
            "outputResources": self.output_resources,
            "dependencies": self.dependencies,
            "error": error.unwrap_or(Value::Null),
        });
        if !self.not_attempted.is_empty() {
            props[NOT_ATTEMPTED_KEY] = Value::from(self.not_attempted.clone());
        }
        json!({ "properties": props })
    }
}

/// The parameters of a record as ARM echoes them: declared type, and the value unless secure.
pub(crate) fn echo_parameters(values: Map<String, Value>, template: &Value) -> Value {
    let mut out = Map::new();
    for (k, v) in values {
        let ty = template["parameters"]
            .as_object()
            .and_then(|p| p.iter().find(|(n, _)| n.eq_ignore_ascii_case(&k)))
            .and_then(|(_, d)| d["type"].as_str())
            .unwrap_or("string")
            .to_ascii_lowercase();
        let (arm, secure) = match ty.as_str() {
            "securestring" => ("SecureString", true),
            "secureobject" => ("SecureObject", true),
            "int" => ("Int", false),
            "bool" => ("Bool", false),
            "object" => ("Object", false),
            "array" => ("Array", false),
            _ => ("String", false),
        };
        let mut p = Map::new();
        p.insert("type".into(), Value::String(arm.into()));
        if !secure {
            p.insert("value".into(), v);
        }
        out.insert(k, Value::Object(p));
    }
    Value::Object(out)
}

/// An ARM error that no rule of the rulebook stands behind (a template's own mistake, an
/// inner error passed on, or the deployment's summary, which takes its rule from within).
pub(crate) fn plain(status: u16, code: &str, message: &str) -> ArmError {
    ArmError {
        status,
        code: code.to_string(),
        message: message.to_string(),
        target: None,
        rule: None,
    }
}

/// ISO 8601 duration as ARM prints it (`PT6M12.345S`).
pub(crate) fn iso_duration(ms: u64) -> String {
    let (h, m, s, f) = (
        ms / 3_600_000,
        (ms / 60_000) % 60,
        (ms / 1000) % 60,
        ms % 1000,
    );
    let mut out = String::from("PT");
    if h > 0 {
        out.push_str(&alloc::format!("{h}H"));
    }
    if m > 0 {
        out.push_str(&alloc::format!("{m}M"));
    }
    if f > 0 {
        out.push_str(&alloc::format!("{s}.{f:03}S"));
    } else if s > 0 || (h == 0 && m == 0) {
        out.push_str(&alloc::format!("{s}S"));
    }
    out
}

/// ARM's `error` of a failed deployment; each detail carries hcsim's `rule` (an extension).
pub(crate) fn error_body(errors: &[(String, ArmError)]) -> Value {
    let details: Vec<Value> = errors
        .iter()
        .map(|(id, e)| {
            let mut d = json!({"code": e.code, "message": e.message, "target": id});
            if let Some(r) = e.rule {
                d["rule"] = Value::String(r.id().to_string());
            }
            d
        })
        .collect();
    json!({"code": "DeploymentFailed", "message": FAILED_MESSAGE, "details": details})
}

#[cfg(test)]
mod tests {
    use super::iso_duration;

    #[test]
    fn durations_print_like_arm() {
        assert_eq!(iso_duration(0), "PT0S");
        assert_eq!(iso_duration(61_500), "PT1M1.500S");
        assert_eq!(iso_duration(3_600_000), "PT1H");
        assert_eq!(iso_duration(372_000), "PT6M12S");
    }
}
