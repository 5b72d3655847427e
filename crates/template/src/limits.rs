//! Every limit the template engine enforces, in one place.
//!
//! ARM's documented limits (learn.microsoft.com "Template limits") are used where ARM has
//! one; the others are ours and exist so that no input can make the engine hang, recurse
//! without bound or allocate without bound.

/// ARM: a template may be at most 4 MB.
pub const MAX_TEMPLATE_BYTES: usize = 4 * 1024 * 1024;
/// Ours: a parameters document may be at most 4 MB as well (ARM limits the request to 4 MB).
pub const MAX_PARAMETERS_BYTES: usize = 4 * 1024 * 1024;
/// ARM: at most 800 resources after copy loops are expanded.
pub const MAX_RESOURCES: usize = 800;
/// ARM: at most 256 parameters.
pub const MAX_PARAMETERS: usize = 256;
/// ARM: at most 256 variables.
pub const MAX_VARIABLES: usize = 256;
/// ARM: at most 64 outputs.
pub const MAX_OUTPUTS: usize = 64;
/// ARM: a copy loop's count is between 0 and 800.
pub const MAX_COPY_COUNT: i64 = 800;
/// ARM: `range()` may produce at most 10,000 items.
pub const MAX_RANGE_COUNT: i64 = 10_000;
/// Ours: nesting depth of one expression (calls, indexes, property accesses).
pub const MAX_EXPRESSION_DEPTH: usize = 64;
/// Ours: no string produced by a function may exceed 1 MB.
pub const MAX_STRING_BYTES: usize = 1024 * 1024;
/// Ours: no array or object produced by a function may weigh more than this (roughly bytes).
pub const MAX_VALUE_WEIGHT: usize = 4 * 1024 * 1024;
/// Ours: nesting depth of JSON values walked by the engine (serde_json parses at most 128).
pub const MAX_JSON_DEPTH: usize = 128;
/// Ours: function calls allowed in one evaluation pass (plan, one body, outputs).
pub const MAX_FUNCTION_CALLS: u64 = 2_000_000;
/// Ours: nested resources (`resources` inside a resource) may nest this deep.
pub const MAX_NESTED_RESOURCE_DEPTH: usize = 8;
