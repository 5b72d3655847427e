//! Each IoT connector's event hub as the simulator holds it: device messages waiting, in the
//! order and at the virtual time they arrive, with the connector's metrics; and the
//! `Pipelines` part of the world (every connector's queue, the one pending processing tick).
//!
//! Invariants: a queue is ordered by arrival time, then by sending order; it never holds
//! more than [`MAX_WAITING`] messages; at most one processing tick is pending
//! ([`Pipelines::next_tick`]).

use alloc::collections::{BTreeMap, VecDeque};
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::metrics::Metrics;
use crate::time::{Millis, SimTime};

/// Messages one send may carry (hcsim's bound, rule `medtech-queue-bounds`).
pub const MAX_PER_SEND: usize = 10_000;
/// Messages one connector's event hub holds waiting (hcsim's bound).
pub const MAX_WAITING: usize = 100_000;
/// Messages one connector processes per tick.
pub const BATCH: usize = 1_000;
/// Virtual time between processing ticks (and before a message sent now is processed).
pub const TICK: Millis = Millis::mins(1);

/// One device message to send: when (after now), its JSON body, and the IoT Hub device id
/// it comes from, if routed through IoT Hub (`iothub-connection-device-id`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeviceMessage {
    /// Delay after the send before the message reaches the event hub.
    #[serde(default)]
    pub offset: Millis,
    /// The message body.
    pub body: Value,
    /// The sending device's IoT Hub id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
}

/// A message in the event hub.
#[derive(Clone, Debug, PartialEq)]
pub struct Queued {
    /// When it reached the event hub.
    pub at: SimTime,
    /// Its body.
    pub body: Value,
    /// The IoT Hub device id, if any.
    pub device: Option<String>,
}

/// One connector's event hub and metrics.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pipeline {
    queue: VecDeque<Queued>,
    /// What the connector did so far.
    pub metrics: Metrics,
    /// Why it waits now (the last reason told, so it is told once).
    pub waiting_for: Option<String>,
}

impl Pipeline {
    /// Messages waiting.
    pub fn waiting(&self) -> usize {
        self.queue.len()
    }
    /// Messages due at `now` (arrived by then).
    pub fn due(&self, now: SimTime) -> usize {
        self.queue.partition_point(|m| m.at <= now)
    }
    /// When the next message not yet due arrives.
    pub fn next_arrival(&self, now: SimTime) -> Option<SimTime> {
        self.queue.iter().map(|m| m.at).find(|t| *t > now)
    }
    /// Takes up to `n` due messages, oldest first.
    pub fn take_due(&mut self, now: SimTime, n: usize) -> Vec<Queued> {
        let k = self.due(now).min(n);
        self.queue.drain(..k).collect()
    }
    /// Puts messages back at the front (a batch that could not be written).
    pub fn put_back(&mut self, batch: Vec<Queued>) {
        for m in batch.into_iter().rev() {
            self.queue.push_front(m);
        }
    }
    /// Adds messages sent at `now`, keeping the queue in arrival order. `Err` (nothing
    /// added) if the hub would hold more than [`MAX_WAITING`].
    pub fn enqueue(&mut self, now: SimTime, messages: &[DeviceMessage]) -> Result<(), usize> {
        if self.queue.len() + messages.len() > MAX_WAITING {
            return Err(self.queue.len());
        }
        let mut new: Vec<Queued> = messages
            .iter()
            .map(|m| Queued {
                at: now + m.offset,
                body: m.body.clone(),
                device: m.device.clone(),
            })
            .collect();
        // Stable: equal times keep the sending order, after the messages already waiting.
        new.sort_by_key(|m| m.at);
        let mut merged: VecDeque<Queued> = VecDeque::with_capacity(self.queue.len() + new.len());
        let mut old = core::mem::take(&mut self.queue).into_iter().peekable();
        for m in new {
            while old.peek().is_some_and(|o| o.at <= m.at) {
                merged.extend(old.next());
            }
            merged.push_back(m);
        }
        merged.extend(old);
        self.queue = merged;
        self.metrics.received += messages.len() as u64;
        Ok(())
    }
}

/// Every connector's pipeline, by lower-cased connector id, and the pending tick.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pipelines {
    by_connector: BTreeMap<String, Pipeline>,
    /// When the pending processing tick is due, if one is.
    pub next_tick: Option<SimTime>,
}

impl Pipelines {
    /// The pipeline of a connector, if it was ever sent messages.
    pub fn get(&self, connector: &str) -> Option<&Pipeline> {
        self.by_connector.get(&connector.to_lowercase())
    }
    /// The pipeline of a connector, made empty if absent.
    pub fn get_mut(&mut self, connector: &str) -> &mut Pipeline {
        self.by_connector
            .entry(connector.to_lowercase())
            .or_default()
    }
    /// The connectors with messages waiting, in id order.
    pub fn busy(&self) -> Vec<String> {
        self.by_connector
            .iter()
            .filter(|(_, p)| p.waiting() > 0)
            .map(|(k, _)| k.to_string())
            .collect()
    }
    /// The earliest time a message of any connector is due after `now`, if any.
    pub fn next_arrival(&self, now: SimTime) -> Option<SimTime> {
        self.by_connector
            .values()
            .filter_map(|p| p.next_arrival(now))
            .min()
    }
    /// Drops the pipelines of connectors for which `exists` answers false.
    pub fn retain(&mut self, mut exists: impl FnMut(&str) -> bool) {
        self.by_connector.retain(|id, _| exists(id));
    }
    /// True when no connector was ever sent messages.
    pub fn is_empty(&self) -> bool {
        self.by_connector.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn msg(offset_s: u64, n: u64) -> DeviceMessage {
        DeviceMessage {
            offset: Millis::secs(offset_s),
            body: json!({ "n": n }),
            device: None,
        }
    }

    #[test]
    fn messages_wait_in_arrival_order_and_come_out_when_due() {
        let mut p = Pipeline::default();
        p.enqueue(SimTime(0), &[msg(60, 1), msg(0, 2), msg(60, 3)])
            .unwrap();
        p.enqueue(SimTime(0), &[msg(30, 4)]).unwrap();
        assert_eq!(p.waiting(), 4);
        assert_eq!(p.due(SimTime(0)), 1);
        assert_eq!(p.next_arrival(SimTime(0)), Some(SimTime(30_000)));
        let order: Vec<u64> = p
            .take_due(SimTime(60_000), 10)
            .iter()
            .map(|m| m.body["n"].as_u64().unwrap())
            .collect();
        assert_eq!(order, [2, 4, 1, 3]);
        assert_eq!(p.metrics.received, 4);
    }

    #[test]
    fn the_hub_is_bounded_and_a_batch_can_go_back() {
        let mut p = Pipeline::default();
        let many: Vec<DeviceMessage> = (0..MAX_WAITING as u64).map(|i| msg(0, i)).collect();
        p.enqueue(SimTime(0), &many).unwrap();
        assert_eq!(p.enqueue(SimTime(0), &[msg(0, 0)]), Err(MAX_WAITING));
        let batch = p.take_due(SimTime(0), BATCH);
        assert_eq!((batch.len(), p.waiting()), (BATCH, MAX_WAITING - BATCH));
        p.put_back(batch);
        assert_eq!(p.take_due(SimTime(0), 1)[0].body["n"], 0);
    }
}
