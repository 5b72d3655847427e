//! ARM requests straight to the core's front door: up to 16 structured requests (typed ids
//! of every simulated type, bodies with the providers' keys), with waits and time advances
//! between them. Nothing may panic, and the world must stay consistent: every resource's
//! parent exists and holds it.
#![no_main]

use arbitrary::Arbitrary;
use hcsim_core::time::Millis;
use hcsim_core::{Input, Output};
use hcsim_fuzz::{ArmRequest, world_with_group};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Step {
    Send(ArmRequest),
    SendAndWait(ArmRequest),
    Advance(u16),
}

#[derive(Arbitrary, Debug)]
struct Run {
    instant: bool,
    steps: Vec<Step>,
}

fuzz_target!(|run: Run| {
    let mut w = world_with_group(5, run.instant);
    for step in run.steps.into_iter().take(16) {
        match step {
            Step::Send(r) => {
                w.apply(&Input::Request(r.0));
            }
            Step::SendAndWait(r) => {
                if let Output::Response(resp) = w.apply(&Input::Request(r.0))
                    && let Some(op) = resp.operation
                {
                    w.apply(&Input::Wait { operation: op });
                }
            }
            Step::Advance(s) => {
                w.apply(&Input::Advance {
                    by: Millis::secs(u64::from(s)),
                });
            }
        }
    }
    let store = w.store();
    for root in store.roots() {
        for n in store.pre_order(root) {
            assert!(store.res(n).is_some(), "every node of the tree holds a resource");
        }
    }
});
