//! hcsim-core: a deterministic, `no_std` state machine simulating the control plane of an
//! Azure Healthcare APIs (Azure Health Data Services) workspace.
//!
//! The shape mirrors Azure: a [`Request`] goes to the simulated ARM front door (routing,
//! principals, throttling, provider registration, RBAC, locks, resource-group checks), which
//! hands it to a resource provider (`Microsoft.HealthcareApis` with the workspace rules, and
//! small generic providers), which starts an operation that completes later in virtual time.
//!
//! - [`World`]: the state; change it only with [`World::apply`] and an [`Input`]; read it with
//!   its getters ([`World::events`], [`World::view`], [`World::effective_settings`] …).
//! - [`Session`]: a world with its history (undo, redo, jump, snapshots).
//! - [`RuleId`]: the rulebook; every rejection ([`ArmError`]) names the rule it enforces.
//!
//! Modules in reading order (each uses only modules above it):
//! - vocabulary: [`time`], [`rng`], [`config`], [`regions`], [`registrations`], [`account`],
//!   [`rules`]; then [`error`], [`events`], [`faults`], [`probe`], [`resource`],
//!   [`schedule`], [`directory`];
//! - request handling: `checks` (shared request checks), [`operation`], [`request`],
//!   [`store`] (the resource index; `child_index`, its nodes by path hash), `plan` (what
//!   a PUT will do), [`rbac`], [`propagation`]
//!   (delays before a change takes effect);
//! - [`providers`]: per-type decisions; [`world`]: the state and [`World::apply`];
//! - [`fhir`]: the FHIR data plane's data and interactions (pure, below the world);
//!   [`medtech`]: the MedTech pipeline's event hubs, metrics and stages (pure, below the
//!   world, with the mapping engine `hcsim-medtech`);
//! - on top of the world: `dataplane` (probes answered, and the checks every data-plane call
//!   meets), `fhirplane` (FHIR requests answered), `pipeline` (IoT connectors processing
//!   device messages as time passes), `frontdoor` (ARM's front door),
//!   [`history`] (sessions), [`settings`] (read-only questions of front ends), [`relations`]
//!   (how resources relate beyond containment, for drawing the world).
//!
//! Invariants: no clock, no OS randomness, no `HashMap`, no `unsafe`; same seed and same
//! inputs give the same events and [`World::trace_hash`] on every platform.
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![warn(clippy::too_many_lines)]

extern crate alloc;

pub mod account;
pub mod body;
mod checks;
mod child_index;
pub mod config;
mod dataplane;
pub mod directory;
pub mod error;
pub mod events;
pub mod faults;
pub mod fhir;
// Without the data plane only its readers (metrics, stored data) are used.
#[cfg_attr(not(feature = "dataplane"), allow(dead_code))]
mod fhirplane;
mod frontdoor;
pub mod history;
pub mod input_log;
pub mod json_escape;
pub mod medtech;
pub mod operation;
pub mod packed;
// Without the data plane only its readers (metrics, stored data) are used.
#[cfg_attr(not(feature = "dataplane"), allow(dead_code))]
mod pipeline;
mod plan;
pub mod probe;
pub mod propagation;
pub mod providers;
pub mod rbac;
pub mod regions;
pub mod registrations;
pub mod relations;
pub mod request;
pub mod resource;
pub mod rng;
pub mod roles;
pub mod rules;
pub mod schedule;
pub mod settings;
mod sorted;
pub mod store;
pub mod time;
pub mod world;

/// The API-version table (re-exported from `hcsim-arm`).
pub use hcsim_arm::api;
/// ARM ids (re-exported from the leaf crate `hcsim-arm`, which the template engine shares).
pub use hcsim_arm::id;

pub use error::ArmError;
pub use events::{Event, EventKind, Events};
pub use faults::{Fault, FaultKind, FaultSpec};
pub use history::{Session, Snapshot, SnapshotError, Step};
pub use pipeline::ConnectorMetrics;
pub use probe::{Network, ProbeResult, ProbeSpec};
pub use relations::{Relation, RelationKind};
pub use request::{Method, Request, Response};
pub use resource::{ProvisioningState, ResKind, Resource};
pub use rules::RuleId;
pub use settings::{ActionCheck, EffectiveSetting};
pub use time::{Millis, SimTime};
pub use world::{Config, Input, Output, Stage, Timing, World};

/// The API version whose field names the simulator follows.
pub const API_VERSION: &str = hcsim_arm::api::HEALTHCARE;
