//! hcsim-lab: what people type and load into the simulator.
//!
//! - [`shell`]: the `az …` / `sim …` command language (tokenizer, grammar, help).
//! - [`template`]: ARM JSON templates (expressions, parameters, copy loops, plans).
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod equivalents;
pub mod shell;
pub mod template;
