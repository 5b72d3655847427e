//! The simulated ARM front door: routing, authentication as a principal, throttling, provider
//! registration, RBAC, locks, resource-group checks; then the resource providers' validation,
//! and the operations that complete later in virtual time.
//!
//! One concern per module, each an `impl World` block:
//! - [`routing`]: parse, find the subscription, dispatch by method, record the event;
//! - [`authorize`]: principal, throttling, registration, RBAC, locks;
//! - [`reads`]: GET and LIST; [`writes`]: PUT, PATCH, DELETE; [`actions`]: POST;
//! - [`replace`]: a repeated PUT: server-computed properties kept, create-only ones refused;
//! - [`operations`]: long-running operations and their results route;
//! - [`preconditions`]: If-Match / If-None-Match (412) and what every write stamps (etag,
//!   `systemData.lastModified*`);
//! - [`private_link`]: a workspace's read-only private link resources;
//! - [`bookkeeping`]: indexes and managed identities in step with the tree;
//! - [`deployments`], [`deploy_run`], [`deploy_view`]: `Microsoft.Resources/deployments`
//!   (ARM runs templates itself): the routes, the run's steps in virtual time, and what the
//!   template engine reads from the world (what-if, export); without the `deployments`
//!   feature, [`no_deployments`] refuses those routes instead.

mod actions;
mod authorize;
mod bookkeeping;
#[cfg(feature = "deployments")]
mod deploy_run;
#[cfg(feature = "deployments")]
mod deploy_view;
#[cfg(feature = "deployments")]
mod deployments;
#[cfg(not(feature = "deployments"))]
mod no_deployments;
mod operations;
mod preconditions;
mod private_link;
mod reads;
mod replace;
mod routing;
mod writes;
