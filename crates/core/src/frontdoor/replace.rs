//! A repeated PUT on an existing resource: what the resource provider keeps (the properties it
//! computes itself, readOnly in the 2024-03-31 spec) and what it will not change in place (the
//! create-only properties, ForceNew in Terraform's schema; azure-facts.md "ForceNew / schema").

use alloc::string::String;
use serde_json::{Map, Value};

use crate::error::ArmError;
use crate::plan::PutPlan;
use crate::resource::{ResKind, Resource};
use crate::rules::RuleId;
use crate::world::World;

/// The properties of `kind` that the service computes (readOnly in the spec): a PUT body
/// cannot set them, so a repeated PUT keeps the stored values rather than wiping them.
fn server_owned(kind: ResKind) -> &'static [&'static str] {
    match kind {
        ResKind::Workspace => &["provisioningState", "privateEndpointConnections"],
        ResKind::Fhir => &[
            "provisioningState",
            "privateEndpointConnections",
            "eventState",
        ],
        ResKind::Dicom => &[
            "provisioningState",
            "serviceUrl",
            "authenticationConfiguration",
            "privateEndpointConnections",
            "eventState",
        ],
        ResKind::KeyVault => &["provisioningState", "vaultUri"],
        ResKind::Key => &["keyUri", "keyUriWithVersion"],
        _ => &["provisioningState"],
    }
}

/// DICOM properties fixed at creation: Terraform marks `storage` and `data_partitions_enabled`
/// ForceNew (it replaces the service), so the service does not change them in place.
const DICOM_CREATE_ONLY: &[&str] = &["storageConfiguration", "enableDataPartitions"];

impl World {
    /// Refuses a PUT that changes a create-only property of an existing resource. A property
    /// the body leaves out keeps its stored value (hcsim's assumption: az and Terraform send
    /// the whole GET body back on update, so an omission is not a change request).
    pub(super) fn check_create_only(&self, plan: &PutPlan) -> Result<(), ArmError> {
        let Some(old) = plan.existing.and_then(|n| self.store.res(n)) else {
            return Ok(());
        };
        if old.kind != ResKind::Dicom {
            return Ok(());
        }
        let old_body = old.body.value();
        let (Some(new), Some(cur)) = (
            plan.body.get("properties").and_then(Value::as_object),
            old_body.get("properties").and_then(Value::as_object),
        ) else {
            return Ok(());
        };
        for key in DICOM_CREATE_ONLY {
            let Some(wanted) = new.get(*key) else {
                continue;
            };
            let stored = cur.get(*key).cloned().unwrap_or(Value::Null);
            let unchanged = *wanted == stored
                || (*key == "enableDataPartitions"
                    && stored.is_null()
                    && *wanted == Value::Bool(false));
            if !unchanged {
                return Err(ArmError::new(
                    400,
                    "BadRequest",
                    alloc::format!(
                        "The property '{key}' of DICOM service '{}' cannot be changed after creation (it is {}). Create a new DICOM service with the value you want and move the data; hcsim assumes the service answers 400 BadRequest here.",
                        old.name, stored
                    ),
                    RuleId::ValidRequest,
                )
                .at(&alloc::format!("properties.{key}")));
            }
        }
        Ok(())
    }

    /// The stored resource after a repeated PUT: the new body's top-level members replace the
    /// old (`properties`, `tags`, `identity` …), `id`/`name`/`type`/`location`/`systemData`/
    /// `etag` stay, the provider's defaults are filled in again, and the server-computed
    /// properties (and create-only ones the body left out) are carried over.
    pub(super) fn replaced(&self, old: &Resource, new_body: Value) -> Resource {
        let mut res = old.clone();
        let old_props = match old.body.at(&["properties"]) {
            Some(Value::Object(m)) => m,
            _ => Map::new(),
        };
        if let (Value::Object(new), Value::Object(cur)) = (new_body, &mut *res.body.edit()) {
            for (k, v) in new {
                if !matches!(
                    k.as_str(),
                    "id" | "name" | "type" | "location" | "systemData" | "etag"
                ) {
                    cur.insert(k, v);
                }
            }
            if !cur.get("properties").is_some_and(Value::is_object) {
                cur.insert("properties".into(), Value::Object(Map::new()));
            }
        }
        let ctx = self.ctx();
        if res.kind.is_healthcare() {
            ctx.decorate_healthcare(&mut res);
        } else {
            ctx.decorate_generic(&mut res);
        }
        let kind = res.kind;
        res.with_properties(|props| {
            let keep = server_owned(kind).iter();
            let create_only = if kind == ResKind::Dicom {
                DICOM_CREATE_ONLY
            } else {
                &[]
            };
            for key in keep {
                if let Some(v) = old_props.get(*key) {
                    props.insert(String::from(*key), v.clone());
                }
            }
            for key in create_only {
                if let (None, Some(v)) = (props.get(*key), old_props.get(*key)) {
                    props.insert(String::from(*key), v.clone());
                }
            }
        });
        res
    }
}
