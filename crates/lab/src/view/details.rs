//! What a details pane shows of one resource: identity and state, its service URL, the faults
//! on it, the effective workspace settings and where each comes from, what can be done now
//! and why not, and the ARM JSON as a GET returns it. Every answer comes from the core's
//! read-only questions (`World::effective_settings`, `World::allowed_actions`, `World::view`):
//! the view decides no rule.

use alloc::string::String;
use alloc::vec::Vec;
use serde::Serialize;
use serde_json::Value;

use hcsim_core::settings::{ActionCheck, EffectiveSetting};
use hcsim_core::{RuleId, World};

use super::node::{FaultMark, NodeView, StateMark};

/// One workspace-level setting in force.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SettingView {
    /// `private link`, `customer-managed key`, `monitoring`, `RBAC`.
    pub setting: String,
    /// Its value.
    pub value: String,
    /// The workspace id it comes from, or `default`.
    pub source: String,
    /// The source for reading: `default`, `set here`, or `from ws1`.
    pub source_label: String,
    /// True for hcsim extensions with no property in the real API.
    pub extension: bool,
}

impl SettingView {
    /// Translates the core's answer for the resource `id`.
    fn of(s: EffectiveSetting, id: &str) -> SettingView {
        let source_label = if s.source == "default" {
            String::from("default")
        } else if s.source.eq_ignore_ascii_case(id) {
            String::from("set here")
        } else {
            alloc::format!("from {}", s.source.rsplit('/').next().unwrap_or(&s.source))
        };
        SettingView {
            setting: s.setting,
            value: s.value,
            source: s.source,
            source_label,
            extension: s.extension,
        }
    }
}

/// Whether an action is possible now and, if not, the rejection it would get.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionView {
    /// `update`, `delete`, `create child`.
    pub action: String,
    /// True when nothing blocks it.
    pub allowed: bool,
    /// The blocking error's code.
    pub code: Option<String>,
    /// The blocking rule's id.
    pub rule: Option<String>,
    /// The status the request would get.
    pub status: Option<u16>,
    /// The message the request would get.
    pub message: Option<String>,
    /// Rule, why, fix (the teaching text).
    pub explanation: Option<String>,
}

impl ActionView {
    /// Translates the core's answer.
    fn of(a: ActionCheck) -> ActionView {
        let e = a.blocked_by.as_ref();
        ActionView {
            allowed: e.is_none(),
            code: e.map(|e| e.code.clone()),
            rule: e.and_then(|e| e.rule.map(|r| String::from(r.id()))),
            status: e.map(|e| e.status),
            message: e.map(|e| e.message.clone()),
            explanation: e.and_then(|e| e.explanation()),
            action: a.action,
        }
    }
}

/// One resource in depth.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Details {
    /// Id, name, label, kind, state and faults, as the tree shows them.
    #[serde(flatten)]
    pub node: NodeView,
    /// Created at, readable.
    pub created_at: String,
    /// Created by.
    pub created_by: String,
    /// The service's URL (DICOM's `serviceUrl`, FHIR's token audience), if it has one.
    pub url: Option<String>,
    /// Workspace-level settings in force (workspaces and their services only).
    pub settings: Option<Vec<SettingView>>,
    /// The rule that makes those settings apply (`settings-apply-to-all-children`), when there
    /// are settings: the pane names it so the trainee can look it up.
    pub settings_rule: Option<&'static str>,
    /// Update / delete / create child: allowed now, or why not.
    pub actions: Vec<ActionView>,
    /// The data plane in rows (`FHIR data` → `60 Observation, 1 Patient`), from
    /// [`super::data_plane::facts`].
    pub data_plane: Vec<(String, String)>,
    /// The ARM body as GET shows it.
    pub arm: Value,
}

impl Details {
    /// The details of the resource `id`, or `None` when there is none.
    pub fn of(world: &World, id: &str) -> Option<Details> {
        let r = world.find(id)?;
        let arm = world.view(id)?;
        let body = r.body.value();
        let props = &body["properties"];
        let url = props["serviceUrl"]
            .as_str()
            .or_else(|| props["authenticationConfiguration"]["audience"].as_str())
            .filter(|u| u.starts_with("https://"))
            .map(String::from);
        let settings = world.effective_settings(id);
        Some(Details {
            node: NodeView::of(world, r),
            settings_rule: settings
                .is_some()
                .then(|| RuleId::SettingsApplyToAllChildren.id()),
            created_at: alloc::format!("{}", r.created_at),
            created_by: r.created_by.clone(),
            url,
            settings: settings.map(|list| {
                list.into_iter()
                    .map(|s| SettingView::of(s, &r.id))
                    .collect()
            }),
            actions: world
                .allowed_actions(id)
                .into_iter()
                .map(ActionView::of)
                .collect(),
            data_plane: super::data_plane::facts(world, id),
            arm,
        })
    }

    /// The state mark (`None` for a subscription).
    pub fn state(&self) -> Option<StateMark> {
        self.node.state
    }

    /// The faults covering the resource.
    pub fn faults(&self) -> &[FaultMark] {
        &self.node.faults
    }
}
