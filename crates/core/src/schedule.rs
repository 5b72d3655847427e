//! The schedule: what happens at a later virtual time (an operation ends, a fault heals).

use alloc::collections::BTreeMap;

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
/// they were scheduled (a sequence number breaks ties), so runs are deterministic.
#[derive(Clone, Debug, Default)]
pub struct Schedule {
    queue: BTreeMap<(SimTime, u64), Due>,
    seq: u64,
}

impl Schedule {
    /// Schedules `due` at `at`.
    pub fn push(&mut self, at: SimTime, due: Due) {
        self.seq += 1;
        self.queue.insert((at, self.seq), due);
    }

    /// When the next item is due.
    pub fn next_time(&self) -> Option<SimTime> {
        self.queue.keys().next().map(|(t, _)| *t)
    }

    /// Takes the next item if it is due at or before `to`.
    pub fn pop_until(&mut self, to: SimTime) -> Option<(SimTime, Due)> {
        let (&(at, seq), _) = self.queue.iter().next()?;
        if at > to {
            return None;
        }
        self.queue.remove(&(at, seq)).map(|due| (at, due))
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
