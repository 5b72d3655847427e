//! The operations timeline as data: long-running operations as bars on the virtual clock
//! (a FHIR service's minutes of provisioning, a group delete with its cascaded children as
//! marks on its bar), events as marks, faults as spans, and the current moment (the step the
//! session is at, and its virtual time). Built from the world the session shows, so undo, redo
//! and the slider move it too.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use serde::Serialize;

use hcsim_core::operation::OpStatus;
use hcsim_core::{EventKind, Session, World};

use super::names;

/// At most this many operations (the most recent) are drawn.
pub const MAX_OPS: usize = 60;
/// At most this many events (the most recent) are marked.
pub const MAX_MARKS: usize = 200;

/// An event on the clock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Mark {
    /// Virtual time, ms.
    pub at_ms: u64,
    /// `ResourceCreated`, `CascadeDeleted` …
    pub name: &'static str,
    /// One readable line (ids relative to the current subscription).
    pub summary: String,
}

/// One long-running operation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OpBar {
    /// The operation's number.
    pub number: u64,
    /// `create`, `update`, `delete`, `delete group`.
    pub kind: &'static str,
    /// The resource id it works on.
    pub target: String,
    /// The target relative to the current subscription.
    pub short_target: String,
    /// Started, ms.
    pub start_ms: u64,
    /// Ended (or is due to end, while running), ms.
    pub end_ms: u64,
    /// `Running`, `Succeeded`, `Failed`, `Canceled`.
    pub status: &'static str,
    /// The failure's code, when failed.
    pub error: Option<String>,
    /// What a delete took along (`CascadeDeleted` events naming its target).
    pub children: Vec<Mark>,
}

/// A fault's time span.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultSpan {
    /// The fault's number.
    pub number: u32,
    /// Its kind id.
    pub kind: String,
    /// What it covers, readable.
    pub scope: String,
    /// Started, ms.
    pub start_ms: u64,
    /// Healed (or will heal), ms.
    pub end_ms: u64,
    /// True while it is active.
    pub active: bool,
}

/// The timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OpsTimeline {
    /// Virtual time now, ms (the current step's moment).
    pub now_ms: u64,
    /// Virtual time now, readable.
    pub now: String,
    /// Steps applied (the session's cursor).
    pub cursor: usize,
    /// Steps recorded.
    pub steps: usize,
    /// Operations, oldest first.
    pub ops: Vec<OpBar>,
    /// Events other than clock ticks and cascade deletes, oldest first.
    pub marks: Vec<Mark>,
    /// Faults, by number.
    pub faults: Vec<FaultSpan>,
}

fn status_word(s: OpStatus) -> &'static str {
    match s {
        OpStatus::Running => "Running",
        OpStatus::Succeeded => "Succeeded",
        OpStatus::Failed => "Failed",
        OpStatus::Canceled => "Canceled",
    }
}

/// The timeline of the world a session shows, with its step.
pub fn timeline(session: &Session) -> OpsTimeline {
    let world = session.world();
    let scope = names::current_scope(world);
    let now = world.now();
    let mut ops: Vec<OpBar> = world
        .operations()
        .map(|o| OpBar {
            number: o.id,
            kind: o.kind.as_str(),
            short_target: names::relative_id(&o.target, &scope),
            target: o.target.clone(),
            start_ms: o.started.0,
            // A running operation is due later; a finished one says when it ended.
            end_ms: o.ended.unwrap_or(o.due).0.max(o.started.0),
            status: status_word(o.status),
            error: o.error.as_ref().map(|e| e.code.clone()),
            children: Vec::new(),
        })
        .collect();
    let skip = ops.len().saturating_sub(MAX_OPS);
    ops.drain(..skip);
    let (marks, faults) = marks_and_faults(world, &scope, &mut ops);
    OpsTimeline {
        now_ms: now.0,
        now: alloc::format!("{now}"),
        cursor: session.cursor(),
        steps: session.steps().len(),
        ops,
        marks,
        faults,
    }
}

/// Events as marks (cascaded deletes onto their operation's bar) and faults as spans.
fn marks_and_faults(world: &World, scope: &str, ops: &mut [OpBar]) -> (Vec<Mark>, Vec<FaultSpan>) {
    let mut marks = Vec::new();
    let mut faults: BTreeMap<u32, FaultSpan> = BTreeMap::new();
    let events = world.events();
    for e in events
        .iter()
        .skip(events.len().saturating_sub(MAX_MARKS * 4))
    {
        let mark = || Mark {
            at_ms: e.at.0,
            name: e.kind.name(),
            summary: names::shorten_ids(&e.kind.summary(), scope),
        };
        match &e.kind {
            EventKind::ClockAdvanced { .. } => {}
            EventKind::CascadeDeleted { by, .. } => {
                let bar = ops
                    .iter_mut()
                    .rev()
                    .find(|o| o.target.eq_ignore_ascii_case(by) && o.start_ms <= e.at.0);
                match bar {
                    Some(bar) => bar.children.push(mark()),
                    None => marks.push(mark()),
                }
            }
            EventKind::FaultStarted {
                fault,
                kind,
                scope,
                until,
            } => {
                faults.insert(
                    *fault,
                    FaultSpan {
                        number: *fault,
                        kind: kind.clone(),
                        scope: scope.clone(),
                        start_ms: e.at.0,
                        end_ms: until.0,
                        active: false,
                    },
                );
                marks.push(mark());
            }
            EventKind::FaultHealed { fault, .. } => {
                if let Some(f) = faults.get_mut(fault) {
                    f.end_ms = e.at.0;
                }
                marks.push(mark());
            }
            _ => marks.push(mark()),
        }
    }
    // The world's own record of active faults is exact (and outlives old events).
    for f in world.faults() {
        faults.insert(
            f.id,
            FaultSpan {
                number: f.id,
                kind: f.spec.kind.id().into(),
                scope: f.scope(),
                start_ms: f.started.0,
                end_ms: f.ends.0,
                active: true,
            },
        );
    }
    let skip = marks.len().saturating_sub(MAX_MARKS);
    marks.drain(..skip);
    (marks, faults.into_values().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lab;
    use hcsim_core::{Config, Timing};

    fn lab(timing: Timing, lines: &[&str]) -> Lab {
        let mut config = Config::new(7);
        config.timing = timing;
        let mut lab = Lab::new(config);
        for line in lines {
            let out = lab.run(line);
            assert!(out.ok, "{line}: {}", out.output);
        }
        lab
    }

    #[test]
    fn provisioning_takes_minutes_on_the_virtual_clock() {
        let l = lab(
            Timing::Realistic,
            &[
                "az group create -n rg1 -l eastus",
                "az healthcareapis workspace create -n ws1 -g rg1",
                "az healthcareapis workspace fhir-service create -n fhir1 --workspace-name ws1 -g rg1 --kind fhir-R4",
            ],
        );
        let t = timeline(l.session());
        let fhir = t
            .ops
            .iter()
            .find(|o| o.short_target == "rg1/workspaces/ws1/fhirservices/fhir1")
            .expect("the FHIR service's create operation");
        assert_eq!((fhir.kind, fhir.status), ("create", "Succeeded"));
        assert!(fhir.end_ms - fhir.start_ms >= 60_000, "{fhir:?}");
        assert!(fhir.end_ms <= t.now_ms);
        assert_eq!((t.cursor, t.steps), (3, 3));
        assert!(
            t.marks
                .iter()
                .any(|m| m.name == "ResourceCreated" && m.summary.contains("rg1/workspaces/ws1"))
        );
        assert!(
            !t.marks
                .iter()
                .any(|m| m.summary.contains("/subscriptions/")),
            "{:?}",
            t.marks
        );
    }

    #[test]
    fn a_group_delete_carries_its_cascaded_children() {
        let l = lab(
            Timing::Realistic,
            &[
                "az group create -n rg1 -l eastus",
                "az healthcareapis workspace create -n ws1 -g rg1",
                "az healthcareapis workspace fhir-service create -n fhir1 --workspace-name ws1 -g rg1 --kind fhir-R4",
                "az group delete -n rg1 --yes",
            ],
        );
        let t = timeline(l.session());
        let del = t
            .ops
            .iter()
            .find(|o| o.kind == "delete group")
            .expect("the group delete");
        assert_eq!(del.status, "Succeeded");
        let names: Vec<&str> = del.children.iter().map(|m| m.summary.as_str()).collect();
        assert!(names.iter().any(|s| s.contains("fhir1")), "{names:?}");
        assert!(del.children.iter().all(|m| m.at_ms >= del.start_ms));
    }

    #[test]
    fn faults_are_spans_and_the_timeline_follows_undo() {
        let mut l = lab(
            Timing::Instant,
            &[
                "az group create -n rg1 -l eastus",
                "sim fault add region-outage --region eastus --for 10m",
            ],
        );
        let t = timeline(l.session());
        let f = &t.faults[0];
        assert!(f.active && f.kind == "region-outage");
        assert_eq!(f.end_ms - f.start_ms, 600_000);
        assert!(l.run("sim advance 11m").ok);
        let t = timeline(l.session());
        assert!(!t.faults[0].active);
        assert!(t.faults[0].end_ms <= t.now_ms);
        assert!(l.undo().is_some());
        let t = timeline(l.session());
        assert!(t.faults[0].active, "after undo the fault is active again");
        assert_eq!(t.cursor + 1, t.steps);
    }
}
