//! Read-only questions about how resources relate beyond containment, for front ends that
//! draw the world (the live diagram): which private endpoint reaches which workspace, which
//! key vault holds the customer-managed key a workspace or service uses and whether the key is
//! reachable now (what a revoked or denied key breaks), and MedTech's flow from an event hub
//! through an IoT connector to a FHIR service. The answers read the world; they change nothing.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde::Serialize;

use crate::id::ArmPath;
use crate::resource::{ProvisioningState, ResKind, Resource};
use crate::store::NodeId;
use crate::world::World;

/// What a relation means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RelationKind {
    /// A private endpoint connects to a workspace (or a legacy FHIR service).
    PrivateLink,
    /// A key vault holds the customer-managed key of a workspace or a service.
    CustomerManagedKey,
    /// An event hub feeds a MedTech (IoT) connector.
    MedTechIngest,
    /// A MedTech connector writes to a FHIR service (through its FHIR destination).
    MedTechDestination,
}

/// One relation, from the resource that provides to the one that uses or receives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Relation {
    /// What it means.
    pub kind: RelationKind,
    /// The providing end's id (endpoint, vault, event hub, connector).
    pub from: String,
    /// The receiving end's id (workspace, service, connector, FHIR service).
    pub to: String,
    /// True when it works now: both ends exist and are provisioned, the key is reachable;
    /// for MedTech's flow, once it runs (messages received; FHIR resources saved).
    pub active: bool,
    /// Why it does not work, when the core knows (a key's problem).
    pub problem: Option<String>,
}

impl World {
    /// The relations a resource declares (a private endpoint's target, a key's vault, a
    /// connector's event hub, a FHIR destination's service); none for an unknown id.
    pub fn relations_of(&self, id: &str) -> Vec<Relation> {
        let Some(node) = self.find_node(id) else {
            return Vec::new();
        };
        let Some(res) = self.store.res(node) else {
            return Vec::new();
        };
        match res.kind {
            ResKind::PrivateEndpoint => self.private_link_relations(res),
            ResKind::Workspace | ResKind::Fhir | ResKind::Dicom => {
                self.key_relation(node, res).into_iter().collect()
            }
            ResKind::Iot => self.ingest_relation(res).into_iter().collect(),
            ResKind::FhirDestination => self.destination_relation(node, res).into_iter().collect(),
            _ => Vec::new(),
        }
    }

    /// Why a workspace or a FHIR/DICOM service cannot reach its customer-managed key now (a
    /// deleted, disabled or denied key), if it uses one and cannot: what a revoked key breaks.
    pub fn key_problem(&self, id: &str) -> Option<String> {
        let node = self.find_node(id)?;
        let res = self.store.res(node)?;
        match res.kind {
            ResKind::Workspace => {
                let s = &res.settings;
                let (_, key) =
                    crate::providers::healthcare::parse_key_url(s.cmk_key_url.as_deref()?)?;
                self.ctx().key_problem(s.cmk_vault_id.as_deref()?, &key)
            }
            _ => self.ctx().cmk_problem(node),
        }
    }

    fn succeeded(&self, id: &str) -> bool {
        self.find(id)
            .is_some_and(|r| r.state == ProvisioningState::Succeeded)
    }

    fn private_link_relations(&self, pe: &Resource) -> Vec<Relation> {
        let props = &pe.body.value()["properties"];
        let conns = [
            "privateLinkServiceConnections",
            "manualPrivateLinkServiceConnections",
        ];
        conns
            .iter()
            .filter_map(|k| props[*k].as_array())
            .flatten()
            .filter_map(|c| c["properties"]["privateLinkServiceId"].as_str())
            .filter_map(|t| self.find(t))
            .map(|target| Relation {
                kind: RelationKind::PrivateLink,
                from: pe.id.clone(),
                to: target.id.clone(),
                active: pe.state == ProvisioningState::Succeeded
                    && target.state == ProvisioningState::Succeeded,
                problem: None,
            })
            .collect()
    }

    /// A workspace's key (its setting), or a service's own key when its workspace has none.
    fn key_relation(&self, node: NodeId, res: &Resource) -> Option<Relation> {
        let vault = if res.kind == ResKind::Workspace {
            res.settings.cmk_vault_id.clone()?
        } else {
            let url = res.body.str_at(&[
                "properties",
                "encryption",
                "customerManagedKeyEncryption",
                "keyEncryptionKeyUrl",
            ])?;
            let (vault, _) = crate::providers::healthcare::parse_key_url(url)?;
            self.indexes.vaults().get(&vault)?.clone()
        };
        let problem = if res.kind == ResKind::Workspace {
            self.key_problem(&res.id)
        } else {
            self.ctx().cmk_problem(node)
        };
        Some(Relation {
            kind: RelationKind::CustomerManagedKey,
            active: problem.is_none(),
            from: self.find(&vault).map_or(vault, |v| v.id.clone()),
            to: res.id.clone(),
            problem,
        })
    }

    /// The event hub a connector reads: `{namespace}.servicebus.windows.net` and a hub name.
    fn ingest_relation(&self, iot: &Resource) -> Option<Relation> {
        let cfg = &iot.body.value()["properties"]["ingestionEndpointConfiguration"];
        let host = cfg["fullyQualifiedEventHubNamespace"].as_str()?;
        let ns_name = host.split('.').next()?;
        let hub = cfg["eventHubName"].as_str()?;
        let ns = self
            .resources_of_type("Microsoft.EventHub/namespaces")
            .into_iter()
            .find(|r| r.name.eq_ignore_ascii_case(ns_name))?;
        let hub_id = ArmPath::parse(&ns.id)
            .ok()?
            .child("eventhubs", hub)
            .to_string();
        let from = self.find(&hub_id).map_or(ns.id.clone(), |h| h.id.clone());
        let metrics = self.connector_metrics(&iot.id);
        let received = metrics.as_ref().is_some_and(|m| m.metrics.received > 0);
        Some(Relation {
            kind: RelationKind::MedTechIngest,
            active: received && self.succeeded(&from) && iot.state == ProvisioningState::Succeeded,
            from,
            to: iot.id.clone(),
            problem: metrics.and_then(|m| m.waiting_for),
        })
    }

    /// A FHIR destination joins its connector (the parent) to a FHIR service.
    fn destination_relation(&self, node: NodeId, dest: &Resource) -> Option<Relation> {
        let fhir = dest.body.str_at(&["properties", "fhirServiceResourceId"])?;
        let fhir = self.find(fhir)?;
        let parent = self.store.node(node)?.parent?;
        let iot = self.store.res(parent)?;
        let metrics = self.connector_metrics(&iot.id);
        let saved = metrics.as_ref().is_some_and(|m| m.metrics.saved > 0);
        Some(Relation {
            kind: RelationKind::MedTechDestination,
            active: saved
                && iot.state == ProvisioningState::Succeeded
                && dest.state == ProvisioningState::Succeeded
                && fhir.state == ProvisioningState::Succeeded,
            from: iot.id.clone(),
            to: fhir.id.clone(),
            problem: metrics.and_then(|m| m.waiting_for),
        })
    }
}
