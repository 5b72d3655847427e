//! hcsim-lab: what people type and load into the simulator.
//!
//! Modules in reading order (each uses only modules above it):
//! - [`shell`]: the `az …` / `sim …` command language (tokenizer, grammar, help).
//! - [`equivalents`]: the same request in PowerShell, Terraform, Bicep and raw ARM.
//! - [`Outcome`] (`outcome.rs`): what running one line produced.
//! - [`output`]: az output formats and `--query`.
//! - [`template`]: ARM JSON templates (expressions, parameters, copy loops, plans).
//! - `state.rs`: what commands need from the lab (session, files, the line's requests).
//! - `mapping/`: the MedTech mapping debugger's logic (a message through a service's
//!   mappings, as rows and text), used by `exec` and shown through `view`.
//! - `exec/`: each `az` command as the ARM requests az sends, each `sim` verb as a core input;
//!   `exec/deploy/` holds the `az deployment group …` and `az group export` clients.
//!   The supporting commands Learn's articles use live beside `az.rs`: `signin` (login,
//!   tokens, Graph), `catalog` (locations, role definitions, extensions), `resources`
//!   (`az resource list|update`, provider unregister), `rest` (`az rest`) and `quickstarts`
//!   (the embedded templates `--template-uri` names).
//! - [`Lab`] (`lab.rs`): a simulator session that runs command lines and returns [`Outcome`]s.
//! - [`scenario`]: scenario and lesson files, their runner and report, the built-in library.
//! - [`view`]: what a front end shows (tree, details, lesson progress) and the lines it runs.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod equivalents;
mod exec;
mod lab;
mod mapping;
mod outcome;
pub mod output;
pub mod scenario;
pub mod shell;
mod state;
/// The Bicep compiler (`hcsim-bicep`), re-exported for the front ends (language detection).
#[cfg(feature = "full")]
pub use hcsim_bicep as bicep;
/// JMESPath (the `hcsim-jmespath` crate), the language of `--query`, re-exported so the lab
/// and its users keep naming it `jmespath`.
pub use hcsim_jmespath as jmespath;
/// The ARM template engine (the `hcsim-template` crate), re-exported for the lab's users.
#[cfg(feature = "full")]
pub use hcsim_template as template;
pub mod view;

/// The resource types of `Microsoft.HealthcareApis` as ARM's provider read lists them: one
/// answer for the console's `az provider show` and `hcsim serve`'s provider routes.
pub use exec::healthcare_resource_types;
pub use lab::{Lab, api_version_for, equivalents_of};
/// The error code of a command that a build without the `full` feature leaves out.
pub use outcome::NOT_IN_THIS_BUILD;
pub use outcome::Outcome;
pub use state::{EquivalentsMode, FileLoader};
