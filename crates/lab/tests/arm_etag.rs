//! az healthcareapis `--etag`: sent in the PUT body as az sends it (azure-cli-extensions
//! src/healthcareapis `manual/custom.py` builds `{'etag': etag, …}`); a stale etag is refused
//! by the service with 412 PreconditionFailed, the current one goes through.

use hcsim_core::{Config, Stage, Timing};
use hcsim_lab::Lab;
use serde_json::Value;

mod support;
use support::ok;

#[test]
fn etag_flag_is_a_precondition() {
    let mut lab = Lab::new(Config {
        seed: 3,
        timing: Timing::Realistic,
        stage: Stage::Ga,
    });
    ok(&mut lab, "az group create -n rg1 -l eastus");
    ok(&mut lab, "az healthcareapis workspace create -g rg1 -n ws1");
    let o = lab.run("az healthcareapis workspace create -g rg1 -n ws1 --etag stale");
    assert!(!o.ok);
    assert_eq!(o.status, Some(412));
    assert_eq!(o.code.as_deref(), Some("PreconditionFailed"));
    assert_eq!(o.rule.as_deref(), Some("etag-precondition"));
    let shown = ok(&mut lab, "az healthcareapis workspace show -g rg1 -n ws1");
    let v: Value = serde_json::from_str(&shown.output).unwrap();
    let etag = v["etag"].as_str().unwrap().to_string();
    let again = ok(
        &mut lab,
        &format!("az healthcareapis workspace create -g rg1 -n ws1 --etag {etag}"),
    );
    let v: Value = serde_json::from_str(&again.output).unwrap();
    assert_ne!(v["etag"], Value::String(etag), "the write gave a new etag");
}
