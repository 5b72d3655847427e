//! The trace hash of the built-in lesson `first-workspace` played with its solution and seed
//! [`SEED`], shared by the native test (`native_trace.rs`) and the browser test (`web.rs`): the
//! same constant must come out of both, which is the cross-platform determinism promise.
//!
//! To regenerate after a deliberate change of the core or of the lesson:
//! `CARGO_TARGET_DIR=/work/target-web cargo test -p hcsim-wasm --test native_trace -- --nocapture`
//! prints the new hash; paste it here, then run the browser tests (see `web.rs`).

/// The built-in played.
pub const BUILTIN: &str = "first-workspace";
/// The seed.
pub const SEED: u64 = 7;
/// Its trace hash.
pub const TRACE_HASH: &str = "3740eeebcabb5413";
