//! ARM JSON templates: parse, validate, plan, preview (what-if) and export.
//!
//! The engine is pure (no I/O, no clock, no randomness): the same template, parameters and
//! [`Scope`] always give the same [`Plan`], ids, `guid()`s and `uniqueString()`s.
//!
//! - [`plan`] validates a template against its parameters and expands it into concrete
//!   resources with ids and a dependency graph ([`Plan::waves`]).
//! - [`Plan::resolve_body`] evaluates one resource's body at deploy time, when
//!   `reference()` can see the resources earlier waves created ([`ResourceReader`]).
//! - [`Plan::outputs`] evaluates the outputs.
//! - [`what_if`] diffs desired bodies against current state; [`WhatIfReport::render`]
//!   prints it like `az deployment group what-if`.
//! - [`export_template`] turns resource bodies back into a template `plan` accepts.
//!
//! All failures are [`TemplateError`]s with ARM's code, message and the JSON path.
//!
//! The engine knows nothing of the simulator: whatever it reads from the world (resources
//! for `reference()`, what-if and export) comes through [`ResourceReader`], and where the
//! deployment runs through [`Scope`]. Ids and API versions come from the leaf `hcsim-arm`.
//!
//! Modules in reading order (each uses only modules above it):
//! - vocabulary: `error` (the one error type), [`limits`], `hash` (`guid()`,
//!   `uniqueString()`), [`ids`], `scope` (where a deployment runs), `graph` (dependency
//!   waves), `relink` (export output made deployable elsewhere);
//! - evaluation: `context` (what an evaluation sees), `functions` (ARM's function library),
//!   [`expr`] (the expression language), `params` (parameter values), `model` (the template
//!   document), `symbols` (parameters and variables, resolved once), `nested` (nested
//!   deployments' shape and scope);
//! - results: `whatif` (the diff and its rendering), `export` (bodies back to a template),
//!   `plan` (template + parameters + scope to ordered resources).
#![no_std]
#![forbid(unsafe_code)]
#![warn(clippy::too_many_lines)]

extern crate alloc;

mod context;
mod error;
mod export;
pub mod expr;
mod functions;
mod graph;
mod hash;
pub mod ids;
pub mod limits;
mod model;
mod nested;
mod params;
mod plan;
mod relink;
mod scope;
mod symbols;
mod whatif;

pub use error::{
    INVALID_REQUEST_CONTENT, INVALID_TEMPLATE, INVALID_TEMPLATE_DEPLOYMENT, REQUEST_TOO_LARGE,
    RESOURCE_NOT_FOUND, TemplateError,
};
pub use export::export_template;
pub use plan::{CopyPosition, Plan, PlannedResource, PreviewBody, plan, plan_with_parameter_text};
pub use relink::relink_export;
pub use scope::{NoResources, ResourceReader, Scope, TemplateWorld};
pub use whatif::{
    ChangeType, DesiredResource, PropertyChange, PropertyChangeType, ResourceChange, WhatIfMode,
    WhatIfReport, what_if,
};

/// `guid(parts...)` as templates compute it (see the hash notes in the module docs of
/// `hash`): a stable, UUID-formatted SHA-1 name-based hash of `parts` joined by `-`.
pub fn guid(parts: &[&str]) -> alloc::string::String {
    hash::guid(parts)
}

/// `uniqueString(parts...)` as templates compute it: 13 lowercase base-32 characters
/// from the first 64 bits of SHA-1 over `parts` joined by `-`.
pub fn unique_string(parts: &[&str]) -> alloc::string::String {
    hash::unique_string(parts)
}

/// Evaluates one template expression string (e.g. `"[toUpper('a')]"`) outside any template,
/// with no parameters or variables. Handy for a REPL and for tests.
pub fn evaluate_expression(text: &str, scope: &Scope) -> Result<serde_json::Value, TemplateError> {
    use alloc::collections::BTreeMap;
    use core::cell::Cell;
    let symbols = symbols::Symbols::new(
        &serde_json::Map::new(),
        BTreeMap::new(),
        &serde_json::Map::new(),
        alloc::string::String::from("1.0.0.0"),
    )?;
    let fuel = context::new_fuel();
    let unknown = Cell::new(false);
    let counter = Cell::new(0);
    let names = BTreeMap::new();
    let ctx = context::Ctx {
        scope,
        symbols: &symbols,
        copy: &[],
        site: context::Site::Body,
        refs: context::RefMode::NotAllowed,
        names: &names,
        fuel: &fuel,
        unknown: &unknown,
        new_guid_counter: &counter,
    };
    expr::eval::eval_string(text, &ctx, "")
}
