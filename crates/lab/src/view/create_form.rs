//! The portal-style create form: what the Azure portal offers on a selected resource ("select
//! Create … FHIR service, DICOM service, or IoT Connectors … enter the account details"), as
//! data both front ends render. For a parent, the child types it can hold; per type, the
//! portal's tabs (Basics, Networking, Encryption, Identity, Tags — the FHIR service's are
//! those of Learn's "Deploy the FHIR service by using the Azure portal") and their fields.
//!
//! A field that cannot be chosen now says why, in the core's words: the region of a workspace
//! child is asked of the core with another region (it refuses with
//! `child-in-workspace-region`), workspace-level settings come from the core's effective
//! settings and name `settings-apply-to-all-children`, and the whole form carries what the
//! core would answer to the create now (a busy workspace, a quota, a missing role). The filled
//! form becomes the exact `az` line (quoted by [`CommandLine`]); the console runs it, so the
//! learner sees the command the form stands for. [`super::form`] keeps the terminal's short
//! forms.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use serde::Serialize;
use serde_json::json;

use hcsim_core::id::ArmPath;
use hcsim_core::rules::RuleId;
use hcsim_core::{ResKind, Resource, World};

use super::commands::free_name;
use super::quote::CommandLine;

/// What the portal can create under a selection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChildType {
    /// A resource group (in a subscription).
    ResourceGroup,
    /// A Health Data Services workspace (in a group).
    Workspace,
    /// A Key Vault (in a group), for customer-managed keys.
    KeyVault,
    /// A virtual network (in a group), for private endpoints.
    VirtualNetwork,
    /// A FHIR service (in a workspace).
    FhirService,
    /// A DICOM service (in a workspace).
    DicomService,
    /// A MedTech service, the API's IoT connector (in a workspace).
    IotConnector,
    /// A FHIR destination (of an IoT connector).
    FhirDestination,
}

impl ChildType {
    /// Every type, in menu order.
    pub const ALL: [ChildType; 8] = [
        ChildType::ResourceGroup,
        ChildType::Workspace,
        ChildType::KeyVault,
        ChildType::VirtualNetwork,
        ChildType::FhirService,
        ChildType::DicomService,
        ChildType::IotConnector,
        ChildType::FhirDestination,
    ];

    /// The word front ends pass back (`fhir-service`).
    pub fn key(self) -> &'static str {
        match self {
            ChildType::ResourceGroup => "resource-group",
            ChildType::Workspace => "workspace",
            ChildType::KeyVault => "key-vault",
            ChildType::VirtualNetwork => "virtual-network",
            ChildType::FhirService => "fhir-service",
            ChildType::DicomService => "dicom-service",
            ChildType::IotConnector => "iot-connector",
            ChildType::FhirDestination => "fhir-destination",
        }
    }

    /// The type from [`ChildType::key`].
    pub fn from_key(key: &str) -> Option<ChildType> {
        ChildType::ALL.into_iter().find(|c| c.key() == key)
    }

    /// The portal's name for it.
    pub fn label(self) -> &'static str {
        match self {
            ChildType::ResourceGroup => "Resource group",
            ChildType::Workspace => "Health Data Services workspace",
            ChildType::KeyVault => "Key vault",
            ChildType::VirtualNetwork => "Virtual network",
            ChildType::FhirService => "FHIR service",
            ChildType::DicomService => "DICOM service",
            ChildType::IotConnector => "MedTech service (IoT connector)",
            ChildType::FhirDestination => "FHIR destination",
        }
    }

    /// The child types a resource of `kind` holds.
    pub fn under(kind: ResKind) -> Vec<ChildType> {
        match kind {
            ResKind::Subscription => vec![ChildType::ResourceGroup],
            ResKind::ResourceGroup => vec![
                ChildType::Workspace,
                ChildType::KeyVault,
                ChildType::VirtualNetwork,
            ],
            ResKind::Workspace => vec![
                ChildType::FhirService,
                ChildType::DicomService,
                ChildType::IotConnector,
            ],
            ResKind::Iot => vec![ChildType::FhirDestination],
            _ => Vec::new(),
        }
    }
}

/// Why a field or the whole form cannot be used now: the core's rule and its explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Blocked {
    /// What the core answers (or says of the setting).
    pub message: String,
    /// The rule id.
    pub rule: Option<String>,
    /// The rule's teaching text (why, fix).
    pub explanation: Option<String>,
}

impl Blocked {
    fn of_rule(message: String, rule: RuleId) -> Blocked {
        Blocked {
            message,
            rule: Some(rule.id().into()),
            explanation: Some(rule.explain()),
        }
    }

    fn of_error(e: &hcsim_core::ArmError) -> Blocked {
        Blocked {
            message: format!("({}) {}", e.code, e.message),
            rule: e.rule.map(|r| r.id().to_string()),
            explanation: e.rule.map(RuleId::explain),
        }
    }
}

/// One field of a portal tab.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PortalField {
    /// The key the filled values use (`name`, `region`, `tags` …).
    pub key: &'static str,
    /// The portal's label.
    pub label: &'static str,
    /// The default (or fixed) value.
    pub value: String,
    /// The allowed values, when it is a choice.
    pub choices: Vec<String>,
    /// Why it cannot be changed now (then `value` is what it will be).
    pub blocked: Option<Blocked>,
    /// A short help line.
    pub help: Option<&'static str>,
}

fn text(key: &'static str, label: &'static str, value: &str) -> PortalField {
    PortalField {
        key,
        label,
        value: value.into(),
        choices: Vec::new(),
        blocked: None,
        help: None,
    }
}

fn pick(key: &'static str, label: &'static str, value: &str, choices: &[&str]) -> PortalField {
    PortalField {
        choices: choices.iter().map(|c| (*c).to_string()).collect(),
        ..text(key, label, value)
    }
}

impl PortalField {
    fn help(mut self, help: &'static str) -> PortalField {
        self.help = Some(help);
        self
    }
    fn blocked(mut self, b: Option<Blocked>) -> PortalField {
        self.blocked = b;
        self
    }
}

/// One tab of the form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PortalTab {
    /// The portal's tab name.
    pub name: &'static str,
    /// Its fields.
    pub fields: Vec<PortalField>,
}

/// A portal-style create form for one child type of a selected resource.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PortalForm {
    /// `Create FHIR service in workspace ws1`.
    pub title: String,
    /// What it creates.
    pub child: ChildType,
    /// The parent's ARM id.
    pub parent_id: String,
    /// The tabs, in the portal's order (Review + create is the front end's).
    pub tabs: Vec<PortalTab>,
    /// What the core would answer to the create now, if it would refuse it.
    pub blocked: Option<Blocked>,
    #[serde(skip)]
    names: Names,
}

/// The names the az line needs besides the filled values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Names {
    group: String,
    workspace: String,
    connector: String,
    workspace_id: String,
    group_location: Option<String>,
    subscription: Option<String>,
}

const TAGS_HELP: &str = "Space-separated name=value pairs.";

fn tags_tab() -> PortalTab {
    PortalTab {
        name: "Tags",
        fields: vec![text("tags", "Tags", "").help(TAGS_HELP)],
    }
}

/// The child types the portal offers under `r`.
pub fn child_types(r: &Resource) -> Vec<ChildType> {
    ChildType::under(r.kind)
}

/// The resource-type word of a workspace child (and a connector's destination) in its id.
fn type_word(child: ChildType) -> &'static str {
    match child {
        ChildType::FhirService => "fhirservices",
        ChildType::DicomService => "dicomservices",
        ChildType::IotConnector => "iotconnectors",
        _ => "fhirdestinations",
    }
}

/// The body az sends for a child created with the form's defaults, at `location` (what the
/// core is asked about before the learner fills anything in).
fn probe_body(child: ChildType, location: &str) -> serde_json::Value {
    match child {
        ChildType::FhirService => {
            json!({"location": location, "kind": "fhir-R4", "properties": {}})
        }
        ChildType::IotConnector => json!({"location": location, "properties": {
            "ingestionEndpointConfiguration": {"eventHubName": "hub1", "consumerGroup": "$Default",
                "fullyQualifiedEventHubNamespace": "ns1.servicebus.windows.net"},
            "deviceMapping": {"content": {"templateType": "CollectionContent", "template": []}}}}),
        _ => json!({"location": location, "properties": {}}),
    }
}

/// Another region than `region`, to ask the core whether the region may be chosen.
fn other_region(region: &str) -> &'static str {
    if region.eq_ignore_ascii_case("westus2") {
        "eastus"
    } else {
        "westus2"
    }
}

/// The workspace-level settings a new service of `ws` inherits, as fixed fields: the core's
/// effective settings say where each comes from.
fn inherited(
    world: &World,
    ws: &Resource,
    setting: &str,
    key: &'static str,
    label: &'static str,
) -> PortalField {
    let found = world
        .effective_settings(&ws.id)
        .unwrap_or_default()
        .into_iter()
        .find(|s| s.setting == setting);
    let value = found.as_ref().map(|s| s.value.clone()).unwrap_or_default();
    let message = format!(
        "Set on the workspace {} for all its services: {value}.",
        ws.name
    );
    text(key, label, &value).blocked(Some(Blocked::of_rule(
        message,
        RuleId::SettingsApplyToAllChildren,
    )))
}

impl PortalForm {
    /// The form for a `child` of `r`, or why the portal offers no such child there.
    pub fn new(world: &World, r: &Resource, child: ChildType) -> Result<PortalForm, String> {
        if !ChildType::under(r.kind).contains(&child) {
            return Err(format!(
                "a {} holds no {}: select {} first",
                r.kind.label(),
                child.label(),
                match child {
                    ChildType::ResourceGroup => "a subscription",
                    ChildType::Workspace | ChildType::KeyVault | ChildType::VirtualNetwork =>
                        "a resource group",
                    ChildType::FhirDestination => "an IoT connector",
                    _ => "a workspace",
                }
            ));
        }
        let node = world.find_node(&r.id).ok_or("the selection is gone")?;
        let path = ArmPath::parse(&r.id).map_err(|e| e.0)?;
        let sub = path.subscription();
        let mut names = Names {
            group: path.resource_group().unwrap_or("").to_string(),
            subscription: (!sub.eq_ignore_ascii_case(world.current_subscription()))
                .then(|| sub.to_string()),
            ..Names::default()
        };
        names.group_location = path
            .resource_group()
            .and_then(|g| world.find(&ArmPath::at_subscription(sub).group(g).to_string()))
            .and_then(|g| g.location.clone());
        let base = match child {
            ChildType::ResourceGroup => "rg",
            ChildType::Workspace => "ws",
            ChildType::KeyVault => "kv",
            ChildType::VirtualNetwork => "vnet",
            ChildType::FhirService => "fhir",
            ChildType::DicomService => "dicom",
            ChildType::IotConnector => "medtech",
            ChildType::FhirDestination => "dest",
        };
        let name = free_name(world, node, base);
        let (tabs, blocked) = match child {
            ChildType::ResourceGroup => (group_tabs(&name), None),
            ChildType::Workspace | ChildType::KeyVault | ChildType::VirtualNetwork => {
                in_group_tabs(world, r, child, &name)
            }
            ChildType::FhirDestination => destination_tabs(world, node, r, &name, &mut names)?,
            _ => {
                names.workspace = r.name.clone();
                names.workspace_id = r.id.clone();
                service_tabs(world, r, child, &name)
            }
        };
        Ok(PortalForm {
            title: format!("Create {} in {} {}", child.label(), r.kind.label(), r.name),
            child,
            parent_id: r.id.clone(),
            tabs,
            blocked,
            names,
        })
    }

    /// The field `key`, wherever it is.
    pub fn field(&self, key: &str) -> Option<&PortalField> {
        self.tabs
            .iter()
            .flat_map(|t| &t.fields)
            .find(|f| f.key == key)
    }
}

fn group_tabs(name: &str) -> Vec<PortalTab> {
    vec![
        PortalTab {
            name: "Basics",
            fields: vec![
                text("name", "Resource group name", name),
                pick(
                    "region",
                    "Region",
                    "eastus",
                    hcsim_core::regions::HEALTHCARE_REGIONS,
                ),
            ],
        },
        tags_tab(),
    ]
}

/// A workspace, Key Vault or virtual network in group `g`: the region defaults to the
/// group's, as az's `--location` does.
fn in_group_tabs(
    world: &World,
    g: &Resource,
    child: ChildType,
    name: &str,
) -> (Vec<PortalTab>, Option<Blocked>) {
    let region = g.location.as_deref().unwrap_or("eastus");
    let mut basics = vec![
        text("name", "Name", name),
        pick(
            "region",
            "Region",
            region,
            hcsim_core::regions::HEALTHCARE_REGIONS,
        ),
    ];
    let mut tabs = Vec::new();
    let mut blocked = None;
    match child {
        ChildType::Workspace => {
            let id = ArmPath::parse(&g.id).map(|p| {
                p.provider("Microsoft.HealthcareApis", "workspaces", name)
                    .to_string()
            });
            if let Ok(id) = id {
                blocked = world
                    .check_put(&id, &json!({"location": region, "properties": {}}))
                    .map(|e| Blocked::of_error(&e));
            }
            tabs.push(PortalTab {
                name: "Basics",
                fields: basics,
            });
            tabs.push(PortalTab {
                name: "Networking",
                fields: vec![pick(
                    "public-network-access",
                    "Public network access",
                    "Enabled",
                    &["Enabled", "Disabled"],
                )
                .help("Applies to every service of the workspace (private endpoints are added to the workspace once it exists).")],
            });
        }
        ChildType::KeyVault => {
            basics.push(
                pick(
                    "purge-protection",
                    "Purge protection",
                    "false",
                    &["false", "true"],
                )
                .help("Customer-managed keys need a vault with purge protection."),
            );
            tabs.push(PortalTab {
                name: "Basics",
                fields: basics,
            });
        }
        _ => {
            tabs.push(PortalTab {
                name: "Basics",
                fields: basics,
            });
            tabs.push(PortalTab {
                name: "IP addresses",
                fields: vec![text(
                    "address-prefixes",
                    "IPv4 address space",
                    "10.0.0.0/16",
                )],
            });
        }
    }
    tabs.push(tags_tab());
    (tabs, blocked)
}

/// What the core answers for a service `name` of workspace `ws`: whether another region than
/// the workspace's may be chosen (asked with one; its refusal names the rule, and the learner
/// is told what it means here rather than the probe's region), and whether the create with
/// the defaults would be refused now.
fn ask_core(
    world: &World,
    ws: &Resource,
    child: ChildType,
    name: &str,
) -> (Option<Blocked>, Option<Blocked>) {
    let region = ws.location.as_deref().unwrap_or("eastus");
    let id = ArmPath::parse(&ws.id).map(|p| p.child(type_word(child), name).to_string());
    let ask = |location: &str| {
        id.as_ref()
            .ok()
            .and_then(|id| world.check_put(id, &probe_body(child, location)))
    };
    let region_rule = ask(other_region(region))
        .filter(|e| e.rule == Some(RuleId::ChildInWorkspaceRegion))
        .map(|_| {
            Blocked::of_rule(
                format!(
                    "A {} is created in its workspace's region: {region}.",
                    child.label()
                ),
                RuleId::ChildInWorkspaceRegion,
            )
        });
    (region_rule, ask(region).map(|e| Blocked::of_error(&e)))
}

/// A FHIR, DICOM or IoT connector service in workspace `ws`. The region is the workspace's
/// when the core refuses another one (rule `child-in-workspace-region`).
fn service_tabs(
    world: &World,
    ws: &Resource,
    child: ChildType,
    name: &str,
) -> (Vec<PortalTab>, Option<Blocked>) {
    let region = ws.location.as_deref().unwrap_or("eastus");
    let (region_rule, blocked) = ask_core(world, ws, child, name);
    let mut basics = vec![text("name", "Name", name)];
    if child == ChildType::FhirService {
        basics.push(pick(
            "version",
            "FHIR version",
            default_of("version"),
            &["R4", "STU3"],
        ));
    }
    basics.push(
        pick(
            "region",
            "Region",
            region,
            hcsim_core::regions::HEALTHCARE_REGIONS,
        )
        .blocked(region_rule),
    );
    let mut tabs = vec![PortalTab {
        name: "Basics",
        fields: basics,
    }];
    if child == ChildType::IotConnector {
        tabs.push(PortalTab {
            name: "Event hub",
            fields: vec![
                text(
                    "event-hub-namespace",
                    "Event Hubs namespace",
                    default_of("event-hub-namespace"),
                ),
                text(
                    "event-hub-name",
                    "Event hub name",
                    default_of("event-hub-name"),
                ),
                text(
                    "consumer-group",
                    "Consumer group",
                    default_of("consumer-group"),
                ),
            ],
        });
        tabs.push(PortalTab {
            name: "Device mapping",
            fields: vec![text(
                "device-mapping",
                "Device mapping (JSON)",
                default_of("device-mapping"),
            )],
        });
    } else {
        tabs.push(PortalTab {
            name: "Networking",
            fields: vec![inherited(
                world,
                ws,
                "private link",
                "public-network-access",
                "Public network access",
            )],
        });
        tabs.push(PortalTab {
            name: "Encryption",
            fields: vec![inherited(
                world,
                ws,
                "customer-managed key",
                "customer-managed-key",
                "Encryption key",
            )],
        });
    }
    tabs.push(PortalTab {
        name: "Identity",
        fields: vec![pick(
            "identity",
            "Managed identity",
            default_of("identity"),
            &["None", "SystemAssigned"],
        )],
    });
    tabs.push(tags_tab());
    (tabs, blocked)
}

/// A FHIR destination of connector `iot`: the FHIR service it writes to is one of its
/// workspace's (rule `phi-stays-in-workspace`: the core refuses another workspace's).
fn destination_tabs(
    world: &World,
    node: hcsim_core::store::NodeId,
    iot: &Resource,
    name: &str,
    names: &mut Names,
) -> Result<(Vec<PortalTab>, Option<Blocked>), String> {
    let store = world.store();
    let ws_node = store.node(node).and_then(|n| n.parent);
    let ws = ws_node
        .and_then(|w| store.res(w))
        .ok_or("the connector has no workspace")?;
    let fhir: Vec<String> = ws_node
        .into_iter()
        .flat_map(|w| super::node::children(world, w))
        .filter_map(|c| store.res(c))
        .filter(|c| c.kind == ResKind::Fhir)
        .map(|c| c.name.clone())
        .collect();
    names.workspace = ws.name.clone();
    names.workspace_id = ws.id.clone();
    names.connector = iot.name.clone();
    let choices: Vec<&str> = fhir.iter().map(String::as_str).collect();
    let mut service = pick(
        "fhir-service",
        "FHIR service",
        choices.first().copied().unwrap_or(""),
        &choices,
    )
    .help("Only the FHIR services of the connector's workspace: device data stays in it.");
    if choices.is_empty() {
        service.blocked = Some(Blocked::of_rule(
            format!(
                "The workspace {} has no FHIR service yet: create one first.",
                ws.name
            ),
            RuleId::PhiStaysInWorkspace,
        ));
    }
    let tabs = vec![
        PortalTab {
            name: "Basics",
            fields: vec![
                text("name", "Name", name),
                service,
                pick(
                    "resolution-type",
                    "Resolution type",
                    default_of("resolution-type"),
                    &["Create", "Lookup"],
                ),
            ],
        },
        PortalTab {
            name: "Destination mapping",
            fields: vec![text(
                "destination-mapping",
                "FHIR destination mapping (JSON)",
                default_of("destination-mapping"),
            )],
        },
    ];
    Ok((tabs, None))
}

impl PortalForm {
    /// The value of `key`: the filled one, else the default; a blocked field keeps its fixed
    /// value whatever was sent.
    fn value<'a>(&'a self, values: &'a [(String, String)], key: &str) -> &'a str {
        let field = self.field(key);
        if let Some(f) = field.filter(|f| f.blocked.is_some()) {
            return f.value.as_str();
        }
        values
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .or(field.map(|f| f.value.as_str()))
            .unwrap_or("")
    }

    /// The az line the form stands for, with `values` (key, value) over the defaults; flags
    /// at their default are left out, as a person typing would. Refuses an empty name.
    pub fn line(&self, values: &[(String, String)]) -> Result<String, String> {
        let v = |k: &str| self.value(values, k);
        if v("name").is_empty() {
            return Err("Name is empty".into());
        }
        let tags: Vec<&str> = v("tags").split_whitespace().collect();
        let group = self.names.group.as_str();
        let line = match self.child {
            ChildType::ResourceGroup => CommandLine::new("az group create")
                .opt("--name", v("name"))
                .opt("--location", v("region")),
            ChildType::Workspace => {
                let line = CommandLine::new("az healthcareapis workspace create")
                    .opt("--name", v("name"))
                    .opt("--resource-group", group)
                    .opt("--location", v("region"));
                match v("public-network-access") {
                    "Disabled" => line.opt("--public-network-access", "Disabled"),
                    _ => line,
                }
            }
            ChildType::KeyVault => {
                let line = CommandLine::new("az keyvault create")
                    .opt("--name", v("name"))
                    .opt("--resource-group", group)
                    .opt("--location", v("region"));
                match v("purge-protection") {
                    "true" => line.opt("--enable-purge-protection", "true"),
                    _ => line,
                }
            }
            ChildType::VirtualNetwork => {
                let line = CommandLine::new("az network vnet create")
                    .opt("--name", v("name"))
                    .opt("--resource-group", group)
                    .opt("--location", v("region"));
                match v("address-prefixes") {
                    "10.0.0.0/16" | "" => line,
                    p => line.opt_list("--address-prefixes", p.split_whitespace()),
                }
            }
            ChildType::FhirDestination => destination_command(&self.names, &v)?,
            _ => service_command(self.child, &self.names, &v),
        };
        let line = if tags.is_empty() {
            line
        } else {
            line.opt_list("--tags", tags)
        };
        Ok(line
            .opt_some("--subscription", self.names.subscription.as_deref())
            .into_string())
    }
}

/// A value getter: the filled value of a field key, or its default.
type Values<'a> = dyn Fn(&str) -> &'a str + 'a;

/// A workspace service's line. az puts a service in the resource group's region unless
/// `--location` says otherwise, so the line names the workspace's region only where the
/// group's differs (an empty region: leave it to az).
fn service_command(child: ChildType, names: &Names, v: &Values<'_>) -> CommandLine {
    let verb = format!("az healthcareapis workspace {} create", child.key());
    let mut line = CommandLine::new(&verb)
        .opt("--name", v("name"))
        .opt("--workspace-name", &names.workspace)
        .opt("--resource-group", &names.group);
    if !v("region").is_empty() && names.group_location.as_deref() != Some(v("region")) {
        line = line.opt("--location", v("region"));
    }
    if child == ChildType::FhirService {
        let kind = if v("version") == "STU3" {
            "fhir-Stu3"
        } else {
            "fhir-R4"
        };
        line = line.opt("--kind", kind);
    }
    if child == ChildType::IotConnector {
        let hub = [
            format!("event-hub-name={}", v("event-hub-name")),
            format!("consumer-group={}", v("consumer-group")),
            format!(
                "fully-qualified-event-hub-namespace={}",
                v("event-hub-namespace")
            ),
        ];
        line = line
            .opt_list("-c", hub.iter().map(String::as_str))
            .opt("--content", v("device-mapping"));
    }
    match v("identity") {
        "SystemAssigned" => line.opt("--identity-type", "SystemAssigned"),
        _ => line,
    }
}

/// A FHIR destination's line; the FHIR service's id is built by the id type from the
/// workspace's (the name stays one segment whatever it holds).
fn destination_command(names: &Names, v: &Values<'_>) -> Result<CommandLine, String> {
    if v("fhir-service").is_empty() {
        return Err("FHIR service is empty".into());
    }
    let fhir_id = ArmPath::parse(&names.workspace_id)
        .map(|ws| ws.child("fhirservices", v("fhir-service")).to_string())
        .map_err(|e| e.0)?;
    Ok(
        CommandLine::new("az healthcareapis workspace iot-connector fhir-destination create")
            .opt("--fhir-destination-name", v("name"))
            .opt("--iot-connector-name", &names.connector)
            .opt("--workspace-name", &names.workspace)
            .opt("--resource-group", &names.group)
            .opt("-t", v("resolution-type"))
            .opt("-r", &fhir_id)
            .opt("--content", v("destination-mapping")),
    )
}

/// The defaults of the fields that have one whatever the world holds (the portal form's
/// fields start with them; the terminal's short form sends them as they are).
const DEFAULTS: &[(&str, &str)] = &[
    ("version", "R4"),
    ("event-hub-namespace", "ns1.servicebus.windows.net"),
    ("event-hub-name", "hub1"),
    ("consumer-group", "$Default"),
    (
        "device-mapping",
        r#"{"templateType":"CollectionContent","template":[]}"#,
    ),
    ("identity", "None"),
    ("resolution-type", "Create"),
    (
        "destination-mapping",
        r#"{"templateType":"CollectionFhir","template":[]}"#,
    ),
];

/// The default of field `key` ("" when it has none).
fn default_of(key: &str) -> &'static str {
    DEFAULTS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| *v)
        .unwrap_or("")
}

/// The create line of workspace service `name` (`child` a FHIR, DICOM or IoT connector
/// service) with the portal form's defaults: the terminal's short form sends this, so both
/// forms send the same command.
pub(super) fn default_service_line(
    child: ChildType,
    name: &str,
    group: &str,
    workspace: &str,
) -> CommandLine {
    let names = Names {
        group: group.into(),
        workspace: workspace.into(),
        ..Names::default()
    };
    service_command(child, &names, &|k| match k {
        "name" => name,
        k => default_of(k),
    })
}

/// The create line of FHIR destination `name` of connector `connector`, writing to the FHIR
/// service `fhir` of the workspace `workspace_id`, with the portal form's defaults.
pub(super) fn default_destination_line(
    name: &str,
    fhir: &str,
    connector: &str,
    group: &str,
    workspace_id: &str,
) -> Result<CommandLine, String> {
    let workspace = ArmPath::parse(workspace_id)
        .map(|p| p.name().to_string())
        .unwrap_or_default();
    let names = Names {
        group: group.into(),
        workspace,
        connector: connector.into(),
        workspace_id: workspace_id.into(),
        ..Names::default()
    };
    destination_command(&names, &|k| match k {
        "name" => name,
        "fhir-service" => fhir,
        k => default_of(k),
    })
}
