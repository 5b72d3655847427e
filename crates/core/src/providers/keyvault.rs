//! The Key Vault index: vault names are global (`https://{name}.vault.azure.net`), so a vault
//! is found by name from a key URL, and a second vault of the same name is refused; and a
//! soft-deleted key's name, which stays taken until the key is recovered.

use alloc::collections::BTreeMap;
use alloc::string::String;

/// Vault ids by lower-cased vault name.
///
/// Invariant: holds exactly the vaults in the store (kept in step by the front door's
/// bookkeeping as vaults come and go).
#[derive(Clone, Debug, Default)]
pub struct VaultIndex {
    vaults: BTreeMap<String, String>,
}

impl VaultIndex {
    /// The id of the vault named `name_lower`.
    pub fn get(&self, name_lower: &str) -> Option<&String> {
        self.vaults.get(name_lower)
    }

    /// Records a vault (`present`) or forgets it.
    pub fn track(&mut self, name_lower: String, id: &str, present: bool) {
        if present {
            self.vaults.insert(name_lower, id.into());
        } else {
            self.vaults.remove(&name_lower);
        }
    }
}

impl crate::providers::Ctx<'_> {
    /// A soft-deleted key keeps its name until it is recovered or purged: creating a key of
    /// that name again is a conflict (Key Vault's 409, inner code
    /// `ObjectIsDeletedButRecoverable`).
    pub(crate) fn refuse_deleted_key(
        &self,
        plan: &crate::plan::PutPlan,
    ) -> Result<(), crate::error::ArmError> {
        let deleted = plan
            .existing
            .and_then(|n| self.store.res(n))
            .is_some_and(|r| r.body.str_at(&["properties", "deletedDate"]).is_some());
        if !deleted {
            return Ok(());
        }
        Err(crate::error::ArmError::new(
            409,
            "Conflict",
            alloc::format!(
                "Key {} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the key can only be recovered or purged (az keyvault key recover).",
                plan.path.name()
            ),
            crate::rules::RuleId::ValidRequest,
        ))
    }

    /// Purge protection, once on, stays on: a vault write that turns it off is refused
    /// (Key Vault: "Enabling the purge protection for a vault is an irreversible action";
    /// the 400 `BadRequest` code is hcsim's assumption).
    pub(crate) fn keep_purge_protection(
        &self,
        plan: &crate::plan::PutPlan,
    ) -> Result<(), crate::error::ArmError> {
        let was_on = plan
            .existing
            .and_then(|n| self.store.res(n))
            .is_some_and(|r| {
                r.body
                    .at(&["properties", "enablePurgeProtection"])
                    .unwrap_or_default()
                    .as_bool()
                    == Some(true)
            });
        let turns_off = plan.body["properties"]["enablePurgeProtection"].as_bool() == Some(false);
        if !(was_on && turns_off) {
            return Ok(());
        }
        Err(crate::error::ArmError::new(
            400,
            "BadRequest",
            "The property \"enablePurgeProtection\" cannot be set to false. Enabling the purge protection for a vault is an irreversible action.".into(),
            crate::rules::RuleId::ValidRequest,
        )
        .at("properties.enablePurgeProtection"))
    }
}
