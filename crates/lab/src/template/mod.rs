//! ARM JSON templates.
