//! hcsim-lab: what people type and load into the simulator.
//!
//! - [`shell`]: the `az …` / `sim …` command language (tokenizer, grammar, help).
//! - [`Lab`]: a simulator session that runs command lines and returns [`Outcome`]s.
//! - [`output`]: az output formats and `--query`.
//! - [`template`]: ARM JSON templates (expressions, parameters, copy loops, plans).
//! - [`view`]: what a front end shows (tree, details, lesson progress) and the lines it runs.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod equivalents;
mod exec;
mod lab;
mod outcome;
pub mod output;
pub mod scenario;
pub mod shell;
mod state;
/// The ARM template engine (the `hcsim-template` crate), re-exported for the lab's users.
pub use hcsim_template as template;
pub mod view;

pub use lab::{Lab, api_version_for};
pub use outcome::Outcome;
pub use state::FileLoader;
