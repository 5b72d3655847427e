//! The module's allocator in the browser: free lists of small blocks in front of the default
//! (dlmalloc). The lab is allocation-bound (a 10k-resource fill spends about an eighth of its
//! time in dlmalloc's `malloc`/`free`), and most of its blocks are small and short-lived: a
//! block of at most [`SMALL`] bytes is taken from, and given back to, a singly linked list of
//! blocks of its size class, which costs a few instructions instead of dlmalloc's bin
//! bookkeeping. Larger blocks go to dlmalloc unchanged.
//!
//! A small block is never returned to dlmalloc: it waits in its list for the next block of its
//! class. Wasm memory never shrinks anyway, so this only keeps a freed small block from being
//! reused for another size. The module runs on one thread (no `atomics` target feature), so
//! the lists need no lock.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;
use core::ptr;
use std::alloc::System;

/// The largest block served from the lists, in bytes.
const SMALL: usize = 256;
/// The step between size classes (and the alignment every small block gets).
const STEP: usize = 16;
/// Size classes: 16, 32, …, [`SMALL`] bytes.
const CLASSES: usize = SMALL / STEP;
/// Bytes taken from dlmalloc at a time and cut into small blocks of one class.
const CHUNK: usize = 16 * 1024;

/// The allocator (see the module's text).
pub(crate) struct SmallFirst {
    /// Per class, the first free block (each free block holds the address of the next).
    free: UnsafeCell<[*mut u8; CLASSES]>,
    /// The part of the last chunk not cut into blocks yet: its start and end.
    bump: UnsafeCell<(*mut u8, *mut u8)>,
}

// SAFETY: wasm32-unknown-unknown without the `atomics` feature runs this module on one thread,
// so the cells are never touched by two threads.
unsafe impl Sync for SmallFirst {}

impl SmallFirst {
    /// An allocator with empty lists.
    pub(crate) const fn new() -> SmallFirst {
        SmallFirst {
            free: UnsafeCell::new([ptr::null_mut(); CLASSES]),
            bump: UnsafeCell::new((ptr::null_mut(), ptr::null_mut())),
        }
    }
}

impl Default for SmallFirst {
    fn default() -> SmallFirst {
        SmallFirst::new()
    }
}

/// The size class of `layout`, when the lists serve it.
fn class_of(layout: Layout) -> Option<usize> {
    let size = layout.size();
    (size != 0 && size <= SMALL && layout.align() <= STEP).then(|| (size - 1) / STEP)
}

impl SmallFirst {
    /// A new block of class `class`: cut from the current chunk, or from a new one.
    ///
    /// # Safety
    /// Only from `alloc` (one thread, no reentrancy).
    unsafe fn carve(&self, class: usize) -> *mut u8 {
        let size = (class + 1) * STEP;
        // SAFETY: one thread, and no reference into the cell outlives this function.
        let bump = unsafe { &mut *self.bump.get() };
        if (bump.1 as usize) - (bump.0 as usize) < size {
            // SAFETY: CHUNK is non-zero and STEP a power of two.
            let chunk = unsafe { System.alloc(Layout::from_size_align_unchecked(CHUNK, STEP)) };
            if chunk.is_null() {
                return chunk;
            }
            // The rest of the old chunk (less than one block of this class) is left unused.
            *bump = (chunk, chunk.wrapping_add(CHUNK));
        }
        let block = bump.0;
        bump.0 = block.wrapping_add(size);
        block
    }
}

// SAFETY: every block handed out is valid for its layout's size and alignment (a class's size
// is at least the request, blocks start STEP-aligned), and is handed out once until freed.
unsafe impl GlobalAlloc for SmallFirst {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(class) = class_of(layout) else {
            // SAFETY: the caller's contract, passed on.
            return unsafe { System.alloc(layout) };
        };
        // SAFETY: one thread; a free block's first word holds the next free block.
        unsafe {
            let free = &mut (*self.free.get())[class];
            let block = *free;
            if block.is_null() {
                return self.carve(class);
            }
            *free = block.cast::<*mut u8>().read();
            block
        }
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        let Some(class) = class_of(layout) else {
            // SAFETY: a large block came from System with this layout.
            return unsafe { System.dealloc(block, layout) };
        };
        // SAFETY: one thread; the block is at least STEP bytes and STEP-aligned, so it holds
        // the link.
        unsafe {
            let free = &mut (*self.free.get())[class];
            block.cast::<*mut u8>().write(*free);
            *free = block;
        }
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract: new_size rounded up to the alignment fits isize.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        match (class_of(layout), class_of(new_layout)) {
            // SAFETY: both large: dlmalloc's own realloc (it may grow in place).
            (None, None) => unsafe { System.realloc(block, layout, new_size) },
            // The same class: the block already has room.
            (Some(a), Some(b)) if a == b => block,
            _ => {
                // SAFETY: a new block, the smaller of the two sizes copied, the old one freed.
                unsafe {
                    let new = self.alloc(new_layout);
                    if !new.is_null() {
                        ptr::copy_nonoverlapping(block, new, layout.size().min(new_size));
                        self.dealloc(block, layout);
                    }
                    new
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_blocks_are_reused_by_their_class_and_keep_their_bytes() {
        let a = SmallFirst::new();
        let l24 = Layout::from_size_align(24, 8).unwrap();
        // SAFETY: blocks used within their layouts and freed with them.
        unsafe {
            let p = a.alloc(l24);
            let q = a.alloc(l24);
            assert_ne!(p, q, "two live blocks are distinct");
            assert_eq!(p as usize % STEP, 0, "small blocks are STEP-aligned");
            p.write_bytes(7, 24);
            let r = a.realloc(p, l24, 200);
            assert!((0..24).all(|i| *r.add(i) == 7), "realloc keeps the bytes");
            a.dealloc(q, l24);
            assert_eq!(
                a.alloc(l24),
                q,
                "a freed block serves the next of its class"
            );
            let big = Layout::from_size_align(4096, 8).unwrap();
            let b = a.alloc(big);
            assert!(!b.is_null());
            a.dealloc(b, big);
        }
    }
}
