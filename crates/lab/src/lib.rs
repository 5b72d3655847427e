#![no_std]
//! hcsim-lab
extern crate alloc;
