//! `sim mapping test CONNECTOR_ID (--message JSON | --file F | --sample NAME)`: the mapping
//! debugger in the console. It reads the connector's stored device mapping and its FHIR
//! destination's mapping, runs the message through them (`mapping::debug`) and prints
//! every template, expression, measurement, group and Observation, then the verdict. It
//! changes nothing; a message that would fail makes the line fail with the service's error
//! name, so a script or a lesson can expect it.

use alloc::string::{String, ToString};

use super::{Ctx, Failure, Res};
use crate::mapping::debug::{MappingDebug, Mappings, parse_message};
use crate::mapping::samples::{SAMPLES, sample};
use crate::mapping::text as mapping_text;
use crate::outcome::Outcome;
use crate::shell::Command;

/// The message text the command was given.
fn message_text(ctx: &Ctx<'_>, cmd: &Command) -> Res<String> {
    if let Some(m) = cmd.get("message") {
        return Ok(String::from(m));
    }
    if let Some(f) = cmd.get("file") {
        return ctx
            .lab
            .read_file(f.trim_start_matches('@'))
            .map_err(|e| Failure::usage("FileNotFound", e));
    }
    let name = cmd.get("sample").unwrap_or("heartrate");
    sample(name)
        .map(|s| String::from(s.message))
        .ok_or_else(|| {
            let names: alloc::vec::Vec<&str> = SAMPLES.iter().map(|s| s.id).collect();
            Failure::usage(
                "InvalidChoice",
                alloc::format!(
                    "argument --sample: invalid choice: '{name}' (choose from {})",
                    names.join(", ")
                ),
            )
        })
}

/// CONNECTOR_ID as given (an IoT connector or its FHIR destination: `Mappings::of_connector`
/// says which it is not), or the connector named by `-g`, `--workspace-name` and `-n` (the
/// name flags `sim device send` takes), built by the id type.
fn connector_id(ctx: &Ctx<'_>, cmd: &Command) -> Res<String> {
    if let Some(id) = cmd.positional(0) {
        return Ok(String::from(id));
    }
    if cmd.get("name").is_some() {
        let p = super::ids::Hc::Child("iotconnectors", "iot_connector_name")
            .by_names(cmd, &ctx.subscription())?;
        return Ok(p.to_string());
    }
    Err(Failure::usage(
        "MissingArgument",
        "the following arguments are required: CONNECTOR_ID (or --resource-group, --workspace-name and --name)",
    ))
}

/// Runs `sim mapping test`.
pub(crate) fn test(ctx: &mut Ctx<'_>, cmd: &Command) -> Res<Outcome> {
    let id = connector_id(ctx, cmd)?;
    let world = ctx.lab.world();
    let mappings =
        Mappings::of_connector(world, &id).map_err(|m| Failure::usage("ResourceNotFound", m))?;
    let text = message_text(ctx, cmd)?;
    let event = parse_message(&text, &ctx.lab.world().now().to_iso())
        .map_err(|m| Failure::usage("InvalidMessage", m))?;
    let debug = MappingDebug::run(&mappings, &event);
    let output = mapping_text::text(&debug);
    if debug.ok {
        return Ok(Outcome::success(output));
    }
    let code = debug.error.as_deref().unwrap_or("MappingTestFailed");
    let mut out = Outcome::failure(code, output);
    out.error = Some(alloc::format!("✗ {}", debug.summary));
    Ok(out)
}
