//! Read-only questions front ends ask: a service's effective workspace settings and where they
//! come from, and what can or cannot be done to a resource now, and why.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

use crate::error::ArmError;
use crate::id::ArmPath;
use crate::resource::ResKind;
use crate::store::NodeId;
use crate::world::World;

/// One effective setting of a resource.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EffectiveSetting {
    /// Setting name: `private link`, `customer-managed key`, `monitoring`, `RBAC`.
    pub setting: String,
    /// Its effective value, readable.
    pub value: String,
    /// Where it comes from: the workspace id, or `default`.
    pub source: String,
    /// True for hcsim extensions with no property in the real API.
    pub extension: bool,
}

/// Whether an action is possible now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionCheck {
    /// `update`, `delete`, `create child`.
    pub action: String,
    /// The rejection it would get, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked_by: Option<ArmError>,
}

impl World {
    /// The workspace-level settings in force for a workspace or a service, with their source
    /// (rule `settings-apply-to-all-children`). `None` for other resources.
    pub fn effective_settings(&self, id: &str) -> Option<Vec<EffectiveSetting>> {
        let node = self.find_node(id)?;
        let res = self.store.res(node)?;
        let ws = match res.kind {
            ResKind::Workspace => node,
            k if k.is_healthcare() => self
                .store
                .ancestors_inclusive(node)
                .into_iter()
                .find(|n| self.store.res(*n).map(|r| r.kind) == Some(ResKind::Workspace))?,
            _ => return None,
        };
        let ws_res = self.store.res(ws)?;
        let src = ws_res.id.clone();
        let mut out = Vec::new();
        let pl = self.ctx().private_link_connection(ws);
        out.push(EffectiveSetting {
            setting: "private link".into(),
            value: match &pl {
                Some(c) => alloc::format!(
                    "Enabled ({}); public network access Disabled",
                    c.rsplit('/').next().unwrap_or("")
                ),
                None => "Disabled; public network access Enabled".into(),
            },
            source: if pl.is_some() {
                src.clone()
            } else {
                "default".into()
            },
            extension: false,
        });
        let cmk = ws_res.settings.cmk_key_url.clone();
        let cmk_value = match &cmk {
            Some(url) => {
                let problem = if res.kind == ResKind::Workspace {
                    None
                } else {
                    self.ctx().cmk_problem(node)
                };
                match problem {
                    Some(p) => alloc::format!("{url} — NOT accessible: {p}"),
                    None => alloc::format!("{url} — accessible"),
                }
            }
            None => "Microsoft-managed keys".into(),
        };
        out.push(EffectiveSetting {
            setting: "customer-managed key".into(),
            value: cmk_value,
            source: if cmk.is_some() {
                src.clone()
            } else {
                "default".into()
            },
            extension: true,
        });
        let s = &ws_res.settings;
        out.push(EffectiveSetting {
            setting: "monitoring".into(),
            value: if s.monitoring {
                alloc::format!(
                    "diagnostic logs Enabled{}",
                    s.monitoring_workspace_id
                        .as_ref()
                        .map(|w| alloc::format!(" → {w}"))
                        .unwrap_or_default()
                )
            } else {
                "diagnostic logs Disabled".into()
            },
            source: if s.monitoring {
                src.clone()
            } else {
                "default".into()
            },
            extension: true,
        });
        let roles = self.role_summary(ws);
        out.push(EffectiveSetting {
            setting: "RBAC".into(),
            value: if roles.is_empty() {
                "no role assignments".into()
            } else {
                roles.join("; ")
            },
            source: src,
            extension: false,
        });
        Some(out)
    }

    /// Every role assignment at a workspace or above it, readable: `who: role (at scope)`.
    fn role_summary(&self, ws: NodeId) -> Vec<String> {
        let mut roles: Vec<String> = Vec::new();
        for scope in self.store.ancestors_inclusive(ws) {
            for ra in self
                .store
                .children_with_prefix(scope, crate::checks::RA_PREFIX)
            {
                if let Some(r) = self.store.res(ra) {
                    let role = r.body.value()["properties"]["roleDefinitionId"]
                        .as_str()
                        .and_then(crate::rbac::find_role)
                        .map(|r| r.name)
                        .unwrap_or("?");
                    let pid = r.body.str_at(&["properties", "principalId"]).unwrap_or("");
                    let who = self
                        .directory
                        .find(pid)
                        .map(|p| p.name.clone())
                        .unwrap_or_else(|| pid.to_string());
                    let at = self
                        .store
                        .res(scope)
                        .map(|s| s.kind.label())
                        .unwrap_or("scope");
                    roles.push(alloc::format!("{who}: {role} (at {at})"));
                }
            }
        }
        roles
    }

    /// What the acting principal could do to a resource now, and what would stop it.
    pub fn allowed_actions(&self, id: &str) -> Vec<ActionCheck> {
        let mut out = Vec::new();
        let Ok(path) = ArmPath::parse(id) else {
            return out;
        };
        let Some(principal) = self.directory.find(self.account.acting()).cloned() else {
            return out;
        };
        let Some(node) = self.store.find(&path) else {
            return out;
        };
        let kind = self.store.res(node).map(|r| r.kind);
        if kind == Some(ResKind::Subscription) {
            // Subscriptions come from the tenant: only what goes inside them is a question.
            out.push(ActionCheck {
                action: "create child".into(),
                blocked_by: None,
            });
            return out;
        }
        let body = self.store.res(node).map(|r| r.body.value());
        let update = self.validate_put(&path, body.as_ref(), &principal).err();
        out.push(ActionCheck {
            action: "update".into(),
            blocked_by: update,
        });
        out.push(ActionCheck {
            action: "delete".into(),
            blocked_by: self.validate_delete(&path, &principal).err(),
        });
        if let Some(kind) = self.store.res(node).map(|r| r.kind)
            && matches!(kind, ResKind::Workspace | ResKind::ResourceGroup)
        {
            out.push(ActionCheck {
                action: "create child".into(),
                blocked_by: self.child_blocker(node),
            });
        }
        out
    }

    /// The rejection a PUT of `body` at `id` by the acting principal would get now, or `None`
    /// when it would be accepted. Nothing changes: create forms ask this per field (may this
    /// region, this setting be chosen?) so that the rule, not the form, decides.
    pub fn check_put(&self, id: &str, body: &serde_json::Value) -> Option<ArmError> {
        let path = match ArmPath::parse(id) {
            Ok(p) => p,
            Err(e) => {
                return Some(ArmError::new(
                    400,
                    "InvalidResourceId",
                    e.0,
                    crate::rules::RuleId::ValidRequest,
                ));
            }
        };
        let principal = self.directory.find(self.account.acting())?.clone();
        self.validate_put(&path, Some(body), &principal).err()
    }

    fn child_blocker(&self, node: NodeId) -> Option<ArmError> {
        let res = self.store.res(node)?;
        if res.state.is_busy() {
            let mut e = crate::checks::busy(&res.id, res.state);
            if res.kind == ResKind::Workspace
                && res.state != crate::resource::ProvisioningState::Deleting
            {
                e.rule = Some(crate::rules::RuleId::WorkspaceFirst);
            } else if res.kind == ResKind::ResourceGroup
                && res.state == crate::resource::ProvisioningState::Deleting
            {
                e.rule = Some(crate::rules::RuleId::ResourceGroupBeingDeleted);
            }
            return Some(e);
        }
        None
    }
}
