//! Read-only catalogs az prints from fixed tables: `az account list-locations` (the regions
//! hcsim models), `az role definition list` (the built-in roles hcsim models, with their real
//! ids) and `az extension add|list|show|remove|update` (the `healthcareapis` extension is
//! built into hcsim; nothing is downloaded).

use alloc::vec::Vec;
use serde_json::{Value, json};

use hcsim_core::rbac::{ROLES, Role, role_definition_id};
use hcsim_core::regions::ALL_REGIONS;

use super::{Ctx, Failure, Res, print};
use crate::outcome::Outcome;
use crate::shell::Command;

/// Runs `az account list-locations`, `az role definition list`, `az extension …`.
pub(crate) fn run(ctx: &mut Ctx<'_>, cmd: &Command, path: &[&str]) -> Res<Outcome> {
    match path {
        ["account", "list-locations"] => locations(ctx, cmd),
        ["role", "definition", "list"] => role_definitions(ctx, cmd),
        ["extension", verb] => extension(cmd, verb),
        _ => Err(Failure::usage(
            "CommandNotFound",
            alloc::format!("'{}' is not supported by hcsim yet.", cmd.path_str()),
        )),
    }
}

/// Display name and geography group of a region (Azure's `displayName` and
/// `metadata.geographyGroup`, from `az account list-locations`).
fn region_names(name: &str) -> (&'static str, &'static str) {
    match name {
        "australiacentral" => ("Australia Central", "Asia Pacific"),
        "australiaeast" => ("Australia East", "Asia Pacific"),
        "australiasoutheast" => ("Australia Southeast", "Asia Pacific"),
        "brazilsouth" => ("Brazil South", "South America"),
        "brazilsoutheast" => ("Brazil Southeast", "South America"),
        "canadacentral" => ("Canada Central", "Canada"),
        "canadaeast" => ("Canada East", "Canada"),
        "centralindia" => ("Central India", "Asia Pacific"),
        "centralus" => ("Central US", "US"),
        "eastasia" => ("East Asia", "Asia Pacific"),
        "eastus" => ("East US", "US"),
        "eastus2" => ("East US 2", "US"),
        "francecentral" => ("France Central", "Europe"),
        "francesouth" => ("France South", "Europe"),
        "germanynorth" => ("Germany North", "Europe"),
        "germanywestcentral" => ("Germany West Central", "Europe"),
        "israelcentral" => ("Israel Central", "Middle East"),
        "italynorth" => ("Italy North", "Europe"),
        "japaneast" => ("Japan East", "Asia Pacific"),
        "japanwest" => ("Japan West", "Asia Pacific"),
        "koreacentral" => ("Korea Central", "Asia Pacific"),
        "koreasouth" => ("Korea South", "Asia Pacific"),
        "mexicocentral" => ("Mexico Central", "Mexico"),
        "newzealandnorth" => ("New Zealand North", "Asia Pacific"),
        "northcentralus" => ("North Central US", "US"),
        "northeurope" => ("North Europe", "Europe"),
        "norwayeast" => ("Norway East", "Europe"),
        "norwaywest" => ("Norway West", "Europe"),
        "polandcentral" => ("Poland Central", "Europe"),
        "qatarcentral" => ("Qatar Central", "Middle East"),
        "southafricanorth" => ("South Africa North", "Africa"),
        "southafricawest" => ("South Africa West", "Africa"),
        "southcentralus" => ("South Central US", "US"),
        "southeastasia" => ("Southeast Asia", "Asia Pacific"),
        "southindia" => ("South India", "Asia Pacific"),
        "spaincentral" => ("Spain Central", "Europe"),
        "swedencentral" => ("Sweden Central", "Europe"),
        "switzerlandnorth" => ("Switzerland North", "Europe"),
        "switzerlandwest" => ("Switzerland West", "Europe"),
        "uaecentral" => ("UAE Central", "Middle East"),
        "uaenorth" => ("UAE North", "Middle East"),
        "uksouth" => ("UK South", "UK"),
        "ukwest" => ("UK West", "UK"),
        "westcentralus" => ("West Central US", "US"),
        "westeurope" => ("West Europe", "Europe"),
        "westindia" => ("West India", "Asia Pacific"),
        "westus" => ("West US", "US"),
        "westus2" => ("West US 2", "US"),
        "westus3" => ("West US 3", "US"),
        _ => ("", ""),
    }
}

/// `az account list-locations`: az's fields for each region hcsim models. Assumption: the
/// metadata keeps `geographyGroup`, `regionCategory` and `regionType`; latitude, longitude
/// and paired regions are left out (hcsim models no geography).
fn locations(ctx: &mut Ctx<'_>, cmd: &Command) -> Res<Outcome> {
    let sub = ctx.subscription();
    let v: Vec<Value> = ALL_REGIONS
        .iter()
        .map(|name| {
            let (display, group) = region_names(name);
            // Only the subscription id and a region word (a fixed table) form this id.
            let id = alloc::format!(
                "{}/locations/{name}",
                hcsim_core::id::build::subscription(&sub)
            );
            json!({
                "displayName": display,
                "id": id,
                "metadata": {
                    "geographyGroup": group,
                    "regionCategory": "Recommended",
                    "regionType": "Physical",
                },
                "name": name,
                "regionalDisplayName": alloc::format!("({group}) {display}"),
                "type": "Region",
            })
        })
        .collect();
    print(cmd, &Value::Array(v))
}

/// Azure's permissions of a built-in role (`actions`, `notActions`, `dataActions`), from the
/// Azure built-in roles reference; roles hcsim models only by name get empty lists.
fn permissions(
    role: &Role,
) -> (
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
) {
    const FHIR: &[&str] = &[
        "Microsoft.HealthcareApis/services/fhir/resources/*",
        "Microsoft.HealthcareApis/workspaces/fhirservices/resources/*",
    ];
    const FHIR_READ: &[&str] = &[
        "Microsoft.HealthcareApis/services/fhir/resources/read",
        "Microsoft.HealthcareApis/workspaces/fhirservices/resources/read",
    ];
    const DICOM: &[&str] = &["Microsoft.HealthcareApis/workspaces/dicomservices/resources/*"];
    const DICOM_READ: &[&str] =
        &["Microsoft.HealthcareApis/workspaces/dicomservices/resources/read"];
    match role.name {
        "Owner" => (&["*"], &[], &[]),
        "Contributor" => (
            &["*"],
            &[
                "Microsoft.Authorization/*/Delete",
                "Microsoft.Authorization/*/Write",
                "Microsoft.Authorization/elevateAccess/Action",
                "Microsoft.Blueprint/blueprintAssignments/write",
                "Microsoft.Blueprint/blueprintAssignments/delete",
                "Microsoft.Compute/galleries/share/action",
            ],
            &[],
        ),
        "Reader" => (&["*/read"], &[], &[]),
        "User Access Administrator" => (
            &["*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"],
            &[],
            &[],
        ),
        "FHIR Data Contributor" => (&[], &[], FHIR),
        "FHIR Data Reader" => (&[], &[], FHIR_READ),
        "DICOM Data Owner" => (&[], &[], DICOM),
        "DICOM Data Reader" => (&[], &[], DICOM_READ),
        _ => (&[], &[], &[]),
    }
}

fn role_json(sub: &str, role: &Role) -> Value {
    let (actions, not_actions, data_actions) = permissions(role);
    json!({
        "assignableScopes": ["/"],
        "createdBy": null,
        "createdOn": null,
        "description": role.description,
        "id": role_definition_id(sub, role),
        "name": role.id,
        "permissions": [{
            "actions": actions,
            "condition": null,
            "conditionVersion": null,
            "dataActions": data_actions,
            "notActions": not_actions,
            "notDataActions": [],
        }],
        "roleName": role.name,
        "roleType": "BuiltInRole",
        "type": "Microsoft.Authorization/roleDefinitions",
        "updatedBy": null,
        "updatedOn": null,
    })
}

/// `az role definition list [--name]`: built-in roles (hcsim has no custom roles); `--name`
/// matches the role name or its GUID, as az does.
fn role_definitions(ctx: &mut Ctx<'_>, cmd: &Command) -> Res<Outcome> {
    if let Some(s) = cmd.get("scope") {
        super::ids::scope_text(s, "--scope")?;
    }
    let custom_only = cmd
        .get("custom-role-only")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let sub = ctx.subscription();
    let v: Vec<Value> = ROLES
        .iter()
        .filter(|_| !custom_only)
        .filter(|r| {
            cmd.get("name")
                .is_none_or(|n| r.name.eq_ignore_ascii_case(n) || r.id.eq_ignore_ascii_case(n))
        })
        .map(|r| role_json(&sub, r))
        .collect();
    print(cmd, &Value::Array(v))
}

/// The extension as `az extension list|show` prints it. Assumption: version 1.0.1 (the
/// latest hcsim's authors know of); the path is where az installs extensions on Linux.
/// The healthcareapis extension release hcsim's `az healthcareapis` commands follow.
pub(crate) const EXTENSION_VERSION: &str = "1.0.1";

/// The resource types `Microsoft.HealthcareApis` registers, as ARM's provider read lists them
/// (`az provider show -n Microsoft.HealthcareApis`, `resourceTypes`): each with the regions
/// it is offered in, by display name, and its API versions, newest first. Assumptions: the
/// regions are hcsim's (`hcsim_core::regions`, MedTech's removals applied to IoT connectors,
/// the legacy `services` type offered where the workspace is), and the type list is the one
/// hcsim models plus the provider's location-less operations.
pub fn healthcare_resource_types() -> Value {
    let regions = |medtech: bool| -> Vec<Value> {
        hcsim_core::regions::HEALTHCARE_REGIONS
            .iter()
            .filter(|r| hcsim_core::regions::offers_healthcare(r, medtech))
            .map(|r| Value::String(region_names(r).0.into()))
            .collect()
    };
    let entry = |ty: &str, locations: Vec<Value>| {
        let full = alloc::format!("microsoft.healthcareapis/{}", ty.to_lowercase());
        let mut versions = hcsim_core::providers::deployments::healthcare_versions(&full);
        versions.reverse();
        json!({"resourceType": ty, "locations": locations, "apiVersions": versions})
    };
    let located = [
        "services",
        "services/privateEndpointConnections",
        "services/privateLinkResources",
        "workspaces",
        "workspaces/fhirservices",
        "workspaces/dicomservices",
        "workspaces/privateEndpointConnections",
        "workspaces/privateLinkResources",
        "locations",
        "locations/operationresults",
    ];
    let mut types: Vec<Value> = located.iter().map(|t| entry(t, regions(false))).collect();
    for t in [
        "workspaces/iotconnectors",
        "workspaces/iotconnectors/fhirdestinations",
    ] {
        types.push(entry(t, regions(true)));
    }
    for t in ["checkNameAvailability", "operations"] {
        types.push(entry(t, Vec::new()));
    }
    Value::Array(types)
}

fn extension_json() -> Value {
    json!({
        "experimental": false,
        "extensionType": "whl",
        "name": "healthcareapis",
        "path": "/home/trainee/.azure/cliextensions/healthcareapis",
        "preview": false,
        "version": EXTENSION_VERSION,
    })
}

fn not_installed(name: &str) -> Failure {
    Failure::usage(
        "ExtensionNotInstalled",
        alloc::format!(
            "The extension {} is not installed.",
            hcsim_core::id::shorten(name)
        ),
    )
}

/// `az extension add|list|show|remove|update`: healthcareapis is always there (hcsim's
/// `az healthcareapis` commands are the extension's); no other extension can be fetched.
fn extension(cmd: &Command, verb: &str) -> Res<Outcome> {
    let name = cmd.get("name").unwrap_or("");
    let ours = name.eq_ignore_ascii_case("healthcareapis");
    match verb {
        "list" => print(cmd, &Value::Array(alloc::vec![extension_json()])),
        "show" if ours => print(cmd, &extension_json()),
        "show" | "remove" | "update" if !ours => Err(not_installed(name)),
        // azure-cli `extension/operations.py`: `logger.warning(...)`, nothing printed.
        "add" if ours => Ok(warned("Extension 'healthcareapis' is already installed.")),
        "add" => Err(Failure::usage(
            "OfflineExtension",
            alloc::format!(
                "hcsim is offline: it can't download the extension '{}'. Only the healthcareapis extension is available, and it is already installed.",
                hcsim_core::id::shorten(if name.is_empty() {
                    cmd.get("source").unwrap_or("")
                } else {
                    name
                })
            ),
        )),
        "update" => Ok(warned(
            "Latest version of 'healthcareapis' is already installed.",
        )),
        "remove" => Err(Failure::usage(
            "NotSupported",
            "hcsim keeps the healthcareapis extension installed: its `az healthcareapis` commands are what the simulator teaches. (Assumption: hcsim refuses rather than simulate a session without the extension.)",
        )),
        _ => Err(Failure::usage(
            "CommandNotFound",
            alloc::format!("'{}' is not supported by hcsim yet.", cmd.path_str()),
        )),
    }
}

/// A success that prints nothing and logs `warning` (az's `logger.warning`, on stderr).
fn warned(warning: &str) -> Outcome {
    let mut o = Outcome::success("");
    o.warnings.push(warning.into());
    o
}
