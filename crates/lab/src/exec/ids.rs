//! Binding flags to typed ids: every path an `az` command sends is built here, from its own
//! name flags or from its `--ids`, through [`ArmPath`]'s builder, never by splicing text.
//!
//! Two things make user text harmless, as in the real CLI:
//! - a name is one percent-encoded segment of the request path (az quotes every path
//!   parameter with `urllib.parse.quote(value, safe='')`), so `ws1/fhirservices/x` is a
//!   workspace *name* that the core then refuses (rule `name-format`);
//! - `--ids` must name a resource of the command's own type, else the command stops with a
//!   usage error before sending anything.
//!
//! Client-side validation follows the SDK (msrest): the resource group pattern and the
//! healthcareapis name lengths, with the SDK's message text.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use hcsim_core::id::{ArmPath, build, check_type_word, shorten};

use super::{Failure, Res};
use crate::shell::Command;

/// The healthcareapis namespace.
pub(crate) const HC_NS: &str = "Microsoft.HealthcareApis";

/// The SDK's client-side validation failed: az prints its message; the rule is `name-format`.
pub(crate) fn validation(message: impl Into<String>) -> Failure {
    Failure::Validation {
        message: message.into(),
        rule: hcsim_core::RuleId::NameFormat,
    }
}
/// The usage-error code of a bad argument value (az's `InvalidArgumentValueError`).
const INVALID: &str = "InvalidArgumentValue";

/// The SDK's check of `resource_group_name`: 1–90 characters matching `^[-\w\._\(\)]+$`.
pub(crate) fn check_group(name: &str) -> Res<&str> {
    let n = name.chars().count();
    if n > 90 {
        return Err(validation(
            "Parameter 'resource_group_name' must have length less than or equal to 90.",
        ));
    }
    let ok = n >= 1
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '(' | ')'));
    if !ok {
        return Err(validation(
            "Parameter 'resource_group_name' must conform to the following pattern: '^[-\\w\\._\\(\\)]+$'.",
        ));
    }
    Ok(name)
}

/// The healthcareapis SDK's check of a name path parameter (`workspace_name`,
/// `fhir_service_name`, …): 3 to 24 characters. The character rule is the service's (the
/// core answers it with rule `name-format`).
pub(crate) fn check_hc_name<'a>(name: &'a str, param: &str) -> Res<&'a str> {
    let n = name.chars().count();
    let bound = if n < 3 {
        "greater than or equal to 3"
    } else if n > 24 {
        "less than or equal to 24"
    } else {
        return Ok(name);
    };
    Err(validation(alloc::format!(
        "Parameter '{param}' must have length {bound}."
    )))
}

/// `--resource-group` (or the named flag), checked.
pub(crate) fn group_flag<'c>(cmd: &'c Command, flag: &str) -> Res<&'c str> {
    check_group(cmd.require(flag)?)
}

/// `/subscriptions/{sub}/resourceGroups/{-g}`.
pub(crate) fn group_path(sub: &str, cmd: &Command) -> Res<ArmPath> {
    Ok(ArmPath::at_subscription(sub).group(group_flag(cmd, "resource-group")?))
}

/// A healthcareapis resource type an az command works on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Hc {
    /// `az healthcareapis workspace …`.
    Workspace,
    /// A workspace child: its type word and the SDK's name parameter.
    Child(&'static str, &'static str),
    /// `az healthcareapis workspace iot-connector fhir-destination …`.
    Destination,
}

impl Hc {
    /// The full ARM type, as `--ids` must name it.
    pub(crate) fn arm_type(self) -> String {
        match self {
            Hc::Workspace => alloc::format!("{HC_NS}/workspaces"),
            Hc::Child(t, _) => alloc::format!("{HC_NS}/workspaces/{t}"),
            Hc::Destination => alloc::format!("{HC_NS}/workspaces/iotconnectors/fhirdestinations"),
        }
    }

    /// The name flags, from the workspace down (the resource group comes first).
    fn name_flags(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Hc::Workspace => &[("name", "workspace_name")],
            Hc::Child(_, _) => &[("workspace-name", "workspace_name"), ("name", "")],
            Hc::Destination => &[
                ("workspace-name", "workspace_name"),
                ("iot-connector-name", "iot_connector_name"),
                ("fhir-destination-name", "fhir_destination_name"),
            ],
        }
    }

    /// The SDK parameter of the level's own name.
    fn param(self, depth: usize) -> &'static str {
        match (self, depth) {
            (Hc::Child(_, p), 1) => p,
            _ => self.name_flags().get(depth).map_or("name", |f| f.1),
        }
    }

    /// The path of this type from a resource group and names (workspace first), checked.
    fn build(self, sub: &str, group: &str, names: &[&str]) -> Res<ArmPath> {
        check_group(group)?;
        for (depth, n) in names.iter().enumerate() {
            check_hc_name(n, self.param(depth))?;
        }
        let ws = names.first().copied().unwrap_or_default();
        let p = build::workspace_path(sub, group, ws);
        Ok(match (self, names) {
            (Hc::Workspace, _) => p,
            (Hc::Child(t, _), [_, n]) => p.child(t, n),
            (Hc::Destination, [_, iot, d]) => {
                p.child("iotconnectors", iot).child("fhirdestinations", d)
            }
            _ => return Err(Failure::usage(INVALID, "the resource id has too few names")),
        })
    }

    /// The one resource the name flags name.
    pub(crate) fn by_names(self, cmd: &Command, sub: &str) -> Res<ArmPath> {
        let group = group_flag(cmd, "resource-group")?;
        let mut names = Vec::new();
        for (flag, _) in self.name_flags() {
            names.push(cmd.require(flag)?);
        }
        self.build(sub, group, &names)
    }

    /// The parent collection of this type under the name flags (for `list`).
    pub(crate) fn collection(self, cmd: &Command, sub: &str) -> Res<ArmPath> {
        let group = group_flag(cmd, "resource-group")?;
        let flags = self.name_flags();
        let mut names = Vec::new();
        for (flag, _) in &flags[..flags.len() - 1] {
            names.push(cmd.require(flag)?);
        }
        let parent = match self {
            Hc::Workspace => {
                return Ok(ArmPath::at_subscription(sub)
                    .group(group)
                    .provider_collection(HC_NS, "workspaces"));
            }
            Hc::Child(..) => Hc::Workspace.build(sub, group, &names)?,
            Hc::Destination => {
                Hc::Child("iotconnectors", "iot_connector_name").build(sub, group, &names)?
            }
        };
        Ok(parent.collection(match self {
            Hc::Child(t, _) => t,
            _ => "fhirdestinations",
        }))
    }

    /// The resources a show/delete/update works on: each `--ids` (checked to be of this
    /// type, its names checked as the SDK would), or the one the name flags name.
    pub(crate) fn targets(self, cmd: &Command, sub: &str) -> Res<Vec<ArmPath>> {
        let Some(ids) = ids_of_type(cmd, &self.arm_type())? else {
            return Ok(alloc::vec![self.by_names(cmd, sub)?]);
        };
        ids.iter()
            .map(|p| {
                let group = p.resource_group().ok_or_else(|| not_in_group(p))?;
                let names: Vec<&str> = p.segments.iter().skip(2).map(|s| s.name.as_str()).collect();
                if names.len() != self.name_flags().len() {
                    return Err(wrong_type(p, &self.arm_type()));
                }
                self.build(p.subscription(), group, &names)
            })
            .collect()
    }
}

/// The `--ids` of a command, each parsed and checked to name one resource of `expected`
/// type (case-insensitive, as ARM compares types); `None` when `--ids` is not given.
pub(crate) fn ids_of_type(cmd: &Command, expected: &str) -> Res<Option<Vec<ArmPath>>> {
    let Some(ids) = parsed_ids(cmd)? else {
        return Ok(None);
    };
    for p in &ids {
        if !p.resource_type().eq_ignore_ascii_case(expected) {
            return Err(wrong_type(p, expected));
        }
    }
    Ok(Some(ids))
}

/// The `--ids`, each parsed and naming one resource (not a collection); `None` without it.
pub(crate) fn parsed_ids(cmd: &Command) -> Res<Option<Vec<ArmPath>>> {
    if !cmd.has("ids") {
        return Ok(None);
    }
    let mut out = Vec::new();
    for id in cmd.get_many("ids") {
        let p = ArmPath::parse(id)
            .map_err(|e| Failure::usage(INVALID, alloc::format!("--ids: {e}")))?;
        if !p.is_resource() || p.segments.len() < 2 {
            return Err(Failure::usage(
                INVALID,
                alloc::format!(
                    "--ids: '{}' names a collection or a subscription, not a resource.",
                    shorten(id)
                ),
            ));
        }
        out.push(p);
    }
    Ok(Some(out))
}

fn wrong_type(p: &ArmPath, expected: &str) -> Failure {
    Failure::usage(
        INVALID,
        alloc::format!(
            "usage error: --ids: this command takes '{expected}' ids, but '{}' is a '{}' id. Nothing was sent.",
            shorten(&p.to_string()),
            p.resource_type()
        ),
    )
}

fn not_in_group(p: &ArmPath) -> Failure {
    Failure::usage(
        INVALID,
        alloc::format!(
            "usage error: --ids: '{}' is not inside a resource group.",
            shorten(&p.to_string())
        ),
    )
}

/// A type word from the user (`--namespace`, `--resource-type`, a `--parent` type), checked.
pub(crate) fn type_word<'a>(word: &'a str, flag: &str) -> Res<&'a str> {
    check_type_word(word)
        .map(|()| word)
        .map_err(|e| Failure::usage(INVALID, alloc::format!("{flag}: {e}")))
}

/// A resource in a group named by az's generic flags (`az resource`, `az lock --resource`):
/// `--namespace` and `--resource-type` (or `--resource-type NS/type`), an optional
/// `--parent type/name[/type/name…]`, and the name in `name_flag`.
pub(crate) fn resource_by_names(cmd: &Command, sub: &str, name_flag: &str) -> Res<ArmPath> {
    let name = cmd.require(name_flag)?;
    let group = cmd.get("resource-group").ok_or_else(|| {
        Failure::usage(
            "MissingArgument",
            alloc::format!("usage error: --resource-group is required with --{name_flag} NAME (or give the resource's full id)"),
        )
    })?;
    let group = check_group(group)?;
    let raw_type = cmd.require("resource-type")?;
    let (ns, ty) = match cmd.get("namespace") {
        Some(ns) => (ns, raw_type),
        None => raw_type.split_once('/').ok_or_else(|| {
            Failure::usage(
                INVALID,
                "--resource-type: give 'Namespace/type' or use --namespace",
            )
        })?,
    };
    let ns = type_word(ns, "--namespace")?;
    let ty = type_word(ty, "--resource-type")?;
    let parent: Vec<&str> = cmd
        .get("parent")
        .map(|p| p.split('/').collect())
        .unwrap_or_default();
    if !parent.len().is_multiple_of(2) || parent.iter().any(|p| p.is_empty()) {
        return Err(Failure::usage(
            INVALID,
            "--parent: give the parent path as type/name pairs, e.g. 'workspaces/ws1'",
        ));
    }
    let mut path = ArmPath::at_subscription(sub).group(group);
    for (i, pair) in parent.chunks(2).enumerate() {
        let t = type_word(pair[0], "--parent")?;
        path = if i == 0 {
            path.provider(ns, t, pair[1])
        } else {
            path.child(t, pair[1])
        };
    }
    Ok(if parent.is_empty() {
        path.provider(ns, ty, name)
    } else {
        path.child(ty, name)
    })
}

/// A scope given as text (`--scope`, a lock's `--resource ID`): parsed, and a resource or a
/// subscription, never a collection.
pub(crate) fn scope_text(text: &str, flag: &str) -> Res<ArmPath> {
    // az sends `/{scope}/providers/…`, so a scope written without its leading slash
    // (`subscriptions/…`, as Learn's role-assignment scripts write it) names the same scope.
    let rooted;
    let text = if text
        .get(..14)
        .is_some_and(|s| s.eq_ignore_ascii_case("subscriptions/"))
    {
        rooted = alloc::format!("/{text}");
        rooted.as_str()
    } else {
        text
    };
    let p =
        ArmPath::parse(text).map_err(|e| Failure::usage(INVALID, alloc::format!("{flag}: {e}")))?;
    if !p.is_resource() || p.segments.is_empty() {
        return Err(Failure::usage(
            INVALID,
            alloc::format!(
                "{flag}: '{}' names a collection, not a scope.",
                shorten(text)
            ),
        ));
    }
    Ok(p)
}
