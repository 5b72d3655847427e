//! Verbs every `az` resource command shares: the generic `wait` (polling in virtual time) and
//! the confirmation a `delete` needs.

use alloc::string::ToString;
use serde_json::{Map, Value};

use hcsim_core::Input;
use hcsim_core::id::ArmPath;

use super::{Ctx, Failure, Res};
use crate::shell::Command;

/// `delete` commands confirm first; with no terminal to ask, az refuses without `--yes`.
pub(super) fn require_yes(cmd: &Command) -> Res<()> {
    if cmd.flag("yes") {
        Ok(())
    } else {
        Err(Failure::usage(
            "ConfirmationRequired",
            "Unable to prompt for confirmation as no tty available. Use --yes.",
        ))
    }
}

/// Whether a GET result (None: 404) meets the `wait` condition given by the flags.
fn wait_condition(cmd: &Command, state: Option<&Value>) -> Res<bool> {
    let succeeded = |v: &Value| v["properties"]["provisioningState"] == "Succeeded";
    if cmd.flag("deleted") {
        return Ok(state.is_none());
    }
    let Some(v) = state else {
        return Ok(false);
    };
    if cmd.flag("exists") {
        return Ok(true);
    }
    if cmd.flag("created") || cmd.flag("updated") {
        return Ok(succeeded(v));
    }
    let custom = cmd.require("custom")?;
    let r = crate::output::query(v, custom).map_err(|m| Failure::usage("InvalidQuery", m))?;
    Ok(!matches!(r, Value::Null | Value::Bool(false))
        && r.as_array().is_none_or(|a| !a.is_empty())
        && r.as_str().is_none_or(|s| !s.is_empty()))
}

/// az's generic `wait`: GET every `--interval` seconds of virtual time until the condition
/// holds, at most `--timeout` seconds; each poll is one GET of the command's own type.
pub(super) fn wait_until(ctx: &mut Ctx<'_>, cmd: &Command, target: &ArmPath) -> Res<()> {
    let conditions = ["created", "updated", "deleted", "exists", "custom"];
    if !conditions.iter().any(|c| cmd.has(c)) {
        return Err(Failure::usage(
            "MissingArgument",
            "incorrect usage: --created | --updated | --deleted | --exists | --custom JMESPATH",
        ));
    }
    let seconds = |flag: &str, default: u64| {
        cmd.get(flag)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(default)
    };
    let (interval, timeout) = (seconds("interval", 30).max(1), seconds("timeout", 3600));
    let mut waited = 0;
    loop {
        let state = match ctx.get(target) {
            Ok(v) => Some(v),
            Err(Failure::Arm(e)) if e.status == 404 => None,
            Err(e) => return Err(e),
        };
        if wait_condition(cmd, state.as_ref())? {
            return Ok(());
        }
        if state.is_some_and(|v| v["properties"]["provisioningState"] == "Failed")
            && !cmd.has("custom")
        {
            return Err(Failure::usage(
                "WaitFailed",
                alloc::format!(
                    "'{}' ended in provisioningState 'Failed'.",
                    hcsim_core::id::shorten(&target.to_string())
                ),
            ));
        }
        if waited >= timeout {
            return Err(Failure::usage(
                "WaitTimeout",
                alloc::format!("Wait operation timed-out after {timeout} seconds"),
            ));
        }
        ctx.input(Input::Advance {
            by: hcsim_core::time::Millis(interval * 1000),
        });
        waited += interval;
    }
}

/// `--tags a=b c=d` → `{"a": "b", "c": "d"}` (a bare `--tags` clears them), as every az
/// command with `--tags` reads it.
pub(super) fn tags(cmd: &Command) -> Option<Value> {
    if !cmd.has("tags") {
        return None;
    }
    let mut m = Map::new();
    for t in cmd.get_many("tags") {
        let (k, v) = t.split_once('=').unwrap_or((t, ""));
        if !k.is_empty() {
            m.insert(k.to_string(), Value::String(v.to_string()));
        }
    }
    Some(Value::Object(m))
}
