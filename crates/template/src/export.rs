//! Export: resource bodies back to a template, like `az group export`.
//!
//! Each root resource name becomes a parameter (`workspaces_ws1_name`, type segment and
//! name with non-alphanumerics as `_`); children use `[concat(parameters('...'), '/child')]`
//! and depend on their parent via `resourceId(...)`. HealthcareApis resources get
//! apiVersion `2024-03-31`; other types a documented fallback. Read-only properties are
//! stripped, strings that start with `[` are escaped as `[[`, and extension resources
//! (ids with a second `/providers/`, e.g. role assignments) are left out, as `az group
//! export` does for most of them.

use crate::ids;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value, json};

const READ_ONLY_PROPERTIES: &[&str] = &[
    "provisioningState",
    "serviceUrl",
    "privateEndpointConnections",
    "eventState",
];

/// Escapes template-significant strings so they survive as literals.
fn escape(v: &Value) -> Value {
    match v {
        Value::String(s) if s.starts_with('[') => Value::String(format!("[{s}")),
        Value::Array(a) => Value::Array(a.iter().map(escape).collect()),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, x)| {
                    let k = if k.starts_with('[') {
                        format!("[{k}")
                    } else {
                        k.clone()
                    };
                    (k, escape(x))
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

fn param_name(ty: &str, root_name: &str) -> String {
    let seg = ty.split('/').nth(1).unwrap_or("resource");
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect()
    };
    format!("{}_{}_name", clean(seg), clean(root_name))
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn clean_identity(identity: &Value) -> Value {
    let Value::Object(m) = identity else {
        return identity.clone();
    };
    let mut out = Map::new();
    for (k, v) in m {
        match k.as_str() {
            "principalId" | "tenantId" => {}
            "userAssignedIdentities" => {
                let ids = v
                    .as_object()
                    .map(|u| u.keys().map(|k| (k.clone(), json!({}))).collect())
                    .unwrap_or_default();
                out.insert(k.clone(), Value::Object(ids));
            }
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    Value::Object(out)
}

/// The exportable resources of `resources` with their parsed ids, parents before children,
/// then by id (a stable, readable template). Bodies without a parsable `id` and extension
/// resources (a second `/providers/` in the scope) are skipped.
fn exportable(resources: &[Value]) -> Vec<(ids::ParsedId, &Map<String, Value>)> {
    let mut parsed: Vec<(ids::ParsedId, &Map<String, Value>)> = Vec::new();
    for r in resources {
        let Some(body) = r.as_object() else { continue };
        let Some(id) = body.get("id").and_then(Value::as_str) else {
            continue;
        };
        let Some(p) = ids::parse(id) else { continue };
        if p.scope.to_ascii_lowercase().contains("/providers/") {
            continue;
        }
        parsed.push((p, body));
    }
    parsed.sort_by(|a, b| {
        a.0.names.len().cmp(&b.0.names.len()).then_with(|| {
            let ka = format!("{}/{}", a.0.resource_type, a.0.names.join("/")).to_ascii_lowercase();
            let kb = format!("{}/{}", b.0.resource_type, b.0.names.join("/")).to_ascii_lowercase();
            ka.cmp(&kb)
        })
    });
    parsed
}

/// The name parameters of an export: one per root resource, reused by its children.
#[derive(Default)]
struct NameParameters {
    parameters: Map<String, Value>,
    /// (lower-cased root type, root name) -> parameter name.
    param_of: BTreeMap<(String, String), String>,
}

impl NameParameters {
    /// The parameter holding the root name of `p` (declared on first use).
    fn for_resource(&mut self, p: &ids::ParsedId) -> String {
        let root_type: String = p
            .resource_type
            .split('/')
            .take(2)
            .collect::<Vec<_>>()
            .join("/");
        let root_name = p.names[0].clone();
        let key = (root_type.to_ascii_lowercase(), root_name.clone());
        if let Some(n) = self.param_of.get(&key) {
            return n.clone();
        }
        let mut n = param_name(&p.resource_type, &root_name);
        let base = n.clone();
        let mut k = 2;
        while self.parameters.contains_key(&n) {
            n = format!("{base}{k}");
            k += 1;
        }
        self.parameters.insert(
            n.clone(),
            json!({ "type": "String", "defaultValue": root_name }),
        );
        self.param_of.insert(key, n.clone());
        n
    }
}

/// The writable `properties` of a body (read-only ones dropped).
fn writable_properties(p: &ids::ParsedId, body: &Map<String, Value>) -> Value {
    let healthcare = p
        .resource_type
        .to_ascii_lowercase()
        .starts_with("microsoft.healthcareapis/workspaces");
    let mut props = match body.get("properties") {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    };
    props.retain(|k, _| {
        // publicNetworkAccess is read-only in 2024-03-31 for workspaces and services.
        let read_only = READ_ONLY_PROPERTIES
            .iter()
            .any(|r| r.eq_ignore_ascii_case(k))
            || (healthcare && k.eq_ignore_ascii_case("publicNetworkAccess"));
        !read_only
    });
    if p.resource_type
        .eq_ignore_ascii_case("Microsoft.HealthcareApis/workspaces/dicomservices")
        && let Some(Value::Object(auth)) = props.get_mut("authenticationConfiguration")
    {
        // authority and audiences are read-only on DICOM.
        auth.remove("authority");
        auth.remove("audiences");
        if auth.is_empty() {
            props.remove("authenticationConfiguration");
        }
    }
    escape(&Value::Object(props))
}

/// `dependsOn` on the parent of a child resource, when the parent is exported too.
fn parent_dependency(p: &ids::ParsedId, pname: &str, exported: &[String]) -> Option<Value> {
    if p.names.len() < 2 {
        return None;
    }
    let parent_type = p
        .resource_type
        .rsplit_once('/')
        .map(|x| x.0)
        .unwrap_or_default();
    let parent_names = &p.names[..p.names.len() - 1];
    let parent_key = format!("{}|{}", parent_type, parent_names.join("/")).to_ascii_lowercase();
    if !exported.contains(&parent_key) {
        return None;
    }
    let mut args = Vec::from([quote(parent_type), format!("parameters({})", quote(pname))]);
    args.extend(parent_names[1..].iter().map(|n| quote(n)));
    Some(json!([format!("[resourceId({})]", args.join(", "))]))
}

/// One exported resource.
fn export_resource(
    p: &ids::ParsedId,
    body: &Map<String, Value>,
    pname: &str,
    exported: &[String],
) -> Value {
    let name_expr = if p.names.len() == 1 {
        format!("[parameters({})]", quote(pname))
    } else {
        format!(
            "[concat(parameters({}), {})]",
            quote(pname),
            quote(&format!("/{}", p.names[1..].join("/")))
        )
    };
    let mut res = Map::new();
    res.insert("type".to_string(), Value::String(p.resource_type.clone()));
    res.insert(
        "apiVersion".to_string(),
        Value::String(hcsim_arm::api::version_for(&p.resource_type).to_string()),
    );
    res.insert("name".to_string(), Value::String(name_expr));
    for key in ["location", "kind", "sku", "tags", "zones", "plan"] {
        if let Some(v) = body.get(key)
            && !v.is_null()
        {
            res.insert(key.to_string(), escape(v));
        }
    }
    if let Some(identity) = body.get("identity")
        && !identity.is_null()
    {
        res.insert("identity".to_string(), escape(&clean_identity(identity)));
    }
    res.insert("properties".to_string(), writable_properties(p, body));
    if let Some(deps) = parent_dependency(p, pname, exported) {
        res.insert("dependsOn".to_string(), deps);
    }
    Value::Object(res)
}

/// Turns ARM resource bodies (`{id, name, type, location, kind?, tags?, identity?,
/// properties, ...}`) into a deployment template that [`crate::plan`] accepts.
/// Bodies without a parsable `id` are skipped.
pub fn export_template(resources: &[Value]) -> Value {
    let parsed = exportable(resources);
    let exported: Vec<String> = parsed
        .iter()
        .map(|(p, _)| format!("{}|{}", p.resource_type, p.names.join("/")).to_ascii_lowercase())
        .collect();
    let mut names = NameParameters::default();
    let mut out_resources = Vec::new();
    for (p, body) in &parsed {
        let pname = names.for_resource(p);
        out_resources.push(export_resource(p, body, &pname, &exported));
    }
    let parameters = names.parameters;
    json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": parameters,
        "variables": {},
        "resources": out_resources
    })
}
