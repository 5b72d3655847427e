//! Bounds on hostile input: a device message and a mapping come from anyone, so every cost
//! the engine pays is capped and exceeding a cap is a [`crate::NormalizeErrorKind::TooLarge`]
//! error naming the limit, never a panic or an exponential blow-up.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::Value;

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

impl Limits {
    /// Checks a message against the size bounds: its compact JSON length, nesting depth and
    /// longest array. Walks without recursion and stops at the first bound exceeded.
    pub fn check_message(&self, v: &Value) -> Result<(), String> {
        let mut bytes: usize = 0;
        let mut stack: Vec<(&Value, usize)> = alloc::vec![(v, 1)];
        while let Some((v, depth)) = stack.pop() {
            if depth > self.json_depth {
                return Err(format!(
                    "the message is nested deeper than {} levels",
                    self.json_depth
                ));
            }
            bytes += match v {
                Value::Null | Value::Bool(true) => 4,
                Value::Bool(false) => 5,
                Value::Number(n) => n.to_string().len(),
                Value::String(s) => s.len() + 2,
                Value::Array(a) => {
                    if a.len() > self.array_length {
                        return Err(format!(
                            "the message has an array of {} items (at most {})",
                            a.len(),
                            self.array_length
                        ));
                    }
                    stack.extend(a.iter().map(|x| (x, depth + 1)));
                    2 + a.len().saturating_sub(1)
                }
                Value::Object(m) => {
                    stack.extend(m.values().map(|x| (x, depth + 1)));
                    2 + m.len().saturating_sub(1) + m.keys().map(|k| k.len() + 3).sum::<usize>()
                }
            };
            if bytes > self.message_bytes {
                return Err(format!(
                    "the message is larger than {} bytes",
                    self.message_bytes
                ));
            }
        }
        Ok(())
    }
}
