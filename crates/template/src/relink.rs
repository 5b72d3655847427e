//! Makes `az group export` output deploy back into another group.
//!
//! [`crate::export_template`] keeps property values as they are, so a FHIR
//! destination's `fhirServiceResourceId` still names the old group. ARM's own export has the
//! same problem (it emits `..._externalid` parameters defaulting to the old ids). hcsim
//! rewrites every property value that is the id of another exported resource into
//! `[resourceId('type', 'name', …)]` (resolved in the target group at deploy time) and adds
//! it to the resource's `dependsOn`, so the reference is deployed first.

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::Value;

use hcsim_arm::id::ArmPath;

/// `[resourceId('type', 'n1', 'n2')]` for a resource id inside a resource group.
fn resource_id_expr(id: &str) -> Option<String> {
    let p = ArmPath::parse(id).ok()?;
    if p.segments.len() < 3 || p.resource_group().is_none() {
        return None;
    }
    let names: Vec<String> = p.segments[2..]
        .iter()
        .map(|s| alloc::format!("'{}'", s.name.replace('\'', "''")))
        .collect();
    Some(alloc::format!(
        "[resourceId('{}', {})]",
        p.resource_type(),
        names.join(", ")
    ))
}

fn relink_value(v: &mut Value, ids: &BTreeMap<String, String>, found: &mut Vec<String>) {
    match v {
        Value::String(s) => {
            if let Some(expr) = ids.get(&s.to_ascii_lowercase()) {
                *s = expr.clone();
                if !found.contains(expr) {
                    found.push(expr.clone());
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| relink_value(x, ids, found)),
        Value::Object(m) => m.values_mut().for_each(|x| relink_value(x, ids, found)),
        _ => {}
    }
}

/// Rewrites references between the exported resources of `views` in `template` (see the
/// module docs). Resources are matched to their views by position-independent id.
pub fn relink_export(template: &mut Value, views: &[Value]) {
    let ids: BTreeMap<String, String> = views
        .iter()
        .filter_map(|v| v["id"].as_str())
        .filter_map(|id| resource_id_expr(id).map(|e| (id.to_ascii_lowercase(), e)))
        .collect();
    let Some(resources) = template.get_mut("resources").and_then(Value::as_array_mut) else {
        return;
    };
    for r in resources {
        let Some(obj) = r.as_object_mut() else {
            continue;
        };
        let mut found = Vec::new();
        for key in ["properties", "identity", "sku", "tags"] {
            if let Some(v) = obj.get_mut(key) {
                relink_value(v, &ids, &mut found);
            }
        }
        if found.is_empty() {
            continue;
        }
        let deps = obj
            .entry("dependsOn".to_string())
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(d) = deps {
            for f in found {
                if !d.iter().any(|x| x.as_str() == Some(f.as_str())) {
                    d.push(Value::String(f));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rewrites_references_and_adds_dependencies() {
        let fhir = "/subscriptions/s/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1/fhirservices/f1";
        let mut t = json!({"resources": [{"type": "x", "properties": {"fhirServiceResourceId": fhir, "other": "keep"}}]});
        relink_export(&mut t, &[json!({"id": fhir})]);
        let expr = "[resourceId('Microsoft.HealthcareApis/workspaces/fhirservices', 'ws1', 'f1')]";
        assert_eq!(
            t["resources"][0]["properties"]["fhirServiceResourceId"],
            expr
        );
        assert_eq!(t["resources"][0]["properties"]["other"], "keep");
        assert_eq!(t["resources"][0]["dependsOn"], json!([expr]));
    }
}
