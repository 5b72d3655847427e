//! azure-cli's global result transform: every object with an ARM `id` inside a resource
//! group gains a `resourceGroup` field (azure-cli `core/commands/transform.py`), before
//! `--query` runs, so `--query resourceGroup` works as it does in az.

use serde_json::Value;

/// Deeper than this the transform stops (results are never that deep; input cannot be).
const MAX_DEPTH: usize = 64;

/// The resource group named by an id `/subscriptions/s/resourceGroups/g/providers/…` (az
/// needs the segments up to the resource name, `parts[8]`, to exist).
fn group_of(id: &str) -> Option<&str> {
    let mut parts = id.split('/');
    // parts[3] must be `resourceGroups`, parts[4] is the group, parts[8] must exist.
    let marker = parts.nth(3)?;
    let group = parts.next()?;
    parts.nth(3)?;
    marker
        .eq_ignore_ascii_case("resourcegroups")
        .then_some(group)
}

/// Adds `resourceGroup` beside each `id` that names one, recursively (not into `sourceVault`).
pub(crate) fn add_resource_group(v: &mut Value, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match v {
        Value::Array(items) => {
            for item in items {
                add_resource_group(item, depth + 1);
            }
        }
        Value::Object(m) => {
            if !m.contains_key("resourceGroup") {
                let group = m.get("id").and_then(Value::as_str).and_then(group_of);
                if let Some(g) = group.map(alloc::string::String::from) {
                    m.insert("resourceGroup".into(), Value::String(g));
                }
            }
            for (k, item) in m.iter_mut() {
                if k != "sourceVault" {
                    add_resource_group(item, depth + 1);
                }
            }
        }
        _ => {}
    }
}
