//! Bicep in the lab, compiled by hcsim's own compiler (`hcsim-bicep`), as az runs
//! `bicep build` before it sends a deployment:
//!
//! - `az bicep build --file F [--outfile O | --outdir D | --stdout]`: the ARM JSON, written
//!   to the lab's files (az writes `F`'s stem `.json` next to it) or printed;
//! - `az bicep version` / `install` / `upgrade`: answered as az answers with Bicep present;
//! - a `.bicep` `--template-file` and a `.bicepparam` `--parameters` file for
//!   `az deployment group create|what-if|validate` (az decides by the extension).
//!
//! Modules and `load…Content` files are read through the lab's file reader, with paths
//! relative to the file that names them (so the front end's folder rule applies to them).

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::Value;

use hcsim_bicep::BicepError;

use crate::exec::{Ctx, Failure, Res};
use crate::outcome::Outcome;
use crate::shell::Command;
use crate::state::State;

/// What `az bicep version` reports for hcsim's compiler.
pub(crate) const VERSION_LINE: &str =
    "Bicep CLI version 0.0.0-hcsim (hcsim's built-in compiler; no .NET, no network)";

fn has_ext(path: &str, ext: &str) -> bool {
    path.len() > ext.len()
        && path
            .get(path.len() - ext.len()..)
            .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// True for a `.bicep` file (az compiles it before deploying).
pub(crate) fn is_bicep(path: &str) -> bool {
    has_ext(path, ".bicep")
}

/// True for a `.bicepparam` file.
pub(crate) fn is_bicepparam(path: &str) -> bool {
    has_ext(path, ".bicepparam")
}

/// A compile error as az prints Bicep's: `F(line,col) : Error BCPnnn: message [link]`.
pub(crate) fn failure(e: &BicepError) -> Failure {
    let code = if e.code.is_empty() {
        "BicepBuildFailed"
    } else {
        e.code
    };
    let link = if e.code.is_empty() {
        String::new()
    } else {
        alloc::format!(" [https://aka.ms/bicep/core-diagnostics#{}]", e.code)
    };
    Failure::usage(code, alloc::format!("{e}{link}"))
}

/// Compiles the Bicep file `path` (text already read) to its ARM template.
pub(crate) fn compile(lab: &State, path: &str, text: &str) -> Res<Value> {
    let mut load = |p: &str| lab.read_file(p);
    hcsim_bicep::compile(path, text, &mut load).map_err(|e| failure(&e))
}

/// az's check before a resource-group deployment of a Bicep file (azure-cli's
/// `validate_bicep_target_scope`): the compiled schema must be the resource-group one.
pub(crate) fn check_group_scope(template: &Value) -> Res<()> {
    let schema = template["$schema"].as_str().unwrap_or("");
    let scope = [
        ("subscriptionDeploymentTemplate", "subscription"),
        ("managementGroupDeploymentTemplate", "managementGroup"),
        ("tenantDeploymentTemplate", "tenant"),
    ]
    .iter()
    .find(|(s, _)| schema.contains(s))
    .map(|(_, name)| *name);
    match scope {
        None => Ok(()),
        Some(target) => Err(Failure::usage(
            "InvalidTemplateError",
            alloc::format!(
                "The target scope \"{target}\" does not match the deployment scope \"resourceGroup\"."
            ),
        )),
    }
}

/// A `.bicepparam` file: its `using` template path (resolved) and its parameters object.
pub(crate) fn params(lab: &State, path: &str) -> Res<(Option<String>, Value)> {
    let text = lab
        .read_file(path)
        .map_err(|e| Failure::usage("FileNotFound", alloc::format!("--parameters: {e}")))?;
    let p = hcsim_bicep::compile_params(path, &text).map_err(|e| failure(&e))?;
    Ok((p.using, p.parameters))
}

/// Every file a Bicep or parameters file reads (modules, `load…` files, the `using`
/// template), as (path, text), through `read`: what a scenario preloads for it.
pub(crate) fn referenced_files(
    path: &str,
    text: &str,
    read: &dyn Fn(&str) -> Result<String, String>,
) -> Vec<(String, String)> {
    let mut seen: Vec<(String, String)> = Vec::new();
    let (main, main_text) = if is_bicepparam(path) {
        match hcsim_bicep::compile_params(path, text)
            .ok()
            .and_then(|p| p.using)
            .and_then(|u| read(&u).ok().map(|t| (u, t)))
        {
            Some((u, t)) => {
                seen.push((u.clone(), t.clone()));
                (u, t)
            }
            None => return seen,
        }
    } else {
        (path.to_string(), text.to_string())
    };
    let mut load = |p: &str| {
        let t = read(p)?;
        if !seen.iter().any(|(s, _)| s == p) {
            seen.push((p.to_string(), t.clone()));
        }
        Ok(t)
    };
    let _ = hcsim_bicep::compile(&main, &main_text, &mut load);
    seen
}

/// Runs `az bicep VERB`.
pub(crate) fn run(ctx: &mut Ctx<'_>, cmd: &Command, verb: &str) -> Res<Outcome> {
    match verb {
        "build" => build(ctx, cmd),
        "version" => Ok(Outcome::success(VERSION_LINE)),
        "install" | "upgrade" => Ok(Outcome::success(
            "Bicep CLI is already installed at 'hcsim (built in)'. Skipping installation as no specific version was requested.",
        )),
        _ => Err(Failure::usage(
            "CommandNotFound",
            alloc::format!("'{}' is not supported by hcsim.", cmd.path_str()),
        )),
    }
}

/// `az bicep build`: compiles, then prints (`--stdout`) or writes the JSON file.
fn build(ctx: &mut Ctx<'_>, cmd: &Command) -> Res<Outcome> {
    let file = cmd.require("file")?;
    let text = ctx
        .lab
        .read_file(file)
        .map_err(|e| Failure::usage("FileNotFound", alloc::format!("--file: {e}")))?;
    let template = compile(ctx.lab, file, &text)?;
    let json = super::bicep_print::template(&template);
    if cmd.flag("stdout") {
        return Ok(Outcome::success(json));
    }
    let out = match (cmd.get("outfile"), cmd.get("outdir")) {
        (Some(o), _) => o.to_string(),
        (None, Some(d)) => alloc::format!("{}/{}.json", d.trim_end_matches('/'), stem(file)),
        (None, None) => match file.rsplit_once(['/', '\\']) {
            Some((dir, _)) => alloc::format!("{dir}/{}.json", stem(file)),
            None => alloc::format!("{}.json", stem(file)),
        },
    };
    ctx.lab.files.insert(out, json);
    // az prints nothing when the build succeeds.
    Ok(Outcome::success(""))
}

fn stem(path: &str) -> &str {
    let base = path.rsplit(['/', '\\']).next().unwrap_or(path);
    match base.rsplit_once('.') {
        Some((s, _)) if !s.is_empty() => s,
        _ => base,
    }
}
