//! Session snapshots (`--load`, the browser's saved session): any text is loaded; a snapshot
//! that loads must save back to text that loads to the same trace. Nothing may panic.
#![no_main]

use hcsim_fuzz::check_round_trip;
use hcsim_lab::Lab;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(lab) = Lab::load(text) {
        check_round_trip(&lab);
    }
});
