//! The MedTech pipeline's state and stages, below the world: each IoT connector's event hub
//! (device messages waiting in virtual time) and metrics, identity resolution on a FHIR
//! service's data, and one batch through normalize → group → resolve → transform → persist
//! with the mapping engine `hcsim-medtech`. The world schedules the batches and checks the
//! connector, its destination and the FHIR service (`pipeline.rs`).
//!
//! Modules, leaves first: [`metrics`], [`queue`] (the `Pipelines` part, bounds),
//! [`identity`] (Create / Lookup), [`process`] (one batch).

pub mod identity;
pub mod metrics;
pub mod process;
pub mod queue;

pub use metrics::Metrics;
pub use process::timestamp_at;
pub use queue::{DeviceMessage, Pipelines};
