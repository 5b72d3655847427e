//! What-if: a pure diff of desired resource bodies against the current state, rendered
//! like `az deployment group what-if`.
//!
//! Rules (kept simple on purpose, as the training tool explains them):
//! - A resource not in the current state is **Create**; one whose body differs is
//!   **Modify** with property-level deltas; an equal one is **NoChange**.
//! - A resource that exists but whose desired body has values only known at deploy time
//!   (`reference()` to something not yet deployed) is **Deploy**.
//! - Resources in the group but not in the template are **Ignore** in Incremental mode and
//!   **Delete** in Complete mode.
//! - Read-only or server-computed values are never diffed: `id`, `name`, `type`, `etag`,
//!   `systemData`, `apiVersion`, `scope`, `properties.provisioningState`,
//!   `properties.serviceUrl`, `properties.privateEndpointConnections`,
//!   `properties.publicNetworkAccess` (read-only in 2024-03-31), `properties.eventState`,
//!   and identity `principalId`/`tenantId`/`clientId`.
//! - A property the desired body omits but the current one has is **not** a change (ARM
//!   what-if treats absent as "unchanged" for most properties). Arrays compare as wholes.
//! - `location` compares ignoring case and spaces (`East US` = `eastus`).

use crate::context::get_ci;
use crate::expr::{StringKind, classify};
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use hcsim_arm::id::ArmPath;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Deployment mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum WhatIfMode {
    /// Leave resources not in the template alone.
    Incremental,
    /// Delete resources in the group that the template does not define.
    Complete,
}

/// One resource the template wants, as input to [`what_if`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DesiredResource {
    /// Canonical resource id.
    pub id: String,
    /// Full resource type.
    pub resource_type: String,
    /// apiVersion, shown in brackets when rendering.
    pub api_version: Option<String>,
    /// Desired body (as from [`crate::Plan::preview_body`]).
    pub body: Value,
    /// True when some values are only known at deploy time.
    pub deferred: bool,
}

/// ARM's resource change types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ChangeType {
    /// The resource will be created.
    Create,
    /// The resource will be deleted (Complete mode).
    Delete,
    /// The resource exists and some properties will change.
    Modify,
    /// The resource exists and nothing will change.
    NoChange,
    /// The resource exists but is not in the template (Incremental mode).
    Ignore,
    /// The resource will be redeployed; changes cannot be predicted.
    Deploy,
}

impl ChangeType {
    /// The symbol `az` prints for this change.
    pub fn symbol(self) -> char {
        match self {
            ChangeType::Create => '+',
            ChangeType::Delete => '-',
            ChangeType::Modify => '~',
            ChangeType::NoChange => '=',
            ChangeType::Ignore => '*',
            ChangeType::Deploy => '!',
        }
    }

    fn legend(self) -> &'static str {
        match self {
            ChangeType::Create => "Create",
            ChangeType::Delete => "Delete",
            ChangeType::Modify => "Modify",
            ChangeType::NoChange => "Nochange",
            ChangeType::Ignore => "Ignore",
            ChangeType::Deploy => "Deploy",
        }
    }
}

/// Property-level change types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PropertyChangeType {
    /// The property is added.
    Create,
    /// The property's value changes.
    Modify,
    /// The property's new value is only known at deploy time.
    NoEffect,
}

/// One property difference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PropertyChange {
    /// Dotted path, e.g. `properties.authenticationConfiguration.audience`.
    pub path: String,
    /// What happens to it.
    pub property_change_type: PropertyChangeType,
    /// Current value (absent for Create).
    pub before: Option<Value>,
    /// Desired value.
    pub after: Option<Value>,
}

/// One resource's predicted change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceChange {
    /// Resource id.
    pub resource_id: String,
    /// Resource type.
    pub resource_type: String,
    /// apiVersion (when known).
    pub api_version: Option<String>,
    /// The change.
    pub change_type: ChangeType,
    /// Current body, when the resource exists.
    pub before: Option<Value>,
    /// Desired body, when the template defines it.
    pub after: Option<Value>,
    /// Property differences (Modify and Deploy).
    pub delta: Vec<PropertyChange>,
}

/// The what-if result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WhatIfReport {
    /// Changes sorted by resource id (case-insensitive).
    pub changes: Vec<ResourceChange>,
}

const IGNORED_TOP: &[&str] = &[
    "id",
    "name",
    "type",
    "etag",
    "systemData",
    "apiVersion",
    "scope",
];
const IGNORED_PROPERTIES: &[&str] = &[
    "provisioningState",
    "serviceUrl",
    "privateEndpointConnections",
    "publicNetworkAccess",
    "eventState",
];

fn ignored(path: &[&str]) -> bool {
    match path {
        [one] => IGNORED_TOP.iter().any(|k| k.eq_ignore_ascii_case(one)),
        [p, two] if p.eq_ignore_ascii_case("properties") => IGNORED_PROPERTIES
            .iter()
            .any(|k| k.eq_ignore_ascii_case(two)),
        [i, .., last] if i.eq_ignore_ascii_case("identity") => {
            ["principalId", "tenantId", "clientId"]
                .iter()
                .any(|k| k.eq_ignore_ascii_case(last))
        }
        _ => false,
    }
}

fn is_unknown(v: &Value) -> bool {
    matches!(v, Value::String(s) if matches!(classify(s), StringKind::Expression(_)))
}

fn same_location(a: &Value, b: &Value) -> bool {
    let norm = |v: &Value| {
        v.as_str().map(|s| {
            s.chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase()
        })
    };
    norm(a).is_some() && norm(a) == norm(b)
}

/// `deferred` says whether expression-looking strings in `desired` are unknown values
/// (a literal `"[x]"` in a fully known body is just a string).
fn diff(
    path: &mut Vec<String>,
    desired: &Value,
    current: &Value,
    deferred: bool,
    out: &mut Vec<PropertyChange>,
) {
    let refs: Vec<&str> = path.iter().map(String::as_str).collect();
    if ignored(&refs) {
        return;
    }
    let dotted = || path.join(".");
    if deferred && is_unknown(desired) && desired != current {
        out.push(PropertyChange {
            path: dotted(),
            property_change_type: PropertyChangeType::NoEffect,
            before: Some(current.clone()),
            after: Some(desired.clone()),
        });
        return;
    }
    match (desired, current) {
        (Value::Object(d), Value::Object(c)) => {
            for (k, dv) in d {
                path.push(k.clone());
                match get_ci(c, k) {
                    Some(cv) => diff(path, dv, cv, deferred, out),
                    None => {
                        let refs: Vec<&str> = path.iter().map(String::as_str).collect();
                        if !ignored(&refs) {
                            out.push(PropertyChange {
                                path: path.join("."),
                                property_change_type: PropertyChangeType::Create,
                                before: None,
                                after: Some(dv.clone()),
                            });
                        }
                    }
                }
                path.pop();
            }
        }
        (d, c) => {
            let equal = d == c
                || (refs.len() == 1
                    && refs[0].eq_ignore_ascii_case("location")
                    && same_location(d, c));
            if !equal {
                out.push(PropertyChange {
                    path: dotted(),
                    property_change_type: PropertyChangeType::Modify,
                    before: Some(c.clone()),
                    after: Some(d.clone()),
                });
            }
        }
    }
}

/// Predicts what deploying `desired` would change. `current(id)` returns a resource's
/// current body; `existing_in_group` lists `(id, type)` of everything now in the group.
pub fn what_if(
    desired: &[DesiredResource],
    current: impl Fn(&str) -> Option<Value>,
    mode: WhatIfMode,
    existing_in_group: &[(String, String)],
) -> WhatIfReport {
    let mut changes = Vec::new();
    let mut wanted: BTreeMap<String, ()> = BTreeMap::new();
    for d in desired {
        wanted.insert(d.id.to_ascii_lowercase(), ());
        let before = current(&d.id);
        let (change_type, delta) = match &before {
            None => (ChangeType::Create, Vec::new()),
            Some(cur) => {
                let mut delta = Vec::new();
                diff(&mut Vec::new(), &d.body, cur, d.deferred, &mut delta);
                let ct = if d.deferred {
                    ChangeType::Deploy
                } else if delta.is_empty() {
                    ChangeType::NoChange
                } else {
                    ChangeType::Modify
                };
                (ct, delta)
            }
        };
        changes.push(ResourceChange {
            resource_id: d.id.clone(),
            resource_type: d.resource_type.clone(),
            api_version: d.api_version.clone(),
            change_type,
            before,
            after: Some(d.body.clone()),
            delta,
        });
    }
    for (id, ty) in existing_in_group {
        if wanted.contains_key(&id.to_ascii_lowercase()) {
            continue;
        }
        changes.push(ResourceChange {
            resource_id: id.clone(),
            resource_type: ty.clone(),
            api_version: None,
            change_type: match mode {
                WhatIfMode::Complete => ChangeType::Delete,
                WhatIfMode::Incremental => ChangeType::Ignore,
            },
            before: current(id),
            after: None,
            delta: Vec::new(),
        });
    }
    changes.sort_by_key(|c| c.resource_id.to_ascii_lowercase());
    WhatIfReport { changes }
}

fn show(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, x) in m {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&p, x, out);
            }
        }
        other => out.push((prefix.to_string(), show(other))),
    }
}

/// Splits an id into the scope what-if groups it under (everything before the first
/// `/providers/` segment) and the part shown per change (`Namespace/type/name…`), through the
/// shared id parser. An id that does not parse is shown whole, with no scope.
fn split_scope(id: &str) -> (String, String) {
    let Ok(path) = ArmPath::parse(id) else {
        return (String::new(), id.to_string());
    };
    let at = path
        .segments
        .iter()
        .position(|s| s.provider)
        .unwrap_or(path.segments.len());
    let part = |segments: &[hcsim_arm::id::Segment]| {
        ArmPath {
            segments: segments.to_vec(),
            collection: None,
            collection_is_provider: false,
        }
        .to_string()
    };
    let scope = part(&path.segments[..at]);
    let rest = part(&path.segments[at..]);
    let rel = rest
        .strip_prefix("/providers/")
        .unwrap_or(&rest)
        .to_string();
    (scope, rel)
}

const ORDER: [ChangeType; 6] = [
    ChangeType::Delete,
    ChangeType::Create,
    ChangeType::Modify,
    ChangeType::Deploy,
    ChangeType::NoChange,
    ChangeType::Ignore,
];

impl WhatIfReport {
    /// How many resources have this change type.
    pub fn count(&self, ct: ChangeType) -> usize {
        self.changes.iter().filter(|c| c.change_type == ct).count()
    }

    /// The closing summary, e.g. `Resource changes: 2 to create, 1 to modify.`
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        for ct in ORDER {
            let n = self.count(ct);
            if n == 0 {
                continue;
            }
            parts.push(match ct {
                ChangeType::Delete => format!("{n} to delete"),
                ChangeType::Create => format!("{n} to create"),
                ChangeType::Modify => format!("{n} to modify"),
                ChangeType::Deploy => format!("{n} to deploy"),
                ChangeType::NoChange => format!("{n} no change"),
                ChangeType::Ignore => format!("{n} to ignore"),
            });
        }
        if parts.is_empty() {
            "Resource changes: no change.".to_string()
        } else {
            format!("Resource changes: {}.", parts.join(", "))
        }
    }

    /// Text like `az deployment group what-if` prints.
    pub fn render(&self) -> String {
        let mut s = String::from(
            "Note: The result may contain false positive predictions (noise).\n\nResource and property changes are indicated with these symbols:\n",
        );
        for ct in ORDER {
            if self.count(ct) > 0 {
                s.push_str(&format!("  {} {}\n", ct.symbol(), ct.legend()));
            }
        }
        s.push_str("\nThe deployment will update the following scope:\n");
        let mut last_scope: Option<String> = None;
        for c in &self.changes {
            let (scope, rel) = split_scope(&c.resource_id);
            if last_scope.as_deref() != Some(scope.as_str()) {
                s.push_str(&format!("\nScope: {scope}\n"));
                last_scope = Some(scope);
            }
            let api = c
                .api_version
                .as_ref()
                .map(|a| format!(" [{a}]"))
                .unwrap_or_default();
            s.push_str(&format!("\n  {} {rel}{api}\n", c.change_type.symbol()));
            match c.change_type {
                ChangeType::Create => {
                    let mut lines = Vec::new();
                    if let Some(a) = &c.after {
                        flatten("", a, &mut lines);
                    }
                    if !lines.is_empty() {
                        s.push('\n');
                    }
                    for (p, v) in lines {
                        s.push_str(&format!("      {p}: {v}\n"));
                    }
                }
                ChangeType::Modify | ChangeType::Deploy => {
                    if !c.delta.is_empty() {
                        s.push('\n');
                    }
                    for d in &c.delta {
                        match d.property_change_type {
                            PropertyChangeType::Create => s.push_str(&format!(
                                "    + {}: {}\n",
                                d.path,
                                d.after.as_ref().map(show).unwrap_or_default()
                            )),
                            PropertyChangeType::Modify => s.push_str(&format!(
                                "    ~ {}: {} => {}\n",
                                d.path,
                                d.before.as_ref().map(show).unwrap_or_default(),
                                d.after.as_ref().map(show).unwrap_or_default()
                            )),
                            PropertyChangeType::NoEffect => s.push_str(&format!(
                                "    ! {}: {}\n",
                                d.path,
                                d.after.as_ref().map(show).unwrap_or_default()
                            )),
                        }
                    }
                }
                _ => {}
            }
        }
        s.push('\n');
        s.push_str(&self.summary());
        s.push('\n');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::split_scope;
    use alloc::string::String;

    #[test]
    fn scope_is_cut_at_the_first_provider_segment() {
        let (scope, rel) = split_scope(
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.HealthcareApis/workspaces/ws/providers/Microsoft.Authorization/roleAssignments/g",
        );
        assert_eq!(scope, "/subscriptions/s/resourceGroups/rg");
        assert_eq!(
            rel,
            "Microsoft.HealthcareApis/workspaces/ws/providers/Microsoft.Authorization/roleAssignments/g"
        );
        assert_eq!(
            split_scope("not an id"),
            (String::new(), "not an id".into())
        );
    }
}
