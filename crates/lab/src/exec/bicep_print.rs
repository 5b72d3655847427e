//! The ARM JSON `az bicep build` writes, in Bicep's member order (`$schema`,
//! `contentVersion`, `metadata`, `parameters`, `variables`, `resources`, `outputs`; a
//! resource's `condition`, `copy`, `type`, `apiVersion`, `name` … `dependsOn`), two-space
//! indented. The values are those the compiler made; only the order differs from serde's
//! sorted maps (a body keeps sorted keys: hcsim does not keep the source order).

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value};

const TOP: &[&str] = &[
    "$schema",
    "languageVersion",
    "contentVersion",
    "metadata",
    "parameters",
    "functions",
    "variables",
    "resources",
    "outputs",
];
const RESOURCE: &[&str] = &[
    "condition",
    "copy",
    "type",
    "apiVersion",
    "name",
    "scope",
    "subscriptionId",
    "resourceGroup",
    "location",
    "zones",
    "sku",
    "kind",
    "tags",
    "identity",
    "properties",
    "dependsOn",
    "metadata",
];
const DEFINITION: &[&str] = &[
    "type",
    "nullable",
    "defaultValue",
    "allowedValues",
    "minValue",
    "maxValue",
    "minLength",
    "maxLength",
    "condition",
    "copy",
    "value",
    "metadata",
];
const GENERATOR: &[&str] = &["name", "version", "templateHash"];

/// Which order the members of an object take, by where it is.
#[derive(Clone, Copy)]
enum Place {
    Template,
    Resource,
    Definitions,
    Definition,
    Other,
}

/// The template as `bicep build` prints it.
pub(crate) fn template(v: &Value) -> String {
    let mut out = String::new();
    write(v, Place::Template, 0, &mut out);
    out
}

fn ordered<'m>(m: &'m Map<String, Value>, first: &[&str]) -> Vec<(&'m String, &'m Value)> {
    let mut out: Vec<(&String, &Value)> =
        first.iter().filter_map(|k| m.get_key_value(*k)).collect();
    out.extend(m.iter().filter(|(k, _)| !first.contains(&k.as_str())));
    out
}

fn child_place(place: Place, key: &str) -> Place {
    match (place, key) {
        (Place::Template, "parameters" | "outputs") => Place::Definitions,
        (Place::Definitions, _) => Place::Definition,
        _ => Place::Other,
    }
}

fn write(v: &Value, place: Place, depth: usize, out: &mut String) {
    let pad = |d: usize| "  ".repeat(d);
    match v {
        Value::Object(m) if m.is_empty() => out.push_str("{}"),
        Value::Object(m) => {
            let first: &[&str] = match place {
                Place::Template => TOP,
                Place::Resource => RESOURCE,
                Place::Definition => DEFINITION,
                _ if m.contains_key("templateHash") => GENERATOR,
                _ => &[],
            };
            out.push_str("{\n");
            let members = ordered(m, first);
            for (i, (k, item)) in members.iter().enumerate() {
                out.push_str(&pad(depth + 1));
                out.push_str(&Value::String((*k).clone()).to_string());
                out.push_str(": ");
                let inner = child_place(place, k);
                if matches!(place, Place::Template) && k.as_str() == "resources" {
                    write_resources(item, depth + 1, out);
                } else if k.as_str() == "template" && !matches!(place, Place::Template) {
                    write(item, Place::Template, depth + 1, out);
                } else {
                    write(item, inner, depth + 1, out);
                }
                out.push_str(if i + 1 < members.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(depth));
            out.push('}');
        }
        Value::Array(a) if a.is_empty() => out.push_str("[]"),
        Value::Array(a) => {
            out.push_str("[\n");
            for (i, item) in a.iter().enumerate() {
                out.push_str(&pad(depth + 1));
                write(item, Place::Other, depth + 1, out);
                out.push_str(if i + 1 < a.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(depth));
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

fn write_resources(v: &Value, depth: usize, out: &mut String) {
    let Value::Array(a) = v else {
        write(v, Place::Other, depth, out);
        return;
    };
    if a.is_empty() {
        out.push_str("[]");
        return;
    }
    out.push_str("[\n");
    for (i, item) in a.iter().enumerate() {
        out.push_str(&"  ".repeat(depth + 1));
        write(item, Place::Resource, depth + 1, out);
        out.push_str(if i + 1 < a.len() { ",\n" } else { "\n" });
    }
    out.push_str(&"  ".repeat(depth));
    out.push(']');
}

#[cfg(test)]
mod tests {
    use super::template;
    use serde_json::{Value, json};

    #[test]
    fn members_follow_bicep_order_and_the_json_is_the_same() {
        let t = json!({
            "resources": [{"name": "n", "type": "T/x", "apiVersion": "1", "dependsOn": [], "condition": true,
                "properties": {"template": {"resources": [], "$schema": "s", "contentVersion": "1"}}}],
            "parameters": {"p": {"metadata": {}, "type": "string", "defaultValue": "d"}},
            "contentVersion": "1.0.0.0",
            "$schema": "s"
        });
        let text = template(&t);
        let at = |k: &str| text.find(k).unwrap_or(usize::MAX);
        assert!(
            at("\"$schema\"") < at("\"contentVersion\"")
                && at("\"parameters\"") < at("\"resources\"")
        );
        assert!(
            at("\"condition\"") < at("\"type\": \"T/x\"")
                && at("\"type\": \"T/x\"") < at("\"name\"")
        );
        assert!(at("\"type\": \"string\"") < at("\"defaultValue\""));
        let back: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        assert_eq!(back, t);
    }
}
