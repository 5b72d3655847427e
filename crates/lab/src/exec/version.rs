//! `az version` and `az upgrade`: the commands every Learn article's "prepare your environment"
//! include names ("Run az version to find the version and dependent libraries that are
//! installed. To upgrade to the latest version, run az upgrade.").
//!
//! Sources: azure-cli `command_modules/util/custom.py` (`show_version` returns
//! `get_az_version_json()`: `azure-cli`, `azure-cli-core`, `azure-cli-telemetry` and the
//! installed extensions; `upgrade_version` logs its progress as warnings on stderr and prints
//! nothing) and its `commands.py` (`az upgrade` is in preview, so az first prints the preview
//! note).
//! Assumption: the simulated az is release [`AZ_VERSION`] and is the latest one, so `az upgrade`
//! finds nothing to install (hcsim is offline).

use alloc::string::String;
use alloc::vec::Vec;
use serde_json::json;

use super::{Ctx, Res, print};
use crate::outcome::Outcome;
use crate::shell::Command;

/// The az release hcsim imitates (assumption: any 2.x from 2.37 on prints what hcsim prints).
pub(crate) const AZ_VERSION: &str = "2.67.0";
/// azure-cli-telemetry's version in that release.
const TELEMETRY_VERSION: &str = "1.1.0";
/// The note for a command in preview (`knack/preview.py`), printed on stderr as it is.
const PREVIEW_NOTE: &str = "This command is in preview and under development. Reference and support levels: https://aka.ms/CLI_refstatus";

/// `az --version`: azure-cli's `get_az_version_string` (module versions padded to 25 + 15
/// columns, extensions and dependencies to 20 + 20), then `show_version_info_exit`'s verdict.
/// Assumptions: the dependency versions, Python's and the paths are those of a typical Linux
/// install of [`AZ_VERSION`]; the CLI is up to date (as `az upgrade` says).
pub(crate) fn version_text() -> String {
    let mut s = String::new();
    let module = |s: &mut String, name: &str, v: &str| {
        s.push_str(&alloc::format!("{name:<25}{v:>15}\n"));
    };
    let pair = |s: &mut String, name: &str, v: &str| {
        s.push_str(&alloc::format!("{name:<20}{v:>20}\n"));
    };
    module(&mut s, "azure-cli", AZ_VERSION);
    s.push('\n');
    module(&mut s, "core", AZ_VERSION);
    module(&mut s, "telemetry", TELEMETRY_VERSION);
    s.push_str("\nExtensions:\n");
    pair(&mut s, "healthcareapis", super::catalog::EXTENSION_VERSION);
    s.push_str("\nDependencies:\n");
    pair(&mut s, "msal", "1.31.0");
    pair(&mut s, "azure-mgmt-resource", "23.1.1");
    s.push_str("\nPython location '/opt/az/bin/python3'\n");
    s.push_str("Extensions directory '/home/trainee/.azure/cliextensions'\n\n");
    s.push_str("Python (Linux) 3.12.8\n\n");
    s.push_str("Legal docs and information: aka.ms/AzureCliLegal\n\n\n");
    s.push_str("Your CLI is up-to-date.");
    s
}

/// Runs `az version` or `az upgrade`.
pub(crate) fn run(ctx: &mut Ctx<'_>, cmd: &Command, verb: &str) -> Res<Outcome> {
    if verb == "upgrade" {
        return Ok(upgrade(ctx, cmd));
    }
    let v = json!({
        "azure-cli": AZ_VERSION,
        "azure-cli-core": AZ_VERSION,
        "azure-cli-telemetry": TELEMETRY_VERSION,
        "extensions": {"healthcareapis": super::catalog::EXTENSION_VERSION},
    });
    print(cmd, &v)
}

/// `az upgrade [--all true|false] [--yes]`: already the latest; the extensions are checked
/// too unless `--all false`.
fn upgrade(ctx: &mut Ctx<'_>, cmd: &Command) -> Outcome {
    ctx.notice(PREVIEW_NOTE);
    let mut warnings: Vec<String> = alloc::vec![alloc::format!(
        "You already have the latest azure-cli version: {AZ_VERSION}"
    )];
    let all = !cmd
        .get("all")
        .is_some_and(|v| v.eq_ignore_ascii_case("false"));
    if all {
        warnings.push("Upgrading extensions".into());
        warnings.push("Checking update for healthcareapis".into());
        warnings.push("Latest version of 'healthcareapis' is already installed.".into());
        warnings.push("Upgrade finished.You can enable auto-upgrade with 'az config set auto-upgrade.enable=yes'. More details in https://docs.microsoft.com/cli/azure/update-azure-cli#automatic-update".into());
    }
    for w in warnings {
        ctx.warn(w);
    }
    Outcome::success("")
}
