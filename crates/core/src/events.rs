//! Events: a typed, past-tense record of everything that happened, each stamped with virtual
//! time, and the rolling trace hash over them (same seed + same inputs ⇒ same hash everywhere).

use alloc::borrow::Cow;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::hash::{Hash, Hasher};
use serde::{Deserialize, Serialize};

use crate::rules::RuleId;
use crate::time::SimTime;

/// A word of an event that is most often one of a few fixed ones (an HTTP verb, a
/// provisioning state, a canonical resource type): borrowed then, so recording it allocates
/// nothing. It hashes, compares and serializes exactly as the `String` it reads as.
pub type Word = Cow<'static, str>;

/// What happened.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "event")]
pub enum EventKind {
    /// A write was accepted by the front door.
    RequestAccepted {
        /// HTTP verb.
        method: Word,
        /// Target id.
        id: String,
        /// Response status.
        status: u16,
        /// Sender.
        principal: String,
    },
    /// A request was refused.
    RequestRejected {
        /// HTTP verb.
        method: Word,
        /// Target path.
        id: String,
        /// Status.
        status: u16,
        /// ARM error code.
        code: String,
        /// The rule it broke.
        rule: Option<RuleId>,
    },
    /// A resource came into existence (its provisioning started).
    ResourceCreated {
        /// Id.
        id: String,
        /// Type.
        resource_type: Word,
        /// Location, if tracked.
        location: Option<String>,
    },
    /// `provisioningState` moved.
    ProvisioningStateChanged {
        /// Id.
        id: String,
        /// Old state.
        from: Word,
        /// New state.
        to: Word,
    },
    /// A long-running operation failed.
    OperationFailed {
        /// Id.
        id: String,
        /// Error code.
        code: String,
        /// Message.
        message: String,
    },
    /// A resource was deleted by a request on it.
    ResourceDeleted {
        /// Id.
        id: String,
        /// Type.
        resource_type: Word,
    },
    /// A resource was deleted because its resource group (or parent) was.
    CascadeDeleted {
        /// Id.
        id: String,
        /// Type.
        resource_type: Word,
        /// The resource whose deletion took it along.
        by: String,
    },
    /// A private endpoint connection was made to a workspace.
    PrivateEndpointConnected {
        /// Workspace id.
        workspace: String,
        /// Connection status (Approved / Pending).
        status: String,
    },
    /// A fault began.
    FaultStarted {
        /// Fault number.
        fault: u32,
        /// Kind id (`region-outage` …).
        kind: String,
        /// What it targets, readable.
        scope: String,
        /// When it ends.
        until: SimTime,
    },
    /// A fault ended.
    FaultHealed {
        /// Fault number.
        fault: u32,
        /// Kind id.
        kind: String,
    },
    /// A data-plane probe was answered.
    ProbeAnswered {
        /// Service id.
        id: String,
        /// HTTP status.
        status: u16,
        /// Why.
        reason: String,
    },
    /// Virtual time moved.
    ClockAdvanced {
        /// The new time.
        to: SimTime,
    },
    /// A simulator setting changed (timing, stage, acting principal, user added).
    SettingChanged {
        /// Setting name.
        setting: String,
        /// New value.
        value: String,
    },
    /// A FHIR resource was written (created, updated or deleted) in a FHIR service. Boxed:
    /// it is the largest event, and every event of the log is as large as the largest one
    /// (a box keeps the log's events at the size of a request's; the serde text and the
    /// trace-hash bytes are those of the fields, as before).
    FhirResourceWritten(alloc::boxed::Box<FhirWrite>),
    /// A FHIR write was refused.
    FhirRequestRefused {
        /// FHIR service id (or the host called).
        service: String,
        /// HTTP verb.
        method: Word,
        /// Status.
        status: u16,
        /// The rule behind it.
        rule: Option<RuleId>,
    },
    /// Device messages reached an IoT connector's event hub.
    DeviceMessagesQueued {
        /// IoT connector id.
        connector: String,
        /// Messages sent.
        count: u64,
        /// Messages waiting now.
        waiting: u64,
    },
    /// An IoT connector processed a batch of device messages.
    MedtechBatchProcessed {
        /// IoT connector id.
        connector: String,
        /// Messages taken from the event hub.
        messages: u64,
        /// Measurements normalized.
        measurements: u64,
        /// FHIR resources saved.
        saved: u64,
    },
    /// An IoT connector met an error processing a message (it is counted in its metrics).
    MedtechError {
        /// IoT connector id.
        connector: String,
        /// The service's error name (`DeviceNotFoundException` …).
        error: String,
        /// Why.
        message: String,
        /// The rule behind it.
        rule: Option<RuleId>,
    },
    /// An IoT connector could not process: its messages wait in the event hub.
    MedtechWaiting {
        /// IoT connector id.
        connector: String,
        /// Why.
        reason: String,
        /// The rule behind it.
        rule: Option<RuleId>,
    },
}

/// What a [`EventKind::FhirResourceWritten`] records: a FHIR resource written (created,
/// updated or deleted) in a FHIR service.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FhirWrite {
    /// FHIR service id.
    pub service: String,
    /// `Type/id`.
    pub resource: String,
    /// The new `meta.versionId`.
    pub version: u64,
    /// `POST`, `PUT` or `DELETE`.
    pub method: Word,
    /// Who wrote it (a user, or an IoT connector's identity).
    pub principal: String,
}

/// One event.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Event {
    /// Sequence number from 0.
    pub seq: u64,
    /// Virtual time.
    pub at: SimTime,
    /// What happened.
    #[serde(flatten)]
    pub kind: EventKind,
}

impl EventKind {
    /// The event's name (`ResourceCreated` …).
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::RequestAccepted { .. } => "RequestAccepted",
            EventKind::RequestRejected { .. } => "RequestRejected",
            EventKind::ResourceCreated { .. } => "ResourceCreated",
            EventKind::ProvisioningStateChanged { .. } => "ProvisioningStateChanged",
            EventKind::OperationFailed { .. } => "OperationFailed",
            EventKind::ResourceDeleted { .. } => "ResourceDeleted",
            EventKind::CascadeDeleted { .. } => "CascadeDeleted",
            EventKind::PrivateEndpointConnected { .. } => "PrivateEndpointConnected",
            EventKind::FaultStarted { .. } => "FaultStarted",
            EventKind::FaultHealed { .. } => "FaultHealed",
            EventKind::ProbeAnswered { .. } => "ProbeAnswered",
            EventKind::ClockAdvanced { .. } => "ClockAdvanced",
            EventKind::SettingChanged { .. } => "SettingChanged",
            EventKind::FhirResourceWritten { .. } => "FhirResourceWritten",
            EventKind::FhirRequestRefused { .. } => "FhirRequestRefused",
            EventKind::DeviceMessagesQueued { .. } => "DeviceMessagesQueued",
            EventKind::MedtechBatchProcessed { .. } => "MedtechBatchProcessed",
            EventKind::MedtechError { .. } => "MedtechError",
            EventKind::MedtechWaiting { .. } => "MedtechWaiting",
        }
    }

    /// A one-line human summary.
    pub fn summary(&self) -> String {
        use alloc::format;
        match self {
            EventKind::RequestAccepted {
                method,
                id,
                status,
                principal,
            } => format!("{method} {id} → {status} (by {principal})"),
            EventKind::RequestRejected {
                method,
                id,
                status,
                code,
                rule,
            } => match rule {
                Some(r) => format!("{method} {id} → {status} {code} [rule {}]", r.id()),
                None => format!("{method} {id} → {status} {code}"),
            },
            EventKind::ResourceCreated {
                id, resource_type, ..
            } => format!("{resource_type} {id} created"),
            EventKind::ProvisioningStateChanged { id, from, to } => format!("{id}: {from} → {to}"),
            EventKind::OperationFailed { id, code, message } => {
                format!("{id}: operation failed ({code}) {message}")
            }
            EventKind::ResourceDeleted { id, .. } => format!("{id} deleted"),
            EventKind::CascadeDeleted { id, by, .. } => format!("{id} deleted with {by}"),
            EventKind::PrivateEndpointConnected { workspace, status } => {
                format!("private endpoint connection to {workspace}: {status}")
            }
            EventKind::FaultStarted {
                fault,
                kind,
                scope,
                until,
            } => format!("fault #{fault} {kind} started on {scope} (until {until})"),
            EventKind::FaultHealed { fault, kind } => format!("fault #{fault} {kind} healed"),
            EventKind::ProbeAnswered { id, status, reason } => {
                format!("probe {id} → {status}: {reason}")
            }
            EventKind::ClockAdvanced { to } => format!("clock advanced to {to}"),
            EventKind::SettingChanged { setting, value } => format!("{setting} set to {value}"),
            EventKind::FhirResourceWritten(w) => {
                let FhirWrite {
                    service,
                    resource,
                    version,
                    method,
                    principal,
                } = &**w;
                format!("{method} {resource} (version {version}) in {service} by {principal}")
            }
            EventKind::FhirRequestRefused {
                service,
                method,
                status,
                rule,
            } => match rule {
                Some(r) => format!("FHIR {method} on {service} → {status} [rule {}]", r.id()),
                None => format!("FHIR {method} on {service} → {status}"),
            },
            EventKind::DeviceMessagesQueued {
                connector,
                count,
                waiting,
            } => format!("{count} device message(s) sent to {connector} ({waiting} waiting)"),
            EventKind::MedtechBatchProcessed {
                connector,
                messages,
                measurements,
                saved,
            } => format!(
                "{connector} processed {messages} message(s): {measurements} measurement(s), {saved} FHIR resource(s) saved"
            ),
            EventKind::MedtechError {
                connector,
                error,
                message,
                rule,
            } => match rule {
                Some(r) => format!("{connector}: {error}: {message} [rule {}]", r.id()),
                None => format!("{connector}: {error}: {message}"),
            },
            EventKind::MedtechWaiting {
                connector,
                reason,
                rule,
            } => match rule {
                Some(r) => format!("{connector} waits: {reason} [rule {}]", r.id()),
                None => format!("{connector} waits: {reason}"),
            },
        }
    }
}

/// FNV-1a as a [`Hasher`] whose integer writes are fixed-width little-endian, so a derived
/// `Hash` gives the same bytes on 32-bit wasm and 64-bit native targets.
#[derive(Clone, Copy, Debug)]
pub struct TraceHasher(pub u64);

impl Default for TraceHasher {
    fn default() -> Self {
        TraceHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for TraceHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write(&[i]);
    }
    fn write_u16(&mut self, i: u16) {
        self.write(&i.to_le_bytes());
    }
    fn write_u32(&mut self, i: u32) {
        self.write(&i.to_le_bytes());
    }
    fn write_u64(&mut self, i: u64) {
        self.write(&i.to_le_bytes());
    }
    fn write_usize(&mut self, i: usize) {
        self.write(&(i as u64).to_le_bytes());
    }
    fn write_isize(&mut self, i: isize) {
        self.write(&(i as i64).to_le_bytes());
    }
}

/// Folds one event into a running trace hash.
pub fn fold(trace: u64, event: &Event) -> u64 {
    let mut h = TraceHasher(trace);
    event.hash(&mut h);
    h.finish()
}

/// The event log part of the world: the most recent events and the rolling trace hash over
/// all of them.
///
/// Invariants: `seq` numbers are consecutive from 0; the hash covers every event ever
/// appended (also those dropped to bound memory); at most [`EventLog::MAX`] are kept.
///
/// Events are kept in sealed chunks of [`EventLog::CHUNK`] shared by reference count, and an
/// open tail: a clone of the world (a history checkpoint, an undo) shares every sealed
/// chunk instead of copying each event, so it costs a pointer per chunk.
#[derive(Clone, Debug)]
pub struct EventLog {
    /// Sealed chunks: each the tail's own vector, moved behind a reference count (sealing
    /// copies no event, and touches no fresh memory for them).
    chunks: Vec<Rc<Vec<Event>>>,
    tail: Vec<Event>,
    trace: u64,
}

impl EventLog {
    /// Events kept in memory; older ones are dropped (the trace hash still covers them, and
    /// a session's history is its inputs, not its events). What people read are the events
    /// of the last lines: a long window would only weigh on memory (an event or three per
    /// resource written).
    pub const MAX: usize = 65_536;
    /// Events per sealed chunk (divides `MAX / 2`, so dropping the older half drops whole
    /// chunks).
    pub const CHUNK: usize = 256;

    /// An empty log whose hash starts from the session's seed.
    pub fn new(seed: u64) -> EventLog {
        let mut trace = TraceHasher::default();
        trace.write_u64(seed);
        EventLog {
            chunks: Vec::new(),
            tail: Vec::new(),
            trace: trace.finish(),
        }
    }

    /// Appends an event at `at` and folds it into the hash.
    pub fn emit(&mut self, at: SimTime, kind: EventKind) {
        let ev = Event {
            seq: self.all().last().map(|e| e.seq + 1).unwrap_or(0),
            at,
            kind,
        };
        self.trace = fold(self.trace, &ev);
        if self.all().len() >= Self::MAX {
            // The older half, as whole chunks (a full log holds `MAX / CHUNK` sealed ones).
            self.chunks.drain(..Self::MAX / 2 / Self::CHUNK);
        }
        if self.tail.capacity() == 0 {
            // A chunk's room at once: growing it event by event reallocated it eight times.
            self.tail.reserve_exact(Self::CHUNK);
        }
        self.tail.push(ev);
        if self.tail.len() == Self::CHUNK {
            let sealed = Rc::new(core::mem::take(&mut self.tail));
            self.chunks.push(sealed);
        }
    }

    /// The events kept.
    pub fn all(&self) -> Events<'_> {
        Events {
            chunks: &self.chunks,
            tail: &self.tail,
            skip: 0,
        }
    }

    /// Events with `seq >= since`.
    pub fn since(&self, since: u64) -> Events<'_> {
        let all = self.all();
        let first = all.first().map_or(0, |e| e.seq);
        let skip = usize::try_from(since.saturating_sub(first)).unwrap_or(usize::MAX);
        Events {
            skip: skip.min(all.len()),
            ..all
        }
    }

    /// The rolling hash over every event so far.
    pub fn hash(&self) -> u64 {
        self.trace
    }
}

/// A run of kept events, oldest first: a view into the log's chunks (what a slice of them
/// would be, with the slice's reading methods).
#[derive(Clone, Copy, Debug)]
pub struct Events<'a> {
    chunks: &'a [Rc<Vec<Event>>],
    tail: &'a [Event],
    /// Events of the log left out at the front.
    skip: usize,
}

impl<'a> Events<'a> {
    /// How many events.
    pub fn len(&self) -> usize {
        self.chunks.len() * EventLog::CHUNK + self.tail.len() - self.skip
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `i`th event of the run.
    pub fn get(&self, i: usize) -> Option<&'a Event> {
        let at = i.checked_add(self.skip)?;
        let (chunk, within) = (at / EventLog::CHUNK, at % EventLog::CHUNK);
        match self.chunks.get(chunk) {
            Some(c) => c.get(within),
            None => self.tail.get(at - self.chunks.len() * EventLog::CHUNK),
        }
    }

    /// The oldest event of the run.
    pub fn first(&self) -> Option<&'a Event> {
        self.get(0)
    }

    /// The newest event of the run.
    pub fn last(&self) -> Option<&'a Event> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    /// The events, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &'a Event> + 'a {
        let (first, within) = (self.skip / EventLog::CHUNK, self.skip % EventLog::CHUNK);
        // The run is a head (part of a chunk, or of the tail), whole chunks, then the tail.
        let empty: &'a [Event] = &[];
        let (head, rest, tail) = match self.chunks.get(first) {
            Some(c) => (&c[within..], &self.chunks[first + 1..], self.tail),
            None => {
                let at = self.skip - self.chunks.len() * EventLog::CHUNK;
                (
                    self.tail.get(at..).unwrap_or(empty),
                    &self.chunks[..0],
                    empty,
                )
            }
        };
        head.iter()
            .chain(rest.iter().flat_map(|c| c.iter()))
            .chain(tail.iter())
    }

    /// The events copied into a vector.
    pub fn to_vec(&self) -> Vec<Event> {
        self.iter().cloned().collect()
    }
}

impl PartialEq for Events<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<'a> IntoIterator for Events<'a> {
    type Item = &'a Event;
    type IntoIter = alloc::boxed::Box<dyn DoubleEndedIterator<Item = &'a Event> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        alloc::boxed::Box::new(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_numbers_events_and_its_hash_depends_on_the_seed() {
        let mut a = EventLog::new(1);
        let b = EventLog::new(2);
        assert_ne!(a.hash(), b.hash());
        let start = a.hash();
        a.emit(SimTime(0), EventKind::ClockAdvanced { to: SimTime(5) });
        a.emit(SimTime(5), EventKind::ClockAdvanced { to: SimTime(9) });
        assert_ne!(a.hash(), start);
        let seqs: Vec<u64> = a.all().iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [0, 1]);
        assert_eq!(a.since(1).len(), 1);
        assert_eq!(a.since(2).len(), 0);
    }

    /// The chunked log reads as one run: counts, ends, `since` across chunk borders, and the
    /// older half dropped as whole chunks keeps the numbering.
    #[test]
    fn the_chunked_log_reads_as_one_run_of_events() {
        let mut log = EventLog::new(3);
        let n = EventLog::CHUNK * 3 + 17;
        for i in 0..n {
            log.emit(
                SimTime(i as u64),
                EventKind::ClockAdvanced {
                    to: SimTime(i as u64),
                },
            );
        }
        let all = log.all();
        assert_eq!(all.len(), n);
        assert_eq!(all.first().map(|e| e.seq), Some(0));
        assert_eq!(all.last().map(|e| e.seq), Some(n as u64 - 1));
        let seqs: Vec<u64> = all.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, (0..n as u64).collect::<Vec<_>>());
        for since in [
            0,
            1,
            249,
            250,
            251,
            500,
            n as u64 - 1,
            n as u64,
            n as u64 + 9,
        ] {
            let part = log.since(since);
            let want: Vec<u64> = (since.min(n as u64)..n as u64).collect();
            let got: Vec<u64> = part.iter().map(|e| e.seq).collect();
            assert_eq!(got, want, "since {since}");
            assert_eq!(part.len(), want.len());
            assert_eq!(part.to_vec().len(), want.len());
            assert_eq!(part.iter().next_back().map(|e| e.seq), want.last().copied());
        }
        let copy = log.clone();
        assert!(copy.all() == log.all());
        assert_eq!(copy.hash(), log.hash());
    }

    /// A word borrowed (a verb, a state) hashes and serializes exactly as the same word owned,
    /// and as the `String` events held before: the trace hash and the event stream's JSON
    /// (what front ends and saved runs see) do not depend on how a word is stored.
    #[test]
    fn borrowed_and_owned_words_hash_and_serialize_alike() {
        let event = |method: Word, from: Word| Event {
            seq: 3,
            at: SimTime(7),
            kind: EventKind::ProvisioningStateChanged {
                id: "/subscriptions/s/resourceGroups/rg".into(),
                from,
                to: method,
            },
        };
        let borrowed = event("Deleting".into(), "Succeeded".into());
        let owned = event(
            String::from("Deleting").into(),
            String::from("Succeeded").into(),
        );
        assert_eq!(fold(1, &borrowed), fold(1, &owned));
        // The bytes a `String` field fed the hasher: the same as a word's.
        let mut h = TraceHasher(1);
        3u64.hash(&mut h);
        SimTime(7).hash(&mut h);
        core::mem::discriminant(&borrowed.kind).hash(&mut h);
        String::from("/subscriptions/s/resourceGroups/rg").hash(&mut h);
        String::from("Succeeded").hash(&mut h);
        String::from("Deleting").hash(&mut h);
        assert_eq!(h.finish(), fold(1, &borrowed));
        let json = serde_json::to_value(&borrowed).unwrap_or_default();
        assert_eq!(json, serde_json::to_value(&owned).unwrap_or_default());
        assert_eq!(json["from"], "Succeeded");
        let back: Event = serde_json::from_value(json).unwrap_or_else(|_| owned.clone());
        assert_eq!(back, borrowed);
    }

    #[test]
    fn trace_hash_depends_on_order_and_content() {
        let a = Event {
            seq: 0,
            at: SimTime(0),
            kind: EventKind::ClockAdvanced { to: SimTime(5) },
        };
        let b = Event {
            seq: 1,
            at: SimTime(5),
            kind: EventKind::FaultHealed {
                fault: 1,
                kind: "throttle".into(),
            },
        };
        let start = TraceHasher::default().0;
        let ab = fold(fold(start, &a), &b);
        assert_eq!(ab, fold(fold(start, &a), &b));
        assert_ne!(ab, fold(fold(start, &b), &a));
    }
}
