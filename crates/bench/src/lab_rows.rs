//! The lab's rows: undo at step 10k against undo at step 1k, loading a saved session against
//! applying its inputs directly (time and peak heap), and the native side of the fill row
//! (the lines the browser row fills, run through the lab natively).

use hcsim_core::id::ArmPath;
use hcsim_core::{Config, Input, Request, Session, Timing, World};
use hcsim_lab::{EquivalentsMode, Lab};
use serde_json::json;

use crate::measure::{Sizes, once};
use crate::table::{Budget, Figure, Row};

fn instant() -> Config {
    Config {
        timing: Timing::Instant,
        ..Config::new(1)
    }
}

/// Groups the undo session spreads its virtual networks over (a group holds any number, but
/// the tree stays as people build it).
const VNETS_PER_GROUP: usize = 500;

/// A console session of `n` lines that each create something, then the mean seconds of
/// `undos` undos from its end.
fn undo_at(n: usize, undos: usize) -> f64 {
    let mut lab = Lab::new(instant());
    for i in 0..n {
        let g = i / VNETS_PER_GROUP;
        if i % VNETS_PER_GROUP == 0 {
            let made = lab.run(&format!("az group create -n undo{g} -l eastus -o none"));
            assert!(made.ok, "{}", made.output);
        }
        let made = lab.run(&format!(
            "az network vnet create -g undo{g} -n vnet{i} -o none"
        ));
        assert!(made.ok, "{}", made.output);
    }
    let (s, ()) = once(|| {
        for _ in 0..undos {
            assert!(lab.undo().is_some());
        }
    });
    s / undos.max(1) as f64
}

/// The undo row.
pub fn undo_row(sizes: &Sizes) -> Row {
    let (small, big, undos) = sizes.undo;
    let at_small = undo_at(small, undos);
    let at_big = undo_at(big, undos);
    Row::new(
        format!("undo at step {big} ÷ at step {small} (mean of {undos})"),
        Figure::seconds(at_big),
        Figure::seconds(at_small),
        Budget::RatioAtMost(2.0),
    )
}

/// Inputs per step of the saved session (so 250k inputs stay under `Session::MAX_STEPS`).
const INPUTS_PER_STEP: usize = 4;

/// A saved session of `inputs` inputs: tag updates of 500 groups, in steps of four.
fn saved_session(inputs: usize) -> String {
    let mut s = Session::new(instant());
    let sub = s.world().current_subscription().to_string();
    for step in 0..inputs.div_ceil(INPUTS_PER_STEP) {
        for k in 0..INPUTS_PER_STEP {
            let i = step * INPUTS_PER_STEP + k;
            let rg = ArmPath::at_subscription(&sub)
                .group(&format!("load{}", i % 500))
                .request_path();
            let body = json!({"location": "eastus", "tags": {"n": i.to_string()}});
            s.apply("az group update", Input::Request(Request::put(rg, body)));
        }
        s.commit();
    }
    s.save()
}

/// The two load rows: time of `Session::load` ÷ applying the same inputs to a world
/// directly, and the peak heap while loading.
pub fn load_rows(sizes: &Sizes) -> Vec<Row> {
    let text = saved_session(sizes.load_inputs);
    let snapshot: hcsim_core::Snapshot =
        serde_json::from_str(&text).expect("the bench's own session parses");
    let inputs: Vec<Input> = snapshot
        .steps
        .iter()
        .flat_map(|s| s.inputs.iter())
        .collect();
    let (direct_s, world) = once(|| {
        let mut w = World::new(instant());
        for input in &inputs {
            w.apply(input);
        }
        w
    });
    let hash = world.trace_hash();
    drop((world, inputs));
    crate::alloc::reset_peak();
    let before = crate::alloc::live();
    let (load_s, loaded) = once(|| Session::load(&text));
    let peak = crate::alloc::peak().saturating_sub(before);
    let loaded = loaded.expect("the bench's own session loads");
    assert_eq!(
        loaded.world().trace_hash(),
        hash,
        "load replays the same world"
    );
    let n = sizes.load_inputs;
    vec![
        Row::new(
            format!(
                "load a {}k-input session ÷ apply directly (issue: 400k; 250k is Session::MAX_INPUTS, the most a session holds)",
                n / 1000
            ),
            Figure::seconds(load_s),
            Figure::seconds(direct_s),
            Budget::RatioAtMost(2.0),
        ),
        Row {
            ratio_unit: " B/input",
            ..Row::new(
                format!("peak heap loading the {}k-input session", n / 1000),
                Figure::bytes(peak as f64),
                Figure::Value(n as f64, "inputs"),
                Budget::AAtMost(300.0, "MB"),
            )
        },
    ]
}

/// The fill's lines, exactly as `web/tests/bench.mjs` sends them to `runMany`: instant timing,
/// then `groups` groups, each with `vnets` virtual networks, every line with `-o none`.
pub fn fill_lines(groups: usize, vnets: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(1 + groups * (vnets + 1));
    out.push("sim timing instant".to_owned());
    for g in 0..groups {
        out.push(format!("az group create -n rg{g} -l eastus -o none"));
        for v in 0..vnets {
            out.push(format!(
                "az network vnet create -n vnet{v} -g rg{g} -o none"
            ));
        }
    }
    out
}

/// Fills run by the fill row on each side; the least is its figure (a run slowed by the
/// shared machine does not decide the row). `web/tests/bench.mjs` takes the least of as many.
pub const FILL_RUNS: usize = 5;

/// CPU seconds the lab takes natively to run the fill's lines in a fresh default session, the
/// least of [`FILL_RUNS`] fills. The same work as the browser's `runMany`: the lab renders no
/// equivalents while filling (the page's start module renders none; the full module's
/// `runMany` defers them to its first failure), and the batch is announced as `runMany`
/// announces it (`Lab::expect_lines`: the history's checkpoints, no copy of each line's
/// requests and events).
pub fn fill_native(sizes: &Sizes) -> f64 {
    let lines = fill_lines(sizes.fill.0, sizes.fill.1);
    (0..FILL_RUNS)
        .map(|_| {
            let mut lab = Lab::new(Config::new(1));
            lab.set_equivalents(EquivalentsMode::Deferred);
            let (secs, ()) = once(|| {
                lab.expect_lines(lines.len());
                for l in &lines {
                    let o = lab.run(l);
                    assert!(o.ok, "{l}: {}", o.output);
                }
                lab.end_lines();
            });
            // The session is dropped outside the timing, as the page keeps its session.
            drop(lab);
            secs
        })
        .fold(f64::INFINITY, f64::min)
}

/// Heap allocations (and reallocations) per line of one fill, as [`fill_native`] runs it
/// (the counting allocator; deterministic, so a change shows without timing noise).
pub fn fill_allocations_per_line(sizes: &Sizes) -> f64 {
    let lines = fill_lines(sizes.fill.0, sizes.fill.1);
    let mut lab = Lab::new(Config::new(1));
    lab.set_equivalents(EquivalentsMode::Deferred);
    let before = crate::alloc::count();
    lab.expect_lines(lines.len());
    for l in &lines {
        let o = lab.run(l);
        assert!(o.ok, "{l}: {}", o.output);
    }
    lab.end_lines();
    let count = crate::alloc::count() - before;
    count as f64 / lines.len() as f64
}
