//! `az ad app update --set PATH=VALUE`: az's generic update sets the path on an empty body
//! (azure-cli's `update_application` returns `{}`) and PATCHes it to Microsoft Graph. So a
//! top-level Graph property is sent as given and Graph judges it; a dotted path fails in az
//! itself (there is nothing under `{}` to walk into). AAD Graph's old names, which Learn's
//! older articles still use (`oauth2Permissions`, `replyUrls`, `publicClient=true`), are
//! refused by Graph: "Invalid property 'oauth2Permissions'." (MicrosoftDocs/azure-docs issue
//! 95977, on register-application-cli-rest.md).

use alloc::string::String;
use alloc::vec::Vec;
use serde_json::Value;

use hcsim_core::directory::AppChanges;
use hcsim_core::{ArmError, RuleId};

use super::{Failure, Res};

/// Graph `application` properties hcsim keeps but does not simulate setting with `--set`.
const NOT_SIMULATED: &[&str] = &[
    "addIns",
    "api",
    "appRoles",
    "certification",
    "defaultRedirectUri",
    "groupMembershipClaims",
    "info",
    "isDeviceOnlyAuthSupported",
    "keyCredentials",
    "optionalClaims",
    "parentalControlSettings",
    "passwordCredentials",
    "publicClient",
    "requiredResourceAccess",
    "samlMetadataUrl",
    "serviceManagementReference",
    "spa",
    "tags",
    "tokenEncryptionKeyId",
    "web",
];

/// Graph's four sign-in audiences.
const AUDIENCES: &[&str] = &[
    "AzureADMyOrg",
    "AzureADMultipleOrgs",
    "AzureADandPersonalMicrosoftAccount",
    "PersonalMicrosoftAccount",
];

/// Graph's 400 for a property it does not have.
fn invalid_property(name: &str) -> Failure {
    Failure::Arm(ArmError::new(
        400,
        "Request_BadRequest",
        alloc::format!("Invalid property '{}'.", hcsim_core::id::shorten(name)),
        RuleId::ValidRequest,
    ))
}

/// Graph's 400 for a value of the wrong type. Assumption: the wording of Graph's
/// "Invalid value specified for property" errors (no recording of this case was found).
fn invalid_value(name: &str) -> Failure {
    Failure::Arm(ArmError::new(
        400,
        "Request_BadRequest",
        alloc::format!(
            "Invalid value specified for property '{}' of resource 'Application'.",
            hcsim_core::id::shorten(name)
        ),
        RuleId::ValidRequest,
    ))
}

/// One `--set` item applied to `changes`.
pub(crate) fn apply_set(changes: &mut AppChanges, item: &str) -> Res<()> {
    let Some((path, text)) = item.split_once('=') else {
        return Err(Failure::usage(
            "InvalidArgumentValue",
            alloc::format!("usage error: --set {item}: expected PATH=VALUE"),
        ));
    };
    if let Some((first, _)) = path.split_once('.') {
        return Err(Failure::usage(
            "InvalidArgumentValue",
            alloc::format!(
                "Couldn't find '{first}' in ''. Available options: []\n(hcsim: az sends only what --set names, on an empty body; set nested properties with the command's flags, e.g. --web-redirect-uris.)"
            ),
        ));
    }
    // azure-cli's `shell_safe_json_parse`: JSON when it parses, else the text.
    let value = serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.into()));
    let text_of = |v: &Value| v.as_str().map(String::from);
    match path.to_ascii_lowercase().as_str() {
        "displayname" => {
            changes.display_name = Some(text_of(&value).ok_or_else(|| invalid_value(path))?)
        }
        "notes" => changes.notes = Some(text_of(&value).ok_or_else(|| invalid_value(path))?),
        "description" => {
            changes.description = Some(text_of(&value).ok_or_else(|| invalid_value(path))?)
        }
        "signinaudience" => {
            let a = text_of(&value)
                .and_then(|a| {
                    AUDIENCES
                        .iter()
                        .find(|x| x.eq_ignore_ascii_case(&a))
                        .copied()
                })
                .ok_or_else(|| invalid_value(path))?;
            changes.sign_in_audience = Some(a.into());
        }
        "isfallbackpublicclient" => {
            changes.is_fallback_public_client =
                Some(value.as_bool().ok_or_else(|| invalid_value(path))?);
        }
        "identifieruris" => {
            let uris: Option<Vec<String>> = value
                .as_array()
                .map(|a| a.iter().map(text_of).collect::<Option<Vec<String>>>())
                .unwrap_or(None);
            changes.identifier_uris = Some(uris.ok_or_else(|| invalid_value(path))?);
        }
        lower => {
            let known = NOT_SIMULATED.iter().find(|k| k.eq_ignore_ascii_case(lower));
            return Err(match known {
                // `web`, `publicClient`, `api` … are objects in Graph: a flag is not one.
                Some(k) if !value.is_object() && !value.is_array() => invalid_value(k),
                Some(k) => Failure::usage(
                    "NotSupported",
                    alloc::format!("hcsim does not simulate setting '{k}' of an application yet."),
                ),
                None => invalid_property(path),
            });
        }
    }
    Ok(())
}
