//! Long-running operations: what ARM's operation status reports, and the world's table of them.

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

use crate::error::ArmError;
use crate::time::SimTime;

/// Operations remembered (running ones are always kept).
const MAX_OPERATIONS: usize = 4096;

/// A long-running operation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operation {
    /// Number.
    pub id: u64,
    /// What it does.
    pub kind: OpKind,
    /// The resource id it works on.
    pub target: String,
    /// Started at.
    pub started: SimTime,
    /// Due at.
    pub due: SimTime,
    /// Status.
    pub status: OpStatus,
    /// The error, when failed. Boxed: most operations end well, and the operations table
    /// keeps thousands of them (an inline error was half of each operation's bytes).
    pub error: Option<Box<ArmError>>,
    /// When it ended (`None` while running): its due time, or earlier when it was canceled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended: Option<SimTime>,
    /// The store node of `target` when the operation started: its completion checks this
    /// node still holds `target` instead of parsing the id again (a node number is reused
    /// once its resource is gone, so it is a hint, never trusted alone).
    #[serde(skip)]
    pub(crate) node: Option<u32>,
}

/// Kinds of operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OpKind {
    /// Provision a new resource.
    Create,
    /// Re-provision an existing one.
    Update,
    /// Delete a resource (and what it contains).
    Delete,
    /// Delete a resource group and everything in it.
    DeleteGroup,
}

impl OpKind {
    /// `create`, `update`, `delete`, `delete group`: how `sim status` names it.
    pub fn as_str(self) -> &'static str {
        match self {
            OpKind::Create => "create",
            OpKind::Update => "update",
            OpKind::Delete => "delete",
            OpKind::DeleteGroup => "delete group",
        }
    }
}

/// ARM operation status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OpStatus {
    /// Still running.
    Running,
    /// Done.
    Succeeded,
    /// Failed.
    Failed,
    /// The resource went away first.
    Canceled,
}

/// The world's operations, by number.
///
/// Invariants: numbers start at 1 and grow; a running operation is never dropped; of the
/// finished ones, the most recent are kept (about 4096 operations at most in all), since a
/// client reads an operation's result right after it ends.
#[derive(Clone, Debug)]
pub struct Operations {
    /// By number, in chunks of [`OPS_PER_CHUNK`] consecutive numbers, chunks in number order
    /// and each chunk's operations in number order; chunks and operations are shared by
    /// reference count (copied on write), so a clone of the world copies a pointer per chunk,
    /// not the table. Sorted `Vec`s searched by number, not `BTreeMap`s: new numbers always
    /// go last, a chunk holds at most 64 and the table about 4096, and two map layouts stay
    /// out of the browser's start module (docs/WASM-SIZE.md, fifth stop).
    chunks: Vec<(u64, Rc<Vec<Rc<Operation>>>)>,
    /// Operations held.
    len: usize,
    next: u64,
}

/// Consecutive operation numbers per shared chunk.
const OPS_PER_CHUNK: u64 = 64;

impl Default for Operations {
    fn default() -> Self {
        Operations {
            chunks: Vec::new(),
            len: 0,
            next: 1,
        }
    }
}

impl Operations {
    /// Starts a running operation of `kind` on `target`, due at `due`; its number.
    pub fn start(&mut self, kind: OpKind, target: &str, started: SimTime, due: SimTime) -> u64 {
        self.start_on(kind, target, None, started, due)
    }

    /// [`Operations::start`] remembering the store node that holds `target` now.
    pub(crate) fn start_on(
        &mut self,
        kind: OpKind,
        target: impl Into<String>,
        node: Option<u32>,
        started: SimTime,
        due: SimTime,
    ) -> u64 {
        let id = self.next;
        self.next += 1;
        let op = Rc::new(Operation {
            id,
            kind,
            target: target.into(),
            started,
            due,
            status: OpStatus::Running,
            error: None,
            ended: None,
            node,
        });
        let key = id / OPS_PER_CHUNK;
        let at = match self.chunk_at(key) {
            Ok(at) => at,
            Err(at) => {
                // The chunk's whole room at once: grown one operation at a time it was
                // reallocated five times (4, 8, 16, 32, 64), each copy a fresh block.
                let room = Vec::with_capacity(OPS_PER_CHUNK as usize);
                self.chunks.insert(at, (key, Rc::new(room)));
                at
            }
        };
        let chunk = Rc::make_mut(&mut self.chunks[at].1);
        if let Err(i) = op_at(chunk, id) {
            chunk.insert(i, op);
            self.len += 1;
        }
        id
    }

    /// Where chunk `key` is in `chunks` (`Err`: where it would go).
    fn chunk_at(&self, key: u64) -> Result<usize, usize> {
        self.chunks.binary_search_by(|(k, _)| k.cmp(&key))
    }

    /// An operation by number.
    pub fn get(&self, id: u64) -> Option<&Operation> {
        let chunk = &self.chunks[self.chunk_at(id / OPS_PER_CHUNK).ok()?].1;
        op_at(chunk, id).ok().map(|i| &*chunk[i])
    }

    /// Every operation held, oldest first.
    fn all(&self) -> impl Iterator<Item = &Operation> {
        self.chunks.iter().flat_map(|(_, c)| c.iter()).map(|o| &**o)
    }

    /// Every operation remembered (running and recently finished), oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &Operation> {
        self.all()
    }

    /// The operations still running, oldest first.
    pub fn running(&self) -> impl Iterator<Item = &Operation> {
        self.all().filter(|o| o.status == OpStatus::Running)
    }

    /// Ends an operation at `at` with `status` (and `error`), then forgets the oldest finished
    /// ones beyond the bound.
    pub fn finish(&mut self, id: u64, status: OpStatus, error: Option<ArmError>, at: SimTime) {
        let op = self.chunk_at(id / OPS_PER_CHUNK).ok().and_then(|at| {
            let chunk = Rc::make_mut(&mut self.chunks[at].1);
            let i = op_at(chunk, id).ok()?;
            Some(Rc::make_mut(&mut chunk[i]))
        });
        if let Some(o) = op {
            o.status = status;
            o.error = error.map(Box::new);
            o.ended = Some(at);
        }
        if self.len > MAX_OPERATIONS {
            let finished: Vec<u64> = self
                .all()
                .filter(|o| o.status != OpStatus::Running)
                .map(|o| o.id)
                .take(self.len - MAX_OPERATIONS / 2)
                .collect();
            for id in finished {
                self.forget(id);
            }
        }
    }

    /// Drops one operation (and its chunk once empty).
    fn forget(&mut self, id: u64) {
        let Ok(at) = self.chunk_at(id / OPS_PER_CHUNK) else {
            return;
        };
        let chunk = &mut self.chunks[at].1;
        if let Ok(i) = op_at(chunk, id) {
            Rc::make_mut(chunk).remove(i);
            self.len -= 1;
        }
        if chunk.is_empty() {
            self.chunks.remove(at);
        }
    }
}

/// Where operation `id` is in a chunk (`Err`: where it would go).
fn op_at(chunk: &[Rc<Operation>], id: u64) -> Result<usize, usize> {
    chunk.binary_search_by(|o| o.id.cmp(&id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_operations_are_kept_and_the_oldest_finished_are_forgotten() {
        let mut ops = Operations::default();
        let first = ops.start(OpKind::Create, "/a", SimTime(0), SimTime(1));
        assert_eq!(first, 1);
        let running = ops.start(OpKind::Delete, "/b", SimTime(0), SimTime(9));
        for i in 0..MAX_OPERATIONS as u64 {
            let id = ops.start(OpKind::Update, "/c", SimTime(i), SimTime(i + 1));
            ops.finish(id, OpStatus::Succeeded, None, SimTime(1));
        }
        ops.finish(first, OpStatus::Failed, None, SimTime(1));
        assert_eq!(ops.get(running).map(|o| o.status), Some(OpStatus::Running));
        assert!(ops.get(3).is_none(), "the oldest finished one is forgotten");
        let last = MAX_OPERATIONS as u64 + 2;
        assert_eq!(ops.get(last).map(|o| o.status), Some(OpStatus::Succeeded));
        assert!(ops.len <= MAX_OPERATIONS);
    }

    /// A chunk is made with room for all its operations, so filling it never reallocates.
    #[test]
    fn a_new_chunk_has_room_for_all_its_operations() {
        let mut ops = Operations::default();
        let first = ops.start(OpKind::Create, "/a", SimTime(0), SimTime(1));
        let room = |ops: &Operations| ops.chunks.first().map(|(_, c)| c.capacity());
        assert_eq!(room(&ops), Some(OPS_PER_CHUNK as usize));
        for _ in first..OPS_PER_CHUNK - 1 {
            ops.start(OpKind::Update, "/b", SimTime(0), SimTime(1));
        }
        assert_eq!(ops.chunks.len(), 1, "numbers 1 to 63 share the first chunk");
        assert_eq!(room(&ops), Some(OPS_PER_CHUNK as usize));
    }
}
