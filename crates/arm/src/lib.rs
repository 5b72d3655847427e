//! hcsim-arm: the ARM vocabulary every other hcsim crate shares, and nothing else.
//!
//! A leaf crate (`no_std` + `alloc`, no dependencies) so that the core, the template engine
//! and the lab agree on one id type and one API-version table without depending on each other.
//!
//! Modules, in reading order:
//! - [`id`]: ARM resource ids and collection paths: parsing, case-insensitive keys,
//!   canonical printing, builders for the common shapes.
//! - [`path_ref`]: the borrowed form of a plain resource id, parsed without allocating
//!   (the front door's read path), agreeing with [`id::ArmPath::parse`] where it parses.
//! - [`api`]: the API version of every type hcsim models.
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;

pub mod api;
pub mod id;
pub mod path_ref;
