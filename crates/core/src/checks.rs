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
    let canonical = identity
        .get("type")
        .and_then(Value::as_str)
        .and_then(canonical_identity_type);
    if canonical.is_some() {
        return Ok(());
    }
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

/// The spelling of an identity type as the REST spec writes it, for any casing and spacing
/// (`userAssigned`, `SystemAssigned, UserAssigned`): the service parses the enum without
/// regard to case, and Microsoft's own CMK template sends `userAssigned`
/// (learn.microsoft.com …/fhir/configure-customer-managed-keys). `None` if it is no type.
pub fn canonical_identity_type(text: &str) -> Option<&'static str> {
    let folded: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    match folded.as_str() {
        "none" => Some("None"),
        "systemassigned" => Some("SystemAssigned"),
        "userassigned" => Some("UserAssigned"),
        "systemassigned,userassigned" => Some("SystemAssigned,UserAssigned"),
        _ => None,
    }
}

/// Rewrites `identity.type` of a request body to its canonical spelling, so that everything
/// stored and everything reading it later sees one form.
pub(crate) fn canonicalize_identity(body: &mut Value) {
    if let Some(map) = body.as_object_mut() {
        canonicalize_identity_in(map);
    }
}

/// [`canonicalize_identity`] on a body already taken apart (a PATCH's members).
pub(crate) fn canonicalize_identity_in(body: &mut serde_json::Map<String, Value>) {
    let Some(ty) = body.get_mut("identity").and_then(|i| i.get_mut("type")) else {
        return;
    };
    if let Some(c) = ty.as_str().and_then(canonical_identity_type) {
        *ty = Value::String(c.into());
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
