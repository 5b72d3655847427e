//! Unit tests for the function library.
