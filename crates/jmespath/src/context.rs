//! What one evaluation carries besides the document: the caller's extra functions (MedTech's
//! `add`, `insertString`, … beside the built-ins) and a budget of steps, so a hostile
//! expression over a large document stops with an error instead of running away.

use serde_json::Value;

use super::{Error, ErrorKind};

/// Functions a caller adds to the language (consulted for names that are not built-ins).
pub trait Functions {
    /// Calls `name` with evaluated `args`; `None` when no such function exists.
    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, Error>>;
}

/// The running evaluation's state.
pub(crate) struct Cx<'f> {
    pub(crate) functions: Option<&'f dyn Functions>,
    /// Steps still allowed.
    pub(crate) left: u64,
}

impl<'f> Cx<'f> {
    pub(crate) fn new(functions: Option<&'f dyn Functions>, budget: u64) -> Self {
        Cx {
            functions,
            left: budget,
        }
    }

    /// Spends `n` steps, failing once the budget is gone.
    pub(crate) fn spend(&mut self, n: u64) -> Result<(), Error> {
        if n > self.left {
            self.left = 0;
            return Err(exhausted());
        }
        self.left -= n;
        Ok(())
    }

    /// Spends one step per JSON node of `v` (a copy of it is about to be made), counting no
    /// further than the budget allows, so measuring costs no more than it charges.
    pub(crate) fn spend_copy(&mut self, v: &Value) -> Result<(), Error> {
        match v {
            Value::Array(_) | Value::Object(_) => {
                let mut count: u64 = 0;
                let mut stack = alloc::vec![v];
                while let Some(n) = stack.pop() {
                    count += 1;
                    if count > self.left {
                        return self.spend(count);
                    }
                    match n {
                        Value::Array(a) => stack.extend(a.iter()),
                        Value::Object(o) => stack.extend(o.values()),
                        _ => {}
                    }
                }
                self.spend(count)
            }
            _ => self.spend(1),
        }
    }
}

fn exhausted() -> Error {
    Error::new(
        ErrorKind::LimitExceeded,
        "the evaluation exceeds its step budget".into(),
    )
}
