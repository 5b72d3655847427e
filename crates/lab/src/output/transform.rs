//! azure-cli's global result transform: every object with an ARM `id` inside a resource
//! group gains a `resourceGroup` field (azure-cli `core/commands/transform.py`), before
//! `--query` runs, so `--query resourceGroup` works as it does in az.

use serde_json::Value;

/// Deeper than this the transform stops (results are never that deep; input cannot be).
pub(crate) const MAX_DEPTH: usize = 64;

/// The resource group named by an id `/subscriptions/s/resourceGroups/g/providers/…` (az
/// needs the segments up to the resource name, `parts[8]`, to exist).
pub(crate) fn group_of(id: &str) -> Option<&str> {
    // The first eight slashes, found byte by byte (every printed object with an id passes
    // here): parts[3] lies between the third and the fourth, parts[4] between the fourth and
    // the fifth, and parts[8] exists when there is an eighth.
    let mut slashes = [0usize; 8];
    let mut found = 0;
    for (i, &b) in id.as_bytes().iter().enumerate() {
        if b == b'/' {
            slashes[found] = i;
            found += 1;
            if found == slashes.len() {
                break;
            }
        }
    }
    if found < slashes.len() {
        return None;
    }
    let marker = id.get(slashes[2] + 1..slashes[3])?;
    let group = id.get(slashes[3] + 1..slashes[4])?;
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

#[cfg(test)]
mod tests {
    use super::group_of;

    /// azure-cli's reading: `parts = id.split('/')`, `parts[4]` when `parts[3]` is
    /// `resourceGroups` (any case) and `parts[8]` exists.
    fn by_split(id: &str) -> Option<&str> {
        let parts: alloc::vec::Vec<&str> = id.split('/').collect();
        (parts.len() > 8 && parts[3].eq_ignore_ascii_case("resourcegroups")).then(|| parts[4])
    }

    #[test]
    fn the_group_is_read_as_azure_cli_reads_it() {
        let ids = [
            "/subscriptions/s/resourceGroups/rg1/providers/X/y/ws1",
            "/subscriptions/s/RESOURCEGROUPS/rg1/providers/X/y/ws1/child/c",
            "/subscriptions/s/resourceGroups/rg1/providers/X/y/",
            "/subscriptions/s/resourceGroups/rg1/providers/X/y",
            "/subscriptions/s/resourceGroups/rg1",
            "/subscriptions/s/resourceGroupsX/rg1/providers/X/y/ws1",
            "/subscriptions/s/resourceGroups//providers/X/y/ws1",
            "////////",
            "///resourcegroups/////",
            "/subscriptions/é/resourceGroups/grö/providers/X/y/ws1",
            "",
            "x",
        ];
        for id in ids {
            assert_eq!(group_of(id), by_split(id), "{id}");
        }
    }
}
