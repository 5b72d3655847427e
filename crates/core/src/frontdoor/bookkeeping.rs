//! Bookkeeping: the look-up indexes (quota counts, global names, service URLs, vaults) and
//! managed identities kept in step with the tree as resources come and go.

use alloc::string::ToString;
use alloc::vec::Vec;
use serde_json::Value;

use crate::directory::PrincipalKind;
use crate::resource::{ResKind, Resource};
use crate::store::NodeId;
use crate::world::World;

impl World {
    pub(super) fn index_insert(&mut self, node: NodeId) {
        self.index(node, true);
        self.refresh_identity(node);
    }

    pub(super) fn index_remove(&mut self, node: NodeId) {
        self.index(node, false);
    }

    /// Keeps the providers' indexes in step with the tree as `node` comes (`present`) or goes.
    fn index(&mut self, node: NodeId, present: bool) {
        self.indexes.track(&self.store, node, present);
    }

    /// Managed identities: a service with a system-assigned identity gets a principal.
    pub(super) fn refresh_identity(&mut self, node: NodeId) {
        let Some(res) = self.store.res(node) else {
            return;
        };
        let ty = res.body.str_at(&["identity", "type"]).unwrap_or("None");
        let user_assigned = res
            .type_name
            .eq_ignore_ascii_case("Microsoft.ManagedIdentity/userAssignedIdentities");
        if !user_assigned && !ty.contains("SystemAssigned") {
            // No identity (most writes): nothing to copy, only a former one to forget.
            self.directory.remove_identity(&res.id);
            return;
        }
        let id = res.id.clone();
        let name = res.name.clone();
        let tenant = self.directory.tenant_id.clone();
        let p = self
            .directory
            .add(&name, PrincipalKind::ManagedIdentity, Some(id.clone()))
            .object_id
            .clone();
        if user_assigned {
            // A user-assigned identity is itself a principal (templates read its
            // `reference(id).principalId` to grant it roles).
            let client = crate::rng::guid_from(&alloc::format!("client:{}", id.to_lowercase()));
            if let Some(n) = self.store.node_mut(node) {
                n.res.with_properties(|props| {
                    props.insert("principalId".into(), Value::String(p));
                    props.insert("clientId".into(), Value::String(client));
                    props.insert("tenantId".into(), Value::String(tenant));
                });
            }
            return;
        }
        if let Some(n) = self.store.node_mut(node) {
            let mut body = n.res.body.edit();
            if let Some(identity) = body.get_mut("identity").and_then(Value::as_object_mut) {
                identity.insert("principalId".into(), Value::String(p));
                identity.insert("tenantId".into(), Value::String(tenant));
            }
        }
    }

    pub(super) fn on_removed(&mut self, r: &Resource) {
        self.directory.remove_identity(&r.id);
        if r.kind == ResKind::PrivateEndpoint {
            // The workspace's connection goes with its endpoint; public access comes back.
            let target = r.body.value()["properties"]["privateLinkServiceConnections"]
                .as_array()
                .and_then(|a| a.first())
                .and_then(|c| c["properties"]["privateLinkServiceId"].as_str())
                .map(ToString::to_string);
            if let Some(ws) = target.and_then(|t| self.find_node(&t)) {
                let pe_id = r.id.to_lowercase();
                let pecs: Vec<NodeId> = self
                    .store
                    .children_with_prefix(ws, "privateendpointconnections/")
                    .filter(|c| {
                        self.store.res(*c).and_then(|p| {
                            p.body.value()["properties"]["privateEndpoint"]["id"]
                                .as_str()
                                .map(|s| s.to_lowercase() == pe_id)
                        }) == Some(true)
                    })
                    .collect();
                for p in pecs {
                    self.remove_node(p, Some(r.id.clone()));
                }
            }
        }
    }
}
