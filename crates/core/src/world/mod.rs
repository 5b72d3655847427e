//! The world: the whole simulated state, and the one way to change it, [`World::apply`].
//!
//! Calling order: build with [`World::new`] (the default session of SCENARIOS.md), then feed
//! [`Input`]s; read with the getters. Time moves forward only, and only through inputs
//! ([`Input::Advance`], [`Input::Wait`]); operations, faults and healing happen as it passes.
//! After every input, everything due at the current time has been processed, and the events
//! it caused are appended to [`World::events`].
//!
//! One concern per file: `input` (what can be fed and what comes out), `apply` (the
//! inputs that are not requests), `clock` (time passing), `faults` (faults added,
//! cleared, healed), `view` (a GET's view handed out shared, undecoded); this module holds
//! the parts, the default session and the getters.

mod apply;
#[cfg(feature = "entra")]
mod apps;
mod clock;
mod faults;
mod input;
mod input_de;
mod view;

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use serde_json::Value;

use crate::account::Account;
use crate::config::Mode;
pub use crate::config::{Config, Stage, Timing};
use crate::directory::{Directory, PrincipalKind};
use crate::events::{EventKind, EventLog};
use crate::faults::{Fault, FaultSet};
use crate::id::{ArmPath, Segment};
use crate::operation::Operations;
pub use crate::operation::{OpKind, OpStatus, Operation};
#[cfg(feature = "deployments")]
use crate::providers::deployments::state::Runs;
use crate::providers::{Ctx, Indexes};
use crate::registrations::Registrations;
use crate::resource::{ProvisioningState, ResKind, Resource};
use crate::rng::{Rng, guid_from};
use crate::schedule::Schedule;
use crate::store::{NodeId, Store};
use crate::time::{Clock, Millis, SimTime};
pub use input::{Input, Output};

/// The simulated world: a composition of parts, each with its own invariants (see their
/// modules); the front door, the providers' effects and the inputs below are the only code
/// that changes them.
#[derive(Clone, Debug)]
pub struct World {
    /// Starting configuration, timing and stage now.
    pub(crate) mode: Mode,
    /// Virtual time.
    pub(crate) clock: Clock,
    /// The seeded random source of every random choice (jitter, dice of faults).
    pub(crate) rng: Rng,
    /// The tenant's principals.
    pub(crate) directory: Directory,
    /// Who acts, in which subscription.
    pub(crate) account: Account,
    /// The resource tree.
    pub(crate) store: Store,
    /// Resource provider registrations.
    pub(crate) registrations: Registrations,
    /// The providers' look-up indexes.
    pub(crate) indexes: Indexes,
    /// Long-running operations.
    pub(crate) operations: Operations,
    /// What is due later.
    pub(crate) schedule: Schedule,
    /// Active faults.
    pub(crate) faults: FaultSet,
    /// Events and the trace hash.
    pub(crate) log: EventLog,
    /// Running template deployments, by operation number.
    #[cfg(feature = "deployments")]
    pub(crate) deployments: Runs,
    /// When changes take effect (realistic timing's propagation delays).
    pub(crate) propagation: crate::propagation::Propagation,
    /// The data of every FHIR service (the FHIR data plane).
    pub(crate) fhir: crate::fhir::FhirStores,
    /// Every IoT connector's event hub and metrics (the MedTech pipeline).
    pub(crate) pipelines: crate::medtech::Pipelines,
    /// The typed path of the request being applied, when its sender had one
    /// ([`crate::Session::apply_at`]): the front door then need not parse the text back.
    /// Set just before one request and always empty between inputs.
    pub(crate) path_hint: Option<crate::id::ArmPath>,
    /// Where RBAC reads role assignments from: the store's facts, or (tests showing they
    /// change no answer) their bodies.
    pub(crate) grant_source: crate::rbac::GrantSource,
}

/// The default tenant.
pub const TENANT: &str = "contoso.onmicrosoft.com";
/// The signed-in principal of a new session.
pub const TRAINEE: &str = "trainee@contoso.com";
/// The current subscription of a new session.
pub const TRAINING_SUBSCRIPTION: &str = "11111111-1111-1111-1111-111111111111";
/// The second subscription.
pub const SANDBOX_SUBSCRIPTION: &str = "22222222-2222-2222-2222-222222222222";

impl World {
    /// The longest a [`Input::Wait`] advances time.
    pub const MAX_WAIT: Millis = Millis::hours(48);
    /// Events kept in memory; older ones are dropped (the trace hash still covers them).
    pub const MAX_EVENTS: usize = EventLog::MAX;

    /// The default session of SCENARIOS.md, with `config`.
    pub fn new(config: Config) -> World {
        let mut w = World {
            mode: Mode::new(config),
            clock: Clock::default(),
            rng: Rng::new(config.seed),
            directory: Directory::new(TENANT),
            account: Account::new(TRAINEE, TRAINING_SUBSCRIPTION),
            store: Store::default(),
            registrations: Registrations::default(),
            indexes: Indexes::default(),
            operations: Operations::default(),
            schedule: Schedule::default(),
            faults: FaultSet::default(),
            log: EventLog::new(config.seed),
            #[cfg(feature = "deployments")]
            deployments: Runs::new(),
            propagation: crate::propagation::Propagation::default(),
            fhir: crate::fhir::FhirStores::default(),
            pipelines: crate::medtech::Pipelines::default(),
            path_hint: None,
            grant_source: crate::rbac::GrantSource::default(),
        };
        for user in [TRAINEE, "alice@contoso.com", "bob@contoso.com"] {
            w.directory.add(user, PrincipalKind::User, None);
        }
        w.add_subscription(TRAINING_SUBSCRIPTION, "Training");
        w.add_subscription(SANDBOX_SUBSCRIPTION, "Sandbox");
        w
    }

    fn add_subscription(&mut self, id: &str, name: &str) {
        let res = Resource {
            id: crate::id::build::subscription(id),
            name: id.into(),
            type_name: "Microsoft.Resources/subscriptions".into(),
            kind: ResKind::Subscription,
            location: None,
            state: ProvisioningState::Succeeded,
            body: serde_json::json!({
                "id": crate::id::build::subscription(id),
                "subscriptionId": id,
                "displayName": name,
                "tenantId": self.directory.tenant_id,
                "state": "Enabled",
            })
            .into(),
            created_at: self.clock.now(),
            created_by: "system".into(),
            settings: Default::default(),
        };
        let key = Segment::new("subscriptions", id, false).key().to_string();
        let node = self.store.insert(None, key, res);
        // The trainee owns every subscription of the default session.
        let trainee = self
            .directory
            .find(TRAINEE)
            .map(|p| p.object_id.clone())
            .unwrap_or_default();
        self.seed_assignment(node, id, &trainee, "User");
    }

    /// Makes `principal` Owner of subscription `id` as part of the session's setup (by
    /// "system", so in effect at once in any timing). Nothing happens if the subscription is
    /// unknown.
    pub(crate) fn seed_owner(&mut self, id: &str, principal: &str, principal_type: &str) {
        if let Some(node) = self.store.find(&ArmPath::at_subscription(id)) {
            self.seed_assignment(node, id, principal, principal_type);
        }
    }

    fn seed_assignment(
        &mut self,
        node: crate::store::NodeId,
        id: &str,
        principal: &str,
        principal_type: &str,
    ) {
        let owner = crate::rbac::find_role("Owner")
            .map(|r| r.id)
            .unwrap_or_default();
        let ra_name = guid_from(&alloc::format!("{id}:{principal}:{owner}"));
        let ra_id = alloc::format!(
            "/subscriptions/{id}/providers/Microsoft.Authorization/roleAssignments/{ra_name}"
        );
        let body = serde_json::json!({
            "id": ra_id, "name": ra_name, "type": "Microsoft.Authorization/roleAssignments",
            "properties": {
                "roleDefinitionId": alloc::format!("/subscriptions/{id}/providers/Microsoft.Authorization/roleDefinitions/{owner}"),
                "principalId": principal, "principalType": principal_type, "scope": crate::id::build::subscription(id),
                "provisioningState": "Succeeded",
            }
        });
        let ra = Resource {
            id: ra_id,
            name: ra_name.clone(),
            type_name: "Microsoft.Authorization/roleAssignments".into(),
            kind: ResKind::RoleAssignment,
            location: None,
            state: ProvisioningState::Succeeded,
            body: body.into(),
            created_at: self.clock.now(),
            created_by: "system".into(),
            settings: Default::default(),
        };
        let key = Segment::new("Microsoft.Authorization/roleAssignments", ra_name, true)
            .key()
            .to_string();
        self.store.insert(Some(node), key, ra);
    }

    /// Records an event at the current time.
    pub(crate) fn emit(&mut self, kind: EventKind) {
        self.log.emit(self.clock.now(), kind);
    }

    /// What the providers read: the parts, borrowed.
    pub(crate) fn ctx(&self) -> Ctx<'_> {
        Ctx {
            store: &self.store,
            directory: &self.directory,
            faults: &self.faults,
            stage: self.mode.stage(),
            now: self.clock.now(),
            index: &self.indexes,
        }
    }

    /// The session's starting configuration.
    pub fn config(&self) -> Config {
        self.mode.config()
    }
    /// Virtual time now.
    pub fn now(&self) -> SimTime {
        self.clock.now()
    }
    /// Current timing.
    pub fn timing(&self) -> Timing {
        self.mode.timing()
    }
    /// Current stage.
    pub fn stage(&self) -> Stage {
        self.mode.stage()
    }
    /// The acting principal's sign-in name.
    pub fn acting(&self) -> &str {
        self.account.acting()
    }
    /// The current subscription id.
    pub fn current_subscription(&self) -> &str {
        self.account.subscription()
    }
    /// The directory.
    pub fn directory(&self) -> &Directory {
        &self.directory
    }
    /// The resource tree.
    pub fn store(&self) -> &Store {
        &self.store
    }
    /// Active faults, by number.
    pub fn faults(&self) -> impl Iterator<Item = &Fault> {
        self.faults.iter()
    }
    /// Events (the most recent [`World::MAX_EVENTS`] at most).
    pub fn events(&self) -> crate::events::Events<'_> {
        self.log.all()
    }
    /// Events with `seq >= since`.
    pub fn events_since(&self, since: u64) -> crate::events::Events<'_> {
        self.log.since(since)
    }
    /// The rolling hash over every event so far.
    pub fn trace_hash(&self) -> u64 {
        self.log.hash()
    }
    /// The trace hash as 16 hex digits.
    pub fn trace_hash_hex(&self) -> String {
        alloc::format!("{:016x}", self.log.hash())
    }
    /// When the next scheduled thing happens (an operation ends, a fault heals), if anything
    /// is scheduled: what "jump to the next event" advances to.
    pub fn next_due(&self) -> Option<SimTime> {
        self.schedule.next_time()
    }
    /// A long-running operation.
    pub fn operation(&self, id: u64) -> Option<&Operation> {
        self.operations.get(id)
    }
    /// Every long-running operation the world remembers (running ones and the most recent
    /// finished ones), oldest first: what a timeline draws as bars.
    pub fn operations(&self) -> impl Iterator<Item = &Operation> {
        self.operations.iter()
    }
    /// The long-running operations still running, oldest first.
    pub fn running_operations(&self) -> impl Iterator<Item = &Operation> {
        self.operations.running()
    }
    /// Number of resources (subscriptions and role assignments included).
    pub fn resource_count(&self) -> usize {
        self.store.len()
    }
    /// True if the subscription is registered for `namespace`.
    pub fn provider_registered(&self, subscription: &str, namespace: &str) -> bool {
        self.registrations.is_registered(subscription, namespace)
    }
    /// The display name of a subscription.
    pub fn subscription_name(&self, id: &str) -> Option<String> {
        let n = self.subscription_node(id)?;
        self.store
            .res(n)?
            .body
            .str_at(&["displayName"])
            .map(ToString::to_string)
    }
    /// Subscription ids, in order.
    pub fn subscriptions(&self) -> Vec<String> {
        self.store
            .roots()
            .filter_map(|n| self.store.res(n))
            .map(|r| r.name.clone())
            .collect()
    }

    pub(crate) fn subscription_node(&self, id: &str) -> Option<NodeId> {
        self.store
            .find_segments(&[Segment::new("subscriptions", id, false)])
    }

    /// Looks a resource up by id (case-insensitive).
    pub fn find(&self, id: &str) -> Option<&Resource> {
        self.find_at(&ArmPath::parse(id).ok()?)
    }

    /// [`World::find`] of a typed path (nothing to parse: a line that built its id looks it
    /// up as it is).
    pub fn find_at(&self, path: &ArmPath) -> Option<&Resource> {
        if !path.is_resource() {
            return None;
        }
        self.store.find(path).and_then(|n| self.store.res(n))
    }

    /// The node of a resource id.
    pub fn find_node(&self, id: &str) -> Option<NodeId> {
        let p = ArmPath::parse(id).ok()?;
        if !p.is_resource() {
            return None;
        }
        self.store.find(&p)
    }

    /// Every resource of a resource group (the group excluded), parents first.
    pub fn resources_in_group(&self, subscription: &str, group: &str) -> Vec<&Resource> {
        let Some(n) = self.find_node(&crate::id::build::resource_group(subscription, group)) else {
            return Vec::new();
        };
        self.resources_below(n)
    }

    /// Every resource below the resource at `path` (itself excluded), parents first:
    /// [`World::resources_in_group`] for a caller that holds the group's path already parsed
    /// (it saves writing the id and reading it back).
    pub fn resources_under(&self, path: &ArmPath) -> Vec<&Resource> {
        match self.node_at(path) {
            Some(n) => self.resources_below(n),
            None => Vec::new(),
        }
    }

    /// The node of a parsed path that names a resource ([`World::find_node`] without the text).
    fn node_at(&self, path: &ArmPath) -> Option<NodeId> {
        if !path.is_resource() {
            return None;
        }
        self.store.find(path)
    }

    /// The resources below node `n`, parents first.
    fn resources_below(&self, n: NodeId) -> Vec<&Resource> {
        self.store
            .pre_order(n)
            .into_iter()
            .skip(1)
            .filter_map(|c| self.store.res(c))
            .collect()
    }

    /// Every resource of a type (case-insensitive), in tree order.
    pub fn resources_of_type(&self, type_name: &str) -> Vec<&Resource> {
        let kind = ResKind::of(type_name);
        let mut out = Vec::new();
        for root in self.store.roots() {
            for n in self.store.pre_order(root) {
                if let Some(r) = self.store.res(n)
                    && r.kind == kind
                    && (kind != ResKind::Generic || r.type_name.eq_ignore_ascii_case(type_name))
                {
                    out.push(r);
                }
            }
        }
        out
    }

    /// The ARM body of a node as a GET shows it: the stored body with the workspace's
    /// shared settings applied to FHIR and DICOM services (rule `settings-apply-to-all-children`).
    pub fn view_node(&self, node: NodeId) -> Value {
        self.ctx().view_node(node)
    }

    /// The ARM body of a resource as a GET shows it (effective settings applied).
    pub fn view(&self, id: &str) -> Option<Value> {
        let n = self.find_node(id)?;
        Some(self.view_node(n))
    }

    /// [`World::view`] of a path the caller holds already parsed (a command that built the
    /// path it sent saves reading the id text again).
    pub fn view_at(&self, path: &ArmPath) -> Option<Value> {
        let n = self.node_at(path)?;
        Some(self.view_node(n))
    }
}
