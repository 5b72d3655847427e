//! `sim device send` and `sim device metrics`: device messages onto an IoT connector's event
//! hub (a given body, or a built-in generator deterministic from the seed), and the
//! connector's metrics as the core counts them.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Value, json};

use hcsim_core::id::ArmPath;
use hcsim_core::medtech::{DeviceMessage, timestamp_at};
use hcsim_core::{Input, Millis, Output, SimTime};

use super::ids::{Hc, validation};
use super::{Ctx, Failure, Res, print};
use crate::outcome::Outcome;
use crate::shell::{self, Command};

const IOT_TYPE: &str = "Microsoft.HealthcareApis/workspaces/iotconnectors";

/// The connector: CONNECTOR_ID (checked to be an IoT connector's id) or the name flags.
fn connector(ctx: &Ctx<'_>, cmd: &Command) -> Res<String> {
    match cmd.positional(0) {
        Some(id) => {
            let p = ArmPath::parse(id).map_err(|e| {
                validation(alloc::format!("CONNECTOR_ID is not a resource id: {e}"))
            })?;
            if !p.resource_type().eq_ignore_ascii_case(IOT_TYPE) {
                return Err(validation(alloc::format!(
                    "CONNECTOR_ID must be an IoT connector ({IOT_TYPE}), not a {}.",
                    p.resource_type()
                )));
            }
            Ok(p.to_string())
        }
        None if cmd.get("name").is_some() => {
            let p = Hc::Child("iotconnectors", "iot_connector_name")
                .by_names(cmd, &ctx.subscription())?;
            Ok(p.to_string())
        }
        None => Err(Failure::usage(
            "MissingArgument",
            "the following arguments are required: CONNECTOR_ID (or --resource-group, --workspace-name and --name)",
        )),
    }
}

/// A number from the seed, the message's index and a salt, in `lo..=hi` (no floats).
fn dice(seed: u64, i: u64, salt: u64, lo: u64, hi: u64) -> u64 {
    let mut x =
        seed ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ salt.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 31;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 29;
    lo + x % (hi - lo + 1)
}

/// One generated message body at virtual time `at`.
fn generated(kind: &str, seed: u64, i: u64, device: &str, patient: &str, at: SimTime) -> Value {
    let mut body = match kind {
        "blood-pressure" => {
            json!({"systolic": dice(seed, i, 1, 105, 140), "diastolic": dice(seed, i, 2, 65, 90)})
        }
        "steps" => json!({"steps": dice(seed, i, 3, 0, 120)}),
        "spo2" => json!({"spo2": dice(seed, i, 4, 93, 100)}),
        _ => json!({"heartRate": dice(seed, i, 5, 58, 96)}),
    };
    body["deviceId"] = json!(device);
    body["patientId"] = json!(patient);
    body["endDate"] = json!(timestamp_at(at).to_iso());
    body
}

/// `sim device send`.
pub(crate) fn send(ctx: &mut Ctx<'_>, cmd: &Command) -> Res<Outcome> {
    let id = connector(ctx, cmd)?;
    let count: u64 = cmd
        .get_or_default("count")
        .and_then(|c| c.parse().ok())
        .unwrap_or(1);
    let every = Millis(shell::parse_duration(
        cmd.get_or_default("every").unwrap_or("1m"),
    )?);
    let device = cmd.get("device").map(ToString::to_string);
    let sources = [cmd.get("message"), cmd.get("file"), cmd.get("generator")];
    let body = match sources {
        [Some(m), None, None] => Some(ctx.json_arg(m, "--message")?),
        [None, Some(f), None] => Some(ctx.json_arg(&alloc::format!("@{f}"), "--file")?),
        [None, None, Some(_)] => None,
        _ => {
            return Err(Failure::usage(
                "MutuallyExclusiveArguments",
                "give exactly one of --message, --file or --generator",
            ));
        }
    };
    let w = ctx.lab.world();
    let (seed, now) = (w.config().seed, w.now());
    let dev_name = device.clone().unwrap_or_else(|| "device01".into());
    let patient = cmd
        .get("patient")
        .map_or_else(|| alloc::format!("patient-{dev_name}"), ToString::to_string);
    let messages: Vec<DeviceMessage> = (0..count)
        .map(|i| {
            let offset = Millis(every.0.saturating_mul(i));
            let body = match (&body, cmd.get("generator")) {
                (Some(b), _) => b.clone(),
                (None, g) => generated(
                    g.unwrap_or("heart-rate"),
                    seed,
                    i,
                    &dev_name,
                    &patient,
                    now + offset,
                ),
            };
            DeviceMessage {
                offset,
                body,
                device: device.clone(),
            }
        })
        .collect();
    match ctx.input(Input::DeviceMessages {
        connector: id,
        messages,
    }) {
        Output::Done { message } => Ok(Outcome::success(message)),
        other => Err(super::unexpected(other)),
    }
}

/// `sim device metrics`.
pub(crate) fn metrics(ctx: &mut Ctx<'_>, cmd: &Command) -> Res<Outcome> {
    let id = connector(ctx, cmd)?;
    let w = ctx.lab.world();
    if w.find(&id).is_none() {
        return Err(Failure::usage(
            "ResourceNotFound",
            alloc::format!(
                "The IoT connector '{}' was not found.",
                hcsim_core::id::shorten(&id)
            ),
        ));
    }
    let m = w.connector_metrics(&id).unwrap_or_default();
    // Inserted one by one (already in key order), not collected: a map built by `collect`
    // sorts its pairs first, a sort the start module need not carry (docs/WASM-SIZE.md).
    let mut errors = serde_json::Map::new();
    for (k, v) in &m.metrics.errors {
        errors.insert(k.clone(), json!(v));
    }
    let v = json!({
        "incomingMessages": m.metrics.received,
        "normalizedMessages": m.metrics.normalized,
        "measurements": m.metrics.measurements,
        "groups": m.metrics.groups,
        "fhirResourcesSaved": m.metrics.saved,
        "errors": errors,
        "totalErrors": m.metrics.total_errors(),
        "waiting": m.waiting,
        "waitingFor": m.waiting_for,
    });
    print(cmd, &v)
}
