//! Time passing: everything due by a time is processed in time order; a wait jumps straight
//! to the next due item until an operation ends.

use super::{Output, World};
use crate::error::ArmError;
use crate::events::EventKind;
use crate::operation::OpStatus;
use crate::rules::RuleId;
use crate::schedule::Due;
use crate::time::SimTime;

impl World {
    pub(super) fn set_now(&mut self, to: SimTime) {
        if self.clock.advance_to(to) {
            self.emit(EventKind::ClockAdvanced { to });
        }
    }

    /// Processes every scheduled item due at or before `to`, in time order.
    pub(crate) fn run_until(&mut self, to: SimTime) {
        while let Some((at, due)) = self.schedule.pop_until(to) {
            // The clock follows the items silently; `set_now` records the final jump.
            self.clock.advance_to(at);
            match due {
                Due::Op(op) => self.complete_operation(op),
                Due::FaultEnd(f) => self.heal_fault(f),
                #[cfg(feature = "deployments")]
                Due::Deployment(op) => self.step_deployment(op),
                // Never scheduled without deployments (their PUT is refused).
                #[cfg(not(feature = "deployments"))]
                Due::Deployment(_) => {}
                #[cfg(feature = "dataplane")]
                Due::Pipelines => self.step_pipelines(at),
                // Never scheduled without the data plane (device messages are refused).
                #[cfg(not(feature = "dataplane"))]
                Due::Pipelines => {}
            }
        }
    }

    pub(super) fn wait(&mut self, op: u64) -> Output {
        let limit = self.clock.now() + Self::MAX_WAIT;
        loop {
            match self.operations.get(op) {
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
            match self.schedule.next_time() {
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
}
