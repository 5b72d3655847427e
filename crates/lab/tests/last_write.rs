//! A line's last write is kept once for its deferred equivalents: in the line's sent
//! requests when those are kept, else as a copy of its own. Either way the equivalents
//! rendered afterwards are those `run` renders with the line.

use hcsim_core::{Config, Timing};
use hcsim_lab::{EquivalentsMode, Lab};

fn lab() -> Lab {
    let mut c = Config::new(42);
    c.timing = Timing::Instant;
    Lab::new(c)
}

#[test]
fn deferred_equivalents_are_the_same_with_or_without_sent_requests() {
    let (mut shown, mut kept, mut bare) = (lab(), lab(), lab());
    kept.set_equivalents(EquivalentsMode::Deferred);
    bare.set_equivalents(EquivalentsMode::Deferred);
    bare.set_keep_sent(false);
    let lines = [
        "az group create --name rg1 --location eastus",
        "az group create -n rg2 -l westus",
        "az network vnet create -n v1 -g rg2 -o none",
        // A read-only line sent no write: nothing to render.
        "az group show -n rg1",
        "az group delete -n rg1 --yes",
    ];
    for line in lines {
        let a = shown.run(line);
        let b = kept.run(line);
        let c = bare.run(line);
        assert_eq!((a.ok, &a.output), (b.ok, &b.output), "{line}");
        assert_eq!((a.ok, &a.output), (c.ok, &c.output), "{line}");
        let want = a.equivalents.clone();
        assert_eq!(kept.last_write_equivalents(line), want, "{line}");
        assert_eq!(bare.last_write_equivalents(line), want, "{line}");
        assert!(bare.sent_requests().is_empty(), "{line}");
    }
}
