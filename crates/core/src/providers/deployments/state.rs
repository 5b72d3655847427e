//! The state of a running deployment, kept by the world between the steps of its run (the
//! steps themselves are the front door's: `frontdoor/deploy_run.rs`).

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::Value;

use hcsim_template::Scope;

use super::record::Record;
use crate::error::ArmError;

/// Running deployments, by their operation number.
pub(crate) type Runs = BTreeMap<u64, Run>;

/// Where one planned resource is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum St {
    /// Waiting for its dependencies.
    Pending,
    /// Its PUT started operation `.0`.
    Running(u64),
    /// Succeeded.
    Done,
    /// Rejected or failed.
    Failed,
    /// Not attempted: a dependency failed.
    Skipped,
}

/// Complete mode's deletions: levels of ids, deepest first.
#[derive(Clone, Debug, Default)]
pub(crate) struct Deleting {
    /// Ids to delete, one level per depth, deepest first.
    pub levels: Vec<Vec<String>>,
    /// The next level to start.
    pub next: usize,
    /// The deletes of the current level still to settle: (operation, id).
    pub ops: Vec<(u64, String)>,
}

/// One running deployment (kept by the world until it ends, keyed by its operation).
#[derive(Clone, Debug)]
pub(crate) struct Run {
    /// The deployment record's canonical id.
    pub id: String,
    /// Who deploys: every resource request is sent as this principal.
    pub principal: String,
    /// The template text (re-planned at each step: planning is pure and deterministic).
    pub template: String,
    /// The supplied parameters.
    pub parameters: Value,
    /// Where it deploys.
    pub scope: Scope,
    /// The record's fixed and accumulated parts.
    pub record: Record,
    /// One state per planned resource (empty before the first step).
    pub states: Vec<St>,
    /// Inner errors in the order they happened: (resource id, error).
    pub errors: Vec<(String, ArmError)>,
    /// Complete mode's deletions, once the resources are settled.
    pub deleting: Option<Deleting>,
}
