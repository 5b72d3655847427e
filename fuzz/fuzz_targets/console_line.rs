//! The console: lines typed into a fresh lab session. The first byte picks the form: even,
//! the rest is text, one line per `\n` (up to 16; the seed corpus holds the built-ins'
//! lines); odd, up to 8 lines built from the grammar table (or raw text) with undo/redo
//! between them. Nothing may panic, and the session must save, load back and replay to the
//! same trace.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use hcsim_core::Config;
use hcsim_fuzz::{Line, check_round_trip};
use hcsim_lab::Lab;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Step {
    Line(Line),
    Joined(Line, Line),
    Undo,
    Redo,
}

#[derive(Arbitrary, Debug)]
struct Session {
    seed: u8,
    steps: Vec<Step>,
}

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    if first % 2 == 0 {
        hcsim_tests::fuzzing::console_text(*first, rest);
        return;
    }
    let Ok(s) = Session::arbitrary(&mut Unstructured::new(rest)) else {
        return;
    };
    let mut lab = Lab::new(Config::new(u64::from(s.seed)));
    for step in s.steps.into_iter().take(8) {
        match step {
            Step::Line(l) => {
                lab.run(&l.0);
            }
            Step::Joined(a, b) => {
                lab.run(&format!("{}; {}", a.0, b.0));
            }
            Step::Undo => {
                lab.undo();
            }
            Step::Redo => {
                lab.redo();
            }
        }
    }
    check_round_trip(&lab);
});
