//! What a deployment command reads: template text, merged parameters, group and name.

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use serde_json::{Map, Value};

use crate::exec::{Ctx, Failure, Res};
use crate::shell::Command;
use crate::template::Scope;
use crate::template::limits::MAX_TEMPLATE_BYTES;

/// Everything a deployment request (create, what-if, validate) carries.
pub(crate) struct DeployInput {
    /// The template text.
    pub template: String,
    /// Parameter values, `{"name": {"value": v}}`, merged in command order.
    pub parameters: Value,
    /// The target resource group, as typed.
    pub resource_group: String,
    /// The deployment name.
    pub name: String,
}

impl DeployInput {
    /// The request body az sends: `{"properties": {"template", "parameters", "mode"}}`.
    ///
    /// az parses the template file before sending it; a file that is not a JSON object (or
    /// is larger than ARM accepts) gets the template engine's own error here, as it would
    /// from ARM.
    pub fn request_body(&self, cmd: &Command) -> Res<Value> {
        let parsed = (self.template.len() <= MAX_TEMPLATE_BYTES)
            .then(|| serde_json::from_str::<Value>(&self.template).ok())
            .flatten()
            .filter(Value::is_object);
        let Some(template) = parsed else {
            let scope = Scope {
                tenant_id: String::new(),
                subscription_id: String::new(),
                subscription_name: String::new(),
                resource_group: self.resource_group.clone(),
                resource_group_location: String::new(),
                deployment_name: self.name.clone(),
            };
            return Err(
                match crate::template::plan(&self.template, &self.parameters, &scope) {
                    Err(e) => super::template_failure(&e),
                    Ok(_) => Failure::usage(
                        "InvalidTemplate",
                        "--template-file: the template must be a JSON object.",
                    ),
                },
            );
        };
        let mode = match cmd.get("mode") {
            Some(m) if m.eq_ignore_ascii_case("complete") => "Complete",
            _ => "Incremental",
        };
        Ok(serde_json::json!({"properties": {
            "template": template,
            "parameters": self.parameters,
            "mode": mode,
        }}))
    }
}

/// Reads the group, template, parameters and name of a `create`/`what-if`/`validate` command.
pub(crate) fn gather(ctx: &Ctx<'_>, cmd: &Command, _sub: &str) -> Res<DeployInput> {
    let rg = cmd.require("resource-group")?;
    // `--template-uri`: the quickstart templates hcsim carries (offline), else a clear error.
    let (file, template) = match cmd.get("template-uri") {
        Some(uri) => {
            let path = uri.split(['?', '#']).next().unwrap_or(uri);
            let text = crate::exec::quickstarts::template_for(uri)
                .map_err(|e| Failure::usage("TemplateUriOffline", e))?;
            (path.to_string(), text.to_string())
        }
        None => {
            let file = template_file(ctx, cmd)?;
            let text = ctx.lab.read_file(&file).map_err(|e| {
                Failure::usage("FileNotFound", alloc::format!("--template-file: {e}"))
            })?;
            (file, text)
        }
    };
    // az builds a `.bicep` file first (by its extension) and sends the ARM JSON.
    let template = if crate::exec::bicep::is_bicep(&file) {
        let t = crate::exec::bicep::compile(ctx.lab, &file, &template)?;
        crate::exec::bicep::check_group_scope(&t)?;
        serde_json::to_string(&t).unwrap_or_default()
    } else {
        template
    };
    let name = match cmd.get("name") {
        Some(n) => n.to_string(),
        None => stem(&file),
    };
    let parameters = merge_parameters(ctx, cmd, &template)?;
    Ok(DeployInput {
        template,
        parameters,
        resource_group: rg.to_string(),
        name,
    })
}

/// The template file: `--template-file`, else the `using` of a `.bicepparam` parameters
/// file (az's rule: with both, they must name the same file).
fn template_file(ctx: &Ctx<'_>, cmd: &Command) -> Res<String> {
    let using = match cmd
        .get_many("parameters")
        .into_iter()
        .map(str::trim)
        .find(|p| crate::exec::bicep::is_bicepparam(p))
    {
        Some(p) => crate::exec::bicep::params(ctx.lab, p)?.0,
        None => None,
    };
    match (cmd.get("template-file"), using) {
        (Some(f), Some(u)) if !same_file(f, &u) => Err(Failure::usage(
            "InvalidArgumentValue",
            alloc::format!(
                "Unable to use parameter file: the template file '{f}' does not match the 'using' declaration of the .bicepparam file ('{u}')."
            ),
        )),
        (Some(f), _) => Ok(f.to_string()),
        (None, Some(u)) => Ok(u),
        (None, None) => Err(Failure::usage(
            "MissingArgument",
            "usage error: --template-file/-f | --template-uri/-u is required",
        )),
    }
}

/// Two spellings of one path (`./main.bicep` and `main.bicep`).
fn same_file(a: &str, b: &str) -> bool {
    let norm = |p: &str| p.trim_start_matches("./").replace('\\', "/");
    norm(a) == norm(b)
}

/// az's default deployment name: the template file name without its directory and last
/// extension (`templates/main.json` → `main`).
pub(crate) fn stem(path: &str) -> String {
    let base = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let s = match base.rsplit_once('.') {
        Some((s, _)) if !s.is_empty() => s,
        _ => base,
    };
    s.to_string()
}

/// Declared parameter types of the template (lowercased name → lowercased type), read
/// leniently: a template that does not parse yields none (the planner reports it).
pub(crate) fn declared_types(template: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if template.len() > MAX_TEMPLATE_BYTES {
        return out;
    }
    let Ok(Value::Object(root)) = serde_json::from_str::<Value>(template) else {
        return out;
    };
    if let Some(Value::Object(params)) = root.get("parameters") {
        for (k, def) in params {
            if let Some(t) = def.get("type").and_then(Value::as_str) {
                out.insert(k.to_ascii_lowercase(), t.to_ascii_lowercase());
            }
        }
    }
    out
}

/// A `k=v` value typed as the template declares `k` (az does the same): strings stay
/// strings, other types are read as JSON when they parse.
fn typed_value(ty: Option<&str>, raw: &str) -> Value {
    match ty {
        Some("string" | "securestring") | None => Value::String(raw.to_string()),
        Some("bool") if raw.eq_ignore_ascii_case("true") => Value::Bool(true),
        Some("bool") if raw.eq_ignore_ascii_case("false") => Value::Bool(false),
        _ => serde_json::from_str(raw).unwrap_or_else(|_| Value::String(raw.to_string())),
    }
}

/// Inserts one supplied value, replacing an earlier one whose name differs only in case.
fn put(out: &mut Map<String, Value>, name: &str, wrapper: Value) {
    let existing: Option<String> = out.keys().find(|k| k.eq_ignore_ascii_case(name)).cloned();
    if let Some(k) = existing {
        out.remove(&k);
    }
    out.insert(name.to_string(), wrapper);
}

/// Merges a JSON parameters document (a parameters file, `{"p": {"value": v}}` or
/// `{"p": v}`) into `out`.
fn merge_document(out: &mut Map<String, Value>, doc: Value, what: &str) -> Res<()> {
    let Value::Object(obj) = doc else {
        return Err(Failure::usage(
            "InvalidParameters",
            alloc::format!("{what}: the parameters must be a JSON object."),
        ));
    };
    let obj = if obj.contains_key("$schema") || obj.contains_key("contentVersion") {
        match obj.get("parameters") {
            Some(Value::Object(p)) => p.clone(),
            None => Map::new(),
            Some(_) => {
                return Err(Failure::usage(
                    "InvalidParameters",
                    alloc::format!("{what}: 'parameters' must be an object."),
                ));
            }
        }
    } else {
        obj
    };
    for (k, v) in obj {
        let wrapper = match &v {
            Value::Object(m)
                if (m.contains_key("value")
                    && m.keys().all(|x| x == "value" || x == "metadata"))
                    || (m.contains_key("reference") && m.len() == 1) =>
            {
                v
            }
            _ => {
                let mut m = Map::new();
                m.insert("value".into(), v);
                Value::Object(m)
            }
        };
        put(out, &k, wrapper);
    }
    Ok(())
}

/// Merges every `--parameters` value in order: `@file.json`, inline JSON, or `k=v`.
pub(crate) fn merge_parameters(ctx: &Ctx<'_>, cmd: &Command, template: &str) -> Res<Value> {
    let mut out = Map::new();
    let mut types: Option<BTreeMap<String, String>> = None;
    for raw in cmd.get_many("parameters") {
        let text = raw.trim();
        if text.is_empty() {
            continue;
        }
        if crate::exec::bicep::is_bicepparam(text) {
            let (_, doc) = crate::exec::bicep::params(ctx.lab, text)?;
            merge_document(&mut out, doc, &alloc::format!("--parameters {text}"))?;
            continue;
        }
        if text.starts_with('@') || text.starts_with('{') {
            let doc = ctx.json_arg(text, "--parameters")?;
            merge_document(&mut out, doc, &alloc::format!("--parameters {text}"))?;
            continue;
        }
        let Some((k, v)) = text.split_once('=') else {
            return Err(Failure::usage(
                "InvalidParameters",
                alloc::format!(
                    "--parameters: expected KEY=VALUE, @file.json or a JSON object, got '{}'.",
                    hcsim_core::id::shorten(text)
                ),
            ));
        };
        let k = k.trim();
        if k.is_empty() {
            return Err(Failure::usage(
                "InvalidParameters",
                "--parameters: a KEY=VALUE pair has an empty key.",
            ));
        }
        let types = types.get_or_insert_with(|| declared_types(template));
        let ty = types.get(&k.to_ascii_lowercase()).map(String::as_str);
        let value = match v.strip_prefix('@') {
            // `k=@file`: the value is the file's JSON (or text for a string parameter).
            Some(path) if !path.is_empty() => {
                let body = ctx.lab.read_file(path).map_err(|e| {
                    Failure::usage("FileNotFound", alloc::format!("--parameters {k}: {e}"))
                })?;
                typed_value(ty, body.trim())
            }
            _ => typed_value(ty, v),
        };
        let mut m = Map::new();
        m.insert("value".into(), value);
        put(&mut out, k, Value::Object(m));
    }
    Ok(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_like_az() {
        assert_eq!(stem("main.json"), "main");
        assert_eq!(stem("dir/iot.azuredeploy.json"), "iot.azuredeploy");
        assert_eq!(stem("noext"), "noext");
    }

    #[test]
    fn types_values_by_declaration() {
        assert_eq!(typed_value(Some("int"), "3"), Value::from(3));
        assert_eq!(typed_value(Some("string"), "3"), Value::from("3"));
        assert_eq!(typed_value(Some("bool"), "True"), Value::Bool(true));
        assert_eq!(typed_value(None, "{}"), Value::from("{}"));
    }
}
