//! `az keyvault key delete|recover`: Key Vault soft delete. A deleted key stays recoverable
//! for the vault's retention period (`--retention-days`, 7–90, default 90) and, with purge
//! protection, cannot be purged before; while deleted, a customer-managed key that uses it
//! is unreachable (FHIR/DICOM answer 500) and comes back when it is recovered.
//!
//! These are data-plane calls in Azure; hcsim records the deletion on the key's ARM resource
//! (`properties.deletedDate`) and prints the shapes az prints: a DeletedKey (`deletedDate`,
//! `recoveryId`, `scheduledPurgeDate`) for delete, the key for recover. The 404 code for a
//! key that is not (or no longer) deleted is assumed to be `KeyNotFound`.

use alloc::string::String;
use serde_json::{Value, json};

use hcsim_core::id::ArmPath;
use hcsim_core::time::Millis;
use hcsim_core::{ArmError, RuleId};

use super::{Ctx, Failure, Res, print};
use crate::outcome::Outcome;
use crate::shell::Command;

/// Runs `az keyvault key delete` or `recover` on the key at `id`.
pub(super) fn run(ctx: &mut Ctx<'_>, cmd: &Command, id: &ArmPath, verb: &str) -> Res<Outcome> {
    let path = id.request_path();
    let key = ctx
        .lab
        .world()
        .view(&path)
        .ok_or_else(|| not_found(id.name(), false))?;
    let deleted = key["properties"]["deletedDate"].is_string();
    let now = ctx.lab.world().now();
    match verb {
        "delete" if !deleted => {
            let (days, _) = vault_policy(ctx, id);
            let date = now.to_iso();
            let purge = (now + Millis::hours(24 * days)).to_iso();
            let recovery = recovery_id(&key);
            let body = json!({"properties": {"deletedDate": date, "recoveryId": recovery, "scheduledPurgeDate": purge}});
            let v = ctx.patch_show(id, body, false)?.unwrap_or(Value::Null);
            let mut out = data_plane(ctx, id, &v);
            out["deletedDate"] = json!(date);
            out["recoveryId"] = json!(recovery);
            out["scheduledPurgeDate"] = json!(purge);
            print(cmd, &out)
        }
        "recover" if deleted => {
            let body = json!({"properties": {"deletedDate": null, "recoveryId": null, "scheduledPurgeDate": null}});
            let v = ctx.patch_show(id, body, false)?.unwrap_or(Value::Null);
            print(cmd, &data_plane(ctx, id, &v))
        }
        _ => Err(not_found(id.name(), verb == "recover")),
    }
}

fn not_found(name: &str, deleted: bool) -> Failure {
    let what = if deleted { "deleted key" } else { "key" };
    Failure::Arm(ArmError::new(
        404,
        "KeyNotFound",
        alloc::format!("A {what} with (name/id) {name} was not found in this key vault."),
        RuleId::ResourceMustExist,
    ))
}

/// The vault's soft-delete retention (`softDeleteRetentionInDays`, default 90) and whether
/// purge protection is on.
fn vault_policy(ctx: &Ctx<'_>, key: &ArmPath) -> (u64, bool) {
    let vault = key
        .parent()
        .and_then(|v| ctx.lab.world().view(&v.request_path()))
        .unwrap_or(Value::Null);
    let p = &vault["properties"];
    (
        p["softDeleteRetentionInDays"].as_u64().unwrap_or(90),
        p["enablePurgeProtection"].as_bool() == Some(true),
    )
}

/// The deleted key's data-plane id: the `keyUri` the core stored, in the vault's
/// `deletedkeys` collection instead of `keys` (no name is joined in again here).
fn recovery_id(key: &Value) -> String {
    let uri = key["properties"]["keyUri"].as_str().unwrap_or("");
    uri.replacen("/keys/", "/deletedkeys/", 1)
}

/// The key as the data plane (and so az) shows it: `attributes`, `key` (`kid`, `kty`), tags.
/// `recoveryLevel` is `Recoverable` with purge protection, else `Recoverable+Purgeable`.
fn data_plane(ctx: &Ctx<'_>, id: &ArmPath, v: &Value) -> Value {
    let p = &v["properties"];
    let (days, purge_protected) = vault_policy(ctx, id);
    let level = if purge_protected {
        "Recoverable"
    } else {
        "Recoverable+Purgeable"
    };
    json!({
        "attributes": {
            "enabled": p["attributes"]["enabled"].as_bool().unwrap_or(true),
            "recoverableDays": days,
            "recoveryLevel": level,
        },
        "key": {"kid": p["keyUriWithVersion"], "kty": p["kty"], "n": Value::Null, "e": Value::Null},
        "managed": Value::Null,
        "tags": v.get("tags").cloned().unwrap_or(Value::Null),
    })
}
