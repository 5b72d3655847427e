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

/// Heap bytes the world's kept events and operation records hold, measured as what copies of
/// them allocate (a kept event owns what its copy owns; the log's chunks hold events inline
/// as the copy's vector does).
fn log_bytes(b: &Built) -> (usize, usize) {
    let before = crate::alloc::live();
    let events = b.world.events().to_vec();
    let events_b = crate::alloc::live().saturating_sub(before);
    drop(events);
    let before = crate::alloc::live();
    let ops: Vec<_> = b.world.operations().cloned().collect();
    let ops_b = crate::alloc::live().saturating_sub(before);
    drop(ops);
    (events_b, ops_b)
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

/// The rows measured on worlds of `sizes.small`, `sizes.mid` and `sizes.big` resources,
/// built one at a time (each dropped before the next, to bound memory).
pub fn rows(sizes: &Sizes) -> Vec<Row> {
    let mut small = build(sizes.small);
    let small_n = small.world.resource_count();
    let small_mixed = mixed(&mut small, sizes);
    drop(small);

    let before = crate::alloc::live();
    let mut mid = build(sizes.mid);
    let heap = crate::alloc::live()
        .saturating_sub(before)
        .saturating_sub(scaffold_bytes(&mut mid));
    let mid_n = mid.world.resource_count();
    let (events_b, ops_b) = log_bytes(&mid);
    eprintln!(
        "hcsim-bench: of that heap, the event log holds ~{} B/res ({} events) and the operation records ~{} B/res",
        events_b / mid_n.max(1),
        mid.world.events().len(),
        ops_b / mid_n.max(1)
    );
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

    let mut big = build(sizes.big);
    let big_n = big.world.resource_count();
    let big_mixed = mixed(&mut big, sizes);
    drop(big);

    let k = |n: usize| {
        if n >= 1000 {
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
                "request at {} ÷ at {} (issue: 1M; memory)",
                k(big_n),
                k(small_n)
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
