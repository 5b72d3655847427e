//! What an expression sees while it is lowered: the loop and lambda variables in scope (as
//! the ARM text they stand for) and the symbols it references (the implicit `dependsOn`).

use alloc::string::String;
use alloc::vec::Vec;

/// A referenced resource or module: its symbol and, for one instance of a loop, the
/// index expression (ARM text).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Dep {
    /// The symbol.
    pub symbol: String,
    /// The instance (`None`: the whole collection, or a single resource).
    pub index: Option<String>,
}

/// The lowering environment.
#[derive(Debug, Clone, Default)]
pub struct Env {
    /// Variables in scope, innermost last: (name, ARM text).
    pub vars: Vec<(String, String)>,
    /// Resources and modules referenced so far.
    pub deps: Vec<Dep>,
}

impl Env {
    /// The ARM text a loop variable stands for.
    pub fn lookup(&self, name: &str) -> Option<&str> {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.as_str())
    }

    /// Records a reference (once).
    pub fn depend(&mut self, symbol: &str, index: Option<String>) {
        let d = Dep {
            symbol: symbol.into(),
            index,
        };
        if !self.deps.contains(&d) {
            self.deps.push(d);
        }
    }
}
