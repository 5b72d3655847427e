//! Customer-managed keys on FHIR and DICOM services
//! (`properties.encryption.customerManagedKeyEncryption.keyEncryptionKeyUrl`): what the key,
//! its vault and the service's managed identity must be for the service to accept the key,
//! and why a service that has one cannot reach it now.
//!
//! Source of the requirements: MicrosoftDocs/azure-docs
//! `articles/healthcare-apis/fhir/configure-customer-managed-keys.md` (CC BY 4.0): an RSA key
//! of 2048 or 3072 bits, in a vault with soft delete and purge protection, in the service's
//! region (another subscription is allowed), vault and key names together ≤ 94 characters,
//! and the service's managed identity holding "Key Vault Crypto Service Encryption User" (the
//! doc's template grants "Key Vault Crypto Officer", also accepted) or an access policy with
//! get, wrapKey and unwrapKey.
//! A vault hcsim does not hold (e.g. the REST spec examples' `mykeyvault`) is taken to be
//! outside the simulation and reachable. The RP's error code for a refused key is not
//! documented; hcsim assumes
//! `CustomerManagedKeyInaccessible` (400) and says so in the message.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::Value;

use crate::error::ArmError;
use crate::id::shorten;
use crate::plan::PutPlan;
use crate::providers::Ctx;
use crate::providers::healthcare::parse_key_url;
use crate::resource::Resource;
use crate::rules::RuleId;
use crate::store::NodeId;

/// Roles whose holders may wrap and unwrap keys (the data actions a key encryption key needs).
const KEY_ROLES: [&str; 3] = [
    "e147488a-f6f5-4113-8e2d-b22465e65bf6", // Key Vault Crypto Service Encryption User
    "14b46e9e-c2b7-41b4-b07b-48a6ebf60603", // Key Vault Crypto Officer
    "00482a5a-887f-4fb3-b363-3b7fe8e74483", // Key Vault Administrator
];

/// The key operations an access policy must grant (configure-customer-managed-keys.md).
const POLICY_OPS: [&str; 3] = ["get", "wrapkey", "unwrapkey"];

fn refused(message: String) -> ArmError {
    ArmError::new(
        400,
        "CustomerManagedKeyInaccessible",
        message,
        RuleId::CmkAccessRequired,
    )
    .at("properties.encryption.customerManagedKeyEncryption.keyEncryptionKeyUrl")
}

impl Ctx<'_> {
    /// Why a key resource cannot encrypt now, from its own state: deleted (soft-deleted, still
    /// recoverable) or disabled.
    pub(crate) fn key_state_problem(&self, key: &Resource) -> Option<String> {
        let props = &key.body.value()["properties"];
        if props["deletedDate"].is_string() {
            return Some(alloc::format!(
                "the key '{}' is deleted (soft delete keeps it recoverable: az keyvault key recover)",
                key.name
            ));
        }
        if props["attributes"]["enabled"].as_bool() == Some(false) {
            return Some(alloc::format!("the key '{}' is disabled", key.name));
        }
        None
    }

    /// A FHIR or DICOM service's own key (when its workspace sets none): the key must exist
    /// and be usable, RSA 2048/3072, in a soft-delete + purge-protected vault of the service's
    /// region, and the service's managed identity must have key access.
    pub(crate) fn check_service_key(&self, plan: &PutPlan) -> Result<(), ArmError> {
        let body = &plan.body["properties"]["encryption"]["customerManagedKeyEncryption"];
        let Some(url) = body["keyEncryptionKeyUrl"].as_str() else {
            return Ok(());
        };
        let Some((vnode, vault, key)) = self.check_key_url(url, plan.location.as_deref())? else {
            return Ok(());
        };
        let knode = self.key_node(vnode, &key);
        let principals = self.identities(plan);
        let scope = knode.unwrap_or(vnode);
        if !principals.iter().any(|p| self.has_key_access(p, scope)) {
            return Err(refused(no_access_message(&principals, &vault, plan)));
        }
        Ok(())
    }

    /// What a key URL must meet wherever it is set (a service, or the workspace through
    /// hcsim's `hcsimSettings` extension, which hands the key to every service): the
    /// requirements of configure-customer-managed-keys.md that concern the key and its vault
    /// (URL form, names ≤ 94 characters together, vault soft delete + purge protection and in
    /// `location`, key usable, RSA 2048/3072). The managed identity's key access is the
    /// service's own check. Returns the vault node and the vault and key names, or `None`
    /// for a vault outside the simulation (assumed reachable).
    pub(crate) fn check_key_url(
        &self,
        url: &str,
        location: Option<&str>,
    ) -> Result<Option<(NodeId, String, String)>, ArmError> {
        let (vault, key) = parse_key_url(url).ok_or_else(|| refused(alloc::format!("'{}' is not a Key Vault key URL (https://<vault>.vault.azure.net/keys/<key>[/<version>]).", shorten(url))))?;
        if vault.len() + key.len() > 94 {
            return Err(refused(alloc::format!(
                "The key vault name and key name together are {} characters; at most 94 are allowed.",
                vault.len() + key.len()
            )));
        }
        // A vault hcsim does not hold is outside the simulation (another subscription or
        // tenant is allowed): assumed reachable.
        let Some(vid) = self.index.vaults().get(&vault) else {
            return Ok(None);
        };
        let not_found = || refused(alloc::format!("The key vault '{vault}' cannot be found."));
        let vnode = self.find_node(vid).ok_or_else(not_found)?;
        let vres = self.store.res(vnode).ok_or_else(not_found)?;
        self.check_vault(vres, location)?;
        if let Some(reason) = self.key_problem(vid, &key) {
            return Err(refused(alloc::format!("The key cannot be used: {reason}.")));
        }
        if let Some(k) = self.key_node(vnode, &key).and_then(|n| self.store.res(n)) {
            check_key_type(k)?;
        }
        Ok(Some((vnode, vault, key)))
    }

    fn check_vault(&self, vres: &Resource, location: Option<&str>) -> Result<(), ArmError> {
        let p = &vres.body.value()["properties"];
        let soft = p["enableSoftDelete"].as_bool() != Some(false);
        let purge = p["enablePurgeProtection"].as_bool() == Some(true);
        if !soft || !purge {
            return Err(refused(alloc::format!(
                "The key vault '{}' must have soft delete and purge protection enabled to hold a customer-managed key (az keyvault create … --enable-purge-protection, or az resource update --ids {} --set properties.enablePurgeProtection=true).",
                vres.name,
                vres.id
            )));
        }
        if let Some(loc) = location
            && vres.location.as_deref() != Some(loc)
        {
            return Err(refused(alloc::format!(
                "The key vault '{}' is in '{}', but the service is in '{loc}': a customer-managed key must come from a vault in the same region.",
                vres.name,
                vres.location.clone().unwrap_or_default()
            )));
        }
        Ok(())
    }

    fn key_node(&self, vault: NodeId, key: &str) -> Option<NodeId> {
        self.store.children_with_prefix(vault, "keys/").find(|k| {
            self.store
                .res(*k)
                .is_some_and(|r| r.name.eq_ignore_ascii_case(key))
        })
    }

    /// The object ids of a service's managed identities: its system-assigned identity (once
    /// it exists: a new service has none yet) and its user-assigned ones.
    fn identities(&self, plan: &PutPlan) -> Vec<String> {
        let id = &plan.body["identity"];
        let ty = id["type"].as_str().unwrap_or("None");
        let mut out = Vec::new();
        if ty.contains("SystemAssigned")
            && let Some(p) = self.directory.find(&plan.path.to_string())
        {
            out.push(p.object_id.clone());
        }
        if let Some(m) = id["userAssignedIdentities"].as_object() {
            for k in m.keys() {
                if let Some(p) = self.directory.find(k) {
                    out.push(p.object_id.clone());
                }
            }
        }
        out
    }

    /// True if `principal` (an object id) may wrap and unwrap with the key at `scope` (the
    /// key or its vault): a key role at the scope or above, or a vault access policy.
    pub(crate) fn has_key_access(&self, principal: &str, scope: NodeId) -> bool {
        let by_role = self.store.ancestors(scope).any(|s| {
            self.store
                .children_with_prefix(s, crate::checks::RA_PREFIX)
                .any(|ra| {
                    self.store.res(ra).is_some_and(|r| {
                        let p = &r.body.value()["properties"];
                        p["principalId"]
                            .as_str()
                            .is_some_and(|x| x.eq_ignore_ascii_case(principal))
                            && p["roleDefinitionId"].as_str().is_some_and(|d| {
                                KEY_ROLES.iter().any(|g| d.to_lowercase().ends_with(g))
                            })
                    })
                })
        });
        by_role || self.by_policy(principal, scope)
    }

    fn by_policy(&self, principal: &str, scope: NodeId) -> bool {
        self.store.ancestors(scope).any(|s| {
            let Some(r) = self.store.res(s) else {
                return false;
            };
            let body = r.body.value();
            let Some(policies) = body["properties"]["accessPolicies"].as_array() else {
                return false;
            };
            policies.iter().any(|pol| {
                let ops: Vec<String> = pol["permissions"]["keys"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_lowercase)
                            .collect()
                    })
                    .unwrap_or_default();
                pol["objectId"]
                    .as_str()
                    .is_some_and(|o| o.eq_ignore_ascii_case(principal))
                    && POLICY_OPS
                        .iter()
                        .all(|op| ops.iter().any(|o| o == op || o == "all"))
            })
        })
    }

    /// Why a running service with its own key has lost access through its identity (a
    /// removed role, a disabled identity), if it has.
    pub(crate) fn identity_key_problem(
        &self,
        node: NodeId,
        vault_id: &str,
        key: &str,
    ) -> Option<String> {
        let res = self.store.res(node)?;
        let vnode = self.find_node(vault_id)?;
        let scope = self.key_node(vnode, key).unwrap_or(vnode);
        let plan_like = identities_of(self, res);
        if plan_like.iter().any(|p| self.has_key_access(p, scope)) {
            return None;
        }
        Some(alloc::format!(
            "the service's managed identity has no key access on '{}' (role 'Key Vault Crypto Service Encryption User' removed or identity disabled)",
            crate::id::shorten(vault_id)
        ))
    }
}

fn identities_of(ctx: &Ctx<'_>, res: &Resource) -> Vec<String> {
    let id = &res.body.value()["identity"];
    let mut out: Vec<String> = Vec::new();
    if id["type"]
        .as_str()
        .unwrap_or("None")
        .contains("SystemAssigned")
        && let Some(p) = ctx.directory.find(&res.id)
    {
        out.push(p.object_id.clone());
    }
    if let Some(m) = id["userAssignedIdentities"].as_object() {
        out.extend(
            m.keys()
                .filter_map(|k| ctx.directory.find(k))
                .map(|p| p.object_id.clone()),
        );
    }
    out
}

/// RSA (software or HSM) of 2048 or 3072 bits only.
fn check_key_type(k: &Resource) -> Result<(), ArmError> {
    let p = &k.body.value()["properties"];
    let kty = p["kty"].as_str().unwrap_or("RSA");
    let size = p["keySize"].as_u64().unwrap_or(2048);
    if !matches!(kty, "RSA" | "RSA-HSM") || !matches!(size, 2048 | 3072) {
        return Err(refused(alloc::format!(
            "The key '{}' is {kty} {size}: a customer-managed key must be an RSA key of 2048 or 3072 bits (az keyvault key create --kty RSA --size 2048).",
            k.name
        )));
    }
    Ok(())
}

fn no_access_message(principals: &[String], vault: &str, plan: &PutPlan) -> String {
    if principals.is_empty() {
        let ty = plan.body["identity"]["type"].as_str().unwrap_or("None");
        return alloc::format!(
            "The service has no managed identity that can reach the key (identity type '{ty}'). Give it a user-assigned identity with key access, or create it with a system-assigned identity first, grant that identity 'Key Vault Crypto Service Encryption User' on the vault '{vault}', then set the key."
        );
    }
    alloc::format!(
        "The service's managed identity ({}) has no access to keys in the vault '{vault}': assign it 'Key Vault Crypto Service Encryption User' on the vault or key, or an access policy with get, wrapKey and unwrapKey.",
        principals.join(", ")
    )
    .to_string()
}
