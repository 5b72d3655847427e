//! ARM's `$filter` on list responses, the forms az sends: `roleName eq 'Owner'` (role
//! definitions, `az role assignment create --role Owner`), `principalId eq '…'` and
//! `assignedTo('…')` (role assignments), `atScope()` (kept: every item). The core lists
//! without filters; the server narrows the `value` array as ARM would. An unknown filter
//! returns the list unfiltered.

use serde_json::Value;

use crate::http::HttpResponse;

/// `(property, value)` of `prop eq 'v'`, or of `assignedTo('v')` as `principalId`.
fn clause(filter: &str) -> Option<(String, String)> {
    let f = filter.trim();
    let quoted = |s: &str| {
        let a = s.find('\'')?;
        let b = s.rfind('\'')?;
        (b > a).then(|| s[a + 1..b].replace("''", "'"))
    };
    if let Some(rest) = f.strip_prefix("assignedTo(") {
        return Some(("principalId".into(), quoted(rest)?));
    }
    let (prop, _) = f.split_once(" eq ")?;
    let prop = prop.trim();
    if prop.is_empty() || prop.contains(' ') {
        return None;
    }
    Some((prop.to_string(), quoted(f)?))
}

/// Whether `item` has `prop` equal to `want` (case-insensitive, as ARM compares names).
/// `resourceGroup` is read from the id and `resourceType` is the item's `type`, as in ARM's
/// generic resources list (`az resource list -g`).
fn passes(item: &Value, prop: &str, want: &str) -> bool {
    if prop.eq_ignore_ascii_case("resourceGroup") {
        let id = item.get("id").and_then(Value::as_str).unwrap_or("");
        let mut parts = id.split('/');
        return parts
            .by_ref()
            .position(|p| p.eq_ignore_ascii_case("resourceGroups"))
            .and_then(|_| parts.next())
            .is_some_and(|g| g.eq_ignore_ascii_case(want));
    }
    let prop = if prop.eq_ignore_ascii_case("resourceType") {
        "type"
    } else {
        prop
    };
    let v = item
        .get("properties")
        .and_then(|p| p.get(prop))
        .or_else(|| item.get(prop));
    v.and_then(Value::as_str)
        .is_some_and(|s| s.eq_ignore_ascii_case(want))
}

/// Narrows a 200 `{"value": [...]}` body to the items passing `filter`.
pub fn apply(mut resp: HttpResponse, filter: &str) -> HttpResponse {
    if resp.status != 200 {
        return resp;
    }
    let Some((prop, want)) = filter.split(" and ").find_map(clause) else {
        return resp;
    };
    let Ok(mut body) = serde_json::from_slice::<Value>(&resp.body) else {
        return resp;
    };
    let Some(items) = body.get_mut("value").and_then(Value::as_array_mut) else {
        return resp;
    };
    items.retain(|item| passes(item, &prop, &want));
    resp.body = body.to_string().into_bytes();
    resp
}

/// ARM's generic resources list (`GET …/resources`, `az resource list`) shows resources in
/// the generic shape, not the scopes and records around them. Assumptions (Resources - List,
/// ARM REST reference; the same shape the console's `az resource list` prints,
/// crates/lab/src/exec/resources.rs): resource groups, subscriptions, deployments, role
/// assignments and locks are left out; each item has `id, name, type, location, tags` (`{}`
/// when none) and `kind, identity, sku` when set, no `properties`, `etag` or `systemData`;
/// `$expand=createdTime,changedTime,provisioningState` adds those three.
pub fn generic_resources(mut resp: HttpResponse, expand: Option<&str>) -> HttpResponse {
    let Ok(mut body) = serde_json::from_slice::<Value>(&resp.body) else {
        return resp;
    };
    let Some(items) = body.get_mut("value").and_then(Value::as_array_mut) else {
        return resp;
    };
    items.retain(|item| {
        let t = item
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_ascii_lowercase();
        !matches!(
            t.as_str(),
            "" | "microsoft.resources/resourcegroups"
                | "microsoft.resources/subscriptions"
                | "microsoft.resources/deployments"
        ) && !t.starts_with("microsoft.authorization/")
    });
    let wants =
        |k: &str| expand.is_some_and(|e| e.split(',').any(|x| x.trim().eq_ignore_ascii_case(k)));
    for item in items.iter_mut() {
        let mut g = serde_json::Map::new();
        for k in ["id", "name", "type", "kind", "location", "identity", "sku"] {
            if let Some(v) = item.get(k).filter(|v| !v.is_null()) {
                g.insert(k.into(), v.clone());
            }
        }
        g.insert(
            "tags".into(),
            item.get("tags")
                .filter(|v| !v.is_null())
                .cloned()
                .unwrap_or_else(|| serde_json::json!({})),
        );
        let pick = |ptr: &str| item.pointer(ptr).cloned().unwrap_or(Value::Null);
        if wants("createdTime") {
            g.insert("createdTime".into(), pick("/systemData/createdAt"));
        }
        if wants("changedTime") {
            g.insert("changedTime".into(), pick("/systemData/lastModifiedAt"));
        }
        if wants("provisioningState") {
            g.insert(
                "provisioningState".into(),
                pick("/properties/provisioningState"),
            );
        }
        *item = Value::Object(g);
    }
    resp.body = body.to_string().into_bytes();
    resp
}

/// `$filter=atScope()` on role assignments: those at the scope asked and above it (what it
/// inherits), not below (ARM REST, Role Assignments - List For Scope: "Use $filter=atScope()
/// to return all role assignments at or above the scope").
pub fn at_scope(mut resp: HttpResponse, scope: &str) -> HttpResponse {
    let Ok(mut body) = serde_json::from_slice::<Value>(&resp.body) else {
        return resp;
    };
    let Some(items) = body.get_mut("value").and_then(Value::as_array_mut) else {
        return resp;
    };
    let want = scope.trim_end_matches('/').to_ascii_lowercase();
    items.retain(|item| {
        let s = item["properties"]["scope"]
            .as_str()
            .unwrap_or("")
            .trim_end_matches('/')
            .to_ascii_lowercase();
        s.is_empty() || want == s || want.starts_with(&format!("{s}/"))
    });
    resp.body = body.to_string().into_bytes();
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_name_filter_keeps_matches_only() {
        let body = serde_json::json!({"value": [
            {"properties": {"roleName": "Owner"}}, {"properties": {"roleName": "Reader"}}]});
        let r = apply(HttpResponse::json(200, &body), "roleName eq 'Owner'");
        let v: Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(v["value"].as_array().unwrap().len(), 1);
        let r = apply(HttpResponse::json(200, &body), "atScope()");
        let v: Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(v["value"].as_array().unwrap().len(), 2);
    }
}
