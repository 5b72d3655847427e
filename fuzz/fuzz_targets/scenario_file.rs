//! Scenario and lesson files (`hcsim-scenario/1`): any text is parsed; a file that parses is
//! played (solution included) with no files beside it. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| hcsim_tests::fuzzing::scenario_text(data));
