//! The view model: what a front end shows, decided once for the terminal and the browser.
//!
//! - [`names`]: readable names (role assignments, ids relative to the current scope).
//! - [`node`]: tree rows (labels, kinds, state and fault marks as data) and the hierarchy.
//! - [`details`]: one resource in depth, from the core's read-only questions; [`data_plane`]:
//!   what its data plane holds (a FHIR service's resources by type).
//! - [`LessonProgress`]: a lesson's progress (hints revealed, solution shown, goal), kept
//!   with the lessons in `scenario` and shown from here.
//! - [`create_form`]: the portal-style create form (child types, tabs, fields the core
//!   allows now and why not, the az line it stands for); [`form`] the terminal's short ones.
//! - [`diagram`]: the world drawn as nested boxes (containment, the workspace as the
//!   compliance boundary, inherited settings, badges, relations), as data.
//! - [`ops`]: the operations timeline (bars on the virtual clock, events, fault spans).
//! - [`commands`]: the command lines a front end's buttons and keys run.
//! - [`quote`]: the one quoting policy for values put into command lines.
//! - [`mapping_samples`], [`mapping_debug`], [`mapping_text`], [`mapping_deploy`]: the MedTech
//!   mapping debugger (built-in messages and mappings; one message through a connector's
//!   mappings as rows; those rows as text; the lines that save edited mappings).
//!
//! Front ends render these values; they encode no hierarchy, defaults, rule ids or escaping
//! of their own, so the TUI and the web page cannot drift apart.

pub mod commands;
pub mod create_form;
pub mod data_plane;
pub mod details;
pub mod diagram;
pub mod form;
pub mod names;
/// One message through a MedTech service's mappings, as rows (the lab's `mapping::debug`).
pub use crate::mapping::debug as mapping_debug;
pub mod mapping_deploy;
/// The debugger's built-in mappings and messages (the lab's `mapping::samples`).
pub use crate::mapping::samples as mapping_samples;
/// The debugger's rows as lines of text (the lab's `mapping::text`).
pub use crate::mapping::text as mapping_text;
pub mod node;
pub mod ops;
pub mod quote;

#[cfg(feature = "full")]
pub use crate::scenario::{LessonProgress, LessonSummary};
pub use commands::MenuItem;
pub use create_form::{Blocked, ChildType, PortalField, PortalForm, PortalTab, child_types};
pub use details::{ActionView, Details, SettingView};
pub use form::{CreateForm, FormField};
pub use node::{FaultMark, NodeView, StateMark, Tone, TreeNode, label};
pub use quote::{CommandLine, quote};

#[cfg(test)]
mod create_form_tests;
#[cfg(test)]
mod tests;
