//! The shorthand-syntax arguments of the `healthcareapis` extension (`KEY=VALUE …`), mapped
//! onto the request body as the extension's generated actions map them
//! (Azure/azure-cli-extensions `src/healthcareapis/azext_healthcareapis/generated/action.py`,
//! MIT): each known key becomes its camel-case property; list-typed keys (`origins`,
//! `headers`, `methods`) collect every value given; the rest keep the first value. Keys are
//! matched case-insensitively, as the actions compare `k.lower()`.
//!
//! Repeatable arguments (`--access-policies`, `--oci-artifacts`) make one list item per
//! occurrence; the parser hands the values flattened, so an item ends where a key repeats
//! (`object-id=A object-id=B` is two policies, as two `--access-policies` are).
//!
//! Assumption (stated in the help): `true`/`false` for boolean keys become JSON booleans and
//! integer keys become numbers, as the SDK's model types serialise them.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value};

use super::{Failure, Res};

/// How a key's value is typed in the body.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Str,
    Bool,
    Int,
    /// Every value of the key, in order.
    List,
}

/// One key of a shorthand argument: its CLI spelling, its body property, its type.
type Key = (&'static str, &'static str, Kind);

/// `--authentication-configuration` of a FHIR service.
const AUTHENTICATION: &[Key] = &[
    ("authority", "authority", Kind::Str),
    ("audience", "audience", Kind::Str),
    ("smart-proxy-enabled", "smartProxyEnabled", Kind::Bool),
];
/// `--cors-configuration` of a FHIR or DICOM service.
const CORS: &[Key] = &[
    ("origins", "origins", Kind::List),
    ("headers", "headers", Kind::List),
    ("methods", "methods", Kind::List),
    ("max-age", "maxAge", Kind::Int),
    ("allow-credentials", "allowCredentials", Kind::Bool),
];
/// One `--access-policies` item.
const ACCESS_POLICY: &[Key] = &[("object-id", "objectId", Kind::Str)];
/// One `--oci-artifacts` item.
const OCI_ARTIFACT: &[Key] = &[
    ("login-server", "loginServer", Kind::Str),
    ("image-name", "imageName", Kind::Str),
    ("digest", "digest", Kind::Str),
];
/// `--ingestion-endpoint-configuration` of an IoT connector.
const INGESTION: &[Key] = &[
    ("event-hub-name", "eventHubName", Kind::Str),
    ("consumer-group", "consumerGroup", Kind::Str),
    (
        "fully-qualified-event-hub-namespace",
        "fullyQualifiedEventHubNamespace",
        Kind::Str,
    ),
];
/// `--private-link-service-connection-state` of a private endpoint connection.
const CONNECTION_STATE: &[Key] = &[
    ("status", "status", Kind::Str),
    ("description", "description", Kind::Str),
    ("actions-required", "actionsRequired", Kind::Str),
];

/// Which shorthand argument: the flag and its keys.
#[derive(Clone, Copy)]
pub(crate) struct Shorthand {
    flag: &'static str,
    keys: &'static [Key],
}

/// `--authentication-configuration authority=… audience=… smart-proxy-enabled=…`.
pub(crate) const AUTH_ARG: Shorthand = Shorthand {
    flag: "authentication-configuration",
    keys: AUTHENTICATION,
};
/// `--cors-configuration origins=… headers=… methods=… max-age=… allow-credentials=…`.
pub(crate) const CORS_ARG: Shorthand = Shorthand {
    flag: "cors-configuration",
    keys: CORS,
};
/// `--access-policies object-id=…` (repeatable).
pub(crate) const ACCESS_ARG: Shorthand = Shorthand {
    flag: "access-policies",
    keys: ACCESS_POLICY,
};
/// `--oci-artifacts login-server=… image-name=… digest=…` (repeatable).
pub(crate) const OCI_ARG: Shorthand = Shorthand {
    flag: "oci-artifacts",
    keys: OCI_ARTIFACT,
};
/// `--ingestion-endpoint-configuration event-hub-name=… consumer-group=… fully-qualified-event-hub-namespace=…`.
pub(crate) const INGESTION_ARG: Shorthand = Shorthand {
    flag: "ingestion-endpoint-configuration",
    keys: INGESTION,
};
/// `--private-link-service-connection-state status=… description=… actions-required=…`.
pub(crate) const STATE_ARG: Shorthand = Shorthand {
    flag: "private-link-service-connection-state",
    keys: CONNECTION_STATE,
};

impl Shorthand {
    /// The flag's name (without dashes).
    pub(crate) fn flag(self) -> &'static str {
        self.flag
    }

    /// The `KEY=VALUE` pairs of `values`, each key checked against the argument's keys.
    fn pairs<'v>(self, values: &[&'v str]) -> Res<Vec<(Key, &'v str)>> {
        let mut out = Vec::new();
        for v in values {
            for part in v.split(' ').filter(|s| !s.is_empty()) {
                let (k, val) = part.split_once('=').ok_or_else(|| {
                    Failure::usage(
                        "BadArgument",
                        alloc::format!("usage error: --{} [KEY=VALUE ...]", self.flag),
                    )
                })?;
                let key = self
                    .keys
                    .iter()
                    .find(|key| key.0.eq_ignore_ascii_case(k))
                    .ok_or_else(|| self.unknown_key(k))?;
                out.push((*key, val));
            }
        }
        Ok(out)
    }

    fn unknown_key(self, k: &str) -> Failure {
        let valid: Vec<&str> = self.keys.iter().map(|k| k.0).collect();
        Failure::usage(
            "BadArgument",
            alloc::format!(
                "Unsupported Key {} is provided for parameter {}. All possible keys are: {}",
                hcsim_core::id::shorten(k),
                self.flag.replace('-', "_"),
                valid.join(", ")
            ),
        )
    }

    /// The argument as one object (`--cors-configuration …`).
    pub(crate) fn object(self, values: &[&str]) -> Res<Value> {
        let mut m = Map::new();
        for (key, val) in self.pairs(values)? {
            put(&mut m, key, val)?;
        }
        Ok(Value::Object(m))
    }

    /// The argument as a list of objects, one per occurrence (`--access-policies …`).
    pub(crate) fn list(self, values: &[&str]) -> Res<Value> {
        let mut items: Vec<Value> = Vec::new();
        let mut cur = Map::new();
        for (key, val) in self.pairs(values)? {
            if cur.contains_key(key.1) {
                items.push(Value::Object(core::mem::take(&mut cur)));
            }
            put(&mut cur, key, val)?;
        }
        if !cur.is_empty() {
            items.push(Value::Object(cur));
        }
        Ok(Value::Array(items))
    }
}

/// Sets one key in `m` by its kind: lists collect, the others keep the first value.
fn put(m: &mut Map<String, Value>, key: Key, val: &str) -> Res<()> {
    let (cli, prop, kind) = key;
    if kind == Kind::List {
        let e = m
            .entry(prop.to_string())
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(a) = e {
            a.push(Value::String(val.to_string()));
        }
        return Ok(());
    }
    if m.contains_key(prop) {
        return Ok(());
    }
    let typed = match kind {
        Kind::Bool => match val.to_ascii_lowercase().as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return Err(bad_value(cli, val, "true or false")),
        },
        Kind::Int => Value::from(
            val.parse::<i64>()
                .map_err(|_| bad_value(cli, val, "an integer"))?,
        ),
        _ => Value::String(val.to_string()),
    };
    m.insert(prop.to_string(), typed);
    Ok(())
}

fn bad_value(key: &str, val: &str, wanted: &str) -> Failure {
    Failure::usage(
        "InvalidArgumentValue",
        alloc::format!("{key}: '{}' is not {wanted}.", hcsim_core::id::shorten(val)),
    )
}
