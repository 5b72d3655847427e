//! The world: the whole simulated state, and the one way to change it, [`World::apply`].
//!
//! Calling order: build with [`World::new`] (the default session of SCENARIOS.md), then feed
//! [`Input`]s; read with the getters. Time moves forward only, and only through inputs
//! ([`Input::Advance`], [`Input::Wait`]); operations, faults and healing happen as it passes.
//! After every input, everything due at the current time has been processed, and the events
//! it caused are appended to [`World::events`].

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::directory::{Directory, PrincipalKind};
use crate::error::ArmError;
use crate::events::{Event, EventKind, TraceHasher, fold};
use crate::faults::{Fault, FaultKind, FaultSpec};
use crate::id::{ArmPath, Segment};
use crate::probe::{ProbeResult, ProbeSpec};
use crate::request::{Request, Response};
use crate::resource::{ProvisioningState, ResKind, Resource, WorkspaceSettings};
use crate::rng::{Rng, guid_from};
use crate::rules::RuleId;
use crate::store::{NodeId, Store};
use crate::time::{Millis, SimTime};

/// How long operations take.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Timing {
    /// Operations finish at once (still through the same lifecycle).
    Instant,
    /// Durations of the order Azure takes (minutes for a FHIR service), with seeded jitter.
    Realistic,
}

/// The simulated release stage of the service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// General availability: everything available.
    Ga,
    /// Private preview: no workspace-level settings (rule `private-preview-no-settings`).
    PrivatePreview,
}

impl Timing {
    /// `instant` / `realistic`.
    pub fn as_str(self) -> &'static str {
        match self {
            Timing::Instant => "instant",
            Timing::Realistic => "realistic",
        }
    }
}

impl Stage {
    /// `ga` / `private-preview`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Ga => "ga",
            Stage::PrivatePreview => "private-preview",
        }
    }
}

/// How a session starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    /// The seed of every random choice.
    pub seed: u64,
    /// Operation durations.
    pub timing: Timing,
    /// Release stage.
    pub stage: Stage,
}

impl Config {
    /// The default session's settings with `seed` (timing realistic, stage GA).
    pub fn new(seed: u64) -> Config {
        Config {
            seed,
            timing: Timing::Realistic,
            stage: Stage::Ga,
        }
    }
}

/// Everything that can change the world. Inputs are recorded, so a session is its seed plus
/// its inputs (event sourcing).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "input", rename_all = "snake_case")]
pub enum Input {
    /// A request to the ARM front door.
    Request(Request),
    /// Advance virtual time until a long-running operation ends (as az does without
    /// `--no-wait`), at most [`World::MAX_WAIT`].
    Wait {
        /// Operation number from [`Response::operation`].
        operation: u64,
    },
    /// Advance virtual time.
    Advance {
        /// How far.
        by: Millis,
    },
    /// Change operation timing.
    SetTiming {
        /// New timing.
        timing: Timing,
    },
    /// Change release stage.
    SetStage {
        /// New stage.
        stage: Stage,
    },
    /// Act as another principal (`sim as`).
    ActAs {
        /// Sign-in name, object id, or managed identity's resource id.
        principal: String,
    },
    /// Select the current subscription (`az account set`).
    SelectSubscription {
        /// Name or id.
        subscription: String,
    },
    /// Add a subscription to the tenant (the trainee becomes its Owner).
    AddSubscription {
        /// Subscription id.
        id: String,
        /// Display name.
        name: String,
    },
    /// Add a user to the directory (`az ad user create`).
    AddUser {
        /// User principal name.
        name: String,
    },
    /// Inject a fault.
    AddFault(FaultSpec),
    /// Clear one fault, or all (`None`).
    ClearFault {
        /// Fault number, or none for all.
        fault: Option<u32>,
    },
    /// A data-plane probe.
    Probe(ProbeSpec),
}

impl Input {
    /// True for inputs that change the world; false for reads (GET, LIST) and probes, which
    /// undo skips over.
    pub fn is_change(&self) -> bool {
        match self {
            Input::Request(r) => !matches!(
                r.method,
                crate::request::Method::Get | crate::request::Method::List
            ),
            Input::Probe(_) => false,
            _ => true,
        }
    }
}

/// What an input produced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "output", rename_all = "snake_case")]
pub enum Output {
    /// The front door's response.
    Response(Response),
    /// The probe's answer.
    Probe(ProbeResult),
    /// A simulator input that succeeded, with a message.
    Done {
        /// What happened.
        message: String,
    },
    /// A simulator input that was refused.
    Refused {
        /// Why.
        error: ArmError,
    },
}

impl Output {
    /// True when the input succeeded (2xx response, answered probe, or done).
    pub fn is_ok(&self) -> bool {
        match self {
            Output::Response(r) => r.is_success(),
            Output::Probe(_) | Output::Done { .. } => true,
            Output::Refused { .. } => false,
        }
    }
    /// The error, if refused or rejected.
    pub fn error(&self) -> Option<&ArmError> {
        match self {
            Output::Response(r) => r.error.as_ref(),
            Output::Refused { error } => Some(error),
            _ => None,
        }
    }
    /// The HTTP status (response or probe).
    pub fn status(&self) -> Option<u16> {
        match self {
            Output::Response(r) => Some(r.status),
            Output::Probe(p) => Some(p.status),
            _ => None,
        }
    }
}

/// A long-running operation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operation {
    /// Number.
    pub id: u64,
    /// What it does.
    pub kind: OpKind,
    /// The resource id it works on.
    pub target: String,
    /// Started at.
    pub started: SimTime,
    /// Due at.
    pub due: SimTime,
    /// Status.
    pub status: OpStatus,
    /// The error, when failed.
    pub error: Option<ArmError>,
}

/// Kinds of operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OpKind {
    /// Provision a new resource.
    Create,
    /// Re-provision an existing one.
    Update,
    /// Delete a resource (and what it contains).
    Delete,
    /// Delete a resource group and everything in it.
    DeleteGroup,
}

/// ARM operation status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OpStatus {
    /// Still running.
    Running,
    /// Done.
    Succeeded,
    /// Failed.
    Failed,
    /// The resource went away first.
    Canceled,
}

/// Something scheduled at a virtual time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Due {
    Op(u64),
    FaultEnd(u32),
}

/// Record of a workspace name (rule `workspace-name-reuse`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct WsName {
    pub subscription: String,
    pub live: bool,
}

/// The simulated world.
#[derive(Clone, Debug)]
pub struct World {
    pub(crate) config: Config,
    pub(crate) now: SimTime,
    pub(crate) rng: Rng,
    pub(crate) timing: Timing,
    pub(crate) stage: Stage,
    pub(crate) directory: Directory,
    pub(crate) acting: String,
    pub(crate) current_subscription: String,
    pub(crate) store: Store,
    pub(crate) unregistered: BTreeMap<(String, String), ()>,
    pub(crate) ws_names: BTreeMap<String, WsName>,
    pub(crate) urls: BTreeMap<String, String>,
    pub(crate) vaults: BTreeMap<String, String>,
    /// Lower-cased names of legacy Azure API for FHIR services (global host names).
    pub(crate) legacy_fhir_names: BTreeMap<String, u32>,
    pub(crate) counts: BTreeMap<(String, ResKind), u32>,
    pub(crate) queue: BTreeMap<(SimTime, u64), Due>,
    pub(crate) queue_seq: u64,
    pub(crate) ops: BTreeMap<u64, Operation>,
    pub(crate) next_op: u64,
    pub(crate) faults: BTreeMap<u32, Fault>,
    pub(crate) next_fault: u32,
    pub(crate) events: Vec<Event>,
    pub(crate) trace: u64,
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
    pub const MAX_EVENTS: usize = 1_000_000;

    /// The default session of SCENARIOS.md, with `config`.
    pub fn new(config: Config) -> World {
        let mut trace = TraceHasher::default();
        core::hash::Hasher::write_u64(&mut trace, config.seed);
        let mut w = World {
            config,
            now: SimTime::ZERO,
            rng: Rng::new(config.seed),
            timing: config.timing,
            stage: config.stage,
            directory: Directory::new(TENANT),
            acting: TRAINEE.into(),
            current_subscription: TRAINING_SUBSCRIPTION.into(),
            store: Store::default(),
            unregistered: BTreeMap::new(),
            ws_names: BTreeMap::new(),
            urls: BTreeMap::new(),
            vaults: BTreeMap::new(),
            legacy_fhir_names: BTreeMap::new(),
            counts: BTreeMap::new(),
            queue: BTreeMap::new(),
            queue_seq: 0,
            ops: BTreeMap::new(),
            next_op: 1,
            faults: BTreeMap::new(),
            next_fault: 1,
            events: Vec::new(),
            trace: core::hash::Hasher::finish(&trace),
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
            }),
            created_at: self.now,
            created_by: "system".into(),
            settings: WorkspaceSettings::default(),
        };
        let key = Segment::new("subscriptions", id, false).key().to_string();
        let node = self.store.insert(None, key, res);
        // The trainee owns every subscription of the default session.
        let owner = crate::rbac::find_role("Owner")
            .map(|r| r.id)
            .unwrap_or_default();
        let trainee = self
            .directory
            .find(TRAINEE)
            .map(|p| p.object_id.clone())
            .unwrap_or_default();
        let ra_name = guid_from(&alloc::format!("{id}:{trainee}:{owner}"));
        let ra_id = alloc::format!(
            "/subscriptions/{id}/providers/Microsoft.Authorization/roleAssignments/{ra_name}"
        );
        let body = serde_json::json!({
            "id": ra_id, "name": ra_name, "type": "Microsoft.Authorization/roleAssignments",
            "properties": {
                "roleDefinitionId": alloc::format!("/subscriptions/{id}/providers/Microsoft.Authorization/roleDefinitions/{owner}"),
                "principalId": trainee, "principalType": "User", "scope": crate::id::build::subscription(id),
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
            body,
            created_at: self.now,
            created_by: "system".into(),
            settings: WorkspaceSettings::default(),
        };
        let key = Segment::new("Microsoft.Authorization/roleAssignments", ra_name, true)
            .key()
            .to_string();
        self.store.insert(Some(node), key, ra);
    }

    /// Applies one input; everything due by the end of it is processed before it returns.
    pub fn apply(&mut self, input: &Input) -> Output {
        let out = match input {
            Input::Request(req) => Output::Response(self.handle_request(req)),
            Input::Wait { operation } => self.wait(*operation),
            Input::Advance { by } => {
                let to = self.now + *by;
                self.run_until(to);
                self.set_now(to);
                Output::Done {
                    message: alloc::format!("Virtual time is now {}.", self.now),
                }
            }
            Input::SetTiming { timing } => {
                self.timing = *timing;
                self.emit(EventKind::SettingChanged {
                    setting: "timing".into(),
                    value: timing.as_str().into(),
                });
                Output::Done {
                    message: alloc::format!("Timing is now {}.", timing.as_str()),
                }
            }
            Input::SetStage { stage } => {
                self.stage = *stage;
                self.emit(EventKind::SettingChanged {
                    setting: "stage".into(),
                    value: stage.as_str().into(),
                });
                Output::Done {
                    message: alloc::format!("Release stage is now {}.", stage.as_str()),
                }
            }
            Input::ActAs { principal } => self.act_as(principal),
            Input::SelectSubscription { subscription } => self.select_subscription(subscription),
            Input::AddSubscription { id, name } => {
                // Rule valid-request: the id must be addressable afterwards, so no '/', '%'
                // (ArmPath::parse decodes escapes), whitespace or control characters
                // (ArmPath::parse trims and refuses those).
                if id.is_empty()
                    || id.len() > 64
                    || id.contains(['/', '%'])
                    || id.chars().any(|c| c.is_control() || c.is_whitespace())
                    || self.subscription_node(id).is_some()
                {
                    Output::Refused {
                        error: ArmError::new(
                            400,
                            "InvalidSubscriptionId",
                            alloc::format!(
                                "The subscription id '{}' is empty, too long, has a '/', a '%', a space or a control character, or exists already.",
                                crate::id::shorten(id)
                            ),
                            RuleId::ValidRequest,
                        ),
                    }
                } else {
                    self.add_subscription(id, name);
                    self.emit(EventKind::SettingChanged {
                        setting: "subscription added".into(),
                        value: id.clone(),
                    });
                    Output::Done {
                        message: alloc::format!(
                            "Subscription '{name}' ({id}) added; you are its Owner."
                        ),
                    }
                }
            }
            Input::AddUser { name } => {
                if name.is_empty()
                    || name.len() > 256
                    || !name.contains('@')
                    || name.chars().any(char::is_control)
                {
                    Output::Refused {
                        error: ArmError::new(
                            400,
                            "Request_BadRequest",
                            alloc::format!(
                                "'{}' is not a valid user principal name (expected alias@domain).",
                                crate::id::shorten(name)
                            ),
                            RuleId::ValidRequest,
                        ),
                    }
                } else {
                    self.directory.add(name, PrincipalKind::User, None);
                    self.emit(EventKind::SettingChanged {
                        setting: "user added".into(),
                        value: name.clone(),
                    });
                    Output::Done {
                        message: alloc::format!("User {name} added to {}.", self.directory.tenant),
                    }
                }
            }
            Input::AddFault(spec) => self.add_fault(spec),
            Input::ClearFault { fault } => self.clear_fault(*fault),
            Input::Probe(spec) => Output::Probe(self.probe(spec)),
        };
        let now = self.now;
        self.run_until(now);
        out
    }

    fn act_as(&mut self, who: &str) -> Output {
        let who = if who.eq_ignore_ascii_case("me") {
            TRAINEE
        } else {
            who
        };
        match self.directory.find(who) {
            Some(p) => {
                let name = p.name.clone();
                self.acting = name.clone();
                self.emit(EventKind::SettingChanged {
                    setting: "principal".into(),
                    value: name.clone(),
                });
                Output::Done {
                    message: alloc::format!("Now acting as {name}."),
                }
            }
            None => {
                let known: Vec<String> = self
                    .directory
                    .all()
                    .iter()
                    .map(|p| p.name.clone())
                    .collect();
                Output::Refused {
                    error: ArmError::new(
                        400,
                        "PrincipalNotFound",
                        alloc::format!(
                            "Principal '{}' does not exist in the directory {}. Known principals: {}. Add a user with az ad user create.",
                            crate::id::shorten(who),
                            self.directory.tenant,
                            known.join(", ")
                        ),
                        RuleId::Rbac,
                    ),
                }
            }
        }
    }

    fn select_subscription(&mut self, which: &str) -> Output {
        let found = self
            .store
            .roots()
            .filter_map(|n| self.store.res(n))
            .find(|r| {
                r.name.eq_ignore_ascii_case(which)
                    || r.body
                        .get("displayName")
                        .and_then(Value::as_str)
                        .map(|d| d.eq_ignore_ascii_case(which))
                        == Some(true)
            });
        match found {
            Some(r) => {
                let id = r.name.clone();
                self.current_subscription = id.clone();
                self.emit(EventKind::SettingChanged {
                    setting: "subscription".into(),
                    value: id.clone(),
                });
                Output::Done {
                    message: alloc::format!("Current subscription is {id}."),
                }
            }
            None => Output::Refused {
                error: ArmError::new(
                    404,
                    "SubscriptionNotFound",
                    alloc::format!(
                        "The subscription '{}' doesn't exist in cloud 'AzureCloud'.",
                        crate::id::shorten(which)
                    ),
                    RuleId::ResourceMustExist,
                ),
            },
        }
    }

    // ----- time ------------------------------------------------------------------------

    fn set_now(&mut self, to: SimTime) {
        if to > self.now {
            self.now = to;
            self.emit(EventKind::ClockAdvanced { to });
        }
    }

    /// Processes every scheduled item due at or before `to`, in time order.
    pub(crate) fn run_until(&mut self, to: SimTime) {
        while let Some((&(at, seq), _)) = self.queue.iter().next() {
            if at > to {
                break;
            }
            let Some(due) = self.queue.remove(&(at, seq)) else {
                break;
            };
            if at > self.now {
                self.now = at;
            }
            match due {
                Due::Op(op) => self.complete_operation(op),
                Due::FaultEnd(f) => self.heal_fault(f),
            }
        }
    }

    fn wait(&mut self, op: u64) -> Output {
        let limit = self.now + Self::MAX_WAIT;
        loop {
            match self.ops.get(&op) {
                None => {
                    return Output::Refused {
                        error: ArmError::new(
                            404,
                            "OperationNotFound",
                            alloc::format!("There is no operation {op}."),
                            RuleId::ResourceMustExist,
                        ),
                    };
                }
                Some(o) if o.status != OpStatus::Running => {
                    return Output::Done {
                        message: alloc::format!("Operation {op} ended: {:?}.", o.status),
                    };
                }
                Some(_) => {}
            }
            let next = self.queue.keys().next().map(|(t, _)| *t);
            match next {
                Some(t) if t <= limit => {
                    self.run_until(t);
                    self.set_now(t);
                }
                _ => {
                    self.set_now(limit);
                    return Output::Done {
                        message: alloc::format!(
                            "Operation {op} is still running after {}.",
                            Self::MAX_WAIT
                        ),
                    };
                }
            }
        }
    }

    pub(crate) fn schedule(&mut self, at: SimTime, due: Due) {
        self.queue_seq += 1;
        self.queue.insert((at, self.queue_seq), due);
    }

    // ----- events ----------------------------------------------------------------------

    pub(crate) fn emit(&mut self, kind: EventKind) {
        let ev = Event {
            seq: self.events.last().map(|e| e.seq + 1).unwrap_or(0),
            at: self.now,
            kind,
        };
        self.trace = fold(self.trace, &ev);
        if self.events.len() >= Self::MAX_EVENTS {
            self.events.drain(..Self::MAX_EVENTS / 2);
        }
        self.events.push(ev);
    }

    // ----- faults ----------------------------------------------------------------------

    fn add_fault(&mut self, spec: &FaultSpec) -> Output {
        let mut spec = spec.clone();
        if let Some(r) = &spec.region {
            let r = crate::regions::normalize(r);
            if !crate::regions::exists(&r) {
                return Output::Refused {
                    error: ArmError::new(
                        400,
                        "InvalidFault",
                        alloc::format!(
                            "'{}' is not an Azure region; try eastus or westeurope.",
                            crate::id::shorten(&r)
                        ),
                        RuleId::RegionAvailability,
                    ),
                };
            }
            spec.region = Some(r);
        }
        let needs = match spec.kind {
            FaultKind::RegionOutage | FaultKind::ZoneDown if spec.region.is_none() => {
                Some("--region REGION")
            }
            FaultKind::KeyVaultDeny if spec.target.is_none() => {
                Some("--target KEY_VAULT_OR_KEY_ID")
            }
            _ => None,
        };
        if let Some(flag) = needs {
            return Output::Refused {
                error: ArmError::new(
                    400,
                    "InvalidFault",
                    alloc::format!("A {} fault needs {flag}.", spec.kind.id()),
                    RuleId::ValidRequest,
                ),
            };
        }
        if let Some(z) = spec.zone
            && !(1..=3).contains(&z)
        {
            return Output::Refused {
                error: ArmError::new(
                    400,
                    "InvalidFault",
                    alloc::format!("Availability zones are numbered 1 to 3, not {z}."),
                    RuleId::ValidRequest,
                ),
            };
        }
        if spec.probability.is_some_and(|p| p > 100) {
            return Output::Refused {
                error: ArmError::new(
                    400,
                    "InvalidFault",
                    "A probability is a percentage from 0 to 100.".into(),
                    RuleId::ValidRequest,
                ),
            };
        }
        let duration = spec.duration.unwrap_or(spec.kind.default_duration());
        // Faults last at least one second so that they are observable.
        let duration = if duration.0 < 1000 {
            Millis::secs(1)
        } else {
            duration
        };
        let id = self.next_fault;
        self.next_fault += 1;
        let fault = Fault {
            id,
            spec: spec.clone(),
            started: self.now,
            ends: self.now + duration,
        };
        let scope = fault.scope();
        let until = fault.ends;
        self.faults.insert(id, fault);
        self.schedule(until, Due::FaultEnd(id));
        self.emit(EventKind::FaultStarted {
            fault: id,
            kind: spec.kind.id().into(),
            scope: scope.clone(),
            until,
        });
        Output::Done {
            message: alloc::format!("Fault #{id} {} on {scope} until {until}.", spec.kind.id()),
        }
    }

    fn clear_fault(&mut self, which: Option<u32>) -> Output {
        let ids: Vec<u32> = match which {
            Some(id) if self.faults.contains_key(&id) => alloc::vec![id],
            Some(id) => {
                return Output::Refused {
                    error: ArmError::new(
                        404,
                        "FaultNotFound",
                        alloc::format!(
                            "There is no active fault #{id}; sim fault list shows the active ones."
                        ),
                        RuleId::ResourceMustExist,
                    ),
                };
            }
            None => self.faults.keys().copied().collect(),
        };
        for id in &ids {
            self.heal_fault(*id);
        }
        Output::Done {
            message: alloc::format!("{} fault(s) cleared.", ids.len()),
        }
    }

    fn heal_fault(&mut self, id: u32) {
        if let Some(f) = self.faults.remove(&id) {
            self.emit(EventKind::FaultHealed {
                fault: id,
                kind: f.spec.kind.id().into(),
            });
        }
    }

    /// Active faults of `kind` covering a resource.
    pub(crate) fn faults_covering<'a>(
        &'a self,
        kind: FaultKind,
        id_lower: &'a str,
        type_name: &'a str,
        region: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Fault> + 'a {
        self.faults
            .values()
            .filter(move |f| f.spec.kind == kind && f.covers(id_lower, type_name, region))
    }

    /// True when a region outage covers `region`.
    pub(crate) fn region_down(&self, region: Option<&str>) -> Option<&Fault> {
        let region = region?;
        self.faults.values().find(|f| {
            f.spec.kind == FaultKind::RegionOutage && f.spec.region.as_deref() == Some(region)
        })
    }

    // ----- getters ---------------------------------------------------------------------

    /// The session's starting configuration.
    pub fn config(&self) -> Config {
        self.config
    }
    /// Virtual time now.
    pub fn now(&self) -> SimTime {
        self.now
    }
    /// Current timing.
    pub fn timing(&self) -> Timing {
        self.timing
    }
    /// Current stage.
    pub fn stage(&self) -> Stage {
        self.stage
    }
    /// The acting principal's sign-in name.
    pub fn acting(&self) -> &str {
        &self.acting
    }
    /// The current subscription id.
    pub fn current_subscription(&self) -> &str {
        &self.current_subscription
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
        self.faults.values()
    }
    /// Events (the most recent [`World::MAX_EVENTS`] at most).
    pub fn events(&self) -> &[Event] {
        &self.events
    }
    /// Events with `seq >= since`.
    pub fn events_since(&self, since: u64) -> &[Event] {
        let start = self.events.partition_point(|e| e.seq < since);
        &self.events[start..]
    }
    /// The rolling hash over every event so far.
    pub fn trace_hash(&self) -> u64 {
        self.trace
    }
    /// The trace hash as 16 hex digits.
    pub fn trace_hash_hex(&self) -> String {
        alloc::format!("{:016x}", self.trace)
    }
    /// When the next scheduled thing happens (an operation ends, a fault heals), if anything
    /// is scheduled: what "jump to the next event" advances to.
    pub fn next_due(&self) -> Option<SimTime> {
        self.queue.keys().next().map(|(t, _)| *t)
    }
    /// A long-running operation.
    pub fn operation(&self, id: u64) -> Option<&Operation> {
        self.ops.get(&id)
    }
    /// Number of resources (subscriptions and role assignments included).
    pub fn resource_count(&self) -> usize {
        self.store.len()
    }
    /// True if the subscription is registered for `namespace`.
    pub fn provider_registered(&self, subscription: &str, namespace: &str) -> bool {
        self.unregistered.is_empty()
            || !self
                .unregistered
                .contains_key(&(subscription.to_lowercase(), namespace.to_lowercase()))
    }
    /// The display name of a subscription.
    pub fn subscription_name(&self, id: &str) -> Option<String> {
        let n = self.subscription_node(id)?;
        self.store
            .res(n)?
            .body
            .get("displayName")
            .and_then(Value::as_str)
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
        let p = ArmPath::parse(id).ok()?;
        if !p.is_resource() {
            return None;
        }
        self.store.find(&p).and_then(|n| self.store.res(n))
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

    /// The ARM body of a resource as a GET shows it (effective settings applied).
    pub fn view(&self, id: &str) -> Option<Value> {
        let n = self.find_node(id)?;
        Some(self.view_node(n))
    }
}
