//! A slice of the FHIR service's data plane: Patient, Device and Observation with create,
//! read, vread, update (update-as-create), soft delete, history and search, answered as a
//! FHIR R4 server (the Microsoft FHIR server) answers. Pure and bounded: no world here; the
//! world finds the service, lets the caller in (`fhirplane.rs`, sharing the probes' checks)
//! and hands its data and the virtual time to [`api::handle`].
//!
//! Modules, leaves first: [`model`] (request, response, `OperationOutcome`, id and type
//! checks), [`store`] (per-service resources and versions, the `FhirStores` part),
//! [`search`] (search and history Bundles), [`api`] (routes and interactions).

pub mod api;
pub mod model;
pub mod search;
pub mod store;

pub use model::{FhirMethod, FhirRequest, FhirResponse};
pub use store::{FhirStores, Limits, ServiceData};
