//! A counting global allocator for the allocation-budget tests: each test binary that
//! includes this module (`mod counting;`) counts its own allocations, while the core stays
//! `no_std` and free of unsafe code. Counts, not timings, so those tests are stable on any
//! machine; the timing budgets are checked by `cargo xtask bench`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static COUNT: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        COUNT.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        COUNT.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Allocations made by `f`. The test harness runs tests on several threads, so a binary using
/// this holds one test: nothing else allocates meanwhile.
pub fn allocations<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = COUNT.load(Ordering::SeqCst);
    let out = f();
    (COUNT.load(Ordering::SeqCst) - before, out)
}
