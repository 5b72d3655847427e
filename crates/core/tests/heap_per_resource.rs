//! Heap per resource of a built world: a counting global allocator (this test binary's own;
//! the core stays `no_std` and free of unsafe code) measures the live bytes a world of groups,
//! workspaces and their FHIR and DICOM services holds, as the bench's heap row builds it
//! (`crates/bench/src/world.rs`), and what a stored body costs packed against the same body
//! as a `serde_json::Value` tree. Bytes counted, not timed: stable on any machine.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use hcsim_core::id::ArmPath;
use hcsim_core::{Config, Input, Request, Timing, World};
use serde_json::json;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn must(w: &mut World, path: &ArmPath, body: serde_json::Value) {
    let out = w.apply(&Input::Request(Request::put(path.request_path(), body)));
    assert!(out.is_ok(), "{:?}", out.error());
}

/// `subs` subscriptions of ten groups, each a workspace with five FHIR and four DICOM services
/// (111 resources per subscription), as the bench builds its worlds.
fn build(subs: usize) -> World {
    let mut w = World::new(Config {
        timing: Timing::Instant,
        ..Config::new(1)
    });
    for s in 0..subs {
        let sub = format!("00000000-0000-0000-0000-{s:012}");
        let added = w.apply(&Input::AddSubscription {
            id: sub.clone(),
            name: format!("bench{s}"),
        });
        assert!(added.is_ok());
        for g in 0..10 {
            let rg = ArmPath::at_subscription(&sub).group(&format!("rg{g}"));
            must(&mut w, &rg, json!({"location": "eastus"}));
            let ws = rg.provider(
                "Microsoft.HealthcareApis",
                "workspaces",
                &format!("w{s}x{g}"),
            );
            must(&mut w, &ws, json!({"location": "eastus"}));
            for f in 0..5 {
                let id = ws.clone().child("fhirservices", &format!("fhir{f}"));
                must(&mut w, &id, json!({"kind": "fhir-R4"}));
            }
            for d in 0..4 {
                let id = ws.clone().child("dicomservices", &format!("dicom{d}"));
                must(&mut w, &id, json!({}));
            }
        }
    }
    w
}

#[test]
fn a_world_holds_its_resources_in_a_bounded_heap() {
    // The heap a resource adds: a world of 20 subscriptions less one of 10 (a new world's
    // fixed part, its directory and default subscription, cancels out).
    let heap_of = |subs| {
        let before = LIVE.load(Ordering::SeqCst);
        let w = build(subs);
        (LIVE.load(Ordering::SeqCst) - before, w)
    };
    let (small, small_world) = heap_of(10);
    let small_n = small_world.resource_count();
    drop(small_world);
    let (heap, w) = heap_of(20);
    let n = w.resource_count() - small_n;
    let per = (heap - small) / n;
    eprintln!(
        "{n} more resources: {} more bytes, {per} per resource",
        heap - small
    );
    // Measured at this stop: 2,355 B here, where the event log still holds every event of
    // these writes (it is bounded, so in the bench's 100k world it amortizes: 1,404 B per
    // resource there against the 1,536 B). About 2,600 B more per resource before
    // stored bodies were packed.
    assert!(
        per <= 2_560,
        "{per} bytes per resource (budget 2,560 in a world this small)"
    );

    // The stored bodies: packed, each a fraction of the same body as a Value tree.
    let store = w.store();
    let nodes: Vec<_> = store.roots().flat_map(|r| store.pre_order(r)).collect();
    let packed: usize = nodes
        .iter()
        .filter_map(|&i| store.res(i))
        .map(|r| r.body.packed_len())
        .sum();
    let before = LIVE.load(Ordering::SeqCst);
    let trees: Vec<_> = nodes
        .iter()
        .filter_map(|&i| store.res(i).map(|r| r.body.value()))
        .collect();
    let as_trees = LIVE.load(Ordering::SeqCst) - before;
    drop(trees);
    eprintln!("bodies: {packed} bytes packed, {as_trees} as Value trees");
    assert!(
        packed * 4 < as_trees,
        "{packed} packed vs {as_trees} as trees"
    );
}
