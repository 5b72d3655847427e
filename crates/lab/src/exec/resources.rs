//! `az resource list|update` and `az provider unregister`: generic resource commands that
//! send what az sends (LIST `…/resources`, GET then PUT, POST `…/unregister`) and print
//! what az prints.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value, json};

use hcsim_core::id::ArmPath;
use hcsim_core::{Request, ResKind};

use super::{Ctx, Failure, Res, ids, print};
use crate::outcome::Outcome;
use crate::shell::Command;

/// Runs `az resource list|update` and `az provider unregister`.
pub(crate) fn run(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str, path: &[&str]) -> Res<Outcome> {
    match path {
        ["resource", "list"] => list(ctx, cmd, sub),
        ["resource", "update"] => update(ctx, cmd, sub),
        ["provider", "unregister"] => unregister(ctx, cmd, sub),
        _ => Err(Failure::usage(
            "CommandNotFound",
            alloc::format!("'{}' is not supported by hcsim yet.", cmd.path_str()),
        )),
    }
}

/// A resource as `az resource list` prints it (the generic resource shape: no properties).
fn generic_view(v: &Value) -> Value {
    let id = v["id"].as_str().unwrap_or("");
    let group = ArmPath::parse(id)
        .ok()
        .and_then(|p| p.resource_group().map(ToString::to_string));
    let pick = |k: &str| v.get(k).cloned().unwrap_or(Value::Null);
    let time = |p: &str| {
        v.pointer(p)
            .and_then(Value::as_str)
            .map_or(Value::Null, |t| Value::String(python_isoformat(t)))
    };
    json!({
        "changedTime": time("/systemData/lastModifiedAt"),
        "createdTime": time("/systemData/createdAt"),
        "extendedLocation": null,
        "id": id,
        "identity": pick("identity"),
        "kind": pick("kind"),
        "location": pick("location"),
        "managedBy": null,
        "name": pick("name"),
        "plan": null,
        "properties": null,
        "provisioningState": v.pointer("/properties/provisioningState").cloned().unwrap_or(Value::Null),
        "resourceGroup": group,
        "sku": pick("sku"),
        "tags": v.get("tags").cloned().unwrap_or_else(|| json!({})),
        "type": pick("type"),
    })
}

/// An ARM time (`2026-01-01T00:00:00.000Z`) as az prints a datetime member of an SDK model:
/// Python's `datetime.isoformat()` after the SDK parsed it (microseconds, truncated, shown
/// only when not zero; UTC as `+00:00`), e.g. `2026-01-01T00:00:00+00:00` (seen with the real
/// az 2.91 `az resource list` against `hcsim serve`). Text that is not such a time is kept.
fn python_isoformat(arm: &str) -> String {
    let Some(rest) = arm.strip_suffix('Z') else {
        return arm.to_string();
    };
    let (seconds, fraction) = rest.split_once('.').unwrap_or((rest, ""));
    if seconds.len() != 19 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return arm.to_string();
    }
    let mut micros: String = fraction.chars().take(6).collect();
    while micros.len() < 6 {
        micros.push('0');
    }
    if micros == "000000" {
        alloc::format!("{seconds}+00:00")
    } else {
        alloc::format!("{seconds}.{micros}+00:00")
    }
}

/// Whether a listed resource passes az's client-side filters.
fn keep(cmd: &Command, v: &Value) -> bool {
    let ty = v["type"].as_str().unwrap_or("");
    let eq = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    // ARM's resources list holds tracked resources: no groups, and no role assignments or
    // locks (extension resources of their scope).
    if ResKind::of(ty) == ResKind::ResourceGroup
        || ty.is_empty()
        || ty
            .to_ascii_lowercase()
            .starts_with("microsoft.authorization/")
    {
        return false;
    }
    let full_type = match (cmd.get("namespace"), cmd.get("resource-type")) {
        (Some(ns), Some(t)) if !t.contains('/') => Some(alloc::format!("{ns}/{t}")),
        (_, Some(t)) => Some(t.to_string()),
        (Some(ns), None) => {
            if !ty
                .to_lowercase()
                .starts_with(&alloc::format!("{}/", ns.to_lowercase()))
            {
                return false;
            }
            None
        }
        (None, None) => None,
    };
    if full_type.is_some_and(|t| !eq(&t, ty)) {
        return false;
    }
    if cmd
        .get("name")
        .is_some_and(|n| !eq(n, v["name"].as_str().unwrap_or("")))
    {
        return false;
    }
    if let Some(l) = cmd.get("location") {
        let loc = v["location"].as_str().unwrap_or("");
        if hcsim_core::regions::normalize(loc) != hcsim_core::regions::normalize(l) {
            return false;
        }
    }
    if let Some(p) = cmd.get("parent") {
        let id = v["id"].as_str().unwrap_or("").to_lowercase();
        if !id.contains(&alloc::format!("/{}/", p.to_lowercase().trim_matches('/'))) {
            return false;
        }
    }
    if let Some(tag) = cmd.get("tag") {
        let (k, val) = tag.split_once('=').unwrap_or((tag, ""));
        match v["tags"].get(k).and_then(Value::as_str) {
            None => return false,
            Some(actual) if !val.is_empty() && actual != val => return false,
            _ => {}
        }
    }
    true
}

/// `az resource list`: LIST `/subscriptions/{s}[/resourceGroups/{g}]/resources`, then az's
/// filters. A group that does not exist is ARM's 404 `ResourceGroupNotFound`.
fn list(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str) -> Res<Outcome> {
    let scope = match cmd.get("resource-group") {
        Some(rg) => ArmPath::at_subscription(sub).group(ids::check_group(rg)?),
        None => ArmPath::at_subscription(sub),
    };
    let items = ctx.list(&scope.collection("resources"))?;
    let v: Vec<Value> = items
        .iter()
        .filter(|v| keep(cmd, v))
        .map(generic_view)
        .collect();
    print(cmd, &Value::Array(v))
}

/// Parses a `--set`/`--add` value as az does: JSON when it parses, else the string
/// (`--force-string` keeps strings).
fn value_of(cmd: &Command, text: &str) -> Value {
    if cmd.flag("force-string") {
        return Value::String(text.to_string());
    }
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()))
}

/// The object at a dotted path, created as objects on the way (az's `--set a.b.c=v`).
fn slot<'v>(root: &'v mut Value, path: &[&str]) -> Res<&'v mut Value> {
    let mut cur = root;
    for key in path {
        if let Ok(i) = key.parse::<usize>()
            && let Value::Array(a) = cur
        {
            let len = a.len();
            cur = a.get_mut(i).ok_or_else(|| {
                Failure::usage(
                    "InvalidArgumentValue",
                    alloc::format!("index {i} is out of range (the list has {len} items)"),
                )
            })?;
            continue;
        }
        if cur.is_null() {
            *cur = Value::Object(Map::new());
        }
        let Value::Object(m) = cur else {
            return Err(Failure::usage(
                "InvalidArgumentValue",
                alloc::format!(
                    "Couldn't find '{}' in ''. Available options: []",
                    hcsim_core::id::shorten(key)
                ),
            ));
        };
        cur = m.entry(key.to_string()).or_insert(Value::Null);
    }
    Ok(cur)
}

/// Applies `--set`, `--add` and `--remove` to a body, in az's order (set, add, remove).
fn apply_generic_update(cmd: &Command, body: &mut Value) -> Res<()> {
    for item in cmd.get_many("set") {
        let (path, val) = item.split_once('=').ok_or_else(|| {
            Failure::usage("InvalidArgumentValue", "usage error: --set PATH=VALUE")
        })?;
        let keys: Vec<&str> = path.split('.').collect();
        *slot(body, &keys)? = value_of(cmd, val);
    }
    let adds = cmd.get_many("add");
    if let Some((path, vals)) = adds.split_first() {
        let keys: Vec<&str> = path.split('.').collect();
        let target = slot(body, &keys)?;
        if target.is_null() {
            *target = Value::Array(Vec::new());
        }
        let Value::Array(list) = target else {
            return Err(Failure::usage(
                "InvalidArgumentValue",
                alloc::format!("invalid syntax: --add: '{path}' is not a list"),
            ));
        };
        for v in vals {
            list.push(value_of(cmd, v));
        }
    }
    let removes = cmd.get_many("remove");
    if let Some((path, rest)) = removes.split_first() {
        let keys: Vec<&str> = path.split('.').collect();
        remove_at(body, &keys, rest.first().copied())?;
    }
    Ok(())
}

/// `--remove a.b` drops key `b`; `--remove a.list 0` drops the list's first item.
fn remove_at(body: &mut Value, keys: &[&str], index: Option<&str>) -> Res<()> {
    let Some((last, parents)) = keys.split_last() else {
        return Ok(());
    };
    match index {
        Some(i) => {
            let list = slot(body, keys)?;
            let i: usize = i.parse().map_err(|_| {
                Failure::usage(
                    "InvalidArgumentValue",
                    "--remove: the index must be a number",
                )
            })?;
            match list {
                Value::Array(a) if i < a.len() => {
                    a.remove(i);
                    Ok(())
                }
                _ => Err(Failure::usage(
                    "InvalidArgumentValue",
                    alloc::format!("index {i} doesn't exist on {}", keys.join(".")),
                )),
            }
        }
        None => {
            if let Value::Object(m) = slot(body, parents)? {
                m.remove(*last);
            }
            Ok(())
        }
    }
}

/// `az resource update`: GET, apply the generic update, PUT the whole body back (az's
/// generic update), print the result.
fn update(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str) -> Res<Outcome> {
    let targets = match ids::parsed_ids(cmd)? {
        Some(ids) => ids,
        None => alloc::vec![ids::resource_by_names(cmd, sub, "name")?],
    };
    if let Some(t) = targets
        .iter()
        .find(|t| !t.segments.iter().any(|s| s.provider))
    {
        return Err(Failure::usage(
            "InvalidArgumentValue",
            alloc::format!(
                "usage error: --ids: 'az resource update' takes ids of resources under '/providers/', but '{}' is a '{}' id. Use az group update or az account for those.",
                hcsim_core::id::shorten(&t.to_string()),
                t.resource_type()
            ),
        ));
    }
    let mut shown = Vec::new();
    for t in &targets {
        let mut body = ctx.get(t)?;
        apply_generic_update(cmd, &mut body)?;
        let r = ctx.send(Request::put(t.request_path(), body))?;
        ctx.wait(&r, false)?;
        shown.push(
            ctx.lab
                .world()
                .view(&t.request_path())
                .unwrap_or_else(|| r.body.into_value()),
        );
    }
    match shown.len() {
        1 => print(cmd, &shown.remove(0)),
        _ => print(cmd, &Value::Array(shown)),
    }
}

/// `az provider unregister`: POST `…/providers/{ns}/unregister`; az prints nothing.
fn unregister(ctx: &mut Ctx<'_>, cmd: &Command, sub: &str) -> Res<Outcome> {
    let ns = ids::type_word(cmd.require("namespace")?, "--namespace")?;
    let path = ArmPath::at_subscription(sub).provider_collection(ns, "unregister");
    ctx.send(Request::post(path.request_path(), json!({})))?;
    Ok(Outcome::success(String::new()))
}

#[cfg(test)]
mod tests {
    use super::python_isoformat;

    #[test]
    fn arm_times_print_as_python_isoformat() {
        assert_eq!(
            python_isoformat("2026-01-01T00:00:00.000Z"),
            "2026-01-01T00:00:00+00:00"
        );
        assert_eq!(
            python_isoformat("2021-06-08T15:18:41.5338346Z"),
            "2021-06-08T15:18:41.533834+00:00"
        );
        assert_eq!(
            python_isoformat("2021-06-08T15:18:41Z"),
            "2021-06-08T15:18:41+00:00"
        );
        assert_eq!(python_isoformat("yesterday"), "yesterday");
    }
}
