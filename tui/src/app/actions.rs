//! What the single-key actions turn into: az / sim command lines built from the selected
//! resource. The TUI never changes the world by itself: every action is the line a trainee
//! could have typed, so it shows in the history, the equivalents and the saved session.

use hcsim_core::faults::FaultKind;
use hcsim_core::store::NodeId;
use hcsim_core::{ResKind, Resource, World};

use super::modal::{Field, Form, FormKind, LineEdit, MenuAction};

/// The parts of an ARM id: subscription, group, and the `type/name` pairs below the provider.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IdParts {
    /// Subscription id.
    pub subscription: String,
    /// Resource group name, if any.
    pub group: Option<String>,
    /// (lower-cased type word, name) pairs after `providers/<namespace>`.
    pub names: Vec<(String, String)>,
}

/// Splits an ARM id.
pub fn id_parts(id: &str) -> IdParts {
    let segs: Vec<&str> = id.split('/').filter(|s| !s.is_empty()).collect();
    let mut p = IdParts::default();
    let mut i = 0;
    while i + 1 < segs.len() {
        let word = segs[i].to_ascii_lowercase();
        match word.as_str() {
            "subscriptions" => p.subscription = segs[i + 1].into(),
            "resourcegroups" => p.group = Some(segs[i + 1].into()),
            "providers" => {
                // `providers/<Namespace>` then type/name pairs.
                i += 2;
                continue;
            }
            _ => p.names.push((word, segs[i + 1].into())),
        }
        i += 2;
    }
    p
}

fn sub_flag(world: &World, sub: &str) -> String {
    if sub.eq_ignore_ascii_case(world.current_subscription()) || sub.is_empty() {
        String::new()
    } else {
        format!(" --subscription {sub}")
    }
}

fn name_of<'a>(p: &'a IdParts, word: &str) -> Option<&'a str> {
    p.names
        .iter()
        .find(|(w, _)| w == word)
        .map(|(_, n)| n.as_str())
}

/// The group a node is in (the node itself if it is one).
pub fn group_of(world: &World, node: NodeId) -> Option<String> {
    let r = world.store().res(node)?;
    id_parts(&r.id).group
}

fn field(label: &'static str, value: &str) -> Field {
    Field {
        label,
        edit: LineEdit::with(value),
        choices: Vec::new(),
    }
}

fn choice(label: &'static str, choices: &[&str]) -> Field {
    Field {
        label,
        edit: LineEdit::with(choices.first().copied().unwrap_or("")),
        choices: choices.iter().map(|c| (*c).to_string()).collect(),
    }
}

/// A first free name `base1`, `base2` … among the children of `node`.
fn free_name(world: &World, node: NodeId, base: &str) -> String {
    let taken: Vec<String> = world
        .store()
        .node(node)
        .map(|n| {
            n.children
                .values()
                .filter_map(|c| world.store().res(*c))
                .map(|r| r.name.to_ascii_lowercase())
                .collect()
        })
        .unwrap_or_default();
    (1..)
        .map(|i| format!("{base}{i}"))
        .find(|n| !taken.contains(n))
        .unwrap_or_else(|| base.into())
}

/// The creation form for a child of `r`.
pub fn create_form(world: &World, r: &Resource) -> Result<Form, String> {
    let node = world.find_node(&r.id).ok_or("the selection is gone")?;
    let p = id_parts(&r.id);
    // The form names the subscription only when it is not the current one (az's default).
    let sub = if p
        .subscription
        .eq_ignore_ascii_case(world.current_subscription())
    {
        String::new()
    } else {
        p.subscription.clone()
    };
    Ok(match r.kind {
        ResKind::Subscription => Form {
            title: format!(
                "New resource group in {}",
                r.body["displayName"].as_str().unwrap_or(&r.name)
            ),
            kind: FormKind::Group { subscription: sub },
            fields: vec![
                field("name", &free_name(world, node, "rg")),
                field("location", "eastus"),
            ],
            focus: 0,
        },
        ResKind::ResourceGroup => Form {
            title: format!("New workspace in {}", r.name),
            kind: FormKind::Workspace {
                subscription: sub,
                group: r.name.clone(),
            },
            fields: vec![
                field("name", &free_name(world, node, "ws")),
                field("region", r.location.as_deref().unwrap_or("eastus")),
            ],
            focus: 0,
        },
        ResKind::Workspace => Form {
            title: format!("New service in workspace {}", r.name),
            kind: FormKind::Service {
                subscription: sub,
                group: p.group.clone().unwrap_or_default(),
                workspace: r.name.clone(),
            },
            fields: vec![
                choice(
                    "type (←/→)",
                    &["fhir-service", "dicom-service", "iot-connector"],
                ),
                field("name", &free_name(world, node, "svc")),
            ],
            focus: 0,
        },
        ResKind::Iot => {
            let ws = name_of(&p, "workspaces").unwrap_or_default().to_string();
            let fhir = world
                .store()
                .node(node)
                .and_then(|n| n.parent)
                .and_then(|ws| world.store().node(ws))
                .and_then(|n| {
                    n.children
                        .values()
                        .filter_map(|c| world.store().res(*c))
                        .find(|c| c.kind == ResKind::Fhir)
                        .map(|c| c.name.clone())
                })
                .unwrap_or_else(|| "fhir1".into());
            Form {
                title: format!("New FHIR destination of {}", r.name),
                kind: FormKind::Destination {
                    subscription: sub,
                    group: p.group.clone().unwrap_or_default(),
                    workspace: ws,
                    connector: r.name.clone(),
                    workspace_id: world
                        .store()
                        .node(node)
                        .and_then(|n| n.parent)
                        .and_then(|w| world.store().res(w))
                        .map(|w| w.id.clone())
                        .unwrap_or_default(),
                },
                fields: vec![
                    field("name", &free_name(world, node, "dest")),
                    field("FHIR service (same workspace)", &fhir),
                ],
                focus: 0,
            }
        }
        k => {
            return Err(format!(
                "nothing to create under a {} here; press : to type any az command",
                k.label()
            ));
        }
    })
}

fn value(form: &Form, i: usize) -> &str {
    form.fields.get(i).map(|f| f.edit.text.trim()).unwrap_or("")
}

/// The az line a filled form runs.
pub fn form_line(form: &Form) -> Result<String, String> {
    for f in &form.fields {
        if f.edit.text.trim().is_empty() {
            return Err(format!("{} is empty", f.label));
        }
        if f.edit.text.trim().contains(char::is_whitespace) {
            return Err(format!("{} cannot contain spaces", f.label));
        }
    }
    let sub = |s: &str| {
        if s.is_empty() {
            String::new()
        } else {
            format!(" --subscription {s}")
        }
    };
    Ok(match &form.kind {
        FormKind::Group { subscription } => format!(
            "az group create --name {} --location {}{}",
            value(form, 0),
            value(form, 1),
            sub(subscription)
        ),
        FormKind::Workspace {
            subscription,
            group,
        } => format!(
            "az healthcareapis workspace create --name {} --resource-group {group} --location {}{}",
            value(form, 0),
            value(form, 1),
            sub(subscription)
        ),
        FormKind::Service {
            subscription,
            group,
            workspace,
        } => {
            let kind = value(form, 0);
            let name = value(form, 1);
            let extra = match kind {
                "fhir-service" => " --kind fhir-R4".to_string(),
                "iot-connector" => " -c event-hub-name=hub1 consumer-group='$Default' fully-qualified-event-hub-namespace=ns1.servicebus.windows.net --content '{\"templateType\":\"CollectionContent\",\"template\":[]}'".to_string(),
                _ => String::new(),
            };
            format!(
                "az healthcareapis workspace {kind} create --name {name} --workspace-name {workspace} --resource-group {group}{extra}{}",
                sub(subscription)
            )
        }
        FormKind::Destination {
            subscription,
            group,
            workspace,
            connector,
            workspace_id,
        } => {
            let fhir_id = format!("{workspace_id}/fhirservices/{}", value(form, 1));
            format!(
                "az healthcareapis workspace iot-connector fhir-destination create --fhir-destination-name {} --iot-connector-name {connector} --workspace-name {workspace} --resource-group {group} -t Create -r {fhir_id} --content '{{\"templateType\":\"CollectionFhir\",\"template\":[]}}'{}",
                value(form, 0),
                sub(subscription)
            )
        }
    })
}

/// The az line that deletes `r`.
pub fn delete_line(world: &World, r: &Resource) -> Result<String, String> {
    let p = id_parts(&r.id);
    let g = p.group.clone().unwrap_or_default();
    let s = sub_flag(world, &p.subscription);
    let ws = name_of(&p, "workspaces").unwrap_or_default();
    Ok(match r.kind {
        ResKind::Subscription => {
            return Err(
                "subscriptions are not deleted from here (nor by az group commands)".into(),
            );
        }
        ResKind::ResourceGroup => format!("az group delete --name {} --yes{s}", r.name),
        ResKind::Workspace => format!(
            "az healthcareapis workspace delete --name {} --resource-group {g} --yes{s}",
            r.name
        ),
        ResKind::Fhir | ResKind::Dicom | ResKind::Iot => {
            let verb = match r.kind {
                ResKind::Fhir => "fhir-service",
                ResKind::Dicom => "dicom-service",
                _ => "iot-connector",
            };
            format!(
                "az healthcareapis workspace {verb} delete --name {} --workspace-name {ws} --resource-group {g} --yes{s}",
                r.name
            )
        }
        ResKind::FhirDestination => format!(
            "az healthcareapis workspace iot-connector fhir-destination delete --fhir-destination-name {} --iot-connector-name {} --workspace-name {ws} --resource-group {g} --yes{s}",
            r.name,
            name_of(&p, "iotconnectors").unwrap_or_default()
        ),
        ResKind::Lock => format!("az lock delete --ids {}{s}", r.id),
        ResKind::RoleAssignment => format!("az role assignment delete --ids {} --yes{s}", r.id),
        ResKind::PrivateEndpoint => format!(
            "az network private-endpoint delete --name {} --resource-group {g}{s}",
            r.name
        ),
        k => {
            return Err(format!(
                "no az delete command for a {} in hcsim; delete its resource group, or press : for az",
                k.label()
            ));
        }
    })
}

/// The fault menu's items for the selection.
pub fn fault_items(r: Option<&Resource>) -> Vec<(String, MenuAction)> {
    let mut items = Vec::new();
    let region = r.and_then(|r| r.location.clone());
    let target = r
        .filter(|r| r.kind != ResKind::Subscription)
        .map(|r| (r.id.clone(), r.name.clone()));
    for kind in FaultKind::ALL {
        let id = kind.id();
        match kind {
            FaultKind::RegionOutage | FaultKind::ZoneDown => {
                if let Some(reg) = &region {
                    let zone = if *kind == FaultKind::ZoneDown {
                        " --zone 1"
                    } else {
                        ""
                    };
                    items.push((
                        format!(
                            "{id} in region {reg}{}",
                            if zone.is_empty() { "" } else { " (zone 1)" }
                        ),
                        MenuAction::Run(format!("sim fault add {id} --region {reg}{zone}")),
                    ));
                }
            }
            FaultKind::KeyVaultDeny => {
                if let Some(r) = r.filter(|r| matches!(r.kind, ResKind::KeyVault | ResKind::Key)) {
                    items.push((
                        format!("{id} on {}", r.name),
                        MenuAction::Run(format!("sim fault add {id} --target {}", r.id)),
                    ));
                }
            }
            _ => {
                if let Some((tid, name)) = &target {
                    items.push((
                        format!("{id} on {name}"),
                        MenuAction::Run(format!("sim fault add {id} --target {tid}")),
                    ));
                }
                if let Some(reg) = &region {
                    items.push((
                        format!("{id} in region {reg}"),
                        MenuAction::Run(format!("sim fault add {id} --region {reg}")),
                    ));
                }
            }
        }
    }
    items.push((
        "clear every fault".into(),
        MenuAction::Run("sim fault clear --all".into()),
    ));
    items
}

/// Writes the session to `path`, refusing to overwrite a file that is not an hcsim session
/// (the trainee may have typed the name of something precious). Writes to a temporary file
/// first so that a failure never leaves half a session behind.
pub fn save_session(path: &str, text: &str) -> Result<(), String> {
    let p = std::path::Path::new(path);
    if p.is_dir() {
        return Err(format!("{path} is a directory"));
    }
    if p.exists() {
        let old = std::fs::read_to_string(p)
            .map_err(|e| format!("{path} exists and cannot be read ({e}); not overwritten"))?;
        if !is_session(&old) {
            return Err(format!(
                "{path} exists and is not an hcsim session; it was not overwritten. Choose another name."
            ));
        }
    }
    let tmp = p.with_extension("hcsim-tmp");
    std::fs::write(&tmp, text).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, p).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot write {path}: {e}")
    })
}

/// True if `text` is an hcsim session file (any version).
pub fn is_session(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| {
            v.get("format")
                .and_then(|f| f.as_str())
                .map(|f| f.starts_with("hcsim-session/"))
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_ids() {
        let p = id_parts(
            "/subscriptions/S/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1/iotconnectors/i1/fhirdestinations/d1",
        );
        assert_eq!(p.subscription, "S");
        assert_eq!(p.group.as_deref(), Some("rg1"));
        assert_eq!(name_of(&p, "workspaces"), Some("ws1"));
        assert_eq!(name_of(&p, "iotconnectors"), Some("i1"));
        assert_eq!(name_of(&p, "fhirdestinations"), Some("d1"));
    }

    #[test]
    fn refuses_to_overwrite_other_files() {
        let dir = std::env::temp_dir().join(format!("hcsim-tui-save-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let precious = dir.join("notes.txt");
        std::fs::write(&precious, "my notes").unwrap();
        let e = save_session(precious.to_str().unwrap(), "{}").unwrap_err();
        assert!(e.contains("not an hcsim session"), "{e}");
        assert_eq!(std::fs::read_to_string(&precious).unwrap(), "my notes");
        let s = dir.join("s.json");
        save_session(s.to_str().unwrap(), "{\"format\":\"hcsim-session/1\"}").unwrap();
        save_session(
            s.to_str().unwrap(),
            "{\"format\":\"hcsim-session/1\",\"x\":1}",
        )
        .unwrap();
        let _ = std::fs::remove_dir_all(&dir);
    }
}
