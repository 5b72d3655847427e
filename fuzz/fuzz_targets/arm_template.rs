//! ARM templates deployed through the core: a generated template (or raw JSON text) in a PUT
//! of `Microsoft.Resources/deployments`, a what-if, then the run waited for. Nothing may
//! panic, and a run must end.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use hcsim_core::id::ArmPath;
use hcsim_core::{Input, Output, Request};
use hcsim_fuzz::{Json, Template, world_with_group};
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    // Odd first byte: the rest is a template's JSON text (the seed corpus: real templates).
    let (template, parameters, complete, instant) = if first % 2 == 1 {
        match serde_json::from_slice::<Value>(rest) {
            Ok(v) => (v, Value::Null, false, true),
            Err(_) => return,
        }
    } else {
        let mut u = Unstructured::new(rest);
        let Ok(t) = Template::arbitrary(&mut u) else {
            return;
        };
        let parameters = Json::arbitrary(&mut u).map(|j| j.0).unwrap_or(Value::Null);
        let complete = u.arbitrary::<bool>().unwrap_or(false);
        (t.0, parameters, complete, u.arbitrary::<bool>().unwrap_or(true))
    };
    let mut w = world_with_group(3, instant);
    let d = ArmPath::at_subscription("11111111-1111-1111-1111-111111111111")
        .group("rg1")
        .provider("Microsoft.Resources", "deployments", "fuzz");
    let body = json!({"properties": {
        "mode": if complete { "Complete" } else { "Incremental" },
        "template": template,
        "parameters": parameters,
    }});
    let what_if = d.clone().collection("whatIf");
    w.apply(&Input::Request(Request::post(what_if.request_path(), body.clone())));
    if let Output::Response(r) = w.apply(&Input::Request(Request::put(d.request_path(), body)))
        && let Some(op) = r.operation
    {
        w.apply(&Input::Wait { operation: op });
    }
});
