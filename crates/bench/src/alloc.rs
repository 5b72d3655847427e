//! A counting global allocator: live bytes, the peak since the last reset, and the number of
//! allocations, so heap figures come from the same run as the timings. Underneath it is the
//! allocator the `hcsim` binary ships with (mimalloc, version 2, default options: see
//! `tui/src/main.rs`), so the timed rows measure the heap users run on: at a million
//! resources the allocator decides how the heap's pages are laid out (mimalloc's aligned
//! arenas get transparent huge pages where the system's heap does not), and the scaling row's
//! big world is TLB misses before anything else.
//!
//! The options stay mimalloc's defaults on purpose (measured at the seventh stop, issue 14):
//! the requests-per-second row's page faults (about 175 in all, the same with a run 40 times
//! longer) are the first touch of memory the world keeps growing into (its event log and
//! operations table fill up to their bounds), not freed memory given back and faulted in
//! again, so `purge_delay=-1` (never return freed memory), `purge_decommits=0` (reset
//! instead of decommit) and `arena_eager_commit=0` changed nothing, and `allow_thp=0` (no
//! transparent huge pages) made the row slower and the fault count 4,380.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering};

use mimalloc::MiMalloc;

/// Forwards every call to mimalloc (as `hcsim` does) and counts.
pub struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static COUNT: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is forwarded unchanged to mimalloc; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        COUNT.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { MiMalloc.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { MiMalloc.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size >= layout.size() {
            grew(new_size - layout.size());
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        COUNT.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { MiMalloc.realloc(ptr, layout, new_size) }
    }
}

/// Bytes live on the heap now.
pub fn live() -> usize {
    LIVE.load(Ordering::Relaxed)
}

/// Allocations (and reallocations) so far.
pub fn count() -> usize {
    COUNT.load(Ordering::Relaxed)
}

/// Starts a new peak measurement at the current live bytes.
pub fn reset_peak() {
    PEAK.store(live(), Ordering::Relaxed);
}

/// The highest live bytes since the last [`reset_peak`].
pub fn peak() -> usize {
    PEAK.load(Ordering::Relaxed)
}
