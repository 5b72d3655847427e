//! az's warnings channel: what az logs with `logger.warning` goes to stderr (knack
//! `knack/log.py`: `WARNING: message` without colour), never into the output, so `-o json`
//! stays parseable; `--only-show-errors` silences it.

use hcsim_core::{Config, Timing};
use hcsim_lab::Lab;

mod support;
use support::ok;

const SUB: &str = "/subscriptions/11111111-1111-1111-1111-111111111111";

fn lab() -> Lab {
    let mut c = Config::new(11);
    c.timing = Timing::Instant;
    let mut l = Lab::new(c);
    for line in [
        "az group create -n rg1 -l eastus",
        "az healthcareapis workspace create -n ws1 -g rg1",
        "az healthcareapis workspace fhir-service create -n fhir1 --workspace-name ws1 -g rg1 --kind fhir-R4",
        "az lock create -n keep -t CanNotDelete -g rg1",
    ] {
        let o = l.run(line);
        assert!(o.ok, "{line}: {}", o.output);
    }
    l
}

fn ws_path() -> hcsim_core::id::ArmPath {
    hcsim_core::id::ArmPath::parse(SUB)
        .unwrap()
        .group("rg1")
        .provider("Microsoft.HealthcareApis", "workspaces", "ws1")
}

fn ws_id() -> String {
    ws_path().to_string()
}

/// azure-cli `azure/cli/core/commands/arm.py`, `parse_ids_arguments`: one warning per id part
/// given, naming its first option, required parts in signature order (group, parents,
/// name), then the optional `--subscription`; the ids decide what is sent.
#[test]
fn names_given_with_ids_are_ignored_with_az_warning_in_az_order() {
    let mut l = lab();
    let id = ws_path().child("fhirservices", "fhir1").to_string();
    let o = ok(
        &mut l,
        &format!(
            "az healthcareapis workspace fhir-service show --ids {id} -n nope --workspace-name nope -g nope --subscription 11111111-1111-1111-1111-111111111111"
        ),
    );
    assert_eq!(
        o.warnings,
        [
            "option '--resource-group' will be ignored due to use of '--ids'.",
            "option '--workspace-name' will be ignored due to use of '--ids'.",
            "option '--name' will be ignored due to use of '--ids'.",
            "option '--subscription' will be ignored due to use of '--ids'.",
        ]
    );
    let v: serde_json::Value = serde_json::from_str(&o.output).expect("stdout is JSON alone");
    assert_eq!(v["name"], "fhir1");
    assert!(l.sent_requests().iter().all(|r| r.path == id));
    // The form shown is the first of az's options_list, whatever spelling was typed.
    let o = ok(
        &mut l,
        &format!(
            "az healthcareapis workspace show --ids {} --workspace-name x",
            ws_id()
        ),
    );
    assert_eq!(
        o.warnings,
        ["option '--name' will be ignored due to use of '--ids'."]
    );
    let lines: Vec<String> = o.warning_lines().collect();
    assert_eq!(
        lines,
        ["WARNING: option '--name' will be ignored due to use of '--ids'."]
    );
}

/// knack `log.py` `_determine_log_level`: `--only-show-errors` shows errors only.
#[test]
fn only_show_errors_silences_warnings() {
    let mut l = lab();
    let o = ok(
        &mut l,
        &format!(
            "az healthcareapis workspace show --ids {} -n x --only-show-errors",
            ws_id()
        ),
    );
    assert!(o.warnings.is_empty(), "{:?}", o.warnings);
}

/// `az lock`/`az resource` parse `--ids` in the command (azure-cli `resource/custom.py`
/// `show_resource(cmd, resource_ids=None, …)`, `get_lock(…, ids=None)`), so `arm.py`'s
/// warning is not given: the names are ignored silently.
#[test]
fn custom_ids_commands_ignore_names_without_warning() {
    let mut l = lab();
    let lock = hcsim_core::id::ArmPath::parse(SUB)
        .unwrap()
        .group("rg1")
        .provider("Microsoft.Authorization", "locks", "keep")
        .to_string();
    let o = ok(&mut l, &format!("az lock show --ids {lock} -n other"));
    assert!(o.warnings.is_empty(), "{:?}", o.warnings);
    assert!(o.output.contains("\"keep\""), "{}", o.output);
    let o = ok(
        &mut l,
        &format!("az resource show --ids {} -n other", ws_id()),
    );
    assert!(o.warnings.is_empty(), "{:?}", o.warnings);
}

/// The legacy service's retirement warning is a warning: stdout of `service create -o json`
/// is the service's JSON alone (it broke JSON parsing when printed first).
#[test]
fn legacy_retirement_warning_is_not_in_stdout() {
    let mut l = lab();
    let o = ok(
        &mut l,
        "az healthcareapis service create -g rg1 --resource-name legacyw1 --kind fhir-R4 --location westus2 -o json",
    );
    let v: serde_json::Value = serde_json::from_str(&o.output).expect("pure JSON");
    assert_eq!(v["kind"], "fhir-R4");
    assert_eq!(o.warnings.len(), 1);
    let w = &o.warnings[0];
    assert!(w.starts_with("Azure API for FHIR is retired"), "{w}");
    assert!(
        w.contains("30 September 2026") && w.contains("1 April 2025"),
        "{w}"
    );
    assert!(
        !w.starts_with("WARNING"),
        "the prefix is the front end's: {w}"
    );
}

/// azure-cli `extension/operations.py`: adding an installed extension logs a warning and
/// prints nothing.
#[test]
fn extension_add_of_an_installed_extension_only_warns() {
    let mut l = lab();
    let o = ok(&mut l, "az extension add --name healthcareapis");
    assert_eq!(o.output, "");
    assert_eq!(
        o.warnings,
        ["Extension 'healthcareapis' is already installed."]
    );
}

/// A `;` line keeps every command's warnings, in order.
#[test]
fn a_joined_line_keeps_each_commands_warnings() {
    let mut l = lab();
    let o = ok(
        &mut l,
        &format!(
            "az healthcareapis workspace show --ids {id} -n a; az healthcareapis workspace show --ids {id} -g b",
            id = ws_id()
        ),
    );
    assert_eq!(
        o.warnings,
        [
            "option '--name' will be ignored due to use of '--ids'.",
            "option '--resource-group' will be ignored due to use of '--ids'.",
        ]
    );
}

/// azure-cli `command_modules/util/custom.py`: `az version` prints `get_az_version_json()`;
/// `az upgrade` (in preview: the note is printed on stderr as it is, by
/// `_resolve_preview_and_deprecation_warnings`) logs its progress as warnings and prints
/// nothing.
#[test]
fn az_version_prints_json_and_az_upgrade_only_talks_on_stderr() {
    let mut l = lab();
    let o = ok(&mut l, "az version");
    let v: serde_json::Value = serde_json::from_str(&o.output).expect("json");
    assert_eq!(v["azure-cli"], v["azure-cli-core"]);
    assert!(v["azure-cli-telemetry"].is_string());
    assert!(v["extensions"]["healthcareapis"].is_string());
    let o = ok(&mut l, "az upgrade");
    assert_eq!(o.output, "");
    assert_eq!(
        o.notices,
        [
            "This command is in preview and under development. Reference and support levels: https://aka.ms/CLI_refstatus"
        ]
    );
    let lines: Vec<String> = o.warning_lines().collect();
    assert!(
        lines[0].starts_with("This command is in preview"),
        "{lines:?}"
    );
    assert!(lines[1].starts_with("WARNING: You already have the latest azure-cli version: 2."));
    assert!(
        lines
            .last()
            .is_some_and(|l| l.starts_with("WARNING: Upgrade finished."))
    );
    let o = ok(&mut l, "az upgrade --all false --yes");
    assert_eq!(o.warnings.len(), 1, "{:?}", o.warnings);
    let o = ok(&mut l, "az upgrade --only-show-errors");
    assert!(o.notices.is_empty() && o.warnings.is_empty());
}

/// azure-cli `get_az_version_string`: `az --version` prints the module table (25 + 15
/// columns), the extensions, the dependencies, then whether the CLI is up to date.
#[test]
fn az_dash_dash_version_prints_the_version_table() {
    let mut l = lab();
    let o = ok(&mut l, "az --version");
    let first = o.output.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("azure-cli") && first.len() == 40,
        "{first:?}"
    );
    assert!(
        o.output.contains("\nExtensions:\nhealthcareapis"),
        "{}",
        o.output
    );
    assert!(
        o.output.ends_with("Your CLI is up-to-date."),
        "{}",
        o.output
    );
}

/// azure-cli `auth/identity.py` (`login_with_auth_code`'s `_prompt_launching_ui`, the device
/// code flow's `logger.warning(flow["message"])`): an interactive sign-in talks on stderr;
/// stdout is the subscriptions' JSON.
#[test]
fn az_login_tells_how_to_sign_in_on_stderr() {
    let mut l = lab();
    let o = ok(&mut l, "az login");
    assert!(o.output.starts_with('['), "{}", o.output);
    assert_eq!(
        o.warnings,
        [
            "A web browser has been opened at https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize. Please continue the login in the web browser. If no web browser is available or if the web browser fails to open, use device code flow with `az login --use-device-code`."
        ]
    );
    let o = ok(&mut l, "az login --use-device-code");
    assert!(o.warnings[0].starts_with("To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code "));
    let o = ok(&mut l, "az login --tenant contoso.onmicrosoft.com");
    assert!(o.warnings[0].contains(
        "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize"
    ));
}
