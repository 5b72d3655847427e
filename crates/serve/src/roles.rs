//! Role definitions as ARM's REST API returns them (`GET {scope}/providers/
//! Microsoft.Authorization/roleDefinitions[/{id}]`): the core's built-in roles
//! (`hcsim_core::rbac::ROLES`, real role ids) in the REST shape, `properties.roleName` etc.
//! `az role assignment create --role Owner` looks the role up here with `$filter=roleName eq
//! 'Owner'` (Azure/azure-cli `role/custom.py`, `_resolve_role_id`). hcsim has no custom roles.
//! The permission lists are those of the built-in roles' documentation ("Azure built-in
//! roles", learn.microsoft.com), shortened to the actions hcsim models.

use hcsim_core::rbac::{ROLES, Role};
use serde_json::{Value, json};

use crate::http::HttpResponse;
use crate::reply::arm_error;

fn permissions(role: &Role) -> Value {
    let fhir = "Microsoft.HealthcareApis/workspaces/fhirservices/resources/";
    let dicom = "Microsoft.HealthcareApis/workspaces/dicomservices/resources/";
    let (actions, not_actions, data): (Vec<String>, Vec<&str>, Vec<String>) = match role.name {
        "Owner" => (vec!["*".into()], vec![], vec![]),
        "Contributor" => (
            vec!["*".into()],
            vec![
                "Microsoft.Authorization/*/Delete",
                "Microsoft.Authorization/*/Write",
                "Microsoft.Authorization/elevateAccess/Action",
            ],
            vec![],
        ),
        "Reader" => (vec!["*/read".into()], vec![], vec![]),
        "User Access Administrator" => (
            vec!["*/read".into(), "Microsoft.Authorization/*".into()],
            vec![],
            vec![],
        ),
        "FHIR Data Contributor" => (vec![], vec![], vec![format!("{fhir}*")]),
        "FHIR Data Reader" => (vec![], vec![], vec![format!("{fhir}read")]),
        "DICOM Data Owner" => (vec![], vec![], vec![format!("{dicom}*")]),
        "DICOM Data Reader" => (vec![], vec![], vec![format!("{dicom}read")]),
        _ => (vec![], vec![], vec![]),
    };
    json!([{"actions": actions, "notActions": not_actions, "dataActions": data, "notDataActions": []}])
}

/// One role definition, listed at `scope` (an ARM path, or empty for the root). A built-in
/// role's id is at its subscription whatever the scope asked (`/subscriptions/{s}/providers/
/// Microsoft.Authorization/roleDefinitions/{guid}`), the id role assignments carry: az maps
/// assignments to role names by that id (azure-cli role/custom.py, `list_role_assignments`).
pub fn definition(scope: &str, role: &Role) -> Value {
    let mut parts = scope.trim_start_matches('/').split('/');
    let id = match (parts.next(), parts.next()) {
        (Some(s), Some(sub)) if s.eq_ignore_ascii_case("subscriptions") => {
            hcsim_core::id::ArmPath::at_subscription(sub)
                .provider("Microsoft.Authorization", "roleDefinitions", role.id)
                .request_path()
        }
        // The tenant-level form (scope `/`): a built-in role's fixed GUID, no caller text.
        _ => format!(
            "/providers/Microsoft.Authorization/roleDefinitions/{}",
            role.id
        ),
    };
    json!({
        "id": id,
        "name": role.id,
        "type": "Microsoft.Authorization/roleDefinitions",
        "properties": {
            "roleName": role.name,
            "type": "BuiltInRole",
            "description": role.description,
            "assignableScopes": ["/"],
            "permissions": permissions(role),
        },
    })
}

/// Answers a role-definition route if `path` is one (`None`: not a role-definition path).
pub fn route(path: &str) -> Option<HttpResponse> {
    const MARK: &str = "/providers/microsoft.authorization/roledefinitions";
    let lower = path.to_ascii_lowercase();
    let at = lower.find(MARK)?;
    let scope = &path[..at];
    let rest = &path[at + MARK.len()..];
    if rest.is_empty() {
        let value: Vec<Value> = ROLES.iter().map(|r| definition(scope, r)).collect();
        return Some(HttpResponse::json(200, &json!({"value": value})));
    }
    let id = rest.trim_start_matches('/');
    Some(match ROLES.iter().find(|r| r.id.eq_ignore_ascii_case(id)) {
        Some(r) => HttpResponse::json(200, &definition(scope, r)),
        None => arm_error(
            404,
            "RoleDefinitionDoesNotExist",
            &format!(
                "The specified role definition with ID '{}' does not exist.",
                hcsim_core::id::shorten(id)
            ),
        ),
    })
}
