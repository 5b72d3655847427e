//! Readable names, decided once for both front ends: a role assignment reads "Owner →
//! trainee@contoso.com" (the built-in role's name for its definition GUID, the directory's
//! name for its principal GUID), and an ARM id is shortened relative to the scope the user
//! works in (`rg1/workspaces/ws1/fhirservices/fhir1` under the current subscription), the full
//! id staying available on demand.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use hcsim_core::{Resource, World};

/// "Role → principal" for a role assignment's body: the built-in role's name (or `role` when
/// the definition is not a built-in) and the principal's name in the directory (its GUID when
/// the directory does not know it).
pub fn role_assignment(world: &World, r: &Resource) -> String {
    let body = r.body.value();
    let props = &body["properties"];
    let role = props["roleDefinitionId"]
        .as_str()
        .and_then(hcsim_core::rbac::find_role)
        .map(|x| x.name)
        .unwrap_or("role");
    let pid = props["principalId"].as_str().unwrap_or("");
    let who = world
        .directory()
        .find(pid)
        .map(|p| p.name.clone())
        .unwrap_or_else(|| pid.to_string());
    alloc::format!("{role} → {who}")
}

/// The id of the scope the user works in: the current subscription.
pub fn current_scope(world: &World) -> String {
    hcsim_core::id::ArmPath::at_subscription(world.current_subscription()).to_string()
}

/// `id` relative to `scope` for reading: the part below the scope, with the `resourceGroups`
/// keyword and the `providers/<namespace>` pairs left out (the type words and names stay), so
/// `…/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1` under the
/// subscription reads `rg1/workspaces/ws1`. An id outside the scope, or the scope itself, is
/// returned whole: a shortened id must never point somewhere else.
pub fn relative_id(id: &str, scope: &str) -> String {
    let scope = scope.trim_end_matches('/');
    let rest = match id.get(..scope.len()) {
        Some(head) if !scope.is_empty() && head.eq_ignore_ascii_case(scope) => &id[scope.len()..],
        _ => return id.to_string(),
    };
    let Some(rest) = rest.strip_prefix('/').filter(|r| !r.is_empty()) else {
        return id.to_string();
    };
    let mut out: Vec<&str> = Vec::new();
    let mut parts = rest.split('/');
    while let Some(seg) = parts.next() {
        if seg.eq_ignore_ascii_case("providers") {
            parts.next();
        } else if !(out.is_empty() && seg.eq_ignore_ascii_case("resourceGroups")) {
            out.push(seg);
        }
    }
    out.join("/")
}

/// Every ARM id in a line of text (a word starting `/subscriptions/`) shortened relative to
/// `scope`, for logs that are scanned rather than read: the details show the full id.
pub fn shorten_ids(text: &str, scope: &str) -> String {
    text.split(' ')
        .map(|w| {
            if w.starts_with("/subscriptions/") {
                relative_id(w, scope)
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUB: &str = "/subscriptions/11111111-1111-1111-1111-111111111111";

    #[test]
    fn ids_read_relative_to_the_scope() {
        let fhir = hcsim_core::id::ArmPath::parse(SUB)
            .unwrap()
            .group("rg1")
            .provider("Microsoft.HealthcareApis", "workspaces", "ws1")
            .child("fhirservices", "fhir1")
            .to_string();
        assert_eq!(
            relative_id(&fhir, SUB),
            "rg1/workspaces/ws1/fhirservices/fhir1"
        );
        let rg = hcsim_core::id::ArmPath::parse(SUB)
            .unwrap()
            .group("rg1")
            .to_string();
        assert_eq!(relative_id(&fhir, &rg), "workspaces/ws1/fhirservices/fhir1");
        // Case differences in the scope do not matter, as in ARM.
        assert_eq!(
            relative_id(&fhir, &rg.to_uppercase()),
            "workspaces/ws1/fhirservices/fhir1"
        );
        assert_eq!(relative_id(&rg, SUB), "rg1");
    }

    #[test]
    fn ids_outside_the_scope_stay_whole() {
        let other = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg1";
        assert_eq!(relative_id(other, SUB), other);
        assert_eq!(relative_id(SUB, SUB), SUB);
        // A scope that is only a prefix of a name is not the scope.
        let rg10 = hcsim_core::id::ArmPath::parse(SUB)
            .unwrap()
            .group("rg10")
            .to_string();
        let rg1 = hcsim_core::id::ArmPath::parse(SUB)
            .unwrap()
            .group("rg1")
            .to_string();
        assert_eq!(relative_id(&rg10, &rg1), rg10);
        assert_eq!(relative_id("", SUB), "");
        assert_eq!(relative_id("/x", ""), "/x");
    }

    #[test]
    fn a_log_line_shortens_its_ids_only() {
        let rg1 = hcsim_core::id::ArmPath::parse(SUB).unwrap().group("rg1");
        let line = alloc::format!("PUT {rg1} → 201 (by trainee@contoso.com)");
        assert_eq!(
            shorten_ids(&line, SUB),
            "PUT rg1 → 201 (by trainee@contoso.com)"
        );
    }
}
