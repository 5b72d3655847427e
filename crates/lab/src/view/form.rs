//! The small creation forms a front end offers on the selection: a group in a subscription, a
//! workspace in a group, a service in a workspace, a FHIR destination of an IoT connector.
//! The form says what to ask and with which defaults; the filled values become the az line
//! (quoted by [`CommandLine`]), which the core then accepts or rejects with its rule.

use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use hcsim_core::{ResKind, Resource, World};

use super::commands::free_name;
use super::create_form::ChildType;
use super::quote::CommandLine;

/// One field of a form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormField {
    /// What it asks.
    pub label: &'static str,
    /// The default value.
    pub value: String,
    /// The allowed values, if it is a choice (the first is the default).
    pub choices: Vec<String>,
}

fn field(label: &'static str, value: &str) -> FormField {
    FormField {
        label,
        value: value.into(),
        choices: Vec::new(),
    }
}

fn choice(label: &'static str, choices: &[&str]) -> FormField {
    FormField {
        label,
        value: choices.first().copied().unwrap_or("").into(),
        choices: choices.iter().map(|c| (*c).to_string()).collect(),
    }
}

/// What a form creates, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Target {
    Group,
    Workspace {
        group: String,
    },
    Service {
        group: String,
        workspace: String,
    },
    Destination {
        group: String,
        connector: String,
        workspace_id: String,
    },
}

/// A creation form for a child of the selection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateForm {
    /// Title.
    pub title: String,
    /// The fields, with their defaults.
    pub fields: Vec<FormField>,
    target: Target,
    /// `--subscription`, when the parent is not in the current subscription.
    subscription: Option<String>,
}

impl CreateForm {
    /// The form for a child of `r`, or why nothing can be created under it from a form.
    pub fn for_parent(world: &World, r: &Resource) -> Result<CreateForm, String> {
        let node = world.find_node(&r.id).ok_or("the selection is gone")?;
        let path = hcsim_core::id::ArmPath::parse(&r.id).map_err(|e| e.0)?;
        let sub = path.subscription();
        let subscription =
            (!sub.eq_ignore_ascii_case(world.current_subscription())).then(|| sub.to_string());
        let group = path.resource_group().unwrap_or("").to_string();
        let (title, target, fields) = match r.kind {
            ResKind::Subscription => (
                alloc::format!(
                    "New resource group in {}",
                    r.body.str_at(&["displayName"]).unwrap_or(&r.name)
                ),
                Target::Group,
                vec![
                    field("name", &free_name(world, node, "rg")),
                    field("location", "eastus"),
                ],
            ),
            ResKind::ResourceGroup => (
                alloc::format!("New workspace in {}", r.name),
                Target::Workspace {
                    group: r.name.clone(),
                },
                vec![
                    field("name", &free_name(world, node, "ws")),
                    field("region", r.location.as_deref().unwrap_or("eastus")),
                ],
            ),
            ResKind::Workspace => (
                alloc::format!("New service in workspace {}", r.name),
                Target::Service {
                    group,
                    workspace: r.name.clone(),
                },
                vec![
                    choice(
                        "type (←/→)",
                        &["fhir-service", "dicom-service", "iot-connector"],
                    ),
                    field("name", &free_name(world, node, "svc")),
                ],
            ),
            ResKind::Iot => destination(world, node, r, group)?,
            k => {
                return Err(alloc::format!(
                    "nothing to create under a {} here; type any az command instead",
                    k.label()
                ));
            }
        };
        Ok(CreateForm {
            title,
            fields,
            target,
            subscription,
        })
    }

    /// The az line the form runs with `values` (one per field, in order), or which field is
    /// missing. Values are quoted, so a name with a space reaches the core, which names the
    /// rule it breaks.
    pub fn line(&self, values: &[&str]) -> Result<String, String> {
        for (f, v) in self
            .fields
            .iter()
            .zip(values.iter().chain(core::iter::repeat(&"")))
        {
            if v.trim().is_empty() {
                return Err(alloc::format!("{} is empty", f.label));
            }
        }
        let v = |i: usize| values.get(i).map(|s| s.trim()).unwrap_or("");
        let line = match &self.target {
            Target::Group => CommandLine::new("az group create")
                .opt("--name", v(0))
                .opt("--location", v(1)),
            Target::Workspace { group } => CommandLine::new("az healthcareapis workspace create")
                .opt("--name", v(0))
                .opt("--resource-group", group)
                .opt("--location", v(1)),
            Target::Service { group, workspace } => service_line(v(0), v(1), group, workspace)?,
            Target::Destination {
                group,
                connector,
                workspace_id,
            } => super::create_form::default_destination_line(
                v(0),
                v(1),
                connector,
                group,
                workspace_id,
            )?,
        };
        Ok(line
            .opt_some("--subscription", self.subscription.as_deref())
            .into_string())
    }
}

/// The FHIR destination form of an IoT connector: the FHIR service it writes to defaults to
/// the workspace's first one.
fn destination(
    world: &World,
    node: u32,
    r: &Resource,
    group: String,
) -> Result<(String, Target, Vec<FormField>), String> {
    let store = world.store();
    let ws_node = store.node(node).and_then(|n| n.parent);
    let ws = ws_node
        .and_then(|w| store.res(w))
        .ok_or("the connector has no workspace")?;
    let fhir = ws_node
        .into_iter()
        .flat_map(|w| super::node::children(world, w))
        .filter_map(|c| store.res(c))
        .find(|c| c.kind == ResKind::Fhir)
        .map(|c| c.name.clone())
        .unwrap_or_else(|| "fhir1".into());
    Ok((
        alloc::format!("New FHIR destination of {}", r.name),
        Target::Destination {
            group,
            connector: r.name.clone(),
            workspace_id: ws.id.clone(),
        },
        vec![
            field("name", &free_name(world, node, "dest")),
            field("FHIR service (same workspace)", &fhir),
        ],
    ))
}

/// The create line of a workspace service: the portal form's with its defaults (an IoT
/// connector gets a minimal event hub source and an empty device mapping, which the trainee
/// can change later).
fn service_line(
    kind: &str,
    name: &str,
    group: &str,
    workspace: &str,
) -> Result<CommandLine, String> {
    match ChildType::from_key(kind) {
        Some(
            child @ (ChildType::FhirService | ChildType::DicomService | ChildType::IotConnector),
        ) => Ok(super::create_form::default_service_line(
            child, name, group, workspace,
        )),
        _ => Err(alloc::format!("'{kind}' is not a service type")),
    }
}
