//! `hcsim serve`'s requests: raw bytes to the server's request handler (the whole server but
//! the socket and TLS), several requests per input, some with a valid token. Every request
//! gets an HTTP answer; nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| hcsim_tests::fuzzing::serve_bytes(data));
