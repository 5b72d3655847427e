//! The schedule: what happens at a later virtual time (an operation ends, a fault heals).

use alloc::collections::BinaryHeap;
use core::cmp::Ordering;

use crate::time::SimTime;

/// Something scheduled at a virtual time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    /// Operation number: it completes.
    Op(u64),
    /// Fault number: it heals.
    FaultEnd(u32),
    /// Operation number of a template deployment: its run takes its next step.
    Deployment(u64),
    /// The IoT connectors process their waiting device messages.
    Pipelines,
}

/// Items due at virtual times.
///
/// Invariants: items come out in time order, and items due at the same time in the order
/// they were scheduled (a sequence number breaks ties), so runs are deterministic. Every
/// item's (time, sequence number) is distinct, so the heap's order is total: a binary heap
/// gives the same items in the same order as a sorted map, with a fraction of its code in
/// the browser's start module (docs/WASM-SIZE.md, fifth stop).
#[derive(Clone, Debug, Default)]
pub struct Schedule {
    queue: BinaryHeap<Slot>,
    seq: u64,
}

/// One scheduled item, ordered so that the heap's greatest is the earliest (time, then
/// sequence number).
#[derive(Clone, Copy, Debug)]
struct Slot {
    at: SimTime,
    seq: u64,
    due: Due,
}

impl Slot {
    /// The key the schedule orders by.
    fn key(&self) -> (SimTime, u64) {
        (self.at, self.seq)
    }
}

impl PartialEq for Slot {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Slot {}

impl PartialOrd for Slot {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Slot {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: `BinaryHeap` is a max-heap and the earliest item comes out first.
        other.key().cmp(&self.key())
    }
}

impl Schedule {
    /// Schedules `due` at `at`.
    pub fn push(&mut self, at: SimTime, due: Due) {
        self.seq += 1;
        self.queue.push(Slot {
            at,
            seq: self.seq,
            due,
        });
    }

    /// When the next item is due.
    pub fn next_time(&self) -> Option<SimTime> {
        self.queue.peek().map(|s| s.at)
    }

    /// Takes the next item if it is due at or before `to`.
    pub fn pop_until(&mut self, to: SimTime) -> Option<(SimTime, Due)> {
        if self.queue.peek()?.at > to {
            return None;
        }
        self.queue.pop().map(|s| (s.at, s.due))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_come_out_in_time_order_then_in_scheduling_order() {
        let mut s = Schedule::default();
        s.push(SimTime(20), Due::Op(1));
        s.push(SimTime(10), Due::FaultEnd(7));
        s.push(SimTime(20), Due::Op(2));
        assert_eq!(s.next_time(), Some(SimTime(10)));
        assert_eq!(s.pop_until(SimTime(5)), None);
        assert_eq!(
            s.pop_until(SimTime(20)),
            Some((SimTime(10), Due::FaultEnd(7)))
        );
        assert_eq!(s.pop_until(SimTime(20)), Some((SimTime(20), Due::Op(1))));
        assert_eq!(s.pop_until(SimTime(20)), Some((SimTime(20), Due::Op(2))));
        assert_eq!(s.pop_until(SimTime(99)), None);
        assert_eq!(s.next_time(), None);
    }
}
