//! The core's rows: a GET and the mixed load at 100k resources against the naive floor (a
//! `BTreeMap<String, Value>` keyed by lower-cased ids, measured in the same process), the
//! cost of a request as the world grows, heap per resource, and requests per second against
//! moto's in process.

use std::collections::BTreeMap;
use std::hint::black_box;

use hcsim_core::id::ArmPath;
use hcsim_core::{Config, Input, Request, Timing, World};
use serde_json::{Value, json};

use crate::measure::{Sizes, per_call};
use crate::table::{Budget, Figure, Row};
use crate::world::{Built, Load, Pick, build, vary};

/// Seconds per request of the mixed load on `b`.
fn mixed(b: &mut Built, sizes: &Sizes) -> f64 {
    let mut load = Load::new();
    // Warm-up: the churn ring fills, caches settle.
    for _ in 0..sizes.batch {
        let req = load.request(b);
        black_box(b.world.apply(&Input::Request(req)));
    }
    per_call(5, sizes.batch, || {
        let req = load.request(b);
        black_box(b.world.apply(&Input::Request(req)));
    })
}

/// Seconds per request of the mixed load on a small and a big world, measured in alternating
/// batches, each after a short untimed warm-up of its own world (the other world's batch has
/// just swept the caches): both figures are taken at the same moments of a shared machine,
/// so their ratio does not set one world's quiet minute against the other's busy one.
fn mixed_pair(small: &mut Built, big: &mut Built, sizes: &Sizes) -> (f64, f64) {
    load_pair(small, big, sizes, Load::new)
}

/// [`mixed_pair`] for any load.
///
/// Each timed batch applies requests the load built just before, untimed: the row is the
/// cost of a request to the core as the world grows. Building them in the timed loop (as
/// until the seventeenth stop) also timed the bench's own look-up of a random id among its
/// list of 1M strings and the copy of a cold workspace path, cache misses that grow with the
/// bench's list and that a client sending a request it already holds does not have (about a
/// fifth of the 1M side's extra time, measured with cachegrind).
fn load_pair(small: &mut Built, big: &mut Built, sizes: &Sizes, load: fn() -> Load) -> (f64, f64) {
    let (mut small_load, mut big_load) = (load(), load());
    let run = |b: &mut Built, load: &mut Load, n: usize| {
        for _ in 0..n {
            let req = load.request(b);
            black_box(b.world.apply(&Input::Request(req)));
        }
    };
    let timed = |b: &mut Built, load: &mut Load| {
        let inputs: Vec<Input> = (0..sizes.batch)
            .map(|_| Input::Request(load.request(b)))
            .collect();
        let mut next = inputs.iter();
        per_call(1, sizes.batch, || {
            if let Some(input) = next.next() {
                black_box(b.world.apply(input));
            }
        })
    };
    run(small, &mut small_load, sizes.batch);
    run(big, &mut big_load, sizes.batch);
    let (mut small_times, mut big_times) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        run(small, &mut small_load, sizes.batch / 10);
        small_times.push(timed(small, &mut small_load));
        run(big, &mut big_load, sizes.batch / 10);
        big_times.push(timed(big, &mut big_load));
    }
    let median = |mut t: Vec<f64>| {
        t.sort_by(f64::total_cmp);
        t[t.len() / 2]
    };
    (median(small_times), median(big_times))
}

/// Seconds per GET of a random existing resource in varied case.
fn get(b: &mut Built, sizes: &Sizes) -> f64 {
    let mut pick = Pick(7);
    per_call(5, sizes.batch, || {
        let id = &b.ids[pick.below(b.ids.len())];
        let req = Request::get(vary(id, pick.next()));
        black_box(b.world.apply(&Input::Request(req)));
    })
}

/// Seconds per GET whose body is then read (a caller printing it): what the GET defers
/// (the view's values merged into a copy of the shared body) is paid here. Reported, not
/// budgeted: the floor copies a body, and this is the same work plus the request.
fn get_and_read(b: &mut Built, sizes: &Sizes) -> f64 {
    let mut pick = Pick(7);
    per_call(5, sizes.batch, || {
        let id = &b.ids[pick.below(b.ids.len())];
        let req = Request::get(vary(id, pick.next()));
        if let hcsim_core::Output::Response(r) = b.world.apply(&Input::Request(req)) {
            black_box(r.body.is_object());
        }
    })
}

/// Heap bytes of the bench's own lists (ids and workspace paths), which a built world's
/// heap figure must not count: measured by dropping them and putting back a copy.
fn scaffold_bytes(b: &mut Built) -> usize {
    let (ids, workspaces) = (b.ids.clone(), b.workspaces.clone());
    let before = crate::alloc::live();
    drop(std::mem::replace(&mut b.ids, ids));
    drop(std::mem::replace(&mut b.workspaces, workspaces));
    before.saturating_sub(crate::alloc::live())
}

/// Where a built world's heap goes, per resource: the packed bodies (and what the same bodies
/// cost as `serde_json::Value` trees), the resources' own strings, the nodes with their
/// children maps, the event log and the operation records; the rest (indexes, RBAC, the
/// directory, the arena's slots) is what remains of `total`. Each part is measured by making
/// a copy of it under the counting allocator (a copy's allocations are the original's, give
/// or take a B-tree's fill).
fn heap_parts(w: &World, total: usize) -> String {
    let store = w.store();
    let nodes: Vec<_> = store.roots().flat_map(|r| store.pre_order(r)).collect();
    let n = nodes.len().max(1);
    let copied = |f: &dyn Fn() -> Box<dyn std::any::Any>| {
        let before = crate::alloc::live();
        let kept = f();
        let bytes = crate::alloc::live().saturating_sub(before);
        drop(kept);
        bytes
    };
    let packed: usize = nodes
        .iter()
        .filter_map(|&i| store.res(i))
        .map(|r| r.body.packed_len() + 16)
        .sum();
    let as_values = copied(&|| {
        let v: Vec<Value> = nodes
            .iter()
            .filter_map(|&i| store.res(i).map(|r| r.body.value()))
            .collect();
        Box::new(v)
    })
    .saturating_sub(n * std::mem::size_of::<Value>());
    let strings: usize = nodes
        .iter()
        .filter_map(|&i| store.res(i))
        .map(|r| {
            r.id.capacity()
                + r.name.capacity()
                + r.type_name.heap_len()
                + r.created_by.capacity()
                + r.location.as_ref().map_or(0, String::capacity)
        })
        .sum();
    let node_structs = n * (std::mem::size_of::<hcsim_core::store::Node>() + 16 + 8);
    let children = copied(&|| {
        let v: Vec<_> = nodes
            .iter()
            .filter_map(|&i| store.node(i).map(|x| x.children.clone()))
            .collect();
        Box::new(v)
    })
    .saturating_sub(n * std::mem::size_of::<BTreeMap<String, u32>>());
    let events = copied(&|| Box::new(w.events().iter().cloned().collect::<Vec<_>>()));
    let ops = copied(&|| Box::new(w.operations().cloned().collect::<Vec<_>>()));
    let accounted = packed + strings + node_structs + children + events + ops;
    let per = |x: usize| x / n;
    format!(
        "heap per resource {}: bodies {} packed (as Value trees {}), resource strings {}, \
         Node structs {}, children maps {}, events {} ({} events), operations {}, rest {}",
        per(total),
        per(packed),
        per(as_values),
        per(strings),
        per(node_structs),
        per(children),
        per(events),
        w.events().len(),
        per(ops),
        per(total.saturating_sub(accounted)),
    )
}

/// The naive floor: the same varied ids, lower-cased and looked up in a
/// `BTreeMap<String, Value>` of the stored bodies, the body copied out as a naive GET would.
fn floor(b: &Built, sizes: &Sizes) -> f64 {
    let map: BTreeMap<String, Value> = b
        .ids
        .iter()
        .map(|id| (id.to_lowercase(), b.world.view(id).unwrap_or(Value::Null)))
        .collect();
    let mut pick = Pick(7);
    per_call(5, sizes.batch, || {
        let id = &b.ids[pick.below(b.ids.len())];
        let key = vary(id, pick.next()).to_lowercase();
        black_box(map.get(&key).cloned());
    })
}

/// The rows measured on worlds of `sizes.small`, `sizes.mid` and `sizes.big` resources (the
/// mid and big ones built one at a time, each dropped before the next, to bound memory; the
/// small one kept for the scaling row's alternating batches).
pub fn rows(sizes: &Sizes) -> Vec<Row> {
    let mut small = build(sizes.small);
    let small_n = small.world.resource_count();

    let before = crate::alloc::live();
    let mut mid = build(sizes.mid);
    let heap = crate::alloc::live()
        .saturating_sub(before)
        .saturating_sub(scaffold_bytes(&mut mid));
    let mid_n = mid.world.resource_count();
    eprintln!("hcsim-bench: {}", heap_parts(&mid.world, heap));
    let floor_s = floor(&mid, sizes);
    let allocs = crate::alloc::count();
    let get_s = get(&mut mid, sizes);
    let per_get = (crate::alloc::count() - allocs) / (5 * sizes.batch);
    eprintln!(
        "hcsim-bench: a GET at {mid_n} resources allocates {per_get} times (request included)"
    );
    let read_s = get_and_read(&mut mid, sizes);
    eprintln!(
        "hcsim-bench: a GET whose body is then read: {:.2} µs (the floor: {:.2} µs)",
        read_s * 1e6,
        floor_s * 1e6
    );
    let mid_mixed = mixed(&mut mid, sizes);
    drop(mid);

    crate::alloc::reset_peak();
    let mut big = build(sizes.big);
    let big_n = big.world.resource_count();
    let (small_mixed, big_mixed) = mixed_pair(&mut small, &mut big, sizes);
    drop(big);
    drop(small);
    let big_peak = crate::alloc::peak();

    let k = |n: usize| {
        if n >= 1_000_000 {
            format!("{}M", n / 1_000_000)
        } else if n >= 1000 {
            format!("{}k", n / 1000)
        } else {
            n.to_string()
        }
    };
    vec![
        Row::new(
            format!("GET at {} ÷ BTreeMap<String,_> floor", k(mid_n)),
            Figure::seconds(get_s),
            Figure::seconds(floor_s),
            Budget::RatioAtMost(1.0),
        ),
        Row::new(
            format!("mixed requests at {} ÷ floor", k(mid_n)),
            Figure::seconds(mid_mixed),
            Figure::seconds(floor_s),
            Budget::RatioAtMost(2.0),
        ),
        Row::new(
            format!(
                "request at {} ÷ at {} (peak heap {:.1} GB)",
                k(big_n),
                k(small_n),
                big_peak as f64 / 1e9
            ),
            Figure::seconds(big_mixed),
            Figure::seconds(small_mixed),
            Budget::RatioAtMost(2.0),
        ),
        Row {
            ratio_unit: " B/res",
            ..Row::new(
                format!("heap per resource ({} world)", k(mid_n)),
                Figure::bytes(heap as f64),
                Figure::Value(mid_n as f64, "res"),
                Budget::RatioAtMost(1536.0),
            )
        },
    ]
}

/// The scaling row alone (`--only scale`: profiling and A/B runs): the small and the big
/// world built, nothing else, and the same alternating batches as in [`rows`].
pub fn scale_rows(sizes: &Sizes) -> Vec<Row> {
    let mut small = build(sizes.small);
    crate::alloc::reset_peak();
    let mut big = build(sizes.big);
    let (small_mixed, big_mixed) = mixed_pair(&mut small, &mut big, sizes);
    let peak = crate::alloc::peak();
    let (small_get, big_get) = load_pair(&mut small, &mut big, sizes, Load::gets);
    vec![
        Row::new(
            "the same load's GETs alone, big ÷ small world",
            Figure::seconds(big_get),
            Figure::seconds(small_get),
            Budget::Report,
        ),
        Row::new(
            format!(
                "request at {} ÷ at {} resources (peak heap {:.1} GB)",
                big.world.resource_count(),
                small.world.resource_count(),
                peak as f64 / 1e9
            ),
            Figure::seconds(big_mixed),
            Figure::seconds(small_mixed),
            Budget::RatioAtMost(2.0),
        ),
    ]
}

/// Requests per second of the core on moto's mix: PUT a group, GET it, LIST the
/// subscription's groups, DELETE it (instant timing, the default session).
pub fn requests_per_second(sizes: &Sizes) -> f64 {
    let mut w = World::new(Config {
        timing: Timing::Instant,
        ..Config::new(1)
    });
    let sub = w.current_subscription().to_string();
    let list = ArmPath::at_subscription(&sub)
        .collection("resourcegroups")
        .request_path();
    let mut n = 0u64;
    let per_cycle = per_call(5, sizes.batch / 4, || {
        let rg = ArmPath::at_subscription(&sub)
            .group(&format!("bench{}", n % 64))
            .request_path();
        n += 1;
        for r in [
            Request::put(rg.clone(), json!({"location": "eastus"})),
            Request::get(rg.clone()),
            Request::list(list.clone()),
            Request::delete(rg),
        ] {
            black_box(w.apply(&Input::Request(r)));
        }
    });
    4.0 / per_cycle
}
