//! The command lines a front end's keys and buttons run: delete the selection, inject a fault
//! on it or its region, probe a service, create a child through a small form. A front end
//! never changes the world by itself: every action is the line a trainee could have typed
//! (so it shows in the history, the equivalents and the saved session), built with
//! [`CommandLine`] so every value is quoted one way. Ids are read with `hcsim_core::id`.

use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use hcsim_core::faults::FaultKind;
use hcsim_core::id::ArmPath;
use hcsim_core::store::NodeId;
use hcsim_core::{ResKind, Resource, World};

use super::quote::CommandLine;

/// One entry of a menu: what it says, and the line it runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MenuItem {
    /// What the entry says.
    pub label: String,
    /// The command line it runs.
    pub line: String,
}

impl MenuItem {
    fn new(label: String, line: CommandLine) -> MenuItem {
        MenuItem {
            label,
            line: line.into_string(),
        }
    }
}

/// The parts of a resource's id a command needs.
struct Parts {
    /// `--subscription S` is added only when S is not the current subscription (az's default).
    subscription: Option<String>,
    group: String,
    /// The name of the segment of that type word (`workspaces`, `iotconnectors`).
    names: Vec<(String, String)>,
}

impl Parts {
    fn of(world: &World, id: &str) -> Parts {
        let path = ArmPath::parse(id).ok();
        let sub = path.as_ref().map(|p| p.subscription()).unwrap_or("");
        Parts {
            subscription: (!sub.is_empty()
                && !sub.eq_ignore_ascii_case(world.current_subscription()))
            .then(|| sub.to_string()),
            group: path
                .as_ref()
                .and_then(|p| p.resource_group())
                .unwrap_or("")
                .to_string(),
            names: path
                .map(|p| {
                    p.segments
                        .iter()
                        .map(|s| {
                            let word = s.type_word.rsplit('/').next().unwrap_or("");
                            (word.to_ascii_lowercase(), s.name.clone())
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    fn name(&self, type_word: &str) -> &str {
        self.names
            .iter()
            .find(|(w, _)| w == type_word)
            .map(|(_, n)| n.as_str())
            .unwrap_or("")
    }

    /// Ends a line with `--subscription` when needed.
    fn finish(&self, line: CommandLine) -> String {
        line.opt_some("--subscription", self.subscription.as_deref())
            .into_string()
    }
}

/// The resource group a resource is in (the group itself for a group).
pub fn group_of(r: &Resource) -> Option<String> {
    ArmPath::parse(&r.id)
        .ok()
        .and_then(|p| p.resource_group().map(String::from))
}

/// The az line that deletes `r`, or why there is none.
pub fn delete_line(world: &World, r: &Resource) -> Result<String, String> {
    let p = Parts::of(world, &r.id);
    let g = p.group.as_str();
    let line = match r.kind {
        ResKind::Subscription => {
            return Err(
                "subscriptions are not deleted from here (nor by az group commands)".into(),
            );
        }
        ResKind::ResourceGroup => CommandLine::new("az group delete")
            .opt("--name", &r.name)
            .flag("--yes"),
        ResKind::Workspace => CommandLine::new("az healthcareapis workspace delete")
            .opt("--name", &r.name)
            .opt("--resource-group", g)
            .flag("--yes"),
        ResKind::Fhir | ResKind::Dicom | ResKind::Iot => {
            let verb = match r.kind {
                ResKind::Fhir => "fhir-service",
                ResKind::Dicom => "dicom-service",
                _ => "iot-connector",
            };
            CommandLine::new(&alloc::format!("az healthcareapis workspace {verb} delete"))
                .opt("--name", &r.name)
                .opt("--workspace-name", p.name("workspaces"))
                .opt("--resource-group", g)
                .flag("--yes")
        }
        ResKind::FhirDestination => {
            CommandLine::new("az healthcareapis workspace iot-connector fhir-destination delete")
                .opt("--fhir-destination-name", &r.name)
                .opt("--iot-connector-name", p.name("iotconnectors"))
                .opt("--workspace-name", p.name("workspaces"))
                .opt("--resource-group", g)
                .flag("--yes")
        }
        ResKind::Lock => CommandLine::new("az lock delete").opt("--ids", &r.id),
        ResKind::RoleAssignment => CommandLine::new("az role assignment delete")
            .opt("--ids", &r.id)
            .flag("--yes"),
        ResKind::PrivateEndpoint => CommandLine::new("az network private-endpoint delete")
            .opt("--name", &r.name)
            .opt("--resource-group", g),
        k => {
            return Err(alloc::format!(
                "no az delete command for a {} in hcsim; delete its resource group, or type an az line",
                k.label()
            ));
        }
    };
    Ok(p.finish(line))
}

/// What else goes when `r` is deleted, to say before asking (rule
/// `resource-group-delete-cascades`).
pub fn delete_warning(r: &Resource) -> Option<&'static str> {
    (r.kind == ResKind::ResourceGroup).then_some(
        "Everything in the group is deleted with it (rule resource-group-delete-cascades).",
    )
}

/// The fault menu for the selection: each fault kind on the selection or its region, then
/// "clear every fault".
pub fn fault_items(r: Option<&Resource>) -> Vec<MenuItem> {
    let mut items = Vec::new();
    let region = r.and_then(|r| r.location.clone());
    let target = r.filter(|r| r.kind != ResKind::Subscription);
    let add = |kind: &str| CommandLine::new("sim fault add").arg(kind);
    for kind in FaultKind::ALL {
        let id = kind.id();
        match kind {
            FaultKind::RegionOutage | FaultKind::ZoneDown => {
                if let Some(reg) = &region {
                    let (label, line) = if *kind == FaultKind::ZoneDown {
                        (
                            alloc::format!("{id} in region {reg} (zone 1)"),
                            add(id).opt("--region", reg).opt("--zone", "1"),
                        )
                    } else {
                        (
                            alloc::format!("{id} in region {reg}"),
                            add(id).opt("--region", reg),
                        )
                    };
                    items.push(MenuItem::new(label, line));
                }
            }
            FaultKind::KeyVaultDeny => {
                if let Some(r) = r.filter(|r| matches!(r.kind, ResKind::KeyVault | ResKind::Key)) {
                    items.push(MenuItem::new(
                        alloc::format!("{id} on {}", r.name),
                        add(id).opt("--target", &r.id),
                    ));
                }
            }
            _ => {
                if let Some(t) = target {
                    items.push(MenuItem::new(
                        alloc::format!("{id} on {}", t.name),
                        add(id).opt("--target", &t.id),
                    ));
                }
                if let Some(reg) = &region {
                    items.push(MenuItem::new(
                        alloc::format!("{id} in region {reg}"),
                        add(id).opt("--region", reg),
                    ));
                }
            }
        }
    }
    items.push(MenuItem::new(
        "clear every fault".into(),
        CommandLine::new("sim fault clear --all"),
    ));
    items
}

/// The probe menu of a FHIR or DICOM service: from the internet, and from its private
/// endpoint; for anything else, why there is nothing to probe.
pub fn probe_items(r: &Resource) -> Result<Vec<MenuItem>, String> {
    if !matches!(r.kind, ResKind::Fhir | ResKind::Dicom) {
        return Err("select a FHIR or DICOM service to probe its data plane".into());
    }
    let probe = |from: &str| CommandLine::new("sim probe").arg(&r.id).opt("--from", from);
    Ok(vec![
        MenuItem::new("the public internet".into(), probe("public")),
        MenuItem::new(
            "the private endpoint (inside the VNet)".into(),
            probe("private"),
        ),
    ])
}

/// A first free name `base1`, `base2` … among the children of `node`.
pub fn free_name(world: &World, node: NodeId, base: &str) -> String {
    let taken: Vec<String> = super::node::children(world, node)
        .filter_map(|c| world.store().res(c))
        .map(|r| r.name.to_ascii_lowercase())
        .collect();
    (1..1000)
        .map(|i| alloc::format!("{base}{i}"))
        .find(|n| !taken.contains(n))
        .unwrap_or_else(|| base.into())
}
