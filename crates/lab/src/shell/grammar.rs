//! The command table: every `az …`, `sim …` and `hcsim …` command as data.
//!
//! The parser, the help screens and Tab completion all read this one table, so a flag added
//! here is parsed, documented and completed at once. Long and short names follow the real
//! Azure CLI (`az` core and the `healthcareapis` extension, see `reference/azure-facts.md` §5);
//! what hcsim adds is marked `extension`.

/// How many value tokens a flag takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    /// A switch: `--yes`, `--no-wait`. Takes no value.
    Switch,
    /// Exactly one value: `--name ws1`.
    One,
    /// An optional value; when none follows, the flag holds this implied value.
    /// az's three-state flags work this way (`--enabled` means `--enabled true`).
    Optional(&'static str),
    /// Zero or more values, up to the next flag (az's `nargs='*'`, e.g. `--tags a=b c=d`;
    /// `--tags` alone clears the tags).
    Many,
    /// One or more values, up to the next flag (az's `nargs='+'`).
    OneOrMore,
}

/// A syntactic check applied to each value at parse time, so mistakes surface before the
/// simulator sees the command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Any text.
    Any,
    /// A duration (`90s`, `1h30m`, `PT10M`); see [`super::parse_duration`].
    Duration,
    /// An integer percentage 0–100, optionally followed by `%` (which is dropped).
    Percent,
    /// An integer within the inclusive range.
    IntRange(u64, u64),
    /// Inline JSON, or `@path` naming a JSON file (az's `validate_file_or_dict`).
    Json,
    /// `KEY=VALUE` items whose keys must be among the listed ones (az's generated actions).
    KeyValue(&'static [&'static str]),
    /// Deployment parameters: `k=v`, `@file.json`, or inline JSON (`{…}`).
    Parameters,
    /// An ARM resource id (starts with `/subscriptions/`).
    ResourceId,
}

/// One flag of a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagSpec {
    /// Canonical long name without the leading `--`; the key in [`super::Command::args`].
    pub name: &'static str,
    /// Short forms with their dash, e.g. `["-n"]`.
    pub short: &'static [&'static str],
    /// Other long forms with their dashes, e.g. `["--workspace-name"]`.
    pub aliases: &'static [&'static str],
    /// How many values follow the flag.
    pub arity: Arity,
    /// Whether the command fails without it.
    pub required: bool,
    /// Allowed values (matched case-insensitively and stored in this casing); empty = any.
    pub choices: &'static [&'static str],
    /// Whether the flag may be given more than once (values then accumulate).
    pub repeatable: bool,
    /// The value used when the flag is absent, for help and [`super::Command::get_or_default`].
    pub default: Option<&'static str>,
    /// The placeholder shown in usage lines, e.g. `NAME` (empty without `full`, like the
    /// help texts).
    pub metavar: &'static str,
    /// The check applied to each value.
    pub check: Check,
    /// One help sentence.
    pub help: &'static str,
    /// True when hcsim adds this flag and the real az has no such flag.
    pub extension: bool,
}

/// Help prose kept in the table: all of it in the full build; none in the browser's start
/// module, which loads the full module for a help screen (`exec::run_line`), so the texts
/// never reach the start module's data.
const fn prose(text: &'static str) -> &'static str {
    if cfg!(feature = "full") { text } else { "" }
}

/// Builds a one-value flag; the chained `const fn`s below refine it. Keeping the table in
/// this builder style makes every entry one readable line.
pub(crate) const fn opt(name: &'static str, help: &'static str) -> FlagSpec {
    FlagSpec {
        name,
        short: &[],
        aliases: &[],
        arity: Arity::One,
        required: false,
        choices: &[],
        repeatable: false,
        default: None,
        metavar: "",
        check: Check::Any,
        help: prose(help),
        extension: false,
    }
}

/// Builds a switch (a flag without value).
pub(crate) const fn switch(name: &'static str, help: &'static str) -> FlagSpec {
    FlagSpec {
        arity: Arity::Switch,
        ..opt(name, help)
    }
}

impl FlagSpec {
    const fn s(self, short: &'static [&'static str]) -> Self {
        FlagSpec { short, ..self }
    }
    const fn alias(self, aliases: &'static [&'static str]) -> Self {
        FlagSpec { aliases, ..self }
    }
    const fn req(self) -> Self {
        FlagSpec {
            required: true,
            ..self
        }
    }
    const fn choices(self, choices: &'static [&'static str]) -> Self {
        FlagSpec { choices, ..self }
    }
    const fn many(self) -> Self {
        FlagSpec {
            arity: Arity::Many,
            ..self
        }
    }
    const fn plus(self) -> Self {
        FlagSpec {
            arity: Arity::OneOrMore,
            ..self
        }
    }
    const fn optional(self, implied: &'static str) -> Self {
        FlagSpec {
            arity: Arity::Optional(implied),
            ..self
        }
    }
    const fn repeat(self) -> Self {
        FlagSpec {
            repeatable: true,
            ..self
        }
    }
    const fn default(self, default: &'static str) -> Self {
        FlagSpec {
            default: Some(default),
            ..self
        }
    }
    /// The usage lines' placeholder is help prose too: none in the start module, which shows
    /// no help screens (its strings would only sit in the data).
    const fn meta(self, metavar: &'static str) -> Self {
        FlagSpec {
            metavar: prose(metavar),
            ..self
        }
    }
    const fn check(self, check: Check) -> Self {
        FlagSpec { check, ..self }
    }
    /// An id part of an `--ids` command: required unless `--ids` is given (checked by
    /// [`Constraint::IdsOr`]), so not required by itself.
    const fn id_part(self) -> Self {
        FlagSpec {
            required: false,
            ..self
        }
    }
    const fn ext(self) -> Self {
        FlagSpec {
            extension: true,
            ..self
        }
    }

    /// `--name/-n`: the long name and the short forms, as az prints a flag in errors.
    pub fn display(&self) -> alloc::string::String {
        let mut s = alloc::format!("--{}", self.name);
        for short in self.short {
            s.push('/');
            s.push_str(short);
        }
        s
    }

    /// Every spelling that selects this flag: `--name`, the short forms and the aliases.
    pub fn spellings(&self) -> impl Iterator<Item = alloc::string::String> + '_ {
        core::iter::once(alloc::format!("--{}", self.name))
            .chain(self.short.iter().map(|s| alloc::string::String::from(*s)))
            .chain(self.aliases.iter().map(|s| alloc::string::String::from(*s)))
    }

    /// Whether `token` (a whole flag token such as `-n` or `--workspace-name`) names this flag.
    pub fn matches(&self, token: &str) -> bool {
        token.strip_prefix("--") == Some(self.name)
            || self.short.contains(&token)
            || self.aliases.contains(&token)
    }

    /// The placeholder for usage lines: the metavar, else the name upper-cased.
    pub fn placeholder(&self) -> alloc::string::String {
        if !self.metavar.is_empty() {
            return alloc::string::String::from(self.metavar);
        }
        self.name.to_ascii_uppercase().replace('-', "_")
    }
}

/// One positional argument of a `sim`/`hcsim` verb (az commands take none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PositionalSpec {
    /// The placeholder name, e.g. `DURATION`.
    pub name: &'static str,
    /// Whether it must be given.
    pub required: bool,
    /// Allowed values (case-insensitive, stored in this casing); empty = any.
    pub choices: &'static [&'static str],
    /// The check applied to the value.
    pub check: Check,
    /// When true this positional takes every remaining token, flags included (`sim help …`).
    pub rest: bool,
    /// One help sentence.
    pub help: &'static str,
}

const fn pos(name: &'static str, help: &'static str) -> PositionalSpec {
    PositionalSpec {
        name,
        required: true,
        choices: &[],
        check: Check::Any,
        rest: false,
        help: prose(help),
    }
}

impl PositionalSpec {
    const fn optional(self) -> Self {
        PositionalSpec {
            required: false,
            ..self
        }
    }
    const fn choices(self, choices: &'static [&'static str]) -> Self {
        PositionalSpec { choices, ..self }
    }
    const fn check(self, check: Check) -> Self {
        PositionalSpec { check, ..self }
    }
    const fn rest(self) -> Self {
        PositionalSpec {
            rest: true,
            required: false,
            ..self
        }
    }
}

/// A cross-flag rule checked after parsing. Names are canonical flag names or positional
/// placeholders (`FAULT_ID`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Constraint {
    /// At least one of these must be given (e.g. `--assignee` or `--assignee-object-id`).
    AnyOf(&'static [&'static str]),
    /// At most one of these may be given (e.g. `FAULT_ID` or `--all`).
    AtMostOne(&'static [&'static str]),
    /// az's "Resource Id" argument group (azure-cli `commands/arm.py`, `parse_ids_arguments`):
    /// either `--ids`, or every one of the first list's id parts (`--name --resource-group`).
    /// Missing parts give az's `(--name --resource-group | --ids) are required`; id parts
    /// given with `--ids` are ignored, each with az's warning `option '--name' will be
    /// ignored due to use of '--ids'.` (the second list holds the optional parts).
    IdsOr(&'static [&'static str], &'static [&'static str]),
    /// The same group for commands whose `--ids` az parses in the command itself (`az lock`,
    /// `az resource`: `ids_metadata` has no entry for them, so `parse_ids_arguments` returns
    /// early): the names given with `--ids` are ignored without a warning.
    CustomIds(&'static [&'static str], &'static [&'static str]),
}

/// One command: its path, summary, flags and positionals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandSpec {
    /// The words that name it, e.g. `["az", "group", "create"]`.
    pub path: &'static [&'static str],
    /// One line shown in listings and help.
    pub summary: &'static str,
    /// The command's own flags (az global flags are added when `globals` is true).
    pub flags: &'static [FlagSpec],
    /// Positional arguments (sim verbs only).
    pub positionals: &'static [PositionalSpec],
    /// Cross-flag rules.
    pub constraints: &'static [Constraint],
    /// Whether az's global flags (`--output`, `--query`, …) apply.
    pub globals: bool,
    /// True for commands that exist only in hcsim (`sim …`, `hcsim …`).
    pub extension: bool,
    /// A typical invocation, shown in help.
    pub example: &'static str,
}

impl CommandSpec {
    /// The path joined with spaces: `az group create`.
    pub fn path_str(&self) -> alloc::string::String {
        self.path.join(" ")
    }

    /// The flag named by `token` (`--name`, `-n`, an alias), searching the command's own
    /// flags first so that a command flag shadows a global of the same name
    /// (`az account set --subscription`).
    pub fn find_flag(&self, token: &str) -> Option<&'static FlagSpec> {
        self.flags
            .iter()
            .find(|f| f.matches(token))
            .or_else(|| {
                if self.globals {
                    GLOBAL_FLAGS.iter().find(|f| f.matches(token))
                } else {
                    None
                }
            })
            .or_else(|| HELP_FLAG.matches(token).then_some(&HELP_FLAG))
    }

    /// The flag with this canonical name (command flags first, then globals).
    pub fn flag_named(&self, name: &str) -> Option<&'static FlagSpec> {
        self.flags.iter().find(|f| f.name == name).or_else(|| {
            if self.globals {
                GLOBAL_FLAGS.iter().find(|f| f.name == name)
            } else {
                None
            }
        })
    }

    /// Every flag that applies: the command's own, then the globals not shadowed by them.
    pub fn all_flags(&self) -> impl Iterator<Item = &'static FlagSpec> + '_ {
        let globals: &'static [FlagSpec] = if self.globals { GLOBAL_FLAGS } else { &[] };
        self.flags.iter().chain(
            globals
                .iter()
                .filter(|g| !self.flags.iter().any(|f| f.name == g.name)),
        )
    }
}

/// `--help/-h`: accepted by every command; handled before any other validation.
pub static HELP_FLAG: FlagSpec = switch("help", "Show this help message and exit.").s(&["-h"]);

/// az's global flags, accepted by every `az` command.
pub static GLOBAL_FLAGS: &[FlagSpec] = &[
    opt("output", "Output format.")
        .s(&["-o"])
        .choices(&["json", "jsonc", "none", "table", "tsv", "yaml", "yamlc"])
        .default("json"),
    opt(
        "query",
        "JMESPath query string. See http://jmespath.org/ for more information and examples.",
    )
    .meta("JMESPATH"),
    opt(
        "subscription",
        "Name or ID of subscription. You can configure the default subscription using `az account set -s NAME_OR_ID`.",
    ),
    switch(
        "only-show-errors",
        "Only show errors, suppressing warnings.",
    ),
    switch(
        "verbose",
        "Increase logging verbosity. Use --debug for full debug logs.",
    ),
    switch(
        "debug",
        "Increase logging verbosity to show all debug logs.",
    ),
];

// ---- shared flags ------------------------------------------------------------------------

const RG: FlagSpec = opt("resource-group", "Name of resource group.")
    .s(&["-g"])
    .req()
    .meta("RESOURCE_GROUP");
const RG_OPT: FlagSpec = opt("resource-group", "Name of resource group.")
    .s(&["-g"])
    .meta("RESOURCE_GROUP");
const LOCATION: FlagSpec = opt(
    "location",
    "Location. When not specified, the location of the resource group is used.",
)
.s(&["-l"])
.meta("LOCATION");
const TAGS: FlagSpec = opt(
    "tags",
    "Space-separated tags: key[=value] [key[=value] ...]. Use \"\" to clear existing tags.",
)
.many()
.meta("TAGS");
const YES: FlagSpec = switch("yes", "Do not prompt for confirmation.").s(&["-y"]);
const NO_WAIT: FlagSpec = switch(
    "no-wait",
    "Do not wait for the long-running operation to finish.",
);
const ETAG: FlagSpec = opt(
    "etag",
    "An etag associated with the resource, used for optimistic concurrency when editing it.",
);
const IDENTITY_TYPE: FlagSpec =
    opt("identity-type", "Type of identity being specified.").choices(&[
        "None",
        "SystemAssigned",
        "UserAssigned",
        "SystemAssigned,UserAssigned",
    ]);
const USER_IDENTITIES: FlagSpec = opt(
    "user-assigned-identities",
    "The set of user assigned identities associated with the resource, as JSON: {\"<resource id>\": {}}.",
)
.s(&["-i"])
.check(Check::Json);
const PNA: FlagSpec = opt(
    "public-network-access",
    "Control permission for data plane traffic coming from public networks while private endpoint is enabled.",
)
.choices(&["Disabled", "Enabled"]);
const WS_PARENT: FlagSpec = opt("workspace-name", "The name of workspace resource.")
    .req()
    .meta("WORKSPACE");
const IOT_PARENT: FlagSpec = opt("iot-connector-name", "The name of IoT Connector resource.")
    .req()
    .meta("IOT_CONNECTOR");

/// `--ids` or the id parts of a workspace.
const WS_IDS: &[Constraint] = &[Constraint::IdsOr(&["name", "resource-group"], &[])];
/// `--ids` or the id parts of a workspace child service.
const CHILD_IDS: &[Constraint] = &[Constraint::IdsOr(
    &["name", "workspace-name", "resource-group"],
    &[],
)];
/// `--ids` or the id parts of an IoT connector's FHIR destination.
const DEST_IDS: &[Constraint] = &[Constraint::IdsOr(
    &[
        "fhir-destination-name",
        "iot-connector-name",
        "workspace-name",
        "resource-group",
    ],
    &[],
)];
/// `--ids` or a lock's name (its scope flags are id parts too).
const LOCK_IDS: &[Constraint] = &[Constraint::CustomIds(
    &["name"],
    &[
        "resource-group",
        "resource",
        "resource-type",
        "namespace",
        "parent",
    ],
)];
/// `--ids` or a resource's name, group and type (`az resource …`).
const RESOURCE_IDS: &[Constraint] = &[Constraint::CustomIds(
    &["name", "resource-group", "resource-type"],
    &["namespace", "parent"],
)];
/// `--ids` or a private endpoint's name and group.
const PE_IDS: &[Constraint] = &[Constraint::IdsOr(&["name", "resource-group"], &[])];

// `az healthcareapis workspace private-endpoint-connection` flags. Assumption: the
// connection's name also answers to `--name/-n`, as the extension's other resource names do.
const PEC_NAME: FlagSpec = opt(
    "private-endpoint-connection-name",
    "The name of the private endpoint connection associated with the Azure resource (<endpoint>.<id>, see `list`).",
)
.alias(&["--name"])
.s(&["-n"])
.meta("NAME");
const PEC_STATE: FlagSpec = opt(
    "private-link-service-connection-state",
    "A collection of information about the state of the connection between service consumer and provider: status=Approved|Rejected|Pending description=X actions-required=X.",
)
.s(&["-s"])
.plus()
.check(Check::KeyValue(&["status", "description", "actions-required"]))
.meta("KEY=VALUE");
const PEC_STATUS: FlagSpec = opt(
    "status",
    "Indicates whether the connection has been Approved/Rejected/Removed by the owner of the service.",
)
.choices(&["Pending", "Approved", "Rejected"]);
const PEC_DESCRIPTION: FlagSpec = opt(
    "description",
    "The reason for approval/rejection of the connection.",
);
const PEC_ACTIONS: FlagSpec = opt(
    "actions-required",
    "A message indicating if changes on the service provider require any updates on the consumer.",
);
/// `--ids` or the id parts of a workspace's private endpoint connection.
const PEC_IDS: &[Constraint] = &[Constraint::IdsOr(
    &[
        "private-endpoint-connection-name",
        "workspace-name",
        "resource-group",
    ],
    &[],
)];

// The legacy Azure API for FHIR (`az healthcareapis service|private-endpoint-connection|
// private-link-resource|acr`, report.md of the extension): its flags (`--kind` and
// `--location` are required by the extension's `healthcareapis_service_create`).
const LEGACY_NAME: FlagSpec = opt("resource-name", "The name of the service instance.")
    .req()
    .meta("NAME");
const LEGACY_PEC_NAME: FlagSpec = opt(
    "name",
    "The name of the private endpoint connection associated with the Azure resource.",
)
.s(&["-n"])
.alias(&["--private-endpoint-connection-name"])
.req()
.meta("NAME");
// The extension's `healthcareapis_service_create` takes `location` with no default.
const LEGACY_LOCATION: FlagSpec = opt(
    "location",
    "Location. Values from: `az account list-locations`. (az's own help also offers a default location set with az configure; hcsim does not simulate az configure: give --location.)",
)
.s(&["-l"])
.req()
.meta("LOCATION");
const LEGACY_LOGIN: FlagSpec = opt("login-servers", "The list of the ACR login servers.").plus();
const LEGACY_LIST: &[FlagSpec] = &[RG_OPT];
const LEGACY_SHOW: &[FlagSpec] = &[RG, LEGACY_NAME];
const LEGACY_CREATE: &[FlagSpec] = &[
    RG,
    LEGACY_NAME,
    opt("kind", "The kind of the service.")
        .choices(&["fhir", "fhir-Stu3", "fhir-R4"])
        .req(),
    LEGACY_LOCATION,
    TAGS,
    ETAG,
    opt("identity-type", "Type of identity being specified.").choices(&["SystemAssigned", "None"]),
    opt(
        "access-policies",
        "The access policies of the service instance: object-id=X.",
    )
    .plus()
    .repeat(),
    opt(
        "cosmos-db-configuration",
        "The settings for the Cosmos DB database backing the service.",
    )
    .plus(),
    opt(
        "authentication-configuration",
        "The authentication configuration for the service instance.",
    )
    .plus(),
    opt(
        "cors-configuration",
        "The settings for the CORS configuration of the service instance.",
    )
    .plus(),
    opt(
        "private-endpoint-connections",
        "The list of private endpoint connections that are set up for this resource.",
    )
    .plus()
    .repeat(),
    PNA,
    LEGACY_LOGIN,
    opt(
        "oci-artifacts",
        "The list of Open Container Initiative (OCI) artifacts.",
    )
    .plus()
    .repeat(),
    opt(
        "export-configuration-storage-account-name",
        "The name of the default export storage account.",
    ),
    NO_WAIT,
];
const LEGACY_UPDATE: &[FlagSpec] = &[RG, LEGACY_NAME, TAGS, PNA, NO_WAIT];
const LEGACY_DELETE: &[FlagSpec] = &[RG, LEGACY_NAME, YES, NO_WAIT];
const LEGACY_WAIT: &[FlagSpec] = &[
    RG,
    LEGACY_NAME,
    WAIT_CREATED,
    WAIT_UPDATED,
    WAIT_DELETED,
    WAIT_EXISTS,
    WAIT_CUSTOM,
    WAIT_INTERVAL,
    WAIT_TIMEOUT,
];
const LEGACY_PEC: &[FlagSpec] = &[RG, LEGACY_NAME, LEGACY_PEC_NAME];
// The extension's deprecated spellings of the state's parts (HISTORY.rst 0.4.0: "Will
// deprecate argument --private-link-service-connection-state-status" …); using one prints
// knack's deprecation note (exec/legacy.rs).
const LEGACY_PEC_STATUS_OLD: FlagSpec = opt(
    "private-link-service-connection-state-status",
    "Argument 'private_link_service_connection_state_status' has been deprecated and will be removed in a future release. Use '--private-link-service-connection-state' instead. Indicates whether the connection has been Approved/Rejected/Removed by the owner of the service.",
)
.choices(&["Approved", "Pending", "Rejected"]);
const LEGACY_PEC_DESCRIPTION_OLD: FlagSpec = opt(
    "private-link-service-connection-state-description",
    "Argument 'private_link_service_connection_state_description' has been deprecated and will be removed in a future release. Use '--private-link-service-connection-state' instead. The reason for approval/rejection of the connection.",
);
const LEGACY_PEC_ACTIONS_OLD: FlagSpec = opt(
    "private-link-service-connection-state-actions-required",
    "Argument 'private_link_service_connection_state_actions_required' has been deprecated and will be removed in a future release. Use '--private-link-service-connection-state' instead. A message indicating if changes on the service provider require any updates on the consumer.",
);
const LEGACY_PEC_SET: &[FlagSpec] = &[
    RG,
    LEGACY_NAME,
    LEGACY_PEC_NAME,
    PEC_STATE,
    PEC_STATUS,
    PEC_DESCRIPTION,
    PEC_ACTIONS,
    LEGACY_PEC_STATUS_OLD,
    LEGACY_PEC_DESCRIPTION_OLD,
    LEGACY_PEC_ACTIONS_OLD,
    NO_WAIT,
];
const LEGACY_PEC_DELETE: &[FlagSpec] = &[RG, LEGACY_NAME, LEGACY_PEC_NAME, YES, NO_WAIT];
const LEGACY_PEC_WAIT: &[FlagSpec] = &[
    RG,
    LEGACY_NAME,
    LEGACY_PEC_NAME,
    WAIT_CREATED,
    WAIT_UPDATED,
    WAIT_DELETED,
    WAIT_EXISTS,
    WAIT_CUSTOM,
    WAIT_INTERVAL,
    WAIT_TIMEOUT,
];
const LEGACY_PLR: &[FlagSpec] = &[
    RG,
    LEGACY_NAME,
    opt("group-name", "The name of the private link resource group.")
        .req()
        .meta("GROUP"),
];
const LEGACY_ACR: &[FlagSpec] = &[RG, LEGACY_NAME, LEGACY_LOGIN.req()];
const LEGACY_ACR_RESET: &[FlagSpec] = &[RG, LEGACY_NAME, LEGACY_LOGIN];

// `wait` flags (az's generic wait command).
const WAIT_CREATED: FlagSpec = switch(
    "created",
    "Wait until created with 'provisioningState' at 'Succeeded'.",
);
const WAIT_UPDATED: FlagSpec = switch(
    "updated",
    "Wait until updated with provisioningState at 'Succeeded'.",
);
const WAIT_DELETED: FlagSpec = switch("deleted", "Wait until deleted.");
const WAIT_EXISTS: FlagSpec = switch("exists", "Wait until the resource exists.");
const WAIT_CUSTOM: FlagSpec = opt(
    "custom",
    "Wait until the condition satisfies a custom JMESPath query. E.g. provisioningState!='InProgress'.",
)
.meta("JMESPATH");
const WAIT_INTERVAL: FlagSpec = opt("interval", "Polling interval in seconds.")
    .check(Check::IntRange(1, 3600))
    .default("30");
const WAIT_TIMEOUT: FlagSpec = opt("timeout", "Maximum wait in seconds.")
    .check(Check::IntRange(1, 86_400))
    .default("3600");

const WS_NAME: FlagSpec = opt("name", "The name of workspace resource.")
    .s(&["-n"])
    .alias(&["--workspace-name"])
    .req()
    .meta("NAME");
const FHIR_NAME: FlagSpec = opt("name", "The name of FHIR Service resource.")
    .s(&["-n"])
    .alias(&["--fhir-service-name"])
    .req()
    .meta("NAME");
const DICOM_NAME: FlagSpec = opt("name", "The name of DICOM Service resource.")
    .s(&["-n"])
    .alias(&["--dicom-service-name"])
    .req()
    .meta("NAME");
const IOT_NAME: FlagSpec = opt("name", "The name of IoT Connector resource.")
    .s(&["-n"])
    .alias(&["--iot-connector-name"])
    .req()
    .meta("NAME");
const DEST_NAME: FlagSpec = opt(
    "fhir-destination-name",
    "The name of IoT Connector FHIR destination resource.",
)
.s(&["-n"])
.alias(&["--name"])
.req()
.meta("NAME");
const GROUP_NAME: FlagSpec = opt("name", "Name of the resource group.")
    .s(&["-n", "-g"])
    .alias(&["--resource-group"])
    .req()
    .meta("NAME");

const RESOLUTION: FlagSpec = opt(
    "resource-identity-resolution-type",
    "Determines how resource identity is resolved on the destination.",
)
.s(&["-t"])
.choices(&["Create", "Lookup"]);
const FHIR_ID: FlagSpec = opt(
    "fhir-service-resource-id",
    "Fully qualified resource id of the FHIR service to connect to.",
)
.s(&["-r"])
.check(Check::ResourceId)
.meta("RESOURCE_ID");
const DEST_CONTENT: FlagSpec = opt(
    "content",
    "The FHIR destination mapping, as JSON or @file (e.g. '{\"templateType\":\"CollectionFhir\",\"template\":[]}').",
)
.check(Check::Json)
.meta("JSON");
const DEVICE_CONTENT: FlagSpec = opt(
    "content",
    "The device mapping, as JSON or @file (e.g. '{\"templateType\":\"CollectionContent\",\"template\":[]}').",
)
.check(Check::Json)
.meta("JSON");
const INGESTION: FlagSpec = opt(
    "ingestion-endpoint-configuration",
    "Source configuration: event-hub-name=X consumer-group=X fully-qualified-event-hub-namespace=X.",
)
.s(&["-c"])
.plus()
.check(Check::KeyValue(&[
    "event-hub-name",
    "consumer-group",
    "fully-qualified-event-hub-namespace",
]))
.meta("KEY=VALUE");

// hcsim extensions of `az healthcareapis workspace update`: the workspace-level shared
// settings (rule settings-apply-to-all-children) have no flag in the real API.
const CMK_KEY_URL: FlagSpec = opt(
    "cmk-key-url",
    "Customer-managed key for every FHIR and DICOM service of the workspace: a Key Vault key URL (with or without its version) meeting what a service's own key must meet (RSA 2048/3072, a vault with soft delete and purge protection in the workspace's region); \"\" removes it.",
)
.meta("KEY_URL")
.ext();
const CMK_IDENTITY: FlagSpec = opt(
    "cmk-identity",
    "Identity that reads the customer-managed key: SystemAssigned or a user-assigned identity resource id.",
)
.meta("IDENTITY")
.ext();
const MONITORING: FlagSpec = opt(
    "monitoring",
    "Diagnostic logs for every child service of the workspace.",
)
.choices(&["Disabled", "Enabled"])
.ext();
const MONITORING_WS: FlagSpec = opt(
    "monitoring-workspace-id",
    "Log Analytics workspace resource id that receives the diagnostic logs.",
)
.check(Check::ResourceId)
.meta("RESOURCE_ID")
.ext();
const PNA_EXT: FlagSpec = opt(
    "public-network-access",
    "Public data-plane access for every FHIR and DICOM service of the workspace (an approved private endpoint disables it).",
)
.choices(&["Disabled", "Enabled"])
.ext();

// deployment flags
const DEPLOY_NAME: FlagSpec = opt("name", "The deployment name.").s(&["-n"]).meta("NAME");
const TEMPLATE_FILE: FlagSpec = opt(
    "template-file",
    "A path to a template file (ARM JSON or Bicep), relative to the scenario file in scenarios.",
)
.s(&["-f"])
.meta("PATH");
const TEMPLATE_URI: FlagSpec = opt(
    "template-uri",
    "A URI to a remote template file (hcsim is offline: the Azure quickstart templates it carries).",
)
.s(&["-u"])
.meta("URI");
/// `az bicep build`: one output choice.
const BICEP_OUT: &[Constraint] = &[Constraint::AtMostOne(&["outfile", "outdir", "stdout"])];
/// One template source: az's `--template-file FILEPATH | --template-uri URI`.
/// (A `.bicepparam` `--parameters` file names its template with `using`: checked when run.)
const TEMPLATE_SOURCE: &[Constraint] = &[
    Constraint::AnyOf(&["template-file", "template-uri", "parameters"]),
    Constraint::AtMostOne(&["template-file", "template-uri"]),
];
const PARAMETERS: FlagSpec = opt(
    "parameters",
    "Deployment parameters: k=v pairs, @file.json, a .bicepparam file, or inline JSON; may be given several times.",
)
.s(&["-p"])
.plus()
.repeat()
.check(Check::Parameters)
.meta("PARAMS");
const MODE: FlagSpec = opt("mode", "The deployment mode.")
    .choices(&["Complete", "Incremental"])
    .default("Incremental");

// role assignment / lock scope flags
const ASSIGNEE: FlagSpec = opt(
    "assignee",
    "Represent a user, group, or service principal: object id, sign-in name, or service principal name.",
);
const ASSIGNEE_OID: FlagSpec = opt(
    "assignee-object-id",
    "The assignee's object id; use it instead of --assignee to skip a directory look-up.",
)
.meta("OBJECT_ID");
const ROLE: FlagSpec = opt("role", "Role name or id.");
const SCOPE: FlagSpec = opt(
    "scope",
    "Scope at which the role assignment applies: a subscription, resource group or resource id.",
);
const LOCK_RESOURCE: FlagSpec = opt(
    "resource",
    "Name or ID of the resource being locked. If an ID is given, other resource arguments should not be given.",
);
const LOCK_RESOURCE_TYPE: FlagSpec = opt(
    "resource-type",
    "The resource type of the resource being locked, e.g. Microsoft.HealthcareApis/workspaces.",
);
const LOCK_NAMESPACE: FlagSpec = opt(
    "namespace",
    "The provider namespace of the resource being locked (e.g. Microsoft.HealthcareApis).",
);
const LOCK_PARENT: FlagSpec = opt(
    "parent",
    "The parent path of the resource being locked, e.g. workspaces/ws1.",
);
const IDS: FlagSpec = opt(
    "ids",
    "One or more resource IDs (space-delimited). It should be a complete resource ID containing all information of 'Resource Id' arguments. You should provide either --ids or other 'Resource Id' arguments.",
)
.plus();
const RESOURCE_FLAGS: [FlagSpec; 6] = [
    opt("name", "The resource name. (Ex: myC)")
        .s(&["-n"])
        .meta("NAME"),
    RG_OPT,
    opt(
        "resource-type",
        "The resource type (Ex: 'resC'). Can also accept namespace/type format (Ex: 'Microsoft.Provider/resC').",
    ),
    opt(
        "namespace",
        "Provider namespace (Ex: 'Microsoft.Provider').",
    ),
    opt("parent", "The parent path (Ex: 'resA/myA/resB/myB')."),
    IDS,
];
const RESOURCE_DELETE_FLAGS: [FlagSpec; 7] = [
    RESOURCE_FLAGS[0],
    RESOURCE_FLAGS[1],
    RESOURCE_FLAGS[2],
    RESOURCE_FLAGS[3],
    RESOURCE_FLAGS[4],
    RESOURCE_FLAGS[5],
    NO_WAIT,
];
const LOCK_TYPE: FlagSpec = opt("lock-type", "The type of lock restriction.")
    .s(&["-t"])
    .choices(&["CanNotDelete", "ReadOnly"])
    .req();

const FAULT_KINDS: &[&str] = &[
    "key-vault-deny",
    "provisioning-failure",
    "region-outage",
    "slow-provisioning",
    "throttle",
    "zone-down",
];

const NO_FLAGS: &[FlagSpec] = &[];
const NO_POS: &[PositionalSpec] = &[];
const NO_RULES: &[Constraint] = &[];

const fn az(
    path: &'static [&'static str],
    summary: &'static str,
    flags: &'static [FlagSpec],
    example: &'static str,
) -> CommandSpec {
    CommandSpec {
        path,
        summary: prose(summary),
        flags,
        positionals: NO_POS,
        constraints: NO_RULES,
        globals: true,
        extension: false,
        example: prose(example),
    }
}

const fn sim(
    path: &'static [&'static str],
    summary: &'static str,
    flags: &'static [FlagSpec],
    positionals: &'static [PositionalSpec],
    example: &'static str,
) -> CommandSpec {
    CommandSpec {
        path,
        summary: prose(summary),
        flags,
        positionals,
        constraints: NO_RULES,
        globals: false,
        extension: true,
        example: prose(example),
    }
}

impl CommandSpec {
    /// Accepts az's global flags (`--output`, `--query` …), for `sim` verbs that print data.
    const fn with_globals(self) -> Self {
        CommandSpec {
            globals: true,
            ..self
        }
    }

    const fn rules(self, constraints: &'static [Constraint]) -> Self {
        CommandSpec {
            constraints,
            ..self
        }
    }
}

/// The first words a line may start with.
pub const ROOTS: &[&str] = &["az", "hcsim", "sim"];

/// Every command hcsim understands, grouped as `sim help` lists them.
/// `--id` of `az ad app` commands.
const APP_ID: FlagSpec = opt("id", "Identifier uri, application id, or object id.").req();

/// The property flags of `az ad app create|update` (`_params.py`, `ad app` context).
macro_rules! app_property_flags {
    ($($first:expr),*) => {
        &[
            $($first,)*
            opt("identifier-uris", "Space-separated values: the App ID URIs.").plus(),
            opt("is-fallback-public-client", "Specifies the fallback application type as public client (\"Allow public client flows\").").optional("true"),
            opt("sign-in-audience", "Specifies the Microsoft accounts that are supported for the current application.").choices(&[
                "AzureADMyOrg",
                "AzureADMultipleOrgs",
                "AzureADandPersonalMicrosoftAccount",
                "PersonalMicrosoftAccount",
            ]),
            opt("web-home-page-url", "Home page or landing page of the application."),
            opt("web-redirect-uris", "Space-separated values: the web platform's redirect URIs.").plus(),
            opt("public-client-redirect-uris", "Space-separated values: the public client platform's redirect URIs.").plus(),
            opt("enable-id-token-issuance", "Specifies whether this web application can request an ID token using the OAuth 2.0 implicit flow.").optional("true"),
            opt("enable-access-token-issuance", "Specifies whether this web application can request an access token using the OAuth 2.0 implicit flow.").optional("true"),
            opt("key-value", "The value for the key credentials associated with the application (hcsim: not simulated)."),
            opt("key-type", "The type of the key credentials associated with the application (hcsim: not simulated).")
                .choices(&["AsymmetricX509Cert", "Password", "Symmetric"]),
            opt("key-usage", "The usage of the key credentials associated with the application (hcsim: not simulated).")
                .choices(&["Sign", "Verify"]),
            opt("key-display-name", "Friendly name for the key (hcsim: not simulated)."),
            opt("start-date", "Date or datetime at which credentials become valid (hcsim: not simulated)."),
            opt("end-date", "Date or datetime after which credentials expire (hcsim: not simulated)."),
            opt("required-resource-accesses", "Specifies the resources that the application needs to access (hcsim: not simulated).").check(Check::Json),
            opt("app-roles", "The collection of roles assigned to the application (hcsim: not simulated).").check(Check::Json),
            opt("optional-claims", "Optional claims of the tokens the application gets (hcsim: not simulated).").check(Check::Json),
            opt("service-management-reference", "Service tree id or reference of the application (hcsim: not simulated)."),
        ]
    };
}

/// `az ad app create`'s flags.
const APP_FLAGS_CREATE: &[FlagSpec] =
    app_property_flags!(opt("display-name", "The display name of the application.").req());

/// `az ad app update`'s flags (`--set`, `--add`, `--remove` of az's generic update).
const APP_FLAGS_UPDATE: &[FlagSpec] = app_property_flags!(
    APP_ID,
    opt("display-name", "The display name of the application."),
    opt("set", "Update an object by specifying a property path and value to set. Example: --set property1.property2=<value>.").plus().repeat(),
    opt("add", "Add an object to a list of objects by specifying a path and key value pairs (hcsim: not simulated for applications).").plus().repeat(),
    opt("remove", "Remove a property or an element from a list (hcsim: not simulated for applications).").plus().repeat()
);

pub static COMMANDS: &[CommandSpec] = &[
    // ---- az account -------------------------------------------------------------------
    az(
        &["az", "account", "set"],
        "Set a subscription to be the current active subscription.",
        &[opt("subscription", "Name or ID of subscription.")
            .s(&["-s"])
            .req()
            .meta("NAME_OR_ID")],
        "az account set --subscription Sandbox",
    ),
    az(
        &["az", "account", "show"],
        "Get the details of a subscription (the current one by default).",
        &[opt("name", "Name or ID of subscription.")
            .s(&["-n"])
            .meta("NAME_OR_ID")],
        "az account show",
    ),
    az(
        &["az", "account", "list"],
        "Get a list of subscriptions for the logged in account.",
        &[switch("all", "List all subscriptions from all clouds, rather than just 'isDefault' enabled ones.")],
        "az account list -o table",
    ),
    // ---- az group ---------------------------------------------------------------------
    az(
        &["az", "group", "create"],
        "Create a new resource group.",
        &[
            GROUP_NAME,
            opt("location", "Location. Values from: `az account list-locations`.")
                .s(&["-l"])
                .req()
                .meta("LOCATION"),
            TAGS,
            opt("managed-by", "The ID of the resource that manages this resource group."),
        ],
        "az group create --name rg1 --location eastus",
    ),
    az(
        &["az", "group", "delete"],
        "Delete a resource group and everything in it.",
        &[GROUP_NAME, YES, NO_WAIT],
        "az group delete --name rg1 --yes",
    ),
    az(
        &["az", "group", "show"],
        "Gets a resource group.",
        &[GROUP_NAME],
        "az group show --name rg1",
    ),
    az(
        &["az", "group", "list"],
        "List resource groups.",
        &[opt("tag", "A single tag in 'key[=value]' format.")],
        "az group list -o table",
    ),
    az(
        &["az", "group", "exists"],
        "Check if a resource group exists.",
        &[GROUP_NAME],
        "az group exists --name rg1",
    ),
    az(
        &["az", "group", "export"],
        "Captures a resource group as a template.",
        &[
            GROUP_NAME,
            switch("include-comments", "Export template with comments."),
            switch(
                "include-parameter-default-value",
                "Export template parameter with default value.",
            ),
            switch(
                "skip-all-params",
                "Export template parameter and skip all parameters.",
            ),
            switch(
                "skip-resource-name-params",
                "Export template and skip resource name parameterization.",
            ),
            opt(
                "resource-ids",
                "Space-separated resource ids to filter the export by. To export all resources, do not specify this argument or supply \"*\".",
            )
            .plus(),
        ],
        "az group export --name rg1",
    ),
    // ---- az healthcareapis workspace ------------------------------------------------------
    az(
        &["az", "healthcareapis", "workspace", "create"],
        "Create a workspace resource with the specified parameters.",
        &[WS_NAME, RG, LOCATION, TAGS, ETAG, PNA, NO_WAIT],
        "az healthcareapis workspace create --name ws1 --resource-group rg1 --location eastus",
    ),
    az(
        &["az", "healthcareapis", "workspace", "delete"],
        "Deletes a specified workspace (it must hold no service).",
        &[WS_NAME.id_part(), RG.id_part(), IDS, YES, NO_WAIT],
        "az healthcareapis workspace delete --name ws1 --resource-group rg1 --yes",
    )
    .rules(WS_IDS),
    az(
        &["az", "healthcareapis", "workspace", "show"],
        "Gets the properties of the specified workspace.",
        &[WS_NAME.id_part(), RG.id_part(), IDS],
        "az healthcareapis workspace show --name ws1 --resource-group rg1",
    )
    .rules(WS_IDS),
    az(
        &["az", "healthcareapis", "workspace", "list"],
        "Lists all the available workspaces under the specified resource group or subscription.",
        &[RG_OPT],
        "az healthcareapis workspace list --resource-group rg1",
    ),
    az(
        &["az", "healthcareapis", "workspace", "update"],
        "Patch workspace details; hcsim extensions set the settings shared by every service of the workspace.",
        &[
            WS_NAME.id_part(),
            RG.id_part(),
            IDS,
            TAGS,
            CMK_KEY_URL,
            CMK_IDENTITY,
            MONITORING,
            MONITORING_WS,
            PNA_EXT,
            NO_WAIT,
        ],
        "az healthcareapis workspace update --name ws1 --resource-group rg1 --monitoring Enabled",
    )
    .rules(WS_IDS),
    // ---- fhir-service -----------------------------------------------------------------
    az(
        &["az", "healthcareapis", "workspace", "fhir-service", "create"],
        "Create a FHIR Service resource with the specified parameters.",
        &[
            FHIR_NAME,
            WS_PARENT,
            RG,
            LOCATION,
            opt("kind", "The kind of the service.").choices(&["fhir-R4", "fhir-Stu3"]),
            IDENTITY_TYPE,
            USER_IDENTITIES,
            opt(
                "access-policies",
                "Fhir Service access policies: object-id=X (repeatable).",
            )
            .plus()
            .repeat()
            .check(Check::KeyValue(&["object-id"])),
            opt(
                "authentication-configuration",
                "Fhir Service authentication configuration: authority=X audience=X smart-proxy-enabled=true|false.",
            )
            .s(&["-c"])
            .plus()
            .check(Check::KeyValue(&["authority", "audience", "smart-proxy-enabled"])),
            opt(
                "cors-configuration",
                "Fhir Service Cors configuration: origins=X headers=X methods=X max-age=N allow-credentials=true|false.",
            )
            .plus()
            .check(Check::KeyValue(&[
                "origins",
                "headers",
                "methods",
                "max-age",
                "allow-credentials",
            ])),
            opt(
                "export-configuration-storage-account-name",
                "The name of the default export storage account.",
            ),
            opt("login-servers", "The list of the Azure container registry login servers.").plus(),
            opt(
                "oci-artifacts",
                "The list of Open Container Initiative (OCI) artifacts: login-server=X image-name=X digest=X.",
            )
            .plus()
            .repeat()
            .check(Check::KeyValue(&["login-server", "image-name", "digest"])),
            opt("default", "The default value for tracking history across all resources.")
                .choices(&["no-version", "versioned", "versioned-update"]),
            opt(
                "resource-type-overrides",
                "A list of FHIR Resources and their version policy overrides: TYPE=POLICY ...",
            )
            .plus()
            .meta("KEY=VALUE"),
            PNA,
            TAGS,
            ETAG,
            NO_WAIT,
        ],
        "az healthcareapis workspace fhir-service create --name fhir1 --workspace-name ws1 --resource-group rg1 --kind fhir-R4",
    ),
    az(
        &["az", "healthcareapis", "workspace", "fhir-service", "delete"],
        "Deletes a FHIR Service.",
        &[FHIR_NAME.id_part(), WS_PARENT.id_part(), RG.id_part(), IDS, YES, NO_WAIT],
        "az healthcareapis workspace fhir-service delete --name fhir1 --workspace-name ws1 --resource-group rg1 --yes",
    )
    .rules(CHILD_IDS),
    az(
        &["az", "healthcareapis", "workspace", "fhir-service", "show"],
        "Gets the properties of the specified FHIR Service.",
        &[FHIR_NAME.id_part(), WS_PARENT.id_part(), RG.id_part(), IDS],
        "az healthcareapis workspace fhir-service show --name fhir1 --workspace-name ws1 --resource-group rg1",
    )
    .rules(CHILD_IDS),
    az(
        &["az", "healthcareapis", "workspace", "fhir-service", "list"],
        "Lists all FHIR Services for the given workspace.",
        &[WS_PARENT, RG],
        "az healthcareapis workspace fhir-service list --workspace-name ws1 --resource-group rg1",
    ),
    az(
        &["az", "healthcareapis", "workspace", "fhir-service", "update"],
        "Patch FHIR Service details.",
        &[FHIR_NAME.id_part(), WS_PARENT.id_part(), RG.id_part(), IDS, IDENTITY_TYPE, USER_IDENTITIES, TAGS, NO_WAIT],
        "az healthcareapis workspace fhir-service update --name fhir1 --workspace-name ws1 --resource-group rg1 --tags env=test",
    )
    .rules(CHILD_IDS),
    // ---- dicom-service ----------------------------------------------------------------
    az(
        &["az", "healthcareapis", "workspace", "dicom-service", "create"],
        "Create a DICOM Service resource with the specified parameters.",
        &[
            DICOM_NAME,
            WS_PARENT,
            RG,
            LOCATION,
            IDENTITY_TYPE,
            USER_IDENTITIES,
            PNA,
            TAGS,
            ETAG,
            NO_WAIT,
        ],
        "az healthcareapis workspace dicom-service create --name dicom1 --workspace-name ws1 --resource-group rg1",
    ),
    az(
        &["az", "healthcareapis", "workspace", "dicom-service", "delete"],
        "Deletes a DICOM Service.",
        &[DICOM_NAME.id_part(), WS_PARENT.id_part(), RG.id_part(), IDS, YES, NO_WAIT],
        "az healthcareapis workspace dicom-service delete --name dicom1 --workspace-name ws1 --resource-group rg1 --yes",
    )
    .rules(CHILD_IDS),
    az(
        &["az", "healthcareapis", "workspace", "dicom-service", "show"],
        "Gets the properties of the specified DICOM Service.",
        &[DICOM_NAME.id_part(), WS_PARENT.id_part(), RG.id_part(), IDS],
        "az healthcareapis workspace dicom-service show --name dicom1 --workspace-name ws1 --resource-group rg1",
    )
    .rules(CHILD_IDS),
    az(
        &["az", "healthcareapis", "workspace", "dicom-service", "list"],
        "Lists all DICOM Services for the given workspace.",
        &[WS_PARENT, RG],
        "az healthcareapis workspace dicom-service list --workspace-name ws1 --resource-group rg1",
    ),
    az(
        &["az", "healthcareapis", "workspace", "dicom-service", "update"],
        "Patch DICOM Service details.",
        &[DICOM_NAME.id_part(), WS_PARENT.id_part(), RG.id_part(), IDS, IDENTITY_TYPE, USER_IDENTITIES, TAGS, NO_WAIT],
        "az healthcareapis workspace dicom-service update --name dicom1 --workspace-name ws1 --resource-group rg1 --tags env=test",
    )
    .rules(CHILD_IDS),
    // ---- iot-connector ----------------------------------------------------------------
    az(
        &["az", "healthcareapis", "workspace", "iot-connector", "create"],
        "Create an IoT Connector resource with the specified parameters.",
        &[
            IOT_NAME,
            WS_PARENT,
            RG,
            LOCATION,
            IDENTITY_TYPE,
            USER_IDENTITIES,
            INGESTION,
            DEVICE_CONTENT,
            TAGS,
            ETAG,
            NO_WAIT,
        ],
        "az healthcareapis workspace iot-connector create --name iot1 --workspace-name ws1 --resource-group rg1 -c event-hub-name=hub1 consumer-group='$Default' fully-qualified-event-hub-namespace=ns1.servicebus.windows.net --content '{\"templateType\":\"CollectionContent\",\"template\":[]}'",
    ),
    az(
        &["az", "healthcareapis", "workspace", "iot-connector", "delete"],
        "Deletes an IoT Connector.",
        &[IOT_NAME.id_part(), WS_PARENT.id_part(), RG.id_part(), IDS, YES, NO_WAIT],
        "az healthcareapis workspace iot-connector delete --name iot1 --workspace-name ws1 --resource-group rg1 --yes",
    )
    .rules(CHILD_IDS),
    az(
        &["az", "healthcareapis", "workspace", "iot-connector", "show"],
        "Gets the properties of the specified IoT Connector.",
        &[IOT_NAME.id_part(), WS_PARENT.id_part(), RG.id_part(), IDS],
        "az healthcareapis workspace iot-connector show --name iot1 --workspace-name ws1 --resource-group rg1",
    )
    .rules(CHILD_IDS),
    az(
        &["az", "healthcareapis", "workspace", "iot-connector", "list"],
        "Lists all IoT Connectors for the given workspace.",
        &[WS_PARENT, RG],
        "az healthcareapis workspace iot-connector list --workspace-name ws1 --resource-group rg1",
    ),
    az(
        &["az", "healthcareapis", "workspace", "iot-connector", "update"],
        "Patch an IoT Connector.",
        &[IOT_NAME.id_part(), WS_PARENT.id_part(), RG.id_part(), IDS, IDENTITY_TYPE, USER_IDENTITIES, TAGS, NO_WAIT],
        "az healthcareapis workspace iot-connector update --name iot1 --workspace-name ws1 --resource-group rg1 --identity-type SystemAssigned",
    )
    .rules(CHILD_IDS),
    // ---- iot-connector fhir-destination ---------------------------------------------------
    az(
        &[
            "az",
            "healthcareapis",
            "workspace",
            "iot-connector",
            "fhir-destination",
            "create",
        ],
        "Create an IoT Connector FHIR destination resource with the specified parameters.",
        &[
            DEST_NAME,
            IOT_PARENT,
            WS_PARENT,
            RG,
            LOCATION,
            RESOLUTION.req(),
            FHIR_ID.req(),
            DEST_CONTENT.req(),
            ETAG,
            NO_WAIT,
        ],
        "az healthcareapis workspace iot-connector fhir-destination create --fhir-destination-name dest1 --iot-connector-name iot1 --workspace-name ws1 --resource-group rg1 -t Create -r /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1/fhirservices/fhir1 --content '{\"templateType\":\"CollectionFhir\",\"template\":[]}'",
    ),
    az(
        &[
            "az",
            "healthcareapis",
            "workspace",
            "iot-connector",
            "fhir-destination",
            "delete",
        ],
        "Deletes an IoT Connector FHIR destination.",
        &[DEST_NAME.id_part(), IOT_PARENT.id_part(), WS_PARENT.id_part(), RG.id_part(), IDS, YES, NO_WAIT],
        "az healthcareapis workspace iot-connector fhir-destination delete --fhir-destination-name dest1 --iot-connector-name iot1 --workspace-name ws1 --resource-group rg1 --yes",
    )
    .rules(DEST_IDS),
    az(
        &[
            "az",
            "healthcareapis",
            "workspace",
            "iot-connector",
            "fhir-destination",
            "show",
        ],
        "Gets the properties of the specified IoT Connector FHIR destination.",
        &[DEST_NAME.id_part(), IOT_PARENT.id_part(), WS_PARENT.id_part(), RG.id_part(), IDS],
        "az healthcareapis workspace iot-connector fhir-destination show --fhir-destination-name dest1 --iot-connector-name iot1 --workspace-name ws1 --resource-group rg1",
    )
    .rules(DEST_IDS),
    az(
        &[
            "az",
            "healthcareapis",
            "workspace",
            "iot-connector",
            "fhir-destination",
            "list",
        ],
        "Lists all FHIR destinations for the given IoT Connector.",
        &[IOT_PARENT, WS_PARENT, RG],
        "az healthcareapis workspace iot-connector fhir-destination list --iot-connector-name iot1 --workspace-name ws1 --resource-group rg1",
    ),
    az(
        &[
            "az",
            "healthcareapis",
            "workspace",
            "iot-connector",
            "fhir-destination",
            "update",
        ],
        "Update an IoT Connector FHIR destination (a full PUT: the API has no PATCH for destinations).",
        &[
            DEST_NAME.id_part(),
            IOT_PARENT.id_part(),
            WS_PARENT.id_part(),
            RG.id_part(),
            IDS,
            LOCATION,
            RESOLUTION.req(),
            FHIR_ID.req(),
            DEST_CONTENT.req(),
            ETAG,
            NO_WAIT,
        ],
        "az healthcareapis workspace iot-connector fhir-destination update --fhir-destination-name dest1 --iot-connector-name iot1 --workspace-name ws1 --resource-group rg1 -t Lookup -r /subscriptions/…/fhirservices/fhir1 --content @mapping.json",
    )
    .rules(DEST_IDS),
    // ---- wait: poll until a condition holds (virtual time passes between polls) ----------
    az(
        &["az", "healthcareapis", "workspace", "wait"],
        "Place the CLI in a waiting state until a condition of the workspace is met.",
        &[WS_NAME.id_part(), RG.id_part(), IDS, WAIT_CREATED, WAIT_UPDATED, WAIT_DELETED, WAIT_EXISTS, WAIT_CUSTOM, WAIT_INTERVAL, WAIT_TIMEOUT],
        "az healthcareapis workspace wait --name ws1 --resource-group rg1 --created",
    )
    .rules(WS_IDS),
    az(
        &["az", "healthcareapis", "workspace", "fhir-service", "wait"],
        "Place the CLI in a waiting state until a condition of the FHIR service is met.",
        &[FHIR_NAME.id_part(), WS_PARENT.id_part(), RG.id_part(), IDS, WAIT_CREATED, WAIT_UPDATED, WAIT_DELETED, WAIT_EXISTS, WAIT_CUSTOM, WAIT_INTERVAL, WAIT_TIMEOUT],
        "az healthcareapis workspace fhir-service wait --name fhir1 --workspace-name ws1 --resource-group rg1 --created",
    )
    .rules(CHILD_IDS),
    az(
        &["az", "healthcareapis", "workspace", "dicom-service", "wait"],
        "Place the CLI in a waiting state until a condition of the DICOM service is met.",
        &[DICOM_NAME.id_part(), WS_PARENT.id_part(), RG.id_part(), IDS, WAIT_CREATED, WAIT_UPDATED, WAIT_DELETED, WAIT_EXISTS, WAIT_CUSTOM, WAIT_INTERVAL, WAIT_TIMEOUT],
        "az healthcareapis workspace dicom-service wait --name dicom1 --workspace-name ws1 --resource-group rg1 --created",
    )
    .rules(CHILD_IDS),
    az(
        &["az", "healthcareapis", "workspace", "iot-connector", "wait"],
        "Place the CLI in a waiting state until a condition of the IoT connector is met.",
        &[IOT_NAME.id_part(), WS_PARENT.id_part(), RG.id_part(), IDS, WAIT_CREATED, WAIT_UPDATED, WAIT_DELETED, WAIT_EXISTS, WAIT_CUSTOM, WAIT_INTERVAL, WAIT_TIMEOUT],
        "az healthcareapis workspace iot-connector wait --name iot1 --workspace-name ws1 --resource-group rg1 --created",
    )
    .rules(CHILD_IDS),
    az(
        &[
            "az",
            "healthcareapis",
            "workspace",
            "iot-connector",
            "fhir-destination",
            "wait",
        ],
        "Place the CLI in a waiting state until a condition of the FHIR destination is met.",
        &[DEST_NAME.id_part(), IOT_PARENT.id_part(), WS_PARENT.id_part(), RG.id_part(), IDS, WAIT_CREATED, WAIT_UPDATED, WAIT_DELETED, WAIT_EXISTS, WAIT_CUSTOM, WAIT_INTERVAL, WAIT_TIMEOUT],
        "az healthcareapis workspace iot-connector fhir-destination wait --fhir-destination-name dest1 --iot-connector-name iot1 --workspace-name ws1 --resource-group rg1 --created",
    )
    .rules(DEST_IDS),
    // ---- az healthcareapis workspace private-endpoint-connection | private-link-resource,
    // ---- az healthcareapis operation-result (Azure/azure-cli-extensions src/healthcareapis,
    // ---- generated/_params.py and report.md, MIT) ------------------------------------------
    az(
        &["az", "healthcareapis", "workspace", "private-endpoint-connection", "list"],
        "Lists all private endpoint connections for a workspace.",
        &[WS_PARENT, RG],
        "az healthcareapis workspace private-endpoint-connection list --resource-group testRG --workspace-name workspace1",
    ),
    az(
        &["az", "healthcareapis", "workspace", "private-endpoint-connection", "show"],
        "Gets the specified private endpoint connection associated with the workspace.",
        &[PEC_NAME.id_part(), WS_PARENT.id_part(), RG.id_part(), IDS],
        "az healthcareapis workspace private-endpoint-connection show --private-endpoint-connection-name pe1.0a1b2c3d --resource-group testRG --workspace-name workspace1",
    )
    .rules(PEC_IDS),
    az(
        &["az", "healthcareapis", "workspace", "private-endpoint-connection", "create"],
        "Update the state of the specified private endpoint connection associated with the workspace (it must exist: a private endpoint makes it).",
        &[PEC_NAME.req(), WS_PARENT, RG, PEC_STATE, PEC_STATUS, PEC_DESCRIPTION, PEC_ACTIONS, NO_WAIT],
        "az healthcareapis workspace private-endpoint-connection create --private-endpoint-connection-name pe1.0a1b2c3d --private-link-service-connection-state status=Approved description=\"Approved by admin\" --resource-group testRG --workspace-name workspace1",
    ),
    az(
        &["az", "healthcareapis", "workspace", "private-endpoint-connection", "update"],
        "Update the state of the specified private endpoint connection associated with the workspace.",
        &[PEC_NAME.id_part(), WS_PARENT.id_part(), RG.id_part(), IDS, PEC_STATE, PEC_STATUS, PEC_DESCRIPTION, PEC_ACTIONS, NO_WAIT],
        "az healthcareapis workspace private-endpoint-connection update --private-endpoint-connection-name pe1.0a1b2c3d --status Rejected --description \"Not ours\" --resource-group testRG --workspace-name workspace1",
    )
    .rules(PEC_IDS),
    az(
        &["az", "healthcareapis", "workspace", "private-endpoint-connection", "delete"],
        "Deletes a private endpoint connection.",
        &[PEC_NAME.id_part(), WS_PARENT.id_part(), RG.id_part(), IDS, YES, NO_WAIT],
        "az healthcareapis workspace private-endpoint-connection delete --private-endpoint-connection-name pe1.0a1b2c3d --resource-group testRG --workspace-name workspace1 --yes",
    )
    .rules(PEC_IDS),
    az(
        &["az", "healthcareapis", "workspace", "private-endpoint-connection", "wait"],
        "Place the CLI in a waiting state until a condition of the private endpoint connection is met.",
        &[PEC_NAME.id_part(), WS_PARENT.id_part(), RG.id_part(), IDS, WAIT_CREATED, WAIT_UPDATED, WAIT_DELETED, WAIT_EXISTS, WAIT_CUSTOM, WAIT_INTERVAL, WAIT_TIMEOUT],
        "az healthcareapis workspace private-endpoint-connection wait --private-endpoint-connection-name pe1.0a1b2c3d --resource-group testRG --workspace-name workspace1 --created",
    )
    .rules(PEC_IDS),
    az(
        &["az", "healthcareapis", "workspace", "private-link-resource", "list"],
        "Gets the private link resources that need to be created for a workspace.",
        &[WS_PARENT, RG],
        "az healthcareapis workspace private-link-resource list --resource-group testRG --workspace-name workspace1",
    ),
    az(
        &["az", "healthcareapis", "workspace", "private-link-resource", "show"],
        "Gets a private link resource that need to be created for a workspace.",
        &[
            opt("group-name", "The name of the private link resource group.")
                .alias(&["--name"])
                .s(&["-n"])
                .req()
                .meta("GROUP"),
            WS_PARENT,
            RG,
        ],
        "az healthcareapis workspace private-link-resource show --group-name healthcareworkspace --resource-group testRG --workspace-name workspace1",
    ),
    az(
        &["az", "healthcareapis", "operation-result", "show"],
        "Get the operation result for a long running operation.",
        &[
            opt("location-name", "The location of the operation.").req().meta("LOCATION"),
            opt("operation-result-id", "The ID of the operation result to get.").req().meta("ID"),
        ],
        "az healthcareapis operation-result show --location-name westus --operation-result-id 12",
    ),
    // ---- az healthcareapis service | private-endpoint-connection | private-link-resource | acr:
    // ---- the legacy Azure API for FHIR, retired (exec/legacy.rs; create warns). ------------
    az(
        &["az", "healthcareapis", "service", "list"],
        "Azure API for FHIR (legacy, retired 30 Sep 2026): Get all the service instances in a resource group or a subscription.",
        LEGACY_LIST,
        "az healthcareapis service list --resource-group rg1",
    ),
    az(
        &["az", "healthcareapis", "service", "show"],
        "Azure API for FHIR (legacy, retired 30 Sep 2026): Get the metadata of a service instance.",
        LEGACY_SHOW,
        "az healthcareapis service show --resource-group rg1 --resource-name service1",
    ),
    az(
        &["az", "healthcareapis", "service", "create"],
        "Azure API for FHIR (legacy: no new deployments since 1 Apr 2025, retired 30 Sep 2026; hcsim assumes you are an existing customer, allows the create and warns): Create the metadata of a service instance.",
        LEGACY_CREATE,
        "az healthcareapis service create --resource-group rg1 --resource-name service1 --kind fhir-R4 --location westus2",
    ),
    az(
        &["az", "healthcareapis", "service", "update"],
        "Azure API for FHIR (legacy, retired 30 Sep 2026): Update the metadata of a service instance.",
        LEGACY_UPDATE,
        "az healthcareapis service update --resource-group rg1 --resource-name service1 --tags tag1=value1",
    ),
    az(
        &["az", "healthcareapis", "service", "delete"],
        "Azure API for FHIR (legacy, retired 30 Sep 2026): Delete a service instance.",
        LEGACY_DELETE,
        "az healthcareapis service delete --resource-group rg1 --resource-name service1 --yes",
    ),
    az(
        &["az", "healthcareapis", "service", "wait"],
        "Azure API for FHIR (legacy, retired 30 Sep 2026): Place the CLI in a waiting state until a condition of the service is met.",
        LEGACY_WAIT,
        "az healthcareapis service wait --resource-group rg1 --resource-name service1 --created",
    ),
    az(
        &["az", "healthcareapis", "private-endpoint-connection", "list"],
        "Azure API for FHIR (legacy, retired 30 Sep 2026): Lists all private endpoint connections for a service.",
        LEGACY_SHOW,
        "az healthcareapis private-endpoint-connection list --resource-group rg1 --resource-name service1",
    ),
    az(
        &["az", "healthcareapis", "private-endpoint-connection", "show"],
        "Azure API for FHIR (legacy, retired 30 Sep 2026): Gets the specified private endpoint connection associated with the service.",
        LEGACY_PEC,
        "az healthcareapis private-endpoint-connection show --name myConnection --resource-group rg1 --resource-name service1",
    ),
    az(
        &["az", "healthcareapis", "private-endpoint-connection", "create"],
        "Azure API for FHIR (legacy, retired 30 Sep 2026): Update the state of the specified private endpoint connection associated with the service.",
        LEGACY_PEC_SET,
        "az healthcareapis private-endpoint-connection create --name myConnection --status Approved --resource-group rg1 --resource-name service1",
    ),
    az(
        &["az", "healthcareapis", "private-endpoint-connection", "update"],
        "Azure API for FHIR (legacy, retired 30 Sep 2026): Update the state of the specified private endpoint connection associated with the service.",
        LEGACY_PEC_SET,
        "az healthcareapis private-endpoint-connection update --name myConnection --status Rejected --resource-group rg1 --resource-name service1",
    ),
    az(
        &["az", "healthcareapis", "private-endpoint-connection", "delete"],
        "Azure API for FHIR (legacy, retired 30 Sep 2026): Deletes a private endpoint connection.",
        LEGACY_PEC_DELETE,
        "az healthcareapis private-endpoint-connection delete --name myConnection --resource-group rg1 --resource-name service1 --yes",
    ),
    az(
        &["az", "healthcareapis", "private-endpoint-connection", "wait"],
        "Azure API for FHIR (legacy, retired 30 Sep 2026): Place the CLI in a waiting state until a condition of the private endpoint connection is met.",
        LEGACY_PEC_WAIT,
        "az healthcareapis private-endpoint-connection wait --name myConnection --resource-group rg1 --resource-name service1 --created",
    ),
    az(
        &["az", "healthcareapis", "private-link-resource", "list"],
        "Azure API for FHIR (legacy, retired 30 Sep 2026): Gets the private link resources that need to be created for a service.",
        LEGACY_SHOW,
        "az healthcareapis private-link-resource list --resource-group rg1 --resource-name service1",
    ),
    az(
        &["az", "healthcareapis", "private-link-resource", "show"],
        "Azure API for FHIR (legacy, retired 30 Sep 2026): Gets a private link resource that need to be created for a service.",
        LEGACY_PLR,
        "az healthcareapis private-link-resource show --group-name fhir --resource-group rg1 --resource-name service1",
    ),
    az(
        &["az", "healthcareapis", "acr", "list"],
        "Azure API for FHIR (legacy, retired 30 Sep 2026): Lists all container registries associated with the service.",
        LEGACY_SHOW,
        "az healthcareapis acr list --resource-group rg1 --resource-name service1",
    ),
    az(
        &["az", "healthcareapis", "acr", "add"],
        "Azure API for FHIR (legacy, retired 30 Sep 2026): Add a list of registries to the service, repeated ones will be ignored.",
        LEGACY_ACR,
        "az healthcareapis acr add --login-servers test1.azurecr.io --resource-group rg1 --resource-name service1",
    ),
    az(
        &["az", "healthcareapis", "acr", "remove"],
        "Azure API for FHIR (legacy, retired 30 Sep 2026): Remove a list of registries from the service, non-existing ones will be ignored.",
        LEGACY_ACR,
        "az healthcareapis acr remove --login-servers test1.azurecr.io --resource-group rg1 --resource-name service1",
    ),
    az(
        &["az", "healthcareapis", "acr", "reset"],
        "Azure API for FHIR (legacy, retired 30 Sep 2026): Reset the container registries associated with the service to a new list.",
        LEGACY_ACR_RESET,
        "az healthcareapis acr reset --login-servers test1.azurecr.io --resource-group rg1 --resource-name service1",
    ),
    // ---- az deployment group --------------------------------------------------------------
    az(
        &["az", "deployment", "group", "create"],
        "Start a deployment at resource group.",
        &[
            RG,
            DEPLOY_NAME,
            TEMPLATE_FILE,
            TEMPLATE_URI,
            PARAMETERS,
            MODE,
            switch(
                "confirm-with-what-if",
                "Instruct the command to run deployment What-If before executing the deployment.",
            )
            .s(&["-c"]),
            switch(
                "what-if",
                "Instruct the command to run deployment What-If.",
            )
            .s(&["-w"]),
            switch(
                "no-prompt",
                "The option to disable the prompt of missing parameters for ARM template.",
            ),
            NO_WAIT,
        ],
        "az deployment group create --resource-group rg1 --template-file main.json --parameters workspaceName=ws1",
    )
    .rules(TEMPLATE_SOURCE),
    az(
        &["az", "deployment", "group", "what-if"],
        "Execute a deployment What-If operation at resource group scope.",
        &[
            RG,
            DEPLOY_NAME,
            TEMPLATE_FILE,
            TEMPLATE_URI,
            PARAMETERS,
            MODE,
            opt("result-format", "The format of What-If results.")
                .s(&["-r"])
                .choices(&["FullResourcePayloads", "ResourceIdOnly"])
                .default("FullResourcePayloads"),
            opt(
                "exclude-change-types",
                "Space-separated list of resource change types to be excluded from What-If results.",
            )
            .s(&["-x"])
            .plus()
            .choices(&[
                "Create",
                "Delete",
                "Deploy",
                "Ignore",
                "Modify",
                "NoChange",
                "Unsupported",
            ]),
            switch(
                "no-pretty-print",
                "Disable pretty-print for What-If results. When set, the output format type will be used.",
            ),
            switch(
                "no-prompt",
                "The option to disable the prompt of missing parameters for ARM template.",
            ),
        ],
        "az deployment group what-if --resource-group rg1 --template-file main.json --mode Complete",
    )
    .rules(TEMPLATE_SOURCE),
    az(
        &["az", "deployment", "group", "validate"],
        "Validate whether a template is syntactically correct.",
        &[RG, DEPLOY_NAME, TEMPLATE_FILE, TEMPLATE_URI, PARAMETERS, MODE],
        "az deployment group validate --resource-group rg1 --template-file main.json --parameters workspaceName=ws1",
    )
    .rules(TEMPLATE_SOURCE),
    // ---- az bicep ----
    az(
        &["az", "bicep", "build"],
        "Build a Bicep file.",
        &[
            opt("file", "The path to the Bicep file to build in the file system.")
                .s(&["-f"])
                .req()
                .meta("PATH"),
            opt("outfile", "The output file path.").meta("PATH"),
            opt("outdir", "The output directory path.").meta("DIR"),
            switch("stdout", "When set, prints all output to stdout instead of corresponding files."),
            switch("no-restore", "When set, builds the bicep file without restoring external modules."),
        ],
        "az bicep build --file main.bicep --stdout",
    )
    .rules(BICEP_OUT),
    az(
        &["az", "bicep", "version"],
        "Show the installed version of Bicep CLI.",
        NO_FLAGS,
        "az bicep version",
    ),
    az(
        &["az", "bicep", "install"],
        "Install Bicep CLI.",
        &[opt("version", "The version of Bicep CLI to be installed. Default to the latest if not specified.").s(&["-v"]).meta("VERSION")],
        "az bicep install",
    ),
    az(
        &["az", "bicep", "upgrade"],
        "Upgrade Bicep CLI to the latest version.",
        NO_FLAGS,
        "az bicep upgrade",
    ),
    // ---- end az bicep ----
    az(
        &["az", "deployment", "group", "show"],
        "Show a deployment at resource group.",
        &[
            RG,
            opt("name", "The deployment name.").s(&["-n"]).req().meta("NAME"),
        ],
        "az deployment group show --resource-group rg1 --name main",
    ),
    az(
        &["az", "deployment", "group", "list"],
        "List deployments at resource group.",
        &[RG],
        "az deployment group list --resource-group rg1 -o table",
    ),
    // ---- az role assignment ---------------------------------------------------------------
    az(
        &["az", "role", "assignment", "create"],
        "Create a new role assignment for a user, group, or service principal.",
        &[
            ASSIGNEE,
            ASSIGNEE_OID,
            opt("assignee-principal-type", "Use with --assignee-object-id to avoid errors caused by propagation latency in Microsoft Graph.")
                .choices(&["Device", "ForeignGroup", "Group", "ServicePrincipal", "User"]),
            ROLE.req(),
            // Required, and no --resource-group, since azure-cli 2.54 (PR Azure/azure-cli#27651:
            // "`--scope` is now a required argument", "Remove `--resource-group` argument").
            SCOPE.req(),
            opt("description", "Description of role assignment."),
        ],
        "az role assignment create --assignee alice@contoso.com --role \"FHIR Data Contributor\" --scope /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1",
    )
    .rules(&[Constraint::AnyOf(&["assignee", "assignee-object-id"])]),
    az(
        &["az", "role", "assignment", "delete"],
        "Delete role assignments.",
        &[
            ASSIGNEE,
            ROLE,
            SCOPE,
            RG_OPT,
            IDS,
            YES,
        ],
        "az role assignment delete --assignee alice@contoso.com --role Reader --resource-group rg1",
    ),
    az(
        &["az", "role", "assignment", "list"],
        "List role assignments.",
        &[
            ASSIGNEE,
            ROLE,
            SCOPE,
            RG_OPT,
            switch("all", "Show all assignments under the current subscription."),
            switch(
                "include-inherited",
                "Include assignments applied on parent scopes.",
            ),
        ],
        "az role assignment list --all -o table",
    ),
    // ---- az lock -------------------------------------------------------------------------
    az(
        &["az", "lock", "create"],
        "Create a lock (subscription, resource group or resource level).",
        &[
            opt("name", "Name of the lock.").s(&["-n"]).req().meta("NAME"),
            LOCK_TYPE,
            RG_OPT,
            LOCK_RESOURCE,
            LOCK_RESOURCE_TYPE,
            LOCK_NAMESPACE,
            LOCK_PARENT,
            opt("notes", "Notes about this lock."),
        ],
        "az lock create --name keep --lock-type CanNotDelete --resource-group rg1",
    ),
    az(
        &["az", "lock", "delete"],
        "Delete a lock.",
        &[
            opt("name", "Name of the lock.").s(&["-n"]).meta("NAME"),
            RG_OPT,
            LOCK_RESOURCE,
            LOCK_RESOURCE_TYPE,
            LOCK_NAMESPACE,
            LOCK_PARENT,
            IDS,
        ],
        "az lock delete --name keep --resource-group rg1",
    )
    .rules(LOCK_IDS),
    az(
        &["az", "lock", "show"],
        "Show the properties of a lock.",
        &[
            opt("name", "Name of the lock.").s(&["-n"]).meta("NAME"),
            RG_OPT,
            LOCK_RESOURCE,
            LOCK_RESOURCE_TYPE,
            LOCK_NAMESPACE,
            LOCK_PARENT,
            IDS,
        ],
        "az lock show --name keep --resource-group rg1",
    )
    .rules(LOCK_IDS),
    az(
        &["az", "lock", "update"],
        "Update a lock.",
        &[
            opt("name", "Name of the lock.").s(&["-n"]).meta("NAME"),
            opt("lock-type", "The type of lock restriction.")
                .s(&["-t"])
                .choices(&["CanNotDelete", "ReadOnly"]),
            opt("notes", "Notes about this lock."),
            RG_OPT,
            LOCK_RESOURCE,
            LOCK_RESOURCE_TYPE,
            LOCK_NAMESPACE,
            LOCK_PARENT,
            IDS,
        ],
        "az lock update --name keep --resource-group rg1 --notes \"keep the workspace\"",
    )
    .rules(LOCK_IDS),
    az(
        &["az", "resource", "show"],
        "Get the details of a resource.",
        &RESOURCE_FLAGS,
        "az resource show --ids /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1",
    )
    .rules(RESOURCE_IDS),
    az(
        &["az", "resource", "delete"],
        "Delete a resource.",
        &RESOURCE_DELETE_FLAGS,
        "az resource delete --resource-group rg1 --name ws1 --resource-type Microsoft.HealthcareApis/workspaces",
    )
    .rules(RESOURCE_IDS),
    az(
        &["az", "resource", "move"],
        "Move resources from one resource group to another.",
        &[
            opt("destination-group", "The destination resource group name.")
                .req()
                .meta("NAME"),
            IDS.req(),
            opt("destination-subscription-id", "The destination subscription (the current one when omitted).")
                .meta("ID"),
        ],
        "az resource move --destination-group rg2 --ids /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1",
    ),
    az(
        &["az", "lock", "list"],
        "List lock information.",
        &[
            RG_OPT,
            LOCK_RESOURCE,
            LOCK_RESOURCE_TYPE,
            LOCK_NAMESPACE,
            LOCK_PARENT,
            opt("filter-string", "A query filter to use to restrict the results."),
        ],
        "az lock list --resource-group rg1 -o table",
    ),
    // ---- az keyvault ---------------------------------------------------------------------
    az(
        &["az", "keyvault", "create"],
        "Create a Key Vault.",
        &[
            opt("name", "Name of the Vault.").s(&["-n"]).req().meta("NAME"),
            RG,
            LOCATION,
            opt("sku", "SKU details.").choices(&["premium", "standard"]).default("standard"),
            opt(
                "enable-purge-protection",
                "Property specifying whether protection against purge is enabled for this vault (customer-managed keys require it).",
            )
            .optional("true")
            .choices(&["false", "true"]),
            opt(
                "enable-rbac-authorization",
                "Property that controls how data actions are authorized.",
            )
            .optional("true")
            .choices(&["false", "true"]),
            opt(
                "retention-days",
                "Soft delete data retention days. It accepts >=7 and <=90.",
            )
            .check(Check::IntRange(7, 90))
            .default("90"),
            TAGS,
        ],
        "az keyvault create --name kv1 --resource-group rg1 --location eastus --enable-purge-protection",
    ),
    az(
        &["az", "keyvault", "key", "create"],
        "Create a new key, store it, then return key parameters and attributes to the client.",
        &[
            opt("vault-name", "Name of the Key Vault.").req().meta("VAULT"),
            opt("name", "Name of the key.").s(&["-n"]).req().meta("NAME"),
            opt("kty", "The type of key to create.")
                .choices(&["EC", "EC-HSM", "RSA", "RSA-HSM", "oct", "oct-HSM"])
                .default("RSA"),
            opt("size", "The key size in bits. For example: 2048, 3072, or 4096 for RSA.")
                .check(Check::IntRange(1, 16384)),
            opt("ops", "Space-separated list of permitted JSON web key operations.")
                .plus()
                .choices(&[
                    "decrypt", "encrypt", "import", "sign", "unwrapKey", "verify", "wrapKey",
                ]),
            opt("protection", "Specifies the type of key protection.")
                .s(&["-p"])
                .choices(&["hsm", "software"]),
            opt("disabled", "Create key in disabled state.")
                .optional("true")
                .choices(&["false", "true"]),
            TAGS,
        ],
        "az keyvault key create --vault-name kv1 --name cmk --kty RSA --size 2048",
    ),
    az(
        &["az", "keyvault", "key", "set-attributes"],
        "Update the attributes of a key: --enabled false revokes its use (customer-managed key access).",
        &[
            opt("vault-name", "Name of the Key Vault.").req().meta("VAULT"),
            opt("name", "Name of the key.").s(&["-n"]).req().meta("NAME"),
            opt("version", "The key version. If omitted, uses the latest version.").s(&["-v"]),
            opt("enabled", "Enable the key.")
                .optional("true")
                .choices(&["false", "true"]),
            TAGS,
        ],
        "az keyvault key set-attributes --vault-name kv1 --name cmk --enabled false",
    ),
    az(
        &["az", "keyvault", "key", "delete"],
        "Delete a key of any type from storage in Azure Key Vault (soft delete: it stays recoverable for the vault's retention days; a customer-managed key that uses it becomes unreachable).",
        &[
            opt("vault-name", "Name of the Key Vault.").req().meta("VAULT"),
            opt("name", "Name of the key.").s(&["-n"]).req().meta("NAME"),
        ],
        "az keyvault key delete --vault-name kv1 --name cmk",
    ),
    az(
        &["az", "keyvault", "key", "recover"],
        "Recover the deleted key to its latest version.",
        &[
            opt("vault-name", "Name of the Vault.").req().meta("VAULT"),
            opt("name", "Name of the deleted key.").s(&["-n"]).req().meta("NAME"),
        ],
        "az keyvault key recover --vault-name kv1 --name cmk",
    ),
    // ---- az network ----------------------------------------------------------------------
    az(
        &["az", "network", "vnet", "create"],
        "Create a virtual network.",
        &[
            opt("name", "The virtual network (VNet) name.").s(&["-n"]).req().meta("NAME"),
            RG,
            LOCATION,
            opt("address-prefixes", "Space-separated list of IP address prefixes for the VNet.")
                .alias(&["--address-prefix"])
                .plus()
                .default("10.0.0.0/16"),
            opt("subnet-name", "Name of a new subnet to create within the VNet."),
            opt(
                "subnet-prefixes",
                "Space-separated list of address prefixes in CIDR format for the new subnet.",
            )
            .alias(&["--subnet-prefix"])
            .plus(),
            TAGS,
        ],
        "az network vnet create --name vnet1 --resource-group rg1 --subnet-name default",
    ),
    az(
        &["az", "network", "private-endpoint", "create"],
        "Create a private endpoint (to a workspace: --group-id healthcareworkspace).",
        &[
            opt("name", "Name of the private endpoint.").s(&["-n"]).req().meta("NAME"),
            RG,
            opt("subnet", "Name or ID of an existing subnet. If name specified, also specify --vnet-name.")
                .req(),
            opt("vnet-name", "The virtual network (VNet) associated with the subnet (omit if supplying a subnet id)."),
            opt(
                "private-connection-resource-id",
                "The resource id of the private endpoint to connect to.",
            )
            .req()
            .check(Check::ResourceId)
            .meta("RESOURCE_ID"),
            opt("group-id", "The ID of the group obtained from the remote resource that this private endpoint should connect to.")
                .alias(&["--group-ids"])
                .plus(),
            opt("connection-name", "Name of the private link service connection.").req(),
            LOCATION,
            opt(
                "manual-request",
                "Use manual request to establish the connection. Configure it as 'true' when you don't have access to the subscription of private link service.",
            )
            .optional("true")
            .choices(&["false", "true"]),
            opt("request-message", "A message passed to the owner of the remote resource with this connection request."),
            TAGS,
            NO_WAIT,
        ],
        "az network private-endpoint create --name pe1 --resource-group rg1 --vnet-name vnet1 --subnet default --private-connection-resource-id /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1 --group-id healthcareworkspace --connection-name pe1-conn",
    ),
    az(
        &["az", "network", "private-endpoint", "delete"],
        "Delete a private endpoint.",
        &[
            opt("name", "Name of the private endpoint.").s(&["-n"]).meta("NAME"),
            RG.id_part(),
            IDS,
            NO_WAIT,
        ],
        "az network private-endpoint delete --name pe1 --resource-group rg1",
    )
    .rules(PE_IDS),
    az(
        &["az", "network", "private-endpoint", "show"],
        "Get the details of a private endpoint.",
        &[
            opt("name", "Name of the private endpoint.").s(&["-n"]).meta("NAME"),
            RG.id_part(),
            IDS,
        ],
        "az network private-endpoint show --name pe1 --resource-group rg1",
    )
    .rules(PE_IDS),
    az(
        &["az", "network", "private-endpoint", "list"],
        "List private endpoints.",
        &[RG_OPT],
        "az network private-endpoint list --resource-group rg1",
    ),
    // ---- az provider ---------------------------------------------------------------------
    az(
        &["az", "provider", "register"],
        "Register a provider.",
        &[
            opt("namespace", "The resource namespace, aka 'provider'.")
                .s(&["-n"])
                .req()
                .meta("NAMESPACE"),
            switch("wait", "Wait for the registration to finish."),
            switch(
                "consent-to-permissions",
                "A value indicating whether authorization is consented or not.",
            ),
            switch("accept-terms", "Accept market place terms and RP terms for RPaaS."),
        ],
        "az provider register --namespace Microsoft.HealthcareApis",
    ),
    az(
        &["az", "provider", "show"],
        "Gets the specified resource provider.",
        &[
            opt("namespace", "The resource namespace, aka 'provider'.")
                .s(&["-n"])
                .req()
                .meta("NAMESPACE"),
            opt("expand", "Comma-separated properties to be expanded."),
        ],
        "az provider show --namespace Microsoft.HealthcareApis --query registrationState",
    ),
    az(
        &["az", "provider", "list"],
        "Gets all resource providers for a subscription.",
        &[opt("expand", "Comma-separated properties to be expanded.")],
        "az provider list -o table",
    ),
    // ---- az ad user ----------------------------------------------------------------------
    az(
        &["az", "ad", "user", "create"],
        "Create an Azure Active Directory user.",
        &[
            opt("display-name", "Object's display name or its prefix.").req(),
            opt(
                "user-principal-name",
                "The user principal name (someuser@contoso.com). It must contain one of the verified domains for the tenant.",
            )
            .req()
            .meta("UPN"),
            opt("password", "The password for the user (accepted; hcsim keeps no password)."),
            opt("mail-nickname", "Mail alias. Defaults to user principal name."),
            switch(
                "force-change-password-next-sign-in",
                "Marks this user as needing to update their password next time they authenticate.",
            ),
        ],
        "az ad user create --display-name Carol --user-principal-name carol@contoso.com",
    ),
    az(
        &["az", "ad", "user", "list"],
        "List Azure Active Directory users.",
        &[
            opt("display-name", "Object's display name or its prefix."),
            opt("upn", "User principal name, e.g. john.doe@contoso.com."),
            opt("filter", "OData filter, e.g. --filter \"displayname eq 'test' and servicePrincipalType eq 'Application'\"."),
        ],
        "az ad user list -o table",
    ),
    az(
        &["az", "ad", "user", "show"],
        "Get the details of a user.",
        &[opt("id", "The object id or principal name of the user.").req()],
        "az ad user show --id alice@contoso.com",
    ),
    az(
        &["az", "ad", "user", "delete"],
        "Delete a user.",
        &[opt("id", "The object id or principal name of the user.").req()],
        "az ad user delete --id carol@contoso.com",
    ),
    // ---- az ad app / az ad sp create|delete|create-for-rbac (exec/entra.rs) ------------------
    // Flags from azure-cli `command_modules/role/_params.py` (Microsoft Graph era, az >= 2.37).
    // hcsim's client secrets are drawn from the session's seed: they are not credentials.
    az(
        &["az", "ad", "app", "create"],
        "Create an application (an app registration of the directory). With the display name of an existing app, az patches that one.",
        APP_FLAGS_CREATE,
        "az ad app create --display-name myappregtest1 --query appId -o tsv",
    ),
    az(
        &["az", "ad", "app", "update"],
        "Update an application. --set PATH=VALUE sets a Microsoft Graph property (e.g. isFallbackPublicClient=true); AAD Graph's old names (oauth2Permissions, replyUrls, publicClient as a flag) are refused as Graph refuses them.",
        APP_FLAGS_UPDATE,
        "az ad app update --id 00000000-0000-0000-0000-000000000000 --is-fallback-public-client true",
    ),
    az(
        &["az", "ad", "app", "show"],
        "Get the details of an application (Microsoft Graph names its object id `id`, not `objectId`).",
        &[APP_ID],
        "az ad app show --id 00000000-0000-0000-0000-000000000000 --query id -o tsv",
    ),
    az(
        &["az", "ad", "app", "list"],
        "List applications.",
        &[
            opt("app-id", "Application id."),
            opt("display-name", "The display name of the application (or its prefix)."),
            opt("identifier-uri", "Graph application identifier, must be in uri format."),
            opt("filter", "OData filter, e.g. --filter \"displayname eq 'test'\"."),
            switch("all", "List all entities, expect long delay if under a big organization."),
            switch("show-mine", "List entities owned by the current user."),
        ],
        "az ad app list --display-name myapp -o table",
    ),
    az(
        &["az", "ad", "app", "delete"],
        "Delete an application (and its service principal).",
        &[APP_ID],
        "az ad app delete --id 00000000-0000-0000-0000-000000000000",
    ),
    az(
        &["az", "ad", "app", "credential", "reset"],
        "Reset an application's password (client secret): prints appId, password and tenant. hcsim's secrets are simulated, never credentials.",
        &[
            APP_ID,
            switch("append", "Append the new credential instead of overwriting."),
            opt("display-name", "Friendly name for the credential."),
            opt("years", "Number of years for which the credentials will be valid. Default: 1 year.")
                .check(Check::IntRange(1, 100)),
            opt("end-date", "Finer grain of expiry time if '--years' is insufficient, e.g. '2020-12-31T11:59:59+00:00' or '2299-12-31'."),
            opt("cert", "Certificate to use for credentials (hcsim: not simulated)."),
            switch("create-cert", "Create a self-signed certificate to use for the credential (hcsim: not simulated)."),
            opt("keyvault", "Name or ID of a KeyVault to use for creating or retrieving certificates (hcsim: not simulated)."),
        ],
        "az ad app credential reset --id 00000000-0000-0000-0000-000000000000 --append --display-name ci --years 2 --query password -o tsv",
    ),
    az(
        &["az", "ad", "app", "credential", "list"],
        "List an application's password or certificate credential metadata (the secret itself is never shown again).",
        &[APP_ID, switch("cert", "Operate on certificate credentials.")],
        "az ad app credential list --id 00000000-0000-0000-0000-000000000000",
    ),
    az(
        &["az", "ad", "app", "credential", "delete"],
        "Delete an application's password or certificate credential.",
        &[
            APP_ID,
            opt("key-id", "Credential key id.").req(),
            switch("cert", "Operate on certificate credentials."),
        ],
        "az ad app credential delete --id 00000000-0000-0000-0000-000000000000 --key-id 11111111-0000-0000-0000-000000000000",
    ),
    az(
        &["az", "ad", "sp", "credential", "reset"],
        "Reset a service principal's password (a client secret on the service principal itself): prints appId, password and tenant. hcsim's secrets are simulated, never credentials.",
        &[
            opt("id", "Service principal name, or object id.").req(),
            switch("append", "Append the new credential instead of overwriting."),
            opt("display-name", "Friendly name for the credential."),
            opt("years", "Number of years for which the credentials will be valid. Default: 1 year.")
                .check(Check::IntRange(1, 100)),
            opt("end-date", "Finer grain of expiry time if '--years' is insufficient, e.g. '2020-12-31T11:59:59+00:00' or '2299-12-31'."),
            opt("cert", "Certificate to use for credentials (hcsim: not simulated)."),
            switch("create-cert", "Create a self-signed certificate to use for the credential (hcsim: not simulated)."),
            opt("keyvault", "Name or ID of a KeyVault to use for creating or retrieving certificates (hcsim: not simulated)."),
        ],
        "az ad sp credential reset --id 00000000-0000-0000-0000-000000000000 --query password -o tsv",
    ),
    az(
        &["az", "ad", "sp", "credential", "list"],
        "List a service principal's password or certificate credential metadata.",
        &[
            opt("id", "Service principal name, or object id.").req(),
            switch("cert", "Operate on certificate credentials."),
        ],
        "az ad sp credential list --id 00000000-0000-0000-0000-000000000000",
    ),
    az(
        &["az", "ad", "sp", "credential", "delete"],
        "Delete a service principal's password or certificate credential.",
        &[
            opt("id", "Service principal name, or object id.").req(),
            opt("key-id", "Credential key id.").req(),
            switch("cert", "Operate on certificate credentials."),
        ],
        "az ad sp credential delete --id 00000000-0000-0000-0000-000000000000 --key-id 11111111-0000-0000-0000-000000000000",
    ),
    az(
        &["az", "ad", "sp", "create"],
        "Create a service principal for an application, so that roles can be assigned to it.",
        &[opt("id", "Identifier uri, application id, or object id of the associated application.").req()],
        "az ad sp create --id 00000000-0000-0000-0000-000000000000",
    ),
    az(
        &["az", "ad", "sp", "delete"],
        "Delete a service principal.",
        &[opt("id", "Service principal name, or object id.").req()],
        "az ad sp delete --id 00000000-0000-0000-0000-000000000000",
    ),
    az(
        &["az", "ad", "sp", "create-for-rbac"],
        "Create an application with a client secret and its service principal, and optionally assign it a role (--role and --scopes). hcsim's secrets are simulated, never credentials.",
        &[
            opt("display-name", "Display name of the service principal. If not present, default to azure-cli-%Y-%m-%d-%H-%M-%S where the suffix is the time of creation.")
                .s(&["-n"])
                .alias(&["--name"]),
            opt("role", "Role of the service principal."),
            opt("scopes", "Space-separated list of scopes the service principal's role assignment applies to.").plus(),
            opt("years", "Number of years for which the credentials will be valid. Default: 1 year.")
                .check(Check::IntRange(1, 100)),
            switch("json-auth", "Output service principal credential along with cloud endpoints in JSON format."),
            switch("sdk-auth", "Deprecated spelling of --json-auth."),
            opt("skip-assignment", "No-op (deprecated).").optional("true"),
            opt("cert", "Certificate to use for credentials (hcsim: not simulated)."),
            switch("create-cert", "Create a self-signed certificate to use for the credential (hcsim: not simulated)."),
            opt("keyvault", "Name or ID of a KeyVault to use for creating or retrieving certificates (hcsim: not simulated)."),
        ],
        "az ad sp create-for-rbac --name ci-app --role Contributor --scopes /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1",
    ),
    // ---- az supporting commands (login, tokens, catalogs, resource, rest, extension) --------
    az(
        &["az", "login"],
        "Log in to Azure (hcsim: signs in to the simulated tenant contoso.onmicrosoft.com).",
        &[
            opt("username", "User name, service principal or managed identity id.").s(&["-u"]),
            opt("password", "Credentials like user password or service principal secret (hcsim keeps none).").s(&["-p"]),
            opt("tenant", "The AAD tenant, must be provided when using a service principal.").s(&["-t"]),
            switch("service-principal", "Log in with a service principal."),
            switch("identity", "Log in using managed identity (hcsim: its console runs outside Azure, where az cannot reach an instance metadata endpoint, and answers as az does there)."),
            opt("client-id", "Client ID of the user-assigned managed identity."),
            opt("object-id", "Object ID of the user-assigned managed identity."),
            opt("resource-id", "Resource ID of the user-assigned managed identity."),
            switch("use-device-code", "Use CLI's old authentication flow based on device code."),
            switch("allow-no-subscriptions", "Support accessing tenants without subscriptions."),
            opt("scope", "Used in the /authorize request. It can cover only one static resource."),
            opt("federated-token", "Federated token that can be used for OIDC token exchange."),
        ],
        "az login",
    ),
    // azure-cli `command_modules/util`: `az version` and `az upgrade` (exec/version.rs).
    az(
        &["az", "version"],
        "Show the versions of Azure CLI modules and extensions in JSON format by default or format configured by --output.",
        &[],
        "az version",
    ),
    az(
        &["az", "upgrade"],
        "Upgrade Azure CLI and extensions (hcsim: the simulated az is already the latest release; offline, nothing is downloaded).",
        &[
            opt("all", "Enable updating extensions as well.").choices(&["true", "false"]),
            switch("yes", "Do not prompt for checking release notes.").s(&["-y"]),
        ],
        "az upgrade",
    ),
    az(
        &["az", "logout"],
        "Log out to remove access to Azure subscriptions (hcsim: the simulated session stays signed in; `az login` acts as the trainee again).",
        &[opt("username", "Account user, if missing, logout the current active account.")],
        "az logout",
    ),
    az(
        &["az", "account", "get-access-token"],
        "Get a token for utilities to access Azure (hcsim: a simulated, unsigned JWT naming the acting principal).",
        &[
            opt("resource", "Azure resource endpoints in AAD v1.0."),
            opt("resource-type", "Type of well-known resource.").choices(&[
                "aad-graph",
                "arm",
                "batch",
                "data-lake",
                "media",
                "ms-graph",
                "oss-rdbms",
            ]),
            opt("scope", "Space-separated AAD scopes in AAD v2.0. Default to Azure Resource Manager.").plus(),
            opt("tenant", "Tenant ID for which the token is acquired.").s(&["-t"]),
        ],
        "az account get-access-token --resource https://ws1-fhir1.fhir.azurehealthcareapis.com --query accessToken -o tsv",
    )
    .rules(&[Constraint::AtMostOne(&["resource", "resource-type", "scope"])]),
    az(
        &["az", "account", "list-locations"],
        "List supported regions for the current subscription.",
        &[switch("include-extended-locations", "Whether to include extended locations.")],
        "az account list-locations --query \"[].name\" -o tsv",
    ),
    az(
        &["az", "role", "definition", "list"],
        "List role definitions.",
        &[
            opt("name", "A role's name (e.g. 'FHIR Data Contributor') or id.").s(&["-n"]),
            opt("scope", "Scope at which the role definition applies."),
            opt("custom-role-only", "Custom roles only (vs. build-in ones).").optional("true"),
        ],
        "az role definition list --name \"FHIR Data Contributor\" --query \"[].name\" -o tsv",
    ),
    az(
        &["az", "ad", "signed-in-user", "show"],
        "Get the details for the currently logged-in user.",
        &[],
        "az ad signed-in-user show --query id -o tsv",
    ),
    az(
        &["az", "ad", "sp", "show"],
        "Get the details of a service principal.",
        &[opt("id", "Service principal name, or object id.").req()],
        "az ad sp show --id 04b07795-8ddb-461a-bbee-02f9e1bf7b46",
    ),
    az(
        &["az", "ad", "sp", "list"],
        "List service principals.",
        &[
            opt("display-name", "Object's display name or its prefix."),
            opt("spn", "Service principal name."),
            opt("filter", "OData filter, e.g. --filter \"displayname eq 'test' and servicePrincipalType eq 'Application'\"."),
            switch("all", "List all entities, expect long delay if under a big organization."),
            switch("show-mine", "List entities owned by the current user."),
        ],
        "az ad sp list --display-name ws1 -o table",
    ),
    az(
        &["az", "resource", "list"],
        "List resources.",
        &[
            opt("name", "Only show resources with this name.").s(&["-n"]),
            RG_OPT,
            opt("resource-type", "Only show resources of this type (Ex: 'Microsoft.HealthcareApis/workspaces')."),
            opt("namespace", "Provider namespace (Ex: 'Microsoft.Provider')."),
            opt("parent", "The parent path (Ex: 'resA/myA/resB/myB')."),
            opt("location", "Location.").s(&["-l"]),
            opt("tag", "A single tag in 'key[=value]' format."),
        ],
        "az resource list --resource-group rg1 -o table",
    ),
    az(
        &["az", "resource", "update"],
        "Update a resource by PUT request: --set, --add and --remove change the resource's body.",
        &[
            RESOURCE_FLAGS[0],
            RESOURCE_FLAGS[1],
            RESOURCE_FLAGS[2],
            RESOURCE_FLAGS[3],
            RESOURCE_FLAGS[4],
            RESOURCE_FLAGS[5],
            opt("set", "Update an object by specifying a property path and value to set. Example: --set property1.property2=<value>.").plus().repeat(),
            opt("add", "Add an object to a list of objects by specifying a path and key value pairs. Example: --add property.listProperty <key=value, string or JSON string>.").plus().repeat(),
            opt("remove", "Remove a property or an element from a list. Example: --remove property.list <indexToRemove> OR --remove propertyToRemove.").plus().repeat(),
            opt("api-version", "The api version of the resource (hcsim uses its own table)."),
            switch("force-string", "When using 'set' or 'add', preserve string literals instead of attempting to convert to JSON."),
        ],
        "az resource update --ids /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1 --set tags.env=dev",
    )
    .rules(RESOURCE_IDS),
    az(
        &["az", "rest"],
        "Invoke a custom request (hcsim: the simulated ARM at https://management.azure.com and the services' data-plane URLs).",
        &[
            opt("method", "HTTP request method.")
                .s(&["-m"])
                .choices(&["delete", "get", "head", "options", "patch", "post", "put"])
                .default("get"),
            opt("url", "Request URL. If it doesn't start with a host, CLI assumes it as an Azure resource ID and prefixes it with the ARM endpoint.")
                .s(&["-u"])
                .alias(&["--uri"])
                .req(),
            opt("body", "Request body. Use @{file} to load from a file.").s(&["-b"]),
            opt("headers", "Space-separated headers in KEY=VALUE format or JSON string.").plus(),
            opt("uri-parameters", "Query parameters in the URL.").alias(&["--url-parameters"]).plus(),
            opt("resource", "Resource url for which CLI should acquire a token from AAD in order to access the service."),
            switch("skip-authorization-header", "Do not auto-append Authorization header."),
            opt("output-file", "Save response payload to a file (hcsim: not written)."),
        ],
        "az rest --method get --url https://management.azure.com/subscriptions/11111111-1111-1111-1111-111111111111/resourcegroups?api-version=2021-04-01",
    ),
    az(
        &["az", "extension", "add"],
        "Add an extension (hcsim is offline: the healthcareapis extension is built in).",
        &[
            opt("name", "Name of extension.").s(&["-n"]),
            opt("source", "Filepath or URL to an extension.").s(&["-s"]),
            opt("version", "The specific version of an extension."),
            switch("upgrade", "Update the extension if already installed."),
            switch("yes", "Do not prompt for confirmation.").s(&["-y"]),
            opt("allow-preview", "Include preview versions of extensions.").optional("true"),
        ],
        "az extension add --name healthcareapis",
    )
    .rules(&[Constraint::AnyOf(&["name", "source"])]),
    az(
        &["az", "extension", "list"],
        "List the installed extensions.",
        &[],
        "az extension list -o table",
    ),
    az(
        &["az", "extension", "show"],
        "Show an extension.",
        &[opt("name", "Name of extension.").s(&["-n"]).req()],
        "az extension show --name healthcareapis",
    ),
    az(
        &["az", "extension", "remove"],
        "Remove an extension.",
        &[opt("name", "Name of extension.").s(&["-n"]).req()],
        "az extension remove --name healthcareapis",
    ),
    az(
        &["az", "extension", "update"],
        "Update an extension.",
        &[opt("name", "Name of extension.").s(&["-n"]).req()],
        "az extension update --name healthcareapis",
    ),
    az(
        &["az", "provider", "unregister"],
        "Unregister a provider.",
        &[
            opt("namespace", "The resource namespace, aka 'provider'.")
                .s(&["-n"])
                .req()
                .meta("NAMESPACE"),
            switch("wait", "Wait for unregistration to finish."),
        ],
        "az provider unregister --namespace Microsoft.HealthcareApis",
    ),
    // ---- sim -----------------------------------------------------------------------------
    sim(
        &["sim", "advance"],
        "Move virtual time forward; operations finish and faults start or heal on the way.",
        NO_FLAGS,
        &[pos("DURATION", "How far: 90s, 10m, 2h, 1d, 1h30m, 500ms or ISO 8601 PT10M.")
            .check(Check::Duration)],
        "sim advance 10m",
    ),
    sim(
        &["sim", "timing"],
        "Choose how long operations take: instant, or realistic (minutes, like Azure).",
        NO_FLAGS,
        &[pos("MODE", "instant or realistic.").choices(&["instant", "realistic"])],
        "sim timing instant",
    ),
    sim(
        &["sim", "stage"],
        "Choose the release stage: ga, or private-preview (no workspace-level settings).",
        NO_FLAGS,
        &[pos("STAGE", "ga or private-preview.").choices(&["ga", "private-preview"])],
        "sim stage private-preview",
    ),
    sim(
        &["sim", "seed"],
        "Print the seed of this session (replaying it with the same inputs gives the same run).",
        NO_FLAGS,
        NO_POS,
        "sim seed",
    ),
    sim(
        &["sim", "as"],
        "Act as another principal (user, service principal or managed identity); `sim as me` goes back.",
        NO_FLAGS,
        &[pos("PRINCIPAL", "A user principal name, object id, or `me` for the signed-in trainee.")],
        "sim as alice@contoso.com",
    ),
    sim(
        &["sim", "fault", "add"],
        "Inject a fault: it starts now and heals after --for (or when cleared).",
        &[
            opt("region", "Region the fault applies to, e.g. eastus.").meta("REGION"),
            opt("zone", "Availability zone (1–3), for zone-down.")
                .check(Check::IntRange(1, 3))
                .meta("N"),
            opt(
                "target",
                "What the fault applies to: a resource id (a key vault, key, service, group or subscription, and everything below it) or, for provisioning faults, a resource type such as fhirservices.",
            )
            .meta("ID_OR_TYPE"),
            opt(
                "probability",
                "Chance, in percent, that an affected operation fails (provisioning-failure, throttle).",
            )
            .check(Check::Percent)
            .default("100")
            .meta("PCT"),
            opt("for", "How long the fault lasts (90s, 10m, 2h, PT1H); until cleared when omitted.")
                .check(Check::Duration)
                .meta("DURATION"),
        ],
        &[pos("KIND", "The fault kind.").choices(FAULT_KINDS)],
        "sim fault add region-outage --region eastus --for 30m",
    ),
    sim(
        &["sim", "fault", "list"],
        "List active faults with their ids and remaining time.",
        NO_FLAGS,
        NO_POS,
        "sim fault list -o table",
    )
    .with_globals(),
    sim(
        &["sim", "fault", "clear"],
        "Heal a fault now: one by id, or all of them (--all, or no argument).",
        &[switch("all", "Clear every fault.")],
        &[pos("FAULT_ID", "The id shown by `sim fault list`.").optional()],
        "sim fault clear --all",
    )
    .rules(&[Constraint::AtMostOne(&["FAULT_ID", "all"])]),
    sim(
        &["sim", "probe"],
        "Make a data-plane call (FHIR /metadata, DICOM /health/check) and print the HTTP status and why.",
        &[
            opt("from", "Network the call comes from.")
                .choices(&["private", "public"])
                .default("public"),
            opt("as", "Principal making the call; the current one when omitted.").meta("PRINCIPAL"),
            opt(
                "path",
                "Data path to call (default /metadata or /health/check, which need no data role); e.g. /Patient needs a FHIR data role.",
            )
            .meta("PATH"),
        ],
        &[pos("SERVICE_RESOURCE_ID", "Resource id of a FHIR or DICOM service.")
            .check(Check::ResourceId)],
        "sim probe /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1/fhirservices/fhir1 --from public",
    ),
    // ---- sim mapping (the MedTech mapping debugger) ------------------------------------------
    sim(
        &["sim", "mapping", "test"],
        "Run one device message through a MedTech service's device mapping and its FHIR destination's mapping, as the portal's mapping debugger does: each template and expression with its result (the failing one marked ✗), the normalized measurements, the groups, the Observation that would be written, and what to fix. Changes nothing.",
        &[
            opt("message", "The device message: its JSON body, or the whole event {\"Body\": …, \"Properties\": …, \"SystemProperties\": …}.")
                .meta("JSON"),
            opt("file", "A file holding the message.").meta("FILE"),
            opt("sample", "A built-in message: heartrate, stepcount, heartrate-no-device (a heart rate without its device id). The default when no message is given.")
                .choices(&["heartrate", "stepcount", "heartrate-no-device"])
                .meta("NAME"),
            opt("resource-group", "Resource group, with --workspace-name and --name instead of CONNECTOR_ID.").s(&["-g"]),
            opt("workspace-name", "Workspace of the IoT connector."),
            opt("name", "Name of the IoT connector.").s(&["-n"]),
        ],
        &[pos("CONNECTOR_ID", "Resource id of the IoT connector (or of its FHIR destination).")
            .check(Check::ResourceId)
            .optional()],
        "sim mapping test /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1/iotconnectors/iot1 --message '{\"heartRate\": \"78\", \"endDate\": \"2021-02-01T22:46:01.8750000Z\", \"deviceId\": \"device123\", \"patientId\": \"patient123\"}'",
    )
    .rules(&[Constraint::AtMostOne(&["message", "file", "sample"])]),
    sim(
        &["sim", "undo"],
        "Undo the last command (the session replays its log without it).",
        NO_FLAGS,
        NO_POS,
        "sim undo",
    ),
    sim(
        &["sim", "redo"],
        "Redo the last undone command.",
        NO_FLAGS,
        NO_POS,
        "sim redo",
    ),
    sim(
        &["sim", "status"],
        "Show the virtual time, timing, stage, seed, current principal and subscription, resource count, running operations, role assignments not in effect yet, faults, history steps and trace hash.",
        NO_FLAGS,
        NO_POS,
        "sim status -o yaml",
    )
    .with_globals(),
    // ---- sim device / sim fhir: the MedTech pipeline and the FHIR data plane ----
    sim(
        &["sim", "device", "send"],
        "Send device messages to an IoT connector's event hub; the connector normalizes them and writes Observations to its FHIR destination as virtual time passes (sim advance).",
        &[
            opt("message", "The message body: inline JSON or @file.").check(Check::Json).meta("JSON"),
            opt("file", "A file holding the message body (JSON).").meta("FILE"),
            opt(
                "generator",
                "Built-in device data, deterministic from the seed: heart-rate {heartRate}, blood-pressure {systolic, diastolic}, steps {steps}, spo2 {spo2}; each message also carries deviceId, patientId and endDate (its time).",
            )
            .choices(&["blood-pressure", "heart-rate", "spo2", "steps"]),
            opt("count", "How many messages (at most 10000 a send).")
                .check(Check::IntRange(1, 10_000))
                .default("1")
                .meta("N"),
            opt("every", "Time between messages (90s, 1m, PT5M); the first is sent now.")
                .check(Check::Duration)
                .default("1m")
                .meta("DURATION"),
            opt("device", "The sending device's id (IoT Hub's iothub-connection-device-id; the generators' deviceId).").meta("ID"),
            opt("patient", "The generators' patientId (default patient-<device>).").meta("ID"),
            opt("resource-group", "Resource group, with --workspace-name and --name instead of CONNECTOR_ID.").s(&["-g"]),
            opt("workspace-name", "Workspace of the IoT connector."),
            opt("name", "Name of the IoT connector.").s(&["-n"]),
        ],
        &[pos("CONNECTOR_ID", "Resource id of the IoT connector.")
            .check(Check::ResourceId)
            .optional()],
        "sim device send /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1/iotconnectors/iot1 --generator heart-rate --count 60 --every 1m",
    ),
    sim(
        &["sim", "device", "metrics"],
        "Show an IoT connector's metrics: messages received, normalized, measurements, groups, FHIR resources saved, errors by type, messages waiting and why.",
        &[
            opt("resource-group", "Resource group, with --workspace-name and --name instead of CONNECTOR_ID.").s(&["-g"]),
            opt("workspace-name", "Workspace of the IoT connector."),
            opt("name", "Name of the IoT connector.").s(&["-n"]),
        ],
        &[pos("CONNECTOR_ID", "Resource id of the IoT connector.")
            .check(Check::ResourceId)
            .optional()],
        "sim device metrics /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg1/providers/Microsoft.HealthcareApis/workspaces/ws1/iotconnectors/iot1 -o table",
    )
    .with_globals(),
    sim(
        &["sim", "fhir"],
        "Call a FHIR service's REST API (Patient, Device, Observation: create, read, update, delete, _history, search) as the current principal; prints the status and the body.",
        &[
            opt("body", "The request body: inline JSON or @file.").check(Check::Json).meta("JSON"),
            opt("file", "A file holding the request body (JSON).").meta("FILE"),
            opt(
                "service",
                "The FHIR service: its resource id or URL (https://<workspace>-<service>.fhir.azurehealthcareapis.com); the only one of the session when omitted.",
            )
            .meta("ID_OR_URL"),
            opt("as", "Principal making the call; the current one when omitted.").meta("PRINCIPAL"),
            opt("from", "Network the call comes from.")
                .choices(&["private", "public"])
                .default("public"),
        ],
        &[
            pos("METHOD", "The HTTP method.").choices(&["DELETE", "GET", "POST", "PUT"]),
            pos("PATH", "Path and query below the service URL, e.g. /Observation?subject=Patient/p1."),
        ],
        "sim fhir GET '/Observation?code=http://loinc.org|8867-4&_sort=-date'",
    )
    .with_globals(),
    sim(
        &["sim", "help"],
        "Show help: the command list, one command (`sim help az group create`) or a topic.",
        NO_FLAGS,
        &[pos("TOPIC", "A command path or one of: faults, timing, stages, rules, probes, scenarios, extensions.")
            .rest()],
        "sim help faults",
    ),
    sim(
        &["hcsim", "help"],
        "Show help (same as `sim help`).",
        NO_FLAGS,
        &[pos("TOPIC", "A command path or a topic.").rest()],
        "hcsim help az healthcareapis workspace update",
    ),
];

/// Whether `words` is a proper prefix of at least one command path (a command group such as
/// `az healthcareapis workspace`).
pub fn is_group<S: AsRef<str>>(words: &[S]) -> bool {
    !words.is_empty()
        && COMMANDS.iter().any(|c| {
            c.path.len() > words.len() && c.path.iter().zip(words).all(|(a, b)| *a == b.as_ref())
        })
}

/// The words that may follow `prefix` (sorted, without duplicates): sub-groups and commands.
pub fn next_words<S: AsRef<str>>(prefix: &[S]) -> alloc::vec::Vec<&'static str> {
    let mut out: alloc::vec::Vec<&'static str> = COMMANDS
        .iter()
        .filter(|c| {
            c.path.len() > prefix.len() && c.path.iter().zip(prefix).all(|(a, b)| *a == b.as_ref())
        })
        .map(|c| c.path[prefix.len()])
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}
