//! The Key Vault index: vault names are global (`https://{name}.vault.azure.net`), so a vault
//! is found by name from a key URL, and a second vault of the same name is refused.

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
