//! Bounds on hostile input: a device message and a mapping come from anyone, so every cost
//! the engine pays is capped and exceeding a cap is a [`crate::NormalizeErrorKind::TooLarge`]
//! error naming the limit, never a panic or an exponential blow-up.

/// The bounds the engine enforces while it normalizes one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// The largest message, in bytes of its compact JSON (Event Hubs' standard tier carries
    /// at most 256 KiB per event; the service cannot receive more).
    pub message_bytes: usize,
    /// The deepest nesting of arrays and objects in a message.
    pub json_depth: usize,
    /// The longest array in a message.
    pub array_length: usize,
    /// The most measurements one message may yield.
    pub measurements: usize,
    /// The most evaluation steps (tokens visited, function calls) over one message.
    pub expression_steps: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            message_bytes: 256 * 1024,
            json_depth: 64,
            array_length: 10_000,
            measurements: 10_000,
            expression_steps: 2_000_000,
        }
    }
}
