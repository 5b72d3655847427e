//! Request checks shared by the front door and the resource providers (a leaf: it imports
//! neither), and the store-key prefixes of authorization resources.

use alloc::string::String;
use serde_json::Value;

use crate::error::ArmError;
use crate::id::shorten;
use crate::resource::ProvisioningState;
use crate::rules::RuleId;

/// Prefix of role-assignment keys under a scope node.
pub(crate) const RA_PREFIX: &str = "microsoft.authorization/roleassignments/";
/// Prefix of lock keys under a scope node.
pub(crate) const LOCK_PREFIX: &str = "microsoft.authorization/locks/";

/// The PATCH body key of hcsim's workspace-level settings extension:
/// `{"hcsimSettings": {"customerManagedKey": {"keyUrl": "…"} | null, "monitoring": {"enabled": true, "workspaceId": "…"}}}`.
pub const SETTINGS_KEY: &str = "hcsimSettings";

/// ARM's answer to a tracked resource without a location.
pub(crate) fn location_required() -> ArmError {
    ArmError::new(
        400,
        "LocationRequired",
        "The location property is required for this definition.".into(),
        RuleId::ValidRequest,
    )
    .at("location")
}

/// Validates `identity` (FHIR, DICOM, IoT): `type` ∈ None | SystemAssigned | UserAssigned | "SystemAssigned,UserAssigned".
pub fn validate_identity(identity: &Value) -> Result<(), ArmError> {
    let ty = identity.get("type").and_then(Value::as_str);
    match ty {
        Some("None" | "SystemAssigned" | "UserAssigned" | "SystemAssigned,UserAssigned") => Ok(()),
        _ => Err(ArmError::new(
            400,
            "InvalidIdentityType",
            "identity.type must be one of None, SystemAssigned, UserAssigned, 'SystemAssigned,UserAssigned'.".into(),
            RuleId::ValidRequest,
        )
        .at("identity.type")),
    }
}

/// The 409 for a write to a busy resource (rule `busy-resource`).
pub(crate) fn busy(id: &str, state: ProvisioningState) -> ArmError {
    ArmError::new(
        409,
        "Conflict",
        alloc::format!(
            "The resource '{id}' is in provisioning state '{}' and cannot accept another write until the current operation completes. Retry after it finishes.",
            state.as_str()
        ),
        RuleId::BusyResource,
    )
    .at(id)
}

/// Tags: an object of at most 50 string values (ARM's limits: names ≤ 512, values ≤ 256).
pub(crate) fn validate_tags(tags: &Value) -> Result<(), ArmError> {
    let bad = |m: String| ArmError::new(400, "InvalidTag", m, RuleId::ValidRequest);
    let Some(obj) = tags.as_object() else {
        return Err(bad(
            "Tags must be a JSON object of name/value strings.".into()
        ));
    };
    if obj.len() > 50 {
        return Err(bad(alloc::format!(
            "A resource can have at most 50 tags; this request has {}.",
            obj.len()
        )));
    }
    for (k, v) in obj {
        if k.is_empty()
            || k.chars().count() > 512
            || k.chars()
                .any(|c| matches!(c, '<' | '>' | '%' | '&' | '\\' | '?' | '/') || c.is_control())
        {
            return Err(bad(alloc::format!(
                "The tag name '{}' is invalid: 1–512 characters, none of < > % & \\ ? /.",
                shorten(k)
            )));
        }
        match v.as_str() {
            Some(s) if s.chars().count() <= 256 => {}
            _ => {
                return Err(bad(alloc::format!(
                    "The value of tag '{}' must be a string of at most 256 characters.",
                    shorten(k)
                )));
            }
        }
    }
    Ok(())
}
