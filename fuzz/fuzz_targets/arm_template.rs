//! ARM templates deployed through the core: a generated template (or raw JSON text) in a PUT
//! of `Microsoft.Resources/deployments`, a what-if, then the run waited for. Nothing may
//! panic, and a run must end.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use hcsim_fuzz::{Json, Template};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    // Odd first byte: the rest is a template's JSON text (the seed corpus: real templates).
    if first % 2 == 1 {
        hcsim_tests::fuzzing::template_text(rest);
        return;
    }
    let mut u = Unstructured::new(rest);
    let Ok(t) = Template::arbitrary(&mut u) else {
        return;
    };
    let parameters = Json::arbitrary(&mut u).map(|j| j.0).unwrap_or(Value::Null);
    let complete = u.arbitrary::<bool>().unwrap_or(false);
    let instant = u.arbitrary::<bool>().unwrap_or(true);
    hcsim_tests::fuzzing::deploy_template(t.0, parameters, complete, instant);
});
