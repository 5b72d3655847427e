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
    items.retain(|item| {
        let v = item
            .get("properties")
            .and_then(|p| p.get(&prop))
            .or_else(|| item.get(&prop));
        v.and_then(Value::as_str)
            .is_some_and(|s| s.eq_ignore_ascii_case(&want))
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
