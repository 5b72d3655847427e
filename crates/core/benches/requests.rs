//! Request throughput of the core at ~1k and ~100k resources, and heap bytes per resource.
//!
//! The worlds are built with instant timing through `World::apply` only: many subscriptions
//! (10 workspaces each is the quota), each group holding one workspace with FHIR and DICOM
//! services. The load is mixed: mostly GETs of random existing resources by id with varied
//! case, some PATCHes of tags, LISTs of a workspace's services, and PUT/DELETE of resource
//! groups (a bounded ring, so the world keeps its size). Run with
//! `cargo bench -p hcsim-core -- --warm-up-time 1 --measurement-time 3`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicIsize, Ordering};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use hcsim_core::*;
use serde_json::json;

/// Counts live heap bytes (the bench binary may use std; the core itself stays `no_std`).
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

/// A small deterministic PRNG (xorshift) for picking requests.
struct Pick(u64);
impl Pick {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const FHIR_PER_WS: usize = 5;
const DICOM_PER_WS: usize = 4;
const GROUPS_PER_SUB: usize = 10;

struct Built {
    world: World,
    /// Every resource id a GET may ask for.
    ids: Vec<String>,
    /// Workspace ids (for PATCH and LIST).
    workspaces: Vec<String>,
}

fn must(w: &mut World, r: Request) {
    let out = w.apply(&Input::Request(r));
    assert!(out.is_ok(), "setup request failed: {:?}", out.error());
}

/// Builds a world of about `target` resources.
fn build(target: usize) -> Built {
    let mut w = World::new(Config {
        timing: Timing::Instant,
        ..Config::new(1)
    });
    let mut ids = Vec::new();
    let mut workspaces = Vec::new();
    let per_group = 2 + FHIR_PER_WS + DICOM_PER_WS;
    let subs = target.div_ceil(per_group * GROUPS_PER_SUB + 2);
    for s in 0..subs {
        let sub = format!("00000000-0000-0000-0000-{s:012}");
        let out = w.apply(&Input::AddSubscription {
            id: sub.clone(),
            name: format!("bench{s}"),
        });
        assert!(out.is_ok());
        for g in 0..GROUPS_PER_SUB {
            let rg = format!("/subscriptions/{sub}/resourceGroups/rg{g}");
            must(&mut w, Request::put(&rg, json!({"location": "eastus"})));
            let ws = format!("{rg}/providers/Microsoft.HealthcareApis/workspaces/w{s}x{g}");
            must(&mut w, Request::put(&ws, json!({"location": "eastus"})));
            ids.push(rg);
            for f in 0..FHIR_PER_WS {
                let id = format!("{ws}/fhirservices/fhir{f}");
                must(&mut w, Request::put(&id, json!({"kind": "fhir-R4"})));
                ids.push(id);
            }
            for d in 0..DICOM_PER_WS {
                let id = format!("{ws}/dicomservices/dicom{d}");
                must(&mut w, Request::put(&id, json!({})));
                ids.push(id);
            }
            ids.push(ws.clone());
            workspaces.push(ws);
        }
    }
    Built {
        world: w,
        ids,
        workspaces,
    }
}

/// Varied case: as printed, all lower, all upper (ARM compares ids case-insensitively).
fn vary(id: &str, k: u64) -> String {
    match k % 3 {
        0 => id.to_string(),
        1 => id.to_lowercase(),
        _ => id.to_uppercase(),
    }
}

/// The mixed load: one request per call.
struct Load {
    pick: Pick,
    churn: Vec<bool>,
}

impl Load {
    fn new() -> Load {
        Load {
            pick: Pick(0x9e37_79b9_7f4a_7c15),
            churn: vec![false; 64],
        }
    }

    fn request(&mut self, b: &Built) -> Request {
        let r = self.pick.below(100);
        match r {
            0..=79 => {
                let id = &b.ids[self.pick.below(b.ids.len())];
                Request::get(vary(id, self.pick.next()))
            }
            80..=87 => {
                let ws = &b.workspaces[self.pick.below(b.workspaces.len())];
                let target = if r.is_multiple_of(2) {
                    ws.clone()
                } else {
                    format!("{ws}/fhirservices/fhir0")
                };
                Request::patch(
                    target,
                    json!({"tags": {"n": (self.pick.next() % 1000).to_string()}}),
                )
            }
            88..=92 => {
                let ws = &b.workspaces[self.pick.below(b.workspaces.len())];
                Request::list(format!("{ws}/fhirservices"))
            }
            _ => {
                let slot = self.pick.below(self.churn.len());
                let rg = format!(
                    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/churn{slot}"
                );
                let exists = self.churn[slot];
                self.churn[slot] = !exists;
                if exists {
                    Request::delete(rg)
                } else {
                    Request::put(rg, json!({"location": "westus2"}))
                }
            }
        }
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("requests");
    group.throughput(Throughput::Elements(1));
    for (label, target) in [("1k", 1_000usize), ("100k", 100_000)] {
        let before = live();
        let mut built = build(target);
        let after = live();
        let n = built.world.resource_count();
        let events = built.world.events().len();
        let store_before = live();
        let store_copy = built.world.store().clone();
        let store_bytes = live() - store_before;
        drop(store_copy);
        eprintln!(
            "world {label}: {n} resources, {events} events; heap {:.1} MB = {} bytes/resource \
             (resource tree alone: {} bytes/resource; the rest is the event log, operations and indexes)",
            (after - before) as f64 / 1e6,
            (after - before) / n as isize,
            store_bytes / n as isize,
        );
        // Sanity: every id of the GET pool answers 200.
        for id in built.ids.iter().step_by(97) {
            let out = built
                .world
                .apply(&Input::Request(Request::get(vary(id, 2))));
            assert_eq!(out.status(), Some(200), "{id}");
        }
        let mut load = Load::new();
        group.bench_function(BenchmarkId::new("mixed", label), |b| {
            b.iter(|| {
                let req = load.request(&built);
                black_box(built.world.apply(&Input::Request(req)))
            })
        });
        let mut pick = Pick(7);
        group.bench_function(BenchmarkId::new("get", label), |b| {
            b.iter(|| {
                let id = &built.ids[pick.below(built.ids.len())];
                let req = Request::get(vary(id, pick.next()));
                black_box(built.world.apply(&Input::Request(req)))
            })
        });
        let mut pick = Pick(11);
        group.bench_function(BenchmarkId::new("patch-tags", label), |b| {
            b.iter(|| {
                let ws = &built.workspaces[pick.below(built.workspaces.len())];
                let req = Request::patch(ws, json!({"tags": {"n": "1"}}));
                black_box(built.world.apply(&Input::Request(req)))
            })
        });
        // checkNameAvailability for a service name scans every service URL (see the report).
        let check = "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.HealthcareApis/checkNameAvailability";
        group.bench_function(BenchmarkId::new("check-name", label), |b| {
            b.iter(|| {
                let req = Request::post(
                    check,
                    json!({"name": "fhir9", "type": "Microsoft.HealthcareApis/workspaces/fhirservices"}),
                );
                black_box(built.world.apply(&Input::Request(req)))
            })
        });
        // `built` (and its grown event log) is dropped here, before the next size.
        let _ = &mut built;
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
