//! `sim …` verbs: drive the simulator itself (time, timing, stage, principal, faults,
//! probes, undo/redo, status).

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Value, json};

use hcsim_core::{FaultKind, FaultSpec, Input, Millis, Network, Output, ProbeSpec, Stage, Timing};

use super::{Ctx, Failure, Res, print};
use crate::outcome::Outcome;
use crate::shell::{self, Command};

/// Runs a `sim` verb.
pub(crate) fn run(ctx: &mut Ctx<'_>, cmd: &Command) -> Res<Outcome> {
    let verb: &[&str] = cmd.path.get(1..).unwrap_or_default();
    match verb {
        ["advance"] => {
            let ms = shell::parse_duration(required(cmd, 0, "DURATION")?)?;
            done(ctx.input(Input::Advance { by: Millis(ms) }))
        }
        ["timing"] => {
            let timing = match required(cmd, 0, "MODE")? {
                "instant" => Timing::Instant,
                _ => Timing::Realistic,
            };
            done(ctx.input(Input::SetTiming { timing }))
        }
        ["stage"] => {
            let stage = match required(cmd, 0, "STAGE")? {
                "private-preview" => Stage::PrivatePreview,
                _ => Stage::Ga,
            };
            done(ctx.input(Input::SetStage { stage }))
        }
        ["seed"] => Ok(Outcome::success(ctx.lab.world().config().seed.to_string())),
        ["as"] => {
            let who = required(cmd, 0, "PRINCIPAL")?.to_string();
            done(ctx.input(Input::ActAs { principal: who }))
        }
        ["fault", "add"] => fault_add(ctx, cmd),
        ["fault", "list"] => fault_list(ctx, cmd),
        ["fault", "clear"] => {
            let fault = match cmd.positional(0) {
                Some(id) => Some(id.trim_start_matches('#').parse::<u32>().map_err(|_| {
                    Failure::usage(
                        "BadArgument",
                        alloc::format!(
                            "FAULT_ID must be a fault number from sim fault list, not '{id}'"
                        ),
                    )
                })?),
                None => None,
            };
            done(ctx.input(Input::ClearFault { fault }))
        }
        ["probe"] => probe(ctx, cmd),
        #[cfg(feature = "full")]
        ["mapping", "test"] => super::mapping::test(ctx, cmd),
        #[cfg(not(feature = "full"))]
        ["mapping", "test"] => Err(super::not_in_this_build("The MedTech mapping engine")),
        ["device", "send"] => super::medtech::send(ctx, cmd),
        ["device", "metrics"] => super::medtech::metrics(ctx, cmd),
        ["fhir"] => super::fhir::run(ctx, cmd),
        ["undo"] => match ctx.lab.undo() {
            Some(label) => Ok(Outcome::success(alloc::format!("Undid: {label}"))),
            None => Ok(Outcome::failure("NothingToUndo", "Nothing to undo.")),
        },
        ["redo"] => match ctx.lab.redo() {
            Some(label) => Ok(Outcome::success(alloc::format!("Redid: {label}"))),
            None => Ok(Outcome::failure("NothingToRedo", "Nothing to redo.")),
        },
        ["status"] => status(ctx, cmd),
        _ => Err(Failure::usage(
            "CommandNotFound",
            alloc::format!(
                "'{}' is not a sim verb; sim help lists them.",
                cmd.path_str()
            ),
        )),
    }
}

/// `sim fault add KIND …`.
fn fault_add(ctx: &mut Ctx<'_>, cmd: &Command) -> Res<Outcome> {
    let kind_text = required(cmd, 0, "KIND")?;
    let kind = FaultKind::from_id(kind_text).ok_or_else(|| {
        let kinds: Vec<&str> = FaultKind::ALL.iter().map(|k| k.id()).collect();
        Failure::usage(
            "InvalidChoice",
            alloc::format!(
                "argument KIND: invalid choice: '{kind_text}' (choose from {})",
                kinds.join(", ")
            ),
        )
    })?;
    let mut spec = FaultSpec::new(kind);
    spec.region = cmd.get("region").map(ToString::to_string);
    spec.zone = cmd.get("zone").and_then(|z| z.parse().ok());
    spec.target = cmd.get("target").map(ToString::to_string);
    spec.probability = cmd.get("probability").and_then(|p| p.parse().ok());
    if let Some(d) = cmd.get("for") {
        spec.duration = Some(Millis(shell::parse_duration(d)?));
    }
    done(ctx.input(Input::AddFault(spec)))
}

/// `sim fault list`.
fn fault_list(ctx: &mut Ctx<'_>, cmd: &Command) -> Res<Outcome> {
    let now = ctx.lab.world().now();
    let faults: Vec<Value> = ctx
        .lab
        .world()
        .faults()
        .map(|f| {
            json!({
                "id": f.id, "kind": f.spec.kind.id(), "scope": f.scope(),
                "probability": f.probability(), "started": f.started.to_string(),
                "ends": f.ends.to_string(), "remaining": (f.ends - now).to_string(),
            })
        })
        .collect();
    if faults.is_empty() && cmd.output == shell::OutputFormat::Json && cmd.query.is_none() {
        return Ok(Outcome::success("No active faults."));
    }
    print(cmd, &Value::Array(faults))
}

/// `sim probe SERVICE_RESOURCE_ID …`: a data-plane call, answered with its status and reason.
fn probe(ctx: &mut Ctx<'_>, cmd: &Command) -> Res<Outcome> {
    let target = required(cmd, 0, "SERVICE_RESOURCE_ID")?.to_string();
    let from = if cmd.get("from") == Some("private") {
        Network::Private
    } else {
        Network::Public
    };
    let spec = ProbeSpec {
        target,
        from,
        principal: cmd.get("as").map(ToString::to_string),
        path: cmd.get("path").map(ToString::to_string),
    };
    match ctx.input(Input::Probe(spec)) {
        Output::Probe(p) => {
            let text = alloc::format!(
                "{} {} {}\n{}",
                p.status,
                status_text(p.status),
                p.url,
                p.reason
            );
            let mut o = Outcome {
                ok: true,
                status: Some(p.status),
                output: text,
                ..Outcome::default()
            };
            if p.status >= 400 {
                // The call was made; its answer is the lesson. Name the rule behind it.
                o.rule = p.rule.map(|r| r.id().to_string());
                o.explanation = p.rule.map(hcsim_core::RuleId::explain);
            }
            Ok(o)
        }
        other => done(other),
    }
}

/// `sim status`.
fn status(ctx: &mut Ctx<'_>, cmd: &Command) -> Res<Outcome> {
    let w = ctx.lab.world();
    let faults: Vec<String> = w
        .faults()
        .map(|f| {
            alloc::format!(
                "#{} {} on {} until {}",
                f.id,
                f.spec.kind.id(),
                f.scope(),
                f.ends
            )
        })
        .collect();
    let operations: Vec<String> = w
        .running_operations()
        .map(|o| alloc::format!("#{} {} {} until {}", o.id, o.kind.as_str(), o.target, o.due))
        .collect();
    // Role assignments not in effect yet (realistic timing's propagation delay).
    let propagating: Vec<String> = w
        .resources_of_type("Microsoft.Authorization/roleAssignments")
        .into_iter()
        .filter(|r| !hcsim_core::propagation::grant_in_effect(r, w.now(), w.timing()))
        .map(|r| {
            alloc::format!(
                "role assignment {} in effect at {}",
                r.id,
                r.created_at + hcsim_core::propagation::RBAC_DELAY
            )
        })
        .collect();
    let sub = w.current_subscription();
    let v = json!({
        "time": w.now().to_string(),
        "timing": w.timing().as_str(),
        "stage": w.stage().as_str(),
        "seed": w.config().seed,
        "principal": w.acting(),
        "subscription": alloc::format!("{} ({sub})", w.subscription_name(sub).unwrap_or_default()),
        "resources": w.resource_count(),
        "operations": operations,
        "propagating": propagating,
        "faults": faults,
        "steps": ctx.lab.session().cursor(),
        "traceHash": w.trace_hash_hex(),
    });
    print(cmd, &v)
}

fn required<'a>(cmd: &'a Command, i: usize, name: &str) -> Res<&'a str> {
    cmd.positional(i).ok_or_else(|| {
        Failure::usage(
            "MissingArgument",
            alloc::format!("the following arguments are required: {name}"),
        )
    })
}

fn done(out: Output) -> Res<Outcome> {
    match out {
        Output::Done { message } => Ok(Outcome::success(message)),
        Output::Refused { error } => Err(Failure::Arm(error)),
        _ => Ok(Outcome::success("")),
    }
}

fn status_text(s: u16) -> &'static str {
    match s {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}
