//! The byte-level bodies of the fuzz targets (`fuzz/`), shared with the normal test suite so
//! that every input a campaign found to crash is replayed by `fuzz_regressions.rs` through
//! exactly the code the fuzzer ran. Each takes any bytes and must not panic.

use hcsim_core::id::ArmPath;
use hcsim_core::{Config, Input, Output, Request, Timing, World};
use hcsim_lab::Lab;
use hcsim_lab::scenario::{RunOptions, parse_scenario, run_scenario};
use serde_json::{Value, json};

/// Saves `lab`, loads the text back, and checks the loaded session has the same trace and
/// saves to the same text.
pub fn check_round_trip(lab: &Lab) {
    let text = lab.save();
    let back = match Lab::load(&text) {
        Ok(l) => l,
        Err(e) => panic!("a saved session must load: {}", e.0),
    };
    assert_eq!(
        back.world().trace_hash_hex(),
        lab.world().trace_hash_hex(),
        "replaying a saved session gives the same trace"
    );
    assert_eq!(back.save(), text, "a loaded session saves to the same text");
}

/// `console_line`, text form: up to 16 lines typed into a lab seeded `seed`, then the
/// save/load round trip.
pub fn console_text(seed: u8, text: &[u8]) {
    let text = String::from_utf8_lossy(text);
    let mut lab = Lab::new(Config::new(u64::from(seed)));
    for line in text.lines().take(16) {
        lab.run(line);
    }
    check_round_trip(&lab);
}

/// `scenario_file`: any text parsed as a scenario; one that parses (and is short) is played
/// with its solution, with no files beside it.
pub fn scenario_text(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(s) = parse_scenario(text, "fuzz.json") else {
        return;
    };
    if s.steps.len() + s.solution.len() > 64 {
        return;
    }
    let opts = RunOptions {
        seed: Some(7),
        play_solution: true,
    };
    let _ = run_scenario(&s, &opts, &|_| Err("no files in the fuzzer".into()));
}

/// `session_snapshot`: any text loaded as a session; one that loads must round-trip.
pub fn snapshot_text(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(lab) = Lab::load(text) {
        check_round_trip(&lab);
    }
}

/// A world with rg1 (eastus).
pub fn world_with_group(seed: u64, instant: bool) -> World {
    let mut w = World::new(Config {
        timing: if instant {
            Timing::Instant
        } else {
            Timing::Realistic
        },
        ..Config::new(seed)
    });
    let rg = ArmPath::at_subscription("11111111-1111-1111-1111-111111111111").group("rg1");
    w.apply(&Input::Request(Request::put(
        rg.request_path(),
        json!({"location": "eastus"}),
    )));
    w
}

/// `arm_template`: a template (with its parameters, mode and timing) deployed through the
/// core: a what-if, then the PUT of the deployment, waited for.
pub fn deploy_template(template: Value, parameters: Value, complete: bool, instant: bool) {
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
    w.apply(&Input::Request(Request::post(
        what_if.request_path(),
        body.clone(),
    )));
    if let Output::Response(r) = w.apply(&Input::Request(Request::put(d.request_path(), body)))
        && let Some(op) = r.operation
    {
        w.apply(&Input::Wait { operation: op });
    }
}

/// `arm_template`, text form: the bytes as a template's JSON text.
pub fn template_text(data: &[u8]) {
    if let Ok(v) = serde_json::from_slice::<Value>(data) {
        deploy_template(v, Value::Null, false, true);
    }
}

/// `serve_request`: raw bytes to `hcsim serve`'s request handler (the whole server but the
/// socket and TLS), as up to 8 requests split at `0xFF` (a byte HTTP never sends), so a
/// create can be followed by reads of it. A request whose first byte is odd carries a valid
/// token of the trainee (spliced in after the request line), so the fuzzer reaches the ARM
/// routes, not only the 401. Every input must get an HTTP/1.1 answer, never a panic.
pub fn serve_bytes(data: &[u8]) {
    let mut sim = hcsim_serve::Sim::offline(7);
    let token = hcsim_serve::identity::token_for(&sim, hcsim_core::world::TRAINEE)
        .expect("the trainee is in the default directory");
    for chunk in data.split(|b| *b == 0xFF).take(8) {
        let Some((first, raw)) = chunk.split_first() else {
            continue;
        };
        let bytes = if first % 2 == 1 {
            with_token(raw, &token)
        } else {
            raw.to_vec()
        };
        let out = hcsim_serve::handle_bytes(&mut sim, &bytes);
        assert!(
            out.starts_with(b"HTTP/1.1 "),
            "every request gets an HTTP answer: {}",
            String::from_utf8_lossy(&out[..out.len().min(80)])
        );
    }
}

/// `raw` with an `Authorization: Bearer` header after its first line (or alone if it has
/// no line break).
fn with_token(raw: &[u8], token: &str) -> Vec<u8> {
    let header = format!("Authorization: Bearer {token}\r\n");
    let at = raw
        .windows(2)
        .position(|w| w == b"\r\n")
        .map_or(raw.len(), |i| i + 2);
    let mut out = raw[..at].to_vec();
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(&raw[at..]);
    out
}
