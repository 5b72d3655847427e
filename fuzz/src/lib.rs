//! Structure-aware inputs for hcsim's fuzz targets (`arbitrary`), and the checks every
//! target shares.
//!
//! Raw bytes rarely get past the tokenizer or the JSON parser; these generators build inputs
//! from the product's own tables (the command grammar, the resource types, the names a
//! lesson uses), mixed with arbitrary text where a learner could type anything, so the
//! fuzzer spends its time deep in the core and the lab.

use arbitrary::{Arbitrary, Result, Unstructured};
use hcsim_core::id::ArmPath;
use hcsim_core::{Method, Request};
use hcsim_lab::shell::COMMANDS;
use hcsim_lab::view::CommandLine;
use serde_json::{Map, Value, json};

/// Names a learner types (and a few that look like paths, quotes or expressions).
const NAMES: &[&str] = &[
    "rg1", "rg2", "ws1", "ws2", "fhir1", "dicom1", "iot1", "dest1", "kv1", "key1", "vnet1",
    "pe1", "keep", "d1", "default", "eastus", "westus2", "westeurope", "alice@contoso.com",
    "bob@contoso.com", "Owner", "Contributor", "Reader", "FHIR Data Reader", "ReadOnly",
    "CanNotDelete", "fhir-R4", "Incremental", "Complete", "Enabled", "Disabled", "10m", "2h",
    "json", "table", "tsv", "yaml", "[0].name", "a/b", "ws1/fhirservices/x", "%2F", "..", "'",
    "\"", "$(x)", "", " ", "\u{1b}[2J", "é", "0", "-1", "true", "@file.json",
    "11111111-1111-1111-1111-111111111111",
];

/// JSON keys the providers read (so generated bodies reach their checks).
const KEYS: &[&str] = &[
    "location", "kind", "properties", "tags", "identity", "type", "name", "sku", "level",
    "roleDefinitionId", "principalId", "publicNetworkAccess", "authenticationConfiguration",
    "authority", "audience", "smartProxyEnabled", "corsConfiguration", "origins",
    "accessPolicies", "objectId", "exportConfiguration", "storageAccountName",
    "encryption", "customerManagedKeyEncryption", "keyEncryptionKeyUrl", "subnet", "id",
    "privateLinkServiceConnections", "manualPrivateLinkServiceConnections",
    "privateLinkServiceId", "groupIds", "privateLinkServiceConnectionState", "status",
    "ingestionEndpointConfiguration", "eventHubName", "consumerGroup",
    "fullyQualifiedEventHubNamespace", "deviceMapping", "content", "templateType", "template",
    "fhirServiceResourceId", "resourceIdentityResolutionType", "fhirMapping",
    "enableSoftDelete", "enablePurgeProtection", "softDeleteRetentionInDays", "tenantId",
    "deletedDate", "subnets", "addressPrefix", "resources", "targetResourceGroup", "mode",
    "parameters", "value", "dependsOn", "copy", "count", "condition", "apiVersion", "outputs",
    "variables", "$schema", "contentVersion", "hcsimSettings", "userAssignedIdentities",
];

/// Resource types of the simulated providers: (namespace, type words below it).
const TYPES: &[(&str, &[&str])] = &[
    ("Microsoft.HealthcareApis", &["workspaces"]),
    ("Microsoft.HealthcareApis", &["workspaces", "fhirservices"]),
    ("Microsoft.HealthcareApis", &["workspaces", "dicomservices"]),
    ("Microsoft.HealthcareApis", &["workspaces", "iotconnectors"]),
    ("Microsoft.HealthcareApis", &["workspaces", "iotconnectors", "fhirdestinations"]),
    ("Microsoft.HealthcareApis", &["workspaces", "privateEndpointConnections"]),
    ("Microsoft.HealthcareApis", &["services"]),
    ("Microsoft.KeyVault", &["vaults"]),
    ("Microsoft.KeyVault", &["vaults", "keys"]),
    ("Microsoft.Network", &["virtualNetworks"]),
    ("Microsoft.Network", &["privateEndpoints"]),
    ("Microsoft.EventHub", &["namespaces"]),
    ("Microsoft.ManagedIdentity", &["userAssignedIdentities"]),
    ("Microsoft.Authorization", &["locks"]),
    ("Microsoft.Authorization", &["roleAssignments"]),
    ("Microsoft.Resources", &["deployments"]),
];

/// Template expressions (functions the engine evaluates, some malformed).
const EXPRESSIONS: &[&str] = &[
    "[parameters('p')]", "[variables('v')]", "[resourceGroup().location]",
    "[concat('ws', '1')]", "[uniqueString(resourceGroup().id)]", "[copyIndex()]",
    "[resourceId('Microsoft.HealthcareApis/workspaces', 'ws1')]", "[reference('ws1')]",
    "[format('{0}-{1}', 'a', 1)]", "[guid('x')]", "[if(true(), 'a', 'b')]", "[[literal]",
    "[", "[concat(", "[parameters('missing')]", "[length(parameters('p'))]",
    "[json('{\"a\":1}')]", "[split('a,b', ',')[5]]", "[add(9223372036854775807, 1)]",
];

/// A short text: from [`NAMES`] mostly, else arbitrary (bounded).
#[derive(Debug)]
pub struct Name(pub String);

impl<'a> Arbitrary<'a> for Name {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        if u.ratio(7, 8)? {
            Ok(Name((*u.choose(NAMES)?).to_string()))
        } else {
            let s: String = u.arbitrary()?;
            Ok(Name(s.chars().take(300).collect()))
        }
    }
}

/// A JSON value with keys from [`KEYS`], bounded in depth and width.
#[derive(Debug)]
pub struct Json(pub Value);

impl Json {
    fn value(u: &mut Unstructured<'_>, depth: u8) -> Result<Value> {
        let pick = if depth == 0 { u.int_in_range(0..=4)? } else { u.int_in_range(0..=6)? };
        Ok(match pick {
            0 => Value::Null,
            1 => Value::Bool(u.arbitrary()?),
            2 => json!(u.arbitrary::<i64>()?),
            3 => Value::String(Name::arbitrary(u)?.0),
            4 => Value::String((*u.choose(EXPRESSIONS)?).to_string()),
            5 => {
                let n = u.int_in_range(0..=4)?;
                Value::Array((0..n).map(|_| Json::value(u, depth - 1)).collect::<Result<_>>()?)
            }
            _ => {
                let mut m = Map::new();
                for _ in 0..u.int_in_range(0..=5)? {
                    let k = if u.ratio(9, 10)? {
                        (*u.choose(KEYS)?).to_string()
                    } else {
                        Name::arbitrary(u)?.0
                    };
                    m.insert(k, Json::value(u, depth - 1)?);
                }
                Value::Object(m)
            }
        })
    }
}

impl<'a> Arbitrary<'a> for Json {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(Json(Json::value(u, 4)?))
    }
}

/// One console line built from the grammar table: a real command, some of its own flags
/// (and global ones) with values, sometimes raw text instead.
#[derive(Debug)]
pub struct Line(pub String);

impl<'a> Arbitrary<'a> for Line {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        if u.ratio(1, 16)? {
            let s: String = u.arbitrary()?;
            return Ok(Line(s.chars().take(2000).collect()));
        }
        let spec = u.choose(COMMANDS)?;
        let mut line = CommandLine::new(&spec.path.join(" "));
        for p in spec.positionals {
            if u.ratio(3, 4)? {
                let _ = p;
                line = line.arg(&Name::arbitrary(u)?.0);
            }
        }
        for _ in 0..u.int_in_range(0..=6)? {
            let Ok(f) = u.choose(spec.flags) else { break };
            let flag = format!("--{}", f.name);
            line = match u.int_in_range(0..=4)? {
                0 => line.flag(&flag),
                1 if !f.choices.is_empty() => line.opt(&flag, u.choose(f.choices)?),
                2 => line.opt(&flag, &Json::arbitrary(u)?.0.to_string()),
                _ => line.opt(&flag, &Name::arbitrary(u)?.0),
            };
        }
        if u.ratio(1, 6)? {
            line = line.opt("--query", &Name::arbitrary(u)?.0);
        }
        if u.ratio(1, 6)? {
            line = line.opt("--output", &Name::arbitrary(u)?.0);
        }
        Ok(Line(line.into_string()))
    }
}

/// One ARM request: a method, an id built from typed segments (or raw text), a body.
#[derive(Debug)]
pub struct ArmRequest(pub Request);

impl<'a> Arbitrary<'a> for ArmRequest {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let method = u.choose(&[
            Method::Get,
            Method::List,
            Method::Put,
            Method::Put,
            Method::Patch,
            Method::Delete,
            Method::Post,
        ])?
        .clone();
        let path = if u.ratio(1, 12)? {
            Name::arbitrary(u)?.0
        } else {
            typed_path(u)?.request_path()
        };
        let mut req = Request::new(method.clone(), path);
        if matches!(method, Method::Put | Method::Patch | Method::Post) {
            req.body = Some(Json::arbitrary(u)?.0);
        }
        if u.ratio(1, 8)? {
            req = req.as_principal(Name::arbitrary(u)?.0);
        }
        Ok(ArmRequest(req))
    }
}

/// An id from the subscription down through one of [`TYPES`], names from [`Name`].
fn typed_path(u: &mut Unstructured<'_>) -> Result<ArmPath> {
    let sub = if u.ratio(15, 16)? {
        "11111111-1111-1111-1111-111111111111".to_string()
    } else {
        Name::arbitrary(u)?.0
    };
    let mut p = ArmPath::at_subscription(&sub);
    if u.ratio(1, 10)? {
        return Ok(p);
    }
    p = p.group(&Name::arbitrary(u)?.0);
    if u.ratio(1, 6)? {
        return Ok(if u.arbitrary()? { p.collection("moveResources") } else { p });
    }
    let (ns, words) = u.choose(TYPES)?;
    p = p.provider(ns, words[0], &Name::arbitrary(u)?.0);
    for w in &words[1..] {
        p = p.child(w, &Name::arbitrary(u)?.0);
    }
    Ok(p)
}

/// An ARM template: resources of the simulated types with names, locations, dependencies,
/// conditions, copy loops and expressions; parameters and variables.
#[derive(Debug)]
pub struct Template(pub Value);

impl<'a> Arbitrary<'a> for Template {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut resources = Vec::new();
        for _ in 0..u.int_in_range(0..=6)? {
            let (ns, words) = u.choose(TYPES)?;
            let ty = std::iter::once(*ns).chain(words.iter().copied()).collect::<Vec<_>>().join("/");
            let name: Vec<String> = (0..words.len())
                .map(|_| Name::arbitrary(u).map(|n| n.0))
                .collect::<Result<_>>()?;
            let mut r = json!({
                "type": ty,
                "apiVersion": *u.choose(&["2024-03-31", "2023-11-01", "2021-04-01", "1999-01-01"])?,
                "name": name.join("/"),
            });
            for key in ["location", "kind", "properties", "dependsOn", "condition", "copy", "tags"] {
                if u.ratio(1, 2)? {
                    r[key] = Json::arbitrary(u)?.0;
                }
            }
            resources.push(r);
        }
        let mut t = json!({
            "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            "contentVersion": "1.0.0.0",
            "resources": resources,
        });
        for key in ["parameters", "variables", "outputs"] {
            if u.ratio(1, 2)? {
                t[key] = Json::arbitrary(u)?.0;
            }
        }
        Ok(Template(t))
    }
}

pub use hcsim_tests::fuzzing::{check_round_trip, world_with_group};
