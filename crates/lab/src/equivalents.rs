//! Equivalents of a request in other tools.
