//! Session snapshots (`--load`, the browser's saved session): any text is loaded; a snapshot
//! that loads must save back to text that loads to the same trace. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| hcsim_tests::fuzzing::snapshot_text(data));
