//! An announced batch (`Lab::expect_lines`, the browser's `runMany`) runs its lines as `run`
//! runs them one by one (the same outputs, the same world, the same saved session), but keeps
//! no copy of each line's requests, and only a failed line's outcome carries its events (the
//! one line a batch's summary shows). `line_wrote` answers in and out of a batch.

use hcsim_core::{Config, Timing};
use hcsim_lab::Lab;

fn lab() -> Lab {
    let mut c = Config::new(7);
    c.timing = Timing::Instant;
    Lab::new(c)
}

const LINES: [&str; 6] = [
    "az group create -n rg1 -l eastus",
    "az network vnet create -n v1 -g rg1 -o none",
    "az group show -n rg1",
    // Fails: no such group (a rejection with its event).
    "az network vnet create -n v2 -g nowhere -o none",
    "az network vnet create -n v3 -g rg1 -o none; az group show -n rg1",
    "az group delete -n rg1 --yes",
];

#[test]
fn a_batch_runs_its_lines_as_run_does_without_the_copies() {
    let (mut one, mut batch) = (lab(), lab());
    batch.expect_lines(LINES.len());
    for line in LINES {
        let a = one.run(line);
        let b = batch.run(line);
        assert_eq!(
            (a.ok, &a.output, a.status),
            (b.ok, &b.output, b.status),
            "{line}"
        );
        assert_eq!(one.line_wrote(), batch.line_wrote(), "{line}");
        assert!(batch.sent_requests().is_empty(), "{line}");
        if b.ok {
            assert!(
                b.events.is_empty(),
                "{line}: a succeeding batch line copies no events"
            );
        } else {
            // The failure the summary shows: its events as `run` gives them.
            assert!(!b.events.is_empty(), "{line}");
            assert_eq!(a.events, b.events, "{line}");
        }
    }
    batch.end_lines();
    assert_eq!(one.save(), batch.save());
    // After the batch, lines keep their copies again.
    let b = batch.run("az group create -n rg2 -l westus");
    assert!(b.ok && !b.events.is_empty() && !batch.sent_requests().is_empty());
}

#[test]
fn line_wrote_tells_a_write_from_a_read() {
    let mut l = lab();
    l.run("az group create -n rg1 -l eastus");
    assert!(l.line_wrote());
    l.run("az group show -n rg1");
    assert!(!l.line_wrote());
    l.expect_lines(2);
    l.run("az network vnet create -n v1 -g rg1 -o none");
    assert!(l.line_wrote());
    l.run("az network vnet list -g rg1");
    assert!(!l.line_wrote());
    l.end_lines();
}
