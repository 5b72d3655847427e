//! What a private endpoint to `Microsoft.HealthcareApis` may target: private link is a
//! workspace setting (sub-resource `healthcareworkspace`), so an endpoint to a workspace's
//! FHIR, DICOM or MedTech service, or with another group id, is refused as the Network RP
//! refuses it.
//!
//! Sources: DOCS `healthcare-apis-configure-private-link.md` (workspace level, sub-resource
//! `healthcareworkspace`); the Network RP's group-id errors as users met them:
//! `MissingParameterOnPrivateLinkServiceConnection` (Azure/azure-cli#15136),
//! `OnlyOneGroupIdPermitted` (DFE-Digital/terraform-azurerm-container-apps-hosting#352), and
//! `InvalidValuesForRequestParameters` "Call to <type> failed … GroupId: X"
//! (Azure/azure-cli#16750, seen for Storage; hcsim assumes Healthcare APIs answers alike).
//! The code for an endpoint to a type without private link is not documented; hcsim assumes
//! `PrivateLinkServiceResourceTypeNotSupported` and says so.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::Value;

use crate::error::ArmError;
use crate::id::{ArmPath, shorten};
use crate::providers::Ctx;
use crate::rules::RuleId;

/// The one group id (sub-resource) a workspace offers.
const GROUP: &str = "healthcareworkspace";

fn bad(code: &str, message: String) -> ArmError {
    ArmError::new(400, code, message, RuleId::ValidRequest)
}

impl Ctx<'_> {
    /// Refuses a private endpoint to a resource inside a workspace (FHIR, DICOM, MedTech…):
    /// only the workspace itself offers private link.
    pub(crate) fn refuse_service_link(&self, target: &ArmPath) -> Result<(), ArmError> {
        let ty = target.resource_type();
        let inside_workspace = ty
            .to_lowercase()
            .starts_with("microsoft.healthcareapis/workspaces/");
        if !inside_workspace {
            return Ok(());
        }
        Err(bad(
            "PrivateLinkServiceResourceTypeNotSupported",
            alloc::format!(
                "Resource type '{ty}' does not support private endpoints: private link is configured on the workspace and applies to every FHIR and DICOM service in it. Connect to the workspace '{}' with group id '{GROUP}' (hcsim assumes this error code).",
                shorten(&target.parent().map(|p| p.to_string()).unwrap_or_default())
            ),
        )
        .at("properties.privateLinkServiceConnections[0].properties.privateLinkServiceId"))
    }

    /// A connection to a workspace names exactly one group id, `healthcareworkspace`.
    pub(crate) fn check_workspace_group(
        &self,
        endpoint: &ArmPath,
        conn: &Value,
    ) -> Result<(), ArmError> {
        let groups: Vec<&str> = conn["properties"]["groupIds"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let conn_id = alloc::format!(
            "{endpoint}/privateLinkServiceConnections/{}",
            conn["name"].as_str().unwrap_or("")
        );
        match groups.as_slice() {
            [] => Err(bad(
                "MissingParameterOnPrivateLinkServiceConnection",
                alloc::format!(
                    "Private link service connection {conn_id} is missing required parameter 'group Id'. A workspace's group id is '{GROUP}'."
                ),
            )),
            [g] if g.eq_ignore_ascii_case(GROUP) => Ok(()),
            [g] => Err(bad(
                "InvalidValuesForRequestParameters",
                alloc::format!(
                    "Call to Microsoft.HealthcareApis/workspaces failed. Error message: Values for request parameters are invalid: GroupId: {}. A workspace offers one sub-resource, '{GROUP}'.",
                    shorten(g)
                ),
            )),
            _ => Err(bad(
                "OnlyOneGroupIdPermitted",
                alloc::format!(
                    "Private link service connection {conn_id} has the following group Ids: {}. Only one group Id is permitted when connecting to a first-party resource.",
                    groups.join(", ")
                ),
            )),
        }
    }
}
